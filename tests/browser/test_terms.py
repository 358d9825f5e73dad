"""Glossary and footnote pop-ups in a real chromium: mouse, keyboard, touch, phone width."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

POPUP = "#lectern-popup"


def open_document(page, built_site, edition: str, slug: str, fragment: str = ""):
    page.goto((built_site / edition / slug / "index.html").as_uri() + fragment)


def first_term(page, text: str):
    return page.locator(f"a.term[data-term]:text-is('{text}')").first


def test_hovering_a_term_shows_its_english_and_definition(page, built_site):
    open_document(page, built_site, "zh-hans", "hippo-2015", "#p18")
    term = first_term(page, "维持和平行动")
    term.hover()
    popup = page.locator(POPUP)
    popup.wait_for(state="visible")
    assert "peacekeeping operations" in popup.inner_text()
    assert term.get_attribute("aria-expanded") == "true"
    assert popup.get_attribute("role") == "dialog"
    box, term_box = popup.bounding_box(), term.bounding_box()
    overlaps = not (box["y"] >= term_box["y"] + term_box["height"] or box["y"] + box["height"] <= term_box["y"])
    assert not overlaps, "the pop-up must not cover the term"


def test_keyboard_enter_opens_and_escape_closes_and_returns_focus(page, built_site):
    open_document(page, built_site, "zh-hans", "hippo-2015", "#p96")
    term = page.locator("#p96 a.term").first  # 保护平民, first marked in its section here
    term.focus()
    page.keyboard.press("Enter")
    popup = page.locator(POPUP)
    popup.wait_for(state="visible")
    assert "protection of civilians" in popup.inner_text()
    page.keyboard.press("Tab")  # the pop-up follows the term in the DOM: Tab reaches its link
    assert page.evaluate("document.activeElement.classList.contains('popup-more')")
    page.keyboard.press("Escape")
    assert popup.is_hidden()
    assert page.evaluate("document.activeElement.dataset.term") == term.get_attribute("data-term")
    assert term.get_attribute("aria-expanded") == "false"


def test_tap_opens_inside_a_360px_touch_viewport_and_tap_outside_closes(browser, built_site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    open_document(page, built_site, "zh-hant", "c34-2014", "#p8")
    term = page.locator("#p8 a.term[data-term]").first
    term.tap()
    popup = page.locator(POPUP)
    popup.wait_for(state="visible")
    assert page.url.endswith("#p8"), "a tap opens the pop-up instead of following the link"
    box = popup.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert box["y"] >= 0 and box["y"] + box["height"] <= 740
    page.locator("#p9").tap()
    assert popup.is_hidden()
    context.close()


def test_abbreviation_pop_up_shows_the_full_name(page, built_site):
    open_document(page, built_site, "zh-hans", "c34-2014", "#p8")
    page.locator("#p8 a.term:text-is('联刚稳定团')").click()
    text = page.locator(POPUP).inner_text()
    assert "联合国组织刚果民主共和国稳定特派团" in text and "MONUSCO" in text


def test_footnote_reference_shows_the_footnote_text(page, built_site):
    open_document(page, built_site, "zh-hans", "hippo-2015", "#p23")
    page.locator('#p20 .fnref a[data-footnote="5"]').click()
    popup = page.locator(POPUP)
    popup.wait_for(state="visible")
    assert "联合国秘书处提供的资料" in popup.inner_text()
    assert page.evaluate("location.hash") == "#p23"


def test_without_javascript_a_term_is_a_link_to_its_glossary_entry(browser, built_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    open_document(page, built_site, "zh-hans", "hippo-2015", "#p96")
    page.locator("#p96 a.term").first.click()
    assert page.url.endswith("/zh-hans/glossary/index.html#baohu-pingmin")
    assert "protection of civilians" in page.locator("#baohu-pingmin").inner_text()
    context.close()


def test_term_page_lists_occurrences_in_both_documents(page, built_site):
    page.goto((built_site / "zh-hans" / "glossary" / "baohu-pingmin" / "index.html").as_uri())
    sections = page.locator("section.occurrences h3")
    assert sections.count() == 2
    first = page.locator("ol.occurrence-list a.occ-ref").first
    assert page.locator("ol.occurrence-list mark").first.inner_text() == "保护平民"
    first.click()
    assert "#p" in page.url or "#" in page.url
