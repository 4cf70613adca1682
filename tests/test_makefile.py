"""The Makefile's targets that touch a site's folders: `make clean` removes sitegen's cache and
nothing of the user's (a file in public/, the record of stories taken down, the hand edits
`convert --force` replaced)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_clean_keeps_users_files_and_take_downs(tmp_path):
    (tmp_path / "public").mkdir()
    (tmp_path / "public" / "google1234.html").write_text("verification", encoding="utf-8")
    (tmp_path / ".sitegen" / "preview").mkdir(parents=True)
    (tmp_path / ".sitegen" / "cache.sqlite").write_bytes(b"x")
    (tmp_path / ".sitegen" / "convert-state.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".sitegen" / "discarded").mkdir()
    (tmp_path / ".sitegen" / "discarded" / "20261204-220000-story.md").write_text("my edit", encoding="utf-8")
    subprocess.run(["make", "-s", "-f", str(ROOT / "Makefile"), "clean"], cwd=tmp_path, check=True)
    assert (tmp_path / "public" / "google1234.html").read_text(encoding="utf-8") == "verification"
    assert sorted(p.name for p in (tmp_path / ".sitegen").iterdir()) == ["convert-state.json", "discarded"]
    assert (tmp_path / ".sitegen" / "discarded" / "20261204-220000-story.md").read_text(encoding="utf-8") == "my edit"
    subprocess.run(["make", "-s", "-f", str(ROOT / "Makefile"), "clean"], cwd=tmp_path / "public", check=True)  # no .sitegen
