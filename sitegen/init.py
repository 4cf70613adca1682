"""`sitegen init [DIR]`: a new site that builds at once: site.toml with comments, seeds/, content/
with one sample article, and a .gitignore for what the build makes.

Never overwrites: a folder that already has any of these files is left as it is.
"""
from __future__ import annotations

import errno
import json
import os
import re
import tomllib
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from .config import CONFIG_FILE, DEFAULT_THEME, PathsSection, no_room, not_a_seed, not_yours

SITE_TOML = '''\
# sitegen site configuration. Every key is optional: delete what you do not need.
# The README's "Configuration" and "Front matter" sections explain every key.

[site]
title = {title}
description = "News, published with sitegen."
# Where public/ will be served. Every link, feed and sitemap is built from it; a sub-path works
# (https://example.org/news/). `sitegen serve` previews with its own address instead.
base_url = "http://127.0.0.1:8000/"
language = "en"              # the site's main language; with its region, "en-GB" or "pt-BR", for its dates and og:locale
timezone = "UTC"             # IANA zone dates are shown in, e.g. "Europe/Berlin"; an article's own `timezone` wins
publisher = ""               # organisation in structured data and the Google News sitemap (default: title)
# Language editions: once articles are in two or more languages, each language other than
# `language` gets its own front page, sections, feeds, sitemap and search under /LANG/, with the
# interface in that language ({languages} ship with sitegen). false keeps one stream;
# a list (["de", "fr"]) gives only those languages an edition.
# editions = true
# edition_path = "/{{language}}/"
# titles = {{ de = "Nachrichten" }}          # the site's title and description in an edition
# descriptions = {{ de = "Nachrichten, veröffentlicht mit sitegen." }}

[build]
permalink = "/{{year}}/{{month}}/{{slug}}/"   # also {{day}} and {{language}}
page_size = 10               # stories per list page
allow_html = false           # raw HTML in your own Markdown; text from seeds is always escaped

# Sections: the masthead menu, in this order. Each gets a front page at /SLUG/ with its own feeds.
# An article joins one with `section: world` in its front matter; the converter fills it in when a
# seed's label or breadcrumb names the section (or one of [convert] section_aliases).
# [sections.world]
# name = "World"
# description = "News from beyond our borders."
# [sections.business]
# name = "Business"
# slug = "business"

[feeds]
entries = 20                 # newest stories per feed
full_content = true          # whole articles in the site's feeds (false: summaries)

[search]
enabled = true               # full-text search page (Pagefind), built at the end of `sitegen build`

[convert]
max_tags = 8
boilerplate = []             # extra lines to drop from seeds (regular expressions)
tag_aliases = {{}}             # one spelling per tag: {{ "U.S." = "United States" }}
section_aliases = {{}}         # a seed's section label -> a [sections] key: {{ "Wirtschaft" = "business" }}
default_section = ""         # the section of a seed whose label matches none ("" = none)

[deploy]
target = ""                  # e.g. "/var/www/news", "git+file:///srv/news.git#gh-pages", "user@host:/var/www/news"

# Old addresses of a renamed tag, author or section, kept with their feeds (the build's note names the line to add).
# [redirects]
# "/tags/corona/" = "/tags/coronavirus/"
'''

SAMPLE = '''\
---
title: Welcome to your news site
summary: This sample article shows the front matter an article can have. Edit it or delete it.
authors: [The Editors]
date: {date}
tags: [Announcements]
language: en
---
Articles are Markdown files in `content/` with front matter between the `---` lines. Put raw
article text copied from a web page into `seeds/` instead, and `sitegen build` converts it into
a file like this one.

Run `sitegen serve` to preview the site while you write, and `sitegen build` to make `public/`.
'''

SAMPLE_FILE = "content/welcome.md"
# The sample as init wrote it, whatever its date: an import removes it then (else it led the site,
# beside the stories imported, and went live with the next deploy); an edited one is the editor's
_SAMPLE_AS_WRITTEN = re.compile(r"[0-9T:+.Z-]{10,40}".join(map(re.escape, SAMPLE.split("{date}"))))


def unedited_sample(content: Path) -> Path | None:
    """content/welcome.md when it is init's sample, unedited (byte for byte but for its date)."""
    path = content / Path(SAMPLE_FILE).name
    try:
        return path if path.is_file() and _SAMPLE_AS_WRITTEN.fullmatch(path.read_text(encoding="utf-8")) else None
    except (OSError, UnicodeError):
        return None


def has_stories(folder: Path) -> Path | None:
    """The folder of the project in `folder` that already holds its stories: content/ with a Markdown
    file, or seeds/ with a seed (*.txt) the converter makes one of (they were, and the sample led
    their site); hidden files and folders (content/.obsidian/) not counted, as the build skips them."""
    for top, suffix, skip in ((folder / "content", ".md", not_yours), (folder / "seeds", ".txt", not_a_seed)):
        if _holds(top, suffix, skip):
            return top
    return None


def _holds(top: Path, suffix: str, skip: Callable[[str], bool]) -> bool:
    for _, dirs, names in os.walk(top):   # not into linked folders, as the converter
        dirs[:] = [d for d in dirs if not skip(d)]
        if any(name.endswith(suffix) and not skip(name) for name in names):
            return True
    return False


ESSENTIAL = ("public/", ".sitegen/")   # the build's output and cache
# Also what a build or convert leaves while it runs, or killed midway (the next run removes it): a
# `git add -A` then committed a half-made copy of public/ or a content file's temporary twin.
GITIGNORE = "".join(f"{line}\n" for line in (*ESSENTIAL, "/.public.stage-*/", ".convert-*.tmp", ".sitegen-published.tmp"))


def unignored(folder: Path) -> list[str]:
    """The ESSENTIAL lines an existing .gitignore lacks (init keeps that file as it is): the
    build's output and cache would otherwise be committed with the sources."""
    try:
        have = {line.strip().strip("/") for line in (folder / ".gitignore").read_text(encoding="utf-8").splitlines()}
    except (OSError, UnicodeError):
        return []
    return [line for line in ESSENTIAL if line.strip("/") not in have and "/" + line.strip("/") not in have]


class NestedSiteError(Exception):
    """The new site would sit inside one of another site's folders; str() says which and why."""


# Another site's folders a new site may not sit in: its sources and what its builds write
OUTER_FOLDERS = ("content", "seeds", "templates", "static", "output")


def shipped_languages() -> list[str]:
    """The interface languages the default theme has words for: English, then each catalog."""
    from .i18n import CATALOGS, FALLBACK
    return [FALLBACK, *sorted(p.stem for p in (DEFAULT_THEME / CATALOGS).glob("*.po"))]


def outer_folder(folder: Path) -> tuple[Path, str, Path] | None:
    """(the other site's folder, the key of its folder, that folder) holding `folder`, if any."""
    here = folder.resolve()
    for root in here.parents:
        if not (root / CONFIG_FILE).is_file():
            continue
        for name, path in _folders(root).items():
            if here == path or here.is_relative_to(path):
                return root, name, path
    return None


def _folders(root: Path) -> dict[str, Path]:
    """A site's OUTER_FOLDERS as its site.toml's [paths] names them, read without validating it
    (nor writing that site's config cache); a name it does not give, or cannot, is the default."""
    try:
        named = tomllib.loads((root / CONFIG_FILE).read_text(encoding="utf-8")).get("paths", {})
    except (OSError, UnicodeError, tomllib.TOMLDecodeError):
        named = {}
    named = named if isinstance(named, dict) else {}
    found = {}
    for name in OUTER_FOLDERS:
        value = named.get(name)
        found[name] = (root / (value if isinstance(value, str) and value else getattr(PathsSection, name))).resolve()
    return found


def _dangling(folder: Path) -> Path | None:
    """The first symbolic link on the way to `folder` that leads to nothing (its target missing,
    or a loop): mkdir cannot make a folder through it."""
    return next((p for p in (*reversed(folder.parents), folder) if p.is_symlink() and not p.exists()), None)


def init_site(folder: Path, now: datetime | None = None) -> list[Path]:
    """Create the site's files in `folder` (made if missing); returns those created. Raises
    FileExistsError when the folder already holds a site.toml, NestedSiteError when it is inside
    another site's content/ (or seeds/, templates/, static/, public/)."""
    link = _dangling(folder)
    if link is not None:   # else resolve() failed on a loop, and mkdir's FileExistsError read "a site already"
        who = "it" if link == folder else str(link)
        raise FileNotFoundError(errno.ENOENT, f"{who} is a symbolic link to {os.readlink(link)}, which leads to "
                                "nothing; make that folder, or name another", str(folder))
    outer = outer_folder(folder)
    if outer is not None:
        root, name, path = outer
        why = ("its welcome.md would be published by that site" if name == "content"
               else "that site's builds would take its files for their own")
        raise NestedSiteError(f"{folder.resolve()} is inside {path}, the {name} folder of the site in {root}: {why}; "
                              "make the new site outside that site's folders")
    if folder.is_file():   # else mkdir's FileExistsError: "this folder is a site already"
        raise NotADirectoryError(errno.ENOTDIR, "it is a file, not a folder; name a folder (made if missing)", str(folder))
    new_folders = _missing(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / CONFIG_FILE).exists():
        raise FileExistsError(folder / CONFIG_FILE)
    stamp = (now or datetime.now(timezone.utc)).replace(microsecond=0, second=0)
    title = folder.resolve().name.replace("-", " ").replace("_", " ").title() or "News"
    files = {
        # a TOML basic string (JSON's escapes are TOML's): 'title = "Odd\Name"' for a folder odd\name was invalid
        CONFIG_FILE: SITE_TOML.format(title=json.dumps(title, ensure_ascii=False), languages=", ".join(shipped_languages())),
        SAMPLE_FILE: SAMPLE.format(date=stamp.isoformat()),
        ".gitignore": GITIGNORE,
    }
    if has_stories(folder):   # an existing project's: the sample would lead its site
        del files[SAMPLE_FILE]
    made: list[Path] = []
    try:
        for name, text in files.items():
            path = folder / name
            new_folders += _missing(path.parent)
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                _write_whole(path, text)
                made.append(path)
        new_folders += _missing(folder / "seeds")
        (folder / "seeds").mkdir(exist_ok=True)
    except OSError as exc:   # a full disk: what this run made is taken back, so init can be run again
        no_room(exc)   # what ran out, judged before the undo frees entries
        _undo(made, new_folders)
        raise
    return made


def _missing(folder: Path) -> list[Path]:
    """`folder` and those of its parents that do not exist, outermost first: what mkdir(parents=True) makes."""
    return [p for p in (*reversed(folder.parents), folder) if not p.exists() and not p.is_symlink()]


def _write_whole(path: Path, text: str) -> None:
    """`path` written under a temporary name, then renamed: a full disk left a 0-byte site.toml, and
    init then refused the folder as 'a site already'."""
    temporary = path.with_name(f".{path.name}.init-tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _undo(made: list[Path], folders: list[Path]) -> None:
    """The files and folders this run made removed (a folder only when empty: never another's files)."""
    for path in made:
        path.unlink(missing_ok=True)
    for folder in reversed(folders):
        try:
            folder.rmdir()
        except OSError:
            pass
