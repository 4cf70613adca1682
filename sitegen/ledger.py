"""content/.sitegen-published: the topic and author feeds the site's builds have published.

A section's feeds stay, empty, while a story taken down (a draft, one dated ahead) is in it, read
from the sources alone (site.unpublished_sections). A tag or byline is the story's own words, so the
sources cannot say whether its feeds were ever out: an embargoed story's new tag must get none. This
record says so. It lives in content/, committed with the stories, so a clean build (a fresh clone
of the newsroom's repository) plans what an incremental one does; a plain build that published its
output rewrites it when it changes, a preview (--drafts, --future) never does.

One entry a line, sorted: `tag SLUG` or `author SLUG`, an edition's as `tag de/SLUG` (the keys of
site.Site.tags and authors). A merge's marker lines are skipped, so a conflict keeps both sides'
entries, which is what the union of two editors' builds published; anything else is an error
naming its line, never guessed at: a line dropped would end a subscribed feed for good.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

LEDGER = ".sitegen-published"   # in content/, beside the converter's .sitegen-convert
LEDGER_TMP = LEDGER + ".tmp"    # its temporary name while written (a build holds the site's lock)
HEADER = ("# sitegen's record of the topic and author feeds it has published, kept while a story taken "
          "down carries them: commit it with content/ (README: Working in git)\n")
_ENTRY = re.compile(r"(tag|author) ((?:[^\s/]+/)?[^\s/]+)")
_MARKERS = ("<<<<<<<", "|||||||", "=======", ">>>>>>>")   # git's conflict lines


class LedgerError(Exception):
    """The record cannot be read as sitegen writes it: the message names the file, line and fix."""


@dataclass(frozen=True)
class Ledger:
    entries: frozenset[tuple[str, str]] = frozenset()   # (kind, key): ('tag', 'weather'), ('author', 'de/ann-lee')
    text: str | None = None                              # the file as read; None: there is none
    parsed: bool = True                                  # `entries` read from `text` (parse_ledger)

    @property
    def digest(self) -> str:
        """What the build cache keys on: '' for no file (a cache from before the record: the same)."""
        return "" if self.text is None else hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def read_ledger(content: Path, shown: str) -> Ledger:
    """The record in `content` (`shown`: the folder as messages name it, 'content'), its lines not
    yet read (parse_ledger): a build that finds nothing changed needs its digest alone. LedgerError
    when it is no UTF-8 text."""
    where = f"{shown}/{LEDGER}"
    try:
        data = (content / LEDGER).read_bytes()
    except FileNotFoundError:
        return Ledger()
    except OSError as exc:
        raise LedgerError(f"{where}: cannot be read ({exc.strerror or exc}); make it a readable file "
                          "(or restore it from version control)") from None
    data = data.removeprefix(b"\xef\xbb\xbf")   # a byte order mark (Notepad's): its first line is still a comment
    try:
        return Ledger(text=data.decode("utf-8"), parsed=False)
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise LedgerError(f"{where}:{line}: not UTF-8 text; restore the file from version control "
                          f"(git checkout -- {where})") from None


def parse_ledger(ledger: Ledger, shown: str) -> Ledger:
    """`ledger` with its entries read. LedgerError naming the first line that is no entry: a hand
    edit gone wrong stops the build at its line, never guessed at."""
    if ledger.parsed or ledger.text is None:
        return ledger
    entries = set()
    for number, line in enumerate(ledger.text.split("\n"), 1):
        line = line.rstrip("\r").strip()
        if not line or line.startswith("#") or line.startswith(_MARKERS):
            continue
        found = _ENTRY.fullmatch(line)
        if found is None:
            where = f"{shown}/{LEDGER}"
            raise LedgerError(
                f"{where}:{number}: '{line[:80]}' is not an entry of sitegen's record of the feeds it published "
                "('tag SLUG' or 'author SLUG', an edition's 'tag de/SLUG'); correct the line, or restore the file "
                f"from version control (git checkout -- {where}); deleting the line ends that topic's or author's "
                "feeds while only stories taken down carry it")
        entries.add((found[1], found[2]))
    return Ledger(frozenset(entries), ledger.text)


def ledger_text(entries: frozenset[tuple[str, str]]) -> str:
    """The record's bytes for these entries: the same entries, the same file (sorted)."""
    return HEADER + "".join(f"{kind} {key}\n" for kind, key in sorted(entries))


def write_ledger(content: Path, text: str) -> None:
    """Written whole: a temporary file beside it, synced, renamed over it, and the folder synced (a
    kill or power cut leaves the old record or the new, never half). A link at its name is replaced,
    never written through: nothing is written outside content/."""
    tmp, path = content / LEDGER_TMP, content / LEDGER
    tmp.unlink(missing_ok=True)   # a killed build's, or a link planted there
    try:
        mode = os.stat(path, follow_symlinks=False).st_mode & 0o7777
    except OSError:
        mode = None
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    try:
        try:
            if mode is not None:
                os.fchmod(fd, mode)   # a 0640 record stays 0640
            data = memoryview(text.encode("utf-8"))
            while data:
                data = data[os.write(fd, data):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(content)


def _sync_folder(folder: Path) -> None:
    """The rename made durable (POSIX: the folder's entry); a system without folder fds skips it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
