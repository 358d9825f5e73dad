"""Second phase after every document is parsed: resolve references, collect backlinks.

A reference can point into another document of the library, so it can only be resolved
once all of them are parsed (MkDocs' two-phase build). References that lead nowhere are
reported as warnings; `--strict` makes them fail the build.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from markdown_it.token import Token

from . import urls
from .errors import ContentError, Location
from .model import Document, Target

UNDOCS = "https://undocs.org/zh/"
CHARTER = "https://www.un.org/zh/about-us/un-charter/chapter-{chapter}"
EXTERNAL_REL = "external noopener noreferrer"


@dataclass(frozen=True)
class Citation:
    """One place that cites a paragraph: which document, which block, and its citable number."""

    document: str
    anchor: str
    number: str | None


Decision = tuple  # (href, class, rel or "") for a resolved reference, () for one that leads nowhere


def find_reference_sites(document: Document) -> list[tuple[str, str | None, int, Target]]:
    """Every reference of a parsed document in token order: (citing anchor, its number, line, target).

    This record is all the link stage needs, so the parsed tokens need not be kept for it.
    """
    blocks = {block.anchor: block for block in document.blocks}
    sites: list = []
    anchor, number, line = "", None, 0
    for token in document.tokens:
        token_id = str(token.attrGet("id") or "")
        if token.type in ("paragraph_open", "heading_open") and token_id in blocks:
            anchor, number, line = token_id, blocks[token_id].number, blocks[token_id].line
        if token.type == "inline":
            sites.extend(
                (anchor, number, line, child.meta["target"])
                for child in token.children or []
                if child.type == "xref_open"
            )
    return sites


def resolve_sites(
    documents: list[Document], sites: dict[str, list]
) -> tuple[dict[str, list[Decision]], dict[tuple[str, str], list[Citation]], list[ContentError]]:
    """Where each reference leads, per document in site order; backlinks per (document, anchor); warnings."""
    by_symbol = {document.meta.symbol: document for document in documents if document.meta.symbol}
    anchors = {document.meta.slug: {block.anchor for block in document.blocks} for document in documents}
    decisions: dict[str, list[Decision]] = {}
    backlinks: dict[tuple[str, str], list[Citation]] = {}
    warnings: list[ContentError] = []
    for document in documents:
        slug = document.meta.slug
        made = decisions[slug] = []
        for anchor, number, line, target in sites[slug]:
            source = Citation(slug, anchor, number)
            href, internal = _resolve(target, slug, anchors, by_symbol)
            if href is None:
                made.append(())
                warnings.append(
                    ContentError(
                        Location(document.path, line),
                        f"reference to {_describe(target)} that does not exist in this document",
                    )
                )
                continue
            if internal is None:
                made.append((href, "xref external", EXTERNAL_REL))
                continue
            made.append((href, "xref", ""))
            if source.anchor and internal != (slug, source.anchor):
                citations = backlinks.setdefault(internal, [])
                if source not in citations:
                    citations.append(source)
    return decisions, backlinks, warnings


def apply_references(tokens: list[Token], decisions: list[Decision]) -> None:
    """Give each xref token of a fresh parse what the link stage decided for it (same order)."""
    found = iter(decisions)
    for token in tokens:
        if token.type != "inline":
            continue
        children = token.children or []
        for index, child in enumerate(children):
            if child.type != "xref_open":
                continue
            child = children[index] = _own_copy(child)  # copy on write: the parsed tokens stay as parsed
            decision = next(found)
            if not decision:
                child.meta["unresolved"] = True
                continue
            href, kind, rel = decision
            child.attrSet("href", href)
            child.attrSet("class", kind)
            if rel:
                child.attrSet("rel", rel)


def resolve_references(documents: list[Document]) -> tuple[dict[tuple[str, str], list[Citation]], list[ContentError]]:
    """Set href on every xref token of parsed documents; return backlinks per (document, anchor) and warnings."""
    sites = {document.meta.slug: find_reference_sites(document) for document in documents}
    decisions, backlinks, warnings = resolve_sites(documents, sites)
    for document in documents:
        apply_references(document.tokens, decisions[document.meta.slug])
    return backlinks, warnings


def _describe(target: Target) -> str:
    if target.kind == "paragraph":
        return f"paragraph {target.label}"
    return f"section {target.value}"


def _resolve(target: Target, slug: str, anchors: dict[str, set[str]], by_symbol: dict[str, Document]):
    """(href, (document, anchor) if it is in the library else None); href None when it leads nowhere."""
    if target.kind in ("paragraph", "section"):
        if target.value in anchors[slug]:
            return f"#{target.value}", (slug, target.value)
        return None, None
    if target.kind == "charter":
        return CHARTER.format(chapter=target.value), None
    document = by_symbol.get(target.value)
    if document is not None:
        other = document.meta.slug
        fragment = target.label if target.label in anchors[other] else ""
        href = urls.sibling_document(other, fragment)
        return href, (other, fragment) if fragment else (other, "")
    return UNDOCS + target.value.replace(" ", ""), None


def add_backlinks(
    documents: list[Document], backlinks: dict[tuple[str, str], list[Citation]], short_titles: dict[str, str]
) -> None:
    """Append a small 'cited from' line to every cited paragraph, with links to the citing places.

    The inline token gets a new children list; the tokens in it are not changed.
    """
    for document in documents:
        slug = document.meta.slug
        current = None
        for token in document.tokens:
            if token.type == "paragraph_open":
                current = (slug, str(token.attrGet("id") or ""))
            elif token.type == "inline" and current in backlinks:
                token.children = (token.children or []) + _cited_by_tokens(backlinks[current], slug, short_titles)
                current = None


def _cited_by_tokens(citations: list[Citation], slug: str, short_titles: dict[str, str]) -> list[Token]:
    tokens = [Token("citedby_open", "span", 1), _text("引用处：")]
    for index, citation in enumerate(citations):
        if index:
            tokens.append(_text("、"))
        link = Token("link_open", "a", 1)
        same = citation.document == slug
        link.attrSet(
            "href",
            urls.fragment(citation.anchor) if same else urls.sibling_document(citation.document, citation.anchor),
        )
        title = "" if citation.document == slug else short_titles[citation.document] + " "
        label = f"第{citation.number}段" if citation.number else "正文"
        tokens.extend([link, _text(title + label), Token("link_close", "a", -1)])
    tokens.append(Token("citedby_close", "span", -1))
    return tokens


def _own_copy(token: Token) -> Token:
    clone = copy.copy(token)
    clone.attrs = dict(token.attrs)
    clone.meta = dict(token.meta)
    return clone


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token
