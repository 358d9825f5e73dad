"""Traditional conversion: reviewed overrides, token-wise equals whole-text, anchors untouched."""

from __future__ import annotations

import importlib.util

import pytest

from lectern.convert import Converter, find_divergences, read_overrides, to_traditional
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


def test_a_traditional_document_that_takes_the_tokens_equals_the_copy(converter):
    """A render unit converts the document's own tokens once its Simplified pages are written
    (`take_tokens`): the same Traditional document and page as the copy, the Simplified one left with
    its blocks and without tokens (none can render from tokens now in Traditional)."""
    body = (ROOT / "content" / "hippo-2015.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    meta = DocumentMeta("t", "马里", "Mali", "马里", "Mali", None, "2020", "", "", "", "", "", "t.txt")
    document = parse_document(Source("t.md", meta, body, 1), Problems())
    md = make_markdown()
    copied = to_traditional(document, converter)
    expected = md.renderer.render(copied.tokens, md.options, {})
    blocks = list(document.blocks)
    taken = to_traditional(document, converter, take_tokens=True)
    assert md.renderer.render(taken.tokens, md.options, {}) == expected
    assert taken.blocks == copied.blocks and taken.meta == copied.meta and taken.headings == copied.headings
    assert document.tokens == [] and document.blocks == blocks and document.meta.title_zh == "马里"
    assert "維持和平行動" in expected


def _review_script():
    spec = importlib.util.spec_from_file_location("review_traditional", ROOT / "scripts" / "review_traditional.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Words the in-context review found converting differently in their sentence than alone, each
# judged: the in-context form is right (a reviewed override covers the longer phrase).
REVIEWED_DIVERGENCES = {
    ("弗洛里", "弗洛裡", "弗洛里"),  # jieba cuts the name 弗洛里亚诺; in context 里 stays, as names need
    ("里", "裡", "里"),  # 里马·萨拉赫 (Rima Salah): override
    ("周", "周", "週"),  # 8-12 周内 (weeks): override, as 週期, 週年
    ("布雷", "佈雷", "布雷"),  # jieba cuts 斯雷布雷尼察 (Srebrenica); in context right
}


def test_every_word_converts_in_context_as_alone_or_was_reviewed(converter):
    """The review method: each word of every text converted alone and in its sentence. A phrase match
    that hides a word (在核准 -> 核準) shows up wherever it occurs, whatever character precedes it."""
    texts = _review_script().review_texts(ROOT / "content")
    found = {(d.word, d.alone, d.in_context) for d in find_divergences(converter, texts)}
    assert found == REVIEWED_DIVERGENCES


def test_review_finds_a_phrase_hidden_by_the_character_before_it():
    plain = Converter([])
    found = find_divergences(plain, [("t", "支助手册正在核准过程中。"), ("u", "大会负责审议和核准预算。")])
    assert [(d.word, d.alone, d.in_context, d.where) for d in found] == [
        ("核准", "核准", "核準", "t"),
        ("核准", "核准", "核準", "u"),
    ]


@pytest.mark.parametrize(
    "simplified, standard",
    [
        ("公布", "公布"),
        ("发布", "發布"),
        ("宣布", "宣布"),
        ("分布", "分布"),
        ("遍布", "遍布"),
        ("颁布", "頒布"),
        ("账户", "帳戶"),
        ("销毁", "銷毀"),
        ("回归", "回歸"),
        ("了解", "了解"),
        ("不了解", "不了解"),
    ],
)
def test_taiwan_ministry_of_education_standard_forms(converter, simplified, standard):
    assert converter.convert(simplified) == standard


def test_traditional_pages_use_one_form_of_each_word(built_site):
    text = "".join(
        path.read_text(encoding="utf-8") for path in (built_site / "zh-hant").rglob("*.html") if "/p/" not in str(path)
    )
    for variant in ("佈", "瞭", "賬", "燬", "迴歸", "核準", "係統"):
        assert variant not in text, variant
    assert "了解" in text and "帳戶" in text and "回歸" in text


def test_the_token_copy_passes_every_field_of_markdown_it_tokens():
    """`_copy_token` sets Token's fields one by one: a markdown-it-py that adds one would otherwise lose it
    in the Traditional edition without a word."""
    import dataclasses

    from markdown_it.token import Token

    from lectern.convert import TOKEN_FIELDS, _copy_token

    assert tuple(field.name for field in dataclasses.fields(Token)) == TOKEN_FIELDS
    child = Token("text", "", 0, content="子")
    token = Token("inline", "p", 1, {"id": "p1"}, [3, 4], 2, [child], "内容", "*", "信息", {"k": "v"}, True, True)
    copy = _copy_token(token)
    assert dataclasses.astuple(copy) == dataclasses.astuple(token)
    assert copy.attrs is not token.attrs and copy.meta is not token.meta
    assert copy.children is not None and copy.children[0] is not child
    assert _copy_token(Token("text", "", 0)) == Token("text", "", 0)


def test_the_block_copy_passes_every_field_of_blocks():
    """`_traditional_block` calls Block's constructor with its fields in order: a field added to Block would
    otherwise be lost (or shifted) in the Traditional edition."""
    import dataclasses

    from lectern.convert import BLOCK_FIELDS
    from lectern.model import Block

    assert tuple(field.name for field in dataclasses.fields(Block)) == BLOCK_FIELDS


def test_the_converter_remembers_a_bounded_number_of_texts(monkeypatch):
    """A render worker converts a whole library in its life: what it remembers must not grow with it."""
    from lectern import convert

    monkeypatch.setattr(convert, "CACHE_ENTRIES", 3)
    converter = convert.Converter([])
    texts = [f"维持和平行动第{number}段" for number in range(10)]
    assert [converter.convert(text) for text in texts] == [f"維持和平行動第{number}段" for number in range(10)]
    assert len(converter._cache) <= 3
