"""Deploy targets, chosen by the scheme of the TARGET text, and the report of what changed.

    /var/www/news, ./out, file:///var/www/news    -> FolderTarget (sync on this machine)
    git+file:///srv/news.git#gh-pages, git+URL     -> GitTarget (commit onto a branch and push)
    rsync://host/module/path, user@host:/path      -> RsyncTarget (system rsync, over ssh for host:path)
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..config import CONFIG_FILE
from ..write import mount_inside, mount_point

DEFAULT_BRANCH = "gh-pages"
SUPPORTED = ("a folder (/var/www/news or file:///var/www/news), git+URL#branch "
             "(git+file:///srv/news.git#gh-pages), rsync://host/module/path or user@host:/path")
_SSH = re.compile(r"^(?:[^@/\s]+@)?[A-Za-z0-9][A-Za-z0-9.\-]*:(?!//)")  # rsync's own rule: host:path is remote
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
_HOST_ONLY = re.compile(r"^[^@/\s]+@[A-Za-z0-9][A-Za-z0-9.\-]*$")  # user@host: _SSH without ':path'
_BAD_BRANCH = re.compile(r"(^[-/.])|\.\.|[\s~^:?*\[\\]|@\{|/$|\.lock$|\.$|//")


class DeployError(Exception):
    """A target that cannot be used, or a publish that failed; str() says what to do."""


class StoppedAfterPublish(KeyboardInterrupt):
    """A stop (Ctrl-C, SIGTERM) come once the target served the new site: the folder switched to the
    new release, the branch pushed, or the deploy done. It exited 130/143, which `deploy --help` says
    leaves a folder or git target as it was, with the new pages live and no word of them (review49d 4);
    the command line says so and exits 0. `reported`: the summary was being printed, not said again."""

    def __init__(self, changes: Changes, reported: bool = False) -> None:
        super().__init__(changes.where)
        self.changes, self.reported = changes, reported


@dataclass(frozen=True)
class FolderTarget:
    path: Path

    def __str__(self) -> str:
        return str(self.path)


@dataclass(frozen=True)
class GitTarget:
    url: str
    branch: str = DEFAULT_BRANCH

    def __str__(self) -> str:
        return f"{redact(self.url)} (branch {self.branch})"


@dataclass(frozen=True)
class RsyncTarget:
    dest: str

    def __str__(self) -> str:
        return self.dest


Target = FolderTarget | GitTarget | RsyncTarget

_USERINFO = re.compile(r"\b([A-Za-z][A-Za-z0-9+.\-]*://)([^/@\s]+)@")


def redact(text: str) -> str:
    """text with the credentials in each URL in it masked: a password (user:TOKEN@ -> user:***@),
    and an http(s) user name alone (a token: https://TOKEN@github.com/). CI pushes to
    https://x-access-token:$TOKEN@github.com/...; the summary line, notes and git's errors printed
    it, and cron mails what is printed. An ssh or rsync user name is no secret: kept."""
    def mask(m: re.Match[str]) -> str:
        user, colon, _ = m[2].partition(":")
        if colon:
            return f"{m[1]}{user}:***@"
        return f"{m[1]}***@" if m[1].lower().rstrip(":/").endswith(("http", "https")) else m[0]
    return _USERINFO.sub(mask, text)

SITE_MARK = "# site: "   # the line of a target's list of sitegen's files naming the site that wrote it


@dataclass(frozen=True)
class Site:
    """Which site a target's list of files was written by: its base_url and title. Two lists are the
    same site's when their addresses are (scheme aside: http -> https), or their titles (unless it is
    `sitegen init`'s): a site that moves to a new address keeps its title, one retitled its address;
    changing both at once takes --replace-site, once."""
    base_url: str
    title: str = ""

    def __post_init__(self) -> None:  # as the list's line writes it: "S1  News" equals what it reads back
        object.__setattr__(self, "title", self.name())

    def line(self) -> str:
        return f"{SITE_MARK}{self.base_url} {self.name()}".rstrip()

    def name(self) -> str:
        return " ".join(self.title.split())

    def same_address(self, other: Site) -> bool:
        return _address(self.base_url) == _address(other.base_url)

    def same(self, other: Site) -> bool:
        from ..config import SiteSection
        named = self.name() not in ("", SiteSection().title)   # sitegen init's title names no site
        return self.same_address(other) or (named and self.name() == other.name())

    def __str__(self) -> str:
        return f"{self.name()!r} ({self.base_url})" if self.name() else self.base_url


def site_in(lines: list[str] | set[str]) -> Site | None:
    """The Site a list's SITE_MARK line names; None for a list without one (an older sitegen's)."""
    for line in lines:
        if line.startswith(SITE_MARK):
            url, _, title = line[len(SITE_MARK):].strip().partition(" ")
            return Site(url, title.strip())
    return None


@dataclass(frozen=True)
class SiteCheck:
    """What check_site has to say: a note, or a warning (said on stderr, -q or not)."""
    text: str
    warning: bool = False

    def tell(self, changes: Changes) -> None:
        (changes.warnings if self.warning else changes.notes).append(self.text)


def check_site(found: Site | None, site: Site | None, where: str, replace: bool, dry_run: bool) -> SiteCheck | None:
    """Refuse to publish over another site's pages at `where` (found: the site its list names):
    they were all deleted as sitegen's, exit 0, no word. A warning when the same site moved to a new
    address (a staging build deployed over production by mistake looks just so: every link of the
    live site then points at staging, and a note was dropped by -q), a note when `replace`
    (--replace-site) lets it replace another."""
    if found is None or site is None or found.same_address(site):
        return None
    if found.same(site):
        will = "would point" if dry_run else "points"
        return SiteCheck(f"the list at {where} names this site at {found.base_url}, its base_url now {site.base_url}: "
                         f"taken for this site at a new address (same title); every link of the site there {will} "
                         f"at {site.base_url}. If that is not the site's address (a staging build), deploy the "
                         "site built for its own address again", warning=True)
    if not replace:
        raise DeployError(f"{where} holds the site {found}, not this one ({site}): publishing would delete its "
                          f"pages; nothing {'would be' if dry_run else 'was'} published. Deploy each site to a target "
                          "of its own; if this site is that one, retitled and at a new address, or is to take its "
                          "place, deploy with --replace-site")
    return SiteCheck(f"{'would replace' if dry_run else 'replaced'} the site {found} at {where} by this one ({site}), "
                     "as --replace-site asks: its pages this site does not have are deleted")


def _address(url: str) -> tuple[str, int | None, str]:
    parts = urlsplit(url)
    try:
        port = None if parts.port in (80, 443) else parts.port
    except ValueError:   # a list edited by hand: compared as written
        port = None
    return (parts.hostname or "").lower(), port, parts.path.rstrip("/")


def parse_target(text: str, base: Path, settings: str = CONFIG_FILE) -> Target:
    """TARGET text -> a Target; relative folder paths are taken from `base`; `settings`: the config
    file the advice names (Config.file)."""
    text = text.strip()
    if not text:
        raise DeployError("no deploy target; pass one (sitegen deploy /var/www/news) "
                          f"or set [deploy] target in {settings}")
    if text.startswith("-"):
        raise DeployError(f"target {text!r} looks like an option; expected {SUPPORTED}")
    if text.startswith("git+"):
        return _git(text, base)
    if text.startswith("rsync://"):
        return _rsync_url(text)
    if text.startswith("file://"):
        parts = urlsplit(text)
        if parts.netloc not in ("", "localhost"):
            raise DeployError(f"target {text!r}: file:// URLs must name a folder on this machine "
                              "(file:///var/www/news); use user@host:/path to publish to another host")
        return FolderTarget(Path(unquote(parts.path)))
    if _SCHEME.match(text):
        raise DeployError(f"target {text!r}: unknown scheme; expected {SUPPORTED}")
    if _SSH.match(text):
        return RsyncTarget(text)
    if _HOST_ONLY.match(text):  # `deploy@example.org`, its ':/var/www/news' forgotten: a folder of that name here
        raise DeployError(f"target {text!r} names a computer but no folder on it; for rsync over ssh write "
                          f"{text}:/var/www/news (the folder there), for a folder here named so write ./{text}")
    path = Path(text).expanduser()
    return FolderTarget(path if path.is_absolute() else base / path)


def _rsync_url(text: str) -> RsyncTarget:
    """An rsync:// target, refused here (exit 2, before a build) without a host or a module: rsync
    took `rsync:///var/www/news` (file:///'s habit) or `rsync://example.org` for a host named by
    what followed, and failed after the build, saying "try again" (review51f 3)."""
    parts = urlsplit(text)
    if not parts.hostname or not parts.path.strip("/"):
        raise DeployError(f"target {text!r} names no {'module' if parts.hostname else 'host'}; an rsync daemon's "
                          "target is rsync://HOST/MODULE/path (rsync://example.org/www/news), a folder here "
                          "file:///var/www/news")
    return RsyncTarget(text)


def _git(text: str, base: Path) -> GitTarget:
    url, _, branch = text[len("git+"):].partition("#")
    if url and not _SCHEME.match(url) and not _SSH.match(url):  # a local path: git runs elsewhere
        url = str(base / Path(url).expanduser())
    branch = branch or DEFAULT_BRANCH
    if not url or url.startswith("-"):
        raise DeployError(f"target {text!r}: expected git+URL#branch, e.g. git+file:///srv/news.git#gh-pages")
    if _BAD_BRANCH.search(branch):
        raise DeployError(f"target {text!r}: {branch!r} is not a valid branch name")
    return GitTarget(url, branch)


def check_folder(dest: Path, root: Path, public: Path, sources: dict[str, Path] | None = None,
                 nested: list[str] | None = None, address: str = "/") -> None:
    """Refuse a folder that would mix the site with its own sources or output. `sources`: the
    site's own folders by name (content, seeds, templates, static, the cache), which may also
    lie outside the project folder. `nested`: where a target inside another folder target is told
    of rather than refused (a rollback: the way back for a site deployed so before it was refused).
    `address`: the URL path the site is served under ('/news/'), for the advice on a mount inside."""
    if dest.is_symlink():  # a link someone made to the project, content/ or the home folder: judge where it leads too
        _check_folder(dest.resolve(), root, public, sources)
    _check_folder(release_path(dest), root, public, sources)  # the link itself: after the first deploy it points at a release
    if dest.exists() and not dest.is_dir():
        raise DeployError(f"target {dest} is a file, not a folder")
    if (above := next((up for up in dest.parents if up.exists()), None)) and not above.is_dir():
        # a typo'd path (www/index.html/news): it was told after the build as a permission to grant
        raise DeployError(f"target {dest} is below {above}, which is a file, not a folder; nothing was "
                          "changed: check the target's path")
    if inside := _nested_in(dest):
        if nested is None:
            raise NestedTarget(f"{inside} Refused: {NESTED_ADVICE}")
        nested.append(f"{inside} Then {NESTED_ADVICE}")
    if dest.is_dir() and not dest.is_symlink() and mount_point(dest):
        # a Docker volume, a partition of its own, a bind mount: the dry run said 'would change', then
        # the switch failed with a raw 'Device or resource busy' (or 'Invalid cross-device link')
        raise mount_refusal(dest, "is a mount point (a file system of its own, a Docker volume, a bind mount)")
    if dest.is_dir() and (inner := mount_inside(dest)):
        # an uploads/ volume in the web root: its files cannot be hard-linked into a release (EXDEV),
        # and a copy would leave the volume behind, no longer served
        raise mount_refusal(dest, f"holds a mount point, {inner} (a file system of its own, a Docker volume, a "
                                  "bind mount), whose files cannot be carried into a release",
                            held_mount_advice(dest, Path(inner), address))


def mount_refusal(dest: Path, why: str, advice: str | None = None) -> DeployError:
    """The refusal of a folder that cannot be replaced by a link (exit 2), with a folder to use:
    by default one inside it, the web server's root pointing there."""
    advice = advice or f"Deploy to a folder inside it ({dest / 'site'}) and point the web server there"
    return RefusedTarget(f"target {dest} {why}; sitegen replaces the folder with a link to a release made beside "
                         f"it, which cannot be done there; nothing was changed. {advice}")


def held_mount_advice(dest: Path, inner: Path, address: str) -> str:
    """Where to deploy a site whose folder holds a mount (an uploads/ volume). Not a folder inside
    it, as for a folder that is one: the server's root moved there no longer serves the mount."""
    beside = dest.with_name(f"{dest.name}-site")
    served = address.rstrip("/") + "/" + inner.relative_to(os.path.realpath(dest)).as_posix() + "/"
    return (f"A folder inside it would not do: the web server's root moved there would no longer serve {inner}. Deploy "
            f"beside it ({beside}) and serve the site from there and the mount with a location of its own "
            f"(nginx: location {address} {{ alias {beside}/; }} and location {served} {{ alias {inner}/; }}), "
            f"or mount the volume outside the web root (/srv/uploads) and serve it with such a location")


_RELEASES = re.compile(r"^\.(.+)\.releases$")   # .NAME.releases/: the releases of a folder target NAME beside it
NESTED_ADVICE = ("deploy each site to a folder of its own, side by side (/var/www/main and /var/www/news), and "
                 "let the web server map the address to it (nginx: location /news/ { root /var/www; })")


def _nested_in(dest: Path) -> str | None:
    """Why dest lies inside another folder target, if it does: each deploy of the outer carried the
    inner's link and releases into its new release as someone else's files, and an inner deploy at
    the same time switched its link in the outer's old release: lost, its release pruned, 404."""
    parts = release_path(dest).parts   # (not dest resolved: after its first deploy it leads into its own releases)
    at = next((i for i, part in enumerate(parts[:-1]) if _RELEASES.match(part)), None)
    if at is None:
        return None
    outer = Path(*parts[:at]) / _RELEASES.match(parts[at])[1]
    return (f"target {dest} lies inside the folder target {outer} (its path runs through {parts[at]}/); a deploy "
            "there carries this one's pages as files of someone else's and can lose them.")


class RefusedTarget(DeployError):
    """A folder target found unusable only on the way (it holds another target, it cannot be
    replaced by a link): refused as a bad target is (exit 2)."""


class NestedTarget(RefusedTarget):
    """A folder target that holds (or lies inside) another sitegen target."""


def target_inside(dest: Path, foreign: list[str]) -> None:
    """Refuse dest when the files in it sitegen did not put there (`foreign`, paths in its live
    folder, found by the deploy's own walk of it) show another folder target: its .NAME.releases/
    or .NAME.lock beside its link NAME. A list of sitegen's files below the top level is not taken
    for one: a copy of the live site kept inside it (`cp -a`) has one, and was refused forever. The
    message names the file that shows it, for a leftover to be deleted."""
    names, found = set(foreign), {}   # inner target -> the files that show it
    for rel in foreign:
        parts = rel.split("/")
        name = parts[-1]
        at = next((i for i, part in enumerate(parts[:-1]) if _RELEASES.match(part)), None)
        if at is not None:   # .NAME.releases/RELEASE/...: the target NAME beside it
            inner, shown = dest.joinpath(*parts[:at], _RELEASES.match(parts[at])[1]), "/".join(parts[:at + 1]) + "/"
        elif name.startswith(".") and name.endswith(".lock") and "/".join([*parts[:-1], name[1:-5]]) in names:
            inner, shown = dest.joinpath(*parts[:-1], name[1:-5]), rel
        else:
            continue
        found.setdefault(inner, {})[f"{dest}/{shown}"] = None
    for inner, shown in found.items():
        raise NestedTarget(f"target {dest} holds another sitegen target ({inner}; {' and '.join(shown)} show it); a "
                           "deploy here carries its pages into each release as files of someone else's and can lose "
                           f"them. Refused: {NESTED_ADVICE}. If it is no site's (a copy), delete those and deploy "
                           "again")


def _check_folder(dest: Path, root: Path, public: Path, sources: dict[str, Path] | None) -> None:
    root, public = root.resolve(), public.resolve()
    if dest == public or dest.is_relative_to(public):
        raise DeployError(f"target {dest} is inside the build output {public}; publish to a folder outside it")
    if root.is_relative_to(dest):
        raise DeployError(f"target {dest} is the project folder or one holding it; publishing there would "
                          "mix the site with its sources - choose a folder of its own, e.g. /var/www/news")
    for name, folder in (sources or {}).items():
        folder = folder.resolve()
        if dest.is_relative_to(folder) or folder.is_relative_to(dest):
            # 'sitegen deploy content' made content/ a link to a release of the built site, its
            # articles carried in: the next build read them among the pages (static/: published again)
            raise DeployError(f"target {dest} is, holds or sits inside the site's {name} folder {folder}; publishing "
                              "there would mix the site with its sources - choose a folder of its own, e.g. "
                              "/var/www/news")
    if public.is_relative_to(dest):
        raise DeployError(f"target {dest} holds the build output {public}; choose a folder outside it")
    try:
        home = Path.home().resolve()
    except RuntimeError:  # no HOME and no passwd entry (a container run with an arbitrary uid): no home to guard
        return
    if home.is_relative_to(dest):
        # 'sitegen deploy ~' moved the home folder into .NAME.releases/ and put a symlink to a
        # release in its place: every private folder in it made 0755, empty folders left out
        raise DeployError(f"target {dest} is your home folder or holds it; a deploy replaces the folder with a link "
                          "to a release of the site - choose a folder of its own, e.g. /var/www/news or "
                          f"{home / 'public_html'}")


def release_path(dest: Path) -> Path:
    """dest made absolute with its folders resolved, but not dest itself (a symlink to a release)."""
    dest = Path(os.path.abspath(dest))
    return dest.parent.resolve() / dest.name


@dataclass
class Changes:
    """What a deploy changed (or would change), file by file."""
    where: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    bytes: int = 0                 # size of the files added or updated
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)   # what asks for the user's hand: said even with -q

    @property
    def count(self) -> int:
        return len(self.added) + len(self.updated) + len(self.removed)

    def line(self, dry_run: bool) -> str:
        counts = (f"{len(self.added)} added, {len(self.updated)} updated, {len(self.removed)} removed, "
                  f"{human_bytes(self.bytes)}")
        if dry_run:
            return f"deploy dry run: would change {self.count} file(s) ({counts}) at {self.where}; nothing published there"
        if not self.count:
            return f"deploy ok: already up to date at {self.where} (0 changes)"
        return f"deploy ok: {self.count} file(s) changed ({counts}) at {self.where}"

    def listing(self, limit: int | None) -> list[str]:
        rows = [f"  + {p}" for p in self.added] + [f"  ~ {p}" for p in self.updated] + [f"  - {p}" for p in self.removed]
        if limit is not None and len(rows) > limit:
            rows = rows[:limit] + [f"  ... and {len(rows) - limit} more (--dry-run lists them all)"]
        return rows


def human_bytes(n: int) -> str:
    if n < 1000:
        return f"{n} B"
    return f"{n / 1000:.1f} kB" if n < 1_000_000 else f"{n / 1_000_000:.1f} MB"
