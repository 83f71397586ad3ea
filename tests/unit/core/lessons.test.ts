// The lesson library is data: check it is consistent, runs on any machine, and that captions
// say what was measured — including when the measurement is not what the lesson expects.
import { describe, expect, it } from 'vitest';
import {
  chooseCaption,
  fillTemplate,
  type Caption,
  type LessonMeasure,
  type RunMeasure,
} from '../../../src/core/captions';
import { MAIN_TASK, type EngineEvent, type RunSpec, type SampleEvent } from '../../../src/core/contract';
import { LESSONS, lessonInfo } from '../../../src/core/lessons';
import { measureRun, otherWork } from '../../../src/core/measure';
import { resolveRunRequest } from '../../../src/core/validate';

const run = (id: string, fields: Partial<RunMeasure>): RunMeasure => ({
  id,
  wallMs: 1000,
  cpuMs: null,
  startupMs: null,
  speedup: null,
  tasks: 2,
  otherCores: null,
  ...fields,
});

describe('the lesson library', () => {
  it.each([1, 2, 8])('every lesson run is a valid request on a %i-core machine', (cores) => {
    for (const lesson of LESSONS) {
      const info = lessonInfo(lesson, cores, true);
      expect(info.runs.length, lesson.id).toBeGreaterThan(0);
      for (const { request } of info.runs)
        expect(resolveRunRequest(request, cores), `${lesson.id}`).toMatchObject({ ok: true });
    }
  });

  it('ids are unique; questions are two sentences ending in a question; references point at real runs', () => {
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
    for (const lesson of LESSONS) {
      expect(lesson.question.split(/(?<=[.?])\s+/), lesson.id).toHaveLength(2);
      expect(lesson.question.endsWith('?'), lesson.id).toBe(true);
      const ids = new Set(lesson.runs.map((r) => r.id));
      if (lesson.baseline) expect(ids.has(lesson.baseline), lesson.id).toBe(true);
      if (lesson.predict) expect(ids.has(lesson.predict.run), lesson.id).toBe(true);
      const texts = [lesson.captions.before, ...lesson.captions.after.map((c) => c.text)];
      for (const text of texts) {
        for (const [, name, metric] of text.matchAll(/\{([\w-]+)(?:\.(\w+))?\}/g)) {
          if ((name === 'cores' || name === 'amdahl' || name === 'other') && !metric) continue;
          expect(ids.has(name!), `${lesson.id}: {${name}.${metric}}`).toBe(true);
        }
      }
      for (const caption of lesson.captions.after)
        for (const check of caption.checks ?? []) if ('run' in check) expect(ids.has(check.run)).toBe(true);
      // The last caption is the fallback: whatever is measured, something true is said.
      expect(lesson.captions.after.at(-1)!.checks ?? [], lesson.id).toEqual([]);
    }
  });

  it('a lesson that shares out fixed work gives each of N tasks 1/N of each step', () => {
    const info = lessonInfo(
      LESSONS.find((l) => l.id === 'oversubscribe')!,
      2,
    );
    expect(info.runs.map((r) => [r.request.tasks, r.request.stepMs])).toEqual([
      [1, 800],
      [2, 400],
      [4, 200],
      [8, 100],
    ]);
  });
});

describe('the GIL lesson', () => {
  const gil = LESSONS.find((l) => l.id === 'gil')!;
  const measured = (cpython: number | null): LessonMeasure => ({
    cores: 2,
    runs: [
      run('one', { wallMs: 3200 }),
      run('threads', { speedup: 1.9 }),
      run('gil-threads', { speedup: 0.98 }),
      ...(cpython === null ? [] : [run('cpython', { speedup: cpython })]),
    ],
  });

  it('runs real CPython threads last where python3 is there, and says what it left out where not', () => {
    const withPython = lessonInfo(gil, 2, true);
    expect(withPython.runs.map((r) => [r.id, r.request.executor])).toEqual([
      ['one', 'sequential'],
      ['threads', 'threads'],
      ['gil-threads', 'gil-threads'],
      ['cpython', 'python-threads'],
    ]);
    expect(withPython.withoutPython).toEqual([]);
    const without = lessonInfo(gil, 2, false);
    expect(without.runs.map((r) => r.id)).toEqual(['one', 'threads', 'gil-threads']);
    expect(without.withoutPython).toEqual(['CPython threads']);
  });

  it('puts the real GIL beside the simulated one, and never names a run that did not happen', () => {
    expect(chooseCaption(gil.captions.after, measured(0.81))).toMatch(
      /^Free threads were 1\.90× .* with the lock, 0\.98×; real CPython threads, 0\.81×: CPython’s GIL/,
    );
    // A busy machine: the CPython threads came out faster than expected, and the caption says only the numbers.
    expect(chooseCaption(gil.captions.after, measured(1.4))).toBe(
      'Free threads: 1.90×; with the lock: 0.98×; CPython threads: 1.40× (compared with one thread).',
    );
    expect(chooseCaption(gil.captions.after, measured(null))).toMatch(
      /^Free threads were 1\.90× .*0\.98×: the threads took turns/,
    );
  });
});

describe('the amdahl lesson', () => {
  const amdahl = LESSONS.find((l) => l.id === 'amdahl')!;
  const measured = (oneSpeedup: number, twoSpeedup: number, cores = 2): LessonMeasure => ({
    cores,
    runs: [
      run('n1', { wallMs: 3200, tasks: 1 }),
      run('n-cores', { speedup: oneSpeedup, tasks: cores }),
      run('n-2cores', { speedup: twoSpeedup, tasks: 2 * cores }),
    ],
  });

  it('shares fixed work among 1, one per core and two per core threads, after oversubscribe', () => {
    expect(LESSONS.map((l) => l.id).indexOf('amdahl')).toBe(LESSONS.map((l) => l.id).indexOf('oversubscribe') + 1);
    const info = lessonInfo(amdahl, 2);
    expect(info.runs.map((r) => [r.request.workload, r.request.executor, r.request.tasks, r.request.stepMs])).toEqual([
      ['amdahl', 'threads', 1, 800],
      ['amdahl', 'threads', 2, 400],
      ['amdahl', 'threads', 4, 200],
    ]);
    expect(info.baseline).toBe('n1');
    expect(info.predict).toEqual({ question: expect.any(String), run: 'n-cores', metric: 'speedup' });
  });

  it('states the measured speedups against Amdahl’s limit when they come near it', () => {
    expect(chooseCaption(amdahl.captions.after, measured(1.52, 1.45))).toBe(
      'One thread per core was 1.52× faster than one thread, two per core 1.45×: near Amdahl’s limit of 1.60× for 2 cores, not 2×. The quarter done one thread at a time takes as long however many threads share the rest.',
    );
  });

  it('blames other work when even Amdahl’s limit is far off only if other work was measured, and says only the numbers on one core', () => {
    const busy = measured(1.2, 1.1);
    busy.runs[1] = { ...busy.runs[1]!, otherCores: 0.7 };
    expect(chooseCaption(amdahl.captions.after, busy)).toBe(
      'One thread per core was 1.20× faster and two per core 1.10×, below even Amdahl’s limit of 1.60× for 2 cores: other work was using the cores too (up to 0.70 of a core on average during a run; see the meters). Try again on a quieter machine.',
    );
    const quiet = measured(1.2, 1.1);
    quiet.runs[1] = { ...quiet.runs[1]!, otherCores: 0.05 };
    expect(chooseCaption(amdahl.captions.after, quiet)).toBe(
      'One thread per core was 1.20× faster and two per core 1.10×, below even Amdahl’s limit of 1.60× for 2 cores.',
    );
    expect(chooseCaption(amdahl.captions.after, measured(1.2, 1.1))).not.toMatch(/other work/);
    expect(chooseCaption(amdahl.captions.after, measured(1.0, 0.98, 1))).toBe(
      'One thread per core: 1.00×; two per core: 0.98×. Amdahl’s limit for 1 cores: 1.00×.',
    );
  });
});

describe('captions', () => {
  const cpuBound = LESSONS.find((l) => l.id === 'cpu-bound')!;

  it('say what happened when the measurement shows parallelism', () => {
    const measure: LessonMeasure = {
      cores: 2,
      runs: [
        run('one', { wallMs: 3200 }),
        run('threads', { wallMs: 1700, speedup: 1.88 }),
        run('processes', { wallMs: 1800, speedup: 1.78 }),
      ],
    };
    expect(chooseCaption(cpuBound.captions.after, measure)).toBe(
      'Threads were 1.88× and processes 1.78× faster than one thread: the 2 cores computed at the same time. That is parallelism.',
    );
  });

  it('say so when a busy machine spoils the result, instead of claiming the expected one', () => {
    const measure: LessonMeasure = {
      cores: 2,
      runs: [
        run('one', { wallMs: 3200, otherCores: 0.1 }),
        run('threads', { speedup: 1.1, otherCores: 0.45 }),
        run('processes', { speedup: 1.9, otherCores: 0.12 }),
      ],
    };
    expect(chooseCaption(cpuBound.captions.after, measure)).toBe(
      'Threads were 1.10× and processes 1.90× faster than one thread, less than the 2 cores allow: other work was using the cores too (up to 0.45 of a core on average during a run; see the meters). Try again on a quieter machine.',
    );
  });

  it('blame no other work that was not measured: short of the cores, they say only the numbers', () => {
    for (const otherCores of [null, 0.02]) {
      const measure: LessonMeasure = {
        cores: 2,
        runs: [run('one', { wallMs: 3200, otherCores }), run('threads', { speedup: 1.1, otherCores })],
      };
      measure.runs.push(run('processes', { speedup: 1.4, otherCores }));
      expect(chooseCaption(cpuBound.captions.after, measure)).toBe(
        'Threads were 1.10× and processes 1.40× faster than one thread, less than the 2 cores allow.',
      );
    }
  });

  it('claim no parallelism on one core, however the speedups came out', () => {
    const measure: LessonMeasure = {
      cores: 1,
      runs: [run('one', { wallMs: 3200 }), run('threads', { speedup: 0.98 }), run('processes', { speedup: 0.95 })],
    };
    expect(chooseCaption(cpuBound.captions.after, measure)).toBe(
      'This machine has one core: threads (0.98×) and processes (0.95×) could only take turns on it, so neither beat one thread. Parallelism needs at least two cores.',
    );
    const gil = LESSONS.find((l) => l.id === 'gil')!;
    const oneCore: LessonMeasure = {
      cores: 1,
      runs: [run('one', { wallMs: 3200 }), run('threads', { speedup: 0.99 }), run('gil-threads', { speedup: 0.97 })],
    };
    expect(chooseCaption(gil.captions.after, oneCore)).toBe(
      'This machine has one core: free threads (0.99×) and threads with the lock (0.97×) both take turns on it. What the lock takes away shows with two cores or more.',
    );
    const oversubscribe = LESSONS.find((l) => l.id === 'oversubscribe')!;
    const shared: LessonMeasure = {
      cores: 1,
      runs: [
        run('n1', {}),
        run('n-cores', { speedup: 1 }),
        run('n-2cores', { speedup: 0.99 }),
        run('n-4cores', { speedup: 0.98 }),
      ],
    };
    expect(chooseCaption(oversubscribe.captions.after, shared)).toBe(
      'One thread per core: 1.00×; two per core: 0.99×; four per core: 0.98×.',
    );
  });

  it('never pass a check on a value that was not measured, and say "not measured" in text', () => {
    const measure: LessonMeasure = { cores: 2, runs: [run('thread', { wallMs: 10_050, cpuMs: null })] };
    const threading = LESSONS.find((l) => l.id === 'threading')!;
    expect(chooseCaption(threading.captions.after, measure)).toBe(
      'The run took 10.05 s; the task’s CPU time: not measured.',
    );
    expect(fillTemplate('{thread.startup} / {nope.wall} / {cores}', measure)).toBe('not measured / {nope.wall} / 2');
  });

  it('fill {amdahl} with Amdahl’s limit for the machine’s cores, and check against multiples of it', () => {
    const on = (cores: number): LessonMeasure => ({ cores, runs: [run('r', { speedup: 1.5 })] });
    expect(fillTemplate('{amdahl}', on(1))).toBe('1.00×');
    expect(fillTemplate('{amdahl}', on(2))).toBe('1.60×');
    expect(fillTemplate('{amdahl}', on(8))).toBe('2.91×');
    const captions: Caption[] = [
      { checks: [{ run: 'r', metric: 'speedup', op: '>=', value: { amdahlTimes: 0.9 } }], text: 'near' },
      { text: 'far' },
    ];
    // 0.9 × 1.6 = 1.44 on 2 cores; 0.9 × 2.91 = 2.62 on 8.
    expect(chooseCaption(captions, on(2))).toBe('near');
    expect(chooseCaption(captions, on(8))).toBe('far');
  });
});

describe('other work while a run ran', () => {
  const sample = (
    t: number,
    cores: number[],
    self: number,
    tasks: [number, number][],
    steal = [0, 0],
  ): SampleEvent => ({
    kind: 'sample',
    runId: 1,
    t,
    cores,
    steal,
    self,
    selfCovers: 'engine',
    tasks: tasks.map(([task, cpuMs]) => ({ task, core: task, cpuMs })),
  });
  const asyncUnit: EngineEvent = {
    kind: 'unit',
    runId: 1,
    t: 1,
    unit: 0,
    unitKind: 'thread',
    mode: 'async',
    tasks: [0, 1],
    pid: 7,
  };

  it('is the cores’ busy and stolen time less the tasks’ threads and Lanes itself', () => {
    // 100 ms samples: both cores full (200 ms), Lanes 0.1 core (10 ms), one task 100 ms of CPU,
    // 10 ms stolen: 200 + 10 - 10 - 100 = 100 ms of other work per 100 ms, one core's worth.
    const events = [
      sample(100, [100, 100], 0.1, [[0, 100]], [10, 0]),
      sample(200, [100, 100], 0.1, [[0, 100]], [10, 0]),
    ];
    expect(otherWork(events, { cpuMs: 999 })).toBeCloseTo(1, 6);
  });

  it('counts a thread that several tasks share once, and uses the engine’s total without samples of tasks', () => {
    // The async loop's one thread is reported under both its tasks: 80 ms, not 160.
    const shared = [
      asyncUnit,
      sample(100, [80, 0], 0, [
        [0, 80],
        [1, 80],
      ]),
    ];
    expect(otherWork(shared, { cpuMs: null })).toBeCloseTo(0, 6);
    // os.cpus(): no per-task figures; the engine's total stands for the tasks.
    expect(otherWork([sample(100, [50, 50], 0, [])], { cpuMs: 40 })).toBeCloseTo(0.6, 6);
  });

  it('is not measured without samples, or without the tasks’ CPU', () => {
    expect(otherWork([], { cpuMs: 100 })).toBeNull();
    expect(otherWork([sample(100, [50, 50], 0, [])], { cpuMs: null })).toBeNull();
  });
});

describe('measureRun', () => {
  const spec: RunSpec = {
    lesson: null,
    workload: 'io',
    executor: 'processes',
    tasks: 2,
    steps: 1,
    stepMs: 10,
    fault: null,
    joinMessage: null,
  };
  const events: EngineEvent[] = [
    { kind: 'state', runId: 1, t: 0, task: 0, state: 'ready' },
    { kind: 'state', runId: 1, t: 0.2, task: 1, state: 'ready' },
    { kind: 'state', runId: 1, t: 90, task: 0, state: 'running' },
    { kind: 'state', runId: 1, t: 110.2, task: 1, state: 'running' },
    { kind: 'state', runId: 1, t: 120, task: 0, state: 'ready' },
    { kind: 'state', runId: 1, t: 130, task: 0, state: 'running' },
    { kind: 'run-end', runId: 1, t: 200, status: 'done', cpuMs: 31 },
  ];

  it('measures wall, CPU and the mean start-up of tasks with their own thread or process', () => {
    expect(measureRun(events, spec, 'processes')).toEqual({
      id: 'processes',
      wallMs: 200,
      cpuMs: 31,
      startupMs: 100,
      speedup: null,
      tasks: 2,
      otherCores: null,
    });
  });

  it('leaves the main program’s lane out of the tasks’ start-up', () => {
    const withMain: EngineEvent[] = [
      { kind: 'state', runId: 1, t: 0, task: MAIN_TASK, state: 'ready' },
      { kind: 'state', runId: 1, t: 1000, task: MAIN_TASK, state: 'running' },
      ...events,
    ];
    expect(measureRun(withMain, spec, 'processes')!.startupMs).toBe(100);
  });

  it('has no start-up figure where tasks share one thread, and nothing before the run ends', () => {
    expect(measureRun(events, { ...spec, executor: 'sequential' }, 'x')!.startupMs).toBeNull();
    expect(measureRun(events.slice(0, -1), spec, 'x')).toBeNull();
  });
});
