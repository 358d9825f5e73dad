"""A language version beside its original: the alignment check and the rows of the parallel page.

UN documents carry the same paragraph numbers in every official language, so the ids the anchors
rule gives (p105, p105-c, p81-c-2, s3-b-4, an explicit {#id}) are the alignment. A unit present in
one version and missing in the other is a warning at its `path:line` (an error with --strict), and
the parallel page shows a notice at that place instead of shifting the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import ContentError, Location
from .model import LANGUAGE_NAMES, Block, Document, Translation

ALIGNED_KINDS = ("paragraph", "item", "block", "heading")
"""The units a reader compares; footnotes follow their paragraphs and are not checked one by one."""


def _described(block: Block) -> str:
    if block.kind == "paragraph":
        return f"paragraph {block.number}"
    if block.kind == "item":
        return f"sub-item {block.number}"
    if block.kind == "heading":
        return f"heading {block.anchor!r}"
    return f"block {{#{block.anchor}}}"


def check_alignment(document: Document, translation: Translation) -> list[ContentError]:
    """A warning for each unit of one version that the other lacks, at the line where it is, or would be."""
    original = [block for block in document.blocks if block.kind in ALIGNED_KINDS]
    translated = [block for block in translation.blocks if block.kind in ALIGNED_KINDS]
    in_original = {block.anchor for block in original}
    in_translation = {block.anchor: block for block in translated}
    name = LANGUAGE_NAMES.get(translation.meta.lang, translation.meta.lang)
    warnings = []
    line = 1
    for block in original:
        found = in_translation.get(block.anchor)
        if found is not None:
            line = found.line
            continue
        warnings.append(
            ContentError(
                Location(translation.path, line),
                f"{_described(block)} (#{block.anchor}, {document.path}:{block.line}) is missing in this "
                f"{name} version, after this line: the parallel page shows a notice in its place",
            )
        )
    for block in translated:
        if block.anchor not in in_original:
            warnings.append(
                ContentError(
                    Location(translation.path, block.line),
                    f"{_described(block)} (#{block.anchor}) is not in the original ({document.path}): "
                    "the parallel page shows it with a notice",
                )
            )
    return warnings


def order_problems(document: Document, translation: Translation) -> list[ContentError]:
    """A unit both versions have, in another order here than in the original: the parallel page
    follows the original's order, so it could not show this text where the file puts it."""
    position: dict[str, int] = {}
    for index, block in enumerate(document.blocks):
        if block.kind in ALIGNED_KINDS:
            position.setdefault(block.anchor, index)
    lines = {block.anchor: block.line for block in document.blocks}
    problems = []
    last: Block | None = None
    for block in translation.blocks:
        if block.kind not in ALIGNED_KINDS or block.anchor not in position:
            continue
        if last is not None and position[block.anchor] < position[last.anchor]:
            problems.append(
                ContentError(
                    Location(translation.path, block.line),
                    f"{_described(block)} comes after {_described(last)} here, but before it in the original "
                    f"({document.path}:{lines[block.anchor]}): a language version keeps the original's order",
                )
            )
            continue
        last = block
    return problems


def id_clashes(document: Document, translation: Translation) -> list[ContentError]:
    """An id of the original that is the prefixed id (`en-p1`) of one of the version's units: the
    parallel page holds both, and a link to it would land on either."""
    prefix = f"{translation.meta.lang}-"
    theirs = {prefix + block.anchor: block for block in translation.blocks}
    name = LANGUAGE_NAMES.get(translation.meta.lang, translation.meta.lang)
    return [
        ContentError(
            Location(document.path, block.line),
            f"id {block.anchor!r} is also the id of {_described(theirs[block.anchor])} of the {name} version "
            f"on the parallel page ({translation.path}:{theirs[block.anchor].line}); choose another id",
        )
        for block in document.blocks
        if block.anchor in theirs
    ]


@dataclass(frozen=True)
class Segment:
    """One top-level block of the rendered tokens: a paragraph, an item, a heading, a table, the footnotes."""

    key: str
    """Its id, or `footnotes` for the notes, or `#<n>` for a block without an id."""
    tokens: list[Any]


def segments(tokens: list[Any]) -> list[Segment]:
    """The tokens cut into top-level blocks, each with the id that aligns it."""
    found: list[Segment] = []
    depth, start = 0, 0
    for index, token in enumerate(tokens):
        if depth == 0:
            start = index
        depth += token.nesting
        if depth == 0:
            first = tokens[start]
            if first.type == "footnote_block_open":
                key = "footnotes"
            else:
                key = str(first.attrGet("id") or f"#{len(found)}")
            found.append(Segment(key, tokens[start : index + 1]))
    return found


@dataclass(frozen=True)
class Row:
    """A row of the parallel page: the original's block and its counterpart, either of them missing."""

    key: str
    original: Segment | None
    translation: Segment | None


def _placed(segments: list[Segment]) -> dict[tuple[str, int, str], Segment]:
    """Blocks without an id (a rule, `* * *`), by where they are: the id before them, how many such
    blocks came since, and their kind. Both versions' blocks in the same place pair up."""
    placed: dict[tuple[str, int, str], Segment] = {}
    previous, count = "", 0
    for segment in segments:
        if segment.key.startswith("#"):
            placed[(previous, count, segment.tokens[0].type)] = segment
            count += 1
        else:
            previous, count = segment.key, 0
    return placed


def rows(original: list[Segment], translation: list[Segment]) -> list[Row]:
    """In the original's order; a block only the translation has comes after its predecessor's row."""
    theirs = _placed(translation)
    paired = {mine.key: theirs[place] for place, mine in _placed(original).items() if place in theirs}
    matched = {id(segment) for segment in paired.values()}
    translation = [segment for segment in translation if id(segment) not in matched]
    by_key = {segment.key: segment for segment in translation if not segment.key.startswith("#")}
    by_key.update(paired)
    in_original = {segment.key for segment in original}
    extra_after: dict[str, list[Segment]] = {}
    previous = ""
    for segment in translation:
        if segment.key.startswith("#") or segment.key not in in_original:
            extra_after.setdefault(previous, []).append(segment)
        else:
            previous = segment.key
    made = [Row(f"+{segment.key}", None, segment) for segment in extra_after.get("", [])]
    for segment in original:
        made.append(Row(segment.key, segment, by_key.get(segment.key)))
        made.extend(Row(f"+{extra.key}", None, extra) for extra in extra_after.get(segment.key, []))
    return made
