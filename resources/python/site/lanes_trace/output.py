"""The program's standard output, written through unchanged; each completed line is reported as
a print of the task whose thread wrote it, split into chunks that each fit one pipe write."""

import sys
import time

from . import protocol


class TracedOut:
    """Writes through to the real stdout unchanged; reports each completed line as a print."""

    def __init__(self, real):
        self._real = real
        self._partial = {}

    def write(self, text):
        written = self._real.write(text)
        task = protocol.current_task()
        if "\n" not in text:
            # print() writes each argument and separator apart: most writes end no line.
            self._partial[task] = self._partial.get(task, "") + text
            return written
        pending = self._partial.get(task, "") + text
        *lines, rest = pending.split("\n")
        for line in lines:
            report_print(task, line)
        self._partial[task] = rest
        return written

    def flush_task(self, task):
        rest = self._partial.pop(task, "")
        if rest:
            report_print(task, rest)

    def __getattr__(self, name):
        return getattr(self._real, name)


def report_print(task, line):
    size = protocol.CHUNK_CHARS
    chunks = [line[i:i + size] for i in range(0, len(line), size)] or [""]
    stamp = time.monotonic_ns()
    for index, chunk in enumerate(chunks):
        protocol.emit({"k": "print", "task": task, "text": chunk, "more": index < len(chunks) - 1}, stamp)
    watch = getattr(protocol.local, "watch", None)
    if watch is not None and watch.task == task:
        # The print's own time, not after its write: the write may wait for the GIL, and that
        # wait is drawn after the print mark.
        watch.floor = stamp


def flush_line(task):
    out = sys.stdout
    if isinstance(out, TracedOut):
        out.flush_task(task)
