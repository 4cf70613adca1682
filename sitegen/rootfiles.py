"""Files published at the site's root from the `[paths] root` folder (root/ads.txt -> public/ads.txt).

Hugo's and Zola's static/ do this; sitegen's static/ is published under /static/, fingerprinted, so
ads.txt, a search engine's verification file, .well-known/security.txt or an old archive's pictures at
their old addresses had to be copied into public/ by hand, which is not in git: a fresh clone or a CI
deploy lost them. root/'s files are sitegen's outputs like any other (recorded, removed with their
source), published unchanged. Which of them may be published is decided here: none where sitegen
writes a page or file of its own, none over a file in public/ that sitegen did not write.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .write import folders_of, clashes, same_file

RESERVED = ("static/", "pagefind/")   # folders sitegen's own files fill: the fingerprinted static files, the search


@dataclass(frozen=True)
class Placed:
    kept: dict[str, Path]           # published: output rel path -> root/'s file
    adopted: tuple[str, ...] = ()   # the user's files in public/ with the same bytes, now sitegen's
    errors: tuple[str, ...] = ()    # each root/ file not published, and why
    notes: tuple[str, ...] = ()


def refused(rels: set[str], ours: set[str]) -> dict[str, str]:
    """root/'s files (`rels`) no build publishes -> the output of sitegen's in the way ('x/' for a folder
    sitegen fills): one at an output of `ours`, in a folder of one or holding one, or under RESERVED.
    The build asks it, and the import before copying an old site's files into root/ (rf48c 2)."""
    taken: dict[str, str] = {}
    for mine, rel in clashes(ours, rels):   # (sorted: the first of a folder's outputs named)
        taken.setdefault(rel, mine)
    taken.update((rel, rel.split("/")[0] + "/") for rel in rels if rel not in taken and rel.startswith(RESERVED))
    return taken


def place(root: dict[str, Path], shown: str, output: Path, ours: set[str], owned: set[str]) -> Placed:
    """Which of root/'s files (`root`: output rel -> source; `shown`: the folder as messages name it)
    are published: not one at the path of sitegen's own outputs (`ours`), nor in a folder of one or
    holding one (a page at about/index.html and root/about); over a file in public/ that sitegen
    did not write (not in `owned`, the last build's), only when its bytes are the same."""
    taken = refused(set(root), ours)
    errors = [f"{shown}/{rel}: would be published at {output / rel}, where the site has its own output "
              f"{output / mine}{'/' if mine.endswith('/') else ''}; not published (the rest was): rename or remove "
              f"{shown}/{rel}"
              for rel, mine in sorted(taken.items())]
    kept, adopted, notes = {}, [], []
    links = _linked(output, [rel for rel in root if rel not in taken])
    for rel, path in root.items():
        if rel in taken:
            continue
        if link := links.get(rel):
            errors.append(f"{shown}/{rel}: would be published at {output / rel}, but {output / link} is a link of "
                          "yours (not sitegen's: kept by every build), which sitegen writes nothing through; not "
                          f"published (the rest was): move {shown}/{rel} elsewhere, or remove the link")
            continue
        theirs = output / rel
        if rel not in owned and os.path.lexists(theirs) and not _sitegens_folder(theirs, rel, owned):
            if error := _not_adopted(theirs, path, f"{shown}/{rel}"):
                errors.append(error)
                continue
            adopted.append(rel)
            notes.append(f"{theirs}: the same as {shown}/{rel}, so it is now sitegen's, published from there (removed "
                         f"when {shown}/{rel} is)")
        kept[rel] = path
    return Placed(kept, tuple(adopted), tuple(errors), tuple(notes))


def _not_adopted(theirs: Path, path: Path, shown: str) -> str | None:
    """Why the user's `theirs` in public/ cannot become the root/ file `path`'s output (None: it can,
    a plain file of the same bytes). A link of theirs never can, whatever it points to."""
    if theirs.is_symlink():
        return (f"{shown}: {theirs} is there already, a link of yours (not sitegen's), which sitegen neither "
                f"replaces nor writes through; your link was kept and {shown} not published: remove the link "
                f"(or {shown}) and build again")
    if theirs.is_file() and same_file(theirs, path):
        return None
    return (f"{shown}: {theirs} is there already, not written by sitegen (put there by hand), and differs from "
            f"it; your file was kept and {shown} not published: delete one of the two (or copy the one you want "
            "over the other) and build again")


def _linked(output: Path, rels: list[str]) -> dict[str, str]:
    """rel -> the folder on its way in `output` that is a link (public/uploads -> /srv/uploads: the user's,
    as sitegen writes no links): staging a root/ file through it raised WriteError out of the build (rf48c 3)."""
    seen: dict[str, bool] = {}
    found = {}
    for rel in rels:
        for folder in folders_of(rel):
            if folder not in seen:
                seen[folder] = os.path.islink(output / folder)
            if seen[folder]:
                found[rel] = folder
                break
    return found


def _sitegens_folder(theirs: Path, rel: str, owned: set[str]) -> bool:
    """Whether `theirs` is a folder holding sitegen's files only (`owned`): a root/ folder become a file
    of that name (root/well/security.txt -> root/well), whose old outputs the build removes. It was
    taken for the user's, and the file never published (review48f). An empty folder is the user's."""
    if theirs.is_symlink() or not theirs.is_dir():
        return False
    for top, dirs, files in os.walk(theirs):
        at = os.path.relpath(top, theirs)
        links = [name for name in dirs if os.path.islink(os.path.join(top, name))]
        if not dirs and not files:
            return False
        folder = rel if at == "." else f"{rel}/{at}"
        if any(f"{folder}/{name}" not in owned for name in files + links):
            return False
    return True
