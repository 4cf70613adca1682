"""convert/sections.py: a seed's section from the label or breadcrumb above its headline."""
from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.config import parse_config
from sitegen.convert import convert_all, convert_text
from sitegen.convert.sections import seed_section

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "convert"
SECTIONS = {"world": {"name": "World"}, "money": {"name": "Business", "slug": "business"},
            "sport": {"name": "Sport"}}


def config(**convert):
    return parse_config({"sections": SECTIONS, "convert": convert})


@pytest.mark.parametrize("lines, expected", [
    (["World", "Headline"], "world"),                                   # a bare label right above
    (["Home › Business › Markets", "By Jo", "Headline"], "money"),      # a breadcrumb; the name, any case
    (["News / sport / Football", "Headline"], "sport"),                 # the most specific crumb that matches
    (["Politics", "Headline"], ""),                                     # no such section
    (["World", "a", "b", "c", "d", "Headline"], ""),                    # a menu item far above is no label
])
def test_labels_and_breadcrumbs(lines, expected):
    assert seed_section(tuple(lines), "Headline", config()) == expected


def test_aliases_and_the_default_section():
    cfg = config(section_aliases={"Wirtschaft": "money"}, default_section="world")
    assert seed_section(("Startseite > Wirtschaft", "Headline"), "Headline", cfg) == "money"
    assert seed_section(("Ghost", "Headline"), "Headline", cfg) == "world"      # no label matches: the default
    assert seed_section(("Headline",), "Headline", config()) == ""


def test_no_sections_configured_means_no_section():
    assert seed_section(("World", "Headline"), "Headline", parse_config({})) == ""


def test_a_converted_seed_gets_the_section_above_its_headline(tmp_path):
    text = (FIXTURES / "byline_first_by.txt").read_text(encoding="utf-8")   # a menu, then "World", the headline
    assert convert_text(text, source="s.txt", config=config()).section == "world"
    assert convert_text(text, source="s.txt", config=parse_config({})).section == ""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "s.txt").write_text(text, encoding="utf-8")
    cfg = parse_config({"sections": SECTIONS}, tmp_path)
    assert convert_all(cfg).ok
    (written,) = (tmp_path / "content").glob("*.md")
    assert "\nsection: world\n" in written.read_text(encoding="utf-8")
