"""The built site in real headless Chromium, served over HTTP on 127.0.0.1: a reader's path through
it by clicking, screenshots at phone and desktop width, layout at 320 px, and seed text that must
stay text."""
from __future__ import annotations

from datetime import timedelta

import pytest

from builders import build, build_copy, copy_site, renamed_local_tag
from conftest import FIXED_NOW, serving

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]  # one Chromium per run

SEED_ARTICLE = "/2025/01/hackers-hide-script-tags-and-7-7-in-fake-headlines/"
RTL_ARTICLE = "/2025/01/ftth-m-rd-lqhr-ldwly-llktb-bmshrk-styn-dwl/"
PAGES = ["/", "/page/2/", "/2025/01/council-approves-budget-with-ps4m-for-flood-defences-and-libraries/",
         RTL_ARTICLE, SEED_ARTICLE, "/tags/", "/tags/local/", "/authors/", "/archive/", "/archive/2025/01/", "/404.html"]


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    public = build_copy("newsroom", tmp_path_factory.mktemp("browser") / "site")
    with serving(public) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
    yield page
    context.close()
    assert not errors, errors


def test_front_page_to_article_to_tag_to_author_by_clicking(page, site_url):
    page.goto(site_url + "/")
    assert page.title() == "The Daily Example"
    lead = page.locator(".teaser-lead .teaser-title a")
    assert lead.inner_text() == "Council approves budget with £4m for flood defences and libraries"
    lead.click()
    page.wait_for_url("**/2025/01/council-approves-budget-*/")
    assert page.locator("h1").inner_text() == "Council approves budget with £4m for flood defences and libraries"
    assert page.locator(".story-meta time").first.get_attribute("datetime") == "2025-01-19T08:30:00+00:00"
    assert "Updated January 19, 2025, 2:05\u202fPM GMT" in page.locator(".story-meta").inner_text()

    page.locator(".story-tags a", has_text="Politics").click()
    page.wait_for_url(site_url + "/tags/politics/")
    assert page.locator("h1").inner_text() == "Politics"
    assert page.locator(".river .teaser").count() == 2

    page.locator(".river .byline a", has_text="Priya Shah").click()
    page.wait_for_url(site_url + "/authors/priya-shah/")
    assert page.locator("h1").inner_text() == "Priya Shah"
    # the list this page is in, not this page (review50f 4): "true", underlined as the page's own link is
    marked = page.locator("nav.site-nav a[aria-current]")
    assert marked.inner_text().lower() == "authors" and marked.get_attribute("aria-current") == "true"
    assert marked.evaluate("a => getComputedStyle(a).borderBottomColor") != \
        page.locator("nav.site-nav a", has_text="Archive").evaluate("a => getComputedStyle(a).borderBottomColor")


def test_pagination_and_prev_next_by_clicking(page, site_url):
    page.goto(site_url + "/")
    page.locator(".pagination a[rel=next]").click()
    page.wait_for_url(site_url + "/page/2/")
    first = page.locator(".teaser-title a").first
    title = first.inner_text()
    first.click()
    assert page.locator("h1").inner_text() == title
    page.locator(".prev-next a[rel=next]").click()       # the next (newer) story
    assert page.locator("h1").inner_text() != title


def test_seed_script_and_template_code_render_as_text(page, site_url):
    page.goto(site_url + SEED_ARTICLE)
    assert page.title() == "Hackers hide <script> tags and {{ 7*7 }} in fake headlines – The Daily Example"
    assert page.locator("h1").inner_text() == "Hackers hide <script> tags and {{ 7*7 }} in fake headlines"
    body = page.locator(".story-body").inner_text()
    assert '<script>document.title = "pwned"; window.pwned = true;</script>' in body
    assert "{{ 7*7 }} and {% if true %}yes{% endif %}" in body
    assert '<img src=x onerror="window.pwned = 1">' in body
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.locator(".story-body script, .story-body img").count() == 0
    assert "49" not in page.locator("main").inner_text()


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_at_phone_and_desktop_width(browser, site_url, tmp_path, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for name, path in (("front", "/"), ("article", PAGES[2])):
        page.goto(site_url + path)
        shot = tmp_path / f"{name}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        png = shot.read_bytes()
        shot_width, shot_height, rows = png_rows(png)
        assert shot_width == width and shot_height >= 900, (shot_width, shot_height)
        assert len(set(rows)) > shot_height // 10, f"{shot} is mostly blank"  # text makes many distinct rows
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.evaluate("document.querySelectorAll('link[rel=stylesheet]').forEach(l => l.remove())")
        assert page.screenshot(full_page=True) != png, "the screenshot does not show the stylesheet"
    context.close()


def png_rows(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the (filtered) pixel rows of an 8-bit RGB(A) PNG, with the standard library."""
    import struct
    import zlib
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour = struct.unpack(">IIBB", png[16:26])
    data, at = b"", 8
    while at < len(png):
        size, kind = struct.unpack(">I4s", png[at:at + 8])
        if kind == b"IDAT":
            data += png[at + 8:at + 8 + size]
        at += 12 + size
    raw = zlib.decompress(data)
    stride = 1 + width * {2: 3, 6: 4}[colour] * depth // 8
    return width, height, [raw[i:i + stride] for i in range(0, len(raw), stride)]


def test_no_horizontal_scroll_at_320px(browser, site_url):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    wide = []
    for path in PAGES:
        page.goto(site_url + path)
        if page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth"):
            wide.append(path)
    context.close()
    assert not wide, f"pages wider than 320px: {wide}"


def test_footnotes_reach_a_screen_reader_by_name(page, site_url):
    """review42e: the accessibility tree named each footnote's back link by its glyph alone
    ('link "↩︎"') and its section not at all; now a named region and a named link."""
    page.goto(site_url + PAGES[2])
    snapshot = page.locator("section.footnotes").aria_snapshot()
    assert 'region "Notes"' in snapshot and 'link "Back to reference 1"' in snapshot, snapshot
    assert 'link "\u21a9\ufe0e"' not in snapshot, snapshot


def test_skip_link_is_first_visible_on_focus_and_moves_focus_to_main(page, site_url):
    page.goto(site_url + PAGES[2])
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box and box["y"] >= 0 and box["x"] >= 0
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_dark_mode_follows_the_system_setting(browser, site_url):
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(site_url + "/")
        colours[scheme] = page.evaluate("[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]")
        context.close()
    assert colours["light"] != colours["dark"]
    assert colours["dark"][0] == "rgb(21, 20, 18)"


def test_right_to_left_article_and_reading_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + RTL_ARTICLE)
    assert page.evaluate("getComputedStyle(document.querySelector('.story')).direction") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('.site-nav')).direction") == "ltr"
    page.goto(site_url + "/")
    assert page.locator(".teaser").count() == 3 and page.locator(".teaser-lead img").get_attribute("alt")
    context.close()


LONG_WORD = "Supercalifragilisticexpialidociousnessesque"
LONG_TAG = "Bundesverfassungsgerichtsentscheidung"   # 37 letters: a German topic, as written


@pytest.fixture(scope="module")
def long_words_url(tmp_path_factory):
    """The newsroom site with its three newest stories headlined by a 43-letter word: the front
    page's lead and the two beside it (the grids where a headline sits at any width)."""
    root = copy_site("newsroom", tmp_path_factory.mktemp("words") / "site")
    for day in (20, 21, 22):
        (root / f"content/long-word-{day}.md").write_text(
            f"---\ntitle: {LONG_WORD} programme approved on the {day}th\ndate: 2025-01-{day}T09:00:00+00:00\n"
            f"summary: {LONG_WORD} {LONG_WORD}\ntags: [{LONG_TAG}]\n---\nThe assembly approved it.\n", encoding="utf-8")
    assert build(root, now=FIXED_NOW + timedelta(days=3)).ok
    with serving(root / "public") as url:
        yield url


@pytest.mark.parametrize("width", [320, 360, 700])
def test_a_long_word_in_a_front_page_headline_wraps_without_sideways_scrolling(browser, long_words_url, width):
    """WCAG 1.4.10 (reflow at 320 px): the front page's top stories sat in grid columns sized by
    their longest word, so a 43-letter headline word made the page 518 px wide on a phone."""
    context = browser.new_context(viewport={"width": width, "height": 640})
    page = context.new_page()
    page.goto(long_words_url + "/")
    assert LONG_WORD in page.locator(".teaser-lead .teaser-title").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


@pytest.mark.parametrize("width", [320, 360])
def test_a_long_topic_name_wraps_in_the_topic_index_and_under_the_story(browser, long_words_url, width):
    """WCAG 1.4.10 again, where a name sits in a flex row: a German compound topic (37 letters)
    made the topics index 433 px and the story's topic pills 368 px wide at 320 px (a flex item
    is never narrower than its longest word unless the word may break anywhere)."""
    context = browser.new_context(viewport={"width": width, "height": 640})
    page = context.new_page()
    for path in ("/2025/01/supercalifragilisticexpialidociousnessesque-programme-approved-on-the-20th/", "/tags/"):
        page.goto(long_words_url + path)
        assert page.locator(".terms a, .story-tags a", has_text=LONG_TAG).count() == 1, path
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    context.close()


# Left edges of the links in each box, and the box's direction
_LINK_LEFTS = """sel => [...document.querySelectorAll(sel)].map(box => ({dir: getComputedStyle(box).direction,
    names: [...box.querySelectorAll('a')].map(a => a.innerText),
    lefts: [...box.querySelectorAll('a')].map(a => a.getBoundingClientRect().left)}))"""


def test_links_in_the_other_direction_show_in_reading_order(browser, tmp_path):
    """'Other languages: العربية, עברית' on an English page showed עברית left of العربية (two
    right-to-left words and the comma between them were one reversed run), and Latin names in an
    Arabic byline ran left to right as one phrase. Each link is isolated now (dir on the link)."""
    root = copy_site("editions", tmp_path / "site")
    for name, language, title in (("ferry-ar", "ar", "طواقم العبارات تضرب"), ("ferry-he", "he", "צוותי המעבורות שובתים")):
        (root / f"content/{name}.md").write_text(
            f"---\ntitle: {title}\ndate: 2025-01-17T10:00:00+00:00\nlanguage: {language}\ntranslation_of: ferry-strike.md\n"
            "authors: [Dana Levi, Sam Lee, Jo Park]\n---\nنص.\n", encoding="utf-8")
    result = build(root)
    assert result.ok, result.errors
    public = root / "public"
    arabic = next((public / "ar/2025/01").iterdir()).name
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    with serving(public) as url:
        page.goto(url + "/2025/01/ferry-crews-strike-over-new-rosters/")
        (box,) = page.evaluate(_LINK_LEFTS, ".translations")
        assert box["dir"] == "ltr" and box["lefts"] == sorted(box["lefts"]), box
        page.goto(f"{url}/ar/2025/01/{arabic}/")
        (box,) = page.evaluate(_LINK_LEFTS, ".story-meta .byline")
        assert box["dir"] == "rtl" and box["names"] == ["Dana Levi", "Sam Lee", "Jo Park"]
        assert box["lefts"] == sorted(box["lefts"], reverse=True), box
    page.close()


def test_a_renamed_tags_old_address_lands_on_its_new_page_under_a_sub_path(browser, tmp_path):
    # Before: a renamed tag's old address was a 404 (the [redirects] of site.toml; test_hosting.py has its feeds)
    root = copy_site("newsroom", tmp_path / "site")
    renamed_local_tag(root)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    with serving(root) as url:
        assert build(root, base_url=f"{url}/public/").ok
        page.goto(f"{url}/public/tags/local/")
        page.wait_for_url(f"{url}/public/tags/local-news/")
        assert page.locator("h1").inner_text() == "Local News" and page.locator(".river .teaser").count() == 2
    page.close()
