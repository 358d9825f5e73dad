"""Citing a paragraph in a real chromium: the menu, the clipboard, paragraph pages, backlinks,
the sheet on a phone, and links under a configured base URL."""

from __future__ import annotations

import pytest

from lectern.cli import main as cli_main

from ..conftest import FIXTURES

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
BASE_URL = "https://example.org/lectern/"


@pytest.fixture(scope="module")
def published_site(tmp_path_factory):
    """The fixture site built through the command line with --base-url (no trailing slash given)."""
    out = tmp_path_factory.mktemp("published") / "site"
    status = cli_main(
        [
            "--content",
            str(FIXTURES / "site" / "content"),
            "--out",
            str(out),
            "--base-url",
            BASE_URL.rstrip("/"),
            "--quiet",
        ]
    )
    assert status == 0
    return out


@pytest.fixture
def clipboard_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    yield page
    context.close()


def test_copy_citation_puts_the_chinese_and_english_citation_on_the_clipboard(clipboard_page, built_site):
    page = clipboard_page
    page.goto((built_site / "zh-hans" / "hippo-2015" / "index.html").as_uri() + "#p105-c")
    page.click("#p105-c a.inum")
    menu = page.locator("#cite-menu")
    assert menu.get_attribute("role") == "dialog"
    menu.get_by_role("button", name="复制引文（中文）").click()
    page.wait_for_function("() => document.querySelector('.cite-status').textContent.length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == "A/70/95，第105(c)段"
    menu.get_by_role("button", name="Copy citation (English)").click()
    page.wait_for_function("() => document.querySelector('.cite-status').textContent.includes('para.')")
    assert page.evaluate("navigator.clipboard.readText()") == "A/70/95, para. 105(c)"
    menu.get_by_role("button", name="复制链接 · Copy link").click()
    page.wait_for_function("() => document.querySelector('.cite-status').textContent.includes('#p105-c')")
    assert page.evaluate("navigator.clipboard.readText()").endswith("/zh-hans/hippo-2015/index.html#p105-c")
    # No base URL in this build: the menu says that what it copies is a file on this computer.
    assert "base URL" in menu.locator(".cite-note").inner_text()
    # The paragraph page redirects to the document, so its own address comes from the menu.
    menu.get_by_role("button", name="复制段落页链接 · Copy paragraph-page link").click()
    page.wait_for_function("() => document.querySelector('.cite-status').textContent.includes('/p/105/')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == (built_site / "zh-hans" / "hippo-2015" / "p" / "105" / "index.html").as_uri()
    page.keyboard.press("Escape")
    assert page.locator("#cite-menu").count() == 0
    assert page.evaluate("document.activeElement.className") == "inum"


def test_traditional_citation_is_in_traditional_characters(clipboard_page, built_site):
    page = clipboard_page
    page.goto((built_site / "zh-hant" / "c34-2014" / "index.html").as_uri() + "#p12")
    page.click("#p12 a.pnum")
    page.locator("#cite-menu").get_by_role("button", name="複製引文（中文）").click()
    page.wait_for_function("() => document.querySelector('.cite-status').textContent.length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == "《特別委員會各項建議的執行情況》，第12段"


def test_paragraph_page_redirects_to_the_paragraph_in_the_document(page, built_site):
    page.goto((built_site / "zh-hans" / "hippo-2015" / "p" / "105" / "index.html").as_uri())
    page.wait_for_url("**/zh-hans/hippo-2015/index.html#p105")
    assert page.evaluate("document.getElementById('p105').getBoundingClientRect().top") < 200


def test_backlink_leads_to_the_citing_paragraph(page, built_site):
    page.goto((built_site / "zh-hans" / "hippo-2015" / "index.html").as_uri() + "#p340")
    page.locator("#p340 .cited-by a").first.click()
    assert page.url.endswith("#p343-a")
    assert "第 340 段" in page.locator("#p343-a").inner_text()


def test_with_a_base_url_the_menu_copies_published_addresses(browser, published_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto((published_site / "zh-hant" / "fixture-2020" / "index.html").as_uri())
    page.click("#p2-b a.inum")
    menu = page.locator("#cite-menu")
    assert menu.locator(".cite-note").count() == 0, "with a base URL there is nothing to warn about"
    menu.get_by_role("button", name="複製連結 · Copy link").click()
    page.wait_for_function("() => document.querySelector('.cite-status').textContent.includes('#p2-b')")
    assert page.evaluate("navigator.clipboard.readText()") == BASE_URL + "zh-hant/fixture-2020/index.html#p2-b"
    menu.get_by_role("button", name="複製段落頁連結 · Copy paragraph-page link").click()
    page.wait_for_function("() => document.querySelector('.cite-status').textContent.includes('/p/2/')")
    assert page.evaluate("navigator.clipboard.readText()") == BASE_URL + "zh-hant/fixture-2020/p/2/index.html"
    context.close()


def test_on_a_phone_the_menu_is_a_sheet_where_the_reader_is_and_closing_it_follows_no_link(browser, built_site):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto((built_site / "zh-hans" / "hippo-2015" / "index.html").as_uri() + "#p282")
    page.wait_for_load_state("load")
    page.wait_for_timeout(200)
    before = page.evaluate("scrollY")
    assert before > 100_000, "the page opened at paragraph 282, far down the report"
    page.locator("#p282 a.pnum").tap()
    menu = page.locator("#cite-menu")
    menu.wait_for(state="visible")
    assert page.evaluate("scrollY") == before, "opening the menu must not move the page"
    box = menu.bounding_box()
    assert box["x"] == 0 and box["width"] == 360, "a sheet across the screen"
    assert abs(box["y"] + box["height"] - 740) < 1, "at the bottom of the screen"
    assert page.evaluate("document.activeElement.closest('#cite-menu') !== null"), "focus is in the sheet"
    # Tap right on a link above the sheet: the sheet closes, and the link is not followed.
    link = page.locator("#p282 a.xref, #p282 a.term").first
    target = link.bounding_box()
    assert target["y"] + target["height"] < box["y"], "the link is visible above the sheet"
    page.touchscreen.tap(target["x"] + target["width"] / 2, target["y"] + target["height"] / 2)
    page.wait_for_timeout(300)
    assert menu.count() == 0
    assert page.url.endswith("#p282"), page.url
    assert len(context.pages) == 1, "no new tab opened for an external link"
    assert page.locator("#lectern-popup:visible").count() == 0, "no pop-up of a term under the tap"
    assert page.evaluate("scrollY") == before
    context.close()


def test_on_a_desktop_the_menu_hangs_under_the_number(page, built_site):
    page.goto((built_site / "zh-hans" / "hippo-2015" / "index.html").as_uri() + "#p195")
    number = page.locator("#p195 a.pnum").bounding_box()
    page.click("#p195 a.pnum")
    box = page.locator("#cite-menu").bounding_box()
    assert box["width"] < 800 and abs(box["y"] - (number["y"] + number["height"])) < 40
