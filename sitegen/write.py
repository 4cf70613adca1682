"""Writing public/: a staging folder filled during the build, applied only when the build succeeded.

Only files whose bytes changed are staged, so unchanged outputs keep their mtimes (rsync, CDNs).
Nothing is ever written outside the output folder, whatever a slug or path says.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


class WriteError(Exception):
    pass


def safe_join(root: Path, rel: str, checked: set[str] | None = None) -> Path:
    """root/rel, refusing absolute paths, '..' and anything that resolves outside root.
    `checked` remembers folders already resolved, so thousands of pages cost one realpath a folder."""
    parts = rel.replace("\\", "/").split("/")
    if rel.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\0" in rel:
        raise WriteError(f"refusing to write {rel!r}: the path would leave {root}")
    folder = os.path.join(root, *parts[:-1])
    if checked is None or folder not in checked:
        if not _inside(os.path.realpath(folder), os.path.realpath(root)):
            raise WriteError(f"refusing to write {rel!r}: a symlink makes it resolve outside {root}")
        if checked is not None:
            checked.add(folder)
    return root.joinpath(*parts)


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
    staged: list[str] = field(default_factory=list)
    _checked: set[str] = field(default_factory=set, repr=False)   # output folders known to be inside
    _made: set[str] = field(default_factory=set, repr=False)      # stage folders already created

    def __post_init__(self) -> None:
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.stage-", dir=self.output.parent))
        self.path.chmod(0o755)  # mkdtemp makes it 0700; on a first build it becomes public/ itself

    def put(self, rel: str, data: bytes) -> bool:
        """Stage `data` for output/rel unless output/rel already holds exactly these bytes."""
        if same_bytes(safe_join(self.output, rel, self._checked), data):
            return False
        target = os.path.join(self.path, rel)  # rel passed safe_join's checks; the stage is ours alone
        folder = os.path.dirname(target)
        if folder not in self._made:
            os.makedirs(folder, exist_ok=True)
            self._made.add(folder)
        with open(target, "wb") as fh:
            fh.write(data)
        return True

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
