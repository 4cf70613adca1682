"""Shared test helpers: write a small site into tmp_path; a fixed clock so output is reproducible."""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import settings

FIXED_NOW = datetime(2025, 1, 20, 12, 0, tzinfo=timezone.utc)
ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI") == "true"

# CI draws the same examples for the same commit, so a submission passes or fails on its code,
# not on the draw; a laptop draws new ones each run (and replays any failure it found).
settings.register_profile("ci", derandomize=True, print_blob=True)
if IN_CI:
    settings.load_profile("ci")


@pytest.fixture(scope="session", autouse=True)
def _session_user_cache(tmp_path_factory):
    """A user cache for what runs outside a test's own (_own_user_cache is a test's: a module- or
    session-scoped fixture's build comes before it): those built in the real home's ~/.cache/sitegen,
    sharing what they compiled with every later run and with the user's own builds (rr54b 2)."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-session")))
        yield


@pytest.fixture(scope="session", autouse=True)
def _session_locks(tmp_path_factory):
    """The share locks (lock.share_locks) in the run's own temp, not the real /tmp/sitegen-UID: a run
    made two files there per site it built, and a user's builds would share a folder with tests'."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SITEGEN_LOCKS", str(tmp_path_factory.mktemp("locks")))
        yield


@pytest.fixture(scope="session")
def _first_user_cache(tmp_path_factory) -> Path:
    """The user cache a user has after a first build (the key, the default theme's compiled templates,
    the classes' code): a real `sitegen build` of tests/sites/newsroom, once per worker."""
    import subprocess
    import sys
    xdg = tmp_path_factory.mktemp("xdg-first")
    root = tmp_path_factory.mktemp("xdg-first-site") / "site"
    shutil.copytree(ROOT / "tests/sites/newsroom", root, ignore=shutil.ignore_patterns("public", ".sitegen"))
    subprocess.run([sys.executable, "-m", "sitegen.cli", "build", "--root", str(root), "--no-convert", "-q"],
                   check=True, cwd=ROOT, env={**os.environ, "XDG_CACHE_HOME": str(xdg)})
    return xdg / "sitegen"


@pytest.fixture(autouse=True)
def _own_user_cache(request, tmp_path_factory, monkeypatch):
    """Each test its own user cache folder (the template key, the compiled templates): no test
    loads what another test compiled, and none writes into the real home's cache. It starts as a copy of
    the cache a first build leaves (ci53: a cold theme compile in each test's every first build was
    ~0.14 s of CPU, thousands of times a run); a test marked `cold_cache` starts with an empty one."""
    own = tmp_path_factory.mktemp("xdg")
    if request.node.get_closest_marker("cold_cache") is None:
        shutil.copytree(request.getfixturevalue("_first_user_cache"), own / "sitegen", copy_function=_link_code)
    monkeypatch.setenv("XDG_CACHE_HOME", str(own))


def _link_code(source: str, dest: str) -> None:
    """A compiled file linked (sitegen replaces these whole, never writes into one: 5x faster than a
    copy, run before every test), the key copied (copy2: still 0600, its own inode)."""
    if source.endswith(".code"):
        os.link(source, dest)
    else:
        shutil.copy2(source, dest)


def labelled_page(rows):
    """A converter's Labelled page from (text, label) or (text, label, confidence) rows (confidence
    0.9 when not given); the first 'title' row is the headline."""
    from sitegen.convert.seed import _compiled
    from sitegen.convert.blocks import classify, make_line
    from sitegen.convert.labeller import Labelled
    lines = [make_line(i, row[0]) for i, row in enumerate(rows)]
    classify(lines, *_compiled(()))
    labels = tuple(row[1] for row in rows)
    return Labelled(tuple(lines), labels, tuple(row[2] if len(row) > 2 else 0.9 for row in rows),
                    tuple(0.9 if y == "title" else 0.01 for y in labels), labels.index("title"))


def no_child_left() -> bool:
    """True when this process has no child left to reap (a forked helper was read or killed)."""
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def write_files(base: Path, files: dict[str, str | bytes]) -> Path:
    for rel, data in files.items():
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return base


def aged(folder: Path, seconds: int = 60) -> Path:
    """The files under `folder` as if saved `seconds` earlier: a build then trusts their stamps, not
    reading them again (content.Racy reads a file saved within RACY_NS of the build that stamped it)."""
    for path in folder.rglob("*"):
        if path.is_file():
            st = path.stat()
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 10**9))
    return folder


@pytest.fixture
def site_dir(tmp_path):
    """A factory: site_dir({'content/a.md': '...'}) -> a site folder with those files."""
    def make(files: dict[str, str | bytes]) -> Path:
        return write_files(tmp_path / "site", files)
    return make


@pytest.fixture
def now():
    return FIXED_NOW


def require_tool(path_or_name: str, what: str) -> str:
    """Return the tool's path; skip with a visible reason on a laptop without it, fail in CI."""
    found = path_or_name if os.path.exists(path_or_name) else shutil.which(path_or_name)
    if found:
        return found
    if IN_CI:
        pytest.fail(f"{what} ({path_or_name}) is missing in CI; .ci/run must install it")
    pytest.skip(f"{what} not installed ({path_or_name}); install it to run this test (CI always does)")


def ctrl_c_works() -> None:
    """preexec_fn for children that a test stops with SIGINT: pytest started in the background
    (`make test &`) runs with SIGINT ignored, which children inherit, and Python then never
    raises KeyboardInterrupt. The default disposition makes the child's Ctrl-C real again."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_DFL)


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (the Debian binary) driven by Playwright, one per test module."""
    chromium = require_tool("/usr/bin/chromium", "Chromium")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextmanager
def small_tmpfs(folder: Path, size: str):
    """A real small disk while the block runs: a tmpfs of `size` ('32m') mounted on `folder`. Needs
    root, as CI has: a failure there, a skip with the reason elsewhere."""
    import subprocess
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode:
        if IN_CI:
            pytest.fail(f"cannot mount a tmpfs in CI: {done.stderr.strip()}")
        pytest.skip(f"mounting a small tmpfs needs root: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@contextmanager
def serving(folder: Path):
    """A folder over HTTP on 127.0.0.1 (a free port) while the block runs: yields its base URL."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
