"""The cache format holds what the build stores and refuses to make anything else."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from sitegen.codec import CodecError, dumps, loads
from sitegen.content import Article, Correction, parse_article


def test_an_article_with_odd_front_matter_comes_back_equal():
    text = ("---\ntitle: T\ndate: 2025-03-30T01:30:00\nupdated: 2025-03-31\ntags: [a, b]\n"
            "corrections: [{date: 2025-04-01T10:00:00Z, text: Fixed.}]\n"
            "extra: {when: 2024-02-29, list: [1, [2, 3]], nested: {\"\\0\": 1, 7: x, v: y}}\n---\nBody.\n")
    art = parse_article("t.md", text, ZoneInfo("Europe/London"))
    assert art.extra["nested"] == {"": 1, 7: "x", "v": "y"}   # the parse drops control characters
    # the codec's own tag as a key, which an Article made in code may still hold
    art = replace(art, extra={**art.extra, "nested": {"\x00": 1, 7: "x", "v": "y"}})
    back = loads(dumps(art), (Article, Correction))
    assert back == art and back.words == art.words
    assert back.date.tzinfo == ZoneInfo("Europe/London") and back.date.utcoffset() == art.date.utcoffset()
    assert isinstance(back.tags, tuple) and isinstance(back.extra["list"], list)
    assert back.extra["when"] == date(2024, 2, 29) and back.extra["nested"] == {"\x00": 1, 7: "x", "v": "y"}  # the tag's own key


def test_only_the_named_dataclasses_are_made():
    fixed = Correction(datetime(2025, 1, 1, tzinfo=timezone.utc), "x")
    with pytest.raises(CodecError):
        loads(dumps(fixed), ())                      # not named by the reader
    with pytest.raises(CodecError):
        loads('{"\\u0000": "@", "v": ["system", [["command", "touch /tmp/x"]]]}', (Article,))
    with pytest.raises(CodecError):
        loads('{"plain": "object"}')                 # nothing this format writes
    with pytest.raises(CodecError):
        loads(dumps(fixed).replace('"text"', '"txt"'), (Correction,))  # another version's fields


def test_values_the_format_cannot_hold_are_refused_when_saving():
    with pytest.raises(TypeError):
        dumps({"x": object()})


# A dataclass's long strings (an article's body) are quoted by replaces, not json's encoder, which
# writes a string a character at a time (session 33): the text must stay json's, byte for byte.
_ODD = ["", "x", '"\\\n\r\t', "\x00\x01\x1f\x7f\x80\u2028\u2029\ud800\udfff", "é" * 600, "a\tb\r\nc" * 200,
        '"' * 700, "\\" * 700, "\x1f" + "z" * 600, "z" * 600 + "\x0b", "😀" * 300]


def _json_of(value) -> str:
    import json
    from sitegen.codec import _enc
    return json.dumps(_enc(value), ensure_ascii=False, separators=(",", ":"), check_circular=False)


def _article(body: str, title: str = "T", summary: str = "") -> Article:
    art = parse_article("t.md", "---\ntitle: T\ndate: 2025-03-30T01:30:00\ntags: [a]\n---\nBody.\n", ZoneInfo("UTC"))
    return replace(art, body=body, title=title, summary=summary)


@pytest.mark.parametrize("body", _ODD)
@pytest.mark.parametrize("title", ["T", "q" * 600, "\x05" * 520])
def test_a_dataclass_with_long_strings_is_written_as_json_writes_it(body, title):
    for art in (_article(body, title), _article(body, title, summary=body + "s" * 600)):
        assert dumps(art) == _json_of(art)
        assert loads(dumps(art), (Article, Correction)) == art
    fixed = Correction(datetime(2025, 1, 1, tzinfo=timezone.utc), body)  # a long string last
    assert dumps(fixed) == _json_of(fixed) and loads(dumps(fixed), (Correction,)) == fixed


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=1500), st.text(max_size=700), st.integers(0, 3))
def test_any_long_text_is_written_as_json_writes_it(body, title, pad):
    body = body * (1 + pad * (600 // max(1, len(body))))  # many across LONG, some far over it
    art = _article(body, title)
    assert dumps(art) == _json_of(art)


def test_a_long_text_with_no_other_controls_takes_no_per_character_quoting(monkeypatch):
    from sitegen import codec
    quoted = []
    real = codec._QUOTE
    monkeypatch.setattr(codec, "_QUOTE", lambda s: quoted.append(s) or real(s))
    art = _article("A body,\n\twith \"quotes\" and a \\ backslash.\r\n" * 50)
    assert dumps(art) == _json_of(art)
    assert all(len(s) < codec.LONG for s in quoted)  # only names: the body went through replaces


def test_a_dataclass_field_the_format_cannot_hold_is_refused():
    with pytest.raises(TypeError):
        dumps(Correction(datetime(2025, 1, 1, tzinfo=timezone.utc), object()))
    with pytest.raises(TypeError):
        dumps(replace(_article("x" * 600), extra={"x": object()}))
