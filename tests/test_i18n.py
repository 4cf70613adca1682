"""sitegen/i18n.py: its command line, `python -m sitegen.i18n`, the shipped catalogs' plurals and
what catalog_warnings counts as translated (its dates, numbers and catalogs are otherwise tested
through the pages that use them: test_editions.py, test_seo.py)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from sitegen.config import DEFAULT_THEME


@pytest.mark.parametrize("args, status, said", [
    (["--help"], 0, "Rewrite "), (["-h"], 0, "messages.pot"), (["--theme", "x"], 2, "unrecognized arguments"),
])
def test_help_or_a_wrong_argument_never_rewrites_the_catalog_template(args, status, said):
    """`python -m sitegen.i18n --help` read no argument: it rewrote templates/locales/messages.pot
    and printed nothing (fix35b)."""
    pot = DEFAULT_THEME / "locales" / "messages.pot"
    before = (pot.stat().st_mtime_ns, pot.read_bytes())
    done = subprocess.run([sys.executable, "-m", "sitegen.i18n", *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == status and said in done.stdout + done.stderr, done
    assert (pot.stat().st_mtime_ns, pot.read_bytes()) == before


SHIPPED = sorted((DEFAULT_THEME / "locales").glob("*.po"))


@pytest.mark.parametrize("po", SHIPPED, ids=lambda p: p.stem)
def test_every_count_shows_one_of_the_shipped_catalogs_own_plural_forms(po):
    """fr.po, es.po and pt.po left msgstr[2] empty: CLDR's 'other', the form of every count from 2
    (but millions), so Babel's compiled catalog gave the English '5 stories', '2 topics' on French,
    Spanish and Brazilian pages and the build said nothing (review41b, fault 1)."""
    from babel.messages.pofile import read_po
    from sitegen.i18n import translations
    with po.open("rb") as fh:
        plurals = [m for m in read_po(fh) if isinstance(m.id, tuple)]
    assert plurals
    said = translations([DEFAULT_THEME], po.stem)
    for message in plurals:
        for n in (*range(30), 101, 1_000, 1_000_000):
            shown = said.ngettext(*message.id, n)
            assert shown and shown in message.string, (po.stem, message.id, n, shown)


def _site_catalog(tmp_path, language: str, old: str, new: str):
    """The site's own templates/locales/LANG.po: the theme's with `old` replaced by `new`."""
    text = (DEFAULT_THEME / "locales" / f"{language}.po").read_text(encoding="utf-8")
    assert old in text
    po = tmp_path / "templates" / "locales" / f"{language}.po"
    po.parent.mkdir(parents=True)
    po.write_text(text.replace(old, new, 1), encoding="utf-8")
    return [tmp_path / "templates", DEFAULT_THEME], po


def test_a_plural_with_an_empty_form_is_warned_about_as_shown_in_english(tmp_path):
    """catalog_warnings counted a plural as translated by its first form alone: the French pages
    said '5 stories' while the build warned of nothing (review41b, fault 1)."""
    from sitegen.i18n import catalog_warnings, translations
    dirs, po = _site_catalog(tmp_path, "fr", 'msgstr[2] "%(num)s articles"', 'msgstr[2] ""')
    assert translations(dirs, "fr").ngettext("%(num)s story", "%(num)s stories", 5) == "%(num)s stories"
    assert catalog_warnings(dirs, ["en", "fr"]) == [
        f"{po}: 1 plural(s) with an empty msgstr[n], shown in English for the counts that take that form: "
        "'%(num)s story'; fill every msgstr[n] of each"]


def test_a_fuzzy_translation_gettext_leaves_out_is_warned_about(tmp_path):
    """A '#, fuzzy' entry (msgmerge marks every string whose English changed so) is left out of the
    compiled catalog, so the page shows the English; catalog_warnings counted it as translated and
    the build said nothing (review41b, fault 5)."""
    from sitegen.i18n import catalog_warnings, translations
    dirs, po = _site_catalog(tmp_path, "de", 'msgid "Atom feed"', '#, fuzzy\nmsgid "Atom feed"')
    assert translations(dirs, "de").gettext("Atom feed") == "Atom feed"
    assert catalog_warnings(dirs, ["en", "de"]) == [
        f"{po}: 1 translation(s) marked '#, fuzzy', which gettext leaves out, so shown in English: 'Atom feed'; "
        "check each and delete its '#, fuzzy' line"]


@pytest.mark.parametrize("code, name, written_in", [
    ("sm", "Samoan", "en"), ("fj", "Fijian", "en"), ("tet", "Tetum", "en"), ("mh", "Marshallese", "en"),
    ("sm-ws", "Samoan (Samoa)", "en"), ("zz", "zz", "zz"),            # CLDR has no name: the tag itself
    ("de-xx", "Deutsch", "de-xx"), ("pt-br", "Português (Brasil)", "pt-br"), ("en", "English", "en")])
def test_a_language_cldr_has_no_locale_for_is_named_in_english_not_called_english(code, name, written_in):
    """language_name fell back to the English locale's own name: a Samoan, Fijian, Tetum or
    Marshallese edition was 'English' in the switcher, beside the real English (review41b, fault 3)."""
    from sitegen.i18n import language_name, name_language
    assert (language_name(code), name_language(code)) == (name, written_in)


@pytest.mark.parametrize("zone, month, language, ends", [
    ("Europe/Berlin", 3, "de", "14:34 MEZ"), ("Europe/Berlin", 7, "de", "14:34 MESZ"),
    ("Europe/Vienna", 3, "de-at", "14:34 MEZ"),
    ("Europe/Berlin", 3, "fr", "14:34 CET"),            # CLDR has no French short name: tzdata's
    ("Europe/Berlin", 3, "en", "2:34\u202fPM CET"), ("America/New_York", 7, "de", "14:34 EDT"),
    ("UTC", 3, "de", "14:34 UTC"), ("Asia/Tokyo", 3, "ja", "14:34 JST")])
def test_a_time_names_its_zone_the_languages_way_where_cldr_has_a_name(zone, month, language, ends):
    """German pages said '5. März 2026, 14:34 CET': German newsrooms write MEZ/MESZ, as CLDR has
    it (review41b, fault 6). Only a name CLDR gives the language: else the zone's abbreviation."""
    from datetime import datetime
    from zoneinfo import ZoneInfo
    from sitegen.i18n import datetime_text
    assert datetime_text(datetime(2026, month, 5, 14, 34, tzinfo=ZoneInfo(zone)), language).endswith(ends)


@pytest.mark.parametrize("zone, language, ends", [
    ("Asia/Jerusalem", "en", "10:00\u202fAM GMT+2"), ("Asia/Kolkata", "en", "10:00\u202fAM GMT+5:30"),
    ("Asia/Shanghai", "en", "10:00\u202fAM GMT+8"), ("Asia/Kolkata", "ar", "غرينتش+5:30"),
    ("America/Chicago", "de", "10:00 GMT-6"), ("Asia/Manila", "en", "GMT+8"),
    ("America/Chicago", "en", "10:00\u202fAM CST"),     # CLDR's own name for English readers stays
    ("Europe/London", "en", "10:00\u202fAM GMT"), ("Africa/Cairo", "en", "10:00\u202fAM EET")])
def test_two_zones_sharing_an_abbreviation_show_times_a_reader_can_tell_apart(zone, language, ends):
    """review47f 7: a Jerusalem story showed '10:00 AM IST' (+02:00) and a Kolkata one '10:00 AM IST'
    (+05:30); Shanghai 'CST', also US Central. Where CLDR has no name, a shared one is the GMT offset."""
    from datetime import datetime
    from zoneinfo import ZoneInfo
    from sitegen.i18n import datetime_text
    shown = datetime_text(datetime(2026, 12, 1, 10, tzinfo=ZoneInfo(zone)), language)
    assert shown.endswith(ends), shown


def test_the_sites_own_zone_keeps_its_abbreviation_another_zones_story_shows_its_offset(tmp_path):
    """rf47o 4: a one-zone Indian English site's datelines all changed from '10:00 AM IST' to 'GMT+5:30'
    (a Dublin site's summer IST to GMT+1): its readers had nothing to tell apart. The site's zone keeps
    tzdata's abbreviation; only a story in another zone (`timezone:`) that shares it shows its offset."""
    from tests.builders import build, starter_site
    root = starter_site(tmp_path, {})
    toml = root / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('timezone = "UTC"', 'timezone = "Asia/Kolkata"', 1),
                    encoding="utf-8")
    story = root / "content" / "s2.md"
    story.write_text(story.read_text(encoding="utf-8").replace("language:", "timezone: Asia/Jerusalem\nlanguage:", 1),
                     encoding="utf-8")
    build(root)
    home = next(p for p in (root / "public").rglob("index.html") if "council-story-1" in str(p))
    there = next(p for p in (root / "public").rglob("index.html") if "council-story-2" in str(p))
    assert "3:30\u202fPM IST" in home.read_text(encoding="utf-8")
    assert "12:00\u202fPM GMT+2" in there.read_text(encoding="utf-8")


@pytest.mark.parametrize("home, other, month", [
    ("Asia/Manila", "America/Los_Angeles", 12), ("Asia/Shanghai", "America/Chicago", 12),
    ("America/Havana", "America/Chicago", 12), ("America/Havana", "America/Chicago", 7),
    ("Asia/Kolkata", "Asia/Jerusalem", 12), ("Asia/Jerusalem", "Asia/Kolkata", 7)])
def test_the_sites_own_zones_name_is_not_shown_for_another_clock_too(home, other, month):
    """rf48a 1: a Manila site showed its own '10:00 AM PST' (UTC+8) and a Los Angeles story's
    '10:00 AM PST' (UTC-8, CLDR's English name); a Shanghai or Havana site's CST and Chicago's too.
    The other clock shows its GMT offset where its name is one the site's zone goes by."""
    from datetime import datetime
    from zoneinfo import ZoneInfo
    from sitegen.i18n import datetime_text
    at = datetime(2026, month, 1, 10, 0)
    mine = datetime_text(at.replace(tzinfo=ZoneInfo(home)), "en", home).rsplit(" ", 1)[1]
    theirs = datetime_text(at.replace(tzinfo=ZoneInfo(other)), "en", home).rsplit(" ", 1)[1]
    assert mine != theirs and theirs.startswith("GMT"), (mine, theirs)


@pytest.mark.parametrize("home, other, month, shown", [
    ("Asia/Kolkata", "Asia/Calcutta", 12, "IST"), ("Asia/Jerusalem", "Asia/Tel_Aviv", 12, "IST"),
    ("Europe/Dublin", "Eire", 7, "IST"), ("Australia/Sydney", "Australia/Brisbane", 7, "AEST"),
    ("Australia/Sydney", "Australia/Brisbane", 1, "AEST"), ("Europe/London", "Africa/Abidjan", 7, "GMT")])
def test_the_sites_clock_by_another_name_is_the_sites_clock(home, other, month, shown):
    """rf48a 3: a Kolkata site's story with `timezone: Asia/Calcutta` (the name the did-you-mean
    suggests) showed 'GMT+5:30' beside the site's 'IST': the same clock, told by its zone's name. A
    clock the site's zone also keeps (Brisbane's AEST in a Sydney summer) keeps its name too."""
    from datetime import datetime
    from zoneinfo import ZoneInfo
    from sitegen.i18n import datetime_text
    at = datetime(2026, month, 1, 10, 0, tzinfo=ZoneInfo(other))
    assert datetime_text(at, "en", home).endswith(f"AM {shown}"), datetime_text(at, "en", home)


def test_the_shared_abbreviations_are_those_the_installed_tzdata_shares():
    """SHARED_ABBREVIATIONS against tzdata itself: each abbreviation of January and July 2000-2030
    that stands for more than one offset (a tzdata update that shares another fails here)."""
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo, available_timezones
    from sitegen.i18n import SHARED_ABBREVIATIONS
    offsets: dict[str, set] = {}
    for name in sorted(available_timezones()):
        zone = ZoneInfo(name)
        for year in range(2000, 2031, 5):
            for month in (1, 7):
                local = datetime(year, month, 1, 12, tzinfo=timezone.utc).astimezone(zone)
                offsets.setdefault(local.tzname(), set()).add(local.utcoffset())
    assert {a for a, found in offsets.items() if a.isalpha() and len(found) > 1} == SHARED_ABBREVIATIONS


@pytest.mark.parametrize("zone, when, language, ends", [
    ("Europe/Dublin", "2026-01-15T10:00:00Z", "en-ie", "10:00 GMT"),     # was 'IST': a negative dst()
    ("Europe/Dublin", "2026-07-15T10:00:00Z", "en-ie", "11:00 IST"),     # was 'GMT' for +01:00
    ("Africa/Casablanca", "2026-01-15T10:00:00Z", "de", "11:00 +01"),    # was 'WEZ' (UTC+0) for +01:00
    ("Africa/Casablanca", "2024-07-15T12:00:00Z", "de", "13:00 +01"),    # was 'WEZ': standard time's name,
    ("Africa/Casablanca", "2024-07-15T12:00:00Z", "en-gb", "13:00 +01"),  # +00, for Lisbon's WEST clock (rf48j 4)
    ("Europe/Lisbon", "2024-07-15T12:00:00Z", "de", "13:00 WESZ"),
    ("Europe/Lisbon", "2024-01-15T12:00:00Z", "de", "12:00 WEZ"),
    ("Europe/Lisbon", "1994-01-15T12:00:00Z", "de", "13:00 CET"),        # was 'WEZ': Lisbon kept CET then
    ("Europe/Kaliningrad", "2012-01-15T12:00:00Z", "de", "15:00 +03"),   # was 'OEZ' (+02)
    ("Europe/Berlin", "1945-06-15T12:00:00Z", "de", "15:00 CEMT"),       # was 'MESZ' (+02)
    ("Australia/Sydney", "2026-01-15T12:00:00Z", "en-au", "AEDT"),
    ("Europe/Berlin", "2026-03-29T01:00:00Z", "de", "03:00 MESZ"),
])
def test_a_zone_name_names_the_clock_shown(zone, when, language, ends):
    """CLDR's name for a zone's metazone is given only for the clock it names (review41m, fault 2):
    Babel's metazones are today's, blind to dates, and Ireland's winter is a negative dst()."""
    from datetime import datetime
    from zoneinfo import ZoneInfo
    from sitegen.i18n import datetime_text
    dt = datetime.fromisoformat(when).astimezone(ZoneInfo(zone))
    assert datetime_text(dt, language).endswith(ends), datetime_text(dt, language)


@pytest.mark.parametrize("zone, name", [("Africa/Algiers", "MEZ"), ("Africa/Tunis", "MEZ"), ("Africa/Tripoli", "OEZ"),
                                        ("Europe/Kaliningrad", "OEZ")])
def test_a_zone_on_one_clock_all_year_keeps_one_name(zone, name):
    """rf48q 2: CLDR's name was kept only where most of the metazone's zones kept the same clock at that
    moment, so a zone on standard time all year lost it while Europe was on summer time: Algiers was
    '13:00 MEZ' on 1 January and '13:00 CET' on 1 April. The name stands for the metazone's standard
    (or summer) offset of the year, whatever the season."""
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo
    from sitegen.i18n import datetime_text
    for month in (1, 4, 7, 10, 12):
        dt = datetime(2024, month, 1, 12, tzinfo=timezone.utc).astimezone(ZoneInfo(zone))
        assert datetime_text(dt, "de", zone).endswith(f" {name}"), (month, datetime_text(dt, "de", zone))


def test_casablanca_in_ramadan_keeps_one_name_all_month():
    """rf48q 2: Casablanca's Ramadan clock (+00, 10 March to 14 April 2024) is WEZ's; it was 'WEZ' until
    Lisbon moved to summer time on 31 March and '+00' after."""
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo
    from sitegen.i18n import datetime_text
    zone = ZoneInfo("Africa/Casablanca")
    for day in ((3, 25), (4, 1), (4, 10)):
        dt = datetime(2024, *day, 12, tzinfo=timezone.utc).astimezone(zone)
        assert datetime_text(dt, "de", "Africa/Casablanca").endswith(" 12:00 WEZ"), datetime_text(dt, "de")


def test_a_po_catalog_saved_with_a_bom_is_read(tmp_path):
    """A German site's templates/locales/de.po saved with a UTF-8 byte order mark was 'not a valid .po file
    (Unknown or misformatted keyword on 0)': the site was published with English chrome (review47g 3)."""
    import re
    from builders import build, starter_site
    po = (DEFAULT_THEME / "locales" / "de.po").read_text(encoding="utf-8")
    assert 'msgstr "Themen"' in po
    root = starter_site(tmp_path, {"templates/locales/de.po": "\ufeff" + po.replace('msgstr "Themen"', 'msgstr "Schlagworte"')})
    toml = root / "site.toml"
    toml.write_text(re.sub(r'(?m)^language = "en"', 'language = "de"', toml.read_text(encoding="utf-8")), encoding="utf-8")
    for story in (root / "content").glob("*.md"):
        story.write_text(story.read_text(encoding="utf-8").replace("language: en", "language: de"), encoding="utf-8")
    result = build(root)
    assert result.ok, result.errors
    assert not [w for w in result.warnings if "de.po" in w], result.warnings
    assert "Schlagworte" in (root / "public" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("zone, home, ends", [
    ("Africa/Lagos", "Europe/London", "9:00\u202fAM WAT"),     # +01:00 both in summer: BST is London's
    ("Asia/Colombo", "Asia/Kolkata", "9:00\u202fAM +0530")])    # +05:30 both: IST is Kolkata's
def test_another_clock_at_the_home_offset_keeps_its_own_name(zone, home, ends):
    """review48m 6: the site's own clock is told by offset AND abbreviation (i18n.py datetime_text);
    by offset alone (mutant I1, which the file let through) a Lagos time on a London site in summer
    read '9:00 AM BST' and a Colombo time on a Kolkata site 'IST': another country's clock named as
    the readers' own."""
    from datetime import datetime
    from zoneinfo import ZoneInfo
    from sitegen.i18n import datetime_text
    shown = datetime_text(datetime(2025, 7, 1, 9, 0, tzinfo=ZoneInfo(zone)), "en", home)
    assert shown == f"July 1, 2025, {ends}", shown


def test_a_cldr_name_that_is_the_abbreviation_is_kept_for_a_zone_its_metazone_counts_otherwise():
    """review48m 7 (mutant I2): English CLDR's 'CDT' for Chicago in July is tzdata's own; it stays,
    though _metazone_offset's count of America_Central puts the metazone at -6 in July."""
    from datetime import datetime
    from zoneinfo import ZoneInfo
    from sitegen.i18n import datetime_text
    shown = datetime_text(datetime(2025, 7, 10, 12, tzinfo=ZoneInfo("America/Chicago")), "en", "Europe/London")
    assert shown == "July 10, 2025, 12:00\u202fPM CDT", shown


def test_a_us_zones_summer_time_has_its_cldr_name_in_french_canadian():
    """review48m 7: Chicago in July on a Tokyo site read '12 h 00 UTC-5' in fr_CA, not CLDR's 'HAC'."""
    from datetime import datetime
    from zoneinfo import ZoneInfo
    from sitegen.i18n import datetime_text
    shown = datetime_text(datetime(2025, 7, 10, 12, tzinfo=ZoneInfo("America/Chicago")), "fr_CA", "Asia/Tokyo")
    assert shown == "10 juillet 2025, 12 h 00 HAC", shown


def test_simplified_chinese_of_a_traditional_region_speaks_the_simplified_catalog(tmp_path):
    """review49f 5: i18n._catalog_names (i18n.py:358) takes 'hk', 'mo' or 'tw' in a tag for Traditional before
    looking at its script, so 'zh-hans-hk' (a Hong Kong desk writing for mainland readers; the site keeps the
    script, langtag) gets zh-tw.po: its pages say 釋出於 ('Published') in Traditional characters beside its
    Simplified stories, where catalog_path promises 'never the other script'. The script decides first."""
    from builders import build
    from sitegen.i18n import catalog_path
    dirs = [DEFAULT_THEME]
    assert catalog_path(dirs, "zh-hans-hk").name == "zh.po"
    assert catalog_path(dirs, "zh-hans-tw").name == "zh.po"
    assert catalog_path(dirs, "zh-hant-cn").name == "zh-tw.po"   # the other way holds already
    for language, catalog in (("zh-hk", "zh-tw.po"), ("zh-mo", "zh-tw.po"), ("zh-sg", "zh.po"), ("zh", "zh.po"),
                              ("cmn-hant-tw", "zh-tw.po"), ("cmn", "zh.po"), ("pt-br", "pt.po")):
        assert catalog_path(dirs, language).name == catalog, language   # the neighbours: region, Mandarin, others
    (tmp_path / "content").mkdir()
    (tmp_path / "site.toml").write_text('[site]\ntitle = "Courier"\nbase_url = "https://example.org/"\n'
                                        '[search]\nenabled = false\n', encoding="utf-8")
    for name, lang, title in (("a", "en", "Harbour reopens"), ("b", "zh-Hans-HK", "港口重新开放")):
        (tmp_path / "content" / f"{name}.md").write_text(
            f"---\ntitle: {title}\ndate: 2025-01-10T09:00:00Z\nlanguage: {lang}\n---\nBody.\n", encoding="utf-8")
    result = build(tmp_path)
    assert result.ok, result.errors
    page = next((tmp_path / "public").glob("zh-*/2025/01/*/index.html")).read_text(encoding="utf-8")
    assert "发布于" in page and "釋出於" not in page


# review51d ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("tag, direction", [
    ("ur-latn", "ltr"),    # Roman Urdu: Pakistani news sites and social desks write it
    ("ug-cyrl", "ltr"),    # Uyghur in Cyrillic (Kazakhstan's Uyghur press)
    ("ckb-latn", "ltr"),   # Sorani Kurdish in Latin letters
    ("yi-latn", "ltr"),    # YIVO-romanised Yiddish
    ("pnb", "rtl"),        # Western Punjabi, written in Shahmukhi (Arabic script)
    ("arz", "rtl"),        # Egyptian Arabic
    ("azb", "rtl"),        # South Azerbaijani (Iran), Arabic script
    ("ky-arab", "rtl"),    # Kyrgyz in Arabic script (Xinjiang)
    ("sw-arab", "rtl"),    # Swahili in Ajami
    ("ar-eg", "rtl"), ("he", "rtl"), ("ckb", "rtl"), ("pa-arab", "rtl"), ("pa", "ltr"), ("dv", "rtl"),
    ("ff-adlm", "rtl"), ("en", "ltr"), ("ja", "ltr"), ("qaa", "ltr"),   # neighbours; an unknown code is 'ltr'
    ("ur-Latn", "ltr"), ("ar_EG", "rtl"),                                # as a template might write it
])
def test_a_languages_script_decides_its_direction(tag, direction):
    """review51d 1: i18n.text_direction (i18n.py:245-255) asks Babel for the tag's locale, else its
    language's alone, and answers 'ltr' when CLDR has neither. It never looks at the script: a script
    subtag CLDR has no locale for falls back to the language's usual script ('ur-latn' -> 'ur' -> rtl;
    'ky-arab' -> 'ky' -> ltr), and a language CLDR has no locale for is 'ltr' though CLDR's likely
    subtags give it an Arabic script ('pnb' -> pnb_Arab_PK). The tag is kept as written (langtag keeps
    the script), so `<html lang="ur-Latn" dir="rtl">`: views.against_direction rescues the body's
    paragraphs, but the headline, standfirst, byline, dateline, every teaser of the story and the
    page's chrome are laid out in the wrong direction (right-aligned Latin, full stops on the wrong
    side). The script (the tag's, else CLDR's likely one) should decide: Arab, Hebr, Thaa, Syrc,
    Nkoo, Adlm, Rohg ... are right to left, the rest left to right."""
    from sitegen.i18n import text_direction
    assert text_direction(tag) == direction


def test_a_roman_urdu_story_and_a_shahmukhi_one_are_laid_out_in_their_scripts_direction(tmp_path):
    """review51d 1, as a reader meets it: the story's <html> and <article> carried the wrong dir, and
    Roman Urdu's dateline was in Arabic script. Each page and its teaser on the front page now follow
    the script; the Roman Urdu date is English (Babel has no ur_Latn locale), in Latin letters."""
    import re
    from builders import build, starter_site
    from sitegen.langtag import scripts_in
    root = starter_site(tmp_path, {
        "content/ur.md": "---\ntitle: Karachi mein barish ke baad sailab\nlanguage: ur-Latn\ndate: 2025-01-10\n---\n"
                         "Shehar ke kai ilaqon mein pani bhar gaya.\n",
        "content/pnb.md": "---\ntitle: لہور وچ نواں پل کھلیا\nlanguage: pnb\ndate: 2025-01-11\n---\n"
                          "اج لہور وچ نواں پل کھول دتا گیا۔\n"})
    toml = root / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("[site]\n", "[site]\neditions = false\n", 1), encoding="utf-8")
    result = build(root)
    assert result.ok, result.errors
    pages = {p.parent.name: p.read_text(encoding="utf-8") for p in (root / "public").glob("2025/01/*/index.html")}
    urdu = pages["karachi-mein-barish-ke-baad-sailab"]
    punjabi = next(v for v in pages.values() if '<html lang="pnb"' in v)   # (the Urdu page links it too)
    assert '<html lang="ur-Latn" dir="ltr">' in urdu, re.search(r"<html[^>]*>", urdu)[0]
    assert '<article class="story" lang="ur-Latn" dir="ltr"' in urdu, re.search(r'<article class="story"[^>]*>', urdu)[0]
    assert '<html lang="pnb" dir="rtl">' in punjabi, re.search(r"<html[^>]*>", punjabi)[0]
    assert '<article class="story" lang="pnb" dir="rtl"' in punjabi, re.search(r'<article class="story"[^>]*>', punjabi)[0]
    dateline = re.search(r'<time datetime="2025-01-10"[^>]*>([^<]*)</time>', urdu)[1]
    assert dateline == "January 10, 2025" and scripts_in(dateline) == {"LATIN"}, dateline
    front = (root / "public/index.html").read_text(encoding="utf-8")
    assert '<article class="teaser" lang="ur-latn" dir="ltr">' in front, re.findall(r'<article class="teaser[^>]*>', front)
    assert '<article class="teaser teaser-lead" lang="pnb" dir="rtl">' in front, re.findall(r'<article class="teaser[^>]*>', front)


@pytest.mark.parametrize("tag, script", [("ur-latn", "LATIN"), ("ckb-latn", "LATIN"), ("yi-latn", "LATIN"),
                                         ("ug-cyrl", "CYRILLIC")])
def test_a_storys_dates_are_in_its_own_script(tag, script):
    """review51d 1, the same root: i18n.locale (i18n.py:23-29) gives Babel the tag, and Babel, which has
    no ur_Latn locale, answers with ur (Arabic script) instead of failing. A Roman Urdu story's dateline
    then reads '10 جنوری، 2025' under a Latin headline, and its edition is named 'اردو' in the language
    switcher (language_name). Expected: a date in the story's own script, or the English fallback the
    module uses for a language CLDR does not have: Latin letters either way for a -latn tag."""
    from datetime import datetime, timezone
    from sitegen.i18n import day_text
    from sitegen.langtag import scripts_in
    shown = day_text(datetime(2025, 1, 10, tzinfo=timezone.utc), tag)
    assert scripts_in(shown) <= {script, "LATIN"}, shown


def test_every_cldr_locale_keeps_its_own_direction_and_dates():
    """review51d 1's fix reads the direction from the script and keeps Babel's locale only when it writes the
    tag's script: no locale CLDR has is lost to English by it, and each keeps CLDR's own direction -- but
    Mongolian script's top to bottom ('ttb', which Babel answered and the page wrote as dir="ttb", no
    value of HTML's dir) is 'ltr', its letters' bidirectional class; CSS's writing-mode turns it upright."""
    from babel import Locale
    from babel.localedata import locale_identifiers
    from sitegen.i18n import locale, text_direction
    from sitegen.langtag import language_tag
    checked = 0
    for ident in locale_identifiers():
        if ident == "root":
            continue
        tag, own = language_tag(ident), Locale.parse(ident)
        expected = "ltr" if own.text_direction == "ttb" else own.text_direction
        assert text_direction(tag) == expected, (ident, tag)
        assert locale(tag).language == own.language, (ident, tag)
        checked += 1
    assert checked > 700 and text_direction("mn-mong") == "ltr"


@pytest.mark.parametrize("tag, name, said_in", [
    ("ur-latn", "Urdu", "en"),              # Roman Urdu: no 'اردو' (Arabic script) on its switcher link
    ("ug-cyrl", "Uyghur", "en"), ("ckb-latn", "Central Kurdish", "en"),
    ("ur", "اردو", "ur"), ("sr-latn", "Srpski (latinica)", "sr-latn"), ("sr", "Српски", "sr"),   # CLDR's own script
    ("de-xx", "Deutsch", "de-xx"),          # a region CLDR lacks is still its language's
    ("sm", "Samoan", "en")])
def test_a_languages_name_is_in_its_own_script_else_english(tag, name, said_in):
    """review51d 1: language_name('ur-latn') was 'اردو', Babel's ur locale, which it answers for ur_Latn."""
    from sitegen.i18n import language_name, name_language
    assert (language_name(tag), name_language(tag)) == (name, said_in)


def test_a_list_of_names_is_joined_in_the_tags_script():
    """review51d 1's neighbour: a Roman Urdu byline was joined 'A، B، اور C' (Urdu's Arabic-script list
    pattern); it is joined as English now, as for a language Babel does not know. Urdu keeps its own."""
    from sitegen.i18n import list_pieces
    assert list_pieces(3, "ur-latn") == ("", ", ", " and ", "")
    assert list_pieces(3, "ur") == ("", "، ", "، اور ", "")


def test_rf51d_a_script_variant_written_the_other_way_speaks_no_catalog_of_its_language_in_the_other_direction(tmp_path):
    """fix51d made 'ar-latn' (Arabizi) and Roman Urdu pages ltr, with English dates, for readers of
    Latin letters; but _catalog_names still fell back to the language's catalog, so an 'ar-latn'
    page's menu and labels were the theme's ar.po, Arabic words right to left in a left-to-right
    page (before, the page was rtl throughout). A catalog in the other direction is no fallback:
    English words, as for a language with no catalog. One of the same direction still is
    ('sr-latn' speaks a site's Cyrillic sr.po, review49f: Serbian readers read both)."""
    from builders import build
    from sitegen.i18n import catalog_path
    site_locales = tmp_path / "own"
    (site_locales / "locales").mkdir(parents=True)
    for name in ("sr", "ur", "pa"):
        (site_locales / "locales" / f"{name}.po").write_text("", encoding="utf-8")
    dirs = [site_locales, DEFAULT_THEME]
    assert catalog_path(dirs, "ar-latn") is None and catalog_path(dirs, "he-latn") is None
    assert catalog_path(dirs, "ur-latn") is None and catalog_path(dirs, "pa-arab") is None
    for language, catalog in (("sr-latn", "sr.po"), ("ar-eg", "ar.po"), ("ur-in", "ur.po"), ("pa-in", "pa.po"),
                              ("he", "he.po"), ("de-at", "de.po"), ("zh-latn", "zh.po")):
        assert catalog_path(dirs, language).name == catalog, language   # the neighbours keep theirs
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "site.toml").write_text('[site]\ntitle = "Courier"\nbase_url = "https://example.org/"\n'
                                    '[search]\nenabled = false\n', encoding="utf-8")
    for name, lang, title in (("a", "en", "Harbour reopens"), ("b", "ar-Latn", "El mina2 yeftah")):
        (root / "content" / f"{name}.md").write_text(
            f"---\ntitle: {title}\ndate: 2025-01-10T09:00:00Z\nlanguage: {lang}\n---\nBody.\n", encoding="utf-8")
    result = build(root)
    assert result.ok, result.errors
    page = (root / "public/ar-latn/index.html").read_text(encoding="utf-8")
    assert '<html lang="ar-Latn" dir="ltr">' in page
    assert not any("\u0600" <= c <= "\u06ff" for c in page.split("<body", 1)[1]), "Arabic letters on a Latin page"


@pytest.mark.parametrize("tag, same_as, edition", [("cmn-Hant-TW", "zh-TW", "cmn-hant-tw"), ("zh-cmn-Hans", "zh", "cmn-hans"),
                                                    ("zh-yue", "yue", "yue"), ("zh-yue-HK", "yue", "yue")])
def test_mandarin_and_extlang_tags_date_a_story_as_their_language_does(tmp_path, tag, same_as, edition):
    """review55b 5: README: "`zh-hk`, `zh-mo`, `zh-hant` and `cmn-hant-tw` speak `zh-tw.po`", and `cmn-Hant-TW`
    is `zh-tw` in Google News. The catalog is right, but i18n.locale gives Babel 'cmn_Hant_TW', which it does
    not know (it knows 'cmn' and 'cmn_Hans_CN' as aliases of zh_Hans_CN), so the date falls back to English:
    "釋出於 January 15, 2025, 9:00 AM UTC", the English unmarked (it inherits lang="cmn-Hant-TW"), and og:locale
    is left out. The same for BCP 47's extlang spellings, which langtag.language_tag keeps as written
    (RFC 5646 4.5 replaces them: zh-cmn-Hans is cmn-Hans, zh-yue is yue): `lang="zh-cmn-Hans"` is what a
    decade of Chinese front-end guides put on <html>, zh-yue is Cantonese Wikipedia's code. Each reads
    "发布于 January 15, 2025, 9:00 AM UTC" and is an edition of its own beside `zh`/`yue`. Expected: the
    date as a story in the same language and script is dated (zh-TW's "2025年1月15日 上午9:00"), an og:locale."""
    import re
    from conftest import FIXED_NOW, write_files
    from sitegen.build import Builder, BuildOptions
    from sitegen.config import load_config
    def story(slug: str, language: str) -> str:
        return (f"---\ntitle: 新聞 {slug}\ndate: 2025-01-15T09:00:00+00:00\nslug: {slug}\nlanguage: {language}\n---\n"
                "港口今日開放，市民踴躍參觀。\n")
    write_files(tmp_path, {"site.toml": '[site]\nbase_url = "https://example.org/"\n[search]\nenabled = false\n',
                           "content/en.md": "---\ntitle: News\ndate: 2025-01-15T09:00:00+00:00\n---\nText.\n",
                           "content/a.md": story("tagged", tag), "content/b.md": story("plain", same_as)})
    result = Builder(load_config(tmp_path), BuildOptions()).build(now=FIXED_NOW)
    assert result.ok, result.errors
    pages = {p.parent.name: p.read_text(encoding="utf-8") for p in (tmp_path / "public").rglob("index.html")
             if p.parent.name in ("tagged", "plain")}
    dates = {slug: re.search(r'<span class="published"[^>]*>.*?<time [^>]*>([^<]*)</time>', page)[1]
             for slug, page in pages.items()}
    assert "January" not in dates["plain"]   # the language's own date (held)
    assert dates["tagged"] == dates["plain"], dates
    assert re.search(r'<meta property="og:locale" content="\w+"', pages["tagged"]), "no og:locale"
    # RFC 5646's canonical form: the extlang replaces its prefix; 'zh-yue' is Cantonese's edition, not one of its own
    [page] = (tmp_path / "public").rglob("tagged/index.html")
    assert page.relative_to(tmp_path / "public").parts[0] == edition
    assert not [p.name for p in (tmp_path / "public").iterdir() if p.name.startswith(("zh-cmn", "zh-yue"))]


def test_babel_reads_mandarin_as_chinese_in_its_script_and_region():
    """review55b 5: Babel aliases 'cmn' and 'cmn_Hans' to zh_Hans_CN but knows no 'cmn_Hant_TW': a Taiwanese
    desk's Mandarin was dated in English, with no og:locale. i18n.babel_name reads 'cmn' as 'zh', script and
    region kept; an unknown code still falls back to English."""
    from sitegen.i18n import babel_name, locale, og_locale
    assert babel_name("cmn-Hant-TW") == "zh_Hant_TW" and babel_name("CMN") == "zh" and babel_name("pt-br") == "pt_br"
    assert babel_name("cmnx-a") == "cmnx_a"   # a language subtag that only starts so is no Mandarin
    for tag, same in (("cmn-hant-tw", "zh-tw"), ("cmn-hans", "zh"), ("cmn", "zh"), ("cmn-hant", "zh-hant")):
        mine, theirs = locale(tag), locale(same)
        assert mine.language == "zh" and mine.date_formats["long"].pattern == theirs.date_formats["long"].pattern, tag
        assert mine.months["format"]["wide"] == theirs.months["format"]["wide"] and mine.territory == theirs.territory, tag
        assert og_locale(tag) == og_locale(same) != "", tag
    assert str(locale("arz")) == "en" and og_locale("arz") == ""
