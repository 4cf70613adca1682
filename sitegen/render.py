"""Site + Page -> bytes. Jinja (autoescape, StrictUndefined) for HTML pages, generators for the rest.

Templates get plain view objects (`views.py`), never the internal models. No I/O but reading
templates.
"""
from __future__ import annotations

import hashlib
import json
import linecache
import re
import signal
import threading
import types
from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache, partial
from gettext import NullTranslations
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Iterator
from urllib.parse import unquote

import jinja2
import jinja2.compiler
import jinja2.meta
import jinja2.runtime
from markupsafe import Markup
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.anchors.index import slugify
from mdit_py_plugins.footnote import footnote_plugin

from . import LazyPattern, escaping, feeds, hosting, i18n, seo, sitemaps, views
from .bytecode import SignedBytecodeCache, bytecode_cache, environment_digest
from .config import DEFAULT_THEME, Config, leads_out, outside_message
# content reads a body's pictures with the parser this renders it with
from .content import ContentError, needs_extended, with_data_pictures
from .images import ImageSet
from .langtag import bcp47
from .site import Page, Site

TEASER = "_teaser.html"
_new_str, _replace = str.__new__, str.replace
HEADING = "h2"  # the level a teaser is rendered at; see Renderer.teaser
LEVELS_MEMO = 2048  # teasers at another level a worker keeps (1.4 KB each, many UCS-2; a 1,000-article site's all fit)


class RenderError(Exception):
    """A template or page failed; str() names the template file, the line and what to do."""
    story = ""  # the story (its path under content/) whose teaser failed, when one did (Renderer.teaser)
    kind_wide = False   # the same on every page of its kind, whatever story it shows: none is named
    in_partial = False  # raised in a partial(): a story is named only when all its pages are that story's


PAGE_SECONDS = 60.0  # one page's render: past it, a template looping with no end is an error naming its line


# A page's HTML past this is a warning naming its cause (Renderer.big, build.py), not an error: a
# template printing far more than meant (`{{ 'x' * 200000000 }}` published a 191 MB topic page with
# "build ok", review44b), but as often a valid site: the default theme's /tags/ of 94,000 topics, a
# story with a 110,000-row results table (rf44m). Failing those held the whole newsroom back until
# stories or topics were deleted. A story page of the default theme is ~20-60 KB; Google reads the
# first 15 MB of an HTML file; readers' phones download all of it. No hard bound: the page is in
# memory once rendered, and --strict (which a deploy should use) makes the warning an error.
PAGE_BYTES = 10_000_000


def _too_big(template: str, url: str, size: int) -> str:
    return (f"{template}: the page {url} is {size / 1e6:.1f} MB of HTML, over the {PAGE_BYTES / 1e6:g} MB a page "
            "should be (Google reads the first 15 MB; readers' phones download all of it); this template, or one it "
            "uses, prints far more than meant (a value repeated, `'x' * n`, a loop over a huge range or a list "
            "printed whole in a loop), or the page lists very many items (topics, authors)")


def _text_too_big(story: str, url: str, size: int) -> str:
    return (f"{story}: its text makes a {size / 1e6:.1f} MB page ({url}), over the {PAGE_BYTES / 1e6:g} MB a page "
            "should be (Google reads the first 15 MB; readers' phones download all of it); split it into several "
            "stories, or publish a long table as a CSV file linked from it")


class RenderStopped(RenderError):
    """A page passed PAGE_SECONDS: the pages after it, likely through the same loop, are not tried."""


class _TooLong(Exception):
    """Raised into a page's render by SIGVTALRM when it passes PAGE_SECONDS (see Renderer._html)."""


def _too_long(signum: int, frame: object) -> None:
    raise _TooLong()


@contextmanager
def page_time_limit() -> Iterator[None]:
    """While rendering: SIGVTALRM ends the page being rendered (see limited). A template that loops
    with no end ({% for i in range(10**12) %}) hung the build, and `watch` and `serve` with it, for
    good and without a word (chaos37). Installed once for all pages (signal.signal costs ~4 µs,
    setitimer 0.3), in the main thread only, where Python runs handlers; forked workers inherit it.
    The timer counts the process's own CPU time (ITIMER_VIRTUAL), not the wall clock: a build paused
    (Ctrl-Z, SIGSTOP, a machine swapping) is not a loop with no end. Every thread's CPU counts: in a
    one-process build another thread's work (a watcher's search index) shortens a page's 60 s."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGVTALRM, _too_long)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, old)


def limited() -> float:
    """PAGE_SECONDS when page_time_limit's handler is in place (each page then arms the timer), else 0."""
    return PAGE_SECONDS if signal.getsignal(signal.SIGVTALRM) is _too_long else 0.0


# Prose made of paragraphs, quotes and links only (most news) leaves most CommonMark rules idle:
# a rule can only fire on its trigger characters, so a parser without the idle rules gives the
# same HTML, a quarter faster. Any other line start or character takes the full parser.
_UNUSUAL_LINE = LazyPattern(r"\n[ >]*(?:[*+\-_#=\[<|]|\d{1,9}[.)])")
_UNUSUAL_TEXT = ("\t", "    ", "`", "~~~", "<", "&", "\\", "*", "_", "![")
_IDLE_IN_PROSE = ["code", "fence", "hr", "list", "reference", "html_block", "heading", "lheading", "escape",
                  "backticks", "emphasis", "image", "autolink", "html_inline", "entity", "balance_pairs",
                  "text_join"]


def is_prose(text: str) -> bool:
    return not any(s in text for s in _UNUSUAL_TEXT) and _UNUSUAL_LINE.search("\n" + text) is None


def normalize(text: str) -> str:
    """markdown-it's `normalize` rule (CRLF and CR become LF, NUL becomes U+FFFD), which the parsers
    here skip: its two regex passes over every body cost 8% of the parse, and a text saved by
    sitegen has neither."""
    if "\r" in text or "\0" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
    return text


# The commonest news body (paragraphs, quotes set off by blank lines, inline links, a **bold** opening
# sentence) rendered by hand, a tenth of markdown-it's time: anything else, or anything this is
# not sure of, returns None and takes markdown-it. tests/test_render.py holds the two equal.
_NOT_FAST = ("\t", "    ", "`", "~", "<", "&", "\\", "_", "!", "|", "\r", "\0", "\x0b", "\x0c")
# normalize()'s text has no CR or NUL; a NUL costs a scan of a whole body that is not Latin-1
# (memchr is no use for the zero byte of 2-byte text)
_NOT_FAST_NORMALIZED = tuple(s for s in _NOT_FAST if s not in ("\r", "\0"))
_LINE_START = re.compile(r"[*+\-_#=\[<|>]|\d{1,9}[.)]")   # what could open a block: not ours
_STRONG = re.compile(r"(?<![^ ])\*\*([^\s*](?:[^*]*[^\s*])?)\*\*(?![^ ])")
_LINK = re.compile(r"\[([^\[\]\n*]+)\]\(([^\x00-\x20()<>\[\]\x7f]+)\)")


# A web address that normalizeLink gives back as it is: lower-case host labels (mdurl's host rules),
# a path of characters mdurl.encode keeps, no '%', query or fragment. normalizeLink parses and
# re-encodes a character at a time in Python (~180k instructions a link); most links are like this.
_PLAIN_LINK = re.compile(r"https?://[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,7}(?:/[A-Za-z0-9/._~-]*)?")


# A web link whose text is its own address: the print style writes every other web link's address
# after it (paper has no links to follow) and would repeat this one's.
ADDRESS_CLASS = "link-address"


def _bare(address: str) -> str:
    """An address as a story may show it: without its scheme, a leading 'www.' ('bbc.co.uk/news' for
    https://www.bbc.co.uk/news, printed twice before: rf46b) or a final '/'."""
    bare = address.partition("://")[2] if address.startswith(("https://", "http://")) else address
    return bare.removeprefix("www.").rstrip("/")


def shows_its_address(text: str, href: str) -> bool:
    """A web link reading as its own address ('https://example.org/r.pdf', 'example.org/r.pdf'; href
    as markdown-it normalizes it, percent-encoded, so the decoded form is compared too)."""
    if " " in text or not href.startswith(("https://", "http://")):
        return False
    shown = _bare(text)
    return shown == _bare(href) or "%" in href and shown == _bare(unquote(href))


def _escaped(text: str) -> str:
    """What markdown-it escapes in text that has no '<' or '&' (_NOT_FAST): two tests are cheaper
    than two replaces that find nothing, news prose's common case."""
    return text.replace(">", "&gt;").replace('"', "&quot;") if ">" in text or '"' in text else text


def _fast_inline(text: str, link: Callable[[str], str | None]) -> str | None:
    """A line's text as markdown-it renders it: links and escaping (no `*` left here)."""
    if "[" not in text and "]" not in text:
        return _escaped(text)
    out, at = [], 0
    for m in _LINK.finditer(text):
        href = link(m.group(2))
        if href is None:
            return None
        out.append(_escaped(text[at:m.start()]))
        words = m.group(1)   # marked as _render_link_open marks it (no '&' or '"' here: href as escaped is href)
        mark = f' class="{ADDRESS_CLASS}"' if shows_its_address(words, href) else ""
        out.append(f'<a href="{href}"{mark}>' + _escaped(words) + "</a>")
        at = m.end()
    out.append(_escaped(text[at:]))
    found = "".join(out)
    return None if "[" in found or "]" in found else found


def _fast_line(text: str, link: Callable[[str], str | None]) -> str | None:
    if "*" not in text:
        return _fast_inline(text, link)
    out, at = [], 0
    for m in _STRONG.finditer(text):
        before, inner = _fast_inline(text[at:m.start()], link), _fast_inline(m.group(1), link)
        if before is None or inner is None:
            return None
        out += (before, "<strong>", inner, "</strong>")
        at = m.end()
    rest = _fast_inline(text[at:], link)
    if rest is None:
        return None
    found = "".join(out) + rest
    return None if "*" in found else found


def _fast_paragraph(lines: list[str], link: Callable[[str], str | None]) -> str | None:
    if len(lines) == 1:  # most news paragraphs: the loop below for one line, which is the last
        line = lines[0]
        html = _fast_line(line.strip(" "), link) if line.strip() == line.strip(" ") else None
        return None if html is None else "<p>" + html + "</p>\n"
    out = []
    last = len(lines) - 1
    for n, line in enumerate(lines):
        if line.strip() != line.strip(" "):  # Unicode spaces at a line's ends: markdown-it's own rules
            return None
        line = line.lstrip(" ")
        if n == last:
            line, end = line.rstrip(" "), ""
        elif line.endswith("  "):
            line, end = line.rstrip(" "), "<br />\n"   # a hard break
        else:
            line, end = line[:-1] if line.endswith(" ") else line, "\n"
        html = _fast_line(line, link)
        if html is None:
            return None
        out += (html, end)
    return "<p>" + "".join(out) + "</p>\n"


def _fast_blocks(lines: list[str], link: Callable[[str], str | None], quoted: bool) -> str | None:
    """Paragraphs (and, at the top, quotes) of lines; None at anything else."""
    out: list[str] = []
    para: list[str] = []
    quote: list[str] | None = None
    for line in lines + [""]:
        bare = line.lstrip(" ")
        if not bare:  # a blank line ends a paragraph or a quote
            if para:
                html = _fast_paragraph(para, link)
                if html is None:
                    return None
                out.append(html)
                para = []
            elif quote is not None:
                inner = _fast_blocks(quote, link, True)
                if not inner:  # None, or an empty quote (markdown-it writes it on one line)
                    return None
                out.append("<blockquote>\n" + inner + "</blockquote>\n")
                quote = None
            continue
        if bare[0] == ">" and not quoted:
            if para:
                return None  # a quote right under a paragraph's line
            if quote is None:
                quote = []
            quote.append(bare[2:] if bare[1:2] == " " else bare[1:])
            continue
        if quote is not None or _LINE_START.match(bare) and not (bare.startswith("**") and bare[2:3] not in ("", " ", "*")):
            return None  # a lazy line under a quote, a list, a heading, a nested quote...
        para.append(line)
    return "".join(out)


def fast_prose(text: str, link: Callable[[str], str | None], normalized: bool = False) -> str | None:
    """`text` as CommonMark renders it, or None when it is not plain news prose. `link(dest)`:
    the escaped href markdown-it makes of a link's destination, None if it refuses it.
    `normalized`: the text came through normalize()."""
    if any(s in text for s in (_NOT_FAST_NORMALIZED if normalized else _NOT_FAST)):
        return None
    return _fast_blocks(text.split("\n"), link, False)


def _figure_paragraphs(state) -> None:
    """A paragraph holding nothing but a picture is a figure: mark it so, and drop its <p>
    (a <figure> inside <p> is invalid HTML)."""
    tokens = state.tokens
    for i in range(len(tokens) - 2):
        children = tokens[i + 1].children or []
        if (tokens[i].type == "paragraph_open" and tokens[i + 2].type == "paragraph_close"
                and len(children) == 1 and children[0].type == "image"):
            tokens[i].hidden = tokens[i + 2].hidden = True
            children[0].meta["alone"] = True


def under_base_path(base_path: str, url: str) -> str:
    """'/archive/' -> '/news/archive/' on a site under '/news/'; anything else as it is, the
    sub-path's own root too ('/news', '/news#top', '/news?q=1')."""
    if url[:1] != "/" or url[:2] == "//" or base_path == "/" or url.startswith(base_path):
        return url
    root = base_path[:-1]
    if url == root or url.startswith((root + "#", root + "?")):
        return url
    return base_path + url[1:]


def _under_base_path(base_path: str, state) -> None:
    """Links' hrefs put under the sub-path (see MarkdownRenderer), raw HTML's too. A picture keeps
    its path as written in meta['ref'], the key its processed versions are found by."""
    for block in state.tokens:
        if block.type == "html_block":
            block.content = raw_under_base_path(base_path, block.content)
        open_raw: list[str] = []   # '<textarea>' inline: the tags of its text are later tokens
        for token in block.children or ():
            if token.type == "html_inline":
                token.content = raw_under_base_path(base_path, token.content, open_raw)
            elif token.type == "link_open":
                token.attrSet("href", under_base_path(base_path, str(token.attrGet("href") or "")))
            elif token.type == "image":
                src = str(token.attrGet("src") or "")
                token.meta["ref"] = src
                token.attrSet("src", under_base_path(base_path, src))


def raw_under_base_path(base_path: str, html: str, open_raw: list[str] | None = None) -> str:
    """Raw HTML's addresses (feeds.URL_ATTRIBUTES: href, src, srcset, a form's action, ...) written
    from the site's root ('<a href="/archive/">') put under the sub-path as a Markdown link's are:
    under 'https://example.org/news/' they led off the site (review44d). Tags are read as the feeds
    read them (feeds.rewrite_urls): comments and a script's or style's text are left as they are.
    `open_raw`: see rewrite_urls. ('&' may write a root's '/': '&#47;archive/')"""
    if "/" not in html and "&" not in html and open_raw is None:
        return html
    return feeds.rewrite_urls(html, partial(under_base_path, base_path), "", open_raw)


def _resolve_md_links(state) -> None:
    """A link to another story's '.md' file gets the story's URL (state.env['links'], made by
    views from the site's plan: href -> URL); any other link is left as it is."""
    links = state.env.get("links") if state.env else None
    if not links:
        return
    for block in state.tokens:
        for token in block.children or ():
            if token.type == "link_open":
                found = links.get(str(token.attrGet("href") or ""))
                if found is not None:
                    token.attrSet("href", found)


def _outline(state) -> None:
    """A body's headings make an outline under the headline, the page's one <h1>, with no level
    skipped: screen readers navigate by it, and the HTML checker calls a skip an error. '# Heading'
    (or a '===' underline) is an <h2> like '## Heading', as is a first '### Heading' right under the
    headline; each heading is one level below the nearest one before it written bigger, so a body
    that skips none keeps its levels, and none is shown smaller than written. (It runs after the
    anchors: ids go by the level written, h1-h4, so a '##### Notes' shown as an <h3> takes no id
    and a link to '#notes' still lands on the heading that had it.)"""
    enclosing: list[tuple[int, int]] = [(1, 1)]  # (written, shown) of the headline and open sections
    tag = ""
    for token in state.tokens:
        if token.type == "heading_open":
            written = max(2, int(token.tag[1]))
            while enclosing[-1][0] >= written:
                enclosing.pop()
            enclosing.append((written, enclosing[-1][1] + 1))
            tag = token.tag = f"h{enclosing[-1][1]}"
        elif token.type == "heading_close":
            token.tag = tag


# The ids the default theme gives its own elements on a story's page (base.html, article.html and
# the partials: tests/test_render.py checks this against templates/): a body's '## Main' took
# id="main", the <main> the skip link jumps to. Ids only other pages have ('search') do not collide.
ARTICLE_IDS = frozenset({"main", "related-title", "corrections-title"})
ANCHOR_TAGS = ("h1", "h2", "h3", "h4")   # the levels written that anchors_plugin gives ids (min_level=1, max_level=4)


def _clear_of_theme_ids(state) -> None:
    """A heading whose id would be one of ARTICLE_IDS gets the next '-1', '-2' form no other
    heading's own id has; anchors_plugin keeps an id already set and gives the rest theirs, so a
    heading that collides with nothing keeps its id (a link already shared to it still lands)."""
    headings = [(token, slugify("".join(c.content for c in state.tokens[i + 1].children or ()
                                        if c.type in ("text", "code_inline"))))
                for i, token in enumerate(state.tokens)
                if token.type == "heading_open" and token.tag in ANCHOR_TAGS and not token.attrGet("id")]
    taken = {*ARTICLE_IDS, *(slug for _, slug in headings)}
    for token, slug in headings:
        if slug in ARTICLE_IDS:
            n = 1
            while f"{slug}-{n}" in taken:
                n += 1
            taken.add(f"{slug}-{n}")
            token.attrSet("id", f"{slug}-{n}")


def _render_image(self, tokens, idx, options, env) -> str:
    """Pictures through the page's env['image'] hook (views: processed, responsive markup);
    without one, or for a picture it does not know, CommonMark's <img>, loaded lazily."""
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    hook = env.get("image") if env else None
    if hook is not None:
        html = hook(token.meta.get("ref") or str(token.attrGet("src") or ""), alt, str(token.attrGet("title") or ""),
                    bool(token.meta.get("alone")))
        if html is not None:
            return html
    token.attrSet("loading", "lazy")
    return self.image(tokens, idx, options, env)


def _render_scroller(self, tokens, idx, options, env) -> str:
    """A code block or table, in the tab order: the theme scrolls one wider than the column
    sideways, and a region that scrolls must take the keyboard's focus for a reader without a
    mouse to scroll it (WCAG 2.1.1; axe's scrollable-region-focusable). Code reads left to right in
    any story: in an Arabic one its lines were right-aligned and the scroller opened at their ends."""
    token = tokens[idx]
    if token.type == "table_open":
        token.attrSet("tabindex", "0")
        return self.renderToken(tokens, idx, options, env)
    html = getattr(self, token.type)(tokens, idx, options, env)  # fence / code_block: <pre>...
    return html.replace("<pre", '<pre dir="ltr" tabindex="0"', 1)


def _render_notes_open(self, tokens, idx, options, env) -> str:
    """The footnotes' section, named for assistive technology (mdit_py_plugins' has no heading or
    label: an unnamed section at the body's end, WCAG 1.3.1), in the story's words (views.NoteWords)."""
    words = (env or {}).get("notes") or views.NoteWords()
    rule = '<hr class="footnotes-sep" />' if options.xhtmlOut else '<hr class="footnotes-sep">'
    if not words.lang:
        return f'{rule}\n<section class="footnotes" aria-label="{escapeHtml(words.notes)}">\n<ol class="footnotes-list">\n'
    # words in another language than the story's (no catalog speaks it): an aria-label would take the
    # section's language, the story's, so the name is a heading in its own (kept out of the index)
    return (f'{rule}\n<section class="footnotes" aria-labelledby="footnotes-label">\n'
            f'<h2 class="visually-hidden" id="footnotes-label"{_lang_attrs(words)} data-pagefind-ignore>'
            f'{escapeHtml(words.notes)}</h2>\n<ol class="footnotes-list">\n')


def _lang_attrs(words: views.NoteWords) -> str:
    return f' lang="{escapeHtml(words.lang)}" dir="{escapeHtml(words.dir)}"' if words.lang else ""


def _render_back_link(self, tokens, idx, options, env) -> str:
    """A footnote's link back to its reference, with a name: it was announced as its glyph alone,
    '↩︎', in every language (WCAG 2.4.4). The number is its reference's, as shown ('1', '1:1')."""
    words = (env or {}).get("notes") or views.NoteWords()
    number = self.rules["footnote_caption"](tokens, idx, options, env).strip("[]")
    html = self.rules["_footnote_back"](tokens, idx, options, env)
    return html.replace(' class="footnote-backref"',
                        f' class="footnote-backref"{_lang_attrs(words)} aria-label="{escapeHtml(words.back % {"n": number})}"',
                        1)


def _render_link_open(self, tokens, idx, options, env) -> str:
    """A link, marked when its text is its address (ADDRESS_CLASS): an autolink, or a link whose
    only text is its href (the fast path marks the same, _fast_inline)."""
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    if href.startswith(("https://", "http://")):
        text = tokens[idx + 1] if idx + 2 < len(tokens) and tokens[idx + 2].type == "link_close" else None
        if token.markup == "autolink" or text is not None and text.type == "text" and shows_its_address(text.content, href):
            token.attrJoin("class", ADDRESS_CLASS)
    return self.renderToken(tokens, idx, options, env)


class MarkdownRenderer:
    """CommonMark plus tables, footnotes, strikethrough and heading ids (anchors for links).
    `base_path`: the site's sub-path ('/news/'). A body's link or picture written from the site's
    root ('/archive/', as aliases are) is the site's, so it is put under the sub-path unless it is
    already there: under 'https://example.org/news/' a bare '/archive/' led off the site."""

    def __init__(self, allow_html: bool, base_path: str = "/"):
        self.base_path = base_path
        options = {"html": allow_html, "typographer": False, "linkify": False}
        self.plain = MarkdownIt("commonmark", options)
        self.prose = MarkdownIt("commonmark", options).disable(_IDLE_IN_PROSE)
        self.extended = (MarkdownIt("commonmark", options).enable("table").enable("strikethrough")
                         .use(footnote_plugin).use(anchors_plugin, min_level=1, max_level=4))
        self.extended.core.ruler.after("anchor", "outline", _outline)  # most headings take this parser,
        self.extended.core.ruler.before("anchor", "theme_ids", _clear_of_theme_ids)
        self.extended.add_render_rule("_footnote_back", self.extended.renderer.rules["footnote_anchor"])
        self.extended.add_render_rule("footnote_anchor", _render_back_link)
        self.extended.add_render_rule("footnote_block_open", _render_notes_open)
        self.plain.core.ruler.push("outline", _outline)  # one in a quote or a list ('> # X') the plain one
        for md in (self.plain, self.extended):  # prose has no pictures
            with_data_pictures(md)
            md.core.ruler.push("figure_paragraphs", _figure_paragraphs)
            md.add_render_rule("image", _render_image)
            for rule in ("fence", "code_block", "table_open"):
                md.add_render_rule(rule, _render_scroller)
        for md in (self.plain, self.prose, self.extended):
            md.disable("normalize")  # done in render(), only for the rare text that needs it
            md.add_render_rule("link_open", _render_link_open)
            md.core.ruler.push("md_links", _resolve_md_links)
            if base_path != "/":  # after parsing: a picture is looked up by its path as written
                md.core.ruler.push("site_root_links", partial(_under_base_path, base_path))
        self._links: dict[str, str | None] = {}

    def parser(self, text: str) -> MarkdownIt:
        if needs_extended(text):
            return self.extended
        return self.prose if is_prose(text) else self.plain

    def render(self, text: str, env: dict | None = None) -> str:
        """`env['links']`: href -> URL of the body's links to other stories' '.md' files (views)."""
        text = normalize(text)
        links = env.get("links") if env else None
        fast = fast_prose(text, partial(self._story_link, links) if links else self._link, normalized=True)
        if fast is not None:
            return fast
        return self.parser(text).render(text, env)

    def _story_link(self, links: dict[str, str], dest: str) -> str | None:
        """_link, for a body that links to other stories' files: such a link's href is the story's
        URL, as _resolve_md_links makes it on markdown-it's path (looked up by the same key)."""
        href = self.plain.normalizeLink(dest)
        found = links.get(href) if self.plain.validateLink(href) else None
        return self._link(dest) if found is None else escapeHtml(found)

    def _link(self, dest: str) -> str | None:
        """A link destination as markdown-it makes its href (normalized, checked, escaped), made
        once per destination."""
        found = self._links.get(dest, False)
        if found is False:
            href = dest if len(dest) <= 255 and _PLAIN_LINK.fullmatch(dest) else self.plain.normalizeLink(dest)
            found = escapeHtml(under_base_path(self.base_path, href)) if self.plain.validateLink(href) else None
            if len(self._links) < 4096:
                self._links[dest] = found
        return found


class _InsideLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, refusing a template that is a link leading out of its folder (or in a
    linked folder that does): templates/_footer.html -> ~/.ssh/id_rsa was read and published on
    every page (chaos37), as static/ and content/ no longer are. `shown`: each folder's name in
    messages ('templates')."""

    def __init__(self, folders: list[Path], shown: list[str]):
        super().__init__([str(d) for d in folders])
        self.shown = dict(zip(self.searchpath, shown))

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        try:
            source, filename, uptodate = super().get_source(environment, template)
        except UnicodeDecodeError as exc:  # which file, and where: the page's own template is not always it
            raise _NotUtf8.of(exc, self._file_of(template)) from None
        # a UTF-8 byte order mark (Notepad's) is no text: in _head.html it ended <head> for the browser, which
        # put the stylesheet and every meta tag after it in <body> (review47g)
        source = source.removeprefix("\ufeff")
        for folder in self.searchpath:
            if filename.startswith(folder.rstrip("/") + "/"):
                rel = filename[len(folder.rstrip("/")) + 1:]
                if (real := leads_out(folder, rel)) is not None:
                    shown = self.shown[folder]
                    raise jinja2.TemplateError(f"{shown}/{rel}: {outside_message(real, shown)}")
                if not is_template_name(rel):
                    raise jinja2.TemplateError(f"{self.shown[folder]}/{rel}: {_unwatched(rel)}")
                break
        return source, filename, uptodate


    def _file_of(self, template: str) -> str:
        """The file Jinja's loader reads for `template` (the first folder's that has it)."""
        pieces = jinja2.loaders.split_template_path(template)
        return next((f for f in (str(Path(folder, *pieces)) for folder in self.searchpath) if Path(f).is_file()), template)


class _NotUtf8(UnicodeDecodeError):
    """A template file that is not UTF-8, with its file and line (`where`): a partial's bytes failed
    every page using it, each named as its page template alone."""
    where = ""

    @classmethod
    def of(cls, exc: UnicodeDecodeError, filename: str) -> "_NotUtf8":
        found = cls(exc.encoding, exc.object, exc.start, exc.end, exc.reason)
        line = bytes(exc.object[:exc.start]).count(b"\n") + 1
        found.where = f"{filename}:{line}"
        return found


def jinja_env(config: Config, compiled: bool = True) -> jinja2.Environment:
    """`compiled`: keep compiled templates in the user's cache folder, signed (`bytecode.py`), so
    a new process (the next build, of this site or another with the same theme) loads them
    instead of compiling them again (keyed by each template's source and this environment)."""
    env = _Environment(
        loader=_InsideLoader(config.template_dirs(), [config.paths.templates, "sitegen's theme"]),
        autoescape=True,
        undefined=_Undefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        cache_size=-1,  # a plain dict: Jinja's LRU cache takes a lock on every lookup, several a page
    )
    env.filters["tojson_ld"] = seo.json_ld
    # |tojson of an undefined value (a story page's `related` elsewhere: views.Absent) fails as using it does,
    # naming the variable and what to do, not "Object of type Absent is not JSON serializable"
    env.policies["json.dumps_kwargs"] = {**env.policies["json.dumps_kwargs"], "default": _undefined_json}
    env.filters["language_name"] = i18n.language_name
    env.filters["name_language"] = i18n.name_language   # the language that name is written in
    env.filters["bcp47"] = bcp47   # <html lang="en-GB">: the project's 'en-gb' in the case BCP 47 writes
    # _() and ngettext() in templates (macros too, which are imported without context) ask for the
    # catalog of the language being rendered: a context variable the Renderer sets around each render.
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)
    env.globals.update(gettext=_gettext, ngettext=_ngettext)  # lean: no %-formatting without arguments
    # _() straight to the function, not through the extension's alias (a context lookup and a
    # context.call per string: 19,000 of the 69,000 Jinja calls of a 1,000-article build)
    env.globals["_"] = _gettext
    env.globals["list_joins"] = _list_joins
    if compiled:  # last: the cache's files are named by the environment as set up above
        env.bytecode_cache = bytecode_cache(config.path("cache"), environment_digest(env))
    return env


class _Context(jinja2.runtime.Context):
    """Jinja's Context, with a short way for the calls a theme makes most: macros (byline,
    dateline) and sitegen's own functions (_(), teaser(), partial()) never take the context, so
    they are called directly instead of being asked twice whether they want it."""

    def call(__self, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own signature
        kind = type(__obj)
        # by type, not getattr(f, "__func__", f): for a function, Python 3.11 formats the
        # AttributeError's message before getattr drops it (9 a page)
        if (kind is _MACRO or (kind is types.FunctionType and __obj in _DIRECT)
                or (kind is types.MethodType and __obj.__func__ in _DIRECT)):
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            try:
                if kind is _MACRO and not kwargs and _plain_macro_call(__obj, args):
                    # what Macro.__call__ does with all its arguments given by position and no
                    # caller: the macro's function, its text made Markup (its autoescape default)
                    text = __obj._func(*args)
                    return _new_str(Markup, text) if __obj._default_autoescape else text
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined("value was undefined because a callable raised a"
                                                    " StopIteration exception")
        return super().call(__obj, *args, **kwargs)


_MACRO = jinja2.runtime.Macro


def _plain_macro_call(macro: jinja2.runtime.Macro, args: tuple) -> bool:
    """A call Macro.__call__ would pass straight to the macro's function: every argument given by
    position, no caller, varargs or kwargs to collect, no eval context first, not async."""
    return (len(args) == macro._argument_count and not macro.caller and not macro.catch_kwargs
            and not macro.catch_varargs and not macro._environment.is_async
            and not (args and isinstance(args[0], jinja2.nodes.EvalContext)))


class _Template(jinja2.Template):
    """Jinja's Template, whose {{ value }} escapes strings without MarkupSafe's Python wrapper
    (see escaping.py): about 130 values an article page."""

    @classmethod
    def from_code(cls, environment, code, globals, uptodate=None):
        template = super().from_code(environment, code, globals, uptodate)
        template.root_render_func.__globals__["escape"] = escaping.escape  # what the compiled code calls
        return template


DIRECT = "sitegen_direct"  # a function with this attribute set to True is called straight from templates


class _CodeGenerator(jinja2.compiler.CodeGenerator):
    """Jinja's code generator, for any theme's templates, with four of its hottest paths made
    shorter (the same text, the same errors on the same template lines):
    - each run of text and {{ values }} between two statements is yielded as one string (a join
      of the same pieces) instead of a yield a piece: every yield travels up through a page's
      levels of inheritance (article.html, base.html) and is encoded on its own (_render_bytes);
    - a {{ value }} of type str is escaped by MarkupSafe's C escaper where it stands, a Markup is
      taken as it is, and anything else goes to escape() as before: escape() is a Python call
      that makes a Markup (~0.25 us), and the piece is joined into the page's text anyway;
    - {{ a.b }} reads the attribute with the built-in getattr() and asks the environment only
      when there is none (the item, else undefined): Jinja's environment.getattr is a Python call;
    - _(), teaser() and partial() are called straight instead of through context.call (see
      visit_Call).
    Macros and {% set %} blocks collect their pieces into a list as before; everything else is
    Jinja's own code."""

    VERSION = 5  # in the compiled templates' cache key (bytecode.environment_digest): bump on change

    def visit_Template(self, node: jinja2.nodes.Template, frame=None) -> None:
        self.writeline(f"from {escaping.__name__} import escape_text as _sg_text")
        super().visit_Template(node, frame)

    def _plain_escape(self, frame) -> bool:
        """{{ value }} escaped as autoescape always does: no finalize, no {% autoescape %} switch."""
        return frame.eval_ctx.autoescape and not frame.eval_ctx.volatile and self._make_finalize().src is None

    def _output_child_pre(self, node, frame, finalize) -> None:
        if self._plain_escape(frame):  # one name is enough: an escaped value never holds another
            self.write("(_sg_text(_sg_e) if (_sg_t := type(_sg_e := ")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node, frame, finalize) -> None:
        if self._plain_escape(frame):
            self.write(")) is str else _sg_e if _sg_t is Markup else escape(_sg_e))")
        else:
            super()._output_child_post(node, frame, finalize)

    @jinja2.compiler.optimizeconst
    def visit_Call(self, node: jinja2.nodes.Call, frame, forward_caller: bool = False) -> None:
        """A function marked DIRECT (_(), teaser(), partial(): they take no context and never raise
        StopIteration, which context.call turns into undefined) is called straight, anything else
        through context.call as Jinja does; `f` is evaluated once either way. The arguments are
        written into both branches (one runs): a call whose arguments hold a call is Jinja's."""
        if (forward_caller or node.dyn_args or node.dyn_kwargs or self.environment.is_async
                or self.environment.sandboxed or any(jinja2.compiler.is_python_keyword(k.key) for k in node.kwargs)
                or any(arg.find(jinja2.nodes.Call) for arg in (*node.args, *node.kwargs))):
            return super().visit_Call(node, frame, forward_caller=forward_caller)
        self.write("(_sg_c(")
        for n, arg in enumerate((*node.args, *node.kwargs)):
            self.write(", " if n else "")
            self.visit(arg, frame)
        self.write(") if getattr(_sg_c := ")
        self.visit(node.node, frame)
        self.write(f", {DIRECT!r}, False) is True else context.call(_sg_c")
        extra = {**({"_loop_vars": "_loop_vars"} if frame.loop_frame else {}),
                 **({"_block_vars": "_block_vars"} if frame.block_frame else {})}
        self.signature(node, frame, extra or None)
        self.write("))")

    @jinja2.compiler.optimizeconst
    def visit_Getattr(self, node: jinja2.nodes.Getattr, frame) -> None:
        if self.environment.is_async or not hasattr(self.environment, "getattr_missed"):
            return super().visit_Getattr(node, frame)
        # (one pair of names for all: an object's own reads end before its value is assigned)
        self.write("(_sg_g if (_sg_g := getattr((_sg_o := ")
        self.visit(node.node, frame)
        self.write(f"), {node.attr!r}, missing)) is not missing else environment.getattr_missed(_sg_o, {node.attr!r}))")

    def visit_Output(self, node: jinja2.nodes.Output, frame) -> None:
        if frame.buffer is not None:
            return super().visit_Output(node, frame)
        if frame.require_output_check:
            if self.has_known_extends:  # an extends is known: nothing outside a block is shown
                return
            self.writeline("if parent_template is None:")
            self.indent()
        finalize = self._make_finalize()
        body = self._output_body(node, frame, finalize)
        if len(body) == 1 and isinstance(body[0], list):
            self.writeline("yield " + self._output_const_repr(body[0]))
        elif len(body) == 1:
            self.writeline("yield ", body[0])
            self._output_value(body[0], frame, finalize)
        else:
            self.writeline("yield concat((")  # "".join, set up by every generator function Jinja writes
            self.indent()
            for item in body:
                if isinstance(item, list):
                    self.writeline(self._output_const_repr(item) + ",")
                else:
                    self.newline(item)
                    self._output_value(item, frame, finalize)
                    self.write(",")
            self.outdent()
            self.writeline("))")
        if frame.require_output_check:
            self.outdent()

    def _output_value(self, item: jinja2.nodes.Expr, frame, finalize) -> None:
        self._output_child_pre(item, frame, finalize)
        self.visit(item, frame)
        self._output_child_post(item, frame, finalize)

    def _output_body(self, node: jinja2.nodes.Output, frame, finalize) -> list:
        """Jinja's own folding (CodeGenerator.visit_Output): constants joined at compile time into
        lists of text, the rest left as nodes to evaluate."""
        body: list = []
        for child in node.nodes:
            try:
                if not (finalize.const or isinstance(child, jinja2.nodes.TemplateData)):
                    raise jinja2.nodes.Impossible()
                const = self._output_child_to_const(child, frame, finalize)
            except (jinja2.nodes.Impossible, Exception):
                body.append(child)
                continue
            if body and isinstance(body[-1], list):
                body[-1].append(const)
            else:
                body.append([const])
        return body


_FIELDS = views.Fields
_DICT_NAMES = frozenset(dir(_FIELDS))  # attributes a Fields has besides its keys
_MISSING = object()


def _undefined_json(value: object) -> object:
    """json.dumps' `default` for |tojson: an undefined value raises its own error (its name, its hint)."""
    if isinstance(value, jinja2.Undefined):
        value._fail_with_undefined_error()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


class _Undefined(jinja2.StrictUndefined):
    """StrictUndefined whose message for a misspelt attribute names the one meant ({{ article.titel }}:
    "did you mean 'title'?") and calls sitegen's objects as base.html's list does: ArticleView, not
    'sitegen.views.ArticleView object' (a Fields, site or page, is a dict, as Jinja calls one)."""
    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        obj, name = self._undefined_obj, self._undefined_name
        message = super()._undefined_message
        if self._undefined_hint or obj is jinja2.utils.missing or obj is None or not isinstance(name, str):
            return message
        if type(obj).__module__.startswith("sitegen."):
            shown = "'dict object'" if isinstance(obj, dict) else type(obj).__name__
            message = f"{shown} has no attribute {name!r}"
        from .config import did_you_mean  # only on the way to an error
        known = obj.keys() if isinstance(obj, dict) else dir(obj)
        return message + did_you_mean(name, [k for k in known if isinstance(k, str) and not k.startswith("_")])


class _Environment(jinja2.Environment):
    """Jinja's Environment, with each template's globals one plain dict instead of a ChainMap over
    the environment's: Jinja copies them into every render's context and compares their keys on
    every {% from %} import, which a ChainMap does in Python (11% of the render's CPU). The theme
    sets its globals before any template loads, as Jinja asks, so no later change is missed."""

    context_class = _Context
    template_class = _Template
    code_generator_class = _CodeGenerator

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._parsed: dict[tuple[str, str | None, str], jinja2.nodes.Template] = {}

    def getattr(self, obj: object, attribute: str) -> object:
        """Jinja's own (the attribute, else the item, else undefined), with a views.Fields key read
        straight from the dict: getattr() on one fails in C, formatting an AttributeError's message,
        before Fields.__getattr__ finds the key (page.kind, site.title: ~6 a page, 4k instructions
        each). A name the dict itself has (items, get) still gives the dict's attribute."""
        if type(obj) is _FIELDS and attribute not in _DICT_NAMES:
            found = obj.get(attribute, _MISSING)
            if found is not _MISSING:
                return found
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]  # type: ignore[index]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)

    def getattr_missed(self, obj: object, attribute: str) -> object:
        """getattr()'s way after getattr(obj, attribute) found nothing (compiled templates read
        attributes themselves: _CodeGenerator): the item, else undefined."""
        try:
            return obj[attribute]  # type: ignore[index]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)

    def make_globals(self, d: dict | None) -> dict:
        return {**self.globals, **(d or {})}

    def parse_once(self, source: str, name: str, filename: str | None) -> jinja2.nodes.Template:
        """The template's syntax tree, kept for its compilation: a first build reads every template's
        references (template_closure) and then compiles it, and parsing is half of compiling."""
        tree = self._parsed[(name, filename, source)] = self.parse(source, name, filename)
        return tree

    def _parse(self, source: str, name: str | None, filename: str | None) -> jinja2.nodes.Template:
        tree = self._parsed.pop((name, filename, source), None)
        return super()._parse(source, name, filename) if tree is None else tree


def _gettext(message: str, **variables: object) -> Markup:
    """A theme string in the language being rendered (theme text, so Markup), arguments escaped in."""
    text = _translated(_WORDS.get(), message)
    return _format(text, variables) if variables else text


def _ngettext(singular: str, plural: str, num: int, **variables: object) -> Markup:
    return _format(Markup(_WORDS.get().ngettext(singular, plural, num)), {"num": num, **variables})


def _format(text: Markup, variables: dict[str, object]) -> Markup:
    """text % variables, each escaped: what Markup's own % does for %(name)s, without a Python
    helper object per argument (a string on every article page). Other conversions (%(n)d, %r)
    take Markup's own way."""
    if _OTHER_CONVERSION.search(text):
        return text % variables
    return _new_str(Markup, str.__mod__(text, {k: escaping.escape_str(v) for k, v in variables.items()}))


_OTHER_CONVERSION = re.compile(r"%(?!\(\w+\)s|%)")  # any % but %(name)s and %%


@lru_cache(maxsize=4096)  # a page asks for a dozen strings, 20,000 pages ask for the same few dozen
def _translated(words: NullTranslations, message: str) -> Markup:
    return Markup(words.gettext(message))


_WORDS: ContextVar = ContextVar("sitegen_words", default=NullTranslations())


def _list_joins(count: int, searched: bool = False) -> tuple[Markup, ...]:
    """The text before, between and after `count` names (a byline's) in the language of the words
    being rendered (i18n.list_pieces): `searched`, its words ('and', '和') kept out of the search index."""
    return _joins(count, getattr(_WORDS.get(), "list_language", i18n.FALLBACK), searched)


@lru_cache(maxsize=256)
def _joins(count: int, language: str, searched: bool) -> tuple[Markup, ...]:
    return tuple(_ignored(piece) if searched else Markup(escaping.escape_str(piece))
                 for piece in i18n.list_pieces(count, language))


def _ignored(piece: str) -> Markup:
    """A piece with its words, not its spaces or punctuation, in a data-pagefind-ignore span."""
    words = piece.strip(" ,\u060c\u3001\u200f")
    if not any(c.isalpha() for c in words):
        return Markup(escaping.escape_str(piece))
    head, _, tail = piece.partition(words)
    return Markup(f"{escaping.escape_str(head)}<span data-pagefind-ignore>{escaping.escape_str(words)}</span>"
                  f"{escaping.escape_str(tail)}")


# an editor's backup, swap or merge leftovers beside the templates (`_footer.html~`, `.base.html.swp`,
# `article.html.orig`): never a template, never checked or keyed on (saving one rebuilds nothing)
# (Emacs: `#_footer.html#` while unsaved, `.#_footer.html` its lock; a template may be named `#promo.html`)
_EDITOR_FILES = ("~", "#", ".swp", ".swo", ".swx", ".orig", ".rej", ".bak", ".tmp")


# a template the build neither stats nor parses: rendered, its edits were never seen (review42c)
def _unwatched(rel: str) -> str:
    """Why the template at `rel` is not the theme's, and what to do: the leading '.' only named where
    there is one (review42g: `_promo.html.orig` was told to lose a dot it does not start with)."""
    hidden = any(p.startswith(".") for p in PurePosixPath(rel).parts)
    ending = next((end for end in _EDITOR_FILES if rel.endswith(end)), "")
    what = " and ".join(filter(None, ("a hidden file (its name or a folder's starts with '.')" if hidden else "",
                                      f"an editor's backup or temp file (its name ends with '{ending}')" if ending else "")))
    fix = " and ".join(filter(None, ("without the leading '.' (a folder starting with '_', such as _partials/, is fine)"
                                     if hidden else "", f"without the '{ending}'" if ending else "")))
    return f"{what}, which sitegen does not watch for changes; move it to a name {fix} and include it by that name"


def is_template_name(name: str) -> bool:
    """False for an editor's file or a hidden one (a dotfile, or in a hidden folder) under templates/."""
    parts = PurePosixPath(name).parts
    return not (any(p.startswith(".") for p in parts) or name.endswith(_EDITOR_FILES))


def _files_digest(config: Config, names: Iterable[str]) -> dict[str, str]:
    """Template name -> hash of the file Jinja's loader reads for it (the first folder's), for the
    names a template includes that templates_digest leaves out (templates/static/); none for a
    name no file answers."""
    found: dict[str, str] = {}
    for name in names:
        try:
            pieces = jinja2.loaders.split_template_path(name)
        except jinja2.TemplateNotFound:
            continue
        path = next((p for p in (Path(d, *pieces) for d in config.template_dirs()) if p.is_file()), None)
        if path is not None:
            found[name] = hashlib.blake2b(path.read_bytes(), digest_size=8).hexdigest()
    return found


def templates_digest(config: Config) -> dict[str, str]:
    """Template name -> hash of its source, for the build's dependency records."""
    found: dict[str, str] = {}
    for base in config.template_dirs():
        for path in sorted(base.rglob("*")):
            if path.is_file() and "static" not in path.relative_to(base).parts[:1]:
                name = path.relative_to(base).as_posix()
                if name not in found and is_template_name(name):  # the site's own copy shadows the theme's
                    found[name] = hashlib.blake2b(path.read_bytes(), digest_size=8).hexdigest()
    return found


# What templates can show that most themes do not, and that changes where following it costs most:
# a story's word count (every edit of its body: its teasers on other pages) and a section's count
# of stories (in the menu on every page), a story's lede (its body's first sentences, in teasers on
# other pages), and the story counts of a story's authors, topics and label (a desk tag on every
# story: any story added or untagged changes it in every listing, review43d). The incremental
# build's keys hold each only for a theme whose templates read it (build.Fingerprints); everything
# else templates can see is always in them.
SHOWN = ("words", "section counts", "lede", "reading time", "term counts")
# the pages listing topics, authors or months, whose fingerprints hold their counts anyway: a `count`
# read in them (or in a partial only they use) is not a story's topic's
TERM_INDEXES = frozenset({"tags.html", "authors.html", "archives.html"})


@dataclass(frozen=True)
class Theme:
    """The templates as the build sees them: a Jinja environment (compiled templates are cached
    in it) and, per template, a hash of its source and of everything it includes."""
    env: jinja2.Environment
    digests: dict[str, str]
    closure: dict[str, set[str]]
    lost: dict[str, str] = field(default_factory=dict)   # template -> its error: a block no page shows, a _() of a value
    shows: frozenset[str] = frozenset(SHOWN)  # which of SHOWN a template reads (see theme_shows), and LEDE_ON + page templates
    _prints: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)
    _holds: dict[tuple[str, str], bool] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def load(cls, config: Config, known: tuple[dict[str, str], dict[str, set[str]], frozenset[str]] | None = None
             ) -> "Theme":
        """`known`: digests, closure and `shows` of these same template files, saved by the last
        build (a good one: no lost blocks)."""
        env = jinja_env(config)
        if known:
            digests, closure, shows = known
            return cls(env, digests, closure, shows=frozenset(shows))
        digests = templates_digest(config)
        closure, lost, shows = _noted_closure(config, env, digests)
        named = {ref for refs in closure.values() for ref in refs} - digests.keys()
        digests |= _files_digest(config, named)   # a file in templates/static/ included inline (review44b)
        return cls(env, digests, closure, lost, frozenset(shows))

    def preload(self) -> None:
        """Compile every template once, here, so forked render workers inherit them instead of
        each compiling its own copy (20 templates: 0.13-0.19 s of CPU a worker). A broken
        template is left for the render, which reports it with its page."""
        for name in self.closure:
            try:
                self.env.get_template(name)
            except (jinja2.TemplateError, UnicodeDecodeError):
                pass
        getattr(self.env, "_parsed", {}).clear()  # trees of templates loaded from the bytecode cache

    def block_errors(self, templates: Iterable[str]) -> list[str]:
        """The errors of lost_blocks and gettext_errors for these page templates, all they extend,
        include, import or render through partial(), and the teaser (rendered from Python) with all
        it uses. A stray template no page uses is not the build's business (review41l: an old
        `_old-nav.html` failed every build); a computed include or partial() name makes it any."""
        if not self.lost:
            return []
        used = set().union(*(self.closure.get(t, {t}) for t in {*templates, TEASER}))
        return [why for name, why in sorted(self.lost.items()) if name in used]

    def holds(self, name: str, text: str) -> bool:
        """Whether the source of template `name` or of one it uses (its closure) holds `text`, in
        any case (HTML's names are case-blind: `text` lowercase). A template that cannot be read
        holds it (the render names that one with its line); one not there holds nothing (an
        `include ... ignore missing` renders nothing; another, the render names: rr53f 3). Read once
        while the templates stay the same (watch and serve keep the Theme)."""
        found = self._holds.get((name, text))
        if found is None:
            found = self._holds[name, text] = any(self._source_holds(used, text)
                                                  for used in sorted(self.closure.get(name, {name})))
        return found

    def _source_holds(self, name: str, text: str) -> bool:
        try:
            return text in self.env.loader.get_source(self.env, name)[0].lower()
        except jinja2.TemplateNotFound:
            return False
        except (jinja2.TemplateError, UnicodeDecodeError, OSError):
            return True

    def fingerprint(self, name: str) -> tuple[str, ...]:
        """Hashes of the template, all it includes (the teaser with all it uses when it calls
        teaser(): see _references) and the interface catalogs (locales/*.po). A name no file
        answers (a missing `ignore missing` include) counts as every template: a constant would
        keep the page when the name starts to resolve. Asked for every page: made once per template."""
        found = self._prints.get(name)
        if found is None:
            names = set(self.closure.get(name, {name}) if name else ())   # '': a feed, a redirect (no template)
            names |= {t for t in self.digests if t.startswith(i18n.CATALOGS + "/")}
            if not names <= self.digests.keys():
                names = {*self.digests, *names}
            found = self._prints[name] = tuple(self.digests.get(t, "") for t in sorted(names))
        return found


@dataclass
class Renderer:
    """Everything needed to render pages of one Site; built once per worker process."""
    site: Site
    assets: dict[str, str] = field(default_factory=dict)   # static path -> fingerprinted path
    env: jinja2.Environment | None = None                  # reuse compiled templates across builds
    pictures: ImageSet = field(default_factory=ImageSet)   # what the articles' pictures became
    own: tuple[str, ...] = ()                              # write.own_files: files in public/ not sitegen's
    views: views.Views = field(init=False)
    _fragments: dict[tuple, Markup] = field(init=False, default_factory=dict)
    _levels: dict[tuple, Markup] = field(init=False, default_factory=dict)  # teasers at another heading level
    stopped: bool = field(init=False, default=False)  # a page passed PAGE_SECONDS: render no more (build.py)
    _failed: str = field(init=False, default="")  # the story whose teaser failed in the page being rendered
    _lang: str = field(init=False, default="")  # the language of the page (or partial) being rendered: partial()'s default
    big: dict[str, str] = field(init=False, default_factory=dict)  # output -> why it is over PAGE_BYTES (build.py)

    def __post_init__(self) -> None:
        config = self.site.config
        self.env = self.env or jinja_env(config)
        base_path = config.base_path
        self.views = views.Views(self.site, MarkdownRenderer(False, base_path),
                                 MarkdownRenderer(config.build.allow_html, base_path),
                                 self.assets, self.pictures, self.own)
        self._fast_teasers = _default_teaser(self.env)

    def teaser(self, article: views.ArticleView, lead: bool = False, heading: str = "h2",
               image: bool | str = False) -> Markup:
        """A story as lists show it, rendered from _teaser.html once per story and options: a story
        appears on the front, topic, author and archive pages, and this is most of their cost."""
        image = image if article.figure is not None else False  # no picture: the same teaser either way
        key = (article.url, lead, image)
        html = self._fragments.get(key)  # most calls: a story shown again (its arguments made only once)
        if html is None and self._fast_teasers:
            html = self._fragments[key] = self._fast_teaser(article, lead, image)
        elif html is None:
            try:
                html = self._fragment(key, TEASER, {"lang": article.language, "article": article, "lead": lead,
                                                    "heading": HEADING, "image": image})
            except BaseException:   # (the time limit's too) an error that may depend on this story's data
                self._failed = self._failed or self._story_file(article)
                raise
        # One rendering serves every heading level (lists use h2, related stories h3): half the
        # teasers to render, each of which costs more than the article page's own markup.
        # Only tags can match: every text from a seed or article is escaped ('&lt;h2').
        if heading == HEADING:
            return html
        # Kept too, up to LEVELS_MEMO: a story is among the related stories of several others (two
        # replaces of its whole teaser each time cost more than the lookup); str's own replace
        # (Markup's escapes its arguments) and no Markup.__new__.
        found = self._levels.get((key, heading))
        if found is None:
            if len(self._levels) >= LEVELS_MEMO:  # bounded: a large site's worker would keep a copy of each teaser
                self._levels.clear()
            found = self._levels[key, heading] = _new_str(
                Markup, _replace(_replace(html, f"<{HEADING}", f"<{heading}"), f"</{HEADING}>", f"</{heading}>"))
        return found

    def _fast_teaser(self, article: views.ArticleView, lead: bool, image: bool | str) -> Markup:
        """What _fragment makes of the default theme's _teaser.html, in the same edition's words."""
        site = self.views.site_context(self.views.edition_for(article.language))
        token = _WORDS.set(self.views.words(article.language))
        try:
            return teaser_html(article, lead, image, site)
        finally:
            _WORDS.reset(token)

    def _story_file(self, article: views.ArticleView) -> str:
        """The path under content/ of the story `article` shows (only on the way to an error)."""
        return next((a.path for a, url in zip(self.site.articles, self.site.urls)
                     if self.views.url(url) == article.url), "")

    def partial(self, name: str, **args: str) -> Markup:
        """templates/name rendered once per set of (plain, hashable) arguments and reused, like
        Hugo's partialCached: for chrome that is the same on every page of a kind or language. Without
        lang= it speaks the calling page's language (an edition's page got the main edition's words and
        links, review47g)."""
        if "lang" not in args:
            args = {**args, "lang": self._lang or self.site.config.site.language}
        key = (name, *sorted(args.items()))
        try:
            hash(key)
        except TypeError:   # was "TypeError: unhashable type: 'list'; fix the expression on that line"
            arg, value = next((k, v) for k, v in sorted(args.items()) if not _hashable(v))
            raise jinja2.TemplateRuntimeError(
                f"partial({name!r}) is given a {type(value).__name__} as {arg}=: it takes plain values (text, numbers, "
                f"true/false), renders once per set of them and reuses that; for a list, {{% include {name!r} %}} sees "
                f"the page's variables ({{% with {arg} = ... %}}{{% include {name!r} %}}{{% endwith %}})") from None
        return self._fragment(key, name, args)

    def _fragment(self, key: tuple, name: str, args: dict) -> Markup:
        html = self._fragments.get(key)
        if html is None:
            edition = self.views.edition_for(args.get("lang", ""))   # chrome in the edition's language
            context = {"site": self.views.site_context(edition), "lang": self.site.config.site.language,
                       "url": self.views.edition_url(edition), "asset": self.views.theme_asset, **args}
            token = _WORDS.set(self.views.words(context["lang"]))  # the edition's interface words
            outer, self._lang = self._lang, context["lang"]
            try:
                html = self._fragments[key] = Markup(self.env.get_template(name).render(context).strip())
            except Exception as exc:   # the innermost fragment's name, for _undefined_advice and _partial_wide
                if not hasattr(exc, "sitegen_fragment"):
                    exc.sitegen_fragment = name
                raise
            finally:
                _WORDS.reset(token)
                self._lang = outer
        return html

    def render(self, page: Page) -> bytes:
        generator = GENERATORS.get(page.kind)
        if generator:
            try:
                return generator(self.views, page)
            except _TooLong:   # no template to name: _html's words would blame a loop that is not there
                raise RenderStopped(f"{page.url}: this page, which sitegen makes without a template, took over "
                                    f"{PAGE_SECONDS:g} s of CPU to make and was stopped; build again, and if it "
                                    "happens again report it as a sitegen bug") from None
        return self._html(page)

    def _big(self, page: Page, context: dict, template: str, size: int) -> str:
        """Why a page is over PAGE_BYTES: a story page whose own text is most of it names the story."""
        article = context.get("article") if page.kind == "article" else None
        body = getattr(article, "body_html", None)
        if isinstance(body, str) and 2 * len(body.encode()) > size:
            story = self.site.articles[page.articles[0]]
            return _text_too_big(f"{self.site.config.paths.content}/{story.path}", page.url, size)
        return _too_big(template, page.url, size)

    def _endless(self, exc: RecursionError, fallback: str) -> str:
        """The words for a template that extends or includes itself with no end: where the
        template frame that repeats to the recursion limit was last, and which template."""
        where, code = _repeating_frame(exc, fallback)
        if _recursive_loop(exc):   # its frame is named 'template' too: it is not a macro (review44b)
            return (f"{where}: a recursive {{% for %}} calls loop() again with no end; call loop() only on what gets "
                    "smaller each time (loop(item.children), under an {% if %} that ends)")
        if code == "template":  # Jinja's name for a macro's frame (a page's is 'top-level ...')
            return (f"{where}: a macro calls itself, directly or through the macros it calls, with no end; call it "
                    "again only under a condition that ends (an {% if %} on an argument that changes each call)")
        file = where.rsplit(":", 1)[0]
        name = next((Path(file).relative_to(d).as_posix() for d in self.site.config.template_dirs()
                     if Path(file).is_relative_to(d)), Path(file).name)
        return (f"{where}: {name} extends or includes itself, directly or through the templates it uses, with no "
                "end; extend another template (a page extends base.html) and include a template in itself only "
                "under a condition that ends")

    def _html(self, page: Page) -> bytes:
        """_page_html, its error naming the story whose teaser failed (not the page's own story)."""
        try:
            return self._page_html(page)
        except RenderError as exc:
            exc.story = self._failed
            raise
        finally:
            self._failed = ""

    def _page_html(self, page: Page) -> bytes:
        try:
            template = self.env.get_template(page.template)
            context = self.views.page_context(page)
            context["seo"] = seo.page_seo(self.views, page, context)  # structured data, social cards
            context["teaser"], context["partial"] = self.teaser, self.partial
            token = _WORDS.set(self.views.words(context["lang"]))  # not a context manager: 20,000 pages
            self._lang = context["lang"]
            try:
                html = _render_bytes(template, context)
            finally:
                _WORDS.reset(token)
                self._lang = ""
            if len(html) > PAGE_BYTES:
                self.big[page.output] = self._big(page, context, template.filename or page.template, len(html))
            return html
        except jinja2.TemplateSyntaxError as exc:
            raise RenderError(syntax_error_message(self.env, exc)) from None
        except jinja2.TemplateNotFound as exc:
            where = _template_position(exc, "")  # an include, import or extends: one message for every page
            if where:
                raise RenderError(f"{where}: template {exc.name!r} not found; add it to templates/ or fix the "
                                  "name on that line") from None
            raise RenderError(f"template {exc.name!r} not found (needed for {page.url}); add it to templates/") from None
        except jinja2.UndefinedError as exc:
            said = (exc.message or "").rstrip(".")   # "...; did you mean 'title'?" is the advice itself
            where = _template_position(exc, page.template)
            none = _none_read(said, where, page.kind, _template_locals(exc))
            if none is not None:
                error = RenderError(f"{where}: {none[0]}")
                error.kind_wide = none[1]
                raise error from None
            advice, wide = self._undefined_advice(exc, said, where)
            error = RenderError(f"{where}: {said}{advice}")
            error.kind_wide = wide
            raise error from None
        except jinja2.TemplateError as exc:
            meant = _unknown_filter(self.env, str(exc))
            error = RenderError(f"{_template_position(exc, page.template)}: {meant or exc}")
            error.kind_wide = bool(meant)   # the template's, whatever story the page shows
            raise error from None
        except views.MissingAsset as exc:
            error = RenderError(f"{_template_position(exc, page.template)}: {exc}")
            error.in_partial = _partial_wide(exc)
            raise error from None
        except _TooLong as exc:
            raise RenderStopped(f"{_template_position(exc, page.template)}: a page took over {PAGE_SECONDS:g} s of "
                                "CPU to render and was stopped here; a loop in the template with no end? (over range() "
                                "with a huge bound, or one that never reaches its end)") from None
        except RecursionError as exc:  # the message is the same on every page: the build reports it once
            raise RenderError(self._endless(exc, page.template)) from None
        except _NotUtf8 as exc:  # a template file in another encoding: one message for every page using it
            raise RenderError(f"{exc.where}: this template is not UTF-8 text ({exc.reason} at byte {exc.start}); "
                              "save it as UTF-8") from None
        except UnicodeDecodeError as exc:
            raise RenderError(f"{page.template} or a template it uses is not UTF-8 text ({exc.reason} at byte "
                              f"{exc.start}); save it as UTF-8") from None
        except Exception as exc:  # noqa: BLE001 - '{{ 1/0 }}', '{{ x[99] }}', a filter's own (|truncate(2)'s AssertionError)
            # the template's line, if it is one's: the same message on every page, said once (it was
            # the page's URL alone, no file or line, once per page, review47g); the disk's and a story
            # file's errors are the build's to report
            where = _template_position(exc, "")
            if not where or isinstance(exc, (OSError, ContentError, RenderError)):
                raise
            error = RenderError(f"{where}: {type(exc).__name__}: {exc}; fix the expression on that line")
            error.in_partial = _partial_wide(exc)
            raise error from None


    def _undefined_advice(self, exc: jinja2.UndefinedError, said: str, where: str) -> tuple[str, bool]:
        """What to do about an undefined name or attribute, and whether no story's data made it (the
        build then names none). A page variable used in an imported macro, a partial() or the teaser,
        which are not given the page's variables, is told so (they were told to 'use only variables
        the page provides', and a story was blamed, review47g); else see _undefined_advice."""
        if said in views.ABSENT_ERRORS:   # a story page's variable off one: its words say what to do
            return "", True
        if said.endswith("?"):   # "...; did you mean 'title'?" is the advice itself
            return "", False
        name = re.fullmatch(r"'(\w+)' is undefined", said)
        if name is None or name[1] not in PAGE_VARIABLES:
            return _undefined_advice(said, self.env, self.site.config), False
        name, fragment = name[1], getattr(exc, "sitegen_fragment", "")
        if _innermost_template_frame(exc) == "template":   # a macro's frame: imported without the page's context
            file = Path(where.rpartition(":")[0]).name
            return (f"; it is a page variable, and a macro imported with {{% from %}} or {{% import %}} sees none of "
                    f"them: give the macro what it needs as an argument, or import it with the page's variables "
                    f"({{% from {file!r} import ... with context %}})"), True
        if fragment == TEASER:
            return (f"; it is a page variable, and {TEASER} is rendered once per story for every page: it sees only "
                    "article, lead, heading, image, site, lang, url and asset"), True
        if fragment:
            return (f"; it is a page variable, and partial({fragment!r}) is rendered once and reused: it sees only "
                    "site, lang, url, asset and the arguments it is given; pass the plain value it needs as an "
                    f"argument (partial({fragment!r}, kind=page.kind)), or use {{% include {fragment!r} %}}, which "
                    "sees the page's variables"), True
        return _undefined_advice(said, self.env, self.site.config), False


# the variables every page's template is given (views.page_context; seo, teaser and partial: the Renderer's)
PAGE_VARIABLES = frozenset({"site", "page", "pager", "url", "abs_url", "asset", "articles", "term", "term_url",
                            "term_title", "term_script", "term_description", "lang", "dir", "translations", "switch",
                            "author", "article", "related", "newer", "older", "terms", "seo", "teaser", "partial"})


# page variables that are none by the kind of page, and which pages have them
_KIND_VARIABLES = {"author": "only an author's page has it (for an author in authors.toml)",
                   "term": "only a section's, topic's, author's or month's page has it"}
_KIND_NAMES = {"article": "a story's page", "index": "the front page", "tag": "a topic's page", "author": "an author's page",
               "section": "a section's page", "archive": "a month's page", "404": "the 404 page"}


def _template_locals(exc: BaseException) -> dict[str, object]:
    """The variables of the innermost template frame (Jinja gives its frames the template's own)."""
    tb, found = exc.__traceback__, {}
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith((".html", ".xml", ".txt")):
            found = tb.tb_frame.f_locals
        tb = tb.tb_next
    return found


def _none_read(said: str, where: str, kind: str, variables: dict[str, object]) -> tuple[str, bool] | None:
    """For "'None' has no attribute 'bio'": the words naming the variable read on that line
    (`author.bio`) and the kind of page it is none on, and whether that is the kind's alone (no story
    to name); None when the line does not show one. `{{ author.bio }}` in base.html was told "use only
    variables the page provides (on 33 pages, the first content/de1.md)": no variable, a story blamed."""
    read = re.fullmatch(r"'None' has no attribute '([^']+)'", said)
    file, _, line = where.rpartition(":")
    if read is None or not line.isdigit():
        return None
    text = linecache.getline(file, int(line))
    found = set(re.findall(r"([A-Za-z_][\w.]*?)\s*(?:\.\s*" + re.escape(read[1]) + r"\b|\[\s*['\"]"
                           + re.escape(read[1]) + r"['\"]\s*\])", text))
    if len(found) > 1:   # `article.title` and `newer.title`: the one that is none there
        found = {name for name in found if _value_of(name, variables) is None}
    if len(found) != 1:
        return None
    name = found.pop()
    where = (f"on {_KIND_NAMES.get(kind, f'the {kind!r} pages')}, {_KIND_VARIABLES[name]}" if name in _KIND_VARIABLES
             else "here")   # (a story's own none, `article.figure`: the build names the story)
    return (f"'{name}' is none {where}, so it has no attribute {read[1]!r}; test it first: {{% if {name} %}}",
            name in _KIND_VARIABLES)


def _value_of(dotted: str, variables: dict[str, object]) -> object:
    """`article.image` looked up in a frame's variables; a value no None is for a name not there."""
    first, *rest = dotted.split(".")
    value = variables.get(first, _MISSING)
    for attr in rest:
        value = getattr(value, attr, _MISSING)
    return value


def _undefined_advice(said: str, env: jinja2.Environment, config: Config) -> str:
    """What to do about Jinja's undefined error `said`: a {% from %} import of a name the template
    does not export (see _import_advice), or a variable the page does not have."""
    missing = re.search(r"the template '([^']+)' .*does not export the requested name '([^']+)'", said)
    if missing:
        return _import_advice(missing[1], missing[2], env, config)
    return "; use only variables the page provides (see README, 'Templates')"


def _import_advice(template: str, name: str, env: jinja2.Environment, config: Config) -> str:
    """A misspelt import (`{% from "_macros.html" import byine %}`) is told the name meant; a site's
    own copy replacing the theme's, which defines the name, is told so. Every such import was told to
    copy the macro from the theme into "your _macros.html", for a site with no copy of its own and
    a name the theme has not either (review44b)."""
    from .config import did_you_mean  # only on the way to an error
    own = config.template_dirs()[0] / template
    theme = DEFAULT_THEME / template
    if own.is_file() and theme.is_file() and own.resolve() != theme.resolve() and \
            name in _exported(env, theme.read_text(encoding="utf-8", errors="replace")):
        return (f"; define the macro {name!r} in your {config.paths.templates}/{template} (copy it from the theme's "
                "copy, which yours replaces) or import only the macros yours defines")
    try:
        exported = _exported(env, env.loader.get_source(env, template)[0])
    except (jinja2.TemplateError, UnicodeError, OSError):
        exported = []
    hint = did_you_mean(name, exported)
    return hint or (f"; it defines {', '.join(map(repr, exported))}: import one of those" if exported else
                    "; it defines no macro: import from the template that does")


def _exported(env: jinja2.Environment, source: str) -> list[str]:
    """The names a template exports to {% from %}: its macros and {% set %}s outside any block or macro."""
    try:
        tree = env.parse(source)
    except jinja2.TemplateSyntaxError:
        return []
    found: list[str] = []
    todo: list[jinja2.nodes.Node] = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, jinja2.nodes.Macro):
            found.append(node.name)
        elif isinstance(node, jinja2.nodes.Assign) and isinstance(node.target, jinja2.nodes.Name):
            found.append(node.target.name)
        elif not isinstance(node, (jinja2.nodes.Block, jinja2.nodes.Macro, jinja2.nodes.CallBlock)):
            todo.extend(node.iter_child_nodes())
    return sorted(set(found) - {n for n in found if n.startswith("_")})


# The default theme's _teaser.html and _macros.html (blake2b of each source) as teaser_html writes
# them out. A theme with other copies of either (a site's own, or the default theme edited since)
# renders its teasers through Jinja; tests hold the two equal and teaser_html in use by default.
TEASER_SOURCES = {TEASER: "a73fc5a766dd50d82e347707", "_macros.html": "ad733f82903584e20e0be719"}
# The default theme's index.html (blake2b as above), which leads with the first story of page 1 alone:
# the one lead whose lede build.Fingerprints keys the front page on (build.leads). A site's own copy may
# lead with others (`teaser(article, lead=true)` for articles[1:3]): then every teaser's lede counts.
LEAD_SOURCES = {"index.html": "0a8567c5957f5884497c1e7a"}


def _source_hash(source: str) -> str:
    return hashlib.blake2b(source.encode("utf-8"), digest_size=12).hexdigest()


def _default_teaser(env: jinja2.Environment) -> bool:
    """Whether env's _teaser.html and _macros.html are the ones teaser_html writes out."""
    try:
        return all(_source_hash(env.loader.get_source(env, name)[0]) == digest
                   for name, digest in TEASER_SOURCES.items())
    except (jinja2.TemplateError, OSError, UnicodeError):
        return False


def teaser_html(a: views.ArticleView, lead: bool, image: bool | str, site: dict) -> Markup:
    """The default theme's _teaser.html at HEADING, with _macros.html's words_lang, byline and
    dateline, as Jinja renders it (autoescaped, blocks trimmed, stripped): a teaser is rendered for
    most stories in each worker, and Jinja's import, macros and context made it ~250k
    instructions, this ~30k. `site`: the edition's site context; interface words from _WORDS."""
    e, title = escaping.escape_str, a.title
    shown = (lead or image) and a.figure
    out = ['<article class="teaser', " teaser-lead" if lead else "",
           " title-long" if lead and len(title) > 70 else "", " title-longer" if lead and len(title) > 110 else "",
           " has-image" if shown else "", '" lang="', e(a.language), '" dir="', e(a.dir), '">\n']
    if shown:
        shown_as = (a.figure.lead if lead else a.figure.small if image == "small" else a.figure.first
                    if image == "first" else a.figure.thumb)
        out += ['  <div class="teaser-media">', e(shown_as), "</div>\n"]
    out.append('  <div class="teaser-text">\n')
    if a.label:
        out += ['    <p class="kicker"><a href="', e(a.label.url), '"']
        if a.label.lang:   # a section's main name in another edition
            out += [' lang="', e(a.label.lang), '" dir="', e(a.label.dir), '"']
        out += [">", e(a.label.name), "</a></p>\n"]
    out += [f"    <{HEADING} class=\"teaser-title\"><a href=\"", e(a.url), '">', e(title), f"</a></{HEADING}>\n"]
    if a.summary or (lead and a.lede):
        out += ['    <p class="summary">', e(a.summary or a.lede), "</p>\n"]
    out.append('    <p class="meta"')
    if a.language != site["words_lang"]:  # words_lang
        out += [' lang="', e(site["words_lang"]), '" dir="', e(site["words_dir"]), '"']
    out.append(">")
    if a.authors:  # byline
        joins = _list_joins(len(a.authors))
        out += ['<span class="byline">', e(_gettext("By")), " ", joins[0]]
        for n, person in enumerate(a.authors, 1):
            out += ['<a href="', e(person.url), '" rel="author"']
            if person.lang:   # a name in another script (term_script)
                out += [' lang="', e(person.lang), '"']
            out += [' dir="', e(person.dir or "auto"), '">', e(person.name), "</a>", joins[n]]
        out.append("</span>")
    out += [' <time datetime="', e(a.date_attr), '"']  # dateline
    if a.foreign:
        out += [' lang="', e(a.language), '" dir="', e(a.dir), '"']
    out += [">", e(a.date_text), "</time></p>\n  </div>\n</article>"]
    return _new_str(Markup, "".join(out))


def _render_bytes(template: jinja2.Template, context: dict) -> bytes:
    """template.render(context).encode(), each piece encoded alone and the bytes joined: one
    character past Latin-1 (the title's dash, Babel's narrow space before AM) makes the joined page
    UCS-2, which UTF-8 encodes a character at a time, while an ASCII piece encodes as one copy."""
    ctx = template.new_context(context)  # a copy: the page's context stays as it was
    try:
        return b"".join(map(str.encode, template.root_render_func(ctx)))
    except Exception:
        template.environment.handle_exception()  # raises, with the template's file and line
        raise


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _partial_wide(exc: BaseException) -> bool:
    """Whether an error was raised in a partial() (not the teaser): it is rendered from its arguments, not from
    the page's story, so the build names a story only when that one story's pages alone fail: '{{ 1/0 }}' on 25
    pages blamed 'the first content/de1.md' (rf47l 8), yet an argument from one story (words=article.title...)
    fails on its page alone, which went unnamed in a 5,000-story site (rf48b 3). See build._dedupe."""
    fragment = getattr(exc, "sitegen_fragment", "")
    return bool(fragment) and fragment != TEASER


def _innermost_template_frame(exc: BaseException) -> str:
    """The code name Jinja gives the innermost template frame: 'top-level template code', "block
    'main'", or 'template' for a macro (or a {% call %} body)."""
    tb, name = exc.__traceback__, ""
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith((".html", ".xml", ".txt")):
            name = tb.tb_frame.f_code.co_name
        tb = tb.tb_next
    return name


def _repeating_frame(exc: BaseException, fallback: str) -> tuple[str, str]:
    """The 'file:line' and Jinja code name of the template frame an endless recursion repeats most:
    the line that recurses (an include, a call). Not simply the innermost template frame: a template
    that includes itself and calls a macro on each level may run out of stack inside the macro, and
    was blamed on the macro's file as 'a macro calls itself' (review52b 2). Equal counts (a cycle
    of two): the innermost of them."""
    frames, tb = [], exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith((".html", ".xml", ".txt")):   # jinja maps template frames to their source
            frames.append((code.co_filename, tb.tb_lineno, code.co_name))
        tb = tb.tb_next
    if not frames:
        return fallback, ""
    counts = Counter(frames)
    file, line, name = max(reversed(frames), key=counts.__getitem__)   # (max keeps the first of the best)
    cycle = {f for f, n in counts.items() if n >= counts[file, line, name] - 1 >= 2}
    if name == "template" and any(f[2] != "template" for f in cycle):
        # a template's own code in the cycle: it is entered again (an include in a {% call %} body, whose
        # frame is a macro's), not a macro calling itself; name the line that enters it (rr52d 2)
        pairs = zip(frames[-2::-1], frames[::-1])   # (caller, called), the innermost first
        (file, line, _), (_, _, name) = next(((outer, inner) for outer, inner in pairs if outer in cycle
                                              and inner in cycle and inner[2] != "template"), ((file, line, name),) * 2)
    return f"{file}:{line}", name


def _recursive_loop(exc: BaseException) -> bool:
    """Whether the innermost template frames are a recursive {% for %}'s, loop() called in itself: its
    `loop` deeper than its first level (a macro's own loop, calling the macro, stays at depth 1). The
    last two: the stack may run out as the innermost one starts, before it has its `loop`."""
    tb, loops = exc.__traceback__, [None, None]
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith((".html", ".xml", ".txt")):
            loops = [loops[1], tb.tb_frame.f_locals.get("loop")]
        tb = tb.tb_next
    return any(isinstance(loop, jinja2.runtime.LoopContext) and loop.depth > 1 for loop in loops)


# Tags Jinja pairs with an {% end... %} ('set' only without '=': {% set x %}...{% endset %})
_PAIRED = frozenset({"if", "for", "block", "macro", "call", "filter", "with", "autoescape", "trans", "set"})


def syntax_error_message(env: jinja2.Environment, exc: jinja2.TemplateSyntaxError) -> str:
    """The error for a template that does not parse, at the line to fix. Jinja names the line it
    stopped on: for a `{{` or `{%` left open that is the next line or later, and for an {% if %}
    (for, block...) never closed it is the end of the template or an outer {% end... %}."""
    file, said = exc.filename or exc.name, (exc.message or "").rstrip(".")
    source = exc.source if isinstance(exc.source, str) else ""
    if (tag := _open_tag_line(env, source, exc.lineno)) is not None:
        begin, line = tag
        end = "}}" if begin == "{{" else "%}"
        # Left open for sure only when it swallowed the next tag, or the template ended in it: a
        # tag over several lines (a dict, a call) with an error inside it is closed further down.
        if said.startswith("unexpected end of template") or _swallows_a_tag(env, source, tag, exc.lineno):
            return (f"{file}:{line}: the {begin} on this line has no {end} before line {exc.lineno}, where Jinja "
                    f"stopped ({said}); close it with {end}, or fix the template syntax")
        return f"{file}:{exc.lineno}: {said} (in the {begin} opened on line {line}); fix the template syntax"
    innermost = re.search(r"The innermost block that needs to be closed is '(\w+)'", said)
    if innermost and (found := _unclosed_block(env, source, innermost.group(1))) is not None:
        met, unclosed = found
        return (f"{file}:{unclosed}: {{% {innermost.group(1)} %}} on this line is never closed ({met} comes "
                f"first); add {{% end{innermost.group(1)} %}} where it should end")
    meant = _unknown_filter(env, said)
    return f"{file}:{exc.lineno}: {meant or said + '; fix the template syntax'}"


def _unknown_filter(env: jinja2.Environment, said: str) -> str:
    """For Jinja's "No filter named 'uppr'." or "No test named 'defind' found." (said when compiled, or
    in an {% if %} when run): the words naming the one meant, as for a misspelt attribute (there was
    no advice, review47g); '' for another error or no name close."""
    unknown = re.match(r"No (filter|test) named '([^']+)'", said)
    if unknown is None:
        return ""
    from .config import did_you_mean  # only on the way to an error
    hint = did_you_mean(unknown[2], list(env.filters if unknown[1] == "filter" else env.tests))
    return f"no {unknown[1]} named {unknown[2]!r}{hint}" if hint else ""


def _tokens(env: jinja2.Environment, source: str) -> Iterator[tuple[int, str, str]]:
    """The template's tokens, without whitespace, as far as they lex."""
    try:
        yield from ((line, kind, value) for line, kind, value in env.lex(source) if kind != "whitespace")
    except jinja2.TemplateSyntaxError:
        return


def _open_tag_line(env: jinja2.Environment, source: str, lineno: int) -> tuple[str, int] | None:
    """('{{' or '{%', its line) when a tag opened before line `lineno` is still open at that
    line's end: the parse error is inside it, and its own line is the one to look at."""
    opened: tuple[str, int] | None = None
    for line, kind, _ in _tokens(env, source):
        if line > lineno:
            break
        if kind in ("variable_begin", "block_begin"):
            opened = ("{{" if kind == "variable_begin" else "{%", line)
        elif kind in ("variable_end", "block_end"):
            opened = None
    return opened if opened is not None and opened[1] < lineno else None


def _swallows_a_tag(env: jinja2.Environment, source: str, tag: tuple[str, int], lineno: int) -> bool:
    """Whether another {{ or {% opens after the open `tag` and by the end of line `lineno`."""
    begin, line = tag
    lines = re.split(r"\r\n|\r|\n", source)    # (Jinja's newlines)
    start = env.variable_start_string if begin == "{{" else env.block_start_string
    first = lines[line - 1] if line <= len(lines) else ""
    text = "\n".join([first[first.rfind(start) + len(start):], *lines[line:lineno]])
    return env.variable_start_string in text or env.block_start_string in text


def _unclosed_block(env: jinja2.Environment, source: str, name: str) -> tuple[str, int] | None:
    """(what Jinja met first, the line) of the innermost {% `name` %} left open where the parser
    stopped: at an {% end... %} that closes no open tag, or at the template's end."""
    stack: list[tuple[str, int]] = []
    tokens = _tokens(env, source)
    met = "the end of the template"
    for line, kind, _ in tokens:
        if kind != "block_begin":
            continue
        rest = []
        for token in tokens:
            if token[1] == "block_end":
                break
            rest.append(token)
        tag = rest[0][2] if rest and rest[0][1] == "name" else ""
        if tag in _PAIRED and not (tag == "set" and any(t[2] == "=" for t in rest)):
            stack.append((tag, line))
        elif tag.startswith("end") and tag[3:] in _PAIRED:
            if not stack or stack[-1][0] != tag[3:]:
                met = f"{{% {tag} %}} on line {line}"
                break
            stack.pop()
    return (met, stack[-1][1]) if stack and stack[-1][0] == name else None


def _template_position(exc: BaseException, fallback: str) -> str:
    """Walk the traceback for the innermost frame that belongs to a template."""
    tb, where = exc.__traceback__, fallback
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".xml", ".txt")):  # jinja maps template frames to their source
            where = f"{name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where


GENERATORS: dict[str, Callable[[views.Views, Page], bytes]] = {
    "feed": feeds.render_feed,
    "sitemap": sitemaps.render_sitemap,
    "sitemap_index": sitemaps.render_sitemap_index,
    "news_sitemap": sitemaps.render_news_sitemap,
    "robots": sitemaps.render_robots,
    "headers": hosting.render_headers,
    "alias": hosting.render_alias,
}


def template_closure(config: Config, env: jinja2.Environment | None = None) -> dict[str, set[str]]:
    """Template name -> itself plus every template it extends, includes or imports, transitively.
    `env`: the environment that will compile these templates, which keeps the trees parsed here."""
    return _theme_facts(config, env)[0]


def theme_shows(trees: Iterable[jinja2.nodes.Template], story_page: bool = False) -> set[str]:
    """Which of SHOWN these templates can read. Generous: `words` named anywhere as an attribute or
    a string ('words', attr('words'), map(attribute='words')), and section counts unless every use of
    `sections` is a for loop over it whose variable is only read for other attributes than `count`;
    the lede likewise where `lede` or `markdown` (what it is made from) is named, and the reading
    time where `reading_time` is, but for the story page's own (`story_page`: article.html's
    `article.reading_time`, where nothing rebinds `article`): that page is rendered on every edit of
    its body anyway, so a body edit moving it to the next minute need not plan the site anew. Term
    counts where `count` is named anywhere but as a section's in a loop over the sections."""
    found: set[str] = set()
    for tree in trees:
        for shown, names in (("words", {"words"}), ("lede", {"lede", "markdown"}), ("reading time", {"reading_time"})):
            own = _own_story_reads(tree) if story_page and shown == "reading time" else frozenset()
            if any(n.attr in names and id(n) not in own for n in tree.find_all(jinja2.nodes.Getattr)) or any(
                    n.value in names for n in tree.find_all(jinja2.nodes.Const)):
                found.add(shown)
        if _reads_section_counts(tree):
            found.add("section counts")
        if _reads_term_counts(tree):
            found.add("term counts")
    return found


def _reads_term_counts(tree: jinja2.nodes.Template) -> bool:
    """Whether `count` is named (an attribute, item or string) other than as a section's in a loop
    over the sections (_reads_section_counts' business): a story's authors', topics' or label's."""
    menu: set[int] = set()
    for loop in tree.find_all(jinja2.nodes.For):
        if not _names_sections(loop.iter):
            continue
        menu |= {id(n) for n in _descendants(loop.iter)}
        names = {n.name for n in _descendants(loop.target) if isinstance(n, jinja2.nodes.Name)}
        for node in (*loop.body, *loop.else_, *([loop.test] if loop.test else [])):
            for n in _descendants(node):
                if isinstance(n, (jinja2.nodes.Getattr, jinja2.nodes.Getitem)) and isinstance(
                        n.node, jinja2.nodes.Name) and n.node.name in names:
                    menu |= {id(n), *(id(m) for m in _descendants(n.arg))} if isinstance(n, jinja2.nodes.Getitem) else {id(n)}
    return any(id(n) not in menu for n in tree.find_all(jinja2.nodes.Getattr) if n.attr == "count") or any(
        id(n) not in menu for n in tree.find_all(jinja2.nodes.Const) if n.value == "count")


def _term_indexes_only(direct: dict[str, set[str]]) -> set[str]:
    """TERM_INDEXES and the partials (but the teaser, rendered on any list) that only they use,
    through all they include: a template another one uses is not, unless that one is too."""
    only = {name for name in direct if name in TERM_INDEXES or (name.startswith("_") and name != TEASER)}
    while True:
        used_elsewhere = {ref for name, refs in direct.items() if name not in only for ref in refs}
        if not only & used_elsewhere:
            return only
        only -= used_elsewhere


def _own_story_reads(tree: jinja2.nodes.Template) -> frozenset[int]:
    """The `article.X` reads of a story page's template that are its own story's: all of them when
    nothing in it binds another `article` (a loop, set, with, macro or call argument), else none."""
    binds: set[str] = set()
    for node in tree.find_all((jinja2.nodes.For, jinja2.nodes.Assign, jinja2.nodes.AssignBlock)):
        binds |= {n.name for n in _descendants(node.target) if isinstance(n, jinja2.nodes.Name)}
    for node in tree.find_all(jinja2.nodes.With):
        binds |= {n.name for target in node.targets for n in _descendants(target) if isinstance(n, jinja2.nodes.Name)}
    for node in tree.find_all((jinja2.nodes.Macro, jinja2.nodes.CallBlock)):
        binds |= {arg.name for arg in node.args}
    if "article" in binds:
        return frozenset()
    return frozenset(id(n) for n in tree.find_all(jinja2.nodes.Getattr)
                     if isinstance(n.node, jinja2.nodes.Name) and n.node.name == "article")


def _reads_section_counts(tree: jinja2.nodes.Template) -> bool:
    loops = [n for n in tree.find_all(jinja2.nodes.For) if _names_sections(n.iter)]
    looped = {id(n) for loop in loops for n in _sections_nodes(loop.iter)}
    # sections used another way (a macro's argument, |length): anything may read the counts
    if any(id(n) not in looped for n in _sections_nodes(tree)):
        return True
    for loop in loops:
        if any(isinstance(n, jinja2.nodes.Const) and n.value == "count" for n in _descendants(loop.iter)):
            return True  # ordered or filtered by count
        names = {n.name for n in _descendants(loop.target) if isinstance(n, jinja2.nodes.Name)}
        for node in (*loop.body, *loop.else_, *([loop.test] if loop.test else [])):  # test: `for s in .. if s.count`
            if _reads_count_of(node, names):
                return True
    return False


def _names_sections(node: jinja2.nodes.Node) -> bool:
    return any(True for _ in _sections_nodes(node))


def _sections_nodes(node: jinja2.nodes.Node) -> Iterator[jinja2.nodes.Node]:
    """Where `node` names a `sections` attribute or item (site.sections, site['sections'])."""
    for n in _descendants(node):
        if (isinstance(n, jinja2.nodes.Getattr) and n.attr == "sections") or (
                isinstance(n, jinja2.nodes.Const) and n.value == "sections"):
            yield n


def _descendants(node: jinja2.nodes.Node) -> Iterator[jinja2.nodes.Node]:
    yield node
    for child in node.iter_child_nodes():
        yield from _descendants(child)


def _reads_count_of(node: jinja2.nodes.Node, names: set[str], parent: jinja2.nodes.Node | None = None) -> bool:
    """Whether `node` reads `count` of one of the loop's `names`, or hands one on whole (to a macro,
    a filter, an output: then anything may read it)."""
    if isinstance(node, jinja2.nodes.Name) and node.name in names and node.ctx == "load":
        if isinstance(parent, jinja2.nodes.Getattr) and parent.node is node:
            return parent.attr == "count"
        if isinstance(parent, jinja2.nodes.Getitem) and parent.node is node:
            return not (isinstance(parent.arg, jinja2.nodes.Const) and parent.arg.value != "count")
        return True
    return any(_reads_count_of(child, names, node) for child in node.iter_child_nodes())


def _theme_facts(config: Config, env: jinja2.Environment | None = None
                 ) -> tuple[dict[str, set[str]], dict[str, str], set[str]]:
    """template_closure, the blocks no page shows (see lost_blocks) and which of SHOWN the
    templates read (theme_shows), from one parse."""
    env = env or jinja_env(config, compiled=False)  # only parsed, never compiled
    direct: dict[str, set[str]] = {}
    trees: dict[str, tuple[str, jinja2.nodes.Template]] = {}
    default_teaser: set[str] = set()
    own_leads: set[str] = set()   # the default theme's index.html: its one lead is keyed on its body
    broken = False
    loadable = _loadable(env)
    names = [n for n in loadable if not n.startswith("static/")]
    for name in names:
        try:
            source, filename, _ = env.loader.get_source(env, name)
            tree = env.parse_once(source, name, filename) if isinstance(env, _Environment) else env.parse(source)
            refs = _references(tree)
            # named at render time: it may be any file Jinja loads, templates/static/ too (an icon macro's
            # `{% include "static/" ~ n ~ ".svg" %}`, rf44m), which Theme.load then hashes (_files_digest)
            direct[name] = set(loadable) if refs is None else refs
            trees[name] = (filename or name, tree)
            if name == TEASER and _source_hash(source) == TEASER_SOURCES[TEASER]:
                default_teaser.add(name)
            if LEAD_SOURCES.get(name) == _source_hash(source):
                own_leads.add(name)
        except (jinja2.TemplateError, UnicodeDecodeError):
            direct[name] = set()  # a broken template fails at render time, with its line
            broken = True  # (what it reads is unknown: all of SHOWN, until it is fixed)
    closure: dict[str, set[str]] = {}
    for name in direct:
        seen, todo = {name}, [name]
        while todo:
            for ref in direct.get(todo.pop(), ()):
                if ref not in seen:
                    seen.add(ref)
                    todo.append(ref)
        closure[name] = seen
    shows = set(SHOWN if broken else ())
    own = _story_page_alone(trees, direct)
    indexes = _term_indexes_only(direct)
    for name, (_, tree) in trees.items():   # the default teaser shows the lede for a lead only, whose page is
        shows |= theme_shows([tree], story_page=name == "article.html" and own) - (
            {"lede"} if name in default_teaser else set()) - (   # keyed on the body (below)
            {"term counts"} if name in indexes else set())
    if default_teaser and "lede" not in shows:
        # a lead on another list page (review37e), a site's own front page leading with more stories than its
        # first (review41e) or only adding a banner (review41l): the pages of the templates that call with
        # lead= (through all they use) are keyed on the bodies of the stories they may tease, not every page
        callers = {name for name, (_, tree) in trees.items() if name not in own_leads and any(_lead_calls(tree))}
        first = _leads_first_only(trees, callers)   # `teaser(articles[0], lead=true)` alone: its first story's
        pages = {name for name, used in closure.items() if used & callers}
        if not first and "article.html" in pages:   # a story page leading with its related or neighbours
            shows.add("lede")
        else:
            shows |= {(LEDE_FIRST_ON if first else LEDE_ON) + name for name in pages}
    return closure, {**gettext_errors(trees), **lost_blocks(trees)}, shows


# in Theme.shows: "lede on index.html", pages of the template show the lede of any story they tease;
# "lede of the first on index.html", only of the page's first story (as the default theme's front page)
LEDE_ON, LEDE_FIRST_ON = "lede on ", "lede of the first on "


def _leads_first_only(trees: dict[str, tuple[str, jinja2.nodes.Template]], callers: set[str]) -> bool:
    """Whether every call with lead= in `callers` is given `articles[0]`, a page's first story, and
    no template sets `articles` to another list (a site's front page adding only a banner, review41l)."""
    def first(call: jinja2.nodes.Node) -> bool:   # a teaser under another name (a Name): given anything
        arg = call.args[0] if isinstance(call, jinja2.nodes.Call) and call.args else None
        return (isinstance(arg, jinja2.nodes.Getitem) and isinstance(arg.node, jinja2.nodes.Name)
                and arg.node.name == "articles" and isinstance(arg.arg, jinja2.nodes.Const) and arg.arg.value == 0)
    if any(n.name == "articles" and n.ctx != "load" for _, tree in trees.values() for n in tree.find_all(jinja2.nodes.Name)):
        return False
    return all(first(call) for name in callers for call in _lead_calls(trees[name][1]))


_GETTEXT = {"_": 1, "gettext": 1, "ngettext": 2}  # the function -> how many of its first arguments are messages


def gettext_errors(trees: dict[str, tuple[str, jinja2.nodes.Template]]) -> dict[str, str]:
    """Template name -> an error for a _(), gettext() or ngettext() given a value for its message:
    the theme's words are markup, so `{{ _(t.name) }}` printed a story's tag '<img src=x onerror=...>'
    unescaped (review41e). Its first such call; `trees`: name -> (file, syntax tree)."""
    found: dict[str, str] = {}
    for name, (filename, tree) in trees.items():
        macros = {id(call): macro for macro in tree.find_all(jinja2.nodes.Macro)
                  for call in macro.find_all(jinja2.nodes.Call)}   # an inner macro's calls: the inner one
        for call in tree.find_all(jinja2.nodes.Call):
            if not (isinstance(call.node, jinja2.nodes.Name) and call.node.name in _GETTEXT):
                continue
            messages = call.args[:_GETTEXT[call.node.name]]
            if call.dyn_args is not None or len(messages) < _GETTEXT[call.node.name] or not all(
                    isinstance(m, jinja2.nodes.Const) and isinstance(m.value, str) for m in messages):
                found[name] = f"{filename}:{call.lineno}: {call.node.name}() " + _gettext_advice(
                    messages, macros.get(id(call)))
                break
    return found


def _gettext_advice(messages: list, macro: jinja2.nodes.Macro | None) -> str:
    """What gettext_errors says of a message that is not a literal string: for a macro's parameter
    (`{% macro btn(label) %}{{ _(label) }}`, review41l), to translate where its callers write the words;
    a caller may as well pass a story's title, so the macro cannot take any value for its own words."""
    params = {a.name for a in macro.args} if macro is not None else set()
    param = next((m.name for m in messages if isinstance(m, jinja2.nodes.Name) and m.name in params), None)
    if param is None:
        return ("is given a value, not a literal string, as its message: what it returns is printed as the "
                "theme's own markup, unescaped; pass it a literal string (_('Read more')) and print a value "
                "as {{ value }}, which escapes it")
    return (f"is given the parameter {param!r} of macro {macro.name}(), not a literal string, as its message: "
            "what it returns is printed as the theme's own markup, unescaped, whatever a caller passes; "
            f"translate where the words are written, {macro.name}(_('Share')), and print "
            f"{{{{ {param} }}}} in the macro")


def _loadable(env: jinja2.Environment) -> list[str]:
    """Every name Jinja's loader answers that a template may include: a computed name may be any."""
    return env.list_templates(filter_func=lambda n: not n.startswith(i18n.CATALOGS + "/") and is_template_name(n))


def _references(tree: jinja2.nodes.Template) -> set[str] | None:
    """The templates `tree` extends, includes or imports, and those it renders through partial()
    (a call Jinja does not know for one); None when one is named only at render time
    (`{% include "ad-" ~ page.kind ~ ".html" %}`, `partial(name)`, partial() under another name),
    which may be any template."""
    found: set[str] = set()
    for ref in jinja2.meta.find_referenced_templates(tree):
        if ref is None:
            return None
        found.add(_loaded_name(ref))
    called: set[int] = set()   # the Name nodes of direct partial() calls
    for call in tree.find_all(jinja2.nodes.Call):
        if isinstance(call.node, jinja2.nodes.Name) and call.node.name == "partial":
            called.add(id(call.node))
            first = call.args[0] if call.args else next((kw.value for kw in call.kwargs if kw.key == "name"), None)
            if not (isinstance(first, jinja2.nodes.Const) and isinstance(first.value, str)):
                return None
            found.add(_loaded_name(first.value))
    # partial() under another name (`{% set p = partial %}`, passed to a macro): what that name is
    # called with is not followed, so it may be any template, as a teaser's lead is (review45f)
    if any(n.name == "partial" and n.ctx == "load" and id(n) not in called for n in tree.find_all(jinja2.nodes.Name)):
        return None
    # teaser() renders TEASER (from Python): only the pages whose templates name it show what it uses;
    # every page took every '_' partial's edit for one, and rendered the whole site again (review44b)
    if any(n.name == "teaser" and n.ctx == "load" for n in tree.find_all(jinja2.nodes.Name)):
        found.add(TEASER)
    return found


def _loaded_name(name: str) -> str:
    """`name` as Jinja's loader reads it: "./box.html" and "box.html" are one file, one digest (the
    raw "./box.html" had none, and a page including it by that name was never rendered again)."""
    try:
        return "/".join(jinja2.loaders.split_template_path(name))
    except jinja2.TemplateNotFound:   # a '..' in it: the render names the error
        return name


def _story_page_alone(trees: dict[str, tuple[str, jinja2.nodes.Template]], direct: dict[str, set[str]]) -> bool:
    """Whether `article` in article.html can only be the page's own story: no template includes or
    imports it (from inside a loop of its own), and no template has a scoped block, which article.html
    may fill with a parent's loop variable (`{% for article in related %}{% block x scoped %}`)."""
    return not any("article.html" in refs for name, refs in direct.items() if name != "article.html") and not any(
        block.scoped for _, tree in trees.values() for block in tree.find_all(jinja2.nodes.Block))


def _lead_calls(tree: jinja2.nodes.Template) -> Iterator[jinja2.nodes.Node]:
    """The calls in `tree` that may make a lead: any given lead=, and a teaser() given it as its second
    positional argument (`teaser(article, true)`) or through *args or **opts: only lead= was counted,
    and a body edit left every list page with its old lede (review42c). And `teaser` itself wherever
    it is used other than called by that name (`{% set card = teaser %}`, `[teaser]`, passed to a
    macro): what its other name is given is not followed, so it may make a lead (review42g)."""
    callees = set()
    for call in tree.find_all(jinja2.nodes.Call):
        teaser = isinstance(call.node, jinja2.nodes.Name) and call.node.name == "teaser"
        if teaser:
            callees.add(id(call.node))
        if any(kw.key == "lead" for kw in call.kwargs) or teaser and (
                len(call.args) > 1 or call.dyn_args is not None or call.dyn_kwargs is not None):
            yield call
    yield from (name for name in tree.find_all(jinja2.nodes.Name)
                if name.name == "teaser" and name.ctx == "load" and id(name) not in callees)


def lost_blocks(trees: dict[str, tuple[str, jinja2.nodes.Template]]) -> dict[str, str]:
    """Template name -> an error for a block it fills that no template it extends has: Jinja drops
    such a block without a word (an article.html filling 'content' where base.html has 'main'
    made every article page empty, with 'build ok'). `trees`: name -> (file, syntax tree)."""
    found: dict[str, str] = {}
    owed: dict[str, dict[str, list[str]]] = {}   # a site's template -> block -> the theme's pages that fill it
    for name, (filename, tree) in trees.items():
        parents = [n for n in tree.body if isinstance(n, jinja2.nodes.Extends)]
        if len(parents) != 1 or not isinstance(parents[0].template, jinja2.nodes.Const):
            continue  # a page of its own, or a parent chosen at render time
        loop = _extends_loop(name, trees)
        if loop and name != min(loop):
            continue  # one error a loop: its first template by name has it
        if loop:  # found here, before any page recurses to Python's limit (~0.1 s a page)
            found[name] = f"{filename}:{parents[0].lineno}: {name} extends itself" + _loop_advice(loop)
            continue
        chain, there = _ancestors(parents[0].template.value, trees)
        if not there:
            continue  # a missing parent (the render names it), or one in a loop (its own error)
        lost = [block for block in _top_blocks(tree) if block.name not in there]
        site_own = [p for p in chain if not _in_theme(trees[p][0])] if lost and _in_theme(filename) else []
        if site_own:   # the theme's page is right; the site's template it extends lost the block
            for block in lost:
                owed.setdefault(site_own[-1], {}).setdefault(block.name, []).append(name)
        elif lost:
            found[name] = (f"{filename}:{lost[0].lineno}: block '{lost[0].name}' is not in {chain[0]}"
                           f"{' or what it extends' if len(chain) > 1 else ''}, so no page shows it; the blocks "
                           f"there are {', '.join(sorted(there))}: rename it to one of those")
    for parent, blocks in owed.items():
        found[parent] = _owed_advice(trees[parent][0], parent, blocks)
    return found


def _in_theme(filename: str) -> bool:
    return Path(filename).resolve().is_relative_to(DEFAULT_THEME.resolve())


def _owed_advice(filename: str, name: str, blocks: dict[str, list[str]]) -> str:
    """One error at a site's own template (its base.html, the file designers copy most) that lacks blocks the
    theme's pages fill: each theme page was blamed, at a line of sitegen's installed file, and told to
    rename its block, six errors that all meant one line of the site's file (review49f 6)."""
    names = ", ".join(f"'{b}' (filled by the theme's {', '.join(sorted(pages))})" for b, pages in sorted(blocks.items()))
    tags = " ".join(f"{{% block {b} %}}{{% endblock %}}" for b in sorted(blocks))
    return (f"{filename}:1: your {name} replaces the theme's, and has no block {names}, so those pages would "
            f"show none of it; add {tags} to it where that part of the page goes, as the theme's {name} has")


def _loop_advice(loop: list[str]) -> str:
    """The rest of the error for templates extending themselves: a site's base.html extending
    "base.html", meaning the theme's, is its own (a site's template replaces the theme's of that
    name); the theme's pages then got an error each about blocks not in it (review47g)."""
    if len(loop) == 2 and (DEFAULT_THEME / loop[0]).is_file():
        return (f", with no end: yours replaces the theme's {loop[0]}, so {loop[0]!r} names your own; copy the "
                f"theme's {loop[0]} whole into yours and change it there")
    return (f"{' through ' + ' -> '.join(loop) if len(loop) > 2 else ''}, with no end; extend another template "
            "(a page extends base.html)")


def _extends_loop(name: str, trees: dict[str, tuple[str, jinja2.nodes.Template]]) -> list[str]:
    """[name, ..., name] when following each template's one fixed {% extends %} leads back to
    `name`; [] otherwise (a chain that ends, or loops without `name`: that loop's own template
    is named)."""
    chain = [name]
    while chain[-1] in trees:
        up = [n for n in trees[chain[-1]][1].body if isinstance(n, jinja2.nodes.Extends)]
        if len(up) != 1 or not isinstance(up[0].template, jinja2.nodes.Const):
            return []
        chain.append(up[0].template.value)
        if chain[-1] == name:
            return chain
        if chain[-1] in chain[:-1]:
            return []
    return []


def _ancestors(parent: object, trees: dict[str, tuple[str, jinja2.nodes.Template]]
               ) -> tuple[list[str], set[str]]:
    """The templates `parent` is and extends, and every block they have (none if one is missing, or
    if they extend themselves)."""
    chain: list[str] = []
    blocks: set[str] = set()
    while isinstance(parent, str):
        if parent not in trees or parent in chain:
            return chain, set()
        chain.append(parent)
        tree = trees[parent][1]
        blocks.update(b.name for b in tree.find_all(jinja2.nodes.Block))
        up = [n for n in tree.body if isinstance(n, jinja2.nodes.Extends)]
        parent = up[0].template.value if len(up) == 1 and isinstance(up[0].template, jinja2.nodes.Const) else None
    return chain, blocks


def _top_blocks(node: jinja2.nodes.Node) -> Iterator[jinja2.nodes.Block]:
    """The blocks a template fills: those not inside another of its blocks (a block inside one it
    fills is shown with it)."""
    for child in node.iter_child_nodes():
        if isinstance(child, jinja2.nodes.Block):
            yield child
        else:
            yield from _top_blocks(child)


def _noted_closure(config: Config, env: jinja2.Environment, digests: dict[str, str]
                   ) -> tuple[dict[str, set[str]], dict[str, str]]:
    """_theme_facts, kept signed beside the compiled templates under every template's digest
    (the digests the pages' fingerprints trust) and the environment: a theme whose code is loaded
    from the cache is never parsed (parsing the built-in theme: ~22 ms)."""
    cache = env.bytecode_cache
    if not isinstance(cache, SignedBytecodeCache):
        return _theme_facts(config, env)
    # (the words change when what is noted does: a note of an older sitegen is not read)
    # (and the template folders there are: a lost block's message names its file, which another
    # site's copy of it is not; a site with no templates/ of its own shares the theme's note)
    folders = [str(d) for d in config.template_dirs() if d.is_dir()]
    # and the names in templates/static/, which the digests leave out: a computed include's closure is
    # every name there was, so an icon added later was never hashed, its edits never seen (review45f)
    statics = [name for name in _loadable(env) if name.startswith("static/")]
    what = json.dumps(["closure (partial() and teaser() calls, partial under other names, dynamic names, names as loaded, no editor files), lost blocks, gettext of values "
                       "(macro parameters), extends loops (a site's own base.html extending 'base.html'; none under a loop) and fields shown (lede, own leads, lede per template, "
                       "loop filters, reading time, scoped, term counts)",
                       sorted(digests.items()), folders, sorted(statics)])
    noted = cache.load_note(what)
    if noted is not None:
        try:
            found = json.loads(noted)
            return ({name: set(refs) for name, refs in found["closure"].items()},
                    {str(k): str(v) for k, v in found["lost"].items()}, {s for s in found["shows"] if s in SHOWN or s.startswith((LEDE_ON, LEDE_FIRST_ON))})
        except (ValueError, AttributeError, TypeError, KeyError):  # signed by this user, but not as this sitegen writes it
            pass
    closure, lost, shows = _theme_facts(config, env)
    cache.dump_note(what, json.dumps({"closure": {name: sorted(refs) for name, refs in closure.items()},
                                      "lost": lost, "shows": sorted(shows)}).encode())
    return closure, lost, shows


_DIRECT = frozenset({_gettext, _ngettext, Renderer.teaser, Renderer.partial})  # see _Context
for _function in _DIRECT:  # and _CodeGenerator.visit_Call (a method reads its function's attributes)
    setattr(_function, DIRECT, True)
