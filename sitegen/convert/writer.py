"""Writing content files: front matter, slugs, hand-edit detection, the run over all seeds.

Rules: converting twice changes nothing (a seed whose hash is unchanged is skipped); a content
file edited by hand since it was written (its body no longer matches the content_hash we wrote)
is never overwritten unless forced (and is reported once per edit, not on every run; under
--strict a kept edit or a take-down is left to the next run without it, while a seed changed
under an edit warns on every strict run until forced or accepted); a new
labeller model (or a change to the settings a conversion reads) re-converts every seed but rewrites only the files whose output changes; two seeds with the same slug get -2, -3... in order of
their source path, and a seed keeps the slug it got first; a date the seed does not state is the
time of the first conversion and is then kept, and such files are listed with the fix. The
record that must travel in git (the key, the file each seed made) is also written into the content
folder (_Committed). Nothing is written outside the content folder but the converter's state file
(and, while a run writes, its journal: _State.journal) in the cache folder.
"""
from __future__ import annotations

import collections
import codecs
import difflib
import errno
import gc
import hashlib
import json
import os
import re
import stat
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable, Iterator, NamedTuple, TextIO

import yaml
from slugify import slugify

from ..config import (CONVERT_STATE, Config, leads_out, not_a_seed, not_utf8_message, nowhere_message,
                      outside_message, shown_name, utf8_name, worker_count)
from .seed import NotStreamable, ReadingPieces, reading_text, reading_text_of

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_HASH_LINE = re.compile(r"^content_hash: .*\n", re.M)
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


@dataclass(frozen=True)
class ConvertSummary:
    converted: int
    unchanged: int
    kept_edited: int
    failed: int
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    written: tuple[Path, ...] = ()
    undated: tuple[str, ...] = ()     # content files dated at first conversion, with the fix
    taken_down: int = 0               # seeds whose content file was deleted: not converted again
    held: int = 0                     # seeds that warned under --strict: not written (see _Run.hold)
    notes: tuple[str, ...] = ()       # said, never a reason for --strict to stop (_new_in_checkout)

    def line(self) -> str:
        down = f"{self.taken_down} taken down, " if self.taken_down else ""   # the usual line unchanged
        held = f"{self.held} held back by --strict, " if self.held else ""
        return (f"convert: {self.converted} converted, {self.unchanged} unchanged, "
                f"{self.kept_edited} kept (edited by hand), {down}{held}{self.failed} failed")

    @property
    def ok(self) -> bool:
        return self.failed == 0


def decode_seed(data: bytes, source: str) -> tuple[str, str | None]:
    """UTF-8, UTF-16/32 by their byte-order mark (Windows "Unicode" text), else UTF-8 with a few
    stray bytes read as cp1252, else cp1252 (with a warning naming the file)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), None
            except UnicodeDecodeError:
                break
    wide = _utf16_without_bom(data)
    if wide is not None:
        return wide, None
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    legacy = None if _mostly_utf8(data) else _legacy_script(data)
    if legacy is not None:
        text, name = legacy
        return text, (f"{source}: not UTF-8; read as {name} — check the text, "
                      "and save the seed as UTF-8 to silence this")
    mixed = _utf8_with_stray_bytes(data, source)
    if mixed is not None:
        return mixed
    text, name = _latin_page(data)
    return text, (f"{source}: not UTF-8; read as {name} — check the accents, "
                  "and save the seed as UTF-8 to silence this")


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),   # (in this order: UTF-32-LE's
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))    # mark starts as UTF-16-LE's)


def _mostly_utf8(data: bytes) -> bool:
    """Whether its valid UTF-8 characters outnumber twice its stray bytes: UTF-8 with a line pasted
    from an old file, never tried as a legacy code page (a German UTF-8 page's NBSPs and umlauts
    are valid cp949, 'Verm철gen...혻혻'). A legacy page's bytes make at most 0.35 valid UTF-8
    characters a stray byte (EUC-JP), a Greek, Hebrew, Arabic or Cyrillic one none."""
    text = data.decode("utf-8", "surrogateescape")
    stray = len(_STRAY_BYTE.findall(text))
    return len(text) - len(text.encode("ascii", "ignore")) - stray >= 2 * max(stray, 1)


_STRAY_BYTE = re.compile("[\udc80-\udcff]")


# The Windows "ANSI" code pages of the non-Latin desks (and Unix's KOI8-R, read as KOI8-U: the same
# but for 8 box-drawing signs no story uses, which are Ukrainian's і ї є ґ there), each with the
# test its text must pass: read as cp1252 (which takes any bytes) such a seed was published as
# mojibake, its slug (the story's address) too. Japanese is told apart by its kana (GBK and EUC-KR
# bytes never make them), Korean by its Hangul (Chinese read as cp949 is half Hanja), Chinese by
# GB2312's common characters (Shift-JIS read as GBK gives rare ones), Cyrillic by whole words of it.
_LEGACY = (("cp932", "Shift-JIS (cp932)"), ("euc_jp", "EUC-JP"), ("cp949", "EUC-KR (cp949)"), ("gb18030", "GBK (gb18030)"), ("big5", "Big5"),
           ("cp1251", "cp1251 (Cyrillic)"), ("koi8_u", "KOI8-R/KOI8-U (Cyrillic)"),
           ("cp1255", "cp1255 (Hebrew)"), ("cp1256", "cp1256 (Arabic)"), ("iso8859_6", "ISO-8859-6 (Arabic)"),
           ("cp1253", "cp1253 (Greek)"), ("iso8859_7", "ISO-8859-7 (Greek)"), ("cp866", "cp866 (DOS Cyrillic)"),
           ("cp874", "TIS-620 (cp874, Thai)"), ("iso8859_5", "ISO-8859-5 (Cyrillic)"))
# Greek, Hebrew, Arabic and Thai: each page's letters in its own Unicode block. Their desks' text
# read as cp1251 was whole lower-case "Cyrillic" words (Hebrew's 'дйен лй'), read as cp1252 mojibake.
# Tried in this order: Greek bytes break cp1255 and ISO-8859-6 (its accented letters are undefined
# there) and read as cp1256 half Latin, but Hebrew read as cp1253 is unaccented Greek. ISO-8859-7's
# 'Ά' is cp1253's '¶' (one before a Greek letter rules cp1253 out) and its '’' cp1253's 'Ά' ('donΆt').
# cp866 before TIS-620: DOS Russian read as TIS-620 is Thai letters ('Сообщение': '‘ฎฎก้ฅญจฅ'),
# Thai read as cp866 half box drawing (rr55f 9).
_BLOCK = {"cp1253": ("\u0370", "\u03ff"), "iso8859_7": ("\u0370", "\u03ff"), "cp1255": ("\u0590", "\u05ff"),
          "cp1256": ("\u0600", "\u06ff"), "iso8859_6": ("\u0600", "\u06ff"), "cp874": ("\u0e00", "\u0e7f")}
_GLUED = re.compile(r"[A-Za-z][^\x00-\x7f]|[^\x00-\x7f][A-Za-z]")
_VOWELS = frozenset("аеёиоуыэюяіїєўАЕЁИОУЫЭЮЯІЇЄЎ")
# A script's letters stand together in words (or CJK runs); a Latin text's few signs stand alone:
# a cp1252 English seed's '£4m' read as KOI8-R was 'ё4m', its NBSP before a word a Hangul syllable
# that ate the word's first letter (cp949), its '£' as TIS-620 a Thai letter.
_ALONE = re.compile(r"(?<![^\x00-\x7f])[^\x00-\x7f](?![^\x00-\x7f])")
_KANA = re.compile("[\u3041-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7a3]")
_WORD = re.compile(r"[^\W\d_]+")
_NBSP_RUN = re.compile("\u0430{2,}")


def _legacy_script(data: bytes) -> tuple[str, str] | None:
    """The seed read in the one legacy code page whose reading is text of that page's script (the
    text and the page's name), else None. Strict: a byte it leaves undefined rules a page out."""
    for enc, name in _LEGACY:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _in_script(enc, text[:100_000]):   # read whole, its script judged by its start (a 5 MB seed's list of characters cost seconds)
            return text, name
    return None


def _in_script(enc: str, sample: str) -> bool:
    """Whether a seed's start read in legacy page `enc` is text of that page's script."""
    wide = [ch for ch in sample if ch > "\x7f"]
    return len(wide) >= 4 and len(_ALONE.findall(sample)) <= 0.3 * len(wide) and _reads_as(enc, sample, wide)


def _reads_as(enc: str, text: str, wide: list[str]) -> bool:
    """Whether the non-ASCII characters of a reading are nine in ten its page's script."""
    if enc in ("cp932", "euc_jp"):
        kana = len(_KANA.findall(text))
        return kana * 10 >= len(wide) and _cjk_share(wide, lambda ch: ch.encode("euc_jp")) >= 0.9
    if enc == "cp949":
        return len(_HANGUL.findall(text)) >= 0.9 * _cjk_share(wide, lambda ch: ch.encode("euc_kr")) * len(wide)
    if enc == "gb18030":
        return _cjk_share(wide, lambda ch: ch.encode("gb2312")) >= 0.9
    if enc == "big5":   # its signs and common characters (lead bytes A1-C6; GBK read as Big5 gives rare ones)
        return _cjk_share(wide, _big5_common) >= 0.9
    if enc in _BLOCK:   # its letters in its block, not glued to Latin ones (as cp1252's accents are: 'r้forme')
        low, high = _BLOCK[enc]
        inside = sum(low <= ch <= high for ch in wide)
        outside = sum(ch.isalpha() for ch in wide) - sum(low <= ch <= high and ch.isalpha() for ch in wide)
        return (inside >= 0.8 * len(wide) and outside <= 0.05 * len(wide) and len(_GLUED.findall(text)) <= 0.1 * len(wide)
                and not (enc == "cp1253" and re.search("\u00b6[\u0370-\u03ff]|[A-Za-z]\u0386", text)))
    # Cyrillic: words whole (a Latin word's accent read as cp1251 is a Cyrillic letter among Latin
    # ones: 'rйforme'), and mostly small letters (cp1251 read as KOI8-R, and back, swaps the case).
    # The other non-ASCII characters are punctuation: CJK bytes read so are half box drawing.
    # (cp866's 'а' is byte A0, a cp1252 NBSP: a run of them is a price list's or thread tree's spacing, rr55f 8)
    words = [w for w in _WORD.findall(text) if not w.isascii() and not (enc == "cp866" and _NBSP_RUN.fullmatch(w))]
    cyrillic = [w for w in words if all("\u0400" <= ch <= "\u04ff" for ch in w)]
    letters = "".join(cyrillic)
    # A Slavic text's letters are 41-46% vowels; Greek, Hebrew or Arabic bytes read as Cyrillic 19-30%.
    return (len(cyrillic) >= 0.9 * len(words) and sum(ch.islower() for ch in letters) >= 0.6 * len(letters)
            and len(letters) >= 0.9 * len(wide) and sum(ch in _VOWELS for ch in letters) >= 0.35 * len(letters))


def _big5_common(ch: str) -> bytes:
    code = ch.encode("big5")
    if not 0xA1 <= code[0] <= 0xC6:
        raise UnicodeEncodeError("big5", ch, 0, 1, "a rare character")
    return code


def _cjk_share(wide: list[str], common: Callable[[str], bytes]) -> float:
    """The share of characters in the script's common set (a full-width or CJK sign counts too)."""
    def ok(ch: str) -> bool:
        try:
            common(ch)
            return True
        except UnicodeEncodeError:
            return False
    return sum(map(ok, wide)) / len(wide)


# The Latin code pages besides cp1252 (Western): a Central European, Turkish or Baltic desk's page
# read as cp1252 was mojibake in its title and address ('zatwierdzi³a', 'pøestavby', 'limanýn',
# 'planà'). A reading is scored by the share of its accented words that one language's letters
# spell; another page is taken only when it scores clearly higher (a Western page reads the same in
# most of them: cp1252 keeps every tie).
# (Tried in this order, the first of equal scores kept: Latvian read as cp1254 is Turkish letters,
# but Turkish read as cp1257 is not Baltic ones: its 'ı' is 'ż'.)
_LATIN_PAGES = (("cp1250", "cp1250 (Central European)"), ("cp1257", "cp1257 (Baltic)"), ("cp1254", "cp1254 (Turkish)"),
                ("iso8859_2", "ISO-8859-2 (Central European)"))   # (Unix's: its ą ś ź š ž are cp1250's ± ¶ Ľ ą ľ)
_ALPHABETS = tuple(frozenset(letters) for letters in (   # (Catalan: 'Això ... produït' needs one, rr55f 7; Breton 'vakañsoù', 11)
    "àâæçéèêëîïôœùûüÿ", "äöüß", "áéíñóúü", "àçèéíïòóúü", "áâãàçéêíóôõú", "àèéìíîòóùú", "áéëïóöü", "æøåéó", "åäöé", "äöåšž",
    "áæéíóöúýðþ", "âêîñôùûü", "ąćęłńóśźż", "áčďéěíňóřšťúůýž", "áäčďéíĺľňóôŕšťúýž", "čćđšž", "áéíóöőúüű", "ăâîşţșț", "çë",
    "çğıöşüâîû\u0307", "ąčęėįšųūž", "āčēģīķļņšūž", "äõöüšž"))   # (İ lower-cased is i and U+0307)
_SIGNS = frozenset("’‘‚„“”«»‹›–—…·•€£¥°§©®™¡¿×÷±µ¶¢\u00a0")   # signs a word may hold in any of them
_C1_BYTE = re.compile(rb"[\x80-\x9f]")
_TOKEN = re.compile(r"[^\s\x00-\x40\x5b-\x60\x7b-\x7f]+")   # letters and non-ASCII signs, together


def _latin_page(data: bytes) -> tuple[str, str]:
    """The seed read as the Latin code page whose reading has the fewest words no one language's
    letters spell (cp1252 unless another has fewer, and nine in ten spelled), and the page's name."""
    enc, name = _latin_choice(data[:200_000], _latin_candidates(bool(_C1_BYTE.search(data)),
                                                                lambda enc: _decodes(data, enc)))
    return (_cp1252(data) if enc == "cp1252" else data.decode(enc)), name


def _decodes(data: bytes, enc: str) -> bool:
    try:
        data.decode(enc)
    except UnicodeDecodeError:   # a byte the page leaves undefined: not this page
        return False
    return True


def _latin_candidates(c1: bool, decodes: Callable[[str], bool]) -> list[tuple[str, str]]:
    """The Latin pages besides cp1252 a seed may be in: each defines all its bytes, and an ISO page
    none of its C1 controls (`c1`: the seed has such a byte, cp1252's quotes)."""
    return [(enc, name) for enc, name in _LATIN_PAGES if not (enc.startswith("iso") and c1) and decodes(enc)]


def _latin_choice(head: bytes, pages: list[tuple[str, str]]) -> tuple[str, str]:
    """_latin_page's page (its codec and name), judged by the seed's first 200,000 bytes (each page
    one byte a character) among `pages` (_latin_candidates)."""
    prose, desks = _prose(_cp1252(head))
    best, (misfits, _, _) = ("cp1252", "cp1252"), _misfits(_cp1252(head), names=prose)
    by_desk = False   # whether a desk language of the prose spells the best reading
    for enc, name in pages:
        text = head.decode(enc)
        fewer, words, own = _misfits(text, own=_desk_alphabets(enc, desks))
        # (a tie goes to cp1252 or the page first found, but not in the prose of a desk language of
        # this page that spells it: a Croatian page naming 'Plenković' is no Danish page naming
        # 'Plenkoviæ'; an Estonian 'jõustub' no Hungarian 'jőustub', a Latvian 'Valdība' no Romanian
        # 'Valdîba'; but a Spanish 'su' or 'este' beside 'compañero' is no Polish 'compańero')
        desk = bool(words) and own == fewer
        if fewer * 10 <= words and (fewer < misfits or desk and not by_desk and fewer == misfits):
            best, misfits, by_desk = (enc, name), fewer, desk
    return best


def _misfits(text: str, names: str | None = None, own: tuple[frozenset[str], ...] = ()) -> tuple[int, int, int | None]:
    """How many of its words with a non-ASCII letter the letters of the language that spells most of
    them do not spell (a word with a sign no language's word holds, as cp1252's '³' for cp1250's
    'ł', spelled by none), and how many such words it has. A sign standing alone is no word: a
    recipe's '¼ cup' and '£3' were read as ISO-8859-2's 'ź cup' and 'Ł3' (rr54c 1). `names` (the
    cp1252 reading's prose, from `_prose`): a capitalized word may be a name of any language (an
    English page naming 'Rosický', 'Özil' and 'Müller'): judged by one alphabet, such a cp1252 page
    was read as cp1254 ('Rosickı'), cp1257 ('Sųren') or cp1250 ('Crčme') (rr54c 3). In Western
    prose anywhere, and a word's footnote mark ('budget¹') is no letter; in prose of no known
    kind only inside a sentence (Croatian's 'Graðani' opens one); in a Baltic or Central European
    language's prose nowhere ('Nausėda susitiko su Šimonyte' is not 'Nausëda ... Ðimonyte') (rr55b).
    Third: how many the best of the `own` alphabets does not spell (None without any)."""
    words, named = [], 0
    # (footnotes count from ¹: a lone '³' ends a Polish 'Paweł', 'był' ('Pawe³') far more often)
    footnote = _FOOTNOTE if names == "western" and "\u00b9" in text and _FOOTNOTE_ONE.search(text) else _FOOTNOTE_NOT_THREE
    for m in _TOKEN.finditer(text):
        token = m.group()
        low = _western_signs_off(token.lower())
        if names == "western":   # (a Polish 'był' is 'by³' in cp1252: its prose is not Western)
            low = footnote.sub("", low)
        odd = {ch for ch in low if ch > "\x9f" and ch not in _SIGNS}   # (a C1 control: a byte the page leaves undefined)
        if ("\u00bf" in low or "\u00a1" in low) and _INNER_MARK.search(low):   # (Spanish '¿' and '¡' open a word: inside one, '¿' is cp1250's 'ż')
            odd.add("¿")
        if not odd or not any(ch.isalpha() for ch in low):
            continue
        odd = odd if all(ch.isalpha() or ch == "\u0307" for ch in odd) else None
        if (names == "western" or names == "unknown" and token[0].isupper()
                and not _SENTENCE_START.search(text, max(m.start() - 4, 0), m.start())) \
                and odd is not None and any(odd <= alphabet for alphabet in _ALPHABETS):
            named += 1
        else:
            words.append(odd)
    spelled = max((sum(1 for odd in words if odd is not None and odd <= alphabet) for alphabet in _ALPHABETS), default=0)
    by_own = max((sum(1 for odd in words if odd is not None and odd <= alphabet) for alphabet in own), default=None)
    return len(words) - spelled, len(words) + named, None if by_own is None else len(words) - by_own


_INNER_MARK = re.compile("(?<=[^\\W\\d_])[\u00bf\u00a1]")   # 'wa¿ne' (cp1250 'ważne'), never '¿Qué'
_SENTENCE_START = re.compile(r"(?:^|[.!?:\n]\W*)$")   # before a word that starts a line or sentence
_FOOTNOTE = re.compile("(?<=[a-z]{2})[\u00b9\u00b2\u00b3]+$")   # 'budget¹', 'Monday³'
_FOOTNOTE_NOT_THREE = re.compile("(?<=[a-z]{2})[\u00b9\u00b2]+$")
_FOOTNOTE_ONE = re.compile("(?<=[^\\W\\d_]{2})\u00b9")   # a page's first footnote mark
# Small words of each kind of prose, none a small word of the other kind (so no 'de', 'la', 'un',
# 'en', 'is', 'on', 'to', 'se', 'je', 'da', 'ja', 'per', 'par', 'van', 'nem'; nor Turkish 'var', 'her',
# Czech 'by', 'den', Polish 'im', 'wie', 'nie' (Afrikaans), Romanian 'are', 'al', 'ce', 'din', 'mai',
# 'vor', Lithuanian 'dar', Latvian 'nav'): a page's names and
# a few accented words cannot tell an English page naming 'Müller' and 'Guðjohnsen' from a
# Lithuanian one naming 'Nausėda' and 'Šimonyte'; its unaccented small words can.
_WESTERN_WORDS = frozenset("""
    the and of was were with for from that this has have had he she they his said will would not but at
    be been which who after an it their le les des du est une pour dans sur avec pas qui il elle au aux ont
    sont cette mais der die das und ist nicht mit ein eine dem sich auf von zu auch wird sie er wir es
    los las y por con para del como pero que os um uma em com dos das ao di che della non gli sono alla
    nel het een op niet zijn met voor dat wordt og er det til af ikke som med har och att av inte fra
    mutta ovat joka kun että myös sekä hän kanssa hat nach bei aus vor nur noch oder aber wenn dass sind
    haben werden wurde einen einem zum zur dans leur leurs avait etait fait ses son nous vous ils elles
    pero muy fue han sus una unos entre sobre foi ainda mais pelo pela nao anche questo stato ook werd
    hij zij wel maar niet hadde hade blev ble efter eller après très où déjà être für über más está não são
    também på för när når också også då är að við með því è più già può perché così é à até sí él qué así
    dhe është për një els amb dels aquest aquesta seva també però quan molt
    yn yr mae wedi gan hyn ddim neu gyda gyfer""".split())   # (Italian 'è': 'Lui è arrivato su Roma' is no Czech 'Lui č arrivato')
_DESKS = (   # each desk language: its pages, its letters, its small words (a word may be several's)
    (("cp1250", "iso8859_2"), ("ąćęłńóśźż",), "jest oraz przez dla przy jego lub tylko jak ale nad pod po od w z"),
    (("cp1250", "iso8859_2"), ("áčďéěíňóřšťúůýž", "áäčďéíĺľňóôŕšťúýž"), "ve jsou aby kde byl bylo jako tak jak ale nad pod po od alebo pre ako iba aj"),
    (("cp1250", "iso8859_2"), ("čćđšž",), "su koji koja koje kao iz bio bila prema nakon samo nad pod po od tak nije ili"),
    (("cp1250", "iso8859_2"), ("čćđšž",), "ki tudi pri kot iz od po nad pod bil bila"),   # Slovenian (rr55f 6)
    (("cp1250", "iso8859_2"), ("áéíóöőúüű",), "hogy egy meg volt csak mint az ez azt vagy nincs kell lesz alatt"),
    (("cp1250", "iso8859_2"), ("ăâîşţșț",), "pe cu care fost nu este sunt pentru unui unei poate acest sau"),
    (("cp1254",), ("çğıöşüâîû\u0307",), "ve bir bu ile olarak olan gibi daha ama kadar sonra ki mi veya yok ise"),
    (("cp1257",), ("ąčęėįšųūž",), "su po ir kad yra buvo bet tai kaip nuo tik ar kas tas arba jei apie jau"),
    (("cp1257",), ("āčēģīķļņšūž",), "vai bija tika pie uz ka ir ar kas tas bet tik kad tikai lai"),
    (("cp1257",), ("äõöüšž",), "ning kui aga nagu veel siis"))
_DESK_WORDS = {word: frozenset(at for at, (_, _, words) in enumerate(_DESKS) if word in words.split())
               for _, _, words in _DESKS for word in words.split()}   # a desk's small word -> its languages


def _desk_alphabets(enc: str, desks: frozenset[int]) -> tuple[frozenset[str], ...]:
    """The alphabets of the prose's desk languages written on page `enc`: a tie goes to that page
    only when one of them spells its reading as well as any does. 'su' is Croatian and Lithuanian,
    but Spanish and Italian too, and a Spanish 'compañero' read as cp1250 is Polish 'compańero', an
    Italian 'è così' Czech 'č cosě' (rr55f 1)."""
    return tuple(frozenset(letters) for at in desks if enc in _DESKS[at][0] for letters in _DESKS[at][1])


def _prose(text: str) -> tuple[str, frozenset[int]]:
    """'western' (English, French, German, Spanish, Portuguese, Italian, Dutch, Nordic) or 'other'
    (Central European, Romanian, Turkish, Baltic: with the desk languages (in _DESKS) whose small
    words it has most) by the page's small words, else 'unknown'."""
    western, other, desks = 0, 0, collections.Counter[int]()
    for word in _WORD.findall(text):
        low = word.lower()
        western += low in _WESTERN_WORDS
        if (langs := _DESK_WORDS.get(low)) is not None:
            other += 1
            desks.update(langs)
    if western >= 2 and other * 4 <= western:
        return "western", frozenset()
    if other and western * 4 <= other:
        most = max(desks.values())
        return "other", frozenset(page for page, hits in desks.items() if hits == most)
    return "unknown", frozenset()


def _western_signs_off(token: str) -> str:
    """A word without the signs a Western page ends one with: an ordinal's 'º' or 'ª' ('nº 5'), a
    unit's power ('m³', 'km²'). Counted unspelled in cp1252 (as its '³' in 'zatwierdzi³a' rightly
    is), they read an English page as cp1250 ('5 million mł') (rr54c 1). A power after a word
    stays: 'Smith¹' is Polish 'był' ('by³') to the eye, and 'z³' its 'zł'."""
    token = token.rstrip("\u00aa\u00ba")
    return token[:-1] if _UNIT.fullmatch(token) else token


_UNIT = re.compile("(?:[kcdmµ]?m|ft|in|yd|mi)[\u00b2\u00b3]")
_STRAY = re.compile("[\udc80-\udcff]+")   # bytes that are not UTF-8, as surrogateescape keeps them
_WIDE = re.compile("[\u0800-\ud7ff\ue000-\U0010ffff]")   # a valid 3- or 4-byte UTF-8 sequence (not a stray byte)


def _utf8_with_stray_bytes(data: bytes, source: str) -> tuple[str, str] | None:
    """UTF-8 text with a few byte runs that are not UTF-8 (a line pasted from an old file): only
    those runs read as cp1252, with a warning naming their lines. Reading the whole seed as cp1252
    turned every UTF-8 accent into mojibake, the slug too, for good. The evidence for UTF-8 is its
    valid multi-byte sequences: one of 3 or 4 bytes (curly quotes, dashes: E2 80 xx) is next to
    never cp1252 text (a small accented letter, then two symbols); a 2-byte one can be (an accented
    capital before a quote mark, or 'Ã©'), so those must outnumber the stray bytes. None
    otherwise: a cp1252 file, read whole as such."""
    text = data.decode("utf-8", "surrogateescape").removeprefix("\ufeff")
    runs = list(_STRAY.finditer(text))
    stray = sum(len(m.group()) for m in runs)
    if not _utf8_evidence(text) and len(text) - len(text.encode("ascii", "ignore")) - stray <= stray:
        return None
    fixed = _STRAY.sub(_as_cp1252, text)
    from .seed import line_ends   # the lines the converter reads: a lone CR ends one too, not "\n" alone
    lined = line_ends(text)
    lines = _line_numbers(lined, list(_STRAY.finditer(lined)))
    first = _STRAY.sub(_as_cp1252, lined.split("\n")[lines[0] - 1]).strip()
    where = (f"line {lines[0]}" if len(lines) == 1 else
             "lines " + ", ".join(map(str, lines[:5])) + (f" and {len(lines) - 5} more" if len(lines) > 5 else ""))
    return fixed, (f"{source}:{lines[0]}: not UTF-8 on {where} (read as cp1252: {first[:60]!r}); the rest is "
                   "UTF-8 — check the accents there, and save the seed as UTF-8 to silence this")


def _utf8_evidence(text: str, pos: int = 0) -> bool:
    """Whether a valid 3- or 4-byte UTF-8 sequence in it is UTF-8 text: a common sign (quotes,
    dashes, €, CJK punctuation, emoji) or a letter not glued to a Latin letter before it. Any other
    can be cp1252's accented letter, then two symbols: French puts a no-break space inside
    guillemets, and 'liberté »' (E9 A0 BB) read as UTF-8 was 'libert頻', 'à »' a Samaritan sign
    (review52d 3)."""
    for m in _WIDE.finditer(text, pos):
        ch, at = m.group(), m.start()
        if ch.isalpha():
            before = text[at - 1] if at else " "
            if not (before.isalpha() and unicodedata.name(before, "").startswith("LATIN")):
                return True
        elif _COMMON_SIGN.match(ch) and unicodedata.category(ch)[0] in "PSZ":
            return True
    return False


_COMMON_SIGN = re.compile("[\u2000-\u2bff\u3000-\u303f\uff00-\uffef\U0001f000-\U0001faff]")


def _as_cp1252(run: re.Match) -> str:
    return _cp1252(run.group().encode("utf-8", "surrogateescape"))


def _line_numbers(text: str, runs: list[re.Match]) -> list[int]:
    """The lines the runs are on, in one pass: counting from the start for each run made a seed
    with thousands of pasted lines take minutes (quadratic)."""
    lines, line, at = [], 1, 0
    for m in runs:
        line += text.count("\n", at, m.start())
        at = m.start()
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


_UNDEFINED = {0xDC00 + b: b for b in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


def _cp1252(data: bytes) -> str:
    """Bytes as cp1252, the five it leaves undefined as latin-1 (as a whole file fell back to
    latin-1 for one of them, turning every curly quote and dash into a control character)."""
    return data.decode("cp1252", "surrogateescape").translate(_UNDEFINED)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a byte-order mark (some Windows and Java tools), else None.
    The decoded text must read as text, so a binary file is still refused."""
    for enc in _utf16_orders(data[:4096], len(data)):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:  # a lone surrogate: not UTF-16
            continue
        return text if _reads_as_text(text[:2048]) else None
    return None


def _utf16_orders(sample: bytes, size: int) -> list[str]:
    """The byte orders a seed of `size` bytes without a byte-order mark may be UTF-16 in, by its first
    4,096 bytes (`sample`). Its spaces, line ends, digits and Latin letters have a NUL high byte: NULs
    at every other byte (odd offsets little-endian, even big-endian) and next to none at the others,
    where UTF-8 text has none at all."""
    if size % 2 or b"\x00" not in sample or _utf8_text(sample):
        return []
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return [enc for enc, nuls, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd))
            if nuls >= max(2, len(sample) // 200) and others * 8 <= nuls]  # U+xx00 letters: a few NULs on the other side


def _utf8_text(sample: bytes) -> bool:
    """Whether a seed's first bytes are UTF-8 text with a few stray NULs (scraped junk), not UTF-16:
    valid UTF-8, and control characters, NULs among them, under a tenth of it. Read as UTF-8, UTF-16
    is half controls: a NUL or a Cyrillic letter's 0x04 beside each Latin or Cyrillic letter (both
    valid UTF-8); its CJK text is next to never valid UTF-8. NULs at one parity alone (3 of them in
    236 bytes) read a UTF-8 story as UTF-16-BE: CJK mojibake, then 'only 1 line of text'."""
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(sample)   # the sample may end mid-letter
    except UnicodeDecodeError:
        return False
    controls = sum(1 for ch in text if ch < " " and ch not in "\n\r\t" or ch == "\x7f")
    return controls * 10 < len(text)


def _reads_as_text(text: str) -> bool:
    """Next to no control, unassigned or private-use characters (what bytes of a binary file
    decoded as UTF-16 are mostly made of) and some letters."""
    import unicodedata
    odd = sum(1 for ch in text if ch not in "\n\r\t" and unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs"))
    return odd * 100 <= len(text) and any(ch.isalpha() for ch in text)


def seed_digest(data: bytes) -> str:
    """A seed's seed_hash: of its text as the converter reads it (seed.reading_text). Of its bytes,
    a seed re-saved with the same text read as changed: a byte-order mark or UTF-16 (Windows
    Notepad), trailing spaces or blank lines at its end rewrote its content file for a new hash, or,
    edited by hand, warned that the seed changed (review50g 2). CRLF too: a clone with git's
    core.autocrlf (Windows) has every seed in CRLF."""
    text = reading_text_of(data)
    if text is None:   # not UTF-8 as read (a BOM, UTF-16, CR, a control or zero-width character...)
        text = reading_text(decode_seed(data, "")[0])
    return _raw_digest(text.encode("utf-8", "surrogatepass"))


def _raw_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


_PIECE = 1 << 20


def streamed_digests(path: Path, size: int, piece: int = _PIECE, judged: bool = False) -> tuple[str, ...] | None:
    """seed_digest and then _older_digests of a seed over max_bytes, read a piece at a time (its
    memory a few pieces whatever its size: read whole, a multi-GB file saved over a converted seed
    was); None for one ReadingPieces cannot read so or, unless `judged` (read once more first to
    judge it as decode_seed judges it whole: _streamed_page), one not UTF-8 nor UTF-16/32 with its
    byte-order mark."""
    reading, text, lf, raw, crlf = ReadingPieces(piece), *(hashlib.sha256() for _ in range(4))
    held, any_crlf, any_cr = b"", False, False
    page = _streamed_page(path, size, piece) if judged else None
    with path.open("rb") as file:
        block = file.read(max(piece, 4096))   # (the first piece whole enough to be judged)
        decoder = _page_decoder(page) if page else _piece_decoder(block, size)
        if decoder is None:
            return None
        try:
            while True:
                final = not block
                for out in reading.feed(decoder.decode(block, final), final):
                    text.update(out.encode("utf-8", "surrogatepass"))
                raw.update(block)
                crlf.update(block.replace(b"\n", b"\r\n"))   # (its digest only for a file without CR)
                any_cr = any_cr or b"\r" in block
                block, held = held + block, b""
                if block.endswith(b"\r") and not final:   # CRLF split between two pieces
                    block, held = block[:-1], b"\r"
                any_crlf = any_crlf or b"\r\n" in block
                lf.update(block.replace(b"\r\n", b"\n"))
                if final:
                    break
                block = file.read(piece)
        except (UnicodeDecodeError, NotStreamable):
            return None
    return (text.hexdigest()[:16], lf.hexdigest()[:16], *([raw.hexdigest()[:16]] if any_crlf else []),
            *([] if any_cr else [crlf.hexdigest()[:16]]))


def _piece_decoder(head: bytes, size: int) -> codecs.IncrementalDecoder | None:
    """The decoder decode_seed would read these bytes with, if one reading a piece at a time can
    (see streamed_digests), from the file's first piece."""
    for bom, enc in _BOMS:
        if head.startswith(bom):
            return codecs.getincrementaldecoder(enc)()
    sample = head[:4096]
    if size % 2 == 0 and b"\x00" in sample and not _utf8_text(sample):
        return None   # perhaps UTF-16 without its mark (_utf16_without_bom), told by all of it
    return codecs.getincrementaldecoder("utf-8-sig")()


def _page_decoder(enc: str):
    """An incremental decoder reading as decode_seed reads a seed it judged `enc` (_streamed_page)."""
    if enc == _MIXED:
        return _StrayBytesAsCp1252()
    if enc == "cp1252":
        return _Cp1252Pieces()
    return codecs.getincrementaldecoder(enc)()


class _Cp1252Pieces:
    """_cp1252 a piece at a time (one byte a character: _cp1252 of each piece is _cp1252 of all of it)."""

    def decode(self, data: bytes, final: bool = False) -> str:
        return _cp1252(data)


_MIXED = "utf-8, stray bytes as cp1252"   # _utf8_with_stray_bytes' reading, a _page_decoder name


class _StrayBytesAsCp1252:
    """_utf8_with_stray_bytes' reading a piece at a time: UTF-8 without its byte-order mark, each byte
    that is not UTF-8 as cp1252 (an incremental decoder holds a sequence split between two pieces; a
    run of such bytes split so reads the same: cp1252 is one byte a character)."""

    def __init__(self) -> None:
        self.utf8 = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        self.begun = False

    def decode(self, data: bytes, final: bool = False) -> str:
        text = self.utf8.decode(data, final)
        if text and not self.begun:
            text, self.begun = text.removeprefix("\ufeff"), True
        return _STRAY.sub(_as_cp1252, text)


def _streamed_page(path: Path, size: int, piece: int = _PIECE) -> str:
    """How decode_seed reads a seed (a codec, or _MIXED), judged as it judges the seed read whole
    but a piece at a time (_SeedScan)."""
    scan = _SeedScan(size)
    with path.open("rb") as file:
        while True:
            block = file.read(piece)
            scan.feed(block, not block)
            if not block:
                return scan.reading()


class _SeedScan:
    """What decode_seed judges a seed by, gathered a piece at a time: which pages define all its bytes
    (strict incremental decoders: a byte-order mark's, UTF-16's, the legacy and Latin pages), its
    valid non-ASCII UTF-8 characters and stray bytes (_mostly_utf8), its UTF-8 evidence (the
    character before a piece boundary the real one), whether it has a C1 byte, its first 400,000 bytes."""

    def __init__(self, size: int) -> None:
        self.size, self.wide_pages = size, ["utf-32", "utf-16", "utf-16-le", "utf-16-be"]
        pages = [*self.wide_pages, *(enc for enc, _ in (*_LEGACY, *_LATIN_PAGES))]
        self.strict = {enc: codecs.getincrementaldecoder(enc)() for enc in pages}
        self.utf8 = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        self.head, self.last, self.wide, self.stray, self.c1, self.evidence = b"", "", 0, 0, False, False

    def feed(self, block: bytes, final: bool) -> None:
        if len(self.head) < 400_000:
            self.head += block[:400_000 - len(self.head)]
        self.c1 = self.c1 or bool(_C1_BYTE.search(block))
        if self.wide_pages and len(self.head) >= 4096:
            self._drop_wide_pages()
        for enc in list(self.strict):
            try:
                self.strict[enc].decode(block, final)
            except UnicodeError:   # (UTF-16/32's without a byte-order mark too)
                del self.strict[enc]
        text = self.utf8.decode(block, final)
        if not self.last and text.startswith("\ufeff") and self.head.startswith(codecs.BOM_UTF8):
            text, self.wide = text[1:], self.wide + 1   # (its evidence judged without it, as _utf8_with_stray_bytes)
        n = len(_STRAY_BYTE.findall(text))
        self.stray, self.wide = self.stray + n, self.wide + len(text) - len(text.encode("ascii", "ignore")) - n
        self.evidence = self.evidence or _utf8_evidence(self.last + text, len(self.last))
        self.last = (self.last + text)[-1:]

    def _drop_wide_pages(self) -> None:
        """Stops the UTF-16/32 decoders reading() will not ask about, known by the first 4,096 bytes
        (a byte-order mark, _utf16_orders): decoding a legacy page's 100 MB as UTF-16 took 15% of its time."""
        asked = {enc for bom, enc in _BOMS if self.head.startswith(bom)} | {*_utf16_orders(self.head[:4096], self.size)}
        for enc in self.wide_pages:
            if enc not in asked:
                self.strict.pop(enc, None)
        self.wide_pages = []

    def reading(self) -> str:
        """decode_seed's choice, step by step, for the seed scanned."""
        head, size, decodes = self.head, self.size, self.strict.__contains__
        mark = next((enc for bom, enc in _BOMS if head.startswith(bom)), None)
        if mark and decodes(mark):
            return mark
        for enc in _utf16_orders(head[:4096], size):   # (_utf16_without_bom)
            if decodes(enc):
                start = codecs.getincrementaldecoder(enc)().decode(head[:8192])[:2048]   # (2,048 characters)
                if _reads_as_text(start):
                    return enc
                break
        if not self.stray:
            return "utf-8-sig"
        if self.wide < 2 * max(self.stray, 1):   # not _mostly_utf8: perhaps a legacy page (_legacy_script)
            for enc, _ in _LEGACY:
                start = codecs.getincrementaldecoder(enc)().decode(head, len(head) == size) if decodes(enc) else ""
                if start and _in_script(enc, start[:100_000]):
                    return enc
        if self.evidence or self.wide - head.startswith(codecs.BOM_UTF8) > self.stray:   # _utf8_with_stray_bytes reads it
            return _MIXED
        return _latin_choice(head[:200_000], _latin_candidates(self.c1, decodes))[0]


def _older_digests(data: bytes):
    """The seed_hash an older sitegen may have given these bytes, computed only when asked (a
    recorded hash that differs), so a file it converted still matches its unchanged seed: their
    hash with CRLF read as LF (before session 50 the hash was of the bytes), their raw hash (a CRLF
    seed, before CRLF read as LF) or, for an LF seed, its CRLF twin's (converted on a core.autocrlf
    checkout then, now on an LF clone: it matched neither, and the file was converted again)."""
    yield _raw_digest(data.replace(b"\r\n", b"\n"))
    if b"\r\n" in data:
        yield _raw_digest(data)
    if b"\r" not in data:
        yield _raw_digest(data.replace(b"\n", b"\r\n"))


def content_hash(file_text: str) -> str:
    """Hash of a written content file, without its own content_hash line."""
    return hashlib.sha256(_HASH_LINE.sub("", file_text, count=1).encode("utf-8")).hexdigest()[:16]


_DATE_LINES = re.compile(r"^(?:date: .*|date_source: first-conversion)\n", re.M)


def dateless_hash(file_text: str) -> str:
    """content_hash without the front matter's date and stand-in date_source lines: a stand-in-dated
    file's, so that setting the real date as the warning asks (date: YYYY-MM-DD, the date_source
    line deleted) is no hand edit. It was one, and the seed's later versions (the wire's
    corrections) were never applied; --force threw the date away (review52d 2)."""
    front = _FRONT.match(file_text)
    if front is None:
        return content_hash(file_text)
    # marked: else the file with its date lines deleted had the plain hash the converter wrote
    return content_hash("dateless\n" + _DATE_LINES.sub("", front.group(), count=2) + file_text[front.end():])


def _stamped(text: str, date_source: str) -> str:
    """The file with its content_hash line filled in (PENDING, or the one it has)."""
    digest = dateless_hash(text) if date_source == "first-conversion" else content_hash(text)
    return _HASH_LINE.sub(lambda _: f"content_hash: {digest}\n", text, count=1)


def read_front(text: str) -> dict | None:
    m = _FRONT.match(text.removeprefix("\ufeff"))  # as Notepad saves it: the build reads those too
    if not m:
        return None
    try:
        data = yaml.load(m.group(1), Loader=_Loader)  # noqa: S506 (a safe loader)
    except (yaml.YAMLError, ValueError):   # ValueError: a timestamp no calendar has (2025-06-31); the build names it
        return None
    return data if isinstance(data, dict) else None


def render_file(article, *, slug: str, date: date | datetime, date_source: str, seed_hash: str,
                id_day: date | None = None) -> str:
    """The content file; `id_day`: its feed_id_date (the day its feed ids keep), None for none."""
    meta = {
        "title": article.title,
        "summary": article.summary,
        "authors": list(article.authors),
        # A date with no time of day is written as one (date: 2019-11-19), not as midnight.
        "date": date.isoformat() if isinstance(date, datetime) else date,
        "language": article.language,
        "tags": list(article.tags),
        **({"section": article.section} if article.section else {}),  # only when a section matched
        **({"draft": True} if article.draft else {}),   # no article found in the seed: not published
        "slug": slug,
        "source": article.source,
        "date_source": date_source,
        # the stand-in's day, which its feed entries' ids keep when the editor sets the real date
        **({"feed_id_date": id_day} if id_day is not None else {}),
        "seed_hash": seed_hash,
    }
    front = _front(meta)
    return _stamped(f"---\n{front}content_hash: PENDING\n---\n\n{article.body_markdown}", date_source)


def _day_of(when: date | datetime) -> date:
    """The day of a date as written (in its own offset): the day the build's feed ids take from `date`."""
    return when.date() if isinstance(when, datetime) else when


_STAND_IN_LINE = re.compile(r"^date_source: first-conversion\n", re.M)


def with_feed_id_date(text: str, meta: dict) -> str | None:
    """A stand-in-dated file an older converter wrote, with the feed_id_date line this one writes
    (the day of its `date`), its content_hash made again; None when it needs none. Without it, the
    editor's fix of the date (as the warning asks) changed the story's feed id: shown again as new."""
    if meta.get("date_source") != "first-conversion" or "\nfeed_id_date:" in text:
        return None
    day = _as_day(meta.get("date"))
    front = _FRONT.match(text)
    m = _STAND_IN_LINE.search(text, 0, front.end()) if front and day else None
    if m is None:
        return None
    return _stamped(f"{text[:m.end()]}feed_id_date: {day.isoformat()}\n{text[m.end():]}", "first-conversion")


def _front(meta: dict) -> str:
    """The front matter as yaml.dump writes it (the C dumper, unicode, keys in order, width 10,000):
    written here when every value is a short one-line string (or a list of them, or a date) of
    letters, digits, spaces and common punctuation, which the dumper writes plain, or in single
    quotes when it would be read back as another type or holds ": ", " #" or a closing ":"; any
    other value, through yaml.dump. (The dumper took 0.3-0.7 ms a seed in the parent, which shares
    the two cores with the workers.) A test holds it equal to yaml.dump."""
    out = []
    for key, value in meta.items():
        if isinstance(value, str):
            scalar = _scalar(value)
            if scalar is None:
                break
            out.append(f"{key}: {scalar}\n")
        elif isinstance(value, list):
            if not value:
                out.append(f"{key}: []\n")
                continue
            items = [_scalar(item) if isinstance(item, str) else None for item in value]
            if None in items:
                break
            out.append(f"{key}:\n" + "".join(f"- {item}\n" for item in items))
        elif type(value) is date:
            out.append(f"{key}: {value.isoformat()}\n")
        else:
            break
    else:
        return "".join(out)
    return yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)


# What _front writes itself: letters, digits (any script) and "_", spaces and these marks, the
# first character a letter or digit and the last no space, up to 2,000 characters.
_MARKS = r"\w.,;:!?#'’‘\"“”„«»()%&/+$€£–—…-"
_SCALAR = re.compile(rf"[^\W_](?:[ {_MARKS}]*[{_MARKS}])?")
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"


def _scalar(text: str) -> str | None:
    """`text` as the dumper writes it, or None when _front leaves it to the dumper."""
    if not text:
        return "''"
    if len(text) > 2000 or not _SCALAR.fullmatch(text):
        return None
    if (_RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR
            and ": " not in text and " #" not in text and text[-1] != ":"):
        return text
    return "'" + text.replace("'", "''") + "'"


def is_hand_edited(file_text: str, meta: dict) -> bool:
    """Whether the file differs from what the converter wrote, but in a stand-in-dated file's date
    set to a date (one deleted or made no date stays the editor's: converted again, it was lost)."""
    made = str(meta.get("content_hash", ""))
    return made != content_hash(file_text) and (made != dateless_hash(file_text) or _as_set(meta.get("date")) is None)


def atomic_write(path: Path, text: str | bytes, mode: int | None = None) -> None:
    """A file of content/ written whole: a temporary file beside it renamed over (a kill leaves the old
    or the new, never half), text as UTF-8 with '\\n' line ends. `mode`: a new file's permissions
    (default: 0o666 less the umask, read now); one that is there keeps its own (a 0640 story stayed
    0644 after a conversion). The converter's and `sitegen import`'s."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".convert-", suffix=".tmp")
    try:
        # mkstemp's 0600 would make content files private to us
        os.fchmod(fd, _mode_of(path, _file_mode() if mode is None else mode))
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8") if isinstance(text, str) else text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_of(path: Path, new: int) -> int:
    """The permissions of the file at `path`, or `new` where there is none."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return new


def _read_only(path: Path) -> bool:
    """A content file nobody may write (chmod a-w): a user's way of saying 'leave this story alone'
    (the converter replaced it, resetting its mode; root writes it regardless, so its mode is asked)."""
    try:
        return not os.stat(path).st_mode & 0o222
    except OSError:
        return False


def _file_mode() -> int:
    """A new file's permissions: 0o666 less the process umask, but always writable by its owner:
    a file nobody may write is a user's lock (_read_only), so under umask 0222 the converter locked
    its own file and never converted its seed again (rf45l)."""
    return (0o666 & ~_umask()) | stat.S_IWUSR


def _umask() -> int:
    """The process umask, read without setting it (os.umask() would change it for every thread)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


class _RealPaths:
    """`Path.resolve()` of many files in a few folders: each folder is resolved once, and a file
    then costs one lstat instead of one per component of its path (a run's seeds and content
    files: 42 ms of the serial start on 1,000 seeds). A symlink, or a name that is "..", is
    resolved in full, as `resolve()` does it."""

    def __init__(self) -> None:
        self._folders: dict[Path, Path] = {}
        self._shown: dict[tuple[Path, Path], str | None] = {}
        self.links: set[Path] = set()   # the paths `shown` found to be symlinks, or files of two names or more

    def __call__(self, path: Path) -> Path:
        folder, name = path.parent, path.name
        if name in ("", ".", "..") or os.path.islink(path):
            # realpath, not resolve(): Python 3.11's resolve() raises RuntimeError on a symlink loop
            # (`ln -s a.txt seeds/a.txt`), which no per-seed guard catches; realpath returns the loop's
            # own path, and reading it then fails as that one seed's error (ELOOP)
            return Path(os.path.realpath(path))
        real = self._folders.get(folder)
        if real is None:
            real = self._folders[folder] = folder.resolve()
        return real / name

    def shown(self, path: Path, root_real: Path) -> str:
        """`path` as `_display` shows it: its real path from `root_real`, else as given. The
        folder's part is worked out once (pathlib's relative_to and as_posix cost as much as the
        resolving did)."""
        folder, name = path.parent, path.name
        if name in ("", ".", "..") or _linked(path, self.links):
            return self._slow_shown(path, root_real)
        key = (folder, root_real)
        prefix = self._shown.get(key, "")
        if prefix == "":
            if folder not in self._folders:
                self._folders[folder] = folder.resolve()
            try:
                prefix = self._shown[key] = self._folders[folder].relative_to(root_real).as_posix()
            except ValueError:
                prefix = self._shown[key] = None
        if prefix is None:          # the folder is outside the root (the file may be the root itself)
            return self._slow_shown(path, root_real)
        return name if prefix == "." else f"{prefix}/{name}"

    def _slow_shown(self, path: Path, root_real: Path) -> str:
        try:
            return self(path).relative_to(root_real).as_posix()
        except ValueError:
            return str(path)


def _linked(path: Path, links: set[Path]) -> bool:
    """Whether `path` is a symlink (one lstat, as islink's); it or a hard link (a file of two names
    or more: `ln`, `cp -l`, which made two stories of one file, rr55f 5) goes into `links`."""
    try:
        st = os.lstat(path)
    except (OSError, ValueError):
        return False
    link = stat.S_ISLNK(st.st_mode)
    if link or stat.S_ISREG(st.st_mode) and st.st_nlink > 1:
        links.add(path)
    return link


def _safe_target(content: Path, slug: str, resolved: Path | None = None, real: _RealPaths | None = None) -> Path:
    """`resolved`: content.resolve(), when the caller has it (one run resolves it once); `real`:
    the run's resolver."""
    target = (real or Path.resolve)(content / f"{slug}.md")
    if target.parent != (resolved or content.resolve()):
        raise ValueError(f"refusing to write outside the content folder: {target}")
    return target


def _kept_target(target: Path, content_real: Path) -> Path:
    """A hand-named content file's real path, refused when it leads outside the content folder (a
    symlink to a shared folder: a convert writes only inside content/)."""
    if not target.is_relative_to(content_real):
        raise ValueError(f"refusing to write outside the content folder: {target}")
    return target


def _display(path: Path, root_real: Path, real: _RealPaths | None = None) -> str:
    """`path` as the user sees it: from the site's root (`root_real`: resolved, once a run;
    `real`: the run's resolver)."""
    if real is not None:
        return real.shown(path, root_real)
    try:
        return path.resolve().relative_to(root_real).as_posix()
    except ValueError:
        return str(path)


@dataclass
class _Existing:
    by_source: dict[str, tuple[Path, dict, str]] = field(default_factory=dict)
    slugs: dict[str, Path] = field(default_factory=dict)   # the slugs taken (file names, addresses) -> a file with it
    twins: dict[str, list[tuple[Path, dict, str]]] = field(default_factory=dict)   # more files naming a source

    def prefer(self, record: dict[str, str]) -> None:
        """Of the files naming one seed, the one the record names, else one named by its slug: by
        name order, an editor's copy 'x-copy.md' took over x.md's seed (x.md no longer followed it,
        and --force overwrote the copy)."""
        for source, others in self.twins.items():
            first = self.by_source[source]
            candidates = [first, *others]
            named = record.get(source)
            chosen = next((c for c in candidates if c[0].name == named), None) or next(
                (c for c in candidates if c[0].stem == c[1].get("slug")), first)
            self.by_source[source] = chosen


_KEYS = ("source", "slug", "seed_hash", "content_hash", "date", "date_source", "feed_id_date")
_KEY_LINE = re.compile(r"^(source|slug|seed_hash|content_hash|date|date_source|feed_id_date): (.*)$", re.M)


def _quick_front(text: str) -> dict | None:
    """The bookkeeping keys of a file this converter wrote, without a YAML parse (a large site's
    every build starts with this scan); anything unusual falls back to YAML."""
    m = _FRONT.match(text.removeprefix("\ufeff"))
    if not m:
        return None
    found: dict = {}
    for key, value in _KEY_LINE.findall(m.group(1)):
        if value[:1] == "'" and value[-1:] == "'" and len(value) >= 2:
            value = value[1:-1].replace("''", "'")
        elif value[:1] in "\"&*!|>{[%@`" or ": " in value or " #" in value or not value:
            return read_front(text)
        found.setdefault(key, value)
    return found


def _scan_content(content: Path) -> _Existing:
    ex = _Existing()
    if not content.is_dir():
        return ex
    for path in _article_files(content):
        if path.parent == content:
            ex.slugs.setdefault(path.stem, path)   # the file name a new story's file must not take,
            ex.slugs.setdefault(path.stem.lower(), path)   # nor in another case: one file on macOS and Windows
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        meta = _quick_front(text) if "\nseed_hash: " in text else None
        # the converter's files are in content/ itself (one in a sub-folder is the editor's to keep)
        if meta and path.parent == content and isinstance(meta.get("source"), str) and "seed_hash" in meta:
            if meta["source"] in ex.by_source:
                ex.twins.setdefault(meta["source"], []).append((path, meta, text))
            else:
                ex.by_source[meta["source"]] = (path, meta, text)
        if claimed := _claimed_slug(meta if meta and "slug" in meta else _story_front(text)):
            ex.slugs.setdefault(claimed, path)
    return ex


_STORY_FENCE = re.compile(r"^-{3,}\s*$", re.MULTILINE)   # content._fence: '--- ' and '----' are fences too
_TEXT_KEYS = ("slug", "title")
_TYPED = (int, float, date)   # YAML 1.1's readings of a plain scalar (bool is an int; datetime a date)


def _story_front(text: str) -> dict | None:
    """A hand-written story's slug: and title: as the build reads them (content._split_front_matter): its
    fences may be '--- ' or '----', and a plain '12:30', '007' or '3.10' is that text, not YAML 1.1's number
    (read_front's 750, 7, 3.1). Its address went unclaimed, or claimed as '750', and a seed with its
    headline took it: both claimed one address and every build failed (rf51a 1)."""
    text = text.removeprefix("\ufeff")
    if not _STORY_FENCE.match(text):
        return None
    parts = _STORY_FENCE.split(text, 2)
    if len(parts) < 3:
        return None
    try:
        meta = yaml.load(parts[1], Loader=_Loader)  # noqa: S506 (a safe loader)
        typed = [k for k in _TEXT_KEYS if isinstance(meta, dict) and isinstance(meta.get(k), _TYPED)]
        if typed:
            written = yaml.load(parts[1], Loader=yaml.BaseLoader)  # every scalar as written  # noqa: S506
            meta.update((k, written[k]) for k in typed)
    except (yaml.YAMLError, ValueError):   # ValueError: date: 2025-06-31 stopped every conversion (review53c 4)
        return None
    return meta if isinstance(meta, dict) else None


def _article_files(content: Path) -> list[Path]:
    """The files the build reads as stories (content.scan_two's rules): every '*.md' under content/,
    in sub-folders too, none hidden, private ('_x.md', '#x.md') or an editor's backup ('x.md~')."""
    found = []
    for folder, dirs, names in os.walk(content):
        dirs[:] = [d for d in dirs if not _not_read(d)]
        found += (Path(folder, name) for name in names if name.endswith(".md") and not _not_read(name))
    return sorted(found)


def _not_read(name: str) -> bool:
    return name.startswith((".", "_", "#")) or name.endswith("~")


def _claimed_slug(meta: dict | None) -> str:
    """The address a story's file claims as the build reads it (content.article_slug): its slug:
    line, else its title's. A new story's must differ, or both claim one address and every build
    fails until the new file is edited by hand (and then it no longer follows its seed)."""
    if not meta:
        return ""
    value = meta.get("slug") or meta.get("title")
    if not isinstance(value, (str, int, float)) or not str(value).strip():
        return ""
    # 'untitled' for a headline of no letter or digit, as content.article_slug
    return slugify(str(value).strip(), max_length=80, word_boundary=True, save_order=True) or "untitled"


@dataclass
class _State:
    """What the last run recorded in <cache>/convert-state.json: the model version the content
    was converted with (a new model re-converts every seed; only changed files are rewritten),
    the hand-edited files already reported (each edit is reported once), and the content file
    each seed was converted into: one an editor deleted stays deleted (the seed is not converted
    again), which is how a story is taken down."""
    path: Path
    model: str = ""
    reported: dict[str, str] = field(default_factory=dict)   # content file -> its hash when reported (+ the seed's, when newer)
    converted: dict[str, str] = field(default_factory=dict)  # seed (from seeds/) -> its file in content/
    # Seeds whose last conversion failed: converted again on every run until one succeeds. Skipped
    # as unchanged (their seed and the model key were), a seed that began failing under new
    # settings or a new converter showed its error once, then "1 unchanged, build ok" for good.
    failed: set[str] = field(default_factory=set)
    # The seed_hash of each seed taken down, and of each whose file is kept edited while the seed
    # changed (the file names the hash it was converted from), as last read; and the stories taken
    # down whose seed then went missing, by that hash: a take-down follows its seed moved or put
    # back (a seed path gone for one run forgot it, and the story came back), and a moved seed finds
    # its hand-edited file. (Not every seed's: 100,000 of them cost each run 60 ms to load.)
    hashes: dict[str, str] = field(default_factory=dict)     # seed (from seeds/) -> its seed_hash
    gone: dict[str, str] = field(default_factory=dict)       # seed_hash -> its file in content/ (deleted)
    # The gone entries content/.sitegen-convert held after this checkout's last run: one the record
    # lacks now was cleared elsewhere (a take-down undone, pulled), and is not put back from here.
    recorded: set[str] = field(default_factory=set)
    # Each seed dated by a relative line ("3 days ago"): the line's digest and the seed's mtime at its
    # last conversion (_counted_stamp). Its day is kept while both stay (or the mtime only moves on:
    # the page saved again); a corrected line or mtime set back counts anew.
    counted: dict[str, str] = field(default_factory=dict)   # seed (from seeds/) -> "digest mtime"
    saved: tuple | None = None    # (model, reported, converted, failed, hashes, gone, recorded, counted) as in the file
    noting: TextIO | None = field(default=None, repr=False, compare=False)   # the journal, open while written to
    journaled: bool = False       # the journal held entries when loaded: a run here was killed

    @classmethod
    def load(cls, path: Path) -> "_State":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            state = cls(path, str(data.get("model", "")), dict(data.get("reported", {})),
                        {str(k): str(v) for k, v in dict(data.get("converted", {})).items()},
                        {str(k) for k in list(data.get("failed", []))},
                        {str(k): str(v) for k, v in dict(data.get("hashes", {})).items()},
                        {str(k): str(v) for k, v in dict(data.get("gone", {})).items()},
                        {str(k) for k in list(data.get("recorded", []))},
                        {str(k): str(v) for k, v in dict(data.get("counted", {})).items()})
            state.saved = (state.model, dict(state.reported), dict(state.converted), set(state.failed),
                           dict(state.hashes), dict(state.gone), set(state.recorded), dict(state.counted))
        except (OSError, ValueError, AttributeError, TypeError):
            state = cls(path)
        noted = state._noted()
        state.converted.update(noted)   # what a killed run wrote: saved by this run
        state.journaled = bool(noted)
        return state

    @property
    def journal(self) -> Path:
        """Each content file written, noted the moment it is written: the record is saved once, at
        the end of a run, so a run killed before then lost the names of the files it had written,
        and an editor's deletion of one (a take-down) was converted again on the next run. (A
        kill between a file's rename and its line still loses that one entry: noted before the
        rename, a kill between would take down a story never published.)"""
        return self.path.with_name(self.path.name + ".journal")

    def note(self, source: str, name: str) -> None:
        """A content file just written (a line appended: one write, not the whole record)."""
        if self.saved is not None and self.saved[2].get(source) == name:
            return           # recorded already: a rewrite of the same file
        try:
            if self.noting is None:   # line-buffered: each line is written out whole as it is noted
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.noting = open(self.journal, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 (closed by save)
                if not _ends_a_line(self.journal):
                    self.noting.write("\n")   # a line cut by a kill or a full disk: ours starts a line
            self.noting.write(json.dumps([source, name]) + "\n")
        except OSError:      # as with a read-only cache in save(); a full disk: the handle is
            self._stop_noting()   # given up, or its unwritten bytes fail save()'s close again

    def _stop_noting(self) -> None:
        if self.noting is not None:
            try:
                self.noting.close()
            except OSError:
                pass
            self.noting = None

    def _noted(self) -> dict[str, str]:
        """The journal's entries; a line cut by the kill is skipped (its file is then found by its
        source: key, as before the journal)."""
        if not self.journal.is_file():
            return {}        # none, or no file of ours (a device: read, /dev/full never ends)
        try:
            lines = self.journal.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return {}
        noted = {}
        for line in lines:
            try:
                source, name = json.loads(line)
            except (ValueError, TypeError):
                continue
            if isinstance(source, str) and isinstance(name, str):
                noted[source] = name
        return noted

    def save(self) -> None:
        """Written when it changed (one entry a seed: at 100,000 seeds, 10 MB the dump took 0.15 s)."""
        self._stop_noting()
        if self.saved == (self.model, self.reported, self.converted, self.failed, self.hashes, self.gone,
                          self.recorded, self.counted):
            try:
                self.journal.unlink(missing_ok=True)   # (its entries were already in the record)
            except OSError:
                pass
            return
        data = json.dumps({"model": self.model, "reported": self.reported, "converted": self.converted,
                           **({"failed": sorted(self.failed)} if self.failed else {}),
                           **({"hashes": self.hashes} if self.hashes else {}),
                           **({"gone": self.gone} if self.gone else {}),
                           **({"recorded": sorted(self.recorded)} if self.recorded else {}),
                           **({"counted": self.counted} if self.counted else {})},
                          indent=1, sort_keys=True)
        try:
            if not self.path.exists() or self.path.read_text(encoding="utf-8") != data:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(self.path, data)
            self.journal.unlink(missing_ok=True)   # after: killed between, its entries are replayed again
        except OSError:
            pass                      # a read-only cache only costs re-reports and re-conversions


COMMITTED = ".sitegen-convert"   # in content/: the record that travels in git with the articles
COMMITTED_ATTRIBUTES = ".gitattributes"
_UNION = f"/{COMMITTED} merge=union\n"


@dataclass
class _Committed:
    """content/.sitegen-convert, committed with the articles: the conversion key (model and
    settings) they were made with, and the content file each seed was converted into. .sitegen/ is
    not in git, so a clone could not tell a new seed from a story taken down (CI --strict failed on
    every new seed an editor let it convert, or republished the story), nor apply an upgrade or a
    [convert] change to the files in git. One entry a line, sorted; git merges it line by line
    (content/.gitattributes: merge=union), and a conflict's marker lines are skipped on reading."""
    path: Path
    found: bool = False
    keys: set[str] = field(default_factory=set)
    converted: dict[str, str] = field(default_factory=dict)   # seed (from seeds/) -> its file in content/
    # _State's hashes and gone, which keep a take-down through its seed's move or absence and a
    # moved seed with its hand-edited file: in .sitegen/ alone, a clone published the story again.
    hashes: dict[str, str] = field(default_factory=dict)      # seed -> its seed_hash ("hash" lines)
    gone: dict[str, str] = field(default_factory=dict)        # seed_hash -> its deleted file ("down" lines)
    text: str = ""

    @classmethod
    def load(cls, path: Path) -> "_Committed":
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return cls(path)
        record = cls(path, True, text=text)
        for line in text.splitlines():
            kind, _, value = line.rstrip("\r").partition(" ")
            if kind == "key" and value:
                record.keys.add(value)
            elif kind in ("seed", "hash", "down"):
                try:
                    first, second = json.loads(value)
                except (ValueError, TypeError):
                    continue
                if not (isinstance(first, str) and isinstance(second, str) and first and second):
                    continue
                if kind == "hash":
                    record.hashes[first] = second
                elif "/" not in second:
                    (record.converted if kind == "seed" else record.gone)[first] = second
        return record

    def key(self) -> str:
        """The key, or "" when unknown (two keys: a merge of two editors' conversions)."""
        return next(iter(self.keys)) if len(self.keys) == 1 else ""

    def save(self, key: str, converted: dict[str, str], hashes: dict[str, str], gone: dict[str, str]) -> bool:
        """Written when it changed; content/.gitattributes too, when there is none (an editor's own
        is left as it is). A read-only content folder only costs the clones this record. Unchanged,
        it is not formatted (100,000 seeds: a 10 MB file). Whether the record holds it now."""
        attributes = self.path.with_name(COMMITTED_ATTRIBUTES)
        if (self.found and self.keys == ({key} if key else set()) and converted == self.converted
                and hashes == self.hashes and gone == self.gone   # (and no marker lines left:)
                and self.text.count("\n") == 1 + bool(key) + len(converted) + len(hashes) + len(gone)):
            if attributes.exists():
                return True
            text = self.text
        else:
            text = "".join(["# sitegen's conversion record: commit it with content/ (README: Working in git)\n",
                            f"key {key}\n" if key else "",
                            *(f"{kind} {json.dumps([first, second], ensure_ascii=False)}\n"
                              for kind, pairs in (("down", gone), ("hash", hashes), ("seed", converted))
                              for first, second in sorted(pairs.items()))])
        try:
            if text != self.text:
                atomic_write(self.path, text)
                self.text = text
            if not attributes.exists():
                atomic_write(attributes, _UNION)
        except OSError:
            pass
        return self.text == text


def _ends_a_line(path: Path) -> bool:
    """Whether a file is empty or ends in a newline."""
    with path.open("rb") as fh:
        if fh.seek(0, os.SEEK_END) == 0:
            return True
        fh.seek(-1, os.SEEK_END)
        return fh.read(1) == b"\n"


def _model_version() -> str:
    """What the converter learned, looks up and runs: a new model, given-name or noun list, or a
    change to the converter's code (its rules: extract.py, tags.py, ...) re-converts seeds, so an
    upgraded sitegen's better conversions reach the content already converted (only files whose
    output changes are written; hand edits are kept as always)."""
    from .given_names import PATH, WIDE_PATH
    from .labeller import default_labeller
    from .english_words import PATH as ENGLISH
    from .german_nouns import PATH as NOUNS
    from .tags_model import MODEL_PATH as TAG_MODEL
    names, nouns, wide, english, scorer = (
        hashlib.sha256(p.read_bytes()).hexdigest()[:8] if p.exists() else "none"
        for p in (PATH, NOUNS, WIDE_PATH, ENGLISH, TAG_MODEL))
    return f"{default_labeller().version}+{names}+{nouns}+{_code_version()}+{wide}+{english}+{scorer}"


def _settings_version(config: Config) -> str:
    """The site.toml settings a conversion's output depends on: changed, every seed is converted
    again, as for a new model (only files whose output changes are written, hand edits kept).
    Until session 34 `boilerplate = ["^Reporting by"]` reached no seed already converted
    ("0 converted, 4 unchanged") unless each was forced. Not max_bytes (it only refuses a seed),
    nor a section's description (not read here)."""
    c = config.convert
    settings = {"max_tags": c.max_tags, "boilerplate": list(c.boilerplate), "tag_aliases": c.tag_aliases,
                "stop_tags": list(c.stop_tags), "section_aliases": c.section_aliases,
                "default_section": c.default_section, "timezone": config.site.timezone,
                "language": config.site.language,
                "sections": {key: [entry.name, entry.slug] for key, entry in config.sections.items()}}
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:8]


def _code_version() -> str:
    """The converter's own code: every module of this package, by name and bytes."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:8]


def _forced(force: bool | tuple[Path, ...], root: Path, seed: Path, target: Path | None) -> bool:
    """--force alone forces every seed; --force FILE... only those seeds or content files (a
    relative FILE is taken from the current folder or, as the warnings print it, the site root)."""
    if isinstance(force, bool):
        return force
    wanted = {p.resolve() for p in force} | {(root / p).resolve() for p in force}
    return seed.resolve() in wanted or (target is not None and target.resolve() in wanted)


class ForceNamesNothing(Exception):
    """--force FILEs that name no seed and no content file converted from one: bad usage, found
    before anything is converted. Each was a seed that failed ('1 failed', exit 1) after the others
    were converted, where the same typo in --seeds or --content is exit 2 (review46c 9)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _unmatched(force: tuple[Path, ...], root: Path, seeds: list[Path], converted: dict[Path, tuple[Path, set[str]]],
               shown: Callable[[Path], str], renamed: Callable[[set[str]], bool]) -> list[str]:
    """An error for each --force FILE that is no seed and no content file converted from one (a
    mistyped name forced nothing, in silence, and the run said it went well), or a content file
    whose seed is gone (`converted`: content file -> its seed and the hashes it had): nothing is
    there to convert again, and the run said '0 failed', exit 0 (review rf46d 2). Not one whose
    seed was renamed (`renamed`: a seed has one of those hashes): the run finds it by its hash and
    converts it (rf47a)."""
    known = {p.resolve() for p in seeds}
    made_from = {path.resolve(): seed for path, seed in converted.items()}
    problems = []
    for p in force:
        found = [q for q in (p.resolve(), (root / p).resolve()) if q in known or q in made_from]
        if not found:
            problems.append(f"--force {p}: no seed, nor a content file converted from one, is at this path; nothing "
                            "was converted — name a seeds/*.txt or content/*.md file")
        elif found[0] not in known and not made_from[found[0]][0].exists() and not renamed(made_from[found[0]][1]):
            problems.append(f"--force {p}: its seed {shown(made_from[found[0]][0])} is gone, so it cannot be converted "
                            "again — put the seed back to convert it, or edit the content file by hand")
    return problems


class _RenamedSeeds:
    """The hashes of the seeds no content file or record names (a renamed seed is one), read once
    and only when a --force FILE's seed is gone (_unmatched): each with its older hashes too."""

    def __init__(self, run: _Run) -> None:
        self.run = run
        self.hashes: set[str] | None = None

    def has(self, hashes: set[str]) -> bool:
        if self.hashes is None:
            self.hashes = set()
            run = self.run
            for path in run.files:
                source = path.relative_to(run.seeds).as_posix()
                if source in run.existing.by_source or source in run.state.converted:
                    continue
                try:
                    if path.stat().st_size > run.config.convert.max_bytes:
                        continue
                    data = path.read_bytes()
                except OSError:
                    continue   # the run reports it
                self.hashes |= {seed_digest(data), *_older_digests(data)}
        return bool(self.hashes & hashes)


# Files in seeds/ meant as seeds, by their names, that are not NAME.txt and so were never read:
# they were skipped in silence ('STORM.TXT' from a Windows folder, a page saved as HTML).
_TEXT_NAMES = (".txt", ".text")
_DOCUMENT_NAMES = (".html", ".htm", ".rtf", ".doc", ".docx", ".odt", ".pdf")
_STORY_NAMES = (".md", ".markdown")   # a story written by hand, which the build reads from content/ (review53c 2)
# A text file with no suffix at all ('seeds/council', saved so by a Mac or Linux editor) is named
# too (left54b): only *.txt is a seed, so that a README, a licence or a Makefile is never published;
# those, by their names, are not named.
_NOT_STORIES = frozenset(("readme", "license", "licence", "copying", "notes", "todo", "changelog", "authors",
                          "makefile", "dockerfile", "procfile", "gemfile", "rakefile", "vagrantfile", "changes",
                          "history", "install", "contributing", "jenkinsfile", "justfile", "brewfile", "crontab"))


def _tools_file(name: str) -> bool:
    """A hidden file or an editor's backup or autosave of a file with no suffix ('council~',
    '#council#'): named, the backup left after the advised rename was told to become council~.txt,
    a second copy of the story (rr54c 2)."""
    return name.startswith(".") or name.endswith("~") or (name.startswith("#") and name.endswith("#"))


def _text_without_suffix(path: Path) -> bool:
    """Whether a file with no suffix opens as text: some characters, and no NUL (a binary file's
    first 4 KB next to always have one), and not as a script ('#!/bin/sh': renamed as advised, the
    desk's deploy script was published as a story)."""
    try:
        with path.open("rb") as file:
            head = file.read(4096) if stat.S_ISREG(os.fstat(file.fileno()).st_mode) else b""
    except OSError:
        return False
    return b"\x00" not in head and bool(head.strip()) and not head.startswith(b"#!")   # a script: no story (rr54c 2)


def _opens_front_matter(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            head = file.read(8).removeprefix(b"\xef\xbb\xbf")
    except OSError:
        return False
    return head.startswith(b"---") and head[3:].lstrip(b"-")[:1] in (b"\n", b"\r", b" ", b"")


def _not_seeds(seeds: Path, shown: Callable[[Path], str], content: Path) -> list[str]:
    """A warning for each such file, with what to do (hidden and backup files are not named). A story
    in `content` is not one: paths.content may be in seeds/ or be it (rr54a 1: each was told to move
    to content/, where it was)."""
    found = []
    stories = os.path.realpath(content)
    for folder, _, names in _walk(seeds):
        real = os.path.realpath(folder)
        in_content = real == stories or real.startswith(stories.rstrip(os.sep) + os.sep)
        for name in map(shown_name, names):   # a name that is not UTF-8 shown as its bytes
            stem, suffix = os.path.splitext(name)
            if not suffix and not _tools_file(name) and f"{name}.txt" not in names \
                    and name.lower() not in _NOT_STORIES and _text_without_suffix(Path(folder, name)):
                found.append(f"{shown(Path(shown_name(folder)) / name)}: not converted: only files named *.txt are "
                             f"seeds — rename it to {name}.txt")
                continue
            if (name.endswith(".txt") or name.startswith(".")
                    or suffix.lower() not in _TEXT_NAMES + _DOCUMENT_NAMES + _STORY_NAMES):
                continue
            if f"{stem}.txt" in names:
                continue  # the page kept beside the seed made from it ('copy it into STEM.txt' was done)
            where = shown(Path(shown_name(folder)) / name)
            if suffix.lower() in _STORY_NAMES:
                if in_content or not _opens_front_matter(Path(folder, name)):
                    continue   # a README.md of notes about the seeds, or a story where the build reads it
                found.append(f"{where}: not converted: a story written in Markdown is read from {shown(content)}/, "
                             f"not {shown(seeds)}/ — move it to {shown(content)}/{stem}.md (a page's plain text: "
                             f"rename it {stem}.txt)")
            elif suffix.lower() in _TEXT_NAMES:
                found.append(f"{where}: not converted: only files named *.txt are seeds — rename it to {stem}.txt")
            else:
                found.append(f"{where}: not converted: a seed is the page's text in a *.txt file, not a {suffix} "
                             f"file — open it, select all the text, copy it into {stem}.txt, and move {name} out "
                             "of seeds/")
    return sorted(found)


def seed_files(seeds: Path, unreadable: list[OSError] | None = None,
               outside: list[tuple[str, str]] | None = None) -> list[Path]:
    """The seeds under a folder (*.txt, recursively, linked folders not entered: see _walk, which
    gives `outside` the links leading out), by path;
    not hidden files nor those in hidden folders (config.not_a_seed): Emacs's
    lock '.#wire.txt', a link to nowhere while the seed is open, failed every build as unreadable,
    macOS's '._wire.txt' as binary. A folder named '*.txt' (or a link to one) is no seed: listed as
    one, it failed every build as "not a regular file". Each folder that cannot be listed goes to `unreadable`: rglob
    skipped it in silence, and its seeds were taken as deleted (their take-downs forgotten)."""
    if not seeds.is_dir():
        return []
    found = []
    for folder, dirs, names in _walk(seeds, lambda exc: _note_unreadable(exc, unreadable), outside):
        base = Path(folder)
        found += (base / name for name in names if name.endswith(".txt"))   # a folder '2024.txt/' is walked
    pairs = ((p, p.relative_to(seeds).as_posix()) for p in found)
    return [p for p, rel in sorted(pairs, key=lambda pair: pair[1]) if not not_a_seed(rel)]


def _walk(seeds: Path, onerror: Callable[[OSError], None] | None = None,
          outside: list[tuple[str, str]] | None = None) -> Iterator[tuple[str, list[str], list[str]]]:
    """os.walk of seeds/ without hidden folders, not into linked folders (review41i). One leading
    inside seeds/ is walked by its own path, so a seed's source (convert-state.json) is its real one
    however the links sort, or is hidden there and holds no seeds (seeds/today -> .desk/d1; watch
    ignores it too). One leading out goes to `outside` as (its path in seeds/, where it leads), for one
    error naming the link: walked through, a link to / read the whole disk, a link to .. warned about
    every published page (fix41a), and skipped without a word it hid its seeds (review41a)."""
    base = os.path.realpath(seeds).rstrip(os.sep) + os.sep
    for folder, dirs, names in os.walk(seeds, onerror=onerror):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if outside is not None:   # one lstat a folder; a link's target resolved only for a link
            for path in (os.path.join(folder, d) for d in dirs):
                if os.path.islink(path) and not (os.path.realpath(path) + os.sep).startswith(base):
                    outside.append((Path(path).relative_to(seeds).as_posix(), os.path.realpath(path)))
        yield folder, dirs, names


def _note_unreadable(exc: OSError, unreadable: list[OSError] | None) -> None:
    if unreadable is not None and exc.filename is not None:
        unreadable.append(exc)


def convert_all(config: Config, *, seeds: Path | None = None, content: Path | None = None,
                force: bool | tuple[Path, ...] = False, report: TextIO | None = None,
                progress: bool = False, now: datetime | None = None, strict: bool = False) -> ConvertSummary:
    """Convert every seed (*.txt, recursively) into content/<slug>.md; see the module docstring.

    `force`: True overwrites every hand-edited file, a tuple of paths (seeds or content files)
    only those. `now` is the time given to articles whose seed states no date (default: the clock).
    `strict` (build --strict): a seed whose conversion warns is not written (see _Run.hold)."""
    run = _start(config, seeds, content, force, now)
    run.strict = strict
    run.reporting = report is not None
    # Pass 1: read seeds, skip unchanged or hand-edited ones.
    todo = [seed for seed in map(run.read_seed, run.files) if seed is not None]
    # Pass 2: convert (in parallel when there are many), then write in source order.
    _write_all(run, todo, report, progress)
    if report is not None:
        for shown, error in run.refused:   # "every seed": one too large to read was missing (rr52e)
            report.write(f"== {shown} (not converted: {error.removeprefix(shown + ': ')})\n")
        _report_skipped(run, report, progress)
    return run.finish()


class _BigSeed(NamedTuple):
    """A seed over max_bytes, not read: its size and its digests (streamed_digests; one that
    matches no story when it could not be hashed a piece at a time)."""
    size: int
    digests: tuple[str, ...]


class _Seed(NamedTuple):
    """A seed pass 1 read and pass 2 converts."""
    path: Path
    source: str                   # its path from the seeds folder: the content file's source:
    shown: str                    # its path as messages show it
    seed_hash: str
    text: str
    previous: tuple[Path, dict, str] | None    # the content file converted from it: (path, keys, text)
    warning: str | None           # decode_seed's


@dataclass
class _Run:
    """One convert_all run: the folders and what was found in them, then what it did so far."""
    config: Config
    seeds: Path
    content: Path
    force: bool | tuple[Path, ...]
    now: datetime
    own_seeds: bool               # the site's own seeds folder
    site_folders: bool            # its own seeds and content folders: what convert-state.json records
    root: Path
    root_real: Path               # (resolved once: each seed's path is shown from it)
    real: _RealPaths
    files: list[Path]
    existing: _Existing
    state: _State
    model: str
    sources: set[str] = field(default_factory=set)
    orphans: dict[str, str] = field(default_factory=dict)   # a content file's seed_hash -> its missing seed
    orphan_files: dict[str, str] = field(default_factory=dict)   # their file names -> the missing seed
    downs: dict[str, str] = field(default_factory=dict)     # a taken-down story's seed_hash -> its file (gone)
    down_names: dict[str, str] = field(default_factory=dict)   # a taken-down story's file -> its missing seed
    taken: dict[str, Path] = field(default_factory=dict)    # the slugs in use -> a file that has it
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)
    converted: int = 0
    unchanged: int = 0
    kept: int = 0
    down: int = 0
    held: int = 0
    strict: bool = False
    unrecorded: bool = False      # see _unrecorded_checkout
    trusted: bool = False         # no record here, content/.sitegen-convert there: git's files stand (_current)
    committed: _Committed | None = None    # content/.sitegen-convert (the site's own folders only)
    notes: list[str] = field(default_factory=list)
    failed_seeds: set[str] = field(default_factory=set)     # the seeds (sources) whose conversion failed
    refused: list[tuple[str, str]] = field(default_factory=list)   # (shown, error): seeds refused unread, for --report
    unlisted: bool = False        # a folder under seeds/ could not be read: its seeds are not known gone
    reporting: bool = False       # --report: the seeds skipped below are listed in `skipped` for it
    skipped: list[tuple[Path, str, Path, bytes]] = field(default_factory=list)   # (seed, shown, its file, bytes)
    link_owners: dict[tuple[int, int], str] = field(default_factory=dict)   # a file linked to (no seed) -> its first link

    def fail(self, source: str, error: str) -> None:
        self.errors.append(error)
        self.failed_seeds.add(source)

    def shown(self, path: Path) -> str:
        return _display(path, self.root_real, self.real)

    def read_seed(self, path: Path) -> _Seed | None:
        """The seed to convert, or None when it is skipped (unreadable, unchanged, edited by hand
        or taken down: each counted or reported here)."""
        source = path.relative_to(self.seeds).as_posix()
        shown = self.shown(path)
        if path in self.real.links and self._linked_twice(path, source):
            return None
        data = self._seed_bytes(path, shown)
        if data is None:
            return None
        big = data if isinstance(data, _BigSeed) else None
        seed_hash = big.digests[0] if big else seed_digest(data)
        older = (lambda: iter(big.digests[1:])) if big else (lambda: _older_digests(data))
        previous = self.existing.by_source.get(source)
        if previous is not None and previous[1].get("seed_hash") not in (seed_hash, None):
            seed_hash = next((h for h in older() if h == previous[1]["seed_hash"]), seed_hash)
        elif previous is None and (self.orphans or self.downs) and seed_hash not in self.orphans and seed_hash not in self.downs:
            # (a take-down recorded by an older sitegen follows its seed moved too)
            seed_hash = next((h for h in older() if h in self.orphans or h in self.downs), seed_hash)
        moved = previous is None and (seed_hash in self.orphans or self._recorded_orphan(source) is not None)
        if moved:   # the seed renamed or moved: its file, not a twin
            previous = self._adopt(self.orphans[seed_hash] if seed_hash in self.orphans else
                                   self._recorded_orphan(source))
        if self.site_folders:
            self.state.hashes.pop(source, None)   # (recorded again below when still needed)
            if previous is None and source not in self.state.converted and seed_hash in self.downs:
                self.state.converted[source] = self.downs.pop(seed_hash)   # a story taken down: its seed moved
                self.state.gone.pop(seed_hash, None)
        if previous is None and self.site_folders and source in self.state.converted:   # converted, its file gone since
            if self._stays_down(path, source, shown, seed_hash):
                return None
        if previous is not None and self._skipped(path, source, shown, seed_hash, previous, moved):
            if self.reporting and not big:   # (a big one is not converted again for the report)
                self.skipped.append((path, shown, previous[0], data))
            return None
        if big:   # hashed only, as one that may have a story (_big_seed)
            self._too_large_kept(shown, big.size, previous, previous[1].get("source") if moved else None, seed_hash)
            return None
        text, warning = decode_seed(data, shown)
        return _Seed(path, source, shown, seed_hash, text, previous, warning)

    def _linked_twice(self, path: Path, source: str) -> bool:
        """Whether seed `path`, a symlink or a hard link, leads to a file another seed is (that seed,
        or the first link to it), named with a warning: three links to one file made three stories of
        it, told apart as '-2' and '-3' under 'the same headline' warnings naming the file, not the links."""
        target = Path(os.path.realpath(path))
        try:
            st = target.stat()
        except (OSError, ValueError):   # leading nowhere: refused by _seed_bytes
            return False
        if not stat.S_ISREG(st.st_mode):   # a folder: refused by _seed_bytes
            return False
        try:
            rel = target.relative_to(os.path.realpath(self.seeds)).as_posix()
        except ValueError:   # leading out: refused by _seed_bytes
            return False
        folder = self.shown(self.seeds)   # shown as the link, not where it leads
        if rel != source and rel in self.sources:
            why = "a seed itself"
        elif (owner := self.link_owners.setdefault((st.st_dev, st.st_ino), source)) == source:
            return False
        elif rel == source:   # a hard link: no name of the two is the link
            why = None
        else:
            why = f"as {folder}/{owner} is"
        story = self.existing.by_source.get(source)
        self.warnings.append((f"{folder}/{source}: a link to {folder}/{rel}, {why}" if why else
                              f"{folder}/{source}: a hard link to the file {folder}/{owner} is")
                             + ": one file makes one story, so it is not converted — delete "
                             + ("the link" if why else "it")
                             + (f" (its story {self.shown(story[0])}, made before, is left as it is)" if story else ""))
        return True

    def _too_large_kept(self, shown: str, size: int, previous: tuple[Path, dict, str] | None,
                        moved_from: str | None = None, seed_hash: str = "") -> None:
        """A seed over max_bytes that would be converted again: its story stays as it was, with a
        warning, not an error: the 5 MB default (review52d) failed every build of a site whose
        larger seed had converted under the older one, unchanged or not. With no story left (one
        taken down, forced by name), it is refused as a new one is. The warning is said once for
        each version of the seed (under --strict on every run, as a kept edit's newer seed): said
        on every run, it stood until max_bytes was raised (rr55b 3)."""
        if previous is None:
            self.errors.append(self._too_large(shown, size))
            self.refused.append((shown, self.errors[-1]))
            return
        warning = (f"{shown}: {size} bytes, larger than convert.max_bytes ({self.config.convert.max_bytes}), "
                   f"so it is not converted again: its story {self.shown(previous[0])}"
                   + (f" (made from {self.shown(self.seeds / moved_from)}, its old name)" if moved_from else "")
                   + " is kept as it was — "
                   f"raise convert.max_bytes in {self.config.file} to convert it (converting takes about 60 times a "
                   "seed's size in memory), or split it")
        self.refused.append((shown, warning))   # (--report lists it on every run)
        key, told = self.shown(previous[0]) + TOO_LARGE, f"{seed_hash} {shown}"
        if self.site_folders and self.state.reported.get(key) == told and not self.strict:
            return
        if self.site_folders and not self.strict:
            self.state.reported[key] = told
        self.warnings.append(warning)

    def _too_large(self, shown: str, size: int) -> str:
        return (f"{shown}: {size} bytes, larger than convert.max_bytes ({self.config.convert.max_bytes}) — split it or "
                f"raise convert.max_bytes in {self.config.file} (converting takes about 60 times a seed's size in memory)")

    def _recorded_orphan(self, source: str) -> str | None:
        """The vanished seed whose file the record names for this seed: moved under a kept edit, the
        file still names its old path (and the hash it was converted from), run after run."""
        name = self.state.converted.get(source) if self.site_folders else None
        return self.orphan_files.get(name) if name is not None else None

    def _adopt(self, orphan: str) -> tuple[Path, dict, str]:
        """The file of a vanished seed, taken by the seed found to be it (matched once)."""
        for key in [h for h, src in self.orphans.items() if src == orphan]:
            del self.orphans[key]
        previous = self.existing.by_source[orphan]
        self.orphan_files.pop(previous[0].name, None)
        return previous

    def _seed_bytes(self, path: Path, shown: str) -> bytes | None:
        max_bytes = self.config.convert.max_bytes
        source = path.relative_to(self.seeds).as_posix()
        if (real := leads_out(self.seeds, source)) is not None:  # shown as the link, not where it leads
            self.fail(source, f"{self.shown(self.seeds)}/{source}: {outside_message(real, self.shown(self.seeds))}")
            return None
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):  # a named pipe's open waits for a writer, for good (chaos37)
                self.fail(source, f"{shown}: not a regular file (a named pipe, a socket or a device); a seed is the "
                                  "page's text in a .txt file: remove it, or save the text there")
                self.refused.append((shown, self.errors[-1]))
                return None
            size = info.st_size
            if size > max_bytes:
                return self._big_seed(path, source, shown, size)
            return path.read_bytes()
        except OSError as exc:
            if isinstance(exc, FileNotFoundError) and path.is_symlink():  # its file gone: no permission to check
                folder = self.shown(self.seeds)   # shown as the link, as above
                self.errors.append(f"{folder}/{source}: {nowhere_message(os.path.realpath(path), folder)}")
            else:
                hint = "a symbolic link that leads back to itself: delete it, or link it to a seed" \
                    if exc.errno == errno.ELOOP else "check its permissions"
                self.errors.append(f"{shown}: cannot be read ({exc.strerror}) — {hint}")
                self.refused.append((shown, self.errors[-1]))
            return None

    def _big_seed(self, path: Path, source: str, shown: str, size: int) -> _BigSeed | None:
        """A seed over max_bytes that may have a story (under its name, or under the name it had,
        moved: matched by its hash as a small seed is), hashed a piece at a time (read_seed keeps the
        story, or refuses it as a new seed); refused unread when no story can be its."""
        if not (self._has_story(source) or self.orphans or self.downs or self._recorded_orphan(source)):
            self.errors.append(self._too_large(shown, size))
            self.refused.append((shown, self.errors[-1]))
            return None
        digests = streamed_digests(path, size)
        if digests is None and size <= 4 * self.config.convert.max_bytes:   # judged by decode_seed: read whole
            data = path.read_bytes()   # (bounded: what the 20 MB default converted, at the 5 MB one)
            digests = (seed_digest(data), *_older_digests(data))
        elif digests is None:   # beyond: judged and hashed a piece at a time, or renamed it matched no story (rr55b 5)
            digests = streamed_digests(path, size, judged=True)
        return _BigSeed(size, digests or (f"not hashed: {source}",))

    def _has_story(self, source: str) -> bool:
        """Whether a content file was converted from seed `source` (or was, and was taken down): a
        seed over max_bytes is still read then (reading costs its size; converting, 60 times it),
        so that an unchanged one is skipped as unchanged and a taken-down one stays down."""
        return source in self.existing.by_source or (self.site_folders and source in self.state.converted)

    def _stays_down(self, path: Path, source: str, shown: str, seed_hash: str) -> bool:
        """A seed whose content file was deleted (or no longer names it) is not converted again
        unless forced by name."""
        gone = self.content / self.state.converted[source]
        if isinstance(self.force, tuple) and _forced(self.force, self.root, path, gone):
            return False
        if gone.exists():  # still published, only no longer naming its seed: a hand edit
            self.kept += 1
        else:
            self.down += 1
            self.state.hashes[source] = seed_hash   # should the seed move or go away for a while
        if not self.strict:  # a note on an editor's own act, said by the next run without --strict
            self.warnings += _taken_down(self.state, self.shown(gone), shown, gone.exists())
        return True

    def _skipped(self, path: Path, source: str, shown: str, seed_hash: str,
                 previous: tuple[Path, dict, str], moved: bool) -> bool:
        """A seed whose content file is edited by hand (and not forced), or is what this seed and
        model made, is not converted again."""
        if self.site_folders:
            self.state.converted[source] = previous[0].name
        prev_path, prev_meta, prev_text = previous
        edited = is_hand_edited(prev_text, prev_meta)
        forced = _forced(self.force, self.root, path, prev_path)
        if edited and not forced:
            self.kept += 1
            if self.site_folders and prev_meta.get("seed_hash") != seed_hash:
                self.state.hashes[source] = seed_hash    # should the seed move: its file names the older hash
            self._report_kept(self.shown(prev_path), shown, content_hash(prev_text),
                              prev_meta.get("seed_hash"), seed_hash)
            return True
        # No model recorded (a fresh clone, .sitegen/ deleted): the committed file is taken as made
        # by this one. Converted again, a CI checkout re-raised every warning the editor had
        # accepted (--strict failed for good) and published its own converter's text, not git's.
        if (not edited and not forced and not moved and prev_meta.get("seed_hash") == seed_hash
                and self._current() and source not in self.state.failed):
            self.unchanged += 1
            if prev_meta.get("date_source") == "first-conversion":
                self.undated.append(_undated(self.shown(prev_path), shown))
                self._add_feed_id_date(prev_path, prev_meta, prev_text)
            return True
        return False

    def _add_feed_id_date(self, path: Path, meta: dict, text: str) -> None:
        """An older converter's stand-in-dated file given its feed_id_date line, here where the editor
        works and commits (not on a fresh clone, which takes git's files as they are): the line is
        what keeps the story's feed id once the real date is set, in every checkout."""
        patched = None if self.trusted else with_feed_id_date(text, meta)
        if patched is not None and _text_now(path) == text and not _read_only(path):   # (an edit saved since: theirs)
            atomic_write(path, patched, _file_mode())
            self.written.append(path)

    def _current(self) -> bool:
        """Whether the content files count as made with this run's key. This checkout's record
        decides where there is one: an upgrade or a [convert] change converts them again here, and
        the editor commits what changed. A checkout without one (a fresh clone: CI) takes the files
        git holds as they are, whatever key they were made with (`trusted`): converted again there,
        every warning an editor had accepted held CI's --strict build, for good, whenever CI's
        sitegen or settings were not the editor's."""
        if self.state.model:
            return self.state.model == self.model
        return self.trusted or self.unrecorded

    def _report_kept(self, shown_content: str, shown: str, edit: str, made_from: object, seed_hash: str) -> None:
        """Warn once per edit, and again whenever the seed changes under it: a seed saved anew
        beside a hand edit was skipped in silence ("1 kept" alone), so the editor never learnt
        that the story's newer text was not published, nor how to take it."""
        newer = isinstance(made_from, str) and made_from != seed_hash   # the seed changed since it was converted
        key = f"{edit}+{seed_hash}" if newer else edit
        if self.state.reported.get(shown_content) == key or (self.strict and not newer):
            return  # a kept edit alone is an editor's own act: said by the next run without --strict
        if not self.strict:  # under --strict a seed's unapplied version fails every run, as a held seed does
            self.state.reported[shown_content] = key
        force = f"`sitegen convert --force {shown_content}`"
        if newer:
            self.warnings.append(f"{shown_content}: edited by hand, and {shown} has changed since it was converted: "
                                 f"the seed's new version is not applied, so that your edit is kept — to take it, "
                                 f"run {force} (it replaces the edit, keeping a copy of the edited file in "
                                 f"{self.shown(self.config.path('cache') / DISCARDED)}/), then redo the edit"
                                 + (STRICT_KEPT if self.strict else ""))
        else:   # a note, as the README says: no --strict build fails on it, the summary counts it as kept
            self.notes.append(f"{shown_content}: edited by hand; your edit is kept (not overwritten "
                              f"from {shown}) — {force} discards it")

    def finish(self) -> ConvertSummary:
        # A seed held back keeps the content file an older converter made; recording the new
        # model would make the next run skip it as unchanged (its seed is), and a strict retry
        # after an upgrade pass with the old conversion kept for good.
        # A seed that failed is retried on the next run through state.failed, which records the
        # site's own seeds only: from other folders, the new key is not recorded (as when held).
        # On a checkout with no record the files kept were taken as this model's: recorded, held
        # seeds and all (each is new or changed, so converted again anyway); unrecorded, the next
        # run converted every committed file again.
        recorded = (not self.held or self.unrecorded) and (self.site_folders or not self.failed_seeds)
        self.notes += _orphan_notes(self)
        if recorded:
            self.state.model = self.model
        if self.site_folders and not self.unlisted:   # seeds deleted since: forget them (not their take-downs)
            self._keep_take_downs()
            self.state.converted = {k: v for k, v in self.state.converted.items() if k in self.sources}
            self.state.hashes = {k: v for k, v in self.state.hashes.items() if k in self.sources}
            self.state.counted = {k: v for k, v in self.state.counted.items() if k in self.sources}
            self.state.failed = (self.state.failed | self.failed_seeds) & self.sources
        if self.site_folders and self.files and (self.content.is_dir() or self.committed.found):
            if self.trusted:   # git's files kept as they are: the key they were made with stays theirs
                key = self.committed.key() or self.model
            else:
                key = self.model if recorded else (self.committed.key() if self.committed.found else self.state.model)
            self._drop_live_take_downs()
            saved = self.committed.save(key, self.state.converted, self.state.hashes, self.state.gone)
            self.state.recorded = set(self.state.gone if saved else self.committed.gone)
        if self.files:
            self.state.save()
        return ConvertSummary(converted=self.converted, unchanged=self.unchanged, kept_edited=self.kept,
                              failed=len(self.errors), errors=tuple(self.errors), warnings=tuple(self.warnings),
                              written=tuple(self.written), undated=tuple(self.undated), taken_down=self.down,
                              held=self.held, notes=tuple(self.notes))

    def _drop_live_take_downs(self) -> None:
        """A take-down whose file is published again from the same seed text (forced back, here or
        elsewhere) is over: kept, it held a copy of that seed down as a hand edit of the live file."""
        for seed_hash, name in list(self.state.gone.items()):
            if (self.content / name).is_file():
                meta = read_front(_text_now(self.content / name) or "")
                if meta is not None and meta.get("seed_hash") == seed_hash:
                    del self.state.gone[seed_hash]

    def _keep_take_downs(self) -> None:
        """A story taken down whose seed is missing now stays down by its seed's hash (in
        state.gone), should the seed come back, moved or not; not one that another seed took on."""
        vanished = [(k, v) for k, v in self.state.converted.items() if k not in self.sources]
        if not vanished:
            return
        live = {v for k, v in self.state.converted.items() if k in self.sources}
        for source, name in vanished:
            seed_hash = self.state.hashes.get(source)
            if seed_hash is not None and name not in live and not (self.content / name).exists():
                self.state.gone[seed_hash] = name

    def hold(self, warned: int) -> bool:
        """Under --strict, whether the seed whose conversion gave the last `warned` warnings is held
        back: not written, as a seed that fails is not, so it is converted and warns again on the
        next run until it is fixed. Written, its file made the next run's identical build pass,
        and a script's retry hid the warning. A conversion without --strict accepts it."""
        if not (self.strict and warned):
            return False
        self.held += 1
        self.warnings[-warned:] = [w + HELD for w in self.warnings[-warned:]]
        return True


STRICT_KEPT = " (--strict: said on every strict run until then; `sitegen convert` keeps the edit, accepting this)"
HELD = (" (--strict: its content file is not written until this is fixed; `sitegen convert` writes it as it is, "
        "accepting the warning)")


def _start(config: Config, seeds: Path | None, content: Path | None, force: bool | tuple[Path, ...],
           now: datetime | None) -> _Run:
    """The run's folders, the seeds, the content files already there and the last run's state; an
    error for a missing --seeds folder; ForceNamesNothing for --force FILEs that name nothing."""
    explicit = seeds is not None
    # the site's own folders, named or not: what convert-state.json records (take-downs included)
    own_seeds = seeds is None or Path(seeds).resolve() == config.path("seeds").resolve()
    site_folders = own_seeds and (content is None or Path(content).resolve() == config.path("content").resolve())
    seeds = Path(seeds) if seeds is not None else config.path("seeds")
    content = Path(content) if content is not None else config.path("content")
    root = Path(config.root)
    unreadable: list[OSError] = []
    outside: list[tuple[str, str]] = []
    files = seed_files(seeds, unreadable, outside)
    misnamed = [path for path in files if not utf8_name(path.relative_to(seeds).as_posix())]
    files = [path for path in files if path not in misnamed] if misnamed else files
    existing = _scan_content(content) if files else _Existing()  # no seeds: nothing to compare with
    state = _State.load(config.path("cache") / CONVERT_STATE)
    model = f"{_model_version()}+{_settings_version(config)}" if files else state.model
    run = _Run(config, seeds, content, force, (now or datetime.now(config.tz)).replace(microsecond=0),
               own_seeds, site_folders, root, root.resolve(), _RealPaths(), files, existing, state, model,
               taken=dict(existing.slugs))
    if explicit and not seeds.is_dir():     # a site without seeds/ is fine; a wrong --seeds is not
        run.errors.append(f"{run.shown(seeds)}: no such folder — create it and put the seed .txt files in it, "
                          f"or set paths.seeds in {config.file}")
    if seeds.is_dir():
        run.warnings += _not_seeds(seeds, run.shown, content)
    run.errors += [f"{run.shown(seeds)}/{link}: {outside_message(real, run.shown(seeds), 'the seeds')}"
                   for link, real in sorted(outside)]   # shown as the link, not where it leads
    run.errors += [not_utf8_message(run.shown(path)) for path in misnamed]  # the others convert
    run.sources = {path.relative_to(seeds).as_posix() for path in files}
    run.unlisted = bool(unreadable)    # its seeds unseen, not deleted: the record is not pruned
    run.errors += [f"{run.shown(Path(exc.filename))}/: cannot be read ({exc.strerror}), so its seeds were not "
                   "converted, and none of them counts as deleted — check the folder's permissions"
                   for exc in unreadable]
    if site_folders:   # what git carries: a seed it lists without its file was taken down elsewhere
        run.committed = _Committed.load(content / COMMITTED)
        state.converted = {**run.committed.converted, **state.converted}
        state.hashes = {**run.committed.hashes, **state.hashes}
        if run.committed.found:   # a line this checkout recorded and the record lacks: cleared elsewhere
            state.gone = {h: name for h, name in state.gone.items()
                          if h in run.committed.gone or h not in state.recorded}
        state.gone = {**run.committed.gone, **state.gone}
    if isinstance(force, tuple) and (unmatched := _unmatched(force, root, files, {   # the record's too: a seed
            **{content / name: (seeds / source, {state.hashes.get(source)})   # gone, its file kept
               for source, name in state.converted.items()},
            **{path: (seeds / source, {meta.get("seed_hash"), state.hashes.get(source)})
               for source, (path, meta, _) in existing.by_source.items()}}, run.shown, _RenamedSeeds(run).has)):
        raise ForceNamesNothing(unmatched)
    if existing.twins:
        existing.prefer(state.converted)
    run.unrecorded = _unrecorded_checkout(run)
    run.trusted = bool(site_folders and not state.model and run.committed.found)
    _find_orphans(run)
    return run


def _find_orphans(run: _Run) -> None:
    """The content files whose seed is missing, by the seed_hash they were converted from and the
    seed's hash when last read (a seed changed under a kept edit), and by name; the stories taken
    down whose seed is missing, by its hash (site folders only)."""
    if not run.own_seeds:
        return
    if run.unlisted:   # a seed in the unreadable folder is not missing: nothing matched by guess
        run.downs = dict(run.state.gone) if run.site_folders else {}
        return
    for source, (path, meta, _) in run.existing.by_source.items():
        if source not in run.sources and isinstance(meta.get("seed_hash"), str):
            for seed_hash in (meta["seed_hash"], run.state.hashes.get(source)):
                if seed_hash is not None:
                    run.orphans[seed_hash] = source
            run.orphan_files[path.name] = source
    if run.site_folders:
        run.downs = dict(run.state.gone)
        for source, name in run.state.converted.items():
            if source not in run.sources and not (run.content / name).exists():
                run.down_names[name] = source
                if source in run.state.hashes:
                    run.downs[run.state.hashes[source]] = name


SEED_GONE = " (seed gone)"   # a state.reported key's end: the content file's seed was said to be gone
TOO_LARGE = " (seed too large)"   # one's end: the content file's seed was said to be over max_bytes (as "hash seed")


GONE_FEW = 3   # more seeds found gone in one run than this: one note for them all (as site.MOVED_FEW)


def _orphan_notes(run: _Run) -> list[str]:
    """A note, on the run that first finds it, for each content file whose seed is gone (and not
    found moved) while the story is published: deleting a seed takes nothing down, and an editor
    who did so for a take-down was told nothing while the story stayed live. Said again only after
    the seed came back; more than GONE_FEW at once are one note, with examples."""
    if not run.site_folders or run.unlisted:
        return []
    orphans = _gone_seeds(run)
    if orphans is None:
        return []
    reported = run.state.reported
    for key in [k for k in reported if k.endswith(SEED_GONE) and k.removesuffix(SEED_GONE) not in orphans]:
        del reported[key]   # its seed back, the file gone or a draft now
    new = [(file, source) for file, source in sorted(orphans.items()) if file + SEED_GONE not in reported]
    reported.update((file + SEED_GONE, source) for file, source in new)
    if not run.files:   # finish() saves no state for a run with no seed: what was told is kept here
        run.state.save()
    advice = "(deleting a seed takes nothing down): to take the story down, delete {} or set draft: true in it"
    if len(new) <= GONE_FEW:
        return [f"{run.shown(run.seeds / source)} is gone, but {file} stays published {advice.format(file)}"
                for file, source in new]
    examples = "; ".join(f"{run.shown(run.seeds / source)} of {file}" for file, source in new[:GONE_FEW])
    return [f"{len(new)} seeds are gone, but their content files stay published ({examples}; and "
            f"{len(new) - GONE_FEW} more) {advice.format('each content file')}"]


def _gone_seeds(run: _Run) -> dict[str, str] | None:
    """Each published content file whose seed is gone (shown) -> the seed's source; None when not
    looked for. With seeds/ emptied (no seed read, none unreadable or misnamed), _start compared
    nothing: content/ is scanned here when seeds were converted before or a seed's loss was told."""
    existing, sources = run.existing, set(run.orphan_files.values())
    if not run.files:
        # scanned only while a converted seed's loss is still untold: every later run with seeds/
        # left empty scanned all of content/ again (1-1.6 s at 10,000 stories, rf41o)
        told = {source for key, source in run.state.reported.items() if key.endswith(SEED_GONE)}
        if run.errors or not run.seeds.is_dir() or not set(run.state.converted) - told:
            return None
        existing = _scan_content(run.content)
        sources = set(existing.by_source)
    return {run.shown(existing.by_source[source][0]): source for source in sources
            if not _is_draft(existing.by_source[source][2])}


def _is_draft(text: str) -> bool:
    """A content file set draft: true (taken down already: no note)."""
    return "draft:" in text and (read_front(text) or {}).get("draft") is True


def _write_all(run: _Run, todo: list[_Seed], report: TextIO | None, progress: bool) -> None:
    """Each seed converted and its content file written, in source order, while the pool converts
    the next ones. The content folder's real path and the files' permissions are read once."""
    content_real = run.content.resolve()
    mode = _file_mode()
    jobs = [(seed.text, seed.shown, _saved(seed.path)) for seed in todo]
    results = _convert_many(jobs, run.config, progress, dropped=report is not None)
    for seed, result in zip(todo, results):
        if isinstance(result, str):
            run.fail(seed.source, result)
            if report is not None:   # "every seed": a report kept as a CI artifact showed all but this one
                report.write(f"== {seed.shown} (not converted: {result.removeprefix(seed.shown + ': ')})\n")
            continue
        if run.site_folders:  # the site's record: a same-named seed of another folder is not its seed
            run.state.failed.discard(seed.source)   # converted: written, held or refused below on its own
        _write_one(run, seed, result, report, content_real, mode)


def _write_one(run: _Run, seed: _Seed, result, report: TextIO | None, content_real: Path, mode: int) -> None:
    path, source, shown, seed_hash, _text, previous, warning = seed
    if previous is None and run.down_names and _moved_take_down(run, seed, result.title):
        return
    before = len(run.warnings)
    if warning:
        run.warnings.append(warning)
    run.warnings.extend(f"{shown}: {w}" for w in result.warnings)
    article = _with_source(result, source)
    if previous is None and run.orphan_files:
        previous = _adopted_by_slug(run, shown, path, article)
    kept_file = previous is not None and isinstance(previous[1].get("slug"), str)
    # a kept file's URL stays, and so does its file, even renamed by hand (a new one was a twin)
    slug = previous[1]["slug"] if kept_file else _new_slug(run, path, shown, article.title, article.draft)
    run.taken.setdefault(slug, run.content / f"{slug}.md")
    if kept_file and previous[1].get("seed_hash") != seed_hash:
        run.warnings += _another_story(run, shown, previous[0], slug, article.title)
    if article.left_out:
        content_file = run.shown(previous[0]) if kept_file else run.shown(run.content / f"{slug}.md")
        run.warnings.append(left_out_warning(shown, content_file, article))
    saved = _saved(path)
    keeps_day = _keeps_day(run, seed, article, saved)
    if len(run.warnings) > before and kept_file and _as_written(run, article, previous, slug, seed_hash, keeps_day):
        del run.warnings[before:]   # said when this file was written from this seed, and accepted
    if run.hold(len(run.warnings) - before):
        return
    if previous is None and run.unrecorded:    # a note: not held under --strict (see _new_in_checkout)
        run.notes.append(_new_in_checkout(run, shown, run.shown(run.content / f"{slug}.md")))
    try:
        target = _kept_target(run.real(previous[0]), content_real) if kept_file else \
            _safe_target(run.content, slug, content_real, run.real)
    except ValueError as exc:
        run.fail(source, f"{shown}: {exc} — fix the slug in its content file or delete that file")
        return
    date, date_source = _dated(run, article, previous, target, shown, keeps_day)
    file_text = render_file(article, slug=slug, date=date, date_source=date_source, seed_hash=seed_hash,
                            id_day=_id_day(previous[1] if previous is not None else None, date, date_source))
    if run.site_folders:
        run.state.converted[source] = target.name
        _record_counted(run, source, article, saved)
    if run.state.reported.get(run.shown(target)) == "taken down":   # brought back: may go again
        del run.state.reported[run.shown(target)]
    if report is not None:
        _report(report, shown, target, article)
    seen = previous[2] if kept_file else None   # the target as the scan read it (a new slug's: none)
    if _write_if_changed(run, target, file_text, mode, previous, shown, seen) and run.site_folders:
        run.state.note(source, target.name)


def _record_counted(run: _Run, source: str, article, saved: datetime | None) -> None:
    """The relative date line and mtime this conversion counted from, for _keeps_day next time."""
    if article.date_counted:
        run.state.counted[source] = _counted_stamp(article.date_counted, saved)
    else:
        run.state.counted.pop(source, None)


def _unrecorded_checkout(run: _Run) -> bool:
    """Whether this site's content/ holds converted stories but no run here ever saved a record:
    a fresh clone (CI), or .sitegen/ deleted. Decided once, from the record as loaded: no model
    and no seed recorded in the saved file (a journal alone is a killed first run, whose files are
    this model's). A run that held a seed under --strict, or was killed, also leaves the model
    unrecorded: taken for a clone, its next run warned of every new seed, for good under --strict.
    There a seed without a content file is either new or a story taken down elsewhere (the record
    of take-downs is not in git)."""
    saved = run.state.saved
    return (run.site_folders and not run.committed.found and not run.state.model and not (saved and saved[2])
            and not run.state.journaled and bool(run.existing.by_source))


def _new_in_checkout(run: _Run, shown: str, content_file: str) -> str:
    record = run.shown(run.state.path)
    return (f"{shown}: converted into a new {content_file} on a checkout with no record of earlier conversions "
            f"(no {record}: a fresh clone, or {record.rsplit('/', 1)[0]}/ deleted): a new story, or one taken down "
            f"where {content_file} was deleted — to take it down, delete {shown} too and commit that; for a new "
            f"one, convert it where you work and commit {content_file}, so that every checkout publishes the "
            "same file (a note: --strict goes on, as a CI job cannot tell the two apart)")


def headline_slug(title: str) -> str:
    """A new story's slug from its headline. A currency sign is dropped, as '$' always was: '£5m'
    made 'ps5m' and '¥5bn' 'y-5bn' (text-unidecode's spellings), where a reader looks for '5m'.
    Only new conversions: a converted file keeps the slug in its front matter (session 31)."""
    return slugify(_without_currency(title), max_length=80, word_boundary=True, save_order=True)


def _without_currency(title: str) -> str:
    return "".join(" " if unicodedata.category(c) == "Sc" else c for c in title)


def _headline_files(path: Path, title: str) -> tuple[str, ...]:
    """The names a seed's content file may have by its headline: today's slug's, then those of the
    rules that named files before (a converted file keeps its name): without save_order (before
    session 44, a long headline's '...-amid-talks-on-and'), and with the currency sign (before
    session 31). A moved seed's file was looked for under today's name alone, so a long headline's
    story converted earlier was published twice (rf45a)."""
    plain = _without_currency(title)
    slugs = (headline_slug(title), slugify(plain, max_length=80, word_boundary=True),
             slugify(title, max_length=80, word_boundary=True))
    return tuple(dict.fromkeys(f"{s}.md" for s in slugs if s)) or (f"{_base_slug(path, title)}.md",)


def _adopted_by_slug(run: _Run, shown: str, path: Path, article) -> tuple[Path, dict, str] | None:
    """A seed moved and changed at once (git mv, then an edit) matches its file by neither path nor
    hash: a new seed whose headline's file is one whose seed went missing since the last run, is
    not edited by hand, and keeps most of its paragraphs takes that file, with a warning (it was
    SLUG-2.md, the story twice). The headline alone is no proof: a follow-up story with the same
    headline, its seed beside the old one's deleted one, overwrote the published story."""
    found = (run.orphan_files.get(name) for name in _headline_files(path, article.title)) if run.site_folders else ()
    orphan = next((o for o in found if o is not None and o in run.state.converted and _kept_most(run, o, article)), None)
    if orphan is None:
        return None
    previous = run.existing.by_source[orphan]
    old, file = run.shown(run.seeds / orphan), run.shown(previous[0])
    run.warnings.append(f"{shown}: taken as {old} moved and edited ({old} is missing; {shown} has its headline "
                        f"and most of its paragraphs), so it updates {file}, keeping its address and feed entry "
                        f"— another story? Bring back {file}'s old text and put {old} back (said once)")
    return run._adopt(orphan)


def _kept_most(run: _Run, orphan: str, article) -> bool:
    """Whether an orphan file is not edited by hand and `article` keeps most of its body."""
    previous = run.existing.by_source[orphan]
    return not is_hand_edited(previous[2], previous[1]) and _same_story(previous[2], article.body_markdown)


ADOPT_SHARE = 0.8    # of an orphan file's body words a seed with its headline must keep to take its file
LINE_MATCH_CAP = 16_000_000  # lines x lines of the changed middle matched line by line (0.3 s at most); a larger one is lost
# words x words of the changed stretches' middles matched word by word, all of them together (at most
# about 1 s of CPU: 0.9 s for a 3-word vocabulary); a stretch past what is left counts only its ends
WORD_MATCH_BUDGET = 16_000_000


def _same_story(file_text: str, body: str) -> bool:
    """Whether a conversion's body keeps most (ADOPT_SHARE) of a content file's body words, in
    order. Counted by whole paragraphs, a one-word fix in a story of four paragraphs or fewer lost
    a quarter or more of them: a moved seed with a typo fixed was published twice (review39h).
    Lines are matched first (the same ones at both ends at once) and words only inside the
    stretches that changed, each bounded by a cap: one word list matched whole took 107 s on a
    100 KB results table with one figure fixed, and over 190 s with its rows reordered (review39i)."""
    front = _FRONT.match(file_text.removeprefix("\ufeff"))
    old = [line for line in (file_text[front.end():] if front else file_text).splitlines() if line.strip()]
    new = [line for line in body.splitlines() if line.strip()]
    head, tail = _common_ends(old, new)
    kept = _words(old[:head]) + _words(old[len(old) - tail:])
    old, new = old[head:len(old) - tail], new[head:len(new) - tail]
    budget = WORD_MATCH_BUDGET
    if len(old) * len(new) <= LINE_MATCH_CAP:
        # (autojunk off: it drops a long text's common words, "the", or lines, from the matches)
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
            if tag == "equal":
                kept += _words(old[i1:i2])
                continue
            # lines edited in place (a copy edit in each of several paragraphs in a row) are matched
            # pair by pair: matched as one stretch, 2,000 words a side went over the cap (review39j)
            pairs = zip(old[i1:i2], new[j1:j2]) if i2 - i1 == j2 - j1 else \
                [(" ".join(old[i1:i2]), " ".join(new[j1:j2]))]
            for was, now in ((a.split(), b.split()) for a, b in pairs):
                kept += _kept_words(was, now, budget)
                budget -= len(was) * len(now)
    total = _words(file_text[front.end():] if front else file_text)
    return bool(total) and kept >= ADOPT_SHARE * total


def _words(text: str | list[str]) -> int:
    return len(text.split()) if isinstance(text, str) else sum(len(line.split()) for line in text)


def _kept_words(was: list[str], now: list[str], cap: int) -> int:
    """Of one changed stretch's words, how many the new one keeps in order: the same words at both
    ends, then those of the middle, matched when it is under the cap (else lost)."""
    head, tail = _common_ends(was, now)
    was, now = was[head:len(was) - tail], now[head:len(now) - tail]
    if not was or not now or len(was) * len(now) > cap:
        return head + tail
    words = difflib.SequenceMatcher(None, was, now, autojunk=False)
    return head + tail + sum(block.size for block in words.get_matching_blocks())


def _common_ends(a: list[str], b: list[str]) -> tuple[int, int]:
    """How many items two lists share at their start, and then at their end (none counted twice)."""
    start = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    end = next((i for i, (x, y) in enumerate(zip(reversed(a[start:]), reversed(b[start:]))) if x != y),
               min(len(a), len(b)) - start)
    return start, end


def _another_story(run: _Run, shown: str, kept: Path, slug: str, title: str) -> list[str]:
    """A warning when a changed seed's headline shares no word (of four letters or more) with the
    slug its file keeps: another story saved over the seed took the old one's address and feed
    entry without a word."""
    def words(text: str) -> set[str]:
        return {w for w in text.split("-") if len(w) > 3 and not w.isdigit()}
    was, now = words(slug), words(headline_slug(title))
    if len(was) < 2 or len(now) < 2 or was & now:
        return []
    return [f"{shown}: its headline is now {title!r}, which shares no word with {slug}, the address its file "
            f"{run.shown(kept)} keeps: another story saved over this seed? It takes the old story's address and "
            f"feed entry — a new story belongs in a new seed: put the old text back and save the new one as another "
            ".txt file (the same story: nothing to do, said once)"]


def _moved_take_down(run: _Run, seed: _Seed, title: str) -> bool:
    """Whether a new seed is a taken-down story's seed moved before any run recorded its hash (the
    take-down and the move between two runs): its headline's file is that story's."""
    name = next((n for n in _headline_files(seed.path, title) if n in run.down_names), None)
    if name is None or seed.source in run.state.converted:
        return False
    run.state.converted[seed.source] = name
    old = run.shown(run.seeds / run.down_names.pop(name))
    if not run._stays_down(seed.path, seed.source, seed.shown, seed.seed_hash):
        return False   # forced
    # No body to compare (the file is deleted): held by its headline, which is said. Published by
    # mistake, a story taken down cannot be called back from the readers who got it.
    run.warnings.append(f"{seed.shown}: taken as {old} moved ({old} is missing, and {seed.shown}'s headline is "
                        f"that of {run.shown(run.content / name)}, which was deleted), so it stays down — a new "
                        f"story with the same headline? `sitegen convert --force {seed.shown}` converts it")
    return True


def _base_slug(path: Path, title: str) -> str:
    return headline_slug(title) or slugify(path.stem) or "article"


def numbered_slug(base: str, n: int) -> str:
    """base-N within the 80 characters a slug may have: the base cut on a word boundary to make room.
    An 80-character base's base-2 was 82, which the build cut back to base: two files, one address."""
    suffix = f"-{n}"
    return slugify(base, max_length=80 - len(suffix), word_boundary=True, save_order=True) + suffix


def _new_slug(run: _Run, path: Path, shown: str, title: str, draft: bool = False) -> str:
    """The headline's slug, with -2, -3... when another article has it (with a warning)."""
    base = _base_slug(path, title)
    slug, n = base, 2
    while slug in run.taken:
        slug, n = numbered_slug(base, n), n + 1
    twin = run.shown(run.taken.get(base, run.content / f"{base}.md"))
    if slug != base and draft:   # its headline is the seed's name ('nav'), no story's: no twin to delete
        run.warnings.append(f"{shown}: its draft is named after the seed, and {twin} has that name's address, "
                            f"so it becomes {slug}.md, the address its story keeps once pasted in (nothing to do)")
    elif slug != base:  # the same story twice (a page saved twice, or scraped again) is published twice
        run.warnings.append(f"{shown}: the same headline as {twin}, so it becomes {slug}.md — the same story "
                            "twice? Delete one of the seeds and its content file, or keep both")
    return slug


def _as_written(run: _Run, article, previous: tuple[Path, dict, str], slug: str, seed_hash: str,
                keeps_day: bool) -> bool:
    """Whether the kept file, as the scan read it, is this conversion's output byte for byte (its
    seed_hash line included): a site.toml change or an upgrade converts every seed again, and a
    warning accepted when the file was written came back, holding every --strict build for good
    ("1 held back") and said again by a plain run that wrote nothing. An output that differs is
    news: its warnings stand (held under --strict)."""
    if previous[1].get("seed_hash") != seed_hash:
        return False
    date, date_source = _date_of(run, article, previous, keeps_day)
    file_text = render_file(article, slug=slug, date=date, date_source=date_source, seed_hash=seed_hash,
                            id_day=_id_day(previous[1], date, date_source))
    return file_text == previous[2]


def _date_of(run: _Run, article, previous: tuple[Path, dict, str] | None,
             keeps_day: bool = False) -> tuple[date | datetime, str]:
    """The stated date, else the one a previous conversion gave it, else the run's time. A date
    counted back from the seed's mtime ("3 days ago") keeps the day its file already states when
    `keeps_day` (_keeps_day): the seed saved again (a typo fixed, the same bytes back) is not the
    page saved again."""
    if article.date is not None:
        kept = _as_day(previous[1].get("date")) if keeps_day and previous is not None \
            and previous[1].get("date_source") == "stated" else None
        return kept or article.date, "stated"
    kept_date = previous[1].get("date") if previous is not None else None
    if _dated_by_hand(previous) and (kept := _as_set(kept_date)) is not None:
        return kept, "editor"
    if isinstance(day := _as_set(kept_date), date) and not isinstance(day, datetime):
        # a day the editor set, its date_source line left: no hand edit now (dateless_hash), and
        # read as midnight UTC it was rewritten as the day before in a site west of Greenwich (rr52e)
        return day, "first-conversion"
    return _parse_iso(kept_date) or run.now, "first-conversion"


def _as_set(value) -> date | datetime | None:
    """A date as the editor wrote it (a day stays a day, a time without offset stays so: the build
    reads those in the site's timezone), or None when it is none."""
    if isinstance(value, date):
        return value
    try:
        return (date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)) \
            if isinstance(value, str) else None
    except ValueError:
        return None


def _dated_by_hand(previous: tuple[Path, dict, str] | None) -> bool:
    """Whether the editor set the real date of a stand-in-dated file as the warning asks: the
    date_source line deleted, the feed_id_date line the converter wrote with it still there; or a
    file this gave date_source: editor (the seed's next correction, or --force, put the stand-in
    back: 'date: 2025-01-14T00:00:00+00:00', date_source: first-conversion, the warning again)."""
    if previous is None:
        return False
    return previous[1].get("date_source") == "editor" or ("date_source" not in previous[1] and "feed_id_date" in previous[1])


def _dated(run: _Run, article, previous: tuple[Path, dict, str] | None, target: Path,
           shown: str, keeps_day: bool) -> tuple[date | datetime, str]:
    """_date_of, an undated story listed."""
    date, date_source = _date_of(run, article, previous, keeps_day)
    if date_source == "first-conversion":
        run.undated.append(_undated(run.shown(target), shown))
    return date, date_source


def _counted_stamp(line: str, saved: datetime | None) -> str:
    """What the record keeps of a relative date line and the seed's mtime it was counted from."""
    digest = hashlib.sha256(line.encode("utf-8")).hexdigest()[:16]
    return f"{digest} {saved.timestamp() if saved is not None else ''}"


def _keeps_day(run: _Run, seed: _Seed, article, saved: datetime | None) -> bool:
    """Whether a day counted back from the seed's mtime keeps the one its file states: only when the
    date line reads as at its last conversion and the mtime was not set back (the page saved again,
    a typo fixed: the mtime moves on), and never under --force. A corrected line ("3 days ago" made
    "5 days ago") or mtime (a copy's touched back to the save) is the editor's fix: counted anew.
    A seed the record has nothing on (converted before it kept this) keeps its day."""
    if not article.date_counted or seed.previous is None \
            or _forced(run.force, run.root, seed.path, seed.previous[0]):
        return False
    was = run.state.counted.get(seed.source)
    if was is None:
        return True
    digest, _, when = was.partition(" ")
    now = _counted_stamp(article.date_counted, saved).partition(" ")
    try:
        set_back = saved is not None and bool(when) and saved.timestamp() < float(when)
    except ValueError:
        set_back = False
    return digest == now[0] and not set_back


def _id_day(kept: dict | None, date: date | datetime, date_source: str) -> date | None:
    """The day a converted story's feed ids keep: the one its file already names, else the stand-in
    day its last conversion gave it (a seed that states a date now leaves the id alone), else a
    stand-in's own day; None for a story dated by its seed from the first."""
    if kept is not None:
        named = _as_day(kept.get("feed_id_date"))
        if named is not None:
            return named
        if kept.get("date_source") == "first-conversion" and (was := _as_day(kept.get("date"))) is not None:
            return was
    return _day_of(date) if date_source == "first-conversion" else None


def _as_day(value) -> date | None:
    """A front matter value as the day the build's feed ids take from it (its own offset), or None."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    when = _parse_iso(value)
    return when.date() if when is not None else None


def _write_if_changed(run: _Run, target: Path, file_text: str, mode: int,
                      previous: tuple[Path, dict, str] | None, shown: str, seen: str | None) -> bool:
    """Whether the file was written. The target is read again first: changed, made or deleted since
    the run's scan read it (`seen`; None: not there), it is the editor's, kept (a run takes seconds
    to minutes and serve/watch convert on every seed saved, so an edit saved meanwhile was lost)."""
    now = _text_now(target)
    if now == file_text:
        run.unchanged += 1
        return False
    if now != seen:
        _changed_meanwhile(run, target, shown, now is None)
        return False
    if now is not None and _read_only(target):
        run.warnings.append(f"{run.shown(target)}: read-only, so it is kept as it is, not converted again from "
                            f"{shown}; to take the seed's changes make it writable (chmod u+w) and convert again")
        return False
    discarded = previous is not None and is_hand_edited(previous[2], previous[1])  # only --force gets here
    copy = _keep_discarded(run, previous[0], previous[2]) if discarded else None
    run.content.mkdir(parents=True, exist_ok=True)
    atomic_write(target, file_text, mode)
    run.written.append(target)
    run.converted += 1
    if discarded:
        run.warnings.append(f"{run.shown(previous[0])}: your edit was discarded (--force): converted again from "
                            f"{shown}" + (f"; the edited file is kept as {run.shown(copy)}, to redo the edit from"
                                          if copy else ""))
    return True


def _text_now(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace")   # as the scan read it (CRLF as LF)
    except FileNotFoundError:
        return None


def _changed_meanwhile(run: _Run, target: Path, shown: str, deleted: bool) -> None:
    """A content file an editor saved, made or deleted while this run converted: left as it is."""
    where = run.shown(target)
    if deleted:   # the next run finds it taken down (the record names it)
        run.down += 1
        run.warnings.append(f"{where} was deleted while this convert ran, so it is not written again from "
                            f"{shown}: the story stays down — `sitegen convert --force {shown}` converts it again")
    else:
        run.kept += 1
        run.warnings.append(f"{where}: saved while this convert ran, so it is kept, not overwritten from {shown} "
                            "— the next `sitegen convert` treats it as an edit by hand")


DISCARDED = "discarded"   # in the cache folder: the hand-edited files --force replaced


def _keep_discarded(run: _Run, path: Path, text: str) -> Path | None:
    """A copy of a hand-edited content file --force is about to replace: a bare --force replaced
    every edit of the site at once, for good. Named by the time, so an older copy is never
    overwritten; None if it cannot be written (the run goes on: --force asked for the new text)."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    copy = run.config.path("cache") / DISCARDED / f"{stamp}-{path.name}"
    try:
        copy.parent.mkdir(parents=True, exist_ok=True)
        n = 2
        while copy.exists():
            copy, n = copy.with_name(f"{stamp}-{n}-{path.name}"), n + 1
        atomic_write(copy, text)
    except OSError:
        return None
    return copy


def _taken_down(state: _State, content_file: str, seed: str, there: bool) -> list[str]:
    """The warning, once, for a seed whose content file was deleted (or no longer names the seed)."""
    if state.reported.get(content_file) == "taken down":
        return []
    state.reported[content_file] = "taken down"
    if there:   # still in content/: built and published as the editor left it, only no longer converted into
        return [f"{content_file} no longer names its seed (its source: or seed_hash: line or its --- lines were "
                f"edited), so {seed} is no longer applied to it: your edited file stays published as it is — "
                f"`sitegen convert --force {seed}` converts it again"]
    return [f"{content_file} was deleted, so {seed} is not converted again: the story stays down — "
            f"`sitegen convert --force {seed}` converts it again"]


def _undated(content_file: str, seed: str) -> str:
    return (f"{content_file}: no date found in {seed}; the day it was first converted stands in — set "
            f"the real one (date: YYYY-MM-DD) and delete the 'date_source: first-conversion' line")


def _saved(path: Path) -> datetime | None:
    """When the page was saved (the seed's mtime): relative dates ("2 days ago") count from it."""
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
    except OSError:
        return None


def warm(config: Config, tries: int = 3) -> bool:
    """Load what converting a seed loads the first time (the line model, the language detector's
    models, the word lists) by converting one of the site's seeds in this process and keeping
    nothing: nothing is written, read or recorded but that seed. watch's first seed save after it
    started paid for them (0.6-0.8 s against 60-100 ms for later ones, review42a); watch.DeferredWarm
    calls this once the site is quiet. Whether a seed converted (one that fails is left to the
    build, which reports it; the next one is tried, up to `tries`)."""
    seeds = config.path("seeds")
    for path in seed_files(seeds):
        source = path.relative_to(seeds).as_posix()
        try:   # a regular file (a named pipe's open waits for good), in seeds/, not too large
            info = path.stat()
            if not stat.S_ISREG(info.st_mode) or info.st_size > config.convert.max_bytes \
                    or leads_out(seeds, source) is not None:
                continue
            data = path.read_bytes()
        except OSError:
            continue
        if not isinstance(_convert_chunk([(decode_seed(data, source)[0], source, None)], config)[0], str):
            return True
        tries -= 1
        if not tries:
            break
    return False


_PARALLEL_MIN = 200
_IN_TURN = 25                 # seeds converted stage by stage at a time in this process


def _convert_chunk(jobs: list[tuple[str, str, datetime | None]], config: Config, dropped: bool = True) -> list:
    """A pool worker's share. Without `dropped` the articles come back without their dropped
    lines, which only the report lists: they were 60% of a result's pickled bytes, and pickling
    and unpickling them cost 0.2 ms a seed between the worker and the parent."""
    from .seed import convert_texts
    results = convert_texts(jobs, config, dropped)
    if not dropped:      # (what the labels' extraction still lists: a draft's lines, the rules')
        from dataclasses import replace
        results = [r if isinstance(r, str) else replace(r, dropped=()) for r in results]
    return results


def _chunks(n: int, workers: int, most: int = 25, least: int = 2) -> list[tuple[int, int]]:
    """The pool's split of n jobs: consecutive (start, stop) slices handed to whichever worker is
    free, `most` at a time while much is left (fewer messages), then smaller: a quarter of each
    worker's share of what is left, down to `least`. A chunk's results come back when it ends, so
    with 25 to the end one worker converted the last chunk alone, up to half a second of the run
    on 2 cores with the other idle; ending in chunks of 2, the workers end within a page or two."""
    out, i = [], 0
    while i < n:
        size = max(least, min(most, (n - i) // (4 * workers)))
        out.append((i, min(n, i + size)))
        i += size
    return out


def _worker_start(parent: int) -> None:
    """A pool worker's garbage collections free next to nothing (a page makes almost no reference
    cycles: 484 objects in 352 pages) yet took 2.4% of its time, walking the page's live lines:
    at 10,000 allocations instead of 700 they are 6 instead of 512 and take 0.2%."""
    gc.set_threshold(10_000, 10, 10)
    from ..aside import die_with
    die_with(parent)  # this conversion's process, not a forkserver that started the worker


def _convert_many(jobs: list[tuple[str, str, datetime | None]], config: Config, progress: bool,
                  dropped: bool = True):
    """Yield each job's article (or error message) in order; in a process pool when there are
    many, so the caller writes files while the workers convert. `dropped`: False when the caller
    does not read the articles' dropped lines (no report): the pool's may then leave them out."""
    bar = None
    if progress and len(jobs) > 50:
        from ..progress import bar as progress_bar
        bar = progress_bar(len(jobs), True, desc="convert", unit="seed")
    workers = worker_count(config.build.workers)
    done = 0
    try:
        if len(jobs) >= _PARALLEL_MIN and workers > 1:
            done = yield from _pooled(jobs, config, workers, dropped, bar, progress)
        # What the pool did not convert (none, or it could not start) is converted here.
        for a in range(done, len(jobs), _IN_TURN):      # (stage by stage over a few: see convert_texts)
            if progress:
                _announce(jobs[a:a + _IN_TURN], bar)
            for result in _convert_chunk(jobs[a:a + _IN_TURN], config):
                if bar is not None:
                    bar.update(1)
                yield result
    finally:
        if bar is not None:
            bar.close()


_BIG_SEED = 1_000_000     # characters: a seed this long takes a second or more, said when interactive


def _announce(jobs: list[tuple[str, str, datetime | None]], bar) -> None:
    """'converting seeds/big.txt (6.0 MB)…' on stderr for each long seed about to be waited for:
    a 6 MB seed took 74 s (session 34, 4 s since) with no word."""
    for text, shown, _ in jobs:
        if len(text) >= _BIG_SEED:
            line = f"converting {shown} ({len(text.encode('utf-8', 'surrogatepass')) / 1e6:.1f} MB)…"
            if bar is not None:
                bar.write(line, file=sys.stderr)
            else:
                print(line, file=sys.stderr, flush=True)


def _pooled(jobs: list[tuple[str, str, datetime | None]], config: Config, workers: int, dropped: bool, bar,
            progress: bool = False):
    """Yield the jobs' results from a process pool, in order; return how many were yielded (all,
    or those before the pool failed: no process pool here, in a sandbox)."""
    from concurrent.futures import ProcessPoolExecutor
    done = 0
    context = _pool_context(jobs)
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_start,
                                 initargs=(os.getpid(),)) as pool:
            spans = _chunks(len(jobs), workers)
            futures = [pool.submit(_convert_chunk, jobs[a:b], config, dropped) for a, b in spans]
            try:
                for (a, b), future in zip(spans, futures):
                    if progress:
                        _announce(jobs[a:b], bar)
                    for result in future.result():
                        done += 1
                        if bar is not None:
                            bar.update(1)
                        yield result
            finally:
                for future in futures:       # (the caller stopped early: queue no more)
                    future.cancel()
    except (OSError, RuntimeError):
        pass                  # no process pool here (sandbox): the caller finishes in this process
    finally:
        gc.unfreeze()
    return done


def _pool_context(jobs: list[tuple[str, str, datetime | None]]):
    """fork shares the loaded modules and language model (3 s less on 1,000 seeds); with threads
    running (watch/serve) fork is unsafe, so forkserver then."""
    import multiprocessing
    import threading
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        _load_for_workers(jobs)
        # Everything loaded so far lives as long as the run: frozen, the workers' garbage
        # collections no longer walk it (and, unwritten, its memory pages stay shared).
        gc.freeze()
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else None)


def _load_for_workers(jobs: list[tuple[str, str, datetime | None]]) -> None:
    """What every forked worker would load for itself, loaded once in the parent."""
    from .english_words import english_common
    from .german_nouns import german_nouns
    from .labeller import default_labeller
    from .language import warm_up
    warm_up()
    if any(" und " in text and " der " in text for text, _, _ in jobs):
        german_nouns()       # 0.12 s and 30 MB: loaded once for the workers, when needed
    english_common()         # 30 ms and 8 MB: once for the workers
    from .tags_model import default_model as tag_model
    tag_model()              # the tag scorer (15 kB): once for the workers
    from .dates import warm_up as dates_warm_up
    dates_warm_up()          # dateparser (0.2 s): each worker that met a relative date line loaded it
    default_labeller()


def _parse_iso(value) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, str):
        try:
            dt = datetime.fromisoformat(value)
        except ValueError:
            return None
        return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)
    return None


def left_out_warning(shown: str, content_file: str, article) -> str:
    """One warning for the lines a seed's conversion dropped that read like the story's: where the
    first is in the seed, how many, and how to put them back."""
    (first, text), n = article.left_out[0], len(article.left_out)
    words = text.split()
    start = " ".join(words[:4]) + ("…" if len(words) > 4 else "")
    lines = f"{n} lines that read" if n > 1 else "a line that reads"
    return (f"{shown}:{first}: {lines} like the story's {'were' if n > 1 else 'was'} left out "
            f"(from {start!r}): if {'they belong, add them' if n > 1 else 'it belongs, add it'} in "
            f"{content_file}; `sitegen convert --report -` lists every dropped line")


def _with_source(article, source: str):
    from dataclasses import replace
    return replace(article, source=source)


def _report_skipped(run: _Run, report: TextIO, progress: bool) -> None:
    """The report of the seeds this run skipped (unchanged, or kept under a hand edit), converted
    again in memory, nothing written nor warned: the warnings that send the editor to `--report`
    come once the seed is converted, and a report of the seeds converted now was then empty."""
    jobs = [(decode_seed(data, shown)[0], shown, _saved(path)) for path, shown, _file, data in run.skipped]
    for (_path, shown, target, _data), result in zip(run.skipped, _convert_many(jobs, run.config, progress)):
        if isinstance(result, str):   # a seed kept under a hand edit is skipped unconverted: it may fail now
            report.write(f"== {shown} -> {target.name} (kept as it is: its seed cannot be converted now: "
                         f"{result.removeprefix(shown + ': ')})\n")
        else:
            _report(report, shown, target, result, " (not converted again: nothing written)")


def _report(out: TextIO, shown: str, target: Path, article, note: str = "") -> None:
    out.write(f"== {shown} -> {target.name}{note}\n")
    out.write(f"   title: {article.title}\n   authors: {', '.join(article.authors) or '-'}; "
              f"date: {article.date.isoformat() if article.date else 'not stated'}; "
              f"language: {article.language}; {len(article.paragraphs)} paragraphs kept\n")
    for number, text, why in article.dropped:
        out.write(f"   dropped line {number}: {text[:100]!r} — {why}\n")
