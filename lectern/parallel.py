"""Language versions in the build: parse them beside their originals, check the alignment, and
render the parallel pages (a unit of render work per document and language, in both editions).

Kept apart from pipeline.py, which only calls in: `attach_translations` after the parse,
`alignment_warnings` after the link stage, and `parallel_tasks`/`render_parallel_pages` in the map.
"""

from __future__ import annotations

import dataclasses
import functools

from .align import check_alignment
from .cache import task_key
from .errors import ContentError, Problems
from .model import OFFICIAL_LANGUAGES, Document, Translation, TranslationSource
from .parse import make_translation_markdown, parse_translation

_ORDER = {code: index for index, (code, _) in enumerate(OFFICIAL_LANGUAGES)}

_PARSED: dict[TranslationSource, Translation] = {}
"""Parsed translations (records, without tokens) by source, as pipeline._PARSED for documents."""


@functools.lru_cache(maxsize=1)
def translation_markdown():
    return make_translation_markdown()


def translation_digest(source: TranslationSource) -> str:
    return task_key("", source.path, source.body_line, repr(source.meta), source.body)


def parse_translation_cached(source: TranslationSource, problems: Problems) -> Translation:
    """The record of a parsed translation: blocks, headings and footnotes, not its tokens."""
    translation = _PARSED.get(source)
    if translation is None:
        found = len(problems.errors)
        parsed = parse_translation(source, problems, translation_markdown())
        translation = dataclasses.replace(parsed, tokens=[], source_digest=translation_digest(source))
        if len(problems.errors) == found:
            if len(_PARSED) > 4096:
                _PARSED.clear()
            _PARSED[source] = translation
    return translation


def attach_translations(
    documents: list[Document], sources: list[TranslationSource], problems: Problems
) -> list[Document]:
    """The documents with their parsed language versions (`Document.translations`, in the UN's order)."""
    by_slug: dict[str, list[Translation]] = {}
    for source in sources:
        by_slug.setdefault(source.meta.slug, []).append(parse_translation_cached(source, problems))
    attached = []
    for document in documents:
        found = sorted(by_slug.get(document.meta.slug, []), key=lambda t: _ORDER.get(t.meta.lang, len(_ORDER)))
        attached.append(dataclasses.replace(document, translations=found) if found else document)
    return attached


def alignment_warnings(documents: list[Document]) -> list[ContentError]:
    """Units present in one version and missing in the other, for every translation of the library."""
    return [
        warning
        for document in documents
        for translation in document.translations
        for warning in check_alignment(document, translation)
    ]
