"""Bylines: 'By Jane Doe', 'Jane Doe and John Smith', 'JANE DOE', 'Jane Doe, Reuters',
a name alone on a line. Returns display names (ALL-CAPS names title-cased)."""
from __future__ import annotations

import re
from functools import lru_cache

from .dates import _MONTH_RE, PUBLISHED, UPDATED

_MARKERS = (r"by|written by|words by|story by|por|par|von|durch|di|door|av|af|przez|autor(?:a|in)?:?|"
            r"بقلم|كتب|מאת|auteur(?:e)?:?|autore:?|author:?|texto:?|text:?|reporting by")
BY_PREFIX = re.compile(r"^(?:" + _MARKERS + r")\s*:?\s+(?P<rest>.+)$", re.I)
# A by-marker or an author label ending a line, the name on the next: "10.12.2022 18:27 von",
# "Geschrieben von:", "AUTOR*IN", "Written by".
MARKER_END = re.compile(r"(?:^|\s)(?:by|von|por|par|door|autor(?:[*:_/]?in(?:nen)?|en|es|as?)?|authors?|auteur(?:e|s)?|autor[ei])\s*:?$", re.I)
_MARKER_END_LAST = "ynrsaei"      # the last letters of its markers


def ends_in_marker(text: str) -> bool:
    """MARKER_END.search(text), told first from the line's last letter (before one closing colon
    and spaces) where that is ASCII: the search tries its markers at every space of the line."""
    core = text.rstrip()
    if core.endswith(":"):
        core = core[:-1].rstrip()
    last = core[-1:]
    if last.isascii() and last.lower() not in _MARKER_END_LAST or not last:
        return False
    return bool(MARKER_END.search(text))
# Credits that name someone other than the article's author: "Design von ...", "Powered by ...",
# "übersetzt von ..." (a closed class of site and translation credits).
SITE_CREDIT = re.compile(r"^(?:design|designed|theme|template|powered|hosted|icons?|logo|"
                         r"translated|translation|übersetzt|übersetzung|traduit|traduction|traducido|"
                         r"traducción)\b", re.I)
# A reader's comment: "Kommentar von NAME — 2019-01-01 @ 00:39 | Antworten" (a closed class).
COMMENT = re.compile(r"^(?:kommentar|antwort|comment|reply|réponse|commentaire|respuesta|comentario)\w*\b", re.I)
# A photo credit by its form: a copyright sign or an agency before a slash ("© NAME", "dpa/NAME",
# "IMAGO / NAME", "alle Bilder von NAME"); the photographer is not the author.
# And a picture agency's name anywhere on the line ('John Smith/Getty Images', 'AP Photo/John
# Smith', 'Foto: imago images / NAME'; a closed class of picture libraries, no news agency: 'Jane
# Doe, Reuters' is a byline).
PHOTO_CREDIT = re.compile(r"[©ⓒ]|^[^\W\d_]{2,12}\s?/\s?(?=[^\W\d_])"
                          r"|\b(?:photo|foto|bild|image|picture)\w*\s+(?:by|von|de|par|por)\s"
                          r"|\b(?:getty\s?images|ap\s+photo|imago(?:\s+images)?|picture[- ]alliance|shutterstock|"
                          r"istock(?:photo)?|alamy|unsplash|pexels|pixabay|adobe\s?stock|fotolia|dreamstime)\b", re.I)
# Where readers' comments start, each with its name and date: a reply button or a comments heading
# ("Antworten", "19.10.2019, 08:19 Zum Antworten anmelden Zitieren", "6 Kommentare zu ...",
# "Leave a Reply"; a closed class).
COMMENTS = re.compile(r"^(?:responder|répondre|rispondi|odpowiedz)\b|\b(?:antworten|reply|zitieren)\b"
                      r"|^\d+\s+(?:kommentare?|comments?|responses?|antworten|comentarios?|commentaires?)\b"
                      r"|^(?:kommentare|comments|leave a (?:reply|comment)|schreibe einen kommentar)\b", re.I)
# A job title on the line under a name ("Christoph Hein" / "Chefredakteur", "Mitglied der
# Tonight News-Redaktion"): a closed class of newsroom roles.
ROLE_LINE = re.compile(r"(?:chef|medizin|fach|online|sport)?(?:redakteur(?:in)?|redaktion|autor(?:\*?in)?|journalist(?:in)?|"
                       r"korrespondent(?:in)?|kolumnist(?:\*?in)?|editor|reporter|writer|correspondent|columnist)\b", re.I)
_ROLE_WORDS = ("redakt", "autor", "journalist", "korrespondent", "kolumnist", "editor", "reporter", "writer",
               "correspondent", "columnist")


def names_a_role(text: str) -> bool:
    """ROLE_LINE.search(text); an ASCII line without one of its words in lower case is told
    without the search (re.I matches a few other code points to ASCII letters: the long s, the
    dotless i, the Kelvin sign; so a line with any other character is searched)."""
    if text.isascii():
        low = text.lower()
        if not any(word in low for word in _ROLE_WORDS):
            return False
    return bool(ROLE_LINE.search(text))
# Interface verbs (a closed class): "LINK KOPIEREN", "Artikel teilen" are buttons, not names.
INTERFACE = frozenset("kopieren teilen drucken merken speichern abonnieren kommentieren antworten folgen "
                      "copy share print save subscribe reply follow copiar compartir imprimir "
                      "copier partager imprimer".split())
# Words of a site's chrome, not of a person's name (a closed class; for the author only: names_in,
# read by the labeller's features, keeps them): "Ver Más", "Forum Moderator", "Gesponserte
# Inhalte", "CAS Article PubMed", "MoinMoin Powered" (a site credit, its "by" cut by the copy).
CHROME = frozenset("ver más mehr moderator administrator admin gesponserte gesponsert inhalte inhalt powered "
                   "article artikel anzeige werbung".split())
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\[email[^\]]*\]|@\w+")
# (The lookahead only lets a word followed by a number try the 300 month names: 5x faster.)
_DATEISH = re.compile(r"\s*(?:\b(?:published|posted|updated)\b.*|\b(?=[^\W\d_]+\.?\s+\d)(?:" + _MONTH_RE
                      + r")\.?\s+\d.*|\d.*)$", re.I)
# What _DATEISH cannot match without (a digit or one of its words): most lines skip it, 2.4x faster.
_DATEISH_HINT = re.compile(r"\d|published|posted|updated", re.I)
_TRAILING_LINK = re.compile(r"\s+(?:on|at|am|le|el|em|il|den|dnia|,)\s*$", re.I)
# The last characters of its words (no other code point matches one of them under re.I), for a
# test before the search: "" (an empty line) is `in` any string, and the search then finds nothing.
_TRAILING_LINK_ENDS = "ntmela,"
_SPLIT = re.compile(r"\s+[-–—]\s+|\s*(?:,|;|/|\||&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bi\b|\boraz\b|\ben\b|·|•)\s*")
_PARTICLES = {"de", "da", "do", "dos", "das", "del", "della", "di", "du", "van", "von", "der", "den",
              "la", "le", "bin", "al", "ibn", "y", "ten", "ter", "mc", "st."}
# Words that make a "name" an organisation or a role, not a person.
_NOT_PERSON = {"news", "staff", "reports", "report", "service", "services", "press", "agency", "media",
               "team", "desk", "editor", "editors", "reporter", "correspondent", "contributor",
               "writer", "newsroom", "online", "network", "group", "wire", "times", "post", "daily",
               "journal", "herald", "tribune", "club", "league", "university", "police", "county",
               "city", "state", "government", "ministry", "follow", "share", "more", "most",
               "popular", "related", "latest", "trending", "read", "top", "home", "sign", "login",
               "subscribe", "video", "videos", "photo", "photos", "live", "now", "the", "opinion",
               "sport", "sports", "world", "politics", "business", "culture", "science", "tech",
               "health", "local", "national", "international", "comments", "comment", "newsletter",
               "advertisement", "sponsored", "stories", "articles", "contact", "us", "about",
               "for", "of", "in", "on", "at", "to", "with", "from", "is", "are", "was", "a", "an",
               "must", "watch", "watched", "just", "breaking", "exclusive", "update", "updates",
               "replay", "play", "listen", "audio", "gallery", "new", "free", "all", "see", "view",
               "foto", "fotos", "bild", "image", "images", "picture", "pictures", "credit"}
# Articles and determiners (a closed class): "Die Ausstellung", "Keine Kommentare" are not names.
_DETERMINERS = {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "kein", "keine", "unser",
                "unsere", "el", "los", "las", "un", "una", "les", "une", "des", "o", "os", "as", "um", "uma",
                "il", "lo", "gli", "this", "that", "these", "our", "your", "my", "their",
                # possessives ("Mein Motto", "Dein Kommentar"): a closed class too, less the short ones
                # that are also given names ("Su", "Son", "Ma")
                *(p + e for p in ("mein", "dein", "ihr", "euer", "eur") for e in ("", "e", "en", "em", "er", "es")),
                "unseren", "unserem", "unserer", "unseres", "nuestro", "nuestra", "vuestro", "vuestra",
                "notre", "votre", "leurs", "minha"}
# Abstract-noun endings (German, English): a word built on one is not a first or last name.
_ABSTRACT = re.compile(r"(?:(?<=\w{5})ung|heit|keit|schaft|ität|ismus|ation|ment)$", re.I)
# "Inga HoeltmannFollow", "By NAMEStaff Writer": a word glued to the next by the copy.
_GLUED = re.compile(r"(?<=[a-zà-öø-ÿ]{2})(?=[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]{2,})")
_LABEL_TAIL = re.compile(r"\s+[^\W\d_]+:(?:\s.*)?$")      # "... Lesezeit: 4 Min.", "... Updated: ..."
# "11/19/2019 by NAME", "5:45 AM PST 11/19/2019 by NAME", "1.11.23 20:19 von NAME": a date or
# time before the "by" of a byline.
_DATED_BY = re.compile(r"^[\d\s/.:,|•·\-–—]*\d[\w\s/.:,|•·\-–—]{0,30}?\s(?=(?:by|von|por|par|door|di)\s)", re.I)
# "Posted by NAME", "Erstellt von NAME", "yas! | By NAME | DATE", "Posted 11. April 2018 by NAME":
# one or two words, a date or a separator before the "by" of a byline (not a sentence).
_LEAD_BY = re.compile(r"^(?!(?:photo|foto|bild|image|picture|grafik|illustration|video)\w*\s)(?:[^\W\d_]+\s+){0,1}[^\W\d_]+\s+(?=(?:by|von|por|par|door)\s)"
                      r"|^[^|•·]{0,30}[|•·]\s*(?=(?:by|von|por|par|door)\s)"
                      r"|^[^\W\d_]*\s*\d[\w\s/.:,\-–—]{0,30}?\s(?=(?:by|von|por|par|door)\s)", re.I)
# "25.10.2022 - Reiner Nagel": a date set off before a name.
_LEAD_DATE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\s*[|•·\-–—]\s*(?=[^\W\d_])")
# Job titles glued to a name ("Harald Bauer Autor", "Rechtsanwalt Sebastian Einbock"): a closed
# class, stripped only at the edge of a byline's name.
_ROLE = re.compile(r"^(?:autor(?:in)?|author|redakteur(?:in)?|editor|reporter(?:in)?|journalist(?:in)?|"
                   r"rechtsanwalt|rechtsanwältin|staff writer|korrespondent(?:in)?)\s+"
                   r"|(?:\s+(?-i:[A-Z][a-z]+))?\s+(?-i:editor|writer|correspondent|reporter)$"
                   r"|\s+(?:autor(?:in)?|author|redakteur(?:in)?|redaktion|editor|reporter(?:in)?|"
                   r"journalist(?:in)?|korrespondent(?:in)?|staff writer|contributor)$", re.I)

# The Romance languages' newsroom roles after a name ('Juan Pérez, corresponsal', 'Marie Dupont,
# envoyée spéciale', split off at the comma): a closed class.
ROMANCE_ROLES = (r"corresponsal|redactora?|periodista|enviad[oa] especial|envoyée? spéciale?|journaliste|"
                 r"rédact(?:eur|rice)|correspondante?|corrispondente|giornalista|inviat[oa]")
# A rank before a job title at the end of a byline ('Jane Doe Senior Editor'; for the author only).
_SENIOR_ROLE = re.compile(r"\s+(?:senior|junior|chief|managing|executive|deputy|contributing|associate|staff)"
                          r"\s+(?:editor|writer|correspondent|reporter)$"
                          r"|^(?:" + ROMANCE_ROLES + r")$", re.I)


def without_role(text: str) -> str:
    """A byline line less the newsroom role after its name ('Helena Horton Environment reporter',
    'Jane Doe, Senior Editor'): a closed class (_SENIOR_ROLE, _ROLE's endings)."""
    text = text.rstrip()
    cut = _SENIOR_ROLE.sub("", text)
    cut = _ROLE.sub("", cut) if cut == text else cut
    return cut.rstrip(" ,") if cut != text else text

# (Compiled once: re.search with a pattern string looks it up in re's cache on every call.)
_SENTENCE_LIKE = re.compile(r"[a-zà-öø-ÿ]{2,}[.!?](?:\s|$)|[:;?!]|['’]s\b")
_SENTENCE_INSIDE = re.compile(r"\w{2,}[.!?]\s|[:;]")


def _name_like(part: str, uncased_ok: bool = False, initial_ok: bool = False, author: bool = False) -> str | None:
    part = part.strip(" .:-–—'\"“”()[]")
    words = part.split()
    if not 2 <= len(words) <= 4 or len(part) > 40:
        return None
    if uncased_ok and all(ch.isalpha() and not (ch.isupper() or ch.islower()) for w in words for ch in w):
        return part               # scripts without capitals (Arabic, Hebrew, CJK) after "By"
    if author and words[0] in _PARTICLES:
        return None               # 'de São Paulo' in 'Por NAME, de São Paulo': a place (a name opens capitalised)
    caps = 0
    for w in words:
        core = w.strip(".,'’")
        if not core:
            return None
        if core.lower() in _PARTICLES:
            continue
        if core.lower() in _NOT_PERSON or core.lower() in _DETERMINERS or any(ch.isdigit() for ch in core):
            return None
        if len(core) >= 7 and _ABSTRACT.search(core) and not (author and _known_name(core)):
            return None           # (for the author: 'Clement', 'Clément', 'Klement' are names)
        if not core[0].isupper() or not all(ch.isalpha() or ch in ".-'’" for ch in core):
            return None
        caps += 1
    if caps < 2 or len(words[-1].strip(".,'’")) < 2 and not (initial_ok and len(words[-2].strip(".,'’")) >= 2):
        return None               # "Jan L", "J. D": a surname is more than an initial (unless `initial_ok`)
    if part.isupper():
        part = part.title()
    return part + "." if len(words[-1]) == 1 else part     # (an initial is written with its period)


def _may_open_dated_by(text: str) -> bool:
    """Whether _DATED_BY can match: its first character is a digit, a space or a separator."""
    first = text[:1]
    return first.isdecimal() or first.isspace() or first in "/.:,|•·-–—"


_MARKER_WORDS = ("by", "von", "por", "par", "door")


def _has_marker_word(text: str) -> bool:
    """Whether _LEAD_BY can match: the line holds one of its markers. (Under re.I no code point but
    the ASCII capitals matches these letters, so the lower-cased line shows every one.)"""
    low = text.lower()
    return any(word in low for word in _MARKER_WORDS)


def names_in(text: str, *, require_prefix: bool = False, initial_ok: bool = False, marked: bool = False,
             author: bool = False, lead: bool = True) -> list[str]:
    """Person names in a byline-shaped line; [] when the line is not one. `initial_ok`: a name after
    a by-marker (on the line, or on the line above: `marked`) may end in an initial ('By' / 'Ariel
    H', 'Par Nicolas Gutierrez C. le 14.09.2020'); without a marker 'Jan L' is too often not one.
    `lead`: words before an inner by-marker are a lead-in ('Erstellt von NAME'), not a given name."""
    text = text.strip()
    if len(text) > 200:
        return []                 # a paragraph, not a byline (and keeps the regexes cheap)
    text = _without_lead_in(text, lead)
    m = BY_PREFIX.match(text)
    if m:
        text = m.group("rest")
    elif require_prefix:
        return []
    elif sum(map(str.isupper, text)) < 2:
        return []                 # without "By", a name is two capitalised words (a quarter of the calls)
    text = _without_tail(text)
    if not _byline_sized(text, bool(m)):
        return []
    split = _SPLIT.split(text)
    names = _names_of_parts(split, uncased_ok=bool(m), initial_ok=initial_ok and (bool(m) or marked), author=author)
    if not m and not _only_names(split, names, author):
        return []
    return names


def _without_lead_in(text: str, lead: bool) -> str:
    """The line less a date and "by" before the name, a lead-in ('Erstellt von'), a date first."""
    if _may_open_dated_by(text):
        text = _DATED_BY.sub("", text, count=1)
    if lead and len(text) <= 120 and _has_marker_word(text):
        text = _LEAD_BY.sub("", text, count=1)
    if text[:1].isdecimal():      # (_LEAD_DATE opens with \d, which is str.isdecimal's Nd)
        text = _LEAD_DATE.sub("", text, count=1)
    return _GLUED.sub(" | ", text)


def _without_tail(text: str) -> str:
    """The line less e-mail addresses, dates, a closing label and a trailing link word."""
    if "@" in text or "[email" in text:
        text = _EMAIL.sub(" ", text)
    if _DATEISH_HINT.search(text):
        text = _DATEISH.sub("", text)
    if ":" in text:
        text = _LABEL_TAIL.sub("", text)
    if text.rstrip()[-1:].lower() in _TRAILING_LINK_ENDS:
        text = _TRAILING_LINK.sub("", text)     # "Priya Kaur on" (14 June 2024)
    return text


def _byline_sized(text: str, by: bool) -> bool:
    """Not empty nor long, and (without a by-marker) no sentence, headline or possessive."""
    if not by and (len(text.split()) > 10 or _SENTENCE_LIKE.search(text)):
        return False              # sentences, headlines and possessives are not bylines
    if not text or len(text) > 120:
        return False
    # sentences are not bylines
    return by or not _SENTENCE_INSIDE.search(text.rstrip("."))


def _names_of_parts(split: list[str], *, uncased_ok: bool, initial_ok: bool, author: bool) -> list[str]:
    """The name in each part of the line (roles cut off), each once."""
    names: list[str] = []
    for part in split:
        part = _ROLE.sub("", _SENIOR_ROLE.sub("", part.strip()) if author else part.strip())
        name = _name_like(part, uncased_ok=uncased_ok, initial_ok=initial_ok, author=author)
        if name and name not in names:
            names.append(name)
    return names


def _only_names(split: list[str], names: list[str], author: bool) -> bool:
    """A bare line counts only if it is nothing but names (and at most an outlet or a place)."""
    parts = [p for p in split if p.strip()]
    if len(names) == 0 or len(parts) > len(names) + 2:
        return False
    # 'Triple Water 💦 von Evan Tepest und Selma Kay Matter' gave the co-author alone
    return not (author and any(_INNER_BY.search(p) and not any(n in p for n in names) for p in parts))


# A by-marker inside a part of a bare line that is no name, a capital after it: the line is a title
# or a sentence with its byline at the end, whose reading as bare names keeps only the names after
# the first one (a name's own particle, 'Moritz von Uslar', is a name's part).
_INNER_BY = re.compile(r"\s(?:by|von|por|par)\s+(?=[A-ZÀ-ÖØ-Þ])")


# For choosing the author only (names_in feeds the labeller's features, which stay as trained):
# a date written out before the name ("28. Jan. 2022 Paula Balov", "28. Juni 2019 | NAME") and a
# preposition glued to the date after it ("Von NAME vom 3. Februar 2022").
_LEAD_WORD_DATE = re.compile(r"^(?:\d{1,2}\.?\s*(?:" + _MONTH_RE + r")\.?\s*\d{4}\s*[|•·,\-–—]?\s*)+(?=[^\W\d_])", re.I)
_DATE_PREPOSITION = re.compile(r"\s(?:vom|am|on|le|el|du|del)\s+(?=\d)", re.I)


# A publishing or updating phrase after the name, in any of the dates' languages ("Par NAME Publié
# le ...", "Von NAME Aktualisiert am ...", "By NAME Last updated: ..."): not the surname's; cut
# unless a by-marker follows it ("... Veröffentlicht von NAME").
_STATED_AFTER = re.compile(rf"\s+(?:last\s+)?(?:{PUBLISHED.pattern}|{UPDATED.pattern})(?!.*\b(?:by|von|por|par|door)\s).*$", re.I)
# A by-marker glued to the name at the line's start or after a space ("ByJohn Smith", "vonElisa Marvena").
_GLUED_BY = re.compile(r"(?:^|(?<=\s))([Bb]y|[Vv]on|[Pp]ar|[Pp]or)(?=[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ])")


# Credits for work on a story other than its writing (a closed class; for the author only): the
# names after 'Medically reviewed by', 'Fact checked by', 'Edited by', 'Produced by', 'Video von',
# 'Geprüft von', 'Revisado por' are a reviewer's, an editor's or a producer's, not the writer's
# (as a closing 'Editing by NAME' is no byline, see extract._SIGN_OFF).
OTHER_ROLE_BY = re.compile(
    r"^(?:medically\s+|medizinisch\s+|fachlich\s+)?(?:reviewed|fact[- ]?checked|edited|produced|illustrated|"
    r"photographed|filmed|narrated|read|video|audio|music|geprüft|überprüft|redigiert|lektoriert|produziert|"
    r"illustriert|fotografiert|gefilmt|gesprochen|gelesen|revisado|verificado|editado|producido|ilustrado|"
    r"relu|vérifié|édité|produit|illustré)\s+(?:by|von|por|par)\s", re.I)


# A reader's comment's heading ('Jane Doe says:', 'Anna Schmidt schreibt:', 'Marie Dupont a écrit :';
# a verb of saying and a colon ending the line, a closed class) and an embedded post's signature
# ('— Jane Doe (@janedoe) March 3, 2023': a handle in brackets, then a date): their names are a
# reader's or the post's, not the article's author.
_SAYS = re.compile(r"\s(?:says|said|wrote|writes|commented|comments|replied|replies|sagt|sagte|schreibt|schrieb|"
                   r"meint|meinte|kommentiert|antwortet|dit|a écrit|écrit|dice|escribe|escribió|comentó)\s*:\s*$", re.I)
_EMBEDDED_POST = re.compile(r"\(@[\w.]{1,30}\)\s*(?:[^\W\d_]+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\.?\s+[^\W\d_]+\.?\s+\d{4})")


def not_the_writers(text: str) -> bool:
    """A line whose names are not the writer's, however it reads: a credit for other work
    (OTHER_ROLE_BY), a reader's comment's heading, an embedded post's signature."""
    return bool(OTHER_ROLE_BY.match(text) or _SAYS.search(text) or _EMBEDDED_POST.search(text))


def author_names(text: str, *, require_prefix: bool = False, marked: bool = False) -> list[str]:
    """names_in, after a date written out before the name, a preposition before a date or a
    publishing phrase after the name, with a glued by-marker set apart; a marked name may end in
    an initial. `marked`: the line above ends in the by-marker. No names from a credit for other
    work than the writing (OTHER_ROLE_BY)."""
    if not_the_writers(text.strip()):
        return []
    text = _STATED_AFTER.sub("", _GLUED_BY.sub(r"\1 ", _for_author(text.strip())))
    text = _DATE_PREPOSITION.sub(" ", _LEAD_WORD_DATE.sub("", text))
    return names_in(text, require_prefix=require_prefix, initial_ok=True, marked=marked, author=True) or (
        names_in(text, require_prefix=require_prefix, initial_ok=True, marked=marked, author=True, lead=False)
        if _PARTICLE_BY.search(text) else [])


@lru_cache(maxsize=16384)
def author_line_names(text: str) -> tuple[str, ...]:
    """names_in as the author's searches read a line (see _for_author); names_in itself feeds the
    labeller's features, which stay as trained; a publishing phrase, a date written out before the
    name and a preposition before a date read as author_names reads them ('Von Jule Radeck Vom 3.
    Februar 2022' gave 'Jule Radeck Vom'). (Cached by text across the pages of a run.)"""
    if not_the_writers(text.strip()):
        return ()                 # 'Medically reviewed by NAME', 'Jane Doe says:': not the writer
    text = _for_author(text.strip())
    text = _DATE_PREPOSITION.sub(" ", _LEAD_WORD_DATE.sub("", _STATED_AFTER.sub("", _GLUED_BY.sub(r"\1 ", text))))
    return tuple(names_in(text, author=True) or (names_in(text, author=True, lead=False)
                                                  if _PARTICLE_BY.search(text) else []))


# A by-marker that is a name's particle too ('Moritz von Uslar', 'Von Tanja von Fransecky'): the
# lead-in reading ('Erstellt von NAME') takes the given name for a lead word and finds no name.
_PARTICLE_BY = re.compile(r"(?<=\w)\s+von\s+(?:(?:der|den|dem|zu)\s+)?(?=[A-ZÀ-ÖØ-Þ])")


def _known_name(word: str) -> bool:
    from .given_names import is_given_name
    return is_given_name(word, False)


# A line in capitals joins its names with a capital connector ('BY JANE DOE AND JOHN SMITH').
_CAPS_JOIN = re.compile(r"(?<=\s)(?:AND|UND|ET|Y|OG|OCH)(?=\s)")
# Joint credits that name the author first (a closed class): 'Text und Fotos: NAME', 'Texto y
# fotos: NAME', 'Texte et photos : NAME', 'Text & Bild: NAME'.
_TEXT_AND_PHOTOS = re.compile(r"^(?:text|texto|texte|testo)\s*(?:und|and|&|y|et|e|\+)\s*"
                              r"(?:fotos?|photos?|bilder?|bild|fotografías?|fotografie)\s*:\s*(?=\S)", re.I)




# Author labels and phrases before a name that the by-markers lack (a closed class; for the author
# only): 'Words: NAME', 'Protokoll: NAME', 'Recherche: NAME', 'Texte : NAME', 'Gastautorin: NAME',
# 'Von unserem Korrespondenten NAME', 'Von unserer freien Mitarbeiterin NAME'.
_LABELLED_BY = re.compile(r"^von\s+unser(?:em|er)\s+(?:[^\W\d_]+\s+)?(?:korrespondent(?:in|en)?|redakteur(?:in)?|"
                          r"mitarbeiter(?:in)?|reporter(?:in)?|autor(?:in)?)\s+(?=[A-ZÀ-ÖØ-Þ])", re.I)


# A plural author label before the names on its line ('Autoren: NAME, NAME', 'Authors: NAME and
# NAME', 'Auteurs : NAME et NAME'; the singular labels are by-markers already), and German's
# gender-neutral forms of the label, singular or plural ('Autor:in: NAME', 'Autor_innen: NAME und NAME',
# 'AutorIn: NAME': the capital I only so).
_AUTHORS_LABEL = re.compile(r"^(?:autor(?:en|[*:_/]?innen|[*:_/]in|(?-i:In)|es|as)|autori|authors|auteur(?:e)?s)\s*:\s*(?=\S)", re.I)


# An author label glued to the name after it, and to the date before it, by a copy of a blog's meta
# line ('Posted on28. Juli 2019AuthorAndreas Kalt4 Kommentare': a theme's label for screen readers).
# Only glued after something: at a line's start it is a word of its own ('AuthorHouse Publishing'),
# and never to a German gender ending ('AutorIn', 'AutorInnen': the label, not a name).
_GLUED_AUTHOR = re.compile(r"^.*?[^\W_](?:Author|Autor(?:in)?|Auteur(?:e)?)(?!In(?:nen)?(?![^\W\d_]))"
                           r"(?=[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ])")


def _for_author(text: str) -> str:
    """A line as the author's searches read it: a joint text-and-photos credit, another author
    label or a glued one as a byline, and a line in capitals with its connectors in lower case."""
    text = _LABELLED_BY.sub("von ", _TEXT_AND_PHOTOS.sub("Text: ", text, count=1), count=1)
    text = _AUTHORS_LABEL.sub("von ", text, count=1)       # before the glued label: 'AutorInnen: NAME'
    if "Aut" in text:
        text = _GLUED_AUTHOR.sub("von ", text, count=1)
    if not any(ch.islower() for ch in text):
        text = _CAPS_JOIN.sub(lambda m: m.group().lower(), text)
    return text


# Author labels the labeller's byline rule does not read (a closed class): "Interview: NAME",
# "Kolumnist*in: NAME", "Escribe NAME en Territorio".
_AUTHOR_LABEL = re.compile(r"^(?:interview\s*:|kolumnist(?:\*?in)?\s*:|escribe)\s*(?=\S)", re.I)
# A by-marker or an author label anywhere on the line: only such a line can be a marked byline.
ANY_MARKER = re.compile(r"(?<![^\W\d_])(?:" + _MARKERS + r"|interview|kolumnist|escribe)(?=[\s:*]|$|(?-i:[A-ZÀ-ÖØ-Þ]))", re.I)
# "Veröffentlicht am 03.02.2022 von NAME": up to three words and a date before the marker (names_in
# reads one word before a date: it is left as the labeller's features were trained).
_WORDS_DATE_BY = re.compile(r"^(?:[^\W\d_]+\s+){1,3}\d[\d./:\s]*?\s(?=(?:by|von|por|par|door)\s)", re.I)
_GLUED_MARKER = re.compile(r"(?<=\s)(von|by)(?=[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ])")    # "Geschrieben vonElisa Marvena"


def lead_name(text: str) -> list[str]:
    """The name opening a marked line that names_in cannot read whole, the words after it being
    the page's ('von NAME Twitter Account von NAME', 'Autor NAME:', 'Ein Interview von NAME mit
    NAME.'): two words, or three when the second is a given name or an initial ('Richard David
    Precht', 'Günter W. Kienitz')."""
    from .given_names import is_given_name, opens_with_given_name
    if not_the_writers(text.strip()):
        return []                 # 'Medically reviewed by NAME, MD': not the writer
    text = _AUTHOR_LABEL.sub("von ", _GLUED_MARKER.sub(r"\1 ", text.strip()), count=1)
    opens = bool(BY_PREFIX.match(text))
    m = BY_PREFIX.match(_LEAD_BY.sub("", _DATED_BY.sub("", _WORDS_DATE_BY.sub("", text, count=1), count=1), count=1))
    words = re.split(r"\s*[|·•;,(]", m.group("rest"))[0].replace(":", " ").split() if m else []
    if len(words) < 2:
        return []
    n = 3 if len(words) >= 3 and is_given_name(words[1]) and words[2][:1].isupper() else 2
    if not opens and len(words) > n + 3:
        return []                 # a headline: "Werke von David Hockney ab Sommer in Luzern zu sehen"
    name = _name_like(" ".join(words[:n]))
    return [name] if name and opens_with_given_name(name) and not INTERFACE.intersection(name.casefold().split()) else []


# A company's legal form ending a name (a closed class): 'MIRO Analytical AG', 'Nordex SE', 'Acme
# Widgets Inc.' name a company, no person. The short forms that are words or surnames in other
# cases ('SE', 'SA', 'AB') count only in capitals.
_LEGAL_FORM = frozenset("ag gmbh mbh kg kgaa ohg gbr e.v. inc inc. ltd ltd. llc llp plc corp. s.a. "
                        "sarl s.a.r.l. s.l. s.p.a. s.r.l. b.v. n.v. a/s pty".split())
_LEGAL_FORM_CAPS = frozenset("SE SA SAS AB UG".split())


def plausible_author(name: str) -> bool:
    """Not a name cut short ('Silvia Núñez del' from 'Silvia Núñez del Arco: “...”': a particle
    ends no name), the site's chrome ('Forum Moderator', 'Ver Más') nor a company ('MIRO
    Analytical AG')."""
    words = name.casefold().split()
    return (bool(words) and words[-1] not in _PARTICLES and not CHROME.intersection(words)
            and words[-1] not in _LEGAL_FORM and name.split()[-1] not in _LEGAL_FORM_CAPS)


# Bylines in scripts without capitals that carry no by-marker (closed classes, for the author only):
# a Chinese reporter label, then the names ('记者 李明', '本报记者：李明 王芳', '文/李明'), and an
# Arabic dateline's city, a dash, then the name ('دبي - سارة المنصوري'; an agency or a paper after
# the dash, 'القاهرة - وكالة الأنباء', is no one's name).
_HAN_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
# (Traditional Chinese spells them 記者, 本報, 採寫...: a Taiwanese or Hong Kong byline had no author.)
_REPORTER_LABEL = re.compile(r"^(?:(?:(?:本报|本報|新华社|新華社|中央社|特约|特約|实习|實習|首席)?(?:记者|記者)|作者|撰文|采写|採寫)"
                             r"(?:\s*[:：/／]\s*|\s+)|文\s*[/／:：]\s*)"
                             r"(?P<names>\S.*)$")
_HAN_SEPARATOR = re.compile(r"[\s、，,:：/／]+")
# Role words of a Chinese byline (closed classes), each two to four characters like a name: a
# writer's role introduces another writer ('记者 张三 通讯员 李四'); another role ends the writers
# ('摄影 王芳' took the photos, '责任编辑 王芳' edited, '李明 摄': 李明 took them too).
_HAN_WRITER_ROLES = frozenset("记者 本报记者 新华社记者 特约记者 实习记者 见习记者 首席记者 通讯员 本报通讯员 "
                              "特约通讯员 实习生 见习生 作者 撰文 采写 撰稿 特约撰稿 "
                              "記者 本報記者 新華社記者 中央社記者 特約記者 實習記者 見習記者 首席記者 通訊員 本報通訊員 "
                              "特約通訊員 實習生 見習生 採寫 特約撰稿".split())
_HAN_OTHER_ROLES = frozenset("摄 摄影 摄像 图 图片 制图 视频 编辑 责任编辑 责编 校对 审核 审校 监制 策划 "
                             "攝 攝影 攝像 圖 圖片 製圖 視頻 影音 編輯 責任編輯 責編 校對 審核 審校 監製 策劃".split())
_ARABIC_WORD = r"[\u0620-\u063f\u0641-\u064a\u0671-\u06d3][\u0620-\u0652\u0671-\u06d3]+"  # two letters or more
_DATELINE_NAME = re.compile(rf"^{_ARABIC_WORD}(?:\s{_ARABIC_WORD})?\s+[-–—]\s+(?P<name>{_ARABIC_WORD}(?:\s{_ARABIC_WORD}){{1,3}})\s*$")
_ARABIC_OUTLETS = frozenset("وكالة بوابة موقع صحيفة جريدة قناة مكتب مراسل مراسلنا مراسلة خاص متابعات وكالات "
                            "الأناضول رويترز الأهرام الخليج البيان الاتحاد الشرق الجزيرة العربية سكاي".split())


def uncased_byline_names(text: str) -> list[str]:
    """The names of a Chinese reporter-labelled or an Arabic datelined byline, else []."""
    text = text.strip()
    if len(text) > 60 or text.isascii():
        return []
    m = _REPORTER_LABEL.match(text)
    if m:
        return _han_names(m.group("names"))
    m = _DATELINE_NAME.match(text)
    # 'الوكالة الوطنية للإعلام': an outlet's word with the article 'ال' is the outlet's too.
    if m and not any(w in _ARABIC_OUTLETS or w.removeprefix("ال") in _ARABIC_OUTLETS for w in m.group("name").split()):
        return [m.group("name")]
    return []


def _han_names(rest: str) -> list[str]:
    """The writers' names after a Chinese reporter label ('李明 报道', '张三 通讯员 李四', '李明
    发自北京'), else [] (a word that is neither a name nor a role: no byline)."""
    names = []
    for word in _HAN_SEPARATOR.split(rest.strip()):
        if word in _HAN_OTHER_ROLES:
            break
        if word in _HAN_WRITER_ROLES or word.endswith(("报道", "報導", "報道")) or word.startswith(("发自", "發自")):
            continue              # '北京报道' (reported from Beijing), '发自北京' (sent from Beijing)
        if not _HAN_NAME.fullmatch(word):
            return []
        names.append(word)
    return list(dict.fromkeys(names)) if len(names) <= 6 else []


# What a page sets after an author's name that is no part of a person's name (closed classes, for
# the author only; names_in, read by the labeller's features, keeps them), by kind: a button or a
# profile link ('Email Me', 'Order Reprints', 'Pin It', 'Twitter'), a counter's word ('Shares',
# 'Comments'), a reference link ('Google Scholar', 'PubMed'), a section label ('Key Points') and a
# job title ('Director', 'Senior Producer', 'Fotografie'). Each is cut where it ends the name, and a
# modifier before one of its own kind with it ('Senior Producer', 'Order Reprints', 'Key Points'):
# 'Francis Scott Key' keeps his name, 'Christopher Guest Twitter' his ('Guest' goes with a job).
_BUTTON, _REFERENCE, _JOB = "button", "reference", "job"
_TAIL_HEADS: dict[str, str] = dict.fromkeys(
    "email e-mail me it you us reprints reprint tweet twitter facebook instagram linkedin pinterest "
    "whatsapp biography profile profil shares comments kommentare views likes aufrufe".split(), _BUTTON) | dict.fromkeys(
    INTERFACE, _BUTTON) | dict.fromkeys(
    "scholar pubmed crossref reference references points takeaways highlights artikel articles beiträge".split(),
    _REFERENCE) | dict.fromkeys(
    # (none a common surname)
    "director directora direktor direktorin professor professorin producer produzent produzentin economist "
    "ökonom ökonomin analyst analystin founder co-founder cofounder gründerin ceo cfo cto coo "
    "president präsident präsidentin chairman chairwoman manager managerin photographer fotograf fotografin "
    "fotografie photography researcher scientist wissenschaftler wissenschaftlerin lecturer consultant "
    "beraterin geschäftsführer geschäftsführerin presenter".split(), _JOB)
# Heads that are surnames too ('Julius Maada Bio', 'Takako Doi', 'Wang Xing', 'Ute Gründer'): cut
# only as the page sets them apart, in capitals ('DOI', 'XING') or after a '|'.
_TAIL_HEADS_SET_APART = {"bio": _BUTTON, "xing": _BUTTON, "mail": _BUTTON, "doi": _REFERENCE,
                         "anchor": _JOB, "gründer": _JOB}
_TAIL_MODIFIERS: dict[str, frozenset[str]] = dict.fromkeys(
    "key google".split(), frozenset({_REFERENCE})) | dict.fromkeys(
    "order pin email e-mail".split(), frozenset({_BUTTON})) | dict.fromkeys(
    "mehr more weitere alle all".split(), frozenset({_BUTTON, _REFERENCE})) | dict.fromkeys(
    "senior junior chief managing executive deputy associate assistant contributing freelance guest "
    "visiting".split(), frozenset({_JOB}))


def _tail_kind(words: list[str], k: int) -> str | None:
    """The kind of tail word words[k] is (see _TAIL_HEADS), else None."""
    word = words[k].strip(".,:;|")
    low = word.casefold()
    if low in _TAIL_HEADS:
        return _TAIL_HEADS[low]
    set_apart = word.isupper() or words[k].startswith("|") or k > 0 and words[k - 1] == "|"
    return _TAIL_HEADS_SET_APART.get(low) if set_apart else None


def author_proper(name: str) -> str | None:
    """`name` less the words a page sets after an author's name (see _TAIL_HEADS): 'Jane Doe Email
    Me' -> 'Jane Doe'; None when nothing of a name is left ('Email Me', 'Key Points', 'Chief
    Economist')."""
    words = name.split()
    cut = len(words)
    while cut and (kind := _tail_kind(words, cut - 1)):
        cut -= 1
        while cut and kind in _TAIL_MODIFIERS.get(words[cut - 1].casefold().strip(".,:;|"), ()):
            cut -= 1
        while cut and words[cut - 1] == "|":
            cut -= 1
    if cut == len(words):
        return name
    return " ".join(words[:cut]) if cut >= 2 else None
