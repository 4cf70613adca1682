"""Feeds: Atom, RSS 2.0 and JSON Feed 1.1 for the site, each tag and each author. No I/O.

Minimal first version; see issue 4 for the full requirements.
"""
from __future__ import annotations

import json
from xml.sax.saxutils import escape

from .site import Page
from .views import Views


def _title(views: Views, page: Page) -> str:
    term = views.term_of(page)
    return f"{views.config.site.title}: {term.name}" if term else views.config.site.title


def render_feed(views: Views, page: Page) -> bytes:
    items = [views.article(i) for i in page.articles]
    if page.fmt == "json":
        data = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": _title(views, page),
            "home_page_url": views.base_url,
            "feed_url": views.abs_url(page.url),
            "items": [{"id": a.abs_url, "url": a.abs_url, "title": a.title, "summary": a.summary,
                       "date_published": a.date.isoformat(), "content_text": a.summary} for a in items],
        }
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    if page.fmt == "rss":
        entries = "".join(
            f"<item><title>{escape(a.title)}</title><link>{escape(a.abs_url)}</link>"
            f"<guid>{escape(a.abs_url)}</guid><pubDate>{a.date.strftime('%a, %d %b %Y %H:%M:%S %z')}</pubDate>"
            f"<description>{escape(a.summary)}</description></item>" for a in items)
        return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
                f"<title>{escape(_title(views, page))}</title><link>{escape(views.base_url)}</link>"
                f"<description>{escape(views.config.site.description)}</description>{entries}</channel></rss>\n").encode()
    updated = max((a.modified for a in items), default=None)
    entries = "".join(
        f"<entry><title>{escape(a.title)}</title><link href=\"{escape(a.abs_url)}\"/><id>{escape(a.abs_url)}</id>"
        f"<updated>{a.modified.isoformat()}</updated><summary>{escape(a.summary)}</summary></entry>" for a in items)
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{escape(_title(views, page))}</title><id>{escape(views.abs_url(page.url))}</id>"
            f"<updated>{(updated.isoformat() if updated else '1970-01-01T00:00:00+00:00')}</updated>"
            f"<link href=\"{escape(views.base_url)}\"/>{entries}</feed>\n").encode()
