"""The parallel views of the fixture (its English version, written for the tests, lacks sub-item 2(b)(ii)).

Side by side at 1280 px, interleaved and foldable at 360 px, the view switch keeping the place and
remembered, the notice where the English lacks a unit, links without JavaScript, pop-ups both ways.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ..conftest import FIXTURES, build_into
from .helpers import comes_into_view, in_view

pytestmark = pytest.mark.browser

POPUP = "#lectern-popup"


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    """The fixture site, built without --strict: its English version lacks a sub-item on purpose."""
    return build_into(FIXTURES / "site" / "content", tmp_path_factory.mktemp("parallel") / "site")


def url(site, path: str, fragment: str = "") -> str:
    return (site / path).as_uri() + fragment


PARALLEL = "zh-hans/fixture-2020/en/index.html"
ORIGINAL = "zh-hans/fixture-2020/index.html"

TOPS = """() => [...document.querySelectorAll('.parallel-rows .row')].map((row) => {
    const first = (cell) => [...cell.children].find((child) => child.tagName !== 'SUMMARY');
    return [row.querySelector('.orig').firstElementChild, first(row.querySelector('.version'))]
        .map((element) => element ? Math.round(element.getBoundingClientRect().top) : null);
})"""


def test_side_by_side_rows_start_at_the_same_height(page, fixture_site):
    page.goto(url(fixture_site, PARALLEL))
    tops = page.evaluate(TOPS)
    assert len(tops) >= 12
    for original, english in tops:
        assert abs(original - english) <= 3, tops
    columns = page.evaluate(
        "() => [document.querySelector('#p1').getBoundingClientRect().left,"
        " document.querySelector('#en-p1').getBoundingClientRect().left]"
    )
    assert columns[1] > columns[0] + 300, "two columns side by side"


def test_a_unit_missing_in_english_shows_the_notice_in_its_row(page, fixture_site):
    page.goto(url(fixture_site, PARALLEL, "#p2-b-2"))
    row = page.locator(".row", has=page.locator("#p2-b-2"))
    notice = row.locator(".version .missing")
    assert notice.is_visible()
    assert "Not available in English" in notice.inner_text() and "无英文" in notice.inner_text()
    assert row.locator(".version").inner_text().count("Review mandates") == 0, "never a shifted text"


def test_switching_views_keeps_the_paragraph_in_view_and_is_remembered(browser, fixture_site):
    context = browser.new_context(viewport={"width": 1280, "height": 420})
    page = context.new_page()
    page.goto(url(fixture_site, ORIGINAL, "#p3"))
    assert comes_into_view(page, "p3")
    page.locator('.quick-nav [data-view-switch="en"]').click()
    page.wait_for_url("**/fixture-2020/en/index.html#p3")
    assert comes_into_view(page, "p3") and in_view(page, "en-p3")
    page.locator('.quick-nav [data-view-switch="original"]').click()
    page.wait_for_url("**/fixture-2020/index.html#p3")
    assert comes_into_view(page, "p3")
    page.locator('.quick-nav [data-view-switch="en"]').click()
    page.wait_for_url("**/en/index.html#p3")
    page.goto(url(fixture_site, "zh-hant/fixture-2020/index.html", "#p2"))  # the choice is remembered
    page.wait_for_url("**/zh-hant/fixture-2020/en/index.html#p2")
    assert comes_into_view(page, "p2")
    context.close()


def test_on_a_phone_the_english_follows_each_paragraph_and_folds(browser, fixture_site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(url(fixture_site, PARALLEL, "#p1"))
    original, english = page.locator("#p1").bounding_box(), page.locator("#en-p1").bounding_box()
    assert english["y"] >= original["y"] + original["height"], "the English under the Chinese"
    assert english["x"] + english["width"] <= 360
    page.locator(".row", has=page.locator("#p1")).locator(".version > summary").tap()
    assert page.locator("#en-p1").is_hidden()
    page.locator(".versions-toggle").tap()  # all folded
    assert page.locator("#en-p2").is_hidden()
    page.locator(".versions-toggle").tap()  # all shown again
    assert page.locator("#en-p1").is_visible() and page.locator("#en-p2").is_visible()
    context.close()


def test_without_javascript_the_view_links_and_anchors_work(browser, fixture_site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 420})
    page = context.new_page()
    page.goto(url(fixture_site, ORIGINAL))
    page.locator('.view-switch a[data-view-switch="en"]').click()
    page.wait_for_url("**/fixture-2020/en/index.html")
    assert page.locator("#en-p1").is_visible()
    page.locator("a.term", has_text="Security Council").first.click()  # a plain link to the glossary entry
    page.wait_for_url("**/zh-hans/glossary/index.html#anquan-lishi-hui")
    page.goto(url(fixture_site, PARALLEL, "#p3"))
    assert in_view(page, "p3")
    page.goto(url(fixture_site, "zh-hans/fixture-2020/en/p/3/index.html"))
    page.locator("a.read-in-context").click()
    page.wait_for_url("**/zh-hans/fixture-2020/en/index.html#p3")
    context.close()


def test_an_english_term_pop_up_shows_the_chinese_term(page, fixture_site):
    page.goto(url(fixture_site, PARALLEL, "#p2-b"))
    term = page.locator("#en-p2-b a.term", has_text="Security Council")
    term.click()
    popup = page.locator(POPUP)
    popup.wait_for(state="visible")
    text = popup.inner_text()
    assert "安全理事会" in text and "primary responsibility" in text
    page.keyboard.press("Escape")
    page.locator("#p2-b a.term", has_text="安全理事会").click()  # and from the Chinese to the English
    popup.wait_for(state="visible")
    assert "Security Council" in popup.inner_text()


def test_an_english_footnote_mark_opens_the_english_note(page, fixture_site):
    page.goto(url(fixture_site, PARALLEL, "#p1"))
    page.locator("#en-p1 .fnref a").click()
    popup = page.locator(POPUP)
    popup.wait_for(state="visible")
    assert "United Nations Secretariat" in popup.inner_text()


def test_the_citation_menu_cites_the_english_number_and_the_english_paragraph_page(page, fixture_site):
    page.goto(url(fixture_site, PARALLEL, "#p2-b-1"))
    page.locator("#en-p2-b-1 a.inum").click()
    menu = page.locator("#cite-menu")
    menu.wait_for(state="visible")
    assert "A/75/999，第2(b)(一)段" in menu.inner_text()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    status = page.locator(".cite-status")
    menu.get_by_role("button", name="Copy citation (English)").click()
    expect(status).to_have_text(re.compile(r"A/75/999, para\. 2\(b\)\(i\)$"))  # the copy is asynchronous
    menu.get_by_role("button", name="复制段落页链接 · English").click()
    expect(status).to_have_text(re.compile(r"zh-hans/fixture-2020/en/p/2/index\.html$"))


@pytest.mark.parametrize("width", [1280, 360])
def test_the_parallel_page_has_no_serious_accessibility_violations(browser, fixture_site, width):
    from .test_accessibility import serious_violations

    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(url(fixture_site, "zh-hant/fixture-2020/en/index.html"))
    assert serious_violations(page) == []
    context.close()


def test_the_contents_button_opens_the_contents_of_the_parallel_page(browser, fixture_site):
    context = browser.new_context(viewport={"width": 1280, "height": 420})
    page = context.new_page()
    page.goto(url(fixture_site, PARALLEL, "#p3"))
    button = page.locator(".quick-nav .to-contents")
    button.wait_for(state="visible")
    button.click()
    assert page.locator("#toc").get_attribute("open") is not None
    assert page.locator('#toc a[href="#s1-a"]').is_visible()
    context.close()


@pytest.mark.parametrize(
    ("path", "block", "english", "pages"),
    [
        # the original alone: the English citation has the English number, 2(b)(i), not 2(b)(一)
        (
            "zh-hant/fixture-2020/index.html",
            "p2-b-1",
            "A/75/999, para. 2(b)(i)",
            ["Copy paragraph-page link", "English"],
        ),
        # a sub-item the English lacks: no English paragraph page or version citation is offered for it
        ("zh-hant/fixture-2020/index.html", "p2-b-2", "A/75/999, para. 2(b)(ii)", ["Copy paragraph-page link"]),
        (PARALLEL, "p2-b-2", "A/75/999, para. 2(b)(ii)", ["Copy paragraph-page link"]),
    ],
)
def test_the_citation_menu_offers_a_version_only_where_it_has_the_block_with_its_own_number(
    page, fixture_site, path, block, english, pages
):
    page.goto(url(fixture_site, path, f"#{block}"))
    page.locator(f"#{block} a.inum").click()
    menu = page.locator("#cite-menu")
    menu.wait_for(state="visible")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    menu.get_by_role("button", name="Copy citation (English)").click()
    expect(page.locator(".cite-status")).to_have_text(re.compile(re.escape(english) + "$"))
    buttons = menu.get_by_role("button").all_inner_texts()
    assert [text.split(" · ")[-1] for text in buttons if "段落" in text] == pages, buttons


def test_a_shared_link_to_a_paragraph_only_one_version_has_lands_and_switching_views_keeps_a_real_place(
    browser, tmp_path
):
    """`…/en/index.html#p4` for a paragraph only the English has lands on its row (the notice holds
    the id); switching to the original from there goes to a block the original has, not to #p4."""
    import shutil

    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "site" / "content", content)
    english = content / "fixture-2020.en.md"
    text = english.read_text(encoding="utf-8")
    english.write_text(
        text.replace("[^1]: Information", "4\\. Only in English.\n\n[^1]: Information"), encoding="utf-8"
    )
    site = build_into(content, tmp_path / "site")
    context = browser.new_context(viewport={"width": 1280, "height": 420})
    page = context.new_page()
    page.goto(url(site, PARALLEL, "#p4"))
    assert comes_into_view(page, "p4") and in_view(page, "en-p4")
    page.locator('.quick-nav [data-view-switch="original"]').click()
    page.wait_for_url("**/fixture-2020/index.html#*")
    fragment = page.evaluate("() => decodeURIComponent(location.hash.slice(1))")
    assert fragment != "p4" and page.locator(f"[id='{fragment}']").count() == 1, fragment
    context.close()
