"""Resolving references, backlinks, citations, the register, and the site-wide link check."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from lectern.check import check_links
from lectern.cli import main
from lectern.errors import Problems
from lectern.link import resolve_references
from lectern.load import load_sources
from lectern.model import OutputFile
from lectern.parse import make_markdown, parse_document
from lectern.register import find_recommendations
from lectern.render import citation

from .conftest import ROOT


@pytest.fixture(scope="module")
def documents():
    problems = Problems()
    md = make_markdown()
    docs = {s.meta.slug: parse_document(s, problems, md) for s in load_sources(ROOT / "content", problems)}
    assert not problems.errors
    return docs


def test_every_reference_in_the_bundled_documents_resolves_and_backlinks_are_collected(documents):
    backlinks, warnings = resolve_references(list(documents.values()))
    assert warnings == []
    cited_195 = [(c.document, c.anchor) for c in backlinks[("hippo-2015", "p195")]]
    assert ("hippo-2015", "p104") in cited_195 and ("hippo-2015", "p185") in cited_195
    assert [(c.anchor, c.number) for c in backlinks[("hippo-2015", "p340")]] == [("p343-a", "343(a)")]


def test_external_references_open_undocs_in_a_new_context(documents):
    md = make_markdown()
    resolve_references(list(documents.values()))
    html = md.renderer.render(documents["c34-2014"].tokens, md.options, {})
    assert (
        '<a href="https://undocs.org/zh/A/65/19" class="xref external" rel="external noopener noreferrer" '
        'target="_blank">第 66 段</a>'
    ) in html
    assert 'href="https://undocs.org/zh/S/RES/2086(2013)"' in html


def test_reference_to_a_missing_paragraph_is_a_warning_and_fails_strict(tmp_path, fixture_content, capsys):
    document = fixture_content / "fixture-2020.md"
    document.write_text(
        document.read_text(encoding="utf-8").replace("如第2段(b)所述", "如第 99 段所述"), encoding="utf-8"
    )
    line = next(n for n, text in enumerate(document.read_text(encoding="utf-8").split("\n"), 1) if "第 99 段" in text)
    assert main(["--content", str(fixture_content), "--out", str(tmp_path / "a"), "--quiet"]) == 0
    message = f"{document}:{line}: reference to paragraph 99 that does not exist in this document"
    assert message in capsys.readouterr().err
    assert main(["--content", str(fixture_content), "--out", str(tmp_path / "b"), "--strict"]) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "b").exists()


@pytest.mark.parametrize(
    "symbol, number, expected",
    [
        ("A/70/95", "105(c)", ("A/70/95，第105(c)段", "A/70/95, para. 105(c)")),
        (
            None,
            "12",
            (
                "《特别委员会各项建议的执行情况》，第12段",
                "Implementation of the recommendations of the Special Committee on Peacekeeping Operations, para. 12",
            ),
        ),
    ],
)
def test_citation_strings(documents, symbol, number, expected):
    import dataclasses

    meta = dataclasses.replace(documents["c34-2014"].meta, symbol=symbol)
    assert citation(meta, number) == expected


def test_register_lists_every_recommendation_block_of_the_panel_report(documents):
    """25 paragraphs announce '小组建议：' followed by lettered items (checked by reading the report)."""
    sections = find_recommendations(documents["hippo-2015"])
    numbers = [rec.paragraph.number for part in sections for rec in part.recommendations if rec.kind == "listed"]
    assert numbers == [
        "61",
        "81",
        "105",
        "130",
        "149",
        "160",
        "168",
        "180",
        "186",
        "193",
        "206",
        "216",
        "222",
        "229",
        "233",
        "249",
        "256",
        "262",
        "267",
        "278",
        "291",
        "294",
        "305",
        "323",
        "343",
    ]
    protection = next(rec for part in sections for rec in part.recommendations if rec.paragraph.number == "105")
    assert [item.anchor for item in protection.items] == [
        "p105-a",
        "p105-b",
        "p105-b-1",
        "p105-b-2",
        "p105-b-3",
        "p105-b-4",
        "p105-b-5",
        "p105-c",
        "p105-d",
    ]
    assert find_recommendations(documents["c34-2014"]) == []


def test_register_page_says_when_a_document_has_none(built_site):
    html = (built_site / "zh-hans" / "recommendations" / "index.html").read_text(encoding="utf-8")
    assert html.count('class="recommendation"') == 25  # the announcing paragraphs; tests/test_register.py has the rest
    assert "本文件没有以“小组建议：”开头的建议段落，也没有列出正文中的建议。" in html
    assert 'href="../../zh-hans/hippo-2015/index.html#p105-c"' in html


def test_paragraph_page_carries_the_text_for_link_previews(built_site):
    html = (built_site / "zh-hans" / "hippo-2015" / "p" / "105" / "index.html").read_text(encoding="utf-8")
    assert "<title>A/70/95，第105段 · Lectern</title>" in html
    assert '<meta property="og:description" content="关于保护平民，小组建议： (a) 鉴于非武装平民保护行为体' in html
    assert 'data-redirect="../../../../zh-hans/hippo-2015/index.html#p105"' in html


def page(path: str, html: str) -> OutputFile:
    return OutputFile(PurePosixPath(path), html.encode())


def test_link_check_catches_a_broken_fragment_a_missing_page_and_duplicate_ids():
    files = [
        page(
            "a/index.html",
            '<p id="x"></p><a href="#x">ok</a><a href="#nope">bad</a><a href="../b/index.html#y">ok</a>'
            '<a href="../c/index.html">missing</a><a href="https://example.org">external</a>',
        ),
        page("b/index.html", '<p id="y"></p><p id="y"></p>'),
    ]
    messages = [str(problem) for problem in check_links(files)]
    assert messages == [
        "site/b/index.html: id 'y' is used twice on the page",
        "site/a/index.html: link to '#nope': no element with id 'nope'",
        "site/a/index.html: link to '../c/index.html': no such file in the site",
    ]


def test_the_bundled_site_has_no_broken_internal_link(built_site):
    files = [
        OutputFile(PurePosixPath(p.relative_to(built_site).as_posix()), p.read_bytes())
        for p in built_site.rglob("*")
        if p.is_file()
    ]
    assert check_links(files) == []


def test_duplicate_ids_are_reported_by_page_path_whatever_order_the_pages_were_made_in():
    """The records come in the order units finish (the longest documents first): the warnings do not."""
    files = [page("z/index.html", '<p id="q"></p><p id="q"></p>'), page("a/index.html", '<p id="r"></p><p id="r"></p>')]
    messages = [str(problem) for problem in check_links(files)]
    assert messages == [
        "site/a/index.html: id 'r' is used twice on the page",
        "site/z/index.html: id 'q' is used twice on the page",
    ]
