// Event builders for the renderer's unit tests: a run's events as the engine would send them.
import type {
  EngineEvent,
  PrintEvent,
  RunEndEvent,
  RunSpec,
  RunStartEvent,
  SampleEvent,
  StateEvent,
  TaskState,
  UnitEvent,
} from '../../../src/core/contract';

export function spec(overrides: Partial<RunSpec> = {}): RunSpec {
  return {
    lesson: 'threading',
    workload: 'print-sleep',
    executor: 'threads',
    tasks: 1,
    steps: 10,
    stepMs: 200,
    fault: null,
    joinMessage: 'Thread execution complete!',
    ...overrides,
  };
}

export function start(runId = 1, overrides: Partial<RunSpec> = {}): RunStartEvent {
  return { kind: 'run-start', runId, spec: spec(overrides), cores: 2, wallStart: 1_700_000_000_000 };
}

export function state(t: number, task: number, value: TaskState, runId = 1, detail?: string): StateEvent {
  return { kind: 'state', runId, t, task, state: value, ...(detail !== undefined ? { detail } : {}) };
}

export function print(t: number, task: number, text: string, runId = 1): PrintEvent {
  return { kind: 'print', runId, t, task, text };
}

export function unit(t: number, index: number, tasks: number[], pid: number, runId = 1): UnitEvent {
  return { kind: 'unit', runId, t, unit: index, unitKind: 'thread', mode: 'single', tasks, pid };
}

export function sample(t: number, cores: number[], runId: number | null = 1): SampleEvent {
  return { kind: 'sample', runId, t, cores, steal: cores.map(() => 0), self: 0.05, selfCovers: 'engine', tasks: [] };
}

export function end(t: number, status: RunEndEvent['status'] = 'done', runId = 1): RunEndEvent {
  return { kind: 'run-end', runId, t, status, cpuMs: 3 };
}

/** The threading lesson: 1 task printing 1..n with sleeps, then the join line. */
export function lessonRun(steps = 10, stepMs = 200, runId = 1): EngineEvent[] {
  const events: EngineEvent[] = [start(runId), state(0, 0, 'ready', runId), unit(1, 0, [0], 4242, runId)];
  let t = 40;
  events.push(state(t, 0, 'running', runId));
  for (let step = 1; step <= steps; step++) {
    events.push(print(t + 0.1, 0, String(step), runId), state(t + 0.2, 0, 'sleeping', runId));
    t += stepMs;
    events.push(state(t, 0, 'running', runId));
  }
  events.push(state(t + 0.1, 0, 'done', runId), print(t + 1, -1, 'Thread execution complete!', runId));
  events.push(end(t + 2, 'done', runId));
  return events;
}
