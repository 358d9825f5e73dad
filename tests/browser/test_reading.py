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


# Phones: getting around a long document. -------------------------------------------------------------

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    yield page
    context.close()


def test_on_a_phone_the_contents_are_closed_and_a_contents_button_stays_in_reach(phone, built_site):
    page = phone
    page.goto((built_site / "zh-hans" / "hippo-2015" / "index.html").as_uri())
    assert page.evaluate("document.querySelector('#toc details').open") is False
    assert page.evaluate("document.querySelector('h1').getBoundingClientRect().top") < 740, (
        "the title is on the first screen, not four screens down behind the contents"
    )
    page.evaluate("document.getElementById('p200').scrollIntoView()")
    contents = page.locator(".quick-nav .to-contents")
    contents.wait_for(state="visible")
    box = contents.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 740, "the button is on screen while reading"
    contents.tap()
    assert page.evaluate("document.querySelector('#toc details').open") is True
    assert in_view(page, "toc-title")
    page.locator('#toc a[href="#s3-b-1"]').tap()
    assert page.url.endswith("#s3-b-1")
    assert in_view(page, "s3-b-1")


def test_back_to_top_goes_to_the_top(phone, built_site):
    page = phone
    page.goto((built_site / "zh-hant" / "c34-2014" / "index.html").as_uri() + "#p60")
    top = page.locator(".quick-nav .to-top")
    top.wait_for(state="visible")
    top.tap()
    page.wait_for_function("() => window.scrollY === 0")
    assert page.locator(".quick-nav").evaluate("(e) => getComputedStyle(e).visibility") == "hidden"


def test_below_640px_the_glossary_and_recommendations_are_in_a_menu(phone, built_site):
    page = phone
    page.goto((built_site / "zh-hans" / "hippo-2015" / "index.html").as_uri())
    assert page.locator(".site-header .site-nav").is_hidden()
    page.locator(".site-menu summary").tap()
    menu = page.locator(".site-menu-list")
    for name in ("术语表 Glossary", "建议汇编 Recommendations"):
        box = menu.get_by_role("link", name=name).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360 and box["y"] + box["height"] <= 740, name
    menu.get_by_role("link", name="术语表 Glossary").tap()
    page.wait_for_url("**/zh-hans/glossary/index.html")


def test_on_a_desktop_the_contents_mark_the_section_being_read(page, built_site):
    page.goto((built_site / "zh-hans" / "hippo-2015" / "index.html").as_uri() + "#s3-b-1")
    current = '#toc a[aria-current="location"]'
    page.wait_for_function(f"() => document.querySelector('{current}')?.getAttribute('href') === '#s3-b-1'")
    assert page.locator(current).count() == 1
    assert page.locator(current).is_visible(), "the contents scroll to show the current entry"
    page.evaluate("document.getElementById('p282').scrollIntoView()")
    page.wait_for_function(f"() => document.querySelector('{current}')?.getAttribute('href') !== '#s3-b-1'")
    heading = page.locator(current).get_attribute("href")[1:]
    assert page.evaluate(
        "(id) => document.getElementById(id).compareDocumentPosition(document.getElementById('p282'))"
        " & Node.DOCUMENT_POSITION_FOLLOWING",
        heading,
    ), "the marked section is the one p282 is in"


def test_reading_position_stays_put_while_the_page_loads(phone, built_site):
    page = phone
    page.goto((built_site / "zh-hans" / "hippo-2015" / "index.html").as_uri() + "#p282", wait_until="domcontentloaded")
    first = page.evaluate("document.getElementById('p282').getBoundingClientRect().top")
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)  # lectern.js has run: settings shown, contents, corner links
    assert in_view(page, "p282")
    assert abs(page.evaluate("document.getElementById('p282').getBoundingClientRect().top") - first) < 2


# Typography. ----------------------------------------------------------------------------------------

# Elements with Han characters of their own whose language is Traditional, and the first family
# of their font stack where it is not a Traditional (TC) face.
NOT_TRADITIONAL = r"""() => {
    const wrong = [];
    for (const e of document.body.querySelectorAll('*')) {
        const own = Array.from(e.childNodes).filter((n) => n.nodeType === 3).map((n) => n.data).join('');
        if (!/\p{Script=Han}/u.test(own) || e.closest('[lang]').lang !== 'zh-Hant' || !e.getClientRects().length) continue;
        const first = getComputedStyle(e).fontFamily.split(',')[0];
        if (!/ TC"?$/.test(first)) wrong.push(`${e.tagName.toLowerCase()}.${e.className}: ${first}`);
    }
    return Array.from(new Set(wrong));
}"""


@pytest.mark.parametrize(
    "path",
    [
        "zh-hant/hippo-2015/index.html",
        "zh-hant/glossary/index.html",
        "zh-hant/glossary/weichi-heping-xingdong/index.html",
        "zh-hant/recommendations/index.html",
        "zh-hant/index.html",
    ],
)
def test_every_traditional_element_asks_for_a_traditional_font(page, built_site, path):
    page.goto((built_site / path).as_uri())
    assert page.evaluate(NOT_TRADITIONAL) == []


def used_fonts(page, selector: str) -> list[str]:
    """The fonts chromium actually drew the element's text with (CDP)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return [font["familyName"] for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]]


@pytest.mark.parametrize(
    "selector",
    [".doc-meta dt", ".doc-meta dd", ".data-table caption", ".data-table th", ".cited-by", ".toc summary", "h1", "#p1"],
)
def test_traditional_details_tables_and_backlinks_are_drawn_in_a_traditional_face(page, built_site, selector):
    page.goto((built_site / "zh-hant" / "hippo-2015" / "index.html").as_uri())
    fonts = used_fonts(page, selector)
    if not any("CJK" in name for name in fonts):
        pytest.skip(f"no Noto CJK font installed ({fonts})")
    assert [name for name in fonts if "CJK" in name and not name.endswith("TC")] == [], fonts


def test_phone_text_is_ragged_and_wide_text_justified_between_characters(browser, built_site):
    url = (built_site / "zh-hans" / "hippo-2015" / "index.html").as_uri() + "#p272"
    for size, expected in (((360, 740), "start"), ((1280, 900), "justify")):
        context = browser.new_context(viewport={"width": size[0], "height": size[1]})
        page = context.new_page()
        page.goto(url)
        assert page.evaluate("getComputedStyle(document.getElementById('p272')).textAlign") == expected, size
        context.close()


def test_at_320px_table_cells_keep_words_whole(browser, built_site):
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto((built_site / "zh-hans" / "hippo-2015" / "index.html").as_uri() + "#table-1")
    lines = page.evaluate("""() => {
        const cell = Array.from(document.querySelectorAll('.data-table th, .data-table td'))
            .find((c) => c.textContent.trim() === 'USG');
        const range = document.createRange();
        range.selectNodeContents(cell);
        return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
    }""")
    assert lines == 1, "USG is broken over lines"
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, "the table scrolls, not the page"
    context.close()


def test_footnote_marks_are_24px_tap_targets_that_keep_the_lines_even(phone, built_site):
    page = phone
    page.goto((built_site / "zh-hans" / "hippo-2015" / "index.html").as_uri() + "#p20")
    marks = page.locator(".doc-body .fnref a")
    assert marks.count() > 5
    for index in range(marks.count()):
        box = marks.nth(index).bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, box
    # The paragraph with a mark has the same line pitch as its neighbours.
    heights = page.evaluate("""() => {
        const p = document.querySelector('.fnref').closest('p');
        const range = document.createRange();
        range.selectNodeContents(p);
        const tops = Array.from(new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.bottom))));
        return tops.slice(1).map((t, i) => t - tops[i]).filter((d) => d > 10);
    }""")
    assert max(heights) - min(heights) <= 2, heights


# Print. ---------------------------------------------------------------------------------------------


def test_print_drops_term_underlines_and_arrows_and_keeps_title_symbol_numbers_and_address(page, built_site):
    page.goto((built_site / "zh-hans" / "hippo-2015" / "index.html").as_uri() + "#p105")
    page.emulate_media(media="print")
    styles = page.evaluate("""() => ({
        term: getComputedStyle(document.querySelector('.doc-body a.term')).textDecorationLine,
        arrow: getComputedStyle(document.querySelector('a.xref.external'), '::after').content,
        number: getComputedStyle(document.querySelector('#p105 .pnum')).display,
        header: getComputedStyle(document.querySelector('.site-header')).display,
    })""")
    assert styles == {"term": "none", "arrow": "none", "number": "inline", "header": "none"}
    for selector in ("h1", ".doc-meta", ".print-source"):
        assert page.locator(selector).first.is_visible(), selector
    assert page.locator(".print-source").inner_text().endswith("/zh-hans/hippo-2015/index.html")
    assert "文号" in page.locator(".doc-meta").inner_text()
