"""sitegen convert: raw seed text (a news page copied as text) -> content/<slug>.md.

Public API:
    convert_text(text, source=..., config=...) -> ConvertedArticle   (pure; raises SeedError)
    convert_all(config, seeds=..., content=..., force=..., report=..., progress=...) -> ConvertSummary
    warm(config) -> bool   (what a first conversion loads, loaded ahead: a watcher's, once quiet)

How a page is read (modules in this package, in pipeline order):
    blocks   one line = one block; shape features (length, sentence punctuation, share of
             lower-case words, bullets, repetition on the page, a small pattern list) give each
             line a value; the article body is the densest run of prose (maximum-sum run).
    extract  headline (title-shaped line above the run: length, a byline or date below it, not
             in a teaser list, shares words with the body), standfirst, byline, date, the end of
             the article (a "Related"/"Comments" label or a dated teaser card), body paragraphs;
             every dropped line is kept with the reason, for `--report`.
    bylines, dates, language, tags   the metadata; markdown  escaping.
    seed     convert_text: one seed's text through the above into a ConvertedArticle (pure).
    writer   convert_all: seeds/ -> content/ files, in a pool, never over a hand edit.
Settings (site.toml [convert]): max_tags, boilerplate (extra regexes, any line), tag_aliases,
stop_tags, max_bytes.
"""
from __future__ import annotations

from .seed import ConvertedArticle, SeedError, convert_text
from .writer import ConvertSummary, ForceNamesNothing, convert_all, warm

__all__ = ["SeedError", "ConvertedArticle", "ConvertSummary", "ForceNamesNothing", "convert_text", "convert_all",
           "warm"]
