"""Headline topics: the word of the headline that the article keeps repeating and that is rare in
the language at large ("Vorsatzschalung", "Crocs", "Clickbait", "coronavirus").

The name rules in tags.py only see capitalised runs, and they drop German common nouns and English
words on purpose (most are no topic), so a page about a thing rather than a name got no tag for
it (issue 11: "no lowercase topic ever appears"; 19 of 25 pages of sample J, and 19 of K, missed
their obvious topic). A word is a topic here when (1) the headline has it, (2) the standfirst and
body name it at least MIN_MENTIONS times (a plural or case ending after it, or a hyphen compound
around it, "Clickbait-Websites", counts), (3) it is rare in general use: its Zipf frequency
(log10 of its uses per billion words: 4 is ten a million) in wordfreq's list for the page's
language is at most MAX_ZIPF, and (4) it is no piece of a name, no given name, no word a tag
already holds and a noun where the language shows it: in German the body writes it capitalised, in
French, Spanish, Italian and Portuguese the body puts a determiner (an article, a possessive, a
demonstrative, a quantifier) right before it at least once (those languages write verbs, adjectives
and nouns alike in lower case, and an adjective there follows its noun: "investigará", "nucleares",
"démissionner" were topics). Mentions times how much rarer than MAX_ZIPF it is ranks them.
"""
from __future__ import annotations

import gzip
import hashlib
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from .given_names import given_names

MIN_MENTIONS = 3
MAX_ZIPF = 4.0
MIN_LETTERS = 4

# wordfreq 3.1.1's "small" lists (every word used at least once a million words, Zipf >= 3), one
# file a language, written by main() below. Their hashes are here so that a regenerated list
# changes this module's bytes, and so the converter's re-conversion key (writer._code_version).
LANGUAGES = ("de", "en", "es", "fr", "it", "nl", "pt")
DATA_SHA256 = {
    "de": "727169178c3ba99af9ceff4960745afb7f331279c72455ac7774d4a98c02f081",
    "en": "2af49f9187b28db9ffd037c307ba800db98f88a594db50b8892bf293c46efaf8",
    "es": "0e32ac112335b5fdbca4e41b75ad3517e2f7b2b26b75a9bd5500f2b59a0d9e8c",
    "fr": "de6abef527d61bac7f321d3c22a38115f916126ed7479cd4678c3eb9144341e3",
    "it": "690f33388785db5806d9da38a0e96b45283bb62963df68a8f36f9cfeda7af1c5",
    "nl": "ddd6dc2ecbd85f7580effdb34c06f4583048b28f86cc3d32bd75321704688cbc",
    "pt": "dc30c267863a2400e380a144740fa77638e8b031de18861e5dd8478354433988",
}
_DIR = Path(__file__).parent

# Determiners of the Romance languages: articles, their contractions with a preposition,
# possessives, demonstratives (a closed class). Left out are the ones that are as often a clitic
# pronoun or a preposition before a verb: Spanish "lo" ("lo investigará", "lo nuclear"),
# Portuguese "a" ("começou a investigar").
_DETERMINERS = {language: frozenset(words.split()) for language, words in {
    "fr": "le la les l un une des du au aux ce cet cette ces mon ma mes ton ta tes son sa ses notre nos "
          "votre vos leur leurs",
    "es": "el la los las un una unos unas del al mi mis tu tus su sus nuestro nuestra nuestros nuestras "
          "este esta estos estas ese esa esos esas aquel aquella aquellos aquellas",
    "it": "il lo la i gli le l un uno una del dello della dei degli delle dell al allo alla ai agli alle all "
          "nel nello nella nei negli nelle nell sul sullo sulla sui sugli sulle sull dal dallo dalla dai dagli "
          "dalle dall mio mia miei mie tuo tua tuoi tue suo sua suoi sue nostro nostra nostri nostre "
          "questo questa questi queste quel quello quella quei quegli quelle",
    "pt": "o os as um uma uns umas do da dos das no na nos nas ao aos à às pelo pela pelos pelas num numa "
          "nuns numas meu minha meus minhas seu sua seus suas nosso nossa nossos nossas este esta estes "
          "estas esse essa esses essas aquele aquela aqueles aquelas",
}.items()}
# Quantifiers that are never a pronoun (unlike "plusieurs", "varios", "alguns": "varios investigarán").
_QUANTIFIERS = frozenset("chaque quelques cada ogni qualche".split())
# A page misdetected among the four ("indulto" read as Italian) keeps its nouns: each takes the
# others' determiners too, less those that stand before a verb in one of them: an object pronoun
# (es "lo", "le", "les", "nos", it "mi"), a negation (es "no"), "or" (es/it "o"), a preposition
# before an infinitive (pt "a", it "da": "da fare", fr "à": "prêt à rénover").
_BORROWED = frozenset().union(*_DETERMINERS.values()) - {"lo", "a", "à", "no", "nos", "o", "le", "les", "mi", "da"}
_NOUN_MARKERS = {language: words | _BORROWED | _QUANTIFIERS for language, words in _DETERMINERS.items()}
# the word just before a mention, an elided article glued to it by an apostrophe ("l'intestin"),
# quote marks allowed between ('les « trottinettes »', 'el “indulto”')
_WORD_BEFORE = re.compile(r"(?<![\w'’])([^\W\d_]+)(?:['’]|\s)[\s«»“”„‟\"‘‚‹›]*$")
# an elided article or preposition glued to a French or Italian headline word ("l'intestin",
# "dell'intestino"): the word is what follows it
_ELIDED = re.compile(r"^[^\W\d_]{1,6}['’](?=[^\W\d_])")

_WORD = re.compile(r"[^\W\d_][\w'’]*(?:[-‑][\w'’]+)*")
# A hyphen then "&", a comma or "and"/"or" shortens a compound ("Thermen- & Vulkanland", "Verkehrs-
# und Tarifverbund"); before another word it is a dash ("Naturkosmetik- doch gesünder?": sample M).
_SHORTENED = re.compile(r"[-‑](?:\s*(?:[&,/]|(?:und|oder|sowie|bzw|and|or|et|ou|y|o|e)\b)|$|[^\s])", re.IGNORECASE)


def data_path(language: str) -> Path:
    return _DIR / f"word_freq_{language}.txt.gz"


@lru_cache(maxsize=16)
def _frequencies(language: str) -> dict[str, float] | None:
    """The language's list (word -> Zipf frequency), None when there is none. The file holds
    blocks: a line with ten times the Zipf frequency, then that block's words, a line each."""
    path = data_path(language)
    if language not in LANGUAGES or not path.exists():
        return None
    out: dict[str, float] = {}
    for block in gzip.decompress(path.read_bytes()).decode("utf-8").split("\n\n"):
        head, _, words = block.partition("\n")
        if head:
            out.update(dict.fromkeys(words.split("\n"), int(head) / 10))
    return out


def zipf(word: str, language: str) -> float | None:
    """The word's Zipf frequency (log10 of its uses per billion words) in the language: 0.0 for a
    word rarer than the list goes (under 3); None without a list for the language."""
    freqs = _frequencies(language)
    if freqs is None:
        return None
    return freqs.get(word.casefold(), 0.0)


def _parts(word: str) -> list[str]:
    """The word and, for a hyphenated compound, its parts ("Wasserstoff-Rückgewinnung")."""
    parts = re.split(r"[-‑]", word)
    return [word, *parts] if len(parts) > 1 else [word]


def _mention_pattern(word: str) -> re.Pattern[str]:
    """The word in any case, a plural or case ending after it allowed."""
    return re.compile(rf"(?<![\w]){re.escape(word)}(?:e|n|en|s|es|er|ern)?(?![\w])", re.IGNORECASE)


def _mentions(word: str, text: str) -> tuple[int, str]:
    """How often the text names the word (any case; a plural or case ending after it, or a
    hyphen compound around it, counts), and its commonest spelling in the text."""
    found = [m.group() for m in _mention_pattern(word).finditer(text)]
    exact = [f for f in found if f.casefold() == word.casefold()]
    # the commonest spelling, the first in the text on a tie (a set's order changes with the
    # process's hash seed: "Preventive"/"preventive" made the tag come and go between runs).
    # Counted once: exact.count per mention was quadratic, minutes for a big seed, all in C
    # where SIGTERM could not stop it. A Counter keeps first-seen order and max the first of equals.
    counts = Counter(exact)
    spelling = max(counts, key=counts.__getitem__) if counts else word
    return len(found), spelling


def headline_topics(title: str, text: str, language: str, taken: list[str], limit: int = 1) -> list[str]:
    """Up to `limit` headline topics of the page, most key first, leaving out words that a tag in
    `taken` (or a name in it) already holds."""
    if zipf("a", language) is None:
        return []
    held = {p.casefold() for t in taken for w in _WORD.findall(t) for p in _parts(w)} | {t.casefold() for t in taken}
    scored: dict[str, tuple[float, str]] = {}
    lower = text.lower()        # a cheap upper bound of the mentions, before any regex is built
    for m in _WORD.finditer(title):
        if _SHORTENED.match(title, m.end()) or title[m.start() - 1:m.start()] in ("-", "‑"):
            continue            # "Thermen- & Vulkanland": the first half of a shortened compound;
                                # "15-year-old", "(BTC)-Futures-Börse": the rest of one after a number
        head = _ELIDED.sub("", m.group()) if language in ("fr", "it") else m.group()
        for word in _parts(head):
            key = word.casefold()
            if key in scored or _held(key, held) or not _may_be_topic(word, language):
                continue
            z = zipf(word, language)
            if z is None or z > MAX_ZIPF or lower.count(word.lower()) < MIN_MENTIONS:
                continue
            n, spelling = _mentions(word, text)
            if (n >= MIN_MENTIONS and _noun_in_german(spelling, language)
                    and _noun_in_romance(spelling, text, language) and not _inside_names(spelling, text)):
                scored[key] = (n * (MAX_ZIPF + 0.1 - z), spelling)
    best = sorted(scored.values(), key=lambda v: -v[0])
    return [spelling for _, spelling in best[:limit]]


def _noun_in_german(spelling: str, language: str) -> bool:
    """In German the body's own spelling must be capitalised: a headline capitalises its first
    word and the one after a colon ("Unbefriedigt", "Lesbische Erinnerungskultur")."""
    return language != "de" or spelling[:1].isupper()


def _noun_in_romance(spelling: str, text: str, language: str) -> bool:
    """In French, Spanish, Italian and Portuguese a lower-case word is a noun when the body puts a
    determiner right before it at least once ("les trottinettes", "l'intestin", "o indulto", quote
    marks between allowed: 'el “indulto”'), its language's or one the others share (_BORROWED); a
    verb ("de démissionner", "se investigarán") or an adjective after its noun ("armas nucleares")
    seldom has one (a clitic "la"/"le"/"l'" before a verb passes: rare over three mentions). A
    capitalised spelling is a name's, which takes none ("Montréal")."""
    determiners = _NOUN_MARKERS.get(language)
    if determiners is None or not spelling[:1].islower():
        return True
    for m in _mention_pattern(spelling).finditer(text):
        before = _WORD_BEFORE.search(text, max(0, m.start() - 30), m.start())
        if before and before.group(1).casefold() in determiners:
            return True
    return False


def _held(key: str, held: set[str]) -> bool:
    """A tag has the word, or begins or ends with it ("Gladbach" of "Mönchengladbach", which the
    name rules took for one topic)."""
    return any(h.startswith(key) or h.endswith(key) for h in held)


def _may_be_topic(word: str, language: str) -> bool:
    """Long enough, no given name (a person's name is the name rules' to find, whole), and in
    German a noun: German writes its adjectives and verbs in lower case ("oranger", "kommunale")."""
    if sum(ch.isalpha() for ch in word) < MIN_LETTERS or word.casefold() in given_names():
        return False
    return language != "de" or word[0].isupper()


def _inside_names(word: str, text: str) -> bool:
    """Most of the word's mentions stand beside another capitalised word ("Davis Cup", "Van der
    Bellen", "Ennesto Monté"): a piece of a longer name, which the name rules tag whole."""
    if not word[0].isupper():
        return False
    mentions = [m.start() for m in re.finditer(rf"(?<![\w]){re.escape(word)}(?![\w])", text)]
    beside = sum(1 for i in mentions if _beside_capital(text, i, i + len(word)))
    return bool(mentions) and beside * 2 >= len(mentions)


def _beside_capital(text: str, start: int, end: int) -> bool:
    """A capitalised word just after, or just before (not at a sentence's start) the mention."""
    after = re.match(r"\s+([^\W\d_])", text[end:end + 3])
    if after and after.group(1).isupper():
        return True
    before = re.search(r"([^\W\d_])[\w’'-]*\s+$", text[max(0, start - 40):start])
    if not before or not before.group(1).isupper():
        return False
    prev_start = start - len(before.group())
    return prev_start > 1 and text[prev_start - 2] not in ".!?:\n„“\"»«" and text[prev_start - 1] not in "\n„“\"»«"


def main() -> None:
    """Write the lists from the wordfreq package (run outside the project's environment:
    python -m venv /tmp/wf && /tmp/wf/bin/pip install wordfreq==3.1.1, then
    PYTHONPATH=.:$(echo /tmp/wf/lib/python3*/site-packages) python -m sitegen.convert.keyphrase),
    then put the printed hashes into DATA_SHA256."""
    import math
    from wordfreq import get_frequency_dict
    for language in LANGUAGES:
        blocks: dict[int, list[str]] = {}
        for word, freq in get_frequency_dict(language, "small").items():
            if _WORD.fullmatch(word):
                blocks.setdefault(round(math.log10(freq * 1e9) * 10), []).append(word)
        text = "".join(f"{z}\n" + "\n".join(sorted(ws)) + "\n\n" for z, ws in sorted(blocks.items(), reverse=True))
        data = gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)
        data_path(language).write_bytes(data)
        print(f'    "{language}": "{hashlib.sha256(data).hexdigest()}",')


if __name__ == "__main__":
    main()
