"""The internal link checker over built sites: at the domain root and under a sub-path."""
from __future__ import annotations


import pytest

from builders import build_copy
from linkcheck import broken_links


def test_root_build_has_no_broken_links(tmp_path):
    public = build_copy("newsroom", tmp_path / "site")
    assert broken_links(public, "/", base_url="https://example.org/") == []


def test_sub_path_build_has_no_broken_links(tmp_path):
    public = build_copy("subpath", tmp_path / "site")
    assert broken_links(public, "/news/", base_url="https://example.org/news/") == []


def test_root_site_rebuilt_under_a_sub_path_keeps_every_link_inside_it(tmp_path):
    public = build_copy("newsroom", tmp_path / "site", base_url="https://example.org/news/")
    assert broken_links(public, "/news/", base_url="https://example.org/news/") == []
    front = (public / "index.html").read_text()
    assert 'href="/news/tags/"' in front and 'href="/tags/"' not in front


def test_sub_path_output_checked_as_root_is_reported(tmp_path):
    """The checker is not blind: a /news/ build served at / breaks every internal link."""
    public = build_copy("subpath", tmp_path / "site")
    problems = broken_links(public, "/")
    assert any(p.startswith("index.html: /news/tags/ -> no such file") for p in problems)


@pytest.mark.parametrize("html, problem", [
    ('<a href="/news/missing/">x</a>', "/news/missing/ -> no such file"),
    ('<img src="static/nope.png" alt="">', "static/nope.png -> no such file"),
    ('<a href="/elsewhere/">x</a>', "/elsewhere/ -> outside the base path /news/"),
    ('<a href="#nowhere">x</a>', "#nowhere -> no id 'nowhere' on index.html"),
    ('<a href="/news/b.html#gone">x</a>', "/news/b.html#gone -> no id 'gone' on b.html"),
    ('<link rel="canonical" href="https://example.org/news/zzz/">', "https://example.org/news/zzz/ -> no such file"),
])
def test_broken_links_are_named(tmp_path, html, problem):
    (tmp_path / "index.html").write_text(f"<!DOCTYPE html><p id=top>{html}</p>")
    (tmp_path / "b.html").write_text('<p id="here">b</p>')
    assert broken_links(tmp_path, "/news/", base_url="https://example.org/news/") == [f"index.html: {problem}"]


def test_good_links_pass(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="x">a</h2><a href="../b.html">b</a><a href="#x">x</a>')
    (tmp_path / "b.html").write_text('<a href="/news/a/#x">a</a><a href="https://other.example/">o</a>'
                                     '<a href="mailto:x@example.org">m</a><img srcset="a/ 1x, b.html 2x" alt="">')
    assert broken_links(tmp_path, "/news/") == []


@pytest.mark.parametrize("name, base_path", [("subpath", "/news/"), ("newsroom", "/")])
def test_links_between_stories_files_are_working_links_on_the_built_site(tmp_path, name, base_path):
    """An editor's '[...](other.md#heading)' from a story in a folder, and back: each lands on the
    story's page and its heading's id, at the root and under a sub-path; one to no file stays as
    written and is warned about with its line."""
    from builders import build, copy_site
    root = copy_site(name, tmp_path / "site")
    (root / "content/world").mkdir(parents=True, exist_ok=True)
    (root / "content/world/linking.md").write_text(
        "---\ntitle: A story with links\ndate: 2024-11-01T10:00:00+00:00\n---\n"
        "See [the story below](other.md#what-happened), [this one's part](linking.md#further) and "
        "[from the root](/world/other.md).\n\n## Further\n\nAnd [no story](nothing.md).\n", encoding="utf-8")
    (root / "content/world/other.md").write_text(
        "---\ntitle: The other story\ndate: 2024-10-01T10:00:00+00:00\n---\nIntro.\n\n## What happened\n\n"
        "Back to [the first](../world/linking.md).\n", encoding="utf-8")
    result = build(root, search=False)
    assert result.ok, result.errors
    found = [w for w in result.warnings if " link " in w]
    assert len(found) == 1 and found[0].startswith("content/world/linking.md:9: link 'nothing.md' names no story")
    problems = broken_links(root / "public", base_path, base_url="https://example.org" + base_path)
    assert [p for p in problems if "nothing.md" not in p] == [] and len(problems) == 1
    page = (root / "public/2024/11/a-story-with-links/index.html").read_text(encoding="utf-8")
    assert f'href="{base_path}2024/10/the-other-story/#what-happened"' in page
