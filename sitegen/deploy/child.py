"""Run rsync and git so that they end with the sitegen that started them, in scratch folders
that the next deploy removes when a kill left them.

A sitegen killed by its process ID alone (`kill -9 PID`, a CI timeout) left its rsync running on
its own, still sending and deleting after --delete-after while a new `sitegen build` took the lock
and rewrote public/; a `git push` likewise. Each child asks the kernel for SIGTERM when its parent
dies (PR_SET_PDEATHSIG): rsync and git stop on it as on Ctrl-C. The signal follows the *thread*
that started the child, not the process: subprocess.run waits for the child in that same thread,
so the thread outlives it.

The request is made by a preexec_fn only while this process has one thread: it runs Python in the
forked child, which can deadlock when other threads were alive at the fork, and a deploy may have
some (a library's thread: sitegen's own bars start none, but a caller's code may). Then a tiny Python makes it and
execs the program (_WRAPPER): 16 ms a child, where a git deploy starts about 18.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from typing import Any, Callable, Iterator

_SCRATCH = re.compile(r"^sitegen-(?:rsync|deploy)-(\d+)-")   # sitegen-rsync-<pid of its sitegen>-<random>
_NEW = "sitegen-new-"   # a scratch folder until its lock is held: the sweep never looks at it
LOCK = ".sitegen-scratch-lock"   # held (flock) by the deploy using the folder, for as long as it runs
# Run as `python -I -S -c _WRAPPER PARENT-PID PROGRAM ARGS...`: asks for SIGTERM at its parent's
# death, gives up if the parent died already (no signal would come), then becomes the program.
_WRAPPER = ("import ctypes,os,sys\n"
            f"ctypes.CDLL(None).prctl(1,{int(signal.SIGTERM)},0,0,0)\n"   # 1: PR_SET_PDEATHSIG
            "if os.getppid()!=int(sys.argv[1]):os._exit(1)\n"
            "try:os.execv(sys.argv[2],sys.argv[2:])\n"
            "except OSError as e:sys.stderr.write(f'{sys.argv[2]}: {e.strerror}\\n');os._exit(127)\n")


def run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess:
    """subprocess.run, the child ending when this process does (on Linux). A program not found
    raises FileNotFoundError naming it, as subprocess.run does."""
    if not sys.platform.startswith("linux") or not sys.executable:
        return _run_stopped_by_sigterm(cmd, **kwargs)
    if _threads() == 1:   # none can start another before the fork: prctl from a preexec_fn is safe
        return _run_stopped_by_sigterm(cmd, preexec_fn=_die_with_parent(), **kwargs)
    env = kwargs.get("env")
    program = shutil.which(cmd[0], path=(env if env is not None else os.environ).get("PATH", os.defpath))
    if program is None:
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), cmd[0])
    return _run_stopped_by_sigterm([sys.executable, "-I", "-S", "-c", _WRAPPER, str(os.getpid()), program, *cmd[1:]],
                                   **kwargs)


def _run_stopped_by_sigterm(cmd: list[str], input: Any = None, capture_output: bool = False,
                            timeout: float | None = None, **kwargs: Any) -> subprocess.CompletedProcess:
    """subprocess.run (no check, no timeout), but a stop while the child runs sends it SIGTERM, as
    sitegen's death does: a SIGTERM to sitegen is a KeyboardInterrupt in it (cli._stop_on_sigterm),
    on which subprocess.run SIGKILLed the child 0.25 s later, and rsync or git so killed leave their
    temporary and lock files. Like subprocess.run, waits at most 0.25 s for it then. `timeout`: as
    subprocess.run's (TimeoutExpired), the child sent SIGTERM as on a stop."""
    if input is not None:
        kwargs["stdin"] = subprocess.PIPE
    if capture_output:
        kwargs["stdout"] = kwargs["stderr"] = subprocess.PIPE
    with subprocess.Popen(cmd, **kwargs) as process:
        try:
            out, err = process.communicate(input, timeout)
        except BaseException:
            process.terminate()
            raise
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def _threads() -> int:
    """This process's threads, C libraries' too (0 when /proc cannot tell)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 0


def _die_with_parent() -> Callable[[], None] | None:
    """The preexec_fn that sets PR_SET_PDEATHSIG; None where there is no prctl.
    prctl is looked up here, in the parent: the child between fork and exec only calls it."""
    try:
        import ctypes
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError, ImportError):
        return None
    parent = os.getpid()

    def set_signal() -> None:
        prctl(1, int(signal.SIGTERM), 0, 0, 0)   # 1: PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent died before prctl took effect: no signal will come
            os._exit(1)
    return set_signal


@contextlib.contextmanager
def scratch(kind: str) -> Iterator[str]:
    """A temporary folder named after this process (sitegen-KIND-PID-...), made once the ones
    killed deploys left are removed: each held a copy of the site (git's index and objects, rsync's
    lists), and /tmp filled up with them. Its lock file is held until it is removed: the sweep of
    another deploy removes only folders whose lock it can take. The folder gets its name once the
    lock is held, so no sweep sees it unlocked."""
    sweep_scratch()
    new = tempfile.mkdtemp(prefix=_NEW)
    try:
        fd = os.open(os.path.join(new, LOCK), os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    except OSError:
        shutil.rmtree(new, ignore_errors=True)
        raise
    path = os.path.join(os.path.dirname(new), f"sitegen-{kind}-{os.getpid()}-{os.path.basename(new)[len(_NEW):]}")
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.rename(new, path)
        new = path
        yield path
    finally:
        shutil.rmtree(new, ignore_errors=True)   # before the lock is let go: no sweep meets it half removed
        os.close(fd)


def sweep_scratch() -> None:
    """Remove this user's scratch folders whose deploy is gone: those whose lock can be taken. The
    PID in the name is no proof (another PID namespace, a container or CI job sharing /tmp, does not
    see that process): a folder whose process is seen running is skipped without a look, and one
    without a lock file (an older sitegen's) is left alone."""
    top = tempfile.gettempdir()
    try:
        entries = list(os.scandir(top))
    except OSError:
        return
    for entry in entries:
        m = _SCRATCH.match(entry.name)
        try:
            if m and entry.is_dir(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_uid == os.getuid() \
                    and not _running(int(m[1])):
                _remove_if_unlocked(entry.path)
        except OSError:
            continue


def _remove_if_unlocked(path: str) -> None:
    try:
        fd = os.open(os.path.join(path, LOCK), os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)   # BlockingIOError: its deploy runs
        shutil.rmtree(path, ignore_errors=True)
    except OSError:
        pass
    finally:
        os.close(fd)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:   # another user's process runs under that number
        return True
    return True
