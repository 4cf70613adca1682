"""Converter speed, cold: `sitegen convert` in a fresh process over a corpus of seeds.

    python benchmarks/convert_speed.py [--corpus DIR] [-n N] [--runs 3] [--keep DIR] [--python EXE]

Each run copies the corpus (default ../shared/seeds/dev, 352 pages) into a new site and runs
`sitegen convert` as a user would: a new Python process, imports and the model load counted,
the process pool on every core that `sitegen convert` uses. With -n N the corpus is repeated to
N seeds (each copy varied: a distinct first line, two lines swapped near the end). Prints seeds/s,
wall and CPU ms per seed (CPU of the process and its workers), the projected seconds per 1,000
seeds on this machine's cores, and peak memory of the largest process. --keep DIR leaves the last
run's content/ in DIR (to compare outputs before and after a change, byte for byte).
--python EXE runs `sitegen convert` under another interpreter (this checkout on its PYTHONPATH;
EXE needs sitegen's dependencies), and the first line printed says how the interpreter was built:
the same code took 22% less CPU under Debian's /usr/bin/python3.11 than under a pyenv build
configured without --enable-optimizations that links libpython3.11.so (session 26).
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "seeds" / "dev"


def _seed_site(site: Path, corpus: list[Path], n: int) -> None:
    seeds = site / "seeds"
    seeds.mkdir(parents=True)
    (site / "site.toml").write_text("", encoding="utf-8")
    if n <= len(corpus):
        for path in corpus[:n]:
            shutil.copy2(path, seeds / path.name)      # keeps the mtime: relative dates resolve alike
        return
    rng = random.Random(1)
    for i in range(n):
        lines = corpus[i % len(corpus)].read_text(encoding="utf-8").split("\n")
        k = len(lines) - 2 - rng.randrange(max(1, len(lines) // 10))
        if 0 < k < len(lines) - 1:
            lines[k], lines[k + 1] = lines[k + 1], lines[k]
        (seeds / f"{i:04d}.txt").write_text(f"Copy {i}\n" + "\n".join(lines), encoding="utf-8")


_DESCRIBE = """
import os, sys, sysconfig
args = sysconfig.get_config_var("CONFIG_ARGS") or ""
opt = " ".join(o for o in ("--enable-optimizations", "--with-lto") if o in args)
maps = open("/proc/self/maps").read() if os.path.exists("/proc/self/maps") else ""
print(f"{sys.executable}: Python {sys.version.split()[0]}, "
      f"{'libpython shared' if 'libpython' in maps else 'libpython linked in'}, "
      f"{opt or 'no --enable-optimizations/--with-lto'} among its configure flags")
"""


def _describe(python: str) -> str:
    """How the interpreter that runs `sitegen convert` was built, as far as it tells: a pyenv
    build configured without --enable-optimizations, its interpreter in libpython3.11.so, ran
    the converter with 28% more CPU here than Debian's /usr/bin/python3.11, which links it in
    (Debian optimises its build by its own rules, which its configure flags do not show)."""
    proc = subprocess.run([python, "-c", _DESCRIBE], capture_output=True, text=True)
    return proc.stdout.strip() or proc.stderr.strip()


def _run(site: Path, python: str = sys.executable) -> tuple[float, float, int, str]:
    """One cold `sitegen convert`: wall s, CPU s (process and its pool), peak RSS KB, summary."""
    env = None
    if python != sys.executable:        # another interpreter: this checkout's sitegen on its path
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([python, "-m", "sitegen.cli", "convert", "--root", str(site), "-q"],
                          capture_output=True, text=True, cwd=ROOT, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"sitegen convert failed ({proc.returncode}):\n{proc.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    summary = next((ln for ln in proc.stdout.splitlines() if ln.startswith("convert:")), proc.stdout.strip())
    return wall, cpu, after.ru_maxrss, summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of *.txt seeds")
    ap.add_argument("-n", type=int, default=0, help="number of seeds (default: the corpus, once)")
    ap.add_argument("--runs", type=int, default=3, help="cold runs; medians are printed")
    ap.add_argument("--keep", type=Path, help="copy the last run's content/ here")
    ap.add_argument("--python", default=sys.executable,
                    help="interpreter that runs `sitegen convert` (default: this one)")
    args = ap.parse_args(argv)
    corpus = sorted(args.corpus.glob("*.txt"))
    if not corpus:
        print(f"no .txt files in {args.corpus}", file=sys.stderr)
        return 2
    n = args.n or len(corpus)
    print(_describe(args.python), flush=True)
    walls, cpus, peak = [], [], 0
    for i in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            site = Path(tmp)
            _seed_site(site, corpus, n)
            wall, cpu, peak_kb, summary = _run(site, args.python)
            walls.append(wall)
            cpus.append(cpu)
            peak = max(peak, peak_kb)
            print(f"run {i + 1}: {wall:.2f} s wall, {cpu:.2f} s CPU; {summary}", flush=True)
            if args.keep and i == args.runs - 1:
                shutil.rmtree(args.keep, ignore_errors=True)
                shutil.copytree(site / "content", args.keep)
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    cores = os.cpu_count() or 1
    print(f"{n} seeds, cold, medians of {args.runs}: {n / wall:.1f} seeds/s, "
          f"{wall / n * 1000:.1f} ms/seed wall, {cpu / n * 1000:.1f} ms/seed CPU; "
          f"{wall / n * 1000:.1f} s per 1,000 seeds here, {cpu / n * 1000 / cores:.1f} s on {cores} idle cores; "
          f"peak memory {peak / 1024:.0f} MB (largest process); load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
