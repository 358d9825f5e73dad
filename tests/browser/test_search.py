"""Search in a real chromium from file://: the JS agrees with Python, results open the paragraph, nothing leaves the disk."""

from __future__ import annotations

import shutil
from urllib.parse import quote

import pytest

from lectern.search_engine import SiteSearch
from lectern.tokenize import normalize, query_terms, tokenize

from ..conftest import FIXTURES, build_into
from ..safety import plant_code
from ..test_search import LIBRARY_QUERIES, QUERIES, TRADITIONAL_QUERIES, build_library
from ..test_tokenize import tricky_strings
from .helpers import in_view

pytestmark = pytest.mark.browser

RUN = """(queries) => Promise.all(queries.map(q => new Promise(resolve => {
    LecternSearch.engine().run(q, run => { if (run.done) {
        resolve([run.jumps, run.hits.map(h => h.row), run.card, run.incomplete]); } });
})))"""


def open_with_search(page, site, path: str, requests: list | None = None):
    if requests is not None:
        page.on("request", lambda request: requests.append(request.url))
    page.goto((site / path).as_uri())
    page.locator("input[type=search]").first.focus()
    page.wait_for_function("() => window.LecternSearch.engine()")


def type_query(page, text: str) -> None:
    """Types into the focused search box and waits until the results of that query are complete."""
    page.keyboard.type(text)
    page.wait_for_function(
        "(q) => { const o = LecternSearch.boxes[0].outcome; return o && o.done && o.query === q; }", arg=text
    )


def test_javascript_tokeniser_agrees_with_python_on_tricky_strings(page, built_site):
    open_with_search(page, built_site, "zh-hans/index.html")
    strings = tricky_strings()
    produced = page.evaluate(
        """(strings) => {
            const tk = LecternSearch.engine().tokenizer;
            return strings.map(s => {
                const n = tk.normalize(s);
                return [n, tk.tokenize(n), tk.splitWords(s).map(w => tk.queryTerms(w)), tk.paragraphReference(s)];
            });
        }""",
        strings,
    )
    from lectern.tokenize import paragraph_reference, split_words

    expected = [
        [normalize(s)[0], tokenize(normalize(s)[0]), [query_terms(w) for w in split_words(s)], paragraph_reference(s)]
        for s in strings
    ]
    for text, got, want in zip(strings, produced, expected):
        assert got == want, text


def compare_with_python(page, site, edition: str, queries: list[str]) -> None:
    produced = page.evaluate(RUN, queries)
    for query, (jumps, rows, card, incomplete) in zip(queries, produced):
        python = SiteSearch(site / "search" / edition)
        results = python.search(query)
        assert not incomplete, query
        assert jumps == results.jumps, query
        assert set(rows) == {hit.block for hit in results.hits} == python.scan(query), query
        assert rows[:3] == [hit.block for hit in results.hits][:3], query
        assert card == results.card, query


@pytest.mark.parametrize("edition", ["zh-hans", "zh-hant"])
def test_browser_results_equal_python_results_and_a_scan(page, built_site, edition):
    open_with_search(page, built_site, f"{edition}/index.html")
    compare_with_python(page, built_site, edition, QUERIES + TRADITIONAL_QUERIES + ["peacekeeping", "105", "105(c)"])


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    return build_library(tmp_path_factory.mktemp("library"))


@pytest.mark.parametrize("edition", ["zh-hans", "zh-hant"])
def test_sharded_results_on_a_library_of_several_documents_equal_a_scan(page, library, edition):
    """Several documents, volumes, index pieces and text fragments (built small), from file://."""
    requests: list[str] = []
    open_with_search(page, library, f"{edition}/fixture-3/index.html", requests)
    compare_with_python(page, library, edition, LIBRARY_QUERIES + ["測試", "穩定團"])
    assert all(url.startswith("file://") for url in requests)
    assert any("/index/" in url for url in requests) and any("/text/" in url for url in requests)


def test_results_arrive_in_steps_and_the_count_says_so_until_it_is_final(page, library):
    open_with_search(page, library, "zh-hans/index.html")
    statuses = page.evaluate("""() => new Promise(resolve => {
        const seen = [];
        LecternSearch.engine().run("马里", run => {
            seen.push([run.done, run.hits.length]);
            if (run.done) { resolve(seen); }
        });
    })""")
    assert len(statuses) >= 3 and [done for done, _ in statuses] == [False] * (len(statuses) - 1) + [True]
    counts = [count for _, count in statuses]
    assert counts == sorted(counts) and counts[0] < counts[-1]
    page.keyboard.type("马里")
    status = page.locator(".search-panel .search-status")
    page.wait_for_function("() => LecternSearch.boxes[0].outcome && LecternSearch.boxes[0].outcome.done")
    assert status.inner_text().startswith(f"共 {counts[-1]} 处结果")
    assert page.evaluate("() => LecternSearch.boxes[0].outcome.hits.length") == counts[-1]


def test_typing_a_phrase_shows_grouped_results_and_enter_opens_the_paragraph(page, built_site):
    requests: list[str] = []
    open_with_search(page, built_site, "zh-hans/c34-2014/index.html", requests)
    type_query(page, "联刚稳定团")
    status = page.locator(".search-panel .search-status")
    assert status.inner_text().startswith("共 ")
    options = page.locator(".search-panel [role=option]")
    assert options.count() >= 2
    assert page.locator(".search-panel mark").first.inner_text() == "联刚稳定团"
    assert page.locator(".search-panel .search-group-title").count() >= 1
    hrefs = options.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    target = next(i for i, href in enumerate(hrefs) if "#" in href)  # the glossary entry may come first
    for _ in range(target + 1):
        page.keyboard.press("ArrowDown")
    assert options.nth(target).get_attribute("aria-selected") == "true"
    assert page.locator("input[type=search]").get_attribute("aria-activedescendant") == options.nth(
        target
    ).get_attribute("id")
    anchor = hrefs[target].split("#")[1]
    page.keyboard.press("Enter")
    page.wait_for_function("(id) => window.location.hash === '#' + id", arg=anchor)
    page.wait_for_timeout(100)
    assert in_view(page, anchor)
    assert "联刚稳定团" in page.locator(f"#{anchor}").inner_text()
    assert all(url.startswith("file://") for url in requests), [
        url for url in requests if not url.startswith("file://")
    ]


def test_paragraph_reference_jumps_first(page, built_site):
    open_with_search(page, built_site, "zh-hans/index.html")
    type_query(page, "第105段")
    first = page.locator(".search-panel [role=option]").first
    assert first.get_attribute("href").endswith("zh-hans/hippo-2015/index.html#p105")
    first.click()
    page.wait_for_load_state("load")
    assert in_view(page, "p105")


def anchors_for(page, built_site, edition: str, query: str) -> list[str]:
    page.goto((built_site / edition / "search" / "index.html").as_uri() + "?q=" + query)
    page.wait_for_function(
        "() => window.LecternSearch.engine() && LecternSearch.boxes[0].outcome && LecternSearch.boxes[0].outcome.done"
    )
    while page.locator(".search-results .search-more").count():
        page.locator(".search-results .search-more").first.click()
    return sorted(
        href.split("/")[-2] + href.split("index.html")[-1]
        for href in page.locator(".search-results [role=option]").evaluate_all("els => els.map(e => e.href)")
    )


def test_traditional_query_on_the_traditional_page_gives_the_paragraphs_of_the_simplified_query(page, built_site):
    simplified = anchors_for(page, built_site, "zh-hans", "保护平民")
    traditional = anchors_for(page, built_site, "zh-hant", "保護平民")
    assert len(simplified) > 40
    assert traditional == simplified
    assert page.locator(".search-results mark").first.inner_text() == "保護平民"  # shown in the reader's script
    assert "q=%E4%BF%9D%E8%AD%B7" in page.url


def test_english_glossary_term_finds_the_glossary_entry(page, built_site):
    open_with_search(page, built_site, "zh-hans/index.html")
    type_query(page, "peacekeeping")
    hrefs = page.locator(".search-panel [role=option]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    entry = "../zh-hans/glossary/weichi-heping-xingdong/index.html"  # 维持和平行动, peacekeeping operations
    assert entry in hrefs[:3] and all("/glossary/" in href for href in hrefs[:3])
    assert (built_site / "zh-hans" / entry).resolve().exists()


def test_index_loads_on_first_focus_only_and_keyboard_works(page, built_site):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((built_site / "zh-hans" / "hippo-2015" / "index.html").as_uri())
    page.wait_for_timeout(200)
    assert not any("/search/" in url or "lunr" in url for url in requests)
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement.type") == "search"
    page.wait_for_function("() => window.LecternSearch.engine()")
    assert any(url.endswith("/search/zh-hans/manifest.js") for url in requests)
    type_query(page, "快速部署")
    assert page.locator(".search-panel").is_visible()
    page.keyboard.press("Escape")
    assert page.locator("input[type=search]").input_value() == ""
    assert not page.locator(".search-panel").is_visible()
    assert all(url.startswith("file://") for url in requests)


def test_without_javascript_the_form_opens_the_search_page(browser, built_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((built_site / "zh-hant" / "c34-2014" / "index.html").as_uri())
    page.fill("input[type=search]", "保護平民")
    page.press("input[type=search]", "Enter")
    page.wait_for_load_state("load")
    assert "/zh-hant/search/index.html?q=" in page.url
    assert "JavaScript" in page.locator("main").inner_text()
    context.close()


@pytest.fixture(scope="module")
def planted_site(tmp_path_factory):
    """The fixture site with scripts and attribute-breaking quotes planted in its content."""
    content = tmp_path_factory.mktemp("planted") / "content"
    shutil.copytree(FIXTURES / "site" / "content", content)
    plant_code(content)
    return build_into(content, content.parent / "site")


@pytest.fixture
def page_without_csp(browser):
    # Without the pages' CSP, anything inserted as markup would run: the test sees the escaping alone.
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


def test_planted_markup_in_results_and_in_the_echoed_query_stays_text(page_without_csp, planted_site):
    page = page_without_csp
    search_page = (planted_site / "zh-hans" / "search" / "index.html").as_uri()
    query = '"><img src=x onerror="window.pwned=1">'
    page.goto(search_page + "?q=" + quote(query))
    page.wait_for_function("() => document.querySelector('[data-search-status]').textContent.includes('没有找到')")
    assert page.locator("[data-search-status]").inner_text().startswith("没有找到“" + query + "”")
    assert page.locator("input[type=search]").first.input_value() == query

    page.goto(search_page + "?q=" + quote("alert('md')"))
    page.wait_for_function("() => document.querySelectorAll('.search-results [role=option]').length > 0")
    snippet = page.locator(".search-results [role=option]").first.inner_text()
    assert "<script>alert('md')</script>" in snippet
    assert page.locator("main img, main script, .search-results a[href^=javascript]").count() == 0
    assert page.evaluate("() => window.pwned") is None


def test_the_keyboard_reaches_show_more_and_enter_shows_the_next_results(page, built_site):
    open_with_search(page, built_site, "zh-hans/hippo-2015/index.html")
    type_query(page, "安全理事会")
    results = page.locator(".search-panel [role=option]:not(.search-more)")
    shown = results.count()
    options = page.locator(".search-panel [role=option]")
    position = options.evaluate_all("(els) => els.findIndex((e) => e.classList.contains('search-more'))")
    assert position > 0
    hidden = int(options.nth(position).inner_text().split("(")[1].rstrip(")"))
    for _ in range(position + 1):
        page.keyboard.press("ArrowDown")
    assert page.locator("input[type=search]").get_attribute("aria-activedescendant") == options.nth(
        position
    ).get_attribute("id")
    page.keyboard.press("Enter")
    assert page.locator(".search-panel").is_visible()
    assert results.count() == shown + min(20, hidden)
    # The first of the new results takes the place, and the selection, of "show more".
    assert "search-more" not in options.nth(position).get_attribute("class")
    assert options.nth(position).get_attribute("aria-selected") == "true"


# --- ranking (issue 13) -----------------------------------------------------------------------------


def group_kinds(page) -> list[str]:
    return page.locator(".search-panel .search-group").evaluate_all(
        "els => els.map(e => e.classList.contains('search-card') ? 'card'"
        " : e.querySelector('a[href*=\"/glossary/\"]') ? 'glossary' : 'document')"
    )


def test_the_exact_term_leads_as_one_card_then_paragraphs_then_other_entries(page, built_site):
    open_with_search(page, built_site, "zh-hans/index.html")
    type_query(page, "维持和平行动")
    kinds = group_kinds(page)
    assert kinds[0] == "card" and kinds[1] == "document" and kinds[-1] == "glossary" and kinds.count("card") == 1
    card = page.locator(".search-panel .search-card [role=option]")
    assert card.count() == 1 and card.get_attribute("href").endswith("/glossary/weichi-heping-xingdong/index.html")
    snippet = card.locator(".search-snippet").inner_text()
    assert " | " not in snippet and snippet.startswith(card.locator(".search-snippet").inner_text()[:5])
    page.locator("input[type=search]").fill("")
    type_query(page, "平民")  # not a term: paragraphs first, entries last
    kinds = group_kinds(page)
    assert kinds[0] == "document" and "card" not in kinds and kinds[-1] == "glossary"


def test_glossary_snippets_read_as_text(page, built_site):
    open_with_search(page, built_site, "zh-hans/index.html")
    type_query(page, "保护")
    snippets = page.locator(".search-panel a[href*='/glossary/'] .search-snippet").all_inner_texts()
    assert snippets and not any(" | " in text for text in snippets)


def test_english_matches_whole_words_and_says_the_documents_are_chinese(page, library, built_site):
    open_with_search(page, library, "zh-hans/index.html")
    type_query(page, "SEA")
    hrefs = page.locator(".search-panel [role=option]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs and all("/fixture-3/" in href for href in hrefs)  # not "research" or "ASEAN" in fixture-2
    page.locator("input[type=search]").fill("")
    type_query(page, "peace")  # the library has an English version (fixture-2020.en.md): no such note
    assert "英文只能找到术语表" not in page.locator(".search-panel .search-status").inner_text()
    open_with_search(page, built_site, "zh-hans/index.html")  # the bundled documents have none
    type_query(page, "peace")
    assert "英文只能找到术语表" in page.locator(".search-panel .search-status").inner_text()


@pytest.mark.parametrize("query, anchor", [("105(c)", "p105-c"), ("105", "p105"), ("第105段", "p105")])
def test_enter_on_a_paragraph_citation_jumps_to_it_in_this_document(page, built_site, query, anchor):
    open_with_search(page, built_site, "zh-hans/hippo-2015/index.html")
    url = page.url
    type_query(page, query)
    page.keyboard.press("Enter")
    page.wait_for_function("(id) => window.location.hash === '#' + id", arg=anchor)
    assert page.url == url + "#" + anchor  # the document, not the search page
    page.wait_for_timeout(100)
    assert in_view(page, anchor)
