"""Every class of bad input: a `path:line: message`, exit status 1, and the previous site left as it was."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from lectern.cli import main

from .conftest import ROOT, disk_full_at
from .test_golden import tree_digest

DOC = "fixture-2020.md"


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(n for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if needle in text)


def malformed_yaml(content: Path, templates: Path) -> str:
    replace_in(content / DOC, 'title_en: "Test', 'title_en: ["Test')
    return rf"{DOC}:5:1: malformed front matter: expected ',' or ']', but got"


def missing_field(content: Path, templates: Path) -> str:
    replace_in(content / DOC, "source: fixture.txt\n", "")
    return rf"{DOC}:1: missing required field 'source'"


def duplicate_slug(content: Path, templates: Path) -> str:
    shutil.copy(content / DOC, content / "copy.md")
    return r"fixture-2020.md:2: duplicate slug 'fixture-2020' \(also used by .*copy.md\)"


def repeated_number(content: Path, templates: Path) -> str:
    replace_in(content / DOC, "3\\. 保护平民", "2\\. 保护平民")
    line, first = line_of(content / DOC, "2\\. 保护平民"), line_of(content / DOC, "2\\. 小组建议")
    return rf"{DOC}:{line}: paragraph 2 is repeated: it is also at line {first}"


def gap_in_numbers(content: Path, templates: Path) -> str:
    replace_in(content / DOC, "3\\. 保护平民", "5\\. 保护平民")
    line = line_of(content / DOC, "5\\. 保护平民")
    return rf"{DOC}:{line}: paragraph numbers jump from 2 to 5: paragraphs 3–4 are missing"


def out_of_order(content: Path, templates: Path) -> str:
    replace_in(content / DOC, "2\\. 小组建议", "4\\. 小组建议")
    line = line_of(content / DOC, "4\\. 小组建议")
    return rf"{DOC}:{line}: paragraph numbers jump from 1 to 4"


def invalid_utf8(content: Path, templates: Path) -> str:
    line = line_of(content / DOC, "审查任务")
    data = (content / DOC).read_bytes().replace("审查任务".encode(), b"\xff\xfe")
    (content / DOC).write_bytes(data)
    return rf"{DOC}:{line}:5: invalid UTF-8 \(byte 0xff\)"


def byte_order_mark(content: Path, templates: Path) -> str:
    (content / DOC).write_bytes(b"\xef\xbb\xbf" + (content / DOC).read_bytes())
    return rf"{DOC}:1: file starts with a byte-order mark"


def unknown_glossary_reference(content: Path, templates: Path) -> str:
    replace_in(content / "glossary.yaml", "related: [安全理事会]", "related: [不存在的条目]")
    return r"glossary.yaml:3: term '保护平民': related entry '不存在的条目' does not exist"


def broken_template(content: Path, templates: Path) -> str:
    line = line_of(templates / "home.html", "{% for document in documents %}")
    replace_in(templates / "home.html", "{% for document in documents %}", "{% for document in documents %")
    # Jinja2 notices the unclosed tag at the next one, a line further down.
    return rf"templates/home.html:{line + 1}: template error: unexpected '%'"


def template_fails_while_rendering(content: Path, templates: Path) -> str:
    line = line_of(templates / "home.html", "{% for document in documents %}")
    replace_in(templates / "home.html", "{% for document in documents %}", "{% for document in documentz %}")
    return rf"templates/home.html:{line}: template error: 'documentz' is undefined \(while rendering .*index.html\)"


def template_raises_while_rendering(content: Path, templates: Path) -> str:
    line = line_of(templates / "home.html", "{% for document in documents %}")
    replace_in(
        templates / "home.html", "{% for document in documents %}", "{{ 1 // 0 }}{% for document in documents %}"
    )
    return (
        rf"templates/home.html:{line}: template error: ZeroDivisionError: integer division or modulo by zero "
        r"\(while rendering zh-hans/index.html\)"
    )  # the first edition's page, however the processes finish


def listing_template_asks_for_a_whole_document(content: Path, templates: Path) -> str:
    """home.html receives listings (README): a field they do not carry stops the build where it is asked for."""
    line = line_of(templates / "home.html", "{% set meta = document.meta %}")
    replace_in(
        templates / "home.html", "{% set meta = document.meta %}", "{% set meta = document.meta %}{{ document.blocks }}"
    )
    return (
        rf"templates/home.html:{line}: template error: 'lectern.model.Listing object' has no attribute 'blocks' "
        r"\(while rendering zh-hans/index.html\)"
    )


def template_not_utf8(content: Path, templates: Path) -> str:
    (templates / "term.html").write_bytes(
        (templates / "term.html").read_bytes().replace(b"{% block", b"\xff{% block", 1)
    )
    line = next(n for n, text in enumerate((templates / "term.html").read_bytes().split(b"\n"), 1) if b"\xff" in text)
    return rf"templates/term.html:{line}: template is not valid UTF-8 \(byte 0xff\)"


def override_never_matches(content: Path, templates: Path) -> str:
    (content / "conversion-overrides.tsv").write_text("从未出现\t從未出現\n", encoding="utf-8")
    return r"conversion-overrides.tsv:1: override '从未出现' matches nothing in the content"


def empty_content_folder(content: Path, templates: Path) -> str:
    for path in content.iterdir():
        path.unlink()
    return r"content: no documents found"


CASES = [
    malformed_yaml,
    missing_field,
    duplicate_slug,
    repeated_number,
    gap_in_numbers,
    out_of_order,
    invalid_utf8,
    byte_order_mark,
    unknown_glossary_reference,
    broken_template,
    template_fails_while_rendering,
    template_raises_while_rendering,
    listing_template_asks_for_a_whole_document,
    template_not_utf8,
    override_never_matches,
    empty_content_folder,
]


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
    assert listing(tmp_path) == ["content", "site", "templates"]  # no leftovers


def test_output_folder_that_cannot_be_created(tmp_path, fixture_content, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert main(["--content", str(fixture_content), "--out", str(blocker / "site")]) == 1
    err = capsys.readouterr().err
    assert f"{blocker}: cannot create the output folder here" in err and "Traceback" not in err


@contextlib.contextmanager
def read_only(folder: Path, monkeypatch):
    """A folder nobody may add to, root included (chattr +i); where the file system cannot say
    so, creating the temporary folder fails as it would there."""
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0:
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:

        def refuse(*args, **kwargs):
            raise PermissionError(1, "Operation not permitted", str(folder))

        monkeypatch.setattr("lectern.write.tempfile.mkdtemp", refuse)
        yield


def test_output_folder_that_is_not_writable_keeps_the_previous_site(tmp_path, fixture_content, capsys, monkeypatch):
    out = tmp_path / "public" / "site"
    args = ["--content", str(fixture_content), "--out", str(out), "--quiet"]
    assert main(args) == 0
    before = tree_digest(out)
    replace_in(fixture_content / DOC, "审查任务", "审查并更新任务")
    with read_only(out.parent, monkeypatch):
        assert main(args) == 1
    err = capsys.readouterr().err
    assert f"{out.parent}: cannot create the output folder here" in err and "Traceback" not in err
    assert tree_digest(out) == before
    assert listing(out.parent) == ["site"]


def test_a_failure_half_way_through_writing_is_reported_and_keeps_the_previous_site(
    tmp_path, fixture_content, capsys, monkeypatch
):
    out = tmp_path / "site"
    # one process: the fault is planted in this one (a rebuild writes only what changed: the edited document)
    args = ["--content", str(fixture_content), "--out", str(out), "--quiet", "--jobs", "1"]
    assert main(args) == 0
    before = tree_digest(out)
    replace_in(fixture_content / DOC, "审查任务", "审查并更新任务")

    disk_full_at(monkeypatch, "/fixture-2020/index.html")
    assert main(args) == 1
    err = capsys.readouterr().err
    assert re.search(r"fixture-2020/index\.html: cannot write the site here \(No space left on device\)", err), err
    assert "Traceback" not in err
    assert tree_digest(out) == before
    assert listing(tmp_path) == ["content", "site"]


def listing(folder: Path) -> list[str]:
    """What a build left in a folder, besides its cache (.lectern-cache, beside the output by design)."""
    return sorted(p.name for p in folder.iterdir() if p.name != ".lectern-cache")
