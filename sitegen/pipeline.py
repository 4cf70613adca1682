"""Convert seeds, then build the site: the one entry point `sitegen build` and `sitegen deploy`
share, so both run the same stages with the same messages (the watcher runs the same two stages
per change, in watch.py). It sits below the command line, which only parses arguments."""
from __future__ import annotations

import errno
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .config import CONVERT_STATE, Config, no_room, not_a_seed

if TYPE_CHECKING:
    from .build import BuildOptions, BuildResult
    from .convert import ConvertSummary


@dataclass(frozen=True)
class ConvertStopped:
    """A conversion the machine stopped (a full disk, a folder sitegen may not write to), said in
    place of its summary: what it had done by then is unknown, and the next run redoes it."""
    errors: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    undated: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    written: tuple[str, ...] = ()   # none known: their saves, if any, are built as edits
    ok: bool = False

    def line(self) -> str:
        return "convert: stopped by the error above; the next run converts what is left"


def convert_seeds(config: Config, **options) -> ConvertSummary | ConvertStopped:
    """convert_all (its keyword options), with a failure of the machine rather than of a seed as
    one error saying what to do. On a full disk it was an OSError traceback out of `sitegen build`
    and `convert` (40 lines in a cron job's mail) and 'build crashed: OSError' under watch."""
    from .convert import convert_all  # loaded only when there are seeds: it brings the language model
    try:
        return convert_all(config, **options)
    except OSError as exc:
        doing = f"converting seeds into {config.paths.content}/"
        if exc.errno == errno.ENOSPC:
            ran_out, free = no_room(exc)
            return ConvertStopped((f"{ran_out} while {doing}; {free} and run it again",))
        where = f"{exc.filename}: " if exc.filename else ""
        return ConvertStopped((f"{where}{exc.strerror or exc} while {doing}; check that folder's owner, "
                               "permissions and free space, then run it again",))


def warm_converter(config: Config) -> None:
    """The converter and what its first conversion loads, loaded ahead (convert.warm): a watcher's,
    once the site is quiet, when the site has seeds to convert."""
    if seeds_to_convert(config):
        from .convert import warm
        warm(config)


def content_gone(config: Config, convert: bool = True, deploying: bool = False) -> str | None:
    """The content folder is missing where an earlier build wrote the output: a typo in [paths]
    content, or the folder moved away. Built, that was 'build ok: 0 articles', every story's page
    removed from public/ (and the next deploy published the empty site). Not when this run's
    conversion makes it anew: seeds in seeds/ and no record of an earlier conversion (content/ and
    .sitegen/ deleted to convert everything again). A site's first build without one is fine, but
    not its deploy (`deploying`): a CI job's fresh checkout has no public/ to tell it from a typo,
    and published the empty site over the live one."""
    from .write import RECORD
    built = (config.path("output") / RECORD).is_file()
    if config.path("content").is_dir() or not (built or deploying):
        return None
    seeds = config.path("seeds")
    if convert and not _converted_before(config) and seeds.is_dir() and any(
            not not_a_seed(p.relative_to(seeds).as_posix()) for p in seeds.rglob("*.txt")):
        return None
    output = config.paths.output.rstrip("/")
    fix = (f"Put the folder back or fix [paths] content in {config.file} (create it empty to publish a site "
           "without stories)")
    if not built:
        return (f"{config.paths.content}/: no such folder: deployed without it, the site would lose every story. "
                f"{fix}; nothing was built or published")
    return (f"{config.paths.content}/: no such folder, and {output}/ holds an earlier build: built without it, the "
            f"site would lose every story. {fix}; {output}/ left as it was")


def seeds_to_convert(config: Config) -> bool:
    """Whether a conversion has work: a file in seeds/, or a record of seeds converted before (to
    take down what a deleted seed made). `sitegen init` makes seeds/ empty, and importing the
    converter for it cost every build of such a site 0.2 s."""
    seeds = config.path("seeds")
    return seeds.is_dir() and (next(seeds.rglob("*"), None) is not None or _converted_before(config))


def _converted_before(config: Config) -> bool:
    return (config.path("cache") / CONVERT_STATE).exists()


def print_problems(errors: list[str], warnings: list[str], quiet: bool) -> None:
    """Warnings (unless quiet), then errors, on stderr: each names its file and what to do."""
    for w in warnings:
        if not quiet:
            print(f"warning: {w}", file=sys.stderr)
    for e in errors:
        print(f"error: {e}", file=sys.stderr)


def convert_and_build(config: Config, options: BuildOptions, convert: bool = True, quiet: bool = False,
                      hints: bool = True) -> BuildResult:
    """Convert seeds/ (when `convert` and the folder exists), then build public/, printing the
    problems and one summary line a stage (`hints`: see BuildResult.line). A seed that fails to
    convert stops no other story, as a story in content/ that cannot be read: the rest is built
    (the seed's content file, if any, as last converted) and the result fails, its errors first.
    The conversion stopped by the machine (ConvertStopped), or with options.strict a failed seed
    or a warning, stops before the build."""
    from .build import Builder, BuildResult, note_outcome  # here: `sitegen convert` uses print_problems alone
    options = options.under(config)
    failed: list[str] = []   # the seeds' errors, said by the conversion
    if convert and seeds_to_convert(config):  # else skip loading the converter (0.2 s)
        summary = convert_seeds(config, progress=options.progress, strict=options.strict)
        # Shown under -q too: each is said once (the seed is converted by now, the edit reported),
        # so `make serve`'s quiet build of public/ left a new seed's for no one; and under --strict
        # they are the reason the build stops. The build's own warnings, said by every build and
        # counted in its summary line, stay quiet.
        print_problems(summary.errors, summary.warnings, False)
        for note in summary.notes:     # (never a reason for --strict to stop: a CI job reads them)
            print(f"note: {note}", file=sys.stderr)
        if not quiet or not summary.ok:
            print(summary.line())
        stopped = isinstance(summary, ConvertStopped) or options.strict and not summary.ok
        if stopped or (options.strict and summary.warnings):
            why = "seeds failed to convert" if not summary.ok else "--strict and the converter warned"
            print(f"build not started: {why} (see above); {config.paths.output.rstrip('/')}/ left as it was")
            note_outcome(config, 0, [why])   # a failed build: deploy --no-build says so
            return BuildResult(errors=[why])
        failed = list(summary.errors)
    builder = Builder(config, options, scan_now=True)  # built at once: content/ may be scanned from now
    try:
        result = builder.build()
        raced = result.only_raced()
        if raced:  # a story changed while it was read (a sync still writing): once more, as watch does
            result = builder.build()
            result.notes.insert(0, f"{', '.join(raced[:3])}{' and more' if len(raced) > 3 else ''} changed while "
                                   "the site was built; built again")
    finally:
        builder.close()   # the cache's files: the caller may run on (deploy builds, then uploads)
    print_problems(result.errors, result.shown_warnings, quiet)
    if failed:   # a failed build, the rest published: `deploy --no-build` refuses it, as a story not read
        result.errors[:0] = failed
        note_outcome(config, 0, result.errors, result.published)
    for note in [*result.notes, *(() if quiet else (*result.repeated, *result.ahead))]:
        print(f"note: {note}", file=sys.stderr)
    print(result.line(hints))
    return result
