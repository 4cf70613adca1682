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
