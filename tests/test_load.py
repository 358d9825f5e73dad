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
        ("---\nslug: a\ntitle_zh: [unclosed\n---\n", ":3:20: malformed front matter: expected ',' or ']'"),
        ("---\nslug: a\n  title_zh: x\n---\n", ":3:11: malformed front matter: mapping values are not allowed here"),
        (
            GOOD_HEAD.replace("title_en: Title", "title_en: Ti\x07tle"),
            ":4:13: malformed front matter: control character U+0007",
        ),
        (
            GOOD_HEAD.replace("source: a.txt", "source: a.txt\nslug: b-doc"),
            ":7:1: malformed front matter: field 'slug' is given twice (first on line 2)",
        ),
        ("---\n{slug: a, slug: b}\n---\n", ":2:11: malformed front matter: field 'slug' is given twice"),
        (GOOD_HEAD.replace("slug: a-doc", "slug: [a]"), ":2: slug ['a'] must be text"),
        (GOOD_HEAD.replace("slug: a-doc", "slug: 123"), ":2: slug 123 must be text"),
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
    assert message.startswith(str(tmp_path / "doc.md") + ":")
    assert message.removeprefix(str(tmp_path / "doc.md")).startswith(expected)


def test_byte_order_mark_is_reported(tmp_path):
    [message] = load_one(tmp_path, b"\xef\xbb\xbf" + GOOD_HEAD.encode())
    assert message.endswith(":1: file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")


def test_invalid_utf8_is_reported_with_its_line_and_column(tmp_path):
    [message] = load_one(tmp_path, GOOD_HEAD.encode() + "\n坏字节".encode() + b"\xff\xfe bad\n")
    assert message.endswith("doc.md:9:4: invalid UTF-8 (byte 0xff); save the file as UTF-8")


def test_duplicate_slug_names_both_files_and_the_line_of_the_slug(tmp_path):
    (tmp_path / "a.md").write_text(GOOD_HEAD, encoding="utf-8")
    [message] = load_one(
        tmp_path,
        GOOD_HEAD.replace("slug: a-doc\n", "").replace("source: a.txt", "source: a.txt\nslug: a-doc"),
        name="b.md",
    )
    assert "b.md:6: duplicate slug 'a-doc'" in message and "a.md" in message


def test_empty_content_folder_is_an_error(tmp_path):
    problems = Problems()
    assert load_sources(tmp_path, problems) == []
    assert "no documents found" in str(problems.errors[0])


def test_an_escaped_lone_surrogate_is_a_content_error_not_a_crash(tmp_path):
    [message] = load_one(tmp_path, GOOD_HEAD.replace("title_en: Title", 'title_en: "Ti\\ud800tle"'))
    assert message.endswith(
        "doc.md:4: field 'title_en' holds U+D800, half of a surrogate pair; write the character itself"
    )


def test_yaml_aliases_are_refused_with_their_line(tmp_path):
    text = GOOD_HEAD.replace("source: a.txt", "source: a.txt\nnotes: &n [x]\ntitle_page: *n")
    [message] = load_one(tmp_path, text)
    assert message.endswith(
        "doc.md:8: malformed front matter: YAML alias *n is not allowed here; write the value out "
        "in full (aliases can make a small file expand without bound)"
    )


def test_an_alias_bomb_is_refused_at_once(tmp_path):
    """A 'billion laughs' in 1 KB: refused before anything is expanded (it ran until killed before)."""
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    [message] = load_one(tmp_path, "---\n" + bomb + "---\n")
    assert "doc.md:3: malformed front matter: YAML alias *a is not allowed here" in message


@pytest.mark.parametrize(
    "field, value, expected",
    [
        ("title_page", "第一行", "field 'title_page' must be a list such as [第一行]"),
        ("notes", "{a: 1}", "field 'notes' must be a list of texts, not a mapping"),
        ("date", "June 2015", "date 'June 2015' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"),
        ("date", "2015-13-40", "date '2015-13-40' is not a date"),
        ("title_zh", "'   '", "field 'title_zh' is empty"),
        ("title_zh", "[a, b]", "field 'title_zh' must be text, not a list"),
        ("body", '"大\\x01会"', "field 'body' holds the control character U+0001"),
        ("slug", "index", "slug 'index' is a name the site uses itself"),
    ],
)
def test_front_matter_values_are_checked_against_the_schema(tmp_path, field, value, expected):
    head = (
        GOOD_HEAD
        if field not in ("date", "title_zh", "slug")
        else "\n".join(line for line in GOOD_HEAD.split("\n") if not line.startswith(f"{field}:"))
    )
    text = head.replace("source: a.txt", f"source: a.txt\n{field}: {value}")
    [message] = load_one(tmp_path, text)
    assert expected in message, message
    assert message.startswith(str(tmp_path / "doc.md") + ":")


def test_a_control_character_in_the_glossary_is_located_in_characters_not_bytes(tmp_path):
    from lectern.glossary import read_glossary

    glossary = tmp_path / "glossary.yaml"
    glossary.write_text("terms:\n- term: 维持和平行动\n  english: peace\x07keeping\n", encoding="utf-8")
    problems = Problems()
    read_glossary(glossary, problems)
    assert [str(error) for error in problems.errors] == [
        f"{glossary}:3:17: malformed glossary: control character U+0007 is not allowed"
    ]


def test_a_document_that_is_a_link_to_another_is_named_by_its_own_name(tmp_path, monkeypatch):
    """A careless copy made as a symbolic link (`ln -s report.md copy.md`) repeats the slug: the problem names
    the link, where the editor must act, and the file it repeats, not the same file twice."""
    monkeypatch.chdir(tmp_path)
    content = tmp_path / "content"
    content.mkdir()
    (content / "report.md").write_text(
        "---\nslug: report\ntitle_zh: 标题\ntitle_en: Title\ndate: 2020-01-01\nsource: a.txt\n---\n1\\. 正文。\n",
        encoding="utf-8",
    )
    (content / "similar.md").symlink_to("report.md")
    problems = Problems()
    sources = load_sources(Path("content"), problems)
    assert [source.path for source in sources] == ["content/report.md", "content/similar.md"]
    assert [f"{e.location.path}:{e.location.line}: {e.message}" for e in problems.errors] == [
        "content/similar.md:2: duplicate slug 'report' (also used by content/report.md)"
    ]
