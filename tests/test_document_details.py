"""Document details: symbols, official versions in six languages, reissue notes, the edition label."""

from __future__ import annotations

import re

from lectern.errors import Problems
from lectern.load import parse_source

FRONT = """---
slug: joint-2015
title_zh: 报告
title_en: Report
date: 2015-06-17
source: x.txt
{extra}
---

正文。
"""


def load(extra: str):
    problems = Problems()
    source = parse_source(FRONT.format(extra=extra), "content/joint.md", problems)
    return source, [str(error) for error in problems.errors]


def test_joint_symbols_and_their_source_are_accepted():
    source, errors = load("symbol: A/70/95\nother_symbols:\n- S/2015/446\nsymbol_source: UN ODS record")
    assert errors == []
    assert source.meta.full_symbol == "A/70/95–S/2015/446"
    assert source.meta.symbol_source == "UN ODS record"


def test_other_symbols_must_be_symbols_and_need_a_symbol():
    _, errors = load("symbol: A/70/95\nother_symbols: [hello]")
    assert errors == ["content/joint.md:8: field 'other_symbols' has 'hello', which is not a UN document symbol"]
    _, errors = load("other_symbols: [S/2015/446]")
    assert errors == ["content/joint.md:7: other_symbols needs a symbol"]


def test_notes_are_kept_line_by_line():
    source, _ = load("notes:\n- 由于技术原因重发。\n- A/70/50。")
    assert source.meta.notes == ("由于技术原因重发。", "A/70/50。")


def test_official_versions_link_to_the_six_languages():
    source, _ = load("symbol: A/70/95")
    assert [(v.lang, v.url) for v in source.meta.official_versions] == [
        (lang, f"https://undocs.org/{lang}/A/70/95") for lang in ("ar", "zh", "en", "fr", "ru", "es")
    ]
    source, _ = load("")
    assert source.meta.official_versions == ()


def _details(built_site, edition: str) -> str:
    html = (built_site / edition / "hippo-2015" / "index.html").read_text(encoding="utf-8")
    return html[html.index('<dl class="doc-meta">') : html.index("</dl>")]


def test_panel_report_details_show_its_symbol_and_official_versions(built_site):
    details = _details(built_site, "zh-hans")
    assert "<dd>A/70/95–S/2015/446</dd>" in details
    links = re.findall(r"<li><a ([^>]*)>([^<]*)</a></li>", details)
    assert len(links) == 6
    for attributes, _ in links:
        lang = re.search(r' lang="([a-z]{2})"', attributes).group(1)
        assert f'href="https://undocs.org/{lang}/A/70/95"' in attributes
        assert 'rel="external noopener noreferrer"' in attributes
    assert {name for _, name in links} >= {"中文", "English", "العربية"}


def test_reissue_notes_are_shown_in_both_editions(built_site):
    assert "2015 年 7 月 13 日由于技术原因重发。" in _details(built_site, "zh-hans")
    assert "2015 年 7 月 13 日由於技術原因重發。" in _details(built_site, "zh-hant")
    c34 = (built_site / "zh-hans" / "c34-2014" / "index.html").read_text(encoding="utf-8")
    assert "由于技术原因于2014年2月7日第二次重发。" in c34[: c34.index("</dl>")]


def test_only_the_traditional_edition_is_labelled_a_reviewed_machine_conversion(built_site):
    assert "機器轉換" in _details(built_site, "zh-hant") and "reviewed corrections" in _details(built_site, "zh-hant")
    assert "conversion-note" not in _details(built_site, "zh-hans")


def test_paragraph_citations_use_the_symbol(built_site):
    page = (built_site / "zh-hans" / "hippo-2015" / "p" / "105" / "index.html").read_text(encoding="utf-8")
    assert "A/70/95，第105段" in page and "A/70/95, para. 105" in page
