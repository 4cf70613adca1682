"""Internal link checker for a built site: every href/src that points into the site must resolve.

`broken_links(public, base_path)` parses every HTML file under `public/` (served at `base_path`,
e.g. '/' or '/news/') and returns one line per broken link, naming the page, the link and why.
A folder URL resolves to its index.html; a '#fragment' must name an id on the target page.
Root-relative links outside `base_path` count as broken: on a sub-path host they leave the site.
Pass `base_url` to check absolute links to the site's own address as well (canonical, og:url).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html

LINKS = "//@href | //@src | //@poster | //@action"
IGNORED_SCHEMES = {"mailto", "tel", "data", "javascript", "about"}


@dataclass(frozen=True)
class _Page:
    """The links and ids of one HTML page."""
    links: list[str]
    ids: frozenset[str]

    @classmethod
    def parse(cls, text: str) -> "_Page":
        if not text.strip():
            return cls([], frozenset())
        doc = lxml.html.document_fromstring(text)  # libxml2: ~10x faster than html.parser on big sites
        links = [str(v).strip() for v in doc.xpath(LINKS)]
        for srcset in doc.xpath("//@srcset"):
            links += [part.split()[0] for part in str(srcset).split(",") if part.strip()]
        return cls(links, frozenset(str(v) for v in doc.xpath("//@id | //a/@name")))


def _page_url(rel: str, base_path: str) -> str:
    """'a/index.html' -> '/base/a/' (how a server addresses the file)."""
    if rel == "index.html" or rel.endswith("/index.html"):
        rel = rel[: -len("index.html")]
    return base_path + rel


def _target(files: frozenset[str], path: str, base_path: str) -> str | None:
    """The file (relative to public/) a URL path under base_path is served from, or None."""
    rel = unquote(path[len(base_path):])
    if ".." in PurePosixPath(rel).parts:
        return None
    for candidate in ((rel + "index.html",) if rel == "" or rel.endswith("/") else (rel, rel + "/index.html")):
        if candidate in files:
            return candidate
    return None


def broken_links(public: Path, base_path: str = "/", base_url: str = "") -> list[str]:
    """Every broken internal link of the site in `public`, as 'page: link -> problem' lines."""
    base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    files = frozenset(p.relative_to(public).as_posix() for p in public.rglob("*") if p.is_file())
    pages: dict[str, _Page] = {}
    for file in sorted(public.rglob("*.html")):
        pages[file.relative_to(public).as_posix()] = _Page.parse(file.read_text(encoding="utf-8", errors="replace"))
    problems: list[str] = []
    for rel, parsed in pages.items():
        page_url = _page_url(rel, base_path)
        for link in parsed.links:
            problem = _check(files, pages, page_url, link, base_path, base_url)
            if problem:
                problems.append(f"{rel}: {link} -> {problem}")
    return sorted(set(problems))


def _check(files: frozenset[str], pages: dict[str, _Page], page_url: str, link: str, base_path: str,
           base_url: str) -> str:
    parts = urlsplit(link)
    if parts.scheme in IGNORED_SCHEMES:
        return ""
    if parts.scheme or parts.netloc:
        if not base_url or not link.startswith(base_url):
            return ""  # another site
        parts = parts._replace(scheme="", netloc="")  # its path, checked like a root-relative link
    if not parts.path and not parts.query:  # '#x' on this page
        target_rel = _rel_of(page_url, base_path)
        return _check_fragment(pages, target_rel, parts.fragment)
    path = urlsplit(urljoin(page_url, parts.path or page_url)).path
    if not path.startswith(base_path):
        return f"outside the base path {base_path}"
    target = _target(files, path, base_path)
    if target is None:
        return "no such file"
    return _check_fragment(pages, target, parts.fragment)


def _rel_of(page_url: str, base_path: str) -> str:
    rel = page_url[len(base_path):]
    return rel + "index.html" if rel == "" or rel.endswith("/") else rel


def _check_fragment(pages: dict[str, _Page], target_rel: str, fragment: str) -> str:
    if not fragment or target_rel not in pages:
        return ""
    return "" if unquote(fragment) in pages[target_rel].ids else f"no id {fragment!r} on {target_rel}"
