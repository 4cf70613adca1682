"""Two sitegen checkouts on one generated corpus: cold builds in alternating pairs, then no-change
and one-edit builds alternating between them, medians printed. Alternating keeps a busy machine's
load fair to both; this is how a change is shown not to slow the builds.

    .venv/bin/python benchmarks/compare_checkouts.py OLD/.venv/bin/sitegen .venv/bin/sitegen --size 10000 --rounds 5

Cold pairs (--cold N) move each site's output aside (into --work's trash, emptied at the end) before
its build, as build_speed.py does: on an ext4 file system without a journal, each new inode skips
the ones freed in the last 30 seconds, scanning them again at every allocation, so a cold build right
after its old output was deleted spent 57% of its CPU samples in the kernel's find_inode_bit (perf,
session 34) and its system time grew build after build: a difference of a few percent was buried.
Files other processes delete near --work still cost the builds something: a tmpfs (/dev/shm) is
steadier. The user CPU is printed apart from the total, as sitegen's own code changes only that.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from build_speed import corpus, discard  # the same generated corpus, made once per size and kept


# A user's Python caches compiled modules; without the cache every run recompiles sitegen's source
# (0.1 s at start-up), which would measure the size of the code rather than the build.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def build(exe: Path, site: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run([str(exe), "build", "--no-convert", "--quiet"], cwd=site, capture_output=True, text=True, env=ENV)
    if proc.returncode:
        sys.exit(f"{exe} failed in {site}:\n{proc.stdout}{proc.stderr}")
    return time.perf_counter() - start


def cold(exe: Path, site: Path, work: Path) -> tuple[float, float, float]:
    """A cold build: wall seconds, CPU seconds (user and system, the build's processes all) and
    user CPU seconds alone."""
    for name in ("public", ".sitegen"):
        discard(site / name, work)  # not deleted: see the module's docstring
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = build(exe, site)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    user = after.ru_utime - before.ru_utime
    return wall, user + after.ru_stime - before.ru_stime, user


def make_site(corpus: Path, site: Path, work: Path) -> Path:
    discard(site, work)  # a last run's site, with its output: not deleted either
    site.mkdir(parents=True)
    shutil.copytree(corpus, site / "content")  # a copy each: the edits must not reach the other site
    (site / "site.toml").write_text('[site]\ntitle = "Bench News"\nbase_url = "https://news.example.org/"\n'
                                    '[search]\nenabled = false\n')
    return site


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("old", type=Path, help="the first checkout's sitegen executable")
    ap.add_argument("new", type=Path, help="the second checkout's sitegen executable")
    ap.add_argument("--size", type=int, default=10000, help="articles in the generated corpus")
    ap.add_argument("--rounds", type=int, default=5, help="no-change and one-edit builds per checkout")
    ap.add_argument("--cold", type=int, default=1, help="cold builds per checkout, in pairs (the first of "
                    "each pair alternates)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/sitegen-compare"), help="scratch folder")
    args = ap.parse_args()
    try:
        compare(args)
    finally:
        shutil.rmtree(args.work / "trash", ignore_errors=True)


def compare(args: argparse.Namespace) -> None:
    source = corpus(args.size, args.work)
    exes = {"old": args.old.resolve(), "new": args.new.resolve()}
    sites = {name: make_site(source, args.work / f"site-{name}-{args.size}", args.work) for name in exes}
    times: dict[tuple[str, str], list[float]] = {(n, k): [] for n in exes for k in ("cold", "no change", "one edit")}
    cpu: dict[str, list[float]] = {n: [] for n in exes}
    user: dict[str, list[float]] = {n: [] for n in exes}
    for n in range(args.cold):
        for name in (list(exes) if n % 2 == 0 else list(reversed(exes))):
            wall, used, own = cold(exes[name], sites[name], args.work)
            times[(name, "cold")].append(wall)
            cpu[name].append(used)
            user[name].append(own)
    for n in range(args.rounds):
        for name, exe in exes.items():
            times[(name, "no change")].append(build(exe, sites[name]))
            victim = sorted((sites[name] / "content").glob("*.md"))[args.size // 2]
            victim.write_text(victim.read_text(encoding="utf-8") + f"\nOne more sentence, edit {n}.\n", encoding="utf-8")
            times[(name, "one edit")].append(build(exe, sites[name]))
    print(f"{args.size} articles, medians of {args.cold} cold builds and {args.rounds} of the others")
    for kind in ("cold", "no change", "one edit"):
        old, new = (statistics.median(times[(n, kind)]) for n in exes)
        print(f"{kind:>10}: old {old:6.2f} s   new {new:6.2f} s   new/old {new / old:.2f}")
    pairs = sorted(b / a for a, b in zip(times[("old", "cold")], times[("new", "cold")]))
    print(f"cold, new/old by pair: median {statistics.median(pairs):.3f} (range {pairs[0]:.2f}-{pairs[-1]:.2f}, "
          f"new faster in {sum(r < 1 for r in pairs)} of {len(pairs)}); CPU median old "
          f"{statistics.median(cpu['old']):.2f} s, new {statistics.median(cpu['new']):.2f} s")
    used = sorted(b / a for a, b in zip(cpu["old"], cpu["new"]))  # a change of a few percent needs the pairs
    print(f"cold CPU, new/old by pair: median {statistics.median(used):.3f} (range {used[0]:.2f}-{used[-1]:.2f}, "
          f"less in {sum(r < 1 for r in used)} of {len(used)})")
    own = sorted(b / a for a, b in zip(user["old"], user["new"]))
    print(f"cold user CPU, new/old by pair: median {statistics.median(own):.3f} (range {own[0]:.2f}-{own[-1]:.2f}, "
          f"less in {sum(r < 1 for r in own)} of {len(own)}); median old {statistics.median(user['old']):.2f} s, "
          f"new {statistics.median(user['new']):.2f} s")


if __name__ == "__main__":
    main()
