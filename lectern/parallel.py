"""Language versions in the build: parse them beside their originals, check the alignment, and
render the parallel pages (a unit of render work per document and language, in both editions).

Kept apart from pipeline.py, which only calls in: `attach_translations` after the parse,
`alignment_warnings` after the link stage, and `parallel_tasks`/`render_parallel_pages` in the map.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from . import urls
from .align import Segment, check_alignment, id_clashes, order_problems, rows, segments
from .cache import task_key
from .check import page_record
from .conserve import check_text_conserved
from .convert import to_traditional
from .errors import ContentError, ContentErrors, Problems
from .languages import LANGUAGES, citation_in
from .link import apply_references
from .mdext.terms import EnglishTermMatcher, TermMatcher, mark_terms
from .model import (
    OFFICIAL_LANGUAGES,
    Block,
    Document,
    Edition,
    OutputFile,
    PageRecord,
    Source,
    Term,
    Translation,
    TranslationSource,
)
from .parse import make_translation_markdown, parse_document, parse_translation
from .render import Page, Renderer, _shorten, citation, nest_headings
from .views import cite_versions, views
from .write import stage_file

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
        broken = any(error.location.path == document.path for error in problems.errors)
        for translation in found if not broken else ():  # a broken original's errors come first
            problems.errors.extend(order_problems(document, translation) + id_clashes(document, translation))
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


# --- the pages: the parallel page and a translation's paragraph pages -------------------------------------

_ID_ATTRIBUTE = re.compile(r'(\s(?:id|aria-labelledby|aria-describedby|aria-controls)=")')
_LOCAL_HREF = re.compile(r'(\shref="#)')
_UP = re.compile(r'(\s(?:href|src)=")\.\./')


def _prefixed(html: str, prefix: str) -> str:
    """The translation's ids and its links to them, prefixed (`en-p105`, `en-fn1`): the page holds both
    versions, and the original's ids are the page's anchors. Attribute values are escaped by the
    renderer, so the pattern cannot match inside text."""
    return _LOCAL_HREF.sub(rf"\g<1>{prefix}", _ID_ATTRIBUTE.sub(rf"\g<1>{prefix}", html))


def _deeper(html: str) -> str:
    """Links rendered for a document page (`../glossary/…`, `../other-doc/…`), from one folder deeper."""
    return _UP.sub(r"\g<1>../../", html)


@dataclass(frozen=True)
class Cell:
    html: str
    """Rendered (safe) HTML, or empty for a notice."""
    missing: bool = False
    anchor: str = ""
    """For a notice: the id the other version's unit has here (`p4`, `en-p2-b-2`), so that a link to it
    (a shared link, the version's paragraph page, a search hit) lands on this row."""


@dataclass(frozen=True)
class ParallelRow:
    key: str
    original: Cell
    translation: Cell
    kind: str
    """heading | paragraph | item | block | notes: for the row's spacing."""


def _row_kind(segment: Segment | None) -> str:
    if segment is None:
        return "block"
    first = segment.tokens[0]
    if first.type == "footnote_block_open":
        return "notes"
    if first.type == "heading_open":
        return "heading"
    classes = str(first.attrGet("class") or "")
    return "item" if "item" in classes else "paragraph" if "para" in classes else "block"


def _notice_anchor(segment: Segment | None, prefix: str) -> str:
    """The id a notice stands in for: the other version's block's, when it has one of its own."""
    if segment is None or segment.key.startswith("#") or segment.key == "footnotes":
        return ""
    return prefix + segment.key


def render_parallel(
    renderer: Renderer, document: Document, translation: Translation, edition: Edition, terms: list[Term]
) -> OutputFile:
    """The document beside one language version, row by row (see align.rows)."""
    slug, lang = document.meta.slug, translation.meta.lang
    text = LANGUAGES[lang]
    page = Page(edition, urls.parallel(edition, slug, lang), urls.parallel(edition.other, slug, lang))
    ui = renderer._ui(edition)
    md = renderer.md

    def html(segment: Segment, title: str, prefix: str = "") -> str:
        rendered = md.renderer.render(segment.tokens, md.options, {"footnotes_title": title})
        return _deeper(_prefixed(rendered, prefix) if prefix else rendered)

    made = []
    for row in rows(segments(document.tokens), segments(translation.tokens)):
        original = (
            Cell(html(row.original, ui("脚注")))
            if row.original
            else Cell("", missing=True, anchor=_notice_anchor(row.translation, ""))
        )
        version = (
            Cell(html(row.translation, text.notes, f"{lang}-"))
            if row.translation
            else Cell("", missing=True, anchor=_notice_anchor(row.original, f"{lang}-"))
        )
        made.append(ParallelRow(row.key, original, version, _row_kind(row.original or row.translation)))
    by_slug = {term.slug: term for term in terms}
    return renderer._render(
        "parallel.html",
        page,
        document=document,
        translation=translation,
        language=text,
        rows=made,
        toc=nest_headings(document.headings),
        views=views(page.path, document, edition, lang),
        cite_versions=cite_versions(page.path, document, edition),
        used_terms=[by_slug[slug] for slug in document.terms_used if slug in by_slug],
        cite_prefix=citation(document.meta, None),
        document_path=urls.document,
    )


def render_parallel_paragraph(
    renderer: Renderer,
    document: Document,
    translation: Translation,
    edition: Edition,
    paragraph: Block,
    items: list[Block],
) -> OutputFile:
    """A translation's paragraph page: its text in title and og:description, in its language, for link previews."""
    slug, lang, number = document.meta.slug, translation.meta.lang, paragraph.number or ""
    text = LANGUAGES[lang]
    page = Page(
        edition,
        urls.parallel_paragraph(edition, slug, lang, number),
        urls.parallel_paragraph(edition.other, slug, lang, number),
    )
    source = translation.meta.symbol or document.meta.symbol or translation.meta.title
    cite_zh, _ = citation(document.meta, number)
    description = paragraph.text + "".join(f" ({(item.number or '').partition('(')[2]} {item.text}" for item in items)
    return renderer._render(
        "paragraph.html",
        page,
        document=document,
        paragraph=paragraph,
        items=items,
        target=urls.relative(page.path, urls.parallel(edition, slug, lang), paragraph.anchor),
        cite_zh=cite_zh,
        cite_en=citation_in(lang, source, number),
        description=_shorten(description, 300),
        version=text,
        version_title=translation.meta.title,
        working=translation.meta.status == "working",
    )


# --- the unit of render work ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParallelTask:
    """One document beside one of its language versions, in both editions, with the version's paragraph pages."""

    source: Source
    translation: TranslationSource
    translations: tuple[Translation, ...]
    """All the document's language versions, records without tokens (the view switch lists them)."""
    terms: tuple[Term, ...]
    terms_hant: tuple[Term, ...]
    marks: str
    decisions: tuple
    source_digest: str
    translation_digest: str

    def key(self) -> tuple:
        versions = tuple((t.meta, t.source_digest) for t in self.translations)
        # `marks` covers the Chinese forms; the version's marks come from the English names
        english = tuple((term.slug, term.english, term.english_short) for term in self.terms)
        return (self.source_digest, self.translation_digest, self.marks, self.decisions, versions, english)

    def areas(self) -> list[tuple[str, ...]]:
        return [tuple(str(urls.parallel(edition, self.source.meta.slug, "_")).split("/", 2)[:2]) for edition in Edition]


def parallel_tasks(
    sources: list[Source],
    documents: list[Document],
    terms: list[Term],
    terms_hant: list[Term],
    marks: str,
    decisions: dict[str, list],
    translation_sources: list[TranslationSource],
) -> list[ParallelTask]:
    """A unit per document and language version, in library order."""
    by_path = {source.path: source for source in sources}
    by_version = {(source.meta.slug, source.meta.lang): source for source in translation_sources}
    return [
        ParallelTask(
            by_path[document.path],
            by_version[(document.meta.slug, translation.meta.lang)],
            tuple(document.translations),
            tuple(terms),
            tuple(terms_hant),
            marks,
            tuple(decisions[document.meta.slug]),
            document.source_digest,
            translation.source_digest,
        )
        for document in documents
        for translation in document.translations
    ]


@dataclass(frozen=True)
class ParallelPages:
    """What a parallel unit left for the reduce steps: its files' records."""

    records: list[PageRecord]
    written: int = 0
    traditional: None = None


@functools.lru_cache(maxsize=2)
def _matchers(terms: tuple[Term, ...]) -> tuple[TermMatcher, EnglishTermMatcher]:
    return TermMatcher(list(terms)), EnglishTermMatcher(list(terms))


def render_parallel_pages(setup, staging: Path, previous: dict[str, str] | None, task: ParallelTask) -> ParallelPages:
    """A worker's unit: the parallel page of one document and language in both editions, and the
    language version's paragraph pages; the version's text is checked to be on the page (conserve)."""
    tools = setup.tools()
    renderer, converter = tools.renderer, tools.converter
    matcher, english = _matchers(task.terms)
    document = parse_document(task.source, Problems(), renderer.md)
    document.translations = list(task.translations)
    document.terms_used = mark_terms(document.tokens, matcher)
    apply_references(document.tokens, list(task.decisions))
    translation = parse_translation(task.translation, Problems(), translation_markdown())
    if translation.meta.lang == "en":  # the glossary's names are English
        for slug in mark_terms(translation.tokens, english):
            if slug not in document.terms_used:
                document.terms_used.append(slug)
    traditional = to_traditional(document, converter)
    terms = {Edition.HANS: list(task.terms), Edition.HANT: list(task.terms_hant)}

    def pages():
        for edition, edition_document in ((Edition.HANS, document), (Edition.HANT, traditional)):
            page = render_parallel(renderer, edition_document, translation, edition, terms[edition])
            if edition is Edition.HANS:  # no text of the version lost without an error
                source = task.translation
                lost = check_text_conserved(source.path, source.body, source.body_line, page.content.decode("utf-8"))
                if lost:
                    raise ContentErrors(lost)
            yield page
            del page
            blocks = translation.blocks
            for index, block in enumerate(blocks):
                if block.kind != "paragraph":
                    continue
                items = []
                for following in blocks[index + 1 :]:
                    if following.kind != "item":
                        break
                    items.append(following)
                yield render_parallel_paragraph(renderer, edition_document, translation, edition, block, items)

    records, written = [], 0
    for file in pages():
        record = page_record(str(file.path), file.content)
        if previous is None or previous.get(record.path) != record.digest:
            stage_file(staging, file.path, file.content)
            written += 1
        records.append(record)
    return ParallelPages(records, written)
