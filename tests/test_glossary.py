"""Glossary data, abbreviation extraction and term marking."""

from __future__ import annotations

from pathlib import Path

import pytest

from lectern.errors import Problems
from lectern.glossary import build_glossary, find_abbreviations, full_name_before, read_glossary, term_slug
from lectern.load import load_sources
from lectern.mdext.terms import TermMatcher, mark_terms
from lectern.model import DocumentMeta, Source, Term
from lectern.parse import make_markdown, parse_document

from .conftest import ROOT

META = DocumentMeta("t", "标题", "Title", "标题", "Title", None, "2020", "", "", "", "", "", "t.txt")


def term(key: str, **fields) -> Term:
    return Term(
        key=key,
        slug=term_slug(key),
        english=fields.pop("english", key),
        definition_zh="释义。",
        definition_en="Definition.",
        **fields,
    )


def marked_html(body: str, terms: list[Term]) -> str:
    md = make_markdown()
    document = parse_document(Source("t.md", META, body, 1), Problems(), md)
    mark_terms(document.tokens, TermMatcher(terms))
    return md.renderer.render(document.tokens, md.options, {})


@pytest.fixture(scope="module")
def documents():
    problems = Problems()
    md = make_markdown()
    docs = [parse_document(source, problems, md) for source in load_sources(ROOT / "content", problems)]
    assert not problems.errors
    return docs


def test_longest_match_wins_and_is_not_marked_twice():
    terms = [term("维持和平行动"), term("维持和平行动部"), term("特别政治任务"), term("特别政治任务供资")]
    html = marked_html("1\\. 维持和平行动部支持特别政治任务供资和维持和平行动。\n", terms)
    assert ">维持和平行动部</a>" in html and ">特别政治任务供资</a>" in html
    assert html.count('class="term"') == 3  # the later 维持和平行动 is a term of its own
    assert ">特别政治任务</a>" not in html


def test_first_occurrence_per_section_from_heading_to_heading():
    body = (
        "## 一. 甲\n\n1\\. 保护平民和保护平民。\n\n(a) 保护平民；\n\n2\\. 保护平民。\n\n"
        "### A. 乙\n\n3\\. 保护平民。\n\n4\\. 保护平民。\n"
    )
    html = marked_html(body, [term("保护平民")])
    assert html.count('class="term"') == 2
    assert '<a class="pnum" href="#p1">1.</a> <a class="term"' in html
    assert '<a class="pnum" href="#p3">3.</a> <a class="term"' in html


def test_terms_are_not_marked_in_headings_links_or_footnote_markers():
    body = "## 一. 保护平民\n\n1\\. [保护平民](https://example.org)与平民[^1]。\n\n[^1]: 注。\n"
    html = marked_html(body, [term("保护平民"), term("平民")])
    assert '<h2 id="s1">一. 保护平民' in html
    assert 'rel="external noopener noreferrer">保护平民</a>' in html
    assert html.count('class="term"') == 1 and ">平民</a>" in html


def test_every_abbreviation_definition_in_both_documents_is_found(documents):
    """43 definitions of the form 全称(简称), counted by reading both texts (36 + 7 confirmed by the curated file)."""
    data = read_glossary(ROOT / "content" / "glossary.yaml", Problems())
    known = {short: entry["full_name"] for short, entry in data.abbreviations.items() if entry.get("full_name")}
    found = {a.short: a for a in find_abbreviations(documents, known)}
    assert len(found) == 43
    assert found["联刚稳定团"].full_name == "联合国组织刚果民主共和国稳定特派团"
    assert found["马里稳定团"].full_name == "联合国马里多层面综合稳定团"
    assert found["开发署"].full_name == "联合国开发计划署"
    assert found["达尔富尔混合行动"].full_name == "非洲联盟—联合国达尔富尔混合行动"
    assert found["非索特派团支助办"].full_name == "联合国非洲联盟驻索马里特派团支助办事处"
    assert found["东盟"].full_name == "东南亚国家联盟"
    assert (found["联刚稳定团"].document, found["联刚稳定团"].anchor) == ("c34-2014", "p5")
    assert len(find_abbreviations(documents)) == 36  # without the curated full names


@pytest.mark.parametrize(
    "run, short", [("潘基文", "签名"), ("中将", "退役"), ("性剥削和性虐待", "包括性交易"), ("索马里和苏丹", "达尔富尔")]
)
def test_parenthesised_remarks_are_not_abbreviations(run, short):
    assert full_name_before(run, short) is None


def write_glossary(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "glossary.yaml"
    path.write_text(text, encoding="utf-8")
    return path


ENTRY = "  - term: {term}\n    english: {english}\n    definition_zh: 释义。\n    definition_en: Definition.\n"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("terms:\n" + ENTRY.format(term="保护平民", english="''"), "glossary.yaml:2: term '保护平民': missing english"),
        (
            "terms:\n" + ENTRY.format(term="保护平民", english="x") + ENTRY.format(term="保护平民", english="y"),
            "glossary.yaml:6: term '保护平民': '保护平民' is already an entry or alias of '保护平民'",
        ),
        (
            "terms:\n" + ENTRY.format(term="保护平民", english="x") + "    related: [不存在]\n",
            "glossary.yaml:2: term '保护平民': related entry '不存在' does not exist",
        ),
        (
            "terms:\n" + ENTRY.format(term="从未出现的术语", english="x"),
            "glossary.yaml:2: term '从未出现的术语': '从未出现的术语' occurs in no document",
        ),
        (
            "terms: []\nabbreviations:\n  不存在团: {english: X}\n",
            "glossary.yaml:3: abbreviation '不存在团' is not defined as 全称(不存在团) in any document",
        ),
    ],
)
def test_invalid_glossary_data_names_file_and_line(tmp_path, documents, text, expected):
    path = write_glossary(tmp_path, text)
    problems = Problems()
    build_glossary(read_glossary(path, problems), documents, path, problems)
    messages = [str(error) for error in problems.errors]
    assert any(expected in message and message.startswith(str(tmp_path)) for message in messages), messages


def test_curated_file_can_suppress_and_override_an_extracted_entry(tmp_path, documents):
    path = write_glossary(
        tmp_path,
        "terms: []\nabbreviations:\n  北约: {suppress: true}\n"
        "  开发署: {english: United Nations Development Programme, english_short: UNDP}\n",
    )
    problems = Problems()
    terms = {t.key: t for t in build_glossary(read_glossary(path, problems), documents, path, problems)}
    assert not problems.errors
    assert "北约" not in terms
    assert terms["开发署"].english_short == "UNDP" and terms["开发署"].full_name == "联合国开发计划署"


def test_bundled_glossary_is_valid_and_large_enough(documents):
    problems = Problems()
    path = ROOT / "content" / "glossary.yaml"
    terms = build_glossary(read_glossary(path, problems), documents, path, problems)
    assert not problems.errors
    curated = [t for t in terms if t.origin == "curated"]
    assert len(curated) >= 60
    keys = {t.key: t for t in terms}
    for key, english in [
        ("维持和平行动", "peacekeeping operations"),
        ("特别政治任务", "special political missions"),
        ("部队派遣国", "troop-contributing countries"),
        ("人权先行", "Human Rights up Front"),
    ]:
        assert keys[key].english.startswith(english)
    assert len({t.slug for t in terms}) == len(terms)


def test_slugs_are_ascii_pinyin():
    assert term_slug("维持和平行动") == "weichi-heping-xingdong"
    assert term_slug("联刚稳定团").isascii()


def test_pinned_slugs_and_pinyin_in_the_glossary_file_match_what_pypinyin_gives():
    """glossary.yaml pins each entry's URL slug and sort pinyin; they must still agree with the computation."""
    from lectern.glossary import term_pinyin

    data = read_glossary(ROOT / "content" / "glossary.yaml", Problems())
    for term in data.terms:
        assert term.pinyin == term_pinyin(term.key), term.key
        assert term.slug == term_slug(term.key), term.key
    for short, entry in data.abbreviations.items():
        assert entry["pinyin"] == term_pinyin(short) and entry["slug"] == term_slug(short), short


def test_definitions_are_found_from_their_parentheses_as_the_pattern_finds_them():
    """`definitions` gives what DEFINITION.finditer gives (run of name characters, short form, place of the
    parenthesis), on texts with runs of name characters shorter and longer than the forty the pattern reads."""
    import random

    from lectern.glossary import DEFINITION, definitions

    generator = random.Random(9)
    name = "联合国非洲联盟部队维和特派团甲乙丙·-—"
    cuts = ["(", "（", ")", "）", "(联合)", "（非盟）", "(AB-1)", "(a)", "(甲)", "，", "(联合国非洲联盟部队维)", " "]
    for _ in range(20000):
        text = "".join(
            "".join(generator.choice(name) for _ in range(generator.choice([0, 1, 5, 39, 40, 41, 60])))
            + generator.choice(cuts)
            for _ in range(generator.randrange(1, 6))
        )
        expected = [(match.group(1), match.group(2), match.start(2) - 1) for match in DEFINITION.finditer(text)]
        assert list(definitions(text)) == expected, text
