"""sitemap.xml (and its index form) validated against the sitemaps.org schemas; the Google News
sitemap checked element by element; robots.txt."""
from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

from conftest import FIXED_NOW, write_files
from sitegen.build import Builder, BuildOptions
from sitegen.config import load_config, parse_config
from sitegen.content import Article
from sitegen.render import Renderer
from sitegen.site import build_site, check_collisions, in_sitemap, sitemap_pages

SCHEMAS = Path(__file__).parent / "schemas"
BASE = "https://example.org/news/"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "n": "http://www.google.com/schemas/sitemap-news/0.9"}


def md(title: str, date: str, extra: str = "") -> str:
    return f"---\ntitle: '{title}'\ndate: {date}\nauthors: [Jane Doe]\ntags: [Harbour]\n{extra}---\nText.\n"


ARTICLES = {  # the build's clock is FIXED_NOW = 2025-01-20T12:00Z
    "content/today.md": md("Ferries & <trains> resume today", "2025-01-20T09:00:00+00:00", "language: en\n"),
    "content/yesterday.md": md("Le port rouvre", "2025-01-18T13:00:00+00:00", "language: fr\n"),
    "content/too-old.md": md("Storm warning", "2025-01-18T11:00:00+00:00",
                             "corrections:\n  - date: 2025-01-20T10:00:00+00:00\n    text: Wind speed corrected.\n"),
    "content/last-week.md": md("Council budget", "2025-01-10T09:00:00+00:00"),
    "content/tomorrow.md": md("Embargoed story", "2025-01-21T09:00:00+00:00"),
}


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    root = write_files(tmp_path_factory.mktemp("sitemaps") / "site", {
        "site.toml": f'[site]\ntitle = "Harbour Times"\npublisher = "Harbour Times Ltd"\nbase_url = "{BASE}"\n'
                     'editions = false\n',   # one stream: one sitemap (per-edition sitemaps: test_editions.py)
        **ARTICLES})
    config = load_config(root)
    result = Builder(config, BuildOptions()).build(now=FIXED_NOW)
    assert result.ok, result.errors
    return config.path("output")


def locs(xml: bytes, element: str = "url") -> list[str]:
    return etree.fromstring(xml).xpath(f"/*/s:{element}/s:loc/text()", namespaces=NS)


def test_sitemap_is_valid_and_lists_every_html_page(out):
    xmlschema.XMLSchema(SCHEMAS / "sitemap.xsd").validate(str(out / "sitemap.xml"))
    listed = locs((out / "sitemap.xml").read_bytes())
    on_disk = {BASE + p.relative_to(out).as_posix().removesuffix("index.html")
               for p in out.rglob("*.html") if p.name != "404.html" and not p.is_relative_to(out / "search")}
    assert sorted(listed) == sorted(on_disk)
    assert len(listed) == len(set(listed))
    assert BASE + "2025/01/storm-warning/" in listed


def test_sitemap_lastmod(out):
    tree = etree.fromstring((out / "sitemap.xml").read_bytes())
    lastmod = {u.findtext("s:loc", namespaces=NS): u.findtext("s:lastmod", namespaces=NS)
               for u in tree.xpath("/s:urlset/s:url", namespaces=NS)}
    assert lastmod[BASE + "2025/01/council-budget/"] == "2025-01-10T09:00:00+00:00"
    assert lastmod[BASE + "2025/01/storm-warning/"] == "2025-01-20T10:00:00+00:00"   # its correction
    # a list page has none (sitemaps.lastmod): its newest story's went backward at a takedown
    assert lastmod[BASE + "tags/harbour/"] is lastmod[BASE] is lastmod[BASE + "archive/2025/01/"] is None


def test_a_list_pages_lastmod_never_goes_backward_when_its_newest_story_is_taken_down():
    """review44j: tags/politics/ said lastmod 2026-11-25T13:00 (its newest story's); that story
    drafted, the page changed (its headline gone) but lastmod went back to 2026-11-20T08:00, so
    crawlers kept the cached page, taken-down headline and all. A list page now has no lastmod."""
    site = small_site(6)
    def stamps(site) -> dict[str, str | None]:
        xml = Renderer(site).render(next(p for p in site.pages if p.kind == "sitemap"))
        xmlschema.XMLSchema(SCHEMAS / "sitemap.xsd").validate(xml)
        return {u.findtext("s:loc", namespaces=NS): u.findtext("s:lastmod", namespaces=NS)
                for u in etree.fromstring(xml).xpath("/s:urlset/s:url", namespaces=NS)}
    before = stamps(site)
    after = stamps(build_site(site.config, list(site.articles[1:]), FIXED_NOW))   # the newest taken down
    lists = [url for url in after if not url.startswith(BASE + "20")]
    assert BASE + "tags/tag-0/" in lists and BASE in lists
    for url in lists:
        assert before[url] is None or (after[url] is not None and after[url] >= before[url]), url


def small_site(n: int, now: datetime = FIXED_NOW, step: timedelta = timedelta(hours=1)):
    """A Site planned in memory (nothing rendered): n articles, one every `step` back from now."""
    arts = [Article(path=f"a{i}.md", title=f"Story {i}", summary="", authors=("Jane Doe",), date=now - step * i,
                    updated=None, language="en", tags=(f"Tag {i % 3}",), slug=f"story-{i}", body="Text.\n")
            for i in range(n)]
    return build_site(parse_config({"site": {"base_url": BASE}}), arts, now)


def test_sitemap_index_when_over_the_limit():
    site = small_site(4)
    plain = [p for p in site.pages if not p.kind.startswith("sitemap")]
    pages = plain + sitemap_pages(plain, limit=3)
    check_collisions(pages, site.articles)
    renderer = Renderer(dataclasses.replace(site, pages=tuple(pages)))
    index_page = next(p for p in pages if p.url == "/sitemap.xml")
    assert index_page.kind == "sitemap_index"
    index = renderer.render(index_page)
    xmlschema.XMLSchema(SCHEMAS / "siteindex.xsd").validate(index)
    parts = [p for p in pages if p.kind == "sitemap"]
    assert locs(index, "sitemap") == [BASE + f"sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    sitemap_xsd = xmlschema.XMLSchema(SCHEMAS / "sitemap.xsd")
    listed, newest = [], []
    for part in parts:
        xml = renderer.render(part)
        sitemap_xsd.validate(xml)
        assert 1 <= len(locs(xml)) <= 3
        listed += locs(xml)
        stamps = etree.fromstring(xml).xpath("//s:lastmod/text()", namespaces=NS)
        newest.append(max(stamps, key=datetime.fromisoformat) if stamps else None)
    everything = locs(Renderer(site).render(next(p for p in site.pages if p.kind == "sitemap")))
    assert listed == everything and len(everything) > 3
    assert any(newest)   # the parts' rows have theirs; the index's rows none (see the test below)
    assert not etree.fromstring(index).xpath("//s:lastmod", namespaces=NS)


def test_the_sitemap_index_gives_no_lastmod_that_could_go_back_while_its_sitemap_changes(tmp_path):
    """rf45a: the index's row for sitemap-en.xml said its newest story's change, 2026-11-21; that
    story drafted, sitemap-en.xml changed but the row went back to 2026-11-20, so crawlers kept the
    old child sitemap (and a new translation's hreflang links changed it with the row unchanged).
    As for list pages, the rows now carry no lastmod: no wrong time, crawlers fetch on their own."""
    def story(name: str, date: str, lang: str, extra: str = "") -> None:
        write_files(tmp_path, {f"content/{name}.md": md(name, date, f"language: {lang}\n{extra}")})
    write_files(tmp_path, {"site.toml": f'[site]\ntitle = "Courier"\nbase_url = "{BASE}"\n'})
    story("old", "2025-01-18T09:00:00+00:00", "en")
    story("newest", "2025-01-19T09:00:00+00:00", "en")
    story("alt", "2025-01-18T10:00:00+00:00", "de")
    def built() -> tuple[list[str | None], bytes]:
        config = load_config(tmp_path)
        assert Builder(config, BuildOptions()).build(now=FIXED_NOW).ok
        index = (config.path("output") / "sitemap.xml").read_bytes()
        xmlschema.XMLSchema(SCHEMAS / "siteindex.xsd").validate(index)
        rows = etree.fromstring(index).xpath("/s:sitemapindex/s:sitemap", namespaces=NS)
        assert [r.findtext("s:loc", namespaces=NS) for r in rows] == [BASE + "sitemap-en.xml", BASE + "de/sitemap.xml"]
        return [r.findtext("s:lastmod", namespaces=NS) for r in rows], (config.path("output") / "sitemap-en.xml").read_bytes()
    before, child = built()
    story("newest", "2025-01-19T09:00:00+00:00", "en", "draft: true\n")   # taken down
    after, changed = built()
    assert changed != child
    assert before[0] is None or (after[0] is not None and after[0] > before[0]), (before, after)


def test_a_base_url_with_an_ampersand_is_escaped_once_in_every_sitemap():
    """base_url may hold '&' (RFC 3986 allows it in a path; config refuses only what is unsafe in an
    href): every <loc> must be escaped, and once (review45i's mutation sm_xonce, no escape, passed)."""
    base = "https://example.org/news&views/"
    arts = [Article(path=f"a{i}.md", title=f"Story {i}", summary="", authors=("Jane Doe",),
                    date=FIXED_NOW - timedelta(hours=i), updated=None, language="en", tags=(), slug=f"story-{i}",
                    body="Text.\n") for i in range(2)]
    site = build_site(parse_config({"site": {"base_url": base}}), arts, FIXED_NOW)
    plain = [p for p in site.pages if not p.kind.startswith("sitemap")]
    pages = plain + sitemap_pages(plain, limit=3)
    renderer = Renderer(dataclasses.replace(site, pages=tuple(pages)))
    listed = [loc for p in pages if p.kind == "sitemap" for loc in locs(renderer.render(p))]
    assert base + "2025/01/story-0/" in listed and all(loc.startswith(base) for loc in listed)
    index = next(p for p in pages if p.kind == "sitemap_index")
    assert locs(renderer.render(index), "sitemap")[0] == base + "sitemap-1.xml"
    news = renderer.render(next(p for p in site.pages if p.kind == "news_sitemap"))
    assert locs(news) == [base + "2025/01/story-0/", base + "2025/01/story-1/"]


def translated_site(n: int):
    """A Site planned in memory: n English stories, each with a German and a French translation
    (three editions, every story page with four hreflang links), and the sitemaps' row bound."""
    from sitegen.site import SitemapBytes, edition_root
    arts = [Article(path=f"{lang}{i}.md", title=f"Story {i} {lang}", summary="", authors=("Jane Doe",),
                    date=FIXED_NOW - timedelta(hours=i, minutes=k), updated=None, language=lang, tags=("Harbour",),
                    slug=f"story-{i}-{lang}-with-a-longer-headline-as-news-sites-have", body="Text.\n",
                    translation_of="" if lang == "en" else f"en{i}.md")
            for i in range(n) for k, lang in enumerate(("en", "de", "fr"))]
    site = build_site(parse_config({"site": {"base_url": BASE}}), arts, FIXED_NOW)
    fronts = [(e or "en", edition_root(site.config, e)) for e in sorted(set(site.edition_of))]
    return site, SitemapBytes(site.config, site.articles, site.urls, site.translations, fronts)


def rows_of(xml: bytes) -> dict[str, int]:
    """loc -> the bytes of its <url> row as written, its newline included."""
    wrap = f'<u xmlns="{NS["s"]}" xmlns:xhtml="{XHTML}">'.encode()
    return {etree.fromstring(wrap + row + b"</u>").findtext("s:url/s:loc", namespaces=NS): len(row) + 1
            for row in xml.split(b"\n") if row.startswith(b"<url>")}


def test_the_row_bound_holds_each_sitemap_row_as_written():
    """sitemap_sizes bounds each row from above (the byte split relies on it): every page of a
    three-edition site whose stories list four hreflang links, fronts with theirs."""
    site, size = translated_site(5)
    renderer = Renderer(site)
    listed = [p for p in site.pages if in_sitemap(p)]
    pages = {BASE + p.url[1:]: (p, bound) for p, bound in zip(listed, size.rows(listed))}
    seen = 0
    for sitemap in (p for p in site.pages if p.kind == "sitemap"):
        rows = rows_of(renderer.render(sitemap))
        for loc, written in rows.items():
            assert written <= pages[loc][1] <= written + 50, loc   # an upper bound, and a near one
        edition = [p for p, _ in map(pages.get, rows)]
        assert size.at_most(edition) >= sum(size.rows(edition)) >= sum(rows.values())
        seen += len(rows)
    assert seen == len(pages)
    odd = [dataclasses.replace(listed[0], url="/tags/ça-&-là/")]   # never made by sitegen: escaped and UTF-8
    assert size.at_most(odd) >= size.rows(odd)[0] == size.rows(listed[:1])[0] - len(listed[0].url) + len(
        "/tags/ça-&amp;-là/".encode())


def test_a_sitemap_over_the_byte_cap_is_split_into_parts_under_it():
    """sitemaps.org: at most 50,000 URLs and 50 MB uncompressed a file. Parts were made by count
    alone, so 50,000 stories with five or six translations each made a file over 50 MB; with a
    small cap, each edition's sitemap is split into parts under it, all valid, in the index."""
    site, size = translated_site(12)
    plain = [p for p in site.pages if not p.kind.startswith("sitemap")]
    names = {p.edition: p.url.removesuffix(".xml") for p in site.pages if p.kind == "sitemap"}
    assert sitemap_pages(plain, names=names, size=size) == sitemap_pages(plain, names=names)   # under the caps
    cap = 6_000
    pages = plain + sitemap_pages(plain, names=names, size=size, max_bytes=cap)
    check_collisions(pages, site.articles)
    renderer = Renderer(dataclasses.replace(site, pages=tuple(pages)))
    schema = xmlschema.XMLSchema(SCHEMAS / "sitemap.xsd", locations=[(XHTML, str(SCHEMAS / "xhtml1-strict.xsd"))])
    parts = [p for p in pages if p.kind == "sitemap"]
    listed = []
    for part in parts:
        xml = renderer.render(part)
        assert len(xml) <= cap, (part.url, len(xml))
        schema.validate(xml)
        listed += locs(xml)
    assert sorted(listed) == sorted(BASE + p.url[1:] for p in plain if in_sitemap(p)) and len(listed) == len(set(listed))
    assert {p.edition for p in parts} == {"", "de", "fr"} and len(parts) > 6   # each edition split
    index = renderer.render(next(p for p in pages if p.kind == "sitemap_index"))
    xmlschema.XMLSchema(SCHEMAS / "siteindex.xsd").validate(index)
    assert locs(index, "sitemap") == [BASE + p.url[1:] for p in parts]


def test_no_index_under_the_limit():
    site = small_site(4)
    assert [p.output for p in site.pages if p.kind.startswith("sitemap")] == ["sitemap.xml"]


def test_news_sitemap_has_every_required_element(out):
    tree = etree.fromstring((out / "news-sitemap.xml").read_bytes())
    urls = tree.xpath("/s:urlset/s:url", namespaces=NS)
    # Only the last two days, newest first: not the 49-hour-old story, not last week (the future one is not
    # published at all here: a --future build's is in test_a_future_build_keeps_stories_ahead_out_of_the_news_sitemap).
    assert [u.findtext("s:loc", namespaces=NS) for u in urls] == [
        BASE + "2025/01/ferries-trains-resume-today/", BASE + "2025/01/le-port-rouvre/"]
    for url, (title, lang, date) in zip(urls, [("Ferries & <trains> resume today", "en", "2025-01-20T09:00:00+00:00"),
                                               ("Le port rouvre", "fr", "2025-01-18T13:00:00+00:00")]):
        news = url.find("n:news", NS)
        assert news.findtext("n:publication/n:name", namespaces=NS) == "Harbour Times Ltd"
        assert news.findtext("n:publication/n:language", namespaces=NS) == lang
        assert news.findtext("n:publication_date", namespaces=NS) == date
        assert news.findtext("n:title", namespaces=NS) == title


def test_news_sitemap_keeps_at_most_1000_of_the_newest():
    site = small_site(1005, step=timedelta(minutes=2))   # all 1,005 within two days
    xml = Renderer(site).render(next(p for p in site.pages if p.kind == "news_sitemap"))
    listed = locs(xml)
    assert len(listed) == 1000
    assert listed[0] == BASE + "2025/01/story-0/" and BASE + "2025/01/story-1000/" not in listed


def test_news_sitemap_window_follows_the_build_clock():
    later = small_site(3, now=FIXED_NOW, step=timedelta(hours=30))   # 0 h, 30 h, 60 h old
    xml = Renderer(later).render(next(p for p in later.pages if p.kind == "news_sitemap"))
    assert locs(xml) == [BASE + "2025/01/story-0/", BASE + "2025/01/story-1/"]
    moved = dataclasses.replace(later, now=FIXED_NOW + timedelta(days=3))
    assert locs(Renderer(moved).render(next(p for p in moved.pages if p.kind == "news_sitemap"))) == []


def test_a_future_build_keeps_stories_ahead_out_of_the_news_sitemap():
    """--future publishes stories not yet out (a preview), but the news sitemap tells Google News
    what is out now: its upper bound was untested (review45i's mutation sm_news_future passed)."""
    arts = [Article(path=f"a{i}.md", title=f"Story {i}", summary="", authors=("Jane Doe",), date=FIXED_NOW + step,
                    updated=None, language="en", tags=(), slug=f"story-{i}", body="Text.\n")
            for i, step in enumerate([timedelta(hours=-1), timedelta(hours=5), timedelta(minutes=1)])]
    site = build_site(parse_config({"site": {"base_url": BASE}}), arts, FIXED_NOW, future=True)
    assert len(site.articles) == 3
    xml = Renderer(site).render(next(p for p in site.pages if p.kind == "news_sitemap"))
    assert locs(xml) == [BASE + "2025/01/story-0/"]


def test_a_drafts_build_keeps_drafts_out_of_the_news_sitemap():
    """--drafts publishes drafts (a preview), and the news sitemap tells Google News what is out
    now: --future's stories ahead are kept out of it (the test above), a draft dated an hour ago
    is listed. `sitegen build --drafts` writes public/, which a host serving public/ as it is
    (nginx's root on it) publishes: the news sitemap then hands Google News a story held back."""
    arts = [Article(path=f"a{i}.md", title=f"Story {i}", summary="", authors=("Jane Doe",),
                    date=FIXED_NOW - timedelta(hours=1 + i), updated=None, language="en", tags=(),
                    slug=f"story-{i}", body="Text.\n", draft=i == 1) for i in range(3)]
    site = build_site(parse_config({"site": {"base_url": BASE}}), arts, FIXED_NOW, drafts=True)
    assert len(site.articles) == 3
    xml = Renderer(site).render(next(p for p in site.pages if p.kind == "news_sitemap"))
    assert locs(xml) == [BASE + "2025/01/story-0/", BASE + "2025/01/story-2/"]   # the older published one too


def test_robots_txt_points_at_both_sitemaps(out):
    lines = (out / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {BASE}sitemap.xml" in lines and f"Sitemap: {BASE}news-sitemap.xml" in lines


def test_news_sitemap_leaves_out_stand_in_dates():
    site = small_site(3, now=FIXED_NOW, step=timedelta(hours=1))
    unknown = dataclasses.replace(site.articles[1], date_known=False)
    site = dataclasses.replace(site, articles=(site.articles[0], unknown, site.articles[2]))
    xml = Renderer(site).render(next(p for p in site.pages if p.kind == "news_sitemap"))
    assert locs(xml) == [BASE + "2025/01/story-0/", BASE + "2025/01/story-2/"]


XHTML = "http://www.w3.org/1999/xhtml"
ED = "https://example.org/"
FERRY = {"en": ED + "2025/01/ferry-crews-strike-over-new-rosters/",
         "de": ED + "de/2025/01/fahrbesatzungen-streiken-gegen-neue-dienstplane/",
         "fr": ED + "fr/2025/01/les-equipages-des-ferries-en-greve-contre-les-nouveaux-plannings/"}


def alternates_in(xml: bytes) -> dict[str, dict[str, str]]:
    """loc -> {hreflang: href} of each <url>'s xhtml:link alternates."""
    tree = etree.fromstring(xml)
    return {u.findtext("s:loc", namespaces=NS): {
                link.get("hreflang"): link.get("href")
                for link in u.findall(f"{{{XHTML}}}link") if link.get("rel") == "alternate"}
            for u in tree.xpath("/s:urlset/s:url", namespaces=NS)}


def test_translations_and_edition_fronts_list_their_alternates_and_validate(tmp_path):
    """Google's sitemap alternates: every version of a translated story, and each edition's front,
    lists all versions (itself included) and x-default, the main edition's; the sitemap validates
    against sitemaps.org's schema with the W3C XHTML schema for the links."""
    from builders import build_copy
    public = build_copy("editions", tmp_path / "site")
    schema = xmlschema.XMLSchema(SCHEMAS / "sitemap.xsd", locations=[(XHTML, str(SCHEMAS / "xhtml1-strict.xsd"))])
    found: dict[str, dict[str, str]] = {}
    for rel in ("sitemap-en.xml", "de/sitemap.xml", "fr/sitemap.xml"):
        schema.validate(str(public / rel))
        found.update(alternates_in((public / rel).read_bytes()))
    story = {**FERRY, "x-default": FERRY["en"]}
    assert all(found[url] == story for url in FERRY.values())
    fronts = {"en": ED, "de": ED + "de/", "fr": ED + "fr/", "x-default": ED}
    assert all(found[url] == fronts for url in (ED, ED + "de/", ED + "fr/"))
    assert found[ED + "page/2/"] == {} and found[ED + "de/2025/01/hafenfest-lockt-tausende-an/"] == {}
    assert found[ED + "world/"] == {}   # only fronts and translated stories have alternates
    for url in (*FERRY.values(), ED, ED + "de/", ED + "fr/"):  # each page's own <link> tags say the same
        page = etree.parse(str(public / url.removeprefix(ED) / "index.html"), etree.HTMLParser())
        assert {l.get("hreflang"): l.get("href") for l in page.xpath("//head/link[@hreflang]")} == found[url], url


def test_a_second_story_in_one_language_of_a_translation_group_is_left_out_of_its_alternates(tmp_path):
    """Two German versions of one story, and an English one that says it translates the English
    original: hreflang names one page a language (the newest), and the others get no alternates.
    Before, their own language pointed at the other story, in the page and the sitemap alike (no
    self-reference: Google takes such a page for the other's duplicate), with no warning."""
    def story(title: str, hour: int, lang: str, of: str = "") -> str:
        return md(title, f"2025-01-18T{hour:02d}:00:00+00:00", f"language: {lang}\n"
                  + (f"translation_of: {of}\n" if of else ""))
    root = write_files(tmp_path / "site", {
        "site.toml": f'[site]\ntitle = "Kurier"\nbase_url = "{ED}"\n',
        "content/ferry.md": story("Ferry strike", 12, "en"),
        "content/faehre.md": story("Fährstreik", 10, "de", "ferry.md"),
        "content/faehre-neu.md": story("Fährstreik neu", 11, "de", "ferry.md"),
        "content/ferry-again.md": story("Ferry strike again", 9, "en", "ferry"),
        "content/bac.md": story("Grève du bac", 8, "fr", "ferry.md")})
    config = load_config(root)
    result = Builder(config, BuildOptions()).build(now=FIXED_NOW)
    assert result.ok, result.errors
    public = config.path("output")
    schema = xmlschema.XMLSchema(SCHEMAS / "sitemap.xsd", locations=[(XHTML, str(SCHEMAS / "xhtml1-strict.xsd"))])
    found: dict[str, dict[str, str]] = {}
    for rel in ("sitemap-en.xml", "de/sitemap.xml", "fr/sitemap.xml"):
        schema.validate(str(public / rel))
        found.update(alternates_in((public / rel).read_bytes()))
    en, de, fr = ED + "2025/01/ferry-strike/", ED + "de/2025/01/fahrstreik-neu/", ED + "fr/2025/01/greve-du-bac/"
    left = (ED + "de/2025/01/fahrstreik/", ED + "2025/01/ferry-strike-again/")
    cluster = {"en": en, "de": de, "fr": fr, "x-default": en}
    assert all(found[url] == cluster for url in (en, de, fr))
    assert all(found[url] == {} for url in left)
    for url in (en, de, fr, *left):   # each page's own <link> tags say the same
        page = etree.parse(str(public / url.removeprefix(ED) / "index.html"), etree.HTMLParser())
        assert {l.get("hreflang"): l.get("href") for l in page.xpath("//head/link[@hreflang]")} == found[url], url
    assert sorted(w for w in result.warnings if "translation_of" in w) == [
        "content/faehre.md:7: 'translation_of: ferry.md' names a story that already has a 'de' version "
        "(content/faehre-neu.md): hreflang names one story a language, the newest, and leaves this one out; "
        "remove one of the two `translation_of:` lines, or set this story's `language:`",
        "content/ferry-again.md:7: 'translation_of: ferry' names a story in this story's own language ('en'), which is no "
        "translation: hreflang names one story a language, the newest (content/ferry.md); name the original in another "
        "language, or set this story's `language:`"]


def test_hreflang_names_each_language_as_google_reads_it_in_the_page_and_the_sitemap(tmp_path):
    """review46b: Google reads hreflang as an ISO 639-1 language and an ISO 3166-1 alpha-2 country;
    'en-UK' was published as hreflang="en-uk", 'es-419' as "es-419" and 'tl' as "fil", all three
    ignored. Now 'en-gb', 'tl', and 'es' where the group has no other 'es' story; where it has one,
    the es-419 story is left out of the group's links with a warning, and 'language: en-UK' is
    warned about at its line. The page's lang keeps what the story says."""
    def story(title: str, hour: int, lang: str, of: str) -> str:
        return md(title, f"2025-01-18T{hour:02d}:00:00+00:00", f"language: {lang}\ntranslation_of: {of}\n")
    root = write_files(tmp_path / "site", {
        "site.toml": f'[site]\ntitle = "Courier"\nbase_url = "{ED}"\neditions = true\n',
        "content/ferry.md": md("Ferry strike", "2025-01-18T12:00:00+00:00"),
        "content/uk.md": story("Ferry strike UK", 11, "en-UK", "ferry.md"),
        "content/es.md": story("Huelga", 10, "es", "ferry.md"),
        "content/latam.md": story("Huelga LatAm", 13, "es-419", "ferry.md"),   # newest, still left out
        "content/tl.md": story("Welga", 9, "tl", "ferry.md"),
        "content/port.md": md("Port reopens", "2025-01-17T12:00:00+00:00"),
        "content/puerto.md": story("Puerto", 8, "es-419", "port.md")})   # no other 'es': it is 'es'
    config = load_config(root)
    result = Builder(config, BuildOptions()).build(now=FIXED_NOW)
    assert result.ok, result.errors
    public = config.path("output")
    found: dict[str, dict[str, str]] = {}
    for rel in public.glob("**/sitemap*.xml"):
        if b"<urlset" in rel.read_bytes():
            found.update(alternates_in(rel.read_bytes()))
    ferry, port = ED + "2025/01/ferry-strike/", ED + "2025/01/port-reopens/"
    cluster = {"en": ferry, "en-gb": ED + "2025/01/ferry-strike-uk/", "es": ED + "es/2025/01/huelga/",
               "tl": ED + "fil/2025/01/welga/", "x-default": ferry}
    latam = ED + "es/2025/01/huelga-latam/"
    assert all(found[url] == cluster for url in cluster.values()) and found[latam] == {}, found
    pair = {"en": port, "es": ED + "es/2025/01/puerto/", "x-default": port}
    assert all(found[url] == pair for url in pair.values()), found
    for url in (*cluster.values(), latam, *pair.values()):   # each page's own <link> tags say the same
        page = etree.parse(str(public / url.removeprefix(ED) / "index.html"), etree.HTMLParser())
        assert {l.get("hreflang"): l.get("href") for l in page.xpath("//head/link[@hreflang]")} == found[url], url
    assert b'<html lang="en-UK"' in (public / "2025/01/ferry-strike-uk/index.html").read_bytes()
    warned = [w for w in result.warnings if "hreflang" in w]
    assert warned == [
        "content/uk.md:6: 'language: en-UK': search engines read a country by its ISO 3166 two-letter code, which "
        "for 'UK' is GB, so hreflang names this story 'en-gb'; write 'language: en-GB' (the page's lang attribute "
        "shows the code as written)",
        "content/latam.md:6: 'language: es-419' is hreflang 'es' to Google (an ISO 639-1 language and a country's "
        "ISO 3166 code), as content/es.md's 'es' is, so this story is left out of its translations' hreflang links: "
        "hreflang names one page a language; give this story a country's code (language: es-AR) or remove its "
        "`translation_of:`"], warned


def test_a_site_without_alternates_keeps_its_sitemap_free_of_the_xhtml_namespace(out):
    assert b"xhtml" not in (out / "sitemap.xml").read_bytes()


def test_sitemap_formats_each_lastmod_once_and_each_zone_as_its_own(monkeypatch):
    """Each stamp is formatted once per sitemap (a story's, on its own page's row), and two stories
    changed at the same instant in different zones keep their own offsets."""
    from zoneinfo import ZoneInfo
    from sitegen import sitemaps
    site = small_site(6)
    same = site.articles[0].modified.astimezone(ZoneInfo("Europe/Berlin"))
    articles = list(site.articles)
    articles[1] = dataclasses.replace(articles[1], date=same, updated=same, timezone="Europe/Berlin")
    site = build_site(site.config, articles, FIXED_NOW)
    formatted = []
    real = sitemaps.rfc3339
    monkeypatch.setattr(sitemaps, "rfc3339", lambda when: formatted.append(when) or real(when))
    xml = Renderer(site).render(next(p for p in site.pages if p.kind == "sitemap"))
    assert len(formatted) == len({id(w) for w in formatted}) == xml.count(b"<lastmod>") == len(site.articles)
    tree = etree.fromstring(xml)
    stamps = {u.findtext("s:lastmod", namespaces=NS) for u in tree.xpath("/s:urlset/s:url", namespaces=NS)}
    utc, berlin = (next(a.modified for a in site.articles if a.path == p) for p in ("a0.md", "a1.md"))
    assert utc == berlin and real(utc) != real(berlin)
    assert {real(utc), real(berlin)} <= stamps


def test_an_alias_is_in_no_sitemap_feed_or_list(tmp_path):
    # Before: 'aliases:' was an unknown key and no page was written at the old address
    root = write_files(tmp_path / "site", {
        "site.toml": f'[site]\ntitle = "Harbour Times"\nbase_url = "{BASE}"\n[search]\nenabled = false\n',
        **ARTICLES, "content/today.md": md("Ferries resume today", "2025-01-20T09:00:00+00:00",
                                           "aliases: [/2025/01/ferries-to-resume/]\n")})
    config = load_config(root)
    result = Builder(config, BuildOptions(search=False)).build(now=FIXED_NOW)
    assert result.ok, result.errors
    out = config.path("output")
    assert b'url=https://example.org/news/2025/01/ferries-resume-today/"' in \
        (out / "2025/01/ferries-to-resume/index.html").read_bytes()
    written = [p for p in out.rglob("*") if p.is_file() and p.suffix in (".xml", ".json", ".html", ".txt")]
    assert len(written) > 20
    # the feeds' entry id keeps to the story's first address (feeds.entry_id), no link to it
    entry_id = b"tag:example.org,2025-01-20:/2025/01/ferries-to-resume/"
    showing = [p.relative_to(out).as_posix() for p in written
               if b"ferries-to-resume" in p.read_bytes().replace(entry_id, b"")]
    assert showing == [], showing


def test_news_sitemap_languages_are_the_codes_google_news_takes(tmp_path):
    """Google News takes ISO 639 codes and, for Chinese, only zh-cn and zh-tw: an article in
    'pt-br' was listed as 'pt-br', one in 'zh' or 'zh-hant' as written."""
    languages = {"pt-br": "pt", "zh": "zh-cn", "zh-hant": "zh-tw", "zh-hk": "zh-tw", "zh-cn": "zh-cn", "de-ch": "de",
                 "fil": "fil", "en": "en"}
    articles = {f"content/story-{n}.md": md(f"Story {n}", f"2025-01-20T0{n}:00:00+00:00", f"language: {lang}\n")
                for n, lang in enumerate(languages)}
    root = write_files(tmp_path / "site", {
        "site.toml": f'[site]\ntitle = "Harbour Times"\nbase_url = "{BASE}"\neditions = false\n', **articles})
    config = load_config(root)
    assert Builder(config, BuildOptions()).build(now=FIXED_NOW).ok
    tree = etree.fromstring((config.path("output") / "news-sitemap.xml").read_bytes())
    found = {u.findtext("n:news/n:title", namespaces=NS): u.findtext("n:news/n:publication/n:language", namespaces=NS)
             for u in tree.xpath("/s:urlset/s:url", namespaces=NS)}
    assert found == {f"Story {n}": want for n, want in enumerate(languages.values())}


def test_news_sitemap_names_chinese_by_its_script_not_its_region(tmp_path):
    """review49f 4: news_language (sitemaps.py:102) calls any Chinese with 'hk', 'mo' or 'tw' in its tag Traditional,
    so a Hong Kong desk's Simplified stories (`zh-Hans-HK`, which the site keeps as 'zh-hans-hk') go to Google
    News as zh-tw, the wrong script's audience; and a Mandarin story (`cmn-Hant-TW`, kept as written, README)
    goes as 'cmn', where Google News takes only zh-cn or zh-tw for Chinese. The script decides, then the region."""
    languages = {"zh-Hans-HK": "zh-cn", "zh-Hans-TW": "zh-cn", "zh-Hant-CN": "zh-tw", "cmn-Hant-TW": "zh-tw",
                 "cmn": "zh-cn", "zh-HK": "zh-tw", "zh-SG": "zh-cn", "zh": "zh-cn", "pt-BR": "pt", "yue": "yue"}
    articles = {f"content/story-{n}.md": md(f"Story {n}", f"2025-01-20T0{n}:00:00+00:00", f"language: {lang}\n")
                for n, lang in enumerate(languages)}
    root = write_files(tmp_path / "site", {
        "site.toml": f'[site]\ntitle = "Harbour Times"\nbase_url = "{BASE}"\neditions = false\n', **articles})
    config = load_config(root)
    assert Builder(config, BuildOptions()).build(now=FIXED_NOW).ok
    tree = etree.fromstring((config.path("output") / "news-sitemap.xml").read_bytes())
    found = {u.findtext("n:news/n:title", namespaces=NS): u.findtext("n:news/n:publication/n:language", namespaces=NS)
             for u in tree.xpath("/s:urlset/s:url", namespaces=NS)}
    assert found == {f"Story {n}": want for n, want in enumerate(languages.values())}


def test_news_sitemap_gives_a_day_without_a_time_as_the_day():
    """`date: 2025-01-20` (no time of day) was listed as published at 2025-01-20T00:00:00+00:00."""
    site = small_site(2, now=FIXED_NOW, step=timedelta(hours=3))
    day_only = dataclasses.replace(site.articles[1], has_time=False)
    site = dataclasses.replace(site, articles=(site.articles[0], day_only))
    xml = Renderer(site).render(next(p for p in site.pages if p.kind == "news_sitemap"))
    dates = etree.fromstring(xml).xpath("//n:publication_date/text()", namespaces=NS)
    assert dates == ["2025-01-20T12:00:00+00:00", "2025-01-20"]


def test_a_section_with_no_story_yet_is_noindex_and_in_no_sitemap_until_it_has_one(tmp_path):
    """Every section is in the menu, so each gets a page even before a story is filed in it (an
    edition's, in a language no story of that section is written in yet): an empty list, which a
    crawler takes for a soft 404. It was in the sitemap and open to indexing, 0 stories and all."""
    root = write_files(tmp_path / "site", {
        "site.toml": f'[site]\ntitle = "Harbour Times"\nbase_url = "{BASE}"\neditions = false\n'
                     '[sections.world]\nname = "World"\n[sections.sport]\nname = "Sport"\n',
        "content/storm.md": md("Storm", "2025-01-19T09:00:00+00:00", "section: world\n")})
    config = load_config(root)
    out = config.path("output")

    def robots(rel: str) -> list[str]:
        return etree.parse(str(out / rel), etree.HTMLParser()).xpath('//meta[@name="robots"]/@content')

    assert Builder(config, BuildOptions()).build(now=FIXED_NOW).ok
    listed = locs((out / "sitemap.xml").read_bytes())
    assert BASE + "world/" in listed and BASE + "sport/" not in listed
    open_ = ["max-image-preview:large"]   # a page to index lets its pictures be shown large (review51a 3)
    assert (robots("sport/index.html"), robots("world/index.html"), robots("404.html")) == (["noindex"], open_, ["noindex"])
    # The section's first story: an incremental build lists it and lets it be indexed.
    write_files(root, {"content/regatta.md": md("Regatta", "2025-01-19T10:00:00+00:00", "section: sport\n")})
    assert Builder(config, BuildOptions()).build(now=FIXED_NOW).ok
    assert BASE + "sport/" in locs((out / "sitemap.xml").read_bytes())
    assert robots("sport/index.html") == open_


@pytest.mark.parametrize("date, updated, want", [
    ("2025-01-18", "", "2025-01-18"),                                        # a day alone: no made-up midnight
    ("2025-01-18\ndate_source: first-conversion\nfeed_id_date: 2025-01-18", "", "2025-01-18"),   # a stand-in day
    ("2025-01-17", "updated: 2025-01-18\n", "2025-01-18"),                    # a day-only update
    ("2025-01-17", "updated: 2025-01-18T10:30:00+00:00\n", "2025-01-18T10:30:00+00:00"),
    ("2025-01-17T09:00:00+00:00", "", "2025-01-17T09:00:00+00:00"),
    # a correction dated by its day alone: its day, not a made-up midnight (rf43e); a timed one, its time
    ("2025-01-17T09:00:00+00:00", "corrections:\n  - date: 2025-01-18\n    text: A name was misspelt.\n", "2025-01-18"),
    ("2025-01-17", "corrections:\n  - date: 2025-01-18T10:30:00+00:00\n    text: A name was misspelt.\n",
     "2025-01-18T10:30:00+00:00"),
])
def test_a_day_only_storys_lastmod_is_the_day_alone(tmp_path, date, updated, want):
    """`date: 2025-01-18` was <lastmod>2025-01-18T00:00:00+00:00 in the sitemap (and, then, on the
    lists showing it) while its JSON-LD says '2025-01-18' (review43c): the day alone, a W3C date."""
    root = write_files(tmp_path / "s", {
        "site.toml": f'[site]\ntitle = "T"\nbase_url = "{BASE}"\neditions = false\n',
        "content/b.md": f"---\ntitle: Day only\ndate: {date}\n{updated}tags: [Harbour]\nslug: b\n---\n\nText.\n"})
    config = load_config(root)
    assert Builder(config, BuildOptions()).build(now=FIXED_NOW).ok
    sitemap = config.path("output") / "sitemap.xml"
    xmlschema.XMLSchema(str(SCHEMAS / "sitemap.xsd")).validate(str(sitemap))
    rows = {u.findtext("s:loc", namespaces=NS): u.findtext("s:lastmod", namespaces=NS)
            for u in etree.parse(str(sitemap)).getroot().findall("s:url", NS)}
    day = date[:10]
    assert rows[f"{BASE}{day[:4]}/{day[5:7]}/b/"] == want
    assert rows[BASE] is rows[BASE + "tags/harbour/"] is None   # a list page has none (sitemaps.lastmod)


def test_a_held_story_is_in_no_sitemap_while_its_page_says_noindex():
    """review52a 2: a --drafts or --future build marks a held story's page noindex (site.held,
    review50c 4: 'a public/ served as it is must not let a crawler index a story held back'), and
    the news sitemap leaves it out (the two tests above), but sitemap.xml lists it: the file whose
    one job is to hand crawlers the URLs to index submits the embargoed story's address, and Search
    Console reports 'Submitted URL marked noindex'. sitemaps.in_sitemap leaves out the other noindex
    pages (404, search, an empty section), not this one."""
    arts = [Article(path=f"a{i}.md", title=f"Story {i}", summary="", authors=("Jane Doe",), date=FIXED_NOW + step,
                    updated=None, language="en", tags=(), slug=f"story-{i}", body="Text.\n", draft=i == 1)
            for i, step in enumerate([timedelta(hours=-1), timedelta(hours=-2), timedelta(hours=5)])]
    site = build_site(parse_config({"site": {"base_url": BASE}}), arts, FIXED_NOW, drafts=True, future=True)
    assert len(site.articles) == 3
    held = {BASE + site.urls[i][1:] for i in range(3) if site.held(i)}
    assert held == {BASE + "2025/01/story-1/", BASE + "2025/01/story-2/"}
    renderer = Renderer(site)
    listed = {url for p in site.pages if p.kind == "sitemap" for url in locs(renderer.render(p))}
    assert BASE + "2025/01/story-0/" in listed
    assert not held & listed


def test_a_preview_build_lists_exactly_the_html_pages_not_marked_noindex(tmp_path):
    """review52a 2, built as `sitegen build --drafts --future` builds: every HTML page is either in
    sitemap.xml or says noindex, never both nor neither (the sitemap and the robots meta ask one
    rule, site.noindex); and a build without the preview flags lists the stories once they are out."""
    root = write_files(tmp_path / "site", {
        "site.toml": f'[site]\ntitle = "Harbour Times"\nbase_url = "{BASE}"\neditions = false\n',
        "content/out.md": md("Out now", "2025-01-19T09:00:00+00:00"),
        "content/draft.md": md("Draft story", "2025-01-19T10:00:00+00:00", "draft: true\n"),
        "content/ahead.md": md("Embargoed", "2025-01-23T09:00:00+00:00")})
    config = load_config(root)
    out = config.path("output")

    def split() -> tuple[set[str], set[str]]:
        listed, marked = set(locs((out / "sitemap.xml").read_bytes())), set()
        for page in out.rglob("*.html"):
            robots = etree.parse(str(page), etree.HTMLParser()).xpath('//meta[@name="robots"]/@content')
            if "noindex" in robots:
                marked.add(BASE + page.relative_to(out).as_posix().removesuffix("index.html"))
        return listed, marked

    assert Builder(config, BuildOptions(drafts=True, future=True)).build(now=FIXED_NOW).ok
    listed, marked = split()
    stories = {BASE + "2025/01/draft-story/", BASE + "2025/01/embargoed/"}
    assert stories <= marked and not listed & marked
    assert BASE + "2025/01/out-now/" in listed
    pages = {BASE + p.relative_to(out).as_posix().removesuffix("index.html") for p in out.rglob("*.html")}
    assert listed | marked == pages
    # Taken out of draft and come due: an incremental build without the flags lists both.
    write_files(root, {"content/draft.md": md("Draft story", "2025-01-19T10:00:00+00:00")})
    assert Builder(config, BuildOptions()).build(now=FIXED_NOW + timedelta(days=4)).ok
    listed, marked = split()
    assert stories <= listed and not stories & marked


def test_the_sitemap_parts_are_counted_without_the_held_stories():
    """site.sitemap_pages counts the parts from the pages listed (sitemaps.part splits those): counted
    with the held stories, a preview's parts came out more and shorter than the limit asks, and the
    rows of every part together were not the site's listed pages."""
    now = FIXED_NOW
    arts = [Article(path=f"a{i}.md", title=f"Story {i}", summary="", authors=("Jane Doe",), date=now + step,
                    updated=None, language="en", tags=(), slug=f"story-{i}", body="Text.\n", draft=i == 1)
            for i, step in enumerate([timedelta(hours=-1)] * 3 + [timedelta(hours=5)] * 4)]
    site = build_site(parse_config({"site": {"base_url": BASE}}), arts, now, drafts=True, future=True)
    plain = [p for p in site.pages if not p.kind.startswith("sitemap")]
    listed = [p for p in plain if in_sitemap(p) and not (p.kind == "article" and site.held(p.articles[0]))]
    assert len([p for p in listed if p.kind == "article"]) == 2   # five held of seven
    limit = len(listed) // 2   # two parts: with the five held, three or more
    pages = plain + sitemap_pages(plain, limit=limit, held=site.held)
    renderer = Renderer(dataclasses.replace(site, pages=tuple(pages)))
    parts = [p for p in pages if p.kind == "sitemap"]
    rows = [locs(renderer.render(p)) for p in parts]
    assert len(parts) == 2 and all(len(r) <= limit for r in rows)
    assert sorted(u for r in rows for u in r) == sorted(BASE + p.url[1:] for p in listed)


def test_a_news_sitemap_with_no_story_in_its_window_stays_published_and_empty(tmp_path):
    """review52a 1, kept on purpose (README's known limits; session 36, review42e 5): with no story in
    the two-day window, news-sitemap.xml is still written, as a well-formed empty <urlset> that
    robots.txt names. sitemaps.org's schema wants one <url>, but Google's news-sitemap page allows an
    empty file, and a file that came and went would 404 where Search Console was given it."""
    root = write_files(tmp_path / "s", {
        "site.toml": f'[site]\ntitle = "T"\nbase_url = "{BASE}"\neditions = false\n',
        "content/a.md": md("Old news", "2025-01-10T09:00:00+00:00")})
    config = load_config(root)
    assert Builder(config, BuildOptions()).build(now=FIXED_NOW).ok
    out = config.path("output")
    news = etree.parse(str(out / "news-sitemap.xml")).getroot()
    assert news.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset" and len(news) == 0
    assert f"Sitemap: {BASE}news-sitemap.xml" in (out / "robots.txt").read_text(encoding="utf-8")
