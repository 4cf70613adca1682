"""sitegen/i18n.py's command line, `python -m sitegen.i18n` (its dates, numbers and catalogs are
tested through the pages that use them: test_editions.py, test_seo.py)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from sitegen.config import DEFAULT_THEME


@pytest.mark.parametrize("args, status, said", [
    (["--help"], 0, "Rewrite "), (["-h"], 0, "messages.pot"), (["--theme", "x"], 2, "unrecognized arguments"),
])
def test_help_or_a_wrong_argument_never_rewrites_the_catalog_template(args, status, said):
    """`python -m sitegen.i18n --help` read no argument: it rewrote templates/locales/messages.pot
    and printed nothing (fix35b)."""
    pot = DEFAULT_THEME / "locales" / "messages.pot"
    before = (pot.stat().st_mtime_ns, pot.read_bytes())
    done = subprocess.run([sys.executable, "-m", "sitegen.i18n", *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == status and said in done.stdout + done.stderr, done
    assert (pot.stat().st_mtime_ns, pot.read_bytes()) == before
