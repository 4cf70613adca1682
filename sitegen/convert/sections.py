"""A seed's section: the label or breadcrumb a news page prints just above its headline
("World", "Home › News › Politics"), matched against site.toml's [sections] and
[convert] section_aliases. Pure: no disk.
"""
from __future__ import annotations

import re

from ..config import Config

_CRUMBS = re.compile(r"\s*(?:[>›»/|·•]|\u2192)\s*")
_LABEL_REACH = 3      # a bare label sits right above the headline (a menu further up is not one)
_CRUMB_REACH = 15     # a breadcrumb trail may sit above the date, byline or picture caption


def _names(config: Config) -> dict[str, str]:
    """Lower-cased spelling -> section key: each key, name and slug, then the aliases."""
    names: dict[str, str] = {}
    for key, entry in config.sections.items():
        for spelling in (key, entry.name, entry.slug):
            if spelling:
                names[spelling.casefold()] = key
    for alias, key in config.convert.section_aliases.items():
        if key in config.sections:
            names[alias.casefold()] = key
    return names


def seed_section(lines: tuple[str, ...], title: str, config: Config) -> str:
    """The section key for a seed, or [convert] default_section when no label near the headline
    matches. The most specific crumb (the last one that matches) wins."""
    if not config.sections:
        return ""
    names = _names(config)
    at = next((i for i, line in enumerate(lines) if line.strip() == title), None)
    if at is not None:
        for distance, line in enumerate(reversed(lines[max(0, at - _CRUMB_REACH):at]), start=1):
            crumbs = [c.casefold() for c in _CRUMBS.split(line.strip()) if c]
            if len(crumbs) == 1 and distance > _LABEL_REACH:
                continue
            found = [names[c] for c in crumbs if c in names]
            if found:
                return found[-1]
    default = config.convert.default_section
    return default if default in config.sections else ""
