"""`sitegen deploy`: build, then publish public/ to a folder, a git branch or an rsync destination.

The target is picked by its scheme (see targets.py); each kind lives in its own module and
returns the same `Changes` report, which is printed as one summary line and a file list.
"""
from __future__ import annotations

import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from ..config import Config
from .folder import publish_folder, rollback
from .git import publish_git
from .rsync import publish_rsync
from .targets import (Changes, DeployError, FolderTarget, GitTarget, RefusedTarget, RsyncTarget, Site,
                      StoppedAfterPublish, Target, check_folder, parse_target, redact, release_path)

if TYPE_CHECKING:
    from ..build import BuildOptions

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_BUSY = 0, 1, 2, 75   # (75: as cli's, another build held the lock throughout)
LIST_LIMIT = 100  # files listed after a real deploy; --dry-run lists every one

__all__ = ["deploy", "publish", "resolve_target", "Changes", "DeployError"]


def deploy(config: Config, args, build: BuildOptions | None = None) -> int:
    """The `sitegen deploy` command: exit 0 published, 1 build or publish failed, 2 bad target.
    `build`: how to build first, from the flags `sitegen build` takes (None: the defaults). Holds
    the site's build lock throughout, so no build changes public/ while it is copied."""
    from ..leftovers import sweep
    from ..lock import WAIT, BusyError, LockError, build_lock, waiting_note
    preview = [flag for flag in ("drafts", "future") if getattr(args, flag, False)]
    if preview:  # before anything is built: a build with them left public/ a preview (drafts in it)
        return _fail(_preview_refused(preview), EXIT_USAGE)
    nested: list[str] = []
    try:   # a rollback of a target inside another goes through, warned: it is how such a site gets its pages back
        target = resolve_target(config, args.target, nested if args.rollback else None)
    except DeployError as exc:
        return _fail(exc, EXIT_USAGE)
    wait = WAIT if getattr(args, "wait", None) is None else args.wait
    if args.rollback:
        return _deploy_rollback(config, args, target, nested, wait)
    # as a preview is refused; a flag of its own: --force also waives --no-build's check of a stale build (rr53e 2)
    if (local := _local_base_url(config)) and not getattr(args, "local_base_url", False):
        return _fail(_local_refused(local[0]), EXIT_USAGE)
    if sample := _init_sample(config):   # no flag lets it through: an edit of one word makes it the editor's story
        return _fail(sample, EXIT_USAGE)
    gone = _before_build(config, args, target)
    if gone:
        return _fail(gone, EXIT_ERRORS)
    changes = None
    try:
        with build_lock(config, wait, waiting_note(wait, args.quiet)) as hold:  # waits out a rebuild
            sweep(config, hold.killed, args.quiet)   # what a killed build or conversion left in the site
            if not _built(config, args, build):
                return _fail("deploy refused: the build failed (see above); nothing was published", EXIT_ERRORS)
            _not_a_preview(config.path("output"))  # `sitegen build --drafts`, then `deploy --no-build`
            changes = publish(config, target, args.dry_run, wait, getattr(args, "replace_site", False))
    except (DeployError, LockError) as exc:
        code = EXIT_USAGE if isinstance(exc, RefusedTarget) else EXIT_ERRORS   # a target that cannot be used
        return _fail(exc, EXIT_BUSY if isinstance(exc, BusyError) else code)
    except KeyboardInterrupt as exc:   # in the lock's release: published already
        if changes is None or args.dry_run or isinstance(exc, StoppedAfterPublish):
            raise
        raise StoppedAfterPublish(changes) from exc
    try:
        _report(changes, args.dry_run, args.quiet, args.verbose)
    except KeyboardInterrupt as exc:
        if args.dry_run:
            raise
        raise StoppedAfterPublish(changes, reported=True) from exc
    return EXIT_OK


def told_stopped(stop: StoppedAfterPublish, word: str, quiet: bool) -> None:
    """What a deploy stopped once its target served the new site says (cli: exit 0): that, and the
    report it had not printed yet (without -v's list of files)."""
    print(f"{word} after {redact(stop.changes.where)} served the new site: it is published", file=sys.stderr)
    if not stop.reported:
        _report(stop.changes, False, quiet, False)


def _deploy_rollback(config: Config, args, target: Target, nested: list[str], wait: float) -> int:
    """`sitegen deploy --rollback`: folder targets only, under the site's lock."""
    from ..lock import BusyError, LockError, build_lock, waiting_note
    for warning in nested:
        print(f"warning: {warning}", file=sys.stderr)
    if not isinstance(target, FolderTarget):
        how = ("for a git branch, push the previous commit again" if isinstance(target, GitTarget) else
               "for an rsync target, deploy the earlier version of the site again (sitegen keeps no release there)")
        return _fail(f"--rollback works for folder targets; {how}", EXIT_USAGE)
    try:   # this site's deploy holds it too; the target's lock keeps out every other site's and checkout's
        with build_lock(config, wait, waiting_note(wait, args.quiet)):
            return _rollback(target, args.dry_run, wait)
    except LockError as exc:
        return _fail(exc, EXIT_BUSY if isinstance(exc, BusyError) else EXIT_ERRORS)


def _before_build(config: Config, args, target: Target) -> str | None:
    """Warnings said before the lock is taken, and what content_gone finds (truthy: the deploy fails).
    Under --strict (or [build] strict) a base_url on this computer, or a git target's CNAME for
    another address, is an error, as the build's warnings are."""
    for problem in [*_local_base_url(config), *(_cname_problem(config) if isinstance(target, GitTarget) else [])]:
        if getattr(args, "strict", False) or config.build.strict:
            from ..build import STRICT_NOTE
            return f"{problem}{STRICT_NOTE}; nothing was built or published"
        print(f"warning: {problem}", file=sys.stderr)
    from ..pipeline import content_gone
    gone = None if args.no_build else content_gone(config, convert=not args.no_convert, deploying=True)
    if gone:
        return gone
    if args.no_build and args.base_url:
        print("warning: with --no-build, --base-url builds nothing: public/ is published as built, if it was built "
              "for that address", file=sys.stderr)
    return None


def _built(config: Config, args, build: BuildOptions | None) -> bool:
    """Build first, under the lock the caller holds (False: it failed); with --no-build, public/ is
    checked to be built from the sources as they are, unless --force."""
    if not args.no_build:
        from ..build import BuildOptions
        from ..pipeline import convert_and_build  # the same stages and messages as `sitegen build`
        built = convert_and_build(config, build or BuildOptions(locked=True), convert=not args.no_convert,
                                  quiet=args.quiet, hints=False)  # deploy refuses --drafts, --future
        return built.ok
    if not getattr(args, "force", False):
        _built_from_the_sources(config, args.config)   # a failed build since, or sources changed since
    return True


def _report(changes: Changes, dry_run: bool, quiet: bool, verbose: bool) -> None:
    """The summary line, notes (not with -q), warnings (on stderr, always) and with -v the files."""
    print(redact(changes.line(dry_run)))   # (a git URL's token: the target is named in each)
    for note in [] if quiet else changes.notes:  # -q: errors and the summary line (a cron job's every run)
        print(f"note: {_plain(redact(note))}")
    for warning in changes.warnings:  # on stderr, -q or not: a cron job mails what needs a hand
        print(f"warning: {_plain(redact(warning))}", file=sys.stderr)
    if verbose:
        for row in changes.listing(None if dry_run else LIST_LIMIT):
            print(_plain(row))


def _plain(text: str) -> str:
    """`text` with control characters escaped ('\\x1b', '\\r', '\\n') and bytes that are not UTF-8 as
    '\\xff': the names of files found at a target are anyone's, and printed raw one erased the line
    on a terminal ('\\r', an escape sequence) or split a note in two ('\\n')."""
    if text.isprintable():
        return text
    return "".join(_escaped(c) if unicodedata.category(c) in ("Cc", "Cs") else c for c in text)


def _escaped(c: str) -> str:
    if "\udc80" <= c <= "\udcff":   # a byte that is not UTF-8 (surrogateescape)
        return f"\\x{ord(c) - 0xdc00:02x}"
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(c, f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")


def _rollback(target: FolderTarget, dry_run: bool = False, wait: float = 0.0) -> int:
    from ..lock import BusyError, LockError
    try:
        back = rollback(target.path, dry_run, wait)
    except (DeployError, LockError, OSError) as exc:
        return _fail(exc, EXIT_BUSY if isinstance(exc, BusyError) else EXIT_ERRORS)
    dest = target.path
    if dry_run:
        print(f"deploy rollback dry run: {dest} would serve release {back.name} again; nothing changed")
    else:
        print(f"deploy rollback ok: {dest} serves release {back.name} again")
    if back.carried:
        print(f"note: {'would carry' if dry_run else 'carried'} {len(back.carried)} file(s) put in {dest} since "
              f"that release was made, which sitegen did not put there, into it: {_some(back.carried)}")
    if back.aside:
        will = "would" if dry_run else "will"
        print(f"warning: {_some(back.aside)} in {dest}, which sitegen did not put there, {will} "
              f"not be served: the release rolled back to has its own there; yours {'would be' if dry_run else 'are'} "
              f"kept in {back.kept}/", file=sys.stderr)
    for rel in back.uncarried:
        print(f"warning: could not carry {_plain(str(dest / rel))} "
              f"(your user may neither read it nor hard-link it) into "
              f"release {back.name}, so it is not served; it stays in {back.rolled_from} until the next deploy",
              file=sys.stderr)
    for rel in back.unread:
        print(f"warning: could not look into {_plain(str(dest / rel))} "
              f"(your user may not read it); files added there, if any, "
              f"{'would not be' if dry_run else 'are not'} carried into release {back.name}", file=sys.stderr)
    return EXIT_OK


def _some(paths: list[str]) -> str:
    return _plain(", ".join(paths[:10])) + (f" and {len(paths) - 10} more" if len(paths) > 10 else "")


def resolve_target(config: Config, text: str | None, nested: list[str] | None = None) -> Target:
    """TARGET from the command line (relative to the current folder) or site.toml (relative to it).
    `nested`: gets the warning for a folder target inside another, which is refused without it."""
    base = Path.cwd() if text else Path(config.root)
    try:
        target = parse_target(text or config.deploy.target, base, config.file)
        if isinstance(target, FolderTarget):
            sources = {name: config.path(name) for name in ("content", "seeds", "templates", "static", "root", "cache")}
            sources.update(("theme", folder) for folder in config.template_dirs()[1:])  # sitegen's own templates
            check_folder(target.path, Path(config.root), config.path("output"), sources, nested,
                         config.base_path)
            target = FolderTarget(release_path(target.path))
    except DeployError as exc:
        if text or not config.deploy.target:
            raise
        # the path shown is resolved: without its line, `target = "public/live"` was not recognised
        raise type(exc)(f"{exc} ({_target_line(config)}: change it there, or pass a TARGET)") from None
    return target


def _target_line(config: Config) -> str:
    """'prod.toml:14: [deploy] target = "public/live"': where the config file names the target."""
    import json

    from ..config import key_lines
    try:
        line = key_lines(Path(config.root, config.file).read_text("utf-8")).get(("deploy", "target"))
    except (OSError, UnicodeDecodeError):
        line = None
    value = json.dumps(config.deploy.target, ensure_ascii=False)   # as typed: 'nächste', not 'n\\u00e4chste'
    return f"{config.file}{f':{line}' if line else ''}: [deploy] target = {value}"


def publish(config: Config, target: Target, dry_run: bool = False, wait: float = 0.0,
            replace_site: bool = False) -> Changes:
    """Publish the built public/ to `target`; refuses an output folder with no front page. `wait`:
    seconds a folder target's lock, or an rsync target's lease, is waited for (another site's deploy there). `replace_site`:
    publish over another site's pages there (--replace-site)."""
    public = config.path("output").resolve()  # git and rsync run in other folders
    if not (public / "index.html").is_file():
        raise DeployError(f"{public} has no index.html: nothing to publish; build the site first "
                          "(sitegen deploy without --no-build does)")
    built_for = _built_for(public)
    if built_for is not None and built_for != config.site.base_url:
        raise DeployError(f"{public} was built for {built_for}, not for base_url {config.site.base_url} (built with "
                          "--base-url?); nothing was published: build it again "
                          "(sitegen deploy without --no-build does)")
    site = Site(config.site.base_url, config.site.title)   # named in the target's list: no other site's pages go
    if isinstance(target, FolderTarget):
        return publish_folder(public, target.path, dry_run, wait, site, replace_site)
    if isinstance(target, GitTarget):
        return publish_git(public, target, config.deploy.cname, dry_run, Path(config.root), site, replace_site,
                           _sources(config))
    if isinstance(target, RsyncTarget):
        return publish_rsync(public, target, dry_run, site, replace_site, wait)
    raise AssertionError(target)  # pragma: no cover - parse_target returns only these


def _local_refused(problem: str) -> str:
    """Why a deploy of a site built for this computer is refused (session 52's Left: it published with a
    warning, exit 0, every canonical link, feed and sitemap of the live site pointing at its reader's own
    computer), and the ways on: the site's address, or --local-base-url for a site really served as localhost."""
    return (f"{problem}; nothing was built or published. Set base_url (or pass --base-url https://...), or pass "
            "--local-base-url to publish it for this computer (a kiosk or an intranet box served as localhost)")


def _init_sample(config: Config) -> str | None:
    """Why a deploy is refused, as for init's base_url, while content/welcome.md is init's sample story,
    unedited: dated the moment of init, it led the live front page and went out in the feeds and the news
    sitemap, past recall from the readers that fetched them (review53c 1)."""
    from ..init import unedited_sample   # the test the import uses to remove it (importer._is_sample)
    if (sample := unedited_sample(config.path("content"))) is None:
        return None
    shown = f"{config.paths.content.rstrip('/')}/{sample.name}"
    return (f"{shown} is `sitegen init`'s sample story, unedited: it would lead the published front page and go "
            f"out in its feeds and news sitemap; nothing was built or published. Delete {shown}, or make it a "
            "story of your own")


def _local_base_url(config: Config) -> list[str]:
    if not _this_computer(config.site.base_url):
        return []
    return [f"base_url is {config.site.base_url}: every link, feed and sitemap of the published site "
            f"points at the computer reading it; set [site] base_url in {config.file} to the site's address"]


def _cname_problem(config: Config) -> list[str]:
    """The CNAME a git deploy publishes ([deploy] cname, else root/CNAME as the build published it) naming
    another host than base_url's, or with a base_url under a path: GitHub Pages serves the site at the
    CNAME's root, where no link, feed or sitemap of it points (review47i); root/CNAME was checked only
    against [deploy] cname, so without one it went live unwarned, --strict too (rf48l 4). Or [deploy]
    cname another than root/CNAME's (_root_cname)."""
    from urllib.parse import urlsplit
    cname, base_url = _host(config.deploy.cname), config.site.base_url
    if cname:
        problems, named, says = ([theirs] if (theirs := _root_cname(config, cname)) else []), "[deploy] cname", "is"
        fix = 'set cname = "{host}"'   # (the root/CNAME check: rf48c 7)
    else:
        problems, named, says = [], f"{config.paths.root.rstrip('/')}/CNAME", "names"
        cname, fix = _root_cname_host(config), "write {host} in " + named
        if not cname:
            return []
    parts = urlsplit(base_url)
    host, path = (parts.hostname or "").rstrip("."), parts.path or "/"
    if cname != host:
        return problems + [f"{named} {says} {cname}, but base_url is {base_url}: GitHub Pages would serve the site at "
                f"{cname}, while every link, feed and sitemap of it names {host}; {fix.format(host=host)}, or "
                f"base_url = \"https://{cname}/\""]
    if path != "/":
        drop = "drop cname" if named.startswith("[") else f"remove {named}"
        return problems + [f"{named} {says} {cname}, but base_url {base_url} has a path ({path}): GitHub Pages serves a "
                f"site with a CNAME at the root of {cname}, so every link under {path} would be missing; set "
                f"base_url = \"https://{cname}/\", or {drop} to serve it at base_url's own address"]
    return problems


def _host(text: str) -> str:
    """A CNAME's host as GitHub Pages reads it: its first line, without a final dot, in lower case."""
    lines = text.strip().splitlines()
    return lines[0].strip().rstrip(".").lower() if lines else ""


def _root_cname_host(config: Config) -> str:
    """The host root/CNAME names, if the build publishes it (config.root_file), else ''."""
    from ..config import root_file
    if not root_file(config, "CNAME"):
        return ""
    try:
        return _host(config.path("root").joinpath("CNAME").read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return ""


def _root_cname(config: Config, cname: str) -> str | None:
    """root/CNAME (published as public/CNAME) naming another host than [deploy] cname, which the git
    deploy commits in its place: the site went live at cname's host without a word (rf48c 7)."""
    shown = f"{config.paths.root.rstrip('/')}/CNAME"
    try:
        text = config.path("root").joinpath("CNAME").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    theirs = text.strip().rstrip(".").lower()
    if theirs == cname:
        return None
    return (f"{shown} names {theirs or 'no host'}, but [deploy] cname is {cname}; a git deploy publishes "
            f"[deploy] cname's, not {shown}'s: remove one of the two (or make them the same)")


def _sources(config: Config) -> tuple[str, ...]:
    """What marks a branch holding the site's sources at its root: the config file, the content folder."""
    from ..config import CONFIG_FILE
    content = Path(config.paths.content)
    top = content.parts[0] if content.parts and not content.is_absolute() else ""
    return (CONFIG_FILE, *([top] if top not in ("", ".", "..") else []))


def _this_computer(url: str) -> bool:
    """A base_url on the local machine: `sitegen init`'s default, right for a preview, never for the web."""
    from urllib.parse import urlsplit
    host = urlsplit(url).hostname or ""
    return host in ("localhost", "0.0.0.0", "::1") or host.startswith("127.") or host.endswith(".localhost")


def _preview_refused(flags: list[str]) -> str:
    """Why `sitegen deploy --drafts` (or --future) is refused, and what to run instead."""
    named = " and ".join(f"--{flag}" for flag in flags)
    return (f"deploy publishes what a plain build makes, never {named} (drafts or stories not yet due would go "
            f"live); nothing was built or published. Run `sitegen deploy` without {named}; to look at them first, "
            f"`sitegen serve {named}` previews them without touching public/")


def _not_a_preview(public: Path) -> None:
    """A public/ built with --drafts or --future (`sitegen build --drafts`) that published such
    stories is a preview: never deployed as it is with --no-build (an embargoed story would go live)."""
    from ..write import read_record
    record = read_record(public)
    if record is not None and record.preview:
        flags = " and ".join(f"--{flag}" for flag in record.preview)
        raise DeployError(f"{public} was built with {flags} and holds stories a plain build leaves out "
                          f"({' and '.join(record.preview)}); nothing was published: build it again without "
                          f"{flags} (sitegen deploy without --no-build does)")


def _built_from_the_sources(config: Config, config_file: Path | None = None) -> None:
    """`deploy --no-build`: public/ holds the last build that succeeded. Refused when a build failed
    since, or a source changed after the last one began: a retracted (deleted) story stayed live.
    `config_file`: --config, the file the site's settings are read from (None: site.toml)."""
    from ..build import last_outcome
    output = config.paths.output.rstrip("/")
    todo = (f"nothing was published. Build again (sitegen deploy without --no-build does), or pass --force to "
            f"publish {output}/ as it is")
    try:
        outcome = last_outcome(config)
    except ValueError as exc:   # emptied by a full disk (before session 45): a retracted story was published
        raise DeployError(f"{exc}, so whether {output}/ holds a build of the sources as they are is not known; "
                          f"{todo}") from None
    if outcome is None:   # built by a sitegen that kept no such record (or in a CI job whose cache is not here)
        return
    ok, began, error, published = outcome
    if not ok:
        held = "the rest of the site without that fix" if published else "the one before it"
        raise DeployError(f"the last build failed ({error.rstrip('.')}), so {output}/ holds {held}; {todo}")
    newer = _changed_since(config, began, config_file)
    if newer is not None:
        raise DeployError(f"{newer} changed after {output}/ was last built, so it is not in {output}/; {todo}")


def _changed_since(config: Config, began: int, config_file: Path | None = None) -> str | None:
    """The first source (in content/, seeds/, templates/, static/, root/, or the config file in use and
    authors.toml beside it) changed after `began` (ns), relative to the site's folder; None if none.
    A file counts by its ctime (one moved in keeps its mtime); an editor's swap, backup or autosave
    file never counts, nor does a folder whose only change is such a file come and gone (vim opening
    a story): a story deleted from content/ is one the build's cache still has a row for, a folder of
    templates or static files changed with nothing new in it is a file removed from it."""
    import os
    from ..config import CONFIG_FILE
    root = Path(config.root)
    settings = Path(config_file) if config_file else root / CONFIG_FILE  # --config's, not site.toml (a CI's prod.toml)
    stories, gone = config.path("content"), None   # gone: _story_gone's answer, asked once
    for top, path in _source_files(config, settings):
            try:
                st = path.stat()
            except OSError:   # not there (no seeds/), or gone meanwhile
                continue
            if not path.is_dir():
                if st.st_ctime_ns > began and not (path == settings and _same_settings(config)):
                    return os.path.relpath(path, root)
            elif st.st_mtime_ns > began and top != config.path("seeds"):
                if top == stories and gone is None:
                    gone = _story_gone(config)
                if top != stories or gone:
                    return f"{os.path.relpath(path, root)}/ (a file removed from it or renamed)"
    return None


def _source_files(config: Config, settings: Path) -> Iterator[tuple[Path, Path]]:
    """(top folder, path) of each source _changed_since looks at: static/'s and root/'s linked folders
    too (assets.published_links, the build's no-change check's list), which os.walk does not enter."""
    from ..assets import published_links
    from ..config import AUTHORS_FILE
    for top in [config.path(name) for name in ("content", "seeds", "templates", "static", "root")] + [
            settings, settings.parent / AUTHORS_FILE]:
        yield from ((top, path) for path in _source_paths(top, top == config.path("root")))
    for top, links in published_links(config):
        for rel, _ in links:
            yield from ((top, path) for path in _source_paths(top / rel))


def _same_settings(config: Config) -> bool:
    """The config file, changed after the last build, still reads as that build's settings: only
    [deploy] or [serve] changed (or a comment), neither of which is in public/."""
    from ..build import built_with
    return built_with(config) == config.built_digest()


def _story_gone(config: Config) -> bool:
    """A story the last build had (a row in its cache) is no longer in content/."""
    from ..cache import cached_paths
    content, had = config.path("content"), cached_paths(config.path("cache"))
    return had is None or any(not (content / rel).is_file() for rel in had)


def _source_paths(top: Path, well_known: bool = False) -> Iterator[Path]:
    """top, and if a folder, every folder and file in it that is the site's: not hidden (.git/,
    an editor's .x.md.swp), not a backup or autosave (x.md~, #x.md#): config.not_yours.
    `well_known`: top's .well-known/ too (root/'s, published: assets.root_files)."""
    import os
    from ..config import not_yours
    yield top
    for folder, dirs, files in os.walk(top):
        dirs[:] = [d for d in dirs if not not_yours(d) or (well_known and folder == str(top) and d == ".well-known")]
        yield from (Path(folder, d) for d in dirs)
        yield from (Path(folder, f) for f in files if not not_yours(f))


def _built_for(public: Path) -> str | None:
    """The base_url public/ was built for: robots.txt, always sitegen's, names the site's sitemap
    (base_url + 'sitemap.xml'). None without one."""
    try:
        text = (public / "robots.txt").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("Sitemap: ") and line.endswith("/sitemap.xml"):
            return line.removeprefix("Sitemap: ").removesuffix("sitemap.xml")
    return None


def _fail(message: object, code: int) -> int:
    print(f"error: {redact(str(message))}", file=sys.stderr)   # a git URL's token in a target or git's error
    return code
