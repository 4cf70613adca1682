"""sitegen/spelling.py: when two names (tags, authors, tag_aliases keys) are one typed two ways."""
from __future__ import annotations

import pytest

from sitegen.spelling import names_differ


def test_one_name_with_and_without_a_latin_letter_unidecode_spells_is_one():
    """review48m 9: 'Ø' is a Latin letter, not a script transliteration loses letters of; counted with
    the non-Latin ones (mutant S10, which 467 tests let through), 'Jørgen Ødegaard' and 'Jørgen Odegaard',
    a tag typed on two keyboards, were two names: a split tag page, or a wrong alias error."""
    assert not names_differ("Jørgen Ødegaard", "Jørgen Odegaard")
    assert not names_differ("Łódź", "Lodz") and not names_differ("Straße", "Strasse")


@pytest.mark.parametrize("one, other, differ", [
    ("Local News", "LOCAL-NEWS", False), ("Москва", "Moskva", False),   # one name, typed or written two ways
    ("C++", "C", True), ("مصر", "مسار", True)])                       # two names ('msr' both, in Latin letters)
def test_names_differ_as_its_docstring_says(one, other, differ):
    assert names_differ(one, other) is differ
