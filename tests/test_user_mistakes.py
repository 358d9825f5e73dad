"""A user's mistake is never 'a bug in Lectern': each becomes `path:line: message`, exit 1, old site untouched.

One case per mistake the adversarial review found ending in a traceback or accepted in silence;
each spoils a copy of the fixture site and names what the message must say.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from lectern.cli import main

from .test_bad_input import DOC, line_of
from .test_bad_input import replace_in as edit
from .test_golden import tree_digest


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def chinese_subitem_not_a_number(content: Path) -> str:
    edit(
        content / DOC,
        "(a) 秘书长应提供必要的资源并发挥其影响力；",
        "(a) 秘书长应提供必要的资源并发挥其影响力；\n\n(一一) 多余",
    )
    return rf"{DOC}:\d+: sub-item \(一一\) is not a Chinese number"


def abbreviation_full_name_a_list(content: Path) -> str:
    # the parse units read the curated full names: a wrong type must stop at the glossary, not in a worker
    append(content / "glossary.yaml", "  第五委员会: {full_name: [行政, 预算], english: Fifth Committee}\n")
    return r"glossary.yaml:\d+: abbreviation '第五委员会': full_name must be text, not a list"


def chapter_not_a_number(content: Path) -> str:
    append(content / DOC, "\n## 十十. 第二十章\n")
    return rf"{DOC}:\d+: chapter number '十十' is not a Chinese number"


def subitem_letters_skip(content: Path) -> str:
    edit(content / DOC, "(b) ", "(c) ")
    return rf"{DOC}:\d+: sub-item \(c\) of paragraph 2 follows \(a\): expected \(b\)"


def paragraph_zero(content: Path) -> str:
    edit(content / DOC, "1\\. ", "0\\. ")
    return rf"{DOC}:\d+: paragraph 0: printed paragraphs are numbered from 1"


def control_character_in_body(content: Path) -> str:
    edit(content / DOC, "审查任务", "审查\x01任务")
    return rf"{DOC}:{line_of(content / DOC, '审查')}:\d+: control character U\+0001 is not allowed"


def table_header_rows_not_a_number(content: Path) -> str:
    edit(content / DOC, "header-rows=2", "header-rows=two")
    return rf"{DOC}:{line_of(content / DOC, 'header-rows=two')}: table option header-rows='two' must be a whole number"


def table_chart_out_of_range(content: Path) -> str:
    edit(content / DOC, "chart=2", "chart=9")
    return rf"{DOC}:\d+: chart=9 but the table's columns are numbered 0 to 4"


def table_chart_column_holds_text(content: Path) -> str:
    edit(content / DOC, "chart=2", "chart=0")
    return rf"{DOC}:\d+: chart=0 but the table's columns are numbered 0 to 4 \(column 0 holds the row labels\)"


def table_unknown_option(content: Path) -> str:
    edit(content / DOC, "chart=2", "chart=2 colour=red")
    return rf"{DOC}:\d+: table option 'colour=red' is not known"


def glossary_is_a_list(content: Path) -> str:
    (content / "glossary.yaml").write_text("- term: 保护平民\n", encoding="utf-8")
    return r"glossary.yaml:1: the glossary must be a mapping with `terms:`"


def glossary_abbreviations_list(content: Path) -> str:
    text = (content / "glossary.yaml").read_text(encoding="utf-8")
    (content / "glossary.yaml").write_text(
        text[: text.index("abbreviations:")] + "abbreviations:\n  - 马里稳定团\n", encoding="utf-8"
    )
    return r"glossary.yaml:\d+: `abbreviations:` must be a mapping"


def glossary_see_not_a_number(content: Path) -> str:
    edit(
        content / "glossary.yaml",
        "related: [安全理事会]",
        "related: [安全理事会]\n    see: {doc: fixture-2020, para: 三}",
    )
    return r"glossary.yaml:\d+: term '保护平民': see para '三' must be a whole number"


def glossary_invalid_utf8(content: Path) -> str:
    path = content / "glossary.yaml"
    path.write_bytes(path.read_bytes().replace("保护平民".encode(), b"\xff", 1))
    return r"glossary.yaml:\d+:\d+: invalid UTF-8 \(byte 0xff\)"


def glossary_is_a_folder(content: Path) -> str:
    (content / "glossary.yaml").unlink()
    (content / "glossary.yaml").mkdir()
    return r"glossary.yaml: the glossary must be a file"


def glossary_aliases_as_text(content: Path) -> str:
    edit(content / "glossary.yaml", "related: [安全理事会]", "related: 安全理事会")
    return r"glossary.yaml:\d+: term '保护平民': related must be a list such as \[安全理事会\]"


def glossary_whitespace_term(content: Path) -> str:
    edit(content / "glossary.yaml", "term: 保护平民", "term: '  '")
    return r"glossary.yaml:\d+: term '  ': term is empty"


def glossary_slug_dot(content: Path) -> str:
    edit(content / "glossary.yaml", "term: 保护平民", "term: 保护平民\n    slug: .")
    return r"glossary.yaml:\d+: term '保护平民': slug '\.' must be lowercase ASCII"


def glossary_slug_reserved(content: Path) -> str:
    edit(content / "glossary.yaml", "term: 保护平民", "term: 保护平民\n    slug: index")
    return r"glossary.yaml:\d+: term '保护平民': slug 'index' is a name the site uses itself"


def glossary_alias_bomb(content: Path) -> str:
    (content / "glossary.yaml").write_text("a: &a [x, x]\nb: &b [*a, *a]\nterms: *b\n", encoding="utf-8")
    return r"glossary.yaml:2: malformed glossary: YAML alias \*a is not allowed here"


def overrides_bom(content: Path) -> str:
    path = content / "conversion-overrides.tsv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return r"conversion-overrides.tsv:1: file starts with a byte-order mark \(BOM\)"


def overrides_invalid_utf8(content: Path) -> str:
    path = content / "conversion-overrides.tsv"
    path.write_bytes(path.read_bytes() + b"\n\xc3\x28\t\xe6\n")
    return r"conversion-overrides.tsv:\d+:1: invalid UTF-8 \(byte 0xc3\)"


def markdown_folder(content: Path) -> str:
    (content / "notes.md").mkdir()
    return r"notes.md: is a folder, not a document"


def dangling_symlink(content: Path) -> str:
    os.symlink(content / "gone.md", content / "link.md")
    return r"link.md: is a symbolic link to .*gone.md, which does not exist"


def title_page_as_text(content: Path) -> str:
    edit(content / DOC, "title_page:\n- 第七十五届会议\n- 议程项目 1", "title_page: 第一行")
    return rf"{DOC}:\d+: field 'title_page' must be a list such as \[第一行\]"


def date_not_a_date(content: Path) -> str:
    text = (content / DOC).read_text(encoding="utf-8")
    (content / DOC).write_text(re.sub(r"(?m)^date: .*$", "date: next Tuesday", text, count=1), encoding="utf-8")
    return rf"{DOC}:\d+: date 'next Tuesday' is not a date"


def attribute_style(content: Path) -> str:
    edit(content / DOC, "{#table-1}", '{#table-1 style="background:url(https://evil.example/x.png)"}')
    return rf"{DOC}:\d+: attribute 'style' is not allowed here"


def footnote_label_markup(content: Path) -> str:
    edit(content / DOC, "[^1]", '[^x"><img/src=//evil.example/a.png>]')
    edit(content / DOC, "[^1]:", '[^x"><img/src=//evil.example/a.png>]:')
    return rf"{DOC}:\d+: footnote label 'x\"><img/src=//evil.example/a.png>' is not allowed"


def footnote_never_referenced(content: Path) -> str:
    append(content / DOC, "\n[^9]: 没有人引用的脚注。\n")
    return rf"{DOC}:\d+: footnote \[\^9\] is never referenced"


def footnote_defined_twice(content: Path) -> str:
    append(content / DOC, "\n[^1]: 第二个同号脚注。\n")
    return rf"{DOC}:\d+: footnote \[\^1\] is defined twice"


def document_slug_is_the_glossary(content: Path) -> str:
    text = (content / DOC).read_text(encoding="utf-8").replace("slug: fixture-2020", "slug: glossary", 1)
    (content / "glossary-doc.md").write_text(text, encoding="utf-8")
    return r"glossary-doc.md:2: slug 'glossary' is a name the site uses itself"


def nesting_swallows_text(content: Path) -> str:
    deep = "\n".join("  " * depth + f"- 层{depth}" for depth in range(25))
    edit(content / DOC, "{#table-1}", "{#deep}\n" + deep + "\n\n{#table-1}")
    return rf"{DOC}:\d+: text of this line \('层\d+'\) is not on the rendered page"


CASES = [
    chinese_subitem_not_a_number,
    chapter_not_a_number,
    subitem_letters_skip,
    paragraph_zero,
    control_character_in_body,
    table_header_rows_not_a_number,
    table_chart_out_of_range,
    table_chart_column_holds_text,
    table_unknown_option,
    glossary_is_a_list,
    glossary_abbreviations_list,
    glossary_see_not_a_number,
    glossary_invalid_utf8,
    glossary_is_a_folder,
    glossary_aliases_as_text,
    glossary_whitespace_term,
    glossary_slug_dot,
    glossary_slug_reserved,
    glossary_alias_bomb,
    overrides_bom,
    overrides_invalid_utf8,
    markdown_folder,
    dangling_symlink,
    title_page_as_text,
    date_not_a_date,
    attribute_style,
    footnote_label_markup,
    footnote_never_referenced,
    footnote_defined_twice,
    document_slug_is_the_glossary,
    nesting_swallows_text,
    abbreviation_full_name_a_list,
]


@pytest.mark.parametrize("spoil", CASES, ids=[case.__name__ for case in CASES])
def test_mistake_is_a_located_content_error_and_the_site_is_kept(tmp_path, fixture_content, capsys, spoil):
    out = tmp_path / "site"
    args = ["--content", str(fixture_content), "--out", str(out), "--quiet"]
    assert main(args) == 0
    before = tree_digest(out)
    expected = spoil(fixture_content)
    capsys.readouterr()
    assert main(args) == 1
    err = capsys.readouterr().err
    assert re.search(expected, err), err
    assert "Traceback" not in err and "bug in Lectern" not in err
    assert tree_digest(out) == before
