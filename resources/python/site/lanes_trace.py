"""Lanes' tracer for real CPython programs.

Loaded by sitecustomize.py when the Lanes engine starts `python3 program.py` with
LANES_TRACE_FD set. It leaves the program's output untouched and reports, as JSON lines on
that file descriptor, what the program does: the threads and processes it starts, each print
(with the task that printed it), each time.sleep, and how each task ends. Times are
milliseconds since LANES_ORIGIN_NS on CLOCK_MONOTONIC, the clock the engine's own events use.
"""

import atexit
import json
import multiprocessing.process
import multiprocessing.util
import os
import stat
import sys
import threading
import time
import traceback

MAIN_TASK = -1
# One os.write per record keeps records from different processes whole on the shared pipe
# (POSIX makes pipe writes up to PIPE_BUF = 4096 bytes atomic); longer prints are split.
_CHUNK_CHARS = 1000

_fd = int(os.environ["LANES_TRACE_FD"])
_origin_ns = int(os.environ["LANES_ORIGIN_NS"])
_sleep_scale = float(os.environ.get("LANES_SLEEP_SCALE", "1"))
_real_sleep = time.sleep
_local = threading.local()
_counter_lock = threading.Lock()
_next_task = [0]
# The program's own process: processes it starts with the spawn or forkserver method load this
# module afresh, and must still know they are not the main program.
_main_pid = int(os.environ.setdefault("LANES_MAIN_PID", str(os.getpid())))
_ended = set()


def _now_ms():
    return (time.monotonic_ns() - _origin_ns) / 1e6


def _emit(record):
    record["t"] = _now_ms()
    record["pid"] = os.getpid()
    try:
        os.write(_fd, (json.dumps(record, separators=(",", ":")) + "\n").encode("utf-8"))
    except OSError:
        pass  # the engine went away: the program carries on, as it would untraced


def _current_task():
    return getattr(_local, "task", MAIN_TASK)


def _new_task(kind, name):
    with _counter_lock:
        task = _next_task[0]
        _next_task[0] += 1
    _emit({"k": "task", "task": task, "kind": kind, "name": name})
    _emit({"k": "state", "task": task, "state": "ready"})
    return task


def _where(error):
    """The traceback's last line and the line of the program it came from."""
    if isinstance(error, SyntaxError) and error.lineno:
        # The line is in the file being compiled, not in any frame.
        name = os.path.basename(error.filename or "")
        return f"{type(error).__name__}: {error.msg} (line {error.lineno}{f' of {name}' if name else ''})"
    frames = traceback.extract_tb(error.__traceback__)
    main = getattr(sys.modules.get("__main__"), "__file__", None)
    # The program's own line first (not the library line that raised), then any line outside
    # the threading and multiprocessing machinery.
    own = [f for f in frames if main and os.path.abspath(f.filename) == os.path.abspath(main)]
    user = [f for f in frames if not f.filename.endswith(("threading.py", "process.py"))]
    frame = (own or user or frames or [None])[-1]
    place = f" (line {frame.lineno} of {os.path.basename(frame.filename)})" if frame else ""
    return f"{type(error).__name__}: {error}{place}"


def _end(task, state, detail=None):
    if task in _ended:
        return
    _ended.add(task)
    _flush_line(task)
    record = {"k": "state", "task": task, "state": state}
    if detail:
        record["detail"] = detail
    _emit(record)


def _begin(task):
    _local.task = task
    _emit({"k": "os", "task": task, "tid": threading.get_native_id()})
    _emit({"k": "state", "task": task, "state": "running"})


class _TracedOut:
    """Writes through to the real stdout unchanged; reports each completed line as a print."""

    def __init__(self, real):
        self._real = real
        self._partial = {}

    def write(self, text):
        written = self._real.write(text)
        task = _current_task()
        pending = self._partial.get(task, "") + text
        *lines, rest = pending.split("\n")
        for line in lines:
            _report_print(task, line)
        self._partial[task] = rest
        return written

    def flush_task(self, task):
        rest = self._partial.pop(task, "")
        if rest:
            _report_print(task, rest)

    def __getattr__(self, name):
        return getattr(self._real, name)


def _report_print(task, line):
    chunks = [line[i:i + _CHUNK_CHARS] for i in range(0, len(line), _CHUNK_CHARS)] or [""]
    for index, chunk in enumerate(chunks):
        _emit({"k": "print", "task": task, "text": chunk, "more": index < len(chunks) - 1})


def _flush_line(task):
    out = sys.stdout
    if isinstance(out, _TracedOut):
        out.flush_task(task)


def _traced_sleep(seconds):
    task = _current_task()
    _emit({"k": "state", "task": task, "state": "sleeping"})
    try:
        _real_sleep(seconds * _sleep_scale)
    finally:
        _emit({"k": "state", "task": task, "state": "running"})


def _watch_engine():
    """Ends this program and every process it started if the Lanes engine dies: nothing it
    started may outlive it. The program leads its own process group (the engine made it so)."""
    engine = os.environ.get("LANES_ENGINE_PID")
    if not engine:
        return
    engine = int(engine)
    if os.getppid() != engine:
        return  # a process the program started (spawn or forkserver): the program's own watch covers it

    def watch():
        while True:
            _real_sleep(0.5)
            if os.getppid() != engine:
                os.killpg(os.getpgrp(), 9)

    threading.Thread(target=watch, name="lanes-engine-watch", daemon=True).start()


def _trace_channel_open():
    """Whether LANES_TRACE_FD is the engine's pipe here. A Python the program starts some other
    way (subprocess) inherits the environment but not the pipe: the number may be a file the
    program opens, which the tracer must never write to."""
    try:
        mode = os.fstat(_fd).st_mode
    except OSError:
        return False
    # Node's 'pipe' is a socket pair; a FIFO is what a shell's pipe would be.
    return stat.S_ISSOCK(mode) or stat.S_ISFIFO(mode)


def install():
    if not _trace_channel_open():
        return
    _watch_engine()  # before Thread.start is wrapped: the watcher is not one of the program's tasks
    sys.stdout = _TracedOut(sys.stdout)
    time.sleep = _traced_sleep

    # Wrappers sit above the frames a traceback shows, so errors print exactly as untraced.
    thread_start = threading.Thread.start
    thread_inner = threading.Thread._bootstrap_inner
    thread_hook = threading.excepthook

    def start(self):
        if os.getpid() == _main_pid:
            self._lanes_task = _new_task("thread", self.name)
        else:
            # A thread started inside a task's process works for that task.
            self._lanes_parent_task = _current_task()
        return thread_start(self)

    def bootstrap_inner(self):
        task = getattr(self, "_lanes_task", None)
        if task is None:
            _local.task = getattr(self, "_lanes_parent_task", MAIN_TASK)
            return thread_inner(self)
        _begin(task)
        try:
            return thread_inner(self)
        finally:
            _end(task, "done")  # a no-op when excepthook already reported the failure

    def excepthook(args):
        task = getattr(args.thread, "_lanes_task", None)
        if task is not None:
            _end(task, "failed", _where(args.exc_value))
        return thread_hook(args)

    threading.Thread.start = start
    threading.Thread._bootstrap_inner = bootstrap_inner
    threading.excepthook = excepthook

    main_hook = sys.excepthook

    def main_excepthook(kind, error, tb):
        # The main program raised (a SyntaxError in its file included): say where, then print
        # the traceback exactly as untraced.
        if os.getpid() == _main_pid:
            _flush_line(MAIN_TASK)
            _emit({"k": "state", "task": MAIN_TASK, "state": "failed", "detail": _where(error)})
        return main_hook(kind, error, tb)

    sys.excepthook = main_excepthook

    base = multiprocessing.process.BaseProcess
    process_start, process_bootstrap = base.start, base._bootstrap
    print_exc = traceback.print_exc

    def pstart(self):
        # Numbered in the parent; the child gets the number with the Process object.
        if os.getpid() == _main_pid:
            self._lanes_task = _new_task("process", self.name)
        return process_start(self)

    def bootstrap(self, *args, **kwargs):
        task = getattr(self, "_lanes_task", None)
        if task is None:
            return process_bootstrap(self, *args, **kwargs)
        _begin(task)
        failure = []

        def report_then_print(*a, **k):
            # multiprocessing prints a failed process's traceback with this very call.
            error = sys.exc_info()[1]
            if error is not None:
                failure.append(_where(error))
            return print_exc(*a, **k)

        traceback.print_exc = report_then_print
        code = process_bootstrap(self, *args, **kwargs)
        if code == 0:
            _end(task, "done")
        else:
            _end(task, "failed", failure[0] if failure else f"process exited with code {code}")
        return code

    base.start, base._bootstrap = pstart, bootstrap

    # The spawn and forkserver start methods (forkserver is Linux's default from Python 3.14)
    # start a fresh interpreter that keeps only the descriptors passed to it: pass the trace pipe.
    spawnv_passfds = multiprocessing.util.spawnv_passfds

    def spawnv_with_trace(path, args, passfds):
        return spawnv_passfds(path, args, sorted(set(passfds) | {_fd}))

    multiprocessing.util.spawnv_passfds = spawnv_with_trace
    atexit.register(_flush_line, MAIN_TASK)
    _emit({"k": "hello", "version": sys.version.split()[0], "tid": threading.get_native_id()})
