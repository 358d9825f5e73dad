"""CJK-friendly emphasis: `**观念。**刚刚` closes; emphasis without CJK beside it is CommonMark's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.utils import read_fixture_file

from lectern.errors import Problems
from lectern.load import load_source
from lectern.mdext.emphasis import cjk_emphasis_plugin, is_cjk
from lectern.parse import parse_document

FIXTURES = Path(__file__).parent / "fixtures" / "markdown" / "emphasis.md"
CONTENT = Path(__file__).resolve().parent.parent / "content"


def cjk_friendly() -> MarkdownIt:
    return MarkdownIt("commonmark").use(cjk_emphasis_plugin)


@pytest.mark.parametrize("line,title,source,expected", read_fixture_file(FIXTURES), ids=lambda x: str(x)[:40])
def test_fixture(line, title, source, expected):
    assert cjk_friendly().render(source) == expected


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab *_.,!?()[]\"'-\n", max_size=24))
def test_text_without_cjk_renders_exactly_as_commonmark(text):
    assert cjk_friendly().render(text) == MarkdownIt("commonmark").render(text)


def test_cjk_characters_by_width():
    assert all(is_cjk(c) for c in "中。，：（”）"[:5]) and is_cjk("한") and is_cjk("ア")
    assert not any(is_cjk(c) for c in "a.“”😀é ")


@pytest.mark.parametrize("name", ["hippo-2015.md", "c34-2014.md"])
def test_no_literal_asterisks_remain_in_the_documents(name):
    problems = Problems()
    document = parse_document(load_source(CONTENT / name, problems), problems)
    assert not problems.errors
    assert [block.anchor for block in document.blocks if "*" in block.text] == []


def test_panel_report_paragraphs_134_to_140_open_with_bold_headings(built_site):
    html = (built_site / "zh-hans" / "hippo-2015" / "index.html").read_text(encoding="utf-8")
    for number, heading in [(134, "观念。"), (137, "被忽视的财政层面。"), (140, "不造成伤害：和解与信任。")]:
        paragraph = html[html.index(f'<p id="p{number}"') :]
        paragraph = paragraph[: paragraph.index("</p>")]
        assert f"<strong>{heading}</strong>" in re.sub(r"<(?!/?strong)[^>]+>", "", paragraph)
        assert "**" not in paragraph
    page = (built_site / "zh-hant" / "hippo-2015" / "p" / "134" / "index.html").read_text(encoding="utf-8")
    assert "**" not in page and "觀念。" in page
    texts = "".join(
        path.read_text(encoding="utf-8") for path in (built_site / "search" / "zh-hans" / "text").glob("*.js")
    )
    assert "刚刚摆脱冲突的国家" in texts and "**" not in texts  # the search index's block texts
