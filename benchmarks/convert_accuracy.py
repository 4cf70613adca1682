"""Score the converter against NAME.txt + NAME.json pairs (gold annotations).

    python benchmarks/convert_accuracy.py --corpus DIR [--verbose]

Per page: title, authors, date, language (1/0), share of must_include snippets present, share of
must_exclude snippets absent, bag-of-words precision/recall/F1 of the body against gold_body.
Totals average over the pages where the gold has a value:
- title: pages whose gold title appears in the text (a page's metadata title that is not on the
  page, e.g. a CMS name, cannot be extracted from text); compared after normalising case and
  punctuation.
- authors: pages whose gold author names a person (organisations such as "Reuters" or
  "CBS News" are not scored); the person names must match as a set, case- and accent-insensitively.
- date: calendar day (the pages' metadata often differs from the stated time by minutes), on
  pages that state a date (a line holds the gold year and day); elsewhere the converter rightly
  falls back to the time of first conversion.
- must_include / must_exclude: searched in headline + standfirst + body, whitespace-normalised.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitegen.config import Config  # noqa: E402
from sitegen.convert import SeedError, convert_text  # noqa: E402

_ORG_WORDS = {"news", "staff", "reports", "service", "press", "agency", "media", "reuters", "afp",
              "ap", "jazeera", "local", "online", "network", "group", "wire", "cnn", "bbc", "wsvn",
              "anónimo", "anonymous", "redacción", "redaction", "linknaija"}


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
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


def score_page(txt: Path, gold: dict, config: Config) -> dict:
    text = txt.read_text(encoding="utf-8")
    row: dict = {"name": txt.stem}
    try:
        art = convert_text(text, source=txt.name, config=config)
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
        row["date"] = float(art is not None and art.date is not None
                            and art.date.date().isoformat() == gold["date"][:10])
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
    row["got"] = {"title": art.title if art else None, "authors": list(art.authors) if art else None,
                  "date": art.date.isoformat() if art and art.date else None,
                  "language": art.language if art else None}
    row["gold"] = {"title": gold.get("title"), "authors": gold.get("author"), "date": gold.get("date")}
    return row


METRICS = [("title", 0.95), ("authors", 0.90), ("date", 0.90), ("language", 0.98),
           ("must_include", 0.99), ("must_exclude", 0.90), ("body_p", None), ("body_r", None),
           ("body_f1", 0.95)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--verbose", "-v", action="store_true", help="show what differs on each page")
    args = ap.parse_args(argv)
    config = Config()
    rows = []
    for js in sorted(args.corpus.glob("*.json")):
        txt = js.with_suffix(".txt")
        if txt.exists():
            rows.append(score_page(txt, json.loads(js.read_text(encoding="utf-8")), config))
    if not rows:
        print(f"no NAME.txt + NAME.json pairs in {args.corpus}", file=sys.stderr)
        return 2
    short = ["title", "authors", "date", "language", "must_include", "must_exclude", "body_f1"]
    print(f"{'page':44} " + " ".join(f"{m[:7]:>7}" for m in short))
    for r in rows:
        cells = " ".join(f"{r[m]:7.2f}" if m in r else f"{'-':>7}" for m in short)
        print(f"{r['name'][:44]:44} {cells}" + ("  ERROR" if "error" in r else ""))
        if args.verbose:
            for m in ("title", "authors", "date"):
                if r.get(m, 1.0) < 1.0:
                    print(f"      {m}: got {r['got'][m if m != 'authors' else 'authors']!r} want {r['gold'][m]!r}")
            for s in r.get("missing", []):
                print(f"      missing: {s[:90]!r}")
            for s in r.get("leaked", []):
                print(f"      leaked: {s[:90]!r}")
            if "error" in r:
                print(f"      {r['error']}")
    print()
    print(f"{'metric':14} {'score':>6} {'pages':>5} {'target':>7}")
    failed = False
    for m, target in METRICS:
        vals = [r[m] for r in rows if m in r]
        if not vals:
            continue
        mean = sum(vals) / len(vals)
        ok = "" if target is None else ("ok" if mean >= target else "BELOW")
        failed |= ok == "BELOW"
        print(f"{m:14} {mean:6.3f} {len(vals):5d} {target if target else '':>7} {ok}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
