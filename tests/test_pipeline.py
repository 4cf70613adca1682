"""pipeline.convert_and_build: the stages `sitegen build` and `sitegen deploy` share, in-process."""
from __future__ import annotations

from pathlib import Path

from builders import tree
from sitegen.build import BuildOptions
from sitegen.config import load_config
from sitegen.pipeline import convert_and_build

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _seeded(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "seeds").mkdir(parents=True)
    (root / "site.toml").write_text('[site]\nbase_url = "https://example.org/"\n[search]\nenabled = false\n')
    for path in SEEDS.glob("*.txt"):
        (root / "seeds" / path.name).write_bytes(path.read_bytes())
    return root


def test_seeds_are_converted_then_built(tmp_path, capsys):
    root = _seeded(tmp_path)
    result = convert_and_build(load_config(root), BuildOptions(), quiet=True)
    assert result.ok, result.errors
    written = list((root / "content").glob("*.md"))
    assert len(written) == 1 and result.articles == 1
    title = next(line for line in written[0].read_text(encoding="utf-8").splitlines() if line.startswith("title:"))
    headline = title.split(":", 1)[1].strip().strip("'\"")
    pages = [p for p in (root / "public").rglob("index.html") if headline in p.read_text(encoding="utf-8")]
    assert pages, f"no page of public/ shows the converted headline {headline!r}"
    assert capsys.readouterr().out.splitlines()[-1].startswith("build ok: 1 article")


def test_without_convert_seeds_are_left_alone(tmp_path):
    root = _seeded(tmp_path)
    (root / "content").mkdir()
    convert_and_build(load_config(root), BuildOptions(), convert=False, quiet=True)
    assert not list((root / "content").glob("*.md"))


def test_a_seed_that_fails_to_convert_stops_no_other_story(tmp_path, capsys):
    """review46d: one stray empty seed or PDF in seeds/ stopped every build ('build not started: seeds
    failed to convert'), no other story published until it was removed. Now it is as a story in
    content/ that cannot be read: the rest is built, the failed seed named with what to do, exit 1,
    and `deploy --no-build` refuses the build. --strict still stops before the build."""
    from sitegen.build import last_outcome
    root = _seeded(tmp_path)
    assert convert_and_build(load_config(root), BuildOptions(), quiet=True).ok
    story = next((root / "content").glob("*.md"))
    (root / "seeds/empty.txt").write_bytes(b"")
    (root / "seeds/broken.txt").write_bytes(b"\x00\x01\x02 binary")
    story.write_text(story.read_text(encoding="utf-8").replace("title: ", "title: Changed ", 1), encoding="utf-8")
    capsys.readouterr()
    result = convert_and_build(load_config(root), BuildOptions(), quiet=True)
    out, err = capsys.readouterr()
    assert not result.ok and len(result.errors) == 2 and result.published, result.errors
    assert [e.split(":")[0] for e in result.errors] == ["seeds/broken.txt", "seeds/empty.txt"], result.errors
    assert "error: seeds/empty.txt: " in err and "error: seeds/broken.txt: " in err, err
    assert "build not started" not in out and "build FAILED, 2 errors, the rest published to public/" in out, out
    assert any("Changed" in p.read_text(encoding="utf-8") for p in (root / "public").rglob("index.html"))
    ok, _, error, published = last_outcome(load_config(root))
    assert not ok and published and error.startswith("seeds/broken.txt: ")   # deploy --no-build refuses it
    # --strict keeps all or nothing: stopped before the build, public/ as it was
    before = tree(root / "public")
    story.write_text(story.read_text(encoding="utf-8").replace("title: Changed", "title: Again", 1), encoding="utf-8")
    capsys.readouterr()
    result = convert_and_build(load_config(root), BuildOptions(strict=True), quiet=True)
    out, err = capsys.readouterr()
    assert not result.ok and result.errors == ["seeds failed to convert"]
    assert "seeds/empty.txt" in err and "build not started" in out and "build ok" not in out
    assert tree(root / "public") == before


def test_a_first_build_validates_site_toml_aside_and_loads_no_search_it_has_none(tmp_path):
    """`sitegen build` on a new site: pydantic runs in the child that validates site.toml while
    the command imports the renderer (config.load_config's `meanwhile`), and a site with search
    off never loads the indexer (subprocess, threads). The next build reads the kept config."""
    import os
    import subprocess
    import sys
    import sitegen
    from builders import copy_site
    root = copy_site("newsroom", tmp_path / "site")
    code = ("import sys\n"
            "from sitegen.cli import main\n"
            f"code = main(['build', '--root', {str(root)!r}, '-q'])\n"
            "print(code, 'pydantic' in sys.modules, 'sitegen.search' in sys.modules, 'jinja2' in sys.modules)\n")
    env = {**os.environ, "PYTHONPATH": str(Path(sitegen.__file__).resolve().parent.parent)}  # this checkout's
    run = lambda: subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                 env=env).stdout.split()[-4:]
    assert run() == ["0", "False", "False", "True"]
    assert (root / ".sitegen/config.json").exists() and (root / "public/index.html").exists()
    assert run() == ["0", "False", "False", "False"]  # nothing changed: no validation, no renderer


def test_strict_and_quiet_still_show_the_warnings_that_stop_the_build(tmp_path, capsys):
    # Before: 'build not started: --strict and the converter warned (see above)' with nothing above
    root = _seeded(tmp_path)
    (root / "seeds" / "STORM.TXT").write_text("Storm\n\nA storm came.\n", encoding="utf-8")
    result = convert_and_build(load_config(root), BuildOptions(strict=True), quiet=True)
    captured = capsys.readouterr()
    assert not result.ok and "build not started: --strict and the converter warned" in captured.out
    assert "warning: seeds/STORM.TXT: not converted: only files named *.txt are seeds" in captured.err


def test_quiet_still_shows_what_the_converter_says_once(tmp_path, capsys):
    """`make serve` builds public/ with -q, then serve builds its preview: a new seed's warning
    (a paywall's teaser, a line left out) went to neither, the seed being unchanged by then, and
    no summary line counted it. A conversion's warnings are said once, so -q shows them; the
    build's own, repeated by every build and counted in its line, stay quiet."""
    root = _seeded(tmp_path)
    paywall = Path(__file__).resolve().parent / "fixtures" / "convert" / "paywall_form.txt"
    (root / "seeds" / "paywall.txt").write_bytes(paywall.read_bytes())
    assert convert_and_build(load_config(root), BuildOptions(), quiet=True).ok
    out, err = capsys.readouterr()
    assert err.count("warning: ") == 1 and "warning: seeds/paywall.txt: the body is only 56 characters" in err, err
    assert out.splitlines() == [next(line for line in out.splitlines() if line.startswith("build ok"))], out
    assert convert_and_build(load_config(root), BuildOptions(), quiet=True).ok   # converted already: nothing new
    assert capsys.readouterr().err == ""


def test_an_empty_seeds_folder_does_not_load_the_converter(tmp_path):
    """`sitegen init` makes seeds/ empty; every build of such a site imported the converter (0.2 s
    of a 0.5 s build) to convert nothing. Once seeds were converted, their record keeps it loaded,
    so that the record forgets a deleted seed as before."""
    import subprocess
    import sys
    root = _seeded(tmp_path)
    for seed in (root / "seeds").iterdir():
        seed.rename(tmp_path / seed.name)
    probe = ("import sys; from sitegen.build import BuildOptions; from sitegen.config import load_config; "
             "from sitegen.pipeline import convert_and_build; "
             "r = convert_and_build(load_config(sys.argv[1]), BuildOptions(), quiet=True); "
             "print(r.articles, 'sitegen.convert' in sys.modules)")

    def build() -> str:
        done = subprocess.run([sys.executable, "-c", probe, str(root)], capture_output=True, text=True, timeout=120)
        return done.stdout.splitlines()[-1]
    assert build() == "0 False"
    for seed in tmp_path.glob("*.txt"):
        seed.rename(root / "seeds" / seed.name)
    assert build() == "1 True"
    for seed in (root / "seeds").iterdir():
        seed.unlink()
    assert build() == "1 True"            # (the story stays: deleting a seed takes nothing down)


def _fill(disk: Path, leave: int = 0) -> None:
    """Take all the free space of `disk` but `leave` bytes."""
    import os
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    with open(disk / "filler", "wb") as fh:
        fh.write(b"\0" * max(0, free - leave))


def test_a_full_disk_while_converting_is_one_clear_error_not_a_traceback(tmp_path, capsys):
    """The night shift's cron build on a full disk: a new seed's content file cannot be written.
    It was an OSError traceback out of the converter (40 lines in cron's mail, the build not said
    to be stopped); a full disk while building the pages was one clear line already."""
    from conftest import small_tmpfs
    with small_tmpfs(tmp_path / "disk", "4m") as disk:
        root = _seeded(disk)
        assert convert_and_build(load_config(root), BuildOptions(), quiet=True).ok
        before = tree(root / "public")
        seed = next((root / "seeds").glob("*.txt"))
        (root / "seeds/second.txt").write_bytes(seed.read_bytes().replace(b"Russia", b"Belarus"))
        _fill(disk)
        capsys.readouterr()
        result = convert_and_build(load_config(root), BuildOptions(), quiet=True)
        out, err = capsys.readouterr()
        (disk / "filler").unlink()
        assert not result.ok
        assert "error: out of disk space while converting seeds into content/" in err and "Traceback" not in err, err
        assert "build not started" in out and "build ok" not in out, out
        assert tree(root / "public") == before
        assert not list((root / "content").glob(".convert-*.tmp"))
        again = convert_and_build(load_config(root), BuildOptions(), quiet=True)   # with room again: converted
        assert again.ok and again.articles == 2, again.errors


def test_a_disk_out_of_inodes_while_converting_says_so_not_out_of_space(tmp_path, capsys):
    """review50e 1: with disk space left but no free file entries, the converter's error said "out
    of disk space; free some space" (df -h: far from full; deleting a large file does not help)."""
    import os
    import subprocess
    from conftest import small_tmpfs
    with small_tmpfs(tmp_path / "disk", "16m") as disk:
        root = _seeded(disk)
        assert convert_and_build(load_config(root), BuildOptions(), quiet=True).ok
        before = tree(root / "public")
        seed = next((root / "seeds").glob("*.txt"))
        (root / "seeds/second.txt").write_bytes(seed.read_bytes().replace(b"Russia", b"Belarus"))
        fs = os.statvfs(disk)
        subprocess.run(["mount", "-o", f"remount,nr_inodes={fs.f_files - fs.f_ffree}", str(disk)], check=True)
        capsys.readouterr()
        result = convert_and_build(load_config(root), BuildOptions(), quiet=True)
        out, err = capsys.readouterr()
        assert not result.ok and tree(root / "public") == before
        assert "error: out of inodes (file entries; `df -i` shows them) with disk space left while converting seeds " \
               "into content/; delete files no longer needed" in err, err
        assert "out of disk space" not in err and "build not started" in out, (out, err)


def test_a_seed_named_with_a_hash_counts_when_content_is_made_anew(tmp_path):
    """content/ and .sitegen/ deleted to convert everything again: seeds/'#1 council.txt' is a
    seed, so the build converts it, not 'content/: no such folder' (it was taken for an Emacs
    autosave, in the converter too). A hidden '.#a.txt' alone is no seed."""
    from sitegen.pipeline import content_gone
    from sitegen.write import RECORD
    root = tmp_path / "site"
    (root / "seeds").mkdir(parents=True)
    (root / "public").mkdir()
    (root / "public" / RECORD).write_text("{}")
    (root / "site.toml").write_text('[site]\nbase_url = "https://example.org/"\n')
    (root / "seeds" / ".#a.txt").write_bytes(next(SEEDS.glob("*.txt")).read_bytes())
    assert "content/: no such folder" in (content_gone(load_config(root)) or "")
    (root / "seeds" / "#1 council.txt").write_bytes(next(SEEDS.glob("*.txt")).read_bytes())
    assert content_gone(load_config(root)) is None


def test_traditional_chinese_seeds_join_a_zh_tw_site_s_own_edition(tmp_path):
    """Session 34, fix34f: every converted Chinese story said 'zh'. On a zh-TW site each page had
    lang="zh" and og:locale zh_CN, and beside one hand-written zh-TW story every converted one
    moved to a Simplified /zh/ edition of its own. Now the seed is zh-tw, the site's own."""
    from lxml import html
    root = tmp_path / "site"
    (root / "seeds").mkdir(parents=True)
    (root / "content").mkdir()
    (root / "site.toml").write_text('[site]\nbase_url = "https://example.org/"\nlanguage = "zh-TW"\n'
                                    '[search]\nenabled = false\n', encoding="utf-8")
    fixtures = Path(__file__).resolve().parent / "fixtures" / "convert"
    (root / "seeds" / "mrt.txt").write_bytes((fixtures / "chinese_traditional.txt").read_bytes())
    (root / "content" / "hand.md").write_text("---\ntitle: 市議會通過預算\ndate: 2024-03-04T09:00:00+08:00\n"
                                              "language: zh-TW\n---\n市議會今天通過明年度總預算。\n", encoding="utf-8")
    result = convert_and_build(load_config(root), BuildOptions(), quiet=True)
    assert result.ok, result.errors
    public = root / "public"
    assert not (public / "zh").exists() and not (public / "zh-tw").exists()
    pages = [html.fromstring(p.read_bytes()) for p in public.glob("2024/03/*/index.html")]
    page = next(p for p in pages if "臺北捷運" in p.xpath("string(//h1)"))
    assert page.xpath("/html/@lang") == ["zh-TW"]
    assert page.xpath("//meta[@property='og:locale']/@content") == ["zh_TW"]
    front = (public / "index.html").read_text(encoding="utf-8")
    assert "臺北捷運" in front and "市議會通過預算" in front     # one edition holds both


def test_traditional_chinese_seeds_on_an_english_site_speak_traditional_and_pass_strict(tmp_path):
    """review34d: after fix34f a Traditional seed on an English site became the 'zh-tw' edition,
    whose pages fell back to the English words, and `build --strict` failed on the warning "no
    interface translation for 'zh-tw'". The theme ships zh-tw.po (from zh.po by OpenCC's s2twp)."""
    from lxml import html
    root = tmp_path / "site"
    (root / "seeds").mkdir(parents=True)
    (root / "content").mkdir()
    (root / "site.toml").write_text('[site]\nbase_url = "https://example.org/"\n[search]\nenabled = false\n',
                                    encoding="utf-8")
    fixtures = Path(__file__).resolve().parent / "fixtures" / "convert"
    (root / "seeds" / "mrt.txt").write_bytes((fixtures / "chinese_traditional.txt").read_bytes())
    (root / "content" / "hello.md").write_text("---\ntitle: Hello\ndate: 2024-03-04T09:00:00Z\n---\nHi.\n",
                                               encoding="utf-8")
    result = convert_and_build(load_config(root), BuildOptions(strict=True), quiet=True)
    assert result.ok and not result.warnings, (result.errors, result.warnings)
    front = html.fromstring((root / "public/zh-tw/index.html").read_bytes())
    assert front.xpath("/html/@lang") == ["zh-TW"]
    words = front.xpath("string(//body)")
    assert "最新" in words and "新闻" not in words and "Latest" not in words, words[:300]
