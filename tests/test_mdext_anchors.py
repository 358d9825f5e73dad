"""Paragraph, item and heading ids, and numbering checks with path:line."""

from __future__ import annotations

import pytest

from lectern.errors import Problems
from lectern.mdext.anchors import chinese_numeral
from lectern.model import DocumentMeta, Source
from lectern.parse import make_markdown, parse_document

META = DocumentMeta("t", "标题", "Title", "标题", "Title", None, "2020", "", "", "", "", "", "t.txt")


def parse(body: str, body_line: int = 10):
    problems = Problems()
    document = parse_document(Source("content/t.md", META, body, body_line), problems)
    html = make_markdown().renderer.render(document.tokens, {}, {})
    return document, html, [str(error) for error in problems.errors]


def test_numbered_paragraphs_and_nested_items_get_ids_from_their_numbers():
    body = "## 一. 背景\n\n1\\. 第一段。\n\n2\\. 建议：\n\n(a) 甲；\n\n(b) 乙：\n\n(一) 丙；\n\n(二) 丁。\n"
    document, html, errors = parse(body)
    assert not errors
    assert [b.anchor for b in document.blocks if b.kind in ("paragraph", "item")] == [
        "p1",
        "p2",
        "p2-a",
        "p2-b",
        "p2-b-1",
        "p2-b-2",
    ]
    assert [b.number for b in document.blocks if b.kind == "item"] == ["2(a)", "2(b)", "2(b)(一)", "2(b)(二)"]
    assert (
        '<p id="p2-b-2" class="item item-2" data-cite="2(b)(二)"><a class="inum" href="#p2-b-2">(二)</a> 丁。</p>'
        in html
    )
    assert '<p id="p1" class="para" data-cite="1"><a class="pnum" href="#p1">1.</a> 第一段。</p>' in html


def test_headings_get_ids_from_chapter_section_and_subsection_numbers():
    body = "## 三. 增强\n\n### B. 提高\n\n#### 4. 机动性\n\n{#h9}\n##### 待命安排\n"
    document, html, errors = parse(body)
    assert not errors
    assert [h.anchor for h in document.headings] == ["s3", "s3-b", "s3-b-4", "h9"]
    assert '<h4 id="s3-b-4">4. 机动性<a class="heading-anchor" href="#s3-b-4"' in html


def test_subsection_numbers_do_not_collide_with_paragraph_numbers():
    body = "## 二. 呼声\n\n1\\. 段一。\n\n### A. 转变\n\n#### 1. 政治居首\n\n2\\. 段二。\n"
    document, _, errors = parse(body)
    assert not errors
    assert [b.anchor for b in document.blocks] == ["s2", "p1", "s2-a", "s2-a-1", "p2"]


def test_unnumbered_block_without_id_is_reported_with_file_line():
    _, _, errors = parse("第一行。\n\n{#ok}\n第二段。\n", body_line=20)
    assert errors == ["content/t.md:20: this paragraph has no number and no id; add a line {#some-id} just above it"]


@pytest.mark.parametrize(
    "body, expected",
    [
        ("1\\. 甲。\n\n1\\. 乙。\n", "content/t.md:12: paragraph 1 is repeated: it is also at line 10"),
        ("1\\. 甲。\n\n3\\. 乙。\n", "content/t.md:12: paragraph numbers jump from 1 to 3: paragraph 2 is missing"),
        ("2\\. 甲。\n\n1\\. 乙。\n", "content/t.md:10: paragraph numbers jump from 0 to 2: paragraph 1 is missing"),
        (
            "1\\. 甲。\n\n2\\. 乙。\n\n1\\. 丙。\n",
            "content/t.md:14: paragraph 1 is out of order: it follows paragraph 2 (line 12)",
        ),
        ("1\\. 甲。\n\n5\\. 乙。\n", "content/t.md:12: paragraph numbers jump from 1 to 5: paragraphs 2–4 are missing"),
        ("{#x}\n甲。\n\n{#x}\n乙。\n", "content/t.md:14: id 'x' is used twice (first at line 11)"),
    ],
)
def test_numbering_problems_name_the_line(body, expected):
    _, _, errors = parse(body)
    assert expected in errors


def test_footnote_ids_follow_printed_labels_not_order_of_use():
    body = "1\\. 甲[^16]乙[^3]。\n\n2\\. 丙[^16]。\n\n[^3]: 三。\n\n[^16]: 十六。\n"
    document, html, errors = parse(body)
    assert not errors
    assert 'href="#fn16" id="fnref16"' in html and 'id="fnref16-2"' in html
    assert '<li id="fn16" value="16">' in html and '<li id="fn3" value="3">' in html
    assert document.footnotes == {"16": "十六。", "3": "三。"}


def test_raw_html_in_content_is_escaped():
    _, html, _ = parse("1\\. <script>alert(1)</script> <img src=x onerror=alert(1)>\n")
    assert "<script>" not in html and "&lt;script&gt;" in html and "<img" not in html


@pytest.mark.parametrize("text, value", [("一", 1), ("十", 10), ("十二", 12), ("二十一", 21)])
def test_chinese_numerals(text, value):
    assert chinese_numeral(text) == value
