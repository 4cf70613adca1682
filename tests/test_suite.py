"""The suite's own assumption: `--dist loadgroup` keeps an xdist_group on one worker (one Chromium,
one nginx). pytest 9 with xdist 3.8 silently spread groups over workers; pyproject pins versions."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.xdist_group("suite-self-check")
SEEN = Path(tempfile.gettempdir()) / f"sitegen-suite-group-{os.getppid()}"


@pytest.mark.parametrize("n", range(4))
def test_a_group_runs_on_one_worker(n):
    me = os.environ.get("PYTEST_XDIST_WORKER", "main")
    if n == 0:
        SEEN.write_text(me)
    else:
        assert SEEN.read_text() == me, "xdist_group members ran on different workers: check the pytest/xdist pins"
    if n == 3:
        SEEN.unlink()
