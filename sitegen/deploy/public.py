"""What a deploy publishes from public/: every file in it, symlinks followed, the same for every target.

A symlink in public/ (one a user keeps there: `latest.html -> 2025/01/story/index.html`,
`topics -> tags`) is published as what it points to, a file or a folder of files: a host serves
its bytes whatever it makes of links (GitHub Pages does not follow them; an absolute link dangles
on another computer). Before, the folder target copied a file link's bytes but left out a
folder link with no word, while rsync and git published both as links. A link that leads out of
public/, leads nowhere, or into a folder it is in (a loop) stops the deploy before anything is
sent, each named with where it leads: publishing what it points to could put a private file on the
web, and a link would dangle there.

A name holding a line break (a newline or a carriage return) stops the deploy too, named: every
target keeps its list of the files it put there one a line, so `static/new<LF>line.txt` was listed
as `static/new` and `line.txt`, and a file of someone else's named `line.txt` was deleted as sitegen's.
The lists are read split at newlines only (not str.splitlines, which also splits at U+2028, U+0085,
form feeds), so any other name is listed and read back whole.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from ..write import RECORD
from .targets import DeployError

SUM_MARK = "# sha256 "   # a line of a target's list: a file's sha256 as sitegen put it there, then its path
GIT = ".git"   # never published, at any depth (see _walk)
_LINE_BREAK = re.compile(r"[\n\r]")


def site_files(public: Path, left_out: list[str] | None = None) -> dict[str, Path]:
    """rel -> its path in public/ (through the links on its way), for every file the deploy
    publishes: all of public/ but sitegen's record of it and any `.git`, links followed. Raises
    DeployError naming the links that lead out of public/, nowhere, or round in a loop. `left_out`:
    gets each `.git` left out (see left_out_note)."""
    root = public.resolve()
    files: dict[str, Path] = {}
    bad: list[str] = []
    skipped = left_out if left_out is not None else []
    _walk(public, "", root, [root], files, bad, skipped)
    if bad:
        more = f" and {len(bad) - 10} more" if len(bad) > 10 else ""
        raise DeployError(f"{len(bad)} symlink(s) in {public} cannot be published: {'; '.join(bad[:10])}{more}. "
                          "A link is published as the file or folder it points to, which must be inside "
                          f"{public.name}/; nothing was published. Put a copy of the file there instead (a file in "
                          "static/ is copied into it by each build), or delete the link, then deploy again")
    files.pop(RECORD, None)
    broken = [rel for rel in files if _LINE_BREAK.search(rel)]
    if broken:
        more = f" and {len(broken) - 10} more" if len(broken) > 10 else ""
        raise DeployError(f"{len(broken)} file(s) in {public} have a line break in their name and cannot be published: "
                          f"{', '.join(repr(rel) for rel in broken[:10])}{more}; nothing was published. Rename "
                          "them (in static/, or wherever the build takes them from), then deploy again")
    return dict(sorted(files.items()))


def list_lines(text: str) -> list[str]:
    """The lines of a target's list of files, split at newlines only: a name may hold U+2028 or a
    form feed, which str.splitlines splits at (a line break in a name is refused, site_files)."""
    return text.split("\n")


def list_sums(lines) -> dict[str, set[str]]:
    """A target's list's sha256s of each file (SUM_MARK lines), any of them sitegen's bytes: two
    for a file a deploy cut short may have left old or new (rsync); none in a list sitegen wrote
    before session 42."""
    sums: dict[str, set[str]] = {}
    for sha, _, rel in (line[len(SUM_MARK):].partition(" ") for line in lines or () if line.startswith(SUM_MARK)):
        if rel:
            sums.setdefault(rel, set()).add(sha)
    return sums


def left_out_note(public: Path, left_out: list[str]) -> str:
    return (f"left out {', '.join(left_out[:10])}{' ...' if len(left_out) > 10 else ''} in {public}: a git "
            "repository's own files (its config may hold a token) are never published, on any target")


def _walk(folder: Path, prefix: str, root: Path, stack: list[Path], files: dict[str, Path], bad: list[str],
          skipped: list[str]) -> None:
    """Add folder's files to `files` as prefix + name; `stack`: the real folders walked into, for loops.
    A `.git` (a checkout's folder, a worktree's file; Hugo's habit of a clone in public/) goes to
    `skipped`: the folder and rsync targets published its config, a token in its remote's URL."""
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        rel, path = prefix + entry.name, folder / entry.name
        if entry.name == GIT:
            skipped.append(f"{rel}/" if entry.is_dir() else rel)
            continue
        if not entry.is_symlink():
            if entry.is_dir():   # a real folder in a real one: its real path without a resolve() (100,000 of them)
                _walk(path, f"{rel}/", root, [*stack, stack[-1] / entry.name], files, bad, skipped)
            elif entry.is_file():   # not a fifo or a socket: what no target publishes
                files[rel] = path
            continue
        problem = _link_problem(path, root, stack)
        if problem:
            bad.append(f"{rel} -> {os.readlink(path)} ({problem})")
        elif path.is_dir():
            _walk(path, f"{rel}/", root, [*stack, path.resolve()], files, bad, skipped)
        else:
            files[rel] = path


def _link_problem(link: Path, root: Path, stack: list[Path]) -> str | None:
    """Why a link cannot be published, or None."""
    try:
        real = link.resolve(strict=True)
    except (OSError, RuntimeError):  # nothing there, or a link to itself
        return "it leads nowhere"
    if real != root and root not in real.parents:
        return f"it leads out of {root.name}/"
    if real in stack:
        return "it leads into a folder it is in: a loop"
    if not (real.is_file() or real.is_dir()):
        return "it leads to something that is neither a file nor a folder"
    return None


def digest(path: Path) -> str:
    """A file's sha256, as a target's list keeps it (SUM_MARK): a file edited by hand there is told by it."""
    import hashlib
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()
