"""Traditional conversion: reviewed overrides, token-wise equals whole-text, anchors untouched."""

from __future__ import annotations

import pytest

from lectern.convert import Converter, read_overrides, to_traditional
from lectern.errors import Problems
from lectern.model import DocumentMeta, Source
from lectern.parse import make_markdown, parse_document

from .conftest import FIXTURES, ROOT


@pytest.fixture(scope="module")
def converter() -> Converter:
    problems = Problems()
    converter = Converter(read_overrides(ROOT / "content" / "conversion-overrides.tsv", problems))
    assert not problems.errors
    return converter


def cases():
    for line in (FIXTURES / "convert" / "cases.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            simplified, traditional = line.split("\t")[:2]
            yield pytest.param(simplified, traditional, id=simplified)


@pytest.mark.parametrize("simplified, traditional", list(cases()))
def test_reviewed_conversion_cases(converter, simplified, traditional):
    assert converter.convert(simplified) == traditional


def test_every_override_is_exercised_by_a_case(converter):
    fragments = [case.values[0] for case in cases()]
    unexercised = [s for s, _, _ in converter.overrides if not any(s in fragment for fragment in fragments)]
    assert unexercised == []


def test_vocabulary_is_not_localised(converter):
    # s2tw, not s2twp: words stay as written, only character forms change
    assert converter.convert("信息和软件") == "信息和軟件"
    assert converter.convert("秘书长为此着手") == "秘書長為此著手"


def test_override_file_problems_are_reported(tmp_path):
    path = tmp_path / "o.tsv"
    path.write_text("# c\n马里\t馬里\n马里\t馬里\nbroken\n", encoding="utf-8")
    problems = Problems()
    assert [s for s, _, _ in read_overrides(path, problems)] == ["马里"]
    assert [str(e) for e in problems.errors] == [
        f"{path}:3: override '马里' repeats line 2",
        f"{path}:4: an override needs 'simplified<TAB>traditional'",
    ]


def test_token_wise_conversion_equals_whole_paragraph_conversion(converter):
    """Markup (numbers, footnote marks) must not split a phrase that OpenCC would see whole."""
    body = (ROOT / "content" / "hippo-2015.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    meta = DocumentMeta("t", "标题", "Title", "标题", "Title", None, "2020", "", "", "", "", "", "t.txt")
    document = parse_document(Source("t.md", meta, body, 1), Problems())
    traditional = to_traditional(document, converter)
    for simplified_block, traditional_block in zip(document.blocks, traditional.blocks):
        assert traditional_block.anchor == simplified_block.anchor
        assert traditional_block.text == converter.convert(simplified_block.text), simplified_block.anchor


def test_traditional_copy_keeps_ids_and_leaves_the_original_alone(converter):
    meta = DocumentMeta("t", "马里", "Mali", "马里", "Mali", None, "2020", "", "", "", "", "", "t.txt")
    document = parse_document(Source("t.md", meta, "1\\. 在马里部署[^1]。\n\n[^1]: 资料。\n", 1), Problems())
    traditional = to_traditional(document, converter)
    md = make_markdown()
    html = md.renderer.render(traditional.tokens, md.options, {})
    assert '<p id="p1" class="para" data-cite="1"><a class="pnum" href="#p1">1.</a> 在馬里部署' in html
    assert traditional.meta.title_zh == "馬里" and document.meta.title_zh == "马里"
    assert "马里" in md.renderer.render(document.tokens, md.options, {})
