"""sitegen.progress: bars made only when shown, and no thread left behind by one."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from builders import copy_site

TESTS = Path(__file__).parent

# In a fresh Python (this one's threads depend on the tests run before): a build of the newsroom
# site (pictures processed, no bar asked for), then a shown bar of each kind; the threads left.
_SCRIPT = """
import sys, threading
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from builders import build
from sitegen.progress import bar
assert build(Path(sys.argv[2])).ok
print("after build:", sorted(t.name for t in threading.enumerate()))
b = bar(3, True, unit="page", leave=False)
b.update(3)
b.close()
print("after a shown bar:", sorted(t.name for t in threading.enumerate()))
"""


def test_a_build_and_a_shown_bar_leave_no_thread_so_a_later_conversion_can_fork(tmp_path):
    """flaky39: a build with pictures and no bar made a disabled tqdm, which started tqdm's monitor
    thread for the rest of the process; a conversion after it (same process: a library caller, the
    test suite) then saw a thread, took the forkserver, and left its process and multiprocessing's
    resource tracker running after it returned (test_cache's no_child_left() failed after
    test_build and test_convert_writer in one pytest process)."""
    root = copy_site("newsroom", tmp_path / "site")
    assert any((root / "content").rglob("*.jpg"))   # pictures to process
    out = subprocess.run([sys.executable, "-c", _SCRIPT, str(TESTS), str(root)], capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["after build: ['MainThread']", "after a shown bar: ['MainThread']"]
    assert (root / "public").is_dir()
