"""sitegen deploy: folder, git branch and rsync targets, driven through the real command.

Each test builds a copy of tests/sites/newsroom with `sitegen deploy` itself (search off, so
builds take a fraction of a second) and compares what arrived with public/, file for file.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from builders import copy_site, tree, without_root_override
from conftest import require_tool, small_tmpfs
from sitegen import cli
from sitegen.deploy import folder
from sitegen.deploy import git as git_deploy
from sitegen.deploy.rsync import MANIFEST as MANIFEST_RSYNC
from sitegen.deploy.rsync import parse_output, publish_rsync, rsync_command
from sitegen.deploy.targets import DeployError, FolderTarget, GitTarget, RsyncTarget, parse_target

SUMMARY = re.compile(r"(\d+) added, (\d+) updated, (\d+) removed, ([\d.]+ k?M?B)")


@pytest.fixture(scope="session")
def _built_newsroom(tmp_path_factory) -> Path:
    """The newsroom built once per session (public/ and its .sitegen/ cache), as a deploy builds it,
    with a user cache of its own (the tests' own come later)."""
    root = copy_site("newsroom", tmp_path_factory.mktemp("built") / "site")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg")))
        assert cli.main(["build", "--root", str(root), "--no-convert", "-q"]) == 0
    return root


@pytest.fixture
def site(request, tmp_path) -> Path:
    """The newsroom as a user's checkout after a build: a copy of the one built per session, mtimes
    kept (copy2), so the deploy's build is the incremental one a user's is. A test whose subject is
    the first build, or that checks nothing was built yet, is marked `unbuilt`: a fresh copy."""
    if request.node.get_closest_marker("unbuilt"):
        return copy_site("newsroom", tmp_path / "site")
    return Path(shutil.copytree(request.getfixturevalue("_built_newsroom"), tmp_path / "site", symlinks=True))


def deploy(site: Path, *args: str) -> int:
    return cli.main(["deploy", "--root", str(site), "--no-convert", *args])


def counts(out: str) -> tuple[int, int, int]:
    m = SUMMARY.search(out)
    assert m, f"no summary line in: {out}"
    return int(m[1]), int(m[2]), int(m[3])


def published(dest: Path) -> dict[str, bytes]:
    return {rel: data for rel, data in tree(dest).items() if rel != folder.MANIFEST}


def change_site(site: Path) -> None:
    """One article edited, one removed, one added: the pages and listings that follow from it change."""
    content = site / "content"
    edited = content / "markets-close.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA late paragraph.\n", encoding="utf-8")
    (content / "winter-solstice.md").unlink()
    (content / "late-news.md").write_text(
        "---\ntitle: Late news from the harbour\nsummary: Boats came in.\nauthors: [Ana Lima]\n"
        "date: 2025-01-19T18:00:00+00:00\ntags: [Harbour]\n---\nThe boats came in late.\n", encoding="utf-8")


def file_diff(before: dict[str, bytes], after: dict[str, bytes]) -> tuple[int, int, int]:
    return (len(after.keys() - before.keys()),
            sum(1 for k in after.keys() & before.keys() if after[k] != before[k]),
            len(before.keys() - after.keys()))


# Folder target --------------------------------------------------------------------------------------
def test_folder_deploy_mirrors_public_and_counts_changes(site, tmp_path, capsys):
    dest = tmp_path / "www" / "news"
    assert deploy(site, str(dest), "-v") == 0
    first = capsys.readouterr().out
    public = tree(site / "public")
    assert published(dest) == public
    assert counts(first) == (len(public), 0, 0)
    assert f"at {dest}" in first and "  + index.html" in first

    change_site(site)
    assert deploy(site, str(dest), "-v") == 0
    out = capsys.readouterr().out
    after = tree(site / "public")
    assert published(dest) == after
    expected = file_diff(public, after)
    assert counts(out) == expected and all(expected), out
    assert "  - 2024/12/crowds-gather-for-the-winter-solstice-sunrise/index.html" in out
    assert "  + 2025/01/late-news-from-the-harbour/index.html" in out
    assert not list(dest.rglob("*.sitegen-tmp")), "temporary files left behind"


@pytest.mark.parametrize("title", ["The Daily Example", "The  Daily Example "])
def test_second_deploy_changes_nothing(site, tmp_path, capsys, title):
    """A title with doubled or trailing spaces (review38e): the list's site line writes it collapsed,
    and an unchanged deploy compared it with the title as typed, so it made a new identical release
    each time and pruned the one --rollback needs."""
    toml = site / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('title = "The Daily Example"', f'title = "{title}"'),
                    encoding="utf-8")
    dest = tmp_path / "www"
    assert deploy(site, str(dest)) == 0
    stamps = {p: p.stat().st_mtime_ns for p in dest.rglob("*")}
    capsys.readouterr()
    assert deploy(site, str(dest)) == 0
    out = capsys.readouterr().out
    assert "already up to date" in out and "(0 changes)" in out
    assert {p: p.stat().st_mtime_ns for p in dest.rglob("*")} == stamps


def test_dry_run_lists_changes_and_touches_nothing(site, tmp_path, capsys):
    dest = tmp_path / "www"
    assert deploy(site, str(dest), "--dry-run") == 0
    assert not dest.exists()
    assert deploy(site, str(dest)) == 0
    before = tree(dest)
    change_site(site)
    capsys.readouterr()
    assert deploy(site, str(dest), "--dry-run", "-v") == 0
    out = capsys.readouterr().out
    assert "would change" in out and "nothing published there" in out
    assert "  - 2024/12/crowds-gather-for-the-winter-solstice-sunrise/index.html" in out
    assert tree(dest) == before
    assert counts(out) == file_diff(published(dest), tree(site / "public"))


def test_files_sitegen_did_not_put_there_are_kept(site, tmp_path, capsys):
    dest = tmp_path / "www"
    (dest / ".well-known").mkdir(parents=True)
    (dest / ".well-known" / "security.txt").write_text("Contact: mailto:sec@example.org\n")
    (dest / "index.html").write_text("the old site's front page")
    assert deploy(site, str(dest), "-v") == 0
    out = capsys.readouterr().out
    assert (dest / ".well-known" / "security.txt").is_file()
    assert (dest / "index.html").read_bytes() == (site / "public" / "index.html").read_bytes()
    assert "1 file(s)" in out and "were kept: .well-known/security.txt" in out
    assert "replaced index.html" in out
    assert "  ~ index.html" in out


def test_deployed_files_are_readable_by_the_web_server(site, tmp_path):
    old = os.umask(0o022)
    try:
        dest = tmp_path / "www"
        assert deploy(site, str(dest)) == 0
        change_site(site)
        assert deploy(site, str(dest)) == 0   # updated files go through mkstemp (0600) + chmod
    finally:
        os.umask(old)
    for path in [dest, *dest.rglob("*")]:
        assert path.stat().st_mode & 0o004, f"{path} is not world-readable"


@pytest.mark.unbuilt   # --no-build before any build
def test_refuses_empty_and_failed_builds(site, tmp_path, capsys):
    dest = tmp_path / "www"
    assert deploy(site, str(dest), "--no-build") == 1
    assert "has no index.html" in capsys.readouterr().err
    (site / "content" / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    assert deploy(site, str(dest)) == 1
    err = capsys.readouterr().err
    assert "deploy refused: the build failed" in err and "broken.md" in err
    assert not dest.exists()


@pytest.mark.unbuilt   # a fresh checkout
def test_a_fresh_checkout_without_its_content_folder_is_not_deployed(site, tmp_path, capsys):
    """A CI job's fresh clone has no public/: with content/ missing (not committed, or a typo in
    [paths] content) the build said 'build ok: 0 articles', exit 0, and the deploy replaced every
    story at the target with an empty site. Refused now, before anything is built; an empty folder
    made on purpose deploys."""
    dest = tmp_path / "www" / "news"
    assert deploy(site, str(dest)) == 0
    live = published(dest)
    assert any(rel.endswith("/index.html") and rel.count("/") > 3 for rel in live)  # stories' pages
    shutil.rmtree(site / "public")
    shutil.rmtree(site / ".sitegen")
    (site / "content").rename(tmp_path / "elsewhere")
    capsys.readouterr()
    assert deploy(site, str(dest)) == 1
    err = capsys.readouterr().err
    assert "content/: no such folder: deployed without it, the site would lose every story" in err, err
    assert published(dest) == live and not (site / "public").exists()
    (site / "content").mkdir()
    assert deploy(site, str(dest), "--dry-run") == 0


def test_no_build_refuses_a_public_built_for_another_address(site, tmp_path, capsys):
    # A public/ built for another address (`build --base-url`; `sitegen serve` built its preview
    # there until it had a folder of its own): published as it was, every canonical link, feed and
    # sitemap of the live site pointed at http://127.0.0.1:8123/
    dest = tmp_path / "www"
    assert cli.main(["build", "--root", str(site), "--no-convert", "--base-url", "http://127.0.0.1:8123/"]) == 0
    capsys.readouterr()
    assert deploy(site, str(dest), "--no-build") == 1
    err = capsys.readouterr().err
    assert "was built for http://127.0.0.1:8123/, not for base_url" in err and "nothing was published" in err
    assert not dest.exists()
    assert deploy(site, str(dest), "--no-build", "--base-url", "http://127.0.0.1:8123/") == 2   # this computer's
    assert deploy(site, str(dest), "--no-build", "--base-url", "http://127.0.0.1:8123/", "--local-base-url") == 0  # as built
    assert deploy(site, str(dest)) == 0   # built again for site.toml's base_url, then published
    assert "Sitemap: http://127.0.0.1:8123/" not in (dest / "robots.txt").read_text()
    assert deploy(site, str(dest), "--no-build") == 0


# a story scheduled weeks ahead by the real clock (one dated decades ahead, 2099, is warned about as
# a mistyped year since session 34)
EMBARGO = (datetime.now(timezone.utc) + timedelta(weeks=3)).strftime("%Y-%m-%dT06:00:00Z")


@pytest.mark.parametrize("flag", ["--drafts", "--future"])
def test_no_build_refuses_a_preview_with_drafts_or_future_stories(site, tmp_path, capsys, flag):
    # `build --drafts; deploy --no-build` published the draft (review25: an embargoed story went live)
    dest = tmp_path / "www"
    (site / "content" / "embargoed.md").write_text(f"---\ntitle: Embargoed\ndate: {EMBARGO}\n---\nNot yet.\n",
                                                   encoding="utf-8")   # the site's own is past by the real clock
    assert cli.main(["build", "--root", str(site), "--no-convert", flag]) == 0
    capsys.readouterr()
    assert deploy(site, str(dest), "--no-build") == 1
    err = capsys.readouterr().err
    assert f"was built with {flag}" in err and "nothing was published" in err
    assert not dest.exists()
    assert deploy(site, str(dest)) == 0              # built again without the flag, then published
    assert deploy(site, str(dest), "--no-build") == 0


@pytest.mark.unbuilt   # refused before anything is built
@pytest.mark.parametrize("flag", ["--drafts", "--future"])
def test_deploy_refuses_drafts_and_future_before_building_anything(site, tmp_path, capsys, flag):
    # Session 31 refused them only after its build, so public/ was left a preview with the draft
    # and the embargoed story in it (served as it is by a web server pointed at public/); and the
    # plain deploy's summary said "(--drafts includes it)", a flag deploy refuses
    dest = tmp_path / "www"
    (site / "content" / "embargoed.md").write_text(f"---\ntitle: Embargoed\ndate: {EMBARGO}\n---\n"
                                                   "Not yet.\n", encoding="utf-8")
    (site / "content" / "unfinished.md").write_text("---\ntitle: Unfinished\ndate: 2024-01-01T06:00:00Z\n"
                                                    "draft: true\n---\nNot yet.\n", encoding="utf-8")
    for more in ((), ("--dry-run",), ("--no-build",)):
        assert deploy(site, str(dest), flag, *more) == 2
        err = capsys.readouterr().err
        assert f"never {flag}" in err and "nothing was built or published" in err, err
        assert f"Run `sitegen deploy` without {flag}" in err and f"`sitegen serve {flag}` previews" in err
        assert not dest.exists() and not (site / "public").exists()   # (.sitegen/ holds site.toml checked)
    assert deploy(site, str(dest)) == 0
    out = capsys.readouterr().out
    assert re.search(r"left out: \d+ drafts?, 1 story dated ahead in", out) and "includes" not in out, out
    assert not [p for p in dest.rglob("*.html") if re.search("embargoed|unfinished", p.read_text(encoding="utf-8"), re.I)]
    assert cli.main(["build", "--root", str(site), "--no-convert"]) == 0   # build accepts them: its hint stays
    assert re.search(r"drafts \(--drafts includes them\), 1 story dated ahead \(--future includes it\)",
                     capsys.readouterr().out)


@pytest.mark.unbuilt   # refused before anything is built
def test_a_base_url_on_this_computer_is_refused_unless_its_flag_is_given(site, tmp_path, capsys):
    # `sitegen init` writes base_url = "http://127.0.0.1:8000/": deployed as it was, the live site's
    # canonical links, feeds and sitemaps pointed at the reader's own computer, with no word; then (session
    # 52's Left) with a warning, exit 0. Now refused before building, as --drafts is (exit 2), unless
    # --local-base-url (left53 let --force through, which also waives --no-build's stale check: rr53e 2)
    toml = site / "site.toml"
    toml.write_text(toml.read_text().replace('base_url = "https://example.org/"', 'base_url = "http://127.0.0.1:8000/"'))
    for flags in ([], ["--dry-run"], ["--no-build"]):
        assert deploy(site, str(tmp_path / "www"), *flags) == 2
        err = capsys.readouterr().err
        assert ("error: base_url is http://127.0.0.1:8000/: every link, feed and sitemap of the published site points "
                "at the computer reading it; set [site] base_url in site.toml to the site's address; nothing was built "
                "or published. Set base_url (or pass --base-url https://...), or pass --local-base-url") in err, err
        assert not (tmp_path / "www").exists() and not (site / "public").exists()
    assert deploy(site, str(tmp_path / "www"), "--force") == 2   # the flag of a stale --no-build: not this one
    assert deploy(site, str(tmp_path / "www"), "--local-base-url") == 0
    assert "warning: base_url is http://127.0.0.1:8000/: every link" in capsys.readouterr().err
    assert (tmp_path / "www" / "index.html").is_file()
    assert deploy(site, str(tmp_path / "www"), "--base-url", "https://news.example.org/") == 0
    assert "base_url is http" not in capsys.readouterr().err


@pytest.mark.unbuilt   # refused before anything is built
def test_deploy_strict_refuses_a_site_built_for_127_0_0_1(site, tmp_path, capsys):
    # review44c 1: init's base_url is 127.0.0.1; deploy warned of it, yet --strict ("treat warnings as
    # errors") and [build] strict = true published it, exit 0. Refused now without --strict too (exit 2);
    # --local-base-url lets it through as a warning, which --strict still makes an error (exit 1)
    toml = site / "site.toml"
    toml.write_text(toml.read_text().replace('base_url = "https://example.org/"', 'base_url = "http://127.0.0.1:8000/"'))
    assert deploy(site, str(tmp_path / "www"), "--strict", "--local-base-url") == 1
    err = capsys.readouterr().err
    assert "error: base_url is http://127.0.0.1:8000/: every link" in err and "nothing was built or published" in err
    assert not (tmp_path / "www").exists()
    toml.write_text(toml.read_text().replace("[build]\n", "[build]\nstrict = true\n"))
    assert deploy(site, str(tmp_path / "www"), "--no-build", "--local-base-url") == 1 and not (tmp_path / "www").exists()
    assert deploy(site, str(tmp_path / "www"), "--no-build") == 2 and not (tmp_path / "www").exists()
    assert deploy(site, str(tmp_path / "www"), "--base-url", "https://news.example.org/") == 0


@pytest.mark.unbuilt   # refused before anything is built
def test_a_rollback_of_a_branch_and_base_url_with_no_build_are_told(site, tmp_path, capsys):
    # Two branches of deploy() no test ran (ref43a split them out of it): --rollback of a git target is
    # refused before anything is read, exit 2; --base-url with --no-build is warned of
    assert deploy(site, f"git+file://{tmp_path}/pages.git#gh-pages", "--rollback") == 2
    assert "error: --rollback works for folder targets; for a git branch, push the previous commit again" \
        in capsys.readouterr().err
    assert not (tmp_path / "pages.git").exists() and not (site / "public").exists()
    # rr55e 2: an rsync target's refusal told to push a git commit again
    for target in ("rsync://127.0.0.1:9/www/news", "deploy@example.org:/var/www/news"):
        assert deploy(site, target, "--rollback") == 2
        err = capsys.readouterr().err
        assert "error: --rollback works for folder targets; for an rsync target, deploy the earlier version" in err
        assert "git" not in err, err
    assert not (site / "public").exists()
    assert deploy(site, str(tmp_path / "www")) == 0
    capsys.readouterr()
    assert deploy(site, str(tmp_path / "www"), "--no-build", "--base-url", "https://news.example.org/") == 1
    err = capsys.readouterr().err   # warned, then refused: public/ was built for the site's own base_url
    assert "warning: with --no-build, --base-url builds nothing: public/ is published as built" in err
    assert "was built for https://example.org/, not for base_url https://news.example.org/" in err, err


@pytest.mark.unbuilt   # refused before anything is built
@pytest.mark.parametrize("where", ["{site}", "{site}/public", "{site}/public/news", "{parent}"])
def test_refuses_the_project_and_its_output(site, tmp_path, capsys, where):
    target = where.format(site=site, parent=tmp_path)
    assert deploy(site, target) == 2
    assert "error: target" in capsys.readouterr().err
    assert not (site / "public").exists(), "refused before building"


@pytest.mark.unbuilt   # refused before anything is built
@pytest.mark.parametrize("where", ["content", "content/site", "static", "seeds", ".sitegen/site", "templates"])
def test_refuses_a_folder_of_the_sites_own_sources(site, capsys, where):
    # Before: 'sitegen deploy content' made content/ a link to a release of the built site with
    # the articles carried in ('were not put there by sitegen and were kept'), and the next build
    # read its pages from there; static/ would have published the site again under static/
    (site / "seeds").mkdir(exist_ok=True)
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if not {"public", ".sitegen"} & set(p.parts))
    assert deploy(site, str(site / where)) == 2
    err = capsys.readouterr().err
    assert "error: target" in err and "mix the site with its sources" in err, err
    assert not (site / where).is_symlink() and not (site / "public").exists(), "refused before building"
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if not {"public", ".sitegen"} & set(p.parts)) == before


def test_target_from_site_toml_is_relative_to_the_site(site, capsys):
    with open(site / "site.toml", "a", encoding="utf-8") as f:
        f.write('\n[deploy]\ntarget = "../www/news"\n')
    assert deploy(site) == 0
    assert (site.parent / "www" / "news" / "index.html").is_file()


def test_no_target_is_a_usage_error(site, capsys):
    assert deploy(site) == 2
    assert "no deploy target" in capsys.readouterr().err


@pytest.mark.parametrize("text, expected", [
    ("/var/www/news", FolderTarget(Path("/var/www/news"))),
    ("file:///var/www/my%20news", FolderTarget(Path("/var/www/my news"))),
    ("out", FolderTarget(Path("/base/out"))),
    ("./deploy@example.org", FolderTarget(Path("/base/deploy@example.org"))),
    ("git+file:///srv/news.git#gh-pages", GitTarget("file:///srv/news.git", "gh-pages")),
    ("git+https://codeberg.org/me/news.git#pages", GitTarget("https://codeberg.org/me/news.git", "pages")),
    ("git+git@github.com:me/news.git", GitTarget("git@github.com:me/news.git", "gh-pages")),
    ("git+../pages.git#main", GitTarget("/base/../pages.git", "main")),
    ("deploy@example.org:/var/www/news", RsyncTarget("deploy@example.org:/var/www/news")),
    ("example.org:/var/www/news", RsyncTarget("example.org:/var/www/news")),
    ("rsync://example.org/www/news", RsyncTarget("rsync://example.org/www/news")),
])
def test_targets_are_chosen_by_scheme(text, expected):
    assert parse_target(text, Path("/base")) == expected


@pytest.mark.parametrize("text, message", [
    ("", "no deploy target"), ("https://example.org/", "unknown scheme"), ("--delete", "looks like an option"),
    ("file://otherhost/x", "this machine"), ("git+file:///srv/n.git#bad..name", "not a valid branch"),
    ("git+#gh-pages", "expected git+URL#branch"),
    # published into a folder 'deploy@example.org' in the current one, 'deploy ok' (newuser33)
    ("deploy@example.org", "names a computer but no folder on it; for rsync over ssh write "
                           "deploy@example.org:/var/www/news (the folder there), for a folder here named so write "
                           "./deploy@example.org"),
])
def test_bad_targets_are_explained(text, message):
    with pytest.raises(DeployError, match=re.escape(message)):
        parse_target(text, Path("/base"))



@pytest.mark.parametrize("text, missing", [
    ("rsync:///var/www/news", "host"), ("rsync://:873/www/news", "host"),
    ("rsync://example.org", "module"), ("rsync://example.org/", "module"), ("rsync://deploy@example.org:873//", "module"),
])
def test_an_rsync_url_without_a_host_or_a_module_is_explained(text, missing):
    """`rsync:///var/www/news` (the host left out, as file:/// is written) and `rsync://example.org` (no
    module) were taken as targets: the build ran, then rsync failed, exit 1, with `rsync: getaddrinfo:
    .sitegen-deploy 873: Name or service not known ...; try again` (the list's name read as the host).
    README: exit 2 for a bad target, and a target naming a computer and no folder is refused, as
    `deploy@example.org` is (test_bad_targets_are_explained) (review51f 3)."""
    with pytest.raises(DeployError, match=re.escape(f"target {text!r} names no {missing}; an rsync daemon's target "
                                                    "is rsync://HOST/MODULE/path (rsync://example.org/www/news)")):
        parse_target(text, Path("/base"))


@pytest.mark.parametrize("text", ["rsync://example.org/www", "rsync://deploy@example.org:8730/www/news/",
                                  "rsync://[::1]/www/news", "rsync://127.0.0.1/www"])
def test_an_rsync_url_with_a_host_and_a_module_is_a_target(text):
    """The top of a module (README: nothing kept beside it), a user and a port, an IPv6 address: targets."""
    assert parse_target(text, Path("/base")) == RsyncTarget(text)


@pytest.mark.unbuilt   # refused before anything is built
def test_an_rsync_url_without_a_host_exits_2_before_building(site, capsys):
    assert deploy(site, "rsync:///var/www/news", "--dry-run") == 2
    assert "error: target 'rsync:///var/www/news' names no host" in capsys.readouterr().err
    assert not (site / "public").exists(), "refused before building"

# Git target -----------------------------------------------------------------------------------------
def git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd,
                          check=True, capture_output=True, text=True).stdout


def branch_files(bare: Path, branch: str, manifest: bool = False) -> dict[str, bytes]:
    """The files on the branch; sitegen's list of its own (git_deploy.MANIFEST) only with `manifest`."""
    names = git("--git-dir", str(bare), "ls-tree", "-r", "-z", "--name-only", branch).split("\0")
    return {n: subprocess.run(["git", "--git-dir", str(bare), "show", f"{branch}:{n}"], check=True,
                              capture_output=True).stdout for n in names if n and (manifest or n != git_deploy.MANIFEST)}


@pytest.fixture
def git_site(site, tmp_path):
    """The site as a git checkout on 'main', and an empty bare repository to publish to."""
    require_tool("git", "git")
    bare = tmp_path / "pages.git"
    git("init", "-q", "--bare", str(bare))
    with open(site / "site.toml", "a", encoding="utf-8") as f:
        f.write(f'\n[deploy]\ntarget = "git+{bare.as_uri()}#gh-pages"\ncname = "example.org"\n')
    (site / ".gitignore").write_text("public/\n.sitegen/\n")
    git("init", "-q", "-b", "main", cwd=site)
    git("add", "-A", cwd=site)
    git("commit", "-q", "-m", "sources", cwd=site)
    return site, bare


def test_git_deploy_commits_public_onto_the_branch(git_site, capsys):
    site, bare = git_site
    head, status = git("rev-parse", "HEAD", cwd=site), git("status", "--porcelain", cwd=site)
    assert deploy(site) == 0
    out = capsys.readouterr().out
    expected = {**tree(site / "public"), ".nojekyll": b"", "CNAME": b"example.org\n"}
    assert branch_files(bare, "gh-pages") == expected
    assert counts(out) == (len(expected), 0, 0)
    assert "pushed to gh-pages" in out
    # the working repository: same branch, same commit, same status, no gh-pages branch of its own
    assert git("symbolic-ref", "--short", "HEAD", cwd=site).strip() == "main"
    assert git("rev-parse", "HEAD", cwd=site) == head
    assert git("status", "--porcelain", cwd=site) == status
    assert git("branch", "--list", "gh-pages", cwd=site) == ""
    assert f"Built from {head[:12]}" in git("--git-dir", str(bare), "log", "-1", "--format=%B", "gh-pages")


@pytest.mark.parametrize("dry_run", [False, True])
def test_git_deploy_refuses_the_branch_holding_the_sites_own_sources(git_site, capsys, dry_run):
    """review47i: `#main`, the branch the site's sources are pushed to, was accepted: the build was
    committed onto content/ and site.toml, the editor's next push was rejected, and Pages serving that
    branch served the sources. A branch holding the config file or the content folder at its root,
    not put there by sitegen, is refused (exit 2), nothing pushed, dry run too; gh-pages still works."""
    site, bare = git_site
    git("push", "-q", str(bare), "main", cwd=site)
    tip = git("--git-dir", str(bare), "rev-parse", "main")
    capsys.readouterr()
    assert deploy(site, f"git+{bare.as_uri()}#main", *(["--dry-run"] if dry_run else [])) == 2
    err = capsys.readouterr().err
    assert "main at " in err and "holds the site's own sources (site.toml, content at its root" in err, err
    assert "#gh-pages" in err and git("--git-dir", str(bare), "rev-parse", "main") == tip
    assert deploy(site, "-q") == 0   # its [deploy] target, gh-pages


def _branch_by_hand(bare: Path, tmp_path: Path, branch: str, files: dict[str, str]) -> None:
    """A branch pushed by someone else, sitegen never deployed to it."""
    work = tmp_path / f"hand-{branch}"
    git("init", "-q", "-b", branch, str(work))
    for name, text in files.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text)
    git("add", "-A", cwd=work)
    git("-c", "user.name=x", "-c", "user.email=x@x", "commit", "-q", "-m", "by hand", cwd=work)
    git("push", "-q", str(bare), branch, cwd=work)


def test_git_deploy_takes_a_published_content_folder_for_files_not_the_sources(git_site, tmp_path, capsys):
    """rf47q: a gh-pages holding a published content/ (a Ghost export's content/images/) was refused as
    'the site's sources', advising the very branch targeted. Only site.toml, or Markdown under the
    content folder, are the sources' signs: the Ghost branch deploys, its image kept and named; a
    gh-pages with content/a.md is refused, advising another branch than gh-pages."""
    site, bare = git_site
    _branch_by_hand(bare, tmp_path, "gh-pages", {"index.html": "old", "content/images/2020/05/photo.jpg": "jpg"})
    capsys.readouterr()
    assert deploy(site) == 0
    out = capsys.readouterr().out
    assert "were not put there by sitegen and were kept: content/images/2020/05/photo.jpg" in out, out
    assert branch_files(bare, "gh-pages")["content/images/2020/05/photo.jpg"] == b"jpg"
    _branch_by_hand(bare, tmp_path, "pages", {"content/a.md": "# a", "index.html": "x"})
    git("--git-dir", str(bare), "branch", "-f", "gh-pages", "pages")
    tip = git("--git-dir", str(bare), "rev-parse", "gh-pages")
    capsys.readouterr()
    assert deploy(site) == 2
    err = capsys.readouterr().err
    assert "holds the site's own sources (content at its root" in err and "#gh-pages" not in err, err
    assert git("--git-dir", str(bare), "rev-parse", "gh-pages") == tip


@pytest.mark.parametrize("base_url, said", [
    ("https://example.org/", "[deploy] cname is news.example.com, but base_url is https://example.org/: GitHub Pages "
                             "would serve the site at news.example.com, while every link, feed and sitemap of it "
                             "names example.org"),
    ("https://news.example.com/news/", "[deploy] cname is news.example.com, but base_url "
                                       "https://news.example.com/news/ has a path (/news/)")])
@pytest.mark.unbuilt   # refused before anything is built
def test_a_cname_for_another_address_than_base_url_is_warned_of_and_refused_under_strict(
        git_site, capsys, base_url, said):
    """review47i: cname = "news.example.com" with base_url https://example.org/ was published with no word:
    GitHub Pages then serves the site at a host no link, feed or sitemap of it names; and a base_url with
    a path plus a cname, at the domain's root, where every link under the path is missing."""
    site, bare = git_site
    toml = site / "site.toml"
    toml.write_text(toml.read_text().replace('cname = "example.org"', 'cname = "News.Example.com"')
                    .replace('base_url = "https://example.org/"', f'base_url = "{base_url}"'))
    capsys.readouterr()
    assert deploy(site, "-q", "--strict") == 1
    err = capsys.readouterr().err
    assert f"error: {said}" in err and "nothing was built or published" in err, err
    assert git("--git-dir", str(bare), "branch", "--list") == ""   # nothing pushed
    assert deploy(site, "-q") == 0
    assert f"warning: {said}" in capsys.readouterr().err
    assert deploy(site, "-q", str(site / "www")) == 0   # a folder target has no CNAME: not its concern
    assert capsys.readouterr().err == ""


def test_a_root_cname_other_than_deploy_cname_is_warned_of_naming_both(git_site, capsys):
    """rf48c 7: root/CNAME (other.example.org, published as public/CNAME) and [deploy] cname
    (example.org) disagreed, and the git deploy committed cname's without a word."""
    site, bare = git_site
    (site / "root").mkdir(exist_ok=True)
    (site / "root" / "CNAME").write_text("Other.example.org\n")
    capsys.readouterr()
    assert deploy(site, "-q") == 0
    assert ("warning: root/CNAME names other.example.org, but [deploy] cname is example.org; a git deploy publishes "
            "[deploy] cname's, not root/CNAME's: remove one of the two (or make them the same)") in capsys.readouterr().err
    assert deploy(site, "-q", "--strict") == 1 and "error: root/CNAME names" in capsys.readouterr().err
    (site / "root" / "CNAME").write_text("example.org.\n")
    assert deploy(site, "-q") == 0 and "CNAME" not in capsys.readouterr().err


@pytest.mark.unbuilt   # refused before anything is built
def test_a_root_cname_for_another_host_than_base_url_is_refused_under_strict(git_site, capsys):
    """rf48l 4: without [deploy] cname, root/CNAME (old.example.com, published as public/CNAME) went live
    on GitHub Pages with base_url https://example.org/, no word, --strict too: it is checked against
    base_url as [deploy] cname is, naming the file."""
    site, bare = git_site
    toml = site / "site.toml"
    toml.write_text(toml.read_text().replace('cname = "example.org"\n', ""))
    (site / "root").mkdir(exist_ok=True)
    (site / "root" / "CNAME").write_text("Old.example.com\n")
    said = ("root/CNAME names old.example.com, but base_url is https://example.org/: GitHub Pages would serve the "
            "site at old.example.com, while every link, feed and sitemap of it names example.org; write example.org "
            "in root/CNAME")
    capsys.readouterr()
    assert deploy(site, "-q", "--strict") == 1
    err = capsys.readouterr().err
    assert f"error: {said}" in err and "nothing was built or published" in err, err
    assert git("--git-dir", str(bare), "branch", "--list") == ""   # nothing pushed
    assert deploy(site, "-q") == 0 and f"warning: {said}" in capsys.readouterr().err
    (site / "root" / "CNAME").write_text("example.org.\n")
    assert deploy(site, "-q", "--strict") == 0 and "CNAME" not in capsys.readouterr().err


def test_git_deploy_without_changes_makes_no_commit(git_site, capsys):
    site, bare = git_site
    assert deploy(site) == 0
    tip = git("--git-dir", str(bare), "rev-parse", "gh-pages")
    assert deploy(site) == 0
    assert "(0 changes)" in capsys.readouterr().out
    assert git("--git-dir", str(bare), "rev-parse", "gh-pages") == tip

    change_site(site)
    before = tree(site / "public")
    capsys.readouterr()
    assert deploy(site) == 0
    out = capsys.readouterr().out
    assert counts(out) == file_diff(before, tree(site / "public"))
    assert git("--git-dir", str(bare), "rev-parse", "gh-pages^") == tip, "the new commit follows the old one"
    assert branch_files(bare, "gh-pages") == {**tree(site / "public"), ".nojekyll": b"",
                                              "CNAME": b"example.org\n"}


def push_by_hand(bare: Path, tmp_path: Path, files: dict[str, str], message: str = "by hand") -> None:
    """A commit someone else makes on gh-pages (a site verification file, a page of their own)."""
    work = tmp_path / "by-hand"
    shutil.rmtree(work, ignore_errors=True)
    git("clone", "-q", "-b", "gh-pages", str(bare), str(work))
    for name, text in files.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text)
    git("add", "-A", cwd=work)
    git("commit", "-q", "-m", message, cwd=work)
    git("push", "-q", "origin", "gh-pages", cwd=work)


LATE = "2025/01/late-news-from-the-harbour/index.html"   # change_site's new story


def test_git_deploy_keeps_the_files_someone_else_committed_on_the_branch(git_site, tmp_path, capsys):
    """A google1234.html committed on gh-pages by hand was deleted by the next deploy ('5 removed'),
    and Search Console's verification with it (newuser33); the folder target always kept such files.
    Now sitegen's own files are listed in .sitegen-deploy on the branch and only those are dropped;
    one the site replaces (a page at the address of the site's next story) is named, with the commit
    that still holds it."""
    site, bare = git_site
    assert deploy(site) == 0
    ours = branch_files(bare, "gh-pages", manifest=True)[git_deploy.MANIFEST].decode().splitlines()
    assert ours[0] == "# site: https://example.org/ The Daily Example"   # which site wrote it
    assert ours[1:] == sorted(branch_files(bare, "gh-pages"))   # every file on it, .nojekyll and CNAME too
    push_by_hand(bare, tmp_path, {"google1234.html": "google-site-verification", "docs/press.html": "kit",
                                  LATE: "a page written by hand where the site's next story goes"})
    by_hand = git("--git-dir", str(bare), "rev-parse", "gh-pages").strip()
    change_site(site)
    capsys.readouterr()
    assert deploy(site, "--dry-run") == 0
    dry = capsys.readouterr().out
    assert "note: 2 file(s) on gh-pages were not put there by sitegen and were kept: docs/press.html, google1234.html" in dry
    assert deploy(site) == 0
    out = capsys.readouterr().out
    assert out.count("were not put there by sitegen and were kept: docs/press.html, google1234.html") == 1, out
    assert (f"replaced {LATE} on gh-pages, which sitegen had not put there, by the site's own; the old one is in "
            f"the branch's history (commit {by_hand[:12]})") in out, out
    published = branch_files(bare, "gh-pages")
    expected = {**tree(site / "public"), ".nojekyll": b"", "CNAME": b"example.org\n"}
    assert published == {**expected, "google1234.html": b"google-site-verification", "docs/press.html": b"kit"}
    change_site_again = site / "content" / "late-news.md"
    change_site_again.unlink()           # a story taken down: its page goes, the hand-made files stay
    assert deploy(site) == 0
    published = branch_files(bare, "gh-pages")
    assert "google1234.html" in published and "docs/press.html" in published
    assert published.keys() - {"google1234.html", "docs/press.html"} == \
        {*tree(site / "public"), ".nojekyll", "CNAME"}


def test_git_deploy_onto_a_branch_an_older_sitegen_made_drops_only_its_files(git_site, tmp_path, capsys):
    """A branch deployed before .sitegen-deploy existed: the files of sitegen's newest commit are
    sitegen's (a story it published and the site took down goes), a file committed after it stays."""
    site, bare = git_site
    (site / "public").mkdir(exist_ok=True)
    push_old = tmp_path / "old"
    git("init", "-q", "-b", "gh-pages", str(push_old))
    (push_old / "2024").mkdir()
    (push_old / "2024" / "gone.html").write_text("a story taken down")
    (push_old / "index.html").write_text("old front page")
    git("add", "-A", cwd=push_old)
    git("commit", "-q", "-m", "sitegen deploy: 2 added, 0 updated, 0 removed", cwd=push_old)
    git("push", "-q", str(bare), "gh-pages", cwd=push_old)
    push_by_hand(bare, tmp_path, {"google1234.html": "google-site-verification"})
    assert deploy(site) == 0
    published = branch_files(bare, "gh-pages")
    assert "2024/gone.html" not in published and published["google1234.html"] == b"google-site-verification"
    assert "kept: google1234.html" in capsys.readouterr().out


def test_a_git_branch_pushed_by_hand_is_claimed_so_a_retracted_story_goes(git_site, tmp_path, capsys):
    """review42b: a branch pushed by hand (ghp-import, actions-gh-pages) holding the same pages got
    'already up to date' and no commit, so no list was ever written there: every page stayed someone
    else's, and a story retracted (deleted) later stayed live for good. The list alone is committed."""
    site, bare = git_site
    story = site / "content" / "retract.md"
    story.write_text('---\ntitle: "Retract me"\ndate: 2025-01-10T10:00:00Z\n---\nText.\n', encoding="utf-8")
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    work = tmp_path / "ghp"
    git("init", "-q", "-b", "gh-pages", str(work))
    shutil.copytree(site / "public", work, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".sitegen-output"))
    (work / ".nojekyll").write_text("")
    (work / "CNAME").write_text("example.org\n")
    git("add", "-A", cwd=work)
    git("commit", "-qm", "ghp-import", cwd=work)
    git("push", "-q", str(bare), "gh-pages", cwd=work)
    assert any("retract-me" in rel for rel in branch_files(bare, "gh-pages"))
    capsys.readouterr()
    assert deploy(site, "--dry-run") == 0
    assert "would record on gh-pages the list of the files sitegen put there" in capsys.readouterr().out
    assert deploy(site) == 0
    out = capsys.readouterr().out
    assert "(0 changes)" in out and "recorded on gh-pages the list" in out, out
    assert git_deploy.MANIFEST in branch_files(bare, "gh-pages", manifest=True)
    tip = git("--git-dir", str(bare), "rev-parse", "gh-pages")
    assert deploy(site) == 0   # the list is there now: nothing more to commit
    assert git("--git-dir", str(bare), "rev-parse", "gh-pages") == tip
    story.unlink()   # the story is retracted
    assert deploy(site, "-q") == 0
    assert not [rel for rel in branch_files(bare, "gh-pages") if "retract-me" in rel]


def test_git_a_hand_fix_committed_on_the_branch_is_warned_of_when_the_deploy_reverts_it(git_site, tmp_path, capsys):
    """review42b: a page of sitegen's corrected by a commit on the branch was reverted by the next
    deploy with no word ('~ page' under -v only). It is named with that commit in a warning, -q too."""
    site, bare = git_site
    assert deploy(site) == 0
    page = sorted(rel for rel in tree(site / "public") if rel.startswith("2025/01/"))[0]
    push_by_hand(bare, tmp_path, {page: "CORRECTION by hand"}, message="fix a typo on the live page")
    hand = git("--git-dir", str(bare), "rev-parse", "gh-pages").strip()[:12]
    for args in (("--dry-run",), ("-q",)):
        capsys.readouterr()
        assert deploy(site, *args) == 0
        err = capsys.readouterr().err
        assert f"warning: edited by hand on gh-pages: {page} (commit {hand} fix a typo on the live page), which " \
               "sitegen put there; the site's version" in err, err
    assert branch_files(bare, "gh-pages")[page] == (site / "public" / page).read_bytes()
    assert deploy(site, "-q") == 0   # told once
    assert capsys.readouterr().err == ""


def test_git_deploy_from_the_site_folder(git_site, monkeypatch):
    """--root defaults to '.', so public/ is a relative path while git runs inside it."""
    site, bare = git_site
    monkeypatch.chdir(site)
    assert cli.main(["deploy", "--no-convert", "-q"]) == 0
    assert branch_files(bare, "gh-pages")["index.html"] == (site / "public" / "index.html").read_bytes()


def test_git_dry_run_pushes_nothing(git_site, capsys):
    site, bare = git_site
    assert deploy(site, "--dry-run") == 0
    assert "would change" in capsys.readouterr().out
    assert git("--git-dir", str(bare), "branch", "--list") == ""


def test_git_deploy_without_a_git_identity(git_site, monkeypatch, tmp_path):
    site, bare = git_site
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("EMAIL", "")
    for var in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(var, raising=False)
    assert deploy(site) == 0
    assert git("--git-dir", str(bare), "log", "-1", "--format=%an", "gh-pages").strip()


@pytest.mark.parametrize("clash", [LATE.rsplit("/", 1)[0], f"{LATE}/old.html"])
def test_git_deploy_leaves_out_a_foreign_path_where_the_site_has_a_folder_or_a_file(git_site, tmp_path, capsys, clash):
    """A file committed by hand where the site's next story makes a folder (or one inside a folder
    named as the site's page): every deploy and dry run failed with git's bare 'appears as both a
    file and as a directory' (review of session 33). Now it is left out and named as replaced."""
    site, bare = git_site
    assert deploy(site) == 0
    push_by_hand(bare, tmp_path, {clash: "written by hand", "google1234.html": "google-site-verification"})
    by_hand = git("--git-dir", str(bare), "rev-parse", "gh-pages").strip()
    change_site(site)
    capsys.readouterr()
    for args in (("--dry-run",), ()):
        assert deploy(site, *args) == 0, capsys.readouterr().err
        out = capsys.readouterr().out
        assert (f"replace{'' if args else 'd'} {clash} on gh-pages, which sitegen had not put there, by the site's "
                f"own; the old one is in the branch's history (commit {by_hand[:12]})") in out, out
        assert "kept: google1234.html" in out
    assert branch_files(bare, "gh-pages") == {**tree(site / "public"), ".nojekyll": b"", "CNAME": b"example.org\n",
                                              "google1234.html": b"google-site-verification"}


def test_git_push_failure_is_reported(site, tmp_path, capsys):
    require_tool("git", "git")
    missing = tmp_path / "nowhere.git"
    assert deploy(site, f"git+{missing.as_uri()}#gh-pages") == 1
    assert "error: git ls-remote failed" in capsys.readouterr().err


def test_credentials_in_a_git_url_are_printed_nowhere(site, tmp_path, capsys):
    """review42b: CI pushes to https://x-access-token:$TOKEN@github.com/...; the summary line named the
    target with its token, and a failed push printed git's 'Cannot access URL http://ed:TOKEN@...',
    with advice for a push overtaken by another ('someone else pushed'), wrong for an access failure.
    Here: the bare repository served read-only over plain HTTP (git's dumb protocol), which takes no push."""
    import functools
    import http.server
    import threading
    require_tool("git", "git")
    bare = tmp_path / "srv" / "pages.git"
    git("init", "-q", "--bare", str(bare))
    git("--git-dir", str(bare), "update-server-info")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path / "srv"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"git+http://ed:ghp_SECRET@127.0.0.1:{server.server_port}/pages.git#gh-pages"
        assert deploy(site, url, "--dry-run") == 0
        out, err = capsys.readouterr()
        assert f"at http://ed:***@127.0.0.1:{server.server_port}/pages.git (branch gh-pages)" in out, out
        assert "ghp_SECRET" not in out + err
        assert deploy(site, url) == 1
        out, err = capsys.readouterr()
        assert "error: git push failed" in err and "ghp_SECRET" not in out + err, err
        assert "someone else pushed" not in err
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("text, shown", [
    ("https://x-access-token:ghs_T0KEN@github.com/me/news.git", "https://x-access-token:***@github.com/me/news.git"),
    ("fatal: unable to access 'https://ghp_T0KEN@github.com/me/news.git/'", "fatal: unable to access 'https://***@github.com/me/news.git/'"),
    ("ssh://git@github.com/me/news.git", "ssh://git@github.com/me/news.git"),   # a user name, no secret
    ("rsync://deploy@example.org/www/news", "rsync://deploy@example.org/www/news"),
])
def test_a_urls_credentials_are_masked_its_user_name_kept_where_it_is_none(text, shown):
    from sitegen.deploy.targets import redact
    assert redact(text) == shown


# rsync target ---------------------------------------------------------------------------------------
def test_rsync_command_for_ssh_host():
    cmd = rsync_command(Path("/site/public"), "deploy@example.org:/var/www/news", dry_run=True)
    assert cmd[0] == "rsync" and cmd[-2:] == ["/site/public/", "deploy@example.org:/var/www/news"]
    for flag in ("--checksum", "--delete", "--recursive", "--dry-run", "--itemize-changes"):
        assert flag in cmd
    assert "--dry-run" not in rsync_command(Path("/p"), "h:/x", dry_run=False)


def test_rsync_output_parsing():
    out = ("<f+++++++++ 2025/01/new/index.html\n<fc.T...... index.html\ncd+++++++++ 2025/01/new/\n"
           ".f          feed.xml\n*deleting   old/index.html\n*deleting   old/\n"
           "Total transferred file size: 12,345 bytes\n")
    changes = parse_output(out, "h:/x")
    assert (changes.added, changes.updated, changes.removed) == (
        ["2025/01/new/index.html"], ["index.html"], ["old/index.html"])
    assert changes.bytes == 12345


def test_rsync_deploy_to_a_local_folder(site, tmp_path, capsys):
    """The same code path as user@host:/path; only the destination string differs."""
    require_tool("rsync", "rsync")
    dest = tmp_path / "mirror"
    assert deploy(site, str(tmp_path / "unused"), "--dry-run") == 0  # just builds public/
    public = site / "public"
    first = publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=False)
    assert published(dest) == tree(public)
    assert (len(first.added), len(first.updated), len(first.removed)) == (len(tree(public)), 0, 0)
    assert first.bytes == sum(len(b) for b in tree(public).values())
    assert publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=False).count == 0

    before_public, before_dest = tree(public), tree(dest)
    change_site(site)
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    dry = publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=True)
    assert tree(dest) == before_dest
    done = publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=False)
    assert published(dest) == tree(public)
    expected = file_diff(before_public, tree(public))
    assert (len(done.added), len(done.updated), len(done.removed)) == expected
    assert (dry.added, dry.updated, dry.removed) == (done.added, done.updated, done.removed)


def test_rsync_deploy_keeps_the_files_it_did_not_put_there(site, tmp_path):
    """rsync's --delete removed every file the site does not have: a .well-known/ or google1234.html
    the server's admin put there went with the next deploy (newuser33; the README warned of it).
    Now sitegen's own files are listed in .sitegen-deploy there and only those are ever deleted;
    with no list yet (a first deploy into a server's folder), nothing is."""
    require_tool("rsync", "rsync")
    dest = tmp_path / "mirror"
    (dest / ".well-known").mkdir(parents=True)
    (dest / ".well-known" / "security.txt").write_text("Contact: ops@example.org")
    (dest / "old-site.html").write_text("before sitegen")
    assert deploy(site, str(tmp_path / "unused"), "--dry-run") == 0  # just builds public/
    public = site / "public"
    dry = publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=True)
    assert any("so nothing there would be deleted" in n for n in dry.notes) and not (dest / MANIFEST_RSYNC).exists()
    first = publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=False)
    assert first.removed == [] and (dest / "old-site.html").exists()
    assert any("so nothing there was deleted" in n for n in first.notes), first.notes
    assert any(".well-known/security.txt, old-site.html" in n and "were kept" in n for n in first.notes), first.notes
    assert any("holds no list of the files sitegen put there yet" in n for n in first.notes), first.notes
    ours = (dest / MANIFEST_RSYNC).read_text().splitlines()
    assert [line for line in ours if not line.startswith("# sha256 ")] == sorted(tree(public))
    assert len(ours) == 2 * len(tree(public))   # and each file's sha256 as sent
    (dest / "google 1*[2].html").write_text("verification")    # added by hand after the deploy, a wildcard in its name
    before_public = tree(public)
    change_site(site)
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    dry = publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=True)
    done = publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=False)
    assert (dry.added, dry.updated, dry.removed) == (done.added, done.updated, done.removed)
    assert (len(done.added), len(done.updated), len(done.removed)) == file_diff(before_public, tree(public))
    assert done.removed and all(rel in before_public for rel in done.removed)   # only sitegen's pages went
    kept = {".well-known/security.txt": b"Contact: ops@example.org", "old-site.html": b"before sitegen",
            "google 1*[2].html": b"verification"}
    assert published(dest) == {**tree(public), **kept}
    assert any("3 file(s)" in n and "were kept" in n for n in done.notes), done.notes
    assert not any("holds no list" in n for n in done.notes)


def rsync_deployed(site: Path, dest: Path) -> Path:
    """public/ built and published to dest with rsync once: dest holds sitegen's list."""
    require_tool("rsync", "rsync")
    assert deploy(site, str(site.parent / "unused"), "--dry-run") == 0  # just builds public/
    publish_rsync(site / "public", RsyncTarget(f"{dest}"), dry_run=False)
    assert (dest / MANIFEST_RSYNC).is_file()
    return site / "public"


def test_rsync_leaves_alone_a_foreign_file_the_site_has_too(site, tmp_path):
    """A file the admin put where the site's next story goes was overwritten with no word, joined
    .sitegen-deploy and was deleted when the story went (review of session 33). Now it is not
    sent, stays off the list and is named, with what to do."""
    dest = tmp_path / "mirror"
    public = rsync_deployed(site, dest)
    (dest / LATE).parent.mkdir(parents=True)
    (dest / LATE).write_text("the admin's page")
    change_site(site)
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    for dry_run in (True, False):
        done = publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=dry_run)
        assert (dest / LATE).read_text() == "the admin's page" and LATE not in done.added + done.updated
        assert any(f"1 file(s) in {dest} the site has too were not put there by sitegen and "
                   f"{'would be' if dry_run else 'were'} left as they are: {LATE}; delete yours at the target, or rename the site's, for the site's to be "
                   "published" in n for n in done.warnings), done.warnings
    assert LATE not in (dest / MANIFEST_RSYNC).read_text().splitlines()
    assert published(dest) == {**tree(public), LATE: b"the admin's page"}
    (site / "content" / "late-news.md").unlink()   # the story goes: the admin's page stays
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=False)
    assert (dest / LATE).read_text() == "the admin's page"


def _failing_rsync(tmp_path: Path, fail_when: str, code: int, run_first: bool, message: str = "") -> dict:
    """PATH with an rsync that, for a call holding `fail_when`, runs the real one first (or not) and
    then fails with `code`: a transfer cut short, a daemon refusing a connection."""
    real = shutil.which("rsync")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    first = f'{real} "$@"; ' if run_first else ""
    (bin_dir / "rsync").write_text(
        "#!/bin/sh\n"
        f'case "$*" in *"{fail_when}"*) {first}echo "{message}" >&2; exit {code};; esac\n'
        f'exec {real} "$@"\n')
    (bin_dir / "rsync").chmod(0o755)
    return {"PATH": f"{bin_dir}:{os.environ['PATH']}"}


def test_a_transfer_cut_short_leaves_sitegen_s_new_pages_on_its_list(site, tmp_path, monkeypatch):
    """final33c: the list was sent only after the transfer; one that failed half-way (exit 23)
    left the new story's page there unlisted, and the next deploy took it for someone else's:
    excluded, never updated again, the user told to delete 'theirs'."""
    dest = tmp_path / "mirror"
    public = rsync_deployed(site, dest)
    change_site(site)
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    with monkeypatch.context() as m:
        m.setenv("PATH", _failing_rsync(tmp_path, "--delay-updates", 23, run_first=True)["PATH"])
        with pytest.raises(DeployError):
            publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=False)
    assert LATE in (dest / MANIFEST_RSYNC).read_text().splitlines()
    edited = site / "content" / "late-news.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA correction.\n", encoding="utf-8")
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    done = publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=False)
    assert not any("left as they are" in n for n in done.warnings), done.warnings
    assert (dest / LATE).read_bytes() == (public / LATE).read_bytes()


def test_a_list_that_cannot_be_read_for_another_reason_stops_the_deploy(site, tmp_path, monkeypatch):
    """final33c: any failure to read the list (a busy daemon's 'max connections') was taken for a
    write-only module: the deploy went on without it, rewrote it without the pages the site dropped,
    and those stayed published for good, called someone else's."""
    dest = tmp_path / "mirror"
    public = rsync_deployed(site, dest)
    before = (dest / MANIFEST_RSYNC).read_text()
    monkeypatch.setenv("PATH", _failing_rsync(tmp_path, "--quiet", 5, run_first=False,
                                              message="@ERROR: max connections (1) reached -- try again later")["PATH"])
    with pytest.raises(DeployError, match="max connections"):
        publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=False)
    assert (dest / MANIFEST_RSYNC).read_text() == before


def test_only_a_transient_failure_to_read_the_list_says_try_again(site, rsync_module, capsys):
    """review42b: any failure reading the rsync list ended 'try again': a module that does not exist
    ('@ERROR: Unknown module'), an ssh key refused. Only a busy daemon, a socket error or a timeout is."""
    url, _ = rsync_module
    assert deploy(site, url.replace("/www", "/nomodule") + "/news", "-q") == 1
    err = capsys.readouterr().err
    assert "Unknown module 'nomodule'" in err and "try again" not in err, err
    assert "nothing was sent: fix what the error names" in err
    from sitegen.deploy.rsync import _transient
    assert _transient(5, "@ERROR: max connections (1) reached -- try again later") and _transient(10, "")


def test_a_list_that_may_not_be_read_stops_the_deploy(site, tmp_path, monkeypatch):
    """A .sitegen-deploy the deployer may not read (rsync's exit 23, 'Permission denied (13)') was
    taken for no list: the deploy went on as a first one (a file of someone's the site has too
    overwritten) and replaced the list, so the pages the site dropped were never deleted."""
    dest = tmp_path / "mirror"
    public = rsync_deployed(site, dest)
    if os.geteuid() == 0:   # root reads a 0000 file: its rsync runs without that override, as a deploy user's
        setpriv = shutil.which("setpriv")
        if not setpriv or subprocess.run([setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--", "true"],
                                         capture_output=True).returncode:
            pytest.skip("setpriv cannot drop root's override of file modes here")
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir()
        (bin_dir / "rsync").write_text(f'#!/bin/sh\nexec {setpriv} --bounding-set -dac_override,-dac_read_search -- '
                                       f'{shutil.which("rsync")} "$@"\n')
        (bin_dir / "rsync").chmod(0o755)
        monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    listed = (dest / MANIFEST_RSYNC).read_text()
    change_site(site)
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    (dest / MANIFEST_RSYNC).chmod(0)
    try:
        for dry_run in (True, False):
            with pytest.raises(DeployError, match=r"reading the list .*Permission denied"):
                publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=dry_run)
    finally:
        (dest / MANIFEST_RSYNC).chmod(0o644)
    assert (dest / MANIFEST_RSYNC).read_text() == listed and not (dest / LATE).exists()
    assert not (dest / ".sitegen-deploy.lock").exists()   # the lease, written before the list was read: deleted


def test_what_a_killed_rsync_deploy_left_is_removed_by_the_next_not_called_someones(site, tmp_path):
    """rsync's --delay-updates holds the new pages in a .~tmp~/ folder in each folder it updates until
    all are sent: a deploy killed meanwhile left them there, served, and every later deploy called them
    'not put there by sitegen' and kept them for good (session 34's hostile read)."""
    dest = tmp_path / "mirror"
    public = rsync_deployed(site, dest)
    change_site(site)
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    cmd = rsync_command(public, str(dest), dry_run=False, rsync=shutil.which("rsync"))
    sending = subprocess.Popen([*cmd[:-2], "--bwlimit=4", *cmd[-2:]], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(400):   # killed once it holds a page (the slow link: 4 kB/s)
            if any(p.is_file() for p in dest.rglob(".~tmp~/*")) or sending.poll() is not None:
                break
            time.sleep(0.05)
    finally:
        sending.kill()
        sending.wait()
    held = sorted(p.relative_to(dest).as_posix() for p in dest.rglob(".~tmp~/*") if p.is_file())
    assert held, "the killed rsync left nothing held: the test did not test anything"
    for dry_run in (True, False):
        done = publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=dry_run)
        assert not any("were kept" in n for n in done.notes), done.notes
        assert all(held[0] not in n for n in done.notes if not n.startswith(   # rsync may reuse a held page
            f"{'would remove' if dry_run else 'removed'} what a deploy stopped while sending left in {dest} ")), done.notes
        assert not any(".~tmp~" in rel for rel in done.removed + done.added + done.updated)
    assert not list(dest.rglob(".~tmp~")) and published(dest) == tree(public)
    # a page of a story withdrawn since: rsync clears a held file only while the site has one of its name
    (dest / "archive" / ".~tmp~").mkdir()
    (dest / "archive" / ".~tmp~" / "withdrawn.html").write_text("a page held when the deploy was killed")
    done = publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=False)
    assert done.notes == [f"removed what a deploy stopped while sending left in {dest} (rsync's .~tmp~/ folders): "
                          "archive/.~tmp~/withdrawn.html"] and done.count == 0
    assert not (dest / "archive" / ".~tmp~").exists()


def test_rsync_keeps_a_folder_of_the_admins_even_an_empty_one(site, tmp_path):
    """rsync's --delete took a folder the site does not have, empty or not (final33c: uploads/)."""
    dest = tmp_path / "mirror"
    public = rsync_deployed(site, dest)
    (dest / "uploads").mkdir()
    done = publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=False)
    assert (dest / "uploads").is_dir(), done.notes
    assert any("uploads/" in n and "were kept" in n for n in done.notes), done.notes


def test_rsync_keeps_a_foreign_file_with_a_backslash_in_its_name(site, tmp_path):
    """Its protect rule escaped the backslash, which rsync reads as an escape only in a pattern with
    a wildcard: the rule matched nothing, and the file was deleted while the note said kept."""
    dest = tmp_path / "mirror"
    public = rsync_deployed(site, dest)
    (dest / "back\\slash.html").write_text("mine")
    (dest / "wild\\*card.html").write_text("mine too")
    done = publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=False)
    assert (dest / "back\\slash.html").is_file() and (dest / "wild\\*card.html").is_file(), done.removed
    assert done.removed == []


def test_rsync_keeps_a_foreign_file_whose_name_rsync_escapes_or_starts_with_a_space(site, tmp_path):
    """rsync writes a newline in a name as \\#012 and a backslash before '#' as \\#134; read as
    written (and with leading spaces stripped), their protect rules matched nothing: --delete took
    these files while the note said kept (session 34's hostile read)."""
    dest = tmp_path / "mirror"
    public = rsync_deployed(site, dest)
    names = ["new\nline.html", "back\\#012.html", " lead.html", "cr\rname.html", "folder\nof theirs"]
    for name in names[:-1]:
        (dest / name).write_text("theirs")
    (dest / names[-1]).mkdir()
    for dry_run in (True, False):
        done = publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=dry_run)
        assert done.removed == [] and all((dest / name).exists() for name in names), done.removed
    assert any(f"{len(names)} file(s) in {dest} were not put there by sitegen and were kept" in n for n in done.notes)
    assert published(dest) == {**tree(public), **{name: b"theirs" for name in names[:-1]}}


@pytest.mark.parametrize("over", ["local", "daemon", "ssh"])
def test_rsync_publishes_then_deletes_the_sites_pages_named_as_comments_or_wildcards(site, tmp_path, over, request,
                                                                                   monkeypatch):
    """rev55d: a page the site adds whose name starts with '#' or ';' was refused as 'something of another
    kind' in the site's way: the check's --files-from reads such a line as a comment, so the page was
    never listed again (a first deploy of such a site refused too). Its names are now sent as './NAME'.
    Once the site drops them, each is deleted by its own R rule, matched literally ('[', '*', '?', '\\'
    are rsync wildcards), the folders left empty with them; someone's file beside them is kept."""
    if over == "daemon":
        url, module = request.getfixturevalue("rsync_module")
        target, dest = f"{url}/news", module / "news"
    else:
        dest = tmp_path / "mirror"
        target = f"me@localhost:{dest}" if over == "ssh" else str(dest)
    if over == "ssh":   # a stand-in for ssh running the remote side here
        (tmp_path / "ssh").write_text('#!/bin/sh\nwhile [ "$1" != rsync ]; do shift; done\nexec sh -c "$*"\n')
        (tmp_path / "ssh").chmod(0o755)
        monkeypatch.setenv("RSYNC_RSH", str(tmp_path / "ssh"))
    require_tool("rsync", "rsync")
    assert deploy(site, str(site.parent / "unused"), "--dry-run") == 0  # just builds public/
    public = site / "public"
    publish_rsync(public, RsyncTarget(target), dry_run=False)
    names = ["#notes.html", ";semi.html", "#drafts/index.html", "br[1].html", "st*r/q?.html", "back\\[x].html",
             "sp ace/a b.html", os.fsdecode(b"lat\xe9.html")]
    for name in names:
        (public / name).parent.mkdir(parents=True, exist_ok=True)
        (public / name).write_text(f"the site's {name}", errors="surrogateescape")
    for dry_run in (True, False):
        done = publish_rsync(public, RsyncTarget(target), dry_run=dry_run)
        assert sorted(done.added) == sorted(names) and done.removed == [] and done.warnings == [], done
    assert published(dest) == tree(public)
    (public / "#notes.html").unlink()   # sitegen's page there now a folder: it gives way (the kinds read again)
    names[0] = "#notes.html/index.html"
    (public / names[0]).parent.mkdir()
    (public / names[0]).write_text("the site's notes")
    done = publish_rsync(public, RsyncTarget(target), dry_run=False)
    assert done.added == [names[0]] and published(dest) == tree(public), done
    (dest / "st*r" / "theirs.jpg").write_text("theirs")
    for name in names:
        (public / name).unlink()
    for folder in ("#notes.html", "#drafts", "st*r", "sp ace"):
        (public / folder).rmdir()
    for dry_run in (True, False):
        done = publish_rsync(public, RsyncTarget(target), dry_run=dry_run)
        assert sorted(done.removed) == sorted(names) and done.added == [] and done.warnings == [], done
    assert published(dest) == {**tree(public), "st*r/theirs.jpg": b"theirs"}
    assert not (dest / "#drafts").exists() and not (dest / "sp ace").exists()


def _archive(public: Path) -> list[str]:
    """An archive section added to public/: 3 years of 40 stories, each its own folder; its pages."""
    pages = [f"vault/{year}/story-{n}/index.html" for year in (2019, 2020, 2021) for n in range(40)]
    pages += ["vault/index.html", "vault/2020/index.html"]
    for rel in pages:
        (public / rel).parent.mkdir(parents=True, exist_ok=True)
        (public / rel).write_text(f"the archived {rel}")
    return sorted(pages)


def _over(over: str, request, tmp_path: Path, monkeypatch) -> tuple[str, Path]:
    """The target and its folder: a local path, the 127.0.0.1 daemon, or the ssh form (a stand-in ssh)."""
    if over == "daemon":
        url, module = request.getfixturevalue("rsync_module")
        return f"{url}/news", module / "news"
    dest = tmp_path / "mirror"
    if over == "ssh":   # a stand-in for ssh running the remote side here
        (tmp_path / "ssh").write_text('#!/bin/sh\nwhile [ "$1" != rsync ]; do shift; done\nexec sh -c "$*"\n')
        (tmp_path / "ssh").chmod(0o755)
        monkeypatch.setenv("RSYNC_RSH", str(tmp_path / "ssh"))
    return (f"me@localhost:{dest}" if over == "ssh" else str(dest)), dest


@pytest.mark.parametrize("over", ["local", "daemon", "ssh"])
def test_rsync_a_mass_removal_deletes_the_dropped_pages_by_name_not_with_a_rule_each(site, tmp_path, over, request,
                                                                                   monkeypatch):
    """deploy56: the transfer's filter file held an R rule for each dropped page and each folder above it,
    and rsync tests every entry at the target against every rule: an archive of 5,000 pages dropped from
    50,000 took the transfer 10 s of CPU, not 0.6. The dropped pages are now deleted by name after the
    transfer (--delete-missing-args), their emptied folders after them, deepest first; the transfer's
    rules hold none of them. Still only those: someone's file in a dropped folder, and a file put in
    one while the deploy sends, are kept, and so are their folders."""
    require_tool("rsync", "rsync")
    target, dest = _over(over, request, tmp_path, monkeypatch)
    assert deploy(site, str(site.parent / "unused"), "--dry-run") == 0  # just builds public/
    public = site / "public"
    archive = _archive(public)
    publish_rsync(public, RsyncTarget(target), dry_run=False)
    assert published(dest) == tree(public)
    (dest / "vault" / "2019" / "theirs.jpg").write_text("theirs")
    shutil.rmtree(public / "vault")
    real, seen = shutil.which("rsync"), tmp_path / "rules"
    seen.mkdir()
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "rsync").write_text(   # keeps the filter files; the transfer's call puts a file at dest first
        f'#!/bin/sh\nfor a in "$@"; do case "$a" in --filter=merge\\ *) cp "${{a#--filter=merge }}" {seen}/$$-$RANDOM;; '
        f'esac; done\ncase "$*" in *--delete-after*) [ -f {tmp_path}/put ] && '
        f'mkdir -p {dest}/vault/2021/story-7 && echo upload > {dest}/vault/2021/story-7/upload.jpg;; esac\n'
        f'exec {real} "$@"\n')
    (tmp_path / "bin" / "rsync").chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:{os.environ['PATH']}")
    before = snapshot(dest)
    done = publish_rsync(public, RsyncTarget(target), dry_run=True)
    assert sorted(done.removed) == archive and done.added == [] and done.warnings == [], done
    assert snapshot(dest) == before
    (tmp_path / "put").touch()   # while the deploy sends, someone uploads into a folder the site drops
    done = publish_rsync(public, RsyncTarget(target), dry_run=False)
    assert sorted(done.removed) == archive and done.added == [] and done.warnings == [], done
    theirs = {"vault/2019/theirs.jpg": b"theirs", "vault/2021/story-7/upload.jpg": b"upload\n"}
    assert published(dest) == {**tree(public), **theirs}
    assert sorted(p.relative_to(dest).as_posix() for p in (dest / "vault").rglob("*") if p.is_dir()) == \
        ["vault/2019", "vault/2021", "vault/2021/story-7"]   # the emptied folders gone, theirs kept
    listed = (dest / MANIFEST_RSYNC).read_text().splitlines()
    assert not [line for line in listed if "vault" in line], listed
    rules = [rule for f in seen.iterdir() for rule in f.read_text().split("\0") if rule.startswith("R /vault")]
    assert rules == [], rules[:10]   # the transfer's: no rule a dropped page
    done = publish_rsync(public, RsyncTarget(target), dry_run=False)
    assert done.count == 0 and done.warnings == [], done


@pytest.mark.parametrize("killed", ["before-the-pages", "before-the-folders"])
def test_rsync_a_deploy_killed_before_deleting_the_dropped_pages_leaves_them_to_the_next(site, tmp_path, killed):
    """deploy56: the pages the site drops are deleted after the transfer, by a second rsync, and their
    emptied folders by a third. A deploy killed between them (kill -9, a CI timeout) left them on the
    list it sent before the transfer, so the next deploy deletes them; the folders emptied before the kill,
    which no longer hold a file on the list, are deleted too, not called someone's ever after."""
    dest = tmp_path / "mirror"
    public = rsync_deployed(site, dest)
    archive = _archive(public)
    publish_rsync(public, RsyncTarget(str(dest)), dry_run=False)
    (dest / "vault" / "2019" / "theirs.jpg").write_text("theirs")
    shutil.rmtree(public / "vault")
    real, calls = shutil.which("rsync"), tmp_path / "calls"
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "rsync").write_text(   # the deploy killed at the Nth deletion by name
        f'#!/bin/sh\ncase "$*" in *--delete-missing-args*) echo x >> {calls}; '
        f'[ $(wc -l < {calls}) -eq {1 if killed == "before-the-pages" else 2} ] && kill -9 $PPID && exit 1;; esac\n'
        f'exec {real} "$@"\n')
    (tmp_path / "bin" / "rsync").chmod(0o755)
    code = ("import sys; from pathlib import Path; from sitegen.deploy.rsync import publish_rsync; "
            "from sitegen.deploy.targets import RsyncTarget; publish_rsync(Path(sys.argv[1]), RsyncTarget(sys.argv[2]), "
            "dry_run=False)")
    child = subprocess.run([sys.executable, "-c", code, str(public), str(dest)], capture_output=True, text=True,
                           timeout=120, env={**os.environ, "PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}"})
    assert child.returncode == -signal.SIGKILL, child
    left = {rel for rel in archive if (dest / rel).exists()}
    assert left == (set(archive) if killed == "before-the-pages" else set()), sorted(left)[:5]
    assert (dest / "vault" / "2020" / "story-3").is_dir()   # emptied or not, not deleted yet
    assert set(archive) <= set((dest / MANIFEST_RSYNC).read_text().splitlines())   # still on the list
    done = publish_rsync(public, RsyncTarget(str(dest)), dry_run=False)
    assert sorted(done.removed) == sorted(left) and done.warnings == [], done
    assert published(dest) == {**tree(public), "vault/2019/theirs.jpg": b"theirs"}
    assert sorted(p.relative_to(dest).as_posix() for p in (dest / "vault").rglob("*")) == \
        ["vault/2019", "vault/2019/theirs.jpg"]
    assert not [line for line in (dest / MANIFEST_RSYNC).read_text().splitlines() if "vault" in line]
    done = publish_rsync(public, RsyncTarget(str(dest)), dry_run=False)
    assert done.count == 0 and done.warnings == [], done
    assert done.notes == [f"1 file(s) in {dest} were not put there by sitegen and were kept: vault/2019/theirs.jpg"], \
        done.notes


# How a server's rsync that cannot delete by name answers --delete-missing-args (and 3.0.9, --ignore-missing-args)
_CANNOT_NAME = {
    "3.0.9": ('--delete-missing-args|--ignore-missing-args) echo "rsync: on remote machine: $a: unknown option" >&2; '
              'echo "rsync error: syntax or usage error (code 1) at main.c(1554) [server=3.0.9]" >&2; exit 1;;'),
    "3.2.7-1+deb12u6": ('--delete-missing-args) echo "invalid file mode 00 for gone.html [Receiver]" >&2; '
                        'echo "rsync error: protocol incompatibility (code 2) at flist.c(874) [Receiver=3.2.7]" >&2; '
                        'exit 2;;'),
}


@pytest.mark.parametrize("old", sorted(_CANNOT_NAME))
def test_rsync_to_a_server_whose_rsync_cannot_delete_by_name_deletes_the_dropped_pages_by_rules(
        site, tmp_path, monkeypatch, old):
    """rev56c 1, 2: deploy56 fetched the pages a deploy updates or drops (the hand-edit check) with
    --ignore-missing-args, and deletes the dropped ones with --delete-missing-args: rsync 3.1.0's. A
    server with an older rsync (3.0.9: 'unknown option') failed every deploy changing a page, before
    sending anything; Debian 12's rsync 3.2.7-1+deb12u6 as the receiver refuses a deletion by name
    ('invalid file mode 00', exit 2, checked by hand with that build), so each deploy dropping a page
    failed after the transfer and never deleted it. Both worked before. The check now fetches them by
    a rule each there, and the deletions are made by an R rule each, as all were before deploy56."""
    real = require_tool("rsync", "rsync")
    dest = tmp_path / "mirror"
    (tmp_path / "old-rsync").write_text(   # that rsync's answer, as the server (the stand-ins: no such rsync here)
        f'#!/bin/sh\nfor a in "$@"; do case "$a" in {_CANNOT_NAME[old]} esac; done\nexec {real} "$@"\n')
    (tmp_path / "ssh").write_text(   # a stand-in for ssh running the remote side here, with that rsync
        f'#!/bin/sh\nwhile [ "$1" != rsync ]; do shift; done\nshift\nexec sh -c "{tmp_path / "old-rsync"} $*"\n')
    for tool in ("old-rsync", "ssh"):
        (tmp_path / tool).chmod(0o755)
    monkeypatch.setenv("RSYNC_RSH", str(tmp_path / "ssh"))
    target = f"me@localhost:{dest}"
    assert deploy(site, str(site.parent / "unused"), "--dry-run") == 0  # just builds public/
    public = site / "public"
    dropped = ["gone.html", "old/index.html", "old/deep/index.html", "kept/index.html"]
    for rel in dropped:
        (public / rel).parent.mkdir(parents=True, exist_ok=True)
        (public / rel).write_text(f"the site's {rel}, dropped next")
    publish_rsync(public, RsyncTarget(target), dry_run=False)
    assert published(dest) == tree(public)
    (dest / "kept" / "theirs.jpg").write_text("theirs")
    (public / "gone.html").unlink()
    for folder in ("old", "kept"):
        shutil.rmtree(public / folder)
    page = sorted(rel for rel in tree(public) if rel.endswith(".html"))[0]
    (public / page).write_text("the corrected page")
    before = snapshot(dest)
    done = publish_rsync(public, RsyncTarget(target), dry_run=True)
    assert done.updated == [page] and sorted(done.removed) == sorted(dropped) and done.warnings == [], done
    assert snapshot(dest) == before
    done = publish_rsync(public, RsyncTarget(target), dry_run=False)
    assert done.updated == [page] and sorted(done.removed) == sorted(dropped) and done.warnings == [], done
    assert published(dest) == {**tree(public), "kept/theirs.jpg": b"theirs"}
    assert not (dest / "old").exists() and (dest / "kept").is_dir()
    assert not [line for line in (dest / MANIFEST_RSYNC).read_text().splitlines() if "gone" in line or "old/" in line]
    done = publish_rsync(public, RsyncTarget(target), dry_run=False)
    assert done.count == 0 and done.warnings == [], done


def test_rsync_to_a_daemon_refusing_deletions_by_name_deletes_the_dropped_pages_by_rules(site, tmp_path):
    """rev56c 2: a daemon module with 'refuse options = delete-missing-args' answers a deletion by name
    as Debian 12's rsync 3.2.7 does ('invalid file mode 00', exit 2): each deploy dropping a page sent
    the site and failed, the page never deleted. The dropped pages are now deleted by a rule each."""
    daemon = rsync_daemon(tmp_path, write_only=False, extra="refuse options = delete-missing-args\n")
    url, module = next(daemon)
    try:
        target, dest = f"{url}/news", module / "news"
        assert deploy(site, str(site.parent / "unused"), "--dry-run") == 0  # just builds public/
        public = site / "public"
        for rel in ("gone.html", "old/index.html"):
            (public / rel).parent.mkdir(parents=True, exist_ok=True)
            (public / rel).write_text(f"the site's {rel}, dropped next")
        publish_rsync(public, RsyncTarget(target), dry_run=False)
        (public / "gone.html").unlink()
        shutil.rmtree(public / "old")
        for dry_run in (True, False):
            done = publish_rsync(public, RsyncTarget(target), dry_run=dry_run)
            assert sorted(done.removed) == ["gone.html", "old/index.html"] and done.warnings == [], done
        assert published(dest) == tree(public) and not (dest / "old").exists()
    finally:
        daemon.close()


@pytest.mark.xfail(strict=True, reason="rev56c 3: rsync's --delete-missing-args deletes a file as readily as a "
                   "folder (its filter check sees no kind), so a file put at an emptied folder's path is deleted")
def test_rsync_a_file_put_where_a_folder_the_site_dropped_was_emptied_is_kept(site, tmp_path, monkeypatch):
    """rev56c 3: deploy56 deletes the folders the dropped pages leave empty by name, after them. A file
    someone puts at such a folder's path meanwhile (the empty folder removed, a file of that name
    written) is deleted: main^1's 'R /old/a/' rule matched folders only, and 'P *' kept the file."""
    dest = tmp_path / "mirror"
    require_tool("rsync", "rsync")
    assert deploy(site, str(site.parent / "unused"), "--dry-run") == 0  # just builds public/
    public = site / "public"
    (public / "old" / "a").mkdir(parents=True)
    (public / "old" / "a" / "index.html").write_text("the site's page, dropped next")
    publish_rsync(public, RsyncTarget(str(dest)), dry_run=False)
    shutil.rmtree(public / "old")
    real, calls = shutil.which("rsync"), tmp_path / "calls"
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "rsync").write_text(   # at the folders' run, old/a/ (emptied) becomes someone's file
        f'#!/bin/sh\ncase "$*" in *--delete-missing-args*) echo x >> {calls}; '
        f'[ $(wc -l < {calls}) -eq 2 ] && rmdir {dest}/old/a && echo theirs > {dest}/old/a;; esac\n'
        f'exec {real} "$@"\n')
    (tmp_path / "bin" / "rsync").chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:{os.environ['PATH']}")
    publish_rsync(public, RsyncTarget(str(dest)), dry_run=False)
    assert calls.read_text() == "x\nx\nx\n"   # the pages, old/a, old
    assert (dest / "old" / "a").read_text() == "theirs\n"


def test_a_foreign_files_name_with_control_characters_is_printed_escaped(site, tmp_path, capsys):
    """rr55e 3: the notes naming the files kept at a target printed their names raw: one named
    'evil\\x1b[2K\\rspoof' erased the note's line on a terminal and showed 'spoof'; 'a\\nb' split
    the note in two, its second half looking like a line of its own. Control characters are now
    printed escaped (\\x1b, \\r, \\n), the file itself kept as it is."""
    dest = tmp_path / "www"
    assert deploy(site, str(dest)) == 0
    names = ["evil\x1b[2K\rspoof", "new\nline.html", "tab\there"]
    for name in names:
        (dest / name).write_text("theirs")
    capsys.readouterr()
    for args in (["--dry-run"], [], ["-v", "--no-build"]):
        assert deploy(site, str(dest), *args) == 0
        out, err = capsys.readouterr()
        kept = [line for line in out.splitlines() if "were kept" in line or "would be kept" in line]
        assert len(kept) == 1, out
        assert "evil\\x1b[2K\\rspoof" in kept[0] and "new\\nline.html" in kept[0] and "tab\\there" in kept[0], kept
        assert not any(c in out + err for c in "\x1b\r\t"), (out, err)
    assert all((dest / name).read_text() == "theirs" for name in names)
    change_site(site)   # a release to roll back from, the files put in the live site since carried back
    assert deploy(site, str(dest), "-q") == 0
    (dest / "late\x1b[2K\rupload.jpg").write_text("theirs")
    capsys.readouterr()
    for args in (["--dry-run"], []):
        assert deploy(site, str(dest), "--rollback", *args) == 0
        out, err = capsys.readouterr()
        assert "late\\x1b[2K\\rupload.jpg" in out and not any(c in out + err for c in "\x1b\r\t"), (out, err)
    assert (dest / "late\x1b[2K\rupload.jpg").read_text() == "theirs"


def test_rsync_first_deploy_keeps_the_files_it_replaces(site, tmp_path):
    """With no list there yet, a file the site has too is replaced (sitegen cannot tell whose it is:
    treated as someone's, an old site's index.html would stay the front page): it was done with no
    word, then named only (review38a: the admin's 404.html gone). The old one is now kept in
    .sitegen-replaced/<time>/, as the folder target keeps them, and never counted as someone's file."""
    require_tool("rsync", "rsync")
    dest = tmp_path / "mirror"
    dest.mkdir()
    theirs = "User-agent: *\nDisallow: /private/\n"
    (dest / "robots.txt").write_text(theirs)
    assert deploy(site, str(tmp_path / "unused"), "--dry-run") == 0  # just builds public/
    public = site / "public"
    for dry_run in (True, False):
        done = publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=dry_run)
        note = [n for n in done.notes if "robots.txt" in n]
        assert len(note) == 1 and note[0].startswith(
            f"{'would replace' if dry_run else 'replaced'} 1 file(s) already in {dest} by the site's own: robots.txt "
            "(with no list there of the files sitegen put there, none may be someone else's); the old ones "
            f"{'would be' if dry_run else 'are'} kept in {tmp_path}/.mirror.replaced/"), done.notes
    kept = list((tmp_path / ".mirror.replaced").glob("*/robots.txt"))   # beside dest, not served (review42h)
    assert len(kept) == 1 and kept[0].read_text() == theirs and note[0].endswith(f"{kept[0].parent}/")
    assert published(dest) == tree(public)
    again = publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=False)
    assert again.count == 0 and again.notes == [], again.notes   # the kept file is neither listed nor deleted
    assert kept[0].read_text() == theirs and "replaced" not in (dest / MANIFEST_RSYNC).read_text()


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry under folder, links not followed: a file's bytes, a link's target, a folder's name."""
    return {p.relative_to(folder).as_posix(): (f"-> {os.readlink(p)}" if p.is_symlink() else
                                               "folder" if p.is_dir() else p.read_bytes())
            for p in sorted(folder.rglob("*"))}


def put_in_the_way(dest: Path, shape: str, outside: Path) -> str:
    """Someone's file, folder or link at dest where the site has another kind of thing; returns the path."""
    outside.mkdir(exist_ok=True)
    (outside / "theirs.txt").write_text("outside the target")
    rel = "index.html" if shape == "link-for-file" else "feed.xml" if shape == "folder-for-file" else "tags"
    shutil.rmtree(dest / rel) if (dest / rel).is_dir() else (dest / rel).unlink(missing_ok=True)
    if shape == "file-for-folder":
        (dest / rel).write_text("their notes on tags")
    elif shape == "link-for-folder":
        (dest / rel).symlink_to(outside)
    elif shape == "link-for-file":
        (dest / rel).symlink_to(outside / "theirs.txt")
    else:
        (dest / rel).mkdir()
        (dest / rel / "theirs.txt").write_text("their file in their folder")
    return rel


SHAPES = ["file-for-folder", "link-for-folder", "folder-for-file", "link-for-file"]


@pytest.mark.parametrize("shape", SHAPES)
def test_rsync_refuses_before_sending_anything_when_something_of_theirs_is_where_the_site_has_another_kind(
        site, tmp_path, shape):
    """Session 34: someone's file where the site makes a folder (tags), or a link where it has a file or a
    folder, was replaced by the site's with no word; a folder where it has a file failed the transfer
    half-way. Now the dry run and the deploy refuse before sending anything, naming the path."""
    dest = tmp_path / "mirror"
    public = rsync_deployed(site, dest)
    rel = put_in_the_way(dest, shape, tmp_path / "outside")
    change_site(site)   # new pages to send: a deploy that went ahead would publish them
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    before, outside = snapshot(dest), snapshot(tmp_path / "outside")
    for dry_run in (True, False):
        with pytest.raises(DeployError) as refused:
            publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=dry_run)
        message = str(refused.value)
        assert f"in {dest}" in message and f": {rel}{'/' if 'folder' in shape.split('-')[-1] else ''} (" in message
        assert f"nothing {'would be' if dry_run else 'was'} published. Move or delete yours at the target" in message
    assert snapshot(dest) == before and snapshot(tmp_path / "outside") == outside


def test_rsync_refuses_on_a_first_deploy_too_a_file_where_the_site_has_a_folder(site, tmp_path):
    """With no list there yet, a file where the site makes a folder is not taken for an old page."""
    require_tool("rsync", "rsync")
    dest = tmp_path / "mirror"
    dest.mkdir()
    (dest / "tags").write_text("their notes on tags")
    assert deploy(site, str(tmp_path / "unused"), "--dry-run") == 0  # just builds public/
    with pytest.raises(DeployError, match=r": tags/ \(the site has a folder there; yours is a file or a link\)"):
        publish_rsync(site / "public", RsyncTarget(f"{dest}"), dry_run=False)
    assert snapshot(dest) == {"tags": b"their notes on tags"}


def test_rsync_replaces_a_file_of_sitegens_where_the_site_now_makes_a_folder(site, tmp_path):
    """Only someone else's thing stops the deploy: a page sitegen put there (on its list) gives way."""
    dest = tmp_path / "mirror"
    public = rsync_deployed(site, dest)
    (public / "about").write_text("an old page of the site's")   # a file of public/ (kept by builds as a user's)
    publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=False)
    (public / "about").unlink()
    (public / "about").mkdir()
    (public / "about" / "index.html").write_text("the site's about page")
    publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=False)
    assert (dest / "about" / "index.html").read_text() == "the site's about page"


def test_rsync_a_link_an_older_sitegen_put_there_gives_way_to_the_sites_file(site, tmp_path):
    """Session 34, fix34c: what sitegen put there gives way to another kind. Its link latest.html
    made a file in public/ was refused by the dry run and the deploy: 'yours is a folder or a link'.
    The list says which of its paths are links ('/latest.html'): sitegen sent public/'s links as links
    until it followed them (public.py); someone's link in place of one of its pages is still refused
    (test_rsync_refuses_before_sending_anything_...)."""
    dest = tmp_path / "mirror"
    public = rsync_deployed(site, dest)
    (dest / "latest.html").symlink_to("index.html")   # as an older sitegen sent public/'s link
    with open(dest / MANIFEST_RSYNC, "a", encoding="utf-8") as f:
        f.write("latest.html\n/latest.html\n")
    (public / "latest.html").write_text("the latest story")
    for dry_run in (True, False):
        done = publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=dry_run)
        assert done.added == ["latest.html"] and done.notes == [] and done.warnings == [], done
    assert (dest / "latest.html").read_text() == "the latest story" and not (dest / "latest.html").is_symlink()
    listed = (dest / MANIFEST_RSYNC).read_text().splitlines()
    assert "latest.html" in listed and "/latest.html" not in listed


@pytest.mark.parametrize("theirs", [None, "their-file", "their-empty-folder", "their-file-named-.~tmp~"])
def test_rsync_a_folder_of_sitegens_where_the_site_now_has_a_file_gives_way(site, tmp_path, theirs):
    """Session 34, fix34c: a folder holding only files on sitegen's list where the site now has a
    file is the site's to replace, as the folder target lets it; one with anything else in it (an
    empty folder too) is someone's, refused before anything is sent. All were refused."""
    dest = tmp_path / "mirror"
    public = rsync_deployed(site, dest)
    (public / "about" / "team").mkdir(parents=True)
    (public / "about" / "index.html").write_text("the old about page")
    (public / "about" / "team" / "index.html").write_text("the old team page")
    publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=False)
    shutil.rmtree(public / "about")
    (public / "about").write_text("about, now a file")
    if theirs == "their-file":
        (dest / "about" / "team" / "photo.jpg").write_text("their photo")
    elif theirs == "their-empty-folder":
        (dest / "about" / "team" / "uploads").mkdir()
    elif theirs == "their-file-named-.~tmp~":   # fix34e: not rsync's holding folder, which is a folder
        (dest / "about" / "team" / ".~tmp~").write_text("their file")
    before = snapshot(dest)
    for dry_run in (True, False):
        if theirs is None:
            done = publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=dry_run)
            assert done.added == ["about"] and done.notes == [] and done.warnings == [], done
            assert sorted(done.removed) == ["about/index.html", "about/team/index.html"], done.removed
        else:
            with pytest.raises(DeployError, match=r": about \(the site has a file there; yours is a folder"):
                publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=dry_run)
    if theirs is None:
        assert (dest / "about").read_text() == "about, now a file"
    else:
        assert snapshot(dest) == before


@pytest.mark.parametrize("holding", ["about/.~tmp~", "about/team/.~tmp~"])
def test_rsync_a_folder_of_sitegens_with_a_killed_deploys_held_pages_gives_way_too(site, tmp_path, holding):
    """Session 34, fix34e: a killed deploy's .~tmp~/ in a folder of sitegen's the site now has a file in
    place of passed the check, then the dry run and every deploy failed on rsync's bare 'could not make
    way for new regular file: about' (the listing kept the held pages, so could not delete the folder).
    Now the held pages go with the folder, named as a killed deploy's leftovers."""
    dest = tmp_path / "mirror"
    public = rsync_deployed(site, dest)
    (public / "about" / "team").mkdir(parents=True)
    (public / "about" / "index.html").write_text("the old about page")
    (public / "about" / "team" / "index.html").write_text("the old team page")
    publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=False)
    shutil.rmtree(public / "about")
    (public / "about").write_text("about, now a file")
    (dest / holding).mkdir()
    (dest / holding / "index.html").write_text("a page held when the deploy was killed")
    before = snapshot(dest)
    for dry_run in (True, False):
        done = publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=dry_run)
        assert done.added == ["about"] and done.warnings == [], done
        assert sorted(done.removed) == ["about/index.html", "about/team/index.html"], done.removed
        assert done.notes == [f"{'would remove' if dry_run else 'removed'} what a deploy stopped while sending left "
                              f"in {dest} (rsync's .~tmp~/ folders): {holding}/index.html"], done.notes
        if dry_run:
            assert snapshot(dest) == before
    assert (dest / "about").read_text() == "about, now a file" and not list(dest.rglob(".~tmp~"))
    assert "about" in (dest / MANIFEST_RSYNC).read_text().splitlines()
    done = publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=False)
    assert done.count == 0 and done.notes == [] and done.warnings == [], done


def test_rsync_keeps_a_file_of_someones_named_as_rsyncs_holding_folder(site, tmp_path):
    """Session 34, fix34e: a file (not a folder) named .~tmp~ is no rsync leftover: it was deleted with
    'removed what a deploy stopped while sending left'. Now it is kept and named as anyone's file is."""
    dest = tmp_path / "mirror"
    public = rsync_deployed(site, dest)
    (dest / "tags" / ".~tmp~").write_text("their file")
    for dry_run in (True, False):
        done = publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=dry_run)
        assert done.notes == [f"1 file(s) in {dest} were not put there by sitegen and were kept: tags/.~tmp~"], done
    assert (dest / "tags" / ".~tmp~").read_text() == "their file"


@pytest.mark.parametrize("where", [".~tmp~", "tags/.~tmp~", "first:.~tmp~", "first:tags/.~tmp~"])
def test_rsync_never_deletes_a_file_of_someones_named_as_rsyncs_holding_folder_in_a_folder_it_writes_to(
        site, tmp_path, where):
    """rr55e 1: rsync's --delay-updates makes its .~tmp~/ holding folder in each folder it writes a
    file to, and deletes a file (or link) of that name there to make it, filter rules or not: a
    file of someone's named so was deleted while the deploy said it was kept. It is now refused,
    named, before anything is sent (dry run too), as something of another kind in the site's way."""
    first, where = where.startswith("first:"), where.removeprefix("first:")
    dest = tmp_path / "mirror"
    if first:   # no list there yet: every page is sent
        require_tool("rsync", "rsync")
        assert deploy(site, str(site.parent / "unused"), "--dry-run") == 0  # just builds public/
        public = site / "public"
        dest.mkdir()
    else:
        public = rsync_deployed(site, dest)
        page = public / Path(where).parent / "index.html"
        page.write_text(page.read_text(encoding="utf-8") + "<!-- a correction -->", encoding="utf-8")
    (dest / where).parent.mkdir(parents=True, exist_ok=True)
    (dest / where).write_text("their file")
    before = snapshot(dest)
    for dry_run in (True, False):
        with pytest.raises(DeployError, match=rf"{re.escape(where)} \(a file of yours named as rsync's holding "):
            publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=dry_run)
        assert snapshot(dest) == before
    (dest / where).rename(dest / where.replace(".~tmp~", "tmp-renamed"))
    done = publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=False)
    assert done.count and (dest / where.replace(".~tmp~", "tmp-renamed")).read_text() == "their file"
    assert published(dest) == {**tree(public), where.replace(".~tmp~", "tmp-renamed"): b"their file"}


def test_rsync_a_link_kept_in_public_is_sitegens_at_the_target(site, tmp_path):
    """A symlink kept in public/ was listed by rsync as 'latest.html -> index.html': the list held
    'latest.html', the next deploy found 'latest.html -> index.html' there, not on it, and said 'delete
    yours at the target' (false: sitegen put it there), left it out and named it in the added files.
    Links are now sent as what they point to (public.py): files on the list, sitegen's."""
    dest = tmp_path / "mirror"
    public = rsync_deployed(site, dest)
    (public / "latest.html").symlink_to("index.html")
    (public / "topics").symlink_to("tags")
    first = publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=False)
    tags = sorted(f"topics/{rel}" for rel in tree(public / "tags"))
    assert sorted(first.added) == sorted(["latest.html", *tags]), first.added
    again = publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=False)
    assert again.count == 0 and again.notes == [], again.notes
    topics = {f"topics/{rel}": data for rel, data in tree(public / "tags").items()}
    assert published(dest) == {**tree(public), **topics} and not (dest / "topics").is_symlink()
    (public / "latest.html").unlink()
    (public / "latest.html").symlink_to("feed.xml")   # the link changes: sent again, sitegen's
    changed = publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=False)
    assert changed.updated == ["latest.html"] and changed.notes == []
    assert (dest / "latest.html").read_bytes() == (public / "feed.xml").read_bytes()


@pytest.fixture
def write_only_module(tmp_path):
    """An rsync daemon on 127.0.0.1 whose module 'www' takes uploads but refuses downloads."""
    yield from rsync_daemon(tmp_path, write_only=True)


@pytest.fixture
def rsync_module(tmp_path):
    """An rsync daemon on 127.0.0.1 with a module 'www' (a TARGET of the command line, as ssh is not here)."""
    yield from rsync_daemon(tmp_path, write_only=False)


def rsync_daemon(tmp_path: Path, write_only: bool, plain: bool = False, extra: str = ""):
    """`plain`: the daemon without root's override of file modes (a 0555 folder is one it cannot write);
    `extra`: more of the module's settings, a line each."""
    rsync = require_tool("rsync", "rsync")
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    folder = tmp_path / "module"
    folder.mkdir()
    config = tmp_path / "rsyncd.conf"
    config.write_text(f"use chroot = false\npid file = {tmp_path / 'rsyncd.pid'}\n[www]\npath = {folder}\n"
                      f"read only = false\nwrite only = {str(write_only).lower()}\nuid = {os.getuid()}\n"
                      f"gid = {os.getgid()}\n{extra}")
    cmd = [rsync, "--daemon", "--no-detach", f"--config={config}", f"--port={port}", "--address=127.0.0.1"]
    daemon = subprocess.Popen(without_root_override(cmd) if plain else cmd, stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert daemon.poll() is None, daemon.stderr.read()
                time.sleep(0.05)
        yield f"rsync://127.0.0.1:{port}/www", folder
    finally:
        daemon.terminate()
        daemon.wait(timeout=10)


def _slow_rsync(tmp_path: Path, started: Path, seconds: float) -> dict:
    """PATH with an rsync whose transfer of the site (the call with --delete-after) first touches
    `started`, then waits `seconds`: a deploy caught in the middle."""
    real = shutil.which("rsync")
    bin_dir = tmp_path / "slow-bin"
    bin_dir.mkdir()
    (bin_dir / "rsync").write_text(
        "#!/bin/sh\n"
        f'case "$*" in *--delete-after*) touch {started}; sleep {seconds};; esac\n'
        f'exec {real} "$@"\n')
    (bin_dir / "rsync").chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}


def test_two_rsync_deploys_at_once_leave_the_last_ones_site_and_no_page_called_someone_elses(
        site, tmp_path, rsync_module):
    """review47i: two checkouts (a CI job, an editor) deploying to one rsync target at once both said
    'deploy ok' and left a mix there; the pages of one, missing from the other's list, were called
    someone else's by every later deploy, so their corrections and retractions were never published.
    A deploy now holds a lease on the target (.sitegen-deploy.lock): the second waits for the first."""
    url, module = rsync_module
    target, dest = f"{url}/news", module / "news"
    other = copy_site("newsroom", tmp_path / "other")   # the same site, another checkout, other stories
    change_site(other)
    for checkout in (site, other):
        assert cli.main(["build", "--root", str(checkout), "--no-convert", "-q"]) == 0
    assert deploy(site, target, "-q", "--no-build") == 0
    started = tmp_path / "started"
    first = subprocess.Popen([sys.executable, "-m", "sitegen.cli", "deploy", "--root", str(other), "--no-convert",
                              "-q", "--no-build", target], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=_slow_rsync(tmp_path, started, 4))
    for _ in range(600):
        if started.exists() or first.poll() is not None:
            break
        time.sleep(0.05)
    second = deploy_child(site, target, "--no-build", "--wait", "60")
    out_second, out_first = second.communicate(timeout=120), first.communicate(timeout=120)
    assert (first.returncode, second.returncode) == (0, 0), (out_first, out_second)
    assert published(dest) == tree(site / "public")   # the one that deployed last, whole
    assert deploy_child(site, target, "--no-build").communicate(timeout=120)[1] == ""   # no page called theirs
    assert not (dest / ".sitegen-deploy.lock").exists()


def test_rsync_keeps_the_files_put_at_the_target_while_a_deploy_sends(site, tmp_path, rsync_module):
    """rr55e 5: the transfer's --delete took every file the listing before it had not seen, so a file
    put at the target while a deploy ran (certbot's ACME token, a verification page, a CMS upload;
    README's cron deploys every 5 minutes) was deleted and counted among the site's removed pages,
    'only files sitegen put there are ever deleted' notwithstanding. Now the transfer deletes only
    the files on sitegen's list the listing found gone from the site (and their folders, if emptied)."""
    url, module = rsync_module
    target, dest = f"{url}/news", module / "news"
    assert deploy(site, target, "-q") == 0
    change_site(site)   # a story removed: its page and its folder go
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    story = "2024/12/crowds-gather-for-the-winter-solstice-sunrise"
    assert (dest / story / "index.html").is_file() and not (site / "public" / story).exists()
    started = tmp_path / "started"
    child = subprocess.Popen([sys.executable, "-m", "sitegen.cli", "deploy", "--root", str(site), "--no-convert",
                              "--no-build", target], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=_slow_rsync(tmp_path, started, 3))
    for _ in range(600):
        if started.exists() or child.poll() is not None:
            break
        time.sleep(0.05)
    assert started.exists(), child.communicate()
    theirs = {".well-known/acme-challenge/t0ken": b"acme", "google1234.html": b"google", "tags/ours.html": b"mine",
              f"{story}/photo.jpg": b"a photo"}
    for rel, data in theirs.items():
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_bytes(data)
    out, err = child.communicate(timeout=120)
    assert child.returncode == 0, (out, err)
    assert published(dest) == {**tree(site / "public"), **theirs}, sorted(published(dest).keys() ^ tree(site / "public").keys())
    assert counts(out)[2] == 1, out   # the story's page alone removed
    again = publish_rsync(site / "public", RsyncTarget(target), dry_run=False)
    assert again.count == 0 and published(dest) == {**tree(site / "public"), **theirs}
    assert sorted(again.notes[0].rpartition(": ")[2].split(", ")) == sorted(theirs), again.notes


def test_an_rsync_deploy_refuses_with_75_while_another_holds_the_target_and_not_once_its_process_ended(
        site, tmp_path, rsync_module, capsys):
    """review47i: the lease of a running deploy keeps others out (exit 75, as the folder target's lock);
    one left by a killed deploy of this computer (its process gone) does not."""
    url, module = rsync_module
    target, dest = f"{url}/news", module / "news"
    assert deploy(site, target, "-q") == 0
    import socket
    (dest / ".sitegen-deploy.lock").write_text(f"feedc0de {socket.gethostname()} {os.getpid()} {int(time.time())}\n")
    before = tree(dest)
    capsys.readouterr()
    assert deploy(site, target, "-q", "--no-build", "--wait", "0") == 75
    err = capsys.readouterr().err
    assert f"another sitegen is deploying to {target} (process {os.getpid()} on" in err and "--wait" in err, err
    assert tree(dest) == before
    gone = subprocess.Popen(["true"])
    gone.wait()
    (dest / ".sitegen-deploy.lock").write_text(f"feedc0de {socket.gethostname()} {gone.pid} {int(time.time())}\n")
    assert deploy(site, target, "-q", "--no-build", "--wait", "0") == 0
    assert not (dest / ".sitegen-deploy.lock").exists()


def test_an_rsync_lease_left_on_another_computer_is_told_with_the_file_to_delete_and_its_lapse(
        site, rsync_module, capsys):
    """rf47q: a lease left by a deploy killed on another host (a lost CI runner) held every deploy off for
    15 minutes, the message saying only that someone was deploying. It now names the lease file to
    delete and the UTC time it lapses."""
    url, module = rsync_module
    target, dest = f"{url}/news", module / "news"
    assert deploy(site, target, "-q") == 0
    taken = int(time.time()) - 60
    (dest / ".sitegen-deploy.lock").write_text(f"abcd1234abcd1234 ci-runner-7 4242 {taken}\n")
    capsys.readouterr()
    assert deploy(site, target, "-q", "--no-build", "--wait", "0") == 75
    err = capsys.readouterr().err
    lapses = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(taken + 900))
    assert "If that deploy was killed, delete news/.sitegen-deploy.lock" in err and f"lapses at {lapses}" in err, err


def test_an_up_to_date_rsync_deploy_makes_at_most_five_rsync_connections(site, tmp_path, rsync_module,
                                                                         monkeypatch):
    """rf47q: the lease made an up-to-date deploy over ssh ~3.7x slower, 9 rsync connections against 3
    (each an ssh handshake): read, write, read back the lease; read the list; dry run; transfer; read
    the lease again; read the list back; delete the lease. Now the lease is written where none is and
    read back with the list in one rsync, and deleted in the one sending the list: 5 at most; a deploy
    with a change still leaves the site whole, its list read back equal, and no lease."""
    url, module = rsync_module
    target, dest = f"{url}/news", module / "news"
    assert deploy(site, target, "-q") == 0
    calls = tmp_path / "calls"
    bin_dir = tmp_path / "count-bin"
    bin_dir.mkdir()
    (bin_dir / "rsync").write_text(f'#!/bin/sh\necho x >> {calls}\nexec {shutil.which("rsync")} "$@"\n')
    (bin_dir / "rsync").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    assert deploy(site, target, "-q", "--no-build") == 0
    assert len(calls.read_text().splitlines()) <= 5, calls.read_text()
    change_site(site)
    assert deploy(site, target, "-q") == 0
    assert published(dest) == tree(site / "public") and not (dest / ".sitegen-deploy.lock").exists()
    calls.unlink()
    assert deploy(site, target, "-q", "--no-build") == 0   # the list sent last read back as sitegen's own
    assert len(calls.read_text().splitlines()) <= 5, calls.read_text()


def test_an_rsync_lease_file_with_words_for_numbers_is_no_lease_not_a_traceback():
    """review48m 8: only isdigit() kept a lease file cut short or written by hand from a ValueError out
    of the deploy (dropping it passed every rsync test), and it let '²' through to int(); a pid os.kill
    cannot take raised OverflowError, a time of 400 digits (inf) never lapsed. Each is no lease."""
    import socket
    from sitegen.deploy.rsync import _Lease
    here = socket.gethostname() or "-"
    for text in ("abcd host pid 17\n", "abcd host 12 noon\n", "abcd host \u00b2 17\n", "abcd host 12 1.5e9\n",
                 f"abcd {here} {2**64} {time.time():.0f}\n", f"abcd host 12 {'9' * 400}\n", "abcd host 12\n"):
        assert _Lease.parse(text) is None, text
    assert _Lease.parse(f"abcd {here} {os.getpid()} {time.time():.0f}\n").pid == os.getpid()


def _held_rsync(tmp_path: Path, midway: Path, seconds: float, release: Path) -> dict:
    """PATH with an rsync whose transfer of the site (the call with --delete-after) waits `seconds`,
    touches `midway`, then waits until `release` exists (two minutes at most): a transfer the test
    holds open for as long as it needs, whatever the machine's load."""
    real = shutil.which("rsync")
    bin_dir = tmp_path / "held-bin"
    bin_dir.mkdir()
    (bin_dir / "rsync").write_text(
        "#!/bin/sh\n"
        f'case "$*" in *--delete-after*) sleep {seconds}; touch {midway}; i=0\n'
        f'  while [ ! -e {release} ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i + 1)); done;; esac\n'
        f'exec {real} "$@"\n')
    (bin_dir / "rsync").chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}


def test_an_rsync_lease_is_renewed_while_a_long_transfer_runs(site, tmp_path, rsync_module):
    """rf47q: the lease was written once, so a deploy running past LEASE_FOR (a first upload over ssh)
    was unguarded: another host's deploy took it over and sent its pages among the first's. It is now
    written again every LEASE_FOR/3 while the transfer runs. LEASE_FOR is 6 s here: the transfer is
    held open from 7 s in until a second deploy, started then, has found the lease held (exit 75);
    the first then ends ok, its lease deleted. (review48m 10: a fixed sleep(4) against a 6 s transfer
    let a slow start under load find the first deploy done: 'already up to date', exit 0.)"""
    url, module = rsync_module
    target, dest = f"{url}/news", module / "news"
    other = copy_site("newsroom", tmp_path / "other")   # another checkout (a CI runner), the same site
    for checkout in (site, other):
        assert cli.main(["build", "--root", str(checkout), "--no-convert", "-q"]) == 0
    midway, release = tmp_path / "midway", tmp_path / "release"

    def deploy_short_lease(root: Path, env: dict | None, *args: str) -> subprocess.Popen:
        code = ("import sys; import sitegen.deploy.rsync as r; r.LEASE_FOR = 6; from sitegen import cli; "
                "sys.exit(cli.main(sys.argv[1:]))")
        return subprocess.Popen([sys.executable, "-c", code, "deploy", "--root", str(root), "--no-convert", "-q",
                                 "--no-build", *args, target], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env)
    first = deploy_short_lease(site, _held_rsync(tmp_path, midway, 7, release))
    try:
        for _ in range(2400):   # two minutes at most, however loaded the machine
            if midway.exists() or first.poll() is not None:
                break
            time.sleep(0.05)
        assert midway.exists(), first.communicate(timeout=60)
        second = deploy_short_lease(other, None, "--wait", "1")
        out_second = second.communicate(timeout=120)
    finally:
        release.touch()
    out_first = first.communicate(timeout=120)
    assert second.returncode == 75 and "another sitegen is deploying" in out_second[1], out_second
    assert first.returncode == 0, out_first
    assert published(dest) == tree(site / "public") and not (dest / ".sitegen-deploy.lock").exists()


def test_rsync_a_hand_fix_at_the_target_is_kept_and_warned_of_not_overwritten_silently(site, rsync_module, capsys):
    """review42b: a page sitegen put on the server, corrected there by hand, was overwritten by the
    next deploy with no word and no copy ('~ page' under -v only); the folder target warns and keeps
    it. The list now holds each file's sha256 as sent: one whose bytes differ there is fetched, kept in
    .sitegen-replaced/TIME/ and named in a warning, -q or not; pages the site changed are not."""
    url, module = rsync_module
    target, dest = f"{url}/news", module / "news"
    assert deploy(site, target, "-q") == 0
    change_site(site)
    capsys.readouterr()
    assert deploy(site, target, "-q") == 0   # the site's own changes: no warning
    assert capsys.readouterr().err == ""
    page = "2025/01/late-news-from-the-harbour/index.html"
    fixed = (dest / page).read_text(encoding="utf-8").replace("The boats came in late.", "CORRECTION: on time.")
    (dest / page).write_text(fixed, encoding="utf-8")
    for args in (("--dry-run",), ("-q",)):
        assert deploy(site, target, *args) == 0
        err = capsys.readouterr().err
        assert f"warning: edited by hand: {page} in {target} (sitegen put it there, with other bytes); the site's " \
               f"version {'would replace (or drop)' if args[0] == '--dry-run' else 'replaces (or drops)'} it" in err, err
    kept = list((module / ".news.replaced").glob(f"*/{page}"))   # beside news/, not served in it (review42h)
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == fixed and not list(dest.rglob("*replaced*"))
    assert (dest / page).read_bytes() == (site / "public" / page).read_bytes()
    assert deploy(site, target, "-q") == 0   # told once: the list has the sums of what was sent
    assert capsys.readouterr().err == ""


def test_rsync_protects_a_folder_of_the_admins_with_one_rule_not_one_a_file(site, tmp_path, monkeypatch):
    """review42b: one protect rule per file of someone else's, even in a folder already protected
    whole: 60,000 files in an uploads/ made each deploy 24 s (2 s without), worse the more there were."""
    dest = tmp_path / "mirror"
    public = rsync_deployed(site, dest)
    for n in range(2000):
        (dest / "uploads" / f"{n % 20}").mkdir(parents=True, exist_ok=True)
        (dest / "uploads" / f"{n % 20}" / f"{n}.jpg").write_text("x")
    (dest / "google1234.html").write_text("verification")
    real, seen = shutil.which("rsync"), tmp_path / "rules"
    seen.mkdir()
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "rsync").write_text(   # keeps a copy of each filter file the deploy hands rsync
        f'#!/bin/sh\nfor a in "$@"; do case "$a" in --filter=merge\\ *) cp "${{a#--filter=merge }}" {seen}/$$-$RANDOM;; '
        f'esac; done\nexec {real} "$@"\n')
    (tmp_path / "bin" / "rsync").chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:{os.environ['PATH']}")
    change_site(site)
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    done = publish_rsync(public, RsyncTarget(f"{dest}"), dry_run=False)
    rules = [rule for f in seen.iterdir() for rule in f.read_text().split("\0") if rule.startswith("P ")]
    # (and rr55e 5's last rule, 'P *': what the listing did not find, put there while it sends, is kept too)
    assert sorted(rules) == ["P *", "P /google1234.html", "P /uploads/"], rules[:20]
    assert len(list((dest / "uploads").rglob("*.jpg"))) == 2000 and (dest / "google1234.html").is_file()
    assert any("2001 file(s)" in n and "were kept" in n for n in done.notes), done.notes


def test_rsync_deploy_to_a_write_only_daemon_module(site, write_only_module):
    """A module with 'write only = true' refuses to send back .sitegen-deploy: every deploy failed
    ('ERROR: module is write only'; review of session 33). Now it is as if there were no list:
    published, nothing there deleted, and a note says why."""
    url, folder = write_only_module
    assert deploy(site, str(site.parent / "unused"), "--dry-run") == 0  # just builds public/
    public = site / "public"
    first = publish_rsync(public, RsyncTarget(url), dry_run=False)
    assert published(folder) == tree(public) and len(first.added) == len(tree(public))
    old = tree(public)
    old_page = "2024/12/crowds-gather-for-the-winter-solstice-sunrise/index.html"   # change_site removes it
    change_site(site)
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    for dry_run in (True, False):
        done = publish_rsync(public, RsyncTarget(url), dry_run=dry_run)
        assert done.removed == [] and done.added
        assert f"the list of the files sitegen put in {url} (.sitegen-deploy) could not be read (ERROR: module is " \
               f"write only), so nothing there {'would be' if dry_run else 'was'} deleted: let sitegen read it (an " \
               "rsync daemon module with write only = true: set it to false) for the pages the site drops to be " \
               "deleted" in done.warnings, done.warnings
        assert f"1 file(s) in {url} the site does not have were kept: {old_page}" in done.notes, done.notes
    assert published(folder) == {**old, **tree(public)}   # the removed story's page is still there
    with pytest.raises(DeployError, match="failed"):
        publish_rsync(public, RsyncTarget(url.replace("/www", "/nowhere")), dry_run=True)


def test_files_added_after_a_deploy_are_kept_by_later_deploys_and_never_listed_as_sitegens(site, tmp_path, capsys):
    dest = tmp_path / "www"
    assert deploy(site, str(dest)) == 0
    (dest / "google1234.html").write_text("verification")
    change_site(site)
    assert deploy(site, str(dest)) == 0
    out = capsys.readouterr().out
    assert "were kept: google1234.html" in out
    assert (dest / "google1234.html").read_text() == "verification"
    assert "google1234.html" not in folder.read_manifest(dest.resolve())
    (site / "content" / "late-news.md").unlink()
    assert deploy(site, str(dest)) == 0
    assert (dest / "google1234.html").is_file() and not (dest / "2025/01/late-news-from-the-harbour").exists()


@pytest.mark.parametrize("shape", [shape for shape in SHAPES if shape != "link-for-file"])
@pytest.mark.parametrize("first", [True, False])
def test_a_folder_deploy_refuses_something_of_theirs_where_the_site_has_another_kind(site, tmp_path, capsys,
                                                                                   shape, first):
    """Session 34: their file or link where the site makes a folder, or their folder where it has a
    file, failed the deploy with a bare 'File exists' after a dry run that said 'would change'. Now
    both refuse, naming the path and what it is; nothing is made."""
    dest = tmp_path / "www"
    if first:   # an existing web root, not yet sitegen's
        assert deploy(site, str(tmp_path / "unused"), "--dry-run") == 0  # just builds public/
        shutil.copytree(site / "public", dest)
    else:
        assert deploy(site, str(dest)) == 0
    rel = put_in_the_way(dest.resolve(), shape, tmp_path / "outside")
    kind = {"file-for-folder": "file", "link-for-folder": "link", "folder-for-file": "folder"}[shape]
    site_has = "a file" if kind == "folder" else "a folder"
    before, listing = snapshot(dest.resolve()), sorted(os.listdir(tmp_path))
    capsys.readouterr()
    for args in (("--dry-run",), ()):
        assert deploy(site, str(dest), "--no-build", *args) == 1
        err = capsys.readouterr().err
        assert f"in {dest} hold something of another kind than the site has there, which sitegen did not put " \
               f"there: {rel} (the site has {site_has} there; yours is a {kind}); nothing " \
               f"{'would be' if args else 'was'} published" in err, err
    lock = folder.lock_of(dest).name   # the deploy's lock, empty: one per target, kept
    assert snapshot(dest.resolve()) == before and sorted(set(os.listdir(tmp_path)) - {lock}) == sorted(set(listing) - {lock})
    releases = folder.releases_of(dest)
    assert not releases.exists() or not any(p.name.endswith(folder.PARTIAL) for p in releases.iterdir())


def test_a_link_where_the_site_has_a_file_is_kept_among_the_replaced_ones(site, tmp_path, capsys):
    """A release holds copies, never links: a link in place of one of sitegen's pages is someone's.
    It was dropped with no word; now it is named and kept in .NAME.replaced/ as a replaced file is."""
    dest = tmp_path / "www"
    assert deploy(site, str(dest)) == 0
    put_in_the_way(dest.resolve(), "link-for-file", tmp_path / "outside")
    capsys.readouterr()
    assert deploy(site, str(dest)) == 0
    out = capsys.readouterr().out
    assert f"replaced index.html in {dest}, which sitegen had not put there, by the site's own" in out, out
    kept = next(folder.replaced_of(dest).iterdir()) / "index.html"
    assert os.readlink(kept) == str(tmp_path / "outside" / "theirs.txt")
    assert not (dest / "index.html").is_symlink() and (tmp_path / "outside" / "theirs.txt").is_file()


def test_a_folder_of_sitegens_where_the_site_now_has_a_file_gives_way(site, tmp_path):
    """Only someone else's folder stops the deploy: one holding only the site's pages is the site's."""
    dest = tmp_path / "www"
    (site / "static" / "about").mkdir()
    (site / "static" / "about" / "index.html").write_text("the old about page")
    assert deploy(site, str(dest)) == 0
    shutil.rmtree(site / "static" / "about")
    (site / "static" / "about").write_text("about, now a file")
    assert deploy(site, str(dest)) == 0
    assert (dest / "static" / "about").read_text() == "about, now a file"


def test_a_quiet_deploy_prints_only_its_summary_line(site, tmp_path, capsys):
    """`sitegen deploy -q` printed the 'not put there by sitegen and were kept' note on every run (a
    cron job's mail each time); -q means errors and the summary line, as for `sitegen build`."""
    dest = tmp_path / "www"
    assert deploy(site, str(dest), "-q") == 0
    (dest / "google1234.html").write_text("verification")
    capsys.readouterr()
    for args in (("--dry-run",), ()):
        assert deploy(site, str(dest), "-q", *args) == 0
        captured = capsys.readouterr()
        lines = captured.out.splitlines()
        assert [line.split(":")[0] for line in lines] == ["build ok", f"deploy {'dry run' if args else 'ok'}"], lines
        assert captured.err == ""
    assert deploy(site, str(dest)) == 0
    assert "were kept: google1234.html" in capsys.readouterr().out   # said without -q
    parked = tmp_path / ".www.switch-0123abcd"   # what needs a hand is said on stderr, -q or not
    parked.mkdir()
    assert deploy(site, str(dest), "-q") == 0
    captured = capsys.readouterr()
    assert captured.err.startswith(f"warning: {parked} holds a folder an earlier deploy moved out of {dest}")
    assert len(captured.out.splitlines()) == 2
    parked.rmdir()
    (dest / "google1234.html").unlink()
    (dest.resolve() / "tags").rename(tmp_path / "tags")
    (dest.resolve() / "tags").write_text("in the way")
    assert deploy(site, str(dest), "-q") == 1
    captured = capsys.readouterr()
    assert "error: 1 path(s) in" in captured.err and "deploy ok" not in captured.out


def test_a_foreign_robots_txt_is_reported_when_the_site_replaces_it(site, tmp_path, capsys):
    dest = tmp_path / "www"
    dest.mkdir()
    (dest / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    assert deploy(site, str(dest)) == 0
    assert "replaced robots.txt" in capsys.readouterr().out


def test_two_foreign_files_the_site_replaces_are_named_in_the_plural(site, tmp_path, capsys):
    # Before: 'replaced index.html, robots.txt in ...; the old one is kept in ...'
    dest = tmp_path / "www"
    dest.mkdir()
    (dest / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    (dest / "index.html").write_text("<p>the old site</p>\n")
    assert deploy(site, str(dest)) == 0
    assert "replaced index.html, robots.txt in " in (out := capsys.readouterr().out) and "the old ones are kept in" in out


def test_a_foreign_file_the_site_replaces_is_kept_after_later_deploys(site, tmp_path, capsys):
    # It stayed in the release before only: the next deploy pruned that release, and the admin's
    # robots.txt was gone for good.
    dest = tmp_path / "www"
    dest.mkdir()
    (dest / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    assert deploy(site, str(dest)) == 0
    kept = list((tmp_path / ".www.replaced").glob("*/robots.txt"))
    assert f"the old one is kept in {kept[0].parent}/" in capsys.readouterr().out
    change_site(site)
    assert deploy(site, str(dest)) == 0
    edited = site / "content" / "markets-close.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nAnother late paragraph.\n", encoding="utf-8")
    assert deploy(site, str(dest)) == 0
    assert [p.read_text() for p in kept] == ["User-agent: *\nDisallow: /private/\n"]


def test_a_deploy_is_one_symlink_switch_and_rollback_restores_the_previous_release(site, tmp_path, capsys):
    dest = tmp_path / "www" / "news"
    assert deploy(site, str(dest)) == 0
    first = published(dest)
    change_site(site)
    capsys.readouterr()
    assert deploy(site, str(dest)) == 0
    second = published(dest)
    assert dest.is_symlink() and second != first
    out = capsys.readouterr().out
    assert out.count("\n") == 2 and "deploy ok:" in out  # the build's line and one summary line, no file list
    live = dest.resolve()
    assert cli.main(["deploy", "--root", str(site), str(dest), "--rollback", "--dry-run"]) == 0
    # Before: --dry-run was ignored and the rollback done
    assert dest.resolve() == live and published(dest) == second
    assert "would serve release" in capsys.readouterr().out
    assert cli.main(["deploy", "--root", str(site), str(dest), "--rollback"]) == 0
    assert published(dest) == first
    assert "rollback ok" in capsys.readouterr().out


def test_files_put_in_the_live_site_while_a_deploy_runs_are_served_after_it_and_kept_by_the_next(
        site, tmp_path, monkeypatch, capsys):
    """review47i: the plan read the live site once; a file put there while the release was made (a
    CMS upload, certbot's ACME token) was not served after the switch, and the next deploy pruned the
    release holding it, with no word. Files put there before the switch, and even as it happens, are
    carried into the new release; one where the site has a page of its own is kept aside and named."""
    dest = tmp_path / "www"
    assert deploy(site, str(dest)) == 0
    real_make, real_switch = folder.make_release, folder.switch
    page = "2025/01/late-news-from-the-harbour/index.html"   # the new story's page, new in this deploy

    def upload_then_make(plan, live, dest_, site_=None):
        (live / "upload-while-copying.jpg").write_bytes(b"photo")   # after the plan was made
        (live / page).parent.mkdir(parents=True)
        (live / page).write_text("theirs", encoding="utf-8")
        return real_make(plan, live, dest_, site_)

    def upload_then_switch(dest_, release):
        (dest_.resolve() / ".well-known").mkdir()
        (dest_.resolve() / ".well-known" / "acme-token").write_bytes(b"token")   # at the very switch
        return real_switch(dest_, release)
    monkeypatch.setattr(folder, "make_release", upload_then_make)
    monkeypatch.setattr(folder, "switch", upload_then_switch)
    change_site(site)
    capsys.readouterr()
    assert deploy(site, str(dest)) == 0
    out, err = capsys.readouterr()
    monkeypatch.setattr(folder, "make_release", real_make)
    monkeypatch.setattr(folder, "switch", real_switch)
    assert "carried 2 file(s) put in" in out and "upload-while-copying.jpg" in out, out
    assert f"{page}, put in {dest} while the deploy ran" in err, err
    (site / "content" / "late-news.md").unlink()     # any later deploy: the release before it is pruned
    assert deploy(site, str(dest)) == 0
    assert (dest / "upload-while-copying.jpg").read_bytes() == b"photo"
    assert (dest / ".well-known" / "acme-token").read_bytes() == b"token"
    assert [p.read_text() for p in folder.replaced_of(dest).rglob("index.html")] == ["theirs"]


def test_a_rollback_keeps_the_files_someone_added_to_the_live_site_since_the_last_deploy(site, tmp_path, capsys):
    """Session 35, newuser35: a file the server's admin put in the live site after a deploy (a
    search engine's verification page, an ACME token) was not in the release before it: --rollback
    switched to that release without it and said nothing, and the next deploy pruned the release
    that held it, the file lost. It is now carried back first; one at a path the release rolled
    back to has a page of its own at is kept in .NAME.replaced/, both named."""
    dest = tmp_path / "www" / "news"
    assert deploy(site, str(dest)) == 0
    first = published(dest)
    change_site(site)
    assert deploy(site, str(dest)) == 0
    gone = next(rel for rel in first if "winter-solstice" in rel and rel.endswith("index.html"))
    assert not (dest / gone).exists()   # the story the second deploy took down
    (dest / "google9999.html").write_text("google-site-verification: 9999")
    (dest / ".well-known" / "acme-challenge").mkdir(parents=True)
    (dest / ".well-known" / "acme-challenge" / "tok").write_text("acme")
    (dest / gone).parent.mkdir(parents=True, exist_ok=True)
    (dest / gone).write_text("This story was withdrawn.")
    capsys.readouterr()
    live = dest.resolve()
    assert cli.main(["deploy", "--root", str(site), str(dest), "--rollback", "--dry-run"]) == 0
    out, err = capsys.readouterr()
    assert "would carry 2 file(s)" in out and "google9999.html" in out and gone in err
    assert dest.resolve() == live and not (dest.parent / ".news.replaced").exists()
    assert cli.main(["deploy", "--root", str(site), str(dest), "--rollback"]) == 0
    out, err = capsys.readouterr()
    assert "rollback ok" in out
    assert "carried 2 file(s)" in out and ".well-known/acme-challenge/tok, google9999.html" in out
    assert (dest / "google9999.html").read_text() == "google-site-verification: 9999"
    assert (dest / ".well-known" / "acme-challenge" / "tok").read_text() == "acme"
    assert (dest / gone).read_bytes() == first[gone]   # the release rolled back to serves its own page
    [kept] = (dest.parent / ".news.replaced").iterdir()
    assert (kept / gone).read_text() == "This story was withdrawn."
    assert f"warning: {gone} in {dest}, which sitegen did not put there, will not be served" in err and str(kept) in err
    assert {rel: data for rel, data in published(dest).items()
            if rel not in ("google9999.html", ".well-known/acme-challenge/tok")} == first
    edited = site / "content" / "markets-close.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA third paragraph.\n", encoding="utf-8")
    assert deploy(site, str(dest)) == 0   # prunes the release the files were added to
    assert (dest / "google9999.html").read_text() == "google-site-verification: 9999"
    assert (dest / ".well-known" / "acme-challenge" / "tok").read_text() == "acme"


def test_leftovers_of_a_killed_deploy_are_removed_and_the_live_site_untouched(site, tmp_path, capsys):
    # session 32: and said, in one note (it was done without a word)
    dest = tmp_path / "www" / "news"
    assert deploy(site, str(dest)) == 0
    before = published(dest)
    releases = dest.parent / ".news.releases"
    (releases / "20990101T000000-dead.partial" / "x").mkdir(parents=True)
    (dest.parent / ".news.switch-dead").symlink_to("nowhere")
    change_site(site)
    capsys.readouterr()
    assert deploy(site, str(dest)) == 0
    assert not list(releases.glob("*.partial")) and not list(dest.parent.glob(".news.switch-*"))
    assert published(dest) != before
    notes = [line for line in capsys.readouterr().out.splitlines() if "half-made release" in line]
    assert notes == [f"note: removed the half-made release a deploy stopped while copying left in {releases}: "
                     "20990101T000000-dead.partial"]


def test_a_first_deploy_into_an_existing_folder_keeps_it_for_rollback(site, tmp_path, capsys):
    dest = tmp_path / "www"
    dest.mkdir()
    (dest / "index.html").write_text("the old site")
    assert deploy(site, str(dest)) == 0
    assert dest.is_symlink() and (dest / "index.html").read_text() != "the old site"
    assert cli.main(["deploy", "--root", str(site), str(dest), "--rollback"]) == 0
    assert (dest / "index.html").read_text() == "the old site"


@pytest.mark.parametrize("kind", ["folder", "git"])
def test_a_first_deploy_onto_a_hand_copy_of_the_site_says_little_and_carries_no_record(site, tmp_path, capsys, kind):
    """review42b: the usual migration, a first deploy onto a copy of public/ (cp -a, ghp-import): the
    dry run printed one note naming every file ('note: replaced ...' though nothing was done; 208 kB
    for 1,000 stories), identical files were kept as replaced ones, and public/'s record
    (.sitegen-output, a list of every file) was carried as someone else's and served for good. Now
    identical files are taken over quietly, the note names 10 (and 'would' in a dry run), the folder's
    switch to a link is said, and the record is never carried."""
    public = site / "public"
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    copy = tmp_path / "www" / "news" if kind == "folder" else tmp_path / "ghp"
    shutil.copytree(public, copy)   # .sitegen-output too
    assert (copy / ".sitegen-output").is_file()
    changed = sorted(tree(public))[:30]
    for rel in changed:   # an older build's bytes
        (copy / rel).write_bytes((copy / rel).read_bytes() + b" ")
    if kind == "folder":
        target, there = str(copy), lambda: tree_with_record(copy)
    else:
        require_tool("git", "git")
        bare = tmp_path / "pages.git"
        git("init", "-q", "--bare", str(bare))
        git("init", "-q", "-b", "gh-pages", cwd=copy)
        git("add", "-A", "-f", cwd=copy)
        git("commit", "-qm", "ghp-import", cwd=copy)
        git("push", "-q", str(bare), "gh-pages", cwd=copy)
        target, there = f"git+{bare.as_uri()}#gh-pages", lambda: branch_files(bare, "gh-pages")
    for dry_run in (["--dry-run"], []):
        capsys.readouterr()
        assert deploy(site, target, "--no-build", *dry_run) == 0
        out, err = capsys.readouterr()
        assert len(out + err) < 2000, out + err
        word = "would replace" if dry_run else "replaced"
        assert f"note: {word} {', '.join(changed[:10])} and 20 more in" in out.replace(" on gh-pages", " in"), out
        if kind == "folder":
            assert f"it {'would be' if dry_run else 'was'} turned into one" in out, out
    assert ".sitegen-output" not in there()
    if kind == "folder":
        assert not list(tmp_path.glob("www/.news.replaced/*/.sitegen-output"))
        kept = {p.relative_to(next(tmp_path.glob("www/.news.replaced/*"))).as_posix()
                for p in tmp_path.glob("www/.news.replaced/*/**/*") if p.is_file()}
        assert kept == set(changed)   # the identical files are not kept as replaced ones


def tree_with_record(folder_: Path) -> dict[str, bytes]:
    return {p.relative_to(folder_).as_posix(): b"" for p in folder_.rglob("*") if p.is_file()}


def test_refuses_a_symlink_leading_to_the_project(site, tmp_path, capsys):
    """'sitegen deploy www' with www a link to the project passed the project check (the link itself
    was judged) and made a release of hard links to site.toml, content/ and the cache beside the
    site's pages, which a web server then served (review27)."""
    link = tmp_path / "www"
    link.symlink_to(site)
    assert deploy(site, str(link)) == 2
    assert "is the project folder or one holding it" in capsys.readouterr().err
    assert os.readlink(link) == str(site) and not (tmp_path / ".www.releases").exists()


def test_refuses_the_home_folder_and_a_link_to_it(site, tmp_path, capsys, monkeypatch):
    """'sitegen deploy ~' moved the home folder into .NAME.releases/ and left a link to a release of
    the site in its place, every private folder in it made 0755 (review27)."""
    home = tmp_path / "home" / "jane"
    (home / ".ssh").mkdir(parents=True, mode=0o700)
    monkeypatch.setenv("HOME", str(home))
    (tmp_path / "jane").symlink_to(home)
    for target in (home, home.parent, tmp_path / "jane"):
        assert deploy(site, str(target)) == 2
        assert "is your home folder or holds it" in capsys.readouterr().err
    assert home.is_dir() and not home.is_symlink() and not (home.parent / ".jane.releases").exists()
    assert deploy(site, str(home / "public_html")) == 0


def test_a_folder_deploy_without_a_home_folder_publishes(site, tmp_path, monkeypatch):
    """A container run with an arbitrary uid has no HOME and no passwd entry: Path.home() raises,
    and the home check made every folder deploy a traceback (final27)."""
    import pwd

    def no_entry(uid):
        raise KeyError(f"getpwuid(): uid not found: {uid}")
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    with pytest.raises(RuntimeError):
        Path.home()
    assert deploy(site, str(tmp_path / "www")) == 0 and (tmp_path / "www/index.html").is_file()


def test_a_first_deploy_into_an_existing_folder_keeps_its_folders_modes_and_empty_folders(site, tmp_path):
    dest = tmp_path / "www"
    (dest / "private").mkdir(parents=True)
    (dest / "private" / "notes.txt").write_text("mine")
    (dest / "private").chmod(0o700)
    (dest / "uploads").mkdir()
    assert deploy(site, str(dest)) == 0
    assert dest.is_symlink() and (dest / "private" / "notes.txt").read_text() == "mine"
    assert (dest / "private").stat().st_mode & 0o777 == 0o700 and (dest / "uploads").is_dir()


def test_a_deploy_that_fills_the_disk_leaves_the_live_site_and_no_half_made_release(site, tmp_path):
    """On a full disk the half-made release (.partial) stayed until the next deploy, so the web
    server's disk stayed full after the failed one (review27). A 2 MB tmpfs, as root (CI)."""
    with small_tmpfs(tmp_path / "disk", "2m") as disk:
        dest = disk / "www"
        assert deploy(site, str(dest)) == 0
        live = published(dest)
        change_site(site)
        (site / "content" / "big.md").write_text("---\ntitle: Big\ndate: 2025-01-19\n---\n" + "word " * 400_000)
        assert deploy(site, str(dest)) == 1
        assert published(dest) == live
        assert not list((disk / ".www.releases").glob("*.partial"))
        free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        assert free > 100_000, f"{free} bytes free after the failed deploy"


def test_an_admins_empty_folder_inside_a_removed_article_is_kept(site, tmp_path):
    """An empty uploads/ an admin made inside an article's folder, then the article removed: every
    later deploy failed ('No such file or directory: .../uploads'), the walk reaching uploads/ after
    skipping its parent, which the new site no longer has (final27)."""
    dest = tmp_path / "www"
    assert deploy(site, str(dest)) == 0
    article = dest / "2024/12/crowds-gather-for-the-winter-solstice-sunrise"
    (article / "uploads").mkdir()
    change_site(site)  # removes that article
    assert deploy(site, str(dest)) == 0
    assert (article / "uploads").is_dir() and not (article / "index.html").exists()
    assert published(dest) == tree(site / "public")


def test_a_folder_put_back_after_a_first_deploy_is_kept_by_the_next(site, tmp_path, capsys):
    """The operator put a real folder back at dest (restored from the one before sitegen): the next
    deploy switched dest to its release, then failed moving the folder aside onto the fixed
    '00000000T000000-before-sitegen' (ENOTEMPTY), said 'the site there was left as it was' and
    deleted the folder it had moved aside, with what was written since the restore (final27)."""
    dest = tmp_path / "www"
    dest.mkdir()
    (dest / "index.html").write_text("the old site")
    assert deploy(site, str(dest)) == 0
    [before] = [p for p in (tmp_path / ".www.releases").iterdir() if "before-sitegen" in p.name]
    dest.unlink()
    shutil.copytree(before, dest, symlinks=True)
    (dest / "since.txt").write_text("written since the restore")
    capsys.readouterr()
    assert deploy(site, str(dest)) == 0, capsys.readouterr().err
    assert published(dest) == {**tree(site / "public"), "since.txt": b"written since the restore"}
    assert not list(tmp_path.glob(".www.switch-*"))
    assert cli.main(["deploy", "--root", str(site), str(dest), "--rollback"]) == 0
    assert tree(dest) == {"index.html": b"the old site", "since.txt": b"written since the restore"}


def test_a_folder_an_earlier_version_parked_beside_dest_is_left_alone(site, tmp_path, capsys):
    """Earlier versions left the folder a failed switch moved aside at .NAME.switch-*; cleaning a
    killed deploy's leftovers then deleted it (final27): only the symlinks are sitegen's leftovers."""
    dest = tmp_path / "www"
    assert deploy(site, str(dest)) == 0
    parked = tmp_path / ".www.switch-0123abcd"
    parked.mkdir()
    (parked / "index.html").write_text("the operator's restored site")
    change_site(site)
    capsys.readouterr()
    assert deploy(site, str(dest)) == 0
    assert (parked / "index.html").read_text() == "the operator's restored site"
    assert f"{parked} holds a folder an earlier deploy moved out of {dest}" in capsys.readouterr().err
    # exchange()'s fallback, killed between its renames, leaves the replaced folder at .NAME.exchange-*:
    # it was neither cleaned nor mentioned, so the operator never learnt where the old site went
    aside = tmp_path / ".www.exchange-0123456789abcdef"
    aside.mkdir()
    (aside / "CNAME").write_text("news.example.org")
    assert deploy(site, str(dest)) == 0
    assert (aside / "CNAME").read_text() == "news.example.org"
    assert f"{aside} holds a folder an earlier deploy moved out of {dest}" in capsys.readouterr().err


def as_deployer(site: Path, dest: Path, *args: str, owner: bool = False) -> subprocess.CompletedProcess:
    """`sitegen deploy` as a web host's deploy user runs it: without root's override of file modes.
    Run as root, the child drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH with setpriv (`owner`:
    CAP_FOWNER too, so files of another user's are not its own)."""
    cmd = [sys.executable, "-m", "sitegen.cli", "deploy", "--root", str(site), "--no-convert", "-q", *args, str(dest)]
    cmd = without_root_override(cmd, "-dac_override,-dac_read_search" + (",-fowner" if owner else ""))
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def edit_an_article(site: Path, n: int) -> None:
    edited = site / "content" / "markets-close.md"
    edited.write_text(edited.read_text(encoding="utf-8") + f"\nParagraph {n}.\n", encoding="utf-8")


def test_a_read_only_web_root_is_deployed_to_without_roots_override(site, tmp_path):
    """A first deploy into a 0555 web root the deployer owns failed every time: the root's mode was
    copied to .partial before MANIFEST was written (EACCES), and the .partial could not be deleted
    (final27). Now it is deployed, keeps its mode, and its releases are pruned."""
    dest = tmp_path / "www"
    dest.mkdir()
    (dest / "index.html").write_text("the old site")
    dest.chmod(0o555)
    done = as_deployer(site, dest)
    assert done.returncode == 0, done.stderr
    assert dest.is_symlink() and stat.S_IMODE(dest.stat().st_mode) == 0o555
    assert published(dest) == tree(site / "public")
    for n in range(2):
        edit_an_article(site, n)
        done = as_deployer(site, dest)
        assert done.returncode == 0, done.stderr
    releases = sorted(p.name for p in (tmp_path / ".www.releases").iterdir())
    assert len(releases) == 2 and "before-sitegen" not in releases[0], releases  # the live one, the one before


def test_files_of_another_user_in_the_web_root_are_carried_into_each_release(site, tmp_path):
    """With protected_hardlinks (Debian's default) a deploy user may not hard-link a file it may not
    write: a certbot token root put in .well-known/ (0644) failed every folder deploy with 'Operation not
    permitted'. It is copied instead, bytes and mode kept; a link of theirs too (session 34's read)."""
    if os.geteuid() != 0:
        pytest.skip("making a file of another user's takes root")
    if Path("/proc/sys/fs/protected_hardlinks").read_text().strip() != "1":
        pytest.skip("protected_hardlinks is off here: any file may be linked")
    dest = tmp_path / "www"
    assert deploy(site, str(dest), "-q") == 0
    token = dest.resolve() / ".well-known" / "acme-challenge" / "token"
    token.parent.mkdir(parents=True)
    token.write_text("certbot's token")
    (dest.resolve() / "latest.html").symlink_to("index.html")
    for path in (token, dest.resolve() / "latest.html"):
        os.chown(path, 4321, 4321, follow_symlinks=False)
    for n in range(2):
        edit_an_article(site, n)
        done = as_deployer(site, dest, owner=True)
        assert done.returncode == 0, done.stderr
        assert (dest / ".well-known" / "acme-challenge" / "token").read_text() == "certbot's token"
        assert os.readlink(dest / "latest.html") == "index.html"
        assert stat.S_IMODE((dest / ".well-known" / "acme-challenge" / "token").stat().st_mode) == 0o644


def test_a_folder_the_deployer_may_not_read_stops_the_deploy_and_an_unreadable_page_is_copied_afresh(
        site, tmp_path):
    """Session 34's hostile read: a 0700 folder of the web server's in the web root was skipped
    unseen, and the new release held it empty: 'deploy ok', its files gone from the live site. Now
    the deploy is refused, naming it. And a page of sitegen's made unreadable (0000, unchanged) stopped
    the deploy with a traceback; it is copied afresh from public/."""
    if os.geteuid() != 0:
        pytest.skip("making a folder of another user's takes root")
    dest = tmp_path / "www"
    assert as_deployer(site, dest).returncode == 0
    (dest.resolve() / "robots.txt").chmod(0)   # a page the edit leaves as it is: compared byte for byte
    edit_an_article(site, 0)
    done = as_deployer(site, dest)
    assert done.returncode == 0, done.stderr
    assert (dest / "robots.txt").read_bytes() == (site / "public" / "robots.txt").read_bytes()
    private = dest.resolve() / "uploads"
    private.mkdir()
    (private / "invoice.pdf").write_text("the web server's")
    for path in (private, private / "invoice.pdf"):
        os.chown(path, 4321, 4321)
    private.chmod(0o700)
    edit_an_article(site, 1)
    live = dest.resolve()
    done = as_deployer(site, dest)
    assert done.returncode == 1
    assert f"error: cannot read {private} (Permission denied): the files in it would be left out of the new " \
           "release; nothing was published" in done.stderr, done.stderr
    assert dest.resolve() == live and (dest / "uploads" / "invoice.pdf").read_text() == "the web server's"


def test_a_rollback_goes_ahead_past_a_folder_the_deployer_may_not_read_and_names_it(site, tmp_path):
    """Session 35, fix35a: since --rollback carries back files added to the live site, a 0700 folder
    of the web server's in it stopped the rollback with the deploy's message ('nothing was published
    ... deploy again'), where a rollback had only switched. Now it rolls back, the folder named: what
    was added in it, if anything, is not carried."""
    if os.geteuid() != 0:
        pytest.skip("making a folder of another user's takes root")
    dest = tmp_path / "www"
    assert as_deployer(site, dest).returncode == 0
    edit_an_article(site, 0)
    assert as_deployer(site, dest).returncode == 0
    live = dest.resolve()
    (live / "google9999.html").write_text("google-site-verification: 9999")
    private = live / "uploads"
    private.mkdir()
    (private / "invoice.pdf").write_text("the web server's")
    for path in (private, private / "invoice.pdf"):
        os.chown(path, 4321, 4321)
    private.chmod(0o700)
    done = as_deployer(site, dest, "--rollback")
    assert done.returncode == 0, done.stderr
    assert dest.resolve() != live and "carried 1 file(s)" in done.stdout, done.stdout
    assert (dest / "google9999.html").read_text() == "google-site-verification: 9999"
    assert f"warning: could not look into {dest / 'uploads'} (your user may not read it); files added there, " \
           f"if any, are not carried into release {dest.resolve().name}" in done.stderr, done.stderr
    assert "deploy again" not in done.stderr and (private / "invoice.pdf").read_text() == "the web server's"


def test_a_rollback_goes_ahead_past_a_file_the_deployer_may_neither_read_nor_link_and_names_it(site, tmp_path):
    """A 0600 file of another user's added to the live site stopped --rollback with the deploy's
    'nothing was published ... deploy again', where a rollback had only switched (as a folder it may
    not read did, fix35a). Now it rolls back, the others carried, the file named as not carried."""
    if os.geteuid() != 0:
        pytest.skip("making a file of another user's takes root")
    if Path("/proc/sys/fs/protected_hardlinks").read_text().strip() != "1":
        pytest.skip("protected_hardlinks is off here: any file may be linked, readable or not")
    dest = tmp_path / "www"
    assert as_deployer(site, dest).returncode == 0
    edit_an_article(site, 0)
    assert as_deployer(site, dest).returncode == 0
    live = dest.resolve()
    (live / "google9999.html").write_text("google-site-verification: 9999")
    private = live / ".well-known" / "private.txt"
    private.parent.mkdir()
    private.write_text("the web server's")
    os.chown(private, 4321, 4321)
    private.chmod(0o600)
    done = as_deployer(site, dest, "--rollback", owner=True)
    assert done.returncode == 0, done.stderr
    assert dest.resolve() != live and "carried 1 file(s)" in done.stdout, done.stdout
    assert (dest / "google9999.html").read_text() == "google-site-verification: 9999"
    assert f"warning: could not carry {dest / '.well-known/private.txt'} (your user may neither read it nor " \
           f"hard-link it) into release {dest.resolve().name}, so it is not served; it stays in {live} until " \
           "the next deploy" in done.stderr, done.stderr
    assert "deploy again" not in done.stderr and private.read_text() == "the web server's"


def test_a_file_of_another_user_the_deployer_may_not_read_is_named_as_unreadable(site, tmp_path):
    """Session 34, fix34c: a 0600 file of another user's in the web root can be neither hard-linked
    (protected_hardlinks) nor copied into the new release: the deploy said 'could not write to ...:
    Permission denied' naming that live file, which it had failed to read. Now it names the file as
    unreadable and says what to do; the live site stays and no half-made release is left."""
    if os.geteuid() != 0:
        pytest.skip("making a file of another user's takes root")
    if Path("/proc/sys/fs/protected_hardlinks").read_text().strip() != "1":
        pytest.skip("protected_hardlinks is off here: any file may be linked, readable or not")
    dest = tmp_path / "www"
    assert as_deployer(site, dest).returncode == 0
    private = dest.resolve() / ".well-known" / "private.txt"
    private.parent.mkdir()
    private.write_text("the web server's")
    os.chown(private, 4321, 4321)
    private.chmod(0o600)
    edit_an_article(site, 0)
    live = dest.resolve()
    done = as_deployer(site, dest, owner=True)
    assert done.returncode == 1
    assert f"error: cannot read {private} (Permission denied), a file sitegen did not put in {dest} and " \
           "keeps: your user may neither read it nor hard-link it" in done.stderr, done.stderr
    assert "could not write" not in done.stderr and "nothing was published" in done.stderr, done.stderr
    assert dest.resolve() == live and private.read_text() == "the web server's"
    assert sorted(p.name for p in folder.releases_of(dest).iterdir()) == [live.name]


def test_a_web_root_whose_parent_the_deployer_may_not_write_is_refused_by_the_dry_run_too(site, tmp_path):
    """/var/www is root's, /var/www/news the deployer's: the releases and the switch need /var/www.
    The dry run said 'would change 39 file(s)', then the deploy failed with a bare 'Permission
    denied: /var/www/.news.releases' (newuser33). Now both refuse at once, saying what to do."""
    web = tmp_path / "www"
    dest, missing, live = web / "news", web / "new" / "news", web / "live"
    dest.mkdir(parents=True)
    (dest / "index.html").write_text("the old site")
    for n in range(2):   # a site deployed twice: one release to roll back to
        edit_an_article(site, n)
        assert deploy(site, str(live)) == 0
    before = tree(web)
    web.chmod(0o555)
    try:
        runs = {"dry run": as_deployer(site, dest, "--dry-run"), "deploy": as_deployer(site, dest),
                "first deploy": as_deployer(site, missing, "--dry-run"), "rollback": as_deployer(site, live, "--rollback")}
    finally:
        web.chmod(0o755)
    for name, done in runs.items():
        where = missing if name == "first deploy" else live if name == "rollback" else dest
        assert done.returncode == 1, (name, done.stdout, done.stderr)
        assert f"cannot deploy to {where}: you may not write in {web}" in done.stderr, (name, done.stderr)
        assert f"Let your user write in {web}" in done.stderr and "would change" not in done.stdout, name
        # a folder of the deployer's to deploy inside is named; a release's symlink or a missing folder is not
        assert (str(where / "site") in done.stderr) == (where == dest), (name, done.stderr)
    assert tree(web) == before


def test_a_read_only_folder_in_the_live_site_does_not_keep_every_release(site, tmp_path):
    """A 0555 folder in the live site was carried as 0555 into every release, and neither prune nor
    the clean-up of a failed deploy's .partial could delete one without root's override (final27)."""
    dest = tmp_path / "www"
    assert as_deployer(site, dest).returncode == 0
    (dest / "ro").mkdir()
    (dest / "ro" / "file.txt").write_text("kept")
    (dest / "ro").chmod(0o555)
    dead = tmp_path / ".www.releases" / "20990101T000000-dead.partial"
    (dead / "ro").mkdir(parents=True)
    (dead / "ro" / "file.txt").write_text("half made")
    (dead / "ro").chmod(0o555)
    for n in range(3):
        edit_an_article(site, n)
        done = as_deployer(site, dest)
        assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / ".www.releases").iterdir())) == 2 and not dead.exists()
    assert (dest / "ro" / "file.txt").read_text() == "kept" and stat.S_IMODE((dest / "ro").stat().st_mode) == 0o555


def test_a_failure_after_the_switch_is_not_reported_as_leaving_the_site_as_it_was(site, tmp_path):
    """Prune runs after dest serves the new release: its failure said 'the site there was left as it
    was' (exit 1) and deleted leftovers, while the new site was live (final27). Now a note."""
    dest = tmp_path / "www"
    assert as_deployer(site, dest).returncode == 0
    releases = tmp_path / ".www.releases"
    releases.chmod(0o333)  # a deployer can still make and reach releases in it, but not list them to prune
    try:
        edit_an_article(site, 1)
        done = as_deployer(site, dest)
    finally:
        releases.chmod(0o755)
    assert done.returncode == 0, done.stderr
    assert "serves the new release, but older releases could not be deleted" in done.stderr
    assert published(dest) == tree(site / "public")


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_folder_target_whose_parents_are_missing_says_what_it_makes(site, tmp_path, capsys, dry_run):
    """'sitegen deploy /var/ww/news' (a typo) made /var/ww/ and published there without a word, and
    the dry run did not show it. Now the folders made (or that would be) are named, with the way back."""
    dest = tmp_path / "typo" / "www" / "news"
    assert deploy(site, str(dest), *(["--dry-run"] if dry_run else [])) == 0
    out = capsys.readouterr().err
    verb = "it would be" if dry_run else "it was"
    # before session 31: '... made to hold news, with the folders in it': which folders?
    assert (f"warning: {tmp_path / 'typo'} did not exist: {verb} made, with the folders down to {tmp_path / 'typo' / 'www'}, "
            f"to hold news (a typo in the target? then delete {tmp_path / 'typo'})") in out, out
    assert (tmp_path / "typo").exists() is not dry_run
    assert deploy(site, str(dest)) == 0
    capsys.readouterr()
    assert deploy(site, str(dest)) == 0 and "did not exist" not in capsys.readouterr().err   # there now


# Deploys and rollbacks at once, several sites to one target ------------------------------------------
def sitegen_run(site: Path, *args: str, **popen) -> subprocess.Popen:
    """`sitegen deploy` in a process of its own (its locks are per process)."""
    return subprocess.Popen([sys.executable, "-m", "sitegen.cli", "deploy", "--root", str(site), "--no-convert",
                             *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def two_releases(site: Path, dest: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    assert deploy(site, str(dest)) == 0
    first = published(dest)
    change_site(site)
    assert deploy(site, str(dest)) == 0
    return first, published(dest)


def test_a_rollback_and_another_sites_deploy_wait_for_the_deploy_holding_the_target(site, tmp_path, capsys):
    """Session 38, fix38a1: --rollback took no lock at all, and a deploy only its own site's: a
    deploy of another site or checkout to the same folder pruned the release a rollback had chosen,
    and the rollback served a missing (or re-made, nearly empty) folder, saying 'rollback ok'. Both
    now hold the target's lock (.NAME.lock beside the releases): held, they wait, then exit 75."""
    import fcntl
    dest = tmp_path / "www" / "news"
    first, second = two_releases(site, dest)
    other = copy_site("newsroom", tmp_path / "other")   # another checkout of the site
    live = dest.resolve()
    with open(dest.parent / ".news.lock", "a+") as held:   # folder.lock_of(dest)
        fcntl.lockf(held, fcntl.LOCK_EX)   # a deploy under way, in this process
        held.write("4242\n")
        held.flush()
        for root, args in ((site, ("--rollback",)), (other, ("--no-build",))):
            if root == other:
                assert deploy(other, str(tmp_path / "unused"), "--dry-run") == 0   # its public/
            run = sitegen_run(root, str(dest), *args, "--wait", "0.5")
            out, err = run.communicate(timeout=60)
            assert run.returncode == 75, (out, err)
            assert f"another sitegen is deploying to or rolling back {dest} (process 4242" in err, err
            assert dest.resolve() == live and published(dest) == second
        late = sitegen_run(site, str(dest), "--rollback", "--wait", "30")
        time.sleep(1.0)
        assert late.poll() is None and dest.resolve() == live   # waits for the deploy under way
    out, err = late.communicate(timeout=60)
    assert late.returncode == 0 and "rollback ok" in out, (out, err)
    assert published(dest) == first


def test_a_release_deleted_while_a_rollback_runs_is_never_switched_to_nor_made_again(site, tmp_path):
    """Session 38, fix38a1: the release a rollback chose, deleted before its switch (by hand, or by a
    sitegen that takes no target lock), was switched to anyway, or made again by the carrying of a
    file added to the live site (mkdir(parents=True)), holding that file alone; 'rollback ok'. Now
    nothing is switched and it is said. The rollback is slowed at its switch (strace delays the
    symlink call) while the release is deleted."""
    strace = require_tool("strace", "strace")
    dest = tmp_path / "www" / "news"
    two_releases(site, dest)
    live = dest.resolve()
    [back] = [r for r in folder.releases_of(dest).iterdir() if r != live]
    (dest / "uploads").mkdir()
    (dest / "uploads" / "f.txt").write_text("an upload")   # carried into `back` before the switch
    run = subprocess.Popen([strace, "-f", "-qq", "-o", "/dev/null", "-e", "trace=symlink",
                            "-e", "inject=symlink:delay_enter=3000000", sys.executable, "-m", "sitegen.cli", "deploy",
                            "--root", str(site), "--no-convert", str(dest), "--rollback"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not (back / "uploads" / "f.txt").exists() and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert (back / "uploads" / "f.txt").exists(), run.communicate()
    folder.remove_tree(back)   # while the rollback waits at its switch
    out, err = run.communicate(timeout=60)
    if "ptrace" in err and "Operation not permitted" in err:
        pytest.skip(f"strace may not trace here: {err.strip()}")
    assert run.returncode == 1, (out, err)
    assert f"the release to roll back to, {back}, was deleted while the rollback ran; nothing was switched" in err
    assert "rollback ok" not in out
    assert dest.resolve() == live and (dest / "index.html").is_file() and not back.exists()


def retitle(site: Path, title: str | None = None, base_url: str | None = None) -> None:
    toml = site / "site.toml"
    text = toml.read_text(encoding="utf-8")
    if title:
        text = text.replace('title = "The Daily Example"', f'title = "{title}"', 1)
    if base_url:
        text = text.replace('base_url = "https://example.org/"', f'base_url = "{base_url}"', 1)
    toml.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("kind", ["folder", "git", "rsync"])
def test_another_site_deploying_to_the_same_target_is_refused_naming_it(site, tmp_path, capsys, kind, request):
    """Session 38, fix38a1: the list of sitegen's files at a target did not say which site wrote it:
    a second site deployed there deleted every page of the first as its own ('34 file(s) changed
    ... 17 removed', exit 0, no word). The list now names the site (base_url and title); another
    site's deploy is refused, naming it, nothing changed, unless --replace-site. The same site at a
    new address (its title kept) is taken for itself, with a warning (review42b: a note, dropped by -q,
    let a staging build replace production with no word)."""
    if kind == "folder":
        target = str(tmp_path / "www" / "news")
        state = lambda: published(Path(target))   # noqa: E731
    elif kind == "git":
        require_tool("git", "git")
        bare = tmp_path / "pages.git"
        git("init", "-q", "--bare", str(bare))
        target = f"git+{bare.as_uri()}#gh-pages"
        state = lambda: branch_files(bare, "gh-pages", manifest=True)   # noqa: E731
    else:
        target, module = request.getfixturevalue("rsync_module")
        state = lambda: tree(module)   # noqa: E731
    other = copy_site("newsroom", tmp_path / "other")
    retitle(other, "The Other Paper", "https://other.example.net/")
    assert deploy(site, target) == 0
    first = state()
    capsys.readouterr()
    for args in (("--dry-run",), ()):
        assert deploy(other, target, *args) == 1
        err = capsys.readouterr().err
        assert (f"error: {target if kind != 'git' else f'{bare.as_uri()} (branch gh-pages)'} holds the site "
                "'The Daily Example' (https://example.org/), not this one ('The Other Paper' "
                "(https://other.example.net/)): publishing would delete its pages; nothing "
                f"{'would be' if args else 'was'} published") in err, err
        assert "--replace-site" in err and state() == first
    assert deploy(other, target, "--replace-site") == 0
    assert "replaced the site 'The Daily Example' (https://example.org/)" in capsys.readouterr().out
    replaced = state()
    assert replaced != first
    assert deploy(site, target, "--no-build") == 1   # the first site is now refused, the other named
    assert "holds the site 'The Other Paper' (https://other.example.net/)" in capsys.readouterr().err
    assert state() == replaced
    toml = other / "site.toml"   # that site at a new address, its title kept
    toml.write_text(toml.read_text(encoding="utf-8").replace("https://other.example.net/",
                                                             "https://news.other.example.net/"), encoding="utf-8")
    assert deploy(other, target, "-q") == 0   # a warning, -q or not: a staging build over production looks so
    err = capsys.readouterr().err
    assert ("warning: the list at ") in err and ("names this site at https://other.example.net/, its base_url now "
            "https://news.other.example.net/: taken for this site at a new address (same title); every link of the "
            "site there points at https://news.other.example.net/") in err, err
    assert deploy(site, target, "--no-build") == 1   # and its list names it at its new address
    assert "holds the site 'The Other Paper' (https://news.other.example.net/)" in capsys.readouterr().err


@pytest.mark.unbuilt   # the record of the last build
def test_deploy_no_build_refuses_after_a_failed_build_or_with_sources_changed_since(site, tmp_path, capsys):
    """Session 38, fix38a1: `deploy --no-build` published whatever public/ held: after a failed build
    the build before it, exit 0, and a story deleted (retracted) since the last build stayed live.
    Each build of public/ now records how it went and when it began (.sitegen/last-build): a failed
    one, or a source changed after it, refuses --no-build with one line saying why and what to do;
    --force publishes public/ as it is."""
    dest = tmp_path / "www" / "news"
    build = ["build", "--root", str(site), "--no-convert", "-q"]
    assert deploy(site, str(dest)) == 0
    live = published(dest)
    story = site / "content" / "winter-solstice.md"
    page = next(rel for rel in live if "winter-solstice" in rel and rel.endswith("index.html"))
    story.unlink()   # retracted
    capsys.readouterr()
    assert deploy(site, str(dest), "--no-build") == 1
    err = capsys.readouterr().err
    assert err == ("error: content/ (a file removed from it or renamed) changed after public/ was last built, so it is not in public/; nothing was "
                   "published. Build again (sitegen deploy without --no-build does), or pass --force to publish public/ "
                   "as it is\n"), err
    assert published(dest) == live
    assert cli.main(build) == 0
    swap = site / "content" / ".markets-close.md.swp"   # vim opened a story, and closed it
    swap.write_bytes(b"b0VIM")
    (site / "content" / "markets-close.md~").write_text("a backup", encoding="utf-8")
    (site / "content" / "markets-close.md~").unlink()
    swap.unlink()
    assert deploy(site, str(dest), "--no-build") == 0   # built since: published, the story gone
    assert not (dest / page).exists()
    edited = site / "content" / "markets-close.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA late paragraph.\n", encoding="utf-8")
    capsys.readouterr()
    assert deploy(site, str(dest), "--no-build", "--dry-run") == 1
    assert "error: content/markets-close.md changed after public/ was last built" in capsys.readouterr().err
    (site / "content" / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    assert cli.main(build) == 1   # failed: the rest of the site published to public/, the story left out
    capsys.readouterr()
    before = published(dest)
    assert deploy(site, str(dest), "--no-build") == 1
    err = capsys.readouterr().err
    assert err.startswith("error: the last build failed (") and "broken.md" in err and err.count("\n") == 1, err
    assert "so public/ holds the rest of the site without that fix; nothing was published" in err and "--force" in err
    assert published(dest) == before
    assert deploy(site, str(dest)) == 1   # feat43a: its own build publishes the rest to public/, never to the target
    captured = capsys.readouterr()
    assert "(the story is left out until fixed)" in captured.err and "deploy refused: the build failed" in captured.err
    assert published(dest) == before
    (site / "content" / "markets-close.md").write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    assert deploy(site, str(dest)) == 1   # a story kept as last built: refused as well
    captured = capsys.readouterr()
    assert "(the story is kept as last built; fix it and build again)" in captured.err, captured.err
    assert "deploy refused: the build failed" in captured.err and published(dest) == before
    assert deploy(site, str(dest), "--no-build", "--force") == 0   # as it is: the last good build
    assert "deploy ok" in capsys.readouterr().out


@pytest.mark.unbuilt   # the record of the last build
def test_deploy_no_build_refuses_when_the_record_of_the_last_build_is_empty_or_damaged(site, tmp_path, capsys):
    """review45g: a full cache disk emptied .sitegen/last-build, which deploy --no-build took for an
    older sitegen's none: it skipped every check and published a retracted story, exit 0. An empty or
    damaged record is refused (one is no longer left empty: test_build's ..._keeps_the_one_before)."""
    dest = tmp_path / "www" / "news"
    assert deploy(site, str(dest)) == 0
    live = published(dest)
    time.sleep(0.01)   # past the build's end, for file systems with coarse timestamps
    (site / "content" / "winter-solstice.md").unlink()   # retracted
    record = site / ".sitegen" / "last-build"
    for damage, said in (("", "is empty"), ('{"ok": tr', "is damaged")):
        record.write_text(damage)
        capsys.readouterr()
        assert deploy(site, str(dest), "--no-build") == 1
        err = capsys.readouterr().err
        assert f"error: the record of the last build ({record}) {said}, so whether public/ holds a build of the " \
            "sources as they are is not known; nothing was published" in err, err
    assert published(dest) == live
    assert deploy(site, str(dest)) == 0 and record.is_file()


@pytest.mark.unbuilt   # the record of the last build
def test_deploy_no_build_checks_the_config_file_in_use_not_site_toml(site, tmp_path, capsys):
    """`deploy --no-build --config prod.toml` asked whether site.toml changed since the last build:
    prod.toml edited after it was published as if built from it, and site.toml (not in use) edited
    refused the deploy. The file --config names counts, and authors.toml beside it."""
    dest = tmp_path / "www" / "news"
    prod = site / "prod.toml"
    shutil.copyfile(site / "site.toml", prod)
    run = ["--root", str(site), "--config", str(prod), "--no-convert"]
    assert cli.main(["build", *run, "-q"]) == 0
    time.sleep(0.01)   # past the build's start, for file systems with coarse timestamps
    toml = site / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "# not in use\n", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["deploy", *run, str(dest), "--no-build"]) == 0, capsys.readouterr().err
    assert "deploy ok" in capsys.readouterr().out
    prod.write_text(prod.read_text(encoding="utf-8").replace("The Daily Example", "The Daily Sample", 1), encoding="utf-8")
    assert cli.main(["deploy", *run, str(dest), "--no-build"]) == 1
    assert "error: prod.toml changed after public/ was last built" in capsys.readouterr().err
    assert cli.main(["build", *run, "-q"]) == 0
    time.sleep(0.01)
    (site / "authors.toml").write_text('["Jane Doe"]\nbio = "Covers the council."\n', encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["deploy", *run, str(dest), "--no-build"]) == 1
    assert "error: authors.toml changed after public/ was last built" in capsys.readouterr().err


@pytest.mark.unbuilt   # the record of the last build
def test_setting_the_deploy_target_does_not_stale_public(site, tmp_path, capsys):
    """review46c 10: build, then set [deploy] target (or [serve] port): `deploy --no-build` refused,
    exit 1, 'site.toml changed after public/ was last built, so it is not in public/', though neither
    section reaches public/. The last build records the digest of the settings it read (all but
    [deploy] and [serve]); a config file changed since that still reads so does not count."""
    toml = site / "site.toml"
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    time.sleep(0.01)   # past the build's start, for file systems with coarse timestamps
    dest = tmp_path / "www"
    toml.write_text(toml.read_text(encoding="utf-8") + f'\n# publish here\n[deploy]\ntarget = "{dest}"\n\n'
                    '[serve]\nport = 8081\n', encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["deploy", "--root", str(site), "--no-build", "-q"]) == 0, capsys.readouterr().err
    assert (dest / "index.html").is_file()
    toml.write_text(toml.read_text(encoding="utf-8").replace('language = "en"', 'language = "en-GB"'), encoding="utf-8")
    assert cli.main(["deploy", "--root", str(site), "--no-build", "-q"]) == 1   # a setting the build reads
    assert "error: site.toml changed after public/ was last built" in capsys.readouterr().err


@pytest.mark.unbuilt   # the record of the last build
def test_a_prod_toml_made_after_a_build_with_site_toml_and_only_a_deploy_target_more_deploys_it(site, tmp_path, capsys):
    """rr52f 2: the last build's settings digest (Config.built_digest) took in the config file's name
    (Config.file, for messages: fix52c), so public/ built from site.toml was refused by `deploy
    --no-build --config prod.toml`, prod.toml written since with the same settings and a [deploy]
    target ('prod.toml changed after public/ was last built'), exit 1. A name reaches no page."""
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    time.sleep(0.01)   # past the build's start, for file systems with coarse timestamps
    dest = tmp_path / "www"
    prod = site / "prod.toml"
    prod.write_text((site / "site.toml").read_text(encoding="utf-8") + f'\n[deploy]\ntarget = "{dest}"\n',
                    encoding="utf-8")
    capsys.readouterr()
    run = ["deploy", "--root", str(site), "--config", str(prod), "--no-build", "-q"]
    assert cli.main(run) == 0, capsys.readouterr().err
    assert (dest / "index.html").is_file()
    prod.write_text(prod.read_text(encoding="utf-8").replace('language = "en"', 'language = "en-GB"'), encoding="utf-8")
    assert cli.main(run) == 1   # a setting the build reads
    assert "error: prod.toml changed after public/ was last built" in capsys.readouterr().err


def test_a_target_that_is_the_admins_own_link_is_said_and_kept_for_rollback(site, tmp_path, capsys):
    """Session 38, fix38a1: a web root that is the admin's own link (news -> real/) was pointed at
    the site's release with no word, and no rollback could go back to their folder ('no earlier
    release'). Now the deploy says so, their link is kept among the releases as the one before it,
    and --rollback serves their folder again; their folder itself is never touched."""
    www = tmp_path / "www"
    (www / "real").mkdir(parents=True)
    (www / "real" / "index.html").write_text("their home page")
    (www / "real" / "old.html").write_text("an old page of theirs")
    dest = www / "news"
    dest.symlink_to("real")
    theirs = tree(www / "real")
    assert deploy(site, str(dest), "--dry-run") == 0
    assert f"note: {dest} is a link of yours to real: it would be pointed at the site's release" in capsys.readouterr().out
    assert os.readlink(dest) == "real"
    assert deploy(site, str(dest)) == 0
    out = capsys.readouterr().out
    assert f"note: {dest} is a link of yours to real: it is pointed at the site's release, your link kept in " \
           f"{folder.releases_of(dest)}/ as the release before it" in out and "--rollback" in out, out
    assert dest.resolve().parent == folder.releases_of(dest) and (dest / "old.html").read_text() == "an old page of theirs"
    site_pages = published(dest)
    assert cli.main(["deploy", "--root", str(site), str(dest), "--rollback"]) == 0
    assert "rollback ok" in capsys.readouterr().out
    assert dest.resolve() == (www / "real").resolve() and (dest / "index.html").read_text() == "their home page"
    assert tree(www / "real") == theirs   # untouched
    assert deploy(site, str(dest), "--no-build") == 0   # from their folder again: the link is said no more
    assert "is a link of yours" not in capsys.readouterr().out and published(dest) == site_pages
    edit_an_article(site, 1)
    assert deploy(site, str(dest)) == 0   # their link's entry is pruned now: the link, never their folder
    assert tree(www / "real") == theirs and not any(p.is_symlink() for p in folder.releases_of(dest).iterdir())
    assert cli.main(["deploy", "--root", str(site), str(dest), "--rollback"]) == 0
    assert dest.resolve().parent == folder.releases_of(dest)


def test_a_hand_edit_of_a_live_page_is_told_and_kept_not_silently_overwritten(site, tmp_path, capsys):
    """Session 38, fix38a1: unchanged files are hard links shared with the release kept for
    --rollback, so a hand edit in place of a live page (a hotfix) changed both, and the next deploy
    overwrote it, shown only as '~ file' under -v. The list now holds each file's sha256 as sitegen
    put it there: a live file whose bytes differ is a hand edit, kept in .NAME.replaced/ and warned
    about (on stderr, -q too, as it asks for a hand: the change belongs in the site's sources)."""
    dest = tmp_path / "www" / "news"
    assert deploy(site, str(dest)) == 0
    with open(dest / "index.html", "a", encoding="utf-8") as page:   # in place: the inode releases share
        page.write("<!-- hotfix -->\n")
    fixed = (dest / "index.html").read_bytes()
    gone = next(rel for rel in published(dest) if "winter-solstice" in rel and rel.endswith("index.html"))
    with open(dest / gone, "a", encoding="utf-8") as page:   # a page the site then drops
        page.write("<!-- correction -->\n")
    change_site(site)
    capsys.readouterr()
    assert deploy(site, str(dest), "--dry-run", "-q") == 0
    err = capsys.readouterr().err
    assert f"warning: edited by hand: {gone}, index.html in {dest} (sitegen put them there, with other bytes); " \
           "the site's version would replace (or drop) them" in err, err
    assert (dest / "index.html").read_bytes() == fixed
    assert deploy(site, str(dest), "-q") == 0
    err = capsys.readouterr().err
    assert f"warning: edited by hand: {gone}, index.html in {dest}" in err and "yours are kept in" in err, err
    [kept] = (dest.parent / ".news.replaced").iterdir()
    assert (kept / "index.html").read_bytes() == fixed and (kept / gone).read_text().endswith("<!-- correction -->\n")
    assert (dest / "index.html").read_bytes() == (site / "public" / "index.html").read_bytes()
    edit_an_article(site, 1)
    assert deploy(site, str(dest), "-q") == 0   # no edit since: nothing said
    assert "edited by hand" not in capsys.readouterr().err


# rsync and git end with sitegen ---------------------------------------------------------------------
def running_with(text: str) -> list[int]:
    """The live processes (not zombies) whose command line holds `text`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = (entry / "stat").read_text().rpartition(")")[2].split()[0]
        except OSError:
            continue
        if text in cmdline and state not in "ZX":
            found.append(int(entry.name))
    return found


def killed_while(site: Path, target: str, started: Path, env: dict, running: str) -> list[int]:
    """`sitegen deploy --no-build TARGET` in its own process, SIGKILLed (it alone) once `started`
    exists; the processes whose command line holds `running` 10 s after (none: they ended with it)."""
    proc = subprocess.Popen([sys.executable, "-m", "sitegen.cli", "deploy", target, "--root", str(site), "--no-build",
                             "--no-convert", "-q"], env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not started.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert started.exists() and proc.poll() is None, "the deploy never reached its transfer"
    time.sleep(0.5)   # rsync forks its receiver; git push its receive-pack
    assert running_with(running), "nothing was running to end"
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while running_with(running) and time.monotonic() < deadline:
        time.sleep(0.1)
    return running_with(running)


def end(pids: list[int]) -> None:
    for pid in pids:   # what the test started, left by a sitegen without the fix
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass


def test_a_killed_sitegen_leaves_no_rsync_running_on_its_own(site, tmp_path, rsync_module):
    """review38a: `kill -9` of sitegen alone left its rsync (ppid 1) sending, then deleting after
    --delete-after, while a new build rewrote public/. The transfer runs at 1 kB/s here (a real rsync
    started through a wrapper that adds --bwlimit=1), so it is still sending when sitegen is killed.
    Its scratch folder (sitegen-rsync-PID-*, in TMPDIR) was left for ever: the next deploy removes it."""
    require_tool("rsync", "rsync")
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    real, bin_dir, started = shutil.which("rsync"), tmp_path / "bin", tmp_path / "transfer-started"
    bin_dir.mkdir()
    (bin_dir / "rsync").write_text(f'#!/bin/sh\ncase "$*" in *--delay-updates*) touch {started}; '
                                   f'exec {real} --bwlimit=1 "$@";; esac\nexec {real} "$@"\n')
    (bin_dir / "rsync").chmod(0o755)
    url, _ = rsync_module
    scratch = tmp_path / "tmp"   # TMPDIR: the deploy's scratch folder, left by the kill
    scratch.mkdir()
    env = {"PATH": f"{bin_dir}:{os.environ['PATH']}", "TMPDIR": str(scratch)}
    left = killed_while(site, f"{url}/news", started, env, f"{url}/news")
    end(left)
    assert left == [], "rsync went on after sitegen was killed"
    killed = list(scratch.glob("sitegen-rsync-*"))
    assert len(killed) == 1
    (scratch / f"sitegen-rsync-{os.getpid()}-another-deploy").mkdir()   # its sitegen still runs: kept
    again = subprocess.run([sys.executable, "-m", "sitegen.cli", "deploy", f"{url}/news", "--root", str(site),
                            "--no-build", "--no-convert", "-q"], env={**os.environ, "TMPDIR": str(scratch)},
                           capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert [p.name for p in scratch.iterdir()] == [f"sitegen-rsync-{os.getpid()}-another-deploy"]


@pytest.mark.parametrize("threads", [1, 2])
def test_a_child_ends_with_its_killed_sitegen_whether_or_not_other_threads_run(tmp_path, threads):
    """review38d: a preexec_fn runs Python in the forked child, unsafe while other threads run (a
    deploy after a build with a progress bar has tqdm's monitor thread). With other threads alive the
    child asks for its signal through a small exec wrapper instead: both ways it ends with sitegen."""
    if not sys.platform.startswith("linux"):
        pytest.skip("PR_SET_PDEATHSIG is Linux's")
    marker = f"{61 + threads}.{os.getpid()}"   # sleep's argument: this test's child, and no other
    ready = tmp_path / "ready"
    script = ("import sys, threading, time\nfrom sitegen.deploy import child\n"
              f"if {threads} > 1: threading.Thread(target=time.sleep, args=(600,), daemon=True).start()\n"
              f"open({str(ready)!r}, 'w').write(str(child._threads()))\n"
              f"child.run(['sleep', {marker!r}])\n")
    parent = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 10
        while not running_with(f"sleep {marker}") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert running_with(f"sleep {marker}") and ready.read_text() == str(threads)
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 10
    while running_with(f"sleep {marker}") and time.monotonic() < deadline:
        time.sleep(0.05)
    left = running_with(f"sleep {marker}")
    end(left)
    assert left == [], "the child went on after its sitegen was killed"


@pytest.mark.parametrize("threads", [1, 2])
def test_a_stopped_deploy_gives_its_child_sigterm_not_sigkill(tmp_path, threads):
    """rf41n: since fix41d a SIGTERM to `sitegen deploy` is a KeyboardInterrupt in sitegen, and
    subprocess.run answered it by SIGKILLing rsync or git 0.25 s later, leaving their temporary and
    lock files; before, sitegen died and its child got SIGTERM (PR_SET_PDEATHSIG), as the README
    says. A stop now sends the child SIGTERM, which it cleans up on."""
    got = tmp_path / "got-sigterm"
    ready = tmp_path / "ready"
    child_script = (f"trap 'echo TERM > {got}; exit 143' TERM; touch {ready}; sleep 60 & wait")
    script = ("import signal, sys, threading, time\nfrom sitegen.deploy import child\n"
              "signal.signal(signal.SIGINT, signal.default_int_handler)\n"   # not ignored, whoever started us
              f"if {threads} > 1: threading.Thread(target=time.sleep, args=(600,), daemon=True).start()\n"
              f"child.run(['bash', '-c', {child_script!r}], capture_output=True, text=True)\n")
    parent = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 10
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready.exists()
        parent.send_signal(signal.SIGINT)   # a KeyboardInterrupt, as sitegen's SIGTERM handler raises
        parent.wait(timeout=10)
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 5
    while not got.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert got.exists(), "the child was killed without a SIGTERM to clean up on"


def test_a_running_deploys_scratch_folder_is_kept_when_its_pid_is_not_seen(tmp_path, monkeypatch):
    """review38d: the sweep took a folder whose PID no process has for abandoned; in another PID
    namespace (a container or CI job sharing /tmp) a running deploy's PID is not seen, and its folder
    was deleted under it. The deploy holds a lock in its folder: one whose lock is held is kept
    whatever its name says; once its holder is gone, it is removed."""
    from sitegen.deploy import child
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    holder = subprocess.Popen([sys.executable, "-c", "import sys\nfrom sitegen.deploy.child import scratch\n"
                               "with scratch('rsync') as p:\n print(p, flush=True)\n sys.stdin.read()"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(tmp_path)})
    try:
        made = Path(holder.stdout.readline().strip())
        assert made.parent == tmp_path
        unseen = tmp_path / "sitegen-rsync-4194305-unseen"   # above any pid_max: no process here has it
        made.rename(unseen)   # the folder of a deploy in another PID namespace, still running
        (unseen / "index").write_text("git's index")
        lockless = tmp_path / "sitegen-deploy-4194305-older"   # no lock file: an older sitegen's, left alone
        lockless.mkdir()
        child.sweep_scratch()
        assert (unseen / "index").is_file(), "a running deploy's scratch folder was deleted"
        assert lockless.is_dir()
    finally:
        holder.kill()
        holder.wait()
    child.sweep_scratch()
    assert not unseen.exists(), "the folder of a deploy that is gone was kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == [lockless.name]


def test_a_killed_sitegen_leaves_no_git_push_running_on_its_own(git_site, tmp_path):
    """The same for `git push`: a pre-receive hook at the remote holds the push open."""
    site, bare = git_site
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    started, hook = tmp_path / "hook-started", bare / "hooks" / "pre-receive"
    hook.write_text(f"#!/bin/sh\necho $$ > {started}\nexec sleep 30\n")
    hook.chmod(0o755)
    left = killed_while(site, f"git+{bare.as_uri()}#gh-pages", started, {}, f"push -q {bare.as_uri()}")
    end(left)
    end([int(started.read_text())])   # the remote's hook: the server's side, not sitegen's child
    assert left == [], "git push went on after sitegen was killed"


def test_no_git_installed_is_a_clear_error(site, tmp_path, monkeypatch, capsys):
    """review38a: with no git on PATH, `git init` ran outside the 'git is not installed' handler: a traceback."""
    assert deploy(site, str(tmp_path / "unused"), "--dry-run") == 0   # builds public/ (PATH as it is)
    capsys.readouterr()
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert deploy(site, f"git+{(tmp_path / 'pages.git').as_uri()}#gh-pages", "--no-build") == 1
    err = capsys.readouterr().err
    assert err.startswith("error: git is not installed; install it (apt-get install git) to deploy to a branch"), err


# Symlinks in public/: one rule for every target -----------------------------------------------------
@pytest.fixture(params=["folder", "rsync", "git"])
def any_target(request, site, tmp_path):
    """(TARGET text, a function returning what is published there), for each kind of target."""
    if request.param == "folder":
        dest = tmp_path / "www" / "news"
        return str(dest), lambda: published(dest) if dest.exists() else {}
    if request.param == "rsync":
        url, folder_ = request.getfixturevalue("rsync_module")
        return f"{url}/news", lambda: {rel: data for rel, data in tree(folder_ / "news").items()
                                       if rel != MANIFEST_RSYNC} if (folder_ / "news").exists() else {}
    require_tool("git", "git")
    bare = tmp_path / "pages.git"
    git("init", "-q", "--bare", str(bare))
    extras = {".nojekyll", git_deploy.MANIFEST}

    def on_branch() -> dict[str, bytes]:
        if not git("--git-dir", str(bare), "branch", "--list", "gh-pages").strip():
            return {}
        return {rel: data for rel, data in branch_files(bare, "gh-pages").items() if rel not in extras}
    return f"git+{bare.as_uri()}#gh-pages", on_branch


def test_a_link_in_public_is_published_as_what_it_points_to_on_every_target(site, any_target, capsys):
    """review38a: a folder link in public/ was left out of a folder deploy with no word (a file link
    copied as its file), while rsync and git published both as links, absolute ones dangling at the
    target. Now every target publishes the file, or the folder's files, a link inside public/ points to."""
    target, published_there = any_target
    public = site / "public"
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    story = next(p for p in sorted(public.glob("2025/01/*/index.html")))
    (public / "latest.html").symlink_to(story.relative_to(public))
    (public / "topics").symlink_to(public / "tags")   # absolute, inside public/
    assert deploy(site, target, "--no-build") == 0, capsys.readouterr().err
    topics = {f"topics/{rel}": data for rel, data in tree(public / "tags").items()}
    assert published_there() == {**tree(public), **topics}
    assert published_there()["latest.html"] == story.read_bytes()


@pytest.mark.parametrize("link", ["outside", "nowhere", "loop"])
def test_a_link_leading_out_of_public_or_nowhere_stops_every_target(site, any_target, tmp_path, capsys, link):
    """A link leading out of public/ would publish what it points to (a private file) or dangle at
    the target; one leading nowhere publishes nothing; a loop never ends. Each is named, nothing sent."""
    target, published_there = any_target
    public = site / "public"
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    (tmp_path / "private.txt").write_text("not for the web")
    points_to = {"outside": str(tmp_path / "private.txt"), "nowhere": "gone.html", "loop": ".."}[link]
    where = public / ("about" if link == "loop" else "notes.txt")
    where.mkdir(exist_ok=True) if link == "loop" else None
    at = where / "up" if link == "loop" else where
    at.symlink_to(points_to)
    why = {"outside": "it leads out of public/", "nowhere": "it leads nowhere",
           "loop": "it leads into a folder it is in: a loop"}[link]
    for dry_run in ([], ["--dry-run"]):
        capsys.readouterr()
        assert deploy(site, target, "--no-build", *dry_run) == 1
        err = capsys.readouterr().err
        rel = at.relative_to(public).as_posix()
        assert f"error: 1 symlink(s) in {public} cannot be published: {rel} -> {points_to} ({why})." in err, err
        assert "nothing was published" in err
        assert published_there() == {}


def put_there(target: str, tmp_path: Path, rel: str, text: str) -> None:
    """A file of the admin's at an any_target target (a commit of theirs on a git branch)."""
    if target.startswith("git+"):
        push_by_hand(tmp_path / "pages.git", tmp_path, {rel: text})
        return
    folder_ = tmp_path / "module" / "news" if target.startswith("rsync://") else Path(target)
    (folder_ / rel).write_text(text)


def test_a_line_break_in_a_published_name_is_refused_and_never_deletes_a_file_of_someone_elses(
        site, any_target, tmp_path, capsys):
    """review42b: every target keeps its list of the files it put there one a line; public/'s
    'new<LF>line.txt' was listed as 'new' and 'line.txt', and the admin's own line.txt was deleted
    by the next deploy as sitegen's (all three targets). Such a name is refused, named; a name with
    U+2028 (which str.splitlines split the lists at too) is published and listed whole."""
    target, published_there = any_target
    public = site / "public"
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    assert deploy(site, target, "--no-build", "-q") == 0, capsys.readouterr().err
    put_there(target, tmp_path, "line.txt", "the admin's own file")
    (public / "new\nline.txt").write_text("the site's")
    for dry_run in (["--dry-run"], []):
        capsys.readouterr()
        assert deploy(site, target, "--no-build", *dry_run) == 1
        err = capsys.readouterr().err
        assert f"1 file(s) in {public} have a line break in their name and cannot be published: 'new\\nline.txt'" \
            in err and "nothing was published. Rename" in err, err
    assert published_there()["line.txt"] == b"the admin's own file"
    (public / "new\nline.txt").unlink()
    (public / "new\u2028line.txt").write_text("the site's")
    put_there(target, tmp_path, "line.txt", "the admin's own file, edited")
    for _ in range(2):   # the second reads the list the first wrote
        assert deploy(site, target, "--no-build", "-q") == 0, capsys.readouterr().err
        there = published_there()
        assert there["line.txt"] == b"the admin's own file, edited"
        assert there["new\u2028line.txt"] == b"the site's"
    (public / "new\u2028line.txt").unlink()
    assert deploy(site, target, "--no-build", "-q") == 0
    assert "new\u2028line.txt" not in published_there() and "line.txt" in published_there()


def test_a_git_checkout_in_public_is_never_published_on_any_target(site, any_target, capsys):
    """review42b: a clone kept in public/ (Hugo's habit) was published by the folder and rsync targets,
    its .git/config served with the token in its remote's URL; the git target left it out. A `.git`
    at any depth, folder or file (a worktree's), is left out by every target, with a note."""
    target, published_there = any_target
    public = site / "public"
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    (public / ".git").mkdir()
    (public / ".git" / "config").write_text('[remote "origin"]\n\turl = https://ed:ghp_T0KEN@github.com/me/news.git\n')
    (public / "about").mkdir(exist_ok=True)
    (public / "about" / ".git").write_text("gitdir: /somewhere/else\n")
    capsys.readouterr()
    assert deploy(site, target, "--no-build") == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert f"note: left out .git/, about/.git in {public}: a git repository's own files" in out, out
    there = published_there()
    assert not [rel for rel in there if ".git" in rel.split("/")], sorted(there)
    expected = {rel: data for rel, data in tree(public).items() if ".git" not in rel.split("/")}
    assert there == expected


def test_a_web_root_on_a_read_only_file_system_is_named_so(site, tmp_path, capsys):
    """review38a: a read-only file system (EROFS) got 'Let your user write in ...', which no user can."""
    with small_tmpfs(tmp_path / "disk", "2m") as disk:
        (disk / "www").mkdir()
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True, capture_output=True)
        for dry_run in ([], ["--dry-run"]):
            assert deploy(site, str(disk / "www" / "news"), *dry_run) == 1
            err = capsys.readouterr().err
            assert (f"error: cannot deploy to {disk / 'www' / 'news'}: {disk / 'www'} is on a read-only file system "
                    "(mounted read-only); nothing was changed. Remount it read-write") in err, err


def test_git_deploy_fetches_no_files_bytes_from_a_server_that_filters(git_site, tmp_path, monkeypatch, capsys):
    """review38a: each git deploy fetched the branch's whole tip (--depth=1), every page of the site and
    every file of someone else's, to read its list. Now commits and trees only (--filter=blob:none, a
    partial clone's promisor remote: the list is fetched when read), from a server that filters (GitHub;
    here uploadpack.allowFilter). A 3 MB file of someone else's on the branch shows the bytes received."""
    site, bare = git_site
    git("--git-dir", str(bare), "config", "uploadpack.allowFilter", "true")
    assert deploy(site) == 0
    big = os.urandom(3 * 1024 * 1024).hex()[:3 * 1024 * 1024]   # hex: text push_by_hand writes
    push_by_hand(bare, tmp_path, {"downloads/archive.txt": big})
    change_site(site)
    trace = tmp_path / "packs-received"
    monkeypatch.setenv("GIT_TRACE_PACKFILE", str(trace))   # the packs git receives (and sends), byte for byte
    capsys.readouterr()
    assert deploy(site) == 0
    out = capsys.readouterr().out
    assert trace.stat().st_size < 1024 * 1024, f"{trace.stat().st_size} bytes of packs for a 3 MB file not needed"
    on_branch = branch_files(bare, "gh-pages")
    assert on_branch["downloads/archive.txt"] == big.encode()   # carried into the new commit, not fetched
    assert "1 file(s) on gh-pages were not put there by sitegen and were kept: downloads/archive.txt" in out
    public = tree(site / "public")
    assert {rel: data for rel, data in on_branch.items() if rel in public} == public
    added, updated, removed = counts(out)
    assert LATE in on_branch and added > 0 and updated > 0 and removed == 1   # change_site's one story gone


def test_git_deploy_to_a_server_that_filters_but_speaks_protocol_v0(git_site, tmp_path, monkeypatch, capsys):
    """review38d: a server that filters (uploadpack.allowFilter) but speaks protocol v0 -- over ssh whose
    server does not accept GIT_PROTOCOL -- refuses the branch's list (MANIFEST) asked for by its ID: every
    deploy after the first failed ('Server does not allow request for unadvertised object'). The tip is
    fetched whole then. ssh here is a stand-in that runs the server's command locally, GIT_PROTOCOL
    dropped as such an sshd drops it."""
    site, bare = git_site
    git("--git-dir", str(bare), "config", "uploadpack.allowFilter", "true")
    ssh = tmp_path / "ssh"
    ssh.write_text('#!/bin/sh\nfor last; do :; done\nunset GIT_PROTOCOL\nexec sh -c "$last"\n')
    ssh.chmod(0o755)
    monkeypatch.setenv("GIT_SSH_COMMAND", str(ssh))
    target = f"git+ssh://localhost{bare}#gh-pages"
    assert deploy(site, target) == 0
    push_by_hand(bare, tmp_path, {"google1234.html": "google-site-verification"})
    change_site(site)
    capsys.readouterr()
    assert deploy(site, target) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    on_branch = branch_files(bare, "gh-pages")
    assert on_branch["google1234.html"] == b"google-site-verification"
    assert "1 file(s) on gh-pages were not put there by sitegen and were kept: google1234.html" in out
    public = tree(site / "public")
    assert {rel: data for rel, data in on_branch.items() if rel in public} == public
    assert counts(out)[2] == 1   # change_site's one story gone: the list was read


# Targets that cannot work as given -------------------------------------------------------------------
def deploy_child(site: Path, dest: Path | str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "sitegen.cli", "deploy", "--root", str(site), "--no-convert", "-q",
                             *args, str(dest)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_folder_target_inside_another_is_refused_even_deployed_at_the_same_time(site, tmp_path):
    """A root site at www and a section site at www/news: each outer deploy carried the inner's link and
    .news.releases/ into its new release as someone else's files, and an inner deploy at the same time
    switched its link in the outer's old release: lost, its release pruned, /news/ a 404 while both said
    'deploy ok' (review40e: 20 runs, 20 bad). Now the inner one is refused, exit 2, with what to do."""
    outer = copy_site("newsroom", tmp_path / "outer")
    www, news = tmp_path / "www", tmp_path / "www" / "news"
    assert deploy(outer, str(www)) == 0
    assert cli.main(["build", "--root", str(site), "--no-convert"]) == 0
    for n in range(3):
        edit_an_article(outer, n)   # the outer makes a new release each time, as the inner deploys
        runs = [deploy_child(outer, www), deploy_child(site, news, "--no-build")]
        (_, outer_err), (_, inner_err) = (run.communicate(timeout=120) for run in runs)
        assert runs[0].returncode == 0, outer_err
        assert runs[1].returncode == 2, inner_err
        assert f"target {news} lies inside the folder target {www}" in inner_err, inner_err
        assert "(/var/www/main and /var/www/news)" in inner_err and "location /news/" in inner_err
        assert not news.exists() and not list(www.resolve().glob(".*.releases")), "nothing of the inner's made"
    assert published(www) == tree(outer / "public")


def test_a_target_deployed_inside_another_before_that_was_refused_can_still_be_rolled_back(site, tmp_path, capsys):
    """A site deployed at www/news by a version that allowed it (inside the folder target www) had its
    --rollback refused as a nested deploy (review40i): the users the fault hurt lost their way back.
    A deploy there is refused; a rollback goes through, warned, with the same advice."""
    outer = copy_site("newsroom", tmp_path / "outer")
    www, elsewhere = tmp_path / "www", tmp_path / "elsewhere"
    assert deploy(outer, str(www)) == 0
    elsewhere.mkdir()
    assert deploy(site, str(elsewhere / "news")) == 0
    first = published(elsewhere / "news")
    edit_an_article(site, 1)
    assert deploy(site, str(elsewhere / "news")) == 0
    for name in ("news", ".news.releases"):   # as the older version left it: inside the outer's live release
        os.rename(elsewhere / name, www.resolve() / name)
    news = www / "news"
    capsys.readouterr()
    assert deploy(site, str(news), "--no-build") == 2
    assert f"lies inside the folder target {www}" in capsys.readouterr().err
    assert cli.main(["deploy", "--root", str(site), str(news), "--rollback"]) == 0
    captured = capsys.readouterr()
    assert "deploy rollback ok" in captured.out, captured.out + captured.err
    assert f"warning: target {news} lies inside the folder target {www}" in captured.err, captured.err
    assert "Then deploy each site to a folder of its own" in captured.err
    assert published(news) == first


def test_a_folder_target_holding_another_is_refused_dry_run_too(site, tmp_path, capsys):
    outer = copy_site("newsroom", tmp_path / "outer")
    www, news = tmp_path / "www", tmp_path / "www" / "sections" / "news"
    assert deploy(site, str(news)) == 0
    capsys.readouterr()
    before = tree(www)
    for args in (("--dry-run",), ()):
        assert deploy(outer, str(www), *args) == 2
        err = capsys.readouterr().err
        assert (f"target {www} holds another sitegen target ({news}; {www / 'sections' / '.news.lock'} and "
                f"{www / 'sections' / '.news.releases'}/ show it)") in err, err
        assert "(/var/www/main and /var/www/news)" in err
    assert not www.is_symlink() and not (tmp_path / ".www.releases").exists()
    assert tree(www) == before
    assert published(news) == tree(site / "public")


def test_a_copy_of_the_live_site_kept_inside_it_is_no_nested_target(site, tmp_path, capsys):
    """`cp -a news/. snap; mv snap news/archive-2025`: the copy's `.sitegen-deploy` below the top was
    taken for another target, every deploy refused, the message naming no file (review40i). A copy
    is carried as someone else's files; a folder target's own `.NAME.lock` is named when refused."""
    news = tmp_path / "www" / "news"
    assert deploy(site, str(news)) == 0
    snap = tmp_path / "snap"
    shutil.copytree(news, snap, symlinks=True)
    os.rename(snap, news.resolve() / "archive-2025")
    edit_an_article(site, 1)
    assert deploy(site, str(news)) == 0, capsys.readouterr().err
    assert (news / "archive-2025" / ".sitegen-deploy").is_file()
    assert published(news).keys() - {k for k in published(news) if k.startswith("archive-2025/")} \
        == tree(site / "public").keys()
    release = news / "archive-2025" / ".old.releases" / "1"   # a folder target's own: its releases beside its link
    release.mkdir(parents=True)
    (release / "index.html").write_text("old")
    (news / "archive-2025" / "old").symlink_to(".old.releases/1")
    capsys.readouterr()
    assert deploy(site, str(news), "--no-build") == 2
    err = capsys.readouterr().err
    held = news / "archive-2025"
    assert f"holds another sitegen target ({held / 'old'}; {held / '.old.releases'}/ show it)" in err, err
    assert "If it is no site's (a copy), delete those and deploy again" in err


@pytest.mark.unbuilt   # refused before anything is built
def test_a_mount_point_target_is_refused_before_anything_dry_run_too(site, tmp_path, capsys):
    """A Docker volume or a partition of its own at the web root: the dry run said 'would change 50
    file(s)', then the deploy failed with a raw '[Errno 16] Device or resource busy' (an empty mount) or
    '[Errno 18] Invalid cross-device link' (review40e). Now both refuse, exit 2, naming a folder to use."""
    with small_tmpfs(tmp_path / "mp" / "html", "16m") as html:
        (html / "user.txt").write_text("theirs")
        for args in (("--dry-run",), ()):
            assert deploy(site, str(html), *args) == 2
            err = capsys.readouterr().err
            assert f"target {html} is a mount point" in err and f"Deploy to a folder inside it ({html / 'site'})" in err
        assert not (site / "public").exists(), "refused before building"
        assert [p.name for p in html.iterdir()] == ["user.txt"] and [p.name for p in html.parent.iterdir()] == ["html"]
        assert deploy(site, str(html / "site")) == 0   # the advice works
        assert published(html / "site") == tree(site / "public")


def test_a_bind_mount_or_a_container_images_folder_is_refused_and_leaves_no_copy(site, tmp_path, capsys):
    """A bind mount from the same file system (same st_dev) and a folder of overlayfs's lower layer
    (the web root a Docker image ships) passed the mount-point check: the dry run said 'would change',
    the deploy failed with a raw '[Errno 18] Invalid cross-device link', and each try left a copy of
    the replaced 404.html in .news.replaced/TIME/, never pruned (review40i). The bind mount is found
    in /proc/self/mountinfo before anything; the lower-layer folder at the switch, refused (exit 2)
    with the same advice, nothing kept."""
    with small_tmpfs(tmp_path / "disk", "32m") as disk:
        src, www = disk / "src", disk / "www"
        (src).mkdir()
        (www / "news").mkdir(parents=True)
        bound = subprocess.run(["mount", "--bind", str(src), str(www / "news")], capture_output=True, text=True)
        assert bound.returncode == 0, bound.stderr
        try:
            for args in (("--dry-run",), ()):
                assert deploy(site, str(www / "news"), *args) == 2
                err = capsys.readouterr().err
                assert f"target {www / 'news'} is a mount point" in err, err
                assert f"Deploy to a folder inside it ({www / 'news' / 'site'})" in err
            assert sorted(p.name for p in www.iterdir()) == ["news"]
        finally:
            subprocess.run(["umount", str(www / "news")], check=False)
        lower, upper, work, merged = (disk / name for name in ("lower", "upper", "work", "merged"))
        news = lower / "var" / "www" / "news"
        news.mkdir(parents=True)
        (news / "404.html").write_text("the image's own")
        for folder in (upper, work, merged):
            folder.mkdir()
        done = subprocess.run(["mount", "-t", "overlay", "overlay", "-o",
                               f"lowerdir={lower},upperdir={upper},workdir={work}", str(merged)],
                              capture_output=True, text=True)
        if done.returncode:
            pytest.skip(f"cannot mount an overlayfs here: {done.stderr.strip()}")
        try:
            dest = merged / "var" / "www" / "news"
            for _ in range(2):
                assert deploy(site, str(dest)) == 2
                err = capsys.readouterr().err
                assert f"target {dest} cannot be moved aside to be replaced by a link (Invalid cross-device link" in err
                assert f"Deploy to a folder inside it ({dest / 'site'})" in err, err
                assert "Errno" not in err
                assert not (dest.parent / ".news.replaced").exists(), "no copy kept by a failed try"
                assert [p.name for p in dest.iterdir()] == ["404.html"]
                assert not list(dest.parent.glob(".news.releases/*"))
            assert deploy(site, str(dest / "site"), "--no-build") == 0   # the advice works
            assert published(dest / "site") == tree(site / "public")
        finally:
            subprocess.run(["umount", str(merged)], check=False)


def test_a_target_holding_a_mount_point_is_refused_before_anything_naming_it(site, tmp_path, capsys):
    """An uploads/ volume bind-mounted inside the web root: the dry run said 'would change', then
    os.link of its photo into the release failed with EXDEV, which the deploy blamed on the target
    ('cannot be moved aside ... a mount point'), naming neither the mount nor the file (review40o).
    Refused before anything, dry run too, naming the mount point; nothing made beside the target.
    The advice was the one for a target that is a mount point, a folder inside it with the server's
    root moved there: followed, it stopped serving the mounted uploads (review45d). Now: deploy
    beside it and serve the mount with a location of its own, on the site's sub-path."""
    toml = site / "site.toml"
    toml.write_text(toml.read_text().replace('base_url = "https://example.org/"', 'base_url = "https://example.org/news/"'))
    with small_tmpfs(tmp_path / "disk", "32m") as disk:
        src, news = disk / "src", disk / "www" / "news"
        src.mkdir()
        (src / "photo.jpg").write_bytes(b"jpeg")
        (news / "uploads").mkdir(parents=True)
        bound = subprocess.run(["mount", "--bind", str(src), str(news / "uploads")], capture_output=True, text=True)
        assert bound.returncode == 0, bound.stderr
        try:
            for args in (("--dry-run",), ()):
                assert deploy(site, str(news), *args) == 2
                err = capsys.readouterr().err
                assert f"target {news} holds a mount point, {news / 'uploads'} (a file system of its own" in err, err
                beside = news.parent / "news-site"
                assert f"Deploy beside it ({beside})" in err and "moved aside" not in err, err
                assert (f"location /news/ {{ alias {beside}/; }} and location /news/uploads/ {{ alias "
                        f"{news / 'uploads'}/; }}") in err, err
                assert "Deploy to a folder inside it" not in err and "point the web server there" not in err
            assert sorted(p.name for p in news.parent.iterdir()) == ["news"], "no release, no lock"
            assert sorted(p.name for p in news.iterdir()) == ["uploads"]
            assert (news / "uploads" / "photo.jpg").read_bytes() == b"jpeg"
            assert deploy(site, str(beside)) == 0   # the advice works, the mount stays where it is served
            assert published(beside) == tree(site / "public")
            assert (news / "uploads" / "photo.jpg").read_bytes() == b"jpeg"
        finally:
            subprocess.run(["umount", str(news / "uploads")], check=False)


def test_rsync_makes_a_missing_parent_folder_and_warns_of_a_typo_as_the_folder_target_does(site, rsync_module, capsys):
    """rsync makes dest, not its parents: the dry run said 'would change 49 file(s)', then the deploy
    failed with rsync's 'mkdir "fresh/news" (in mod) failed' (review40e). Now they are made, and
    the dry run and the deploy both say so, as a possible typo."""
    url, module = rsync_module
    dest = f"{url}/fresh/deeper/news"
    assert deploy(site, dest, "--dry-run") == 0
    dry = capsys.readouterr()
    assert not (module / "fresh").exists()
    assert deploy(site, dest, "--no-build") == 0
    real = capsys.readouterr()
    said = f"{url}/fresh did not exist: it %s made, with the folders down to {url}/fresh/deeper, to hold {dest}"
    assert said % "would be" in dry.err and said % "was" in real.err, (dry.err, real.err)
    assert published(module / "fresh" / "deeper" / "news") == tree(site / "public")
    assert deploy(site, dest, "--no-build") == 0 and "did not exist" not in capsys.readouterr().err


@pytest.fixture
def plain_rsync_module(tmp_path):
    """rsync_module, its daemon without root's override of file modes."""
    yield from rsync_daemon(tmp_path, write_only=False, plain=True)


def test_rsync_that_sent_part_of_the_site_says_so_and_that_deploying_again_completes_it(site, plain_rsync_module, capsys):
    """rsync's exit 23 (some files not sent) leaves new pages beside old ones; the message was rsync's
    own, saying neither (review40e). It then said 'rsync deleted nothing', but a folder rsync may not
    write there (an error on the receiver's side) does not stop --delete-after: the page of the story
    removed is gone (review40i). The message says it may be."""
    url, module = plain_rsync_module
    assert deploy(site, f"{url}/news") == 0
    dropped = [rel for rel in tree(module / "news") if "winter-solstice" in rel]
    assert dropped
    change_site(site)   # a new tag: tags/harbour/ is made in tags/; winter-solstice removed
    tags = module / "news" / "tags"
    tags.chmod(0o555)
    try:
        assert deploy(site, f"{url}/news") == 1
    finally:
        tags.chmod(0o755)
    err = capsys.readouterr().err
    assert "failed (exit status 23)" in err and "Permission denied" in err, err
    assert (f"some files reached {url}/news and others did not (the site there is partly updated: pages the site no "
            "longer has may already be deleted there)") in err, err
    assert not any((module / "news" / rel).exists() for rel in dropped), "what the message says may happen, happened"
    assert "deleted nothing" not in err and "then deploy again, which completes it" in err
    assert deploy(site, f"{url}/news", "--no-build") == 0
    assert published(module / "news") == tree(site / "public")


def test_missing_parent_folders_are_made_with_an_rsync_older_than_mkpath_at_either_end(site, tmp_path, capsys,
                                                                                    monkeypatch):
    """--mkpath (rsync 3.2.3) was sent to the remote rsync too: a server older than that (RHEL 8's
    3.1.3) refuses an option it does not know, a raw error on a first deploy; an older local rsync
    was refused (review40i). Each missing level is now made by sending it an empty folder. Over ssh
    (a stand-in running the remote side here, which refuses --mkpath as rsync 3.1.3 does), with a
    local rsync that reports 3.1.3 too."""
    real = shutil.which("rsync")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "rsync").write_text(f'#!/bin/sh\n[ "$1" = --version ] && {{ echo "rsync  version 3.1.3  protocol '
                                   f'version 31"; exit 0; }}\nexec {real} "$@"\n')
    log = tmp_path / "remote.log"
    (bin_dir / "ssh").write_text(f'#!/bin/sh\nwhile [ "$1" != rsync ]; do shift; done\necho "$*" >> {log}\n'
                                 'case "$*" in *--mkpath*) echo "rsync: --mkpath: unknown option" >&2; exit 1;; esac\n'
                                 'exec sh -c "$*"\n')
    for tool in ("rsync", "ssh"):
        (bin_dir / tool).chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("RSYNC_RSH", str(bin_dir / "ssh"))
    home = tmp_path / "remote"
    home.mkdir()
    dest = f"me@localhost:{home}/my site/deeper/news"
    assert deploy(site, dest, "--dry-run") == 0
    assert not (home / "my site").exists()
    capsys.readouterr()
    assert deploy(site, dest, "--no-build") == 0, capsys.readouterr().err
    err = capsys.readouterr().err
    assert f"me@localhost:{home}/my site did not exist: it was made, with the folders down to " \
           f"me@localhost:{home}/my site/deeper, to hold {dest}" in err, err
    assert published(home / "my site" / "deeper" / "news") == tree(site / "public")
    assert "--mkpath" not in log.read_text()
    from sitegen.deploy.rsync import _how_to_make   # the advice when a level cannot be made: quoted, ~/ expanded
    assert _how_to_make("me@host:", "~/my site") == "on me@host (ssh me@host mkdir -p ~/'my site')"
    assert _how_to_make("", "/srv/my site") == "(mkdir -p '/srv/my site')"


def _edit_story(site: Path, line: str) -> None:
    """An edit that only updates pages (no page added, search off): the story's, its listings, feeds."""
    story = site / "content" / "markets-close.md"
    story.write_text(story.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def _cut_short(site: Path, target: str, tmp_path: Path, monkeypatch, capsys) -> None:
    """A deploy whose transfer lands every file, then stops (rsync exits 12: a dropped link, Ctrl-C)."""
    with monkeypatch.context() as m:
        m.setenv("PATH", _failing_rsync(tmp_path, "--delay-updates", 12, run_first=True,
                                        message="rsync: connection unexpectedly closed")["PATH"])
        assert deploy(site, target, "-q") != 0
    assert "exit status 12" in capsys.readouterr().err


def test_rsync_an_update_cut_short_after_the_files_landed_is_not_taken_for_a_hand_edit(site, rsync_module, tmp_path,
                                                                                         monkeypatch, capsys):
    """review42h: the list with the changing files' sums left out was sent before the transfer only when
    the deploy added files; one that only updated files and stopped after they landed left the old sums,
    and the next deploy warned 'edited by hand' of sitegen's own pages and kept copies of them. The list
    sent before the transfer now allows a changing file's old sum and its new one."""
    url, module = rsync_module
    target = f"{url}/news"
    assert deploy(site, target, "-q") == 0
    _edit_story(site, "Update 1.")
    _cut_short(site, target, tmp_path, monkeypatch, capsys)
    _edit_story(site, "Update 2.")
    assert deploy(site, target, "-q") == 0
    assert "edited by hand" not in capsys.readouterr().err
    assert not list(module.rglob("*replaced*"))
    assert deploy(site, target, "-q") == 0 and capsys.readouterr().err == ""


def test_rsync_a_hand_fix_on_a_page_whose_update_was_cut_short_is_still_warned_of(site, rsync_module, tmp_path,
                                                                                 monkeypatch, capsys):
    """review42h (the reverse): after a cut-short transfer that added files, the list dropped the sums of the
    files it updated, so a hand fix made on one of them later was overwritten with no word."""
    url, module = rsync_module
    target, dest = f"{url}/news", module / "news"
    assert deploy(site, target, "-q") == 0
    change_site(site)   # adds a story too
    _cut_short(site, target, tmp_path, monkeypatch, capsys)
    page = "2025/01/late-news-from-the-harbour/index.html"
    hand = next(rel for rel, data in tree(dest).items() if rel.endswith("index.html") and "shares-close" in rel)
    (dest / hand).write_text((dest / hand).read_text(encoding="utf-8") + "<!-- fixed by hand -->", encoding="utf-8")
    _edit_story(site, "Update 2.")
    assert deploy(site, target, "-q") == 0
    err = capsys.readouterr().err
    assert f"warning: edited by hand: {hand} in {target}" in err and page not in err, err


def test_rsync_a_hand_fix_is_kept_beside_the_target_not_in_the_folder_it_serves(site, rsync_module, capsys):
    """review42h: the kept copies were in dest/.sitegen-replaced/, published at a guessable address (an old
    version of a corrected story). They are kept beside it, in .NAME.replaced/TIME/, as the folder target
    keeps them; a target at the top of its module has no room outside it: nothing is kept, and the warning
    says so."""
    url, module = rsync_module
    for target, dest in ((f"{url}/news", module / "news"), (url, module)):
        assert deploy(site, target, "-q") == 0
        page = next(rel for rel in tree(site / "public") if rel.endswith("index.html") and "shares-close" in rel)
        (dest / page).write_text("fixed by hand", encoding="utf-8")
        _edit_story(site, f"An edit for {target}.")
        kept_before = sorted(dest.rglob("*replaced*/**/*"))   # the first target's, in the module's top
        assert deploy(site, target, "-q") == 0
        err = capsys.readouterr().err
        assert f"warning: edited by hand: {page} in {target}" in err, err
        assert sorted(dest.rglob("*replaced*/**/*")) == kept_before, "a kept copy is served"
    assert [p.read_text() for p in (module / ".news.replaced").glob(f"*/{page}")] == ["fixed by hand"]
    assert "yours are not kept: the target is the top of its rsync module" in err, err


@pytest.mark.unbuilt   # the record of the last build
def test_deploy_no_build_sees_a_file_changed_in_a_linked_folder_of_root_or_static(site, tmp_path, capsys):
    """rf48c 1: deploy's "changed since the build" check walked root/ and static/ without entering a
    link to a folder, so a file changed in one only reached through the link (root/archive -> .old,
    a hidden folder the walk skips) was not seen and published stale."""
    dest = tmp_path / "www" / "news"
    for top in ("root", "static"):
        (site / top / ".old").mkdir(parents=True, exist_ok=True)
        (site / top / ".old" / "a.txt").write_text("one\n")
        os.symlink(".old", site / top / "archive")
    assert deploy(site, str(dest)) == 0
    assert (dest / "archive" / "a.txt").read_text() == "one\n"
    for top in ("root", "static"):
        time.sleep(0.01)
        (site / top / ".old" / "a.txt").write_text("two\n")
        capsys.readouterr()
        assert deploy(site, str(dest), "--no-build") == 1
        assert f"{top}/archive/a.txt changed after public/ was last built" in capsys.readouterr().err
        assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    assert (site / "public" / "archive" / "a.txt").read_text() == "two\n"


def test_a_deploy_stopped_after_its_switch_does_not_say_the_target_was_left_as_it_was(site, tmp_path):
    """review49d 4: `sitegen deploy --help`: 'on 1, 130 and 143 a folder or git target is left as it
    was'. A SIGTERM (a CI job cancelled, a timeout) after folder.switch but before the command ends
    (prune deleting the old releases, the second _carry_late pass, the report) exits 143, 'terminated',
    with the new release live: a script trusting the code takes the old site for the one served, and the
    deploy's summary of what went live is never printed. (A SIGTERM loop over 40 deploys hit it twice.)
    `sitegen build` has this case (cli._after_switch: exit 0, said so); deploy has not. Old releases
    are put where prune deletes them, so the window after the switch is wide enough to stop in."""
    dest = tmp_path / "www" / "news"
    assert deploy(site, str(dest), "-q") == 0
    old = published(dest)
    before = folder.entry_of(dest)
    for n in range(2):   # releases a prune deletes after the switch (as an older sitegen left them)
        stale = folder.releases_of(dest) / f"2000010{n + 1}T000000.000000000-0000000{n}"
        for i in range(120):
            (stale / f"d{i}").mkdir(parents=True)
            for j in range(100):
                (stale / f"d{i}" / f"f{j}.html").write_bytes(b"")
    change_site(site)
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    proc = sitegen_run(site, str(dest), "--no-build", "-q")
    deadline = time.monotonic() + 60
    while folder.entry_of(dest) == before and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    assert proc.poll() is None, "the deploy ended before it could be stopped after its switch"
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert published(dest) != old   # the new release is live
    assert proc.returncode == 0, (proc.returncode, out, err)
    assert f"terminated after {dest} served the new site: it is published" in err, err
    assert out.startswith(f"deploy ok: ") and str(dest) in out, out   # the summary of what went live, said
    assert deploy(site, str(dest), "-q", "--no-build") == 0   # the next deploy prunes what the stop left
    assert len(list(folder.releases_of(dest).iterdir())) == 2


def stopped_in_a_push(site: Path, bare: Path, hook_name: str, tmp_path: Path) -> tuple[subprocess.Popen, str, str]:
    """A git deploy SIGTERMed while the remote runs `hook_name` (pre-receive: before the branch
    moves; post-receive: after), the hook holding the push open: (the process, stdout, stderr)."""
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    started, hook = tmp_path / "hook-started", bare / "hooks" / hook_name
    hook.write_text(f"#!/bin/sh\ncat > /dev/null\necho $$ > {started}.tmp\nmv {started}.tmp {started}\nexec sleep 30\n")
    hook.chmod(0o755)
    proc = sitegen_run(site, "--no-build")
    deadline = time.monotonic() + 60
    while not started.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert started.exists(), proc.communicate()
    proc.send_signal(signal.SIGTERM)
    try:
        out, err = proc.communicate(timeout=60)
    finally:
        end([int(started.read_text())])   # the remote's hook
        hook.unlink()
    return proc, out, err


def test_a_git_deploy_stopped_once_its_push_landed_says_it_is_published(git_site, tmp_path):
    """review49d 4, git: a SIGTERM while `git push` still ran, the branch already moved (the remote's
    post-receive hook holding it open), exited 143 'terminated', which --help says leaves the branch
    as it was. The branch is asked (ls-remote): it holds the new commit, so exit 0, said so."""
    site, bare = git_site
    proc, out, err = stopped_in_a_push(site, bare, "post-receive", tmp_path)
    assert proc.returncode == 0, (proc.returncode, out, err)
    assert "served the new site: it is published" in err, err
    assert out.startswith("deploy ok: ") and "commit " in out, out
    tip = git("--git-dir", str(bare), "rev-parse", "gh-pages").strip()
    assert f"commit {tip[:12]} pushed to gh-pages" in out, out


def test_a_git_deploy_stopped_before_its_branch_moved_says_terminated(git_site, tmp_path):
    """The neighbour: stopped while the remote's pre-receive hook holds the push, the branch never moves:
    exit 143 'terminated', nothing said published."""
    site, bare = git_site
    proc, out, err = stopped_in_a_push(site, bare, "pre-receive", tmp_path)
    assert proc.returncode == 143, (proc.returncode, out, err)
    assert "terminated" in err and "published" not in err and "deploy ok" not in out, (out, err)
    assert not git("--git-dir", str(bare), "branch", "--list", "gh-pages").strip()


def test_a_target_linked_to_a_folder_on_another_file_system_deploys_keeps_and_rolls_back_its_files(site, tmp_path,
                                                                                                     capsys):
    """review49d 5: /var/www/news -> /srv/data/news (a web root on a data disk, a symlink of the admin's):
    sitegen keeps the admin's files by hard-linking them into a release made beside the link
    (folder.make_release → _carry → _link_or_copy), and _link_or_copy copied only on PermissionError, so
    os.link's EXDEV (another file system) failed every deploy: 'could not write to DEST: [Errno 18] Invalid
    cross-device link: ...; fix the cause and deploy again', a cause the admin cannot fix. The same link
    kept a replaced file of theirs (keep_replaced) and carried a file put in the live site back into their
    folder on --rollback: each is a copy now, as for another user's file, and never over anything."""
    with small_tmpfs(tmp_path / "disk", "16m") as disk:
        theirs = disk / "news"
        theirs.mkdir()
        (theirs / "google1234.html").write_text("google-site-verification: google1234.html\n", encoding="utf-8")
        (theirs / "robots.txt").write_text("User-agent: *\nDisallow: /admin/\n", encoding="utf-8")
        dest = tmp_path / "www" / "news"
        dest.parent.mkdir()
        dest.symlink_to(theirs)
        assert os.stat(theirs).st_dev != os.stat(dest.parent).st_dev
        code = deploy(site, str(dest), "-q")
        err = capsys.readouterr().err
        assert code == 0, err
        assert (dest / "index.html").is_file() and dest.resolve().parent == folder.releases_of(dest)
        assert (dest / "google1234.html").read_text(encoding="utf-8").startswith("google-site-verification")
        kept = list(folder.replaced_of(dest).glob("*/robots.txt"))   # theirs, replaced by the site's: kept
        assert [p.read_text(encoding="utf-8") for p in kept] == ["User-agent: *\nDisallow: /admin/\n"]
        assert (theirs / "robots.txt").read_text(encoding="utf-8").endswith("/admin/\n")   # their folder untouched
        token = dest / ".well-known" / "acme-challenge" / "tok"   # put in the live site after the deploy
        token.parent.mkdir(parents=True)
        token.write_text("tok.abc\n", encoding="utf-8")
        code = deploy(site, str(dest), "--rollback")
        err = capsys.readouterr().err
        assert code == 0, err
        assert os.path.realpath(dest) == str(theirs)   # their folder served again, the token carried into it
        assert (theirs / ".well-known" / "acme-challenge" / "tok").read_text(encoding="utf-8") == "tok.abc\n"
        assert "Invalid cross-device link" not in err


def test_link_or_copy_copies_across_file_systems_and_never_over_a_file(tmp_path):
    """_link_or_copy's copy (EXDEV, EPERM) never writes over a path taken: os.link's EEXIST is raised
    as it is, the file there keeps its bytes."""
    with small_tmpfs(tmp_path / "disk", "2m") as disk:
        old = disk / "a.txt"
        old.write_text("theirs\n", encoding="utf-8")
        folder._link_or_copy(old, tmp_path / "a.txt")   # another file system: copied
        assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "theirs\n"
        assert os.stat(tmp_path / "a.txt").st_ino != os.stat(old).st_ino
        (tmp_path / "b.txt").write_text("mine\n", encoding="utf-8")
        with pytest.raises(FileExistsError):
            folder._link_or_copy(old, tmp_path / "b.txt")
        assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "mine\n"


def test_a_git_deploy_stopped_while_its_remote_hangs_ends_at_once(git_site, tmp_path):
    """rf49d 1: a SIGTERM during `git push` now asks the remote whether the branch moved (git ls-remote,
    fix49d), with no time limit, and a second SIGTERM is held: a remote that stopped answering (the
    network gone during the push, an ssh host that hangs) kept the stopped deploy waiting for as long as
    git waits (docker stop, a CI cancel: killed at last, nothing said). Before fix49d it ended at once,
    exit 143. Now asked for git_deploy.LANDED_WAIT s, then exit 143, saying the branch may have moved.
    The remote here is ssh (GIT_SSH_COMMAND) to the bare repository, hanging from the push on."""
    site, bare = git_site
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    mark, pids = tmp_path / "hung", tmp_path / "pids"
    ssh = tmp_path / "fake-ssh"
    ssh.write_text(f"#!/bin/sh\nshift\ncase \"$1\" in *receive-pack*) touch {mark};; esac\n"
                   f"if [ -e {mark} ]; then echo $$ >> {pids}; exec sleep 120; fi\nexec sh -c \"$1\"\n")
    ssh.chmod(0o755)
    config = (site / "site.toml").read_text(encoding="utf-8")
    (site / "site.toml").write_text(config.replace(bare.as_uri(), f"ssh://fake{bare}"), encoding="utf-8")
    env = {**os.environ, "GIT_SSH_COMMAND": str(ssh), "GIT_SSH_VARIANT": "simple"}
    proc = sitegen_run(site, "--no-build", env=env)
    try:
        deadline = time.monotonic() + 60
        while not mark.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert mark.exists(), proc.communicate()
        time.sleep(0.3)
        proc.send_signal(signal.SIGTERM)
        try:
            out, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGTERM)   # a second one, as systemd or a user would
            time.sleep(1)
            assert proc.poll() is not None, "still running 30 s after SIGTERM, and after a second one"
            raise
    finally:
        proc.kill()
        proc.communicate()
        end([int(p) for p in pids.read_text().split()] if pids.exists() else [])
    assert proc.returncode == 143, (proc.returncode, out, err)
    assert "it is published" not in err and "deploy ok" not in out, (out, err)
    assert "could not tell whether gh-pages holds the new commit" in err and "deploy again" in err, err
    assert not git("--git-dir", str(bare), "branch", "--list", "gh-pages").strip()


def test_a_rollback_killed_while_copying_a_file_across_file_systems_never_leaves_it_cut_short(site, tmp_path):
    """rf49d 2: _link_or_copy's copy (EXDEV since fix49d, EPERM before) wrote straight at its path, so a
    kill during the copy left the file cut short there. Here a --rollback to the admin's folder on another
    file system carries a token put in the live site into it, and is killed mid-copy (strace holds the
    copy's sendfile); the rollback run again finds the short file in the way, keeps the whole one aside,
    and serves the short one for good. The copy is made beside the path, then linked at it: whole or none."""
    require_tool("strace", "strace")
    with small_tmpfs(tmp_path / "disk", "16m") as disk:
        theirs = disk / "news"
        theirs.mkdir()
        (theirs / "google1234.html").write_text("google-site-verification: google1234.html\n", encoding="utf-8")
        dest = tmp_path / "www" / "news"
        dest.parent.mkdir()
        dest.symlink_to(theirs)
        assert deploy(site, str(dest), "-q") == 0
        token = dest / "big.bin"   # put in the live site after the deploy
        data = os.urandom(1 << 20)
        token.write_bytes(data)
        tracer = subprocess.Popen(["strace", "-f", "-o", "/dev/null", "-e", "trace=sendfile,copy_file_range",
                                   "-e", "inject=sendfile,copy_file_range:delay_enter=30000000",
                                   sys.executable, "-m", "sitegen.cli", "deploy", "--root", str(site), "--no-convert",
                                   str(dest), "--rollback"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 60
            while tracer.poll() is None and time.monotonic() < deadline and not any(
                    p.name != "google1234.html" for p in theirs.iterdir()):
                time.sleep(0.01)
            time.sleep(0.5)   # inside the held sendfile
            assert tracer.poll() is None, tracer.communicate()
            children = Path(f"/proc/{tracer.pid}/task/{tracer.pid}/children").read_text().split()
            for pid in children:
                os.kill(int(pid), signal.SIGKILL)
        finally:
            tracer.kill()
            tracer.wait()
        assert os.path.realpath(dest) != str(theirs)   # killed before the switch
        assert not (theirs / "big.bin").exists() or (theirs / "big.bin").read_bytes() == data
        assert deploy(site, str(dest), "--rollback") == 0
        assert os.path.realpath(dest) == str(theirs)
        assert (dest / "big.bin").read_bytes() == data   # served whole


def test_a_relative_link_of_the_admins_leading_out_of_the_target_still_leads_there_after_a_deploy(site, tmp_path, capsys):
    """The web root's own relative links (uploads -> ../uploads, the media kept beside it; a page's
    docs/report.pdf -> ../../uploads/report.pdf) were carried into each release as links, unchanged,
    and said kept; but a release sits one folder deeper (www/.news.releases/RELEASE/) than the web root
    did (www/news/), so each then led to www/.news.releases/uploads: nothing, every file under it a 404.
    Now re-pointed (review51b 2); one inside the web root and an absolute one keep their text, and a
    second deploy (release to release, side by side) keeps them leading there."""
    www = tmp_path / "www"
    (www / "uploads" / "2024").mkdir(parents=True)
    (www / "uploads" / "2024" / "report.pdf").write_bytes(b"%PDF-1.4 the council's report\n")
    dest = www / "news"
    (dest / "docs").mkdir(parents=True)
    (dest / "uploads").symlink_to("../uploads")
    (dest / "docs" / "report.pdf").symlink_to("../../uploads/2024/report.pdf")
    (dest / "latest.pdf").symlink_to("docs/report.pdf")   # inside the web root: the same in the release
    (dest / "annual.pdf").symlink_to(www / "uploads" / "2024" / "report.pdf")   # absolute: as it is
    served = {rel: (dest / rel).read_bytes()
              for rel in ("uploads/2024/report.pdf", "docs/report.pdf", "latest.pdf", "annual.pdf")}
    assert deploy(site, str(dest)) == 0
    assert "were kept: annual.pdf, docs/report.pdf, latest.pdf, uploads" in capsys.readouterr().out
    assert {rel: (dest / rel).read_bytes() if (dest / rel).exists() else None for rel in served} == served
    assert os.readlink(dest / "latest.pdf") == "docs/report.pdf"
    assert os.readlink(dest / "annual.pdf") == str(www / "uploads" / "2024" / "report.pdf")
    assert os.readlink(dest / "uploads") == "../../uploads"
    first = os.path.realpath(dest)
    edit_an_article(site, 1)
    assert deploy(site, str(dest)) == 0
    assert os.path.realpath(dest) != first, "a second release made"
    assert {rel: (dest / rel).read_bytes() if (dest / rel).exists() else None for rel in served} == served
    assert os.readlink(dest / "uploads") == "../../uploads"


def test_a_relative_link_in_the_folder_the_admins_link_names_still_leads_there_after_a_deploy(site, tmp_path):
    """The web root a link of the admin's to a folder elsewhere (www/news -> ../data/site): a relative link
    in that folder (media -> ../media, data/media) was carried as it was into a release beside www/news,
    where it led to www/.news.releases/media."""
    data = tmp_path / "data"
    (data / "media").mkdir(parents=True)
    (data / "media" / "map.png").write_bytes(b"\x89PNG the flood map")
    (data / "site").mkdir()
    (data / "site" / "media").symlink_to("../media")
    (tmp_path / "www").mkdir()
    dest = tmp_path / "www" / "news"
    dest.symlink_to("../data/site")
    assert deploy(site, str(dest)) == 0
    assert (dest / "media" / "map.png").read_bytes() == b"\x89PNG the flood map"
    assert os.path.realpath(dest / "media") == str(data / "media")


def test_a_rollback_to_the_admins_link_takes_the_links_sitegen_re_pointed_for_theirs(site, tmp_path, capsys):
    """A deploy re-points the admin's relative links in each release (media -> ../media, data/media, reads
    ../../../data/media there); a rollback to their own link (www/news -> ../data/site) compared the
    release's link with theirs by text, called it a file of the admin's the folder rolled back to has its
    own of, warned that it "will not be served" and kept a copy aside in .news.replaced/ (rf51e 1). It is
    the same link: said nothing, kept nothing; one the admin added since, leading elsewhere, still is."""
    data = tmp_path / "data"
    (data / "media").mkdir(parents=True)
    (data / "media" / "map.png").write_bytes(b"\x89PNG the flood map")
    (data / "site" / "docs").mkdir(parents=True)
    (data / "site" / "docs" / "report.pdf").write_bytes(b"%PDF-1.4 report")
    (data / "site" / "media").symlink_to("../media")
    (data / "site" / "latest.pdf").symlink_to("../site/docs/report.pdf")   # out and back in: re-pointed too
    (data / "site" / "old.pdf").symlink_to("../media/map.png")
    (tmp_path / "www").mkdir()
    dest = tmp_path / "www" / "news"
    dest.symlink_to("../data/site")
    assert deploy(site, str(dest)) == 0
    assert os.readlink(dest / "latest.pdf") == "docs/report.pdf"
    os.unlink(dest / "old.pdf")
    (dest / "old.pdf").symlink_to("docs/report.pdf")   # the admin's own, in the live release: leads elsewhere
    capsys.readouterr()
    assert deploy(site, str(dest), "--rollback") == 0
    err = capsys.readouterr().err
    assert os.path.realpath(dest) == str(data / "site")
    assert (dest / "media" / "map.png").read_bytes() == b"\x89PNG the flood map"
    assert "media" not in err and "latest.pdf" not in err, err
    assert "old.pdf" in err and "will not be served" in err, err
    kept = [p.relative_to(tmp_path / "www" / ".news.replaced").as_posix()
            for p in (tmp_path / "www" / ".news.replaced").rglob("*") if p.is_symlink()]
    assert [k.split("/", 1)[1] for k in kept] == ["old.pdf"], kept


def test_a_rollback_to_the_admins_own_folder_serves_its_relative_links(site, tmp_path, capsys):
    """fix51b's Left: the first deploy exchanges the web root folder www/news into
    www/.news.releases/STAMP+before-sitegen; its `uploads -> ../uploads` then leads to
    www/.news.releases/uploads, and `--rollback` serves that: every upload a 404."""
    www = tmp_path / "www"
    (www / "uploads").mkdir(parents=True)
    (www / "uploads" / "report.pdf").write_bytes(b"%PDF-1.4 report")
    dest = www / "news"
    dest.mkdir()
    (dest / "uploads").symlink_to("../uploads")
    assert deploy(site, str(dest)) == 0
    assert (dest / "uploads" / "report.pdf").read_bytes() == b"%PDF-1.4 report"
    capsys.readouterr()
    assert deploy(site, str(dest), "--rollback") == 0
    assert (dest / "uploads" / "report.pdf").exists()
    err = capsys.readouterr().err
    assert "will not be served" not in err and not (www / ".news.replaced").exists(), err   # its link is served
    # rr52c 2: the rollback exchanges their folder back to dest, as it was (its link's text unchanged),
    # and leaves no link leading nowhere among the releases
    assert dest.is_dir() and not dest.is_symlink() and os.readlink(dest / "uploads") == "../uploads"
    releases = www / ".news.releases"
    assert all(p.exists() for p in releases.iterdir()), sorted(os.listdir(releases))
    assert not [p for p in releases.iterdir() if "before-sitegen" in p.name]
    # deployed to again (a first deploy once more) and rolled back again: the uploads served each time
    change_site(site)
    assert deploy(site, str(dest)) == 0
    assert dest.is_symlink() and (dest / "uploads" / "report.pdf").read_bytes() == b"%PDF-1.4 report"
    assert deploy(site, str(dest), "--rollback") == 0
    assert not dest.is_symlink() and (dest / "uploads" / "report.pdf").read_bytes() == b"%PDF-1.4 report"


def test_rr52c_a_relative_link_put_in_the_admins_folder_as_a_first_deploy_switches_leads_there(site, tmp_path,
                                                                                               monkeypatch):
    """rr52c 3: a link put in the admin's real folder at the first deploy's very switch is carried by the
    second reading, after the switch, from the folder as moved a folder deeper into .news.releases/; its
    `../uploads/new.pdf`, read from there, led to .news.releases/uploads/new.pdf and was carried as it
    was: a 404 in the new release. It is read from where it was written, dest."""
    www = tmp_path / "www"
    (www / "uploads").mkdir(parents=True)
    (www / "uploads" / "new.pdf").write_bytes(b"%PDF-1.4 new")
    dest = www / "news"
    dest.mkdir()
    (dest / "index.html").write_text("the old site")
    real_switch = folder.switch

    def upload_then_switch(dest_, release):
        if not dest_.is_symlink():   # the admin's folder: the CMS links the upload in as it is switched
            (dest_ / "new.pdf").symlink_to("../uploads/new.pdf")
        return real_switch(dest_, release)
    monkeypatch.setattr(folder, "switch", upload_then_switch)
    assert deploy(site, str(dest)) == 0
    assert dest.is_symlink() and (dest / "new.pdf").read_bytes() == b"%PDF-1.4 new"


def test_rr52c_a_rollback_to_a_read_only_folder_of_the_admins_puts_it_back_with_its_mode(site, tmp_path):
    """rr52c 2, beside rf51e 2: moving their 0555 folder back to dest rewrites its '..', which needs
    u+w: the deployer (its owner, without root's override) adds it and gives the folder its mode back."""
    www = tmp_path / "www"
    (www / "uploads").mkdir(parents=True)
    (www / "uploads" / "report.pdf").write_bytes(b"%PDF-1.4 report")
    dest = www / "news"
    dest.mkdir()
    (dest / "uploads").symlink_to("../uploads")
    (dest / "index.html").write_text("the old site")
    dest.chmod(0o555)
    done = as_deployer(site, dest)
    assert done.returncode == 0, done.stderr
    done = as_deployer(site, dest, "--rollback")
    assert done.returncode == 0, done.stderr
    assert (dest / "uploads" / "report.pdf").read_bytes() == b"%PDF-1.4 report"
    assert (dest / "index.html").read_text() == "the old site"
    assert not dest.is_symlink() and stat.S_IMODE(dest.stat().st_mode) == 0o555


@pytest.mark.unbuilt   # refused before anything is built
@pytest.mark.parametrize("where", ["root", "root/news"])
def test_refuses_the_root_folder_the_build_publishes_as_is(site, capsys, where):
    """content/, static/, templates/ are refused as targets ('would mix the site with its sources'); root/,
    whose files every build copies into public/ as they are, is not: `sitegen deploy root/news` makes
    root/news a link to a release, the next build copies that whole site into public/news/, the next
    deploy publishes it at /news/ (and /news/news/ the time after: 40 more files each deploy)."""
    (site / "root").mkdir(exist_ok=True)
    assert deploy(site, str(site / where)) == 2
    err = capsys.readouterr().err
    assert "error: target" in err and "mix the site with its sources" in err, err
    assert not (site / where).is_symlink() and not (site / "public").exists(), "refused before building"


def _dangling_web_root(tmp_path: Path) -> Path:
    """The admin's web root, a link to a data disk not mounted at the moment (/mnt/data/news: nothing there)."""
    (tmp_path / "www").mkdir()
    dest = tmp_path / "www" / "news"
    dest.symlink_to(tmp_path / "mnt" / "data" / "news")
    return dest


def test_a_web_root_linked_to_nothing_is_warned_of_even_quiet(site, tmp_path, capsys):
    """Cron's `sitegen deploy -q` (README's recipe) while the data disk the web root links to is not
    mounted (boot order, an NFS server down): the admin's link is pointed at a release on this disk and
    only a note says so, dropped by -q; once the disk is back the web root no longer serves it, every
    other server reading that disk serves the old site, and no one was told. What asks for the admin's
    hand is a warning (said under -q), as the typo'd parent folder's is."""
    dest = _dangling_web_root(tmp_path)
    assert deploy(site, str(dest), "-q") == 0
    err = capsys.readouterr().err
    assert str(tmp_path / "mnt" / "data" / "news") in err and "where nothing is" in err, err
    assert err.startswith("warning:") and "--rollback" in err, err
    assert (dest / "index.html").is_file()   # deployed, as before: a warning, not a refusal


def test_a_rollback_to_the_admins_link_leading_nowhere_says_so(site, tmp_path, capsys):
    dest = _dangling_web_root(tmp_path)
    assert deploy(site, str(dest), "-q") == 0
    capsys.readouterr()
    for _ in range(2):   # 'run the rollback again' gives the same answer each time
        assert cli.main(["deploy", "--root", str(site), str(dest), "--rollback"]) == 1
        err = capsys.readouterr().err
        assert "deleted while the rollback ran" not in err and str(tmp_path / "mnt" / "data" / "news") in err, err
        assert "where nothing is" in err and os.path.realpath(dest) != str(tmp_path / "mnt" / "data" / "news")
    (tmp_path / "mnt" / "data" / "news").mkdir(parents=True)   # the disk mounted again: the way back works
    (tmp_path / "mnt" / "data" / "news" / "index.html").write_text("the site on the data disk")
    assert cli.main(["deploy", "--root", str(site), str(dest), "--rollback"]) == 0
    assert (dest / "index.html").read_text() == "the site on the data disk"


@pytest.mark.unbuilt   # refused before anything is built
@pytest.mark.parametrize("below", ["news", "a/news"])
def test_a_target_below_a_file_is_refused_as_a_bad_target_naming_the_file(site, tmp_path, capsys, below):
    """A typo'd target whose parent is a file (www/index.html/news, tab-completion's slip) failed after the
    build with 'you may not write in www/index.html, where sitegen makes each release ... Let your user
    write in www/index.html (its owner or a group you are in)' and exit 1 (for root too, who may write
    anywhere): it is a file, no folder; as 'target ... is a file, not a folder', exit 2, before building."""
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "index.html").write_text("their page")
    assert deploy(site, str(tmp_path / "www" / "index.html" / below)) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'www' / 'index.html'}, which is a file" in err and "may not write" not in err, err
    assert (tmp_path / "www" / "index.html").read_text() == "their page"
    assert not (site / "public").exists(), "refused before building"


def test_rr53b_a_rollback_stopped_inside_the_fallback_exchange_never_deletes_the_admins_folder(site, tmp_path,
                                                                                               monkeypatch):
    """rr53b 1: rr52c's put-back exchanges the admin's folder back to dest. Where renameat2 is missing
    (exchange()'s three renames) the folder waits, for a moment, among the releases, at
    .news.releases/.STAMP+before-sitegen.exchange-*: a stop there (Ctrl-C, a kill) left dest missing, and the next deploy's prune took
    the hidden folder for an old release and deleted it, the admin's whole site with it (their file lived
    on in the release the first deploy had carried it into, until the deploy after pruned that)."""
    from sitegen import write
    www = tmp_path / "www"
    dest = www / "news"
    dest.mkdir(parents=True)
    (dest / "index.html").write_text("the old site")
    (dest / "their-only-copy.pdf").write_bytes(b"%PDF-1.4 theirs")
    assert deploy(site, str(dest)) == 0
    monkeypatch.setattr(write, "_libc", lambda: None)   # a file system without renameat2
    real_rename = os.rename

    def stopped_before_the_last(a, b):   # Ctrl-C as the folder parked aside is about to go to dest
        if write.EXCHANGE_INFIX in os.fspath(a) and os.fspath(b) == str(dest):
            raise KeyboardInterrupt
        real_rename(a, b)
    monkeypatch.setattr(os, "rename", stopped_before_the_last)
    with pytest.raises(KeyboardInterrupt):
        folder.rollback(dest)
    monkeypatch.setattr(os, "rename", real_rename)
    monkeypatch.undo()
    # the next deploys: the admin's folder finished back at dest, then deployed over as a first deploy
    # (its file carried into the release); on main the first served no such file, the second deleted its last copy
    for step in range(2):
        assert deploy(site, str(dest)) == 0
        assert (dest / "their-only-copy.pdf").read_bytes() == b"%PDF-1.4 theirs", step
        if step == 0:
            change_site(site)
    assert not [p for p in (www / ".news.releases").iterdir() if write.EXCHANGE_INFIX in p.name]


def test_rr53d_a_rollback_to_a_read_only_folder_of_the_admins_without_renameat2_puts_it_back(site, tmp_path):
    """rr53d 1: where renameat2 is missing, exchange() does three renames, and the last (the admin's
    0555 folder parked among the releases, moved to dest) is the one that rewrites its '..': the
    deployer (its owner, without root's override) got EACCES there, with dest already missing and the
    folder hidden at .news.releases/.STAMP+before-sitegen.exchange-*. The rollback then said the release
    was gone, the site served nothing, and each later deploy's _finish_put_back failed on the same rename."""
    www = tmp_path / "www"
    dest = www / "news"
    dest.mkdir(parents=True)
    (dest / "index.html").write_text("the old site")
    dest.chmod(0o555)
    done = as_deployer(site, dest)
    assert done.returncode == 0, done.stderr
    no_renameat2 = ("import runpy, sys\nfrom sitegen import write\nwrite._libc = lambda: None\n"
                    "sys.argv = ['sitegen', *sys.argv[1:]]\nrunpy.run_module('sitegen.cli', run_name='__main__')\n")
    args = ["deploy", "--root", str(site), "--no-convert", "-q", "--rollback", str(dest)]
    done = subprocess.run(without_root_override([sys.executable, "-c", no_renameat2, *args]),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (dest / "index.html").read_text() == "the old site"
    assert not dest.is_symlink() and stat.S_IMODE(dest.stat().st_mode) == 0o555
    assert not [p for p in (www / ".news.releases").iterdir() if p.name.startswith(".")]


def test_rr53d_a_put_back_killed_before_its_last_rename_is_finished_for_a_read_only_folder_of_the_admins(
        site, tmp_path):
    """rr53d 1: what a kill leaves between exchange()'s last two renames (dest missing, the admin's
    0555 folder parked at .news.releases/.STAMP+before-sitegen.exchange-*, dest's old link at its
    name): rr53b's _finish_put_back renamed it to dest as the deployer, EACCES on its '..', and every
    later deploy failed on it with dest missing. It adds u+w for the move and gives the mode back."""
    www = tmp_path / "www"
    dest = www / "news"
    dest.mkdir(parents=True)
    (dest / "index.html").write_text("the old site")
    dest.chmod(0o555)
    done = as_deployer(site, dest)
    assert done.returncode == 0, done.stderr
    releases = www / ".news.releases"
    theirs = next(p for p in releases.iterdir() if "+before-sitegen" in p.name)
    parked = theirs.with_name(f".{theirs.name}.exchange-0123456789abcdef")
    theirs.rename(parked)   # the fallback's first two renames, as a kill between them and the last leaves them
    dest.rename(theirs)
    done = as_deployer(site, dest)
    assert done.returncode == 0, done.stderr
    assert (dest / "index.html").read_text() == (site / "public" / "index.html").read_text()
    kept = [p for p in releases.iterdir() if "+before-sitegen" in p.name and not p.is_symlink()]
    assert len(kept) == 1 and (kept[0] / "index.html").read_text() == "the old site", kept
    assert stat.S_IMODE(kept[0].stat().st_mode) == 0o555
    assert not [p for p in releases.iterdir() if p.name.startswith(".")]


def test_rr53d_a_first_deploy_onto_a_read_only_folder_without_renameat2_keeps_it_as_the_release_before(
        site, tmp_path):
    """rr53d 1, the first deploy's side: exchange()'s last rename moved the admin's 0555 folder from
    beside dest into the releases folder (EACCES on its '..' as the deployer), after dest had become the
    link: exit 1, 'the site there was left as it was', while the new site was served and their folder
    lay parked at www/.news.exchange-*. Now the renames are undone, u+w added, and the exchange done."""
    www = tmp_path / "www"
    dest = www / "news"
    dest.mkdir(parents=True)
    (dest / "index.html").write_text("the old site")
    dest.chmod(0o555)
    no_renameat2 = ("import runpy, sys\nfrom sitegen import write\nwrite._libc = lambda: None\n"
                    "sys.argv = ['sitegen', *sys.argv[1:]]\nrunpy.run_module('sitegen.cli', run_name='__main__')\n")
    args = ["deploy", "--root", str(site), "--no-convert", "-q", str(dest)]
    done = subprocess.run(without_root_override([sys.executable, "-c", no_renameat2, *args]),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert dest.is_symlink() and published(dest) == tree(site / "public")
    theirs = [p for p in (www / ".news.releases").iterdir() if "+before-sitegen" in p.name]
    assert len(theirs) == 1 and (theirs[0] / "index.html").read_text() == "the old site", theirs
    assert stat.S_IMODE(theirs[0].stat().st_mode) == 0o555
    assert not [p for p in www.iterdir() if p.name.startswith(".news.exchange")]


# review53c 1: the README's own first hour (`sitegen init news`, seeds dropped into seeds/, `sitegen
# deploy` with the real address) publishes init's sample story, "Welcome to your news site" ("This sample
# article shows the front matter an article can have. Edit it or delete it."), dated the moment of init so
# it leads the front page, and lists it in the feeds and the Google News sitemap, with no word. The import
# removes that sample for this very reason (importer.py: "else it led the site ... and went live with the
# next deploy"); deploy refuses init's other placeholder, base_url = 127.0.0.1, but not this one.
_REVIEW53C_SEED = """Local
Harbour ferry service suspended after engine fault
Passengers were asked to use the bus link while repairs are carried out.
By Tom Reiter
Published 3 July 2025, 11:05
The ferry between the old harbour and the island was taken out of service on Sunday after engineers found a fault in one of its two engines.
The operator said repairs could take up to a week. A replacement bus runs every 30 minutes from the harbour station.
"Safety comes first, and we apologise to everyone whose journey is longer this week," a spokesperson said.
Share this article
"""


def test_deploy_refuses_init_s_unedited_sample_story_as_it_refuses_init_s_base_url(tmp_path, capsys):
    root = tmp_path / "news"
    assert cli.main(["init", str(root)]) == 0
    (root / "seeds" / "ferry.txt").write_text(_REVIEW53C_SEED, encoding="utf-8")
    capsys.readouterr()
    dest = tmp_path / "www" / "news"
    deploy = ["deploy", "--root", str(root), str(dest), "--base-url", "https://daily.example.org/"]
    # refused before building, as a base_url on this computer is; no flag waives it (--force is --no-build's
    # waiver, --local-base-url the base_url's, rr53e 2): an edit makes the sample the editor's story
    for flags in ([], ["--dry-run"], ["--no-build"], ["--force"], ["--local-base-url"]):
        code = cli.main([*deploy, *flags])
        err = capsys.readouterr().err
        assert code == 2, (flags, err)
        assert ("error: content/welcome.md is `sitegen init`'s sample story, unedited: it would lead the published "
                "front page") in err, err
        assert "nothing was built or published. Delete content/welcome.md, or make it a story of your own" in err
        assert not dest.exists() and not (root / "public").exists()


def test_deploy_publishes_once_init_s_sample_is_edited_or_deleted(tmp_path, capsys):
    root = tmp_path / "news"
    assert cli.main(["init", str(root)]) == 0
    (root / "seeds" / "ferry.txt").write_text(_REVIEW53C_SEED, encoding="utf-8")
    sample = root / "content" / "welcome.md"
    sample.write_text(sample.read_text(encoding="utf-8").replace("Edit it or delete it.", "Our first day."),
                      encoding="utf-8")   # an edited sample is the editor's story: published, no word
    dest = tmp_path / "www" / "news"
    deploy = ["deploy", "--root", str(root), str(dest), "--base-url", "https://daily.example.org/"]
    capsys.readouterr()
    assert cli.main(deploy) == 0
    assert "welcome.md" not in capsys.readouterr().err
    sample.unlink()
    assert cli.main(deploy) == 0
    feed = (dest / "feed.xml").read_text(encoding="utf-8")
    assert "Welcome to your news site" not in feed and "Harbour ferry service suspended" in feed


@pytest.mark.unbuilt   # the record of the last build
def test_a_kiosk_sites_deploy_keeps_the_no_build_check_of_a_retracted_story(site, tmp_path, capsys):
    # rr53e 2: left53 made --force let a base_url on this computer through, and --force already waived
    # --no-build's check of a failed or stale build: a kiosk's deploy (localhost by right) needed --force on
    # every run, so `deploy --no-build --force` published a story retracted since the last build, exit 0,
    # no word. The base_url's waiver is a flag of its own: --local-base-url.
    toml = site / "site.toml"
    toml.write_text(toml.read_text().replace('base_url = "https://example.org/"', 'base_url = "http://localhost/"'))
    dest = tmp_path / "www"
    assert deploy(site, str(dest), "--local-base-url") == 0
    assert "warning: base_url is http://localhost/: every link" in capsys.readouterr().err
    page = next(rel for rel in published(dest) if "winter-solstice" in rel and rel.endswith("index.html"))
    (site / "content" / "winter-solstice.md").unlink()   # retracted
    capsys.readouterr()
    assert deploy(site, str(dest), "--no-build", "--local-base-url") == 1
    assert "changed after public/ was last built" in capsys.readouterr().err
    assert (dest / page).is_file()   # still live only because the deploy was refused
    assert deploy(site, str(dest), "--no-build", "--force") == 2   # --force alone waives no base_url
    assert "or pass --local-base-url to publish it for this computer" in capsys.readouterr().err
    assert deploy(site, str(dest), "--local-base-url") == 0 and not (dest / page).exists()   # built, then published


def test_a_target_in_the_sites_own_folders_from_the_config_file_is_refused_naming_its_line(site, tmp_path, capsys):
    """`[deploy] target = "public/live"` (or ".", "content", a link into public/) was refused, exit 2,
    but the error showed only the resolved path: nothing said it came from the config file, nor which
    line to change (the user ran a bare `sitegen deploy`). It now names the file, line and key, for a
    deploy, its dry run and a rollback; nothing is made there."""
    (site / "pub").symlink_to("public")
    toml = site / "site.toml"
    original = toml.read_text(encoding="utf-8")
    line = original.count("\n") + 3
    for target, why in (("public/live", "is inside the build output"), (".", "is the project folder"),
                        ("content", "site's content folder"), ("content/live", "site's content folder"),
                        ("seeds/x", "site's seeds folder"), ("templates", "site's templates folder"),
                        (".sitegen/live", "site's cache folder"), ("pub/live", "is inside the build output"),
                        ("public/nächste", "is inside the build output")):   # rr55e 4: as written, not \u00e4
        toml.write_text(f'{original}\n[deploy]\ntarget = "{target}"\n', encoding="utf-8")
        for extra in (("--dry-run",), (), ("--rollback",)):
            assert deploy(site, *extra) == 2, (target, extra)
            err = capsys.readouterr().err
            assert why in err and f'(site.toml:{line}: [deploy] target = "{target}": change it there' in err, err
    assert not list(site.rglob(".*.releases")) and not (site / "public/live").exists()
    assert deploy(site, str(site / "public/live")) == 2   # given on the command line: no config line named
    assert "site.toml" not in capsys.readouterr().err


def _put_back_killed_before_its_last_rename(site: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A first deploy onto the admin's 0555 folder www/news, then a `--rollback` without renameat2
    killed (-9) just before it moves the u+w folder, parked among the releases, back to dest."""
    www = tmp_path / "www"
    dest = www / "news"
    dest.mkdir(parents=True)
    (dest / "index.html").write_text("the old site")
    dest.chmod(0o555)
    done = as_deployer(site, dest)
    assert done.returncode == 0, done.stderr
    killed_there = ("import os, runpy, signal, sys\nfrom sitegen import write\nwrite._libc = lambda: None\n"
                    "rename = os.rename\n"
                    "def dying(a, b):\n"
                    "    if write.EXCHANGE_INFIX in os.fspath(a) and os.fspath(b) == sys.argv[-1] \\\n"
                    "            and os.stat(a).st_mode & 0o200:\n"
                    "        os.kill(os.getpid(), signal.SIGKILL)\n"
                    "    rename(a, b)\n"
                    "os.rename = dying\n"
                    "sys.argv = ['sitegen', *sys.argv[1:]]\nrunpy.run_module('sitegen.cli', run_name='__main__')\n")
    args = ["deploy", "--root", str(site), "--no-convert", "--rollback", str(dest)]
    done = subprocess.run(without_root_override([sys.executable, "-c", killed_there, *args]),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert not os.path.lexists(dest)   # the state the kill left: dest missing, the folder parked, u+w
    parked = [p for p in (www / ".news.releases").iterdir() if ".exchange-" in p.name]
    assert len(parked) == 1 and stat.S_IMODE(parked[0].stat().st_mode) == 0o755, parked
    return www, dest


def test_a_put_back_killed_after_its_read_only_folder_was_made_writable_gets_its_mode_and_the_rollback_done(
        site, tmp_path):
    """left53's Left (rr53d): a rollback to the admin's 0555 folder without renameat2 adds u+w for the
    move (its '..' is rewritten) and gives the mode back after. Killed in between (here: kill -9 just
    before the last rename), the folder stayed 0755 for good: rr53d's _finish_put_back moved it with
    the u+w it had. And the `--rollback` run again then said "no earlier release to roll back to",
    exit 1, with the rollback it asked for in fact done by that run. Now the mode is written beside the
    releases before the chmod and given back by the next run, and that rollback says it is done."""
    www, dest = _put_back_killed_before_its_last_rename(site, tmp_path)
    done = as_deployer(site, dest, "--rollback")
    assert done.returncode == 0, done.stderr
    assert (dest / "index.html").read_text() == "the old site" and not dest.is_symlink()
    assert stat.S_IMODE(dest.stat().st_mode) == 0o555
    assert not [p for p in (www / ".news.releases").iterdir() if p.name.startswith(".")]
    done = as_deployer(site, dest, "--rollback")   # nothing before the admin's own folder: said as such
    assert done.returncode == 1 and "it is a folder of its own again" in done.stderr, done.stderr
    assert stat.S_IMODE(dest.stat().st_mode) == 0o555
    done = as_deployer(site, dest)   # a first deploy again, the folder kept as the release before
    assert done.returncode == 0, done.stderr
    theirs = [p for p in (www / ".news.releases").iterdir() if "+before-sitegen" in p.name and not p.is_symlink()]
    assert len(theirs) == 1 and stat.S_IMODE(theirs[0].stat().st_mode) == 0o555, theirs


def test_a_rollback_dry_run_after_a_stopped_put_back_says_what_the_rollback_would_do(site, tmp_path):
    """After a put-back killed before its last rename, `--rollback` finishes it and says so (left54a 3),
    but `--rollback --dry-run` said "no earlier release to roll back to", exit 1: not what the real
    one does. It says that release would be served again, exit 0, and changes nothing."""
    www, dest = _put_back_killed_before_its_last_rename(site, tmp_path)
    before = sorted(p.name for p in (www / ".news.releases").iterdir())
    done = as_deployer(site, dest, "--rollback", "--dry-run")
    assert done.returncode == 0, done.stderr
    theirs = [n for n in before if n.endswith("+before-sitegen")]
    assert len(theirs) == 1 and f"would serve release {theirs[0]} again" in done.stdout + done.stderr, done
    assert not os.path.lexists(dest) and sorted(p.name for p in (www / ".news.releases").iterdir()) == before
    done = as_deployer(site, dest, "--rollback")
    assert done.returncode == 0, done.stderr
    assert (dest / "index.html").read_text() == "the old site" and stat.S_IMODE(dest.stat().st_mode) == 0o555


def test_a_first_deploy_killed_after_a_read_only_folder_was_made_writable_gives_its_mode_back_next_time(
        site, tmp_path):
    """A first deploy onto the admin's 0555 folder moves it among the releases, with u+w for the move
    (its '..' is rewritten), and gives the mode back after. Killed in between (no renameat2, kill -9
    just after the move), the folder kept among the releases stayed 0755 for good, and so did dest
    after a rollback to it: the window left54a closed for the put-back. The next deploy gives it back."""
    www = tmp_path / "www"
    dest = www / "news"
    dest.mkdir(parents=True)
    (dest / "index.html").write_text("the old site")
    dest.chmod(0o555)
    killed_after = ("import os, runpy, signal, sys\nfrom sitegen import write\nwrite._libc = lambda: None\n"
                    "rename = os.rename\n"
                    "def dying(a, b):\n"
                    "    rename(a, b)\n"
                    "    if write.EXCHANGE_INFIX in os.fspath(a) and '+before-sitegen' in os.fspath(b) \\\n"
                    "            and os.path.isdir(b) and os.stat(b).st_mode & 0o200:\n"
                    "        os.kill(os.getpid(), signal.SIGKILL)\n"
                    "os.rename = dying\n"
                    "sys.argv = ['sitegen', *sys.argv[1:]]\nrunpy.run_module('sitegen.cli', run_name='__main__')\n")
    args = ["deploy", "--root", str(site), "--no-convert", "-q", str(dest)]
    done = subprocess.run(without_root_override([sys.executable, "-c", killed_after, *args]),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    theirs = [p for p in (www / ".news.releases").iterdir() if p.name.endswith("+before-sitegen")]
    assert len(theirs) == 1 and stat.S_IMODE(theirs[0].stat().st_mode) == 0o755, theirs   # the kill's state
    done = as_deployer(site, dest)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(theirs[0].stat().st_mode) == 0o555
    assert not [p for p in (www / ".news.releases").iterdir() if p.name.startswith(".")]
    done = as_deployer(site, dest, "--rollback")
    assert done.returncode == 0, done.stderr
    assert (dest / "index.html").read_text() == "the old site" and stat.S_IMODE(dest.stat().st_mode) == 0o555
