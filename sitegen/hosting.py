"""Files for static hosts: a `_headers` cache policy (Netlify / Cloudflare Pages format).

Fingerprinted files (`static/style.<hash>.css`, Pagefind's hashed fragments) never change under
their name, so they may be cached for a year. Everything else - HTML, feeds, sitemaps - keeps the
host's default, which on both hosts is to revalidate on every request, so readers see corrections
at once. The two rules never set the same header on one path: those hosts join the values of
overlapping rules with a comma, which would turn "a year" and "revalidate" into nonsense.
The README ('Publishing') gives the same policy for nginx.
"""
from __future__ import annotations

from .assets import FINGERPRINTED
from .escaping import escape_str
from .site import Page
from .views import Views

IMMUTABLE = "Cache-Control: public, max-age=31536000, immutable"
# Every .css and .js file sitegen publishes under static/ is fingerprinted (assets.py), so one rule per
# extension covers them all, however many a theme has. A rule per file passed Cloudflare Pages'
# limit of 100 rules a project with ~95 scripts, and the rules past it were not applied.
STATIC_RULES = tuple(f"static/*{ext}" for ext in FINGERPRINTED)
# Pagefind names these by content hash (the newest shard's, then each older month's shard's:
# ':shard' is one path segment on both hosts); sitegen names every processed picture by its source's hash.
HASHED_FOLDERS = ("pagefind/fragment/*", "pagefind/index/*", "pagefind/:shard/fragment/*",
                  "pagefind/:shard/index/*", "images/*")
RULE_LIMIT = 100   # Cloudflare Pages' rules a project; those past it are not applied


def render_headers(views: Views, page: Page) -> bytes:
    base = views.base_path
    lines = ["# Cache policy written by sitegen (see README, 'Publishing'). Paths assume public/ is",
             f"# served at {base}. Not listed here: the host's default, which revalidates.",
             f"{base}*", "  X-Content-Type-Options: nosniff"]
    folders = [rel for rel in HASHED_FOLDERS if rel != "images/*" or not _own_in(views.own, "images/")]
    if len(folders) < len(HASHED_FOLDERS):
        lines.append("# images/ holds files not named by their hash (yours, or root/'s), so its pictures are left to "
                     "the host's default too")
    static, left = _static_rules(views, len(folders))
    if left:
        lines.append(f"# {left} fingerprinted file(s) not listed: Cloudflare Pages applies {RULE_LIMIT} rules at most")
    for rel in [*static, *folders]:
        lines += [f"{base}{rel}", f"  {IMMUTABLE}"]
    return ("\n".join(lines) + "\n").encode()


def _static_rules(views: Views, folders: int) -> tuple[list[str], int]:
    """The immutable rules for static/, and how many fingerprinted files the rule limit left out.
    sitegen keeps and deploys files in public/ it did not write (rf45m 2): a user's own static/widget.js
    would be cached a year by 'static/*.js', so with one there, a rule per file. Told by public/'s record
    (views.own, an input of the build: rf46a), not by the name: poll-widget.20250117.js looks fingerprinted."""
    if not any(rel.lower().endswith(FINGERPRINTED) for rel in views.own if rel.startswith("static/")):
        return list(STATIC_RULES), 0
    hashed = sorted(out for rel, out in views.assets.items() if out != rel)
    room = RULE_LIMIT - 1 - folders   # the nosniff rule and the hashed folders come first
    return hashed[:room], max(0, len(hashed) - room)


def _own_in(own: tuple[str, ...], folder: str) -> bool:
    return any(rel.startswith(folder) for rel in own)


def render_alias(views: Views, page: Page) -> bytes:
    """The redirect page at an article's old address ('aliases:'), or at an old address site.toml's
    [redirects] names (the new address is the page's term): a static host has no redirect rules
    sitegen could rely on, so a refresh to the new address, which search engines read as a
    permanent move (the canonical link names the page that counts; noindex keeps this one out)."""
    if page.articles:
        art = views.site.articles[page.articles[0]]
        new, title, language = views.abs_url(views.site.urls[page.articles[0]]), art.title, art.language
    else:
        new = views.abs_url(page.term)
        title, language = new, page.edition or views.config.site.language
    new = escape_str(new)
    return (f'<!doctype html>\n<html lang="{escape_str(language)}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape_str(title)}</title>\n"
            # no icon of its own: without this line a browser asks the host's root for
            # /favicon.ico, a 404 for a site under a sub-path
            '<link rel="icon" href="data:,">\n'
            f'<link rel="canonical" href="{new}">\n<meta name="robots" content="noindex">\n'
            f'<meta http-equiv="refresh" content="0; url={new}">\n</head>\n'
            f'<body>\n<p><a href="{new}">{new}</a></p>\n</body>\n</html>\n').encode()
