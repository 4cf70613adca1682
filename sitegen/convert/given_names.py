"""Given names, to tell a person's name alone on a line from two capitalised words of the page's
chrome ("Meistdiskutierte Artikel", "Ähnliche Beiträge", "Technischer Support").

The list is the first names of every locale Faker ships (MIT licence), casefolded: about 31,000
names from 90 locales, so "Jürgen", "Hinrich", "Priya", "Jacobo" and "Evan" are in it. Importing
Faker's 90 locale modules takes about a second, so the list is kept as a text file next to this
module and loaded once per process (about 20 ms). Regenerate it after upgrading Faker:

    pip install -e '.[names]' && python -m sitegen.convert.given_names

For choosing the author only there is a wider list: the names of at least four letters of the
dictionary behind gender-guesser 0.4.0 (Jörg Michael's "nam_dict.txt", names of many
countries, so "Evgenia", "Prashant", "Anatoly" too): the 33,000 that Faker's list lacks are in
given_names_nam_dict.txt (read only when a name is not in Faker's, ~20 ms once), under that
dictionary's licence, the GNU Free Documentation License 1.2 (the text beside it,
given_names_nam_dict.LICENSE). Shorter entries of it are words more often than names ("Am",
"Go", "The", "You") and left out. The labeller's inputs and the tags keep the Faker list alone:
the model was trained with it and the tags judged with it.
"""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from pathlib import Path

PATH = Path(__file__).with_name("given_names.txt")
WIDE_PATH = Path(__file__).with_name("given_names_nam_dict.txt")
# Titles before a given name: a closed class, skipped when looking for the given name.
HONORIFICS = frozenset("herr frau mr mrs ms mx dr prof sir dame mme mlle sr sra srta dña".split())


def _read(path: Path) -> frozenset[str]:
    if not path.exists():
        return frozenset()
    return frozenset(ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#"))


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Faker's first names (the labeller's inputs and the tags)."""
    return _read(PATH)


@lru_cache(maxsize=1)
def wide_given_names() -> frozenset[str]:
    """nam_dict's given names (choosing the author: with Faker's)."""
    return _read(WIDE_PATH)


def is_given_name(word: str, wide: bool = True) -> bool:
    """A word that opens a person's name: a known given name (the first part of a hyphenated
    one, "Jean-Paul"), or an initial ("T.", "C.Habermueller"). True for every word when the
    list is missing, so that a broken install drops no author. `wide`: in either list, else
    in Faker's (what the labeller's inputs were trained with)."""
    names = given_names()
    if not names:
        return True
    core = word.strip(".,'’").casefold()
    if len(core) == 1 or (len(word) >= 2 and word[1] == "." and word[0].isalpha()):
        return True
    first = core.split("-")[0]
    if core in names or first in names:
        return True
    return wide and (core in (more := wide_given_names()) or first in more)


def opens_with_given_name(name: str, wide: bool = True) -> bool:
    """The name's first word after any titles ("Herr", "Dr.", "Prof.") is a given name."""
    words = name.split()
    first = next((w for w in words if w.strip(".").casefold() not in HONORIFICS), words[0])
    return is_given_name(first, wide)


def _from_faker() -> tuple[str, list[str]]:
    import faker
    import faker.providers.person as person
    names: set[str] = set()
    for mod in pkgutil.iter_modules(person.__path__):
        provider = getattr(importlib.import_module(f"{person.__name__}.{mod.name}"), "Provider", None)
        # first_names, first_names_female, first_romanized_names ("Yuki"), first_names_islamic, ...
        for attr, value in vars(provider).items() if provider is not None else ():
            if attr.startswith("first_") and "name" in attr and isinstance(value, (dict, list, tuple)):
                names.update(n.casefold() for n in value if isinstance(n, str) and n.strip())
    return faker.VERSION, sorted(names)


def _from_nam_dict() -> tuple[str, list[str]]:
    """The names of gender-guesser's dictionary: columns 4-29 of each entry line ('+' joins the
    parts of a compound name: 'Jean+Paul' -> 'jean-paul'); entries spelt with its own codes for
    letters ('<s/>') and names of fewer than four letters are left out."""
    from importlib.metadata import version
    from importlib.resources import files
    text = files("gender_guesser").joinpath("data/nam_dict.txt").read_text(encoding="utf-8")
    names = set()
    for ln in text.splitlines():
        if ln.startswith(("#", "=")) or len(ln) < 30:
            continue
        name = ln[3:29].strip().replace("+", "-").casefold()
        if len(name) >= 4 and "<" not in name:
            names.add(name)
    return version("gender-guesser"), sorted(names)


def main() -> None:
    """Both lists from the installed packages (`pip install -e '.[names]'`); a list whose package
    is missing is left as it is."""
    try:
        version, names = _from_faker()
    except ImportError:
        print(f"faker is not installed: {PATH} left as it is")
    else:
        header = (f"# The first names of every locale of Faker {version} (https://github.com/joke2k/faker, "
                  "MIT licence), casefolded.\n# Generated by `python -m sitegen.convert.given_names`; do not edit.\n")
        PATH.write_text(header + "\n".join(names) + "\n", encoding="utf-8")
        print(f"{len(names)} given names -> {PATH}")
    try:
        version, names = _from_nam_dict()
    except ImportError:
        print(f"gender-guesser is not installed: {WIDE_PATH} left as it is")
        return
    faker_names = _read(PATH)
    names = [n for n in names if n not in faker_names]
    header = (f"# The given names of at least four letters in nam_dict.txt (c) Joerg Michael, as shipped in\n"
              f"# gender-guesser {version} (https://github.com/lead-ratings/gender-guesser), casefolded, less\n"
              "# those in given_names.txt (Faker's).\n"
              "# This list is derived from that file and, as it, subject to the GNU Free Documentation\n"
              "# License, Version 1.2 or any later version, with no Invariant Sections, no Front-Cover\n"
              "# Texts and no Back-Cover Texts; the licence is in given_names_nam_dict.LICENSE.\n"
              "# Generated by `python -m sitegen.convert.given_names`; do not edit.\n")
    WIDE_PATH.write_text(header + "\n".join(names) + "\n", encoding="utf-8")
    print(f"{len(names)} given names -> {WIDE_PATH}")


if __name__ == "__main__":
    main()
