"""sitegen: a static-site news publisher (seeds -> content -> site -> public/)."""
from __future__ import annotations

import os
from functools import lru_cache


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """sitegen's own build code as installed: each module's name, size and mtime (a stat each,
    0.1 ms; an upgrade, a checkout or an edit changes them). It keys the build cache and the
    compiled templates, so a new sitegen never answers "nothing changed" from what an older one
    built: pages a new version would write differently are written again."""
    import hashlib
    folder = os.path.dirname(os.path.abspath(__file__))
    found = sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in os.scandir(folder)
                   if e.name.endswith(".py") and e.is_file())
    return hashlib.blake2b(repr(found).encode(), digest_size=8).hexdigest()



class LazyPattern:
    """A regular expression compiled at its first use, not at import (re.compile's arguments). A
    build uses few of the patterns its modules hold: an edit of one story at 1,000 articles compiled
    124 of sitegen's and used 22 (a no-change build: 65, used 7), each compiled on every run. After
    the first use the compiled pattern's names are this object's own: a use costs what the compiled
    pattern's does. A match's `.re` is the compiled pattern, not this: a pattern that code compares
    with `match.re` stays a compiled one. (No `typing` here: cli.py imports this module before its
    stop handler is installed, and a Ctrl-C in that import was a traceback, review42a.)"""
    _NAMES = ("findall", "finditer", "flags", "fullmatch", "groupindex", "groups", "match", "pattern",
              "scanner", "search", "split", "sub", "subn")

    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> object:   # reached only until the first use fills __dict__
        if name.startswith("_"):   # (copy and pickle ask for dunders; _source itself before __init__)
            raise AttributeError(name)
        import re
        compiled = re.compile(*self._source)
        self.__dict__.update((known, getattr(compiled, known)) for known in self._NAMES)
        return getattr(compiled, name)

# The libraries whose versions shape what a build writes: parsing (front matter, YAML, Markdown),
# slugs (python-slugify and its transliteration tables), templates and escaping, dates and numbers
# (Babel's CLDR data, the time zone database), pictures, SVG encodings, remote pictures' hosts (idna),
# the search index.
SHAPING = ("jinja2", "markupsafe", "markdown_it_py", "mdit_py_plugins", "python_frontmatter", "pyyaml",
           "python_slugify", "text_unidecode", "unidecode", "babel", "tzdata", "pillow", "webencodings", "idna",
           "pagefind", "pagefind_bin", "pagefind_bin_extended", "lingua_language_detector")


@lru_cache(maxsize=1)
def libraries_stamp() -> str:
    """SHAPING's installed versions and Python's (its Unicode tables among them), hashed: it keys the
    build cache beside code_stamp, so an upgraded library is a full rebuild, never "nothing changed"
    from what the old one rendered."""
    import hashlib
    import sys
    found = _installed(tuple(sys.path))
    versions = [(name, found.get(name, "")) for name in SHAPING]
    return hashlib.blake2b(repr((sys.version, versions)).encode(), digest_size=8).hexdigest()


def library_version(name: str) -> str:
    """The installed version of distribution `name` (normalised: "pillow", "markdown_it_py"), or ''."""
    import sys
    return _installed(tuple(sys.path)).get(name, "")


@lru_cache(maxsize=1)
def _installed(path: tuple[str, ...]) -> dict[str, str]:
    """Each installed distribution's version, read from the names of the dist-info folders on
    `path` (sys.path; the first a name is found in, as imports find it): one scandir of each
    (~0.3 ms), where importlib.metadata takes 25 ms to import and 6 ms to ask."""
    found: dict[str, str] = {}
    for folder in path:
        try:
            entries = os.scandir(folder or ".")
        except OSError:
            continue
        with entries:
            for entry in entries:
                stem, dot, kind = entry.name.rpartition(".")
                if kind in ("dist-info", "egg-info") and dot:
                    name, _, version = stem.partition("-")
                    found.setdefault(name.replace("-", "_").replace(".", "_").lower(), version)
    return found
