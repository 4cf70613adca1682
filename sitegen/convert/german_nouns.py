"""German nouns, to tell a German common noun ("Prozent", "Tiefe", "Abend") from a name
("Schweiz", "Bielersee"): German capitalises both, and a page rarely shows which is which.

The list is derived from Wiktionary's German nouns as the `german-nouns` package compiles them
(https://github.com/gambolputty/german-nouns, by Gregor Weichbrodt): every case form of about
100,000 nouns, names (places, given names, surnames, other proper names) marked apart. The data is
Wiktionary's, licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/); the
derived list (german_nouns.txt.gz next to this module) is under the same licence, with this
attribution. The package itself is not a dependency: its parser pins lxml<5, which the tests'
lxml>=5 excludes. The list is loaded once per process (about 0.12 s, only when a page is German).
Regenerate it after upgrading the package, outside the project's environment:

    python -m venv /tmp/gn && /tmp/gn/bin/pip install --no-deps german-nouns
    PYTHONPATH=.:$(echo /tmp/gn/lib/python3*/site-packages) python -m sitegen.convert.german_nouns
"""
from __future__ import annotations

import csv
import gzip
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PATH = Path(__file__).with_name("german_nouns.txt.gz")
_SECTIONS = ("common", "both", "proper", "given")
_NAME_KINDS = re.compile("Toponym|Vorname|Nachname|Eigenname|Straßenname")


@dataclass(frozen=True)
class GermanNouns:
    """Word forms (case-sensitive, as written): `common` nouns only, words that are `both` a
    common noun and a name ("Mann", "Zeit", "Weber"), every `proper` name, and `given` names
    that are no common noun ("Wolfgang")."""
    common: frozenset[str] = frozenset()
    both: frozenset[str] = frozenset()
    proper: frozenset[str] = frozenset()
    given: frozenset[str] = frozenset()

    def is_common(self, word: str) -> bool:
        """A common noun: in the list, or a hyphenated compound whose last part is
        ("Cern-Gebäude", "AfD-Bundessprecher": German compounds take the class of their head)."""
        if word.isupper():
            return False
        return word in self.common or ("-" in word and word.rsplit("-", 1)[1] in self.common)

    def compound_head(self, word: str) -> bool:
        """A closed compound whose head is a common noun ("Forschungsdirektor", "Trendexpertin",
        "Schimmelgefahr"): its last 4+ letters, capitalised, are one."""
        if word in self.proper or "-" in word or len(word) < 8 or not word[1:].islower():
            return False
        return any(word[i].upper() + word[i + 1:] in self.common for i in range(3, len(word) - 3))


@lru_cache(maxsize=1)
def german_nouns() -> GermanNouns:
    """The list, loaded once per process; empty (every word then a possible name) when missing."""
    if not PATH.exists():
        return GermanNouns()
    return GermanNouns(**_sections(gzip.decompress(PATH.read_bytes()).decode("utf-8")))


# Line breaks that str.splitlines() knows besides "\n" (the list has none: it is written with "\n").
_OTHER_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def _sections(text: str) -> dict[str, frozenset[str]]:
    """The list's sections: each "[name]" line starts one, its other lines but empty ones and
    "#" comments are its words (lines before the first header are left out). Cut at the few
    lines that start with "[" and split in C, not a Python test of each of the 270,000 lines
    (part of the parent's start before the pool forks); the same sets as `_sections_by_line`,
    the line-by-line reading it replaces (a test holds them equal)."""
    if any(ch in text for ch in _OTHER_BREAKS):
        return _sections_by_line(text)
    sets: dict[str, list[str]] = {name: [] for name in _SECTIONS}
    current: list[str] = []                     # (lines before the first header: thrown away)
    heads = [0] if text.startswith("[") else []     # where the lines starting with "[" begin
    i = text.find("\n[")
    while i >= 0:
        heads.append(i + 1)
        i = text.find("\n[", i + 1)
    start = 0                                   # where the current section's lines begin
    for at in heads:
        end = text.find("\n", at)
        if end < 0:
            end = len(text)
        line = text[at:end]
        if line.endswith("]"):                  # a header (else a word that starts with "[")
            _add_lines(current, text[start:at])
            current = sets[line[1:-1]]
            start = end + 1
    _add_lines(current, text[start:])
    return {name: frozenset(words) for name, words in sets.items()}


def _add_lines(words: list[str], chunk: str) -> None:
    """The words of a section's lines (no header among them): empty lines and comments left out."""
    lines = chunk.split("\n")
    if lines[-1] == "":
        lines.pop()                             # (after the chunk's last newline)
    if chunk.startswith("#") or "\n#" in chunk:
        lines = [line for line in lines if line and not line.startswith("#")]
    elif "" in lines:
        lines = [line for line in lines if line]
    words.extend(lines)


def _sections_by_line(text: str) -> dict[str, frozenset[str]]:
    sets: dict[str, list[str]] = {name: [] for name in _SECTIONS}
    current: list[str] = []
    for line in text.splitlines():
        if line.startswith("[") and line.endswith("]"):
            current = sets[line[1:-1]]
        elif line and not line.startswith("#"):
            current.append(line)
    return {name: frozenset(words) for name, words in sets.items()}


def parse(rows) -> GermanNouns:
    """german-nouns' CSV rows (lemma, kind, genus..., then every case form) -> the four sets."""
    common: set[str] = set()
    proper: set[str] = set()
    given: set[str] = set()
    for row in rows:
        if not row or not row[0] or row[0][0] in '-"':
            continue                                   # affixes, odd lemmas
        forms = {row[0]} | {f for f in row[7:] if f[:1].isupper()}
        if _NAME_KINDS.search(row[1]):
            proper |= forms
            if "Vorname" in row[1]:
                given.add(row[0])
        elif "Substantiv" in row[1]:
            common |= forms
    both = common & proper
    return GermanNouns(frozenset(common - proper), frozenset(both), frozenset(proper),
                       frozenset(given - common))


def dump(nouns: GermanNouns, version: str) -> bytes:
    header = (f"# German nouns from Wiktionary (de.wiktionary.org), as compiled by german-nouns {version}\n"
              "# (https://github.com/gambolputty/german-nouns). Licence: CC BY-SA 4.0\n"
              "# (https://creativecommons.org/licenses/by-sa/4.0/), Wiktionary's contributors.\n"
              "# Generated by `python -m sitegen.convert.german_nouns`; do not edit.\n")
    parts = [header] + [f"[{name}]\n" + "".join(w + "\n" for w in sorted(getattr(nouns, name)))
                        for name in _SECTIONS]
    # mtime=0: the same list gives the same bytes (and the same cache key)
    return gzip.compress("".join(parts).encode("utf-8"), compresslevel=9, mtime=0)


def main() -> None:
    from importlib.metadata import version
    from importlib.resources import files
    with (files("german_nouns") / "nouns.csv").open(encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        next(rows)
        nouns = parse(rows)
    PATH.write_bytes(dump(nouns, version("german-nouns")))
    print(f"{len(nouns.common)} common, {len(nouns.both)} both, {len(nouns.proper)} proper, "
          f"{len(nouns.given)} given -> {PATH} ({PATH.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
