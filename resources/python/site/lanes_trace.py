"""Lanes' tracer for real CPython programs.

Loaded by sitecustomize.py when the Lanes engine starts `python3 program.py` with
LANES_TRACE_FD set. It leaves the program's output untouched and reports, as JSON lines on
that file descriptor, what the program does: the threads and processes it starts, each print
(with the task that printed it), each time.sleep, when a thread waits for the GIL, and how each
task ends. Times are milliseconds since LANES_ORIGIN_NS on CLOCK_MONOTONIC, the clock the
engine's own events use.
"""

import atexit
import json
import multiprocessing.process
import multiprocessing.util
import os
import signal
import stat
import sys
import threading
import time
import traceback

MAIN_TASK = -1
# One os.write per record keeps records from different processes whole on the shared pipe
# (POSIX makes pipe writes up to PIPE_BUF = 4096 bytes atomic); longer prints are split.
_CHUNK_CHARS = 1000
_PIPE_BUF = 4096

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


# This process's id, read once (a print costs a system call less) and again in a forked child.
_pid = [os.getpid()]
os.register_at_fork(after_in_child=lambda: _pid.__setitem__(0, os.getpid()))
_dumps = json.JSONEncoder(separators=(",", ":")).encode


def _encode(record, at_ns=None):
    record["t"] = _now_ms() if at_ns is None else (at_ns - _origin_ns) / 1e6
    record["pid"] = _pid[0]
    return (_dumps(record) + "\n").encode("utf-8")


def _write(lines):
    """Writes whole records, at most PIPE_BUF bytes at a time, so that each stays whole."""
    batch = b""
    try:
        for line in lines:
            if batch and len(batch) + len(line) > _PIPE_BUF:
                os.write(_fd, batch)
                batch = b""
            batch += line
        if batch:
            os.write(_fd, batch)
    except OSError:
        pass  # the engine went away: the program carries on, as it would untraced


def _emit(record, at_ns=None):
    line = _encode(record, at_ns)
    watch = getattr(_local, "watch", None)
    if watch is not None and watch.held:
        # The thread's held records first: its lane stays in time order.
        lines, watch.held = watch.held + [line], []
        _write(lines)
    else:
        _write((line,))


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


# --- The GIL, seen from each thread ------------------------------------------------------------
# CPython runs Python code in one thread at a time: the thread holding the GIL. A thread that is
# ready to run but not running is waiting for it. No Python hook reports the GIL changing hands,
# so the tracer watches each task thread at its function calls and returns (sys.monitoring from
# Python 3.12, sys.setprofile before it) and asks the kernel how much CPU the thread used in
# between (CLOCK_THREAD_CPUTIME_ID). Wall time in which the thread was neither on a CPU nor
# asleep nor inside a call is time it waited for the GIL. A wait shorter than _WAIT_MIN_NS is
# not drawn; one that spans a call into C or into the standard library (a lock, a join, I/O)
# is drawn as a wait in that call.

_WAIT_MIN_NS = 1_000_000
# A gap this long between two sightings means the thread ran a loop that calls nothing: the
# tracer knows how long it waited in that gap, not when, and says so rather than guess. (A
# callback at every turn of a loop would show it, at several times the loop's cost.)
_BLIND_GAP_NS = 20_000_000
# Threads hand the GIL over every switch interval (5 ms): a wait far longer than a few turns
# may as well be for a lock.
_LOCK_LIKE_NS = 100_000_000
# How often the CPU clock is read while a thread calls functions densely: often enough that the
# kernel's own preemptions do not pile up into a wait that never was.
_CPU_REFRESH_NS = 10_000_000
# A write to the trace pipe lets go of the GIL, and a computing thread that lets go of it waits
# a whole switch interval to get it back: waits are held and written at most this often (and
# before anything else the thread reports), so that watching costs a thread one switch in 40.
_HOLD_NS = 200_000_000
_OWN_WRITE = "(the trace)"
_main_files = set()
_monitoring_tool = [None]


def _ms(ns):
    return f"{ns / 1e6:.1f} ms"


class _Watch:
    """One task thread's last sighting: the wall clock, its CPU clock, and the call it was in."""

    __slots__ = ("task", "wall", "cpu", "cpu_wall", "call", "floor", "held", "held_since")

    def __init__(self, task):
        self.task = task
        self.held = []
        self.held_since = 0
        self.reset(time.monotonic_ns())

    def reset(self, now):
        # Nothing is drawn before the task's last record: its lane stays in time order.
        self.wall = self.cpu_wall = self.floor = now
        self.cpu = time.thread_time_ns()
        self.call = None

    def seen(self, call):
        """The thread is running now; `call` is the library or C function it is about to enter."""
        now = time.monotonic_ns()
        gap = now - self.wall
        if gap >= _WAIT_MIN_NS or now - self.cpu_wall >= _CPU_REFRESH_NS:
            cpu = time.thread_time_ns()
            # Off the CPU since the clock was last read, and at most the whole gap: the thread
            # ran between the sightings before this one.
            off = min((now - self.cpu_wall) - (cpu - self.cpu), gap)
            self.cpu, self.cpu_wall = cpu, now
            if off >= _WAIT_MIN_NS and gap >= _WAIT_MIN_NS:
                # The thread ran for part of the gap, before it lost the GIL and after it got it
                # back; how much of each is not known, so the wait is drawn between halves.
                ran = gap - off
                self._waited(self.wall + ran // 2, now - (ran - ran // 2), gap)
            if self.held and now - self.held_since >= _HOLD_NS:
                lines, self.held = self.held, []
                _write(lines)
                # The write let go of the GIL: a wait to get it back shows at the next sighting,
                # as the tracer's own, not as the call the program is making.
                call = _OWN_WRITE
        self.wall = now
        self.call = call

    def _waited(self, start, end, gap):
        if gap > _BLIND_GAP_NS and not self.call and end - start < 0.9 * gap:
            # A loop that calls nothing, sharing the GIL: the thread was off the CPU this long,
            # but when is not known. Its lane stays running over the gap, and says so.
            detail = (
                f"on the CPU {_ms(gap - (end - start))} of these {_ms(gap)}: it waited {_ms(end - start)} "
                "for the GIL in all, but its loop calls no function, so when is not known"
            )
            self._hold("running", self.wall, detail)
            self._hold("running", end)
            return
        if self.call is _OWN_WRITE:
            detail = f"waited {_ms(end - start)} for the GIL after letting go of it to write this trace (the tracer's own cost)"
        elif self.call:
            detail = (
                f"off the CPU in {self.call}() for {_ms(end - start)}: waiting for the GIL, "
                "or for what the call waits on (a lock, I/O)"
            )
        elif end - start > _LOCK_LIKE_NS:
            # Python reports no call at a `with lock:` statement: a long wait there looks the same.
            detail = (
                f"off the CPU for {_ms(end - start)} in plain Python code: waiting for the GIL, "
                "or for a lock taken with a `with` statement"
            )
        else:
            detail = f"waited {_ms(end - start)} for the GIL: another thread held it"
        self._hold("waiting", start, detail)
        self._hold("running", end)

    def _hold(self, state, at, detail=None):
        at = max(at, self.floor)
        record = {"k": "state", "task": self.task, "state": state}
        if detail:
            record["detail"] = detail
        if not self.held:
            self.held_since = at
        self.held.append(_encode(record, at))


def _watch():
    return getattr(_local, "watch", None)


# Calls that can wait for something other than the GIL: a wait inside one is named by it. A wait
# inside any other call is for the GIL (often taken at the call itself: CPython hands the GIL
# over at calls, and the tracer's own callback is one).
_BLOCKING_NAMES = frozenset(
    "acquire join wait wait_for sleep get put read readline readlines readinto write writelines flush "
    "recv recv_into recvfrom send sendall sendto accept connect select poll input communicate "
    "waitpid getaddrinfo urlopen result".split()
)


def _blocking(name):
    return name if name.rsplit(".", 1)[-1] in _BLOCKING_NAMES else None


def _callable_name(target):
    return getattr(target, "__qualname__", None) or getattr(target, "__name__", None) or type(target).__name__


def _watch_with_monitoring():
    """Python 3.12+: events from the program's own code only; every other place is switched off
    the first time it fires, so library code runs at full speed."""
    monitoring = sys.monitoring
    events = monitoring.events
    for tool in (3, 4):  # the ids no standard tool (debugger, coverage, profiler, optimizer) uses
        try:
            monitoring.use_tool_id(tool, "lanes")
            break
        except ValueError:
            continue
    else:
        return False
    disable = monitoring.DISABLE

    def started_or_returned(code, *_):
        if code.co_filename not in _main_files:
            return disable
        watch = getattr(_local, "watch", None)
        if watch is not None:
            watch.seen(None)
        return None

    def calling(code, offset, target, arg0):
        if code.co_filename not in _main_files:
            return disable
        watch = getattr(_local, "watch", None)
        if watch is not None:
            inner = getattr(target, "__code__", None)
            watch.seen(None if inner is not None and inner.co_filename in _main_files else _blocking(_callable_name(target)))
        return None

    def c_returned(code, offset, target, arg0):
        if code.co_filename in _main_files:
            watch = getattr(_local, "watch", None)
            if watch is not None:
                watch.seen(None)

    # A generator of the program's own resuming and yielding: the turns of a loop over it.
    for event in (events.PY_START, events.PY_RETURN, events.PY_RESUME, events.PY_YIELD):
        monitoring.register_callback(tool, event, started_or_returned)
    monitoring.register_callback(tool, events.CALL, calling)
    monitoring.register_callback(tool, events.C_RETURN, c_returned)
    monitoring.register_callback(tool, events.C_RAISE, c_returned)
    monitoring.set_events(
        tool,
        events.PY_START
        | events.PY_RETURN
        | events.PY_RESUME
        | events.PY_YIELD
        | events.CALL
        | events.C_RETURN
        | events.C_RAISE,
    )
    _monitoring_tool[0] = tool
    return True


def _profile(frame, event, arg):
    """Python 3.8-3.11: a profile function in each task thread, seeing calls and returns in the
    program's own code and each step from it into C or the standard library and back."""
    watch = _local.watch
    code = frame.f_code
    if code.co_filename in _main_files:
        if event == "c_call":
            watch.seen(_blocking(getattr(arg, "__qualname__", None) or arg.__name__))
        else:
            watch.seen(None)
    elif event in ("call", "return"):
        caller = frame.f_back
        if caller is not None and caller.f_code.co_filename in _main_files:
            watch.seen(_blocking(code.co_name) if event == "call" else None)


def _ignore(frame, event, arg):
    return None


def _start_watching(main_file):
    _main_files.update({main_file, os.path.abspath(main_file)})
    if sys.version_info >= (3, 12) and _watch_with_monitoring():
        return "sys.monitoring"
    # Before 3.12 a profile function slows every loop of its thread (by about a third): the main
    # thread gets one too, so that code runs at one speed in every thread of the program.
    sys.setprofile(_ignore)
    return "sys.setprofile"


def _stop_watching_in_child():
    """A process started by fork inherits sys.monitoring; its one thread never shares a GIL."""
    tool = _monitoring_tool[0]
    if tool is not None:
        sys.monitoring.set_events(tool, 0)


class _TracedOut:
    """Writes through to the real stdout unchanged; reports each completed line as a print."""

    def __init__(self, real):
        self._real = real
        self._partial = {}

    def write(self, text):
        written = self._real.write(text)
        task = _current_task()
        if "\n" not in text:
            # print() writes each argument and separator apart: most writes end no line.
            self._partial[task] = self._partial.get(task, "") + text
            return written
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
    stamp = time.monotonic_ns()
    for index, chunk in enumerate(chunks):
        _emit({"k": "print", "task": task, "text": chunk, "more": index < len(chunks) - 1}, stamp)
    watch = _watch()
    if watch is not None and watch.task == task:
        # The print's own time, not after its write: the write may wait for the GIL, and that
        # wait is drawn after the print mark.
        watch.floor = stamp


def _flush_line(task):
    out = sys.stdout
    if isinstance(out, _TracedOut):
        out.flush_task(task)


def _traced_sleep(seconds):
    task = _current_task()
    watch = _watch()
    if watch is not None:
        watch.seen(None)
    _emit({"k": "state", "task": task, "state": "sleeping"})
    due = None
    try:
        scaled = seconds * _sleep_scale
        due = time.monotonic_ns() + int(scaled * 1e9)
        _real_sleep(scaled)
    finally:
        woke = time.monotonic_ns()
        if watch is not None and due is not None and woke - due >= _WAIT_MIN_NS:
            # time.sleep takes the GIL back before it returns: a thread that woke on time but
            # returns late was waiting for it.
            detail = f"woke on time, then waited {_ms(woke - due)} for the GIL (or for a free core)"
            _emit({"k": "state", "task": task, "state": "waiting", "detail": detail}, due)
        _emit({"k": "state", "task": task, "state": "running"}, woke)
        if watch is not None:
            watch.reset(woke)


# --- How the program's processes and daemon threads end ---------------------------------------
# A process the program ends itself ended as the program meant, not failed: Process.terminate()
# or kill(), a Pool's terminate() (which leaving a `with Pool` block calls), a Manager's shutdown,
# multiprocessing ending daemon processes at exit, os.kill(). The main program notes who sent
# which signal to which of its processes; when it sees one end (multiprocessing polls and joins
# them), it reports how: by the signal it sent (ended by the program), or as it saw it end (an
# exit code, a signal nobody in the program sent). The engine keeps a task's first end, so a
# process that reported its own end keeps it. Daemon threads still running at exit stop with
# the program, as Python means them to.

_real_kill = os.kill
_child_task = {}  # pid -> task: the processes the main program started that have not ended
_signalled = {}  # pid -> {signal number: (who sent it, when)}
_live_threads = {}  # task -> Thread: the main program's task threads still running
# Library code that ends processes for the program, by the file it is in.
_LIBRARY_ENDERS = (
    ("multiprocessing/managers.py", "the Manager's shutdown()"),
    ("concurrent/futures/process.py", "the ProcessPoolExecutor"),
)


def _who_signals(frame):
    """Who in the program sends a signal from `frame`: a Pool (at the end of its `with` block, at
    exit, or told to), a library that ends its processes, multiprocessing ending daemon processes
    at exit, else the Process method the program called, else the program's own os.kill()."""
    names = set()  # (file, function) of every frame, the file by its last two parts
    while frame is not None:
        code = frame.f_code
        names.add(("/".join(code.co_filename.replace(os.sep, "/").split("/")[-2:]), code.co_name))
        frame = frame.f_back
    files = {file for file, _ in names}
    at_exit = ("multiprocessing/util.py", "_exit_function") in names
    if "multiprocessing/pool.py" in files:
        if ("multiprocessing/pool.py", "__exit__") in names:
            return "the end of its `with Pool` block (Pool.terminate())"
        return "the Pool's clean-up at exit (Pool.terminate())" if at_exit else "Pool.terminate()"
    for file, who in _LIBRARY_ENDERS:
        if file in files:
            return who
    if at_exit:
        return "multiprocessing at exit, which ends daemon processes"
    for method in ("terminate", "kill"):
        if ("multiprocessing/process.py", method) in names:
            return f"Process.{method}()"
    return "os.kill()"


def _kill(pid, sig):
    if sig and pid in _child_task:
        _signalled.setdefault(pid, {})[sig] = (_who_signals(sys._getframe(1)), time.monotonic_ns())
    return _real_kill(pid, sig)


def _signal_name(number):
    try:
        return signal.Signals(number).name
    except ValueError:
        return number


def _child_ended(task, pid, code):
    """The main program saw its process `pid` end with multiprocessing's exit code `code`."""
    sent = _signalled.pop(pid, {})
    if code < 0 and -code in sent:
        who, at = sent[-code]
        _emit({"k": "ended", "task": task, "by": who, "signal": _signal_name(-code)}, at)
    elif code < 0:
        _emit({"k": "exit", "task": task, "signal": _signal_name(-code)})
    else:
        _emit({"k": "exit", "task": task, "code": code})


def _watch_child(process, task):
    """Reports how the process ends when the main program first sees it end (every wait, join,
    is_alive and exitcode of multiprocessing goes through its Popen's poll)."""
    popen = process._popen
    pid, poll = popen.pid, popen.poll
    _child_task[pid] = task

    def poll_and_report(*args, **kwargs):
        code = poll(*args, **kwargs)
        if code is not None and _child_task.pop(pid, None) is not None:
            _child_ended(task, pid, code)
        return code

    popen.poll = poll_and_report


def _daemons_at_exit():
    if os.getpid() != _main_pid:
        return
    for task in list(_live_threads):
        _flush_line(task)
        _emit({"k": "ended", "task": task, "by": "Python at exit (daemon threads stop with the program)"})


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
    # The GIL is watched in the program's own threads; a process it starts has a GIL of its own.
    main_program = os.getpid() == _main_pid and bool(sys.argv and sys.argv[0])
    watching = _start_watching(sys.argv[0]) if main_program else None
    # Lines reach the screen as they are printed, as in a terminal, where Python's output is
    # line-buffered: whatever the output is here (a pipe to the engine, the CLI's own output).
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(line_buffering=True)
        except (AttributeError, ValueError, OSError):
            pass  # not a text stream of io's (None, or replaced): left as it is
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
        _live_threads[task] = self
        if watching:
            _local.watch = _Watch(task)
            if watching == "sys.setprofile":
                sys.setprofile(_profile)
        try:
            return thread_inner(self)
        finally:
            if watching == "sys.setprofile":
                sys.setprofile(None)
            watch, _local.watch = _local.watch, None
            if watch:
                watch.seen(None)  # a last sighting: a wait since the last call is drawn too
                _write(watch.held)
            _live_threads.pop(task, None)
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
        started = process_start(self)
        if os.getpid() == _main_pid:
            _watch_child(self, self._lanes_task)
        return started

    def bootstrap(self, *args, **kwargs):
        _stop_watching_in_child()
        # Its parent's processes are not this process's to report.
        _child_task.clear()
        _live_threads.clear()
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
    os.kill = _kill
    atexit.register(_daemons_at_exit)
    atexit.register(_flush_line, MAIN_TASK)
    # Handlers run last registered first: multiprocessing's own (which ends pools and daemon
    # processes, and joins their threads) moves after the two above, so that a thread still
    # running when they look is one that Python stops at exit. The program's handlers, registered
    # later, still run before it, as untraced.
    atexit.unregister(multiprocessing.util._exit_function)
    atexit.register(multiprocessing.util._exit_function)
    hello = {"k": "hello", "version": sys.version.split()[0], "tid": threading.get_native_id()}
    if watching:
        hello["gil"] = watching
    _emit(hello)
