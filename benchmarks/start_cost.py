#!/usr/bin/env python3
"""Instructions a cold build's process runs from the interpreter's start to its first fork (the
parse child, aside.py): the stretch where one core works and the other idles. Counted by callgrind,
so the machine's load does not move the figure (a timing here swings by tens of percent).

    .venv/bin/python benchmarks/start_cost.py SITE                  # this checkout's sitegen
    .venv/bin/python benchmarks/start_cost.py SITE --exe OTHER/.venv/bin/sitegen --runs 2

SITE: a site folder of the user's own (its public/ and .sitegen/ are removed before each run, as a
cold build has none). The build stops at its first fork (an at-fork hook exits the process), so a
run takes ~20 s under callgrind instead of ~3 minutes for the whole build. --keep FOLDER keeps
callgrind's files (`callgrind_annotate --inclusive=yes FOLDER/start.0.1` shows where it went).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# The console script's own lines, with one hook before them: the process ends where the first
# child would fork (after callgrind's dump of the stretch, which --dump-before takes at the fork).
STOP_AT_FORK = ("import os, sys; os.register_at_fork(before=lambda: os._exit(0)); "
                "sys.argv = ['sitegen', 'build', '--no-convert', '--quiet']; "
                "from sitegen.cli import entry; sys.exit(entry())")
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as a user runs it


def count(python: Path, site: Path, out: Path) -> int:
    """One cold run's instructions up to the first fork."""
    for name in ("public", ".sitegen"):
        shutil.rmtree(site / name, ignore_errors=True)
    subprocess.run(["valgrind", "--tool=callgrind", "--dump-before=PyOS_BeforeFork",
                    f"--callgrind-out-file={out}", str(python), "-c", STOP_AT_FORK],
                   cwd=site, env=ENV, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    first = Path(f"{out}.1")  # the dump at the fork; without one the build never forked
    if not first.exists():
        sys.exit(f"no fork seen in {site}: is it a site with enough articles for a parse child?")
    match = re.search(r"^summary: (\d+)", first.read_text(errors="replace"), re.M)
    return int(match.group(1)) if match else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("site", type=Path)
    ap.add_argument("--exe", type=Path, default=Path(sys.executable).parent / "sitegen",
                    help="a checkout's .venv/bin/sitegen (its venv's python runs the build)")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--keep", type=Path, default=None, help="keep callgrind's files here")
    args = ap.parse_args()
    python = args.exe.parent / "python"
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for run in range(args.runs):
            found = count(python, args.site.resolve(), folder / f"start.{run}")
            print(f"{found:,} instructions to the first fork ({args.exe})", flush=True)


if __name__ == "__main__":
    main()
