"""root/: files published unchanged at the site's root (ads.txt, .well-known/security.txt), as Hugo's
and Zola's static/ are; sitegen's outputs like any other (rootfiles.py, assets.root_files)."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from builders import build, copy_site, starter_site, tree
from sitegen.deploy.public import site_files
from sitegen.write import read_record


def _write(root: Path, rel: str, data: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    os.utime(path, ns=(time.time_ns() + 10**9,) * 2)   # a later mtime, whatever the clock's grain
    return path


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_site("newsroom", tmp_path / "site")


def test_root_files_are_published_unchanged_at_the_sites_root_and_recorded_as_sitegens(site):
    """ads.txt, a verification file, .well-known/security.txt and an old address's picture could only be
    copied into public/ by hand, which is not in git: a clone's or a CI job's build lost them."""
    picture = bytes(range(256)) * 3
    _write(site, "root/ads.txt", "google.com, pub-1, DIRECT\n")
    _write(site, "root/google1234.html", "google-site-verification: google1234.html")
    _write(site, "root/.well-known/security.txt", "Contact: mailto:security@example.org\n")
    _write(site, "root/2019/05/old-story/chart.png", picture)
    _write(site, "root/.htaccess", "Deny from all\n")          # hidden, as static/ skips them
    _write(site, "root/ads.txt~", "an editor's backup\n")
    _write(site, "root/.well-known/.secret", "hidden inside it\n")
    result = build(site)
    assert result.ok, result.errors
    public = tree(site / "public")
    assert public["ads.txt"] == b"google.com, pub-1, DIRECT\n"
    assert public["google1234.html"] == b"google-site-verification: google1234.html"  # not rewritten as static .html
    assert public[".well-known/security.txt"] == b"Contact: mailto:security@example.org\n"
    assert public["2019/05/old-story/chart.png"] == picture
    assert not {".htaccess", "ads.txt~", ".well-known/.secret"} & set(public)
    owned = read_record(site / "public").owned
    assert {"ads.txt", ".well-known/security.txt", "2019/05/old-story/chart.png"} <= owned
    assert {"ads.txt", ".well-known/security.txt"} <= set(site_files(site / "public"))   # deploy sends them


def test_a_missing_root_folder_is_nothing_and_a_moved_one_is_read(site):
    result = build(site)
    assert result.ok and not [w for w in result.warnings if "root" in w]
    with (site / "site.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[paths]\nroot = "at-root"\n')
    _write(site, "at-root/humans.txt", "Ann, Ben\n")
    _write(site, "root/ignored.txt", "not the folder site.toml names\n")
    assert build(site).ok
    assert (site / "public" / "humans.txt").read_text() == "Ann, Ben\n"
    assert not (site / "public" / "ignored.txt").exists()


def test_a_change_rewrites_that_file_only_and_a_removed_one_leaves_public(site):
    _write(site, "root/ads.txt", "v1\n")
    _write(site, "root/.well-known/security.txt", "Contact: a\n")
    assert build(site).ok
    _write(site, "root/ads.txt", "v2\n")
    result = build(site)
    assert result.ok and result.changed == ["ads.txt"] and result.written == 1
    assert (site / "public" / "ads.txt").read_text() == "v2\n"
    (site / "root" / ".well-known" / "security.txt").unlink()
    result = build(site)
    assert result.ok and result.changed == [".well-known/security.txt"] and result.removed == 1
    assert not (site / "public" / ".well-known" / "security.txt").exists()
    assert ".well-known/security.txt" not in read_record(site / "public").owned


def test_the_changed_root_and_static_files_are_told_apart_from_pages_and_picture_renditions(site):
    """BuildResult.copied: the changed outputs any page may load by their own name (serve reloads every
    tab for one that is no page), written or removed, and not the pages nor a picture's renditions (whose
    pages changed with them). Before, serve reloaded a tab only for its own page or static/ (review54a 1)."""
    from PIL import Image

    _write(site, "root/graphics/map.js", "v1\n")
    _write(site, "root/graphics/gone.json", "{}\n")
    _write(site, "root/graphics/map.html", "<p>v1</p>\n")
    chart = _write(site, "root/images/chart.png", bytes(range(256)))   # an import's, where the renditions go
    os.utime(chart, ns=(time.time_ns() - 3600 * 10**9,) * 2)           # (settled: its copy is known)
    assert build(site).ok
    chart.unlink()
    _write(site, "root/graphics/map.js", "v2\n")
    _write(site, "root/graphics/map.html", "<p>v2</p>\n")
    _write(site, "static/extra.js", "new\n")
    (site / "root/graphics/gone.json").unlink()
    result = build(site)
    assert result.ok, result.errors
    *rooted, extra = result.copied
    assert rooted == ["graphics/gone.json", "graphics/map.html", "graphics/map.js", "images/chart.png"], result.copied
    assert extra.startswith("static/extra.") and extra.endswith(".js"), result.copied   # (fingerprinted in public/)
    assert set(result.copied) <= set(result.changed)
    Image.new("RGB", (1200, 800), (200, 10, 10)).save(site / "content/river-wall.jpg")   # new renditions
    os.utime(site / "content/river-wall.jpg", ns=(time.time_ns() + 2 * 10**9,) * 2)
    result = build(site)
    assert result.ok, result.errors
    renditions = [rel for rel in result.changed if rel.startswith("images/river-wall.")]
    assert len(renditions) > 2 and "index.html" in result.changed, result.changed   # written and removed
    assert result.copied == []
    (site / "static/extra.js").unlink()
    result = build(site)
    assert result.ok and result.copied == [extra] == result.changed


def test_a_link_out_of_root_is_refused_as_static_refuses_it(site, tmp_path):
    secret = _write(tmp_path, "secret/id_rsa", "PRIVATE\n")
    (site / "root").mkdir()
    (site / "root" / "key.txt").symlink_to(secret)
    (site / "root" / "keys").symlink_to(secret.parent)
    result = build(site)
    assert not result.ok
    assert any(e.startswith("root/key.txt: ") for e in result.errors), result.errors
    assert any(e.startswith("root/keys: ") for e in result.errors), result.errors
    assert "PRIVATE" not in "".join(p.read_text(errors="replace") for p in (site / "public").rglob("*.txt")) \
        if (site / "public").exists() else True


@pytest.mark.parametrize("rel, mine", [("index.html", "index.html"), ("robots.txt", "robots.txt"),
                                       ("sitemap.xml", "sitemap.xml"), ("404.html", "404.html"),
                                       ("static/x.css", "static/"), ("pagefind/x.js", "pagefind/"),
                                       ("tags/index.html", "tags/index.html"), ("tags", "tags/business/feed.xml")])
def test_a_root_file_at_one_of_sitegens_own_outputs_is_an_error_naming_both_and_the_rest_is_published(site, rel, mine):
    _write(site, "root/ads.txt", "kept\n")
    _write(site, f"root/{rel}", "mine, not sitegen's\n")
    result = build(site)
    assert result.published and not result.ok
    public = site / "public"
    assert (f"root/{rel}: would be published at {public / rel}, where the site has its own output "
            f"{public / mine}{'/' if mine.endswith('/') else ''}; not published (the rest was)") in result.errors[0]
    assert len(result.errors) == 1
    assert (public / "ads.txt").read_text() == "kept\n"
    assert (public / "index.html").read_bytes().startswith(b"<!DOCTYPE html>")
    if (public / rel).is_file():
        assert (public / rel).read_text() != "mine, not sitegen's\n"
    again = build(site)   # nothing changed: said again, not taken for a good build
    assert again.errors == result.errors
    (site / "root" / rel).unlink()
    assert build(site).ok


def test_a_users_own_file_in_public_is_taken_over_when_the_same_and_kept_with_an_error_when_not(site):
    """They had copied ads.txt into public/ by hand: sitegen never overwrites what it did not write."""
    assert build(site).ok
    _write(site, "public/ads.txt", "pub-1\n")
    _write(site, "public/humans.txt", "Ann (by hand)\n")
    _write(site, "root/ads.txt", "pub-1\n")
    _write(site, "root/humans.txt", "Ann and Ben\n")
    result = build(site)
    public = site / "public"
    assert result.published and len(result.errors) == 1
    assert (f"root/humans.txt: {public / 'humans.txt'} is there already, not written by sitegen (put there by hand), "
            "and differs from it; your file was kept") in result.errors[0]
    assert (public / "humans.txt").read_text() == "Ann (by hand)\n"
    assert any(n.startswith(f"{public / 'ads.txt'}: the same as root/ads.txt, so it is now sitegen's") for n in result.notes)
    record = read_record(public)
    assert "ads.txt" in record.owned and "ads.txt" not in record.foreign and "humans.txt" in record.foreign
    (public / "humans.txt").unlink()
    assert build(site).ok and (public / "humans.txt").read_text() == "Ann and Ben\n"
    (site / "root" / "ads.txt").unlink()
    assert build(site).ok and not (public / "ads.txt").exists()   # now sitegen's: removed with its source


def test_an_output_folder_named_root_is_no_root_folder(site):
    """A site older than [paths] root whose output is a folder named root: it builds as before, its
    pages not read back as root/'s files (each would clash with itself)."""
    with (site / "site.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[paths]\noutput = "root"\n')
    for _ in range(2):
        result = build(site)
        assert result.ok and result.errors == [], result.errors
    assert (site / "root" / "index.html").is_file() and not (site / "public").exists()


def test_a_storys_link_to_a_root_file_is_no_broken_link(site):
    """/humans.txt, /about.html, /files/r.pdf from root/ were each warned about as 'nothing is published
    at ...' on the first build (and /humans.txt, /about.html on every build: sitegen's own .txt or .html)."""
    _write(site, "root/humans.txt", "Ann\n")
    _write(site, "root/about.html", "<p>About</p>\n")
    _write(site, "root/files/r.pdf", "%PDF-1.4\n")
    _write(site, "content/links.md", "---\ntitle: Links\ndate: 2024-03-01\n---\nSee [h](/humans.txt), "
           "[a](/about.html), [r](/files/r.pdf) and [n](/nothing.txt).\n")
    for _ in range(2):
        result = build(site)
        assert result.ok
        broken = [w for w in result.warnings if "is no page of this site" in w]
        assert len(broken) == 1 and "'/nothing.txt'" in broken[0], broken
        _write(site, "content/links.md", (site / "content" / "links.md").read_text() + "\nMore.\n")


def _clean_equal(site: Path, tmp_path: Path) -> None:
    """public/ holds the files a clean build of a copy of the site (links kept) publishes."""
    import shutil
    clean = tmp_path / "clean"
    shutil.copytree(site, clean, symlinks=True, ignore=shutil.ignore_patterns("public", ".sitegen"))
    assert build(clean).ok
    mine = {p.relative_to(site / "public").as_posix() for p in (site / "public").rglob("*") if p.is_file()}
    theirs = {p.relative_to(clean / "public").as_posix() for p in (clean / "public").rglob("*") if p.is_file()}
    assert mine == theirs


def test_a_linked_folder_added_to_root_is_published_by_the_next_build(site, tmp_path):
    """rf48c 1: the no-change check listed root/ by a scan that enters a folder once, so a link to a
    folder already there changed nothing it saw: "0 written", the archive a 404, unlike a clean build."""
    _write(site, "root/2019/old/a.txt", "pic\n")
    assert build(site).ok
    os.symlink("2019", site / "root" / "archive2019")
    assert build(site).ok
    assert (site / "public" / "archive2019" / "old" / "a.txt").is_file()
    _clean_equal(site, tmp_path)


def test_a_linked_folder_removed_from_root_leaves_public(site, tmp_path):
    """rf48c 1: a retracted folder (its link removed) stayed live, the build saying "0 removed"."""
    _write(site, "root/2019/a.txt", "pic\n")
    os.symlink("2019", site / "root" / "retracted")
    assert build(site).ok and (site / "public" / "retracted" / "a.txt").is_file()
    os.unlink(site / "root" / "retracted")
    assert build(site).ok
    assert not (site / "public" / "retracted").exists()
    _clean_equal(site, tmp_path)


def test_a_root_file_under_a_users_link_in_public_is_an_error_not_a_traceback(site, tmp_path):
    """rf48c 3: public/uploads -> the CMS's uploads folder (the user's, kept by every build, written
    nothing through); root/uploads/x.pdf raised WriteError out of assets.stage, a traceback on every
    build. Now an error naming the file and the link, the rest published."""
    assert build(site).ok
    (tmp_path / "uploads").mkdir()
    os.symlink(tmp_path / "uploads", site / "public" / "uploads")
    _write(site, "root/uploads/x.pdf", "x\n")
    _write(site, "root/ads.txt", "pub-1\n")
    result = build(site)
    assert [e for e in result.errors if "root/uploads/x.pdf" in e] == [
        f"root/uploads/x.pdf: would be published at {site / 'public' / 'uploads' / 'x.pdf'}, but "
        f"{site / 'public' / 'uploads'} is a link of yours (not sitegen's: kept by every build), which sitegen writes "
        "nothing through; not published (the rest was): move root/uploads/x.pdf elsewhere, or remove the link"]
    assert (site / "public" / "ads.txt").read_text() == "pub-1\n"
    assert list((tmp_path / "uploads").iterdir()) == [] and (site / "public" / "uploads").is_symlink()


@pytest.mark.parametrize("address", ["/" + "a" * 300 + ".html",
                                     "/" + "-".join(["выборы-в-городскую-думу-итоги-голосования-по-округам"] * 3) + "/"])
def test_a_link_with_a_name_too_long_for_the_disk_is_a_broken_link_of_its_story(tmp_path, address):
    """With any root/ file, a story's link to an address with a part over 255 bytes (a flat Cyrillic slug of
    161 letters, percent-encoded as editors paste it) failed the whole build, 0 pages, 'File name too long'
    naming no story (rf48k 1): root_file's is_file() raised ENAMETOOLONG. It is the usual broken-link warning."""
    from urllib.parse import quote
    story = f"---\ntitle: One\ndate: 2025-01-10T09:00:00+00:00\n---\nSee [old]({quote(address)}).\n"
    root = starter_site(tmp_path, {"root/ads.txt": "ads", "content/one.md": story})
    result = build(root)
    assert result.ok, result.errors
    assert [w for w in result.warnings if w.startswith("content/one.md:5: link ") and "broken link (404)" in w]


def test_a_root_page_linking_a_fingerprinted_file_by_its_source_name_is_warned(tmp_path):
    """rf48k 7: root/old/about.html's '<link href="/static/style.css">' and 'import "/static/lib.js"' were
    published as they are while only style.<hash>.css and lib.<hash>.js exist: 404s, silently. root/'s
    files are published unchanged (README), so each such link is a warning naming the page and line."""
    page = ('<!doctype html>\n<link rel="stylesheet" href="/static/style.css">\n'
            '<script type="module">import "/static/lib.js";</script>\n<a href="/static/logo.png">logo</a>\n')
    root = starter_site(tmp_path, {"root/old/about.html": page, "static/lib.js": "export const x = 1;\n"})
    result = build(root)
    assert result.ok, result.errors
    assert (root / "public/old/about.html").read_text() == page   # unchanged, as root/'s files are
    warned = [w.split(" names ")[0] for w in result.warnings if w.startswith("root/old/about.html:")]
    assert warned == ["root/old/about.html:2: '/static/style.css'", "root/old/about.html:3: '/static/lib.js'"], \
        result.warnings


def test_a_root_file_become_a_folder_of_its_name_and_back_is_published_as_a_clean_build_does(site, tmp_path):
    """review48f 1: root/well become root/well/security.txt failed every build after ('.sitegen/public.spare/
    well: File exists'); the reverse took public/well/, sitegen's folder, for one put there by hand, and
    never published root/well. A folder holding a file of the user's is still theirs."""
    import shutil
    public = site / "public"
    for n, (gone, rel, data) in enumerate([("", "root/well", "w1"), ("root/well", "root/well/security.txt", "s"),
                                           ("root/well", "root/well", "w2"), ("root/well", "root/well/security.txt", "t")]):
        if gone:
            (shutil.rmtree if (site / gone).is_dir() else os.unlink)(site / gone)
        _write(site, rel, data)
        result = build(site)
        assert result.ok, (n, result.errors)
        fresh = tmp_path / f"fresh{n}"
        shutil.copytree(site, fresh, ignore=shutil.ignore_patterns(".sitegen", "public"))
        assert build(fresh).ok and tree(public) == tree(fresh / "public"), n
    (public / "well/mine.txt").write_text("mine\n")
    shutil.rmtree(site / "root/well")
    _write(site, "root/well", "w3")
    result = build(site)
    assert any("public/well is there already" in e for e in result.errors), result.errors
    assert (public / "well/mine.txt").read_text() == "mine\n" and not (public / "well/security.txt").exists()


def test_a_users_link_in_public_with_the_same_bytes_is_not_taken_over_nor_deleted(site, tmp_path):
    """review48m 5: public/ads.txt, a link of the user's to a shared file with root/ads.txt's bytes, was
    kept only by `not is_symlink()` in the adoption test, which no test held: without it the link became
    sitegen's, and the build after root/ads.txt went deleted it. Its error said 'differs from it' of
    the same bytes: it now says it is a link of the user's."""
    assert build(site).ok
    shared = _write(tmp_path, "srv/ads.txt", "google.com, pub-1, DIRECT\n")
    os.symlink(shared, site / "public" / "ads.txt")
    _write(site, "root/ads.txt", "google.com, pub-1, DIRECT\n")
    errors = build(site).errors
    assert [e for e in errors if e.startswith("root/ads.txt: ")] == [
        f"root/ads.txt: {site / 'public' / 'ads.txt'} is there already, a link of yours (not sitegen's), which "
        "sitegen neither replaces nor writes through; your link was kept and root/ads.txt not published: remove "
        "the link (or root/ads.txt) and build again"], errors
    (site / "root" / "ads.txt").unlink()
    build(site)
    assert os.path.islink(site / "public" / "ads.txt") and shared.exists()


def test_a_users_dangling_link_in_public_is_kept_not_written_over(site, tmp_path):
    """review48m 11: public/ads.txt, the user's link to a file not there yet (a mount down), is not
    sitegen's to replace; the error names root/ads.txt (with `exists` for `lexists` it was the write
    layer's, naming neither)."""
    assert build(site).ok
    os.symlink(tmp_path / "srv" / "ads.txt", site / "public" / "ads.txt")
    _write(site, "root/ads.txt", "google.com, pub-1, DIRECT\n")
    result = build(site)
    assert os.path.islink(site / "public" / "ads.txt")
    assert any(e.startswith("root/ads.txt: ") and "a link of yours" in e for e in result.errors), result.errors
