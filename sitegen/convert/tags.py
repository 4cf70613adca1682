"""Tags: the people, places and organisations an article is about.

Candidates are runs of capitalised words in the standfirst and body. A word the article also uses
in lower case ("However", "The" -> "the") is a common word, not a name: it is trimmed from the ends
of runs and never a tag alone; a word seen only at the start of sentences is not trusted either.
Adjectives are not names: in English an adjective-shaped word only ever seen modifying the next
word ("Western sanctions", "Iranian President") is dropped, with a short demonym list as the
fallback; in German, nouns the page shows to be common ("ein Brief", "das erforderliche Gesetz")
are trimmed from runs, and runs are split at the common nouns of Wiktionary's list
(german_nouns.py). A run holding a day or month name is a time ("Ende Oktober"), not a name.
A single word the page only ever shows as a piece cut from a longer run ("Cerro" of "Cerro
Largo", "la Paz" of "Nobel de la Paz") is not a name of its own, nor a hyphenated word only ever
opening sentences ("Non-personal"); in Spanish, nor a word always after an article ("el
Gobierno"). Candidates are ranked by prominence: found in the headline, in the standfirst, then
frequency. A surname alone counts towards the full name (a given name opening a sentence is kept:
"Brad Pitt picked up ..."); "Iran's" counts as Iran; site aliases map spellings; the byline's
names are not tags. Not counted at all: a closing block of other stories' teasers ("... Mehr
lesen" three times at the body's end) and a person's affiliation in parentheses ("Christopher
Linke (SC Potsdam; 10:58,94 min)"); a surname shared by two people named in full is no tag. The
words of a quoted title ("“Health at a Glance”") are pieces, not names; so are firms' legal forms
("AG"). In German a given name that is also a noun stays before a surname ("Rene Benko"). An
English common word the page only writes capitalised is no name unless the headline has it
("Application", "Team"; english_words.py: SCOWL's lower-case words). Last, a learned scorer
(tags_model.py, trained on the tags judged by hand) weighs each ranked candidate's evidence
(tag_features: where and how often the page names it, inside longer names or not: a title before
a full name is none, "President Masoud Pezeshkian"; outside the article, its shape) and keeps those
it trusts (an even chance or more; 0.55 for a name the headline, standfirst and first paragraph
never give), none on some pages. A
German page's "Deutschland" is where its readers live, the setting, not a topic, unless the
headline names it.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import lru_cache
from itertools import compress
from operator import itemgetter

from slugify import slugify as _slugify

from .english_words import english_common
from .german_nouns import GermanNouns, german_nouns
from .given_names import given_names
from .keyphrase import headline_topics
from .tags_model import TagModel, default_model


_PLAIN = re.compile(r"[A-Za-z0-9]+(?: [A-Za-z0-9]+)*")


@lru_cache(maxsize=20_000)
def slugify(text: str) -> str:
    if _PLAIN.fullmatch(text):          # plain ASCII words: what python-slugify makes of them
        return text.lower().replace(" ", "-")
    # Named backend: "auto" tries to import `unidecode` on every call and fails (3 ms a page).
    return _slugify(text, backend="text-unidecode")


_JOIN = {"de", "von", "van", "der", "da", "do", "dos", "du", "bin", "del", "la",    # name particles
         "of", "für"}                  # inside names: "Rock and Roll Hall of Fame", "Bundesamt für Justiz"
# Day and month names are capitalised in several languages but are never what an article is about.
_CALENDAR = set("""monday tuesday wednesday thursday friday saturday sunday january february march
april may june july august september october november december montag dienstag mittwoch
donnerstag freitag samstag sonntag januar februar märz juni juli oktober dezember lundi mardi
mercredi jeudi vendredi samedi dimanche""".split())
# Abbreviated, they are names too ("Jan", "Mar"): a time only as a tag of their own.
_CALENDAR_SHORT = set("jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri".split())


def _upper_class() -> str:
    chars = [chr(c) for c in range(0x80, 0x2000) if chr(c).isalpha() and chr(c).isupper()]
    return "A-Z" + "".join(re.escape(c) for c in chars)


_CAP_WORD = rf"(?<![\w'’.&-])(?:[{_upper_class()}]|[a-z](?=[A-Z][a-z]{{2}}))[^\W_]*(?:[-.&][^\W\d_][^\W_]*|['’](?!s\b)[^\W\d_][^\W_]*)*(?:-\d+(?![\w-]|[.,]\d))?"
# A middle initial and its full stop inside a name ("Patrick W. Carlineo Jr.", "John F. Kennedy"):
# the full stop does not end the run, or the name fell apart into two wrong tags ("Patrick W",
# "Carlineo Jr": sample M). Only a lone capital letter with a capitalised word next; `_runs` splits
# the run there again unless a given name stands before the initial (`_after_given_name`).
_INITIAL_STOP = rf"(?:(?=\.\s+[{_upper_class()}])(?<=(?<![\w.'’&-])[{_upper_class()}])\.)?"   # (the stop first: cheap)
_RUN = re.compile(rf"{_CAP_WORD}{_INITIAL_STOP}(?:\s+(?:(?:{'|'.join(sorted(_JOIN))})\s+){{0,2}}{_CAP_WORD}{_INITIAL_STOP})*")
_OPENERS = set(" \t([\"“«‘'")
# A parenthesis with a year is a citation or a record ("(Quaas/Klein 2012)", "(31-2-0, 23 Ko's)").
# A web page's or file's name ("Deutschland-ist-abhaengig-von-Agrarfeldern-im-Ausland.html", a
# link's text): a closed class of file name endings.
_FILE = re.compile(r"\.(?:html?|php|aspx?|jsp|pdf|docx?|xlsx?|jpe?g|png|gif|svg|mp[34]|zip)$", re.I)
_CITATION = re.compile(r"\([^()\n]{0,120}?(?:\b(?:1[5-9]|20)\d\d\b|\d+-\d+-\d+)[^()\n]{0,120}?\)")


# A parenthesis of several words right after a person's name (a given name and a surname) is the
# person's affiliation in a list of people ("Christopher Linke (SC Potsdam; 10:58,94 min)", "Imke Onnen (Hannover 96)"):
# clubs named in passing, not topics. After other names a parenthesis spells out an acronym or
# gives an alias ("LCI (Life Cycle Impulse)", "Acción Humanista (Apruebo Dignidad)"): kept.
_AFFILIATION = re.compile(rf"(?<![\w'’.&-])([{_upper_class()}][^\W\d_]+)( [{_upper_class()}][^\W\d_]+) \(([{_upper_class()}][^()\n]{{0,78}} [^()\n]+)\)")


# A title in quotes, two to six words in title case (capitalised but for short words like "at",
# "a", "of") that opens with an article or holds such a short word ("„The Woman King“", "“Health at
# a Glance”", "\"Man for a Day\""): its words are pieces of the title, not names of their own. A
# quoted name ("„Erfurt Indoor“", "\"Las Vegas Review-Journal\"") or a quoted phrase with words in
# lower case ("“Gemeinsam klimafreundlich unterwegs nach Graz”") is left as it is.
_QUOTED_TITLE = re.compile(r"(?:„|“|«|\"|‚)(?=[^\W\d_])([^„“”«»\"‚‘’.!?;:\n]{3,80}?)(?:“|”|»|\"|‘)")
_TITLE_ARTICLES = frozenset("The A An Der Die Das Ein Eine".split())


def _quoted_title(m: re.Match) -> str:
    words = m.group(1).split()
    if not 2 <= len(words) <= 6 or not all(w[:1].isupper() or w[:1].isdigit() or len(w) <= 3 for w in words):
        return m.group()
    if words[0] in _TITLE_ARTICLES or any(w[:1].islower() for w in words):
        return " "
    return m.group()


def _quoted_titles(text: str) -> str:
    return _QUOTED_TITLE.sub(_quoted_title, text) if any(q in text for q in "„“«\"‚") else text


# German gender forms ("Ökostromkund*innen", "Freund:innen", "Autor_in"): one common noun, not a
# capitalised stem cut at the star ("Ökostromkund") followed by a lower-case word.
_GENDER_GAP = re.compile(r"(?<=[^\W\d_])[*:_/](?=in(?:nen)?\b)")


def _clean(text: str) -> str:
    text = _CITATION.sub(" ", text.replace("\xad", ""))
    text = _GENDER_GAP.sub("", text)
    text = _quoted_titles(text)
    if "(" in text:
        text = _AFFILIATION.sub(lambda m: m.group(1) + m.group(2) + " " if m.group(1).casefold() in given_names()
                                else m.group(), text)
    return text


_LETTERS = re.compile(r"[^\W\d_]+")
_HANGUL_TAIL = re.compile(r"(?<=[A-Za-z0-9])[\uac00-\ud7af]+$")


def _runs(text: str) -> list[tuple[list[str], bool]]:
    """Runs of capitalised words: (words, starts_a_sentence). One regex pass over the text."""
    out: list[tuple[list[str], bool]] = []
    for m in _RUN.finditer(text):
        i = m.start()
        quoted = False
        while i > 0 and text[i - 1] in _OPENERS:
            i -= 1
            quoted = quoted or text[i] in "\"“«‘'"
        start = (quoted or i == 0 or text[i - 1] in ".!?:…\"“”«»\n"
                 or i < 8 and not any(ch.isalpha() for ch in text[:i]))   # "# This", "1. The"
        cur: list[str] = []
        words = m.group().split()
        for n, word in enumerate(words, 1):
            if len(word) == 2 and word.endswith(".") and n < len(words) and not _after_given_name(cur):
                out.append((cur + [word[0]], start))   # "Plan B. Reuters ...": the stop ends a sentence
                cur, start = [], True
                continue
            if word.count(".") == 1 and word.endswith(".") and not (len(word) == 2 and n < len(words)):
                word = word.rstrip(".")     # (a middle initial keeps its stop: "Patrick W. Carlineo")
            if not word.isascii():
                word = _HANGUL_TAIL.sub("", word)       # "MBC는": the name and a Korean particle
            if word.isupper() and len(word) > 5:
                if cur:
                    out.append((cur, start))
                cur, start = [], False       # a shouted word breaks the run
                continue
            cur.append(word)
        if cur:
            out.append((cur, start))
    return out


def _after_given_name(words: list[str]) -> bool:
    """A middle initial follows a given name ("Patrick W. Carlineo", "John F. Kennedy"); after
    another word the capital and its stop end a sentence ("Plan B. Reuters reported")."""
    return bool(words) and words[-1].casefold() in given_names()


def _english_word(names: Counter[str], title: str) -> bool:
    """Every spelling is a capitalised English common word ("Team"; not "PiS", "ARKit") and the
    headline has none of them."""
    return all(n[:1].isupper() and n[1:].islower() and n.isalpha() for n in names) \
        and all(n.lower() in english_common() for n in names) and not any(_in_title(n, title) for n in names)


def _in_title(name: str, title: str) -> bool:
    """The name as the headline writes it, capitalised ("Tsunoda"; not "nun" for "Nun")."""
    return next(_whole_word(name, title, "'’.-", "'’"), None) is not None


def _whole_word(name: str, text: str, not_before: str, not_after: str):
    r"""Where `name` occurs in `text` (left to right, not overlapping) with no word character nor
    one of `not_before` just before it and none of `not_after` just after: the matches of
    `(?<![\w<not_before>])<name>(?![\w<not_after>])`, found by `str.find` instead of a regex
    compiled per name (each name's pattern pushed the others out of re's cache: 5% of a
    conversion went to compiling them). `\w` is `str.isalnum()` or "_" (checked on every code point)."""
    if not name:                      # (an empty name matches between characters: the regex says where)
        yield from (m.start() for m in re.finditer(
            rf"(?<![\w{re.escape(not_before)}])(?![\w{re.escape(not_after)}])", text))
        return
    size, end = len(name), len(text)
    i = text.find(name)
    while i >= 0:
        j = i + size
        if (i == 0 or not ((c := text[i - 1]).isalnum() or c == "_" or c in not_before)) and \
                (j == end or not ((c := text[j]).isalnum() or c == "_" or c in not_after)):
            yield i
            i = text.find(name, j)
        else:
            i = text.find(name, i + 1)


_LAST_WORD = re.compile(r"([^\W\d_]+)\W*$")


def _without_teasers(body: list[str]) -> list[str]:
    """The body less a closing block of other stories' teasers, which an extractor may take for
    the article: three or more last paragraphs that all end in the same link word, with no full
    stop ("... Mehr lesen", "... mehr", "Read more"). Their names are not what this article is about."""
    def link_word(p: str) -> str:
        p = p.rstrip()
        m = _LAST_WORD.search(p) if p[-1:] not in ".!?\"”»)" else None
        return m.group(1).casefold() if m else ""
    if len(body) < 4:
        return body
    word = link_word(body[-1])
    if not word:
        return body
    i = len(body)
    while i > 1 and link_word(body[i - 1]) == word:
        i -= 1
    return body[:i] if len(body) - i >= 3 else body


# German capitalises every noun: a single capitalised word with a common-noun ending is not a name.
_GERMAN_NOUN = re.compile(r"(?:ung|heit|keit|schaft|tion|tät|ismus|ment|chen|lein|nis|tum|ei|er|en)$")


def extract_tags(title: str, summary: str, body: list[str], *, max_tags: int,
                 aliases: dict[str, str], stop: tuple[str, ...], language: str = "",
                 page: list[str] | tuple[str, ...] = (), authors: tuple[str, ...] = (),
                 model: TagModel | None | bool = True,
                 candidates: list[tuple[str, dict]] | None = None) -> list[str]:
    """`page`: all the seed's lines, where the site names itself (copyright line, domain);
    `authors`: the byline's names, which are who wrote the article, not what it is about.
    `model`: the tag scorer that keeps a candidate (True: the shipped one, None: keep every
    candidate, the ranking alone); `candidates`: a list to which every ranked candidate is
    appended with its features (the trainer's input)."""
    if max_tags <= 0:
        return []
    if model is True:
        model = default_model()
    # The headline topic counts every mention, quoted titles and citations too ("Drei Haselnüsse
    # für Aschenbrödel"), but not the teasers of other stories under the article.
    topic_text = "\n".join([summary, *_without_teasers(body)]).replace("\xad", "")
    title, summary, body = _cleaned(title, summary, body)
    text = "\n".join([summary, *body])
    alias = {k.casefold(): v for k, v in aliases.items()}
    nouns = german_nouns() if language == "de" else GermanNouns()
    whole = _headline_names(title, text, language)
    runs = _name_runs(summary, body, language, whole)
    prefix_words = _prefix_words(runs)
    scores, spelling = _tally(runs, text, alias, {slugify(s) for s in stop}, language, prefix_words, whole)
    _merge_names_of_one_topic(scores, spelling, text, language)
    _drop_common_words(scores, spelling, text, title, alias, language, nouns)
    headline = _headline_words(title)
    _boost_headline_names(scores, headline)
    ranked = _ranked(scores, page, authors, headline)
    page_text = "\n".join(page) if ranked and (model is not None or candidates is not None) else ""
    out = _candidates(ranked[:max_tags], scores, spelling, model, candidates, title=title, summary=summary,
                      body=body, text=text, language=language, page_text=page_text, nouns=nouns,
                      titles=prefix_words)
    if model is None or not out:
        names = [name for name, _, _ in out]
    else:
        # The scorer keeps what it trusts; a page where it trusts nothing shows no name.
        names = [name for name, p, bar in out if p >= bar]
    return _with_headline_topic(names, title, topic_text, language, alias, stop, max_tags)


def _with_headline_topic(names: list[str], title: str, text: str, language: str, alias: dict[str, str],
                         stop: tuple[str, ...], max_tags: int) -> list[str]:
    """The names, after the headline's own topic word when it has one (keyphrase.py): what the
    page is about, a thing more often than a name ("Vorsatzschalung", "Crocs", "néolibéralisme")."""
    stopped = {slugify(s) for s in stop}
    held = {n.casefold() for n in names}
    topics = [alias.get(t.casefold(), t) for t in headline_topics(title, text, language, names)
              if slugify(t) not in stopped]
    return ([t for t in topics if t.casefold() not in held] + names)[:max_tags]


def _cleaned(title: str, summary: str, body: list[str]) -> tuple[str, str, list[str]]:
    """The texts the tags are read from: no closing teasers, no soft hyphens, citations or
    affiliations (`_clean`)."""
    # A soft hyphen splits a word in two ("Stra\xadße" -> "Stra"): not part of any word here.
    body = _without_teasers(body)
    return title.replace("\xad", ""), _clean(summary), [_clean(p) for p in body]


def _name_runs(summary: str, body: list[str], language: str,
               whole: frozenset[tuple[str, ...]] = frozenset()) -> list[tuple[list[str], bool, float]]:
    """The runs of capitalised words (words, starts_a_sentence, weight: the standfirst counts
    twice), split where one run holds two names; a name the headline writes whole (`whole`,
    _headline_names) is cut out of its run as it is and not split further."""
    raw_runs: list[tuple[list[str], bool, float]] = []
    for part, weight in ((summary, 2.0), *((p, 1.0) for p in body)):
        for words, start in _runs(part):
            raw_runs.extend((seg, keeps, weight) for seg, keeps in _around_headline_names(words, start, whole))
    if language == "de":
        raw_runs = [(list(seg), start and keeps, weight) for words, start, weight in raw_runs
                    for seg, keeps in ((((tuple(words), True),) if tuple(words) in whole
                                        else _german_segments(tuple(words))))]
    raw_runs = _split_at_known_names(raw_runs)
    raw_runs = [seg for run in raw_runs for seg in _split_acronym_before_person(*run)]
    if language == "de":
        raw_runs = [seg for run in raw_runs for seg in _split_genitive_before_acronym(*run)]
    return raw_runs


def _prefix_words(raw_runs: list[tuple[list[str], bool, float]]) -> frozenset[str]:
    """Words that open several different runs: titles or adjectives ("President ...")."""
    followers: dict[str, set[str]] = defaultdict(set)
    for words, _, _ in raw_runs:
        for a, b in zip(words, words[1:]):
            followers[a].add(b)
    return frozenset(w for w, nxt in followers.items() if len(nxt) >= 2)


def _tally(raw_runs: list[tuple[list[str], bool, float]], text: str, alias: dict[str, str],
           stop_keys: set[str], language: str, prefix_words: frozenset[str],
           headline_names: frozenset[tuple[str, ...]] = frozenset()
           ) -> tuple[Counter[str], dict[str, Counter[str]]]:
    """Each run trimmed to the name it holds (a name of `headline_names` as it is; `prefix_words`,
    titles, cut from its start), counted by its slug (the score: the runs' weights) with its
    spellings; less the single words never trusted as names."""
    # Words seen capitalised in mid-sentence: a run opening a sentence keeps its first word only
    # when that word is also capitalised elsewhere ("Russia and ..." yes, "Added ARKit" no).
    cap_mid = {w for words, start, _ in raw_runs for w in (words[1:] if start else words)}
    trim = _trimmer(text, language)
    # A place name's common first word ("the New York Islanders", "North Carolina") is kept
    # mid-sentence; at a sentence start it may be the sentence's own capital.
    keep_first = language in _CAPITALISED_ADJECTIVES
    scores: Counter[str] = Counter()
    spelling: dict[str, Counter[str]] = defaultdict(Counter)
    mid_sentence: set[str] = set()
    whole: set[str] = set()
    for words, start, weight in raw_runs:
        if tuple(words) in headline_names:
            start, piece = False, False
        else:
            words, start, piece = _trimmed_run(words, start, prefix_words, cap_mid, trim, keep_first)
        if _no_name(words):
            continue
        joined = " ".join(words)
        # "U.S" is a run's spelling of "U.S." (the final dot ends the sentence): look up both.
        name = alias.get(joined.casefold()) or (alias.get(joined.casefold() + ".")
                                                if _INITIALS.fullmatch(joined) else None) or joined
        key = slugify(name)
        if not key or key in stop_keys or len(key) < 2 or name.casefold() in _CALENDAR or key.replace("-", "").isdigit():
            continue
        scores[key] += weight
        spelling[key][name] += 1
        if not piece:
            whole.add(key)
        if not start:
            mid_sentence.add(key)
    _drop_untrusted_single_words(scores, spelling, mid_sentence, whole)
    return scores, spelling


def _trimmer(text: str, language: str) -> Callable[[str], bool]:
    """Whether a word is never part of a name at either end of a run: a word the page also writes
    in lower case, a name particle, a closed-class word; calendar words ("Boston Celtics
    Wednesday", "Ende Oktober") and, in German, common nouns ("Premierminister Boris Johnson")."""
    lower_words = {w for w in set(_LETTERS.findall(text)) if w[0].islower()}    # (each word tested once)
    edge = _german_common_nouns(text) if language == "de" else set()

    def trim(word: str) -> bool:
        low = word.lower()
        return low in lower_words or low in _JOIN or word in edge or word in _CLOSED or low in _DE_EDGE and language == "de"
    return trim


def _trimmed_run(words: list[str], start: bool, prefix_words: set[str], cap_mid: set[str], trim: Callable[[str], bool],
                 keep_first: bool) -> tuple[list[str], bool, bool]:
    """A run less its title words, a sentence's own capital and the common words at its ends:
    (words, starts_a_sentence, piece: what was cut shows it is a piece of a longer name)."""
    cut = max((i + 1 for i, w in enumerate(words[:-2])
               if w in prefix_words or _title_hyphen(w)), default=0) if len(words) > 2 else 0
    if cut:
        words, start = words[cut:], False
    # ("Brad Pitt picked up ...": a given name before a name is no sentence's own capital)
    if start and len(words) > 1 and words[0] not in cap_mid and not (
            words[0].casefold() in given_names() and not trim(words[1])):
        words, start = words[1:], False
    orig = words
    while words and trim(words[0]) and not (keep_first and not start and len(words) >= 2
                                            and words[0] in _PLACE_FIRST and not trim(words[1])):
        words, start = words[1:], False
    # what was cut shows a piece of a longer name: a capitalised word after it ("Cerro Largo",
    # "Liam Williams", "Poder Judicial") or a particle before it ("[Nobel de] la Paz")
    piece = bool(words) and (orig[0] in _JOIN and words[0] is not orig[0])
    while words and trim(words[-1]):
        words, piece = words[:-1], True
    return words, start, piece


def _no_name(words: list[str]) -> bool:
    """Nothing left, too long, a time ("Ende Oktober", "Celtics Wednesday"), a closed-class or
    short word, a contraction ("I'm", "Don't"), a file name ("page.html") or an honorific ("Mr")."""
    if not words or len(words) > 5 or any(w.lower() in _CALENDAR for w in words) \
            or len(words) == 1 and (words[0].lower() in _CALENDAR_SHORT or words[0] in _CLOSED
                                    or len(words[0]) <= 2 and not words[0].isupper()):
        return True
    return any(("'" in w or "’" in w) and _CONTRACTION.search(w) or "." in w and _FILE.search(w) for w in words) \
        or (len(words) == 1 and _HONORIFIC.fullmatch(words[0]) is not None)


def _drop_untrusted_single_words(scores: Counter[str], spelling: dict[str, Counter[str]],
                                 mid_sentence: set[str], whole: set[str]) -> None:
    """A single word counts only when seen in mid-sentence, and whole (not cut from a longer run)."""
    for key in list(scores):
        if " " in " ".join(spelling[key]):
            continue                     # a name of several words
        if key not in mid_sentence:
            del scores[key]              # only ever sentence-initial: likely a common word ("Non-personal")
        elif key not in whole:
            del scores[key]              # only ever a piece of a longer name: "Cerro" of "Cerro Largo"


def _merge_names_of_one_topic(scores: Counter[str], spelling: dict[str, Counter[str]], text: str,
                              language: str) -> None:
    """One name's other forms count for it (in place): a German genitive, a title or place before
    a full name, a surname alone, an inflection, an abbreviation or short name beside the name."""
    if language == "de":
        for key in [k for k in scores if "-" in k and k.endswith("s") and k[:-1] in scores]:
            scores[key[:-1]] += scores.pop(key)     # genitive: "Zoran Zaevs" is Zoran Zaev
    _merge_before_full_names(scores)
    _merge_name_parts(scores, language)
    _merge_inflections(scores)
    # One topic under two names: an abbreviation beside the name it stands for ("STF" and
    # "Supremo Tribunal Federal (STF)", "AR" and "Augmented Reality") and a short name beside the
    # compound it ends ("Gladbach" and "Mönchengladbach"). The more prominent name stays.
    for a, b, b_whole in _same_topic(spelling, scores, text):
        if a in scores and b in scores:
            keep, drop = (b, a) if b_whole or (scores[b], -len(b)) > (scores[a], -len(a)) else (a, b)
            scores[keep] += scores.pop(drop)


def _merge_before_full_names(scores: Counter[str]) -> None:
    """A title or place glued before a full name the page also writes alone ("President Donald
    Trump" and "Donald Trump", "Southwest Miami-Dade" and "Miami-Dade") counts for the name;
    first, so that the surname alone then has one full name to count for ("Mr Shapps")."""
    for key in sorted((k for k in scores if k.count("-") >= 1), key=lambda k: -k.count("-")):
        parts = key.split("-")
        tail = next(("-".join(parts[i:]) for i in range(1, len(parts) - 1) if "-".join(parts[i:]) in scores), None)
        if tail is not None and key in scores:
            scores[tail] += scores.pop(key)


# A generational suffix after a surname: the surname alone still names the person.
_SUFFIXES = frozenset("jr sr ii iii iv".split())


def _merge_name_parts(scores: Counter[str], language: str) -> None:
    """A single word that starts or ends one longer name ("Putin" in "Vladimir Putin", "Taylor"
    in "Taylor Swift") counts for that name."""
    by_part: dict[str, set[str]] = defaultdict(set)
    for key in scores:
        if "-" in key:
            by_part[key.rsplit("-", 1)[1]].add(key)
            by_part[key.split("-", 1)[0]].add(key)
            parts = key.split("-")
            if len(parts) > 2 and parts[-1] in _SUFFIXES:
                by_part[parts[-2]].add(key)     # "Carlineo" of "Patrick W. Carlineo Jr."
    for key in [k for k in scores if "-" not in k]:
        longer = by_part.get(key) or (by_part.get(key[:-1], set()) if key.endswith("s") and language == "de"
                                      else set())        # German genitive: "Göhrings"
        if len(longer) == 1:
            scores[next(iter(longer))] += scores.pop(key)
        elif sum(k.rsplit("-", 1)[1] == key for k in longer) >= 2:
            del scores[key]          # the surname of two people the page names in full ("Anderson")


def _merge_inflections(scores: Counter[str]) -> None:
    """Inflected forms of one name ("Sejm", "Sejmie"; "Oscar", "Oscars"; of a name of several words,
    its last word: "Transporte de Carga", "Transporte de Cargas") count as one."""
    keys = sorted((k for k in scores if len(k.rsplit("-", 1)[-1]) >= 4), key=len)
    for i, short in enumerate(keys):
        for longer in keys[i + 1:]:
            if len(longer) - len(short) > 2:
                break                     # sorted by length: no later one is an inflection
            if longer in scores and short in scores and longer.startswith(short) \
                    and "-" not in longer[len(short):] and longer.count("-") == short.count("-") \
                    and not _all_demonyms(longer):   # "South Korean" is an adjective, not "South Korea"
                scores[short] += scores.pop(longer)


def _drop_common_words(scores: Counter[str], spelling: dict[str, Counter[str]], text: str, title: str,
                       alias: dict[str, str], language: str, nouns: GermanNouns) -> None:
    """Candidates that are adjectives, common words or (in German) common nouns, dropped in place."""
    if language in _CAPITALISED_ADJECTIVES:
        for key in _modifiers(text, {k: spelling[k] for k in scores if "-" not in k}, alias):
            del scores[key]
    if language in _ARTICLES:
        for key in [k for k in scores if _after_articles(text, spelling[k], _ARTICLES[language])]:
            del scores[key]
    for key in [k for k in scores if _all_demonyms(k) and not _aliased(spelling[k], alias)]:
        del scores[key]                   # the fallback list: "British", "South Korean"
    # An English common word the page only writes capitalised ("Application", "Team", "Interior" on
    # a German page) is no name unless the headline of an English page has it ("Python", "Docker").
    # A page in another language quotes it from a name or slogan ("Open Interest", "Rubrik
    # Thoughts", "Yoga Challenge"): judged on samples A-K, 7 such headline words were wrong, 1 right.
    english_title = title if language in _CAPITALISED_ADJECTIVES else ""
    for key in [k for k in scores if "-" not in k and _english_word(spelling[k], english_title)
                and not (language == "de" and any(n in nouns.proper for n in spelling[k]))]:
        del scores[key]                   # (a German name stays: "Main", the river)
    if language == "de":
        _drop_german_common_nouns(scores, spelling, title, nouns)
    for key in [k for k in scores if _unit(spelling[k], text)]:
        del scores[key]
    for key in _HOME.get(language, ()):
        if key in scores and not any(_in_title(n, title) for n in spelling[key]):
            del scores[key]               # the readers' own country: the setting ("in Deutschland")


# A number right before a mention: "70 PS", "5 GW", "1.5 T-GDI"; not a paragraph's number ("§ 5 BGB",
# "Abs. 2 BGB", "Nr. 49"), not an ordinal ("2. Bundesliga": the stop follows the number).
_NUMBER_BEFORE = re.compile(r"(?:^|[\s(])(?<![§.]\s)(?<!§)\d+(?:[.,]\d+)*\s?$")


def _unit(names: Counter[str], text: str) -> bool:
    """A unit or a model's code, not a topic: most of its mentions (two at least) follow a number.
    (Judged on samples A-N: "PS" twice, "GW", "T-GDI", all wrong, no right one.)"""
    after_number = mentions = 0
    for n in names:
        for i in _whole_word(n, text, "'’.-", "'’"):
            mentions += 1
            after_number += _NUMBER_BEFORE.search(text, max(0, i - 16), i) is not None
    return mentions >= 2 and 2 * after_number > mentions


# The country a language's pages are mostly written in and for: named in passing, as where the
# story happens, not what it is about, unless the headline names it. Judged on samples A-K, a
# German page's "Deutschland" was right 2 times in 16; other countries ("Schweiz" on Swiss pages
# 2 of 3, "USA" 2 of 3) are left to the scorer.
_HOME = {"de": ("deutschland",)}


def _drop_german_common_nouns(scores: Counter[str], spelling: dict[str, Counter[str]], title: str,
                              nouns: GermanNouns) -> None:
    title_key = slugify(title)
    for key in list(scores):
        names = spelling[key]
        if "-" not in key and (_GERMAN_NOUN.search(key) and not any(n.isupper() or n in nouns.proper for n in names)
                               or sum(names.values()) < 2 and not any(_in_title(n, title) for n in names)):
            del scores[key]           # (once in the text and once in the headline: twice)
        elif "-der-" in key and "-von-der-" not in key:
            del scores[key]           # "Beginn der Debatte": nouns and an article, not a name
        elif "-" not in key and key not in title_key and all(nouns.compound_head(n) for n in names):
            del scores[key]           # "Schimmelgefahr": a common noun unless the headline has it


def _headline_words(title: str) -> str:
    """The headline's slug words between spaces, as _in_headline looks keys up in them."""
    return " " + slugify(title).replace("-", " ") + " "


def _in_headline(key: str, headline: str) -> bool:
    return " " + key.replace("-", " ") + " " in headline


def _boost_headline_names(scores: Counter[str], headline: str) -> None:
    for key in scores:
        if _in_headline(key, headline):
            scores[key] += 3.0


def _ranked(scores: Counter[str], page: list[str] | tuple[str, ...], authors: tuple[str, ...],
            headline: str) -> list[str]:
    """The candidates seen twice (or in the headline), most prominent first, less the site's own
    name and the byline's people. A name the headline has is what the story is about, even when a
    copyright line names it too: that line is then a photo credit ("© Alfa Romeo F1 Team")."""
    outlets = _outlets(page)
    bylines = _author_keys(authors)
    return sorted((k for k in scores if scores[k] >= 2.0 and k not in bylines
                   and not (_is_outlet(k, outlets) and not _in_headline(k, headline))),
                  key=lambda k: (-scores[k], k))


def _candidates(keys: list[str], scores: Counter[str], spelling: dict[str, Counter[str]],
                model: TagModel | None, candidates: list[tuple[str, dict]] | None, *, title: str,
                summary: str, body: list[str], text: str, language: str, page_text: str,
                nouns: GermanNouns, titles: frozenset[str] = frozenset()) -> list[tuple[str, float, float]]:
    """Each ranked key's name (its commonest spelling), the scorer's probability and the bar it
    must reach (TagModel.bar; 1.0 and 0.0 without a scorer); each one's features appended to
    `candidates` when given. `titles`: the words the page puts before several names (_prefix_words)."""
    out: list[tuple[str, float, float]] = []
    for rank, k in enumerate(keys):
        name = spelling[k].most_common(1)[0][0]
        name = name + "." if _INITIALS.fullmatch(name) else name     # "U.S" -> "U.S."
        if candidates is None and model is None:
            out.append((name, 1.0, 0.0))
            continue
        feats = tag_features(name, spelling[k], rank=rank, score=scores[k], top=scores[keys[0]],
                             title=title, summary=summary, body=body, text=text, language=language,
                             page=page_text, nouns=nouns, titles=titles)
        if candidates is not None:
            candidates.append((name, feats))
        out.append((name, 1.0, 0.0) if model is None else (name, model.probability(feats), model.bar(feats)))
    return out


# Languages that capitalise adjectives of nationality ("Western sanctions", "Iranian President"):
# elsewhere (French, German, Spanish...) they are written lower-case and never look like names.
_CAPITALISED_ADJECTIVES = {"en", ""}
# Closed-class words that show the word before them is a noun or name, not a modifier:
# "Chisholm said", "Kate was", "Iraq and ...", "Oscar in 2009". (Other verbs are found on the page
# itself, after pronouns, or by their "-ed".)
_HEAD_NEXT = frozenset("""is was are were be been has had have will would can could may might must shall
should said says told added did does do and or but nor of in on at for from with to by as after before
over under into about against between during than which who whose where when while""".split())
# The endings of English adjectives of place and kind (Iranian, European, Chinese, British, Democratic,
# Iraqi, Western, Federal; "French" and "Swiss" are left to the list: "Munich", "Congress"): a name in modifier position ("Netflix drama") is still a name.
_ADJECTIVE_SHAPE = re.compile(r"(?:an|ese|ish|ic|i|ern|al)$")
_FOLLOWER = re.compile(r"(['’]s)?(?![\w'’-])\s*([^\W\d_][\w'’.-]*[\w]|\S?)")
_AFTER_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Ii]t|[Tt]hey|[Ww]e|I|[Yy]ou|[Ww]ho) ([a-z]+)")
_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*[\w]|[^\W\d_]|[^\w\s]")

# The fallback list: common demonyms and regional adjectives the modifier test cannot catch
# (a demonym that is also a noun: "the British", "a Swede said"). A site that wants one as a tag
# names it in tag_aliases (e.g. "British": "Britain"); stop_tags adds more.
DEMONYMS = tuple("""American Americans African Arab Arabic Asian Australian Austrian Belgian Brazilian British
Canadian Chinese Colombian Cuban Czech Danish Dutch Egyptian English European French German Greek
Indian Indonesian Iranian Iraqi Irish Israeli Italian Japanese Jewish Korean Kurdish Latin Mexican
Muslim Nigerian Norwegian Pakistani Palestinian Polish Portuguese Russian Saudi Scottish
Spanish Swedish Swiss Syrian Turkish Ukrainian Venezuelan Welsh Western Eastern Northern Southern
Afghan Somali Sudanese Vietnamese Filipino Thai Hispanic Latino Caribbean Scandinavian Nordic
Baltic Balkan Soviet Sunni Shia Shiite Catholic Protestant African-American Asian-American""".split())


@lru_cache(maxsize=1)
def _demonym_keys() -> frozenset[str]:
    return frozenset(slugify(d) for d in DEMONYMS)


_COMPASS = frozenset("north south east west central".split())


def _all_demonyms(key: str) -> bool:
    parts = key.split("-")
    return key in _demonym_keys() or (all(p in _demonym_keys() or p in _COMPASS for p in parts)
                                      and any(p in _demonym_keys() for p in parts))


# Spanish writes no article before the names of people, cities and most countries: a capitalised
# word the page writes after an article every time is a noun ("el Gobierno", "del Tribunal").
_ARTICLES = {"es": frozenset("el la los las del al un una unos unas".split())}


def _after_articles(text: str, names: Counter[str], articles: frozenset[str]) -> bool:
    """Every occurrence of the single-word name, in every spelling, follows an article."""
    seen = False
    for name in names:
        if " " in name or name.isupper():
            return False
        for start in _whole_word(name, text, "'’.-", "'’-"):
            before = text[max(0, start - 12):start].split()
            if not before or before[-1].lower() not in articles:
                return False
            seen = True
    return seen


def _aliased(names: Counter[str], alias: dict[str, str]) -> bool:
    return any(n.casefold() in alias or n.casefold() + "." in alias for n in names)


def _modifiers(text: str, singles: dict[str, Counter[str]], alias: dict[str, str]) -> list[str]:
    """Single adjective-shaped candidates that only ever stand directly before another word as its
    modifier ("Western sanctions", "Iranian President", "Democratic rivals"): never possessive, never
    before punctuation or the end of a sentence, never before a verb or preposition ("Duncan said",
    "Iran and", "Ryan made" where the page also has "she made"). Those are adjectives, not the names
    of what the article is about."""
    spell_to_key = {n: k for k, names in singles.items() if not _aliased(names, alias)
                    for n in names if _ADJECTIVE_SHAPE.search(n)}
    if not spell_to_key:
        return []
    head: set[str] = set()
    seen: set[str] = set()
    verbs: set[str] | None = None           # words the page uses after a pronoun: found when needed
    for bare, key in spell_to_key.items():
        pos = text.find(bare)
        while pos >= 0 and key not in head:
            m = None if pos and (text[pos - 1].isalnum() or text[pos - 1] in "'’.-_") else \
                _FOLLOWER.match(text, pos + len(bare))
            pos = text.find(bare, pos + 1)
            if m is None:
                continue                    # part of a longer word
            seen.add(key)
            possessive, nxt = m.groups()
            if (possessive or not nxt[:1].isalpha() or nxt.lower() in _HEAD_NEXT or nxt.isupper()
                    or nxt.endswith("ed")):
                head.add(key)
                continue
            if verbs is None:
                verbs = set(_AFTER_PRONOUN.findall(text))
            if nxt in verbs:
                head.add(key)
    return [k for k in seen if k not in head]


# German determiners that a name does not take ("ein Brief", "seinen Plan"); a definite article
# it may ("die Ukraine"), unless an adjective stands between ("das erforderliche Gesetz").
_DE_INDEFINITE = frozenset("""ein eine einen einem einer eines kein keine keinen keinem keiner keines
sein seine seinen seinem seiner ihr ihre ihren ihrem ihrer dieser diese dieses diesem diesen
jeder jede jedes jedem jeden""".split())
_DE_NEUTER = frozenset({"das"})
_DE_ACRONYM_COMPOUND = re.compile(r"^[A-ZÄÖÜ]{2,}-[A-ZÄÖÜ][a-zäöüß]")    # "EU-Vertrag", "SPD-Chef"
# A declined adjective between article and noun; not the prepositions and conjunctions alike.
_DE_DECLINED = re.compile(r"^[a-zäöüß]{2,}(?:e|en|er|es|em)$")
_DE_NOT_ADJECTIVE = frozenset("über unter hinter gegen wegen neben oder aber seinen ihren einen".split())
_DE_DEFINITE = frozenset("der die das den dem des vom zum zur im am beim".split()) | _DE_INDEFINITE


_DE_ADJECTIVE = re.compile(r"^[a-zäöüß]+(?:isch|lich|ig)(?:e|er|es|en|em)$")     # "britisches Recht"
_DE_STRONG_ENDINGS = ("ung", "heit", "keit", "schaft", "tion", "tät", "ismus", "nis")


def _german_common_nouns(text: str) -> set[str]:
    """German capitalises every noun. One is a common noun, not a name, when the page shows it:
    an indefinite article or an adjective before it ("einem Brief", "britisches Recht", "das
    erforderliche Gesetz"), a neuter article no place or person name takes ("das
    Brexit-Abkommen"), an article before it here and a name after it there ("der Premierminister",
    "Premierminister Boris Johnson": a title), or an unmistakable noun ending ("Einigung").
    Acronyms (EU) are names; "die"/"der" alone are not evidence ("die Ukraine", "der Ukraine")."""
    tokens = _TOKEN.findall(text)
    out: set[str] = set()
    with_article: set[str] = set()
    openers: set[str] = set()
    forms: set[str] = set()
    # Only the capitalised tokens, picked in C (a token is never empty): most are lower-case words
    # and punctuation, which the loop skipped one Python iteration at a time.
    for i in compress(range(len(tokens)), map(str.isupper, map(itemgetter(0), tokens))):
        tok = tokens[i]
        if tok.isupper():
            continue
        forms.add(tok)
        prev = tokens[i - 1] if i else ""
        low = prev.lower()
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if low in _DE_DEFINITE:
            with_article.add(tok)
        if nxt[:1].isupper() and not nxt.isupper():
            openers.add(tok)
        if (low in _DE_INDEFINITE or low in _DE_NEUTER or tok.endswith(_DE_STRONG_ENDINGS)
                or _DE_ACRONYM_COMPOUND.match(tok)
                or _DE_ADJECTIVE.search(prev)
                or (i >= 2 and _DE_DECLINED.match(prev) and low not in _DE_DEFINITE
                    and low not in _DE_NOT_ADJECTIVE and tokens[i - 2].lower() in _DE_DEFINITE)):
            out.add(tok)
    out |= with_article & openers
    # The other case forms of a common noun are common nouns ("EU-Austritt", "des EU-Austritts"):
    # the form less one or two letters (leaving four or more), or plus an ending, is one.
    return out | {t for t in forms if len(t) >= 5 and t[:-1] in out or len(t) >= 6 and t[:-2] in out
                  or t + "s" in out or t + "es" in out or t + "n" in out or t + "en" in out or t + "e" in out}


# The common words that open English place names: a closed set.
_PLACE_FIRST = frozenset("""New North South East West Northern Southern Eastern Western Upper Lower Great
Greater Saint St San Santa Los Las Fort Port Mount Lake Cape Grand Little Old""".split())
_CONTRACTION = re.compile(r"[^\W\d_]['’](?:m|ll|re|ve|d|t)$")
_HONORIFIC = re.compile(r"Mr|Mrs|Ms|Mx|Dr|Prof|Hr|Fr")   # a closed set: titles, not names
_HYPHEN_WORD = re.compile(r"-([^\W\d_])")


def _title_hyphen(word: str) -> bool:
    """A hyphen before a small letter: "President-elect", not "Anne-Marie" nor "Anne-Élise"."""
    return any(not m.group(1).isupper() for m in _HYPHEN_WORD.finditer(word))


_INITIALS = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")


# Closed classes that are capitalised but never a topic: German forms of address ("Sie", "Ihre"),
# English job-title acronyms ("CEO"), the legal forms of firms ("AG", "GmbH", "Ltd").
_CLOSED = frozenset("""Sie Ihr Ihre Ihren Ihrem Ihrer Ihnen Du Dich Dir Dein Deine Euch Euer Eure
CEO CFO COO CTO AG GmbH KG KGaA mbH SE Inc Ltd LLC plc Mr Mrs Ms Mx Dr Prof Herr Herrn Frau Mrd Mio Bd Nr Hrsg Vgl Abb Tel Ich Wir Er Es Man Uns""".split())
# Wire agencies: a closed set of outlets that credit stories on every site ("(Reuters) -", "(dpa)").
_AGENCIES = frozenset("reuters afp dpa ap apa kna epd sda efe ansa ddp sid".split())
# German determiners and possessives at the edge of a run ("Mein ZDF", "Unsere Redaktion").
_DE_EDGE = frozenset("mein meine meinen unser unsere unseren dein deine euer eure".split()) | _DE_DEFINITE


def _split_at_common_nouns(words: list[str], start: bool, weight: float, nouns: GermanNouns):
    """German runs split at common nouns: "Kenias Vizepräsident William Ruto" -> "Kenias",
    "William Ruto"; "Fans von Esmeralda" -> "Esmeralda"; "Verlegern von Zeitschriften" -> nothing.
    An adjective cut off before its noun goes too ("Künstliche Intelligenz"). A word that is also
    a name ("Mann", "Zeit", "Eva", "Weber") is a name only beside another capitalised word
    ("Thomas Mann", "Eva Cyba", "Herr Weber"), never alone ("genug Zeit", "ein Mann")."""
    seg: list[str] = []

    def lone(seg: list[str]) -> bool:         # "Mann", "Der Mann": a both-word with no name beside it
        core = [w for w in seg if w.lower() not in _DE_EDGE]
        return len(core) == 1 and core[0] in nouns.both

    def done(seg: list[str]) -> bool:
        if lone(seg) or len(seg) == 1 and _DE_ADJ.search(seg[0]) and seg[0] not in nouns.proper:
            return False
        return bool(seg)

    for i, word in enumerate(words):
        # a surname that is a noun too follows a given name: "Wolfgang Scherf"; a given name that
        # is a noun too comes before a surname that is none: "Rene Benko", "Mark Staskiewicz"
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if word not in _CLOSED and nouns.is_common(word) and not (seg and _given(seg[-1], nouns)) \
                and not (_given(word, nouns) and nxt[:1].isupper() and not nxt.isupper()
                         and not nouns.is_common(nxt) and not _given(nxt, nouns)):   # ("Pastor Albrecht")
            if done(seg):
                yield seg, start, weight
            seg, start = [], False
        else:
            seg.append(word)
    if not lone(seg):
        yield seg, start, weight


def _same_topic(spelling: dict[str, Counter[str]], scores: Counter[str], text: str) -> list[tuple[str, str, bool]]:
    """Pairs of candidate keys that name one topic: an abbreviation and the name of several words
    whose initials spell it, named close by ("KO" a paragraph after "Koalicji Obywatelskiej";
    particles aside: "Hall of Fame", "HF"), or that the page spells out beside it in parentheses
    ("Bürgerliches Gesetzbuch (BGB)"); a single word and the closed compound it ends, written as
    one word ("Gladbach": "Mönchengladbach"; not a camel-case join: "SOSNicaragua"), when the page
    names the compound about as often as the word; a name and its numbered one ("Covid":
    "Covid-19"). Each pair: (short, long, whether the long one is the whole the short one ends)."""
    def name(k: str) -> str:
        return spelling[k].most_common(1)[0][0]

    pairs: list[tuple[str, str, bool]] = []
    acronyms = [(k, n) for k in scores if "-" not in k and 2 <= len(k) <= 6
                and " " not in (n := name(k)) and n[0].isupper() and sum(c.isupper() for c in n) >= 2 and n.isalpha()]
    if acronyms:
        longs = [(k, "".join(w[0] for w in k.split("-") if w not in _JOIN)) for k in scores if "-" in k]
        for a, short in acronyms:
            for k, initials in longs:
                n = name(k)
                if initials == a and _near(short, n, text) or _abbreviates(a, k.replace("-", " ")) \
                        and (f"{n} ({short})" in text or f"{short} ({n})" in text):
                    pairs.append((a, k, False))
    for k in scores:                         # "Covid" beside "Covid-19", "Paris" beside "Paris-8"
        if k[-1].isdigit() and "-" in k and (short := k.rsplit("-", 1)[0]) in scores \
                and k.rsplit("-", 1)[1].isdigit():
            pairs.append((short, k, True))
    singles = {k for k in scores if len(k) >= 5 and "-" not in k and name(k)[1:].islower()}
    for k2 in scores:
        if len(k2) < 10 or k2 not in singles:
            continue
        n2 = name(k2)
        for i in range(5, len(k2) - 4):      # the compound's end, 5 letters or more, after 5 or more
            k = k2[i:]
            if k in singles and len(n2) == len(k2) and n2[i].islower() and 2 * scores[k2] >= scores[k]:
                pairs.append((k, k2, True))   # (not "Mitteleuropa" once beside "Europa" eight times)
    return pairs


def _near(short: str, name: str, text: str) -> bool:
    """The page names the abbreviation soon after the name ("Augmented Reality (auch AR", "szef KO"
    a paragraph after "Koalicji Obywatelskiej") or right before it: not two names that happen to
    share initials ("OP", an operation, before the essay title "... Other Pain")."""
    at = list(_whole_word(name, text, "'’.-", "'’"))
    return any(-40 <= j - i <= 400 for j in _whole_word(short, text, "'’.-", "'’") for i in at)


def _abbreviates(acr: str, name: str) -> bool:
    """Schwartz and Hearst's test: the abbreviation's letters, last to first, found in order in the
    name, the first one opening a word of it ("bgb" in "bürgerliches gesetzbuch")."""
    i = len(name) - 1
    for j in range(len(acr) - 1, -1, -1):
        c = acr[j]
        while i >= 0 and (name[i] != c or j == 0 and i > 0 and name[i - 1].isalnum()):
            i -= 1
        if i < 0:
            return False
        i -= 1
    return True


@lru_cache(maxsize=16384)
def _german_segments(words: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], bool], ...]:
    """A German run's names: split at common nouns, the first word in the nominative, a compound
    job title before a name cut ("Forschungsdirektor Joachim Mnich"). Each segment with whether it
    keeps the run's sentence start (only the first, when nothing was cut before it). Cached by the
    run's words, across a run's pages: a page names the same people again, a site's menus recur
    (the steps took 5% of a German page's conversion, one Python call per word)."""
    nouns = german_nouns()
    out = []
    for seg, keeps, _ in _split_at_common_nouns(list(words), True, 1.0, nouns):
        if seg:
            seg = _nominative(seg, nouns)
            if len(seg) >= 2 and nouns.compound_head(seg[0]):
                seg, keeps = seg[1:], False
            out.append((tuple(seg), keeps))
    return tuple(out)


def _headline_names(title: str, text: str, language: str) -> frozenset[tuple[str, ...]]:
    """The headline's names of two or more capitalised words, as written ("Alfa Romeo", "White
    Passing"): the headline's writer chose the whole, so the body's runs are not cut inside it
    (at a German common noun: "Alfa"; at a first word the page uses as a title: "White").
    Capitals alone do not make a name (German capitalises every noun, English headlines every
    word): no word may be a particle ("Heizen der Zukunft"), a word the page also writes in lower
    case ("Mit Hilfe", "Tote Tauben") or, in German, a common noun throughout ("Liebe Menschen")."""
    nouns = german_nouns() if language == "de" else GermanNouns()
    out = set()
    for words, _ in _runs(title):
        if len(words) >= 2 and not any(w.lower() in _JOIN or _lower_on_page(w, text) for w in words) \
                and not (language == "de" and all(nouns.is_common(w) or w in nouns.both for w in words)):
            out.add(tuple(words))
    return frozenset(out)


def _lower_on_page(word: str, text: str) -> bool:
    low = word.lower()
    return low != word and _whole_word_in(low, text)


def _whole_word_in(word: str, text: str) -> bool:
    r"""Whether `word` occurs in `text` between non-word characters: re's `(?<!\w)word(?!\w)`, whose
    \w is str.isalnum or "_" on any code point, without compiling a pattern for each word (a
    distinct pattern each: 495 compiles, 0.1 s of re's compiler profiled over the dev corpus)."""
    i, n, end = text.find(word), len(word), len(text)
    while i >= 0:
        j = i + n
        if (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")) and (
                j == end or not (text[j].isalnum() or text[j] == "_")):
            return True
        i = text.find(word, i + 1)
    return False


def _around_headline_names(words: list[str], start: bool, whole: frozenset[tuple[str, ...]]
                           ) -> list[tuple[list[str], bool]]:
    """A run cut before and after the longest headline name inside it (the first such). (Each
    word is compared with the few names' first words: no slices of runs without one.)"""
    best: tuple[int, int] | None = None
    if len(words) >= 2:
        for i, word in enumerate(words):
            for name in whole:
                n = len(name)
                if name[0] == word and (best is None or n > best[1]) and tuple(words[i:i + n]) == name:
                    best = (i, n)
    if best is None:
        return [(words, start)]
    i, n = best
    parts = ((words[:i], start), (words[i:i + n], start and i == 0), (words[i + n:], False))
    return [(list(w), st) for w, st in parts if w]


def _author_keys(authors: tuple[str, ...]) -> frozenset[str]:
    """The byline's names as tag keys, whole and by their first and last word ("Tim Anderson":
    "tim-anderson", "tim", "anderson")."""
    keys: set[str] = set()
    for name in authors:
        key = slugify(name)
        if "-" in key:
            keys.update((key, key.split("-", 1)[0], key.rsplit("-", 1)[1]))
    return frozenset(keys)


def _split_genitive_before_acronym(words: list[str], start: bool, weight: float):
    """German names a party or firm with its owner in the genitive before it ("Zaevs SDSM",
    "Merkels CDU"): two names, not one."""
    cut = next((i for i in range(1, len(words)) if words[i].isupper() and len(words[i]) >= 2
                and words[i - 1].endswith("s") and words[i - 1][1:-1].islower()), None)
    if cut is None:
        return [(words, start, weight)]
    return [(words[:cut], start, weight), (words[cut:], False, weight)]


def _split_acronym_before_person(words: list[str], start: bool, weight: float):
    """An organisation's abbreviation before a person's given name and surname is the person's
    affiliation ("den NIF John Moody", "SPD Olaf Scholz"): two names, not one."""
    if len(words) < 3:
        return [(words, start, weight)]
    cut = next((i for i in range(1, len(words) - 1) if words[i - 1].isupper() and len(words[i - 1]) >= 2
                and words[i][:1].isupper() and words[i][1:].islower() and words[i].casefold() in given_names()
                and words[i + 1][:1].isupper()), None)
    if cut is None:
        return [(words, start, weight)]
    return [(words[:cut], start, weight), (words[cut:], False, weight)]


def _nominative(words: list[str], nouns: GermanNouns) -> list[str]:
    """A known name in the genitive is the name: "Nordmazedoniens" -> "Nordmazedonien", "Allahs"
    -> "Allah" (the list holds every case form of a name, so the genitive is in it too); only the
    first word ("Gabriel Ambross" is no genitive of "Ambros")."""
    first = words[0] if words else ""
    if (first.endswith("s") and first[:-1] in nouns.proper
            and (first not in nouns.proper or len(first) >= 5 and not _given(first, nouns))
            and not _given(first[:-1], nouns)):     # "Williams" is a surname, not William's; "Andreas"
        return [first[:-1], *words[1:]]
    return words


def _given(word: str, nouns: GermanNouns) -> bool:
    """A given name, Wiktionary's German ones or any locale's ("Luisa Neubauer", "Wolfgang Scherf"):
    the common noun after it is a surname."""
    return word in nouns.given or word[:1].isupper() and word.casefold() in given_names()   # not "von"


_DE_ADJ = re.compile(r"[a-zäöüß](?:e|en|er|es|em)$")


_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b", re.I)
_DOMAIN = re.compile(r"(?<![\w@.-])(?:www\.)?([A-Za-z0-9][A-Za-z0-9-]{1,62})\.(?:[a-z]{2,6})(?:\.[a-z]{2})?(?![\w.-])")


def _may_be_copyright(line: str) -> bool:
    """What every line _COPYRIGHT finds has: "©", "(" or "copyr" (re.I matches only the ASCII
    cases of c, o, p, y and r, which lower() maps back). Three substring tests in C instead of a
    case-blind search from every position of each of the page's lines (1.8 ms of CPU a page)."""
    return "©" in line or "(" in line or "copyr" in line.lower()


def _outlets(page: list[str] | tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """The site's own names, as its copyright line gives them ("© 2019 Fox News Network",
    "© HoustonChronicle.com"): names and domains, lower-cased, no spaces."""
    out: set[str] = set()
    domains: set[str] = set()
    for line in page:
        if len(line) > 200 or not _may_be_copyright(line) or not _COPYRIGHT.search(line):
            continue                  # (a domain elsewhere may be what the article is about)
        for words, _ in _runs(line):
            out.add("".join(words).lower())
            out.update(w.lower() for w in words if len(w) >= 3)
        domains.update(m.group(1).lower().replace("-", "") for m in _DOMAIN.finditer(line))
    return frozenset(out | domains), frozenset(domains)


def _is_outlet(key: str, outlets: tuple[frozenset[str], frozenset[str]]) -> bool:
    """The name, or the start of a domain's name ("Fox" of foxnews.com)."""
    names, domains = outlets
    compact = key.replace("-", "")
    return len(compact) >= 3 and compact in names or compact in _AGENCIES or len(compact) >= 3 and any(d.startswith(compact) for d in domains)


def _split_at_known_names(runs: list[tuple[list[str], bool, float]]) -> list[tuple[list[str], bool, float]]:
    """A full name the page writes on its own, or a name before an acronym, joined by a particle
    ("Jacqueline Rioba von World Vision", "Gunnar Maaß von der AGFW", "Skopje von DUI", and after
    "of" a single name too: "convicted Hartley of Zoe's manslaughter"): two names, not one."""
    alone = {" ".join(w) for w, _, _ in runs if not any(x in _JOIN for x in w)}
    out = []
    for words, start, weight in runs:
        cut = None if _JOIN.isdisjoint(words) else next((i for i, w in enumerate(words) if w in _JOIN and (
            (i >= 2 or w == "of") and (" ".join(words[:i]) in alone or words[-1].isupper() and words[i - 1][1:].islower())
            or i == 1 and i + 2 == len(words) and words[-1].isupper() and len(words[-1]) >= 2)), None)
        if cut is None:
            out.append((words, start, weight))
        else:
            rest = words[cut + 1:]
            while rest and rest[0] in _JOIN:
                rest = rest[1:]
            out += [(words[:cut], start, weight), (rest, False, weight)]
    return out


# -- The tag scorer's evidence ---------------------------------------------------------------------
# Each ranked candidate gets a few numbers the rules above do not weigh together: where on the
# page it is named (first and last mention; a closing zone of other stories' teasers), whether it
# is only ever named inside a longer run of capitals ("XP" of "Windows XP", "Oberland" of
# "Energiewende Oberland"), how often the page names it outside the article (a site's own name in
# its menus, other stories' headlines), its shape (words, capitals, digits) and the word lists.
# train_tags.py learns from the tags judged by hand (benchmarks/tags_judged.md) how far to trust each.

_PREV_WORD = re.compile(r"([^\W_][\w&'’.-]*)[ \t]+$")
_NEXT_WORD = re.compile(r"^[ \t]+([^\W_][\w&'’-]*)")


# Capitalised words that do not make the next one part of a longer name: articles and determiners.
_GLUE_FREE = _DE_EDGE | frozenset("the a an el la los las le les il lo un una".split())


def _german_noun(word: str, language: str, nouns: GermanNouns) -> bool:
    return language == "de" and not word.isupper() and (nouns.is_common(word) or nouns.compound_head(word))


def _bucket(n: float, edges: tuple[float, ...]) -> str:
    return str(sum(n >= e for e in edges))


def tag_features(name: str, names: Counter[str], *, rank: int, score: float, top: float, title: str,
                 summary: str, body: list[str], text: str, language: str,
                 page: str | list[str] | tuple[str, ...], nouns: GermanNouns,
                 titles: frozenset[str] = frozenset()) -> dict[str, float | str]:
    """The evidence for one candidate tag (a crfsuite item: numbers and one-hot strings). `page`:
    the seed's lines, or them joined by newlines (once a page, not once a candidate). A title
    before a name of several words (`titles`, _is_title) does not make it part of a longer name."""
    spellings = sorted(names, key=len, reverse=True) or [name]
    # (A surname alone is not a mention here, part_refs weighs it: counted as mentions, it raised
    # quoted people, "says Helou", on held-out English pages; session 33.)
    pos, glued = _mentions(spellings, text, language, nouns, titles if " " in name else None)
    lang = language if language in ("de", "en", "es", "fr") else "other"
    in_title = any(_in_title(n, title) for n in spellings)
    # (The attributes in the order the scorer was trained with.)
    f: dict[str, float | str] = {"bias": 1.0, "lang": lang}
    f.update(_where_named(spellings, pos, glued, in_title, rank=rank, score=score, top=top, summary=summary,
                          body=body, text=text, page=page))
    f.update(_name_shape(name, len(names), len(pos), in_title, title=title, text=text, language=language,
                         nouns=nouns))
    f["lang_" + lang + "_glued"] = f["glued"]
    f["lang_" + lang + "_single"] = float(len(name.split()) == 1)
    f["lang_" + lang + "_person"] = f["first_given"]
    f["title_count"] = f"{int(in_title)}{f['count']}"
    return f


def _where_named(spellings: list[str], pos: list[int], glued: int, in_title: bool, *, rank: int, score: float,
                 top: float, summary: str, body: list[str], text: str,
                 page: str | list[str] | tuple[str, ...]) -> dict[str, float | str]:
    """Where and how often the page names the candidate: its rank and score, the headline, the
    standfirst, the first paragraph, its first and last mention, inside longer names, outside
    the article."""
    size = max(len(text), 1)
    count = len(pos)
    first_para = body[0] if body else ""
    page_text = page if isinstance(page, str) else "\n".join(page)
    outside = max(0, sum(page_text.count(n) for n in spellings[:1]) - count - (1 if in_title else 0))
    last = pos[-1] / size if pos else 0.0
    first = pos[0] / size if pos else 0.0
    paras = sum(any(n in p for n in spellings) for p in body)
    return {
        "rank": _bucket(rank, (1, 2, 4, 6, 8)),
        "rel": _bucket(score / top if top else 0.0, (0.25, 0.5, 0.99)),
        "score": _bucket(score, (3, 4, 6, 10)),
        "count": _bucket(count, (2, 3, 5, 9)),
        "paras": _bucket(paras, (2, 3, 5)),
        "title": float(in_title),
        "summary": float(any(n in summary for n in spellings)),
        "first_para": float(any(n in first_para for n in spellings)),
        "first": _bucket(first, (0.1, 0.3, 0.6)),
        "last": _bucket(last, (0.3, 0.6, 0.85, 0.95)),
        "glued": _bucket(glued / count if count else 0.0, (0.01, 0.5, 0.99)),
        "outside": _bucket(outside, (1, 3, 8)),
    }


def _name_shape(name: str, spellings: int, count: int, in_title: bool, *, title: str, text: str, language: str,
                nouns: GermanNouns) -> dict[str, float | str]:
    """The candidate's shape: its words, capitals, digits, a person's name, named again by a part,
    and the word lists that know it."""
    words = name.split()
    single = len(words) == 1
    low = name.lower()
    part_refs = 0 if single else _part_refs(words, text, count)
    title_part = any(len(w) >= 3 and _in_title(w, title) for w in words)
    return {
        "words": _bucket(len(words), (2, 3)),
        "caps": float(name.isupper() and len(name) >= 2),
        "digit": float(any(c.isdigit() for c in name)),
        "hyphen": float("-" in name),
        "lower_inside": float(any(w[:1].islower() for w in words)),
        "given": float(single and low in given_names()),
        "first_given": float(not single and _person_shaped(words)),
        "part_refs": _bucket(part_refs, (1, 2, 4)),
        "title_part": float(title_part and not in_title),
        "english": float(single and low in english_common()),
        "de_common": float(language == "de" and nouns.is_common(words[-1])),
        "de_proper": float(language == "de" and any(w in nouns.proper for w in words)),
        "genitive_s": float(language == "de" and single and name.endswith("s") and not name.isupper()),
        "short": float(single and len(name) <= 3),
        "spellings": _bucket(spellings, (2,)),
    }


def _mentions(spellings: list[str], text: str, language: str, nouns: GermanNouns,
              titles: frozenset[str] | None = None) -> tuple[list[int], int]:
    """Where the text names the candidate (each place once, by its longest spelling first: "Joe
    Kaeser", then "Kaeser"), and how many of those mentions sit inside a longer run of capitals.
    `titles`: the page's title words, no glue before a name of several words (_is_title)."""
    spans: list[tuple[int, int]] = []
    glued = 0
    for n in spellings:
        for i in _whole_word(n, text, "'’.-", "'’"):
            if any(a <= i < b for a, b in spans):
                continue
            spans.append((i, i + len(n)))
            glued += _glued(text, i, i + len(n), language, nouns, titles)
    return sorted(a for a, _ in spans), glued


def _glued(text: str, start: int, end: int, language: str, nouns: GermanNouns,
           titles: frozenset[str] | None = None) -> bool:
    """A capitalised word (or a number) right beside the mention makes it part of a longer name;
    not an article, a sentence's first word, or in German a common noun (a title or a verb's
    object: "AfD-Gründer Bernd Lucke"); with `titles`, not a title before it either ("Iranian
    President Masoud Pezeshkian", "Prime Minister Boris Johnson": _is_title)."""
    prev = _PREV_WORD.search(text, max(0, start - 40), start)
    nxt = _NEXT_WORD.match(text[end:end + 40])
    before = prev.group(1) if prev else ""
    after = nxt.group(1) if nxt else ""
    sentence_start = start == 0 or text[max(0, start - 3):start].rstrip(" \t\"“„«(")[-1:] in ("", ".", "!", "?", ":", "\n")
    return bool((before[:1].isupper() and not before.endswith(".") and not sentence_start
                 and before.lower() not in _GLUE_FREE and not _german_noun(before, language, nouns)
                 and not (titles is not None and _is_title(before, text, language, titles)))
                or (after[:1].isupper() and not _german_noun(after, language, nouns)) or after[:1].isdigit())


def _is_title(word: str, text: str, language: str, titles: frozenset[str]) -> bool:
    """A word before a name that the page shows to be a title, not the name's first word: one it
    puts before several names ("President", `titles`; adjectives too: "Iranian"), a hyphenated
    title ("President-elect"), an honorific, or a common word (written in lower case on the page
    too, or, on an English page, in the English word list: "Minister", "Chancellor"). Not a place
    name's first word ("New York")."""
    if word in _PLACE_FIRST:
        return False
    return (word in titles or _title_hyphen(word) or _HONORIFIC.fullmatch(word) is not None
            or language in _CAPITALISED_ADJECTIVES and word.lower() in english_common()
            or _lower_on_page(word, text))


def _part_refs(words: list[str], text: str, count: int) -> int:
    """A person or firm the article is about is named again by one word of the name ("Jansen",
    "Kaeser", "Nordex"); a passing mention is named once, in full."""
    refs = 0
    for part in {words[0], words[-1]}:
        if len(part) >= 3 and not part.islower() and part.lower() not in _GLUE_FREE:
            refs += max(0, sum(1 for _ in _whole_word(part, text, "'’.-", "'’")) - count)
    return refs


def _person_shaped(words: list[str]) -> bool:
    """A known given name, then a capitalised surname ("Helen Fares"), at most three words."""
    return (len(words) <= 3 and words[0][:1].isupper() and words[0][1:].islower()
            and words[0].casefold() in given_names() and words[0].lower() not in english_common()
            and words[-1][:1].isupper() and not words[-1].isupper())
