"""How the program's processes and daemon threads end, and where an error came from.

A process the program ends itself ended as the program meant, not failed: Process.terminate()
or kill(), a Pool's terminate() (which leaving a `with Pool` block calls), a Manager's shutdown,
multiprocessing ending daemon processes at exit, os.kill(). The main program notes who sent
which signal to which of its processes; when it sees one end (multiprocessing polls and joins
them), it reports how: by the signal it sent (ended by the program), or as it saw it end (an
exit code, a signal nobody in the program sent). The engine keeps a task's first end, so a
process that reported its own end keeps it. Daemon threads still running at exit stop with
the program, as Python means them to.
"""

import os
import signal
import sys
import time
import traceback

from . import protocol
from .output import flush_line

_real_kill = os.kill
child_task = {}  # pid -> task: the processes the main program started that have not ended
_signalled = {}  # pid -> {signal number: (who sent it, when)}
live_threads = {}  # task -> Thread: the main program's task threads still running
# Library code that ends processes for the program, by the file it is in.
_LIBRARY_ENDERS = (
    ("multiprocessing/managers.py", "the Manager's shutdown()"),
    ("concurrent/futures/process.py", "the ProcessPoolExecutor"),
)


def where(error):
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


def kill(pid, sig):
    if sig and pid in child_task:
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
        protocol.emit({"k": "ended", "task": task, "by": who, "signal": _signal_name(-code)}, at)
    elif code < 0:
        protocol.emit({"k": "exit", "task": task, "signal": _signal_name(-code)})
    else:
        protocol.emit({"k": "exit", "task": task, "code": code})


def watch_child(process, task):
    """Reports how the process ends when the main program first sees it end (every wait, join,
    is_alive and exitcode of multiprocessing goes through its Popen's poll)."""
    popen = process._popen
    pid, poll = popen.pid, popen.poll
    child_task[pid] = task

    def poll_and_report(*args, **kwargs):
        code = poll(*args, **kwargs)
        if code is not None and child_task.pop(pid, None) is not None:
            _child_ended(task, pid, code)
        return code

    popen.poll = poll_and_report


def daemons_at_exit():
    if os.getpid() != protocol.main_pid:
        return
    for task in list(live_threads):
        flush_line(task)
        protocol.emit({"k": "ended", "task": task, "by": "Python at exit (daemon threads stop with the program)"})
