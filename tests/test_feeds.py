"""Feeds: every feed the build writes parses with feedparser (bozo 0) and gives back the right data."""
from __future__ import annotations

import html
import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from conftest import FIXED_NOW, write_files
from photos import photo
from sitegen.build import Builder, BuildOptions
from sitegen.config import load_config
from sitegen.feeds import rfc822
from sitegen.views import on_the_minute

BASE = "https://example.org/news/"
NASTY = 'Tom & Jerry say <b>"hi"</b> </script><script>alert(1)</script>'

ARTICLES = {
    "content/treaty.md": """---
title: Russia and Iran sign a partnership treaty
summary: A strategic agreement amid sanctions.
authors: [Jane Doe, John Roe]
date: 2025-01-18T10:00:00+00:00
tags: [Russia, Iran]
corrections:
  - date: 2025-01-19T08:30:00+00:00
    text: An earlier version misspelt a name.
---
Vladimir Putin and Masoud Pezeshkian signed the treaty on **Friday**.

## Background

Trade between the two countries has grown.
""",
    "content/harbour.md": """---
title: Harbour reopens after the storm
summary: Ferries sail again.
authors: [John Roe]
date: 2025-01-17T09:00:00+00:00
updated: 2025-01-17T15:00:00+00:00
tags: [Weather]
image: static/harbour.jpg
alt: The breakwater at dawn
---
The breakwater held.
""",
    "content/nasty.md": f"""---
title: '{NASTY.replace("'", "''")}'
summary: "Control \\x01 characters and <tags> & ampersands from a seed."
date: 2025-01-16T09:00:00+01:00
tags: [Iran]
---
Body with <angle> brackets & ampersands, and a bell \x07 character.
""",
}


def build(root: Path, extra_toml: str = "", files: dict | None = None) -> Path:
    toml = f'[site]\ntitle = "Harbour Times"\nbase_url = "{BASE}"\n[search]\nenabled = false\n{extra_toml}'
    write_files(root, {"site.toml": toml, "static/harbour.jpg": photo(1800, 1200),
                       **(files if files is not None else ARTICLES)})
    config = load_config(root)
    result = Builder(config, BuildOptions()).build(now=FIXED_NOW)
    assert result.ok, result.errors
    return config.path("output")


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("feeds") / "site")


def parse(path: Path):
    feed = feedparser.parse(path.read_bytes())
    assert feed.bozo == 0, f"{path}: {feed.get('bozo_exception')}"
    return feed


def check_json_feed(path: Path) -> dict:
    """JSON Feed 1.1's required keys and types (feedparser 6 reads only XML feeds)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(data["title"], str) and data["title"]
    assert isinstance(data["items"], list)
    for key in ("home_page_url", "feed_url"):
        assert data.get(key, BASE).startswith(BASE)
    for item in data["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert isinstance(item.get("content_html", item.get("content_text")), str)
        # date_published is optional (none for a stand-in date); sitegen always states date_modified
        for key in ("date_published", "date_modified")[0 if "date_published" in item else 1:]:
            assert datetime.fromisoformat(item[key]).tzinfo is not None   # RFC 3339, with an offset
        for author in item.get("authors", []):
            assert set(author) <= {"name", "url", "avatar"} and author["name"]
        assert all(isinstance(t, str) for t in item.get("tags", []))
    return data


def test_every_feed_parses_without_errors(out):
    xml = sorted(out.rglob("feed.xml")) + sorted(out.rglob("rss.xml"))
    # site + tags russia, iran, weather + authors jane-doe, john-roe; JSON for the site only
    assert len(xml) == 2 * (1 + 3 + 2)
    for path in xml:
        parse(path)
    assert [p.relative_to(out).as_posix() for p in out.rglob("feed.json")] == ["feed.json"]
    check_json_feed(out / "feed.json")


@pytest.mark.parametrize("name", ["feed.xml", "rss.xml"])
def test_site_feed_entries(out, name):
    feed = parse(out / name)
    titles = [e.title for e in feed.entries]
    assert titles == ["Russia and Iran sign a partnership treaty", "Harbour reopens after the storm", NASTY]
    treaty = feed.entries[0]
    assert treaty.link == BASE + "2025/01/russia-and-iran-sign-a-partnership-treaty/"
    assert treaty.id == "tag:example.org,2025-01-18:/2025/01/russia-and-iran-sign-a-partnership-treaty/"
    assert [a.name for a in treaty.authors] == ["Jane Doe", "John Roe"]
    assert [t.term for t in treaty.tags] == ["Russia", "Iran"]
    assert treaty.published_parsed[:5] == (2025, 1, 18, 10, 0)
    assert treaty.updated_parsed[:5] == (2025, 1, 19, 8, 30)  # the correction is the last change
    assert "<strong>Friday</strong>" in treaty.content[0].value
    assert treaty.summary == "A strategic agreement amid sanctions."
    harbour = feed.entries[1]
    assert harbour.updated_parsed[:5] == (2025, 1, 17, 15, 0)
    nasty = feed.entries[2]
    assert "&lt;angle&gt;" in nasty.content[0].value and "\x07" not in nasty.content[0].value
    assert feed.feed.title == "Harbour Times"
    assert feed.feed.link == BASE


def test_atom_feed_metadata(out):
    feed = parse(out / "feed.xml")
    assert feed.version == "atom10"
    assert feed.feed.id == BASE + "feed.xml"
    assert feed.feed.updated_parsed[:5] == (2025, 1, 19, 8, 30)  # newest entry's modified, not the clock
    assert {(l.rel, l.href) for l in feed.feed.links} >= {("self", BASE + "feed.xml"), ("alternate", BASE)}
    harbour = feed.entries[1]
    [enclosure] = [l for l in harbour.links if l.rel == "enclosure"]
    # the lead picture, resized (1600 px, the largest configured width) and published under images/
    assert re.fullmatch(re.escape(BASE) + r"images/harbour\.[0-9a-f]{16}\.1600\.jpg", enclosure.href)
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) == (out / enclosure.href.removeprefix(BASE)).stat().st_size
    # The author of an entry links to the author's page.
    assert feed.entries[0].authors[0].href == BASE + "authors/jane-doe/"


def test_rss_feed_metadata(out):
    feed = parse(out / "rss.xml")
    assert feed.version == "rss20"
    assert feed.feed.language == "en"
    assert feed.entries[0].guidislink is False
    assert [l.href for l in feed.feed.links if l.rel == "self"] == [BASE + "rss.xml"]
    [enclosure] = feed.entries[1].enclosures       # RSS wants the length in bytes: the real one
    assert enclosure.type == "image/jpeg" and enclosure.href.startswith(BASE + "images/harbour.")
    assert int(enclosure.length) == (out / enclosure.href.removeprefix(BASE)).stat().st_size > 0


def test_per_tag_and_per_author_feeds(out):
    iran = parse(out / "tags/iran/feed.xml")
    assert [e.title for e in iran.entries] == ["Russia and Iran sign a partnership treaty", NASTY]
    assert iran.feed.title == "Harbour Times: Iran"
    assert iran.feed.link == BASE + "tags/iran/"
    weather = parse(out / "tags/weather/rss.xml")
    assert [e.title for e in weather.entries] == ["Harbour reopens after the storm"]
    john = parse(out / "authors/john-roe/rss.xml")
    assert [e.title for e in john.entries] == ["Russia and Iran sign a partnership treaty",
                                              "Harbour reopens after the storm"]
    jane = parse(out / "authors/jane-doe/feed.xml")
    assert [e.title for e in jane.entries] == ["Russia and Iran sign a partnership treaty"]
    assert jane.feed.link == BASE + "authors/jane-doe/"


def test_an_ampersand_and_angle_brackets_in_a_byline_and_a_tag_reach_every_feed_as_text(tmp_path):
    """No fixture had a byline with '&': RSS's <dc:creator> lost its escape unnoticed (review45i), and
    every RSS feed listing a 'Staff & agencies' story was malformed XML."""
    story = ("---\ntitle: Ferries sail again\nauthors: [Staff & agencies]\ntags: ['Q&A <live>']\n"
             "date: 2025-01-18T10:00:00+00:00\n---\nThe breakwater held.\n")
    out = build(tmp_path / "site", files={"content/ferries.md": story})
    xml = sorted(out.rglob("feed.xml")) + sorted(out.rglob("rss.xml"))
    assert len(xml) == 2 * 3                                   # the site's, the tag's and the author's
    for path in xml:
        [entry] = parse(path).entries
        assert [a.name for a in entry.authors] == ["Staff & agencies"], path
        assert [t.term for t in entry.tags] == ["Q&A <live>"], path
    [item] = check_json_feed(out / "feed.json")["items"]
    assert [a["name"] for a in item["authors"]] == ["Staff & agencies"] and item["tags"] == ["Q&A <live>"]


def test_every_url_is_absolute_under_the_sub_path(out):
    for path in [*out.rglob("feed.xml"), *out.rglob("rss.xml")]:
        feed = parse(path)
        hrefs = [feed.feed.link] + [e.link for e in feed.entries]
        hrefs += [l.href for l in feed.feed.links] + [a.href for e in feed.entries for a in e.get("authors", []) if "href" in a]
        assert all(h.startswith(BASE) for h in hrefs), (path, hrefs)
    data = json.loads((out / "feed.json").read_text(encoding="utf-8"))
    urls = [data["home_page_url"], data["feed_url"]] + [i["url"] for i in data["items"]]
    assert all(u.startswith(BASE) for u in urls)


def test_rss_and_json_bodies_link_absolutely(tmp_path):
    """RSS and JSON Feed have no xml:base: a body's own links, footnotes and pictures (srcset too)
    must be absolute there, or readers resolve them against the feed (or not at all)."""
    body = ("See [the archive](/archive/) and a note.[^1]\n\n![The breakwater](/static/harbour.jpg)\n\n"
            "[^1]: [Elsewhere](https://example.com/x) too.\n")
    files = {**ARTICLES, "content/links.md": "---\ntitle: Links\ndate: 2025-01-19T09:00:00+00:00\n---\n" + body}
    out = build(tmp_path / "site", files=files)
    rss = next(e for e in parse(out / "rss.xml").entries if e.title == "Links").content[0].value
    item = next(i for i in json.loads((out / "feed.json").read_text(encoding="utf-8"))["items"] if i["title"] == "Links")
    for html in (rss, item["content_html"]):
        urls = re.findall(r'(?:href|src)="([^"]*)"', html)
        urls += [part.split()[0] for s in re.findall(r'srcset="([^"]*)"', html) for part in s.split(",")]
        assert len(urls) >= 5 and "https://example.com/x" in urls, urls
        assert all(u.startswith(("https://example.org/news/", "https://example.com/")) for u in urls), urls
        assert BASE + "archive/" in urls and BASE + "2025/01/links/#fn1" in urls
    atom = (out / "feed.xml").read_text(encoding="utf-8")   # Atom keeps them relative, under xml:base
    assert 'xml:base="https://example.org/news/2025/01/links/"' in atom and "href=&quot;/news/archive/&quot;" in atom


def test_json_feed(out):
    data = check_json_feed(out / "feed.json")
    assert data["feed_url"] == BASE + "feed.json" and data["home_page_url"] == BASE
    assert [i["title"] for i in data["items"]] == ["Russia and Iran sign a partnership treaty",
                                                  "Harbour reopens after the storm", NASTY]
    treaty = data["items"][0]
    assert treaty["id"] == "tag:example.org,2025-01-18:/2025/01/russia-and-iran-sign-a-partnership-treaty/"
    assert treaty["url"] == BASE + "2025/01/russia-and-iran-sign-a-partnership-treaty/"
    assert treaty["date_published"] == "2025-01-18T10:00:00+00:00"
    assert treaty["date_modified"] == "2025-01-19T08:30:00+00:00"
    assert "<strong>Friday</strong>" in treaty["content_html"]
    assert treaty["authors"] == [{"name": "Jane Doe", "url": BASE + "authors/jane-doe/"},
                                 {"name": "John Roe", "url": BASE + "authors/john-roe/"}]
    assert treaty["tags"] == ["Russia", "Iran"]
    image = data["items"][1]["image"]
    assert re.fullmatch(re.escape(BASE) + r"images/harbour\.[0-9a-f]{16}\.1600\.jpg", image)
    assert (out / image.removeprefix(BASE)).is_file()


def test_ids_are_stable_across_builds_and_formats(tmp_path, out):
    again = build(tmp_path / "again", files={**ARTICLES, "content/later.md":
                                           "---\ntitle: A later story\ndate: 2025-01-20T09:00:00+00:00\n---\nText.\n"})
    ids = {e.link: e.id for e in parse(out / "feed.xml").entries}
    later = {e.link: e.id for e in parse(again / "feed.xml").entries}
    assert all(later[link] == id_ for link, id_ in ids.items())
    assert [e.id for e in parse(out / "rss.xml").entries] == list(ids.values())
    assert [i["id"] for i in json.loads((out / "feed.json").read_text())["items"]] == list(ids.values())


def test_output_is_deterministic(tmp_path, out):
    again = build(tmp_path / "again")
    for path in [*out.rglob("feed.xml"), *out.rglob("rss.xml"), out / "feed.json"]:
        assert (again / path.relative_to(out)).read_bytes() == path.read_bytes(), path


def test_entry_memo_gives_the_same_feeds(tmp_path, out, monkeypatch):
    """Each entry's head is made once per worker (feeds._head): a full-content site feed and the
    summary-only tag feeds share heads, and a memo emptied at every entry changes no byte; nor
    does making a feed's entries again for its other format (feeds.entries' memo) instead of once."""
    monkeypatch.setattr("sitegen.feeds.ENTRY_MEMO", 0)
    monkeypatch.setattr("sitegen.feeds.ENTRIES_MEMO", 0)
    again = build(tmp_path / "again")
    feeds = [*out.rglob("feed.xml"), *out.rglob("rss.xml")]
    assert len(feeds) > 4 and any("<content" in p.read_text() for p in feeds)
    for path in feeds:
        assert (again / path.relative_to(out)).read_bytes() == path.read_bytes(), path


def test_entries_limit_and_summary_only(tmp_path):
    out = build(tmp_path / "site", "[feeds]\nentries = 2\nfull_content = false\n")
    for name in ("feed.xml", "rss.xml"):
        feed = parse(out / name)
        assert [e.title for e in feed.entries] == ["Russia and Iran sign a partnership treaty",
                                                   "Harbour reopens after the storm"]
        assert feed.entries[0].summary == "A strategic agreement amid sanctions."
        assert "content" not in feed.entries[0] or "Pezeshkian" not in feed.entries[0].content[0].value
    items = json.loads((out / "feed.json").read_text())["items"]
    assert items[0]["content_text"] == "A strategic agreement amid sanctions." and "content_html" not in items[0]


def test_a_pinned_story_leads_the_front_page_but_every_feed_stays_by_date(tmp_path, out):
    """A pin is an editor's choice for the front, not news: a feed reader sees no entry move."""
    files = {**ARTICLES, "content/nasty.md": ARTICLES["content/nasty.md"].replace("\ndate:", "\npinned: true\ndate:", 1),
             "content/harbour.md": ARTICLES["content/harbour.md"].replace("\ndate:", "\npinned: true\ndate:", 1)}
    pinned = build(tmp_path / "site", files=files)
    front = (pinned / "index.html").read_text(encoding="utf-8")
    assert front.index("harbour-reopens") < front.index("tom-jerry") < front.index("russia-and-iran")
    for name in ("feed.xml", "rss.xml", "tags/iran/feed.xml", "authors/john-roe/rss.xml"):
        assert [e.title for e in parse(pinned / name).entries] == [e.title for e in parse(out / name).entries], name
    assert [e.title for e in parse(pinned / "feed.xml").entries] == [
        "Russia and Iran sign a partnership treaty", "Harbour reopens after the storm", NASTY]
    items = json.loads((pinned / "feed.json").read_text())["items"]
    assert [i["title"] for i in items] == [i["title"] for i in json.loads((out / "feed.json").read_text())["items"]]
    for name in ("feed.xml", "rss.xml", "feed.json", "sitemap.xml"):
        assert (pinned / name).read_bytes() == (out / name).read_bytes(), name


def _as_shown(detail) -> str:
    """A feed text as a reader shows it: HTML's tags dropped and its entities decoded, text as it is."""
    import html
    return html.unescape(re.sub(r"<[^>]*>", "", detail.value)) if detail.type == "text/html" else detail.value


@pytest.mark.parametrize("name", ["feed.xml", "rss.xml"])
def test_a_summary_s_angle_brackets_survive_in_every_format(tmp_path, name):
    """RSS's <description> is HTML, entity-encoded: escaped once, '<tags>' reached readers as a tag,
    and they dropped it ('Water at the  dam', review38c). The channel's description likewise."""
    out = build(tmp_path / "site", '[feeds]\nfull_content = false\n', files={**ARTICLES, "site.toml": (
        f'[site]\ntitle = "Harbour Times"\ndescription = "News <old> & new"\nbase_url = "{BASE}"\n'
        '[search]\nenabled = false\n[feeds]\nfull_content = false\n')})
    feed = parse(out / name)
    nasty = next(e for e in feed.entries if e.title == NASTY)
    assert _as_shown(nasty.summary_detail) == "Control  characters and <tags> & ampersands from a seed."
    assert _as_shown(feed.feed.subtitle_detail) == "News <old> & new"


def test_summary_only_falls_back_to_an_excerpt(tmp_path):
    files = {"content/a.md": "---\ntitle: No summary\ndate: 2025-01-18T10:00:00+00:00\n---\n"
                             "First *paragraph* & more.\n\nSecond.\n"}
    out = build(tmp_path / "site", "[feeds]\nfull_content = false\n", files)
    entry = parse(out / "feed.xml").entries[0]
    assert entry.summary == "First paragraph & more. Second."


def test_a_site_without_articles_has_valid_empty_feeds(tmp_path):
    out = build(tmp_path / "site", files={})
    for name in ("feed.xml", "rss.xml"):
        assert parse(out / name).entries == []
    assert json.loads((out / "feed.json").read_text())["items"] == []


def test_entry_ids_take_each_base_urls_own_host():
    """feeds._host is memoised by the base URL itself: two sites built in one process (a watcher
    after a config change, the tests) never share a host."""
    from sitegen.feeds import _host
    assert _host("https://a.example/") == "a.example"
    assert _host("https://b.example/news/") == "b.example"
    assert _host("https://a.example/") == "a.example"
    assert _host("file:///srv/site/") == "localhost"


_ZONES = [None, timezone.utc, timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=3, minutes=7, seconds=9)),
          ZoneInfo("Europe/Paris"), ZoneInfo("America/St_Johns"), ZoneInfo("Pacific/Kiritimati")]


@settings(max_examples=400, deadline=None)
@given(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)), st.sampled_from(_ZONES),
       st.booleans())
def test_rfc822_is_email_utils_format_datetime(when, zone, fold):
    """RSS dates are made without importing email.utils (sitegen/feeds.py): the same text as
    email.utils.format_datetime, for naive and aware times, odd offsets, DST folds, years < 1000."""
    from email.utils import format_datetime
    when = when.replace(tzinfo=zone, fold=int(fold))
    try:   # an offset with seconds is written as UTC: RFC 822's zone has four digits (on_the_minute)
        expected = format_datetime(on_the_minute(when).replace(microsecond=0))
    except (OverflowError, ValueError):  # an offset that leaves datetime's range: both fail
        with pytest.raises((OverflowError, ValueError)):
            rfc822(when)
        return
    assert rfc822(when) == expected
    assert re.fullmatch(r".* [+-]\d{4}", rfc822(when))   # four digits ('-0000': a naive time)


def test_a_zone_offset_with_seconds_is_written_as_utc_in_every_stamp(tmp_path):
    """Local mean time (Berlin's +00:53:28 before 1893): a stamp's offset has hours and minutes
    only in RFC 3339, RFC 822, W3C datetime and HTML. The offset was written with its seconds, so
    the sitemap failed the sitemaps.org schema, RSS said '+005328' and feedparser read 09:07
    for 09:06:32. The page still shows the local time."""
    import xmlschema
    from lxml import html as lxml_html
    story = ("---\ntitle: Alt\ndate: 1890-05-01 10:00\nupdated: 1890-05-02 10:00\nslug: alt\n"
             "corrections:\n  - date: 1890-05-03 10:00\n    text: Name fixed.\n---\nText.\n")
    toml = f'[site]\ntitle = "T"\nbase_url = "{BASE}"\nlanguage = "de"\ntimezone = "Europe/Berlin"\n[search]\nenabled = false\n'
    out = build(tmp_path / "site", files={"site.toml": toml, "content/alt.md": story})
    published, updated = (1890, 5, 1, 9, 6, 32), (1890, 5, 3, 9, 6, 32)   # the correction is the last change
    for name in ("feed.xml", "rss.xml"):
        entry = parse(out / name).entries[0]
        assert tuple(entry.published_parsed[:6]) == published, name
    assert tuple(parse(out / "feed.xml").entries[0].updated_parsed[:6]) == updated
    item = check_json_feed(out / "feed.json")["items"][0]
    assert (item["date_published"], item["date_modified"]) == ("1890-05-01T09:06:32+00:00", "1890-05-03T09:06:32+00:00")
    xmlschema.XMLSchema(Path(__file__).parent / "schemas" / "sitemap.xsd").validate(str(out / "sitemap.xml"))
    assert "<lastmod>1890-05-03T09:06:32+00:00</lastmod>" in (out / "sitemap.xml").read_text()
    page = lxml_html.fromstring((out / "1890/05/alt/index.html").read_bytes())
    assert page.xpath("//time/@datetime") == [
        "1890-05-01T09:06:32+00:00", "1890-05-02T09:06:32+00:00", "1890-05-03T09:06:32+00:00"]
    assert "10:00" in page.xpath("string(//time[1])")   # shown in the zone's own time
    data = json.loads(page.xpath("//script[@type='application/ld+json']/text()")[0])
    data = next(d for d in data.get("@graph", [data]) if d.get("datePublished"))
    assert (data["datePublished"], data["dateModified"]) == ("1890-05-01T09:06:32+00:00", "1890-05-03T09:06:32+00:00")
    written = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.suffix in (".xml", ".json", ".html"))
    assert "00:53:28" not in written and "005328" not in written


def test_a_remote_pictures_address_with_spaces_is_one_url_everywhere_it_is_published(tmp_path):
    """image: https://cdn.example.com/a b.jpg?x=1&y=2 went into the enclosures, og:image and JSON-LD
    with its space (no URL); now it is percent-encoded the same way in each, and on the page."""
    from lxml import html as lxml_html
    story = ("---\ntitle: Bild\ndate: 2025-01-18T10:00:00+00:00\nslug: bild\n"
             "image: https://cdn.example.com/fotos/a b ä.jpg?x=1&y=2\n---\nText.\n")
    out = build(tmp_path / "site", files={"content/bild.md": story})
    url = "https://cdn.example.com/fotos/a%20b%20%C3%A4.jpg?x=1&y=2"
    rss = parse(out / "rss.xml").entries[0]
    atom = parse(out / "feed.xml").entries[0]
    assert [e.href for e in rss.enclosures] == [url] == [e.href for e in atom.enclosures]
    assert check_json_feed(out / "feed.json")["items"][0]["image"] == url
    page = lxml_html.fromstring((out / "2025/01/bild/index.html").read_bytes())
    assert page.xpath("//meta[@property='og:image']/@content") == [url]
    assert page.xpath("//meta[@name='twitter:image']/@content") == [url]
    data = json.loads(page.xpath("//script[@type='application/ld+json']/text()")[0])
    data = next(d for d in data.get("@graph", [data]) if d.get("image"))
    assert data["image"] == [url]
    assert page.xpath("//article//img/@src") == [url]


def test_a_build_never_imports_email(tmp_path):
    """email.utils (its charsets and encoders) was imported only for RSS dates."""
    import subprocess
    import sys
    code = ("import sys; from sitegen.build import preload; preload(); import sitegen.feeds, sitegen.render; "
            "print(sorted(m for m in sys.modules if m == 'email' or m.startswith('email.')))")
    import sitegen
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           cwd=Path(sitegen.__file__).parent.parent).stdout  # this checkout's sitegen
    assert found.strip() == "[]"


def test_x_skips_only_text_it_would_leave_as_it_is():
    """x()'s shortcut (no '&<>"' and printable, or no forbidden character: the text is returned)
    holds for every character of the Basic Multilingual Plane and a few beyond it, alone and in
    text, memoised or not."""
    from sitegen import feeds

    def slow(text: str) -> str:  # x() without the shortcut
        text = feeds._NOT_XML.sub("", text)
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")

    for c in map(chr, [*range(0x10000), 0x10000, 0x1F600, 0x10FFFF]):
        assert feeds._x(c) == slow(c), hex(ord(c))
        assert feeds._x(f"a {c}b\n") == slow(f"a {c}b\n")  # not printable: the forbidden characters' search
        assert feeds.x(f"a {c}b") == slow(f"a {c}b")


def test_x_memo_tells_markup_from_text():
    """x() is memoised by value and type: Markup's replace() escapes its arguments, so a Markup
    and an equal str are escaped differently (x_body passes str) and never share an entry."""
    from markupsafe import Markup
    from sitegen import feeds
    assert feeds.x("a & b") == "a &amp; b"
    assert feeds.x(Markup("a & b")) == Markup("a & b").replace("&", "&amp;")
    assert feeds.x("a & b") == "a &amp; b"


@given(st.text())
@settings(max_examples=2000, deadline=None)
def test_x_equals_its_formula(text):
    from sitegen import feeds
    expected = feeds._NOT_XML.sub("", text)
    expected = expected.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    assert feeds.x(text) == expected


def test_feed_entries_and_info_are_tuples_read_by_name():
    """Entry and FeedInfo are named tuples (made in C: a frozen dataclass set each field through
    object.__setattr__, ~3k instructions an entry, 7 entries a feed), as immutable as before."""
    from sitegen import feeds
    info = feeds.FeedInfo("T", "D", "https://e.org/feed.xml", "https://e.org/", "en", None, "P")
    entry = feeds.Entry(None, "tag:e.org,2025-01-01:/x/", "", "S")
    assert isinstance(info, tuple) and isinstance(entry, tuple)
    assert (info.title, info.updated, entry.id, entry.summary) == ("T", None, "tag:e.org,2025-01-01:/x/", "S")
    with pytest.raises(AttributeError):
        entry.summary = "changed"


def test_a_body_link_to_another_storys_file_is_that_storys_address_in_every_feed(tmp_path):
    files = {"content/world/treaty.md": ARTICLES["content/treaty.md"].replace(
                 "on **Friday**.", "on **Friday**, after [the harbour reopened](../harbour.md#the-quay)."),
             "content/harbour.md": ARTICLES["content/harbour.md"]}
    out = build(tmp_path / "site", files=files)
    harbour = BASE + "2025/01/harbour-reopens-after-the-storm/#the-quay"
    for name in ("feed.xml", "rss.xml"):
        entry = next(e for e in parse(out / name).entries if e.title.startswith("Russia"))
        assert f'<a href="{harbour}">the harbour reopened</a>' in entry.content[0].value, name
    item = next(i for i in check_json_feed(out / "feed.json")["items"] if i["title"].startswith("Russia"))
    assert f'<a href="{harbour}">the harbour reopened</a>' in item["content_html"]
    page = (out / "2025/01/russia-and-iran-sign-a-partnership-treaty/index.html").read_text(encoding="utf-8")
    assert '<a href="/news/2025/01/harbour-reopens-after-the-storm/#the-quay">the harbour reopened</a>' in page


MOVED = {"content/strike.md": """---
title: Port workers vote to strike
date: 2025-01-18T10:00:00+00:00
tags: [Port]
slug: port-strike
---
The vote was close.
"""}


def _ids(out: Path) -> dict[str, str]:
    """The one story's entry id in each feed (XML and JSON) of the site, by feed file."""
    found = {}
    for path in [*out.rglob("feed.xml"), *out.rglob("rss.xml")]:
        found |= {path.relative_to(out).as_posix(): e.id for e in parse(path).entries}
    found |= {"feed.json": i["id"] for i in json.loads((out / "feed.json").read_text())["items"]}
    return found


@pytest.mark.parametrize("alias", ["/2025/01/port-strike/", "/news/2025/01/port-strike/"])  # as copied with the sub-path
def test_a_story_moved_with_its_old_address_kept_keeps_its_entry_id(tmp_path, alias):
    """Atom's id is the entry's for good (RFC 4287 4.2.6: it must not change when the entry is
    relocated), and readers tell a new story from one they have by it: a new slug changed the id
    (it was built from the address), so feed readers showed the strike again as a new story. With
    the old address kept under 'aliases:', the id keeps to the first one listed."""
    before = _ids(build(tmp_path / "before", files=MOVED))
    moved = MOVED["content/strike.md"].replace("slug: port-strike\n", f"slug: port-strike-called\naliases: [{alias}]\n")
    out = build(tmp_path / "after", files={"content/strike.md": moved})
    assert (out / "2025/01/port-strike-called/index.html").is_file()
    assert _ids(out) == before and len(before) == 5   # the site's Atom, RSS and JSON, the topic's Atom and RSS
    assert set(before.values()) == {"tag:example.org,2025-01-18:/2025/01/port-strike/"}


@pytest.mark.parametrize("slug, aliases", [("port-strike", "[/b/]"),
                                           ("port-strike-called", "[/strike/, /2025/01/port-strike/]")])
def test_an_alias_that_was_never_a_story_s_address_does_not_become_its_id(tmp_path, slug, aliases):
    """A short link ('/b/') under 'aliases:' made it the id (final32): feed readers showed the
    story again. Only an alias shaped like a story's address under the permalink counts."""
    before = _ids(build(tmp_path / "before", files=MOVED))
    linked = MOVED["content/strike.md"].replace("slug: port-strike\n", f"slug: {slug}\naliases: {aliases}\n")
    assert _ids(build(tmp_path / "after", files={"content/strike.md": linked})) == before


def _converted_undated(root: Path) -> Path:
    """The undated seed converted into root/content/ (the day of FIXED_NOW stands in), as an editor's checkout has it."""
    from sitegen.convert import convert_all
    write_files(root, {"site.toml": f'[site]\ntitle = "Harbour Times"\nbase_url = "{BASE}"\n[search]\nenabled = false\n',
                       "seeds/u.txt": (Path(__file__).parent / "fixtures/convert/undated.txt").read_text("utf-8")})
    (path,) = convert_all(load_config(root), now=FIXED_NOW).written
    return path


@pytest.mark.parametrize("date, aliased", [("2025-01-18T09:00:00+00:00", False),    # the same month: same address
                                           ("2024-12-28T09:00:00+00:00", True)])    # moved, old address kept
def test_setting_the_real_date_of_a_stand_in_dated_story_keeps_its_entry_id(tmp_path, date, aliased):
    """The build's warning asks for the real date and the date_source line deleted; the id was
    built from the date, so feed readers showed the story again as a new one (review38c), with its
    address unchanged, and with the moved address's old one under 'aliases:' as the README says.
    Each build here is a clean checkout's (no cache): the converter's feed_id_date is the memory."""
    story = _converted_undated(tmp_path / "editor")
    text = story.read_text("utf-8")
    assert "\nfeed_id_date: 2025-01-20\n" in text
    before = _ids(build(tmp_path / "before", files={f"content/{story.name}": text}))
    assert set(before.values()) == {f"tag:example.org,2025-01-20:/2025/01/{story.stem}/"} and len(before) == 3
    fixed = re.sub(r"\ndate: .*\n", f"\ndate: {date}\n", text).replace("date_source: first-conversion\n", "")
    if aliased:
        fixed = fixed.replace("\nslug:", f"\naliases: [/2025/01/{story.stem}/]\nslug:", 1)
    out = build(tmp_path / "after", files={f"content/{story.name}": fixed})
    assert (out / f"{date[:4]}/{date[5:7]}/{story.stem}/index.html").is_file()
    assert _ids(out) == before


def test_a_story_s_feed_id_date_names_the_day_of_its_entry_id(tmp_path):
    """Written by hand too: a stated date fixed later keeps its id with the old day there."""
    dated = MOVED["content/strike.md"].replace("date: 2025-01-18T10:00:00+00:00",
                                               "date: 2025-01-17T10:00:00+00:00\nfeed_id_date: 2025-01-18")
    assert set(_ids(build(tmp_path / "site", files={"content/strike.md": dated})).values()) == {
        "tag:example.org,2025-01-18:/2025/01/port-strike/"}


def _notes_of(root: Path, text: str) -> list[str]:
    """The notes of a build of `root` (its site.toml as build() writes it) with content/strike.md now `text`."""
    write_files(root, {"content/strike.md": text})
    result = Builder(load_config(root), BuildOptions()).build(now=FIXED_NOW)
    assert result.ok, result.errors
    return result.notes


def test_a_published_storys_day_changed_without_feed_id_date_gets_a_note_with_the_line_that_keeps_its_id(tmp_path):
    """review41f: a date set to another day changed the entry id (every reader showed the story again
    as new) and the build said nothing (same month), or asked only for 'aliases:', which does not keep
    the id (a new month). The build knows the old day from the last one (the cache); a build with no
    history says nothing. The line the note gives, added, brings the old id back."""
    root = tmp_path / "site"
    before = _ids(build(root, files=MOVED))
    text = MOVED["content/strike.md"]
    day_before = text.replace("date: 2025-01-18T10:00:00+00:00", "date: 2025-01-17T10:00:00+00:00")
    [note] = _notes_of(root, day_before)
    assert note == ("content/strike.md:3: the story's day changed from 2025-01-18 to 2025-01-17, and with it the id "
                    "of its feed entries, so feed readers show it again as new; add the line 'feed_id_date: "
                    "2025-01-18' (beside date:) to keep the id")
    assert set(_ids(root / "public").values()) == {"tag:example.org,2025-01-17:/2025/01/port-strike/"}
    line = note.split("add the line '")[1].split("'")[0]
    assert _notes_of(root, day_before.replace("tags:", f"{line}\ntags:")) == [] and _ids(root / "public") == before
    write_files(tmp_path / "clean", {"site.toml": (root / "site.toml").read_text(encoding="utf-8")})
    assert _notes_of(tmp_path / "clean", day_before) == []                  # no history: no note
    # a new month: the move note gives the alias and the id's line; with the alias, the id's note alone
    _notes_of(root, text)
    last_year = text.replace("date: 2025-01-18T10:00:00+00:00", "date: 2024-12-28T10:00:00+00:00")
    [moved] = _notes_of(root, last_year)
    assert moved == ("content/strike.md:3: this story moved from /2025/01/port-strike/ to /2024/12/port-strike/, so "
                     "links already shared to the old address now get 404; list it under 'aliases:' (aliases: "
                     "[/2025/01/port-strike/]) to keep them working, and add the line 'feed_id_date: 2025-01-18' to "
                     "keep its feed entries' id (feed readers show it again as new)")
    _notes_of(root, text)
    [kept] = _notes_of(root, last_year.replace("tags:", "aliases: [/2025/01/port-strike/]\ntags:"))
    assert kept.startswith("content/strike.md:3: the story's day changed from 2025-01-18 to 2024-12-28")


def test_a_new_headline_that_moves_a_story_in_a_feed_says_feed_readers_see_it_again_as_new(tmp_path):
    """review44j: a retitled story (no slug:) moved, and its entries' id with it (the id is its first
    address): every reader showed it again as new, but the note spoke only of links getting 404.
    The alias it gives, added, brings the old id back."""
    root = tmp_path / "site"
    untitled = MOVED["content/strike.md"].replace("slug: port-strike\n", "")
    before = _ids(build(root, files={"content/strike.md": untitled}))
    retitled = untitled.replace("title: Port workers vote to strike", "title: Dockers vote to strike")
    [note] = _notes_of(root, retitled)
    assert note == ("content/strike.md:2: this story moved from /2025/01/port-workers-vote-to-strike/ to "
                    "/2025/01/dockers-vote-to-strike/, so links already shared to the old address now get 404; list it "
                    "under 'aliases:' (aliases: [/2025/01/port-workers-vote-to-strike/]) to keep them working, and its "
                    "feed entries' id, which follows the address: until the alias is added, feed readers show it "
                    "again as new")
    assert _ids(root / "public") != before
    line = note.split("(aliases: ")[1].split(")")[0]
    assert _notes_of(root, retitled.replace("tags:", f"aliases: {line}\ntags:")) == []
    assert _ids(root / "public") == before


def test_a_story_without_aliases_keeps_its_address_as_its_id(tmp_path):
    out = build(tmp_path / "site", files=MOVED)
    assert set(_ids(out).values()) == {"tag:example.org,2025-01-18:/2025/01/port-strike/"}


def test_a_full_content_entry_shows_the_storys_corrections(out):
    """A correction is published for the readers who saw the error: those who read the story in
    their feed reader saw it there, and the entry (whose updated moved with the correction) showed
    the corrected body with no word of what was corrected. Each feed format carries the page's list."""
    atom = next(e for e in parse(out / "feed.xml").entries if e.title.startswith("Russia"))
    rss = next(e for e in parse(out / "rss.xml").entries if e.title.startswith("Russia"))
    item = next(i for i in json.loads((out / "feed.json").read_text())["items"] if i["title"].startswith("Russia"))
    for html_ in (atom.content[0].value, rss.content[0].value, item["content_html"]):
        assert "<h2>Corrections</h2>" in html_
        assert re.search(r'<li><time datetime="2025-01-19T08:30:00\+00:00">[^<]*2025[^<]*</time>: '
                         r"An earlier version misspelt a name.</li>", html_), html_
    harbour = next(e for e in parse(out / "feed.xml").entries if e.title.startswith("Harbour"))
    assert "Corrections" not in harbour.content[0].value


def test_a_correction_dated_by_its_day_alone_shows_no_time_of_day(tmp_path):
    """`corrections: - date: 2025-01-19` is a day: the page, the full-content feeds and the JSON-LD
    showed it as '12:00 AM' / 'T00:00:00', a time nobody gave (month33)."""
    dated = MOVED["content/strike.md"].replace(
        "slug: port-strike\n", "slug: port-strike\ncorrections:\n  - date: 2025-01-19\n    text: The vote count was wrong.\n")
    out = build(tmp_path / "site", files={"content/strike.md": dated})
    page = (out / "2025/01/port-strike/index.html").read_text()
    item = re.search(r'<li><time datetime="([^"]*)"[^>]*>([^<]*)</time>: <span[^>]*>The vote count', page)
    assert item and item.group(1) == "2025-01-19", page
    assert "2025" in item.group(2) and ":" not in item.group(2) and "AM" not in item.group(2)
    entry = parse(out / "feed.xml").entries[0].content[0].value
    assert '<li><time datetime="2025-01-19">' in entry and "12:00" not in entry, entry
    ld = [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)]
    assert [c["datePublished"] for d in ld if d.get("@type") == "NewsArticle" for c in d["correction"]] == ["2025-01-19"]


def test_an_excerpt_of_chinese_or_japanese_is_not_cut_back_to_its_one_space(tmp_path):
    """Chinese and Japanese have no spaces between words: an excerpt cut at the last space kept
    '米Apple…' of a 400-character Japanese paragraph that names 'Apple Watch' (its summary in the
    feed, and the page's meta and og:description). It ends after a punctuation mark now, near the
    limit; Latin text still ends at a whole word."""
    body = "米Apple Watchの新機能について、" + "東京の利用者は健康管理に役立つと話した。" * 20
    files = {"content/a.md": f"---\ntitle: 新機能\ndate: 2025-01-18T10:00:00+09:00\nlanguage: ja\n---\n{body}\n",
             "content/b.md": "---\ntitle: Words\ndate: 2025-01-17T10:00:00+00:00\n---\n" + "Harbour pilots " * 40 + "\n"}
    out = build(tmp_path / "site", "[feeds]\nfull_content = false\n", files)
    ja = parse(out / "ja/feed.xml").entries[0].summary
    en = parse(out / "feed.xml").entries[0].summary
    assert 200 < len(ja) <= 301 and ja.endswith("。…") and body.startswith(ja[:-1])
    assert en.endswith("pilots…") or en.endswith("Harbour…")
    assert len(en) <= 301


def test_cut_text_never_splits_a_character_from_its_mark():
    from sitegen.content import cut_text
    text = "e\u0301" * 200                        # é as e + combining acute: no space, no punctuation
    cut = cut_text(text, 51)
    assert cut.endswith("\u0301…") and len(cut) <= 52
    assert cut_text("short", 10) == "short"


def test_cut_text_cuts_a_latin_run_at_its_space_however_early():
    """final33b: a summary ending in a long address was cut inside it ('.../the-annual-flood-...…')
    where it was cut before it ('Read the report at…'); only a CJK run is cut at the limit."""
    from sitegen.content import cut_text
    url = "https://example.org/reports/" + "-".join(["the-annual-flood-defence-review"] * 6)
    assert cut_text(f"Read the report at {url} today.", 120) == "Read the report at…"
    ja = "米Apple " + "新型の腕時計を発表した。" * 20
    assert cut_text(ja, 40) == "米Apple " + "新型の腕時計を発表した。" * 2 + "…"   # after its last 。, as rtl33 made it
    assert cut_text("米Apple " + "新型の腕時計を発表" * 10, 40) == ("米Apple " + "新型の腕時計を発表" * 10)[:40] + "…"


THAI = ("กรุงเทพฯ วันนี้กรมอุตุนิยมวิทยาประกาศเตือนประชาชนให้ระวังฝนตกหนักและน้ำท่วมฉับพลันในหลายพื้นที่"
        "ของภาคกลางและภาคตะวันออกตลอดสัปดาห์นี้")
KHMER = "ភ្នំពេញ៖ ក្រសួងសុខាភិបាលបានប្រកាសថាការចាក់វ៉ាក់សាំងនឹងចាប់ផ្តើមនៅសប្តាហ៍ក្រោយនៅទូទាំងប្រទេសកម្ពុជា"


def test_cut_text_cuts_thai_and_khmer_as_it_cuts_chinese():
    """Thai, Lao, Burmese and Khmer space phrases, not words: an excerpt was cut at the first space,
    'กรุงเทพฯ…' (Bangkok) of a 60-character limit. Cut by characters now, as CJK is, never between
    a letter and its vowel sign or tone mark, after a Thai leading vowel nor after Khmer's coeng."""
    import unicodedata
    from sitegen.content import cut_text
    for text in (THAI, KHMER):
        for limit in range(30, 80):
            cut = cut_text(text, limit)
            kept = cut[:-1]
            assert cut.endswith("…") and text.startswith(kept) and limit - 4 <= len(kept) <= limit, (limit, cut)
            after, before = text[len(kept)], kept[-1]
            assert unicodedata.category(after) not in ("Mn", "Mc"), (limit, cut)
            assert before not in "\u17d2\u0e40\u0e41\u0e42\u0e43\u0e44", (limit, cut)
    assert cut_text("กรุงเทพฯ วันนี้ ฝนตก " + "หนัก" * 30, 100).startswith("กรุงเทพฯ วันนี้ ฝนตก หนัก")


def test_a_data_url_lead_picture_is_enclosed_as_its_published_copy(tmp_path):
    """review39e: a lead picture given as a data: URL went into the feeds as an enclosure,
    url="data:..." length="0" type="image/jpeg" (a PNG), and as JSON Feed's image: no feed reader
    fetches a picture from there. Since review55b 2 the lead is decoded and published as a file, as a
    data: picture of the text is (its EXIF GPS went out in every page): the feeds enclose that file."""
    pixel = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
             "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
    files = {**ARTICLES, "content/dot.md": (f"---\ntitle: A dot\ndate: 2025-01-19T10:00:00+00:00\nimage: {pixel}\n"
                                            "alt: One pixel\n---\nThe dot.\n")}
    out = build(tmp_path / "site", files=files)
    copy = re.compile(r"https://example\.org/news/images/a-dot\.[0-9a-f]+\.1\.png")
    for name in ("feed.xml", "rss.xml"):
        entries = {e.title: e for e in parse(out / name).entries}
        [enclosure] = entries["A dot"].enclosures
        assert copy.fullmatch(enclosure.href) and enclosure.type == "image/png", (name, enclosure)
        assert int(enclosure.length) == (out / enclosure.href.split("/news/", 1)[1]).stat().st_size
        assert entries["Harbour reopens after the storm"].enclosures, name   # a real picture keeps its own
    items = {i["title"]: i for i in check_json_feed(out / "feed.json")["items"]}
    assert copy.fullmatch(items["A dot"]["image"]) and "image" in items["Harbour reopens after the storm"]
    assert all("data:" not in (out / name).read_text(encoding="utf-8") for name in ("feed.xml", "rss.xml", "feed.json"))


@pytest.mark.parametrize("publisher, french", [("", "Le Courrier"), ('publisher = "Harbour Media"\n', "Harbour Media")])
def test_an_edition_feed_names_the_edition_as_its_author_as_its_json_ld_does(tmp_path, publisher, french):
    """/fr/feed.xml said <author><name>Harbour Times</name> (the main title) beside <title>Le
    Courrier</title>, while the JSON-LD publisher of the same stories was "Le Courrier" (review41b,
    fault 8). [site] publisher, when set, names one organisation for every edition."""
    story = ARTICLES["content/harbour.md"].replace("tags: [Weather]", "tags: [Weather]\nlanguage: fr")
    toml = (f'[site]\ntitle = "Harbour Times"\ntitles = {{ fr = "Le Courrier" }}\n{publisher}base_url = "{BASE}"\n'
            '[search]\nenabled = false\n')
    root = tmp_path / "site"
    write_files(root, {"site.toml": toml, "static/harbour.jpg": photo(1800, 1200),
                       "content/treaty.md": ARTICLES["content/treaty.md"], "content/harbour.md": story})
    config = load_config(root)
    result = Builder(config, BuildOptions()).build(now=FIXED_NOW)
    assert result.ok, result.errors
    public = config.path("output")
    for name in ("fr/feed.xml", "fr/tags/weather/feed.xml"):
        assert parse(public / name).feed.author == french, name
    assert check_json_feed(public / "fr/feed.json")["authors"][0]["name"] == french
    assert parse(public / "feed.xml").feed.author == (french if publisher else "Harbour Times")
    ld = re.findall(r'"publisher": \{[^}]*"name": "([^"]+)"', (public / "fr/index.html").read_text(encoding="utf-8"))
    assert ld and set(ld) == {french}, ld


@pytest.mark.parametrize("body, expected", [
    ('<p>See the <a href="/r">report</a>. It <em>matters</em>, say experts.</p>', "See the report. It matters, say experts."),
    ("<p>国会は<strong>火曜日</strong>、予算を成立させた。</p>\n<p>閣僚らは歓迎した。</p>", "国会は火曜日、予算を成立させた。閣僚らは歓迎した。"),
    ("<h2>Background</h2>\n<p>Trade grew.<br />\nA lot &amp; more.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>",
     "Background Trade grew. A lot & more. one two"),
    ("<p>A <PARAM x>b<hr/>c<DIV>d</DIV>e</p>", "A b c d e")])
def test_a_description_from_the_body_adds_no_space_at_inline_markup(body, expected):
    """excerpt made every tag a space: 'See the report . It matters , say experts.' and '国会は 火曜日
    、予算を' in the meta description, og/twitter descriptions, JSON-LD and every feed's summary of a
    story without summary: (review41b, fault 2). A block's end is a space; a Japanese one's is none."""
    from sitegen.feeds import excerpt
    assert excerpt(body) == expected


@pytest.mark.parametrize("body, expected", [
    ('<!-- legal: do not name the source -> not cleared --><p>Rain fell.</p>', "Rain fell."),
    ('<style>.dw{min-height:400px}</style><p>Rain fell.</p>', "Rain fell."),
    ('<script>if (a<b) document.write("</p>")</script><p>Rain fell.</p>', "Rain fell."),
    ('<figure><img src="a.jpg" alt=""><figcaption>Fire boats. Photo: Jane Doe</figcaption></figure><p>Rain fell.</p>',
     "Rain fell."),
    ('<p>Rain fell<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup>.</p>\n<hr class="footnotes-sep">\n'
     '<section class="footnotes">\n<ol class="footnotes-list">\n<li id="fn1">Met Office.</li>\n</ol>\n</section>',
     "Rain fell."),
    ("<table><tr><td><table><tr><td>SPD</td></tr></table>120</td></tr></table><p>The vote.</p>", "The vote."),
    ("<pre><code>x = 1\ny = 2\n</code></pre>\n<p>After.</p>", "After."),
    ("<p>He said <iframe src=x>fallback</iframe> more.</p>", "He said more."),
    ("<p>部长说：“预算通过了。”</p><p>议员们表示欢迎。</p>", "部长说：“预算通过了。”议员们表示欢迎。"),
    ("<p>He said “yes.”</p><p>Next.</p>", "He said “yes.” Next.")])
def test_a_description_leaves_out_what_the_lede_leaves_out(body, expected):
    """The description of a story without summary read scripts, styles, a comment's tail, photo
    captions, footnote marks, tables and code (review41a fault 1, review41m faults 1 and 5), and
    put a space after a Chinese paragraph ending in a closing quote."""
    from sitegen.feeds import excerpt
    assert excerpt(body) == expected


def test_a_long_bodys_description_reads_as_far_as_it_needs(tmp_path):
    """excerpt reads the body's first 3,000 characters of markup when they hold the excerpt's text,
    else the whole body: either way the text is the whole body's start."""
    from sitegen.feeds import EXCERPT_CHARS, excerpt
    picture = '<p><img src="a.jpg" srcset="' + "a.jpg 480w, " * 400 + '" alt=""></p>\n'
    words = "<p>" + "The <em>council</em> met again today. " * 40 + "</p>\n"
    for body in (words, picture + words, picture * 3 + words):
        said = excerpt(body)
        assert said.startswith("The council met again today. The council") and len(said) <= EXCERPT_CHARS + 1


def test_a_storys_description_from_its_body_reads_as_the_page_does_in_every_file(tmp_path):
    files = {"content/budget.md": "---\ntitle: Budget passes\ndate: 2025-01-18T10:00:00+00:00\n---\n"
                                  "See the [report](https://example.org/r). It *matters*, say experts.\n"}
    out = build(tmp_path / "site", files=files)
    said = "See the report. It matters, say experts."
    page = (out / "2025/01/budget-passes/index.html").read_text(encoding="utf-8")
    assert f'<meta name="description" content="{said}">' in page
    assert f'"description": "{said}"' in page
    assert parse(out / "feed.xml").entries[0].summary == said
    assert parse(out / "rss.xml").entries[0].summary == said
    assert check_json_feed(out / "feed.json")["items"][0]["summary"] == said


@pytest.mark.parametrize("body, expected", [
    ('<p>See the chart <picture><img src="a.png" alt="chart"></picture>.</p>', "See the chart."),
    ('<p>Siehe Karte und <img src="a.png" alt="">, und <a href="/l/"><img src="b.png" alt=""></a>!</p>',
     "Siehe Karte und, und!"),
    ('<p>See the map <video src="v.mp4">No video.</video>; and the list <iframe src="x"></iframe>.</p>'
     "<p>Then <em>more</em> .</p>", "See the map; and the list. Then more ."),   # an author's own space stays
])
def test_an_excerpt_leaves_no_space_before_a_full_stop_where_a_picture_stood(body, expected):
    """review43a fault 6: the space before a picture or embedded media stayed when its text was left out,
    'See the chart .' in feed summaries and meta descriptions."""
    from sitegen.feeds import excerpt
    assert excerpt(body) == expected


def test_a_story_with_no_text_to_excerpt_is_whole_in_a_summary_only_feed(tmp_path):
    """review43a fault 3: tag and author feeds are summary-only by default, and a story whose body is
    only a table, a figure or code had an empty summary and no content there: an empty entry."""
    files = {"content/results.md": "---\ntitle: Results\nauthors: [Jane Roe]\ntags: [Election]\n"
                                   "date: 2025-01-18T10:00:00+00:00\n---\n| Party | Seats |\n|---|---|\n| Blue | 12 |\n",
             "content/words.md": "---\ntitle: Words\ntags: [Election]\ndate: 2025-01-17T10:00:00+00:00\n---\nSome text.\n"}
    out = build(tmp_path / "site", files=files)
    for path in ("tags/election/feed.xml", "tags/election/rss.xml", "authors/jane-roe/feed.xml"):
        results, *rest = parse(out / path).entries
        assert "<td>Blue</td>" in results.content[0].value, path
        assert all("content" not in e and e.summary == "Some text." for e in rest), path   # others: summaries still


def test_a_right_to_left_storys_feed_content_says_so(tmp_path):
    """review43a fault 4: the page says <html dir="rtl">, but the Atom content, RSS content:encoded and
    JSON content_html were bare paragraphs, laid out left to right by a feed reader."""
    files = {"content/en.md": "---\ntitle: Flood\ndate: 2025-01-18T08:00:00+00:00\n---\n\nThe river rose.\n",
             "content/ar.md": "---\ntitle: فيضان\ndate: 2025-01-18T09:00:00+00:00\nlanguage: ar\n---\n\n"
                              "ارتفع النهر 3 أمتار، قالت BBC.\n"}
    out = build(tmp_path / "site", files=files)
    atom = parse(out / "ar/feed.xml").entries[0].content[0].value
    rss = parse(out / "ar/rss.xml").entries[0].content[0].value
    js = json.loads((out / "ar/feed.json").read_text(encoding="utf-8"))["items"][0]["content_html"]
    for body in (atom, rss, js):
        assert body.startswith('<div dir="rtl" lang="ar"><p>ارتفع') and body.endswith("</div>"), body
    assert "dir=" not in parse(out / "feed.xml").entries[0].content[0].value


def test_hand_written_html_links_are_absolute_in_rss_and_json(tmp_path):
    """review43a fault 7: only double-quoted href, src and srcset were made absolute; a hand-written
    page's "<a href='#box'>", '<img src=chart.png>' and a video's poster stayed relative."""
    from sitegen.feeds import absolute_urls
    base = "https://example.org/news/2025/01/x/"
    body = ("<p>Set src=x here.</p><a href='#box'>box</a> <img src=chart.png alt=x> "
            '<video poster="p.jpg"><source src="v.mp4"></video> <A HREF="/news/a/">')
    assert absolute_urls(body, base) == (
        f"<p>Set src=x here.</p><a href='{base}#box'>box</a> <img src=\"{base}chart.png\" alt=x> "
        f'<video poster="{base}p.jpg"><source src="{base}v.mp4"></video> <A HREF="https://example.org/news/a/">')


def test_an_address_inside_a_quoted_value_or_a_script_is_no_attribute():
    """rf45b 7: absolute_urls matched ' href=' anywhere before a '>': '<span title="a href=/x">'
    became 'title="a href="https://example.org/x""' (broken markup in rss.xml and feed.json), and a
    script's string was rewritten. Tags are read as render reads them (feeds.rewrite_urls): a quoted
    value is whole, a comment and a raw-text element's text are left."""
    from sitegen.feeds import absolute_urls
    base = "https://example.org/news/2025/01/x/"
    body = ('<span title="a href=/x">t</span> <img alt=\'src=b.png\' src=a.png>'
            '<script>var s = \'<a href="/inscript/">\';</script><textarea><a href="/t/"></textarea>'
            '<!-- <a href="/draft/"> --><a href="/news/y/">y</a>')
    assert absolute_urls(body, base) == (
        f'<span title="a href=/x">t</span> <img alt=\'src=b.png\' src="{base}a.png">'
        '<script>var s = \'<a href="/inscript/">\';</script><textarea><a href="/t/"></textarea>'
        '<!-- <a href="/draft/"> --><a href="https://example.org/news/y/">y</a>')


def test_an_address_written_as_character_references_is_read_as_browsers_read_it():
    """rf45k 4: the scheme was looked for in the value as written, so an e-mail link written as
    entities (WordPress's antispambot) was made 'https://example.org/news/.../&#109;&#97;...' (a 404
    in every reader), and '&#47;archive/' (a root address) was joined to the story's. The value is
    decoded to decide; one with a scheme is left as written, a root one made absolute."""
    from sitegen.feeds import absolute_urls
    base = "https://example.org/news/2024/12/x/"
    mail = '<a href="&#109;&#97;&#105;&#108;&#116;&#111;&#58;desk&#64;example.org">Write to us</a>'
    assert absolute_urls(mail, base) == mail
    assert absolute_urls("<a href='&#x6D;ailto&colon;desk&#64;example.org'>m</a>", base) == (
        "<a href='&#x6D;ailto&colon;desk&#64;example.org'>m</a>")
    assert absolute_urls('<a href="&#47;news/archive/">a</a>', base) == (
        '<a href="https://example.org&#47;news/archive/">a</a>')   # read: https://example.org/news/archive/
    assert absolute_urls('<img srcset="&#47;a.jpg 1x, b.jpg 2x">', base) == (
        f'<img srcset="https://example.org&#47;a.jpg 1x, {base}b.jpg 2x">')
    # changed otherwise than by a prefix ('../'): the address made is written escaped
    assert absolute_urls('<a href="../y/?a=1&amp;b=&quot;2">r</a>', base) == (
        '<a href="https://example.org/news/2024/12/y/?a=1&amp;b=&quot;2">r</a>')
    for plain in ('<a href="/news/q?a=1&amp;b=2">q</a>', '<a href="/news/p?x=1&copy=2">c</a>'):  # as before
        assert absolute_urls(plain, base) == plain.replace('"/news/', '"https://example.org/news/')


def test_comments_cdata_and_bogus_comments_end_where_browsers_end_them():
    """rf45k 6: '<!-->' (an empty comment to a browser) hid every tag up to the next '-->', so the
    address after it stayed relative; '<![CDATA[ ...>', '<!x ...>' and '<?x ...>' (bogus comments, to
    the first '>') had the addresses inside them rewritten. The excerpt reads comments alike."""
    from sitegen.feeds import absolute_urls, excerpt
    base = "https://example.org/news/2025/01/x/"
    for empty in ("<!-->", "<!--->", "<!-- a --!>"):
        assert absolute_urls(f'{empty}<a href="/news/y/">y</a><!-- c -->', base) == (
            f'{empty}<a href="https://example.org/news/y/">y</a><!-- c -->'), empty
    for bogus in ('<![CDATA[ <a href="/x"> ]]>', '<!x <a href="/y/">>', '<?php <a href="/z"> ?>'):
        assert absolute_urls(bogus + '<a href="/w/">', base) == bogus + '<a href="https://example.org/w/">', bogus
    assert absolute_urls('<!DOCTYPE html><!-- <a href="/d/"> --><a href=/e/>', base) == (
        '<!DOCTYPE html><!-- <a href="/d/"> --><a href="https://example.org/e/">')
    assert excerpt("<p>One.</p><!--><p>Two.</p><!-- hidden --><p>Three.</p>") == "One. Two. Three."


_PIECES = ['<script>', '</script>', '<script src="/a.js">', '<script/>', '<style>', '</style >', '<a href="/x">',
           '<a href=/y>', '<!--', '-->', '<!-->', '<textarea>', '</textarea>', '<img src=/p.jpg>', '"', "'", '<', '>',
           ' text ', '<title>', '</title>', '<SCRIPT>', '</SCRIPT>', '<p title="<script>">', '<![CDATA[', '\n', '=']


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14))
def test_the_one_pass_over_a_body_whose_raw_texts_hold_no_tag_reads_as_the_loop(pieces):
    """The feeds' fast path (a body whose scripts and styles hold no '<', as an embed's
    '<script src=...></script>': one regex pass, not a Python loop a tag) gives the loop's bytes."""
    from sitegen.feeds import rewrite_urls
    html = "".join(pieces)
    one = lambda url: "X" + url   # noqa: E731
    assert rewrite_urls(html, one, '"') == rewrite_urls(html, one, '"', [])   # [] : the loop, where raw text is


def test_an_editions_feeds_without_a_title_of_their_own_name_their_language(tmp_path):
    """review43a fault 8: an edition with no [site] titles entry named its feeds exactly as the main
    one's ('Harbour Times' twice, in feed readers and in the pages' autodiscovery links). They take
    the language's own name, as the switcher does; an edition with a title keeps it."""
    files = {"content/en.md": "---\ntitle: Flood\ndate: 2025-01-18T08:00:00+00:00\n---\n\nThe river rose.\n",
             "content/fr.md": "---\ntitle: Crue\ndate: 2025-01-18T09:00:00+00:00\nlanguage: fr\n---\n\nLe fleuve monte.\n",
             "content/de.md": "---\ntitle: Flut\ndate: 2025-01-18T09:00:00+00:00\nlanguage: de\n---\n\nDer Fluss steigt.\n"}
    out = build(tmp_path / "site", '[site.titles]\nde = "Hafenblatt"\n', files)
    for folder, name in (("", "Harbour Times"), ("fr/", "Harbour Times (Français)"), ("de/", "Hafenblatt")):
        assert parse(out / f"{folder}feed.xml").feed.title == name
        assert parse(out / f"{folder}rss.xml").feed.title == name
        assert json.loads((out / f"{folder}feed.json").read_text(encoding="utf-8"))["title"] == name
        page = (out / f"{folder}index.html").read_text(encoding="utf-8")
        assert f'type="application/atom+xml" title="{name}"' in page and f'title="{name} (RSS)"' in page


def test_a_raw_srcset_url_holding_a_comma_survives_into_rss_and_json(tmp_path):
    """rf44l fault 3: RSS and JSON Feed split a raw srcset at every comma, so a Cloudinary URL
    ('/w_640,h_480/a.jpg') or a data: URL ('base64,iVBOR..') was cut in two and its tail made an
    address of the article; the page (content.srcset_spans) was right. The feeds parse it the same way."""
    cloud = "https://res.cloudinary.com/x/w_640,h_480/a.jpg"
    data = "data:image/png;base64,iVBORw0KGgo="
    body = (f'<img alt="cloud" src="/static/a.jpg" srcset="{cloud} 640w, /static/w_960,h_720/b.jpg 960w">\n\n'
            f'<img alt="data" srcset="{data} 1x, /static/c.png 2x">\n')
    files = {"content/raw.md": f"---\ntitle: Raw\ndate: 2025-01-18T08:00:00+00:00\n---\n\nIntro.\n\n{body}"}
    out = build(tmp_path / "site", "[build]\nallow_html = true\n", files)
    parse(out / "rss.xml")   # valid; feedparser drops srcset from what it gives, so the file is read
    rss = html.unescape((out / "rss.xml").read_text(encoding="utf-8"))
    js = json.loads((out / "feed.json").read_text(encoding="utf-8"))["items"][0]["content_html"]
    for text in (rss, js):
        assert f'srcset="{cloud} 640w, https://example.org/news/static/w_960,h_720/b.jpg 960w"' in text, text
        assert f'srcset="{data} 1x, https://example.org/news/static/c.png 2x"' in text, text


def test_a_raw_address_whose_host_does_not_parse_leaves_the_feeds_and_the_build_standing(tmp_path):
    """feeds.rewrite_urls makes every schemeless address of a raw tag absolute with urljoin, which raises
    ValueError ('CDN_HOST' does not appear to be an IPv4 or IPv6 address) for a protocol-relative one with a
    bracketed name: a CMS placeholder left in a pasted embed. RSS and JSON Feed then failed, caught by the
    render catch-all as '/rss.xml: ValueError: ...', the build failed and public/ was left as it was,
    every other story's edit unpublished, the error naming no file. Expected: the feed keeps the address
    as written (it is no address of this site) or the story's file is named, and the rest builds."""
    body = '<p><img src="//[CDN_HOST]/chart.png" alt="chart"></p>\n'
    files = {"content/raw.md": f"---\ntitle: Raw\ndate: 2025-01-18T08:00:00+00:00\n---\n\nIntro.\n\n{body}",
             "content/ok.md": "---\ntitle: Fine\ndate: 2025-01-17T08:00:00+00:00\n---\n\nText.\n"}
    write_files(tmp_path, {"site.toml": f'[site]\ntitle = "T"\nbase_url = "{BASE}"\n[search]\nenabled = false\n'
                                        "[build]\nallow_html = true\n", **files})
    result = Builder(load_config(tmp_path), BuildOptions()).build(now=FIXED_NOW)
    assert not any("ValueError" in e for e in result.errors), result.errors
    assert all(e.startswith("content/raw.md") for e in result.errors), result.errors
    assert (tmp_path / "public" / "rss.xml").is_file() and (tmp_path / "public" / "feed.json").is_file()
    rss = html.unescape((tmp_path / "public" / "rss.xml").read_text(encoding="utf-8"))
    js = json.loads((tmp_path / "public" / "feed.json").read_text(encoding="utf-8"))["items"][0]["content_html"]
    assert 'src="//[CDN_HOST]/chart.png"' in rss and 'src="//[CDN_HOST]/chart.png"' in js   # kept as written


def test_a_link_whose_host_does_not_parse_is_kept_as_written_in_the_feeds(tmp_path):
    """No raw HTML needed: a Markdown link with an IPv6 literal of a group too many (markdown-it keeps
    the brackets) failed RSS, JSON Feed and the build (review49e). Such an address is not this site's,
    so the feeds keep it as written; the story and its feeds publish."""
    address = "//[1:2:3:4:5:6:7:8:9]/feed"
    files = {"content/link.md": f"---\ntitle: Link\ndate: 2025-01-18T08:00:00+00:00\n---\n\nSee [the camera]({address}).\n"}
    write_files(tmp_path, {"site.toml": f'[site]\ntitle = "T"\nbase_url = "{BASE}"\n[search]\nenabled = false\n', **files})
    result = Builder(load_config(tmp_path), BuildOptions()).build(now=FIXED_NOW)
    assert result.ok, result.errors
    rss = feedparser.parse((tmp_path / "public" / "rss.xml").read_bytes())
    assert not rss.bozo, rss.bozo_exception
    raw = re.search(r"<content:encoded>(.*?)</content:encoded>",   # as written: feedparser's sanitiser drops it
                    (tmp_path / "public" / "rss.xml").read_text(encoding="utf-8"), re.DOTALL)[1]
    js = json.loads((tmp_path / "public" / "feed.json").read_text(encoding="utf-8"))["items"][0]["content_html"]
    hrefs = [lxml_html.fromstring(text).xpath("//a/@href") for text in (html.unescape(raw), js)]
    assert hrefs == [[address], [address]], hrefs
def test_an_editions_feed_with_only_an_embargoed_story_is_not_updated_in_1970(tmp_path):
    """review49f 2: rf45j 4 ended '<updated>1970-01-01' for an edition whose stories are all drafts, but an edition
    whose only story is dated ahead (a German story embargoed until next week, the edition's first) still gets
    /de/feed.xml with <updated>1970-01-01T00:00:00+00:00</updated> (feeds.py's fallback when
    Site.newest_change is None): a reader's 'last updated' shows the feed 56 years stale, and a feed
    validator flags it. Expected: no 1970 anywhere, as for an edition of drafts (its newest change)."""
    files = {"harbour.md": "title: Harbour reopens\ndate: 2025-01-10T09:00:00Z\nlanguage: en\n",
             "hafen.md": "title: Hafen Embargo\ndate: 2025-02-01T09:00:00Z\nlanguage: de\n"}
    (tmp_path / "content").mkdir()
    (tmp_path / "site.toml").write_text('[site]\ntitle = "Courier"\nbase_url = "https://example.org/"\n'
                                        '[search]\nenabled = false\n', encoding="utf-8")
    for name, front in files.items():
        (tmp_path / "content" / name).write_text(f"---\n{front}---\nBody.\n", encoding="utf-8")
    result = Builder(load_config(tmp_path), BuildOptions()).build(now=FIXED_NOW)
    assert result.ok, result.errors
    feeds = [p for p in (tmp_path / "public").rglob("*") if p.name in ("feed.xml", "rss.xml", "feed.json")]
    assert (tmp_path / "public/de/feed.xml") in feeds   # kept, as rf45j 3 keeps a drafted edition's
    for path in feeds:
        assert b"1970" not in path.read_bytes(), path
        assert b"2025-02-01" not in path.read_bytes(), path   # nor the embargoed date, which would tell it
    german = (tmp_path / "public/de/feed.xml").read_text(encoding="utf-8")
    assert "<updated>2025-01-10T09:00:00+00:00</updated>" in german, german   # the site's newest published change
    assert "<lastBuildDate>" in (tmp_path / "public/de/rss.xml").read_text(encoding="utf-8")


def test_a_stand_in_date_is_not_published_as_when_the_story_was_published_in_any_feed(tmp_path):
    """A converted story whose seed gave no date carries the conversion day as a stand-in
    (date_source: first-conversion). JSON-LD and og leave datePublished out and the news sitemap
    leaves the story out (seo._dates, review43c: the conversion day 'presented an old story as
    today's news'), but Atom <published>, RSS <pubDate> and JSON Feed date_published, all three
    optional, still state it: an aggregator lists a 2019 archive story as published today."""
    story = ("---\ntitle: Old story from the archive\ndate: 2025-01-20\ndate_source: first-conversion\n"
             "slug: old\n---\nWritten in 2019.\n")
    out = build(tmp_path / "site", files={"content/old.md": story})
    page = (out / "2025/01/old/index.html").read_text("utf-8")
    assert "datePublished" not in page and "article:published_time" not in page   # the pages claim nothing
    atom, rss = parse(out / "feed.xml").entries[0], parse(out / "rss.xml").entries[0]
    item = check_json_feed(out / "feed.json")["items"][0]
    assert "published" not in atom
    assert "published" not in rss
    assert "date_published" not in item
    assert atom.updated == item["date_modified"] == "2025-01-20T00:00:00+00:00"   # Atom's required <updated> stays


def test_a_stand_in_dated_storys_later_change_is_stated_and_a_known_date_is_published(tmp_path):
    """The neighbours of review50c 1: a stand-in-dated story corrected later states that change as
    when it was modified (as its JSON-LD dateModified does), and a story whose date is its own keeps
    its publication date in all three feeds."""
    old = ("---\ntitle: Old story from the archive\ndate: 2025-01-20\ndate_source: first-conversion\n"
           "updated: 2025-01-21T08:00:00+00:00\nslug: old\n---\nWritten in 2019.\n")
    new = "---\ntitle: New story\ndate: 2025-01-19T09:00:00+00:00\nslug: new\n---\nToday.\n"
    out = build(tmp_path / "site", files={"content/old.md": old, "content/new.md": new})
    atom = {e.title: e for e in parse(out / "feed.xml").entries}
    rss = {e.title: e for e in parse(out / "rss.xml").entries}
    items = {i["title"]: i for i in check_json_feed(out / "feed.json")["items"]}
    stand_in, known = "Old story from the archive", "New story"
    assert "published" not in atom[stand_in] and "published" not in rss[stand_in]
    assert "date_published" not in items[stand_in]
    assert atom[stand_in].updated == items[stand_in]["date_modified"] == "2025-01-21T08:00:00+00:00"
    assert atom[known].published == items[known]["date_published"] == "2025-01-19T09:00:00+00:00"
    assert rss[known].published == "Sun, 19 Jan 2025 09:00:00 +0000"


@pytest.mark.parametrize("address, kind", [("https://cdn.example.net/p/lead.heic", "image/heic"),
                                           ("https://cdn.example.net/wire/AP-1234.tif", "image/tiff"),
                                           ("https://cdn.example.net/p/lead.png#v2", "image/png"),
                                           ("https://cdn.example.net/p/lead.WEBP?w=800#top", "image/webp"),
                                           ("https://cdn.example.net/v1.2/img/123?w=800", "image/jpeg")])
def test_a_remote_lead_pictures_enclosure_names_its_own_type_or_none(tmp_path, address, kind):
    """feeds._image_type reads the extension after the last '.' of the address without its query
    and calls every extension it does not list (.heic, .tif, .jxl, .bmp) image/jpeg, as it does an
    address with a fragment ('lead.png#v2'): the RSS enclosure and Atom link then say JPEG of an
    iPhone's HEIC or a photo desk's TIFF, and a reader that trusts the type fails to show it.
    Expected: the file's own type (mimetypes.guess_type knows both)."""
    story = (f"---\ntitle: Bild\ndate: 2025-01-18T10:00:00+00:00\nslug: bild\nimage: {address}\n"
             "alt: A harbour\n---\nText.\n")
    out = build(tmp_path / "site", files={"content/bild.md": story})
    rss = parse(out / "rss.xml").entries[0]
    atom = parse(out / "feed.xml").entries[0]
    assert [e.get("type") for e in rss.enclosures] == [kind]
    assert [e.get("type") for e in atom.enclosures] == [kind]


@pytest.mark.parametrize("unit, end", [("x<a ", ""), ("<a ", 'b="x>"'), ("<img alt='", "")],
                         ids=["letters-after-less-than", "quote-running-past-the-last-greater-than", "unclosed-quote"])
def test_rr53a_a_start_tag_without_its_end_is_read_once_not_at_each_later_less_than(unit: str, end: str) -> None:
    """rewrite_urls (the feeds' and render's reading of raw HTML) tried a start tag at each '<' + letter
    and read on to the body's end for its '>': a story ending in a raw block of 'x<a x<a ...' (maths
    pasted as HTML, a broken scrape) cost its length squared, 125 KB stopped /feed.json after 60 s
    of CPU in `sitegen build`. A tag with no '>' runs to the end, where a browser drops it, and is
    left as it is. Ratio of CPU times, 4x the text."""
    import time
    from sitegen.feeds import rewrite_urls

    def cpu(text: str) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            for open_raw in (None, []):
                assert rewrite_urls(text, lambda url: "/x/" + url, '"', open_raw) == text   # nothing to rewrite
            best = min(best, time.process_time() - start)
        return best
    lead = '<p><a href="story/">x</a></p>\n<div>\n'
    small, large = cpu("<p>x</p>\n<div>\n" + unit * 2000 + end), cpu("<p>x</p>\n<div>\n" + unit * 8000 + end)
    assert large < 8 * max(small, 2e-3), f"4x the text took {large / max(small, 2e-3):.1f}x the time ({small:.4f} s -> {large:.4f} s)"
    # a whole tag before it is rewritten still; the unfinished one and what follows it are as written
    tail = unit * 3 + end
    assert rewrite_urls(lead + tail, lambda url: "/x/" + url, '"') == '<p><a href="/x/story/">x</a></p>\n<div>\n' + tail


@pytest.mark.parametrize("unit", ["x<a ", "<b ", "1 < 2 "], ids=["letters-after-less-than", "tags-without-end", "less-than"])
def test_rr53a_a_bodys_text_after_its_last_tag_is_read_once_for_the_excerpt(unit: str) -> None:
    """feeds.excerpt read a body ending in raw 'x<a x<a ...' with _NAMED_TAG, which tried a tag at each
    '<' and read on to the end for its '>': its length squared (9.7 s of an 8,000-unit `sitegen build`,
    the rest of it linear). No tag can end after the last '>': each '<' there is text. Ratio of CPU
    times, 4x the text; the text is the same as before (a comment there still runs to the end)."""
    import time
    from sitegen.feeds import excerpt

    def cpu(text: str) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            excerpt(text)
            best = min(best, time.process_time() - start)
        return best
    small, large = cpu("<p>x</p>\n<div>\n" + unit * 2000), cpu("<p>x</p>\n<div>\n" + unit * 8000)
    assert large < 8 * max(small, 2e-3), f"4x the text took {large / max(small, 2e-3):.1f}x the time ({small:.4f} s -> {large:.4f} s)"
    assert excerpt("<p>Vote.</p>\n<div>\nif x<a and y<b <!-- draft <a") == "Vote. if x<a and y<b"


def test_a_quiet_editions_feeds_follow_the_sites_root_not_its_removed_front(tmp_path):
    """review54b: an edition whose stories were all taken down (drafts) keeps its feeds, empty, so
    its subscribers meet no 404 (site._quiet_editions); but the feeds' page (Atom's alternate link,
    RSS's <link>, JSON Feed's home_page_url) still named its front, /he/, and its section's page,
    both removed: the link a feed reader shows led to a 404. They name the site's root, in an
    incremental build as in a clean one; an edition with stories keeps its own front."""
    def files(draft: str) -> dict[str, str]:
        return {"site.toml": '[site]\ntitle = "S"\nbase_url = "https://example.org/"\n[search]\nenabled = false\n'
                             '[sections.world]\nname = "World"\n',
                "content/a.md": "---\ntitle: A\ndate: 2025-01-10T10:00:00+00:00\n---\nA.\n",
                "content/b.md": f"---\ntitle: B\ndate: 2025-01-11T10:00:00+00:00\nlanguage: he\nsection: world\n{draft}---\nB.\n"}

    def homes(root: Path) -> dict[str, str]:
        public = root / "public"
        atom = feedparser.parse(str(public / "he/feed.xml")).feed
        found = {"atom": atom.link, "rss": feedparser.parse(str(public / "he/rss.xml")).feed.link,
                 "json": json.loads((public / "he/feed.json").read_text())["home_page_url"],
                 "section": feedparser.parse(str(public / "he/world/feed.xml")).feed.link}
        assert not feedparser.parse(str(public / "he/feed.xml")).bozo
        return found

    def build_site(root: Path, draft: str) -> Path:
        write_files(root, files(draft))
        assert Builder(load_config(root), BuildOptions(search=False)).build(now=FIXED_NOW).ok
        return root

    live = build_site(tmp_path / "site", "")
    assert set(homes(live).values()) == {"https://example.org/he/", "https://example.org/he/world/"}
    build_site(live, "draft: true\n")
    assert not (live / "public/he/index.html").exists()   # the front the feeds named is gone
    assert homes(live) == dict.fromkeys(("atom", "rss", "json", "section"), "https://example.org/")
    assert homes(build_site(tmp_path / "clean", "draft: true\n")) == homes(live)


def test_a_topics_and_an_authors_feeds_stay_empty_while_a_draft_still_carries_them(tmp_path):
    """review54b / fix54b's Left: `draft: true` on the only story tagged Weather (by Ann Lee) took
    /tags/weather/feed.xml and rss.xml, and the author's, away: a subscriber's feed address went 404
    because a story went back for a legal check. Expected, as a section's: the feeds stay, empty
    (no word of the draft: neither its title nor its address) while the draft carries the tag or
    byline; the draft deleted, or its tag removed, ends them. Unlike a section's name (site.toml's),
    a tag is the story's own words: a tag only a story never published carries ('Acme takeover' on
    an embargoed story) must get no feed, which would tell it. So the rule cannot be the sources
    alone (as unpublished_sections is): it needs what was published, which a build keeps in
    content/.sitegen-published (site.kept_terms), committed with the stories."""
    def write(draft: str) -> None:
        write_files(tmp_path, {
            "site.toml": '[site]\ntitle = "S"\nbase_url = "https://example.org/"\n[search]\nenabled = false\n',
            "content/a.md": "---\ntitle: Other news\ndate: 2025-01-10T10:00:00+00:00\ntags: [Harbour]\n---\nA.\n",
            "content/b.md": f"---\ntitle: Secret storm memo\ndate: 2025-01-11T10:00:00+00:00\ntags: [Weather]\n"
                            f"authors: [Ann Lee]\n{draft}---\nB.\n",
            "content/c.md": "---\ntitle: Embargoed\ndate: 2099-01-01T10:00:00+00:00\ntags: [Acme takeover]\n---\nC.\n"})
        assert Builder(load_config(tmp_path), BuildOptions(search=False)).build(now=FIXED_NOW).ok

    write("")
    feeds = ("tags/weather/feed.xml", "tags/weather/rss.xml", "authors/ann-lee/feed.xml", "authors/ann-lee/rss.xml")
    assert all((tmp_path / "public" / f).is_file() for f in feeds)
    write("draft: true\n")
    for rel in feeds:
        path = tmp_path / "public" / rel
        assert path.is_file(), rel
        parsed = feedparser.parse(str(path))
        assert not parsed.bozo and parsed.entries == [], rel
        text = path.read_text(encoding="utf-8")
        assert "Secret storm memo" not in text and "secret-storm-memo" not in text, rel
    assert not (tmp_path / "public/tags/acme-takeover").exists()   # a tag no published story had: never told


def _ledger_site(tmp_path: Path, b_front: str = "tags: [Weather]\nauthors: [Ann Lee]\n", c_date: str = "2099-01-01",
                 b: bool = True, **options) -> set[str]:
    """The site of the test above (b.md: the only story on Weather, by Ann Lee; c.md: embargoed, the only one
    tagged 'Acme takeover'), built; returns content/.sitegen-published's entries."""
    files = {"site.toml": '[site]\ntitle = "S"\nbase_url = "https://example.org/"\n[search]\nenabled = false\n',
             "content/a.md": "---\ntitle: Other news\ndate: 2025-01-10T10:00:00+00:00\ntags: [Harbour]\n---\nA.\n",
             "content/c.md": f"---\ntitle: Embargoed\ndate: {c_date}T10:00:00+00:00\ntags: [Acme takeover]\n---\nC.\n"}
    if b:
        files["content/b.md"] = f"---\ntitle: Secret storm memo\ndate: 2025-01-11T10:00:00+00:00\n{b_front}---\nB.\n"
    else:
        (tmp_path / "content/b.md").unlink()
    write_files(tmp_path, files)
    result = Builder(load_config(tmp_path), BuildOptions(search=False, **options)).build(now=FIXED_NOW)
    assert result.ok, result.errors
    ledger = (tmp_path / "content/.sitegen-published").read_text(encoding="utf-8")
    return {line for line in ledger.splitlines() if not line.startswith("#")}


WEATHER = ("tags/weather/feed.xml", "tags/weather/rss.xml")
ANN_LEE = ("authors/ann-lee/feed.xml", "authors/ann-lee/rss.xml")


def _empty_feeds(public: Path, rels: tuple[str, ...]) -> bool:
    return all((public / rel).is_file() and feedparser.parse(str(public / rel)).entries == [] for rel in rels)


@pytest.mark.parametrize("quiet", [False, True], ids=["edition-shown", "edition-quiet"])
def test_an_editions_topic_feed_is_kept_under_its_edition_in_its_language(tmp_path, quiet):
    """rr55d 1 with editions: the record keys a German topic and author as `tag de/wetter`, `author de/ann-lee`
    (an English 'Wetter' tag is another topic); drafted, their /de/ feeds stay, empty, in German, following
    the German front page, or the site's root once every German story is taken down (a quiet edition)."""
    def build(draft: str) -> set[str]:
        write_files(tmp_path, {
            "site.toml": '[site]\ntitle = "S"\nbase_url = "https://example.org/"\n[search]\nenabled = false\n',
            "content/a.md": "---\ntitle: Harbour news\ndate: 2025-01-10T10:00:00+00:00\ntags: [Harbour]\n---\nA.\n",
            "content/b.md": "---\ntitle: Geheimes Sturmpapier\ndate: 2025-01-11T10:00:00+01:00\nlanguage: de\n"
                            f"tags: [Wetter]\nauthors: [Ann Lee]\n{draft}---\nB.\n",
            "content/d.md": "---\ntitle: Hafen heute\ndate: 2025-01-09T10:00:00+01:00\nlanguage: de\ntags: [Hafen]\n"
                            f"{draft if quiet else ''}---\nD.\n"})
        assert Builder(load_config(tmp_path), BuildOptions(search=False)).build(now=FIXED_NOW).ok
        text = (tmp_path / "content/.sitegen-published").read_text(encoding="utf-8")
        return {line for line in text.splitlines() if not line.startswith("#")}

    assert build("") == {"tag harbour", "tag de/hafen", "tag de/wetter", "author de/ann-lee"}
    assert build("draft: true\n") == {"tag harbour", "tag de/hafen", "tag de/wetter", "author de/ann-lee"}
    public = tmp_path / "public"
    assert not (public / "tags/wetter").exists() and not (public / "de/tags/wetter/index.html").exists()
    assert (public / "de/index.html").exists() != quiet
    for rel in ("de/tags/wetter/feed.xml", "de/tags/wetter/rss.xml", "de/authors/ann-lee/feed.xml"):
        text = (public / rel).read_text(encoding="utf-8")
        parsed = feedparser.parse(text)
        assert not parsed.bozo and parsed.entries == [] and "Sturm" not in text, rel
        assert parsed.feed.language == "de" if rel.endswith("rss.xml") else 'xml:lang="de"' in text, rel
        assert parsed.feed.link == ("https://example.org/" if quiet else "https://example.org/de/"), rel


@pytest.mark.parametrize("end", ["deleted", "retagged"])
def test_a_kept_topics_feeds_end_when_its_draft_is_deleted_or_loses_the_tag_and_an_embargoed_tag_is_never_told(
        tmp_path, end):
    """rr55d 1: what a build published is content/.sitegen-published (a tag's or author's key a line,
    sorted); an entry stays while a story, a draft too, carries it, so the feeds stay, empty, linked
    from no page; the draft deleted (or the tag taken off it) ends them and the entry. A tag only an
    embargoed story carries is never listed, so it never gets a feed, nor after a --future preview
    that published it (a preview writes no entry)."""
    public = tmp_path / "public"
    assert _ledger_site(tmp_path) == {"tag harbour", "tag weather", "author ann-lee"}
    assert _ledger_site(tmp_path, "tags: [Weather]\nauthors: [Ann Lee]\ndraft: true\n") == {
        "tag harbour", "tag weather", "author ann-lee"}
    assert _empty_feeds(public, WEATHER + ANN_LEE)
    assert not (public / "tags/weather/index.html").exists() and not (public / "authors/ann-lee/index.html").exists()
    pages = [p.read_text(encoding="utf-8") for p in public.rglob("*.html")]
    assert not any("tags/weather/" in text or "authors/ann-lee/" in text for text in pages)   # linked from no page
    feed = (public / WEATHER[0]).read_text(encoding="utf-8")
    assert '<link rel="alternate" type="text/html" href="https://example.org/"/>' in feed   # the front: no page of its own
    # a --future preview publishes the embargoed story and its tag, and writes no entry for it
    assert _ledger_site(tmp_path, "tags: [Weather]\nauthors: [Ann Lee]\ndraft: true\n", future=True) == {
        "tag harbour", "tag weather", "author ann-lee"}
    assert (public / "tags/acme-takeover/feed.xml").is_file()
    if end == "deleted":
        assert _ledger_site(tmp_path, b=False) == {"tag harbour"}
        assert not any((public / rel).exists() for rel in WEATHER + ANN_LEE)
    else:
        # the tag off the draft: its feeds end; the byline it keeps keeps the author's; the new tag is not told
        assert _ledger_site(tmp_path, "tags: [Storm]\nauthors: [Ann Lee]\ndraft: true\n") == {
            "tag harbour", "author ann-lee"}
        assert not any((public / rel).exists() for rel in WEATHER) and _empty_feeds(public, ANN_LEE)
        assert not (public / "tags/storm").exists()
    assert not (public / "tags/acme-takeover").exists()


def test_a_redirect_from_a_kept_topic_to_another_wins_over_its_empty_feeds(tmp_path):
    """rev56a 3: Weather's only story drafted, the desk merges the topic into Storm with a [redirects]
    line (as before rr55d 1 it could): the kept, empty Weather feeds took the old address, and the build
    stopped ('remove that line'), though a story taken down never stops one (redirect_pages). The
    redirect wins: Storm's feed at Weather's address, and the record keeps Weather (the line taken
    out again, its empty feeds come back)."""
    toml = '[site]\ntitle = "S"\nbase_url = "https://example.org/"\n[search]\nenabled = false\n'
    write_files(tmp_path, {
        "site.toml": toml,
        "content/a.md": "---\ntitle: Gale warning\ndate: 2025-01-10T10:00:00+00:00\ntags: [Storm]\n---\nA.\n",
        "content/b.md": "---\ntitle: Secret storm memo\ndate: 2025-01-11T10:00:00+00:00\ntags: [Weather]\n---\nB.\n"})

    def build() -> None:
        result = Builder(load_config(tmp_path), BuildOptions(search=False)).build(now=FIXED_NOW)
        assert result.ok, result.errors

    build()
    story = tmp_path / "content/b.md"
    story.write_text(story.read_text(encoding="utf-8").replace("title:", "draft: true\ntitle:", 1), encoding="utf-8")
    build()
    assert _empty_feeds(tmp_path / "public", ("tags/weather/feed.xml",))
    (tmp_path / "site.toml").write_text(toml + '[redirects]\n"/tags/weather/" = "/tags/storm/"\n', encoding="utf-8")
    build()
    feed = feedparser.parse(str(tmp_path / "public/tags/weather/feed.xml"))
    assert [e.title for e in feed.entries] == ["Gale warning"]
    assert "tag weather\n" in (tmp_path / "content/.sitegen-published").read_text(encoding="utf-8")
    (tmp_path / "site.toml").write_text(toml, encoding="utf-8")
    build()
    assert _empty_feeds(tmp_path / "public", WEATHER)


@pytest.mark.parametrize("drafted", [("b",), ("a", "b")], ids=["the-numbered-one", "both"])
def test_a_drafted_authors_numbered_feed_is_kept_under_its_own_name(tmp_path, drafted):
    """rev56a 4: 王伟 and 王薇 both slug 'wang-wei'; the older keeps it, the other's pages are at
    wang-wei-2 (term_slugs). Drafted, 王薇's kept feeds were looked for at wang-wei (the published names'
    mapping no longer has 王薇), so /authors/wang-wei-2/ feeds went 404; both drafted, the two merged into
    one kept feed at wang-wei, which could bear the other reporter's name."""
    def write(draft: tuple[str, ...]) -> None:
        write_files(tmp_path, {
            "site.toml": '[site]\ntitle = "S"\nbase_url = "https://example.org/"\n[search]\nenabled = false\n',
            "content/a.md": f"---\ntitle: One\ndate: 2025-01-09T10:00:00+00:00\nauthors: [王伟]\n"
                            f"{'draft: true' if 'a' in draft else ''}\n---\nA.\n",
            "content/b.md": f"---\ntitle: Two\ndate: 2025-01-11T10:00:00+00:00\nauthors: [王薇]\n"
                            f"{'draft: true' if 'b' in draft else ''}\n---\nB.\n",
            "content/c.md": "---\ntitle: Three\ndate: 2025-01-12T10:00:00+00:00\ntags: [Harbour]\n---\nC.\n"})
        result = Builder(load_config(tmp_path), BuildOptions(search=False)).build(now=FIXED_NOW)
        assert result.ok, result.errors

    write(())
    ledger = tmp_path / "content/.sitegen-published"
    assert {"author wang-wei\n", "author wang-wei-2\n"} <= set(ledger.read_text(encoding="utf-8").splitlines(True))
    write(drafted)
    assert {"author wang-wei\n", "author wang-wei-2\n"} <= set(ledger.read_text(encoding="utf-8").splitlines(True))
    for slug, name in (("wang-wei", "王伟"), ("wang-wei-2", "王薇")):
        rel = f"authors/{slug}/feed.xml"
        if slug == "wang-wei" and "a" not in drafted:
            assert feedparser.parse(str(tmp_path / "public" / rel)).entries   # published: its page's feed
            continue
        assert _empty_feeds(tmp_path / "public", (rel, f"authors/{slug}/rss.xml")), rel
        assert feedparser.parse(str(tmp_path / "public" / rel)).feed.title == f"S: {name}", rel
