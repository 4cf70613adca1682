"""Pictures as pages show them: `<figure>` and `<picture>` markup from processed images. No I/O.

Every `<img>` gets width and height (the browser reserves the space: no layout shift), a WebP
`srcset` and one in the original format, and `sizes` saying how wide the theme shows it. All but
the page's lead picture load lazily; the lead is fetched first (`fetchpriority="high"`). The
front page's first picture beside a lead without one loads at once too (`first`): on a phone it
stands above the fold; so does a story's first picture in its text when it has no lead.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from markupsafe import Markup, escape

from .images import Picture

# How wide the default theme shows each kind of picture (templates/static/style.css).
ARTICLE_SIZES = "(min-width: 42rem) 40rem, calc(100vw - 2rem)"
THUMB_SIZES = "(min-width: 60rem) 22rem, (min-width: 40rem) 45vw, calc(100vw - 2rem)"
LEAD_SIZES = "(min-width: 72rem) 46rem, (min-width: 60rem) 64vw, calc(100vw - 2rem)"
# Beside the words on topic, author and archive pages: clamp(6rem, 25vw, 12rem). With THUMB_SIZES
# there a phone fetched the 960 px crop for a 96 px picture (at 2x), ten a page.
SMALL_SIZES = "(min-width: 48rem) 12rem, (min-width: 24rem) 25vw, 6rem"


@dataclass(frozen=True)
class Figure:
    """An article's picture for templates: `html` (the figure under the headline), `thumb`,
    `small` and `lead` (16:9 crops: a card's, the small one beside a list's words, the front
    page's top story's; `first`, `thumb` loaded at once) and the plain values."""
    src: str                  # the fallback image's URL
    width: int
    height: int
    alt: str
    caption: str
    credit: str
    html: Markup
    thumb: Markup
    lead: Markup
    small: Markup
    first: Markup             # `thumb` loaded at once: the front page's first picture when its lead has none


def srcset(picture: Picture, rendition: str, mime: str, url: Callable[[str], str]) -> str:
    return ", ".join(f"{url(v.path)} {v.width}w" for v in picture.variants(rendition, mime))


def picture_html(picture: Picture | None, url: Callable[[str], str], alt: str, sizes: str,
                 rendition: str = "full", lead: bool = False, external: str = "", lazy: bool = True) -> Markup:
    """<picture> with a WebP source and the original format as fallback; an external picture
    (a URL sitegen cannot process) as a plain, lazy <img>. `lazy=False`: loaded at once, in
    the page's order (a picture above the fold that is not the page's lead)."""
    loading = ' fetchpriority="high"' if lead else ' loading="lazy"' if lazy else ""
    if picture is None:
        return Markup(f'<img src="{escape(external)}" alt="{escape(alt)}"{loading} decoding="async">')
    fallback = picture.largest(rendition, _fallback_mime(picture, rendition))
    if fallback.mime in ("image/svg+xml", "image/gif"):  # published as it is: one file, any width
        size = f' width="{fallback.width}" height="{fallback.height}"' if fallback.width else ""
        return Markup(f'<img src="{escape(url(fallback.path))}"{size} alt="{escape(alt)}"{loading} decoding="async">')
    webp = srcset(picture, rendition, "image/webp", url)
    source = (f'<source type="image/webp" srcset="{escape(webp)}" sizes="{escape(sizes)}">'
              if webp and fallback.mime != "image/webp" else "")
    own = srcset(picture, rendition, fallback.mime, url)
    return Markup(f'<picture>{source}<img src="{escape(url(fallback.path))}" srcset="{escape(own)}" '
                  f'sizes="{escape(sizes)}" width="{fallback.width}" height="{fallback.height}" '
                  f'alt="{escape(alt)}"{loading} decoding="async"></picture>')


def _fallback_mime(picture: Picture, rendition: str) -> str | None:
    """The original format when there is one besides WebP (old browsers), else WebP."""
    mimes = {v.mime for v in picture.variants(rendition)}
    others = sorted(mimes - {"image/webp"})
    return others[0] if others else None


def figure_html(inner: Markup, caption: str, credit: str, cls: str = "figure") -> Markup:
    words = ""
    if caption or credit:
        parts = [f'<span class="caption">{escape(caption)}</span>' if caption else "",
                 f'<span class="credit">{escape(credit)}</span>' if credit else ""]
        words = f'<figcaption>{" ".join(p for p in parts if p)}</figcaption>'
    return Markup(f'<figure class="{cls}">{inner}{words}</figure>')


def lead_figure(picture: Picture | None, url: Callable[[str], str], ref: str, alt: str, caption: str,
                credit: str) -> Figure:
    """The article's own picture (front matter `image`), in every form the theme shows it."""
    if picture is None:  # an absolute URL: shown as it is
        plain = picture_html(None, url, alt, ARTICLE_SIZES, lead=True, external=ref)
        lazy = picture_html(None, url, alt, THUMB_SIZES, external=ref)
        return Figure(ref, 0, 0, alt, caption, credit, figure_html(plain, caption, credit, "story-image"), lazy, plain,
                      lazy, picture_html(None, url, alt, THUMB_SIZES, external=ref, lazy=False))
    main = picture.largest("full", _fallback_mime(picture, "full"))
    html = figure_html(picture_html(picture, url, alt, ARTICLE_SIZES, lead=True), caption, credit, "story-image")
    return Figure(url(main.path), main.width, main.height, alt, caption, credit, html,
                  picture_html(picture, url, alt, THUMB_SIZES, "16x9"),
                  picture_html(picture, url, alt, LEAD_SIZES, "16x9", lead=True),
                  picture_html(picture, url, alt, SMALL_SIZES, "16x9"),
                  picture_html(picture, url, alt, THUMB_SIZES, "16x9", lazy=False))


def body_figure(picture: Picture | None, url: Callable[[str], str], src: str, alt: str, caption: str,
                alone: bool, lazy: bool = True) -> Markup:
    """A picture in the text: a <figure> when it stands in its own paragraph, else inline.
    `lazy=False`: the text's first picture on a page with no lead (views._body_images)."""
    inner = picture_html(picture, url, alt, ARTICLE_SIZES, external=src, lazy=lazy)
    return figure_html(inner, caption, "") if alone else inner
