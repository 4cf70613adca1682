"""Proof on a real static host: the site deployed with `sitegen deploy` and served by nginx.

The newsroom test site is built for http://127.0.0.1:<port>/news/, deployed to <tmp>/www/news,
served by the Debian nginx binary with the server block from the README's Publishing section,
then crawled over HTTP from the front page: every internal link and asset must answer 200.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit
from xml.etree import ElementTree

import feedparser
import pytest

from builders import copy_site
from conftest import ROOT, require_tool
from sitegen import cli

pytestmark = [pytest.mark.nginx, pytest.mark.xdist_group("nginx")]

NGINX = "/usr/sbin/nginx"
MAX_REQUESTS = 2000
TIMEOUT = 5.0
FEEDS = ("feed.xml", "rss.xml", "feed.json")
SITEMAPS = ("sitemap.xml", "news-sitemap.xml")


@dataclass
class Host:
    base: str        # http://127.0.0.1:<port>/news/
    public: Path     # what was deployed, to compare against
    www: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def readme_server_block() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    publishing = text.partition("## Publishing")[2]
    m = re.search(r"```nginx\n(.*?)```", publishing, re.S)
    assert m, "README.md's Publishing section must hold the nginx server block (```nginx)"
    return m.group(1)


def nginx_conf(tmp: Path, www: Path, port: int) -> str:
    server = readme_server_block()
    for old, new in (("listen 80;", f"listen 127.0.0.1:{port};"), ("root /var/www;", f"root {www};")):
        assert old in server, f"README nginx snippet no longer has {old!r}; update this test with it"
        server = server.replace(old, new)
    temp = "\n".join(f"  {kind}_temp_path {tmp / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root root;\n" if os.geteuid() == 0 else ""  # CI runs as root; workers must read tmp_path
    return (f"{user}daemon off;\nworker_processes 1;\npid {tmp / 'nginx.pid'};\nerror_log {tmp / 'error.log'};\n"
            f"events {{ worker_connections 64; }}\n"
            f"http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
            f"  access_log {tmp / 'access.log'};\n{temp}\n{server}\n}}\n")


def wait_listening(proc: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"nginx exited with {proc.returncode}:\n{log.read_text() if log.exists() else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"nginx did not listen on 127.0.0.1:{port} within 10 s")


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    nginx = require_tool(NGINX, "nginx (Debian package)")
    tmp = tmp_path_factory.mktemp("nginx")
    site = copy_site("newsroom", tmp / "site")
    toml = site / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("enabled = false", "enabled = true"), encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}/news/"
    www = tmp / "www"
    assert cli.main(["deploy", str(www / "news"), "--root", str(site), "--no-convert", "-q", "--base-url", base,
                     "--local-base-url"]) == 0   # served by nginx on 127.0.0.1: a deploy for this computer
    conf = tmp / "nginx.conf"
    conf.write_text(nginx_conf(tmp, www, port), encoding="utf-8")
    args = [nginx, "-p", str(tmp), "-c", str(conf), "-e", str(tmp / "error.log")]
    check = subprocess.run([*args, "-t"], capture_output=True, text=True)
    assert check.returncode == 0, f"nginx rejects the generated config:\n{check.stderr}\n{conf.read_text()}"
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_listening(proc, port, tmp / "error.log")
        yield Host(base, site / "public", www)
    finally:
        proc.terminate()  # SIGTERM: nginx's fast shutdown
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# A small HTTP crawler ---------------------------------------------------------------------------------
@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


def fetch(url: str) -> Response:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as r:
            return Response(r.status, {k.lower(): v for k, v in r.headers.items()}, r.read())
    except urllib.error.HTTPError as e:
        return Response(e.code, {k.lower(): v for k, v in e.headers.items()}, e.read())


class Links(HTMLParser):
    """Every address a page gives a reader, a crawler or a social network: href, src, poster and
    srcset, <meta content> addresses (og:image, og:url, twitter:image, article:author) and every
    address in its JSON-LD (author and publisher pages, the logo, the picture crops)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self._json_ld: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and name in ("href", "src", "poster"):
                self.links.append(value.strip())
            elif value and name == "srcset":
                self.links += [part.split()[0] for part in value.split(",") if part.strip()]
            elif value and tag == "meta" and name == "content" and re.match(r"https?://", value):
                self.links.append(value.strip())
        if tag == "script" and ("type", "application/ld+json") in attrs:
            self._json_ld = []

    def handle_data(self, data):
        if self._json_ld is not None:
            self._json_ld.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._json_ld is not None:
            self.links += json_urls(json.loads("".join(self._json_ld)))
            self._json_ld = None


def json_urls(data) -> list[str]:
    """Every absolute address among a JSON document's values."""
    if isinstance(data, dict):
        return [u for value in data.values() for u in json_urls(value)]
    if isinstance(data, list):
        return [u for value in data for u in json_urls(value)]
    return [data] if isinstance(data, str) and re.match(r"https?://", data) else []


@dataclass
class Crawl:
    status: dict[str, int] = field(default_factory=dict)      # URL -> HTTP status
    found_on: dict[str, str] = field(default_factory=dict)    # URL -> first page linking to it
    outside: list[str] = field(default_factory=list)          # same host, outside the base path

    def broken(self) -> list[str]:
        return [f"{url} -> {code} (linked from {self.found_on.get(url, 'start')})"
                for url, code in self.status.items() if code != 200]


def crawl(start: str) -> Crawl:
    """Breadth-first over every same-host URL under the start path; HTML pages are parsed for links."""
    origin, base_path = urlsplit(start)[:2], urlsplit(start).path
    result, queue = Crawl(), deque([start])
    seen = {start}
    while queue:
        assert len(result.status) < MAX_REQUESTS, f"crawl passed {MAX_REQUESTS} requests; is a link generating URLs?"
        url = queue.popleft()
        r = fetch(url)
        result.status[url] = r.status
        kind = r.headers.get("content-type", "")
        if r.status != 200 or not kind.startswith(("text/html", "text/css")):
            continue
        if kind.startswith("text/css"):  # fonts and pictures a stylesheet loads
            links = [m.strip("'\" ") for m in re.findall(r"url\(([^)]+)\)", r.body.decode("utf-8"))]
        else:
            parser = Links()
            parser.feed(r.body.decode("utf-8"))
            links = parser.links
        for link in links:
            parts = urlsplit(urljoin(url, link))
            if parts.scheme not in ("http", "https") or parts[:2] != origin:
                continue  # external, mailto:, data:
            target = urlunsplit((*parts[:4], ""))
            if not parts.path.startswith(base_path):
                result.outside.append(f"{target} (on {url})")
            elif target not in seen:
                seen.add(target)
                result.found_on[target] = url
                queue.append(target)
    return result


@pytest.fixture(scope="module")
def crawled(host) -> Crawl:
    return crawl(host.base)


# The tests -------------------------------------------------------------------------------------------
def test_every_internal_link_and_asset_answers_200(host, crawled):
    assert not crawled.broken(), "broken links:\n" + "\n".join(crawled.broken())
    assert not crawled.outside, "links leaving the /news/ base path:\n" + "\n".join(crawled.outside)
    urls = set(crawled.status)
    assert any(re.search(r"/static/style\.[0-9a-f]{8}\.css$", u) for u in urls), "fingerprinted stylesheet not linked"
    assert any(u.endswith("/pagefind/pagefind-ui.js") for u in urls), "search assets not linked"


def test_every_page_is_reachable_from_the_front_page(host, crawled):
    pages = {host.base + p.relative_to(host.public).parent.as_posix() + "/"
             for p in host.public.rglob("index.html")}
    pages = {p.replace("/./", "/") for p in pages}
    missing = sorted(pages - set(crawled.status))
    assert not missing, "pages no link leads to:\n" + "\n".join(missing)


def feed_links(name: str, body: bytes) -> list[str]:
    if name.endswith(".json"):  # feedparser 6.0 reads no JSON Feed
        data = json.loads(body)
        assert data["version"].startswith("https://jsonfeed.org/version/1"), name
        return [item["url"] for item in data["items"]]
    parsed = feedparser.parse(body)
    assert not parsed.bozo, f"{name}: {parsed.get('bozo_exception')}"
    return [entry.link for entry in parsed.entries]


def test_feeds_are_served_and_their_entries_resolve(host):
    for name in FEEDS:
        r = fetch(host.base + name)
        assert r.status == 200, name
        assert r.body == (host.public / name).read_bytes()
        links = feed_links(name, r.body)
        assert links, f"{name} has no entries"
        for link in links:
            assert link.startswith(host.base), f"{name}: {link} is not under {host.base}"
            assert fetch(link).status == 200, f"{name}: {link}"
    assert fetch(host.base + "feed.json").headers["content-type"].startswith("application/json")


def test_every_address_inside_the_feeds_resolves_under_the_base_path(host):
    """Beyond each entry's link: the feeds' own and home addresses, authors, enclosures and the
    JSON Feed's pictures, and the links and pictures in each entry's HTML (Atom's relative to its
    xml:base, RSS's and JSON Feed's absolute: their readers resolve nothing)."""
    ns = {"a": "http://www.w3.org/2005/Atom"}
    for name in FEEDS:
        body = fetch(host.base + name).body
        found: list[tuple[str, str]] = []   # (address, the base it is relative to)
        if name.endswith(".json"):
            data = json.loads(body)
            html = [(item.get("content_html", ""), "") for item in data["items"]]
            found += [(u, "") for u in json_urls({**data, "items": [{k: v for k, v in item.items() if k != "content_html"}
                                                                     for item in data["items"]]})]
        else:
            root = ElementTree.fromstring(body)
            found += [(e.get(k), "") for e in root.iter() for k in ("href", "url") if e.get(k)]
            found += [(e.text.strip(), "") for e in root.iter() if e.tag.rpartition("}")[2] in ("link", "uri")
                      and e.text and e.text.strip().startswith("http")]
            html = [(e.text or "", e.get("{http://www.w3.org/XML/1998/namespace}base", ""))
                    for e in root.iterfind(".//a:entry/a:content", ns)]
            html += [(e.text or "", "") for e in root.iter() if e.tag.rpartition("}")[2] in ("description", "encoded")]
        for text, base in html:
            parser = Links()
            parser.feed(text)
            found += [(link, base) for link in parser.links]
        assert len(found) > len(FEEDS), f"{name}: no addresses found"
        ours = {urljoin(base, link) for link, base in found if urlsplit(urljoin(base, link))[:2] == urlsplit(host.base)[:2]
                or not urlsplit(urljoin(base, link)).netloc}
        bad = [f"{u} -> {fetch(u).status if u.startswith(host.base) else 'outside ' + host.base}"
               for u in sorted(ours) if not u.startswith(host.base) or fetch(u).status != 200]
        assert not bad, f"{name}:\n" + "\n".join(bad)


def test_sitemaps_and_robots_are_served_and_every_url_resolves(host):
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    for name in SITEMAPS:
        r = fetch(host.base + name)
        assert r.status == 200, name
        locs = [e.text for e in ElementTree.fromstring(r.body).iter(f"{ns}loc")]
        # the news sitemap holds only the last two days' articles: empty for these 2025 stories
        assert locs or name == "news-sitemap.xml", f"{name} lists no URLs"
        bad = [f"{u} -> {fetch(u).status}" for u in locs if not u.startswith(host.base) or fetch(u).status != 200]
        assert not bad, f"{name}:\n" + "\n".join(bad)
    robots = fetch(host.base + "robots.txt")
    assert robots.status == 200
    assert f"Sitemap: {host.base}sitemap.xml" in robots.body.decode()


def test_missing_path_gets_the_sites_404_page(host):
    # a story's address cut short ('2025/01/', a folder with no page of its own) got nginx's bare
    # '403 Forbidden' page (newuser33): a reader trimming an address is shown the site's 404 too
    assert (host.public / "2025" / "01").is_dir() and not (host.public / "2025" / "01" / "index.html").exists()
    for path in ("no-such-page/", "2025/01/no-such-story/", "static/style.00000000.css", "2025/01/", "2025/"):
        r = fetch(host.base + path)
        assert r.status == 404, path
        assert r.body == (host.public / "404.html").read_bytes(), f"{path}: not the site's 404 page"


def test_sitegens_dot_files_and_folders_are_not_served_but_well_known_is(host):
    """review38a: /news/.sitegen-deploy answered 200, and so did /.news.releases/<release>/..., the
    release kept for --rollback (a retracted story still readable), and .news.replaced/ (the admin's
    replaced files). The README's rule answers 404 for every dot-file and dot-folder but .well-known/."""
    www, live = host.www, (host.www / "news").resolve()
    replaced = www / ".news.replaced" / "20250101T000000" / "robots.txt"
    replaced.parent.mkdir(parents=True, exist_ok=True)
    replaced.write_text("the admin's robots.txt")
    for where in (www, live):   # an ACME token at the host's root, a security.txt in the site's folder
        (where / ".well-known" / "acme-challenge").mkdir(parents=True, exist_ok=True)
        (where / ".well-known" / "acme-challenge" / "token").write_text("token")
    (live / ".sitegen-replaced" / "20250101T000000Z").mkdir(parents=True, exist_ok=True)
    (live / ".sitegen-replaced" / "20250101T000000Z" / "404.html").write_text("the admin's 404 page")
    origin = host.base.removesuffix("news/")
    hidden = ["news/.sitegen-deploy", f".news.releases/{live.name}/index.html", f".news.releases/{live.name}/",
              ".news.releases/", ".news.replaced/20250101T000000/robots.txt",
              "news/.sitegen-replaced/20250101T000000Z/404.html"]
    assert all((www / path).exists() for path in hidden), "the test's files are not where it looks"
    for path in hidden:
        assert fetch(origin + path).status == 404, path
    for path in (".well-known/acme-challenge/token", "news/.well-known/acme-challenge/token"):
        r = fetch(origin + path)
        assert (r.status, r.body) == (200, b"token"), path


def test_cache_policy_from_the_readme(host, crawled):
    css = next(u for u in crawled.status if re.search(r"/static/style\.[0-9a-f]{8}\.css$", u))
    assert fetch(css).headers["cache-control"] == "public, max-age=31536000, immutable"
    picture = next(u for u in crawled.status if "/images/" in u and u.endswith(".webp"))
    assert fetch(picture).headers["cache-control"] == "public, max-age=31536000, immutable"
    assert fetch(picture).headers["content-type"] == "image/webp"
    for url in (host.base, host.base + "feed.xml", host.base + "static/favicon.svg"):
        r = fetch(url)
        assert r.headers["cache-control"] == "public, no-cache", url
        assert r.headers["x-content-type-options"] == "nosniff", url
    assert "immutable" in fetch(host.base + "_headers").body.decode(), "_headers published for Netlify/Cloudflare"
    old_shard = host.www / "news" / "pagefind" / "2024-05" / "fragment" / "en_1a2b3c4.pf_fragment"  # a big site's
    old_shard.parent.mkdir(parents=True, exist_ok=True)
    old_shard.write_bytes(b"x")
    assert fetch(host.base + "pagefind/2024-05/fragment/en_1a2b3c4.pf_fragment").headers["cache-control"] == \
        "public, max-age=31536000, immutable"


def test_text_files_are_served_compressed(host, crawled):
    """The README's block compresses the stylesheet, feeds, sitemaps and search's JavaScript, not only
    HTML (nginx's gzip default): a phone on a slow line fetches the 19 KB stylesheet before any text."""
    css = next(u for u in crawled.status if re.search(r"/static/style\.[0-9a-f]{8}\.css$", u))
    for url in (host.base, css, host.base + "feed.xml", host.base + "rss.xml", host.base + "feed.json",
                host.base + "sitemap.xml", host.base + "pagefind/pagefind.js"):
        request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=TIMEOUT) as r:
            assert r.headers.get("Content-Encoding") == "gzip", f"{url}: served uncompressed"
            assert "Accept-Encoding" in r.headers.get("Vary", ""), f"{url}: a shared cache could serve gzip to anyone"
            assert gzip.decompress(r.read()) == fetch(url).body, url


def test_og_image_cards_answer_200_with_their_stated_size(host):
    """Social networks fetch og:image from the live host: each card must be there, an image, and the
    size the page says it is (1200x630 or the largest the photo gives at that ratio)."""
    from io import BytesIO

    from lxml import html as lxml_html
    from PIL import Image
    cards = 0
    for path in host.public.rglob("index.html"):
        doc = lxml_html.fromstring(path.read_bytes())
        og = {m.get("property"): m.get("content") for m in doc.xpath("//meta[@property]")}
        if not og.get("og:image", "").startswith(host.base + "images/"):
            continue
        r = fetch(og["og:image"])
        assert r.status == 200 and r.headers["content-type"].startswith("image/"), og["og:image"]
        if "og:image:width" in og:
            with Image.open(BytesIO(r.body)) as image:
                assert image.size == (int(og["og:image:width"]), int(og["og:image:height"])), og["og:image"]
            cards += 1
    assert cards >= 1, "no article with a raster og:image card in the newsroom site"
