"""Markdown escaping: seed text renders exactly as written, never as markup."""
from __future__ import annotations

import re

from .blocks import table_cells

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


# The spaces a paragraph line's runs are collapsed from: not str.split()'s every Unicode space, which
# made the seed's no-break and thin spaces ('12\u202f000', '«\u00a0Nous\u00a0»', '4\u2009000') plain ones,
# so a narrow screen could break the line between '12' and '000 euros'.
_SPACES = " \t\n\r\f\v"
# A run of them becomes one space, matched only where that changes the text (a run of two or more,
# or one that is no plain space): `[{_SPACES}]+` matched, and replaced, every space between two
# words (`body` of the 352 dev articles: 70 -> 52 ms).
_SPACE_RUN = re.compile(f"[{_SPACES}]{{2,}}|[{_SPACES[1:]}]")


def escape(text: str) -> str:
    """Backslash-escape what CommonMark would read as markup; the text is one paragraph line."""
    text = _SPACE_RUN.sub(" ", text.strip(_SPACES))
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
    # "…," he said. "…" — two quotes with words between are not one stand-alone quote, also when
    # the comma follows the closing mark ("„…“, sagt Bürger. „…“"), a dash does ("“…”— I grimaced— “…”",
    # "« … » – a déclaré X – « … »", "«…» —dijo—. «…»") or the quotes are single ("‘…,’ said X. ‘…’").
    return not (_TWO_SINGLE_QUOTES if t[0] == "‘" else _TWO_QUOTES).search(inner)


# A closing mark, punctuation, a space or a dash, words, an opening mark; a closing single mark
# only inside single ones ("‘…,’ said X. ‘…’"; in double ones it closes a quote within the quote,
# "“He told me ‘no,’ and then …”") and only after punctuation (not the apostrophe of "players’ union")
_BETWEEN = r"(?:[,.;:!?]*\s+[—–]?\s*|\s*[—–]\s*)\w+[^\"”“«‘]*[\"“„«‘]"
_TWO_QUOTES = re.compile(r"[\"”“»]" + _BETWEEN)
_TWO_SINGLE_QUOTES = re.compile(r"(?:[\"”“»]|(?<=[,.;:!?…])’)" + _BETWEEN)
# More stand-alone quotes than this in one body are dialogue or a gathering of voices (a story's
# conversation, ten mothers' greetings), not pull quotes: none is set as one.
MAX_QUOTES = 3


def paragraph(text: str, quotes: bool = True) -> str:
    return "> " + escape(text) if quotes and is_standalone_quote(text) else escape(text)


# A list item as the body keeps it: the seed's line with its marker (extract keeps a marked line
# whole). Numbered items stay paragraphs: their numbers are the seed's, not always 1, 2, 3; so do
# lines opening with an en or em dash, which open quoted speech in Polish, Spanish and French
# ("– To jest moment fundamentalny.", "— ¿Vienes?"), their dash written as text.
_ITEM = re.compile(r"^[•·▪●◦‣∙*\-]\s+")
_RULE_CELL = re.compile(r"^:?-+:?$")        # a Markdown table's own header rule, '---' / ':--:'


def _kind(text: str) -> str | int | None:
    """'item' for a list item, a row's cell count for a table row, else None (a paragraph)."""
    # (first character and '|' tested first: most paragraphs are neither, and this runs on each)
    if text[:1] in "•·▪●◦‣∙*-" and _ITEM.match(text):
        return "item"
    if "|" not in text:
        return None
    cells = table_cells(text)
    return len(cells) if cells else None


def _entries(rows: list[str]) -> bool:
    """Whether a run of '|' lines with as many cells each is a live blog's entries, each a paragraph,
    not a table: one of them holds a cell of prose, or each is a time of day and a sentence ('11:02 |
    Turnout is higher than in 2019.'). Judged line by line, the short entries between long ones made
    a table of their own (rf47b 8)."""
    cells = [table_cells(r) for r in rows]
    return (any(_sentence(c) for row in cells for c in row)
            or all(_TIME.match(row[0]) and _ends_sentence(row[-1]) for row in cells))


def _sentence(cell: str) -> bool:
    """A cell of prose, 8 words or more ending in . ! ? : a live blog's '10:32 | The minister has
    arrived ...' entries, each a paragraph, whose first was a table's header (read before every
    later entry by screen readers). Figures and names are short ('Madrid | 12.300 | -2,1 %')."""
    return _ends_sentence(cell) and len(cell.split()) >= 8


def _ends_sentence(cell: str) -> bool:
    return cell.rstrip(_CLOSERS)[-1:] in (".", "!", "?", "…")


# A live blog's entry time: '10:32', '9:05 pm', '10.32' (UK, Nordic), '10.32 Uhr', '10h32' (French), with a
# zone after it in capitals ('10:32 BST'); minutes 00-59, so a decimal figure ('10.75') is no time.
_TIME = re.compile(r"^\d{1,2}[:.h][0-5]\d(?:\s*uhr)?\s*(?:[ap]\.?m\.?)?(?:\s*(?-i:[A-Z]{2,4}))?$", re.I)


_CLOSERS = "\"'”’»)]"


def _table(rows: list[str]) -> str:
    """Rows as a Markdown table, the first the header (the seed's own header rule left out)."""
    cells = [table_cells(r) for r in rows]
    cells = [cells[0]] + [c for c in cells[1:] if not all(_RULE_CELL.match(x) for x in c)]
    # (a cell is inline text: no line start to escape, "12.300" and "-2,1 %" stay as written)
    lines = ["| " + " | ".join(_escape_inline(x) for x in row) + " |" for row in cells]
    return "\n".join([lines[0], "|" + " --- |" * len(cells[0]), *lines[1:]])


def _block(kind: str | int, run: list[str], quotes: bool) -> list[str]:
    if len(run) < 2 or kind != "item" and _entries(run):
        return [paragraph(p, quotes) for p in run]
    if kind == "item":
        return ["\n".join("- " + escape(p[_ITEM.match(p).end():]) for p in run)]
    return [_table(run)]


def body(paragraphs: tuple[str, ...] | list[str]) -> str:
    """The body as Markdown: paragraphs apart; a run of two or more list items one list (items
    one a line), and of two or more rows with as many cells one table (the first row its header),
    so the page shows the seed's list or table, not one paragraph a line. A lone item or row
    stays a paragraph, its marker or '|' written as text. A paragraph that is nothing but a
    quotation is a blockquote, unless the body has more than MAX_QUOTES of them."""
    blocks: list[str] = []
    run: list[str] = []
    kind: str | int | None = None
    quotes = sum(1 for p in paragraphs if p[:1] in _QUOTE_OPEN and is_standalone_quote(p)) <= MAX_QUOTES
    for p in [*paragraphs, None]:
        k = _kind(p) if p is not None else None
        if run and k != kind:
            blocks.extend(_block(kind, run, quotes))
            run = []
        if k is not None:
            run.append(p)
        elif p is not None:
            blocks.append(paragraph(p, quotes))
        kind = k
    return "\n\n".join(blocks) + "\n"
