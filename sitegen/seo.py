"""Being found: JSON-LD structured data, Open Graph and Twitter card tags for each page. No I/O.

`page_seo()` returns plain values; `templates/_seo.html` writes them (JSON-LD through the
`tojson_ld` filter, so '</script>' in a title stays inside the JSON). Everything here is an
absolute URL: crawlers and social networks read these tags out of context.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable
from urllib.parse import unquote, urlsplit

from markupsafe import Markup

from . import LazyPattern
from .config import Config
from .content import cut_text, unspaced
from .escaping import escape_str
from .feeds import EXCERPT_CHARS, excerpt
from .i18n import og_locale
from .images import CARD_LOGO_SIDE, LD_WIDTH, Picture, Variant
from .langtag import bcp47
from .site import Page, Site, edition_root, empty_section, placeholder_logo
from .views import ArticleView, Views


def json_ld(data: Any) -> Markup:
    """JSON for a <script type="application/ld+json"> block, safe against '</script>' in text."""
    return Markup(_json_ld_text(data))


def _json_ld_text(data: Any) -> str:
    text = _JSON(data)
    if "<" in text or ">" in text or "&" in text:  # rare in news: three scans instead of three copies
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text


def _json_writer() -> Callable[[Any], str]:
    """json.dumps(data, ensure_ascii=False) with the C encoder made once (dumps makes an encoder
    a call) and without its check for circular data, which JSON-LD built here never is."""
    from json.encoder import c_make_encoder, encode_basestring
    if c_make_encoder is None:  # a Python without the C accelerator
        return lambda data: json.dumps(data, ensure_ascii=False)
    encode = c_make_encoder(None, json.JSONEncoder().default, encode_basestring, None, ": ", ", ", False, False, True)
    return lambda data: "".join(encode(data, 0))


_JSON = _json_writer()


SCHEMA = "https://schema.org"
LABELS = {"tags": "Topics", "authors": "Authors", "archives": "Archive", "search": "Search",
          "404": "Page not found"}


@dataclass(frozen=True)
class SearchSettings:
    """What the search page tells Pagefind: where its bundle is and which language indexes to merge."""
    bundle_path: str          # '/news/pagefind/'
    base_url: str             # '/news/': result links point under the site's sub-path
    languages: tuple[str, ...]  # article languages other than the page's own (in the primary bundle)
    shards: tuple[tuple[str, tuple[str, ...]], ...] = ()  # the other bundles: (path, their languages)
    none: bool = False          # no bundle holds this edition's stories: the page says search is unavailable
    empty: bool = False         # the edition has no published story: the page says so, loads no Pagefind

    @property
    def data(self) -> dict[str, Any]:
        """The search page's settings for its script."""
        data = {"bundlePath": self.bundle_path, "baseUrl": self.base_url, "languages": self.languages,
                "shards": self.shards}
        # the theme's page loads no Pagefind then; a site's own older search.html still reads it
        return {**data, "none": True} if self.none else data


@dataclass(frozen=True)
class Seo:
    og: tuple[tuple[str, str], ...]          # <meta property=... content=...>
    twitter: tuple[tuple[str, str], ...]     # <meta name=... content=...>
    json_ld: tuple[dict[str, Any], ...]      # one <script type="application/ld+json"> each
    search: SearchSettings | None = None     # on the search page only
    feeds: tuple[tuple[str, str, str], ...] = ()  # (media type, title, href): a tag's or author's own feeds
    description: str = ""                    # an article's: its summary, else the start of its text
    alternates: tuple[tuple[str, str], ...] = ()  # (hreflang, absolute URL): this page in other languages

    @property
    def html(self) -> Markup:
        """All of the above as <head> tags, escaped as Jinja's autoescape would. These are on every
        page, and a Jinja loop over them cost more than the rest of the <head>; a theme's own
        _seo.html can still loop over og, twitter, json_ld and feeds itself."""
        lines = [_shared_meta("property", p, c) if p in SHARED_TAGS else
                 f'<meta property="{escape_str(p)}" content="{escape_str(c)}">\n' for p, c in self.og]
        lines += [_shared_meta("name", n, c) if n in SHARED_TAGS else
                  f'<meta name="{escape_str(n)}" content="{escape_str(c)}">\n' for n, c in self.twitter]
        lines += [f'<script type="application/ld+json">{_json_ld_text(data)}</script>\n' for data in self.json_ld]
        lines += [f'<link rel="alternate" type="{escape_str(t)}" title="{escape_str(title)}" href="{escape_str(href)}">\n'
                  for t, title, href in self.feeds]
        lines += [f'<link rel="alternate" hreflang="{escape_str(lang)}" href="{escape_str(href)}">\n'
                  for lang, href in self.alternates]
        return Markup("".join(lines))


# Social tags whose values many pages share (a topic, an author, the site's name): each such line
# is written once per process. The rest (titles, addresses, dates, pictures) are a page's own.
SHARED_TAGS = frozenset({"og:type", "og:site_name", "og:locale", "og:locale:alternate", "og:image:type",
                         "article:author", "article:section", "article:tag", "twitter:card"})


@lru_cache(maxsize=4096, typed=True)  # typed: a Markup is not escaped as the str of the same text
def _shared_meta(attribute: str, key: str, content: str) -> str:
    return f'<meta {attribute}="{escape_str(key)}" content="{escape_str(content)}">\n'


def page_seo(views: Views, page: Page, ctx: dict[str, Any]) -> Seo:
    article = ctx.get("article")
    if isinstance(article, ArticleView):  # elsewhere it is views.Absent
        return _article_seo(views, page, article, tuple(views.versions(page)) if ctx.get("translations") else ())
    title, description = _page_title(views, page, ctx), page_description(views, page, ctx)
    versions = tuple(views.versions(page))
    alternates = _hreflang_links(versions)
    og = _common_og(views, page, "website", title, description, _card_logo(views),
                    locale_tags(ctx.get("lang") or views.config.site.language, _other_languages(versions)))
    blocks = (website(views, page.edition),) if page.kind == "index" and page.number == 1 else ()
    search = search_settings(views, ctx) if page.kind == "search" else None
    twitter = _twitter(title, description, _card_logo(views), large=False)
    return Seo(og, twitter, blocks, search, term_feeds(views, page), description, alternates)


KICKERS = {"tag": "Topic", "author": "Author", "archive": "Archive", "section": "Section"}


def page_description(views: Views, page: Page, ctx: dict[str, Any]) -> str:
    """A page's one description, for <meta name="description"> (the templates print seo.description)
    and its social tags: a topic page's said 'Topic: budget – Example News' in one and the site's
    description in the others (review43c). A section's own description (site.toml), else what its
    kind and name are; an index of terms, its heading; other pages, the site's description."""
    site, term_title = views.title(page.edition), ctx.get("term_title")
    if ctx.get("term_description"):
        return ctx["term_description"]
    if page.kind in KICKERS and term_title:
        return f"{views.say(page.edition, KICKERS[page.kind])}: {term_title} – {site}"
    if page.kind in ("tags", "authors", "archives"):
        return f"{views.say(page.edition, LABELS[page.kind])} – {site}"
    return views.description(page.edition)


def _hreflang_links(versions: tuple[tuple[str, str, str], ...]) -> tuple[tuple[str, str], ...]:
    """(hreflang, URL) of Views.versions: the page's <link rel="alternate" hreflang> tags."""
    return tuple((code, url) for code, url, _ in versions)


def _other_languages(versions: tuple[tuple[str, str, str], ...]) -> tuple[str, ...]:
    """The language tags (not hreflang codes: 'es-419', not 'es') of the page's versions."""
    return tuple(language for code, _, language in versions if code != "x-default")


@lru_cache(maxsize=256)  # a handful of languages and translation sets: made once each per process
def locale_tags(language: str, others: tuple[str, ...] = ()) -> tuple[tuple[str, str], ...]:
    """og:locale (the page's language, which social networks otherwise guess) and
    og:locale:alternate for each other language the page is published in (`others`: language
    tags, as og_locale reads 'es-419' as Latin America's es_LA and hreflang's 'es' as es_ES)."""
    own = og_locale(language)
    found = dict.fromkeys(o for o in map(og_locale, others) if o and o != own)
    return ((("og:locale", own),) if own else ()) + tuple(("og:locale:alternate", o) for o in found)


def term_feeds(views: Views, page: Page) -> tuple[tuple[str, str, str], ...]:
    """Autodiscovery links for a tag's or an author's own feeds, when the site publishes them."""
    term = views.term_of(page)
    wanted = {"tag": views.config.feeds.per_tag, "author": views.config.feeds.per_author,
              "section": not empty_section(page)}.get(page.kind)   # an empty section has none (site._edition_pages)
    if term is None or not wanted:
        return ()
    title = f"{views.title(page.edition)}: {term.name}"   # as the feed calls itself (feeds.feed_info)
    return (("application/atom+xml", title, views.url(term.url + "feed.xml")),
            ("application/rss+xml", f"{title} (RSS)", views.url(term.url + "rss.xml")))


def _article_seo(views: Views, page: Page, a: ArticleView, versions: tuple[tuple[str, str, str], ...] = ()) -> Seo:
    description = description_of(a)
    card, large = _card_of(a)
    own = views.absolute(views.url(card.path) if card else a.image) if a.image_address and (card or large) else ""
    own = "" if _is_svg(own) else own   # a chart or map in SVG: no network shows it (see _card_logo)
    image = own or _card_logo(views)
    og = _common_og(views, page, "article", a.title, description, image,
                    locale_tags(a.language, _other_languages(versions)))
    # 1200x630 at best, the size Facebook, LinkedIn and X show large; a GIF lead, published as it is,
    # with its own size (it had none, though its <img> had it: review44f)
    shown = card or (a.picture.largest("full") if own and a.picture else None)
    if shown and shown.width and shown.height:
        og += (("og:image:width", str(shown.width)), ("og:image:height", str(shown.height)),
               ("og:image:type", shown.mime))
    if own and a.image_alt:
        og += (("og:image:alt", a.image_alt),)
    og += _dates(a, "article:published_time", "article:modified_time")
    og += tuple(("article:author", views.absolute(p.url)) for p in a.authors)
    if a.label:
        og += (("article:section", a.label.name),)
    og += tuple(("article:tag", t.name) for t in a.tags)
    twitter = _twitter(a.title, description, image, large=bool(own) and large)
    if own and a.image_alt:
        twitter += (("twitter:image:alt", a.image_alt),)
    return Seo(og, twitter, (news_article(views, a, description), breadcrumbs(views, a)), description=description,
               alternates=_hreflang_links(versions))


def _dates(a: ArticleView, published: str, modified: str) -> tuple[tuple[str, str], ...]:
    """The publication and last-change dates under the given names; a day without a known time
    stays a day, not a made-up midnight. A stand-in date (first conversion) is not claimed: the
    news sitemap leaves such a story out, and stating the conversion day as when it was published
    presented an old story as today's news (review43c). A later real change (updated:, a
    correction) is still stated."""
    if a.date_known:
        return ((published, a.date_attr), (modified, a.modified_attr))
    return ((modified, a.modified_attr),) if a.modified != a.date else ()


def _card_of(a: ArticleView) -> tuple[Variant | None, bool]:
    """The story's own picture for social cards, and whether it is shown large: its 1.9:1 card crop
    when that is CARD_LOGO_SIDE (Facebook's least og:image) tall; else the picture uncropped, shown
    small (twitter:card summary), when it is that large both ways; else (None, False): none, the
    logo card as on a page without a picture. A 160x120 lead was a 160x84 'summary_large_image' (X's
    large card needs 300x157): a third of an already small picture cropped away, for a card no network
    shows. (None, True): no crops, the image as written: a remote picture (its size unknown), or a
    GIF or SVG as large both ways (a 120x90 GIF was a large card, review41j)."""
    if not a.picture:
        return None, True
    if not a.picture.variants("card"):
        size = (a.picture.width, a.picture.height)
        return None, not all(size) or min(size) >= CARD_LOGO_SIDE
    card = a.picture.largest("card")
    if card.height >= CARD_LOGO_SIDE:
        return card, True
    full = _uncropped(a.picture)
    return (full, False) if full and min(full.width, full.height) >= CARD_LOGO_SIDE else (None, False)


def _uncropped(picture: Picture) -> Variant | None:
    """The picture at its largest in a format every network reads (the card's, JPEG or PNG): the
    source's besides WebP. A WebP source has no such full one, so its least cut crop that is made as
    the card is (4:3 or 1:1) and CARD_LOGO_SIDE both ways: a 300x250 WebP lead's og:image was the
    WebP itself, which not every network reads (review41j)."""
    mime = next((v.mime for v in picture.variants("full") if v.mime != "image/webp"), None)
    if mime:
        return picture.largest("full", mime)
    crops = [v for name in ("4x3", "1x1") for v in picture.variants(name)
             if v.mime != "image/webp" and min(v.width, v.height) >= CARD_LOGO_SIDE]
    return max(crops, key=lambda v: v.width * v.height, default=None)


def description_of(a: ArticleView) -> str:
    """The summary, else the start of the text; a photo, table or code story has none, so its
    pictures' words, else its title: an empty description failed Lighthouse's audit and left
    social cards blank (review43c)."""
    return a.summary or excerpt(str(a.body_html)) or _picture_words(a) or a.title


_CAPTION = LazyPattern(r'<span class="caption">(.*?)</span>', re.S)   # figures.figure_html's
_IMG = LazyPattern(r"<img\b")
_ALT_IN_TAG = LazyPattern(r'[^>]*?\balt="(?!")')   # after an '<img': up to its first non-empty alt value's start
# what the page sends but never shows (allow_html): a comment's, a script's or a template's
# alt text or caption is no description ('<!-- <img alt="DRAFT do not publish"> -->' was, rf43e)
_UNSHOWN = LazyPattern(r"<!--.*?(?:-->|\Z)|<(script|style|template|textarea|title)(?=[\s/>]).*?(?:</\1\s*>|\Z)",
                       re.S | re.I)


def _picture_words(a: ArticleView) -> str:
    """The lead picture's caption or alt text, else the first caption or alt text in the body."""
    lead = a.figure.caption if a.figure else ""
    if lead or a.image_alt:
        return cut_text(" ".join((lead or a.image_alt).split()), EXCERPT_CHARS)
    body = _UNSHOWN.sub("", str(a.body_html))
    # no caption ends after the last '</span>': searched to there, not from each '<span class="caption">' to the end
    found = _CAPTION.search(body, 0, body.rfind("</span>") + len("</span>"))
    words = found.group(1) if found else _first_alt(body)
    return excerpt(words) if words else ""


def _first_alt(body: str) -> str:
    """The alt text that '<img\\b[^>]*?\\balt="([^"]+)"' first finds, read once: that search read on
    from each '<img' with no later '>' to the body's end (a raw '<table>' of '<img <img ...': its
    length squared, fuzz53). A tag that fails fails for each later '<img' before its '>' too (they
    read the same candidates), and an alt=" with no quote after it fails with every later one."""
    last_quote, pos = body.rfind('"'), 0
    while (img := _IMG.search(body, pos)) is not None:
        alt = _ALT_IN_TAG.match(body, img.end())
        if alt:
            return body[alt.end():body.index('"', alt.end())] if alt.end() < last_quote else ""
        pos = body.find(">", img.end()) + 1
        if not pos:
            return ""
    return ""


def _logo(views: Views) -> str:
    """The site.toml logo's absolute URL, or '' when it names a file the site does not have, or
    the default theme's placeholder tile (a red 'N'): no publisher's logo, and declaring it so in
    every story's JSON-LD gave search engines a stranger's mark as the newsroom's (rr55d 5)."""
    logo = views.config.site.logo
    if not logo or ("://" not in logo and (logo not in views.assets
                                           or _shared(views, ("placeholder",), lambda: placeholder_logo(views.config)))):
        return ""
    return views.logo_url()


def _card_logo(views: Views) -> str:
    """The logo as a social card's picture when it suits one (images.logo_fits_card: at least
    200x200, roughly square), never an SVG, which X ('SVG is not supported') and Facebook do not
    show: a wide wordmark was cropped to its middle, and no picture is better than a broken one."""
    logo = _logo(views) if views.pictures.logo_card else ""
    return "" if _is_svg(logo) else logo


def _is_svg(url: str) -> bool:
    return url.lower().partition("?")[0].endswith(".svg")


def _page_title(views: Views, page: Page, ctx: dict[str, Any]) -> str:
    site, edition = views.title(page.edition), page.edition
    term = ctx.get("term")
    # a later page worded as its <title> is (index.html, _list.html): 'Weather – page 2 – Site', the
    # front's 'Site – page 2'; a link shared from page 2 had 'page 2 – Site' (review54b)
    number = views.say(edition, "page %(number)s", number=page.number) if page.number > 1 else ""
    if page.kind == "index":
        return f"{site} – {number}" if number else site
    if term is not None:
        # 'January 2025' rather than '2025/01'; an author's name alone, as its <title> and heading
        # say it (the card said 'Articles by Ann Lee' beside a <title> of 'Ann Lee': rr55d 3)
        label = ctx.get("term_title") or term.name
    else:
        label = views.say(edition, LABELS[page.kind]) if page.kind in LABELS else ""
    return " – ".join(part for part in (label, number if label else "", site) if part)


def _common_og(views: Views, page: Page, kind: str, title: str, description: str, image: str,
               locales: tuple[tuple[str, str], ...]):
    edition = views.site.edition(page.articles[0]) if page.kind == "article" else page.edition
    tags = [("og:type", kind), ("og:title", title), ("og:description", description),
            ("og:url", views.abs_url(page.url)), ("og:site_name", views.title(edition)), *locales]
    if image:
        tags.append(("og:image", image))
    return tuple(tags)


def _twitter(title: str, description: str, image: str, large: bool) -> tuple[tuple[str, str], ...]:
    tags = [("twitter:card", "summary_large_image" if large else "summary"),
            ("twitter:title", title), ("twitter:description", description)]
    if image:
        tags.append(("twitter:image", image))
    return tuple(tags)


# JSON-LD --------------------------------------------------------------------------------------------
def _shared(views: Views, key: tuple, make: Callable[[], Any]) -> Any:
    """A JSON-LD part the same on many pages (the publisher, an author), made once per process."""
    found = views.seo_parts.get(key)
    if found is None:
        found = views.seo_parts[key] = make()
    return found


def organization(views: Views, edition: str = "") -> dict[str, Any]:
    return _shared(views, ("organization", edition), lambda: _organization(views, edition))


def _organization(views: Views, edition: str) -> dict[str, Any]:
    """[site] publisher, else the site's name in the edition the page is in ([site] titles): a
    German edition's readers know "Rheinkurier", not the main edition's "Rhine Courier"."""
    cfg = views.config.site
    org: dict[str, Any] = {"@type": "Organization", "name": cfg.publisher or views.title(edition), "url": views.base_url}
    if logo := _logo(views):
        org["logo"] = {"@type": "ImageObject", "url": logo}
    return org


def person(views: Views, name: str, url: str) -> dict[str, Any]:
    """An author as schema.org Person, with authors.toml's bio, photo and links when it has them."""
    return _shared(views, ("person", name, url), lambda: _person(views, name, url))


def _person(views: Views, name: str, url: str) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Person", "name": name, "url": views.absolute(url)}
    info = views.author_info(name) if views.config.authors else None
    if info is not None:
        if info.bio:
            data["description"] = info.bio
        if info.photo:
            data["image"] = views.absolute(info.photo)
        emails = [unquote(urlsplit(link).path) for link in info.links if link[:7].lower() == "mailto:"]
        pages = [_web(views, link) for link in info.links if link[:7].lower() != "mailto:"]
        if emails:   # sameAs is for pages that identify the person: a mailto: is none (review38c)
            data["email"] = emails[0] if len(emails) == 1 else emails
        if pages:
            data["sameAs"] = pages
    return data


def _web(views: Views, link: str) -> str:
    """An author's page elsewhere as an absolute http(s) address: '//x.example/jane' takes base_url's scheme."""
    return f"{urlsplit(views.base_url).scheme}:{link}" if link.startswith("//") else link


def news_article(views: Views, a: ArticleView, description: str | None = None) -> dict[str, Any]:
    """`description`: description_of(a) when the caller has it (an excerpt parses the body's HTML)."""
    authors = [person(views, p.name, p.url) for p in a.authors]
    publisher = organization(views, views.edition_for(a.language))
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "headline": headline(a.title),
        "description": description_of(a) if description is None else description,
        **dict(_dates(a, "datePublished", "dateModified")),
        "author": authors or [publisher],
        "publisher": publisher,
        "inLanguage": bcp47(a.language),
        "mainEntityOfPage": {"@type": "WebPage", "@id": a.abs_url},
        "url": a.abs_url,
        "wordCount": a.words,
    }
    if a.picture:
        data["image"] = [views.absolute(views.url(v.path)) for v in ld_images(a.picture)]
    elif a.image_address:
        data["image"] = [views.absolute(a.image)]
    if a.label:
        data["articleSection"] = a.label.name
    if a.tags:
        data["keywords"] = [t.name for t in a.tags]
    if a.corrections:
        data["correction"] = [{"@type": "CorrectionComment", "text": c.text, "datePublished": c.date_attr}
                              for c in a.corrections]
    return data


LD_MIN_PIXELS = 50_000   # Google's Article structured data: each image at least 50,000 pixels


def ld_images(picture: Picture) -> list[Variant]:
    """Google's news guidelines: 16:9, 4:3 and 1:1 crops, each at least LD_MIN_PIXELS (a 320x200
    lead's 200x200 1:1 was listed, review43c); none so large: the picture at its largest, uncropped.
    SVG and GIF have no crops: their one file."""
    crops = [v for r in ("16x9", "4x3", "1x1") if picture.variants(r) for v in (_ld_crop(picture, r),)
             if v.width * v.height >= LD_MIN_PIXELS]
    if crops:
        return list({v.path: v for v in crops}.values())
    full = [v for v in picture.variants("full") if v.mime != "image/webp"] or list(picture.variants("full"))
    return [max(full, key=lambda v: v.width * v.height)] if full else []


def _ld_crop(picture: Picture, rendition: str) -> Variant:
    """The crop nearest LD_WIDTH, else (too few pixels) its largest in a format every crawler reads."""
    near = picture.near(rendition, LD_WIDTH)
    if near.width * near.height >= LD_MIN_PIXELS:
        return near
    return max((v for v in picture.variants(rendition) if v.mime == near.mime), key=lambda v: v.width)


HEADLINE_MAX = 110   # Google's Article structured data: "headlines should not exceed 110 characters"


def headline(title: str) -> str:
    """The title, or its words up to HEADLINE_MAX characters and an ellipsis (cut as excerpts are:
    content.cut_text, CJK included): a headline over it is cut by the surfaces that show it or
    flagged by Google's checks. The page keeps the whole one. A cut that would fall between two
    letters of Thai, Lao, Burmese or Khmer, whose words are not spaced, keeps the whole title: no
    break rule here knows their words ('…ประชาชนจ…' ended on the first letter of 'จำนวน': rr55d 4),
    and a long headline is only cut by the surfaces that show it."""
    if len(title) <= HEADLINE_MAX:
        return title
    cut = cut_text(title, HEADLINE_MAX - 1)
    end = len(cut) - 1                     # where the title goes on after the cut
    return title if title[end] != " " and unspaced(title[end - 1:end + 1]) else cut


def breadcrumbs(views: Views, a: ArticleView) -> dict[str, Any]:
    edition = views.edition_for(a.language)
    trail = [_shared(views, ("front", edition), lambda: _front(views, edition))]
    if a.label:
        trail.append((a.label.name, views.absolute(a.label.url)))
    trail.append((a.title, a.abs_url))
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [{"@type": "ListItem", "position": n, "name": name, "item": url}
                            for n, (name, url) in enumerate(trail, start=1)],
    }


def _front(views: Views, edition: str) -> tuple[str, str]:
    """The edition's front page: its name and absolute URL."""
    return views.title(edition), views.abs_url(edition_root(views.config, edition))


def website(views: Views, edition: str = "") -> dict[str, Any]:
    cfg, home = views.config.site, views.abs_url(edition_root(views.config, edition))  # the edition's front
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": views.title(edition),
        "description": views.description(edition),
        "url": home,
        "inLanguage": bcp47(edition or cfg.language),
        "publisher": organization(views, edition),
    }
    if views.config.search.enabled:
        data["potentialAction"] = {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": home + "search/?q={search_term_string}"},
            "query-input": "required name=search_term_string",
        }
    return data


# Search ---------------------------------------------------------------------------------------------
def search_settings(views: Views, ctx: dict[str, Any]) -> SearchSettings:
    """With editions, a query searches the page's edition only: other editions' indexes are never
    loaded. An edition's stories in other languages are indexed under its own (search.indexed), but
    its language's regional variants ('en-gb') and Chinese or Japanese keep theirs: those are merged.
    Pagefind opens the language index of the page's <html lang> in its primary bundle, else the one
    with the most pages, maybe another edition's: the primary is the newest bundle where that index
    is one of this edition's, and every other (bundle, language) of the edition is merged in."""
    from .search import indexed, shards  # the search index's layout, planned from the articles alone
    site, edition = views.site, views.edition_for(ctx.get("lang", ""))
    heads = indexed(site.articles, site.edition, views.config.site.language)  # as the build indexes them
    mine = {a.language for i, a in enumerate(heads) if site.edition(i) == edition}
    bundles = shards(heads, views.config.tz)     # oldest first, the primary last
    own = ctx.get("lang", views.config.site.language)
    picks = [_pagefind_pick(Counter(heads[i].language for i in b.articles), own) for b in bundles]
    main = next((k for k in range(len(bundles) - 1, -1, -1) if picks[k] in mine), None)
    if main is None:  # an edition without a story, or only where another edition's language would open
        return SearchSettings(views.url("/pagefind/"), views.base_path, (), (), none=True, empty=not mine)
    others = tuple((views.url(f"/{b.folder}/"), tuple(lang for lang in b.languages if lang in mine))
                   for k, b in enumerate(bundles[:-1] if main == len(bundles) - 1 else bundles) if k != main)
    return SearchSettings(views.url(f"/{bundles[main].folder}/"), views.base_path,
                          tuple(sorted(lang for lang in bundles[main].languages if lang in mine and lang != picks[main])),
                          others)


def unsearchable(config: Config, site: Site, heads: Sequence, bundles: Sequence) -> list[str]:
    """A warning for each edition whose stories no search bundle opens (search_settings' none:
    its search page found nothing, and said nothing of why; it now says search is not available
    there, and loads no Pagefind). `heads`: each article's date and
    language, as site.articles (a restored plan's are read from the cache); `bundles`: the search
    shards planned from them (search.shards, which the build plans once for this and its index)."""
    if not (config.search.enabled and site.edition_of):
        return []
    counts = [Counter(heads[i].language for i in b.articles) for b in bundles]
    languages: dict[str, set[str]] = {}
    for i, head in enumerate(heads):
        languages.setdefault(site.edition(i), set()).add(head.language)
    found = []
    for edition, mine in sorted(languages.items()):
        own = edition or config.site.language
        if any(_pagefind_pick(c, own) in mine for c in counts):
            continue
        name, langs = (f"the {edition} edition" if edition else "the main edition"), ", ".join(sorted(mine))
        found.append(f"search: {name}'s stories ({langs}) cannot be searched: none is in {own}, its search "
                     f"page's language, and each search bundle holds more stories of another edition, whose index "
                     f"Pagefind would open instead, so its search page says search is not available; publish a story in {own}, or give "
                     f"{langs} an edition of its own ([site] editions in {config.file})")
    return found


def _pagefind_pick(counts: Counter, lang: str) -> str | None:
    """The language index Pagefind opens for a page in `lang` (its findIndex): that language, else
    its base language, else the one with the most pages (in a tie, the first in its sorted entry)."""
    lang = lang.lower()
    for candidate in (lang, lang.split("-")[0]):
        if candidate in counts:
            return candidate
    return min(counts, key=lambda code: (-counts[code], code)) if counts else None
