"""The glossary script the pop-ups load: once per edition, complete, and inert whatever the glossary says."""

from __future__ import annotations

import json
import re

from markdown_it import MarkdownIt

from lectern.model import Edition, Term
from lectern.render import Renderer

from .conftest import ROOT

PREFIX = re.compile(
    r'^/\*[^*]*\*/\n\(window\.LecternTerms = window\.LecternTerms \|\| \{\}\)\["(zh-han[st])"\] = (.*);\n$', re.S
)


def entries(text: str) -> tuple[str, dict]:
    match = PREFIX.match(text)
    assert match, text[:200]
    return match.group(1), json.loads(match.group(2))


def test_each_edition_ships_every_entry_once_and_pages_do_not(built_site):
    hans = entries((built_site / "zh-hans" / "glossary" / "terms.js").read_text(encoding="utf-8"))
    hant = entries((built_site / "zh-hant" / "glossary" / "terms.js").read_text(encoding="utf-8"))
    assert hans[0] == "zh-hans" and hant[0] == "zh-hant"
    assert set(hans[1]) == set(hant[1]) and len(hans[1]) > 100
    assert hans[1]["weichi-heping-xingdong"]["t"] == "维持和平行动"
    assert hant[1]["weichi-heping-xingdong"]["t"] == "維持和平行動"
    assert hans[1]["baohu-pingmin"]["e"] == "protection of civilians"
    for slug in ("zh-hans", "zh-hant"):
        page = (built_site / slug / "hippo-2015" / "index.html").read_text(encoding="utf-8")
        assert 'class="term-data"' not in page and "data-term=" not in page
        assert 'class="term" href="../glossary/index.html#weichi-heping-xingdong"' in page


def test_glossary_text_cannot_end_the_script():
    planted = 'x</script><script>alert(1)</script>"; alert(2); "\u2028\u2029'
    term = Term(key="术语", slug="shuyu", english=planted, definition_zh=planted, definition_en=planted)
    renderer = Renderer(ROOT / "templates", MarkdownIt(), convert=str)
    text = renderer.render_terms_script([term], Edition.HANS).content.decode("utf-8")
    assert "\u2028" not in text and "\u2029" not in text  # line terminators in older JavaScript
    assert text.count("\n") == 2
    assert entries(text)[1]["shuyu"]["d"] == planted
