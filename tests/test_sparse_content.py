"""A library an editor has only begun: no glossary yet, and a document with no word in it to search.

Both build strictly (every link leads somewhere), keep all their text, and search answers without
an error. Before: the header's Glossary link led nowhere when the glossary was empty, and a search
volume whose rows held no term stopped the build with a ZeroDivisionError (exit 2)."""

from __future__ import annotations

from pathlib import Path

from lectern.search_engine import SiteSearch

from .conftest import build_into

PUNCTUATION_ONLY = """---
slug: dots-2024
title_zh: 省略号
title_en: "Dots"
short_title_zh: 省略号
short_title_en: Dots
symbol: null
date: 2024-01-31
source: dots.txt
---

{#a}
……

{#b}
——？！
"""


def _site(tmp_path: Path, glossary: str | None) -> Path:
    content = tmp_path / "content"
    content.mkdir(parents=True)
    (content / "dots-2024.md").write_text(PUNCTUATION_ONLY, encoding="utf-8")
    if glossary is not None:
        (content / "glossary.yaml").write_text(glossary, encoding="utf-8")
    return build_into(content, tmp_path / "site", strict=True)


def test_a_library_without_glossary_terms_has_a_glossary_page_for_its_links(tmp_path):
    for number, glossary in enumerate((None, "", "terms: []\n")):
        site = _site(tmp_path / str(number), glossary)
        for edition in ("zh-hans", "zh-hant"):
            page = (site / edition / "glossary" / "index.html").read_text(encoding="utf-8")
            assert "<h1>" in page and "letter-index" not in page  # a page, with no empty index of initials
            assert f'href="../../{edition}/glossary/index.html"' in (
                site / edition / "dots-2024" / "index.html"
            ).read_text(encoding="utf-8")


def test_a_document_with_nothing_to_search_keeps_its_text_and_search_finds_nothing(tmp_path):
    site = _site(tmp_path, None)
    for edition, text in (("zh-hans", "——？！"), ("zh-hant", "——？！")):
        assert text in (site / edition / "dots-2024" / "index.html").read_text(encoding="utf-8")
        results = SiteSearch(site / "search" / edition).search("省略")
        assert results.hits == [] and results.jumps == []
