"""public/_headers: long cache only for fingerprinted files, and never two Cache-Control rules on one path
(Netlify and Cloudflare Pages join the values of overlapping rules with a comma)."""
from __future__ import annotations

import re

from builders import build_copy


def parse_headers(text: str) -> list[tuple[re.Pattern, dict[str, str]]]:
    rules: list[tuple[re.Pattern, dict[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line[0].isspace():
            pattern = re.sub(r":[a-z]+", "[^/]+", re.escape(line).replace(r"\*", ".*"))  # ':shard': one segment
            rules.append((re.compile(pattern + "$"), {}))
        else:
            name, _, value = line.strip().partition(":")
            rules[-1][1][name.lower()] = value.strip()
    return rules


def cache_control(rules, url: str) -> list[str]:
    return [h["cache-control"] for pattern, h in rules if pattern.match(url) and "cache-control" in h]


def test_headers_cache_fingerprinted_files_only(tmp_path):
    public = build_copy("subpath", tmp_path / "site")
    rules = parse_headers((public / "_headers").read_text(encoding="utf-8"))
    urls = ["/news/" + p.relative_to(public).as_posix() for p in public.rglob("*") if p.is_file()]
    styles = [u for u in urls if re.fullmatch(r"/news/static/style\.[0-9a-f]{8}\.css", u)]
    assert styles, "the stylesheet is published fingerprinted"
    for url in urls:
        policies = cache_control(rules, url)
        assert len(policies) <= 1, f"{url}: overlapping Cache-Control rules {policies}"
        if url in styles:
            assert policies == ["public, max-age=31536000, immutable"]
        else:
            assert policies == [], f"{url} may change under its name but is cached: {policies}"
    assert cache_control(rules, "/news/pagefind/fragment/en_1a2b3c4.pf_fragment")
    assert cache_control(rules, "/news/pagefind/2024-05/fragment/en_1a2b3c4.pf_fragment")  # an older month's shard
    assert cache_control(rules, "/news/pagefind/2024-05/index/en_1a2b3c4.pf_index")
    assert not cache_control(rules, "/news/pagefind/2024-05/pagefind-entry.json")
    assert [h["x-content-type-options"] for p, h in rules
            if p.match("/news/index.html") and "x-content-type-options" in h] == ["nosniff"]
