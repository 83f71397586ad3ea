// The lesson library, as data: what each lesson asks, the runs it makes (one, or several to
// compare on one clock), which run is the baseline, the captions chosen by what the runs
// measured, and what the learner may predict first. Runs anywhere; the engine resolves a
// lesson's runs for this machine's core count, the renderer shows them.

import type { Caption, Check, Metric } from './captions';
import type { ExecutorId, LessonInfo, RunRequest } from './contract';
import { WORKLOAD_DEFAULTS } from './catalog';

/** A task count: fixed, or a multiple of this machine's logical cores. */
export type TaskCount = number | { coresTimes: number };

export interface LessonRun {
  id: string;
  label: string;
  request: Omit<RunRequest, 'lesson' | 'tasks' | 'python'> & { tasks: TaskCount };
  /** stepMs is the work of a whole step, shared out among the tasks (fixed total work). */
  splitWork?: boolean;
  /** Runs real CPython: left out where python3 is missing (the lesson says how to add it). */
  needsPython?: boolean;
}

export interface Lesson {
  id: string;
  title: string;
  /** Two sentences: what the lesson shows, and the question it answers. */
  question: string;
  runs: LessonRun[];
  /** The run the others' speedups are measured against. */
  baseline?: string;
  captions: { before: string; after: Caption[] };
  predict?: { question: string; run: string; metric: Extract<Metric, 'wall' | 'speedup'> };
  /** Printed by the main program after joining (the seed lesson's completion lines). */
  joinMessage: string | null;
  /** The lesson's real Python program (resources/python/lessons/) and the executor it amounts to. */
  python?: { program: string; executor: ExecutorId };
}

const CPU_STEP = { workload: 'cpu', steps: 4, stepMs: 400 } as const;
/** `times` × this machine's logical cores (as a task count or a check's bound). */
const perCore = (times: number): { coresTimes: number } => ({ coresTimes: times });
/** A caption that says the cores computed at the same time needs a machine with two of them. */
const MANY_CORES: Check = { machine: 'cores', op: '>=', value: 2 };
const ONE_CORE: Check = { machine: 'cores', op: '<', value: 2 };
/**
 * A caption that blames other work needs it measured: at least a fifth of a core's worth, on
 * average, during one of the runs (against 2 cores' worth of tasks, enough to cost a tenth).
 */
const OTHER_WORK: Check = { machine: 'other', op: '>=', value: 0.2 };

export const LESSONS: Lesson[] = [
  {
    id: 'threading',
    title: 'A thread that prints and sleeps',
    question:
      'One worker thread prints 1 to 10, sleeping a second after each line, while the main program waits for it. ' +
      'Where does the time go, and how busy are the cores while it sleeps?',
    runs: [
      {
        id: 'thread',
        label: 'One thread',
        request: { workload: 'print-sleep', executor: 'threads', tasks: 1, steps: 10, stepMs: 1000 },
      },
    ],
    captions: {
      before: 'Watch the lane: the thread runs for an instant to print, then sleeps for a second, ten times over.',
      after: [
        {
          checks: [{ run: 'thread', metric: 'parallelism', op: '<', value: 0.05 }],
          text: 'The run took {thread.wall} but its task used only {thread.cpu} of CPU: the thread spent nearly all of it asleep, leaving the cores free.',
        },
        { text: 'The run took {thread.wall}; the task’s CPU time: {thread.cpu}.' },
      ],
    },
    predict: { question: 'How long will the run take?', run: 'thread', metric: 'wall' },
    joinMessage: 'Thread execution complete!',
    python: { program: 'threading_lesson.py', executor: 'python-threads' },
  },
  {
    id: 'multiprocessing',
    title: 'A process that prints and sleeps',
    question:
      'The same function, run in a separate OS process with its own memory. ' +
      'What does starting a process cost, and does the output change?',
    runs: [
      {
        id: 'process',
        label: 'One process',
        request: { workload: 'print-sleep', executor: 'processes', tasks: 1, steps: 10, stepMs: 1000 },
      },
    ],
    captions: {
      before: 'The output is the same; watch the yellow bar at the start of the lane: the process being created.',
      after: [
        {
          checks: [{ run: 'process', metric: 'startup', op: '>=', value: 20 }],
          text: 'The process took {process.startup} to start before printing its first line; after that, the same ten lines in {process.wall}.',
        },
        { text: 'The process started in {process.startup} and printed the same ten lines in {process.wall}.' },
      ],
    },
    joinMessage: 'Process execution complete!',
    python: { program: 'multiprocessing_lesson.py', executor: 'python-processes' },
  },
  {
    id: 'cpu-bound',
    title: 'CPU-bound: threads vs processes',
    question:
      'As many tasks as there are cores each compute without pause: first on one thread, then on threads, then in processes. ' +
      'Which get faster, and why?',
    runs: [
      { id: 'one', label: 'One thread', request: { ...CPU_STEP, executor: 'sequential', tasks: perCore(1) } },
      { id: 'threads', label: 'Threads', request: { ...CPU_STEP, executor: 'threads', tasks: perCore(1) } },
      { id: 'processes', label: 'Processes', request: { ...CPU_STEP, executor: 'processes', tasks: perCore(1) } },
    ],
    baseline: 'one',
    captions: {
      before:
        'Each task computes for about 1.6 s. One thread must do them one after another; threads and processes may use all {cores} cores.',
      after: [
        {
          checks: [
            MANY_CORES,
            { run: 'threads', metric: 'speedup', op: '>=', value: perCore(0.8) },
            { run: 'processes', metric: 'speedup', op: '>=', value: perCore(0.8) },
          ],
          text: 'Threads were {threads.speedup} and processes {processes.speedup} faster than one thread: the {cores} cores computed at the same time. That is parallelism.',
        },
        {
          checks: [ONE_CORE],
          text: 'This machine has one core: threads ({threads.speedup}) and processes ({processes.speedup}) could only take turns on it, so neither beat one thread. Parallelism needs at least two cores.',
        },
        {
          checks: [OTHER_WORK],
          text: 'Threads were {threads.speedup} and processes {processes.speedup} faster than one thread, less than the {cores} cores allow: other work was using the cores too (up to {other} on average during a run; see the meters). Try again on a quieter machine.',
        },
        {
          text: 'Threads were {threads.speedup} and processes {processes.speedup} faster than one thread, less than the {cores} cores allow.',
        },
      ],
    },
    predict: { question: 'How long will the processes take?', run: 'processes', metric: 'wall' },
    joinMessage: null,
  },
  {
    id: 'io-bound',
    title: 'I/O-bound: waiting overlaps',
    question:
      'Four tasks spend nearly all their time waiting for replies. ' +
      'Why do the event loop and threads finish them so much sooner than one after another, with no extra cores?',
    runs: [
      {
        id: 'one',
        label: 'One after another',
        request: { workload: 'io', executor: 'sequential', tasks: 4, steps: 5, stepMs: 400 },
      },
      {
        id: 'async',
        label: 'Event loop',
        request: { workload: 'io', executor: 'async', tasks: 4, steps: 5, stepMs: 400 },
      },
      {
        id: 'threads',
        label: 'Threads',
        request: { workload: 'io', executor: 'threads', tasks: 4, steps: 5, stepMs: 400 },
      },
    ],
    baseline: 'one',
    captions: {
      before: 'Each task waits 400 ms for each of five replies. Waiting takes time, but no CPU.',
      after: [
        {
          checks: [
            { run: 'async', metric: 'speedup', op: '>=', value: 3 },
            { run: 'threads', metric: 'speedup', op: '>=', value: 3 },
          ],
          text: 'The event loop was {async.speedup} and threads {threads.speedup} faster than one after another: the tasks waited at the same time. Concurrency with no extra cores (the threads’ CPU time: {threads.cpu}).',
        },
        { text: 'The event loop was {async.speedup} and threads {threads.speedup} faster than one after another.' },
      ],
    },
    predict: { question: 'How many times faster will the event loop be?', run: 'async', metric: 'speedup' },
    joinMessage: null,
  },
  {
    id: 'event-loop',
    title: 'One event loop, one thread',
    question:
      'Four tasks share one event loop: first tasks that only wait, then tasks that also compute. ' +
      'What happens to the waiting tasks when one of them is busy computing?',
    runs: [
      {
        id: 'waiting',
        label: 'Only waiting',
        request: { workload: 'io', executor: 'async', tasks: 4, steps: 5, stepMs: 200 },
      },
      {
        id: 'computing',
        label: 'Waiting and computing',
        request: { workload: 'mixed', executor: 'async', tasks: 4, steps: 5, stepMs: 200 },
      },
    ],
    captions: {
      before:
        'One thread runs every task, switching whenever a task waits. Watch the yellow "ready" marks: a task whose wait is over, stuck behind a busy one.',
      after: [
        {
          checks: [{ run: 'computing', metric: 'wall', op: '>=', value: 2000 }],
          text: 'Waiting tasks overlapped ({waiting.wall}), but computing ones could not: {computing.wall}, because one thread can run only one task at a time, and a computing task never pauses for the others.',
        },
        { text: 'Only waiting: {waiting.wall}. Waiting and computing: {computing.wall}.' },
      ],
    },
    joinMessage: null,
  },
  {
    id: 'gil',
    title: 'The GIL: threads take turns',
    question:
      'The same CPU-bound threads, once free and once sharing one global lock that must be held to compute, as in CPython. ' +
      'Why does the lock take their speedup away?',
    runs: [
      { id: 'one', label: 'One thread', request: { ...CPU_STEP, executor: 'sequential', tasks: perCore(1) } },
      { id: 'threads', label: 'Threads', request: { ...CPU_STEP, executor: 'threads', tasks: perCore(1) } },
      {
        id: 'gil-threads',
        label: 'Threads with a GIL',
        request: { ...CPU_STEP, executor: 'gil-threads', tasks: perCore(1) },
      },
      {
        id: 'cpython',
        label: 'CPython threads',
        request: { ...CPU_STEP, executor: 'python-threads', tasks: perCore(1) },
        needsPython: true,
      },
    ],
    baseline: 'one',
    captions: {
      before:
        'With the lock, a thread computes only while it holds it, and hands it over at least every 5 ms. Striped: waiting for the lock. Where python3 is installed, real CPython threads run last, with their real GIL.',
      after: [
        {
          checks: [ONE_CORE],
          text: 'This machine has one core: free threads ({threads.speedup}) and threads with the lock ({gil-threads.speedup}) both take turns on it. What the lock takes away shows with two cores or more.',
        },
        {
          checks: [
            MANY_CORES,
            { run: 'threads', metric: 'speedup', op: '>=', value: perCore(0.8) },
            { run: 'gil-threads', metric: 'speedup', op: '<', value: 1.2 },
            { run: 'cpython', metric: 'speedup', op: '<', value: 1.2 },
          ],
          text: 'Free threads were {threads.speedup} faster than one thread; with the lock, {gil-threads.speedup}; real CPython threads, {cpython.speedup}: CPython’s GIL makes its threads take turns just as the lock does (striped in their lanes: waiting for the GIL). Concurrency without parallelism.',
        },
        {
          checks: [{ run: 'cpython', metric: 'wall', op: '>=', value: 0 }],
          text: 'Free threads: {threads.speedup}; with the lock: {gil-threads.speedup}; CPython threads: {cpython.speedup} (compared with one thread).',
        },
        {
          checks: [
            MANY_CORES,
            { run: 'threads', metric: 'speedup', op: '>=', value: perCore(0.8) },
            { run: 'gil-threads', metric: 'speedup', op: '<', value: 1.2 },
          ],
          text: 'Free threads were {threads.speedup} faster than one thread; with the lock, {gil-threads.speedup}: the threads took turns on the cores. Concurrency without parallelism.',
        },
        { text: 'Free threads: {threads.speedup}; with the lock: {gil-threads.speedup} (compared with one thread).' },
      ],
    },
    predict: {
      question: 'How many times faster will the threads with a GIL be?',
      run: 'gil-threads',
      metric: 'speedup',
    },
    joinMessage: null,
  },
  {
    id: 'oversubscribe',
    title: 'More workers than cores',
    question:
      'The same amount of computing, shared out among 1, then more and more threads. ' +
      'Where does the speedup stop, and why there?',
    runs: [
      {
        id: 'n1',
        label: '1 thread',
        request: { workload: 'cpu', executor: 'threads', tasks: 1, steps: 4, stepMs: 800 },
        splitWork: true,
      },
      {
        id: 'n-cores',
        label: '1 per core',
        request: { workload: 'cpu', executor: 'threads', tasks: perCore(1), steps: 4, stepMs: 800 },
        splitWork: true,
      },
      {
        id: 'n-2cores',
        label: '2 per core',
        request: { workload: 'cpu', executor: 'threads', tasks: perCore(2), steps: 4, stepMs: 800 },
        splitWork: true,
      },
      {
        id: 'n-4cores',
        label: '4 per core',
        request: { workload: 'cpu', executor: 'threads', tasks: perCore(4), steps: 4, stepMs: 800 },
        splitWork: true,
      },
    ],
    baseline: 'n1',
    captions: {
      before:
        'The total work is the same every time; only the number of threads sharing it changes. This machine has {cores} cores.',
      after: [
        {
          checks: [
            MANY_CORES,
            { run: 'n-cores', metric: 'speedup', op: '>=', value: perCore(0.8) },
            { run: 'n-4cores', metric: 'speedup', op: '<', value: perCore(1.2) },
          ],
          text: 'One thread per core: {n-cores.speedup}. Four per core: {n-4cores.speedup}. Beyond {cores} threads the extra ones only take turns: the cores, not the threads, set the limit.',
        },
        {
          text: 'One thread per core: {n-cores.speedup}; two per core: {n-2cores.speedup}; four per core: {n-4cores.speedup}.',
        },
      ],
    },
    joinMessage: null,
  },
  {
    id: 'amdahl',
    title: 'Amdahl’s law: the serial part',
    question:
      'The same work on 1, then more threads, but a quarter of every step needs one lock, one thread at a time. ' +
      'How close do they get to one speedup per core, and what stops them?',
    runs: [
      {
        id: 'n1',
        label: '1 thread',
        request: { workload: 'amdahl', executor: 'threads', tasks: 1, steps: 4, stepMs: 800 },
        splitWork: true,
      },
      {
        id: 'n-cores',
        label: '1 per core',
        request: { workload: 'amdahl', executor: 'threads', tasks: perCore(1), steps: 4, stepMs: 800 },
        splitWork: true,
      },
      {
        id: 'n-2cores',
        label: '2 per core',
        request: { workload: 'amdahl', executor: 'threads', tasks: perCore(2), steps: 4, stepMs: 800 },
        splitWork: true,
      },
    ],
    baseline: 'n1',
    captions: {
      before:
        'The total work is the same every time. In each step a quarter is done one thread at a time, holding the shared lock, and the rest by all the threads together; striped: waiting for the lock or for the others. This machine has {cores} cores.',
      after: [
        {
          // Near Amdahl's limit (and some speedup at all: with one core there is nothing to show).
          checks: [
            MANY_CORES,
            { run: 'n-cores', metric: 'speedup', op: '>=', value: 1.1 },
            { run: 'n-cores', metric: 'speedup', op: '>=', value: { amdahlTimes: 0.85 } },
          ],
          text: 'One thread per core was {n-cores.speedup} faster than one thread, two per core {n-2cores.speedup}: near Amdahl’s limit of {amdahl} for {cores} cores, not {cores}×. The quarter done one thread at a time takes as long however many threads share the rest.',
        },
        {
          checks: [
            MANY_CORES,
            { run: 'n-cores', metric: 'speedup', op: '<', value: { amdahlTimes: 0.85 } },
            OTHER_WORK,
          ],
          text: 'One thread per core was {n-cores.speedup} faster and two per core {n-2cores.speedup}, below even Amdahl’s limit of {amdahl} for {cores} cores: other work was using the cores too (up to {other} on average during a run; see the meters). Try again on a quieter machine.',
        },
        {
          checks: [MANY_CORES, { run: 'n-cores', metric: 'speedup', op: '<', value: { amdahlTimes: 0.85 } }],
          text: 'One thread per core was {n-cores.speedup} faster and two per core {n-2cores.speedup}, below even Amdahl’s limit of {amdahl} for {cores} cores.',
        },
        {
          text: 'One thread per core: {n-cores.speedup}; two per core: {n-2cores.speedup}. Amdahl’s limit for {cores} cores: {amdahl}.',
        },
      ],
    },
    predict: { question: 'How many times faster will one thread per core be?', run: 'n-cores', metric: 'speedup' },
    joinMessage: null,
  },
  {
    id: 'startup',
    title: 'Start-up cost: thread vs process',
    question:
      'Four short tasks, started as threads and then as processes; the yellow bars are the time from asking for each to it running. ' +
      'How much does a new process cost compared with a new thread?',
    runs: [
      {
        id: 'threads',
        label: 'Threads',
        request: { workload: 'io', executor: 'threads', tasks: 4, steps: 1, stepMs: 100 },
      },
      {
        id: 'processes',
        label: 'Processes',
        request: { workload: 'io', executor: 'processes', tasks: 4, steps: 1, stepMs: 100 },
      },
    ],
    captions: {
      before: 'Each task only waits 100 ms, so starting it is most of its life.',
      after: [
        {
          checks: [{ run: 'processes', metric: 'startup', op: '>=', value: 20 }],
          text: 'A thread took {threads.startup} on average to start, a process {processes.startup}: a process is a whole new program, with its own memory and runtime, before it runs a line.',
        },
        { text: 'A thread took {threads.startup} on average to start, a process {processes.startup}.' },
      ],
    },
    joinMessage: null,
  },
];

/** Resolves a task count on a machine with `cores` logical cores (at least 1). */
export function taskCount(count: TaskCount, cores: number): number {
  return typeof count === 'number' ? count : Math.max(1, Math.round(count.coresTimes * cores));
}

/** A lesson run as a concrete request on this machine. */
export function lessonRunRequest(lesson: Lesson, run: LessonRun, cores: number): RunRequest {
  const tasks = taskCount(run.request.tasks, cores);
  const stepMs = run.request.stepMs ?? 0;
  return {
    ...run.request,
    lesson: lesson.id,
    tasks,
    ...(run.splitWork && stepMs > 0 ? { stepMs: Math.max(1, Math.round(stepMs / tasks)) } : {}),
  };
}

/**
 * What the UI is told about a lesson, with its runs resolved for this machine: without a usable
 * python3 (`python` false), the runs that need it are left out and named in `withoutPython`.
 */
export function lessonInfo(lesson: Lesson, cores: number, python = false): LessonInfo {
  const kept = lesson.runs.filter((run) => python || !run.needsPython);
  const runs = kept.map((run) => ({
    id: run.id,
    label: run.label,
    request: lessonRunRequest(lesson, run, cores),
  }));
  const first = runs[0]!.request;
  const workload = first.workload ?? 'print-sleep';
  return {
    id: lesson.id,
    title: lesson.title,
    question: lesson.question,
    request: {
      workload,
      executor: first.executor ?? 'threads',
      tasks: first.tasks ?? 1,
      steps: first.steps ?? WORKLOAD_DEFAULTS[workload].steps,
      stepMs: first.stepMs ?? WORKLOAD_DEFAULTS[workload].stepMs,
    },
    runs,
    baseline: lesson.baseline ?? null,
    captions: lesson.captions,
    predict: lesson.predict ?? null,
    hasPython: lesson.python !== undefined,
    withoutPython: lesson.runs.filter((run) => !kept.includes(run)).map((run) => run.label),
  };
}

export function findLesson(id: string): Lesson | undefined {
  return LESSONS.find((lesson) => lesson.id === id);
}

/** The lesson ids, in order (what `lanes lessons` prints). */
export const LESSON_IDS = LESSONS.map((lesson) => lesson.id);
