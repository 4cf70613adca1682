#!/usr/bin/env python3
"""SIGKILL sitegen at many random moments, on real files, and check what a kill may leave.

    .venv/bin/python benchmarks/chaos_kill.py [--kills 50] [--articles 400] [--seed 37] [--work DIR]
                                              [--only build-cold,build-incr,deploy,convert,import]

Each scenario runs one command in its own process group, SIGKILLs the group after a random delay
(uniform over the command's clean run time, so kills land in every stage), and then checks:
- what a reader could see right after the kill is the old result or the new one, never a mix
  (public/ or the deploy target: file for file; content/: each file whole, hand edits kept);
- the next run, not killed, succeeds and its output equals a clean run's, byte for byte.
Not part of the test suite (minutes of run time); tests/test_kill.py holds the fast, seeded cases.
Prints one line a scenario and exits 1 on the first broken promise, naming the kill.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = (".sitegen-output", ".sitegen-deploy")


def digests(folder: Path) -> dict[str, str]:
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): hashlib.blake2b(p.read_bytes(), digest_size=16).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name not in SKIP}


def start(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "sitegen.cli", *args, "--root", str(root), "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT)


def run(root: Path, *args: str, ok: tuple[int, ...] = (0,)) -> float:
    began = time.monotonic()
    proc = start(root, *args)
    out = proc.communicate(timeout=900)[0].decode(errors="replace")
    if proc.returncode not in ok:
        fail(f"{' '.join(args)} in {root} exited {proc.returncode}:\n{out[-3000:]}")
    return time.monotonic() - began


def kill_after(proc: subprocess.Popen, delay: float) -> bool:
    """SIGKILL the group after `delay` seconds; False when the run ended first."""
    try:
        proc.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.communicate()
    return True


def fail(message: str) -> None:
    print(f"FAIL: {message}", flush=True)
    sys.exit(1)


def site_toml(root: Path, title: str, search: bool = True) -> None:
    (root / "site.toml").write_text(f'[site]\ntitle = "{title}"\nbase_url = "https://chaos.example.org/news/"\n'
                                    f'[search]\nenabled = {"true" if search else "false"}\n'
                                    '[build]\nworkers = 2\n', encoding="utf-8")


def corpus(root: Path, articles: int) -> None:
    subprocess.run([sys.executable, str(ROOT / "benchmarks/gen_corpus.py"), str(articles), str(root / "content")],
                   check=True, stdout=subprocess.DEVNULL)


# ---------------------------------------------------------------- build

def build_scenario(work: Path, args: argparse.Namespace, rng: random.Random, cold: bool) -> str:
    """Flip the title each round (every page changes); cold: the cache and public/ removed first."""
    root = work / ("build-cold" if cold else "build-incr")
    shutil.rmtree(root, ignore_errors=True)
    corpus(root, args.articles)
    (root / "public").mkdir()
    (root / "public" / "CNAME").write_text("chaos.example.org\n")   # a user's file: kept by every build
    titles = ("Chaos News", "Chaos Daily")
    clean, longest = {}, 0.0
    for title in titles:
        site_toml(root, title)
        shutil.rmtree(root / ".sitegen", ignore_errors=True)
        longest = max(longest, run(root, "build", "--no-convert", "--force-output"))
        clean[title] = digests(root / "public")
    current, killed = titles[1], 0
    for n in range(args.kills):
        target = titles[n % 2]
        if cold:
            shutil.rmtree(root / ".sitegen", ignore_errors=True)
        site_toml(root, target)
        killed += kill_after(start(root, "build", "--no-convert"), rng.uniform(0.0, longest * 1.1))
        got = digests(root / "public")
        if got not in (clean[current], clean[target]):
            fail(f"{root.name} kill {n}: public/ is neither the old build nor the new one "
                 f"({len(set(got.items()) ^ set(clean[target].items()))} files differ from the new)")
        if "CNAME" not in got:
            fail(f"{root.name} kill {n}: the user's public/CNAME is gone")
        run(root, "build", "--no-convert")
        if digests(root / "public") != clean[target]:
            diff = sorted(k for k in set(clean[target]) | set(digests(root / "public"))
                          if clean[target].get(k) != digests(root / "public").get(k))
            fail(f"{root.name} kill {n}: the build after the kill differs from a clean one: {diff[:10]}")
        current = target
        leftovers = list(root.glob(".public.stage-*"))
        if leftovers:
            fail(f"{root.name} kill {n}: {leftovers} left after a whole run")
    return f"{root.name}: {killed} of {args.kills} runs killed (clean run {longest:.1f} s), all old-or-new, " \
           "each next run equal to a clean one"


# ---------------------------------------------------------------- deploy (building, to a folder)

def deploy_scenario(work: Path, args: argparse.Namespace, rng: random.Random) -> str:
    root = work / "deploy"
    shutil.rmtree(root, ignore_errors=True)
    corpus(root, args.articles)
    dest = work / "www" / "news"
    shutil.rmtree(work / "www", ignore_errors=True)
    dest.mkdir(parents=True)
    (dest / "google1234.html").write_text("google-site-verification\n")   # the target's own file
    titles = ("Deploy News", "Deploy Daily")
    clean, longest = {}, 0.0
    for title in titles:
        site_toml(root, title, search=False)
        longest = max(longest, run(root, "deploy", str(dest), "--no-convert"))
        clean[title] = digests(dest)
    current, killed = titles[1], 0
    for n in range(args.kills):
        target = titles[n % 2]
        site_toml(root, target, search=False)
        killed += kill_after(start(root, "deploy", str(dest), "--no-convert"), rng.uniform(0.0, longest * 1.1))
        got = digests(dest)
        if got not in (clean[current], clean[target]):
            fail(f"deploy kill {n}: the target is neither the old site nor the new one")
        run(root, "deploy", str(dest), "--no-convert")
        if digests(dest) != clean[target]:
            fail(f"deploy kill {n}: the deploy after the kill differs from a clean one")
        current = target
    return f"deploy: {killed} of {args.kills} runs killed (clean run {longest:.1f} s), all old-or-new"


# ---------------------------------------------------------------- convert

SEED = ("Home\nWorld\n\nStory {i} about the {a} and the {b} moves forward\n\nBy Jane Doe\n"
        "March {d}, 2024, 9:15 AM UTC\n\n{body}\n\nShare\nTweet\n")
WORDS = ("council", "river", "budget", "harbour", "school", "railway", "festival", "court", "market", "storm")


def seed_text(i: int, version: int) -> str:
    r = random.Random(i * 1000 + version)
    body = "\n\n".join(f"The {' '.join(r.sample(WORDS, 3))} plan was discussed again on Tuesday, officials "
                       f"said, before {r.randint(20, 900)} residents (version {version})." for _ in range(4))
    return SEED.format(i=i, a=r.choice(WORDS), b=r.choice(WORDS), d=1 + i % 28, body=body)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def convert_scenario(work: Path, args: argparse.Namespace, rng: random.Random) -> str:
    """Two copies take the same seed changes and hand edits; one converts cleanly, one is killed."""
    ref, hit = work / "convert-ref", work / "convert-killed"
    for root in (ref, hit):
        shutil.rmtree(root, ignore_errors=True)
        (root / "seeds").mkdir(parents=True)
        site_toml(root, "Convert News", search=False)
    seeds = args.articles // 2
    versions = {i: 0 for i in range(seeds)}
    edits: dict[str, bytes] = {}
    killed = 0
    for n in range(args.kills):
        for i in rng.sample(sorted(versions), max(1, seeds // 5)):
            versions[i] += 1
        for root in (ref, hit):
            for i, v in versions.items():
                path = root / "seeds" / f"s{i:04d}.txt"
                text = seed_text(i, v)
                if not path.exists() or path.read_text(encoding="utf-8") != text:
                    path.write_text(text, encoding="utf-8")
        if n:   # a hand edit, the same in both copies
            name = rng.choice(sorted(k for k in files(ref / "content") if k.endswith(".md") and k not in edits))
            for root in (ref, hit):
                with (root / "content" / name).open("a", encoding="utf-8") as fh:
                    fh.write("\nAdded by the editor.\n")
            edits[name] = (ref / "content" / name).read_bytes()
        before = files(hit / "content") if (hit / "content").exists() else {}
        seconds = run(ref, "convert")
        after = files(ref / "content")
        killed += kill_after(start(hit, "convert"), rng.uniform(0.0, seconds * 1.1))
        now = files(hit / "content")
        for name, data in now.items():
            if name.startswith(".convert-") and name.endswith(".tmp"):
                continue
            if data not in (before.get(name), after.get(name)):
                fail(f"convert kill {n}: content/{name} is neither its old nor its new version")
        for name, data in edits.items():
            if now.get(name) != data:
                fail(f"convert kill {n}: the hand edit of content/{name} was lost")
        run(hit, "convert")
        if files(hit / "content") != after:
            diff = sorted(k for k in set(after) | set(files(hit / "content"))
                          if after.get(k) != files(hit / "content").get(k))
            fail(f"convert kill {n}: the run after the kill differs from a clean one: {diff[:10]}")
    return f"convert: {killed} of {args.kills} runs killed, every file whole, hand edits kept, next run equal"


# ---------------------------------------------------------------- import

def hugo_project(src: Path, stories: int) -> None:
    from PIL import Image
    (src / "content" / "posts").mkdir(parents=True)
    (src / "hugo.toml").write_text('baseURL = "https://old.example.org/"\n[permalinks]\n  posts = "/:year/:slug/"\n')
    for i in range(stories):
        if i % 5 == 0:   # a leaf bundle with a picture
            folder = src / "content" / "posts" / f"bundle-{i:04d}"
            folder.mkdir()
            Image.new("RGB", (64, 48), (i % 255, 80, 160)).save(folder / "cover.png")
            path = folder / "index.md"
        else:
            path = src / "content" / "posts" / f"post-{i:04d}.md"
        path.write_text(f'---\ntitle: "Imported story {i}"\ndate: 2023-0{1 + i % 9}-1{i % 10}T08:00:00Z\n'
                        f'tags: [imported, "topic {i % 7}"]\nauthors: [Ann Lee]\n---\n'
                        + ("![cover](cover.png)\n\n" if i % 5 == 0 else "")
                        + f"Body of story {i}, imported from Hugo.\n", encoding="utf-8")


def import_scenario(work: Path, args: argparse.Namespace, rng: random.Random) -> str:
    src, root = work / "hugo-src", work / "import"
    shutil.rmtree(src, ignore_errors=True)
    hugo_project(src, args.articles)
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    site_toml(root, "Import News", search=False)
    seconds = run(root, "import", "hugo", str(src))
    clean = files(root / "content")
    killed = 0
    for n in range(args.kills):
        shutil.rmtree(root / "content")
        shutil.rmtree(root / ".sitegen", ignore_errors=True)
        killed += kill_after(start(root, "import", "hugo", str(src)), rng.uniform(0.0, seconds * 1.1))
        now = files(root / "content") if (root / "content").exists() else {}
        for name, data in now.items():
            if not (name.startswith(".convert-") or ".convert-" in name) and clean.get(name) != data:
                fail(f"import kill {n}: content/{name} is not whole")
        run(root, "import", "hugo", str(src))
        if files(root / "content") != clean:
            fail(f"import kill {n}: the import after the kill differs from a clean one")
    return f"import: {killed} of {args.kills} runs killed (clean run {seconds:.1f} s), files whole, next run equal"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kills", type=int, default=50)
    p.add_argument("--articles", type=int, default=400)
    p.add_argument("--seed", type=int, default=37)
    p.add_argument("--work", type=Path, default=Path("/tmp/sitegen-chaos-kill"))
    p.add_argument("--only", default="build-cold,build-incr,deploy,convert,import")
    args = p.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    scenarios = {"build-cold": lambda r: build_scenario(args.work, args, r, cold=True),
                 "build-incr": lambda r: build_scenario(args.work, args, r, cold=False),
                 "deploy": lambda r: deploy_scenario(args.work, args, r),
                 "convert": lambda r: convert_scenario(args.work, args, r),
                 "import": lambda r: import_scenario(args.work, args, r)}
    for name in args.only.split(","):
        began = time.monotonic()
        print(scenarios[name](random.Random(f"{args.seed}-{name}")), f"[{time.monotonic() - began:.0f} s]",
              flush=True)


if __name__ == "__main__":
    main()
