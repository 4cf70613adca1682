"""Publication dates stated in page text, in the forms news pages use.

`find_date(line, tz)` returns an aware datetime or None. No third-party parser: the forms
are few and a compiled regex per form is fast (well under a millisecond per page).
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache

# Month names and abbreviations, lower-case, without trailing dots.
_MONTHS: dict[str, int] = {}
# Russian (genitive), Ukrainian, Turkish, Arabic, Hebrew, Dutch, Swedish/Danish/Norwegian, Czech.
_MORE_MONTHS = [
    "января січня ocak يناير كانون ינואר januari jan leden ledna",
    "февраля лютого şubat فبراير شباط פברואר februari feb únor února",
    "марта березня mart مارس آذار מרץ maart mars březen března",
    "апреля квітня nisan أبريل نيسان אפריל april duben dubna",
    "мая травня mayıs مايو أيار מאי mei mai maj květen května",
    "июня червня haziran يونيو حزيران יוני juni červen června",
    "июля липня temmuz يوليو تموز יולי juli červenec července",
    "августа серпня ağustos أغسطس آب אוגוסט augustus august srpen srpna",
    "сентября вересня eylül سبتمبر أيلول ספטמבר september září",
    "октября жовтня ekim أكتوبر تشرين אוקטובר oktober okt říjen října",
    "ноября листопада kasım نوفمبر נובמבר november listopad listopadu",
    "декабря грудня aralık ديسمبر دجنبر דצמבר december desember prosinec prosince",
]
for _num, _names in enumerate([
    "january jan janvier janv januar jän enero ene janeiro jan gennaio gen januari januar stycznia styczeń styczen sty",
    "february feb février fevrier févr fevr februar febrero feb fevereiro fev febbraio febbraio februari lutego luty lut",
    "march mar mars märz maerz marzo mar março marco mar maart marca marzec",
    "april apr avril avr abril abr aprile aprile kwietnia kwiecień kwi",
    "may mai mayo maio maggio mei maja maj",
    "june jun juin juni junio jun junho giugno juni czerwca czerwiec cze",
    "july jul juillet juil juli julio jul julho luglio juli lipca lipiec lip",
    "august aug août aout august agosto ago agosto agosto augustus sierpnia sierpień sie",
    "september sept sep septembre september septiembre set setembro settembre september września wrzesień wrz",
    "october oct octobre oktober octubre oct outubro out ottobre ott oktober października październik paź",
    "november nov novembre november noviembre nov novembro novembre november listopada listopad lis",
    "december dec décembre decembre déc dezember dez diciembre dic dezembro dez dicembre dicembre december grudnia grudzień gru",
], start=1):
    for _name in (_names + " " + _MORE_MONTHS[_num - 1]).split():
        _MONTHS.setdefault(_name, _num)

_MONTH_RE = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_TZ_ABBR = {"utc": 0, "gmt": 0, "z": 0, "cet": 1, "cest": 2, "bst": 1, "est": -5, "edt": -4,
            "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7, "hkt": 8, "kst": 9,
            "jst": 9, "ist": 5.5, "eet": 2, "eest": 3, "wet": 0, "west": 1, "aest": 10, "aedt": 11}

_TIME = (r"(?:\D{0,12}?(?P<h>\d{1,2})(?:[:.h](?P<mi>\d{2}))(?::(?P<s>\d{2}))?(?:\.\d+)?\s*"
         r"(?P<ampm>[ap]\.?\s?m\.?)?\s*(?P<tz>Z\b|[+-]\d{2}:?\d{2}\b|\b(?:"
         + "|".join(_TZ_ABBR) + r")\b)?"
         r"|\D{0,12}?\b(?P<h2>\d{1,2})\s*(?P<ampm2>[ap]\.?\s?m\.?)(?!\w))?")

_FORMS = [
    # 2019-11-20T09:22:35+00:00, 2019-11-20 09:22, 2019/11/20, 2019.11.20 (Korean pages)
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)\.?(?:T|\s*)?" + _TIME, re.I),
    # 2019年11月20日
    re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日" + _TIME),
    # 2019년 11월 20일
    re.compile(r"(?P<y>(?:19|20)\d{2})\s*년\s*(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일" + _TIME),
    # Nov. 19, 2019, 8:41 AM UTC / November 8, 2023 at 4:56 p.m. / Jul 3, 2019
    re.compile(r"\b(?P<mon>" + _MONTH_RE + r")\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{2})\b" + _TIME, re.I),
    # 20 Nov 2019 08:02 GMT / 3 de Mayo de 2022 / 17 April 2012 / 19. Oktober 2019 / 28 Apr, 2020
    re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th|er|\.)?\s+(?:de\s+|ב)?(?P<mon>" + _MONTH_RE
               + r")\.?,?\s+(?:de\s+)?(?P<y>(?:19|20)\d{2})\b" + _TIME, re.I),
    # 29 / Dezember / 2022
    re.compile(r"\b(?P<d>\d{1,2})\s*/\s*(?P<mon>" + _MONTH_RE + r")\s*/\s*(?P<y>(?:19|20)\d{2})\b" + _TIME, re.I),
    # 04/05/2022 05:49 and 19.10.2019, 23:38 (day first, as most of the world writes it)
    re.compile(r"(?<![\d/.])(?P<d>\d{1,2})(?:/|\.\s?)(?P<m>\d{1,2})(?:/|\.\s?)(?P<y>(?:19|20)\d{2})(?![\d/])" + _TIME),
]
# Characters a form cannot match without (its separators): skipping it is cheaper than a scan.
_FORM_NEEDS = ("-/.", "年", "년", "", "", "/", "/.")
# What a form cannot match without, as a pattern: "Nov. 19, 2019" holds a day, then (after an
# optional "th" and comma) spaces and the year. The form itself tries its 300 month names at every
# word's start (re.I compares them one by one): half of find_date's time on the lines that name a
# year, which this search spares on the lines without a day before a year (nine in ten).
_FORM_HINTS = (None, None, None, re.compile(r"\d(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2}\b", re.I), None, None, None)
_US_SITE_HINT = re.compile(r"\b(?:a\.m\.|p\.m\.|AM|PM|EST|EDT|PST|PDT|CST|CDT)\b")


def _zone(tz_text: str | None, default: tzinfo) -> tzinfo:
    if not tz_text:
        return default
    t = tz_text.strip().lower()
    if t in _TZ_ABBR:
        return timezone(timedelta(hours=_TZ_ABBR[t]))
    m = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", t)
    if m:
        sign = 1 if m.group(1) == "+" else -1
        return timezone(sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3))))
    return default


def _build(m: re.Match, default_tz: tzinfo) -> datetime | None:
    g = m.groupdict()
    try:
        year = int(g["y"])
        month = _MONTHS[g["mon"].lower().rstrip(".")] if g.get("mon") else int(g["m"])
        day = int(g["d"])
        hour = minute = second = 0
        if g.get("h") is not None:
            hour, minute = int(g["h"]), int(g["mi"] or 0)
            second = int(g["s"] or 0)
            ampm = (g.get("ampm") or "").lower().replace(".", "").replace(" ", "")
        elif g.get("h2") is not None:
            hour, ampm = int(g["h2"]), (g.get("ampm2") or "").lower().replace(".", "").replace(" ", "")
        else:
            ampm = ""
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if not (1990 <= year <= 2100):
            return None
        return datetime(year, month, day, hour, minute, second, tzinfo=_zone(g.get("tz"), default_tz))
    except (ValueError, KeyError, TypeError):
        return None


_DIGIT = re.compile(r"\d")
_YEARISH = re.compile(r"(?:19|20)\d\d")


def find_date(text: str, tz: tzinfo = timezone.utc) -> datetime | None:
    """The first date stated in `text` (earliest position wins), or None."""
    found = find_date_ex(text, tz)
    return found[0] if found else None


# What the copy glues together: "August 19, 2019August 19", "Apr 042013", thin spaces, a date
# shown twice ("3. April 20223. April 2022"), a name before it ("Nicole Collignon22. Februar 2020").
_YEAR_GLUED = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=[^\W\d_]|\d{1,2}/|\d{1,2}:\d|\d{1,2}\.?\s+(?:"
                         + _MONTH_RE + r")\b)", re.I)
_DAY_YEAR_GLUED = re.compile(r"(?<=[^\W\d_] )(\d{2})((?:19|20)\d\d)\b")
_WORD_DAY_GLUED = re.compile(r"(?<=[^\W\d_])(?=\d{1,2}(?:st|nd|rd|th|\.)?\s+(?:" + _MONTH_RE
                             + r")\.?,?\s+(?:19|20)\d\d)", re.I)


def find_date_ex(text: str, tz: tzinfo = timezone.utc) -> tuple[datetime, bool] | None:
    """(the first date stated in `text`, whether it states a time of day), or None."""
    if not _YEARISH.search(text):
        return None               # every form states a year (the fixes below only insert spaces)
    if len(text) <= 200:
        text = text.replace("\u2009", " ").replace("\u202f", " ")
        text = _DAY_YEAR_GLUED.sub(r"\1 \2", _YEAR_GLUED.sub(r"\1 ", _WORD_DAY_GLUED.sub(" ", text)))
    best: tuple[int, datetime, bool] | None = None
    for form, needs, hint in zip(_FORMS, _FORM_NEEDS, _FORM_HINTS):
        if needs and not any(ch in text for ch in needs) or hint is not None and not hint.search(text):
            continue
        for m in form.finditer(text):
            dt = _build(m, tz)
            if dt is not None and (best is None or m.start() < best[0]):
                best = (m.start(), dt, m.group("h") is not None or m.group("h2") is not None)
                break
    return (best[1], best[2]) if best else None


_DATELINE = re.compile(r"\s*(\S.{4,38}?)\s+[-–—]\s+\S")


def dateline_date(text: str, tz: tzinfo = timezone.utc) -> datetime | None:
    """The date a paragraph opens with, as a dateline: "27.1.2022 - Bei der ...",
    "BERLIN, 27.1.2022 – ..."; None when the paragraph does not open so."""
    m = _DATELINE.match(text)
    if m is None or len(m.group(1).split()) > 4:   # more words: a sentence with a dash in it
        return None
    return find_date(m.group(1), tz)


# What dateparser needs help with: a year glued to the time ("Nov 20 20194:29 AM").
_GLUED_YEAR = re.compile(r"\b((?:19|20)\d\d)(\d{1,2}:\d\d)")
_NUMERIC_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{2,4}")
_HAS_TIME = re.compile(r"(?<![\d.])\d{1,2}:\d\d|\d\s*[ap]\.?m\b", re.I)
# A clock time in a relative line as newsrooms write it: "10:30", "10.30" (UK, German), "10h30" (French),
# "10.30am", "3pm"; and a zone offset after it ("UTC+2"), whose digits are no other number (rf48q 1).
_CLOCK = re.compile(r"(?<![\d.])(?:[01]?\d|2[0-4])[:.h][0-5]\d(?![\d.])(?:\s*[ap]\.?m\b)?|\d\s*[ap]\.?m\b", re.I)
_ZONE_OFFSET = re.compile(r"\b(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d\d)?\b", re.I)


# A relative date line is the phrase, whole ("2 days ago"), after at most two words without digits or
# a known label (_REL_LABELS: "Published", "First published", "Опубликовано", "Güncellendi", "Last
# updated:", "Dernière mise à jour") and before a byline, a section or a note ("2 days ago | Politics",
# "Published 2 days ago by Reuters", "Updated 2 days ago (edited)"). What else follows the "ago" word (a
# date, a noun) makes it "since" or "before" ("10 år siden 22. juli", "10 Tage vor Weihnachten"): no
# date. Words before it that are no known label may be a kicker's ("Chernobyl, 40 years ago",
# "Flashback: 10 years ago", "Election in 3 days"): the phrase after them is a date line's only if it
# is past and under a year old (_LABEL_REACH).
_REL_LEAD_WORDS = 2
# The labels known in any phrase, however far back ('Published 2 years ago', 'Updated March 3'), by
# language. Any language's count on every page: the page's language is a guess, and none of them is
# a kicker's word in another.
_REL_LABELS = {
    "en": ("published", "posted", "updated", "update", "modified", "date", "written", "edited", "created",
           "submitted", "last updated", "last update", "last modified", "last edited", "first published",
           "first posted", "last published", "last posted", "originally published", "originally posted"),
    "de": ("aktualisiert", "veröffentlicht", "erschienen", "stand", "geändert", "bearbeitet", "datum",
           "zuletzt aktualisiert", "zuletzt bearbeitet", "zuletzt geändert"),
    "fr": ("mis à jour", "mise à jour", "publié", "publiée", "modifié", "modifiée", "dernière mise à jour",
           "mis en ligne", "posté", "postée"),
    "es": ("actualizado", "actualizada", "publicado", "publicada", "modificado", "escrito", "fecha",
           "última actualización"),
    "pt": ("atualizado", "atualizada", "publicado", "publicada", "postado", "modificado", "última atualização"),
    "it": ("aggiornato", "pubblicato", "modificato", "ultimo aggiornamento"),
    "nl": ("bijgewerkt", "gepubliceerd", "gepost", "geplaatst", "gewijzigd", "laatst bijgewerkt"),
    "pl": ("opublikowano", "aktualizacja", "zaktualizowano", "ostatnia aktualizacja"),
    "ru": ("опубликовано", "обновлено", "изменено"),
    "uk": ("опубліковано", "оновлено"),
    "tr": ("güncellendi", "güncelleme", "yayınlandı", "yayınlanma"),
    "nb": ("oppdatert", "publisert", "sist oppdatert"),
    "da": ("opdateret", "publiceret", "senest opdateret"),
    "sv": ("publicerad", "uppdaterad", "senast uppdaterad"),
    "hu": ("frissítve", "közzétéve", "publikálva"),
    "zh": ("發佈", "發佈於", "發布", "發布於", "发布", "发布于", "更新", "更新於", "更新于"),
}
_REL_LABEL = re.compile(r"\W*(?:%s)(?![^\W\d_])\W*" % "|".join(
    r"\s+".join(map(re.escape, label.split())) for label in sorted(
        {label for labels in _REL_LABELS.values() for label in labels}, key=len, reverse=True)), re.I)
# How far back a relative phrase after other words may date a story. Date lines count minutes, hours,
# days, weeks and months (a site spells out older dates); an anniversary counts years.
_LABEL_REACH = timedelta(days=365)
_REL_TAIL = re.compile(r"(?:\s*[|•·]\s.*|\s*\([^()]*\)|\s+(?:by|von|par|por|door|av|af|przez)\s+[^\d]+|\s*[.,;])$",
                       re.I)
# Words that make a relative phrase after them "N days before X" where "before" is the "ago" word:
# Turkish "Seçimden 3 gün önce" (the ablative: "from the election"), Hindi/Urdu "चुनाव से 3 दिन पहले".
_BEFORE_WHAT = {"tr": re.compile(r"[dt][ae]n\W*$", re.I), "hi": re.compile(r"^से\W*$"),
                "ur": re.compile(r"^سے\W*$")}


def _relative_phrases(text: str, language: str) -> list[tuple[str, str]]:
    """(phrase, the words before it): the line less its tail, then less a known label (_REL_LABEL, of
    any length: "Dernière mise à jour") and less one and two label words (words without digits; a mark
    alone, "·", is no word), each that differs from the line; none after a word that says "before X"
    (_BEFORE_WHAT)."""
    bare = text
    while (cut := _REL_TAIL.sub("", bare)) != bare and _DIGIT.search(cut):
        bare = cut
    before = _BEFORE_WHAT.get(_LOCALE_ALIASES.get(language, language))
    found, words = {bare: ""}, bare.split()
    if (label := _REL_LABEL.match(bare)) is not None and label.group().strip():
        found[bare[label.end():]] = label.group().strip()
    lead = words[:next((k for k, w in enumerate(words) if _DIGIT.search(w)), len(words))]
    if before is not None and any(before.search(word) for word in lead):
        lead = []
    taken = 0
    for k, word in enumerate(lead):
        if taken == _REL_LEAD_WORDS:
            break
        if re.search(r"[^\W\d_]", word):
            taken += 1
            found.setdefault(" ".join(words[k + 1:]).lstrip(":：-–—·•,| "), " ".join(words[:k + 1]))
    return [(f, before_f) for f, before_f in found.items() if f and f != text and _DIGIT.search(f)]


def _dates_after(lead: str, phrase: str, value: datetime, base: datetime, language: str) -> bool:
    """Whether the phrase dates the line after the words `lead` (_relative_phrases): always after a
    known label or none; after other words only as a past relative date under _LABEL_REACH old, not
    on a later day than the save. Past is said by an "ago" word, or, in a phrase whose only number is
    a clock time, by "yesterday", "today" or the time ("Story updated yesterday at 10:30", "Stand:
    gestern 10:30"): a countdown, a reading or running time is none ("Election in 3 days at 10:30",
    "Reading time 5 min", "Under 21s")."""
    if not lead or _REL_LABEL.fullmatch(lead):
        return True
    clock_only = not _DIGIT.search(_CLOCK.sub("", _ZONE_OFFSET.sub("", phrase)))   # not "in 3 days at 10:30"
    past = past_marker(language).search(phrase) or clock_only and (_day_word(language).search(phrase) or
                                                                    _CLOCK.search(phrase))
    return bool(past) and base - _LABEL_REACH < value and value.date() <= base.date()


def parse_stated(text: str, *, language: str, saved: datetime | None, tz: tzinfo) -> date | datetime | None:
    """The date a short line states, in any form dateparser reads (numeric US dates, dotted dates,
    no year, relative dates such as "1 day ago", resolved against `saved`, when the page was
    saved). A date without a time of day is returned as a `date`."""
    found = stated_when(text, language=language, saved=saved, tz=tz)
    return found[0] if found is not None else None


def stated_when(text: str, *, language: str, saved: datetime | None,
                tz: tzinfo) -> tuple[date | datetime, bool] | None:
    """parse_stated's date and whether it was counted back from `saved` ("1 day ago"): such a
    date is only as true as `saved` is the time the page was saved."""
    found = find_date_ex(text, tz)
    if found is not None:
        return (found[0] if found[1] else found[0].date()), False
    if len(text) > 120 or not _DIGIT.search(text):
        return None
    import dateparser
    from dateparser.search import search_dates
    base = (saved or datetime.now(tz)).astimezone(tz).replace(tzinfo=None)
    clean = _GLUED_YEAR.sub(r"\1 \2", text)
    # "current": "1 month ago" is the 20th of last month when saved on the 20th, not the 1st ("first" gave
    # 2025-02-01, and the shifted base below then missed that it is relative). A date without its day is refused.
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False,
                "PREFER_DAY_OF_MONTH": "current", "REQUIRE_PARTS": ["day", "month"]}
    langs = _languages(language)
    try:
        whole = dateparser.parse(clean, languages=langs, settings=settings)
        for bare, lead in _relative_phrases(clean, language) if whole is None else ():
            whole = dateparser.parse(bare, languages=langs, settings=settings)   # 'Published 1 day ago by
            if whole is not None and not _dates_after(lead, bare, whole, base, language):   # Reuters': less
                whole = None                                                              # label, tail
            if whole is not None:
                clean = bare
                break
        hits = [(clean, whole)] if whole else search_dates(clean, languages=langs, settings=settings) or []
        for phrase, value in hits:
            if not _DIGIT.search(phrase) or abs((value - base).days) > 366 * 40:
                continue       # a bare weekday or month name is not a date line
            shifted = dateparser.parse(phrase, languages=langs,
                                       settings={**settings, "RELATIVE_BASE": base + timedelta(days=3)})
            if shifted != value:
                if whole is None or value.date() > base.date() or value > base and not _CLOCK.search(phrase):
                    continue        # a relative phrase inside a line: "ago" words also mean "since" or
                                    # "before" ("10 år siden 22. juli", "Seçimden 3 gün önce", "选举前3天");
                                    # one after the save is no publication ("in 3 days", "in 2 hours"), but
                                    # a later clock time that day is another zone's, a wire page's from
                                    # Berlin or Tokyo ("Today, 20:30" saved at 12:00 UTC)
                return value.date(), True        # relative ("1 day ago"): the day is all it tells
            if not (_NUMERIC_DATE.search(phrase) or any(w.lower().rstrip(".") in _MONTHS
                                                        for w in re.findall(r"[^\W\d_]+\.?", phrase))):
                continue       # "12 of 30": numbers, not a date
            return (value.replace(tzinfo=tz) if _HAS_TIME.search(phrase) else value.date()), False
    except Exception:          # dateparser raises assorted errors on odd input: no date then
        return None
    return None


def warm_up() -> None:
    """Import dateparser and build what its first parse builds (its English tables and patterns:
    0.08 s and 0.11 s of CPU here), before a pool's workers fork: each worker that meets a relative
    date line ('2 hours ago', 'vor 11 Minuten'; 2 of the dev corpus's 352 pages, and 25 ask for the
    page language's past marker, which imports it) paid for them on its own."""
    stated_when("Published 2 hours ago", language="en", saved=datetime(2020, 1, 1, tzinfo=timezone.utc),
                tz=timezone.utc)


# Past markers dateparser's own locale data lists under "ago" that are prose, not a date line's
# ("2 days before the vote"); a marker of 1-2 letters in capitals is an abbreviation (Italian "fa",
# the English "FA Cup").
_NOT_PAST_MARKS = {"before"}


def _locales(language: str):
    """(language, dateparser's locale data, the word edges to match in it) for the page's language and
    English: a word of its own, except in scripts written without spaces. Languages dateparser does not
    know are left out."""
    from dateparser.languages.loader import default_loader
    for lang in _languages(language):
        try:
            info = default_loader.get_locale(lang).info
        except ValueError:   # a language dateparser does not know
            continue
        unspaced = info.get("no_word_spacing") or lang in _UNSPACED
        yield lang, info, ("", "") if unspaced else (r"(?<![^\W\d_])", r"(?![^\W\d_])")


@lru_cache(maxsize=64)
def past_marker(language: str) -> re.Pattern[str]:
    """The words that make a relative date past in the page's language and English ("ago", "há",
    "atrás", "geleden", "temu", "назад", "önce", "sedan", "siden", "fa", "前"), as dateparser's
    locale data lists them: a word of its own, except in scripts written without spaces."""
    parts = []
    for lang, info, edge in _locales(language):
        for word in [*(info.get("ago") or []), *_MORE_PAST_MARKS.get(lang, ())]:
            if word in _NOT_PAST_MARKS:
                continue
            short = len(word) <= 2 and word.upper() != word.lower()   # (a script with capitals)
            body = f"(?i:{_letters(word)})"
            body = f"(?!{re.escape(word.upper())}{edge[1]}){body}" if short else body
            parts.append(f"{edge[0]}{body}{edge[1]}")
    return re.compile("|".join(parts) or r"(?!)")


@lru_cache(maxsize=64)
def _day_word(language: str) -> re.Pattern[str]:
    """The words for "today" and "yesterday" in the page's language and English, from dateparser's
    locale data ("heute", "gestern", "вчера", "dün", "i går", "昨日"): a word of its own, except in
    scripts written without spaces."""
    parts = []
    for _lang, info, edge in _locales(language):
        relative = info.get("relative-type") or {}
        for word in (w for key in ("0 day ago", "1 day ago") for w in relative.get(key, ())):
            parts.append(edge[0] + "(?i:" + r"\s+".join(map(_letters, word.split())) + ")" + edge[1])
    return re.compile("|".join(parts) or r"(?!)")


# Scripts written without spaces between words whose dateparser locale does not say so: Thai writes
# "3 วันที่แล้ว" ("3 days ago") as one run, where a word edge is never found.
_UNSPACED = {"th", "lo", "km", "my"}
# "Ago" words dateparser reads in a relative date but does not list: Greek "πριν από 2 ώρες", Korean "3일 전".
# Hungarian says it with a suffix on the unit ("2 órája", "3 napja"), which dateparser reads but does not list.
_MORE_PAST_MARKS = {"el": ("πριν",), "ko": ("전",),
                    "hu": ("másodperce", "perce", "órája", "napja", "hete", "hónapja", "éve")}
# Letters Arabic-script languages write in two forms: dateparser's Persian "پيش" has the Arabic yeh,
# Persian text the Persian one ("3 روز پیش"); kaf likewise.
_SAME_LETTER = {"ي": "[يی]", "ی": "[يی]", "ك": "[كک]", "ک": "[كک]"}


def _letters(word: str) -> str:
    """`word` as a pattern that takes either form of a letter written two ways."""
    return "".join(_SAME_LETTER.get(ch) or re.escape(ch) for ch in word)


_LOCALE_ALIASES = {"no": "nb"}   # the converter's Norwegian; dateparser has Bokmål and Nynorsk


def _languages(language: str) -> list[str]:
    language = _LOCALE_ALIASES.get(language, language)
    if language.startswith("zh-"):   # the converter's Traditional 'zh-tw' ('zh-hk'...): dateparser knows
        return ["zh-Hant", "zh", "en"]   # no 'zh-tw', and raised for it (no stated date was read)
    return [language, "en"] if language and language != "en" else ["en"]


# Lines that state a date but not the publication date.
UPDATED = re.compile(r"\b(?:updated?|modified|aktualisiert|aktualizacja|actualizado|actualizada|"
                     r"atualizado|mis à jour|mise à jour|aggiornato|bijgewerkt)\b", re.I)
PUBLISHED = re.compile(r"\b(?:published|posted|publié|publiée|veröffentlicht|publicado|publicada|"
                       r"postado|pubblicato|publikacja|opublikowano|gepubliceerd|기사입력|발행|发布)\b", re.I)
