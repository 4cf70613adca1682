"""blocks: the per-line helpers whose fast paths must give what their plain definitions give."""
from __future__ import annotations

import re

import pytest

from sitegen.convert.blocks import content_words, is_caption, make_line, norm_key

_LINES = [
    "Breaking: The Council's budget (2024) — passed 7-2!",
    "Straße über Öl: Müller & Søn, naïve café",
    "ΑΘΗΝΑ 12/3 Ἀθῆναι",
    "snake_case and under_scores_ are dropped",
    "İstanbul ǅemal ﬁnal ½ ٣ 三",
    "",
]


@pytest.mark.parametrize("text", _LINES)
def test_norm_key_is_the_regex_definition(text):
    # The ASCII fast path (bytes) and the Unicode path both equal re's [\W_] removal after casefold.
    assert norm_key(text) == re.sub(r"[\W_]", "", text.casefold())


def test_content_words_are_casefolded_words_of_four_letters_and_memoised():
    line = make_line(0, "Die STRASSE und die Straße, 2024 gebaut: ok")
    assert content_words(line) == {"strasse", "gebaut"}
    assert content_words(line) is line.cache["content"]


@pytest.mark.parametrize("text, caption", [
    ("The mayor at the opening (Photo by Jane Doe/Getty).", True),     # bracketed credit, then "."
    ("The mayor at the opening [File: Reuters]", True),
    ("Photo: Jane Doe", True),
    ("Crowds outside the hall. PHOTO BY JANE DOE", True),              # "BY": the guard lower-cases
    ("Foto: dpa", True),
    ("The council approved the budget on Monday.", False),
    ("A photograph of the event (2019)", False),
])
def test_is_caption(text, caption):
    assert is_caption(make_line(0, text)) is caption


def test_a_line_seen_again_gets_its_own_line_and_memo():
    # make_line's shape is cached by text across pages: the Line itself, its number and its
    # per-line memo (which the rules fill as they read one page) must not be shared.
    first = make_line(3, "• Jane Doe, Staff Writer")
    first.cache["names"] = ["Jane Doe"]
    again = make_line(40, "• Jane Doe, Staff Writer")
    assert again is not first and again.index == 40 and again.cache == {}
    assert (again.text, again.bullet, again.words, again.lower_ratio, again.sentences) == (
        first.text, first.bullet, first.words, first.lower_ratio, first.sentences) == (
        "Jane Doe, Staff Writer", True, 4, 0.0, 1)


from hypothesis import given, strategies as st  # noqa: E402

from sitegen.convert.blocks import _WORD, _WORD_FIRST  # noqa: E402


@given(st.text(st.sampled_from("ab AB_'’.-–9é ÉßİıK日本\u0301x"), max_size=40))
def test_each_words_first_character_is_read_as_the_words_are_found(text):
    """_shape reads the words' first characters from _WORD_FIRST: the same words as _WORD finds."""
    assert _WORD_FIRST.findall(text) == [w[0] for w in _WORD.findall(text)]


def _classified(texts):
    from sitegen.convert.blocks import classify, default_patterns
    lines = [make_line(i, t) for i, t in enumerate(texts)]
    classify(lines, default_patterns())
    return lines


@pytest.mark.parametrize("label", ["Image caption,", "Media caption,", "Image source,"])
def test_the_line_under_a_caption_label_is_a_caption(label):
    """review46g: BBC sets 'Image caption,' on a line of its own over the caption; the caption
    ('The new line will run along Carlton Road') was taken for the headline."""
    lines = _classified(["Plans were approved on Monday.", label, "The new line will run along Carlton Road",
                         "The council said the work would start next year and take two years."])
    assert [is_caption(ln) for ln in lines] == [False, True, True, False]
    plain = _classified(["Plans were approved on Monday.", "The new line will run along Carlton Road"])
    assert not is_caption(plain[1])


@pytest.mark.parametrize("text, boilerplate", [
    ("Follow BBC Nottingham on Facebook, X, or Instagram. Send your story ideas to eastmidsnews@bbc.co.uk.", True),
    ("Follow The Northern Echo on Twitter", True),
    ("Related internet links", True),
    ("Police urged residents to follow the force on Facebook for updates about the closures.", False),
    ("Follow the money, investigators said, and you will find who paid for the campaign.", False),
    ("Follow us on Twitter: @bbcnews", True),
    # rf46b 1: a how-to sentence in a WhatsApp explainer was dropped as a promo, silently.
    ("Follow the steps on WhatsApp to turn it on: open Settings, tap Privacy, then Groups, and choose My contacts.",
     False),
    ("Follow Settings on WhatsApp: open it and tap Privacy.", False),
    ("Follow Jane Doe on X. She posts every update from the trial.", False),
    ("follow bbc nottingham on facebook", False),
    # rf46e 3: BBC's current wording, and an "on" before each platform, kept as the last paragraph.
    ("Follow BBC Yorkshire on Facebook, X (formerly Twitter) and Instagram. "
     "Send your story ideas to yorkslincs.news@bbc.co.uk.", True),
    ("Follow BBC East Midlands on Facebook, on X, and on Instagram.", True),
    ("Follow us on X (formerly Twitter)", True),
    ("Follow the steps on X (formerly Twitter) to turn it on: open Settings and tap Privacy.", False),
])
def test_a_social_media_promo_or_a_links_label_is_boilerplate(text, boilerplate):
    """review46g: both were published as the body's last paragraphs."""
    assert _classified([text])[0].pattern == boilerplate


def test_bbc_promo_with_formerly_twitter_is_dropped():
    """rf46e 3: in the BBC fixture, the promo as BBC words it now stayed the story's last paragraph."""
    from pathlib import Path

    from sitegen.config import Config
    from sitegen.convert import convert_text
    fixture = Path(__file__).parent / "fixtures/convert/bbc_image_caption.txt"
    nottingham = "Follow BBC Nottingham on Facebook, X, or Instagram. Send your story ideas to eastmidsnews@bbc.co.uk."
    for promo in ("Follow BBC Yorkshire on Facebook, X (formerly Twitter) and Instagram. Send your story ideas to "
                  "yorkslincs.news@bbc.co.uk.", "Follow BBC East Midlands on Facebook, on X, and on Instagram."):
        text = fixture.read_text(encoding="utf-8")
        assert nottingham in text
        art = convert_text(text.replace(nottingham, promo), source="bbc.txt", config=Config())
        assert art.paragraphs and promo not in art.paragraphs
