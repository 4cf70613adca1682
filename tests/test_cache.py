"""The build cache only saves work: whatever it holds, the output equals a clean build."""
from __future__ import annotations

import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXED_NOW, no_child_left, write_files
from sitegen.build import Builder, BuildOptions, LastPlan
from sitegen.cache import State
from sitegen.config import DEFAULT_THEME, load_config
from sitegen.site import build_site
from sitegen.write import RECORD

SITE_TOML = '[site]\nbase_url = "https://example.org/"\n[search]\nenabled = false\n'


def story(title: str, date: str, tags: str = "Politics", body: str = "Body text.") -> str:
    return f"---\ntitle: {title}\ndate: {date}\nauthors: [Ada Reporter]\ntags: [{tags}]\n---\n{body}\n"


def make_site(root: Path) -> Path:
    return write_files(root, {
        "site.toml": SITE_TOML,
        "content/a.md": story("Alpha", "2025-01-10T09:00:00+00:00"),
        "content/b.md": story("Beta", "2025-01-12T09:00:00+00:00", "Economy"),
        "content/c.md": story("Gamma", "2025-01-15T09:00:00+00:00", "Politics, Economy"),
        "content/later.md": story("Tomorrow's story", "2025-01-21T06:00:00+00:00"),
    })


def build(root: Path, now=FIXED_NOW):
    result = Builder(load_config(root), BuildOptions()).build(now=now)
    assert result.ok, result.errors
    return result


def snapshot(public: Path) -> dict[str, bytes]:
    return {p.relative_to(public).as_posix(): p.read_bytes() for p in sorted(public.rglob("*"))
            if p.is_file() and p.name != RECORD}  # sitegen's record of the folder, not the site


def clean_build(tmp_path: Path, source: Path, now=FIXED_NOW) -> dict[str, bytes]:
    fresh = make_site(tmp_path / "clean")
    for rel in ("content",):
        for f in (fresh / rel).glob("*.md"):
            f.unlink()
        for f in (source / rel).glob("*.md"):
            (fresh / rel / f.name).write_bytes(f.read_bytes())
    build(fresh, now)
    return snapshot(fresh / "public")


def test_corrupt_cache_files_are_rebuilt_not_trusted(tmp_path):
    site = make_site(tmp_path / "site")
    build(site)
    (site / ".sitegen/cache.sqlite").write_bytes(b"SQLite format 3\x00garbage" * 100)
    (site / "content/a.md").write_text(story("Alpha, revised", "2025-01-10T09:00:00+00:00"))
    build(site)
    assert snapshot(site / "public") == clean_build(tmp_path, site)


@pytest.fixture(params=["here", "aside"])
def check_outputs(request, monkeypatch):
    """The outputs' check in the build's process, or shared with a forked child (as from 20,000
    outputs), one output a claim so that both take part."""
    if request.param == "aside":
        monkeypatch.setattr("sitegen.build.CHECK_ASIDE", 0)
        monkeypatch.setattr("sitegen.build.CHECK_CHUNK", 1)
    return request.param


def test_cache_of_another_site_state_is_not_trusted(tmp_path, check_outputs):
    """A state whose outputs no longer match the disk (files edited or deleted by hand) is re-done."""
    site = make_site(tmp_path / "site")
    build(site)
    page = next((site / "public").rglob("alpha/index.html"))
    page.write_text("tampered")
    (site / "public/tags/index.html").unlink()
    result = build(site)
    assert result.written >= 2
    assert snapshot(site / "public") == clean_build(tmp_path, site)
    assert no_child_left()


def test_no_change_build_writes_nothing_and_keeps_mtimes(tmp_path, check_outputs):
    site = make_site(tmp_path / "site")
    build(site)
    before = {p: p.stat().st_mtime_ns for p in (site / "public").rglob("*") if p.is_file()}
    result = build(site)
    assert (result.written, result.removed) == (0, 0)
    assert result.unchanged == result.pages > 0
    assert {p: p.stat().st_mtime_ns for p in before} == before
    assert no_child_left()  # the check's child was read, or killed and reaped, within the build


def _planned_anew(site: Path, monkeypatch) -> bool:
    """Build; whether the build went past the no-change check (planned and rendered)."""
    calls = []
    real = Builder.load_and_write
    monkeypatch.setattr(Builder, "load_and_write", lambda self, *a: calls.append(1) or real(self, *a))
    build(site)
    monkeypatch.setattr(Builder, "load_and_write", real)
    return bool(calls)


def test_any_output_touched_is_found_wherever_the_check_runs(tmp_path, check_outputs, monkeypatch):
    """The child checks from the first output and the build's process from the last: a file
    touched at the start, middle or end (same bytes, a new mtime) is no longer as the last build left it."""
    site = make_site(tmp_path / "site")
    build(site)
    rels = list(Builder(load_config(site)).cache.state.output_stats()[0])
    for rel in (rels[0], rels[len(rels) // 2], rels[-1]):
        path = site / "public" / rel
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
        assert _planned_anew(site, monkeypatch), rel
        assert not _planned_anew(site, monkeypatch), rel  # recorded as it is now: no change again
    assert no_child_left()


def test_a_touched_output_is_recorded_anew_not_rebuilt_forever(tmp_path, check_outputs, monkeypatch):
    """An output whose bytes are right but whose mtime moved (a backup tool, rsync -t) is
    recorded as it is now: before, every later build planned the whole site again."""
    site = make_site(tmp_path / "site")
    build(site)
    page = site / "public/index.html"
    data, st = page.read_bytes(), page.stat()
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns - 10**9))
    assert _planned_anew(site, monkeypatch)
    assert page.read_bytes() == data
    assert not _planned_anew(site, monkeypatch)
    assert snapshot(site / "public") == clean_build(tmp_path, site)


def _damage(public: Path, static: str) -> list[str]:
    """Touch a page, edit one by hand, delete one, touch a static file: what sitegen wrote, changed."""
    touched, edited, gone = public / "tags/index.html", public / "index.html", public / "authors/index.html"
    for path in (touched, public / static):
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    edited.write_text(edited.read_text(encoding="utf-8") + "<p>hand edit</p>", encoding="utf-8")
    gone.unlink()
    return ["tags/index.html", "index.html", "authors/index.html", static]


def _a_static_output(site: Path) -> str:
    state = Builder(load_config(site)).cache.state
    return next(rel for rel in state.output_stats()[0] if state.entry(rel)[0] == "static")


def test_outputs_changed_since_the_last_build_are_made_again_from_its_plan(tmp_path, monkeypatch):
    """A touched, edited or deleted output is made again from the saved plan (the whole site is
    not planned again: at 100,000 articles that took 21 s), also beside an edit, and recorded."""
    site = make_site(tmp_path / "site")
    build(site)
    damaged = _damage(site / "public", _a_static_output(site))
    (site / "content/a.md").write_text(story("Alpha", "2025-01-10T09:00:00+00:00", body="New body text."))
    monkeypatch.setattr("sitegen.build.build_site", lambda *a, **k: pytest.fail("planned again"))
    result = build(site)
    assert {"index.html", "authors/index.html"} <= set(result.changed)  # the touched ones kept their bytes
    assert all(rel in damaged or "alpha" in rel or rel.endswith(("feed.xml", "rss.xml", "feed.json"))
               for rel in result.changed), result.changed
    assert not _planned_anew(site, monkeypatch)  # every output recorded as it is now
    monkeypatch.undo()
    assert snapshot(site / "public") == clean_build(tmp_path, site)


def test_a_watchers_next_build_makes_touched_outputs_again(tmp_path, monkeypatch):
    """The same process, nothing else changed: only the damaged outputs are made again."""
    site = make_site(tmp_path / "site")
    builder = Builder(load_config(site), BuildOptions())
    assert builder.build(now=FIXED_NOW).ok
    _damage(site / "public", _a_static_output(site))
    monkeypatch.setattr("sitegen.build.build_site", lambda *a, **k: pytest.fail("planned again"))
    result = builder.build(now=FIXED_NOW)
    assert result.ok, result.errors
    assert sorted(result.changed) == ["authors/index.html", "index.html"]  # touched files keep their bytes
    assert builder.build(now=FIXED_NOW).written == 0
    monkeypatch.undo()
    assert snapshot(site / "public") == clean_build(tmp_path, site)


def test_many_outputs_changed_plan_the_site_afresh(tmp_path, monkeypatch):
    site = make_site(tmp_path / "site")
    build(site)
    monkeypatch.setattr("sitegen.build.DAMAGED_MAX", 1)
    _damage(site / "public", _a_static_output(site))
    planned, real = [], build_site
    monkeypatch.setattr("sitegen.build.build_site", lambda *a, **k: planned.append(1) or real(*a, **k))
    build(site)
    assert planned
    monkeypatch.undo()
    assert snapshot(site / "public") == clean_build(tmp_path, site)


def test_an_unasked_check_ends_with_the_build(tmp_path, check_outputs):
    """An edit that changes the plan never asks whether public/ is intact: the child is reaped anyway."""
    site = make_site(tmp_path / "site")
    build(site)
    (site / "content/b.md").write_text(story("Beta, retitled", "2025-01-12T09:00:00+00:00", "Economy"))
    build(site)
    assert no_child_left()
    assert snapshot(site / "public") == clean_build(tmp_path, site)


def test_one_body_edit_rewrites_only_what_shows_the_body(tmp_path):
    site = make_site(tmp_path / "site")
    build(site)
    public = site / "public"
    before = {p.relative_to(public).as_posix(): p.stat().st_mtime_ns for p in public.rglob("*")
              if p.is_file() and p.name != RECORD}
    (site / "content/b.md").write_text(story("Beta", "2025-01-12T09:00:00+00:00", "Economy", "New body."))
    build(site)
    changed = {rel for rel, mtime in before.items() if (public / rel).stat().st_mtime_ns != mtime}
    assert "2025/01/beta/index.html" in changed
    assert "index.html" not in changed and "tags/economy/index.html" not in changed
    assert changed <= {"2025/01/beta/index.html", "feed.xml", "rss.xml", "feed.json",
                       "tags/economy/feed.xml", "tags/economy/rss.xml",
                       "authors/ada-reporter/feed.xml", "authors/ada-reporter/rss.xml"}
    assert snapshot(public) == clean_build(tmp_path, site)


def test_the_clock_alone_publishes_a_future_article(tmp_path):
    """No input changed, but the build's clock passed a future article's date."""
    site = make_site(tmp_path / "site")
    build(site)
    assert not list((site / "public").rglob("tomorrow-s-story"))
    later = FIXED_NOW + timedelta(days=2)
    result = build(site, now=later)
    assert result.written > 0
    assert list((site / "public").rglob("tomorrow-s-story/index.html"))
    assert snapshot(site / "public") == clean_build(tmp_path, site, now=later)


def test_deleted_article_pages_are_removed(tmp_path):
    site = make_site(tmp_path / "site")
    build(site)
    os.remove(site / "content/a.md")
    result = build(site)
    assert result.removed >= 1
    assert not list((site / "public").rglob("alpha"))
    assert snapshot(site / "public") == clean_build(tmp_path, site)


def test_switching_search_off_removes_the_old_search_bundle(tmp_path):
    site = make_site(tmp_path / "site")
    toml = site / "site.toml"
    toml.write_text(SITE_TOML.replace("enabled = false", "enabled = true"), encoding="utf-8")
    build(site)
    bundle = site / "public/pagefind"
    assert (bundle / "pagefind.js").is_file()
    toml.write_text(SITE_TOML, encoding="utf-8")
    build(site)
    assert not bundle.exists()
    assert snapshot(site / "public") == clean_build(tmp_path, site)


def test_a_new_process_rebuilds_one_body_edit_from_the_saved_plan(tmp_path, monkeypatch):
    """The plan is saved with the articles: the next `sitegen build` re-renders only the pages that
    show the edited body (its page and the feeds carrying it) and still equals a clean build."""
    site = make_site(tmp_path / "site")
    build(site)
    (site / "content/a.md").write_text(story("Alpha", "2025-01-10T09:00:00+00:00", body="New body text."))
    builder = Builder(load_config(site), BuildOptions())
    saved = LastPlan.restore(builder.cache, builder.config)
    assert saved is not None and "content/a.md" not in saved.index and "a.md" in saved.index
    monkeypatch.setattr("sitegen.build.build_site", lambda *a, **k: pytest.fail("planned again"))
    result = builder.build(now=FIXED_NOW)
    assert result.ok and builder.last.site.pages == saved.site.pages
    monkeypatch.undo()
    assert all("alpha" in rel or rel.endswith(("feed.xml", "rss.xml", "feed.json")) for rel in result.changed)
    assert snapshot(site / "public") == clean_build(tmp_path, site)


def test_a_saved_plan_is_not_used_when_public_was_touched(tmp_path):
    site = make_site(tmp_path / "site")
    build(site)
    (site / "public/tags/index.html").unlink()
    (site / "content/a.md").write_text(story("Alpha", "2025-01-10T09:00:00+00:00", body="New body text."))
    build(site)
    assert snapshot(site / "public") == clean_build(tmp_path, site)


def test_a_body_edit_to_the_lead_without_a_summary_updates_its_standfirst_on_the_front(tmp_path):
    site = make_site(tmp_path / "site")
    build(site)
    (site / "content/c.md").write_text(story("Gamma", "2025-01-15T09:00:00+00:00", "Politics, Economy",
                                             body="A new first sentence for the lead."))
    result = build(site)
    assert "index.html" in result.changed
    assert "A new first sentence for the lead." in (site / "public/index.html").read_text(encoding="utf-8")
    assert snapshot(site / "public") == clean_build(tmp_path, site)


def test_a_crafted_pickle_in_the_cache_folder_is_never_loaded(tmp_path):
    """.sitegen/ may come from a shared CI cache: the build reads data from it, never code."""
    import pickle
    site = make_site(tmp_path / "site")
    build(site)
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))
    for name in ("state.pickle", "articles.pickle", "config.pickle", "images/sources.pickle"):
        (site / ".sitegen" / name).parent.mkdir(exist_ok=True)
        (site / ".sitegen" / name).write_bytes(pickle.dumps(Payload()))
    (site / "content/a.md").write_text(story("Alpha, revised", "2025-01-10T09:00:00+00:00"))
    build(site)
    assert not marker.exists()
    assert snapshot(site / "public") == clean_build(tmp_path, site)


def test_an_edit_rewrites_one_article_row(tmp_path):
    import sqlite3
    site = make_site(tmp_path / "site")
    build(site)
    db = site / ".sitegen/cache.sqlite"
    rows = dict(sqlite3.connect(db).execute("SELECT path, data FROM articles"))
    (site / "content/a.md").write_text(story("Alpha", "2025-01-10T09:00:00+00:00", body="New body text."))
    build(site)
    after = dict(sqlite3.connect(db).execute("SELECT path, data FROM articles"))
    assert set(after) == set(rows) and [p for p in rows if rows[p] != after[p]] == ["a.md"]


def many_stories(root: Path, count: int) -> Path:
    files = {"site.toml": SITE_TOML}
    for n in range(count):
        files[f"content/s{n:03d}.md"] = story(f"Story {n}", f"2024-{1 + n // 28:02d}-{1 + n % 28:02d}T09:00:00+00:00",
                                              ("Politics", "Economy", "Sport")[n % 3], body=f"Body of story {n}.")
    return write_files(root, files)


def test_a_body_edit_in_a_new_process_reads_only_the_rows_its_pages_show(tmp_path, monkeypatch):
    """100,000 articles must not be decoded for one edit: the saved plan's articles are read from
    their rows when a re-rendered page shows them (the edited story, its neighbours and related)."""
    from sitegen.cache import BuildCache
    site = many_stories(tmp_path / "site", 80)
    build(site)
    (site / "content/s000.md").write_text(story("Story 0", "2024-01-01T09:00:00+00:00", body="A corrected body."))
    read: list[str] = []
    rows = BuildCache.rows
    monkeypatch.setattr(BuildCache, "rows", lambda self, paths: read.extend(paths) or rows(self, paths))
    result = build(site)
    assert result.changed and len(set(read)) < 15, sorted(set(read))
    monkeypatch.undo()
    page = next(rel for rel in result.changed if "story-0/" in rel)
    assert "A corrected body." in (site / "public" / page).read_text(encoding="utf-8")
    fresh = many_stories(tmp_path / "clean", 80)
    (fresh / "content/s000.md").write_bytes((site / "content/s000.md").read_bytes())
    build(fresh)
    assert snapshot(site / "public") == snapshot(fresh / "public")


def test_an_unreadable_article_row_is_parsed_again(tmp_path):
    import sqlite3
    site = many_stories(tmp_path / "site", 30)
    build(site)
    with sqlite3.connect(site / ".sitegen/cache.sqlite") as db:
        db.execute("UPDATE articles SET data = '{\"broken' WHERE path = 's001.md'")
    (site / "content/s000.md").write_text(story("Story 0", "2024-01-01T09:00:00+00:00", body="A corrected body."))
    build(site)   # s000's page shows its neighbour s001, whose row cannot be read
    fresh = many_stories(tmp_path / "clean", 30)
    (fresh / "content/s000.md").write_bytes((site / "content/s000.md").read_bytes())
    build(fresh)
    assert snapshot(site / "public") == snapshot(fresh / "public")


def test_rows_encoded_beside_the_cache_while_pages_render_are_saved_like_the_others(tmp_path):
    """prepare_rows (run aside while a cold build plans) writes a side file that save() folds in;
    an article edited after it ran, and one the format cannot hold, are still handled right."""
    from sitegen.cache import SIDE, BuildCache
    from sitegen.content import parse_article
    from zoneinfo import ZoneInfo
    site = make_site(tmp_path / "site")
    folder = site / ".sitegen"
    cache = BuildCache.load(folder)
    st = os.stat(site / "site.toml")
    arts = {f"{n}.md": parse_article(f"{n}.md", story(f"Story {n}", "2025-01-10T09:00:00+00:00"), ZoneInfo("UTC"))
            for n in range(5)}
    for rel, art in arts.items():
        cache.remember(rel, st, art)
    cache.prepare_rows()
    assert (folder / SIDE).is_file()
    edited = parse_article("1.md", story("Story 1, edited", "2025-01-10T09:00:00+00:00"), ZoneInfo("UTC"))
    cache.remember("1.md", st, edited)  # after the side file was written: its row there is stale
    odd = parse_article("2.md", story("Story 2", "2025-01-10T09:00:00+00:00"), ZoneInfo("UTC"))
    object.__setattr__(odd, "extra", {"when": object()})  # nothing the cache format can hold
    cache.remember("2.md", st, odd)
    cache.save()
    assert not (folder / SIDE).exists()
    rows = BuildCache.load(folder).rows(list(arts))
    assert sorted(rows) == ["0.md", "1.md", "3.md", "4.md"]
    assert rows["1.md"].title == "Story 1, edited" and rows["4.md"].title == "Story 4"


def _remembered(tmp_path, n: int = 5):
    from sitegen.cache import BuildCache
    from sitegen.content import parse_article
    from zoneinfo import ZoneInfo
    site = make_site(tmp_path / "site")
    cache = BuildCache.load(site / ".sitegen")
    st = os.stat(site / "site.toml")
    for k in range(n):
        cache.remember(f"{k}.md", st, parse_article(f"{k}.md", story(f"Story {k}", "2025-01-10T09:00:00+00:00"),
                                                     ZoneInfo("UTC")))
    return site / ".sitegen", cache


def test_rows_encoded_aside_in_a_child_are_saved_and_what_it_could_not_encode_is_known(tmp_path):
    """A cold build encodes its rows in a forked child while it plans: the child's side file becomes
    the cache, and a row the format cannot hold is left out there too (parsed again next time)."""
    from sitegen.cache import SIDE, BuildCache
    folder, cache = _remembered(tmp_path)
    odd = cache._pending["2.md"]
    object.__setattr__(odd, "extra", {"when": object()})  # nothing the cache format can hold
    cache.prepare_rows_aside()
    cache.settle()
    assert (folder / SIDE).is_file()  # the child's work, waited for
    cache.save()
    assert not (folder / SIDE).exists()
    again = BuildCache.load(folder)
    assert sorted(again.rows([f"{k}.md" for k in range(5)])) == ["0.md", "1.md", "3.md", "4.md"]
    assert "2.md" not in again.stamps()  # no stamp without a row: the next build parses it


def test_rows_keep_articles_without_their_bodies_and_read_no_file(tmp_path):
    """An article's row is the article without its body, whether the build held it whole or
    without_body: encoding a row reads no file (a first build of 10,000 articles read 5,000 again
    for their bodies, 0.3 s of CPU and 50 MB of the cache's 75), and a page that shows a row's body
    reads it from its file (content.article_body)."""
    from sitegen import codec
    from sitegen.cache import BuildCache
    from sitegen.content import read_content, without_body
    from zoneinfo import ZoneInfo
    site = make_site(tmp_path / "site")
    content = site / "content"
    cache = BuildCache.load(site / ".sitegen")
    whole = {rel: read_content(content, rel, ZoneInfo("UTC")) for rel in ("a.md", "b.md")}
    cache.remember("a.md", os.stat(content / "a.md"), whole["a.md"])
    cache.remember("b.md", os.stat(content / "b.md"), without_body(whole["b.md"]))
    (content / "b.md").unlink()  # nothing reads it
    assert dict(cache._encoded(cache._pending.items())) == {rel: codec.dumps(without_body(art))
                                                            for rel, art in whole.items()}
    cache.save()
    rows = BuildCache.load(site / ".sitegen").rows(["a.md", "b.md"])
    assert rows == {rel: without_body(art) for rel, art in whole.items()} and rows["a.md"].body == ""


def test_a_child_that_fails_to_encode_leaves_the_rows_to_save_itself(tmp_path, monkeypatch):
    from sitegen.cache import SIDE, BuildCache

    def broken(self):
        (self.folder / SIDE).write_bytes(b"half a file")
        os._exit(3)  # killed half-way
    folder, cache = _remembered(tmp_path)
    monkeypatch.setattr(BuildCache, "prepare_rows", broken)
    cache.prepare_rows_aside()
    cache.settle()
    assert not (folder / SIDE).exists()  # not trusted, not folded in
    monkeypatch.undo()
    cache.save()
    assert sorted(BuildCache.load(folder).rows([f"{k}.md" for k in range(5)])) == [f"{k}.md" for k in range(5)]


def test_a_row_the_format_cannot_hold_is_read_again_however_the_next_build_compares(tmp_path):
    """The scan is saved only with rows for every file in it: the row left out is a changed file."""
    from sitegen.cache import BuildCache, Scan
    folder, cache = _remembered(tmp_path)
    st = os.stat(folder.parent / "site.toml")
    files = [(f"{k}.md", st) for k in range(5)]
    cache.observe(Scan.of(files))
    object.__setattr__(cache._pending["2.md"], "extra", {"when": object()})  # nothing the format can hold
    cache.save()
    assert [rel for rel, _ in BuildCache.load(folder).changed_files(Scan.of(files), files)[0]] == ["2.md"]
    cache.remember("2.md", st, cache.rows(["1.md"])["1.md"])  # now a row it can hold
    cache.observe(Scan.of(files))
    cache.save()
    assert BuildCache.load(folder).changed_files(Scan.of(files), files) == ([], True)  # from the saved scan


def _prepared_cache(tmp_path, n: int = 5):
    folder, cache = _remembered(tmp_path, n)
    cache.prepare_rows()
    return folder, cache


def test_a_cold_builds_side_file_becomes_the_cache_without_a_copy(tmp_path):
    """With no cache yet, the rows encoded while pages render are not copied into a new file:
    the side file is completed (meta, facts) and renamed into place."""
    from sitegen.cache import FILE, SIDE, BuildCache
    folder, cache = _prepared_cache(tmp_path)
    inode = os.stat(folder / SIDE).st_ino
    cache.save()
    assert not (folder / SIDE).exists() and os.stat(folder / FILE).st_ino == inode
    rows = BuildCache.load(folder).rows([f"{k}.md" for k in range(5)])
    assert sorted(rows) == [f"{k}.md" for k in range(5)] and rows["3.md"].title == "Story 3"


def test_a_kill_after_the_side_file_is_renamed_leaves_no_cache_not_a_broken_one(tmp_path):
    """Killed between the rename and the commit: the file has rows but no version, so the next
    build reads no cache (and builds everything), and its save starts a new one."""
    from sitegen.cache import FILE, SIDE, BuildCache
    folder, _ = _prepared_cache(tmp_path)
    (folder / SIDE).rename(folder / FILE)
    again = BuildCache.load(folder)
    assert again.rows(["1.md"]) == {} and not again.state.outputs
    site = folder.parent
    build(site)
    assert Builder(load_config(site)).cache.state.outputs  # (the cache as a build loads it)


def test_a_cold_save_that_fails_half_way_leaves_no_cache_and_the_next_save_has_every_row(tmp_path, monkeypatch):
    """Say the disk fills while the side file is being made the cache: no half-made cache stays
    open or on disk, and the next save (a watcher's, in the same process) writes every row."""
    import sqlite3
    from sitegen import cache as cache_mod
    folder, cache = _prepared_cache(tmp_path)
    schema = cache_mod._OTHERS
    monkeypatch.setattr(cache_mod, "_OTHERS", schema + "NOT SQL;")
    with pytest.raises(sqlite3.Error):
        cache.save()
    assert not (folder / cache_mod.FILE).exists() and not (folder / cache_mod.SIDE).exists()
    monkeypatch.setattr(cache_mod, "_OTHERS", schema)
    cache.save()
    rows = cache_mod.BuildCache.load(folder).rows([f"{k}.md" for k in range(5)])
    assert sorted(rows) == [f"{k}.md" for k in range(5)]


def test_a_side_file_left_by_a_failed_build_is_removed_by_the_next(tmp_path):
    from sitegen.cache import SIDE
    site = make_site(tmp_path / "site")
    build(site)
    (site / ".sitegen" / SIDE).write_bytes(b"left by a killed build")
    build(site)
    assert not (site / ".sitegen" / SIDE).exists()


def test_digest_is_the_hash_of_each_parts_repr_in_turn():
    """digest() hashes all the parts in one go; its values are those of hashing each part's repr and
    a separator in turn (what the build's saved fingerprints were made with), surrogates included."""
    import hashlib
    from sitegen.cache import digest

    def one_by_one(*parts):
        h = hashlib.blake2b(digest_size=12)
        for part in parts:
            h.update(repr(part).encode("utf-8", "surrogatepass"))
            h.update(b"\x1f")
        return h.hexdigest()

    for parts in [(), ("",), ("a", 1, None), (("x", ("y",)), {"k": [1.5]}), ("\ud800", "\udc00"), ("é\x1f",)]:
        assert digest(*parts) == one_by_one(*parts)
    assert digest("a", "b") != digest("ab") != digest("a", "", "b")


def test_the_scan_digest_changes_with_any_name_time_or_size(tmp_path):
    import os
    from sitegen.cache import Scan
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(name)
    files = [(name, os.stat(tmp_path / name)) for name in ("a.md", "b.md")]
    base = Scan.of(files).digest()
    assert Scan.of(list(files)).digest() == base
    assert Scan.of(files[:1]).digest() != base and Scan.of([("c.md", files[0][1]), files[1]]).digest() != base
    os.utime(tmp_path / "a.md", ns=(1, 1))
    assert Scan.of([("a.md", os.stat(tmp_path / "a.md")), files[1]]).digest() != base
    (tmp_path / "b.md").write_text("longer")
    assert Scan.of([files[0], ("b.md", os.stat(tmp_path / "b.md"))]).digest() != base


def test_a_scan_finds_the_files_whose_time_or_size_changed_and_only_those():
    from sitegen.cache import Scan
    from sitegen.content import Stamp
    files = [(f"{n:05d}.md", Stamp(1_700_000_000_000_000_000 + n, 100 + n)) for n in range(3000)]
    old = Scan.of(files)
    assert Scan.of(files).differing(old) == []
    moved = list(files)
    for n in (0, 511, 512, 2999):  # block edges of the byte comparison
        moved[n] = (files[n][0], Stamp(files[n][1].st_mtime_ns + 1, files[n][1].st_size))
    moved[1700] = (files[1700][0], Stamp(files[1700][1].st_mtime_ns, 7))
    assert Scan.of(moved).differing(old) == [0, 511, 512, 1700, 2999]
    assert Scan.of(files).paths() == [rel for rel, _ in files] and Scan.of([]).paths() == []
    assert Scan.of(files[:-1]).differing(old) is None  # a file gone
    assert Scan.of([("x.md", files[0][1]), *files[1:]]).differing(old) is None  # renamed


def test_an_edit_is_found_from_the_saved_scan_and_a_file_added_or_removed_file_by_file(tmp_path, monkeypatch):
    """The rows remember the scan they were saved from: an edit compares its columns (no stamp
    dict of every file), any other change compares file by file; both give a clean build's output."""
    from sitegen.cache import BuildCache
    site = many_stories(tmp_path / "site", 30)
    build(site)
    loaded: list[int] = []
    stamps = BuildCache.stamps
    monkeypatch.setattr(BuildCache, "stamps", lambda self: loaded.append(1) or stamps(self))
    (site / "content/s003.md").write_text(story("Story 3", "2024-01-04T09:00:00+00:00", body="Edited once."))
    assert build(site).changed and not loaded
    (site / "content/s030.md").write_text(story("Story 30", "2024-03-01T09:00:00+00:00", body="A new one."))
    (site / "content/s004.md").unlink()
    assert build(site).changed and loaded  # names changed: stamps compared one by one
    loaded.clear()
    (site / "content/s005.md").write_text(story("Story 5", "2024-01-06T09:00:00+00:00", body="Edited too."))
    assert build(site).changed and not loaded  # the scan saved by the build above has the new names
    fresh = many_stories(tmp_path / "clean", 31)
    (fresh / "content/s004.md").unlink()
    for rel in ("s003.md", "s005.md", "s030.md"):
        (fresh / "content" / rel).write_bytes((site / "content" / rel).read_bytes())
    build(fresh)
    assert snapshot(site / "public") == snapshot(fresh / "public")


def test_a_file_that_fails_to_parse_fails_every_build_until_fixed(tmp_path):
    """Its old row stays, so no scan may be taken as the rows' while it fails: neither the same
    process (watch) nor a new one builds quietly from the old row."""
    site = many_stories(tmp_path / "site", 10)
    build(site)
    good = (site / "content/s002.md").read_text()
    (site / "content/s002.md").write_text("---\ntitle: [unclosed\n---\nBody.\n")
    builder = Builder(load_config(site), BuildOptions())
    for again in (builder, builder, Builder(load_config(site), BuildOptions())):
        result = again.build(now=FIXED_NOW)
        assert not result.ok and "s002.md" in "".join(result.errors)
    (site / "content/s002.md").write_text(good.replace("Body of story 2.", "Fixed body."))
    page = next(rel for rel in builder.build(now=FIXED_NOW).changed if "story-2/" in rel)
    assert "Fixed body." in (site / "public" / page).read_text(encoding="utf-8")


def test_the_state_round_trips_and_a_damaged_one_is_not_trusted(tmp_path):
    """The state's output columns (paths, fingerprints, sizes, mtimes) come back as saved, names
    with spaces, newlines and non-ASCII included; a state whose columns are damaged loads as no
    state (everything is rebuilt), never as a wrong one."""
    from datetime import datetime, timezone
    from sitegen.cache import State
    outputs = {"index.html": ("ab12", 120, 1_700_000_000_123_456_789), "a b/c\nd é.html": ("", 0, 0),
               "static/x.css": ("static", 2**40, -5)}
    state = State("in", datetime(2026, 1, 2, tzinfo=timezone.utc), (3, 4), {"draft": 1}, outputs, ("w",), {"s": "t"})
    back = State.load(*state.dump())
    assert back.outputs == outputs and back.inputs == "in" and back.counts == (3, 4) and back.search == {"s": "t"}
    assert State.load(*State().dump()).outputs == {}
    head, blobs = state.dump()
    for key, value in [("out.sizes", blobs["out.sizes"][:-8]), ("out.fps", blobs["out.fps"][:-1]),
                       ("out.rels", b"one\0two"), ("out.mtimes", "text"), ("out.fps", None)]:
        try:
            State.load(head, {**blobs, key: value})
        except (ValueError, TypeError, IndexError, AttributeError):
            continue
        raise AssertionError(f"a damaged state loaded: {key}={value!r}")


def test_every_field_of_the_state_s_head_loads_back_into_itself_and_the_published_stamps_stay_unread():
    """int49: State.load filled the fields by position, so the merge of fix49a (copies, root_pages)
    and racy49 (racy, racy_scan) loaded the racy files into `copies` and the scan's digest into
    `root_pages`: every head field given a value not its default comes back in its own field, and
    copies/root_pages (saved apart, BuildCache.published) load as None, not read."""
    from dataclasses import fields
    from datetime import datetime, timezone
    when = datetime(2026, 1, 2, tzinfo=timezone.utc)
    state = State(inputs="in", valid_until=when, counts=(3, 4), left_out={"draft": 1}, recorded={},
                  warnings=("w",), search={"s": "t"}, search_files={"s": "f"}, built_at=when,
                  sources={"/c/p.jpg": (1, 2, 3, 4)}, ahead=("a",), copies={"x.txt": (1, 2)},
                  root_pages={"r.html": ((1,), "k", ("said",))}, racy={"/c/s.md": ((5, 6, 7, 8), "d")},
                  racy_scan="scan", ledger="l")
    back = State.load(*state.dump())
    apart = {"recorded", "columns", "copies", "root_pages"}
    assert {f.name for f in fields(State) if getattr(state, f.name) == getattr(State(), f.name)} <= apart
    assert [f.name for f in fields(State) if f.name not in apart
            and getattr(back, f.name) != getattr(state, f.name)] == []
    assert back.copies is None and back.root_pages is None


def test_a_state_naming_files_that_are_not_utf8_is_saved_into_sqlite_and_loads_back_the_same(tmp_path):
    """review50d 1: a file name that is not UTF-8 (static/caf\\xe9.txt, unzipped from a Windows archive)
    is a lone surrogate in the state's inputs and sources, the racy files and the published copies;
    the head was JSON with ensure_ascii=False, which SQLite cannot store (UnicodeEncodeError: watch's
    idle save of the cache killed watch and serve). Saved into a real meta table, every name comes back."""
    import json
    import sqlite3
    name = os.fsdecode(b"static/caf\xe9.txt")
    assert "\udce9" in name
    state = State(inputs=f"in {name}", valid_until=None, counts=(1, 2), left_out={}, recorded={name: ("static", 5, 6)},
                  warnings=(), search={}, sources={f"/s/{name}": (1, 2, 3, 4)}, copies={name: (1, 2)},
                  root_pages={f"{name}.html": ((1,), "k", ())}, racy={f"/s/{name}": ((5, 6, 7, 8), "d")})
    db = sqlite3.connect(tmp_path / "meta.sqlite", isolation_level=None)
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    state.save(db)
    found = dict(db.execute("SELECT key, value FROM meta"))
    published = json.loads(found.pop("published"))
    back = State.load(found.pop("state"), found)
    assert (back.inputs, back.sources, back.racy, back.outputs) == (state.inputs, state.sources, state.racy, state.outputs)
    assert published["copies"] == {name: [1, 2]} and list(published["root_pages"]) == [f"{name}.html"]


def test_an_edit_reads_and_replaces_state_entries_as_loaded_and_saves_what_the_dict_would(tmp_path):
    """An edit's few entries are read and replaced in the loaded columns (no dict of every output)
    and written into the saved blobs in place; a new output or a wider fingerprint falls back to
    the dict; either way what is saved loads as what the dict holds."""
    import sqlite3
    from sitegen.cache import State
    outputs = {f"p{n}/index.html": (f"fp{n:02d}", n, 10 * n) for n in range(40)} | {"s.css": ("static", 1, 2)}
    edits = {f"p{n}/index.html": (f"new{n}", n + 1, 7) for n in (0, 3, 39, 17, 22, 5)}  # past the scan's few lookups
    db = sqlite3.connect(tmp_path / "meta.sqlite", isolation_level=None)
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")

    def saved() -> State:
        found = dict(db.execute("SELECT key, value FROM meta"))
        return State.load(found.pop("state"), found)
    State("in", None, (1, 2), {}, dict(outputs), (), {}).save(db)
    loaded = saved()
    assert loaded.entry("p3/index.html") == ("fp03", 3, 30) and loaded.entry("nope") is None
    prints = loaded.page_prints()
    assert len(prints) == 40 and prints["p7/index.html"] == "fp07" and "s.css" not in prints
    loaded.update(edits)
    assert loaded.recorded is None and len(prints) == 40  # still columns
    before = db.total_changes
    loaded.save(db)
    assert db.total_changes - before == 1  # the head row; the columns written in place
    assert saved().outputs == {**outputs, **edits} and saved().page_prints()["p3/index.html"] == "new3"
    loaded.update({"p1/index.html": ("static", 1, 1)})
    assert len(loaded.page_prints()) == 39
    stale = saved()  # saved over by `loaded` below: its columns are no longer what the database holds
    loaded.save(db)
    stale.update({"p2/index.html": ("x", 1, 1)})
    stale.save(db)  # written whole, not patched into blobs it did not load
    assert saved().outputs == {**outputs, **edits, "p2/index.html": ("x", 1, 1)}
    wider = saved()
    wider.update({"p4/index.html": ("a-fingerprint-wider-than-all", 1, 1), "new/index.html": ("x", 1, 1)})
    assert wider.recorded is not None  # the dict
    wider.save(db)
    assert saved().outputs == wider.outputs


def test_a_saved_plans_pages_are_read_by_number_and_a_missing_row_makes_a_new_plan(tmp_path):
    """The plan's pages are rows of the cache: a restored plan reads the pages it is asked for, and
    equals the plan that was saved; with a row gone, the edit is planned from scratch and the
    output still equals a clean build."""
    import sqlite3
    site = make_site(tmp_path / "site")
    first = Builder(load_config(site), BuildOptions())
    assert first.build(now=FIXED_NOW).ok  # the plan in memory, its pages as planned
    saved = LastPlan.restore(first.cache, first.config)
    assert saved is not None and len(saved.site.pages) == len(first.last.site.pages)
    assert list(saved.site.pages) == list(first.last.site.pages)
    assert saved.site.pages[-1] == first.last.site.pages[-1] and saved.site.pages[1:3] == list(first.last.site.pages[1:3])
    assert list(saved.site.related) == list(first.last.site.related) and saved.site.related[-1] == first.last.site.related[-1]
    assert list(saved.site.labels) == list(first.last.site.labels) and len(saved.site.labels) == len(first.last.site.labels)
    alpha = saved.index["a.md"]
    assert [p.output for p in saved.full_deps.get(alpha)] == [p.output for p in first.last.full_deps.get(alpha)]
    outputs = [p.output for p in first.last.site.pages]
    assert saved.site.pages.outputs() == outputs  # the layout's blob of them
    db = sqlite3.connect(site / ".sitegen/cache.sqlite")
    with db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'layout.outputs'", ("\0".join(outputs[1:]).encode(),))
    assert saved.site.pages.outputs() == outputs and db.total_changes == 1  # a blob that does not fit: the column
    with db:
        db.execute("DELETE FROM pages WHERE n = (SELECT pages FROM deps WHERE article = ?) ->> 0", (alpha,))
    assert db.total_changes == 2
    db.close()
    (site / "content/a.md").write_text(story("Alpha", "2025-01-10T09:00:00+00:00", body="New body text."))
    build(site)
    assert snapshot(site / "public") == clean_build(tmp_path, site)


def test_a_damaged_row_of_an_articles_related_stories_makes_a_new_plan(tmp_path):
    import sqlite3
    site = make_site(tmp_path / "site")
    build(site)
    db = sqlite3.connect(site / ".sitegen/cache.sqlite")
    with db:
        db.execute("UPDATE listed SET related = '[\"x\"]'")
    assert db.total_changes > 0
    db.close()
    (site / "content/a.md").write_text(story("Alpha", "2025-01-10T09:00:00+00:00", body="Another body."))
    build(site)
    assert snapshot(site / "public") == clean_build(tmp_path, site)


def test_a_file_edited_after_its_parse_gets_the_parsed_row_and_is_parsed_again_next_time(tmp_path):
    """The rows (encoded aside, in a child) are the articles as parsed, without their bodies: a file
    edited since its parse keeps that parse's row and stat, so the next build sees the edit and
    parses it again, and every page equals a clean build's."""
    from sitegen.cache import BuildCache, Scan
    from sitegen.content import read_content, without_body
    from zoneinfo import ZoneInfo
    site = make_site(tmp_path / "site")
    content = site / "content"
    cache = BuildCache.load(site / ".sitegen")
    parsed = {rel: read_content(content, rel, ZoneInfo("UTC")) for rel in ("a.md", "b.md")}
    for rel, art in parsed.items():
        cache.remember(rel, os.stat(content / rel), without_body(art))
    (content / "b.md").write_text(story("Beta", "2025-01-12T09:00:00+00:00", "Economy", "Edited since."))
    cache.prepare_rows_aside()
    cache.save()
    loaded = BuildCache.load(site / ".sitegen")
    assert loaded.rows(["a.md", "b.md"]) == {rel: without_body(art) for rel, art in parsed.items()}
    files = [(rel, os.stat(content / rel)) for rel in ("a.md", "b.md")]
    assert [rel for rel, _ in loaded.changed_files(Scan.of(files), files)[0]] == ["b.md"]


def test_page_fingerprints_hash_what_digest_hashes(tmp_path, monkeypatch):
    """Fingerprints.page keeps the reprs of its first and last parts per template, and still hashes
    digest(base, page, counted, shown, template's fingerprint), the page less its stories' indices
    (review43d: a new newest story shifts them all; `shown` holds what it shows of them)."""
    import ast
    from sitegen import build as build_mod
    from sitegen.cache import digest
    found = {}
    real = build_mod.render_pages
    monkeypatch.setattr(build_mod, "render_pages", lambda job, *a, **k: found.setdefault("job", job) and real(job, *a, **k))
    build(make_site(tmp_path / "site"))
    prints = found["job"].prints
    assert prints is not None
    values = {p.output: prints.page(p) for p in prints.site.pages}
    monkeypatch.setattr(build_mod, "digest_text", lambda text: text)
    kinds = set()
    for page in prints.site.pages:
        text = prints.page(page)
        if not text:
            continue
        fp = prints.theme.fingerprint(page.template)
        own = tuple(value for name, value in vars(page).items() if name != "articles")
        head, tail = repr(prints.base) + "\x1f" + repr(own) + "\x1f", "\x1f" + repr(fp) + "\x1f"
        assert text.startswith(head) and text.endswith(tail)
        counted, shown = map(ast.literal_eval, text[len(head):-len(tail)].split("\x1f"))
        assert values[page.output] == digest(prints.base, own, counted, shown, fp)
        kinds.add(page.kind)
    assert {"article", "tag", "feed", "index", "tags"} <= kinds


def test_page_fingerprints_are_those_of_the_formula_they_replaced(tmp_path, monkeypatch):
    """Fingerprints.page computes what a page shows of its stories once, by kind (it made the list
    pages' tuple for every page first): the same values as the formula it replaced, every kind."""
    from sitegen import build as build_mod
    from sitegen.build import leads
    from sitegen.cache import digest_text
    from sitegen.site import term_script
    found = {}
    real = build_mod.render_pages
    monkeypatch.setattr(build_mod, "render_pages", lambda job, *a, **k: found.setdefault("job", job) and real(job, *a, **k))
    build(make_site(tmp_path / "site"))
    prints = found["job"].prints

    def before(page):  # session 21's Fingerprints.page
        if page.kind in prints.ALWAYS:
            return ""
        site, L = prints.site, prints.listing
        shown = tuple(L(i) for i in page.articles)
        if leads(page):
            lead = site.articles[page.articles[0]]
            shown += ("" if lead.summary else prints._lede(lead),)
        if page.kind == "article":
            i = page.articles[0]
            around = tuple(L(j) if 0 <= j < len(site.articles) else None for j in site.neighbours(i))   # rr54b 3
            others = site.translations[i] if site.translations else ()
            shown = (site.articles[i].digest, L(i), tuple(L(j) for j in site.related[i]), around, tuple(L(j) for j in others))
        elif page.kind == "feed":
            shown = tuple((site.articles[i].digest, L(i)) for i in page.articles)
        elif page.kind in ("tags", "authors"):  # since fix40g (fix55a: authors'): each name's lang and dir marks (term_script)
            language = page.edition or site.config.site.language
            table = {"tags": site.tags, "authors": site.authors}[page.kind]
            shown = tuple((t.name, t.url, len(t.articles), term_script(site, t, language)) for t in table.values())
        elif page.kind == "archives":
            shown = tuple((t.name, t.url, len(t.articles)) for t in site.months.values())
        term = {"tag": site.tags, "author": site.authors, "archive": site.months,
                "section": site.sections}.get(page.kind, {}).get(page.term)
        counted = (term.name, len(term.articles)) if term else ""
        if page.kind in ("tag", "author") and term:
            counted += term_script(site, term, page.edition or site.config.site.language)
        fp = prints.theme.fingerprint(page.template)
        own = tuple(value for name, value in vars(page).items() if name != "articles")  # since fix43d: no indices
        return digest_text(f"{prints.base!r}\x1f{own!r}\x1f{counted!r}\x1f{shown!r}\x1f{fp!r}\x1f")

    assert {p.kind for p in prints.site.pages} >= {"article", "tag", "feed", "index", "tags", "author", "archive"}
    for page in prints.site.pages:
        assert prints.page(page) == before(page), page.output


def _layout_rows(root: Path) -> dict:
    """The saved plan's layout as the cache holds it: its tables and meta values (its id, which
    names the site's folder through the config's digest, left out)."""
    import json
    import sqlite3
    db = sqlite3.connect(root / ".sitegen" / "cache.sqlite")
    try:
        head = json.loads(db.execute("SELECT value FROM meta WHERE key = 'layout'").fetchone()[0])
        return {"pages": db.execute("SELECT * FROM pages ORDER BY n").fetchall(),
                "deps": db.execute("SELECT * FROM deps ORDER BY article").fetchall(),
                "listed": db.execute("SELECT * FROM listed ORDER BY article").fetchall(),
                "outputs": db.execute("SELECT value FROM meta WHERE key = 'layout.outputs'").fetchone(),
                "head": {k: v for k, v in head.items() if k != "id"}}
    finally:
        db.close()


def test_a_parallel_build_encodes_its_plans_layout_while_its_pages_render(tmp_path, monkeypatch):
    """The layout's rows depend on the plan alone: a build whose pages render in other processes
    encodes them here meanwhile, not at its end, and saves the same rows a serial build encodes
    as it saves them; the plan restored from them rebuilds an edit equal to a clean build."""
    from sitegen import build as b, cache as c
    calls: list[tuple[str, bool]] = []
    for module in (b, c):
        original = module.encode_layout
        monkeypatch.setattr(module, "encode_layout", lambda layout, now=False, _m=module.__name__, _o=original:
                            (calls.append((_m, now)), _o(layout, now))[1])
    serial = make_site(tmp_path / "one")
    build_result = Builder(load_config(serial), BuildOptions(workers=1)).build(now=FIXED_NOW)
    assert build_result.ok and calls == [("sitegen.cache", False)]  # encoded as it was saved
    calls.clear()
    monkeypatch.setattr(b, "SERIAL_BELOW", 0)  # a small site: fork anyway
    parallel = make_site(tmp_path / "two")
    rendered_after: list[bool] = []
    render = b._render_parallel

    def spy(job, pages, workers, meanwhile=None):
        def early():
            meanwhile()
            rendered_after.append(True)
        return render(job, pages, workers, early if meanwhile else None)
    monkeypatch.setattr(b, "_render_parallel", spy)
    assert Builder(load_config(parallel), BuildOptions(workers=2)).build(now=FIXED_NOW).ok
    assert calls == [("sitegen.build", True)] and rendered_after == [True]  # while rendering, once
    assert _layout_rows(parallel) == _layout_rows(serial)
    # the rows a build encodes early are the rows encoded as they are written
    layout = {"pages": [("a/index.html", ["article", [1, 2]]), ("b/index.html", ["tag", []])], "deps": {0: [0], 1: [1]},
              "related": [[1], [0]], "labels": [["", ""], ["k", "Kicker"]], "id": "x", "paths": ["a.md", "b.md"]}
    now, lazy = c.encode_layout(layout, now=True), c.encode_layout(layout)
    assert (now.pages, now.deps, now.listed, now.outputs, now.head) == \
        (list(lazy.pages), list(lazy.deps), list(lazy.listed), lazy.outputs, lazy.head)
    # the saved plan rebuilds one body edit in a new process, equal to a clean build
    (parallel / "content/a.md").write_text(story("Alpha", "2025-01-10T09:00:00+00:00", body="New body text."))
    builder = Builder(load_config(parallel), BuildOptions(workers=2))
    monkeypatch.setattr(b, "build_site", lambda *a, **k: pytest.fail("planned again"))
    assert builder.build(now=FIXED_NOW).ok
    monkeypatch.undo()
    assert snapshot(parallel / "public") == clean_build(tmp_path, parallel)


def test_a_failed_parallel_build_saves_no_layout_encoded_early(tmp_path, monkeypatch):
    """The layout encoded while the pages rendered is only saved with the build: a page that
    fails leaves public/ and the cache as they were (none, for a first build)."""
    from sitegen import build as b
    monkeypatch.setattr(b, "SERIAL_BELOW", 0)
    site = make_site(tmp_path / "site")
    (site / "templates").mkdir()
    (site / "templates" / "tag.html").write_text('{% extends "_list.html" %}\n{% block kicker %}{{ nope }}{% endblock %}\n')
    result = Builder(load_config(site), BuildOptions(workers=2)).build(now=FIXED_NOW)
    assert not result.ok and not (site / "public").exists()
    assert not (site / ".sitegen" / "cache.sqlite").exists()


_SMALL_LAYOUT = {"pages": [("a/index.html", ["article", [1, 2]]), ("b/index.html", ["tag", []])], "deps": {0: [0], 1: [1]},
                 "related": [[1], [0]], "labels": [["", ""], ["k", "Kicker"]], "id": "x", "paths": ["a.md", "b.md"]}


def _statements(monkeypatch) -> list[str]:
    """The SQL the cache's own connection runs from now on."""
    from sitegen import cache as cache_mod
    seen: list[str] = []
    connect = cache_mod._connect

    def traced(path):
        db = connect(path)
        db.set_trace_callback(seen.append)
        return db
    monkeypatch.setattr(cache_mod, "_connect", traced)
    return seen


def _saved_layout(folder: Path) -> tuple[list, list, list]:
    import sqlite3
    db = sqlite3.connect(folder / "cache.sqlite")
    try:
        return tuple(db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in ("pages", "deps", "listed"))
    finally:
        db.close()


def test_a_cold_builds_layout_rows_go_into_the_side_file_while_pages_render(tmp_path, monkeypatch):
    """stage_layout writes the layout's rows into the side file that becomes the cache, so the
    save at the build's end (every other core idle) writes none of them, and the same rows are saved."""
    from sitegen.cache import encode_layout
    folder, cache = _prepared_cache(tmp_path)
    rows = encode_layout(_SMALL_LAYOUT, now=True)
    cache.stage_layout(rows)
    cache.keep_plan(rows, {"inputs": "i"})
    seen = _statements(monkeypatch)
    cache.save()
    assert seen and not [s for s in seen if s.startswith(("INSERT INTO pages", "INSERT INTO deps", "INSERT INTO listed"))]
    assert _saved_layout(folder) == (rows.pages, rows.deps, rows.listed)


def test_the_side_file_is_synced_while_pages_render_not_at_the_save(tmp_path, monkeypatch):
    """stage_layout leaves the side file in the cache's WAL mode with its data synced, so the save
    at the build's end (every other core idle) neither switches its journal (a synced rollback
    transaction) nor syncs its megabytes, and the cache it makes reads back whole."""
    import sqlite3
    from sitegen.cache import SIDE, BuildCache, encode_layout
    folder, cache = _prepared_cache(tmp_path)
    synced: list[str] = []  # the files this process syncs (SQLite's own syncs are not os.fdatasync)
    real = os.fdatasync
    monkeypatch.setattr(os, "fdatasync", lambda fd: (synced.append(os.readlink(f"/proc/self/fd/{fd}")), real(fd))[1])
    rows = encode_layout(_SMALL_LAYOUT, now=True)
    cache.stage_layout(rows)
    assert synced == [str(folder / SIDE)]
    db = sqlite3.connect(folder / SIDE)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)  # kept in the file
    db.close()
    cache.keep_plan(rows, {"inputs": "i"})
    cache.save()
    assert _saved_layout(folder) == (rows.pages, rows.deps, rows.listed)
    assert sorted(BuildCache.load(folder).rows([f"{k}.md" for k in range(5)])) == [f"{k}.md" for k in range(5)]


def test_layout_rows_staged_but_not_saved_with_the_build_are_not_kept(tmp_path):
    """The plan saved is not the one staged (or none is): the staged rows go, the saved ones stay."""
    from sitegen.cache import encode_layout
    folder, cache = _prepared_cache(tmp_path)
    cache.stage_layout(encode_layout(_SMALL_LAYOUT, now=True))
    other = encode_layout({**_SMALL_LAYOUT, "pages": [("c/index.html", ["tag", []])], "deps": {}}, now=True)
    cache.keep_plan(other, {"inputs": "i"})
    cache.save()
    assert _saved_layout(folder) == (other.pages, other.deps, other.listed)
    folder, cache = _prepared_cache(tmp_path / "none")
    cache.stage_layout(encode_layout(_SMALL_LAYOUT, now=True))
    cache.save()
    assert _saved_layout(folder) == ([], [], [])


def test_layout_rows_are_staged_only_into_a_side_file_that_becomes_the_cache(tmp_path, monkeypatch):
    """With a cache already there (an edit), or no side file, the rows are written at the save as before."""
    import sqlite3
    from sitegen.cache import SIDE, BuildCache, encode_layout
    folder, cache = _remembered(tmp_path)  # no side file
    rows = encode_layout(_SMALL_LAYOUT, now=True)
    cache.stage_layout(rows)
    assert not (folder / SIDE).exists()
    cache.keep_plan(rows, {"inputs": "i"})
    cache.save()
    assert _saved_layout(folder) == (rows.pages, rows.deps, rows.listed)
    again = BuildCache.load(folder)
    again.remember("0.md", os.stat(folder.parent / "site.toml"), again.rows(["0.md"])["0.md"])
    again.prepare_rows()  # a side file to fold into the existing cache
    again.stage_layout(rows)
    side = sqlite3.connect(folder / SIDE)
    assert [t for (t,) in side.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["articles"]
    side.close()
    again.keep_plan(rows, {"inputs": "i"})
    again.save()
    assert _saved_layout(folder) == (rows.pages, rows.deps, rows.listed)



@settings(max_examples=100, deadline=None)
@given(names=st.lists(st.text("ab-é中", min_size=1, max_size=6), min_size=1, max_size=40),
       size=st.integers(1, 9), data=st.data())
def test_runs_of_the_outputs_check_each_output_once_and_find_the_one_touched(tmp_path_factory, names, size, data):
    """intact_runs (the outputs' check in pieces: split from the saved bytes when they are ASCII,
    else by position) covers each output exactly once, in order; the run holding a touched output,
    and only it, is not intact."""
    out = tmp_path_factory.mktemp("out")
    rels = [f"{n}/{name}.html" for n, name in enumerate(names)]
    outputs = {}
    for n, rel in enumerate(rels):
        (out / str(n)).mkdir()
        (out / rel).write_text("x" * n)
        st_ = (out / rel).stat()
        outputs[rel] = ("fp", st_.st_size, st_.st_mtime_ns)
    state = State.load(*State(recorded=outputs).dump())
    assert (state.columns._rels is None) == all(r.isascii() for r in rels)  # ASCII: no str made yet
    count, intact = state.intact_runs(str(out), size)
    if state.columns._rels is None:
        runs = state.columns.chunks(size)
        saved = state.columns.names
        split = [saved[a:b - 1].split(b"\0") for (a, _), (b, _) in zip(runs, runs[1:])]
        assert [p.decode() for run in split for p in run] == rels
        assert [first for _, first in runs] == [sum(map(len, split[:i])) for i in range(len(split) + 1)]
        assert len(split) == count
        owner = [i for i, run in enumerate(split) for _ in run]
    else:
        owner = [n // size for n in range(len(rels))]
    assert all(intact(i) for i in range(count))
    hit = data.draw(st.integers(0, len(rels) - 1))
    os.utime(out / rels[hit], ns=(0, outputs[rels[hit]][2] + 10**9))
    assert [i for i in range(count) if not intact(i)] == [owner[hit]]
    assert state.columns.rels == rels  # made from the bytes when asked for: the same str


@settings(max_examples=200, deadline=None)
@given(names=st.lists(st.text("ab/é", max_size=4), max_size=12, unique=True), data=st.data())
def test_an_edits_few_lookups_find_each_output_in_the_saved_bytes_without_making_the_paths_str(names, data):
    """An edit asks for its page's entry (get, then put): found by position in the saved bytes while
    they are ASCII, the 177,208 paths at 100,000 articles not split into str for it; a path not there,
    or one that could not be there (not ASCII, a NUL), is None; past SCAN_UP_TO lookups, indexed."""
    rels = [f"{name}.html" if data.draw(st.booleans()) else name for name in names]
    state = State.load(*State(recorded={rel: (f"fp{n}", n, n) for n, rel in enumerate(rels)}).dump())
    columns, ascii_only = state.columns, all(r.isascii() for r in rels)
    asked = data.draw(st.lists(st.sampled_from([*rels, "", "x.html", "a\0b", "é.html"]), max_size=columns.SCAN_UP_TO))
    for rel in asked:
        assert columns.get(rel) == ((f"fp{rels.index(rel)}", rels.index(rel), rels.index(rel)) if rel in rels else None)
    assert (columns._rels is None) == (ascii_only and bool(rels))   # the bytes, still
    if rels:
        assert columns.put(rels[-1], ("new", 1, 2)) and state.outputs[rels[-1]] == ("new", 1, 2)
        assert columns.position(rels[0]) == 0 and columns.rels == rels


def _article_rows(site: Path) -> dict[str, str]:
    import sqlite3
    with sqlite3.connect(site / ".sitegen/cache.sqlite") as db:
        return dict(db.execute("SELECT path, data FROM articles"))


def test_a_first_builds_parse_child_writes_the_rows_of_what_it_parses(tmp_path, monkeypatch):
    """A first parallel build's parse child writes the cache rows of its articles while it holds
    their bodies, so no child reads every file again to encode them; the rows saved are the same
    as a serial build's, and so is the site. Rows of what this process parsed are still encoded."""
    from sitegen import build as b
    from sitegen.cache import BuildCache
    def build_with(site: Path, workers: int):
        assert Builder(load_config(site), BuildOptions(workers=workers)).build(now=FIXED_NOW).ok
    serial = many_stories(tmp_path / "serial", 40)
    build_with(serial, 1)
    encoded: list[int] = []
    prepare = BuildCache.prepare_rows
    monkeypatch.setattr(BuildCache, "prepare_rows", lambda self: (encoded.append(len(self._pending)), prepare(self)))
    monkeypatch.setattr(b, "SERIAL_BELOW", 1)
    parallel = many_stories(tmp_path / "parallel", 40)
    build_with(parallel, 2)
    assert _article_rows(parallel) == _article_rows(serial) and len(_article_rows(serial)) == 40
    assert snapshot(parallel / "public") == snapshot(serial / "public")
    # the child took every ticket before this process (which loads templates meanwhile) asked
    assert encoded == [], encoded
    # with nothing to do meanwhile, this process parses too (two chunks of 20): the rows of its
    # articles come from the child that encodes the rest
    monkeypatch.setattr(b.Builder, "_load_renderer", lambda self, others: None)
    both = many_stories(tmp_path / "both", 40)
    build_with(both, 2)
    assert _article_rows(both) == _article_rows(serial)


def test_side_rows_of_a_failed_parse_child_are_not_trusted(tmp_path, monkeypatch):
    """A parse child that dies leaves its side file unread: the rows are encoded as before."""
    from sitegen import aside, build as b
    from sitegen.cache import SIDE, SideRows
    from sitegen.config import load_config
    from sitegen.content import read_content
    site = many_stories(tmp_path / "site", 30)
    config = load_config(site)
    content = config.path("content")
    rels = sorted(p.name for p in content.glob("*.md"))

    class Died:  # forked, wrote part of the side file, then died
        def __init__(self, work):
            rows = SideRows(config.path("cache"))
            rows.add([("s000.md", read_content(content, "s000.md", config.tz))])

        def close(self):
            return None

        def cancel(self):
            pass
    monkeypatch.setattr(aside, "Aside", Died)
    monkeypatch.setattr(b, "SERIAL_BELOW", 1)
    monkeypatch.setattr(b, "KEEP_BODIES", 0)  # else no rows are written while parsing (see _parse_beside)
    rows = SideRows(config.path("cache"))
    found = b.parse_files(content, rels, config, 1, lambda: None, rows)
    assert found == b.parse_files(content, rels, config, 1)
    assert rows.written == [] and not (config.path("cache") / SIDE).exists()


def test_side_rows_leave_out_what_the_format_cannot_hold(tmp_path):
    from sitegen.cache import SIDE, BuildCache, SideRows
    folder, cache = _remembered(tmp_path)
    odd = cache._pending["2.md"]
    object.__setattr__(odd, "extra", {"when": object()})
    rows = SideRows(folder)
    rows.add((rel, art) for rel, art in cache._pending.items() if rel != "4.md")
    rows.close()
    assert rows.written == ["0.md", "1.md", "3.md"] and rows.unsaveable == ["2.md"]
    cache.adopt_rows(rows.written, rows.unsaveable)
    cache.prepare_rows_aside()  # 4.md only
    cache.save()
    assert not (folder / SIDE).exists()
    assert sorted(BuildCache.load(folder).rows([f"{k}.md" for k in range(5)])) == ["0.md", "1.md", "3.md", "4.md"]


_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.lists(inner, max_size=4).map(tuple)
    | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(_JSONISH, max_size=6))
def test_a_layouts_rows_are_encoded_as_the_row_encoder_encodes_them(values):
    """encode_layout's encoder (JSON's C encoder made once a layout) gives _ROW.encode's text for
    any value a row holds, one after another; a value it cannot encode fails as before."""
    from sitegen.cache import _ROW, _row_encoder
    encode = _row_encoder()
    assert [encode(v) for v in values] == [_ROW.encode(v) for v in values]
    with pytest.raises(TypeError):
        encode([1, {2, 3}])
    assert _row_encoder()(values) == _ROW.encode(values)


def test_a_plans_rows_hold_each_fields_value_in_field_order():
    from dataclasses import fields
    from sitegen.build import _row
    from sitegen.site import Page, Term
    page, term = Page("tag", "/t/x/", "t/x/index.html", "tag.html", (1, 2), "x", 2, 3, "", "de"), Term("X", "x", "/t/x/", (1,))
    for obj in (page, term):
        assert _row(obj) == [getattr(obj, f.name) for f in fields(obj)]


def test_a_cold_builds_facts_are_written_with_its_staged_layout_rows_as_at_the_save(tmp_path, monkeypatch):
    """A parallel cold build writes its articles' facts into the side file with the layout rows,
    while its pages render; the cache then holds the facts a serial build writes as it saves."""
    import sqlite3
    from sitegen import build as b, cache as c
    serial = make_site(tmp_path / "one")
    assert Builder(load_config(serial), BuildOptions(workers=1)).build(now=FIXED_NOW).ok
    monkeypatch.setattr(b, "SERIAL_BELOW", 0)  # a small site: fork anyway
    parallel = make_site(tmp_path / "two")
    for rel in ("a.md", "b.md", "c.md", "later.md"):  # the facts hold each file's mtime
        st_ = (serial / "content" / rel).stat()
        os.utime(parallel / "content" / rel, ns=(st_.st_atime_ns, st_.st_mtime_ns))
    at_save: list[bool] = []
    save_articles = c.BuildCache._save_articles
    monkeypatch.setattr(c.BuildCache, "_save_articles", lambda self, db, ready, attached, facts=True:
                        (at_save.append(facts), save_articles(self, db, ready, attached, facts))[1])
    assert Builder(load_config(parallel), BuildOptions(workers=2)).build(now=FIXED_NOW).ok
    assert at_save == [False]  # staged with the layout

    def facts(root: Path) -> list[tuple]:
        db = sqlite3.connect(root / ".sitegen" / "cache.sqlite")
        try:
            return db.execute("SELECT * FROM facts ORDER BY path").fetchall()
        finally:
            db.close()

    def own(row: tuple) -> tuple:  # ctime and inode are each copy's own
        return row[:3] + row[5:]
    assert [own(r) for r in facts(parallel)] == [own(r) for r in facts(serial)] and len(facts(serial)) == 4
    for root in (serial, parallel):
        assert all(r[3:5] == (st.st_ctime_ns, st.st_ino) for r in facts(root)
                   for st in [(root / "content" / r[0]).stat()])


def test_a_new_sitegen_does_not_answer_from_an_older_ones_cache(tmp_path):
    """An upgrade (here: a copy of the package with one module edited) rebuilds what it would
    write differently; before, the cache's "nothing changed" kept the old version's pages."""
    import subprocess
    import sys
    import sitegen
    from builders import copy_site
    pkg = tmp_path / "pkg"
    shutil.copytree(Path(sitegen.__file__).parent, pkg / "sitegen", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(DEFAULT_THEME, pkg / "templates")  # the default theme, beside the package as in a checkout
    site = copy_site("newsroom", tmp_path / "site")
    env = {**os.environ, "PYTHONPATH": str(pkg), "XDG_CACHE_HOME": str(tmp_path / "xdg")}

    def build() -> str:
        run = subprocess.run([sys.executable, "-m", "sitegen.cli", "build", "--no-convert"], cwd=site, env=env,
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        return (site / "public" / "robots.txt").read_text(encoding="utf-8")

    assert not build().startswith("# upgraded")
    module = pkg / "sitegen" / "sitemaps.py"
    module.write_text(module.read_text(encoding="utf-8").replace(
        'lines = ["User-agent: *"', 'lines = ["# upgraded", "User-agent: *"', 1), encoding="utf-8")
    assert build().startswith("# upgraded")


def test_a_new_site_timezone_or_language_reads_every_article_again(tmp_path):
    """An article's time without a zone is in [site] timezone, and one without `language` is in
    [site] language: its cached row, parsed under the old ones, must not outlive a change (the
    story's time shifted by the zones' difference, its page kept the old lang, until a clean build)."""
    site = make_site(tmp_path / "site")
    (site / "content/local.md").write_text("---\ntitle: Council meets\ndate: 2025-01-14 08:30\n---\nIt met.\n")
    build(site)
    toml = SITE_TOML.replace("[site]\n", '[site]\ntimezone = "America/New_York"\nlanguage = "de"\n')
    (site / "site.toml").write_text(toml)
    build(site)
    fresh = write_files(tmp_path / "clean", {"site.toml": toml})
    shutil.copytree(site / "content", fresh / "content")
    build(fresh)
    page = (site / "public/2025/01/council-meets/index.html").read_text()
    assert 'datetime="2025-01-14T08:30:00-05:00"' in page and '<html lang="de"' in page
    assert snapshot(site / "public") == snapshot(fresh / "public")


def test_saved_addresses_are_read_from_an_older_sitegens_cache_and_nothing_from_a_damaged_one(tmp_path):
    # the first build after an upgrade compares addresses with the older sitegen's plan (moved_by_rules)
    import sqlite3
    from builders import build, copy_site
    from sitegen.cache import BuildCache
    root = copy_site("newsroom", tmp_path / "site")
    assert build(root).ok
    folder = root / ".sitegen"
    # this version's cache, opened as a build opens it (its version holds [site] timezone and language,
    # so a load without them took the older cache's path: fix34d); its state is read only then
    cache = Builder(load_config(root)).cache
    assert cache.state.inputs != ""
    mine = cache.saved_addresses()
    assert mine["/2025/01/council-approves-budget-with-ps4m-for-flood-defences-and-libraries/"] == "council-budget.md"
    with sqlite3.connect(folder / "cache.sqlite") as db:
        db.execute("UPDATE meta SET value = '1+older' WHERE key = 'version'")
    db.close()
    older = BuildCache.load(folder)
    assert older.state.inputs == "" and older.saved_addresses() == mine
    with sqlite3.connect(folder / "cache.sqlite") as db:
        db.execute("""UPDATE meta SET value = '{"urls": ["/a/"], "paths": []}' WHERE key = 'layout'""")
    db.close()
    assert BuildCache.load(folder).saved_addresses() == {}


def test_older_digests_are_read_from_a_cache_not_read_and_not_from_this_versions_own(tmp_path):
    # inv46h: with a cache of another sitegen or other settings the build parses every file with no
    # earlier version, so whether a moved story was edited comes from that cache's rows, read as
    # plain JSON (another version's Article has other fields: codec would not decode it)
    import sqlite3
    from builders import build, copy_site
    from sitegen.cache import BuildCache
    root = copy_site("newsroom", tmp_path / "site")
    assert build(root).ok
    folder = root / ".sitegen"
    import hashlib
    digest = hashlib.blake2b((root / "content/council-budget.md").read_bytes(), digest_size=12).hexdigest()
    assert Builder(load_config(root)).cache.older_digests(["council-budget.md"]) == {}   # its rows are read
    with sqlite3.connect(folder / "cache.sqlite") as db:
        db.execute("UPDATE meta SET value = '1+older' WHERE key = 'version'")
        db.execute("""UPDATE articles SET data = replace(data, '["words",', '["gone",1],["words",')""")
        db.execute("UPDATE articles SET data = '{' WHERE path = 'flood-defences.md'")
    db.close()
    older = BuildCache.load(folder)
    assert older.older_digests(["council-budget.md", "flood-defences.md", "none.md"]) == {"council-budget.md": digest}


def test_a_full_plan_after_a_site_toml_change_decodes_the_saved_layout_once(tmp_path, monkeypatch):
    # Before (fix34d): the notes of a new process's full plan read the saved layout twice, the gone
    # tags' and the moved stories' (12.6 MB of JSON at 100,000 articles, ~0.2 s each)
    from builders import build, copy_site
    from sitegen.cache import BuildCache
    root = copy_site("newsroom", tmp_path / "site")
    assert build(root).ok
    toml = (root / "site.toml").read_text(encoding="utf-8")
    (root / "site.toml").write_text(toml.replace("[build]\n", '[build]\npermalink = "/news/{year}/{slug}/"\n'),
                                    encoding="utf-8")
    decoded = []
    real = BuildCache.saved_plan
    monkeypatch.setattr(BuildCache, "saved_plan", lambda self, inputs: decoded.append(r := real(self, inputs)) or r)
    result = build(root)
    assert result.ok and "published stories moved to new addresses" in result.notes[0]
    assert len([d for d in decoded if d is not None]) == 1


@pytest.mark.parametrize("older", ["24+0123456789abcdef+UTC|en|https://example.org", "24+0123456789abcdef"])
def test_an_older_sitegens_cache_is_a_full_rebuild_said_once(tmp_path, older):
    # Before: the first build after an upgrade read every story and rendered every page again (at
    # 100,000 articles a cold build's minute instead of a second) and said nothing of why.
    # The older cache as sitegens wrote it: its version is the format, the code's stamp and the settings.
    import sqlite3
    from builders import build, copy_site
    root = copy_site("newsroom", tmp_path / "site")
    assert build(root).ok
    with sqlite3.connect(root / ".sitegen/cache.sqlite") as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'version'", (older,))
    db.close()
    result = build(root)
    assert result.ok, result.errors
    said = [n for n in result.notes if "build cache" in n]
    assert len(said) == 1 and "another version of sitegen" in said[0] and "every page" in said[0], result.notes
    assert not [n for n in build(root).notes if "build cache" in n]


def test_a_cache_of_other_settings_or_none_is_rebuilt_without_the_upgrades_note(tmp_path):
    from builders import build, copy_site
    root = copy_site("newsroom", tmp_path / "site")
    result = build(root)   # no cache at all: a first build
    assert result.ok and not [n for n in result.notes if "build cache" in n], result.notes
    toml = (root / "site.toml").read_text(encoding="utf-8")
    (root / "site.toml").write_text(toml.replace('timezone = "Europe/London"', 'timezone = "America/New_York"', 1),
                                    encoding="utf-8")
    result = build(root)   # a setting the rows were parsed with: the user's own change, documented
    assert result.ok and not [n for n in result.notes if "build cache" in n], result.notes


@pytest.fixture
def upgraded(tmp_path, monkeypatch):
    """Jinja 99.0 installed ahead of the real one on sys.path, as pip leaves its dist-info folder;
    the process's stamp of the libraries made again (it is made once per process)."""
    from sitegen import libraries_stamp
    folder = tmp_path / "site-packages"
    (folder / "jinja2-99.0.dist-info").mkdir(parents=True)

    def upgrade() -> None:
        monkeypatch.syspath_prepend(str(folder))
        libraries_stamp.cache_clear()
    yield upgrade
    monkeypatch.undo()
    libraries_stamp.cache_clear()


def test_a_library_upgrade_changes_the_caches_key(upgraded):
    # Before: the key held sitegen's own code alone, so a new Babel (CLDR), markdown-it or Jinja
    # that writes other pages found "nothing changed" and kept the old library's pages.
    from sitegen.cache import _version
    before = _version("UTC|en")
    assert _version("UTC|en") == before   # made once a process, the same each time
    upgraded()
    after = _version("UTC|en")
    assert after != before and after.split("+")[0] == before.split("+")[0]


def test_a_python_upgrade_changes_the_caches_key(monkeypatch):
    # Python's own Unicode tables (unicodedata: slugs of symbol-only names) come with its version
    import sys
    from sitegen import libraries_stamp
    from sitegen.cache import _version
    before = _version()
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    libraries_stamp.cache_clear()
    try:
        assert _version() != before
    finally:
        monkeypatch.undo()
        libraries_stamp.cache_clear()
    assert _version() == before


def test_after_a_library_upgrade_a_build_renders_every_page_again(tmp_path, upgraded, monkeypatch):
    from builders import build, copy_site
    from sitegen import i18n
    root = copy_site("newsroom", tmp_path / "site")
    assert build(root).ok
    assert build(root).written == 0
    # the new library writes dates another way (as a CLDR update renames a month or a zone)
    upgraded()
    real = i18n.datetime_text
    monkeypatch.setattr(i18n, "datetime_text", lambda *args, **kwargs: real(*args, **kwargs) + " (CLDR 99)")
    result = build(root)
    assert result.ok, result.errors
    said = [n for n in result.notes if "build cache" in n]
    assert len(said) == 1 and "or of a library it uses" in said[0], result.notes
    stories = sorted(root.glob("public/20*/*/*/index.html"))
    assert stories and all("(CLDR 99)" in p.read_text(encoding="utf-8") for p in stories)


def test_a_watchers_deferred_save_keeps_a_new_plans_layout_through_later_replans(tmp_path):
    """A watcher saves its cache when idle: a new plan (a title edit), then a body edit (a replan
    of it) before the save. The replan's save dropped the new layout and named it: the next
    process found no plan to restore and planned the whole site again at its first save."""
    site = make_site(tmp_path / "site")
    builder = Builder(load_config(site), BuildOptions(search=False, defer_cache=True))
    assert builder.build(now=FIXED_NOW).ok
    (site / "content/a.md").write_text(story("Alpha, retitled", "2025-01-10T09:00:00+00:00"))
    assert builder.build(now=FIXED_NOW).ok                               # a new plan
    (site / "content/a.md").write_text(story("Alpha, retitled", "2025-01-10T09:00:00+00:00", body="New body."))
    assert builder.build(now=FIXED_NOW).ok and builder.last is not None  # a replan of it
    assert builder.flush()
    later = Builder(load_config(site), BuildOptions(search=False, defer_cache=True))
    saved = LastPlan.restore(later.cache, later.config)
    assert saved is not None and saved.site.pages == builder.last.site.pages


def _row_of_now(site: Path, rel: str) -> None:
    """The cache's row of content/rel stamped with the file's stat as it is now, its bytes the
    old ones', and no saved scan: a row the build takes as current for a file that changed (what a
    change between a build's scan and its read of the file leaves; a stamp with the ctime cannot
    be made to match from outside)."""
    import sqlite3
    st = (site / "content" / rel).stat()
    db = sqlite3.connect(site / ".sitegen" / "cache.sqlite")
    try:
        with db:
            db.execute("UPDATE facts SET mtime = ?, size = ?, ctime = ?, ino = ? WHERE path = ?",
                       (st.st_mtime_ns, st.st_size, st.st_ctime_ns, st.st_ino, rel))
            db.execute("DELETE FROM meta WHERE key LIKE 'scan.%'")
    finally:
        db.close()


def test_a_file_changed_under_its_old_mtime_and_size_is_read_again(tmp_path):
    """review40f: a story's bytes changed with its mtime and size put back (cp -p, rsync -t, tar x,
    a restored backup) was never seen: the cache's rows were stamped by mtime and size alone. The
    stamp holds the ctime (which utime cannot set) and inode too: the next build reads the file."""
    site = make_site(tmp_path / "site")
    build(site)
    story_file = site / "content" / "b.md"
    before = story_file.stat()
    story_file.write_text(story("Beta", "2025-01-12T09:00:00+00:00", "Economy", "Body TEXT."))  # same size
    os.utime(story_file, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert story_file.stat().st_size == before.st_size
    done = Builder(load_config(site), BuildOptions()).build(now=FIXED_NOW)
    assert done.ok and not done.notes, (done.errors, done.notes)
    assert snapshot(site / "public") == clean_build(tmp_path, site) and b"Body TEXT." in next(
        p.read_bytes() for p in (site / "public").rglob("beta/index.html"))


@pytest.mark.parametrize("same_process", [True, False])
def test_a_file_changed_under_its_old_stamp_fails_once_then_builds(tmp_path, same_process):
    """A story's bytes changed under a row stamped as the file is (_row_of_now): the row is taken
    as current, and a page that shows its body finds the file's digest differs, 'changed while the
    site was built; build again'. Building again failed the same way for good; the failed build
    now forgets the row, so the next one (this process or a new one) reads the file and equals a
    clean build."""
    site = make_site(tmp_path / "site")
    build(site)
    story_file = site / "content" / "b.md"
    story_file.write_text(story("Beta", "2025-01-12T09:00:00+00:00", "Economy", "Body TEXT."))  # same size
    _row_of_now(site, "b.md")
    write_files(site, {"templates/article.html": (DEFAULT_THEME / "article.html").read_text() + "{# edited #}\n"})
    builder = Builder(load_config(site), BuildOptions())
    failed = builder.build(now=FIXED_NOW)
    assert not failed.ok and all("content/b.md" in e and "changed while the site was built" in e for e in failed.errors)
    again = (builder if same_process else Builder(load_config(site), BuildOptions())).build(now=FIXED_NOW)
    assert again.ok, again.errors
    assert snapshot(site / "public") == clean_build(tmp_path, site) and b"Body TEXT." in next(
        p.read_bytes() for p in (site / "public").rglob("beta/index.html"))


def test_sitegen_build_reads_a_file_changed_under_its_old_stamp_again_at_once(tmp_path, capsys):
    """review38e: `sitegen build` (and so a deploy) still failed once, exit 1, for the story above,
    though it changed before the build began; it now builds again at once, as watch does, with a note."""
    from sitegen import cli
    site = make_site(tmp_path / "site")
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    story_file = site / "content" / "b.md"
    story_file.write_text(story("Beta", "2025-01-12T09:00:00+00:00", "Economy", "Body TEXT."))  # same size
    _row_of_now(site, "b.md")
    write_files(site, {"templates/article.html": (DEFAULT_THEME / "article.html").read_text() + "{# edited #}\n"})
    capsys.readouterr()
    assert cli.main(["build", "--root", str(site), "--no-convert", "-q"]) == 0
    err = capsys.readouterr().err
    assert "note: content/b.md changed while the site was built; built again" in err, err
    assert b"Body TEXT." in next(p.read_bytes() for p in (site / "public").rglob("beta/index.html"))


def test_the_published_stamps_are_saved_apart_and_read_only_by_a_build_that_writes(tmp_path, monkeypatch):
    """State.copies and root_pages (rf49a 1, 2, 5: a legacy root/ archive's 5,000 entries, ~1 MB of JSON)
    are saved apart from the state's head: loading the cache, as every build does (a no-change one too),
    does not parse them; a build that writes reads them, and a no-change build's save keeps them."""
    import time
    from builders import build, starter_site
    from sitegen import write
    from sitegen.config import load_config
    root = starter_site(tmp_path, {"root/video.mp4": "v" * 1000, "root/old.html": "<p>old</p>"})
    old = time.time_ns() - 600 * 10**9
    for rel in ("root/video.mp4", "root/old.html"):
        os.utime(root / rel, ns=(old, old))
    monkeypatch.setattr(write, "RACY_NS", 2 * 10**8)   # their ctimes are now: waited out
    time.sleep(0.3)
    assert build(root).ok
    for n in range(2):   # after the build that wrote, and after a no-change build
        cache = Builder(load_config(root), BuildOptions()).cache   # (loaded as a build loads it)
        assert cache.state.copies is None and cache.state.root_pages is None
        copies, pages = cache.published()
        assert "video.mp4" in copies and "old.html" in pages, (copies, pages)
        result = build(root)
        assert result.ok and (n == 1 or result.written == 0), result.errors
