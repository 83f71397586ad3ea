"""Lanes' workloads as a real CPython program: N tasks run as threads or processes, using
`threading` and `multiprocessing` as written. Prints the same lines as Lanes' JavaScript
tasks, so runs can be compared line for line.

    python3 lanes_workload.py --workload cpu --executor threads --tasks 2 --steps 4 --step-ms 400
"""

import argparse
import multiprocessing
import os
import threading
import time

ITERATIONS_PER_MS = 1  # replaced by calibrate() before any task starts
# Work is done in calls this long, as any real program calls functions: the tracer sees a
# thread at its calls, so it can tell to the millisecond when the thread waited for the GIL.
CHUNK_MS = 0.25


def hash_chain(iterations, seed):
    """Integer arithmetic whose result is used: real work that cannot be skipped."""
    x = seed
    for i in range(iterations):
        x = (x * 1103515245 + 12345 + i) & 0xFFFFFFFF
    return x


def calibrate(rounds=6, round_ms=12):
    """Iterations per millisecond on this machine, in this interpreter, traced as the tasks are
    (it sizes the calls compute makes): the fastest of a few short rounds, so that a round the
    system interrupted does not count."""
    hash_chain(20_000, 7)
    best = 0.0
    for _ in range(rounds):
        done, start = 0, time.perf_counter()
        while (elapsed := (time.perf_counter() - start) * 1000) < round_ms:
            hash_chain(2_000, done + 1)
            done += 2_000
        best = max(best, done / elapsed)
    return max(1, int(best))


def compute(ms, seed):
    """`ms` milliseconds of this thread's own CPU time, spent hashing in calls of about CHUNK_MS.
    CPU time, not a count of iterations: this interpreter's speed drifts by half within seconds
    on shared virtual cores, and a step must take the same CPU time in every run it is compared
    with. So it is not fixed work: whatever slows the interpreter (shared caches, GIL hand-overs,
    the tracer) makes the step do less, not take longer; the UI and the README say so."""
    budget = time.thread_time_ns() + int(ms * 1e6)
    chunk = max(1, int(CHUNK_MS * ITERATIONS_PER_MS))
    x = seed
    while time.thread_time_ns() < budget:
        x = hash_chain(chunk, x)
    return x


def task_body(n, args):
    steps, step_s = args.steps, args.step_ms / 1000
    for step in range(1, steps + 1):
        if args.workload == "print-sleep":
            print(step)
            time.sleep(step_s)
        elif args.workload == "cpu":
            compute(args.step_ms, n + step)
            print(f"task {n}: step {step}/{steps} computed")
        elif args.workload == "io":
            time.sleep(step_s)
            print(f"task {n}: reply {step}/{steps} received")
        else:
            compute(args.step_ms, n + step)
            time.sleep(step_s)
            print(f"task {n}: step {step}/{steps} done")
        if args.fault and args.fault[1] == n and args.fault[2] == step:
            if args.fault[0] == "exit":
                # os._exit ends the whole interpreter, as a crash would: in a thread that is
                # every task; in a process, only this one.
                os._exit(1)
            raise RuntimeError(f"task {n} raised an error at step {step} (injected fault)")


def parse_fault(text):
    kind, task, step = text.split(":")
    return kind, int(task), int(step)


def main():
    global ITERATIONS_PER_MS
    parser = argparse.ArgumentParser()
    parser.add_argument("--workload", choices=["print-sleep", "cpu", "io", "mixed"], required=True)
    parser.add_argument("--executor", choices=["threads", "processes"], required=True)
    parser.add_argument("--tasks", type=int, required=True)
    parser.add_argument("--steps", type=int, required=True)
    parser.add_argument("--step-ms", type=int, required=True)
    parser.add_argument("--fault", type=parse_fault)
    args = parser.parse_args()
    if args.workload in ("cpu", "mixed"):
        ITERATIONS_PER_MS = calibrate()

    kind = threading.Thread if args.executor == "threads" else multiprocessing.Process
    workers = [kind(target=task_body, args=(n, args), name=f"task {n}") for n in range(1, args.tasks + 1)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


if __name__ == "__main__":
    main()
