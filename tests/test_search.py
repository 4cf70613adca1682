"""Site search: Pagefind indexes the built site; the search page finds articles in real Chromium.

The site is served under a sub-path (/news/) by a real http.server on 127.0.0.1, so result links
and the bundle path must respect the base path. A French article checks that other languages'
indexes are searched from the English search page too.
"""
from __future__ import annotations

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import FIXED_NOW, require_tool, write_files
from sitegen.build import Builder, BuildOptions
from sitegen.config import load_config, parse_config
from sitegen.content import parse_article
from sitegen.render import Renderer
from sitegen.seo import search_settings
from sitegen.site import build_site

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

ARTICLES = {
    "content/treaty.md": """---
title: Russia and Iran sign a partnership treaty
summary: A strategic agreement amid sanctions.
authors: [Jane Doe]
date: 2025-01-18T10:00:00+00:00
tags: [Russia, Iran]
---
Vladimir Putin and Masoud Pezeshkian signed the comprehensive strategic partnership treaty on Friday.
""",
    "content/harbour.md": """---
title: Harbour reopens after the storm
date: 2025-01-17T09:00:00+00:00
tags: [Weather]
---
The harbour master said the breakwater held and the ferries sail again from Monday.
""",
    "content/piscine.md": """---
title: La piscine municipale rouvre ses portes
language: fr
date: 2025-01-16T09:00:00+00:00
tags: [Ville]
---
Après six mois de travaux, la piscine accueille de nouveau les nageurs dès samedi matin.
""",
}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output clean
        pass


@pytest.fixture
def served(tmp_path):
    """(root, port): an http.server on 127.0.0.1 serving root/www; the site builds into www/news."""
    www = tmp_path / "www"
    www.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(www)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield tmp_path / "site", server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def build(root: Path, base_url: str, search: bool, output: str = "public") -> Path:
    toml = (f'[site]\ntitle = "Harbour Times"\ndescription = "Zanzibarian dispatches"\nbase_url = "{base_url}"\n'
            f'[paths]\noutput = "{output}"\n[search]\nenabled = {"true" if search else "false"}\n')
    write_files(root, {"site.toml": toml, **ARTICLES})
    config = load_config(root)
    result = Builder(config, BuildOptions()).build(now=FIXED_NOW)
    assert result.ok, result.errors
    return config.path("output")


def search_for(page, word: str) -> list[tuple[str, str]]:
    page.fill(".pagefind-ui__search-input", word)
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15_000)
    links = page.locator(".pagefind-ui__result-link")
    return [(links.nth(i).inner_text(), links.nth(i).get_attribute("href")) for i in range(links.count())]


@pytest.mark.browser
def test_search_page_finds_articles_under_a_sub_path(served):
    require_tool(CHROMIUM, "Chromium")
    from playwright.sync_api import sync_playwright
    root, port = served
    out = build(root, f"http://127.0.0.1:{port}/news/", search=True, output="../www/news")
    assert (out / "pagefind" / "pagefind-ui.js").is_file()
    story = (out / "2025/01/russia-and-iran-sign-a-partnership-treaty/index.html").read_text(encoding="utf-8")
    assert "Zanzibarian" in story.split("data-pagefind-body", 1)[0]  # on the page, outside the body
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(f"http://127.0.0.1:{port}/news/search/")
            found = search_for(page, "Pezeshkian")
            assert [t for t, _ in found] == ["Russia and Iran sign a partnership treaty"]
            assert found[0][1].startswith("/news/2025/01/"), found
            # The link leads to the article: follow it.
            page.click(".pagefind-ui__result-link")
            page.wait_for_url(f"http://127.0.0.1:{port}/news/2025/01/russia-and-iran-sign-a-partnership-treaty/")
            # A French article, from an English search page: its language index is merged in.
            page.goto(f"http://127.0.0.1:{port}/news/search/?q=piscine")
            page.wait_for_selector(".pagefind-ui__result-link", timeout=15_000)
            link = page.locator(".pagefind-ui__result-link").first
            assert link.inner_text() == "La piscine municipale rouvre ses portes"
            assert link.get_attribute("href").startswith("/news/2025/01/")
            # Only article bodies are indexed: a word from the masthead on every page finds nothing.
            page.fill(".pagefind-ui__search-input", "zanzibarian")
            page.wait_for_function("(document.querySelector('.pagefind-ui__message') || {}).textContent"
                                   "?.includes('zanzibarian')", timeout=15_000)
            assert page.locator(".pagefind-ui__result").count() == 0
            assert errors == []
        finally:
            browser.close()


def test_search_page_says_something_useful_without_javascript(tmp_path):
    out = build(tmp_path / "site", "https://example.org/news/", search=True)
    html = (out / "search" / "index.html").read_text(encoding="utf-8")
    noscript = html.split("<noscript>", 1)[1].split("</noscript>", 1)[0]
    for target in ("/news/tags/", "/news/authors/", "/news/archive/", "/news/feed.xml"):
        assert f'href="{target}"' in noscript
    assert 'src="/news/pagefind/pagefind-ui.js"' in html
    article = (out / "2025/01/la-piscine-municipale-rouvre-ses-portes/index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in article and "data-pagefind-body" in article


def test_site_builds_without_search(tmp_path):
    out = build(tmp_path / "site", "https://example.org/news/", search=False)
    assert (out / "index.html").is_file()
    assert not (out / "pagefind").exists()
    assert not (out / "search").exists()
    for page in out.rglob("*.html"):
        assert "/news/search/" not in page.read_text(encoding="utf-8"), page
    assert "SearchAction" not in (out / "index.html").read_text(encoding="utf-8")


def test_search_page_merges_the_other_languages_indexes(tmp_path):
    out = build(tmp_path / "site", "https://example.org/news/", search=True)
    html = (out / "search" / "index.html").read_text(encoding="utf-8")
    settings = json.loads(html.split('id="search-settings">', 1)[1].split("</script>", 1)[0])
    assert settings == {"bundlePath": "/news/pagefind/", "baseUrl": "/news/", "languages": ["fr"], "shards": []}


def test_search_languages_when_no_article_is_in_the_site_language():
    arts = [parse_article(f"{i}.md", f"---\ntitle: T{i}\ndate: 2025-01-1{i}\nlanguage: {lang}\n---\nx\n", ZoneInfo("UTC"))
            for i, lang in enumerate(["de", "fr", "fr"])]
    site = build_site(parse_config({"site": {"language": "en"}}), arts, FIXED_NOW)
    # Pagefind falls back to the language with most pages (fr): only de is merged in.
    assert search_settings(Renderer(site).views, {"lang": "en"}).languages == ("de",)
