"""The README's command lines, as a new user copies them into a shell."""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
SHELL_WORDS = {"cd", "exec", "test", "["}
OPTIONAL_TOOLS = {"pandoc", "exiftool", "rsync", "git", "nginx"}   # the README says to install them where missing


def _known(word: str) -> bool:
    """A command a shell finds: a builtin, a tool the README has you install, on PATH, or beside this Python (sitegen's own)."""
    return word in SHELL_WORDS | OPTIONAL_TOOLS or shutil.which(word) is not None or (Path(sys.executable).parent / word).exists()


def test_each_command_the_readme_chains_with_and_is_a_command():
    """A chain `a && b` in the README is copied as it is: each command after `&&` must be one a shell
    runs (`sitegen build && deploy` was `deploy: command not found`, exit 127: review51f 2)."""
    spans = re.findall(r"`([^`\n]*&&[^`\n]*)`", README.read_text(encoding="utf-8"))
    assert spans   # the README has such chains (cron, pandoc, ln): the test reads them
    unknown = [(span, part.split()[0]) for span in spans for part in span.split("&&")[1:]
               if part.split() and not _known(part.split()[0])]
    assert unknown == []
