"""In a real chromium, from file://: anchors land in view, the script switch keeps the place."""

from __future__ import annotations

import pytest

from .helpers import in_view

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("edition", ["zh-hans", "zh-hant"])
def test_opening_a_paragraph_link_shows_that_paragraph_below_the_header(page, built_site, edition):
    page.goto((built_site / edition / "hippo-2015" / "index.html").as_uri() + "#p105")
    assert in_view(page, "p105")
    assert page.locator("#p105").inner_text().startswith("105.")


def click_switch(page) -> None:
    """A real mouse click where the link is drawn (locator.click would scroll the page first)."""
    box = page.locator("[data-edition-switch]").bounding_box()
    with page.expect_navigation(wait_until="load"):
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    # the page puts the reader back at load and once more shortly after (see lectern.js)
    page.wait_for_function("() => sessionStorage.getItem('lectern:switch') === null")
    page.wait_for_timeout(150)


def test_script_switch_keeps_the_paragraph(page, built_site):
    page.goto((built_site / "zh-hans" / "hippo-2015" / "index.html").as_uri() + "#p105")
    click_switch(page)
    assert "/zh-hant/hippo-2015/index.html#p105" in page.url
    assert in_view(page, "p105")
    assert "關於保護平民" in page.locator("#p105").inner_text()


def test_script_switch_keeps_the_scroll_position_of_a_reader_who_scrolled(page, built_site):
    page.goto((built_site / "zh-hans" / "c34-2014" / "index.html").as_uri())
    page.evaluate("document.getElementById('p40').scrollIntoView(); window.scrollBy(0, 120)")
    top_before = page.evaluate("document.getElementById('p41').getBoundingClientRect().top")
    click_switch(page)
    assert "/zh-hant/c34-2014/index.html#p" in page.url
    top_after = page.evaluate("document.getElementById('p41').getBoundingClientRect().top")
    assert abs(top_after - top_before) < 40


def test_reading_and_anchors_work_without_javascript(browser, built_site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto((built_site / "zh-hant" / "c34-2014" / "index.html").as_uri())
    page.click('nav.toc a[href="#s5-a"]')
    assert page.url.endswith("#s5-a")
    assert page.evaluate("document.getElementById('s5-a').getBoundingClientRect().top") < 200
    page.click('a.pnum[href="#p53"]')
    assert page.url.endswith("#p53")
    context.close()


def test_phone_width_has_no_horizontal_scrolling_and_loads_only_local_files(browser, built_site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((built_site / "zh-hans" / "hippo-2015" / "index.html").as_uri() + "#table-1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert in_view(page, "table-1")
    assert requests and all(url.startswith("file://") for url in requests)
    context.close()


RECORD_VIOLATIONS = """() => {
    window.__violations = [];
    // Capture on window: the event is fired at the offending element or at the document, and bubbles.
    window.addEventListener('securitypolicyviolation', (event) => window.__violations.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} at ${event.sourceFile}:${event.lineNumber}`),
        true);
}"""


def test_document_and_glossary_pages_break_no_policy_and_log_no_errors(page, built_site):
    """Every page carries a strict CSP; one thing in a page or in lectern.js that it blocks
    (an inline style or script, a data: image, a request to another host) is a violation here."""
    page.add_init_script(f"({RECORD_VIOLATIONS})()")  # init scripts run before the page, outside its CSP
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto((built_site / "zh-hans" / "hippo-2015" / "index.html").as_uri() + "#p18")
    page.locator("a.term:text-is('维持和平行动')").first.hover()  # the pop-up: markup made by lectern.js
    page.locator("#lectern-popup").wait_for(state="visible")
    page.locator("input[type=search]").first.focus()  # loads the search index and lunr
    page.wait_for_function("() => window.LecternSearch.engine()")
    page.keyboard.type("安全理事会")
    page.wait_for_function("() => document.querySelectorAll('.search-panel [role=option]').length > 0")
    page.wait_for_timeout(100)  # violation events are queued as tasks
    assert page.evaluate("() => window.__violations") == []

    page.goto((built_site / "zh-hans" / "glossary" / "index.html").as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(100)
    assert page.evaluate("() => window.__violations") == []
    assert errors == []
