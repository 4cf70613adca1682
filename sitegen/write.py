"""Writing public/: a staging folder filled during the build, applied only when the build succeeded.

Only files whose bytes changed are staged, so unchanged outputs keep their mtimes (rsync, CDNs).
Nothing is ever written outside the output folder, whatever a slug or path says.
"""
from __future__ import annotations

import os
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable


class WriteError(Exception):
    pass


def safe_join(root: Path, rel: str, checked: set[str] | None = None) -> Path:
    """root/rel, refusing absolute paths, '..' and anything that resolves outside root.
    `checked` remembers folders already looked at, so thousands of pages cost one lstat a folder;
    only a symlink costs a realpath."""
    parts = rel.replace("\\", "/").split("/")
    if rel.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\0" in rel:
        raise WriteError(f"refusing to write {rel!r}: the path would leave {root}")
    folder = str(root)
    for part in parts[:-1]:  # each folder on the way: known good, missing, a real folder, or a symlink
        folder = os.path.join(folder, part)
        if checked is not None and folder in checked:
            continue
        try:
            is_link = stat.S_ISLNK(os.lstat(folder).st_mode)
        except FileNotFoundError:
            is_link = False  # will be made as a real folder
        if is_link and not _inside(os.path.realpath(folder), os.path.realpath(root)):
            raise WriteError(f"refusing to write {rel!r}: a symlink makes it resolve outside {root}")
        if checked is not None:
            checked.add(folder)
    return root.joinpath(*parts)  # the file itself is replaced, never written through (Stage.apply)


def _inside(path: str, base: str) -> bool:
    return path == base or path.startswith(base + os.sep)


def same_bytes(path: Path | str, data: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as fh:
            return fh.read() == data
    except OSError:
        return False


@dataclass
class Stage:
    """A temporary folder beside the output folder (same file system, so moves are renames)."""
    output: Path
    path: Path = field(init=False)
    staged: Iterable[str] = field(default_factory=list)  # outputs to move in (the build passes a dict)
    _checked: set[str] = field(default_factory=set, repr=False)   # output folders known to be inside
    _made: set[str] = field(default_factory=set, repr=False)      # stage folders already created

    def __post_init__(self) -> None:
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.stage-", dir=self.output.parent))
        self.path.chmod(0o755)  # mkdtemp makes it 0700; on a first build it becomes public/ itself

    def put(self, rel: str, data: bytes) -> tuple[int, int] | None:
        """Stage `data` for output/rel unless output/rel already holds exactly these bytes.
        Returns the staged file's (size, mtime_ns), which moving it into place keeps; else None."""
        if same_bytes(safe_join(self.output, rel, self._checked), data):
            return None
        target = os.path.join(self.path, rel)  # rel passed safe_join's checks; the stage is ours alone
        folder = os.path.dirname(target)
        if folder not in self._made:
            os.makedirs(folder, exist_ok=True)
            self._made.add(folder)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)  # as open(): umask applies
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            st = os.fstat(fd)  # after the last write: the size and mtime the file keeps when moved
        finally:
            os.close(fd)
        return st.st_size, st.st_mtime_ns

    def apply(self, stale: set[str]) -> None:
        """Move staged files into the output folder, then delete outputs no longer produced."""
        if not self.output.exists():
            self.path.rename(self.output)      # first build: one rename
            return
        for rel in self.staged:
            target = safe_join(self.output, rel, self._checked)
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_dir():
                shutil.rmtree(target)
            os.replace(self.path / rel, target)
        for rel in sorted(stale):
            remove_output(self.output, rel)
        self.discard()

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def remove_output(output: Path, rel: str) -> None:
    """Delete output/rel and the folders it leaves empty."""
    try:
        target = safe_join(output, rel)
        target.unlink()
    except (OSError, WriteError):
        return
    parent = target.parent
    while parent != output and parent.is_relative_to(output):
        try:
            parent.rmdir()
        except OSError:
            break
        parent = parent.parent


def existing_files(output: Path) -> set[str]:
    if not output.is_dir():
        return set()
    return {p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file() or p.is_symlink()}
