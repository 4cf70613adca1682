"""pyproject.toml: a wheel and an sdist carry everything an installed sitegen reads, the theme
(templates/, its static/ and locales/) among it. The theme lives in the repository's top-level
templates/, which the wheel once lacked: `pip install /path/to/sitegen` then `sitegen build` failed
on every page ("template 'search.html' not found"); only the editable install worked."""
from __future__ import annotations

import os
import re
import shutil
import site
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "README.md", "sitegen", "templates")   # what the build backend reads


def _source_files(folder: str) -> list[str]:
    return sorted(p.relative_to(ROOT / folder).as_posix() for p in (ROOT / folder).rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


def _copy_sources(dest: Path) -> Path:
    """The files the build reads, copied: a build writes build/ and *.egg-info beside them."""
    dest.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, dest / name)
    return dest


def _run(args: list, cwd: Path, **kw) -> subprocess.CompletedProcess:
    run = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=120, **kw)
    assert run.returncode == 0, f"{args}: {run.stdout}\n{run.stderr}"
    return run


def _has_backend() -> str:
    """Why this venv cannot build a wheel offline, or ''. setuptools builds one alone from 70.1 on
    (before, it needed the `wheel` package); the test extra `make build` installs has it."""
    try:
        import setuptools
    except ImportError:
        return "setuptools is not installed"
    version = tuple(int(p) for p in setuptools.__version__.split(".")[:2] if p.isdigit())
    return "" if version >= (70, 1) else f"setuptools {setuptools.__version__} < 70.1"


@pytest.mark.slow   # about 10 s: two builds of the package, a venv, a site built
def test_an_installed_wheel_and_the_sdist_carry_the_theme_and_build_a_site(tmp_path):
    problem = _has_backend()
    assert not problem, f"{problem}: `make build` installs the test extra (setuptools>=70.1)"
    src = _copy_sources(tmp_path / "src")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "--no-cache-dir",
          "-q", "-w", tmp_path / "dist", src], cwd=tmp_path)
    wheel = next((tmp_path / "dist").glob("sitegen-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    theme = _source_files("templates")
    assert {"search.html", "404.html", "static/style.css", "locales/de.po", "locales/messages.pot"} <= set(theme)
    assert sorted(n.removeprefix("sitegen/theme/") for n in names if n.startswith("sitegen/theme/")) == theme
    # every module and data file of the package: pyproject.toml lists the subpackages by hand
    missing = [f for f in _source_files("sitegen") if f"sitegen/{f}" not in names]
    assert not missing, f"not in the wheel: {missing}; list the package (or its data) in pyproject.toml"

    # the sdist, as pip would build a wheel from it: the theme where pyproject.toml maps it from
    sdist = _run([sys.executable, "-c", "import sys; from setuptools import build_meta as b; print(b.build_sdist(sys.argv[1]))",
                  tmp_path / "sdist"], cwd=src, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    sdist = tmp_path / "sdist" / sdist.stdout.split()[-1]
    with tarfile.open(sdist) as tar:
        packed = {m.name.partition("/")[2] for m in tar.getmembers() if m.isfile()}
    assert {f"templates/{f}" for f in theme} <= packed and "pyproject.toml" in packed

    # installed into a fresh venv that sees this one's libraries (a .pth: the editable install's
    # finder here is not run) but neither this checkout nor its templates/
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp_path)
    python = venv / "bin" / "python"
    purelib = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=tmp_path).stdout.strip())
    (purelib / "libraries.pth").write_text("\n".join(site.getsitepackages() + [sysconfig.get_paths()["purelib"]]) + "\n")
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "--no-cache-dir",
          "-q", wheel], cwd=tmp_path)
    where = _run([python, "-c", "import sitegen.config as c; print(c.__file__); print(c.DEFAULT_THEME)"], cwd=tmp_path).stdout
    assert where.splitlines() == [str(purelib / "sitegen" / "config.py"), str(purelib / "sitegen" / "theme")]

    sitegen = venv / "bin" / "sitegen"
    _run([sitegen, "init", "news"], cwd=tmp_path)
    news = tmp_path / "news"
    assert "(en, ar, de, es," in (news / "site.toml").read_text(encoding="utf-8")  # the theme's catalogs found
    (news / "content" / "neu.md").write_text("---\ntitle: Neu\ndate: 2025-01-10\nlanguage: de\n---\nText.\n",
                                             encoding="utf-8")
    _run([sitegen, "build", "-q"], cwd=news)
    public = news / "public"
    assert 'id="search-settings"' in (public / "search" / "index.html").read_text(encoding="utf-8")
    assert (public / "404.html").is_file() and (public / "pagefind").is_dir()
    css = list((public / "static").glob("style.*.css"))
    assert css and css[0].read_bytes() == (ROOT / "templates" / "static" / "style.css").read_bytes()
    assert ">Suche<" in (public / "de" / "index.html").read_text(encoding="utf-8")  # de.po, compiled as built


@pytest.mark.slow   # about 10 s: a clone made, a wheel built from it
def test_the_readme_s_git_install_line_installs_sitegen_from_a_clone(tmp_path):
    """The README's install line for a site kept elsewhere named a made-up host
    (git+https://example.org/you/sitegen.git). Its git+file line, run as written on a clone of these
    sources (offline: no dependencies, this venv's setuptools), installs sitegen with its theme."""
    from conftest import require_tool
    problem = _has_backend()
    assert not problem, f"{problem}: `make build` installs the test extra (setuptools>=70.1)"
    git = require_tool("git", "git")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = re.findall(r"`pip install '(git\+[^'`]+)'`", readme)
    assert lines == ["git+file:///path/to/sitegen"], lines   # no placeholder host: what runs from a clone
    assert "example.org/you" not in readme
    clone = _copy_sources(tmp_path / "sitegen")
    quiet = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path)}
    for args in (["init", "-q"], ["add", "."], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "s"]):
        _run([git, *args], cwd=clone, env=quiet)
    url = lines[0].replace("/path/to/sitegen", clone.as_posix())
    _run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index", "--no-cache-dir",
          "-q", "--target", tmp_path / "installed", url], cwd=tmp_path, env=quiet)
    installed = tmp_path / "installed" / "sitegen"
    assert (installed / "cli.py").is_file() and (installed / "theme" / "article.html").is_file()
