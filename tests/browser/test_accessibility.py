"""axe-core in real chromium on every kind of page, and a keyboard walk through a document page."""

from __future__ import annotations

from pathlib import Path

import pytest

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
    axe_page.goto((built_site / "zh-hans" / "hippo-2015" / "index.html").as_uri() + "#p105")
    axe_page.locator("#p105 a.term").first.click()
    axe_page.locator("#lectern-popup").wait_for(state="visible")
    assert serious_violations(axe_page) == []


def test_open_citation_menu_has_no_serious_violations(axe_page, built_site):
    axe_page.goto((built_site / "zh-hans" / "hippo-2015" / "index.html").as_uri() + "#p105")
    axe_page.click("#p105 a.pnum")
    assert serious_violations(axe_page) == []


def test_search_results_have_no_serious_violations(axe_page, built_site):
    axe_page.goto((built_site / "zh-hans" / "hippo-2015" / "index.html").as_uri())
    axe_page.locator("input[type=search]").first.focus()
    axe_page.wait_for_function("() => window.LecternSearch.engine()")
    axe_page.keyboard.type("保护平民")
    axe_page.keyboard.press("ArrowDown")  # a selected option, as a keyboard user sees it
    assert axe_page.locator(".search-panel [role=option][aria-selected=true]").count() == 1
    assert serious_violations(axe_page) == []


def test_search_page_with_results_has_no_serious_violations(axe_page, built_site):
    axe_page.goto((built_site / "zh-hant" / "search" / "index.html").as_uri() + "?q=安全理事會")
    axe_page.wait_for_function("() => document.querySelectorAll('.search-results [role=option]').length > 5")
    assert serious_violations(axe_page) == []


def test_keyboard_walk_starts_with_the_skip_link_and_focus_is_visible(page, built_site):
    page.goto((built_site / "zh-hans" / "hippo-2015" / "index.html").as_uri())
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.className")
    assert first == "skip-link"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0, "the skip link shows when focused"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    order = []
    for _ in range(12):
        page.keyboard.press("Tab")
        order.append(page.evaluate("(() => { const e = document.activeElement; "
                                   "return e.closest('header') ? 'header' : e.closest('nav.toc') ? 'toc' : "
                                   "e.closest('.doc-body') ? 'body' : e.tagName; })()"))
    assert order[0] in ("body", "toc") or "body" in order, order
    assert "header" not in order[:3], "after the skip link, focus continues in the main content"
