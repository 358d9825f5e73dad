"""The recommendations register: lettered items found by rule, running-text recommendations by reading, counted."""

from __future__ import annotations

import re
import shutil

import pytest

from lectern.errors import ContentErrors, Problems
from lectern.load import load_sources
from lectern.parse import make_markdown, parse_document
from lectern.register import count_recommendations, find_recommendations

from .conftest import ROOT, build_into

# "小组建议" / "我们建议" outside an announcing paragraph that a lettered item restates (read and
# checked; the reasons are in the front matter of content/hippo-2015.md).
RESTATED = {"248": "249(a)", "282": "291(a)", "339": "343(b)"}
PANEL_VOICE = re.compile(r"(小组|我们)(特别|强烈|还)?(建议|认为|鼓励|呼吁|支持)")


@pytest.fixture(scope="module")
def panel():
    problems = Problems()
    md = make_markdown()
    documents = {
        source.meta.slug: parse_document(source, problems, md) for source in load_sources(ROOT / "content", problems)
    }
    assert not problems.errors
    return documents["hippo-2015"]


def entries(document):
    return [rec for part in find_recommendations(document) for rec in part.recommendations]


def test_the_panel_report_has_119_recommendations(panel):
    assert count_recommendations(find_recommendations(panel)) == {
        "listed": 97,
        "recommends": 6,
        "calls": 16,
        "all": 119,
    }


def test_every_panel_recommendation_in_running_text_is_listed_or_restated(panel):
    """The automatic check of the curated list: each '小组建议' or '我们建议' in the panel's voice
    that is not an announcing paragraph is in the register, or restated by a lettered item."""
    listed = {rec.paragraph.number for rec in entries(panel)}
    items = {block.number for block in panel.blocks if block.kind == "item"}
    for block in panel.blocks:
        if block.kind == "paragraph" and re.search(r"(小组|我们)(特别支持)?建议", block.text):
            assert block.number in listed or RESTATED.get(block.number) in items, block.number


def test_running_text_entries_are_in_the_panels_voice(panel):
    for rec in entries(panel):
        if rec.kind != "listed":
            assert PANEL_VOICE.search(rec.paragraph.text), rec.paragraph.number
            assert not rec.items


@pytest.mark.parametrize(
    "number, topic",
    [
        ("309", "战略交流"),
        ("313", "技术"),
        ("331", "资源配置"),
        ("334", "政治特派团经费"),
        ("283", "性剥削和性虐待"),
        ("287", "性剥削和性虐待"),
        ("288", "补救行动"),
    ],
)
def test_topics_that_had_no_entry_now_have_one(panel, number, topic):
    rec = next(rec for rec in entries(panel) if rec.paragraph.number == number)
    assert topic in rec.paragraph.text


def test_entries_are_in_text_order_under_their_headings(panel):
    numbers = [int(rec.paragraph.number) for rec in entries(panel)]
    assert numbers == sorted(numbers)
    technology = next(
        part
        for part in find_recommendations(panel)
        if any(rec.paragraph.number == "313" for rec in part.recommendations)
    )
    assert technology.chapter.text.startswith("三.") and technology.section.text.startswith("C.")


def test_a_listed_paragraph_that_does_not_exist_is_a_content_error(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "site" / "content", content)
    path = content / "fixture-2020.md"
    text = path.read_text(encoding="utf-8").replace(
        "source: fixture.txt\n", "source: fixture.txt\nrecommendations_in_text:\n  calls: [999]\n"
    )
    path.write_text(text, encoding="utf-8")
    line = text.split("\n").index("recommendations_in_text:") + 1
    with pytest.raises(ContentErrors) as raised:
        build_into(content, tmp_path / "site")
    assert [str(error) for error in raised.value.errors] == [
        f"{path}:{line}: recommendations_in_text: no paragraph 999"
    ]


def test_the_field_must_map_kinds_to_paragraph_numbers():
    from lectern.load import parse_source

    problems = Problems()
    text = "---\nslug: a\ntitle_zh: 甲\ntitle_en: A\ndate: 2020\nsource: a.txt\nrecommendations_in_text: [1, 2]\n---\n正文。\n"
    assert parse_source(text, "content/a.md", problems) is None
    assert [str(error) for error in problems.errors] == [
        "content/a.md:7: field 'recommendations_in_text' must be a mapping such as {recommends: …, calls: …}, not a list"
    ]


def test_register_page_counts_and_says_how_they_were_found(built_site):
    html = (built_site / "zh-hans" / "recommendations" / "index.html").read_text(encoding="utf-8")
    assert "共 119 项建议：97 项为分项，22 项在正文中（6 项“小组建议”，16 项呼吁和支持）" in html
    assert "经逐段阅读报告列出" in html and "found by reading the report" in html
    assert html.count('class="recommendation rec-in-text"') == 22
    assert 'href="../../zh-hans/hippo-2015/index.html#p309"' in html
    traditional = (built_site / "zh-hant" / "recommendations" / "index.html").read_text(encoding="utf-8")
    assert "共 119 項建議" in traditional and "關於戰略交流，小組建議" in traditional
