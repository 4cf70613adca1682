"""`sitegen init`, and every other command refusing a folder without site.toml: init -> build ->
serve from an empty folder, through the real command line."""
from __future__ import annotations

import http.client
import os
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from preview import ServeProcess
from sitegen.config import parse_config

SITEGEN = [sys.executable, "-m", "sitegen.cli"]
ROOT = Path(__file__).resolve().parent.parent


def sitegen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    return subprocess.run([*SITEGEN, *args], capture_output=True, text=True, timeout=180, cwd=cwd, env=env)


def test_init_build_serve_from_an_empty_folder(tmp_path):
    site = tmp_path / "harbour-news"
    made = sitegen("init", str(site))
    assert made.returncode == 0, made.stderr
    assert {p.relative_to(site).as_posix() for p in site.rglob("*")} >= {
        "site.toml", "seeds", "content", "content/welcome.md", ".gitignore"}
    toml = (site / "site.toml").read_text(encoding="utf-8")
    assert toml.count("\n#") >= 5                               # commented, for an editor to read
    config = parse_config(tomllib.loads(toml), site)           # valid as it stands
    assert config.site.title == "Harbour News"
    built = sitegen("build", "--root", str(site))
    assert built.returncode == 0, built.stderr
    assert "build ok: 1 article" in built.stdout
    assert (site / "public/index.html").is_file()
    with ServeProcess(site) as proc:
        port = int(proc.url.rsplit(":", 1)[1].strip("/"))
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        conn.request("GET", "/")
        front = conn.getresponse().read().decode()
        conn.close()
        assert "Welcome to your news site" in front
        assert proc.stop() == 0


def test_init_never_overwrites_a_site(tmp_path):
    (tmp_path / "site.toml").write_text('[site]\ntitle = "Mine"\n')
    again = sitegen("init", str(tmp_path))
    assert again.returncode == 2 and "is a site already" in again.stderr
    assert (tmp_path / "site.toml").read_text() == '[site]\ntitle = "Mine"\n'
    assert not (tmp_path / "content").exists()


@pytest.mark.parametrize("there", [False, True])
def test_init_on_a_full_disk_can_be_run_again_once_space_is_freed(tmp_path, there):
    """review44c 9: on a full disk init wrote a 0-byte site.toml in place, and once space was freed
    refused the folder: 'news/site.toml exists: this folder is a site already'. Each file is written
    whole now, and what the run made is taken back; a folder's own files are kept (`there`)."""
    from conftest import small_tmpfs
    with small_tmpfs(tmp_path / "disk", "64k") as disk:
        if there:
            (disk / "news").mkdir()
            (disk / "news" / "notes.txt").write_text("mine\n")
        before = sorted(disk.rglob("*"))
        with open(disk / "fill", "wb", buffering=0) as fill:
            try:
                while True:
                    fill.write(b"x" * 512)
            except OSError:
                pass
        full = sitegen("init", "news", cwd=disk)
        assert full.returncode == 2 and full.stderr.startswith(
            "error: out of disk space while making the site in news; free some space and run it again"), full.stderr
        assert sorted(disk.rglob("*")) == sorted([*before, disk / "fill"])   # no site.toml, no temporary, no folder
        (disk / "fill").unlink()
        again = sitegen("init", "news", cwd=disk)
        assert again.returncode == 0, again.stderr
        assert tomllib.loads((disk / "news" / "site.toml").read_text(encoding="utf-8"))["site"]["title"] == "News"
        assert not there or (disk / "news" / "notes.txt").read_text() == "mine\n"


def test_init_on_a_disk_out_of_inodes_says_so_not_out_of_space(tmp_path):
    """review50e 1: a disk with room but no free file entries was called out of disk space."""
    from conftest import small_tmpfs
    with small_tmpfs(tmp_path / "disk", "8m,nr_inodes=6") as disk:
        full = sitegen("init", "news", cwd=disk)
        assert full.returncode == 2 and full.stderr.startswith(
            "error: out of inodes (file entries; `df -i` shows them) with disk space left while making the site in "
            "news; delete files no longer needed"), full.stderr
        assert sorted(disk.rglob("*")) == []   # nothing of it kept


def test_init_on_a_file_says_it_is_a_file(tmp_path):
    # Before: "error: [Errno 17] File exists: 'notes.txt' exists: this folder is a site already"
    (tmp_path / "notes.txt").write_text("mine\n")
    proc = sitegen("init", "notes.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == "error: cannot make the site in notes.txt: it is a file, not a folder; name a folder " \
                          "(made if missing)\n"
    assert (tmp_path / "notes.txt").read_text() == "mine\n" and sorted(tmp_path.iterdir()) == [tmp_path / "notes.txt"]


def test_init_on_a_symbolic_link_to_nothing_says_so(tmp_path):
    # Before: "error: [Errno 17] File exists: 'site' exists: this folder is a site already" (mkdir
    # cannot make a folder through the link), and a link that loops was a traceback
    (tmp_path / "site").symlink_to(tmp_path / "gone")
    (tmp_path / "loop").symlink_to("loop")
    for name, who in (("site", "it"), ("site/inner", "site"), ("loop", "it")):
        proc = sitegen("init", name, cwd=tmp_path)
        target = "loop" if name == "loop" else tmp_path / "gone"
        assert proc.returncode == 2 and proc.stderr == f"error: cannot make the site in {name}: {who} is a symbolic " \
            f"link to {target}, which leads to nothing; make that folder, or name another\n", proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loop", "site"] and (tmp_path / "site").is_symlink()
    (tmp_path / "gone").mkdir()                                     # made: the link is followed
    assert sitegen("init", "site", cwd=tmp_path).returncode == 0 and (tmp_path / "gone/site.toml").is_file()


def test_init_refuses_a_folder_inside_another_site_s_content(tmp_path):
    # Before: made, exit 0, and the outer site's next build published the inner one's welcome.md
    (tmp_path / "site.toml").write_text('[site]\ntitle = "Outer"\n[paths]\noutput = "www"\n')
    (tmp_path / "content").mkdir()
    inner = sitegen("init", "inner", cwd=tmp_path / "content")
    assert inner.returncode == 2, inner.stderr
    assert f"{tmp_path / 'content' / 'inner'} is inside {tmp_path / 'content'}, the content folder of the site in " \
           f"{tmp_path}: its welcome.md would be published by that site" in inner.stderr
    assert list((tmp_path / "content").iterdir()) == []          # nothing made
    assert sitegen("init", str(tmp_path / "www" / "x")).returncode == 2   # the output folder site.toml names
    assert not (tmp_path / "www").exists() and not (tmp_path / ".sitegen").exists()
    beside = sitegen("init", str(tmp_path / "docs" / "demo"))    # elsewhere in the site's folder: fine
    assert beside.returncode == 0, beside.stderr


def test_commands_refuse_a_folder_without_site_toml(tmp_path):
    for command in ("build", "convert", "deploy", "watch", "serve"):
        proc = sitegen(command, cwd=tmp_path)
        assert proc.returncode == 2, (command, proc.stderr)
        assert "no site.toml in this folder" in proc.stderr and "sitegen init" in proc.stderr
    assert list(tmp_path.iterdir()) == []                      # nothing was written


def test_a_mistyped_root_is_named_not_offered_a_new_site(tmp_path):
    # Before: "no site.toml in /x/nws, so it is not a sitegen site. Run `sitegen init` to make one
    # here": a typo's folder offered as the place for a new, empty site
    (tmp_path / "notes.txt").write_text("mine\n")
    for root, said in (("nws", "--root nws: no such folder"), ("notes.txt", "--root notes.txt: not a folder")):
        proc = sitegen("build", "--root", root, cwd=tmp_path)
        assert proc.returncode == 2 and proc.stderr == f"error: {said}; give the site's folder, the one holding " \
                                                        "site.toml\n", proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_site_toml_names_every_interface_language_the_theme_ships(tmp_path):
    from sitegen.config import DEFAULT_THEME
    from sitegen.init import init_site
    init_site(tmp_path / "site")
    toml = (tmp_path / "site/site.toml").read_text(encoding="utf-8")
    shipped = sorted(p.stem for p in (DEFAULT_THEME / "locales").glob("*.po"))
    assert {"de", "ko", "pl"} <= set(shipped)
    # Before: '(en, de, fr, es, pt ship with sitegen)', though Korean and Polish shipped too
    assert f"interface in that language ({', '.join(['en', *shipped])} ship with sitegen)" in toml, toml


def test_a_report_that_cannot_be_written_is_bad_usage_not_a_traceback(tmp_path, capsys):
    from sitegen import cli
    from sitegen.init import init_site
    init_site(tmp_path / "site")
    code = cli.main(["convert", "--root", str(tmp_path / "site"), "--report", str(tmp_path / "no/such/folder/r.txt")])
    # Before: FileNotFoundError with a traceback
    assert code == 2
    assert "--report" in capsys.readouterr().err and not (tmp_path / "no").exists()


def test_a_negative_worker_count_is_bad_usage(tmp_path, capsys):
    from sitegen import cli
    from sitegen.init import init_site
    init_site(tmp_path / "site")
    with pytest.raises(SystemExit) as stop:  # before: accepted, as site.toml's workers = -1 is not
        cli.main(["build", "--root", str(tmp_path / "site"), "-j", "-3"])
    assert stop.value.code == 2 and "argument -j/--workers: '-3'" in capsys.readouterr().err
    assert not (tmp_path / "site/public").exists()


@pytest.mark.parametrize("name, title", [("odd\\name", "Odd\\Name"), ('the "daily"', 'The "Daily"'),
                                         ("my news", "My News")])
def test_site_toml_is_valid_whatever_the_folder_is_called(tmp_path, capsys, name, title):
    from sitegen import cli
    # Before: a folder named odd\name got 'title = "Odd\Name"', which TOML refuses (every command
    # then failed on the site.toml init had just written), and quotes became apostrophes
    assert cli.main(["init", str(tmp_path / name)]) == 0
    assert f"cd {shlex.quote(str(tmp_path / name))} && sitegen serve" in capsys.readouterr().out
    toml = (tmp_path / name / "site.toml").read_text(encoding="utf-8")
    assert parse_config(tomllib.loads(toml), tmp_path / name).site.title == title


def test_init_in_a_folder_with_its_own_gitignore_says_what_to_add(tmp_path):
    # An existing repository's .gitignore is kept as it is, and init said nothing: public/ and
    # .sitegen/ (the build cache) were then committed with the sources (review26)
    (tmp_path / ".gitignore").write_text("node_modules/\n/public\n", encoding="utf-8")
    made = sitegen("init", str(tmp_path))
    assert made.returncode == 0, made.stderr
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "node_modules/\n/public\n"
    assert f"note: {tmp_path / '.gitignore'} was there and is kept; add .sitegen/ to it" in made.stdout, made.stdout
    fresh = sitegen("init", str(tmp_path / "new"))
    assert "note:" not in fresh.stdout, fresh.stdout


def test_the_gitignore_leaves_out_what_a_running_or_killed_build_leaves(tmp_path):
    """A build's stage folder beside public/ and convert's temporary files in content/ (there while
    it runs, and after a kill until the next run): `git add -A` committed them."""
    import shutil
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    site = tmp_path / "desk"
    assert sitegen("init", str(site)).returncode == 0
    for rel in (".public.stage-k2v8x0qa/index.html", "content/.convert-3hf8_a1z.tmp", "public/index.html",
                ".sitegen/cache.sqlite", "content/extra.md"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text("x", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(site)], check=True)
    listed = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=site,
                            capture_output=True, text=True, check=True).stdout.split("\n")
    assert sorted(line[3:] for line in listed if line) == [".gitignore", "content/extra.md", "content/welcome.md",
                                                           "site.toml"]


def test_init_writes_no_sample_story_beside_a_projects_own_stories(tmp_path):
    """review48i 2: README's `sitegen init` in a project that has stories wrote content/welcome.md
    beside them, and the next build published init's sample as the site's lead story."""
    (tmp_path / "content" / "news").mkdir(parents=True)
    (tmp_path / "content" / "news" / "mine.md").write_text("---\ntitle: Mine\ndate: 2025-01-02\n---\nMine.\n", encoding="utf-8")
    made = sitegen("init", str(tmp_path))
    assert made.returncode == 0, made.stderr
    assert not (tmp_path / "content" / "welcome.md").exists(), made.stdout
    assert f"note: {tmp_path / 'content'} has stories already, so no sample story" in made.stdout, made.stdout
    fresh = sitegen("init", str(tmp_path / "new"))   # an empty folder still gets the sample, and no note
    assert (tmp_path / "new" / "content" / "welcome.md").is_file() and "note:" not in fresh.stdout, fresh.stdout


def test_init_writes_no_sample_beside_a_projects_seeds(tmp_path):
    """rf48o 3: has_stories looked at content/ only: init in a project whose stories are seeds wrote
    content/welcome.md, and the build published it as the lead story beside the converted seeds.
    A hidden folder's Markdown (content/.obsidian/) is no story: that folder still gets the sample."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    made = sitegen("init", str(tmp_path))
    assert made.returncode == 0, made.stderr
    assert not (tmp_path / "content" / "welcome.md").exists(), made.stdout
    assert f"note: {tmp_path / 'seeds'} has seeds already, so no sample story" in made.stdout, made.stdout
    assert sitegen("build", "-q", cwd=tmp_path).returncode == 0
    assert "Welcome to your news site" not in (tmp_path / "public" / "index.html").read_text(encoding="utf-8")
    notes = tmp_path / "notes"
    (notes / "content" / ".obsidian").mkdir(parents=True)
    (notes / "content" / ".obsidian" / "workspace.md").write_text("x\n", encoding="utf-8")
    (notes / "seeds" / ".trash").mkdir(parents=True)
    (notes / "seeds" / ".trash" / "old.txt").write_text("x\n", encoding="utf-8")
    assert sitegen("init", str(notes)).returncode == 0
    assert (notes / "content" / "welcome.md").is_file()
