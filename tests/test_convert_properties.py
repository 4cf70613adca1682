"""Property tests: any input converts or raises SeedError; well-formed articles keep every paragraph."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sitegen.config import Config
from sitegen.convert import SeedError, convert_all, convert_text

CONFIG = Config()
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = ("river council market school doctor village station report water energy budget "
         "court museum harbour engineer teacher farmer minister storm bridge").split()
SMALL = "the a of to and in on for with from after before over under".split()
NAMES = "Maria Jonas Aisha Pedro Yuki Lena Omar Ines Tomas Priya".split()
SURNAMES = "Novak Silva Haddad Berg Tanaka Moreau Okafor Lund Rossi Kaur".split()


@FAST
@given(st.text(max_size=1500))
def test_any_text_converts_or_raises_seed_error(text):
    try:
        art = convert_text(text, source="seeds/x.txt", config=CONFIG)
    except SeedError as err:
        assert "seeds/x.txt" in str(err)
    else:
        assert art.title and art.paragraphs
        assert art.body_markdown.endswith("\n")


@FAST
@given(st.lists(st.sampled_from(["• Home", "ON NOW", "Subscribe", "", "\n", "A Title Here", "x" * 30,
                                 "We use cookies.", "© 2024", "The council met.", "• en"]), max_size=40))
def test_boilerplate_mixtures_never_crash(lines):
    try:
        convert_text("\n".join(lines), source="s.txt", config=CONFIG)
    except SeedError:
        pass


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=2000))
def test_any_bytes_in_convert_all(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("site")
    (root / "seeds").mkdir()
    (root / "seeds" / "x.txt").write_bytes(data)
    summary = convert_all(Config(root=str(root)), now=datetime(2025, 1, 1, tzinfo=timezone.utc))
    assert summary.converted + summary.failed + summary.unchanged == 1
    if summary.failed:
        assert summary.errors[0].startswith("seeds/x.txt: ")


@st.composite
def sentences(draw):
    # Longer than any generated headline (5-10 words): a 9-word exclamation alone is headline-shaped.
    n = draw(st.integers(11, 18))
    words = [draw(st.sampled_from(WORDS + SMALL)) for _ in range(n)]
    if draw(st.booleans()):
        words.insert(draw(st.integers(1, n - 1)), draw(st.sampled_from(NAMES)) + " "
                     + draw(st.sampled_from(SURNAMES)))
    if draw(st.booleans()):
        words.insert(draw(st.integers(1, n - 1)), str(draw(st.integers(2, 2000))))
    text = " ".join(words)
    return text[0].upper() + text[1:] + draw(st.sampled_from([".", ".", ".", "!", "?"]))


@st.composite
def articles(draw):
    title_words = [draw(st.sampled_from(WORDS)) for _ in range(draw(st.integers(5, 10)))]
    title = " ".join(title_words).capitalize()
    # Distinct sentences: a sentence repeated on a page is a teaser or a prompt, by design, and
    # one that repeats the headline is the headline again (share text, a related link).
    key = lambda s: re.sub(r"[\W_]+", "", s.casefold())  # noqa: E731
    pool = draw(st.lists(sentences().filter(lambda s: key(s) != key(title)), min_size=3, max_size=16,
                         unique_by=key))
    sizes = draw(st.lists(st.integers(1, 3), min_size=len(pool), max_size=len(pool)))
    paragraphs, i = [], 0
    for size in sizes:
        if i >= len(pool):
            break
        paragraphs.append(" ".join(pool[i:i + size]))
        i += size
    if len(paragraphs) < 3:
        paragraphs = pool[:3]
    author = draw(st.sampled_from(NAMES)) + " " + draw(st.sampled_from(SURNAMES))
    nav = draw(st.lists(st.sampled_from(["• Home", "• World", "• Sport", "• Culture", "Menu", "Search"]),
                        max_size=8))
    footer = draw(st.lists(st.sampled_from(["• About Us", "• Contact Us", "Privacy Policy", "© 2024 News",
                                            "Follow us on:"]), max_size=6))
    byline_first = draw(st.booleans())
    parts = [*nav, "", title, ""]
    if byline_first:
        parts += [f"By {author}", "March 3, 2024", ""]
    for para in paragraphs:
        parts += [para, ""]
    if not byline_first:
        parts += [author, ""]
    parts += footer
    return "\n".join(parts), title, paragraphs, author


_RIVER = "River river river river river"  # found by Hypothesis: a paragraph ending in the headline's words
_RIVERS = [_RIVER + " river river river river river river.", _RIVER + " river river river river river council.",
           _RIVER + " river river river river river market."]


@FAST
@given(articles())
@example(("\n" + _RIVER + "\n\n" + "\n\n".join(_RIVERS) + "\n\nMaria Novak\n", _RIVER, _RIVERS, "Maria Novak"))
def test_every_paragraph_of_a_well_formed_article_survives(article):
    text, title, paragraphs, author = article
    art = convert_text(text, source="s.txt", config=CONFIG)
    assert art.title == title
    kept = [art.summary, *art.paragraphs]
    for para in paragraphs:
        assert para in kept
    assert art.authors == (author,)
    for junk in ("• Home", "Privacy Policy", "Follow us on:", "Menu"):
        assert all(junk not in p for p in art.paragraphs)
