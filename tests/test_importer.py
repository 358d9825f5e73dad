"""The importer on both real seeds: joins, footnotes, headings, sub-items, and nothing lost."""

from __future__ import annotations

import re

import pytest
import yaml

from lectern.importer import import_text

from .conftest import FIXTURES, ROOT, SEEDS

DOCUMENTS = {
    "hippo-2015": ("000_c47979a5a7cbef50.txt", 352, 17),
    "c34-2014": ("002_fcbde74dd55a0668.txt", 93, 1),
}
CJK = re.compile(r"[\u3400-\u9fff]")
FOOTNOTE_DEFINITION = re.compile(r"^\[\^(\d+)\]: (.*)$", re.M)


def seed_text(slug: str) -> str:
    path = SEEDS / DOCUMENTS[slug][0]
    if not path.exists():
        pytest.fail(f"seed text missing: {path} (../shared/seeds must sit beside the repository)")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module", params=sorted(DOCUMENTS))
def imported(request):
    slug = request.param
    return slug, import_text(seed_text(slug), source=DOCUMENTS[slug][0], slug=slug).markdown


def paragraph_numbers(markdown: str) -> list[int]:
    return [int(n) for n in re.findall(r"^(\d+)\\\. ", markdown, re.M)]


def split_front_matter(markdown: str) -> tuple[dict, str]:
    _, head, body = markdown.split("---\n", 2)
    return yaml.safe_load(head), body


def test_every_paragraph_number_is_present_once_and_in_order(imported):
    slug, markdown = imported
    assert paragraph_numbers(markdown) == list(range(1, DOCUMENTS[slug][1] + 1))


def test_committed_content_keeps_every_paragraph_once_and_in_order():
    for slug, (_, count, _) in DOCUMENTS.items():
        markdown = (ROOT / "content" / f"{slug}.md").read_text(encoding="utf-8")
        assert paragraph_numbers(markdown) == list(range(1, count + 1)), slug


def _seed_characters_without_furniture(slug: str) -> tuple[str, list[str]]:
    furniture = [line for line in (FIXTURES / "furniture" / f"{slug}.txt").read_text(encoding="utf-8").split("\n")
                 if line and not line.startswith("# ")]
    kept, footnotes = [], []
    in_footnote = False
    for line in seed_text(slug).split("\n"):
        stripped = line.strip()
        if stripped in furniture:
            furniture.remove(stripped)
            continue
        # a footnote is its superscript line plus any quoted "- “1. …" lines printed under it
        if re.match(r"^[⁰¹²³⁴⁵⁶⁷⁸⁹]+\s", stripped) or (in_footnote and stripped.startswith("- “")):
            footnotes.append(stripped)
            in_footnote = True
            continue
        in_footnote = in_footnote and not stripped
        kept.append(stripped)
    assert not furniture, f"furniture lines not found in the seed: {furniture}"
    return "".join(CJK.findall("".join(kept))), footnotes


@pytest.mark.parametrize("slug", sorted(DOCUMENTS))
def test_committed_content_has_every_chinese_character_of_the_seed(slug):
    """Seed minus the listed furniture == title page + body, character for character; footnotes moved to the end."""
    expected, seed_footnotes = _seed_characters_without_furniture(slug)
    meta, body = split_front_matter((ROOT / "content" / f"{slug}.md").read_text(encoding="utf-8"))
    definitions = FOOTNOTE_DEFINITION.findall(body)
    main_text = FOOTNOTE_DEFINITION.sub("", body)
    actual = "".join(CJK.findall("".join(meta["title_page"]) + main_text))
    assert actual == expected
    assert len(definitions) == DOCUMENTS[slug][2]
    seed_footnote_chars = "".join(CJK.findall("".join(seed_footnotes)))
    content_footnote_chars = "".join(CJK.findall("".join(text for _, text in definitions)))
    assert content_footnote_chars == seed_footnote_chars


def test_page_split_paragraph_is_joined_back():
    markdown = import_text(seed_text("hippo-2015"), source="x", slug="hippo-2015").markdown
    paragraph_6 = re.search(r"^6\\\. (.*)$", markdown, re.M).group(1)
    # "……提出一系列建议，旨" + page end + footnote 1 + "在确保联合国和平行动能够……"
    assert "提出一系列建议，旨在确保联合国和平行动能够更好地满足" in paragraph_6
    paragraph_18 = re.search(r"^18\\\. (.*)$", markdown, re.M).group(1)
    assert "小型技术专家特派团，例如选举支助团" in paragraph_18


def test_page_split_in_the_2014_report_is_joined_back():
    markdown = import_text(seed_text("c34-2014"), source="x", slug="c34-2014").markdown
    paragraph_5 = re.search(r"^5\\\. (.*)$", markdown, re.M).group(1)
    assert paragraph_5.endswith("。") and "若不包括部署联合国马里多层面综合稳定团" in paragraph_5


def test_footnotes_become_real_footnotes_at_their_marks():
    markdown = import_text(seed_text("hippo-2015"), source="x", slug="hippo-2015").markdown
    assert "《宪章》第三十四条[^8]授权" in markdown
    assert re.search(r"^\[\^5\]: 联合国秘书处提供的资料。$", markdown, re.M)
    assert markdown.count("[^16]") == 3  # referenced twice, defined once
    assert not re.search(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]", markdown)


def test_numbered_subsections_are_headings_not_paragraphs():
    markdown = import_text(seed_text("hippo-2015"), source="x", slug="hippo-2015").markdown
    assert "#### 1. 政治居首" in markdown
    assert "## 一. 设定背景" in markdown and "### A. 和平行动的必需转变" in markdown
    assert re.search(r"\{#h23\}\n#### 更具挑战性的任务|\{#h23\}\n### 更具挑战性的任务", markdown)


def test_sub_items_including_stray_dash_forms():
    markdown = import_text(seed_text("hippo-2015"), source="x", slug="hippo-2015").markdown
    assert "\n(a) 任务规定必须明确和可实现" in markdown  # printed as "- (a)" in the export
    assert "\n(一) 大大加强秘书处核心预防和调解能力" in markdown
    assert "\n- (" not in markdown


def test_contents_list_and_reissue_notes_are_dropped():
    markdown = import_text(seed_text("hippo-2015"), source="x", slug="hippo-2015").markdown
    _, body = split_front_matter(markdown)
    assert "....." not in body and "页次" not in body
    assert "由于技术原因重发" not in body


def test_staffing_table_becomes_a_table_block_with_caption_and_note():
    markdown = import_text(seed_text("hippo-2015"), source="x", slug="hippo-2015").markdown
    block = re.search(r"```table header-rows=2\ncaption: (.*?)\n(.*?)```", markdown, re.S)
    assert block.group(1).startswith("按性别分列的联合国和平行动专业及以上职类工作人员")
    rows = block.group(2).strip().split("\n")
    assert rows[0].split("\t")[:2] == ["职等", "女"] and rows[-1].startswith("note: 简称")
    assert len([row for row in rows if re.match(r"^[A-Z]+-?\d?\t\d", row)]) == 8


def test_letters_and_summary_get_stable_ids_but_no_numbers():
    markdown = import_text(seed_text("hippo-2015"), source="x", slug="hippo-2015").markdown
    assert "{#summary}\n## 摘要" in markdown
    assert re.search(r"\{#part-1-1\}\n2014 年 10 月 31 日，我召集了", markdown)


def test_import_command_writes_a_file(tmp_path):
    from lectern.cli import main

    output = tmp_path / "c34.md"
    assert main(["import", str(SEEDS / DOCUMENTS["c34-2014"][0]), "--slug", "c34-2014", "--output", str(output),
                 "--quiet"]) == 0
    assert paragraph_numbers(output.read_text(encoding="utf-8")) == list(range(1, 94))
    assert main(["import", str(SEEDS / DOCUMENTS["c34-2014"][0]), "--slug", "c34-2014", "--output", str(output),
                 "--quiet"]) == 1  # refuses to overwrite without --force


def test_import_of_a_small_text_handles_headings_items_and_footnotes():
    text = (
        "大会\n\n第七十届会议\n\n测试报告\n\n"
        "摘要\n\n这是摘要的第一段，说明了报告的目的和范围，以及各项主要结论和建议的内容。\n\n"
        "一. 背景\n\n1. 第一段文字，它被页面截断\n\n¹ 脚注文字。\n\n在这里继续。¹\n\n"
        "2. 小组建议：\n\n- (a) 第一项；\n(b) 第二项：\n\n(一) 子项。\n"
    )
    markdown = import_text(text, source="t.txt", slug="t").markdown
    assert "1\\. 第一段文字，它被页面截断在这里继续。[^1]" in markdown
    assert "[^1]: 脚注文字。" in markdown
    assert "\n(a) 第一项；\n" in markdown and "\n(一) 子项。\n" in markdown
    assert "## 一. 背景" in markdown
