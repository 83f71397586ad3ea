"""install(): the tracer's hooks into the program, before its first line runs: threads and
processes it starts become numbered tasks, time.sleep and stdout are reported, errors are
placed, and what ends at exit is said. The main program's thread is a lane of its own (task
MAIN_TASK): running, sleeping, waiting in join() for its threads and processes, and its end."""

import atexit
import functools
import multiprocessing.process
import multiprocessing.util
import os
import sys
import threading
import time
import traceback

from . import endings, gil_watch, protocol
from .output import TracedOut, flush_line
from .protocol import MAIN_TASK, emit, local

_real_sleep = time.sleep
_counter_lock = threading.Lock()
_next_task = [0]
_ended = set()


def _new_task(kind, name):
    with _counter_lock:
        task = _next_task[0]
        _next_task[0] += 1
    emit({"k": "task", "task": task, "kind": kind, "name": name})
    emit({"k": "state", "task": task, "state": "ready"})
    return task


def _end(task, state, detail=None):
    if task in _ended:
        return
    _ended.add(task)
    flush_line(task)
    record = {"k": "state", "task": task, "state": state}
    if detail:
        record["detail"] = detail
    emit(record)


def _begin(task):
    local.task = task
    emit({"k": "os", "task": task, "tid": threading.get_native_id()})
    emit({"k": "state", "task": task, "state": "running"})


def _traced_sleep(seconds):
    task = protocol.current_task()
    watch = gil_watch.current()
    if watch is not None:
        watch.seen(None)
    emit({"k": "state", "task": task, "state": "sleeping"})
    due = None
    queued = gil_watch.run_queue_ns(watch.queue) if watch is not None else None
    try:
        scaled = seconds * protocol.sleep_scale
        due = time.monotonic_ns() + int(scaled * 1e9)
        _real_sleep(scaled)
    finally:
        woke = time.monotonic_ns()
        if watch is not None and due is not None and woke - due >= gil_watch.WAIT_MIN_NS:
            # time.sleep takes the GIL back before it returns: a thread that woke on time but
            # returns late waited for it, or (the kernel says how long) for a free core. Its
            # timing is measured (when it was due, when it returned), not inferred.
            waited, _ = gil_watch.queued_between(watch.queue, queued)
            state, detail = gil_watch.late_after_sleep(woke - due, waited)
            emit({"k": "state", "task": task, "state": state, "detail": detail}, due)
        emit({"k": "state", "task": task, "state": "running"}, woke)
        if watch is not None:
            watch.reset(woke)


def _main_thread_here():
    """Whether the caller is the main program: its process's main thread."""
    return os.getpid() == protocol.main_pid and threading.current_thread() is threading.main_thread()


def _joining(real_join, what):
    """`real_join` (Thread.join or Process.join), drawn in the main program's lane as a wait in
    join() for the task it joins; anywhere else it is only the call (named by the GIL watch, which
    knows it by its name: the wrapper is called join too)."""

    @functools.wraps(real_join)
    def join(self, *args, **kwargs):
        if not _main_thread_here():
            return real_join(self, *args, **kwargs)
        task = getattr(self, "_lanes_task", None)
        who = f"task {task + 1}" if task is not None else what
        emit({"k": "state", "task": MAIN_TASK, "state": "waiting", "detail": f"join(): waiting for {who} to end"})
        try:
            return real_join(self, *args, **kwargs)
        finally:
            _resume_main()

    return join


def _resume_main():
    """The main program runs again after a wait it drew itself: not a wait for the GIL."""
    now = time.monotonic_ns()
    emit({"k": "state", "task": MAIN_TASK, "state": "running"}, now)
    watch = gil_watch.current()
    if watch is not None:
        watch.reset(now)


def _shutting_down(shutdown):
    """Python's exit waits for the threads still running, as join() does: drawn as such."""

    def lanes_shutdown():
        waits = _main_thread_here() and any(
            t is not threading.main_thread() and not t.daemon and t.is_alive() for t in threading.enumerate()
        )
        if not waits:
            return shutdown()
        detail = "join() at exit: Python waits for the threads still running to end"
        emit({"k": "state", "task": MAIN_TASK, "state": "waiting", "detail": detail})
        try:
            return shutdown()
        finally:
            _resume_main()

    return lanes_shutdown


def _main_ended():
    """The main program's last word, after every other exit handler: the engine ends its lane
    with the interpreter's exit code."""
    if not _main_thread_here():
        return
    watch = gil_watch.current()
    if watch is not None:
        watch.seen(None)  # a wait since its last call is drawn too
    emit({"k": "state", "task": MAIN_TASK, "state": "done"})


def _forget_watch():
    """A process forked from a watched thread is not that thread: it has a GIL of its own."""
    watch, local.watch = gil_watch.current(), None
    if watch is not None:
        watch.close()  # the child's copy of the parent thread's statistics file
    if sys.getprofile() is gil_watch.profile:
        sys.setprofile(gil_watch.ignore)


def install():
    if not protocol.channel_open():
        return
    # The GIL is watched in the program's own threads; a process it starts has a GIL of its own.
    main_program = os.getpid() == protocol.main_pid and bool(sys.argv and sys.argv[0])
    watching = gil_watch.start_watching(sys.argv[0]) if main_program else None
    if watching:
        # The main thread is watched as the task threads are: its lane shows its waits too.
        local.watch = gil_watch.Watch(MAIN_TASK)
        if watching == "sys.setprofile":
            sys.setprofile(gil_watch.profile)
        os.register_at_fork(after_in_child=_forget_watch)
    # Lines reach the screen as they are printed, as in a terminal, where Python's output is
    # line-buffered: whatever the output is here (a pipe to the engine, the CLI's own output).
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(line_buffering=True)
        except (AttributeError, ValueError, OSError):
            pass  # not a text stream of io's (None, or replaced): left as it is
    sys.stdout = TracedOut(sys.stdout)
    time.sleep = _traced_sleep

    # Wrappers sit above the frames a traceback shows, so errors print exactly as untraced.
    thread_start = threading.Thread.start
    thread_inner = threading.Thread._bootstrap_inner
    thread_hook = threading.excepthook

    def start(self):
        if os.getpid() == protocol.main_pid:
            self._lanes_task = _new_task("thread", self.name)
        else:
            # A thread started inside a task's process works for that task.
            self._lanes_parent_task = protocol.current_task()
        return thread_start(self)

    def bootstrap_inner(self):
        task = getattr(self, "_lanes_task", None)
        if task is None:
            local.task = getattr(self, "_lanes_parent_task", MAIN_TASK)
            return thread_inner(self)
        _begin(task)
        endings.live_threads[task] = self
        if watching:
            local.watch = gil_watch.Watch(task)
            if watching == "sys.setprofile":
                sys.setprofile(gil_watch.profile)
        try:
            return thread_inner(self)
        finally:
            if watching == "sys.setprofile":
                sys.setprofile(None)
            watch, local.watch = local.watch, None
            if watch:
                watch.seen(None)  # a last sighting: a wait since the last call is drawn too
                protocol.write(watch.held)
                watch.close()
            endings.live_threads.pop(task, None)
            _end(task, "done")  # a no-op when excepthook already reported the failure

    def excepthook(args):
        task = getattr(args.thread, "_lanes_task", None)
        if task is not None:
            _end(task, "failed", endings.where(args.exc_value))
        return thread_hook(args)

    threading.Thread.start = start
    threading.Thread._bootstrap_inner = bootstrap_inner
    threading.excepthook = excepthook
    threading.Thread.join = _joining(threading.Thread.join, "a thread")
    threading._shutdown = _shutting_down(threading._shutdown)

    main_hook = sys.excepthook

    def main_excepthook(kind, error, tb):
        # The main program raised (a SyntaxError in its file included): say where, then print
        # the traceback exactly as untraced.
        if os.getpid() == protocol.main_pid:
            flush_line(MAIN_TASK)
            emit({"k": "state", "task": MAIN_TASK, "state": "failed", "detail": endings.where(error)})
        return main_hook(kind, error, tb)

    sys.excepthook = main_excepthook

    base = multiprocessing.process.BaseProcess
    process_start, process_bootstrap = base.start, base._bootstrap
    print_exc = traceback.print_exc

    def pstart(self):
        # Numbered in the parent; the child gets the number with the Process object.
        if os.getpid() == protocol.main_pid:
            self._lanes_task = _new_task("process", self.name)
        started = process_start(self)
        if os.getpid() == protocol.main_pid:
            endings.watch_child(self, self._lanes_task)
        return started

    def bootstrap(self, *args, **kwargs):
        gil_watch.stop_watching_in_child()
        # Its parent's processes are not this process's to report.
        endings.child_task.clear()
        endings.live_threads.clear()
        task = getattr(self, "_lanes_task", None)
        if task is None:
            return process_bootstrap(self, *args, **kwargs)
        _begin(task)
        failure = []

        def report_then_print(*a, **k):
            # multiprocessing prints a failed process's traceback with this very call.
            error = sys.exc_info()[1]
            if error is not None:
                failure.append(endings.where(error))
            return print_exc(*a, **k)

        traceback.print_exc = report_then_print
        code = process_bootstrap(self, *args, **kwargs)
        if code == 0:
            _end(task, "done")
        else:
            _end(task, "failed", failure[0] if failure else f"process exited with code {code}")
        return code

    base.start, base._bootstrap = pstart, bootstrap
    base.join = _joining(base.join, "a process")

    # The spawn and forkserver start methods (forkserver is Linux's default from Python 3.14)
    # start a fresh interpreter that keeps only the descriptors passed to it: pass the trace pipe.
    spawnv_passfds = multiprocessing.util.spawnv_passfds

    def spawnv_with_trace(path, args, passfds):
        return spawnv_passfds(path, args, sorted(set(passfds) | {protocol.fd}))

    multiprocessing.util.spawnv_passfds = spawnv_with_trace
    os.kill = endings.kill
    # Registered first, so run last (handlers run last registered first).
    atexit.register(_main_ended)
    atexit.register(endings.daemons_at_exit)
    atexit.register(flush_line, MAIN_TASK)
    # Handlers run last registered first: multiprocessing's own (which ends pools and daemon
    # processes, and joins their threads) moves after the two above, so that a thread still
    # running when they look is one that Python stops at exit. The program's handlers, registered
    # later, still run before it, as untraced.
    atexit.unregister(multiprocessing.util._exit_function)
    atexit.register(multiprocessing.util._exit_function)
    hello = {"k": "hello", "version": sys.version.split()[0], "tid": threading.get_native_id()}
    if watching:
        hello["gil"] = watching
    emit(hello)
