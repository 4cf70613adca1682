"""Language editions on the three-language golden site (tests/sites/editions): URLs, per-edition
pages and feeds, the interface in each language, hreflang alternates, the switcher, links."""
from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from lxml import html as lxml_html

from builders import build, build_copy, copy_site
from linkcheck import broken_links

FERRY_EN = "2025/01/ferry-crews-strike-over-new-rosters/index.html"
FERRY_DE = "de/2025/01/fahrbesatzungen-streiken-gegen-neue-dienstplane/index.html"
FERRY_FR = "fr/2025/01/les-equipages-des-ferries-en-greve-contre-les-nouveaux-plannings/index.html"


@pytest.fixture(scope="module")
def public(tmp_path_factory) -> Path:
    return build_copy("editions", tmp_path_factory.mktemp("editions") / "site")


def doc(public: Path, rel: str):
    return lxml_html.fromstring((public / rel).read_bytes())


def test_each_edition_has_its_own_front_sections_topics_archive_and_feeds(public):
    for root in ("", "de/", "fr/"):
        for rel in ("index.html", "tags/index.html", "authors/index.html", "archive/index.html",
                    "business/index.html", "world/index.html", "feed.xml", "rss.xml", "feed.json"):
            assert (public / root / rel).is_file(), root + rel
    assert not (public / "de/404.html").exists() and (public / "404.html").is_file()


def test_an_edition_lists_only_its_own_stories(public):
    front = doc(public, "de/index.html")
    titles = front.xpath("//article[contains(@class, 'teaser')]//a[ancestor::*[contains(@class,'teaser-title')]]/text()")
    assert titles == ["Fährbesatzungen streiken gegen neue Dienstpläne", "Hafenfest lockt Tausende an"]
    assert front.xpath("/html/@lang") == ["de"]
    english = doc(public, "index.html")
    assert "Fährbesatzungen" not in english.text_content()


def test_interface_words_and_dates_are_in_the_editions_language(public):
    de, fr = doc(public, FERRY_DE), doc(public, FERRY_FR)
    assert de.xpath("//nav[@class='site-nav']//a/text()")[:3] == ["Aktuell", "Welt", "Wirtschaft"]
    assert fr.xpath("//nav[@class='site-nav']//a/text()")[:3] == ["À la une", "Monde", "Économie"]
    assert de.xpath("//span[@class='published']//text()") == ["Veröffentlicht ", "19. Januar 2025, 09:00 CET"]
    assert fr.xpath("//span[@class='published']//text()") == ["Publié le ", "19 janvier 2025, 09:15 CET"]
    assert de.xpath("//span[@class='reading-time']/text()") == ["1 Min. Lesezeit"]


def test_translations_link_each_other_with_hreflang(public):
    expected = {("de", "https://example.org/" + FERRY_DE.removesuffix("index.html")),
                ("en", "https://example.org/" + FERRY_EN.removesuffix("index.html")),
                ("fr", "https://example.org/" + FERRY_FR.removesuffix("index.html"))}
    for rel in (FERRY_EN, FERRY_DE, FERRY_FR):
        page = doc(public, rel)
        found = {(l.get("hreflang"), l.get("href")) for l in page.xpath("//head/link[@hreflang]")}
        assert found == expected, rel
        assert len(page.xpath("//span[@class='translations']/a")) == 2


def test_the_language_switcher_points_at_each_editions_front(public):
    page = doc(public, "fr/index.html")
    links = [(a.get("href"), a.text, a.get("aria-current")) for a in page.xpath("//nav[@class='editions']//a")]
    assert links == [("/", "English", None), ("/de/", "Deutsch", None), ("/fr/", "Français", "true")]


def test_edition_feeds_parse_and_carry_their_language(public):
    feed = feedparser.parse((public / "fr/feed.xml").read_bytes())
    assert not feed.bozo and feed.feed.language == "fr"
    assert {e.link for e in feed.entries} == {
        "https://example.org/fr/2025/01/les-equipages-des-ferries-en-greve-contre-les-nouveaux-plannings/",
        "https://example.org/fr/2025/01/le-marche-du-port-rouvre-ses-portes/"}


def test_a_stand_in_date_and_a_day_without_time_show_no_time(public):
    fr = doc(public, "fr/2025/01/le-marche-du-port-rouvre-ses-portes/index.html")
    assert fr.xpath("//span[@class='published']/time/text()") == ["15 janvier 2025"]
    en = doc(public, "2025/01/harbour-bridge-reopens-after-repairs/index.html")
    assert en.xpath("//span[@class='published']/time/text()") == ["January 17, 2025"]
    assert b"le-marche-du-port" not in (public / "news-sitemap.xml").read_bytes()


@pytest.mark.parametrize("base_url, base_path", [("https://example.org/", "/"),
                                                 ("https://example.org/news/", "/news/")])
def test_no_broken_links_at_the_root_or_under_a_sub_path(tmp_path, base_url, base_path):
    public = build_copy("editions", tmp_path / "site", base_url=base_url)
    assert broken_links(public, base_path, base_url=base_url) == []


def test_a_language_without_a_catalog_warns_and_falls_back_to_english(tmp_path):
    root = copy_site("editions", tmp_path / "site")
    toml = (root / "site.toml").read_text(encoding="utf-8").replace('editions = ["de", "fr"]', 'editions = ["de", "fr", "ko"]')
    (root / "site.toml").write_text(toml, encoding="utf-8")
    (root / "content/ko.md").write_text("---\ntitle: 항구 소식\ndate: 2025-01-18T10:00:00+09:00\nlanguage: ko\n---\n본문.\n",
                                        encoding="utf-8")
    result = build(root)
    assert result.ok, result.errors
    assert any("no interface translation for 'ko'" in w for w in result.warnings)
    page = lxml_html.fromstring((root / "public/ko/index.html").read_bytes())
    assert page.xpath("//nav[@class='site-nav']//a/text()")[0] == "Latest"      # English words
    assert "2025년 1월 18일" in page.text_content()                             # Korean date all the same


def test_authors_toml_gives_the_author_page_a_bio_and_the_json_ld_person_its_details(public):
    import json
    page = doc(public, "authors/jane-doe/index.html")
    assert page.xpath("//div[@class='author-bio']/p/text()") == [
        "Jane Doe covers transport and the harbour's <busiest> routes."]      # escaped, shown as text
    assert page.xpath("//ul[@class='author-links']//a/@href") == [
        "https://social.example/@janedoe", "https://janedoe.example.org/"]
    article = doc(public, FERRY_EN)
    blocks = [json.loads(s) for s in article.xpath("//script[@type='application/ld+json']/text()")]
    (person,) = next(b for b in blocks if b["@type"] == "NewsArticle")["author"]
    assert person["description"].startswith("Jane Doe covers") and person["sameAs"][0] == "https://social.example/@janedoe"
    assert not doc(public, "authors/sam-okafor/index.html").xpath("//div[@class='author-bio']")


def test_a_body_edit_rebuilt_from_the_saved_plan_equals_a_clean_build(tmp_path):
    from builders import tree
    root = copy_site("editions", tmp_path / "site")
    assert build(root).ok
    story = root / "content/faehrstreik.md"
    story.write_text(story.read_text(encoding="utf-8") + "\nEin neuer Absatz.\n", encoding="utf-8")
    assert build(root).ok                        # a new Builder: the saved plan (editions, labels) is restored
    clean = build_copy("editions", tmp_path / "clean")
    (tmp_path / "clean/content/faehrstreik.md").write_text(story.read_text(encoding="utf-8"), encoding="utf-8")
    assert build(tmp_path / "clean").ok
    assert tree(root / "public") == tree(clean)
