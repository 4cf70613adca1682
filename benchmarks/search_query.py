#!/usr/bin/env python3
"""Search query time in real Chromium: a built site's search page, served on 127.0.0.1.

    .venv/bin/python benchmarks/build_speed.py --sizes 10000 --runs 1 --search --no-compare
    .venv/bin/python benchmarks/search_query.py /tmp/sitegen-bench/sitegen-10000-search/public

For each word, loads the search page afresh (nothing cached: the first query of a visit), types
the word and times until the first result is shown; then times the same query typed again in
that page (indexes loaded). Prints each and the medians, with how many bundles were merged.
"""
from __future__ import annotations

import argparse
import json
import statistics
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WORDS = ["government", "minister", "council", "market", "police"]  # common in the generated corpus


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("public", type=Path, help="a built site served at / (base_url ending in the host)")
    ap.add_argument("--words", nargs="+", default=WORDS)
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(args.public)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/search/"
    first, again = [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=ARGS)
            for word in args.words:
                context = browser.new_context()   # a fresh cache for each first query
                page = context.new_page()
                page.goto(url)
                page.wait_for_function("window.PagefindUI !== undefined")
                settings = json.loads(page.inner_text("#search-settings"))
                for times in (first, again):
                    page.fill(".pagefind-ui__search-input", "")
                    page.wait_for_selector(".pagefind-ui__result-link", state="detached")
                    times.append(page.evaluate("""async (word) => {
                        const t0 = performance.now();
                        const input = document.querySelector('.pagefind-ui__search-input');
                        input.value = word; input.dispatchEvent(new Event('input', {bubbles: true}));
                        while (!document.querySelector('.pagefind-ui__result-link'))
                            await new Promise(r => setTimeout(r, 2));
                        return performance.now() - t0; }""", word))
                print(f"{word:<12} first query {first[-1]:7.0f} ms   again {again[-1]:6.0f} ms")
                context.close()
            browser.close()
    finally:
        server.shutdown()
    bundles = 1 + len(settings["languages"]) + sum(len(langs) for _, langs in settings["shards"])
    print(f"median: first query {statistics.median(first):.0f} ms, again {statistics.median(again):.0f} ms "
          f"({bundles} indexes searched)")


if __name__ == "__main__":
    main()
