"""convert.given_names: the given-name list (Faker's first names of every locale) that keeps two
capitalised words of a page's chrome under the headline from passing as its author."""
from __future__ import annotations

import pytest

from sitegen.convert import given_names as gn
from sitegen.convert.extract import _authors, page_words, split_lines


@pytest.mark.parametrize("word", ["Jürgen", "Hinrich", "Priya", "Jacobo", "Yuki", "Jean-Paul", "T.", "C.Habermueller",
                                  "ANNA"])
def test_given_names_and_initials(word):
    assert gn.is_given_name(word)


@pytest.mark.parametrize("word", ["Meistdiskutierte", "Technischer", "Ähnliche", "Vorheriger", "Escucha"])
def test_words_of_the_chrome_are_not_given_names(word):
    assert not gn.is_given_name(word)


def test_the_list_is_shipped_large_and_without_its_header():
    names = gn.given_names()
    assert len(names) > 20_000 and not any(n.startswith("#") for n in names)


def test_without_the_list_every_word_passes(monkeypatch, tmp_path):
    """A broken install loses the filter, never an author."""
    monkeypatch.setattr(gn, "PATH", tmp_path / "missing.txt")
    gn.given_names.cache_clear()
    gn.wide_given_names.cache_clear()
    try:
        assert gn.is_given_name("Meistdiskutierte") and gn.is_given_name("Meistdiskutierte", wide=False)
    finally:
        gn.given_names.cache_clear()
        gn.wide_given_names.cache_clear()


def test_under_the_headline_a_name_opens_with_a_given_name():
    lines = split_lines("Meistdiskutierte Artikel\n\nJürgen Heitmann\n\nVon Technischer Support\n")
    lower = page_words(lines)
    assert _authors(lines[:1], [], lower) == []                         # the chrome
    assert _authors(lines[1:2], [], lower) == ["Jürgen Heitmann"]
    assert _authors(lines[2:], [], lower) == ["Technischer Support"]    # after "Von", taken as written


def test_titles_before_the_given_name_are_skipped():
    lines = split_lines("Herr Max Müller\n\nFrau Professorin\n")
    lower = page_words(lines)
    assert _authors(lines[:1], [], lower) == ["Herr Max Müller"]
    assert gn.opens_with_given_name("Dr. Anna Schmidt") and not gn.opens_with_given_name("Frau Professorin")


def test_after_the_body_a_name_the_list_lacks_counts_only_standing_alone():
    """Right after the article a name the list lacks is the sign-off when nothing but the page's
    chrome follows it (the first seed's 'Faridah Abdulkadiri'); over a list of links, or made of
    words the page writes elsewhere, it is a heading."""
    lines = split_lines("Faridah Abdulkadiri\n\nFollow us on:\n")
    assert _authors([], lines[:1], page_words(lines), lines) == ["Faridah Abdulkadiri"]
    lines = split_lines("Ähnliche Artikel\nOutfit: Alles geht wieder los\nTrendlog Spring: All-White-Look\n")
    assert _authors([], lines, page_words(lines), lines) == []          # over teaser links
    lines = split_lines("Weitere Artikel\nZum Artikel-Archiv\n")
    assert _authors([], lines[:1], page_words(lines), lines) == []      # 'Artikel' recurs
    lines = split_lines("Andreas Kalt\nÄhnliche Beiträge\n")
    assert _authors([], lines, page_words(lines), lines) == ["Andreas Kalt"]  # a given name: always


@pytest.mark.parametrize("word", ["Evgenia", "Prashant", "Anatoly"])
def test_the_wider_list_knows_names_fakers_lacks(word):
    """nam_dict's names (for the author only) cover what Faker's locales lack."""
    assert gn.is_given_name(word) and not gn.is_given_name(word, wide=False)


def test_the_wider_list_is_shipped_with_its_licence_and_without_short_words():
    """Entries of under four letters ('Am', 'Go', 'The') are words more often than names."""
    names = gn._read(gn.WIDE_PATH)
    assert len(names) > 30_000 and not any(n.startswith("#") or len(n) < 4 for n in names)
    assert "GNU Free Documentation" in gn.WIDE_PATH.read_text(encoding="utf-8")[:1000]
    assert "GNU Free Documentation License" in gn.WIDE_PATH.with_suffix(".LICENSE").read_text(encoding="utf-8")[:200]
    for word in ("Am", "Go", "The", "You"):
        assert not gn.is_given_name(word)


def test_the_labellers_inputs_keep_fakers_list():
    """The rules' bylines (a feature of the labeller, trained with Faker's list) do not take a
    name only the wider list knows; the author's choice does."""
    lines = split_lines("Evgenia Karp\n")
    lower = page_words(lines)
    assert _authors(lines, [], lower) == []                             # the labeller's reading
    assert _authors(lines, [], lower, lines) == ["Evgenia Karp"]        # choosing the author
