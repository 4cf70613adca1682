"""write.py: nothing lands outside public/, unchanged bytes are not rewritten, stale files go."""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import signal
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from sitegen.write import RECORD, Stage, WriteError, build_began, built_for, published_previews, safe_join


@pytest.mark.parametrize("rel", ["../x.html", "a/../../x.html", "/etc/passwd", "a//b.html", "./a.html", "a\0b"])
def test_paths_that_leave_the_folder_are_refused(tmp_path, rel):
    with pytest.raises(WriteError, match="refusing to write"):
        safe_join(tmp_path / "public", rel)


@pytest.mark.parametrize("rel", ["../x.html", "a/../../x.html", "/etc/passwd", "a\0b"])
@pytest.mark.parametrize("first", [True, False])
def test_a_stage_refuses_those_paths_on_a_first_build_too(tmp_path, rel, first):
    """A first build skips looking at the output (there is none), not the path's checks."""
    public = tmp_path / "site" / "public"
    if not first:
        public.mkdir(parents=True)
    with pytest.raises(WriteError, match="refusing to write"):
        Stage(public).put(rel, b"x")
    assert sorted(p.name for p in tmp_path.rglob("x.html")) == []


def test_a_first_build_stages_pages_in_new_folders_at_any_depth(tmp_path):
    public = tmp_path / "public"
    stage = Stage(public)
    for rel in ("2025/01/a/index.html", "2025/01/b/index.html", "2025/02/a/index.html", "index.html"):
        assert stage.put(rel, rel.encode()) == (len(rel), os.stat(stage.path / rel).st_mtime_ns)
    assert (stage.path / "2025/02/a/index.html").read_bytes() == b"2025/02/a/index.html"


def test_a_symlink_inside_the_output_pointing_out_is_refused(tmp_path):
    public, outside = tmp_path / "public", tmp_path / "outside"
    public.mkdir()
    outside.mkdir()
    (public / "escape").symlink_to(outside)
    with pytest.raises(WriteError, match="symlink"):
        Stage(public).put("escape/x.html", b"x")
    assert list(outside.iterdir()) == []


def test_identical_bytes_are_not_staged_and_changed_ones_are(tmp_path):
    public = tmp_path / "public"
    (public / "a").mkdir(parents=True)
    (public / "a/index.html").write_bytes(b"same")
    stage = Stage(public)
    assert stage.put("a/index.html", b"same") is None
    size, mtime = stage.put("b/index.html", b"new")
    assert size == 3 and os.stat(stage.path / "b/index.html").st_mtime_ns == mtime
    stage.staged = ["b/index.html"]
    stage.apply(stale=set())
    assert (public / "b/index.html").read_bytes() == b"new"
    assert not stage.path.exists()


def test_apply_removes_stale_files_and_their_empty_folders(tmp_path):
    public = tmp_path / "public"
    (public / "old/deep").mkdir(parents=True)
    (public / "old/deep/index.html").write_bytes(b"gone")
    (public / "keep.html").write_bytes(b"kept")
    stage = Stage(public)
    stage.apply(stale={"old/deep/index.html"})
    assert not (public / "old").exists()
    assert (public / "keep.html").read_bytes() == b"kept"


def _replace(root: Path, rel: str, data: str) -> None:
    """root/rel written, whatever file or folder was at it or at one of its folders."""
    path = root / rel
    for folder in reversed(path.relative_to(root).parents):
        if (root / folder).is_file():
            (root / folder).unlink()
    if path.is_dir():
        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data)


def test_a_static_file_replaced_by_a_folder_of_its_name_and_back_builds_as_a_clean_build(tmp_path):
    """review48f 1: the staged files moved into the spare before the stale ones left it, so a new
    static/img/x.css found the old output static/img a file there, and every build after failed with
    '.sitegen/public.spare/static/img: File exists' (a path the user never sees) until .sitegen/ was
    deleted. Every step, also those that only link the last build's changes, equals a clean build."""
    from builders import build, tree
    root = _site(tmp_path)
    story = root / "content/year-review.md"
    for n, (rel, data) in enumerate([("static/img", "a{}"), ("static/img/x.css", "b{}"), ("", ""),
                                     ("static/img", "c{}"), ("", ""), ("static/img/x.css", "d{}")]):
        if rel:
            _replace(root, rel, data)
        else:
            story.write_text(story.read_text() + f"\nEdit {n}.\n")
        result = build(root)
        assert result.ok, (n, result.errors)
        assert tree(root / "public") == tree(_fresh_build(root, tmp_path / str(n))), n


def test_an_output_that_cannot_be_moved_in_is_named_in_public_with_what_to_do(tmp_path):
    """review48f 1: an OS error moving a staged file into the spare named the spare's path and gave no
    advice. Here a file the build does not say is stale is in the way of a new output's folder."""
    from sitegen.write import OutputError, read_record
    public = tmp_path / "public"
    _stage_build(public, {"a": b"file"})
    _stage_build(public, {"a": b"file", "b": b"x"})
    stage = Stage(public, public.parent / ".public.spare")
    stage.put("a/index.html", b"page")
    stage.staged = ["a/index.html"]
    token = read_record(public).token
    with pytest.raises(OutputError) as caught:
        stage.apply(stale=set(), owned={"a", "a/index.html"})
    said = str(caught.value)
    assert said.startswith(f"{public / 'a/index.html'}: could not be written (") and ".spare:" not in said
    assert "in the way" in said and "build again" in said
    assert read_record(public).token == token and (public / "a").read_bytes() == b"file"   # public/ as it was


def test_a_folder_that_loses_its_stale_file_and_gains_a_new_one_keeps_its_mode(tmp_path):
    """A folder whose old file goes and a new one comes (a static file's new fingerprint) must not be
    removed and made again in the spare: it lost the mode and group its owner gave it. The sync that
    links the last build's changes did so whenever it unlinked the old file before linking the new."""
    import stat
    public = tmp_path / "public"
    _stage_build(public, {"css/site.1.css": b"a"})
    _stage_build(public, {"css/site.1.css": b"a", "index.html": b"i"})
    (public / "css").chmod(0o2750)
    for n in range(2, 12):   # (before: the one build in two whose sync unlinked the old file first)
        _stage_build(public, {f"css/site.{n}.css": b"v%d" % n}, stale={f"css/site.{n - 1}.css"})
        assert os.listdir(public / "css") == [f"site.{n}.css"]
        assert stat.S_IMODE(os.stat(public / "css").st_mode) == 0o2750, n


@pytest.mark.parametrize("first, then", [("s/img", "s/img/x.css"), ("s/img/x.css", "s/img")])
def test_the_spare_links_a_file_become_a_folder_and_the_reverse_and_equals_public(tmp_path, first, then):
    """review48f: sync_spare linking the last build's changes failed on static/img become
    static/img/x.css ('File exists', or a copy of the folder tried); the build lived only because its
    child's failure left the spare to be compared whole, and an idle watcher's catch-up raised."""
    from builders import tree
    from sitegen.write import read_record, sync_spare
    public, spare = tmp_path / "public", tmp_path / ".public.spare"
    _stage_build(public, {first: b"a", "i": b"1"})
    _stage_build(public, {first: b"a", "i": b"2"})
    _stage_build(public, {then: b"b", "i": b"2"}, stale={first})
    found, known, linked = sync_spare(public, spare, read_record(public, raw_dirs=True))
    assert known is not None and linked == {first, then}   # the changes linked, not a whole copy
    assert tree(spare) == tree(public) and _same_files(public, spare)


def test_the_record_says_which_base_url_the_output_was_built_for(tmp_path):
    # review45e 4: serve answers from the last preview during its first build, and must know the
    # address that preview's links name (the last serve's port). First build, a later one, and one
    # that does not say (the deferred search index's): kept as the record says
    public = tmp_path / "public"
    assert built_for(public) == ""
    for base in ("http://127.0.0.1:8126/", "http://127.0.0.1:8127/news/", None):
        stage = Stage(public)
        stage.put("index.html", f"<p>{base}".encode())
        stage.staged = ["index.html"]
        stage.apply(stale=set(), base=base)
        assert built_for(public) == (base or "http://127.0.0.1:8127/news/")


def test_the_record_says_what_a_drafts_or_future_build_published_and_a_later_plain_build_does_not(tmp_path):
    # review50d 2: serve answers from the last preview during its first build, and must know whether
    # that preview showed drafts or stories dated ahead that this serve leaves out; a record that
    # says nothing, or is not one, says none
    public = tmp_path / "public"
    assert published_previews(public) == ()
    for preview, said in ((("drafts", "future"), ("drafts", "future")), (("drafts",), ("drafts",)), ((), ())):
        stage = Stage(public)
        stage.put("index.html", f"<p>{preview}".encode())
        stage.staged = ["index.html"]
        stage.apply(set(), preview=preview)
        assert published_previews(public) == said
    (public / RECORD).write_bytes(b'["drafts"]\n')
    assert published_previews(public) == () and built_for(public) == ""


def test_the_record_says_when_its_build_began_and_a_rewrite_that_builds_nothing_keeps_it(tmp_path):
    # rf50c 2: serve's last_preview_withheld took the record's mtime for when the preview's stories
    # were read, and the idle search index rewrites the record (an apply without `began`) later on
    public = tmp_path / "public"
    assert build_began(public) == 0
    for began, said in ((1_000, 1_000), (2_000, 2_000), (None, 2_000)):   # (None: the index's apply)
        stage = Stage(public)
        stage.put("index.html", f"<p>{began}".encode())
        stage.staged = ["index.html"]
        stage.apply(set(), began=began)
        assert build_began(public) == said
    (public / RECORD).write_bytes(b'{"began": "soon"}\n')
    assert build_began(public) == 0


def test_first_build_becomes_public_in_one_rename_and_is_world_readable(tmp_path):
    public = tmp_path / "public"
    stage = Stage(public)
    stage.put("index.html", b"<!doctype html>")
    stage.staged = ["index.html"]
    stage.apply(stale=set())
    assert (public / "index.html").read_bytes() == b"<!doctype html>"
    assert os.stat(public).st_mode & 0o755 == 0o755  # a web server running as another user can read it


def _stage_build(public: Path, pages: dict[str, bytes], stale: set[str] = frozenset(),
                 meanwhile=lambda: None) -> set[str]:
    """One build of `pages` into `public` as a build makes it: the spare synced aside from the start,
    `meanwhile()` run once that sync is done, then the switch. Returns the files it found not sitegen's."""
    from sitegen.write import SpareSync
    spare = public.parent / f".{public.name}.spare"
    stage = Stage(public, spare, sync=SpareSync(public, spare) if public.exists() else None)
    stage.staged = [rel for rel, data in pages.items() if stage.put(rel, data) is not None]
    child = stage.sync.aside.pid if stage.sync is not None and stage.sync.aside is not None else 0
    while child and Path(f"/proc/{child}/stat").read_text().rpartition(")")[2].split()[0] != "Z":
        time.sleep(0.005)   # the sync's child done (not reaped: apply() reads its result)
    meanwhile()
    found = stage.apply(set(stale), set(pages))
    if stage.sync is not None:
        stage.sync.close()
    return found


def test_a_file_put_into_public_by_rename_during_a_build_stays_live(tmp_path):
    """rf46a: an upload by rename (rsync's and sftp's temporary file renamed over report.pdf) that came
    while a build ran, after its spare was synced, went into the folder the switch took out of use: the
    old report went live again, and a new file uploaded so waited in .sitegen/public.spare/ (a deploy
    meanwhile dropped it). Files not sitegen's that came since the sync are now put back after the
    switch; a stale page's folder the new build removes keeps a file dropped into it, not the page."""
    public = tmp_path / "public"
    pages = {"index.html": b"<p>1", "2025/a/index.html": b"<p>a", "2025/old/index.html": b"<p>old"}
    _stage_build(public, pages)
    (public / "report.pdf").write_text("version 1\n")
    pages["index.html"] = b"<p>2"
    _stage_build(public, pages)   # report.pdf found, recorded as not sitegen's

    def uploads() -> None:
        # 2025/'s last change a second back, as on a loaded machine: only 2025/old/ changes below (the
        # suite saw extra.txt lost when the build's own change to 2025/ was older than the clock's slack)
        past = time.time_ns() - 1_000_000_000
        os.utime(public / "2025", ns=(past, past))
        tmp = public / ".report.pdf.Xy12"
        tmp.write_text("version 2\n")
        os.rename(tmp, public / "report.pdf")
        (public / "new.pdf").write_text("new\n")
        (public / "2025/a/notes.txt").write_text("notes\n")
        (public / "uploads/2025").mkdir(parents=True)
        (public / "uploads/2025/x.pdf").write_text("x\n")
        (public / "2025/old/extra.txt").write_text("extra\n")
    del pages["2025/old/index.html"]
    pages["index.html"] = b"<p>3"
    _stage_build(public, pages, {"2025/old/index.html"}, uploads)
    want = {"report.pdf": "version 2\n", "new.pdf": "new\n", "2025/a/notes.txt": "notes\n",
            "uploads/2025/x.pdf": "x\n", "2025/old/extra.txt": "extra\n", "index.html": "<p>3"}
    for round in range(2):   # and the next build keeps them
        assert {rel: (public / rel).read_text() for rel in want} == want, round
        assert not (public / "2025/old/index.html").exists()
        pages["index.html"] = b"<p>4"
        _stage_build(public, pages)
        want["index.html"] = "<p>4"


def test_a_file_or_folder_deleted_from_public_during_a_build_stays_deleted(tmp_path):
    """rf46e 1: a file the user deleted from public/ while a build ran, after its spare was synced,
    came back with the switch (the spare held its link) and was named as kept: a withdrawn PDF
    republished, and deployed. Now a file not sitegen's that the switched-out folder lacks is taken
    out of the new one too, as is a folder deleted whole; one made in the new output after the switch stays."""
    public = tmp_path / "public"
    pages = {"index.html": b"<p>1", "downloads/index.html": b"<p>d"}
    _stage_build(public, pages)
    (public / "old.pdf").write_text("recorded\n")
    pages["index.html"] = b"<p>2"
    _stage_build(public, pages)   # old.pdf recorded as not sitegen's
    (public / "keep-me.txt").write_text("new\n")
    (public / "files/2025").mkdir(parents=True)
    (public / "files/2025/report.pdf").write_text("pdf\n")
    (public / "files/a.txt").write_text("a\n")
    (public / "downloads/x.pdf").write_text("x\n")
    (public / "stays.txt").write_text("stays\n")

    def deletes() -> None:
        shutil.rmtree(public / "files")
        for rel in ("old.pdf", "keep-me.txt", "downloads/x.pdf"):
            (public / rel).unlink()
        time.sleep(0.1)   # a deletion within the file system clock's slack of the switch is not told from a new file
    pages["index.html"] = b"<p>3"
    found = _stage_build(public, pages, meanwhile=deletes)
    gone = ["old.pdf", "keep-me.txt", "files", "downloads/x.pdf"]
    assert [rel for rel in gone if os.path.lexists(public / rel)] == []
    assert found == {"stays.txt"}
    assert (public / "index.html").read_bytes() == b"<p>3" and (public / "downloads/index.html").exists()
    pages["index.html"] = b"<p>4"
    _stage_build(public, pages)   # and the next build does not bring them back
    assert [rel for rel in gone if os.path.lexists(public / rel)] == [] and (public / "stays.txt").exists()


@pytest.mark.parametrize("theirs", ["a file for the build's folder", "a folder for the build's page",
                                    "a file for their own folder", "a folder for their own file"])
def test_a_file_or_folder_put_in_place_of_another_during_a_build_stays_live(tmp_path, theirs):
    """inc55 1: a user's file put where a folder was (a page's, or their own) while a build ran, after
    its spare was synced, or a folder where a file was: the switch moved it into the spare, the put-back's
    rename over the build's folder (or file) failed, and the next sync deleted it, said nowhere. Now the
    two are swapped: the user's entry live, the build's in the spare; the next build names the clash."""
    from sitegen.write import ClashError
    public = tmp_path / "public"
    pages = {"index.html": b"<p>1", "2025/a/index.html": b"<p>a", "2025/b/index.html": b"<p>b"}
    _stage_build(public, pages)
    (public / "mine/notes").mkdir(parents=True)
    (public / "mine/notes/n.txt").write_text("old notes\n")
    (public / "mine/list.txt").write_text("old list\n")
    pages["index.html"] = b"<p>2"
    _stage_build(public, pages)   # mine/ recorded as not sitegen's
    at, data = {"a file for the build's folder": ("2025/a", "a file\n"),
                "a folder for the build's page": ("2025/b/index.html", None),
                "a file for their own folder": ("mine/notes", "now a file\n"),
                "a folder for their own file": ("mine/list.txt", None)}[theirs]

    def replaces() -> None:
        path = public / at
        shutil.rmtree(path) if path.is_dir() else path.unlink()
        if data is None:
            path.mkdir()
            (path / "u.txt").write_text("in a folder\n")
        else:
            path.write_text(data)
    pages["index.html"] = b"<p>3"
    _stage_build(public, pages, meanwhile=replaces)
    mine = (public / at).read_text() if data is not None else (public / at / "u.txt").read_text()
    assert mine == (data or "in a folder\n")
    assert (public / "index.html").read_bytes() == b"<p>3"
    pages["index.html"] = b"<p>4"
    if theirs.endswith("the build's folder") or theirs.endswith("the build's page"):
        with pytest.raises(ClashError, match=re.escape(str(public / at))):
            _stage_build(public, pages)   # named as a file put there by hand: nothing switched
        assert (public / "index.html").read_bytes() == b"<p>3"
        path = public / at
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    _stage_build(public, pages)
    assert (public / "index.html").read_bytes() == b"<p>4"
    assert all((public / rel).read_bytes() == page for rel, page in pages.items())
    if not theirs.endswith(("the build's folder", "the build's page")):
        assert ((public / at).read_text() if data is not None else (public / at / "u.txt").read_text()) \
            == (data or "in a folder\n")


def test_a_file_made_in_the_new_output_after_the_switch_is_not_taken_for_a_deleted_one(tmp_path):
    """The other side of rf46e 1: only an inode unchanged since the switch is the one the sync linked."""
    from sitegen.write import _deleted
    old, live = tmp_path / "old", tmp_path / "live"
    for folder in (old, live / "up"):
        folder.mkdir(parents=True)
    (live / "up/after.pdf").write_text("after\n")
    (live / "own.html").write_text("ours\n")
    assert _deleted(old, live, [""], {"own.html"}, time.time_ns() - 10**9) == set()
    assert (live / "up/after.pdf").exists() and (live / "own.html").exists()
    assert _deleted(old, live, [""], {"own.html"}, time.time_ns() + 10**9) == {"up/after.pdf"}
    assert sorted(p.name for p in live.iterdir()) == ["own.html"]


def test_a_symlink_deeper_in_the_output_pointing_out_is_refused_even_after_its_parent_was_seen(tmp_path):
    public, outside = tmp_path / "public", tmp_path / "outside"
    (public / "2025/01").mkdir(parents=True)
    outside.mkdir()
    (public / "2025/01/escape").symlink_to(outside)
    (public / "2025/02").symlink_to(public / "2025/01")   # a symlink that stays inside is fine
    checked: set[str] = set()
    assert safe_join(public, "2025/01/ok/index.html", checked) == public / "2025/01/ok/index.html"
    assert safe_join(public, "2025/02/ok/index.html", checked)
    with pytest.raises(WriteError, match="symlink"):
        safe_join(public, "2025/01/escape/index.html", checked)
    assert not list(outside.iterdir())


def test_a_symlink_to_a_sibling_whose_name_starts_with_the_outputs_is_outside(tmp_path):
    """'/x/public-old' starts with '/x/public' but is outside it: the check's separator was untested
    (review45i's mutation w_inside, a bare startswith, passed the file), and a newsroom's
    public/images -> ../public-old would have been written through."""
    public, sibling = tmp_path / "public", tmp_path / "public-old"
    public.mkdir()
    sibling.mkdir()
    (public / "images").symlink_to(sibling)
    with pytest.raises(WriteError, match="symlink"):
        safe_join(public, "images/a.jpg")
    assert not list(sibling.iterdir())


# Output ownership: only what sitegen wrote is ever deleted ---------------------------------------
def _site(tmp_path):
    from builders import copy_site
    return copy_site("newsroom", tmp_path / "site")


@pytest.mark.parametrize("output", [".", "..", "content", "static", ".sitegen", "content/out", "~", "~/www"])
def test_an_output_folder_holding_or_inside_the_sources_is_refused_before_anything_is_written(tmp_path, output):
    from sitegen.config import ConfigError, load_config
    root = _site(tmp_path)
    (root / "notes.txt").write_text("keep")
    (root / "site.toml").write_text((root / "site.toml").read_text() + f'\n[paths]\noutput = "{output}"\n')
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    with pytest.raises(ConfigError, match="paths.output"):
        load_config(root)
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_an_output_folder_that_is_a_symlink_is_refused_saying_so(tmp_path):
    """public/ as a link to the web root was refused as 'not a folder', which it is (review27)."""
    from builders import build, tree
    root = _site(tmp_path)
    www = tmp_path / "www"
    www.mkdir()
    (www / "index.html").write_text("the live site")
    (root / "public").symlink_to(www)
    result = build(root)
    assert not result.ok and "is a symlink (to " in result.errors[0] and "the real folder" in result.errors[0], result.errors
    assert tree(www) == {"index.html": b"the live site"} and (root / "public").is_symlink()


@contextmanager
def _bind_mounted(volume: Path, folder: Path):
    """`volume` bind-mounted on `folder` (same file system: st_dev alike) while the block runs; needs root."""
    import subprocess
    from conftest import IN_CI
    done = subprocess.run(["mount", "--bind", str(volume), str(folder)], capture_output=True, text=True)
    if done.returncode:
        (pytest.fail if IN_CI else pytest.skip)(f"a bind mount needs root: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.parametrize("how", ["tmpfs", "bind"])
def test_an_output_folder_that_is_a_mount_point_is_told_what_to_do(tmp_path, how):
    """review44c 3: public/ as a Docker volume or bind mount failed every build with
    'error: .sitegen/public.spare: Device or resource busy' and no advice (the swap cannot rename it)."""
    from builders import build, tree
    from conftest import small_tmpfs
    root = _site(tmp_path)
    public, volume = root / "public", tmp_path / "volume"
    public.mkdir()
    volume.mkdir()
    mounted = small_tmpfs(public, "8m") if how == "tmpfs" else _bind_mounted(volume, public)
    with mounted:   # empty, as a new Docker volume is
        result = build(root)
        assert not result.ok and len(result.errors) == 1, result.errors
        assert f"{public} is a mount point" in result.errors[0] and "Device or resource busy" not in result.errors[0]
        assert f"a folder inside it ({public / 'site'})" in result.errors[0], result.errors
        assert tree(public) == {}
        toml = root / "site.toml"
        toml.write_text(toml.read_text() + '\n[paths]\noutput = "public/site"\n')   # the advice, taken
        assert build(root).ok and (public / "site" / "index.html").is_file()


def test_a_non_empty_output_folder_without_a_record_is_refused_unless_forced(tmp_path):
    from builders import build, tree
    root = _site(tmp_path)
    public = root / "public"
    (public / ".well-known").mkdir(parents=True)
    (public / ".well-known/security.txt").write_text("Contact: me")
    (public / "google1234.html").write_text("verify")
    result = build(root)
    assert not result.ok and "--force-output" in result.errors[0] and "public" in result.errors[0]
    assert sorted(tree(public)) == [".well-known/security.txt", "google1234.html"]
    result = build(root, force_output=True)
    assert result.ok and "google1234.html" in result.notes[0] and "2 file(s)" in result.notes[0]
    assert (public / "google1234.html").read_text() == "verify" and (public / "index.html").is_file()


def test_user_files_survive_every_build_and_are_listed_once(tmp_path):
    from builders import build
    root = _site(tmp_path)
    public = root / "public"
    assert build(root).ok
    (public / "CNAME").write_text("news.example.org\n")
    (public / "2025/01/extra.pdf").write_bytes(b"%PDF")
    (root / "content/year-review.md").write_text((root / "content/year-review.md").read_text() + "\nMore.\n")
    first = build(root)
    assert first.ok and "2 file(s)" in first.notes[0] and "CNAME" in first.notes[0], first.notes
    (root / "content/year-review.md").write_text((root / "content/year-review.md").read_text() + "\nEven more.\n")
    second = build(root)
    assert second.ok and not second.notes
    assert (public / "CNAME").read_text() == "news.example.org\n" and (public / "2025/01/extra.pdf").is_file()


def _other_group() -> int | None:
    """A group the test may give a folder that is not its own (root: any), else None."""
    import grp
    if os.geteuid() == 0:
        return next((g.gr_gid for g in grp.getgrall() if g.gr_gid != os.getegid()), None)
    return next((g for g in os.getgroups() if g != os.getegid()), None)


def test_public_and_a_users_folders_keep_their_modes_and_group_build_after_build(tmp_path):
    """review45g: the spare's folders took the umask and went live, so every other build turned a
    2750 public/ of the web server's group into 0755 of the user's, a 0700 folder into 0755; a chmod
    made later (no mtime changes) is kept too, by the builds that only link the changes."""
    import stat
    from builders import build
    root = _site(tmp_path)
    public = root / "public"
    story = root / "content/year-review.md"
    assert build(root).ok
    (public / "embargoed").mkdir()
    (public / "embargoed/story.html").write_text("not yet\n")
    group = _other_group()
    if group is not None:
        os.chown(public, -1, group)
    want = {public: 0o2750, public / "embargoed": 0o700, public / "2025": 0o750}
    seen = []
    for n in range(6):
        if n == 0:
            for folder, mode in want.items():
                folder.chmod(mode)
        if n == 3:   # after the spare was made: a chmod its mtimes do not show
            want[public / "embargoed"] = 0o710
            (public / "embargoed").chmod(0o710)
        story.write_text(story.read_text() + f"\nEdit {n}.\n")
        assert build(root).ok
        seen.append({f.name: (stat.S_IMODE(f.stat().st_mode), f.stat().st_gid) for f in want})
        assert seen[-1] == {f.name: (m, group if f == public and group is not None else f.stat().st_gid)
                            for f, m in want.items()}, n


@contextmanager
def _built_as_nobody(prefix: str, groups: str = "--clear-groups"):
    """A copy of the newsroom site built once by `nobody` (setpriv): yields its folder and the command
    that builds it so again. Files of another user (www-data, 33) need root to make; the kernel must
    refuse a link to them (fs.protected_hardlinks), or there is nothing to test."""
    import subprocess
    import sys
    import tempfile
    from builders import copy_site
    if os.geteuid() != 0:
        pytest.skip("making a file of another user needs root (the builds then run as nobody)")
    if not shutil.which("setpriv") or Path("/proc/sys/fs/protected_hardlinks").read_text().strip() != "1":
        pytest.skip("needs setpriv and fs.protected_hardlinks = 1 (the kernel refusing the link)")
    top = Path(tempfile.mkdtemp(dir="/tmp", prefix=prefix))   # tmp_path's parents are root's 0700
    try:
        top.chmod(0o755)
        root = copy_site("newsroom", top / "site")
        # nobody's own locks folder: the run's SITEGEN_LOCKS (conftest) is root's, 0700, which nobody
        # may not enter (its build exited 1 naming it)
        (top / "locks").mkdir(mode=0o700)
        os.chown(top / "locks", 65534, 65534)
        run = ["env", f"SITEGEN_LOCKS={top / 'locks'}", "setpriv", "--reuid=65534", "--regid=65534", groups, sys.executable, "-m", "sitegen.cli",
               "build", "--root", str(root), "--no-convert", "-q"]
        subprocess.run(["chown", "-R", "65534:65534", str(root)], check=True)
        assert subprocess.run(run, capture_output=True, text=True).returncode == 0
        yield root, run
    finally:
        shutil.rmtree(top)


def test_a_file_of_another_user_in_public_is_copied_where_the_kernel_refuses_the_link(tmp_path):
    """review45g: a readable file of another user in public/ (a colleague's upload, certbot's root-owned
    challenge) stopped every build with 'Operation not permitted': fs.protected_hardlinks refuses to
    link a file one does not own and may not write. It is copied into the spare instead. Run as root:
    the builds run as `nobody` (setpriv), the file is www-data's (33)."""
    import subprocess
    with _built_as_nobody("sitegen-foreign-") as (root, run):
        for rel in ("annual-report.pdf", ".well-known/acme-challenge/abc"):
            theirs = root / "public" / rel
            theirs.parent.mkdir(parents=True, exist_ok=True)
            theirs.write_text(f"{rel}\n")
            os.chown(theirs, 33, 33)
            theirs.chmod(0o644)
        for folder in (".well-known", ".well-known/acme-challenge"):   # the user's folders, the files not
            os.chown(root / "public" / folder, 65534, 65534)
        story = root / "content/year-review.md"
        for n in range(3):   # the spare made whole, then brought up to date by the changes
            story.write_text(story.read_text() + f"\nEdit {n}.\n")
            done = subprocess.run(run, capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
            for rel in ("annual-report.pdf", ".well-known/acme-challenge/abc"):
                assert (root / "public" / rel).read_text() == f"{rel}\n"


def test_a_copied_file_of_another_user_keeps_its_group(tmp_path):
    """rf45l: the copy of another user's file kept its mode and times, not its group: a 0640
    root:www-data upload became nobody:nogroup 0640 after one build, and the web server (www-data)
    got 403. The builder (nobody, in group 33) now gives the copy the file's group and mode again."""
    import stat
    import subprocess
    with _built_as_nobody("sitegen-group-", "--groups=33") as (root, run):
        theirs = root / "public/annual-report.pdf"
        theirs.write_text("secret-report\n")
        os.chown(theirs, 0, 33)
        theirs.chmod(0o640)
        story = root / "content/year-review.md"
        for n in range(2):
            story.write_text(story.read_text() + f"\nEdit {n}.\n")
            done = subprocess.run(run, capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
            have = theirs.stat()
            assert (have.st_gid, stat.S_IMODE(have.st_mode)) == (33, 0o640), n
            read = subprocess.run(["setpriv", "--reuid=33", "--regid=33", "--clear-groups", "cat", str(theirs)],
                                  capture_output=True, text=True)
            assert read.stdout == "secret-report\n", read.stderr


def test_a_file_of_another_user_written_during_a_build_keeps_all_its_bytes(tmp_path):
    """rf45l: a file uploaded in place into public/ by another user (scp) while a build ran was
    copied with the bytes written so far, the copy went live and the uploader's own file, still
    being written, went into the spare, which the next build deleted: 15 of 40 MB were left. Its
    own file is now put back after the switch. A copy that does go live (the file unchanged) is
    named, since its owner can no longer write it in place."""
    import subprocess
    import sys
    import time
    with _built_as_nobody("sitegen-upload-") as (root, run):
        (root / "public").chmod(0o777)
        video, story = root / "public/interview.mp4", root / "content/year-review.md"
        # The upload goes on until the build has ended (a stop file; 120 s at most), then says how many bytes it
        # wrote: a fixed-length upload could end before a build on a loaded machine, and nothing was tested.
        stop = root.parent / "stop-upload"   # where www-data can see it (tmp_path's parents are root's 0700)
        writer = subprocess.Popen(["setpriv", "--reuid=33", "--regid=33", "--clear-groups", sys.executable, "-c",
                                   "import os, sys, time\nn = 0\nwith open(sys.argv[1], 'wb') as f:\n"
                                   "    while n < 3000000 or (not os.path.exists(sys.argv[2]) and n < 240000000):\n"
                                   "        f.write(b'x' * 100000); f.flush(); n += 100000; time.sleep(0.05)\n"
                                   "print(n)", str(video), str(stop)], stdout=subprocess.PIPE, text=True)
        try:
            while not (video.exists() and video.stat().st_size >= 300000):
                time.sleep(0.01)
            story.write_text(story.read_text() + "\nEdit 1.\n")
            done = subprocess.run(run, capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
            assert writer.poll() is None, "the upload ended before the build: nothing was tested"
        finally:
            stop.touch()
            written = int(writer.communicate(timeout=60)[0])
        assert video.stat().st_size == written and video.stat().st_uid == 33
        story.write_text(story.read_text() + "\nEdit 2.\n")
        done = subprocess.run(run, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert video.stat().st_size == written
        assert "could not be hard-linked, so the build copied them" in done.stderr and "interview.mp4" in done.stderr


_KILLED_UPLOAD = """
import os, signal, sys, time
from pathlib import Path
from sitegen import write
from sitegen.cli import main
flags = Path(sys.argv[2])
synced, switch = write.SpareSync.result, write.exchange


def result(self):   # the spare's copy of the upload made: the uploader writes on
    done = synced(self)
    (flags / "synced").touch()
    for _ in range(600):
        if (flags / "written").exists():
            break
        time.sleep(0.1)
    return done


def exchange(a, b):
    switch(a, b)
    os.kill(os.getpid(), signal.SIGKILL)


write.SpareSync.result, write.exchange = result, exchange
main(["build", "--root", sys.argv[1], "--no-convert", "-q"])
"""


def test_an_upload_of_another_user_going_on_at_a_killed_switch_keeps_all_its_bytes(tmp_path):
    """rf45l with a kill right after the switch: the uploader's own file, written on in the folder
    switched out, stayed in the spare, the copy with the bytes written before went live, and the next
    build's sync copied that copy over the upload. The next build puts the upload back first."""
    import subprocess
    import sys
    import time
    with _built_as_nobody("sitegen-upload-kill-") as (root, run):
        video, story = root / "public/interview.mp4", root / "content/year-review.md"
        video.write_bytes(b"x" * 300000)
        os.chown(video, 33, 33)
        kept = root / "public/kept.txt"   # the builder's own: linked into the spare
        kept.write_text("taken out after the kill")
        os.chown(kept, 65534, 65534)
        flags = root.parent / "flags"
        flags.mkdir(mode=0o777)
        flags.chmod(0o777)
        story.write_text(story.read_text() + "\nEdit 1.\n")
        killed = subprocess.Popen([*run[:run.index("-m")], "-c", _KILLED_UPLOAD, str(root), str(flags)],
                                  stderr=subprocess.PIPE, text=True)
        try:
            for _ in range(1200):
                if (flags / "synced").exists() or killed.poll() is not None:
                    break
                time.sleep(0.1)
            with open(video, "ab") as upload:   # in place, as scp does: the file stays www-data's
                upload.write(b"y" * 100000)
            (flags / "written").touch()
            assert killed.wait(timeout=300) == -signal.SIGKILL, killed.stderr.read()
        finally:
            killed.kill()
        assert video.stat().st_size == 300000 and video.stat().st_uid != 33   # the copy went live
        time.sleep(0.2)
        kept.unlink()   # rev55c: the upload's put-back moved the spare's ctime, the time taken as the switch's
        story.write_text(story.read_text() + "\nEdit 2.\n")
        done = subprocess.run(run, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert video.read_bytes() == b"x" * 300000 + b"y" * 100000   # (live as the upload, or as a copy of it)
        assert not kept.exists()


def test_umask_0222_leaves_sitegens_own_folders_writable_by_their_owner(tmp_path):
    """rf46a: under umask 0222 (a normal user's, not root's: mode bits do not bind root) every folder
    sitegen made was r-x to its own user, so `convert` and `build` failed on .sitegen/.gitignore with
    'Permission denied; check its owner and permissions', and .sitegen stayed r-x, so the same commands
    under umask 0022 failed too. Now its folders keep owner rwx, and a .sitegen left so is given it back."""
    import subprocess
    with _built_as_nobody("sitegen-umask-") as (root, run):
        shutil.rmtree(root / ".sitegen")
        shutil.rmtree(root / "public")
        (root / "seeds").mkdir()
        shutil.copy(Path(__file__).parent.parent / "seeds/000_3f72aa0b8574e51f.txt", root / "seeds")
        subprocess.run(["chown", "-R", "65534:65534", str(root)], check=True)
        (root / ".sitegen").mkdir(mode=0o555)   # as the last sitegen left it
        os.chown(root / ".sitegen", 65534, 65534)
        as_0222 = lambda argv: subprocess.run(["sh", "-c", 'umask 0222; exec "$@"', "sh", *argv],  # noqa: E731
                                              capture_output=True, text=True)
        cli = run[:run.index("build")]
        for argv in ([*cli, "convert", "--root", str(root)], [*cli, "build", "--root", str(root), "-q"]):
            done = as_0222(argv)
            assert done.returncode == 0, done.stderr
            assert argv[len(cli)] == "build" or "convert: 1 converted" in done.stdout, done.stdout
        for folder in [root / ".sitegen", *(root / ".sitegen").rglob("*"), root / "public", *(root / "public").rglob("*")]:
            if folder.is_dir():
                assert folder.stat().st_mode & 0o700 == 0o700, folder
        story = next((root / "content").glob("*.md"))
        story.write_text(story.read_text() + "\nEdit.\n")   # a build that writes: stage, spare, links
        for argv in ([*cli, "build", "--root", str(root), "-q"], run):
            done = as_0222(argv)
            assert done.returncode == 0, done.stderr
        assert subprocess.run(run, capture_output=True, text=True).returncode == 0   # umask 0022


def test_without_the_build_cache_only_recorded_files_are_deleted(tmp_path):
    import shutil
    from builders import build
    root = _site(tmp_path)
    public = root / "public"
    assert build(root).ok
    (public / "google1234.html").write_text("verify")
    shutil.rmtree(root / ".sitegen")
    (root / "content/cairo-book-fair.md").unlink()   # its tag and author pages go
    assert build(root).ok
    assert not (public / "tags/culture/index.html").exists()
    assert (public / "google1234.html").read_text() == "verify"


def test_a_page_at_the_path_of_a_user_file_is_an_error_not_an_overwrite(tmp_path):
    from builders import build
    root = _site(tmp_path)
    public, story = root / "public", root / "content/cairo-book-fair.md"
    text = story.read_text()
    story.unlink()  # the only 'Culture' story: no tags/culture/ page
    assert build(root).ok
    (public / "tags/culture").mkdir(parents=True)
    (public / "tags/culture/index.html").write_text("mine")
    story.write_text(text)
    result = build(root)
    # (since review47e the page that claims it is named: 'the tag page: /tags/culture/ would be written at ...')
    assert not result.ok and f"/tags/culture/ would be written at {public}/tags/culture/index.html, where a file of " \
                             "yours is" in "\n".join(result.errors), result.errors
    assert (public / "tags/culture/index.html").read_text() == "mine"


def test_clashes_are_one_path_or_one_the_folder_of_the_other():
    from sitegen.write import clashes
    owned = {"CNAME/index.html", "a/index.html", "storm.html", "x/y/z.txt"}
    foreign = {"CNAME", "a/index.html", "storm.html/notes.txt", "x", "b/c.txt"}
    assert clashes(owned, foreign) == [("CNAME/index.html", "CNAME"), ("a/index.html", "a/index.html"),
                                       ("storm.html", "storm.html/notes.txt"), ("x/y/z.txt", "x")]
    assert clashes(owned, foreign, new=()) == [("a/index.html", "a/index.html"), ("storm.html", "storm.html/notes.txt")]
    assert clashes(owned, set()) == []


@pytest.mark.parametrize("alias, said", [
    ("/CNAME", "/CNAME/ would be written at {public}/CNAME/index.html, but {public}/CNAME is a file of yours"),
    ("/CNAME/x/", "/CNAME/x/ would be written at {public}/CNAME/x/index.html, but {public}/CNAME is a file of yours"),
    ("/.well-known/security.txt", "/.well-known/security.txt/ would be written at "
                                  "{public}/.well-known/security.txt/index.html, but {public}/.well-known/security.txt "
                                  "is a file of yours"),
    ("/notes.html", "/notes.html would be written at {public}/notes.html, where a file of yours is")])
@pytest.mark.parametrize("known", [False, True])
def test_an_alias_onto_a_file_of_yours_in_public_names_the_story_and_line(tmp_path, alias, said, known):
    """review47e fault 5: an alias at /CNAME/ with public/CNAME kept (README: yours, kept by every
    build) failed on the spare with '.sitegen/public.spare/CNAME: File exists', at /CNAME/x/ with
    'public/CNAME/x: Not a directory', naming no story; only the same path was a clash. A file known
    to the last build's record (`known`) is found before anything is rendered, one put there since
    at the switch; either way the story's aliases: line is named, and the files stay."""
    from builders import build, tree
    root = _site(tmp_path)
    public = root / "public"
    assert build(root).ok
    (public / "CNAME").write_text("news.example.org\n")
    (public / ".well-known").mkdir()
    (public / ".well-known/security.txt").write_text("Contact: x\n")
    (public / "notes.html").write_text("mine\n")
    if known:   # a build that records them as not sitegen's
        (root / "content/extra.md").write_text("---\ntitle: Extra\ndate: 2025-01-02\n---\nText.\n")
        assert build(root).ok
    before = tree(public)
    (root / "content/old.md").write_text(f'---\ntitle: Old\ndate: 2025-01-03\naliases: ["{alias}"]\n---\nText.\n')
    result = build(root)
    assert not result.ok
    assert len(result.errors) == 1 and result.errors[0].startswith("'aliases:' in content/old.md:4: "), result.errors
    assert said.format(public=public) in result.errors[0] and "public.spare" not in result.errors[0], result.errors
    assert f"remove {alias}" in result.errors[0] and "from the 'aliases:' of content/old.md, or move your file" \
        in result.errors[0], result.errors
    assert tree(public) == before


# The switch: whole old or whole new ---------------------------------------------------------------
def test_a_reader_inside_public_keeps_one_whole_build_while_the_next_is_switched_in(tmp_path):
    """public/ is replaced by one rename: a server that opened it before the build keeps reading
    the old build, whole; a new lookup of public/ sees the new one, whole."""
    from builders import build
    root = _site(tmp_path)
    public = root / "public"
    assert build(root).ok
    old_index = (public / "index.html").read_bytes()
    fd = os.open(public, os.O_RDONLY | os.O_DIRECTORY)
    try:
        (root / "site.toml").write_text((root / "site.toml").read_text().replace('title = "', 'title = "New '))
        assert build(root).ok
        with open(os.open("index.html", os.O_RDONLY, dir_fd=fd), "rb") as fh:
            assert fh.read() == old_index
    finally:
        os.close(fd)
    assert (public / "index.html").read_bytes() != old_index and b"New " in (public / "index.html").read_bytes()


def test_stage_folders_left_by_a_killed_build_are_removed(tmp_path):
    from builders import build
    root = _site(tmp_path)
    assert build(root).ok
    left = root / ".public.stage-dead1234"
    (left / "x").mkdir(parents=True)
    (root / "content/year-review.md").write_text((root / "content/year-review.md").read_text() + "\nMore.\n")
    assert build(root).ok
    assert not left.exists()


def test_a_first_build_makes_no_spare_copy_and_an_idle_watcher_or_the_next_build_makes_it(tmp_path):
    """The cold build writes one tree; the second copy (for atomic switches) comes later."""
    from builders import build, tree
    from sitegen.build import Builder, BuildOptions
    from sitegen.config import load_config
    root = _site(tmp_path)
    public, spare = root / "public", root / ".sitegen/public.spare"
    assert build(root).ok
    assert public.is_dir() and not spare.exists()
    Builder(load_config(root), BuildOptions()).flush(idle=True)  # what watch/serve do when idle
    files = [rel for rel in tree(public)]
    assert files and tree(spare) == tree(public)
    assert all(os.stat(public / r).st_ino == os.stat(spare / r).st_ino for r in files)
    assert not (spare / ".sitegen-output").exists()  # a copy, never mistaken for a finished build
    shutil.rmtree(spare)
    (root / "content/year-review.md").write_text((root / "content/year-review.md").read_text() + "\nMore.\n")
    assert build(root).ok  # no spare at all: the build makes it and switches
    assert spare.is_dir() and tree(public) != tree(spare)


def test_a_large_first_build_makes_its_spare_after_the_switch_so_the_first_edit_links_nothing_more(tmp_path, monkeypatch):
    """perf43a: the first edit after a cold build made the whole spare copy (at 100,000 articles
    100,000 folders and 177,000 links: 10.3 s against 1.3-2.1 s for the edits after it). A large
    first build now makes it in a child after its switch, while the cache is saved."""
    from builders import build, tree
    from sitegen import build as build_module
    from sitegen.write import COPY, RECORD, read_record, sync_spare, write_record_bytes
    monkeypatch.setattr(build_module, "FIRST_SPARE", 0)  # every site counts as large
    root = _site(tmp_path)
    public, spare = root / "public", root / ".sitegen/public.spare"
    assert build(root).ok
    assert spare.is_dir() and _same_files(public, spare)     # complete, and hard links
    live, copy = read_record(public, raw_dirs=True), read_record(spare)
    assert live.raw is not None and live.raw.entries      # public/'s folder mtimes, to trust the copy by
    assert copy.spare == COPY and copy.token == live.token
    data = (spare / RECORD).read_bytes()
    found, known, linked = sync_spare(public, spare, live)
    assert not found and not linked and known is not None and known.entries   # nothing to link, no folder to stat
    write_record_bytes(spare, data, public)               # (sync_spare set it aside: the build's own sync now)
    folders = {rel: os.stat(spare / rel).st_ino for rel in ("tags", "2024", "2024/12")}
    (public / "tags/mine.txt").write_text("a file of the user's, added after the copy was made")
    _edit(root, 1)
    assert build(root).ok
    assert {rel: os.stat(public / rel).st_ino for rel in folders} == folders   # the copy went live as it was
    assert (public / "tags/mine.txt").read_text().startswith("a file of the user's")
    assert tree(public) == {**tree(_fresh_build(root, tmp_path)), "tags/mine.txt": (public / "tags/mine.txt").read_bytes()}


def test_a_large_first_builds_spare_left_half_made_is_compared_whole_by_the_next_build(tmp_path, monkeypatch):
    """A kill while the child made the spare leaves part of it and no record: the next build
    compares it whole with public/ and switches in a complete copy."""
    from builders import build, tree
    from sitegen import build as build_module
    from sitegen.write import RECORD
    monkeypatch.setattr(build_module, "FIRST_SPARE", 0)
    root = _site(tmp_path)
    public, spare = root / "public", root / ".sitegen/public.spare"
    assert build(root).ok
    (spare / RECORD).unlink()
    shutil.rmtree(spare / "tags")
    _edit(root, 1)
    assert build(root).ok
    assert tree(public) == tree(_fresh_build(root, tmp_path))
    _edit(root, 2)
    assert build(root).ok
    assert tree(public) == tree(_fresh_build(root, tmp_path / "2"))


def test_a_watched_first_build_leaves_its_spare_for_when_idle(tmp_path, monkeypatch):
    """watch/serve save no cache at the end of a build to overlap the spare with, and make it when
    idle: their first build, large or not, makes none (a small one: the test above)."""
    from builders import build
    from sitegen import build as build_module
    monkeypatch.setattr(build_module, "FIRST_SPARE", 0)
    root = _site(tmp_path)
    assert build(root, defer_cache=True).ok
    assert (root / "public").is_dir() and not (root / ".sitegen/public.spare").exists()


def test_a_folder_at_the_records_name_in_the_spare_is_cleared_and_the_build_recovers(tmp_path):
    """An older sitegen staged '/.sitegen-output/x.xml' (a [redirects] line) into the spare; that build
    failed, and every later one, the line removed: 'public.spare/.sitegen-output: Is a directory'."""
    from builders import build, tree
    root = _site(tmp_path)
    public, spare = root / "public", root / ".sitegen/public.spare"
    assert build(root).ok
    _edit(root, 0)
    assert build(root).ok and spare.is_dir()
    for name in (".sitegen-output", ".sitegen-output.tmp"):   # as the failed builds left them
        (spare / name).unlink(missing_ok=True)
        (spare / name).mkdir()
        (spare / name / "x.xml").write_text("<rss/>")
    _edit(root, 1)
    result = build(root)
    assert result.ok, result.errors
    assert (public / ".sitegen-output").is_file() and not (public / ".sitegen-output.tmp").exists()
    _edit(root, 2)
    assert build(root).ok and (spare / ".sitegen-output").is_file()
    assert tree(public) == tree(_fresh_build(root, tmp_path))


@pytest.mark.parametrize("name", [".sitegen-output.tmp", ".sitegen-output"])
def test_a_users_folder_at_the_records_name_in_public_is_kept_and_the_build_refused(tmp_path, name):
    """review39i: a folder of the user's at public/.sitegen-output.tmp was copied into the spare,
    removed there as an older sitegen's, and the spare went live: the folder gone, the build 'ok'."""
    from builders import build
    root = _site(tmp_path)
    public = root / "public"
    assert build(root).ok
    _edit(root, 0)
    assert build(root).ok   # the spare exists: the build below syncs it
    if name == ".sitegen-output":   # the record itself moved aside: no build writes over a folder it cannot read
        (public / name).rename(tmp_path / "record")
    (public / name).mkdir()
    (public / name / "keep.txt").write_text("mine")
    if name == ".sitegen-output":
        (tmp_path / "record").rename(public / ".sitegen-output-saved")
    _edit(root, 1)
    result = build(root, force_output=True) if name == ".sitegen-output" else build(root)
    assert not result.ok
    assert any(f"{public / name}: a folder that is not sitegen's" in e and "move it" in e for e in result.errors), result.errors
    assert (public / name / "keep.txt").read_text() == "mine"
    result = build(root, force_output=True) if name == ".sitegen-output" else build(root)   # and again
    assert not result.ok and (public / name / "keep.txt").read_text() == "mine"


def _edit(root, n):
    story = root / "content/year-review.md"
    story.write_text(story.read_text() + f"\nEdit {n}.\n")


def _same_files(a, b):
    from builders import build, tree
    return tree(a) == tree(b) and all(os.stat(a / r).st_ino == os.stat(b / r).st_ino for r in tree(a))


def test_an_idle_watcher_brings_the_spare_up_to_date_so_the_next_build_links_nothing(tmp_path):
    from builders import build, tree
    # Before: the spare stayed one build behind until the next build linked the files the last one
    # changed, inside it: the first save after a checkout that rewrote 1,540 pages waited for them.
    from sitegen.build import Builder, BuildOptions
    from sitegen.config import load_config
    from sitegen.write import read_record, sync_spare
    root = _site(tmp_path)
    public, spare = root / "public", root / ".sitegen/public.spare"
    assert build(root).ok
    _edit(root, 0)
    assert build(root).ok
    assert tree(spare) != tree(public)                          # the build before the last one
    assert Builder(load_config(root), BuildOptions()).flush(idle=True)   # what watch/serve do when idle
    assert _same_files(public, spare)
    assert read_record(spare).token == read_record(public).token        # a copy of this very build
    found, known, linked = sync_spare(public, spare, read_record(public, raw_dirs=True))
    assert not found and not linked and known is not None and known.entries   # nothing to link or stat
    _edit(root, 1)
    assert build(root).ok
    assert b"Edit 1." in (public / "2024/12/the-year-in-business-and-politics/index.html").read_bytes()
    _edit(root, 2)
    assert build(root).ok                                       # the spare is the build before again
    assert tree(public) == tree(_fresh_build(root, tmp_path))


def _fresh_build(root, tmp_path):
    """The same site built cold elsewhere: what public/ must hold."""
    from builders import build, tree
    other = tmp_path / "fresh"
    shutil.copytree(root, other, ignore=shutil.ignore_patterns(".sitegen", "public"))
    assert build(other).ok
    return other / "public"


def test_a_spare_caught_up_is_not_trusted_once_public_changed_by_hand(tmp_path):
    from builders import build, tree
    from sitegen.build import Builder, BuildOptions
    from sitegen.config import load_config
    root = _site(tmp_path)
    public, spare = root / "public", root / ".sitegen/public.spare"
    assert build(root).ok
    _edit(root, 0)
    assert build(root).ok
    (public / "early.txt").write_text("mine, before the spare caught up")
    builder = Builder(load_config(root), BuildOptions())
    assert builder.catch_up_spare() and (spare / "early.txt").is_file()
    (public / "tags").joinpath("late.txt").write_text("mine, after")    # the spare no longer equals public/
    _edit(root, 1)
    result = build(root)
    assert result.ok, result.errors
    assert (public / "early.txt").read_text().startswith("mine") and (public / "tags/late.txt").is_file()
    assert b"Edit 1." in (public / "2024/12/the-year-in-business-and-politics/index.html").read_bytes()
    _edit(root, 2)
    assert build(root).ok
    assert (public / "early.txt").is_file() and (public / "tags/late.txt").is_file()


def test_files_of_ones_own_in_public_leave_no_link_temporaries_build_after_build(tmp_path):
    # Before: the spare's copy of a file put in public/ by hand is the same file (a hard link) as
    # public/'s, and renaming a new link over it does nothing (POSIX): each build left CNAME.link-tmp
    # beside it, switched into public/, then kept as the user's and linked again (.link-tmp.link-tmp).
    from builders import build
    root = _site(tmp_path)
    public, spare = root / "public", root / ".sitegen/public.spare"
    assert build(root).ok
    (public / "CNAME").write_text("news.example.org\n")
    for n in range(4):
        _edit(root, n)
        assert build(root).ok
    assert not [p for folder in (public, spare) for p in folder.rglob("*.link-tmp*")]
    assert (public / "CNAME").read_text() == "news.example.org\n"


@pytest.mark.parametrize("made", ["link", "copy"])
@pytest.mark.parametrize("recorded", [False, True])
def test_the_link_temporaries_an_older_sitegen_left_in_public_go_and_files_of_ones_own_stay(tmp_path, made, recorded):
    # Sitegens before that fix left them in every site with a file of the user's in public/: its
    # builds kept CNAME.link-tmp (and watch's .link-tmp.link-tmp) as the user's forever, published
    # and deployed. Reproduced here as they were on disk: hard links of the user's file (a copied
    # site: copies), just switched in (not in the record yet) or recorded as not sitegen's.
    from builders import build, tree
    from sitegen.write import read_record, write_record
    root = _site(tmp_path)
    public, spare = root / "public", root / ".sitegen/public.spare"
    assert build(root).ok
    (public / "CNAME").write_text("news.example.org\n")
    (public / "notes.link-tmp").write_text("mine: no file of that name without .link-tmp")
    (public / "data.txt").write_text("today's")
    (public / "data.txt.link-tmp").write_text("yesterday's: other bytes than data.txt's")
    _edit(root, 0)
    assert build(root).ok
    leftovers = ["CNAME.link-tmp", "CNAME.link-tmp.link-tmp"]
    for name in leftovers:
        (os.link if made == "link" else shutil.copyfile)(public / "CNAME", public / name)
    record = read_record(public)
    record.swept = False    # as an older sitegen wrote it (the sweep is for those sites only)
    if recorded:
        record.foreign |= set(leftovers)
    write_record(public, record)
    _edit(root, 1)
    result = build(root)
    assert result.ok, result.errors
    assert not list(public.rglob("CNAME.link-tmp*"))   # the spare is the build before: gone at the next
    assert any("CNAME.link-tmp" in note and "removed" in note for note in result.notes), result.notes
    assert not any("not sitegen's" in note and "CNAME.link-tmp" in note for note in result.notes), result.notes
    mine = {"CNAME": b"news.example.org\n", "notes.link-tmp": b"mine: no file of that name without .link-tmp",
            "data.txt": b"today's", "data.txt.link-tmp": b"yesterday's: other bytes than data.txt's"}
    assert {rel: tree(public)[rel] for rel in mine} == mine
    assert read_record(public).foreign == set(mine)
    _edit(root, 2)
    again = build(root)
    assert again.ok and not any("link-tmp" in note for note in again.notes), again.notes
    assert not [p for folder in (public, spare) for p in folder.rglob("CNAME.link-tmp*")]
    fresh = tree(_fresh_build(root, tmp_path))
    assert tree(public) == {**fresh, **mine}



def test_a_copy_named_link_tmp_a_user_makes_after_the_upgrade_is_kept(tmp_path):
    # Session 35, fix35d (review35d's repro): the sweep above removed any X.link-tmp holding X's
    # bytes at any later build, so a user's own copy made today was deleted. It runs once, when the
    # record is an older sitegen's; this sitegen's records say it has been done.
    from builders import build, tree
    from sitegen.write import read_record
    root = _site(tmp_path)
    public = root / "public"
    assert build(root).ok
    assert read_record(public).swept
    (public / "feed.csv").write_text("data\n")
    shutil.copyfile(public / "feed.csv", public / "feed.csv.link-tmp")
    _edit(root, 0)
    result = build(root)
    assert result.ok, result.errors
    assert {rel: tree(public).get(rel) for rel in ("feed.csv", "feed.csv.link-tmp")} == \
        {"feed.csv": b"data\n", "feed.csv.link-tmp": b"data\n"}
    assert not any("removed" in note for note in result.notes), result.notes
    assert any("not sitegen's" in note and "feed.csv.link-tmp" in note for note in result.notes), result.notes
    assert read_record(public).foreign == {"feed.csv", "feed.csv.link-tmp"}

class _SavedAfter(__import__("threading").Event):
    """Set from the n-th look on: a save that comes after the catch-up linked n - 1 files."""

    def __init__(self, n):
        super().__init__()
        self.looks, self.n = 0, n

    def is_set(self):
        self.looks += 1
        return self.looks >= self.n


@pytest.mark.parametrize("cold, at", [(False, 1), (False, 3), (True, 1), (True, 3)])
def test_a_save_stops_the_spare_catching_up_and_the_next_build_finishes_it(tmp_path, cold, at):
    from builders import build, tree
    from sitegen.build import Builder, BuildOptions
    from sitegen.config import load_config
    from sitegen.write import Cancelled, read_record
    root = _site(tmp_path)
    public, spare = root / "public", root / ".sitegen/public.spare"
    assert build(root).ok
    if not cold:
        _edit(root, 0)
        assert build(root).ok
        before = read_record(spare).token
    stop = _SavedAfter(at)
    with pytest.raises(Cancelled):
        Builder(load_config(root), BuildOptions()).catch_up_spare(stop)
    if not cold:   # only some files linked: the record is put back, so the next build links them all
        assert read_record(spare).token == before
    _edit(root, 1)
    assert build(root).ok
    _edit(root, 2)
    assert build(root).ok
    assert tree(public) == tree(_fresh_build(root, tmp_path))
    assert not [p for folder in (public, spare) for p in folder.rglob("*.link-tmp*")]


def test_the_spare_copy_shares_unchanged_files_and_is_brought_up_to_date_by_the_changes_only(tmp_path):
    from builders import build, tree
    root = _site(tmp_path)
    public, spare = root / "public", root / ".sitegen/public.spare"
    assert build(root).ok
    for n in range(3):
        (root / "content/year-review.md").write_text((root / "content/year-review.md").read_text() + f"\nEdit {n}.\n")
        assert build(root).ok
    assert tree(spare) != tree(public)  # the build before the last one
    same = [rel for rel in tree(public) if rel.startswith("tags/")]
    assert same and all(os.stat(public / r).st_ino == os.stat(spare / r).st_ino for r in same)


def test_a_record_round_trips_and_the_older_format_still_reads():
    import base64
    import json
    from array import array
    from sitegen.write import Record, parse_record
    record = Record({"index.html", "a b/c\nd é.html"}, {"mine.txt"}, "t1", "t0", {"index.html"},
                    {"a b": 5, "x/y": -7_000_000_000_000})
    assert parse_record(record.dump()) == record
    assert parse_record(record.dump()[:-3]) is None and parse_record(b"junk") is None
    header = {"token": "t1", "spare": "t0", "counts": [2, 1, 1, 2]}  # before v2: a base64 line of mtimes
    names = "\0".join(["index.html", "a b/c\nd é.html", "mine.txt", "index.html", "a b", "x/y"])
    v1 = b"\n".join([json.dumps(header).encode(), names.encode(),
                     base64.b64encode(array("q", [5, -7_000_000_000_000]).tobytes())])
    assert parse_record(v1) == record


def test_folder_mtimes_are_passed_on_unparsed_with_the_changes_after_them_and_rewritten_when_stale():
    from sitegen.write import RawDirs, Record, parse_record
    full = {f"2024/{n:05d}": n for n in range(3000)}
    base = parse_record(Record({"a"}, dirs=full).dump(), raw_dirs=True)
    assert base.raw.entries == base.raw.unique == 3000 and base.dirs == {}
    changes = {"2024/00007": 70, "2024/00008": -1, "2025/new": 1}  # -1: the folder is gone
    passed = Record({"a"}, raw=base.raw, dirs=changes)
    expected = {**{d: t for d, t in full.items() if d != "2024/00008"}, "2024/00007": 70, "2025/new": 1}
    assert parse_record(passed.dump()).dirs == expected
    assert parse_record(passed.dump(), raw_dirs=True).raw.entries == 3003  # appended, not rewritten
    many = {f"2024/{n:05d}": n + 1 for n in range(2000)}  # more superseded entries than a quarter and 1,000
    again = Record({"a"}, raw=parse_record(passed.dump(), raw_dirs=True).raw, dirs=many)
    raw = parse_record(again.dump(), raw_dirs=True).raw
    assert raw.entries == raw.unique == len({**expected, **many}) == 3001  # 2024/00008 made again
    assert parse_record(again.dump()).dirs == {**expected, **many}
    assert RawDirs().parse() == {}


def test_a_records_folder_names_are_its_folders_without_the_gone_ones():
    """folder_names() (Stage.apply's folders to check) skips decoding the mtimes unless one is -1,
    and names what folders() has: a folder gone in the passed-on bytes or in the changes is not one,
    one made again after it is, and a folder dated before 1970 (0xff bytes, no -1) is."""
    from sitegen.write import RawDirs, Record, parse_record
    full = {"2024": 9, "2024/a": 1, "2024/b": 2, "old": -1_000_000_007, "é x": 3}
    raw = parse_record(Record({"a"}, dirs=full).dump(), raw_dirs=True).raw
    assert raw.folder_names() == set(raw.parse()) == set(full)
    gone = parse_record(Record({"a"}, raw=raw, dirs={"2024/a": -1, "2024/c": 4}).dump(), raw_dirs=True).raw
    assert gone.folder_names() == set(gone.parse()) == {"2024", "2024/b", "2024/c", "old", "é x"}
    cases = [Record(raw=raw), Record(raw=raw, dirs={"2024/b": -1, "new": 5}), Record(raw=gone, dirs={"2024/a": 6}),
             Record(raw=gone, dirs={"old": -1}), Record(dirs={"x": 1}), Record(raw=RawDirs(), dirs={"y": -1, "z": 2})]
    for record in cases:
        assert record.folder_names() == set(record.folders())
    assert cases[1].folder_names() == {"2024", "2024/a", "new", "old", "é x"}
    assert cases[2].folder_names() == {"2024", "2024/a", "2024/b", "2024/c", "old", "é x"}
    assert RawDirs().folder_names() == set() == Record().folder_names()


def test_two_records_folder_names_together_keep_a_folder_only_one_of_them_has_gone():
    """Stage.apply checks the folders of the last record and the new one: folder_names(also) adds one
    record's to the other's set (no third set of 176,467 names), and a folder one record says is gone
    is taken out of that record's names alone, never out of the other's it was added to."""
    from sitegen.write import AnyOf, RawDirs, Record, parse_record
    raw = parse_record(Record({"a"}, dirs={"2024": 9, "2024/a": 1, "old": 2, "é x": 3}).dump(), raw_dirs=True).raw
    gone = parse_record(Record({"a"}, raw=raw, dirs={"2024/a": -1, "2024/c": 4}).dump(), raw_dirs=True).raw
    records = [Record(raw=raw), Record(raw=raw, dirs={"old": -1, "new": 5}), Record(raw=gone), Record(raw=gone, dirs={"x": 1}),
               Record(dirs={"y": 1, "old": 2}), Record(raw=RawDirs(), dirs={"z": -1, "w": 2}), Record()]
    for one in records:
        for other in records:
            mine, theirs = one.folder_names(), other.folder_names()
            also = other.folder_names()
            assert one.folder_names(also) is also and also == mine | theirs
    assert Record(raw=raw, dirs={"old": -1}).folder_names({"old"}) == {"2024", "2024/a", "old", "é x"}
    assert Record(raw=gone).folder_names({"2024/a"}) == {"2024", "2024/a", "2024/c", "old", "é x"}
    ours = AnyOf({"a.html"}, {"b/index.html"}, set())
    assert "a.html" in ours and "b/index.html" in ours and "c.html" not in ours and "b" not in ours


def test_after_many_edits_the_record_holds_every_folders_mtime(tmp_path):
    """What the next build trusts to know that nobody added files to public/ since."""
    from builders import build
    from sitegen.write import read_record
    root = _site(tmp_path)
    assert build(root).ok
    for n in range(4):
        story = root / "content/year-review.md"
        story.write_text(story.read_text() + f"\nEdit {n}.\n")
        assert build(root).ok
        public = root / "public"
        dirs = read_record(public).dirs
        actual = {p.relative_to(public).as_posix(): p.stat().st_mtime_ns for p in public.rglob("*") if p.is_dir()}
        assert dirs == actual


@pytest.mark.parametrize("fails", [False, True])
def test_exchange_without_renameat2_swaps_and_never_removes_a_folder_beside(tmp_path, monkeypatch, fails):
    """Where the atomic swap is missing (other systems, some file systems) three renames do it. They
    went through '<output>.old', first removed whatever was there: an admin's public.old/ backup.
    A failed second rename puts the output back where it was."""
    from sitegen import write
    monkeypatch.setattr(write, "_libc", lambda: None)
    new, live, backup = tmp_path / ".public.spare", tmp_path / "public", tmp_path / "public.old"
    for folder, text in ((new, "new"), (live, "old"), (backup, "the admin's")):
        folder.mkdir()
        (folder / "index.html").write_text(text)
    if fails:
        real = os.rename

        def rename(src, dst):
            if Path(src) == new:
                raise OSError(5, "Input/output error", str(src))
            return real(src, dst)
        monkeypatch.setattr(os, "rename", rename)
        with pytest.raises(OSError):
            write.exchange(new, live)
        assert (live / "index.html").read_text() == "old" and (new / "index.html").read_text() == "new"
    else:
        write.exchange(new, live)
        assert (live / "index.html").read_text() == "new" and (new / "index.html").read_text() == "old"
    assert (backup / "index.html").read_text() == "the admin's"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".public.spare", "public", "public.old"]


_KILLED_SWITCH = """
import os, signal, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from sitegen import write
from builders import build
write._libc = lambda: None        # the fallback: three renames
real = os.rename


def rename(src, dst):
    src, dst = Path(src), Path(dst)
    second = src.name.endswith(write.SPARE_SUFFIX) and dst.name == "public"
    third = ".exchange-" in src.name
    if (second, third)[int(sys.argv[3])]:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(src, dst)


os.rename = rename
build(Path(sys.argv[2]))
"""


@pytest.mark.parametrize("step", [0, 1])
def test_a_switch_killed_between_the_fallback_s_renames_is_finished_by_the_next_build(tmp_path, step):
    """Killed after moving public/ aside (step 0: public/ missing, the next build started over and
    left the user's own files in the hidden folder) or before the last rename (step 1): the next
    build puts the folder back where it belongs. A folder of that name it did not make is kept."""
    import subprocess
    import sys
    from builders import build, copy_site
    root = copy_site("newsroom", tmp_path / "site")
    assert build(root).ok
    (root / "public" / "CNAME").write_text("news.example.org\n")   # the user's own file
    mine = tmp_path / "site" / ".public.exchange-0123456789abcdeg"  # not sitegen's: a letter past f
    mine.mkdir()
    (mine / "keep.txt").write_text("mine")
    story = root / "content" / "markets-close.md"
    story.write_text(story.read_text() + "\nAn edit.\n")
    tests = str(Path(__file__).parent)
    killed = subprocess.run([sys.executable, "-c", _KILLED_SWITCH, tests, str(root), str(step)], cwd=tests)
    assert killed.returncode == -9
    left = [p for p in root.iterdir() if ".exchange-" in p.name and p != mine]
    assert len(left) == 1 and (left[0] / "CNAME").is_file()
    assert (root / "public").is_dir() == bool(step)
    result = build(root)
    assert result.ok, result.errors
    assert (root / "public" / "CNAME").read_text() == "news.example.org\n"
    assert any("An edit." in p.read_text() for p in (root / "public").rglob("index.html"))
    assert [p.name for p in root.iterdir() if ".exchange-" in p.name] == [mine.name]
    assert (mine / "keep.txt").read_text() == "mine"


def test_files_rsynced_into_public_during_a_build_stay_live(tmp_path, monkeypatch):
    """inc55 3: `rsync -a src/ public/uploads/` while a build ran put a new file there and renamed a
    new version over one, then set the folder's mtime back to src/'s: the switch's look at the folders
    changed during the build (by mtime) missed it. The new file stayed in the spare (live every other
    build after), the replaced file's old version went live. Now the folders' ctime is looked at."""
    import subprocess
    from builders import build, copy_site
    from sitegen import write
    if not shutil.which("rsync"):
        pytest.skip("needs rsync")
    root = copy_site("newsroom", tmp_path / "site")
    assert build(root).ok
    public, src = root / "public", tmp_path / "src"
    (public / "uploads").mkdir()
    (public / "uploads/report.pdf").write_text("version 1")
    assert build(root).ok   # known, linked into the spare
    src.mkdir()
    (src / "report.pdf").write_text("version 2")
    (src / "new.pdf").write_text("new")
    for path in (src / "report.pdf", src / "new.pdf", src):
        os.utime(path, ns=(10**18, 10**18))   # 2001: rsync gives public/uploads this mtime
    synced = write.SpareSync.result

    def result(self):   # the spare synced: the upload comes while the build renders
        done = synced(self)
        subprocess.run(["rsync", "-a", f"{src}/", f"{public}/uploads/"], check=True)
        return done

    monkeypatch.setattr(write.SpareSync, "result", result)
    story = root / "content" / "markets-close.md"
    for n in range(3):
        story.write_text(story.read_text() + f"\nEdit {n}.\n")
        result_ = build(root)
        assert result_.ok, result_.errors
        assert sorted(os.listdir(public / "uploads")) == ["new.pdf", "report.pdf"], n
        assert (public / "uploads/report.pdf").read_text() == "version 2", n
        monkeypatch.setattr(write.SpareSync, "result", synced)


_MOVED_AWAY = """
import os, sys
from pathlib import Path
from sitegen import cli, write
live, moment = Path(sys.argv[1]) / "public", sys.argv[2]
real = {"before the switch": write.Stage.apply, "at the switch": write.exchange}[moment]


def away(*args, **kwargs):   # the user's `mv public public.old` while the build renders, or as it switches
    os.rename(live, live.with_name("public.old"))
    return real(*args, **kwargs)


setattr(*((write.Stage, "apply") if moment == "before the switch" else (write, "exchange")), away)
sys.exit(cli.main(["build", "--root", sys.argv[1], "--no-convert"]))
"""


@pytest.mark.parametrize("moment", ["before the switch", "at the switch"])
def test_public_moved_away_during_a_build_is_said_of_public_and_left_where_the_user_put_it(tmp_path, moment):
    """inc55 Left: public/ renamed away during a build failed it with '.sitegen/public.spare: No such
    file or directory' (at the switch), naming sitegen's spare and saying nothing of what to do; moved
    before the switch, the stage (the edit's pages and feeds only, not the site's 130 files) went live as
    public/, and the next build failed on it ('public: Directory not empty')."""
    import subprocess
    import sys
    from builders import copy_site, tree
    root = copy_site("newsroom", tmp_path / "site")
    cli = [sys.executable, "-m", "sitegen.cli", "build", "--root", str(root), "--no-convert"]
    assert subprocess.run(cli, capture_output=True, timeout=300).returncode == 0
    before = tree(root / "public")
    story = root / "content" / "markets-close.md"
    story.write_text(story.read_text() + "\nAn edit.\n")
    done = subprocess.run([sys.executable, "-c", _MOVED_AWAY, str(root), moment], capture_output=True, text=True,
                          timeout=300, cwd=Path(__file__).parent)
    assert done.returncode == 1, done.stdout + done.stderr   # as the other output errors
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "spare" not in errors[0], errors
    assert f"{root / 'public'}/ was moved or deleted while the build ran" in errors[0], errors
    assert "build again" in errors[0], errors
    assert not (root / "public").exists() and tree(root / "public.old") == before   # the moved folder untouched
    again = subprocess.run(cli, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stdout + again.stderr
    assert sorted(tree(root / "public")) == sorted(before)   # made anew, whole
    assert any("An edit." in p.read_text() for p in (root / "public").rglob("index.html"))
    assert tree(root / "public.old") == before


_REPLACED = """
import os, shutil, sys
from pathlib import Path
from sitegen import cli, write
live, how = Path(sys.argv[1]) / "public", sys.argv[2]
real = write.Stage.apply


def replaced(*args, **kwargs):   # the user's `mv public public.old && mkdir public` while the build renders
    if how == "a copy of it":
        shutil.copytree(live, live.with_name("public.copy"), symlinks=True)
    os.rename(live, live.with_name("public.old"))
    if how == "a copy of it":
        os.rename(live.with_name("public.copy"), live)
    else:
        live.mkdir()
    if how != "an empty folder":
        (live / "mine.txt").write_text("the user's, in the new folder")
    return real(*args, **kwargs)


write.Stage.apply = replaced
sys.exit(cli.main(["build", "--root", sys.argv[1], "--no-convert"]))
"""


@pytest.mark.parametrize("how", ["an empty folder", "a folder of theirs", "a copy of it"])
def test_public_replaced_during_a_build_is_refused_naming_public_and_both_folders_are_kept(tmp_path, how):
    """fix55c Left: public/ replaced by another folder while a build ran (`mv public public.old && mkdir
    public`, maybe with files of theirs in it): the switch swapped the user's new folder into the spare's
    place, the new build went live in it, and the next sync mirrored over the files they had put there.
    The switch is refused, naming public/ and saying what to do; neither folder is touched."""
    import subprocess
    import sys
    from builders import copy_site, tree
    root = copy_site("newsroom", tmp_path / "site")
    cli = [sys.executable, "-m", "sitegen.cli", "build", "--root", str(root), "--no-convert"]
    for _ in range(2):   # the second: a spare linked to the first
        assert subprocess.run(cli, capture_output=True, timeout=300).returncode == 0
    before = tree(root / "public")
    story = root / "content" / "markets-close.md"
    story.write_text(story.read_text() + "\nAn edit.\n")
    done = subprocess.run([sys.executable, "-c", _REPLACED, str(root), how], capture_output=True, text=True,
                          timeout=300, cwd=Path(__file__).parent)
    assert done.returncode == 1, done.stdout + done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "spare" not in errors[0], errors
    assert f"{root / 'public'}/ was replaced by another folder while the build ran" in errors[0], errors
    assert "build again" in errors[0].lower(), errors
    theirs = {} if how == "an empty folder" else {"mine.txt": b"the user's, in the new folder"}
    assert tree(root / "public") == ({**before, **theirs} if how == "a copy of it" else theirs)
    assert tree(root / "public.old") == before
    assert not list(root.rglob("*.landing"))
    again = subprocess.run(cli + ["--force-output"], capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stdout + again.stderr
    assert any("An edit." in p.read_text() for p in (root / "public").rglob("index.html"))
    assert sorted(tree(root / "public")) == sorted({**before, **theirs})
    story.write_text(story.read_text() + "\nAnother edit.\n")   # and the build after it: the spare mirrored
    again = subprocess.run(cli, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stdout + again.stderr
    assert {rel: (root / "public" / rel).read_bytes() for rel in theirs} == theirs
    assert tree(root / "public.old") == before



@pytest.mark.parametrize("how", ["cut short", "a newer sitegen's"])
def test_a_record_this_sitegen_cannot_read_is_not_taken_for_public_replaced(tmp_path, how):
    """rev56b 1: public/'s record there but not readable (cut short by a full disk, written by a newer
    sitegen) made claim() fall back on the build cache's list, with no token, while the check before
    the switch read the header's token: every build, --force-output too, failed as 'public/ was
    replaced by another folder', which it never was. It builds, as before that check."""
    import json
    import subprocess
    import sys
    from builders import copy_site
    root = copy_site("newsroom", tmp_path / "site")
    cli = [sys.executable, "-m", "sitegen.cli", "build", "--root", str(root), "--no-convert"]
    for _ in range(2):   # the second: a spare linked to the first
        assert subprocess.run(cli, capture_output=True, timeout=300).returncode == 0
    record = root / "public" / ".sitegen-output"
    data = record.read_bytes()
    if how == "cut short":
        record.write_bytes(data[:-50])
    else:
        header = json.loads(data.split(b"\n", 1)[0])
        record.write_bytes(json.dumps({**header, "v": 3}).encode() + b"\nnames of a newer format\n")
    story = root / "content" / "markets-close.md"
    for edit in ("An edit.", "Another edit."):   # the second: over the record the first wrote
        story.write_text(story.read_text() + f"\n{edit}\n")
        done = subprocess.run(cli, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        assert any(edit in p.read_text() for p in (root / "public").rglob("index.html"))


_MADE_DURING = """
import sys
from pathlib import Path
from sitegen import cli, write
live, theirs = Path(sys.argv[1]) / "public", sys.argv[2] == "with a file of theirs"
real = write.Stage.apply


def made(*args, **kwargs):   # a first build: public/ made while it renders (a web server's `mkdir -p public`)
    live.mkdir()
    if theirs:
        (live / "mine.txt").write_text("the user's")
    return real(*args, **kwargs)


write.Stage.apply = made
sys.exit(cli.main(["build", "--root", sys.argv[1], "--no-convert"]))
"""


@pytest.mark.parametrize("how", ["empty", "with a file of theirs"])
def test_a_first_build_with_public_made_while_it_ran_is_not_refused_as_replaced(tmp_path, how):
    """rev56b 2: no public/ when a first build began, one made while it ran: the check before the
    switch compared the folder's inode with none and refused the build, saying public/ was replaced and
    to move 'the folder moved elsewhere' back, when there was none. The build is whole (a first build
    stages every file): it goes in, a file of theirs kept, as before that check."""
    import subprocess
    import sys
    from builders import copy_site
    root = copy_site("newsroom", tmp_path / "site")
    done = subprocess.run([sys.executable, "-c", _MADE_DURING, str(root), how], capture_output=True, text=True,
                          timeout=300, cwd=Path(__file__).parent)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (root / "public" / "index.html").is_file()
    cli = [sys.executable, "-m", "sitegen.cli", "build", "--root", str(root), "--no-convert"]
    story = root / "content" / "markets-close.md"
    story.write_text(story.read_text() + "\nAn edit.\n")
    again = subprocess.run(cli, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stdout + again.stderr
    assert any("An edit." in p.read_text() for p in (root / "public").rglob("index.html"))
    if how != "empty":
        assert (root / "public" / "mine.txt").read_text() == "the user's"

_MOVED_AFTER = """
import os, sys, time
from pathlib import Path
from sitegen import cli, write
live = Path(sys.argv[1]) / "public"
synced, switch = write.SpareSync.result, write.exchange


def result(self):   # the sync done: a file the user puts in public/ while the build renders
    done = synced(self)
    (live / "late.txt").write_text("came during the build")
    time.sleep(0.3)
    return done


def exchange(a, b):   # the user's `mv public public.old` right after the switch
    switch(a, b)
    os.rename(live, live.with_name("public.old"))


write.SpareSync.result, write.exchange = result, exchange
sys.exit(cli.main(["build", "--root", sys.argv[1], "--no-convert"]))
"""


def test_public_moved_away_right_after_the_switch_is_said_of_public_and_no_public_is_made_of_the_users_file(
        tmp_path):
    """rev55c: public/ moved away just after the switch (the new build went with it). Putting back a
    file that came during the build made a public/ of its own holding that file alone, with no record:
    the build failed with a raw '.../public/tags/culture/feed.xml: No such file or directory', saying
    the rest was published to public/, and every build after failed on that folder ('not empty and has
    no record'). The build now says public/ was moved, and the next one makes it anew."""
    import subprocess
    import sys
    from builders import copy_site, tree
    root = copy_site("newsroom", tmp_path / "site")
    cli = [sys.executable, "-m", "sitegen.cli", "build", "--root", str(root), "--no-convert"]
    for _ in range(2):   # the second: a spare linked to the first
        assert subprocess.run(cli, capture_output=True, timeout=300).returncode == 0
    before = tree(root / "public")
    story = root / "content" / "markets-close.md"
    story.write_text(story.read_text() + "\nAn edit.\n")
    done = subprocess.run([sys.executable, "-c", _MOVED_AFTER, str(root)], capture_output=True, text=True,
                          timeout=300, cwd=Path(__file__).parent)
    assert done.returncode == 1, done.stdout + done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and f"{root / 'public'}/ was moved or deleted just after the new build was put" in errors[0]
    assert "build again" in errors[0], errors
    assert not os.path.lexists(root / "public")
    moved = tree(root / "public.old")
    assert any("An edit." in p.read_text() for p in (root / "public.old").rglob("index.html"))
    again = subprocess.run(cli, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stdout + again.stderr
    assert sorted(tree(root / "public")) == sorted(before)
    assert tree(root / "public.old") == moved


_MOVED_AFTER_SAVES = """
import os, sys, time
from pathlib import Path
from sitegen import cli, write
live = Path(sys.argv[1]) / "public"
synced, switch = write.SpareSync.result, write.exchange


def result(self):   # the sync done: the user's changes while the build renders
    done = synced(self)
    (live / "late.txt").write_text("came during the build")
    (live / "uploads/new").mkdir()
    (live / "uploads/new/photo.jpg").write_text("a new folder of theirs")
    (live / "CNAME.tmp").write_text("new.example.org")   # an editor's save: a new file renamed over
    os.replace(live / "CNAME.tmp", live / "CNAME")
    time.sleep(0.3)
    return done


def exchange(a, b):   # the user's `mv public public.old` right after the switch
    switch(a, b)
    os.rename(live, live.with_name("public.old"))


write.SpareSync.result, write.exchange = result, exchange
sys.exit(cli.main(["build", "--root", sys.argv[1], "--no-convert"]))
"""


def test_files_put_into_public_during_a_build_it_was_moved_after_are_kept_and_named(tmp_path):
    """rev55c Left: public/ moved away right after the switch: what the user put into it while the build
    ran (a file, a new folder, a file saved anew) went with the folder switched out, the spare, not the
    moved one; the next build made public/ anew, and the one after mirrored the spare over them, said
    nowhere. They are moved to a folder beside the spare that no build touches, and the error names it
    and them."""
    import subprocess
    import sys
    from builders import copy_site
    root = copy_site("newsroom", tmp_path / "site")
    public = root / "public"
    cli = [sys.executable, "-m", "sitegen.cli", "build", "--root", str(root), "--no-convert"]
    assert subprocess.run(cli, capture_output=True, timeout=300).returncode == 0
    (public / "CNAME").write_text("old.example.org")
    (public / "uploads").mkdir()
    (public / "uploads/old.jpg").write_text("there before")
    assert subprocess.run(cli, capture_output=True, timeout=300).returncode == 0   # known, linked into the spare
    story = root / "content" / "markets-close.md"
    story.write_text(story.read_text() + "\nAn edit.\n")
    done = subprocess.run([sys.executable, "-c", _MOVED_AFTER_SAVES, str(root)], capture_output=True, text=True,
                          timeout=300, cwd=Path(__file__).parent)
    assert done.returncode == 1, done.stdout + done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and f"{public}/ was moved or deleted just after the new build was put" in errors[0]
    kept = re.search(r"kept in (\S+)/ \(([^)]*)\)", errors[0])
    assert kept, errors
    folder = Path(kept[1])
    assert sorted(kept[2].split(", ")) == ["CNAME", "late.txt", "uploads/new/photo.jpg"]
    assert not str(folder).startswith(str(public))
    for n in range(2):   # public/ made anew, then an edit: the spare mirrored
        again = subprocess.run(cli, capture_output=True, text=True, timeout=300)
        assert again.returncode == 0, again.stdout + again.stderr
        story.write_text(story.read_text() + f"\nEdit {n}.\n")
    assert (folder / "late.txt").read_text() == "came during the build"
    assert (folder / "uploads/new/photo.jpg").read_text() == "a new folder of theirs"
    assert (folder / "CNAME").read_text() == "new.example.org"
    assert (root / "public.old/uploads/old.jpg").read_text() == "there before"
    assert not (folder / "uploads/old.jpg").exists()   # only what the moved folder lacks


_KILLED_LANDING = """
import os, signal, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from sitegen import write
from builders import build
live, after = Path(sys.argv[2]) / "public", sys.argv[3] != "before"
synced, switch = write.SpareSync.result, write.exchange


def result(self):   # the sync done: the user's changes, made while the build renders
    done = synced(self)
    (live / "late.txt").write_text("came during the build")
    (live / "archive/late.txt").write_text("came during the build too")
    (live / "CNAME.tmp").write_text("new.example.org")   # an editor's save: a new file renamed over
    os.replace(live / "CNAME.tmp", live / "CNAME")
    (live / "withdrawn.txt").unlink()
    time.sleep(0.3)   # the switch comes later than the clock's slack
    return done


def exchange(a, b):
    if after:
        switch(a, b)
    if sys.argv[3] == "ctrl-c":   # come after the rename, before exchange() returned
        raise KeyboardInterrupt
    os.kill(os.getpid(), signal.SIGKILL)


write.SpareSync.result, write.exchange = result, exchange
build(Path(sys.argv[2]))
"""


@pytest.mark.parametrize("moment", ["after", "before", "after, then idle", "after, an older sitegen's record", "ctrl-c"])
def test_a_build_killed_at_its_switch_keeps_the_users_changes_made_during_it(tmp_path, moment):
    """inc55 2: killed right after its switch, before it looked at what the user changed in public/
    during the build, a build left a file put there then in the spare alone (not live, and the next
    sync dropped it), the old version of a file saved over brought back live, and a file the user
    took out live again. The note written before the switch (<spare>.landing) has the next build do
    that look. Killed before the switch, the note is dropped: public/ is the old folder, the user's
    changes in it. A file the user puts in public/ after the kill is never taken out. A watcher's
    idle catch-up of the spare (under the site's lock, before the next build) does that look first.
    A link temporary an older sitegen left, taken out by the killed build, is not put back. A Ctrl-C
    that came after the rename, inside exchange(), leaves the note too."""
    import subprocess
    import sys
    from builders import build, copy_site
    root = copy_site("newsroom", tmp_path / "site")
    assert build(root).ok
    public = root / "public"
    assert (public / "archive").is_dir()
    (public / "CNAME").write_text("old.example.org")
    (public / "withdrawn.txt").write_text("taken down during the build")
    (public / "kept.txt").write_text("the user's, untouched")
    assert build(root).ok   # the user's files known, linked into the spare
    if moment.endswith("record"):
        from sitegen.write import LINK_TMP, read_record, write_record
        record = read_record(public)
        record.swept = False
        write_record(public, record)
        os.link(public / "index.html", public / f"index.html{LINK_TMP}")
    story = root / "content" / "markets-close.md"
    story.write_text(story.read_text() + "\nAn edit.\n")
    tests = str(Path(__file__).parent)
    killed = subprocess.run([sys.executable, "-c", _KILLED_LANDING, tests, str(root), moment.split(",")[0]],
                            cwd=tests, capture_output=True, text=True)
    assert killed.returncode == (1 if moment == "ctrl-c" else -signal.SIGKILL), killed.stderr
    landing = list(root.rglob("*.landing"))
    assert len(landing) == 1
    assert any("An edit." in p.read_text() for p in public.rglob("index.html")) == (moment != "before")
    if moment.endswith("idle"):
        from sitegen.write import catch_up_spare
        assert catch_up_spare(public, landing[0].with_suffix(""))
    (public / "after.txt").write_text("put there after the kill")
    (public / "archive/after.txt").write_text("put there after the kill too")
    for _ in range(2):   # and the build after it: the spare holds no other version to bring back
        result = build(root)
        assert result.ok, result.errors
        assert (public / "late.txt").read_text() == "came during the build"
        assert (public / "archive/late.txt").read_text() == "came during the build too"
        assert (public / "CNAME").read_text() == "new.example.org"
        assert not (public / "withdrawn.txt").exists()
        assert (public / "kept.txt").read_text() == "the user's, untouched"
        assert (public / "after.txt").read_text() == "put there after the kill"
        assert (public / "archive/after.txt").read_text() == "put there after the kill too"
        assert any("An edit." in p.read_text() for p in public.rglob("index.html"))
        assert not landing[0].exists() and not (public / "index.html.link-tmp").exists()
        story.write_text(story.read_text() + "\nAnother edit.\n")


def test_what_the_user_changes_after_a_build_killed_at_its_switch_is_not_undone_by_the_next_build(tmp_path):
    """rev55c: the next build's look at the killed build's changes (finish_landing) put the version of
    a file saved during the build back over the one the user saved after the kill, and brought back a
    file and a folder of theirs they took out of public/ after it: the top folder always counts as
    changed (the switch moves its ctime), and the spare still held them. What changed in public/
    after the switch is the user's last word."""
    import subprocess
    import sys
    from builders import build, copy_site
    root = copy_site("newsroom", tmp_path / "site")
    assert build(root).ok
    public = root / "public"
    (public / "CNAME").write_text("old.example.org")
    (public / "withdrawn.txt").write_text("taken down during the build")
    (public / "kept.txt").write_text("the user's, taken out after the kill")
    (public / "files").mkdir()
    (public / "files/a.txt").write_text("the user's folder, taken out after the kill")
    assert build(root).ok   # the user's files known, linked into the spare
    story = root / "content" / "markets-close.md"
    story.write_text(story.read_text() + "\nAn edit.\n")
    tests = str(Path(__file__).parent)
    killed = subprocess.run([sys.executable, "-c", _KILLED_LANDING, tests, str(root), "after"],
                            cwd=tests, capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert len(list(root.rglob("*.landing"))) == 1
    time.sleep(0.2)
    (public / "CNAME.tmp").write_text("newer.example.org")   # saved again after the kill
    os.replace(public / "CNAME.tmp", public / "CNAME")
    (public / "kept.txt").unlink()
    shutil.rmtree(public / "files")
    result = build(root)
    assert result.ok, result.errors
    assert (public / "CNAME").read_text() == "newer.example.org"
    assert not (public / "kept.txt").exists() and not (public / "files").exists()
    assert (public / "late.txt").read_text() == "came during the build"   # the killed build's still done
    assert (public / "archive/late.txt").read_text() == "came during the build too"
    assert not (public / "withdrawn.txt").exists()


_KILLED_SWAP = """
import os, shutil, signal, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from sitegen import write
from builders import build
live, step, at = Path(sys.argv[2]) / "public", int(sys.argv[3]), sys.argv[4]
write._libc = lambda: None        # the fallback: three renames
synced, switch, rename = write.SpareSync.result, write.exchange, os.rename
inner = []


def result(self):   # the sync done: the user puts a file where their folder was, while the build renders
    done = synced(self)
    shutil.rmtree(live / at)
    (live / at).write_text("now a file\\n")
    return done


def exchange(a, b, *args):   # the put-back's swap (not the switch's: that one names public/)
    inner.append("public" not in (Path(a).name, Path(b).name))
    try:
        return switch(a, b, *args)
    finally:
        inner.pop()


def renamed(src, dst):
    if inner and inner[-1]:
        inner.append(True)
        if len(inner) == 3 + step:   # killed after the fallback's first (step 0) or second (step 1) rename
            os.kill(os.getpid(), signal.SIGKILL)
    return rename(src, dst)


write.SpareSync.result, write.exchange, os.rename = result, exchange, renamed
build(Path(sys.argv[2]))
"""


@pytest.mark.parametrize("at", ["mine/notes", "notes"])
@pytest.mark.parametrize("step, theirs, idle", [(0, False, False), (1, False, False), (0, True, False),
                                                (1, True, False), (1, False, True)])
def test_a_put_back_swap_killed_between_the_fallback_s_renames_publishes_no_leftover_and_is_finished(tmp_path, step,
                                                                                                     theirs, idle, at):
    """inc55 Left: without renameat2, the put-back's swap of a user's file with the folder at its name
    (a file put where their folder was during a build) is three renames, the folder moved aside beside
    it in public/. Killed between them, '.notes.exchange-<hex>' was published, holding the folder, and
    stayed there build after build. Now the aside is in the spare, noted first in the landing note, and
    the next build finishes the swap: the user's file live, no leftover anywhere. One the user puts at
    that name after the kill (`theirs`) stays, and nothing of the swap is published over it. A watcher's
    idle catch-up of the spare (`idle`) finishes it first."""
    import subprocess
    import sys
    from builders import build, copy_site
    root = copy_site("newsroom", tmp_path / "site")
    assert build(root).ok
    public = root / "public"
    (public / at).mkdir(parents=True)
    (public / at / "n.txt").write_text("old notes\n")
    assert build(root).ok   # their folder known, linked into the spare
    story = root / "content" / "markets-close.md"
    story.write_text(story.read_text() + "\nAn edit.\n")
    tests = str(Path(__file__).parent)
    killed = subprocess.run([sys.executable, "-c", _KILLED_SWAP, tests, str(root), str(step), at], cwd=tests,
                            capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert [p.name for p in public.rglob("*") if ".exchange-" in p.name] == []   # nothing of the swap published
    assert any(".exchange-" in p.name for p in root.rglob("*"))   # (killed inside the fallback)
    if theirs:
        time.sleep(0.1)
        path = public / at
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
        path.write_text("put there after the kill\n")
    if idle:
        from sitegen.write import catch_up_spare
        assert catch_up_spare(public, root / ".sitegen" / "public.spare")
        assert (public / at).read_text() == "now a file\n"
        assert [p for p in root.rglob("*") if ".exchange-" in p.name] == []
    for n in range(2):   # and the build after it
        result = build(root)
        assert result.ok, result.errors
        assert (public / at).read_text() == ("put there after the kill\n" if theirs else "now a file\n")
        assert [p for p in root.rglob("*") if ".exchange-" in p.name] == []
        assert any("An edit." in p.read_text() for p in public.rglob("index.html"))
        assert not list(root.rglob("*.landing"))
        story.write_text(story.read_text() + f"\nEdit {n}.\n")



@pytest.mark.parametrize("at", ["mine/notes", "notes"])
def test_a_put_back_swap_killed_after_its_first_rename_then_the_build_s_entry_taken_out_loses_nothing(tmp_path, at):
    """rev56b 3: a put-back's swap (a file put where the user's folder was during a build) killed after
    the fallback's first rename, then the folder still live taken out by the user before the next
    build: the finish moved their file back into the spare, where the look at their changes left it
    (changed after the switch, by that rename), and the next mirror deleted it, said nowhere. It goes
    live, as the swap would have put it."""
    import subprocess
    import sys
    from builders import build, copy_site
    root = copy_site("newsroom", tmp_path / "site")
    assert build(root).ok
    public = root / "public"
    (public / at).mkdir(parents=True)
    (public / at / "n.txt").write_text("old notes\n")
    assert build(root).ok   # their folder known, linked into the spare
    story = root / "content" / "markets-close.md"
    story.write_text(story.read_text() + "\nAn edit.\n")
    tests = str(Path(__file__).parent)
    killed = subprocess.run([sys.executable, "-c", _KILLED_SWAP, tests, str(root), "0", at], cwd=tests,
                            capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert (public / at / "n.txt").is_file()   # (killed after the first rename: their old folder still live)
    time.sleep(0.1)
    shutil.rmtree(public / at)
    for n in range(2):   # and the build after it: the spare mirrored
        result = build(root)
        assert result.ok, result.errors
        assert (public / at).read_text() == "now a file\n"
        assert [p for p in root.rglob("*") if ".exchange-" in p.name] == []
        assert not list(root.rglob("*.landing"))
        story.write_text(story.read_text() + f"\nEdit {n}.\n")

_KILLED_FINISH = """
import os, signal, sys
from pathlib import Path
from sitegen import write
live, spare = Path(sys.argv[1]) / "public", Path(sys.argv[1]) / ".sitegen" / "public.spare"
replace = os.replace


def replaced(src, dst):   # killed right after its first put-back out of the spare's top folder
    replace(src, dst)
    if Path(src).parent == spare:
        os.kill(os.getpid(), signal.SIGKILL)


os.replace = replaced
write.finish_landing(live, spare)
"""


def test_a_look_at_a_killed_builds_changes_killed_itself_does_not_undo_what_the_user_changed_before_it(tmp_path):
    """rev55c Left: the next build's look at what a build killed at its switch left (finish_landing),
    itself killed after a put-back out of the spare's top folder: the run after it took the switch's
    time anew from the spare's ctime, which that put-back had moved, and undid what the user changed
    between the kill and the first run: a file they took out came back, one they saved again got the
    version of during the build. The time is kept in the landing note; the rerun takes it."""
    import subprocess
    import sys
    from builders import build, copy_site
    root = copy_site("newsroom", tmp_path / "site")
    assert build(root).ok
    public = root / "public"
    (public / "CNAME").write_text("old.example.org")
    (public / "withdrawn.txt").write_text("taken down during the build")
    (public / "kept.txt").write_text("the user's, taken out after the kill")
    assert build(root).ok   # the user's files known, linked into the spare
    story = root / "content" / "markets-close.md"
    story.write_text(story.read_text() + "\nAn edit.\n")
    tests = str(Path(__file__).parent)
    killed = subprocess.run([sys.executable, "-c", _KILLED_LANDING, tests, str(root), "after"],
                            cwd=tests, capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    time.sleep(0.2)
    (public / "CNAME.tmp").write_text("newer.example.org")   # saved again after the kill
    os.replace(public / "CNAME.tmp", public / "CNAME")
    (public / "kept.txt").unlink()
    time.sleep(0.2)
    again = subprocess.run([sys.executable, "-c", _KILLED_FINISH, str(root)], cwd=tests, capture_output=True,
                           text=True)
    assert again.returncode == -signal.SIGKILL, again.stderr
    assert (public / "late.txt").read_text() == "came during the build"   # (its put-back done: the kill after it)
    assert len(list(root.rglob("*.landing"))) == 1
    time.sleep(0.2)
    result = build(root)
    assert result.ok, result.errors
    assert (public / "CNAME").read_text() == "newer.example.org"
    assert not (public / "kept.txt").exists()
    assert (public / "archive/late.txt").read_text() == "came during the build too"   # the killed look still done
    assert not (public / "withdrawn.txt").exists()
    assert not list(root.rglob("*.landing"))


@pytest.mark.parametrize("note", ["garbage\n", "0123456789abcdef0123456789abcdef 0 {far}\n", "{token} 0\n"])
def test_a_landing_note_not_of_the_live_folder_s_switch_is_dropped_and_touches_nothing(tmp_path, note):
    """A note cut short by a kill while written, or one of a switch that did not happen (its build
    killed before exchange(), or its token not the live record's): dropped, no file moved or taken out."""
    from builders import build_copy
    from sitegen.write import LANDING_SUFFIX, finish_landing, read_record
    public = build_copy("newsroom", tmp_path / "site")
    root = public.parent
    story = root / "content" / "markets-close.md"
    story.write_text(story.read_text() + "\nAn edit.\n")
    from builders import build
    assert build(root).ok   # a spare holding the last build, its record the live one's `spare`
    spare = root / ".sitegen" / "public.spare"
    assert read_record(public).spare == read_record(spare).token
    (public / "mine.txt").write_text("the user's, in public/ alone")
    (spare / "stray.txt").write_text("in the spare alone")
    marker = spare.with_name(spare.name + LANDING_SUFFIX)
    far = time.time_ns() + 10**12
    marker.write_text(note.format(far=far, token=read_record(public).token), encoding="ascii")
    finish_landing(public, spare)
    assert not marker.exists()
    assert (public / "mine.txt").read_text() == "the user's, in public/ alone"
    assert not (public / "stray.txt").exists() and (spare / "stray.txt").is_file()


def test_landing_note_lines_not_as_sitegen_wrote_them_move_nothing(tmp_path):
    """finish_landing finishes only swaps _put_back noted: a 'swap' line cut short by a kill (no newline),
    not of that form, naming a path out of the output, or an aside not named as _swap names them
    moves nothing and fails nothing; nor does a 'switched' line that is not a time."""
    from builders import build, build_copy
    from sitegen.write import LANDING_SUFFIX, finish_landing, read_record
    public = build_copy("newsroom", tmp_path / "site")
    root = public.parent
    story = root / "content" / "markets-close.md"
    story.write_text(story.read_text() + "\nAn edit.\n")
    assert build(root).ok
    spare = root / ".sitegen" / "public.spare"
    hexed, loose = ".x.txt.exchange-0123456789abcdef", ".x.txt.exchange-notours"
    for folder, name in ((spare, hexed), (spare, loose), (root, hexed)):
        (folder / name).write_text("not to be moved")
    far = time.time_ns() + 10**12   # nothing changed since: only the note's later lines can move a file
    lines = ["switched nope", "swap x", "swap 1 [5, 6]", 'swap 1 {"a": 1}', f'swap 1 ["x.txt", "{loose}"]',
             f'swap 1 ["../x.txt", "{hexed}"]', f'swap 1 ["x.txt", "{hexed}"]']   # (the last: no newline, cut short)
    marker = spare.with_name(spare.name + LANDING_SUFFIX)
    marker.write_text(f"{read_record(public).token} {far} {far}\n" + "\n".join(lines), encoding="ascii")
    finish_landing(public, spare)
    assert not marker.exists() and not (public / "x.txt").exists()
    assert [(folder / name).read_text() for folder, name in ((spare, hexed), (spare, loose), (root, hexed))] \
        == ["not to be moved"] * 3


def test_only_an_exchange_folder_holding_an_output_record_is_moved_and_only_into_an_empty_place(tmp_path):
    from sitegen.write import RECORD, recover_exchange
    output, spare = tmp_path / "public", tmp_path / ".sitegen" / "public.spare"
    bare = tmp_path / ".public.exchange-00112233445566aa"       # sitegen's name, no record: not its folder
    bare.mkdir()
    recover_exchange(output, spare)
    assert bare.is_dir() and not output.exists()
    (bare / RECORD).write_bytes(b"{}")
    output.mkdir()
    spare.mkdir(parents=True)
    recover_exchange(output, spare)                               # both places taken: left alone
    assert bare.is_dir()
    spare.rmdir()
    recover_exchange(output, spare)
    assert not bare.exists() and (spare / RECORD).is_file()


def test_an_exchange_folder_not_named_by_sitegen_is_left_alone_even_with_a_record(tmp_path):
    """Only '.public.exchange-' and 16 hex digits is sitegen's: a user's folder holding a copy of
    the output (and so its record) stays where it is (review45i's mutation w_rectoken passed the file)."""
    from sitegen.write import RECORD, recover_exchange
    output, spare = tmp_path / "public", tmp_path / ".sitegen" / "public.spare"
    users = [tmp_path / ".public.exchange-mine", tmp_path / ".public.exchange-0011223344556677-old",
             tmp_path / ".public.exchange-00112233445566zz", tmp_path / ".public.exchange-00112233"]
    for folder in users:
        folder.mkdir()
        (folder / RECORD).write_bytes(b"{}")
    recover_exchange(output, spare)
    assert all((folder / RECORD).is_file() for folder in users) and not output.exists() and not spare.exists()


def test_clean_leftovers_keeps_a_users_folder_named_like_a_stage(tmp_path):
    """A killed build's stage is '.public.stage-' and mkdtemp's 8 characters; without that length
    check (review45i's mutation w_leftover8 passed the file) a user's '.public.stage-notes-2026'
    was deleted by every build."""
    from sitegen.write import STAGE_PREFIX, clean_leftovers
    output = tmp_path / "public"
    output.mkdir()
    mine = tmp_path / f".public{STAGE_PREFIX}notes-2026"
    (mine / "sub").mkdir(parents=True)
    killed = tmp_path / f".public{STAGE_PREFIX}ab12cd34"
    (killed / "2025").mkdir(parents=True)
    clean_leftovers(output)
    assert (mine / "sub").is_dir() and not killed.exists()


def test_a_large_folder_that_is_not_sitegens_is_refused_without_listing_it_all(tmp_path):
    """[paths] output = "$HOME" took 16 s to refuse (/usr, 138,000 entries: 8.6 s): every file in it
    was listed before the check that none is sitegen's. The first file found is enough: its
    sub-folders are never listed (a listing sets a folder's access time, set back here first)."""
    from builders import build
    root = _site(tmp_path)
    home = tmp_path / "home"
    for folder in ("docs/2024", "music"):
        (home / folder).mkdir(parents=True)
        (home / folder / "a.txt").write_text("mine")
    (home / ".bashrc").write_text("mine")
    control = tmp_path / "control"
    control.mkdir()
    os.utime(control, (0, time.time()))
    os.listdir(control)
    if os.stat(control).st_atime == 0:
        pytest.skip("this file system does not record when a folder is listed (noatime)")
    for folder in ("docs", "docs/2024", "music"):
        os.utime(home / folder, (0, time.time()))
    (root / "site.toml").write_text((root / "site.toml").read_text() + f'\n[paths]\noutput = "{home}"\n')
    result = build(root)
    assert not result.ok and "is not empty and has no record of a sitegen build" in result.errors[0], result.errors
    assert [os.stat(home / folder).st_atime for folder in ("docs", "docs/2024", "music")] == [0, 0, 0]
    assert sorted(p.name for p in home.rglob("*")) == [".bashrc", "2024", "a.txt", "a.txt", "docs", "music"]


def test_a_folder_an_older_sitegen_built_without_a_record_is_still_built_in(tmp_path):
    """The check that refuses a folder at its first file (test above) asks the build cache first:
    a folder whose files an older sitegen's cache lists (it kept no record then) is sitegen's."""
    from builders import build
    from sitegen.write import RECORD
    root = _site(tmp_path)
    assert build(root).ok
    (root / "public" / RECORD).unlink()
    (root / "public/CNAME").write_text("news.example.org\n")
    story = next((root / "content").glob("*.md"))
    story.write_text(story.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    result = build(root)
    assert result.ok, result.errors
    assert (root / "public/CNAME").read_text() == "news.example.org\n"


def test_folds_case_asks_the_disk_without_writing(tmp_path):
    """Linux's disks tell 'Index.html' from 'index.html' (this one does); a folder not made yet is
    asked of the nearest one up; nothing is written either way (rf46c: build_site keeps a redirect
    in another case of its page's address only where the disk tells them apart)."""
    from sitegen.write import folds_case
    (tmp_path / "public").mkdir()
    (tmp_path / "public" / "index.html").write_text("x")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    assert folds_case(tmp_path / "public") is False
    assert folds_case(tmp_path / "not" / "made") is False
    assert folds_case(tmp_path / "public" / "index.html") is False
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_a_file_renamed_in_public_during_a_build_is_not_there_twice(tmp_path):
    """rf47b 5: the put-back of the new name (a rename) moved the shared inode's ctime past the
    switch, so _deleted kept the old name, the spare's link: both names were published."""
    public = tmp_path / "public"
    pages = {"index.html": b"<p>1"}
    _stage_build(public, pages)
    (public / "report.pdf").write_text("pdf\n")
    (public / "docs").mkdir()
    (public / "docs/memo.pdf").write_text("memo\n")
    pages["index.html"] = b"<p>2"
    _stage_build(public, pages)

    def renames() -> None:
        os.rename(public / "report.pdf", public / "report-2024.pdf")       # renamed in place
        os.rename(public / "docs/memo.pdf", public / "memo.pdf")            # moved up a folder
        time.sleep(0.1)
    pages["index.html"] = b"<p>3"
    _stage_build(public, pages, meanwhile=renames)
    names = sorted(str(p.relative_to(public)) for p in public.rglob("*") if p.is_file() and not p.name.startswith("."))
    assert names == ["index.html", "memo.pdf", "report-2024.pdf"], names


def test_a_file_deleted_from_a_users_own_folder_during_a_build_stays_deleted(tmp_path):
    public = tmp_path / "public"
    pages = {"index.html": b"<p>1"}
    _stage_build(public, pages)
    (public / "downloads").mkdir()
    (public / "downloads/report.pdf").write_text("withdrawn\n")
    (public / "downloads/other.pdf").write_text("other\n")
    pages["index.html"] = b"<p>2"
    _stage_build(public, pages)

    def deletes() -> None:
        (public / "downloads/report.pdf").unlink()
        time.sleep(0.1)
    pages["index.html"] = b"<p>3"
    _stage_build(public, pages, meanwhile=deletes)
    assert not (public / "downloads/report.pdf").exists(), "the withdrawn file came back"


def test_folds_case_before_the_first_build_asks_the_site_folders_entries_not_its_name(tmp_path):
    """rf47a: with public/ not made yet, folds_case asked the site folder's own name, which its
    parent answers: at the root of a case-blind share or USB disk mounted on a Linux one, the parent
    said 'no', the case-only alias was kept and replaced the story with a redirect to itself. Here
    the parent answers the other way (a symlink NEWS -> news), which the disk under the site folder
    must not: it is asked of an entry inside (site.toml), on that folder's own disk."""
    from sitegen.write import folds_case
    site = tmp_path / "news"
    (site / "content").mkdir(parents=True)
    (site / "site.toml").write_text("[site]\n")
    (tmp_path / "NEWS").symlink_to(site, target_is_directory=True)
    assert folds_case(site / "public") is False
    from sitegen.write import case_probe
    assert case_probe(site / "public").parent == site
    assert case_probe(site / "public" / "2026" / "11").parent == site


CASE_BLIND_FS = Path(__file__).resolve().parent / "casefold_fs.py"


@contextmanager
def case_blind_disk(back: Path, mount: Path):
    """tests/casefold_fs.py mounted at `mount` over `back`; skips the test where FUSE cannot mount."""
    import subprocess, sys
    back.mkdir(), mount.mkdir()
    log = back.parent / "casefold_fs.log"
    with open(log, "w") as out:
        fs = subprocess.Popen([sys.executable, str(CASE_BLIND_FS), str(back), str(mount)], stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 10
        while not os.path.ismount(mount) and fs.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        if not os.path.ismount(mount):
            pytest.skip(f"FUSE could not mount the case-blind disk: {log.read_text()[-300:]}")
        yield mount
    finally:
        subprocess.run(["fusermount3", "-u", str(mount)], capture_output=True)
        fs.terminate()
        fs.wait(10)


@pytest.mark.skipif(importlib.util.find_spec("mfusepy") is None or shutil.which("fusermount3") is None
                    or not Path("/dev/fuse").exists(), reason="needs mfusepy, fuse3 and /dev/fuse for a case-blind disk")
def test_a_site_at_a_case_blind_disk_root_keeps_its_story_on_the_first_build(tmp_path):
    """rf47a: the same on a real case-blind disk (FUSE): the site folder is the disk's root, the
    first build leaves the case-only alias out, and the story's page holds the story."""
    from builders import build
    with case_blind_disk(tmp_path / "back", tmp_path / "mnt") as site:
        (site / "site.toml").write_text('[site]\ntitle = "T"\nbase_url = "https://ex.org/"\n')
        (site / "content").mkdir()
        (site / "content" / "a.md").write_text("---\ntitle: Brexit deal signed\nslug: brexit-deal-signed\n"
                                               "date: 2025-01-10T10:00:00Z\naliases: [/2025/01/Brexit-Deal-Signed/]\n"
                                               "---\nBody text here.\n")
        result = build(site)
        page = (site / "public/2025/01/brexit-deal-signed/index.html").read_text()
    assert "Body text here" in page
    assert any("/2025/01/Brexit-Deal-Signed/" in w and "left out" in w for w in result.warnings)


def test_a_story_edit_does_not_read_root_and_static_files_again_that_are_unchanged(tmp_path, monkeypatch):
    """rf48l 5: every build that changed anything compared each root/ and static/ file with its published
    copy, byte for byte: a 1 GB root/video.mp4 read 2 GB per story edit. A source and its copy whose stamps
    the last build saw holding the same bytes are not read again; a source changed since (same size) is
    published anew, and one changed in the last seconds (RACY_NS) is still compared."""
    from builders import build, starter_site
    from sitegen import write
    root = starter_site(tmp_path, {"root/video.mp4": "v" * 100000, "static/report.pdf": "p" * 5000,
                                   "root/fresh.txt": "new"})
    old = time.time_ns() - 60 * 10**9
    for rel in ("root/video.mp4", "static/report.pdf"):
        os.utime(root / rel, ns=(old, old))
    # their ctimes are now, which no test can set back: the first build waits out a shortened RACY_NS
    racy = write.RACY_NS
    monkeypatch.setattr(write, "RACY_NS", 2 * 10**8)
    time.sleep(0.3)
    assert build(root).ok
    monkeypatch.setattr(write, "RACY_NS", racy)
    compared: list[str] = []
    same_file = write.same_file
    monkeypatch.setattr(write, "same_file", lambda path, source: compared.append(Path(source).name) or
                        same_file(path, source))
    story = root / "content" / "s1.md"
    story.write_text(story.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    os.utime(story, ns=(time.time_ns() + 10**9,) * 2)
    (root / "root" / "fresh.txt").write_text("neu")
    result = build(root)
    assert result.ok and result.written > 0, result.errors
    assert "video.mp4" not in compared and "report.pdf" not in compared, compared
    assert (root / "public" / "fresh.txt").stat().st_mtime_ns != (root / "root" / "fresh.txt").stat().st_mtime_ns
    assert "fresh.txt" in compared   # changed just now: its mtime may not tell a second change, so compared
    (root / "root" / "video.mp4").write_text("w" * 100000)   # same size, another mtime
    os.utime(root / "root" / "video.mp4", ns=(old + 10**9, old + 10**9))
    assert build(root).ok
    assert (root / "public" / "video.mp4").read_text() == "w" * 100000
    assert (root / "public" / "static" / "report.pdf").read_text() == "p" * 5000


def test_a_static_or_root_file_replaced_with_one_of_its_size_and_mtime_is_published_anew(tmp_path):
    """rf49a 1: a file replaced by one of the same size whose mtime is the old one's (npm extracts every
    package file as 1985-10-26 08:15 UTC, npm/cli#3223; Nix's store, SOURCE_DATE_EPOCH builds, `cp -p`
    or `rsync -a` of such a vendored file; `touch -r`) is seen by the build (content.Stamp keeps the
    ctime and inode for exactly this), but Stage.put_file's _stamped_as took the published copy, which
    has the old size and the same mtime, for the new file's and kept the old bytes: an SVG icon's colour
    changed, a root/ JSON's version bumped, never published, while a clean build publishes them."""
    from builders import build, starter_site, tree
    files = {"static/icons/alert.svg": '<svg fill="#ff0000"/>', "root/version.json": '{"v": "1.2.3"}'}
    root = starter_site(tmp_path, files)
    npm = 499162500 * 10**9   # 1985-10-26T08:15:00Z: what npm stamps every file of a package with
    for rel in files:
        os.utime(root / rel, ns=(npm, npm))
    assert build(root).ok
    new = {"static/icons/alert.svg": '<svg fill="#00ff00"/>', "root/version.json": '{"v": "1.2.4"}'}
    for rel, text in new.items():   # a package's next version, copied in with its mtimes (cp -a, rsync -a)
        (root / rel).write_text(text, encoding="utf-8")
        os.utime(root / rel, ns=(npm, npm))
    assert build(root).ok
    assert (root / "public/static/icons/alert.svg").read_text() == new["static/icons/alert.svg"]
    assert (root / "public/version.json").read_text() == new["root/version.json"]
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("public", ".public.spare", ".sitegen"))
    assert build(clean).ok
    assert tree(root / "public") == tree(clean / "public")


def test_a_static_file_whose_override_was_copied_unsettled_and_then_removed_is_published_as_its_source(tmp_path, monkeypatch):
    """rf50a 1: put_file remembers a source and its output only once the source's stamp is settled
    (RACY_NS), but the build kept the last build's entry for that output when it copied a new source
    over it unsettled. The theme's templates/static/lib.js copied (its stamp remembered), then a
    vendored static/lib.js of the same size and mtime (npm's 1985 stamps) copied in its place within
    RACY_NS (a watcher builds at once): the output then had the size and mtime remembered with the
    theme's file, so once the override was removed the theme's unchanged stamp matched, and the
    override's bytes stayed published for good, while a clean build publishes the theme's."""
    from builders import build, starter_site, tree
    from sitegen import write
    files = {"templates/static/vendor/lib.txt": "version 1.2.3\n"}
    root = starter_site(tmp_path, files)
    npm = 499162500 * 10**9   # 1985-10-26T08:15:00Z: what npm stamps every file of a package with
    os.utime(root / "templates/static/vendor/lib.txt", ns=(npm, npm))
    racy = write.RACY_NS
    monkeypatch.setattr(write, "RACY_NS", 2 * 10**8)   # the theme's file settled: its ctime is now
    time.sleep(0.3)
    assert build(root).ok
    monkeypatch.setattr(write, "RACY_NS", racy)   # the override, copied at once: not settled
    override = root / "static/vendor/lib.txt"
    override.parent.mkdir(parents=True)
    override.write_text("version 1.2.4\n", encoding="utf-8")
    os.utime(override, ns=(npm, npm))
    assert build(root).ok
    assert (root / "public/static/vendor/lib.txt").read_text() == "version 1.2.4\n"
    override.unlink()
    assert build(root).ok
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("public", ".public.spare", ".sitegen"))
    assert build(clean).ok
    assert (root / "public/static/vendor/lib.txt").read_text() == "version 1.2.3\n"
    assert tree(root / "public") == tree(clean / "public")


def test_a_touched_root_file_found_unchanged_is_not_read_again_by_every_later_build(tmp_path, monkeypatch):
    """rf49a 2: rf48l 5 promised a 1 GB root/video.mp4 is not read again on a story edit. Once its mtime moves
    with its bytes unchanged (`touch`, a `git checkout` of another branch and back, a sync tool, an editor's
    save, a `cp` without -p of the same file), put_file compares it, finds it the same and keeps the copy
    (and its old mtime): the copy never has the source's mtime again, so every later build that changes
    anything reads the video twice (2 GB per story edit), for good, until its bytes change."""
    from builders import build, starter_site
    from sitegen import write
    root = starter_site(tmp_path, {"root/video.mp4": "v" * 100000})
    old = time.time_ns() - 600 * 10**9
    os.utime(root / "root/video.mp4", ns=(old, old))
    assert build(root).ok
    touched = time.time_ns() - 60 * 10**9   # a minute ago
    os.utime(root / "root/video.mp4", ns=(touched, touched))
    # its ctime is now, which no test can set back: wait out a shortened RACY_NS (a change within it may
    # share the ctime of the stamp put_file knows, so a source so recent is compared, not known)
    monkeypatch.setattr(write, "RACY_NS", 2 * 10**8)
    time.sleep(0.3)
    compared: list[str] = []
    same_file = write.same_file
    monkeypatch.setattr(write, "same_file", lambda path, source: compared.append(Path(source).name) or
                        same_file(path, source))
    story = root / "content" / "s1.md"
    for n in range(3):
        compared.clear()
        story.write_text(story.read_text(encoding="utf-8") + f"\nLine {n}.\n", encoding="utf-8")
        os.utime(story, ns=(time.time_ns() + (n + 1) * 10**9,) * 2)
        result = build(root)
        assert result.ok and result.written > 0, result.errors
    assert "video.mp4" not in compared, "the third story edit still read root/video.mp4 in full"
    assert (root / "public" / "video.mp4").read_text() == "v" * 100000
    # known unchanged, then re-cut with its size and mtime kept (rsync -a): its new ctime gives it away
    (root / "root/video.mp4").write_text("w" * 100000)
    os.utime(root / "root/video.mp4", ns=(touched, touched))
    story.write_text(story.read_text(encoding="utf-8") + "\nLast line.\n", encoding="utf-8")
    os.utime(story, ns=(time.time_ns() + 5 * 10**9,) * 2)
    assert build(root).ok
    assert (root / "public" / "video.mp4").read_text() == "w" * 100000


@contextmanager
def _volume_in(folder: Path, top: Path):
    """A disk of its own (a tmpfs: an uploads volume, an NFS media share) mounted at `folder`, and
    every mount left below `top` undone after, wherever a build moved it."""
    import subprocess
    from conftest import small_tmpfs
    try:
        with small_tmpfs(folder, "4m") as mounted:
            yield mounted
    finally:
        from sitegen.write import mount_points
        for point in sorted(mount_points(), key=len, reverse=True):
            if point.startswith(f"{os.path.realpath(top)}/"):
                subprocess.run(["umount", "-l", point], check=False)


def _edited_newsroom(tmp_path: Path) -> Path:
    from builders import build, copy_site
    root = copy_site("newsroom", tmp_path / "site")
    assert build(root).ok
    toml = root / "site.toml"
    toml.write_text(toml.read_text().replace('title = "The Daily Example"', 'title = "The Daily Example!"'))
    return root


def test_a_volume_mounted_inside_public_stays_served_there_after_a_build(tmp_path):
    """An uploads volume mounted in the web root (`-v uploads:/site/public/media`, an NFS photo share),
    still empty: the build's switch renamed public/ with the mount in it, so the volume went to the
    spare copy, public/media became an empty folder of the site's disk, the next upload landed there,
    and every build after failed on it ('Invalid cross-device link'). Refusing the build with advice
    (as a deploy to a folder does for such a volume) would also do; moving the volume may not."""
    from builders import build
    root = _edited_newsroom(tmp_path)
    media = root / "public/media"
    with _volume_in(media, tmp_path):
        result = build(root)
        assert os.path.ismount(media), (result.ok, result.errors,
                                        [p for p in (root / ".sitegen").rglob("media") if os.path.ismount(p)])
        error = "\n".join(result.errors)
        assert not result.ok and f"holds a mount point, {os.path.realpath(media)}" in error, error
        assert "location /media/ { alias /srv/media/; }" in error, error   # what to do instead
        assert not list((root / ".sitegen").rglob("media"))   # refused before the spare's sync wrote into it


def test_a_volume_mounted_deeper_inside_public_is_refused_too(tmp_path):
    """Any depth: an uploads share at public/media/uploads moves with public/ just the same."""
    from builders import build
    root = _edited_newsroom(tmp_path)
    (root / "public/media/uploads").mkdir(parents=True)
    with _volume_in(root / "public/media/uploads", tmp_path):
        result = build(root)
        assert not result.ok and "location /media/uploads/ {" in "\n".join(result.errors), result.errors
        assert os.path.ismount(root / "public/media/uploads")
    assert build(root).ok   # unmounted: the site builds again (the user's empty folder kept)
    assert (root / "public/media/uploads").is_dir()


def test_a_volume_an_older_sitegen_moved_into_the_spare_copy_is_named_and_kept(tmp_path):
    """A build of an older sitegen left the volume in .sitegen/public.spare/media: the next sync
    mirrored the spare from public/ (deleting what the CMS wrote to the volume meanwhile) or failed
    on EXDEV. Refused, naming the spare and the unmount, the volume's files kept."""
    from builders import build, tree
    root = _edited_newsroom(tmp_path)
    assert build(root).ok   # a writing build: the spare is the public/ it replaced
    spare = root / ".sitegen" / "public.spare"
    (spare / "media").mkdir()
    toml = root / "site.toml"
    toml.write_text(toml.read_text().replace("The Daily Example!", "The Daily Example?"))
    before = tree(root / "public")
    with _volume_in(spare / "media", tmp_path) as volume:
        (volume / "upload.jpg").write_bytes(b"uploaded after the move")
        result = build(root)
        error = "\n".join(result.errors)
        assert not result.ok and f"umount {os.path.realpath(spare / 'media')}" in error, error
        assert (volume / "upload.jpg").read_bytes() == b"uploaded after the move"
        assert tree(root / "public") == before


def test_a_volume_mounted_inside_public_is_named_with_what_to_do(tmp_path):
    from builders import build, tree
    root = _edited_newsroom(tmp_path)
    before = tree(root / "public")
    media = root / "public/media"
    with _volume_in(media, tmp_path):
        (media / "x.jpg").write_bytes(b"a photo")
        result = build(root)
        error = "\n".join(result.errors)
        assert not result.ok and "public/media" in error and "mount" in error and "cross-device" not in error, error
        assert os.path.ismount(media) and (media / "x.jpg").read_bytes() == b"a photo"
        assert {k: v for k, v in tree(root / "public").items() if k != "media/x.jpg"} == before   # left as it was


@pytest.mark.parametrize("uploads", [0, 1])
def test_a_volume_mounted_inside_public_after_a_build_stays_there_through_the_idle_search_index(tmp_path, uploads):
    """rf50e 1: the refusal was in the build only. watch/serve index search once idle
    (Builder.index_search), and that switches public/ whole too: a volume mounted in public/ after
    the last build (`mount` while serve runs) went into the spare, out of the web root, when
    empty; with a file in it, every idle pass failed with 'OSError: Invalid cross-device link'."""
    from builders import copy_site
    from conftest import FIXED_NOW
    from sitegen.build import Builder, BuildOptions
    from sitegen.config import load_config
    from sitegen.write import OutputError
    root = copy_site("newsroom", tmp_path / "site")
    toml = root / "site.toml"
    toml.write_text(toml.read_text().replace("enabled = false", "enabled = true"))
    builder = Builder(load_config(root), BuildOptions(search=False))   # as watch/serve build: index later
    assert builder.build(now=FIXED_NOW).ok
    media = root / "public/media"
    with _volume_in(media, tmp_path):
        for n in range(uploads):
            (media / f"{n}.jpg").write_bytes(b"a photo")
        try:
            line = builder.index_search()
        except OutputError as exc:
            line = f"error: {exc}"
        assert os.path.ismount(media) and len(list(media.iterdir())) == uploads, line
        assert line.startswith("error") and "public/media" in line and "mount" in line and "cross-device" not in line, line
        assert not (root / "public/pagefind").exists()   # nothing switched


def test_the_idle_spare_catch_up_leaves_a_volume_mounted_inside_public_alone(tmp_path):
    """rf50e 1: watch/serve's idle catch_up_spare linked a volume's files into the spare: 'warning:
    could not update the spare copy of the output: Invalid cross-device link' (an empty one became
    a folder of the spare). Left alone: the next build says what to do about the mount."""
    from builders import copy_site
    from conftest import FIXED_NOW
    from sitegen.build import Builder, BuildOptions
    from sitegen.config import load_config
    root = copy_site("newsroom", tmp_path / "site")
    builder = Builder(load_config(root), BuildOptions())
    assert builder.build(now=FIXED_NOW).ok
    toml = root / "site.toml"
    toml.write_text(toml.read_text().replace('title = "The Daily Example"', 'title = "The Daily Example!"'))
    builder = Builder(load_config(root), BuildOptions())
    assert builder.build(now=FIXED_NOW).ok
    media = root / "public/media"
    with _volume_in(media, tmp_path):
        (media / "x.jpg").write_bytes(b"a photo")
        assert builder.catch_up_spare() is False
        assert os.path.ismount(media) and (media / "x.jpg").read_bytes() == b"a photo"
        assert not (root / ".sitegen/public.spare/media").exists()


def test_an_override_copied_by_a_build_killed_before_its_cache_save_is_not_kept_once_removed(tmp_path, monkeypatch):
    """rf50e 2: rf50a 1's forgetting is in memory: a build killed after its switch and before the
    cache's save left the last build's pair (the theme's file, its output's size and mtime) for an
    output it had copied a vendored override of the same size and mtime over (npm's 1985 stamps).
    Once the override was removed, the theme's unchanged stamp matched that pair, and the override's
    bytes stayed published for good; a clean build publishes the theme's."""
    import subprocess
    import sys
    from builders import build, starter_site, tree
    from conftest import ROOT
    from sitegen import write
    root = starter_site(tmp_path, {"templates/static/vendor/lib.txt": "version 1.2.3\n"})
    npm = 499162500 * 10**9   # 1985-10-26T08:15:00Z
    os.utime(root / "templates/static/vendor/lib.txt", ns=(npm, npm))
    monkeypatch.setattr(write, "RACY_NS", 2 * 10**8)   # settled sooner: both sources' stamps remembered
    time.sleep(0.3)
    assert build(root).ok
    override = root / "static/vendor/lib.txt"
    override.parent.mkdir(parents=True)
    override.write_text("version 1.2.4\n", encoding="utf-8")
    os.utime(override, ns=(npm, npm))
    time.sleep(0.3)
    killed = subprocess.run([sys.executable, "-c", f"""
import os, signal, sys
sys.path.insert(0, {str(ROOT / "tests")!r})
from pathlib import Path
from sitegen import build as b, write
write.RACY_NS = 2 * 10**8
b.Builder._record = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)   # after the switch, before the save
from builders import build
build(Path({str(root)!r}))
"""], cwd=ROOT, capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert (root / "public/static/vendor/lib.txt").read_text() == "version 1.2.4\n"   # switched
    override.unlink()
    assert build(root).ok
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("public", ".public.spare", ".sitegen"))
    assert build(clean).ok
    assert (root / "public/static/vendor/lib.txt").read_text() == "version 1.2.3\n"
    assert tree(root / "public") == tree(clean / "public")


def test_a_volume_hidden_under_a_bind_mount_of_the_whole_site_does_not_refuse_its_builds(tmp_path):
    """rf50e 3: mountinfo keeps a line for a mount hidden under a later one. A volume mounted in
    site/public/media, and then another copy of the site bind-mounted over site/ (a container's
    `-v`, a `mount --bind` of a checkout): every build of the visible site was refused, 'public
    holds a mount point, .../public/media', though its public/ held none (it did not even exist)."""
    from builders import build, copy_site
    from sitegen.write import mount_points
    hidden, seen = tmp_path / "site", copy_site("newsroom", tmp_path / "checkout")
    (hidden / "public/media").mkdir(parents=True)
    with _volume_in(hidden / "public/media", tmp_path):
        with _bind_mounted(seen, hidden):
            assert not (hidden / "public").exists()   # the checkout's, over the site: no public/ yet
            result = build(hidden)
            assert result.ok, result.errors
            assert str(hidden / "public/media") not in mount_points() and str(hidden) in mount_points()
            assert (seen / "public/index.html").is_file()
        assert os.path.ismount(hidden / "public/media")   # the volume, where it was, untouched
        assert str(hidden / "public/media") in mount_points()   # seen again once the bind is gone


def test_another_accounts_read_only_folder_in_the_output_stops_no_build(tmp_path):
    # rr52d's Left: `sudo mkdir -m 555 public/legal` (another account's folder, the builder may neither
    # write in it nor chmod it): the first build published (its copy of legal/ is the builder's), but
    # the switch left the account's own folder in the spare, and every build after failed with a bare
    # "Operation not permitted" naming `.sitegen/public.spare/legal`: _writable's chmod. Now that spare
    # is set aside and made anew; every build publishes, the folder's files and mode kept. Run without
    # root's overrides of modes and owners (CAP_FOWNER too: else root may chmod any folder).
    import stat
    import subprocess
    import sys

    from builders import without_root_override
    from conftest import ROOT
    if os.geteuid() != 0:
        pytest.skip("needs root to give a folder to another account (chown)")
    root = tmp_path / "site"
    shutil.copytree(ROOT / "tests/sites/subpath", root)
    cli = [sys.executable, "-m", "sitegen.cli", "build", "--root", str(root), "--no-convert"]
    assert subprocess.run(cli, capture_output=True, timeout=300).returncode == 0
    legal = root / "public/legal"
    legal.mkdir()
    (legal / "imprint.html").write_text("<p>Imprint</p>\n", encoding="utf-8")
    for path in (legal, legal / "imprint.html"):
        os.chown(path, 12345, 12345)
    legal.chmod(0o555)
    story = root / "content/ferry-timetable.md"
    for n, time_ in enumerate(("23:45", "23:50", "23:55")):
        story.write_text(story.read_text(encoding="utf-8").replace(("22:30", "23:45", "23:50")[n], time_),
                         encoding="utf-8")
        done = subprocess.run(without_root_override(cli, "-dac_override,-dac_read_search,-fowner"),
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, (n, done.stdout + done.stderr)
        assert any(time_.encode() in p.read_bytes() for p in (root / "public").rglob("*.html")), n
        assert (root / "public/legal/imprint.html").read_text(encoding="utf-8") == "<p>Imprint</p>\n"
        assert stat.S_IMODE((root / "public/legal").stat().st_mode) == 0o555
    # what was set aside holds the account's folder alone (the builder may not empty it), once
    aside = [p for p in (root / ".sitegen").iterdir() if p.name.startswith("public.spare.theirs-")]
    assert len(aside) <= 1, aside
    assert sorted(str(p.relative_to(a)) for a in aside for p in a.rglob("*")) == \
        ["legal", "legal/imprint.html"] * len(aside)


def test_a_spare_set_aside_and_left_whole_by_a_kill_is_removed_by_the_next_writing_build(tmp_path):
    # left53 4 set a spare holding another account's folder aside (.sitegen/public.spare.theirs-<ns>)
    # and removed it; a kill between the rename and the removal left a whole copy of the site there,
    # which nothing removed: disk lost for good, once per such kill. Now a writing build removes
    # those first, only those: a user's look-alike name and a link of that name (not its target) stay.
    import subprocess
    import sys

    from conftest import ROOT
    root = tmp_path / "site"
    shutil.copytree(ROOT / "tests/sites/subpath", root)
    cli = [sys.executable, "-m", "sitegen.cli", "build", "--root", str(root), "--no-convert"]
    assert subprocess.run(cli, capture_output=True, timeout=300).returncode == 0
    killed = root / ".sitegen/public.spare.theirs-1765000000123456789"
    shutil.copytree(root / "public", killed)
    lookalike = root / ".sitegen/public.spare.theirs-notes"
    lookalike.mkdir()
    (lookalike / "mine.txt").write_text("mine\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep\n", encoding="utf-8")
    (root / ".sitegen/public.spare.theirs-42").symlink_to(elsewhere, target_is_directory=True)
    story = root / "content/ferry-timetable.md"
    story.write_text(story.read_text(encoding="utf-8").replace("22:30", "23:45"), encoding="utf-8")
    done = subprocess.run(cli, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not os.path.lexists(killed)
    assert (lookalike / "mine.txt").read_text(encoding="utf-8") == "mine\n"
    assert (root / ".sitegen/public.spare.theirs-42").is_symlink()
    assert (elsewhere / "keep.txt").read_text(encoding="utf-8") == "keep\n"


def test_a_read_only_output_is_named_as_the_output_not_as_the_spare_copy(tmp_path):
    # public/ made read-only (chmod -R a-w public, or a web server's account owning it): the build
    # fails, public/ as it was (right), but its error named a folder inside .sitegen/public.spare/,
    # which the user never made (review52b 3): _mirror gave a copied folder public/'s 0555 before it
    # made the folders in it. Its advice, "check its owner and permissions", done there, changed
    # nothing. Now every such build names public/, and once public/ is writable again the next
    # build publishes (the spare's read-only copies from the failed builds are no obstacle).
    import stat
    import subprocess
    import sys

    from builders import without_root_override
    from conftest import ROOT
    root = tmp_path / "site"
    shutil.copytree(ROOT / "tests/sites/subpath", root)
    cli = [sys.executable, "-m", "sitegen.cli", "build", "--root", str(root), "--no-convert"]
    assert subprocess.run(cli, capture_output=True, timeout=300).returncode == 0
    before = {p: p.read_bytes() for p in (root / "public").rglob("*") if p.is_file()}
    story = root / "content/ferry-timetable.md"
    story.write_text(story.read_text(encoding="utf-8").replace("22:30", "23:45"), encoding="utf-8")
    folders = [root / "public", *(p for p in (root / "public").rglob("*") if p.is_dir())]
    for folder in folders:
        folder.chmod(0o555)
    try:
        runs = [subprocess.run(without_root_override(cli), capture_output=True, text=True, timeout=300)
                for _ in range(2)]   # the second with the spare as the first left it
    finally:
        for folder in folders:
            folder.chmod(0o755)
    for done in runs:
        assert done.returncode == 1, done.stdout + done.stderr
        errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
        assert errors and all("public.spare" not in line for line in errors), errors
        assert all(f"{root / 'public'}/" in line and "permissions" in line for line in errors), errors
    assert {p: p.read_bytes() for p in (root / "public").rglob("*") if p.is_file()} == before   # as it was
    fixed = subprocess.run(without_root_override(cli), capture_output=True, text=True, timeout=300)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert any(b"23:45" in p.read_bytes() for p in (root / "public").rglob("*.html"))
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o755 for p in (root / "public").rglob("*") if p.is_dir())


def test_files_refused_by_a_link_out_of_the_output_make_one_error_a_link_naming_it_and_what_to_do(tmp_path):
    # review53b 1: images.stage and assets.stage let safe_join's WriteError out of the build (a traceback);
    # they now gather the refusals in a Refused: one error a link, however many files it refused.
    from sitegen.write import Refused
    public, media, css = tmp_path / "public", tmp_path / "media", tmp_path / "css"
    public.mkdir(), media.mkdir(), css.mkdir()
    (public / "images").symlink_to(media)
    (public / "static").mkdir()
    (public / "static/css").symlink_to(css)
    refused = Refused(public, "pictures")
    for rel in ("images/a.320.webp", "images/a.640.webp", "static/css/x.css"):
        with pytest.raises(WriteError) as exc:
            safe_join(public, rel)
        refused.add(rel, exc.value)
    refused.add("../out", WriteError("refusing to write '../out': the path would leave it"))   # no link: as raised
    errors = refused.errors()
    assert errors[0] == "refusing to write '../out': the path would leave it"
    assert errors[1] == (f"{public}/images is a link of yours (to {media}, outside {public}), which sitegen writes "
                         "nothing through; pictures not written: images/a.320.webp and 1 more. images/ is sitegen's "
                         "alone: put the folder back in place of the link (to keep the site on another disk, set "
                         "[paths] output in site.toml to a folder there), then build again")
    assert errors[2].startswith(f"{public}/static/css is a link of yours (to {css}, ") and "not written: " \
        "static/css/x.css. static/css/ is sitegen's alone" in errors[2] and len(errors) == 3
    assert list(media.iterdir()) == [] and list(css.iterdir()) == []


# rr54b -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("version", [2, 1])
def test_a_record_cut_to_its_header_line_is_read_as_naming_no_file_not_a_traceback(tmp_path, version):
    """rr54b 1: perf53's owned_below (own_files, read by every build that finds a file in public/static/
    or images/) took the header's end with data.index(b"\\n"): a record that is its header alone (a
    hand edit, or a cut, dropping the newline sitegen ends the header with) parses (parse_record: no
    names, no folders), and every build then died of `ValueError: subsection not found`. Before, the
    record's full parse said it named no file; so it does again, and the build names the files in
    public/ it did not write, as for the same header with its newline."""
    import json
    from builders import build
    from sitegen.write import HOSTED, own_files, owned_below, parse_record
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "site.toml").write_text('[site]\ntitle = "T"\nbase_url = "https://example.org/"\nlanguage = "en"\n')
    (root / "content/a.md").write_text("---\ntitle: A\ndate: 2025-01-10T09:00:00Z\n---\nBody.\n")
    assert build(root).ok
    public = root / "public"
    header = {"v": 2, "token": "t", "spare": "", "counts": [0, 0, 0], "dirs": [0, 0], "sizes": [0, 0]} \
        if version == 2 else {"token": "t", "spare": "", "counts": [0, 0, 0, 0]}
    said = {}
    for end in (b"\n", b""):
        (public / RECORD).write_bytes(json.dumps(header).encode() + end)
        assert parse_record((public / RECORD).read_bytes()) is not None   # a record, naming nothing
        assert owned_below(public, HOSTED) == set()
        assert "static/logo.png" in own_files(public)
        result = build(root)
        said[end] = (result.ok, sorted(e.split(": ", 1)[1] for e in result.errors))
        assert not result.ok and any("not sitegen's (a file put there by hand)" in e for e in result.errors), result.errors
    assert said[b""] == said[b"\n"]


def test_write_advice_names_the_config_file_given_with_config_not_site_toml(tmp_path):
    # left53 5's Left: under `--config prod.toml` (no site.toml at all) the output's checks (claim) and
    # a link out of public/ (Refused) still said "set [paths] output in site.toml": a file the site does
    # not have. They now name the file the build read, as the build's other advice does (Config.file).
    import subprocess
    import sys

    from conftest import ROOT
    root = tmp_path / "site"
    shutil.copytree(ROOT / "tests/sites/subpath", root)
    (root / "site.toml").rename(root / "prod.toml")
    cli = [sys.executable, "-m", "sitegen.cli", "build", "--root", str(root), "--config", str(root / "prod.toml"),
           "--no-convert"]
    (root / "public").mkdir()
    (root / "public/notes.txt").write_text("mine\n", encoding="utf-8")
    done = subprocess.run(cli, capture_output=True, text=True, timeout=300)
    assert done.returncode != 0 and "Set [paths] output in prod.toml to an empty or new folder" in done.stderr, \
        done.stderr
    assert "site.toml" not in done.stdout + done.stderr
    (root / "public/notes.txt").unlink()
    assert subprocess.run(cli, capture_output=True, timeout=300).returncode == 0
    elsewhere = tmp_path / "elsewhere"
    shutil.move(root / "public/static", elsewhere)
    (root / "public/static").symlink_to(elsewhere, target_is_directory=True)
    (root / "static/extra.txt").write_text("new\n", encoding="utf-8")
    done = subprocess.run(cli, capture_output=True, text=True, timeout=300)
    assert done.returncode != 0 and f"{root}/public/static is a link of yours" in done.stderr, done.stderr
    assert "set [paths] output in prod.toml to a folder there" in done.stderr, done.stderr
    assert "site.toml" not in done.stdout + done.stderr
    assert not (elsewhere / "extra.txt").exists()
