"""The GIL, seen from each thread.

CPython runs Python code in one thread at a time: the thread holding the GIL. A thread that is
ready to run but not running is waiting for it. No Python hook reports the GIL changing hands,
so the tracer watches each task thread at its function calls and returns (sys.monitoring from
Python 3.12, sys.setprofile before it) and asks the kernel how much CPU the thread used in
between (CLOCK_THREAD_CPUTIME_ID). Wall time in which the thread was neither on a CPU nor
asleep nor inside a call is time it waited for the GIL, or for a free core: on Linux the kernel
says how much of it the thread spent ready on its run queue with no core free
(/proc/thread-self/schedstat), and a wait mostly spent there is drawn "ready", not waiting for
the GIL; elsewhere the wait says it may be either. A wait shorter than WAIT_MIN_NS is not
drawn; one that spans a call into C or into the standard library (a lock, a join, I/O) is drawn
as a wait in that call. Where in the gap the wait fell is not seen, only placed (between the
halves of the time the thread ran): every such state is marked inferred.
"""

import os
import sys
import time

from . import protocol

WAIT_MIN_NS = 1_000_000
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
# A wait at least this much of which the kernel saw the thread ready on its run queue, with no
# core free, is drawn "ready" (it waited for a core); less is a wait for the GIL, as drawn.
_QUEUED_SHARE = 0.5
_main_files = set()
_monitoring_tool = [None]


def ms(ns):
    return f"{ns / 1e6:.1f} ms"


def open_run_queue():
    """The calling thread's scheduler statistics (Linux), or None where the system has none."""
    try:
        return os.open("/proc/thread-self/schedstat", os.O_RDONLY)
    except (OSError, AttributeError):
        return None


def _gil_holding_pread():
    """pread(2) called without letting go of the GIL, or None where ctypes cannot make one.

    os.pread lets go of the GIL around the read. A computing thread that lets go of it every
    few milliseconds resets the switch-interval clock of the thread waiting for it, which then
    never asks for its turn: the watched threads would take turns of 100 ms and more instead of
    5 ms (seen with Python 3.13). The read of a /proc file takes microseconds; holding the GIL
    through it leaves the turns as they would be unwatched."""
    try:
        import ctypes

        libc = ctypes.PyDLL(None)
        call = libc.pread
        call.restype = ctypes.c_ssize_t
        call.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_long)
        buffer = ctypes.create_string_buffer(128)
    except (ImportError, OSError, AttributeError):
        return None

    def read(fd):
        count = call(fd, buffer, 128, 0)
        if count <= 0:
            raise OSError("schedstat could not be read")
        return buffer.raw[:count]

    return read


_pread = None


def run_queue_ns(fd):
    """Time the thread has spent ready on a run queue, waiting for a core, in ns (or None)."""
    global _pread
    if fd is None:
        return None
    if _pread is None:
        _pread = _gil_holding_pread() or (lambda descriptor: os.pread(descriptor, 128, 0))
    try:
        # "<on the CPU ns> <waiting on a run queue ns> <time slices>"
        return int(_pread(fd).split()[1])
    except (OSError, ValueError, IndexError):
        return None


def queued_between(fd, before):
    """(run-queue time since `before`, the reading now), both None where it cannot be read."""
    now = run_queue_ns(fd)
    if now is None or before is None:
        return None, now
    return max(0, now - before), now


def core_note(queued, wait):
    """What the kernel says of a wait's cause: how much of it the thread had no free core."""
    if queued is None:
        return " (or for a free core: this system does not say which)"
    if queued >= WAIT_MIN_NS:
        return f"; {ms(min(queued, wait))} of it ready to run with no core free"
    return ""


def late_after_sleep(woke_late, queued):
    """A thread that woke on time but returned late: the state and words for the delay."""
    if queued is not None and queued >= _QUEUED_SHARE * woke_late:
        return "ready", f"woke on time, then waited {ms(woke_late)}: no core was free (the OS ran other work)"
    return "waiting", f"woke on time, then waited {ms(woke_late)} for the GIL{core_note(queued, woke_late)}"


class Watch:
    """One task thread's last sighting: the wall clock, its CPU clock, and the call it was in."""

    __slots__ = ("task", "wall", "cpu", "cpu_wall", "call", "floor", "held", "held_since", "queue", "queued")

    def __init__(self, task):
        self.task = task
        self.held = []
        self.held_since = 0
        # Made in the thread it watches: the statistics are this thread's.
        self.queue = open_run_queue()
        self.reset(time.monotonic_ns())

    def reset(self, now):
        # Nothing is drawn before the task's last record: its lane stays in time order.
        self.wall = self.cpu_wall = self.floor = now
        self.cpu = time.thread_time_ns()
        self.queued = run_queue_ns(self.queue)
        self.call = None

    def close(self):
        if self.queue is not None:
            os.close(self.queue)
            self.queue = None

    def seen(self, call):
        """The thread is running now; `call` is the library or C function it is about to enter."""
        now = time.monotonic_ns()
        gap = now - self.wall
        if gap >= WAIT_MIN_NS or now - self.cpu_wall >= _CPU_REFRESH_NS:
            cpu = time.thread_time_ns()
            # Off the CPU since the clock was last read, and at most the whole gap: the thread
            # ran between the sightings before this one.
            off = min((now - self.cpu_wall) - (cpu - self.cpu), gap)
            queued, self.queued = queued_between(self.queue, self.queued)
            self.cpu, self.cpu_wall = cpu, now
            if off >= WAIT_MIN_NS and gap >= WAIT_MIN_NS:
                # The thread ran for part of the gap, before it lost the GIL and after it got it
                # back; how much of each is not known, so the wait is drawn between halves.
                ran = gap - off
                self._waited(self.wall + ran // 2, now - (ran - ran // 2), gap, queued)
            if self.held and now - self.held_since >= _HOLD_NS:
                lines, self.held = self.held, []
                protocol.write(lines)
                # The write let go of the GIL: a wait to get it back shows at the next sighting,
                # as the tracer's own, not as the call the program is making.
                call = _OWN_WRITE
        self.wall = now
        self.call = call

    def _waited(self, start, end, gap, queued):
        wait = end - start
        note = core_note(queued, wait)
        if gap > _BLIND_GAP_NS and not self.call and wait < 0.9 * gap:
            # A loop that calls nothing, sharing the GIL: the thread was off the CPU this long,
            # but when is not known. Its lane stays running over the gap, and says so.
            detail = (
                f"on the CPU {ms(gap - wait)} of these {ms(gap)}: it waited {ms(wait)} "
                f"for the GIL in all{note}, but its loop calls no function, so when is not known"
            )
            self._hold("running", self.wall, detail)
            self._hold("running", end)
            return
        if queued is not None and queued >= _QUEUED_SHARE * wait:
            # The kernel had it ready to run and no core to run it on: a wait for a core.
            detail = (
                f"ready to run for {ms(wait)}, but no core was free: the OS ran other work "
                f"({ms(min(queued, wait))} on its run queue)"
            )
            self._hold("ready", start, detail)
            self._hold("running", end)
            return
        if self.call is _OWN_WRITE:
            detail = (
                f"waited {ms(wait)} for the GIL after letting go of it to write this trace "
                f"(the tracer's own cost){note}"
            )
        elif self.call:
            detail = (
                f"off the CPU in {self.call}() for {ms(wait)}: waiting for the GIL, "
                f"or for what the call waits on (a lock, I/O){note}"
            )
        elif wait > _LOCK_LIKE_NS:
            # Python reports no call at a `with lock:` statement: a long wait there looks the same.
            detail = (
                f"off the CPU for {ms(wait)} in plain Python code: waiting for the GIL, "
                f"or for a lock taken with a `with` statement{note}"
            )
        else:
            detail = f"waited {ms(wait)} for the GIL: another thread held it{note}"
        self._hold("waiting", start, detail)
        self._hold("running", end)

    def _hold(self, state, at, detail=None):
        at = max(at, self.floor)
        record = {"k": "state", "task": self.task, "state": state}
        if detail:
            # Placed between two sightings, not seen: the lane says it is inferred.
            record["detail"] = detail
            record["inferred"] = True
        if not self.held:
            self.held_since = at
        self.held.append(protocol.encode(record, at))


def current():
    """The calling thread's watch, or None where it is not watched."""
    return getattr(protocol.local, "watch", None)


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
    local = protocol.local

    def started_or_returned(code, *_):
        if code.co_filename not in _main_files:
            return disable
        watch = getattr(local, "watch", None)
        if watch is not None:
            watch.seen(None)
        return None

    def calling(code, offset, target, arg0):
        if code.co_filename not in _main_files:
            return disable
        watch = getattr(local, "watch", None)
        if watch is not None:
            inner = getattr(target, "__code__", None)
            watch.seen(None if inner is not None and inner.co_filename in _main_files else _blocking(_callable_name(target)))
        return None

    def c_returned(code, offset, target, arg0):
        if code.co_filename in _main_files:
            watch = getattr(local, "watch", None)
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


def profile(frame, event, arg):
    """Python 3.8-3.11: a profile function in each task thread, seeing calls and returns in the
    program's own code and each step from it into C or the standard library and back."""
    watch = protocol.local.watch
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


def ignore(frame, event, arg):
    return None


def start_watching(main_file):
    _main_files.update({main_file, os.path.abspath(main_file)})
    if sys.version_info >= (3, 12) and _watch_with_monitoring():
        return "sys.monitoring"
    # Before 3.12 a profile function slows every loop of its thread (by about a third): the main
    # thread gets one too, so that code runs at one speed in every thread of the program.
    sys.setprofile(ignore)
    return "sys.setprofile"


def stop_watching_in_child():
    """A process started by fork inherits sys.monitoring; its one thread never shares a GIL."""
    tool = _monitoring_tool[0]
    if tool is not None:
        sys.monitoring.set_events(tool, 0)
