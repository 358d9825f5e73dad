"""Every class of bad input: a `path:line: message`, exit status 1, and the previous site left as it was."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from lectern.cli import main

from .conftest import ROOT
from .test_golden import tree_digest

DOC = "fixture-2020.md"


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(n for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if needle in text)


def malformed_yaml(content: Path, templates: Path) -> str:
    replace_in(content / DOC, "title_en: \"Test", "title_en: [\"Test")
    return rf"{DOC}:5: malformed front matter"


def missing_field(content: Path, templates: Path) -> str:
    replace_in(content / DOC, "source: fixture.txt\n", "")
    return rf"{DOC}:1: missing required field 'source'"


def duplicate_slug(content: Path, templates: Path) -> str:
    shutil.copy(content / DOC, content / "copy.md")
    return r"fixture-2020.md:2: duplicate slug 'fixture-2020' \(also used by .*copy.md\)"


def repeated_number(content: Path, templates: Path) -> str:
    replace_in(content / DOC, "3\\. 保护平民", "2\\. 保护平民")
    line = line_of(content / DOC, "2\\. 保护平民")
    return rf"{DOC}:{line}: paragraph 2 is out of order: it follows paragraph 2"


def gap_in_numbers(content: Path, templates: Path) -> str:
    replace_in(content / DOC, "3\\. 保护平民", "5\\. 保护平民")
    line = line_of(content / DOC, "5\\. 保护平民")
    return rf"{DOC}:{line}: paragraph numbers jump from 2 to 5: paragraph 3–4 is missing"


def out_of_order(content: Path, templates: Path) -> str:
    replace_in(content / DOC, "2\\. 小组建议", "4\\. 小组建议")
    line = line_of(content / DOC, "4\\. 小组建议")
    return rf"{DOC}:{line}: paragraph numbers jump from 1 to 4"


def invalid_utf8(content: Path, templates: Path) -> str:
    data = (content / DOC).read_bytes().replace("审查任务".encode(), b"\xff\xfe")
    (content / DOC).write_bytes(data)
    return rf"{DOC}:\d+: invalid UTF-8 \(byte 0xff\)"


def byte_order_mark(content: Path, templates: Path) -> str:
    (content / DOC).write_bytes(b"\xef\xbb\xbf" + (content / DOC).read_bytes())
    return rf"{DOC}:1: file starts with a byte-order mark"


def unknown_glossary_reference(content: Path, templates: Path) -> str:
    replace_in(content / "glossary.yaml", "related: [安全理事会]", "related: [不存在的条目]")
    return r"glossary.yaml:3: term '保护平民': related entry '不存在的条目' does not exist"


def broken_template(content: Path, templates: Path) -> str:
    replace_in(templates / "home.html", "{% for document in documents %}", "{% for document in documents %")
    return r"home.html:\d+: template error: "


def override_never_matches(content: Path, templates: Path) -> str:
    (content / "conversion-overrides.tsv").write_text("从未出现\t從未出現\n", encoding="utf-8")
    return r"conversion-overrides.tsv:1: override '从未出现' matches nothing in the content"


def empty_content_folder(content: Path, templates: Path) -> str:
    for path in content.iterdir():
        path.unlink()
    return r"content: no documents found"


CASES = [malformed_yaml, missing_field, duplicate_slug, repeated_number, gap_in_numbers, out_of_order,
         invalid_utf8, byte_order_mark, unknown_glossary_reference, broken_template, override_never_matches,
         empty_content_folder]


@pytest.mark.parametrize("spoil", CASES, ids=[case.__name__ for case in CASES])
def test_bad_input_names_file_and_line_and_keeps_the_previous_site(tmp_path, fixture_content, capsys, spoil):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    out = tmp_path / "site"
    args = ["--content", str(fixture_content), "--templates", str(templates), "--out", str(out), "--quiet"]
    assert main(args) == 0
    before = tree_digest(out)
    expected = spoil(fixture_content, templates)
    capsys.readouterr()
    assert main(args) == 1
    err = capsys.readouterr().err
    assert re.search(expected, err), err
    assert "Traceback" not in err
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site", "templates"]  # no leftovers


def test_output_folder_that_cannot_be_created(tmp_path, fixture_content, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert main(["--content", str(fixture_content), "--out", str(blocker / "site")]) == 1
    assert "cannot create the output folder" in capsys.readouterr().err
