"""Citing a paragraph in a real chromium: the menu, the clipboard, paragraph pages, backlinks."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


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
    page.click('#p105-c a.inum')
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
