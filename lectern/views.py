"""The view switch of a document's pages: the original alone, or beside one of its language versions.

Each view is a page of its own (urls.document, urls.parallel), so a view is a link that works
without JavaScript; lectern.js keeps the reading position and remembers the choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from . import urls
from .languages import LANGUAGES, citation_in
from .model import Block, Document, Edition


@dataclass(frozen=True)
class View:
    """A link of the view switch: the original alone, or beside one of its language versions."""

    key: str
    """original | a language code."""
    label: str
    """In Chinese (Simplified; the template converts it)."""
    label_lang: str
    """In the version's own language (the original's: English, as the other UI labels)."""
    lang: str
    href: str
    current: bool
    working: bool = False


def views(page_path: PurePosixPath, document: Document, edition: Edition, current: str) -> list[View]:
    """The view switch of a document's pages: nothing for a document without translations."""
    if not document.translations:
        return []
    slug = document.meta.slug
    made = [
        View(
            "original",
            "原文",
            "Original only",
            "en",
            urls.between(page_path, urls.document(edition, slug)),
            current == "original",
        )
    ]
    for translation in document.translations:
        lang = translation.meta.lang
        text = LANGUAGES[lang]
        made.append(
            View(
                lang,
                f"中{text.name_zh[0]}对照",
                text.name,
                lang,
                urls.between(page_path, urls.parallel(edition, slug, lang)),
                current == lang,
                translation.meta.status == "working",
            )
        )
    return made


def cite_versions(page_path: PurePosixPath, document: Document, edition: Edition) -> list[dict[str, object]]:
    """What the citation menu offers per language version: its citation and its paragraph page.

    `page` is the link from this page to paragraph {number}'s page in that language (lectern.js fills in
    the number); `source` the symbol, or the version's title for a document without one; `missing` the
    ids of the original's paragraphs and sub-items that the version lacks (the menu offers it nothing there)."""
    made: list[dict[str, object]] = []
    for translation in document.translations:
        meta = translation.meta
        present = {block.anchor for block in translation.blocks}
        missing = [
            block.anchor
            for block in document.blocks
            if block.kind in ("paragraph", "item") and block.anchor not in present
        ]
        text = LANGUAGES[meta.lang]
        page = urls.between(
            page_path, urls.parallel_paragraph(edition, document.meta.slug, meta.lang, urls.SLOT % "number")
        )
        made.append(
            {
                "lang": meta.lang,
                "name": text.name,
                "source": meta.symbol or document.meta.symbol or meta.title,
                "word": text.paragraph,
                "separator": "، " if text.direction == "rtl" else ", ",
                "page": page,
                "missing": missing,
            }
        )
    return made


@dataclass(frozen=True)
class ParagraphVersion:
    """A paragraph in a language version, for the links of a paragraph page (alternates and a line each)."""

    lang: str
    name: str
    citation: str
    href: str
    direction: str


def paragraph_versions(
    page_path: PurePosixPath, document: Document, edition: Edition, paragraph: Block
) -> list[ParagraphVersion]:
    """The versions that have this paragraph, each with its citation and its paragraph page."""
    made = []
    for translation in document.translations:
        found = next((block for block in translation.blocks if block.anchor == paragraph.anchor), None)
        if found is None or found.number is None:
            continue
        meta = translation.meta
        text = LANGUAGES[meta.lang]
        source = meta.symbol or document.meta.symbol or meta.title
        made.append(
            ParagraphVersion(
                meta.lang,
                text.name,
                citation_in(meta.lang, source, found.number),
                urls.between(page_path, urls.parallel_paragraph(edition, document.meta.slug, meta.lang, found.number)),
                text.direction,
            )
        )
    return made
