"""sitegen's command line: argument handling and printing, nothing else.

Exit codes: 0 success, 1 the work found errors (bad seeds, content or templates), 2 bad usage or
configuration, 75 another build of the site is running (try again later), 130 interrupted,
143 stopped by SIGTERM (serve and watch: 0 for either stop).
"""
from __future__ import annotations

import os
import sys

# Nothing else at the top: a stop (SIGTERM, Ctrl-C) is the command's stop only once entry() has
# begun, so what comes before it is kept to this module's own code (see entry). argparse, pathlib
# and typing are imported where they are used.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    import threading
    from pathlib import Path
    from typing import Callable, TextIO

    from .build import BuildOptions
    from .config import Config
    from .importer import ImportSummary

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_BUSY = 75  # another sitegen holds the site's build lock: try again later (sysexits' EX_TEMPFAIL)
EXIT_TERMINATED = 143  # stopped by SIGTERM (128 + 15, as a shell reports a process it killed), cleaned up

DESCRIPTION = """\
sitegen turns raw news article text (seeds/) into front-matter Markdown (content/) and renders
it into a complete static news site (public/): article pages, a paginated front page, tag,
author and archive pages, feeds, sitemaps, structured data and search.

Typical use:
  sitegen init news        make a new site in news/ (site.toml, seeds/, content/, a sample article)
  sitegen build            convert new seeds, then build public/
  sitegen serve            build, preview on http://127.0.0.1:8000/ and rebuild + reload on save
  sitegen deploy TARGET    build, then publish public/ to a folder, a git branch or rsync

Settings live in site.toml (every key is optional; see README). Exit status: 0 ok, 1 errors
in the input (each named with its file and line; a site.toml setting whose pages clash with others,
found while building, too), 2 bad usage or site.toml as it is read, 75 another build of this
site is running (try again later), 130 interrupted (Ctrl-C), 143 stopped by SIGTERM (kill, timeout,
docker stop; cleaned up as on Ctrl-C). watch and serve exit 0 on either stop."""


def _common(p: argparse.ArgumentParser) -> None:
    from pathlib import Path
    p.add_argument("--root", type=Path, default=None,
                   help="the site's folder (default: the folder of --config, else the current folder)")
    p.add_argument("--config", type=Path, default=None, help="config file, in the site's folder (default: ROOT/site.toml)")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="print errors, the summary line and what no later run says again (the converter's "
                        "warnings and notes on the seeds it converts, a build's one-time notes); leave out what "
                        "every build says again (its warnings and standing notes; --strict still prints the "
                        "warnings it fails on)")


def _build_flags(p: argparse.ArgumentParser, publishes: bool = False) -> None:
    """`publishes`: deploy's. It refuses --drafts and --future before building anything (a preview
    is never published), so its help does not list them; they are parsed only to say so."""
    import argparse
    p.add_argument("--drafts", action="store_true",
                   help=argparse.SUPPRESS if publishes else "include articles with draft: true")
    p.add_argument("--future", action="store_true",
                   help=argparse.SUPPRESS if publishes else "include articles dated in the future")
    p.add_argument("--strict", action="store_true",
                   help="all or nothing: warnings are errors, and a story that does not parse publishes nothing")
    p.add_argument("--base-url", help="override site.base_url for this build, e.g. https://example.org/news/")
    p.add_argument("--no-convert", action="store_true", help="skip converting seeds/ first")
    p.add_argument("-j", "--workers", type=_workers, default=None,
                   help="worker processes, 0 one per core (default: [build] workers in site.toml, else one per core)")
    p.add_argument("--force-output", action="store_true",
                   help="build into a non-empty output folder that holds no record of a sitegen build "
                        "(files already there are kept, never deleted)")


def _wait_flag(p: argparse.ArgumentParser, default: str) -> None:
    """--wait: for a script (a cron convert or build) that would rather wait out another sitegen's
    build than fail. Build and convert default to 0 s, so a person at a terminal is told at once who
    holds the site; deploy waits 2 minutes, as it did."""
    p.add_argument("--wait", type=_seconds, default=None, metavar="SECONDS",
                   help=f"when another sitegen is building this site, wait up to SECONDS for it to finish, "
                        f"then exit 75 (default: {default})")


def _seconds(text: str) -> float:
    import argparse
    try:
        number = float(text)
    except ValueError:
        number = -1.0
    if not 0 <= number < float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r}: expected a number of seconds, e.g. 600 (0: do not wait)")
    return number


def _port(text: str) -> int:
    """--port: checked here, where argparse names the flag, not as a traceback from bind()."""
    import argparse
    from .config import port_number
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a port number, e.g. 8000") from None
    try:
        return port_number(number)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: {exc}") from None


def _workers(text: str) -> int:
    """-j: 0 (one per core) or a count, as [build] workers in site.toml."""
    import argparse
    try:
        number = int(text)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: expected 0 (one per core) or a number of worker processes")
    return number


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("sitegen")
    except PackageNotFoundError:
        return "(not installed)"


def _init_flags(p: argparse.ArgumentParser) -> None:
    from pathlib import Path
    p.add_argument("dir", nargs="?", type=Path, default=Path("."), help="folder for the new site (made if missing)")


def _convert_flags(p: argparse.ArgumentParser) -> None:
    from pathlib import Path
    _common(p)
    p.add_argument("--seeds", type=Path, help="seed folder (default from site.toml: seeds)")
    p.add_argument("--content", type=Path, help="content folder (default from site.toml: content)")
    p.add_argument("--force", nargs="*", type=Path, metavar="FILE",
                   help="discard hand edits: with no FILE every content file edited by hand is re-converted "
                        "from its seed; with FILEs (content files or seeds) only those. A copy of each edited "
                        "file replaced is kept in .sitegen/discarded/")
    p.add_argument("--report", metavar="FILE", help="write what was dropped from each seed, and why, to FILE ('-' = stdout)")
    _wait_flag(p, "0, exit 75 at once")


def _building_flags(p: argparse.ArgumentParser) -> None:
    _common(p)
    _build_flags(p)


def _build_command_flags(p: argparse.ArgumentParser) -> None:
    _building_flags(p)
    _wait_flag(p, "0, exit 75 at once")


def _serve_flags(p: argparse.ArgumentParser) -> None:
    _building_flags(p)
    p.add_argument("--host", default=None, help="address to listen on (default: [serve] host in site.toml, "
                                                "else 127.0.0.1; one beyond this computer, such as 0.0.0.0, only "
                                                "from here, never from site.toml)")
    p.add_argument("--port", type=_port, default=None, help="port (default: [serve] port in site.toml, else 8000; "
                                                            "0: any free port)")


def _deploy_flags(p: argparse.ArgumentParser) -> None:
    _common(p)
    p.add_argument("target", nargs="?", help="where to publish (default: [deploy] target in site.toml)")
    p.add_argument("--dry-run", action="store_true",
                   help="build as usual (unless --no-build), then list what publishing would change at TARGET, "
                        "which is left untouched")
    p.add_argument("--no-build", action="store_true", help="deploy public/ as it is")
    p.add_argument("-v", "--verbose", action="store_true", help="list every file added (+), updated (~) or removed (-)")
    p.add_argument("--rollback", action="store_true",
                   help="folder targets: serve the release before the live one again (sitegen keeps one)")
    p.add_argument("--force", action="store_true",
                   help="with --no-build: publish public/ even though the last build failed or a source changed "
                        "since it was built")
    p.add_argument("--local-base-url", action="store_true",
                   help="publish even though base_url is on this computer (127.0.0.1, localhost: refused, exit 2, "
                        "without it): a kiosk or an intranet box served as localhost")
    p.add_argument("--replace-site", action="store_true",
                   help="publish even though TARGET holds another site's pages (its list names another base_url): "
                        "they are deleted; for this site at a new address, once")
    _build_flags(p, publishes=True)  # deploy builds first, with the same flags as `sitegen build`
    _wait_flag(p, "120")


def _import_flags(p: argparse.ArgumentParser) -> None:
    from pathlib import Path
    _common(p)
    p.add_argument("kind", choices=("hugo", "pelican"), help="the tool the project was made with")
    p.add_argument("src", type=Path, metavar="SRC", help="the Hugo or Pelican project's folder (holding content/)")
    p.add_argument("--dry-run", action="store_true", help="write nothing; list what would be written")
    _wait_flag(p, "0, exit 75 at once")


_SERVE = ("build a preview into .sitegen/preview/ (public/ is left as it is), serve it on 127.0.0.1, rebuild and "
          "reload the browser on change")
_WATCH = "build, then rebuild whenever seeds, content, templates or site.toml change"
_EXIT = ("exit status: 0 ok, 1 errors in the input (each named with its file and line; a site.toml\n"
         "  setting whose pages clash with others, found while building, too), 2 bad usage or site.toml as\n"
         "  it is read")
# The examples and exit status under each command's options (`sitegen COMMAND --help`): what a
# newcomer copies first. Kept line by line (see _Formatter).
EXAMPLES = {
    "init": """examples:
  sitegen init news       a new site in the folder news/ (made if missing)
  sitegen init            a new site in the current folder
exit status: 0 made, 2 the folder is a site already or cannot be written""",
    "convert": """Reads seeds/ (and .sitegen/convert-state.json); writes content/ only.

examples:
  sitegen convert                        convert new and changed seeds
  sitegen convert --report -             ... and list what was dropped from each seed, and why
  sitegen convert --force content/a.md   take the seed's version again (discards your edit of a.md)
  sitegen convert --wait 600 -q          for cron: wait up to 10 minutes for another sitegen's build
exit status: 0 ok, 1 a seed failed to convert (each named with its file; the others are converted),
  2 bad usage or site.toml, 75 another sitegen is building this site (try again later, or pass
  --wait; nothing is converted), 130 interrupted, 143 stopped by SIGTERM (the files converted by
  then are kept, each whole)""",
    "build": f"""Reads site.toml, seeds/, content/, templates/, static/; writes content/ (new seeds), public/
and its cache in .sitegen/. Files of yours in public/ are kept.

examples:
  sitegen build                     convert new seeds, then build public/
  sitegen build --strict -q         for CI: any warning fails the build, print only problems
  sitegen build --no-convert        build content/ as it is
  sitegen build --wait 600 -q       for cron: wait up to 10 minutes for another sitegen's build
{_EXIT}, 75 another sitegen is building this site (try again later, or pass
  --wait), 130 interrupted, 143 stopped by SIGTERM (on 75, 130 and 143, public/ is left as it was;
  on 1 too, but for a story that does not parse: it is left out or kept as last built, and the rest
  is published, as for a seed that fails to convert, its content file kept as last converted
  (under --strict it stops the build); see README). A stop that comes once public/ holds the new
  build says so ("terminated after public/ was switched to the new build"), exit 0, or 1 with the
  errors of a story left out""",
    "serve": """Errors are printed here and shown over the page in the browser; the last good build stays
served until they are fixed (but for a story that does not parse: it is left out or kept as
last built, and the rest rebuilt). Only this computer can reach 127.0.0.1.

examples:
  sitegen serve                     http://127.0.0.1:8000/
  sitegen serve --port 8080 --drafts
exit status: 0 stopped by Ctrl-C or SIGTERM, 2 bad usage, site.toml or a port in use, or the site's
  folder deleted or moved away while it ran""",
    "watch": """public/ is rebuilt as `sitegen build` builds it; errors are printed and public/ keeps the last
good build until they are fixed, but for a story that does not parse: it is left out or kept as last
built, and the rest is published, as `sitegen build` does.

examples:
  sitegen watch                     rebuild public/ on every save
exit status: 0 stopped by Ctrl-C or SIGTERM, 2 bad usage or site.toml, a cache folder (.sitegen/) it
  cannot make or write, or the site's folder deleted or moved away while it ran""",
    "import": """Reads SRC (its config as text: pelicanconf.py is never run); writes content/ only, never over
a file it did not write or one edited since (content/.sitegen-import records what it wrote). Each
story's old address is listed under its aliases:, so old links redirect.

examples:
  sitegen import hugo ../old-site --dry-run    list what would be written
  sitegen import pelican ../blog               import, then `sitegen build`
exit status: 0 every story imported (or identical to what is there, or kept as edited or deleted
  here since the import wrote it), 1 a story not imported (each
  named with its file and line: malformed front matter, a different file already in content/,
  a .rst file), 2 bad usage (a folder that is no Hugo or Pelican project: no content/ or contentDir
  there, or a sitegen site's; a file) or site.toml,
  75 another sitegen is building this site (try again later, or pass --wait; nothing is imported),
  130 interrupted, 143 stopped by SIGTERM (the stories written by then are kept, each whole, and
  listed in content/.sitegen-import)""",
    "deploy": """examples:
  sitegen deploy /var/www/news --dry-run -v    build, then list what publishing would change
  sitegen deploy /var/www/news                 build, then publish (the live site switches at once)
  sitegen deploy /var/www/news --rollback      serve the release before it again
  sitegen deploy 'git+git@github.com:me/news.git#gh-pages'
exit status: 0 published, 1 the build or the publishing failed,
  2 bad usage, target or site.toml (--drafts and --future are refused before building: preview them
  with `sitegen serve --drafts`; so is a base_url on this computer, unless --local-base-url, and
  init's unedited sample story), 75 another build held the site, or another deploy the target,
  throughout --wait (2 minutes), 130 interrupted, 143 stopped by SIGTERM (on 1, 130 and 143 a
  folder or git target is left as it was; an rsync target may be partly updated, which on 1 the
  error says: deploy again, which completes it; a stop once the target serves the new site says
  so, exit 0)""",
}
# name: (help, description, the command's own arguments)
SUBCOMMANDS: dict[str, tuple[str, str, Callable[[argparse.ArgumentParser], None]]] = {
    "init": ("make a new site: site.toml with comments, seeds/, content/, a sample article",
             "Make a new site in DIR (default: the current folder): a commented site.toml, seeds/ for raw article "
             "text, content/ with one sample article, and a .gitignore. Refuses a folder that already has a "
             "site.toml; never overwrites a file.", _init_flags),
    "convert": ("convert raw seed text in seeds/ into content/*.md",
                "Convert each seeds/**/*.txt (a news page copied as text) into content/<slug>.md: front matter "
                "and Markdown you may edit. Unchanged seeds are skipped; a content file edited by hand is never "
                "overwritten unless --force names it.", _convert_flags),
    "build": ("convert seeds, then render content/ into public/",
              "Convert seeds (unless --no-convert), then build the site into public/, which switches to the new "
              "build whole or not at all. A story that does not parse is kept as last built (or left out) and the "
              "rest is published, exit 1; any other error leaves public/ as it was. --strict: all or nothing.",
              _build_command_flags),
    "serve": (_SERVE, _SERVE[0].upper() + _SERVE[1:] + ".", _serve_flags),
    "watch": (_WATCH, _WATCH[0].upper() + _WATCH[1:] + ".", _building_flags),
    "import": ("import a Hugo or Pelican project's stories into content/, old addresses kept as aliases",
               "Import the stories of the Hugo or Pelican project in SRC into content/ as sitegen articles: "
               "title, dates, authors, tags, category (one: the section, else the Hugo section site.toml has; several: "
               "tags), summary, slug, drafts; "
               "a Hugo page bundle's pictures beside the new file. Each story's old address (Hugo's [permalinks] or "
               "url:, Pelican's ARTICLE_URL) goes under aliases: so published links redirect. Hugo's figure, ref and "
               "relref shortcodes and Pelican's {filename} links become Markdown pictures and links; any other "
               "shortcode is left in the text and warned about with its line.", _import_flags),
    "deploy": ("build, then publish public/ to a folder, git branch or rsync target",
               "Build as `sitegen build` does, then publish public/. TARGET: a folder or file:// URL; "
               "git+URL#branch (e.g. git+file:///srv/site.git#gh-pages); rsync://host/path or user@host:/path.",
               _deploy_flags),
}


def parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser. `only`: the command about to be parsed; the others get their names
    and help (what `sitegen --help` and a misspelt command show) but not their arguments, which
    argparse formats one by one as they are added (its gettext lookups and terminal size each
    time): 3.9M instructions fewer for `sitegen build`, 1.3% of a cold build's start, where the
    other core idles. None: every command's."""
    import argparse

    class _VersionAction(argparse.Action):
        """Looks the version up only when asked: importlib.metadata costs 50 ms on every start."""

        def __call__(self, parser, namespace, values, option_string=None):
            print(f"sitegen {_version()}")
            parser.exit()

    class _Formatter(argparse.HelpFormatter):
        """A description wrapped to the terminal as usual; the examples (the epilog) kept line by line."""

        def _fill_text(self, text: str, width: int, indent: str) -> str:
            if text in EXAMPLES.values():
                return "\n".join(indent + line for line in text.splitlines())
            return super()._fill_text(text, width, indent)

    # allow_abbrev=False: argparse took any prefix of a long option for it, so `build --force` (deploy's
    # and convert's word) was --force-output and `deploy --replace` --replace-site, neither documented
    top = argparse.ArgumentParser(prog="sitegen", description=DESCRIPTION, allow_abbrev=False,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    top.add_argument("--version", action=_VersionAction, nargs=0, help="show sitegen's version and exit")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (text, description, flags) in SUBCOMMANDS.items():
        p = sub.add_parser(name, help=text, description=description, epilog=EXAMPLES[name], formatter_class=_Formatter,
                           allow_abbrev=False)
        if only is None or only == name:
            flags(p)
        p.set_defaults(command_parser=p)
    return top


def _command(argv: list[str] | None) -> str | None:
    """The command argv names (the top level takes no option with a value, so its first word),
    if it is one; else None."""
    words = [a for a in (sys.argv[1:] if argv is None else argv) if not a.startswith("-")]
    return words[0] if words and words[0] in SUBCOMMANDS else None


def _quiet(argv: list[str] | None) -> bool:
    """-q in argv, for a stop the parser's args are gone for (rf46a: `build -q` stopped after its switch
    printed the warnings a finished one leaves out)."""
    return any(word in ("-q", "--quiet") for word in (sys.argv[1:] if argv is None else argv))


def _options_first(words: list[str]) -> tuple[str, str] | None:
    """`sitegen -q build`, `sitegen --root s1 build` (git's order): the command line in sitegen's
    order, and the command, when options come before a command word. The first was blamed on the
    command ('sitegen build: error: unrecognized arguments: -q', though build takes -q), the second
    took --root's value for the command ("invalid choice: 's1'"). The top level's own options
    (--help, --version) stay where they are; None when there is nothing to move."""
    at = next((i for i, word in enumerate(words) if word in SUBCOMMANDS), None)
    if not at or not words[0].startswith("-") or {"-h", "--help", "--version"} & set(words[:at]):
        return None
    from shlex import join  # here: not on every command's start (0.9M instructions)
    return join(["sitegen", words[at], *words[:at], *words[at + 1:]]), words[at]


def main(argv: list[str] | None = None) -> int:
    """The command line's work. A stop (Ctrl-C, or SIGTERM once a handler turns it into one) at any
    moment of it, the config module's import and the parser's making too, is the command's stop (exit
    130, serve and watch 0): those two ran before the try, 0.1-0.2 s of every run, and a Ctrl-C there
    was a traceback and exit -2. The command is told from argv until the parser has it."""
    command = _command(argv)
    try:
        _owner_keeps_rwx()
        return _main(argv)
    except KeyboardInterrupt as exc:
        return _stopped(command, exc, _quiet(argv))
    except Exception as exc:
        if not _a_stop_inside(exc):
            raise
        return _stopped(command, exc, _quiet(argv))


def _meant_command(word: str) -> str:
    """'; did you mean 'build'?' for a misspelt command (argparse's own suggestions are Python 3.14's)."""
    from .config import did_you_mean
    if word.casefold() in ("help", "-help"):
        return "; for help: sitegen --help, or sitegen COMMAND --help"
    return did_you_mean(word, tuple(SUBCOMMANDS))


# Flags other tools have that are no flag here, and what to do instead: difflib's closest, by spelling,
# sent `build --output docs` to --force-output and `build --watch` to --wait (rf48o 6)
OPTION_INSTEAD = {"--output": "the output folder is [paths] output in site.toml",
                  "--destination": "the output folder is [paths] output in site.toml",
                  "--watch": "to build on each change, run `sitegen watch` (or `sitegen serve`, which previews too)"}
# ... and said to a command that does it already (`hugo server --watch`'s habit: told to run itself, rf49b 4)
DONE_ALREADY = {("serve", "--watch"): "serve builds on each change already: leave out --watch",
                ("watch", "--watch"): "watch builds on each change already: leave out --watch"}
# The top level's options as other tools spell them (-v alone: deploy's --verbose is no top-level flag)
TOP_INSTEAD = {"-v": "--version", "-V": "--version"}


def _meant_option(command: argparse.ArgumentParser, extra: list[str], name: str) -> str:
    """'; did you mean '--strict'?' for the first misspelt long option of `extra` given to the command
    `name` (DONE_ALREADY's and OPTION_INSTEAD's words first), or ''."""
    from .config import did_you_mean
    flags = [flag for action in command._actions for flag in action.option_strings if flag.startswith("--")]
    return next((meant for word in extra if word.startswith("--")
                 for flag in [word.split("=", 1)[0]]
                 for instead in [DONE_ALREADY.get((name, flag)) or OPTION_INSTEAD.get(flag)]
                 for meant in [f"; {instead}" if instead else did_you_mean(flag, flags)]
                 if meant), "")


def _top_level_typo(words: list[str]) -> str | None:
    """The error for a command line naming no command whose first word is no option of sitegen's
    (`sitegen --hepl`: argparse said only that COMMAND is required), or whose first plain word is no
    command (`sitegen -q biuld`: not suggested, as `sitegen biuld` is); None for anything else."""
    from .config import did_you_mean
    if any(word in SUBCOMMANDS or word in ("-h", "--help", "--version") for word in words):
        return None
    known = parser(None)
    options = {flag: action.nargs != 0 for p in _subparsers(known) for action in p._actions for flag in action.option_strings}
    skip = False
    for word in words:
        name = word.split("=", 1)[0]
        if skip or not word.startswith("-"):
            if not skip:
                return (f"argument COMMAND: invalid choice: '{word}' (choose from {', '.join(map(repr, SUBCOMMANDS))})"
                        f"{_meant_command(word)}")
            skip = False
        elif name in TOP_INSTEAD or name not in options:   # -v: a command's --verbose elsewhere, not here
            meant = TOP_INSTEAD.get(name)
            return f"unrecognized option: {word}" + (f"; did you mean '{meant}'?" if meant else
                                                        did_you_mean(name, ("--help", "--version")))
        else:
            skip = options[name] and "=" not in word   # its value is the next word
    return None


def _subparsers(top: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    import argparse
    choices = next(a.choices for a in top._actions if isinstance(a, argparse._SubParsersAction))
    return list(choices.values())


def _owner_keeps_rwx() -> None:
    """The umask less its owner bits, once, before any thread or child: under umask 0222 every folder
    sitegen made (.sitegen, the cache's, the stage's, the spare's, a deploy's release) was r-x to its own
    user, so `convert` and `build` failed on their own folders with 'Permission denied; check its owner
    and permissions' (rf46a). Group and others keep what the umask gives them."""
    os.umask(os.umask(0o077) & 0o077)


def _main(argv: list[str] | None) -> int:
    from pathlib import Path

    from .config import CONFIG_FILE, ConfigError, load_config  # here: after entry()'s start-up (see _start)
    if not (sys.argv[1:] if argv is None else argv):   # a bare `sitegen`: the commands, not argparse's one line
        parser().print_help(sys.stderr)
        return EXIT_USAGE
    words = sys.argv[1:] if argv is None else argv
    if moved := _options_first(words):
        parser(moved[1]).error(f"the command comes first, then its options: {moved[0]}")
    if problem := _top_level_typo(words):
        parser("").error(problem)
    args, extra = parser(_command(argv)).parse_known_args(argv)
    if extra:   # named by the command's own usage line, which lists its flags (not `sitegen COMMAND ...`)
        args.command_parser.error(f"unrecognized arguments: {' '.join(extra)}{_meant_option(args.command_parser, extra, args.command)}")
    if args.command == "init":
        return cmd_init(args)
    if args.config is not None and (elsewhere := _config_elsewhere(args.root, args.config)):
        print(f"error: {elsewhere}", file=sys.stderr)
        return EXIT_USAGE
    if args.root is None:
        args.root = args.config.parent if args.config is not None else Path(".")
    if args.config is None and not (args.root / CONFIG_FILE).is_file():
        print(f"error: {_no_site(args.root, args.command)}", file=sys.stderr)
        return EXIT_USAGE
    # stopped from here on by SIGTERM as by Ctrl-C (serve and watch: exit 0; installed after the
    # config was read, a SIGTERM then killed them: exit 143); inside main()'s try, as a stop may come
    # while the handler's own set-up still runs (its threads starting: exit -2 and a traceback)
    args.stopping = _stop_on_sigterm(args.command in STOPPED_BY_USER)
    try:
        writes = not (args.command == "import" and args.dry_run)   # import --dry-run writes nothing, no cache either
        config = load_config(args.root, args.config, _meanwhile(args), remember=writes)
        if getattr(args, "base_url", None) is not None:   # "" too: `--base-url "$URL"` with URL unset
            config = _with_base_url(config, args.base_url)
        return COMMANDS[args.command](config, args)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (KeyboardInterrupt, Exception) as exc:
        if args.stopping.by_sigterm and args.command not in STOPPED_BY_USER and _a_stop_inside(exc):
            switched = _after_switch(args.command, exc, "terminated", getattr(args, "quiet", False))
            if switched is not None:
                return switched
            print("terminated", file=sys.stderr)   # cleaned up as on Ctrl-C (see _stop_on_sigterm)
            return EXIT_TERMINATED
        raise


def _stopped(command: str | None, exc: BaseException | None = None, quiet: bool = False) -> int:
    """A stop come before the command could catch it itself: `exc`, what it raised; `quiet`: -q given."""
    if command in STOPPED_BY_USER:   # their normal stop
        print("\nstopped", flush=True)
        return EXIT_OK
    if (switched := _after_switch(command, exc, "interrupted", quiet)) is not None:
        return switched
    if _a_stop_inside(exc, _Terminated):   # a SIGTERM in the start-up (see _stop_early)
        print("terminated", file=sys.stderr)
        return EXIT_TERMINATED
    print("interrupted", file=sys.stderr)
    return EXIT_INTERRUPTED


def _after_switch(command: str | None, exc: BaseException | None, word: str, quiet: bool) -> int | None:
    """`sitegen build` stopped once the output held the new build (its cache being saved): said so,
    exit 0, its work done (130 and 143 say public/ was left as it was), or 1 with the build's errors
    said (a story that could not be read, left out: before, exit 0 and not a word); else None.
    Its notes are said as a finished build says them (rf46a: a file kept as not sitegen's is named
    once, by the build that found it), its warnings only without -q. `sitegen deploy`: _after_publish."""
    if command == "deploy":
        return _after_publish(exc, word, quiet)
    from .build import StoppedAfterSwitch
    exc = _a_stop_inside_of(exc, StoppedAfterSwitch)
    if command != "build" or not isinstance(exc, StoppedAfterSwitch):
        return None
    print(f"{word} after {exc.output} was switched to the new build (its build cache may not be saved: the next "
          "build redoes that work)", file=sys.stderr)
    from .pipeline import print_problems
    print_problems(exc.errors, exc.warnings, quiet)
    for note in exc.notes:
        print(f"note: {note}", file=sys.stderr)
    if exc.errors:
        print(f"build FAILED, {len(exc.errors)} error(s), the rest published", file=sys.stderr)
        return EXIT_ERRORS
    return EXIT_OK


def _after_publish(exc: BaseException | None, word: str, quiet: bool) -> int | None:
    """`sitegen deploy` stopped once its folder or git target served the new site: said so, exit 0
    (130 and 143 say the target was left as it was: review49d 4); else None."""
    from .deploy.targets import StoppedAfterPublish
    stop = _a_stop_inside_of(exc, StoppedAfterPublish)
    if stop is None:
        return None
    from .deploy import told_stopped
    told_stopped(stop, word, quiet)
    return EXIT_OK


def _a_stop_inside_of(exc: BaseException | None, kind: type[BaseException]):
    """stops.stop_inside, imported when asked (see the note at the top)."""
    from .stops import stop_inside
    return stop_inside(exc, kind)


def _a_stop_inside(exc: BaseException | None, kind: type[BaseException] = KeyboardInterrupt) -> bool:
    """stops.a_stop_inside, imported when asked (see the note at the top)."""
    from .stops import a_stop_inside
    return a_stop_inside(exc, kind)


def _config_elsewhere(root: Path | None, config: Path) -> str | None:
    """A --config outside the site's folder: the site is the folder its config file is in, so
    `--root . --config ci/prod.toml` built ci/ (no content/ there: 'build ok: 0 articles', exit 0)
    and --root was not used. Without --root, a config file in another site's folder is that site
    (cron's `sitegen build --config /srv/news/site.toml`); one beside no content/ or seeds/ is not.
    A file that is not there is not elsewhere: `--root t --config site.prod.toml` run beside t/ was
    told to pass --root ., a folder with no site; it is told the file's path in the site."""
    from pathlib import Path
    from shlex import quote  # the options to copy: a folder named 'Rédaction Nord' is one argument
    if not config.exists():
        inside = root / config if root is not None else None
        if inside is not None and inside.is_file():
            return (f"--config {config}: no such file here (its path is from the current folder, not from --root); "
                    f"give --config {quote(inside.as_posix())}")
        return None  # load_config says there is no such file
    if config.is_dir():
        return None  # a folder (the site's, by any path): load_config says to give the file in it
    if root is None:
        if any((config.parent / name).is_dir() for name in ("content", "seeds")):
            return None
        root = Path(".")
    if config.parent.resolve() == root.resolve():   # the file's own folder (load_config's root), a link or not
        return None
    folder = config.parent.as_posix()
    return (f"--config {config}: a site's folders are read beside its config file, in {folder}/, not in "
            f"{'--root ' + str(root) if root != Path('.') else 'the current folder'}; keep the file in the site's "
            f"folder (--config {quote((root / config.name).as_posix())}), or pass --root {quote(folder)} to build "
            f"the site in {folder}/ (--base-url sets another address for one build)")


def _no_site(root: Path, command: str) -> str:
    """Why a folder without site.toml is refused, and what to run: from inside a site (its
    content/), the site around it, where `sitegen init` (the advice before) is refused."""
    from pathlib import Path
    from .config import CONFIG_FILE
    if not root.is_dir():   # a typo's: not a place to offer `sitegen init` for
        return f"--root {root}: {'not a folder' if root.exists() else 'no such folder'}; give the site's folder, " \
               f"the one holding {CONFIG_FILE}"
    where = "this folder" if root == Path(".") else str(root)
    site = next((p for p in root.resolve().parents if (p / CONFIG_FILE).is_file()), None)
    if site is not None:   # quoted: the commands to copy (a site in 'Rédaction Nord' is one argument)
        from shlex import quote
        return (f"no {CONFIG_FILE} in {where}, which is inside the site in {site}: run `sitegen {command}` there "
                f"(cd {quote(str(site))}), or pass --root {quote(str(site))}")
    return (f"no {CONFIG_FILE} in {where}, so it is not a sitegen site. Run `sitegen init` to make one here, "
            "or pass --root to the site's folder.")


def _meanwhile(args) -> Callable[[Path], None] | None:
    """What a command that builds imports anyway, done while site.toml is validated (if it must
    be: a first build, or a changed site.toml) in another process: see config.load_config."""
    builds = args.command in ("build", "serve", "watch") or (args.command == "deploy" and not args.no_build)
    return _preload_build if builds else None


def _preload_build(cache: Path) -> None:
    from .build import preload
    preload(cache)


def _with_base_url(config: Config, url: str) -> Config:
    """--base-url checked by site.toml's rules for base_url, and nothing else: the whole config
    re-parsed from its parsed values failed one that builds ([redirects] "/Old%20Page/" decoded to
    '/Old Page/', "not an address on this site"), blamed on --base-url (review46c 1)."""
    from .config import parse_config
    return config.with_base_url(parse_config({"site": {"base_url": url}}, config.root, "--base-url").site.base_url)


def cmd_init(args) -> int:
    import errno
    from pathlib import Path

    from .config import no_room
    from .init import SAMPLE_FILE, NestedSiteError, has_stories, init_site, unignored
    stories = has_stories(args.dir)
    try:
        made = init_site(args.dir)
    except NestedSiteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except FileExistsError as exc:
        print(f"error: {exc} exists: this folder is a site already; edit it, or pass another folder", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):   # the README's words for a full disk
            ran_out, free = no_room(exc)
            print(f"error: {ran_out} while making the site in {args.dir}; {free} and run it again "
                  "(nothing of it was kept)", file=sys.stderr)
        else:
            print(f"error: cannot make the site in {args.dir}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    for path in made:
        print(f"+ {path}")
    if stories:
        print(f"note: {stories} has {'seeds' if stories.name == 'seeds' else 'stories'} already, so no sample story "
              f"({SAMPLE_FILE}) was written")
    missing = [] if args.dir / ".gitignore" in made else unignored(args.dir)
    if missing:  # kept as it was: say what it lacks, or git commits the build's output and cache
        print(f"note: {args.dir / '.gitignore'} was there and is kept; add {' and '.join(missing)} to it "
              "(what builds make, not sources)")
    import shlex  # the command to copy: a folder named 'My News' is one argument of cd
    root = "" if args.dir == Path(".") else f"cd {shlex.quote(str(args.dir))} && "
    print(f"site made in {args.dir}: next, {root}sitegen serve (preview) or sitegen build (public/)")
    return EXIT_OK


def _folder_problem(flag: str, path: Path | None, made: bool = False) -> str | None:
    """A usage error for a --seeds or --content folder that cannot be it (a typo's): it was counted
    as a seed that failed ('1 failed', exit 1), and a mistyped --content made its whole path.
    `made`: the folder may be new (the converter makes it), inside a folder that exists."""
    if path is None or path.is_dir():
        return None
    if path.exists():
        return f"{flag} {path}: not a folder; give the folder that holds the files"
    if made and path.absolute().parent.is_dir():
        return None
    where = f"{path.absolute().parent} does not exist either" if made else "create it or check the path"
    return f"{flag} {path}: no such folder ({where}); a typo?"


def _report_problem(config: Config, args) -> str | None:
    """A --report FILE inside the seeds or content folder: read back as a seed ('empty', then 'no
    article found' on every run) or as a story without front matter (every build failed)."""
    from pathlib import Path
    if not args.report or args.report == "-":
        return None
    report = Path(args.report).resolve()
    for flag, folder, read_as in (("seeds", args.seeds or config.path("seeds"), "a seed"),
                                  ("content", args.content or config.path("content"), "a story")):
        if report.is_relative_to(Path(folder).resolve()):
            return (f"--report {args.report}: inside {flag} folder {folder}/, where it would be read as {read_as}; "
                    "give a file outside the seeds and content folders (convert-report.txt), or '-' for the terminal")
    return None


def cmd_convert(config: Config, args) -> int:
    for problem in (_folder_problem("--seeds", args.seeds), _folder_problem("--content", args.content, made=True),
                    _report_problem(config, args)):
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return EXIT_USAGE
    # the lock, as a build holds it: a watcher's rebuild converts too, into the same state; taken
    # before --report's file is opened (truncated), so a busy site leaves everything untouched
    return _locked(config, args, "converted", lambda: _convert_locked(config, args))


def _locked(config: Config, args, verb: str, work: Callable[[], int]) -> int:
    """`work` under the site's lock (waiting up to --wait), after sweeping what a killed run left;
    exit 75 when another sitegen holds it ('nothing VERB')."""
    from .leftovers import sweep
    from .lock import BusyError, LockError, build_lock, waiting_note
    wait = args.wait or 0.0
    try:
        with build_lock(config, wait, waiting_note(wait, args.quiet)) as hold:
            sweep(config, hold.killed, args.quiet)   # what a killed run left (a stage, temporary files)
            return work()
    except LockError as exc:
        print(f"error: {exc}; nothing {verb}{_wait_hint(exc, wait)}", file=sys.stderr)
        return EXIT_BUSY if isinstance(exc, BusyError) else EXIT_ERRORS


def _wait_hint(exc: Exception, wait: float) -> str:
    from .lock import BusyError
    return " (--wait SECONDS waits for it)" if isinstance(exc, BusyError) and not wait else ""


def _convert_locked(config: Config, args) -> int:
    from .pipeline import convert_seeds, print_problems
    report = None
    if args.report == "-":
        report = sys.stdout
    elif args.report:
        try:
            report = _ReaderMayLeave(open(args.report, "w", encoding="utf-8"))   # /dev/stdout, a FIFO
        except OSError as exc:  # before converting anything: the report is what was asked for
            print(f"error: --report {args.report}: cannot write it ({exc.strerror}); give a file in an existing "
                  "folder you can write to, or '-' for the terminal", file=sys.stderr)
            return EXIT_USAGE
    from .convert import ForceNamesNothing
    try:
        force = args.force is not None and (tuple(args.force) or True)
        summary = convert_seeds(config, seeds=args.seeds, content=args.content, force=force,
                                report=report, progress=sys.stderr.isatty() and not args.quiet)
    except ForceNamesNothing as exc:   # a typo's, as a wrong --seeds is: bad usage, nothing converted
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        if report not in (None, sys.stdout):
            report.close()
    # -q leaves out what every run repeats (a stand-in date); a conversion's warnings and notes are
    # said once (that seed is not converted again), so they show under -q too, as `build -q` shows them
    print_problems(summary.errors, summary.warnings + (() if args.quiet else summary.undated), False)
    for note in summary.notes:     # (as the build prints them: not warnings, --strict goes on)
        print(f"note: {note}", file=sys.stderr)
    print(summary.line())
    return EXIT_OK if summary.ok else EXIT_ERRORS


def build_options(args, locked: bool = False) -> BuildOptions:
    """The build flags `sitegen build` and `sitegen deploy` share, as BuildOptions."""
    from .build import BuildOptions
    return BuildOptions(drafts=args.drafts, future=args.future, strict=args.strict,
                        progress=sys.stderr.isatty() and not args.quiet, workers=args.workers,
                        force_output=args.force_output, locked=locked)


def cmd_build(config: Config, args) -> int:
    """The lock is taken here, for the conversion and the build (as deploy holds it), so that
    another build's holding it is exit status EXIT_BUSY, which a script may retry, not the 1 of
    bad input it was."""
    from .leftovers import sweep
    from .lock import BusyError, LockError, build_lock, waiting_note
    from .pipeline import content_gone, convert_and_build
    gone = content_gone(config, convert=not args.no_convert)
    if gone:
        print(f"error: {gone}", file=sys.stderr)
        return EXIT_ERRORS
    wait = args.wait or 0.0
    try:
        with build_lock(config, wait, waiting_note(wait, args.quiet)) as hold:
            sweep(config, hold.killed, args.quiet)   # what a killed run left, even if nothing is written now
            result = convert_and_build(config, build_options(args, locked=True), convert=not args.no_convert,
                                       quiet=args.quiet)
    except LockError as exc:
        print(f"error: {exc}; {config.paths.output.rstrip('/')}/ left as it was{_wait_hint(exc, wait)}",
              file=sys.stderr)
        return EXIT_BUSY if isinstance(exc, BusyError) else EXIT_ERRORS
    return EXIT_OK if result.ok else EXIT_ERRORS


def cmd_serve(config: Config, args) -> int:
    from .serve import serve
    return serve(config, args, args.stopping.event)


def cmd_watch(config: Config, args) -> int:
    from .watch import watch
    return watch(config, args, args.stopping.event)


STOPPED_BY_USER = ("serve", "watch")   # they never complete: Ctrl-C or SIGTERM is their end, exit 0


class _Stop:
    """A command's stop: the event either stop sets (serve's and watch's loops end on it too), and
    whether the first stop was a SIGTERM (the others then exit 143, not 130)."""

    def __init__(self, event: threading.Event) -> None:
        self.event = event
        self.by_sigterm = False


def _stop_on_sigterm(theirs: bool) -> _Stop:
    """SIGTERM (systemctl stop, docker stop, kill) stops serve and watch as Ctrl-C does: the
    build cache they defer is saved and they exit 0. By default it killed them on the spot, and
    as a container's first process (docker run ... sitegen serve) they ignored it, so `docker
    stop` waited 10 s to kill them. Processes forked while building keep the default action.
    Every other command (`theirs` False: build, convert, deploy, import) is stopped by it as by
    Ctrl-C too, cleaning up as it goes, then exits 143 (by_sigterm): it was killed on the spot,
    leaving its stage folder beside public/ (review41d); their Ctrl-C and reader stay as they were.
    Returns the event either stop sets: their watch loop ends on it too, so a stop whose
    KeyboardInterrupt something swallowed (a finalizer the garbage collector ran just then
    reports its exception as 'ignored') still ends them. A stop during a fork is held until the
    fork is over (_ForkGuard)."""
    import signal
    import threading
    main = os.getpid()
    # A stop begun in the main process: another one (Ctrl-C with SIGTERM, the reader leaving as
    # Ctrl-C is pressed) raised a second KeyboardInterrupt inside the first one's cleanup, which
    # skipped the build cache's save or printed "Exception ignored". Now it only adds to it (run()
    # gives Ctrl-C back when its save waits for another sitegen: "Ctrl-C again").
    stopping = threading.Event()
    told = _Stop(stopping)
    once = threading.Lock()    # left(): stdout's and stderr's watching threads may both see the reader gone
    guard = _ForkGuard(main)
    early = getattr(signal.getsignal(signal.SIGTERM), "raised", None)   # _stop_early's

    def stop(signum: int, frame) -> None:
        if os.getpid() != main:   # a build's worker: die as before
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
        else:
            told.by_sigterm = told.by_sigterm or not stopping.is_set()
            if guard.first(frame, stopping):
                raise KeyboardInterrupt

    def interrupt(signum: int, frame) -> None:   # Ctrl-C: Python's own, once in the main process
        if os.getpid() != main or guard.first(frame, stopping):
            signal.default_int_handler(signum, frame)

    def left() -> None:
        if once.acquire(blocking=False):   # never released: one SIGTERM for the reader's leaving
            os.kill(main, signal.SIGTERM)
    signal.signal(signal.SIGTERM, stop)
    # _stop_early raised its stop, yet the start-up went on: a watch then never ended. Python drops an
    # exception raised in a weakref callback ('Exception ignored'), and importlib's module-lock
    # callback runs as each import ends, so a stop's handler that runs there is lost (dev44h)
    if early:
        stopping.set()
        told.by_sigterm = early[0] == signal.SIGTERM
        raise _Terminated if told.by_sigterm else KeyboardInterrupt
    if theirs and (signal.getsignal(signal.SIGINT) is signal.default_int_handler
                   or hasattr(signal.getsignal(signal.SIGINT), "raised")):   # Python's, or _stop_early's
        signal.signal(signal.SIGINT, interrupt)
    if theirs:
        _stop_when_the_reader_leaves(left)
    return told


class _ForkGuard:
    """Holds a stop that comes while the main process forks (a build's workers and helpers; a fork
    of a big process takes milliseconds) until the fork is over. Its handler ran in the first
    Python code after fork(): an at-fork hook, logging's lock release, whose exceptions Python
    prints as 'ignored' and drops. The stop was lost (a `serve` SIGTERMed at its start was found
    idle, still serving, 11 minutes later) and logging's lock stayed taken (watchdog's threads,
    which log, then hung the stop's own cleanup). A stop inside our hooks is held by `forking`;
    one inside logging's (registered after ours when logging is imported later, as a build's
    markdown_it does: they then run outside ours, rf41n) is told by its frame (_in_loggings_hook).
    logging is not imported for it: every command imported it first, 15M instructions (~4 ms)
    before a cold build's parse child could fork (perf42a)."""

    def __init__(self, main: int) -> None:
        self.main = main
        self.forking = False
        self.owed = False   # a stop held: sent again, from a thread, until it is raised
        self.sending = False   # that thread runs
        os.register_at_fork(before=self._before, after_in_parent=self._after, after_in_child=self._child)

    def first(self, frame, stopping: threading.Event) -> bool:
        """Whether a stop's handler is to raise KeyboardInterrupt now: the first stop, or one held."""
        in_logging = frame is not None and _in_loggings_hook(frame)
        if self.forking or in_logging or (frame is not None and frame.f_code is _ForkGuard._before.__code__):
            self.owed = self.owed or not stopping.is_set()
            stopping.set()
            if in_logging and self.owed and not self.forking:
                self._send_again()   # logging's hook after a fork runs after our _after, which sends it
            return False
        if self.owed or not stopping.is_set():
            self.owed = False
            stopping.set()
            return True
        return False

    def _before(self) -> None:
        self.forking = True

    def _after(self) -> None:
        if self.owed:   # raised in this hook it would be ignored too: sent again once it is over
            self._send_again()
        self.forking = False   # last: no handler runs between it and the return

    def _send_again(self) -> None:
        """A held stop, sent again from a thread until it is raised; one thread at a time (a handler
        that started one inside logging's hook would be run again by it, still inside the hook)."""
        import threading
        if not self.sending:
            self.sending = True
            threading.Thread(target=self._again, name="sitegen-stop", daemon=True).start()

    def _child(self) -> None:
        self.forking = self.owed = self.sending = False

    def _again(self) -> None:
        import signal
        import time
        while True:
            while self.owed:
                os.kill(self.main, signal.SIGTERM)
                time.sleep(0.01)
            self.sending = False
            if not self.owed or self.sending:   # none held, or a new thread sends the one held as this ended
                return
            self.sending = True


# logging's at-fork hooks: its module lock taken before a fork, released after it (3.11, 3.12; 3.13's names)
_LOGGING_FORK_HOOKS = ("_acquireLock", "_releaseLock", "_prepareFork", "_afterFork")


def _in_loggings_hook(frame) -> bool:
    """Whether a signal's handler interrupted logging's at-fork hooks (or its module lock's take or
    release at another time: a stop held there too, and sent again, comes 10 ms later). A stop
    raised in an at-fork hook is dropped ('Exception ignored') and leaves logging's lock taken."""
    logging = sys.modules.get("logging")
    if logging is None:   # not imported: no hooks of its own
        return False
    hooks = {f.__code__ for f in (getattr(logging, name, None) for name in _LOGGING_FORK_HOOKS) if hasattr(f, "__code__")}
    while frame is not None:
        if frame.f_code in hooks:
            return True
        frame = frame.f_back
    return False


def _stop_when_the_reader_leaves(left: Callable[[], None]) -> None:
    """serve and watch end when the reader of their output leaves, as `tail -f | head` does: a
    `sitegen watch | grep -m1 'build ok'` was left running, unseen, for good. `left` stops them as
    SIGTERM does (in the main thread, whichever thread or worker met the closed pipe): the build
    cache saved, workers and Pagefind stopped, exit 0. A pipe is watched while they are idle too
    (poll() reports an error on a pipe's writing end once its reader has gone); any other output
    at its next write that fails."""
    import select
    import stat
    import threading
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, _ReaderMayLeave):
            continue
        stream.left = left
        try:
            fd = stream.fileno()
            if not stat.S_ISFIFO(os.fstat(fd).st_mode):
                continue
        except (OSError, ValueError):
            continue
        poller = select.poll()
        poller.register(fd, 0)    # no event asked for: only POLLERR (the reader gone) or POLLHUP

        def wait(poller=poller, stream=stream) -> None:
            poller.poll()
            stream.reader_left()
        threading.Thread(target=wait, name="sitegen-reader", daemon=True).start()


def cmd_deploy(config: Config, args) -> int:
    from .deploy import deploy
    return deploy(config, args, build_options(args, locked=True))


def cmd_import(config: Config, args) -> int:
    if not args.src.is_dir():
        what = "not a folder" if args.src.exists() else "no such folder"
        print(f"error: {args.src}: {what}; give the {args.kind.title()} project's folder", file=sys.stderr)
        return EXIT_USAGE
    if args.dry_run:   # writes nothing: no lock to wait for
        return _import(config, args, dry_run=True)
    # as convert: a build or convert never reads content/ while the import writes it
    return _locked(config, args, "imported", lambda: _import(config, args))


def _import(config: Config, args, dry_run: bool = False) -> int:
    """A folder that is no project is a usage mistake (exit 2, no summary): nothing was read, so a
    script tells it from a story that failed (exit 1)."""
    from .importer import NotAProject, import_site
    try:
        summary = import_site(config, args.kind, args.src, dry_run=dry_run)
    except NotAProject as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return _import_report(config, summary, args)


def _import_report(config: Config, summary: ImportSummary, args) -> int:
    from .pipeline import print_problems
    print_problems(summary.errors, summary.warnings, args.quiet)
    if not args.quiet:
        for line in summary.notes:
            print(f"note: {line}", file=sys.stderr)
        for line in summary.planned:
            print(line)
        if summary.redirects:   # printed, never written: site.toml is the user's
            print("The old site's list pages and feeds these stories were on (tags, categories, authors, "
                  f"sections); to redirect them, paste under [redirects] in {config.file}:")
            print("\n".join(summary.redirect_lines()))
        if statics := summary.static_lines(config.file):
            print("The old site published this file, and no story names it:")
            print("\n".join(statics))
        if summary.rooted:
            root = config.paths.root.rstrip("/")
            print(f"{'Would copy' if summary.dry_run else 'Copied'} the old site's files that it published as they are "
                  f"(pictures at their old addresses, static files no story names) into {root}/, which every build "
                  f"publishes at the site's root (commit it with content/):")
            print("\n".join(f"  {root}/{rel}" for rel in summary.rooted))
    print(summary.line())
    return EXIT_OK if summary.ok else EXIT_ERRORS


COMMANDS = {"convert": cmd_convert, "import": cmd_import, "build": cmd_build, "serve": cmd_serve, "watch": cmd_watch,
            "deploy": cmd_deploy}


def _start() -> None:
    """The process's start-up, before any of sitegen's modules that make classes is imported (so
    this module imports none at its top): the code dataclasses generates for them is taken from
    the last run's (classcode.py: parsing and compiling it was ~30% of a cold build's start, with
    the other core idle)."""
    from . import code_stamp
    from .classcode import install
    install(code_stamp)
    # pytz's own switch for an install that ships every zone file (its wheel does): without it,
    # babel.dates, which names the local zone through pytz as it loads, first opens each of
    # pytz's ~600 zone files to list the zones there are (5 ms of CPU in every build that renders:
    # a cold build's template load, each edit's serial start)
    os.environ.setdefault("PYTZ_SKIPEXISTSCHECK", "1")


class _ReaderMayLeave:
    """sys.stdout or sys.stderr for a reader that may leave early (`sitegen convert --report - |
    head -3`, `sitegen build | less` quit early): the write that finds the pipe closed points the
    stream at /dev/null (Python's recipe: docs.python.org/3/library/signal.html#note-on-sigpipe)
    and the command goes on. It was a BrokenPipeError out of the report's write, taken for a disk
    error that stopped the conversion, then a traceback. The run's exit status stays its work's, so
    `set -o pipefail` fails a pipe for a failed build, not for a reader that had seen enough.
    serve and watch, which never complete, stop instead (`left`, set by _stop_when_the_reader_leaves)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.left: Callable[[], None] | None = None

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._to_devnull()
        except OSError as exc:
            self._lost(exc)
        return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._to_devnull()
        except OSError as exc:
            self._lost(exc)

    def _lost(self, exc: OSError) -> None:
        """A log that cannot be written (cron's `>>/var/log/sitegen.log` on a full disk: ENOSPC,
        EDQUOT; EIO): the rest of the output goes to /dev/null, as for a closed pipe, and the exit
        status stays the work's. It was a traceback out of the summary line's print, exit 1, after
        public/ had switched to the new build (review46c 2). serve and watch go on: the reader is
        not gone, the disk is full."""
        import errno
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EIO):
            raise exc
        left, self.left = self.left, None
        self._to_devnull()
        self.left = left

    def close(self) -> None:
        self.flush()   # a closed pipe met here, not in close(), which gives the descriptor up first
        self._stream.close()

    def reader_left(self) -> None:
        """Seen gone while idle (see _stop_when_the_reader_leaves)."""
        self._to_devnull()

    def _to_devnull(self) -> None:
        """What is still buffered goes to /dev/null at the next flush, the exit's included."""
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, self._stream.fileno())
        os.close(devnull)
        if self.left is not None:
            self.left, left = None, self.left   # once: the stop's own output meets /dev/null
            left()

    def __getattr__(self, name: str):   # isatty(), fileno(), encoding: the stream's own
        return getattr(self._stream, name)


def _closed_std_to_devnull() -> None:
    """Each of descriptors 0, 1 and 2 closed at the start (`sitegen build -q >&-`) is /dev/null,
    on exactly that number, and sys.std* is built on it. Python leaves sys.stdout None then (an
    AttributeError traceback at the first write, exit 120), and whatever sitegen opened next took
    the number: with all three closed (`sitegen serve <&- >&- 2>&-`), fd 2 was the server's
    listening socket, and a child's error output (Pagefind's) went there."""
    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        try:
            os.fstat(fd)
            continue
        except OSError:
            pass
        null = os.open(os.devnull, os.O_RDWR)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
        errors = "strict" if fd == 0 else "backslashreplace"
        setattr(sys, name, open(fd, mode, encoding="utf-8", errors=errors, closefd=False))  # noqa: SIM115


def _stdout_escapes() -> None:
    """What stdout's encoding cannot hold is escaped ('\\xe4'), as Python does on stderr: with
    PYTHONIOENCODING=ascii (or a C locale's) `convert --report -` on a German seed was a
    UnicodeEncodeError traceback, exit 1."""
    try:
        sys.stdout.reconfigure(errors="backslashreplace")
    except (AttributeError, ValueError):   # not a TextIOWrapper (a test's capture): its own rules
        pass


class _Terminated(KeyboardInterrupt):
    """A SIGTERM come before main() installed its handler (_stop_on_sigterm): see _stop_early."""


def _stop_early() -> None:
    """SIGTERM stops the command as Ctrl-C does from entry()'s first line on: until main() installs
    its own handler it raises _Terminated, once, which main() and entry() take as a stop (serve and
    watch: exit 0, the others 143). Installed only after the parser and the config module were
    imported, a SIGTERM in a serve's or watch's first 0.1-0.6 s killed it (exit -15, where 0 is
    promised), and this module's imports (argparse, typing) made a Ctrl-C there a traceback: they
    are imported where they are used now (review42a). Ctrl-C is Python's KeyboardInterrupt already.
    _signal is the builtin module signal.py wraps: that one's import makes its enums (0.5 ms, more
    under load), a window in which a Ctrl-C was a traceback and a SIGTERM not yet a stop."""
    import _signal as signal
    main, raised = os.getpid(), []

    def stop(signum: int, frame) -> None:
        if os.getpid() != main:   # a fork's child: die as before
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
        elif not raised:   # a second one would break into the first one's clean-up
            raised.append(signum)
            raise _Terminated
    def interrupt(signum: int, frame) -> None:   # Python's Ctrl-C, remembered as a stop too
        if os.getpid() == main:
            raised.append(signum)
        signal.default_int_handler(signum, frame)
    stop.raised = interrupt.raised = raised   # for _stop_on_sigterm: a stop raised here that something swallowed
    signal.signal(signal.SIGTERM, stop)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, interrupt)


def entry() -> None:
    """The `sitegen` command: main(), then exit without tearing the interpreter down. A build
    leaves millions of objects (the plan of 100,000 articles) that a normal exit collects and
    frees one by one only to give the memory back (about 1 s of CPU at 100,000 articles); by then
    every file sitegen wrote is closed and its workers and children have ended."""
    out = err = None
    try:   # a stop in sitegen's own start-up is the command's stop too (see main)
        _stop_early()   # first: a SIGTERM from here on is the command's stop too
        _closed_std_to_devnull()
        _stdout_escapes()
        out, err = _ReaderMayLeave(sys.stdout), _ReaderMayLeave(sys.stderr)
        sys.stdout, sys.stderr = out, err
        _start()
        code = main()
    except KeyboardInterrupt as exc:
        code = _stopped(_command(None), exc, _quiet(None))
    except Exception as exc:
        if not _a_stop_inside(exc):
            raise
        code = _stopped(_command(None), exc, _quiet(None))
    for stream in (out, err):   # stopped: the exit's flush only meets /dev/null
        if stream is not None:
            stream.left = None
    try:
        from .classcode import save
        save()  # the code of sitegen's classes, if this run compiled some it had not kept (classcode.py)
        sys.stdout.flush()
        sys.stderr.flush()
    except ValueError:  # a stream closed
        pass
    except KeyboardInterrupt:   # the work is done: its exit status stands, the class code is kept next time
        pass
    os._exit(code)


if __name__ == "__main__":
    entry()
