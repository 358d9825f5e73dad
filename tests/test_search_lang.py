"""Search of language versions (#14): English through lunr's English pipeline, other languages whole, Chinese as before.

The index side is built from Translation records made here; the queries run through lectern.search_engine,
the Python mirror of assets/search.js (tests/browser/test_search_english.py runs the browser on the fixture).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from lunr.builder import Builder
from lunr.pipeline import Pipeline
from lunr.stop_word_filter import stop_word_filter

from lectern import search_lang, urls
from lectern.model import Block, Edition, Heading, Translation, TranslationMeta
from lectern.search import build_search_files, decode_script
from lectern.search_engine import SiteSearch
from lectern.tokenize import normalize_text

from .test_search import TERMS, open_search, raw_scan, tiny_document, write

ENGLISH = [
    ("s1", None, "heading", "I. Peace operations"),
    ("p1", "1", "paragraph", "The Council welcomes the operational readiness of the Mission."),
    (
        "p2",
        "2",
        "paragraph",
        "Peacekeeping operations protect civilians; the Secretary-General's report A/70/95 says so.",
    ),
    (
        "p2-a",
        "2(a)",
        "item",
        "Protecting civilians is a shared responsibility of the United Nations and the host State.",
    ),
    ("p3", "3", "paragraph", "The Mission will operate in 2016 with the consent of the parties."),
    ("fn1", "1", "footnote", "See the report of the High-level Independent Panel on Peace Operations."),
]
CHINESE = [
    "一、和平行动",
    "安理会欢迎特派团的行动准备。",
    "维持和平行动保护平民；秘书长的报告A/70/95这样说。",
    "保护平民是共同责任。",
    "特派团将在2016年开展行动。",
    "见和平行动问题高级别独立小组的报告。",
]


def translation(slug: str, lang: str, texts: list[tuple[str, str | None, str, str]]) -> Translation:
    meta = TranslationMeta(slug=slug, lang=lang, title=f"Tiny ({lang})", symbol=None, source="tests", status="working")
    blocks = [Block(anchor, number, kind, text, line) for line, (anchor, number, kind, text) in enumerate(texts, 1)]
    headings = [Heading(anchor, 2, text) for anchor, _, kind, text in texts if kind == "heading"]
    return Translation(meta=meta, path=f"{slug}.{lang}.md", tokens=[], blocks=blocks, headings=headings)


def original(slug: str = "tiny"):
    document = tiny_document("", slug)
    blocks = [Block(anchor, number, kind, text, 1) for (anchor, number, kind, _), text in zip(ENGLISH, CHINESE)]
    return dataclasses.replace(document, blocks=blocks, headings=[Heading("s1", 2, CHINESE[0])])


def build(folder: Path, versions: dict[str, list] | None = None) -> Path:
    """Both editions of the tiny document (the same text in both: the index side does not convert), with
    these language versions."""
    document = original()
    document.translations = [translation("tiny", lang, texts) for lang, texts in (versions or {}).items()]
    editions = {Edition.HANS: [document], Edition.HANT: [document]}
    return write(build_search_files(editions, TERMS), folder)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    french = [("p1", "1", "paragraph", "Les opérations de maintien de la paix protègent les civils.")]
    arabic = [("p1", "1", "paragraph", "عمليات حفظ السلام تحمي المدنيين.")]
    return build(tmp_path_factory.mktemp("lang"), {"en": ENGLISH, "fr": french, "ar": arabic})


@pytest.fixture(scope="module")
def engine(site) -> SiteSearch:
    return open_search(site, Edition.HANS)


def anchors(engine: SiteSearch, query: str, lang: str = "en") -> set[str]:
    """The anchors of the hits in one language version."""
    results = engine.search(query)
    assert {hit.block for hit in results.hits} == engine.scan(query), query
    return {engine.row(hit.block)[2] for hit in results.hits if engine.language(hit.block) == lang}


# --- the pipeline -----------------------------------------------------------------------------------


def test_english_inflections_share_a_stem_and_stop_words_have_none():
    terms = {word: search_lang.term_of(word, "en") for word in ["operations", "operation", "operational", "operate"]}
    assert set(terms.values()) == {"oper"}  # lunr's Porter stemmer: the whole family
    assert search_lang.term_of("always", "en") == "alway"  # as lunr.js stems it (lunr.py: "alwai")
    assert search_lang.term_of("civilians", "en") == search_lang.term_of("civilian", "en") == "civilian"
    assert search_lang.term_of("protecting", "en") == search_lang.term_of("protection", "en") == "protect"
    assert [search_lang.term_of(word, "en") for word in ["the", "of", "may", "us"]] == [None] * 4
    assert search_lang.term_of("a/70/95", "en") == "a/70/95"  # a symbol is not stemmed
    assert search_lang.term_of("opérations", "fr") == "opérations"  # no French stemmer: whole words


def test_a_compound_or_a_symbol_gives_its_parts_as_words():
    terms = search_lang.text_terms("the secretary-general's report a/70/95", "en")
    assert {"secretary-general", "secretary-general's", "gener", "general's", "report", "70/95", "95"} <= set(terms)
    assert "a" not in terms and "the" not in terms  # stop words, also as parts


def test_query_plan_phrases_stop_words_and_chinese():
    assert search_lang.query_plan("Operations", "en") == (["oper"], [])
    assert search_lang.query_plan('"Protection of Civilians" mission', "en") == (
        ["mission", "protect", "civilian"],
        ["protection of civilians"],
    )
    assert search_lang.query_plan("“of the” the", "en") is None  # nothing but stop words: asks for nothing
    assert search_lang.query_plan("保护平民 civilians", "en") is None  # a Chinese word cannot occur in English
    assert search_lang.query_plan("( ) —", "en") is None


# --- the index --------------------------------------------------------------------------------------


def test_language_versions_are_rows_of_their_own_volumes_and_docs(engine):
    docs = engine.docs
    assert [doc[0] for doc in docs] == ["tiny", "tiny", "tiny", "tiny", "glossary"]  # original, en, fr, ar, glossary
    english = next(doc for doc in docs if len(doc) > 3 and doc[3] == "en")
    assert english[1:] == ["Tiny (en)", str(urls.parallel(Edition.HANS, "tiny", "en")), "en", "English"]
    volumes = engine.manifest["volumes"]
    assert [volume.get("lang", "") for volume in volumes] == ["", "", "en", "fr", "ar"]  # glossary, original, …
    assert [volume.get("pipeline") for volume in volumes[2:]] == [["stopWordFilter", "stemmer"], [], []]
    assert volumes[0]["rows"][1] == engine.manifest["rows"]  # the glossary's rows stay last
    hant = SiteSearch(engine.folder.parent / "zh-hant")
    assert any(doc[2] == str(urls.parallel(Edition.HANT, "tiny", "en")) for doc in hant.docs)


def test_english_pieces_hold_the_index_lunr_py_builds_with_its_english_pipeline(engine):
    volume = next(number for number, info in enumerate(engine.manifest["volumes"]) if info.get("lang") == "en")
    start, end = engine.manifest["volumes"][volume]["rows"]

    Pipeline.register_function(search_lang.stem_js, "stemmer")  # lunr.js's stemmer (lunr.py's differs)
    builder = Builder()
    builder.pipeline.add(stop_word_filter, search_lang.stem_js)
    builder.ref("id")
    builder.field("t")
    for number in range(start, end):
        text = normalize_text(engine.row(number)[5])
        words = [text[a:b] for a, b in search_lang.words_of(text)]
        builder.add({"id": str(number), "t": [w[x:y] for w in words for x, y in search_lang.runs_of(w)]})
    expected = builder.build().serialize()
    pieces = {}
    for piece in range(len(engine.manifest["volumes"][volume]["pieces"])):
        pieces.update(engine.load(f"index/{volume}-{piece}"))
    rebuilt = SiteSearch.lunr_index(pieces)
    assert rebuilt["invertedIndex"] == expected["invertedIndex"]
    assert rebuilt["fieldVectors"] == sorted(expected["fieldVectors"], key=lambda vector: int(vector[0][2:]))


def test_the_originals_index_and_text_are_unchanged_by_a_translation(tmp_path, site):
    alone = build(tmp_path)
    for edition in ("zh-hans", "zh-hant"):
        _, with_versions = decode_script((site / "search" / edition / "manifest.js").read_bytes())
        _, without = decode_script((alone / "search" / edition / "manifest.js").read_bytes())
        assert with_versions["volumes"][1] == without["volumes"][1]  # the document volume: same rows, same pieces
        for piece in range(len(without["volumes"][1]["pieces"])):
            name = f"search/{edition}/index/1-{piece}.js"
            assert (site / name).read_bytes() == (alone / name).read_bytes()
        assert (site / f"search/{edition}/text/0.js").read_bytes() == (
            alone / f"search/{edition}/text/0.js"
        ).read_bytes()


# --- queries ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ("operations", {"s1", "p1", "p2", "p3", "en-fn1"}),  # operational, operate: one stem
        ("OPERATIONAL", {"s1", "p1", "p2", "p3", "en-fn1"}),
        ("protection", {"p2", "p2-a"}),  # protect, Protecting
        ("civilian", {"p2", "p2-a"}),
        ("Secretary-General", {"p2"}),
        ("general", {"p2"}),  # a part of a compound
        ("70/95", {"p2"}),  # a part of a symbol
        ("95", {"p2"}),
        ("9", set()),  # whole words: no part of a number
        ("2016", {"p3"}),
        ("the Mission", {"p1", "p3"}),  # the stop word is dropped, the rest required
        ("peace operations", {"s1", "en-fn1"}),
        ("united nations state", {"p2-a"}),
        ("operat", set()),  # whole words (a stem typed is not a prefix)
        ("nonexistent", set()),
    ],
)
def test_english_words_find_their_inflected_forms(engine, query, expected):
    assert anchors(engine, query) == expected


@pytest.mark.parametrize("query", ["the", "of the", "The", "may", '"the"'])
def test_stop_words_alone_find_no_english_text_and_do_not_break(engine, query):
    results = engine.search(query)
    assert not any(engine.language(hit.block) for hit in results.hits)
    assert {hit.block for hit in results.hits} == engine.scan(query)  # the glossary, matched as before


@pytest.mark.parametrize(
    "query, expected",
    [
        ('"protect civilians"', {"p2"}),  # as written: not "Protecting civilians"
        ('"Protecting civilians"', {"p2-a"}),
        ("“protecting civilians”", {"p2-a"}),  # curly quotes
        ('"civilians protect"', set()),  # in order
        ('"peace operations" report', {"en-fn1"}),
        ('"the host State"', {"p2-a"}),  # stop words inside a phrase count
        ('"protect civilian"', set()),  # whole words at the ends
        ('"protect', {"p2", "p2-a"}),  # an unclosed quote while typing: a word, stemmed
    ],
)
def test_a_quoted_english_phrase_matches_as_written(engine, query, expected):
    assert anchors(engine, query) == expected


def test_chinese_queries_do_not_look_at_language_versions_and_stay_exact(engine):
    for query in ["保护平民", "行动", "A/70/95", "2016", "和平 行动", "、"]:
        results = engine.search(query)
        chinese = {hit.block for hit in results.hits if not engine.language(hit.block)}
        assert chinese == raw_scan(engine, query), query
        if any("\u4e00" <= char <= "\u9fff" for char in query):
            assert chinese == {hit.block for hit in results.hits}, query  # nothing from English text
            assert not [key for key in results.loaded if key.startswith(("index/2-", "index/3-", "index/4-"))]


def test_a_mixed_query_needs_every_word_in_the_same_block(engine):
    # English words in a Chinese block are matched as before; a Chinese word cannot occur in English text.
    assert anchors(engine, "保护平民 civilians") == set()
    assert anchors(engine, "A/70/95 秘书长", "") == {"p2"}


def test_other_languages_match_whole_words_without_stemming(engine):
    assert anchors(engine, "opérations", "fr") == {"p1"}
    assert anchors(engine, "OPÉRATIONS", "fr") == {"p1"}
    assert anchors(engine, "opération", "fr") == set()  # no French stemmer
    assert anchors(engine, "les", "fr") == {"p1"}  # no French stop words
    assert anchors(engine, "المدنيين", "ar") == {"p1"}
    assert anchors(engine, "المدني", "ar") == set()


def test_english_hits_carry_the_parallel_page_and_a_heading_path(engine):
    results = engine.search("protecting")
    hit = next(hit.block for hit in results.hits if engine.row(hit.block)[2] == "p2-a")
    doc = engine.docs[engine.row(hit)[0]]
    assert doc[2] == "zh-hans/tiny/en/index.html" and doc[4] == "English"
    assert engine.heading_path(hit) == ["I. Peace operations"]  # the English heading, not the Chinese
    assert results.jumps == []
    assert [engine.row(row)[2] for row in engine.search("2(a)").jumps] == ["p2-a"]  # jumps: the original's row only
