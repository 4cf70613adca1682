"""Markdown escaping: seed text renders exactly as written, never as markup."""
from __future__ import annotations

import re

_INLINE = re.compile(r"([\\`*_\[\]<>&|~{}])")
# What _INLINE.sub(r"\\\1", ...) does, one character at a time with str.replace (the backslash
# first, so the ones added are not escaped again): 20x faster than the template substitution,
# which runs Python code for every match (9% of the parent process's time in `sitegen convert`).
_INLINE_CHARS = "\\`*_[]<>&|~{}"


def _escape_inline(text: str) -> str:
    for ch in _INLINE_CHARS:
        if ch in text:
            text = text.replace(ch, "\\" + ch)
    return text


_LINE_START = re.compile(r"^(#|>|\+|-|=|(\d{1,9})([.)]))")
_QUOTE_OPEN = "\"“„«‘「『"
_QUOTE_CLOSE = "\"”“»’」』"


def escape(text: str) -> str:
    """Backslash-escape what CommonMark would read as markup; the text is one paragraph line."""
    text = " ".join(text.split())
    out = _escape_inline(text)
    m = _LINE_START.match(out)
    if m:
        if m.group(2):
            out = m.group(2) + "\\" + out[len(m.group(2)):]
        else:
            out = "\\" + out
    return out


def is_standalone_quote(text: str) -> bool:
    """A paragraph that is nothing but a quotation: opens and closes with quote marks."""
    t = text.strip()
    if len(t) < 12 or t[0] not in _QUOTE_OPEN:
        return False
    body = t.rstrip(".")
    if body[-1:] not in _QUOTE_CLOSE:
        return False
    inner = body[1:-1]
    # "…," he said. "…" — two quotes with words between are not one stand-alone quote.
    return not re.search(r"[\"”“»]\s+\w+[^\"”“«]*[\"“„«]", inner)


def paragraph(text: str) -> str:
    return "> " + escape(text) if is_standalone_quote(text) else escape(text)


# A list item as the body keeps it: the seed's line with its marker (extract keeps a short marked
# line whole). Numbered items stay paragraphs: their numbers are the seed's, not always 1, 2, 3;
# so do lines opening with an em dash, Spanish and French dialogue ("— ¿Vienes? — No.").
_ITEM = re.compile(r"^[•·▪●◦‣∙*\-–]\s+")


def body(paragraphs: tuple[str, ...] | list[str]) -> str:
    """The body as Markdown: paragraphs apart, and a run of two or more list items one list (the
    items one a line), so the page shows the seed's list, not one paragraph an item. A lone
    marked line stays a paragraph, its marker written as text."""
    blocks: list[str] = []
    run: list[str] = []
    for p in [*paragraphs, None]:
        if p is not None and _ITEM.match(p):
            run.append(p)
            continue
        if len(run) >= 2:
            blocks.append("\n".join("- " + escape(item[_ITEM.match(item).end():]) for item in run))
        else:
            blocks.extend(paragraph(item) for item in run)
        run = []
        if p is not None:
            blocks.append(paragraph(p))
    return "\n\n".join(blocks) + "\n"
