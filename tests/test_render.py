"""render.py and views.py on in-memory values: escaping, raw HTML rules, template errors, the theme."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from markupsafe import Markup
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import FIXED_NOW, write_files
from sitegen.config import DEFAULT_THEME, parse_config
from sitegen.content import Article, Correction, slug_of
from sitegen.render import MarkdownRenderer, Renderer, RenderError, Theme, is_prose, needs_extended, normalize, templates_digest
from sitegen.site import Page, build_site
from sitegen.views import human_datetime, month_title

SEEDY = "Hackers <script>alert('x')</script> and {{ 7*7 }} {% if 1 %}yes{% endif %}"


def art(name: str, hours_ago: float = 1, body: str = "Body.\n", from_seed: bool = False, **kw) -> Article:
    fields = dict(path=f"{name}.md", title=name.replace("-", " ").title(), summary="", authors=(),
                  date=FIXED_NOW - timedelta(hours=hours_ago), updated=None, language="en", tags=(),
                  slug=slug_of(name), body=body, from_seed=from_seed)
    fields.update(kw)
    return Article(**fields)


def renderer(tmp_path, articles, site: dict | None = None, build: dict | None = None, files=None) -> Renderer:
    if files:
        write_files(tmp_path, files)
    config = parse_config({"site": {"base_url": "https://example.org/", "timezone": "Europe/London", **(site or {})},
                           "build": {"page_size": 2, **(build or {})}, "search": {"enabled": False}}, tmp_path)
    return Renderer(build_site(config, articles, FIXED_NOW))


def page(r: Renderer, url: str) -> str:
    found = next(p for p in r.site.pages if p.url == url)
    return r.render(found).decode("utf-8")


def article_page(r: Renderer, index: int = 0) -> str:
    return page(r, r.site.urls[index])


# Escaping -----------------------------------------------------------------------------------------
def test_seed_text_is_escaped_everywhere_it_shows(tmp_path):
    seed = art("seed", title=SEEDY, summary=SEEDY, body=SEEDY + "\n\n<b>bold</b>\n", from_seed=True,
               authors=("<i>Eve</i>",), tags=("<script>",))
    r = renderer(tmp_path, [seed], build={"allow_html": True})
    for html in (article_page(r), page(r, "/"), page(r, "/authors/i-eve-i/"), page(r, "/tags/")):
        assert "<script>alert" not in html and "<b>bold" not in html and "<i>Eve" not in html
        assert "49" not in html.replace("2049", "")          # the template engine never ran the text
    html = article_page(r)
    assert "Hackers &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; and {{ 7*7 }} {% if 1 %}yes{% endif %}" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_editor_html_only_when_site_toml_allows_it(tmp_path):
    body = 'Text.\n\n<aside class="note">Raw <em>HTML</em></aside>\n'
    allowed = article_page(renderer(tmp_path / "a", [art("ed", body=body)], build={"allow_html": True}))
    assert '<aside class="note">Raw <em>HTML</em></aside>' in allowed
    refused = article_page(renderer(tmp_path / "b", [art("ed", body=body)]))
    assert "&lt;aside class=&quot;note&quot;&gt;" in refused and '<aside class="note">' not in refused


def test_seed_html_is_escaped_even_when_allowed(tmp_path):
    html = article_page(renderer(tmp_path, [art("s", body="<aside>x</aside>\n", from_seed=True)],
                                 build={"allow_html": True}))
    assert "&lt;aside&gt;x&lt;/aside&gt;" in html


def test_markdown_tables_footnotes_and_heading_anchors(tmp_path):
    body = "## Money matters\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nFact.[^1]\n\n[^1]: Source.\n"
    html = article_page(renderer(tmp_path, [art("md", body=body)]))
    # The id is the anchor (links to #money-matters work); no visible "#" link that screen readers read out.
    assert '<h2 id="money-matters">Money matters</h2>' in html
    assert '<table tabindex="0">' in html and 'class="footnotes"' in html


NOTED = "Fact.[^1] Again.[^1] And ^[an inline note].\n\n[^1]: Source.\n"


def test_footnotes_are_named_for_screen_readers_in_the_storys_language(tmp_path):
    """review42e: every back link was announced as its glyph, '↩︎', and the notes' section had no
    name (WCAG 2.4.4, 1.3.1). Each link is named after its reference, the section is labelled, in
    the story's own words where a catalog speaks its language (a German story on an English
    site too), else its edition's (Italian: no catalog), marked as in that language: review42g,
    "Back to reference 1" was spoken in the Italian voice (WCAG 3.1.2)."""
    stories = [art("en-notes", 1, NOTED), art("de-notes", 2, NOTED, language="de"), art("it-notes", 3, NOTED, language="it")]
    r = renderer(tmp_path, stories, site={"editions": False})
    english, german, italian = (article_page(r, i) for i in range(3))
    for html, notes, back in ((english, "Notes", "Back to reference %s"), (german, "Anmerkungen", "Zurück zum Verweis %s")):
        assert f'<section class="footnotes" aria-label="{notes}">' in html
        for n in ("1", "1:1", "2"):
            assert f'<a href="#fnref{n}" class="footnote-backref" aria-label="{back % n}">' in html
        assert '">\u21a9\ufe0e</a>' in html   # the glyph stays, for sighted readers
        assert 'id="footnotes-label"' not in html
    assert '<section class="footnotes" aria-labelledby="footnotes-label">\n<h2 class="visually-hidden" ' \
           'id="footnotes-label" lang="en" dir="ltr" data-pagefind-ignore>Notes</h2>' in italian
    for n in ("1", "1:1", "2"):
        assert (f'<a href="#fnref{n}" class="footnote-backref" lang="en" dir="ltr" '
                f'aria-label="Back to reference {n}">\u21a9\ufe0e</a>') in italian


@pytest.mark.parametrize("language, marked", [("fa", True), ("sw", True), ("sr-Latn", True), ("it", True),
                                              ("en-GB", False), ("pt-BR", False), ("de-AT", False), ("ar", False)])
def test_footnote_names_without_a_catalog_say_the_language_they_are_in(tmp_path, language, marked):
    """review42g: on an English site, a Persian story's footnote names were English words in an element
    of the page's language, fa, while the theme marks its other English runs lang="en" dir="ltr".
    Every fallback name is inside an element in English now; catalogued languages (and English's
    own variants) need no mark."""
    r = renderer(tmp_path, [art("noted", 1, NOTED, language=language)], site={"editions": False})
    html = article_page(r)
    body = html[html.index('<section class="footnotes"'):]
    names = re.findall(r'<(\w+)([^>]*)>([^<]*)</\1>', body)
    heading = [attrs for tag, attrs, text in names if text == "Notes"]
    backs = re.findall(r'<a href="#fnref[^"]*" class="footnote-backref"([^>]*)>', body)
    assert len(backs) == 3
    if marked:
        assert heading and all(' lang="en" dir="ltr"' in attrs for attrs in heading)
        assert all(' lang="en" dir="ltr" aria-label="Back to reference ' in attrs for attrs in backs)
    else:
        assert not heading and all(" lang=" not in attrs for attrs in backs)


def test_every_shipped_catalog_names_the_footnotes():
    """The words NoteWords asks for are in each language the theme speaks, with the number kept."""
    from sitegen import i18n
    from sitegen.config import DEFAULT_THEME
    for po in sorted((DEFAULT_THEME / i18n.CATALOGS).glob("*.po")):
        words = i18n.translations([DEFAULT_THEME], po.stem)
        assert words.gettext("Notes") != "Notes" or po.stem in ("fr",), po.stem
        back = words.gettext("Back to reference %(n)s")
        assert back != "Back to reference %(n)s" and "%(n)s" in back, po.stem


def test_code_blocks_and_tables_take_the_keyboard_focus_the_theme_scrolls_them_with():
    """The theme scrolls a code block or table wider than the column sideways; a reader without a
    mouse can scroll only what takes the focus (axe: scrollable-region-focusable)."""
    md = MarkdownRenderer(allow_html=False)
    body = "Text.\n\n```python\nx = '<b>'\n```\n\n    indented\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    html = md.render(body)
    assert html.count('<pre dir="ltr" tabindex="0">') == 2 and '<code class="language-python">x = \'&lt;b&gt;\'' in html, html
    assert html.count('<table tabindex="0">') == 1, html
    assert "tabindex" not in md.render("Only prose, with `code` inline.\n\n> A quote.\n")


def test_a_body_heading_of_level_one_is_an_h2_under_the_headline(tmp_path):
    """The headline is the page's one <h1>: '# Part one' or a '===' underline in the text is a section."""
    body = "Intro.\n\n# Part one\n\nText.\n\nPart two\n===\n\nMore.\n\n```\n# a comment, not a heading\n```\n"
    html = article_page(renderer(tmp_path, [art("h", title="The headline", body=body)]))
    assert html.count("<h1") == 1 and re.search(r"<h1[^>]*>\s*The headline", html), html
    quoted = article_page(renderer(tmp_path / "q", [art("q", title="The headline", body="> # Quoted\n\n- # Listed\n")]))
    assert quoted.count("<h1") == 1 and "<h2>Quoted</h2>" in quoted and "<h2>Listed</h2>" in quoted, quoted
    assert '<h2 id="part-one">Part one</h2>' in html and '<h2 id="part-two">Part two</h2>' in html
    assert "# a comment, not a heading" in html


def test_body_headings_skip_no_level_under_the_headline(tmp_path):
    """'### Who is affected' right under the <h1> skipped a level: an error for the Nu HTML Checker
    (26.x), a break in the outline screen readers navigate by. The outline keeps its shape: each
    heading one level under the nearest before it written bigger; a body that skips none is as written."""
    md = MarkdownRenderer(False)
    levels = lambda text: re.findall(r"<(h[1-6])\b", md.render(text))
    assert levels("Intro.\n\n### Who\n\nText.\n\n#### Homes\n\n#### Shops\n\n### When\n") == ["h2", "h3", "h3", "h2"]
    assert levels("## A\n\n#### B\n\n### C\n\n###### D\n\n## E\n") == ["h2", "h3", "h3", "h4", "h2"]
    assert levels("## A\n\n### B\n\n#### C\n\n## D\n\n### E\n") == ["h2", "h3", "h4", "h2", "h3"]
    assert levels("# A\n\n## B\n\n### C\n") == ["h2", "h2", "h3"]   # '#' is '##', as before
    assert levels("> ### Quoted\n\n- #### Listed\n") == ["h2", "h3"]     # the plain parser's too
    html = article_page(renderer(tmp_path, [art("o", title="The headline", body="Intro.\n\n#### Deep\n\nText.\n")]))
    assert '<h2 id="deep">Deep</h2>' in html, html


def test_a_headings_id_goes_by_the_level_written_so_links_keep_landing():
    """'##### Notes' shown as an <h3> took id="notes" from the '### Notes' after it, which became
    "notes-1" (fix36b): a link shared to '#notes' landed on another heading. Ids go by the level
    written (h1-h4, as before the outline's levels), whatever level the outline shows."""
    md = MarkdownRenderer(False)
    assert md.render("## A\n\n##### Notes\n\n### Notes\n") == (
        '<h2 id="a">A</h2>\n<h3>Notes</h3>\n<h3 id="notes">Notes</h3>\n')
    assert md.render("# Notes\n\n## Notes\n\n#### Deep\n") == (
        '<h2 id="notes">Notes</h2>\n<h2 id="notes-1">Notes</h2>\n<h3 id="deep">Deep</h3>\n')
    assert md.render("Intro.\n\n###### Six\n\n## Six\n") == '<p>Intro.</p>\n<h2>Six</h2>\n<h2 id="six">Six</h2>\n'


def test_a_body_heading_never_takes_an_id_the_theme_gives_its_own_elements(tmp_path):
    """'## Main' made id="main", the id of the page's <main> (the skip link's target), and
    '## Related title' the related stories' heading's: one id twice on a page is invalid HTML,
    and a link to it lands on whichever comes first. The heading's id moves aside instead."""
    body = ("## Main\n\nThe river rose.\n\n## Main\n\nAgain.\n\n## Related title\n\nMore.\n\n"
            "## Corrections title\n\nNone.\n\n## Main 1\n\nText.\n")
    corrected = (Correction(FIXED_NOW, "A name."),)
    stories = [art("floods", title="Floods on the Main", body=body, tags=("Rivers",), corrections=corrected),
               *(art(f"other-{n}", hours_ago=n + 2, tags=("Rivers",)) for n in range(3))]   # not only the next one
    html = article_page(renderer(tmp_path, stories))
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert sorted(i for i in ids if ids.count(i) > 1) == [], ids
    assert '<main id="main"' in html and 'id="related-title"' in html and 'id="corrections-title"' in html
    # '## Main 1' keeps its own id (main-1): the renamed headings take ones no heading has (final33)
    assert [i for i in ids if i.startswith(("main", "related", "corrections"))] == [
        "main", "main-2", "main-3", "related-title-1", "corrections-title-1", "main-1", "corrections-title", "related-title"]


def test_a_body_heading_colliding_with_no_id_of_its_page_keeps_its_id(tmp_path):
    """final33: '## Search' became id="search-1" (only the search page has id="search"), so a link
    shared to a story's '#search' no longer landed."""
    html = article_page(renderer(tmp_path, [art("a", body="## Search\n\nThe search went on.\n")]))
    assert '<h2 id="search">' in html, html


def test_every_id_a_story_s_page_writes_is_kept_from_body_headings():
    """render.ARTICLE_IDS lists the ids of a story's page (base.html, article.html, the partials):
    a new one there must join it."""
    from sitegen.render import ARTICLE_IDS
    theme = Path(__file__).resolve().parent.parent / "templates"
    pages = [theme / "base.html", theme / "article.html", *theme.glob("_*.html")]
    written = {m for path in pages for m in re.findall(r'\bid="([a-z0-9-]+)"', path.read_text(encoding="utf-8"))}
    assert written and written <= ARTICLE_IDS, sorted(written - ARTICLE_IDS)


# Template errors ------------------------------------------------------------------------------------
def test_unknown_variable_names_template_file_and_line(tmp_path):
    r = renderer(tmp_path, [art("a")], files={"templates/article.html": '{% extends "base.html" %}\n'
                                              "{% block main %}\n<p>{{ headline }}</p>\n{% endblock %}\n"})
    with pytest.raises(RenderError) as caught:
        article_page(r)
    message = str(caught.value)
    assert re.search(r"templates/article\.html:3: 'headline' is undefined", message), message
    assert "use only variables the page provides" in message


def test_a_misspelt_attribute_names_the_one_meant(tmp_path):
    """{{ article.titel }} said "'sitegen.views.ArticleView object' has no attribute 'titel'": a
    module path the theme's author never sees (base.html's list says ArticleView), and not the
    name meant; {{ site.titel }} called site a 'sitegen.views.Fields object'."""
    cases = {"article.titel": "ArticleView has no attribute 'titel'; did you mean 'title'?",
             "site.titel": "'dict object' has no attribute 'titel'; did you mean 'title'?",
             "article.authors[0].nmae": "Link has no attribute 'nmae'; did you mean 'name'?",
             "article.date.yeer": "'datetime.datetime object' has no attribute 'yeer'; did you mean 'year'?",
             "article.zzz": "ArticleView has no attribute 'zzz';",
             # no picture: the variable named (review44b; was Jinja's "'None' has no attribute 'html'")
             "article.figure.html": "'article.figure' is none here, so it has no attribute 'html'; test it first: "
                                    "{% if article.figure %}"}
    for expr, said in cases.items():
        r = renderer(tmp_path, [art("a", authors=("Jane Doe",))], files={"templates/article.html": '{% extends "base.html" %}\n'
                                                  f"{{% block main %}}\n<p>{{{{ {expr} }}}}</p>\n{{% endblock %}}\n"})
        with pytest.raises(RenderError) as caught:
            article_page(r)
        message = str(caught.value)
        assert f"templates/article.html:3: {said}" in message, (expr, message)
        assert message.endswith(("?", "%}")) or message.endswith("; use only variables the page provides (see README, "
                                                                 "'Templates')"), message


def test_an_asset_naming_no_static_file_names_the_template_line(tmp_path):
    """A theme's asset('static/custm.css') (a typo, a file not copied) was a link to a 404 on every
    page and no word from the build; now it fails like a missing include, with the template's file
    and line. A file in the site's static/ is found, and so are Pagefind's files, made later."""
    head = ("<link rel=\"stylesheet\" href=\"{{ asset('static/custom.css') }}\">\n"
            "<link rel=\"stylesheet\" href=\"{{ asset('/static/style.css') }}\">\n"
            "<script src=\"{{ asset('pagefind/pagefind-ui.js') }}\"></script>\n"
            "<link rel=\"stylesheet\" href=\"{{ asset('static/custm.css') }}\">\n")
    r = renderer(tmp_path, [art("a")], files={"templates/_head.html": head, "static/custom.css": "p { color: red }"})
    with pytest.raises(RenderError) as caught:
        article_page(r)
    message = str(caught.value)
    assert re.search(r"templates/_head\.html:4: asset\('static/custm\.css'\): no such file", message), message
    assert "static/" in message and "fix the name" in message
    r = renderer(tmp_path, [art("a")], files={"templates/_head.html": head.rpartition("<link")[0]})
    assert 'href="/static/custom.css"' in article_page(r)


def test_an_asset_with_a_fragment_or_query_is_checked_by_its_file(tmp_path):
    """final33: asset('static/icons.svg#menu') (a sprite) and asset('static/x.css?v=2') (a
    cache-buster) name files the site has; the check read the whole string and failed the build."""
    head = ("<link rel=\"preload\" href=\"{{ asset('static/icons.svg#menu') }}\">\n"
            "<link rel=\"stylesheet\" href=\"{{ asset('static/custom.css?v=2') }}\">\n")
    r = renderer(tmp_path, [art("a")], files={"templates/_head.html": head, "static/custom.css": "p { color: red }",
                                              "static/icons.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>'})
    html = article_page(r)
    assert 'href="/static/icons.svg#menu"' in html and 'href="/static/custom.css?v=2"' in html
    # In a real build CSS is published only under its fingerprinted name: the suffix follows that
    # name (final33b: '/static/custom.css?v=2' was a 404, the page unstyled, the build silent).
    from builders import build
    from sitegen.init import init_site
    root = tmp_path / "built"
    init_site(root)
    (root / "static").mkdir(exist_ok=True)
    (root / "static" / "custom.css").write_text("p { color: red }", encoding="utf-8")
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "_head.html").write_text(
        (Path(__file__).resolve().parents[1] / "templates" / "_head.html").read_text(encoding="utf-8")
        + "<link rel=\"stylesheet\" href=\"{{ asset('static/custom.css?v=2') }}\">\n", encoding="utf-8")
    assert build(root).ok
    href = re.search(r'href="(/static/custom[^"]*)"', (root / "public" / "index.html").read_text()).group(1)
    assert href.endswith(".css?v=2") and (root / "public" / href.lstrip("/").partition("?")[0]).is_file(), href
    r = renderer(tmp_path, [art("a")], files={"templates/_head.html": "{{ asset('static/icns.svg#menu') }}\n"})
    with pytest.raises(RenderError, match=r"asset\('static/icns\.svg#menu'\): no such file"):
        article_page(r)


def test_unknown_attribute_in_a_parent_template_names_that_template(tmp_path):
    r = renderer(tmp_path, [art("a", tags=("Rain",))],
                 files={"templates/_list.html": '{% extends "base.html" %}\n{% block main %}\n{{ term.colour }}\n{% endblock %}\n'})
    with pytest.raises(RenderError) as caught:
        page(r, "/tags/rain/")
    assert re.search(r"templates/_list\.html:3: .*has no attribute 'colour'", str(caught.value)), str(caught.value)


def test_an_unknown_filter_reads_as_one_sentence(tmp_path):
    r = renderer(tmp_path, [art("a")], files={"templates/tags.html": '{% extends "base.html" %}\n{% block main %}{{ 1|nosuchfilter }}{% endblock %}\n'})
    with pytest.raises(RenderError) as caught:
        page(r, "/tags/")
    assert "No filter named 'nosuchfilter'; fix the template syntax" in str(caught.value), str(caught.value)


def test_syntax_error_names_template_and_line(tmp_path):
    r = renderer(tmp_path, [art("a")], files={"templates/tags.html": '{% extends "base.html" %}\n{% block main %}{% if %}{% endblock %}\n'})
    with pytest.raises(RenderError) as caught:
        page(r, "/tags/")
    assert re.search(r"tags\.html:2: .*fix the template syntax", str(caught.value)), str(caught.value)


@pytest.mark.parametrize("line, said", [
    # Jinja names the line it stopped on: for a tag left open, the next line (13) or the end
    ("<h1>{{ article.title", r"the \{\{ on this line has no \}\} before line 13"),
    ("{% if article.title", r"the \{% on this line has no %\} before line 13"),
    ("{% if article.title %}<h1>",
     r"\{% if %\} on this line is never closed \(\{% endblock %\} on line 16 comes first\)"),
    ("{% for x in article.tags %}", r"\{% for %\} on this line is never closed .*add \{% endfor %\}"),
    ("{% set words %}", r"\{% set %\} on this line is never closed"),
])
def test_a_tag_left_open_is_named_at_its_own_line(tmp_path, line, said):
    lines = ['{% extends "base.html" %}', "{% block main %}"] + ["<p>filler</p>"] * 13 + ["{% endblock %}", ""]
    lines[11], lines[12] = line, "<p>{{ article.summary }}</p>"     # (the tag a {{ or {% left open swallows)
    r = renderer(tmp_path, [art("a")], files={"templates/article.html": "\n".join(lines)})
    with pytest.raises(RenderError) as caught:
        article_page(r)
    assert re.match(r"\S*templates/article\.html:12: " + said, str(caught.value)), str(caught.value)


def test_an_open_tag_at_the_end_of_a_template_is_named_at_its_line(tmp_path):
    r = renderer(tmp_path, [art("a")], files={"templates/_teaser.html": "<p>\n{% if lead %}\n<b>{{ lead }}</b>\n\n"})
    with pytest.raises(RenderError) as caught:
        page(r, "/")
    assert re.match(r"\S*templates/_teaser\.html:2: \{% if %\} on this line is never closed \(the end of the "
                    r"template comes first\)", str(caught.value)), str(caught.value)


@pytest.mark.parametrize("body, said", [
    # closed further down: Jinja's line, and where the tag opens (it was "the {% on this line has
    # no %} before line 5", of a tag closed on line 6)
    ("{% set x = [\n1,\n2 3,\n4] %}", r":5: expected token ',', got 'integer' \(in the \{% opened on line 3\); "),
    ("{% set nav = {\n 'a': 1\n 'b': 2,\n} %}", r":5: expected token ',', got 'string' \(in the \{% opened on line 3\)"),
    ("<p>{{ foo(\n a,,\n b) }}</p>", r":4: unexpected ',' \(in the \{\{ opened on line 3\); fix the template syntax"),
    # left open, though no other tag says so: both lines named, no claim
    ("<h1>{{ article.title\n<p>filler</p>", r":4: unexpected '/' \(in the \{\{ opened on line 3\)"),
    # left open for sure: the template ends in it
    ("{{ foo(\n1\n", r":3: the \{\{ on this line has no \}\} before line 4, where Jinja stopped \(unexpected end"),
])
def test_a_multiline_tag_with_an_error_names_where_it_opens_and_where_jinja_stopped(tmp_path, body, said):
    end = "" if body.endswith("\n") else "\n{% endblock %}\n"
    r = renderer(tmp_path, [art("a")], files={"templates/tags.html": '{% extends "base.html" %}\n{% block main %}\n'
                                              + body + end})
    with pytest.raises(RenderError) as caught:
        page(r, "/tags/")
    assert re.match(r"\S*templates/tags\.html" + said, str(caught.value)), str(caught.value)


def test_an_error_in_a_template_expression_names_its_file_and_line(tmp_path):
    # Before: "/2024/03/a/: ZeroDivisionError: division by zero", with no template or line
    r = renderer(tmp_path, [art("a")], files={"templates/article.html": '{% extends "base.html" %}\n'
                                              "{% block main %}\n<p>{{ 1 / 0 }}</p>\n{% endblock %}\n"})
    with pytest.raises(RenderError) as caught:
        article_page(r)
    assert re.search(r"templates/article\.html:3: ZeroDivisionError: .*fix the expression", str(caught.value))


def test_a_template_that_is_not_utf8_is_an_error_not_a_traceback(tmp_path):
    r = renderer(tmp_path, [art("a")], files={"templates/article.html": '{% extends "base.html" %}\n'
                                              "{% block main %}\n<p>caf\xe9</p>\n{% endblock %}\n".encode("latin-1")})
    with pytest.raises(RenderError) as caught:
        article_page(r)
    assert str(caught.value).startswith(f"{tmp_path / 'templates' / 'article.html'}:3: this template is not UTF-8 text")


def test_missing_template_names_it_and_the_page(tmp_path):
    r = renderer(tmp_path, [art("a")])
    with pytest.raises(RenderError) as caught:
        r.render(Page("tag", "/tags/x/", "tags/x/index.html", "no-such.html"))
    assert str(caught.value) == "template 'no-such.html' not found (needed for /tags/x/); add it to templates/"


def test_a_missing_include_names_the_including_template_and_line_once(tmp_path):
    # Before: "template '_nope.html' not found (needed for /tags/rain/)", one per page (14 on a
    # new site), none naming the template that includes it
    r = renderer(tmp_path, [art("a", tags=("Rain",)), art("b", tags=("Snow",))],
                 files={"templates/tag.html": '{% extends "base.html" %}\n{% block main %}\n'
                                              '{% include "_nope.html" %}\n{% endblock %}\n'})
    messages = set()
    for url in ("/tags/rain/", "/tags/snow/"):
        with pytest.raises(RenderError) as caught:
            page(r, url)
        messages.add(str(caught.value))
    assert len(messages) == 1, messages
    assert messages.pop().endswith("templates/tag.html:3: template '_nope.html' not found; add it to templates/ "
                                   "or fix the name on that line")


def test_a_site_overrides_one_template_and_keeps_the_rest(tmp_path):
    r = renderer(tmp_path, [art("a", tags=("Rain",))],
                 files={"templates/tags.html": '{% extends "_terms.html" %}\n{% block heading %}All our beats{% endblock %}\n'})
    assert "<h1>All our beats</h1>" in page(r, "/tags/")
    assert "<h1>Authors</h1>" in page(r, "/authors/")
    assert 'class="skip-link"' in page(r, "/tags/")   # the theme's base.html still wraps it


# The theme ----------------------------------------------------------------------------------------
def test_article_page_has_everything_a_reader_needs(tmp_path):
    main = art("budget", hours_ago=30, title="Budget passed", summary="It passed 31 to 12.",
               authors=("Jane Doe", "Sam Okafor", "Li Wei"), tags=("Politics", "Local"),
               updated=FIXED_NOW - timedelta(hours=2), body=" ".join(["word"] * 700) + "\n",
               image="static/hall.jpg", image_alt="The town hall")
    others = [art("newer", 1, tags=("Local",)), art("older", 50, tags=("Politics",)), art("oldest", 60, tags=("Sport",)),
              art("archive", 70, tags=("Politics", "Local")), art("distant", 80, tags=("Local",))]
    html = article_page(renderer(tmp_path, [main, *others]), 1)
    assert "<h1>Budget passed</h1>" in html and '<p class="standfirst">It passed 31 to 12.</p>' in html
    # the names are searched, not the words between them (every story has those)
    assert re.search(r'<span data-pagefind-ignore>By</span> <a href="/authors/jane-doe/" rel="author" dir="auto">Jane Doe</a>, '
                     r'<a href="/authors/sam-okafor/" rel="author" dir="auto">Sam Okafor</a> <span data-pagefind-ignore>and</span> '
                     r'<a href="/authors/li-wei/"', html)
    assert '<time datetime="2025-01-19T06:00:00+00:00">January 19, 2025, 6:00\u202fAM GMT</time>' in html
    assert 'Updated <time datetime="2025-01-20T10:00:00+00:00">January 20, 2025, 10:00\u202fAM GMT</time>' in html
    assert "4 min read" in html                                      # 700 words at 230 a minute
    assert '<a href="/tags/politics/" rel="tag">Politics</a>' in html
    assert '<figure class="story-image"><img src="/static/hall.jpg" alt="The town hall" fetchpriority="high"' in html
    related = html.split('id="related-title"')[1].split("</section>")[0]
    assert related.index("/archive/") < related.index("/distant/")    # shares two topics, then one
    assert not any(f"/{name}/" in related for name in ("newer", "older", "oldest"))  # prev/next are linked below
    assert re.search(r'class="prev" href="/2025/01/older/" rel="prev"', html)
    assert re.search(r'class="next" href="/2025/01/newer/" rel="next"', html)


def test_no_updated_line_without_an_update(tmp_path):
    assert "Updated" not in article_page(renderer(tmp_path, [art("a")]))


def test_language_and_direction_per_page(tmp_path):
    arabic = art("cairo", language="ar", title="معرض القاهرة")
    r = renderer(tmp_path, [arabic, art("london", 2)], site={"editions": False})   # one stream: English chrome
    html = article_page(r)
    assert html.startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl">')
    assert '<header class="site-header" lang="en" dir="ltr">' in html       # the site's chrome stays English
    front = page(r, "/")
    assert '<html lang="en" dir="ltr">' in front and '<article class="teaser teaser-lead" lang="ar" dir="rtl">' in front


def test_a_topic_in_another_script_is_marked_with_its_stories_language_on_a_one_stream_site(tmp_path):
    """review40g: on an English one-stream site a Hebrew topic's name, on /tags/ and as its page's
    <h1>, had no lang or dir: read in an English voice, laid out left to right. A topic whose
    stories mix languages gets dir="auto"; one in the page's language nothing."""
    from lxml import html as lxml_html
    stories = [art("haifa", 1, language="he", title="נמל חיפה", tags=("חדשות", "נמלים", "Culture")),
               art("yafo", 2, language="he", title="נמל יפו", tags=("חדשות",)),
               art("london", 3, tags=("נמלים", "Rain"))]
    r = renderer(tmp_path, stories, site={"editions": False})
    tags = lxml_html.fromstring(page(r, "/tags/"))
    marks = {a.text: (a.get("lang"), a.get("dir")) for a in tags.xpath('//ul[@class="terms"]//a')}
    # an English name over Hebrew stories is English: unmarked
    assert marks == {"חדשות": ("he", "rtl"), "נמלים": (None, "auto"), "Culture": (None, None),
                     "Rain": (None, None)}, marks
    for p in r.site.pages:
        if p.kind == "tag":
            (h1,) = lxml_html.fromstring(page(r, p.url)).iter("h1")
            assert h1.text == r.site.tags[p.term].name and (h1.get("lang"), h1.get("dir")) == marks[h1.text]
    many = [art(f"s{i}", i + 1, tags=(f"Topic {i:02}",)) for i in range(26)]   # the A-to-Z list of a big site
    big = renderer(tmp_path / "big", many + stories, site={"editions": False})
    marked = {a.text: (a.get("lang"), a.get("dir"))
              for a in lxml_html.fromstring(page(big, "/tags/")).xpath('//ul[@class="terms"]//a')}
    assert marked["חדשות"] == ("he", "rtl") and marked["Topic 01"] == (None, None)
    hebrew = renderer(tmp_path / "he", stories, site={"editions": False, "language": "he"})   # and the other way
    marked = {a.text: (a.get("lang"), a.get("dir"))
              for a in lxml_html.fromstring(page(hebrew, "/tags/")).xpath('//ul[@class="terms"]//a')}
    assert marked == {"חדשות": (None, None), "נמלים": (None, None), "Culture": (None, "auto"),
                      "Rain": ("en", "ltr")}, marked


def test_topics_with_marks_and_compatibility_letters_are_their_stories_language(tmp_path):
    """review40j: a letter's script was its Unicode name's first word, so a katakana topic with the
    prolonged-sound mark ('ニュース'), '人々', a halfwidth name or one mixing Latin ('G7サミット')
    got dir="auto" but no lang="ja" on an English page; and on a Japanese site 'ニュース', on a
    Latin one '1ª Liga', were marked as foreign (bytes changed where nothing was wrong)."""
    from lxml import html as lxml_html

    def marks(r) -> dict[str, tuple]:
        found = {a.text: (a.get("lang"), a.get("dir"))
                 for a in lxml_html.fromstring(page(r, "/tags/")).xpath('//ul[@class="terms"]//a')}
        for p in r.site.pages:   # each topic's page's heading is marked as its link is
            if p.kind == "tag":
                (h1,) = lxml_html.fromstring(page(r, p.url)).iter("h1")
                assert (h1.get("lang"), h1.get("dir")) == found[h1.text], h1.text
        return found

    japanese = ("ニュース", "サッカー", "人々", "G7サミット", "ｶﾀｶﾅ", "東京")
    stories = [art("tokyo", 1, language="ja", title="東京のニュース", tags=japanese),
               art("kyiv", 2, language="uk", title="Київ", tags=("Марʼяна",))]
    english = marks(renderer(tmp_path, stories, site={"editions": False}))
    assert english == {**{t: ("ja", "ltr") for t in japanese}, "Марʼяна": ("uk", "ltr")}, english
    on_japanese = marks(renderer(tmp_path / "ja", stories[:1], site={"editions": False, "language": "ja"}))
    assert on_japanese == {t: (None, None) for t in japanese}, on_japanese
    latin = ("1ª Liga", "1º de Maio", "Hawaiʻi", "Ｇ７", "ǅemal", "Café")
    pt = renderer(tmp_path / "pt", [art("liga", 1, language="pt", tags=latin), art("news", 2, language="en", tags=latin)],
                  site={"editions": False, "language": "pt"})
    assert marks(pt) == {t: (None, None) for t in latin}
    assert ' dir="auto"' not in page(pt, "/tags/") and ' lang="' not in page(pt, "/tags/").split("<body", 1)[1]


def test_a_topic_mixing_the_pages_own_letters_with_latin_keeps_the_pages_lang(tmp_path):
    """review40m: a name mixing the page's non-Latin letters with Latin got the stories' lang and
    direction: 'חדשות BBC' on a Hebrew page over English stories was lang="en" dir="ltr", its Hebrew
    read in an English voice and laid out left to right. Only borrowed Latin is the stories' voice."""
    from lxml import html as lxml_html

    def marks(r) -> dict[str, tuple]:
        return {a.text: (a.get("lang"), a.get("dir"))
                for a in lxml_html.fromstring(page(r, "/tags/")).xpath('//ul[@class="terms"]//a')}

    english = [art("a", 1, language="en", tags=("חדשות BBC", "מצב", "G7サミット"))]
    on_hebrew = marks(renderer(tmp_path / "he", english, site={"editions": False, "language": "he"}))
    assert on_hebrew["חדשות BBC"] == (None, "auto") and on_hebrew["מצב"] == (None, None), on_hebrew
    on_japanese = marks(renderer(tmp_path / "ja", english, site={"editions": False, "language": "ja"}))
    assert on_japanese["G7サミット"] == (None, "auto"), on_japanese
    japanese = [art("b", 1, language="ja", tags=("G7サミット",))]   # borrowed Latin on an English page: still ja
    assert marks(renderer(tmp_path / "en", japanese, site={"editions": False}))["G7サミット"] == ("ja", "ltr")


def test_front_page_leads_with_the_newest_story_and_paginates(tmp_path):
    r = renderer(tmp_path, [art(f"s{i}", i + 1) for i in range(5)])
    first, second = page(r, "/"), page(r, "/page/2/")
    assert first.count("teaser-lead") == 1 and first.index("/s0/") < first.index("/s1/")
    assert "teaser-lead" not in second and "/s2/" in second
    assert 'href="/page/2/" rel="next"' in first and 'href="/" rel="prev"' in second
    assert "Page 2 of 3" in second


def test_indexes_with_counts_and_archive_by_month(tmp_path):
    r = renderer(tmp_path, [art("a", 1, tags=("Rain",), authors=("Jo",)), art("b", 24 * 40, tags=("Rain", "Wind"))])
    tags = page(r, "/tags/")
    assert re.search(r'<a href="/tags/rain/">Rain</a> <span class="count">2</span>', tags)
    archives = page(r, "/archive/")
    assert archives.index("January 2025") < archives.index("December 2024")
    assert '<h1>December 2024</h1>' in page(r, "/archive/2024/12/")
    assert "<h1>Jo</h1>" in page(r, "/authors/jo/") and "1 story" in page(r, "/authors/jo/")


def test_every_link_respects_a_sub_path(tmp_path):
    r = renderer(tmp_path, [art("a", tags=("Rain",), authors=("Jo",))], site={"base_url": "https://example.org/news/"})
    for url in ["/", r.site.urls[0], "/tags/", "/tags/rain/", "/authors/jo/", "/archive/", "/404.html"]:
        html = page(r, url)
        paths = re.findall(r'(?:href|src)="(/[^"]*)"', html)
        assert paths and all(p.startswith("/news/") for p in paths), (url, [p for p in paths if not p.startswith("/news/")])


def test_url_abs_url_and_asset_give_a_url_of_its_own_as_it_is(tmp_path):
    """review44b: `url('https://mastodon.social/@x')` in a footer was '/news/https://mastodon.social/@x'
    ('/news/de/https://...' on the German edition's pages), `url('mailto:...')` '/news/mailto:...' and
    `url('#top')` '/news/#top', a link to the front page: a scheme, '//' or a fragment alone is kept."""
    links = ["url('https://mastodon.social/@x')", "url('mailto:desk@x.org')", "url('#top')",
             "url('//cdn.example.org/a.js')", "asset('https://cdn.example.org/x.css')", "asset('#sprite')", "url('/tags/')"]
    footer = "".join(f"<a data-n=\"{n}\" href=\"{{{{ {link} }}}}\"></a>\n" for n, link in enumerate(links))
    r = renderer(tmp_path, [art("a"), art("b", 2, language="de")], site={"base_url": "https://example.org/news/"},
                 files={"templates/_footer.html": footer})
    expected = ["https://mastodon.social/@x", "mailto:desk@x.org", "#top", "//cdn.example.org/a.js",
                "https://cdn.example.org/x.css", "#sprite"]
    for front, tags in (("/", "/news/tags/"), ("/de/", "/news/de/tags/")):
        found = re.findall(r'<a data-n="\d+" href="([^"]*)"', page(r, front))
        assert found == [*expected, tags], front
    for link in ("https://mastodon.social/@x", "tel:+441234", "#top"):   # abs_url (page templates only)
        assert r.views.abs_url(link) == link
    assert r.views.abs_url("/tags/") == "https://example.org/news/tags/"


@pytest.mark.parametrize("url, expected", [("/archive/", "/news/archive/"), ("/news/x/", "/news/x/"),
                                           ("/news", "/news"), ("/news#top", "/news#top"), ("/news?q=1", "/news?q=1"),
                                           ("/newsroom/", "/news/newsroom/"), ("/", "/news/"), ("#a", "#a"),
                                           ("//cdn.example.org/x", "//cdn.example.org/x"), ("x/", "x/")])
def test_under_base_path(url, expected):
    from sitegen.render import under_base_path
    assert under_base_path("/news/", url) == expected and under_base_path("/", url) == url


@pytest.mark.parametrize("extra", ["", "\n| a | b |\n|---|---|\n| 1 | 2 |\n"])  # fast prose, then markdown-it
def test_a_body_link_from_the_site_root_stays_under_the_sub_path(tmp_path, extra):
    body = ("See [the archive](/archive/), [Rain](/news/tags/rain/), [elsewhere](https://example.com/x/) "
            "and [a note](#note).\n" + extra + "\n![A map](/images/map.png)\n")
    r = renderer(tmp_path, [art("a", body=body, tags=("Rain",))], site={"base_url": "https://example.org/news/"})
    html = page(r, r.site.urls[0])
    assert '<a href="/news/archive/">the archive</a>' in html       # was '/archive/': off the site
    assert '<a href="/news/tags/rain/">Rain</a>' in html            # already under the sub-path: as written
    assert '<a href="https://example.com/x/">elsewhere</a>' in html and '<a href="#note">a note</a>' in html
    assert 'src="/news/images/map.png"' in html                     # a picture the build did not process
    at_root = renderer(tmp_path / "root", [art("a", body=body)])
    assert '<a href="/archive/">the archive</a>' in page(at_root, at_root.site.urls[0])


RAW_ROOT = ('See <a href="/tags/council/">council</a>, <a href=/archive/>the archive</a> and '
            '<a href="/news/tags/rain/">rain</a>.\n\n'
            '<figure><img src="/static/logo.png" srcset="/static/logo.png 1x, https://cdn.example/l.png 2x,'
            'data:image/png;base64,a/b= 3x" alt="Logo"><video poster=\'/static/p.jpg\' src="//cdn.example/v.mp4">'
            '</video></figure>\n\n<!-- <a href="/draft/"> -->\n<script>var a = \'<a href="/raw/">\';</script>\n')


def test_raw_html_written_from_the_site_root_stays_under_the_sub_path(tmp_path):
    """review44d: '<a href="/archive/">' and '<img src="/static/logo.png">' in raw HTML were left as
    written while Markdown's '[x](/archive/)' went under the sub-path: 404s and a broken picture on a
    site under /news/. Now href, src, srcset and poster from the site's root go under it (not twice,
    nor '//host', a data: URL, a comment's or a script's text), and the feeds' absolute addresses agree."""
    from sitegen.feeds import absolute_urls
    r = renderer(tmp_path, [art("a", body=RAW_ROOT)], site={"base_url": "https://example.org/news/"},
                 build={"allow_html": True})
    html = page(r, r.site.urls[0])
    assert ('See <a href="/news/tags/council/">council</a>, <a href=/news/archive/>the archive</a> and '
            '<a href="/news/tags/rain/">rain</a>.') in html
    assert ('<img src="/news/static/logo.png" srcset="/news/static/logo.png 1x, https://cdn.example/l.png 2x,'
            'data:image/png;base64,a/b= 3x" alt="Logo"><video poster=\'/news/static/p.jpg\' src="//cdn.example/v.mp4">'
            ) in html
    assert '<!-- <a href="/draft/"> -->' in html and '<script>var a = \'<a href="/raw/">\';</script>' in html
    feed = absolute_urls(html, "https://example.org/news/2025/01/a/")
    assert 'href="https://example.org/news/tags/council/"' in feed and 'href="https://example.org/news/archive/"' in feed
    at_root = renderer(tmp_path / "root", [art("a", body=RAW_ROOT)], build={"allow_html": True})
    assert '<a href="/tags/council/">council</a>' in page(at_root, at_root.site.urls[0])


RAW_FORMS = ('<form action="/search/"><input name=q><button formaction="/search/all/">All</button></form>\n\n'
             '<object data="/static/chart.svg" type="image/svg+xml"></object> <p data="/not/an/address/">\n\n'
             '<blockquote cite="/2024/01/speech/">Words.</blockquote>\n\n'
             '<svg><use xlink:href="/static/icons.svg#rss"></use><use href="/static/icons.svg#mail"></use></svg>\n')


def test_every_address_attribute_of_raw_html_goes_under_the_sub_path(tmp_path):
    """rf45b 6: only href, src, srcset and poster were moved under the sub-path: a raw form's
    action, a button's formaction, an <object>'s data, SVG's xlink:href (and a quote's cite) led to
    https://example.org/search/ (404) on a site under /news/, in the page and in the feeds. One
    list (feeds.URL_ATTRIBUTES) serves both; 'data' only on <object>."""
    from sitegen.feeds import absolute_urls
    r = renderer(tmp_path, [art("a", body=RAW_FORMS)], site={"base_url": "https://example.org/news/"},
                 build={"allow_html": True})
    html = page(r, r.site.urls[0])
    for attr in ('action="/news/search/"', 'formaction="/news/search/all/"', '<object data="/news/static/chart.svg"',
                 '<p data="/not/an/address/">', 'cite="/news/2024/01/speech/"',
                 'xlink:href="/news/static/icons.svg#rss"', '<use href="/news/static/icons.svg#mail"'):
        assert attr in html, attr
    feed = absolute_urls(html, "https://example.org/news/2025/01/a/")
    for attr in ('action="https://example.org/news/search/"', 'formaction="https://example.org/news/search/all/"',
                 'data="https://example.org/news/static/chart.svg"', 'xlink:href="https://example.org/news/static/'):
        assert attr in feed, attr


def test_an_apostrophe_in_a_bare_value_opens_no_quote(tmp_path):
    """rf45b 8: '<a href=/tags/ title=Editor's>' (a bare value with an apostrophe: browsers read
    Editor's) made the tag run on to the next apostrophe, and the code sample in the link's text was
    rewritten: '&lt;a href=/news/tags/&gt;'. A quote opens a value only right after '='."""
    from sitegen.render import raw_under_base_path
    line = ("<p><a href=/tags/ title=Editor's>Write a link as <code>&lt;a href=/tags/&gt;</code>, the editor's "
            "way</a>.</p>")
    assert raw_under_base_path("/news/", line) == line.replace("<a href=/tags/", "<a href=/news/tags/")
    r = renderer(tmp_path, [art("a", body=line + "\n")], site={"base_url": "https://example.org/news/"},
                 build={"allow_html": True})
    assert line.replace("<a href=/tags/", "<a href=/news/tags/") in page(r, r.site.urls[0])


def test_the_embed_code_an_inline_textarea_offers_is_left_as_written(tmp_path):
    """A <textarea> in a paragraph's text ('Copy <textarea readonly><a href="/x/">x</a></textarea>')
    is tokens of its own, its text's tags later ones: each was moved under the sub-path, so the code
    offered to copy changed ('/news/x/'). Its text runs on from token to token to its end tag now,
    as in an HTML block; a link after it is moved."""
    body = 'Copy <textarea readonly><a href="/x/">x</a> <img src="/i.png"></textarea> or <a href="/y/">y</a>.\n'
    r = renderer(tmp_path, [art("a", body=body)], site={"base_url": "https://example.org/news/"},
                 build={"allow_html": True})
    assert ('Copy <textarea readonly><a href="/x/">x</a> <img src="/i.png"></textarea> or <a href="/news/y/">y</a>.'
            in page(r, r.site.urls[0]))


def test_output_is_the_same_every_time(tmp_path):
    articles = [art("a", 1, tags=("Rain",)), art("b", 2, tags=("Rain",))]
    one = [renderer(tmp_path / "1", articles).render(p) for p in renderer(tmp_path / "1", articles).site.pages]
    two = [renderer(tmp_path / "2", articles).render(p) for p in renderer(tmp_path / "2", articles).site.pages]
    assert one == two


def test_human_dates_do_not_depend_on_the_c_locale():
    london = datetime(2025, 7, 4, 9, 5, tzinfo=timezone.utc).astimezone(__import__("zoneinfo").ZoneInfo("Europe/London"))
    assert human_datetime(london) == "July 4, 2025, 10:05\u202fAM BST"
    assert month_title("2024/12") == "December 2024"


def test_dates_are_written_in_the_articles_language_by_babel():
    berlin = datetime(2025, 3, 4, 8, 5, tzinfo=__import__("zoneinfo").ZoneInfo("Europe/Berlin"))
    assert human_datetime(berlin, "de") == "4. März 2025, 08:05 MEZ"
    assert human_datetime(berlin, "fr") == "4 mars 2025, 08:05 CET"
    assert month_title("2024/12", "de") == "Dezember 2024"
    assert month_title("2024/02", "fr") == "février 2024"
    assert human_datetime(berlin, "xx") == human_datetime(berlin, "en")  # unknown to CLDR: English, no crash


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["en", "de", "fr", "es", "pt-BR", "ar", "he", "ja", "zh-Hant", "ko", "th", "fi", "ru", "xx"]),
       st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)))
def test_dates_and_times_are_formatted_field_by_field_exactly_as_babel_does(language, when):
    """i18n formats a pattern's fields once per language and value they read: the same text as
    Babel's own pattern.apply, and patterns with other fields (zh-Hant's day period) take Babel's."""
    from sitegen import i18n
    loc, day, clock, _ = i18n._patterns(language)
    assert i18n._apply(day, when.date(), language, loc) == day.apply(when.date(), loc)
    assert i18n._apply(clock, when.time(), language, loc) == clock.apply(when.time(), loc)


def test_a_pattern_with_a_field_that_reads_more_than_one_value_is_left_to_babel():
    from babel.dates import parse_pattern
    from sitegen import i18n
    assert i18n._field_names(parse_pattern("EEEE, d MMMM y").format) is None  # the weekday reads the whole date
    assert i18n._field_names(parse_pattern("Bh:mm").format) is None
    assert i18n._field_names(parse_pattern("d. MMMM y").format) == ("d", "MMMM", "y")


@settings(max_examples=2000, deadline=None)
@given(st.from_regex(__import__("sitegen.render", fromlist=["x"])._PLAIN_LINK, fullmatch=True))
def test_a_plain_web_address_is_one_markdown_it_normalizes_to_itself(url):
    """_link keeps a plain address (_PLAIN_LINK) as it is instead of asking normalizeLink, which
    would give it back unchanged."""
    from sitegen import render
    md = MarkdownRenderer(False)
    if len(url) <= 255:
        assert md.plain.normalizeLink(url) == url
        assert md._link(url) == render.escapeHtml(md.plain.normalizeLink(url))


@pytest.mark.parametrize("url", ["https://Example.org/a", "https://example.org/a%20b", "https://example.org/a b",
                                 "https://example.org/ä", "https://exämple.org/", "https://example.org/?q=1",
                                 "https://" + "a" * 64 + ".org/", "javascript://example.org/", "//example.org/x"])
def test_other_addresses_take_normalize_link(url):
    from sitegen import render
    assert not render._PLAIN_LINK.fullmatch(url)
    md = MarkdownRenderer(False)
    href = md.plain.normalizeLink(url)
    assert md._link(url) == (render.escapeHtml(href) if md.plain.validateLink(href) else None)


_ODD = st.text(alphabet=st.sampled_from(list("ab <>&\"'–\u202fé%{}\n")), max_size=14)


@pytest.fixture(scope="module")
def teaser_renderer(tmp_path_factory) -> Renderer:
    return renderer(tmp_path_factory.mktemp("teasers"), [art("a", language="de"), art("b", summary="S"),
                                                          art("c", authors=["X", "Y"])], site={"language": "en"})


@settings(max_examples=400, deadline=None)
@given(title=st.one_of(_ODD, st.text(min_size=60, max_size=130)), summary=_ODD, lede=_ODD,
       label=st.one_of(st.none(), st.tuples(_ODD, _ODD)),
       authors=st.lists(st.tuples(_ODD, _ODD, st.sampled_from(["", "he", "a\"&"]), st.sampled_from(["", "auto", "rtl"])),
                        max_size=4),
       language=st.sampled_from(["en", "de", "ar"]), direction=st.sampled_from(["ltr", "rtl"]), foreign=st.booleans(),
       figure=st.booleans(), lead=st.booleans(), image=st.sampled_from([False, True, "small", "first"]),
       timed=st.booleans(), which=st.integers(0, 2))
def test_the_default_teaser_is_written_out_exactly_as_jinja_renders_it(teaser_renderer, title, summary, lede, label,
                                                                       authors, language, direction, foreign, figure,
                                                                       lead, image, timed, which):
    """teaser_html equals _teaser.html (and its macros) rendered by Jinja for odd text, long titles,
    no summary (a lead's lede), labels, 0-4 authors (a name in another script marked: lang, dir),
    languages other than the site's, pictures in each of their forms."""
    import dataclasses
    import types
    from sitegen.views import Link
    r = teaser_renderer
    view = dataclasses.replace(
        r.views.article(which), title=title, summary=summary, language=language, dir=direction, foreign=foreign,
        label=Link(*label) if label else None, authors=tuple(Link(n, u, 0, "", lang, d) for n, u, lang, d in authors), has_time=timed,
        figure=types.SimpleNamespace(lead=Markup("<img lead&>"), thumb=Markup("<img thumb>"), small=Markup("<img small>"),
                                     first=Markup("<img first>")) if figure else None,
        markdown=lambda: lede + "\n\nMore.\n")
    made = {}
    for fast in (True, False):
        r._fragments.clear()
        r._fast_teasers = fast
        made[fast] = r.teaser(view, lead=lead, image=image), r.teaser(view, lead=lead, image=image, heading="h3")
    r._fast_teasers = True
    assert made[True] == made[False]
    assert type(made[True][0]) is Markup


def test_the_default_theme_writes_its_teasers_out_and_a_sites_own_teaser_is_rendered(tmp_path, teaser_renderer):
    """teaser_html stands in only for the default theme's two sources: a site's own _teaser.html
    or _macros.html (or an edited default theme) is rendered by Jinja, as before."""
    from sitegen.render import TEASER_SOURCES, _default_teaser
    # asked of the theme afresh: the property test above sets _fast_teasers on this shared renderer, and
    # an edited _macros.html (the byline's search marks) had turned the fast path off unseen, 8% of a cold build
    assert _default_teaser(teaser_renderer.env) and set(TEASER_SOURCES) == {"_teaser.html", "_macros.html"}
    for name, text in [("_teaser.html", "<p>{{ article.title }}!</p>"),
                       ("_macros.html", (Path(__file__).parent.parent / "templates" / "_macros.html").read_text()
                        .replace('<span class="byline">', '<span class="by">'))]:
        site = tmp_path / name
        r = renderer(site, [art("a", authors=["Ann"])], files={f"templates/{name}": text})
        assert not r._fast_teasers
        html = page(r, "/")
        assert ("<p>A!</p>" if name == "_teaser.html" else '<span class="by">') in html


def test_every_theme_template_extends_base_html():
    from sitegen.config import DEFAULT_THEME
    pages = [p for p in DEFAULT_THEME.glob("*.html") if not p.name.startswith("_") or p.name in ("_list.html", "_terms.html")]
    for template in pages:
        text = template.read_text()
        assert template.name == "base.html" or "{% extends" in text, f"{template.name} does not extend a layout"


def test_every_html_page_has_landmarks_one_h1_language_and_alt_text(tmp_path):
    import lxml.html
    articles = [art("a", 1, tags=("Rain",), authors=("Jo",), image="static/a.jpg", image_alt="Rain"),
                art("b", 2, language="he", title="שלום"), art("c", 30 * 24, tags=("Rain",))]
    r = renderer(tmp_path, articles)
    html_pages = [p for p in r.site.pages if p.template]
    assert {p.kind for p in html_pages} >= {"article", "index", "tag", "tags", "author", "authors", "archive", "archives", "404"}
    for p in html_pages:
        doc = lxml.html.document_fromstring(r.render(p))
        where = f"{p.kind} {p.url}"
        assert doc.get("lang") and doc.get("dir") in ("ltr", "rtl"), where
        assert len(doc.xpath("//h1")) == 1, where
        for landmark in ("header", "nav", "main", "footer"):
            assert doc.xpath(f"//{landmark}"), f"{where}: no <{landmark}>"
        assert doc.xpath("//a[@class='skip-link'][@href='#main']") and doc.xpath("//main[@id='main']"), where
        assert all(img.get("alt") is not None for img in doc.xpath("//img")), f"{where}: <img> without alt"
        assert all(t.get("datetime") for t in doc.xpath("//time")), f"{where}: <time> without datetime"
    assert 'lang="he" dir="rtl"' in r.render(next(p for p in html_pages if p.url == r.site.urls[1])).decode()[:60]


def test_tag_and_author_pages_offer_their_own_feeds_when_built(tmp_path):
    articles = [art("a", tags=("Rain",), authors=("Jo",))]
    r = renderer(tmp_path, articles)
    assert '<a href="/tags/rain/feed.xml">Atom feed</a>, <a href="/tags/rain/rss.xml">RSS feed</a>' in page(r, "/tags/rain/")
    assert '<a href="/authors/jo/rss.xml">RSS feed</a>' in page(r, "/authors/jo/")
    config = parse_config({"feeds": {"per_tag": False}, "search": {"enabled": False}}, tmp_path)
    no_tag_feeds = Renderer(build_site(config, articles, FIXED_NOW))
    assert 'class="follow"' not in page(no_tag_feeds, "/tags/rain/")


# Sent to the extended parser by a cheap, conservative check although the plain one renders them alike.
NEEDLESS_BUT_HARMLESS = {"# Heading\n", "Text\n=====\n"}


@pytest.mark.parametrize("body", [
    "Plain text.\n", "# Heading\n", "Text\n## Sub\n", "Text\n#nohash\n", "Text\n###\n", "Text\n=====\n",
    "Text\n---\n", "Text\n   ---  \nmore\n", "Text\n    ---\n", "a-b and - c\n", "a\n- item\n",
    "a | b\n--|--\n1 | 2\n", "Note[^1]\n\n[^1]: why\n", "~~gone~~\n", "a\n####### seven\n",
    "An inline note^[why] alone.\n",
])
def test_the_plain_parser_is_taken_only_when_it_renders_the_same(body):
    """Bodies without tables, footnotes, strikethrough or headings skip the extended parser:
    both must give the same HTML whenever needs_extended() says no."""
    md = MarkdownRenderer(False)
    if needs_extended(body):  # the extended parser is taken: it must be needed, i.e. render differently
        assert md.plain.render(body) != md.extended.render(body) or body in NEEDLESS_BUT_HARMLESS
    else:
        assert md.plain.render(body) == md.extended.render(body)


def test_an_inline_footnote_alone_renders_as_a_footnote():
    """'^[...]' is the footnote plugin's inline form: a body with no other extended feature still
    renders it as a note, not as its literal text."""
    page = MarkdownRenderer(False).render("The figure^[From the 2024 census.] is new.\n")
    assert "^[" not in page and 'class="footnote-ref"' in page and "From the 2024 census." in page


PROSE_PIECES = ["Word", "two", " ", " ", "\n", "\n\n", "> ", "[link](https://example.org/a)", "—", "“q”", "3 500",
                ".", ",", "(", ")", ":", "é", "1994"]
ODD_PIECES = ["*", "_", "**", "*em*", "_em_", "[ref]", "[a]: /u", "1.", "2)", "- ", "+ ", "#", "=", "---", "`", "<b>", "&amp;", "\\*",
              "![i](x.png)", "    ", "\t", "~~~", "```", "<https://x.org>"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PROSE_PIECES), max_size=30), st.lists(st.sampled_from(ODD_PIECES), max_size=2),
       st.randoms(use_true_random=False))
def test_the_prose_parser_renders_exactly_what_commonmark_does(prose, odd, rnd):
    """The parser without idle rules is taken only for text none of those rules could act on."""
    pieces = list(prose)
    for piece in odd:
        pieces.insert(rnd.randint(0, len(pieces)), piece)
    text = "".join(pieces)
    md = MarkdownRenderer(False)
    if is_prose(text):
        assert md.prose.render(text) == md.plain.render(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PROSE_PIECES + [p for p in ODD_PIECES if "![" not in p] + ["\r\n", "\r", "\0", "\r\n\r\n"]),
                max_size=30))
@example(pieces=["- ", "#"])   # a heading in a list: <h2> (found failing by final30)
@example(pieces=["> ", "#", "#", "#"])   # a first '###' in a quote: <h2>, as render._outline makes it
def test_line_ends_and_nul_are_normalized_as_commonmark_does(pieces):
    """The parsers skip markdown-it's normalize rule; render() does the same to the rare text with
    CR or NUL first, so any text renders as stock CommonMark renders it (extended syntax aside)."""
    from markdown_it import MarkdownIt
    from sitegen.render import _outline, normalize
    text = "".join(pieces)
    if needs_extended(normalize(text)):
        return
    stock = MarkdownIt("commonmark", {"html": False, "typographer": False, "linkify": False})
    # headings make an outline under the headline on purpose (render._outline: '# X' and a first
    # '### X' are <h2>, no level skipped; a top-level one takes the extended parser, skipped above)
    # and a code block takes the keyboard focus (the theme scrolls a wide one)
    stock.core.ruler.push("outline", _outline)
    # and a web link whose words are its address is marked (the print style writes no address after it)
    expected = (stock.render(text).replace("<pre>", '<pre dir="ltr" tabindex="0">')
                .replace('<a href="https://x.org">https', '<a href="https://x.org" class="link-address">https'))
    assert MarkdownRenderer(False).render(text) == expected


@pytest.mark.parametrize("text", ["a *b* c", "a _b_ c", "a `b` c", "a &amp; b", "a \\*b\\* c", "![i](x.png)",
                                  "<https://x.org>", "[a]\n\n[a]: /u", "1. a", "- a", "# h", "a\n===", "a\n\n---",
                                  "    code", "\tcode", "~~~\nx\n~~~", "```\nx\n```", "> * a"])
def test_text_an_idle_rule_would_change_is_never_prose(text):
    md = MarkdownRenderer(False)
    assert md.prose.render(text) != md.plain.render(text)  # the rule matters here...
    assert not is_prose(text)                               # ...so the full parser takes it


@pytest.mark.parametrize("link, marked", [
    ("[https://example.org/r.pdf](https://example.org/r.pdf)", True), ("[example.org/r](https://example.org/r/)", True),
    ("<https://example.org/r>", True), ("[https://example.org/ä](https://example.org/ä)", True),
    ("<http://example.org/a%20b>", True), ("[the report](https://example.org/r.pdf)", False),
    ("[example.org](https://example.org/other)", False), ("<jane@example.org>", False), ("[/archive/](/archive/)", False),
    ("[**https://example.org/**](https://example.org/)", False), ("[#notes](#notes)", False),
    # rf46b: words that leave out only 'www.' (either side) are the address too
    ("[bbc.co.uk/news](https://www.bbc.co.uk/news)", True), ("[https://www.example.org/report](https://example.org/report)", True),
    ("[www.example.org/r](https://example.org/r)", True), ("[example.org/r](https://www.example.org/other)", False)])
def test_a_web_link_whose_words_are_its_address_is_marked_for_print(link, marked):
    """review46e: the print style writes a web link's address after its words; a link whose words
    are its address is marked (class link-address) so the address is not printed twice. The fast
    path marks what markdown-it's does."""
    from sitegen.render import fast_prose
    md = MarkdownRenderer(False)
    text = f"See {link} today.\n"
    html = md.render(text)
    assert ('class="link-address"' in html) == marked, html
    assert html == md.plain.render(text) == md.extended.render(text)
    assert not is_prose(text) or md.prose.render(text) == html
    fast = fast_prose(text, md._link, normalized=True)
    assert fast is None or fast == html


def test_plain_news_prose_takes_the_prose_parser():
    md = MarkdownRenderer(False)
    body = "First paragraph with a [link](https://example.org/).\n\n> A quote,\n> on two lines.\n>\n> — Someone\n"
    assert md.parser(body) is md.prose and md.render(body) == md.plain.render(body)
    assert md.parser("* a list\n") is md.plain and md.parser("## Heading\n") is md.extended


def test_a_date_without_a_time_shows_no_time(tmp_path):
    day = art("day-only", hours_ago=30, has_time=False, language="de")
    stand_in = art("stand-in", hours_ago=40, date_known=False)
    timed = art("timed", hours_ago=50)
    r = renderer(tmp_path, [day, stand_in, timed], site={"editions": False})
    html = article_page(r, 0)
    assert re.search(r'<time datetime="2025-01-19" lang="de" dir="ltr">19\. Januar 2025</time>', html)
    # the stand-in date comes after every dated story (review50h 1)
    assert "GMT</time>" in article_page(r, 1)
    assert '<time datetime="2025-01-18">January 18, 2025</time>' in article_page(r, 2)
    front = page(r, "/")   # no midnight shown (the timed story, now on the front too, has a +00:00 offset)
    assert not re.search(r">[^<]*\b00:00", front) and "12:00\u202fAM" not in front


def test_an_articles_own_timezone_is_used_for_its_times(tmp_path):
    paris = art("paris", hours_ago=30, timezone="Europe/Paris", language="fr")
    html = article_page(renderer(tmp_path, [paris]))
    assert '<time datetime="2025-01-19T07:00:00+01:00" lang="fr" dir="ltr">19 janvier 2025, 07:00 CET</time>' in html


def test_section_front_nav_label_and_feed(tmp_path):
    import feedparser
    from dataclasses import replace
    sections = {"world": {"name": "World", "description": "Beyond our <borders>."}, "sport": {"name": "Sport"}}
    stories = [replace(art("treaty", 2, tags=("Iran",)), section="world"), art("match", 3, tags=("Iran",)),
               art("lonely", 4, tags=("One-off",))]
    config = parse_config({"site": {"base_url": "https://example.org/news/"}, "search": {"enabled": False},
                           "sections": sections}, tmp_path)
    r = Renderer(build_site(config, stories, FIXED_NOW))
    front = page(r, "/world/")
    assert "<h1>World</h1>" in front and '<p class="list-description">Beyond our &lt;borders&gt;.</p>' in front
    assert '<a href="/news/world/" aria-current="page">World</a>' in front
    assert '<a href="/news/sport/">Sport</a>' in front                    # the masthead lists every section
    assert front.count('<article class="teaser') == 1
    home = page(r, "/")
    assert '<p class="kicker"><a href="/news/world/">World</a></p>' in home   # the section labels the treaty
    assert '<p class="kicker"><a href="/news/tags/iran/">Iran</a></p>' in home  # a topic with two stories
    assert "One-off</a></p>" not in home                                       # never a one-off tag
    feed = feedparser.parse(page(r, "/world/feed.xml"))
    assert not feed.bozo and feed.feed.title == "sitegen News: World"
    assert feed.feed.subtitle == "Beyond our <borders>." and [e.link for e in feed.entries] == [
        "https://example.org/news/" + r.site.urls[0].lstrip("/")]


def test_a_story_keeps_its_own_name_for_an_author_or_tag_that_only_slugs_like_another(tmp_path):
    """review46b: 王伟 and 王薇 (both 'Wang Wei') shared /authors/wang-wei/, headed by the newest; a story
    by 王薇 alone was credited to 王伟 on its byline, in RSS dc:creator, Atom and JSON Feed authors and
    JSON-LD author.name, and a story tagged only 'C++' was tagged 'C'. One name typed two ways
    ('zoe o'brien') shows as its story spells it too, not as the page is headed (review50h 6), with
    authors.toml's bio for 'Zoë O’Brien'; authors.toml's 王伟 is not 王薇."""
    import json
    from html import unescape
    import feedparser
    stories = [art("first", 1, authors=("王伟", "Zoë O’Brien"), tags=("C",)),
               art("second", 2, authors=("王薇", "zoe o'brien"), tags=("C++",))]
    config = parse_config({"site": {"base_url": "https://example.org/"}, "search": {"enabled": False},
                           "authors": {"王伟": {"bio": "Economics."}, "Zoë O’Brien": {"bio": "Sport."}}}, tmp_path)
    r = Renderer(build_site(config, stories, FIXED_NOW))
    expected = {"First": (["王伟", "Zoë O’Brien"], ["C"]), "Second": (["王薇", "zoe o'brien"], ["C++"])}
    for name in ("/feed.xml", "/rss.xml"):
        for entry in feedparser.parse(page(r, name)).entries:
            names = [a.name for a in entry.authors]   # RSS: one dc:creator each
            assert (names, [t.term for t in entry.tags]) == expected[entry.title], (name, entry.title)
    for item in json.loads(page(r, "/feed.json"))["items"]:
        assert ([a["name"] for a in item["authors"]], item["tags"]) == expected[item["title"]], item
    for index, title in enumerate(expected):
        html = article_page(r, index)
        authors, tags = expected[title]
        byline = [(url, unescape(name)) for url, name in
                  re.findall(r'<a href="([^"]+)" rel="author" dir="auto">([^<]+)</a>', html)]
        # each its own page, the newer name numbered (review50h 3); one name typed two ways one page
        own = "/authors/wang-wei-2/" if title == "First" else "/authors/wang-wei/"
        assert byline == list(zip([own, "/authors/zoe-o-brien/"], authors)), byline
        topic = "/tags/c-2/" if title == "First" else "/tags/c/"
        assert re.findall(f'href="{topic}" rel="tag"[^>]*>([^<]+)</a>', html) == tags
        ld = [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
        article = next(d for d in ld if d["@type"] == "NewsArticle")
        assert ([a["name"] for a in article["author"]], article["keywords"]) == (authors, tags), article
        bios = [a.get("description") for a in article["author"]]
        assert bios == (["Economics.", "Sport."] if title == "First" else [None, "Sport."]), bios


def test_topics_index_has_a_to_z_jump_links_and_most_covered_only_from_two_stories(tmp_path):
    names = [f"{letter}opic {n}" for letter in "ABCDEFGHIJKLMN" for n in (1, 2)] + ["9 Lives", "Émigrés"]
    stories = [art(f"s{i}", i + 1, tags=(name,)) for i, name in enumerate(names)] + [
        art("extra", 50, tags=("Bopic 1",))]
    html = page(renderer(tmp_path, stories), "/tags/")
    covered = html.split('id="top-topics"')[1].split("</section>")[0]
    assert re.findall(r'<a href="[^"]+">([^<]+)</a>', covered) == ["Bopic 1"]      # the only one with two stories
    jumps = re.findall(r'<a href="#(topics-[^"]+)">', html)
    assert jumps[0] == "topics-other" and "topics-A" in jumps and "topics-E" in jumps
    for anchor in jumps:
        assert f'id="{anchor}"' in html
    letter_e = html.split('id="topics-E"')[1].split("</ul>")[0]
    assert "Émigrés" in letter_e and "Eopic 1" in letter_e


def test_the_lead_always_has_a_standfirst_and_author_pages_do_not_repeat_the_byline(tmp_path):
    body = "The council voted on *Tuesday* to build a barrier. It will cost [400 million](https://x.org).\n\nMore.\n"
    lead = art("lead", 1, body=body, authors=("Jane Doe",), title="A " * 40 + "headline")
    r = renderer(tmp_path, [lead, art("second", 2, authors=("Jane Doe",))])
    front = page(r, "/")
    assert ('<p class="summary">The council voted on Tuesday to build a barrier. It will cost 400 million.</p>'
            in front)
    assert 'class="teaser teaser-lead title-long' in front                # a long headline gets the smaller size
    author = page(r, "/authors/jane-doe/")
    assert author.count("<article") == 2 and '<body class="page-author">' in author
    from sitegen.config import DEFAULT_THEME
    # a story of theirs alone: tests/test_theme_browser.py shows it in Chromium
    assert ".page-author .river-list .byline:not(:has(a + a)) { display: none; }" in (
        DEFAULT_THEME / "static/style.css").read_text()


@pytest.mark.parametrize("allow_html, from_seed, shown", [
    (False, False, "Hackers hide &lt;b&gt;tags&lt;/b&gt; in snake_case_names &amp; more."),
    (True, False, "Hackers hide tags in snake_case_names &amp; more."),
    (True, True, "Hackers hide &lt;b&gt;tags&lt;/b&gt; in snake_case_names &amp; more."),
])
def test_the_leads_standfirst_shows_raw_html_as_the_body_does(tmp_path, allow_html, from_seed, shown):
    """The lede is the text the story's page shows: a tag is text unless allow_html and written by
    hand (a seed's never is markup), and a tag that is markup shows no text of its own."""
    body = "Hackers hide <b>tags</b> in snake_case_names &amp; more.\n\nMore.\n"
    r = renderer(tmp_path, [art("lead", 1, body=body, from_seed=from_seed), art("second", 2)],
                 build={"allow_html": allow_html})
    assert f'<p class="summary">{shown}</p>' in page(r, "/")


def test_the_leads_standfirst_of_a_body_written_in_raw_html_is_its_first_paragraph(tmp_path):
    """With allow_html a hand-written body in raw HTML showed no standfirst at all."""
    body = "<p>Hackers hide <b>tags</b> &amp; more. It goes on.</p>\n<p>Second.</p>\n"
    r = renderer(tmp_path, [art("lead", 1, body=body), art("second", 2)], build={"allow_html": True})
    assert '<p class="summary">Hackers hide tags &amp; more. It goes on.</p>' in page(r, "/")


@pytest.mark.parametrize("text, values", [
    ("%(minutes)s min read", {"minutes": 5}),
    ("Follow %(name)s:", {"name": "<b>&x"}),
    ("Page %(number)s of %(total)s", {"number": 2, "total": Markup("<i>9</i>")}),
    ("%(n)d items", {"n": 3}),
    ("%(x)r", {"x": "<a>"}),
    ("100%% of %(name)s", {"name": "A&B"}),
])
def test_interface_strings_are_filled_in_exactly_as_markups_own_formatting_would(text, values):
    """The fast path for %(name)s must escape like Markup's %, and leave other conversions to it."""
    from sitegen.render import _format
    made = _format(Markup(text), values)
    assert isinstance(made, Markup) and made == Markup(text) % values


def test_the_themes_environment_renders_as_plain_jinja_does(tmp_path):
    """The theme's Environment calls macros and sitegen's functions directly and escapes strings
    its own way (render._Context, render._Template): the same output as Jinja's own classes for
    values of every kind, macros in loops and blocks, context-taking functions, and a callable
    that raises StopIteration (undefined, as in Jinja)."""
    import jinja2
    from sitegen.render import jinja_env

    source = ("{% macro m(x) %}<{{ x }}>{% endmacro %}"
              "{% block b %}{% for v in values %}{{ m(v) }}{{ v }}|{{ ctx() }}|{% endfor %}{% endblock %}"
              "{{ _('By') }} {{ gettext('%(n)s & more', n='<b>') }} [{{ stop() is undefined }}]")

    @jinja2.pass_context
    def ctx(context):
        return context["who"]

    def stop():
        raise StopIteration

    class Unhashable:  # a callable that is neither a function nor a method, and cannot be a set's key
        __hash__ = None

        def __call__(self, x):
            return f"({x})"

        def method(self, x):
            return f"[{x}]"

    source += "{{ obj('<o>') }}{{ meth('<m>') }}"
    args = dict(values=["<a>", Markup("<b>"), 3, None, 2.5], who="<me & you>", ctx=ctx, stop=stop,
                obj=Unhashable(), meth=Unhashable().method)
    config = parse_config({}, tmp_path)
    ours = jinja_env(config, compiled=False)
    plain = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    plain.install_null_translations(newstyle=True)
    expected = plain.from_string(source).render(**args)
    assert ours.from_string(source).render(**args) == expected
    assert "<&lt;a&gt;>&lt;a&gt;|&lt;me &amp; you&gt;|" in expected and "[True]" in expected
    assert expected.endswith("(&lt;o&gt;)[&lt;m&gt;]")


@pytest.mark.parametrize("call", ["m(v)", "m(v, 2)", "m(v, y=2)", "m(x=v)", "m()", "d(v)", "d(v, 1, 2)", "d(v, z=3)",
                                  "c(v)", "n(v)", "n(v) ~ n(v)", "m(v)|length", "{% call m2(v) %}in{% endcall %}"])
def test_macros_called_by_the_theme_render_as_jinja_calls_them(tmp_path, call):
    """_Context.call runs a macro's function itself when every argument is given by position
    (Macro.__call__'s work skipped): the same text and escaping as Jinja's own classes for calls
    with defaults, keywords, varargs, kwargs, a caller, and a macro with autoescape off."""
    import jinja2
    from sitegen.render import jinja_env

    source = ("{% macro m(x, y=1) %}<{{ x }}:{{ y }}>{% endmacro %}"
              "{% macro d() %}[{{ varargs|join(',') }}{{ kwargs }}]{% endmacro %}"
              "{% macro c(x) %}{{ x }}{{ caller is defined }}{% endmacro %}"
              "{% autoescape false %}{% macro n(x) %}<{{ x }}>{% endmacro %}{% endautoescape %}"
              "{% macro m2(x) %}({{ caller() }}{{ x }}){% endmacro %}"
              "{% for v in values %}")
    source += (call if call.startswith("{%") else "{{ " + call + " }}") + "|{% endfor %}"
    args = dict(values=["<a>", Markup("<b>"), 3, None])
    plain = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, extensions=["jinja2.ext.i18n"])

    def rendered(env: jinja2.Environment) -> str:
        try:
            return env.from_string(source).render(**args)
        except (TypeError, jinja2.UndefinedError) as exc:  # m() misses x; d() takes no keywords
            return f"{type(exc).__name__}: {exc}"
    assert rendered(jinja_env(parse_config({}, tmp_path), compiled=False)) == rendered(plain)


def test_a_page_is_its_pieces_encoded_one_by_one(tmp_path):
    """render._render_bytes encodes each piece a template yields and joins the bytes: the same bytes
    as joining the text first, for ASCII, Latin-1, past Latin-1 and astral pieces, Markup or not."""
    import jinja2
    from sitegen.render import _render_bytes, jinja_env

    env = jinja_env(parse_config({}, tmp_path), compiled=False)
    template = env.from_string("<p>{{ a }} – {{ b }}</p>{% for x in xs %}{{ x }}{% endfor %}\n")
    context = {"a": "café & co", "b": Markup("<i>8:05\u202fAM</i>"), "xs": ["plain", "😀", "ü", Markup("&amp;")]}
    assert _render_bytes(template, context) == template.render(context).encode("utf-8")
    assert set(context) == {"a", "b", "xs"}  # the caller's context is left as it was
    with pytest.raises(jinja2.UndefinedError):
        _render_bytes(env.from_string("{{ missing.x }}"), {})


FAST_PIECES = PROSE_PIECES + ["**", "**Bold opening.**", "** ", " **", "*", "[", "]", "](", "[a](b)", "[x y](http://ex.org/ä?q=1)",
                              "[a](javascript:alert(1))", "[a](<b>)", '[a](b "t")', "[]()", '"', "'", ">", "  \n", " \n",
                              "   ", "\u00a0", "\u2003", "\x1c", "\n>", "\n> ", "\n>\n", "3.", "-", "=", "#", "!", "\n   "]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(FAST_PIECES + ODD_PIECES), max_size=40))
def test_the_hand_made_prose_renderer_renders_exactly_what_commonmark_does(pieces):
    """render.fast_prose takes news prose (paragraphs, quotes, links, **bold**) or says None: whatever
    it takes, it must render as markdown-it does, byte for byte."""
    from sitegen.render import fast_prose
    text = "".join(pieces)
    md = MarkdownRenderer(False)
    fast = fast_prose(text, md._link)
    if fast is not None:
        assert fast == md.plain.render(text) == md.parser(text).render(text)
    norm = normalize(text)  # render()'s own call: no scan for the CR and NUL normalize() took out
    assert fast_prose(norm, md._link, normalized=True) == fast_prose(norm, md._link)


NEWS_PIECES = ["Word", "two", " ", " ", "\n", "\n\n", "> ", "**", "[a](b)", "[x y](http://ex.org/ä?q=1)", '"', ">", "  \n",
               "\n>", "\n> ", "\n>\n", "—", ".", "\n ", "\n  ", "   ", " \n", "(", ")", "[", "]", "**Bold.** ", " **x**", "'"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(NEWS_PIECES), max_size=50))
def test_the_hand_made_prose_renderer_renders_news_prose_exactly_as_commonmark_does(pieces):
    from sitegen.render import fast_prose
    text = "".join(pieces)
    md = MarkdownRenderer(False)
    fast = fast_prose(text, md._link)
    if fast is not None:
        assert fast == md.plain.render(text)


@pytest.mark.parametrize("text", [
    "A paragraph.\n\nAnother, with a [link](https://example.org/a?b=1#c) and \"quotes\" > here.\n",
    "**A bold opening sentence.** Then the rest.\nA second line  \nafter a hard break.\n",
    "> A quote,\n> on two lines.\n>\n> — Someone\n\nAfter.\n", "See [ä](https://例え.jp/ö).\n", "",
])
def test_news_prose_takes_the_hand_made_renderer(text):
    from sitegen.render import fast_prose
    md = MarkdownRenderer(False)
    assert fast_prose(text, md._link) == md.plain.render(text)


@pytest.mark.parametrize("text", ["a\n> b\n", "> a\nb\n", "**a **b**", "(**a**)", "[a](javascript:x)", "[a]\n", "a\n- b\n",
                                  "> > a\n", "a  \u00a0\nb", "[**a**](b)", "x\n===\n", "1. a\n"])
def test_what_the_hand_made_renderer_is_unsure_of_goes_to_markdown_it(text):
    from sitegen.render import fast_prose
    md = MarkdownRenderer(False)
    assert fast_prose(text, md._link) is None
    assert md.render(text) == md.parser(text).render(text)


def test_fields_read_in_templates_as_a_plain_dict_does():
    """views.Fields (page, site) skip Jinja's AttributeError, not its order: a dict's own attribute
    first (d.items is the method), then the key; a missing key is still an error."""
    import jinja2
    from sitegen.views import Fields
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    t = env.from_string("{{ d.title }} {{ d.items is callable }} {{ d['items'] }} {{ d.get('title') }}")
    assert t.render(d=Fields(title="T", items="I")) == t.render(d={"title": "T", "items": "I"}) == "T True I T"
    for d in (Fields(), {}):
        with pytest.raises(jinja2.UndefinedError):
            env.from_string("{{ d.nope }}").render(d=d)


@pytest.mark.cold_cache   # a first build: nothing compiled yet in the user's cache
def test_a_first_build_parses_each_template_once(tmp_path, monkeypatch):
    """The closure's syntax trees are the ones compiled (parsing is half of compiling), and the
    theme compiles to the same code as templates parsed afresh."""
    import jinja2
    from sitegen.render import Theme, jinja_env
    parsed: list[str] = []
    real = jinja2.Environment._parse
    monkeypatch.setattr(jinja2.Environment, "_parse",
                        lambda self, source, name, filename: parsed.append(name) or real(self, source, name, filename))
    config = parse_config({}, tmp_path)
    theme = Theme.load(config)
    theme.preload()
    assert {"base.html", "article.html", "_seo.html", "_macros.html"} <= set(parsed)
    assert len(parsed) == len(set(parsed))
    assert not theme.env._parsed
    fresh = jinja_env(config, compiled=False)
    for name in ("article.html", "_teaser.html"):
        source, filename, _ = fresh.loader.get_source(fresh, name)
        tree = theme.env.parse_once(source, name, filename)
        assert theme.env.compile(tree, name, filename, raw=True) == fresh.compile(source, name, filename, raw=True)


def test_a_teaser_at_another_heading_level_renames_only_its_tags(tmp_path):
    """Related stories show the h2 teaser with its heading tags renamed; text that reads like a tag
    is escaped, so it is never renamed, and the result is still Markup (not escaped again)."""
    r = renderer(tmp_path, [art("a-<h2>-story", summary="About </h2> and <h2 tags>", tags=("x",))])
    view = r.views.article(0)
    h2, h3 = r.teaser(view), r.teaser(view, heading="h3")
    assert type(h3) is Markup and "<h3 class=\"teaser-title\">" in h3 and "</h3>" in h3
    assert "<h2" not in h3 and "</h2>" not in h3 and "&lt;h2" in h3 and "&lt;/h2&gt;" in h3
    assert str(h3) == str(h2).replace("<h2", "<h3").replace("</h2>", "</h3>")
    assert r.teaser(view, heading="h3") == h3


def test_article_views_are_made_with_every_field(tmp_path):
    """views._made fills an ArticleView (and a Pager) without its dataclass __init__: every field
    must be given, and the view must equal one the dataclass makes (the body's copy too)."""
    import dataclasses
    from sitegen.views import ArticleView
    r = renderer(tmp_path, [art("one", tags=("Ports",), authors=("Ann Lee",), summary="S.")])
    for view in (r.views.article(0), r.views.article(0, body=True)):
        values = {f.name: getattr(view, f.name) for f in dataclasses.fields(ArticleView)}
        assert set(values) <= set(vars(view)) and view == ArticleView(**values)
    from sitegen.views import NO_BODY
    assert r.views.article(0, body=True).body_html == "<p>Body.</p>\n" and r.views.article(0).body_html is NO_BODY
    from sitegen.views import Pager
    front = next(p for p in r.site.pages if p.kind == "index")
    pager = r.views.pager(front)
    assert pager == Pager(**{f.name: getattr(pager, f.name) for f in dataclasses.fields(Pager)})


def test_a_views_topic_and_author_links_are_those_made_one_name_at_a_time(tmp_path):
    """Views._term_links gives what _term_link gives for each name, the first time (made) and later
    (memoised), for names in another case than the topic's own."""
    r = renderer(tmp_path, [art("one", tags=("Ports", "Rail"), authors=("Ann Lee", "Bo Ma")),
                            art("two", tags=("ports", "Sea"), authors=("Ann Lee",)), art("three")])
    fresh = renderer(tmp_path / "other", list(r.site.articles))
    for i, a in enumerate(r.site.articles):
        for table, names in ((r.site.tags, a.tags), (r.site.authors, a.authors)):
            made = r.views._term_links(table, i, names)
            assert made == r.views._term_links(table, i, names)
            ftable = fresh.site.tags if table is r.site.tags else fresh.site.authors
            assert made == tuple(fresh.views._term_link(ftable, i, n) for n in names)
    assert {t.name.lower() for i in range(3) for t in r.views.article(i).tags} == {"ports", "rail", "sea"}


def test_prose_text_without_markup_characters_is_returned_as_it_is():
    from sitegen.render import _escaped
    plain = "Officials said the plan would cost 3 million pounds."
    assert _escaped(plain) is plain
    assert _escaped('a > b "c"') == "a &gt; b &quot;c&quot;"


def test_the_theme_reads_fields_keys_without_their_attribute_miss(monkeypatch):
    """The theme's Environment reads a views.Fields key straight from the dict (no failed getattr
    that raises), with Jinja's order kept: a dict's own attribute first, a missing key an error,
    other objects as Jinja reads them; in templates and through environment.getattr (filters)."""
    import jinja2
    from sitegen import views
    from sitegen.render import _Environment
    env = _Environment(undefined=jinja2.StrictUndefined)
    t = env.from_string("{{ d.title }} {{ d.items is callable }} {{ d['items'] }} {{ d.get('title') }} {{ o.real }}"
                        " {{ [d]|map(attribute='title')|join }}")
    calls = []
    real = views.Fields.__getitem__
    monkeypatch.setattr(views.Fields, "__getitem__", lambda self, name: calls.append(name) or real(self, name))
    assert not hasattr(views.Fields, "__getattr__")  # which a failed attribute read would call, raising first
    assert t.render(d=views.Fields(title="T", items="I"), o=3) == "T True I T 3 T"
    assert calls == ["title", "items", "title"]  # {{ d.title }}, {{ d['items'] }}, map's attribute (an item first)
    for d in (views.Fields(), {}):
        with pytest.raises(jinja2.UndefinedError):
            env.from_string("{{ d.nope }}").render(d=d)
    plain = jinja2.Environment(undefined=jinja2.StrictUndefined)
    for value in (views.Fields(kind="tag", keys="k"), {"kind": "tag"}, Markup("<b>"), 3, None):
        for name in ("kind", "keys", "upper", "real", "nope"):
            mine, theirs = env.getattr(value, name), plain.getattr(value, name)
            assert type(mine) is type(theirs) and (isinstance(mine, jinja2.Undefined) or mine == theirs)


# aliases: the redirect page at an old address ----------------------------------------------------------
def test_an_alias_is_a_redirect_page_to_the_story_escaped(tmp_path):
    # Before: no page at an old address; a shared link broke when a story's date or headline changed
    r = renderer(tmp_path, [art("moved", title='Ferries & "trains" <resume>', language="fr",
                                aliases=("/2024/12/old-slug/",))], site={"base_url": "https://example.org/news/"})
    html = page(r, "/2024/12/old-slug/")
    # site-root-relative, as permalinks: public/ is served at the sub-path, so it answers /news/2024/12/old-slug/
    assert [p.output for p in r.site.pages if p.kind == "alias"] == ["2024/12/old-slug/index.html"]
    new = "https://example.org/news/2025/01/moved/"
    assert html == ('<!doctype html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
                    "<title>Ferries &amp; &#34;trains&#34; &lt;resume&gt;</title>\n"
                    # an icon of its own: else a browser asks the host's root for /favicon.ico, a
                    # 404 under a sub-path (month32)
                    '<link rel="icon" href="data:,">\n'
                    f'<link rel="canonical" href="{new}">\n<meta name="robots" content="noindex">\n'
                    f'<meta http-equiv="refresh" content="0; url={new}">\n</head>\n'
                    f'<body>\n<p><a href="{new}">{new}</a></p>\n</body>\n</html>\n')


# Template pieces for the code generator's test: text, values of every kind (escaped or not),
# statements between them, loops, blocks, macros, includes, {% set %} blocks and extends.
_GEN_PIECES = ["<p>", "text – ü", " ", "\n", "{{ a }}", "{{ b }}", "{{ n }}", "{{ a ~ b }}", "{{ b|safe }}",
               "{{ '<lit>' }}", "{{ 1 + 2 }}", "{{ m(a) }}", "{{ xs|length }}", "{% if n %}yes {{ a }}{% endif %}",
               "{% for x in xs %}[{{ x }}|{{ loop.index }}]{% endfor %}", "{% set t = a ~ '!' %}{{ t }}",
               "{% set blk %}<{{ b }}>{% endset %}{{ blk }}", "{% block inner %}in {{ a }}{% endblock %}",
               "{% include 'inc.html' %}", "{% autoescape false %}{{ a }}{% endautoescape %}",
               "{% filter upper %}{{ a }}x{% endfilter %}", "{% call m(b) %}c{{ n }}{% endcall %}", "{# c #}",
               "{{ self.inner() }}", "{% raw %}{{ raw }}{% endraw %}", "{{ a }}{{ b }}{{ n }}",
               "{{ d.k }}{{ d.items is callable }}{{ d['items'] }}", "{{ f.title }}{{ f.items is callable }}",
               "{{ o.attr }}|{{ o.attr.upper() }}", "{{ o.nope is defined }}", "{{ o.broken is defined }}",
               "{{ g.any }}", "{{ xs.0 }}{{ a.upper }}", "{{ o.nope }}", "{{ d.k.x.y }}", "{{ fn(a) }}",
               "{{ direct(a, k=n) }}", "{{ ctx() }}", "{% for x in xs %}{{ direct(x) }}{{ ctx() }}{% endfor %}",
               "{{ direct(fn(a)) }}", "{{ 'abc'.upper() }}", "{{ nothing(a) }}", "{{ direct(b)|length }}"]
_GEN_MACROS = "{% macro m(x) %}({{ x }}{% if caller %}{{ caller() }}{% endif %}){% endmacro %}"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_GEN_PIECES), max_size=12), st.lists(st.sampled_from(_GEN_PIECES), max_size=6),
       st.booleans())
def test_templates_compile_to_code_that_renders_what_jinjas_own_does(pieces, parent, extends):
    """render._CodeGenerator yields each run of text and values as one string: every template,
    standalone or extending another, renders the same text as Jinja's own code generator."""
    import jinja2
    from sitegen.render import _CodeGenerator, _Environment
    from sitegen.views import Fields

    class Ours(jinja2.Environment):
        code_generator_class = _CodeGenerator
        getattr_missed = _Environment.getattr_missed

    class Obj:
        attr = "<attr>"

        @property
        def broken(self):
            raise AttributeError("inside")

    class Dynamic:
        def __getattr__(self, name):
            return f"<{name}>"

    def direct(x, k=0):  # marked: called straight from the template
        return f"<{x}:{k}>"
    direct.sitegen_direct = True

    @jinja2.pass_context
    def ctx(context):
        return context.get("t", "<no t>")

    body = _GEN_MACROS + "".join(pieces)
    if extends:
        body = "{% extends 'base.html' %}" + _GEN_MACROS + "{% block main %}" + "".join(pieces) + "{% endblock %}"
    templates = {"page.html": body, "inc.html": "<inc {{ a }}>{{ b }}",
                 "base.html": "<b>{{ a }}" + "".join(parent).replace("block inner", "block other")
                              + "{% block main %}{% endblock %}</b>"}
    args = dict(a="<a & 'b'>", b=Markup("<i>it</i>"), n=3, xs=["<x>", Markup("<y>"), 2, None],
                d={"k": "<k>", "items": "<i>"}, f=Fields(title="<t>", items="I"), o=Obj(), g=Dynamic(),
                fn=lambda x: f"[{x}]", direct=direct, ctx=ctx)

    def rendered(env: jinja2.Environment) -> str:
        try:
            return env.get_template("page.html").render(**args)
        except jinja2.TemplateError as exc:  # a block called where it is not, a block defined twice
            return f"{type(exc).__name__}: {exc}"
    for options in ({"autoescape": True}, {"autoescape": False, "trim_blocks": True, "lstrip_blocks": True},
                    {"autoescape": True, "undefined": jinja2.StrictUndefined}):
        found = [rendered(env(loader=jinja2.DictLoader(templates), **options)) for env in (jinja2.Environment, Ours)]
        assert found[0] == found[1]


def test_an_error_in_a_run_of_values_names_its_line(tmp_path):
    """Each value of a joined run is on its own line of the compiled code: an error names the
    template line of the value that failed, as with Jinja's own code generator."""
    r = renderer(tmp_path, [art("a")], files={"templates/article.html": (
        "{% extends 'base.html' %}{% block main %}<p>{{ article.title }}\n{{ article.title }} {{ 1 // 0 }}</p>"
        "{% endblock %}")})
    with pytest.raises(RenderError, match=r"article.html:2: ZeroDivisionError"):
        article_page(r)


@pytest.mark.parametrize("files, line", [
    ({"templates/tag.html": '{% extends "tag.html" %}\n{% block main %}x{% endblock %}\n'}, 1),
    ({"templates/tag.html": '{% extends "base.html" %}\n{% block main %}\n{% include "_box.html" %}\n{% endblock %}\n',
      "templates/_box.html": '<div>\n{% include "_box.html" %}\n</div>\n'}, 2)])
def test_a_template_that_extends_or_includes_itself_is_named_once(tmp_path, files, line):
    # Before: a bare "RecursionError: maximum recursion depth exceeded" on every page, naming no template
    r = renderer(tmp_path, [art("a", tags=("Rain",)), art("b", tags=("Snow",))], files=files)
    messages = set()
    for url in ("/tags/rain/", "/tags/snow/"):
        with pytest.raises(RenderError) as caught:
            page(r, url)
        messages.add(str(caught.value))
    assert len(messages) == 1, messages
    name = [n for n in files if n != "templates/tag.html"] or ["templates/tag.html"]
    assert messages.pop() == (
        f"{tmp_path / name[0]}:{line}: {name[0].removeprefix('templates/')} extends or includes itself, directly or "
        "through the templates it uses, with no end; extend another template (a page extends base.html) and "
        "include a template in itself only under a condition that ends")


@pytest.mark.parametrize("files, lines", [
    ({"templates/tag.html": '{% extends "base.html" %}\n{% macro m(x) %}\n<b>{{ m(x) }}</b>{% endmacro %}\n'
                            '{% block main %}{{ m(1) }}{% endblock %}\n'}, (3,)),
    ({"templates/tag.html": '{% extends "base.html" %}\n{% from "_m.html" import a %}\n{% block main %}{{ a(1) }}'
                            '{% endblock %}\n',
      "templates/_m.html": '{% macro a(x) %}{{ b(x) }}{% endmacro %}\n{% macro b(x) %}\n{{ a(x) }}{% endmacro %}\n'},
     (1, 3))])   # either call of the cycle: where the stack runs out depends on how deep it started
def test_a_macro_that_calls_itself_is_named_as_a_macro(tmp_path, files, lines):
    """A designer's recursive macro was reported as '_m.html extends or includes itself ... include a
    template in itself only under a condition that ends': neither what the template did nor the fix."""
    r = renderer(tmp_path, [art("a", tags=("Rain",))], files=files)
    with pytest.raises(RenderError) as caught:
        page(r, "/tags/rain/")
    name = [n for n in files if n != "templates/tag.html"] or ["templates/tag.html"]
    assert str(caught.value) in [(
        f"{tmp_path / name[0]}:{line}: a macro calls itself, directly or through the macros it calls, with no end; "
        "call it again only under a condition that ends (an {% if %} on an argument that changes each call)")
        for line in lines]


def test_a_template_that_includes_itself_and_calls_a_macro_is_named_not_the_macro(tmp_path):
    # The theme's _teaser.html calls byline() from _macros.html; a designer's copy that includes
    # itself ran out of stack inside that macro, and the error named the theme's _macros.html:26 (a
    # file the designer never opened, by its path in the installed package) as "a macro calls itself"
    files = {"templates/tag.html": '{% extends "base.html" %}\n{% block main %}\n{% include "_box.html" %}\n'
                                   '{% endblock %}\n',
             "templates/_m.html": '{% macro stamp(x) %}\n<i>{{ x }}</i>\n{% endmacro %}\n',
             "templates/_box.html": '{% from "_m.html" import stamp %}\n<div>{{ stamp(1) }}\n'
                                    '{% include "_box.html" %}\n</div>\n'}
    r = renderer(tmp_path, [art("a", tags=("Rain",))], files=files)
    with pytest.raises(RenderError) as caught:
        page(r, "/tags/rain/")
    message = str(caught.value)   # line 3, the include that repeats (not 2, the call the stack may run out in)
    assert message.startswith(f"{tmp_path / 'templates/_box.html'}:3: "), message
    assert "_box.html extends or includes itself" in message, message


def test_a_copy_of_the_themes_teaser_that_includes_itself_is_named_not_the_themes_macros(tmp_path):
    # review52b 2's repro: the theme's own _teaser.html (it calls the theme's macros) copied into the
    # site's templates/ with an include of itself; the error named the installed theme's _macros.html
    teaser = (DEFAULT_THEME / "_teaser.html").read_text(encoding="utf-8") + '{% include "_teaser.html" %}\n'
    r = renderer(tmp_path, [art("a", tags=("Rain",))], files={"templates/_teaser.html": teaser})
    with pytest.raises(RenderError) as caught:
        page(r, "/tags/rain/")
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'templates/_teaser.html'}:"), message
    assert "_teaser.html extends or includes itself" in message and "macro" not in message, message


def test_a_macro_that_calls_itself_between_calls_of_another_macro_is_named_at_its_own_line(tmp_path):
    # The neighbour: the recursing macro calls a second one on each level, which the stack may run
    # out in; the error names the line that repeats, its call of itself (not the other macro's line)
    files = {"templates/tag.html": '{% extends "base.html" %}\n{% import "_m.html" as m %}\n{% block main %}\n'
                                   '{{ m.down(1) }}\n{% endblock %}\n',
             "templates/_m.html": '{% macro leaf(x) %}<i>{{ x }}</i>{% endmacro %}\n'
                                  '{% macro down(x) %}\n{{ leaf(x) }}\n{{ down(x + 1) }}\n{% endmacro %}\n'}
    r = renderer(tmp_path, [art("a", tags=("Rain",))], files=files)
    with pytest.raises(RenderError) as caught:
        page(r, "/tags/rain/")
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'templates/_m.html'}:4: "), message
    assert "a macro calls itself" in message, message


def test_a_translation_pair_outside_the_main_language_has_an_x_default_the_original(tmp_path):
    # Before: a German story and its French translation on an English site had hreflang de and fr
    # but no x-default (only a story in the main edition was ever chosen)
    stories = [art("budget", 3), art("haushalt", 2, language="de"),
               art("budget-fr", 1, language="fr", translation_of="haushalt.md")]
    r = renderer(tmp_path, stories)
    views = r.views
    german = next(r.site.urls[j] for j, a in enumerate(r.site.articles) if a.language == "de")
    for i in (j for j, a in enumerate(r.site.articles) if a.language != "en"):
        found = dict(views.alternates(next(p for p in r.site.pages if p.kind == "article" and p.articles == (i,))))
        assert found["x-default"] == views.abs_url(german) == found["de"]
        assert sorted(found) == ["de", "fr", "x-default"]


@pytest.mark.parametrize("files, words", [
    # a site's tag.html extending "tag.html" means the theme's, which it replaces (review47g 8)
    ({"templates/tag.html": '{% extends "tag.html" %}\n{% block main %}x{% endblock %}\n'},
     "tag.html extends itself, with no end: yours replaces the theme's tag.html, so 'tag.html' names your own; "
     "copy the theme's tag.html whole into yours and change it there"),
    ({"templates/tag.html": '\n{% extends "_a.html" %}\n{% block main %}x{% endblock %}\n',
      "templates/_a.html": '{% extends "tag.html" %}\n'},
     "_a.html extends itself through _a.html -> tag.html -> _a.html, with no end; extend another template "
     "(a page extends base.html)")])
def test_a_template_extending_itself_is_one_error_before_any_page_is_rendered(tmp_path, files, words):
    write_files(tmp_path, files)
    config = parse_config({"search": {"enabled": False}}, tmp_path)
    lost = Theme.load(config).block_errors(["tag.html", "article.html"])
    where = tmp_path / ("templates/_a.html" if "templates/_a.html" in files else "templates/tag.html")
    assert lost == [f"{where}:1: {words}"]


# Body links to other stories' files ---------------------------------------------------------------
@pytest.mark.parametrize("extra", ["", "\n| a | b |\n|---|---|\n| 1 | 2 |\n"])  # fast prose, then markdown-it
@pytest.mark.parametrize("base_url", ["https://example.org/", "https://example.org/news/"])
def test_a_body_link_to_a_storys_file_is_that_storys_url(tmp_path, extra, base_url):
    body = ("See [the flood](flood.md), [its reactions](flood.md#reactions), [from the root](/flood.md?x=1#a) "
            "and [nothing](gone.md).\n" + extra)
    r = renderer(tmp_path, [art("a", body=body, body_links=("flood.md", "flood.md#reactions", "/flood.md?x=1#a",
                                                              "gone.md")),
                            art("flood", hours_ago=30, slug="the-flood")], site={"base_url": base_url})
    html = article_page(r)
    url = base_url.removeprefix("https://example.org") + r.site.urls[1].lstrip("/")
    assert url.endswith("/2025/01/the-flood/")
    assert f'<a href="{url}">the flood</a>' in html and f'<a href="{url}#reactions">its reactions</a>' in html
    assert f'<a href="{url}?x=1#a">from the root</a>' in html
    assert '<a href="gone.md">nothing</a>' in html        # named no story: as written (build_site warned)


LINK_PIECES = ["[a](b.md)", "[a](b.md#f)", "[c](../x/c.md?q=1#f)", "[é](caf%C3%A9.md)", "[é](café.md)", "[n](none.md)",
               "[u](https://example.org/b.md)", "[a](<b.md>)", '[a](b.md "t")', "[**a**](b.md)", "b.md", "[a]", "(b.md)"]
LINKS = {"b.md": "/news/2025/01/b/", "b.md#f": "/news/2025/01/b/#f", "../x/c.md?q=1#f": "/news/2025/01/c/?q=1#f",
         "caf%C3%A9.md": "/news/2025/01/cafe/", "https://example.org/b.md": "/never/"}


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(LINK_PIECES + FAST_PIECES), max_size=30), st.sampled_from(["/", "/news/"]))
def test_story_links_render_alike_on_the_hand_made_and_markdown_it_paths(pieces, base_path):
    """A body linking to stories' files renders as markdown-it renders it with the links resolved
    (render._resolve_md_links), on whichever path takes it; only hrefs the map names change, and
    an address with a scheme is never one (views only map '.md' paths)."""
    from functools import partial
    from sitegen.render import fast_prose
    text = "".join(pieces)
    md = MarkdownRenderer(False, base_path)
    links = {k: v for k, v in LINKS.items() if "://" not in k}
    env = {"links": links}
    expected = md.parser(text).render(text, dict(env))
    assert md.render(text, dict(env)) == expected
    fast = fast_prose(text, partial(md._story_link, links))
    if fast is not None:
        assert fast == md.plain.render(text, dict(env)) == expected
    if not any(p in text for p in ("b.md", "c.md", "%C3%A9.md", "café.md")):
        assert expected == md.render(text)  # no story link: the same as without the map


def test_a_story_link_takes_the_hand_made_path_with_its_url():
    from functools import partial
    from sitegen.render import fast_prose
    md = MarkdownRenderer(False, "/news/")
    text = "See [a](b.md#f) and [n](none.md), [w](https://example.org/)."
    fast = fast_prose(text, partial(md._story_link, LINKS))
    assert fast == ('<p>See <a href="/news/2025/01/b/#f">a</a> and <a href="none.md">n</a>, '
                    '<a href="https://example.org/">w</a>.</p>\n') == md.plain.render(text, {"links": LINKS})


def test_the_blocks_base_html_lists_are_its_blocks():
    """base.html's comment is the themer's list of blocks to replace: each one it names is a block
    there, and each block there is named (title and description were missing)."""
    import jinja2
    source = (Path(__file__).resolve().parent.parent / "templates" / "base.html").read_text(encoding="utf-8")
    listed = re.search(r"Blocks a page may replace:(.*?)\.\n", source, re.S).group(1)
    named = set(re.findall(r"\b([a-z_]+)\b(?![.(])", re.sub(r"\([^)]*\)", "", listed)))
    blocks = {b.name for b in jinja2.Environment().parse(source).find_all(jinja2.nodes.Block)}
    assert named == blocks, (sorted(named - blocks), sorted(blocks - named))


@pytest.mark.parametrize("language, direction", [("ar-eg", "rtl"), ("fa-ir", "rtl"), ("he-il", "rtl"), ("ckb", "rtl"),
                                                 ("pa-arab", "rtl"), ("ar", "rtl"), ("en-gb", "ltr"), ("ja", "ltr")])
def test_a_right_to_left_language_reads_right_to_left_whatever_its_region(tmp_path, language, direction):
    """dir came from a list of bare codes: an 'ar-eg' or 'he-il' story (both valid `language:`
    values) was laid out left to right, its page and its edition's chrome alike; Sorani ('ckb')
    was missing. CLDR's character order decides now."""
    r = renderer(tmp_path, [art("story", language=language, title="عنوان"), art("london", 2)])
    shown = {"ar-eg": "ar-EG", "fa-ir": "fa-IR", "he-il": "he-IL", "pa-arab": "pa-Arab", "en-gb": "en-GB"}.get(language, language)
    assert article_page(r).startswith(f'<!DOCTYPE html>\n<html lang="{shown}" dir="{direction}">')  # BCP 47's case


def test_links_and_names_in_another_direction_are_isolated_from_the_text_around_them(tmp_path):
    """Two right-to-left words in a left-to-right line, 'Other languages: العربية, עברית', are one
    right-to-left run to the bidi algorithm, which shows them in reverse order (Chromium put עברית
    left of العربية); so are two Latin names in an Arabic byline. Each link's own dir isolates it."""
    stories = [art("strike", 3, authors=("ليلى حداد", "عمر فاروق")),
               art("strike-ar", 2, language="ar", translation_of="strike.md", authors=("Dana Levi", "Sam Lee")),
               art("strike-he", 1, language="he", translation_of="strike.md")]
    r = renderer(tmp_path, stories)
    english = article_page(r, next(i for i, a in enumerate(r.site.articles) if a.language == "en"))
    assert re.search(r'<a href="[^"]+" hreflang="he" lang="he" dir="rtl">עברית</a>, '
                     r'<a href="[^"]+" hreflang="ar" lang="ar" dir="rtl">العربية</a>', english)
    assert '<a href="/authors/lyl-hdd/" rel="author" dir="auto">ليلى حداد</a>' in english
    arabic = article_page(r, next(i for i, a in enumerate(r.site.articles) if a.language == "ar"))
    assert 'hreflang="en" lang="en" dir="ltr">English</a>' in arabic
    assert 'rel="author" dir="auto">Dana Levi</a>' in arabic
    front = page(r, "/ar/")
    assert 'rel="author" dir="auto">Dana Levi</a>' in front              # the teaser's byline too


def test_an_updated_equal_to_the_date_shows_no_updated_line(tmp_path):
    """'updated:' equal to 'date:' (as other tools' exports write it) is taken as not updated: the
    build no longer warns of it, and the page no longer says 'Updated' at the very time it was
    published (final33b: the README said the one, the page still did the other)."""
    same = art("a")
    html = article_page(renderer(tmp_path, [replace(same, updated=same.date)]))
    assert 'class="updated"' not in html
    later = replace(same, updated=same.date + timedelta(hours=2))
    assert 'class="updated"' in article_page(renderer(tmp_path / "later", [later]))


@pytest.mark.parametrize("source, shows", [
    ("{{ article.words }}", {"words"}),
    ('{{ article|attr("words") }}', {"words"}),
    ("{{ articles|map(attribute='words')|sum }}", {"words"}),
    ("{% set words = 3 %}{{ words }} {{ article.reading_time }}", {"reading time"}),   # a variable of its own
    ("{{ article.lede }}", {"lede"}),
    ("{{ article.markdown()|truncate(80) }}", {"lede"}),   # what the lede is made from
    ("{% for s in site.sections %}<a href='{{ s.url }}'>{{ s.name }}</a>{% endfor %}", set()),
    ("{% for s in site.sections %}{{ s.name }} ({{ s.count }}){% endfor %}", {"section counts"}),
    ("{% for s in site.sections %}{{ s['count'] }}{% endfor %}", {"section counts"}),
    ("{% for s in site.sections|sort(attribute='count') %}{{ s.name }}{% endfor %}", {"section counts"}),
    ("{% for s in site.sections if s.count %}{{ s.name }}{% endfor %}", {"section counts"}),  # the loop's filter
    ("{% for s in site.sections %}{{ menu_item(s) }}{% endfor %}", {"section counts"}),  # handed on whole
    ("{{ site.sections|length }}", {"section counts"}),
    ("{% set menu = site.sections %}{% for s in menu %}{{ s.name }}{% endfor %}", {"section counts"}),
    ("{% for t in terms %}{{ t.count }}{% endfor %}", {"term counts"}),   # but not in tags.html (below)
    ("{% for t in article.tags %}{{ t.name }} ({{ t.count }}){% endfor %}", {"term counts"}),
    ("{{ article.label.count }}", {"term counts"}),
    ("{{ article.authors|map(attribute='count')|sum }}", {"term counts"}),
    ("{% for s in site.sections %}{% for t in article.tags %}{{ t.count }}{% endfor %}{% endfor %}", {"term counts"}),
    ("{{ article.reading_time }} min", {"reading time"}),
    ("{{ stories|map(attribute='reading_time')|sum }}", {"reading time"}),
])
def test_theme_shows_finds_the_costly_fields_a_template_reads(source, shows):
    import jinja2
    from sitegen.render import theme_shows
    assert theme_shows([jinja2.Environment().parse(source)]) == shows


@pytest.mark.parametrize("source, shows", [
    ("{{ article.reading_time }} min read", set()),   # the page's own story: rendered on each body edit
    ("{% for article in related %}{{ article.reading_time }}{% endfor %}", {"reading time"}),
    ("{% for r in related %}{{ r.reading_time }}{% endfor %}", {"reading time"}),
    ("{% set article = related[0] %}{{ article.reading_time }}", {"reading time"}),
    ("{% macro t(article) %}{{ article.reading_time }}{% endmacro %}", {"reading time"}),
    ("{% with article = related[0] %}{{ article.reading_time }}{% endwith %}", {"reading time"}),
])
def test_a_story_pages_own_reading_time_is_not_one_its_lists_show(source, shows):
    """At 100,000 articles a body edit moving a story's reading time to the next minute planned the
    whole site anew (23 s, 1.4 GB) for the built-in article.html's own `article.reading_time`."""
    import jinja2
    from sitegen.render import theme_shows
    assert theme_shows([jinja2.Environment().parse(source)], story_page=True) == shows


@pytest.mark.parametrize("files, shown", [
    # review37e: article.html fills a parent's scoped block inside its loop over related stories
    ({"story_base.html": "{% extends 'base.html' %}{% block main %}{% for article in related %}"
                         "{% block related_item scoped %}{% endblock %}{% endfor %}{% endblock %}",
      "article.html": "{% extends 'story_base.html' %}{% block related_item %}{{ article.reading_time }}{% endblock %}"},
     "reading time"),
    ({"article.html": "{% extends 'base.html' %}{% block main %}{{ article.reading_time }}{% endblock %}",
      "_more.html": "{% for article in related %}{% include 'article.html' %}{% endfor %}"}, "reading time"),
    # review37e: the built-in teaser's lede on a list page other than the front's lead (review41l: keyed on
    # the bodies of the stories on the pages of the templates using _list.html, not in every listing)
    ({"_list.html": "{% from '_teaser.html' import teaser %}{% for article in articles %}"
                    "{{ teaser(article, lead=loop.first) }}{% endfor %}"}, "lede on tag.html"),
    ({"article.html": "{% for r in related %}{{ teaser(r, lead=true) }}{% endfor %}"}, "lede"),
])
def test_a_theme_that_may_show_another_storys_reading_time_or_lede_keys_it(tmp_path, files, shown):
    for name, text in files.items():
        (tmp_path / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "templates" / name).write_text(text, encoding="utf-8")
    theme = Theme.load(parse_config({"site": {"title": "T"}}, tmp_path))
    assert shown in theme.shows


@pytest.mark.parametrize("call", [
    "{% set card = teaser %}{{ card(article, true) }}",
    "{% set t = [teaser] %}{{ t[0](article, true) }}",
    "{% with card = teaser %}{{ card(article, true) }}{% endwith %}",
    "{% macro row(make, a) %}{{ make(a, true) }}{% endmacro %}{{ row(teaser, article) }}",
    "{{ (teaser, 1)[0](article) }}",
], ids=["set", "list", "with", "passed", "tuple"])
def test_a_teaser_under_another_name_may_make_a_lead(tmp_path, call):
    """review42g: only a call whose callee was the name `teaser` was counted, so `{% set card = teaser
    %}{{ card(article, true) }}` in _list.html left its pages unkeyed on the stories' bodies: an
    incremental build after a body edit kept the old lede. What another name is given is not
    followed: `teaser` used other than called by its name counts as making a lead."""
    source = (Path(__file__).resolve().parent.parent / "templates/_list.html").read_text(encoding="utf-8")
    assert "{{ teaser(article, image='small') }}" in source
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/_list.html").write_text(source.replace("{{ teaser(article, image='small') }}", call),
                                                   encoding="utf-8")
    shows = Theme.load(parse_config({"site": {"title": "T"}}, tmp_path)).shows
    assert {"lede on tag.html", "lede on author.html", "lede on archive.html"} <= shows, shows
    (tmp_path / "templates/_list.html").write_text(source.replace("{{ teaser(article, image='small') }}",
                                                                  "{{ teaser(article, heading='h3') }}"), encoding="utf-8")
    assert Theme.load(parse_config({"site": {"title": "T"}}, tmp_path)).shows == frozenset()


@pytest.mark.parametrize("files, shown", [
    ({"article.html": "{% extends 'base.html' %}{% block main %}{% for t in article.tags %}{{ t.count }}"
                      "{% endfor %}{% endblock %}"}, True),
    ({"article.html": "{% extends 'base.html' %}{% block main %}{% include '_terms.html' %}{% endblock %}"}, True),
    ({"_teaser.html": "{{ article.title }} ({{ article.label.count }})"}, True),   # rendered on any list
    ({"tags.html": "{% extends 'base.html' %}{% block main %}{% for t in terms %}{{ t.count }}{% endfor %}"
                   "{% endblock %}"}, False),   # the index's own: its pages hold the counts anyway
    ({"tag.html": "{% extends 'tags.html' %}"}, True),   # the index's blocks on another page
])
def test_a_theme_showing_a_storys_topics_counts_keys_them(tmp_path, files, shown):
    """review43d: the counts of a story's authors, topics and label were in every listing's key though
    the built-in theme shows them only on the tags, authors and archives pages: a tag on every story
    re-rendered the site when one was untagged. They count where another page can show them."""
    (tmp_path / "templates").mkdir()
    for name, text in files.items():
        (tmp_path / "templates" / name).write_text(text, encoding="utf-8")
    assert ("term counts" in Theme.load(parse_config({"site": {"title": "T"}}, tmp_path)).shows) is shown


def test_the_built_in_theme_shows_neither_word_nor_section_counts(tmp_path):
    theme = Theme.load(parse_config({"site": {"title": "T"}}, tmp_path))
    assert theme.shows == frozenset()
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/_teaser.html").write_text("{{ article.title }}, {{ article.words }} words")
    assert Theme.load(parse_config({"site": {"title": "T"}}, tmp_path)).shows == {"words"}


def test_an_authors_email_link_shows_the_address_without_mailto(tmp_path):
    """authors.toml's links are shown without their scheme: an e-mail link read
    'mailto:jane@example.org' (only '://' was cut), the web links 'example.org/jane'."""
    config = parse_config({"site": {"base_url": "https://example.org/"}, "search": {"enabled": False},
                           "authors": {"Jane Doe": {"links": ["https://example.org/jane/",
                                                              "mailto:jane@example.org?subject=Tip"]}}}, tmp_path)
    r = Renderer(build_site(config, [art("a", authors=("Jane Doe",))], FIXED_NOW))
    links = re.findall(r'<a href="([^"]*)" rel="me">([^<]*)</a>', page(r, "/authors/jane-doe/"))
    assert links == [("https://example.org/jane/", "example.org/jane"),
                     ("mailto:jane@example.org?subject=Tip", "jane@example.org")]


def test_every_variable_base_html_lists_is_on_every_kind_of_page(tmp_path):
    """review41e: README says every variable base.html lists exists on every page, but article,
    related, newer and older were only on story pages and terms only on the term indexes: a site's
    base.html with `{% if article %}` failed the build ('article' is undefined) on 9 pages."""
    theme = (Path(__file__).parent.parent / "templates" / "base.html").read_text(encoding="utf-8")
    probe = ("{{ [not article, related|length, not newer, not older, terms|length, translations|length] }}"
             "{% for r in related %}{% endfor %}{% for t in terms %}{% endfor %}")
    assert "<body" in theme
    r = renderer(tmp_path, [art("a", tags=("Politics",), authors=("Ann",)), art("b", hours_ago=2)],
                 files={"templates/base.html": theme.replace("<body", f"<!--{probe}--><body", 1)})
    from sitegen.render import GENERATORS
    shown = {p.kind: re.search(r"<!--(.*?)-->", r.render(p).decode()).group(1)
             for p in r.site.pages if p.kind not in GENERATORS}
    assert {"index", "article", "tag", "tags", "author", "authors", "archive", "archives", "404"} <= set(shown)
    assert shown["index"] == shown["404"] == shown["tag"] == "[True, 0, True, True, 0, 0]"
    assert shown["tags"] == "[True, 0, True, True, 1, 0]"
    assert shown["article"].startswith("[False, ")


def _pages_showing(r: Renderer, mark: str) -> set[str]:
    from sitegen.render import GENERATORS
    return {p.kind for p in r.site.pages if p.kind not in GENERATORS and mark in r.render(p).decode()}


def test_a_story_pages_variables_are_not_defined_on_other_pages(tmp_path):
    """review41l: fix41e set article/newer/older to None and related/terms to [] on every page, so
    `{% if article is defined %}` (the test that worked under strict undefined) was true everywhere:
    `{{ article.title }}` inside it failed the build on 8 pages, and `{% if related is defined %}`
    showed its aside on every list page. They are defined on the pages that have them only, still
    false/empty for `{% if article %}`, and using one elsewhere is an error at its line."""
    theme = (Path(__file__).parent.parent / "templates" / "base.html").read_text(encoding="utf-8")
    probe = ('{% if article is defined %}<meta property="og:x" content="{{ article.title }}">{% endif %}'
             '{% if related is defined %}<aside class="more"></aside>{% endif %}'
             '{% if terms is defined %}<i class="terms"></i>{% endif %}')
    r = renderer(tmp_path, [art("a", tags=("Politics",), authors=("Ann",)), art("b", hours_ago=2)],
                 files={"templates/base.html": theme.replace("</head>", probe + "</head>", 1)})
    assert _pages_showing(r, 'property="og:x"') == _pages_showing(r, 'class="more"') == {"article"}
    assert _pages_showing(r, 'class="terms"') == {"tags", "authors", "archives"}
    r = renderer(tmp_path, [art("a")], files={"templates/base.html": theme.replace("</head>", "\n{{ article.title }}</head>", 1)})
    line = theme.split("</head>")[0].count("\n") + 2
    with pytest.raises(RenderError, match=rf"base\.html:{line}:.*'article' is only on a story's own page"):
        page(r, "/")


@pytest.mark.parametrize("name", ["related", "article"])
def test_a_story_pages_variable_in_tojson_elsewhere_fails_naming_it(tmp_path, name):
    """rf41o: off a story's page `{{ related|tojson }}` (a JSON dump in base.html) failed as
    "TypeError: Object of type Absent is not JSON serializable", naming neither the variable nor
    what to do; it fails as using one does, and |tojson of real values is as before."""
    theme = (Path(__file__).parent.parent / "templates" / "base.html").read_text(encoding="utf-8")
    probe = f"\n<script>var x = {{{{ {name}|tojson if {name} is defined else 'none' }}}}; var y = {{{{ {name}|tojson }}}};</script></head>"
    r = renderer(tmp_path, [art("a"), art("b", hours_ago=2)], files={"templates/base.html": theme.replace("</head>", probe, 1)})
    line = theme.split("</head>")[0].count("\n") + 2
    with pytest.raises(RenderError, match=rf"base\.html:{line}:.*'{name}' is only on a story's own page"):
        page(r, "/")
    if name == "related":   # on the story page it is the list it is ([] here: no related story)
        assert "var x = []; var y = [];" in article_page(r)


def test_article_extra_is_readable_in_templates(tmp_path):
    """review41e: README documents `article.extra` for templates; ArticleView had no `extra`, so
    `{{ article.extra.desk }}` failed the build ('ArticleView has no attribute 'extra'')."""
    theme = (Path(__file__).parent.parent / "templates")
    source = (theme / "article.html").read_text(encoding="utf-8")
    assert "<h1>{{ article.title }}</h1>" in source
    teaser = (theme / "_teaser.html").read_text(encoding="utf-8")
    assert '<div class="teaser-text">' in teaser
    r = renderer(tmp_path, [art("a", extra={"desk": "City <desk>"}), art("b", hours_ago=2)], files={
        "templates/article.html": source.replace("<h1>{{ article.title }}</h1>",
                                                 "<h1>{{ article.title }}</h1><p>{{ article.extra.desk }}</p>"),
        "templates/_teaser.html": teaser.replace('<div class="teaser-text">',
                                                 '<div class="teaser-text"><i>{{ article.extra.get("desk", "none") }}</i>')})
    assert "<p>City &lt;desk&gt;</p>" in article_page(r)
    assert "<i>City &lt;desk&gt;</i>" in page(r, "/") and "<i>none</i>" in page(r, "/")


@pytest.mark.parametrize("snippet", ["{{ article.body_html|striptags|truncate(40) }}", "{{ article.body_html }}",
                                     "{% if article.body_html %}x{% endif %}"])
def test_body_html_in_a_teaser_fails_at_its_line_not_silently_empty(tmp_path, snippet):
    """review41e: body_html is only the story page's own story's; in a teaser (or related, newer,
    older) it was an empty string, so a designer's excerpt printed nothing on every story, build ok."""
    teaser = (Path(__file__).parent.parent / "templates" / "_teaser.html").read_text(encoding="utf-8")
    assert '<div class="teaser-text">\n' in teaser
    r = renderer(tmp_path, [art("a", body="A body with words.\n")], files={
        "templates/_teaser.html": teaser.replace('<div class="teaser-text">\n', '<div class="teaser-text">\n' + snippet, 1)})
    with pytest.raises(RenderError, match=r"_teaser\.html:\d+: body_html is only on the story's own page .* summary or "
                                          r"lede"):
        page(r, "/")
    r = renderer(tmp_path / "defined", [art("a", body="A body with words.\n")], files={
        "templates/_teaser.html": teaser.replace('<div class="teaser-text">\n', '<div class="teaser-text">\n'
                                                 "<i>{{ article.body_html is defined }}</i>", 1)})
    assert "<i>False</i>" in page(r, "/") and "A body with words." in article_page(r)


@pytest.mark.parametrize("name, line", [
    ("article.html", "{% for t in article.tags %}<b>{{ _(t.name) }}</b>{% endfor %}"),
    ("_teaser.html", "{{ gettext(article.title) }}"),
    ("_teaser.html", "{{ ngettext('story', article.title, 2) }}"),
    ("_teaser.html", "{{ _('By ' ~ article.title) }}")])
def test_gettext_of_a_value_is_an_error_at_its_line(tmp_path, name, line):
    """review41e: _() returns the theme's own words as markup, so `{{ _(t.name) }}` (translating tag
    names) printed a story's tag '<img src=x onerror=alert(1)>' raw on the page, build ok. A message
    that is not a literal string is an error at its line, for a page template and a partial alike
    (teaser() renders _teaser.html, which no page includes)."""
    theme = Path(__file__).parent.parent / "templates"
    source = (theme / name).read_text(encoding="utf-8")
    write_files(tmp_path, {f"templates/{name}": line + "\n" + source})
    config = parse_config({"search": {"enabled": False}}, tmp_path)
    errors = Theme.load(config).block_errors(["index.html", "article.html"])
    function = line.partition("(")[0].rpartition(" ")[2].lstrip("{%")
    assert errors == [f"{tmp_path / 'templates' / name}:1: {function}() is given a value, not a literal string, as its "
                      "message: what it returns is printed as the theme's own markup, unescaped; pass it a literal "
                      "string (_('Read more')) and print a value as {{ value }}, which escapes it"]


def test_the_default_themes_gettext_calls_are_all_literal_strings(tmp_path):
    config = parse_config({"search": {"enabled": False}}, tmp_path)
    theme = Theme.load(config)
    assert theme.block_errors(theme.closure) == []


def test_a_sites_macros_without_one_the_theme_imports_says_to_define_it(tmp_path):
    """review41e: a site's _macros.html without `pagination` said '... does not export the requested
    name 'pagination'; use only variables the page provides', advice that did not fit."""
    macros = (Path(__file__).parent.parent / "templates" / "_macros.html").read_text(encoding="utf-8")
    start = macros.index("{% macro pagination")
    without = macros[:start] + macros[macros.index("endmacro %}", start) + len("endmacro %}"):]
    r = renderer(tmp_path, [art("a", tags=("Rain",))], files={"templates/_macros.html": without})
    with pytest.raises(RenderError) as caught:
        page(r, "/tags/rain/")
    said = str(caught.value)
    assert ("does not export the requested name 'pagination'; define the macro 'pagination' in your "
            "templates/_macros.html (copy it from the theme's copy, which yours replaces)") in said
    assert "use only variables" not in said


@pytest.mark.parametrize("own", [False, True], ids=["theme-macros", "own-macros"])
def test_a_misspelt_macro_import_names_the_one_meant(tmp_path, own):
    """review44b: `{% from "_macros.html" import byine %}` in a site with no _macros.html of its own was told
    to 'define the macro 'byine' in your _macros.html (copy it from the theme's copy, which your file
    replaces)': there was no file of its own, the theme has no 'byine', and no word of 'byline'."""
    files = {"templates/archive.html": '{% extends "_list.html" %}\n{% from "_macros.html" import byine %}\n'
                                      "{% block kicker %}{{ byine(articles[0]) }}{% endblock %}\n"}
    if own:   # a copy of the theme's: that has no 'byine' either
        files["templates/_macros.html"] = (Path(__file__).parent.parent / "templates/_macros.html").read_text(encoding="utf-8")
    r = renderer(tmp_path, [art("a")], files=files)
    archive_page = next(p for p in r.site.pages if p.template == "archive.html")
    with pytest.raises(RenderError) as caught:
        r.render(archive_page)
    said = str(caught.value)
    assert re.match(r"\S*templates/archive\.html:[23]: ", said), said
    assert said.endswith("does not export the requested name 'byine'; did you mean 'byline'?"), said
    assert "your" not in said
    r = renderer(tmp_path / "none", [art("a")], files={"templates/archive.html": files["templates/archive.html"]
                                                       .replace("byine", "nothing_like_it")})
    with pytest.raises(RenderError) as caught:
        r.render(next(p for p in r.site.pages if p.template == "archive.html"))
    assert "; it defines 'byline', " in str(caught.value) and "import one of those" in str(caught.value)


def test_a_template_no_page_uses_and_editor_files_are_not_checked(tmp_path):
    """review41l: fix41e checked every `_`-named file in templates/ and every file there was a
    template, so an old unused partial with `{{ _(s) }}`, an editor's backup `_footer.html~` and a
    half-written `_sidebar-draft.html` each failed every build. Only what pages (and the teaser)
    use is checked; backups, swap files and dotfiles are not templates at all."""
    bad = "<nav>{{ _(x) }}</nav>\n"
    write_files(tmp_path, {"templates/_old-nav.html": bad, "templates/_footer.html~": bad,
                           "templates/.base.html.swp": bad, "templates/_teaser.html.orig": bad,
                           "templates/_sidebar-draft.html": '{% extends "base.html" %}{% block sidebarx %}x{% endblock %}'})
    config = parse_config({"search": {"enabled": False}}, tmp_path)
    theme = Theme.load(config)
    assert theme.block_errors(["index.html", "article.html", "tag.html"]) == []
    assert not {"_footer.html~", ".base.html.swp", "_teaser.html.orig"} & (set(theme.digests) | set(theme.closure))
    write_files(tmp_path, {"templates/_footer.html": bad})   # a partial a page includes is checked
    errors = Theme.load(config).block_errors(["index.html"])
    assert [e.partition(": ")[0] for e in errors] == [f"{tmp_path / 'templates' / '_footer.html'}:1"]


def test_a_template_named_with_a_leading_hash_is_a_template(tmp_path):
    """rf41o: fix41l took every name starting with '#' for an editor's file, so a base.html including
    "#promo.html" was built once and then never again on its edits: the second build rendered
    nothing ("0 written, 42 unchanged") and the pages kept the old promo, unlike a clean build.
    Only Emacs' autosave `#promo.html#` (and its lock `.#promo.html`) is left out."""
    write_files(tmp_path, {"templates/#promo.html": "<i>one</i>", "templates/#promo.html#": "x",
                           "templates/.#promo.html": "x"})
    config = parse_config({"search": {"enabled": False}}, tmp_path)
    digests = templates_digest(config)
    assert "#promo.html" in digests and not {"#promo.html#", ".#promo.html"} & set(digests)
    write_files(tmp_path, {"templates/#promo.html": "<i>two</i>"})
    assert templates_digest(config)["#promo.html"] != digests["#promo.html"]


def test_gettext_of_a_macro_parameter_says_to_translate_where_the_words_are_written(tmp_path):
    """review41l: `{% macro btn(label) %}{{ _(label) }}{% endmacro %}{{ btn("Share") }}` was refused with
    "pass it a literal string (_('Read more'))", which the macro cannot do. The error says what works:
    translate at the call, btn(_('Share')), and print {{ label }} in the macro (which then escapes a value)."""
    source = (Path(__file__).parent.parent / "templates" / "article.html").read_text(encoding="utf-8")
    write_files(tmp_path, {"templates/article.html": '{% macro btn(label) %}<button>{{ _(label) }}</button>'
                                                     '{% endmacro %}{{ btn("Share") }}\n' + source})
    config = parse_config({"search": {"enabled": False}}, tmp_path)
    [error] = Theme.load(config).block_errors(["article.html"])
    assert error.startswith(f"{tmp_path / 'templates' / 'article.html'}:1: _() is given the parameter 'label' of "
                            "macro btn(), not a literal string")
    assert error.endswith("translate where the words are written, btn(_('Share')), and print {{ label }} in the macro")


@pytest.mark.parametrize("name, why", [
    (".partials/promo.html", "a hidden file (its name or a folder's starts with '.'), which sitegen does not watch for "
                             "changes; move it to a name without the leading '.'"),
    ("partials/.promo.html", "a hidden file"),
    # review42g: an editor's file was told to lose a leading '.' it does not have
    ("_promo.html~", "an editor's backup or temp file (its name ends with '~'), which sitegen does not watch for "
                     "changes; move it to a name without the '~' and include it by that name"),
    ("_promo.html.orig", "(its name ends with '.orig')"),
], ids=["hidden-folder", "hidden-file", "tilde", "orig"])
def test_a_template_sitegen_does_not_watch_is_an_error_at_the_line_using_it(tmp_path, name, why):
    """review42c: {% include ".partials/promo.html" %} was rendered, but the build stats no hidden
    template, so its edits were never seen (every page kept 'PROMO ONE'). Hidden and editor files
    are not the theme's: using one is an error naming the line, and public/ is left as it was; the
    same partial under a name sitegen watches is built, and its edits seen."""
    from builders import build, copy_site, tree
    root = copy_site("newsroom", tmp_path / "site")
    assert build(root).ok
    before = tree(root / "public")
    base = (Path(__file__).resolve().parent.parent / "templates/base.html").read_text(encoding="utf-8")
    lines = base[:base.index("</body>")].count("\n") + 1
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates/base.html").write_text(base.replace("</body>", '{% include "' + name + '" %}</body>'),
                                              encoding="utf-8")
    write_files(root / "templates", {name: "<p>PROMO ONE</p>\n"})
    result = build(root)
    assert not result.ok and tree(root / "public") == before
    [error] = [e for e in result.errors if f"templates/base.html:{lines}: templates/{name}: " in e] or [result.errors]
    hidden = any(part.startswith(".") for part in name.split("/"))
    assert why in error and ("leading '.'" in error) == hidden, error
    (root / "templates/base.html").write_text(base.replace("</body>", '{% include "_partials/promo.html" %}</body>'),
                                              encoding="utf-8")
    for promo in ("ONE", "TWO"):
        write_files(root / "templates", {"_partials/promo.html": f"<p>PROMO {promo}</p>\n"})
        assert build(root).ok
        assert f"<p>PROMO {promo}</p>" in (root / "public/404.html").read_text(encoding="utf-8")


def _kinds_rendered_after(root: Path, edit, monkeypatch) -> dict[str, int]:
    """Page kinds (with counts) the build after `edit()` renders, the build before it done."""
    from collections import Counter
    from sitegen.build import Builder, BuildOptions
    from sitegen.config import load_config
    builder = Builder(load_config(root), BuildOptions(workers=1, search=False))
    assert builder.build().ok
    edit()
    kinds: Counter = Counter()
    original = Renderer.render
    monkeypatch.setattr(Renderer, "render", lambda self, page: kinds.update([page.kind]) or original(self, page))
    assert builder.build().ok
    return dict(kinds)


@pytest.mark.parametrize("name", ["_share.html", "share.html", "partials/_share.html"])
def test_an_edit_of_a_partial_only_the_story_page_includes_renders_only_story_pages(tmp_path, monkeypatch, name):
    """review44b: a partial named '_...' was in every page's fingerprint (as if teaser() could render
    it; it renders only _teaser.html): an edit of share buttons article.html alone includes rendered
    every list page and feed too (1,630 pages and 103 feeds of a 3,000-story site). Now the teaser's
    templates count only for pages whose templates call teaser(); an edit of _teaser.html still
    renders the list pages."""
    from preview import article, site_toml
    from sitegen.build import Fingerprints
    root = tmp_path / "site"
    write_files(root, {"site.toml": site_toml(), **{
        f"content/s{i}.md": article(f"Story {i}", date=f"2024-03-{i + 1:02d}T09:00:00+00:00", tags=("Politics",))
        for i in range(4)}})
    source = (Path(__file__).resolve().parent.parent / "templates/article.html").read_text(encoding="utf-8")
    assert "<h1>{{ article.title }}</h1>" in source
    write_files(root, {"templates/article.html": source.replace(
        "<h1>{{ article.title }}</h1>", '<h1>{{ article.title }}</h1>{% include "./' + name + '" %}', 1),
        f"templates/{name}": "<p>SHARE v1</p>\n"})
    edit = lambda: (root / "templates" / name).write_text("<p>SHARE v2</p>\n", encoding="utf-8")  # noqa: E731
    kinds = _kinds_rendered_after(root, edit, monkeypatch)
    assert set(kinds) - Fingerprints.ALWAYS == {"article"} and kinds["article"] == 4, kinds  # (ALWAYS: cheap ones)
    assert "SHARE v2" in (root / "public/2024/03/story-0/index.html").read_text(encoding="utf-8")
    teaser = root / "templates/_teaser.html"
    teaser.write_text((Path(__file__).resolve().parent.parent / "templates/_teaser.html").read_text(encoding="utf-8"),
                      encoding="utf-8")
    kinds = _kinds_rendered_after(root, lambda: teaser.write_text(teaser.read_text(encoding="utf-8") + "<!-- v2 -->\n",
                                                                  encoding="utf-8"), monkeypatch)
    assert {"index", "tag", "author"} <= set(kinds), kinds


def test_a_page_variable_none_on_a_kind_of_page_is_named_with_that_kind_not_a_story(tmp_path):
    """review44b: `{{ author.bio }}` in base.html said "'None' has no attribute 'bio'; use only variables
    the page provides (on 33 pages, the first content/de1.md)": no variable named, and a story blamed for
    what every page of its kind does. A story's own none (`newer` on the newest) still names the story."""
    from preview import article, site_toml
    from sitegen.build import Builder, BuildOptions
    from sitegen.config import load_config
    base = (Path(__file__).resolve().parent.parent / "templates/base.html").read_text(encoding="utf-8")
    assert "{% block main %}" in base
    root = write_files(tmp_path / "site", {"site.toml": site_toml(), "templates/base.html": base.replace(
        "{% block main %}", "<p>{{ author.bio }}</p>{% block main %}", 1), **{
        f"content/s{i}.md": article(f"Story {i}", date=f"2024-03-{i + 1:02d}T09:00:00+00:00") for i in range(3)}})
    result = Builder(load_config(root), BuildOptions(workers=1, search=False)).build()
    story = [e for e in result.errors if "a story's page" in e]
    assert story == [f"{root}/templates/base.html:{base.split('{% block main %}')[0].count(chr(10)) + 1}: 'author' "
                     "is none on a story's page, only an author's page has it (for an author in authors.toml), so it "
                     "has no attribute 'bio'; test it first: {% if author %} (on 3 pages)"], result.errors
    assert not any("content/" in e for e in result.errors), result.errors
    newest = write_files(tmp_path / "newer", {"templates/article.html": (Path(__file__).resolve().parent.parent /
                         "templates/article.html").read_text(encoding="utf-8").replace(
                             "<h1>{{ article.title }}</h1>", "<h1>{{ article.title }}</h1>{{ newer.title }}", 1)})
    r = renderer(newest, [art("a", 1), art("b", 2)])
    with pytest.raises(RenderError) as caught:
        article_page(r, 0)
    assert "'newer' is none here, so it has no attribute 'title'; test it first: {% if newer %}" in str(
        caught.value) and not caught.value.kind_wide


def test_partial_given_a_list_says_it_takes_plain_values(tmp_path):
    """review44b: `partial("_box.html", items=articles)` said "TypeError: unhashable type: 'list'; fix the
    expression on that line"."""
    base = (Path(__file__).resolve().parent.parent / "templates/base.html").read_text(encoding="utf-8")
    r = renderer(tmp_path, [art("a")], files={"templates/_box.html": "{{ items|length }}\n",
                                              "templates/base.html": base.replace(
                                                  "{% block main %}", '{{ partial("_box.html", items=articles) }}{% block main %}', 1)})
    with pytest.raises(RenderError) as caught:
        page(r, "/")
    said = str(caught.value)
    assert re.match(r"\S*templates/base\.html:\d+: partial\('_box\.html'\) is given a list as items=: it takes plain "
                    r"values", said), said
    assert "{% include '_box.html' %}" in said and "unhashable" not in said


def test_a_recursive_loop_with_no_end_is_named_as_one_not_as_a_macro(tmp_path):
    """review44b: `{% for x in xs recursive %}{{ loop(xs) }}` was "a macro calls itself"."""
    r = renderer(tmp_path, [art("a", tags=("Rain",))], files={
        "templates/tag.html": '{% extends "base.html" %}\n{% block main %}{% for x in [1, 2] recursive %}\n'
                              '{{ loop([x]) }}{% endfor %}{% endblock %}\n'})
    with pytest.raises(RenderError) as caught:
        page(r, "/tags/rain/")
    assert str(caught.value) in [(   # either line: where the stack runs out depends on how deep it started
        f"{tmp_path}/templates/tag.html:{line}: a recursive {{% for %}} calls loop() again with no end; call loop() only "
        "on what gets smaller each time (loop(item.children), under an {% if %} that ends)") for line in (2, 3)]


def test_a_page_over_the_size_bound_is_a_warning_naming_template_and_page_every_build(tmp_path):
    """review44b: tag.html with `{{ 'x' * 200000000 }}` published a 191 MB topic page with 'build ok'.
    fix44b made it an error, which refused valid sites too (rf44m: the default theme's /tags/ of
    94,000 topics). Past PAGE_BYTES a page is a warning naming its template and address, said again
    by an incremental build that does not touch the page; --strict fails it, public/ left as it was."""
    from preview import article, site_toml
    from sitegen.build import Builder, BuildOptions
    from sitegen.config import load_config
    tag = (Path(__file__).resolve().parent.parent / "templates/tag.html").read_text(encoding="utf-8")
    root = write_files(tmp_path / "site", {"site.toml": site_toml(), "content/a.md": article("Council vote", tags=("Council",))})
    assert Builder(load_config(root), BuildOptions(workers=1, search=False)).build().ok
    kept = (root / "public/tags/council/index.html").read_bytes()
    assert "{% endblock %}" in tag
    write_files(root, {"templates/tag.html": tag.replace("{% endblock %}", "{{ 'x' * 10000001 }}{% endblock %}", 1)})
    warning = (f"{root}/templates/tag.html: the page /tags/council/ is 10.0 MB of HTML, over the 10 MB a page should be "
               "(Google reads the first 15 MB; readers' phones download all of it); this template, or one it uses, "
               "prints far more than meant (a value repeated, `'x' * n`, a loop over a huge range or a list printed "
               "whole in a loop), or the page lists very many items (topics, authors)")
    strict = Builder(load_config(root), BuildOptions(workers=1, search=False, strict=True)).build()
    assert not strict.ok and any(e.startswith(warning) for e in strict.errors), strict.errors
    assert (root / "public/tags/council/index.html").read_bytes() == kept
    result = Builder(load_config(root), BuildOptions(workers=1, search=False)).build()
    assert result.ok, result.errors
    assert [w for w in result.warnings if "MB" in w] == [warning]
    assert len((root / "public/tags/council/index.html").read_bytes()) > 10_000_000
    for edit in ({"content/a.md": article("Council vote", tags=("Council",), body="Edited.")},  # a replan
                 {"content/b.md": article("Budget", tags=("Budget",))}):   # a new plan: /tags/council/ untouched
        write_files(root, edit)
        again = Builder(load_config(root), BuildOptions(workers=1, search=False)).build()
        assert again.ok and warning in again.warnings, again.warnings


def test_a_story_whose_text_makes_a_page_over_the_bound_is_named_and_the_rest_publish(tmp_path):
    """rf44m: a story with a 110,000-row results table failed the whole build, blaming article.html
    ('fix it there'): no other story published. Now a warning naming the story's file and what to
    do; it and every other story publish."""
    from preview import article, site_toml
    from sitegen.build import Builder, BuildOptions
    from sitegen.config import load_config
    rows = "".join(f"Precinct {i:<8} yes {i * 7 % 1000:>6} no {i * 13 % 1000:>6}\n" for i in range(260_000))
    table = "Every precinct:\n\n```\n" + rows + "```\n"   # parsed fast; a pipe table takes a minute
    root = write_files(tmp_path / "site", {"site.toml": site_toml(), "content/results.md": article(
        "Full results", body=table, slug="results"), "content/other.md": article("Council vote", slug="other")})
    result = Builder(load_config(root), BuildOptions(workers=1, search=False)).build()
    assert result.ok, result.errors
    said = [w for w in result.warnings if "MB" in w]
    assert len(said) == 1 and said[0].startswith("content/results.md: its text makes a 10.1 MB page (/2024/03/results/)"), said
    assert "split it into several stories, or publish a long table as a CSV file linked from it" in said[0]
    assert "article.html" not in said[0]
    pages = {p.parent.name for p in (root / "public").rglob("index.html")}
    assert {"results", "other"} <= pages


def test_a_dynamic_include_of_a_templates_static_file_is_followed(tmp_path):
    """rf44m: a computed include name (`{% include "static/" ~ n ~ ".svg" %}`, the usual icon macro)
    may be any template, but the list of "any" left templates/static/ out: after bell.svg changed,
    the incremental build kept the old icon on every page (a clean build showed the new one)."""
    from preview import article, site_toml
    from sitegen.build import Builder, BuildOptions
    from sitegen.config import load_config
    base = (Path(__file__).resolve().parent.parent / "templates/base.html").read_text(encoding="utf-8")
    assert "<body" in base and "</body>" in base
    root = write_files(tmp_path / "site", {
        "site.toml": site_toml(), "content/a.md": article("Council vote"),
        "templates/static/bell.svg": '<svg fill="green"></svg>',
        "templates/_icon.html": '{% macro icon(n) %}{% include "static/" ~ n ~ ".svg" %}{% endmacro %}',
        "templates/base.html": base.replace("<body", '{% from "_icon.html" import icon %}<body', 1)
                                   .replace("</body>", "{{ icon('bell') }}</body>", 1)})
    assert Builder(load_config(root), BuildOptions(workers=1, search=False)).build().ok
    assert 'fill="green"' in (root / "public/index.html").read_text(encoding="utf-8")
    write_files(root, {"templates/static/bell.svg": '<svg fill="purple"></svg>'})
    assert Builder(load_config(root), BuildOptions(workers=1, search=False)).build().ok
    for page in ("index.html", "2024/03/council-vote/index.html"):
        assert 'fill="purple"' in (root / "public" / page).read_text(encoding="utf-8"), f"{page} kept the old icon"


def test_a_raw_tag_with_a_quoted_gt_still_goes_under_the_sub_path(tmp_path):
    """rf44l fault 4: a raw tag ended at its first '>', so in '<img alt="Revenue > costs" src="/static/a.png">'
    and '<a title="x > y" href="/archive/">' the address after the quoted '>' stayed at the site's
    root (404 under /news/, and off the sub-path in the feeds). A quoted value no longer ends the tag."""
    body = ('<p><img alt="Revenue > costs" src="/static/a.png"> and '
            "<a title='x > y' href=\"/archive/\">archive</a></p>\n")
    r = renderer(tmp_path, [art("a", body=body)], site={"base_url": "https://example.org/news/"},
                 build={"allow_html": True})
    html = page(r, r.site.urls[0])
    assert ('<img alt="Revenue > costs" src="/news/static/a.png"> and '
            "<a title='x > y' href=\"/news/archive/\">archive</a>") in html


def test_a_root_address_written_as_character_references_is_put_under_the_sub_path(tmp_path):
    """rf45k 4: '<a href="&#47;archive/">' (a browser reads /archive/) was left off the sub-path: the
    value is decoded to decide (feeds.rewrite_urls). One with a scheme stays as written."""
    from sitegen.render import raw_under_base_path
    assert raw_under_base_path("/news/", '<a href="&#47;archive/">') == '<a href="/news&#47;archive/">'
    assert raw_under_base_path("/news/", '<img srcset="&#47;a.jpg 1x">') == '<img srcset="/news&#47;a.jpg 1x">'
    mail = '<a href="&#109;&#97;&#105;&#108;&#116;&#111;&#58;desk&#64;example.org">'
    assert raw_under_base_path("/news/", mail) == mail
    line = '<p><a href="&#47;archive/">Archive</a>, <a href="&#47;news/a/">a</a></p>'
    r = renderer(tmp_path, [art("a", body=line + "\n")], site={"base_url": "https://example.org/news/"},
                 build={"allow_html": True})
    assert '<a href="/news&#47;archive/">Archive</a>, <a href="&#47;news/a/">a</a>' in page(r, r.site.urls[0])


def test_a_partial_on_an_edition_page_speaks_the_edition(tmp_path):
    """partial('_nav.html') without lang= on /de/ pages gave English words and the root edition's links
    (review47g 2): it defaults to the calling page's language, which is part of its cache key."""
    from builders import base_with_body_end, build, starter_site
    root = starter_site(tmp_path, {"templates/base.html": base_with_body_end('{{ partial("_nav.html") }}'),
                                   "templates/_nav.html": "<nav id=\"n\" lang=\"{{ lang }}\"><a href=\"{{ url('/tags/') }}\">"
                                                          "{{ _('Topics') }}</a></nav>\n"}, de=True)
    result = build(root)
    assert result.ok, result.errors
    nav = re.compile(r'<nav id="n".*?</nav>')
    de = nav.search((root / "public" / "de" / "index.html").read_text(encoding="utf-8")).group(0)
    en = nav.search((root / "public" / "index.html").read_text(encoding="utf-8")).group(0)
    assert de == '<nav id="n" lang="de"><a href="/de/tags/">Themen</a></nav>', de
    assert en == '<nav id="n" lang="en"><a href="/tags/">Topics</a></nav>', en


def test_a_partial_saved_with_a_bom_does_not_end_the_head(tmp_path):
    """_head.html saved with a UTF-8 byte order mark (Notepad) put U+FEFF inside <head>: a browser ends the
    head there, so the stylesheet, feed links and every og:/twitter: tag land in <body>; build ok (review47g 3)."""
    from builders import build, starter_site, theme_file
    root = starter_site(tmp_path, {"templates/_head.html": "\ufeff" + theme_file("_head.html")})
    result = build(root)
    assert result.ok, result.errors
    html = (root / "public" / "index.html").read_text(encoding="utf-8")
    assert "\ufeff" not in html


def test_an_exception_in_a_filter_names_the_template_and_line(tmp_path):
    """`|truncate(2)` raises AssertionError inside Jinja: the build said `/2025/01/x/: AssertionError: expected
    length >= 3, got 2`, no file, no line, no advice, once per page (review47g 5)."""
    from builders import build, starter_site, theme_file
    root = starter_site(tmp_path, {"templates/_box.html": "{{ article.title|truncate(2) }}\n",
                                   "templates/article.html": theme_file("article.html", "<h1>{{ article.title }}</h1>",
                                                                        "<h1>{{ article.title }}</h1>{% include '_box.html' %}")})
    result = build(root)
    assert not result.ok
    assert len(result.errors) == 1, result.errors   # one message for every page, as other template errors
    assert re.search(r"templates/_box\.html:1: AssertionError: .*fix the expression on that line \(on 2 pages",
                     result.errors[0]), result.errors


def test_a_page_variable_in_a_partial_is_told_partials_do_not_see_it(tmp_path):
    """partial() sees site, lang, url, asset and its args: `page` there was told 'use only variables the page
    provides' (page is one) and a story was blamed (review47g 6)."""
    from builders import base_with_body_end, build, starter_site
    root = starter_site(tmp_path, {"templates/base.html": base_with_body_end('{{ partial("_nav.html") }}'),
                                   "templates/_nav.html": '<nav>{% if page.kind == "index" %}Home{% endif %}</nav>\n'})
    result = build(root)
    assert not result.ok and len(result.errors) == 1, result.errors
    said = result.errors[0]
    assert re.search(r"templates/_nav\.html:1: 'page' is undefined; it is a page variable, and partial\('_nav\.html'\) "
                     r"is rendered once.*as an argument \(partial\('_nav\.html', kind=page\.kind\)\)", said), said
    assert "use only variables the page provides" not in said and "content/" not in said, said


def test_an_error_in_a_partial_names_no_story(tmp_path):
    """A partial is rendered once from its arguments, not from the page's story: '{{ 1/0 }}' in _promo.html (and a
    misspelt asset() there) said 'on 25 pages, the first content/de1.md', blaming a story (rf47l 8)."""
    from builders import base_with_body_end, build, starter_site
    for name, promo, said in (("zero", "<p>{{ 1/0 }}</p>", "ZeroDivisionError: division by zero"),
                              ("asset", "<img src=\"{{ asset('static/promo.pgn') }}\">", "asset('static/promo.pgn')")):
        root = starter_site(tmp_path / name, {"templates/base.html": base_with_body_end('{{ partial("_promo.html") }}'),
                                              "templates/_promo.html": promo + "\n"})
        result = build(root)
        assert not result.ok and len(result.errors) == 1, result.errors
        assert result.errors[0].startswith(f"{root}/templates/_promo.html:1: ") and said in result.errors[0], result.errors
        assert "content/" not in result.errors[0], result.errors


def test_an_error_in_a_partial_from_one_storys_argument_names_that_story(tmp_path):
    """rf48b fault 3: a partial given an argument from the story (words=article.title...) that fails for one
    story alone said only '_card.html:1: ZeroDivisionError ...': in a 5,000-story site nobody knew which one.
    It names the story when that story's page is the only one with the error (a partial failing on many
    stories' pages, or on a listing too, still names none: test_an_error_in_a_partial_names_no_story)."""
    from builders import build, starter_site, theme_file
    article = theme_file("article.html", "{% block main %}",
                         '{% block main %}{{ partial("_card.html", words=article.title.split()|length) }}')
    root = starter_site(tmp_path, {"templates/article.html": article,
                                   "templates/_card.html": "<p>{{ 100 // (words - 1) }}</p>\n",
                                   "content/one.md": "---\ntitle: Breaking\ndate: 2025-01-10T09:00:00+00:00\n---\nText.\n"})
    result = build(root)
    assert not result.ok and len(result.errors) == 1, result.errors
    assert result.errors[0].startswith(f"{root}/templates/_card.html:1: ZeroDivisionError"), result.errors
    assert result.errors[0].endswith("(on content/one.md's page)"), result.errors


def test_a_page_variable_in_an_imported_macro_is_told_to_pass_it(tmp_path):
    """{% from %} imports without the page's context: `page` in a macro got the same wrong advice (review47g 6)."""
    from builders import build, starter_site, theme_file
    macros = theme_file("_macros.html") + "{% macro crumbs() %}<nav>{{ page.kind }}</nav>{% endmacro %}\n"
    article = theme_file("article.html", "import byline, dateline, words_lang %}", "import byline, dateline, words_lang, crumbs %}")
    article = article.replace("{% block main %}", "{% block main %}{{ crumbs() }}", 1)
    root = starter_site(tmp_path, {"templates/_macros.html": macros, "templates/article.html": article})
    result = build(root)
    assert not result.ok and len(result.errors) == 1, result.errors
    said = result.errors[0]
    assert re.search(r"templates/_macros\.html:\d+: 'page' is undefined; it is a page variable, and a macro imported "
                     r"with \{% from %\}.*as an argument.*\{% from '_macros\.html' import \.\.\. with context %\}", said), said
    assert "content/" not in said, said


def test_a_site_base_extending_base_is_one_error_about_that_file(tmp_path):
    """A designer's templates/base.html `{% extends "base.html" %}` (meaning the theme's) gave 7 errors, 6 of
    them telling them to rename block 'title' in the THEME's 404.html, _list.html, article.html, ... (review47g 8)."""
    from builders import build, starter_site
    root = starter_site(tmp_path, {"templates/base.html": '{% extends "base.html" %}\n{% block head %}<link rel="preconnect" '
                                                          'href="https://cdn.example.org">{% endblock %}\n'})
    result = build(root)
    assert not result.ok and len(result.errors) == 1, result.errors
    assert re.search(r"/site/templates/base\.html:1: base\.html extends itself, with no end: yours replaces the theme's "
                     r"base\.html.*copy the theme's base\.html whole into yours", result.errors[0]), result.errors


@pytest.mark.parametrize("line, said", [("{{ site.title|uppr }}", "no filter named 'uppr'; did you mean 'upper'?"),
                                        ("{% if article is defind %}x{% endif %}", "no test named 'defind'; did you mean 'defined'?")])
def test_a_misspelt_filter_or_test_is_told_the_one_meant(tmp_path, line, said):
    """`|uppr` was "No filter named 'uppr'; fix the template syntax", `is defind` "No test named 'defind'
    found." with no advice at all, where a misspelt attribute gets "did you mean 'title'?" (review47g 12)."""
    from builders import base_with_body_end, build, starter_site
    result = build(starter_site(tmp_path, {"templates/base.html": base_with_body_end(line)}))
    assert not result.ok and len(result.errors) == 1, result.errors
    assert re.search(r"/site/templates/base\.html:\d+: " + re.escape(said), result.errors[0]), result.errors


@pytest.mark.parametrize("language, names, joined", [
    ("zh", ["王伟", "李娜", "John Roe"], "作者 王伟、李娜和John Roe"),
    ("ar", ["جين دو", "جون رو", "Mary Major"], "بقلم جين دو وجون رو وMary Major"),
    ("he", ["דנה", "יוסי"], "מאת דנה ויוסי"),
    ("en", ["Jane Doe", "Sam Okafor", "Ann Lee"], "By Jane Doe, Sam Okafor and Ann Lee"),   # the theme's own, unchanged
    ("de", ["Jana", "Sven"], "Von Jana und Sven"),
])
def test_a_chinese_byline_lists_names_as_chinese_does(tmp_path, language, names, joined):
    """review47f 6: bylines were joined with ', ' and ' and ' translated: '作者 王伟, 李娜 和 John Roe'
    (CLDR: 王伟、李娜和John Roe), an Arabic one with a Latin comma and a detached و, a Hebrew one with וגם."""
    import html
    from sitegen.build import Builder, BuildOptions
    from sitegen.config import load_config
    root = write_files(tmp_path, {"site.toml": f'[site]\ntitle = "C"\nlanguage = "{language}"\n[search]\nenabled = false\n',
                                  "content/z.md": f"---\ntitle: Many hands\ndate: 2025-01-19 10:00\n"
                                                  f"authors: [{', '.join(names)}]\n---\nText.\n"})
    assert Builder(load_config(root), BuildOptions()).build(now=FIXED_NOW).ok
    for made in ("2025/01/many-hands/index.html", "index.html"):   # its page, and a teaser (teaser_html)
        page = (root / "public" / made).read_text()
        bylines = re.findall(r'<span class="byline">(.*?)</span>(?= <time|</p>)', page)
        assert bylines, page
        assert html.unescape(re.sub(r"<[^>]+>", "", bylines[0])) == joined, (made, bylines[0])


def test_a_site_base_without_a_block_the_theme_fills_is_one_error_about_that_file(tmp_path):
    """review49f 6: a designer's own templates/base.html (the most copied file) with the theme's `{% block main %}`
    renamed `{% block content %}` (the name most Jinja themes use) fails with six errors, one per theme
    page (article.html, index.html, languages.html, ...), each at a line of the THEME's installed file and
    saying "rename it to one of those": the advice is to edit sitegen's own package, six times, where the
    one fix is a line in the designer's base.html. Expected: one error naming templates/base.html, saying
    the theme's pages fill block 'main' and it has none (what review47g 8 did for a base.html extending itself)."""
    from builders import build, starter_site, theme_file
    root = starter_site(tmp_path, {"templates/base.html": theme_file(
        "base.html", "{% block main %}{% endblock %}", "{% block content %}{% endblock %}")})
    result = build(root)
    assert not result.ok
    assert len(result.errors) == 1, result.errors
    assert re.search(r"/site/templates/base\.html:\d+: .*'main'", result.errors[0]), result.errors
    assert "{% block main %}{% endblock %}" in result.errors[0] and "article.html" in result.errors[0], result.errors
    assert "rename it" not in result.errors[0], result.errors   # the theme's pages are not what to change


def test_a_site_page_filling_a_block_the_theme_base_lacks_is_still_blamed_on_that_page(tmp_path):
    """The neighbour of review49f 6: a site's own article.html filling 'content' under the theme's base.html is
    the site's page to fix, and its error names that page and the blocks base.html has."""
    from builders import build, starter_site, theme_file
    root = starter_site(tmp_path, {"templates/article.html": theme_file(
        "article.html", "{% block main %}", "{% block content %}")})
    result = build(root)
    assert not result.ok
    assert len(result.errors) == 1, result.errors
    assert re.search(r"/site/templates/article\.html:\d+: block 'content' is not in base\.html.*rename it",
                     result.errors[0]), result.errors


def test_the_masthead_marks_only_the_page_itself_as_the_current_page(tmp_path):
    """review50f 4: on /page/2/ the masthead's 'Latest' (a link to /), on a topic's page 'Topics' (to
    /tags/), on an author's 'Authors' had aria-current="page": a screen reader says "Latest, current
    page, link", and following it leaves the page. ARIA's "page" is the page itself; the section a
    page is in is aria-current="true", as the theme's language menu already marks its edition."""
    stories = [art(f"story-{i}", i, tags=("Iran",), authors=("Jane Doe",)) for i in range(1, 4)]
    r = renderer(tmp_path, stories)
    current = re.compile(r'<a href="([^"]*)"[^>]*aria-current="([^"]*)"[^>]*>(Latest|Topics|Authors|Archive)<')
    marked = {url: current.findall(page(r, url)) for url in ("/", "/page/2/", "/tags/", "/tags/iran/",
                                                             "/tags/iran/page/2/", "/authors/", "/authors/jane-doe/")}
    assert marked == {
        "/": [("/", "page", "Latest")], "/page/2/": [("/", "true", "Latest")],
        "/tags/": [("/tags/", "page", "Topics")], "/tags/iran/": [("/tags/", "true", "Topics")],
        "/tags/iran/page/2/": [("/tags/", "true", "Topics")],
        "/authors/": [("/authors/", "page", "Authors")], "/authors/jane-doe/": [("/authors/", "true", "Authors")]}


def test_a_blank_section_name_leaves_no_masthead_link_or_heading_without_words(tmp_path):
    """review50f 7: [sections.sport] name = " " (or names = { de = " " }) built, exit 0, a masthead
    link to /sport/ with no accessible name on every page (axe link-name, WCAG 2.4.4) and an empty
    <h1> on the section's front; name = "" falls back to the key, and a blank [site] title is
    refused, but a blank name passed both. Either a site.toml error naming the line, or the key."""
    from sitegen.config import ConfigError
    sections = {"sport": {"name": "  "}, "world": {"name": "World", "names": {"de": " "}}}
    try:
        config = parse_config({"site": {"base_url": "https://example.org/"}, "search": {"enabled": False},
                               "sections": sections}, tmp_path)
    except ConfigError as exc:
        assert "sections.sport.name" in str(exc) and "sections.world.names" in str(exc), str(exc)
        return
    stories = [replace(art("match", 2), section="sport"), replace(art("spiel", 3, language="de"), section="world")]
    r = Renderer(build_site(config, stories, FIXED_NOW))
    for url in ("/", "/sport/", "/de/", "/de/world/"):
        html = page(r, url)
        nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S)[0]
        assert all(text.strip() for text in re.findall(r"<a [^>]*>([^<]*)</a>", nav)), (url, nav)
        assert all(text.strip() for text in re.findall(r"<h1[^>]*>([^<]*)</h1>", html)), url


def test_a_paragraph_in_a_right_to_left_script_in_a_left_to_right_story_is_laid_out_right_to_left(tmp_path):
    """review50f 8: an English story quoting a minister in Arabic (or a Hebrew reader's letter) renders
    <p>قال الوزير إن الوضع مستقر.</p> inside <article dir="ltr">: the paragraph is laid out left to right,
    flush left, its full stop drawn at the right-hand end, after the sentence's first word. Markdown
    has no way to mark it, and raw HTML is off by default. dir="auto" on the block (as GitHub renders
    Markdown) lets the browser take each paragraph's direction from its first strong letter."""
    body = "The minister spoke in Arabic:\n\nقال الوزير إن الوضع مستقر.\n\n## مستقبل الميناء\n\n- קוראים כותבים.\n"
    html = article_page(renderer(tmp_path, [art("quote", body=body)]))
    for text in ("قال الوزير إن الوضع مستقر.", "مستقبل الميناء", "קוראים כותבים."):
        opening = re.search(r"<(p|h2|li)( [^>]*)?>" + re.escape(text), html)
        assert opening and re.search(r'\bdir="(auto|rtl)"', opening[0]), (text, opening and opening[0])


def test_vowel_marks_and_digits_of_a_right_to_left_script_are_no_letters_of_its_majority(tmp_path):
    """rf50f 2: the right-to-left count took Hebrew points and Arabic harakat (combining marks) and
    Arabic-Indic digits, which the letter count does not, so an English paragraph quoting a pointed
    Hebrew verse (25 English letters, 14 Hebrew) or an English list item with an Arabic-Indic number
    was laid out right to left."""
    body = ("The rabbi read the verse \u05d1\u05bc\u05b0\u05e8\u05b5\u05d0\u05e9\u05c1\u05b4\u05d9\u05ea "
            "\u05d1\u05bc\u05b8\u05e8\u05b8\u05d0 \u05d0\u05b1\u05dc\u05b9\u05d4\u05b4\u05d9\u05dd aloud.\n\n"
            "- Votes: \u0661\u0662\u0663\u0664\u0665\u0666\u0667\n\n"
            "\u05d0\u05de\u05e8 \u05d4\u05e9\u05e8 \u05e9\u05d4\u05de\u05e6\u05d1 \u05d9\u05e6\u05d9\u05d1.\n")
    html = article_page(renderer(tmp_path / "ltr", [art("verse", body=body)]))
    assert "<p>The rabbi read the verse " in html and "<li>Votes: " in html
    assert '<p dir="rtl">\u05d0\u05de\u05e8 ' in html     # a Hebrew paragraph still is


def test_a_block_takes_the_other_direction_only_when_most_of_its_letters_are_in_it(tmp_path):
    """review50f 8's neighbours: by the majority of letters, not the first (dir="auto" would lay an
    Arabic paragraph opening with 'NASA' out left to right); the story's own direction stays unmarked."""
    ltr = "Mohammed (محمد) spoke to reporters on Monday.\n\nقال الوزير إن الوضع مستقر.\n"
    html = article_page(renderer(tmp_path / "ltr", [art("quote", body=ltr)]))
    assert "<p>Mohammed (محمد) spoke to reporters on Monday.</p>" in html
    assert '<p dir="rtl">قال الوزير إن الوضع مستقر.</p>' in html
    rtl = "NASA قالت إن المهمة نجحت بعد ثلاث سنوات.\n\nThe agency said the mission had succeeded.\n"
    html = article_page(renderer(tmp_path / "rtl", [art("quote", body=rtl, language="ar")]))
    assert "<p>NASA قالت إن المهمة نجحت بعد ثلاث سنوات.</p>" in html
    assert '<p dir="ltr">The agency said the mission had succeeded.</p>' in html


def test_rf51b_a_web_address_or_code_in_a_paragraph_does_not_vote_on_its_direction(tmp_path):
    """rf51b 3: a block's direction is the majority of its letters (views._directed), and a web address
    shown as text (an autolink, a bare URL) or a code span counted as Latin letters: an Arabic
    ministry statement citing its web page was laid out left to right on the Arabic story's page
    (flush left, its full stop on the wrong side), as was an Arabic sentence naming a shell command.
    They are no prose of any direction; a block of nothing else still keeps its own."""
    rtl = ("قال المتحدث إن التفاصيل منشورة على <https://www.moh.gov.sa/Ministry/MediaCenter/News/Pages/default.aspx>\n\n"
           "للتحقق اكتب الأمر `git log --oneline --decorate --graph` في الطرفية\n\n"
           "راسلونا على newsroom-corrections@example-daily.com اليوم\n\n"
           "<https://www.example.com/english-only-address>\n")
    html = article_page(renderer(tmp_path / "rtl", [art("statement", body=rtl, language="ar")]))
    for opening in ("قال المتحدث", "للتحقق اكتب", "راسلونا على"):
        assert re.search(r"<p>" + opening, html), (opening, re.search(r"<p[^>]*>" + opening, html))
    assert re.search(r'<p dir="ltr"><a [^>]*>https://www\.example\.com/english-only-address</a></p>', html)
    ltr = "The ministry posted it at https://www.moh.gov.sa/Ministry/MediaCenter/News/Pages/default.aspx\n"
    html = article_page(renderer(tmp_path / "ltr", [art("ltr", body=ltr)]))
    assert "<p>The ministry posted it at https://" in html


def test_a_template_that_includes_itself_in_a_call_block_is_named_at_its_include_not_the_macro(tmp_path):
    # rr52d 2: a self-include inside {% call card() %} (a wrapper macro's caller() body) runs through
    # the macro's frame on each level, every frame of the cycle as often as the others; the error named
    # the macro's file as "a macro calls itself", a macro that never does
    files = {"templates/tag.html": '{% extends "base.html" %}\n{% block main %}\n{% include "_box.html" %}\n'
                                   '{% endblock %}\n',
             "templates/_m.html": '{% macro card() %}\n<div>{{ caller() }}</div>\n{% endmacro %}\n',
             "templates/_box.html": '{% from "_m.html" import card %}\n{% call card() %}\n'
                                    '{% include "_box.html" %}\n{% endcall %}\n'}
    r = renderer(tmp_path, [art("a", tags=("Rain",))], files=files)
    with pytest.raises(RenderError) as caught:
        page(r, "/tags/rain/")
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'templates/_box.html'}:3: "), message
    assert "_box.html extends or includes itself" in message, message


def test_a_data_url_picture_of_each_type_images_publishes_is_a_picture_and_a_link_to_one_stays_text():
    """review55b 4: markdown-it passes data: pictures of gif, png, jpeg and webp alone, so an SVG's, or a
    JPEG's labelled image/jpg or image/pjpeg, was printed as Markdown, its base64 as prose. The renderer's
    pictures take what images publishes (content.data_picture), in the plain parser and the extended one
    (a table); a link to such a URL, which a reader would open as a page (an SVG's scripts run there),
    and a picture of another type stay markdown-it's choice: text."""
    md = MarkdownRenderer(False)
    svg, jpg = "data:image/svg+xml;base64,PHN2Zz4=", "data:image/jpg;base64,AAAA"
    for body in (f"![Chart]({svg})\n\n![Photo]({jpg})\n", f"| t |\n|---|\n| ![Chart]({svg}) ![Photo]({jpg}) |\n"):
        html = md.render(body)
        assert f'src="{svg}" alt="Chart"' in html and f'src="{jpg}" alt="Photo"' in html, html
        assert "![" not in html, html
    link = md.render(f"[Chart]({svg}) and ![Icon](data:image/bmp;base64,AAAA)\n")
    assert "<a " not in link and "<img" not in link and f"[Chart]({svg})" in link, link


# review55a ----------------------------------------------------------------------------------------
def test_a_story_pages_topics_mark_a_topic_in_another_script_as_the_topics_index_does(tmp_path):
    """review40g marked a Hebrew topic's name with its stories' language on /tags/ and its page's <h1>, so
    an English voice no longer reads it. On the Hebrew story's own page the same name sits in the
    Topics list inside the chrome's lang="en" dir="ltr", unmarked: read in an English voice there."""
    from lxml import html as lxml_html
    stories = [art("haifa", 1, language="he", title="נמל חיפה", tags=("חדשות", "Culture")),
               art("yafo", 2, language="he", title="נמל יפו", tags=("חדשות",))]
    r = renderer(tmp_path, stories, site={"editions": False})    # one stream: the theme's words are English
    on_index = {a.text: (a.get("lang"), a.get("dir"))
                for a in lxml_html.fromstring(page(r, "/tags/")).xpath('//ul[@class="terms"]//a')}
    assert on_index["חדשות"] == ("he", "rtl")                      # as review40g made it
    read = _story_topics_read_as(article_page(r))
    assert read["חדשות"] == on_index["חדשות"], read
    assert read["Culture"] == ("en", "ltr"), read          # the theme's words' language: left unmarked


def _story_topics_read_as(html: str) -> dict[str, tuple[str, str]]:
    """Each topic of a story page's Topics list -> the (lang, dir) it is read in: the nearest of each
    on it or above it, as a screen reader and the bidi algorithm take them."""
    from lxml import html as lxml_html
    found = {}
    for link in lxml_html.fromstring(html).xpath('//section[contains(@class, "story-tags")]//a'):
        around = [link, *link.iterancestors()]
        found[link.text] = (next(e.get("lang") for e in around if e.get("lang")),
                            next(e.get("dir") for e in around if e.get("dir")))
    return found


def test_a_story_pages_topics_are_marked_against_the_theme_words_around_them(tmp_path):
    """The neighbours of review55a 1: on a Hebrew site (its theme's words Hebrew) an English story's
    Topics list sits in lang="he", so its English topic is marked English, and its Hebrew one, though
    an English story has it too, is left in the list's Hebrew; on an English site a Hebrew name over
    stories in two languages has no one language, but its direction is its own (dir="auto")."""
    stories = [art("port", 1, title="Port", tags=("Culture", "חדשות")),
               art("haifa", 2, language="he", title="נמל חיפה", tags=("חדשות",))]
    r = renderer(tmp_path / "he", stories, site={"language": "he", "editions": False})
    assert _story_topics_read_as(article_page(r, 0)) == {"Culture": ("en", "ltr"), "חדשות": ("he", "rtl")}
    r = renderer(tmp_path / "en", stories, site={"editions": False})
    html = article_page(r, 1)
    assert _story_topics_read_as(html)["חדשות"] == ("en", "auto"), html


def test_a_topic_in_another_script_is_not_filed_under_its_transliterations_latin_initial(tmp_path):
    """Over 24 topics, /tags/ lists them A to Z under jump links. views.term_links says digits and
    other scripts go under '#', but the initial is taken from the slug, which python-slugify has
    transliterated: 'ثقافة' (thqf) sits under T between 'Taxes' and 'Trade', 'Москва' under M,
    '東京' under D (dong-jing, its Chinese reading, not Tōkyō). A reader looking for them cannot
    know to look there, and the Latin headings give a screen reader's heading list no way to them."""
    from lxml import html as lxml_html
    english = [art(f"e{i}", i + 1, tags=(name,)) for i, name in enumerate(
        ["Taxes", "Trade", "Dogs", "Drought", "Markets", "Music"] + [f"Topic {i:02}" for i in range(20)])]
    foreign = [art("cairo", 40, language="ar", title="معرض القاهرة", tags=("ثقافة",)),
               art("moscow", 41, language="ru", title="Москва", tags=("Москва",)),
               art("tokyo", 42, language="ja", title="東京の港", tags=("東京",))]
    r = renderer(tmp_path, english + foreign, site={"editions": False})
    tree = lxml_html.fromstring(page(r, "/tags/"))
    assert tree.xpath('//h3[@class="az-letter"]'), "no A-to-Z list: the site has too few topics for one"
    filed = {}
    for name in ("ثقافة", "Москва", "東京"):
        (link,) = tree.xpath(f'//section[.//h2[@id="all-topics"]]//a[text()="{name}"]')
        filed[name] = link.xpath('preceding::h3[@class="az-letter"][1]')[0].text
    assert filed == {"ثقافة": "#", "Москва": "#", "東京": "#"}, filed   # scripts an English page does not write
    # a Russian newsroom's own index: every topic Cyrillic, every heading and jump link was a Latin letter
    # ('Экономика' under E, 'Финансы' under F, 'Жильё' under Z, 'Хоккей' under K), in the transliteration's
    # order ('США', ssha, before 'Суд'); now each under its own letter ('Ёлка' under Е), in the alphabet's
    names = ["Армия", "Выборы", "Город", "Дороги", "Европа", "Ёлка", "Жильё", "Здоровье", "Искусство", "Кино",
             "Культура", "Литература", "Медицина", "Москва", "Налоги", "Наука", "Образование", "Общество", "Погода",
             "Политика", "Право", "Регионы", "Спорт", "Суд", "США", "Театр", "Транспорт", "Украина", "Финансы",
             "Хоккей", "Экономика"]
    ru = renderer(tmp_path / "ru", [art(f"s{i}", i + 1, language="ru", tags=(n,)) for i, n in enumerate(names)],
                  site={"language": "ru"})
    tree = lxml_html.fromstring(page(ru, "/tags/"))
    headings = [h.text for h in tree.xpath('//h3[@class="az-letter"]')]
    assert headings == list("АВГДЕЖЗИКЛМНОПРСТУФХЭ"), headings
    assert [a.text for a in tree.xpath('//nav[@class="az"]//a')] == headings
    assert [a.text for a in tree.xpath('//section[.//h2[@id="all-topics"]]//ul[@class="terms"]//a')] == names


@pytest.mark.parametrize("language, names, filed", [
    # Latin by the slug's initial, as before: marks and letters an English reader files under A to Z
    ("en", ["Élysée", "Ørsted", "2024 Vote", "＃Tag", "Ｇ７"], {"Élysée": "E", "Ørsted": "O", "2024 Vote": "#", "＃Tag": "#", "Ｇ７": "G"}),
    # a Russian page: a Latin name under its letter, marks dropped as Russian indexes drop them
    ("ru", ["BBC", "Ёлка", "Йошкар-Ола"], {"BBC": "B", "Ёлка": "Е", "Йошкар-Ола": "И"}),
    # Arabic: hamza's forms under alef; Greek: tonos dropped; Hebrew; Japanese kana without dakuten
    ("ar", ["أمن", "إعلام", "ثقافة", "BBC"], {"أمن": "ا", "إعلام": "ا", "ثقافة": "ث", "BBC": "B"}),
    ("el", ["Άρτα", "Ήπειρος", "Москва"], {"Άρτα": "Α", "Ήπειρος": "Η", "Москва": "#"}),
    ("he", ["חדשות", "ثقافة"], {"חדשות": "ח", "ثقافة": "#"}),
    ("ja", ["ガス", "ニュース", "ثقافة"], {"ガス": "カ", "ニュース": "ニ", "ثقافة": "#"}),
    # Chinese is indexed by pinyin, which the slug is: 东京 (dong-jing) under D on a Chinese page only
    ("zh", ["东京", "经济", "Москва"], {"东京": "D", "经济": "J", "Москва": "#"}),
])
def test_a_topics_initial_is_its_own_letter_where_the_pages_language_writes_it(tmp_path, language, names, filed):
    """The neighbours of review55a 2 (views._initial): what each script's names are filed under."""
    stories = [art(f"s{i}", i + 1, language=language, tags=(n,)) for i, n in enumerate(names)]
    r = renderer(tmp_path, stories, site={"language": language})
    assert {t.name: t.group for t in r.views.term_links(r.site.tags)} == filed


def _read_as(element) -> tuple[str | None, str | None]:
    """The (lang, dir) an element's text is read in: the nearest of each on it or above it."""
    around = [element, *element.iterancestors()]
    return (next((e.get("lang") for e in around if e.get("lang")), None),
            next((e.get("dir") for e in around if e.get("dir")), None))


def test_an_authors_name_in_another_script_is_marked_as_a_topics_is(tmp_path):
    """review55a's Left: a Hebrew reporter's name had no lang anywhere (the byline's dir="auto" alone,
    /authors/, and the author page's <h1>, which had no dir either): on an English one-stream site a
    screen reader read 'דנה כהן' in an English voice. Marked as a topic is (term_script): with the
    language of the author's stories where it writes the name's letters; a Latin name on the English
    page is left as it was, the byline's dir="auto" kept."""
    from lxml import html as lxml_html
    stories = [art("haifa", 1, language="he", title="נמל חיפה", authors=("דנה כהן",)),
               art("yafo", 2, language="he", title="נמל יפו", authors=("דנה כהן", "John Roe")),
               art("port", 3, title="Port", authors=("John Roe",))]
    r = renderer(tmp_path, stories, site={"editions": False})
    hebrew = ("he", "rtl")
    story = lxml_html.fromstring(article_page(r, 0))
    (name,) = story.xpath('//div[@class="story-meta"]//a[@rel="author"]')
    assert _read_as(name) == hebrew, lxml_html.tostring(name)
    front = lxml_html.fromstring(page(r, "/"))                       # teasers: render.teaser_html
    bylines = {a.text: _read_as(a) for a in front.xpath('//p[@class="meta"]//a[@rel="author"]')}
    assert bylines == {"דנה כהן": hebrew, "John Roe": ("en", "auto")}, bylines
    index = lxml_html.fromstring(page(r, "/authors/"))
    assert {a.text: _read_as(a) for a in index.xpath('//ul[@class="terms"]//a')} == {"דנה כהן": hebrew, "John Roe": ("en", "ltr")}
    own = lxml_html.fromstring(page(r, next(p.url for p in r.site.pages
                                            if p.kind == "author" and r.site.authors[p.term].name == "דנה כהן")))
    assert _read_as(own.xpath("//h1")[0]) == hebrew


def test_an_authors_photo_whose_alt_is_a_name_in_another_script_is_marked_as_the_name_is(tmp_path):
    """fix55a's Left: the author page's photo, its alt the author's name, had no lang where its <h1>
    had (term_script): a screen reader read the Hebrew alt 'דנה כהן' in the English page's voice.
    Marked as the <h1> is; a Latin name on the English page is left as it was."""
    from lxml import html as lxml_html
    stories = [art("haifa", 1, language="he", title="נמל חיפה", authors=("דנה כהן",)),
               art("port", 2, title="Port", authors=("John Roe",))]
    config = parse_config({"site": {"base_url": "https://example.org/", "editions": False}, "search": {"enabled": False},
                           "authors": {"דנה כהן": {"photo": "https://cdn.example.org/dana.jpg"},
                                       "John Roe": {"photo": "https://cdn.example.org/john.jpg"}}}, tmp_path)
    r = Renderer(build_site(config, stories, FIXED_NOW))
    marks = {}
    for url in [p.url for p in r.site.pages if p.kind == "author"]:
        own = lxml_html.fromstring(page(r, url))
        (photo,) = own.xpath('//img[@class="author-photo"]')
        (heading,) = own.xpath("//h1")
        assert photo.get("alt") == heading.text_content()
        marks[photo.get("alt")] = (photo.get("lang"), photo.get("dir"))
        assert marks[photo.get("alt")] == (heading.get("lang"), heading.get("dir"))
    assert marks == {"דנה כהן": ("he", "rtl"), "John Roe": (None, None)}, marks
