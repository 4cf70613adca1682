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
from collections.abc import Container, Sequence
from functools import lru_cache

from . import LazyPattern

_SCRIPT = LazyPattern(r"[a-z]{4}\Z")
_REGION = LazyPattern(r"(?:[a-z]{2}|[0-9]{3})\Z")
_SIMPLE = LazyPattern(r"[a-z]{2,3}(?:-(?:[a-z]{2}|[0-9]{3}))?\Z")  # 'de', 'pt-br': nothing to reduce


def language_tag(value: str) -> str:
    """The one spelling of a language tag (see the module's note); a tag it cannot read
    is returned lower case, for the caller's own check to refuse."""
    tag = _unaliased(_extlang_dropped(value.strip().replace("_", "-").lower()))
    if _SIMPLE.match(tag) and not tag.startswith("zh-"):
        return tag
    return _reduced(tag)


# RFC 5646's extended language subtags (IANA registry, 'Type: extlang') of the languages a news site is
# written in, by their prefix: 'zh-yue' is Cantonese Wikipedia's code, 'zh-cmn-Hans' what a decade of Chinese
# front-end guides put on <html>. Listed, not guessed from the grammar: 'en-usa' (a country's ISO 3166
# alpha-3 code) is a tag's mistake, not the language 'usa'.
_EXTLANGS = {
    "zh": "cdo cjy cmn cnp cpx csp czh czo gan hak hsn lzh mnp nan sjc wuu yue",
    "ar": "aao abh abv acm acq acw acx acy adf aeb aec afb ajp apc apd arb arq ars ary arz auz avl ayh ayl ayn "
          "ayp bbz pga shu ssh",
    "ms": "bjn btj bve bvu coa dup hji jak jax kvb kvr kxd lce lcf liw max meo mfa mfb min mqg msi mui orn ors "
          "pel pse tmw urk vkk vkt xmm zlm zmi zsm",
    "uz": "uzn uzs", "lv": "ltg lvs", "sw": "swc swh", "et": "ekk vro", "kok": "gom knn", "ne": "dty",
}
# RFC 5646's grandfathered tags with a preferred value (2.2.8): 'zh-min-nan' is Min Nan ('nan'), not 'min'
_GRANDFATHERED = {"zh-min-nan": "nan", "zh-guoyu": "cmn", "zh-hakka": "hak", "zh-xiang": "hsn", "art-lojban": "jbo",
                  "i-klingon": "tlh", "i-lux": "lb", "i-navajo": "nv", "i-hak": "hak", "no-bok": "nb", "no-nyn": "nn"}


@lru_cache(maxsize=256)
def _extlang_dropped(tag: str) -> str:
    """`tag` in RFC 5646's canonical form (4.5): an extended language subtag replaces the language
    before it ('zh-yue' is 'yue', 'zh-cmn-hans' 'cmn-hans', 'ar-arz' 'arz'), and a grandfathered tag
    is its preferred value. Kept as written, each was an edition of its own beside its language's
    ('/zh-yue/' beside '/yue/'), dated in English: Babel knows no 'zh_yue' (review55b 5)."""
    for old, new in _GRANDFATHERED.items():
        if tag == old or tag.startswith(old + "-"):
            return new + tag[len(old):]
    lang, _, rest = tag.partition("-")
    extlang, _, tail = rest.partition("-")
    return rest if extlang in _EXTLANGS.get(lang, "").split() else tag


# The codes ISO 639 withdrew, which Java, Android and old CMS exports still write, as CLDR replaces
# them. Only these: CLDR's other aliases join distinct current languages ('prs' Dari is 'fa-AF',
# 'cnr' Montenegrin 'sr-ME', 'kmr' Kurmanji 'ku'), and a Dari desk is no Persian edition.
_WITHDRAWN = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro", "tl": "fil", "sh": "sr-latn"}
# ISO 639-2's three-letter codes (T and B) of a language with a two-letter code: the same language
# ('deu', 'ger': 'de'), with 'scc' and 'scr', the B codes ISO withdrew, and 'hbs' for 'sh'
_THREE = dict(pair.split(":") for pair in """
    aar:aa abk:ab afr:af aka:ak alb:sq amh:am ara:ar arg:an arm:hy asm:as ava:av ave:ae aym:ay aze:az bak:ba
    bam:bm baq:eu bel:be ben:bn bih:bh bis:bi bod:bo bos:bs bre:br bul:bg bur:my cat:ca ces:cs cha:ch che:ce
    chi:zh chu:cu chv:cv cor:kw cos:co cre:cr cym:cy cze:cs dan:da deu:de div:dv dut:nl dzo:dz ell:el eng:en
    epo:eo est:et eus:eu ewe:ee fao:fo fas:fa fij:fj fin:fi fra:fr fre:fr fry:fy ful:ff geo:ka ger:de gla:gd
    gle:ga glg:gl glv:gv gre:el grn:gn guj:gu hat:ht hau:ha hbs:sh heb:he her:hz hin:hi hmo:ho hrv:hr hun:hu
    hye:hy ibo:ig ice:is ido:io iii:ii iku:iu ile:ie ina:ia ind:id ipk:ik isl:is ita:it jav:jv jpn:ja kal:kl
    kan:kn kas:ks kat:ka kau:kr kaz:kk khm:km kik:ki kin:rw kir:ky kom:kv kon:kg kor:ko kua:kj kur:ku lao:lo
    lat:la lav:lv lim:li lin:ln lit:lt ltz:lb lub:lu lug:lg mac:mk mah:mh mal:ml mao:mi mar:mr may:ms mkd:mk
    mlg:mg mlt:mt mol:mo mon:mn mri:mi msa:ms mya:my nau:na nav:nv nbl:nr nde:nd ndo:ng nep:ne nld:nl nno:nn
    nob:nb nor:no nya:ny oci:oc oji:oj ori:or orm:om oss:os pan:pa per:fa pli:pi pol:pl por:pt pus:ps que:qu
    roh:rm ron:ro rum:ro run:rn rus:ru sag:sg san:sa scc:sr scr:hr sin:si slk:sk slo:sk slv:sl sme:se smo:sm
    sna:sn snd:sd som:so sot:st spa:es sqi:sq srd:sc srp:sr ssw:ss sun:su swa:sw swe:sv tah:ty tam:ta tat:tt
    tel:te tgk:tg tgl:tl tha:th tib:bo tir:ti ton:to tsn:tn tso:ts tuk:tk tur:tr twi:tw uig:ug ukr:uk urd:ur
    uzb:uz ven:ve vie:vi vol:vo wel:cy wln:wa wol:wo xho:xh yid:yi yor:yo zha:za zho:zh zul:zu""".split())


@lru_cache(maxsize=256)
def _unaliased(tag: str) -> str:
    """`tag` with a withdrawn or three-letter language subtag replaced (see _WITHDRAWN, _THREE): such a
    code beside the language's own made a second edition of it ('iw' beside 'he'), speaking English.
    A script or region the replacement brings ('sh' is 'sr-latn') is added where the tag has none."""
    lang, _, rest = tag.partition("-")
    two = _THREE.get(lang, lang)
    new = _WITHDRAWN.get(two, two)
    if new == lang:
        return tag
    found, *extra = new.split("-")
    parts, out = rest.split("-") if rest else [], [found]
    for kind in (_SCRIPT, _REGION):   # the tag's own script, region, else the replacement's
        if parts and kind.match(parts[0]):
            out.append(parts.pop(0))
        else:
            out += [p for p in extra if kind.match(p)]
    return "-".join(out + parts)


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


@lru_cache(maxsize=256)
def same_writing(a: str, b: str) -> bool:
    """Whether two tags (as language_tag spells them) are one language in one script, so a reader of
    one reads the other: 'en', 'en-gb' and 'en-us' are; 'zh' and 'zh-tw' (Simplified, Traditional)
    and 'sr' and 'sr-latn' (Cyrillic, Latin) are not. A tag CLDR does not know is only itself."""
    if a == b:
        return True
    x, y = _written(a), _written(b)
    return x is not None and x == y


def chinese_script(tag: str) -> str:
    """'hans' (Simplified) or 'hant' (Traditional) for Chinese, 'zh' or Mandarin 'cmn' (Chinese to Google News
    and to the theme's catalogs), else '': its script subtag, else the one CLDR has for its region ('zh-hk'
    Traditional, 'zh-sg' Simplified). A region only guesses the script: a Hong Kong desk writing Simplified
    ('zh-hans-hk') was given Traditional words and told Google News zh-tw (review49f 4, 5)."""
    lang, *rest = tag.lower().split("-")
    if lang not in ("zh", "cmn"):
        return ""
    if rest and len(rest[0]) == 3 and rest[0].isalpha():   # RFC 5646's extended language ('zh-cmn-hant'): the script follows it
        rest = rest[1:]
    found = _written("-".join(["zh", *rest]))
    return "hant" if found and found[1] == "hant" else "hans"


@lru_cache(maxsize=256)
def script_of(tag: str) -> str:
    """The script a tag (as language_tag spells it) is written in, lower case: its own script subtag
    ('ur-latn' -> 'latn', Roman Urdu), else CLDR's likely one for its language and region ('ur' ->
    'arab', 'zh-tw' -> 'hant'). A code CLDR knows only by what replaces it is read as that ('pnb',
    Western Punjabi, is Lahnda: 'arab'); langtag keeps the code as written, for it is the edition's.
    '' when CLDR does not know the language (review51d 1)."""
    parts = tag.split("-")
    extlang = len(parts) > 1 and len(parts[1]) == 3 and parts[1].isalpha()   # the script follows it ('zh-cmn-hant')
    rest = parts[1 + extlang:]
    if rest and _SCRIPT.match(rest[0]):
        return rest[0]
    written = _written(tag)
    if written is None:
        from babel.core import get_global
        alias = get_global("language_aliases").get(parts[0], "")
        written = _written(alias.lower().replace("_", "-")) if alias else None
    return written[1] if written else ""


def known_language(tag: str) -> bool:
    """Whether `tag` (as language_tag spells it) names a language CLDR knows ('de', 'pt-br'), not
    'und' (undetermined), 'german' or 'ge'."""
    return tag.split("-", 1)[0] != "und" and _written(tag) is not None


def _written(tag: str) -> tuple[str, str] | None:
    """(language, script) of a tag: 'en-gb' -> ('en', 'latn'); None when it cannot be read."""
    parts = tag.split("-")
    script = parts[1] if len(parts) > 1 and _SCRIPT.match(parts[1]) else ""
    region = next((p for p in parts[1 + bool(script):2 + bool(script)] if _REGION.match(p)), "")
    full = _maximized(parts[0], script, region) if parts[0].isalpha() else None
    return full[:2] if full else None


# Unicode's name for the letters of a script where it is not CLDR's English name's first word
# ('Odia' is Unicode's ORIYA, 'Unified Canadian Aboriginal Syllabics' its CANADIAN SYLLABICS;
# tests/test_langtag.py holds every Babel locale's name to one Unicode uses)
_UNICODE_SCRIPTS = {"hans": ("CJK",), "hant": ("CJK",), "hani": ("CJK",), "jpan": ("CJK", "HIRAGANA", "KATAKANA"),
                    "kore": ("HANGUL", "CJK"), "beng": ("BENGALI",), "orya": ("ORIYA",), "cans": ("CANADIAN",),
                    "nkoo": ("NKO",), "mtei": ("MEETEI",)}


@lru_cache(maxsize=256)
def letters_of(tag: str) -> frozenset[str]:
    """The scripts a language is written in, as Unicode names letters ('en' -> {'LATIN'}, 'ja' ->
    {'CJK', 'HIRAGANA', 'KATAKANA'}); empty when CLDR does not know the tag."""
    written = _written(tag)
    if written is None:
        return frozenset()
    script = written[1]
    if script in _UNICODE_SCRIPTS:
        return frozenset(_UNICODE_SCRIPTS[script])
    from babel import Locale
    name = Locale("en").scripts.get(script.title(), "")
    return frozenset(name.upper().split()[:1])


_LATIN, _NONE = frozenset({"LATIN"}), frozenset()
_ASCII_LETTER = LazyPattern(r"[A-Za-z]")


def scripts_in(text: str) -> frozenset[str]:
    """The scripts of a text's letters, as letters_of names them ('Ports' -> {'LATIN'}). ASCII at
    once (most topics: 20,000 names took 200 ms letter by letter). The rest NFKC-normalised first
    (fullwidth 'Ｇ７' is Latin, halfwidth 'ｶﾀｶﾅ' katakana, the ordinal in '1ª' an 'a'); modifier
    letters (Lm: the prolonged-sound mark in 'ニュース', the iteration mark in '人々', the
    apostrophe in 'Марʼяна') belong to no one script, so they count for none."""
    if text.isascii():
        return _LATIN if _ASCII_LETTER.search(text) else _NONE
    import unicodedata
    return frozenset(script for ch in unicodedata.normalize("NFKC", text) if ch.isalpha() and (script := _script_of(ch)))


# A letter whose name's first word is not its script's: Japanese marks, hentaigana, Claudian letters
_NAMED_APART = {"IDEOGRAPHIC": "CJK", "MASU": "CJK", "HENTAIGANA": "HIRAGANA", "TURNED": "LATIN", "ROMAN": "LATIN"}


@lru_cache(maxsize=4096)
def _script_of(letter: str) -> str:
    """The first word of a letter's Unicode name ('CYRILLIC SMALL LETTER A' -> 'CYRILLIC'), '' for
    a modifier letter."""
    import unicodedata
    if unicodedata.category(letter) == "Lm":
        return ""
    word = unicodedata.name(letter, "?").split(" ")[0]
    return _NAMED_APART.get(word, word)


def refined(tag: str, site: str) -> str:
    """A story's tag on a site whose language names a region: the bare language the converter
    writes ('en') is the site's own variety ('en-gb'), written in the same script; any other tag,
    a region of its own ('en-us') included, is left as the story says."""
    if "-" in site and tag == site.partition("-")[0] and same_writing(tag, site):
        return site
    return tag


# ISO 639-1 codes of the languages language_tag writes in three letters (CLDR's 'tl' is 'fil')
_ONE = {new: old for old, new in _WITHDRAWN.items() if len(new) == 3}


@lru_cache(maxsize=256)
def hreflang(tag: str) -> str:
    """A tag (as language_tag spells it) as Google reads hreflang: an ISO 639-1 language and an
    ISO 3166-1 alpha-2 region, so an ISO 639-1 code where one exists ('fil' -> 'tl'), a retired or
    numeric region by CLDR's one replacement ('en-uk' -> 'en-gb', 'es-724' -> 'es-es') and an area
    left out ('es-419' -> 'es': hreflang_codes keeps it only where no other story is that). Google
    ignored the links 'en-uk', 'es-419' and 'fil' (review46b). A script stays ('zh-hant')."""
    lang, *rest = tag.split("-")
    out = [_ONE.get(lang, lang)]
    if rest and _SCRIPT.match(rest[0]):
        out.append(rest.pop(0))
    if rest and _REGION.match(rest[0]):
        region = rest.pop(0)
        region = replaced_region(region) or region
        if region.isalpha():
            out.append(region)
    return "-".join(out + rest)


@lru_cache(maxsize=64)
def replaced_region(region: str) -> str:
    """CLDR's replacement of a retired or numeric region code ('uk' -> 'gb', '826' -> 'gb'), lower
    case; '' for a current one, an area ('419') and a region split in several ('su')."""
    from babel.core import get_global
    found = get_global("territory_aliases").get(region.upper(), [])
    return found[0].lower() if len(found) == 1 else ""


def hreflang_codes(tags: Sequence[str]) -> dict[str, str]:
    """Tag -> hreflang of the languages of a cluster of pages (tags in order of preference, the
    newest story's first): of two tags one code ('es' and 'es-419', 'en-gb' and 'en-uk'), the one
    that is its code as written, else the first; the other is left out (a cluster names one page
    a language)."""
    found: dict[str, str] = {}
    for tag in tags:
        code = hreflang(tag)
        taken = next((t for t, c in found.items() if c == code), None)
        if taken is None:
            found[tag] = code
        elif code == tag:
            del found[taken]
            found[tag] = code
    return found


def country_example(tag: str, taken: Container[str]) -> str:
    """A country's code in `tag`'s language whose hreflang is not in `taken`, as a warning's example:
    a country of the tag's area ('es-419' -> 'es-AR'), else the language's likeliest ('es' -> 'es-ES');
    '' where CLDR knows none."""
    from babel.core import get_global
    lang, *rest = tag.split("-")
    area = "_".join([lang, *rest]) if rest and rest[-1].isdigit() else ""
    within = sorted(k.rsplit("_", 1)[1] for k, v in get_global("parent_exceptions").items()
                    if area and v.lower() == area)
    likely = str(get_global("likely_subtags").get(lang, "")).split("_")[1:]
    for country in (*within, *likely):
        code = f"{lang}-{country.lower()}"
        if len(country) == 2 and country.isalpha() and country.isupper() and hreflang(code) not in taken:
            return bcp47(code)
    return ""


@lru_cache(maxsize=256)  # every page asks (base.html's lang), for a handful of tags
def bcp47(tag: str) -> str:
    """A tag in BCP 47's conventional case, as a page's lang attribute shows it: 'en-gb' -> 'en-GB',
    'sr-latn' -> 'sr-Latn', 'es-419' stays (the project's lower case is the same tag to a machine)."""
    parts = tag.split("-")
    for i, part in enumerate(parts[1:], 1):
        if len(part) == 1:  # an extension or private use: written as given
            break
        parts[i] = part.upper() if len(part) == 2 else part.title() if len(part) == 4 and part.isalpha() else part
    return "-".join(parts)
