"""Content is data, never code: planted scripts, javascript: URLs and quotes come out inert."""

from __future__ import annotations

from .conftest import build_into
from .safety import assert_inert

PLANTS = {
    "markdown": "{#planted}\n<script>alert('md')</script> [点我](javascript:alert(1)) "
                "<a href=\"javascript:alert(2)\" onclick=\"alert(3)\">x</a> ![x](javascript:alert(4))\n",
    "title": 'title_zh: "测试\\"><script>alert(5)</script>"',
    "definition": 'definition_zh: "释义\\" onmouseover=\\"alert(6)\\" <img src=x onerror=alert(7)>"',
}


def test_planted_code_comes_out_inert_on_every_page(tmp_path, fixture_content):
    document = fixture_content / "fixture-2020.md"
    text = document.read_text(encoding="utf-8").replace("title_zh: 测试文件：马里和平行动", PLANTS["title"])
    document.write_text(text + "\n" + PLANTS["markdown"], encoding="utf-8")
    glossary = fixture_content / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace(
        "definition_zh: 保护平民免受人身暴力威胁的各项措施。", PLANTS["definition"]), encoding="utf-8")
    out = build_into(fixture_content, tmp_path / "site")
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        assert_inert(page.read_text(encoding="utf-8"))
    html = (out / "zh-hans" / "fixture-2020" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;md&#39;)&lt;/script&gt;" in html or "&lt;script&gt;alert('md')&lt;/script&gt;" in html
    assert "[点我](javascript:alert(1))" in html  # markdown-it refuses the URL: the text stays text
    assert "<title>测试&#34;&gt;&lt;script&gt;alert(5)&lt;/script&gt; · Lectern</title>" in html or \
        "测试&#34;&gt;&lt;script&gt;" in html or "测试&quot;&gt;&lt;script&gt;" in html


def test_every_page_of_the_bundled_site_is_inert_and_has_a_csp(built_site):
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert_inert(html)
        assert "http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'" in html, page
