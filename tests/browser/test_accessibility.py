"""axe-core in real chromium on every kind of page, and keyboard walks through a document page."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from .helpers import comes_into_view

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"


@pytest.fixture
def axe_page(browser):
    # The pages' CSP allows only their own scripts; the test injects axe, so it bypasses CSP.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['nodes'][0]['html'][:120]}"
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


PAGES = [
    "index.html",
    "zh-hans/hippo-2015/index.html",
    "zh-hant/c34-2014/index.html",
    "zh-hans/glossary/index.html",
    "zh-hant/glossary/weichi-heping-xingdong/index.html",
    "zh-hans/recommendations/index.html",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_violations(axe_page, built_site, path):
    axe_page.goto((built_site / path).as_uri())
    assert serious_violations(axe_page) == []


def test_open_glossary_pop_up_has_no_serious_violations(axe_page, built_site):
    axe_page.goto((built_site / "zh-hans" / "hippo-2015" / "index.html").as_uri() + "#p96")
    axe_page.locator("#p96 a.term").first.click()
    axe_page.locator("#lectern-popup").wait_for(state="visible")
    assert serious_violations(axe_page) == []


def test_open_citation_menu_has_no_serious_violations(axe_page, built_site):
    axe_page.goto((built_site / "zh-hans" / "hippo-2015" / "index.html").as_uri() + "#p105")
    axe_page.click("#p105 a.pnum")
    assert serious_violations(axe_page) == []


@pytest.fixture
def axe_phone(browser):
    context = browser.new_context(
        bypass_csp=True, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()


def test_phone_citation_sheet_header_menu_and_open_contents_have_no_serious_violations(axe_phone, built_site):
    page = axe_phone
    page.goto((built_site / "zh-hant" / "hippo-2015" / "index.html").as_uri() + "#p282")
    page.locator("#p282 a.pnum").tap()
    page.locator("#cite-menu").wait_for(state="visible")
    assert serious_violations(page) == []
    page.keyboard.press("Escape")
    page.locator(".site-menu summary").tap()
    page.locator(".quick-nav .to-contents").tap()
    assert page.evaluate("document.querySelector('#toc details').open")
    assert serious_violations(page) == []


def test_search_results_have_no_serious_violations(axe_page, built_site):
    axe_page.goto((built_site / "zh-hans" / "hippo-2015" / "index.html").as_uri())
    axe_page.locator("input[type=search]").first.focus()
    axe_page.wait_for_function("() => window.LecternSearch.engine()")
    axe_page.keyboard.type("保护平民")
    axe_page.wait_for_function("() => LecternSearch.boxes[0].outcome && LecternSearch.boxes[0].outcome.done")
    axe_page.keyboard.press("ArrowDown")  # a selected option, as a keyboard user sees it
    assert axe_page.locator(".search-panel [role=option][aria-selected=true]").count() == 1
    assert serious_violations(axe_page) == []


def test_search_page_with_results_has_no_serious_violations(axe_page, built_site):
    axe_page.goto((built_site / "zh-hant" / "search" / "index.html").as_uri() + "?q=安全理事會")
    axe_page.wait_for_function("() => document.querySelectorAll('.search-results [role=option]').length > 5")
    assert serious_violations(axe_page) == []


# Keyboard walks: what a reader who moves with Tab and Enter sees. ----------------------------------

DOCUMENT = "zh-hans/hippo-2015/index.html"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}
STOPS = 15

# The keyboard-focusable elements a reader can see, in document order: the order Tab should follow.
FOCUSABLES = """Array.from(document.querySelectorAll(
        'a[href], button, input, select, textarea, summary, iframe, [contenteditable], [tabindex]'))
    .filter((e) => e.tabIndex >= 0 && !e.disabled && !e.closest('[inert]')
        && e.getClientRects().length > 0 && getComputedStyle(e).visibility === 'visible')"""

# The focused element as a reader sees it: its place among FOCUSABLES, its focus style, whether it is
# inside the viewport, and whether it (not the sticky header, a pop-up or a menu) shows at its place.
FOCUSED = (
    """() => {
    const focusables = %s;
    const e = document.activeElement;
    const style = getComputedStyle(e);
    const rects = Array.from(e.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
    const first = rects[0];
    const hit = first ? document.elementFromPoint(first.left + first.width / 2, first.top + first.height / 2) : null;
    const left = Math.max(0, Math.min(...rects.map((r) => r.left)) - 8);
    const top = Math.max(0, Math.min(...rects.map((r) => r.top)) - 8);
    const right = Math.min(innerWidth, Math.max(...rects.map((r) => r.right)) + 8);
    const bottom = Math.min(innerHeight, Math.max(...rects.map((r) => r.bottom)) + 8);
    return {
        index: focusables.indexOf(e),
        label: e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
            + ' "' + e.textContent.trim().slice(0, 20) + '"',
        styled: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
        inside: rects.length > 0 && rects.every((r) =>
            r.left >= -0.5 && r.top >= -0.5 && r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5),
        shown: hit !== null && (hit === e || e.contains(hit)),
        clip: right > left && bottom > top ? {x: left, y: top, width: right - left, height: bottom - top} : null,
        extent: rects.reduce((sum, r) => sum + r.width + r.height, 0),
    };
}"""
    % FOCUSABLES
)

# How many pixels differ (beyond anti-aliasing) between two PNG screenshots of the same size.
CHANGED_PIXELS = """async ([one, two]) => {
    const pixels = async (base64) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], {type: 'image/png'}));
        const context = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d');
        context.drawImage(bitmap, 0, 0);
        return context.getImageData(0, 0, bitmap.width, bitmap.height).data;
    };
    const [a, b] = [await pixels(one), await pixels(two)];
    let changed = 0;
    for (let i = 0; i < a.length; i += 4) {
        if (Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]) > 48) changed++;
    }
    return changed;
}"""

# Takes the focused element's outline and box-shadow away (an inline style: the CSP allows CSSOM), or gives them back.
RING = """(show) => {
    const style = document.activeElement.style;
    for (const property of ['outline', 'box-shadow']) {
        if (show) { style.removeProperty(property); } else { style.setProperty(property, 'none', 'important'); }
    }
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def ring_pixels(page, clip: dict) -> int:
    """The pixels the focus ring changes on screen: the focused element's surroundings with and without it."""
    with_ring = page.screenshot(clip=clip, animations="disabled")
    page.evaluate(RING, False)
    try:
        without = page.screenshot(clip=clip, animations="disabled")
    finally:
        page.evaluate(RING, True)
    shots = [base64.b64encode(shot).decode("ascii") for shot in (with_ring, without)]
    return page.evaluate(CHANGED_PIXELS, shots)


def assert_noticeable(page, stop: dict) -> None:
    """The focused element is inside the viewport, not under anything, and wears a focus ring that shows."""
    label = stop["label"]
    assert stop["index"] >= 0, f"{label} has focus but is not a visible focusable element"
    assert stop["inside"], f"{label} is (partly) outside the viewport while focused"
    assert stop["shown"], f"{label} is covered by something else while focused"
    assert stop["styled"], f"{label} has no focus outline or box-shadow"
    changed = ring_pixels(page, stop["clip"])
    # At least a 1px line along half the element's outline. A ring clipped away by an overflow:hidden
    # parent, or drawn in the colour already under it, changes next to nothing.
    assert changed >= stop["extent"], f"{label}: its focus ring changes only {changed} pixels on screen"


def tab(page) -> dict:
    page.keyboard.press("Tab")
    stop = focused(page)
    assert_noticeable(page, stop)
    return stop


def first_focusable_in_main(page) -> int:
    return page.evaluate(
        """() => %s.findIndex((e) => {
        const main = document.getElementById('main');
        return main.contains(e) || Boolean(main.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING);
    })"""
        % FOCUSABLES
    )


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def sized_page(request, browser):
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    page = context.new_page()
    yield page
    context.close()


def test_first_tab_shows_the_skip_link_inside_the_viewport(sized_page, built_site):
    page = sized_page
    page.goto((built_site / DOCUMENT).as_uri())
    stop = tab(page)
    assert stop["index"] == 0 and stop["label"].startswith("a.skip-link"), stop["label"]


def test_enter_on_the_skip_link_moves_to_the_main_content(sized_page, built_site):
    """On a phone the contents list stands between the header and the text: the skip link jumps past it."""
    page = sized_page
    page.goto((built_site / DOCUMENT).as_uri())
    page.keyboard.press("Tab")
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('a.skip-link')")
    page.keyboard.press("Enter")
    # The fragment navigation reaches Playwright as an event: on a loaded machine it may come after the key.
    page.wait_for_function("() => location.hash === '#main'", timeout=10_000)
    assert page.url.endswith("#main"), f"Enter on the skip link leads to {page.url}"
    assert comes_into_view(page, "main"), "the main content starts on screen, below the sticky header"
    first = first_focusable_in_main(page)
    stop = tab(page)
    assert stop["index"] == first, f"the next Tab goes to the first stop in the main content, not {stop['label']}"
    assert page.evaluate("() => document.getElementById('main').contains(document.activeElement)"), stop["label"]


@pytest.mark.parametrize("skip", [False, True], ids=["from-the-top", "after-the-skip-link"])
def test_tab_follows_the_document_order_and_every_stop_shows_its_focus(page, built_site, skip):
    """From the top: the header, the search box, the script switch, the contents; after the skip link: the text."""
    page.goto((built_site / DOCUMENT).as_uri())
    first = 0
    if skip:
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        first = first_focusable_in_main(page)
    order = [tab(page)["index"] for _ in range(STOPS)]
    assert order == list(range(first, first + STOPS)), "Tab skipped or reordered stops (indexes in document order)"


def test_tabbing_through_glossary_pop_ups_keeps_every_stop_visible_and_in_order(page, built_site):
    """Enter on a term opens its pop-up; Tab goes through the pop-up's link and on to the term after it.
    (Escape and returning focus are tested in test_terms.py.)"""
    page.goto((built_site / DOCUMENT).as_uri())
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    stop = tab(page)
    opened = 0
    for _ in range(4 * STOPS):
        if opened == STOPS:
            break
        if not page.evaluate("() => document.activeElement.matches('a.term, .fnref a[data-footnote]')"):
            stop = tab(page)  # a paragraph number or an external link: on to the next stop
            continue
        following = page.evaluate_handle("(i) => %s[i + 1]" % FOCUSABLES, stop["index"])
        term = stop["label"]
        page.keyboard.press("Enter")
        popup = page.locator("#lectern-popup")
        popup.wait_for(state="visible")
        opened += 1
        assert page.evaluate("() => document.activeElement.getAttribute('aria-expanded')") == "true", term
        box = popup.bounding_box()
        assert box["x"] >= 0 and box["y"] >= 0, f"the pop-up of {term} starts outside the viewport"
        assert box["x"] + box["width"] <= page.viewport_size["width"], term
        assert box["y"] + box["height"] <= page.viewport_size["height"], term
        covers_term = page.evaluate(
            """([top, bottom]) => Array.from(document.activeElement.getClientRects())
            .some((r) => r.bottom > top && r.top < bottom)""",
            [box["y"], box["y"] + box["height"]],
        )
        assert not covers_term, f"the pop-up of {term} covers the term"
        inside = tab(page)
        assert inside["label"].startswith("a.popup-more"), f"Tab from {term} goes to {inside['label']}"
        stop = tab(page)  # the pop-up must not cover it
        assert page.evaluate("(e) => document.activeElement === e", following), (
            f"after the pop-up of {term}, Tab goes to {stop['label']} instead of the stop after the term"
        )
    assert opened == STOPS, f"only {opened} pop-ups opened"


@pytest.mark.parametrize("paragraph", ["p2", "p18", "p30"])
def test_tabbing_out_of_a_citation_menu_leaves_the_next_stops_visible(page, built_site, paragraph):
    """Enter on a paragraph number opens the citation menu over the text; Tab through it and on."""
    page.goto((built_site / DOCUMENT).as_uri() + "#" + paragraph)
    stop = tab(page)
    assert stop["label"].startswith("a.pnum"), f"Tab from #{paragraph} goes to its number, not {stop['label']}"
    page.keyboard.press("Enter")
    assert page.locator("#cite-menu").is_visible()
    stop = focused(page)
    assert stop["label"].startswith("button"), stop["label"]
    assert_noticeable(page, stop)
    for _ in range(3):  # the other two buttons and the paragraph-page link
        stop = tab(page)
        in_menu = page.evaluate("() => document.getElementById('cite-menu').contains(document.activeElement)")
        assert in_menu, stop["label"]
    for _ in range(4):  # out of the menu, into the paragraph the menu was drawn over: it must not cover them
        stop = tab(page)
        in_menu = page.evaluate("() => document.getElementById('cite-menu')?.contains(document.activeElement) ?? false")
        assert not in_menu, f"Tab after the menu's last link stays in the menu: {stop['label']}"
