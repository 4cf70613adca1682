"""Time converting 1,000 seeds (copies of a corpus, varied) with convert_all into a temp dir.

    python benchmarks/convert_speed.py --corpus DIR [-n 1000]
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitegen.config import Config  # noqa: E402
from sitegen.convert import convert_all, convert_text  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, required=True, help="folder of *.txt seeds to copy")
    ap.add_argument("-n", type=int, default=1000)
    args = ap.parse_args(argv)
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.corpus.glob("*.txt"))]
    if not texts:
        print(f"no .txt files in {args.corpus}", file=sys.stderr)
        return 2
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        seeds, content = Path(tmp) / "seeds", Path(tmp) / "content"
        seeds.mkdir()
        for i in range(args.n):
            lines = texts[i % len(texts)].split("\n")
            # Vary each copy: a distinct first line and a shuffled pair of lines near the end.
            k = len(lines) - 2 - rng.randrange(max(1, len(lines) // 10))
            if 0 < k < len(lines) - 1:
                lines[k], lines[k + 1] = lines[k + 1], lines[k]
            (seeds / f"{i:04d}.txt").write_text(f"Copy {i}\n" + "\n".join(lines), encoding="utf-8")
        config = Config(root=tmp)
        t0 = time.perf_counter()
        summary = convert_all(config, seeds=seeds, content=content)
        first = time.perf_counter() - t0
        # CPU cost per seed, measured in this process (the pool's workers are not our children).
        sample = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))[:100]]
        convert_text(sample[0], source="warm-up", config=config)
        c0 = time.process_time()
        for i, text in enumerate(sample):
            convert_text(text, source=f"{i}.txt", config=config)
        per_seed = (time.process_time() - c0) / len(sample)
        t0 = time.perf_counter()
        again = convert_all(config, seeds=seeds, content=content)
        second = time.perf_counter() - t0
    print(summary.line())
    cores = os.cpu_count() or 1
    print(f"first run:  {args.n} seeds in {first:.2f} s wall ({first / args.n * 1000:.1f} ms/seed); "
          f"load average {os.getloadavg()[0]:.1f} on {cores} cores (other processes slow the wall time)")
    print(f"CPU per seed: {per_seed * 1000:.1f} ms, i.e. {per_seed * args.n:.1f} s of CPU for {args.n} seeds, "
          f"about {per_seed * args.n / cores + 1:.1f} s on {cores} idle cores with pool start-up")
    print(again.line())
    print(f"second run (nothing changed): {second:.2f} s")
    return 0 if first < 10 else 1


if __name__ == "__main__":
    raise SystemExit(main())
