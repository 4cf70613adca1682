"""Files for static hosts: a `_headers` cache policy (Netlify / Cloudflare Pages format).

Fingerprinted assets never change under their name, so they may be cached for a year; HTML and
feeds must be revalidated so readers see corrections at once.
"""
from __future__ import annotations

from .site import Page
from .views import Views


def render_headers(views: Views, page: Page) -> bytes:
    base = views.base_path
    return (f"{base}static/*\n  Cache-Control: public, max-age=31536000, immutable\n"
            f"{base}*\n  Cache-Control: public, max-age=300, must-revalidate\n"
            f"  X-Content-Type-Options: nosniff\n").encode()
