"""Sharded search: results equal a plain scan; a query reads a small part of the files; ranking.

The queries run through lectern.search_engine, the same steps as assets/search.js over the same
files (tests/browser/test_search.py checks that both give the same results).
"""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest
from lunr.builder import Builder

from lectern import search
from lectern.model import Block, Document, DocumentMeta, Edition, OutputFile, Term
from lectern.search import build_search_files, decode_script, document_pairs, glossary_pairs, search_files
from lectern.search_engine import SiteSearch, whole_word_at
from lectern.tokenize import FoldTable, normalize, query_terms, split_words

from .conftest import FIXTURES, build_into

# Simplified queries; each is also run in Traditional (OpenCC) on the Traditional edition.
QUERIES = [
    "保护平民",
    "快速部署",
    "维持和平",
    "联刚稳定团",
    "马里稳定团",
    "联黎部队",
    "开发署",
    "安全理事会",
    "第1325(2000)号决议",
    "第 2098(2013)号决议",
    "1325",
    "2098(2013)",
    "A/55/305",
    "67/301",
    "2013年3月",
    "70年",
    "12 个月",
    "和",
    "政",
    "区域组织 伙伴关系",
    "性剥削 性虐待",
    "妇女 和平 安全",
    "人权先行",
    "“联合国和平行动”",
    "Nyakhat",
    "nyakhat pal",
    "uu.se",
    "www",
    "（签名）",
    "、",
    "特派团团长",
    "不存在的短语",
    "复员",
    "着手",
    "显著",
    "SEA",
    "peace",
    "UN",
]
TRADITIONAL_QUERIES = ["保護平民", "維持和平", "聯剛穩定團", "安全理事會", "婦女 和平 安全", "復員", "顯著"]


def open_search(site: Path, edition: Edition) -> SiteSearch:
    return SiteSearch(site / "search" / edition.segment)


@pytest.fixture(scope="session")
def engines(built_site):
    return {edition: open_search(built_site, edition) for edition in Edition}


@pytest.fixture(scope="session")
def to_traditional():
    from lectern.config import Config
    from lectern.convert import Converter, read_overrides
    from lectern.errors import Problems

    return Converter(read_overrides(Config().overrides, Problems())).convert  # as the build converts


def all_rows(engine: SiteSearch) -> list[list]:
    return [engine.row(number) for number in range(engine.manifest["rows"])]


def raw_scan(engine: SiteSearch, query: str) -> set[int]:
    """The plainest truth for the Chinese rows (documents and glossary): rows whose normalised text contains
    every word, an English word whole. (Language versions match by their pipeline's terms: test_search_lang.)"""
    words = split_words(query)
    texts = [normalize(row[5])[0] for row in all_rows(engine)]
    return {
        number
        for number, text in enumerate(texts)
        if words and not engine.language(number) and all(whole_word_at(text, word) for word in words)
    }


def originals(engine: SiteSearch, rows: set[int]) -> set[int]:
    """The rows of the originals and the glossary among these (not of a language version)."""
    return {row for row in rows if not engine.language(row)}


def found(engine: SiteSearch, query: str) -> set[int]:
    return {hit.block for hit in engine.search(query).hits}


@pytest.mark.parametrize("query", QUERIES)
def test_simplified_query_finds_exactly_the_rows_a_scan_finds(engines, query):
    engine = engines[Edition.HANS]
    assert originals(engine, found(engine, query)) == raw_scan(engine, query)
    assert found(engine, query) == engine.scan(query)


@pytest.mark.parametrize("query", QUERIES)
def test_traditional_query_on_the_traditional_edition_equals_its_scan_and_the_simplified_results(
    engines, to_traditional, query
):
    engine = engines[Edition.HANT]
    traditional = to_traditional(query)
    assert found(engine, traditional) == raw_scan(engine, traditional)
    assert found(engine, traditional) == found(engines[Edition.HANS], query)


@pytest.mark.parametrize("query", TRADITIONAL_QUERIES)
def test_traditional_query_on_the_simplified_edition_finds_the_simplified_phrase(engines, query):
    hans = engines[Edition.HANS]
    simplified = {
        "保護平民": "保护平民",
        "維持和平": "维持和平",
        "聯剛穩定團": "联刚稳定团",
        "安全理事會": "安全理事会",
        "婦女 和平 安全": "妇女 和平 安全",
        "復員": "复员",
        "顯著": "显著",
    }[query]
    assert found(hans, query) == raw_scan(hans, simplified)


def test_the_query_list_is_not_trivial(engines):
    counts = [len(found(engines[Edition.HANS], query)) for query in QUERIES]
    assert sum(1 for count in counts if count) >= 30
    assert found(engines[Edition.HANS], "不存在的短语") == set()


def test_english_words_match_whole_words_only():
    assert whole_word_at("sea and air", "sea") and whole_word_at("(sea)", "sea")
    assert not whole_word_at("research", "sea") and not whole_word_at("asean", "sea")
    assert whole_word_at("a/55/305", "a/55/305") and whole_word_at("s/2015/446", "2015")
    assert whole_word_at("第1325(2000)号", "1325") and whole_word_at("11325", "1325")  # numbers: any part


def test_results_are_ranked_and_carry_what_a_result_line_needs(engines):
    engine = engines[Edition.HANS]
    hits = engine.search("保护平民").hits
    assert [round(hit.score, 6) for hit in hits] == sorted((round(hit.score, 6) for hit in hits), reverse=True)
    anchors = {engine.row(hit.block)[2] for hit in hits}
    assert {"p105", "p38-b"} <= anchors
    number = next(i for i, row in enumerate(all_rows(engine)) if row[2] == "p105-c")
    doc, kind, anchor, cite, parent, text = engine.row(number)[:6]
    assert (kind, cite) == ("i", "105(c)")
    assert engine.heading_path(number)[-1] == "3. 任务和期望"  # the chain of headings above it


@pytest.mark.parametrize(
    "query, anchor", [("105", "p105"), ("第105段", "p105"), ("105(c)", "p105-c"), ("81(c)(二)", "p81-c-2")]
)
def test_paragraph_references_offer_a_jump(engines, query, anchor):
    engine = engines[Edition.HANS]
    jumps = [engine.row(row) for row in engine.search(query).jumps]
    assert [row[2] for row in jumps if engine.docs[row[0]][0] == "hippo-2015"] == [anchor]


def test_both_editions_have_the_same_rows_in_their_own_script(engines):
    hans, hant = all_rows(engines[Edition.HANS]), all_rows(engines[Edition.HANT])
    assert [row[:5] for row in hans if row[1] != "g"] == [row[:5] for row in hant if row[1] != "g"]
    assert hans[10][5] != hant[10][5] or hans[11][5] != hant[11][5]


# --- what a query reads -----------------------------------------------------------------------------


def file_sizes(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(path.relative_to(folder))[:-3]: (path.stat().st_size, len(gzip.compress(path.read_bytes())))
        for path in folder.rglob("*.js")
    }


@pytest.mark.parametrize("query", ["保护平民", "安全理事会 授权", "A/55/305", "105(c)", "peacekeeping"])
def test_a_query_reads_a_small_part_of_the_index_and_text(built_site, query):
    folder = built_site / "search" / "zh-hans"
    sizes = file_sizes(folder)
    engine = open_search(built_site, Edition.HANS)  # cold: nothing loaded yet
    results = engine.search(query)
    loaded = results.loaded
    pieces = [key for key in sizes if key.startswith("index/")]
    used = [key for key in loaded if key.startswith("index/")]
    assert loaded[0] == "manifest" and used
    terms = {term for word in split_words(query) for term in query_terms(engine.fold.fold(word))}
    assert len(used) <= len(engine.manifest["volumes"]) * max(1, len(terms)) and len(used) < len(pieces) / 4
    assert sum(sizes[key][1] for key in used) < sum(sizes[key][1] for key in pieces) / 5
    texts = [key for key in loaded if key.startswith("text/")]
    if len(results.hits) + len(results.jumps) < 20:  # (the text of every result is read to count them)
        assert len(texts) < len([key for key in sizes if key.startswith("text/")]) / 5
    assert sizes["manifest"][1] < 8_000


def test_the_manifest_holds_boundaries_not_the_corpus(built_site):
    _, manifest = decode_script((built_site / "search" / "zh-hans" / "manifest.js").read_bytes())
    assert set(manifest) == {
        "docs",
        "edition",
        "fold",
        "foreign",
        "format",
        "fragments",
        "keys",
        "pieces_bytes",
        "rows",
        "spec",
        "starts",
        "ui",
        "volumes",
    }
    assert manifest["volumes"][0]["rows"][1] == manifest["rows"]  # the glossary volume first
    assert manifest["docs"][-1][0] == "glossary"


# --- the pieces are lunr.py's index -----------------------------------------------------------------


def test_pieces_hold_exactly_the_index_lunr_py_builds(built_site):
    engine = open_search(built_site, Edition.HANS)
    fold = FoldTable.from_strings(*engine.manifest["fold"])
    volume = engine.manifest["volumes"][0]
    start, end = volume["rows"]
    builder = Builder()  # no pipeline: no stemmer, no stop words, no trimmer
    builder.ref("id")
    builder.field("t")
    for number in range(start, end):
        builder.add({"id": str(number), "t": search.row_terms(engine.row(number), fold)})
    expected = builder.build().serialize()
    pieces = {}
    for piece in range(len(volume["pieces"])):
        pieces.update(engine.load(f"index/0-{piece}"))
    assert list(pieces) == sorted(pieces, key=search.utf16)  # in JavaScript's order, as lunr.js needs
    rebuilt = SiteSearch.lunr_index(pieces)
    assert rebuilt["invertedIndex"] == expected["invertedIndex"]
    assert rebuilt["fieldVectors"] == sorted(expected["fieldVectors"], key=lambda vector: int(vector[0][2:]))


# --- several documents, several volumes, pieces and fragments ---------------------------------------


@pytest.fixture(scope="session")
def library(tmp_path_factory):
    """The fixture site's document under four slugs, built with small volumes, pieces and fragments."""
    return build_library(tmp_path_factory.mktemp("library"))


def build_library(folder: Path) -> Path:
    content = folder / "content"
    shutil.copytree(FIXTURES / "site" / "content", content)
    source = (content / "fixture-2020.md").read_text(encoding="utf-8")
    for number, extra in enumerate(["研究与东盟 research ASEAN", "SEA 海上", "保护平民的第三份", "最后一份"], start=2):
        text = source.replace("slug: fixture-2020", f"slug: fixture-{number}", 1)
        text = text.replace("本文件用于测试", f"本文件（{extra}）用于测试", 1)
        (content / f"fixture-{number}.md").write_text(text, encoding="utf-8")
    saved = search.VOLUME_ROWS, search.PIECE_POSTINGS, search.FRAGMENT_CHARS
    search.VOLUME_ROWS, search.PIECE_POSTINGS, search.FRAGMENT_CHARS = 20, 40, 120
    try:
        return build_into(content, folder / "site")
    finally:
        search.VOLUME_ROWS, search.PIECE_POSTINGS, search.FRAGMENT_CHARS = saved


LIBRARY_QUERIES = [
    "马里稳定团",
    "马里",
    "稳定团 部署",
    "小组建议",
    "和",
    "SEA",
    "research",
    "asean",
    "东盟",
    "<script>",
    "A/75/999",
    "1",
    "2(a)",
    "保护平民",
    "测试",
    "不存在",
]


def test_the_library_has_several_volumes_pieces_and_fragments(library):
    _, manifest = decode_script((library / "search" / "zh-hans" / "manifest.js").read_bytes())
    assert len(manifest["docs"]) == 7 and len(manifest["volumes"]) >= 3  # 5 documents, an English version, glossary
    assert all(len(volume["pieces"]) >= 3 for volume in manifest["volumes"][1:] if "lang" not in volume)
    assert len(manifest["fragments"]) >= 12


@pytest.mark.parametrize("edition", list(Edition))
@pytest.mark.parametrize("query", LIBRARY_QUERIES)
def test_library_results_equal_a_scan(library, to_traditional, edition, query):
    engine = open_search(library, edition)
    assert found(engine, query) == engine.scan(query)  # a Simplified query finds the Traditional text too
    own = to_traditional(query) if edition is Edition.HANT else query
    assert originals(engine, found(engine, own)) == raw_scan(engine, own)
    assert found(engine, own) == found(open_search(library, Edition.HANS), query)


def test_english_results_skip_words_inside_other_words(library):
    engine = open_search(library, Edition.HANS)
    sea = {engine.docs[engine.row(row)[0]][0] for row in found(engine, "SEA")}
    assert sea == {"fixture-3"}  # not "research" or "ASEAN" in fixture-2
    assert {engine.docs[engine.row(row)[0]][0] for row in found(engine, "asean")} == {"fixture-2"}


# --- ranking ----------------------------------------------------------------------------------------


def test_paragraphs_come_before_glossary_entries(engines):
    engine = engines[Edition.HANS]
    results = engine.search("保护平民")
    groups = engine.order(results)
    names = [engine.docs[doc][0] if doc >= 0 else "card" for doc, _ in groups]
    assert names[0] == "card" and engine.row(groups[0][1][0])[6] == "保护平民"  # the query is that term: one card
    assert names[1] != "glossary" and names[-1] == "glossary"
    results = engine.search("平民")
    names = [engine.docs[doc][0] if doc >= 0 else "card" for doc, _ in engine.order(results)]
    assert "card" not in names or engine.row(results.card)[6] == "平民"
    assert names[-1] == "glossary" and names[0] != "glossary"


@pytest.mark.parametrize("query", ["维持和平行动", "維持和平行動", "Peacekeeping Operations", "维和行动"])
def test_the_exact_term_alias_or_english_name_leads_as_one_card(engines, query):
    engine = engines[Edition.HANS]
    results = engine.search(query)
    assert results.card is not None and engine.row(results.card)[2] == "weichi-heping-xingdong"
    groups = engine.order(results)
    assert groups[0] == (-1, [results.card])
    assert all(results.card not in rows for _, rows in groups[1:])


def test_glossary_rows_keep_their_fields_apart(engines):
    engine = engines[Edition.HANS]
    row = engine.row(engine.search("维持和平行动").card)
    key, heads, definition_zh, definition_en = row[6:10]
    assert key == "维持和平行动" and "peacekeeping operations" in [head.lower() for head in heads]
    assert definition_zh and "|" not in definition_zh and definition_en


# --- files ------------------------------------------------------------------------------------------


def tiny_document(text: str, slug: str = "tiny") -> Document:
    meta = DocumentMeta(
        slug=slug,
        title_zh="小文件",
        title_en="Tiny",
        short_title_zh="小文件",
        short_title_en="Tiny",
        symbol=None,
        date="2020",
        body="",
        body_en="",
        session="",
        session_en="",
        agenda="",
        source="tiny.txt",
    )
    return Document(meta=meta, path="tiny.md", tokens=[], blocks=[Block("p1", "1", "paragraph", text, 1)], headings=[])


TERMS = {
    Edition.HANS: [
        Term(
            key="维持和平行动",
            slug="weichi-heping-xingdong",
            english="peacekeeping operations",
            definition_zh="联合国部署的行动。",
            definition_en="Operations deployed by the United Nations.",
            aliases=("维和行动",),
        )
    ],
    Edition.HANT: [
        Term(
            key="維持和平行動",
            slug="weichi-heping-xingdong",
            english="peacekeeping operations",
            definition_zh="聯合國部署的行動。",
            definition_en="Operations deployed by the United Nations.",
            aliases=("維和行動",),
        )
    ],
}


def write(files, folder: Path) -> Path:
    for file in files:
        (folder / file.path).parent.mkdir(parents=True, exist_ok=True)
        (folder / file.path).write_bytes(file.content)
    return folder


def test_search_files_are_byte_identical_for_the_same_input():
    """(test_golden also rebuilds the fixture site and compares every file, search files included.)"""
    editions = {Edition.HANS: [tiny_document("保护平民、并且")], Edition.HANT: [tiny_document("保護平民、並且")]}
    first, second = build_search_files(editions, TERMS), build_search_files(editions, TERMS)
    assert [(file.path, file.content) for file in first] == [(file.path, file.content) for file in second]


def test_the_fold_table_from_each_documents_pairs_is_the_one_read_from_the_editions():
    """The build finds each document's differing characters where it converts it (document_pairs): the
    search files are those made from the two editions' texts."""
    editions = {
        Edition.HANS: [tiny_document("保护平民、并且"), tiny_document("联合国维持和平行动")],
        Edition.HANT: [tiny_document("保護平民、並且"), tiny_document("聯合國維持和平行動")],
    }
    pairs = [document_pairs(*documents) for documents in zip(editions[Edition.HANS], editions[Edition.HANT])]
    assert pairs[0] == "并並护護"  # sorted pairs, each Simplified then Traditional
    given = [file for file in search_files(editions, TERMS, pairs=pairs) if isinstance(file, OutputFile)]
    read = build_search_files(editions, TERMS)
    assert [(file.path, file.content) for file in given] == [(file.path, file.content) for file in read]
    manifest = decode_script(next(file.content for file in given if file.path.name == "manifest.js"))[1]
    texts = [
        (a.text, b.text)
        for d, t in zip(editions[Edition.HANS], editions[Edition.HANT])
        for a, b in zip(d.blocks, t.blocks)
    ]
    whole = FoldTable.from_pairs(texts + glossary_pairs(TERMS))  # the table read from every aligned text at once
    assert manifest["fold"] == whole.to_strings() and "聯" in "".join(manifest["fold"])


def test_glossary_entries_are_searchable_in_english_and_chinese(tmp_path):
    editions = {
        Edition.HANS: [tiny_document("维持和平行动是联合国的工具。")],
        Edition.HANT: [tiny_document("維持和平行動是聯合國的工具。")],
    }
    site = write(build_search_files(editions, TERMS), tmp_path)
    hans = open_search(site, Edition.HANS)
    entry = next(number for number in range(hans.manifest["rows"]) if hans.row(number)[1] == "g")
    assert hans.row(entry)[2] == "weichi-heping-xingdong"
    assert hans.docs[hans.row(entry)[0]][2] == "zh-hans/glossary/index.html"
    assert found(hans, "peacekeeping") == {entry}
    assert found(hans, "peacekeep") == set()  # whole words
    assert found(hans, "维和行动") == {entry}
    assert found(hans, "维持和平行动") == {0, entry}
    hant = open_search(site, Edition.HANT)
    assert found(hant, "維持和平行動") == {0, entry}


def test_search_files_are_a_manifest_pieces_and_fragments_per_edition():
    editions = {Edition.HANS: [tiny_document("和平")], Edition.HANT: [tiny_document("和平")]}
    paths = [str(file.path) for file in build_search_files(editions, TERMS)]
    for edition in ("zh-hans", "zh-hant"):
        mine = [path for path in paths if path.startswith(f"search/{edition}/")]
        assert f"search/{edition}/manifest.js" in mine
        assert all(re.fullmatch(rf"search/{edition}/(manifest|index/\d+-\d+|text/\d+)\.js", path) for path in mine)
        assert any("/index/" in path for path in mine) and any("/text/" in path for path in mine)


def test_every_page_has_the_search_form_and_each_edition_a_search_page(built_site):
    for page in ("index.html", "zh-hant/c34-2014/index.html", "zh-hans/search/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        assert (
            '<form class="search" role="search"' in html
            and '<input class="search-input" type="search" name="q"' in html
        )
        assert "assets/search.js" in html and "search/zh-" not in html.split("<body>")[0]  # the index loads lazily
    assert "JavaScript" in (built_site / "zh-hant" / "search" / "index.html").read_text(encoding="utf-8")
