"""The bundled content, built: anchors, editions, switch links, safety of the pages."""

from __future__ import annotations

import re

import pytest

from .safety import CSP

EDITIONS = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant"}
COUNTS = {"hippo-2015": 352, "c34-2014": 93}


def ids(html: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', html)


@pytest.mark.parametrize("edition", sorted(EDITIONS))
@pytest.mark.parametrize("slug", sorted(COUNTS))
def test_every_paragraph_anchor_exists_once(built_site, edition, slug):
    html = (built_site / edition / slug / "index.html").read_text(encoding="utf-8")
    page_ids = ids(html)
    assert len(page_ids) == len(set(page_ids)), "ids must be unique on a page"
    paragraphs = [i for i in page_ids if re.fullmatch(r"p\d+", i)]
    assert paragraphs == [f"p{n}" for n in range(1, COUNTS[slug] + 1)]
    assert f'<html lang="{EDITIONS[edition]}" data-root="../../">' in html


@pytest.mark.parametrize("slug", sorted(COUNTS))
def test_both_editions_have_the_same_anchors(built_site, slug):
    simplified = ids((built_site / "zh-hans" / slug / "index.html").read_text(encoding="utf-8"))
    traditional = ids((built_site / "zh-hant" / slug / "index.html").read_text(encoding="utf-8"))
    assert simplified == traditional


def test_sub_items_have_nested_anchors(built_site):
    html = (built_site / "zh-hans" / "hippo-2015" / "index.html").read_text(encoding="utf-8")
    for anchor in ("p105-c", "p81-c-2", "p105-b-5", "p116-a", "p340-j"):
        assert f'id="{anchor}"' in html


def test_traditional_edition_is_converted_with_overrides(built_site):
    html = (built_site / "zh-hant" / "c34-2014" / "index.html").read_text(encoding="utf-8")
    assert "聯合國馬里多層面綜合穩定團(" in html and ">馬里穩定團</a>" in html
    assert "馬裡" not in html and "秘書長" in html


def test_switch_links_to_the_same_document_in_the_other_edition(built_site):
    html = (built_site / "zh-hans" / "hippo-2015" / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r'<a href="\.\./\.\./zh-hant/hippo-2015/index\.html" lang="zh-Hant"[^>]*data-edition-switch>繁體</a>', html
    )


def test_home_lists_both_documents_with_both_editions(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    for slug in COUNTS:
        assert f'href="zh-hans/{slug}/index.html"' in html and f'href="zh-hant/{slug}/index.html"' in html
    assert "<dd>352</dd>" in html and "<dd>93</dd>" in html
    assert "Report of the High-level Independent Panel on Peace Operations" in html


def test_contents_list_is_generated_and_printed_one_is_gone(built_site):
    html = (built_site / "zh-hans" / "hippo-2015" / "index.html").read_text(encoding="utf-8")
    toc = html[html.index('<nav class="toc"') : html.index("</nav>", html.index('<nav class="toc"'))]
    assert '<a href="#s2-a-1">1. 政治居首</a>' in toc and '<a href="#summary">摘要</a>' in toc
    assert "页次" not in html and "....." not in html


def test_staffing_table_and_chart(built_site):
    html = (built_site / "zh-hans" / "hippo-2015" / "index.html").read_text(encoding="utf-8")
    table = html[html.index('<figure class="data-table" id="table-1">') :]
    assert "<caption>按性别分列的联合国和平行动专业及以上职类工作人员" in table
    assert '<th scope="colgroup" colspan="2">女</th>' in table and '<th scope="row">USG</th>' in table
    assert 'role="img"' in table and "<desc" in table and "P-2 41%" in table


@pytest.mark.parametrize("page", ["index.html", "zh-hans/hippo-2015/index.html", "zh-hant/c34-2014/index.html"])
def test_pages_load_nothing_from_other_hosts_and_have_no_inline_script(built_site, page):
    html = (built_site / page).read_text(encoding="utf-8")
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in html
    assert not re.search(r'\ssrc="(https?:)?//', html)
    assert not re.search(r'<link[^>]+href="(https?:)?//', html)
    for link in re.findall(r'<a [^>]*href="https?://[^>]*>', html):
        assert 'rel="external noopener noreferrer"' in link
    root = "../../" if "/" in page else ""
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert f' src="{root}assets/lectern.js" defer' in [attributes for attributes, _ in scripts]
    assert all(body == "" and f'src="{root}assets/' in attributes for attributes, body in scripts)
    assert " style=" not in html and "onclick" not in html
