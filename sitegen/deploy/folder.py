"""Publish to a folder on this machine: one release folder per deploy, switched in by one symlink.

    /var/www/news -> .news.releases/20250120T120000.123456789-1a2b3c4d/     (a symlink, replaced atomically)

Each deploy builds a complete new release beside the others: files unchanged since the live
release are hard links to it (no copy, no extra space), new and changed ones are copied from
public/. Only when the release is whole does the symlink switch to it, with one rename: a web
server sees the old site or the new one, never a mix, and a deploy killed at any moment leaves
the live site untouched (its half-made release is removed by the next deploy). The release
before is kept for `sitegen deploy --rollback`; older ones are deleted.

Only files sitegen put there are ever dropped: their list is kept in MANIFEST inside each
release, so files a server admin added (.well-known/, a legacy page) are carried into every new
release and reported; one the site replaces (robots.txt, 404.html) is named and kept in
.NAME.replaced/ beside the releases, which sitegen never prunes; so is a link in place of one of
its pages (a release holds copies, never links). Something of someone else's of another kind than
the site has at a path (their file 'tags', the site's tags/) stops the deploy before anything is made.
A folder that is not yet a sitegen release (a first deploy into an existing web root) is switched
to one atomically and kept as the release to roll back to. A folder holding another sitegen target
is refused (targets.py refuses one inside another, and a mount point, before the build; a folder
found unmovable only at the first switch, an overlayfs lower layer's, is refused as a mount point).
"""
from __future__ import annotations

import bisect
import errno
import os
import secrets
import shutil
import stat
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from ..write import EXCHANGE_INFIX, RECORD, WriteError, exchange, safe_join
from .public import SUM_MARK, digest, left_out_note, list_lines, list_sums, site_files
from .targets import (Changes, DeployError, Site, StoppedAfterPublish, check_site, mount_refusal, site_in,
                      target_inside)


class ReleaseGone(DeployError):
    """The release to switch to was deleted (by hand, or by a sitegen that takes no target lock)."""


MANIFEST = ".sitegen-deploy"
PARTIAL = ".partial"      # a release still being made


@dataclass(frozen=True)
class Plan:
    sources: dict[str, Path]      # rel -> file in public/
    added: list[str]
    updated: list[str]
    removed: list[str]
    foreign: list[str]            # files in the live folder sitegen did not put there
    replaced: list[str]           # foreign files the site has a file of its own for
    in_the_way: list[str] = field(default_factory=list)  # foreign things of another kind than the site's there
    edited: list[str] = field(default_factory=list)   # sitegen's files edited by hand in the live site since
    left_out: list[str] = field(default_factory=list)   # each .git in public/, never published


def releases_of(dest: Path) -> Path:
    return dest.parent / f".{dest.name}.releases"


def live_folder(dest: Path) -> Path | None:
    """The folder the web server serves now: the release dest points to, or dest itself."""
    return dest.resolve() if dest.exists() else None


def publish_folder(public: Path, dest: Path, dry_run: bool, wait: float = 0.0, site: Site | None = None,
                   replace_site: bool = False) -> Changes:
    """`wait`: seconds to wait for another deploy or rollback to the same folder (target_lock).
    `site`: the site deploying, written into the release's list; the live one's naming another
    site refuses the deploy, unless `replace_site`."""
    check_writable(dest)   # before anything: a dry run says it too
    made = _first_missing(dest.parent)   # before anything is made: said in the notes
    if dry_run:   # reads only, and makes nothing (not even the lock's folder)
        return _publish_folder(public, dest, dry_run, made, site, replace_site)
    changes = None
    try:
        with target_lock(dest, wait):
            changes = _publish_folder(public, dest, dry_run, made, site, replace_site)
    except KeyboardInterrupt as exc:
        if changes is None or isinstance(exc, StoppedAfterPublish):
            raise
        raise StoppedAfterPublish(changes) from exc   # in the lock's release: the deploy is done
    return changes


def lock_of(dest: Path) -> Path:
    return dest.parent / f".{dest.name}.lock"


@contextmanager
def target_lock(dest: Path, wait: float) -> Iterator[None]:
    """One deploy or rollback at a time into dest, whichever site or checkout runs it (the site's
    build lock is per checkout): a rollback switched to the release a deploy was pruning meanwhile,
    then re-made it holding only the files it carried, and said 'rollback ok' of a site that was down;
    a deploy removed another's release being made as a killed deploy's leftover."""
    from ..lock import path_lock
    dest.parent.mkdir(parents=True, exist_ok=True)
    with path_lock(lock_of(dest), wait, lambda holder: f"another sitegen is deploying to or rolling back {dest} "
                   f"(process {holder}, lock {lock_of(dest)}); nothing was changed: wait for it to finish (or "
                   f"pass --wait SECONDS), then try again"):
        yield


@dataclass(frozen=True)
class _FolderDeploy:
    """What the steps of one deploy into a folder share."""
    public: Path
    dest: Path
    dry_run: bool
    site: Site | None
    live: Path | None     # the folder served before this deploy (None: nothing there yet)
    plan: Plan


def _publish_folder(public: Path, dest: Path, dry_run: bool, made: Path | None, site: Site | None,
                    replace_site: bool) -> Changes:
    if not dry_run:
        _finish_put_back(dest)   # before dest is read: a stopped rollback may have left it missing
    live = live_folder(dest)
    replacing = check_site(manifest_site(live), site, str(dest), replace_site, dry_run) if live else None
    stopped = [] if dry_run else sorted(p.name for p in releases_of(dest).glob(f"*{PARTIAL}"))
    parked = [] if dry_run else clean_leftovers(dest)
    plan = make_plan(public, live)
    target_inside(dest, plan.foreign + plan.replaced)   # before anything is made, dry run too
    if plan.in_the_way:  # before anything is made: a release cannot hold both, and theirs must not go
        raise DeployError(_in_the_way_message(plan.in_the_way, dest, dry_run))
    deploy = _FolderDeploy(public, dest, dry_run, site, live, plan)
    changes = Changes(str(dest), plan.added, plan.updated, plan.removed,
                      sum(plan.sources[r].stat().st_size for r in plan.added + plan.updated))
    if replacing:
        replacing.tell(changes)
    _tell_found(deploy, changes, stopped, parked, made)
    if dry_run:
        if plan.replaced:
            changes.notes.append(_replaced_note(plan.replaced, dest, replaced_of(dest), dry_run))
        if plan.edited:   # a hand fix on the live site, undone by the deploy: said even with -q
            changes.warnings.append(_edited_warning(plan.edited, dest, replaced_of(dest), dry_run))
        return changes
    if live is not None and not changes.count and read_manifest(live) and manifest_site(live) == site:
        prune(dest, None)  # releases a killed deploy finished but never switched to
        return changes
    before = entry_of(dest)   # under the target's lock: only this deploy switches dest
    try:
        previous = _release_and_switch(deploy, changes)
        try:
            prune(dest, previous)
        except OSError as exc:  # dest serves the new release already: never report it as left as it was
            changes.warnings.append(f"{dest} serves the new release, but older releases could not be deleted: "
                                    f"{exc}")
    except KeyboardInterrupt as exc:   # told by dest itself: a stop inside switch() may come after its rename
        if entry_of(dest) == before:
            raise
        changes.notes.append(f"older releases in {releases_of(dest)} may be left: the next deploy deletes them")
        raise StoppedAfterPublish(changes) from exc
    return changes


def _tell_found(deploy: _FolderDeploy, changes: Changes, stopped: list[str], parked: list[Path],
                made: Path | None) -> None:
    """The notes and warnings on what the deploy found at dest, before it makes anything."""
    public, dest, dry_run, plan, live = deploy.public, deploy.dest, deploy.dry_run, deploy.plan, deploy.live
    if plan.left_out:
        changes.notes.append(left_out_note(public, plan.left_out))
    if plan.foreign:
        changes.notes.append(f"{len(plan.foreign)} file(s) in {dest} were not put there by sitegen and were kept: "
                             + ", ".join(plan.foreign[:10]) + (" ..." if len(plan.foreign) > 10 else ""))
    if stopped:  # said, as the next build says what a killed build left (leftovers.py)
        changes.notes.append(f"removed the half-made release a deploy stopped while copying left in "
                             f"{releases_of(dest)}: {', '.join(stopped)}")
    changes.warnings.extend(f"{p} holds a folder an earlier deploy moved out of {dest} and could not keep among the "
                         "releases; sitegen leaves it alone: look at it, then move or delete it yourself"
                         for p in parked)
    if made is not None:  # a typo ('/var/ww/news') made a tree of folders somewhere, and said nothing
        down = "" if made == dest.parent else f", with the folders down to {dest.parent},"
        changes.warnings.append(f"{made} did not exist: {'it would be' if dry_run else 'it was'} made{down} to hold "
                             f"{dest.name} (a typo in the target? then delete {made})")
    theirs = their_link(dest)
    if theirs is not None and live is None:   # a warning, said under -q too: the admin's hand is asked for
        changes.warnings.append(f"{dest} is a link of yours to {theirs}, where nothing is ({_led_to(dest)}: a disk "
                                f"not mounted?): it {'would be' if dry_run else 'was'} pointed at the site's release in "
                                f"{releases_of(dest)}/, your link kept there as the release before it; if that is "
                                f"not where the site belongs, mount it, then `sitegen deploy {dest} --rollback`")
    elif theirs is not None:   # said, and kept for --rollback: it was replaced with no word, for good
        changes.notes.append(f"{dest} is a link of yours to {theirs}: it {'would be' if dry_run else 'is'} pointed at "
                             f"the site's release, your link kept in {releases_of(dest)}/ as the release before it "
                             f"(`sitegen deploy {dest} --rollback` points {dest.name} back at {theirs})")
    if live is not None and live == dest and not (read_manifest(live) and manifest_site(live) == deploy.site and
                                                  not changes.count):   # a folder: the first deploy (a copy of the site)
        changes.notes.append(f"{dest} is a folder, not yet a link to a release of sitegen's: it "
                             f"{'would be' if dry_run else 'was'} turned into one, the folder kept in "
                             f"{releases_of(dest)}/ as the release to roll back to")


def _release_and_switch(deploy: _FolderDeploy, changes: Changes) -> Path | None:
    """Make the new release (the files someone replaced or edited kept first), then switch dest to it:
    the release before, or None. On any failure the half-made release goes and dest is as it was."""
    plan, live, dest = deploy.plan, deploy.live, deploy.dest
    release = None
    try:
        release = make_release(plan, live, dest, deploy.site)
        if plan.replaced and live is not None:
            changes.notes.append(_replaced_note(plan.replaced, dest, keep_replaced(live, plan.replaced, dest, release),
                                                deploy.dry_run))
        if plan.edited and live is not None:
            kept = keep_replaced(live, plan.edited, dest, release)
            changes.warnings.append(_edited_warning(plan.edited, dest, kept, deploy.dry_run))
        late = _carry_late(live, release, deploy)   # narrows the moment the web server lacks them
        previous = _switch_or_refuse(dest, release, live)  # one atomic step: when it fails, dest was not touched
    except DeployError:
        _drop_unswitched(dest, release)
        raise
    except (OSError, WriteError) as exc:
        _drop_unswitched(dest, release)  # a full disk: the half-made release kept it full until the next deploy
        raise DeployError(f"could not write to {dest}: {exc}; the site there was left as it was, "
                          "fix the cause and deploy again") from None
    _tell_late(deploy, changes, late.merge(_carry_late(previous, release, deploy, late)), release)   # put there meanwhile
    return previous


@dataclass(frozen=True)
class _Late:
    """Files someone put in the live site after the deploy's plan was made (an upload, an ACME token)."""
    carried: list[str] = field(default_factory=list)    # linked into the new release
    aside: list[str] = field(default_factory=list)      # at a path the site has a file of its own: kept aside
    uncarried: list[str] = field(default_factory=list)  # could be neither linked nor copied: left in the old one

    def merge(self, other: _Late) -> _Late:
        return _Late(self.carried + other.carried, self.aside + other.aside, self.uncarried + other.uncarried)

    def names(self) -> set[str]:
        return {*self.carried, *self.aside, *self.uncarried}


def _carry_late(old: Path | None, release: Path, deploy: _FolderDeploy, done: _Late | None = None) -> _Late:
    """Carry into `release` the files of someone else's in `old` (the live release, once before the
    switch and once more after it) that the plan did not know: the plan reads the live site once, and a
    file put there while the release was made was not served after the switch and went with the next
    prune (review47i), as _carry_back carries them for a rollback. One where the release has something
    of its own is kept in replaced_of(dest)/RELEASE/. Never an error: the switch is made or to be made.
    `done`: the first pass's, not carried again."""
    if old is None or not old.is_dir() or old == release:
        return _Late()
    planned = {*deploy.plan.foreign, *deploy.plan.replaced, *(done.names() if done else ())}
    # after a first deploy's switch, old is the admin's folder moved a folder deeper: a link put there
    # before the switch was written at dest, and carried as read from there led elsewhere (rr52c 3)
    stood = _stood(deploy.dest) if _their_folder(old) else None
    late = _Late()
    for rel in foreign_files(old, read_manifest(old) | {MANIFEST, RECORD}, []):
        there = release / rel
        if rel in planned or (_kind(there) is not None and _same_entry(old, release, rel)):
            continue
        free = _kind(there) is None and all(_kind(release / up) in (None, "folder")
                                            for up in Path(rel).parents if up != Path("."))
        try:
            if free:
                _folders_in(release, rel)
                _carry_entry(old, release, rel, _link_or_copy, stood)
            else:
                keep_replaced(old, [rel], deploy.dest, release)
        except OSError:   # someone's 0600 file, a read-only folder of the release's
            late.uncarried.append(rel)
            continue
        (late.carried if free else late.aside).append(rel)
    return late


def _tell_late(deploy: _FolderDeploy, changes: Changes, late: _Late, release: Path) -> None:
    dest = deploy.dest
    if late.carried:
        changes.notes.append(f"carried {len(late.carried)} file(s) put in {dest} while the deploy ran, which sitegen "
                             "did not put there, into the new release: " + _names(late.carried))
    if late.aside:
        changes.warnings.append(f"{_names(late.aside)}, put in {dest} while the deploy ran, which sitegen did not put "
                                f"there, {'is' if len(late.aside) == 1 else 'are'} not served: the site has its own "
                                f"there; yours are kept in {replaced_of(dest) / release.name}/")
    if late.uncarried:
        changes.warnings.append(f"{_names(late.uncarried)}, put in {dest} while the deploy ran, could not be carried "
                                "into the new release (your user may not read or link it): it is not served, and the "
                                "next deploy deletes the release holding it: put it there again")


def _names(rels: list[str]) -> str:
    return ", ".join(rels[:10]) + (f" and {len(rels) - 10} more" if len(rels) > 10 else "")


def _switch_or_refuse(dest: Path, release: Path, live: Path | None) -> Path | None:
    """switch(), a real folder that cannot be moved refused with the advice: a bind mount, a container
    image's (overlayfs lower layer). Only the switch's error: an EXDEV from carrying a file (a mount
    inside the target) blamed the target and hid the file."""
    try:
        return switch(dest, release)
    except OSError as exc:
        if exc.errno in (errno.EXDEV, errno.EBUSY) and live is not None and live == dest:
            raise mount_refusal(dest, f"cannot be moved aside to be replaced by a link ({exc.strerror}: a mount "
                                      "point, or a folder of a container image's lower layer)") from None
        raise


def check_writable(dest: Path) -> None:
    """Refuse, naming what to do, when this user may not write in the folder that holds dest (or
    in the first of its parents that exists): the releases are made there and dest is switched by
    a rename there. A web root's parent is often root's (/var/www) while dest is the deployer's;
    the dry run said 'would change' and the deploy then failed with a bare 'Permission denied'."""
    folder = next((each for each in (dest.parent, *dest.parent.parents) if each.exists()), None)
    if folder is None or os.access(folder, os.W_OK | os.X_OK):
        return
    if _read_only(folder):   # EROFS: no user may write there; 'let your user write' was wrong advice
        raise DeployError(f"cannot deploy to {dest}: {folder} is on a read-only file system (mounted read-only); "
                          "nothing was changed. Remount it read-write, or deploy to a folder on another file system")
    inside = (f", or deploy into a folder inside {dest} ({dest / 'site'}, the web server's root pointing there)"
              if dest.is_dir() and not dest.is_symlink() and os.access(dest, os.W_OK | os.X_OK) else "")
    raise DeployError(f"cannot deploy to {dest}: you may not write in {folder}, where sitegen makes each release "
                      f"({releases_of(dest)}) and switches {dest.name} to it with one rename; nothing was "
                      f"changed. Let your user write in {folder} (its owner or a group you are in){inside}")


def _read_only(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):   # no statvfs (not POSIX): the permission message stands
        return False


def _first_missing(folder: Path) -> Path | None:
    """The outermost of folder and its parents that does not exist (what a deploy makes), or None."""
    missing = None
    for each in (folder, *folder.parents):
        if each.exists():
            return missing
        missing = each
    return missing


def _drop_unswitched(dest: Path, release: Path | None) -> None:
    """A failed deploy's own leftovers, at once: its .partial, or its finished release when the
    switch failed (never the live one)."""
    clean_leftovers(dest)
    if release is not None and release.is_dir() and live_folder(dest) != release:
        remove_tree(release)
    if release is not None and (kept := replaced_of(dest) / release.name).is_dir():
        remove_tree(kept)   # what this attempt kept of files it did not replace after all
        try:
            kept.parent.rmdir()
        except OSError:   # others kept there before
            pass


def replaced_of(dest: Path) -> Path:
    """Where files sitegen did not put there, and that the site replaced (a robots.txt the server's
    admin wrote), are kept: beside the releases, never pruned. In the release before alone, the
    next deploy pruned them."""
    return dest.parent / f".{dest.name}.replaced"


def keep_replaced(live: Path, replaced: list[str], dest: Path, release: Path) -> Path:
    """Link (else copy) each replaced file into replaced_of(dest)/RELEASE/; returns that folder."""
    kept = replaced_of(dest) / release.name
    for rel in replaced:
        target = kept / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        _carry(live / rel, target, dest)
    return kept


def _edited_warning(edited: list[str], dest: Path, kept: Path, dry_run: bool) -> str:
    """Files sitegen put in dest that were edited there since (their bytes are not those the MANIFEST
    lists): unchanged files are hard links shared with the release kept for --rollback, so an edit
    in place changed both, and the deploy overwrote it, shown only as '~ file' under -v."""
    more = f" and {len(edited) - 10} more" if len(edited) > 10 else ""
    return (f"edited by hand: {', '.join(edited[:10])}{more} in {dest} (sitegen put {'it' if len(edited) == 1 else 'them'} "
            f"there, with other bytes); the site's version {'would replace (or drop)' if dry_run else 'replaces (or drops)'} "
            f"{'it' if len(edited) == 1 else 'them'}, yours {'would be' if dry_run else 'are'} kept in {kept}/: "
            "make the change in the site's sources for it to stay")


def _replaced_note(replaced: list[str], dest: Path, kept: Path, dry_run: bool = False) -> str:
    """Capped at 10 names: a first deploy onto a hand copy of the site named 4,770 paths in one line."""
    more = f" and {len(replaced) - 10} more" if len(replaced) > 10 else ""
    plural = len(replaced) > 1
    return (f"{'would replace' if dry_run else 'replaced'} {', '.join(replaced[:10])}{more} in {dest}, which sitegen "
            f"had not put there, by the site's own; the old {'ones' if plural else 'one'} "
            f"{'would be' if dry_run else 'are' if plural else 'is'} kept in {kept}/")


def _in_the_way_message(paths: list[str], dest: Path, dry_run: bool) -> str:
    more = f" and {len(paths) - 10} more" if len(paths) > 10 else ""
    return (f"{len(paths)} path(s) in {dest} hold something of another kind than the site has there, which "
            f"sitegen did not put there: {', '.join(paths[:10])}{more}; nothing {'would be' if dry_run else 'was'} "
            f"published ({dest} is as it was). Move or delete yours there, then deploy again")


def make_plan(public: Path, live: Path | None) -> Plan:
    left_out: list[str] = []
    sources = site_files(public, left_out)   # links followed, as every target publishes them (public.py)
    added, updated = [], []
    for rel, src in sources.items():
        target = live / rel if live else None
        if target is None or not target.is_file() or target.is_symlink():
            added.append(rel)
        elif not same_file(src, target):
            updated.append(rel)
    previous = read_manifest(live) if live else set()
    removed = sorted(rel for rel in previous - sources.keys() if live and _exists(live, rel))
    foreign: list[str] = []
    in_the_way: list[str] = []
    edited: list[str] = []
    if live is not None and live.is_dir():
        sums = read_sums(live)   # only the files about to be replaced or dropped are read again
        edited = sorted(rel for rel in updated + removed if rel in sums and _edited(live / rel, sums[rel]))
        known = previous | {MANIFEST, RECORD}   # a copy of public/'s record of it: sitegen's, never carried
        foreign = foreign_files(live, known)
        links = [rel for rel in foreign if (live / rel).is_symlink()]
        in_the_way = find_in_the_way(live, sources, added, known, links)
    fresh = {*added, *updated}   # one with the site's bytes already is taken over quietly (a copy of the site)
    replaced = [rel for rel in foreign if rel in sources and rel in fresh]
    return Plan(sources, added, updated, removed, [f for f in foreign if f not in sources], replaced, in_the_way,
                edited, left_out)


def foreign_files(live: Path, known: set[str], unread: list[str] | None = None) -> list[str]:
    """Files and links under live that sitegen did not put there (not in `known`, its manifest). A
    link is never sitegen's (a release holds copies): one put in place of its page is someone's.
    With `unread`, a folder the deployer may not read is added to it and skipped (see _entries)."""
    return sorted(p.relative_to(live).as_posix() for p in _entries(live, unread)
                  if p.is_symlink() or (p.is_file() and p.relative_to(live).as_posix() not in known))


def _entries(live: Path, unread: list[str] | None = None) -> list[Path]:
    """Every file and link under live, links not followed. A folder the deployer may not read (a
    0700 one of the web server's) stops the deploy: rglob skipped it, and the new release left out
    every file in it with no word, the live site losing them. A rollback passes `unread` instead: it
    switches to a release the folder is not in either way, so it goes ahead, the folder named."""
    def refuse(exc: OSError) -> None:
        if unread is not None:
            unread.append(exc.filename)
            return
        raise DeployError(f"cannot read {exc.filename} ({exc.strerror}): the files in it would be left out of "
                          "the new release; nothing was published. Let your user read it (and the folders in it), "
                          "or move it out of the web root, then deploy again")
    found = []
    for top, folders, files in os.walk(live, onerror=refuse):
        found += [Path(top, name) for name in files]
        found += [Path(top, name) for name in folders if os.path.islink(os.path.join(top, name))]
    return found


def find_in_the_way(live: Path, sources: dict[str, Path], added: list[str], known: set[str],
                    links: list[str]) -> list[str]:
    """Where the live folder holds, not put there by sitegen, something of another kind than the site
    has there: a file or link where it makes a folder (their file 'tags', the site's tags/), a folder
    where it has a file. A release cannot hold both: the deploy failed on a bare 'File exists' after
    its dry run said 'would change'. Named with what each is. Only the paths not there as files
    (`added`) are looked at, and `links` (someone's, all of them): above a file, a folder is a folder
    or a link to one."""
    found, blocked, checked = [], set(), set()
    folders = sorted(sources) if links else []
    for link in links:   # bisect: a path of the site's that starts with 'link/'
        at = bisect.bisect_left(folders, f"{link}/")
        if at < len(folders) and folders[at].startswith(f"{link}/"):
            blocked.add(link)
            found.append(f"{link} (the site has a folder there; yours is a link)")
    for rel in added:
        parts = rel.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder in blocked:
                break
            if folder in checked:
                continue
            checked.add(folder)
            kind = _kind(live / folder)
            if kind == "link" or (kind == "file" and folder not in known):
                blocked.add(folder)
                found.append(f"{folder} (the site has a folder there; yours is a {kind})")
                break
        else:   # the site's file, not there as a file: a folder of someone's is in the way
            if _kind(live / rel) == "folder" and not _sitegens_only(live, rel, known):
                found.append(f"{rel} (the site has a file there; yours is a folder)")
    return sorted(found)


def _kind(path: Path) -> str | None:
    """'link', 'folder', 'file' or None (nothing there): one lstat, for every folder of the site."""
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    return "link" if stat.S_ISLNK(mode) else "folder" if stat.S_ISDIR(mode) else "file"


def _sitegens_only(live: Path, rel: str, known: set[str]) -> bool:
    """A folder that holds only files sitegen put there (and their folders): the site's to drop."""
    folders = {parent.as_posix() for each in known for parent in Path(each).parents}
    for p in [live / rel, *(live / rel).rglob("*")]:
        name = p.relative_to(live).as_posix()
        if p.is_symlink() or name not in (folders if p.is_dir() else known):
            return False
    return True


def same_file(a: Path, b: Path) -> bool:
    """False too for a live file the deployer may not read (made 0000): it is copied afresh from
    public/ (a traceback stopped the deploy)."""
    if a.stat().st_size != b.stat().st_size:
        return False
    try:
        with open(a, "rb") as fa, open(b, "rb") as fb:
            while chunk := fa.read(1 << 20):
                if chunk != fb.read(len(chunk)):
                    return False
    except PermissionError:
        return False
    return True


def read_sums(live: Path) -> dict[str, set[str]]:
    """The sha256 of each file of a release, as sitegen put it there: rel -> hex digests (none for a
    release an older sitegen made)."""
    try:
        return list_sums(list_lines((live / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError):
        return {}


def _edited(path: Path, expected: set[str]) -> bool:
    """A live file sitegen put there whose bytes are no longer those it put there. One the deployer
    may not read (made 0000) is not called edited: it is replaced, as before."""
    try:
        return not path.is_symlink() and digest(path) not in expected
    except OSError:
        return False


def read_manifest(dest: Path) -> set[str]:
    try:
        lines = list_lines((dest / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return set()
    return {line for line in lines if line and not line.startswith("#")}


def manifest_site(live: Path | None) -> Site | None:
    """The site the live release's list names (None: no list, or one an older sitegen wrote)."""
    try:
        return site_in(list_lines((live / MANIFEST).read_text(encoding="utf-8"))) if live else None
    except (OSError, UnicodeDecodeError):
        return None


def _exists(dest: Path, rel: str) -> bool:
    try:
        path = safe_join(dest, rel)
        return path.is_file() and not path.is_symlink()   # a link is someone's: carried, never dropped
    except WriteError:  # a tampered manifest must not make us delete outside the folder
        return False


def make_release(plan: Plan, live: Path | None, dest: Path, site: Site | None = None) -> Path:
    """A complete new release: unchanged files linked from the live one, the rest copied."""
    releases = releases_of(dest)
    releases.mkdir(parents=True, exist_ok=True)
    now = time.time_ns()  # names sort in deploy order (--rollback takes the one before): nanoseconds too
    name = f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime(now // 10**9))}.{now % 10**9:09d}-{secrets.token_hex(4)}"
    partial = releases / (name + PARTIAL)
    partial.mkdir()  # not mkdtemp: its 0700 would hide the site from the web server; this follows umask
    fresh = set(plan.added) | set(plan.updated)
    for rel in [*plan.sources, *plan.foreign]:
        target = partial / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if rel in plan.sources and (rel in fresh or live is None):
            shutil.copyfile(plan.sources[rel], target)
            shutil.copymode(plan.sources[rel], target)
        else:
            _carry_entry(live, partial, rel, lambda old, new: _carry(old, new, dest))  # type: ignore[arg-type]
    _write_manifest(partial, plan.sources, site)
    if live is not None:
        _carry_folders(live, partial)  # the last write: a read-only (0555) mode carried stops all writing below it
    release = releases / name
    os.rename(partial, release)
    return release


def _carry(old: Path, new: Path, dest: Path) -> None:
    """_link_or_copy, naming a live file the deployer may neither link nor read (someone's 0600 one)
    as unreadable: it was 'could not write to DEST: Permission denied: LIVE FILE'."""
    try:
        _link_or_copy(old, new)
    except PermissionError as exc:
        if exc.filename != str(old):   # the new release's side: a write that failed, said as such
            raise
        raise DeployError(f"cannot read {old} ({exc.strerror}), a file sitegen did not put in {dest} and "
                          "keeps: your user may neither read it nor hard-link it; nothing was "
                          f"published ({dest} is as it was). Let your user read it (its owner can make it readable "
                          "to a group you are in), or move it out of the web root, then deploy again") from None


def _repointed(live: Path, release: Path, rel: str, stood: Path | None = None) -> str | None:
    """The text that makes release/rel lead where the live folder's relative link live/rel leads;
    None when its own text does (not a link, an absolute one, one between releases, which sit side
    by side). A release sits one folder deeper than the admin's web root it replaces
    (www/.news.releases/R/ for www/news/), or elsewhere than the folder their link named: carried
    unchanged, `uploads -> ../uploads` led to www/.news.releases/uploads, each file under it a 404.
    One leading into the live folder leads to the same path in the release. `stood`: as for _leads."""
    if not (live / rel).is_symlink() or os.path.isabs(text := os.readlink(live / rel)):
        return None
    inside, led = _leads(live, rel, stood)
    mine = Path(os.path.realpath(release))
    there = mine / led if inside else Path(led)
    here = (mine / rel).parent
    return None if Path(os.path.normpath(here / text)) == there else os.path.relpath(there, here)


def _carry_entry(live: Path, release: Path, rel: str, carry: Callable[[Path, Path], None],
                 stood: Path | None = None) -> None:
    """live/rel into the release: a link re-pointed where its text would lead elsewhere, else `carry`."""
    if (text := _repointed(live, release, rel, stood)) is not None:
        os.symlink(text, release / rel)
    else:
        carry(live / rel, release / rel)


def _link_or_copy(old: Path, new: Path) -> None:
    """A hard link (no copy, no space), or a copy of a file (or link) of another user's: the kernel's
    protected_hardlinks (Debian's default) lets no one link a file they may not write, so a file
    root or the web server put in the web root (certbot's .well-known/acme-challenge/) failed every
    deploy with 'Operation not permitted'. Or of another file system (EXDEV): the live folder the
    admin's link dest points to on a data disk, its files carried into a release made beside the link
    (every deploy, rollback and kept file failed). Only then: a copy must never write over anything
    (a path taken is EEXIST, raised), and is whole or none (_copy_whole)."""
    try:
        os.link(old, new, follow_symlinks=False)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EACCES, errno.EXDEV):
            raise
        _copy_whole(old, new)


def _copy_whole(old: Path, new: Path) -> None:
    """shutil.copy2 to a temporary beside `new`, then hard-linked at `new` (EEXIST: never over
    anything). Copied at `new` itself, a kill mid-copy left the file cut short there: in the live
    release (a file carried after the switch) or in the release a rollback goes to, where the rollback
    run again found it in the way and served it short for good (rf49d 2). A kill leaves at most the
    temporary (.sitegen-copy-*)."""
    temp = new.parent / f".sitegen-copy-{secrets.token_hex(8)}"
    try:
        shutil.copy2(old, temp, follow_symlinks=False)
        os.link(temp, new, follow_symlinks=False)
    finally:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass


def _carry_folders(live: Path, release: Path) -> None:
    """The live site's folders keep their mode in the new release, and empty ones are carried too:
    a first deploy into a folder with a private (0700) one made it 0755, readable by all, and left
    an empty upload folder out. Links are carried as links (make_release), never followed; a
    folder sitegen's files were in is made only if the new site has files there. Every folder is
    made first and the modes set after, children before parents: a deployer without root's
    override cannot write into a folder once it is made read-only (a 0555 web root failed every
    deploy on writing MANIFEST, its .partial left undeletable)."""
    sitegens = {parent for rel in read_manifest(live) for parent in Path(rel).parents}
    modes: list[tuple[Path, Path]] = [(live, release)]
    for top, folders, _ in os.walk(live):
        for name in folders:
            old = Path(top, name)
            new = release / old.relative_to(live)
            if old.is_symlink() or (old.relative_to(live) in sitegens and not new.is_dir()):
                continue
            # parents too: a folder an admin made inside an article's that the new site dropped (an
            # empty uploads/) is kept, its parents made again; without, every later deploy failed
            new.mkdir(parents=True, exist_ok=True)
            modes.append((old, new))
    for old, new in reversed(modes):  # walked top-down: reversed, each folder comes after those inside it
        shutil.copymode(old, new)


def switch(dest: Path, release: Path) -> Path | None:
    """Point dest at release with one rename; returns what dest showed before. A real folder
    there (not yet a release) is exchanged with the symlink, in the same step moved among the
    releases and kept for --rollback."""
    target = os.path.relpath(release, dest.parent)
    if dest.is_dir() and not dest.is_symlink():
        return _switch_folder(dest, target, release)
    link = dest.parent / f".{dest.name}.switch-{secrets.token_hex(4)}"
    os.symlink(target, link)
    before = entry_of(dest)
    try:
        if not release.is_dir():   # at the switch: dest must never point at nothing
            raise ReleaseGone(f"{release} was deleted before {dest} could be switched to it; nothing was switched "
                              f"({dest} serves what it served)")
        if before is not None and before.parent != releases_of(dest):   # the admin's own link
            before = _keep_their_link(dest, release)
        os.replace(link, dest)
    finally:
        if link.is_symlink():
            link.unlink()
    return before


def entry_of(dest: Path) -> Path | None:
    """What the link dest points at, not followed further (a release, or an entry of the releases
    that is a link to the admin's own folder); None when dest is not a link."""
    try:
        return Path(os.path.normpath(dest.parent / os.readlink(dest)))
    except OSError:
        return None


def _led_to(link: Path) -> str:
    """Where a link leads, as an absolute path (its text read from its folder)."""
    return os.path.normpath(link.parent / os.readlink(link))


def their_link(dest: Path) -> str | None:
    """The text of dest when it is a link of someone's (news -> real/), not to a release of sitegen's."""
    entry = entry_of(dest)
    return os.readlink(dest) if entry is not None and entry.parent != releases_of(dest) else None


# The name the admin's own link or folder is kept under among the releases (STAMP+before-sitegen):
# --rollback goes back to it, and a rollback to a folder so named puts it back at dest (_their_folder)
BEFORE = "+before-sitegen"
MODE_MARK = ".mode"       # .NAME.mode among the releases: the admin's folder NAME's mode while a move has it u+w


def _before_name(release: Path) -> Path:
    """A free STAMP+before-sitegen beside `release`, sorting just before it."""
    stamp = release.name.rsplit("-", 1)[0]
    aside = release.with_name(f"{stamp}{BEFORE}")
    while aside.exists() or aside.is_symlink():
        aside = release.with_name(f"{stamp}{BEFORE}-{secrets.token_hex(4)}")
    return aside


def _keep_their_link(dest: Path, release: Path) -> Path:
    """The admin's own link at dest, kept among the releases as STAMP+before-sitegen, a link to the
    same folder, sorting just before `release`: --rollback goes back to it. It was replaced with no
    word, and no rollback could return to their folder."""
    aside = _before_name(release)
    text = os.readlink(dest)
    os.symlink(text if os.path.isabs(text) else os.path.relpath(dest.parent / text, aside.parent), aside)
    return aside


def _switch_folder(dest: Path, target: str, release: Path) -> Path:
    """Exchange the real folder at dest with a symlink made in the releases folder: one step, so
    nothing can fail after the swap. It was a swap beside dest, then a rename into the releases
    that failed after it (a folder put back after a first deploy: ENOTEMPTY on the fixed
    '00000000T000000-before-sitegen'); the deploy then said the site was left as it was, and its
    clean-up deleted the folder moved aside. The name is unique and sorts just before `release`
    (--rollback and prune take the newest release older than the live one)."""
    aside = _before_name(release)
    os.symlink(target, aside)  # relative to dest's folder, where the exchange puts it
    mode = stat.S_IMODE(dest.stat().st_mode)
    mark = _mode_mark(dest, aside.name)   # a kill before the mode is given back: the next run gives it
    try:
        writable = _exchange_folder(aside, dest, mode, mark)
    except BaseException:
        aside.unlink()
        _chmod_quietly(dest, mode)
        raise
    if writable:
        _chmod_quietly(aside, mode)  # the swap is done: a failure here must not fail the deploy
        _unmark(mark)
    return aside


def _exchange_folder(link: Path, folder: Path, mode: int, mark: Path | None = None) -> bool:
    """exchange(); True if the folder was made writable for it. Moving a folder to another parent
    rewrites its '..': a read-only (0555) one needs u+w, which its owner, the deployer, may add
    (anyone else fails here, the folder untouched). `mark`: where its mode is written first, for a
    stop before the caller gives it back (_restore_modes); removed here if the exchange fails."""
    try:
        exchange(link, folder)
        return False
    except PermissionError:
        _writable_for_move(folder, mode, mark)
    try:
        exchange(link, folder)
    except OSError:   # both renames undone: the folder where it was
        _chmod_quietly(folder, mode)
        _unmark(mark)
        raise
    return True


def _writable_for_move(folder: Path, mode: int, mark: Path | None) -> None:
    """u+w added to `folder` for a move, its mode first written at `mark` (a kill before the mode is
    given back left the admin's 0555 folder 0755 for good: the next run reads it there)."""
    if mark is not None:
        mark.write_text(f"{mode:o}\n", encoding="ascii")
    folder.chmod(mode | stat.S_IWUSR)


def _unmark(mark: Path | None) -> None:
    if mark is not None:
        mark.unlink(missing_ok=True)


def _chmod_quietly(path: Path, mode: int) -> None:
    try:
        path.chmod(mode)
    except OSError:
        pass


@dataclass(frozen=True)
class Rollback:
    name: str                  # the release served again
    carried: list[str]         # files of someone else's added to the live site since, carried into it
    aside: list[str]           # ... at a path where it has something of its own: kept in `kept`
    kept: Path | None = None
    unread: list[str] = field(default_factory=list)  # folders in the live site the deployer may not read
    uncarried: list[str] = field(default_factory=list)  # files there it may neither read nor link: left
    rolled_from: Path | None = None                     # ... in this release, until the next deploy prunes it


def rollback(dest: Path, dry_run: bool = False, wait: float = 0.0) -> Rollback:
    """Switch dest back to the release before the live one (with `dry_run`, only find it), holding
    target_lock (`wait`: as for a deploy). Files someone put in the live site since that release was
    made (an admin's verification page, an ACME token) are carried into it first: it never had them,
    and the next deploy prunes the release that does, so they were lost with no word."""
    if dry_run:
        return _rollback(dest, dry_run)
    check_writable(dest)   # before the lock's file is made: the same refusal as without it
    with target_lock(dest, wait):
        return _rollback(dest, dry_run)


def _rollback(dest: Path, dry_run: bool) -> Rollback:
    finished = _stopped_put_back(dest) if dry_run else _finish_put_back(dest)
    if finished is not None:   # a stopped rollback's put-back, finished (or, dry, to finish): what this one asks
        return Rollback(finished, [], [])
    live, current = dest.resolve(), entry_of(dest)
    older = [r for r in _releases(dest) if current is not None and r.name < current.name]
    if current is None and dest.is_dir() and _releases(dest):
        # the admin's own folder a rollback put back (or one made by hand): as before the first deploy
        raise DeployError(f"{dest}: no earlier release to roll back to: it is a folder of its own again, not "
                          "sitegen's link to a release (a rollback put your folder back, as it was before the first "
                          "deploy); `sitegen deploy` publishes the site there again")
    if current is None or current.parent != releases_of(dest) or not older:   # their own link: none of sitegen's
        raise DeployError(f"{dest}: no earlier release to roll back to (sitegen keeps the one before each deploy)")
    check_writable(dest)
    back = older[-1]
    if back.is_symlink() and not back.exists():   # the admin's own link kept, to a disk not mounted now
        raise DeployError(f"the release to roll back to, {back}, is your link to {_led_to(back)}, where nothing is "
                          f"(a disk not mounted?); nothing was switched ({dest} serves what it served). Mount it "
                          "(or make that folder), then roll back again")
    unread: list[str] = []
    carried, aside = _carry_back(live, back, unread, _stood(dest) if _their_folder(back) else None)
    kept = replaced_of(dest) / f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-rollback-{back.name}"
    uncarried: list[str] = []
    if not dry_run:
        try:
            for rel in carried:   # before the switch: the web server never sees the release without them
                _folders_in(back, rel)
                _carry_back_one(live / rel, back / rel, rel, uncarried)
            for rel in aside:
                (kept / rel).parent.mkdir(parents=True, exist_ok=True)
                _carry_back_one(live / rel, kept / rel, rel, uncarried)
        except FileNotFoundError:
            if not back.is_dir():
                _release_gone(dest, back)
            raise   # a file of the live site's gone meanwhile: said as such
        try:
            if _their_folder(back):
                _put_back(dest, back)
            else:
                switch(dest, back)   # which checks, once more, that back is there
        except ReleaseGone:   # deleted by hand, or by a sitegen that takes no target lock
            _release_gone(dest, back)
    carried, aside = [r for r in carried if r not in uncarried], [r for r in aside if r not in uncarried]
    return Rollback(back.name, carried, aside, kept if aside else None,
                    [Path(f).relative_to(live).as_posix() for f in unread], uncarried, live)


def _stood(dest: Path) -> Path:
    """Where the admin's own folder stood before the first deploy made dest a link: dest, its folders real."""
    return Path(os.path.realpath(dest.parent)) / dest.name


def _their_folder(entry: Path) -> bool:
    """Whether a release entry is the admin's own real folder a first deploy moved there (_switch_folder)."""
    return BEFORE in entry.name and entry.is_dir() and not entry.is_symlink()


def _put_back(dest: Path, back: Path) -> None:
    """A rollback to the admin's own folder exchanges it back to dest, where its relative links were
    written. Switched to where the first deploy moved it, one folder deeper, its `uploads -> ../uploads`
    led to .news.releases/uploads: every upload a 404 (rf51e 2). dest's link to the release it served
    lands at back's name, its text now leading nowhere: removed (a kill first leaves it; prune drops it)."""
    mode = stat.S_IMODE(back.stat().st_mode)
    mark = _mode_mark(dest, back.name)
    try:
        writable = _exchange_folder(dest, back, mode, mark)
    except FileNotFoundError:
        raise ReleaseGone(str(back)) from None
    if writable:
        _chmod_quietly(dest, mode)
        _unmark(mark)
    back.unlink()


def _mode_mark(dest: Path, name: str) -> Path:
    """Where the mode of the admin's folder kept as release `name` is written while it is u+w."""
    return releases_of(dest) / f".{name}{MODE_MARK}"


def _finish_put_back(dest: Path) -> str | None:
    """What a put-back stopped inside exchange()'s fallback (no renameat2: three renames) left: the
    admin's folder at .news.releases/.STAMP+before-sitegen.exchange-*, among the releases, where the
    next deploy's prune deleted it (rr53b 1). Put where it belongs: at dest when dest is gone (stopped
    before the last rename: the put-back finished, dest's old link at the release's name removed), else
    at its release name (stopped before the second: as before the rollback). Both taken: left alone.
    Then each such folder a stop left u+w is given its mode back (_restore_modes). Returns the name
    of the release whose put-back it finished, if it did (a rollback then has nothing more to do)."""
    finished = None
    for entry, there in _parked(dest):
        if not os.path.lexists(dest):
            _move_folder(entry, dest, _mode_mark(dest, there.name))
            finished = there.name
            if there.is_symlink():
                there.unlink()
        elif not os.path.lexists(there):
            os.rename(entry, there)
    _restore_modes(dest)
    return finished


def _parked(dest: Path) -> list[tuple[Path, Path]]:
    """(Where a stopped put-back parked the admin's folder, its release name) for each such folder."""
    releases = releases_of(dest)
    try:
        aside = [p for p in releases.iterdir() if p.name.startswith(".") and EXCHANGE_INFIX in p.name]
    except OSError:
        return []
    found = [(entry, releases / entry.name[1:].rsplit(EXCHANGE_INFIX, 1)[0]) for entry in aside]
    return [(entry, there) for entry, there in found if BEFORE in there.name and entry.is_dir()
            and not entry.is_symlink()]


def _stopped_put_back(dest: Path) -> str | None:
    """The release whose put-back _finish_put_back would finish, changing nothing: a rollback's dry
    run after a stopped one said "no earlier release", where the rollback does that (left54a)."""
    if os.path.lexists(dest):
        return None
    return next((there.name for _entry, there in _parked(dest)), None)


def _restore_modes(dest: Path) -> None:
    """The mode a mark (_writable_for_move) holds given back to the admin's folder it names, wherever
    the stop left it: at its release name, parked by exchange()'s fallback, or back at dest."""
    releases = releases_of(dest)
    for mark in releases.glob(f".*{BEFORE}*{MODE_MARK}"):
        name = mark.name[1:-len(MODE_MARK)]
        try:
            mode = int(mark.read_text(encoding="ascii").strip(), 8) & 0o7777
        except (OSError, ValueError, UnicodeDecodeError):   # cut short by the stop: no mode to give
            mark.unlink(missing_ok=True)
            continue
        places = [releases / name, *releases.glob(f".{name}{EXCHANGE_INFIX}*"), dest]
        folder = next((p for p in places if p.is_dir() and not p.is_symlink()), None)
        if folder is not None:
            _chmod_quietly(folder, mode)
        mark.unlink(missing_ok=True)


def _move_folder(folder: Path, to: Path, mark: Path | None = None) -> None:
    """`folder` renamed to `to`, in another folder: that rewrites its '..', which a read-only (0555)
    one refuses its owner (EACCES), who may add u+w for it and give its mode back (as _exchange_folder)."""
    try:
        os.rename(folder, to)
        return
    except PermissionError:
        mode = stat.S_IMODE(folder.stat().st_mode)
        _writable_for_move(folder, mode, mark)
    try:
        os.rename(folder, to)
    except OSError:
        _chmod_quietly(folder, mode)
        _unmark(mark)
        raise
    _chmod_quietly(to, mode)
    _unmark(mark)


def _folders_in(release: Path, rel: str) -> None:
    """The folders rel needs in release, made one by one, never release itself: mkdir(parents=True)
    re-made a release deleted meanwhile, holding only the carried files, and the rollback served it."""
    for parent in reversed(Path(rel).parents[:-1]):
        (release / parent).mkdir(exist_ok=True)


def _release_gone(dest: Path, back: Path) -> None:
    raise DeployError(f"the release to roll back to, {back}, was deleted while the rollback ran; nothing was "
                      f"switched ({dest} serves what it served). Run the rollback again to go back to the "
                      "release before it, if there is one")


def _carry_back_one(old: Path, new: Path, rel: str, uncarried: list[str]) -> None:
    """_link_or_copy for a rollback: a live file the deployer may neither read nor hard-link (a
    0600 file of another user's) is added to `uncarried`, not an error: as for a folder it may not
    read, a rollback goes ahead (the deploy's 'deploy again' was wrong for it)."""
    try:
        _link_or_copy(old, new)
    except PermissionError as exc:
        if exc.filename != str(old):   # the release's side: a write that failed, said as such
            raise
        uncarried.append(rel)


def _carry_back(live: Path, back: Path, unread: list[str], stood: Path | None = None) -> tuple[list[str], list[str]]:
    """The live release's files of someone else's that `back` lacks: (those it has no file, link or
    folder in the way of, those where it has something of its own, which it keeps serving). A folder
    the deployer may not look into is added to `unread`: before the carrying, a rollback only switched,
    and it must not stop one (the deploy's message, 'deploy again', was wrong for it). `stood`: where
    back's links were written, and where it goes back to (the admin's own folder: dest)."""
    known = read_manifest(live)
    if not known:  # not a release of sitegen's: no telling whose its files are
        return [], []
    carried, aside = [], []
    for rel in foreign_files(live, known | {MANIFEST}, unread):
        there = back / rel
        if _kind(there) is None and all(_kind(back / parent) in (None, "folder")
                                        for parent in Path(rel).parents if parent != Path(".")):
            carried.append(rel)
        elif not _same_entry(live, back, rel, stood):
            aside.append(rel)
    return carried, aside


def _same_entry(old: Path, new: Path, rel: str, stood: Path | None = None) -> bool:
    """new/rel is old/rel as carried: a link leading to the same place, or a file with the same bytes
    (a hard link to it, mostly). Not the same link text: a carried link is re-pointed (_repointed), and
    a rollback to the admin's folder called its own `uploads -> ../uploads` theirs replaced, kept aside.
    `stood`: where new's links lead from (the admin's own folder, moved among the releases: from dest)."""
    a, b = old / rel, new / rel
    if a.is_symlink() or b.is_symlink():
        return a.is_symlink() and b.is_symlink() and ((stood is None and os.readlink(a) == os.readlink(b))
                                                      or _leads(old, rel) == _leads(new, rel, stood))
    return b.is_file() and (os.path.samefile(a, b) or same_file(a, b))


def _leads(root: Path, rel: str, stood: Path | None = None) -> tuple[bool, str]:
    """Where the link root/rel leads: (True, a path inside root) or (False, one outside it). root is
    read through its real path (the release before a switch is named through dest's folder), or from
    where it `stood` (the admin's own folder a first deploy moved a folder deeper: from dest, where its
    links were written and where a rollback puts it back); the folders between root and the link are
    real (never followed); an absolute text stays itself."""
    text = os.readlink(root / rel)
    real = stood or Path(os.path.realpath(root))
    led = Path(os.path.normpath((real / rel).parent / text))
    return (True, led.relative_to(real).as_posix()) if led.is_relative_to(real) else (False, str(led))


def prune(dest: Path, previous: Path | None) -> None:
    """Delete every release but the live one and `previous`, the one it replaced (for --rollback;
    when not known, the newest release older than the live one)."""
    current, releases = entry_of(dest), _releases(dest)
    if current is None or current.parent != releases_of(dest):   # not a link, or their own
        return
    if previous is None:
        older = [r for r in releases if r.name < current.name]
        previous = older[-1] if older else None
    keep = {current, previous}   # entries, not followed: one may be a link to the admin's folder
    for old in releases:
        if old in keep:
            continue
        if old.is_symlink():   # a link kept for their folder: the link goes, never what it leads to
            old.unlink()
        else:
            remove_tree(old)


def _releases(dest: Path) -> list[Path]:
    folder = releases_of(dest)
    if not folder.is_dir():
        return []
    # a hidden name is no release: exchange()'s fallback parks a folder so (_finish_put_back)
    return sorted(p for p in folder.iterdir() if (p.is_symlink() or p.is_dir()) and not p.name.endswith(PARTIAL)
                  and not p.name.startswith("."))


def clean_leftovers(dest: Path) -> list[Path]:
    """What a killed deploy leaves: a half-made release, a symlink that was never switched in.
    Returns the real folders found as .NAME.switch-*, left alone: earlier versions parked the
    folder a first deploy replaced there when it could not move it into the releases; and as
    .NAME.exchange-*, where exchange()'s fallback (no renameat2) moves the folder a first deploy
    replaces for a moment: killed then, it stays there, the site's own files in it."""
    for p in releases_of(dest).glob(f"*{PARTIAL}"):
        if p.is_symlink() or p.is_file():
            p.unlink()
        else:
            remove_tree(p)
    parked = []
    for p in sorted([*dest.parent.glob(f".{dest.name}.switch-*"), *dest.parent.glob(f".{dest.name}{EXCHANGE_INFIX}*")]):
        if p.is_symlink():
            p.unlink()
        else:
            parked.append(p)
    return parked


def remove_tree(path: Path) -> None:
    """Delete a release (or a half-made one) of the deployer's: rmtree, adding u+rwx to a folder
    that a mode carried from the live site (0555) keeps from being emptied, then retrying. With
    ignore_errors alone, a deployer without root's override could delete none of them: every
    release was kept, every failed deploy's .partial too. What still fails stays, as before."""
    handler = "onexc" if sys.version_info >= (3, 12) else "onerror"  # onerror is deprecated from 3.12
    opened: set[str] = set()

    def retry(func, failed: str, exc) -> None:
        if not isinstance(exc[1] if isinstance(exc, tuple) else exc, PermissionError):
            return  # gone already, a mount point: left as ignore_errors left it
        try:
            if func in (os.open, os.scandir, os.listdir):  # a folder its owner cannot list (0000)
                if failed not in opened:  # once: a folder still closed after the chmod stays
                    opened.add(failed)
                    _add_owner_rights(Path(failed))
                    shutil.rmtree(failed, **{handler: retry})
            else:
                _add_owner_rights(Path(failed).parent)
                func(failed)
        except OSError:
            pass  # not the deployer's: left, and the rest still deleted

    shutil.rmtree(path, **{handler: retry})


def _add_owner_rights(folder: Path) -> None:
    if not folder.is_symlink():  # chmod follows links: never change a mode outside the release
        folder.chmod(folder.stat().st_mode | stat.S_IRWXU)


def _write_manifest(dest: Path, sources: dict[str, Path], site: Site | None = None) -> None:
    text = "# files published by `sitegen deploy`; only these are ever deleted from this folder\n"
    text += f"{site.line()}\n" if site else ""
    text += "".join(f"{rel}\n" for rel in sources)
    # as released, read back (page cache): an edit in place there is told by the next deploy
    text += "".join(f"{SUM_MARK}{digest(dest / rel)} {rel}\n" for rel in sources)
    (dest / MANIFEST).write_text(text, encoding="utf-8")
