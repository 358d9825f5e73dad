"""The importer on both real seeds: joins, footnotes, headings, sub-items, and nothing lost."""

from __future__ import annotations

import os
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
        message = f"seed text missing: {path} (../shared/seeds must sit beside the repository)"
        if os.environ.get("CI") or SEEDS.is_dir():
            pytest.fail(message)  # in CI, or with the folder there, a missing seed is a failure
        pytest.skip(message)
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
    furniture = [
        line
        for line in (FIXTURES / "furniture" / f"{slug}.txt").read_text(encoding="utf-8").split("\n")
        if line and not line.startswith("# ")
    ]
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

    seed_text("c34-2014")  # skips (outside CI) when the seeds are not beside the repository
    output = tmp_path / "c34.md"
    assert (
        main(
            ["import", str(SEEDS / DOCUMENTS["c34-2014"][0]), "--slug", "c34-2014", "--output", str(output), "--quiet"]
        )
        == 0
    )
    assert paragraph_numbers(output.read_text(encoding="utf-8")) == list(range(1, 94))
    assert (
        main(
            ["import", str(SEEDS / DOCUMENTS["c34-2014"][0]), "--slug", "c34-2014", "--output", str(output), "--quiet"]
        )
        == 1
    )  # refuses to overwrite without --force


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


# --- Issue 10, section 6: the importer reports what it cannot place ---------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from lectern.importer import ImportResult  # noqa: E402
from lectern.mdext.anchors import plain_text  # noqa: E402
from lectern.parse import make_markdown  # noqa: E402

LONG = "这是一段足够长的正文文字，用来说明报告的内容和背景，以便导入程序不会把它当作标题"  # > 40 characters


def rendered_blocks(markdown: str) -> list[str]:
    """The readable text of every block, as the build's parser sees it (footnote marks left out)."""
    _, body = split_front_matter(markdown)
    return [
        plain_text(token) if token.type == "inline" else token.content
        for token in make_markdown().parse(body, {})
        if token.type == "inline" or (token.type == "fence" and token.info.startswith("table"))
    ]


def export(*blocks: str) -> str:
    """A small synthetic export: a title page, then blocks separated by blank lines."""
    return "\n\n".join(("大会", "第七十届会议", "测试报告") + blocks) + "\n"


def run(*blocks: str) -> ImportResult:
    return import_text(export(*blocks), source="t.txt", slug="t")


def source_line(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.split("\n"), start=1) if needle in line)


def test_a_missing_paragraph_number_is_reported_and_the_numbers_after_it_resume():
    blocks = (
        "一. 背景",
        f"1. 第一段。{LONG}。",
        f"2. 第二段。{LONG}。",
        f"第三段失去了编号。{LONG}。",
        f"4. 第四段。{LONG}。",
        "二. 其他",
        f"5. 第五段。{LONG}。",
    )
    result = run(*blocks)
    assert paragraph_numbers(result.markdown) == [1, 2, 4, 5]
    assert "{#ch" not in result.markdown  # nothing written as an ordered list with a made-up id
    [(line, message)] = result.problems
    assert line == source_line(export(*blocks), "4. 第四段")
    assert "jump from 2 to 4" in message and "paragraph 3" in message
    assert f"line {source_line(export(*blocks), '第三段失去了编号')}" in message
    assert "第三段失去了编号" in result.markdown  # the text is kept, joined to paragraph 2
    assert result.problem_lines("in/t.txt")[0].startswith(f"in/t.txt:{line}: ")


def test_an_out_of_sequence_number_is_joined_and_reported_not_made_a_list():
    result = run("一. 背景", f"1. 第一段。{LONG}。", f"7. 这一行的编号不对，{LONG}。", f"2. 第二段。{LONG}。")
    assert paragraph_numbers(result.markdown) == [1, 2]
    assert [message for _, message in result.problems] == [
        "this line starts with 7. but paragraph 2 comes next; joined to paragraph 1 (line 9): check the numbering"
    ]
    assert "7. 这一行的编号不对" in "".join(rendered_blocks(result.markdown))


def test_seed_2014_without_paragraph_5_reports_it_and_keeps_6_to_93_numbered():
    text = seed_text("c34-2014")
    broken = text.replace("\n5. 第三，", "\n第三，", 1)
    assert broken != text
    result = import_text(broken, source="c34.txt", slug="c34-2014")
    assert paragraph_numbers(result.markdown) == [1, 2, 3, 4] + list(range(6, 94))
    assert "{#ch" not in result.markdown
    six = source_line(broken, "6. 为了提高实效")
    assert result.problem_lines("c34.txt") == [
        f"c34.txt:{six}: paragraph numbers jump from 4 to 6: no paragraph 5 found; 6 and what follows keep their "
        f"numbers; the unnumbered text at line {source_line(broken, '第三，在当前')} was joined to paragraph 4 "
        f"(line {source_line(broken, '4. 第二，')}) and may be the missing paragraph"
    ]


def test_unmodified_seeds_import_with_nothing_left_to_place(imported):
    slug, _ = imported
    result = import_text(seed_text(slug), source="s.txt", slug=slug)
    assert result.problems == []
    assert result.joined and result.moved  # the summary says what happened
    summary = "\n".join(result.summary())
    assert (
        "Joined (" in summary and "Moved (" in summary and "Dropped (" in summary and "Could not place (0)" in summary
    )


def test_the_same_footnote_number_on_two_pages_gives_two_footnotes():
    result = run("一. 背景", f"1. 第一段{LONG}。¹", "¹ 第一页的脚注。", f"2. 第二段{LONG}。¹", "¹ 第二页的脚注。")
    markdown = result.markdown
    assert "。[^1]\n" in markdown and "。[^1-2]\n" in markdown
    assert "[^1]: 第一页的脚注。" in markdown and "[^1-2]: 第二页的脚注。" in markdown
    assert result.problems == []
    for label in re.findall(r"\[\^([^\]]+)\]", markdown):
        assert re.fullmatch(r"[A-Za-z0-9-]+", label)


def test_a_superscript_without_a_footnote_on_its_page_stays_as_printed():
    result = run("一. 背景", f"1. 面积为 40 km² 的地区{LONG}。", f"2. 第二段{LONG}。³", "¹ 没有标记的脚注。")
    markdown = result.markdown
    assert "40 km² 的地区" in markdown and "[^2]" not in markdown  # km² is text, not a mark
    assert "。³" in markdown and "[^3]" not in markdown
    messages = sorted(message for _, message in result.problems)
    assert messages[0].startswith("footnote 1 has no mark in the text above it")
    assert messages[1].startswith("superscript ³ has no footnote 3")
    assert "[^1]: 没有标记的脚注。" in markdown  # its text is kept where the reviewer will see it


def test_a_mark_citing_an_earlier_footnote_again_refers_to_it():
    result = run("一. 背景", f"1. 第一段{LONG}。¹", "¹ 脚注。", f"2. 再次引用{LONG}。¹")
    assert result.markdown.count("[^1]") == 3 and "[^1-2]" not in result.markdown
    assert any("refers back to footnote 1" in message for _, message in result.joined)


def test_a_body_line_starting_with_a_star_stays_in_the_body():
    result = run(
        "摘要",
        LONG + "。",
        "* 由于技术原因重发。",
        "一. 背景",
        f"1. 第一段{LONG}。",
        "* 这一行以星号开头，是正文而不是首页注释，它属于第一段之后的内容，必须保留在正文里。",
    )
    meta, body = split_front_matter(result.markdown)
    assert meta["notes"] == ["由于技术原因重发。"]
    assert "\\* 这一行以星号开头" in body or "。\\* 这一行以星号开头" in body
    assert any("* 这一行以星号开头" in block for block in rendered_blocks(result.markdown))


TRICKY_LINES = [
    "这是*强调*和`代码`以及 &amp; 与 <b>标签</b>，还有 [链接](http://x) 和 {#id} 与 _下划线_、a_b 和 __c__。",
    "# 不是标题",
    "> 不是引用",
    "- 不是列表",
    "+ 不是列表",
    "2015. 年不是段落编号",
    "3) 不是列表",
    "{#x}",
    "=== 不是标题下划线",
    "---",
    "***",
    "___",
    "a\\b\\*c 反斜杠",
    "~~~ 不是代码块",
    "```",
    "    缩进",
    "![x](y) 不是图片",
    "[^1]: 不是脚注",
    "&#x41; &copy; 实体",
    "行末反斜杠\\",
    "<!-- 注释 -->",
    "1\\. 已转义",
]


@pytest.mark.parametrize("line", TRICKY_LINES)
def test_markdown_syntax_in_the_source_reads_exactly_as_printed(line):
    from lectern.import_common import escape_block as _escape_block
    from lectern.import_common import escape_inline as _escape_inline

    assert rendered_blocks("---\n---\n" + _escape_block(line)) == [line.strip()]
    assert rendered_blocks("---\n---\n1\\. " + _escape_inline(line.strip())) == ["1. " + line.strip()]


def test_markdown_syntax_in_an_import_reads_exactly_as_printed():
    tricky = "来文中有 *星号*、`反引号`、&amp;、<b> 和 [方括号]，以及 {#id} 与 km_2 等字样，全都必须照印刷原样显示。"
    result = run("一. 背景", f"1. {tricky}", f"(a) {tricky}", "¹ 脚注里也有 *星号* 和 &amp;。", f"2. 引用脚注{LONG}。¹")
    blocks = rendered_blocks(result.markdown)
    assert f"1. {tricky}" in blocks and f"(a) {tricky}" in blocks
    assert "脚注里也有 *星号* 和 &amp;。" in blocks


def test_the_exports_own_bold_stays_bold_and_keeps_its_punctuation():
    result = run("一. 背景", f"1. **观念。**{LONG}。")
    assert "1\\. **观念**。" in result.markdown
    _, body = split_front_matter(result.markdown)
    children = [token for token in make_markdown().parse(body, {}) if token.type == "inline"][-1].children
    assert [child.type for child in children][:3] == ["text", "strong_open", "text"]
    assert rendered_blocks(result.markdown)[-1] == f"1. 观念。{LONG}。"


# --- The import command: slug, folders, summary, exit status ------------------------------------------


def write_export(tmp_path, *blocks: str):
    source = tmp_path / "export.txt"
    source.write_text(export(*blocks), encoding="utf-8")
    return source


@pytest.mark.parametrize("slug", ["../x", "/tmp/x", "a/b", "Hippo", "x.md", "-x", "a--b", ""])
def test_import_refuses_a_slug_the_build_would_refuse_and_writes_nothing(tmp_path, capsys, slug):
    from lectern.cli import main
    from lectern.load import SLUG

    assert not SLUG.match(slug)
    content = tmp_path / "content"
    content.mkdir()
    source = write_export(tmp_path, f"1. 第一段{LONG}。")
    assert main(["import", str(source), f"--slug={slug}", "--content", str(content)]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"--slug: slug {slug!r} is not allowed") and "Traceback" not in error
    assert sorted(path.name for path in tmp_path.rglob("*")) == ["content", "export.txt"]


def test_import_into_a_missing_folder_names_it(tmp_path, capsys):
    from lectern.cli import main

    source = write_export(tmp_path, f"1. 第一段{LONG}。")
    assert main(["import", str(source), "--slug", "t", "--content", str(tmp_path / "nowhere")]) == 1
    assert capsys.readouterr().err == f"{tmp_path / 'nowhere'}: no such folder; create it or pass --output\n"
    assert main(["import", str(source), "--slug", "t", "--output", str(tmp_path / "no" / "t.md")]) == 1
    assert capsys.readouterr().err.startswith(f"{tmp_path / 'no'}: no such folder")


def test_import_into_a_read_only_folder_names_it(tmp_path, capsys, monkeypatch):
    from pathlib import Path

    from lectern.cli import main

    source = write_export(tmp_path, f"1. 第一段{LONG}。")
    content = tmp_path / "content"
    content.mkdir()

    def refuse(self, *args, **kwargs):  # root ignores chmod, so the refusal is planted where the write happens
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "write_text", refuse)
    assert main(["import", str(source), "--slug", "t", "--content", str(content)]) == 1
    error = capsys.readouterr().err
    assert error == f"{content / 't.md'}: cannot write into {content} (the folder is read-only or not yours)\n"
    assert not (content / "t.md").exists()


def test_import_refuses_to_write_through_a_symlink_or_onto_a_folder(tmp_path, capsys):
    from lectern.cli import main

    source = write_export(tmp_path, f"1. 第一段{LONG}。")
    content = tmp_path / "content"
    content.mkdir()
    outside = tmp_path / "outside.md"
    outside.write_text("keep", encoding="utf-8")
    (content / "t.md").symlink_to(outside)
    (content / "d.md").mkdir()
    assert main(["import", str(source), "--slug", "t", "--content", str(content), "--force"]) == 1
    assert main(["import", str(source), "--slug", "d", "--content", str(content), "--force"]) == 1
    assert outside.read_text(encoding="utf-8") == "keep"
    assert "is a symbolic link" in capsys.readouterr().err


def test_import_prints_a_summary_and_exits_1_with_source_lines_for_what_it_could_not_place(tmp_path, capsys):
    from lectern.cli import main

    blocks = ("一. 背景", f"1. 第一段{LONG}。", f"3. 第三段{LONG}。")
    source = write_export(tmp_path, *blocks)
    content = tmp_path / "content"
    content.mkdir()
    assert main(["import", str(source), "--slug", "t", "--content", str(content)]) == 1
    out, err = capsys.readouterr()
    assert "Joined (" in out and "Moved (" in out and "Dropped (" in out and "Could not place (1):" in out
    line = source_line(export(*blocks), "3. 第三段")
    assert err.startswith(f"{source}:{line}: paragraph numbers jump from 1 to 3")
    assert "1 problem(s) to fix by hand" in err
    assert paragraph_numbers((content / "t.md").read_text(encoding="utf-8")) == [1, 3]  # written, for review


def test_import_exits_0_when_everything_was_placed(tmp_path, capsys):
    from lectern.cli import main

    source = write_export(tmp_path, "一. 背景", f"1. 第一段{LONG}。", f"2. 第二段{LONG}。")
    assert main(["import", str(source), "--slug", "t", "--output", str(tmp_path / "t.md")]) == 0
    assert "Could not place (0)." in capsys.readouterr().out


# --- Property: any export imports, and its text is all there or reported -----------------------------

HAN = "联合国和平行动安全理事会报告建议"
ATOM = st.sampled_from(
    list(HAN)
    + list("abcXYZ0123456789")
    + list(" 。，：；“”()*_`[]<>&#{}!\\-+.=~|^")
    + [
        "¹",
        "²",
        "¹⁰",
        "**",
        "&amp;",
        "[^1]",
        "{#x}",
        "<b>",
        "](#)",
        "km²",
        "<https://a.b/c>",
        "[x](#)",
        "**粗体。**",
        "\ue000",
        "目录",
        "\t",
    ]
)
FRAGMENT = st.lists(ATOM, min_size=1, max_size=30).map("".join)
BLOCK = st.one_of(
    FRAGMENT,
    st.builds(lambda n, text: f"{n}. {text}", st.integers(0, 12), FRAGMENT),
    st.builds(lambda n, text: f"{n}. {text}", st.sampled_from("一二三"), FRAGMENT),
    st.builds(lambda m, text: f"({m}) {text}", st.sampled_from(["a", "b", "一"]), FRAGMENT),
    st.builds(lambda m, text: f"{m} {text}", st.sampled_from(["¹", "²", "¹⁰"]), FRAGMENT),
    st.builds(lambda m, text: f"{m} {text}", st.sampled_from(["*", "**", "-", "#", ">", "- “1."]), FRAGMENT),
    st.lists(FRAGMENT, min_size=2, max_size=4).map("\t".join),  # a table row
)


def _letters(text: str) -> str:
    """Han characters, letters and digits: what must survive. Superscripts are marks, not text."""
    return "".join(ch for ch in text if ch.isalnum() and ch not in "⁰¹²³⁴⁵⁶⁷⁸⁹")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blocks=st.lists(BLOCK, max_size=25))
def test_any_export_keeps_every_letter_in_order_or_reports_it(blocks):
    text = "\n\n".join(blocks) + "\n"
    result = import_text(text, source="p.txt", slug="p")
    meta, _ = split_front_matter(result.markdown)
    rendered = _letters("".join(rendered_blocks(result.markdown)))
    front = _letters("".join(meta["title_page"] + meta["notes"] + result.removed))
    reported = {line for line, _ in result.problems}
    notes = {line for line, message in result.moved if message.startswith("page-one note")}
    reported_footnote = False
    position = 0
    in_footnote = False  # a page-foot note: `¹ text`, then any `- “…` lines, moved to the end
    for number, line in enumerate(text.split("\n"), start=1):
        letters = _letters(line.lstrip("-").lstrip())
        stripped = line.strip()
        if stripped and number not in notes:  # page-one notes are taken out before footnotes
            definition = re.match(r"^[⁰¹²³⁴⁵⁶⁷⁸⁹]+\s*\S", stripped)
            in_footnote = bool(definition) or (in_footnote and stripped.startswith("- “"))
            reported_footnote = (number in reported) if definition else (in_footnote and reported_footnote)
        if not letters or number in reported or (in_footnote and reported_footnote):
            continue  # reported, with the footnote lines that join a reported footnote
        if letters in front or letters in _letters("".join(result.removed)):
            continue  # title page, page-one notes, contents list: front matter or listed as removed
        if in_footnote:
            assert letters in rendered, f"footnote line {number} lost: {line!r}\n{text!r}\n{result.markdown}"
            continue
        found = rendered.find(letters, position)
        assert found >= 0, f"line {number} lost or out of order: {line!r}\n{text!r}\n{result.markdown}"
        position = found + len(letters)
