"""Publish to a folder on this machine: copy new and changed files, switch them in, then delete.

Every new or changed file is first copied to a temporary name beside its destination (same file
system), and only when all copies succeeded are they renamed into place, assets before pages and
the front page last, so a reader never gets a page whose stylesheet is not there yet. Pages the
site no longer has are deleted after the switch. A first deploy to a missing folder is staged
whole and appears with one rename.

Only files sitegen put there are ever deleted: their list is kept in MANIFEST inside the folder,
so files a server admin added (.well-known/, a legacy page) are left alone and reported.
"""
from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..write import WriteError, remove_output, safe_join
from .targets import Changes, DeployError

MANIFEST = ".sitegen-deploy"
_TMP_SUFFIX = ".sitegen-tmp"


@dataclass(frozen=True)
class Plan:
    sources: dict[str, Path]      # rel -> file in public/
    added: list[str]
    updated: list[str]
    removed: list[str]
    foreign: int                  # files in the folder sitegen did not put there


def publish_folder(public: Path, dest: Path, dry_run: bool) -> Changes:
    plan = make_plan(public, dest)
    changes = Changes(str(dest), plan.added, plan.updated, plan.removed,
                      sum(plan.sources[r].stat().st_size for r in plan.added + plan.updated))
    if plan.foreign:
        changes.notes.append(f"{plan.foreign} file(s) in {dest} were not put there by sitegen and were left "
                             f"alone; delete them by hand if they are stale")
    if dry_run:
        return changes
    try:
        if dest.exists():
            _switch(plan, dest)
        else:
            _first(plan, dest)
    except (OSError, WriteError) as exc:
        raise DeployError(f"could not write to {dest}: {exc}; the site there may be partly updated, "
                          "fix the cause and deploy again") from None
    return changes


def source_files(public: Path) -> dict[str, Path]:
    return {p.relative_to(public).as_posix(): p for p in sorted(public.rglob("*")) if p.is_file()}


def make_plan(public: Path, dest: Path) -> Plan:
    sources = source_files(public)
    added, updated = [], []
    for rel, src in sources.items():
        target = dest / rel
        if not target.is_file() or target.is_symlink():
            added.append(rel)
        elif not same_file(src, target):
            updated.append(rel)
    previous = read_manifest(dest)
    removed = sorted(rel for rel in previous - sources.keys() if _exists(dest, rel))
    foreign = 0
    if dest.is_dir():
        known = previous | sources.keys() | {MANIFEST}
        foreign = sum(1 for p in dest.rglob("*") if (p.is_file() or p.is_symlink())
                      and p.relative_to(dest).as_posix() not in known and not p.name.endswith(_TMP_SUFFIX))
    return Plan(sources, added, updated, removed, foreign)


def same_file(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while chunk := fa.read(1 << 20):
            if chunk != fb.read(len(chunk)):
                return False
    return True


def read_manifest(dest: Path) -> set[str]:
    try:
        lines = (dest / MANIFEST).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return set()
    return {line for line in lines if line and not line.startswith("#")}


def _exists(dest: Path, rel: str) -> bool:
    try:
        return safe_join(dest, rel).is_file()
    except WriteError:  # a tampered manifest must not make us delete outside the folder
        return False


def _switch_order(rel: str) -> tuple:
    """Assets and feeds first, then pages deepest first, the front page last."""
    return (rel.endswith(".html"), rel == "index.html", -rel.count("/"), rel)


def _switch(plan: Plan, dest: Path) -> None:
    staged: list[tuple[Path, Path]] = []
    try:
        for rel in sorted(plan.added + plan.updated, key=_switch_order):
            target = safe_join(dest, rel)
            _make_parent(dest, target)
            staged.append((_copy_beside(plan.sources[rel], target), target))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, target in staged:
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        os.replace(tmp, target)
    for rel in plan.removed:
        remove_output(dest, rel)
    _write_manifest(dest, plan.sources)


def _first(plan: Plan, dest: Path) -> None:
    """Nothing there yet: stage the whole site beside it, then one rename."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    stage = dest.parent / f".{dest.name}.{secrets.token_hex(4)}{_TMP_SUFFIX}"
    stage.mkdir()  # not mkdtemp: its 0700 would hide the site from the web server; this follows umask
    try:
        for rel, src in plan.sources.items():
            target = stage / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
            shutil.copymode(src, target)
        _write_manifest(stage, plan.sources)
        os.rename(stage, dest)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


def _copy_beside(src: Path, target: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=_TMP_SUFFIX, dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        shutil.copyfile(src, tmp)
        shutil.copymode(src, tmp)  # mkstemp's 0600 would hide the page from the web server
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _make_parent(dest: Path, target: Path) -> None:
    """Create target's folders; a file standing where a folder must go is a page that moved."""
    folder = dest
    for part in target.relative_to(dest).parts[:-1]:
        folder = folder / part
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            folder.unlink()
        folder.mkdir(exist_ok=True)


def _write_manifest(dest: Path, sources: dict[str, Path]) -> None:
    text = "# files published by `sitegen deploy`; only these are ever deleted from this folder\n"
    text += "".join(f"{rel}\n" for rel in sources)
    path = dest / MANIFEST
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    tmp = path.with_name(MANIFEST + _TMP_SUFFIX)
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
