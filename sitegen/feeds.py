"""Feeds: Atom 1.0 and RSS 2.0 for the site, each tag and each author, and JSON Feed 1.1 for the site.

No I/O. Built from strings with XML escaping rather than feedgen: a 10,000-article site has
~2,200 feeds, and a 20-entry full-content feed took 2.3 ms with feedgen against 0.7 ms here
(same machine, same load); every feed is tested by parsing it with feedparser.
Output is deterministic: a feed's `updated` is its newest entry's `modified`, never the clock.

Entry ids are tag URIs (RFC 4151) built from the site's host, the article's publication date and
its path below the base path, so they stay the same across builds, formats and a moved sub-path;
a story moved with its old address kept under 'aliases:' keeps the first one's (site.first_address),
and one whose file names a `feed_id_date:` keeps that day when its date is set (entry_id).
"""
from __future__ import annotations

import html
import json
import re
from datetime import datetime, timedelta, timezone
from functools import lru_cache, partial
from typing import Callable, NamedTuple
from urllib.parse import urljoin, urlsplit

from . import LazyPattern
from .content import BLOCK_TAGS, INLINE_UNSHOWN_TAGS, RAW_TEXT_END, UNSHOWN_TAGS, cut_text, srcset_spans
from .site import Page, Term, edition_root, first_address
from .views import ArticleView, Link, Views, on_the_minute

GENERATOR = "sitegen"
MEDIA_TYPES = {"atom": "application/atom+xml", "rss": "application/rss+xml", "json": "application/feed+json"}
# Characters XML 1.0 forbids outright; one in a seed's text would make the whole feed unreadable.
_FORBIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff"
_NOT_XML = re.compile(f"[{_FORBIDDEN}]")
_TAGS = LazyPattern(r"<[^>]*>")
# A tag and its name: one that starts or ends a block (content's list: a paragraph, list item,
# heading, ...) or a line break is a word boundary in the text; any other (a link, emphasis) is not
# A comment (to its end, or the text's if unclosed: '-->' inside it is no tag end; '<!-->' is
# one, empty, as _HTML_TAG reads it) is no text
_NAMED_TAG = LazyPattern(r"<!--(?:-?>|.*?(?:--!?>|\Z))|<(/?)([A-Za-z][^\s/>]*)?[^>]*>", re.S)
_BREAKING_TAGS = BLOCK_TAGS | {"br"}
# Elements whose content the description leaves out, as the lede does (content's lists), and
# code: a script, a style, a figure and its caption, a table, embedded media... Headings stay:
# a story that opens with its sections' headings reads them.
_LEFT_OUT = (UNSHOWN_TAGS | INLINE_UNSHOWN_TAGS | {"pre"}) - {"h1", "h2", "h3", "h4", "h5", "h6"}
# ... and these only when they carry the class: markdown-it's footnote marks and its footnotes
_LEFT_OUT_CLASSES = {"sup": LazyPattern(r"\bfootnote-ref\b"), "section": LazyPattern(r"\bfootnotes\b")}
_MAY_LEAVE_OUT = _LEFT_OUT | set(_LEFT_OUT_CLASSES)
# Marks that follow a word with no space: a space before one is where a picture or a left-out
# element stood ('See the chart <img ...>.'), and would be left standing alone ('See the chart .')
_TRAILING_MARKS = frozenset(".,;:!?")
# (a tag before one is marked _GAP, and the spaces before the mark go with it: a control character
# that XML forbids, so one in the text itself, dropped the same way, would be dropped from the feed anyway)
_GAP = "\x01"
_SPACE_AT_GAP = LazyPattern(r"\s*\x01")
# Chinese and Japanese sentence ends: no space after one where a paragraph ends
_CJK_ENDS = frozenset("。！？」』）】；")
# Closing quotes and an ellipsis end a Chinese sentence too ('通过了。”'), after a CJK character only
_CJK_CLOSERS = frozenset("”’…")
EXCERPT_CHARS = 300
_EXCERPT_HTML = 10 * EXCERPT_CHARS


@lru_cache(maxsize=8192, typed=True)  # typed: a Markup's replace() would escape its arguments
def x(text: str) -> str:
    """Text or attribute value, escaped for XML, forbidden control characters dropped. Memoised:
    a story's title, URL, id, summary, names and topics are escaped for its Atom entry and again
    for its RSS item, and a topic's name and the topics' URL for every story on it."""
    return _x(text)


def _x(text: str) -> str:
    # Most names, URLs and ids: four substring scans and isprintable() (no control character,
    # nor U+FFFE/U+FFFF, is printable), a third cheaper than the regex's character class.
    if "&" not in text and "<" not in text and ">" not in text and '"' not in text and (
            text.isprintable() or _NOT_XML.search(text) is None):
        return text
    if _NOT_XML.search(text):
        text = _NOT_XML.sub("", text)
    # chained str.replace runs in C; str.translate with a dict is ~30x slower (~500 us per 5 KB body)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


# x() without its memo, for text escaped once a build: the sitemap's addresses (3,646 at 1,000
# articles), which kept there would push out the names, titles and ids the feeds escape again
x_once = _x


@lru_cache(maxsize=2048)
def x_body(body: str) -> str:
    """x() for article bodies: one article sits in ~10 feeds (site, tags, author; Atom and RSS),
    so each worker escapes each body once. A memo of a pure function: output depends on input only."""
    return _x(str(body))  # str(): Markup.replace would escape its arguments; _x: memoised here


# The attributes of raw HTML that hold an address, of any tag, and of one tag only: render puts a
# root one under base_url's sub-path, the feeds make each absolute (rf45b: a form's action, a
# button's formaction, an <object>'s data and SVG's xlink:href were left, leading off the site)
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "poster", "action", "formaction", "cite", "xlink:href"})
_URL_ATTRIBUTES_OF = {"object": frozenset({"data"})}
# Tags as browsers read them: a comment (no tag inside), or a start tag, its name and attributes,
# each a name, then maybe '=' and a value in double or single quotes or bare. A quote opens a
# value only right after '=' ('title=Editor's' is one bare value; the quote ran on to the next
# one, over text, rf45b); a quoted value may hold '>' or ' href=' ('<img alt="Revenue > costs">').
# Possessive: nothing is tried twice, however long the tag. A comment as browsers end it: '<!-->'
# and '<!--->' are empty ones, '--!>' closes one too; '<!x ...>', '<![CDATA[ ...>' and '<?x ...>'
# are bogus comments, to the first '>' (rf45k: '<!-->' hid the tags up to the next '-->', and
# addresses in CDATA and bogus comments were rewritten). A start tag with no '>' runs to the end, as a
# browser drops it there: tried again at each later '<', a body ending in raw 'x<a x<a ...' cost its
# length squared (125 KB: /feed.json stopped after 60 s of CPU, rr53a 1); it is left as it is (_tag)
_ONE_ATTRIBUTE = re.compile(r"""([^\s/>][^\s/>=]*+)(?:(\s*+=\s*+)("[^"]*+"|'[^']*+'|[^\s>]*+))?+""")
_HTML_TAG = re.compile(r"""<!--(?:-?>|.*?(?:--!?>|\Z))|<[!?][^>]*+(?:>|\Z)|<([A-Za-z][^\s/>]*+)"""
                      r"""((?:[\s/]|[^\s/>][^\s/>=]*+(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>]*+))?+)*+)(?:>|\Z)""", re.S)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def rewrite_urls(html: str, one: Callable[[str], str], bare: str = "", open_raw: list[str] | None = None) -> str:
    """`html` with each address its tags hold (URL_ATTRIBUTES; each of a srcset) given to `one`, the
    value's leading spaces kept (browsers strip them); comments, the text between tags and that of
    raw-text elements ('<script>x = "<a href=/y>"', content.RAW_TEXT_TAGS) as they are. `bare`: the
    quote a bare value gets once rewritten. `open_raw`: the raw-text element an earlier piece of
    the same text left open, whose text this one goes on with, kept up to date (render's inline
    tags are pieces of their own). Render's and the feeds' one reading of raw HTML."""
    rewrite = partial(_tag, one, bare)
    # (a piece, open_raw given, whose raw-text element is left open must say so: the loop)
    if not open_raw and (_raw_texts_hold_no_tag(html) if open_raw is None else _RAW_TEXT_START.search(html) is None):
        return _HTML_TAG.sub(rewrite, html)   # most bodies: one pass in C, a call a tag
    out: list[str] = []
    pos, name = 0, open_raw[0] if open_raw else ""
    while True:
        if name in RAW_TEXT_END:
            found = RAW_TEXT_END[name].search(html, pos)
            out.append(html[pos:found.start()])
            pos = found.start()
            if open_raw is not None:
                open_raw[:] = [name] if pos == len(html) else []
        if (tag := _HTML_TAG.search(html, pos)) is None:
            break
        out.append(html[pos:tag.start()] + rewrite(tag))
        pos = tag.end()
        name = tag[1].lower() if tag[1] and tag[0][-1] == ">" and not tag[2].rstrip().endswith("/") else ""   # not a comment
    out.append(html[pos:])
    return "".join(out)


_RAW_TEXT_START = re.compile("<(?:" + "|".join(sorted(RAW_TEXT_END)) + r")[\s/>]", re.I)


def _raw_texts_hold_no_tag(html: str) -> bool:
    """Whether no raw-text element of `html` holds a '<' (an embed's '<script src=...></script>'):
    then one pass over the whole reads it as rewrite_urls' loop does (a text with no '<' matches
    no tag, and its end tag is none either). A Python loop a tag cost bodies with an embed 2x in
    the feeds (rf45k). Each maybe-start is checked as the loop reads it: a tag there, not '<x/>'."""
    for start in _RAW_TEXT_START.finditer(html):
        tag = _HTML_TAG.match(html, start.start())
        if tag is None or not tag[1] or tag[0][-1] != ">" or tag[2].rstrip().endswith("/"):
            continue
        end = RAW_TEXT_END[tag[1].lower()].search(html, tag.end())
        if html.find("<", tag.end(), end.start()) != -1:
            return False
    return True


def _tag(one: Callable[[str], str], bare: str, tag: re.Match) -> str:
    """One tag as rewrite_urls gives it: a comment, or one without an attribute's '=', as it is."""
    if not tag[1] or "=" not in tag[2] or tag[0][-1] != ">":   # (one running to the end: no tag)
        return tag[0]
    also = _URL_ATTRIBUTES_OF.get(tag[1].lower(), frozenset())
    return tag[0][:tag.start(2) - tag.start()] + _ONE_ATTRIBUTE.sub(partial(_rewritten, also, one, bare), tag[2]) + ">"


def _rewritten(also: frozenset[str], one: Callable[[str], str], bare: str, attr: re.Match) -> str:
    """One attribute (name, '=', value) as rewrite_urls gives it; `also`: its tag's own URL attributes."""
    name, equals, value = attr.groups()
    if value is None or (name.lower() not in URL_ATTRIBUTES and name.lower() not in also):
        return attr[0]
    quote = value[0] if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'" else ""
    inner = value[len(quote):len(value) - len(quote)]
    if not quote and not inner:
        return attr[0]   # 'href=' and nothing: no address
    if name.lower() == "srcset":   # 'a.jpg 480w, b.jpg 960w'; a URL may hold commas (data:, '/w_640,h_480/')
        for start, url in reversed(srcset_spans(inner)):
            inner = inner[:start] + _decoded_one(one, url) + inner[start + len(url):]
    else:
        url = inner.lstrip(" \t\n\f\r")
        inner = inner[:len(inner) - len(url)] + _decoded_one(one, url)
    quote = quote or (bare if bare not in inner else "")   # a bare value made absolute may need quotes
    return f"{name}{equals}{quote}{inner}{quote}"


# A character reference as an attribute's value decodes it ('&#109;ailto:', '&#47;archive/'); only
# those closed by ';': 'a=1&copy=2' in an address is no reference there (HTML's attribute rule)
_CHAR_REF = LazyPattern(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _decoded_one(one: Callable[[str], str], url: str) -> str:
    """one(url), decided on the address a browser reads: an e-mail link written as entities
    (WordPress's antispambot: '&#109;&#97;...&#58;desk&#64;...') has a scheme, left as written (the
    feeds made it 'https://site/story/&#109;...', a 404), and '&#47;archive/' is a root address
    (left off the sub-path, rf45k). What `one` puts before the address is added to it as written;
    an address it changed otherwise ('../x' made absolute) is written escaped."""
    if "&" not in url or (decoded := _CHAR_REF.sub(lambda m: html.unescape(m[0]), url)) == url:
        return one(url)
    made = one(decoded)
    if made == decoded:
        return url
    if made.endswith(decoded):
        return html.escape(made[:len(made) - len(decoded)]) + url
    return html.escape(made)


def absolute_urls(body: str, base: str) -> str:
    """A body's links and pictures made absolute against the article's address `base`. RSS and
    JSON Feed have no xml:base (Atom's entries carry one), so a reader or an RSS-to-email service
    would resolve '/news/images/x.jpg' or '#fn1' against the feed, or not at all."""
    def one(url: str) -> str:
        if _SCHEME.match(url):
            return url
        try:
            return urljoin(base, url)
        except ValueError:   # '//[CDN_HOST]/x.png', no IP in its brackets: no address of this site, kept (review49e)
            return url
    return rewrite_urls(str(body), one, '"')


def rfc3339(when: datetime) -> str:
    # isoformat's timespec: replace(microsecond=0).isoformat(), without the copy
    return on_the_minute(when).isoformat(timespec="seconds")


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def rfc822(when: datetime) -> str:
    """RSS's date: email.utils.format_datetime's text (tests/test_feeds.py holds them equal), made
    here: importing email.utils (email's charsets and encoders) was 13 million instructions, 1.8%
    of the imports a build waits for before it can parse or render anything. An offset with
    seconds is written as UTC (on_the_minute): RFC 822's zone is four digits."""
    when = on_the_minute(when)
    zone = _zone(when.utcoffset()) if when.tzinfo is not None else "-0000"
    return "%s, %02d %s %04d %02d:%02d:%02d %s" % (_DAYS[when.weekday()], when.day, _MONTHS[when.month - 1],
                                                   when.year, when.hour, when.minute, when.second, zone)


@lru_cache(maxsize=64)  # a pure function of the offset, and a site's dates have a few
def _zone(offset: timedelta | None) -> str:
    """strftime("%z") of a time at this UTC offset ('' for none), which depends on nothing else:
    made once per offset, since strftime costs 6 us and an RSS feed asks once per item."""
    return "" if offset is None else datetime(2000, 1, 1, tzinfo=timezone(offset)).strftime("%z")


class FeedInfo(NamedTuple):
    """What the feed says about itself (a tuple, like Entry: one a feed)."""
    title: str
    description: str
    self_url: str        # absolute URL of this feed
    home_url: str        # absolute URL of the HTML page the feed follows
    language: str
    updated: datetime | None
    author: str          # the publisher: [site] publisher, else the edition's own title


class Entry(NamedTuple):
    """A feed's entry: a tuple, made in C (a frozen dataclass sets each field through
    object.__setattr__; a build makes ~7 a feed)."""
    view: ArticleView
    id: str
    content_html: str    # '' when the site publishes summaries only, but for a body with no text to excerpt
    summary: str         # plain text, never empty when content_html is empty (but for an empty body)


def entry_id(views: Views, index: int) -> str:
    """tag:host,YYYY-MM-DD:/path/ - stable across builds, formats and base paths, and across a move
    that keeps the old address as an alias: RFC 4287 says an entry's id never changes, and a feed
    reader showed a story whose slug was fixed again, as a new one. The day is `feed_id_date:`
    when the file has one (the converter writes a stand-in date's day there, so the real date set
    later leaves the id alone), else the day of `date` as written (every id made before it)."""
    art = views.site.articles[index]
    path = first_address(views.config, art, views.site.urls[index])
    return f"tag:{_host(views.base_url)},{art.feed_id_day}:{path}"


@lru_cache(maxsize=8)
def _host(base_url: str) -> str:
    """The host of entry ids; urlsplit costs 4 us, and a build asks for every entry of every feed."""
    return urlsplit(base_url).hostname or "localhost"


def feed_info(views: Views, page: Page, entries: list[Entry]) -> FeedInfo:
    cfg, edition = views.config.site, page.edition
    term, kind = feed_term(views, page)
    site = views.title(edition)
    if term is None:
        title, description, home = views.feed_title(edition), views.description(edition), edition_root(views.config, edition)
    else:
        title, home = f"{site}: {term.name}", term.url
        if kind == "author":
            description = views.say(edition, "Articles by %(name)s on %(site)s.", name=term.name, site=site)
        elif kind == "tag":
            description = views.say(edition, "Articles about %(name)s on %(site)s.", name=term.name, site=site)
        else:
            description = views.section_description(term.slug, edition) or views.say(
                edition, "%(name)s on %(site)s.", name=term.name, site=site)
    if term is not None and page.term in (views.site.kept_tags if kind == "tag" else views.site.kept_authors
                                          if kind == "author" else ()):
        # a kept tag's or author's feed (its stories all taken down: site.kept_terms) has no page of its own to
        # follow: its edition's front, else the site's root
        home = edition_root(views.config, edition) if not edition or edition in views.editions else "/"
    elif edition and edition not in views.editions:
        # a quiet edition's feed (its stories all taken down: site._quiet_editions) keeps its readers, but its
        # front and sections are gone: the page it follows is the site's root, not a 404 (review54b)
        home = "/"
    updated = max((e.view.modified for e in entries), default=None) or views.site.newest_change(edition)
    return FeedInfo(title, description, views.abs_url(page.url), views.abs_url(home), page.edition or cfg.language,
                    updated, cfg.publisher or site)


def feed_term(views: Views, page: Page) -> tuple[Term | None, str]:
    """The author, tag or section a feed follows (None for the site feed), and which kind it is."""
    site = views.site
    for table, kind in ((site.authors, "author"), (site.tags, "tag"), (site.sections, "section"),
                        (site.quiet_sections, "section"), (site.kept_authors, "author"), (site.kept_tags, "tag")):
        term = table.get(page.term) if page.term else None
        if term is not None and page.url == term.url + page.url.rsplit("/", 1)[1]:
            return term, kind
    return None, ""


ENTRIES_MEMO = 8  # feeds' entries a worker keeps: a feed.xml and its rss.xml list the same stories


def entries(views: Views, page: Page) -> list[Entry]:
    cfg = views.config.feeds
    full = cfg.full_content if not page.term else cfg.full_content_terms
    memo, key = views.feed_entries, (page.articles, full)
    found = memo.get(key)
    if found is not None:  # the same feed in the other format, rendered just before
        return found
    found = []
    for index in page.articles:
        view = views.article(index, body=full or not views.site.articles[index].summary)
        summary = view.summary or excerpt(str(view.body_html))
        # a body with no text to excerpt (a table, a figure, code) goes in whole: else the entry is empty
        content = "" if not full and summary else view.body_html if not view.corrections else (
            str(view.body_html) + corrections_html(views, view))   # str: Markup + str would escape it
        found.append(Entry(view, entry_id(views, index), _directed(content, view), summary))
    if len(memo) >= ENTRIES_MEMO:
        memo.clear()
    if ENTRIES_MEMO:
        memo[key] = found
    return found


def _directed(content: str, a: ArticleView) -> str:
    """A right-to-left story's body in an element that says so, as its page's <html dir="rtl"> does:
    a feed reader lays out bare paragraphs left to right (the full stop of an Arabic sentence
    that ends in a Latin word lands on the wrong side), whatever the entry's xml:lang."""
    if not content or a.dir != "rtl":
        return content
    return f'<div dir="rtl" lang="{html.escape(a.language)}">{content}</div>'


def corrections_html(views: Views, a: ArticleView) -> str:
    """The story's corrections as its page lists them, after a full-content entry's body: a
    correction is for the readers who saw the error, and those who read the story in a feed reader
    got an entry whose updated moved with the correction and no word of what was corrected."""
    items = "".join(f'<li><time datetime="{c.date_attr}">{html.escape(c.date_text)}</time>: '
                    f"{html.escape(c.text)}</li>" for c in a.corrections)
    return f'<h2>{html.escape(views.say(a.language, "Corrections"))}</h2>\n<ul>{items}</ul>\n'


def excerpt(body_html: str) -> str:
    """Plain text of the start of a body, for articles without a summary: a space where a block
    ends, none at inline markup ('the <a>report</a>.' is 'the report.', not 'the report .'; nor
    inside a Japanese word), nor after a Chinese or Japanese paragraph's full stop. Regexes, not
    content's HTML reader of ledes: that one reads paragraphs only (a list alone would be no
    text) and takes 30 times as long, for every story of every feed. The body's first 3,000
    characters, to a tag's end, hold the excerpt's text but where pictures and links fill them."""
    end = body_html.rfind(">", 0, _EXCERPT_HTML) + 1 if len(body_html) > _EXCERPT_HTML else len(body_html)
    text = _plain_text(body_html[:end])   # a prefix of the whole body's text: the cut is at a tag
    if len(text) <= EXCERPT_CHARS and end < len(body_html):
        text = _plain_text(body_html)
    return cut_text(text, EXCERPT_CHARS)


def _plain_text(markup: str) -> str:
    text = ""
    for block in _unmarked(markup).split("\0"):  # markdown-it makes a NUL U+FFFD
        words = " ".join(block.split())
        if words:
            text += "" if _joins_unspaced(text) else " " if text else ""
            text += words
    return html.unescape(text)


def _joins_unspaced(text: str) -> bool:
    """Whether the next paragraph follows the text with no space: after a Chinese or Japanese
    sentence's end ('。', or '。”' and '了”' but not 'yes.”')."""
    if not text:
        return False
    last = text[-1]
    return last in _CJK_ENDS or (last in _CJK_CLOSERS and len(text) > 1 and _is_cjk(text[-2]))


def _is_cjk(char: str) -> bool:
    return char in _CJK_ENDS or "\u3000" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\uff00" <= char <= "\uffef"


def _unmarked(markup: str) -> str:
    """The markup's text, a NUL where a block starts or ends, without tags, comments, nor what
    _LEFT_OUT elements hold. One scan of the tags; the text between them is sliced, not parsed."""
    found: list[str] = []   # most bodies hold no such element: one re.sub reads them
    markup = _tail_as_text(markup)
    text = _NAMED_TAG.sub(lambda tag: _block_mark(tag, found), markup)
    if not found:
        return _SPACE_AT_GAP.sub("", text) if _GAP in text else text
    pieces: list[str] = []
    pos = 0
    skipping, depth = "", 0   # the left-out element being skipped, and how deep in it
    while (tag := _NAMED_TAG.search(markup, pos)) is not None:
        if not skipping:
            _add_text(pieces, markup[pos:tag.start()])
        pos = tag.end()
        name = (tag[2] or "").lower()
        if not name:
            continue   # a comment, a doctype
        opens = not tag[1] and not tag[0].endswith("/>")
        if skipping:
            depth += (name == skipping) * (1 if opens else -1 if tag[1] else 0)
            if depth:
                continue
            skipping = ""
        elif opens and _left_out(name, tag[0]):
            if name in RAW_TEXT_END:   # raw text to its end tag ('<script>if (a<b)'): no tag inside
                pos = RAW_TEXT_END[name].search(markup, pos).end()
            else:
                skipping, depth = name, 1
        if name in _BREAKING_TAGS:
            pieces.append("\0")
    if not skipping:
        _add_text(pieces, markup[pos:])
    return "".join(pieces)


def _tail_as_text(markup: str) -> str:
    """`markup` with each '<' after its last '>' written '&lt;' (which _plain_text unescapes), up to a
    comment there, which runs to the end: no tag ends there, but _NAMED_TAG tried one at each such
    '<' and read on to the end, a body ending in raw 'x<a x<a ...' cost its length squared (rr53a 1)."""
    last = markup.rfind(">") + 1
    if markup.find("<", last) < 0:
        return markup
    comment = markup.find("<!--", last)
    comment = len(markup) if comment < 0 else comment
    return markup[:last] + markup[last:comment].replace("<", "&lt;") + markup[comment:]


def _add_text(pieces: list[str], text: str) -> None:
    """Appends the text that follows a tag; one that starts with a mark that follows a word takes
    back the space before the tags and left-out elements that stood there ('the map <video>...</video>.')."""
    if text[:1] in _TRAILING_MARKS and text:
        for i in range(len(pieces) - 1, -1, -1):
            if pieces[i] == "\0":
                break
            pieces[i] = pieces[i].rstrip()
            if pieces[i]:
                break
    pieces.append(text)


def _block_mark(tag: re.Match, found: list[str]) -> str:
    """A NUL for a tag that starts or ends a block, else nothing; an element that may be left out
    goes into found."""
    name = (tag[2] or "").lower()
    if name in _MAY_LEAVE_OUT:
        found.append(name)
    if name in _BREAKING_TAGS:
        return "\0"
    return _GAP if tag.string[tag.end():tag.end() + 1] in _TRAILING_MARKS else ""


def _left_out(name: str, tag: str) -> bool:
    if name in _LEFT_OUT:
        return True
    wanted = _LEFT_OUT_CLASSES.get(name)
    return wanted is not None and wanted.search(tag) is not None




# Atom 1.0 (RFC 4287) --------------------------------------------------------------------------------
def atom(views: Views, info: FeedInfo, items: list[Entry]) -> str:
    cfg = views.config.site
    head = (
        f'<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{x(info.language)}">\n'
        f"<id>{x(info.self_url)}</id>\n<title>{x(info.title)}</title>\n<subtitle>{x(info.description)}</subtitle>\n"
        f'<link rel="self" type="{MEDIA_TYPES["atom"]}" href="{x(info.self_url)}"/>\n'
        f'<link rel="alternate" type="text/html" href="{x(info.home_url)}"/>\n'
        f"<updated>{rfc3339(info.updated) if info.updated else '1970-01-01T00:00:00+00:00'}</updated>\n"
        f"<author><name>{x(info.author)}</name><uri>{x(views.base_url)}</uri></author>\n"
        f"<generator>{GENERATOR}</generator>\n"
        + (f"<rights>{x(cfg.copyright)}</rights>\n" if cfg.copyright else "")
    )
    return head + "".join(atom_entry(views, e) for e in items) + "</feed>\n"


def atom_entry(views: Views, entry: Entry) -> str:
    head = _head(views, entry, "atom", _atom_head)
    if entry.content_html:
        # xml:base makes the body's relative links (#anchors, /paths) resolve against the article.
        return (f'{head}<content type="html" xml:base="{x(entry.view.abs_url)}">{x_body(entry.content_html)}'
                "</content>\n</entry>\n")
    return head + "</entry>\n"


# Entry heads a worker keeps (under 1 KB each). At 10,000 articles a worker's feeds list ~5,400
# stories, ~10,700 heads in Atom and RSS, so this memo is emptied twice and 73% of the heads are
# made again: 16,384 cut the feeds' CPU by a fifth but raised the build's peak memory by 10 MB
# (session 29); their shared lines are kept instead (_lines).
ENTRY_MEMO = 4096


def _head(views: Views, entry: Entry, fmt: str, make) -> str:
    """An entry up to its content, made once per worker: a story sits in ~10 feeds (the site's,
    its section's, each tag's and author's; Atom and RSS) and its head is the same in each. The
    key holds everything the head shows besides the article's own view (one per article id)."""
    return _kept(views.feed_heads, ENTRY_MEMO, (fmt, entry.id, entry.summary), make, views, entry)


def _kept(memo: dict, limit: int, key: tuple, make: Callable[..., str], *args) -> str:
    """memo[key], made by make(*args) when missing; a full memo is emptied first, so a worker's
    memory stays bounded whatever the site's size."""
    found = memo.get(key)
    if found is None:
        if len(memo) >= limit:
            memo.clear()
        found = memo[key] = make(*args)
    return found


def _atom_head(views: Views, entry: Entry) -> str:
    a = entry.view
    # <published>, RSS's <pubDate> and JSON's date_published are optional: a stand-in date (first
    # conversion) is not stated as when the story came out, as seo._dates does not (review50c 1).
    parts = [
        f'<entry xml:lang="{x(a.language)}">\n<id>{x(entry.id)}</id>\n<title type="text">{x(a.title)}</title>\n'
        f'<link rel="alternate" type="text/html" href="{x(a.abs_url)}"/>\n'
        + (f"<published>{rfc3339(a.date)}</published>\n" if a.date_known else "")
        + f"<updated>{rfc3339(a.modified)}</updated>\n"
    ]
    parts += _lines(views, _atom_author, a.authors)
    parts += _lines(views, _atom_category, a.tags)
    if a.image_address:
        url, kind, length = enclosure(views, a)
        size = f' length="{length}"' if length else ""
        parts.append(f'<link rel="enclosure" type="{kind}" href="{x(url)}"{size}/>\n')
    parts.append(f'<summary type="text">{x(entry.summary)}</summary>\n')
    return "".join(parts)


LINE_MEMO = 8192  # an entry head's author and topic lines a worker keeps (~100 bytes each)


def _lines(views: Views, make: Callable[[Views, Link], str], links: tuple[Link, ...]) -> list[str]:
    """The lines of an entry's head that many entries share (an author's, a topic's), each made
    once per worker: at 10,000 articles a worker's feeds list ~5,400 stories, more than the heads'
    memo keeps, and each missed head made them again (an absolute URL and escaping each). Keyed by
    name and URL, not the Link (its dataclass __hash__ is a Python call)."""
    memo = views.feed_lines
    return [_kept(memo, LINE_MEMO, (make, link.name, link.url), make, views, link) for link in links]


def _atom_author(views: Views, p: Link) -> str:
    return f"<author><name>{x(p.name)}</name><uri>{x(views.absolute(p.url))}</uri></author>\n"


def _atom_category(views: Views, t: Link) -> str:
    """The scheme is the topic's own index ('/de/tags/' in the German edition; it was always '/tags/')."""
    index = t.url[:t.url.rstrip("/").rfind("/") + 1]    # '/de/tags/fahren/' -> '/de/tags/'
    return f'<category term="{x(t.name)}" scheme="{x(views.absolute(index))}"/>\n'


def _rss_creator(views: Views, p: Link) -> str:
    return f"<dc:creator>{x(p.name)}</dc:creator>\n"


def _rss_category(views: Views, t: Link) -> str:
    return f'<category domain="{x(views.absolute(t.url))}">{x(t.name)}</category>\n'


def enclosure(views: Views, a: ArticleView) -> tuple[str, str, int]:
    """The lead picture for feed readers: (absolute URL, media type, bytes; 0 when unknown). A JPEG
    when there is one: an animated GIF's is its first frame's 16:9 still, not the GIF (review51a 4),
    a PNG one when the frame is transparent (rf51c 3)."""
    if a.picture:
        v = next((a.picture.largest(r, "image/jpeg") for r in ("full", "16x9") if a.picture.variants(r, "image/jpeg")),
                 None) or a.picture.largest("full")
        if v.mime == "image/gif" and a.picture.variants("16x9", "image/png"):
            v = a.picture.largest("16x9", "image/png")
        return views.absolute(views.url(v.path)), v.mime, v.length
    return views.absolute(a.image), _image_type(a.image), 0


# A remote picture's type by its extension; a table of our own, not mimetypes, whose answers follow
# the machine's /etc/mime.types (Python 3.11's own table lacks .webp): one site, one feed anywhere.
IMAGE_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif",
               "webp": "image/webp", "avif": "image/avif", "svg": "image/svg+xml", "heic": "image/heic",
               "heif": "image/heif", "tif": "image/tiff", "tiff": "image/tiff", "jxl": "image/jxl",
               "bmp": "image/bmp"}


def _image_type(url: str) -> str:
    """The enclosure's type: by the path's extension, without query or fragment ('lead.png#v2' is
    a PNG); an iPhone's HEIC or a photo desk's TIFF was called JPEG (review50c 2). An address with
    none known (a CDN's '/img/123?w=800') stays image/jpeg: RSS's enclosure must give a type."""
    ext = urlsplit(url).path.rsplit("/", 1)[-1].rpartition(".")[2].lower()
    return IMAGE_TYPES.get(ext, "image/jpeg")


def html_text(text: str) -> str:
    """Plain text as HTML, for RSS's <description>, which is entity-encoded HTML (RSS 2.0): escaped
    for XML alone, '<old>' in a summary reached readers as a tag, and they dropped it."""
    return html.escape(text, quote=False)


# RSS 2.0 --------------------------------------------------------------------------------------------
def rss(views: Views, info: FeedInfo, items: list[Entry]) -> str:
    cfg = views.config.site
    head = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">\n'
        f"<channel>\n<title>{x(info.title)}</title>\n<link>{x(info.home_url)}</link>\n"
        f"<description>{x(html_text(info.description))}</description>\n<language>{x(info.language)}</language>\n"
        f'<atom:link rel="self" type="{MEDIA_TYPES["rss"]}" href="{x(info.self_url)}"/>\n'
        f"<generator>{GENERATOR}</generator>\n"
        + (f"<lastBuildDate>{rfc822(info.updated)}</lastBuildDate>\n" if info.updated else "")
        + (f"<copyright>{x(cfg.copyright)}</copyright>\n" if cfg.copyright else "")
    )
    return head + "".join(rss_item(views, e) for e in items) + "</channel>\n</rss>\n"


def rss_item(views: Views, entry: Entry) -> str:
    head = _head(views, entry, "rss", _rss_head)
    if entry.content_html:
        body = absolute_urls(entry.content_html, entry.view.abs_url)
        return f"{head}<content:encoded>{x_body(body)}</content:encoded>\n</item>\n"
    return head + "</item>\n"


def _rss_head(views: Views, entry: Entry) -> str:
    a = entry.view
    parts = [
        f"<item>\n<title>{x(a.title)}</title>\n<link>{x(a.abs_url)}</link>\n"
        f'<guid isPermaLink="false">{x(entry.id)}</guid>\n'
        + (f"<pubDate>{rfc822(a.date)}</pubDate>\n" if a.date_known else "")
        + f"<dcterms:modified>{rfc3339(a.modified)}</dcterms:modified>\n"
    ]
    # RSS's <author> must be an e-mail address; Dublin Core carries a plain name.
    parts += _lines(views, _rss_creator, a.authors)
    parts += _lines(views, _rss_category, a.tags)
    if a.image_address:
        url, kind, length = enclosure(views, a)
        parts.append(f'<enclosure url="{x(url)}" length="{length}" type="{kind}"/>\n')
    parts.append(f"<description>{x(html_text(entry.summary))}</description>\n")
    return "".join(parts)


# JSON Feed 1.1 --------------------------------------------------------------------------------------
def json_feed(views: Views, info: FeedInfo, items: list[Entry]) -> str:
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": info.title,
        "home_page_url": info.home_url,
        "feed_url": info.self_url,
        "description": info.description,
        "language": info.language,
        "authors": [{"name": info.author, "url": views.base_url}],
        "items": [json_item(views, e) for e in items],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def json_item(views: Views, entry: Entry) -> dict:
    a = entry.view
    item: dict = {"id": entry.id, "url": a.abs_url, "title": a.title, "summary": entry.summary}
    if entry.content_html:
        item["content_html"] = absolute_urls(entry.content_html, a.abs_url)
    else:
        item["content_text"] = entry.summary
    if a.image_address:
        item["image"] = enclosure(views, a)[0]
    if a.date_known:
        item["date_published"] = rfc3339(a.date)
    item.update(date_modified=rfc3339(a.modified), language=a.language)
    if a.authors:
        item["authors"] = [{"name": p.name, "url": views.absolute(p.url)} for p in a.authors]
    if a.tags:
        item["tags"] = [t.name for t in a.tags]
    return item


WRITERS = {"atom": atom, "rss": rss, "json": json_feed}


def render_feed(views: Views, page: Page) -> bytes:
    items = entries(views, page)
    return WRITERS[page.fmt](views, feed_info(views, page, items), items).encode("utf-8")
