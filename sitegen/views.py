"""Plain view objects for templates and generators: what a page shows, with URLs made final.

URLs inside the site are written as absolute paths under the base path (`/news/2025/01/x/`),
so the site works at the domain root or under any sub-path; feeds, canonical links and
structured data use absolute URLs (`https://example.org/news/2025/01/x/`).
"""
from __future__ import annotations

import posixpath
import re
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, partial
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Protocol
from urllib.parse import quote, unquote, urljoin, urlsplit
from zoneinfo import ZoneInfo

import jinja2
from markupsafe import Markup

from . import LazyPattern, figures, i18n
from .config import SEARCH_BUNDLE, did_you_mean, published_static, root_file
from .content import Article, article_body, lede as first_sentences, reading_minutes
from .images import ImageSet, Picture, is_external, web_address
from .langtag import chinese_script, hreflang, hreflang_codes, letters_of, scripts_in
from .site import (BUILD_FOLDERS, Page, Site, Term, edition_for, edition_root, edition_table, edition_versions,
                   in_edition_order, language_versions, noindex, published_file, section_infos, term_script)

URL_SAFE = "/!$&'()*+,;=:@~"   # what a URL's path may hold as it is (RFC 3986): a file's name is quoted but these
BODY_CACHE = 512  # rendered bodies kept per process: memory stays flat at 100,000 articles


class MarkdownRenderer(Protocol):
    """What views need of render.MarkdownRenderer (declared here: views sit below render)."""

    def render(self, text: str, env: dict | None = None) -> str: ...


@dataclass(frozen=True, slots=True)
class NoteWords:
    """What a screen reader names a body's footnotes by, in the story's language (the renderer's
    env['notes']): the notes section, and each link back to its reference ('%(n)s': its number)."""
    notes: str = "Notes"
    back: str = "Back to reference %(n)s"
    lang: str = ""   # the words' language where it is not the story's (no catalog speaks that), with its
    dir: str = ""    # direction: a screen reader speaks them in that voice, not the story's (WCAG 3.1.2)


def human_date(dt: datetime, language: str = "en") -> str:
    """'January 19, 2025' in the language's words (Babel, CLDR)."""
    return i18n.day_text(dt, language)


def human_datetime(dt: datetime, language: str = "en", home: str = "") -> str:
    """'January 19, 2025, 8:30 AM GMT': readers need the time and its zone on news (`home`: the
    site's zone, whose abbreviation is kept even where another zone shares it)."""
    return i18n.datetime_text(dt, language, home)


def on_the_minute(when: datetime) -> datetime:
    """`when`, or the same instant in UTC when its zone's offset has seconds (local mean time:
    Berlin's +00:53:28 before 1893, Monrovia's -00:44:30 until 1972). Every stamp sitegen writes
    for machines goes through it (feeds' RFC 3339 and RFC 822 dates, sitemaps' W3C datetimes,
    JSON-LD, <time datetime>): each takes an offset in hours and minutes only, and a sitemap with
    '+00:53:28' failed the sitemaps.org schema. The date shown to readers keeps its zone."""
    offset = when.utcoffset()
    if offset is None or not (offset.seconds % 60 or offset.microseconds):
        return when
    return when.astimezone(timezone.utc)


def month_title(key: str, language: str = "en") -> str:
    """'2025/01' -> 'January 2025'."""
    year, month = key.split("/")
    return i18n.month_text(int(year), int(month), language)


_LATIN, _CJK = frozenset({"LATIN"}), frozenset({"CJK"})


def _bare(name: str) -> str:
    """`name` without its marks, as an index files it: 'Ёлка' -> 'Елка', 'Άρτα' -> 'Αρτα', 'أمن' ->
    'امن', 'ガス' -> 'カス', fullwidth 'Ｇ７' -> 'G7'."""
    import unicodedata
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


def _initial(name: str, slug: str, page: frozenset[str], pinyin: bool) -> str:
    """The heading of an index a term is filed under, on a page written in the scripts `page`
    (langtag.letters_of): a Latin name by its slug's initial ('Élysée', 'Ørsted' under E and O); one
    in another script the page's language writes by its own first letter bare of marks ('Экономика'
    under Э, 'Ёлка' under Е), Chinese characters by their pinyin (the slug's) on a Chinese page; a
    digit, a sign and a script the page's language does not write under '#'. The slug's initial filed
    'ثقافة' under T and 東京 under D (dong-jing) on an English page, and a Russian index's topics
    under Latin letters (review55a 2): no reader looks there."""
    first = _bare(name[:1])[:1]   # a letter with its marks decomposes to the letter first
    script = scripts_in(first) if first.isalpha() else frozenset()
    if script == _LATIN or (pinyin and script == _CJK):
        letter = slug[:1].upper()
        return letter if "A" <= letter <= "Z" else "#"
    return first.upper() if script and script <= page else "#"


@dataclass(frozen=True, slots=True)
class Link:
    name: str
    url: str            # site path under the base path
    count: int = 0
    group: str = ""     # e.g. the year of an archive month, for grouped indexes
    lang: str = ""      # the language of `name` when it is not the page's (a section's untranslated name),
                        # for a story's topic not that of the theme's words around it
    dir: str = ""       # its direction, with lang; "auto" alone for a topic whose stories mix languages


@dataclass(frozen=True, slots=True)
class CorrectionView:
    date: datetime
    text: str
    language: str = "en"
    has_time: bool = True   # False: dated by its day alone, so no "00:00" is shown as if known
    home_zone: str = ""     # the site's zone (human_datetime's `home`)

    @property
    def date_text(self) -> str:
        if self.has_time:
            return human_datetime(self.date, self.language, self.home_zone)
        return human_date(self.date, self.language)

    @property
    def date_attr(self) -> str:
        """For <time datetime> and JSON-LD: the instant, or the day alone."""
        return on_the_minute(self.date).isoformat() if self.has_time else self.date.date().isoformat()


@dataclass(frozen=True)
class ArticleView:
    title: str
    summary: str
    url: str
    abs_url: str
    date: datetime                  # in the article's time zone (its own, else the site's)
    updated: datetime | None
    modified: datetime
    authors: tuple[Link, ...]
    tags: tuple[Link, ...]
    language: str
    dir: str
    reading_time: int               # minutes
    words: int
    image: str                      # the lead picture's URL (largest, original format), '' if none
    image_alt: str
    picture: Picture | None         # the processed lead picture (None: none, or an external URL)
    figure: figures.Figure | None   # its markup: figure.html, figure.thumb, figure.lead
    corrections: tuple[CorrectionView, ...]
    body_html: Markup | jinja2.Undefined = field(compare=False)  # NO_BODY unless asked for (the story's own page)
    has_time: bool = True           # the date has a known time of day
    updated_has_time: bool = True   # `updated:` has one
    date_known: bool = True         # False: a stand-in date (first conversion), shown as a day only
    foreign: bool = False           # written in another language than the site's chrome around its dates
    label: Link | None = None       # above the headline: its section, else its most-covered topic
    markdown: Callable[[], str] = field(default=str, repr=False, compare=False)  # the body's source, for `lede`
    html: bool = False              # its raw HTML is markup, not text (allow_html, written by hand)
    extra: Mapping[str, Any] = field(default_factory=dict)  # the story's `extra:`, the site's own data
    home_zone: str = ""             # the site's zone: its abbreviation is shown as it is (human_datetime)

    @property
    def image_address(self) -> str:
        """The lead picture's URL for what shows it apart from the page (social cards, JSON-LD, feed
        enclosures): '' for a data: picture, which is no address (an enclosure said url="data:...")."""
        return "" if self.image[:5].lower() == "data:" else self.image

    @property
    def lede(self) -> str:
        """The first sentences of the body when there is no summary (a lead's standfirst). Made when
        asked: only the front page's lead shows it, and it costs 70 us a story (and a read of its
        file, for an article the build holds without its body)."""
        return "" if self.summary else first_sentences(self.markdown(), html=self.html)

    @cached_property  # every teaser and page showing the story asks; Babel formats it once
    def date_text(self) -> str:
        """The date with its time and zone, or the day alone when no time is known."""
        if self.has_time and self.date_known:
            return human_datetime(self.date, self.language, self.home_zone)
        return human_date(self.date, self.language)

    @cached_property  # the page's <time>, its Open Graph tags and its JSON-LD each ask (3 us a call)
    def date_iso(self) -> str:
        return on_the_minute(self.date).isoformat()

    @cached_property
    def modified_iso(self) -> str:
        return on_the_minute(self.modified).isoformat()

    @property
    def date_attr(self) -> str:
        """<time datetime>: the full stamp, or the day (2019-11-19) when no time is known."""
        return self.date_iso if self.has_time and self.date_known else self.date.date().isoformat()

    @property
    def modified_attr(self) -> str:
        """date_attr for the last change: the day alone when it is the publication's, the
        update's or the newest correction's day-only date (JSON-LD and Open Graph take a date
        without a time; a day-only correction was a made-up midnight)."""
        if self.modified == self.date:
            return self.date_attr
        if self.modified == self.updated:
            return self.updated_attr
        timed = any(c.has_time for c in self.corrections if c.date == self.modified)
        return self.modified_iso if timed else self.modified.date().isoformat()

    @property
    def updated_attr(self) -> str:
        """<time datetime> of `updated:`: the day alone when it gave no time of day."""
        if self.updated is None:
            return ""
        return on_the_minute(self.updated).isoformat() if self.updated_has_time else self.updated.date().isoformat()

    @property
    def day_text(self) -> str:
        return human_date(self.date, self.language)

    @property
    def updated_text(self) -> str:
        if not self.updated:
            return ""
        if self.updated_has_time:
            return human_datetime(self.updated, self.language, self.home_zone)
        return human_date(self.updated, self.language)


# A list's or a neighbour's story has no body: printed, filtered or tested, it fails the build at the
# template's line (it was silently empty, an excerpt of it too); `is defined` is false.
NO_BODY = jinja2.StrictUndefined(hint="body_html is only on the story's own page (article.html's `article`); in "
                                      "teasers and lists show summary or lede")


class Absent(jinja2.StrictUndefined):
    """A story page's own variable on another page: false for `{% if article %}`, empty for `{% for r in
    related %}` and `related|length`, not defined for `{% if article is defined %}` (as before base.html
    listed them on every page), and still an error at its line when used (`article.title`)."""
    __slots__ = ()

    def __bool__(self) -> bool:
        return False

    def __iter__(self):
        return iter(())

    def __len__(self) -> int:
        return 0

    def __getitem__(self, key: object) -> object:
        """A slice is empty, as in {% for %} (`related[:3]` in a sidebar failed every other page, review47g);
        an item (`related[0]`) is an error at its line."""
        if isinstance(key, slice):
            return ()
        self._fail_with_undefined_error()


# where each is, for the words of its error elsewhere: `terms` was said to be a story page's (review47g)
_ABSENT_WHERE = {"article": "a story's own page (article.html)", "related": "a story's own page (article.html)",
                 "newer": "a story's own page (article.html)", "older": "a story's own page (article.html)",
                 "terms": "the topics, authors and archive indexes (tags.html, authors.html, archives.html)"}


def _absent(name: str) -> Absent:
    return Absent(name=name, hint=f"{name!r} is only on {_ABSENT_WHERE[name]}; test it first: {{% if {name} %}}")


# what only a story page (or a list of terms) has, on every other page; one of each, shared
_ABSENT = {name: _absent(name) for name in _ABSENT_WHERE}
# their errors, which no story's data makes (the build names no story for them)
ABSENT_ERRORS = frozenset(absent._undefined_hint for absent in _ABSENT.values())


def _made(cls: type, values: dict[str, Any]) -> Any:
    """cls(**values) for a frozen dataclass given all its fields, without its __init__, which sets
    each field through object.__setattr__ (an ArticleView's 24: 43k against 6k instructions)."""
    made = object.__new__(cls)
    made.__dict__.update(values)
    return made


def _split_suffix(path: str) -> tuple[str, str]:
    """'static/x.css?v=2' -> ('static/x.css', '?v=2'); 'icons.svg#menu' -> ('icons.svg', '#menu')."""
    if "?" not in path and "#" not in path:   # the common case, on every page's links
        return path, ""
    cut = min(i for i in (path.find("?"), path.find("#")) if i >= 0)
    return path[:cut], path[cut:]


class MissingAsset(LookupError):
    """A template's asset() names a static file the site does not have."""


class Fields(dict):
    """A dict whose keys templates read as attributes ({{ site.title }}, {{ page.kind }}), marked
    so that the theme's environment reads them straight from the dict, without the AttributeError
    Jinja catches before it tries the key (about 6 a page, 1.3 us each). It has no __getattr__:
    templates compiled by sitegen read an attribute with getattr(obj, name, missing), which misses
    a dict's key at no cost and then asks for the item, where a __getattr__ would make Python
    raise and catch an AttributeError first. Jinja's order stands: a dict's own attribute first
    (site.items is the method), then the key."""
    __slots__ = ()


@dataclass(frozen=True)
class AuthorView:
    """An author's entry in authors.toml, with URLs made final."""
    bio: str
    photo: str          # '' or a URL under the base path / absolute
    links: tuple[str, ...]


@dataclass(frozen=True)
class Pager:
    number: int
    total: int
    prev_url: str
    next_url: str



# a scheme ('https:', 'mailto:', 'tel:'), a protocol-relative '//host' or a fragment alone ('#top')
_EXTERNAL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|//|#")


def url_inputs(site: Site, assets: Mapping[str, str], pictures: ImageSet, root: Callable[[], Iterable[str]]) -> tuple:
    """What Views.theme_url reads beyond the path itself, for every page's key (build.Fingerprints): under a
    sub-path, the URLs the site gives in its base path's folder, the main edition's and each edition's ('/news/...'
    and '/de/news/...' under /news/: a section 'news'); on a site with editions, root/'s files (`root`, walked
    only then). Both few and rarely changed: a new story does not change them, as it would the page set."""
    config, folder = site.config, site.config.base_path.lstrip("/")
    editions = sorted(set(site.edition_of) - {""})
    files = tuple(root()) if editions or folder else ()
    shared = files if editions else ()
    if not folder:
        return shared
    zones = tuple(edition_root(config, e) + unquote(folder) for e in ["", *editions])   # as pages name theirs
    given = [p.url for p in site.pages] + ["/" + rel for rel in (*assets.values(), *pictures.outputs(), *files)]
    return shared, sorted(url for url in given if url.startswith(zones))


def external(url: str) -> bool:
    """Whether url(), abs_url() and asset() return `url` as it is, as Hugo's relURL does: the footer's
    `url('https://mastodon.social/@desk')` was '/news/https://mastodon.social/@desk', and `url('#top')`
    a link to the front page (review44b)."""
    return _EXTERNAL.match(url) is not None


class Views:
    """Builds views for one Site. One per worker; article views are cached per process."""

    def __init__(self, site: Site, md_seed: MarkdownRenderer, md_editor: MarkdownRenderer, assets: dict[str, str],
                 pictures: ImageSet | None = None, own: tuple[str, ...] = ()):
        self.site, self.config = site, site.config
        self._md_seed, self._md_editor, self.assets = md_seed, md_editor, assets
        self.own = own   # files in public/static/ and images/ not named by their hash: a user's (write.own_files), root/'s
        self.pictures = pictures or ImageSet()
        self.base_path = self.config.base_path
        self._content = self.config.path("content")  # a Path made once: 9 us a page
        self._tz = self.config.tz
        self._terms = {"tag": site.tags, "author": site.authors, "archive": site.months, "section": site.sections}
        self.base_url = self.config.site.base_url
        parts = urlsplit(self.base_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self._cache: dict[tuple[int, bool], ArticleView] = {}
        self._bodies: deque[tuple[int, bool]] = deque()
        self._site_ctx: dict[str, dict[str, Any]] = {}
        self._links: dict[tuple[int, str], Link] = {}
        self._scripts: dict[tuple[str, str], tuple[str, str]] = {}  # see term_script
        found = set(site.edition_of)
        self.editions = found - {""}
        # 'de/', 'fr/': a path in one is that edition's page on any edition's (theme_url; in every page's key)
        self._edition_dirs = tuple(edition_root(self.config, e).lstrip("/") for e in sorted(self.editions))
        self._edition_for: dict[str, str] = {}
        self._kept: tuple[str, ...] | None = None  # see kept_editions
        self.chooser = bool(found) and "" not in found  # no story in the main language: the root links the editions
        self._words: dict[str, Any] = {}
        self._words_language: dict[str, str] = {}  # words_language's memo
        self._own_words: dict[str, Any] = {}  # say_in's catalogs, by the content's language
        self._note_words: dict[str, NoteWords] = {}
        self._tables: dict[tuple[str, str], dict[str, str]] = {}  # in_edition's memo
        self.feed_heads: dict[tuple[str, str, str], str] = {}  # feeds.atom_entry's and rss_item's memo
        self._static_files: dict[str, bool] = {}  # theme_asset's checks, outside the build's assets (tests)
        self._static_hints: dict[str, str] = {}  # _static_hint's memo: a misspelt name, on every page
        self._published: list[str] | None = None  # _static_names' memo
        self._given: set[str] | None = None  # _gives' memo: the site's pages' and files' URLs
        self._other_files: dict[str, bool] = {}  # _gives' memo: root/'s and Pagefind's files, by URL
        self._root_files: dict[str, bool] = {}  # _root_file's memo
        self.feed_entries: dict[tuple[tuple[int, ...], bool], list] = {}  # feeds.entries' memo
        self.feed_lines: dict[tuple, str] = {}  # feeds._lines' memo: an author's and a topic's lines
        self.seo_parts: dict[tuple, Any] = {}  # seo.py's memo: JSON-LD parts many pages share

    # Editions ---------------------------------------------------------------------------------
    def chrome_language(self, language: str) -> str:
        """The language of the interface words around content in `language`: its edition's."""
        return self.edition_for(language) or self.config.site.language

    def words_language(self, language: str) -> str:
        """The language of the theme's words on pages in `language`: its own where a catalog speaks
        it (English being the theme's own words), else English, which stands in (i18n.translations)."""
        found = self._words_language.get(language)
        if found is None:
            found = self._words_language[language] = i18n.words_language(self.config.template_dirs(), language)
        return found

    def kept_editions(self) -> tuple[str, ...]:
        """The editions with pages, and those with none published that keep their feeds (quiet,
        site._quiet_editions): the language of a quiet 'fr' edition's feeds is still its own,
        not the main edition's (rf45m: its section feed's subtitle turned English)."""
        if self._kept is None:
            pages = self.site.pages   # a saved plan's (build.SavedPages) asks its cache: one edit decoded them all
            feeds = pages.editions_of("feed") if hasattr(pages, "editions_of") else {p.edition for p in pages if p.kind == "feed"}
            self._kept = tuple(sorted(self.editions | feeds - {""}))
        return self._kept

    def edition_for(self, language: str) -> str:
        """The edition ('' = main) whose chrome surrounds content in `language` (a 'de-at' story's
        is the de edition's): as the site placed it."""
        if language not in self._edition_for:
            self._edition_for[language] = edition_for(self.kept_editions(), language, self.config.site.language)
        return self._edition_for[language]

    def title(self, edition: str = "") -> str:
        """The site's name in an edition: [site] titles, else title."""
        found = self.in_edition("titles", edition)
        return self.config.site.title if found is None else found

    def feed_title(self, edition: str = "") -> str:
        """An edition's feeds' name: its title, and where [site] titles has none for it, the main
        title with the language's own name ('Courier (Français)'), as the switcher names it: a
        reader subscribed to two editions' feeds named alike cannot tell them apart."""
        title = self.title(edition)
        if not edition or edition == self.config.site.language or self.in_edition("titles", edition) is not None:
            return title
        return f"{title} ({i18n.language_name(edition)})"

    def description(self, edition: str = "") -> str:
        found = self.in_edition("descriptions", edition)
        return self.config.site.description if found is None else found

    def in_edition(self, table: str, edition: str, section: str = "") -> str | None:
        """An edition's entry of a table by language: [site] `table` ('titles', 'descriptions'), or
        `section`'s ('names', 'descriptions'); None when it has none (site.edition_table)."""
        found = self._tables.get((table, section))
        if found is None:
            cfg = self.config.site
            entries = getattr(section_infos(self.config)[section], table) if section else getattr(cfg, table)
            found = self._tables[table, section] = edition_table(entries, self.kept_editions(), cfg.language)
        return found.get(edition or self.config.site.language)

    def words(self, language: str) -> Any:
        """The gettext catalog of the interface around content in `language` (its edition's)."""
        chrome = self.chrome_language(language)
        found = self._words.get(chrome)
        if found is None:
            found = self._words[chrome] = i18n.translations(self.config.template_dirs(), chrome)
        return found

    def say(self, edition: str, message: str, **values: object) -> str:
        """An interface string in an edition's words, for text made outside the templates (feed
        descriptions, social titles). python -m sitegen.i18n collects say()'s messages too."""
        text = self.words(edition).gettext(message)
        return text % values if values else text

    def say_in(self, language: str, message: str) -> str:
        """An interface string inside content in `language` (a story's body): in that language where a
        catalog speaks it, else in its edition's words, as say(). python -m sitegen.i18n collects it."""
        words = self._own_words.get(language)
        if words is None:
            own = self._speaks(language)
            words = self._own_words[language] = (i18n.translations(self.config.template_dirs(), language) if own
                                                 else self.words(language))
        return words.gettext(message)

    def say_in_language(self, language: str) -> str:
        """The language of say_in(language, ...)'s words: '' where it is the story's own (a catalog
        speaks it, or it is English, the theme's own words), else its edition's words' language."""
        if self._speaks(language):
            return ""
        words = self.words_language(self.chrome_language(language))
        return "" if words.partition("-")[0] == language.partition("-")[0] else words

    def _speaks(self, language: str) -> bool:
        """Whether the theme's words are in `language` itself: a catalog, or English (the msgids)."""
        return (language.partition("-")[0] == i18n.FALLBACK
                or i18n.catalog_path(self.config.template_dirs(), language) is not None)

    def edition_url(self, edition: str) -> Callable[[str], str]:
        """url() for templates of an edition: '/tags/' is that edition's topics ('/de/tags/'); see theme_url."""
        root = edition_root(self.config, edition) if edition else "/"
        if root == "/" and self.base_path == "/":
            return self.url   # nothing to put a URL under twice: the common case, one comparison a call
        return lambda path: self.theme_url(path, root)

    def edition_links(self) -> list[Link]:
        """Each edition's front page, named in its own language, for the language switcher."""
        if not self.editions:
            return []
        main = self.config.site.language
        order = ([] if self.chooser else [""]) + in_edition_order(self.config, self.editions)
        return [Link(i18n.language_name(e or main), self.url(edition_root(self.config, e)), group=e or main)
                for e in order]

    def switch(self, index: int) -> tuple[tuple[str, str], ...]:
        """(edition, URL) of a story's translation in each other edition, for the masthead's
        language switcher (_header.html): a reader switching language on a story goes to the story
        in that language, not to the edition's front page. Where an edition has two, the one in its
        own language, as hreflang names it, else the newest (edition_versions); hashable, as
        partial()'s arguments are (the header is rendered once per set)."""
        site, main = self.site, self.config.site.language
        if not site.translations or not self.editions:
            return ()
        own = site.edition(index) or main
        found = edition_versions(site.articles, sorted(site.translations[index]), lambda i: site.edition(i) or main)
        return tuple(sorted((e, self.url(site.urls[i])) for e, i in found.items() if e != own))

    def other_languages(self, index: int) -> list[ArticleView]:
        """A story's 'Other languages' line (article.html): one story a language, the one hreflang
        names (language_versions: the newest), newest first, none in the story's own language. The
        whole group listed two German versions as "Deutsch", "Deutsch", links a reader cannot tell
        apart, and the older one listed its own language among the others (review53a 2)."""
        site = self.site
        if not site.translations:
            return []
        own = site.articles[index].language
        kept = language_versions(site.articles, site.translations[index])
        return [self.article(i) for language, i in sorted(kept.items(), key=lambda item: item[1]) if language != own]

    def alternates(self, page: Page) -> list[tuple[str, str]]:
        """(hreflang, absolute URL) of every language version of a page, itself included, plus
        x-default (the main edition's version): an article and its translations (`translation_of`),
        each edition's front page. Empty for a page with no other version, and for a story whose
        language its group has a newer story in (the build warns): a cluster names one page a
        language, and a page whose own language pointed at another would be that page's duplicate.
        The page's own <link rel="alternate"> tags (seo.py) and the sitemap (sitemaps.py) both come
        from here, so the two never disagree. Languages are named as Google reads them (langtag.hreflang:
        'en-uk' is 'en-gb'); a story whose language another of the group's takes that way is left out
        too (site.hreflang_clashes warns)."""
        return [(code, url) for code, url, _ in self.versions(page)]

    def versions(self, page: Page) -> list[tuple[str, str, str]]:
        """`alternates` with each version's own language tag beside its hreflang code: og:locale is
        made from the tag, as hreflang's 'es' for an 'es-419' story would announce Spain's Spanish
        (rf46b). x-default's tag is the default version's."""
        site = self.site
        if page.kind == "article" and site.translations:
            index = page.articles[0]
            group = sorted((index, *site.translations[index]))
            kept = language_versions(site.articles, group)
            codes, language = hreflang_codes(list(kept)), site.articles[index].language
            if len(codes) < 2 or kept[language] != index or language not in codes:
                return []
            found = {code: (self.abs_url(site.urls[kept[language]]), language) for language, code in codes.items()}
            found["x-default"] = found[hreflang(site.articles[self._default_version(group)].language)]
            return sorted((code, url, language) for code, (url, language) in found.items())
        if page.kind in ("index", "languages") and page.number == 1 and self.editions:
            fronts = {link.group: self.absolute(link.url) for link in self.edition_links()}
            codes = hreflang_codes(list(fronts))
            main = self.config.site.language
            return sorted([*((code, fronts[edition], edition) for edition, code in codes.items()),
                           ("x-default", self.absolute(self.url("/")), main)])
        return []

    def _default_version(self, group: list[int]) -> int:
        """The story x-default points at: the main edition's version (in the main language if
        there is one), else the original the others are `translation_of` among the main edition's
        (an en-GB story and its en-US translation on an "en" site: it was the newer, the
        translation, review54b) or among all (none in the main edition: a German story and its
        French translation on an English site), else the main edition's newest, else the oldest."""
        site = self.site
        main = [i for i in group if not site.edition(i)]
        own = [i for i in main if site.articles[i].language == self.config.site.language]
        if own:
            return own[0]
        originals = [i for i in main or group if not site.articles[i].translation_of]
        return originals[0] if originals else main[0] if main else group[-1]   # newest first: the last is the oldest

    # URLs -------------------------------------------------------------------------------------
    def url(self, path: str) -> str:
        """Site-relative '/x/' -> '/base/x/'; a URL of its own (see external) as it is."""
        if (path[:1] != "/" or path[:2] == "//") and external(path):   # '/x/', most calls: one comparison
            return path
        return self.base_path + path.lstrip("/")

    def abs_url(self, path: str) -> str:
        """Site-relative '/x/' -> 'https://example.org/base/x/' (base_url always ends in '/'); a URL
        of its own (see external) as it is."""
        if (path[:1] != "/" or path[:2] == "//") and external(path):
            return path
        return self.base_url + path.lstrip("/")

    def theme_url(self, path: str, root: str = "/") -> str:
        """url() as templates of the edition at `root` call it: '/tags/' is root + 'tags/'. A path already in
        the edition's folder ('/de/2025/...', '/news/de/...': `article.url`, `page.url` on a German page) comes
        back as it is: url(article.url) was '/de/de/2025/...' (review49f 3). That is read from the path's shape
        alone, never from which pages the site gives: an answer that changed when another page came or went
        went stale on the pages an incremental build does not re-render (rf49j 1), so url('/old/') on a German
        page is '/de/old/' whether or not the site gives it. A path in a folder the build fills for every edition
        ('/static/logo.1a2b.png' of asset(), '/pagefind/...') is that shared file, and one in another edition's
        folder ('/fr/...': url(t.url) of a translation) that edition's page, also read from its shape: both were
        put under the edition's folder, 404s (rf50b 1, 2); so is a root/ file ('/favicon.ico': every edition's,
        it was '/de/favicon.ico', rf50b Left). Under a sub-path, a path starting with the base path is already
        final unless, read as a site path, it names a page or file the site gives ('/news/' is the section
        'news', rf47l 5): asking whether the path itself was given too read the whole page set, which no
        page's key holds, so a page an incremental build kept linked what a clean one did not (rf50b 3).
        What these read beyond the path is url_inputs(), in every page's key."""
        if external(path):
            return path
        if root != "/":
            if path.startswith(self.url(root)):
                return path
            under = self.base_path != "/" and path.startswith(self.base_path)
            rel = path[len(self.base_path):] if under else path.lstrip("/")
            folder = rel.partition("?")[0].partition("#")[0] + "/"   # '/fr' and '/fr?x' are the edition's folder too
            if (rel.partition("/")[0].casefold() in BUILD_FOLDERS or folder.startswith(self._edition_dirs)
                    or self._root_file(folder[:-1]) and not self._root_file(root.lstrip("/") + folder[:-1])):
                # (an edition's own root/de/impressum/index.html is its pages' link, not root/'s main one: rr52b 2)
                return path if under else self.url(path)
        wanted = self.url(root + path.lstrip("/"))
        if self.base_path != "/" and path.startswith(self.base_path) and not self._gives(self._site_path(wanted)):
            return path
        return wanted

    def _root_file(self, rel: str) -> bool:
        """Whether root/ publishes a file at `rel` ('favicon.ico', a URL's path without its '/'), or a folder's
        index.html ('impressum/' or 'impressum': it was '/de/impressum/' on a German page, a 404, rf51a 2):
        a stat or two, once."""
        found = self._root_files.get(rel)
        if found is None:
            name = unquote(rel).rstrip("/")   # '/impressum/' or '/impressum': root/impressum/index.html, served there
            found = self._root_files[rel] = bool(name) and (
                (name == unquote(rel) and root_file(self.config, name)) or root_file(self.config, name + "/index.html"))
        return found

    def _site_path(self, url: str) -> str:
        """A URL under the base path as the site names its pages: '/news/de/x%20y/?a' -> '/de/x y/'. Cut, then
        unquoted: a base path of its own escapes ('/actualit%C3%A9s/') is longer quoted (rf51a 4)."""
        return "/" + unquote(re.split(r"[?#]", url, maxsplit=1)[0][len(self.base_path):])

    def edition_abs_url(self, edition: str) -> Callable[[str], str]:
        """abs_url() for templates of an edition: url() of the same path made absolute, so '/feed.xml' on a
        German page is the German feed, as url() says (it was the main edition's: a 'Subscribe' link sent
        German readers to the English feed, review49f 1); a URL a page gives is not doubled (theme_url,
        review47g)."""
        root = edition_root(self.config, edition) if edition else "/"
        if root == "/" and self.base_path == "/":
            return self.abs_url
        return lambda path: path if external(path) else self.absolute(self.theme_url(path, root))

    def _gives(self, url: str) -> bool:
        """Whether a site-relative URL ('/tags/', '/static/x.1a2b.css') is a page or file the site publishes:
        also root/'s files and Pagefind's ('/favicon.ico', '/pagefind/pagefind.js': abs_url(url(...)) of
        them was put under the sub-path twice, rf48b)."""
        if self._given is None:
            self._given = ({p.url for p in self.site.pages} | {"/" + rel for rel in self.assets.values()}
                           | {"/" + rel for rel in self.pictures.outputs()})
        if url in self._given:
            return True
        found = self._other_files.get(url)
        if found is None:   # a stat, once a URL: the theme's abs_url() of the same file is on every page
            rel = url[1:]
            found = self._other_files[url] = bool((self.config.search.enabled and rel.startswith(SEARCH_BUNDLE + "/"))
                                                  or (rel and not rel.endswith("/") and root_file(self.config, rel)))
        return found

    def absolute(self, url: str) -> str:
        """A URL as views give it ('/news/x/' or 'https://...') made absolute."""
        if url.startswith("/") and not url.startswith("//"):
            return self.origin + url  # urljoin costs ~50 us; this is the common case
        return urljoin(self.base_url, url)

    def asset(self, path: str) -> str:
        """A static file's URL, fingerprinted when the build fingerprinted it; what follows '?' or
        '#' (a cache-buster, a sprite's fragment) is kept after the file's own URL."""
        if external(path):   # a CDN's stylesheet, a '#sprite' of the page itself
            return path
        path, suffix = _split_suffix(path.lstrip("/"))
        # a file's name made a URL: 'Logo Zeitung.png' in a srcset loaded nothing (review47g)
        return self.url(quote(self.assets.get(path, path), safe=URL_SAFE)) + suffix

    def theme_asset(self, path: str) -> str:
        """asset() as templates call it: a 'static/' path naming no file the site publishes is an
        error (the template's line is named), not a link to a 404 on every page. Other paths
        (Pagefind's files, made after the pages) are not checked, nor what follows '?' or '#'
        (a sprite's 'icons.svg#menu', a cache-buster's 'x.css?v=2': asset() puts it after the file's URL).
        './static/x.css' is 'static/x.css' (it was neither checked nor fingerprinted: a link to
        '/./static/x.css', a 404, review47g), and 'STATIC/x.css' is checked too."""
        if external(path):
            return path
        rel, suffix = _split_suffix(path.lstrip("/"))
        if "./" in rel or "//" in rel:   # the file's own name: what the build fingerprints and checks
            rel = posixpath.normpath(rel)
            path = rel + suffix
        if rel[:7].lower() == "static/" and rel not in self.assets:
            found = self._static_files.get(rel)
            if found is None:
                found = self._static_files[rel] = published_file(self.config, rel)
            if not found:
                raise MissingAsset(f"asset({path!r}): no such file in the site's static/ folder or the theme's "
                                   "templates/static/; add the file there or fix the name on that line"
                                   + self._static_hint(rel))
        return self.asset(path)

    def _static_hint(self, rel: str) -> str:
        """"; did you mean 'static/style.css'?" for a misspelt static file (only on the way to an error),
        worked out once per name: every page of a site hits the same misspelt asset(), and each walked
        static/ again (306 s for 1,304 pages and 5,000 static files, rf47l). Only published files are
        offered: an editor's 'main.css~' was, then named itself as the fix (rf47l)."""
        hint = self._static_hints.get(rel)
        if hint is None:
            hint = self._static_hints[rel] = did_you_mean(rel, self._static_names())
        return hint

    def _static_names(self) -> list[str]:
        """The static files the site publishes: the build's assets, or (views made without them, in
        tests) its static folders walked once, leaving out what is not published."""
        if self._published is None:
            names = set(self.assets) if self.assets else {
                "static/" + rel for folder in self.config.static_dirs() if folder.is_dir()
                for f in folder.rglob("*") if published_static(rel := f.relative_to(folder).as_posix()) and f.is_file()}
            self._published = sorted(names)
        return self._published

    def logo_url(self) -> str:
        logo = self.config.site.logo
        return logo if "://" in logo else self.abs_url(self.assets.get(logo, logo))

    # Articles ---------------------------------------------------------------------------------
    def body_html(self, art: Article) -> Markup:
        md = self._md_seed if art.from_seed else self._md_editor
        env = {"image": self._body_images(art)} if art.body_images else None
        body = self.body(art)
        links = self._picture_links(art, md, body) if self.pictures.pictures else {}
        if art.body_links:  # '[the earlier report](flood.md)': the story's URL, under the base path
            links.update((href, self.url(url)) for href, url in self.site.link_urls(art).items())
        if links:
            env = {**(env or {}), "links": links}
        if "^" in body:  # maybe footnotes ('[^1]', '^[...]'): their labels, in the story's words
            env = {**(env or {}), "notes": self.note_words(art.language)}
        return Markup(against_direction(md.render(body, env), i18n.text_direction(art.language)))

    def _picture_links(self, art: Article, md: Any, body: str) -> dict[str, str]:
        """href -> URL of the largest published copy, for a link to a picture the story shows (its lead
        or one in the text): '[![Map](map.jpg)](map.jpg)', click to enlarge, led to 'map.jpg' beside the
        page, which no build publishes (review47c). Keyed as markdown-it makes a link's href; none for
        a lead the text does not name (most stories: their prose keeps the renderer's cached links).
        A link spelling the file another way ('./map.jpg', '/2025/map.jpg') is matched by the file it
        resolves to, as images.resolve finds it: it was left a dead link (rf47p)."""
        links, shown = {}, {}
        for ref in (art.image, *(src for src, _ in art.body_images)):
            picture = self.pictures.get(art.path, ref) if ref else None
            if picture is None:
                continue
            url = self.url(picture.largest("full").path)
            href = md.plain.normalizeLink(ref)
            if ref in body or href in body:
                links[ref] = links[href] = url
            shown[ref] = url
        names = {posixpath.basename(unquote(ref)).casefold() for ref in shown}
        # the names as the body may spell them: percent-encoded ('Harbour%20Map.jpg') is the file's name
        # decoded ('harbour map.jpg' was looked for in the raw body, never found: a dead link, rf48b)
        text = unquote(body).casefold() if "%" in body else body.casefold()
        if shown and any(name in text for name in names):
            links.update(self._links_by_file(art, body, shown, links))
        return links

    def _links_by_file(self, art: Article, body: str, shown: dict[str, str], known: dict[str, str]) -> dict[str, str]:
        """href -> URL for the body's local links not spelt as a picture it shows but naming its file."""
        from .content import _links
        from .images import own_picture_links
        hrefs = [href for href, _ in _links(body, "", lambda h: h not in known)]
        return {href: shown[ref] for href, ref in own_picture_links(self.config, art, hrefs).items() if ref in shown}

    def note_words(self, language: str) -> NoteWords:
        found = self._note_words.get(language)
        if found is None:
            lang = self.say_in_language(language)
            found = self._note_words[language] = NoteWords(
                self.say_in(language, "Notes"), self.say_in(language, "Back to reference %(n)s"),
                lang, i18n.text_direction(lang) if lang else "")
        return found

    def body(self, art: Article) -> str:
        return article_body(self._content, art)

    def _body_images(self, art: Article) -> Callable[[str, str, str, bool], str | None]:
        """The text's picture hook, called in the text's order. With no lead picture the first one
        shown loads at once: a photo story's opening photo is its page's largest paint on a phone,
        and loaded lazily it waited for layout (Lighthouse: 'LCP image was lazily loaded', review44f)."""
        shown = [bool(art.image)]   # whether a picture has been shown above: the lead, or one of the text's
        def hook(src: str, alt: str, title: str, alone: bool) -> str | None:
            picture = self.pictures.get(art.path, src)
            if picture is None and not is_external(src):
                return None  # not processed (a build without the image stage): CommonMark's own <img>
            lazy, shown[0] = shown[0], True
            return figures.body_figure(picture, self.url, src, alt, title, alone, lazy)
        return hook

    def lead_figure(self, art: Article) -> figures.Figure | None:
        if not art.image:
            return None
        picture = self.pictures.get(art.path, art.image)
        # a picture of another server: its address made a URL; unprocessed: as written
        src = art.image if picture else web_address(art.image) if is_external(art.image) else self.url(art.image)
        return figures.lead_figure(picture, self.url, src, art.image_alt, art.image_caption, art.image_credit)

    def article(self, index: int, body: bool = False) -> ArticleView:
        key = (index, body)
        view = self._cache.get(key)
        if view is None:
            view = self._cache[key] = self._with_body(index) if body else self._article(index)
            if body:  # bodies are big and mostly used once: keep only the most recent few hundred
                self._bodies.append(key)
                if len(self._bodies) > BODY_CACHE:
                    del self._cache[self._bodies.popleft()]
        return view

    def _with_body(self, index: int) -> ArticleView:
        """The story's view with its body: a copy of the one its teasers use, which keeps the dates
        Babel has formatted already (an article page asks for both views)."""
        body = self.body_html(self.site.articles[index])
        return _made(ArticleView, {**self.article(index).__dict__, "body_html": body})

    def _article(self, index: int) -> ArticleView:
        art = self.site.articles[index]
        tz = ZoneInfo(art.timezone) if art.timezone else self._tz
        words = art.words
        figure = self.lead_figure(art)
        return _made(ArticleView, dict(
            title=art.title,
            summary=art.summary,
            url=self.url(self.site.urls[index]),
            abs_url=self.abs_url(self.site.urls[index]),
            date=art.date.astimezone(tz),
            updated=art.updated.astimezone(tz) if art.updated and art.updated > art.date else None,   # equal: not updated
            modified=art.modified.astimezone(tz),
            authors=self._term_links(self.site.authors, index, art.authors),
            tags=self._term_links(self.site.tags, index, art.tags),
            language=art.language,
            dir=i18n.text_direction(art.language),
            reading_time=reading_minutes(words, self.config.build.words_per_minute),
            words=words,
            image=figure.src if figure else "",
            image_alt=art.image_alt,
            picture=self.pictures.get(art.path, art.image),
            figure=figure,
            corrections=tuple(CorrectionView(c.date.astimezone(tz), c.text, art.language, c.has_time, self._tz.key)
                              for c in art.corrections),
            body_html=NO_BODY,  # see _with_body
            has_time=art.has_time,
            updated_has_time=art.updated_has_time,
            date_known=art.date_known,
            foreign=art.language != self.words_language(self.chrome_language(art.language)),
            label=self._label(index, art.language),
            markdown=partial(self.body, art),
            html=self.config.build.allow_html and not art.from_seed,
            extra=art.extra,
            home_zone=self._tz.key,
        ))

    def _label(self, index: int, language: str) -> Link | None:
        kind, slug = self.site.labels[index] if self.site.labels else ("", "")
        if not kind:
            return None
        term = (self.site.sections if kind == "section" else self.site.tags)[slug]
        lang = self.label_name_lang(term.slug, self.site.edition(index), language) if kind == "section" else ""
        return Link(term.name, self.url(term.url), len(term.articles), lang=lang,
                    dir=i18n.text_direction(lang) if lang else "")

    def fallback_name_lang(self, slug: str, edition: str) -> str:
        """The main language where an edition shows a section's main name (its table has no `names`
        entry for the edition), else '': the name is marked with it wherever it shows (the menu,
        the section's heading and follow line, kickers), not read in the edition's voice."""
        main = self.config.site.language
        if not edition or edition == main:
            return ""
        return main if self.in_edition("names", edition, slug) is None else ""

    def label_name_lang(self, slug: str, edition: str, language: str) -> str:
        """fallback_name_lang for a story's section name (its kicker): in the main stream too, where
        a story in another language (editions = false, or one without an edition) is shown the main
        name: marked, or it was read in the story's voice (review48g)."""
        main = self.config.site.language
        if edition and edition != main:
            return self.fallback_name_lang(slug, edition)
        return "" if language == main else main

    def _term_links(self, terms: dict[str, Term], index: int, names: tuple[str, ...]) -> tuple[Link, ...]:
        """_term_link of each name: most are made already (a story's five names: 8k instructions a
        view through a generator and a call a name)."""
        links, table, edition = self._links, id(terms), self.site.edition(index)
        return tuple([links.get((table, edition, n)) or self._term_link(terms, index, n) for n in names])

    def _term_link(self, terms: dict[str, Term], index: int, name: str) -> Link:
        """A tag's or author's link by the name the article gives it, made once per name and edition:
        a byline is the story's own credit, not the page's heading (one story's 'Jose Garcia' renamed
        José García on all his stories, review50h 6; 王薇's was credited to 王伟, review46b). Its name is
        marked as on /tags/ and /authors/ (term_script), against the theme's words around a story's
        topics and byline: a Hebrew topic or reporter on an English site's story was read in English."""
        edition = self.site.edition(index)
        key = (id(terms), edition, name)
        link = self._links.get(key)
        if link is None:
            term = self.site.term(terms, index, name)
            script = self.term_script(term, self.words_language(edition or self.config.site.language))
            link = self._links[key] = Link(name, self.url(term.url), len(term.articles), "", *script)
        return link

    def _edition_terms(self, terms: dict[str, Term], edition: str) -> list[Term]:
        """The terms of one edition (its keys carry the edition's prefix; the main one's none)."""
        if not self.editions:
            return list(terms.values())
        if edition:
            return [t for k, t in terms.items() if k.startswith(edition + "/")]
        others = tuple(e + "/" for e in self.editions)
        return [t for k, t in terms.items() if not k.startswith(others)]

    def term_links(self, terms: dict[str, Term], edition: str = "") -> list[Link]:
        """Terms grouped by initial (_initial: 'Élysée' under E, 'Экономика' under Э on a Russian page,
        digits and other scripts under '#') for the index's jump links, in the initials' order and
        within one by slug, or by name where the initial is no Latin letter (the transliteration put
        'Ах' after 'Аш'); a topic's or author's name marked with its stories' language where it is
        not the page's (term_script)."""
        language = edition or self.config.site.language
        page, pinyin = letters_of(language), bool(chinese_script(language))
        rows = []
        for t in self._edition_terms(terms, edition):
            initial = _initial(t.name, t.slug, page, pinyin)
            rows.append((initial, t.slug if initial.isascii() else _bare(t.name).casefold(), t.slug,
                         Link(t.name, self.url(t.url), len(t.articles), initial,
                              *self.term_script(t, language))))
        rows.sort(key=lambda row: row[:3])
        return [row[3] for row in rows]

    def term_script(self, term: Term, language: str) -> tuple[str, str]:
        """site.term_script, once per topic or author and language (each of its pages asks)."""
        found = self._scripts.get((term.url, language))
        if found is None:
            found = self._scripts[term.url, language] = term_script(self.site, term, language)
        return found

    def month_links(self, edition: str = "") -> list[Link]:
        """Archive months, newest first, named 'January 2025' and grouped by year."""
        language = edition or self.config.site.language
        return [Link(month_title(t.slug, language), self.url(t.url), len(t.articles), t.slug[:4])
                for t in reversed(self._edition_terms(self.site.months, edition))]

    def term_title(self, page: Page) -> str:
        """The heading of a tag, author or archive page."""
        term = self.term_of(page)
        if term is None:
            return ""
        language = page.edition or self.config.site.language
        return month_title(term.slug, language) if page.kind == "archive" else term.name

    def author_info(self, name: str) -> AuthorView | None:
        """authors.toml's entry for an author, looked up by name (or one typed another way at the
        same page), or None: 王伟's bio and photo are not 王薇's, whose name slugs alike (review46b), nor
        those of a 'Wang Wei' whose page is another (its own `slug`, or the oldest homophone's: rf51d 2)."""
        from .content import names_differ, slug_of
        people, own = self.config.authors, self.site.author_slugs
        page = own.get(name) or slug_of(name)
        entry = people.get(name) or next((e for n, e in people.items()
                                          if (own.get(n) or slug_of(n)) == page and not names_differ(n, name)), None)
        if entry is None or not (entry.bio or entry.photo or entry.links):   # an entry with a slug alone shows nothing
            return None
        photo = entry.photo
        if photo and "://" not in photo:   # a copy without the file's EXIF (its GPS location) when images made one
            shown = self.pictures.author_photo(photo)
            photo = self.url(shown.path) if shown is not None else self.asset(photo)
        return AuthorView(entry.bio, photo, tuple(entry.links))

    def _term_script(self, page: Page, term: Term | None, language: str) -> tuple[str, str]:
        """(lang, dir) of a list page's term name where it is not the page's: a topic's or
        author's (term_script), a section's main name shown in another edition (fallback_name_lang)."""
        if term is None:
            return "", ""
        if page.kind in ("tag", "author"):
            return self.term_script(term, language)
        lang = self.fallback_name_lang(term.slug, page.edition) if page.kind == "section" else ""
        return (lang, i18n.text_direction(lang)) if lang else ("", "")

    def term_description(self, page: Page) -> str:
        """A section's description from site.toml ('' elsewhere)."""
        term = self.term_of(page) if page.kind == "section" else None
        return self.section_description(term.slug, page.edition) if term else ""

    def section_description(self, slug: str, edition: str = "") -> str:
        info = section_infos(self.config).get(slug)
        if info is None:
            return ""
        found = self.in_edition("descriptions", edition, slug)
        return info.description if found is None else found

    # Pages ------------------------------------------------------------------------------------
    def pager(self, page: Page) -> Pager:
        base = page.url if page.number == 1 else page.url.rsplit("page/", 1)[0]
        def at(n: int) -> str:
            if n < 1 or n > page.total:
                return ""
            return self.url(base if n == 1 else f"{base}page/{n}/")
        return _made(Pager, {"number": page.number, "total": page.total, "prev_url": at(page.number - 1),
                             "next_url": at(page.number + 1)})

    def term_of(self, page: Page) -> Term | None:
        table = self._terms.get(page.kind)
        return table.get(page.term) if table is not None else None

    def site_context(self, edition: str = "") -> dict[str, Any]:
        found = self._site_ctx.get(edition)
        if found is None:
            found = self._site_ctx[edition] = self._site_context(edition)
        return found

    def _site_context(self, edition: str) -> dict[str, Any]:
        cfg = self.config.site
        language = edition or cfg.language
        # an edition shows the main title, description and section names it has none of: their
        # language is marked, so a screen reader does not read English in a Japanese voice
        main = "" if language == cfg.language else cfg.language
        infos = section_infos(self.config)
        return Fields({
            "title": self.title(edition), "description": self.description(edition), "language": language,
            "feed_title": self.feed_title(edition),   # _head.html's autodiscovery links
            "dir": i18n.text_direction(language),
            "words_lang": self.words_language(language),   # _macros.html's words_lang
            "words_dir": i18n.text_direction(self.words_language(language)),
            "title_lang": main if main and self.in_edition("titles", edition) is None else "",
            "description_lang": main if main and self.in_edition("descriptions", edition) is None else "",
            "main_dir": i18n.text_direction(cfg.language),
            "copyright_lang": main if main and cfg.copyright else "",   # site.toml's one line, in its language
            "main_lang": main,   # another edition's: what the site's files say once (authors.toml's bios) is in it
            # site.toml's publisher, else the title: the main one where this edition has none
            "publisher_lang": main if main and (cfg.publisher or self.in_edition("titles", edition) is None) else "",
            "base_url": self.base_url, "base_path": self.base_path,
            "publisher": cfg.publisher or self.title(edition), "logo": self.logo_url(), "copyright": cfg.copyright,
            "search": self.config.search.enabled,
            "sections": [Link(t.name, self.url(t.url), len(t.articles),
                              lang=self.fallback_name_lang(t.slug, edition) if t.slug in infos else "")
                         for t in self._edition_terms(self.site.sections, edition)],
            "editions": self.edition_links(),   # [name, url, group=language] when the site has several
        })

    def page_context(self, page: Page) -> dict[str, Any]:
        edition = self.site.edition(page.articles[0]) if page.kind == "article" else page.edition
        language = edition or self.config.site.language
        term = self.term_of(page)
        ctx: dict[str, Any] = {
            "site": self.site_context(edition),
            "page": Fields(kind=page.kind, url=self.url(page.url), abs_url=self.abs_url(page.url),
                           number=page.number, total=page.total,
                           noindex=noindex(page, self.site.held)),
            "pager": self.pager(page),
            "url": self.edition_url(edition),
            "abs_url": self.edition_abs_url(edition),
            "asset": self.theme_asset,
            "articles": [self.article(i) for i in page.articles],
            "term": term,
            "term_url": self.url(term.url) if term else "",
            "term_title": self.term_title(page),
            "term_script": self._term_script(page, term, language),
            "term_description": self.term_description(page),
            "lang": language,
            "dir": i18n.text_direction(language),
            "translations": [],
            "switch": (),
            "author": self.author_info(term.name) if page.kind == "author" and term else None,
            # every variable base.html lists is on every page (a site's base.html may test `{% if article %}`):
            # what only a story page or a list of terms has is Absent elsewhere (false, empty, not defined)
            **_ABSENT,
        }
        if page.kind == "article":
            index = page.articles[0]
            art = self.article(index, body=True)
            newer, older = self.site.neighbours(index)
            ctx.update(
                article=art, lang=art.language, dir=art.dir,
                related=[self.article(i) for i in self.site.related[index]],
                newer=self.article(newer) if newer >= 0 else None,
                older=self.article(older) if older >= 0 else None,
                translations=self.other_languages(index),
                switch=self.switch(index),
            )
        elif page.kind in ("tags", "authors", "archives"):
            table = {"tags": self.site.tags, "authors": self.site.authors}.get(page.kind)
            ctx["terms"] = self.term_links(table, edition) if table is not None else self.month_links(edition)
        return ctx


# Right-to-left letters: Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic and their presentation forms
_RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_LETTER = LazyPattern(r"[^\W\d_]")
# the right-to-left letters alone: not Hebrew points, Arabic harakat (marks) or Arabic-Indic digits,
# which _LETTER does not count either (rf50f 2)
_RTL_ONLY_LETTER = LazyPattern("(?=[^\\W\\d_])[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# a block's start tag; '[^<>]' as a '<p ' without its '>' read on to the next '>' (or the end) at each
_DIRECTED_OPEN = LazyPattern(r"<(p|h[2-6]|li)((?: [^<>]*)?)>")
# Where a block ends: at its end tag, or where HTML ends it when the tag is left out ('<li>One<li>Two</ul>'
# is valid HTML). A lazy '(.*?)</li>' read on to the body's end at each such item and failed: an Arabic
# story's list cost its length squared, and the item got no dir (review52e 1). The first of these wins.
_BLOCK_STARTS = r"p|h[1-6]|ul|ol|li|dl|div|pre|blockquote|table|figure|hr|section|article|aside|header|footer|nav|form"
_BLOCK_END = {
    "li": LazyPattern(r"</li>|(?=<li[\s/>]|</[ou]l>)"),
    "p": LazyPattern(rf"</p>|(?=<(?:{_BLOCK_STARTS})[\s/>]|</(?:div|li|dd|blockquote|td|th|section|article|figure)>)"),
    **{f"h{n}": LazyPattern(rf"</h{n}>|(?=<(?:{_BLOCK_STARTS})[\s/>])") for n in range(2, 7)},
}
_TAG_OR_ENTITY = LazyPattern(r"<[^<>]*>|&#?\w+;")   # ('[^<>]': a '<' with no '>' read on to the end at each)
# What no reader reads as prose of either direction: code spans, web and mail addresses shown as
# text (an Arabic statement citing its web page was laid out left to right, rf51b 3)
_CODE = LazyPattern(r"<code[ >].*?</code>", re.S)
# a mail address starts where its run of non-spaces does (the lookbehind): tried at each character of
# a run, '[^\s@]+' read it to its end, a Chinese paragraph holding an '@' cost its length squared (rr52b 3)
_ADDRESS = LazyPattern(r"(?:https?://|www\.)\S+|(?<![^\s@])[^\s@]+@[^\s@]+\.\w+")


def against_direction(html: str, direction: str) -> str:
    """A body's paragraphs, headings and list items written mostly in a script of the other direction
    than the story's get their own dir: an English story quoting a minister in Arabic laid the quote
    out left to right, its full stop beside its first word, and Markdown has no way to mark it
    (review50f 8). By the majority of letters, not the first (dir="auto"): an Arabic paragraph
    opening with 'NASA' is still Arabic. Blocks in the story's own direction are left as they are."""
    if direction != "rtl" and not _RTL_LETTER.search(html):
        return html
    out, done = [], 0
    while opened := _DIRECTED_OPEN.search(html, done):
        end = _BLOCK_END[opened[1]].search(html, opened.end())
        inner = html[opened.end():end.start() if end else len(html)]
        out += [html[done:opened.start()], _directed(direction, opened[1], opened[2], inner), inner]
        done = end.start() if end else len(html)   # (its end tag, if any, is copied with what follows)
    return "".join(out) + html[done:]


def _directed(direction: str, tag: str, attrs: str, inner: str) -> str:
    """A block's start tag, with a dir when its text runs against the story's direction."""
    if " dir=" in attrs:
        return f"<{tag}{attrs}>"
    text = _TAG_OR_ENTITY.sub("", inner)
    if "<code" in inner or "@" in text or "://" in text or "www." in text:
        coded = inner.rfind("</code>") + 7 if "</code>" in inner else 0   # no code span ends after it, where
        # '.*?' read on to the end at each '<code>': its length squared (rr53a 2)
        prose = _ADDRESS.sub(" ", _TAG_OR_ENTITY.sub("", _CODE.sub(" ", inner[:coded]) + inner[coded:]))
        text = prose if _LETTER.search(prose) else text   # (a block of an address alone: by its letters)
    letters, rtl = len(_LETTER.findall(text)), len(_RTL_ONLY_LETTER.findall(text))
    own = "rtl" if rtl * 2 > letters else "ltr" if rtl * 2 < letters else direction
    return f"<{tag}{attrs}>" if own == direction else f'<{tag}{attrs} dir="{own}">'
