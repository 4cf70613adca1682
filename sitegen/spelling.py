"""When two names are one typed two ways: the key tag and author pages are found by. Below config
and content both: site.toml's [convert] tag_aliases are checked with it too (rf47j 4)."""
from __future__ import annotations


def names_differ(name: str, other: str) -> bool:
    """Two names, not one typed two ways: their transliterations differ ('C++' and 'C'), or both
    are written in a script transliteration loses letters of and their own letters differ (مصر,
    Egypt, and مسار, a route, are both 'msr'). One name in two scripts ('Москва', 'Moskva') is one."""
    return spellings_differ(spelling_pair(name), spelling_pair(other))


def spelling_pair(name: str) -> tuple[str, str]:
    """What names_differ compares of a name: its spelled_key and its own non-Latin letters (_native),
    worked out once for a name compared with many (site._terms)."""
    return spelled_key(name), _native(name)


def spellings_differ(one: tuple[str, str], other: tuple[str, str]) -> bool:
    """names_differ of two names' spelling_pair()."""
    return one[0] != other[0] or bool(one[1]) and bool(other[1]) and one[1] != other[1]


def spelled_key(name: str, native: bool = False) -> str:
    """A name's letters, digits and symbols transliterated as python-slugify does, whatever its
    case, accents, punctuation and spaces: 'Local News' and 'LOCAL-NEWS', 'José Núñez' and 'Jose
    Nunez', 'Łukasz' and 'Lukasz', 'Москва' and 'Moskva', '#MeToo' and 'MeToo', '@nytimes' and
    'nytimes' (a leading mark) are one name typed two ways; 'C++' and 'C', 'C#' and 'C' (_MEANT) are two. `native`: its non-Latin letters after it, a key apart for each
    name names_differ tells apart."""
    import unicodedata  # only for names that differ, which is rare
    try:  # the transliteration python-slugify itself picks
        from unidecode import unidecode
    except ModuleNotFoundError:
        from text_unidecode import unidecode
    bare = _unmarked(name)   # a hashtag's or handle's mark: '#MeToo' is 'MeToo' typed two ways (rf46c)
    spelled = "".join(c for c in unidecode(bare) if unicodedata.category(c)[0] in "LNS" or c in _MEANT).casefold()
    return f"{spelled} {_native(name)}" if native else spelled


def _unmarked(name: str) -> str:
    """The name without its leading '#' or '@' marks in any width: NFKC reads the full-width '＃'
    Japanese and Chinese input methods type (and the small '﹟') as '#', which unidecode keeps, so
    '＃東京五輪' and '東京五輪' were two names (rf47a)."""
    import unicodedata
    bare = name.lstrip()
    while bare and unicodedata.normalize("NFKC", bare[0]) in ("#", "@"):
        bare = bare[1:]
    return bare


# The ASCII punctuation python-slugify drops that changes what a name means ('C#' is not 'C', '3%'
# not '3', 'F*' not 'F'): keyed by category alone ('Po', as '.' and ',' are), 'C' and 'C#' were one
# name typed two ways, so a story tagged C was shown as tagged C# without a warning (review46f).
# Separators ('.', ',', "'", '-', '/', '!', '?', quotes, brackets) stay out: 'St. Pauli' is 'St Pauli'.
_MEANT = frozenset("#%&*@")


def _native(name: str) -> str:
    """The name's letters outside the Latin script, without their marks, case folded."""
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFKD", name).casefold()
                   if unicodedata.category(c)[0] in "LN" and not c.isascii() and "LATIN" not in unicodedata.name(c, ""))
