"""The Makefile's targets that touch a site's folders: `make clean` removes sitegen's cache and
nothing of the user's (a file in public/, the record of stories taken down, the hand edits
`convert --force` replaced)."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
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
    (tmp_path / ".sitegen" / "convert-state.json.journal").write_text('["a.txt", "a.md"]\n', encoding="utf-8")
    (tmp_path / ".sitegen" / "discarded").mkdir()
    (tmp_path / ".sitegen" / "discarded" / "20261204-220000-story.md").write_text("my edit", encoding="utf-8")
    for kept in ("last-build", "build.lock", "preview.lock"):   # a failed build's record, a running build's and serve's locks
        (tmp_path / ".sitegen" / kept).write_text("", encoding="utf-8")
    (tmp_path / ".sitegen" / "last-build.tmp").write_text("", encoding="utf-8")   # a killed build's unfinished record
    subprocess.run(["make", "-s", "-f", str(ROOT / "Makefile"), "clean"], cwd=tmp_path, check=True)
    assert (tmp_path / "public" / "google1234.html").read_text(encoding="utf-8") == "verification"
    assert sorted(p.name for p in (tmp_path / ".sitegen").iterdir()) == [
        "build.lock", "convert-state.json", "convert-state.json.journal",   # a killed convert's entries
        "discarded", "last-build", "preview.lock"]
    assert (tmp_path / ".sitegen" / "discarded" / "20261204-220000-story.md").read_text(encoding="utf-8") == "my edit"
    subprocess.run(["make", "-s", "-f", str(ROOT / "Makefile"), "clean"], cwd=tmp_path / "public", check=True)  # no .sitegen


def _make_n(tmp_path: Path, *args: str, **exported: str) -> subprocess.CompletedProcess:
    """`make -n build` of this checkout with its .venv in tmp_path: what it would run, nothing run."""
    env = {k: v for k, v in os.environ.items()   # as from a shell, not under `make test`'s own make
           if k not in ("PYTHON", "PYTHONS", "VENV", "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    env.update(exported)
    return subprocess.run(["make", "-n", "--no-print-directory", "-f", str(ROOT / "Makefile"), "build", f"VENV={tmp_path / 'v'}", *args],
                          cwd=ROOT, capture_output=True, text=True, env=env)


def _script(path: Path, body: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(0o755)
    return str(path)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_makes_the_venv_with_the_first_usable_python(tmp_path):
    broken = _script(tmp_path / "no-venv" / "python3", "exit 1")   # as a Python without venv or ensurepip
    proc = _make_n(tmp_path, f"PYTHONS={tmp_path / 'missing'} {broken} {sys.executable}")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == f"{sys.executable} -m venv {tmp_path / 'v'}"
    proc = _make_n(tmp_path, f"PYTHONS={broken}", f"PYTHON={sys.executable}")   # PYTHON= overrides the list
    assert proc.stdout.splitlines()[0] == f"{sys.executable} -m venv {tmp_path / 'v'}"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_does_not_mix_a_venv_made_by_another_python(tmp_path):
    _script(tmp_path / "v" / "bin" / "python", 'echo "3.11.0 from /elsewhere"')   # a .venv made by another Python
    proc = _make_n(tmp_path, f"PYTHONS={sys.executable}")
    assert proc.returncode == 0, proc.stderr
    assert "runs Python 3.11.0 from /elsewhere" in proc.stdout and "rm -rf" in proc.stdout
    proc = _make_n(tmp_path, f"PYTHON={sys.executable}")
    assert proc.returncode != 0
    assert "runs Python 3.11.0 from /elsewhere, not " + sys.executable in proc.stderr
    proc = _make_n(tmp_path, PYTHON=sys.executable)   # exported for other tools (node-gyp): a note, as a default
    assert proc.returncode == 0, proc.stderr
    assert "runs Python 3.11.0 from /elsewhere" in proc.stdout and "rm -rf" in proc.stdout
    shutil.rmtree(tmp_path / "v")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp_path / "v")], check=True, capture_output=True)
    proc = _make_n(tmp_path, f"PYTHON={sys.executable}")   # a venv of this Python: used without a word
    assert proc.returncode == 0, proc.stderr
    assert "note:" not in proc.stdout


def _make_serve_until_serving(site: Path, *args: str) -> tuple[list[str], str]:
    """`make serve` in site until it says 'serving ...', then stopped (SIGTERM, as Ctrl-C): the
    lines up to there, and the rest of its output."""
    import signal
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    proc = subprocess.Popen(["make", "--no-print-directory", "serve", f"VENV={sys.prefix}", *args],
                            cwd=site, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                            start_new_session=True)
    lines = []
    try:
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("serving "):
                break
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        rest, _ = proc.communicate(timeout=60)
    return lines, rest


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.skipif(not (Path(sys.prefix) / ".installed").is_file(), reason="runs in the venv `make build` made")
def test_make_serve_says_each_warning_once(tmp_path):
    """Before: `serve: build` built public/ first, then serve built its preview, each printing the
    sample seed's stand-in date warning: twice in one `make serve`. Then a new seed's conversion
    warning (a paywall's teaser) went to neither: public/'s quiet build hid it, and the preview's
    found the seed converted; now it too is said once."""
    site = tmp_path / "site"   # a clone's files that make serve uses (copy2: pyproject older than the stamp)
    shutil.copytree(ROOT / "seeds", site / "seeds")
    shutil.copy(ROOT / "tests/fixtures/convert/paywall_form.txt", site / "seeds" / "paywall.txt")
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, site / name)
    toml = (ROOT / "site.toml").read_text(encoding="utf-8").replace('logo = "static/logo.png"', "")
    (site / "site.toml").write_text(toml + "\n[serve]\nport = 0\n", encoding="utf-8")   # no clash with another
    lines, rest = _make_serve_until_serving(site)
    text = "".join(lines) + rest
    assert any(line.startswith("serving ") for line in lines), text
    assert sum(line.startswith("warning: ") and "the seed gave no date" in line for line in text.splitlines()) == 1, text
    assert sum(line.startswith("warning: seeds/paywall.txt: the body is only") for line in text.splitlines()) == 1, text
    assert "build ok: 2 articles" in text and (site / "public" / "index.html").is_file()   # as `make build` too


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.skipif(not (Path(sys.prefix) / ".installed").is_file(), reason="runs in the venv `make build` made")
def test_make_serve_takes_the_port_the_busy_port_message_names(tmp_path):
    """'pass another --port' could not be followed through `make serve`; `make serve PORT=N` serves on N."""
    import socket
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, site / name)
    (site / "site.toml").write_text('[site]\ntitle = "T"\n[search]\nenabled = false\n', encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    lines, rest = _make_serve_until_serving(site, f"PORT={port}")
    assert any(line.startswith(f"serving http://127.0.0.1:{port}/") for line in lines), "".join(lines) + rest


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.skipif(not (Path(sys.prefix) / ".installed").is_file(), reason="runs in the venv `make build` made")
def test_make_serve_previews_a_site_with_a_story_that_does_not_parse(tmp_path):
    """review44c 4: public/'s build exits 1 on a story that does not parse (the rest published), and
    make stopped there: no preview, where `sitegen serve` shows the error in the browser. Exit 1 goes
    on to the preview now; a bad site.toml (exit 2) still stops it, and `make build` still fails on 1."""
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, site / name)
    (site / "site.toml").write_text('[site]\ntitle = "T"\n[search]\nenabled = false\n[serve]\nport = 0\n')
    (site / "content" / "bad.md").write_text("---\ntitle: Broken\ndate: 17 Janvier\n---\nText.\n")
    lines, rest = _make_serve_until_serving(site)
    assert any(line.startswith("serving http://") for line in lines), "".join(lines) + rest
    assert "content/bad.md" in "".join(lines)
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    built = subprocess.run(["make", "--no-print-directory", "build", f"VENV={sys.prefix}"], cwd=site,
                           capture_output=True, text=True, env=env, timeout=120)
    assert built.returncode != 0 and "content/bad.md" in built.stderr, built.stdout + built.stderr
    (site / "site.toml").write_text('[site]\ntitle = "T"\nbase_url = "nowhere"\n')
    lines, rest = _make_serve_until_serving(site)
    text = "".join(lines) + rest
    assert "site.base_url" in text and not any(line.startswith("serving ") for line in lines), text


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_a_port_exported_by_the_shell_does_not_override_site_toml(tmp_path):
    """final33b: make reads the environment, so a PORT a dev container or PaaS shell exports
    silently replaced [serve] port; only `make serve PORT=N` on the command line passes --port."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    def dry(*args: str, **extra: str) -> str:
        return subprocess.run(["make", "-n", "--no-print-directory", "serve", f"VENV={sys.prefix}", *args], cwd=ROOT,
                              capture_output=True, text=True, env={**env, **extra}, timeout=60).stdout
    assert "--port" not in dry(PORT="3000")
    assert "serve --port 8001" in dry("PORT=8001")


@pytest.mark.skipif(shutil.which("make") is None or shutil.which("npm") is None, reason="make or npm is not installed")
def test_make_axe_with_npm_offline_notes_the_skip_and_leaves_no_half_install(tmp_path):
    """Before: `npm install --silent` failing (npm present, registry unreachable) stopped `make test`
    before any test ran, with one bare make line (npm's reason hidden), and left an empty .venv/axe;
    now npm's reason and a note print, make goes on (the axe tests skip) and nothing is left half-made."""
    venv = tmp_path / "v"
    _script(venv / "bin" / "python", "exit 0")   # the order-only prerequisite: no venv is made
    # not CI (a laptop's make test): there the note says the tests fail (test_make_axe_behind_a_silent_proxy...)
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "CI")}
    env.update(npm_config_registry="http://127.0.0.1:9/", npm_config_fetch_retries="0",   # a closed port
               npm_config_cache=str(tmp_path / "npm-cache"), npm_config_offline="false")
    for _ in range(2):   # the second run as the first: no leftover counts as installed or breaks it
        run = subprocess.run(["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "axe", f"VENV={venv}"],
                             cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
        assert run.returncode == 0, run.stdout + run.stderr
        assert "the axe-core accessibility tests will be skipped" in run.stdout, run.stdout + run.stderr
        assert "ECONNREFUSED" in run.stderr or "127.0.0.1:9" in run.stderr, run.stderr   # npm's reason shows
        assert sorted(p.name for p in venv.iterdir()) == ["bin"]


@pytest.mark.skipif(shutil.which("make") is None or shutil.which("npm") is None, reason="make or npm is not installed")
@pytest.mark.parametrize("ci, outcome", [("", "will be skipped"), ("true", "will fail")])
def test_make_axe_behind_a_silent_proxy_gives_up_in_time(tmp_path, ci, outcome):
    """Before: npm's defaults (5 min a try, 3 tries) kept `make test` waiting ~16 min before any test
    when the registry's requests were swallowed (accepted, never answered); now each try is bounded
    (NPM_FETCH_TIMEOUT, tight here) and make goes on. The note says the tests fail in CI."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)   # the kernel accepts the connections; nothing ever answers them
    venv = tmp_path / "v"
    _script(venv / "bin" / "python", "exit 0")
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "CI")}
    env.update(npm_config_registry=f"http://127.0.0.1:{silent.getsockname()[1]}/", CI=ci,
               npm_config_cache=str(tmp_path / "npm-cache"), npm_config_offline="false")
    make = subprocess.Popen(["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "axe", f"VENV={venv}",
                             "NPM_FETCH_TIMEOUT=2000"], cwd=tmp_path, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = make.communicate(timeout=50)   # 2 tries of 2 s and npm's 10 s back-off
    except subprocess.TimeoutExpired:
        os.killpg(make.pid, signal.SIGKILL)   # npm too, not only make
        make.communicate()
        pytest.fail("make axe still waiting for the registry after 50 s")
    finally:
        silent.close()
    assert make.returncode == 0, out + err
    assert f"note: axe-core could not be installed (npm install failed, above): the axe-core accessibility tests {outcome}" in out, out + err
    assert sorted(p.name for p in venv.iterdir()) == ["bin"]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_clean_keeps_the_record_that_stops_deploy_no_build_publishing_a_failed_build(tmp_path, capsys):
    """README: `make clean` removes "the build cache only", and `deploy --no-build` "refuses it, exit 1,
    when the last build failed". The failed build's record is .sitegen/last-build, which `make clean`
    deleted: the next `deploy --no-build` found no record, took public/ for an older sitegen's and
    published it, exit 0, the story that did not parse left out of the live site (review51f 1)."""
    from builders import copy_site
    from sitegen import cli
    site = copy_site("newsroom", tmp_path / "site")
    (site / "content" / "broken.md").write_text("---\ntitle: Broken\ndate: 17 Janvier\n---\n\nText.\n",
                                                encoding="utf-8")
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 1   # the rest published
    dest = tmp_path / "www"
    assert cli.main(["deploy", "--root", str(site), "--no-convert", "--no-build", str(dest)]) == 1
    assert not dest.exists()
    subprocess.run(["make", "-s", "-f", str(ROOT / "Makefile"), "clean"], cwd=site, check=True)
    capsys.readouterr()
    assert cli.main(["deploy", "--root", str(site), "--no-convert", "--no-build", str(dest)]) == 1, capsys.readouterr()
    assert not dest.exists()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_clean_leaves_a_running_builds_lock_held(tmp_path):
    """One build of a site at a time (README: exit 75, "another build of the site is running"). The lock
    is a lockf on .sitegen/build.lock; `make clean`, "the build cache only", deleted that file while a
    build held it, and the next build made a new file, locked it and ran beside the first one (both
    switching public/ and writing the cache) (review51f 4)."""
    from sitegen.lock import BusyError, site_lock
    cache = tmp_path / ".sitegen"
    holder = subprocess.Popen(   # a running build, as far as the lock goes
        [sys.executable, "-c", "import sys; from pathlib import Path; from sitegen.lock import site_lock\n"
         f"with site_lock(Path({str(cache)!r})):\n    print('held', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(BusyError), site_lock(cache):   # before: refused, as it should be
            pass
        subprocess.run(["make", "-s", "-f", str(ROOT / "Makefile"), "clean"], cwd=tmp_path, check=True)
        with pytest.raises(BusyError), site_lock(cache):
            pass
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
