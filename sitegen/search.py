"""Full-text search for static hosting: Pagefind indexes the built site into public/pagefind/.

Pagefind ships as a binary inside the `pagefind[bin]` wheel; we run it after the pages are in
place. Its output belongs to it: the build never treats files under pagefind/ as stale.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .config import Config

BUNDLE = "pagefind"


def owns(rel: str) -> bool:
    return rel == BUNDLE or rel.startswith(BUNDLE + "/")


def remove(output: Path) -> bool:
    """Delete a search bundle left by builds with search on; True if there was one."""
    bundle = output / BUNDLE
    if bundle.is_dir():
        shutil.rmtree(bundle)
        return True
    return False


def indexed(output: Path) -> bool:
    return (output / BUNDLE / "pagefind.js").is_file()


def executable() -> Path | None:
    try:
        from pagefind_bin import get_executable
        return get_executable()
    except (ImportError, FileNotFoundError):
        return None


def command(output: Path) -> list[str] | None:
    """The Pagefind command line that indexes output/, or None when the binary is missing."""
    binary = executable()
    return None if binary is None else [str(binary), "--site", str(output), "--output-subdir", BUNDLE, "--silent"]


def index(config: Config, output: Path) -> str | None:
    """Index output/; returns an error message, or None on success."""
    cmd = command(output)
    if cmd is None:
        return ("search: the pagefind binary is missing; run `make build` (installs pagefind[bin]) "
                "or set [search] enabled = false in site.toml")
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        return f"search: pagefind failed ({proc.returncode}): {(proc.stderr or proc.stdout).strip()[:500]}"
    return None
