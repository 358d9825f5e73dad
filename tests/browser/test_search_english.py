"""Search of a language version in chromium, on the fixture site and its English version (fixture-2020.en.md):
English is stemmed as lunr.js stems it, the hit says "English" and opens the parallel page at the paragraph."""

from __future__ import annotations

import re

import pytest

from lectern import search_lang, urls
from lectern.model import Edition
from lectern.tokenize import normalize

from ..conftest import FIXTURES, ROOT, build_into
from .helpers import comes_into_view
from .test_search import compare_with_python, open_with_search, type_query

pytestmark = pytest.mark.browser

ENGLISH_QUERIES = [
    "recommendations",  # the Panel recommends
    "Protected",  # protect, protection
    "civilian",
    "the",  # a stop word alone: no English text, the glossary as before
    "the council",
    '"protection of civilians"',
    '"civilians of protection"',
    "“Security Council should”",
    "Secretary-General",
    "general",
    "S/2015/229",
    "2015/229",
    "1325",
    "保护平民 civilians",
    "MINUSMA mali",
    "stabilizing",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The fixture site: fixture-2020 with its English version (a working text written for the tests)."""
    assert (FIXTURES / "site" / "content" / "fixture-2020.en.md").exists()
    return build_into(FIXTURES / "site" / "content", tmp_path_factory.mktemp("english") / "site")


@pytest.mark.parametrize("edition", ["zh-hans", "zh-hant"])
def test_english_queries_give_what_python_gives_in_both_editions(page, site, edition):
    open_with_search(page, site, f"{edition}/index.html")
    compare_with_python(page, site, edition, ENGLISH_QUERIES)


def test_lunr_js_stems_and_drops_stop_words_as_lunr_py_does(page, site):
    """The English words of the README (a few thousand forms) and some that are not English."""
    words = sorted(set(re.findall(r"[A-Za-z][A-Za-z'-]*", (ROOT / "README.md").read_text(encoding="utf-8"))))
    texts = [normalize(" ".join(words[i : i + 50]))[0] for i in range(0, len(words), 50)]
    texts += [
        normalize(text)[0] for text in ["opérations Café naïve", "Миссии операций", "Secretary-General's A/70/95"]
    ]
    open_with_search(page, site, "zh-hans/index.html")
    produced = page.evaluate(
        """(texts) => {
            const engine = LecternSearch.engine(), english = engine.languages.get("en");
            return texts.map(text => english.terms(engine.tokenizer, text, false));
        }""",
        texts,
    )
    assert len(words) > 1000
    for text, terms in zip(texts, produced):
        assert terms == search_lang.text_terms(text, "en"), text


@pytest.mark.parametrize("edition", [Edition.HANS, Edition.HANT])
def test_an_inflected_english_word_finds_the_paragraph_labelled_english_and_opens_the_parallel_view(
    page, site, edition
):
    open_with_search(page, site, f"{edition.segment}/fixture-2020/index.html")
    type_query(page, "recommendations")  # the English text has "recommends"
    options = page.locator(".search-panel [role=option]")
    hrefs = options.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    target = next(i for i, href in enumerate(hrefs) if href.endswith("#p2"))
    option = options.nth(target)
    parallel = str(urls.parallel(edition, "fixture-2020", "en"))
    assert hrefs[target] == urls.relative(urls.document(edition, "fixture-2020"), parallel, "p2")
    label = option.locator(".search-lang")
    assert label.inner_text() == "English" and label.get_attribute("lang") == "en"
    assert option.locator(".search-snippet").get_attribute("lang") == "en"
    assert option.locator("mark").all_inner_texts() == ["recommends"]  # the stemmed match, highlighted
    group = option.locator("xpath=ancestor::div[contains(@class, 'search-group')]")
    assert group.locator(".search-group-title").inner_text().startswith("Test document: peace operations in Mali")
    for _ in range(target + 1):
        page.keyboard.press("ArrowDown")
    assert option.get_attribute("aria-selected") == "true"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(parallel) + "#p2$"))
    assert comes_into_view(page, "p2")
    assert comes_into_view(page, "en-p2")  # the English paragraph beside (or under) it
    assert "recommends" in page.locator("#en-p2").inner_text()


def test_a_chinese_query_shows_no_english_hits(page, site):
    open_with_search(page, site, "zh-hans/index.html")
    type_query(page, "保护平民")
    assert page.locator(".search-panel [role=option]").count() >= 2
    assert page.locator(".search-panel .search-lang").count() == 0
    assert not any(
        "/en/" in href
        for href in page.locator(".search-panel [role=option]").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        )
    )


def test_a_quoted_phrase_highlights_the_phrase_on_the_search_page(page, site):
    page.goto((site / "zh-hans" / "search" / "index.html").as_uri() + "?q=%22protection%20of%20civilians%22")
    page.wait_for_function("() => LecternSearch.boxes[0].outcome && LecternSearch.boxes[0].outcome.done")
    english = page.locator(".search-results [role=option]").filter(has=page.locator(".search-lang"))
    assert english.count() == 2  # the heading "Protection of civilians" and paragraph 3, not 2(b) "protect civilians"
    assert {text.lower() for text in english.locator("mark").all_inner_texts()} == {"protection of civilians"}


def test_a_hit_in_an_english_note_opens_the_english_note_and_is_labelled_as_a_note(page, site):
    open_with_search(page, site, "zh-hans/fixture-2020/index.html")
    type_query(page, "Secretariat")  # only in the English note 1
    option = page.locator(".search-panel [role=option]").filter(has=page.locator(".search-lang"))
    assert option.count() == 1
    assert option.get_attribute("href").endswith("en/index.html#en-fn1")
    assert option.locator(".search-num").inner_text() == "脚注 1"
