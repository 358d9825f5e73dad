"""Content is data, never code: planted scripts, javascript: URLs and quotes come out inert."""

from __future__ import annotations

import re
from html import unescape

import pytest

from lectern.parse import make_markdown

from .conftest import build_into
from .safety import CSP, assert_inert, plant_code, problems_in

EXTERNAL = 'class="external" rel="external noopener noreferrer"'


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
    # Links that leave the site are marked whatever the case of the scheme, and with no scheme at all;
    # the remote image is a link to it, labelled with its alt text: the page requests nothing from that host.
    links = html[html.index('id="planted-links"') :]
    links = links[: links.index("</p>")]
    assert f'<a href="HTTPS://evil.example/upper" {EXTERNAL}>大写协议</a>' in links
    assert f'<a href="//evil.example/relative" {EXTERNAL}>无协议</a>' in links
    assert f'<a href="https://evil.example/t.png" {EXTERNAL}>远程图片</a>' in links
    assert "<img" not in links  # and assert_inert above found no page that loads anything from another host


def text_of(html: str, opening: str) -> str:
    """The text content of the first element whose start tag contains `opening`."""
    start = html.index(">", html.index(opening)) + 1
    tag = html[:start].rsplit("<", 1)[1].split()[0].rstrip(">")
    return unescape(re.sub(r"<[^>]+>", "", html[start : html.index(f"</{tag}>", start)]))


def test_every_page_of_the_bundled_site_is_inert_and_has_a_csp(built_site):
    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert_inert(html)
        # Exactly one policy, and exactly this one: nothing added ('unsafe-inline', data:, a host) or dropped.
        assert re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html) == [CSP], page
        assert html.count("Content-Security-Policy") == 1, page


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("[a](HTTPS://evil.example/)", f'<a href="HTTPS://evil.example/" {EXTERNAL}>a</a>'),
        ("[a](Http:evil.example)", f'<a href="Http:evil.example" {EXTERNAL}>a</a>'),
        ("[a](//evil.example/x)", f'<a href="//evil.example/x" {EXTERNAL}>a</a>'),
        ("<HTTPS://evil.example>", f'<a href="HTTPS://evil.example" {EXTERNAL}>HTTPS://evil.example</a>'),
        ("[a](mailto:someone@example.org)", f'<a href="mailto:someone@example.org" {EXTERNAL}>a</a>'),
        ("[a](../glossary/index.html#x)", '<a href="../glossary/index.html#x">a</a>'),
        ("[a](/\\evil.example)", '<a href="/%5Cevil.example">a</a>'),  # encoded: a path of this site
        # An image from another host becomes a link to it, labelled with its alt text (or its address).
        ("![图 *1*](https://evil.example/t.png)", f'<a href="https://evil.example/t.png" {EXTERNAL}>图 1</a>'),
        ('![i](//evil.example/t.png "t")', f'<a href="//evil.example/t.png" title="t" {EXTERNAL}>i</a>'),
        (
            "![](HTTPS://evil.example/t.png)",
            f'<a href="HTTPS://evil.example/t.png" {EXTERNAL}>HTTPS://evil.example/t.png</a>',
        ),
        # Inside a link it is the alt text alone (no link in a link); data: images are their alt text.
        (
            "[![i](https://evil.example/t.png) x](https://example.org/)",
            f'<a href="https://example.org/" {EXTERNAL}>i x</a>',
        ),
        ("![i](data:image/png;base64,AAAA)", "<p>i</p>"),
        # A link whose only content was an image without alt text keeps a name to read out.
        (
            "[![](https://evil.example/t.png)](https://example.org/)",
            f'<a href="https://example.org/" {EXTERNAL}>https://evil.example/t.png</a>',
        ),
        (
            "[![](data:image/png;base64,AAAA)](https://example.org/)",
            f'<a href="https://example.org/" {EXTERNAL}>image</a>',
        ),
        # An image of this site stays an image.
        ("![i](figure.png)", '<img src="figure.png" alt="i" />'),
    ],
)
def test_links_leaving_the_site_are_marked_and_images_never_load_from_another_host(markdown, html):
    rendered = make_markdown().render(markdown)
    assert html in rendered
    assert problems_in(rendered) == []


@pytest.mark.parametrize(
    "html",
    [
        "<style>body { color: red }</style>",
        '<link rel="stylesheet" href="https://evil.example/x.css">',
        '<link rel="preload" href="//evil.example/x.woff2">',
        '<meta http-equiv="Refresh" content="0; url=https://evil.example/">',
        '<img src="HTTPS://evil.example/t.png" alt="">',
        '<img src="t.png" srcset="t.png 1x, //evil.example/t.png 2x" alt="">',
        '<img src=" \\\\evil.example/t.png" alt="">',
        '<script src="https://evil.example/x.js"></script>',
        '<iframe src="https://evil.example/"></iframe>',
        '<svg><image href="http://evil.example/t.png"/></svg>',
    ],
)
def test_the_inertness_check_catches_styles_redirects_and_requests_to_other_hosts(html):
    assert problems_in(html) != []
    assert (
        problems_in(
            '<a href="https://example.org/" rel="external noopener noreferrer">x</a>'
            '<img src="../assets/icon.svg" alt=""><link rel="stylesheet" href="../assets/lectern.css">'
        )
        == []
    )
