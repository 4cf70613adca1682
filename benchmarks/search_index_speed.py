#!/usr/bin/env python3
"""Where search indexing's time goes: Pagefind alone on a built site's article pages.

    .venv/bin/python benchmarks/search_index_speed.py DIR/public                # 1,000 pages, one index
    .venv/bin/python benchmarks/search_index_speed.py DIR/public --pages 0 --shards 4 --workers 2

One index (the default): sends the pages as the build does (search.for_pagefind) to one
`pagefind --service` process and prints Pagefind's CPU while the pages are added (HTML parsing,
words, stemming) and while GetFiles builds the index and compresses each file, with its minor page
faults, and this process's CPU (reading the pages, encoding the messages, writing the files).
--shards N splits the pages into N shards indexed by search.index_shards with --workers, as a
build does. --perf DIR records each phase with `perf record -g` into DIR (the binary is stripped:
group the samples by the function ranges of `readelf --debug-dump=frames`).
Run it on a quiet machine: CPU seconds of processes that compete for the cores grow with the load.
"""
from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from sitegen import search  # noqa: E402


def proc_stat(pid: int) -> tuple[float, int]:
    """CPU seconds (user + system) and minor page faults of a running process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), int(fields[7])


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def perf_start(pid: int, out: Path | None, tag: str) -> subprocess.Popen | None:
    if out is None:
        return None
    out.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(["perf", "record", "-g", "-F", "2000", "-o", str(out / f"perf-{tag}.data"), "-p", str(pid)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    return proc


def perf_stop(proc: subprocess.Popen | None) -> None:
    if proc is not None:
        proc.send_signal(signal.SIGINT)
        proc.wait()


def one_index(pages: list[tuple[str, Path]], perf: Path | None) -> None:
    n = len(pages)
    indexer = search.Indexer(search.executable())
    pid = indexer.proc.pid
    try:
        recording = perf_start(pid, perf, "add")
        mine, (cpu0, faults0), wall = own_cpu(), proc_stat(pid), time.perf_counter()
        indexer.add_pages((url, search.for_pagefind(path.read_bytes())) for url, path in pages)
        perf_stop(recording)
        mine_add, (cpu1, faults1), wall_add = own_cpu() - mine, proc_stat(pid), time.perf_counter() - wall
        recording = perf_start(pid, perf, "write")
        mine, wall = own_cpu(), time.perf_counter()
        with tempfile.TemporaryDirectory() as into:
            indexer.write(Path(into))
            files = sum(len(names) for _, _, names in os.walk(into))
            cpu2, faults2 = proc_stat(pid)
            mine_write, wall_write = own_cpu() - mine, time.perf_counter() - wall
        perf_stop(recording)
    finally:
        indexer.close()
    print(f"{n} pages, {files} files written")
    print(f"{'phase':<8} {'pagefind ms/page':>17} {'faults/page':>12} {'python ms/page':>15} {'wall s':>7}")
    for name, cpu, faults, own, wall in (("add", cpu1 - cpu0, faults1 - faults0, mine_add, wall_add),
                                         ("write", cpu2 - cpu1, faults2 - faults1, mine_write, wall_write)):
        print(f"{name:<8} {1000 * cpu / n:>17.2f} {faults / n:>12.0f} {1000 * own / n:>15.2f} {wall:>7.2f}")


def shards(pages: list[tuple[str, Path]], count: int, workers: int) -> None:
    size = -(-len(pages) // count)
    todo = [(search.Shard(f"2000-{i + 1:02d}" if i < count - 1 else "", (), ()),
             [(url, partial(path.read_bytes)) for url, path in pages[i * size:(i + 1) * size]])
            for i in range(count)]
    before, mine, wall = resource.getrusage(resource.RUSAGE_CHILDREN), own_cpu(), time.perf_counter()
    with tempfile.TemporaryDirectory() as into:
        error, _ = search.index_shards(todo, Path(into), workers)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if error:
        sys.exit(error)
    n = len(pages)
    print(f"{n} pages in {count} shards, {workers} workers: wall {time.perf_counter() - wall:.2f} s, "
          f"Pagefind {1000 * (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / n:.2f} ms/page "
          f"({(after.ru_minflt - before.ru_minflt) / n:.0f} faults/page), python {1000 * (own_cpu() - mine) / n:.2f} ms/page")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("public", type=Path, help="a built site's output folder")
    ap.add_argument("--pages", type=int, default=1000, help="article pages to index (0: all)")
    ap.add_argument("--shards", type=int, default=0, help="index as N shards with search.index_shards")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--perf", type=Path, help="folder for perf record data of each phase (one index)")
    args = ap.parse_args()
    if search.executable() is None:
        sys.exit(search.MISSING)
    found = sorted(p for p in args.public.glob("*/*/*/index.html") if p.parent.parent.parent.name.isdigit())
    pages = [(f"/{p.parent.relative_to(args.public).as_posix()}/", p) for p in found[:args.pages or None]]
    if not pages:
        sys.exit(f"no article pages (YYYY/MM/slug/index.html) in {args.public}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if args.shards:
        shards(pages, args.shards, args.workers)
    else:
        one_index(pages, args.perf)


if __name__ == "__main__":
    main()
