"""Golden sites: each tests/sites/<name>/ (with a site.toml) is built with the fixed clock and must
equal tests/expected/<name>/ byte for byte. Broken sites in tests/sites/invalid/<case>/ must fail
with every line of their expected-error.txt in the errors, and write nothing.

After an intended change to the output (templates, views, feeds, ...), regenerate and review:

    .venv/bin/python tests/test_golden.py      # rewrites tests/expected/ from tests/sites/
    git diff --stat tests/expected/            # then read the diff before committing it
"""
from __future__ import annotations

import difflib
import io
import shutil
import tempfile
from pathlib import Path

import pytest

from builders import SITES, build, build_copy, copy_site, tree
from sitegen.write import RECORD

EXPECTED = Path(__file__).resolve().parent / "expected"
REGEN = "regenerate with `.venv/bin/python tests/test_golden.py` and review `git diff tests/expected/`"
GOLDEN = sorted(p.name for p in SITES.iterdir() if (p / "site.toml").is_file())
INVALID = sorted(p.name for p in (SITES / "invalid").iterdir() if p.is_dir())


def _diff(rel: str, got: bytes, want: bytes) -> str:
    lines = difflib.unified_diff(want.decode(errors="replace").splitlines(), got.decode(errors="replace").splitlines(),
                                 f"expected/{rel}", f"built/{rel}", lineterm="", n=2)
    return "\n".join(list(lines)[:40])


def _same_picture(rel: str, got: bytes, want: bytes) -> bool:
    """A processed picture: the same format and size. Its exact bytes are the encoder's (Pillow's
    libjpeg/libwebp version), not sitegen's; its name already carries the source and settings."""
    if not rel.startswith("images/") or not rel.endswith((".jpg", ".png", ".webp")):
        return False
    from PIL import Image
    with Image.open(io.BytesIO(got)) as a, Image.open(io.BytesIO(want)) as b:
        return (a.format, a.size, a.mode) == (b.format, b.size, b.mode)


@pytest.mark.cold_cache   # byte for byte from a first build's compile (the other tests start from a compiled theme)
@pytest.mark.parametrize("name", GOLDEN)
def test_golden_site_matches_expected_output(name, tmp_path):
    got = tree(build_copy(name, tmp_path / name))
    want = tree(EXPECTED / name)
    missing, extra = sorted(set(want) - set(got)), sorted(set(got) - set(want))
    assert not missing and not extra, f"missing: {missing}\nunexpected: {extra}\n{REGEN}"
    changed = [rel for rel in sorted(got) if got[rel] != want[rel] and not _same_picture(rel, got[rel], want[rel])]
    assert not changed, f"{len(changed)} file(s) differ: {changed}\n{_diff(changed[0], got[changed[0]], want[changed[0]])}\n{REGEN}"


# a story that does not parse stops no other (feat43a): the rest is published without it, but --strict
STORY_ERRORS = {"bad_yaml", "missing_title"}


@pytest.mark.parametrize("case", INVALID)
def test_invalid_site_fails_with_its_error(case, tmp_path):
    for strict in (False, True):
        root = copy_site(f"invalid/{case}", tmp_path / f"{case}-{strict}")
        result = build(root, strict=strict)
        assert not result.ok
        errors = "\n".join(result.errors)
        for expected in (root / "expected-error.txt").read_text(encoding="utf-8").splitlines():
            assert expected in errors, f"{expected!r} not in the build's errors:\n{errors}"
        if case in STORY_ERRORS and not strict:
            assert result.published and (root / "public" / "index.html").is_file(), errors
            assert all(e.endswith("(the story is left out until fixed)") for e in result.errors), errors
        else:
            assert not (root / "public").exists(), "a failed first build must not create public/"


def regenerate() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        for name in GOLDEN:
            public = build_copy(name, Path(scratch) / name)
            shutil.rmtree(EXPECTED / name, ignore_errors=True)
            shutil.copytree(public, EXPECTED / name, ignore=shutil.ignore_patterns(RECORD))
            print(f"tests/expected/{name}: {len(tree(public))} files")


if __name__ == "__main__":
    regenerate()
