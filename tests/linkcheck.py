"""Internal link checker for a built site: every href/src that points into the site must resolve.

`broken_links(public, base_path)` parses every HTML file under `public/` (served at `base_path`,
e.g. '/' or '/news/') and returns one line per broken link, naming the page, the link and why.
A folder URL resolves to its index.html; a '#fragment' must name an id on the target page.
Root-relative links outside `base_path` count as broken: on a sub-path host they leave the site.
Pass `base_url` to check absolute links to the site's own address as well (canonical, og:url).
"""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

LINK_ATTRS = {"href", "src", "poster", "action"}
IGNORED_SCHEMES = {"mailto", "tel", "data", "javascript", "about"}


class _Page(HTMLParser):
    """The links and ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in LINK_ATTRS:
                self.links.append(value.strip())
            elif name == "srcset":
                self.links += [part.split()[0] for part in value.split(",") if part.strip()]
            elif name in ("id", "name") and (name == "id" or tag == "a"):
                self.ids.add(value)


def _page_url(rel: str, base_path: str) -> str:
    """'a/index.html' -> '/base/a/' (how a server addresses the file)."""
    if rel == "index.html" or rel.endswith("/index.html"):
        rel = rel[: -len("index.html")]
    return base_path + rel


def _target(public: Path, path: str, base_path: str) -> Path | None:
    """The file a URL path under base_path is served from, or None when there is none."""
    rel = unquote(path[len(base_path):])
    if any(part == ".." for part in PurePosixPath(rel).parts):
        return None
    target = public / rel
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def broken_links(public: Path, base_path: str = "/", base_url: str = "") -> list[str]:
    """Every broken internal link of the site in `public`, as 'page: link -> problem' lines."""
    base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    pages: dict[str, _Page] = {}
    for file in sorted(public.rglob("*.html")):
        parser = _Page()
        parser.feed(file.read_text(encoding="utf-8", errors="replace"))
        pages[file.relative_to(public).as_posix()] = parser
    problems: list[str] = []
    for rel, parsed in pages.items():
        page_url = _page_url(rel, base_path)
        for link in parsed.links:
            problem = _check(public, pages, page_url, link, base_path, base_url)
            if problem:
                problems.append(f"{rel}: {link} -> {problem}")
    return sorted(set(problems))


def _check(public: Path, pages: dict[str, _Page], page_url: str, link: str, base_path: str,
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
    target = _target(public, path, base_path)
    if target is None:
        return "no such file"
    return _check_fragment(pages, target.relative_to(public).as_posix(), parts.fragment)


def _rel_of(page_url: str, base_path: str) -> str:
    rel = page_url[len(base_path):]
    return rel + "index.html" if rel == "" or rel.endswith("/") else rel


def _check_fragment(pages: dict[str, _Page], target_rel: str, fragment: str) -> str:
    if not fragment or target_rel not in pages:
        return ""
    return "" if unquote(fragment) in pages[target_rel].ids else f"no id {fragment!r} on {target_rel}"
