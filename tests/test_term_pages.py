"""A term page lists every place of its term; past SNIPPETS_UP_TO places (a common term in a library) each
document shows its first places in context and the others as links, like a book's index."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from lectern import render
from lectern.config import Config
from lectern.pipeline import build_site

from .conftest import ROOT

TERM = "heping-xingdong"  # 和平行动: 182 places in the bundled documents


def places(html: str) -> list[tuple[str, str, str]]:
    """Each place a term page lists, in order: (document section, link target, 'snippet' or 'link')."""
    found = []
    for section in re.findall(r'<section class="occurrences" aria-labelledby="in-([^"]+)">(.*?)</section>', html, re.S):
        slug, body = section
        listed, _, rest = body.partition("</ol>")
        found += [(slug, href, "snippet") for href in re.findall(r'<a class="occ-ref" href="([^"]+)"', listed)]
        more = re.search(r'<p class="more-places">(.*?)</p>', rest, re.S)
        found += [(slug, href, "link") for href in re.findall(r'<a href="([^"]+)"', more.group(1) if more else "")]
    return found


@pytest.fixture(scope="module")
def capped(tmp_path_factory) -> Path:
    """The bundled content built with a low threshold, so that the common terms' pages are cut."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "SNIPPETS_UP_TO", 100)
        patch.setattr(render, "SNIPPETS_PER_DOCUMENT", 3)
        out = tmp_path_factory.mktemp("capped") / "site"
        build_site(Config(content=ROOT / "content", out=out, jobs=1))  # in this process, where the patch holds
    return out


@pytest.mark.parametrize("edition", ["zh-hans", "zh-hant"])
def test_a_common_term_links_every_place_and_shows_the_first_few_per_document_in_context(built_site, capped, edition):
    whole = (built_site / edition / "glossary" / TERM / "index.html").read_text(encoding="utf-8")
    cut = (capped / edition / "glossary" / TERM / "index.html").read_text(encoding="utf-8")
    every, listed = places(whole), places(cut)
    assert len(every) > 100 and all(kind == "snippet" for _, _, kind in every)
    # The same places, in the same order, under the same documents: none is lost.
    assert [(slug, href) for slug, href, _ in listed] == [(slug, href) for slug, href, _ in every]
    for slug in dict.fromkeys(slug for slug, _, _ in every):
        kinds = [kind for section, _, kind in listed if section == slug]
        shown = min(3, len(kinds))
        assert kinds == ["snippet"] * shown + ["link"] * (len(kinds) - shown)
        count = re.search(rf'<h3 id="in-{slug}">.*?<span class="count">\((\d+)\)</span>', cut).group(1)
        assert int(count) == len(kinds)
    assert cut.count("<mark>") == sum(kind == "snippet" for _, _, kind in listed)
    # The page says so, and offers every place in context through the search page.
    note = re.search(r'<p class="places-note">(.*?)</p>', cut, re.S).group(1)
    query = re.search(r'href="([^"]*search/index\.html\?q=[^"]+)"', note).group(1)
    assert unescape(query).startswith(f"../../../{edition}/search/index.html?q=%E5%92%8C%E5%B9%B3")
    assert 'class="places-note"' not in whole
    assert len(cut) < len(whole) / 2


def test_a_term_with_few_places_shows_every_one_in_context(built_site, capped):
    """Below the threshold the page is the whole concordance, as it always was."""
    name = "zh-hans/glossary/baohu-pingmin/index.html"  # 保护平民: 69 places
    whole, cut = (built_site / name).read_text(encoding="utf-8"), (capped / name).read_text(encoding="utf-8")
    assert cut == whole and 'class="more-places"' not in whole
    assert len(places(whole)) == 69
