"""sitemap.xml (or a sitemap index over parts), news-sitemap.xml and robots.txt. No I/O.

Which pages a sitemap lists, and how many parts there are, is planned in site.py
(`in_sitemap`, `sitemap_pages`); this module only writes them. lastmod is an article page's
`modified` (the day alone when it has no time of day): never the build's clock, so unchanged
sites give unchanged files. A list page (front, section, topic, author, archive, their later pages
and indexes) has none, nor has a row of the sitemap index: see lastmod.
"""
from __future__ import annotations

from datetime import timedelta

from .content import Article
from .feeds import rfc3339, x, x_once
from .langtag import chinese_script
from .site import Page, in_sitemap
from .views import Views

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"   # Google's sitemap alternates: <xhtml:link hreflang>
NEWS_WINDOW = timedelta(days=2)   # Google News: only articles published in the last two days
NEWS_LIMIT = 1_000                # ... and at most 1,000 of them
_XML = '<?xml version="1.0" encoding="UTF-8"?>\n'


def listed_pages(views: Views, sitemap: Page) -> list[Page]:
    """The pages one sitemap lists: its edition's (a site without editions has only the one), as
    site.sitemap_pages counted them (no held story: its page is noindex)."""
    site = views.site
    pages = [p for p in site.pages if in_sitemap(p, site.held) and p.edition == sitemap.edition]
    return part(pages, sitemap.number, sitemap.total) if sitemap.total > 1 else pages


def part(pages: list[Page], number: int, total: int) -> list[Page]:
    """Part `number` of `total` near-equal parts (site.sitemap_pages chose total so each fits)."""
    size = -(-len(pages) // total)
    return pages[(number - 1) * size:number * size]


def lastmod(page: Page) -> int | None:
    """The article whose last change is a page's <lastmod>: an article page's own; None for a list
    page. A list's was its newest story's, which moved BACKWARD when that story was taken down
    while the page itself changed (review44j): crawlers were told their cached copy, headline and
    all, was newer. A stamp both stable (the same sources give the bytes a clean build gives) and
    never going back would need a record of each list's past, so a list gives none, as sitemaps.org
    allows: crawlers then fetch it on their own schedule, and are never told a wrong time."""
    return page.articles[0] if page.kind == "article" and page.articles else None


def stamp(art: Article) -> str:
    """<lastmod>'s text: the stamp, or the day alone (a W3C date, as sitemap.xsd allows) when the
    change has no known time of day: a day-only story's lastmod was a made-up midnight (review43c)."""
    return rfc3339(art.modified) if art.modified_has_time else art.modified.date().isoformat()


def _links(pairs: list[tuple[str, str]]) -> str:
    return "".join(f'<xhtml:link rel="alternate" hreflang="{x(lang)}" href="{x(url)}"/>' for lang, url in pairs)


def render_sitemap(views: Views, page: Page) -> bytes:
    pages = listed_pages(views, page)
    base = views.base_url   # ends in '/', page URLs start with it
    rows, linked = [], False
    articles = views.site.articles
    for p in pages:
        i = lastmod(p)
        text = "" if i is None else f"<lastmod>{stamp(articles[i])}</lastmod>"
        pairs = views.alternates(p)
        links = _links(pairs) if pairs else ""  # most pages have no other language version
        linked = linked or bool(links)
        rows.append(f"<url><loc>{x_once(base + p.url[1:])}</loc>{text}{links}</url>\n")
    xhtml = f' xmlns:xhtml="{XHTML_NS}"' if linked else ""   # a site without alternates: as before
    return (f'{_XML}<urlset xmlns="{SITEMAP_NS}"{xhtml}>\n{"".join(rows)}</urlset>\n').encode("utf-8")


def render_sitemap_index(views: Views, page: Page) -> bytes:
    """The index of the sitemaps, each row without <lastmod>: its child's newest story went back
    when that story was taken down, and stayed when a translation's hreflang link changed the
    child (rf45a), the fault lastmod() names for list pages; crawlers fetch it on their schedule."""
    rows = [f"<sitemap><loc>{x(views.abs_url(p.url))}</loc></sitemap>\n"
            for p in views.site.pages if p.kind == "sitemap"]
    return f'{_XML}<sitemapindex xmlns="{SITEMAP_NS}">\n{"".join(rows)}</sitemapindex>\n'.encode("utf-8")


def news_articles(views: Views) -> list[int]:
    """Indices of articles published within NEWS_WINDOW before the build's clock, newest first,
    leaving out drafts and those whose date is only the day they were first converted."""
    site = views.site
    if not site.articles:
        return []
    # A Site planned without a clock (tests, tools) counts back from its newest article instead.
    now = site.now or site.articles[0].date
    start = now - NEWS_WINDOW
    # A stand-in date (first conversion) is not a publication date Google News may trust; a draft
    # a --drafts preview shows is not out (as --future's stories ahead are not, by the window).
    chosen = [i for i, a in enumerate(site.articles) if start <= a.date <= now and a.date_known and not a.draft]
    return chosen[:NEWS_LIMIT]


def news_language(language: str) -> str:
    """<news:language>: Google takes a bare ISO 639 code ('pt', not 'pt-br'), except Chinese,
    which must be 'zh-cn' (Simplified) or 'zh-tw' (Traditional), by the script written, not the region
    ('zh-hans-hk' is zh-cn), Mandarin ('cmn') too; an article's language is BCP 47."""
    script = chinese_script(language)
    if script:
        return "zh-tw" if script == "hant" else "zh-cn"
    return language.partition("-")[0]


def publication_date(art: Article) -> str:
    """The stamp, or the day alone (W3C 'complete date', which Google News takes) when the story
    gives no time of day: midnight would tell Google News when it was published, and it was not."""
    return rfc3339(art.date) if art.has_time else art.date.date().isoformat()


def render_news_sitemap(views: Views, page: Page) -> bytes:
    cfg = views.config.site
    names = {}   # by edition: [site] publisher, else the edition's title, as the pages' JSON-LD says
    rows = []
    for i in news_articles(views):
        art = views.site.articles[i]
        edition = views.edition_for(art.language)
        name = names.get(edition) or names.setdefault(edition, x(cfg.publisher or views.title(edition)))
        rows.append(
            f"<url><loc>{x(views.abs_url(views.site.urls[i]))}</loc><news:news>"
            f"<news:publication><news:name>{name}</news:name><news:language>{x(news_language(art.language))}</news:language>"
            f"</news:publication><news:publication_date>{publication_date(art)}</news:publication_date>"
            f"<news:title>{x(art.title)}</news:title></news:news></url>\n")
    return (f'{_XML}<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">\n'
            f'{"".join(rows)}</urlset>\n').encode("utf-8")


def render_robots(views: Views, page: Page) -> bytes:
    lines = ["User-agent: *", "Allow: /", ""]
    if views.base_path != "/":
        lines.insert(0, f"# Crawlers read robots.txt only at the host's root: copy these lines there "
                        f"(this site lives under {views.base_path}).")
    lines += [f"Sitemap: {views.abs_url('/sitemap.xml')}", f"Sitemap: {views.abs_url('/news-sitemap.xml')}", ""]
    return "\n".join(lines).encode("utf-8")
