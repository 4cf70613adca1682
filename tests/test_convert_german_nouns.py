"""The German noun list (sitegen/convert/german_nouns.py): shipped, loaded, and derived from
german-nouns' CSV rows."""
from __future__ import annotations

import gzip

from sitegen.convert.german_nouns import PATH, GermanNouns, dump, german_nouns, parse

# The CSV's columns: lemma, kind, genus and four genus variants, then the case forms.
ROWS = [
    ["Prozent", "Substantiv", "n", "", "", "", "", "Prozent", "Prozente", "Prozents", ""],
    ["Zeit", "Substantiv", "f", "", "", "", "", "Zeit", "Zeiten"],
    ["Zeit", "Substantiv,Nachname", "", "", "", "", "", "Zeit"],
    ["Schweiz", "Substantiv,Toponym", "f", "", "", "", "", "Schweiz"],
    ["Wolfgang", "Substantiv,Vorname", "m", "", "", "", "", "Wolfgang", "Wolfgangs"],
    ["-algie", "Gebundenes Lexem,Substantiv", "f", "", "", "", "", "-algie"],
]


def test_rows_are_sorted_into_common_nouns_names_and_words_that_are_both():
    nouns = parse(ROWS)
    assert {"Prozent", "Prozente", "Prozents", "Zeiten"} <= nouns.common
    assert "Zeit" in nouns.both and "Zeit" not in nouns.common     # "Thomas Zeit" may be a name
    assert {"Schweiz", "Wolfgang", "Zeit"} <= nouns.proper and nouns.given == {"Wolfgang"}
    assert not any(w.startswith("-") for w in nouns.common | nouns.proper)   # affixes left out


def test_dump_is_deterministic_and_carries_the_attribution():
    nouns = parse(ROWS)
    data = dump(nouns, "1.2.5")
    assert data == dump(nouns, "1.2.5")               # the same list, the same bytes (cache key)
    text = gzip.decompress(data).decode()
    assert "CC BY-SA 4.0" in text and "Wiktionary" in text


def test_compounds_take_the_class_of_their_head():
    nouns = GermanNouns(common=frozenset({"Direktor", "Gefahr"}), proper=frozenset({"Schimmelhausen"}))
    assert nouns.compound_head("Forschungsdirektor") and nouns.compound_head("Schimmelgefahr")
    assert not nouns.compound_head("Direktor")        # too short to be a compound
    assert nouns.is_common("AfD-Direktor") and not nouns.is_common("AFD")


def test_the_shipped_list_tells_common_nouns_from_names():
    assert PATH.stat().st_size < 2_000_000          # kept small in the repository
    nouns = german_nouns()
    assert {"Prozent", "Tiefe", "Erde", "Kopf", "Gäste"} <= nouns.common
    assert "Abend" in nouns.both          # a surname too: a name only beside another name
    assert {"Schweiz", "Hamburg"} <= nouns.proper and not {"Schweiz", "Hamburg"} & nouns.common
    assert "Wolfgang" in nouns.given


# The list is read by cutting its text at the lines that start with "[" (german_nouns._sections);
# it must give the same sets as reading it line by line, as str.splitlines() splits it.
from hypothesis import given, settings, strategies as st  # noqa: E402

from sitegen.convert.german_nouns import _sections, _sections_by_line  # noqa: E402

_LINES = ["\n", "\n", "\n", "[", "]", "#", "a", "Zeit", "[common]", "[both]", "[proper]", "[given]",
          "[other]", "[]", " "]
_BREAKS = ["\r", "\r\n", "\u2028", "\x85", "\x0c"]   # other line ends: read line by line


def _read(read, text):
    try:
        return read(text)
    except KeyError as exc:              # a header naming no section, read either way
        return ("KeyError", exc.args)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(st.lists(st.sampled_from(_LINES), max_size=40),
                 st.lists(st.sampled_from(_LINES + _BREAKS), max_size=40)))
def test_cutting_at_the_headers_reads_the_same_sets_as_reading_line_by_line(pieces):
    text = "".join(pieces)
    assert _read(_sections, text) == _read(_sections_by_line, text)


def test_the_shipped_list_reads_the_same_either_way():
    text = gzip.decompress(PATH.read_bytes()).decode("utf-8")
    assert _sections(text) == _sections_by_line(text)
    examples = ["# note\n[common]\nA\n\n#x\nB\n[both]\n[x\nC", "pre\n[proper]\nD\n[given]", "[common]\n\nE\n"]
    for text in examples:
        assert _sections(text) == _sections_by_line(text)
