"""bytecode.py: Jinja's compiled templates are loaded only when signed with this user's key."""
from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest

from sitegen.bytecode import (KEY_FILE, MAX_FILES, SHARED, SignedBytecodeCache, bytecode_cache, environment_digest,
                              prune, signing_key)

SALT = "an environment"
pytestmark = pytest.mark.cold_cache   # the cache itself is the subject: no test starts with a filled one


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


def _planted_as(templates: Path, folder: Path, name: str, evil_source: str, key: bytes, salt: str = SALT) -> None:
    """_planted, under the file name the cache of environment `salt` looks for."""
    env = _env(templates, None)
    source, filename, _ = env.loader.get_source(env, name)
    planter = SignedBytecodeCache(folder, key, salt)
    bucket = planter.get_bucket(env, name, filename, source)
    bucket.code = env.compile(evil_source, name, filename)
    planter.dump_bytecode(bucket)


def test_compiled_templates_are_reused_when_signed_with_the_users_key(site, key_home):
    templates, cache = site
    first = _env(templates, bytecode_cache(cache, SALT))
    assert first.get_template("page.html").render(title="a&b") == "<p>a&amp;b</p>"
    assert list((key_home / SHARED).glob("*.code"))
    assert not cache.exists()  # nothing in the site's cache folder: a removed .sitegen/ loses nothing
    # the cache is really read: a file signed with the user's key is taken as it is
    _planted_as(templates, key_home / SHARED, "page.html", "SIGNED {{ title }}", signing_key())
    assert _env(templates, bytecode_cache(cache, SALT)).get_template("page.html").render(title="x") == "SIGNED x"


def test_code_planted_in_a_restored_cache_is_never_run(site, key_home):
    templates, cache = site
    _env(templates, bytecode_cache(cache, SALT)).get_template("page.html")
    _planted_as(templates, key_home / SHARED, "page.html", "PWNED {{ title }}", os.urandom(32))
    assert _env(templates, bytecode_cache(cache, SALT)).get_template("page.html").render(title="x") == "<p>x</p>"
    # unsigned, truncated and empty files too
    for data in (b"", b"\0" * 10, b"\1" * 200):
        for path in (key_home / SHARED).glob("*.code"):
            path.write_bytes(data)
        assert _env(templates, bytecode_cache(cache, SALT)).get_template("page.html").render(title="y") == "<p>y</p>"


def test_a_signed_file_is_taken_only_under_its_own_name(site, key_home):
    """The tag covers the file's name: code signed for one template, source or environment and
    copied to another's name is not run."""
    templates, cache = site
    (templates / "other.html").write_text("OTHER {{ title }}")
    _env(templates, bytecode_cache(cache, SALT)).get_template("page.html")
    _env(templates, bytecode_cache(cache, SALT)).get_template("other.html")
    files = {p.stat().st_size: p for p in (key_home / SHARED).glob("*.code")}
    small, large = sorted(files)
    files[large].write_bytes(files[small].read_bytes())
    files[small].write_bytes(files[large].read_bytes())
    env = _env(templates, bytecode_cache(cache, SALT))
    assert env.get_template("page.html").render(title="x") == "<p>x</p>"
    assert env.get_template("other.html").render(title="x") == "OTHER x"


def test_another_environment_or_source_is_another_file(site, key_home):
    """Two sites (or two sitegens) sharing the folder never overwrite each other's code, and code
    compiled under other settings is never loaded: each is compiled once and then loaded."""
    templates, cache = site
    _env(templates, bytecode_cache(cache, SALT)).get_template("page.html")
    _env(templates, bytecode_cache(cache, "another environment")).get_template("page.html")
    (templates / "page.html").write_text("<b>{{ title }}</b>\n")
    assert _env(templates, bytecode_cache(cache, SALT)).get_template("page.html").render(title="x") == "<b>x</b>"
    assert len(list((key_home / SHARED).glob("*.code"))) == 3


def test_the_environment_digest_names_what_the_compiler_reads(tmp_path):
    base = dict(loader=jinja2.DictLoader({}), autoescape=True)
    same = environment_digest(jinja2.Environment(**base))
    assert same == environment_digest(jinja2.Environment(**base))
    others = [jinja2.Environment(**{**base, "autoescape": False}), jinja2.Environment(**base, trim_blocks=True),
              jinja2.Environment(**base, lstrip_blocks=True), jinja2.Environment(**base, keep_trailing_newline=True),
              jinja2.Environment(**base, extensions=["jinja2.ext.i18n"]),
              jinja2.Environment(**base, block_start_string="<%", block_end_string="%>")]
    with_filter = jinja2.Environment(**base)
    with_filter.filters["shout"] = str.upper
    passing = jinja2.Environment(**base)
    passing.filters["upper"] = jinja2.pass_context(lambda ctx, v: v)  # same name, called another way
    digests = [environment_digest(e) for e in (*others, with_filter, passing)]
    assert same not in digests and len(set(digests)) == len(digests)
    assert environment_digest(jinja2.Environment(loader=jinja2.DictLoader({}), autoescape=lambda name: True)) is None


def test_no_environment_digest_means_no_cache(site, key_home):
    templates, cache = site
    assert bytecode_cache(cache, None) is None
    assert not (key_home / SHARED).exists()


def test_the_folder_keeps_the_most_recently_used_files_and_only_prunes_its_own(tmp_path):
    folder = tmp_path / SHARED
    folder.mkdir()
    names = [f"{n:064x}.code" for n in range(12)]
    for age, name in enumerate(names):  # names[0] the newest
        (folder / name).write_bytes(b"x")
        os.utime(folder / name, (1_000_000 - age, 1_000_000 - age))
    (folder / "notes.txt").write_text("someone else's")
    (folder / ("0" * 64 + ".code.123.tmp")).write_text("not named as ours")
    prune(folder, most=12, keep=4)
    assert len(list(folder.iterdir())) == 14  # not past `most`: nothing removed
    prune(folder, most=10, keep=4)
    assert sorted(p.name for p in folder.iterdir()) == sorted([*names[:4], "notes.txt", "0" * 64 + ".code.123.tmp"])


def test_a_loaded_file_is_marked_as_used(site, key_home):
    templates, cache = site
    _env(templates, bytecode_cache(cache, SALT)).get_template("page.html")
    (path,) = (key_home / SHARED).glob("*.code")
    os.utime(path, (1_000_000, 1_000_000))
    _env(templates, bytecode_cache(cache, SALT)).get_template("page.html")
    assert path.stat().st_mtime > 1_000_000


def test_writing_past_the_bound_prunes(site, key_home):
    templates, cache = site
    folder = key_home / SHARED
    folder.mkdir(parents=True)
    for n in range(MAX_FILES):
        (folder / f"{n:064x}.code").write_bytes(b"x")
        os.utime(folder / f"{n:064x}.code", (1_000_000, 1_000_000))
    _env(templates, bytecode_cache(cache, SALT)).get_template("page.html")
    kept = list(folder.glob("*.code"))
    assert len(kept) < MAX_FILES and any(p.stat().st_mtime > 1_000_000 for p in kept)  # the new one kept


def test_notes_are_signed_data(tmp_path):
    key = os.urandom(32)
    cache = SignedBytecodeCache(tmp_path, key, SALT)
    cache.dump_note("closure of x", b'{"a": []}')
    assert cache.load_note("closure of x") == b'{"a": []}'
    assert cache.load_note("closure of y") is None
    assert SignedBytecodeCache(tmp_path, key, "another environment").load_note("closure of x") is None
    assert SignedBytecodeCache(tmp_path, os.urandom(32), SALT).load_note("closure of x") is None


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
    assert bytecode_cache(cache, SALT) is None  # templates compiled in memory instead
    os.chmod(key_home / KEY_FILE, 0o600)
    (key_home / KEY_FILE).write_bytes(b"short")
    assert signing_key() is None


def test_no_usable_key_folder_means_no_cache_not_a_failed_build(site, tmp_path, monkeypatch):
    templates, cache = site
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert signing_key() is None
    env = _env(templates, bytecode_cache(cache, SALT))
    assert env.get_template("page.html").render(title="z") == "<p>z</p>"


def test_the_old_unsigned_folder_is_removed(site, key_home):
    templates, cache = site
    old = cache / "jinja"
    old.mkdir(parents=True)
    (old / "__jinja2_0123.cache").write_bytes(b"marshalled code")
    signed = cache / "templates.signed"  # session 22's, in the site's cache folder
    signed.mkdir()
    (signed / ("ab" * 20 + ".code")).write_bytes(b"signed code")
    bytecode_cache(cache, SALT)
    assert not old.exists() and not signed.exists()


def test_only_jinjas_own_files_are_removed_from_the_old_folder(site, key_home):
    templates, cache = site
    old = cache / "jinja"
    old.mkdir(parents=True)
    (old / "__jinja2_0123.cache").write_bytes(b"marshalled code")
    (old / "notes.txt").write_text("a user's file, where a cache path pointed at their folder")
    signed = cache / "templates.signed"
    signed.mkdir()
    (signed / ("ab" * 20 + ".code")).write_bytes(b"signed code")
    (signed / "notes.txt").write_text("a user's file")
    bytecode_cache(cache, SALT)
    assert sorted(p.name for p in old.iterdir()) == ["notes.txt"]
    assert sorted(p.name for p in signed.iterdir()) == ["notes.txt"]


def test_the_renderer_keeps_its_compiled_templates_signed(tmp_path, key_home):
    from sitegen.config import parse_config
    from sitegen.render import jinja_env
    env = jinja_env(parse_config({}, tmp_path))
    assert isinstance(env.bytecode_cache, SignedBytecodeCache)
    assert env.bytecode_cache.folder == key_home / SHARED


def test_a_relative_xdg_cache_home_is_ignored(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert signing_key() is not None
    assert (tmp_path / "home" / ".cache" / "sitegen" / KEY_FILE).exists()
    assert not (tmp_path / "relative").exists()


def test_a_theme_in_the_user_cache_is_neither_parsed_nor_compiled_again(tmp_path, key_home, monkeypatch):
    """A site whose .sitegen/ was removed (or another site with the same theme) loads the compiled
    templates and the closure; both equal what parsing and compiling give."""
    from sitegen.config import parse_config
    from sitegen.render import Theme, template_closure
    config = parse_config({}, tmp_path)
    first = Theme.load(config)
    first.preload()
    codes = {name: first.env.get_template(name).root_render_func.__code__.co_code for name in first.closure}
    parsed: list[str] = []
    real = jinja2.Environment._parse
    monkeypatch.setattr(jinja2.Environment, "_parse",
                        lambda self, source, name, filename: parsed.append(name) or real(self, source, name, filename))
    again = Theme.load(parse_config({}, tmp_path / "another-site"))
    again.preload()
    assert not parsed
    assert again.closure == first.closure and again.digests == first.digests
    assert {name: again.env.get_template(name).root_render_func.__code__.co_code for name in again.closure} == codes
    assert again.closure == template_closure(config)  # (this one parses)


def test_a_closure_noted_for_other_templates_is_not_used(tmp_path, key_home):
    from sitegen.config import parse_config
    from sitegen.render import Theme
    Theme.load(parse_config({}, tmp_path)).preload()
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text('{% extends "base.html" %}{% include "_extra.html" %}')
    (tmp_path / "templates" / "_extra.html").write_text("extra")
    theme = Theme.load(parse_config({}, tmp_path))
    assert theme.closure["page.html"] >= {"page.html", "base.html", "_extra.html"}


def test_a_build_from_the_user_cache_equals_one_that_compiled(tmp_path, key_home):
    from builders import build_copy, tree
    compiled = tree(build_copy("newsroom", tmp_path / "a"))
    assert list((key_home / SHARED).glob("*.code"))
    assert tree(build_copy("newsroom", tmp_path / "b")) == compiled


def test_a_read_only_cache_folder_still_serves_its_files(site, key_home, monkeypatch):
    """Marking a file used can fail (a read-only folder): the file is loaded all the same."""
    templates, cache = site
    _env(templates, bytecode_cache(cache, SALT)).get_template("page.html")
    folder = key_home / SHARED
    _planted_as(templates, folder, "page.html", "SIGNED {{ title }}", signing_key())
    for path in folder.iterdir():
        os.utime(path, (1_000_000, 1_000_000))

    def read_only(*args, **kwargs):
        raise PermissionError(13, "Read-only file system")
    monkeypatch.setattr(os, "utime", read_only)
    assert _env(templates, bytecode_cache(cache, SALT)).get_template("page.html").render(title="x") == "SIGNED x"


def test_a_link_planted_at_the_temporary_name_is_not_written_through(site, key_home, tmp_path):
    templates, cache = site
    folder = key_home / SHARED
    folder.mkdir(parents=True)
    victim = tmp_path / "victim.txt"
    victim.write_text("the user's own file")
    probe = SignedBytecodeCache(folder, signing_key(), SALT)
    env = _env(templates, None)
    source, filename, _ = env.loader.get_source(env, "page.html")
    bucket = probe.get_bucket(env, "page.html", filename, source)  # the name the build will write
    (folder / f"{bucket.key}.code.{os.getpid()}.tmp").symlink_to(victim)
    _env(templates, bytecode_cache(cache, SALT)).get_template("page.html")
    assert victim.read_text() == "the user's own file"
    (code,) = folder.glob("*.code")
    assert code.stat().st_mode & 0o077 == 0  # this user's alone


def test_a_lost_block_noted_for_one_site_names_the_other_sites_own_file(tmp_path, key_home):
    """The theme facts are shared through the user's cache: two sites with the same broken
    template each hear of their own file, not of the first one's."""
    from sitegen.config import parse_config
    from sitegen.render import Theme
    broken = '{% extends "base.html" %}\n{% block content %}x{% endblock %}\n'
    messages = []
    for site in ("one", "two"):
        (tmp_path / site / "templates").mkdir(parents=True)
        (tmp_path / site / "templates" / "article.html").write_text(broken)
        messages.append(Theme.load(parse_config({}, tmp_path / site)).lost["article.html"])
    assert str(tmp_path / "one" / "templates") in messages[0]
    assert str(tmp_path / "two" / "templates") in messages[1]


@pytest.fixture(scope="module")
def _module_fixtures_cache(tmp_path_factory) -> str | None:
    return os.environ.get("XDG_CACHE_HOME")


def test_a_module_fixtures_build_uses_a_cache_of_the_test_run_not_the_real_homes(_module_fixtures_cache, tmp_path_factory):
    """rr54b 2: a module-scoped fixture (test_feeds' `out`, test_seo's, test_render's built sites) is
    set up before the test's own user cache (_own_user_cache, function-scoped), so its build took
    XDG_CACHE_HOME from the environment pytest was started in: unset in CI and on a laptop, it
    compiled into the real home's ~/.cache/sitegen, which every later run (and the user's own
    builds) then shared. It is a folder of this run's now."""
    base = tmp_path_factory.getbasetemp().resolve()
    assert _module_fixtures_cache is not None, "XDG_CACHE_HOME unset: the real home's cache"
    assert Path(_module_fixtures_cache).resolve().is_relative_to(base), _module_fixtures_cache
