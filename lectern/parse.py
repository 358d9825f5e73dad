"""Parse a document's Markdown into tokens, anchors and blocks.

`make_markdown` is the one place that lists the plugins and their order.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

from .errors import Problems
from .mdext.anchors import ParseContext, anchors_plugin
from .mdext.backlinks import backlinks_plugin
from .mdext.blockattrs import block_attributes_plugin
from .mdext.emphasis import cjk_emphasis_plugin
from .mdext.footnotes import footnote_ids_plugin
from .mdext.links import external_links_plugin
from .mdext.tables import tables_plugin
from .mdext.terms import terms_plugin
from .mdext.xrefs import xrefs_plugin
from .model import Document, Source, Translation, TranslationSource


def make_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})  # raw HTML from content stays text: CSP stays clean
    md.use(cjk_emphasis_plugin)  # `**观念。**刚刚`: emphasis beside Chinese punctuation closes
    md.use(block_attributes_plugin)  # `{#id}` above a block: explicit stable ids for unnumbered blocks, checked
    md.use(footnote_ids_plugin)  # `[^5]` references and definitions, ids from labels
    md.use(tables_plugin)  # ```table fences -> <table> + SVG chart
    md.use(xrefs_plugin)  # after text_join: 第151段, A/55/305, 第1325(2000)号决议 -> xref tokens
    md.use(anchors_plugin)  # after text_join: needs its merged text tokens
    md.use(external_links_plugin)  # rel="noopener" on links to other hosts
    md.use(terms_plugin)  # render rules only: terms are marked after the glossary is built (pipeline)
    md.use(backlinks_plugin)  # render rules only: backlinks are added by the link stage
    return md


def parse_document(source: Source, problems: Problems, md: MarkdownIt | None = None) -> Document:
    """Tokens plus the anchors, headings and footnotes found in them."""
    md = md or make_markdown()
    context = ParseContext(path=source.path, body_line=source.body_line, problems=problems)
    tokens = md.parse(source.body, {"lectern": context})
    return Document(
        meta=source.meta,
        path=source.path,
        tokens=tokens,
        blocks=context.blocks,
        headings=context.headings,
        footnotes=context.footnotes,
    )


def make_translation_markdown() -> MarkdownIt:
    """The plugins for a language version: ids, footnotes, tables and links as in the original; no
    Chinese emphasis rule and no Chinese references (第151段). Terms are marked later, as in the original."""
    md = MarkdownIt("commonmark", {"html": False})
    md.use(block_attributes_plugin)
    md.use(footnote_ids_plugin)
    md.use(tables_plugin)
    md.use(anchors_plugin)
    md.use(external_links_plugin)
    md.use(terms_plugin)
    return md


def parse_translation(source: TranslationSource, problems: Problems, md: MarkdownIt | None = None) -> Translation:
    """A language version's tokens and blocks; its numbers are read in its own script (anchors.Numerals)."""
    md = md or make_translation_markdown()
    context = ParseContext(path=source.path, body_line=source.body_line, problems=problems, lang=source.meta.lang)
    tokens = md.parse(source.body, {"lectern": context})
    return Translation(
        meta=source.meta,
        path=source.path,
        tokens=tokens,
        blocks=context.blocks,
        headings=context.headings,
        footnotes=context.footnotes,
    )
