"""classcode.py: the code dataclasses generates for sitegen's classes, kept signed between runs."""
from __future__ import annotations

import dataclasses
import marshal
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from sitegen import classcode
from sitegen.classcode import FOLDER, ClassCode
from sitegen.signed import KEY_FILE, SignedFolder

pytestmark = pytest.mark.cold_cache   # the cache itself is the subject: no test starts with a filled one

PROBE = """
import dataclasses

@dataclasses.dataclass(frozen=True)
class Probe:
    x: int
    y: str = "b"
    z: tuple = dataclasses.field(default_factory=tuple)
"""


@pytest.fixture
def key_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home / "sitegen"


def _hooked(monkeypatch, stamp: str = "one sitegen") -> ClassCode:
    """A ClassCode as dataclasses' exec() for this test (the fixture puts the builtin back)."""
    hook = ClassCode(lambda: stamp)
    monkeypatch.setattr(dataclasses, "exec", hook, raising=False)
    return hook


def _probe(monkeypatch, name: str = "sitegen.probe", source: str = PROBE) -> type:
    """Probe made in a module called `name` (compiled with no future flags, as a module is)."""
    module = types.ModuleType(name)
    monkeypatch.setitem(sys.modules, name, module)
    exec(compile(source, f"<{name}>", "exec", dont_inherit=True), module.__dict__)
    return module.Probe


def _compiling_fails(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("compiled, not loaded")
    monkeypatch.setattr(classcode, "compile", refuse, raising=False)


def test_a_class_made_through_it_behaves_as_one_made_without(key_home, monkeypatch):
    plain = _probe(monkeypatch, "elsewhere.probe")
    _hooked(monkeypatch)
    kept = _probe(monkeypatch)
    for cls in (plain, kept):
        a, b = cls(1), cls(1, "b", ())
        assert a == b and hash(cls(2)) == hash(cls(2)) and a != cls(2)
        assert repr(a) == "Probe(x=1, y='b', z=())"
        with pytest.raises(dataclasses.FrozenInstanceError):
            a.x = 3
        with pytest.raises(dataclasses.FrozenInstanceError):
            del a.y
        assert cls.__init__.__annotations__ == {"x": int, "y": str, "z": tuple, "return": None}  # not strings
        assert cls.__init__.__code__.co_filename == "<string>"


def test_the_next_run_loads_the_code_instead_of_compiling_it(key_home, monkeypatch):
    first = _hooked(monkeypatch)
    _probe(monkeypatch)
    assert len(first._new) >= 5  # __init__, __repr__, __eq__, __hash__, __setattr__, __delattr__
    compiled = dict(first._new)
    first.save()
    (saved,) = (key_home / FOLDER).glob("*.code")
    second = _hooked(monkeypatch)
    _compiling_fails(monkeypatch)
    cls = _probe(monkeypatch)
    assert cls(1) == cls(1, "b") and repr(cls(2, "c")) == "Probe(x=2, y='c', z=())"
    assert second._new == {}
    assert all(second.code(text) == code for text, code in compiled.items())  # the same code objects
    before = saved.stat().st_mtime_ns
    second.save()  # nothing missed: nothing written
    assert saved.stat().st_mtime_ns == before


def test_another_sitegen_or_python_keeps_its_code_in_another_file(key_home, monkeypatch):
    first = _hooked(monkeypatch, "one sitegen")
    _probe(monkeypatch)
    first.save()
    other = _hooked(monkeypatch, "another sitegen")
    _probe(monkeypatch)
    assert other._new  # compiled: the first sitegen's file is not this one's
    other.save()
    assert len(list((key_home / FOLDER).glob("*.code"))) == 2


def test_code_planted_without_the_users_key_is_never_run(key_home, monkeypatch):
    first = _hooked(monkeypatch)
    _probe(monkeypatch)
    first.save()
    (path,) = (key_home / FOLDER).glob("*.code")
    # the same texts, each mapped to code that would make every instance's x 666
    evil = compile("def __create_fn__(*a, **k):\n def f(self, *a, **k): object.__setattr__(self, 'x', 666)\n"
                   " return f\n", "<string>", "exec")
    planted = {text: marshal.dumps(evil) for text in first._new}
    SignedFolder(path.parent, os.urandom(32)).write(path.name, marshal.dumps(planted))
    hook = _hooked(monkeypatch)
    cls = _probe(monkeypatch)
    assert cls(1).x == 1 and hook._new  # compiled again from the text
    (key_home / KEY_FILE).chmod(0o644)   # a key others can read is no key: nothing kept, nothing read
    hook = _hooked(monkeypatch)
    assert _probe(monkeypatch)(1).x == 1
    hook.save()
    assert hook._store is None


def test_other_packages_classes_are_left_alone(key_home, monkeypatch):
    hook = _hooked(monkeypatch)
    cls = _probe(monkeypatch, "elsewhere.probe")
    assert hook._kept is None and hook._new == {}  # not even the file was read
    assert cls.__init__.__annotations__["x"] is int  # exec() did not take this module's future flags


def test_the_command_keeps_the_code_and_a_library_import_changes_nothing(tmp_path, key_home):
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "site.toml").write_text('[site]\ntitle = "T"\nbase_url = "https://example.org/"\n[search]\nenabled = false\n')
    (site / "content" / "a.md").write_text("---\ntitle: A\ndate: 2024-01-02\n---\nBody.\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(key_home.parent)}
    run = subprocess.run([sys.executable, "-m", "sitegen.cli", "build", "--no-convert", "-q"], cwd=site, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    (kept,) = (key_home / FOLDER).glob("*.code")
    assert kept.stat().st_size > 10_000
    before = kept.stat().st_mtime_ns
    again = subprocess.run([sys.executable, "-m", "sitegen.cli", "build", "--no-convert", "-q"], cwd=site, env=env,
                           capture_output=True, text=True)
    assert again.returncode == 0 and kept.stat().st_mtime_ns == before  # all loaded: nothing to add
    probe = "import dataclasses, sitegen.build; print('exec' in vars(dataclasses))"
    assert subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True).stdout == "False\n"
