"""Front matter validation: every problem as path:line: message."""

from __future__ import annotations

from pathlib import Path

import pytest

from lectern.errors import Problems
from lectern.load import load_sources

GOOD_HEAD = "---\nslug: a-doc\ntitle_zh: 标题\ntitle_en: Title\ndate: 2020-01-01\nsource: a.txt\n---\n"


def load_one(tmp_path: Path, text: str | bytes, name: str = "doc.md") -> list[str]:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    problems = Problems()
    load_sources(tmp_path, problems)
    return [str(error) for error in problems.errors]


def test_valid_front_matter_loads_with_body_line(tmp_path):
    (tmp_path / "doc.md").write_text(GOOD_HEAD + "\n1\\. 正文。\n", encoding="utf-8")
    problems = Problems()
    [source] = load_sources(tmp_path, problems)
    assert not problems.errors
    assert source.meta.slug == "a-doc" and source.meta.date == "2020-01-01"
    assert source.body_line == 8 and source.body.startswith("\n1\\.")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("---\nslug: a\ntitle_zh: [unclosed\n---\n", ":3: malformed front matter"),
        ("no front matter\n", ":1: missing front matter"),
        ("---\nslug: a\n", ":1: front matter is not closed"),
        ("---\nslug: a-doc\ntitle_en: T\ndate: 2020\nsource: s\n---\n", ":1: missing required field 'title_zh'"),
        (GOOD_HEAD.replace("slug: a-doc", "slug: Not ASCII 文"), ":2: slug 'Not ASCII 文'"),
        (GOOD_HEAD.replace("source: a.txt", "source: a.txt\ncolour: red"), ":7: unknown front matter field 'colour'"),
        (GOOD_HEAD.replace("title_en: Title", "title_en: Title\nsymbol: not a symbol"), ":5: symbol 'not a symbol'"),
    ],
)
def test_front_matter_problem_names_file_and_line(tmp_path, text, expected):
    [message] = load_one(tmp_path, text)
    assert message.startswith(str(tmp_path / "doc.md") + ":") or message.startswith("doc.md")
    assert expected in message


def test_byte_order_mark_is_reported(tmp_path):
    [message] = load_one(tmp_path, b"\xef\xbb\xbf" + GOOD_HEAD.encode())
    assert message.endswith(":1: file starts with a byte-order mark; save it as UTF-8 without BOM")


def test_invalid_utf8_is_reported_with_its_line(tmp_path):
    [message] = load_one(tmp_path, GOOD_HEAD.encode() + b"\n\xff\xfe bad\n")
    assert ":9: invalid UTF-8 (byte 0xff)" in message


def test_duplicate_slug_names_both_files(tmp_path):
    (tmp_path / "a.md").write_text(GOOD_HEAD, encoding="utf-8")
    [message] = load_one(tmp_path, GOOD_HEAD, name="b.md")
    assert "b.md:2: duplicate slug 'a-doc'" in message and "a.md" in message


def test_empty_content_folder_is_an_error(tmp_path):
    problems = Problems()
    assert load_sources(tmp_path, problems) == []
    assert "no documents found" in str(problems.errors[0])
