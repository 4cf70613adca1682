"""Property test: any site.toml values and any front matter give a clean build or clear errors
(a ConfigError naming the key, or build errors naming the file), never a traceback."""
from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta, timezone
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXED_NOW
from sitegen.build import Builder, BuildOptions
from sitegen.config import ConfigError, parse_config

ODD_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
TEXT = st.one_of(ODD_TEXT, st.sampled_from(["", "en", "/{year}/{slug}/", "/{nope}/{slug}/", "{slug.__class__}",
                                            "https://example.org/news/", "UTC", "Europe/Berlin", "(", "public"]))
SCALAR = st.one_of(TEXT, st.integers(-5, 10**6), st.booleans(), st.none(), st.floats(allow_nan=True))
VALUE = st.one_of(SCALAR, st.lists(SCALAR, max_size=3), st.dictionaries(TEXT, SCALAR, max_size=2))

STR = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)
INT, BOOL = st.integers(-5, 50), st.booleans()
TYPED = {  # a value of the right type most of the time, anything now and then
    "site": {"title": STR, "description": STR, "language": st.sampled_from(["en", "de", "fr"]),
             "base_url": st.sampled_from(["https://example.org/", "http://127.0.0.1:8000/news/", "https://x.org/a b/"]),
             "timezone": st.sampled_from(["UTC", "Pacific/Kiritimati", "Etc/GMT+12"]), "publisher": STR,
             "logo": STR, "copyright": STR},
    "build": {"permalink": st.sampled_from(["/{year}/{month}/{slug}/", "/{slug}/", "/{nope}/{slug}/",
                                            "/{slug}/{slug.__class__}/", "/{year}/{day}/{slug}/"]),
              "page_size": INT, "allow_html": BOOL, "words_per_minute": INT, "related": INT,
              "workers": st.integers(0, 2), "strict": BOOL, "max_tags": INT},
    "feeds": {"entries": INT, "full_content": BOOL, "per_tag": BOOL, "per_author": BOOL},
    "convert": {"max_tags": INT, "boilerplate": st.lists(STR, max_size=2), "stop_tags": st.lists(STR, max_size=2)},
    "paths": {"output": st.sampled_from(["public", "out/site", ".", "..", "content"])},
}
def _mostly(good: st.SearchStrategy) -> st.SearchStrategy:
    """The right type 19 times in 20: one bad key fails the whole config, hiding the rest."""
    return st.integers(0, 19).flatmap(lambda n: VALUE if n == 0 else good)


CONFIGS = st.fixed_dictionaries({}, optional={
    section: st.fixed_dictionaries({}, optional={k: _mostly(v) for k, v in keys.items()})
    for section, keys in TYPED.items()})
ZONES = st.sampled_from([timezone(timedelta(hours=h)) for h in (-12, -5, 0, 5, 14)])
DATES = st.one_of(st.datetimes(timezones=ZONES), st.datetimes(), st.dates(), ODD_TEXT,
                  st.sampled_from(["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "2025-01-10"]))
FRONT = st.fixed_dictionaries({"title": st.one_of(TEXT, TEXT, SCALAR), "date": DATES}, optional={
    "summary": STR, "authors": st.lists(STR, max_size=3), "tags": st.lists(STR, max_size=30), "slug": STR,
    "draft": st.one_of(BOOL, st.sampled_from(["false", "true", "no"])), "language": STR, "updated": DATES,
    "extra": VALUE, "typo": VALUE, "image": STR})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(CONFIGS, st.lists(FRONT, min_size=1, max_size=3), st.booleans())
def test_any_config_and_front_matter_build_or_fail_with_clear_errors(config_data, fronts, future):
    scratch = Path(tempfile.mkdtemp(prefix="sitegen-prop-"))
    try:
        (scratch / "content").mkdir()
        for i, front in enumerate(fronts):
            text = yaml.safe_dump(front, allow_unicode=True, default_flow_style=False)
            (scratch / "content" / f"a{i}.md").write_text(f"---\n{text}---\nBody {i}.\n", encoding="utf-8")
        try:
            config = parse_config(config_data, scratch)
        except ConfigError as exc:
            assert "site.toml" in str(exc)
            return
        result = Builder(config, BuildOptions(search=False, workers=1, future=future, drafts=future)).build(now=FIXED_NOW)
        if result.ok:
            assert (config.path("output") / "index.html").is_file()
        else:
            assert all(e.strip() for e in result.errors)
            assert not any("Traceback" in e for e in result.errors)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
