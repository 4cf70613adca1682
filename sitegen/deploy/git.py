"""Publish to a git branch (GitHub Pages, Codeberg Pages): one commit holding public/, pushed.

Everything happens in a throwaway bare repository with its own index, using git's plumbing
(add into a temporary index, write-tree, commit-tree, push), so the project's own repository,
its checked-out branch and its working tree are never touched. The branch's current tip is
fetched (depth 1; commits and trees only, where git and the server can) to be the new commit's
parent; if public/ and the list of sitegen's files (MANIFEST) are unchanged, no commit is made.

Only files sitegen put on the branch are ever dropped: their list is committed as MANIFEST, so a
file someone else committed there (a google1234.html, a hand-written page) is carried into every
new commit and reported (one the site has, or that clashes with a folder of the site's, is left
out and named with the commit that holds it). A branch without one (sitegen before session 33, or never sitegen's):
the files of its newest commit sitegen made are sitegen's, all of them when there is none.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..write import RECORD
from .child import run, scratch
from .public import left_out_note, list_lines, site_files
from .targets import (Changes, DeployError, GitTarget, RefusedTarget, Site, StoppedAfterPublish, check_site, redact,
                      site_in)

MANIFEST = ".sitegen-deploy"        # the files sitegen put on the branch, one a line (as the folder target's)
SUBJECT = "sitegen deploy: "        # how a commit sitegen made starts
LANDED_WAIT = 5.0                   # s: a stopped push asks the remote whether its branch moved (_landed)
PARTIAL_FROM = (2, 27)              # git version from which a deploy fetches no file's bytes (see _fetch)
_OVERTAKEN = re.compile(r"non-fast-forward|fetch first|\[rejected\]")   # git push's words for a branch moved on
HISTORY = 100                       # commits looked through for sitegen's last one on a branch without MANIFEST

# Inherited from a git hook or an IDE, these would point our commands at the project repository.
_REPO_ENV = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR",
             "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE", "GIT_PREFIX")
# Byte-exact blobs whatever the user's git config says; no ignore rules may drop a page.
_CONFIG = ("-c", "core.autocrlf=false", "-c", "core.safecrlf=false", "-c", "core.excludesFile=/dev/null",
           "-c", "core.bare=false")


class Git:
    """Runs git against one throwaway repository."""

    def __init__(self, repo: Path, work_tree: Path):
        self.repo, self.work_tree, self.env = repo, work_tree, _clean_env()
        self.partial = False   # the fetched branch's blobs are fetched when read (a partial clone's)
        self._run(["init", "-q", "--bare", str(repo)])   # the first git run: where a missing git is found
        self.env.update(GIT_DIR=str(repo), GIT_WORK_TREE=str(work_tree), GIT_INDEX_FILE=str(repo / "deploy-index"),
                   GIT_TERMINAL_PROMPT="0")

    def __call__(self, *args: str, stdin: bytes | None = None, timeout: float | None = None) -> str:
        return self._run([*_CONFIG, *args], args[0], stdin, timeout)

    def _run(self, args: list[str], name: str = "", stdin: bytes | None = None, timeout: float | None = None) -> str:
        try:
            done = run(["git", *args], env=self.env, input=stdin, capture_output=True, timeout=timeout,
                       cwd=self.work_tree)  # so `add .` means all of public/
        except FileNotFoundError as exc:
            if exc.filename != "git":
                raise
            raise DeployError("git is not installed; install it (apt-get install git) to deploy to a branch; "
                              "nothing was published") from None
        if done.returncode:
            message = done.stderr.decode(errors="replace").strip() or f"exit status {done.returncode}"
            raise DeployError(f"git {name or args[0]} failed: {redact(message)}")
        return done.stdout.decode(errors="surrogateescape")


@dataclass(frozen=True)
class _Branch:
    """The branch as fetched: its tip (None: no such branch yet) and its list of sitegen's files."""
    git: Git
    target: GitTarget
    parent: str | None
    listed: list[str] | None


def publish_git(public: Path, target: GitTarget, cname: str, dry_run: bool, source_root: Path,
                site: Site | None = None, replace_site: bool = False, sources: tuple[str, ...] = ()) -> Changes:
    """`site`: the site deploying, named in the branch's list; a list naming another site refuses
    the deploy, unless `replace_site`. `sources`: the names of the site's config file and content
    folder: a branch holding one of them at its root, not put there by sitegen, is refused."""
    left_out: list[str] = []
    files = site_files(public, left_out)   # links followed, or refused, before anything is fetched (public.py)
    job = _GitDeploy(public, files, left_out, target, cname, dry_run, source_root, site, replace_site, sources)
    changes = None
    try:
        with scratch("deploy") as tmp:
            changes = _publish_git(Git(Path(tmp) / "repo.git", public), job)
    except KeyboardInterrupt as exc:
        if changes is None or dry_run or isinstance(exc, StoppedAfterPublish):
            raise
        raise StoppedAfterPublish(changes) from exc   # in the scratch folder's removal: the push is done
    return changes


@dataclass(frozen=True)
class _GitDeploy:
    """What publish_git was asked (see there), for the work done in its throwaway repository."""
    public: Path
    files: dict[str, Path]
    left_out: list[str]
    target: GitTarget
    cname: str
    dry_run: bool
    source_root: Path
    site: Site | None
    replace_site: bool
    sources: tuple[str, ...]


def _publish_git(git: Git, job: _GitDeploy) -> Changes:
    target, dry_run = job.target, job.dry_run
    parent = fetch_tip(git, target)
    branch = _Branch(git, target, parent, _listed(git, target, parent))
    replacing = check_site(site_in(branch.listed or []), job.site, str(target), job.replace_site, dry_run)
    foreign = foreign_files(git, target, parent, branch.listed)
    _not_the_sources(target, foreign, job.sources)
    tree, replaced, same = site_tree(git, job.cname, foreign, job.files, job.site)
    changes = tree_changes(git, parent, tree, str(target))
    if replacing:
        replacing.tell(changes)
    if job.left_out:
        changes.notes.append(left_out_note(job.public, job.left_out))
    _tell_branch(branch, changes, foreign, replaced, same, dry_run)
    if not changes.count and _same_tree(git, parent, tree):
        return changes
    if not changes.count:   # only the list: a branch pushed by hand (ghp-import) holding the same pages
        changes.notes.append(f"{'would record' if dry_run else 'recorded'} on {target.branch} the list of the "
                             f"files sitegen put there ({MANIFEST}): only those are dropped by later deploys")
    if dry_run:
        return changes
    _commit_and_push(branch, tree, changes, job.source_root)
    return changes


def _not_the_sources(target: GitTarget, foreign: dict[str, str], sources: tuple[str, ...]) -> None:
    """Refuse the branch holding the site's own sources (`#main`): the build was committed onto them,
    the editor's next push was rejected, and Pages serving that branch served content/ and site.toml.
    Only real signs count: the config file at the root, or Markdown under the content folder; a
    published content/ (a Ghost export's content/images/, an old /news/ section) is someone's files."""
    config, *content = sources
    found = ([config] if config in foreign else []) + \
        [name for name in content if any(path.startswith(f"{name}/") and path.endswith(".md") for path in foreign)]
    if found:
        other = "gh-pages" if target.branch != "gh-pages" else "site-pages"
        raise RefusedTarget(f"{target.branch} at {redact(target.url)} holds the site's own sources ("
                            f"{', '.join(found)} at its root, not put there by sitegen): a deploy would commit the "
                            "built pages onto them; nothing was pushed. Deploy to a branch of its own, "
                            f"{redact(target.url)}#{other}, and let Pages serve that branch")


def _tell_branch(branch: _Branch, changes: Changes, foreign: dict[str, str], replaced: list[str], same: set[str],
                 dry_run: bool) -> None:
    """What the deploy does to the branch's files sitegen did not put there, or put there and someone edited."""
    target, parent = branch.target, branch.parent
    edited = _edited_on_branch(branch.git, target, parent, set(branch.listed or ()), changes)
    if edited:   # as the folder and rsync targets warn of a hand fix at the target: -q too
        changes.warnings.append(_edited_warning(edited, target.branch, dry_run))
    kept = sorted(set(foreign) - set(replaced))
    if kept:
        changes.notes.append(f"{len(kept)} file(s) on {target.branch} were not put there by sitegen and were kept: "
                             + ", ".join(kept[:10]) + (" ..." if len(kept) > 10 else ""))
    told = [path for path in replaced if path not in same]   # one with the site's bytes: taken over quietly
    if told and changes.count:
        more = f" and {len(told) - 10} more" if len(told) > 10 else ""
        changes.notes.append(f"{'would replace' if dry_run else 'replaced'} {', '.join(told[:10])}{more} on "
                             f"{target.branch}, which sitegen had not put there, by the site's own; the old "
                             f"one is in the branch's history (commit {parent[:12]})")


def _commit_and_push(branch: _Branch, tree: str, changes: Changes, source_root: Path) -> None:
    """One commit of `tree` on the branch's tip, pushed; a branch moved on meanwhile is told to deploy again."""
    git, target, parent = branch.git, branch.target, branch.parent
    _identity(git)
    message = f"{SUBJECT}{len(changes.added)} added, {len(changes.updated)} updated, " \
              f"{len(changes.removed)} removed\n{_built_from(source_root)}"
    commit = git("commit-tree", tree, *(["-p", parent] if parent else []), "-m", message).strip()
    try:
        git("push", "-q", target.url, f"{commit}:refs/heads/{target.branch}")
    except KeyboardInterrupt as exc:   # the branch may have moved as git was stopped: asked, it is told
        if not _landed(git, target, commit):
            raise
        changes.notes.append(f"commit {commit[:12]} pushed to {target.branch}")
        raise StoppedAfterPublish(changes) from exc
    except DeployError as exc:
        if not _OVERTAKEN.search(str(exc)):   # auth, access, a hook's refusal: not a race to run again
            raise
        raise DeployError(f"{exc}\n(someone else pushed to {target.branch} meanwhile: deploy again)") from None
    changes.notes.append(f"commit {commit[:12]} pushed to {target.branch}")


def _landed(git: Git, target: GitTarget, commit: str) -> bool:
    """Whether the branch's tip is `commit` (a push stopped midway may have moved it); False when
    that cannot be told, which is said. Asked for LANDED_WAIT s at most: a second stop meanwhile is
    held by the command line's handler, and a remote that stopped answering (the network gone
    during the push) kept the stopped deploy waiting for as long as git waits (rf49d 1)."""
    try:
        tip = git("ls-remote", target.url, f"refs/heads/{target.branch}", timeout=LANDED_WAIT).split()
    except (DeployError, OSError, subprocess.TimeoutExpired) as exc:
        why = f"no answer within {LANDED_WAIT:g} s" if isinstance(exc, subprocess.TimeoutExpired) else str(exc)
        print(f"warning: stopped during the push to {redact(target.url)}, which could not tell whether "
              f"{target.branch} holds the new commit {commit[:12]} ({redact(why)}): it may; deploy again, "
              "which completes it", file=sys.stderr)
        return False
    return tip[:1] == [commit]


def _edited_on_branch(git: Git, target: GitTarget, parent: str | None, listed: set[str],
                      changes: Changes) -> dict[str, str]:
    """sitegen's files (on its list) that this deploy updates or drops, edited by a commit made since
    sitegen's last one (a fix committed on the branch by hand, reverted with no word): path -> the
    newest such commit ('HASH subject')."""
    touched = (set(changes.updated) | set(changes.removed)) & listed
    if parent is None or not touched or git("log", "-1", "--format=%s", parent).startswith(SUBJECT):
        return {}
    _fetch(git, target, HISTORY)
    last = next((line.partition(" ")[0] for line in git("log", "--format=%H %s", parent).splitlines()
                 if line.partition(" ")[2].startswith(SUBJECT)), None)
    if last is None:
        return {}
    modified = [p for p in git("diff-tree", "-r", "-z", "--name-only", "--no-renames", "--diff-filter=M", last,
                               parent).split("\0") if p in touched]
    return {path: _short(git("log", "-1", "--format=%H %s", f"{last}..{parent}", "--", path))
            for path in sorted(modified)[:10]} | {path: "" for path in sorted(modified)[10:]}


def _short(line: str) -> str:
    commit, _, subject = line.strip().partition(" ")
    return f"{commit[:12]} {subject}"


def _edited_warning(edited: dict[str, str], branch: str, dry_run: bool) -> str:
    named = ", ".join(f"{path} (commit {commit})" if commit else path for path, commit in list(edited.items())[:10])
    more = f" and {len(edited) - 10} more" if len(edited) > 10 else ""
    return (f"edited by hand on {branch}: {named}{more}, which sitegen put there; the site's version "
            f"{'would replace (or drop)' if dry_run else 'replaces (or drops)'} {'it' if len(edited) == 1 else 'them'}, "
            "yours stay in the branch's history: make the change in the site's sources for it to stay")


def _same_tree(git: Git, parent: str | None, tree: str) -> bool:
    """The new tree is the tip's: nothing to commit. With no page changed, the list alone may
    differ (none on a branch pushed by hand, another site's line): it is committed then, or every
    page stayed someone else's and a retracted story was never dropped."""
    return parent is not None and git("rev-parse", f"{parent}^{{tree}}").strip() == tree


def fetch_tip(git: Git, target: GitTarget) -> str | None:
    """The branch's current commit, fetched; None if the branch does not exist yet."""
    ref = f"refs/heads/{target.branch}"
    if not git("ls-remote", "--heads", target.url, ref).strip():
        return None
    git.partial = _partial_fetch(git, target.url)
    _fetch(git, target, 1)
    return git("rev-parse", "FETCH_HEAD").strip()


def _fetch(git: Git, target: GitTarget, depth: int) -> None:
    """The branch's newest `depth` commits. Commits and trees only, where git can (git.partial): a
    deploy reads the tip's list of files (MANIFEST), fetched when read, and no other file's bytes; the
    whole tip was fetched, every page of the site, for each deploy (135 KiB of 141 objects for the
    test newsroom, 7 KiB of 47 without the blobs)."""
    ref = f"refs/heads/{target.branch}"
    if git.partial:
        git("fetch", "-q", f"--depth={depth}", "--filter=blob:none", "--no-tags", "origin", ref)
    else:
        git("fetch", "-q", f"--depth={depth}", "--no-tags", target.url, ref)


def _partial_fetch(git: Git, url: str) -> bool:
    """Make url the repository's promisor remote 'origin' (a partial clone's, which fetches a missing
    blob when one is read), if this git does that well (2.27 on); else False. A server that does not
    filter (uploadpack.allowFilter off) sends the blobs anyway, as before."""
    found = re.search(r"(\d+)\.(\d+)", git("version"))
    if not found or (int(found[1]), int(found[2])) < PARTIAL_FROM:
        return False
    for key, value in (("remote.origin.url", url), ("remote.origin.promisor", "true"),
                       ("remote.origin.partialclonefilter", "blob:none"), ("core.repositoryformatversion", "1"),
                       ("extensions.partialclone", "origin")):
        git("config", key, value)
    return True


def _listed(git: Git, target: GitTarget, parent: str | None) -> list[str] | None:
    """The lines of the branch's MANIFEST; None when it has none."""
    if parent is None or not git("ls-tree", parent, MANIFEST).strip():
        return None
    return list_lines(_manifest(git, target, parent))


def foreign_files(git: Git, target: GitTarget, parent: str | None, listed: list[str] | None) -> dict[str, str]:
    """The files on the branch sitegen did not put there: path -> 'mode,blob' (what update-index takes).
    `listed`: the lines of its MANIFEST (_listed)."""
    if parent is None:
        return {}
    files = _entries(git, parent)
    if listed is not None:
        ours = set(listed) | {MANIFEST}
    else:
        ours = _last_deployed(git, target, parent)
    # a copy of public/'s record of it (ghp-import of a cp -a): sitegen's, never carried
    return {path: entry for path, entry in files.items() if path not in ours and path != RECORD}


def _manifest(git: Git, target: GitTarget, parent: str) -> str:
    """The tip's MANIFEST. A server that filters but speaks protocol v0 (over ssh whose server does
    not accept GIT_PROTOCOL; a user's protocol.version=0) refuses a blob asked for by its ID, which
    is how a partial fetch gets one: the tip is fetched again whole, as without git.partial."""
    try:
        return git("cat-file", "blob", f"{parent}:{MANIFEST}")
    except DeployError:
        if not git.partial:
            raise
    git.partial = False
    _fetch(git, target, 1)
    return git("cat-file", "blob", f"{parent}:{MANIFEST}")


def _last_deployed(git: Git, target: GitTarget, parent: str) -> set[str]:
    """A branch without MANIFEST: the files of its newest commit sitegen made (none: a branch
    sitegen never deployed to, every file someone else's)."""
    if git("log", "-1", "--format=%s", parent).startswith(SUBJECT):
        return set(_entries(git, parent))
    _fetch(git, target, HISTORY)
    for line in git("log", "--format=%H %s", parent).splitlines():
        commit, _, subject = line.partition(" ")
        if subject.startswith(SUBJECT):
            return set(_entries(git, commit))
    return set()


def _entries(git: Git, commit: str) -> dict[str, str]:
    entries = {}
    for entry in git("ls-tree", "-r", "-z", commit).split("\0"):
        if entry:
            info, path = entry.split("\t", 1)
            mode, _, blob = info.split()
            entries[path] = f"{mode},{blob}"
    return entries


def site_tree(git: Git, cname: str, foreign: dict[str, str], files: dict[str, Path],
              site: Site | None = None) -> tuple[str, list[str], set[str]]:
    """public/ as a tree, plus .nojekyll (serve _headers, _-prefixed files), CNAME if set, the
    `foreign` files that clash with none of its paths, and MANIFEST; the foreign files the site
    replaces, and those of them it has the same file for (a branch pushed by hand with the site on it).
    `files`: public/'s files, links followed (site_files)."""
    _index(git, files)
    extras = {".nojekyll": b""}
    if cname:
        extras["CNAME"] = cname.strip().encode() + b"\n"
    for name, data in extras.items():
        _add_blob(git, name, data)
    staged = {entry.split("\t", 1)[1]: entry.split(" ", 2)[:2] for entry in git("ls-files", "-s", "-z").split("\0")
              if entry}   # path -> [mode, blob]
    ours = sorted(staged)
    replaced = _clashes(foreign, {*ours, MANIFEST})
    same = {path for path in replaced if path in staged and foreign[path] == ",".join(staged[path])}
    for path, entry in foreign.items():
        if path not in replaced:
            git("update-index", "--add", "--cacheinfo", f"{entry},{path}")
    _add_blob(git, MANIFEST, "".join(f"{p}\n" for p in [*([site.line()] if site else []), *sorted(ours)]).encode())
    # --missing-ok: the files of someone else's carried over are the branch's, not fetched (a partial
    # fetch); write-tree fetched each one, one request apiece, to check it exists
    return git("write-tree", *(["--missing-ok"] if git.partial else [])).strip(), replaced, same


def _index(git: Git, files: dict[str, Path]) -> None:
    """Exactly `files` in the index, as every target publishes them (links followed, a .git left
    out: public.py), their bytes as they are (no filter of a .gitattributes in public/). It was
    `git add .`: it put a link in as a link, and a git checkout inside public/ as a gitlink (or
    failed on one with no commit). site_files refuses a name with a line break: one path a line."""
    rels = list(files)
    blobs = git("hash-object", "-w", "--no-filters", "--stdin-paths", stdin="".join(
        f"{files[rel]}\n" for rel in rels).encode("utf-8", "surrogateescape")).split() if rels else []
    info = "".join(f"{_mode(files[rel])} {blob}\t{rel}\0" for rel, blob in zip(rels, blobs))
    git("update-index", "--add", "-z", "--index-info", stdin=info.encode("utf-8", "surrogateescape"))


def _mode(path: Path) -> str:
    return "100755" if path.stat().st_mode & 0o111 else "100644"


def _clashes(foreign: dict[str, str], site: set[str]) -> list[str]:
    """The foreign paths the site has, or has a file where they have a folder or a folder where
    they have a file: a tree cannot hold both (git: 'appears as both a file and as a directory')."""
    if not foreign:   # the common case: the site's folders are not worth listing
        return []
    folders = {path[:i] for path in site for i, char in enumerate(path) if char == "/"}
    return sorted(path for path in foreign if path in folders or
                  any(path[:i] in site for i, char in enumerate(f"{path}/") if char == "/"))


def _add_blob(git: Git, name: str, data: bytes) -> None:
    blob = git("hash-object", "-w", "--stdin", stdin=data).strip()
    git("update-index", "--add", "--cacheinfo", f"100644,{blob},{name}")


def tree_changes(git: Git, parent: str | None, tree: str, where: str) -> Changes:
    changes = Changes(where)
    blobs = _entries(git, tree)
    blobs.pop(MANIFEST, None)
    if parent is None:
        changes.added = sorted(blobs)
    else:
        fields = git("diff-tree", "-r", "-z", "--no-renames", "--name-status", f"{parent}^{{tree}}", tree).split("\0")
        for status, path in zip(fields[0::2], fields[1::2]):
            if path != MANIFEST:   # sitegen's list of its files: changes when they do, counted by them
                {"A": changes.added, "D": changes.removed}.get(status, changes.updated).append(path)
    changes.bytes = _size(git, [blobs[p].partition(",")[2] for p in changes.added + changes.updated])
    return changes


def _size(git: Git, blobs: list[str]) -> int:
    """The bytes of these blobs, all made by this deploy (only its own are added or updated): a
    size read from the whole tree (ls-tree -l) fetched each file of someone else's (a partial fetch)."""
    if not blobs:
        return 0
    out = git("cat-file", "--batch-check=%(objectsize)", stdin="".join(f"{blob}\n" for blob in blobs).encode())
    return sum(int(size) for size in out.split() if size.isdigit())


def _identity(git: Git) -> None:
    """Use the user's git identity; on a CI box without one, commit as sitegen."""
    try:
        git("var", "GIT_COMMITTER_IDENT")
        git("var", "GIT_AUTHOR_IDENT")
    except DeployError:
        for who in ("AUTHOR", "COMMITTER"):
            git.env.setdefault(f"GIT_{who}_NAME", "sitegen")
            git.env.setdefault(f"GIT_{who}_EMAIL", "sitegen@localhost")


def _built_from(root: Path) -> str:
    """'Built from <commit>' when the project is a git checkout: which sources this site shows."""
    done = run(["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True,
               env=_clean_env())
    return f"\nBuilt from {done.stdout.strip()}." if done.returncode == 0 else ""


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in _REPO_ENV}
