"""One spelling per language: the tag that names a story's, an edition's or the site's language,
so 'zh', 'zh-cn', 'zh-Hans' and 'zh_CN' are one Chinese edition and not three.

Tags are written lower case with hyphens, the project's form since its first editions (BCP 47
ignores case, and the tag is part of edition addresses: '/pt-br/'). A script subtag is dropped when
CLDR's likely subtags imply it ('sr-cyrl' is 'sr', 'sr-latn' stays; 'zh-hant-tw' is 'zh-tw').
Chinese is reduced the whole CLDR way ("remove likely subtags"): 'zh-cn', 'zh-hans' and 'zh-hans-cn'
are 'zh', as the converter and the shipped zh.po spell Simplified Chinese; 'zh-hant' is 'zh-tw'.
Other languages keep the region they name ('pt-br', 'en-gb'): a bare 'pt' or 'en' is written for
every variety, a bare 'zh' almost only for Mainland Simplified.
"""
from __future__ import annotations

import re
from functools import lru_cache

_SCRIPT = re.compile(r"[a-z]{4}\Z")
_REGION = re.compile(r"(?:[a-z]{2}|[0-9]{3})\Z")
_SIMPLE = re.compile(r"[a-z]{2,3}(?:-(?:[a-z]{2}|[0-9]{3}))?\Z")  # 'de', 'pt-br': nothing to reduce


def language_tag(value: str) -> str:
    """The one spelling of a language tag (see the module's note); a tag it cannot read
    is returned lower case, for the caller's own check to refuse."""
    tag = value.strip().replace("_", "-").lower()
    if _SIMPLE.match(tag) and not tag.startswith("zh-"):
        return tag
    return _reduced(tag)


@lru_cache(maxsize=256)
def _reduced(tag: str) -> str:
    parts = tag.split("-")
    lang, script, region = parts[0], "", ""
    rest = parts[1:]
    if rest and _SCRIPT.match(rest[0]):
        script = rest.pop(0)
    if rest and _REGION.match(rest[0]):
        region = rest.pop(0)
    if rest or not lang.isalpha() or not 2 <= len(lang) <= 3:  # variants, extensions: left as written
        return tag
    full = _maximized(lang, script, region)
    if full is None:
        return tag
    # CLDR's candidates, shortest first; for other languages only those keeping the region
    tries = [(lang, "", ""), (lang, "", full[2]), (lang, full[1], "")] if lang == "zh" else [(lang, "", region)]
    for candidate in tries:
        if _maximized(*candidate) == full:
            return "-".join(p for p in candidate if p)
    return tag


@lru_cache(maxsize=256)
def _maximized(lang: str, script: str, region: str) -> tuple[str, str, str] | None:
    """CLDR's "add likely subtags": ('zh', '', 'tw') -> ('zh', 'hant', 'tw'); None if unknown."""
    from babel.core import get_global
    table = get_global("likely_subtags")
    s, r = script.title(), region.upper()
    for key in (f"{lang}_{s}_{r}", f"{lang}_{r}", f"{lang}_{s}", lang):
        if "__" in key or key.endswith("_"):
            continue
        found = table.get(key)
        if found:
            got = found.split("_")
            if len(got) != 3:
                return None
            return lang, (script or got[1].lower()), (region or got[2].lower())
    return None
