"""Retake the README's screenshots from a built site: python3 docs/screenshots/take.py [SITE]

Phones at 360x740 with touch (device scale 2), desktops at 1280x900, headless chromium, from file://.
Build first (python3 build.py); SITE defaults to site/. The parallel views are taken from the test
fixture, built here into a temporary folder: the bundled documents have no language version.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
SITE = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent.parent / "site"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def url(path: str, fragment: str = "") -> str:
    return (SITE / path).as_uri() + fragment


def settle(page) -> None:
    page.wait_for_load_state("load")
    page.wait_for_timeout(3200)  # the :target highlight has faded


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        phone = browser.new_context(**PHONE)
        page = phone.new_page()

        page.goto(url("zh-hant/hippo-2015/index.html", "#p105"))
        settle(page)
        page.screenshot(path=HERE / "document-zh-hant-phone.png")

        page.goto(url("zh-hans/hippo-2015/index.html", "#p282"))
        settle(page)
        page.locator("#p282 a.pnum").tap()
        page.locator("#cite-menu").wait_for(state="visible")
        page.screenshot(path=HERE / "citation-sheet-phone.png")
        page.keyboard.press("Escape")

        page.locator(".quick-nav .to-contents").tap()
        page.wait_for_timeout(300)
        page.screenshot(path=HERE / "contents-phone.png")

        page.goto(url("zh-hant/c34-2014/index.html", "#p8"))
        settle(page)
        page.locator("#p8 a.term").first.tap()
        page.locator("#lectern-popup").wait_for(state="visible")
        page.screenshot(path=HERE / "glossary-popup-zh-hant-phone.png")

        page.goto(url("zh-hans/hippo-2015/index.html"))
        settle(page)
        page.locator(".site-menu summary").tap()
        page.wait_for_timeout(200)
        page.screenshot(path=HERE / "menu-phone.png")
        phone.close()

        desktop = browser.new_context(**DESKTOP)
        page = desktop.new_page()
        page.goto(url("zh-hans/hippo-2015/index.html", "#p105"))
        settle(page)
        page.screenshot(path=HERE / "document-zh-hans-desktop.png")
        page.goto(url("zh-hans/hippo-2015/index.html", "#p195"))
        settle(page)
        page.click("#p195 a.pnum")
        page.screenshot(path=HERE / "citation-menu-desktop.png")
        page.keyboard.press("Escape")
        page.goto(url("zh-hans/hippo-2015/index.html", "#p18"))
        settle(page)
        term = page.locator("#p18 a.term").first
        term.hover()
        page.locator("#lectern-popup").wait_for(state="visible")
        page.screenshot(path=HERE / "glossary-popup-zh-hans-desktop.png")
        desktop.close()
        parallel(browser)
        browser.close()


def parallel(browser) -> None:
    """Side by side at 1280 px and interleaved at 360 px, on the fixture's English version (written for the tests)."""
    sys.path.insert(0, str(HERE.parent.parent))
    from lectern.config import Config
    from lectern.pipeline import build_site

    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        build_site(Config(content=HERE.parent.parent / "tests" / "fixtures" / "site" / "content", out=site, jobs=1))
        page_url = (site / "zh-hans" / "fixture-2020" / "en" / "index.html").as_uri()
        desktop = browser.new_context(**DESKTOP)
        page = desktop.new_page()
        page.goto(page_url)
        settle(page)
        page.screenshot(path=HERE / "parallel-side-by-side-desktop.png")
        desktop.close()
        phone = browser.new_context(**PHONE)
        page = phone.new_page()
        page.goto(page_url + "#p2")
        settle(page)
        page.screenshot(path=HERE / "parallel-interleaved-phone.png")
        phone.close()


if __name__ == "__main__":
    main()
