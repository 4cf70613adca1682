"""site.toml -> one frozen, typed Config.

Validation is pydantic's: every unknown key and every bad value is reported at once, each with
its dotted name and what was expected. Defaults work with no site.toml at all.
"""
from __future__ import annotations

import tomllib
from dataclasses import field, replace
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ConfigDict, TypeAdapter, ValidationError, field_validator
from pydantic.dataclasses import dataclass

CONFIG_FILE = "site.toml"
DEFAULT_THEME = Path(__file__).resolve().parent.parent / "templates"  # the theme shipped with sitegen
_STRICT = ConfigDict(extra="forbid")


class ConfigError(Exception):
    """site.toml could not be read or validated; str() lists every problem."""


@dataclass(config=_STRICT, frozen=True)
class SiteSection:
    title: str = "sitegen News"
    description: str = "News, published with sitegen."
    base_url: str = "http://127.0.0.1:8000/"
    language: str = "en"
    timezone: str = "UTC"
    publisher: str = ""          # organisation name in JSON-LD and the Google News sitemap; defaults to title
    logo: str = "static/logo.png"  # relative to the site root, or an absolute URL
    copyright: str = ""

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("expected an absolute http(s) URL such as 'https://example.org/news/'")
        return value if value.endswith("/") else value + "/"

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("expected an IANA time zone such as 'Europe/London' or 'UTC'") from exc
        return value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        if not (2 <= len(value) <= 3 and value.isalpha() and value.islower()):
            raise ValueError("expected an ISO 639-1 code such as 'en'")
        return value


@dataclass(config=_STRICT, frozen=True)
class PathsSection:
    seeds: str = "seeds"
    content: str = "content"
    templates: str = "templates"
    static: str = "static"       # site static files, copied over the theme's templates/static
    output: str = "public"
    cache: str = ".sitegen"


@dataclass(config=_STRICT, frozen=True)
class BuildSection:
    permalink: str = "/{year}/{month}/{slug}/"
    page_size: int = 10
    allow_html: bool = False     # raw HTML in editor-written content; seed text is always escaped
    words_per_minute: int = 230
    related: int = 4
    workers: int = 0             # 0 = one per CPU core
    strict: bool = False

    @field_validator("permalink")
    @classmethod
    def _permalink(cls, value: str) -> str:
        if "{slug}" not in value or not value.startswith("/") or not value.endswith("/"):
            raise ValueError("expected a pattern like '/{year}/{month}/{slug}/' (starts and ends with '/', contains {slug})")
        return value

    @field_validator("page_size", "words_per_minute")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value < 1:
            raise ValueError("expected a positive integer")
        return value


@dataclass(config=_STRICT, frozen=True)
class FeedsSection:
    entries: int = 20
    full_content: bool = True         # the site's feeds carry whole articles
    full_content_terms: bool = False  # tag and author feeds too (costly: ~1,600 feeds at 10,000 articles)
    per_tag: bool = True
    per_author: bool = True


@dataclass(config=_STRICT, frozen=True)
class SearchSection:
    enabled: bool = True


@dataclass(config=_STRICT, frozen=True)
class ConvertSection:
    max_tags: int = 8
    boilerplate: tuple[str, ...] = ()          # extra lines (regexes) always dropped
    tag_aliases: dict[str, str] = field(default_factory=dict)  # spelling -> canonical tag
    stop_tags: tuple[str, ...] = ()            # never tags
    max_bytes: int = 20_000_000


@dataclass(config=_STRICT, frozen=True)
class DeploySection:
    target: str = ""
    cname: str = ""


@dataclass(config=_STRICT, frozen=True)
class ServeSection:
    host: str = "127.0.0.1"
    port: int = 8000


@dataclass(config=_STRICT, frozen=True)
class Config:
    site: SiteSection = field(default_factory=SiteSection)
    paths: PathsSection = field(default_factory=PathsSection)
    build: BuildSection = field(default_factory=BuildSection)
    feeds: FeedsSection = field(default_factory=FeedsSection)
    search: SearchSection = field(default_factory=SearchSection)
    convert: ConvertSection = field(default_factory=ConvertSection)
    deploy: DeploySection = field(default_factory=DeploySection)
    serve: ServeSection = field(default_factory=ServeSection)
    root: str = "."              # folder of site.toml; set by load_config, not by the file

    # Resolved paths, all relative to the site root.
    def path(self, name: str) -> Path:
        return Path(self.root) / getattr(self.paths, name)

    def template_dirs(self) -> list[Path]:
        """The site's templates first, so a site overrides any one template of the default theme."""
        dirs = [self.path("templates")]
        if DEFAULT_THEME.is_dir() and DEFAULT_THEME.resolve() != dirs[0].resolve():
            dirs.append(DEFAULT_THEME)
        return dirs

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.site.timezone)

    @property
    def base_path(self) -> str:
        """The URL path the site lives under: '/' or '/news/'."""
        return urlsplit(self.site.base_url).path or "/"

    def with_base_url(self, base_url: str) -> "Config":
        return replace(self, site=replace(self.site, base_url=base_url))


_ADAPTER = TypeAdapter(Config)


def _format_errors(exc: ValidationError, source: str) -> str:
    lines = [f"{source}: {exc.error_count()} problem(s):"]
    for err in exc.errors():
        name = ".".join(str(p) for p in err["loc"]) or "(top level)"
        if err["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
            msg = "unknown key; remove it or check its spelling"
        else:
            msg = err["msg"].removeprefix("Value error, ")
        lines.append(f"  - {name}: {msg} (got {err.get('input')!r})")
    return "\n".join(lines)


def parse_config(data: dict, root: Path | str = ".", source: str = CONFIG_FILE) -> Config:
    try:
        config = _ADAPTER.validate_python({**data, "root": str(root)})
    except ValidationError as exc:
        raise ConfigError(_format_errors(exc, source)) from None
    return config


def load_config(root: Path | str = ".", file: Path | str | None = None) -> Config:
    """Read site.toml from `root` (missing file = all defaults)."""
    root = Path(root)
    path = Path(file) if file else root / CONFIG_FILE
    if not path.exists():
        if file:
            raise ConfigError(f"{path}: no such file; create it or run from the site's folder")
        return parse_config({}, root)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    return parse_config(data, path.parent, str(path))
