"""sitegen convert: raw seed text (a news page copied as text) -> content/<slug>.md.

Public API:
    convert_text(text, source=..., config=...) -> ConvertedArticle   (pure; raises SeedError)
    convert_all(config, seeds=..., content=..., force=..., report=..., progress=...) -> ConvertSummary

How a page is read (modules in this package, in pipeline order):
    blocks   one line = one block; shape features (length, sentence punctuation, share of
             lower-case words, bullets, repetition on the page, a small pattern list) give each
             line a value; the article body is the densest run of prose (maximum-sum run).
    extract  headline (title-shaped line above the run: length, a byline or date below it, not
             in a teaser list, shares words with the body), standfirst, byline, date, the end of
             the article (a "Related"/"Comments" label or a dated teaser card), body paragraphs;
             every dropped line is kept with the reason, for `--report`.
    bylines, dates, language, tags   the metadata; markdown  escaping; writer  the files.
Settings (site.toml [convert]): max_tags, boilerplate (extra regexes, any line), tag_aliases,
stop_tags, max_bytes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from ..config import Config
from . import language
from .blocks import DEFAULT_BOILERPLATE
from .extract import extract
from .markdown import paragraph
from .sections import seed_section
from .tags import extract_tags


class SeedError(Exception):
    """A seed that cannot be converted; the message names the file and what to do."""


@dataclass(frozen=True)
class ConvertedArticle:
    source: str                      # seed path relative to the seeds folder (posix)
    title: str
    summary: str
    authors: tuple[str, ...]
    date: datetime | None            # None: not stated in the seed
    language: str
    tags: tuple[str, ...]
    paragraphs: tuple[str, ...]      # body paragraphs as plain text
    dropped: tuple[tuple[int, str, str], ...]   # (line number, text, why)
    warnings: tuple[str, ...] = ()
    section: str = ""                # key of a [sections] entry, from the label above the headline

    @property
    def body_markdown(self) -> str:
        return "\n\n".join(paragraph(p) for p in self.paragraphs) + "\n"

    @property
    def plain_text(self) -> str:
        return "\n\n".join([self.title, self.summary, *self.paragraphs])


@lru_cache(maxsize=32)
def _compiled(extra: tuple[str, ...]) -> tuple[list[re.Pattern], list[re.Pattern]]:
    # Matched against lower-cased lines: a case-sensitive pattern is several times faster.
    defaults = [re.compile(p.removeprefix("(?i)")) for p in DEFAULT_BOILERPLATE]
    always = [re.compile(p, re.I) for p in extra]
    return defaults, always


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _check_text(text: str, source: str, max_bytes: int) -> None:
    if len(text) > max_bytes:
        raise SeedError(f"{source}: larger than convert.max_bytes ({max_bytes} bytes) — "
                        "split it or raise convert.max_bytes in site.toml")
    if not text.strip():
        raise SeedError(f"{source}: empty — paste the article's text into it or delete the file")
    sample = text[:4096]
    controls = len(_CONTROL.findall(sample))
    if "\x00" in sample or controls > max(8, len(sample) // 50):
        raise SeedError(f"{source}: looks binary, not text — seeds must be text copied from a page "
                        "(save it as .txt, UTF-8)")


def convert_text(text: str, *, source: str, config: Config) -> ConvertedArticle:
    """Seed text -> article parts. Pure: no disk, no clock. Raises SeedError on unusable input."""
    _check_text(text, source, config.convert.max_bytes)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\t", " ")
    text = re.sub(r"[\u200b-\u200f\u2060\ufeff]", "", text)
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    patterns, always = _compiled(tuple(config.convert.boilerplate))
    ex = extract(text, patterns=patterns, always=always, tz=config.tz)
    if ex is None:
        raise SeedError(f"{source}: no article found (no headline followed by paragraphs of prose; "
                        "only navigation or boilerplate?) — check that the file holds the article's "
                        "text, or add the headline as the first line")
    body_text = "\n".join(ex.body)
    lang = language.detect(ex.summary + "\n" + body_text, language.page_marker(list(ex.lines)),
                           config.site.language)
    tags = extract_tags(ex.title, ex.summary, list(ex.body), max_tags=config.convert.max_tags,
                        aliases=dict(config.convert.tag_aliases), stop=tuple(config.convert.stop_tags),
                        language=lang)
    return ConvertedArticle(source=source, title=ex.title, summary=ex.summary, authors=ex.authors,
                            date=ex.date, language=lang, tags=tuple(tags), paragraphs=ex.body,
                            dropped=ex.dropped, section=seed_section(ex.lines, ex.title, config))


from .writer import ConvertSummary, convert_all  # noqa: E402  (writer imports the above)

__all__ = ["SeedError", "ConvertedArticle", "ConvertSummary", "convert_text", "convert_all"]
