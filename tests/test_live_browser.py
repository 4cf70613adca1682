"""Live reload in real headless Chromium against a real `sitegen serve`: an edited headline appears
without reloading by hand; a broken template shows the error with file and line; a fix recovers."""
from __future__ import annotations

import pytest

from conftest import require_tool
from preview import ROOT, ServeProcess, article, save, site_toml, small_site

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = pytest.mark.browser


@pytest.fixture
def browser():
    path = require_tool(CHROMIUM, "Chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=ARGS)
        yield browser
        browser.close()


def test_edit_break_and_fix_show_up_in_an_open_tab(browser, site_dir):
    root = site_dir(small_site())
    with ServeProcess(root) as server:
        try:
            page = browser.new_page()
            page.goto(server.url + "2024/03/story-number-1/")
            assert page.locator("h1").first.inner_text() == "Story number 1"
            page.evaluate("window.__notReloaded = true")      # gone once the tab reloads itself

            # An editor fixes the headline and saves: the open tab shows it, no hand reload.
            save(root / "content/story-1.md", article("Harbour ferry headline, corrected",
                                                      date="2024-03-02T09:00:00+00:00", slug="story-number-1"))
            page.wait_for_function("document.querySelector('h1').textContent.includes('corrected')", timeout=15_000)
            assert page.evaluate("window.__notReloaded") is None

            # A broken template: the tab shows the error with the template's file and line.
            theme = (ROOT / "templates/article.html").read_text(encoding="utf-8")
            first, rest = theme.split("\n", 1)
            broken, line = f"{first}\n{{% if %}}\n{rest}", 2        # a syntax error on line 2
            save(root / "templates/article.html", broken)
            overlay = page.locator("#sitegen-error")
            overlay.wait_for(state="visible", timeout=15_000)
            assert "templates/article.html" in overlay.locator(".file").first.inner_text()
            assert overlay.locator(".line").first.inner_text() == str(line)
            server.expect(r"error: .*article\.html:%d" % line)                  # and in the terminal

            # The fix: the page is back, without the overlay, still without a hand reload.
            save(root / "templates/article.html", theme)
            overlay.wait_for(state="detached", timeout=15_000)
            assert "corrected" in page.locator("h1").first.inner_text()
            assert server.stop() == 0
        except BaseException:
            print("sitegen serve said:\n" + "".join(server.output))   # shown with the failure
            raise


def test_a_stylesheet_edit_is_swapped_in_without_a_reload(browser, site_dir):
    root = site_dir({**small_site(), "static/.keep": ""})   # the folder exists, so the save is a file event
    theme_css = (ROOT / "templates/static/style.css").read_text(encoding="utf-8")
    with ServeProcess(root) as server:
        try:
            page = browser.new_page()
            page.goto(server.url + "2024/03/story-number-1/")
            page.evaluate("window.__notReloaded = true")
            save(root / "static/style.css", theme_css + "\nh1 { color: rgb(1, 2, 3) !important; }\n")
            page.wait_for_function("getComputedStyle(document.querySelector('h1')).color === 'rgb(1, 2, 3)'",
                                   timeout=15_000)
            assert page.evaluate("window.__notReloaded") is True      # swapped, not reloaded
            assert server.stop() == 0
        except BaseException:
            print("sitegen serve said:\n" + "".join(server.output))
            raise


def test_an_open_tab_follows_a_new_sub_path_to_the_same_page(browser, site_dir):
    # Before: after base_url's /news/ became /paper/, the tab reloaded its /news/ address: a 404
    root = site_dir(small_site(base_url="https://example.org/news/"))
    with ServeProcess(root) as server:
        try:
            page = browser.new_page()
            page.goto(server.url + "2024/03/story-number-1/?from=feed")
            assert page.locator("h1").first.inner_text() == "Story number 1"
            save(root / "site.toml", site_toml(base_url="https://example.org/paper/"))
            page.wait_for_url("**/paper/2024/03/story-number-1/?from=feed", timeout=15_000)
            assert page.locator("h1").first.inner_text() == "Story number 1"
            assert server.stop() == 0
        except BaseException:
            print("sitegen serve said:\n" + "".join(server.output))
            raise
