"""Paragraph and term pages share one rendered frame per place; the pages are what a whole render gives."""

from __future__ import annotations

import shutil
from pathlib import Path

from lectern.errors import Problems
from lectern.load import load_sources
from lectern.model import Edition
from lectern.parse import make_markdown, parse_document
from lectern.render import Renderer

from .conftest import FIXTURES, ROOT


def paragraphs(edition_document):
    blocks = edition_document.blocks
    groups = []
    for index, block in enumerate(blocks):
        if block.kind == "paragraph":
            items = []
            for following in blocks[index + 1 :]:
                if following.kind != "item":
                    break
                items.append(following)
            groups.append((block, items))
    return groups


def fixture_document():
    problems = Problems()
    source = next(s for s in load_sources(FIXTURES / "site" / "content", problems) if s.meta.slug == "fixture-2020")
    return parse_document(source, problems, make_markdown())


def renderer(templates: list[Path]) -> Renderer:
    return Renderer(templates, make_markdown(), lambda text: text)


def test_paragraph_pages_from_the_shared_frame_equal_whole_renders_and_render_two_pages_whole(monkeypatch):
    document, whole = fixture_document(), []
    made = renderer([ROOT / "templates"])
    groups = paragraphs(document)
    assert len(groups) >= 3
    real = Renderer._render
    monkeypatch.setattr(
        Renderer, "_render", lambda self, *args, **kwargs: whole.append(1) or real(self, *args, **kwargs)
    )
    pages = list(made.render_paragraphs(document, Edition.HANS, groups))
    assert len(whole) == 2  # the first and the last page, to check the frame
    monkeypatch.setattr(Renderer, "_render", real)
    assert pages == [made.render_paragraph(document, Edition.HANS, block, items) for block, items in groups]


def test_a_frame_that_shows_something_of_the_page_is_not_shared(tmp_path):
    """A site's own base.html that prints the citation in its head: every page gets its own."""
    templates = tmp_path / "templates"
    templates.mkdir()
    base = (ROOT / "templates" / "base.html").read_text(encoding="utf-8")
    (templates / "base.html").write_text(base.replace("<head>", '<head>\n<meta name="cite" content="{{ cite_zh }}">'))
    document = fixture_document()
    made = renderer([templates, ROOT / "templates"])
    groups = paragraphs(document)
    pages = list(made.render_paragraphs(document, Edition.HANT, groups))
    assert pages == [made.render_paragraph(document, Edition.HANT, block, items) for block, items in groups]
    cites = {page.content.decode().split('name="cite" content="')[1].split('"')[0] for page in pages}
    assert len(cites) == len(pages)
    shutil.rmtree(templates)
