"""Language editions on the three-language golden site (tests/sites/editions): URLs, per-edition
pages and feeds, the interface in each language, hreflang alternates, the switcher, links."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import feedparser
import pytest
import xmlschema
from lxml import etree
from lxml import html as lxml_html

from builders import SITES, build, build_copy, copy_site, tree
from linkcheck import broken_links
from sitegen.config import DEFAULT_THEME

SCHEMAS = Path(__file__).parent / "schemas"
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}

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
    assert de.xpath("//span[@class='published']//text()") == ["Veröffentlicht ", "19. Januar 2025, 09:00 MEZ"]
    assert fr.xpath("//span[@class='published']//text()") == ["Publié le ", "19 janvier 2025, 09:15 CET"]
    assert de.xpath("//span[@class='reading-time']/text()") == ["1 Min. Lesezeit"]


def test_translations_link_each_other_with_hreflang(public):
    expected = {("de", "https://example.org/" + FERRY_DE.removesuffix("index.html")),
                ("en", "https://example.org/" + FERRY_EN.removesuffix("index.html")),
                ("fr", "https://example.org/" + FERRY_FR.removesuffix("index.html")),
                ("x-default", "https://example.org/" + FERRY_EN.removesuffix("index.html"))}  # the main edition's
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
    (root / "content/tr.md").write_text("---\ntitle: Liman haberleri\ndate: 2025-01-18T10:00:00+03:00\nlanguage: tr\n---\nMetin.\n",
                                        encoding="utf-8")
    result = build(root)
    assert result.ok, result.errors
    assert any("no interface translation for 'tr'" in w for w in result.warnings)
    page = lxml_html.fromstring((root / "public/tr/index.html").read_bytes())
    assert page.xpath("//nav[@class='site-nav']//a/text()")[0] == "Latest"      # English words
    assert "18 Ocak 2025" in page.text_content()                                # Turkish date all the same


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


def test_editions_are_automatic_and_the_site_toml_switch_turns_them_off_or_moves_them(tmp_path):
    """No `editions` key in the golden site: its three languages made the three editions."""
    root = copy_site("editions", tmp_path / "off")
    toml = (root / "site.toml").read_text(encoding="utf-8").replace("[site]\n", "[site]\neditions = false\n", 1)
    (root / "site.toml").write_text(toml, encoding="utf-8")
    assert build(root).ok
    public = root / "public"
    assert not (public / "de").exists() and (public / FERRY_DE.removeprefix("de/")).is_file()
    assert not doc(public, "index.html").xpath("//nav[@class='editions']")           # no switcher
    moved = copy_site("editions", tmp_path / "moved")
    toml = (moved / "site.toml").read_text(encoding="utf-8").replace("[site]\n", "[site]\nedition_path = '/lang/{language}/'\n", 1)
    (moved / "site.toml").write_text(toml, encoding="utf-8")
    assert build(moved).ok
    assert (moved / "public/lang" / FERRY_DE).is_file() and not (moved / "public/de").exists()
    assert broken_links(moved / "public", "/", base_url="https://example.org/") == []


def test_a_site_in_one_language_has_no_editions_even_when_it_is_not_the_main_one(tmp_path):
    root = copy_site("editions", tmp_path / "site")
    for story in (root / "content").glob("*.md"):
        if "language: de" not in story.read_text(encoding="utf-8"):
            story.unlink()
    assert build(root).ok
    public = root / "public"
    assert not (public / "de").exists() and (public / FERRY_DE.removeprefix("de/")).is_file()
    assert [p.name for p in public.glob("sitemap*.xml")] == ["sitemap.xml"]


def locs(path: Path, element: str = "url") -> list[str]:
    return etree.parse(str(path)).xpath(f"//s:{element}/s:loc/text()", namespaces=SITEMAP)


def test_each_edition_has_its_own_sitemap_listed_in_the_sitemap_index(public):
    index = public / "sitemap.xml"
    xmlschema.XMLSchema(str(SCHEMAS / "siteindex.xsd")).validate(str(index))
    assert locs(index, "sitemap") == ["https://example.org/sitemap-en.xml", "https://example.org/de/sitemap.xml",
                                      "https://example.org/fr/sitemap.xml"]
    schema = xmlschema.XMLSchema(str(SCHEMAS / "sitemap.xsd"))
    seen: list[str] = []
    for rel, prefix in (("sitemap-en.xml", ""), ("de/sitemap.xml", "de/"), ("fr/sitemap.xml", "fr/")):
        schema.validate(str(public / rel))
        urls = locs(public / rel)
        others = [u for u in urls if u.startswith(("https://example.org/de/", "https://example.org/fr/"))]
        assert others == urls if prefix else others == [], rel   # only its own edition's pages
        assert "https://example.org/" + prefix in urls and "https://example.org/" + prefix + "business/" in urls
        seen += urls
    assert "https://example.org/" + FERRY_FR.removesuffix("index.html") in seen
    pages = {"https://example.org/" + p.relative_to(public).as_posix().removesuffix("index.html")
             for p in public.rglob("index.html") if "search" not in p.parts}
    assert set(seen) == pages and len(seen) == len(pages)     # every page once, in one sitemap
    robots = (public / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://example.org/sitemap.xml" in robots


def test_an_editions_title_description_and_words_are_its_own(public):
    import json
    front = doc(public, "de/index.html")
    assert front.xpath("//a[@class='site-title']/text()") == ["Der Hafenkurier"]
    assert front.xpath("//p[@class='tagline']/text()") == ["Nachrichten vom Hafen, in drei Sprachen."]
    assert front.xpath("//title/text()") == ["Der Hafenkurier"]
    assert front.xpath("//meta[@property='og:site_name']/@content") == ["Der Hafenkurier"]
    (site,) = [b for b in map(json.loads, front.xpath("//script[@type='application/ld+json']/text()"))
               if b["@type"] == "WebSite"]
    assert (site["name"], site["inLanguage"], site["url"]) == ("Der Hafenkurier", "de", "https://example.org/de/")
    assert doc(public, "index.html").xpath("//a[@class='site-title']/text()") == ["The Harbour Courier"]
    feed = feedparser.parse((public / "fr/feed.xml").read_bytes())
    assert feed.feed.title == "Le Courrier du port" and feed.feed.subtitle == "Les nouvelles du port, en trois langues."
    author = feedparser.parse((public / "de/authors/jana-schmidt/feed.xml").read_bytes())
    assert author.feed.title == "Der Hafenkurier: Jana Schmidt"
    assert author.feed.subtitle == "Artikel von Jana Schmidt bei Der Hafenkurier."
    topic = doc(public, "de/authors/jana-schmidt/index.html")
    # the name as the page's <title> says it, with the edition's own title (rr55d 3: not 'Artikel von ...')
    assert topic.xpath("//meta[@property='og:title']/@content") == ["Jana Schmidt – Der Hafenkurier"]
    assert topic.findtext(".//title") == "Jana Schmidt – Der Hafenkurier"


def test_a_string_a_sites_catalog_lacks_is_shown_in_english_with_a_warning(tmp_path):
    """A site's own de.po wins over the theme's; a string it lacks falls back to English, never a crash."""
    root = copy_site("editions", tmp_path / "site")
    theme_po = Path(__file__).resolve().parent.parent / "templates/locales/de.po"
    text = theme_po.read_text(encoding="utf-8").replace('msgid "Published"\nmsgstr "Veröffentlicht"',
                                                            'msgid "Published"\nmsgstr ""')
    assert 'msgid "Published"\nmsgstr ""' in text
    (root / "templates/locales").mkdir(parents=True)
    (root / "templates/locales/de.po").write_text(text, encoding="utf-8")
    result = build(root)
    assert result.ok, result.errors
    (warning,) = [w for w in result.warnings if "not translated" in w]
    assert "templates/locales/de.po" in warning and "'Published'" in warning
    article = doc(root / "public", FERRY_DE)
    assert article.xpath("//span[@class='published']/text()") == ["Published "]
    assert article.xpath("//nav[@class='site-nav']//a/text()")[0] == "Aktuell"     # the rest still German


def test_a_broken_catalog_or_translation_warns_with_its_line_and_the_page_shows_english(tmp_path):
    root = copy_site("editions", tmp_path / "site")
    theme_po = Path(__file__).resolve().parent.parent / "templates/locales/de.po"
    site_po = root / "templates/locales/de.po"
    site_po.parent.mkdir(parents=True)
    wrong = theme_po.read_text(encoding="utf-8").replace('"%(minutes)s Min. Lesezeit"', '"%(minuten)s Min. Lesezeit"')
    site_po.write_text(wrong, encoding="utf-8")
    line = wrong.splitlines().index('msgstr "%(minuten)s Min. Lesezeit"')   # 1-based: the msgid's line
    result = build(root)
    assert result.ok, result.errors                                         # a translator's slip: no crash
    assert any(w.startswith(f"{site_po}:{line}: the translation of '%(minutes)s min read'") for w in result.warnings), \
        result.warnings
    assert doc(root / "public", FERRY_DE).xpath("//span[@class='reading-time']/text()") == ["1 min read"]
    site_po.write_text("msgid \"Latest\"\nmsgstr \"Aktuell\"\nthis is not a po line\n", encoding="utf-8")
    result = build(root)
    assert result.ok, result.errors
    assert any(w.startswith(f"{site_po}:3: not a valid .po file") for w in result.warnings), result.warnings
    assert doc(root / "public", FERRY_DE).xpath("//nav[@class='site-nav']//a/text()")[0] == "Latest"


def test_a_placeholder_the_english_lacks_or_an_unclosed_string_warns_with_its_line(tmp_path):
    root = copy_site("editions", tmp_path / "site")
    theme_po = Path(__file__).resolve().parent.parent / "templates/locales/de.po"
    site_po = root / "templates/locales/de.po"
    site_po.parent.mkdir(parents=True)
    text = theme_po.read_text(encoding="utf-8")
    assert 'msgid "Latest"\nmsgstr "Aktuell"' in text
    site_po.write_text(text.replace('msgid "Latest"\nmsgstr "Aktuell"', 'msgid "Latest"\nmsgstr "Aktuell %(x)s"'),
                       encoding="utf-8")
    line = text.splitlines().index('msgid "Latest"') + 1
    result = build(root)
    assert result.ok, result.errors
    # Before: no warning, and the masthead read 'Aktuell %(x)s' (Babel checks placeholders only
    # for an English that has some)
    assert any(w.startswith(f"{site_po}:{line}: the translation of 'Latest' is shown in English: placeholder %(x)s")
               for w in result.warnings), result.warnings
    nav = doc(root / "public", FERRY_DE).xpath("//nav[@class='site-nav']//a/text()")
    assert nav[0] == "Latest" and "Themen" in nav, nav   # the rest still German
    site_po.write_text(text.replace('msgid "Topics"', 'msgid "Topics'), encoding="utf-8")
    line = text.splitlines().index('msgid "Topics"') + 1
    result = build(root)
    assert result.ok, result.errors
    # Before: Babel read 'msgid "Topics' as 'Topic', silently: 'Topics' untranslated, no line named
    assert any(w.startswith(f"{site_po}:{line}: not a valid .po file (a string not closed") for w in result.warnings), \
        result.warnings


def test_a_right_to_left_language_gets_an_edition_that_reads_right_to_left(tmp_path):
    root = copy_site("editions", tmp_path / "site")
    (root / "content/ar.md").write_text("---\ntitle: الميناء يستقبل سفينة جديدة\ndate: 2025-01-18T10:00:00+00:00\n"
                                        "language: ar\ntags: [الميناء]\n---\nنص الخبر.\n", encoding="utf-8")
    result = build(root)
    assert result.ok, result.errors
    public = root / "public"
    front = doc(public, "ar/index.html")
    assert front.xpath("/html/@lang") == ["ar"] and front.xpath("/html/@dir") == ["rtl"]
    assert "العربية" in doc(public, "index.html").xpath("//nav[@class='editions']//a/text()")
    assert locs(public / "sitemap.xml", "sitemap")[1] == "https://example.org/ar/sitemap.xml"   # A to Z: ar, de, fr
    assert broken_links(public, "/", base_url="https://example.org/") == []


@pytest.mark.parametrize("change", ["languages arrive", "languages leave"])
def test_editions_appearing_or_going_rebuild_to_equal_a_clean_build(tmp_path, change):
    """A second language turns a one-stream site into editions (a switcher on every page, new
    URLs, sitemaps); the incremental build must redo all of it, as must the way back."""
    root = copy_site("editions", tmp_path / "site")
    others = {p: p.read_text(encoding="utf-8") for p in (root / "content").glob("*.md")
              if "language: de" in p.read_text(encoding="utf-8") or "language: fr" in p.read_text(encoding="utf-8")}
    assert len(others) == 4
    if change == "languages arrive":
        for path in others:
            path.unlink()
    assert build(root).ok
    for path, text in others.items():
        if change == "languages arrive":
            path.write_text(text, encoding="utf-8")
        else:
            path.unlink()
    result = build(root)
    assert result.ok, result.errors
    assert (root / "public/de").is_dir() == (change == "languages arrive")
    clean = copy_site("editions", tmp_path / "clean")
    shutil.rmtree(clean / "content")
    shutil.copytree(root / "content", clean / "content")
    assert build(clean).ok
    assert tree(root / "public") == tree(clean / "public")


def test_a_sections_description_is_in_the_editions_language_and_falls_back_to_the_main_one(public):
    """[sections.world] descriptions = { de = ... }: the German section front, its meta and og
    description and its feed use it; French has none, so the main description stands."""
    want = {"": "News from beyond the harbour.", "de/": "Nachrichten von jenseits des Hafens.",
            "fr/": "News from beyond the harbour."}
    for root, text in want.items():
        front = doc(public, root + "world/index.html")
        assert front.xpath("//p[@class='list-description']/text()") == [text], root
        assert front.xpath("//meta[@name='description']/@content") == [text], root
        assert front.xpath("//meta[@property='og:description']/@content") == [text], root
        for feed in ("feed.xml", "rss.xml"):
            parsed = feedparser.parse((public / root / "world" / feed).read_bytes())
            assert parsed.feed.get("subtitle") == text, root + feed
    assert feedparser.parse((public / "de/world/feed.xml").read_bytes()).feed.title == "Der Hafenkurier: Welt"
    business = doc(public, "de/business/index.html")   # no description: the list's own words
    assert business.xpath("//meta[@name='description']/@content") == ["Ressort: Wirtschaft – Der Hafenkurier"]


def without_main_language(root: Path) -> Path:
    """The editions site with its English stories gone: German and French only, [site] language 'en'."""
    for story in (root / "content").glob("*.md"):
        if not any(f"language: {lang}" in story.read_text(encoding="utf-8") for lang in ("de", "fr")):
            story.unlink()
    return root


@pytest.mark.parametrize("base_url, base_path", [("https://example.org/", "/"),
                                                 ("https://example.org/news/", "/news/")])
def test_no_story_in_the_main_language_makes_the_root_a_language_chooser(tmp_path, base_url, base_path):
    """No empty front at the root: a page linking each edition (also the 404 page), no empty topic,
    author, archive or feed pages of the main edition, a warning naming site.toml and the fix."""
    root = without_main_language(copy_site("editions", tmp_path / "site"))
    result = build(root, base_url=base_url)
    assert result.ok, result.errors
    public = root / "public"
    warning = [w for w in result.warnings if w.startswith("site.toml: [site] language is 'en'")]
    assert len(warning) == 1 and 'set [site] language = "de"' in warning[0], result.warnings
    front = doc(public, "index.html")
    links = front.xpath("//main//a")
    assert [(a.get("href"), a.get("hreflang"), a.text) for a in links] == [
        (base_path + "de/", "de", "Deutsch"), (base_path + "fr/", "fr", "Français")]
    assert front.xpath("//main//h1/text()") == ["Choose a language"]
    assert front.xpath("//link[@hreflang]/@hreflang") == ["de", "fr", "x-default"]
    assert doc(public, "404.html").xpath("//main//a/@hreflang") == ["de", "fr"]
    for rel in ("tags", "authors", "archive", "world", "feed.xml", "rss.xml", "feed.json", "page"):
        assert not (public / rel).exists(), rel
    switcher = doc(public, "de/index.html").xpath("//nav[@class='editions']//a/@href")
    assert switcher == [base_path + "de/", base_path + "fr/"]   # no 'English' leading to the chooser
    assert broken_links(public, base_path, base_url=base_url) == []


def test_the_first_story_in_the_main_language_turns_the_chooser_into_a_front_as_a_clean_build_does(tmp_path):
    root = without_main_language(copy_site("editions", tmp_path / "site"))
    assert build(root).ok
    shutil.copy(SITES / "editions/content/ferry-strike.md", root / "content")
    result = build(root)
    assert result.ok and not any(w.startswith("site.toml") for w in result.warnings), result.warnings
    clean = copy_site("editions", tmp_path / "clean")
    shutil.rmtree(clean / "content")
    shutil.copytree(root / "content", clean / "content")
    assert build(clean).ok
    assert tree(root / "public") == tree(clean / "public")
    assert doc(root / "public", "index.html").xpath("/html/body/@class") == ["page-index"]


def test_the_theme_translates_every_interface_string_into_each_shipped_language():
    """Every catalog in templates/locales covers messages.pot with the same placeholders (the
    check a build runs), Korean and Polish included."""
    from sitegen import i18n
    theme = Path(__file__).resolve().parent.parent / "templates"
    shipped = sorted(p.stem for p in (theme / "locales").glob("*.po"))
    assert {"de", "es", "fr", "ko", "pl", "pt"} <= set(shipped)
    assert i18n.catalog_warnings([theme], shipped) == []


def test_a_string_the_site_s_own_template_adds_is_warned_about_until_its_catalog_has_it(tmp_path):
    """A designer's `{{ _('...') }}` in the site's own article.html: a German edition showed it in
    English and the build said nothing (only the theme's messages.pot was checked). Now a warning
    names the template's line and the catalog to add it to (a copy of the theme's, the site having
    none); once the site's de.po has it, the page speaks German and the warning goes. The 404 page,
    which only the main language has, needs no other edition's words."""
    root = copy_site("editions", tmp_path / "site")
    article = (DEFAULT_THEME / "article.html").read_text(encoding="utf-8")
    article = article.replace('<div class="story-body">', "<p>{{ _('Share by email') }}</p>\n<div class=\"story-body\">", 1)
    line = [row.strip() for row in article.splitlines()].index("<p>{{ _('Share by email') }}</p>") + 1
    (root / "templates").mkdir()
    (root / "templates/article.html").write_text(article, encoding="utf-8")
    (root / "templates/404.html").write_text((DEFAULT_THEME / "404.html").read_text(encoding="utf-8").replace(
        "</ul>", "</ul>\n  <p>{{ _('Our newsroom could not find it.') }}</p>", 1), encoding="utf-8")
    result = build(root)
    said = sorted(w for w in result.warnings if "your templates add" in w)
    assert result.ok and len(said) == 2 and "have no 'fr' translation" in said[1], result.warnings
    assert "Our newsroom" not in " ".join(said)   # 404.html: English only, the main edition's
    where = f"{root / 'templates/article.html'}:{line}"
    assert said[0] == (
        f"{where}: 1 string(s) your templates add have no 'de' translation, so its pages show them in English: "
        f"'Share by email' ({where}); copy {DEFAULT_THEME / 'locales/de.po'} to {root / 'templates/locales/de.po'} "
        "and add them there")
    (root / "templates/locales").mkdir()
    (root / "templates/locales/de.po").write_text(
        (DEFAULT_THEME / "locales/de.po").read_text(encoding="utf-8")
        + '\nmsgid "Share by email"\nmsgstr "Per E-Mail teilen"\n', encoding="utf-8")
    result = build(root)
    assert result.ok and [w for w in result.warnings if "your templates add" in w] == [said[1]], result.warnings
    assert "Per E-Mail teilen" in (root / "public/de/2025/01/hafenfest-lockt-tausende-an/index.html").read_text(encoding="utf-8")


def test_a_string_the_site_s_own_template_adds_in_its_main_language_is_not_said_to_be_english(tmp_path):
    """review38d: on a German site, a template's own `{{ _('Mehr lesen') }}` was warned 'its pages show
    them in English' for the German pages, which show it as written, in German (and --strict failed).
    The main language's pages are not warned about; another edition's still are, saying what they show."""
    root = copy_site("editions", tmp_path / "site")
    toml = (root / "site.toml").read_text(encoding="utf-8")
    (root / "site.toml").write_text(toml.replace('language = "en"', 'language = "de"', 1), encoding="utf-8")
    article = (DEFAULT_THEME / "article.html").read_text(encoding="utf-8")
    article = article.replace('<div class="story-body">', "<p>{{ _('Mehr lesen') }}</p>\n<div class=\"story-body\">", 1)
    (root / "templates").mkdir()
    (root / "templates/article.html").write_text(article, encoding="utf-8")
    result = build(root)
    said = [w for w in result.warnings if "your templates add" in w]
    assert result.ok and len(said) == 1, result.warnings
    assert "have no 'fr' translation, so its pages show them as your templates write them: 'Mehr lesen'" in said[0], said
    assert "Mehr lesen" in (root / "public/2025/01/hafenfest-lockt-tausende-an/index.html").read_text(encoding="utf-8")


def test_korean_and_polish_editions_speak_their_own_language(tmp_path):
    root = copy_site("editions", tmp_path / "site")
    (root / "content/ko.md").write_text("---\ntitle: 항구 소식\ndate: 2025-01-18T10:00:00+09:00\nlanguage: ko\n"
                                        "authors: [김민지]\n---\n본문.\n", encoding="utf-8")
    (root / "content/pl.md").write_text("---\ntitle: Wiadomości z portu\ndate: 2025-01-18T10:00:00+01:00\n"
                                        "language: pl\ntags: [Port]\n---\nTekst.\n", encoding="utf-8")
    result = build(root)
    assert result.ok, result.errors
    assert not [w for w in result.warnings if "interface" in w], result.warnings
    public = root / "public"
    ko, pl = doc(public, "ko/index.html"), doc(public, "pl/index.html")
    assert ko.xpath("//nav[@class='site-nav']//a/text()")[0] == "최신"
    assert pl.xpath("//nav[@class='site-nav']//a/text()")[0] == "Najnowsze"
    assert doc(public, "pl/tags/index.html").xpath("//p[@class='list-count']/text()") == ["1 temat"]
    assert "글:" in doc(public, "ko/2025/01/hanggu-sosig/index.html").text_content()


def test_a_catalog_in_latin_1_is_read_by_its_declared_charset(tmp_path):
    """A .po file whose header says charset=ISO-8859-1 is valid (Babel, msgfmt): it was refused
    once the unclosed-string check decoded it as UTF-8 (the end-of-session review caught it)."""
    root = copy_site("editions", tmp_path / "site")
    theme_po = Path(__file__).resolve().parent.parent / "templates/locales/de.po"
    text = theme_po.read_text(encoding="utf-8").replace("charset=utf-8", "charset=ISO-8859-1")
    assert "charset=ISO-8859-1" in text and 'msgid "Latest"\nmsgstr "Aktuell"' in text
    text = text.replace('msgid "Latest"\nmsgstr "Aktuell"', 'msgid "Latest"\nmsgstr "Aktuelle Thèmen"')
    site_po = root / "templates/locales/de.po"
    site_po.parent.mkdir(parents=True)
    site_po.write_bytes(text.encode("latin-1", "replace"))   # the theme's few arrows and dashes as '?'
    result = build(root)
    assert result.ok, result.errors
    assert not [w for w in result.warnings if "not a valid .po file" in w], result.warnings
    assert doc(root / "public", FERRY_DE).xpath("//nav[@class='site-nav']//a/text()")[0] == "Aktuelle Thèmen"


def test_an_editions_atom_categories_name_its_own_topic_index(tmp_path):
    # Before: every Atom <category> had scheme="https://example.org/tags/", the German ones too
    public = build_copy("editions", tmp_path / "site")
    for feed, index in (("de/feed.xml", "https://example.org/de/tags/"), ("feed.xml", "https://example.org/tags/")):
        parsed = feedparser.parse((public / feed).read_bytes())
        schemes = {t.scheme for e in parsed.entries for t in e.get("tags", [])}
        assert schemes == {index}, feed


def test_an_editions_stories_name_the_publisher_by_the_editions_title(public):
    """With no [site] publisher, the German edition's JSON-LD and Google News entries named the
    main edition's title ("The Harbour Courier"), a name its readers never see on its pages (month33)."""
    import json
    import re

    def publishers(rel: str) -> set[str]:
        found = set()
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', (public / rel).read_text(), re.S):
            data = json.loads(block)
            for item in data if isinstance(data, list) else [data]:
                if "publisher" in item:
                    found.add(item["publisher"]["name"])
        return found

    assert publishers(FERRY_DE) == publishers("de/index.html") == {"Der Hafenkurier"}
    assert publishers(FERRY_FR) == {"Le Courrier du port"}
    assert publishers(FERRY_EN) == publishers("index.html") == {"The Harbour Courier"}
    names = {}
    for sitemap in public.rglob("news-sitemap.xml"):
        for url in etree.parse(str(sitemap)).getroot():
            loc = url.find("s:loc", SITEMAP).text
            names[loc.split("/2025/")[0]] = url.find(".//{http://www.google.com/schemas/sitemap-news/0.9}name").text
    assert names and set(names.values()) == {"The Harbour Courier", "Der Hafenkurier", "Le Courrier du port"}, names


def test_a_region_tagged_language_speaks_its_languages_catalog(tmp_path):
    """A 'pt-br' edition has the shipped Portuguese words (locales/pt.po), not English with a
    warning that no catalog exists; a Traditional Chinese edition is never given the Simplified
    Chinese catalog: the theme's zh-tw.po speaks for 'zh-tw', 'zh-hk', 'zh-mo' and 'zh-hant'."""
    from sitegen import i18n
    root = copy_site("editions", tmp_path / "site")
    (root / "content/br.md").write_text("---\ntitle: Notícias do porto\ndate: 2025-01-18T10:00:00-03:00\n"
                                        "language: pt-br\n---\nTexto.\n", encoding="utf-8")
    result = build(root)
    assert result.ok, result.errors
    assert not [w for w in result.warnings if "interface" in w], result.warnings
    front = doc(root / "public", "pt-br/index.html")
    assert front.xpath("//nav[@class='site-nav']//a/text()")[0] == "Destaques"
    theme = Path(__file__).resolve().parent.parent / "templates"
    assert i18n.catalog_path([theme], "pt-br") == theme / "locales/pt.po"
    (root / "templates/locales").mkdir(parents=True)
    (root / "templates/locales/zh.po").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                                                  'msgid "Latest"\nmsgstr "最新"\n', encoding="utf-8")
    for simplified in ("zh", "zh-cn", "zh-sg", "zh-hans"):
        assert i18n.catalog_path([root / "templates", theme], simplified) == root / "templates/locales/zh.po"
    for traditional in ("zh-tw", "zh-hk", "zh-mo", "zh-hant"):
        assert i18n.catalog_path([root / "templates", theme], traditional) == theme / "locales/zh-tw.po"


def test_arabic_hebrew_japanese_and_chinese_editions_speak_their_own_language(tmp_path):
    """The chrome of these editions was English under <html lang="ar">, so a screen reader read
    'Skip to content', 'By' and 'Published' in an Arabic voice. They ship now; a 'zh-cn' edition
    speaks zh.po, and the right-to-left ones point 'next' to the left."""
    root = copy_site("editions", tmp_path / "site")
    stories = {"ar": ("الميناء يستقبل سفينة جديدة", "نص الخبر."), "he": ("הנמל מקבל אונייה חדשה", "גוף הכתבה."),
               "ja": ("港に新しい船", "本文。"), "zh-cn": ("港口迎来新船", "正文。")}
    for n, (language, (title, body)) in enumerate(stories.items()):
        (root / f"content/{language}.md").write_text(
            f"---\ntitle: {title}\ndate: 2025-01-1{n + 6}T10:00:00+00:00\nlanguage: {language}\nauthors: [A B]\n---\n{body}\n",
            encoding="utf-8")
    (root / "content/ar2.md").write_text("---\ntitle: افتتاح رصيف ثان\nslug: rasif\ndate: 2025-01-19T10:00:00+00:00\n"
                                         "language: ar\n---\nنص.\n", encoding="utf-8")
    result = build(root)
    assert result.ok, result.errors
    assert not [w for w in result.warnings if "interface" in w], result.warnings
    public = root / "public"
    skip = {"ar": "انتقل إلى المحتوى", "he": "דילוג לתוכן", "ja": "本文へスキップ", "zh": "跳到正文"}  # zh-cn is zh
    for language, words in skip.items():
        front = doc(public, f"{language}/index.html")
        assert front.xpath("//a[@class='skip-link']/text()") == [words], language
        assert front.xpath("//a[@class='skip-link']/@lang") == []      # the page's own language
    older = next(p for p in (public / "ar/2025/01").glob("*/index.html") if p.parent.name != "rasif")
    page = doc(public, str(older.relative_to(public)))
    assert page.xpath("//span[@class='byline']/span/text()")[0].strip() == "بقلم"   # 'By', not searched
    assert page.xpath("//a[@rel='next']/span[@class='label']/text()") == ["الخبر التالي ←"]


def test_the_sites_words_an_edition_falls_back_to_are_marked_with_their_language(tmp_path):
    """With no [site] titles, descriptions or section names for Japanese, the /ja/ masthead shows
    the English ones, and they were marked lang="ja": a screen reader read 'News from the harbour,
    in three languages.' and 'World' in a Japanese voice. They carry lang="en" now; an edition's
    own words (German here) carry nothing."""
    root = copy_site("editions", tmp_path / "site")
    toml = (root / "site.toml").read_text(encoding="utf-8")
    (root / "site.toml").write_text(toml.replace("[site]\n", '[site]\ncopyright = "© 2025 Harbour Times Ltd"\n', 1),
                                    encoding="utf-8")
    (root / "content/ja.md").write_text("---\ntitle: 港のニュース\ndate: 2025-01-18T10:00:00+09:00\nlanguage: ja\n"
                                        "section: world\n---\n本文。\n", encoding="utf-8")
    result = build(root)
    assert result.ok, result.errors
    public = root / "public"
    ja = doc(public, "ja/index.html")
    assert ja.xpath("//header//a[@class='site-title']/@lang") == ["en"]
    assert ja.xpath("//header//p[@class='tagline']/@lang") == ["en"]
    assert ja.xpath("//footer//p[@class='footer-title']/a/@lang") == ["en"]
    # site.toml's copyright line is in the main language too (review38c: an Arabic voice read it)
    assert ja.xpath("//footer//p[@class='copyright']/@lang") == ["en"]
    assert ja.xpath("//footer//p[@class='copyright']/text()") == ["© 2025 Harbour Times Ltd"]
    assert doc(public, "index.html").xpath("//footer//p[@class='copyright']/@lang") == []
    assert ja.xpath("//nav[@class='site-nav']//a[text()='World']/@lang") == ["en"]
    assert ja.xpath("//nav[@class='site-nav']//a[text()='最新']/@lang") == []
    de = doc(public, "de/index.html")
    assert de.xpath("//header//@lang") == de.xpath("//nav[@class='editions']//a/@lang")   # the switcher's alone


def test_the_main_title_inside_an_editions_heading_and_footer_line_is_marked_with_its_language(tmp_path):
    """review40g: the /he/ front's hidden <h1> read 'The Harbour Courier: החדשות האחרונות' and its
    footer 'Published by The Harbour Courier' with the English title unmarked inside Hebrew words
    (a Hebrew voice, and the title's letters laid out right to left). Both are a span lang="en" now,
    as the masthead's; an edition with its own title, and the main edition, get no span."""
    root = copy_site("editions", tmp_path / "site")
    (root / "content/he.md").write_text("---\ntitle: נמל חדש\ndate: 2025-01-18T10:00:00+02:00\nlanguage: he\n"
                                        "---\nגוף.\n", encoding="utf-8")
    result = build(root)
    assert result.ok, result.errors
    public = root / "public"
    he = doc(public, "he/index.html")
    (h1,) = he.xpath("//h1")
    assert h1.xpath("span/@lang") == ["en"] and h1.xpath("span/@dir") == ["ltr"]
    assert h1.xpath("span/text()") == ["The Harbour Courier"]
    copyright = he.xpath("//footer//p[@class='copyright']")[0]
    assert copyright.xpath("span/@lang") == ["en"] and copyright.xpath("span/text()") == ["The Harbour Courier"]
    for rel in ("index.html", "de/index.html"):
        page = doc(public, rel)
        assert page.xpath("//h1/span") == [] and page.xpath("//footer//p[@class='copyright']/span") == [], rel


def test_the_readmes_about_page_link_leads_to_the_file_under_a_sub_path_and_from_every_edition(tmp_path):
    """The README's advice for a standing page: a finished file in static/, linked from the footer
    with asset() (review40g: its '/static/about.html' led nowhere under a sub-path, and url() names
    an edition's own '/de/static/about.html')."""
    root = copy_site("editions", tmp_path / "site")
    (root / "static").mkdir(exist_ok=True)
    (root / "static/about.html").write_text("<!DOCTYPE html><title>About</title>", encoding="utf-8")
    footer = (Path(__file__).resolve().parent.parent / "templates/_footer.html").read_text(encoding="utf-8")
    rss = "<li><a href=\"{{ url('/rss.xml') }}\">{{ _('RSS') }}</a></li>"
    assert rss in footer
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates/_footer.html").write_text(
        footer.replace(rss, rss + "<li><a class=\"about\" href=\"{{ asset('static/about.html') }}\">About</a></li>"),
        encoding="utf-8")
    result = build(root, base_url="https://example.org/news/")
    assert result.ok, result.errors
    public = root / "public"
    for rel in ("index.html", "de/index.html", "fr/tags/index.html"):
        (href,) = doc(public, rel).xpath("//a[@class='about']/@href")
        assert href == "/news/static/about.html" and (public / "static/about.html").is_file(), (rel, href)


def test_zh_and_zh_cn_stories_are_one_chinese_edition(tmp_path):
    """A converted Chinese seed says 'zh', a hand-written story 'zh-CN' (or zh-Hans, zh_CN): the
    site had a /zh/ and a /zh-cn/ edition for one language. They are one now, spelt 'zh'."""
    root = copy_site("editions", tmp_path / "site")
    for n, language in enumerate(("zh", "zh-CN", "zh-Hans", "zh_CN")):
        (root / f"content/zh{n}.md").write_text(
            f"---\ntitle: 港口迎来新船{n}\nslug: chuan{n}\ndate: 2025-01-1{n + 6}T10:00:00+00:00\n"
            f"language: {language}\n---\n正文。\n", encoding="utf-8")
    result = build(root)
    assert result.ok, result.errors
    public = root / "public"
    assert not (public / "zh-cn").exists() and not (public / "zh-hans").exists()
    front = doc(public, "zh/index.html")
    assert front.xpath("/html/@lang") == ["zh"]
    assert sorted(p.parent.name for p in (public / "zh/2025/01").glob("*/index.html")) == [f"chuan{n}" for n in range(4)]


def _front_lines(root, names, lines: str) -> None:
    """`lines` added to the front matter of content/NAME.md for each name (_regional_site's stories)."""
    for name in names:
        story = root / f"content/{name}.md"
        story.write_text(story.read_text(encoding="utf-8").replace("---\nText", f"{lines}---\nText"),
                         encoding="utf-8")


def _regional_site(root: Path, language: str, editions: str, stories: dict[str, tuple[str, str]]) -> Path:
    """A site.toml naming `language` and `editions`, and one story a name: (its language:, its title)."""
    root.mkdir(parents=True)
    (root / "site.toml").write_text(f'[site]\ntitle = "The Courier"\nbase_url = "https://example.org/"\n'
                                    f'language = "{language}"\neditions = {editions}\n', encoding="utf-8")
    (root / "content").mkdir()
    for back, (name, (lang, title)) in enumerate(sorted(stories.items())):   # the first dated the build's day
        said = f"language: {lang}\n" if lang else ""
        (root / f"content/{name}.md").write_text(f"---\ntitle: {title}\ndate: 2025-01-{20 - back}T09:00:00+00:00\n{said}---\n"
                                                 "Text of the story.\n", encoding="utf-8")
    return root


def test_a_british_site_is_british_on_every_page_and_in_every_file(tmp_path):
    """Session 34, locale34: [site] language = "en-GB" was refused, and as 'en' a UK newsroom got
    US dates and og:locale en_US. Its stories saying 'en' (as converted seeds do) or nothing are
    British English in the main edition, not a separate /en/ edition; one saying en-US stays in
    the main edition with its own tag and dates; French is an edition as before."""
    root = _regional_site(tmp_path / "site", "en-GB", "true", {
        "bare": ("en", "Bare English story"), "none": ("", "Untagged story"),
        "wire": ("en-US", "American wire story"), "paris": ("fr", "Histoire de Paris")})
    result = build(root)
    assert result.ok, result.errors
    assert result.warnings == [], result.warnings   # no "no interface translation for 'en-gb'": English is its words
    public = root / "public"
    assert [p.name for p in public.iterdir() if p.name.startswith(("en", "fr"))] == ["fr"]  # no /en/, /en-us/
    bare = doc(public, "2025/01/bare-english-story/index.html")
    assert bare.xpath("/html/@lang") == ["en-GB"]
    assert bare.xpath("//meta[@property='og:locale']/@content") == ["en_GB"]
    assert bare.xpath("//span[@class='published']//time/text()") == ["20 January 2025, 09:00 UTC"]
    assert '"inLanguage": "en-GB"' in (public / "2025/01/bare-english-story/index.html").read_text()
    assert doc(public, "2025/01/untagged-story/index.html").xpath("/html/@lang") == ["en-GB"]
    wire = doc(public, "2025/01/american-wire-story/index.html")
    assert wire.xpath("/html/@lang") == ["en-US"] and wire.xpath("//meta[@property='og:locale']/@content") == ["en_US"]
    assert wire.xpath("//span[@class='published']//time/text()") == ["January 17, 2025, 9:00\u202fAM UTC"]
    front = doc(public, "index.html")
    assert front.xpath("/html/@lang") == ["en-GB"]
    assert len(front.xpath("//article[contains(@class, 'teaser')]")) == 3
    assert front.xpath("//link[@rel='alternate'][@hreflang]/@hreflang") == ["en-gb", "fr", "x-default"]
    rss = feedparser.parse((public / "rss.xml").read_bytes())
    assert rss.feed.language == "en-gb" and len(rss.entries) == 3
    news = etree.parse(str(public / "news-sitemap.xml")).getroot()
    assert [e.text for e in news.iter("{http://www.google.com/schemas/sitemap-news/0.9}language")] == ["en", "en"]
    assert (public / "sitemap-en-gb.xml").is_file() and (public / "fr/sitemap.xml").is_file()


@pytest.mark.parametrize("language, editions, expected", [
    ("de", "true", []),                  # an Austrian story on a German site: the main edition
    ("en", "true", ["de"]),              # German and Austrian German on an English site: its German edition
    ("en", '["de", "de-AT"]', ["de", "de-at"]),   # listed: one each
    ("en", '["de"]', ["de"]),            # de-at not listed: the German edition, not the English front page
    ("de-AT", "true", [])])
def test_regional_editions_split_only_from_another_language_or_when_listed(tmp_path, language, editions, expected):
    root = _regional_site(tmp_path / "site", language, editions, {
        "berlin": ("de", "Geschichte aus Berlin"), "wien": ("de-AT", "Geschichte aus Wien"), "london": ("en", "London story")}
        if language == "en" else {"berlin": ("de", "Geschichte aus Berlin"), "wien": ("de-AT", "Geschichte aus Wien")})
    result = build(root)
    assert result.ok, result.errors
    public = root / "public"
    assert sorted(p.name for p in public.iterdir() if (p / "index.html").is_file() and p.name.startswith("de")) == expected
    if expected:   # Session 34, fix34g: with true (or only "de" listed) a de-AT story made its own
        # edition beside de's (or sat on the English front page), where a German site has it in its main one
        wien = doc(public, f"{expected[-1]}/2025/01/geschichte-aus-wien/index.html")
        assert wien.xpath("/html/@lang") == ["de-AT"] and wien.xpath("//meta[@property='og:locale']/@content") == ["de_AT"]
        assert wien.xpath("//nav[@class='site-nav']//a/text()")[0] == "Aktuell"   # de.po, as pt-br speaks pt.po
        front = doc(public, f"{expected[-1]}/index.html")
        assert "Geschichte aus Wien" in front.xpath("//article[contains(@class, 'teaser')]//a/text()")
        assert "Geschichte aus Wien" not in "".join(doc(public, "index.html").xpath("//article//a/text()"))


@pytest.mark.parametrize("listed, edition, warned", [
    ('["pt-BR"]', "pt-br", False),            # the one listed edition in Portuguese
    ('["pt-PT", "pt-BR"]', "pt-br", True),     # two: the first A to Z, and the file's line to write
    ('["pt-BR", "fr"]', "pt-br", False)])
def test_a_bare_language_goes_to_the_listed_edition_in_its_writing(tmp_path, listed, edition, warned):
    """Session 34, fix34g: an English site listing editions = ["pt-BR"] and a story saying 'pt' (as
    the converter writes): no /pt-br/ edition, the story sat on the English front page, no warning."""
    root = _regional_site(tmp_path / "site", "en", listed, {
        "a": ("", "Story in English"), "rio": ("pt", "Noticia do Rio")})
    result = build(root)
    assert result.ok, result.errors
    public = root / "public"
    rio = doc(public, f"{edition}/2025/01/noticia-do-rio/index.html")
    assert rio.xpath("//nav[@class='site-nav']//a/text()")[0] != "Latest"   # the edition's words around it
    assert [t for t in doc(public, f"{edition}/index.html").xpath("//article//h2//a/text()")] == ["Noticia do Rio"]
    assert "Noticia do Rio" not in "".join(doc(public, "index.html").xpath("//article//a/text()"))
    said = [w for w in result.warnings if "rio.md" in w]
    if warned:
        assert said == ["content/rio.md:4: language 'pt' is the language of more than one edition in site.toml's "
                        "[site] editions (pt-br, pt-pt); the story is in the pt-br edition for now: write "
                        "'language: pt-br' or 'language: pt-pt' to choose its edition"], said
    else:
        assert said == [], said


@pytest.mark.parametrize("language, other, split", [
    ("en", "en-GB", False),   # before: an /en-gb/ edition of one British story on an English site
    ("en-US", "en", False), ("pt-BR", "pt-PT", False),
    ("zh", "zh-TW", True),    # Traditional Chinese is another script: an edition, as before
    ("sr", "sr-Latn", True)])
def test_a_region_alone_splits_no_edition_but_a_script_does(tmp_path, language, other, split):
    from sitegen.langtag import language_tag
    root = _regional_site(tmp_path / "site", language, "true", {"a": ("", "Main story"), "b": (other, "Other story")})
    result = build(root)
    assert result.ok, result.errors
    assert (root / "public" / language_tag(other) / "index.html").is_file() is split


def test_french_and_brazilian_editions_count_two_stories_in_their_own_words(tmp_path):
    """fr.po and pt.po (which pt-br speaks) left the plural form of every count from 2 empty: the
    month's page said '2 stories' in a French and a Brazilian edition (review41b, fault 1)."""
    root = _regional_site(tmp_path / "site", "en", '["fr", "pt-BR"]', {
        "a": ("", "Story in English"), "f1": ("fr", "Premier article"), "f2": ("fr", "Second article"),
        "p1": ("pt-BR", "Primeira notícia"), "p2": ("pt-BR", "Segunda notícia")})
    result = build(root)
    assert result.ok, result.errors
    assert not [w for w in result.warnings if "English" in w], result.warnings
    for edition, said in (("fr", "2 articles"), ("pt-br", "2 notícias")):
        page = doc(root / "public", f"{edition}/archive/2025/01/index.html")
        assert page.xpath("//p[@class='list-count']/text()") == [said]


def test_a_language_cldr_lacks_is_named_in_english_and_marked_so_in_the_switcher(tmp_path):
    """A Samoan edition was called 'English' in the switcher beside the real English (review41b,
    fault 3): it is 'Samoan', marked lang="en" (the words are English), its hreflang still sm."""
    root = _regional_site(tmp_path / "site", "en", "true", {
        "a": ("", "Story in English"), "s": ("sm", "Tala mai Apia")})
    result = build(root)
    assert result.ok, result.errors
    for rel in ("index.html", "sm/index.html"):
        links = doc(root / "public", rel).xpath("//nav[@class='editions']//a")
        assert [(a.text, a.get("lang"), a.get("hreflang")) for a in links] == [
            ("English", "en", "en"), ("Samoan", "en", "sm")], rel


def test_an_edition_title_and_section_name_keyed_by_a_regional_or_bare_tag_are_used(tmp_path):
    """titles = { "fr-FR" = ... } and names = { "fr-FR" = ... } over 'language: fr' stories, and
    titles = { pt = ... } over a pt-BR edition, were silently unused: the editions showed "The
    Courier" and "World" (review41b, fault 4)."""
    root = _regional_site(tmp_path / "site", "en", "true", {
        "a": ("", "Story in English"), "f": ("fr", "Le budget"), "p": ("pt-BR", "O orçamento")})
    toml = root / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        "[site]\n", '[site]\ntitles = { "fr-FR" = "Le Courrier", pt = "O Correio" }\n'
        'descriptions = { "fr-FR" = "Les nouvelles." }\n') + '[sections.world]\nname = "World"\n'
        'names = { "fr-FR" = "Monde" }\ndescriptions = { "fr-FR" = "Le monde entier." }\n', encoding="utf-8")
    _front_lines(root, ("f", "p", "a"), "section: world\n")
    result = build(root)
    assert result.ok, result.errors
    public = root / "public"
    fr, pt = doc(public, "fr/index.html"), doc(public, "pt-br/index.html")
    assert fr.xpath("//a[@class='site-title']/text()") == ["Le Courrier"] and fr.xpath("//a[@class='site-title']/@lang") == []
    assert fr.xpath("//p[@class='tagline']/text()") == ["Les nouvelles."]
    assert fr.xpath("//nav[@class='site-nav']//a[@href='/fr/world/']/text()") == ["Monde"]
    assert fr.xpath("//nav[@class='site-nav']//a[@href='/fr/world/']/@lang") == []
    assert "Le monde entier." in (public / "fr/world/index.html").read_text(encoding="utf-8")
    assert pt.xpath("//a[@class='site-title']/text()") == ["O Correio"]
    assert pt.xpath("//nav[@class='site-nav']//a[@href='/pt-br/world/']/text()") == ["World"]   # none for pt
    assert doc(public, "index.html").xpath("//a[@class='site-title']/text()") == ["The Courier"]


def test_the_english_words_of_an_edition_with_no_catalog_are_marked_english(tmp_path):
    """A Persian edition has no fa.po: 'By', 'Published' and 'min read' are English, and sat
    unmarked in its right-to-left pages, which drew its datelines out of order (review41b, fault 7;
    test_theme_browser.py draws one). They are marked lang="en" dir="ltr" now, the Persian date in
    them isolated; an edition with a catalog is unchanged (the golden pages)."""
    root = _regional_site(tmp_path / "site", "en", "true", {
        "a": ("", "Story in English"), "f": ("fa", "بودجه تصویب شد")})
    _front_lines(root, ("f",), "authors: [علی رضایی]\n")
    assert build(root).ok
    public = root / "public"
    (page,) = public.glob("fa/2025/01/*/index.html")
    article = doc(public, page.relative_to(public).as_posix())
    assert article.xpath("//div[@class='story-meta']/@lang") == ["en"]
    assert article.xpath("//div[@class='story-meta']/@dir") == ["ltr"]
    assert [(t.get("lang"), t.get("dir")) for t in article.xpath("//span[@class='published']/time")] == [("fa", "rtl")]
    teaser = doc(public, "fa/index.html").xpath("//p[@class='meta']")[0]
    assert (teaser.get("lang"), teaser.get("dir"), teaser.xpath("time/@dir")) == ("en", "ltr", ["rtl"])


def test_an_edition_with_no_catalog_marks_the_english_of_its_lists_pager_menu_and_footer(tmp_path):
    """Only a Persian edition's byline and dateline were marked English: its list count ('3 stories
    · page 1 of 2', drawn 'stories · page 1 of 2 3' right to left), pager, section menu, skip link
    and footer sat unmarked in lang=fa dir=rtl (review41m, fault 4). The Persian words among them
    (the site's title, a section's name) keep the edition's language."""
    root = _regional_site(tmp_path / "site", "en", "true", {
        "a": ("", "Story in English"), "f1": ("fa", "بودجه تصویب شد"), "f2": ("fa", "باران بارید"),
        "f3": ("fa", "بازار بسته شد")})
    toml = root / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('title = "The Courier"\n', 'title = "The Courier"\n'
                    'titles = { fa = "پیک" }\n') + '[build]\npage_size = 2\n[sections.world]\nname = "World"\n'
                    'names = { fa = "جهان" }\n', encoding="utf-8")
    _front_lines(root, ("f1", "f2", "f3"), "tags: [Budget]\nsection: world\n")
    assert build(root).ok
    public = root / "public"
    (tag,) = public.glob("fa/tags/*/index.html")
    for page in (doc(public, "fa/index.html"), doc(public, tag.relative_to(public).as_posix())):
        for path in ("//a[@class='skip-link']", "//nav[@class='site-nav']", "//nav[@class='pagination']",
                     "//ul[@class='footer-links']", "//p[@class='copyright']"):
            assert [(e.get("lang"), e.get("dir")) for e in page.xpath(path)] == [("en", "ltr")], path
        assert page.xpath("//nav[@class='site-nav']//a[text()='جهان']/@lang") == ["fa"]
        assert page.xpath("//p[@class='copyright']/span/@lang") == ["fa"]
    count = doc(public, tag.relative_to(public).as_posix()).xpath("//p[@class='list-count']")[0]
    assert (count.get("lang"), count.get("dir"), count.text) == ("en", "ltr", "3 stories · page 1 of 2")


# review44i: a newsroom's stories in several languages, written as small sites in the test
NEWSROOM = """[site]
title = "The Courier"
base_url = "https://example.org/"
language = "en"
timezone = "Europe/Berlin"
[search]
enabled = false
"""


def newsroom(tmp_path: Path, stories: dict[str, str], toml: str = NEWSROOM, extra: dict[str, str] | None = None):
    """A site of `stories` (file name -> front matter) built at the fixed clock; the BuildResult."""
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "site.toml").write_text(toml, encoding="utf-8")
    for name, text in (extra or {}).items():
        (root / name).write_text(text, encoding="utf-8")
    for name, front in stories.items():
        (root / f"content/{name}.md").write_text(f"---\n{front.strip()}\n---\n\nBody of {name}.\n", encoding="utf-8")
    return build(root)


def hreflangs(tmp_path: Path, page: str) -> dict[str, str]:
    html = (tmp_path / "site/public" / page / "index.html").read_text(encoding="utf-8")
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="https://example.org(/[^"]*)">', html))


def test_a_story_whose_language_is_a_sections_slug_names_both_lines(tmp_path):
    """review44i: a UK newsroom's [sections.uk] and its first story in Ukrainian ('uk') both claimed
    /uk/: every build failed with 'the section page and the index page both claim /uk/; change one
    slug or date', naming neither line. The error names [sections.uk]'s line and the story's
    language: line, and the two ways out; the edition_path one builds."""
    toml = NEWSROOM + '[sections.uk]\nname = "UK"\n[sections.world]\nname = "World"\n'
    stories = {"a": "title: Rail strike in London\ndate: 2025-01-01T08:00:00+01:00\nlanguage: en\nsection: uk",
               "c": "title: Київ під обстрілом\ndate: 2025-01-03T08:00:00+01:00\nlanguage: uk\nsection: world"}
    result = newsroom(tmp_path, stories, toml)
    assert not result.ok
    (said,) = result.errors
    assert said.startswith("site.toml:8: [sections.uk] puts the section's pages and feeds at /uk/"), said
    assert "content/c.md:4: 'language: uk'" in said and 'slug = "uk-desk"' in said and "edition_path" in said
    assert "slug or date" not in said
    moved = toml.replace('language = "en"\n', 'language = "en"\nedition_path = "/intl/{language}/"\n')
    (tmp_path / "site/site.toml").write_text(moved, encoding="utf-8")
    assert build(tmp_path / "site").ok
    assert (tmp_path / "site/public/intl/uk/index.html").is_file() and (tmp_path / "site/public/uk/index.html").is_file()


def test_a_translation_of_a_translation_is_in_the_group(tmp_path):
    """review44i: the French desk translated the German version (translation_of: flood-de.md); a
    group followed one hop, so the French story had no alternates and /de/ left it out."""
    result = newsroom(tmp_path, {
        "flood": "title: River floods town\ndate: 2025-01-10T09:00:00+01:00\nlanguage: en",
        "flood-de": "title: Fluss flutet Stadt\ndate: 2025-01-10T10:00:00+01:00\nlanguage: de\ntranslation_of: flood.md",
        "flood-fr": "title: Le fleuve inonde la ville\ndate: 2025-01-10T11:00:00+01:00\nlanguage: fr\n"
                    "translation_of: flood-de.md"})
    assert result.ok, result.errors
    cluster = {"en": "/2025/01/river-floods-town/", "de": "/de/2025/01/fluss-flutet-stadt/",
               "fr": "/fr/2025/01/le-fleuve-inonde-la-ville/", "x-default": "/2025/01/river-floods-town/"}
    for url in cluster.values():
        assert hreflangs(tmp_path, url.strip("/")) == cluster, url
    assert not [w for w in result.warnings if "translation_of" in w], result.warnings


def test_two_stories_naming_each_other_are_translations(tmp_path):
    """review44i: strike.md and streik.md name each other (two desks, each thinking the other's the
    original): neither linked the other, with no word."""
    result = newsroom(tmp_path, {
        "strike": "title: Dock workers strike\ndate: 2025-01-07T10:00:00+01:00\nlanguage: en\ntranslation_of: streik.md",
        "streik": "title: Hafenarbeiter streiken\ndate: 2025-01-07T11:00:00+01:00\nlanguage: de\ntranslation_of: strike.md"})
    assert result.ok, result.errors
    cluster = {"en": "/2025/01/dock-workers-strike/", "de": "/de/2025/01/hafenarbeiter-streiken/",
               "x-default": "/2025/01/dock-workers-strike/"}
    assert hreflangs(tmp_path, "2025/01/dock-workers-strike") == hreflangs(tmp_path, "de/2025/01/hafenarbeiter-streiken") == cluster


def test_translations_of_an_embargoed_original_link_each_other(tmp_path):
    """review44i: the English original is scheduled for next year (or a draft, taken down); its
    German and Arabic versions are out, and they lost their links to each other."""
    for n, hold in enumerate(("date: 2026-06-01T09:00:00+02:00", "date: 2025-01-01T09:00:00+01:00\ndraft: true")):
        result = newsroom(tmp_path / str(n), {
            "plan": f"title: City unveils plan\n{hold}\nlanguage: en",
            "plan-de": "title: Stadt stellt Plan vor\ndate: 2025-01-09T09:00:00+01:00\nlanguage: de\ntranslation_of: plan.md",
            "plan-ar": "title: المدينة تكشف خطتها\ndate: 2025-01-09T10:00:00+01:00\nlanguage: ar\ntranslation_of: plan.md"})
        assert result.ok, result.errors
        de = hreflangs(tmp_path / str(n), "de/2025/01/stadt-stellt-plan-vor")
        assert set(de) == {"de", "ar", "x-default"} and de["x-default"] == de["de"], de   # the older of two: de
        assert hreflangs(tmp_path / str(n), de["ar"].strip("/")) == de
        assert not (tmp_path / str(n) / "site/public/2025/01/city-unveils-plan").exists()


def test_translation_of_a_slug_two_editions_share_is_a_warning_naming_both(tmp_path):
    """review44i: an English and an unrelated German 'Merkel' are both .../merkel/; a French story's
    'translation_of: merkel' linked the newest (the German) with no word. It links neither now, and
    the warning names both files and asks for the path; the path links the one it names."""
    stories = {"merkel-en": "title: Merkel\ndate: 2025-01-01T08:00:00+01:00\nlanguage: en",
               "merkel-de": "title: Merkel\ndate: 2025-01-02T08:00:00+01:00\nlanguage: de",
               "merkel-fr": "title: Les mémoires de Merkel\ndate: 2025-01-03T08:00:00+01:00\nlanguage: fr\n"
                            "translation_of: merkel"}
    result = newsroom(tmp_path, stories)
    assert result.ok, result.errors
    assert [w for w in result.warnings if "translation_of" in w] == [
        "content/merkel-fr.md:5: 'translation_of: merkel' is the slug of 2 stories (content/merkel-de.md, "
        "content/merkel-en.md), so this story is linked to none of them; write the original's path instead, "
        "e.g. 'translation_of: merkel-de.md'"]
    assert hreflangs(tmp_path, "fr/2025/01/les-memoires-de-merkel") == {}
    stories["merkel-fr"] = stories["merkel-fr"].replace("translation_of: merkel", "translation_of: merkel-en.md")
    shutil.rmtree(tmp_path / "site")
    result = newsroom(tmp_path, stories)
    assert not [w for w in result.warnings if "translation_of" in w], result.warnings
    assert hreflangs(tmp_path, "fr/2025/01/les-memoires-de-merkel")["en"] == "/2025/01/merkel/"


def test_the_old_code_iw_is_hebrew_not_a_second_hebrew_edition(tmp_path):
    """review44i: `language: iw` beside `he` gave /he/ and /iw/, the switcher two Hebrews, and /iw/
    spoke English ('no interface translation for iw') although he.po ships."""
    result = newsroom(tmp_path, {
        "a": "title: Storm\ndate: 2025-01-01T08:00:00+01:00\nlanguage: en",
        "h1": "title: סערה בחוף\ndate: 2025-01-02T08:00:00+01:00\nlanguage: he",
        "h2": "title: גשם כבד בצפון\ndate: 2025-01-03T08:00:00+01:00\nlanguage: iw"})
    assert result.ok and not result.warnings, (result.errors, result.warnings)
    public = tmp_path / "site/public"
    assert not (public / "iw").exists()
    front = doc(public, "he/index.html")
    assert len(front.xpath("//article[contains(@class, 'teaser')]")) == 2
    assert front.xpath("//nav[@class='editions']//a/text()") == ["English", "עברית"]



def test_dari_stories_are_not_merged_into_the_persian_edition(tmp_path):
    """rf45a: every CLDR alias was applied, so 'prs' (Dari) was 'fa-af': no /prs/ edition, the Dari
    story on the Persian front, `<html lang="fa-AF">`."""
    result = newsroom(tmp_path, {
        "en": "title: Election\ndate: 2025-01-01T08:00:00+01:00\nlanguage: en",
        "fa": "title: انتخابات ایران\ndate: 2025-01-02T08:00:00+01:00\nlanguage: fa",
        "prs": "title: انتخابات افغانستان\ndate: 2025-01-03T08:00:00+01:00\nlanguage: prs"})
    assert result.ok, result.errors
    public = tmp_path / "site/public"
    assert (public / "prs/index.html").is_file() and not (public / "fa-af").exists()
    assert "انتخابات افغانستان" not in (public / "fa/index.html").read_text(encoding="utf-8")
    assert "انتخابات افغانستان" in (public / "prs/index.html").read_text(encoding="utf-8")

def test_a_language_permalink_with_editions_does_not_double_the_edition_folder(tmp_path):
    """review44i: permalink "/{language}/{year}/{slug}/" with editions put the German story at
    /de/de/2025/... (the edition's folder, then the permalink's language). {language} is where the
    edition's folder goes now: a 'de-at' story in /de/ is /de/2025/...; the main edition's as before."""
    toml = NEWSROOM.replace("[search]", '[build]\npermalink = "/{language}/{year}/{slug}/"\n[search]')
    result = newsroom(tmp_path, {
        "a": "title: River floods town\ndate: 2025-01-10T09:00:00+01:00\nlanguage: en",
        "b": "title: Fluss flutet Stadt\ndate: 2025-01-10T10:00:00+01:00\nlanguage: de\ntranslation_of: a.md",
        "c": "title: Wien hilft\ndate: 2025-01-11T10:00:00+01:00\nlanguage: de-AT"}, toml)
    assert result.ok, result.errors
    public = tmp_path / "site/public"
    assert not (public / "de/de").exists() and not (public / "de-at").exists()
    for page in ("en/2025/river-floods-town", "de/2025/fluss-flutet-stadt", "de/2025/wien-hilft"):
        assert (public / page / "index.html").is_file(), page
    assert hreflangs(tmp_path, "de/2025/fluss-flutet-stadt")["en"] == "/en/2025/river-floods-town/"
    assert broken_links(public) == []


def test_a_fallback_section_name_is_marked_with_the_main_language_wherever_it_shows(tmp_path):
    """review44i: README says an edition's fallback section names are marked with the main
    language; only the menu was. /ar/sport/ (no names.ar) showed <h1>Sport</h1>, 'تابع Sport:' and
    unmarked kickers on the story and its teasers, read in an Arabic voice, right to left."""
    toml = NEWSROOM + '[sections.sport]\nname = "Sport"\nnames = { de = "Sport" }\n'
    result = newsroom(tmp_path, {
        "a": "title: Match report\ndate: 2025-01-01T08:00:00+01:00\nlanguage: en\nsection: sport",
        "b": "title: تقرير المباراة\ndate: 2025-01-02T08:00:00+01:00\nlanguage: ar\nsection: sport",
        "c": "title: Spielbericht\ndate: 2025-01-03T08:00:00+01:00\nlanguage: de\nsection: sport"}, toml)
    assert result.ok, result.errors
    public = tmp_path / "site/public"
    section = doc(public, "ar/sport/index.html")
    assert section.xpath("//nav[@class='site-nav']//a[text()='Sport']/@lang") == ["en"]
    assert section.xpath("//h1[text()='Sport']/@lang") == ["en"] and section.xpath("//h1/@dir") == ["ltr"]
    assert section.xpath("//p[@class='follow']/span[text()='Sport']/@lang") == ["en"]
    story = next((public / "ar/2025/01").glob("*/index.html"))
    assert doc(public, str(story.relative_to(public))).xpath("//p[@class='kicker']/a/@lang") == ["en"]
    for page in ("ar/index.html", "ar/sport/index.html"):
        kickers = doc(public, page).xpath("//article[contains(@class, 'teaser')]//p[@class='kicker']/a")
        assert [(k.get("lang"), k.get("dir")) for k in kickers] == [("en", "ltr")], page
    german = doc(public, "de/sport/index.html")   # its own name: nothing marked, as in the main edition
    assert german.xpath("//h1/@lang") == german.xpath("//p[@class='kicker']/a/@lang") == []
    assert not doc(public, "sport/index.html").xpath("//p[@class='follow']/span")


def test_the_masthead_switcher_on_a_translated_story_leads_to_its_translation(tmp_path):
    """review44i: on the German version of a story the switcher's 'English' led to the English
    front page (/), so a reader switching language lost the story. It leads to the translation
    now; an edition without one, and every other page, keep the edition's front."""
    result = newsroom(tmp_path, {
        "flood": "title: River floods town\ndate: 2025-01-10T09:00:00+01:00\nlanguage: en",
        "flood-de": "title: Fluss flutet Stadt\ndate: 2025-01-10T10:00:00+01:00\nlanguage: de\ntranslation_of: flood.md",
        "other": "title: Le port\ndate: 2025-01-10T11:00:00+01:00\nlanguage: fr",
        "alone": "title: Hafen\ndate: 2025-01-10T12:00:00+01:00\nlanguage: de"})
    assert result.ok, result.errors
    public = tmp_path / "site/public"

    def switcher(page: str) -> list[str]:
        return doc(public, page + "/index.html").xpath("//nav[@class='editions']//a/@href")
    assert switcher("de/2025/01/fluss-flutet-stadt") == ["/2025/01/river-floods-town/", "/de/", "/fr/"]
    assert switcher("2025/01/river-floods-town") == ["/", "/de/2025/01/fluss-flutet-stadt/", "/fr/"]
    assert switcher("de/2025/01/hafen") == switcher("de") == ["/", "/de/", "/fr/"]



def test_the_switchers_deutsch_leads_to_the_german_not_the_austrian_version(tmp_path):
    """rf45a: b-en with a German b-de and a newer Austrian b-at (both /de/): the head's hreflang="de"
    named b-de, but the masthead's 'Deutsch' led to b-at, the edition's newest. Both now take the
    version in the edition's own language (site.edition_versions); the newest where there is none."""
    stories = {
        "b-en": "title: Beta story\ndate: 2025-01-10T09:00:00+01:00\nlanguage: en",
        "b-de": "title: Beta Geschichte\ndate: 2025-01-10T09:10:00+01:00\nlanguage: de\ntranslation_of: b-en.md",
        "b-at": "title: Beta Oesterreich\ndate: 2025-01-10T09:20:00+01:00\nlanguage: de-AT\ntranslation_of: b-en.md"}
    result = newsroom(tmp_path, stories)
    assert result.ok, result.errors
    public = tmp_path / "site/public"
    page = doc(public, "2025/01/beta-story/index.html")
    assert page.xpath("//nav[@class='editions']//a[@hreflang='de']/@href") == ["/de/2025/01/beta-geschichte/"]
    assert hreflangs(tmp_path, "2025/01/beta-story")["de"] == "/de/2025/01/beta-geschichte/"
    stories["b-de"] = "title: Hafen\ndate: 2025-01-10T09:10:00+01:00\nlanguage: de"   # no German version now:
    # the Austrian one, the edition's newest, as before
    shutil.rmtree(tmp_path / "site")
    assert newsroom(tmp_path, stories).ok
    page = doc(public, "2025/01/beta-story/index.html")
    assert page.xpath("//nav[@class='editions']//a[@hreflang='de']/@href") == ["/de/2025/01/beta-oesterreich/"]

def test_an_english_bio_on_the_german_author_page_is_marked_english(tmp_path):
    """review44i: authors.toml's English bio sat unmarked in <html lang="de"> on /de/authors/jane-doe/
    (a German voice), where the tagline and fallback title are marked. It is marked with the main
    language in another edition, and not in the main one."""
    result = newsroom(tmp_path, {
        "a": "title: River floods town\ndate: 2025-01-10T09:00:00+01:00\nlanguage: en\nauthors: [Jane Doe]",
        "b": "title: Fluss flutet Stadt\ndate: 2025-01-10T10:00:00+01:00\nlanguage: ar\nauthors: [Jane Doe]"},
        extra={"authors.toml": '["Jane Doe"]\nbio = "Jane Doe covers the city for the Courier."\n'})
    assert result.ok, result.errors
    public = tmp_path / "site/public"
    bio = "//div[@class='author-bio']/p"
    assert [(p.get("lang"), p.get("dir")) for p in doc(public, "ar/authors/jane-doe/index.html").xpath(bio)] == [("en", "ltr")]
    assert [(p.get("lang"), p.get("dir")) for p in doc(public, "authors/jane-doe/index.html").xpath(bio)] == [(None, None)]


def test_a_section_with_no_story_in_an_edition_writes_no_feed_and_advertises_none(tmp_path):
    """review44i: every edition's section with no story wrote feeds saying 'updated 1970-01-01' with
    no entry, and its page advertised them. An empty section is a page kept out of sitemaps and
    marked noindex until its first story: it has no feed until then either."""
    toml = NEWSROOM + '[sections.local]\nname = "Local"\n[sections.world]\nname = "World"\n'
    stories = {"a": "title: Council meets\ndate: 2025-01-01T08:00:00+01:00\nlanguage: en\nsection: local",
               "b": "title: مجلس المدينة\ndate: 2025-01-02T08:00:00+01:00\nlanguage: ar\nsection: world"}
    result = newsroom(tmp_path, stories, toml)
    assert result.ok, result.errors
    public = tmp_path / "site/public"
    for empty in ("ar/local", "world"):
        assert not (public / empty / "feed.xml").exists() and not (public / empty / "rss.xml").exists(), empty
        page = doc(public, empty + "/index.html")
        assert page.xpath("//link[@rel='alternate'][contains(@type, 'xml')]/@href") == \
            doc(public, (empty.split("/")[0] + "/" if "/" in empty else "") + "index.html").xpath(
                "//link[@rel='alternate'][contains(@type, 'xml')]/@href")   # the edition's own feeds alone
        assert not page.xpath("//p[@class='follow']")
    for full in ("ar/world", "local"):
        parsed = feedparser.parse((public / full / "feed.xml").read_bytes())
        assert len(parsed.entries) == 1 and not parsed.feed.updated.startswith("1970"), full
        assert doc(public, full + "/index.html").xpath("//p[@class='follow']"), full


def test_the_front_pages_hidden_heading_on_a_later_page_uses_the_catalogs_comma(tmp_path):
    """review44i: the hidden <h1> of /ar/page/2/ hard-coded ', ' ('...آخر الأخبار, الصفحة 2'),
    although ar.po translates '%(label)s, page %(number)s' with the Arabic comma (as the title does)."""
    toml = NEWSROOM.replace("[search]", "[build]\npage_size = 1\n[search]")
    result = newsroom(tmp_path, {
        "a": "title: Storm\ndate: 2025-01-01T08:00:00+01:00\nlanguage: en",
        "b": "title: عاصفة\ndate: 2025-01-02T08:00:00+01:00\nlanguage: ar",
        "c": "title: عاصفة ثانية\ndate: 2025-01-03T08:00:00+01:00\nlanguage: ar"}, toml)
    assert result.ok, result.errors
    (heading,) = doc(tmp_path / "site/public", "ar/page/2/index.html").xpath("//h1[@class='visually-hidden']")
    assert heading.text_content().endswith("، الصفحة 2"), heading.text_content()
    (english,) = doc(tmp_path / "site/public", "index.html").xpath("//h1[@class='visually-hidden']")
    assert english.text_content() == "The Courier: latest news"


def test_the_theme_words_on_an_uncatalogued_editions_lists_and_search_page_are_marked_english(tmp_path):
    """review48g 2: on the Swahili edition (the theme has no catalog for it: its words are English) the
    search page's heading, label, Pagefind's box and message, noscript and not-available lines, the
    index pages' headings and counts and the list pages' kickers were unmarked in <html lang="sw">,
    read in a Swahili voice, where the count, pager and menu were marked. Marked lang="en" now; the
    main edition's pages are as they were (nothing to mark)."""
    def tags(first: int) -> str:   # 26 topics in all (20 a story at most): the big site's topics page
        return "tags: [" + ", ".join(f"Mada {n}" for n in range(first, first + 20)) + "]"
    result = newsroom(tmp_path, {
        "a": "title: Ferry strike ends\ndate: 2025-01-01T08:00:00+01:00\nlanguage: en\nauthors: [Amina Juma]\n"
             "tags: [Mada 1]",
        "b": f"title: Habari za bandari\ndate: 2025-01-02T08:00:00+01:00\nlanguage: sw\nauthors: [Amina Juma]\n{tags(0)}",
        "c": f"title: Meli mpya\ndate: 2025-01-03T08:00:00+01:00\nlanguage: sw\n{tags(6)}"},
        NEWSROOM.replace("enabled = false", "enabled = true"))
    assert result.ok, result.errors
    public = tmp_path / "site/public"
    english = {"search/index.html": ["//h1", "//p[@id='search-label']",
                                     "//p[@id='search-status']", "//p[@id='search-unavailable']"],
               "index.html": ["//h1[@class='visually-hidden']", "//section[@class='top-stories']",
                              "//nav[@class='editions']"],
               "archive/index.html": ["//h1", "//p[@class='list-count']"],
               "authors/index.html": ["//h1", "//p[@class='list-count']"],
               "tags/index.html": ["//h1", "//p[@class='list-count']", "//h2[@id='top-topics']", "//h2[@id='all-topics']"],
               "archive/2025/01/index.html": ["//p[@class='kicker']"],
               "tags/mada-1/index.html": ["//p[@class='kicker']", "//p[@class='follow']"],
               "authors/amina-juma/index.html": ["//p[@class='kicker']"]}
    for page, paths in english.items():
        sw, en = doc(public, "sw/" + page), doc(public, page)
        assert sw.xpath("/html/@lang") == ["sw"]
        marked = [(p, sw.xpath(p + "/@lang"), sw.xpath(p + "/@dir")) for p in paths]
        assert marked == [(p, ["en"], ["ltr"]) for p in paths], page
        assert [p for p in paths if en.xpath(p + "/@lang")] == [], page
    noscript = (public / "sw/search/index.html").read_text(encoding="utf-8").split("<noscript>")[1]
    assert noscript.lstrip().startswith('<p lang="en" dir="ltr">Search runs in your browser'), noscript[:80]


def test_an_uncatalogued_editions_follow_line_front_headings_and_language_menu_are_marked_english(tmp_path):
    """rf48n 3: fix48g marked the list pages' kickers and the index pages' headings, not their
    neighbours: on the Swahili edition (no catalog: the theme's words are English) "Follow World:
    Atom feed, RSS feed", the front page's hidden heading, "Top stories", "More stories" and the
    editions menu's "Language" were unmarked in <html lang="sw">, read in a Swahili voice. Marked
    lang="en" now, the names inside them (the section's, the site's title) keeping their own."""
    stories = {"a": "title: Ferry strike ends\ndate: 2025-01-01T08:00:00+01:00\nlanguage: en"}
    stories.update((f"s{n}", f"title: Habari {n}\ndate: 2025-01-0{n}T08:00:00+01:00\nlanguage: sw\nsection: world\n"
                   "tags: [Mada]") for n in range(2, 7))
    result = newsroom(tmp_path, stories, NEWSROOM + '[sections.world]\nname = "World"\n')
    assert result.ok, result.errors
    public = tmp_path / "site/public"
    front, section = doc(public, "sw/index.html"), doc(public, "sw/world/index.html")
    paths = {front: ["//h1[@class='visually-hidden']", "//section[@class='top-stories']", "//h2[@id='latest-title']",
                     "//nav[@class='editions']"],
             section: ["//p[@class='follow']", "//nav[@class='editions']"]}
    for page, found in paths.items():
        assert page.xpath("/html/@lang") == ["sw"]
        assert [(p, page.xpath(p + "/@lang"), page.xpath(p + "/@dir")) for p in found] == [
            (p, ["en"], ["ltr"]) for p in found]
    (title,) = front.xpath("//h1[@class='visually-hidden']/span")   # the main one's: its language
    assert (title.text, title.get("lang"), title.get("dir")) == ("The Courier", "en", "ltr")
    assert [(a.get("lang"), a.text) for a in section.xpath("//p[@class='follow']/span")] == [("en", "World")]
    topic = doc(public, "sw/tags/mada/index.html").xpath("//p[@class='follow']")[0]   # a name in the page's own
    assert (topic.get("lang"), [(a.get("lang"), a.get("dir"), a.text) for a in topic.xpath("span")]) == (
        "en", [("sw", "ltr", "Mada")])
    english = doc(public, "index.html")
    assert english.xpath("//*[self::h1 or self::section or self::h2 or self::nav or self::p][@lang]") == []
