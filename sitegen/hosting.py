"""Files for static hosts: a `_headers` cache policy (Netlify / Cloudflare Pages format).

Fingerprinted files (`static/style.<hash>.css`, Pagefind's hashed fragments) never change under
their name, so they may be cached for a year. Everything else - HTML, feeds, sitemaps - keeps the
host's default, which on both hosts is to revalidate on every request, so readers see corrections
at once. The two rules never set the same header on one path: those hosts join the values of
overlapping rules with a comma, which would turn "a year" and "revalidate" into nonsense.
The README ('Publishing') gives the same policy for nginx.
"""
from __future__ import annotations

from .site import Page
from .views import Views

IMMUTABLE = "Cache-Control: public, max-age=31536000, immutable"
# Pagefind names these by content hash; sitegen names every processed picture by its source's hash.
HASHED_FOLDERS = ("pagefind/fragment/*", "pagefind/index/*", "images/*")


def render_headers(views: Views, page: Page) -> bytes:
    base = views.base_path
    fingerprinted = sorted(out for rel, out in views.assets.items() if out != rel)
    lines = ["# Cache policy written by sitegen (see README, 'Publishing'). Paths assume public/ is",
             f"# served at {base}. Not listed here: the host's default, which revalidates.",
             f"{base}*", "  X-Content-Type-Options: nosniff"]
    for rel in [*fingerprinted, *HASHED_FOLDERS]:
        lines += [f"{base}{rel}", f"  {IMMUTABLE}"]
    return ("\n".join(lines) + "\n").encode()
