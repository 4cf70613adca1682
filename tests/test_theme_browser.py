"""The theme in real headless Chromium on the three-language golden site, search on: screenshots
of the front, a section, an article, a topic, an author and a search result in two languages, at
375 and 1280 px, light and dark; axe-core with zero violations on each; grids without orphan
cards at 375, 768 and 1280 px; search results styled with label and date, one edition's index."""
from __future__ import annotations

import functools
import os
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from builders import build, copy_site
from conftest import IN_CI, ROOT, require_tool, serving, write_files

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE = Path(os.environ.get("AXE_JS", ROOT / ".venv/axe/node_modules/axe-core/axe.min.js"))
PAGES = {  # name -> (English page, German page)
    "front": ("/", "/de/"),
    "section": ("/business/", "/de/business/"),
    "article": ("/2025/01/ferry-crews-strike-over-new-rosters/", "/de/2025/01/fahrbesatzungen-streiken-gegen-neue-dienstplane/"),
    "topic": ("/tags/ferries/", "/de/tags/fahren/"),
    "author": ("/authors/jane-doe/", "/de/authors/jana-schmidt/"),
    "search": ("/search/?q=ferry", "/de/search/?q=Fähren"),
}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    root = copy_site("editions", tmp_path_factory.mktemp("theme") / "site")
    toml = root / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("enabled = false", "enabled = true"), encoding="utf-8")
    result = build(root)
    assert result.ok, result.errors
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root / "public")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    chromium = require_tool("/usr/bin/chromium", "Chromium")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def axe() -> str:
    if AXE.is_file():
        return str(AXE)
    if IN_CI:
        pytest.fail(f"axe-core is missing in CI ({AXE}); `make test` installs it with npm")
    pytest.skip(f"axe-core not installed ({AXE}); `make test` installs it when npm is present")


def open_page(page, url: str) -> None:
    page.goto(url)
    if "/search/" in url:  # a search result: wait for Pagefind to show it
        page.wait_for_selector(".pagefind-ui__result .result-meta", timeout=20_000)


# What a reader sees first: the page's visible main heading (the front's is the lead headline),
# the page's language and the colour the page is painted in.
LOOK = """() => {
    const heading = [...document.querySelectorAll('main h1, main .teaser-lead .teaser-title')]
        .find(e => !e.classList.contains('visually-hidden') && e.getBoundingClientRect().width > 1);
    const r = heading ? heading.getBoundingClientRect() : null;
    const paint = getComputedStyle(document.body).backgroundColor.match(/[0-9.]+/g).slice(0, 3).map(Number);
    return {lang: document.documentElement.lang, text: heading ? heading.innerText.trim() : '',
            left: r && r.left, right: r && r.right, top: r && r.top, height: r && r.height,
            clipped: heading ? heading.scrollWidth > heading.clientWidth + 1 : true,
            luminance: (0.2126 * paint[0] + 0.7152 * paint[1] + 0.0722 * paint[2]) / 255};
}"""


def looks_right(look: dict, lang: str, width: int, scheme: str) -> list[str]:
    """Layout checks on a screenshot's page: its language, a readable headline inside the
    viewport near the top, and the page painted in the colour scheme asked for."""
    problems = []
    if look["lang"] != lang:
        problems.append(f"lang={look['lang']!r}, expected {lang!r}")
    if not look["text"] or look["height"] < 16:
        problems.append(f"no visible headline ({look['text']!r})")
    elif look["left"] < 0 or look["right"] > width or look["clipped"] or look["top"] > 700:
        problems.append(f"headline {look['text'][:40]!r} off screen or clipped: {look}")
    if (look["luminance"] > 0.5) != (scheme == "light"):
        problems.append(f"background luminance {look['luminance']:.2f} in {scheme} mode")
    return problems


def violations(page, axe: str) -> list[str]:
    """axe-core's default rules plus WCAG 2.2's target size (off by default in axe 4): a link
    smaller than 24 px needs 24 px of room (the front's lead label sat 3 px over its headline)."""
    page.add_script_tag(path=axe)
    return page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations'],
            rules: {'target-size': {enabled: true}}})).violations
        .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(' | '))""")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_and_axe_in_two_languages(browser, site_url, axe, tmp_path, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    found = {}
    for name, paths in PAGES.items():
        for lang, path in zip(("en", "de"), paths):
            open_page(page, site_url + path)
            shot = tmp_path / f"{name}-{lang}-{width}-{scheme}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000, f"{shot} looks empty"
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path   # no sideways scroll
            problems = looks_right(page.evaluate(LOOK), lang, width, scheme) + violations(page, axe)
            if problems:
                found[path] = problems
    context.close()
    assert not found, found
    assert not errors, errors


ORPHANS = """() => [...document.querySelectorAll('.river:not(.river-list)')].map(river => {
    const cards = [...river.children].map(c => c.getBoundingClientRect());
    if (cards.length < 2) return null;
    const columns = cards.filter(r => Math.abs(r.top - cards[0].top) < 2).length;
    const last = cards.filter(r => Math.abs(r.top - cards[cards.length - 1].top) < 2);
    const width = river.getBoundingClientRect().width;
    const used = Math.max(...last.map(r => r.right)) - Math.min(...last.map(r => r.left));
    return {columns, lastRow: last.length, full: used >= width - 2};
}).filter(Boolean)"""


@pytest.mark.parametrize("width", [375, 768, 1280])
def test_grids_leave_no_card_alone_on_a_row(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    checked = 0
    for path in ("/", "/de/", "/business/", "/2025/01/ferry-crews-strike-over-new-rosters/"):
        page.goto(site_url + path)
        for river in page.evaluate(ORPHANS):
            checked += 1
            assert river["full"] or river["lastRow"] > 1 or river["columns"] == 1, (path, width, river)
    context.close()
    assert checked, "no grid on the pages checked"


def test_search_results_show_label_and_date_and_load_one_editions_index(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    open_page(page, site_url + PAGES["search"][1])
    result = page.locator(".pagefind-ui__result").first
    assert result.locator(".result-label").inner_text().lower() == "wirtschaft"
    assert "19. Januar 2025" in result.locator(".result-meta").inner_text()
    assert "Lesezeit" not in result.inner_text() and "Min." not in result.inner_text()
    label = page.locator("#search-label")
    assert label.is_visible() and page.locator("#search input").get_attribute("aria-labelledby") == "search-label"
    languages = {m.group(1) for u in fetched if (m := re.search(r"/(?:pagefind\.)?([a-z]{2,3})_[0-9a-f]+\.pf_", u))}
    assert languages == {"de"}, fetched            # the English and French indexes are never downloaded
    context.close()


def test_the_search_result_count_is_a_status_message(browser, site_url):
    """WCAG 4.1.3: Pagefind's '2 results for ferry' had no role and nothing on the page was live: a
    screen reader said nothing after a query. A status region repeats each settled message (not the
    'Searching for ...' between), in the edition's words."""
    page = browser.new_page()
    for url in (site_url + "/search/?q=ferry", site_url + "/de/search/?q=zzqqxx"):
        message = search_chrome(page, url)["message"]
        status = page.locator("[role=status]")
        assert status.count() == 1 and status.get_attribute("id") == "search-status"
        page.wait_for_function("document.getElementById('search-status').textContent.trim() !== ''")
        assert status.inner_text() == message
    page.fill("#search input", "")   # cleared: no message, nothing left to announce
    page.wait_for_function("!document.querySelector('.pagefind-ui__message')")
    assert page.locator("#search-status").text_content() == ""
    page.close()


LONG_TITLE = ("Harbour authority, unions and ferry operators agree a three-year plan for rosters, pay, "
              "night crossings and the winter timetable after weeks of strikes")


@pytest.fixture(scope="module")
def long_lead_url(tmp_path_factory):
    """The golden site with a newest story whose headline is 150 characters and has no summary."""
    root = copy_site("editions", tmp_path_factory.mktemp("lead") / "site")
    (root / "content/long-lead.md").write_text(
        f"---\ntitle: {LONG_TITLE}\ndate: 2025-01-20T10:00:00+00:00\nsection: business\n---\n"
        "The agreement ends the strike. Ferries run to the usual timetable from Monday.\n\nMore details.\n",
        encoding="utf-8")
    assert build(root).ok
    with serving(root / "public") as url:
        yield url


@pytest.mark.parametrize("width", [375, 768, 1280])
def test_the_lead_headline_is_bounded_and_has_a_standfirst(browser, long_lead_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(long_lead_url + "/")
    lead = page.evaluate("""() => {
        const title = document.querySelector('.teaser-lead .teaser-title');
        const style = getComputedStyle(title);
        const standfirst = document.querySelector('.teaser-lead .summary');
        return {text: title.innerText, height: title.getBoundingClientRect().height,
                line: parseFloat(style.lineHeight), size: parseFloat(style.fontSize),
                standfirst: standfirst ? standfirst.innerText : ''};
    }""")
    context.close()
    assert lead["text"] == LONG_TITLE
    lines = round(lead["height"] / lead["line"])
    assert lines <= {375: 6, 768: 5, 1280: 4}[width], lead      # the was 6 lines, 359 px at 1280
    assert lead["height"] <= 0.3 * 900, lead                     # never most of the first screen
    assert lead["standfirst"].startswith("The agreement ends the strike."), lead


def search_chrome(page, url: str) -> dict:
    """What Pagefind's UI says around a query that finds nothing: its placeholder, message, button."""
    page.goto(url)
    page.wait_for_selector(".pagefind-ui__message", timeout=20_000)
    # past "Searching for ..." (the searching message ends in an ellipsis in every language here)
    page.wait_for_function("(t => t && !t.includes('[') && !/(\\.\\.\\.|…)$/.test(t))"
                           "(document.querySelector('.pagefind-ui__message').innerText.trim())")
    return {"placeholder": page.locator("#search input").get_attribute("placeholder"),
            "message": page.locator(".pagefind-ui__message").inner_text(),
            "clear": page.locator(".pagefind-ui__search-clear").inner_text()}


def test_the_german_search_page_speaks_german_in_pagefinds_ui_too(browser, site_url):
    page = browser.new_page()
    assert search_chrome(page, site_url + "/de/search/?q=zzqqxx") == {
        "placeholder": "Suche", "message": "Keine Ergebnisse für zzqqxx", "clear": "Löschen"}
    assert search_chrome(page, site_url + "/fr/search/?q=zzqqxx")["message"] == "Pas de résultat pour zzqqxx"
    assert search_chrome(page, site_url + "/search/?q=zzqqxx")["message"] == "No results for zzqqxx"
    page.close()


def test_pagefinds_words_come_from_the_sites_catalog(browser, tmp_path):
    """Pagefind is told its words by the edition's catalog, not left to guess from <html lang>:
    a site's own de.po changes them like every other interface string."""
    root = copy_site("editions", tmp_path / "site")
    toml = root / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("enabled = false", "enabled = true"), encoding="utf-8")
    theme_po = (ROOT / "templates/locales/de.po").read_text(encoding="utf-8")
    mine = (theme_po.replace('msgstr "Keine Ergebnisse für [SEARCH_TERM]"', 'msgstr "Nichts gefunden zu [SEARCH_TERM]"')
            .replace('msgstr "Löschen"', 'msgstr "Leeren"'))
    assert mine.count("Nichts gefunden") == 1 and mine.count('"Leeren"') == 1
    (root / "templates/locales").mkdir(parents=True)
    (root / "templates/locales/de.po").write_text(mine, encoding="utf-8")
    assert build(root).ok
    page = browser.new_page()
    with serving(root / "public") as url:
        chrome = search_chrome(page, url + "/de/search/?q=zzqqxx")
    assert chrome["message"] == "Nichts gefunden zu zzqqxx" and chrome["clear"] == "Leeren", chrome
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_language_chooser_is_accessible(browser, axe, tmp_path, scheme):
    """The root of a site with no story in its main language (tests/test_editions.py): no axe
    violations, both of its links visible, in light and dark."""
    root = copy_site("editions", tmp_path / "site")
    for story in (root / "content").glob("*.md"):
        if "language: de" not in (text := story.read_text(encoding="utf-8")) and "language: fr" not in text:
            story.unlink()
    assert build(root).ok
    context = browser.new_context(viewport={"width": 375, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    with serving(root / "public") as url:
        for path in ("/", "/404.html"):
            page.goto(url + path)
            assert page.locator("main a[hreflang]").evaluate_all("links => links.map(a => a.innerText)") == [
                "Deutsch", "Français"], path
            assert violations(page, axe) == [], path
    context.close()


# Each element's own text colour against white paper (WCAG's contrast ratio), on the printed page.
PRINTED_TEXT = """() => {
    const lum = c => c.match(/[0-9.]+/g).slice(0, 3).map(Number).map(v => v / 255)
        .map(v => v <= .03928 ? v / 12.92 : Math.pow((v + .055) / 1.055, 2.4))
        .reduce((sum, v, i) => sum + v * [.2126, .7152, .0722][i], 0);
    return [...document.querySelectorAll('body *')].filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
        .filter(e => e.getClientRects().length)
        .map(e => [e.tagName.toLowerCase() + '.' + e.className, 1.05 / (lum(getComputedStyle(e).color) + .05)])
        .filter(([, ratio]) => ratio < 4.5);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_printed_pages_are_dark_text_on_white_in_either_scheme(browser, site_url, scheme):
    """A reader in dark mode who prints a story gets the light palette: print media with
    prefers-color-scheme: dark matched (as some browsers do) once printed the byline at 1.2:1."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.emulate_media(media="print", color_scheme=scheme)
    for path in (PAGES["article"][0], PAGES["front"][1], PAGES["topic"][0]):
        page.goto(site_url + path)
        assert page.evaluate(PRINTED_TEXT) == [], (path, scheme)
    context.close()


def test_printing_from_a_dark_screen_prints_the_links_dark_at_once(browser, site_url):
    """The switch from screen to print is a change of colours, and links faded into them over
    0.12 s (a screen-only nicety): read at once, a dark screen's links were 1.2-2.3:1 on paper."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    page.goto(site_url + PAGES["article"][0])
    page.emulate_media(media="print", color_scheme="dark")
    assert page.evaluate(PRINTED_TEXT) == []
    context.close()


SHOWN = "sel => [...document.querySelectorAll(sel)].filter(e => e.getClientRects().length).length"


def test_printed_pages_leave_out_the_language_menu_pages_and_feed_links(browser, site_url):
    """On paper a reader wants the story, not links to click: the edition switcher in the masthead,
    'Older stories' pagination and a topic's 'Follow: RSS feed' line were printed on every page
    (the print style hid only the section menu, footer links and next/previous)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    for path, selector in ((PAGES["article"][0], ".site-header .editions"), ("/", ".pagination"),
                           (PAGES["topic"][0], ".follow")):
        page.emulate_media(media="screen")
        page.goto(site_url + path)
        assert page.evaluate(SHOWN, selector) == 1, (path, selector)
        page.emulate_media(media="print")
        assert page.evaluate(SHOWN, selector) == 0, (path, selector)
        assert page.locator("main h1").is_visible(), path
    context.close()


COMPOUND = "Hafenbetriebsgesellschaftsumstrukturierungsvereinbarungsentwurf"  # 63 letters, one word
WIDE_STORY = f"""---
title: The {COMPOUND} explained
date: 2025-01-20T11:00:00+00:00
section: business
summary: What the {COMPOUND} means for the port.
---
The draft runs to fifty pages.

```
harbour-rosters --from 2025-01-20 --to 2025-03-31 --crews ferry,tug,pilot --format table --output rosters.csv
```

| Crossing | Monday | Tuesday | Wednesday | Thursday | Friday | Saturday | Sunday | Notes on the winter timetable |
|---|---|---|---|---|---|---|---|---|
| North quay | 06:10 | 06:10 | 06:10 | 06:10 | 06:10 | 07:30 | 08:45 | no night crossing from December |
"""


@pytest.fixture(scope="module")
def wide_url(tmp_path_factory):
    """The golden site, search on, with a story that has a 63-letter word in its headline and
    summary, a long line of code and a table of nine columns."""
    root = copy_site("editions", tmp_path_factory.mktemp("wide") / "site")
    toml = root / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("enabled = false", "enabled = true"), encoding="utf-8")
    (root / "content/wide.md").write_text(WIDE_STORY, encoding="utf-8")
    assert build(root).ok
    with serving(root / "public") as url:
        yield url


def test_a_long_word_in_a_search_result_wraps_inside_a_phones_screen(browser, wide_url):
    """Pagefind lays a result out in a flex item as wide as its longest word: a 60-letter German
    compound in a headline made a 360 px phone's search page 728 px wide, scrolling sideways."""
    page = browser.new_page(viewport={"width": 360, "height": 800})
    open_page(page, wide_url + "/search/?q=draft")
    assert COMPOUND in page.locator(".pagefind-ui__result-title").first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.close()


@pytest.mark.parametrize("query", ["https://www.example.org/2025/01/ferry-crews-strike-over-new-rosters",
                                   "Verkehrsinfrastrukturfinanzierungsgesellschaft"])
def test_the_search_message_wraps_a_long_query_at_320_px(browser, wide_url, query):
    """WCAG 1.4.10 (reflow): Pagefind's message repeats the query in a flex box, as wide as its
    longest word: a pasted address made the 320 px search page 342 px wide, a compound 402 px."""
    page = browser.new_page(viewport={"width": 320, "height": 700})
    chrome = search_chrome(page, wide_url + "/search/?q=" + query)
    assert query in chrome["message"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.close()


def test_a_wide_code_block_or_table_scrolls_from_the_keyboard(browser, axe, wide_url):
    """A code block or table wider than the column scrolls sideways and must take the focus for a
    reader without a mouse to scroll it. This Chromium (like Firefox) focuses such a scroller by
    itself, so the Tab walk passed before the fix too; axe, which fails it for the browsers that
    do not (Safari), did not: scrollable-region-focusable on both."""
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(wide_url + "/2025/01/the-hafenbetriebsgesellschaftsumstrukturierungsvereinbarungsentwurf-explained/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for selector in (".story-body pre", ".story-body table"):
        box = page.locator(selector)
        assert box.evaluate("e => e.scrollWidth > e.clientWidth"), selector   # it does scroll
        for _ in range(40):   # Tab through the page, as a keyboard reader does, until it is reached
            page.keyboard.press("Tab")
            if box.evaluate("e => e === document.activeElement"):
                break
        else:
            pytest.fail(f"Tab never reached the {selector}")
        page.keyboard.press("ArrowRight")   # the focused box scrolls (smoothly: waited for)
        box.evaluate("e => new Promise(done => { e.scrollLeft > 0 ? done() : e.addEventListener('scroll', done);"
                     " setTimeout(done, 3000); })")
        assert box.evaluate("e => e.scrollLeft") > 0, selector
    assert violations(page, axe) == []
    page.close()


SHIFTS = """() => { window.shifts = []; new PerformanceObserver(list => { for (const e of list.getEntries())
    if (!e.hadRecentInput) window.shifts.push([e.value, e.sources.map(s => s.node ? s.node.className || s.node.nodeName : '')]); })
    .observe({type: 'layout-shift', buffered: true}); }"""


@pytest.mark.parametrize("width", [375, 1280])
def test_search_results_arriving_do_not_shift_the_page(browser, site_url, width):
    """Pagefind fills the results in after the page has loaded: the footer, in view under the empty
    results, jumped down with them (cumulative layout shift 0.10 on a 360 px phone)."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.add_init_script(f"({SHIFTS})()")
    open_page(page, site_url + PAGES["search"][0])
    page.wait_for_timeout(500)   # the result's own fragment loads after its placeholder
    shifts = page.evaluate("window.shifts")
    page.close()
    assert not [s for s in shifts if "site-footer" in s[1]], shifts
    assert sum(value for value, _ in shifts) < 0.05, shifts


def test_a_wide_code_block_or_table_prints_whole(browser, wide_url):
    """On screen a wide code block or table scrolls sideways; paper does not scroll, and the print
    style left them scrolling: the line of code and the table's last columns were cut off."""
    page = browser.new_page(viewport={"width": 718, "height": 1000})   # A4's width inside Chromium's margins
    page.goto(wide_url + "/2025/01/the-hafenbetriebsgesellschaftsumstrukturierungsvereinbarungsentwurf-explained/")
    page.emulate_media(media="print")
    cut = page.evaluate("""() => [...document.querySelectorAll('.story-body pre, .story-body td, .story-body th')]
        .filter(e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > innerWidth)
        .map(e => e.tagName + ' ' + e.textContent.trim().slice(0, 20))""")
    table = page.locator(".story-body table").evaluate("t => [t.scrollWidth, t.clientWidth, t.rows[0].cells.length]")
    page.close()
    assert cut == [] and table[0] <= table[1] and table[2] == 9, (cut, table)


def test_the_search_box_tabs_to_what_a_reader_sees_and_its_placeholder_is_legible(browser, site_url):
    """Pagefind fades its Clear button out while the box is empty (opacity 0) but left it in the
    Tab order: the first Tab from the box put the focus on nothing visible. And its placeholder
    style (opacity .2, loaded after the theme's) beat the theme's: about 1.4:1."""
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        page.goto(site_url + "/search/")
        box = page.locator("#search input")
        box.focus()
        placeholder = box.evaluate("i => { const p = getComputedStyle(i, '::placeholder'); return [p.color, p.opacity]; }")
        assert placeholder[1] == "1", (scheme, placeholder)
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
            return {what: e.className, shown: s.visibility === 'visible' && +s.opacity > 0 && e.getClientRects().length > 0}; }""")
        assert focused["shown"], (scheme, focused)
        box.fill("ferry")   # with a query, Clear shows and is the next stop
        page.wait_for_selector(".pagefind-ui__result", timeout=20_000)
        box.focus()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className").startswith("pagefind-ui__search-clear"), scheme
        # review46e: Clear hides itself as the box empties, and the focus fell to <body>: the words
        # typed next went nowhere. It goes back to the box, and typing searches again.
        page.keyboard.press("Enter")
        page.wait_for_function("!document.querySelector('#search input').value")
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        focused = page.evaluate("document.activeElement.tagName + '.' + document.activeElement.className")
        page.keyboard.type("bridge")
        assert box.input_value() == "bridge", (scheme, f"focus after Clear: {focused}")
        page.wait_for_selector(".pagefind-ui__result", timeout=20_000)
        assert "bridge" in page.locator(".pagefind-ui__result").first.inner_text().lower(), scheme
        context.close()


@pytest.mark.parametrize("scheme, mark", [("light", "rgb(255, 244, 194)"), ("dark", "rgb(77, 66, 23)")])
def test_the_search_highlight_takes_the_themes_colour(browser, site_url, scheme, mark):
    """review46e: the theme's '.search mark' lost to Pagefind's '.pagefind-ui--reset mark { all:
    revert }' (as specific, loaded after it): matched words were the browser's yellow blocks, glaring
    on the dark page. They take --mark and the text's colour in either scheme."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    open_page(page, site_url + PAGES["search"][0])
    found = page.locator("#search mark").first.evaluate("m => [getComputedStyle(m).backgroundColor,"
                                                        " getComputedStyle(m).color === getComputedStyle(document.body).color]")
    context.close()
    assert found == [mark, True], (scheme, found)


THEME_FAULTS = {   # an author's own page, a row's lone card, quotes in scripts without italics
    "site.toml": '[site]\nbase_url = "http://127.0.0.1/"\n[search]\nenabled = false\n',
    "authors.toml": '["Jane Doe"]\nbio = "Jane writes about transport."\n',
    **{f"content/story-{n}.md": (
        f"---\ntitle: Harbour story number {n}\ndate: 2025-01-{19 - n:02d}T09:00:00+00:00\n"
        f"authors: {authors}\nsummary: {'The harbour authority said the new timetable would run from Monday. ' * 3}\n"
        "---\nFirst paragraph.\n\n> The crossings run again, said the harbour master.\n")
        for n, authors in enumerate(["[Jane Doe]", "[Jane Doe, John Roe, Ann Other]", "[Jane Doe]",
                                     "[John Roe]", "[John Roe]", "[John Roe]", "[John Roe]", "[John Roe]"], start=1)},
    "content/ar.md": "---\ntitle: الميزانية الجديدة\ndate: 2025-01-10T09:00:00+00:00\nlanguage: ar\nauthors: [John Roe]\n---\n"
                     "الفقرة الأولى.\n\n> قال الوزير إن الميزانية تحمي المدارس.\n",
}


@pytest.fixture(scope="module")
def faults_url(tmp_path_factory):
    root = write_files(tmp_path_factory.mktemp("faults") / "site", THEME_FAULTS)
    result = build(root)
    assert result.ok, result.errors
    with serving(root / "public") as url:
        yield url


def test_an_authors_page_drops_only_a_byline_of_theirs_alone(browser, faults_url):
    """The author's page hid every story's byline, so a story written with others lost its
    co-authors, and the date line's separator, drawn after the byline, started every line: '· Jan 18'."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(faults_url + "/authors/jane-doe/")
    lines = page.evaluate("""() => [...document.querySelectorAll('.river-list .meta')].map(m => {
        const by = m.querySelector('.byline');
        return [by && by.getClientRects().length ? by.innerText : '', getComputedStyle(m.querySelector('time'), '::before').content]; })""")
    page.close()
    assert lines == [["", "none"], ["By Jane Doe, John Roe and Ann Other", '"·"'], ["", "none"]], lines


@pytest.mark.parametrize("width", [768, 1280])
def test_a_card_alone_on_its_row_keeps_a_readable_line(browser, faults_url, width):
    """A card alone on the last row takes the row (no orphan), and its words ran across it: 108
    characters a line at 1280 px. Its text keeps the article's measure (40rem). Five cards: the
    fifth spans both columns at 768 px, two of three at 1280."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(faults_url + "/")
    cards = page.evaluate("""() => [...document.querySelectorAll('.river > .teaser')].map(c =>
        [c.getBoundingClientRect().width, c.querySelector('.summary').getBoundingClientRect().width])""")
    page.close()
    assert len(cards) == 5 and cards[-1][0] > 700, cards     # the last card spans the row (or two columns of three)
    assert all(summary <= 640.5 for _, summary in cards), cards


def test_quotes_in_scripts_without_italics_stand_upright(browser, faults_url):
    """Arabic has no italic face: the quote's italic was a synthetic slant of the letters."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    styles = {}
    for path in ("/2025/01/harbour-story-number-1/", "/ar/2025/01/lmyzny-ljdyd/"):
        page.goto(faults_url + path)
        styles[page.evaluate("document.documentElement.lang")] = page.locator(
            ".story-body blockquote").evaluate("q => getComputedStyle(q).fontStyle")
    page.close()
    assert styles == {"en": "italic", "ar": "normal"}, styles


# Where each piece of a story's dateline and reading time is drawn: text pieces found by their words
DATELINE_BOXES = """() => {
    const meta = document.querySelector('.story-meta'), time = meta.querySelector('.published time');
    const box = (node, from, to) => { const r = document.createRange(); r.setStart(node, from); r.setEnd(node, to);
                                      const b = r.getBoundingClientRect(); return [b.left, b.right, b.top]; };
    const published = meta.querySelector('.published').firstChild, reading = meta.querySelector('.reading-time').firstChild;
    const when = time.firstChild.data, month = when.indexOf('ژانویه');
    return {published: box(published, 0, published.data.trim().length), time: time.getBoundingClientRect().left,
            day: box(time.firstChild, 0, 1), month: box(time.firstChild, month, month + 6),
            minutes: box(reading, 0, 1), read: box(reading, 2, reading.data.length), dir: getComputedStyle(meta).direction};
}"""


def test_a_right_to_left_edition_with_no_catalog_keeps_its_english_dateline_in_order(browser, tmp_path):
    """A Persian edition (no fa.po: its words are English) showed 'min read 1 ... CET 10:00 مارس
    2026، ساعت Published 1' (a 1 March story): the English words sat unmarked in a right-to-left line, the day was
    drawn away from its month and '1 min read' read backwards (review41b, fault 7). The words
    are marked English, left to right, and the Persian date is isolated inside them."""
    story = "---\ntitle: {t}\ndate: 2025-01-0{d}T10:00:00+01:00\nlanguage: {l}\nauthors: [{a}]\n---\n{b}\n"
    write_files(tmp_path / "site", {
        "site.toml": '[site]\ntitle = "The Courier"\nbase_url = "http://127.0.0.1/"\ntimezone = "Europe/Paris"\n'
                     '[search]\nenabled = false\n',
        "content/a.md": story.format(t="Budget passes", d=1, l="en", a="Jane Doe", b="The budget passed."),
        "content/f.md": story.format(t="بودجه تصویب شد", d=1, l="fa", a="علی رضایی", b="بودجه امروز تصویب شد."),
        "content/g.md": story.format(t="مجلس تشکیل شد", d=2, l="fa", a="علی رضایی", b="مجلس امروز تشکیل شد.")})
    assert build(tmp_path / "site").ok
    public = tmp_path / "site/public"
    (first,) = [p for p in public.glob("fa/2025/01/*/index.html") if "2025-01-01T10" in p.read_text(encoding="utf-8")]
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    with serving(public) as url:
        page.goto(url + "/" + first.parent.relative_to(public).as_posix() + "/")
        found = page.evaluate(DATELINE_BOXES)
    page.close()
    assert found["dir"] == "ltr", found
    assert found["published"][1] <= found["time"], found                    # 'Published' before the date
    assert 0 <= found["day"][0] - found["month"][1] <= 12, found             # '1 ژانویه': the day beside its month
    assert found["minutes"][1] <= found["read"][0], found                   # '1 min read', not 'min read 1'


READER_STORY = "---\ntitle: {title}\ndate: 2025-01-{day:02d}T09:00:00+00:00\n{extra}---\n{body}\n"
CODE_LINE = "rows = load('harbour.csv'); print(sum(r.passengers for r in rows if r.quay == 'north'))"


def _chart_png() -> bytes:
    """A chart as graphics desks export it: black bars on a transparent background."""
    import io
    from PIL import Image, ImageDraw
    picture = Image.new("RGBA", (800, 450), (0, 0, 0, 0))
    ImageDraw.Draw(picture).rectangle([100, 100, 700, 400], fill=(0, 0, 0, 255))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


REPORT = "https://example.org/council/harbour-report-2026.pdf"
READER_SITE = {   # review44d: a masthead title with a long word, an embed, a transparent chart, code in Arabic
    "site.toml": '[site]\ntitle = "Oberösterreichische Nachrichten"\nbase_url = "http://127.0.0.1/"\n'
                 '[build]\nallow_html = true\n[search]\nenabled = true\n',
    **{f"content/ferry-{n}.md": READER_STORY.format(title=f"Ferry timetable change number {n}", day=n, extra="",
                                                    body=f"The ferry runs again from quay {n}.")
       for n in range(1, 13)},
    "content/embed.md": READER_STORY.format(title="The flooded streets", day=14, extra="", body=(
        "Watch the map.\n\n<iframe title=\"Map of the flooded streets\" src=\"about:blank\" width=\"600\" "
        "height=\"450\" style=\"border:0;\"></iframe>\n\nIn pixels.\n\n<iframe title=\"Map in pixels\" src=\"about:blank\" "
        "width=\"600px\" height=\"450PX\"></iframe>\n\nMore text.")),
    "content/chart.md": READER_STORY.format(title="Passengers rose", day=15, extra="",
                                            body="Passengers rose.\n\n![Bar chart of passengers](chart.png)\n\nEnd."),
    "content/ar.md": READER_STORY.format(title="جدول العبارات", day=16, extra="language: ar\nslug: ferry-table\n",
                                         body=f"الفقرة الأولى.\n\n```python\n{CODE_LINE}\n```\n"),
    # review46e: a byline of one long word; links as a printed page must give their addresses
    "content/report.md": READER_STORY.format(
        title="Council publishes the harbour report", day=17,
        extra="authors: [Rindfleischetikettierungsüberwachungsaufgabenübertragungs Müller]\n",
        body=f"The council published [its full report]({REPORT}) on Monday.\n\n"
             "The minister's reply is at <https://example.org/minister/reply>, the questions at "
             "[example.org/questions](https://example.org/questions/), and [the notes](#notes) below.\n\n"
             "## Notes\n\nNone yet."),
}


@pytest.fixture(scope="module")
def reader_url(tmp_path_factory):
    root = write_files(tmp_path_factory.mktemp("reader") / "site", {**READER_SITE, "content/chart.png": _chart_png()})
    result = build(root)
    assert result.ok, result.errors
    with serving(root / "public") as url:
        yield url, root


def _story_url(reader_url, name: str) -> str:
    url, root = reader_url
    found = next(p for p in (root / "public").rglob("index.html") if f"/{name}/" in p.as_posix())
    return url + "/" + found.parent.relative_to(root / "public").as_posix() + "/"


def test_an_embed_fits_a_phone_and_keeps_its_shape(browser, reader_url):
    """review44d: the theme capped img, svg and video, not iframe: Google Maps' embed code (width
    600) made every page it was on 616 px wide on a 320 px phone (WCAG 1.4.10). Where the browser
    reads width and height as numbers, the embed keeps the shape they give."""
    page = browser.new_page(viewport={"width": 320, "height": 800})
    page.goto(_story_url(reader_url, "the-flooded-streets"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    box = page.locator("iframe").first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320, box
    if page.evaluate("CSS.supports('aspect-ratio: attr(width type(<number>)) / 1')"):
        assert abs(box["height"] / box["width"] - 450 / 600) < 0.02, box
    page.close()


def test_an_embed_sized_in_px_keeps_its_height(browser, reader_url):
    """rf44l fault 7: 'width="600px" height="450px"' is no <number> to attr(): the aspect rule set
    height: auto and its aspect-ratio was dropped, so the map was 154 px tall (600x154 at 1280 px).
    Such an embed keeps the height HTML reads from it, and fits a phone's width."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(_story_url(reader_url, "the-flooded-streets"))
    box = page.get_by_title("Map in pixels").bounding_box()
    assert round(box["height"]) >= 450 and round(box["width"]) >= 600, box
    page.set_viewport_size({"width": 320, "height": 800})
    box = page.get_by_title("Map in pixels").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320 and round(box["height"]) >= 450, box
    page.close()


def test_a_long_site_title_fits_a_phone(browser, reader_url):
    """review44d: the masthead's title is an inline-block as wide as its longest word, which
    overflow-wrap: break-word does not shrink: 'Oberösterreichische' ran to 356 px on a 320 px phone."""
    page = browser.new_page(viewport={"width": 320, "height": 800})
    page.goto(reader_url[0] + "/")
    right = page.evaluate("document.querySelector('.site-title').getBoundingClientRect().right")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320 and right <= 320, right
    page.close()


def test_a_transparent_chart_is_legible_in_dark_mode(browser, reader_url, tmp_path):
    """review44d: pictures sat on --tag-bg, #2a2824 in dark mode: a chart's black bars on a
    transparent background were at about 1.1:1 there. Pictures sit on light paper in both schemes."""
    page = browser.new_page(viewport={"width": 800, "height": 900}, color_scheme="dark")
    page.goto(_story_url(reader_url, "passengers-rose"))
    picture = page.locator("img[alt='Bar chart of passengers']")
    picture.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector(\"img[alt='Bar chart of passengers']\").complete")
    from PIL import Image
    picture.screenshot(path=str(tmp_path / "chart.png"))
    shot = Image.open(tmp_path / "chart.png").convert("L")
    assert shot.getpixel((5, 5)) > 150, shot.getpixel((5, 5))           # the transparent corner: light
    assert shot.getpixel((shot.width // 2, shot.height // 2)) < 60     # the bar: black
    page.close()


def test_only_the_current_section_is_marked_in_forced_colors(browser, reader_url):
    """review44d: in forced colours (Windows contrast themes) every section link's transparent
    border was painted in the link's colour: all looked current."""
    context = browser.new_context(viewport={"width": 1280, "height": 600}, forced_colors="active")
    page = context.new_page()
    page.goto(reader_url[0] + "/tags/")
    links = page.evaluate("""() => [...document.querySelectorAll('.site-nav a')].map(a =>
        [a.getAttribute('aria-current'), getComputedStyle(a).borderBottomColor,
         getComputedStyle(a.closest('.site-nav')).backgroundColor, getComputedStyle(document.body).backgroundColor])""")
    current = [link for link in links if link[0] == "page"]
    others = [link for link in links if link[0] != "page"]
    assert len(current) == 1 and others, links
    assert all(link[1] != current[0][1] for link in others), links
    assert all(link[1] == link[3] for link in others), links   # the page's background: unseen
    context.close()


def test_code_in_a_right_to_left_story_starts_at_its_left(browser, reader_url):
    """review44d: a <pre> in an Arabic story took its direction: the code's lines were right-aligned
    and the scroller opened at their ends ('ows = load(...' on a 320 px phone)."""
    page = browser.new_page(viewport={"width": 320, "height": 800})
    page.goto(_story_url(reader_url, "ferry-table"))
    where = page.evaluate("""() => {
        const pre = document.querySelector('.story-body pre'), range = document.createRange();
        const text = pre.querySelector('code').firstChild;
        range.setStart(text, 0); range.setEnd(text, 1);
        return {dir: getComputedStyle(pre).direction, pre: pre.getBoundingClientRect().left + parseFloat(getComputedStyle(pre).paddingLeft),
                first: range.getBoundingClientRect().left, char: text.textContent[0], wide: pre.scrollWidth > pre.clientWidth};
    }""")
    assert page.evaluate("document.documentElement.dir") == "rtl" and where["wide"], where
    assert where["dir"] == "ltr" and where["char"] == "r" and where["first"] >= where["pre"] - 1, where
    page.close()


def test_load_more_results_moves_the_focus_to_the_first_new_result(browser, reader_url):
    """review44d: Pagefind adds the next five results before its 'Load more results' button, which
    kept the focus: a keyboard reader's next Tab went to the footer, past the new results. The
    focus moves to the sixth result's link; without JavaScript the page says how else to find stories."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(reader_url[0] + "/search/?q=ferry")
    page.wait_for_selector(".pagefind-ui__result a[href]", timeout=20_000)
    assert page.locator(".pagefind-ui__result").count() == 5
    page.locator(".pagefind-ui__button").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.closest('.pagefind-ui__result')", timeout=20_000)
    assert page.evaluate("""() => [...document.querySelectorAll('.pagefind-ui__result')]
        .indexOf(document.activeElement.closest('.pagefind-ui__result'))""") == 5
    assert page.evaluate("document.activeElement.tagName") == "A"
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('#search')")
    page.close()
    context = browser.new_context(java_script_enabled=False)
    quiet = context.new_page()
    quiet.goto(reader_url[0] + "/search/?q=ferry")
    assert "needs JavaScript" in quiet.locator("main").inner_text()
    context.close()


# Each link of a story's text: its words and what is printed after them (innerText leaves generated text out)
PRINTED_LINKS = """() => [...document.querySelectorAll('.story-body a:not(.header-anchor)')].map(a =>
    [a.innerText, getComputedStyle(a, '::after').content])"""


def test_a_printed_story_gives_its_links_addresses(browser, reader_url):
    """review46e: paper has no links to follow, and the print style gave no address: 'its full report
    on the harbour' told a reader nothing of where it is. A web link's address follows its words, not
    a link whose words are its address (nor a link inside the page), and a long one wraps on a phone."""
    page = browser.new_page(viewport={"width": 320, "height": 800})
    page.goto(_story_url(reader_url, "council-publishes-the-harbour-report"))
    page.emulate_media(media="print")
    printed = page.evaluate(PRINTED_LINKS)
    wide = page.evaluate("document.documentElement.scrollWidth")
    page.close()
    assert printed == [["its full report", f'" ({REPORT})"'],
                       ["https://example.org/minister/reply", "none"], ["example.org/questions", "none"],
                       ["the notes", "none"]], printed
    assert wide <= 320, wide


def test_a_byline_of_one_long_word_fits_a_phone(browser, reader_url):
    """review46e: the story's byline is a flex item, never narrower than its longest word: one
    57-letter name made a 320 px phone's story page 513 px wide (WCAG 1.4.10)."""
    page = browser.new_page(viewport={"width": 320, "height": 800})
    page.goto(_story_url(reader_url, "council-publishes-the-harbour-report"))
    found = page.evaluate("[document.documentElement.scrollWidth, document.querySelector('.story-meta .byline').getBoundingClientRect().right]")
    page.close()
    assert found[0] <= 320 and found[1] <= 320, found


# review55a ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("width", [320, 375])
def test_an_authors_bio_with_an_email_address_fits_a_phone(browser, tmp_path, width):
    """authors.toml's bio is a flex item of .author-bio, never narrower than its longest word (min-width:
    auto), which overflow-wrap: break-word does not shrink (the byline's fault, review46e, and the
    masthead title's, review44d). A bio giving a desk's tip-off address, a 41-character word, made the
    author's page 409 px wide: on a 375 px phone every line of the bio is cut at the screen's edge and
    the page scrolls sideways (WCAG 1.4.10)."""
    root = write_files(tmp_path / "site", {
        "site.toml": '[site]\ntitle = "The Daily Example"\nbase_url = "http://127.0.0.1/"\n[search]\nenabled = false\n',
        "authors.toml": '["Priya Shah"]\nbio = "Priya Shah covers markets and energy. Tips: '
                        'priya.shah.markets@dailyexamplenews.co.uk (Signal on request)."\n',
        "content/shares.md": READER_STORY.format(title="Shares close higher", day=17,
                                                 extra="authors: [Priya Shah]\n", body="Shares rose."),
    })
    result = build(root)
    assert result.ok, result.errors
    with serving(root / "public") as url:
        page = browser.new_page(viewport={"width": width, "height": 800})
        page.goto(url + "/authors/priya-shah/")
        found = page.evaluate("[document.documentElement.scrollWidth, "
                              "document.querySelector('.author-bio p').getBoundingClientRect().right]")
        page.close()
    assert found[0] <= width and found[1] <= width, found


def _contrast(fg: str, bg: str) -> float:
    """WCAG's contrast ratio of two computed 'rgb(r, g, b)' colours."""
    def luminance(colour: str) -> float:
        channels = [int(v) / 255 for v in re.findall(r"\d+", colour)[:3]]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    darker, lighter = sorted((luminance(fg), luminance(bg)))
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_skip_link_stays_legible_under_the_pointer(browser, tmp_path, scheme):
    """The skip link is painted in the page's colours reversed (text var(--bg) on var(--fg)); a:hover's
    colour var(--accent) outranks .skip-link's (0,1,1 over 0,1,0), so a reader who tabs to it and then
    points at it with the mouse reads #b3261e on #121212 (2.87:1), in dark mode #ff8a7a on #ece9e3
    (1.89:1): under WCAG 1.4.3's 4.5:1 for its 16 px text. axe checks no hover state."""
    root = write_files(tmp_path / "site", {
        "site.toml": '[site]\ntitle = "The Daily Example"\nbase_url = "http://127.0.0.1/"\n[search]\nenabled = false\n',
        "content/shares.md": READER_STORY.format(title="Shares close higher", day=17, extra="", body="Shares rose."),
    })
    result = build(root)
    assert result.ok, result.errors
    with serving(root / "public") as url:
        context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme,
                                      reduced_motion="reduce")   # no colour transition to wait for
        page = context.new_page()
        page.goto(url + "/")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        page.hover(".skip-link")
        fg, bg = page.evaluate("(() => { const s = getComputedStyle(document.querySelector('.skip-link')); "
                               "return [s.color, s.backgroundColor]; })()")
        context.close()
    assert _contrast(fg, bg) >= 4.5, (fg, bg, round(_contrast(fg, bg), 2))


@pytest.mark.parametrize("width", [320, 375])
def test_a_section_named_in_one_long_word_fits_the_menu_on_a_phone(browser, tmp_path, width):
    """review55a's Left: a menu link is an inline-block flex item, as wide as its longest word, with
    no way to break it (the masthead title's fault, review44d): one 39-letter German compound made
    the 320 px menu, and so the page, 336 px wide. It breaks inside the word now; the other links,
    short, stay whole on their line."""
    root = write_files(tmp_path / "site", {
        "site.toml": '[site]\ntitle = "The Daily Example"\nbase_url = "http://127.0.0.1/"\n[search]\nenabled = false\n'
                     '[sections.insurance]\nname = "Rechtsschutzversicherungsgesellschaften"\n'
                     '[sections.world]\nname = "World"\n',
        "content/shares.md": READER_STORY.format(title="Shares close higher", day=17,
                                                 extra="section: insurance\n", body="Shares rose."),
    })
    result = build(root)
    assert result.ok, result.errors
    with serving(root / "public") as url:
        page = browser.new_page(viewport={"width": width, "height": 800})
        page.goto(url + "/")
        found = page.evaluate("""[document.documentElement.scrollWidth,
            Math.max(...[...document.querySelectorAll('.site-nav a')].map(a => a.getBoundingClientRect().right)),
            [...document.querySelectorAll('.site-nav a')].filter(a => a.getClientRects().length === 1
                && a.getBoundingClientRect().height > 40).map(a => a.textContent)]""")
        page.close()
    assert found[0] <= width and found[1] <= width, found
    assert set(found[2]) <= {"Rechtsschutzversicherungsgesellschaften"}, found   # no short name broken
