"""Glossary and footnote pop-ups in a real chromium: mouse, keyboard, touch, phone width."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

POPUP = "#lectern-popup"


def open_document(page, built_site, edition: str, slug: str, fragment: str = ""):
    page.goto((built_site / edition / slug / "index.html").as_uri() + fragment)


def first_term(page, text: str):
    return page.locator(f"a.term:text-is('{text}')").first


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
    assert page.evaluate("document.activeElement.getAttribute('href')") == term.get_attribute("href")
    assert term.get_attribute("aria-expanded") == "false"


def test_tap_opens_inside_a_360px_touch_viewport_and_tap_outside_closes(browser, built_site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    open_document(page, built_site, "zh-hant", "c34-2014", "#p8")
    term = page.locator("#p8 a.term").first
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


def test_definitions_come_once_per_edition_from_the_glossary_script(page, built_site):
    """The document carries small links only; the first pop-up loads glossary/terms.js, once."""
    html = (built_site / "zh-hans" / "hippo-2015" / "index.html").read_text(encoding="utf-8")
    assert 'id="def-' not in html and "data-term=" not in html
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    open_document(page, built_site, "zh-hans", "hippo-2015", "#p96")
    assert not any(url.endswith("terms.js") for url in requested), "nothing loads before a reader asks"
    page.locator("#p96 a.term").first.click()  # 保护平民, first marked in its section here
    popup = page.locator(POPUP)
    popup.wait_for(state="visible")
    assert "protection of civilians" in popup.inner_text()
    assert popup.locator("a.popup-more").get_attribute("href") == "../../zh-hans/glossary/baohu-pingmin/index.html"
    page.keyboard.press("Escape")
    page.locator("#p106 a.term").first.click()
    popup.wait_for(state="visible")
    loads = [url for url in requested if url.endswith("terms.js")]
    assert len(loads) == 1 and loads[0].endswith("/zh-hans/glossary/terms.js"), loads


def test_a_pointer_that_crosses_a_term_opens_nothing_and_one_that_rests_opens_it(page, built_site):
    open_document(page, built_site, "zh-hans", "hippo-2015", "#p18")
    term = first_term(page, "维持和平行动")
    term.scroll_into_view_if_needed()
    box = term.bounding_box()
    assert 60 < box["y"] < 800
    y = box["y"] + box["height"] / 2
    # Across the term at reading speed, on the way elsewhere: some 400 ms over it, never still.
    x = box["x"] - 40
    while x < box["x"] + box["width"] + 40:
        page.mouse.move(x, y)
        page.wait_for_timeout(40)
        x += 10
    page.mouse.move(box["x"] + box["width"] + 200, y + 200)
    page.wait_for_timeout(900)
    assert page.locator(POPUP).is_hidden()
    page.mouse.move(box["x"] + box["width"] / 2, y, steps=4)
    page.wait_for_timeout(900)  # resting on it
    assert page.locator(POPUP).is_visible()


def test_hiding_term_marks_is_remembered_and_turns_pop_ups_off(page, built_site):
    open_document(page, built_site, "zh-hans", "hippo-2015", "#p96")
    toggle = page.locator(".marks-toggle")
    assert toggle.get_attribute("aria-pressed") == "true"
    term = page.locator("#p96 a.term").first
    assert term.evaluate("(e) => getComputedStyle(e).textDecorationLine") == "underline"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "false"
    assert term.evaluate("(e) => getComputedStyle(e).textDecorationLine") == "none"
    # Another page, another document: still off.
    open_document(page, built_site, "zh-hant", "c34-2014", "#p8")
    term = page.locator("#p8 a.term").first
    assert page.locator(".marks-toggle").get_attribute("aria-pressed") == "false"
    assert term.evaluate("(e) => getComputedStyle(e).textDecorationLine") == "none"
    assert term.get_attribute("tabindex") == "-1", "hidden marks are no Tab stops"
    term.scroll_into_view_if_needed()
    box = term.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(900)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)
    assert page.locator(POPUP).count() == 0 or page.locator(POPUP).is_hidden()
    assert page.url.endswith("/c34-2014/index.html#p8"), "a hidden mark reads as text: clicking it goes nowhere"
    page.locator(".marks-toggle").click()
    assert term.evaluate("(e) => getComputedStyle(e).textDecorationLine") == "underline"
    assert page.evaluate("localStorage.getItem('lectern:term-marks')") is None
