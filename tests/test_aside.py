"""aside.py: work in a forked child, its bytes read back; a failure is None, never a half result."""
from __future__ import annotations

import os
import time

import pytest

from sitegen.aside import Aside

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")


def test_the_childs_bytes_come_back_and_it_sees_the_parents_memory(tmp_path):
    shared = {"n": 41}
    aside = Aside(lambda: str(shared["n"] + 1).encode())
    assert aside.result() == b"42"
    assert aside.result() is None  # read once: the child is gone


def test_a_child_that_raises_gives_none_and_nothing_it_wrote_is_taken(tmp_path):
    def work() -> bytes:
        (tmp_path / "half").write_text("x")
        raise RuntimeError("disk full")
    assert Aside(work).result() is None
    assert (tmp_path / "half").exists()  # the caller decides what a failed child's files are worth


def test_close_waits_for_a_slow_child(tmp_path):
    def work() -> bytes:
        time.sleep(0.3)
        (tmp_path / "done").write_text("yes")
        return b"ok"
    aside = Aside(work)
    assert aside.close() == b"ok" and (tmp_path / "done").read_text() == "yes"
