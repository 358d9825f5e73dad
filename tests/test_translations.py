"""Language versions: loading `<slug>.<lang>.md`, ids from Roman numbering, the alignment check."""

from __future__ import annotations

from pathlib import Path

import pytest

from lectern.align import check_alignment
from lectern.cli import main
from lectern.errors import Problems
from lectern.load import load_sources, load_translations
from lectern.model import TranslationMeta, TranslationSource
from lectern.parse import parse_document, parse_translation

from .conftest import ROOT, build_into

ORIGINAL = "---\nslug: a-doc\ntitle_zh: 标题\ntitle_en: Title\ndate: 2020-01-01\nsource: a.txt\nsymbol: A/1/2\n---\n"
ENGLISH = "---\nlang: en\ntitle: Title\nsource: written for the tests\nstatus: working\n---\n"


def load(tmp_path: Path, files: dict[str, str]):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    problems = Problems()
    sources = load_sources(tmp_path, problems)
    translations = load_translations(tmp_path, sources, problems)
    return sources, translations, [str(error) for error in problems.errors]


def test_a_translation_file_is_not_a_document_and_loads_beside_its_original(tmp_path):
    sources, translations, errors = load(
        tmp_path, {"a.md": ORIGINAL + "\n1\\. 正文。\n", "a-doc.en.md": ENGLISH + "\n1\\. Text.\n"}
    )
    assert not errors
    assert [source.meta.slug for source in sources] == ["a-doc"]
    [translation] = translations
    assert translation.meta == TranslationMeta("a-doc", "en", "Title", None, "written for the tests", "working")
    assert translation.body_line == 7


@pytest.mark.parametrize(
    "name, text, expected",
    [
        ("other.en.md", ENGLISH, "other.en.md:1: translation of 'other', but no document has that slug"),
        ("a-doc.de.md", ENGLISH, "a-doc.de.md:1: 'de' is not an official UN language"),
        ("a-doc.zh.md", ENGLISH, "a-doc.zh.md:1: a translation cannot be in Chinese"),
        ("a-doc.EN.md", ENGLISH, "a-doc.EN.md:1: language code 'EN' must be written in lowercase"),
        ("a-doc.en.md", ENGLISH.replace("working", "draft"), "a-doc.en.md:5: status 'draft' is not one of"),
        ("a-doc.en.md", ENGLISH.replace("lang: en", "lang: fr"), "a-doc.en.md:2: lang 'fr' does not match"),
        ("a-doc.en.md", ENGLISH.replace("title: Title\n", ""), "a-doc.en.md:1: missing required field 'title'"),
        ("a-doc.en.md", ENGLISH.replace("status", "state"), "a-doc.en.md:5: unknown front matter field 'state'"),
        (
            "a-doc.fr.md",
            ENGLISH.replace("lang: en", "lang: fr").replace("working\n", "working\nsymbol: A/1/3\n"),
            "a-doc.fr.md:6: symbol A/1/3 differs from the original's (A/1/2",
        ),
    ],
)
def test_a_bad_translation_file_is_a_located_error(tmp_path, name, text, expected):
    _, translations, errors = load(tmp_path, {"a.md": ORIGINAL + "\n1\\. 正文。\n", name: text + "\n1\\. Text.\n"})
    assert translations == []
    located = [error.split(str(tmp_path) + "/", 1)[-1] for error in errors]
    assert any(error.startswith(expected) for error in located), located


def parse_english(body: str):
    problems = Problems()
    meta = TranslationMeta("t", "en", "Title", None, "tests", "working")
    translation = parse_translation(TranslationSource("content/t.en.md", meta, body, 10), problems)
    return translation, [str(error) for error in problems.errors]


def test_roman_numbering_gives_the_ids_of_the_chinese_numbering():
    body = (
        "## I. Background\n\n1\\. One.\n\n2\\. Two:\n\n(a) A;\n\n(b) B:\n\n(i) Nested one;\n\n(ii) Nested two;\n\n"
        "(c) C;\n\n(d) D;\n\n(e) E;\n\n(f) F;\n\n(g) G;\n\n(h) H;\n\n(i) the letter i;\n\n"
        "## II. Second chapter\n\n### A. Section\n\n#### 1. Subsection\n\n### I. Section I\n\n3\\. Three.\n"
    )
    translation, errors = parse_english(body)
    assert not errors
    anchors = [block.anchor for block in translation.blocks]
    assert anchors[:7] == ["s1", "p1", "p2", "p2-a", "p2-b", "p2-b-1", "p2-b-2"]
    assert "p2-i" in anchors and "s2" in anchors and "s2-a" in anchors and "s2-a-1" in anchors and "s2-i" in anchors
    assert [b.number for b in translation.blocks if b.anchor == "p2-b-2"] == ["2(b)(ii)"]


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            "1\\. One:\n\n(a) A;\n\n(ii) skipped one;\n",
            "content/t.en.md:14: sub-item (ii) of paragraph 1(a) is out of order: expected number 1",
        ),
        (
            "1\\. One:\n\n(a) A;\n\n(c) C;\n",
            "content/t.en.md:14: sub-item (c) of paragraph 1 follows (a): expected (b)",
        ),
        ("## IIII. Bad\n", "content/t.en.md:10: chapter number 'IIII' is not a Roman number"),
    ],
)
def test_english_numbering_mistakes_are_reported_in_english_terms(body, expected):
    _, errors = parse_english(body)
    assert errors == [expected]


def test_a_unit_missing_in_either_version_is_a_warning_at_its_line(tmp_path):
    sources, [source], errors = load(
        tmp_path,
        {
            "a.md": ORIGINAL + "\n1\\. 一。\n\n2\\. 二：\n\n(a) 甲；\n\n(b) 乙。\n",
            "a-doc.en.md": ENGLISH + "\n1\\. One.\n\n2\\. Two:\n\n(a) A;\n\n{#extra}\nAn added note.\n",
        },
    )
    assert not errors
    problems = Problems()
    document = parse_document(sources[0], problems)
    translation = parse_translation(source, problems)
    warnings = [str(warning) for warning in check_alignment(document, translation)]
    assert len(warnings) == 2
    assert warnings[0].startswith(f"{tmp_path / 'a-doc.en.md'}:12: sub-item 2(b) (#p2-b, ")
    assert "is missing in this English version" in warnings[0]
    assert ":15: block {#extra} (#extra) is not in the original" in warnings[1]


def test_the_fixture_builds_with_one_warning_the_missing_sub_item_and_strict_refuses_it(
    tmp_path, fixture_content, capsys
):
    english = fixture_content / "fixture-2020.en.md"
    line = next(n for n, text in enumerate(english.read_text(encoding="utf-8").split("\n"), 1) if "(i) " in text)
    assert main(["--content", str(fixture_content), "--out", str(tmp_path / "a"), "--quiet"]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "(warning" in line]
    assert len(warnings) == 1, warnings  # no duplicate id, no broken link from the parallel pages
    assert warnings[0].startswith(f"{english}:{line}: sub-item 2(b)(二) (#p2-b-2, ")
    assert main(["--content", str(fixture_content), "--out", str(tmp_path / "b"), "--strict"]) == 1
    assert not (tmp_path / "b").exists()


def test_the_parallel_page_aligns_by_id_and_says_where_the_english_is_missing(tmp_path, fixture_content):
    out = build_into(fixture_content, tmp_path / "site")
    html = (out / "zh-hant" / "fixture-2020" / "en" / "index.html").read_text(encoding="utf-8")
    rows = html.split('<div class="row ')[1:]
    row = next(row for row in rows if 'id="p2-b-2"' in row)
    assert "此處無英文文本" in row and "Not available in English" in row and "Review mandates" not in row
    row = next(row for row in rows if 'id="p2-b-1"' in row)
    assert 'id="en-p2-b-1"' in row and "Review mandates" in row and "審查任務" in row
    assert 'href="#en-fn1" id="en-fnref1"' in html and '<li id="en-fn1"' in html  # the English notes, apart
    assert 'class="term" href="../../glossary/index.html#anquan-lishi-hui">Security Council</a>' in html
    assert "工作譯文，非正式文本" in html and "Working translation, not an official text" in html
    for lang in ("ar", "zh", "en", "fr", "ru", "es"):  # the official versions in all six languages
        assert f'href="https://undocs.org/{lang}/A/75/999" hreflang="{lang}"' in html
    document = (out / "zh-hans" / "fixture-2020" / "index.html").read_text(encoding="utf-8")
    assert '<a href="en/index.html" data-view-switch="en">' in document
    chinese = (out / "zh-hans" / "fixture-2020" / "p" / "2" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" hreflang="en" href="../../en/p/2/index.html">' in chinese
    assert ">English · A/75/999, para. 2 →</a>" in chinese
    english = (out / "zh-hans" / "fixture-2020" / "en" / "p" / "2" / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:description" content="The Panel recommends that: (a) The Secretary-General' in english
    assert '<meta property="og:locale" content="en_US">' in english


def test_a_document_without_a_language_version_has_no_view_switch(tmp_path, fixture_content):
    (fixture_content / "fixture-2020.en.md").unlink()
    out = build_into(fixture_content, tmp_path / "site", strict=True)
    assert "view-switch" not in (out / "zh-hans" / "fixture-2020" / "index.html").read_text(encoding="utf-8")
    assert not (out / "zh-hans" / "fixture-2020" / "en").exists()


def test_bundled_documents_have_no_invented_language_version():
    assert sorted(path.name for path in (ROOT / "content").glob("*.*.md")) == []


def test_hostile_text_in_a_translation_reaches_the_pages_escaped(tmp_path, fixture_content):
    english = fixture_content / "fixture-2020.en.md"
    text = english.read_text(encoding="utf-8")
    text = text.replace('title: "Test document: peace operations in Mali"', "title: '\"><script>alert(1)</script>'")
    text = text.replace("source: Written", "source: <img src=x onerror=alert(2)> Written")
    text = text.replace("The Panel recommends that:", 'The Panel <b onclick="x()">recommends</b> that: id="p1"')
    english.write_text(text, encoding="utf-8")
    out = build_into(fixture_content, tmp_path / "site")
    pages = [out / "zh-hans/fixture-2020/en/index.html", out / "zh-hant/fixture-2020/en/p/2/index.html"]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html and "<b onclick" not in html
    html = pages[0].read_text(encoding="utf-8")
    assert "&lt;b onclick=&#34;x()&#34;&gt;" in html or "&lt;b onclick=&quot;x()&quot;&gt;" in html
    assert html.count(' id="p1"') == 1, "text that looks like an attribute is not taken for one"


def test_a_link_to_a_paragraph_of_either_version_lands_on_its_row_of_the_parallel_page(
    tmp_path, fixture_content, capsys
):
    """A trainer shares `…/en/index.html#p4` (or `#en-p2-b-2`); the English paragraph page and the
    search link there too: every id of either version is on the parallel page, even where the
    other version lacks the unit (the notice of its row carries the id)."""
    english = fixture_content / "fixture-2020.en.md"
    text = english.read_text(encoding="utf-8")
    english.write_text(
        text.replace("[^1]: Information", "4\\. A paragraph only in English.\n\n[^1]: Information"), encoding="utf-8"
    )
    assert main(["--content", str(fixture_content), "--out", str(tmp_path / "site"), "--quiet"]) == 0
    assert "no element with id" not in capsys.readouterr().err  # the English paragraph page's link to #p4
    html = (tmp_path / "site" / "zh-hans" / "fixture-2020" / "en" / "index.html").read_text(encoding="utf-8")
    rows = html.split('<div class="row ')[1:]
    row = next(row for row in rows if 'id="en-p4"' in row)
    assert 'id="p4"' in row and "中文原文无此段" in row
    row = next(row for row in rows if 'id="p2-b-2"' in row)
    assert 'id="en-p2-b-2"' in row and "Not available in English" in row


def test_an_english_search_hit_opens_the_english_text_it_matched(tmp_path, fixture_content):
    """A hit in an English note opens the English note (its notes are numbered apart from the
    Chinese ones); a hit in a paragraph opens its row (the original's id, or the notice's)."""
    from lectern.model import Edition

    from .test_search import open_search

    english = fixture_content / "fixture-2020.en.md"
    text = english.read_text(encoding="utf-8").replace("deployed in Mali.[^1]", "deployed in Mali.[^1][^2]")
    english.write_text(text + "\n[^2]: A note the Chinese text lacks, on elephants.\n", encoding="utf-8")
    out = build_into(fixture_content, tmp_path / "site")
    for edition in Edition:
        engine = open_search(out, edition)
        html = (out / edition.segment / "fixture-2020" / "en" / "index.html").read_text(encoding="utf-8")
        for query, expected in (("Secretariat", "en-fn1"), ("elephants", "en-fn2"), ("mandates", "p2-b-1")):
            [hit] = [hit.block for hit in engine.search(query).hits if engine.language(hit.block) == "en"]
            anchor = engine.row(hit)[2]
            assert anchor == expected and f' id="{anchor}"' in html, (edition, query, anchor)


def test_a_version_in_another_order_is_an_error_at_the_unit_out_of_place(tmp_path, capsys):
    """The parallel page follows the original's order; a version whose units come in another order
    (chapter I after paragraph 1) is told so at its line, not as text lost."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text(ORIGINAL + "\n## 一. 背景\n\n1\\. 一。\n\n2\\. 二。\n", encoding="utf-8")
    (content / "a-doc.en.md").write_text(ENGLISH + "\n1\\. One.\n\n## I. Background\n\n2\\. Two.\n", encoding="utf-8")
    assert main(["--content", str(content), "--out", str(tmp_path / "site"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert f"{content / 'a-doc.en.md'}:10: heading 's1' comes after paragraph 1 here" in err, err
    assert "not on the rendered page" not in err


def test_an_id_of_the_original_that_a_version_prefixes_to_one_of_its_own_is_an_error_at_its_line(tmp_path, capsys):
    """On the parallel page the English p1 is `en-p1`: an original's own {#en-p1} would be the same id."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text(ORIGINAL + "\n{#en-p1}\n一段说明。\n\n1\\. 一。\n", encoding="utf-8")
    (content / "a-doc.en.md").write_text(ENGLISH + "\n{#en-p1}\nA note.\n\n1\\. One.\n", encoding="utf-8")
    assert main(["--content", str(content), "--out", str(tmp_path / "site"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert f"{content / 'a.md'}:11: id 'en-p1' is also the id of paragraph 1 of the English version" in err, err


def test_a_version_that_lacks_whole_paragraphs_is_a_warning_like_any_missing_unit(tmp_path, capsys):
    """A paragraph missing in the version (a partial working translation) is the alignment's warning
    and the notice on the page, not a numbering error: the ids are the original's either way."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text(ORIGINAL + "\n1\\. 一。\n\n2\\. 二。\n\n3\\. 三。\n", encoding="utf-8")
    (content / "a-doc.en.md").write_text(ENGLISH + "\n3\\. Three.\n", encoding="utf-8")
    assert main(["--content", str(content), "--out", str(tmp_path / "site"), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "paragraph 1 (#p1, " in err and "paragraph 2 (#p2, " in err and "jump" not in err, err
    html = (tmp_path / "site" / "zh-hans" / "a-doc" / "en" / "index.html").read_text(encoding="utf-8")
    assert html.count("Not available in English") == 2 and 'id="en-p3"' in html
    assert main(["--content", str(content), "--out", str(tmp_path / "strict"), "--strict", "--quiet"]) == 1


def test_blocks_without_an_id_that_both_versions_have_in_the_same_place_share_a_row(tmp_path):
    """A rule (`* * *`) has no id; the two versions' rules between the same paragraphs pair up
    instead of each showing a notice that the other version lacks it."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text(ORIGINAL + "\n1\\. 一。\n\n* * *\n\n2\\. 二。\n", encoding="utf-8")
    (content / "a-doc.en.md").write_text(ENGLISH + "\n1\\. One.\n\n* * *\n\n2\\. Two.\n", encoding="utf-8")
    out = build_into(content, tmp_path / "site")
    html = (out / "zh-hans" / "a-doc" / "en" / "index.html").read_text(encoding="utf-8")
    assert 'class="missing"' not in html
    [row] = [row for row in html.split('<div class="row ')[1:] if "<hr" in row]
    assert row.count("<hr") == 2


def test_a_broken_original_is_reported_alone_not_as_the_version_s_order(tmp_path, capsys):
    """An original with paragraph 1 twice (Hypothesis found it) is the original's error; the
    version, which follows the original's numbering, is not blamed for its order."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text(ORIGINAL + "\n1\\. 一。\n\n2\\. 二。\n\n1\\. 又一。\n", encoding="utf-8")
    (content / "a-doc.en.md").write_text(ENGLISH + "\n1\\. One.\n\n2\\. Two.\n", encoding="utf-8")
    assert main(["--content", str(content), "--out", str(tmp_path / "site"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "a.md:14: paragraph 1 is out of order" in err and "a-doc.en.md" not in err, err
