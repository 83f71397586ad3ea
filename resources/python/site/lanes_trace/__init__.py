"""Lanes' tracer for real CPython programs.

Loaded by sitecustomize.py when the Lanes engine starts `python3 program.py` with
LANES_TRACE_FD set. It leaves the program's output untouched and reports, as JSON lines on
that file descriptor, what the program does: the threads and processes it starts, each print
(with the task that printed it), each time.sleep, when a thread waits for the GIL, and how each
task ends. Times are milliseconds since LANES_ORIGIN_NS on CLOCK_MONOTONIC, the clock the
engine's own events use.

    protocol   the records and the pipe they go down, the clock, which task a thread runs
    output     the program's stdout, passed through, each completed line reported as a print
    gil_watch  each task thread watched at its calls: when it waited for the GIL
    endings    how the program's processes and daemon threads end
    bootstrap  install(): the hooks into threading, multiprocessing, time.sleep and exit
"""

from .bootstrap import install

__all__ = ["install"]
