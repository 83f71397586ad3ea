"""The tracer's records and the pipe they go down (LANES_TRACE_FD): one JSON object a line, each
written whole, stamped on the engine's clock; and which task the calling thread runs."""

import json
import os
import stat
import threading
import time

MAIN_TASK = -1
# One os.write per record keeps records from different processes whole on the shared pipe
# (POSIX makes pipe writes up to PIPE_BUF = 4096 bytes atomic); longer prints are split.
CHUNK_CHARS = 1000
PIPE_BUF = 4096

fd = int(os.environ["LANES_TRACE_FD"])
origin_ns = int(os.environ["LANES_ORIGIN_NS"])
sleep_scale = float(os.environ.get("LANES_SLEEP_SCALE", "1"))
# Per thread: `task` (the task it runs) and `watch` (its GIL watch, gil_watch.py).
local = threading.local()
# The program's own process: processes it starts with the spawn or forkserver method load this
# module afresh, and must still know they are not the main program.
main_pid = int(os.environ.setdefault("LANES_MAIN_PID", str(os.getpid())))


def now_ms():
    return (time.monotonic_ns() - origin_ns) / 1e6


# This process's id, read once (a print costs a system call less) and again in a forked child.
_pid = [os.getpid()]
os.register_at_fork(after_in_child=lambda: _pid.__setitem__(0, os.getpid()))
_dumps = json.JSONEncoder(separators=(",", ":")).encode


def encode(record, at_ns=None):
    record["t"] = now_ms() if at_ns is None else (at_ns - origin_ns) / 1e6
    record["pid"] = _pid[0]
    return (_dumps(record) + "\n").encode("utf-8")


def write(lines):
    """Writes whole records, at most PIPE_BUF bytes at a time, so that each stays whole."""
    batch = b""
    try:
        for line in lines:
            if batch and len(batch) + len(line) > PIPE_BUF:
                os.write(fd, batch)
                batch = b""
            batch += line
        if batch:
            os.write(fd, batch)
    except OSError:
        pass  # the engine went away: the program carries on, as it would untraced


def emit(record, at_ns=None):
    line = encode(record, at_ns)
    watch = getattr(local, "watch", None)
    if watch is not None and watch.held:
        # The thread's held records first: its lane stays in time order.
        lines, watch.held = watch.held + [line], []
        write(lines)
    else:
        write((line,))


def current_task():
    return getattr(local, "task", MAIN_TASK)


def channel_open():
    """Whether LANES_TRACE_FD is the engine's pipe here. A Python the program starts some other
    way (subprocess) inherits the environment but not the pipe: the number may be a file the
    program opens, which the tracer must never write to."""
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        return False
    # Node's 'pipe' is a socket pair; a FIFO is what a shell's pipe would be.
    return stat.S_ISSOCK(mode) or stat.S_ISFIFO(mode)
