"""The "no text is lost" check reads a page's article as HTMLParser does, by either of its two readers.

`page_text` reads a page of plain markup (`_plain_text`) without HTMLParser and gives any other page to
HTMLParser. Both must give the same text for every page a template can make: these pages put tricky
markup around and inside the article, and each is read both ways.
"""

from __future__ import annotations

import pytest

from lectern.conserve import _NotPlain, _plain_text, check_text_conserved, html_parser_text, kept, page_text


def _by_html_parser(page: str) -> tuple[str, str]:
    texts = html_parser_text(page)
    return kept("".join(texts[1])), kept("".join(texts[2]))


def _article(inside: str, around: str = "") -> str:
    return f'<!DOCTYPE html><html><head><title>页</title></head><body>{around}<article class="doc-body">{inside}</article>外文</body></html>'


PLAIN = [
    _article("<p>正文 &amp; &#x4e2d;&#20013;&nbsp;abc</p>"),
    _article('<p><a href="x>y" title=\'<t>\' data-v=\'{"a":"<>"}\'>链接</a>后</p>'),
    _article("<P CLASS=x>大写<BR>标签</P>"),
    _article('<p>图<img src=a alt=y >与<img alt="R&amp;D"/>片</p>'),
    _article("<template><p>模板</p><img alt=模板图></template>正文"),
    _article("<script src=a.js></script><style></style>正文<title>题</title>"),
    _article("<!-- 注释 <b>不算</b> -->正文"),
    _article('<section class="footnotes"><p>注一</p></section>正文后<section class="x footnotes">注二</section>'),
    _article("<p>未闭合<p>段落</div>之后仍在文章里", around="<div class=doc-body-not>前</div>"),
    _article("<div/><p/>自闭合", around='<span class="doc-body">假</span>'),
    _article("&am<b>p;</b>分开的引用 &amp"),
    "<body><main class='doc-body x'>没有结束的文章 &amp",
    "<body><div class='doc&#45;body'>引用写的类</div>",
]

NOT_PLAIN = [
    _article("<p>a < b</p>"),
    _article("<script>if (a<b) {}</script>正文"),
    _article("<script>a && b</script>正文"),
    _article("<xmp>&amp;</xmp>正文"),
    _article("<script/>正文</script>"),
    _article("<!-- a -- b -->正文"),
    _article("<!---->正文<!-->后"),
    _article("<![CDATA[数据]]>正文"),
    _article("<?pi?>正文"),
    _article("</ p>正文</p foo>"),
    _article('<a b="x"c="y">正文</a>'),
    _article("<img alt=x/>正文"),
    _article('<img alt="a&ampb">正文'),
    _article("<p>正文</p>", around='<div class="doc&ampbody">'),
    _article("<plaintext>正文"),
    '<body><div\u3000class="doc-body">不同版本读法不同</div>',
]


@pytest.mark.parametrize("page", PLAIN)
def test_a_plain_page_is_read_without_html_parser_and_alike(page):
    texts = _plain_text(page)
    assert (kept("".join(texts[1])), kept("".join(texts[2]))) == _by_html_parser(page)
    assert page_text(page) == _by_html_parser(page)


@pytest.mark.parametrize("page", NOT_PLAIN)
def test_other_markup_is_left_to_html_parser(page):
    with pytest.raises(_NotPlain):
        _plain_text(page)
    assert page_text(page) == _by_html_parser(page)


def test_the_article_and_its_notes_are_apart_and_nothing_after_it_counts():
    page = _article(
        '正文<img alt="图注"><section class="footnotes"><p>脚注 &#x4e2d;</p></section>', around="<p>页眉</p>"
    )
    assert page_text(page) == ("正文图注", "脚注中")


def test_a_line_lost_in_tricky_markup_is_found_by_both_readers():
    page = _article("<p>甲乙<!-- 丙丁 --></p><script></script>")
    body = "甲乙\n\n丙丁\n"
    assert [str(e) for e in check_text_conserved("doc.md", body, 3, page)] == [
        "doc.md:5: text of this line ('丙丁') is not on the rendered page: Markdown read it as markup or "
        "dropped it (a link reference definition [x]: …, lists or quotes nested too deep, "
        "a note inside a list); write it as plain text or simplify the structure here"
    ]
