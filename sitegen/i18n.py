"""Dates, times and numbers in a reader's language: Babel's CLDR data, never the C library's
locale and never hand-written month names.

A language Babel does not know is written in English rather than failing the build, and so is
one in a script Babel has no locale for ('ur-latn', Roman Urdu): never its usual script's words.
"""
from __future__ import annotations

import codecs
import io
import re
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import LazyPattern
from .content import memo_stamp
from .langtag import chinese_script, script_of

FALLBACK = "en"


@lru_cache(maxsize=64)
def locale(language: str) -> Any:
    """The Babel Locale for an article's language code ('de', 'pt-BR'), English when unknown or not
    in the tag's script (_in_script): Roman Urdu's dates in Latin letters, not '10 جنوری، 2025'."""
    from babel import Locale
    return _in_script(language) or Locale.parse(FALLBACK)


def babel_name(language: str) -> str:
    """A tag as Babel's Locale.parse reads it ('pt-br': 'pt_br'), Mandarin as Chinese: Babel aliases a bare
    'cmn' (and 'cmn_Hans') to zh_Hans_CN but knows no 'cmn_Hant_TW', so a Taiwanese desk's stories were
    dated in US English inside their Chinese words, without og:locale (review55b 5)."""
    lang, dash, rest = language.replace("-", "_").partition("_")
    return ("zh" if lang.lower() == "cmn" else lang) + dash + rest


def _in_script(language: str) -> Any:
    """The Babel Locale of the tag when it writes the tag's script, else None. Babel answers a
    script it has no locale for with the language's usual one (Locale.parse('ur_Latn') is 'ur',
    Arabic script), whose words a reader of the tag's script may not read at all (review51d 1)."""
    from babel import Locale, UnknownLocaleError
    try:
        loc = Locale.parse(babel_name(language))
    except (UnknownLocaleError, ValueError):
        return None
    want = script_of(language.lower().replace("_", "-"))
    own = "-".join(p for p in (loc.language, loc.script, loc.territory) if p).lower()
    return loc if not want or script_of(own) == want else None


@lru_cache(maxsize=64)
def _patterns(language: str) -> tuple[Any, Any, Any, str]:
    """The language's CLDR long date and short time patterns, parsed once, and how it joins them."""
    from babel.dates import get_datetime_format
    loc = locale(language)
    joined = str(get_datetime_format("long", locale=loc)).replace("'", "")
    return loc, loc.date_formats["long"], loc.time_formats["short"], joined


@lru_cache(maxsize=8192)  # days repeat across a site's stories: each is formatted once
def _day(language: str, year: int, month: int, day: int) -> str:
    from datetime import date
    loc, pattern, _, _ = _patterns(language)
    return _apply(pattern, date(year, month, day), language, loc)


@lru_cache(maxsize=8192)  # so do times of day
def _clock(language: str, hour: int, minute: int) -> str:
    from datetime import time
    loc, _, pattern, _ = _patterns(language)
    return _apply(pattern, time(hour, minute), language, loc)


# Babel's date and time fields whose text reads one attribute of the value and nothing else
# (babel.dates.DateTimeFormat.__getitem__): 'MMMM' the month, 'd' the day, 'h' the hour, 'a' am/pm
# by the hour. Most days and times of a site are each formatted once per process, and Babel's
# formatting (90,000 instructions a story) is mostly the same dozen month names and 60 minutes.
_READS = {"G": "year", "y": "year", "M": "month", "L": "month", "d": "day", "h": "hour", "H": "hour",
          "K": "hour", "k": "hour", "m": "minute", "s": "second", "a": "hour"}


def _apply(pattern: Any, value: Any, language: str, loc: Any) -> str:
    """pattern.apply(value, loc): each field's text made once per language and value it reads
    (_field), when every field of the pattern reads one attribute; else Babel's own way."""
    names = _field_names(pattern.format)
    if names is None:
        return pattern.apply(value, loc)
    return pattern.format % {name: _field(language, name, getattr(value, _READS[name[0]])) for name in names}


class _Names(dict):
    """A mapping that records the keys a %-format asks for."""

    def __missing__(self, key: str) -> str:
        self[key] = ""
        return ""


@lru_cache(maxsize=64)
def _field_names(form: str) -> tuple[str, ...] | None:
    """The fields a parsed Babel pattern (its %(name)s format) fills in; None if one of them
    reads more than one attribute of the value (weekdays, weeks, zones, quarters...)."""
    names = _Names()
    form % names
    return tuple(names) if all(n[:1] in _READS for n in names) else None


@lru_cache(maxsize=4096)
def _field(language: str, name: str, read: int) -> str:
    """One field's text for a value whose attribute _READS[name] is `read`: Babel's own, for a
    stand-in value that differs only in what the field does not read."""
    from babel.dates import DateTimeFormat
    sample = datetime(2000, 1, 1).replace(**{_READS[name[0]]: read})
    return DateTimeFormat(sample, locale(language))[name]


def day_text(dt: datetime, language: str) -> str:
    """'January 19, 2025' in the language's own words and order ('19. Januar 2025')."""
    return _day(language, dt.year, dt.month, dt.day)


def datetime_text(dt: datetime, language: str, home: str = "") -> str:
    """Date, time and zone, as the language joins them: 'January 19, 2025, 8:30 AM GMT'. The zone is
    the time's own abbreviation (GMT, CET), or the language's own where CLDR gives it one ('MEZ'
    in German): readers of news need to know which clock it is. An abbreviation tzdata gives other
    clocks too, where CLDR has no name, is CLDR's localized GMT offset instead ('GMT+5:30') -- but
    not on `home`'s clock, the site's own zone: its readers know their IST (rf47o 4), only another
    clock needs telling apart from it. Which clock is the site's is read from the clock (offset and
    abbreviation at dt), not the zone's name: Asia/Calcutta is Kolkata's IST (rf48a 3)."""
    joined = _patterns(language)[3]
    here = dt.astimezone(_zone(home)) if home and dt.utcoffset() is not None else None
    if here is not None and (here.utcoffset(), here.tzname()) == (dt.utcoffset(), dt.tzname()):
        zone = _zone_label(language, here, True)
    else:
        zone = _zone_label(language, dt, False)
        if here is not None and _mistaken_for_home(language, here, zone, dt.utcoffset()):
            zone = _gmt_text(language, dt.utcoffset())
    clock = f"{_clock(language, dt.hour, dt.minute)} {zone}"
    return joined.replace("{0}", clock).replace("{1}", _day(language, dt.year, dt.month, dt.day))


def _zone_label(language: str, dt: datetime, home: bool) -> str:
    """The zone's name at dt: CLDR's for the language where it names this clock, else tzdata's
    abbreviation, else (one tzdata gives other clocks too, off the site's own clock) the GMT offset."""
    abbreviation = dt.tzname() or ""
    key = getattr(dt.tzinfo, "key", "")
    zone = _zone_name(language, key, _daylight(dt), "")   # CLDR's own, or ''
    if zone and zone != abbreviation and _metazone_offset(key, dt.year, _daylight(dt)) != dt.utcoffset():
        zone = ""   # CLDR's name is for another clock (Casablanca's +01 is neither WEZ nor WESZ)
    if zone:
        return zone
    shared = abbreviation in SHARED_ABBREVIATIONS and not home   # IST: Jerusalem's +02:00, Kolkata's +05:30
    return _gmt_text(language, dt.utcoffset()) if shared else abbreviation


def _mistaken_for_home(language: str, here: datetime, zone: str, offset: timedelta | None) -> bool:
    """Whether another clock's name `zone` is one the site's own zone goes by for another offset, at
    that moment or in the year's other season: a Manila site's PST is not Los Angeles's (CLDR's
    English name), a Havana site's CST not Chicago's (rf48a 1)."""
    names = _home_names(language, here.tzinfo, here.year) | {(_zone_label(language, here, True), here.utcoffset())}
    return any(name == zone for name, _ in names) and (zone, offset) not in names


@lru_cache(maxsize=256)
def _home_names(language: str, tz: Any, year: int) -> frozenset:
    """The (name, offset) pairs the site's zone shows in January and July of the year."""
    return frozenset((_zone_label(language, local, True), local.utcoffset())
                     for local in (datetime(year, month, 1, 12, tzinfo=tz) for month in (1, 7)))


@lru_cache(maxsize=64)
def _zone(key: str) -> Any:
    from zoneinfo import ZoneInfo
    return ZoneInfo(key)


# tzdata's abbreviations that stand for clocks of other offsets too (in every year since 2000): IST is
# Jerusalem's +02:00, Kolkata's +05:30 and Dublin's summer +01:00; CST and CDT Chicago's and Shanghai's
# or Havana's; PST Los Angeles's and Manila's. A newsroom mixing such zones showed two times a reader
# could not tell apart (review47f). tests/test_i18n.py checks the list against the tzdata installed.
SHARED_ABBREVIATIONS = frozenset({"CDT", "CST", "IST", "PST"})


def _gmt_text(language: str, offset: timedelta | None) -> str:
    """CLDR's short localized GMT format of an offset: 'GMT+2', 'GMT+5:30', 'غرينتش-4'; 'GMT' alone for zero."""
    minutes = int((offset or timedelta()).total_seconds()) // 60
    form = locale(language).zone_formats.get("gmt", "GMT%s")
    if not minutes:
        return form.replace("%s", "")
    hours, rest = divmod(abs(minutes), 60)
    return form % (f"{'-' if minutes < 0 else '+'}{hours}" + (f":{rest:02d}" if rest else ""))


def _daylight(dt: datetime) -> bool:
    """Whether the clock is its zone's summer time, as CLDR's 'daylight' names mean it: ahead of
    the zone's lower clock that year (January's or July's, for either hemisphere). Not dst():
    tzdata makes Ireland's summer IST its standard time and winter GMT a negative dst()."""
    offset = dt.utcoffset()
    lower = _lower_offset(dt.tzinfo, dt.year)
    return offset is not None and lower is not None and offset > lower


@lru_cache(maxsize=1024)
def _lower_offset(tz: Any, year: int) -> timedelta | None:
    """The lower of the zone's January and July offsets in the year; None if either is unknown."""
    both = [datetime(year, month, 1, tzinfo=tz).utcoffset() for month in (1, 7)]
    return None if None in both else min(both)


@lru_cache(maxsize=1024)
def _metazone_offset(zone: str, year: int, daylight: bool) -> timedelta | None:
    """The offset the zone's CLDR metazone's standard (or daylight) name stands for in the year: the
    lower (or, among zones that change clocks, higher) of January's and July's that most of its zones
    keep. Babel does not ship CLDR's golden zones, and its metazone of a zone is today's, blind to
    dates (Lisbon 1994 kept CET, Kaliningrad 2012 +03): the name is right only when its offset is the
    clock's. Not the clock most zones keep at that moment: Algiers's +01 all year is MEZ in January
    and in July alike (rf48q 2); Casablanca's summer +01 is its standard time, not WEZ's +00 (rf48j 4)."""
    from collections import Counter
    offsets = []
    for member in _metazone_zones(zone):
        both = [datetime(year, month, 1, tzinfo=member).utcoffset() for month in (1, 7)]
        if None not in both and (not daylight or both[0] != both[1]):
            offsets.append(max(both) if daylight else min(both))
    return Counter(offsets).most_common(1)[0][0] if offsets else None


@lru_cache(maxsize=64)
def _metazone_zones(zone: str) -> tuple:
    """The IANA zones that share the zone's CLDR metazone, itself among them."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    from babel.core import get_global
    metazones = get_global("meta_zones")
    metazone = metazones.get(get_global("zone_aliases").get(zone, zone)) if zone else None
    found = []
    for name, other in metazones.items():
        if other == metazone and metazone:
            try:
                found.append(ZoneInfo(name))
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return tuple(found)


@lru_cache(maxsize=256)
def _zone_name(language: str, zone: str, daylight: bool, abbreviation: str) -> str:
    """The language's own short name of an IANA zone's clock from CLDR (de: MEZ, MESZ for
    Europe/Berlin's CET, CEST), else the zone's abbreviation: CLDR has short names for few zones
    in each language, and Babel's fallback for the rest, an offset ('+0100'), reads worse."""
    from babel.core import get_global
    metazone = get_global("meta_zones").get(get_global("zone_aliases").get(zone, zone)) if zone else None
    names = locale(language).meta_zones.get(metazone, {}).get("short", {}) if metazone else {}
    name = names.get("daylight" if daylight else "standard")
    return name if name and name != "∅∅∅" else abbreviation   # CLDR's mark for "no name here"


@lru_cache(maxsize=4096)
def month_text(year: int, month: int, language: str) -> str:
    """'January 2025', 'Januar 2025', 'janvier 2025'."""
    from babel.dates import format_skeleton
    return format_skeleton("yMMMM", datetime(year, month, 1), locale=locale(language))


# ISO 15924 scripts written right to left: those whose letters Unicode gives a right-to-left
# bidirectional class (R, AL), as ICU's uscript_isRightToLeft lists them, with Syriac's and
# Arabic's variant codes (Syre, Syrj, Syrn; Aran, Nastaliq; Phlv, Book Pahlavi, has no letters yet)
_RIGHT_TO_LEFT = frozenset("""
    adlm arab aran armi avst chrs cprt elym gara hatr hebr hung khar lydi mand mani mend merc mero narb
    nbat nkoo orkh ougr palm phli phlp phlv phnx prti rohg samr sarb sogd sogo syrc syre syrj syrn thaa
    yezi""".split())


@lru_cache(maxsize=64)
def text_direction(language: str) -> str:
    """'rtl' or 'ltr': the direction of the script the tag is written in (langtag.script_of: its
    script subtag, else CLDR's likely one), so 'ar-eg', 'he-il', 'ckb', 'pa-arab', 'pnb' and 'arz'
    are right to left and Roman Urdu 'ur-latn' left to right; an unknown code 'ltr'. Babel's
    locales answered by language: 'ur_Latn' was Urdu's, and a code without a locale was 'ltr'."""
    return "rtl" if script_of(language.lower().replace("_", "-")) in _RIGHT_TO_LEFT else "ltr"


# Facebook's own locales (developers.facebook.com/docs/javascript/internationalization, its
# FacebookLocales list) where they differ from CLDR's likeliest territory: 'ar_AR' and 'es_LA' are
# its umbrella Arabic and Latin American Spanish; CLDR's ar_EG would label every Arabic page Egyptian.
_FACEBOOK = {"ar": "ar_AR", "bn": "bn_IN", "eo": "eo_EO", "ff": "ff_NG", "no": "nb_NO",
             "ss": "ss_SZ", "sw": "sw_KE", "tn": "tn_BW", "yi": "yi_DE", "es_419": "es_LA"}


@lru_cache(maxsize=64)
def og_locale(language: str) -> str:
    """Open Graph's og:locale for a language code, language_TERRITORY as Facebook reads it: the
    code's own territory wins ('pt-br' -> 'pt_BR', 'ar-eg' -> 'ar_EG'); a code naming none gets
    Facebook's locale for the language ('ar' -> 'ar_AR', 'es-419' -> 'es_LA'), else CLDR's
    likeliest territory ('de' -> 'de_DE', 'en' -> 'en_US'). '' for a code CLDR does not know: no
    tag rather than a wrong one."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global
    try:
        loc = Locale.parse(babel_name(language))
    except (UnknownLocaleError, ValueError):
        return ""
    if loc.territory and not loc.territory.isdigit():  # (a UN M.49 area, '419', is no territory)
        return f"{loc.language}_{loc.territory}"
    known = _FACEBOOK.get(f"{loc.language}_{loc.territory}") or _FACEBOOK.get(loc.language)
    if known:
        return known
    table = get_global("likely_subtags")  # 'zh_Hant' -> 'zh_Hant_TW', 'zh' -> 'zh_Hans_CN'
    likely = str(table.get(f"{loc.language}_{loc.script}") or table.get(loc.language, "")).split("_")[1:]
    territory = next((p for p in likely if p.isupper() and len(p) == 2), "")
    return f"{loc.language}_{territory}" if territory else loc.language


@lru_cache(maxsize=64)
def language_name(language: str) -> str:
    """A language's name in itself, as a switcher shows it: 'Deutsch', 'Français', 'English'. A
    language CLDR has no locale for is named in English ('Samoan', 'Tetum'; name_language says so),
    else by its tag: never the fallback locale's own name, which put 'English' beside English."""
    own = _own_locale(language)
    name = own.get_display_name(own) if own is not None else _english_name(language)
    return name[:1].upper() + name[1:] if name else language


@lru_cache(maxsize=64)
def name_language(language: str) -> str:
    """The language language_name writes `language`'s name in, for its lang attribute: 'en' when
    CLDR has no locale for it and English names it ('sm' -> 'Samoan'), else the tag itself."""
    return FALLBACK if _own_locale(language) is None and _english_name(language) else language


def _own_locale(language: str) -> Any:
    """The Babel Locale of the tag, else of its language alone ('de-xx' is German); None if CLDR has
    neither in the tag's script: Roman Urdu ('ur-latn') is 'Urdu', in English, not 'اردو'."""
    alone = language.partition("-")[0]
    same_script = script_of(alone) == script_of(language)   # not 'ur' for 'ur-latn'
    return _in_script(language) or (_in_script(alone) if same_script else None)


def _english_name(language: str) -> str:
    """CLDR's English name of a language it has no locale for, with its region: 'Samoan (Samoa)'; '' if none."""
    from babel import Locale
    english = Locale.parse(FALLBACK)
    primary, _, rest = language.partition("-")
    name = english.languages.get(primary, "")
    region = english.territories.get(rest.upper(), "") if len(rest) in (2, 3) else ""
    return f"{name} ({region})" if name and region else name


def number_text(n: int, language: str) -> str:
    """1,234 / 1.234 / 1 234: digits grouped the language's way."""
    from babel.numbers import format_decimal
    return format_decimal(n, locale=locale(language))


# Interface strings ------------------------------------------------------------------------------
# The theme's words go through gettext: templates call _("Latest") or ngettext(...); catalogs are
# .po files in the theme's locales/ folder (a site's own templates/locales/ wins), compiled by
# Babel when first needed. A missing catalog or string shows the English words.
CATALOGS = "locales"
SPEAKING_MODULES = ("feeds.py", "seo.py", "views.py")  # modules with interface words of their own (views.say, say_in)


def catalog_path(template_dirs: list, language: str):
    """The first locales/LANG.po among the template folders, else the first of its language
    without the region ('pt-br' speaks pt.po), or None. Chinese falls back by script: zh.po is
    Simplified ('zh-hans-hk' speaks it), zh-tw.po Traditional ('zh-hk', 'zh-hant' speak it), never the other script."""
    for name in _catalog_names(language):
        for folder in template_dirs:
            path = folder / CATALOGS / f"{name}.po"
            if path.is_file():
                return path
    return None


def words_language(template_dirs: list, language: str) -> str:
    """The language of the theme's words on pages in `language`: its own where a catalog speaks
    it (English being the theme's own words), else English, which stands in (translations)."""
    spoken = catalog_path(template_dirs, language) is not None
    return language if spoken or language.partition("-")[0] == FALLBACK else FALLBACK


def _catalog_names(language: str) -> tuple[str, ...]:
    """The catalogs to try for `language`: its own, then its language's without the region, unless
    that one is written the other way (an 'ar-latn' page is ltr since fix51d: ar.po's words put
    right to left on it, rf51d 3; 'sr-latn' still speaks sr.po); Chinese (and Mandarin, 'cmn') by
    its script, which its script subtag decides before its region."""
    script = chinese_script(language)
    alone = language.partition("-")[0]
    fallback = (("zh-tw" if script == "hant" else "zh") if script
                else alone if text_direction(alone) == text_direction(language) else language)
    return tuple(dict.fromkeys((language, fallback)))


@lru_cache(maxsize=32)
def _checked(path: str, stamp: tuple[int, ...]) -> tuple[Any, tuple[str, ...]]:
    """A .po file's catalog less the translations that would break a page (a placeholder the
    English lacks), and what is wrong with it; no catalog when the file cannot be read."""
    from babel.messages.pofile import PoFileError, read_po
    try:
        with open(path, "rb") as fh:   # less a UTF-8 byte order mark (Notepad's): Babel refused the file
            data = fh.read().removeprefix(codecs.BOM_UTF8)
        # the syntax is ASCII: any charset's other bytes kept as they are (surrogateescape; latin-1
        # would make UTF-8's continuation bytes line breaks for splitlines); read_po decodes by the charset
        unclosed = _unclosed_string(data.decode("utf-8", "surrogateescape"))
        if unclosed:  # Babel reads '"Authors' as 'Author' and carries on: a msgid no page asks for
            return None, (f"{path}:{unclosed}: not a valid .po file (a string not closed with '\"'); all its "
                          "strings are shown in English until it is fixed",)
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        line = getattr(exc, "lineno", None)
        where = f"{path}:{line + 1}" if isinstance(line, int) else path
        return None, (f"{where}: not a valid .po file ({exc}); all its strings are shown in English until it is fixed",)
    problems = []
    for message, errors in [*catalog.check(), *_foreign_placeholders(catalog)]:
        catalog.delete(message.id, message.context)
        problems.append(f"{path}:{message.lineno}: the translation of {message.id!r} is shown in English: "
                        f"{'; '.join(map(str, errors))}; fix the msgstr")
    return catalog, tuple(problems)


_PO_STRING = LazyPattern(r'(?:(?:msgid|msgid_plural|msgctxt|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"')
_PLACEHOLDER = LazyPattern(r"%\((\w+)\)")


def _unclosed_string(text: str) -> int | None:
    """The first line (from 1) of a .po text holding a keyword or string whose quotes are not
    closed, or None. Babel's own reader takes such a string with its last character cut off."""
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if line.startswith(("msg", '"')) and not _PO_STRING.fullmatch(line):
            return number
    return None


def _foreign_placeholders(catalog: Any) -> list[tuple[Any, list[str]]]:
    """Translations naming a placeholder their English lacks: Babel checks placeholders only for
    an English with some (python-format), and a theme string without any is shown as it is, so
    'Argomenti %(x)s' would reach the page."""
    found = []
    for message in catalog:
        if not message.id or "python-format" in message.flags:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        own = {name for text in ids for name in _PLACEHOLDER.findall(text)}
        extra = sorted({name for text in strings if text for name in _PLACEHOLDER.findall(text)} - own)
        if extra:
            found.append((message, [f"placeholder {', '.join(f'%({n})s' for n in extra)} is not in the English"]))
    return found


@lru_cache(maxsize=32)
def _compiled(path: str, stamp: tuple[int, ...]) -> Any:
    """A .po file compiled in memory into Babel Translations (gettext's API)."""
    from io import BytesIO
    from babel.messages.mofile import write_mo
    from babel.support import NullTranslations, Translations
    catalog = _checked(path, stamp)[0]
    if catalog is None:
        return NullTranslations()
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def translations(template_dirs: list, language: str) -> Any:
    """gettext translations for `language`; English (the msgids themselves) without a catalog. Its
    `list_language`: the language its words are in, whose way of listing names a byline takes
    (list_pieces)."""
    path = catalog_path(template_dirs, language)
    if path is None:
        from babel.support import NullTranslations
        found = NullTranslations()
        found.list_language = FALLBACK
        return found
    found = _compiled(str(path), memo_stamp(path))
    found.list_language = path.stem   # ('pt-br' speaks pt.po: Portuguese lists)
    return found


@lru_cache(maxsize=256)
def list_pieces(count: int, language: str) -> tuple[str, ...]:
    """The text before, between and after `count` names listed in `language` (count + 1 pieces),
    by CLDR's list patterns: '王伟、李娜和John Roe', 'A وB وC', 'דנה ויוסי' (review47f: each was joined
    with ', ' and ' and ' translated, 'A, B 和 C'). English keeps the theme's own, 'A, B and C', without
    the serial comma CLDR's American English has; a language Babel does not know lists as English."""
    from babel.lists import format_list
    marks = [f"\x00{i}\x00" for i in range(count)]
    own = _in_script(language) if language.partition("-")[0] != FALLBACK else None   # not 'A اور B' in Roman Urdu
    text = format_list(marks, locale=own or "en_GB") if count else ""
    pieces = re.split("\x00\\d+\x00", text)
    return tuple(pieces) if count else ("",)


def preload(template_dirs: list, language: str) -> None:
    """What the first page in `language` loads, memoised here: Babel's dates and gettext modules
    (babel.dates looks the local time zone up as it loads: through pytz, about 600 zone files
    opened), the language's CLDR patterns and its interface catalog. A first build calls it while
    other processes parse, instead of after planning, when its render workers wait for it. A
    failure here is left to the render, which reports it with its page."""
    try:
        _patterns(language)
        translations(template_dirs, language)
    except Exception:  # noqa: BLE001 - only a head start
        pass


def catalog_warnings(template_dirs: list, languages: list[str]) -> list[str]:
    """One line per language whose interface is not fully translated: no catalog at all, or
    strings of the theme's messages.pot the catalog lacks. English stands in for what is missing."""
    if not languages or languages == [FALLBACK]:
        return []
    from babel.messages.pofile import read_po
    template = next((d / CATALOGS / "messages.pot" for d in template_dirs if (d / CATALOGS / "messages.pot").is_file()), None)
    if template is None:
        return []
    with open(template, "rb") as fh:
        pot = io.BytesIO(fh.read().removeprefix(codecs.BOM_UTF8))
    wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(pot) if m.id}
    found = []
    own = _own_strings(template_dirs)
    for language in languages:
        if language == FALLBACK:
            continue
        english = language.partition("-")[0] == FALLBACK  # 'en-gb': the English words are its words
        path = catalog_path(template_dirs, language)
        if path is None and english:
            continue
        if path is None:
            found.append(f"no interface translation for '{language}' (no {CATALOGS}/{language}.po in the theme); "
                         f"its pages use the English words. Add {CATALOGS}/{language}.po to your templates/ folder")
            continue
        catalog, problems = _checked(str(path), memo_stamp(path))
        found += problems
        if catalog is None:
            continue
        state = {_msgid(m): _untranslated(m) for m in catalog if m.id}
        have = {msgid for msgid, why in state.items() if why is None}
        if not english:  # an en-gb.po changes a few words ("Colour"); the rest are English
            found += _missing_warnings(path, sorted(wanted - have), state)
        # The site's own strings in its main language are written in it ({{ _("Mehr lesen") }} on a German
        # site): only another edition's pages show them untranslated, and not a page only the main one has.
        theirs = [m for m, (_, everywhere) in own.items() if m not in have and m not in wanted   # the theme's: said
                  and everywhere] if language != languages[0] else []                            # just above
        if theirs and not english:
            found.append(_own_untranslated(template_dirs[0], language, path, theirs, own, languages[0]))
    return found


def _msgid(message: Any) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _untranslated(message: Any) -> str | None:
    """Why gettext shows a catalog entry in English, or None when it shows the translation:
    write_mo leaves out a fuzzy entry (msgmerge marks every string whose English changed so), and
    puts the English plural in place of an empty plural form (French's msgstr[2], the form of
    every count from 2 up)."""
    strings = (message.string,) if isinstance(message.string, str) else tuple(message.string)
    if not any(strings):
        return "absent"
    if message.fuzzy:
        return "fuzzy"
    return None if all(strings) else "form"


_WHY = {
    "absent": ("interface string(s) not translated, shown in English", "add them to the catalog"),
    "fuzzy": ("translation(s) marked '#, fuzzy', which gettext leaves out, so shown in English",
              "check each and delete its '#, fuzzy' line"),
    "form": ("plural(s) with an empty msgstr[n], shown in English for the counts that take that form",
             "fill every msgstr[n] of each"),
}


def _missing_warnings(path: Path, missing: list[str], state: dict[str, str | None]) -> list[str]:
    """One line per reason the catalog's missing strings are shown in English (_untranslated)."""
    found = []
    for why, (said, todo) in _WHY.items():
        these = [m for m in missing if state.get(m, "absent") == why]
        if these:
            shown = ", ".join(repr(m) for m in these[:3]) + (" ..." if len(these) > 3 else "")
            found.append(f"{path}: {len(these)} {said}: {shown}; {todo}")
    return found


# Pages the site has once, in its main language (the 404 page, the root's edition chooser): their
# own words need no other edition's catalog.
MAIN_ONLY = frozenset({"404.html", "languages.html"})


def _own_strings(template_dirs: list) -> dict[str, tuple[str, bool]]:
    """The interface strings the site's own templates add (`{{ _('Share by email') }}`): the first
    template:line using each, and whether a template every edition renders uses it. The shipped
    theme's are in its messages.pot, and a catalog that lacked a site's own showed them in English
    with no warning. About 1.3 ms a template, once per saved version."""
    from .config import DEFAULT_THEME
    site = Path(template_dirs[0])
    if not site.is_dir() or (DEFAULT_THEME.is_dir() and site.resolve() == DEFAULT_THEME.resolve()):
        return {}
    found: dict[str, tuple[str, bool]] = {}
    for path in sorted(site.rglob("*.html")):
        name = path.relative_to(site).as_posix()
        if name.partition("/")[0] in ("static", CATALOGS) or path.is_symlink():
            continue   # a link out of templates/ is refused by the render, never read
        try:
            said = _strings_in(str(path), memo_stamp(path))
        except OSError:
            continue
        for line, text in said:
            where, everywhere = found.get(text, (f"{path}:{line}", False))
            found[text] = (where, everywhere or name not in MAIN_ONLY)
    return found


@lru_cache(maxsize=256)   # by stamp: `serve` parses a template again only when it is saved
def _strings_in(path: str, stamp: tuple[int, ...]) -> tuple[tuple[int, str], ...]:
    """(line, string) of each gettext call in a template; none when it does not parse (the render
    names a broken template with its line)."""
    import jinja2
    import jinja2.ext
    try:
        tree = jinja2.Environment(extensions=["jinja2.ext.i18n"]).parse(Path(path).read_text(encoding="utf-8"))
    except (jinja2.TemplateError, UnicodeDecodeError, OSError):
        return ()
    said = []
    for line, _, message in jinja2.ext.extract_from_ast(tree):
        # a plural's forms are a tuple; `_(name)` of no constant is None
        text = message if isinstance(message, str) else next((m for m in message or () if isinstance(m, str)), None)
        if text:
            said.append((line, text))
    return tuple(said)


def _own_untranslated(site: Path, language: str, catalog: Path, missing: list[str],
                      own: dict[str, tuple[str, bool]], main: str) -> str:
    """One warning a language for the site's own strings its catalog lacks: where, which, and the
    catalog to add them to (the site's own; a copy of the theme's when the site has none)."""
    shown = ", ".join(f"{m!r} ({own[m][0]})" for m in missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
    mine = site / CATALOGS / f"{language}.po"
    where = f"add them to {catalog}" if catalog.is_relative_to(site) else f"copy {catalog} to {mine} and add them there"
    written = "in English" if main.partition("-")[0] == FALLBACK else "as your templates write them"
    return (f"{own[missing[0]][0]}: {len(missing)} string(s) your templates add have no '{language}' translation, so "
            f"its pages show them {written}: {shown}; {where}")


def extract_messages(theme: Any) -> Any:
    """Every interface string of the theme's templates, as a Babel Catalog (the messages.pot)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir
    options = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
    from babel.messages.extract import extract_from_file
    catalog = Catalog(project="sitegen", fuzzy=False)
    for file, line, message, comments, context in extract_from_dir(
            str(theme), [("static/**", "ignore"), ("**.html", "jinja2.ext:babel_extract")], {"**.html": options}):
        catalog.add(message, locations=[(file, line)], auto_comments=comments, context=context)
    for module in SPEAKING_MODULES:  # words written outside the templates: views.say(edition, "...")
        path = Path(__file__).with_name(module)
        for line, message, comments, context in extract_from_file("python", str(path), keywords={"say": (2,), "say_in": (2,)}):
            catalog.add(message, locations=[(f"sitegen/{module}", line)], auto_comments=comments, context=context)
    return catalog


def write_template(theme: Any) -> None:
    """Regenerate locales/messages.pot from the theme (run: python -m sitegen.i18n)."""
    from babel.messages.pofile import write_po
    with open(theme / CATALOGS / "messages.pot", "wb") as fh:
        write_po(fh, extract_messages(theme), omit_header=True, sort_output=True)


def main(argv: list[str] | None = None) -> int:
    """`python -m sitegen.i18n`: it took no arguments and read none, so `--help` rewrote the file."""
    import argparse
    from .config import DEFAULT_THEME
    pot = DEFAULT_THEME / CATALOGS / "messages.pot"
    argparse.ArgumentParser(
        prog="python -m sitegen.i18n",
        description=f"Rewrite {pot}, the list of every interface string of the theme shipped with sitegen "
                    "(its templates' gettext strings and the words sitegen's modules say), from the code as it "
                    "is now. Run it after changing the theme's words; each shipped LANG.po must then cover the "
                    "new strings (a build warns of any it lacks, shown in English). Takes no arguments.",
    ).parse_args(argv)
    pot.parent.mkdir(exist_ok=True)
    write_template(DEFAULT_THEME)
    print(f"wrote {pot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
