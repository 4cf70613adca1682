"""Articles -> Site: publishing rules, taxonomies, pagination, URLs and output paths. No I/O.

Every output the build will write is decided here, as a `Page`, before anything is rendered, so
two pages claiming one URL are refused up front and the build knows each output's inputs.
"""
from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby, islice

from .config import Config
from .content import Article, ContentError, slug_of


class SiteError(Exception):
    """The articles cannot form a site (e.g. two articles claim one URL)."""


@dataclass(frozen=True)  # no slots: the build cache pickles thousands, and slots pickle in Python
class Term:
    """A tag, an author or a month: a name, its URL and its articles (indices, newest first)."""
    name: str
    slug: str
    url: str
    articles: tuple[int, ...]


@dataclass(frozen=True)  # no slots: the build cache pickles thousands, and slots pickle in Python
class Page:
    kind: str                      # article, index, tag, tags, author, authors, archive, archives, 404,
                                   # search, feed, sitemap, news_sitemap, robots
    url: str                       # site-relative, starts with '/'
    output: str                    # path under public/, posix
    template: str = ""             # Jinja template for HTML pages; '' for generated files
    articles: tuple[int, ...] = ()  # articles listed (or the one article for kind 'article')
    term: str = ""                 # tag/author slug or 'YYYY/MM' for taxonomy pages
    number: int = 1                # pagination
    total: int = 1
    fmt: str = ""                  # feeds: atom, rss, json


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

    @property
    def left_out_total(self) -> int:
        return sum(self.left_out.values())


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


def article_url(config: Config, art: Article) -> str:
    local = art.date.astimezone(config.tz)
    return config.build.permalink.format(
        year=f"{local.year:04d}", month=f"{local.month:02d}", day=f"{local.day:02d}",
        slug=art.slug, language=art.language,
    )


def _checked_url(config: Config, art: Article) -> str:
    url = article_url(config, art)
    try:
        output_path(url)
    except SiteError as exc:
        raise ContentError(art.path, str(exc)) from None
    return url


def output_path(url: str) -> str:
    """'/2025/01/x/' -> '2025/01/x/index.html'; '/feed.xml' -> 'feed.xml'. Refuses escapes."""
    parts = [p for p in url.split("/") if p]
    if any(p in (".", "..") or "\\" in p or "\0" in p for p in parts):
        raise SiteError(f"URL {url!r} would escape the output folder; fix the slug or permalink pattern")
    if url.endswith("/"):
        parts.append("index.html")
    return "/".join(parts)


def _terms(names_per_article: list[tuple[str, ...]], prefix: str) -> dict[str, Term]:
    """Group article indices under each name's slug; the first spelling seen (newest article) wins."""
    by_slug: dict[str, list[int]] = defaultdict(list)
    spelling: dict[str, str] = {}
    for index, names in enumerate(names_per_article):
        for name in names:
            slug = slug_of(name)
            if not by_slug[slug] or by_slug[slug][-1] != index:
                by_slug[slug].append(index)
            spelling.setdefault(slug, name)
    return {
        slug: Term(spelling[slug], slug, f"{prefix}{slug}/", tuple(ids))
        for slug, ids in sorted(by_slug.items())
    }


def _related(index: int, art: Article, tags: dict[str, Term], limit: int) -> tuple[int, ...]:
    """Articles sharing a tag, most recent first (lower index = newer)."""
    lists = [tags[slug_of(t)].articles for t in art.tags]
    merged = (i for i, _ in groupby(heapq.merge(*lists)) if i != index)  # groupby: each index once
    return tuple(islice(merged, limit))


def _paginate(kind: str, template: str, base: str, ids: tuple[int, ...], size: int, term: str = "") -> list[Page]:
    chunks = [ids[i:i + size] for i in range(0, len(ids), size)] or [()]
    pages = []
    for n, chunk in enumerate(chunks, start=1):
        url = base if n == 1 else f"{base}page/{n}/"
        pages.append(Page(kind, url, output_path(url), template, chunk, term, n, len(chunks)))
    return pages


def _feeds(base: str, ids: tuple[int, ...], entries: int, term: str, kind: str, formats: tuple[str, ...]) -> list[Page]:
    names = {"atom": "feed.xml", "rss": "rss.xml", "json": "feed.json"}
    return [
        Page("feed", f"{base}{names[fmt]}", output_path(f"{base}{names[fmt]}"), "", ids[:entries], term, fmt=fmt)
        for fmt in formats
    ] if kind else []


def plan_pages(config: Config, articles: tuple[Article, ...], urls: tuple[str, ...],
               tags: dict[str, Term], authors: dict[str, Term], months: dict[str, Term]) -> list[Page]:
    size, entries = config.build.page_size, config.feeds.entries
    everything = tuple(range(len(articles)))
    pages = [Page("article", url, output_path(url), "article.html", (i,)) for i, url in enumerate(urls)]
    pages += _paginate("index", "index.html", "/", everything, size)
    pages.append(Page("tags", "/tags/", "tags/index.html", "tags.html"))
    for term in tags.values():
        pages += _paginate("tag", "tag.html", term.url, term.articles, size, term.slug)
        pages += _feeds(term.url, term.articles, entries, term.slug, "tag" if config.feeds.per_tag else "", ("atom", "rss"))
    pages.append(Page("authors", "/authors/", "authors/index.html", "authors.html"))
    for term in authors.values():
        pages += _paginate("author", "author.html", term.url, term.articles, size, term.slug)
        pages += _feeds(term.url, term.articles, entries, term.slug, "author" if config.feeds.per_author else "", ("atom", "rss"))
    pages.append(Page("archives", "/archive/", "archive/index.html", "archives.html"))
    for term in months.values():
        pages += _paginate("archive", "archive.html", term.url, term.articles, size, term.slug)
    pages += _feeds("/", everything, entries, "", "site", ("atom", "rss", "json"))
    pages.append(Page("404", "/404.html", "404.html", "404.html"))
    if config.search.enabled:
        pages.append(Page("search", "/search/", "search/index.html", "search.html"))
    pages += sitemap_pages(pages)
    pages.append(Page("news_sitemap", "/news-sitemap.xml", "news-sitemap.xml", articles=everything))
    pages.append(Page("robots", "/robots.txt", "robots.txt"))
    pages.append(Page("headers", "/_headers", "_headers"))
    return pages


SITEMAP_LIMIT = 50_000  # URLs per sitemap file (sitemaps.org)


def in_sitemap(page: Page) -> bool:
    return bool(page.template) and page.kind not in ("404", "search")


def sitemap_pages(pages: list[Page], limit: int = SITEMAP_LIMIT) -> list[Page]:
    """sitemap.xml alone, or a sitemap index over sitemap-N.xml parts of at most `limit` URLs."""
    total = -(-sum(1 for p in pages if in_sitemap(p)) // limit)
    if total <= 1:
        return [Page("sitemap", "/sitemap.xml", "sitemap.xml")]
    return [Page("sitemap_index", "/sitemap.xml", "sitemap.xml", total=total)] + [
        Page("sitemap", f"/sitemap-{n}.xml", f"sitemap-{n}.xml", number=n, total=total) for n in range(1, total + 1)]


def check_collisions(pages: list[Page], articles: tuple[Article, ...]) -> None:
    owner: dict[str, Page] = {}
    problems = []
    for page in pages:
        other = owner.setdefault(page.output, page)
        if other is page:
            continue
        def who(p: Page) -> str:
            return articles[p.articles[0]].path if p.kind == "article" else f"the {p.kind} page"
        problems.append(f"{who(other)} and {who(page)} both claim {page.url}; change one slug or date")
    if problems:
        raise SiteError("\n".join(problems))


def build_site(config: Config, articles: list[Article], now: datetime, *, drafts: bool = False,
               future: bool = False) -> Site:
    """Apply the publishing rules and plan every output. Raises SiteError before anything is written."""
    kept, left_out = publishable(articles, now, drafts, future)
    ordered = tuple(sorted(kept, key=lambda a: (a.date, a.path), reverse=True))
    urls = tuple(_checked_url(config, a) for a in ordered)
    tags = _terms([a.tags for a in ordered], "/tags/")
    authors = _terms([a.authors for a in ordered], "/authors/")
    # not strftime("%Y"): glibc writes year 1 as "1", where the article's own URL has "0001"
    month_names = [(f"{d.year:04d}/{d.month:02d}",) for d in (a.date.astimezone(config.tz) for a in ordered)]
    months = {
        key: Term(key, key, f"/archive/{key}/", term.articles)
        for key, term in ((t.name, t) for t in _terms(month_names, "/archive/").values())
    }
    related = tuple(_related(i, a, tags, config.build.related) for i, a in enumerate(ordered))
    pages = plan_pages(config, ordered, urls, tags, authors, months)
    check_collisions(pages, ordered)
    return Site(config, ordered, urls, related, tags, authors, months, tuple(pages), left_out, now=now)
