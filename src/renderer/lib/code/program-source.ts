// The learner's own Python program: the example it starts from, where it is kept between visits,
// how its size is checked before it is sent, and which line an error names. Runs in the
// renderer; pure except for the storage passed in.

import { LIMITS } from '../../../core/contract';

/** What the code panel starts with: threads that print and sleep, then join. */
export const EXAMPLE_PROGRAM = `import threading
import time


def count(name, pause):
    for i in range(1, 6):
        print(f"{name} says {i}")
        time.sleep(pause)


workers = [
    threading.Thread(target=count, args=("fast", 0.3)),
    threading.Thread(target=count, args=("slow", 0.6)),
]
for worker in workers:
    worker.start()
for worker in workers:
    worker.join()
print("Both workers finished.")
`;

const COMPUTE_STEP = `def step(x):
    # A few milliseconds of pure-Python arithmetic: CPython runs it only while holding the GIL.
    for i in range(20_000):
        x = (x * 31 + i) % 1_000_003
    return x


def compute(name):
    started = time.perf_counter()
    x = 1
    for _ in range(300):
        x = step(x)
    print(f"{name} finished in {time.perf_counter() - started:.2f} s")
`;

export interface Example {
  id: string;
  title: string;
  source: string;
  /** Lanes for what it starts. */
  lanes: number;
}

/** Programs the code panel offers to start from, each showing one thing. */
export const EXAMPLES: readonly Example[] = [
  { id: 'sleep', title: 'Threads that sleep: concurrency', source: EXAMPLE_PROGRAM, lanes: 2 },
  {
    id: 'gil',
    title: 'Threads that compute: the GIL',
    lanes: 2,
    source: `import threading
import time


${COMPUTE_STEP}

# Two threads, two cores, and still one at a time: watch them take turns (striped: waiting).
workers = [threading.Thread(target=compute, args=(f"thread {n}",)) for n in (1, 2)]
for worker in workers:
    worker.start()
for worker in workers:
    worker.join()
`,
  },
  {
    id: 'processes',
    title: 'Processes that compute: parallelism',
    lanes: 2,
    source: `import multiprocessing
import time


${COMPUTE_STEP}

# Each process has its own interpreter and its own GIL: both cores compute at once.
if __name__ == "__main__":
    workers = [multiprocessing.Process(target=compute, args=(f"process {n}",)) for n in (1, 2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
`,
  },
];

/** Where the program is kept in the window's storage, so a reload loses nothing. */
export const STORAGE_KEY = 'lanes.program';

export interface Storage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The kept program, or the example when none was kept (or storage is unavailable). */
export function loadProgram(storage: Storage | null): string {
  try {
    const kept = storage?.getItem(STORAGE_KEY);
    return kept && kept.trim() !== '' ? kept : EXAMPLE_PROGRAM;
  } catch {
    return EXAMPLE_PROGRAM;
  }
}

export function saveProgram(storage: Storage | null, source: string): void {
  try {
    storage?.setItem(STORAGE_KEY, source);
  } catch {
    // Storage full or refused: the program stays in the editor, just not across reloads.
  }
}

/** Where the lanes for the program are kept. */
export const LANES_KEY = 'lanes.programLanes';

/** The kept lane count, or 2 (the example starts two threads). */
export function loadLanes(storage: Storage | null): string {
  try {
    const kept = Number(storage?.getItem(LANES_KEY));
    return Number.isInteger(kept) && kept >= LIMITS.MIN_TASKS && kept <= LIMITS.MAX_TASKS ? String(kept) : '2';
  } catch {
    return '2';
  }
}

export function saveLanes(storage: Storage | null, lanes: number): void {
  try {
    storage?.setItem(LANES_KEY, String(lanes));
  } catch {
    // Kept for this page only.
  }
}

/**
 * Lanes for the next run, after a run with `lanes` lanes of which `used` saw a thread or process
 * (`overflowed`: the program started more than there were lanes): twice as many after an
 * overflow, else exactly the ones used. With a line saying what changed, or null.
 */
export function fitLanes(lanes: number, used: number, overflowed: boolean): { lanes: number; note: string | null } {
  if (overflowed) {
    const next = Math.min(LIMITS.MAX_TASKS, lanes * 2);
    return next === lanes
      ? { lanes, note: null }
      : {
          lanes: next,
          note: `Lanes now ${next}: the program started more threads or processes than there were lanes.`,
        };
  }
  const next = Math.max(1, Math.min(lanes, used));
  return next === lanes
    ? { lanes, note: null }
    : { lanes: next, note: `Lanes now ${next}: the threads and processes the program started.` };
}

/** Why the program cannot be sent, in words; null when it can. */
export function sourceProblem(source: string, maxBytes: number): string | null {
  if (source.trim() === '') return 'The program is empty: write some Python first.';
  const bytes = new TextEncoder().encode(source).length;
  if (bytes > maxBytes) {
    return `The program is ${Math.ceil(bytes / 1024)} KiB; the most Lanes runs is ${Math.floor(maxBytes / 1024)} KiB.`;
  }
  if (source.includes('\0')) return 'The program contains a NUL character, which Python cannot read.';
  return null;
}

/** The line of the learner's program a failure names ("… line 7 …"), or null. */
export function failureLine(detail: string): number | null {
  const match = /\bline (\d+)\b/.exec(detail);
  const line = match ? Number(match[1]) : NaN;
  return Number.isInteger(line) && line > 0 ? line : null;
}
