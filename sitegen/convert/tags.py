"""Tags: the people, places and organisations an article is about.

Candidates are runs of capitalised words in the standfirst and body. A word the article also uses
in lower case ("However", "The" -> "the") is a common word, not a name: it is trimmed from the ends
of runs and never a tag alone; a word seen only at the start of sentences is not trusted either.
Candidates are ranked by prominence: found in the headline, in the standfirst, then frequency. A
surname alone counts towards the full name; "Iran's" counts as Iran; site aliases map spellings.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from slugify import slugify as _slugify


@lru_cache(maxsize=20_000)
def slugify(text: str) -> str:
    return _slugify(text)


_JOIN = {"de", "von", "van", "der", "da", "do", "dos", "du", "bin"}    # name particles
# Day and month names are capitalised in several languages but are never what an article is about.
_CALENDAR = set("""monday tuesday wednesday thursday friday saturday sunday january february march
april may june july august september october november december montag dienstag mittwoch
donnerstag freitag samstag sonntag januar februar märz juni juli oktober dezember lundi mardi
mercredi jeudi vendredi samedi dimanche""".split())


def _upper_class() -> str:
    chars = [chr(c) for c in range(0x80, 0x2000) if chr(c).isalpha() and chr(c).isupper()]
    return "A-Z" + "".join(re.escape(c) for c in chars)


_CAP_WORD = rf"(?<![\w'’.-])[{_upper_class()}][^\W_]*(?:[-.][^\W\d_][^\W_]*|['’](?!s\b)[^\W\d_][^\W_]*)*"
_RUN = re.compile(rf"{_CAP_WORD}(?:\s+(?:(?:{'|'.join(sorted(_JOIN))})\s+)?{_CAP_WORD})*")
_OPENERS = set(" \t([\"“«‘'")


def _runs(text: str) -> list[tuple[list[str], bool]]:
    """Runs of capitalised words: (words, starts_a_sentence). One regex pass over the text."""
    out: list[tuple[list[str], bool]] = []
    for m in _RUN.finditer(text):
        i = m.start()
        quoted = False
        while i > 0 and text[i - 1] in _OPENERS:
            i -= 1
            quoted = quoted or text[i] in "\"“«‘'"
        start = quoted or i == 0 or text[i - 1] in ".!?:…\"“”«»\n"
        cur: list[str] = []
        for word in m.group().split():
            word = word.rstrip(".") if word.count(".") == 1 and word.endswith(".") else word
            if word.isupper() and len(word) > 5:
                if cur:
                    out.append((cur, start))
                cur, start = [], False       # a shouted word breaks the run
                continue
            cur.append(word)
        if cur:
            out.append((cur, start))
    return out


# German capitalises every noun: a single capitalised word with a common-noun ending is not a name.
_GERMAN_NOUN = re.compile(r"(?:ung|heit|keit|schaft|tion|tät|ismus|ment|chen|lein|nis|tum|ei|er|en)$")


def extract_tags(title: str, summary: str, body: list[str], *, max_tags: int,
                 aliases: dict[str, str], stop: tuple[str, ...], language: str = "") -> list[str]:
    if max_tags <= 0:
        return []
    text = "\n".join([summary, *body])
    lower_words = {w for w in re.findall(r"[^\W\d_]+", text) if w[0].islower()}
    stop_keys = {slugify(s) for s in stop}
    alias = {k.casefold(): v for k, v in aliases.items()}

    raw_runs: list[tuple[list[str], bool, float]] = []
    for part, weight in ((summary, 2.0), *((p, 1.0) for p in body)):
        for words, start in _runs(part):
            raw_runs.append((words, start, weight))
    # Words that open several different runs are titles or adjectives ("President ...").
    followers: dict[str, set[str]] = defaultdict(set)
    for words, _, _ in raw_runs:
        for a, b in zip(words, words[1:]):
            followers[a].add(b)
    prefix_words = {w for w, nxt in followers.items() if len(nxt) >= 2}

    # Words seen capitalised in mid-sentence: a run opening a sentence keeps its first word only
    # when that word is also capitalised elsewhere ("Russia and ..." yes, "Added ARKit" no).
    cap_mid = {w for words, start, _ in raw_runs for w in (words[1:] if start else words)}

    scores: Counter[str] = Counter()
    spelling: dict[str, Counter[str]] = defaultdict(Counter)
    mid_sentence: set[str] = set()
    for words, start, weight in raw_runs:
        cut = max((i + 1 for i, w in enumerate(words[:-2])
                   if w in prefix_words or _TITLE_HYPHEN.search(w)), default=0)
        if cut:
            words, start = words[cut:], False
        if start and len(words) > 1 and words[0] not in cap_mid:
            words, start = words[1:], False
        while words and (words[0].lower() in lower_words or words[0].lower() in _JOIN):
            words, start = words[1:], False
        while words and (words[-1].lower() in lower_words or words[-1].lower() in _JOIN):
            words = words[:-1]
        if not words or len(words) > 5:
            continue
        name = alias.get(" ".join(words).casefold(), " ".join(words))
        key = slugify(name)
        if not key or key in stop_keys or len(key) < 2 or name.casefold() in _CALENDAR:
            continue
        scores[key] += weight
        spelling[key][name] += 1
        if not start:
            mid_sentence.add(key)
    for key in list(scores):
        if key not in mid_sentence and "-" not in key:
            del scores[key]              # only ever sentence-initial: likely a common word
    # A single word that starts or ends one longer name ("Putin" in "Vladimir Putin", "Taylor"
    # in "Taylor Swift") counts for that name.
    by_part: dict[str, set[str]] = defaultdict(set)
    for key in scores:
        if "-" in key:
            by_part[key.rsplit("-", 1)[1]].add(key)
            by_part[key.split("-", 1)[0]].add(key)
    for key in [k for k in scores if "-" not in k]:
        longer = by_part.get(key, set())
        if len(longer) == 1:
            scores[next(iter(longer))] += scores.pop(key)
    # Inflected forms of one name ("Sejm", "Sejmie"; "Oscar", "Oscars") count as one.
    singles = sorted((k for k in scores if "-" not in k and len(k) >= 4), key=len)
    for i, short in enumerate(singles):
        for longer in singles[i + 1:]:
            if longer in scores and short in scores and longer.startswith(short) \
                    and len(longer) - len(short) <= 2:
                scores[short] += scores.pop(longer)
    if language == "de":
        for key in list(scores):
            names = spelling[key]
            if "-" not in key and (_GERMAN_NOUN.search(key) and not any(n.isupper() for n in names)
                                   or sum(names.values()) < 2):
                del scores[key]
            elif "-der-" in key and "-von-der-" not in key:
                del scores[key]           # "Beginn der Debatte": nouns and an article, not a name
    title_lower = " " + slugify(title).replace("-", " ") + " "
    for key in scores:
        if " " + key.replace("-", " ") + " " in title_lower:
            scores[key] += 3.0
    ranked = sorted((k for k in scores if scores[k] >= 2.0), key=lambda k: (-scores[k], k))
    out = []
    for k in ranked[:max_tags]:
        name = spelling[k].most_common(1)[0][0]
        out.append(name + "." if _INITIALS.fullmatch(name) else name)   # "U.S" -> "U.S."
    return out


_TITLE_HYPHEN = re.compile(r"-[^\W\d_A-Z]")       # "President-elect"
_INITIALS = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
