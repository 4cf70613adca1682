"""write.py: nothing lands outside public/, unchanged bytes are not rewritten, stale files go."""
from __future__ import annotations

import os

import pytest

from sitegen.write import Stage, WriteError, safe_join


@pytest.mark.parametrize("rel", ["../x.html", "a/../../x.html", "/etc/passwd", "a//b.html", "./a.html", "a\0b"])
def test_paths_that_leave_the_folder_are_refused(tmp_path, rel):
    with pytest.raises(WriteError, match="refusing to write"):
        safe_join(tmp_path / "public", rel)


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


def test_first_build_becomes_public_in_one_rename_and_is_world_readable(tmp_path):
    public = tmp_path / "public"
    stage = Stage(public)
    stage.put("index.html", b"<!doctype html>")
    stage.staged = ["index.html"]
    stage.apply(stale=set())
    assert (public / "index.html").read_bytes() == b"<!doctype html>"
    assert os.stat(public).st_mode & 0o755 == 0o755  # a web server running as another user can read it


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
