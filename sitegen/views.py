"""Plain view objects for templates and generators: what a page shows, with URLs made final.

URLs inside the site are written as absolute paths under the base path (`/news/2025/01/x/`),
so the site works at the domain root or under any sub-path; feeds, canonical links and
structured data use absolute URLs (`https://example.org/news/2025/01/x/`).
"""
from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from markupsafe import Markup

from . import figures, seo
from .content import Article
from .images import ImageSet, Picture, is_external
from .site import Page, Site, Term

if TYPE_CHECKING:
    from .render import MarkdownRenderer

BODY_CACHE = 512  # rendered bodies kept per process: memory stays flat at 100,000 articles
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "ps", "sd", "yi", "dv", "ug", "ku"})
# English names, not strftime's %B: the C library's locale must not change the output.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def human_date(dt: datetime) -> str:
    """'19 January 2025'."""
    return f"{dt.day} {MONTHS[dt.month - 1]} {dt.year}"


def human_datetime(dt: datetime) -> str:
    """'19 January 2025, 08:30 GMT': readers need the time and its zone on news."""
    return f"{human_date(dt)}, {dt:%H:%M} {dt.tzname()}"


def month_title(key: str) -> str:
    """'2025/01' -> 'January 2025'."""
    year, month = key.split("/")
    return f"{MONTHS[int(month) - 1]} {year}"


@dataclass(frozen=True, slots=True)
class Link:
    name: str
    url: str            # site path under the base path
    count: int = 0
    group: str = ""     # e.g. the year of an archive month, for grouped indexes


@dataclass(frozen=True, slots=True)
class CorrectionView:
    date: datetime
    text: str

    @property
    def date_text(self) -> str:
        return human_datetime(self.date)


@dataclass(frozen=True)
class ArticleView:
    title: str
    summary: str
    url: str
    abs_url: str
    date: datetime                  # in the site's time zone
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
    body_html: Markup               # empty unless asked for

    @property
    def date_text(self) -> str:
        return human_datetime(self.date)

    @property
    def day_text(self) -> str:
        return human_date(self.date)

    @property
    def updated_text(self) -> str:
        return human_datetime(self.updated) if self.updated else ""


@dataclass(frozen=True)
class Pager:
    number: int
    total: int
    prev_url: str
    next_url: str


class Views:
    """Builds views for one Site. One per worker; article views are cached per process."""

    def __init__(self, site: Site, md_seed: MarkdownRenderer, md_editor: MarkdownRenderer, assets: dict[str, str],
                 pictures: ImageSet | None = None):
        self.site, self.config = site, site.config
        self._md_seed, self._md_editor, self.assets = md_seed, md_editor, assets
        self.pictures = pictures or ImageSet()
        self.base_path = self.config.base_path
        self.base_url = self.config.site.base_url
        parts = urlsplit(self.base_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self._cache: dict[tuple[int, bool], ArticleView] = {}
        self._bodies: deque[tuple[int, bool]] = deque()
        self._site_ctx: dict[str, Any] | None = None
        self._links: dict[tuple[int, str], Link] = {}

    # URLs -------------------------------------------------------------------------------------
    def url(self, path: str) -> str:
        """Site-relative '/x/' -> '/base/x/'."""
        return self.base_path + path.lstrip("/")

    def abs_url(self, path: str) -> str:
        """Site-relative '/x/' -> 'https://example.org/base/x/' (base_url always ends in '/')."""
        return self.base_url + path.lstrip("/")

    def absolute(self, url: str) -> str:
        """A URL as views give it ('/news/x/' or 'https://...') made absolute."""
        if url.startswith("/") and not url.startswith("//"):
            return self.origin + url  # urljoin costs ~50 us; this is the common case
        return urljoin(self.base_url, url)

    def asset(self, path: str) -> str:
        """A static file's URL, fingerprinted when the build fingerprinted it."""
        path = path.lstrip("/")
        return self.url(self.assets.get(path, path))

    def logo_url(self) -> str:
        logo = self.config.site.logo
        return logo if "://" in logo else self.abs_url(self.assets.get(logo, logo))

    # Articles ---------------------------------------------------------------------------------
    def body_html(self, art: Article) -> Markup:
        md = self._md_seed if art.from_seed else self._md_editor
        env = {"image": lambda src, alt, title, alone: self._body_image(art, src, alt, title, alone)}
        return Markup(md.render(art.body, env if art.body_images else None))

    def _body_image(self, art: Article, src: str, alt: str, title: str, alone: bool) -> str | None:
        picture = self.pictures.get(art.path, src)
        if picture is None and not is_external(src):
            return None  # not processed (a build without the image stage): CommonMark's own <img>
        return figures.body_figure(picture, self.url, src, alt, title, alone)

    def lead_figure(self, art: Article) -> figures.Figure | None:
        if not art.image:
            return None
        picture = self.pictures.get(art.path, art.image)
        src = art.image if picture or is_external(art.image) else self.url(art.image)  # unprocessed: as written
        return figures.lead_figure(picture, self.url, src, art.image_alt, art.image_caption, art.image_credit)

    def article(self, index: int, body: bool = False) -> ArticleView:
        key = (index, body)
        view = self._cache.get(key)
        if view is None:
            view = self._cache[key] = self._article(index, body)
            if body:  # bodies are big and mostly used once: keep only the most recent few hundred
                self._bodies.append(key)
                if len(self._bodies) > BODY_CACHE:
                    del self._cache[self._bodies.popleft()]
        return view

    def _article(self, index: int, body: bool) -> ArticleView:
        art, tz = self.site.articles[index], self.config.tz
        words = art.words
        figure = self.lead_figure(art)
        return ArticleView(
            title=art.title,
            summary=art.summary,
            url=self.url(self.site.urls[index]),
            abs_url=self.abs_url(self.site.urls[index]),
            date=art.date.astimezone(tz),
            updated=art.updated.astimezone(tz) if art.updated else None,
            modified=art.modified.astimezone(tz),
            authors=tuple(self._term_link(self.site.authors, n) for n in art.authors),
            tags=tuple(self._term_link(self.site.tags, n) for n in art.tags),
            language=art.language,
            dir="rtl" if art.language in RTL_LANGUAGES else "ltr",
            reading_time=max(1, math.ceil(words / self.config.build.words_per_minute)),
            words=words,
            image=figure.src if figure else "",
            image_alt=art.image_alt,
            picture=self.pictures.get(art.path, art.image),
            figure=figure,
            corrections=tuple(CorrectionView(c.date.astimezone(tz), c.text) for c in art.corrections),
            body_html=self.body_html(art) if body else Markup(""),
        )

    def _term_link(self, terms: dict[str, Term], name: str) -> Link:
        """A tag's or author's link by the name an article gives it; made once per name."""
        key = (id(terms), name)
        link = self._links.get(key)
        if link is None:
            from .content import slug_of
            term = terms[slug_of(name)]
            link = self._links[key] = Link(term.name, self.url(term.url), len(term.articles))
        return link

    def term_links(self, terms: dict[str, Term]) -> list[Link]:
        return [Link(t.name, self.url(t.url), len(t.articles)) for t in terms.values()]

    def month_links(self) -> list[Link]:
        """Archive months, newest first, named 'January 2025' and grouped by year."""
        return [Link(month_title(t.slug), self.url(t.url), len(t.articles), t.slug[:4])
                for t in reversed(self.site.months.values())]

    def term_title(self, page: Page) -> str:
        """The heading of a tag, author or archive page."""
        term = self.term_of(page)
        if term is None:
            return ""
        return month_title(term.slug) if page.kind == "archive" else term.name

    # Pages ------------------------------------------------------------------------------------
    def pager(self, page: Page) -> Pager:
        base = page.url if page.number == 1 else page.url.rsplit("page/", 1)[0]
        def at(n: int) -> str:
            if n < 1 or n > page.total:
                return ""
            return self.url(base if n == 1 else f"{base}page/{n}/")
        return Pager(page.number, page.total, at(page.number - 1), at(page.number + 1))

    def term_of(self, page: Page) -> Term | None:
        table = {"tag": self.site.tags, "author": self.site.authors, "archive": self.site.months}.get(page.kind)
        return table.get(page.term) if table is not None else None

    def site_context(self) -> dict[str, Any]:
        if self._site_ctx is None:
            self._site_ctx = self._site_context()
        return self._site_ctx

    def _site_context(self) -> dict[str, Any]:
        cfg = self.config.site
        return {
            "title": cfg.title, "description": cfg.description, "language": cfg.language,
            "dir": "rtl" if cfg.language in RTL_LANGUAGES else "ltr",
            "base_url": self.base_url, "base_path": self.base_path,
            "publisher": cfg.publisher or cfg.title, "logo": self.logo_url(), "copyright": cfg.copyright,
            "search": self.config.search.enabled,
        }

    def page_context(self, page: Page) -> dict[str, Any]:
        ctx: dict[str, Any] = {
            "site": self.site_context(),
            "page": {"kind": page.kind, "url": self.url(page.url), "abs_url": self.abs_url(page.url),
                     "number": page.number, "total": page.total},
            "pager": self.pager(page),
            "url": self.url,
            "abs_url": self.abs_url,
            "asset": self.asset,
            "articles": [self.article(i) for i in page.articles],
            "term": self.term_of(page),
            "term_title": self.term_title(page),
            "lang": self.config.site.language,
            "dir": "rtl" if self.config.site.language in RTL_LANGUAGES else "ltr",
        }
        if page.kind == "article":
            index = page.articles[0]
            art = self.article(index, body=True)
            ctx.update(
                article=art, lang=art.language, dir=art.dir,
                related=[self.article(i) for i in self.site.related[index]],
                newer=self.article(index - 1) if index > 0 else None,
                older=self.article(index + 1) if index + 1 < len(self.site.articles) else None,
            )
        elif page.kind in ("tags", "authors", "archives"):
            table = {"tags": self.site.tags, "authors": self.site.authors}.get(page.kind)
            ctx["terms"] = self.term_links(table) if table is not None else self.month_links()
        ctx["seo"] = seo.page_seo(self, page, ctx)  # structured data, social cards (sitegen/seo.py)
        return ctx
