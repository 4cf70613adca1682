#!/usr/bin/env python3
"""Search query time in real Chromium: a built site's search page, served on 127.0.0.1.

    .venv/bin/python benchmarks/build_speed.py --sizes 10000 --runs 1 --search --no-compare
    .venv/bin/python benchmarks/search_query.py /tmp/sitegen-bench/sitegen-10000-search/public

For each word, loads the search page afresh (nothing cached: the first query of a visit) and times
Pagefind's own API as the page sets it up (the primary bundle, every merged language and shard):
from the first call until the top five results' data are in. The UI's typing debounce (300 ms)
is not counted. Then times the same query again in that page (indexes loaded).

Last, as a reader meets it (--reader, on by default): the search page itself, opened afresh; its
search box takes the focus on load, and that loads Pagefind and merges the indexes while the
reader starts typing. Once the page is idle the word is entered and the time until the first
result shows is taken, less the UI's 300 ms pause for the typing to end.
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


# The search page's own UI: the word typed into its box, the clock stopped when a result shows.
TYPED = """async ([word, pause, KEY_MS]) => {
    const box = document.querySelector('#search input');
    const shown = new Promise(resolve => new MutationObserver((_, observer) => {
        if (document.querySelector('#search .pagefind-ui__result-link')) { observer.disconnect(); resolve(); }
    }).observe(document.getElementById('search'), {childList: true, subtree: true}));
    let t0 = 0;
    for (let i = 1; i <= word.length; i++) {   // typed a letter at a time, as a quick typist does
        if (i > 1) await new Promise(resolve => setTimeout(resolve, KEY_MS));
        t0 = performance.now();
        box.value = word.slice(0, i);
        box.dispatchEvent(new Event('input', {bubbles: true}));
    }
    await shown;
    return performance.now() - t0 - pause;
}"""
PAUSE_MS = 300   # PagefindUI's debounceTimeoutMs (its default; templates/search.html keeps it)
KEY_MS = 120     # between keystrokes: each one has the UI preload the word so far


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
    ap.add_argument("--no-reader", dest="reader", action="store_false",
                    help="skip the timing through the search page's own UI")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(args.public)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/search/"
    first, again, typed = [], [], []
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
                context.close()
                line = f"{word:<12} first query {first[-1]:7.0f} ms   again {again[-1]:6.0f} ms"
                if args.reader and not args.settings:
                    context = browser.new_context()
                    page = context.new_page()
                    page.goto(url, wait_until="networkidle")   # the box's focus has loaded the indexes
                    typed.append(page.evaluate(TYPED, [word, PAUSE_MS, KEY_MS]))
                    context.close()
                    line += f"   typed on the search page {typed[-1]:6.0f} ms"
                print(line)
            browser.close()
    finally:
        server.shutdown()
    bundles = 1 + len(settings["languages"]) + sum(len(langs) for _, langs in settings["shards"])
    print(f"median: first query {statistics.median(first):.0f} ms, again {statistics.median(again):.0f} ms "
          f"({bundles} indexes searched)")
    if typed:
        print(f"median on the search page: the first result {statistics.median(typed):.0f} ms after the "
              f"typing pause ({PAUSE_MS} ms) ends")


if __name__ == "__main__":
    main()
