"""Articles -> Site: publishing rules, taxonomies, pagination, URLs and output paths. No I/O
(but a content file read again for the line a rare warning names).

Every output the build will write is decided here, as a `Page`, before anything is rendered, so
two pages claiming one URL are refused up front and the build knows each output's inputs.
"""
from __future__ import annotations

import difflib
import filecmp
import math
import posixpath
import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from .config import (AUTHORS_FILE, CONFIG_FILE, DEFAULT_THEME, FEED_NAMES, OUTPUT_RECORD, Config, did_you_mean, fixed_zone_warning,
                     is_file, key_lines, published_static, site_path, static_file_name)
from .content import (Article, ContentError, _key_line, body_link_lines, entry_of, raw_picture_lines,
                      raw_unnamed_lines, site_origin, slug_of)
from .spelling import names_differ, spelling_pair, spellings_differ
from .langtag import (bcp47, country_example, hreflang, hreflang_codes, known_language, letters_of, same_writing,
                      scripts_in)


class SiteError(Exception):
    """The articles cannot form a site (e.g. two articles claim one URL). `paths`: the articles'
    files whose claims the problems name (a story kept as last built among them is left out instead).
    `alone`: file -> its problems, for each story in the way of a page the site makes (its search,
    tags or archive page, a feed, a build folder): only that story can move, so it alone may be left
    out and the rest built."""

    def __init__(self, message: str, paths: frozenset[str] = frozenset(), alone: dict[str, str] | None = None):
        super().__init__(message)
        self.paths = paths
        self.alone = alone or {}


@dataclass(frozen=True)  # no slots: a saved plan's are made by filling __dict__ (build._unrow)
class Term:
    """A tag, an author or a month: a name, its URL and its articles (indices, newest first)."""
    name: str
    slug: str
    url: str
    articles: tuple[int, ...]


@dataclass(frozen=True)  # no slots: made by filling __dict__, here (__init__) and from a saved plan (build._unrow)
class Page:
    kind: str                      # article, index, section, tag, tags, author, authors, archive, archives, 404,
                                   # search, feed, sitemap, news_sitemap, robots, languages (the root's
                                   # language chooser when no story is in the main language)
    url: str                       # site-relative, starts with '/'
    output: str                    # path under public/, posix
    template: str = ""             # Jinja template for HTML pages; '' for generated files
    articles: tuple[int, ...] = ()  # articles listed (or the one article for kind 'article')
    term: str = ""                 # tag/author slug or 'YYYY/MM' for taxonomy pages
    number: int = 1                # pagination
    total: int = 1
    fmt: str = ""                  # feeds: atom, rss, json
    edition: str = ""              # language of the edition the page belongs to; '' = the main one

    def __init__(self, kind: str, url: str, output: str, template: str = "", articles: tuple[int, ...] = (),
                 term: str = "", number: int = 1, total: int = 1, fmt: str = "", edition: str = ""):
        # the fields' dict made in one step, where the frozen dataclass's own __init__ sets each
        # field through object.__setattr__: a plan makes a Page per output, 3,646 at 1,000
        # articles (4.5 -> 2.0 ms of the plan, every core but one idle). The same names, order and
        # defaults as the fields (tests/test_site.py holds them equal).
        object.__setattr__(self, "__dict__", {
            "kind": kind, "url": url, "output": output, "template": template, "articles": articles, "term": term,
            "number": number, "total": total, "fmt": fmt, "edition": edition})


@dataclass(frozen=True)
class Site:
    config: Config
    articles: tuple[Article, ...]          # published, newest first
    urls: tuple[str, ...]                  # article index -> URL
    related: tuple[tuple[int, ...], ...]   # article index -> related article indices
    tags: dict[str, Term]
    authors: dict[str, Term]
    months: dict[str, Term]
    pages: tuple[Page, ...]
    left_out: dict[str, int] = field(default_factory=dict)  # reason -> count
    now: datetime | None = None            # the build's clock (the news sitemap's two-day window)
    sections: dict[str, Term] = field(default_factory=dict)  # slug -> section, in menu order
    labels: tuple[tuple[str, str], ...] = ()  # article index -> ('section'|'tag', slug), or ('', '')
    warnings: tuple[str, ...] = ()
    edition_of: tuple[str, ...] = ()      # article index -> its edition's language; '' = the main edition
    around: tuple[tuple[int, int], ...] = ()  # article index -> (newer, older) in its edition; -1 = none
    translations: tuple[tuple[int, ...], ...] = ()  # article index -> the same story in other languages
    # notes said by every build while so: the stories left out as dated ahead (dated_ahead), a table's
    # key for an edition to come that may be misspelt (misspelt_edition_keys)
    ahead: tuple[str, ...] = ()
    # the sections of the editions with no story published but one taken down (a draft, dated ahead), which keep
    # their feeds, empty (unpublished_sections; in no menu: `sections` has the editions with pages)
    quiet_sections: dict[str, Term] = field(default_factory=dict)
    drafted: tuple[tuple[str, datetime], ...] = ()  # edition -> the newest `modified` of its drafts (newest_change)
    # the tags and authors whose feeds stay, empty, with no story published: a build published them
    # (content/.sitegen-published) and a story taken down still carries them (kept_terms; no page links them)
    kept_tags: dict[str, Term] = field(default_factory=dict)
    kept_authors: dict[str, Term] = field(default_factory=dict)
    # name -> its page's slug, for each tag and author name whose page is not at slug_of(name) (term_slugs)
    tag_slugs: dict[str, str] = field(default_factory=dict)
    author_slugs: dict[str, str] = field(default_factory=dict)
    # content path -> article index, made at the first body link to a '.md' file (link_urls); not
    # an init field, so replace() (a rebuild's site) starts a new one
    _by_path: dict[str, int] = field(init=False, default_factory=dict, repr=False, compare=False)

    @property
    def left_out_total(self) -> int:
        return sum(self.left_out.values())

    def edition(self, index: int) -> str:
        return self.edition_of[index] if self.edition_of else ""

    def newest_change(self, edition: str) -> datetime | None:
        """The newest `modified` of an edition's stories: an empty feed's updated (a section whose
        stories were all taken down keeps its feed: unpublished_sections), not 1970 (review44i);
        with none published, of its drafts (rf45j: from the sources, as a clean build reads them); with
        neither (its stories all dated ahead, an embargo), the site's newest published change, not the
        embargoed date, which would tell the embargo (it was None, and the feed said 1970, review49f 2).
        None only when the site has published nothing."""
        published = max((a.modified for i, a in enumerate(self.articles) if self.edition(i) == edition), default=None)
        return (published or dict(self.drafted).get(edition)
                or max((a.modified for a in self.articles), default=None))

    def held(self, index: int) -> bool:
        """A story a preview (--drafts, --future) publishes though it is not out: a draft, or one dated
        after the build's clock. Its page is noindex: a host serving that public/ as it is let a
        crawler index a story held for legal or an embargo (review50c 4)."""
        return is_held(self.articles[index], self.now)

    def key(self, index: int, slug: str) -> str:
        """The key of a tag, author or section in the tables, for this article's edition."""
        edition = self.edition(index)
        return f"{edition}/{slug}" if edition else slug

    def term(self, terms: dict[str, Term], index: int, name: str) -> Term:
        """The page of a tag or author as article `index` names it (`terms`: site.tags or site.authors):
        the one way every byline, topic link, feed and fingerprint finds a name's page."""
        own = self.author_slugs if terms is self.authors else self.tag_slugs
        return terms[self.key(index, own.get(name) or slug_of(name))]

    def link_urls(self, art: Article) -> dict[str, str]:
        """href -> site-relative URL (its '?query#fragment' kept) of each of the article's body
        links to a '.md' file that names a story of this site; a link naming none is not here
        (build_site warned of it). Looked up by path among the published stories only: nothing
        is read from the disk."""
        if not art.body_links:
            return {}
        if not self._by_path:
            paths = getattr(self.articles, "paths", None)  # a restored plan's LazyArticles: no row read
            self._by_path.update((p, i) for i, p in enumerate(paths or (a.path for a in self.articles)))
        found = {}
        for href in art.body_links:
            target = link_target(art.path, href, self.config.base_path, self._by_path)
            index = self._by_path.get(target[0]) if target else None
            if index is not None:
                found[href] = self.urls[index] + target[1]
        return found

    def index_of(self, path: str) -> int | None:
        """A published story's index, by its path (a restored plan's rows are not read)."""
        if not self._by_path:
            paths = getattr(self.articles, "paths", None)
            self._by_path.update((p, i) for i, p in enumerate(paths or (a.path for a in self.articles)))
        return self._by_path.get(path)

    def neighbours(self, index: int) -> tuple[int, int]:
        """(newer, older) story of the same edition, -1 when there is none."""
        if self.around:
            return self.around[index]
        return (index - 1, index + 1 if index + 1 < len(self.articles) else -1)


def publishable(articles: list[Article], now: datetime, drafts: bool, future: bool) -> tuple[list[Article], dict[str, int]]:
    kept, left_out = [], {"draft": 0, "future": 0}
    for art in articles:
        if art.draft and not drafts:
            left_out["draft"] += 1
        elif art.date > now and not future:
            left_out["future"] += 1
        else:
            kept.append(art)
    return kept, {k: v for k, v in left_out.items() if v}


def link_target(source: str, href: str, base_path: str = "/", stories: Container[str] = ()) -> tuple[str, str] | None:
    """The content path a body link to a '.md' file names, and what follows its path ('?q#f');
    None when the path leads out of content/. Relative to the linking file's folder (as MkDocs
    does); a leading '/' is content/'s root (the site's root is no Markdown file's home), with the
    site's sub-path or without it, as aliases are read, unless with it it names one of `stories`
    (a site under /news/ with a content/news/ folder)."""
    path, rest = _link_path(href)
    target = _content_path(source, path)
    if path.startswith("/") and target not in stories:
        target = _content_path(source, _site_relative(base_path, path))
    return (target, rest) if target is not None else None


def _content_path(source: str, path: str) -> str | None:
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(source), path)
    target = posixpath.normpath(joined)
    if target == ".." or target.startswith(("../", "/")) or "\\" in target or "\0" in target:
        return None
    return target


def _link_path(href: str) -> tuple[str, str]:
    """A link's path, unquoted, and what follows it ('?q#f')."""
    cut = min((i for i in (href.find("?"), href.find("#")) if i >= 0), default=len(href))
    return unquote(href[:cut]), href[cut:]


def _static_link(config: Config, href: str) -> bool:
    """A root link to a Markdown file the site publishes from static/ ('/static/docs/changelog.md'):
    the site's own file, no story, and no broken link."""
    path = _link_path(href)[0]
    rel = _site_relative(config.base_path, path).lstrip("/") if path.startswith("/") else ""
    return rel.startswith("static/") and published_file(config, rel)


def link_warnings(config: Config, published: tuple[Article, ...], everything: list[Article]) -> list[str]:
    """One warning for each body link to a '.md' file that names no published story (it stays as
    written, a broken link on the site), and what to do; the line is put in where the warning is
    shown (with_link_lines). Only the articles' paths are compared: no file is looked for, in
    content/ or out of it."""
    linking = [a for a in published if a.body_links]
    if not linking:
        return []
    shown = {a.path for a in published}
    known = {a.path: a for a in everything}
    content = config.paths.content.rstrip("/")
    found = []
    for art in linking:
        for href in art.body_links:
            target = link_target(art.path, href, config.base_path, shown)
            if (target is None or target[0] not in shown) and not _static_link(config, href):
                why = _unlinked(content, target and known.get(target[0]), target)
                found.append(f"{art.path}: link '{unquote(href)}' {why}")
    return found


def site_link_warnings(config: Config, published: tuple[Article, ...], pages: list[Page],
                       served: Callable[[str], bool] | None = None, everything: Sequence[Article] = (),
                       languages: tuple[str, ...] = (),
                       pictured: Callable[[Article, str], bool] | None = None) -> list[str]:
    """One warning for each body link to an address of the site ('/2026/11/x/', or absolute on
    base_url's host and sub-path) that the build publishes nothing at, as a server finds a file:
    its pages (stories, listings, feeds, aliases, redirects), static/ files, and what `served`
    says it serves ('pagefind/...', the user's own files in public/: asked only on a miss). A set
    lookup a link; the line is put in where the warning is shown (with_link_lines). The address
    of a story of `everything` this build leaves out (dated ahead, a draft) is said as its '.md'
    link is (_unlinked): the link works once the story is published. `pictured`: whether a link names
    a picture the story shows ('/2025/map.jpg'), which the page points at the picture's copy
    (images.own_picture_links): it was rewritten, yet warned as broken (rf48b)."""
    linking = [a for a in published if a.site_links]
    if not linking:
        return []
    outputs = {p.output for p in pages}
    found: list[str] = []
    close: _ClosePage | None = None
    unshown: dict[str, Article] | None = None
    for art in linking:
        for href in art.site_links:
            rel = site_address(config.base_path, href)
            if rel is None or any(o in outputs for o in _served_as(rel)):
                continue
            if not (published_file(config, rel) or (served is not None and any(map(served, _served_as(rel))))
                    or (pictured is not None and pictured(art, href))):
                unshown = _unshown(config, published, everything, languages) if unshown is None else unshown
                story = next((unshown[o] for o in _served_as(rel) if o in unshown), None)
                if story is not None:
                    why = _unlinked(config.paths.content.rstrip("/"), story, (story.path, ""))
                    found.append(f"{art.path}: link '{unquote(href)}' {why}")
                    continue
                close = close or _ClosePage(config, pages)
                found.append(f"{art.path}: link '{unquote(href)}' is no page of this site: nothing is published at "
                             f"{config.base_path}{rel}, so it is a broken link (404){close(href, rel)}")
    return found


def _unshown(config: Config, published: tuple[Article, ...], everything: Sequence[Article],
             languages: tuple[str, ...]) -> dict[str, Article]:
    """The file each story this build leaves out would be written to -> the story (on a miss only)."""
    shown = {a.path for a in published}
    found = {}
    for art in everything:
        if art.path not in shown:
            try:
                found[output_path(article_url(config, art, languages))] = art
            except SiteError:   # an address no story can have: its own error when it is published
                continue
    return found


def site_address(base_path: str, href: str) -> str | None:
    """The path under public/ a body link to the site names ('2026/11/x/', '' the front page),
    resolved as a server does ('%20', '.', '..' and '//'; '?q#f' dropped); None when it leads out
    of the site (an absolute link off its sub-path, '..' above its root). A root link off the
    sub-path is the renderer's to put under it (render.under_base_path)."""
    absolute = not href.startswith("/")
    path = unquote(urlsplit(href).path) if absolute else _link_path(href)[0]
    path = path or "/"
    if path.startswith(base_path):
        path = "/" + path[len(base_path):]
    elif path == base_path.rstrip("/"):
        path = "/"
    elif absolute:
        return None
    if "\\" in path or "\0" in path:
        return None
    resolved = posixpath.normpath(path).lstrip("/")
    if ".." in resolved.split("/"):
        return None
    return resolved + "/" if resolved and path.endswith(("/", "/.", "/..")) else resolved


def _served_as(rel: str) -> tuple[str, ...]:
    """The files a server answers a path with: 'x/' and '' their index.html; 'x' the file, or the
    folder's index.html (after a redirect to 'x/')."""
    if rel == "" or rel.endswith("/"):
        return (rel + "index.html",)
    return (rel, rel + "/index.html")


SUGGESTED_MAX = 100  # misses a build looks for a close page for: each compares up to CLOSE_AMONG addresses
CLOSE_AMONG = 2_000   # pages as deep as the link, else those in the link's own folder (a month's stories)


class _ClosePage:
    """'; did you mean ...?' with the page whose address is closest to a missed link (a slug's
    typo, a story moved), written as the link was; else what to do. Made on the first miss (the
    pages' addresses by depth, once); only the first SUGGESTED_MAX misses are compared: a site
    that moved every story gets its warnings without a minute of difflib."""

    def __init__(self, config: Config, pages: list[Page]):
        self.config, self.asked = config, 0
        self.by_depth: dict[int, list[str]] = defaultdict(list)
        for url in sorted({p.url[1:] for p in pages}):
            self.by_depth[url.rstrip("/").count("/")].append(url)

    def __call__(self, href: str, rel: str) -> str:
        import difflib  # only on the way to a warning
        self.asked += 1
        known = self.by_depth.get(rel.rstrip("/").count("/"), []) if self.asked <= SUGGESTED_MAX else []
        if len(known) > CLOSE_AMONG:
            folder = rel.rstrip("/").rpartition("/")[0] + "/"
            known = [url for url in known if url.startswith(folder)][:CLOSE_AMONG]
        close = difflib.get_close_matches(rel, known, n=1, cutoff=0.7)
        if not close:
            return ("; link an address the site shows (a story's, a tag's page), or the story's file by its path "
                    "from this file's folder ('other-story.md'), or remove the link")
        base_path = self.config.base_path
        if not href.startswith("/"):
            parts = urlsplit(href)
            return f"; did you mean '{parts.scheme}://{parts.netloc}{base_path}{close[0]}'?"
        return f"; did you mean '{base_path if href.startswith(base_path) else '/'}{close[0]}'?"


def with_link_lines(config: Config, warnings: Iterable[str]) -> list[str]:
    """The plan's warnings, each about a body link given the line the link is on now: the file is
    read again (only when there is such a warning, which is rare), since a body edit that moves a
    link keeps the plan, and its warnings, of the build before."""
    found: list[str] = []
    lines: dict[str, dict[str, int]] = {}
    for warning in warnings:
        link = re.match(r"(.+?\.md): link '(.*?)' (?:leads out of|names |is no page)", warning) if ": link '" in warning else None
        if link is not None:
            path, shown = link.groups()
            if path not in lines:
                lines[path] = {unquote(h): n for h, n in _body_link_lines(config, path).items()}
            line = lines[path].get(shown)
            warning = f"{path}:{line}{warning[len(path):]}" if line else warning
        found.append(warning)
    return found


def _body_link_lines(config: Config, path: str) -> dict[str, int]:
    text = _source(config, path)
    return body_link_lines(text, site_origin(config.site.base_url)) if text is not None else {}


def _source(config: Config, path: str) -> str | None:
    """A content file's text again, with '\n' line ends, for a warning's line (an Article keeps no
    source text; warnings are rare); None for an article made in memory (tests) or gone since."""
    try:
        text = config.path("content").joinpath(path).read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _unlinked(content: str, art: Article | None, target: tuple[str, str] | None) -> str:
    """Why a link to a '.md' file names no published story, and what to do (link_warnings)."""
    kept = "so it is published as written, a broken link"
    if target is None:
        return (f"leads out of {content}/, {kept}; link to a story in {content}/ by its path from this file's folder "
                f"(or from {content}/ with a leading '/')")
    if art is None:
        return (f"names no story: no article of this site is {content}/{target[0]}, {kept}; fix the path (from "
                f"this file's folder, or from {content}/ with a leading '/') or remove the link")
    if art.draft:
        return (f"names {content}/{art.path}, a draft this build does not publish, {kept}; publish the story "
                f"(delete its 'draft: true') or remove the link")
    return (f"names {content}/{art.path}, dated {art.date.isoformat()}, which is not published before then, {kept}; "
            "the link works from the first build after that time: remove it until then")


def edition_root(config: Config, edition: str) -> str:
    """'/' for the main edition, '/de/' (site.toml: edition_path) for another."""
    return config.site.edition_path.format(language=edition) if edition else "/"


def edition_languages(config: Config, articles: list[Article]) -> tuple[str, ...]:
    """The languages besides the main one that have an edition. [site] editions = true (the
    default): every language the articles are written in, once there are two or more, so a
    one-language site stays one stream, a regional tag beside its bare language's stories being
    that language (edition_for); false: none; a list: those languages, in that order."""
    setting, main = config.site.editions, config.site.language
    if setting is True:  # a region alone is no edition: 'en-us' on an en-gb site is the main one,
        found = {a.language for a in articles}  # 'de-at' beside 'de' stories on an en site the de one
        others = sorted(lang for lang in found if not same_writing(lang, main) and _bare(lang) not in found)
        return tuple(others) if len(others) + any(same_writing(lang, main) for lang in found) > 1 else ()
    return tuple(lang for lang in setting or () if lang != main)


def _bare(tag: str) -> str:
    """'de' for 'de-at' when both are one writing (not 'zh' for 'zh-tw'); '' for a bare tag."""
    base = tag.partition("-")[0]
    return base if base != tag and same_writing(base, tag) else ""


def in_edition_order(config: Config, languages: set[str]) -> list[str]:
    """Edition languages in switcher order: as [site] editions lists them, else A to Z."""
    setting = config.site.editions
    return [lang for lang in (setting if isinstance(setting, tuple) else sorted(languages)) if lang in languages]


def edition_of(languages: tuple[str, ...], art: Article, main: str) -> str:
    """The edition an article appears in (see edition_for)."""
    return edition_for(languages, art.language, main)


def edition_for(languages: tuple[str, ...], tag: str, main: str) -> str:
    """The edition ('' = the main one) of content in `tag`: its own; else, in the same writing, the
    main one, its bare language's ('de' for 'de-at') or the other one in it ('pt-br' for a bare 'pt',
    as converted seeds say; of two, 'pt-br' and 'pt-pt', the first A to Z, and edition_warnings
    says so); else the main one."""
    if tag in languages:
        return tag
    if not languages or same_writing(tag, main):
        return ""
    bare = _bare(tag)
    if bare in languages:
        return bare
    return min((lang for lang in languages if same_writing(lang, tag)), default="")  # A to Z: any order given


def edition_table(table: Mapping[str, str], editions: Iterable[str], main: str) -> dict[str, str]:
    """A table by language ([site] titles, descriptions, a section's names) by the language of the
    edition each entry is for: the edition a story in the key's language is in (edition_for), when
    it is in the key's writing. So 'fr-FR' is the fr edition's, 'en' an en-GB site's own, and a bare
    'pt' every edition in Portuguese, pt-br's and pt-pt's (it served one: the other showed the main
    title); an edition's own key wins, then the bare language's, and a key no edition writes ('de'
    with no German edition, 'zh' beside 'zh-tw') is none's."""
    languages = tuple(editions)
    found: dict[str, str] = {}
    for key in sorted(table, key=lambda k: (k not in languages and k != main, k)):  # 'pt' before 'pt-ao'
        for edition in _key_editions(languages, key, main):
            found.setdefault(edition, table[key])
    return found


def _key_editions(languages: tuple[str, ...], key: str, main: str) -> list[str]:
    """The editions a table's key may serve: its own; for a bare language every edition of it in
    its writing ('pt': pt-br and pt-pt, the main one too); else the one a story in it is in."""
    if key in languages or key == main:
        return [key]
    if "-" not in key:
        near = [lang for lang in dict.fromkeys((main, *languages)) if _bare(lang) == key and same_writing(lang, key)]
        if near:
            return near
    edition = edition_for(languages, key, main) or main
    return [edition] if same_writing(edition, key) else []


def unread_edition_keys(config: Config, languages: tuple[str, ...]) -> list[str]:
    """A key of [site] titles or descriptions, or of a section's names or descriptions, that no edition
    takes (edition_table): 'german' or 'ge' for 'de' was dropped in silence, the German edition showing
    the main title (review52c 1). `languages`: the editions the stories make, drafts' too."""
    main, found = config.site.language, []
    for keys, table in _edition_tables(config):
        for key in table:
            if not _key_editions(languages, key, main) and not _edition_to_come(config, key):
                found.append(f"{_setting_line(config, keys)}: '{key}' is the language of no edition of the site "
                             f"({', '.join((main, *languages))}), so its text is shown nowhere"
                             f"{did_you_mean(key, (main, *languages)) or ''}; key it by an edition's language "
                             "(an edition comes with a story in its language)")
    return found


def misspelt_edition_keys(config: Config, languages: tuple[str, ...]) -> tuple[str, ...]:
    """A note for each key of [site] titles or descriptions, or of a section's names or descriptions,
    that is a language with no story yet (an edition to come: no warning, _edition_to_come) but one
    letter off a language with stories ('fi' for 'fr'): that edition showed the main title, and nothing
    said why. A note, said by every build while so: a real Finnish title written ahead of the first
    Finnish story must not fail --strict (session 52's Left). `languages`: as unread_edition_keys'."""
    import difflib   # only for a key no edition takes
    main, found = config.site.language, []
    having = tuple(dict.fromkeys((main, *languages)))
    for keys, table in _edition_tables(config):
        for key in table:
            if _key_editions(languages, key, main) or config.site.editions is not True or not known_language(key):
                continue
            near = [lang for lang in having if len(lang) == len(key) and sum(a != b for a, b in zip(lang, key)) == 1]
            if close := difflib.get_close_matches(key, near, n=1, cutoff=0):
                found.append(f"{_setting_line(config, keys)}: '{key}' is the language of no story yet, so its text "
                             f"is shown nowhere until one comes (its edition); did you mean '{close[0]}', an edition "
                             f"the site has? If '{key}' is for stories to come, this note stops with the first of them")
    return tuple(found)


def _edition_tables(config: Config) -> list[tuple[tuple[str, ...], Mapping[str, str]]]:
    """Each table by language of site.toml (the place of its setting, the table): [site] titles and
    descriptions, each section's names and descriptions."""
    tables = [(("site", name), getattr(config.site, name)) for name in ("titles", "descriptions")]
    return tables + [(("sections", key, name), getattr(info, name)) for key, info in config.sections.items()
                     for name in ("names", "descriptions")]


def _edition_to_come(config: Config, key: str) -> bool:
    """Whether a table's key no edition takes yet is for an edition the site's first story in that
    language makes: a language code when each language gets one, a listed one's ([site] editions):
    written ahead of that story, it was warned, failing --strict until the story came (session 52's Left)."""
    editions, main = config.site.editions, config.site.language
    if editions is True:
        return known_language(key)
    return bool(editions) and bool(_key_editions(tuple(editions), key, main))


def _edition_choices(languages: tuple[str, ...], tag: str, main: str) -> list[str]:
    """The editions `tag` could have joined when edition_for had to choose the first of them."""
    if tag in languages or same_writing(tag, main) or _bare(tag) in languages:
        return []
    near = sorted(lang for lang in languages if same_writing(lang, tag))
    return near if len(near) > 1 else []


def edition_warnings(config: Config, articles: Sequence[Article], languages: tuple[str, ...]) -> list[str]:
    """A story whose language two listed editions share ('pt' with 'pt-br' and 'pt-pt'): it is in
    the first A to Z; its file's language line is named with the tags that would choose."""
    found: list[str] = []
    for art in articles if languages else ():
        near = _edition_choices(languages, art.language, config.site.language)
        if near:
            where = front_line(config, art, "language")
            found.append(f"{where}: language '{art.language}' is the language of more than one "
                         f"edition in {config.file}'s [site] editions ({', '.join(near)}); the story is in the "
                         f"{near[0]} edition for now: write "
                         + " or ".join(f"'language: {lang}'" for lang in near) + " to choose its edition")
    return found


def story_local(config: Config, art: Article) -> datetime:
    """The story's date in the zone its page shows it in: its own `timezone:`, else the site's. Its
    address and archive month go by it: by the site's zone, an Auckland story dated December 1 was
    filed under /2026/11/30/ and the November archive, its page saying December 1 (review47f)."""
    return art.date.astimezone(ZoneInfo(art.timezone) if art.timezone else config.tz)


def article_url(config: Config, art: Article, languages: tuple[str, ...] = ()) -> str:
    local = story_local(config, art)
    root, language = _story_root(config, art, languages)
    return root + config.build.permalink.format(
        year=f"{local.year:04d}", month=f"{local.month:02d}", day=f"{local.day:02d}",
        slug=art.slug, language=language,
    )


def _story_root(config: Config, art: Article, languages: tuple[str, ...]) -> tuple[str, str]:
    """What goes before a story's permalink (its edition's folder less the last '/', '' in the main
    edition) and the permalink's {language}. A permalink with {language} says itself where the
    language goes: in another edition it is that edition's ('de' for a 'de-at' story in /de/), with
    no folder before it (it was doubled: /de/de/2026/x/); in the main edition the story's own."""
    edition = edition_of(languages, art, config.site.language)
    if edition and "{language}" in config.build.permalink:
        return "", edition
    return edition_root(config, edition)[:-1], art.language


def _checked_url(config: Config, art: Article, languages: tuple[str, ...]) -> str:
    url = article_url(config, art, languages)
    try:
        output_path(url)
    except SiteError as exc:
        raise ContentError(art.path, str(exc)) from None
    return url


def output_path(url: str) -> str:
    """'/2025/01/x/' -> '2025/01/x/index.html'; '/feed.xml' -> 'feed.xml'. Refuses escapes."""
    if ("." not in url or ("/." not in url and url[0] != ".")) and "//" not in url and "\\" not in url \
            and "\0" not in url:
        # most URLs (every article's, list page's and feed's): no part is "." or "..", nothing to
        # refuse, no empty part to drop
        path = url.strip("/")
        return (f"{path}/index.html" if path else "index.html") if url.endswith("/") else path
    parts = [p for p in url.split("/") if p]
    if any(p in (".", "..") or "\\" in p or "\0" in p for p in parts):
        raise SiteError(f"URL {url!r} would escape the output folder; fix the slug or permalink pattern")
    if url.endswith("/"):
        parts.append("index.html")
    return "/".join(parts)


def _terms(names_per_article: list[tuple[int, tuple[str, ...]]], prefix: str, key: str = "",
           own: Mapping[str, str] = {}, registered: Iterable[str] = ()) -> dict[str, Term]:
    """Group article indices (newest first) under each name's slug: `own`'s for a name there
    (term_slugs), else its slug_of. Tables are keyed by `key` + slug: an edition's terms are apart
    from the others'. A page is headed by its name as `registered` (authors.toml) spells it, else by
    the spelling most stories use (ties: the oldest), never simply the newest: one story from a feed
    that drops accents ('Jose Garcia') renamed José García's page (review50h 6). Each story still
    shows its own spelling (views)."""
    by_slug: dict[str, list[int]] = defaultdict(list)
    spellings: dict[str, dict[str, list[int]]] = {}   # slug -> each spelling -> [uses, its oldest article]
    for index, names in names_per_article:
        for name in names:
            slug = own.get(name) or slug_of(name)
            if not by_slug[slug] or by_slug[slug][-1] != index:
                by_slug[slug].append(index)
            seen = spellings.setdefault(slug, {})
            used = seen.get(name)
            if used is not None:
                used[0] += 1
                used[1] = index
            else:
                seen[name] = [1, index]
    named = _registered(registered, spellings, own)
    return {
        key + slug: Term(named.get(slug) or _most_used(spellings[slug]), slug, f"{prefix}{slug}/", tuple(ids))
        for slug, ids in sorted(by_slug.items())
    }


def _most_used(spellings: dict[str, list[int]]) -> str:
    """The spelling most stories use, the oldest's on a tie (a later one does not flip the page)."""
    if len(spellings) == 1:
        return next(iter(spellings))
    return max(spellings, key=lambda name: spellings[name])


def _registered(registered: Iterable[str], spellings: dict[str, dict[str, list[int]]],
                own: Mapping[str, str] = {}) -> dict[str, str]:
    """slug -> the registered name of a slug of several spellings that is one of them typed another
    way (not 王薇 for 王伟, whose names slug alike but differ: views.author_info's match)."""
    found: dict[str, str] = {}
    for name in registered:
        slug = own.get(name) or slug_of(name)
        seen = spellings.get(slug)
        if seen and slug not in found and (name in seen or any(not names_differ(name, s) for s in seen)):
            found[slug] = name
    return found


def term_slugs(names: Iterable[tuple[int, tuple[str, ...]]], chosen: Mapping[str, str]
               ) -> tuple[dict[str, str], list[tuple[str, int, str, int | None, str, bool]]]:
    """name -> its page's slug, for each name (of `names`, article index and its tag or author names,
    oldest first) whose page is not at slug_of(name). A name's slug is the one `chosen` gives it
    (authors.toml's or [tags]' `slug`, for its name or one typed another way: 'Jose Garcia' for
    'José García'); else its slug_of, shared with the names that are it typed another way. A name
    that differs (names_differ) from every name at its slug_of, or whose slug_of is another's
    chosen one, takes the first free number after it ('wang-wei-2'): two reporters 王伟 and 王威
    (both 'wang-wei') shared one page, each credited with the other's stories (review50h 3). The
    oldest story's name keeps the plain slug, so a new story moves no page.
    And each numbered name: (name, its oldest article, the name holding its slug_of, that one's
    oldest article (None: none yet), the name's slug, whether the holder's slug is chosen), for the
    warning that says how to keep it."""
    # a setting's own name too, though no story spells it so: _registered heads its page with it (rf51d 1)
    own: dict[str, str] = {name: slug for name, slug in chosen.items() if slug != slug_of(name)}
    numbered: list[tuple[str, int, str, int | None, str, bool]] = []
    # slug -> the name at it, its oldest article, whether chosen
    holder: dict[str, list] = {slug: [name, None, True] for name, slug in chosen.items()}
    by_base: dict[str, list[tuple[str, str]]] = defaultdict(list)   # slug_of(chosen name) -> (name, slug)
    for name, slug in chosen.items():
        by_base[slug_of(name)].append((name, slug))
    kinds: dict[str, list[list]] = {}  # slug_of -> [name, spelling_pair or None, slug] of each name told apart
    takers: dict[str, tuple[str, str]] = {}   # a chosen slug -> the spelling_pair of the first name to take it as typed another way
    seen: set[str] = set()
    for index, names_here in names:
        for name in names_here:
            if name in seen:
                continue
            seen.add(name)
            base = slug_of(name)
            slug = chosen.get(name) or _typed_as(name, by_base.get(base, ()), takers)
            if slug:
                if holder[slug][1] is None:
                    holder[slug][1] = index
            else:
                slug, other = _placed(name, base, kinds, holder)
                holder.setdefault(slug, [name, index, False])
                if other is not None:
                    numbered.append((name, index, other[0], other[1], slug, other[2]))
            if slug != base:
                own[name] = slug
    return own, numbered


def _typed_as(name: str, pins: Iterable[tuple[str, str]], takers: dict[str, tuple[str, str]]) -> str:
    """The slug a setting gives another name that `name` is typed another way, '' if none: not
    to a name that differs from the first story's name to take it, for 'Wang Wei' is 王伟 and
    王威 both, two people who shared its page (rf51d 1). The first name of a script with letters
    transliteration loses stands for the slug's (王伟 after 'Wang Wei' tells 王威 apart, as _placed)."""
    for pinned, slug in pins:
        if names_differ(pinned, name):
            continue
        pair, first = spelling_pair(name), takers.get(slug)
        if first is not None and spellings_differ(pair, first):
            continue
        if first is None or pair[1] and not first[1]:
            takers[slug] = pair
        return slug
    return ""


def _placed(name: str, base: str, kinds: dict[str, list[list]], holder: dict[str, list]) -> tuple[str, list | None]:
    """The slug of a name no setting places, and the holder of its slug_of when it is numbered
    (term_slugs). Its spelling_pair is worked out only when another name has its slug_of already."""
    found = kinds.get(base)
    if found is None:
        kinds[base] = [[name, None, base if base not in holder else _free(base, holder)]]
        slug = kinds[base][0][2]
        return slug, holder[base] if slug != base else None
    pair = spelling_pair(name)
    for kind in found:
        if kind[1] is None:
            kind[1] = spelling_pair(kind[0])
        if not spellings_differ(pair, kind[1]):
            if pair[1] and not kind[1][1]:   # 'Wang Wei' first, then 王伟: 王威 is told apart from 王伟
                kind[1] = pair
            return kind[2], None
    slug = _free(base, holder)
    found.append([name, pair, slug])
    return slug, holder[found[0][2]]


def _free(base: str, holder: Mapping[str, object]) -> str:
    """'wang-wei-2', or the first number after it no page has."""
    n = 2
    while f"{base}-{n}" in holder:
        n += 1
    return f"{base}-{n}"


def _numbered_warnings(config: Config, numbered: list[tuple[str, int, str, int | None, str, bool]], noun: str,
                       terms: dict[str, Term], ordered: tuple[Article, ...], key_of: Callable[[int], str]) -> list[str]:
    """A warning for each name term_slugs numbered: its address, why, and the lines that keep it so
    whatever stories come (the number goes to the newer name, and follows the stories)."""
    found, content = [], config.paths.content.rstrip("/")
    for name, i, other, j, slug, chosen in numbered:
        url = terms[key_of(i) + slug].url
        plain = url[:url.rstrip("/").rfind("/") + 1] + slug_of(name) + "/"
        held = f"the {noun} '{other}'" + (f" in {content}/{ordered[j].path}" if j is not None else "")
        why = (f"'{other}' has it by the slug {_term_entry(config, noun, other)} sets, so '{name}' is at {url}"
               if chosen else f"as two names they have two pages, and '{name}', the newer, is at {url}")
        found.append(f"{ordered[i].path}: the {noun} '{name}' here and {held} make one address, {plain}; {why}, a "
                     f"number that can move as stories come and go; to keep that address, "
                     f"{_slug_advice(config, noun, name, slug, other)}")
    return found


def _term_entry(config: Config, noun: str, name: str) -> str:
    return config.author_entry(name) if noun == "author" else f"{config.file}: [tags.{_toml_key(name)}]"


def _slug_advice(config: Config, noun: str, name: str, slug: str, other: str) -> str:
    """The lines that give `name` its slug, to paste: under its authors.toml entry when it has one, and
    it is not `other`'s too: a slug set under ["Wang Wei"], 王伟 and 王威 both, goes to the oldest name
    typed so (term_slugs), and taken, the advice swapped the two people's pages (rr52b 4)."""
    entry = entry_of(config.authors, name) if noun == "author" else None
    if entry is not None and (entry == name or names_differ(entry, other)):
        return f"add the line slug = \"{slug}\" under {config.author_entry(entry)}"
    if noun == "author":
        return f"add these two lines to {AUTHORS_FILE}: [{_toml_key(name)}] then slug = \"{slug}\""
    return f"add these two lines to {config.file}: [tags.{_toml_key(name)}] then slug = \"{slug}\""


def _toml_key(name: str) -> str:
    """A TOML key for any name: '"王威"' (JSON's string escapes are TOML's)."""
    import json
    return json.dumps(name, ensure_ascii=False)


def _chosen(config: Config) -> tuple[dict[str, str], dict[str, str]]:
    """The slugs set by [tags] and authors.toml, by name."""
    return ({name: e.slug for name, e in config.tags.items() if e.slug},
            {name: e.slug for name, e in config.authors.items() if e.slug})


def _byline_spellings(authors: dict[str, Term], ed: Edition, ordered: tuple[Article, ...],
                      own: Mapping[str, str], content: str) -> list[str]:
    """One warning an author typed two ways in one script ('Jose Garcia', 'José García'; names that
    differ have pages apart, term_slugs): each byline shows its story's spelling and the page one
    of them, so a newsroom strict about names sees the slip (review50h 6)."""
    first: dict[str, tuple[str, int]] = {}   # slug -> its newest spelling, article
    odd: dict[str, tuple[str, int]] = {}     # slug -> the newest other spelling, article
    for i in ed.ids:
        for name in ordered[i].authors:
            slug = own.get(name) or slug_of(name)
            seen = first.setdefault(slug, (name, i))
            if seen[0] != name and slug not in odd \
                    and spelling_pair(name) == spelling_pair(seen[0]):   # not 'Wang Wei' and 王伟: two scripts
                odd[slug] = (name, i)
    found = []
    for slug, (name, i) in sorted(odd.items()):
        other, j = first[slug]
        term = authors[ed.key + slug]
        found.append(f"{ordered[i].path}: the author '{name}' here is spelled '{other}' in {content}/{ordered[j].path}; "
                     f"each byline shows its story's spelling and the page {term.url} is headed '{term.name}'; "
                     "spell the name alike in every story (as authors.toml does, if it has the person)")
    return found


@dataclass(frozen=True)
class SectionInfo:
    slug: str
    name: str
    description: str
    names: dict[str, str] = field(default_factory=dict)  # language -> name in that edition (edition_table)
    descriptions: dict[str, str] = field(default_factory=dict)  # language -> description in that edition


def section_infos(config: Config) -> dict[str, SectionInfo]:
    """[sections] by slug, in menu order; name and slug default to the table's key."""
    found: dict[str, SectionInfo] = {}
    for key, entry in config.sections.items():
        slug = entry.slug or slug_of(key)
        found[slug] = SectionInfo(slug, entry.name or key, entry.description, dict(entry.names),
                                    dict(entry.descriptions))
    return found


def _sections(config: Config, articles: tuple[Article, ...], ids: list[int], root: str, key: str,
              editions: tuple[str, ...] = ()) -> tuple[dict[str, Term], dict[int, str], list[str]]:
    """An edition's section terms, its articles' section keys and warnings for unknown names.
    An article may name its section by key, name or slug, in any case."""
    infos, lookup = section_infos(config), _section_lookup(config)
    members: dict[str, list[int]] = {slug: [] for slug in infos}
    chosen, warnings = {}, []
    for index in ids:
        art = articles[index]
        slug = lookup.get(art.section, "") if art.section else ""
        if art.section and not slug:
            warnings.append(_unknown_section(config, art, infos))
        if slug:
            members[slug].append(index)
            chosen[index] = key + slug
    language = key[:-1] or config.site.language
    main = config.site.language
    terms = {key + slug: Term(edition_table(info.names, editions, main).get(language, info.name), slug,
                              f"{root}{slug}/", tuple(members[slug])) for slug, info in infos.items()}
    return terms, chosen, warnings


def _section_lookup(config: Config) -> dict[str, str]:
    """What a story's `section:` may say (its key, name or slug, slugified) -> the section's slug."""
    infos = section_infos(config)
    lookup = {slug_of(k): (e.slug or slug_of(k)) for k, e in config.sections.items()}
    lookup.update({slug_of(name): slug for slug, i in infos.items() for name in (i.name, *i.names.values())})
    lookup.update({slug: slug for slug in infos})
    return lookup


def unpublished_sections(config: Config, articles: Sequence[Article], published: Container[str],
                         languages: tuple[str, ...], editions: list[Edition]) -> frozenset[str]:
    """The keys of sections a story not published (a draft, one dated ahead) is in, in its edition:
    such a section keeps its feeds, empty, so a reader subscribed to them is not met with a 404 when
    its only story is taken down (rf45a); one no story names has none (review44i). From the sources
    alone, so an incremental build equals a clean one; a story whose file is deleted holds none."""
    if not config.sections:
        return frozenset()
    lookup, keys, main = _section_lookup(config), {ed.language: ed.key for ed in editions}, config.site.language
    found = set()
    for art in articles:
        slug = lookup.get(art.section, "") if art.section and art.path not in published else ""
        key = keys.get(edition_of(languages, art, main)) if slug else None
        if key is not None:
            found.add(key + slug)
    return frozenset(found)


def kept_terms(config: Config, articles: Sequence[Article], published: Container[str], languages: tuple[str, ...],
               own: tuple[Mapping[str, str], Mapping[str, str]], tables: tuple[dict[str, Term], dict[str, Term]],
               ledger: frozenset[tuple[str, str]]) -> tuple[dict[str, Term], dict[str, Term]]:
    """The tags and authors, keyed as site.tags and authors are, whose feeds stay, empty (rr55d 1): a build
    published them (`ledger`: content/.sitegen-published's entries) and a story not published (a draft,
    one dated ahead) carries them, in its edition; none published does (`tables`: this plan's). A
    subscriber's feed address did not go 404 because its last story went back for a legal check; a tag
    only an embargoed story ever carried is in no ledger, so it gets no feed that would tell it. Each
    with its name as those stories spell it (_terms) and no stories. `own`: term_slugs' tags and authors."""
    waiting = [a for a in articles if a.path not in published] if ledger else []
    if not waiting:
        return {}, {}
    main = config.site.language
    by_edition: dict[str, list[Article]] = defaultdict(list)
    for art in waiting:
        by_edition[edition_of(languages, art, main)].append(art)
    kept: tuple[dict[str, Term], dict[str, Term]] = ({}, {})
    for found, kind, folder, table, slugs, registered in (
            (kept[0], "tag", "tags", tables[0], own[0], ()), (kept[1], "author", "authors", tables[1], own[1], config.authors)):
        slugs = _waiting_slugs(config, articles, published, kind, slugs)
        for lang, arts in by_edition.items():
            names = [(i, a.tags if kind == "tag" else a.authors) for i, a in enumerate(arts)]
            terms = _terms(names, f"{edition_root(config, lang)}{folder}/", f"{lang}/" if lang else "", slugs, registered)
            found.update((key, replace(term, articles=())) for key, term in terms.items()
                         if key not in table and (kind, key) in ledger)
    return kept


def _waiting_slugs(config: Config, articles: Sequence[Article], published: Container[str], kind: str,
                   own: Mapping[str, str]) -> Mapping[str, str]:
    """term_slugs' mapping (`own`: the published stories') with the names only stories taken down carry
    numbered as they were when published: over every story, oldest first, as build_site numbers them. A
    drafted 王薇 beside 王伟 is at wang-wei-2 (her kept feeds' address, rev56a 4), not at wang-wei."""
    names = lambda a: a.tags if kind == "tag" else a.authors   # noqa: E731
    shown = {name for a in articles if a.path in published for name in names(a)}
    if not {name for a in articles if a.path not in published for name in names(a)} - shown:
        return own   # every name a story taken down carries is a published one's: term_slugs' own
    oldest = sorted(articles, key=lambda a: (a.date_known, a.date, a.path))
    every, _ = term_slugs(((i, names(a)) for i, a in enumerate(oldest)), _chosen(config)[kind == "author"])
    return {**{name: slug for name, slug in every.items() if name not in shown}, **own}


def ledger_entries(site: Site) -> frozenset[tuple[str, str]]:
    """What content/.sitegen-published says after this plan is published: the tags and authors whose
    feeds it publishes, and those it keeps (kept_terms). A term goes when no story carries it."""
    feeds = site.config.feeds
    return frozenset([*(("tag", k) for k in (site.tags if feeds.per_tag else ())), *(("tag", k) for k in site.kept_tags),
                      *(("author", k) for k in (site.authors if feeds.per_author else ())),
                      *(("author", k) for k in site.kept_authors)])


def check_sections(config: Config) -> None:
    """Refuse two [sections] with one slug: section_infos is keyed by slug, so one section vanished,
    its stories shown under the other's name, with no word (review46f)."""
    first: dict[str, str] = {}
    problems = []
    for key, entry in config.sections.items():
        slug = entry.slug or slug_of(key)
        other = first.setdefault(slug, key)
        if other != key:
            problems.append(f"{_section_slug_line(config, other)} and {_section_slug_line(config, key)}: both "
                            f"sections are at /{slug}/, so one would vanish into the other; give one an address of its "
                            f"own with a line slug = \"{slug_of(key)}-desk\" under [sections.{key}] (its name stays)")
    if problems:
        raise SiteError("\n".join(problems))


def _section_slug_line(config: Config, key: str) -> str:
    """Where site.toml gives section `key` its slug: its slug line, else its table (the key is the slug)."""
    return _setting_line(config, ("sections", key, "slug") if config.sections[key].slug else ("sections", key))


def section_spelling_warnings(config: Config) -> list[str]:
    """A warning for each spelling a story's `section:` may use (a key, name or slug: _section_lookup)
    that names two sections: the stories go to one of them, not said which (two sections named
    'Politics'; a key that is another's slug)."""
    named: dict[str, dict[str, str]] = {}   # spelling -> slug -> the key of that section
    for key, entry in config.sections.items():
        slug = entry.slug or slug_of(key)
        for spelling in (key, entry.name, *entry.names.values(), slug):
            if spelling:
                named.setdefault(slug_of(spelling), {}).setdefault(slug, key)
    lookup, warnings = _section_lookup(config), []
    for spelling, slugs in named.items():
        if len(slugs) > 1:
            keys = list(slugs.values())
            where = " and ".join(_setting_line(config, ("sections", k)) for k in keys)
            chosen = slugs[lookup[spelling]]
            warnings.append(f"{where}: 'section: {spelling}' names {len(keys)} sections (a key, name or slug of each), "
                            f"and a story so marked goes to [sections.{chosen}] (/{lookup[spelling]}/); give each section a "
                            "key, name and slug no other section has")
    return warnings


def _unknown_section(config: Config, art: Article, infos: dict[str, SectionInfo]) -> str:
    """The warning for a `section:` naming no section: its line and the name as written ('World
    News', not the slug 'world-news'), and the closest key or name site.toml has."""
    text = _source(config, art.path)
    line = _key_line(text, "section", exact=True) if text is not None else None
    written = text.split("\n")[line - 1].split(":", 1)[1].strip().strip("'\"") if line else art.section
    known = ", ".join(infos) or "none configured"
    names = {name.lower() for key, entry in config.sections.items() for name in (key, entry.name) if name}
    close = did_you_mean(written.lower(), tuple(names))  # (in lower case: 'Wrold' is close to 'world')
    return (f"{art.path}:{line}" if line else art.path) + (
        f": section '{written or art.section}' is not in {config.file}'s [sections] ({known}); add it there or fix the "
        f"spelling{close}")


def _label(section: str, index: int, art: Article, tags: dict[str, Term], key: str,
           own: Mapping[str, str] = {}) -> tuple[str, str]:
    """What stands above a headline: the section, else the article's most-covered topic with at
    least two stories (first listed wins a tie), never a one-off tag; else nothing."""
    if section:
        return ("section", section)
    best, count = "", 1
    for name in art.tags:
        term = tags[key + (own.get(name) or slug_of(name))]
        if len(term.articles) > count:
            best, count = key + term.slug, len(term.articles)
    return ("tag", best) if best else ("", "")


RELATED_REACH = 8  # candidates taken on each side of a story in each of its topics: bounded work per story


def _related(index: int, art: Article, section: str, tags: dict[str, Term], sections: dict[str, Term],
             limit: int, key: str = "", around: tuple[int, int] = (-1, -1),
             shares: tuple[dict[str, float], dict[str, float]] | None = None,
             own: Mapping[str, str] = {}) -> tuple[int, ...]:
    """Stories sharing topics and the section, weighted: a rare shared topic counts more than a
    common one, the section half a topic; ties go to the story nearest in time. Never the story
    itself, nor the previous and next stories, which the page links already.
    `shares`: what each topic and section is worth (see _shares), computed once per build."""
    tag_share, section_share = shares or _shares(tags, sections)
    lists = [(tags[k].articles, tag_share.get(k, 0.0))
             for k in (key + (own.get(name) or slug_of(name)) for name in art.tags)]
    if section:
        lists.append((sections[section].articles, section_share.get(section, 0.0)))
    scores: dict[int, float] = {}
    get = scores.get
    for ids, share in lists:
        if len(ids) < 2:
            continue
        at = bisect_left(ids, index)
        for j in ids[max(0, at - RELATED_REACH):at + RELATED_REACH + 1]:
            scores[j] = get(j, 0.0) + share
    for j in (index, *around):
        scores.pop(j, None)
    if len(scores) > limit:  # rank only the candidates that can make the cut: dozens become a few
        cut = sorted(scores.values(), reverse=True)[limit - 1]
        scores = {j: score for j, score in scores.items() if score >= cut}
    ranked = sorted([(-score, abs(j - index), j) for j, score in scores.items()])
    return tuple(j for _, _, j in ranked[:limit])


def _shares(tags: dict[str, Term], sections: dict[str, Term]) -> tuple[dict[str, float], dict[str, float]]:
    """What sharing a term is worth, by its key: a topic 1, a section 1/2, each divided by how
    common the term is. A term of one story relates it to nothing and is left out."""
    return ({k: 1.0 / math.log2(len(t.articles) + 1) for k, t in tags.items() if len(t.articles) > 1},
            {k: 0.5 / math.log2(len(t.articles) + 1) for k, t in sections.items() if len(t.articles) > 1})


def _paginate(kind: str, template: str, base: str, ids: tuple[int, ...], size: int, term: str = "",
              edition: str = "") -> list[Page]:
    chunks = [ids[i:i + size] for i in range(0, len(ids), size)] or [()]
    pages = []
    for n, chunk in enumerate(chunks, start=1):
        url = base if n == 1 else f"{base}page/{n}/"
        pages.append(Page(kind, url, output_path(url), template, chunk, term, n, len(chunks), edition=edition))
    return pages


def pinned_ids(articles: Sequence[Article], now: datetime) -> frozenset[int]:
    """The published articles whose pin holds at the build's clock (an expired one is an ordinary story)."""
    return frozenset(i for i, art in enumerate(articles) if art.pinned and art.pinned_at(now))


def pinned_first(ids: tuple[int, ...], pinned: Container[int]) -> tuple[int, ...]:
    """A front's order: its pinned stories, newest first, then the others by date; each story once,
    so pagination neither loses nor repeats one. `ids` newest first, as every list is."""
    if not pinned:
        return ids
    first = tuple(i for i in ids if i in pinned)
    return first + tuple(i for i in ids if i not in pinned) if first else ids


def _feeds(base: str, ids: tuple[int, ...], entries: int, term: str, kind: str, formats: tuple[str, ...],
           edition: str = "") -> list[Page]:
    names = {"atom": "feed.xml", "rss": "rss.xml", "json": "feed.json"}
    return [
        Page("feed", f"{base}{names[fmt]}", output_path(f"{base}{names[fmt]}"), "", ids[:entries], term, fmt=fmt,
             edition=edition)
        for fmt in formats
    ] if kind else []


def root_is_chooser(editions: Sequence[Edition]) -> bool:
    """Whether the root is the language chooser: editions, but no story in the main language, whose
    edition then has no pages."""
    return len(editions) > 1 and not editions[0].ids


def edition_entries(table: dict[str, Term], ed: Edition, editions: Sequence[Edition]) -> list[tuple[str, Term]]:
    """An edition's share of a table keyed by edition ('de/sport'): the main edition's keys have no
    other edition's prefix (every key starts with its '')."""
    if not ed.key:
        others = tuple(e.key for e in editions if e.key)
        return [(k, t) for k, t in table.items() if not (others and k.startswith(others))]
    return [(k, t) for k, t in table.items() if k.startswith(ed.key)]


@dataclass(frozen=True)
class Edition:
    """One language's share of the site: its root URL, its table-key prefix, its articles."""
    language: str                  # '' = the main edition
    root: str                      # '/' or '/de/'
    key: str                       # '' or 'de/'
    ids: tuple[int, ...]


def _never(index: int) -> bool:
    return False   # no story held: a plan outside a preview, or a test's


def plan_pages(config: Config, articles: tuple[Article, ...], urls: tuple[str, ...],
               tags: dict[str, Term], authors: dict[str, Term], months: dict[str, Term],
               sections: dict[str, Term] | None = None, editions: list[Edition] | None = None,
               pinned: Container[int] = (), translations: Sequence[tuple[int, ...]] = (),
               unpublished: Container[str] = (), quiet: tuple[Sequence[Edition], dict[str, Term]] = ((), {}),
               held: Callable[[int], bool] = _never,
               kept: tuple[dict[str, Term], dict[str, Term]] = ({}, {})) -> tuple[list[Page], list[str]]:
    """Every output of the site, and a warning for each [redirects] line it cannot follow as written.
    `pinned`: the articles whose pin holds at the build's clock (pinned_ids): they lead their fronts;
    `translations`: each article's other language versions (_translations), for the sitemaps' sizes;
    `unpublished`: the sections that keep their feeds with no story published (unpublished_sections);
    `quiet`: the editions with none published that keep their feeds so, and their sections (_quiet_editions);
    `held`: the stories a preview publishes though not out (Site.held), in no sitemap;
    `kept`: the tags and authors whose feeds stay, empty (kept_terms), with no page."""
    sections = sections or {}
    everything = tuple(range(len(articles)))
    editions = editions or [Edition("", "/", "", everything)]
    pages = [Page("article", url, output_path(url), STORY_TEMPLATE, (i,)) for i, url in enumerate(urls)]
    if len(editions) > 1:  # an article belongs to its edition's sitemap
        edition = {i: ed.language for ed in editions for i in ed.ids}
        pages = [replace(p, edition=edition[i]) for i, p in enumerate(pages)]
    pages += alias_pages(articles, config.base_path)
    chooser = root_is_chooser(editions)
    if chooser:  # no story in the main language: the root links the editions, and has nothing else
        linked = ",".join(ed.language for ed in editions[1:])   # in the fingerprint: a new edition re-renders it
        pages.append(Page("languages", "/", "index.html", "languages.html", term=linked))
    for ed in editions[1:] if chooser else editions:
        pages += _edition_pages(config, ed, tags, authors, months, sections, editions, pinned, unpublished)
    for ed in quiet[0]:   # only the feeds, empty: no page links them
        for key, term in edition_entries(quiet[1], ed, quiet[0]):
            kind = "section" if key in unpublished else ""
            pages += _feeds(term.url, (), config.feeds.entries, key, kind, ("atom", "rss"), ed.language)
        pages += _feeds(ed.root, (), config.feeds.entries, "", "site", ("atom", "rss", "json"), ed.language)
    moved = {_site_relative(config.base_path, old) for old in config.redirects}
    for table, kind in ((kept[0], "tag" if config.feeds.per_tag else ""), (kept[1], "author" if config.feeds.per_author else "")):
        for key, term in table.items():   # only the feeds, empty, in the key's edition ('de/storm': de)
            if term.url in moved:   # a [redirects] line takes its address: the new page's feeds there (rev56a 3)
                continue
            pages += _feeds(term.url, (), config.feeds.entries, key, kind, ("atom", "rss"), key.rpartition("/")[0])
    pages.append(Page("404", "/404.html", "404.html", "languages.html" if chooser else "404.html"))
    terms = {"tag": tags, "author": authors, "section": sections}
    redirected, warnings = redirect_pages(config, pages, articles, terms)
    pages += redirected
    fronts = [(ed.language or config.site.language, ed.root) for ed in editions]
    pages += sitemap_pages(pages, names=_sitemap_names(config, editions),
                           size=SitemapBytes(config, articles, urls, translations, fronts), held=held)
    pages.append(Page("news_sitemap", "/news-sitemap.xml", "news-sitemap.xml", articles=everything))
    pages.append(Page("robots", "/robots.txt", "robots.txt"))
    pages.append(Page("headers", "/_headers", "_headers"))
    return pages, warnings


def alias_pages(articles: tuple[Article, ...], base_path: str = "/") -> list[Page]:
    """A redirect page at each old address an article lists under 'aliases:' (no template: written
    by hosting.render_alias; in no sitemap, feed, listing or search index)."""
    return [Page("alias", url, output_path(url), "", (i,))
            for i, art in enumerate(articles) for url in (_site_relative(base_path, a) for a in art.aliases)]


def redirect_pages(config: Config, pages: list[Page], articles: tuple[Article, ...],
                   terms: Mapping[str, Mapping[str, Term]] | None = None) -> tuple[list[Page], list[str]]:
    """site.toml's [redirects], and a warning for each line the site cannot follow as written: a
    redirect page at each old address, as at an alias (no template, written by hosting.render_alias:
    the new address is the page's term), one at each further page of a list (/tags/old/page/2/ to
    /tags/new/page/2/), and the new page's feeds written at the old page's feed addresses too, the
    same bytes: a feed reader follows no HTML refresh, and its entries' ids are the same. A chain
    of redirects ends at its last address. A story taken down or retagged never stops the build:
    an old address the site has a page at again keeps the page (a story carries the old tag back),
    and one whose new address has no page goes to the nearest page up, the kind's index, until it
    has one. `terms`: the tags, authors and sections by kind ('tag'), for the names a warning gives."""
    if not config.redirects:
        return [], []
    at = {p.url: p for p in pages}
    moves = {_site_relative(config.base_path, old): _site_relative(config.base_path, new)
             for old, new in config.redirects.items()}
    found: list[Page] = []
    warnings = []
    near = _near_pages(pages)
    for old, new in moves.items():
        if new.endswith(FEED_NAMES):   # another tool's feed address (config.foreign_feed): a copy of the feed
            found += _feed_copy(config, old, new, at, moves, warnings)
            continue
        new = _chain_end(moves, new, at)
        target = at.get(new)
        if old in at:  # the page wins: a redirect there would hide a story's tag, byline or address
            warnings.append(_taken(config, old, new, at[old], articles, terms or {}))
        elif target is None or not target.template:
            up = _page_up(new or old, at)
            warnings.append(_no_target(config, old, new, up, near))
            found += [Page("alias", old, output_path(old), "", (), up.url, edition=up.edition)] if up else []
            found += _kept_feed_copies(old, new, at)
        else:
            found += _redirected(old, target, at)
    return found, warnings


def _redirected_from(config: Config) -> set[str]:
    """The old addresses [redirects] keeps, as the site's own paths are written (no sub-path)."""
    return {_site_relative(config.base_path, old) for old in config.redirects}


def _page_up(url: str, at: dict[str, Page]) -> Page | None:
    """The nearest page above `url`: '/tags/news/' -> '/tags/', '/de/world/' -> '/de/' (a section's
    edition front page). Readers of a shared link land on the list the gone page was one of."""
    while url not in ("/", ""):
        url = url.rstrip("/").rsplit("/", 1)[0] + "/"
        page = at.get(url)
        if page is not None and page.template:
            return page
    return None


def _near_pages(pages: list[Page]) -> Callable[[str], list[str]]:
    """The pages a redirect's missing address may have meant: those of its kind (its first path
    segment: /tags/...), or all when no page has that segment (/tag/x/). A list's further pages are
    no target ([redirects] moves them with the first), nor are stories' pages. The lists are made
    at the first question, once: each dangling line listed and compared every page, 11 ms of CPU
    a line at 5,000 stories."""
    kinds: dict[str, list[str]] = {}

    def near(url: str) -> list[str]:
        if not kinds:
            for p in pages:
                if p.template and p.kind != "article" and p.number == 1:
                    kinds.setdefault(_first_segment(p.url), []).append(p.url)
        return kinds.get(_first_segment(url)) or [u for urls in kinds.values() for u in urls]
    return near


def _first_segment(url: str) -> str:
    return url.lstrip("/").split("/", 1)[0]


def _no_target(config: Config, old: str, new: str, up: Page | None, near: Callable[[str], list[str]]) -> str:
    """The warning for a redirect whose new address has no page (its last story taken down or
    retagged, or a mistyped address): where it sends readers meanwhile, and the page of its kind
    it may have meant (`near`: see _near_pages)."""
    known = [url for url in near(new) if up is None or url != up.url]
    meanwhile = (f"so {old} redirects to {up.url} until it has one" if up is not None
                 else f"so no redirect is written at {old}")
    return (f"{_redirect_line(config, old)}: the site has no page at {new or '(a loop)'} for {old} to redirect to "
            f"(no published story has that tag, byline or section now, or the address is mistyped), {meanwhile}; "
            f"write the address of the page readers should land on instead, or remove the line"
            + did_you_mean(new, known))


# A page at a redirect's old address: the story's front-matter key that puts it there, and what to do
_TAKERS = {
    "tag": ("tags", "if the old tag came back by mistake, tag the story {new} instead (a converted seed's: "
                    "[convert] tag_aliases in " + CONFIG_FILE + " spells it the new way{example})"),
    "author": ("authors", "if the old byline came back by mistake, write it {new} instead"),
    "section": ("section", "if the story should not be in section '{name}', change its section (a converted "
                           "seed's: [convert] section_aliases in " + CONFIG_FILE + ")"),
    "article": ("slug", "if the story should not have that address, give it another slug"),
    "alias": ("aliases", "if the story should not have that address, remove {old} from its 'aliases:'"),
}


def _taken(config: Config, old: str, new: str, page: Page, articles: tuple[Article, ...],
           terms: Mapping[str, Mapping[str, Term]]) -> str:
    """The warning for an old address the site has a page at again, naming the story (file and
    line) that put it there, the newest of a list's: the page is written, not the redirect."""
    where, _, line = _redirect_line(config, old).partition(": ")
    if page.kind not in _TAKERS or not page.articles:
        return (f"{where}: {line}: the site has a page at {old} again ({_claimant(page, articles, config)}), so the "
                f"redirect is not written; remove this line if the old address is in use again")
    key, fix = _TAKERS[page.kind]
    art = articles[page.articles[0]]
    kind = terms.get(page.kind, {})
    term, target = kind.get(page.term), next((t for t in kind.values() if t.url == new), None)
    name = term.name if term is not None else old
    more = len(term.articles) - 1 if term is not None else 0
    who = f"its {page.kind} '{name}'" if term is not None else "it"
    others = f" ({more} other stor{'y has' if more == 1 else 'ies have'} it too)" if more else ""
    told = front_line(config, art, key)
    if told == art.path and page.kind == "article":  # no slug: the headline makes the address
        told = front_line(config, art, "title")
    return (f"{told}: {who} puts a page at {old} again{others}, so {line} at {where} (to {new or 'a loop'}) is "
            f"not written: a page of the site wins over a redirect; "
            + fix.format(new=f"'{target.name}'" if target is not None else f"the new way ({new})",
                         example=f': {{ "{name}" = "{target.name}" }}' if target is not None else '',
                         name=name, old=old)
            + ", else remove the line from [redirects]")


def _chain_end(moves: dict[str, str], new: str, at: Mapping[str, Page]) -> str:
    """Where a chain of redirects ends ('/a/' -> '/b/' -> '/c/': '/c/'), or its first address the
    site has a page at (that page wins over its own redirect, so readers land there, not on a
    kind's index); a loop (which site.toml's check refuses, unless one side writes the site's
    sub-path) ends nowhere: ''."""
    for _ in range(len(moves)):
        page = at.get(new)
        if new not in moves or (page is not None and page.template):
            return new
        new = moves[new]
    return ""


def _feed_copy(config: Config, old: str, new: str, at: dict[str, Page], moves: dict[str, str],
               warnings: list[str]) -> list[Page]:
    """The feed at `new` written at `old` too, the same bytes (its entries keep their ids); a warning,
    and nothing written, when `old` is a page of the site or `new` no feed of it. A feed of a page
    other lines redirect is the same feed of the page they lead to: "/tags/old/index.xml" =
    "/tags/old/rss.xml" (the import's line) goes on once the tag is renamed and "/tags/old/" redirected."""
    feed = at.get(new)
    folder, name = new.rsplit("/", 1)
    if feed is None and folder + "/" in moves and (end := _chain_end(moves, folder + "/", at)).endswith("/"):
        feed = at.get(end + name)
    if old in at or feed is None or feed.kind != "feed":
        why = f"the site has a page at {old}" if old in at else f"the site has no feed at {new}"
        warnings.append(f"{_redirect_line(config, old)}: {why}, so no feed is written at {old}; "
                        "name one of the site's feeds (/rss.xml, /tags/x/feed.xml) or remove the line")
        return []
    return [replace(feed, output=output_path(old))]


def _redirected(old: str, target: Page, at: dict[str, Page]) -> list[Page]:
    """The redirect page at `old`, at its further pages, and the target's feeds at its feeds' addresses."""
    found = [Page("alias", old, output_path(old), "", (), target.url, edition=target.edition)]
    if old.endswith("/"):
        found += [Page("alias", f"{old}page/{n}/", output_path(f"{old}page/{n}/"), "", (), f"{target.url}page/{n}/",
                       edition=target.edition) for n in range(2, target.total + 1)]
        feeds = (at.get(target.url + name) for name in FEED_NAMES) if target.url.endswith("/") else ()
        found += [replace(feed, output=output_path(old + feed.url.rsplit("/", 1)[1]))
                  for feed in feeds if feed is not None and feed.kind == "feed"]
    return found


def _kept_feed_copies(old: str, new: str, at: dict[str, Page]) -> list[Page]:
    """The feeds kept, empty, at a redirect's new address with no page (its tag's or author's stories all
    taken down: kept_terms) at the old address's feeds too, as _redirected copies a page's: a reader
    subscribed at the old address met a 404 where one at the new address keeps an empty feed."""
    if not (old.endswith("/") and new.endswith("/")):
        return []
    feeds = (at.get(new + name) for name in FEED_NAMES)
    return [replace(feed, output=output_path(old + feed.url.rsplit("/", 1)[1]))
            for feed in feeds if feed is not None and feed.kind == "feed" and not feed.articles]


def _redirect_line(config: Config, old: str) -> str:
    """'site.toml:12: [redirects] "/tags/corona/"': where site.toml writes the redirect from `old` (an
    error's start; the file is read again only then)."""
    try:
        text = Path(config.root, config.file).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    written = next((k for k in config.redirects if _site_relative(config.base_path, k) == old), old)
    for keys, line in key_lines(text).items():
        if len(keys) == 2 and keys[0] == "redirects" and _same_address(keys[1], written):
            return f"{config.file}:{line}: [redirects] \"{keys[1]}\""
    return f"{config.file}: [redirects] \"{written}\""


def _same_address(written: str, path: str) -> bool:
    try:
        return site_path(written) in (path, path + "/")   # a feed's address ('/index.xml') has no '/' added
    except ValueError:
        return False


def first_address(config: Config, art: Article, url: str) -> str:
    """The story's first address, its feed entries' id for good: the first old address its
    'aliases:' list that has the shape of a story's address (a story moved by a new slug, section
    or edition keeps the one it had; a short link such as '/b/' was never its address), else its
    address now (`url`, site-relative)."""
    if not art.aliases:
        return url
    shape = _address_shape(config.build.permalink, config.site.edition_path)
    return next((old for old in (_site_relative(config.base_path, a) for a in art.aliases) if shape.fullmatch(old)),
                url)


def keeps_id(config: Config, old: str) -> bool:
    """Whether `old`, listed under a story's 'aliases:', would be its first address (first_address)."""
    return _address_shape(config.build.permalink, config.site.edition_path).fullmatch(old) is not None


# A story's address under sitegen's permalinks by date, '/2025/01/slug/' (the default) or
# '/2025/01/18/slug/', in an edition's folder or not ('/de/...'): one an earlier [build] permalink
# or [site] edition_path gave it, so the old address listed under 'aliases:' after such a change
# keeps its feed entries' id, as it does after a new slug (review43a)
_DATED_ADDRESS = r"(?:/[a-z]{2,3}(?:-[a-z0-9]+)*)?/\d{4}/\d{2}(?:/\d{2})?/[^/]+/"


@lru_cache(maxsize=8)
def _address_shape(permalink: str, edition_path: str) -> re.Pattern[str]:
    """What a story's address looks like under this permalink, in the main edition or another, or
    under a permalink by date."""
    def shape(text: str) -> str:
        for key in ("year", "month", "day", "slug", "language"):
            text = text.replace(re.escape("{%s}" % key), "[^/]+")
        return text
    return re.compile(f"(?:{shape(re.escape(edition_path[:-1]))})?{shape(re.escape(permalink))}|{_DATED_ADDRESS}")


@dataclass
class Moved:
    """What a build says of the stories it moved: its notes, and each old address -> the new one
    (site-relative, as Site.urls), for a preview to send a tab still on the old one to the new."""
    notes: list[str] = field(default_factory=list)
    pairs: dict[str, str] = field(default_factory=dict)


def moved_addresses(config: Config, site: Site, changed: Mapping[str, tuple[Article | None, Article]],
                    written: Callable[[str], bool]) -> Moved:
    """A note (and its old -> new addresses) for each story this build moved to a new address (a new slug, headline without a
    slug, date or edition) without keeping the old one under 'aliases:', where the last build
    wrote the old one (`written(url)`: not a draft's, or a story not yet due then). Links already
    shared to it would get a 404, and only this build still knows the old address. And one for
    each such story whose feed entries' id this build changed (its day, with no feed_id_date to
    hold it) while a feed lists it (_Feeds.hold): feed readers show it again as new, and only this
    build knows the old day; and so for an edit of its 'aliases:' that changed its first address."""
    languages = tuple({e for e in site.edition_of if e})
    taken: dict[str, int] = {}   # a story's address now -> its index, made at the first move
    others: dict[str, Page] = {}   # the address of every page but the stories' -> its page, made when asked
    moved = Moved()
    notes = moved.notes
    feeds = _Feeds(site)
    for before, after in changed.values():
        if before is None or before.draft or not _is_public(after, site.now):
            continue
        old, new = article_url(config, before, languages), article_url(config, after, languages)
        keep_id = _keep_id(before, after)
        if old != new and old not in {_site_relative(config.base_path, a) for a in after.aliases}:
            taken = taken or {url: i for i, url in enumerate(site.urls)}
            there = (others := others or _other_pages(site)).get(old) if old not in taken and written(old) else None
            if there is not None and there.kind == "alias":
                continue   # another story's alias (the taken note's advice followed) or [redirects]: no 404 (rr54f 1)
            if there is not None:   # a section's or topic's page: no 404, and no alias can be listed there (rr54f 3)
                notes.append(f"{config.paths.content}/{_moved_line(config, before, after)}: this story moved from "
                             f"{old} to {new}, and {_claimant(there, site.articles, config)} now has {old}, so links "
                             "already shared to this story open that page (no alias can be listed there)"
                             + (", and its feed entries' id, which follows the address, changed: feed readers show it "
                                "again as new" if _id_moved(config, before, after, old, new, keep_id, feeds) else ""))
                continue
            if old not in taken and written(old):
                notes.append(f"{config.paths.content}/{_moved_line(config, before, after)}: this story moved from "
                             f"{old} to {new}, so links already shared to the old address now get 404; list it under "
                             f"'aliases:' ({_aliases_line(after, old)}) to keep them working"
                             + _id_moved(config, before, after, old, new, keep_id, feeds))
                moved.pairs[old] = new
                continue
            if written(old):   # another story took it in this build: no 404, but its links open that one
                notes.append(_taken_note(config, site, taken[old], before, after, (old, new))
                             + _id_moved(config, before, after, old, new, keep_id, feeds))
                continue   # (no pair: a preview's tab on the old address shows the story there now)
        if keep_id and written(old) and feeds.hold(after, before):
            notes.append(f"{config.paths.content}/{front_line(config, after, 'date')}: the story's day changed from "
                         f"{before.feed_id_day} to {after.feed_id_day}, and with it the id of its feed entries, so feed "
                         f"readers show it again as new; add the line {keep_id} (beside date:) to keep the id")
        first = first_address(config, before, old)   # an edit of 'aliases:' that drops or moves the first one
        if (before.aliases != after.aliases and first != old and first != first_address(config, after, new)
                and written(old) and feeds.hold(after, before)):
            notes.append(f"{config.paths.content}/{front_line(config, after, 'aliases')}: the story's first address "
                         f"changed from {first} to {first_address(config, after, new)} (its 'aliases:' list), and "
                         f"with it the id of its feed entries, so feed readers show it again as new; list {first} "
                         f"first under 'aliases:' to keep the id")
    return moved


def _other_pages(site: Site) -> dict[str, Page]:
    """Each address of this build's pages but its stories' -> its page, and "" (so the map, made at
    the first move that asks, is never empty): a story moved off an address now a redirect (another
    story's alias on the taken note's advice, or [redirects]) left no 404 (rr54f 1), nor one that a
    section's or topic's page now has, where an alias would be 'both claim' (rr54f 3)."""
    found: dict[str, Page] = {p.url: p for p in site.pages if p.kind != "article"}
    found[""] = Page("alias", "", "")
    return found


def _taken_note(config: Config, site: Site, index: int, before: Article, after: Article,
                addresses: tuple[str, str]) -> str:
    """The note of a story moved from an address that another story (`index`) took in the same
    build (a developing story retitled, the next one out under the first headline): its old address
    is no 404, so the moved note was not said, yet every link shared to it opens the other story,
    whose feed entries take its id when their day is the same (review54b 1). The alias cannot be
    listed while the other claims the address (both claim it), so the other's new slug comes first."""
    old, new = addresses
    other = site.articles[index]
    owner = _claimant(Page("article", old, "", articles=(index,)), site.articles, config)
    same_id = (other.feed_id_day, first_address(config, other, old)) == (before.feed_id_day,
                                                                         first_address(config, before, old))
    return (f"{config.paths.content}/{_moved_line(config, before, after)}: this story moved from {old} to {new}, and "
            f"{owner} now has {old}, so links already shared to this story open that one"
            + (" and its feed entries take this story's id (feed readers show it as an edit of this one, not as "
               "news)" if same_id else "")
            + f"; give {config.paths.content}/{other.path} an address of its own with a line "
            f"'slug: {_second(other.slug)}' in its front matter, then list {old} under this story's 'aliases:' "
            f"({_aliases_line(after, old)}) to keep the links working")


def _id_moved(config: Config, before: Article, after: Article, old: str, new: str, keep_id: str,
              feeds: "_Feeds") -> str:
    """What a moved story's note adds when a feed lists it: its entries' id is the day and its first
    address (first_address), so a new headline (no slug:) re-announced it to every feed reader, and
    the note said only that links get 404 (review44j)."""
    if not feeds.hold(after, before):
        return ""
    if keep_id:
        return f", and add the line {keep_id} to keep its feed entries' id (feed readers show it again as new)"
    if first_address(config, before, old) != first_address(config, after, new):
        return (", and its feed entries' id, which follows the address: until the alias is added, feed readers "
                "show it again as new")
    return ""


def _aliases_line(art: Article, old: str) -> str:
    """The 'aliases:' line that keeps `old` working: the story's own list with it added at the end,
    so the aliases it has keep their pages, and the first its feed entries' id (first_address)."""
    return f"aliases: [{', '.join([*art.aliases, old])}]"


class _Feeds:
    """The feeds of a site, read once for moved_addresses and only when asked."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.pages: list[Page] | None = None
        self.terms: dict[str, Term] = {}

    def hold(self, after: Article, before: Article) -> bool:
        """Whether a feed of this build lists the story, or one listed it at its old date as far as
        this build can tell (its list holds the story, and the feed's last entry is older than the
        story was): a story deep in the archive is in no feed, and no reader sees it again."""
        site = self.site
        index = site.index_of(after.path)
        if index is None:
            return False
        if self.pages is None:   # one format a feed: each feed's atom page (every kind has one)
            self.pages = [p for p in site.pages if p.kind == "feed" and p.fmt == "atom"]
            self.terms = {t.url: t for table in (site.tags, site.authors, site.sections) for t in table.values()}
        for page in self.pages:
            if index in page.articles:
                return True
            if not page.articles or site.articles[page.articles[-1]].date >= before.date:
                continue
            term = self.terms.get(page.url.removesuffix("feed.xml")) if page.term else None
            if (index in term.articles) if term is not None else (not page.term and page.edition == site.edition(index)):
                return True
        return False


def _keep_id(before: Article, after: Article) -> str:
    """The line that keeps a story's feed entry ids when an edit moved their day (a date set to
    another day, no feed_id_date holding it), 'feed_id_date: 2019-11-19'; '' when they keep it."""
    if before.feed_id_day == after.feed_id_day or after.feed_id_date:
        return ""
    return f"'feed_id_date: {before.feed_id_day}'"


MOVED_FEW = 3  # more stories moved by a rule than this: one note for them all, with this many examples


def moved_by_rules(config: Config, site: Site, last: Mapping[str, str],
                   changed: Mapping[str, tuple[Article | None, Article]], written: Callable[[str], bool],
                   earlier: Callable[[list[str]], Mapping[str, str]] = lambda paths: {}) -> Moved:
    """Notes (and their old -> new addresses) for the stories published at another address by the last build (`last`: its plan's
    content file at each address) though their own files did not move them: how sitegen makes an
    address changed (an upgrade's slug or language rule: `zh-cn` became the `zh` edition) or
    site.toml did ([build] permalink). Not noted: an old address an alias or [redirects] keeps, one
    a page other than a story now has, one the last build did not write, and a move the file's own
    edit made (moved_addresses' note). One another story now has is no 404, but links shared to the
    moved one open that one: told so (_rule_taken_notes; a nightly 'Late' under a new timezone took
    the night before's address, silently: rr55d 2). More than MOVED_FEW: one note for them all.
    `earlier`: the digest of each file as the last build read it, for the stories `changed` holds
    with no earlier version (a cache of another sitegen or other settings: its rows not read); a
    file whose digest differs was edited since, and its note names no cause (_edited_since)."""
    before = {path: url for url, path in last.items()}
    found = [(art, old, new) for art, new in zip(site.articles, site.urls)
             if (old := before.get(art.path, new)) != new]  # most often none: a dict look-up each
    if not found:
        return Moved()
    languages = tuple({e for e in site.edition_of if e})
    kept = _redirected_from(config)
    taken = {url: i for i, url in enumerate(site.urls)}
    moved, onto = [], []   # onto: (story, old, new, the index of the story now at old)
    for art, old, new in found:
        edited = changed.get(art.path, (None, art))[0]
        if (old in kept or not _is_public(art, site.now)
                or old in {_site_relative(config.base_path, a) for a in art.aliases}
                or (edited is not None and article_url(config, edited, languages) == old)):
            continue
        if written(old):
            if old not in taken:
                moved.append((art, old, new))
            elif site.articles[taken[old]].path != art.path:
                onto.append((art, old, new, taken[old]))
    edited = _edited_since(moved + [m[:3] for m in onto], changed, earlier)
    notes = _rule_notes(config, [m for m in moved if m[0].path not in edited], languages, changed) \
        + _edited_notes(config, [m for m in moved if m[0].path in edited], languages) \
        + _rule_taken_notes(config, site, onto, languages, changed, edited)
    return Moved(notes, {old: new for _, old, new in moved})   # no pair for `onto`: the story there now is shown


def _rule_taken_notes(config: Config, site: Site, onto: list[tuple[Article, str, str, int]], languages: tuple[str, ...],
                      changed: Mapping[str, tuple[Article | None, Article]], edited: set[str]) -> list[str]:
    """The notes of stories moved by a rule off addresses other stories now have (moved_by_rules):
    no 404, but every link shared to one opens the other. Putting the setting back mends them all;
    else the other story needs an address of its own before the alias can be listed (both claim)."""
    if not onto:
        return []
    content, back = config.paths.content, "put [build] permalink (or [site] timezone, language) back if you changed it"
    if len(onto) > MOVED_FEW:
        examples = "; ".join(f"{content}/{art.path}: {old} to {new}, {old} now {content}/{site.articles[i].path}'s"
                             for art, old, new, i in onto[:MOVED_FEW])
        return [f"{len(onto)} published stories moved to new addresses that other stories now have ({_RULES}), so "
                f"links already shared to them open those ({examples}; and {len(onto) - MOVED_FEW} more); {back}"]
    notes = []
    for art, old, new, i in onto:
        other = site.articles[i]
        why = None if art.path in edited else _why_moved(config, art, old, languages, changed)
        owner = _claimant(Page("article", old, "", articles=(i,)), site.articles, config)
        notes.append(f"{content}/{_rule_line(config, art, old, languages, near=why is not None)}: this story moved "
                     f"from {old} to {new}{' ' + why if why else ''}, and {owner} now has {old}, so links already "
                     f"shared to this story open that one; {back}, else give {content}/{other.path} an address of "
                     f"its own with a line 'slug: {_second(other.slug)}' in its front matter, then list {old} under "
                     f"this story's 'aliases:' ({_aliases_line(art, old)}) to keep the links working")
    return notes


def _edited_since(moved: list[tuple[Article, str, str]], changed: Mapping[str, tuple[Article | None, Article]],
                  earlier: Callable[[list[str]], Mapping[str, str]]) -> set[str]:
    """The paths of moved stories whose files changed since the last build though `changed` has no
    earlier version of them: the first build after an upgrade, or a preview on another port (its
    cache, made for another address, not read), noted "though its file did not change" a story
    whose date was just edited (review46g)."""
    unknown = {art.path: art.digest for art, _, _ in moved if art.path in changed and changed[art.path][0] is None}
    digests = earlier(list(unknown)) if unknown else {}
    return {path for path, digest in unknown.items() if digests.get(path) != digest}


def _rule_notes(config: Config, moved: list[tuple[Article, str, str]], languages: tuple[str, ...],
                changed: Mapping[str, tuple[Article | None, Article]]) -> list[str]:
    if len(moved) <= MOVED_FEW:
        return [_story_moved_note(config, art, old, new, languages, _why_moved(config, art, old, languages, changed))
                for art, old, new in moved]
    examples = "; ".join(f"{config.paths.content}/{art.path}: {old} to {new}" for art, old, new in moved[:MOVED_FEW])
    art, old, new = moved[0]
    return [f"{len(moved)} published stories moved to new addresses though their files did not change ({_RULES}), "
            f"so links already shared to the old addresses now get 404 ({examples}; and {len(moved) - MOVED_FEW} "
            f"more); put [build] permalink (or [site] timezone, language) back if you changed it, else list each "
            f"story's old address under its 'aliases:' ({_aliases_line(art, old)}) or under [redirects] in {config.file} "
            f"(\"{old}\" = \"{new}\"): an alias keeps a story's feed entries' id too, [redirects] the links only "
            f"(feed readers would show the stories again as new)"]


def _edited_notes(config: Config, moved: list[tuple[Article, str, str]], languages: tuple[str, ...]) -> list[str]:
    """The notes of stories moved whose files changed since the last build, which this build cannot
    compare them with (_edited_since): the edit or a rule may have moved them, so no cause is said.
    Each names the line its address differs by (a date edited: the date's)."""
    if len(moved) <= MOVED_FEW:
        return [_story_moved_note(config, art, old, new, languages) for art, old, new in moved]
    examples = "; ".join(f"{config.paths.content}/{art.path}: {old} to {new}" for art, old, new in moved[:MOVED_FEW])
    art, old, new = moved[0]
    return [f"{len(moved)} published stories moved to new addresses, so links already shared to the old addresses "
            f"now get 404 ({examples}; and {len(moved) - MOVED_FEW} more); list each story's old address under its "
            f"'aliases:' ({_aliases_line(art, old)}) or under [redirects] in {config.file} (\"{old}\" = \"{new}\"): "
            f"an alias keeps a story's feed entries' id too, [redirects] the links only"]


def _story_moved_note(config: Config, art: Article, old: str, new: str, languages: tuple[str, ...],
                      why: str | None = None) -> str:
    """One moved story's note: at the line its address differs by, with the rule that moved it
    (`why`) when it is known, else none (an edit this build cannot compare may have moved it)."""
    line = _rule_line(config, art, old, languages, near=why is not None)
    return (f"{config.paths.content}/{line}: this story moved from {old} to {new}{' ' + why if why else ''}, so "
            f"links already shared to the old address now get 404; list it under 'aliases:' "
            f"({_aliases_line(art, old)}) to keep them working" + (" and its feed entries' id" if keeps_id(config, old) else ""))


# What moves a story whose file did not change; a day its date falls on in another [site] timezone
_RULES = (f"how sitegen makes addresses changed, or {CONFIG_FILE}'s [build] permalink, [site] timezone or "
          f"[site] language did")
_NEW_DAY = f"{CONFIG_FILE}'s [site] timezone, or how sitegen reads dates, changed: its date falls on another day"


def _why_moved(config: Config, art: Article, old: str, languages: tuple[str, ...],
               changed: Mapping[str, tuple[Article | None, Article]]) -> str:
    """The cause a moved-story note gives: the file's own new language (its old edition gone, the
    old address could not be told from its edit), else the rule that moved it."""
    before = changed.get(art.path, (None, art))[0]
    if before is not None and before.language != art.language:
        return f"when its language changed from {before.language!r} to {art.language!r}"
    return f"though its file did not change ({_rule_cause(config, art, old, languages)})"


def _rule_cause(config: Config, art: Article, old: str, languages: tuple[str, ...]) -> str:
    return _NEW_DAY if _moved_by_date(config, art, old, languages) else _RULES


def _rule_line(config: Config, art: Article, old: str, languages: tuple[str, ...], near: bool = True) -> str:
    """'x.md:4': the line of the story's language when the old address is outside its edition's
    folder (the language's spelling changed), of its date when the old address differs from the
    new only in its year, month or day (`near`: by a day, as a new timezone moves it), else of its
    slug or headline; else the file alone."""
    edition = edition_of(languages, art, config.site.language)
    outside = bool(edition and not old.startswith(edition_root(config, edition)))
    keys = (("language",) if outside else ("date",) if _moved_by_date(config, art, old, languages, near) else ()) \
        + ("slug", "title")
    return next((where for key in keys for where in (front_line(config, art, key),) if where != art.path), art.path)


def _moved_by_date(config: Config, art: Article, old: str, languages: tuple[str, ...], near: bool = True) -> bool:
    """Whether `old` is the story's address now with the year, month or day of a day next to its
    date (the same permalink, edition and slug): a new [site] timezone put its date on another day
    (every zone's day is the UTC day's, the one before or the one after). Not `near`: of any day."""
    widths = {"year": 4, "month": 2, "day": 2}
    mark = {key: f"\0{key}\0" for key in widths}
    if not any(f"{{{key}}}" in config.build.permalink for key in mark):
        return False
    root, language = _story_root(config, art, languages)
    shape = re.escape(root + config.build.permalink.format(slug=art.slug, language=language, **mark))
    for key, width in widths.items():  # a field written twice must be the same twice
        shape = shape.replace(re.escape(mark[key]), f"(?P<{key}>\\d{{{width}}})", 1)
        shape = shape.replace(re.escape(mark[key]), f"(?P={key})")
    found = re.fullmatch(shape, old)
    if found is None or not near:
        return found is not None
    told = {key: value for key, value in found.groupdict().items() if value is not None}
    utc = art.date.astimezone(timezone.utc)
    return any(all(value == f"{getattr(day, key):0{widths[key]}d}" for key, value in told.items())
               for day in (utc - timedelta(days=1), utc, utc + timedelta(days=1)))


STORY_TEMPLATE = "article.html"   # every story's page

# The lists a story is on by its front matter: the Site's table, the kind, the front-matter key
LISTINGS = (("tags", "tag", "tags"), ("authors", "author", "authors"), ("sections", "section", "section"))


def gone_listings(config: Config, site: Site, last: Mapping[str, Mapping[str, Term]], last_paths: Sequence[str],
                  written: Callable[[str], bool]) -> list[str]:
    """A note for each tag, author or section page the last build wrote (`last`: its terms, by
    table; `last_paths`: its articles' paths, by index) that this build has not, though stories it
    listed are still published: the tag or byline was renamed on them, the section's slug changed.
    Links already shared to it, and its feeds' readers, get 404 from now on, and only this build
    still knows the old address. Not noted: an address [redirects] keeps, nor a page whose stories
    were all taken down (the editor's own act, as a deleted story is). The new address is the one
    page of that kind that lists most of those stories it did not list before, new in this build
    or not ('Corona' retagged 'Coronavirus', a tag already there), else the one listing most of them
    (_new_home, tags only), else the kind's index."""
    pages = {p.url for p in site.pages}
    kept = _redirected_from(config)
    published = {a.path: i for i, a in enumerate(site.articles)}
    found = []
    for table, kind, key in LISTINGS:
        before = last.get(table, {})
        gone = []
        for term in before.values():
            if term.url in pages or term.url in kept or not written(term.url):
                continue
            ids = [published[last_paths[i]] for i in term.articles if i < len(last_paths) and last_paths[i] in published]
            if ids:
                gone.append((term, set(ids)))
        if gone:  # rare: the current terms are indexed once, over the gone pages' stories only
            gaining, holding = _gaining_terms(site, getattr(site, table), before, last_paths, pages,
                                              set().union(*(ids for _, ids in gone)))
            found += [_gone_note(config, site, term, kind, key, min(ids),
                                 _new_home(gaining, holding if table == "tags" else None, ids)) for term, ids in gone]
    return found


Listed = tuple[list[Term], dict[int, list[int]]]   # pages, and article index -> the positions of those listing it


def _new_home(gaining: Listed, holding: Listed | None, ids: set[int]) -> Term | None:
    """The page that took most of the gone page's stories `ids`; when none took any, the one page of
    `holding` (tags') that listed all of them in the last build too, when they are two or more:
    'Corona' dropped from stories tagged [Corona, Coronavirus] leaves them on /tags/coronavirus/,
    which gained none, and the note said no page took them (rf46c). Not one listing some: a reader
    of the old page would miss the others there. Not for one story, nor an author or section: the
    one other tag of a story, or a co-author's page (another person), is no new home of the old
    page (rf47a)."""
    if any(i in gaining[1] for i in ids):
        return _likely(*gaining, ids)
    if holding is None or len(ids) < 2:
        return None
    terms, listing = holding
    common: set[int] | None = None   # the pages listing each story so far: linear in the stories' own terms
    for i in ids:
        common = set(listing.get(i, ())) if common is None else common & set(listing.get(i, ()))
        if not common:
            return None
    return terms[common.pop()] if common is not None and len(common) == 1 else None


def _gaining_terms(site: Site, current: Mapping[str, Term], before: Mapping[str, Term], last_paths: Sequence[str],
                   pages: set[str], needed: set[int]) -> tuple[Listed, Listed]:
    """The pages of a kind that list some of the stories `needed` they did not list in the last build,
    and article index -> the positions of those listing it so: only terms new in this build were
    looked at, so a tag merged into one already there was said to have no new page (review46f).
    Second, the same for the pages that listed them in the last build too (_new_home)."""
    last_by_url = {t.url: t for t in before.values()}
    terms: list[Term] = []
    listing: dict[int, list[int]] = {}
    holders: list[Term] = []
    holding: dict[int, list[int]] = {}
    for term in current.values():
        mine = {i for i in term.articles if i in needed} if term.url in pages else ()
        if not mine:
            continue
        old = last_by_url.get(term.url)
        had = {last_paths[j] for j in old.articles if j < len(last_paths)} if old is not None else set()
        gained = [i for i in mine if site.articles[i].path not in had]
        kept = [i for i in mine if site.articles[i].path in had]
        for i in kept:
            holding.setdefault(i, []).append(len(holders))
        if kept:
            holders.append(term)
        if gained:
            for i in gained:
                listing.setdefault(i, []).append(len(terms))
            terms.append(term)
    return (terms, listing), (holders, holding)


def _likely(terms: list[Term], listing: dict[int, list[int]], ids: set[int]) -> Term | None:
    """The new page listing most of the stories `ids`, unless two list as many. Counted over those
    stories' own terms (`listing`): each of thousands of renamed topics against every new one was
    quadratic (review43d: 3,000 renamed, 2.6 s)."""
    counts: dict[int, int] = {}
    for i in ids:
        for n in listing.get(i, ()):
            counts[n] = counts.get(n, 0) + 1
    if not counts:
        return None
    most = max(counts.values())
    best = [n for n, c in counts.items() if c == most]
    return terms[best[0]] if len(best) == 1 else None


def _gone_note(config: Config, site: Site, term: Term, kind: str, key: str, newest: int, new: Term | None) -> str:
    index = term.url[:-len(term.slug) - 1]  # '/tags/', '/de/authors/'; a section's edition root
    where = front_line(config, site.articles[newest], key)
    to = (f"{new.url}, where its stories are now" if new is not None
          else f"{index}, or a page of your choice: no one page took its stories")
    return (f"{config.paths.content}/{where}: the {kind} page {term.url} ({term.name}) is gone, though stories it "
            f"listed are still published, so links already shared to it and its feeds' readers now get 404; add "
            f"\"{term.url}\" = \"{new.url if new is not None else index}\" under [redirects] in {config.file} to send "
            f"them to {to}")


def _is_public(art: Article, now: datetime | None) -> bool:
    return not art.draft and (now is None or art.date <= now)


def is_held(art: Article, now: datetime | None) -> bool:
    """Whether a published story is one a preview (--drafts, --future) publishes though it is not
    out (Site.held): a draft, or dated after the build's clock (None: a plan without one)."""
    return art.draft or (now is not None and art.date > now)


def _moved_line(config: Config, before: Article, after: Article) -> str:
    """'x.md:3': the front-matter line that moved the story (its slug, else headline, date or language)."""
    keys = ("slug", "title") if before.slug != after.slug else ("date",) if before.date != after.date else ("language",)
    return next((where for key in keys for where in (front_line(config, after, key),) if where != after.path),
                after.path)


def _as_written(art: Article, url: str) -> str:
    """The alias as the article's front matter writes it ('/news/2025/01/b/' for '/2025/01/b/')."""
    return url if url in art.aliases else next((a for a in art.aliases if a.endswith(url)), url)


def _site_relative(base_path: str, url: str) -> str:
    """'/news/2026/12/old/' -> '/2026/12/old/' on a site under '/news/': an old address copied
    from the address bar holds the sub-path, which the build adds itself (it was published at
    /news/news/...); body links written with it are left as they are alike (render.under_base_path)."""
    return "/" + url[len(base_path):] if base_path != "/" and url.startswith(base_path) else url


def _edition_pages(config: Config, ed: Edition, tags: dict[str, Term], authors: dict[str, Term],
                   months: dict[str, Term], sections: dict[str, Term], editions: list[Edition],
                   pinned: Container[int] = (), unpublished: Container[str] = ()) -> list[Page]:
    """An edition's front, sections, topics, authors, archive, feeds and search page. The front and
    the sections' fronts put their pinned stories first; every other list, and every feed, is by date."""
    size, entries, root, lang = config.build.page_size, config.feeds.entries, ed.root, ed.language

    def mine(table: dict[str, Term]) -> list[tuple[str, Term]]:
        return edition_entries(table, ed, editions)

    front = pinned_first(ed.ids, pinned)
    pages = [replace(p, edition=lang) for p in _paginate("index", "index.html", root, front, size)]
    for key, term in mine(sections):
        pages += _paginate("section", "section.html", term.url, pinned_first(term.articles, pinned), size, key, lang)
        # no story yet (an edition's menu lists every section): no feed, which said 'updated 1970',
        # unless a story taken down (a draft, dated ahead) is in it: then an empty one (unpublished_sections)
        kind = "section" if term.articles or key in unpublished else ""
        pages += _feeds(term.url, term.articles, entries, key, kind, ("atom", "rss"), lang)
    pages.append(Page("tags", f"{root}tags/", output_path(f"{root}tags/"), "tags.html", edition=lang))
    for key, term in mine(tags):
        pages += _paginate("tag", "tag.html", term.url, term.articles, size, key, lang)
        pages += _feeds(term.url, term.articles, entries, key, "tag" if config.feeds.per_tag else "", ("atom", "rss"), lang)
    pages.append(Page("authors", f"{root}authors/", output_path(f"{root}authors/"), "authors.html", edition=lang))
    for key, term in mine(authors):
        pages += _paginate("author", "author.html", term.url, term.articles, size, key, lang)
        pages += _feeds(term.url, term.articles, entries, key, "author" if config.feeds.per_author else "", ("atom", "rss"), lang)
    pages.append(Page("archives", f"{root}archive/", output_path(f"{root}archive/"), "archives.html", edition=lang))
    for key, term in mine(months):
        pages += _paginate("archive", "archive.html", term.url, term.articles, size, key, lang)
    pages += _feeds(root, ed.ids, entries, "", "site", ("atom", "rss", "json"), lang)
    if config.search.enabled:
        pages.append(Page("search", f"{root}search/", output_path(f"{root}search/"), "search.html", edition=lang))
    return pages


SITEMAP_LIMIT = 50_000  # URLs per sitemap file (sitemaps.org)
SITEMAP_BYTES = 52_428_800  # bytes per sitemap file, uncompressed (sitemaps.org: 50 MB)
# What sitemaps.py writes around a page's addresses, for the byte bound (tests/test_sitemaps.py
# holds the bound above each row as written): <url><loc></loc></url>\n and the longest <lastmod>
# (a 25-character stamp; on_the_minute keeps offsets to minutes), one <xhtml:link rel="alternate"
# hreflang="" href=""/>, and a file's XML declaration, <urlset> with its namespaces and </urlset>.
_ROW_BYTES, _LINK_BYTES, _FILE_BYTES = 23 + 44, 49, 300


def noindex(page: Page, held: Callable[[int], bool] = _never) -> bool:
    """A page its robots meta keeps out of search engines: the 404 and search pages, an empty section,
    and a story `held` (Site.held: a preview's draft or story ahead, review50c 4)."""
    return (page.kind in ("404", "search") or empty_section(page)
            or (page.kind == "article" and held(page.articles[0])))


def in_sitemap(page: Page, held: Callable[[int], bool] = _never) -> bool:
    """An HTML page crawlers may index: a sitemap lists no noindex page. A held story was listed in
    sitemap.xml, which handed crawlers the address its page asked them not to index (review52a 2)."""
    return bool(page.template) and not noindex(page, held)


def term_script(site: "Site", term: Term, language: str) -> tuple[str, str]:
    """(lang, dir) for a topic's or author's name on a page in `language`, when its letters are not the page's
    script (a Hebrew topic on an English one-stream site was read in an English voice, laid out left
    to right): its stories' language where they share one whose letters are all the name holds
    beside the page's ('G7サミット' over Japanese stories on an English page is Japanese), else dir
    "auto". ("", "") for a name in the page's script ('Culture' over Arabic stories is English),
    and for one holding the page's letters over stories in the page's language ('G7サミット' on a
    Japanese page). A name mixing the page's own non-Latin letters with Latin ('חדשות BBC' on a
    Hebrew page over English stories) keeps the page's lang, dir "auto": only borrowed Latin ('G7'
    on an English page) is read in the stories' voice."""
    letters, page = scripts_in(term.name), letters_of(language)
    if letters <= page:
        return "", ""
    languages = {site.articles[i].language for i in term.articles}
    if len(languages) == 1:
        (one,) = languages
        if letters & page and same_writing(one, language):
            return "", ""
        if letters & page <= {"LATIN"} and letters - page <= letters_of(one):
            from .i18n import text_direction
            return one, text_direction(one)
    return "", "auto"


def empty_section(page: Page) -> bool:
    """A section no story of its edition is in yet (an edition's menu lists every section): a
    crawler takes an empty list for a soft 404, so it is kept out of sitemaps and marked noindex."""
    return page.kind == "section" and not page.articles


def _sitemap_names(config: Config, editions: list[Edition]) -> dict[str, str]:
    """Edition -> its sitemap's URL less '.xml': with editions, each has its own (the main one's at
    the root as sitemap-{language}.xml, another's in its folder), and sitemap.xml is their index."""
    if len(editions) == 1:
        return {"": "/sitemap"}
    return {ed.language: f"{ed.root}sitemap" if ed.language else f"/sitemap-{config.site.language}" for ed in editions}


def sitemap_pages(pages: list[Page], limit: int = SITEMAP_LIMIT, names: dict[str, str] | None = None,
                  size: SitemapBytes | None = None, max_bytes: int = SITEMAP_BYTES,
                  held: Callable[[int], bool] = _never) -> list[Page]:
    """sitemap.xml alone, or a sitemap index over sitemaps of at most `limit` URLs and `max_bytes`
    bytes each (`size`: bounds on the pages' rows): an edition's pages in its own
    sitemap, split into -N near-equal parts where there are more (sitemaps.part); `held` as in_sitemap."""
    names = names or {"": "/sitemap"}
    listed: dict[str, list[Page]] = defaultdict(list)
    for p in pages:
        if in_sitemap(p, held):
            listed[p.edition].append(p)
    parts = {edition: _parts(listed[edition], limit, size, max_bytes) for edition in names}
    if len(names) == 1 and parts[""] == 1:
        return [Page("sitemap", "/sitemap.xml", "sitemap.xml")]
    found = [Page("sitemap_index", "/sitemap.xml", "sitemap.xml", total=sum(parts.values()))]
    for edition, base in names.items():
        total = parts[edition]
        for n in range(1, total + 1):
            url = f"{base}.xml" if total == 1 else f"{base}-{n}.xml"
            found.append(Page("sitemap", url, output_path(url), number=n, total=total, edition=edition))
    return found


def _parts(pages: list[Page], limit: int, size: SitemapBytes | None, max_bytes: int) -> int:
    """How many near-equal parts `pages` need: `limit` URLs a part, and, with `size`, parts of at
    most `max_bytes` (a row with many hreflang links is over 1 KB, and 50,000 of them over 50 MB).
    The count alone decides while every part fits, so a site under the byte cap keeps its files."""
    count = len(pages)
    total = max(1, -(-count // limit))
    if size is None or total >= count:
        return total
    room = max_bytes - _FILE_BYTES
    if size.at_most(pages) <= room:   # every site but the largest multilingual ones
        return total
    ends = list(accumulate(size.rows(pages), initial=0))   # ends[n]: the bytes of the first n rows
    total = min(count, max(total, -(-ends[-1] // max(room, 1))))
    while total < count:   # one page a part at worst: a row over the cap can be split no further
        step = -(-count // total)   # sitemaps.part's size; a total it leaves a part empty of is skipped
        if (total - 1) * step < count and all(ends[min(n + step, count)] - ends[n] <= room
                                               for n in range(0, count, step)):
            break
        total += 1
    return total


class SitemapBytes:
    """Bounds on the bytes of pages' rows in their sitemap: an address, the longest <lastmod>, and
    an hreflang link for each story of a translation group (views.alternates names at most those)
    plus x-default, or for each edition's front (`fronts`: (hreflang, root)) on a front page."""

    def __init__(self, config: Config, articles: Sequence[Article], urls: Sequence[str],
                 translations: Sequence[tuple[int, ...]], fronts: Sequence[tuple[str, str]]):
        self.base, self.articles, self.urls, self.translations = config.site.base_url, articles, urls, translations
        self._loc = _loc_bytes(self.base, urls)
        self._links: dict[int, int] = {}   # a translated story -> its row's links, made once a group
        front_loc = _loc_bytes(self.base, [root for _, root in fronts])
        self.front = 0 if len(fronts) < 2 else sum(_LINK_BYTES + len(lang) + front_loc(root) for lang, root in fronts) \
            + _LINK_BYTES + len("x-default") + front_loc("/")
        # the most a translated story's row can list: a link per story of its group, and x-default
        longest = max(map(len, urls), default=1) if _plain(urls) else max(map(self._loc, urls), default=0)
        hreflang = max([len("x-default"), *(len(a.language) for a in articles)])
        most = _LINK_BYTES + hreflang + longest + _xml_bytes(self.base)
        self.story_most = most * max((len(t) + 2 for t in translations), default=0)

    def at_most(self, pages: list[Page]) -> int:
        """A bound on the rows' sum, made in C but a line: every site's plan asks, and rows() makes a
        Python call a page."""
        paths = [p.url for p in pages]
        written = sum(map(len, paths)) * (1 if _plain(paths) else 6)   # a character escaped: 6 bytes at most
        return len(pages) * (_ROW_BYTES + _xml_bytes(self.base) - 1 + self.story_most + self.front) + written

    def rows(self, pages: list[Page]) -> list[int]:
        """A bound on each page's row."""
        at = _loc_bytes(self.base, [p.url for p in pages])   # a Python call a page, not five string scans
        return [_ROW_BYTES + at(p.url) + (
            (self._story(p.articles[0]) if self.translations else 0) if p.kind == "article"
            else self.front if p.number == 1 and p.kind in ("index", "languages") else 0) for p in pages]

    def _story(self, i: int) -> int:
        found = self._links.get(i)
        if found is None:
            group = (i, *self.translations[i])
            hrefs = [_LINK_BYTES + len(self.articles[j].language) + self._loc(self.urls[j]) for j in group]
            found = sum(hrefs) + max(hrefs) + len("x-default") if len(group) > 1 else 0
            self._links.update(dict.fromkeys(group, found))   # the group's every story lists the same links
        return found


def _loc_bytes(base: str, urls: Sequence[str]) -> Callable[[str], int]:
    """The bytes of base + url[1:] escaped for XML (feeds.x: & < > " become entities), for these
    site paths: their length, when none of them (sitegen's slugs) holds anything to escape."""
    if _plain(urls):
        start = _xml_bytes(base) - 1   # the path's leading '/' is base's last character
        return lambda url: start + len(url)
    return lambda url: _xml_bytes(base + url[1:])


def _plain(urls: Sequence[str]) -> bool:
    """Whether these site paths are ASCII with nothing XML escapes (as sitegen's slugs are)."""
    text = "".join(urls)
    return text.isascii() and "&" not in text and "<" not in text and ">" not in text and '"' not in text


def _xml_bytes(text: str) -> int:
    """The UTF-8 bytes of `text` escaped for XML (feeds.x)."""
    size = len(text.encode("utf-8"))
    return size + 4 * text.count("&") + 3 * (text.count("<") + text.count(">")) + 5 * text.count('"')


def check_collisions(pages: list[Page], articles: tuple[Article, ...], config: Config | None = None,
                     held: Callable[[str], str | None] | None = None, apart: frozenset[int] = frozenset()) -> None:
    """Two outputs at one address is an error naming both (articles by their file under the content
    folder, and the front-matter line that makes the address when the file can be read again).
    `held(url)`: the content file the last build published at an address, if the caller knows;
    `apart`: the ids of redirects kept beside their own page in another case (drop_self_redirects),
    compared exactly only."""
    def claimant(page: Page) -> str:
        return _claimant(page, articles, config)
    content = config.paths.content if config is not None else "content"
    owner: dict[str, Page] = {}
    problems, aliases = [], []
    moved = _redirected_from(config) if config is not None else None
    named: set[str] = set()   # the files of the articles whose claims a problem names
    odd: dict[str, Page] = {}   # _one_file(output) -> page, for outputs not in lower-case ASCII (rare)

    alone: dict[str, list[str]] = {}   # a story's file -> its claims on pages the site makes (SiteError.alone)

    def blame(*claims: Page) -> None:
        named.update(articles[p.articles[0]].path for p in claims if p.kind in ("alias", "article") and p.articles)
        if (story := _lone_story(claims, articles)) is not None:
            alone.setdefault(story, []).append(problems[-1])
    for page in pages:
        top = page.output.split("/", 1)[0].casefold()
        if top in (OUTPUT_RECORD, OUTPUT_RECORD + ".tmp"):
            # (a folder there wedged every later build: 'public.spare/.sitegen-output: Is a directory');
            # named once, by the alias or redirect: its feeds' redirects follow it there. Casefolded: on
            # a disk that ignores case (macOS, Windows) /.SITEGEN-OUTPUT/ is the record itself
            if page.kind == "alias":
                problems.append(f"{claimant(page)} claims {page.url}, where sitegen keeps its record of the files "
                                "it wrote in the output folder; choose another address")
                blame(page)
            continue
        if top in BUILD_FOLDERS and (inside := _build_folder(page)) is not None:   # a dict look-up a page
            if said := _in_build_folder(page, inside, articles, config, moved):
                problems.append(said)
                blame(page)
            continue
        other = owner.setdefault(page.output, page)
        if other is page and (odd or not (page.output.isascii() and page.output.islower())) and id(page) not in apart:
            other = _same_file(page, owner, odd)
        if other is page:
            if page.kind == "alias" or page.kind == "feed" and page.output != output_path(page.url):   # or a copy
                aliases.append(page)
            continue
        copy = next((p for p in (page, other) if p.kind == "feed" and p.output != output_path(p.url)), None)
        if copy is not None:   # a [redirects] line's copy of a feed where the site writes something else
            problems.append(f"[redirects] in {CONFIG_FILE} puts a copy of {copy.url} at /{copy.output}, where "
                            f"{claimant(other if copy is page else page)} writes; remove that line")
            blame(page, other)
            continue
        if (said := _section_claim(other, page, config, claimant)) is not None:
            problems.append(said)
            continue
        if other.output != page.output:
            how = ("in Unicode form (one composed, one decomposed as a Mac types it)"
                   if unicodedata.normalize("NFC", other.url) == unicodedata.normalize("NFC", page.url) else "in case")
            problems.append(f"{claimant(other)} claims {other.url} and {claimant(page)} {page.url}: they differ only "
                            f"{how}, so on macOS and Windows disks they are one file, and one would replace the other; "
                            f"{_way_out(other, page, articles, content, held)}")
        else:
            problems.append(f"{claimant(other)} and {claimant(page)} both claim {page.url}; "
                            f"{_way_out(other, page, articles, content, held)}{_alike(other, page, articles)}")
        blame(page, other)
    for page in aliases:  # an alias inside another output's file ('/feed.xml/') could not be written
        folder = page.output
        while "/" in folder:
            folder = folder.rsplit("/", 1)[0]
            if folder in owner and page.kind == "feed":    # a copy of a feed at another tool's address
                problems.append(f"[redirects] in {CONFIG_FILE} puts a copy of {page.url} at /{page.output}, inside "
                                f"{owner[folder].url}, which {claimant(owner[folder])} writes as a file; remove "
                                "that line")
            elif folder in owner:
                problems.append(f"{claimant(page)} puts {page.url} inside "
                                f"{owner[folder].url}, which {claimant(owner[folder])} "
                                f"writes as a file; {_way_out(owner[folder], page, articles, content)}")
            if folder in owner:
                blame(page, owner[folder])
    if problems:
        # a section's pages and feeds: said once
        raise SiteError("\n".join(dict.fromkeys(problems)), frozenset(named),
                        {path: "\n".join(dict.fromkeys(said)) for path, said in alone.items()})


def _lone_story(claims: tuple[Page, ...], articles: tuple[Article, ...]) -> str | None:
    """The file of the one story among the pages a problem names when any other is a page the site
    makes (a tags, authors, archive or search page, a feed, a section's page), not site.toml's
    [redirects]: that story alone has to move. A story titled 'Search' under permalink /{slug}/
    failed the whole build, every other story's edit unpublished (review49e)."""
    stories = [p for p in claims if p.kind in ("alias", "article") and p.articles]
    if len(stories) != 1 or any(p.kind in ("alias", "article") or p.kind == "feed" and p.output != output_path(p.url)
                                for p in claims if p is not stories[0]):
        return None
    return articles[stories[0].articles[0]].path


def _section_claim(one: Page, two: Page, config: Config | None, claimant: Callable[[Page], str]) -> str | None:
    """The error for a section's page where the site writes one of its own (the tags, authors or
    archive index): its site.toml line and a slug to write. Said as 'change one slug or date', no
    line, a section having no date (review46f). None when no section page and built page meet."""
    section = one if one.kind == "section" else two if two.kind == "section" else None
    rival = two if section is one else one
    if config is None or section is None or rival.kind in ("article", "alias", "section"):
        return None
    setting = _folder_setting(section, section.term.rsplit("/", 1)[-1], config)
    if setting is None:
        return None
    return f"{setting[0]} puts {setting[1]} at {section.url}, where {claimant(rival)} is; {setting[2]}"


def _one_file(output: str) -> str:
    """An output path as a disk that ignores case and Unicode form (macOS's, Windows') looks it up.
    Lower case, not casefold: that makes 'ß' 'ss', and no disk takes /straße/ for /strasse/ (a
    story's old address beside its slug)."""
    return unicodedata.normalize("NFC", output.lower())


def _same_file(page: Page, owner: dict[str, Page], odd: dict[str, Page]) -> Page:
    """The page already planned at `page`'s file on a disk that ignores case and Unicode form, else
    `page`: outputs were compared exactly, so '/News/' beside the section '/news/', or an alias in
    another case of its story's own address, made two folders here and one on macOS, the story then
    a redirect to itself (review46f). Lower-case ASCII outputs, nearly all, are looked up in `odd` alone."""
    folded = _one_file(page.output)
    other = owner.get(folded, page) if folded != page.output else page
    if other is page and folded != page.output:
        other = odd.setdefault(folded, page)
    elif other is page:
        other = odd.get(folded, page)
    return other


def drop_self_redirects(config: Config, pages: list[Page], urls: tuple[str, ...], articles: tuple[Article, ...],
                        case_blind: bool = True) -> tuple[list[Page], list[str], frozenset[int]]:
    """The pages less any alias or [redirects] page (its further pages, its feeds' copies) whose
    file is the page it points at on a disk that ignores case and Unicode form, and a warning for
    each: a story's old CMS address '/2026/11/C-Turns-54/' beside '/2026/11/c-turns-54/' would
    make the story a redirect to itself there (review46f). `case_blind`: whether public/'s disk is
    such a disk; if not, they are kept, as Linux hosts serve the old address (an imported Hugo
    site's, with disablePathToLower), and their ids come third, for check_collisions (rf46c)."""
    def target(page: Page) -> str:
        if page.kind == "feed":
            return page.url
        return page.term or (urls[page.articles[0]] if page.articles else page.url)
    if not config.redirects and not any(a.aliases for a in articles):
        return pages, [], frozenset()
    selves = {id(p) for p in pages if (p.kind == "alias" or p.kind == "feed" and p.output != output_path(p.url))
              and not (p.output.isascii() and p.output.islower()) and p.output != (to := output_path(target(p)))
              and _one_file(p.output) == _one_file(to)}
    if not selves or not case_blind:
        return pages, [], frozenset(selves)
    moved, warnings = {output_path(old): old for old in _redirected_from(config)}, []
    for page in pages:   # an alias, a [redirects] line's page or its copy of a feed ('/RSS.xml' = '/rss.xml')
        story = page.kind == "alias" and page.articles   # a story's alias, not [redirects]'s
        old = page.url if story else moved.get(page.output)
        if id(page) in selves and old is not None:
            said = (f"{front_line(config, articles[page.articles[0]], 'aliases')}: the alias {old}" if story
                    else f"{_redirect_line(config, old)}: the redirect from {old}")   # (the build prefixes content/)
            warnings.append(f"{said} is {target(page)}, the page it leads to, in another case or Unicode form: on "
                            "this disk, as on macOS and Windows ones, they are one file, which the redirect would "
                            "replace; left out, so a host that tells case apart (nginx, Apache, GitHub Pages, S3) "
                            f"answers {old} with 404: keep it with a server rewrite to {target(page)}")
    return [p for p in pages if id(p) not in selves], warnings, frozenset()


def check_edition_folders(config: Config, editions: list[Edition], sections: dict[str, Term],
                          ordered: tuple[Article, ...]) -> None:
    """An edition whose folder is a main-edition section's ([sections.uk] and a first story in
    Ukrainian, 'uk'; 'it', 'ca', 'id' alike): both claim /uk/, its pages and feeds. Editions come
    by themselves with a story's language, so the generic collision ('change one slug or date')
    named neither line that made it; this names [sections.X]'s and the story's `language:` line."""
    if len(editions) == 1 or not editions[0].ids:   # no editions, or a chooser root: no main sections
        return
    content = config.paths.content.rstrip("/")
    main = {term.url: term for key, term in sections.items() if "/" not in key}
    problems = []
    for ed in editions[1:]:
        term = main.get(ed.root)
        page = Page("section", ed.root, output_path(ed.root)) if term is not None else None
        setting = _folder_setting(page, ed.root.strip("/").split("/")[0], config) if page is not None else None
        if setting is None:
            continue
        newest = front_line(config, ordered[ed.ids[0]], "language")
        problems.append(f"{setting[0]} puts {setting[1]} at {ed.root}, where the '{ed.language}' edition goes "
                        f"(made by {content}/{newest}: 'language: {ordered[ed.ids[0]].language}', its newest story): "
                        f"{setting[2]}, or move every edition with [site] edition_path = \"/intl/{{language}}/\"")
    if problems:
        raise SiteError("\n".join(problems))


# Folders of public/ the build writes besides its pages (search.BUNDLE, images.OUTPUT, assets.py's)
BUILD_FOLDERS = {"pagefind": "Pagefind's search index", "images": "the pictures", "static": "the static files"}
_IMMUTABLE = ("images",)   # hosting.HASHED_FOLDERS: hosts cache all of it for a year


def _build_folder(page: Page) -> tuple[str, str] | None:
    """The folder and what the build writes there, when `page`, of any kind, is inside one: a
    [redirects] copy of a feed overwrote Pagefind's pagefind-entry.json (search broken); an alias
    there failed the build with a raw 'File exists'; a story or section front (a story called
    "Images" under permalink /{slug}/, a photo desk [sections.images]) and its feeds in /images/
    were served as immutable for a year, so no correction reached readers. Casefolded: on a disk
    that ignores case /Images/ is /images/."""
    if "/" not in page.output:
        return None
    top = page.output.split("/", 1)[0]
    return (top, BUILD_FOLDERS[top.casefold()]) if top.casefold() in BUILD_FOLDERS else None


def _in_build_folder(page: Page, inside: tuple[str, str], articles: tuple[Article, ...], config: Config | None,
                     moved: set[str] | None) -> str | None:
    """The error for a page inside a folder the build fills (_build_folder): who put it there (a
    story's line, site.toml's), and what to change. None for a redirect's further page or feed copy
    when site.toml has no line of its own for it: its page's redirect line is named."""
    top, what = inside
    harm = ("hosts serve all of it as immutable, cached for a year, so no correction would reach readers"
            if top.casefold() in _IMMUTABLE else "its file could be overwritten, or never served")
    where = f"inside /{top}/, where the build writes {what} ({harm})"
    if page.kind == "feed" and page.output != output_path(page.url):   # a [redirects] copy of a feed
        if moved is not None and "/" + page.output not in moved:
            return None
        return (f"{_redirect_line(config, '/' + page.output) if config else f'[redirects] in {CONFIG_FILE}'}: a copy "
                f"of {page.url} at /{page.output} would be {where}; choose another address, e.g. /feeds/index.xml, "
                "or remove the line")
    if page.kind == "alias" and not page.articles:   # a [redirects] line's page
        if moved is not None and page.url not in moved:
            return None
        return (f"{_redirect_line(config, page.url) if config else f'[redirects] in {CONFIG_FILE}'}: a redirect page "
                f"at {page.url} would be {where}; remove the line")
    if page.kind == "alias":
        art = articles[page.articles[0]]
        content = config.paths.content if config is not None else "content"
        return (f"{_claimant(page, articles, config)}: a redirect page at {page.url} would be {where}; remove "
                f"{_as_written(art, page.url)} from the 'aliases:' of {content}/{art.path}")
    setting = _folder_setting(page, top, config) if config is not None else None
    if setting is not None:
        return f"{setting[0]} puts {setting[1]} {where}; {setting[2]}"
    if page.kind == "article":
        slug = articles[page.articles[0]].slug
        return (f"{_claimant(page, articles, config)}: the story's page at {page.url} would be {where}; give it "
                f"an address of its own with a line 'slug: {slug}-story' in its front matter")
    return f"the {page.kind} page at {page.url} would be {where}; change the setting that makes its address"


def _folder_setting(page: Page, top: str, config: Config) -> tuple[str, str, str] | None:
    """The site.toml line that puts `page` in the folder `top` (where, what, what to do): the edition
    path's or the permalink's fixed first part, or a section's slug (its pages and feeds); None for a
    story's own slug."""
    first = top.casefold()

    def fixed(pattern: str) -> bool:   # the pattern's first part is `top` as written ('{slug}' never is)
        return pattern.split("/")[1].casefold() == first
    if page.edition and fixed(config.site.edition_path):
        return (_setting_line(config, ("site", "edition_path")), f"the {page.edition} edition",
                "choose another edition_path, e.g. \"/{language}/\"")
    if page.kind == "article":
        return ((_setting_line(config, ("build", "permalink")), "every story",
                 "choose another permalink, e.g. \"/{year}/{month}/{slug}/\"") if fixed(config.build.permalink) else None)
    for key, entry in config.sections.items():
        if (entry.slug or slug_of(key)).casefold() == first:
            line = _setting_line(config, ("sections", key, "slug") if entry.slug else ("sections", key))
            return (line, "the section's pages and feeds",
                    f"give it an address of its own with a line slug = \"{slug_of(key)}-desk\" under [sections.{key}] "
                    "(its name stays as it is)")
    return None


def _setting_line(config: Config, keys: tuple[str, ...]) -> str:
    """'site.toml:12: [sections.images]': where site.toml sets `keys` (an error's start; the file is
    read again only then)."""
    try:
        text = Path(config.root, config.file).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    line = key_lines(text).get(keys)
    shown = f"[{'.'.join(keys)}]" if keys[0] in ("sections", "tags") and len(keys) == 2 else \
        f"[{'.'.join(keys[:-1])}] {keys[-1]}"
    return f"{config.file}:{line}: {shown}" if line else f"{config.file}: {shown}"


def _alike(one: Page, two: Page, articles: tuple[Article, ...]) -> str:
    """Words telling apart two claimants' files whose names differ only in case or Unicode form
    ('café.md' typed on a Mac, NFD, and elsewhere, NFC): the message showed the same name twice."""
    if not (one.articles and two.articles):
        return ""
    names = sorted({articles[one.articles[0]].path, articles[two.articles[0]].path})
    if len(names) != 2 or len({unicodedata.normalize("NFC", n).casefold() for n in names}) != 1:
        return ""
    return (f" (the names {ascii(names[0])} and {ascii(names[1])} differ only in case or in how an accented letter "
            "is encoded, so they look alike and are one file on macOS and Windows: rename one)")


def _claimant(page: Page, articles: tuple[Article, ...], config: Config | None) -> str:
    """Who claims an address: 'the tags page', or an article's file with the line that makes the
    address ('content/a.md:3 (slug:)'; its 'title:' when it has no slug), so an editor goes to it.
    Without a config (articles made in memory) or a file to read again, the file alone."""
    if page.kind not in ("alias", "article"):
        return f"the {page.kind} page"
    if not page.articles:  # a redirect of site.toml's
        return f"[redirects] in {CONFIG_FILE}" if config is None else _redirect_line(config, page.url)
    art = articles[page.articles[0]]
    content = config.paths.content if config is not None else "content"
    text = _source(config, art.path) if config is not None else None
    keys = ("aliases",) if page.kind == "alias" else ("slug", "title")
    key, line = next(((k, n) for k in keys if text is not None and (n := _key_line(text, k, exact=True))), ("", None))
    where = f"{content}/{art.path}:{line}" if line else f"{content}/{art.path}"
    if page.kind == "alias":
        return f"'aliases:' in {where}"
    return f"{where} ({key}:{', no slug: line' if key == 'title' else ''})" if line else where


def clash_error(output: Path, mine: str, theirs: str, page: Page, articles: Sequence[Article], config: Config) -> str:
    """The error for a page whose output `mine` cannot be written beside `theirs`, a file in the
    output folder that is not sitegen's (write.clashes): the story and line or site.toml line that
    claims the address, and what to change. It failed on the spare with a raw 'CNAME: File exists'."""
    at = output / mine
    if mine == theirs:
        why = "where a file of yours is (not sitegen's: kept by every build)"
    elif mine.startswith(theirs + "/") and (output / theirs).is_symlink():
        # public/downloads -> /srv/dl: a linked folder, into which sitegen writes nothing (rf47k)
        why = f"but {output / theirs} is a link of yours (not sitegen's: kept by every build), which sitegen writes nothing through"
    elif mine.startswith(theirs + "/"):
        why = f"but {output / theirs} is a file of yours (not sitegen's: kept by every build), not a folder"
    else:
        why = f"but that is the folder of a file of yours ({output / theirs}, not sitegen's: kept by every build)"
    if page.kind == "alias" and page.articles:
        art = articles[page.articles[0]]
        fix = f"remove {_as_written(art, page.url)} from the 'aliases:' of {config.paths.content}/{art.path}"
    elif page.kind == "alias":
        fix = "remove the line"
    elif page.kind == "article":
        fix = "give the story another address with a 'slug:' line"
    else:
        fix = "change the setting that makes its address"
    return f"{_claimant(page, articles, config)}: {page.url} would be written at {at}, {why}; {fix}, or move your file"


def _way_out(one: Page, two: Page, articles: tuple[Article, ...], content: str,
             held: Callable[[str], str | None] | None = None) -> str:
    """What to change: the slug of the article the last build did not publish at that address, else
    of the newer one (or of the one article). The other is most likely live, its address shared:
    moved, every link to it fails. A story written late and backdated is the older by date, yet the new one."""
    alias = two if two.kind == "alias" else one if one.kind == "alias" else None
    if alias is not None and not alias.articles:
        return f"remove the line from [redirects] in {CONFIG_FILE}, or change the other page's address"
    if alias is not None:
        art = articles[alias.articles[0]]
        return (f"remove {_as_written(art, alias.url)} from the 'aliases:' of {content}/{art.path}, "
                "or change the other page's address")
    claims = [articles[p.articles[0]] for p in (two, one) if p.kind == "article"]
    if not claims:
        return "change one slug or date"
    live = held(one.url) if held is not None and len(claims) == 2 else None
    art = (next(a for a in claims if a.path != live) if live in {a.path for a in claims}
           else max(claims, key=lambda a: a.date))   # of two alike, the second (as before)
    return (f"change one slug or date: for example, give {content}/{art.path} an address of its own with a line "
            f"'slug: {_second(art.slug)}' in its front matter")


def _second(slug: str) -> str:
    """slug-2 within a slug's 80 characters, cut on a word boundary: an 80-character slug's slug-2
    was cut back to the slug by the build, so following the advice changed nothing."""
    from slugify import slugify   # only on this error's path
    return slugify(slug, max_length=78, word_boundary=True, save_order=True) + "-2"


def build_site(config: Config, articles: list[Article], now: datetime, *, drafts: bool = False,
               future: bool = False, held: Callable[[str], str | None] | None = None,
               served: Callable[[str], bool] | None = None, case_blind: bool = True,
               pictured: Callable[[Article, str], bool] | None = None,
               ledger: frozenset[tuple[str, str]] = frozenset()) -> Site:
    """Apply the publishing rules and plan every output. Raises SiteError before anything is written.
    `ledger`: the tags' and authors' feeds published before (content/.sitegen-published: kept_terms);
    `held`: the content file the last build published at an address (see check_collisions);
    `served`: whether a file under public/ that no page is stays served, `pictured`: whether a link
    names a picture its story shows (see site_link_warnings);
    `case_blind`: whether public/'s disk takes a name in another case for one file (drop_self_redirects)."""
    check_sections(config)
    kept, left_out = publishable(articles, now, drafts, future)
    # newest first; a stand-in date (date_source: first-conversion) is no date: its story comes after every
    # dated one in every list, or an archive imported today led the front page (issue 11, review50h 1)
    ordered = tuple(sorted(kept, key=lambda a: (a.date_known, a.date, a.path), reverse=True))
    languages = edition_languages(config, articles)  # drafts too: publishing one moves no other story
    urls = tuple(_checked_url(config, a, languages) for a in ordered)
    editions, edition_list = _editions(config, ordered, languages)
    oldest_first = range(len(ordered) - 1, -1, -1)
    chosen = _chosen(config)
    tag_slugs, tags_numbered = term_slugs(((i, ordered[i].tags) for i in oldest_first), chosen[0])
    author_slugs, authors_numbered = term_slugs(((i, ordered[i].authors) for i in oldest_first), chosen[1])
    tags, authors, months, sections, section_of, warnings = _taxonomies(config, ordered, editions,
                                                                        (tag_slugs, author_slugs))
    keys = {ed.language: ed.key for ed in editions}
    key_of = lambda i: keys[edition_list[i]]   # noqa: E731
    warnings += _numbered_warnings(config, tags_numbered, "tag", tags, ordered, key_of)
    warnings += _numbered_warnings(config, authors_numbered, "author", authors, ordered, key_of)
    around = _around(editions, len(ordered))
    labels = tuple(_label(section_of.get(i, ""), i, a, tags, keys[edition_list[i]], tag_slugs)
                   for i, a in enumerate(ordered))
    shares = _shares(tags, sections)
    related = tuple(_related(i, a, section_of.get(i, ""), tags, sections, config.build.related,
                             keys[edition_list[i]], around[i], shares, tag_slugs) for i, a in enumerate(ordered))
    translations = _translations(ordered, articles)
    quiet, drafted = _quiet_editions(config, articles, ordered, languages, editions)
    waiting = unpublished_sections(config, articles, {a.path for a in ordered}, languages, editions + quiet)
    quiet_sections = {k: t for ed in quiet for k, t in _sections(config, ordered, [], ed.root, ed.key, languages)[0].items()}
    kept_tags, kept_authors = kept_terms(config, articles, {a.path for a in ordered}, languages,
                                         (tag_slugs, author_slugs), (tags, authors), ledger)
    pages, redirects = plan_pages(config, ordered, urls, tags, authors, months, sections, editions,
                                  pinned_ids(ordered, now), translations, waiting, (quiet, quiet_sections),
                                  held=lambda i: is_held(ordered[i], now), kept=(kept_tags, kept_authors))
    check_edition_folders(config, editions, sections, ordered)
    pages, selves, kept = drop_self_redirects(config, pages, urls, ordered, case_blind)
    check_collisions(pages, ordered, config, held, kept)
    one = len(editions) == 1
    warnings += redirects + selves
    warnings += _plan_warnings(config, editions, authors, ordered, articles, author_slugs)
    warnings += section_spelling_warnings(config) if len(config.sections) > 1 else []
    warnings += site_link_warnings(config, ordered, pages, served, articles, languages, pictured)
    warnings += changes_ahead(config, ordered, now)
    warnings += changes_before(config, ordered)
    warnings += dated_far_ahead(config, articles, now, drafts, future)
    ahead = () if future else dated_ahead(config, articles, now, drafts)
    ahead += misspelt_edition_keys(config, languages)   # (notes said by every build while so, as those)
    warnings += shown_as_text(config, articles)
    warnings += raw_pictures_unpublished(config, articles)
    warnings += edition_warnings(config, ordered, languages)
    warnings += unread_edition_keys(config, languages)
    warnings += translation_clashes(config, ordered, translations, articles)
    warnings += hreflang_clashes(config, ordered, translations)
    return Site(config, ordered, urls, related, tags, authors, months, tuple(pages), left_out, now=now,
                tag_slugs=tag_slugs, author_slugs=author_slugs,
                sections=sections, labels=labels, warnings=tuple(warnings),
                edition_of=() if one else edition_list, around=() if one else tuple(around),
                translations=translations, ahead=ahead, quiet_sections=quiet_sections, drafted=drafted,
                kept_tags=kept_tags, kept_authors=kept_authors)


def _quiet_editions(config: Config, articles: Sequence[Article], ordered: tuple[Article, ...],
                    languages: tuple[str, ...], editions: list[Edition]
                    ) -> tuple[list[Edition], tuple[tuple[str, datetime], ...]]:
    """The editions with no story published but one taken down (a draft, dated ahead), which keep
    their feeds, empty, as a section does (unpublished_sections): a reader subscribed to /fr/feed.xml
    met a 404 when its last story was drafted (rf45j). And each edition's drafts' newest `modified`,
    for an empty feed's updated (Site.newest_change). From the sources alone: incremental = clean."""
    main, published = config.site.language, {a.path for a in ordered}
    # the main edition has no pages under a chooser root: its feeds are kept as another's (review50c 5)
    shown, waiting, drafted = {ed.language for ed in editions if ed.language or not root_is_chooser(editions)}, set(), {}
    for art in articles:
        if art.path in published:
            continue
        edition = edition_of(languages, art, main)
        waiting.add(edition)
        if art.draft and (edition not in drafted or art.modified > drafted[edition]):
            drafted[edition] = art.modified
    quiet = [Edition(e, edition_root(config, e), f"{e}/" if e else "", ())
             for e in ("", *languages) if e in waiting and e not in shown]
    return quiet, tuple(sorted(drafted.items()))


def _taxonomies(config: Config, ordered: tuple[Article, ...], editions: list[Edition], own: tuple[dict, dict]
                ) -> tuple[dict[str, Term], dict[str, Term], dict[str, Term], dict[str, Term], dict[int, str], list[str]]:
    """Each edition's tags, authors, months and sections (keyed by the edition), each article's
    section, and what choosing the sections found wrong. `own`: term_slugs' tags and authors."""
    tags: dict[str, Term] = {}
    authors: dict[str, Term] = {}
    months: dict[str, Term] = {}
    sections: dict[str, Term] = {}
    section_of: dict[int, str] = {}
    warnings: list[str] = []
    languages = tuple(ed.language for ed in editions if ed.language)
    for ed in editions:
        tags.update(_terms([(i, ordered[i].tags) for i in ed.ids], f"{ed.root}tags/", ed.key, own[0]))
        authors.update(_terms([(i, ordered[i].authors) for i in ed.ids], f"{ed.root}authors/", ed.key, own[1],
                              config.authors))
        warnings += _byline_spellings(authors, ed, ordered, own[1], config.paths.content.rstrip("/"))
        # not strftime("%Y"): glibc writes year 1 as "1", where the article's own URL has "0001"
        month_names = [(i, (_month_key(story_local(config, ordered[i])),)) for i in ed.ids]
        months.update((ed.key + t.name, Term(t.name, t.name, f"{ed.root}archive/{t.name}/", t.articles))
                      for t in _terms(month_names, f"{ed.root}archive/").values())
        found, chosen, problems = _sections(config, ordered, list(ed.ids), ed.root, ed.key, languages)
        sections.update(found)
        section_of.update(chosen)
        warnings += problems
    return tags, authors, months, sections, section_of, warnings


def _plan_warnings(config: Config, editions: list[Edition], authors: dict[str, Term], ordered: tuple[Article, ...],
                   articles: list[Article], own: Mapping[str, str] = {}) -> list[str]:
    """What the planned site lacks or gets wrong, besides the sections: no story in the main
    edition, bylines that match no author page, missing originals, links, logo and photos."""
    warnings = []
    if len(editions) != 1 and not editions[0].ids:
        warnings.append(chooser_warning(config, editions))
    warnings += unmatched_people(config, authors, articles, own)
    warnings += shared_people(config, articles, own)
    warnings += unmatched_tags(config, articles)
    warnings += missing_originals(config, articles)
    warnings += ambiguous_originals(config, articles)
    warnings += link_warnings(config, ordered, articles)
    warnings += missing_logo(config)
    warnings += missing_photos(config)
    warnings += fixed_zone_warning(config)
    return warnings


def changes_ahead(config: Config, ordered: tuple[Article, ...], now: datetime) -> list[str]:
    """A published story changed later than the build's clock ('updated:' or a correction a day
    ahead, a typo): its `modified` is every sitemap's lastmod and the feeds' updated, a change
    announced before it is made (and Google stops trusting a site's lastmod it finds wrong). The
    build rebuilds at that moment (build.valid_until), so the warning ends when it comes."""
    found = []
    for art in ordered:
        if art.date <= now < art.modified:
            key = "updated" if art.updated is not None and art.updated > now else "corrections"
            what = "'updated:' is" if key == "updated" else "a correction is dated"
            found.append(f"{front_line(config, art, key)}: {what} {_stamp(config, art.modified)}, after "
                         f"{clock_said(config, now)}: sitemaps and feeds would announce a change not made yet; "
                         f"give the time it was made")
    return found


# A story is scheduled days or weeks ahead; one dated further than this is most likely a year
# mistyped (2062 for 2026, next year's in December), left out with no word but a count.
FAR_AHEAD = timedelta(days=183)


def dated_far_ahead(config: Config, articles: list[Article], now: datetime, drafts: bool,
                    future: bool = False) -> list[str]:
    """A warning for each story (drafts only with --drafts) dated more than FAR_AHEAD after the
    build's clock. The build rebuilds when it comes within it (build.valid_until): the warning ends.
    Under --future too: the story is published, but a mistyped year heads every list it is on."""
    fate = "and is published now only because of --future" if future else "so the story is left out until then"
    return [f"{front_line(config, art, 'date')}: 'date:' is {_stamp(config, art.date)}, more than half a year "
            f"after {clock_said(config, now)}, {fate}: check the year"
            for art in articles if art.date - now > FAR_AHEAD and (drafts or not art.draft)]


AHEAD_NAMED = 3  # stories dated ahead the build's notes name, the soonest first; the rest are counted


def dated_ahead(config: Config, articles: list[Article], now: datetime, drafts: bool) -> tuple[str, ...]:
    """A note for each story left out as dated ahead (the soonest AHEAD_NAMED, then a count): its
    `date:` line and the moment it goes out, in the site's zone and in UTC. The summary only counted
    them: an embargo's time written without its zone, read in init's UTC, went out hours early
    unsaid (review44j). Nothing publishes it by itself: the first build at or after that moment does."""
    ahead = sorted((a for a in articles if a.date > now and (drafts or not a.draft)), key=lambda a: (a.date, a.path))
    content = config.paths.content.rstrip("/")
    notes = [f"{content}/{front_line(config, art, 'date')}: dated ahead: left out until {_both_zones(config, art.date)}; "
             "the first build (or deploy) at or after that time publishes it" for art in ahead[:AHEAD_NAMED]]
    if len(ahead) > AHEAD_NAMED:
        notes.append(f"and {len(ahead) - AHEAD_NAMED} more stories dated ahead, the next at "
                     f"{_both_zones(config, ahead[AHEAD_NAMED].date)}")
    return tuple(notes)


def _both_zones(config: Config, when: datetime) -> str:
    """'2026-12-07 08:30 CET (2026-12-07 07:30 UTC)'; once when the site's zone is UTC."""
    local, utc = when.astimezone(config.tz), when.astimezone(timezone.utc)
    said = f"{local:%Y-%m-%d %H:%M %Z}"
    return said if said == f"{utc:%Y-%m-%d %H:%M} UTC" else f"{said} ({utc:%Y-%m-%d %H:%M} UTC)"


def shown_as_text(config: Config, articles: list[Article]) -> list[str]:
    """While [build] allow_html is false, a warning for each hand-written article whose body holds
    raw HTML, which the page shows as text, tags and all (an embed pasted in became its source on
    the page, in the description and social cards). Not for a story converted from a seed: its text
    is shown as text by design ('Hackers hide <script> tags'), whatever allow_html says."""
    if config.build.allow_html:
        return []
    return [f"{_html_line(config, art)}: raw HTML ({art.raw_html!r}) is shown on the page as text, tags and all, "
            "since [build] allow_html is false; if the tags are meant as text, write \\< for each < or put them in "
            f"backticks (that silences this); else write it in Markdown, or set allow_html = true in {config.file} "
            "(which makes every tag in every hand-written article live)"
            for art in articles if art.raw_html and not art.from_seed]


def raw_pictures_unpublished(config: Config, articles: list[Article]) -> list[str]:
    """While [build] allow_html is true, a warning for each raw <img> or <source> of a hand-written
    article that names a file by a relative reference ('chart.png'): the build publishes only the
    pictures Markdown shows, so readers got a broken picture from a build that said nothing (review41c);
    and for each raw <img> without alt and <iframe> without title (review44d). The file is read
    again only for an article with raw HTML."""
    if not config.build.allow_html:
        return []
    found = []
    for art in articles:
        if art.raw_html and not art.from_seed and (text := _source(config, art.path)) is not None:
            found += [f"{art.path}:{line}: {_unpublished(tag, ref)}" for line, tag, ref in raw_picture_lines(text)]
            found += [f"{art.path}:{line}: {_UNNAMED[tag]}" for line, tag in raw_unnamed_lines(text)]
    return found


_UNNAMED = {  # what a raw <img> without alt, an <iframe> without title needs (content.raw_unnamed_lines)
    "img": "raw HTML <img> has no alt text; describe the picture for readers who cannot see it: "
           "<img alt=\"what it shows\" ...> (alt=\"\" if it only decorates)",
    "iframe": "raw HTML <iframe> has no title; name what it holds for screen readers, which announce it "
              "as 'frame': <iframe title=\"Map of the flooded streets\" ...>",
}


def _unpublished(tag: str, ref: str) -> str:
    """What is wrong with a raw picture reference (content.raw_picture_lines) and what to do. Markdown
    is not read inside an HTML block: '![..](chart.png)' in a <figure>, as the advice said, was shown
    as text (review41j); a video's or an audio's file is no picture Markdown shows."""
    own_line = (f"write ![what it shows]({ref}) on a line of its own with a blank line before and after it "
                "(Markdown inside an HTML block is not read)")
    if tag == "markdown":
        return (f"![..]({ref}) inside an HTML block is not read as Markdown: the page shows it as text and the "
                f"picture is not published; {own_line}")
    if tag in ("video", "audio"):
        return (f"raw HTML <source> of a <{tag}> names '{ref}', a file this build does not publish: put it in "
                "static/ (published as it is, under the site's address + static/) and give that address")
    return (f"raw HTML <{tag}> names '{ref}', a file this build does not publish (a picture is published when "
            f"Markdown shows it): {own_line} instead, or give the picture's full address")


def _html_line(config: Config, art: Article) -> str:
    """'x.md:12', the first line under the front matter holding the article's raw HTML ('x.md' if none)."""
    text = _source(config, art.path)
    lines = text.split("\n") if text is not None else []
    opened = [n for n, line in enumerate(lines) if line.rstrip() == "---"][:2]
    start = opened[1] + 1 if len(opened) == 2 else len(lines)
    probe = art.raw_html.removesuffix("…")
    line = next((n + 1 for n in range(start, len(lines)) if probe in lines[n]), None)
    return f"{art.path}:{line}" if line else art.path


def changes_before(config: Config, ordered: tuple[Article, ...]) -> list[str]:
    """An 'updated:' before the story's own date, or a correction not after it: `modified` (every sitemap's
    lastmod, the feeds' updated) does not move for it, so crawlers and feed readers are never told,
    and the page shows the change before the story. Most often a correction dated by its day alone
    on the story's own day (that day's midnight), or an 'updated:' left behind when the story's
    date was moved later (a story postponed)."""
    found = []
    for art in ordered:
        if art.updated is not None and art.updated < art.date:   # equal: 'not updated since', as imports write it
            found.append(f"{front_line(config, art, 'updated')}: 'updated:' is {_stamp(config, art.updated)}, not after "
                         f"the story's own date ({_stamp(config, art.date)}): its page shows no 'Updated' line, and "
                         f"feeds and sitemaps do not show the change; give the time it was changed, or delete the "
                         f"line if it was not changed since")
        early = next((c for c in art.corrections if c.date <= art.date), None)
        if early is not None:
            day, story = early.date.astimezone(config.tz), art.date.astimezone(config.tz)
            same = f" (date: {day:%Y-%m-%d} HH:MM, after {story:%H:%M})" if day.date() == story.date() else ""
            found.append(f"{front_line(config, art, 'corrections')}: a correction is dated {_stamp(config, early.date)}"
                         f"{'' if early.has_time else ' (a day without a time)'}, not after the story's own date "
                         f"({_stamp(config, art.date)}): feeds and sitemaps do not show the story changed, and its "
                         f"page lists the correction before the story; give the time it was made{same}")
    return found


def _stamp(config: Config, when: datetime) -> str:
    return f"{when.astimezone(config.tz):%Y-%m-%d %H:%M %Z}"


def clock_said(config: Config, now: datetime) -> str:
    """How a warning names the clock its build ran at (see at_clock)."""
    return f"the build's clock ({_stamp(config, now)})"


def at_clock(config: Config, warnings: Iterable[str], then: datetime | None, now: datetime) -> list[str]:
    """The warnings of a build run at `then`, as a build at `now` says them: a build finding nothing
    changed repeats the last one's, and named its clock, hours old in a cron job's log (review42c)."""
    if then is None:
        return list(warnings)
    old, new = clock_said(config, then), clock_said(config, now)
    return [w.replace(old, new) for w in warnings]


def unmatched_people(config: Config, authors: dict[str, Term], articles: list[Article],
                     own: Mapping[str, str] = {}) -> list[str]:
    """A warning for each authors.toml (or site.toml [authors]) entry whose name is no article's author (by slug, as the
    author pages look entries up): its bio, photo and links would be shown nowhere, with no word.
    Drafts and future stories count: an entry written ahead of its author's first story is fine."""
    if not config.authors:
        return []
    shown = {term.slug for term in authors.values()}
    missing = [name for name, e in config.authors.items() if (e.slug or own.get(name) or slug_of(name)) not in shown]
    if missing:  # rare: only then the names of stories left out are looked at
        written = {name for art in articles for name in art.authors}
        missing = [name for name in missing if entry_of({n: None for n in written}, name) is None]
    return [f"{_entry(config, name)} is no article's author, so its entry is shown nowhere; spell the name as "
            "the articles' 'authors:' do, or remove the entry" for name in missing]


def shared_people(config: Config, articles: list[Article], own: Mapping[str, str]) -> list[str]:
    """A warning for each authors.toml entry with no `slug` that no byline spells, but two authors with
    pages apart are typed as ('Wang Wei' of 王伟 and 王威): its bio, photo and links go to the one at
    /authors/wang-wei/, whoever's story is oldest, a guess the build made in silence (rf51d Left; rr52b 5)."""
    numbered = {slug_of(n) for n in own}   # (own: the names not at their slug_of; rare, so usually no work)
    if not numbered or not config.authors:
        return []
    found, written = [], {name: None for art in articles for name in art.authors}
    for name, entry in config.authors.items():
        if entry.slug or name in written or slug_of(name) not in numbered:
            continue
        table = "" if name in config.authors_toml else "authors."
        typed = [n for n in written if slug_of(n) == slug_of(name) and not names_differ(n, name)]
        pages = {n: own.get(n) or slug_of(n) for n in typed}
        if len(set(pages.values())) < 2:
            continue
        shown = next((n for n, slug in pages.items() if slug == slug_of(name)), None)
        whose = f"on the page of '{shown}' alone, the name of the oldest story, a guess" if shown else "on no page"
        found.append(f"{_entry(config, name)} is how {len(typed)} authors with pages apart are spelt ("
                     f"{', '.join(repr(n) for n in typed)}), so its bio, photo and links are shown {whose}; key "
                     f"the entry by the name of the person it is about, as the bylines spell it "
                     f"({' or '.join(f'[{table}{_toml_key(n)}]' for n in typed)})")
    return found


def unmatched_tags(config: Config, articles: list[Article]) -> list[str]:
    """A warning for each [tags."X"] no story's tag is (drafts and future ones count): its slug
    would give no page an address, with no word (a name misspelt, or its tag renamed)."""
    if not config.tags:
        return []
    used = {name: None for art in articles for name in art.tags}
    return [f"{_setting_line(config, ('tags', name))}: no story is tagged '{name}', so its slug is used nowhere; "
            "spell the tag as the stories' 'tags:' do, or remove the table"
            for name in config.tags if entry_of(used, name) is None]


def _entry(config: Config, name: str) -> str:
    return config.author_entry(name)


def missing_originals(config: Config, articles: list[Article]) -> list[str]:
    """A warning for each `translation_of` that names no article (drafts and future ones count):
    it was silently ignored, so the story stood alone with no link to its other languages. Stories
    naming the same missing one (an original deleted) still link each other (_groups): it says so;
    not when two of them are in one language (_grouped: which go together is not known)."""
    asked = [a for a in articles if a.translation_of]
    if not asked:
        return []
    names, content = _names(articles), config.paths.content
    lost = [a for a in asked if not _said(names, a.translation_of)]
    apart = {id(articles[n]) for named in _grouped(articles)[1] for n in named} if lost else set()
    found = []
    for a in lost:
        same = _bare_name(a.translation_of)
        others = ", ".join(f"{content}/{b.path}" for b in lost if b is not a and _bare_name(b.translation_of) == same)
        linked = (f"to none of the others naming it ({others}), as two of them are in one language" if id(a) in apart
                  else f"only to the others naming it ({others})" if others else "to no other language's")
        example = _example(articles, a)
        found.append(f"{front_line(config, a, 'translation_of')}: 'translation_of: {a.translation_of}' names no article, "
                     f"so this story is linked {linked}; name an existing content file (its path under "
                     f"{content}/{f', e.g. {example!r}' if example else ''}) or the original's slug")
    return found


def _example(articles: list[Article], asking: Article) -> str:
    """'translation_of: x.md' for the original whose path is nearest the name `asking` gives, for the
    advice; '' when none is near: an unrelated story's path was taken for the one meant (rf45a)."""
    paths = {a.path.removesuffix(".md"): a.path for a in articles if a is not asking and not a.translation_of}
    near = difflib.get_close_matches(_bare_name(asking.translation_of), list(paths), n=1)
    return f"translation_of: {paths[near[0]]}" if near else ""


def front_line(config: Config, art: Article, key: str, exact: bool = True) -> str:
    """'x.md:7', the line of `key:` in the article's front matter ('authors' may be written 'author',
    unless `exact`); 'x.md' if it cannot be read."""
    text = _source(config, art.path)
    line = _key_line(text, key, exact=exact) if text is not None else None
    return f"{art.path}:{line}" if line else art.path


def published_file(config: Config, path: str) -> bool:
    """Whether `path` ('static/x.png') is a file the site publishes or an absolute URL. Published
    files are static/'s and the themes' static/ (see assets.py); a stat or two, once a plan (a new
    static file plans the site again)."""
    if "://" in path:
        return True
    path = path.lstrip("/")   # '/static/x.png' is the same file: the pages' asset() reads it so
    rel = static_file_name(path.removeprefix("static/"))
    return (path.startswith("static/") and published_static(rel)
            and any(is_file(folder / rel) for folder in config.static_dirs()))


def placeholder_logo(config: Config) -> bool:
    """Whether [site] logo is the default theme's placeholder tile (its static/logo.png, or a copy
    of it: a theme copied into the site's templates/), by content: no publisher's logo, and
    declaring it so in every story's JSON-LD gave search engines a stranger's mark (rr55d 5). A
    file's content, so Fingerprints' base holds it: a logo of the site's own re-renders every page."""
    path = config.site.logo.lstrip("/")   # '/static/x.png' is the same file (published_file)
    if not path.startswith("static/"):    # a URL, or no file of the site
        return False
    rel = static_file_name(path.removeprefix("static/"))
    found = next((f for f in (d / rel for d in config.static_dirs()) if is_file(f)), None)
    tile = DEFAULT_THEME / "static" / "logo.png"
    return found is not None and is_file(tile) and filecmp.cmp(found, tile, shallow=False)


def missing_logo(config: Config) -> list[str]:
    """A warning when [site] logo names a file the site does not publish: the pages silently lost
    og:image and the publisher's logo."""
    logo = config.site.logo
    if not logo or published_file(config, logo):
        return []
    return [f"{config.file}: [site] logo = \"{logo}\" is no file of the site's static/ folder (nor the theme's), so "
            "pages have no og:image and the publisher no logo; name an existing file (e.g. \"static/logo.png\") "
            "or an absolute URL"]


def missing_photos(config: Config) -> list[str]:
    """A warning for each author entry whose photo the site does not publish: the author's page
    showed a broken picture and its JSON-LD an image address that answers 404."""
    return [f"{_entry(config, name)}: photo = \"{entry.photo}\" is no file of the site's static/ folder (nor the "
            "theme's), so the author's page would show a broken picture; name an existing file (e.g. "
            "\"static/authors/jane.jpg\") or an absolute URL"
            for name, entry in config.authors.items() if entry.photo and not published_file(config, entry.photo)]


def chooser_warning(config: Config, editions: list[Edition]) -> str:
    main, found = config.site.language, ", ".join(ed.language for ed in editions[1:])
    biggest = max(editions[1:], key=lambda ed: len(ed.ids)).language
    return (f"{config.file}: [site] language is '{main}', but no story is in it: the root is a page linking the "
            f"editions ({found}) instead of a front page; set [site] language = \"{biggest}\" (or the language "
            "the root should show) to put that edition there")


def _month_key(d: datetime) -> str:
    return f"{d.year:04d}/{d.month:02d}"


def _editions(config: Config, ordered: tuple[Article, ...], languages: tuple[str, ...]
              ) -> tuple[list[Edition], tuple[str, ...]]:
    """The main edition, then one per edition language that has published articles."""
    edition_list = tuple(edition_of(languages, a, config.site.language) for a in ordered)
    ids: dict[str, list[int]] = {"": []}
    for i, e in enumerate(edition_list):
        ids.setdefault(e, []).append(i)
    order = [""] + [e for e in languages if e in ids]
    return [Edition(e, edition_root(config, e), f"{e}/" if e else "", tuple(ids[e])) for e in order], edition_list


def _around(editions: list[Edition], count: int) -> list[tuple[int, int]]:
    around = [(-1, -1)] * count
    for ed in editions:
        for n, i in enumerate(ed.ids):
            around[i] = (ed.ids[n - 1] if n else -1, ed.ids[n + 1] if n + 1 < len(ed.ids) else -1)
    return around


def _translations(ordered: tuple[Article, ...], articles: Sequence[Article] = ()) -> tuple[tuple[int, ...], ...]:
    """Per published article, the other published articles telling the same story: a translation
    group is every story its `translation_of` links join, in any direction and over any number of
    hops (fr naming the de version of an en story; two naming each other), and the stories not
    published (`articles`, drafts and future ones too) join it as well: a German and an Arabic
    version of an English original still embargoed link each other."""
    everything = list(articles) or list(ordered)
    if not any(a.translation_of for a in everything):
        return ()
    root = _groups(everything)
    at = {a.path: n for n, a in enumerate(everything)}
    groups: dict[int, list[int]] = defaultdict(list)
    for i, a in enumerate(ordered):
        groups[root[at[a.path]]].append(i)
    return tuple(tuple(j for j in groups[root[at[a.path]]] if j != i) for i, a in enumerate(ordered))


def _groups(articles: Sequence[Article]) -> list[int]:
    """Per article, its translation group's representative: union-find over the `translation_of`
    links (_original), whatever their direction."""
    return _grouped(articles)[0]


def _grouped(articles: Sequence[Article]) -> tuple[list[int], list[list[int]]]:
    """_groups, and the stories naming one lost original (a `translation_of` naming no story: its
    original deleted) left apart: they are one group only while it holds one story a language. A
    yearly slug ('budget') named by the 2025 and the 2026 de and fr versions joined all four, and
    the 2025 French story's switcher led to the 2026 German one (rf45j)."""
    parent = list(range(len(articles)))

    def find(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n
    names = _names(articles)
    lost: dict[str, list[int]] = defaultdict(list)   # a lost original's name -> the stories naming it
    for n, a in enumerate(articles):
        other = _original(names, a, n, articles)
        if other is None and a.translation_of and not _said(names, a.translation_of):
            lost[_bare_name(a.translation_of)].append(n)
        elif other is not None:
            parent[find(n)] = find(other)
    apart = []
    if lost:
        members: dict[int, list[int]] = defaultdict(list)
        for n in range(len(articles)):
            members[find(n)].append(n)
        for named in lost.values():
            joined = [m for root in {find(n) for n in named} for m in members[root]]
            if len({articles[m].language for m in joined}) < len(joined):
                apart.append(named)
                continue
            for n in named[1:]:
                parent[find(n)] = find(named[0])
    return [find(n) for n in range(len(articles))], apart


def _bare_name(said: str) -> str:
    """A `translation_of` text as a name: 'content/flood.md', 'flood.md' and 'flood' are one."""
    return said.removeprefix("content/").removesuffix(".md")


def _names(articles: Sequence[Article]) -> dict[str, list[int]]:
    """What a `translation_of` may say -> the articles it names: a path (with or without .md) names
    one; a slug is per edition, so several may share it ('merkel' in English and in German)."""
    names: dict[str, list[int]] = defaultdict(list)
    for n, a in enumerate(articles):
        names[a.slug].append(n)
    for n, a in enumerate(articles):
        names[a.path] = names[a.path.removesuffix(".md")] = [n]
    return names


def _named(names: Mapping[str, list[int]], art: Article, index: int, articles: Sequence[Article]) -> list[int]:
    """The articles `art`'s translation_of names (itself left out): none, one, or several by a slug.
    A story (of `articles`) that is itself a translation of one of the others named is no rival:
    en, de and fr all 'slug: flood', de and fr 'translation_of: flood' name en, not each other (rf45a)."""
    found = [n for n in _said(names, art.translation_of) if n != index]
    if len(found) > 1:
        originals = [n for n in found if not set(_said(names, articles[n].translation_of)) & (set(found) - {n})]
        found = originals or found
    return found


def _said(names: Mapping[str, list[int]], said: str) -> list[int]:
    """The articles a `translation_of` text names, as _names keys them ('' names none)."""
    return (names.get(said) or names.get(said.removeprefix("content/")) or []) if said else []


def _original(names: Mapping[str, list[int]], art: Article, index: int, articles: Sequence[Article]) -> int | None:
    """The one article `art`'s translation_of names; None when it names none or, by a slug several
    stories share, more than one (ambiguous_originals warns: a guess linked unrelated stories)."""
    found = _named(names, art, index, articles) if art.translation_of else []
    return found[0] if len(found) == 1 else None


def ambiguous_originals(config: Config, articles: Sequence[Article]) -> list[str]:
    """A warning for each `translation_of` naming by a slug more than one story (slugs are per
    edition: an English and an unrelated German 'Merkel' are both 'merkel'): the newest was taken,
    with no word, and hreflang linked the wrong story. It links none now; the path says which."""
    if not any(a.translation_of for a in articles):
        return []
    names, content = _names(articles), config.paths.content.rstrip("/")
    found = []
    for n, a in enumerate(articles):
        named = _named(names, a, n, articles) if a.translation_of else []
        if len(named) > 1:
            files = ", ".join(f"{content}/{articles[m].path}" for m in named)
            found.append(f"{front_line(config, a, 'translation_of')}: 'translation_of: {a.translation_of}' is the slug "
                         f"of {len(named)} stories ({files}), so this story is linked to none of them; write the "
                         f"original's path instead, e.g. 'translation_of: {articles[named[0]].path}'")
    return found


def language_versions(articles: Sequence[Article], group: Sequence[int]) -> dict[str, int]:
    """Language -> the story hreflang names for it in a translation group (indices newest first, as
    the site orders them): the newest of each language, since a cluster names one page a language."""
    found: dict[str, int] = {}
    for i in group:
        found.setdefault(articles[i].language, i)
    return found


def edition_versions(articles: Sequence[Article], group: Sequence[int], edition_of: Callable[[int], str]
                     ) -> dict[str, int]:
    """Edition (its language) -> the story of a translation group the language switcher leads to:
    the one hreflang names for the edition's own language (language_versions), else the newest in
    the edition. The newest alone led "Deutsch" to a newer de-AT version while the head's
    hreflang="de" named the German one (rf45a)."""
    named = language_versions(articles, group)
    found: dict[str, int] = {}
    for i in group:
        found.setdefault(edition_of(i), i)
    for edition in found:
        own = named.get(edition)
        if own is not None and edition_of(own) == edition:
            found[edition] = own
    return found


def hreflang_clashes(config: Config, ordered: tuple[Article, ...],
                     translations: tuple[tuple[int, ...], ...]) -> list[str]:
    """A warning for each story of a translation group that views.alternates leaves out because
    Google reads its language as another story's (langtag.hreflang_codes): 'es-419' is 'es' to it,
    and the group has an 'es' story. translation_clashes warns about one language written twice."""
    warnings = []
    for i, art in enumerate(ordered):
        kept = language_versions(ordered, sorted((i, *translations[i]))) if translations and translations[i] else {}
        if kept.get(art.language) != i or art.language in (codes := hreflang_codes(list(kept))):
            continue
        code = hreflang(art.language)
        other = ordered[kept[next(t for t, c in codes.items() if c == code)]]
        said = (f"{front_line(config, art, 'language')}: 'language: {bcp47(art.language)}' is hreflang '{code}' to "
                f"Google (an ISO 639-1 language and a country's ISO 3166 code), as {config.paths.content}/"
                f"{other.path}'s '{bcp47(other.language)}' is")
        warnings.append(said + _hreflang_clash_advice(art.language, code, codes.values()))
    return warnings


def _hreflang_clash_advice(language: str, code: str, taken: Container[str]) -> str:
    """What to do about a story left out for another's hreflang: an area left out ('es-419' is 'es')
    wants a country of the story's own language; a retired region or a code's other name ('en-uk' is
    'en-gb', 'fil' is 'tl') is that very language, so a country's code would not part the two."""
    left_out = "so this story is left out of its translations' hreflang links: hreflang names one page a language"
    if code.count("-") == language.count("-"):
        return (f": the two stories are one language to search engines, {left_out}; if this story is in "
                "another language, set it in `language:`, else remove its `translation_of:`")
    example = country_example(language, taken)
    return (f", {left_out}; give this story a country's code" + (f" (language: {example})" if example else "")
            + " or remove its `translation_of:`")


def translation_clashes(config: Config, ordered: tuple[Article, ...],
                        translations: tuple[tuple[int, ...], ...], articles: Sequence[Article] = ()) -> list[str]:
    """A warning for each published story its translation group cannot hold: a `translation_of`
    naming a story in its own language, or one whose language the group has a newer story in. The
    group's hreflang alternates name one page a language (the newest), so the other is left out of
    them: before, its own language pointed at the other story, and Google took it for a duplicate.
    `articles`: every story, drafts and future ones too (a `translation_of` may name one)."""
    if not translations:
        return []
    everything = list(articles) or list(ordered)
    names, content = _names(everything), config.paths.content
    at = {a.path: n for n, a in enumerate(everything)}
    warnings = []
    for i, art in enumerate(ordered):
        kept = language_versions(ordered, sorted((i, *translations[i])))[art.language]
        newest = f"{content}/{ordered[kept].path}"
        target = _original(names, art, at[art.path], everything)
        line = f"{front_line(config, art, 'translation_of')}: 'translation_of: {art.translation_of}'"
        if target is not None and everything[target].language == art.language:
            warnings.append(f"{line} names a story in this story's own language ('{art.language}'), which is no "
                            f"translation: hreflang names one story a language, the newest ({newest}); name the "
                            "original in another language, or set this story's `language:`")
        elif target is not None and kept != i:
            warnings.append(f"{line} names a story that already has a '{art.language}' version ({newest}): "
                            "hreflang names one story a language, the newest, and leaves this one out; remove one "
                            "of the two `translation_of:` lines, or set this story's `language:`")
        elif kept != i and _original(names, ordered[kept], at[ordered[kept].path], everything) is not None:
            # every warning is named from the content folder where it is printed: the story's path as is
            warnings.append(f"{art.path} is left out of its translations' hreflang: "
                            f"{content}/{front_line(config, ordered[kept], 'translation_of')}'s 'translation_of: "
                            f"{ordered[kept].translation_of}' joins a newer '{art.language}' story to them, and "
                            "hreflang names one story a language; remove that line, or set that story's `language:`")
    return warnings
