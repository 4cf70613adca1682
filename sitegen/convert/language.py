"""Language: the page's own marker ('• en' picker, lang="xx") when it has one and the text does
not contradict it, else lingua's detection over ~30 common languages (built once, lazily). Chinese
is told Traditional ('zh-tw') from Simplified ('zh') by its characters (see chinese)."""
from __future__ import annotations

import re
from functools import lru_cache

from ..langtag import same_writing

# ~30 widely published languages: a small set keeps the detector fast and its errors few.
_CODES = ("en fr de es pt it nl pl sv da nb fi cs hu ro el tr ru uk bg "
          "ar he fa hi id vi th ko ja zh").split()
_MARKER_LINE = re.compile(r"^(?:[•·▪●*\-]\s*)?([a-z]{2})$")
_LANG_ATTR = re.compile(r"\blang(?:uage)?\s*=\s*[\"']?([a-z]{2})(?:[-_][A-Za-z]{2})?\b")
# Script ranges decide some languages outright, faster and surer than any model.
_SCRIPTS = [("ko", re.compile(r"[\uac00-\ud7af]")), ("ja", re.compile(r"[\u3040-\u30ff]")),
            ("zh", re.compile(r"[\u4e00-\u9fff]")), ("he", re.compile(r"[\u0590-\u05ff]")),
            ("el", re.compile(r"[\u0370-\u03ff]")), ("th", re.compile(r"[\u0e00-\u0e7f]"))]


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder
    codes = [getattr(IsoCode639_1, c.upper()) for c in _CODES if hasattr(IsoCode639_1, c.upper())]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


def warm_up() -> None:
    """Build the detector and load its models now (before forking workers, which then share them
    instead of each loading its own: 1.3 s of CPU less per 1,000 seeds)."""
    _detector().detect_language_of("The council approved the budget on Monday.")


def page_marker(raw_lines: list[str]) -> str | None:
    found = {m.group(1) for ln in raw_lines if (m := _MARKER_LINE.match(ln.strip()))}
    found |= {m.group(1).lower() for ln in raw_lines[:400] if "lang" in ln
              for m in _LANG_ATTR.finditer(ln)}
    found &= set(_CODES)
    return found.pop() if len(found) == 1 else None


def detect(text: str, marker: str | None, default: str) -> str:
    sample = text[:350]
    if not sample.strip():
        return marker or default
    letters = sum(ch.isalpha() for ch in sample) or 1
    for code, rx in _SCRIPTS:
        if len(rx.findall(sample)) > letters * 0.3:
            if code == "zh":
                return "ja" if _SCRIPTS[1][1].search(sample) else chinese(text[:1000], default)
            return code
    detector = _detector()
    if marker:
        from lingua import IsoCode639_1
        lang = detector.detect_language_of(sample)
        if lang is None or lang.iso_code_639_1.name.lower() == marker:
            return marker
        conf = detector.compute_language_confidence(
            sample, next(lg for lg in _languages() if lg.iso_code_639_1 == getattr(IsoCode639_1, marker.upper())))
        return marker if conf >= 0.15 else lang.iso_code_639_1.name.lower()
    lang = detector.detect_language_of(sample)
    return lang.iso_code_639_1.name.lower() if lang else default


def chinese(text: str, site: str) -> str:
    """Chinese text's tag by its script: Traditional 'zh-tw', Simplified 'zh' (as sitegen.langtag
    spells them), or the site's own Chinese tag when it is in the same script ('zh-hk'). A bare 'zh'
    for every story put a zh-TW site's converted stories in a Simplified /zh/ edition, og:locale
    zh_CN. Decided by the count of characters each script alone uses, so one name from the other
    script (or a character the dictionary lists oddly) does not flip a story: a tie (none of either,
    as in a short all-shared text) is the site's Chinese tag, else 'zh'. A site whose language is
    a bare 'zh' gets 'zh' for both scripts, as before: until session 34 it was the only Chinese tag
    a site could give, and a Taiwanese site's converted stories would all move to a /zh-tw/ edition
    (new addresses) on the upgrade; `language = "zh-TW"` in site.toml tags them zh-tw."""
    traditional, simplified = _script_only()
    trad = sum(ch in traditional for ch in text)
    simp = sum(ch in simplified for ch in text)
    guess = "zh-tw" if trad > simp else "zh" if simp > trad else None
    if site.partition("-")[0] == "zh" and (guess is None or site == "zh" or same_writing(site, guess)):
        return site
    return guess or "zh"


@lru_cache(maxsize=1)
def _script_only() -> tuple[frozenset[str], frozenset[str]]:
    """The characters only Traditional and only Simplified Chinese write, from CC-CEDICT as zhon
    ships it (10,703 and 10,325 characters, 2,703 and 2,325 of them in one script alone): a
    maintained dictionary, not a hand list of the few that came to mind (hanzidentifier reads the
    same sets, but calls a text with a single character of the other script 'mixed')."""
    from zhon import cedict
    trad, simp = frozenset(cedict.traditional), frozenset(cedict.simplified)
    return trad - simp, simp - trad


@lru_cache(maxsize=1)
def _languages():
    from lingua import Language
    return tuple(Language.all())
