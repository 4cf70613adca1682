"""Build a test site from a folder under tests/sites/ into a scratch copy, with the fixed clock."""
from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from conftest import FIXED_NOW
from sitegen.build import Builder, BuildOptions, BuildResult
from sitegen.config import load_config
from sitegen.write import RECORD

SITES = Path(__file__).resolve().parent / "sites"


def copy_site(name: str, dest: Path) -> Path:
    """tests/sites/<name> copied to dest (the build writes public/ and .sitegen/ beside the input)."""
    shutil.copytree(SITES / name, dest, ignore=shutil.ignore_patterns("public", ".sitegen"))
    return dest


def build(root: Path, now: datetime = FIXED_NOW, base_url: str = "", **options) -> BuildResult:
    config = load_config(root)
    if base_url:
        config = config.with_base_url(base_url)
    return Builder(config, BuildOptions(**options)).build(now=now)


def build_copy(name: str, dest: Path, base_url: str = "", **options) -> Path:
    """Copy tests/sites/<name> to dest, build it, fail on any error; returns public/."""
    root = copy_site(name, dest)
    result = build(root, base_url=base_url, **options)
    assert result.ok, "\n".join(result.errors)
    return root / "public"


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under folder, by posix path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != RECORD}  # the record of what sitegen wrote differs build to build


def renamed_local_tag(root: Path) -> None:
    """The newsroom's tag 'Local' renamed 'Local News' on its two stories, its old address kept in
    site.toml as copied from the address bar of the site served from its folder (public/ at /public/)."""
    for name, old, new in (("council-budget.md", "Local]", "Local News]"), ("flood-defences.md", "[Local,", "[Local News,")):
        story = root / "content" / name
        story.write_text(story.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    with (root / "site.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[redirects]\n"/public/tags/local/" = "/tags/local-news/"\n')  # as copied, with the sub-path


def without_root_override(cmd: list[str], caps: str = "-dac_override,-dac_read_search") -> list[str]:
    """`cmd` as a plain account runs it: run as root, setpriv drops the capabilities `caps` names
    (by default root's override of file modes), so a 0000 folder is one it cannot read; the test
    skips, saying why, where setpriv is missing or cannot drop them."""
    if os.geteuid() != 0:
        return cmd
    drop = [shutil.which("setpriv") or "setpriv", "--bounding-set", caps, "--"]
    try:
        probe = subprocess.run([*drop, "true"], capture_output=True, text=True)
    except FileNotFoundError:
        pytest.skip("setpriv (util-linux) is missing: a root run cannot drop its override of file modes")
    if probe.returncode:
        pytest.skip(f"setpriv cannot drop root's override of file modes here: {probe.stderr.strip()}")
    return drop + cmd


def descendants(pid: int) -> set[int]:
    """Every process under `pid` (its children's children too), from /proc."""
    found, todo = set(), [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*"):
            try:
                kids = [int(k) for k in (task / "children").read_text().split()]
            except OSError:
                continue
            found.update(kids)
            todo += kids
    return found


def alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


THEME = Path(__file__).resolve().parent.parent / "templates"
STARTER_STORY = """---
title: Council story {n}
date: 2025-01-0{n}T10:00:00Z
authors: [Jane Doe]
tags: [Council]
language: {lang}
summary: Summary {n}.
---
Body of story {n} with a few words.
"""


def starter_site(tmp_path: Path, files: dict[str, str], de: bool = False) -> Path:
    """`sitegen init`'s site with two English stories (and a German one: `de`) in place of its welcome
    story, and `files` (path under the site -> text) written over it: a designer's theme edits."""
    from sitegen.init import init_site
    root = tmp_path / "site"
    init_site(root)
    (root / "content" / "welcome.md").unlink()
    for n, lang in ((1, "en"), (2, "en"), *([(3, "de")] if de else [])):
        (root / "content" / f"s{n}.md").write_text(STARTER_STORY.format(n=n, lang=lang), encoding="utf-8")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def theme_file(name: str, old: str = "", new: str = "") -> str:
    """The theme's templates/`name`, with `old` replaced by `new` (which must be there)."""
    text = (THEME / name).read_text(encoding="utf-8")
    assert old in text, (name, old)
    return text.replace(old, new, 1) if old else text


def base_with_body_end(extra: str) -> str:
    """The theme's base.html with `extra` just before </body>."""
    return theme_file("base.html", "</body>", extra + "\n</body>")
