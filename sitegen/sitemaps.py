"""sitemap.xml, news-sitemap.xml and robots.txt. No I/O.

Minimal first version; see issue 4 for the full requirements.
"""
from __future__ import annotations

from xml.sax.saxutils import escape

from .site import Page
from .views import Views


def render_sitemap(views: Views, page: Page) -> bytes:
    urls = "".join(
        f"<url><loc>{escape(views.abs_url(p.url))}</loc></url>"
        for p in views.site.pages if p.template and p.kind != "404")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n').encode()


def render_news_sitemap(views: Views, page: Page) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"></urlset>\n')


def render_robots(views: Views, page: Page) -> bytes:
    return (f"User-agent: *\nAllow: /\n\nSitemap: {views.abs_url('/sitemap.xml')}\n"
            f"Sitemap: {views.abs_url('/news-sitemap.xml')}\n").encode()
