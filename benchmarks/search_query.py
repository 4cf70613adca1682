#!/usr/bin/env python3
"""Search query time in real Chromium: a built site's search page, served on 127.0.0.1.

    .venv/bin/python benchmarks/build_speed.py --sizes 10000 --runs 1 --search --no-compare
    .venv/bin/python benchmarks/search_query.py /tmp/sitegen-bench/sitegen-10000-search/public

For each word, loads the search page afresh (nothing cached: the first query of a visit) and times
Pagefind's own API as the page sets it up (the primary bundle, every merged language and shard):
from the first call until the top five results' data are in. The UI's typing debounce (300 ms)
is not counted. Then times the same query again in that page (indexes loaded).
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


QUERY = """async ([s, word]) => {
    const t0 = performance.now();
    const pf = await import(new URL(s.bundlePath + 'pagefind.js', location.href).href);
    await pf.options({baseUrl: s.baseUrl});
    const merges = s.languages.map(lang => [s.bundlePath, lang]);
    s.shards.forEach(([path, langs]) => langs.forEach(lang => merges.push([path, lang])));
    if (!window.__merged) {
        await Promise.all(merges.map(([path, lang]) =>
            pf.mergeIndex(new URL(path, location.href).href, {language: lang, baseUrl: s.baseUrl})));
        window.__merged = true;
    }
    const found = await pf.search(word);
    if (!found.results.length) throw new Error('no result for ' + word);
    await Promise.all(found.results.slice(0, 5).map(r => r.data()));
    return performance.now() - t0;
}"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("public", type=Path, help="a built site served at / (base_url ending in the host)")
    ap.add_argument("--words", nargs="+", default=WORDS)
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--settings", type=json.loads, help="the search page's settings JSON, for a site "
                    "without one (e.g. a single index made by the pagefind CLI, for comparison)")
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
                page.goto(url if not args.settings else url.replace("/search/", "/"))
                settings = args.settings or json.loads(
                    page.evaluate("document.getElementById('search-settings').textContent"))
                page.goto(url.replace("/search/", "/"))  # same origin, without the search UI's own copy
                for times in (first, again):
                    times.append(page.evaluate(QUERY, [settings, word]))
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
