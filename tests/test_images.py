"""sitegen/images.py: pictures resized, re-encoded, cropped and cached; bad pictures refused with the
article and image named, the previous public/ left as it was. Every photo is made by tests/photos.py."""
from __future__ import annotations

import io
import json
import os
import re
import struct
import zlib
from functools import cache
from pathlib import Path

import pytest
from lxml import html as lxml_html
from PIL import Image, ImageCms

from builders import tree
from conftest import FIXED_NOW, small_tmpfs, write_files
from photos import photo, srgb_profile
from sitegen.build import Builder, BuildOptions
from sitegen.config import load_config
from sitegen.images import crop_box

TOML = '[site]\nbase_url = "https://example.org/news/"\n[search]\nenabled = false\n[images]\nwidths = [320, 640, 1280]\n'


def story(slug: str, image: str = "", alt: str = "A photo", extra: str = "", body: str = "Text.") -> str:
    front = f"image: {image}\nalt: {alt}\n" if image else ""
    return f"---\ntitle: Story {slug}\ndate: 2025-01-1{len(slug) % 9}T09:00:00+00:00\nslug: {slug}\n{front}{extra}---\n{body}\n"


def make(root: Path, files: dict, **options):
    write_files(root, {"site.toml": TOML, **files})
    result = Builder(load_config(root), BuildOptions(**options)).build(now=FIXED_NOW)
    return result, root / "public"


def outputs(public: Path, stem: str) -> dict[str, Image.Image]:
    return {p.name: Image.open(p) for p in sorted((public / "images").glob(f"{stem}.*"))}


def article_html(public: Path, slug: str):
    return lxml_html.fromstring((public / f"2025/01/{slug}/index.html").read_bytes())


def test_widths_formats_and_never_upscaled(tmp_path):
    result, public = make(tmp_path, {"content/a.md": story("a", "a.jpg"), "content/a.jpg": photo(1000, 750),
                                     "content/b.md": story("bb", "b.png"), "content/b.png": photo(500, 400, "PNG")})
    assert result.ok, result.errors
    full = {n: (i.format, i.size) for n, i in outputs(public, "a").items() if n.count(".") == 3 and "-" not in n}
    assert sorted(full.values()) == [("JPEG", (320, 240)), ("JPEG", (640, 480)), ("JPEG", (1000, 750)),
                                     ("WEBP", (320, 240)), ("WEBP", (640, 480)), ("WEBP", (1000, 750))]
    small = {i.size[0] for n, i in outputs(public, "b").items() if n.count(".") == 3 and "-" not in n}
    assert small == {320, 500}  # 640 and 1280 would be upscaled: the source's own width instead
    assert {i.format for i in outputs(public, "b").values()} == {"PNG", "WEBP"}


def test_a_pictures_published_files_are_told_from_root_files_by_name(tmp_path):
    # serve reloads every tab for a removed root/ file (BuildResult.copied, review54a 1), but not for a
    # picture's removed renditions, whose pages changed with them: told apart by their names alone
    from sitegen.images import is_rendition
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"></svg>'
    result, public = make(tmp_path, {"content/a.md": story("a", "Brücke 1.jpg"),
                                     "content/Brücke 1.jpg": photo(700, 500),
                                     "content/g.md": story("gg", "g.svg"), "content/g.svg": svg})
    assert result.ok, result.errors
    made = [f"images/{p.name}" for p in (public / "images").iterdir()]
    assert len(made) > 6 and all(map(is_rendition, made)), made
    assert not any(map(is_rendition, ["images/chart.png", "images/2019/chart.png", "images/logo.v2.png",
                                      "static/a.0123456789abcdef.640.jpg", "images/a.0123456789abcdef.640.jpg/x"]))


def test_exif_orientation_applied_and_metadata_stripped_but_icc_kept(tmp_path):
    # stored 1200x900 with orientation 6 (rotate 90 degrees clockwise): upright it is 900x1200
    source = photo(1200, 900, orientation=6, icc=srgb_profile(), marker=(0.9, 0.5))
    icc = Image.open(io.BytesIO(source)).info["icc_profile"]
    result, public = make(tmp_path, {"content/a.md": story("a", "a.jpg"), "content/a.jpg": source})
    assert result.ok, result.errors
    for name, image in outputs(public, "a").items():
        if "-" not in name:
            assert image.height > image.width, f"{name} is not upright: {image.size}"
        assert not image.getexif(), f"{name} keeps EXIF (camera, GPS) data"
        assert image.info.get("icc_profile") == icc, f"{name} lost its colour profile"
    # The marker was at the right edge, middle height, of the stored image: upright it is at the bottom.
    upright = next(i for n, i in outputs(public, "a").items() if n.endswith(".640.jpg")).convert("RGB")
    r, g, b = upright.getpixel((upright.width // 2, int(upright.height * 0.9)))
    assert r > 180 and g < 80 and b < 80, (r, g, b)


def test_cmyk_jpeg_becomes_rgb_and_png_alpha_survives(tmp_path):
    result, public = make(tmp_path, {
        "content/a.md": story("a", "cmyk.jpg"), "content/cmyk.jpg": photo(800, 600, mode="CMYK"),
        "content/b.md": story("bb", "alpha.png"), "content/alpha.png": photo(800, 600, "PNG", mode="RGBA")})
    assert result.ok, result.errors
    for name, image in outputs(public, "cmyk").items():
        assert image.mode == "RGB", name
    assert Image.open(io.BytesIO(photo(800, 600, mode="CMYK"))).mode == "CMYK"  # the source really was CMYK
    for name, image in outputs(public, "alpha").items():
        assert image.mode == "RGBA" and image.getextrema()[3][0] < 50, f"{name} lost its transparency"


def test_a_transparent_webp_as_a_lead_picture_builds_with_transparent_crops(tmp_path):
    """review41c: a cut-out WebP as a story's lead failed the build, 'corrupt or truncated picture
    (cannot write mode RGBA as JPEG)': its card and 4:3/1:1 crops were JPEG. They are PNG now, as a
    transparent PNG's are; an opaque WebP's stay JPEG."""
    result, public = make(tmp_path, {
        "content/a.md": story("a", "cut.webp"), "content/cut.webp": photo(800, 600, "WEBP", mode="RGBA"),
        "content/b.md": story("bb", "flat.webp"), "content/flat.webp": photo(800, 600, "WEBP")})
    assert result.ok, result.errors
    singles = {n.split(".")[2].split("-")[0]: i for n, i in outputs(public, "cut").items() if "-" in n and "16x9" not in n}
    assert sorted(singles) == ["1x1", "4x3", "card"]
    for name, image in singles.items():
        assert image.format == "PNG" and image.getextrema()[3][0] < 50, f"{name} lost its transparency"
    assert {i.format for n, i in outputs(public, "flat").items() if "card-" in n} == {"JPEG"}


def test_a_picture_too_long_for_webp_is_published_in_its_own_format(tmp_path):
    """review41c: libwebp encodes no side over 16383 px, so a 1000x20000 infographic (20 MP, under
    max_megapixels) failed the build, 'corrupt or truncated picture ... export it again'. It has no
    WebP now (a WebP source set of the small widths alone would be taken by browsers, blurred), and
    the cached picture is used again by the next build."""
    tall = Image.new("RGB", (1000, 20000), (30, 80, 160))
    files = {"content/a.md": story("a", body="Text.\n\n![Where the money went](info.png)"),
             "content/info.png": _saved(tall)}
    result, public = make(tmp_path, files)
    assert result.ok, result.errors
    assert {n.split(".", 2)[2]: i.size for n, i in outputs(public, "info").items()} == {
        "320.png": (320, 6400), "640.png": (640, 12800), "1000.png": (1000, 20000)}
    img = article_html(public, "a").xpath("//img")[0]
    assert (img.get("width"), img.get("height")) == ("1000", "20000") and not article_html(public, "a").xpath("//source")
    before = _cache_entries(tmp_path)
    result, _ = make(tmp_path, files)
    assert result.ok and _cache_entries(tmp_path) == before, "the cached picture was made again"


def test_an_animated_webp_is_published_as_its_first_frame_and_said_so(tmp_path):
    """review41c: an animated WebP was published as its first frame with no word (a GIF keeps its
    animation: published as it is). It still is (re-encoding every frame at every width was not
    worth it), with a warning at its line; a still WebP, transparent or not, has none."""
    frames = [Image.new("RGB", (640, 360), (i * 60, 0, 200)) for i in range(4)]
    moving = io.BytesIO()
    frames[0].save(moving, "WEBP", save_all=True, append_images=frames[1:], duration=100, loop=0)
    body = "Text.\n\n![Moving chart](anim.webp)\n\n![Still](still.webp)\n\n![Cut-out](cut.webp)"
    result, public = make(tmp_path, {"content/a.md": story("a", body=body), "content/anim.webp": moving.getvalue(),
                                     "content/still.webp": photo(640, 360, "WEBP"),
                                     "content/cut.webp": photo(640, 360, "WEBP", mode="RGBA")})
    assert result.ok, result.errors
    assert Image.open(io.BytesIO(moving.getvalue())).n_frames == 4
    assert {getattr(i, "n_frames", 1) for i in outputs(public, "anim").values()} == {1}
    assert result.warnings == ["content/a.md:8: image 'anim.webp' is an animated WebP: it is published as its first "
                               "frame, a still; to show the animation, save it as a GIF (published as it is) or a video"]


def test_crops_keep_the_focal_point(tmp_path):
    # a red disc at 85% across: a centred square crop of this 3:2 picture would cut it off
    files = {"content/a.md": story("a", "a.jpg", extra="focus: [0.85, 0.5]\n"),
             "content/a.jpg": photo(1500, 1000, marker=(0.85, 0.5))}
    result, public = make(tmp_path, files)
    assert result.ok, result.errors
    found = outputs(public, "a")
    square = next(i for n, i in found.items() if ".1x1-" in n).convert("RGB")
    assert square.width == square.height == 1000
    x = int((0.85 * 1500 - (1500 - 1000)) / 1000 * square.width)  # the box is pushed to the right edge
    r, g, b = square.getpixel((x, square.height // 2))
    assert r > 180 and g < 80, (r, g, b)
    card = next(i for n, i in found.items() if ".card-" in n)
    assert card.size == (1200, 630)
    assert crop_box((1000, 1000), (16, 9), (0.5, 0.0)) == (0, 0, 1000, 562.5)  # clamped to the top edge


def test_markup_figure_picture_srcset_and_lazy_body_images(tmp_path):
    body = "Intro.\n\n![A chart of the tides](chart.png \"Tides this week\")\n\nInline ![icon](chart.png) too.\n"
    files = {"content/a.md": story("a", "a.jpg", extra="caption: The quay\ncredit: Jo Photo\n", body=body),
             "content/a.jpg": photo(1600, 1000), "content/chart.png": photo(700, 350, "PNG")}
    result, public = make(tmp_path, files)
    assert result.ok, result.errors
    doc = article_html(public, "a")
    [lead] = doc.xpath('//figure[@class="story-image"]')
    img = lead.xpath(".//img")[0]
    assert img.get("fetchpriority") == "high" and img.get("loading") is None
    assert (img.get("width"), img.get("height")) == ("1280", "800")
    assert lead.xpath(".//source/@type") == ["image/webp"]
    assert [c.split()[1] for c in img.get("srcset").split(", ")] == ["320w", "640w", "1280w"]
    assert lead.xpath("string(.//figcaption)") == "The quay Jo Photo"
    [body_figure] = doc.xpath('//div[@class="story-body"]/figure')  # not inside a <p>
    assert body_figure.xpath("string(figcaption)") == "Tides this week"
    body_imgs = doc.xpath('//div[@class="story-body"]//img')
    assert len(body_imgs) == 2 and all(i.get("loading") == "lazy" and i.get("width") for i in body_imgs)
    for src in doc.xpath("//img/@src | //source/@srcset"):
        for url in src.split(", "):
            assert (public / url.split()[0].removeprefix("/news/")).is_file(), url


def test_missing_alt_is_a_warning_and_an_error_under_strict(tmp_path):
    files = {"content/a.md": story("a", "a.jpg", alt=""), "content/a.jpg": photo(400, 300)}
    result, _ = make(tmp_path / "one", files)
    assert result.ok and any("content/a.md:5: image 'a.jpg' has no 'alt' text" in w for w in result.warnings)
    strict, public = make(tmp_path / "two", files, strict=True)
    assert not strict.ok and not public.exists()


def _png_header_only(width: int, height: int, padding: int = 0) -> bytes:
    """A PNG that declares width x height but holds (almost) nothing: what a decompression bomb looks like."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"tEXt", b"pad\0" + b"x" * padding) + \
        chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b"")


def _gif_header_only(width: int, height: int) -> bytes:
    """A GIF whose screen and one frame say width x height, with one LZW code of data."""
    return (b"GIF89a" + struct.pack("<HHBBB", width, height, 0, 0, 0) +
            b"," + struct.pack("<HHHHB", 0, 0, width, height, 0) + b"\x02\x02\x4c\x01\x00;")


BAD = {
    "missing.jpg": (None, "not found beside the article"),
    "corrupt.jpg": (b"\xff\xd8\xff\xe0 this is not really a JPEG" * 20, "corrupt or truncated picture"),
    "truncated.jpg": (photo(1600, 1200)[:20000], "corrupt or truncated"),
    "bomb.png": (_png_header_only(60000, 60000), "decompression bomb"),
    "renamed.jpg": (photo(400, 300, "PNG"), "the file is PNG but named .jpg"),
    "huge.png": (_png_header_only(10000, 10000, padding=2_000_000), "100 megapixels, over the limit of 50"),
    "notes.txt": (b"hello", "use a JPEG, PNG, WebP, GIF or SVG picture"),
    # published as it is, but read by every browser: a 907-byte GIF saying 12000x12000 was (review39e)
    "bomb.gif": (_gif_header_only(12000, 12000), "declares 12000x12000 pixels in a 0 KB file: a decompression bomb"),
}


def test_bad_pictures_are_errors_naming_article_and_image_and_public_stays(tmp_path):
    good = {"content/good.md": story("good", "good.jpg"), "content/good.jpg": photo(800, 600)}
    result, public = make(tmp_path, good)
    assert result.ok, result.errors
    before = tree(public)
    files = dict(good)
    for i, (name, (data, _)) in enumerate(BAD.items()):
        files[f"content/bad{i}.md"] = story(f"bad{i}", name)
        if data is not None:
            files[f"content/{name}"] = data
    result, public = make(tmp_path, files)
    assert not result.ok
    errors = "\n".join(result.errors)
    for i, (name, (_, message)) in enumerate(BAD.items()):  # every one reported, not just the first
        line = next((e for e in result.errors if f"content/bad{i}.md" in e), "")
        assert f"'{name}'" in line and message in line, f"{name}: {line!r}\n{errors}"
        assert line.startswith(f"content/bad{i}.md:5: image '{name}'"), line   # the 'image:' line: before, no line
    assert tree(public) == before, "a failed build changed public/"
    assert not [p for p in tmp_path.iterdir() if ".stage-" in p.name], "a staging folder was left behind"


def test_a_bad_picture_in_the_text_names_the_line_that_shows_it(tmp_path):
    body = "First paragraph.\n\nSecond, with ![](chart.png) in it.\n"
    files = {"content/a.md": story("a", body=body), "content/chart.png": photo(300, 200, "PNG")}
    result, _ = make(tmp_path, files)
    # Before: 'content/a.md: picture ...': the editor had to find the picture in the text
    assert any(w.startswith("content/a.md:8: picture 'chart.png' in the text has no alt") for w in result.warnings), \
        result.warnings
    result, _ = make(tmp_path, {"content/a.md": story("a", body=body.replace("![]", "![A chart]") + "\n![The tides](tides.png)\n")})
    assert any(e.startswith("content/a.md:10: image 'tides.png' not found") for e in result.errors), result.errors


def test_a_missing_picture_in_the_text_is_named_at_the_line_that_shows_it_not_prose_naming_it(tmp_path):
    """review41c: a missing picture's error named the first line holding the file's name, a line of
    prose ('We publish map.png every week') before the picture. Now the line of the picture itself,
    its percent-encoded name ('<weekly map.png>') too."""
    body = ("We publish map.png and weekly map.png every week.\n\nMore text.\n\n![The weekly map](map.png)\n\n"
            "Again: weekly map.png.\n\n![The other map](<weekly map.png>)\n")
    result, _ = make(tmp_path, {"content/a.md": story("a", body=body)})
    lines = (tmp_path / "content/a.md").read_text().split("\n")
    shown = [n for n, line in enumerate(lines, 1) if line.startswith("![")]
    assert sorted(e.split(": image")[0] for e in result.errors) == [f"content/a.md:{n}" for n in shown], result.errors


def test_a_missing_picture_whose_name_differs_in_case_from_a_file_says_which(tmp_path):
    """A story written on a Mac ('photo.jpg' for Photo.jpg: its disk ignores case) built there and
    failed on Linux CI with 'not found', though the file is there: the error names it now."""
    files = {"content/a.md": story("a", "2025/harbour.JPG", body="Text.\n\n![A photo](photo.jpg)\n\n![Gone](gone.jpg)"),
             "content/Photo.jpg": photo(400, 300), "content/2025/harbour.jpg": photo(400, 300)}
    result, _ = make(tmp_path, files)
    hint = "? (the names differ in case, which a Mac's disk ignores and Linux's, as on most build servers, does not)"
    left = " (the story is left out until fixed)"   # the rest of the site published (review44f)
    assert all(e.endswith(left) for e in result.errors), result.errors
    assert sorted(e.removesuffix(left) for e in result.errors) == [
        "content/a.md:10: image 'photo.jpg' not found beside the article, in content/ or in static/; check the file "
        f"name, or add the file: did you mean 'Photo.jpg'{hint}",
        "content/a.md:12: image 'gone.jpg' not found beside the article, in content/ or in static/; check the file "
        "name, or add the file",
        "content/a.md:5: image '2025/harbour.JPG' not found beside the article, in content/ or in static/; check the "
        f"file name, or add the file: did you mean '2025/harbour.jpg'{hint}"]


def test_did_you_mean_names_a_folder_differing_in_case(tmp_path):
    """review41j: only the last name was compared, so 'Images/photo.jpg' for content/images/photo.jpg
    (built on a Mac, failed on Linux CI) got 'not found' with no hint. Each part is matched from the
    folder looked in down; from the site's root and static/ too."""
    body = "Text.\n\n![A photo](Images/photo.jpg)\n\n![B](/Maps/Harbour.PNG)\n\n![C](IMAGES/nope.jpg)"
    files = {"content/a.md": story("a", body=body), "content/images/photo.jpg": photo(300, 200),
             "static/maps/harbour.png": photo(300, 200, "PNG")}
    result, _ = make(tmp_path, files)
    hints = sorted(e.partition("did you mean ")[2].split("?")[0] for e in result.errors)
    assert hints == ["", "'/maps/harbour.png'", "'images/photo.jpg'"], result.errors


def test_a_second_use_of_a_picture_without_alt_text_is_warned_at_its_own_line(tmp_path):
    """review40g: the text's pictures were listed once a source, with the first use's alt: the same
    picture shown again with no alt text (read as nothing by a screen reader) went unwarned."""
    body = "First, ![A chart of the tides](chart.png).\n\nAgain, for the harbour:\n\n![](chart.png)\n"
    files = {"content/a.md": story("a", body=body), "content/chart.png": photo(300, 200, "PNG")}
    result, _ = make(tmp_path, files)
    said = [w for w in result.warnings if "has no alt" in w]
    assert len(said) == 1 and said[0].startswith("content/a.md:10: picture 'chart.png' in the text has no alt"), \
        result.warnings
    result, _ = make(tmp_path, {"content/a.md": story("a", body=body.replace("![]", "![The chart again]"))})
    assert not [w for w in result.warnings if "has no alt" in w], result.warnings


def test_each_use_of_a_picture_without_alt_text_is_warned_at_its_line_references_too(tmp_path):
    """review40j: one warning a picture, at the first line of an inline '![](ref' use: four bare
    uses gave one warning naming neither all nor the first, and a bare reference ('![][p]') was
    warned at the first line naming the file, the one WITH alt text."""
    body = ("Intro.\n\n![A red box](pic.png)\n\n![][p]\n\n![ ](pic.png) and ![](pic.png)\n\n![](pic.png)\n\n"
            "> A quote, ![a described one](pic.png\n> \"over two lines\") then ![](pic.png)\n\n[p]: pic.png\n")
    files = {"content/a.md": story("a", body=body), "content/pic.png": photo(300, 200, "PNG")}
    result, _ = make(tmp_path, files)
    said = [w for w in result.warnings if "has no alt" in w]
    assert [w.split(": picture")[0] for w in said] == [f"content/a.md:{n}" for n in (10, 12, 14, 17)], said
    assert all("picture 'pic.png' in the text has no alt text" in w for w in said)
    only_reference = body.replace("![ ]", "![Again]").replace("and ![]", "and ![Once more]").replace(
        "\n![](pic.png)", "\n![A third time](pic.png)").replace("then ![]", "then ![Last]")
    result, _ = make(tmp_path, {"content/a.md": story("a", body=only_reference)})
    assert [w for w in result.warnings if "has no alt" in w] == [
        "content/a.md:10: picture 'pic.png' in the text has no alt text; describe it between the brackets: "
        "![what it shows](...)"], result.warnings


def test_a_picture_named_with_spaces_or_accents_in_the_text_is_found(tmp_path):
    # Markdown hands the link over percent-encoded ('Br%C3%BCcke%20am%20Fluss.jpg'): the build
    # failed with "image 'Br%C3%BCcke%20am%20Fluss.jpg' not found", no line, for a file that is there
    # (review26). A file named with '%' itself is still found as written.
    body = "Text.\n\n![The bridge](<Brücke am Fluss.jpg>)\n\n![The ferry](Fähre.png)\n\n![Raw](100%25.png)\n"
    files = {"content/a.md": story("a", body=body), "content/Brücke am Fluss.jpg": photo(700, 400),
             "content/Fähre.png": photo(400, 300, "PNG"), "content/100%25.png": photo(500, 300, "PNG")}
    result, public = make(tmp_path, files)
    assert result.ok, result.errors
    srcs = article_html(public, "a").xpath('//div[@class="story-body"]//img/@src')
    assert len(srcs) == 3 and all((public / s.removeprefix("/news/")).is_file() for s in srcs), srcs
    # named as article slugs are: 'br-cke-am-fluss' and 'f-hre' before
    assert [s.split("/")[-1].split(".")[0] for s in srcs] == ["brucke-am-fluss", "fahre", "100-25"], srcs
    result, public = make(tmp_path / "star", {"content/a.md": story("a", body="Text.\n\n![A star](★.png)\n"),
                                     "content/★.png": photo(400, 300, "PNG")})
    assert result.ok, result.errors   # symbols only: published as before this session (cached a year by browsers)
    assert article_html(public, "a").xpath('//div[@class="story-body"]//img/@src')[0].split("/")[-1].startswith("untitled.")
    result, _ = make(tmp_path, {"content/a.md": story("a", body="Text.\n\n![A bridge](<Brücke am Rhein.jpg>)\n")})
    assert any(e.startswith("content/a.md:8: image 'Brücke am Rhein.jpg' not found") for e in result.errors), \
        result.errors


def _cache_entries(root: Path) -> dict[str, int]:
    folder = root / ".sitegen/images"
    return {e.name: e.stat().st_mtime_ns for e in os.scandir(folder) if e.is_dir()}


def test_incremental_cached_replaced_and_deleted_pictures(tmp_path):
    files = {"content/a.md": story("a", "a.jpg"), "content/a.jpg": photo(900, 600),
             "content/b.md": story("bb", "b.jpg"), "content/b.jpg": photo(600, 900)}
    result, public = make(tmp_path, files)
    assert result.ok, result.errors
    cached = _cache_entries(tmp_path)
    old_a = sorted(p.name for p in (public / "images").glob("a.*"))
    # one article edited: no picture is processed again
    result, _ = make(tmp_path, {"content/b.md": story("bb", "b.jpg", body="New text.")})
    assert result.ok and _cache_entries(tmp_path) == cached
    # a picture replaced under the same name: new outputs, the old ones gone, the page points at them
    result, _ = make(tmp_path, {"content/a.jpg": photo(900, 600, marker=(0.5, 0.5))})
    assert result.ok, result.errors
    new_a = sorted(p.name for p in (public / "images").glob("a.*"))
    assert len(new_a) == len(old_a) and not set(new_a) & set(old_a)
    srcs = article_html(public, "a").xpath('//figure[@class="story-image"]//img/@src')
    assert srcs and srcs[0].rsplit("/", 1)[1] in new_a
    assert len(_cache_entries(tmp_path)) == len(cached)  # the old entry dropped
    # the picture taken out of the article: its outputs leave public/
    (tmp_path / "content/a.md").write_text(story("a"), encoding="utf-8")
    result, _ = make(tmp_path, {})
    assert result.ok and not list((public / "images").glob("a.*")) and list((public / "images").glob("b.*"))
    # and the whole output equals a clean build's
    clean = tmp_path / "clean"
    for rel in ("content/a.md", "content/b.md", "content/a.jpg", "content/b.jpg"):
        write_files(clean, {rel: (tmp_path / rel).read_bytes()})
    result, clean_public = make(clean, {})
    assert result.ok and tree(clean_public) == tree(public)


def test_a_renamed_picture_is_published_and_checked_as_a_cold_build_would(tmp_path):
    """The cache is keyed by a picture's bytes: renamed (harbour.png to quay.png) its outputs kept
    the old name until the cache went, and renamed to a suffix its bytes are not (a PNG named .jpg)
    it passed every warm build while a fresh clone's (CI's) failed with 'the file is PNG but named .jpg'."""
    png = photo(800, 600, "PNG")
    result, public = make(tmp_path, {"content/a.md": story("a", "harbour.png"), "content/harbour.png": png})
    assert result.ok, result.errors
    (tmp_path / "content/harbour.png").rename(tmp_path / "content/quay.png")
    result, public = make(tmp_path, {"content/a.md": story("a", "quay.png")})
    assert result.ok, result.errors
    assert list((public / "images").glob("quay.*")) and not list((public / "images").glob("harbour.*"))
    clean = tmp_path / "clean"
    result, clean_public = make(clean, {"content/a.md": story("a", "quay.png"), "content/quay.png": png})
    assert result.ok and tree(clean_public) == tree(public)
    (tmp_path / "content/quay.png").rename(tmp_path / "content/quay.jpg")
    result, _ = make(tmp_path, {"content/a.md": story("a", "quay.jpg")})
    assert not result.ok and "content/a.md:5: image 'quay.jpg': the file is PNG but named .jpg" in result.errors[0], \
        result.errors


def test_parallel_processing_gives_the_same_site(tmp_path):
    files = {f"content/s{i}.md": story(f"s{i}", f"p{i}.jpg") for i in range(4)}
    files.update({f"content/p{i}.jpg": photo(700 + 50 * i, 500) for i in range(4)})
    one, serial = make(tmp_path / "serial", files, workers=1)
    two, parallel = make(tmp_path / "parallel", files, workers=2)
    assert one.ok and two.ok
    assert tree(serial) == tree(parallel)


def test_an_absolute_url_is_shown_as_it_is_and_never_fetched(tmp_path):
    url = "https://photos.example.net/harbour.jpg?w=1200"
    result, public = make(tmp_path, {"content/a.md": story("a", f'"{url}"')})
    assert result.ok, result.errors
    doc = article_html(public, "a")
    assert doc.xpath('//figure[@class="story-image"]/img/@src') == [url]
    assert doc.xpath('//meta[@property="og:image"]/@content') == [url]
    assert not (public / "images").exists()


def test_the_picture_files_a_build_looks_for_are_the_ones_images_processes():
    from sitegen import content, images
    expected = {s for ext in (*images.FORMATS, *images.AS_IS) for s in (ext, ext.upper())}
    assert set(content.PICTURE_SUFFIXES) == expected == set(images.SUFFIXES)


def test_an_image_url_with_another_scheme_is_no_external_picture(tmp_path):
    """Any '://' made a picture external: image: 'javascript:alert(1)//://x' was published as the
    <img src>, og:image, JSON-LD image and the feeds' enclosure href (review27). Only http(s),
    '//' and data:image/ are pictures on another server; the rest is a file, not found."""
    bad = ["javascript:alert(1)//://x", "JaVaScRiPt:alert(1)//://x", "data:text/html,<b>x</b>",
           "ftp://files.example.org/chart.png", "file:///etc/passwd"]
    files = {f"content/b{i}.md": story(f"b{i}", f"'{ref}'") for i, ref in enumerate(bad)}
    result, _ = make(tmp_path / "bad", files)
    for i, ref in enumerate(bad[:-1]):  # the message says what a picture's address may be (final27)
        assert any(e.startswith(f"content/b{i}.md:5: image '{ref}' is neither a file of the site nor a picture on "
                                "the web; write an http(s)://") for e in result.errors), result.errors
    # a file on the editor's computer says what to do with it (review53b 3)
    assert any(e.startswith("content/b4.md:5: image 'file:///etc/passwd' is a file on your computer, which readers "
                            "cannot reach; copy it beside the article and write its name alone: passwd")
               for e in result.errors), result.errors
    pixel = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
             "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
    good = ["HTTPS://photos.example.net/a.jpg", "//cdn.example.net/a.jpg", pixel]
    result, public = make(tmp_path / "good", {f"content/g{i}.md": story(f"g{i}", f"'{ref}'") for i, ref in enumerate(good)})
    assert result.ok, result.errors
    for i, ref in enumerate(good[:2]):
        assert article_html(public, f"g{i}").xpath('//figure[@class="story-image"]/img/@src') == [ref]
    # a data: picture is decoded and published as a file beside the story, as in the text (review55b 2)
    [src] = article_html(public, "g2").xpath('//figure[@class="story-image"]//img/@src')
    assert re.fullmatch(r"/news/images/g2\.[0-9a-f]{16}\.1\.png", src) and (public / src.removeprefix("/news/")).is_file()


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 8 6">{}</svg>'
# script, onload, html and xslt ran script in Chromium opened at their own address (secure35); the
# javascript: links are refused as a story's own links are; what expat cannot read is not checked, so refused
ACTIVE_SVGS = {
    "script.svg": (SVG.format("<script>document.title='x'</script>"), "<script>"),
    "onload.svg": (SVG.replace("<svg ", '<svg onload="alert(1)" ').format(""), "onload="),
    "link.svg": (SVG.format('<a xlink:href="&#106;ava&#x09;script:alert(1)"><rect width="8" height="6"/></a>'),
                 "javascript: address in href="),
    "set.svg": (SVG.format('<a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a>'),
                "javascript: address in to="),
    "html.svg": (SVG.format('<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><iframe srcdoc="&lt;script&gt;'
                            'parent.alert(1)&lt;/script&gt;"/></body></foreignObject>'), "<iframe>"),
    "xslt.svg": ('<?xml-stylesheet type="text/xsl" href="t.xsl"?>' + SVG.format(""), "links a stylesheet"),
    "broken.svg": ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script', "not well-formed SVG"),
}


SIZED_SVGS = {   # file -> (root's attributes, the <img>'s width and height)
    "double.svg": ('viewBox="0 0 400 200"', ("400", "200")),   # as before
    "single.svg": ("viewBox='0 0 400 200'", ("400", "200")),
    "commas.svg": ("viewBox='-10,-10, 320.4 ,180'", ("320", "180")),
    "sides.svg": ('width="400" height="200"', ("400", "200")),
    "pixels.svg": ("width='400px' height=' 200px '", ("400", "200")),
    # review44f: width and height in absolute units win over the viewBox, as in browsers (each checked in Chromium:
    # naturalWidth and naturalHeight)
    "both.svg": ('width="800" height="400" viewBox="0 0 400 200"', ("800", "400")),
    "mm.svg": ('width="210mm" height="148mm" viewBox="0 0 210 148"', ("794", "559")),   # Inkscape's A5 page
    "pt.svg": ('width="460.8pt" height="345.6pt" viewBox="0 0 460.8 345.6"', ("614", "461")),   # matplotlib's
    "inch.svg": ('width="2in" height="1in"', ("192", "96")),
    "width.svg": ('width="800" viewBox="0 0 400 200"', ("800", "400")),   # one side: the other in proportion
    "height.svg": ('height="100" viewBox="0 0 400 200"', ("200", "100")),
    "half.svg": ('width="50%" height="300" viewBox="0 0 400 200"', ("600", "300")),
    "percent.svg": ('width="100%" height="50%"', (None, None)),   # no size in pixels: none given
    "flat.svg": ('viewBox="0 0 400 0"', (None, None)),
}


def test_an_svg_gets_its_size_from_its_viewbox_in_any_quotes_or_its_width_and_height(tmp_path):
    """review41c: the size was read by a pattern for viewBox="...": an SVG whose viewBox is in single
    quotes, or that gives only width and height, got no width/height on its <img> (layout shift)."""
    files = {f"content/{name}": f'<svg xmlns="http://www.w3.org/2000/svg" {attrs}><rect width="9" height="9"/></svg>'
             for name, (attrs, _) in SIZED_SVGS.items()}
    body = "Text.\n\n" + "\n\n".join(f"![Drawing {name}]({name})" for name in SIZED_SVGS)
    result, public = make(tmp_path, {"content/a.md": story("a", body=body), **files})
    assert result.ok, result.errors
    sizes = {i.get("alt").split()[-1]: (i.get("width"), i.get("height")) for i in article_html(public, "a").xpath("//img")}
    assert sizes == {name: size for name, (_, size) in SIZED_SVGS.items()}


def test_an_svg_that_would_run_script_on_the_site_is_refused_naming_the_article(tmp_path):
    # An SVG is published as it is under /images/: opened on its own (a 'view image' click, a link),
    # a script in it ran on the site's origin (secure35: a contributor's chart beside their story)
    chart = SVG.format('<a xlink:href="https://example.org/"><rect width="8" height="6"/></a>')
    good = {"content/good.md": story("good", "chart.svg"), "content/chart.svg": chart}
    result, public = make(tmp_path, good)
    assert result.ok, result.errors
    assert [p.name for p in (public / "images").glob("chart.*.svg")], "a plain SVG is published"
    before = tree(public)
    files = dict(good)
    for i, (name, (data, _)) in enumerate(ACTIVE_SVGS.items()):
        files[f"content/bad{i}.md"] = story(f"bad{i}", name)
        files[f"content/{name}"] = data
    result, public = make(tmp_path, files)
    assert not result.ok
    for i, (name, (_, message)) in enumerate(ACTIVE_SVGS.items()):
        line = next((e for e in result.errors if e.startswith(f"content/bad{i}.md:5: image '{name}'")), "")
        assert message in line, f"{name}: {line!r}\n" + "\n".join(result.errors)
    assert tree(public) == before, "a refused SVG reached public/"


def test_an_svg_in_a_multi_byte_or_utf16_encoding_is_checked_and_published_as_it_is(tmp_path):
    # Session 35, fix35a: expat reads no multi-byte codec but UTF-8/16: a GB2312 (Shift_JIS, Big5,
    # EUC-KR) drawing browsers show failed the build as 'corrupt or truncated'. It is read in the codec it
    # declares (GB2312 as browsers read it, GBK), checked, and its bytes published untouched. A UTF-16
    # one's stylesheet line was not seen by the byte check; it is now.
    def drawing(codec: str, inside: str = "<text>中文</text>", before: str = "") -> bytes:
        declared = f'<?xml version="1.0" encoding="{codec}"?>\n{before}'
        return (declared + SVG.format(inside)).encode({"utf-16": "utf-16-le"}.get(codec, codec))
    codecs = ["gb2312", "shift_jis", "big5", "euc-kr", "utf-16"]
    good = {}
    for i, codec in enumerate(codecs):
        good[f"content/g{i}.md"] = story(f"g{i}", f"chart{i}.svg")
        good[f"content/chart{i}.svg"] = drawing(codec)
    result, public = make(tmp_path / "good", good)
    assert result.ok, result.errors
    for i, codec in enumerate(codecs):
        [published] = (public / "images").glob(f"chart{i}.*.svg")
        assert published.read_bytes() == good[f"content/chart{i}.svg"], codec
        assert article_html(public, f"g{i}").xpath('//figure[@class="story-image"]/img/@width') == ["8"], codec
    bad = {"content/b0.md": story("b0", "s.svg"), "content/s.svg": drawing("gb2312", "<script>alert(1)</script>"),
           "content/b1.md": story("b1", "x.svg"),
           "content/x.svg": drawing("utf-16", before='<?xml-stylesheet type="text/xsl" href="t.xsl"?>'),
           "content/b2.md": story("b2", "n.svg"), "content/n.svg": drawing("gb2312").replace(b"<text>", b"<text>\xff")}
    result, _ = make(tmp_path / "bad", bad)
    for slug, message in (("b0", "the SVG holds <script>"), ("b1", "links a stylesheet"), ("b2", "not readable as")):
        assert any(e.startswith(f"content/{slug}.md:5:") and message in e for e in result.errors), result.errors


# An XML declaration can name any codec Python knows; browsers know only the WHATWG labels and read the
# rest as UTF-8: in these three, sitegen read a comment where Chromium runs a <script> (review35d).
RAN = '<script>document.documentElement.setAttribute("data-ran","yes")</script>'
DECLARED = '<?xml version="1.0" encoding="{}"?>'
BYPASSES = {
    "unicode_escape": DECLARED.format("unicode_escape") + SVG.format(r"\x3c!--" + RAN + r"--\x3e"),
    "raw_unicode_escape": DECLARED.format("raw_unicode_escape") + SVG.format(r"\u003c!--" + RAN + r"--\u003e"),
    "utf-7": DECLARED.format("utf-7") + SVG.format("+ADwAIQAtAC0-" + RAN + "+AC0ALQA+-"),
}
# Browser labels (and the codec browsers read them with) that Python does not know or reads more strictly
LABELS = {"Windows-31J": ("日本①", "cp932"), "x-sjis": ("日本", "cp932"), "windows-949": ("한국", "cp949"),
          "x-gbk": ("中文€", "gb18030"), "iso-ir-58": ("中文", "gb18030"), "cn-big5": ("中文", "big5hkscs"),
          "ks_c_5601-1987": ("한국", "cp949"), "x-mac-roman": ("café", "mac_roman"), "windows-874": ("ไทย", "cp874"),
          "latin1": ("€", "cp1252"), "utf-16": ("é", "utf-8")}


def labelled(label: str) -> bytes:
    text, codec = LABELS[label]
    return (DECLARED.format(label) + SVG.format(f'<text id="t">{text}</text>')).encode(codec)


def test_an_svg_declaring_an_encoding_browsers_do_not_read_is_refused_and_their_labels_are_read(tmp_path):
    from sitegen.images import svg_refusal
    for codec, data in BYPASSES.items():
        assert f"declares encoding '{codec}', which browsers do not read" in (svg_refusal(data.encode()) or ""), codec
    # stateful: Python reads '<s' after ESC $ B and a newline as a kanji, Chromium does not (an XML error)
    jis = DECLARED.format("csISO2022JP").encode() + SVG.format("\x1b$B\n<s\x1b(B").encode()
    assert "which browsers read otherwise than sitegen can check" in (svg_refusal(jis) or "")
    files = {}
    for i, label in enumerate(LABELS):
        files[f"content/g{i}.md"] = story(f"g{i}", f"chart{i}.svg")
        files[f"content/chart{i}.svg"] = labelled(label)
    result, public = make(tmp_path / "good", files)
    assert result.ok, result.errors
    for i, label in enumerate(LABELS):
        [published] = (public / "images").glob(f"chart{i}.*.svg")
        assert published.read_bytes() == labelled(label), label
    bad = {}
    for i, (codec, data) in enumerate(BYPASSES.items()):
        bad[f"content/b{i}.md"] = story(f"b{i}", f"s{i}.svg")
        bad[f"content/s{i}.svg"] = data
    result, public = make(tmp_path / "bad", bad)
    for i, codec in enumerate(BYPASSES):
        assert any(e.startswith(f"content/b{i}.md:5:") and f"declares encoding '{codec}'" in e
                   for e in result.errors), result.errors
    assert not list((public / "images").glob("s*.svg")), "a refused SVG was published"


def test_chromium_runs_the_refused_svgs_and_reads_the_accepted_ones_as_sitegen_does(browser, tmp_path):
    from conftest import serving
    from sitegen.images import _svg_text, svg_refusal
    for i, data in enumerate(BYPASSES.values()):
        (tmp_path / f"s{i}.svg").write_text(data)
    for i, label in enumerate(LABELS):
        (tmp_path / f"g{i}.svg").write_bytes(labelled(label))
    page = browser.new_page()
    with serving(tmp_path) as base:
        for i, codec in enumerate(BYPASSES):
            page.goto(f"{base}/s{i}.svg")
            assert page.evaluate("document.documentElement.getAttribute('data-ran')") == "yes", codec
        for i, label in enumerate(LABELS):
            page.goto(f"{base}/g{i}.svg")
            data = labelled(label)
            assert svg_refusal(data) is None, label
            assert page.evaluate("document.getElementById('t').textContent") == LABELS[label][0], label
            assert LABELS[label][0] in _svg_text(data), label
    page.close()


@pytest.mark.parametrize("old_rules", [False, True], ids=["before-the-check", "before-the-encoding-rules"])
def test_an_svg_cached_before_the_script_check_is_checked_again(tmp_path, old_rules):
    # An SVG's cache entry made by an older sitegen was used as it was: a script in it, never checked,
    # would stay published. An entry without the check's mark is processed again (same key, same name).
    # Session 35, fix35d: so is one checked by the rules before the encoding labels (svg-checked-1),
    # which passed a 'utf-7' SVG that runs script in browsers.
    from sitegen.images import SVG_RULES
    chart = SVG.format('<rect width="8" height="6"/>')
    result, public = make(tmp_path, {"content/a.md": story("a", "chart.svg"), "content/chart.svg": chart})
    assert result.ok, result.errors
    marks = list((tmp_path / ".sitegen" / "images").glob(f"*/{SVG_RULES}"))
    assert len(marks) == 1
    marks[0].rename(marks[0].with_name("svg-checked-1") if old_rules else marks[0].with_name("x"))
    entry = marks[0].parent / "picture.json"
    before = entry.stat().st_mtime_ns
    names = sorted(p.name for p in (public / "images").iterdir())
    result, public = make(tmp_path, {"content/a.md": story("a", "chart.svg", body="Text, edited.")})
    assert result.ok, result.errors
    assert marks[0].is_file() and entry.stat().st_mtime_ns != before, "the old entry was used unchecked"
    assert sorted(p.name for p in (public / "images").iterdir()) == names   # its published name is kept


def test_an_svg_sized_by_an_older_reader_is_read_again(tmp_path):
    """review41j: fix41c taught svg_size the viewBox, but an SVG's cache entry (same key: the bytes
    and settings did not change) kept the old reader's size 0, so after an upgrade an incremental
    build published <img> without width/height and a clean one with them. The mark names the reader
    too (svg-checked-3, -4 since review44f's units): an entry marked before it is read again, same key, and no
    photo re-encoded."""
    from dataclasses import replace
    from sitegen.codec import dumps, loads
    from sitegen.images import SVG_RULES, Picture, Variant
    chart = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 400 200'><rect width='9' height='9'/></svg>"
    body = "\n\n![A chart](chart.svg)\n\n![A photo](p.jpg)"
    files = {"content/a.md": story("a", body="Text." + body), "content/chart.svg": chart, "content/p.jpg": photo(300, 200)}
    result, public = make(tmp_path, files)
    assert result.ok, result.errors
    [mark] = (tmp_path / ".sitegen" / "images").glob(f"*/{SVG_RULES}")
    mark.rename(mark.with_name("svg-checked-2"))          # as the reader before the viewBox left it
    entry = mark.parent / "picture.json"
    old = loads(entry.read_bytes(), (Picture, Variant))
    zero = {name: tuple(replace(v, width=0, height=0) for v in vs) for name, vs in old.renditions.items()}
    entry.write_text(dumps(replace(old, width=0, height=0, renditions=zero)), encoding="utf-8")
    photos = {p: p.stat().st_mtime_ns for p in (tmp_path / ".sitegen" / "images").glob("*/*.jp*g")}
    # the page rendered again, as an upgrade does ("the build cache is another version")
    result, public = make(tmp_path, {"content/a.md": story("a", body="Text, edited." + body)})
    assert result.ok, result.errors
    [img] = article_html(public, "a").xpath('//img[contains(@src, "chart")]')
    assert (img.get("width"), img.get("height")) == ("400", "200")
    assert photos and all(p.stat().st_mtime_ns == t for p, t in photos.items())   # no photo re-encoded


def _front_pictures(public: Path) -> list[tuple[str, str | None]]:
    doc = lxml_html.fromstring((public / "index.html").read_bytes())
    return [(img.get("src").split("/")[-1].split(".")[0], img.get("loading"))
            for img in doc.xpath('//section[@class="top-stories"]//img')]


def test_front_page_first_picture_loads_at_once_when_the_lead_has_none(tmp_path):
    """On a phone the stories beside the lead stand under it, above the fold: when the lead has no
    picture, the first of theirs is the page's largest paint, and a lazy one waits for layout
    (Lighthouse's lcp-lazy-loaded). The second stays lazy; with a lead picture, all of theirs do."""
    files = {"content/a.md": story("aaaaaaa"), "content/b.md": story("bbbbbb", "b.jpg"),
             "content/c.md": story("ccccc", "c.jpg"), "content/b.jpg": photo(800, 600),
             "content/c.jpg": photo(900, 600)}
    result, public = make(tmp_path / "plain", files)
    assert result.ok, result.errors
    assert _front_pictures(public) == [("b", None), ("c", "lazy")]
    files["content/a.md"] = story("aaaaaaa", "a.jpg")
    files["content/a.jpg"] = photo(1000, 600)
    result, public = make(tmp_path / "pictured", files)
    assert result.ok, result.errors
    doc = lxml_html.fromstring((public / "index.html").read_bytes())
    assert doc.xpath('//article[contains(@class, "teaser-lead")]//img/@fetchpriority') == ["high"]
    assert _front_pictures(public) == [("a", None), ("b", "lazy"), ("c", "lazy")]


@pytest.mark.parametrize("fmt, options", [("PNG", {}), ("GIF", {}), ("JPEG", {"progressive": True}),
                                          ("JPEG", {"exif": b"Exif\x00\x00" + bytes(60_000)}),
                                          ("JPEG", {"icc_profile": bytes(5 * 64 * 1024)}), ("WEBP", {}),
                                          ("WEBP", {"lossless": True}), ("WEBP", {"exif": b"Exif\x00\x00MM"})])
def test_raster_size_reads_the_header_as_pillow_does(tmp_path, fmt, options):
    """The logo's size, for whether it can be a card picture, read without importing Pillow."""
    from PIL import Image
    from sitegen.images import raster_size
    for size in ((600, 60), (257, 311), (1, 1)):
        path = tmp_path / f"logo.{fmt.lower()}"
        Image.new("RGB", size, (200, 10, 10)).save(path, fmt, **options)
        with Image.open(path) as image:
            assert raster_size(path) == image.size == size, (fmt, options)
    (tmp_path / "x.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"/>')
    assert raster_size(tmp_path / "x.svg") is None and raster_size(tmp_path / "none.png") is None


def _names(public: Path) -> set[str]:
    return {p.name for p in (public / "images").iterdir()}


def test_an_older_sitegens_shorter_picture_names_leave_public_and_user_files_stay(tmp_path, monkeypatch):
    """review39e: a picture's key was 32 bits, so two pictures of a 10,000-picture site clashed with
    odds of 1%, and one story showed the other's picture. Keys are 64 bits (16 hex digits) now: the
    first build after the upgrade publishes every picture under its new name and removes the old
    names it wrote, and keeps a file of the user's, even one named as sitegen's were."""
    import sitegen.cache
    import sitegen.images as images
    files = {"content/a.md": story("a", "a.jpg"), "content/a.jpg": photo(700, 500)}
    with monkeypatch.context() as older:   # the last sitegen: 4-byte keys, VERSION 3, other code
        older.setattr(images, "KEY_BYTES", 4, raising=False)
        older.setattr(images, "VERSION", 3)
        older.setattr(sitegen.cache, "code_stamp", lambda: "older")
        result, public = make(tmp_path, files)
    assert result.ok, result.errors
    old = _names(public)
    assert old and all(len(n.split(".")[1]) == 8 for n in old), old
    mine = {"images/a.0badcafe.320.jpg": b"the user's", "images/credits.txt": b"photos: J. Doe"}
    write_files(public, mine)
    result, public = make(tmp_path, {})
    assert result.ok, result.errors
    new = _names(public) - {Path(rel).name for rel in mine}
    assert new and all(re.fullmatch(r"a\.[0-9a-f]{16}\..+", n) for n in new), new
    assert len(new) == len(old) and not new & old, "the older build's pictures are still in public/"
    assert all((public / rel).read_bytes() == data for rel, data in mine.items()), "a user's file was touched"
    srcs = article_html(public, "a").xpath("//img/@src | //source/@srcset")
    assert srcs and all(s.split()[0].rsplit("/", 1)[1] in new for src in srcs for s in src.split(", ")), srcs


def _clashing_pngs(root: Path) -> tuple[bytes, bytes]:
    """Two different pictures whose keys are one at KEY_BYTES = 2 (found in ~300 tries): bytes after
    a PNG's IEND, which Pillow ignores, make each try a new file."""
    import hashlib
    from sitegen.images import PNG_WEBP, Settings, picture_key
    settings = Settings.of(load_config(root).images)
    red, blue = (photo(400, 300, "PNG", marker=(x, 0.5)) for x in (0.2, 0.8))
    seen: dict[str, tuple[str, bytes]] = {}
    for i in range(1 << 16):
        for name, base in (("red", red), ("blue", blue)):
            data = base + i.to_bytes(4, "big")
            key = picture_key(f"{hashlib.blake2b(data, digest_size=16).hexdigest()}{settings.digest}{(0.5, 0.5)}{True}{PNG_WEBP}")
            other = seen.setdefault(key, (name, data))
            if other[0] != name:
                return (other[1], data) if other[0] == "red" else (data, other[1])
    raise AssertionError("no clash found")


def test_two_pictures_with_one_key_are_an_error_not_one_picture_shown_twice(tmp_path, monkeypatch):
    """A clash can no longer be found by trying (64 bits); at 16 bits it can, to see what the build
    does with one: before, both stories showed the first one's picture and the build passed."""
    import sitegen.images as images
    monkeypatch.setattr(images, "KEY_BYTES", 2, raising=False)
    write_files(tmp_path, {"site.toml": TOML})
    red, blue = _clashing_pngs(tmp_path)
    files = {"content/a.md": story("a", "red.png"), "content/red.png": red,
             "content/b.md": story("bb", "blue.png"), "content/blue.png": blue}
    result, public = make(tmp_path, files)
    # the story that asked second is left out (review44f: the rest published), never shown with the other's picture
    assert not result.ok and result.published, "both published under one key"
    assert len(list((public / "2025/01").iterdir())) == 1 and len({p.name.split(".")[0] for p in (public / "images").iterdir()}) == 1
    [error] = result.errors
    found = re.fullmatch(r"content/(a|b)\.md:5: image '(red|blue)\.png': its key \([0-9a-f]{4}\) is another picture's, "
                         r"'(red|blue)\.png' \(content/(a|b)\.md:5\), .*export either file again.*", error)
    assert found and found[1] != found[4] and found[2] != found[3], error
    # the same file shown twice, or under another name, is one picture: no error
    (tmp_path / "content/blue.png").unlink()
    result, public = make(tmp_path, {"content/b.md": story("bb", "copy.png"), "content/copy.png": red,
                                     "content/c.md": story("ccc", "red.png")})
    assert result.ok, result.errors
    # red.png replaced by the picture of the same key: the cached red one is not shown for it
    for rel in ("content/b.md", "content/c.md", "content/copy.png"):
        (tmp_path / rel).unlink()
    result, public = make(tmp_path, {"content/red.png": blue})
    assert result.ok, result.errors
    result, clean = make(tmp_path / "clean", {"content/a.md": story("a", "red.png"), "content/red.png": blue})
    assert result.ok and tree(clean) == tree(public), "the cached picture of the same key was shown"


def _png_chunks(width: int, height: int, colour_type: int, depth: int, rows: list[bytes], trns: bytes | None = None) -> bytes:
    """A PNG written chunk by chunk: Pillow cannot save 16-bit grey with a transparent colour."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    head = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, 0))
    return (b"\x89PNG\r\n\x1a\n" + head + (chunk(b"tRNS", trns) if trns is not None else b"") +
            chunk(b"IDAT", zlib.compress(b"".join(b"\0" + row for row in rows))) + chunk(b"IEND", b""))


def test_a_48_bit_pngs_transparent_colour_is_matched_in_all_16_bits(tmp_path):
    """review39f: only each pixel's high byte was compared with the key's, so a colour differing from it
    in the low byte alone (0x1235 for 0x1234) was published transparent."""
    near = [struct.pack(">1200H", *([0x1235, 0x5678, 0x9ABC] * 100 + [0x1234, 0x5678, 0x9ABD] * 100
                                    + [0x1234, 0x5678, 0x9ABC] * 200))] * 300   # the key: the right half
    files = {"content/a.md": story("a", "near.png"),
             "content/near.png": _png_chunks(400, 300, 2, 16, near, struct.pack(">3H", 0x1234, 0x5678, 0x9ABC))}
    result, public = make(tmp_path, files)
    assert result.ok, result.errors
    shown = {name: image for name, image in outputs(public, "near").items() if "-" not in name}
    assert shown
    for name, image in shown.items():
        rgba = image.convert("RGBA")
        w = rgba.width
        assert rgba.getpixel((w // 8, 150))[3] == 255 and rgba.getpixel((w * 3 // 8, 150))[3] == 255, name
        assert rgba.getpixel((w * 3 // 4, 150))[3] == 0, f"{name}: the key itself was published opaque"


def test_sixteen_bit_grey_keeps_its_tones_and_a_transparent_colour_stays_transparent(tmp_path):
    """review39e: a 16-bit greyscale PNG came out white (convert('RGB') clipped every value over 255),
    and a PNG with one transparent colour (tRNS in an RGB or grey file: logos) came out opaque."""
    grey = [struct.pack(">400H", *([40000] * 200 + [1000] * 100 + [65535] * 100))] * 300   # 1000: transparent
    flat = [struct.pack(">400H", *([40000] * 400))] * 300
    white = [struct.pack(">1200H", *([65535] * 600 + [0x1234, 0x5678, 0x9ABC] * 200))] * 300   # 48-bit colour
    dark = [struct.pack(">1200H", *([0x00FF, 0x00FF, 0x00FF] * 200 + [0xFF00] * 600))] * 300    # key 255: black
    rgb = Image.new("RGB", (400, 300), (0, 0, 0))
    rgb.paste((200, 30, 30), (100, 75, 300, 225))
    grey8 = rgb.convert("L")
    files = {"content/a.md": story("a", "deep.png"),
             "content/deep.png": _png_chunks(400, 300, 0, 16, grey, struct.pack(">H", 1000)),
             "content/b.md": story("bb", "flat.png"), "content/flat.png": _png_chunks(400, 300, 0, 16, flat),
             "content/c.md": story("ccc", "logo.png"), "content/logo.png": _saved(rgb, transparency=(0, 0, 0)),
             "content/d.md": story("dddd", "mark.png"), "content/mark.png": _saved(grey8, transparency=0),
             "content/e.md": story("eeeee", "wide.png"),
             "content/wide.png": _png_chunks(400, 300, 2, 16, white, struct.pack(">3H", 0x1234, 0x5678, 0x9ABC)),
             "content/f.md": story("ffffff", "dark.png"),
             "content/dark.png": _png_chunks(400, 300, 2, 16, dark, struct.pack(">3H", 255, 255, 255))}
    result, public = make(tmp_path, files)
    assert result.ok, result.errors
    assert Image.open(tmp_path / "content/deep.png").mode == "I;16"   # the source really is 16-bit
    assert all(len(outputs(public, stem)) >= 4 for stem in ("deep", "flat", "logo", "mark", "wide", "dark"))
    for name, image in outputs(public, "deep").items():
        if "-" in name:
            continue   # the crops cut the columns elsewhere
        rgba = image.convert("RGBA")
        w = image.width
        assert rgba.getpixel((w // 4, 150))[0] in (155, 156) and rgba.getpixel((w // 4, 150))[3] == 255, name
        assert rgba.getpixel((w * 5 // 8, 150))[3] == 0, f"{name}: the tRNS grey is not transparent"
        assert rgba.getpixel((w * 7 // 8, 150)) == (255, 255, 255, 255), name
    for name, image in outputs(public, "flat").items():
        assert image.convert("L").getpixel((0, 0)) in (155, 156) and image.mode in ("L", "RGB"), name
    for stem in ("logo", "mark"):
        for name, image in outputs(public, stem).items():
            rgba = image.convert("RGBA")
            assert rgba.getpixel((0, 0))[3] == 0, f"{name}: its transparent colour was published opaque"
            assert rgba.getpixel((rgba.width // 2, rgba.height // 2))[3] == 255, name
    for name, image in outputs(public, "wide").items():   # 48-bit, its key the right half's colour
        if "-" not in name:
            rgba = image.convert("RGBA")
            assert rgba.getpixel((rgba.width * 3 // 4, 150))[3] == 0, f"{name}: the 48-bit file's key was published opaque"
            assert rgba.getpixel((rgba.width // 4, 150)) == (255, 255, 255, 255), name
    for name, image in outputs(public, "dark").items():   # its key, 255 of 65535, is black: not 0xFF00's 255
        if "-" not in name:
            rgba = image.convert("RGBA")
            assert rgba.getpixel((rgba.width // 4, 150))[3] == 0, name
            assert rgba.getpixel((rgba.width * 3 // 4, 150)) == (255, 255, 255, 255), name


def _saved(image: Image.Image, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", **options)
    return out.getvalue()


def test_a_file_named_with_a_question_mark_or_hash_or_in_the_other_unicode_form_is_found(tmp_path):
    """review39e: the reference was cut at '?' or '#' before the file was looked for, so 'Fire #2 at
    dock?.png', there beside the story, was 'not found'; and a file copied from a Mac, whose name spells
    'ü' as 'u' and a combining mark (NFD), was not found by the 'ü' an editor types (NFC)."""
    body = ("Text.\n\n![The fire](<Fire #2 at dock?.png>)\n\n![The bridge](Brücke.png)\n\n"
            "![The ferry](F\u00e4hre.jpg)\n\n![A chart](chart.png?v=2)\n")
    files = {"content/a.md": story("a", '"Fire #2 at dock?.png"', body=body),
             "content/Fire #2 at dock?.png": photo(400, 300, "PNG"),
             "content/Bru\u0308cke.png": photo(500, 300, "PNG"),           # NFD on disk, NFC in the story
             "content/Fa\u0308hre.jpg": photo(450, 300),
             "content/b.md": story("bb", "Br\u00fccke.png"),                 # as a lead picture too
             "content/chart.png": photo(300, 200, "PNG")}                    # '?v=2' still cut off
    (tmp_path / "content").mkdir(parents=True)
    (tmp_path / "content/M\u00fchle.png").write_bytes(photo(420, 300, "PNG"))  # NFC on disk
    result, public = make(tmp_path, files)
    assert result.ok, result.errors
    doc = article_html(public, "a")
    srcs = doc.xpath('//div[@class="story-body"]//img/@src')
    assert [s.rsplit("/", 1)[1].split(".")[0] for s in srcs] == ["fire-2-at-dock", "brucke", "fahre", "chart"], srcs
    assert doc.xpath('//figure[@class="story-image"]//img/@src')[0].rsplit("/", 1)[1].startswith("fire-2-at-dock.")
    assert article_html(public, "bb").xpath('//figure[@class="story-image"]//img/@src')[0].rsplit("/", 1)[1] \
        .startswith("brucke.")
    result, _ = make(tmp_path, {"content/c.md": story("ccc", "Mu\u0308hle.png")})   # NFD in the story, NFC on disk
    assert result.ok, result.errors


@pytest.mark.parametrize("written, url", [
    ("https://cdn.example.com/a b.jpg?x=1&y=2", "https://cdn.example.com/a%20b.jpg?x=1&y=2"),
    ("https://cdn.example.com/a%20b.jpg", "https://cdn.example.com/a%20b.jpg"),     # escaped already: kept
    ("https://cdn.example.com/p.jpg?q=a+b&r=[1]#top", "https://cdn.example.com/p.jpg?q=a+b&r=[1]#top"),
    ("//cdn.example.com/50%off.jpg", "//cdn.example.com/50%25off.jpg"),              # a '%' that starts no escape
    ('https://x.example/"<b>"{|}^`\\.jpg', "https://x.example/%22%3Cb%3E%22%7B%7C%7D%5E%60%5C.jpg"),
    ("https://bücher.example:8080/ä.jpg", "https://xn--bcher-kva.example:8080/%C3%A4.jpg"),   # IDNA host
    ("https://straße.de/a b.jpg", "https://xn--strae-oqa.de/a%20b.jpg"),   # IDNA 2008, as browsers: not strasse.de
    ("https://Bücher.Example/a.jpg", "https://xn--bcher-kva.example/a.jpg"),   # UTS 46 maps the case
    # review40m: hosts IDNA 2008 refuses, browsers map by UTS 46 without STD3 rules and punycode
    ("https://😀.example/a b.jpg", "https://xn--e28h.example/a%20b.jpg"),
    ("https://my_host.例え.jp/a.jpg", "https://my_host.xn--r8jz45g.jp/a.jpg"),
    ("https://Straße.DE/a.jpg", "https://xn--strae-oqa.de/a.jpg"),
    ("https://ÄBC.de/a.jpg", "https://xn--bc-uia.de/a.jpg"),
    ("https://a..bücher.de/a.jpg", "https://a..b%C3%BCcher.de/a.jpg"),   # no host at all: percent-encoded
    ("https://a b.例.jp/a.jpg", "https://a%20b.%E4%BE%8B.jp/a.jpg"),     # a space: no host either
    ("data:image/gif;base64,R0lG ODlh", "data:image/gif;base64,R0lG ODlh"),          # no address: untouched
])
def test_a_remote_pictures_address_is_made_a_url(written, url):
    from sitegen.images import web_address
    assert web_address(written) == url
    assert web_address(url) == url   # once is enough


def test_a_picture_reference_with_percent_00_is_an_error_naming_the_line_not_a_crash(tmp_path):
    """review41a: '![x](pic%00.jpg)' decoded to a name holding a NUL, which Path.resolve refuses with a
    ValueError: the whole build crashed with a traceback naming no file. Now an error at its line,
    the reference shown as written; the file named 'pic%00.jpg' itself is still found."""
    body = "Text.\n\n![A pic](pic%00.jpg)\n\n![Newline](a%0Ab.png)\n"
    result, _ = make(tmp_path, {"content/a.md": story("a", "lead%00.jpg", body=body)})
    assert not result.ok
    assert [e.split(";")[0] for e in result.errors] == [
        "content/a.md:5: image 'lead%00.jpg' not found beside the article, in content/ or in static/",
        "content/a.md:10: image 'pic%00.jpg' not found beside the article, in content/ or in static/",
        "content/a.md:12: image 'a%0Ab.png' not found beside the article, in content/ or in static/"], result.errors
    assert "'%00' is a NUL character" in result.errors[1], result.errors
    result, _ = make(tmp_path, {"content/pic%00.jpg": photo(400, 300), "content/a.md": story("a", body=body[:-25])})
    assert result.ok, result.errors


def test_a_picture_through_a_link_out_of_content_or_static_is_said_so_not_not_found(tmp_path):
    """review41a: content/photos -> a folder elsewhere gave "image 'photos/harbour.jpg' not found ...
    check the file name": the file is there, so the editor hunted a typo. Said as static/ and
    content/*.md say it: a link to where it leads, outside the folder; a link to nothing, as such."""
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "harbour.jpg").write_bytes(photo(400, 300))
    (tmp_path / "content").mkdir()
    (tmp_path / "static").mkdir()
    (tmp_path / "content/photos").symlink_to(shared)
    (tmp_path / "static/pier.jpg").symlink_to(shared / "harbour.jpg")
    (tmp_path / "content/gone.jpg").symlink_to(tmp_path / "nowhere.jpg")
    body = "Text.\n\n![The pier](/pier.jpg)\n\n![Gone](gone.jpg)\n\n![A typo](photos/harbor.jpg)\n"
    result, _ = make(tmp_path, {"content/a.md": story("a", "photos/harbour.jpg", body=body)})
    assert f"static/pier.jpg: a link to {shared}/harbour.jpg, outside static/" in result.errors[0]  # as before
    assert [e.split(";")[0] for e in result.errors[1:]] == [
        f"content/a.md:5: image 'photos/harbour.jpg': a link to {shared}/harbour.jpg, outside content/",
        f"content/a.md:10: image '/pier.jpg': a link to {shared}/harbour.jpg, outside static/",
        f"content/a.md:12: image 'gone.jpg': a link to {tmp_path}/nowhere.jpg, which does not exist: "
        "the link leads nowhere (its file moved or was deleted?)",
        "content/a.md:14: image 'photos/harbor.jpg' not found beside the article, in content/ or in static/"], \
        result.errors


# review44f ---------------------------------------------------------------------------------------------
def _gif(size: tuple[int, int] = (300, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("P", size, 3).save(out, "GIF")
    return out.getvalue()


def _located(width: int, height: int) -> bytes:
    """A JPEG whose EXIF says where it was taken (London), as a phone writes it."""
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)}
    out = io.BytesIO()
    Image.open(io.BytesIO(photo(width, height))).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_an_authors_photo_is_published_as_a_copy_without_its_gps_location(tmp_path):
    """review44f fault 1: authors.toml's photo = "static/ann.jpg" was shown as the file itself, its GPS
    location with it. The author page shows a copy made as an article's pictures are."""
    result, public = make(tmp_path, {"content/a.md": story("a", extra="author: Ann Lee\n"),
                                     "authors.toml": '["Ann Lee"]\nphoto = "static/ann.jpg"\n',
                                     "static/ann.jpg": _located(800, 800)})
    assert result.ok, result.errors
    page = next(p for p in public.rglob("index.html") if b"author-photo" in p.read_bytes())
    src = re.search(r'class="author-photo" src="([^"]+)"', page.read_text())[1]
    assert src.startswith("/news/images/ann.") and src.endswith(".320.jpg"), src
    shown = Image.open(public / src.removeprefix("/news/"))
    assert not shown.getexif().get_ifd(0x8825) and shown.size == (320, 320)


@pytest.mark.parametrize("photo_at, said", [
    ("static/../../outside/ann.jpg", "'..' leads out of static/"),
    ("static/ext/ann.jpg", "a link to {outside}/ann.jpg, outside static/"),
    ("static/{outside}/ann.jpg", "'//' reads the rest as a path from the disk's root, outside static/"),   # rf47k
    ("/static/{outside}/ann.jpg", "'//' reads the rest as a path from the disk's root, outside static/")])
def test_an_authors_photo_outside_the_site_is_an_error_and_not_published(tmp_path, photo_at, said):
    """review47e fault 1: authors.toml's photo was read wherever its path led, '..', '//' or a link in static/
    to a folder outside: any JPEG the build could read was published on the author page. Refused as a
    story's picture and a static file are, the error naming the authors.toml entry."""
    (outside := tmp_path / "outside").mkdir()
    (outside / "ann.jpg").write_bytes(photo(400, 400))
    site = tmp_path / "site"
    (site / "static").mkdir(parents=True)
    os.symlink(outside, site / "static" / "ext")
    photo_at = photo_at.format(outside=outside)   # 'static//tmp/.../ann.jpg' was read from the disk's root (rf47k)
    result, public = make(site, {"content/a.md": story("a", extra="author: Ann Lee\n"),
                                 "authors.toml": f'["Ann Lee"]\nphoto = "{photo_at}"\n'})
    assert not (public.exists() and list(public.rglob("ann*")))
    wanted = f'authors.toml: ["Ann Lee"]: photo = "{photo_at}": ' + said.format(outside=outside)
    assert any(e.startswith(wanted) for e in result.errors), result.errors


def test_same_bytes_under_another_suffix_is_judged_per_file(tmp_path):
    """review44f fault 3: anim.gif and meme.png with the same GIF bytes were one job: the first story's
    file decided whether the other was refused, and the error named the story of the right file too."""
    for n, meme_day in enumerate((2, 8)):   # the meme story older, then newer than the anim one
        result, public = make(tmp_path / str(n), {
            "content/anim.md": f"---\ntitle: Anim\ndate: 2025-01-05T09:00:00+00:00\nslug: anim\nimage: anim.gif\nalt: A\n---\nText.\n",
            "content/anim.gif": _gif(),
            "content/meme.md": f"---\ntitle: Meme\ndate: 2025-01-0{meme_day}T09:00:00+00:00\nslug: meme\nimage: meme.png\nalt: A\n---\nText.\n",
            "content/meme.png": _gif()})
        assert [e.split(":")[0] for e in result.errors] == ["content/meme.md"], result.errors
        assert "the file is GIF but named .png; rename it to .gif" in result.errors[0]


@pytest.mark.parametrize("fmt, said", [("TIFF", "sitegen does not publish TIFF pictures: export it as JPEG, PNG, WebP or GIF"),
                                       ("GIF", "the file is GIF but named .jpg; rename it to .gif")])
def test_a_picture_in_another_format_than_its_name_says_what_to_do(tmp_path, fmt, said):
    """review44f fault 7: 'rename it to .?' for a TIFF scan named .jpg, and a GIF was not told .gif."""
    out = io.BytesIO()
    Image.new("RGB", (500, 400), (5, 5, 5)).save(out, fmt)
    result, _ = make(tmp_path, {"content/a.md": story("a", "scan.jpg"), "content/scan.jpg": out.getvalue()})
    assert len(result.errors) == 1 and said in result.errors[0], result.errors
    assert ".?" not in result.errors[0]


def test_a_drafts_pictures_stay_cached_while_it_is_left_out_and_go_when_it_is_deleted(tmp_path):
    """review44f fault 9: every build without --drafts threw a draft's pictures out of the cache, and
    the next `serve --drafts` made them again."""
    files = {"content/a.md": story("a", "a.jpg"), "content/a.jpg": photo(900, 600),
             "content/d.md": story("dd", "d.jpg", extra="draft: true\n"), "content/d.jpg": photo(700, 500)}
    result, _ = make(tmp_path, files, drafts=True)
    assert result.ok, result.errors
    with_draft = _cache_entries(tmp_path)
    assert len(with_draft) == 2
    result, _ = make(tmp_path, {})
    assert result.ok and _cache_entries(tmp_path) == with_draft
    result, _ = make(tmp_path, {}, drafts=True)   # nothing made again: the same entries, untouched
    assert result.ok and _cache_entries(tmp_path) == with_draft
    (tmp_path / "content/d.md").unlink()
    result, _ = make(tmp_path, {})
    assert result.ok and len(_cache_entries(tmp_path)) == 1


def test_a_drafts_picture_shared_with_a_published_story_stays_cached_when_that_story_goes(tmp_path):
    """rf44m: a key this build used got only this build's owners, so a draft sharing its picture with
    a published story dropped out of owners.json; once that story was deleted the picture was thrown
    out, and the next `build --drafts` made it again."""
    files = {"content/p.md": story("p", "a.jpg"), "content/a.jpg": photo(900, 600),
             "content/d.md": story("dd", "a.jpg", extra="draft: true\n")}
    result, _ = make(tmp_path, files, drafts=True)
    assert result.ok, result.errors
    cached = _cache_entries(tmp_path)
    assert len(cached) == 1
    result, _ = make(tmp_path, {})   # the draft left out, its picture used by p.md
    assert result.ok, result.errors
    (tmp_path / "content/p.md").unlink()
    result, _ = make(tmp_path, {})
    assert result.ok and _cache_entries(tmp_path) == cached, "the draft's picture was thrown out"


def _chart() -> bytes:
    """A 16-colour 1200x800 bar chart with labels, as a newsroom's tools export one."""
    from PIL import ImageDraw
    chart = Image.new("RGB", (1200, 800), "white")
    draw = ImageDraw.Draw(chart)
    for i in range(12):
        draw.rectangle((80 + i * 90, 700 - i * 45, 140 + i * 90, 700), fill=(30, 100, 200) if i % 2 else (220, 80, 40))
        draw.text((80 + i * 90, 710), f"{2013 + i}", fill="black")
    return _saved(chart.quantize(16), optimize=True)


def _noisy_photo_png(width: int, height: int) -> bytes:
    """A photo saved as PNG, with a sensor's noise (a smooth gradient would flatter lossless)."""
    base = Image.open(io.BytesIO(photo(width, height)))
    noise = Image.effect_noise((width, height), 40).convert("RGB")
    return _saved(Image.blend(base, noise, 0.15))


def test_a_pngs_webp_is_the_smaller_of_lossless_and_lossy(tmp_path):
    """review44f fault 5: every WebP was lossy, so a flat chart's, the file browsers take, was bigger
    than the whole PNG and its text smeared. A chart's WebP is lossless now; a photo saved as PNG
    keeps its lossy WebP (lossless would be ten times its bytes)."""
    chart = _chart()
    result, public = make(tmp_path, {"content/a.md": story("a", body="![Rate by year](chart.png)"),
                                     "content/chart.png": chart,
                                     "content/b.md": story("bb", body="![A view](view.png)"),
                                     "content/view.png": _noisy_photo_png(1000, 750)})
    assert result.ok, result.errors
    for width in (320, 640):
        webp = next((public / "images").glob(f"chart.*.{width}.webp")).read_bytes()
        shown = Image.open(next((public / "images").glob(f"chart.*.{width}.png"))).convert("RGB")
        lossy = io.BytesIO()
        shown.save(lossy, "WEBP", quality=80, method=2)
        assert webp[12:16] == b"VP8L" and len(webp) < len(lossy.getvalue()), (width, len(webp), len(lossy.getvalue()))
        assert Image.open(io.BytesIO(webp)).convert("RGB").tobytes() == shown.tobytes()   # no smeared text
    assert all(p.read_bytes()[12:16] == b"VP8 " for p in (public / "images").glob("view.*.webp"))


def test_a_flat_charts_wide_webp_is_the_smaller_of_lossy_and_lossless(tmp_path):
    """rf44m: lossy or lossless was decided at the first, 320 px output (lossy 4,106 B < lossless
    6,578 B on this bar chart) and every width then lossy: the 1600 px WebP, which desktops and retina
    phones take, was 30,114 B with smeared text where lossless is 21,366 B. Now decided at the widest."""
    import random
    from PIL import ImageDraw
    rng = random.Random(2)
    chart = Image.new("RGB", (2400, 1500), "white")
    draw = ImageDraw.Draw(chart)
    for i in range(60):
        draw.rectangle([i * 40, 1500 - rng.randint(50, 1400), i * 40 + 30, 1500], fill=(30, 90, 200))
    for y in range(0, 1500, 25):
        draw.text((5, y), f"label {y} value {y * 3}", fill="black")
    result, public = make(tmp_path, {"content/a.md": story("a", "bars.png", alt="A chart"), "content/bars.png": _saved(chart)})
    assert result.ok, result.errors
    webp = next((public / "images").glob("bars.*.1280.webp")).read_bytes()   # the widest here
    shown = Image.open(next((public / "images").glob("bars.*.1280.png"))).convert("RGB")
    lossless, lossy = io.BytesIO(), io.BytesIO()
    shown.save(lossless, "WEBP", quality=80, method=2, lossless=True)
    shown.save(lossy, "WEBP", quality=80, method=2)
    assert len(lossless.getvalue()) < len(lossy.getvalue())
    assert len(webp) <= len(lossless.getvalue()), f"1280 px WebP {len(webp)} B; lossless would be {len(lossless.getvalue())} B"


def test_svg_in_mm_is_sized_as_browsers_size_it():
    """review44f fault 4: the viewBox's numbers were taken for CSS pixels: Inkscape's default page,
    210mm x 148mm, was given <img width=210 height=148>; Chromium draws it 794x559."""
    from sitegen.images import svg_size
    assert svg_size({"width": "210mm", "height": "148mm", "viewBox": "0 0 210 148"}) == (794, 559)
    assert svg_size({"width": "800", "height": "400", "viewBox": "0 0 400 200"}) == (800, 400)
    assert svg_size({"width": "10cm", "height": "5pc"}) == (378, 80)
    assert svg_size({"width": "100%", "height": "50%", "viewBox": "0 0 400 200"}) == (400, 200)   # the viewBox's


def test_a_photo_storys_first_picture_loads_at_once_when_it_has_no_lead(tmp_path):
    """review44f fault 6: a story with no `image:` whose text opens with a photo loaded it lazily, though
    it is the page's largest paint on a phone (Chromium at 390x844: the LCP element, 'lazy'). The
    first picture of the text loads at once, the rest lazily; with a lead, all of the text's lazily."""
    body = "![Waves](w.jpg)\n\nThe storm hit.\n\n![The wall](x.jpg)"
    result, public = make(tmp_path, {"content/a.md": story("a", body=body), "content/b.md": story("bb", "w.jpg", body=body),
                                     "content/w.jpg": photo(1600, 1000), "content/x.jpg": photo(800, 600)})
    assert result.ok, result.errors
    loading = [(i.get("alt"), i.get("loading")) for i in article_html(public, "a").xpath("//article//img")]
    assert loading == [("Waves", None), ("The wall", "lazy")], loading
    body_imgs = article_html(public, "bb").xpath('//div[contains(@class, "story-body")]//img')
    assert [i.get("loading") for i in body_imgs] == ["lazy", "lazy"]


def test_a_bad_picture_holds_its_story_not_the_site(tmp_path):
    """review44f fault 2: one half-copied photo stopped every story being published, a breaking one
    too, where a story that does not parse holds only itself. Its story is left out until fixed, the
    rest published, the build failed (exit 1); with --strict, all or nothing, as before."""
    files = {"content/a.md": story("a", "half.jpg", body="Text.\n\n![Two](two.png)"),
             "content/half.jpg": photo(800, 600)[:3000], "content/two.png": b"not a png",
             "content/breaking.md": story("breaking", "good.jpg"), "content/good.jpg": photo(800, 600)}
    result, public = make(tmp_path, files, strict=True)
    assert not result.ok and not public.exists()
    result, public = make(tmp_path, {})
    assert not result.ok and result.published
    error, other = result.errors
    assert other.startswith("content/a.md:10: image 'two.png': not a picture") and other.endswith("(the story is left out until fixed)")
    assert error.startswith("content/a.md:5: image 'half.jpg': corrupt or truncated picture") and \
        error.endswith(" (the story is left out until fixed)"), error
    assert "build FAILED, 2 errors, the rest published to public/" in result.line()
    assert (public / "2025/01/breaking/index.html").exists() and not (public / "2025/01/a").exists()
    assert "Story a" not in (public / "index.html").read_text()
    (tmp_path / "content/half.jpg").write_bytes(photo(800, 600))   # fixed: the story is published
    (tmp_path / "content/two.png").write_bytes(photo(300, 200, "PNG"))
    result, public = make(tmp_path, {})
    assert result.ok, result.errors
    result, clean = make(tmp_path / "clean", {**files, "content/half.jpg": photo(800, 600),
                                              "content/two.png": photo(300, 200, "PNG")})
    assert tree(clean) == tree(public)


def _camera_jpeg(width: int, height: int) -> bytes:
    """A camera's JPEG holding a Multi-Picture Format preview (Sony, Panasonic, Canon, Fujifilm write
    them): browsers show it as the JPEG it is; Pillow names its format 'MPO'."""
    out = io.BytesIO()
    Image.open(io.BytesIO(photo(width, height))).save(out, "MPO", save_all=True,
                                                      append_images=[Image.new("RGB", (width // 4, height // 4))])
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"
    return out.getvalue()


def test_a_camera_jpeg_with_a_multi_picture_preview_is_published_as_a_jpeg(tmp_path):
    """review47c fault 1: such a file, as a story's picture or an author's photo, was refused: 'the file is
    MPO but named .jpg; sitegen does not publish MPO pictures', and the story was left out."""
    result, public = make(tmp_path, {"content/a.md": story("a", "cam.jpg", extra="author: Ann Lee\n"),
                                     "content/cam.jpg": _camera_jpeg(1600, 1200),
                                     "authors.toml": '["Ann Lee"]\nphoto = "static/ann.jpg"\n',
                                     "static/ann.jpg": _camera_jpeg(800, 800)})
    assert result.ok and not result.warnings, (result.errors, result.warnings)
    made = outputs(public, "cam")
    assert {i.format for i in made.values()} == {"JPEG", "WEBP"} and "cam" in str(article_html(public, "a").xpath("//img/@src"))
    assert all(getattr(i, "n_frames", 1) == 1 for i in made.values())   # the photo, not its preview too
    assert max(i.size for n, i in made.items() if "-" not in n) == (1280, 960)
    assert any(n.endswith(".320.jpg") for n in outputs(public, "ann"))


def test_a_remote_picture_without_alt_text_is_warned_and_an_error_under_strict(tmp_path):
    """review47c fault 2: a lead picture or one in the text on another server, without alt text, passed
    `build --strict`; the page marked both alt="", decorations. A data: URL's picture too, quoted by its
    start (it was exempt, and a Google Docs export's photos, all data: URLs, went unwarned: review51a 6)."""
    body = ("Text.\n\n![](https://cdn.example.com/wire/second.jpg)\n\n"
            "![](data:image/gif;base64,R0lGODdhAQABAIAAAAAAAAAAACwAAAAAAQABAAAIBAABBAQAOw==)\n")
    files = {"content/a.md": story("a", "https://cdn.example.com/wire/photo.jpg", alt='""', body=body)}
    result, _ = make(tmp_path / "one", files)
    assert result.ok and set(result.warnings) == {
        "content/a.md:5: image 'https://cdn.example.com/wire/photo.jpg' has no 'alt' text; describe the picture "
        "for readers who cannot see it (alt: ...)",
        "content/a.md:10: picture 'https://cdn.example.com/wire/second.jpg' in the text has no alt text; describe it "
        "between the brackets: ![what it shows](...)",
        "content/a.md:12: picture 'data:image/gif;base64,R0lGODdh...' in the text has no alt text; describe it "
        "between the brackets: ![what it shows](...)"}, result.warnings
    assert not make(tmp_path / "two", files, strict=True)[0].ok


def test_a_link_to_a_picture_the_story_shows_leads_to_its_largest_published_copy(tmp_path):
    """review47c fault 3: '[![Map](map.jpg)](map.jpg)', click to enlarge, kept href="map.jpg": a file
    beside the page that no build publishes, a 404, and not a word said. A link to the lead picture
    in plain prose (the renderer's fast path) and one to a file named with a space too."""
    body = ("The map:\n\n[![Map of the flood](<My Map.jpg>)](<My Map.jpg>)\n\n"
            "See [the harbour at full size](harbour.jpg) or [the map](My%20Map.jpg).\n")
    result, public = make(tmp_path, {"content/a.md": story("a", "harbour.jpg", body=body),
                                     "content/harbour.jpg": photo(1000, 750), "content/My Map.jpg": photo(2400, 1600),
                                     "content/b.md": story("bb", "harbour.jpg", body="[Bigger](harbour.jpg).")},
                          strict=True)
    assert result.ok, result.errors
    hrefs = article_html(public, "a").xpath("//article//a/@href | //main//a/@href")
    shown = [h for h in hrefs if "map" in h.lower() or "harbour" in h]
    assert shown == ["/news/images/my-map.%s.1280.jpg" % shown[0].split(".")[1],
                     "/news/images/harbour.%s.1000.jpg" % shown[1].split(".")[1], shown[0]], hrefs
    assert all((public / h.removeprefix("/news/")).is_file() for h in shown)
    assert article_html(public, "bb").xpath("//a[.='Bigger']/@href") == [shown[1]]


def test_a_link_spelling_a_shown_picture_another_way_leads_to_its_largest_copy(tmp_path):
    """rf47p fault 2: '[Enlarge](./pic.jpg)' beside '![..](pic.jpg)' matched no picture's ref string and
    was published as href="./pic.jpg", a 404 with no warning. Links are matched by the file they
    resolve to, as the picture's reference is: './pic.jpg', '../2025/pic.jpg', 'pic%2Ejpg'."""
    body = "![A pier](pic.jpg)\n\n[Enlarge](./pic.jpg), [again](pic%2Ejpg), [once more](../2025/pic.jpg).\n"
    result, public = make(tmp_path, {"content/2025/a.md": story("a", body=body), "content/2025/pic.jpg": photo(1000, 750)},
                          strict=True)
    assert result.ok, result.errors
    page = next(public.rglob("a/index.html"))
    hrefs = lxml_html.fromstring(page.read_bytes()).xpath("//a[.='Enlarge' or .='again' or .='once more']/@href")
    assert len(hrefs) == 3 and len(set(hrefs)) == 1 and re.fullmatch(r"/news/images/pic\.\w+\.1000\.jpg", hrefs[0]), hrefs
    assert (public / hrefs[0].removeprefix("/news/")).is_file()


def test_a_photo_shown_as_a_lead_and_in_the_text_is_made_and_published_once(tmp_path):
    """review47c fault 7: the key held the lead flag and the focal point, which the uncropped copies do
    not depend on: one story's lead shown in another's text, a lead shown again in its own text by
    another spelling (percent-encoded), or the same photo as two leads with two focal points, was made
    and published under two names, the same bytes, and readers downloaded it twice."""
    body = "Text.\n\n![Again](<Photos/DSC 0001.JPG>)\n"
    files = {"content/a.md": story("a", "Photos/DSC 0001.JPG", body=body), "content/Photos/DSC 0001.JPG": photo(1000, 750),
             "content/b.md": story("bb", body="Text.\n\n![The same photo](Photos/DSC%200001.JPG)\n"),
             "content/c.md": story("ccc", "Photos/DSC 0001.JPG", extra="focus: [0.1, 0.2]\n")}
    result, public = make(tmp_path, files)
    assert result.ok, result.errors
    full = sorted(p.name for p in (public / "images").glob("dsc-0001.*.640.jpg"))
    assert len(full) == 1, full
    def uncropped(slug: str) -> set[str]:
        page = (public / f"2025/01/{slug}/index.html").read_text()
        return set(re.findall(r"/news/images/dsc-0001\.[0-9a-f]{16}\.\d+\.(?:jpg|webp)", page))
    assert uncropped("a") == uncropped("bb") == uncropped("ccc") and len(uncropped("a")) == 6, uncropped("a")
    assert {n.split(".")[1] for n in os.listdir(public / "images")} == {
        u.split(".")[1] for u in uncropped("a")} | {p.name.split(".")[1] for p in (public / "images").glob("*16x9*")}
    crops = {p.name.split(".")[1] for p in (public / "images").glob("dsc-0001.*.16x9-640.jpg")}
    assert len(crops) == 2   # two focal points: two sets of crops


def test_a_picture_in_a_footnotes_second_paragraph_is_published_and_its_alt_checked(tmp_path):
    """review47c fault 5: the renderer shows it (footnotes on); the build, reading the body as plain
    CommonMark (code), never made it: <img src="rain.png"> led nowhere, and --strict said nothing."""
    body = ("It rained more than ever.[^1]\n\n[^1]: Source: the weather agency.\n\n"
            "    ![Chart of rainfall by month](rain.png)\n\n    ![](bare.png)\n")
    files = {"content/a.md": story("a", body=body), "content/rain.png": photo(800, 500, "PNG"),
             "content/bare.png": photo(400, 300, "PNG")}
    result, public = make(tmp_path, files)
    assert result.ok and result.warnings == [
        "content/a.md:12: picture 'bare.png' in the text has no alt text; describe it between the brackets: "
        "![what it shows](...)"], result.warnings
    srcs = article_html(public, "a").xpath("//section[@class='footnotes']//img/@src")
    assert len(srcs) == 2 and all((public / s.removeprefix("/news/")).is_file() for s in srcs), srcs


def test_a_full_picture_cache_disk_is_said_as_such_not_blamed_on_the_picture(tmp_path):
    """review47c fault 4: every OSError in process() was 'corrupt or truncated picture ([Errno 28] No
    space left on device); export it again or replace the file', and recorded as a picture still
    being copied in (unreadable_pictures), so a watcher waited for the file. A real full disk: a
    300 KB tmpfs on the picture cache (root: CI; a skip with the reason elsewhere)."""
    noise = io.BytesIO()
    Image.effect_noise((1000, 750), 60).convert("RGB").save(noise, "JPEG", quality=90)
    write_files(tmp_path, {"site.toml": TOML, "content/storm.md": story("a", "storm.jpg"),
                           "content/storm.jpg": noise.getvalue()})
    with small_tmpfs(tmp_path / ".sitegen/images", "300k"):
        result = Builder(load_config(tmp_path), BuildOptions()).build(now=FIXED_NOW)
    assert len(result.errors) == 1 and "could not be written to " in result.errors[0], result.errors
    assert "No space left on device); free space on that disk" in result.errors[0] and "corrupt" not in result.errors[0]
    assert result.errors[0].startswith("content/storm.md:5: image 'storm.jpg': ")
    assert not result.unreadable_pictures


def test_an_animated_png_is_published_as_its_first_frame_and_said_so(tmp_path):
    """review47c fault 6: an APNG, which every browser plays, became a still as the animated WebP
    does, but without a word. Now it is said as the WebP's is; a still PNG, one with a big colour
    profile before its pixels (chunks walked to the first IDAT) too, has none."""
    frames = [Image.new("RGB", (600, 400), (i * 60, 100, 200 - i * 40)) for i in range(4)]
    moving = io.BytesIO()
    frames[0].save(moving, "PNG", save_all=True, append_images=frames[1:], duration=300, loop=0)
    lead = io.BytesIO()
    frames[1].save(lead, "PNG", save_all=True, append_images=frames[2:], duration=200, loop=0)
    body = "Spread:\n\n![Map of the flood](anim.png)\n\n![Still](still.png)\n"
    result, public = make(tmp_path, {"content/a.md": story("a", "lead.png", body=body),
                                     "content/lead.png": lead.getvalue(),
                                     "content/anim.png": moving.getvalue(),
                                     "content/still.png": photo(640, 360, "PNG", icc=srgb_profile())})
    assert result.ok, result.errors
    assert Image.open(io.BytesIO(moving.getvalue())).n_frames == 4
    assert {getattr(i, "n_frames", 1) for i in outputs(public, "anim").values()} == {1}
    said = "frame, a still; to show the animation, save it as a GIF (published as it is) or a video"
    assert sorted(result.warnings) == [f"content/a.md:10: image 'anim.png' is an animated PNG: it is published as its first {said}",
                                       f"content/a.md:5: image 'lead.png' is an animated PNG: it is published as its first {said}"]


def test_max_megapixels_over_pillows_own_limit_is_honoured(tmp_path, monkeypatch):
    """review47c fault 8: with [images] max_megapixels = 300, a 180-megapixel panorama (15000x12000)
    was 'refused as a decompression bomb (Image size (180000000 pixels) exceeds limit of 178956970
    pixels...)': Pillow's own limit (2 x 89.5 MP) fired before the setting's. Pillow's limit is left
    as it was after the build."""
    source = io.BytesIO()
    Image.new("L", (15000, 12000), 128).save(source, "JPEG", quality=60)
    plain = TOML
    monkeypatch.setattr(f"{__name__}.TOML", plain + "max_megapixels = 300\n")
    before = Image.MAX_IMAGE_PIXELS
    result, public = make(tmp_path, {"content/a.md": story("a", "pano.jpg"), "content/pano.jpg": source.getvalue()})
    assert result.ok, result.errors
    assert max(i.size for n, i in outputs(public, "pano").items() if "-" not in n) == (1280, 1024)
    assert Image.MAX_IMAGE_PIXELS == before
    monkeypatch.setattr(f"{__name__}.TOML", plain + "max_megapixels = 150\n")   # the setting's own limit still holds
    result, _ = make(tmp_path / "two", {"content/a.md": story("a", "pano.jpg"), "content/pano.jpg": source.getvalue()})
    assert result.errors == ["content/a.md:5: image 'pano.jpg': 15000x12000 is 180 megapixels, over the limit of 150 "
                             "([images] max_megapixels); resize it first (the story is left out until fixed)"]


@pytest.mark.parametrize("name, mode, size, kind", [("bomb.png", "L", (24000, 10000), "PNG"),
                                                     ("loop.gif", "P", (14000, 13000), "GIF")])
def test_a_bomb_under_a_raised_max_megapixels_is_refused(tmp_path, monkeypatch, name, mode, size, kind):
    """rf47p fault 1: with max_megapixels = 400, a 240 MP PNG of 233 KB was decoded (Pillow's own limit
    is off while a job runs, and the bytes-per-pixel test ran only over the setting), and a 182 MP GIF
    of 135 KB was published for every reader's browser to decode. Both are bombs again."""
    source = io.BytesIO()
    Image.new(mode, size, 0).save(source, kind)
    monkeypatch.setattr(f"{__name__}.TOML", TOML + "max_megapixels = 400\n")
    result, public = make(tmp_path, {"content/a.md": story("a", body=f"![Bomb]({name})"), f"content/{name}": source.getvalue()})
    kb = len(source.getvalue()) // 1024
    assert result.errors == [f"content/a.md:6: image '{name}': declares {size[0]}x{size[1]} pixels in a {kb} KB file: "
                             "a decompression bomb? refused; if it is a real picture (a flat-colour map or chart), export "
                             "it as JPEG or WebP, or at fewer pixels (the story is left out until fixed)"], result.errors
    assert not (public / "images").exists() or not list((public / "images").iterdir())


def test_a_flat_colour_map_under_a_raised_max_megapixels_is_published(tmp_path, monkeypatch):
    """rf48b fault 6: with max_megapixels = 150, a real election map (10000x10000, a 16-colour palette PNG of
    757 KB: 0.008 bytes a pixel) was 'a decompression bomb? refused', and nothing let it through. Between
    Pillow's limit and the setting only the ratio bombs reach (< 0.002) is refused (rf47p's: 0.001)."""
    import random
    from PIL import ImageDraw
    rnd = random.Random(7)
    side = 9600   # 92 MP: over Pillow's own limit, under the setting
    drawn = Image.new("P", (side, side), 0)
    drawn.putpalette([rnd.randrange(256) for _ in range(48)])
    pen = ImageDraw.Draw(drawn)
    for _ in range(150):   # districts in 16 colours
        x, y = rnd.randrange(side), rnd.randrange(side)
        pen.polygon([(x + rnd.randrange(-400, 400), y + rnd.randrange(-400, 400)) for _ in range(6)], fill=rnd.randrange(1, 16))
    source = io.BytesIO()
    drawn.save(source, "PNG")
    del drawn, pen
    assert 0.002 < len(source.getvalue()) / side ** 2 < 0.01
    monkeypatch.setattr(f"{__name__}.TOML", TOML + "max_megapixels = 150\n")
    result, public = make(tmp_path, {"content/a.md": story("a", "map.png"), "content/map.png": source.getvalue()})
    assert result.ok, result.errors
    assert max(i.size for n, i in outputs(public, "map").items() if "-" not in n) == (1280, 1280)


def test_a_jfif_or_jpe_file_is_published_as_a_jpeg(tmp_path):
    """review47c fault 9: Chrome on Windows saves JPEGs as .jfif: 'image 'download.jfif' is a .jfif file;
    use a JPEG, PNG, WebP, GIF or SVG picture'. .jfif and .jpe are JPEG's own suffixes; published as .jpg,
    and a PNG named so is told what it is, as for .jpg."""
    result, public = make(tmp_path, {"content/a.md": story("a", "download.jfif", body="![Old scan](scan.JPE)"),
                                     "content/download.jfif": photo(800, 600), "content/scan.JPE": photo(700, 500),
                                     "content/b.md": story("bb", "chart.jfif"), "content/chart.jfif": photo(400, 300, "PNG")})
    assert result.errors == ["content/b.md:5: image 'chart.jfif': the file is PNG but named .jfif; rename it to .png "
                             "or export it as JPEG (the story is left out until fixed)"], result.errors
    assert {n.rsplit(".", 1)[1] for n in outputs(public, "download")} == {"jpg", "webp"}
    assert {n.rsplit(".", 1)[1] for n in outputs(public, "scan")} == {"jpg", "webp"}
    assert all((public / s.removeprefix("/news/")).is_file() for s in article_html(public, "a").xpath("//img/@src"))


def _dated(slug: str, day: int, image: str = "", body: str = "Text.", extra: str = "") -> str:
    front = f"image: {image}\nalt: Smoke over the hills\n" if image else ""
    return f"---\ntitle: Story {slug}\ndate: 2025-01-{day:02d}T09:00:00+00:00\nslug: {slug}\n{front}{extra}---\n{body}\n"


def _picture_urls(public: Path, rel: str) -> set[str]:
    """The picture files a page or feed names (og:image, JSON-LD, <img>, srcset, enclosures), each there."""
    found = set(re.findall(r"/news/(images/[^\"' ,<&]+)", (public / rel).read_text()))
    assert found and all((public / f).is_file() for f in found), sorted(f for f in found if not (public / f).is_file())
    return found


def _og_image(public: Path, rel: str) -> str:
    return re.search(r'og:image" content="https://example.org/news/(images/[^"]+)"', (public / rel).read_text())[1]


def test_a_storys_picture_addresses_stay_when_a_story_showing_the_same_photo_comes_or_goes(tmp_path):
    """review48d fault 1: a job (the cache and the published names) was one per bytes, named after the
    first use met, newest story first: a newer story whose lead was the same agency photo saved as
    agency-photo.jpg renamed the older story's wildfire.* copies (og:image, feed enclosure, <img>),
    deleting the files already shared. Each file name now publishes its own copies, in the text and as
    an author's photo too; an incremental build equals a clean one at every step."""
    same = photo(1000, 750)
    older = {"content/w.md": _dated("wildfire", 5, "wildfire.jpg"), "content/wildfire.jpg": same}
    newer = {"content/u.md": _dated("update", 6, "agency-photo.jpg"), "content/agency-photo.jpg": same,
             "content/v.md": _dated("pool", 7, body="Text.\n\n![Smoke](pool.jpg)\n", extra="author: Ann Lee\n"),
             "content/pool.jpg": same, "authors.toml": '["Ann Lee"]\nphoto = "static/headshot.jpg"\n',
             "static/headshot.jpg": same}
    w, u = "2025/01/wildfire/index.html", "2025/01/update/index.html"
    result, public = make(tmp_path, older)
    assert result.ok, result.errors
    first, og = _picture_urls(public, w), _og_image(public, w)
    enclosure = _picture_urls(public, "rss.xml")
    assert {f.split(".")[0] for f in first} == {"images/wildfire"} and len(enclosure) == 1 and enclosure < first
    result, _ = make(tmp_path, newer)   # newer stories showing the same bytes under other names
    assert result.ok, result.errors
    assert first <= _picture_urls(public, w) and _og_image(public, w) == og
    assert enclosure < _picture_urls(public, "rss.xml")
    lead = set(article_html(public, "update").xpath('//figure[@class="story-image"]//img/@src'))
    shown = _og_image(public, u)
    assert shown.startswith("images/agency-photo.") and lead and all("/images/agency-photo." in s for s in lead)
    text = article_html(public, "pool").xpath('//article//img/@src')
    assert text and all(s.startswith("/news/images/pool.") and (public / s[6:]).is_file() for s in text), text
    author = next(p for p in public.rglob("index.html") if b"author-photo" in p.read_bytes())
    assert re.search(r'class="author-photo" src="/news/images/headshot\.\w+\.320\.jpg"', author.read_text())
    assert not list((public / "images").glob("pool.*16x9*")) and not list((public / "images").glob("headshot.*card*"))
    def clean_equal(files: dict) -> None:
        clean = tmp_path / f"clean{len(files)}"
        result, clean_public = make(clean, files)
        assert result.ok and tree(clean_public) == tree(public)
    clean_equal({**older, **newer})
    (tmp_path / "content/u.md").unlink()   # the newer story deleted
    result, _ = make(tmp_path, {})
    assert result.ok and first <= _picture_urls(public, w) and _og_image(public, w) == og
    assert not list((public / "images").glob("agency-photo.*"))
    (tmp_path / "content/w.md").unlink()   # and the older one, the newer back
    result, _ = make(tmp_path, {"content/u.md": newer["content/u.md"]})
    assert result.ok and _og_image(public, u) == shown and not list((public / "images").glob("wildfire.*"))
    clean_equal({k: f for k, f in {**older, **newer}.items() if k != "content/w.md"})


@pytest.mark.parametrize("photo_at", ["static/authors//ann.jpg", "static/./authors/ann.jpg"])
def test_an_authors_photo_spelt_with_a_double_slash_or_dot_inside_static_is_shown(tmp_path, photo_at):
    """rf48b fault 4: 'static/authors//ann.jpg' was refused as leading to the disk's root (only a '/'
    right after static/ does) and 'static/./authors/ann.jpg' as "'.' is no folder of static/"; both
    name static/authors/ann.jpg, as asset() reads them, and the author page shows it."""
    result, public = make(tmp_path, {"content/a.md": story("a", extra="author: Ann Lee\n"),
                                     "static/authors/ann.jpg": photo(400, 400),
                                     "authors.toml": f'["Ann Lee"]\nphoto = "{photo_at}"\n'}, strict=True)
    assert result.ok, result.errors
    page = next(p for p in public.rglob("index.html") if "authors" in p.parts and "ann-lee" in p.parts)
    shown = lxml_html.fromstring(page.read_bytes()).xpath("//img/@src")
    assert shown and all((public / s.removeprefix("/news/")).is_file() for s in shown), shown
    assert any("ann" in s for s in shown), shown


def test_a_web_address_with_an_unparseable_host_is_an_error_naming_its_story_and_the_rest_builds(tmp_path):
    """images.is_external takes any 'https://...' for a picture on the web, unparsed; views.absolute's
    urljoin then raises ValueError ('CDN_HOST' does not appear to be an IPv4 or IPv6 address) on the
    story's page and on every feed, caught only by render's catch-all: the build failed, public/ left
    as it was, each error naming a page's URL and a Python exception, not the file, line or fix."""
    files = {"content/a.md": story("a", "https://[CDN_HOST]/harbour.jpg"),
             "content/ok.md": story("ok", "https://photos.example.net/b.jpg")}
    result, public = make(tmp_path, files)
    assert result.errors == ["content/a.md:5: image 'https://[CDN_HOST]/harbour.jpg' is no web address: its host "
                             "'[CDN_HOST]' is in brackets, which only an IP address is; write the picture's real "
                             "address (the story is left out until fixed)"], result.errors
    assert (public / "2025/01/ok/index.html").is_file() and (public / "feed.xml").is_file()
    assert not (public / "2025/01/a").exists()
    # fixed, the story is published with its picture
    (tmp_path / "content/a.md").write_text(story("a", "https://[2001:db8::1]/harbour.jpg"), encoding="utf-8")
    again = Builder(load_config(tmp_path), BuildOptions()).build(now=FIXED_NOW)
    assert again.ok, again.errors
    assert article_html(public, "a").xpath("//img/@src") == ["https://[2001:db8::1]/harbour.jpg"]
    assert "https://[2001:db8::1]/harbour.jpg" in (public / "feed.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize("ref, body, line, why", [
    ("http://[::1/x.jpg", "Text.", 5, "its host '[::1' opens a '[' it never closes"),
    ("https://cdn.example]/x.jpg", "Text.", 5, "its host 'cdn.example]' closes a ']' it never opens"),   # rf49e
    ("//[CDN_HOST]:8080/x.jpg", "Text.", 5, "its host '[CDN_HOST]:8080' is in brackets, which only an IP address is"),
    ("", "Text.\n\n![A chart](//[1:2:3:4:5:6:7:8:9]/c.png)", 8,
     "its host '[1:2:3:4:5:6:7:8:9]' is in brackets, which only an IP address is"),
    ("", "Text.\n\n![A chart](https://[1:2:3:4:5:6:7:8:9]/c.png)", 8,
     "its host '[1:2:3:4:5:6:7:8:9]' is in brackets, which only an IP address is"),
])
def test_a_web_address_that_is_no_url_is_named_at_its_line_as_lead_or_in_the_text(tmp_path, ref, body, line, why):
    """The lead's image: and a picture in the text alike: an unclosed '[' (urlsplit's 'Invalid IPv6
    URL'), a bracketed name with a port, an IPv6 literal with a group too many. Each failed the whole
    build from the page's or feeds' urljoin (review49e); now its story alone is left out."""
    result, public = make(tmp_path, {"content/a.md": story("a", ref, body=body),
                                     "content/ok.md": story("ok", "https://photos.example.net/b.jpg")})
    shown = ref or body.rsplit("(", 1)[1].rstrip(")")
    assert result.errors == [f"content/a.md:{line}: image '{shown}' is no web address: {why}; write the picture's "
                             "real address (the story is left out until fixed)"], result.errors
    assert (public / "2025/01/ok/index.html").is_file() and (public / "rss.xml").is_file()


def test_a_web_address_that_is_no_url_fails_a_rebuild_alone(tmp_path):
    """Brought in by an edit after a good build (the incremental path): the story is named and left
    out, the other story's edit is published."""
    result, public = make(tmp_path, {"content/a.md": story("a", "https://photos.example.net/a.jpg"),
                                     "content/ok.md": story("ok", "https://photos.example.net/b.jpg")})
    assert result.ok, result.errors
    write_files(tmp_path, {"content/a.md": story("a", "https://[CDN_HOST]/a.jpg"),
                           "content/ok.md": story("ok", "https://photos.example.net/b.jpg", body="Corrected.")})
    again = Builder(load_config(tmp_path), BuildOptions()).build(now=FIXED_NOW)
    assert [e.split(": ", 1)[0] for e in again.errors] == ["content/a.md:5"], again.errors
    assert "Corrected." in (public / "2025/01/ok/index.html").read_text(encoding="utf-8")
def test_a_picture_named_in_50_cyrillic_letters_is_found_and_fails_no_build(tmp_path):
    """rf49a 6: `![Rally](<Митинг на площади Независимости в Киеве, фото Ивана.jpg>)` (angle brackets: the
    name has spaces) beside the story: 94 bytes, a legal name, but Markdown hands it over percent-encoded,
    282 bytes, and images.resolve tries that spelling first: Path.is_file() raises ENAMETOOLONG (pathlib
    ignores only ENOENT, ENOTDIR, EBADF, ELOOP). The story is an error ('[Errno 36] File name too long')
    and left out though its picture is there; and once it also links a page the site lacks, the link
    check's own_picture_links (which catches ImageError only) lets the OSError out: the whole build
    fails with '.../content/%D0%9C...jpg: File name too long', naming no story, nothing published.
    rf48k 1 fixed this for links (config.is_file) but not for a picture's spellings."""
    from builders import build, starter_site
    name = "Митинг на площади Независимости в Киеве, фото Ивана.jpg"
    story = ("---\ntitle: Rally\ndate: 2025-01-05T10:00:00Z\n---\nText.\n\n"
             f"![Rally](<{name}>) See [the archive](/archive/2019/old-story/).\n")
    root = starter_site(tmp_path, {"content/rally.md": story})
    Image.new("RGB", (40, 30), "red").save(root / "content" / name)
    result = build(root)
    assert not [e for e in result.errors if "too long" in e], result.errors
    assert result.ok, result.errors
    page = next((root / "public").glob("2025/01/*rally*/index.html"))
    assert lxml_html.fromstring(page.read_bytes()).xpath("//img/@src"), "the story's page shows no picture"
    assert any("/archive/2019/old-story/" in w for w in result.warnings), result.warnings


def test_a_missing_picture_named_in_50_cyrillic_letters_is_said_not_found_not_file_name_too_long(tmp_path):
    """rf49a 6's neighbour: the same picture absent. Each spelling images.resolve tries (the percent-encoded
    one over 255 bytes) is 'not this file', so the story's error is the usual 'not found' naming its line,
    not '[Errno 36] File name too long' about a path that never existed; the other story is published."""
    from builders import build, starter_site
    name = "Митинг на площади Независимости в Киеве, фото Ивана.jpg"
    story = f"---\ntitle: Rally\ndate: 2025-01-05T10:00:00Z\n---\nText.\n\n![Rally](<{name}>)\n"
    root = starter_site(tmp_path, {"content/rally.md": story})
    result = build(root)
    mine = [e for e in result.errors if "rally.md" in e]
    assert len(mine) == 1 and "rally.md:7: image" in mine[0] and "not found beside the article" in mine[0], result.errors
    assert not [e for e in result.errors if "too long" in e or "Errno" in e], result.errors
    assert list((root / "public").rglob("index.html")), "nothing published: the other stories were held back too"


def test_a_logo_named_over_255_bytes_is_the_missing_logo_warning_not_a_failed_build(tmp_path):
    """rf49a 6/7's class, found by grepping for it: [site] logo naming a file over 255 bytes (160 Cyrillic
    letters) made logo_fits_card's Path.is_file() raise ENAMETOOLONG, failing the whole build with
    '<theme>/templates/static/...png: File name too long'. It is the usual missing-logo warning."""
    from builders import build, starter_site
    root = starter_site(tmp_path, {})
    name = "static/" + "логотип-" * 20 + ".png"
    config = (root / "site.toml").read_text(encoding="utf-8")
    (root / "site.toml").write_text(config.replace("[site]\n", f'[site]\nlogo = "{name}"\n', 1), encoding="utf-8")
    result = build(root)
    assert result.ok, result.errors
    assert [w for w in result.warnings if w.startswith(f'site.toml: [site] logo = "{name}" is no file')], result.warnings
# review49c ----------------------------------------------------------------------------------------------
def _palette_diagram(width: int = 1700, height: int = 950, colours: int = 24) -> bytes:
    """A flat-colour diagram as newsrooms publish them (a memory map, a transit map, a chart run through
    pngquant or TinyPNG): a palette PNG of a few colours, boxes, lines and labels."""
    import random
    from PIL import ImageDraw
    rnd = random.Random(7)
    image = Image.new("P", (width, height), 0)
    image.putpalette([v for i in range(colours) for v in ((i * 97) % 256, (i * 53 + 80) % 256, (i * 31 + 160) % 256)])
    draw = ImageDraw.Draw(image)
    for _ in range(120):
        x, y = rnd.randrange(width - 200), rnd.randrange(height - 60)
        draw.rectangle((x, y, x + rnd.randrange(40, 200), y + rnd.randrange(15, 60)), outline=rnd.randrange(1, colours),
                       fill=rnd.randrange(colours), width=2)
        draw.text((x + 4, y + 4), f"0x{rnd.randrange(1 << 32):08X} FLASH", fill=rnd.randrange(1, colours))
    for _ in range(60):
        draw.line((rnd.randrange(width), rnd.randrange(height), rnd.randrange(width), rnd.randrange(height)),
                  fill=rnd.randrange(1, colours), width=1)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def test_a_palette_diagrams_copies_are_no_heavier_than_the_file_itself(tmp_path):
    # 64 KB at 1700 px; published, its 1600 px WebP (what desktops and retina phones fetch) was 135 KB,
    # its 1280 px one 92 KB, and its PNG fallback (a PNG lead's feed enclosure) 682 KB: each copy is
    # resized in RGB, so the palette, what made the file small, is gone, and lossless WebP cannot win
    source = _palette_diagram()
    result, public = make(tmp_path, {"content/a.md": story("a", body="![Memory map](map.png)"), "content/map.png": source})
    assert result.ok, result.errors
    copies = {p.name: p.stat().st_size for p in (public / "images").glob("map.*")}
    assert copies, "no copies published"
    heavier = {name: size for name, size in copies.items() if size > len(source)}
    assert heavier == {}, f"source {len(source)} bytes; heavier copies: {heavier}"


def _wire_photo() -> bytes:
    """A 720 px photo as a wire service or a reader sends it: already JPEG at quality 70."""
    noise = Image.effect_noise((720, 480), 40).convert("RGB")
    image = Image.blend(noise, Image.linear_gradient("L").resize((720, 480)).convert("RGB"), 0.6)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70, optimize=True)
    return out.getvalue()


def test_a_small_jpegs_copies_at_its_own_width_are_no_heavier_than_the_file(tmp_path):
    # a 720 px JPEG (quality 70) was published at 720 px re-encoded at quality 80: its JPEG 1.16x and its
    # WebP, the file browsers fetch, 1.44x the file's bytes, for no more pixels (a real 720 px photo
    # from the Rust embedded book: 1.11x and 1.01x). Not resized, it gains nothing by being re-encoded.
    # fix49c: its JPEG at 720 px is now its own coded pixels without metadata, and its WebP, heavier than
    # that JPEG at every quality down to 60 (this noise is what WebP does worst), is not published
    source = _wire_photo()
    result, public = make(tmp_path, {"content/a.md": story("a", body="![Harbour](wire.jpg)"), "content/wire.jpg": source})
    assert result.ok, result.errors
    own_width = {p.name: p.stat().st_size for p in (public / "images").glob("wire.*.720.*")}
    assert [n.rsplit(".", 1)[1] for n in own_width] == ["jpg"], own_width
    heavier = {name: size for name, size in own_width.items() if size > len(source)}
    assert heavier == {}, f"source {len(source)} bytes; heavier copies at its own width: {heavier}"


_PEAK_BUILD = """
import sys
from sitegen.build import Builder, BuildOptions
from sitegen.config import load_config
from conftest import FIXED_NOW
result = Builder(load_config(sys.argv[1]), BuildOptions()).build(now=FIXED_NOW)
assert result.ok, result.errors
# VmHWM, this process's own peak: ru_maxrss keeps the forking parent's (the test's) across exec
print(next(int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith("VmHWM:")))
"""


def _peak_rss(root: Path) -> int:
    import subprocess
    import sys
    tests = str(Path(__file__).parent)
    out = subprocess.run([sys.executable, "-c", _PEAK_BUILD, str(root)], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": tests})
    return int(out.stdout.split()[-1])


def test_a_big_pngs_build_holds_the_decoded_picture_about_once(tmp_path):
    # A 48-megapixel PNG (a scanned map, a panorama; under the default 50 MP limit): decoded it is 138 MB
    # of RGB. ImageOps.exif_transpose returns a whole copy when there is nothing to turn
    # (images.py _open), so the build held it twice: a 100 MP PNG peaked at 812 MB, 517 MB without
    # the copy. Counted as the peak (VmHWM) over a build of a small picture, in units of the decoded
    # size: 2.54x today, 1.77x with exif_transpose called only for an orientation other than 1.
    width, height = 8000, 6000
    big = Image.effect_noise((1000, 750), 30).convert("RGB").resize((width, height))
    data = io.BytesIO()
    big.save(data, "PNG", compress_level=1)
    del big
    for name, picture in (("small", photo(800, 600, "PNG")), ("big", data.getvalue())):
        write_files(tmp_path / name, {"site.toml": TOML.replace("[320, 640, 1280]", "[320, 640, 960, 1280, 1600]"),
                                      "content/a.md": story("a", "p.png"), "content/p.png": picture})
    decoded = width * height * 3
    extra = _peak_rss(tmp_path / "big") - _peak_rss(tmp_path / "small")
    assert extra < 2.0 * decoded, f"peak {extra / decoded:.2f}x the decoded picture ({extra >> 20} MB over a small build)"


def test_a_lead_already_16_by_9_is_not_published_twice_under_two_names(tmp_path):
    # A video still or an agency photo cut 16:9: its "crops" are the whole picture, byte for byte the
    # same files as its full copies, published under a second name (x.<key>.16x9-640.webp beside
    # x.<base>.640.webp): the deploy carries every width twice, and a phone that saw the front page
    # (16:9, calc(100vw - 2rem)) downloads the same bytes again under the article's name.
    result, public = make(tmp_path, {"content/a.md": story("a", "wide.jpg"), "content/wide.jpg": photo(1600, 900)})
    assert result.ok, result.errors
    files = sorted((public / "images").glob("wide.*"))
    by_bytes: dict[bytes, list[str]] = {}
    for path in files:
        by_bytes.setdefault(path.read_bytes(), []).append(path.name)
    twice = [names for names in by_bytes.values() if len(names) > 1]
    assert twice == [], f"the same bytes published under two names: {twice}"
    assert not [p.name for p in files if ".16x9-" in p.name]
    front = (public / "index.html").read_text(encoding="utf-8")   # its 16:9 picture: the full files
    assert re.search(r'/images/wide\.[0-9a-f]+\.640\.webp 640w', front), front


def test_a_lead_nearly_16_by_9_still_gets_its_own_crops(tmp_path):
    # the other side of the case above: a box one row short of the whole picture is a crop of its own
    result, public = make(tmp_path, {"content/a.md": story("a", "wide.jpg"), "content/wide.jpg": photo(1600, 901)})
    assert result.ok, result.errors
    crops = sorted(p.name for p in (public / "images").glob("wide.*.16x9-*"))
    assert [n.rsplit(".", 2)[-2:] for n in crops] == [["16x9-1280", "jpg"], ["16x9-1280", "webp"],
                                                      ["16x9-320", "jpg"], ["16x9-320", "webp"],
                                                      ["16x9-640", "jpg"], ["16x9-640", "webp"]], crops


@cache   # 1.5 s of CPU a call, four calls a run; bytes, which no test can change (ci50)
def _photo_as_png() -> bytes:
    """A photo saved as PNG (a TV frame grab, a phone screenshot, an editing app's export): grain
    throughout, as in any photo, so PNG's lossless bytes are many and JPEG's or lossy WebP's few."""
    base = Image.open(io.BytesIO(photo(2400, 1600))).convert("RGB")
    image = Image.blend(base, Image.effect_noise((2400, 1600), 24).convert("RGB"), 0.25)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_a_photo_saved_as_png_is_shared_and_syndicated_as_a_light_picture(tmp_path):
    # Its page's WebP is lossy (a tenth of lossless's bytes, as README says), but its social card was a
    # 1200x630 PNG of 964 KB (56 KB as JPEG): WhatsApp shows no picture in a link's preview over about
    # 300 KB. Its feed enclosure was the 1600 px PNG, 2.4 MB, beside a 73 KB WebP of the same
    # pixels (here, at widths up to 1280, 1.4 MB); its JSON-LD crops were PNGs of 1.2-2.1 MB. (images.py _single: an opaque PNG's crops
    # are PNG whatever they hold; feeds take the largest copy in the fallback format.)
    result, public = make(tmp_path, {"content/a.md": story("a", "shot.png"), "content/shot.png": _photo_as_png()})
    assert result.ok, result.errors
    page = (public / "2025/01/a/index.html").read_text(encoding="utf-8")
    shared = {"og:image": re.search(r'property="og:image" content="([^"]+)"', page)[1]}
    ld = re.search(r'"image": (\[[^\]]*\])', page)[1]
    shared.update((f"JSON-LD {n}", url) for n, url in enumerate(re.findall(r'"([^"]+)"', ld)))
    rss = (public / "rss.xml").read_text(encoding="utf-8")
    shared["RSS enclosure"] = re.search(r'<enclosure url="([^"]+)"', rss)[1]
    base = "https://example.org/news/"
    sizes = {what: (public / url.removeprefix(base)).stat().st_size for what, url in shared.items()}
    heavy = {what: size for what, size in sizes.items() if size > 300_000}
    assert heavy == {}, f"over 300 KB: {heavy}"


# fix49c: the neighbours of review49c's cases ------------------------------------------------------------
def test_a_photo_saved_as_png_is_published_as_a_photo_and_a_chart_as_a_chart(tmp_path):
    # lossy won at the widest WebP: the fallback copies, the crops and the card are JPEG; a chart (lossless
    # won) keeps its PNGs; a transparent photo keeps PNG, which JPEG could not hold. Cached, both are used again.
    clear = Image.open(io.BytesIO(_photo_as_png())).convert("RGBA").resize((1200, 800))
    clear.putalpha(Image.linear_gradient("L").resize((1200, 800)))
    files = {"content/a.md": story("a", "shot.png"), "content/shot.png": _photo_as_png(),
             "content/b.md": story("bb", "map.png"), "content/map.png": _palette_diagram(),
             "content/c.md": story("ccc", "clear.png"), "content/clear.png": _saved(clear)}
    result, public = make(tmp_path, files)
    assert result.ok, result.errors
    kinds = {stem: {p.name.split(".", 2)[2] for p in (public / "images").glob(f"{stem}.*")}
             for stem in ("shot", "map", "clear")}
    assert {k for k in kinds["shot"] if not k.endswith(".webp")} == {
        "320.jpg", "640.jpg", "1280.jpg", "16x9-320.jpg", "16x9-640.jpg", "16x9-1280.jpg", "card-1200.jpg",
        "4x3-1200.jpg", "1x1-1200.jpg"}, kinds["shot"]
    assert {k.rsplit(".", 1)[1] for k in kinds["map"]} == {"png", "webp"}, kinds["map"]
    assert {k.rsplit(".", 1)[1] for k in kinds["clear"]} == {"png", "webp"}, kinds["clear"]
    rss = (public / "rss.xml").read_text(encoding="utf-8")
    assert re.search(r'<enclosure url="[^"]+/images/shot\.[0-9a-f]+\.1280\.jpg" length="\d+" type="image/jpeg"', rss), rss
    before = _cache_entries(tmp_path)
    result, again = make(tmp_path, files)
    assert result.ok and _cache_entries(tmp_path) == before, "a cached picture was made again"


def test_a_palette_pngs_copies_keep_its_own_colours(tmp_path):
    # mapped back to the file's palette after the resize, with no dither: no colour the file has not
    source = _palette_diagram()
    colours = {c for _, c in Image.open(io.BytesIO(source)).convert("RGB").getcolors(1 << 16)}
    result, public = make(tmp_path, {"content/a.md": story("a", body="![Memory map](map.png)"), "content/map.png": source})
    assert result.ok, result.errors
    for path in (public / "images").glob("map.*.png"):
        used = {c for _, c in Image.open(path).convert("RGB").getcolors(1 << 16)}
        assert used <= colours, (path.name, used - colours)


def _jpeg_with_metadata(progressive: bool = False) -> bytes:
    """The wire photo with EXIF naming a GPS place, a comment and an ICC profile (optionally progressive
    with restart markers), followed by a second picture as an MPO's preview is."""
    from PIL import ImageCms
    image = Image.open(io.BytesIO(_wire_photo()))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (59.0, 20.0, 0.0)}
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70, exif=exif.tobytes(), comment=b"shot by J. Doe, Elm St 4", icc_profile=icc,
               progressive=progressive, restart_marker_blocks=2 if progressive else 0)
    return out.getvalue() + b"\xff\xd8\xff\xd9"


def test_a_jpegs_copy_at_its_own_width_is_its_pixels_without_its_metadata(tmp_path):
    source = _jpeg_with_metadata()
    result, public = make(tmp_path, {"content/a.md": story("a", body="![Harbour](wire.jpg)"), "content/wire.jpg": source})
    assert result.ok, result.errors
    [own] = (public / "images").glob("wire.*.720.jpg")
    data = own.read_bytes()
    assert len(data) < len(source) and b"Exif" not in data and b"J. Doe" not in data
    with Image.open(own) as copy, Image.open(io.BytesIO(source)) as original:
        assert copy.info.get("icc_profile") == original.info["icc_profile"]
        assert copy.tobytes() == original.tobytes()   # the same coded pixels, not a second lossy pass
    # its WebP was heavier than that JPEG: none, at any width, and the page offers the JPEGs alone
    assert not list((public / "images").glob("wire.*.webp"))
    assert not article_html(public, "a").xpath("//source")


@pytest.mark.parametrize("progressive", [False, True])
def test_a_jpeg_stripped_of_its_metadata_decodes_to_the_same_pixels(progressive):
    # progressive scans and restart markers inside the coded data are kept; the trailing picture is not
    from sitegen.images import _jpeg_stripped
    source = _jpeg_with_metadata(progressive)
    stripped = _jpeg_stripped(source)
    assert stripped is not None and stripped.endswith(b"\xff\xd9") and stripped.count(b"\xff\xd8") == 1
    assert b"Exif" not in stripped and b"J. Doe" not in stripped and b"ICC_PROFILE" in stripped
    with Image.open(io.BytesIO(stripped)) as copy, Image.open(io.BytesIO(source)) as original:
        assert copy.tobytes() == original.tobytes()
    assert _jpeg_stripped(source[:len(source) // 2]) is None   # cut short: re-encoded instead


def test_a_turned_jpeg_at_its_own_width_is_re_encoded_upright(tmp_path):
    # its own bytes (lighter than a re-encode: quality 60) would be sideways once their EXIF orientation
    # is dropped: re-encoded, upright
    exif = Image.Exif()
    exif[0x0112] = 6
    source = io.BytesIO()
    Image.open(io.BytesIO(_wire_photo())).save(source, "JPEG", quality=60, exif=exif.tobytes())
    result, public = make(tmp_path, {"content/a.md": story("a", body="![Harbour](t.jpg)"), "content/t.jpg": source.getvalue()})
    assert result.ok, result.errors
    [own] = (public / "images").glob("t.*.480.jpg")
    assert Image.open(own).size == (480, 720) and b"Exif" not in own.read_bytes()


# rf49i: re-review of fix49c --------------------------------------------------------------------------------
def test_a_photo_saved_as_a_png_with_an_opaque_alpha_channel_is_shared_as_a_light_picture(tmp_path):
    # Many tools write RGBA PNGs whose alpha is 255 everywhere: a browser canvas's toDataURL/toBlob
    # (web frame-grab and annotation tools), design-tool exports, screenshot tools. _open calls any RGBA picture transparent (images.py: `alpha = image.mode in
    # ("RGBA", ...)`), and _fallback/_single keep PNG for RGBA: review49c 5's megabyte og:image is back.
    rgba = Image.open(io.BytesIO(_photo_as_png())).convert("RGBA")   # alpha 255 in every pixel
    assert rgba.getchannel("A").getextrema() == (255, 255)
    # (a WebP held: libwebp drops an all-opaque alpha channel when it saves, so it opens as RGB)
    result, public = make(tmp_path, {"content/a.md": story("a", "shot.png"), "content/shot.png": _saved(rgba)})
    assert result.ok, result.errors
    page = (public / "2025/01/a/index.html").read_text(encoding="utf-8")
    shared = {"og:image": re.search(r'property="og:image" content="([^"]+)"', page)[1]}
    rss = (public / "rss.xml").read_text(encoding="utf-8")
    shared["RSS enclosure"] = re.search(r'<enclosure url="([^"]+)"', rss)[1]
    base = "https://example.org/news/"
    sizes = {what: (public / url.removeprefix(base)).stat().st_size for what, url in shared.items()}
    heavy = {what: size for what, size in sizes.items() if size > 300_000}
    assert heavy == {}, f"over 300 KB: {heavy} ({shared})"


def test_a_file_name_for_alt_text_is_warned_as_no_alt_text_is(tmp_path):
    """review50f 2: `![IMG_1234.jpg](pic.png)`, `![IMG_1234](pic.png)` (what GitHub's and Typora's
    drag-and-drop write) and `alt: harbour.jpg` are read aloud as "IMG underscore 1234 dot jpg": no
    description (WCAG 2 failure F30), yet only an empty alt was warned about, so --strict passed."""
    body = "Intro.\n\n![IMG_1234.jpg](pic.png)\n\n![IMG_1234](pic.png)\n"
    files = {"content/a.md": story("a", "harbour.jpg", alt="harbour.jpg", body=body),
             "content/harbour.jpg": photo(400, 300), "content/pic.png": photo(300, 200, "PNG")}
    result, _ = make(tmp_path, files)
    said = [w for w in result.warnings if "alt" in w]
    assert [w.split(": ")[0] for w in said] == ["content/a.md:5", "content/a.md:10", "content/a.md:12"], \
        result.warnings


# review51a: pictures and media, attacked again ----------------------------------------------------------------
def _mistyped_exif(orientation: int = 6) -> bytes:
    """EXIF as a phone or an editing app may write it: the orientation, and one standard tag written
    with the wrong type (ResolutionUnit, a SHORT, as ASCII text): every browser shows such a file,
    and Pillow reads it, but cannot write it back (python-pillow/Pillow#8965, #6799 are of its kind)."""
    entries = [(0x0112, 3, 1, struct.pack(">HH", orientation, 0)), (0x0128, 2, 4, b"cm\0\0")]
    ifd = struct.pack(">H", len(entries)) + b"".join(struct.pack(">HHI", tag, kind, count) + value
                                                     for tag, kind, count, value in entries) + b"\0\0\0\0"
    return b"Exif\0\0MM\0\x2a" + struct.pack(">I", 8) + ifd


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_turned_photo_with_a_mistyped_exif_tag_is_published_upright_and_the_rest_built(tmp_path, fmt):
    """review51a 1: ImageOps.exif_transpose writes the EXIF back (Image.Exif.tobytes), which raises
    struct.error for a tag of the wrong type; process() catches OSError, SyntaxError and ValueError
    only, so the error left collect() and the build stopped with a traceback: no page of the site was
    published, and no file was named. The picture is whole: the browser shows it, upright."""
    source = io.BytesIO()
    Image.open(io.BytesIO(photo(800, 600))).save(source, fmt, exif=_mistyped_exif())
    ext = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[fmt]
    assert Image.open(io.BytesIO(source.getvalue())).getexif()[0x0112] == 6   # Pillow reads it
    result, public = make(tmp_path, {"content/a.md": story("a", f"turned.{ext}"), f"content/turned.{ext}": source.getvalue(),
                                     "content/b.md": story("bb", "fine.jpg"), "content/fine.jpg": photo(400, 300)})
    assert (public / "2025/01/bb/index.html").is_file(), result.errors
    assert result.ok, result.errors
    full = [i for n, i in outputs(public, "turned").items() if n.count(".") == 3 and "-" not in n]
    assert full and all(i.height > i.width for i in full), [i.size for i in full]   # upright: 600x800


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_is_turned_as_pillow_turns_it(tmp_path, orientation):
    """fix51a: _open turns the picture itself now (ImageOps.exif_transpose wrote the EXIF back, and
    crashed on a mistyped tag: review51a 1); each of the eight orientations lands as Pillow's own
    exif_transpose puts it. The marker sits off every axis of symmetry, so a wrong turn or flip moves it."""
    from PIL import ImageChops, ImageOps
    source = photo(400, 300, "PNG", orientation=orientation, marker=(0.8, 0.25))
    result, public = make(tmp_path, {"content/a.md": story("a", "t.png"), "content/t.png": source})
    assert result.ok, result.errors
    full = [i for n, i in outputs(public, "t").items() if n.endswith(".png") and n.count(".") == 3 and "-" not in n]
    made = max(full, key=lambda i: i.width).convert("RGB")
    want = ImageOps.exif_transpose(Image.open(io.BytesIO(source))).convert("RGB")
    assert made.size == want.size, (made.size, want.size)
    worst = max(hi for _, hi in ImageChops.difference(made, want).getextrema())
    assert worst < 40, worst


def _grainy_gif(frames: int = 12) -> bytes:
    """An animated GIF as a newsroom makes one from a video clip: 800x450, grain in every frame (2.2 MB)."""
    still = Image.open(io.BytesIO(photo(800, 450))).convert("RGB")
    shown = [Image.blend(still, Image.effect_noise((800, 450), 30 + i).convert("RGB"), 0.25).quantize(colors=128)
             for i in range(frames)]
    out = io.BytesIO()
    shown[0].save(out, "GIF", save_all=True, append_images=shown[1:], duration=100, loop=0)
    return out.getvalue()


def test_an_animated_gif_lead_is_shared_as_a_light_still_picture(tmp_path):
    """review51a 4: a GIF is published as it is (its animation kept on the page: right), but its
    social card, JSON-LD picture and feed enclosure are that same file too (seo._card_of: no 'card'
    variants for a GIF; feeds.enclosure: largest('full')). An 800x450 clip of 12 frames is 2.2 MB:
    WhatsApp shows no preview for an og:image over about 300 KB (the bound review49c 5 used), and
    every feed reader and crawler fetches megabytes for a thumbnail. A still of its first frame, as
    an animated WebP's copies are made, would be a 50-100 KB JPEG."""
    clip = _grainy_gif()
    assert len(clip) > 2_000_000
    result, public = make(tmp_path, {"content/a.md": story("a", "clip.gif"), "content/clip.gif": clip})
    assert result.ok, result.errors
    page = (public / "2025/01/a/index.html").read_text(encoding="utf-8")
    base = "https://example.org/news/"
    shared = {"og:image": re.search(r'property="og:image" content="([^"]+)"', page)[1],
              "twitter:image": re.search(r'name="twitter:image" content="([^"]+)"', page)[1],
              "RSS enclosure": re.search(r'<enclosure url="([^"]+)"', (public / "rss.xml").read_text(encoding="utf-8"))[1]}
    ld = re.search(r'"image":\s*(\[[^\]]*\])', page)
    shared.update((f"JSON-LD {n}", url) for n, url in enumerate(json.loads(ld[1]) if ld else []))
    sizes = {what: (public / url.removeprefix(base)).stat().st_size for what, url in shared.items()}
    assert {what: size for what, size in sizes.items() if size > 300_000} == {}, shared
    # fix51a: stills of its first frame, JSON-LD's three ratios among them; its page still shows the GIF, moving
    assert all(Image.open(public / u.removeprefix(base)).format in ("JPEG", "WEBP") for u in shared.values()), shared
    assert len(json.loads(ld[1])) == 3, ld[1]
    [lead] = article_html(public, "a").xpath("//figure[@class='story-image']//img/@src")
    assert lead.endswith(".gif") and Image.open(public / lead.removeprefix("/news/")).n_frames == 12, lead
    front = lxml_html.fromstring((public / "index.html").read_bytes())   # the lists' 16:9 thumbnails: stills too
    shown = front.xpath("//img/@src") + front.xpath("//source/@srcset")
    assert shown and not [u for u in shown if ".gif" in u] and any(".16x9-" in u for u in shown), shown
    first = Image.open(io.BytesIO(clip)).convert("RGB").resize((16, 9))
    card = Image.open(public / shared["og:image"].removeprefix(base)).convert("RGB").resize((16, 9))
    assert max(abs(a - b) for a, b in zip(first.tobytes(), card.tobytes())) < 60
    # the next build takes it from the cache, stills and all
    again, public = make(tmp_path, {})
    assert again.ok and (public / "2025/01/a/index.html").read_text(encoding="utf-8") == page


def test_rf51c_an_animated_gif_lead_with_transparency_is_in_the_feeds_as_a_still(tmp_path):
    """rf51c 3: fix51a shares an animated GIF lead as stills of its first frame, PNG when the frame is
    transparent; feeds.enclosure took a JPEG ('full' or '16x9') or else the largest 'full', the GIF: a
    transparent clip (a logo sting, a chart animated over no background) stayed whole, megabytes, in
    the RSS and Atom enclosures and JSON Feed's image, polled by every reader. Now its PNG 16:9 still."""
    clip = Image.open(io.BytesIO(_grainy_gif(6)))
    frames = []
    for i in range(clip.n_frames):
        clip.seek(i)
        frames.append(clip.copy())
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0, transparency=0)
    result, public = make(tmp_path, {"content/a.md": story("a", "clip.gif"), "content/clip.gif": out.getvalue()})
    assert result.ok, result.errors
    base = "https://example.org/news/"
    shared = [re.search(r'<enclosure url="([^"]+)"', (public / "rss.xml").read_text(encoding="utf-8"))[1],
              re.search(r'<link rel="enclosure"[^>]* href="([^"]+)"', (public / "feed.xml").read_text(encoding="utf-8"))[1],
              json.loads((public / "feed.json").read_text(encoding="utf-8"))["items"][0]["image"]]
    assert [u for u in shared if not re.search(r"\.16x9-800\.png$", u)] == [], shared
    assert all(Image.open(public / u.removeprefix(base)).format == "PNG" for u in shared), shared
    assert re.search(r'<enclosure url="[^"]+" length="\d+" type="image/png"', (public / "rss.xml").read_text(encoding="utf-8"))
    [lead] = article_html(public, "a").xpath("//figure[@class='story-image']//img/@src")
    assert lead.endswith(".gif"), lead   # the page still moves


def test_a_still_gif_lead_is_shared_as_it_is(tmp_path):
    """fix51a, beside review51a 4: a GIF of one frame (a chart, a logo) is light as it is and keeps its
    crops-free sharing: its og:image and enclosure are the GIF itself, as before."""
    still = io.BytesIO()
    Image.open(io.BytesIO(photo(800, 450))).convert("P").save(still, "GIF")
    result, public = make(tmp_path, {"content/a.md": story("a", "chart.gif"), "content/chart.gif": still.getvalue()})
    assert result.ok, result.errors
    page = (public / "2025/01/a/index.html").read_text(encoding="utf-8")
    assert re.search(r'property="og:image" content="[^"]+\.gif"', page)
    assert re.search(r'<enclosure url="[^"]+\.gif"', (public / "rss.xml").read_text(encoding="utf-8"))
    assert not [p for p in (public / "images").iterdir() if not p.name.endswith(".gif")]


def test_a_picture_path_written_with_backslashes_is_told_to_use_slashes(tmp_path):
    """review51a 5: Windows Explorer's 'Copy as path' and many Windows editors give photos\\harbour.jpg.
    A build on Windows finds that file (the backslash is its separator); Linux's, on CI and the server,
    does not: 'not found beside the article, in content/ or in static/; check the file name', of a
    name that is right, with the file there. The case of a name differing (a Mac's disk) gets a
    'did you mean' (images.other_case, review41j); the separator, the same trap, gets none."""
    body = "Text.\n\n![The port](maps\\port.png)\n\n![The quay](Maps\\Quay.png)\n\n![The bay](maps\\bay.png)\n"
    result, _ = make(tmp_path, {"content/a.md": story("a", "photos\\harbour.jpg", body=body),
                                "content/photos/harbour.jpg": photo(800, 600), "content/maps/port.png": photo(400, 300, "PNG"),
                                "content/maps/quay.png": photo(400, 300, "PNG")})
    assert len(result.errors) == 4, result.errors
    said = {e.split(": ", 1)[0]: e for e in result.errors}
    assert ("check the file name, or add the file: did you mean 'photos/harbour.jpg'? (a path's folders are parted "
            "by '/': '\\' is Windows' way, and Linux's disk, as on most build servers, reads it as part of a name)"
            ) in said["content/a.md:5"], said
    assert "did you mean 'maps/port.png'? (a path's folders" in said["content/a.md:10"], said
    # fix51a: written in another case too (a Windows disk ignores it as well): the name as the disk spells it
    assert "did you mean 'maps/quay.png'? (a path's folders" in said["content/a.md:12"], said
    assert "did you mean" not in said["content/a.md:14"], said   # no such file: no guess


def _google_docs_story(fmt: str = "PNG") -> dict[str, str]:
    """A story as Google Docs' File > Download > Markdown (.md) writes it: each picture `![][imageN]`, no alt
    text, its bytes in a reference definition at the end as a data: URL."""
    import base64
    picture = io.BytesIO()
    Image.effect_noise((900, 600), 40).convert("RGB").save(picture, fmt)
    data = base64.b64encode(picture.getvalue()).decode()
    body = (f"The council met on Monday.\n\n![][image1]\n\nIt voted to close the harbour.\n\n"
            f"[image1]: <data:image/{fmt.lower()};base64,{data}>\n")
    return {"content/a.md": f"---\ntitle: Council votes\ndate: 2025-01-10T09:00:00+00:00\nslug: a\n---\n{body}"}


def test_a_data_url_picture_without_alt_text_is_warned_at_its_line(tmp_path):
    """review51a 6: _alt_warnings leaves data: URLs out ('an icon or spacer written into the text, which
    a message could only quote whole'). But a newsroom's commonest source of data: pictures is Google
    Docs' Markdown export, where every picture is one, and every one without alt text: the story's
    photos reach screen readers as nothing, and --strict passes. A message can name the line alone."""
    result, public = make(tmp_path, _google_docs_story())
    assert result.ok, result.errors
    said = [w for w in result.warnings if "alt" in w]
    assert [w.split(": ", 1)[0] for w in said] == ["content/a.md:8"], result.warnings
    # quoted by its start, never whole: the warning of a 1.6 MB data: URL is one line of a terminal
    assert said[0].startswith("content/a.md:8: picture 'data:image/png;base64,iVBORw0K...' in the text has no alt"), said
    assert len(said[0]) < 200 and not make(tmp_path / "strict", _google_docs_story(), strict=True)[0].ok


def test_a_data_url_picture_in_the_text_is_not_copied_whole_into_every_feed(tmp_path):
    """review51a 7: the same Google Docs export: a 900x600 photo's PNG (here 1.2 MB, 1.6 MB as base64)
    is written into the page and, whole, into feed.xml, rss.xml and feed.json: every feed reader's poll
    downloads it three times over, for as long as the story is in the feeds; the page's <img> has no
    width or height (the text jumps when it decodes) and no smaller copy for phones. A file beside the
    story is resized, sized and published once; a data: picture could be taken as one (or refused)."""
    result, public = make(tmp_path, _google_docs_story())
    assert result.ok, result.errors
    heavy = {f: (public / f).stat().st_size for f in ("feed.xml", "rss.xml", "feed.json", "2025/01/a/index.html")
             if (public / f).stat().st_size > 100_000}
    assert heavy == {}, heavy
    # fix51a: published as a file beside the story is: resized copies named after the story, sized, in every feed
    [img] = article_html(public, "a").xpath("//div[@class='story-body']//img")
    assert (img.get("width"), img.get("height")) == ("900", "600"), lxml_html.tostring(img)[:200]
    assert re.fullmatch(r"/news/images/a\.\w+\.900\.(jpg|png)", img.get("src")), img.get("src")
    assert {i.size for i in outputs(public, "a").values()} == {(320, 213), (640, 427), (900, 600)}
    for feed in ("feed.xml", "rss.xml", "feed.json"):
        text = (public / feed).read_text(encoding="utf-8")
        assert "data:image" not in text and "/news/images/a." in text, feed   # Atom: by its xml:base
    # an edit of the story's picture makes a new one; the one no story shows any more leaves the cache
    inline = tmp_path / ".sitegen/inline"
    before = sorted(p.name for p in inline.iterdir())
    result, public = make(tmp_path, _google_docs_story("JPEG"))
    assert result.ok, result.errors
    after = sorted(p.name for p in inline.iterdir())
    assert len(before) == len(after) == 1 and after[0].endswith(".jpg") and before != after, (before, after)
    [again] = article_html(public, "a").xpath("//div[@class='story-body']//img/@src")
    assert again != img.get("src") and (public / again.removeprefix("/news/")).is_file(), again


def test_a_data_url_picture_that_does_not_decode_is_refused_at_its_line(tmp_path):
    """fix51a: a data: picture is decoded as a file is read: base64 mangled by an editor, or bytes cut
    short, fail their story with its line and what to do, quoted by its start; the rest builds."""
    files = {"content/a.md": story("a", body="Text.\n\n![Chart](data:image/png;base64,iVBORw0KGgo*AAAA)\n"),
             "content/b.md": story("bb", body="Text.\n\n![Dot](data:image/png;base64,iVBORw0KGgoAAAAA)\n"),
             "content/c.md": story("ccc", body="Text.\n\n![Fine](fine.jpg)\n"), "content/fine.jpg": photo(400, 300)}
    result, public = make(tmp_path, files)
    said = {e.split(": ", 1)[0]: e for e in result.errors}
    assert sorted(said) == ["content/a.md:8", "content/b.md:8"], result.errors
    assert "image 'data:image/png;base64,iVBORw0KGgo*AAAA' is no picture: its base64 does not decode" \
        in said["content/a.md:8"], said
    assert "image 'data:image/png;base64,iVBORw0KGgoAAAAA': " in said["content/b.md:8"], said
    assert (public / "2025/01/ccc/index.html").is_file()


@pytest.mark.parametrize("label, fmt", [("jpeg", "PNG"), ("png", "JPEG"), ("gif", "PNG"), ("webp", "JPEG")])
def test_rf51c_a_data_url_picture_labelled_another_type_is_published_as_its_bytes_are(tmp_path, label, fmt):
    """rf51c 2: fix51a decoded a data: picture to a file named by its label (data:image/jpeg -> .jpg), so a
    PNG labelled image/jpeg (a converter that labels every picture one type) was refused: 'the file is
    PNG but named .jpg; rename it to .png', a file the writer never had, and the story left out. A
    browser reads the bytes whatever the label, so main before fix51a showed it. Now the decoded file
    is named by what its bytes are, and published as a file of that type is."""
    import base64
    picture = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 30, 30)).save(picture, fmt)
    data = base64.b64encode(picture.getvalue()).decode()
    result, public = make(tmp_path, {"content/a.md": story("a", body=f"Text.\n\n![A red square](data:image/{label};base64,{data})\n")})
    assert result.ok, result.errors
    [img] = article_html(public, "a").xpath("//div[@class='story-body']//img")
    assert (img.get("width"), img.get("height")) == ("300", "200"), lxml_html.tostring(img)[:200]
    src = img.get("src")
    assert src.endswith(".300.png" if fmt == "PNG" else ".300.jpg") and (public / src.removeprefix("/news/")).is_file(), src


@pytest.mark.parametrize("ref, body, line", [
    ("https://", "Text.", 5), ("//", "Text.", 5), ("https:///harbour.jpg", "Text.", 5),
    ("https://:8080/harbour.jpg", "Text.", 5), ("https://?w=800", "Text.", 5),   # a port or a query, no host
    ("", "Text.\n\n![A chart](https://)", 8),                                           # a picture in the text too
], ids=["scheme-only", "slashes-only", "three-slashes", "port-only", "query-only", "in-the-text"])
def test_review51c_a_web_address_with_no_host_is_an_error_naming_its_line(tmp_path, ref, body, line):
    """images.is_external takes any 'https://' or '//' string for a picture on the web; only a host
    that does not parse was refused (rf49e). A CMS form's prefilled 'https://', never filled in, was
    published as the lead <img src="https://">, og:image 'https://' and an RSS enclosure
    url="https://" type="image/jpeg" length="0"; '//' became og:image and enclosure of the site's
    own home page (urljoin(base_url, '//')). Every share showed no picture and feed readers fetched
    a page as a JPEG, with no warning to the desk. Now the story is named at its line and left out."""
    result, public = make(tmp_path, {"content/a.md": story("a", f'"{ref}"' if ref else "", body=body),
                                     "content/ok.md": story("ok", "https://photos.example.net/b.jpg")})
    shown = ref or body.rsplit("(", 1)[1].rstrip(")")
    assert result.errors == [f"content/a.md:{line}: image '{shown}' is no web address: it has no host (a server's "
                             "name after '//'); write the picture's real address (the story is left out until "
                             "fixed)"], result.errors
    assert (public / "2025/01/ok/index.html").is_file() and not (public / "2025/01/a").exists()


@pytest.mark.parametrize("ref", ["//cdn.example/x.jpg", "https://[2001:db8::1]/x.jpg", "http://localhost:8080/x.jpg",
                                 "HTTPS://CDN.EXAMPLE/x.jpg"])
def test_review51c_a_web_address_with_a_host_is_no_fault(ref):
    """The neighbours of review51c 2: a scheme-relative address, an IPv6 literal, a port beside a
    host, a scheme and host in capitals are web addresses."""
    from sitegen.images import web_address_fault
    assert web_address_fault(ref) is None


def test_a_pillow_upgrade_re_encodes_the_pictures_as_a_clean_build_does(tmp_path, monkeypatch):
    """review51e 3: the README says the cache's version holds the libraries that shape what a build
    writes, Pillow among them, and a cache another version wrote is a full rebuild. The page cache
    followed it; the picture cache (.sitegen/images) kept every derivative the old Pillow made, so an
    incremental build republished the old encoder's bytes (and feed enclosures' old lengths) where a
    clean build has the new one's. An upgrade here: another Pillow version installed, as the dist-info
    scan reads it, and an encoder whose bytes differ (as libjpeg-turbo's or libwebp's do between Pillow
    wheels). The pictures are made again, under the same names: a clean build with either Pillow names
    them alike. With the version unchanged, the cached pictures stand (the encoder is not asked)."""
    import sys
    import sitegen
    import sitegen.images
    files = {"site.toml": TOML, "content/a.md": story("a", "a.jpg"), "content/a.jpg": photo(1000, 750),
             "content/b.md": story("b", "b.png"), "content/b.png": photo(640, 480, fmt="PNG")}
    site = write_files(tmp_path / "site", files)
    assert Builder(load_config(site), BuildOptions()).build(now=FIXED_NOW).ok
    first = tree(site / "public")
    encode, installed = sitegen.images._encode, dict(sitegen._installed(tuple(sys.path)))
    monkeypatch.setattr(sitegen.images, "_encode", lambda *args, **kw: encode(*args, **kw) + b"new-pillow")
    same = Builder(load_config(site), BuildOptions()).build(now=FIXED_NOW)   # no upgrade: the cache stands
    assert same.ok and tree(site / "public") == first
    monkeypatch.setattr(sitegen, "_installed", lambda path: {**installed, "pillow": "99.0.0"})
    sitegen.libraries_stamp.cache_clear()
    try:
        again = Builder(load_config(site), BuildOptions()).build(now=FIXED_NOW)
        assert again.ok and any("another version" in n for n in again.notes), again.notes   # the upgrade was seen
        clean = write_files(tmp_path / "clean", files)
        assert Builder(load_config(clean), BuildOptions()).build(now=FIXED_NOW).ok
    finally:
        monkeypatch.undo()
        sitegen.libraries_stamp.cache_clear()
    built, expected = tree(site / "public"), tree(clean / "public")
    assert sorted(built) == sorted(expected) == sorted(first)   # the same names
    differing = [rel for rel in expected if built[rel] != expected[rel]]
    assert differing == [], differing
    made = [rel for rel in built if rel.endswith((".jpg", ".png", ".webp")) and built[rel] != first[rel]]
    assert len(made) > 4 and all(built[rel].endswith(b"new-pillow") for rel in made), made   # (some keep the source's)


def test_a_picture_the_build_may_not_read_keeps_its_story_as_last_built_named_with_what_to_do(tmp_path):
    # A story's picture made unreadable (chmod 0, another user's 0600 upload) said "[Errno 13] Permission
    # denied: '/full/path'"; fix52b named it with what to do, but the story was still left out, its page,
    # feed entries and tag page removed (19 pages), where an unreadable story file keeps its last build
    # (rr52d's Left). Now the story keeps the picture as last built (its processed copies, the file's
    # mtime, size and inode as when it was read), named; a picture never read is left out as before.
    import shutil
    import subprocess
    import sys

    from builders import tree, without_root_override
    from conftest import ROOT
    root = tmp_path / "site"
    shutil.copytree(ROOT / "tests/sites/newsroom", root)
    cli = [sys.executable, "-m", "sitegen.cli", "build", "--root", str(root), "--no-convert"]
    assert subprocess.run(cli, capture_output=True, timeout=300).returncode == 0
    before = {rel: data for rel, data in tree(root / "public").items() if rel != ".sitegen-output"}
    picture, story = root / "content/river-wall.jpg", root / "content/flood-defences.md"
    shutil.copy(picture, root / "content/new-wall.jpg")
    (root / "content/new-wall.md").write_text(story.read_text(encoding="utf-8").replace("river-wall.jpg", "new-wall.jpg")
                                              .replace("title: ", "title: New ", 1), encoding="utf-8")
    pictures = (picture, root / "content/new-wall.jpg")
    for path in pictures:
        path.chmod(0)
    try:
        runs = [subprocess.run(without_root_override(cli), capture_output=True, text=True, timeout=300)
                for _ in range(2)]   # the second finds nothing changed: it says them again
    finally:
        for path in pictures:
            path.chmod(0o644)
    advice = "cannot be read (Permission denied); check its owner and permissions (`chmod a+r`), then build again"
    for done in runs:
        assert done.returncode == 1 and "the rest published to public/" in done.stdout, done.stdout + done.stderr
        errors = sorted(line for line in done.stderr.splitlines() if line.startswith("error:"))
        assert len(errors) == 2 and errors[0].startswith("error: content/flood-defences.md:"), errors
        assert errors[0].endswith(f": image 'river-wall.jpg' {advice} (the story keeps the picture as last built)"), errors
        assert errors[1].startswith("error: content/new-wall.md:") and errors[1].endswith(
            f": image 'new-wall.jpg' {advice} (the story is left out until fixed)"), errors   # never read: left out
    after = {rel: data for rel, data in tree(root / "public").items() if rel != ".sitegen-output"}
    assert after == before   # the story, its picture's copies and every list showing it as last built
    fixed = subprocess.run(without_root_override(cli), capture_output=True, text=True, timeout=300)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr


# review53b ------------------------------------------------------------------------------------------
def test_public_images_linked_out_of_the_site_fails_the_build_with_a_named_error_not_a_traceback(tmp_path):
    # An admin moved the site's pictures to a media disk and linked them back (public/images ->
    # /srv/media), as rf48c 3 supports for public/uploads. A page through such a link is refused with
    # a named error (rf47k), a root/ file too (rf48c 3); a picture's copy raised WriteError out of
    # the build: `sitegen build` printed a traceback and named nothing to do.
    import shutil
    import subprocess
    import sys

    from builders import starter_site
    root = starter_site(tmp_path, {"content/lead.jpg": ""})
    (root / "content/lead.jpg").write_bytes(photo(1400, 900))
    (root / "content/p.md").write_text("---\ntitle: Harbour\ndate: 2025-01-10\nimage: lead.jpg\nalt: The harbour\n"
                                       "---\nThe harbour at dawn.\n", encoding="utf-8")
    cli = [sys.executable, "-m", "sitegen.cli", "build", "--root", str(root), "--no-convert"]
    first = subprocess.run(cli, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    media = tmp_path / "media"
    shutil.copytree(root / "public/images", media)
    shutil.rmtree(root / "public/images")
    (root / "public/images").symlink_to(media)
    before = {p.name: p.read_bytes() for p in media.iterdir()}
    (root / "content/lead.jpg").write_bytes(photo(1400, 901))   # a new crop: new copies to write
    done = subprocess.run(cli, capture_output=True, text=True, timeout=300)
    assert {p.name: p.read_bytes() for p in media.iterdir()} == before   # (this holds today: nothing written out)
    assert "Traceback" not in done.stderr, done.stderr[-600:]
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert done.returncode == 1 and len(errors) == 1, done.stderr[-600:]
    assert errors[0].startswith(f"error: {root / 'public/images'} is a link of yours (to {media}, outside "), errors
    assert "pictures not written: images/lead." in errors[0] and "put the folder back in place of the link" in errors[0]
    assert not list(tmp_path.glob("site/.public.stage-*")) and (root / "public/2025/01/harbour/index.html").is_file()


def _gif_with_xmp_gps() -> bytes:
    """A still GIF whose XMP (an Application Extension 'XMP DataXMP', as Photoshop's Save for Web with
    metadata and exiftool write it) names where it was taken."""
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="51,30.2N" '
           b'exif:GPSLongitude="0,7.5W"/></rdf:RDF></x:xmpmeta>')
    out = io.BytesIO()
    Image.new("RGB", (300, 200), "red").save(out, "GIF")
    data = b"GIF89a" + out.getvalue()[6:]   # extensions are GIF89a's
    flags = data[10]   # after the header (6 bytes) and the logical screen descriptor (7): the global colour table
    at = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    extension = b"\x21\xff\x0bXMP DataXMP" + xmp + bytes([1, *range(255, -1, -1)]) + b"\x00"   # XMP's magic trailer
    return data[:at] + extension + data[at:]


@pytest.mark.parametrize("where", ["content", "static"])
def test_a_gif_whose_xmp_names_where_it_was_taken_is_not_published_with_it_unsaid(tmp_path, where):
    # README: a story's pictures are "stripped of camera and GPS metadata", and a static/ picture whose
    # EXIF or XMP names a GPS location is a warning. A GIF is published as it is in both places, so its
    # XMP (the place it was taken) reached every reader with neither stripping nor a warning.
    from builders import starter_site
    root = starter_site(tmp_path, {})
    gif = _gif_with_xmp_gps()
    ref = "map.gif" if where == "content" else "/static/map.gif"
    (root / where / "map.gif").parent.mkdir(exist_ok=True)
    (root / where / "map.gif").write_bytes(gif)
    (root / "content/p.md").write_text(f"---\ntitle: Harbour\ndate: 2025-01-10\n---\nThe harbour.\n\n"
                                       f"![A map of the harbour]({ref})\n", encoding="utf-8")
    result = Builder(load_config(root), BuildOptions()).build(now=FIXED_NOW)
    assert result.ok, result.errors
    published = [p for p in (root / "public").rglob("*.gif")]
    assert published and all(Image.open(p).size == (300, 200) for p in published)
    leaked = [p.relative_to(root / "public").as_posix() for p in published if b"GPSLatitude" in p.read_bytes()]
    warned = [w for w in result.warnings if "GPS" in w and "map.gif" in w]
    assert not leaked or warned, (leaked, result.warnings)
    if where == "content":   # a copy without it, as any story's picture: nothing to say
        assert not leaked and not warned and all(b"XMP" not in p.read_bytes() for p in published), (leaked, warned)
        assert all(Image.open(p).convert("RGB").tobytes() == Image.open(io.BytesIO(gif)).convert("RGB").tobytes()
                   for p in published)
    else:   # the user's file, published as it is: said, naming it
        assert leaked == ["static/map.gif"] and warned == [
            "static/map.gif: its metadata holds a GPS location (where it was taken), and static files are published "
            "as they are: remove it (exiftool -gps:all= -xmp:geotag= FILE) or put the picture beside the article, "
            "where sitegen publishes copies without it"], result.warnings


def test_a_story_gif_keeps_its_frames_loop_and_colour_profile_and_loses_its_comments_and_tools_blocks(tmp_path):
    # review53b 2's neighbours: _gif_bare drops comment and application extensions other than the loop
    # count and colour profile; every frame, its timing and the loop stay, byte for byte
    from builders import starter_site
    root = starter_site(tmp_path, {})
    frames = [Image.new("RGB", (120, 80), colour) for colour in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=120, loop=0, comment=b"by jane@laptop")
    made = out.getvalue()
    tool = b"\x21\xff\x0bMYTOOL1.0ab\x05where\x00"   # a tool's own block
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()   # (Pillow writes none in a GIF)
    tool += b"\x21\xff\x0bICCRGBG1012" + b"".join(bytes([len(icc[i:i + 255])]) + icc[i:i + 255]
                                                   for i in range(0, len(icc), 255)) + b"\x00"
    comment = b"\x21\xfe\x0eby jane@laptop\x00"
    assert comment in made
    at = made.index(b"\x21\xf9")   # before the first frame's graphic control
    gif = made[:at] + tool + made[at:] + b"trailing bytes after the trailer"
    (root / "content/anim.gif").write_bytes(gif)
    (root / "content/p.md").write_text("---\ntitle: Harbour\ndate: 2025-01-10\n---\nThe harbour.\n\n"
                                       "![Boats leaving the harbour](anim.gif)\n", encoding="utf-8")
    result = Builder(load_config(root), BuildOptions()).build(now=FIXED_NOW)
    assert result.ok, result.errors
    [published] = (root / "public/images").glob("*.gif")
    data = published.read_bytes()
    assert b"jane@laptop" not in data and b"MYTOOL" not in data and b"trailing" not in data and b"NETSCAPE2.0" in data
    assert data == (made[:at] + tool[tool.index(b"\x21\xff\x0bICC"):] + made[at:]).replace(comment, b""), \
        "only the comment, the tool's block and the tail are gone"
    with Image.open(published) as shown, Image.open(io.BytesIO(gif)) as source:
        assert shown.n_frames == source.n_frames == 3 and shown.info["loop"] == 0 and "comment" not in shown.info
        for i in range(3):
            shown.seek(i), source.seek(i)
            assert shown.info["duration"] == source.info["duration"] == 120
            assert shown.convert("RGB").tobytes() == source.convert("RGB").tobytes()


def test_a_picture_given_as_a_file_address_on_the_editors_computer_is_an_error_at_its_line(tmp_path):
    # Dragged in from a file manager, some Markdown editors write a picture as file:///Users/jane/...;
    # '/Users/jane/Desktop/harbour.jpg' is an error naming the line ("not found beside the article"), but
    # markdown-it refuses the file: scheme, so the page showed readers the text "![The harbour at
    # dawn](file:///...)", the editor's user name and folders in it, and the build said nothing.
    from builders import starter_site
    root = starter_site(tmp_path, {})
    (root / "content/harbour.jpg").write_bytes(photo(800, 600))
    address = (root / "content/harbour.jpg").as_uri()
    (root / "content/p.md").write_text(f"---\ntitle: Harbour\ndate: 2025-01-10\n---\nThe harbour.\n\n"
                                       f"![The harbour at dawn]({address})\n", encoding="utf-8")
    result = Builder(load_config(root), BuildOptions()).build(now=FIXED_NOW)
    said = [m for m in (*result.errors, *result.warnings) if m.startswith("content/p.md:7:")]
    page = root / "public/2025/01/harbour/index.html"
    shown = page.read_text(encoding="utf-8") if page.exists() else ""
    assert said and "file://" not in shown, (result.errors, result.warnings, "file://" in shown)
    assert result.errors == [f"content/p.md:7: image '{address}' is a file on your computer, which readers cannot "
                             "reach; copy it beside the article and write its name alone: harbour.jpg (the story is "
                             "left out until fixed)"]
    assert not page.exists()   # left out until fixed, as a picture not found is


@pytest.mark.parametrize("ref", ["file:///C:/Users/Jane%20Doe/Pictures/Harbour%20at%20dawn.jpg",
                                 "FILE://localhost/home/jane/harbour.jpg", "<file:///home/jane/my harbour.jpg>",
                                 "javascript:alert(1)"])
def test_a_picture_markdown_shows_as_text_for_its_scheme_is_an_error_at_its_line_beside_a_good_one(tmp_path, ref):
    # review53b 3's neighbours: another spelling of a file address (a Windows one, a host, in <> with a
    # space, upper case), and javascript:, which markdown-it refuses too; the story's other picture is read
    from builders import starter_site
    root = starter_site(tmp_path, {})
    (root / "content/harbour.jpg").write_bytes(photo(800, 600))
    (root / "content/p.md").write_text(f"---\ntitle: Harbour\ndate: 2025-01-10\n---\n![The quay](harbour.jpg)\n\n"
                                       f"The harbour at [dawn][1].\n\n![The harbour at dawn]({ref})\n\n"
                                       "[1]: https://example.org/\n", encoding="utf-8")
    result = Builder(load_config(root), BuildOptions()).build(now=FIXED_NOW)
    assert len(result.errors) == 1 and result.errors[0].startswith("content/p.md:9: image '"), result.errors
    if ref.startswith("javascript"):
        assert "is neither a file of the site nor a picture on the web" in result.errors[0], result.errors
    else:
        name = ref.rstrip(">").rpartition("/")[2].replace(" ", "%20")
        assert result.errors[0].endswith(f"is a file on your computer, which readers cannot reach; copy it beside the "
                                         f"article and write its name alone: {name} (the story is left out until "
                                         "fixed)"), result.errors
    assert not (root / "public/2025/01/harbour").exists() and (root / "public/index.html").is_file()


@pytest.mark.parametrize("around", [
    "[notes]: file:///Users/jane/notes.pdf\n    ![The quay](harbour.jpg)\n",   # a definition, then an indented line
    "[notes]: file:///Users/jane/notes.pdf![Quay](harbour.jpg)\n",         # a definition run into a picture
    "See <file:///Users/jane/![Quay](harbour.jpg)> too.\n",                # an address in <> run into one
    "[Map](javascript:![Quay](harbour.jpg)) here.\n",                      # a link's target run into one
])
def test_a_file_or_javascript_address_beside_a_good_picture_does_not_hide_it(tmp_path, around):
    # rr53f 1: fix53b's picture parsers took file:/javascript: for links, link definitions and <> addresses
    # too, which the renderer's do not: where such an address ran into a picture the renderer shows (as a
    # paragraph's text, the indented line its continuation), the picture parser read the picture as part
    # of that address, or as code, so it was never published and the page showed <img src="harbour.jpg">,
    # a broken picture, with nothing said (main before fix53b published it)
    from builders import starter_site
    root = starter_site(tmp_path, {})
    (root / "content/harbour.jpg").write_bytes(photo(800, 600))
    (root / "content/p.md").write_text(f"---\ntitle: Harbour\ndate: 2025-01-10\n---\nThe harbour at dawn.\n\n{around}",
                                       encoding="utf-8")
    result = Builder(load_config(root), BuildOptions()).build(now=FIXED_NOW)
    assert result.ok, result.errors
    page = (root / "public/2025/01/harbour/index.html").read_text(encoding="utf-8")
    shown = re.findall(r'<img[^>]* src="([^"]*)"', page)
    assert shown and all(src.startswith("/images/") and (root / "public" / src[1:]).is_file() for src in shown), shown


def test_a_picture_kept_as_last_built_whose_copies_must_be_made_again_is_said_unreadable_not_corrupt(tmp_path):
    # rr53e 4: left53 took an unreadable, unchanged picture at the digest it was last read at; when its
    # copies must be made again ([images] quality changed, the cache's copies gone), the job read the file
    # and failed: "image 'river-wall.jpg': corrupt or truncated picture ([Errno 13] Permission denied:
    # '/full/path'); export it again or replace the file": a wrong fix named, where a picture the build
    # may not read said "cannot be read (Permission denied); check its owner and permissions".
    import shutil
    import subprocess
    import sys

    from builders import without_root_override
    from conftest import ROOT
    root = tmp_path / "site"
    shutil.copytree(ROOT / "tests/sites/newsroom", root)
    cli = [sys.executable, "-m", "sitegen.cli", "build", "--root", str(root), "--no-convert"]
    assert subprocess.run(cli, capture_output=True, timeout=300).returncode == 0
    toml = root / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n[images]\nquality = 70\n", encoding="utf-8")
    picture = root / "content/river-wall.jpg"
    picture.chmod(0)
    try:
        done = subprocess.run(without_root_override(cli), capture_output=True, text=True, timeout=300)
    finally:
        picture.chmod(0o644)
    assert done.returncode == 1, done.stdout + done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith("error: content/flood-defences.md:"), errors
    assert errors[0].endswith(": image 'river-wall.jpg' cannot be read (Permission denied); check its owner and "
                              "permissions (`chmod a+r`), then build again (the story is left out until fixed)"), errors


def test_a_data_url_lead_picture_is_published_without_where_it_was_taken(tmp_path):
    """review55b 2: the same photo in the text as a data: URL is published as a file beside the story is,
    re-encoded, its EXIF gone (fix51a); as the lead (`image: "data:image/jpeg;base64,..."`) it was written
    into the story's page, the front page, the archive, the author and tag pages and the feeds as the URL
    it is, EXIF and all: every reader could read where it was taken (the GPS IFD here), and no build said
    so. Now decoded as the text's is: published as copies without metadata, with a social card."""
    import base64
    exif = Image.Exif()
    exif[0x010F] = "TestCam"
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)}
    data = io.BytesIO()
    photo_ = Image.new("RGB", (640, 480), (9, 90, 200))
    photo_.save(data, "JPEG", exif=exif.tobytes())
    url = "data:image/jpeg;base64," + base64.b64encode(data.getvalue()).decode()
    result, public = make(tmp_path, {"content/a.md": story("a", f'"{url}"', alt="A blue square"),
                                     "content/b.md": story("bb", body=f"![A blue square]({url})\n\nText.")})
    assert result.ok, result.errors
    page = article_html(public, "a")
    [lead] = page.xpath("//img[@alt='A blue square']")   # shown on its page, as a copy beside it
    assert lead.get("src").startswith("/news/images/a.") and (public / lead.get("src").removeprefix("/news/")).is_file()
    assert (lead.get("width"), lead.get("height")) == ("640", "480")
    [card] = page.xpath("//meta[@property='og:image']/@content")   # a file now: the story is shared with it
    assert card.startswith("https://example.org/news/images/a.") and (public / card.split("/news/", 1)[1]).is_file()
    with_url = [p.relative_to(public).as_posix() for p in sorted(public.rglob("*"))
                if p.is_file() and b"data:image/jpeg" in p.read_bytes()]
    assert with_url == [], with_url   # pages, feeds, JSON-LD: none carries the photo's bytes
    copies = sorted((public / "images").iterdir())
    assert copies
    for copy in copies:   # every copy, the lead's and the text's: without where it was taken
        assert not Image.open(copy).getexif().get_ifd(0x8825), copy.name


@pytest.mark.parametrize("lead", [False, True])
def test_a_gif_cut_short_is_refused_as_a_cut_jpeg_is(tmp_path, lead):
    """review55b 3: README (Pictures): "a corrupt or truncated picture ... is an error naming the article's
    line and the picture: that story is left out until fixed" (a half-copied photo). A JPEG cut in half is
    (`corrupt or truncated picture`); a GIF cut in half, a breaking story's chart still being copied from a
    share, is published without a word: _as_is reads its header alone, and _gif_bare keeps a walk cut short
    "as it is", so readers get the top half of the chart over grey, and the story goes out."""
    import os
    noise = Image.frombytes("RGB", (400, 300), os.urandom(400 * 300 * 3)).convert("P", palette=Image.Palette.ADAPTIVE)
    out = io.BytesIO()
    noise.save(out, "GIF")
    whole = out.getvalue()
    cut = whole[:len(whole) // 2]
    with pytest.raises(OSError, match="truncated"):   # Pillow says so when it decodes it
        Image.open(io.BytesIO(cut)).load()
    jpeg = io.BytesIO()
    noise.convert("RGB").save(jpeg, "JPEG")
    page = story("chart", "chart.gif", alt="Chart") if lead else story("chart", body="![Chart](chart.gif)\n\nText.")
    result, public = make(tmp_path, {"content/a.md": page, "content/chart.gif": cut,
                                     "content/b.md": story("bb", body="![Photo](p.jpg)\n\nText."),
                                     "content/p.jpg": jpeg.getvalue()[:len(jpeg.getvalue()) // 2]})
    assert any(e.startswith("content/b.md:") and "'p.jpg'" in e and "truncated" in e for e in result.errors), result.errors
    assert any(e.startswith("content/a.md:") and "'chart.gif'" in e for e in result.errors), result.errors
    assert not list((public / "images").glob("chart.*.gif"))


def test_a_gif_without_its_trailer_alone_is_published_whole(tmp_path):
    """review55b 3's neighbour: a GIF whose last byte (the trailer, ';') is missing, as some tools write it,
    is whole to a browser: published, without a word, where one cut inside a frame is refused."""
    frames = [Image.new("RGB", (80, 60), colour).convert("P") for colour in ((200, 30, 30), (30, 30, 200))]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    data = out.getvalue()[:-1]
    assert out.getvalue()[-1:] == b";" and Image.open(io.BytesIO(data)).n_frames == 2
    result, public = make(tmp_path, {"content/a.md": story("a", "anim.gif", alt="A chart"), "content/anim.gif": data,
                                     "content/b.md": story("bb", "cut.gif", alt="A chart"),
                                     "content/cut.gif": data[:len(data) // 2 + 20]})
    assert [e.split(": ")[0] for e in result.errors] == ["content/b.md:5"], result.errors
    assert "'cut.gif': corrupt or truncated picture" in result.errors[0], result.errors
    [copy] = (public / "images").glob("anim.*.gif")
    shown = Image.open(copy)
    assert shown.n_frames == 2 and copy.stat().st_size >= len(data) - 40   # (less its tool's blocks, if any)
    assert not list((public / "images").glob("cut.*"))


@pytest.mark.parametrize("label", ["svg+xml", "jpg", "pjpeg"])
def test_a_data_url_picture_of_each_type_the_readme_names_is_published(tmp_path, label):
    """review55b 4: README (Pictures): "A picture in the text given as a data:image/ URL of PNG, JPEG, WebP, GIF
    or SVG ... is published as a file beside the story would be", and images._DATA_URL takes svg+xml, jpg and
    pjpeg. But markdown-it's validateLink passes data: URLs of gif, png, jpeg and webp alone, and
    content._AnySchemeImages.validateLink (sitegen/content.py) and the renderer defer to it: an SVG drawing or
    a JPEG labelled image/jpg (as converters label it) is no picture at all. The page shows the line as text,
    `![Chart](data:image/svg+xml;base64,PHN2Zy...` with the whole base64 in the paragraph (and the feeds), the
    build warns of nothing, and --strict passes."""
    import base64
    if label == "svg+xml":
        data = b'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200"><rect width="300" height="200" fill="red"/></svg>'
    else:
        out = io.BytesIO()
        Image.new("RGB", (300, 200), (200, 30, 30)).save(out, "JPEG")
        data = out.getvalue()
    url = f"data:image/{label};base64,{base64.b64encode(data).decode()}"
    result, public = make(tmp_path, {"content/a.md": story("a", body=f"Text.\n\n![A red square]({url})\n")})
    assert result.ok, result.errors
    body = article_html(public, "a").xpath("//div[@class='story-body']")[0]
    assert "data:image" not in body.text_content(), body.text_content()[:120]   # no base64 printed as prose
    [img] = body.xpath(".//img")
    assert img.get("alt") == "A red square" and img.get("src").startswith("/news/images/a."), lxml_html.tostring(img)[:200]
    assert (public / img.get("src").removeprefix("/news/")).is_file()


def _located_jpeg(size=(64, 48)) -> bytes:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)}
    data = io.BytesIO()
    Image.new("RGB", size, (9, 90, 200)).save(data, "JPEG", exif=exif.tobytes())
    return data.getvalue()


@pytest.mark.parametrize("embed", ["xlink", "href", "style", "nested svg"])
def test_an_svg_embedding_a_located_photo_is_not_published_with_where_it_was_taken(tmp_path, embed):
    """review55b 2, the same leak through an SVG: Inkscape's "Import > Embed" and Illustrator's "Embed" put
    the photo's file, EXIF and all, into the drawing as `<image href="data:image/jpeg;base64,...">`. SVGs
    are published as they are (after the script check), so a map or infographic built on a reporter's
    phone photo told every reader where it was taken, with no word said. Now an error at the story's line,
    the story left out until the photo is embedded without its location; the same photo without GPS passes."""
    import base64
    def svg(picture: bytes) -> str:
        url = f"data:image/jpeg;base64,{base64.b64encode(picture).decode()}"
        inner = {"xlink": f'<image width="64" height="48" xlink:href="{url}"/>',
                 "href": f'<image width="64" height="48" href="{url}"/>',
                 "style": f'<style>rect {{ fill: url("{url}") }}</style><rect width="64" height="48"/>',
                 "nested svg": '<image width="64" height="48" href="data:image/svg+xml;base64,' + base64.b64encode(
                     f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{url}"/></svg>'.encode()).decode() + '"/>'}
        return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="64" '
                f'height="48">{inner[embed]}</svg>')
    plain = io.BytesIO()
    Image.new("RGB", (64, 48), (9, 90, 200)).save(plain, "JPEG")
    result, public = make(tmp_path, {"content/a.md": story("a", body="![A map of the harbour](map.svg)\n\nText."),
                                     "content/map.svg": svg(_located_jpeg()),
                                     "content/b.md": story("bb", body="![A map of the bay](bay.svg)\n\nText."),
                                     "content/bay.svg": svg(plain.getvalue())})
    assert [e.split(": image")[0] for e in result.errors] == ["content/a.md:6"], result.errors
    assert "'map.svg'" in result.errors[0] and "GPS location" in result.errors[0], result.errors
    assert not list((public / "images").glob("map.*")) and not (public / "2025/01/a").exists()
    assert len(list((public / "images").glob("bay.*.svg"))) == 1   # the same drawing, its photo unlocated: published
