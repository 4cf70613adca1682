"""Publish with the system rsync: over ssh for user@host:/path, to a daemon for rsync://.

rsync compares by checksum (build outputs keep their bytes but not their mtimes), delays the
renames of updated files until all are transferred and deletes files the site no longer has
after that, mirroring the folder target's order: by name, in an rsync of their own (the transfer's
filter rules would cost it dropped x site), then their folders once empty. Its itemized output tells us what changed.

Only files sitegen put there are ever deleted: their list is sent as MANIFEST after each deploy,
and every other file the destination holds that the site does not (a .well-known/, a
google1234.html) is protected from rsync's --delete by a filter rule and reported; one the site
has too is excluded (neither sent nor deleted) and named. With no MANIFEST there yet (a first
deploy, or sitegen before session 33), or none rsync may read (a write-only daemon module),
nothing there is deleted; folders the site does not have are protected as files are. A first
deploy replaces a file the site has too, keeping the old one beside dest in .NAME.replaced/<time>/ (rsync's
--backup; not in dest, where it was served; not at all for a dest at the top of its module). Something of
another kind where the site has a file or a folder (their file where the site makes tags/, a link
where it has index.html), which rsync would replace, stops the deploy before anything is sent;
what the list says sitegen put there gives way (the list marks the links older versions sent:
'/latest.html'; public/'s links are now sent as what they point to, public.py), a folder
too when all in it is on the list, as the folder target lets it.
A deploy killed while sending leaves new pages in rsync's .~tmp~/ holding folders: never taken for
someone else's, they are deleted by the next deploy, with the folder of sitegen's they are in if the
site now has a file there (rsync renames the held pages only at the end, so a kill during those
renames leaves some pages new and others old until the next deploy). A transfer that stops on an error
(exit 23/24) leaves such a mix too, the pages the site dropped perhaps already deleted (a receiver's error
does not stop --delete-after): its error says so, and that deploying again completes it.
A first deploy makes the folders above dest that are missing there, outermost first, each by sending
it an empty folder (any rsync at either end: --mkpath is 3.2.3's, and the remote's too), warning of a
possible typo.
"""
from __future__ import annotations

import contextlib
import functools
import math
import os
import re
import secrets
import shlex
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..lock import BusyError
from ..write import RECORD
from .child import run, scratch
from .public import GIT, SUM_MARK, digest, left_out_note, list_lines, list_sums, site_files
from .targets import _SSH as _REMOTE  # host: (rsync's own rule)
from .targets import SITE_MARK, Changes, DeployError, RsyncTarget, Site, SiteCheck, check_site, site_in

_TRANSFERRED = re.compile(r"^Total transferred file size: ([\d,.]+) bytes", re.M)
MANIFEST = ".sitegen-deploy"   # the files sitegen put there, one a line (as the folder target's)
LINK_MARK = "/"                # a MANIFEST line '/latest.html': sitegen put a symlink there, not a file
_NO_FILE = 23                  # rsync's 'partial transfer due to error': here, no MANIFEST to fetch
_TRANSIENT = (10, 30, 35)      # rsync's socket I/O error, timeouts: worth trying again
_PARTIAL = (23, 24)            # some files sent, others not (an error; files vanished)
# -i's lines without its ' -> TARGET' after a symlink's name: that suffix made a link of public/
# unknown to the list, and taken for someone else's ('delete yours at the target')
_NAMES = "--out-format=%i %n"
# Where older versions kept files they replaced, in dest (and so published): still never sent nor deleted
REPLACED = ".sitegen-replaced"
_ESCAPE = re.compile(rb"\\#([0-7]{3})")
# --delay-updates' holding folder, made in each folder it updates: a deploy stopped while sending (kill,
# Ctrl-C, a dropped link) left it with new pages in it, served, and reported as someone's ever after
HOLDING = ".~tmp~"
# The lease a deploy holds on dest while it runs (its token, host, process, time taken): two deploys at
# once (a CI job and an editor, two checkouts) mixed their pages there, both saying 'deploy ok', and the
# pages of one, missing from the other's list, were taken for someone else's for good (review47i)
LEASE = ".sitegen-deploy.lock"
LEASE_FOR = 900   # seconds a lease of another computer's holds: one killed there keeps others out no longer
LEASE_SETTLE = 5.0   # seconds at most a lease written is left before it is read back (_hold)


def rsync_command(public: Path, dest: str, dry_run: bool, rsync: str = "rsync",
                  protect: Path | None = None, backup: str | None = None) -> list[str]:
    """The deploy's rsync; `protect`: a file of filter rules keeping files sitegen did not put there;
    `backup`: the folder, relative to dest, that keeps the files it replaces."""
    return [rsync, "--recursive", "--copy-links", "--checksum", "--delete", "--delete-after", "--delay-updates",
            "--compress", "--itemize-changes", _NAMES, "--8-bit-output", "--stats", f"--exclude=/{RECORD}",
            f"--filter=H {GIT}",   # never sent, at any depth (public.py); one at dest is someone's, or an old deploy's
            f"--filter=R {HOLDING}/",   # before rsync's own exclude of them: left over ones are deleted
            f"--exclude=/{MANIFEST}", f"--exclude=/{REPLACED}/", f"--exclude=/{LEASE}",
            *(["--from0", f"--filter=merge {protect}"] if protect else []),
            *(["--backup", f"--backup-dir={backup}"] if backup else []), *(["--dry-run"] if dry_run else []),
            f"{public}/", dest]  # trailing slash: the contents of public/, not the folder itself


@dataclass(frozen=True)
class _Job:
    """One deploy with rsync: what every step needs."""
    rsync: str
    public: Path
    dest: str
    dry_run: bool
    site: Site | None
    tmp: Path


@dataclass(frozen=True)
class _There:
    """What dest holds before anything is sent, as read from it."""
    listed: set[str] | None      # the list's lines as read (None: no list there)
    before: set[str] | None      # the files on it, links not among them (None: no list there)
    sent_links: set[str]         # the links on it ('/NAME' lines)
    sums: dict[str, set[str]]    # the sums on it, by file
    unread: str                  # rsync's error when the list could not be read
    missing: str | None          # the outermost missing folder above dest (a first deploy)
    listing: str                 # the -ii dry run of what the transfer would do


@dataclass(frozen=True)
class _Kept:
    """What the transfer must leave as it is at dest."""
    foreign: list[str]    # files (and folders) sitegen did not put there, protected from --delete
    folders: list[str]    # the folders among them
    theirs: list[str]     # files the site has too that sitegen did not put there: neither sent nor deleted
    dropped: list[str]    # sitegen's files the site dropped, deleted after the transfer by name (_delete_dropped)
    emptied: list[str]    # the folders above them the site does not have, deleted then if empty


@dataclass(frozen=True)
class _Sent:
    """What the transfer did."""
    changes: Changes
    out: str                 # rsync's itemized output
    edited: list[str]        # sitegen's files edited by hand there since
    keep: str | None         # where the files it replaced are kept (None: no room beside dest)
    first: bool              # a first deploy over files already there


def publish_rsync(public: Path, target: RsyncTarget, dry_run: bool, site: Site | None = None,
                  replace_site: bool = False, wait: float = 0.0) -> Changes:
    """`site`: the site deploying, named in the list sent; a list there naming another site refuses
    the deploy before anything is sent, unless `replace_site`. `wait`: seconds another deploy's lease
    on the target is waited for."""
    rsync = shutil.which("rsync")
    if not rsync:
        raise DeployError("rsync is not installed; install it (apt-get install rsync) to deploy to "
                          f"{target.dest}")
    left_out: list[str] = []
    paths = site_files(public, left_out)   # links followed, or refused, before anything is sent (public.py)
    with scratch("rsync") as tmp:
        job = _Job(rsync, public, target.dest, dry_run, site, Path(tmp))
        lease, made, listed = (None, None, None) if dry_run else _hold(job, _Lease.new(), wait)
        try:
            there, replacing = _read_there(job, replace_site, made, listed)
            kept = _protect(job, there)
            sent = _transfer(job, there, kept, paths, lease)   # releases the lease once done
        except BaseException:
            if lease:
                _release(job, lease)
            raise
    changes = sent.changes
    if replacing:
        replacing.tell(changes)
    _tell_sent(job, there, sent, left_out)
    _tell_kept(job, there, kept, sent)
    return changes


def _read_there(job: _Job, replace_site: bool, made: str | None,
                listed: tuple[set[str] | None, str] | None) -> tuple[_There, SiteCheck | None]:
    """Read the list there and list what the transfer would do; refuse, before anything is sent, a
    list of another site's or something of another kind in the site's way. `made`: the outermost
    folder above dest taking the lease made (_hold); `listed`: the list as read with the lease (None:
    not read yet, a dry run)."""
    rsync, dest = job.rsync, job.dest
    before, unread = listed if listed is not None else _sent_before(rsync, dest, job.tmp)
    found = site_in(before or set())
    # a first deploy (no list there): rsync makes dest, not its missing parents ('mkdir "fresh/news"
    # failed', after a dry run that said 'would change'); they are made with the lease, a typo warned of
    missing = made if not job.dry_run else _missing_parent(rsync, dest) if before is None and not unread else None
    replacing = check_site(found, job.site, dest, replace_site, job.dry_run)
    listed_lines, sums = before, list_sums(before)
    before, sent_links = _split_links(before)
    # Holding folders filtered as the transfer filters them (R: not kept at dest): the exclude alone kept
    # them, and one in a folder of sitegen's the site now has a file in place of failed every dry run
    # and deploy ('could not make way for new regular file') before the transfer could delete it.
    # --checksum, as the transfer: what it would update, the files edited by hand are looked for among
    listing = _run([rsync, "--recursive", "--copy-links", "--checksum", "--dry-run", "--delete", "-ii", _NAMES,
                    "--8-bit-output",
                    f"--exclude=/{RECORD}", f"--filter=H {GIT}", f"--exclude=/{MANIFEST}", f"--exclude=/{REPLACED}/",
                    f"--exclude=/{LEASE}", f"--filter=R {HOLDING}/", f"--exclude={HOLDING}/", f"{job.public}/", dest],
                   dest)   # fails, as reading the list did, if dest is out of reach
    in_the_way = _in_the_way(rsync, job.public, dest, listing, before, sent_links, job.tmp)
    if in_the_way:
        raise DeployError(_in_the_way_message(in_the_way, dest, job.dry_run))
    if held := _named_as_holding(listing, before):
        raise DeployError(_named_as_holding_message(held, dest, job.dry_run))
    return _There(listed_lines, before, sent_links, sums, unread, missing, listing), replacing


def _protect(job: _Job, there: _There) -> _Kept:
    """What at dest is not sitegen's, and the filter rules (tmp/protect) that keep the transfer off it."""
    before, listing = there.before, there.listing
    foreign = sorted(set(parse_output(listing, job.dest).removed) - (before or set()))
    folders = _foreign_folders(listing, before)
    # (a folder is named only when no file of its is: an empty uploads/, not the folder of each file kept)
    holding = {f"{up}/" for rel in foreign for up in _parents(rel)}
    foreign += [d for d in folders if d not in holding]
    # A file there the site has too that is not on the list is someone else's: with a list to tell
    # (no list: a first deploy, it is overwritten), it is neither sent nor deleted.
    theirs = sorted(_present(listing) - before) if before is not None else []
    in_way, dropped, emptied = _deletable(listing, before)
    rules = [f"P /{_literal(rel)}\0" for rel in _protected(foreign, folders)] + \
        [f"- /{_literal(rel)}\0" for rel in theirs] + \
        [f"R /{_literal(rel)}\0" for rel in in_way] + \
        [f"R {HOLDING}/**\0", "P *\0"]   # NUL-ended (--from0): a name may hold a newline
    (job.tmp / "protect").write_text("".join(rules), encoding="utf-8", errors="surrogateescape")
    return _Kept(foreign, folders, theirs, dropped, emptied)


def _transfer(job: _Job, there: _There, kept: _Kept, paths: dict[str, Path], lease: _Lease | None) -> _Sent:
    """Keep the files edited by hand, send the list as a transfer cut short may leave it, send the
    site, then, the lease still this deploy's, send the list of what it sent and read it back."""
    rsync, dest, dry_run, before = job.rsync, job.dest, job.dry_run, there.before
    ours = set(paths) - set(kept.theirs)
    links: set[str] = set()   # sent as the files they point to (--copy-links); old lists mark links
    seen = parse_output(there.listing, dest)
    sha = _hasher(paths)
    keep = _kept_in(dest, time.strftime('%Y%m%dT%H%M%SZ', time.gmtime()))
    edited = _edited_there(rsync, dest, seen, there.sums, job.tmp)
    if edited and not dry_run and keep:   # kept before the transfer replaces them, as the folder target keeps them
        _keep_edited(rsync, keep, edited, job.tmp)
    expected: set[str] | None = None   # the list there now, when this deploy sent one before the transfer
    if not dry_run and before is not None and (not ours <= before or seen.updated or seen.removed):
        # The list as it may be found after a transfer that stops half-way (a dropped link, Ctrl-C
        # after the files landed): the new files on it (else taken for someone else's ever after), and
        # each file the transfer updates with its old sum and its new one, either being sitegen's. Sent
        # only when files were added, an update cut short left the old sums: the next deploy called
        # sitegen's own pages edited by hand (review42h).
        early = _list_lines(ours | before, links | there.sent_links, job.site, _sums_either(there.sums, seen, sha))
        _send_list(rsync, dest, early, job.tmp / "first")
        expected = set(early) - {""}
    # A first deploy: what the site replaces there is kept (none may be someone else's, none can be told)
    first = before is None and not there.unread and bool(_present(there.listing))
    backup = _backup_dir(dest, keep) if first and keep else None
    with _renewing(job, lease):   # a transfer longer than LEASE_FOR (a first upload over ssh) stays guarded
        try:
            out = _run(rsync_command(job.public, dest, dry_run, rsync, job.tmp / "protect", backup), dest,
                       sending=not dry_run)
        except _PartlySent:   # as --delete-after did: a receiver's error does not stop the deletions
            with contextlib.suppress(DeployError):   # (the transfer's error told: the next deploy completes them)
                _delete_dropped(job, kept)
            raise
        out += _delete_dropped(job, kept)
    changes = parse_output(out, dest)
    if not dry_run:   # (a dry run reads no file for its sum)
        lines = _list_lines(ours, links, job.site, {rel: {sha(rel)} for rel in ours})
        _finish(job, lease, lines, there.listed if expected is None else expected, bool(changes.count))
    return _Sent(changes, out, edited, keep, first)


@dataclass(frozen=True)
class _Lease:
    """This deploy's lease on dest, as written there: one line 'TOKEN HOST PID TIME'."""
    token: str
    host: str
    pid: int
    taken: float

    @staticmethod
    def new() -> _Lease:
        return _Lease(secrets.token_hex(8), socket.gethostname() or "-", os.getpid(), time.time())

    def line(self) -> str:
        return f"{self.token} {self.host} {self.pid} {self.taken:.0f}\n"

    @staticmethod
    def parse(text: str) -> _Lease | None:
        """None: no lease (an empty file: released), or one that cannot be read (cut short or written by
        hand: words, digits int() does not take like '²', a pid os.kill cannot take, a time never lapsing)."""
        parts = text.split()
        if len(parts) != 4 or not parts[2].isdecimal() or not parts[3].isdecimal():
            return None
        pid, taken = int(parts[2]), float(parts[3])
        if not 0 < pid < 2**31 or not math.isfinite(taken):
            return None
        return _Lease(parts[0], parts[1], pid, taken)

    def lapsed(self) -> bool:
        """Past LEASE_FOR, or taken by a process of this computer's that has ended (a killed deploy)."""
        if time.time() - self.taken > LEASE_FOR:
            return True
        if self.host != (socket.gethostname() or "-"):
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:   # another user's process: running
            pass
        return False

    def who(self) -> str:
        return f"process {self.pid} on {self.host}, since {time.strftime('%H:%M:%S UTC', time.gmtime(self.taken))}"


_UNREAD = _Lease("", "", 0, 0.0)   # a lease that may not be read (a write-only module)


def _hold(job: _Job, lease: _Lease, wait: float) -> tuple[_Lease | None, str | None, tuple[set[str] | None, str]]:
    """Take the lease on dest (LEASE there), waiting up to `wait` seconds for another deploy's to be
    released or lapse. It is written where none is (--ignore-existing: no read first, a connection
    saved) and read back with the list, as two deploys may write theirs at the same moment. Returns
    the lease held, the outermost folder above dest made to hold it (a first deploy: None when none
    was missing), and the list there as _sent_before reads it. With the lease unreadable (a write-only
    daemon module) it is deleted again and the deploy goes on as before, unguarded (None)."""
    until, made, over = time.monotonic() + wait, None, False
    while True:
        wrote = time.monotonic()
        made = _send_lease(job, lease.line(), over) or made
        # Another that found none as this one did writes its lease within about the time this one took
        # to write (Fischer's rule): read back after twice that, the last written wins
        time.sleep(min(LEASE_SETTLE, 2 * (time.monotonic() - wrote)))
        try:
            held, listed = _look(job)
        except BaseException:   # (a list that may not be read): the lease written is not left there
            _release(job, lease)
            raise
        if held is _UNREAD:   # not to be read: not to be checked either
            _release(job, lease, checked=True)
            return None, made, listed
        if held is not None and held.token == lease.token:
            return lease, made, listed
        over = held is not None and held.lapsed()   # written over next time; none: released meanwhile
        if held is not None and not over:   # another deploy's, live (or written at the same moment, after this one's)
            looked = time.monotonic()
            if looked >= until:
                raise BusyError(_busy(job.dest, held))
            time.sleep(min(1.0, max(0.0, until - looked)))


@contextmanager
def _renewing(job: _Job, lease: _Lease | None) -> Iterator[None]:
    """Write the lease again with a fresh time every LEASE_FOR/3 seconds while the block runs, while
    it is still this deploy's: the lease was written once, so another computer's deploy took over one
    of a deploy running past LEASE_FOR and sent its pages among this one's (rf47q)."""
    if lease is None:
        yield
        return
    done = threading.Event()

    def renew() -> None:
        while not done.wait(LEASE_FOR / 3):
            try:
                held, _ = _look(job, "renew-look")
                if held is None or held.token != lease.token:   # taken over, or released: _finish tells
                    return
                _send_lease(job, _Lease(lease.token, lease.host, lease.pid, time.time()).line(), True, "renew")
            except DeployError:   # a dropped link: tried again next time; the transfer reports its own
                continue

    thread = threading.Thread(target=renew, name="sitegen-lease", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def _busy(dest: str, held: _Lease) -> str:
    """A lease left by a deploy killed on another computer (a lost CI runner) held everyone off for
    LEASE_FOR with no way out named: the file to delete, and when it lapses, are told."""
    lease = _join(dest, LEASE)
    lapses = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(held.taken + LEASE_FOR))
    place, path = _split(lease)
    delete = (f"delete {path} in the daemon's module on the server" if place.startswith("rsync://") else
              f"delete it: ssh {place[:-1]} rm {shlex.quote(path)}" if place else f"delete it: rm {shlex.quote(path)}")
    return (f"another sitegen is deploying to {dest} ({held.who()}; its lease {lease}); nothing was "
            f"sent: wait for it to finish (or pass --wait SECONDS), then try again. If that deploy was killed, "
            f"{delete}, or wait until its lease lapses at {lapses} ({LEASE_FOR // 60} minutes after it was taken; "
            "at once on this computer when its process has ended)")


def _look(job: _Job, into: str = "look") -> tuple[_Lease | None, tuple[set[str] | None, str]]:
    """The lease at dest (None: none, or released; _UNREAD: not to be read, a write-only module) and
    the list there (as _sent_before), fetched in one rsync: each connection costs a handshake over ssh."""
    got = job.tmp / into
    shutil.rmtree(got, ignore_errors=True)
    got.mkdir()
    done = run([job.rsync, "--quiet", _join(job.dest, LEASE), _join(job.dest, MANIFEST), f"{got}/"],
               capture_output=True, text=True, errors="surrogateescape")
    if done.returncode == 1 and "write only" in done.stderr:   # rsyncd.conf's 'write only = true'
        return _UNREAD, (None, " ".join(line for line in done.stderr.splitlines() if not line.startswith("rsync error:")))
    if done.returncode and not (done.returncode == _NO_FILE and _no_such_file(done.stderr)):
        raise DeployError(f"rsync to {job.dest} failed (exit status {done.returncode}) reading the list of the files "
                          f"sitegen put there ({MANIFEST}) and {LEASE}, the lease a deploy holds there: "
                          f"{done.stderr.strip() or done.stdout.strip()}; "
                          + ("try again" if _transient(done.returncode, done.stderr) else
                             "fix what the error names (the target's module or folder, the access to it), then "
                             "deploy again"))
    lease, listed = got / LEASE, got / MANIFEST
    held = _Lease.parse(lease.read_text(encoding="utf-8", errors="replace")) if lease.exists() else None
    if not listed.exists():
        return held, (None, "")   # no such file (or no such folder: a first deploy)
    return held, ({line for line in list_lines(listed.read_text(encoding="utf-8", errors="surrogateescape")) if line}, "")


def _lease_file(job: _Job) -> _Lease | None:
    """The lease at dest alone (None: none, or not to be read), on a failure's way out (_release)."""
    got = job.tmp / "lease-there"
    got.unlink(missing_ok=True)
    done = run([job.rsync, "--quiet", _join(job.dest, LEASE), str(got)], capture_output=True, text=True,
               errors="surrogateescape")
    if done.returncode or not got.exists():
        return None
    return _Lease.parse(got.read_text(encoding="utf-8", errors="replace"))


def _send_lease(job: _Job, text: str, over: bool = False, into: str = "lease") -> str | None:
    """Write LEASE at dest as a folder holding only it is sent (rsync makes dest, as the transfer does),
    unless one is there already (`over`: a lapsed one, written over); dest's missing parents are made
    first (a first deploy), the outermost returned."""
    folder = job.tmp / into
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    (folder / LEASE).write_text(text, encoding="utf-8")
    cmd = [job.rsync, "--recursive", "--checksum", *([] if over else ["--ignore-existing"]), f"{folder}/",
           _join(job.dest, "")]
    done = run(cmd, capture_output=True, text=True, errors="surrogateescape")
    if not done.returncode:
        return None
    missing = _missing_parent(job.rsync, job.dest)
    if missing is None:
        raise DeployError(f"rsync to {job.dest} failed (exit status {done.returncode}) writing {LEASE}, the lease a "
                          f"deploy holds there: {done.stderr.strip() or done.stdout.strip()}; nothing was sent: "
                          + ("try again" if _transient(done.returncode, done.stderr) else
                             "fix what the error names (the target's module or folder, the access to it), then "
                             "deploy again"))
    _make_parents(job.rsync, job.dest, missing, job.tmp / "empty")
    _run(cmd, job.dest)
    return missing


def _finish(job: _Job, lease: _Lease | None, lines: list[str], expected: set[str] | None, sent: bool) -> None:
    """Send the list of what this deploy sent (when it changed) and release the lease, in one rsync.
    Before it, unless nothing was sent nor is to be: the lease must still be this deploy's and the
    list there the one it found or sent (`expected`), else another deploy sent its pages among these."""
    changed = set(lines) - {""} != (expected or set()) - {""}   # a page's bytes too: its sum
    if lease is None:   # unguarded (a write-only module: nothing there can be read back)
        if changed:
            _send_list(job.rsync, job.dest, lines, job.tmp / "send")
        return
    if sent or changed:
        held, (found, _) = _look(job)
        if held is not None and held.token != lease.token:
            raise DeployError(f"another sitegen deployed to {job.dest} while this deploy sent its pages ({held.who()}): "
                              "the site there may hold pages of both, and this deploy's list was not sent; deploy again")
        if (found or set()) != (expected or set()) - {""}:
            raise DeployError(f"another deploy changed {job.dest} meanwhile (the list of the files sitegen put there, "
                              f"{MANIFEST}, is not the one this deploy found or sent): the site there may hold pages of "
                              "both; deploy again")
    _release(job, lease, checked=True, lines=lines if changed else None)


def _release(job: _Job, lease: _Lease, checked: bool = False, lines: list[str] | None = None) -> None:
    """Delete the lease there if it is still this deploy's, or `checked` so (or not to be read), best
    effort (a lease left lapses): a folder is sent with --delete, every name but LEASE (and MANIFEST,
    sent in the same rsync when `lines` are given) excluded; a failure sending the list is raised."""
    try:
        held = None if checked else _lease_file(job)
        if not checked and (held is None or held.token != lease.token):
            return
    except DeployError:
        return
    folder = job.tmp / "release"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    if lines is not None:
        (folder / MANIFEST).write_text("".join(f"{line}\n" for line in lines), encoding="utf-8", errors="surrogateescape")
    try:
        _run([job.rsync, "--recursive", "--checksum", "--delete", f"--include=/{LEASE}",
              *([f"--include=/{MANIFEST}"] if lines is not None else []), "--exclude=*", f"{folder}/", _join(job.dest, "")], job.dest)
    except DeployError:
        if lines is not None:
            raise


def _tell_sent(job: _Job, there: _There, sent: _Sent, left_out: list[str]) -> None:
    """Warnings and notes on what was sent: hand edits overwritten, .git left out, parents made, leftovers."""
    changes, dest, dry_run, missing = sent.changes, job.dest, job.dry_run, there.missing
    if sent.edited:
        changes.warnings.append(_edited_warning(sent.edited, dest, sent.keep, dry_run))
    if left_out:
        changes.notes.append(left_out_note(job.public, left_out))
    if missing is not None:   # as the folder target warns
        parent = _parent(dest)
        down = "" if missing == parent else f", with the folders down to {parent},"
        changes.warnings.append(f"{missing} did not exist: {'it would be' if dry_run else 'it was'} made{down} to hold "
                                f"{dest} (a typo in the target? then delete {missing} there)")
    stopped = _held(sent.out)
    if stopped:
        changes.notes.append(f"{'would remove' if dry_run else 'removed'} what a deploy stopped while sending left "
                             f"in {dest} (rsync's {HOLDING}/ folders): " + ", ".join(stopped[:10])
                             + (" ..." if len(stopped) > 10 else ""))


def _tell_kept(job: _Job, there: _There, kept: _Kept, sent: _Sent) -> None:
    """Warnings and notes on what was left there, or replaced with no list to tell whose it was."""
    changes, dest, dry_run, theirs, foreign = sent.changes, job.dest, job.dry_run, kept.theirs, kept.foreign
    if theirs:   # the site's page is not published: a warning until it is
        changes.warnings.append(f"{len(theirs)} file(s) in {dest} the site has too were not put there by "
                                f"sitegen and {'would be' if dry_run else 'were'} left as they are: "
                                + ", ".join(theirs[:10]) + (" ..." if len(theirs) > 10 else "")
                                + "; delete yours at the target, or rename the site's, for the site's to be published")
    if sent.first and changes.updated:   # a first deploy
        where = (f"the old ones {'would be' if dry_run else 'are'} kept in {sent.keep}/" if sent.keep else _NO_ROOM)
        (changes.notes if sent.keep else changes.warnings).append(
            f"{'would replace' if dry_run else 'replaced'} {len(changes.updated)} file(s) already in {dest} by "
            "the site's own: " + ", ".join(changes.updated[:10]) + (" ..." if len(changes.updated) > 10 else "")
            + f" (with no list there of the files sitegen put there, none may be someone else's); {where}")
    unread = there.unread
    if unread:
        changes.warnings.append(f"the list of the files sitegen put in {dest} ({MANIFEST}) could not be read "
                             f"({unread.strip()}), so nothing there {'would be' if dry_run else 'was'} deleted: let "
                             "sitegen read it (an rsync daemon module with write only = true: set it to false) for "
                             "the pages the site drops to be deleted")
    if foreign:
        whose = "the site does not have" if unread else "were not put there by sitegen and"
        changes.notes.append(f"{len(foreign)} file(s) in {dest} {whose} were kept: "
                             + ", ".join(foreign[:10]) + (" ..." if len(foreign) > 10 else ""))
        if there.before is None and not unread:
            changes.notes.append(f"{dest} holds no list of the files sitegen put there yet (a first deploy, or "
                                 f"one by sitegen before session 33), so nothing there {'would be' if dry_run else 'was'} "
                                 "deleted: delete those of the files above that are old pages yourself")


def _list_lines(files: set[str], links: set[str], site: Site | None, sums: dict[str, set[str]]) -> list[str]:
    """The list sent: the site's line, the files, the links among them ('/NAME'), and the sha256 of
    each file as sent (SUM_MARK lines: a file edited by hand there since is told, _edited_there);
    two for a file whose transfer may have stopped before or after it landed."""
    lines = [site.line()] if site else []
    lines += sorted(files) + sorted(LINK_MARK + rel for rel in links & files)
    return lines + [f"{SUM_MARK}{sha} {rel}" for rel in sorted(files) for sha in sorted(sums.get(rel, ()))]


def _sums_either(sums: dict[str, set[str]], seen: Changes, sha: Callable[[str], str | None]) -> dict[str, set[str]]:
    """The sums a list sent before the transfer holds: a file it updates may be found with its old
    bytes or the new ones, a file it adds with the new ones; one with no old sum (a list before session
    42) gets none, as its old bytes cannot be told from a hand fix. `sha`: a site file's (None: not one)."""
    either = {rel: set(shas) for rel, shas in sums.items()}
    for rel in seen.updated:
        if rel in either and (new := sha(rel)) is not None:
            either[rel].add(new)
    for rel in seen.added:
        if (new := sha(rel)) is not None:
            either[rel] = {new}
    return either


def _hasher(paths: dict[str, Path]) -> Callable[[str], str | None]:
    """A site file's sha256 by its name, each file read once for both lists a deploy may send."""
    @functools.cache
    def sha(rel: str) -> str | None:
        return digest(paths[rel]) if rel in paths else None
    return sha


def _edited_there(rsync: str, dest: str, seen: Changes, sums: dict[str, set[str]], tmp: Path) -> list[str]:
    """The files sitegen put at dest that the transfer would update or delete (`seen`: its dry run)
    whose bytes there are not those it put there: a hand fix on the server, overwritten with no word
    and no copy (the folder target warns and keeps it). Only those are fetched (into tmp/hand/)."""
    wanted = [rel for rel in seen.updated + seen.removed if rel in sums]
    if not wanted:
        return []
    fetched, got = tmp / "fetched", tmp / "hand"   # (the files in got/: _keep_edited takes them from there)
    fetched.mkdir()
    # By name (--files-from), not by an include rule each over all of dest: that cost O(files x site),
    # 5,000 pages dropped of 50,000 ~6 s of CPU (deploy56). Named from a daemon module's top: below its
    # sub-folder rsync 3.5 says each 'vanished'. A name with a wildcard ('br[1].html') comes back from a
    # remote rsync 'unrequested' (exit 4): those few are fetched by a rule each, as all were before.
    odd = {rel for rel in wanted if re.search(r"[*?\[]", rel)}
    source, sub = _named_from(dest)
    if plain := [f"{sub}{rel}" for rel in wanted if rel not in odd]:
        (tmp / "hand-list").write_bytes(_files_from(plain))
        try:
            _run([rsync, "--quiet", "--ignore-missing-args", f"--files-from={tmp / 'hand-list'}", "--from0", source,
                  f"{fetched}/"], dest)
        except DeployError as error:   # a server's rsync before 3.1.0: every deploy changing a page failed (rev56c 1)
            if not _unknown_option(error, "--ignore-missing-args"):
                raise
            odd = set(wanted)
    if (fetched / sub).is_dir():
        (fetched / sub).rename(got)
    else:   # none there
        got.mkdir()
    if odd:
        rules = [f"+ /{_literal(rel)}" for rel in sorted(odd)] + ["+ */", "- *"]
        (tmp / "hand-rules").write_text("".join(f"{rule}\0" for rule in rules), encoding="utf-8",
                                        errors="surrogateescape")
        _run([rsync, "--quiet", "--recursive", "--prune-empty-dirs", "--from0",
              f"--filter=merge {tmp / 'hand-rules'}", _join(dest, ""), f"{got}/"], dest)
    return sorted(rel for rel in wanted if (got / rel).is_file() and not (got / rel).is_symlink()
                  and digest(got / rel) not in sums[rel])


def _named_from(dest: str) -> tuple[str, str]:
    """dest as the source of an rsync given names (--files-from), and what goes before each name: a daemon
    module's top and the path in it (rsync://host/module/path, host::module/path), else dest and nothing."""
    head, path = _split(dest)
    if head.startswith("rsync://"):
        top, sub = head, path
    elif head and path.startswith(":"):   # host::module/path: a daemon too
        module, _, sub = path[1:].partition("/")
        top = f"{head}:{module}/"
    else:
        return _join(dest, ""), ""
    sub = sub.strip("/")
    return top, f"{sub}/" if sub else ""


# A target at the top of its module or home folder has no room beside it: a copy kept in it would be served
_NO_ROOM = ("the old ones are not kept: the target is the top of its rsync module or home folder, so a copy "
            "kept there would be published (sitegen keeps them beside the target, in .NAME.replaced/, where "
            "there is room); if you need them, take them from your server's backups")


def _kept_in(dest: str, stamp: str) -> str | None:
    """Where this deploy keeps the files it replaces: .NAME.replaced/STAMP beside dest, outside the folder
    served (as the folder target keeps them), not in dest (review42h: published at a guessable address);
    None when dest is the top of its module or home folder, or '/'."""
    head, path = _split(dest.rstrip("/"))
    up, slash, name = path.rpartition("/")
    if not name or name in (".", "..", "~"):
        return None
    return f"{head}{up}{slash}.{name}.replaced/{stamp}"


def _backup_dir(dest: str, keep: str) -> str:
    """`keep` as rsync's --backup-dir, which is relative to dest: a daemon strips '../' from it (the
    copies landed inside dest) but takes '/PATH' in its module; over ssh and here '../' works."""
    head, path = _split(keep)
    if head.startswith("rsync://") or path.startswith("/"):
        return f"/{path.lstrip('/')}"
    home = path.startswith("~/")   # over ssh, relative to the home folder as ~/ is
    below = _split(dest.rstrip("/"))[1].removeprefix("~/" if home else "")
    depth = len([part for part in below.split("/") if part not in ("", ".")])
    return "../" * depth + path.removeprefix("~/" if home else "")


def _keep_edited(rsync: str, keep: str, edited: list[str], tmp: Path) -> None:
    """The edited files fetched (_edited_there) sent to `keep` (_kept_in), which no deploy lists or deletes."""
    kept = tmp / "kept"
    for rel in edited:
        (kept / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp / "hand" / rel).rename(kept / rel)
    folder, _, stamp = keep.rpartition("/")
    (tmp / "keep").mkdir()
    kept.rename(tmp / "keep" / stamp)
    _run([rsync, "--recursive", f"{tmp / 'keep'}/", f"{folder}/"], keep)


def _edited_warning(edited: list[str], dest: str, kept: str | None, dry_run: bool) -> str:
    more = f" and {len(edited) - 10} more" if len(edited) > 10 else ""
    them = "it" if len(edited) == 1 else "them"
    where = (f"yours {'would be' if dry_run else 'are'} kept in {kept}/: " if kept else
             _NO_ROOM.replace("the old ones are", "yours are") + ": ")
    return (f"edited by hand: {', '.join(edited[:10])}{more} in {dest} (sitegen put {them} there, with other bytes); "
            f"the site's version {'would replace (or drop)' if dry_run else 'replaces (or drops)'} {them}, {where}"
            "make the change in the site's sources for it to stay")


def _send_list(rsync: str, dest: str, lines: list[str], folder: Path) -> None:
    folder.mkdir()
    (folder / MANIFEST).write_text("".join(f"{line}\n" for line in lines), encoding="utf-8",
                                   errors="surrogateescape")
    _run([rsync, "--checksum", str(folder / MANIFEST), _join(dest, MANIFEST)], dest)


class _PartlySent(DeployError):
    """The transfer stopped on an error with some files sent (rsync's 23, 24)."""


def _run(cmd: list[str], where: str, sending: bool = False) -> str:
    """`sending`: the transfer itself, after which rsync's 23 and 24 (some files not sent) leave a mix."""
    done = run(cmd, capture_output=True, text=True, errors="surrogateescape")
    if done.returncode:
        # A folder there rsync may not write, or files vanished here (24), stop none of the deletions of
        # what the site dropped (--delete-after's then, _delete_dropped's now, run all the same)
        partly = sending and done.returncode in _PARTIAL
        raise (_PartlySent if partly else DeployError)(
            f"rsync to {where} failed (exit status {done.returncode}): {done.stderr.strip() or done.stdout.strip()}"
            + (f"; some files reached {where} and others did not (the site there is partly updated: pages the "
               "site no longer has may already be deleted there): fix the cause shown (the permissions of the "
               "folders named, a full disk), then deploy again, which completes it" if partly else ""))
    return done.stdout


def _split(dest: str) -> tuple[str, str]:
    """dest as what names the place (rsync://host/module/, host:, or nothing here) and the path in it."""
    if dest.startswith("rsync://"):
        host, _, rest = dest[len("rsync://"):].partition("/")
        module, _, path = rest.partition("/")
        return f"rsync://{host}/{module}/", path
    if m := _REMOTE.match(dest):
        return m[0], dest[len(m[0]):]
    return "", dest


def _parent(dest: str) -> str:
    head, path = _split(dest.rstrip("/"))
    return head + path.rpartition("/")[0]


def _missing_parent(rsync: str, dest: str) -> str | None:
    """The outermost of dest's parent folders that does not exist there, or None (all do, or dest
    is at the top of its module or home folder): each asked for with rsync --list-only."""
    head, path = _split(dest.rstrip("/"))
    parts = path.split("/")[:-1]
    missing = None
    for depth in range(len(parts), 0, -1):
        folder = "/".join(parts[:depth])
        if not folder:   # '/': there
            break
        done = run([rsync, "--list-only", f"{head}{folder}/"], capture_output=True, text=True, errors="surrogateescape")
        if done.returncode != _NO_FILE or not _no_such_file(done.stderr):
            break   # there (or out of reach: the listing that follows says so)
        missing = head + folder
    return missing


def _make_parents(rsync: str, dest: str, missing: str, empty: Path) -> None:
    """Make `missing` and the folders below it down to dest's parent, outermost first: each is sent
    an empty folder, which rsync makes at the other end as it makes dest. --mkpath did it in one
    go, but it is rsync 3.2.3's, and the remote rsync must know it too (RHEL 8's 3.1.3 does not)."""
    empty.mkdir()
    head, path = _split(missing)
    _, below = _split(_parent(dest))
    levels = below[len(path):].strip("/").split("/") if below != path else []
    made = path
    for level in ["", *levels]:
        made = f"{made}/{level}" if level else made
        done = run([rsync, "--dirs", f"{empty}/", f"{head}{made}/"], capture_output=True, text=True,
                   errors="surrogateescape")
        if done.returncode:
            raise DeployError(f"could not make {head}{made} there to hold {dest}: {done.stderr.strip()}; nothing was "
                              f"sent. Create it {_how_to_make(head, path)}, or fix the typo in the target")


def _how_to_make(head: str, path: str) -> str:
    """How to make a folder at the other end: `ssh host mkdir -p 'my site'` (quoted for its shell,
    a leading ~/ left out of the quotes, for that shell to expand)."""
    if head.endswith(":"):
        home = "~/" if path.startswith("~/") else ""
        rest = path[len(home):]
        return f"on {head.rstrip(':')} (ssh {head.rstrip(':')} mkdir -p {home}{shlex.quote(rest) if rest else ''})"
    return f"in that module ({head})" if head else f"(mkdir -p {shlex.quote(path)})"


def _sent_before(rsync: str, dest: str, tmp: Path) -> tuple[set[str] | None, str]:
    """The files the last deploy put at dest (its MANIFEST), or None when there is none; and
    rsync's error when it could not be read (a daemon module with 'write only = true')."""
    got = tmp / "before"
    done = run([rsync, "--quiet", _join(dest, MANIFEST), str(got)], capture_output=True, text=True,
                          errors="surrogateescape")
    if done.returncode == _NO_FILE and not got.exists() and _no_such_file(done.stderr):
        return None, ""   # no such file (or no such folder: a first deploy)
    if done.returncode == 1 and "write only" in done.stderr:   # rsyncd.conf's 'write only = true'
        return None, " ".join(line for line in done.stderr.splitlines() if not line.startswith("rsync error:"))
    if done.returncode:   # a busy daemon, a dropped link: going on without the list would lose track
        raise DeployError(f"rsync to {dest} failed (exit status {done.returncode}) reading the list of the files "
                          f"sitegen put there ({MANIFEST}): {done.stderr.strip() or done.stdout.strip()}; "
                          + ("try again" if _transient(done.returncode, done.stderr) else
                             "nothing was sent: fix what the error names (the target's module or folder, the "
                             "access to it), then deploy again"))
    return {line for line in list_lines(got.read_text(encoding="utf-8", errors="surrogateescape")) if line}, ""


def _transient(code: int, stderr: str) -> bool:
    """An rsync failure that trying again may get past: a socket error or a timeout (exits 10, 30,
    35), a busy daemon, a link that dropped or timed out. 'Unknown module', an ssh key or host key
    refused, were told to 'try again' too."""
    return code in _TRANSIENT or bool(re.search(r"max connections|timed out|Connection reset|Network is unreachable|"
                                                r"Temporary failure in name resolution", stderr))


def _split_links(listed: set[str] | None) -> tuple[set[str] | None, set[str]]:
    """The list's paths, and those of them sitegen put a symlink at ('/NAME' lines, never a path:
    one is relative; lists before session 34 have none, their links taken for files)."""
    if listed is None:
        return None, set()
    listed = {line for line in listed if not line.startswith((SITE_MARK, SUM_MARK))}   # which site wrote it; sums
    links = {line[len(LINK_MARK):] for line in listed if line.startswith(LINK_MARK)}
    return {line for line in listed if not line.startswith(LINK_MARK)}, links


def _no_such_file(stderr: str) -> bool:
    """rsync's errors are all 'No such file or directory (2)' (errno numbers: no locale translates
    them; the local receiver's 'connection reset' only follows a daemon's). Exit 23 alone also
    meant a list there that may not be read ('Permission denied (13)'): taken for none, it was
    overwritten, and the pages the site dropped were never deleted, called someone else's."""
    codes = [m[1] for line in stderr.splitlines() if line.startswith("rsync:") and "[Receiver]" not in line
             and (m := re.search(r"\((\d+)\)\s*$", line))]
    return bool(codes) and all(code == "2" for code in codes)


def _in_the_way(rsync: str, public: Path, dest: str, listing: str, before: set[str] | None, sent_links: set[str],
                tmp: Path) -> list[str]:
    """The paths where dest holds something of another kind than the site's there (a file or a
    link where the site makes a folder, a folder or a link where it has a file) that sitegen did not
    put there: rsync replaced it with no word (a folder it cannot replace failed the transfer half-way).
    rsync itemizes such a path as new; with --ignore-existing it skips it, as anything there but a
    folder where the site has one. So only the new paths that head a new subtree are listed again."""
    kinds = {_name(line).rstrip("/"): line[1] for line in list_lines(listing)
             if len(line) > 12 and line[0] in "<>c" and line[2:11] == "+" * 9}   # new path -> f, d or L
    if not kinds or "." in kinds:   # nothing new, or no dest folder yet: nothing can be in the way
        return []
    heads = [rel for rel in kinds if rel.rpartition("/")[0] not in kinds]
    wanted = tmp / "new-paths"
    wanted.write_bytes(_files_from(heads))
    again = _run([rsync, "--dry-run", "--copy-links", "--ignore-existing", "-ii", _NAMES, "--8-bit-output",
                  f"--files-from={wanted}", "--from0", f"{public}/", dest], dest)
    shown = {_name(line).rstrip("/") for line in list_lines(again) if len(line) > 12}
    other = [rel for rel in heads if rel not in shown]   # something of another kind is there
    if before is None:   # no list: nothing there is known to be sitegen's
        return [f"{rel}/" if kinds[rel] == "d" else rel for rel in other]
    # What sitegen put there, as the list says, gives way: its file or link where the site now makes
    # a folder, its link where the site now has a file (or its file where it has a link), and a
    # folder holding only what the list names, as the folder target lets it. Anything else is
    # someone's: a link put in place of its page, a folder with a file of theirs or an empty one.
    there = _kinds_there(rsync, dest, other, tmp)
    listed = {"f": before - sent_links, "L": sent_links, "d": {up for rel in before for up in _parents(rel)}}
    return [f"{rel}/" if kinds[rel] == "d" else rel for rel in other if not _sitegens_only(rel, there, listed)]


def _kinds_there(rsync: str, dest: str, heads: list[str], tmp: Path) -> dict[str, str]:
    """Every path at dest under `heads` (and the heads) -> f, d or L: a dry run from dest into an
    empty folder, recursive, lists each with its kind, over ssh as to a daemon."""
    if not heads:
        return {}
    (tmp / "empty").mkdir(exist_ok=True)
    wanted = tmp / "paths-there"
    wanted.write_bytes(_files_from(heads))
    out = _run([rsync, "--dry-run", "--recursive", "--links", "-ii", _NAMES, "--8-bit-output",
                f"--files-from={wanted}", "--from0", _join(dest, ""), f"{tmp / 'empty'}/"], dest)
    return {_name(line).rstrip("/"): line[1] for line in list_lines(out)
            if len(line) > 12 and line[0] in "<>c" and line[1] in "fdL"}


def _files_from(paths: list[str]) -> bytes:
    """paths as a NUL-ended --files-from list, each as './PATH': rsync reads a line starting with '#'
    or ';' as a comment, so a new page named '#notes.html' was never listed again and was refused as
    something of another kind in the site's way (rev55d)."""
    return b"\0".join(f"./{rel}".encode("utf-8", "surrogateescape") for rel in paths)


def _sitegens_only(rel: str, there: dict[str, str], listed: dict[str, set[str]]) -> bool:
    """What is at rel in dest (and in it, a folder) is what the list says sitegen put there (`listed`:
    its files, links and their folders, by kind), or rsync's holding folders a stopped deploy left:
    the folder target's rule."""
    inside = [path for path in there if path == rel or path.startswith(f"{rel}/")]
    return bool(inside) and all(path in listed[there[path]] or _in_holding(path, there[path]) for path in inside)


def _in_holding(path: str, kind: str) -> bool:
    """path (of kind f, d or L) is a holding folder or in one. rsync's are folders: a file or a link of
    that name is someone's (taken for a leftover, it was deleted with no word of it being theirs)."""
    parts = path.split("/")
    return HOLDING in parts[:-1] or (parts[-1] == HOLDING and kind == "d")


def _parents(rel: str) -> list[str]:
    parts = rel.split("/")
    return ["/".join(parts[:depth]) for depth in range(1, len(parts))]


def _in_the_way_message(paths: list[str], dest: str, dry_run: bool) -> str:
    named = ", ".join(f"{p} (the site has a folder there; yours is a file or a link)" if p.endswith("/") else
                      f"{p} (the site has a file there; yours is a folder or a link)" for p in paths[:10])
    more = f" and {len(paths) - 10} more" if len(paths) > 10 else ""
    return (f"{len(paths)} path(s) in {dest} hold something of another kind than the site has there, "
            f"which sitegen did not put there: {named}{more}; rsync would replace it, so nothing "
            f"{'would be' if dry_run else 'was'} published. Move or delete yours at the target (or rename the "
            "site's page), then deploy again")


def _named_as_holding(listing: str, before: set[str] | None) -> list[str]:
    """Files (or links) of someone's named as rsync's holding folder in a folder the transfer writes
    a file to: --delay-updates deletes such a file there to make its folder, filter rules or not."""
    seen = parse_output(listing, "")
    theirs = _present(listing) - before if before is not None else set()   # neither sent nor deleted
    written = {rel.rpartition("/")[0] for rel in seen.added + seen.updated if rel not in theirs}
    return sorted(rel for rel in seen.removed
                  if rel.rpartition("/")[2] == HOLDING and rel.rpartition("/")[0] in written)


def _named_as_holding_message(paths: list[str], dest: str, dry_run: bool) -> str:
    named = ", ".join(f"{p} (a file of yours named as rsync's holding folder, in a folder the site updates)"
                      for p in paths[:10])
    more = f" and {len(paths) - 10} more" if len(paths) > 10 else ""
    return (f"{len(paths)} file(s) in {dest} would be deleted by rsync, which sitegen did not put there: "
            f"{named}{more}; rsync makes its {HOLDING}/ folder there for the pages it sends, deleting a file of "
            f"that name first, so nothing {'would be' if dry_run else 'was'} published. Rename or move yours at "
            "the target, then deploy again")


def _foreign_folders(listing: str, before: set[str] | None) -> list[str]:
    """The folders rsync would delete that hold no file sitegen put there (an empty uploads/ of the
    admin's): rsync's --delete takes a folder the site does not have, empty or not."""
    gone = [name for line in list_lines(listing) if line.startswith("*deleting ") and line.endswith("/")
            and not _in_holding(name := _name(line)[:-1], "d")]   # rsync's leftovers: deleted, a note says so
    above = {up for rel in before or () for up in _parents(rel)}   # (a set: any(startswith) a folder was O(n^2))
    return sorted(d + "/" for d in gone if d not in above)


def _deletable(listing: str, before: set[str] | None) -> tuple[list[str], list[str], list[str]]:
    """What may be deleted of the files on sitegen's list the listing found gone from the site: only
    those, and the folders holding them the site does not have, once emptied (rr55e 5: --delete took a
    file put there while the deploy ran, an ACME token, a CMS upload). Returns the transfer's R rules
    (those where the site now has a file, a folder of sitegen's giving way: it cannot wait), then the
    files and the folders _delete_dropped deletes by name after it. An R rule a file for all of them
    made a mass removal O(dropped x site): 5,000 pages dropped of 50,000, the transfer 10 s of CPU, not 0.6."""
    listed = before or set()
    kinds = _kinds_listed(listing)
    deleting = [_name(line) for line in list_lines(listing) if line.startswith("*deleting ")]
    gone = {rel for rel in deleting if not rel.endswith("/")} & listed
    in_way = {rel for rel in gone if rel in kinds or any(kinds.get(up) in ("f", "L") for up in _parents(rel))}
    rules = sorted(in_way | {f"{up}/" for rel in in_way for up in _parents(rel)})
    above = {up for rel in listed for up in _parents(rel)}   # a killed deploy's emptied folders too
    emptied = [rel for rel in (d[:-1] for d in deleting if d.endswith("/")) if rel in above and rel not in kinds
               and not _in_holding(rel, "d") and not any(kinds.get(up) in ("f", "L") for up in _parents(rel))]
    return rules, sorted(gone - in_way), sorted(emptied)


def _kinds_listed(listing: str) -> dict[str, str]:
    """Every path the site has, as the listing shows it -> f, d or L."""
    return {_name(line).rstrip("/"): line[1] for line in list_lines(listing)
            if len(line) > 12 and line[11] == " " and line[0] in "<>ch." and line[1] in "fdL"}


def _delete_dropped(job: _Job, kept: _Kept) -> str:
    """Delete at dest exactly the files the site dropped, then their folders if empty, deepest first: rsync
    with --delete-missing-args, from a folder holding only the folders above the names, deletes each name
    listed that is not there (a folder only if empty: someone's file in it keeps it). Returns rsync's
    itemized deletions. A deploy killed before this leaves them on the list sent before the transfer,
    so the next one deletes them (and their folders: they still hold a file on the list)."""
    try:
        out = _delete_named(job, kept.dropped, "dropped") if kept.dropped else ""
        depths = sorted({rel.count("/") for rel in kept.emptied}, reverse=True)
        for depth in depths if not job.dry_run else ():   # (a dry run empties none)
            out += _delete_named(job, [rel for rel in kept.emptied if rel.count("/") == depth], f"emptied-{depth}")
    except _NotByName:
        return _delete_by_rules(job, kept)
    return out


class _NotByName(DeployError):
    """The rsync at dest cannot delete by name (--delete-missing-args)."""


def _delete_by_rules(job: _Job, kept: _Kept) -> str:
    """What _delete_dropped deletes, for an rsync there that cannot delete by name: the site sent again
    (nothing left to send) with the transfer's rules and an R rule for each dropped file and emptied
    folder, as every deploy did before deploy56 (O(dropped x site), on these servers only)."""
    tail = f"R {HOLDING}/**\0P *\0".encode()
    protect = (job.tmp / "protect").read_bytes().removesuffix(tail)   # (the R rules before 'P *': _protect)
    rules = [f"R /{_literal(rel)}\0" for rel in kept.dropped] + [f"R /{_literal(rel)}/\0" for rel in kept.emptied]
    (job.tmp / "protect-dropped").write_bytes(protect + "".join(rules).encode("utf-8", "surrogateescape") + tail)
    out = _run(rsync_command(job.public, job.dest, job.dry_run, job.rsync, job.tmp / "protect-dropped", None), job.dest)
    return "".join(f"{line}\n" for line in out.splitlines() if line.startswith("*deleting "))   # (a dry run's updates again)


def _delete_named(job: _Job, names: list[str], into: str) -> str:
    """One rsync deleting `names` at dest, none of them in its source; their folders are, or rsync takes
    a name under a missing folder for a missing argument itself and deletes nothing."""
    empty = job.tmp / into
    for up in {up for rel in names for up in _parents(rel)}:
        (empty / up).mkdir(parents=True, exist_ok=True)
    empty.mkdir(exist_ok=True)
    wanted = job.tmp / f"{into}.list"
    wanted.write_bytes(_files_from(names))
    try:
        return _run([job.rsync, "--delete-missing-args", "--no-implied-dirs", "--itemize-changes", _NAMES,
                     "--8-bit-output", f"--files-from={wanted}", "--from0", *(["--dry-run"] if job.dry_run else []),
                     f"{empty}/", _join(job.dest, "")], job.dest)
    except DeployError as error:   # rsync older than 3.1.0 there; Debian 12's 3.2.7 (deb12u6) as the receiver
        if _unknown_option(error, "--delete-missing-args") or "invalid file mode 00" in str(error):
            raise _NotByName(str(error)) from error   # (rev56c 2)
        raise


def _unknown_option(error: DeployError, option: str) -> bool:
    """rsync's answer to an option it does not know, at either end: '--delete-missing-args: unknown option'."""
    return f"{option}: unknown option" in str(error)


def _protected(foreign: list[str], folders: list[str]) -> list[str]:
    """What the protect rules name: the top folders of someone else's (a rule for a folder keeps
    all in it) and their files elsewhere. One rule a file, in folders already kept, made each deploy
    slower the more files an admin kept (60,000 in uploads/: the transfer 18.9 s instead of 1.2 s)."""
    every = set(folders)
    tops = [d for d in sorted(every) if not any(f"{up}/" in every for up in _parents(d.rstrip("/")))]
    kept = set(tops)
    return tops + sorted(rel for rel in set(foreign) - kept
                         if not any(f"{up}/" in kept for up in _parents(rel.rstrip("/"))))


def _present(listing: str) -> set[str]:
    """The files a dry run's -ii listing shows already there: unchanged ('.f   '), or to be updated
    (not '+++++++++', a new file)."""
    found = set()
    for line in list_lines(listing):
        code, name = line[:11], _name(line)   # an unchanged file's code ends in spaces
        if len(code) == 11 and code[0] in "<>.ch" and code[1] in "fL" and code[2:].strip("+") != "" and name:
            found.add(name)
    return found


def _name(line: str) -> str:
    """The path of an itemized line ('*deleting   ' and '%i ' are 12 characters): as rsync wrote it
    but for its escapes, a control character (a newline) as \\#ooo and a backslash before '#' as
    \\#134. Read with them (and with its leading spaces stripped), the protect rule of someone's file
    named so matched nothing, and --delete took it while the note said kept."""
    raw = line[12:].encode("utf-8", "surrogateescape")
    return _ESCAPE.sub(lambda m: bytes([int(m[1], 8)]), raw).decode("utf-8", "surrogateescape")


def _join(dest: str, name: str) -> str:
    return f"{dest}{name}" if dest.endswith((":", "/")) else f"{dest}/{name}"


def _literal(rel: str) -> str:
    """rel as an rsync filter pattern matching only itself: rsync reads backslashes as escapes only
    in a pattern with a wildcard, so then its wildcards and backslashes are escaped."""
    return re.sub(r"([*?\[\\])", r"\\\1", rel) if re.search(r"[*?\[]", rel) else rel  # else \ is literal


def _held(out: str) -> list[str]:
    """The left-over holding folders' files the deploy deletes (rsync's '*deleting' lines for them)."""
    return [name for line in list_lines(out) if line.startswith("*deleting ")
            and not (name := _name(line)).endswith("/") and _in_holding(name, "f")]


def parse_output(out: str, where: str) -> Changes:
    """Read rsync's --itemize-changes lines ('>f+++++++++ a.html', '>fc.T...... b.css',
    '*deleting   c.html') and its --stats total."""
    changes = Changes(where)
    for line in list_lines(out):
        if line.startswith("*deleting "):
            name = _name(line)
            if not name.endswith("/") and not _in_holding(name, "f"):   # rsync's leftovers: a note says so
                changes.removed.append(name)
            continue
        code, name = line[:11], _name(line)
        if line[11:12] != " " or code[1] not in "fL" or code[0] not in "<>ch":
            continue  # folders, unchanged files, stats lines
        (changes.added if code[2:].strip("+") == "" else changes.updated).append(name)
    if m := _TRANSFERRED.search(out):
        changes.bytes = int(re.sub(r"[,.]", "", m.group(1)))
    return changes
