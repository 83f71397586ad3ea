"""Lanes' guard: what stands between the Lanes engine and a traced Python program.

The engine starts `python3 -I -S lanes_guard.py PYTHON PROGRAM [ARGS...]` as the leader of a
process group of its own. The guard starts `PYTHON PROGRAM ARGS` in that group, with the same
stdout, stderr and trace descriptor and with stdin from /dev/null, and waits for it. Its own stdin
is a pipe from the engine that the engine never writes to: when the engine dies, however it dies
(SIGKILL included), the kernel closes that pipe, and the guard kills the whole group at once: the
program and every process it started (fork, spawn and forkserver children stay in the group).
Nothing the program does can delay that (a thread computing in C while holding the GIL cannot),
and the program runs as it would untraced: no extra thread, no extra child of its own.

When the program ends, the guard ends the same way: the same exit code, or the same signal.
The guard is not traced (-S: no site, so no sitecustomize) and imports only what it needs.
"""

import os
import select
import signal
import sys

# Exit status a shell gives a command it could not start.
_CANNOT_START = 127


def _end_like(status):
    """Ends this process as the program ended: killed by the same signal, or the same code."""
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            import resource

            # The program's core dump (if any) is the program's; the guard leaves none of its own.
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        except (ImportError, ValueError, OSError):
            pass
        try:
            signal.signal(sig, signal.SIG_DFL)
        except (OSError, ValueError):
            pass  # SIGKILL and SIGSTOP keep their default: they cannot be caught
        os.kill(os.getpid(), sig)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1)


def main():
    if len(sys.argv) < 3:
        sys.stderr.write("lanes_guard.py: usage: lanes_guard.py PYTHON PROGRAM [ARGS...]\n")
        return 2
    command = sys.argv[1:]
    # SIGCHLD wakes the wait below through this pipe: no polling, no timer.
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    try:
        pid = os.posix_spawnp(
            command[0],
            command,
            os.environ,
            file_actions=[(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0)],
            # Python ignores these at start; the program starts with the defaults, as from a shell.
            setsigdef=(signal.SIGPIPE, signal.SIGXFSZ, signal.SIGCHLD),
        )
    except OSError as error:
        sys.stderr.write(f"could not start {command[0]}: {error.strerror}\n")
        return _CANNOT_START
    engine_alive = True
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            _end_like(status)
        watched = [wake_r, 0] if engine_alive else [wake_r]
        ready, _, _ = select.select(watched, [], [])
        if wake_r in ready:
            os.read(wake_r, 512)
        if 0 in ready and not os.read(0, 512):
            # The engine is gone: nothing it started may outlive it.
            engine_alive = False
            os.killpg(os.getpgrp(), signal.SIGKILL)


if __name__ == "__main__":
    sys.exit(main())
