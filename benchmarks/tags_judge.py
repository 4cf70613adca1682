"""Print the tags of 25 random corpus pages, one per site, as a table to judge by hand.

    python benchmarks/tags_judge.py [--corpus DIR] [--seed 2027 --seen benchmarks/tags_seen.txt] [-n 25]

The pages are drawn with random.Random(SEED) from the whole corpus (every language), at most one
page a site, leaving out the sites of the earlier English sample (README, random.Random(11)), which
earlier work was tuned on. The judged copy, with a right/wrong call per tag, is
benchmarks/tags_judged.md; rerun this after a change and judge the new tags again.
`--seen benchmarks/tags_judged_pages.txt` leaves out every page judged so far (samples A, C-L);
`tags_seen.txt` (pages read while tuning in sessions 4-10) now leaves almost nothing to draw.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitegen.config import Config  # noqa: E402
from sitegen.convert import SeedError, convert_text  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "dev"
# The sites judged in the earlier sample: tuned on, so not evidence now.
EARLIER = frozenset("""laweekly.com villagersandheroes.com nationalgeographic.co.uk uk.trustpilot.com
thelist.com link.springer.com wsvn.com mdavis.xyz pamelaandersonfoundation.org cbsnews.com
bostonherald.com twincities.com linkedin.com popsugar.co.uk phillyvoice.com thelocal.se snopes.com
web.archive.org ext.theperspective.com axios.com sciencealert.com mydailymagazine.com foxnews.com
heartlandnewsfeed.com redtri.com""".split())


def site_of(path: Path) -> str:
    """"traf-www.example.com-1a2b3c4d.txt", "traf-example.com-some-slug.txt" -> "example.com"."""
    name = re.sub(r"^(?:aeb|traf)-", "", path.stem)
    m = re.match(r"(?:[\w-]+\.)+[a-z]{2,}(?=-|$)", name)
    return (m.group() if m else name).removeprefix("www.")


def sample(corpus: Path, seed: int, n: int, skip: tuple[int, ...] = (), seen: frozenset[str] = frozenset()) -> list[Path]:
    """n pages of n sites; `skip`: leave out the sites drawn by these earlier seeds too; `seen`:
    pages (and so their sites) looked at while tuning."""
    by_site: dict[str, list[Path]] = {}
    seen_sites = {site_of(Path(stem + ".txt")) for stem in seen}
    for path in sorted(corpus.glob("*.txt")):
        if site_of(path) not in seen_sites:
            by_site.setdefault(site_of(path), []).append(path)
    # ("thelocal.se.tattooed": some names glue a slug to the domain with a dot)
    sites = sorted(s for s in by_site if not any(s == e or s.startswith(e + ".") for e in EARLIER))
    for earlier in skip:
        drawn = {site_of(p) for p in sample(corpus, earlier, n)}
        sites = [s for s in sites if s not in drawn]
    rng = random.Random(seed)
    return [rng.choice(by_site[s]) for s in rng.sample(sites, n)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("-n", type=int, default=25)
    ap.add_argument("--seen", type=Path, help="file of page names (one a line) looked at while tuning: left out")
    ap.add_argument("--skip", type=int, action="append", default=[],
                    help="leave out the sites an earlier --seed drew (pages looked at while tuning)")
    args = ap.parse_args(argv)
    config = Config(root=str(args.corpus))
    print("| page | language | title | tags |\n|---|---|---|---|")
    seen = frozenset(args.seen.read_text(encoding="utf-8").split()) if args.seen else frozenset()
    for path in sample(args.corpus, args.seed, args.n, tuple(args.skip), seen):
        try:
            art = convert_text(path.read_text(encoding="utf-8"), source=path.name, config=config)
        except SeedError as exc:
            print(f"| {path.stem} | - | {exc} | |")
            continue
        title = art.title[:70].replace("|", "/")
        print(f"| {path.stem} | {art.language} | {title} | {', '.join(art.tags) or '(none)'} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
