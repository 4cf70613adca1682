"""escaping.escape is markupsafe.escape, faster: the same text and the same type for any value."""
from __future__ import annotations

import markupsafe
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from sitegen.escaping import escape, escape_str


class _Html:
    def __html__(self) -> str:
        return "<b>mine</b>"


class _Text(str):
    pass


@given(st.text())
def test_any_string_escapes_as_markupsafe_does(text):
    ours, theirs = escape(text), markupsafe.escape(text)
    assert ours == theirs and type(ours) is type(theirs) is Markup


def test_other_values_escape_as_markupsafe_does():
    for value in [None, 0, 3.5, True, Markup("<i>safe</i>"), _Html(), _Text("<a & 'b'>"), ["<x>"], b"<y>"]:
        ours, theirs = escape(value), markupsafe.escape(value)
        assert ours == theirs and type(ours) is type(theirs), value


def test_quotes_and_markup_characters_are_escaped():
    assert escape("""<a href="x" title='y'>&</a>""") == "&lt;a href=&#34;x&#34; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"


@given(st.text())
def test_escape_str_is_the_same_text_as_plain_str(text):
    assert escape_str(text) == str(markupsafe.escape(text)) and type(escape_str(text)) is str


def test_escape_str_of_other_values_is_markupsafes_text():
    for value in [None, 0, 3.5, Markup("<i>safe</i>"), _Html(), _Text("<a & 'b'>"), b"<y>"]:
        assert escape_str(value) == str(markupsafe.escape(value)) and type(escape_str(value)) is str, value


def test_review52e_tail_as_text_makes_text_of_each_less_than_after_the_last_greater_than():
    """review52e 2: after the last '>' no tag, comment or declaration can end, so each '<' there is
    written '&lt;' (the stdlib parser before Python 3.11.13 read on to the end at each on close());
    what comes before is as given, and the parser reads the tail as the same text."""
    from html.parser import HTMLParser

    from sitegen.escaping import tail_as_text
    assert tail_as_text('<p class="a">x<a y<b') == '<p class="a">x&lt;a y&lt;b'
    assert tail_as_text("if x<a and y<b") == "if x&lt;a and y&lt;b"
    assert tail_as_text("<a b='<!-- </p ") == "&lt;a b='&lt;!-- &lt;/p "
    for kept in ("", "plain text", "<p>a<b>c</b></p>", "<a x<a y>", "a < b > c"):
        assert tail_as_text(kept) == kept

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.text: list[str] = []

        def handle_data(self, data: str) -> None:
            self.text.append(data)
    parser = Text()
    parser.feed(tail_as_text("<p>if x<a and y<b"))
    parser.close()
    assert "".join(parser.text) == "if x<a and y<b"
