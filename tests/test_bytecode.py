"""bytecode.py: Jinja's compiled templates are loaded only when signed with this user's key."""
from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest

from sitegen.bytecode import FOLDER, KEY_FILE, SignedBytecodeCache, bytecode_cache, signing_key


@pytest.fixture
def key_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home / "sitegen"


def _env(templates: Path, cache: SignedBytecodeCache | None) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), bytecode_cache=cache,
                              autoescape=True)


def _planted(templates: Path, cache_dir: Path, name: str, evil_source: str, key: bytes) -> None:
    """Write into cache_dir the code of `evil_source` under the bucket of templates/name (its
    real source's checksum, so Jinja would take it), signed with `key`."""
    env = _env(templates, None)
    source, filename, _ = env.loader.get_source(env, name)
    planter = SignedBytecodeCache(cache_dir, key)
    bucket = planter.get_bucket(env, name, filename, source)
    bucket.code = env.compile(evil_source, name, filename)
    planter.dump_bytecode(bucket)


@pytest.fixture
def site(tmp_path) -> tuple[Path, Path]:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ title }}</p>\n")
    return templates, tmp_path / ".sitegen"


def test_compiled_templates_are_reused_when_signed_with_the_users_key(site, key_home):
    templates, cache = site
    first = _env(templates, bytecode_cache(cache))
    assert first.get_template("page.html").render(title="a&b") == "<p>a&amp;b</p>"
    assert list((cache / FOLDER).glob("*.code"))
    # the cache is really read: a file signed with the user's key is taken as it is
    _planted(templates, cache / FOLDER, "page.html", "SIGNED {{ title }}", signing_key())
    assert _env(templates, bytecode_cache(cache)).get_template("page.html").render(title="x") == "SIGNED x"


def test_code_planted_in_a_restored_cache_is_never_run(site, key_home):
    templates, cache = site
    _env(templates, bytecode_cache(cache)).get_template("page.html")
    _planted(templates, cache / FOLDER, "page.html", "PWNED {{ title }}", os.urandom(32))
    assert _env(templates, bytecode_cache(cache)).get_template("page.html").render(title="x") == "<p>x</p>"
    # unsigned, truncated and empty files too
    for data in (b"", b"\0" * 10, b"\1" * 200):
        for path in (cache / FOLDER).glob("*.code"):
            path.write_bytes(data)
        assert _env(templates, bytecode_cache(cache)).get_template("page.html").render(title="y") == "<p>y</p>"


def test_the_key_is_made_once_private_and_shared_by_later_builds(key_home):
    key = signing_key()
    assert key is not None and len(key) == 32
    assert (key_home / KEY_FILE).stat().st_mode & 0o777 == 0o600
    assert signing_key() == key
    assert not [p for p in key_home.iterdir() if p.name != KEY_FILE]  # no temporary file left


def test_a_key_others_can_write_or_read_is_not_used(site, key_home):
    templates, cache = site
    signing_key()
    os.chmod(key_home / KEY_FILE, 0o644)
    assert signing_key() is None
    assert bytecode_cache(cache) is None  # templates compiled in memory instead
    os.chmod(key_home / KEY_FILE, 0o600)
    (key_home / KEY_FILE).write_bytes(b"short")
    assert signing_key() is None


def test_no_usable_key_folder_means_no_cache_not_a_failed_build(site, tmp_path, monkeypatch):
    templates, cache = site
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert signing_key() is None
    env = _env(templates, bytecode_cache(cache))
    assert env.get_template("page.html").render(title="z") == "<p>z</p>"


def test_the_old_unsigned_folder_is_removed(site, key_home):
    templates, cache = site
    old = cache / "jinja"
    old.mkdir(parents=True)
    (old / "__jinja2_0123.cache").write_bytes(b"marshalled code")
    bytecode_cache(cache)
    assert not old.exists()


def test_only_jinjas_own_files_are_removed_from_the_old_folder(site, key_home):
    templates, cache = site
    old = cache / "jinja"
    old.mkdir(parents=True)
    (old / "__jinja2_0123.cache").write_bytes(b"marshalled code")
    (old / "notes.txt").write_text("a user's file, where a cache path pointed at their folder")
    bytecode_cache(cache)
    assert sorted(p.name for p in old.iterdir()) == ["notes.txt"]


def test_the_renderer_keeps_its_compiled_templates_signed(tmp_path, key_home):
    from sitegen.config import parse_config
    from sitegen.render import jinja_env
    env = jinja_env(parse_config({}, tmp_path))
    assert isinstance(env.bytecode_cache, SignedBytecodeCache)
    assert env.bytecode_cache.folder == tmp_path / ".sitegen" / FOLDER


def test_a_relative_xdg_cache_home_is_ignored(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert signing_key() is not None
    assert (tmp_path / "home" / ".cache" / "sitegen" / KEY_FILE).exists()
    assert not (tmp_path / "relative").exists()
