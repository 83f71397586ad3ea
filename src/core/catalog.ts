// The teaching model as data: workloads, executors, their defaults, and the lessons.
// Runs anywhere; the engine resolves requests against it and the UI lists it.

import type { CatalogEntry, ExecutorId, WorkloadId } from './contract';

export const WORKLOAD_CATALOG: CatalogEntry<WorkloadId>[] = [
  {
    id: 'print-sleep',
    title: 'Print and sleep',
    blurb: 'Print 1 … N, sleeping after each print: the lesson’s program.',
  },
  { id: 'cpu', title: 'CPU-bound', blurb: 'Compute without pause, printing after each step.' },
  { id: 'io', title: 'I/O-bound', blurb: 'Mostly waiting: each step waits for a reply, then prints.' },
  { id: 'mixed', title: 'Mixed', blurb: 'Compute, then wait, in turns.' },
  {
    id: 'amdahl',
    title: 'Serial part + parallel part',
    blurb:
      'Each step computes a quarter holding one lock shared by the whole run, one thread at a time, then the rest all together: the serial quarter caps the speedup (Amdahl’s law).',
  },
];

/**
 * What a CPU step is in the CPython workload program (resources/python/lanes_workload.py): a
 * budget of the thread's own CPU time, not a fixed amount of work (the README says why, and what
 * it hides). Said wherever a Python executor is described.
 */
export const PYTHON_CPU_STEP = 'Each computing step is CPU time, not fixed work: a slowed interpreter does less in it.';

export const EXECUTOR_CATALOG: CatalogEntry<ExecutorId>[] = [
  { id: 'sequential', title: 'Sequential', blurb: 'One task after another on one thread: the baseline.' },
  {
    id: 'async',
    title: 'Async (one event loop)',
    blurb: 'All tasks interleaved on one thread: concurrency without parallelism.',
  },
  { id: 'threads', title: 'Threads', blurb: 'One OS thread per task, in one process: parallel on many cores.' },
  {
    id: 'gil-threads',
    title: 'Threads with a GIL',
    blurb: 'One thread per task, but only the holder of one global lock may compute, as in CPython.',
  },
  { id: 'processes', title: 'Processes', blurb: 'One OS process per task, each with its own memory.' },
  {
    id: 'python-threads',
    title: 'Python threads (CPython)',
    blurb: `Real CPython threads with the real GIL, one per task (threading.Thread). ${PYTHON_CPU_STEP}`,
  },
  {
    id: 'python-processes',
    title: 'Python processes (CPython)',
    blurb: `Real CPython processes, one per task (multiprocessing.Process). ${PYTHON_CPU_STEP}`,
  },
];

/** Per-workload defaults: a print-sleep run is the lesson's 10 × 1 s; a CPU task is about 1.6 s. */
export const WORKLOAD_DEFAULTS: Record<WorkloadId, { steps: number; stepMs: number }> = {
  'print-sleep': { steps: 10, stepMs: 1000 },
  cpu: { steps: 4, stepMs: 400 },
  io: { steps: 5, stepMs: 400 },
  mixed: { steps: 5, stepMs: 200 },
  amdahl: { steps: 4, stepMs: 400 },
};
