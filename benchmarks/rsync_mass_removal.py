"""An rsync deploy of a site that drops many pages at once (an archive section, a URL scheme change),
timed with each of several checkouts on the same target, copied fresh for each run.

    .venv/bin/python benchmarks/rsync_mass_removal.py /work/main /work/wt/deploy56 --pages 50000 --drop 5000

public/ holds PAGES pages (a/NNN/pNNNNN/index.html, 100 to a folder); a target (a local path) gets them
and sitegen's list with a first deploy; then every (PAGES / DROP)th page is dropped, so DROP pages and
DROP folders go, spread over the whole site. Each checkout (run with PYTHONPATH set to it, in a process
of its own) then deploys to a fresh copy of that target: a dry run, then the real deploy. Printed for
each: the wall time and user CPU of the whole deploy (sitegen and its rsyncs), and of its rsync calls
alone, the transfer (the one with --delete-after) apart. Rounds alternate the checkouts, to be fair to
both on a busy machine. The work folder defaults to /dev/shm (a tmpfs: steadier than a disk).
Each checkout's process runs in it (python -c puts its working folder first on sys.path: run from
another checkout, it timed that one's code); the module each timed is printed ('file').
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

INNER = r'''
import json, resource, sys, time
from pathlib import Path
import sitegen.deploy.rsync as mod
from sitegen.deploy.targets import RsyncTarget
calls = []
real_run = mod.run
def timed(cmd, **kw):
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime, time.perf_counter()
    done = real_run(cmd, **kw)
    calls.append({"transfer": "--delete-after" in cmd, "user": resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - before,
                  "wall": time.perf_counter() - start})
    return done
mod.run = timed
public, dest, dry = Path(sys.argv[1]), sys.argv[2], sys.argv[3] == "dry"
start = time.perf_counter()
done = mod.publish_rsync(public, RsyncTarget(dest), dry_run=dry)
wall = time.perf_counter() - start
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "user": me.ru_utime + kids.ru_utime, "removed": len(done.removed),
                  "added": len(done.added), "rsync_user": sum(c["user"] for c in calls),
                  "transfer_user": sum(c["user"] for c in calls if c["transfer"]),
                  "transfer_wall": sum(c["wall"] for c in calls if c["transfer"]), "rsyncs": len(calls), "file": mod.__file__}))
'''


def deploy(checkout: Path, public: Path, dest: Path, dry: bool) -> dict:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    proc = subprocess.run([sys.executable, "-c", INNER, str(public), str(dest), "dry" if dry else "real"], cwd=checkout,
                          capture_output=True, text=True, env=env)
    if proc.returncode:
        sys.exit(f"{checkout} failed:\n{proc.stdout}{proc.stderr}")
    return json.loads(proc.stdout.splitlines()[-1])


def make_site(public: Path, pages: int) -> list[str]:
    names = [f"a/{n // 100:03d}/p{n:05d}/index.html" for n in range(pages)]
    for rel in names:
        (public / rel).parent.mkdir(parents=True, exist_ok=True)
        (public / rel).write_text(f"<html><body><h1>Page {rel}</h1>{'text ' * 40}</body></html>\n")
    return names


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("checkouts", nargs="+", type=Path)
    ap.add_argument("--pages", type=int, default=50000)
    ap.add_argument("--drop", type=int, default=5000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--work", type=Path, default=Path("/dev/shm"))
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rsync-mass-removal-", dir=args.work))
    try:
        public, first = work / "public", work / "first"
        names = make_site(public, args.pages)
        deploy(args.checkouts[0], public, first, dry=False)   # the target as the last deploy left it
        step = args.pages // args.drop
        for rel in names[::step][:args.drop]:
            (public / rel).unlink()
            (public / rel).parent.rmdir()
        results: dict[str, list[dict]] = {str(c): [] for c in args.checkouts}
        for round_ in range(args.rounds):
            for checkout in args.checkouts if round_ % 2 == 0 else args.checkouts[::-1]:
                dest = work / "dest"
                shutil.rmtree(dest, ignore_errors=True)
                shutil.copytree(first, dest, symlinks=True)
                dry, real = deploy(checkout, public, dest, True), deploy(checkout, public, dest, False)
                results[str(checkout)].append({"dry": dry, "real": real})
                print(checkout, round_, json.dumps({"dry": dry, "real": real}), flush=True)
        print(f"\n{args.pages} pages, {args.drop} dropped; medians of {args.rounds} rounds (seconds)")
        for checkout, runs in results.items():
            for kind in ("dry", "real"):
                med = {k: statistics.median(r[kind][k] for r in runs)
                       for k in ("wall", "user", "rsync_user", "transfer_user", "transfer_wall")}
                removed = {r[kind]["removed"] for r in runs}
                print(f"{checkout} {kind:4}: wall {med['wall']:.2f}, user CPU {med['user']:.2f} (rsyncs "
                      f"{med['rsync_user']:.2f}; the transfer {med['transfer_user']:.2f} user, {med['transfer_wall']:.2f} "
                      f"wall), removed {sorted(removed)}, rsync calls {runs[0][kind]['rsyncs']}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
