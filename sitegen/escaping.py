"""HTML escaping as MarkupSafe does it, the same result, without its Python wrapper's cost for the
commonest values. An article page escapes about 130 values; markupsafe.escape calls Markup.__new__
in Python for each, which asks the string for __html__ before making the Markup."""
from __future__ import annotations

import markupsafe
from markupsafe import Markup

_new_str = str.__new__
# The escaped text of a plain str (never a Markup, which it would escape again): MarkupSafe's C
# escaper (its pure-Python twin where the C one is not built); an older MarkupSafe without it
# takes its own escape(). Compiled templates call it for a value of type str (render._CodeGenerator).
escape_text = getattr(markupsafe, "_escape_inner", None) or (lambda s: str(markupsafe.escape(s)))
_inner = escape_text


def escape(value: object) -> Markup:
    """markupsafe.escape(value)."""
    kind = type(value)
    if kind is str:
        return _new_str(Markup, _inner(value))
    if kind is Markup:
        return value  # markupsafe returns an equal copy
    return markupsafe.escape(value)


def escape_str(value: object) -> str:
    """str(escape(value)), for text put into a larger string: an f-string of a Markup goes through
    Markup's own __format__ (about 2,400 instructions a value, more than the escaping)."""
    return _inner(value) if type(value) is str else str(markupsafe.escape(value))


def tail_as_text(html: str) -> str:
    """`html` for the stdlib's HTMLParser, each '<' after its last '>' written '&lt;': no tag, comment
    or declaration can end there, so each is text. Python before 3.11.13 (gh-135462) read on to the
    end at each such '<' + letter on close() and then took it as text, a later one drops it: a raw
    block holding 'if x<a and y<b' cost its length squared (51 s at 39 KB, review52e 2), and read
    differently by interpreter. Written as text, it is read once and alike on any Python."""
    last = html.rfind(">") + 1
    return html if html.find("<", last) < 0 else html[:last] + html[last:].replace("<", "&lt;")
