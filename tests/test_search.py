"""Search results equal a plain substring scan; one index serves both editions; glossary entries are found.

The queries run through lectern.search_engine, the same candidate-then-verify steps as
assets/search.js (tests/browser/test_search.py checks that both give the same results).
"""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from lectern.model import Block, Document, DocumentMeta, Edition, Term
from lectern.search import build_payloads, build_search_files, decode_index_file, encode_index_file
from lectern.search_engine import SearchIndex
from lectern.tokenize import normalize, split_words, tokenize

# Simplified queries; each is also run in Traditional (OpenCC) on the Traditional edition.
QUERIES = [
    "保护平民", "快速部署", "维持和平", "联刚稳定团", "马里稳定团", "联黎部队", "开发署", "安全理事会",
    "第1325(2000)号决议", "第 2098(2013)号决议", "1325", "2098(2013)", "A/55/305", "67/301", "2013年3月",
    "70年", "12 个月", "和", "政", "区域组织 伙伴关系", "性剥削 性虐待", "妇女 和平 安全", "人权先行",
    "“联合国和平行动”", "Nyakhat", "nyakhat pal", "uu.se", "www", "（签名）", "、", "特派团团长",
    "不存在的短语", "复员", "着手", "显著",
]
TRADITIONAL_QUERIES = ["保護平民", "維持和平", "聯剛穩定團", "安全理事會", "婦女 和平 安全", "復員", "顯著"]


@pytest.fixture(scope="session")
def indexes(built_site):
    hans = SearchIndex(decode_index_file((built_site / "search" / "zh-hans.js").read_bytes()))
    hant = SearchIndex(decode_index_file((built_site / "search" / "zh-hant.js").read_bytes()), index=hans.index)
    return {Edition.HANS: hans, Edition.HANT: hant}


@pytest.fixture(scope="session")
def to_traditional():
    from lectern.config import Config
    from lectern.convert import Converter, read_overrides
    from lectern.errors import Problems

    return Converter(read_overrides(Config().overrides, Problems())).convert  # as the build converts


_NORMALIZED: dict[str, str] = {}


def raw_scan(index: SearchIndex, query: str) -> set[int]:
    """The plainest truth: rows whose text, normalised (width, case, spaces by Chinese), contains every word."""
    words = split_words(query)
    texts = [_NORMALIZED.get(data[5]) or _NORMALIZED.setdefault(data[5], normalize(data[5])[0]) for data in index.rows]
    return {row for row, text in enumerate(texts) if all(word in text for word in words)}


def found(index: SearchIndex, query: str) -> set[int]:
    return {hit.block for hit in index.search(query).hits}


@pytest.mark.parametrize("query", QUERIES)
def test_simplified_query_finds_exactly_the_rows_a_substring_scan_finds(indexes, query):
    index = indexes[Edition.HANS]
    assert found(index, query) == raw_scan(index, query) == index.scan(query)


@pytest.mark.parametrize("query", QUERIES)
def test_traditional_query_on_the_traditional_edition_equals_its_substring_scan_and_the_simplified_results(
        indexes, to_traditional, query):
    index = indexes[Edition.HANT]
    traditional = to_traditional(query)
    assert found(index, traditional) == raw_scan(index, traditional)
    assert found(index, traditional) == found(indexes[Edition.HANS], query)


@pytest.mark.parametrize("query", TRADITIONAL_QUERIES)
def test_traditional_query_on_the_simplified_edition_finds_the_simplified_phrase(indexes, to_traditional, query):
    hans = indexes[Edition.HANS]
    simplified = {"保護平民": "保护平民", "維持和平": "维持和平", "聯剛穩定團": "联刚稳定团", "安全理事會": "安全理事会",
                  "婦女 和平 安全": "妇女 和平 安全", "復員": "复员", "顯著": "显著"}[query]
    assert found(hans, query) == raw_scan(hans, simplified)


def test_the_query_list_is_not_trivial(indexes):
    counts = [len(found(indexes[Edition.HANS], query)) for query in QUERIES]
    assert sum(1 for count in counts if count) >= 30
    assert found(indexes[Edition.HANS], "不存在的短语") == set()


def test_results_are_ranked_and_carry_what_a_result_line_needs(indexes):
    index = indexes[Edition.HANS]
    hits = index.search("保护平民").hits
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    rows = {index.rows[hit.block][2] for hit in hits}
    assert {"p105", "p38-b"} <= rows
    doc, kind, anchor, number, parent, text = index.rows[next(i for i, r in enumerate(index.rows) if r[2] == "p105-c")][:6]
    assert (kind, number) == ("i", "105(c)")
    assert index.rows[parent][1] == "h"  # heading path: the chain of headings above it


@pytest.mark.parametrize("query, anchor", [("105", "p105"), ("第105段", "p105"), ("105(c)", "p105-c"),
                                           ("81(c)(二)", "p81-c-2")])
def test_paragraph_references_offer_a_jump(indexes, query, anchor):
    index = indexes[Edition.HANS]
    jumps = [index.rows[row] for row in index.search(query).jumps]
    assert [row[2] for row in jumps if index.payload["docs"][row[0]][0] == "hippo-2015"] == [anchor]


def test_both_editions_fold_to_one_index(indexes):
    hans, hant = indexes[Edition.HANS], indexes[Edition.HANT]
    documents = [row for row, data in enumerate(hans.rows) if data[1] != "g"]
    assert [hans.folded[row] for row in documents] == [hant.folded[row] for row in documents]
    assert hans.rows[10][5] != hant.rows[10][5] or hans.rows[11][5] != hant.rows[11][5]


def test_index_files_are_byte_identical_for_the_same_input():
    """(test_golden also rebuilds the bundled site and compares every file, index files included.)"""
    editions = {Edition.HANS: [tiny_document("保护平民、并且")], Edition.HANT: [tiny_document("保護平民、並且")]}
    first, second = build_search_files(editions, TERMS), build_search_files(editions, TERMS)
    assert [file.content for file in first] == [file.content for file in second]


def test_every_page_has_the_search_form_and_each_edition_a_search_page(built_site):
    for page in ("index.html", "zh-hant/c34-2014/index.html", "zh-hans/search/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        assert '<form class="search" role="search"' in html and '<input class="search-input" type="search" name="q"' in html
        assert "assets/search.js" in html and "search/zh-" not in html.split("<body>")[0]  # index loads lazily
    assert "JavaScript" in (built_site / "zh-hant" / "search" / "index.html").read_text(encoding="utf-8")


# --- glossary entries, with a hand-made term list --------------------------------------------------

def tiny_document(text: str) -> Document:
    meta = DocumentMeta(slug="tiny", title_zh="小文件", title_en="Tiny", short_title_zh="小文件", short_title_en="Tiny",
                        symbol=None, date="2020", body="", body_en="", session="", session_en="", agenda="",
                        source="tiny.txt")
    return Document(meta=meta, path="tiny.md", tokens=[], blocks=[Block("p1", "1", "paragraph", text, 1)], headings=[])


TERMS = {
    Edition.HANS: [Term(key="维持和平行动", slug="weichi-heping-xingdong", english="peacekeeping operations",
                        definition_zh="联合国部署的行动。", definition_en="Operations deployed by the United Nations.",
                        aliases=("维和行动",))],
    Edition.HANT: [Term(key="維持和平行動", slug="weichi-heping-xingdong", english="peacekeeping operations",
                        definition_zh="聯合國部署的行動。", definition_en="Operations deployed by the United Nations.",
                        aliases=("維和行動",))],
}


def test_glossary_entries_are_searchable_in_english_and_chinese_and_link_to_their_page():
    editions = {Edition.HANS: [tiny_document("维持和平行动是联合国的工具。")],
                Edition.HANT: [tiny_document("維持和平行動是聯合國的工具。")]}
    payloads = build_payloads(editions, TERMS)
    hans = SearchIndex(payloads[Edition.HANS])
    entry = next(row for row, data in enumerate(hans.rows) if data[1] == "g")
    assert hans.rows[entry][2] == "weichi-heping-xingdong"
    assert hans.payload["docs"][hans.rows[entry][0]][2] == "zh-hans/glossary/index.html"
    assert {hit.block for hit in hans.search("peacekeeping").hits} == {entry}
    assert {hit.block for hit in hans.search("维和行动").hits} == {entry}
    assert {hit.block for hit in hans.search("维持和平行动").hits} == {0, entry}
    hant = SearchIndex(payloads[Edition.HANT], index=hans.index)
    assert {hit.block for hit in hant.search("維持和平行動").hits} == {0, entry}
    assert tokenize(hant.folded[entry]) == tokenize(hans.folded[entry])


def test_search_files_are_one_index_script_per_edition():
    editions = {Edition.HANS: [tiny_document("和平")], Edition.HANT: [tiny_document("和平")]}
    files = build_search_files(editions, TERMS)
    assert [file.path for file in files] == [PurePosixPath("search/zh-hans.js"), PurePosixPath("search/zh-hant.js")]
    payload = decode_index_file(files[0].content)
    assert encode_index_file(payload) == files[0].content
