"""Score the converter against NAME.txt + NAME.json pairs (gold annotations).

    python benchmarks/convert_accuracy.py --corpus DIR [--verbose]
    python benchmarks/convert_accuracy.py --corpus DIR --cv 5 [--rules-only]

With --cv K the pages are split into K folds grouped by site (no site in two folds); for each fold
the line labeller is trained on the other K-1 folds and the held-back fold is scored with that
model, so no page is scored by a model that saw it. The table is the mean of the K held-back fold
means, then the same per language. --rules-only scores the converter without the learned labeller.

Per page: title, authors, date, language (1/0), share of must_include snippets present, share of
must_exclude snippets absent, bag-of-words precision/recall/F1 of the body against gold_body.
Totals average over the pages where the gold has a value:
- title: pages whose gold title appears in the text (a page's metadata title that is not on the
  page, e.g. a CMS name, cannot be extracted from text); compared after normalising case and
  punctuation.
- authors: pages whose gold author names a person (organisations such as "Reuters" or
  "CBS News" are not scored); the person names must match as a set, case- and accent-insensitively.
- date: the issue's measure, "same day, or one day off for time zones" (a page that states
  23:30 in New York is the next day in UTC, and the gold metadata is in either), on pages that
  state a date (a line holds the gold year and day); elsewhere the converter rightly falls back to
  the time of first conversion. date_exact: the same pages, the calendar day exactly.
- must_include / must_exclude: searched in headline + standfirst + body, whitespace-normalised.
- junk_authors: pages (with a gold author) where an output author names no one the gold names.
- converted: pages that convert without an error.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitegen.config import Config  # noqa: E402
from sitegen.convert import SeedError, convert_text  # noqa: E402

_ORG_WORDS = {"news", "staff", "reports", "service", "press", "agency", "media", "reuters", "afp",
              "ap", "jazeera", "local", "online", "network", "group", "wire", "cnn", "bbc", "wsvn",
              "anónimo", "anonymous", "redacción", "redaction", "linknaija",
              # the German newsroom and company words, as "staff" and "redacción" above: the issue
              # scores authors "where the gold author is a person", and "auto-motor.at Redaktion",
              # "Support Team", "Nordex SE", "EnBW Energie Baden-Württemberg AG" are none
              "redaktion", "team", "webteam", "ag", "gmbh", "se"}


def norm(text: str) -> str:
    # A soft hyphen is invisible (a hyphenation hint): the gold holds it on some pages and not on
    # others whose text has it, so it is no difference between two texts.
    text = unicodedata.normalize("NFKD", (text or "").replace("\u00ad", ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[‘’´`]", "'", text)
    text = re.sub(r"[“”„«»]", '"', text)
    return re.sub(r"\s+", " ", text).strip()


def loose(text: str) -> str:
    return re.sub(r"[^\w]+", " ", norm(text)).strip()


def persons(author: str | None) -> set[str]:
    if not author:
        return set()
    out = set()
    for part in re.split(r"\s*(?:,|;|/|&|\band\b|\by\b|\be\b|\bund\b)\s*", author):
        words = loose(part).split()
        if len(words) >= 2 and not (set(words) & _ORG_WORDS) and not any(w.isdigit() for w in words):
            out.add(" ".join(words))
    return out


def _date_stated(text: str, gold: str) -> bool:
    """Score dates only where the page states one: a line holding the gold year and day."""
    year, day = gold[:4], str(int(gold[8:10]))
    return any(year in ln and re.search(rf"(?<!\d)0?{day}(?!\d)", ln.replace(year, " "))
               for ln in text.splitlines())


def _days_off(found, gold: str) -> int | None:
    """Whole days between the converter's date and the gold one; None if the gold is no date."""
    from datetime import date
    try:
        return abs((date.fromisoformat(found.isoformat()[:10]) - date.fromisoformat(gold[:10])).days)
    except ValueError:           # one gold date is written year-day-month: never matched
        return None


def bag(text: str) -> Counter:
    return Counter(re.findall(r"\w+", norm(text)))


def prf(pred: str, gold: str) -> tuple[float, float, float]:
    p, g = bag(pred), bag(gold)
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def as_list(value) -> list[str]:
    if isinstance(value, list):
        return value
    if isinstance(value, str) and value.startswith("["):
        import ast
        try:
            return list(ast.literal_eval(value))
        except (ValueError, SyntaxError):
            return []
    return []


def score_page(txt: Path, gold: dict, config: Config, labeller=None) -> dict:
    text = txt.read_text(encoding="utf-8")
    row: dict = {"name": txt.stem, "language_gold": gold.get("language") or "?"}
    try:
        art = convert_text(text, source=txt.name, config=config, labeller=labeller,
                           saved=seed_time(txt))
    except SeedError as exc:
        row["error"] = str(exc)
        art = None
    page = norm(text)
    if gold.get("title") and norm(gold["title"]) in page:
        row["title"] = float(art is not None and loose(art.title) == loose(gold["title"]))
    gp = persons(gold.get("author"))
    if gp:
        got = {loose(a) for a in art.authors} if art else set()
        got = {a for a in got if not (set(a.split()) & _ORG_WORDS)}
        row["authors"] = float(got == gp)
    if gold.get("date") and _date_stated(text, gold["date"]):
        off = _days_off(art.date, gold["date"]) if art is not None and art.date is not None else None
        row["date"] = float(off is not None and off <= 1)
        row["date_exact"] = float(off == 0)
    if gold.get("language"):
        row["language"] = float(art is not None and art.language == gold["language"])
    out = norm(art.plain_text) if art else ""
    out_joined = re.sub(r"\s+", " ", out)
    inc = [s for s in as_list(gold.get("must_include")) if s]
    if inc:
        row["must_include"] = sum(norm(s) in out_joined for s in inc) / len(inc)
        row["missing"] = [s for s in inc if norm(s) not in out_joined]
    exc = [s for s in as_list(gold.get("must_exclude")) if s]
    if exc:
        row["must_exclude"] = sum(norm(s) not in out_joined for s in exc) / len(exc)
        row["leaked"] = [s for s in exc if norm(s) in out_joined]
    if gold.get("gold_body"):
        body = "\n".join(art.paragraphs) if art else ""
        row["body_p"], row["body_r"], row["body_f1"] = prf(body, gold["gold_body"])
    row["converted"] = float(art is not None)
    if gold.get("author"):
        # An author that names no one the gold names (a button, a credit, a label, a wrong person).
        want = norm(gold["author"])
        row["junk_authors"] = float(art is not None and any(
            loose(a) not in gp and norm(a) not in want for a in art.authors))
    row["got"] = {"title": art.title if art else None, "authors": list(art.authors) if art else None,
                  "date": art.date.isoformat() if art and art.date else None,
                  "language": art.language if art else None}
    row["gold"] = {"title": gold.get("title"), "authors": gold.get("author"), "date": gold.get("date")}
    return row


# Lower is better for junk_authors; the rest are shares where higher is better.
METRICS = [("title", 0.92), ("authors", 0.85), ("junk_authors", 0.02), ("date", 0.90), ("date_exact", None),
           ("language", 0.99), ("must_include", 0.98), ("must_exclude", 0.92), ("body_p", None),
           ("body_r", None), ("body_f1", 0.95), ("converted", 1.0)]


def seed_time(txt: Path):
    from datetime import datetime, timezone
    return datetime.fromtimestamp(txt.stat().st_mtime, timezone.utc)


def site_of(name: str) -> str:
    """'traf-www.macwelt.de-d1a2e26e' -> 'macwelt.de' (the grouping key for folds)."""
    core = re.sub(r"^[a-z]+-", "", name)
    core = re.sub(r"-[0-9a-f]{6,}$", "", core)
    return re.sub(r"^(?:www\d?|m|amp|mobile)\.", "", core.lower())


def folds_by_site(names: list[str], k: int) -> list[list[str]]:
    """K folds of about equal size, no site in two of them; deterministic (sites in hash order,
    each to the currently smallest fold)."""
    import hashlib
    sites: dict[str, list[str]] = {}
    for n in sorted(names):
        sites.setdefault(site_of(n), []).append(n)
    order = sorted(sites, key=lambda s: (-len(sites[s]), hashlib.sha1(s.encode()).hexdigest()))
    folds: list[list[str]] = [[] for _ in range(k)]
    for s in order:
        min(folds, key=len).extend(sites[s])
    return folds


def _pairs(corpus: Path) -> list[tuple[Path, dict]]:
    out = []
    for js in sorted(corpus.glob("*.json")):
        txt = js.with_suffix(".txt")
        if txt.exists():
            out.append((txt, json.loads(js.read_text(encoding="utf-8"))))
    return out


def _table(rows: list[dict], groups: list[list[dict]] | None = None) -> list[str]:
    """One line per metric: the mean over `groups` of each group's mean (the CV estimate), or the
    plain mean when no groups are given."""
    lines = [f"{'metric':14} {'score':>6} {'pages':>5} {'target':>7}"]
    for m, target in METRICS:
        vals = [r[m] for r in rows if m in r]
        if not vals:
            continue
        if groups:
            means = [sum(v) / len(v) for g in groups if (v := [r[m] for r in g if m in r])]
            mean = sum(means) / len(means)
        else:
            mean = sum(vals) / len(vals)
        ok = "" if target is None else ("ok" if (mean <= target if m == "junk_authors" else mean >= target)
                                        else "BELOW" if m != "junk_authors" else "ABOVE")
        lines.append(f"{m:14} {mean:6.3f} {len(vals):5d} {target if target is not None else '':>7} {ok}")
    return lines


def _language_table(rows: list[dict]) -> list[str]:
    short = ["title", "authors", "date", "language", "must_include", "must_exclude", "converted"]
    out = [f"{'lang':5} {'pages':>5} " + " ".join(f"{m[:7]:>7}" for m in short)]
    by: dict[str, list[dict]] = {}
    for r in rows:
        by.setdefault(r["language_gold"], []).append(r)
    for lang in sorted(by, key=lambda k: (-len(by[k]), k)):
        g = by[lang]
        cells = []
        for m in short:
            v = [r[m] for r in g if m in r]
            cells.append(f"{sum(v) / len(v):7.2f}" if v else f"{'-':>7}")
        out.append(f"{lang:5} {len(g):5d} " + " ".join(cells))
    return out


def _fold(i: int, folds: list[list[str]], corpus: Path, rules_only: bool, kind: str = "crf") -> list[dict]:
    """Train on every fold but fold i, score fold i with that model."""
    from sitegen.convert import labeller as lab
    config = Config()
    if rules_only:
        model = lab.NO_MODEL
    elif kind == "gbm":
        from gbm_labeller import GbmLabeller
        from sitegen.convert.train import page_sequence
        train = [corpus / f"{n}.txt" for j, f in enumerate(folds) if j != i for n in f]
        model = GbmLabeller.train([(p.xs, p.ys) for t in train if (p := page_sequence(
            t.read_text(encoding="utf-8"), json.loads(t.with_suffix(".json").read_text(encoding="utf-8")), config))])
    else:
        from sitegen.convert.train import train_model
        train = [corpus / f"{n}.txt" for j, f in enumerate(folds) if j != i for n in f]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "fold.crfsuite"
            train_model([(t.read_text(encoding="utf-8"), json.loads(t.with_suffix(".json").read_text(encoding="utf-8")),
                          seed_time(t)) for t in train], path, config=config)
            model = lab.Labeller.load(path)
    rows = [score_page(corpus / f"{n}.txt", json.loads((corpus / f"{n}.json").read_text(encoding="utf-8")),
                       config, model) for n in folds[i]]
    print(f"fold {i + 1}/{len(folds)}: {len(rows)} pages, {len({site_of(n) for n in folds[i]})} sites "
          "held back", file=sys.stderr)
    return rows


def cross_validate(pairs: list[tuple[Path, dict]], k: int, rules_only: bool,
                   jobs: int, kind: str = "crf") -> tuple[list[dict], list[list[dict]]]:
    """Rows of every page scored by the model of the fold that held it back, and the folds' rows."""
    from concurrent.futures import ProcessPoolExecutor
    folds = folds_by_site([t.stem for t, _ in pairs], k)
    corpus = pairs[0][0].parent
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        groups = list(pool.map(_fold, range(k), [folds] * k, [corpus] * k, [rules_only] * k, [kind] * k))
    return [r for g in groups for r in g], groups


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--verbose", "-v", action="store_true", help="show what differs on each page")
    ap.add_argument("--cv", type=int, metavar="K", help="K-fold cross-validation grouped by site, "
                    "retraining the labeller on each fold's complement")
    ap.add_argument("--rules-only", action="store_true", help="score without the learned labeller")
    ap.add_argument("--jobs", type=int, default=2, help="folds run in parallel (default 2)")
    ap.add_argument("--model", choices=("crf", "gbm"), default="crf",
                    help="with --cv: the shipped kind of labeller (crf) or gradient boosting over the same "
                         "features (gbm, needs the bench extra: lightgbm), for comparison")
    args = ap.parse_args(argv)
    config = Config()
    pairs = _pairs(args.corpus)
    if not pairs:
        print(f"no NAME.txt + NAME.json pairs in {args.corpus}", file=sys.stderr)
        return 2
    groups = None
    if args.cv:
        rows, groups = cross_validate(pairs, args.cv, args.rules_only, args.jobs, args.model)
    else:
        from sitegen.convert import labeller as lab
        model = lab.NO_MODEL if args.rules_only else None
        rows = [score_page(t, g, config, model) for t, g in pairs]
    short = ["title", "authors", "date", "language", "must_include", "must_exclude", "body_f1"]
    if args.verbose:
        print(f"{'page':44} " + " ".join(f"{m[:7]:>7}" for m in short))
        for r in rows:
            cells = " ".join(f"{r[m]:7.2f}" if m in r else f"{'-':>7}" for m in short)
            print(f"{r['name'][:44]:44} {cells}" + ("  ERROR" if "error" in r else ""))
            for m in ("title", "authors", "date"):
                if r.get(m, 1.0) < 1.0:
                    print(f"      {m}: got {r['got'][m]!r} want {r['gold'][m]!r}")
            for s in r.get("missing", []):
                print(f"      missing: {s[:90]!r}")
            for s in r.get("leaked", []):
                print(f"      leaked: {s[:90]!r}")
            if "error" in r:
                print(f"      {r['error']}")
        print()
    what = (f"{args.cv}-fold cross-validation grouped by site, mean of the held-back folds"
            if args.cv else "scored on every page (not cross-validated)")
    print(f"{len(rows)} pages, {len({site_of(r['name']) for r in rows})} sites; {what}"
          + ("; rules only" if args.rules_only else "; gradient boosting (LightGBM)" if args.model == "gbm" else ""))
    print("\n".join(_table(rows, groups)))
    print()
    print("per language (pages pooled over the held-back folds):" if args.cv else "per language:")
    print("\n".join(_language_table(rows)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
