"""Content is data, never code: planted scripts, javascript: URLs and quotes come out inert."""

from __future__ import annotations

import re
from html import unescape

from .conftest import build_into
from .safety import assert_inert, plant_code


def test_planted_code_comes_out_inert_on_every_page(tmp_path, fixture_content):
    plant_code(fixture_content)
    out = build_into(fixture_content, tmp_path / "site")
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        assert_inert(page.read_text(encoding="utf-8"))
    html = (out / "zh-hans" / "fixture-2020" / "index.html").read_text(encoding="utf-8")
    # The planted markup reaches the reader as the text that was written, not as elements.
    assert text_of(html, "<h1") == '测试"><script>alert(5)</script>'
    description = re.search(r'<meta name="description" content="([^"]*)">', html).group(1)
    assert unescape(description).startswith('测试"><script>alert(5)</script> — ')
    planted = text_of(html, 'id="planted"')
    assert "<script>alert('md')</script>" in planted
    assert "[点我](javascript:alert(1))" in planted  # markdown-it refuses the URL: the text stays text
    assert '<a href="javascript:alert(2)" onclick="alert(3)">x</a>' in planted


def text_of(html: str, opening: str) -> str:
    """The text content of the first element whose start tag contains `opening`."""
    start = html.index(">", html.index(opening)) + 1
    tag = html[:start].rsplit("<", 1)[1].split()[0].rstrip(">")
    return unescape(re.sub(r"<[^>]+>", "", html[start:html.index(f"</{tag}>", start)]))

def test_every_page_of_the_bundled_site_is_inert_and_has_a_csp(built_site):
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert_inert(html)
        assert "http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'" in html, page
