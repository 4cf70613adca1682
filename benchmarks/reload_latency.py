#!/usr/bin/env python3
"""Save -> reload latency of `sitegen serve`, measured in a real browser.

    .venv/bin/python benchmarks/reload_latency.py                  # 1,000 and 10,000 articles
    .venv/bin/python benchmarks/reload_latency.py --sizes 1000 --edits 5

For each size: generates the corpus (once; kept in --work), starts `sitegen serve` on a free
port, opens one article in headless Chromium and makes --edits one-article body edits. Latency =
from just before the file is written to the reloaded page's load event (both clocks are this
machine's wall clock). Prints the median and p90 per size, and the server's own build times.
Search is disabled in the generated site.toml: watch/serve run Pagefind in the background, niced,
after 2 s of quiet, never between a save and the reload.
"""
from __future__ import annotations

import argparse
import os
import queue
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED_GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SITE_TOML = '[site]\ntitle = "Reload Bench"\n\n[search]\nenabled = false\n'


def generate(n: int, site: Path, generator: Path) -> None:
    content = site / "content"
    if content.is_dir() and len(list(content.glob("*.md"))) == n:
        return
    gen = generator if generator.is_file() else HERE / "gen_corpus.py"
    if gen.is_file():
        subprocess.run([sys.executable, str(gen), str(n), str(content)], check=True, stdout=subprocess.DEVNULL)
    else:
        _tiny_corpus(n, content)
    (site / "site.toml").write_text(SITE_TOML)


def _tiny_corpus(n: int, content: Path) -> None:
    """Fallback when no corpus generator is around: short, distinct articles."""
    content.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (content / f"article-{i:05d}.md").write_text(
            f'---\ntitle: "Article {i}"\ndate: 2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}T10:00:00+00:00\n'
            f'author: "Writer {i % 60}"\ntags: ["topic {i % 800}", "desk {i % 7}"]\nslug: "article-{i}"\n---\n\n'
            + "\n\n".join(f"Paragraph {p} of article {i}, with some words." for p in range(8)) + "\n")


def article_url(file: Path) -> str:
    meta = yaml.safe_load(file.read_text().split("---")[1])
    date = meta["date"]
    return f"/{date.year:04d}/{date.month:02d}/{meta['slug']}/"


def ctrl_c_works() -> None:
    """preexec_fn for the server, which stop() ends with SIGINT: run in the background (`... &`, a
    script's or CI's job), this benchmark starts with SIGINT ignored, which the server inherits, and
    stop() timed out twice with no result printed (review50d 4). As tests/conftest.py's."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Server:
    def __init__(self, site: Path):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sitegen.cli", "serve", "--root", str(site), "--port", "0", "--no-convert"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO,
            env={**os.environ, "PYTHONUNBUFFERED": "1"}, preexec_fn=ctrl_c_works)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self.wait(r"serving (http://\S+)", 900).group(1).rstrip("/")

    def _read(self) -> None:
        self.log: list[str] = []
        for line in self.proc.stdout:
            self.log.append(line)
            self.lines.put(line)

    def wait(self, pattern: str, timeout: float) -> re.Match:
        deadline = time.monotonic() + timeout
        while True:
            line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            if m := re.search(pattern, line):
                return m
            if line.startswith("error"):
                print("  server:", line.rstrip(), file=sys.stderr)

    def builds(self) -> list[float]:
        times = []
        while not self.lines.empty():
            if m := re.search(r"^build ok: .* in ([\d.]+) s", self.lines.get()):
                times.append(float(m.group(1)))
        return times

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGINT)
        return self.proc.wait(timeout=30)


def measure(n: int, edits: int, work: Path, generator: Path) -> dict:
    from playwright.sync_api import sync_playwright

    site = work / f"reload-{n}"
    started = time.perf_counter()
    generate(n, site, generator)
    target = site / "content" / "article-00005.md"
    original = target.read_text()
    server = Server(site)
    print(f"{n:>6} articles: serving after {time.perf_counter() - started:.1f} s", flush=True)
    latencies, page_loads = [], []   # save -> load event; navigation start -> load event
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.goto(server.url + article_url(target))
            page.wait_for_function("window.EventSource && document.readyState === 'complete'")
            time.sleep(1.0)
            server.builds()
            for i in range(edits):
                marker = f"reload-marker-{i}-{time.time_ns()}"
                text = original.rstrip("\n") + f"\n\nEdited paragraph {marker}.\n"
                saved = time.time() * 1000
                target.write_text(text)
                page.wait_for_function(f"document.body && document.body.textContent.includes({marker!r})",
                                       timeout=120_000)
                loaded = page.evaluate("""() => new Promise(done => {
                    const nav = () => performance.getEntriesByType('navigation')[0];
                    const check = () => nav().loadEventEnd > 0
                        ? done([performance.timeOrigin + nav().loadEventEnd, nav().loadEventEnd])
                        : setTimeout(check, 5);
                    check();
                })""")
                latencies.append(loaded[0] - saved)
                page_loads.append(loaded[1])
                time.sleep(0.4)
            browser.close()
    except Exception:
        print("server output (last lines):\n" + "".join(server.log[-30:]), file=sys.stderr)
        raise
    finally:
        target.write_text(original)
        time.sleep(0.5)
        builds = server.builds()
        server.stop()
    print(f"{n:>6} articles: each edit (ms): {' '.join(f'{x:.0f}' for x in latencies)}", flush=True)
    ordered = sorted(latencies)
    return {"n": n, "median": statistics.median(ordered), "p90": ordered[max(0, int(len(ordered) * 0.9 + 0.5) - 1)],
            "min": ordered[0], "max": ordered[-1], "build": statistics.median(builds) * 1000 if builds else float("nan"),
            "load": statistics.median(page_loads)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--work", type=Path, default=Path("/tmp/sitegen-bench"))
    parser.add_argument("--generator", type=Path, default=SHARED_GEN,
                        help="corpus generator (gen_corpus.py N OUTDIR); default: ../shared/bench/gen_corpus.py")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"needs Chromium at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 2
    rows = [measure(n, args.edits, args.work, args.generator) for n in args.sizes]
    print(f"\nsave -> reload complete in the browser, {args.edits} one-article body edits (ms)")
    print(f"{'articles':>8} {'median':>8} {'p90':>8} {'min':>8} {'max':>8} {'build (server)':>15} {'page load':>10}")
    for r in rows:
        print(f"{r['n']:>8} {r['median']:>8.0f} {r['p90']:>8.0f} {r['min']:>8.0f} {r['max']:>8.0f} {r['build']:>15.0f}"
              f" {r['load']:>10.0f}")
    print("build = the server's own build time (median); page load = the reloaded page's navigation start "
          "to load event; the rest is the watcher's debounce, the event and the browser's reaction")
    return 0


if __name__ == "__main__":
    sys.exit(main())
