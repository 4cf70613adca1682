"""benchmarks/build_speed.py measures the builds as a user's Python runs them: with compiled modules.
A shell with PYTHONDONTWRITEBYTECODE=1 left a checkout's .pyc files stale, and each build then
compiled sitegen's changed source again (session 45: 0.1 s of a 0.19 s no-change build)."""
import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _module(monkeypatch):
    spec = importlib.util.spec_from_file_location("build_speed", ROOT / "benchmarks" / "build_speed.py")
    mod = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "build_speed", mod)   # its dataclass looks its module up there
    spec.loader.exec_module(mod)
    return mod


def test_a_timed_build_runs_without_the_shells_pythondontwritebytecode(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    mod = _module(monkeypatch)   # reads the environment when loaded, as when run from such a shell
    run, out = mod.timed([sys.executable, "-c", "import sys; print('3 pages', sys.dont_write_bytecode)"], tmp_path)
    assert out.split() == ["3", "pages", "False"] and run.pages == 3


def test_the_measured_package_is_compiled_before_the_first_build(tmp_path, monkeypatch):
    package = tmp_path / "speedpkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "work.py").write_text("ANSWER = 42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    _module(monkeypatch).fresh_bytecode("speedpkg")
    # a later process that may not write bytecode loads the module's .pyc instead of compiling it
    found = subprocess.run([sys.executable, "-v", "-c", "import speedpkg.work"], cwd=tmp_path, capture_output=True,
                           text=True, env={"PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(tmp_path)})
    assert f"matches {package / 'work.py'}" in found.stderr, found.stderr[-2000:]
    assert f"code object from {package / 'work.py'}" not in found.stderr
