"""Pictures in real headless Chromium at 375 and 1280 px: the srcset candidate the browser picks is
the one `sizes` promises, nothing shifts while pictures load (CLS 0, measured with a
PerformanceObserver while every picture arrives late), and lazy pictures below the fold are not
fetched until the reader scrolls to them."""
from __future__ import annotations

import time

import pytest

from conftest import FIXED_NOW, serving, write_files
from photos import photo
from sitegen.build import Builder, BuildOptions
from sitegen.config import load_config

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]  # one Chromium per run

ARTICLE = "/2025/01/storm-over-the-harbour/"
LONG_BODY = "\n\n".join(f"Paragraph {i} of the report, long enough to fill a line or two of the page." for i in range(60))
FILES = {
    "site.toml": '[site]\nbase_url = "http://127.0.0.1/"\n[search]\nenabled = false\n',
    "content/storm.md": "---\ntitle: Storm over the harbour\ndate: 2025-01-18T09:00:00+00:00\ntags: [Weather]\n"
                        "image: storm.jpg\nalt: Waves over the harbour wall\ncaption: The harbour wall at noon.\n"
                        "credit: Test Photos\n---\n" + LONG_BODY + "\n\n![The quay after the storm](quay.jpg)\n",
    "content/other.md": "---\ntitle: Ferries sail again\ndate: 2025-01-17T09:00:00+00:00\ntags: [Weather]\n"
                        "image: ferry.png\nalt: A ferry leaving port\n---\nAll sailings run.\n",
}
PHOTOS = {"content/storm.jpg": (3200, 2000, "JPEG"), "content/quay.jpg": (2000, 1500, "JPEG"),
          "content/ferry.png": (1800, 1200, "PNG")}
CLS_OBSERVER = """
window.__cls = 0; window.__shifts = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) {
  if (!e.hadRecentInput) { window.__cls += e.value; window.__shifts.push({value: e.value, at: Math.round(e.startTime),
    moved: e.sources.map(s => s.node ? s.node.nodeName + "." + (s.node.className || "") : "?")}); } }
}).observe({type: 'layout-shift', buffered: true});
"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("pictures") / "site"
    write_files(root, {**FILES, **{rel: photo(w, h, fmt) for rel, (w, h, fmt) in PHOTOS.items()}})
    result = Builder(load_config(root), BuildOptions()).build(now=FIXED_NOW)
    assert result.ok, result.errors
    with serving(root / "public") as url:
        yield url


def _context(browser, width: int):
    return browser.new_context(viewport={"width": width, "height": 800}, device_scale_factor=2)


@pytest.mark.parametrize("width, css_width, candidate", [(375, 343, 960), (1280, 640, 1280)])
def test_the_browser_picks_the_candidate_sizes_promises(browser, site_url, width, css_width, candidate):
    """sizes says calc(100vw - 2rem) on a phone and 40rem on a desktop; at 2x pixels the browser
    needs 686 and 1280 device pixels: the 960 and 1280 px WebP files."""
    context = _context(browser, width)
    page = context.new_page()
    page.goto(site_url + ARTICLE, wait_until="load")
    lead = page.locator("figure.story-image img")
    shown = lead.evaluate("img => ({src: img.currentSrc, width: img.getBoundingClientRect().width})")
    context.close()
    assert abs(shown["width"] - css_width) < 1.5, f"the picture is {shown['width']} px wide, sizes says {css_width}"
    assert shown["src"].endswith(f".{candidate}.webp"), shown["src"]


@pytest.mark.parametrize("width, css_width, candidate", [(375, 96, 320), (768, 192, 640), (1280, 192, 640)])
def test_a_topic_pages_small_picture_is_fetched_at_its_own_size(browser, site_url, width, css_width, candidate):
    """Topic, author and archive pages show a story's picture small beside its words (clamp(6rem,
    25vw, 12rem)), but said the front page's card sizes: at 2x a phone fetched the 960 px crop
    (9 times the pixels) for a 96 px picture, a desktop the 960 for 192 px."""
    context = _context(browser, width)
    page = context.new_page()    # a new context: no bigger crop cached from another page to reuse
    page.goto(site_url + "/tags/weather/", wait_until="load")
    thumbs = page.locator(".river-list .teaser-media img")
    page.wait_for_function("[...document.querySelectorAll('.river-list .teaser-media img')].every(i => i.complete)")
    shown = thumbs.evaluate_all("imgs => imgs.map(i => ({src: i.currentSrc, width: i.getBoundingClientRect().width}))")
    context.close()
    assert len(shown) == 2
    for one in shown:
        assert abs(one["width"] - css_width) < 1.5, one
        assert one["src"].endswith(f".16x9-{candidate}.webp"), one


def _layout_shift(page, url: str) -> tuple[float, list]:
    """Load a page, scroll through it, wait for every picture on show; the shifts it saw."""
    page.goto(url, wait_until="load")
    page.mouse.wheel(0, 20000)          # bring the lazy pictures in
    page.wait_for_timeout(1200)
    # every picture on show has arrived (a lazy one the theme hides, display: none, never loads)
    page.wait_for_function("[...document.images].filter(i => i.getClientRects().length).every(i => i.complete)")
    assert page.evaluate("[...document.images].filter(i => i.naturalWidth > 0).length") >= 1, f"{url}: no picture loaded"
    cls, shifts = page.evaluate("[window.__cls, window.__shifts]")
    return cls, shifts


@pytest.mark.parametrize("width", [375, 1280])
def test_no_layout_shift_while_pictures_arrive_late(browser, site_url, width):
    """A picture without reserved space shifts the page on every load. A loaded CI machine once
    showed one 0.0016 shift that never came back in dozens of runs, so a page that shifted is
    loaded a second time: it fails only when the shift repeats."""
    context = _context(browser, width)
    page = context.new_page()
    page.add_init_script(CLS_OBSERVER)

    def late(route):  # every picture arrives after the text has been laid out
        time.sleep(0.3)
        route.continue_()
    page.route("**/images/**", late)
    for path in (ARTICLE, "/", "/tags/weather/"):
        first = _layout_shift(page, site_url + path)
        again = _layout_shift(page, site_url + path) if first[0] else first
        assert again[0] == 0, f"{path} at {width} px: layout shifted on two loads: {first} then {again}"
    context.close()


def test_lazy_pictures_below_the_fold_wait_for_scrolling(browser, site_url):
    context = _context(browser, 1280)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url) if "/images/" in r.url else None)
    page.goto(site_url + ARTICLE, wait_until="load")
    page.wait_for_timeout(800)
    lead = [u for u in requested if "/storm." in u]
    below = [u for u in requested if "/quay." in u]
    assert lead, "the lead picture (fetchpriority=high, above the fold) was not fetched"
    assert not below, f"a lazy picture 60 paragraphs down was fetched before scrolling: {below}"
    page.locator("div.story-body figure img").scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('div.story-body figure img').complete")
    assert [u for u in requested if "/quay." in u], "scrolling to the picture did not fetch it"
    context.close()


SIZED = {   # a small chart in the text, a tall lead picture: neither as wide as the column
    "site.toml": '[site]\nbase_url = "http://127.0.0.1/"\n[search]\nenabled = false\n',
    "content/chart.md": "---\ntitle: A story with a small chart\ndate: 2025-01-18T09:00:00+00:00\n---\n"
                        "The chart below is small.\n\n![Turnout by ward](chart.png)\n\nMore text after the chart.\n",
    "content/tall.md": "---\ntitle: A tall picture leads\ndate: 2025-01-17T09:00:00+00:00\nimage: tall.png\n"
                       "alt: The lighthouse from below\n---\nThe first line of the story.\n",
}


@pytest.fixture(scope="module")
def sized_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("sized") / "site"
    write_files(root, {**SIZED, "content/chart.png": photo(200, 120, "PNG"), "content/tall.png": photo(600, 2400, "PNG")})
    result = Builder(load_config(root), BuildOptions()).build(now=FIXED_NOW)
    assert result.ok, result.errors
    with serving(root / "public") as url:
        yield url


SHOWN_SIZE = """img => { const r = img.getBoundingClientRect();
    return {width: r.width, height: r.height, attr: [+img.getAttribute('width'), +img.getAttribute('height')]}; }"""


@pytest.mark.parametrize("width", [375, 1280])
def test_a_picture_is_never_blown_up_or_taller_than_the_screen(browser, sized_url, width):
    """The theme set every story picture to the column's full width: a 200x120 chart was shown
    640x384, and a 600x2400 lead picture 640x2560 (328x1312 on a phone), the story's first line
    three screens down. A picture is at most its own width and 85% of the screen's height."""
    context = _context(browser, width)
    page = context.new_page()
    page.goto(sized_url + "/2025/01/a-story-with-a-small-chart/")
    chart = page.locator(".story-body figure img").evaluate(SHOWN_SIZE)
    assert chart["attr"] == [200, 120] and (chart["width"], chart["height"]) == (200, 120), chart
    page.goto(sized_url + "/2025/01/a-tall-picture-leads/")
    lead = page.locator("figure.story-image img").evaluate(SHOWN_SIZE)
    first_line = page.locator(".story-body p").evaluate("p => p.getBoundingClientRect().top")
    context.close()
    assert lead["width"] <= min(600, width) and lead["height"] <= 0.85 * 800 + 0.5, lead
    assert first_line < 2 * 800, f"the story starts {first_line} px down"
