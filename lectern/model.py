"""Records passed between pipeline stages.

Each stage takes and returns these, so it can be tested alone and never reaches
into another stage's internals. No I/O and no behaviour beyond small properties.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """Validated front matter of one document."""

    slug: str
    """Short stable ASCII name; part of every public URL of the document."""
    title_zh: str
    title_en: str
    short_title_zh: str
    short_title_en: str
    symbol: str | None
    """UN document symbol, only when the text itself states it."""
    date: str
    body: str
    body_en: str
    session: str
    session_en: str
    agenda: str
    source: str
    """File name of the text the document was imported from."""
    title_page: tuple[str, ...] = ()
    """The printed title page, line by line, kept so nothing of the original is lost."""


@dataclass(frozen=True, slots=True)
class Source:
    """A content file split into validated metadata and its Markdown body."""

    path: str
    meta: DocumentMeta
    body: str
    body_line: int
    """1-based file line of the body's first line; turns Token.map into file lines."""
    field_lines: dict[str, int] = field(default_factory=dict, compare=False)
    """File line of each front-matter field, for problems found after loading (a duplicate slug)."""


@dataclass(frozen=True, slots=True)
class Block:
    """A unit a reader can link to: numbered paragraph, sub-item, unnumbered block, heading or footnote."""

    anchor: str
    """The element id, e.g. p105, p105-c, p81-c-2, summary-3."""
    number: str | None
    """The citable number, e.g. "105" or "105(c)"; None for unnumbered blocks."""
    kind: str
    """paragraph | item | block | heading | footnote"""
    text: str
    """Plain text, for search and citation."""
    line: int
    """File line where the block starts."""


@dataclass(frozen=True, slots=True)
class Heading:
    """An entry of the generated table of contents."""

    anchor: str
    level: int
    text: str


@dataclass
class Document:
    """A parsed document in one script. Not frozen: it holds markdown-it tokens."""

    meta: DocumentMeta
    path: str
    tokens: list[Any]
    blocks: list[Block]
    headings: list[Heading]
    footnotes: dict[str, str] = field(default_factory=dict)
    terms_used: list[str] = field(default_factory=list)
    """Slugs of the glossary terms marked in this document, in order of first use."""
    source_digest: str = ""
    """Digest of the source it was parsed from (its blocks and tokens are a function of it): for cache keys."""
    references: list = field(default_factory=list)
    """Each reference in token order: (citing anchor, its number, line, Target); what the link stage reads."""

    @property
    def paragraph_count(self) -> int:
        return sum(1 for block in self.blocks if block.kind == "paragraph")


@dataclass(frozen=True, slots=True)
class Term:
    """A glossary entry, curated or extracted from a `全称(简称)` definition in the text."""

    key: str
    """The Simplified term as it is written in the documents, e.g. 维持和平行动."""
    slug: str
    """ASCII pinyin id used in URLs and anchors: glossary/index.html#weichi-heping-xingdong."""
    english: str
    definition_zh: str
    definition_en: str
    pinyin: str = ""
    """Toneless pinyin of the Simplified term, for the glossary's order and its letter groups."""
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    traditional: str | None = None
    """Explicit Traditional form; None means convert with the same overrides as the text."""
    full_name: str | None = None
    """For an abbreviation: the full name it stands for."""
    english_short: str | None = None
    see: tuple[str, int] | None = None
    """(document slug, paragraph number) that best explains the term."""
    origin: str = "curated"
    """curated | extracted"""
    defined_at: tuple[str, str] | None = None
    """For an extracted abbreviation: (document slug, anchor) where the text defines it."""

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.key, *self.aliases)


class Edition(enum.Enum):
    """The two scripts every document is published in."""

    HANS = ("zh-hans", "zh-Hans", "简体", "Simplified")
    HANT = ("zh-hant", "zh-Hant", "繁體", "Traditional")

    def __init__(self, segment: str, lang: str, label: str, label_en: str):
        self.segment = segment
        self.lang = lang
        self.label = label
        self.label_en = label_en

    @property
    def other(self) -> "Edition":
        return Edition.HANT if self is Edition.HANS else Edition.HANS


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file of the finished site; the only thing the write stage sees."""

    path: PurePosixPath
    content: bytes


@dataclass(frozen=True, slots=True)
class PageRecord:
    """What the later stages need to know about one written file, without its content."""

    path: str
    """Site path, e.g. zh-hans/hippo-2015/index.html."""
    digest: str
    """sha256 of the content (hex): the offline cache name, and whether a rebuild must rewrite the file."""
    ids: tuple[str, ...] | None = None
    """Element ids the page defines, in order (a repeated id appears twice); None for a file that is not HTML."""
    links: tuple[str, ...] = ()
    """Every href/src/action of the page, unescaped, each once, in order of first appearance."""


@dataclass(frozen=True)
class Target:
    """What a reference in the text points at, before the link stage knows where that is."""

    kind: str
    """paragraph | section | symbol | charter"""
    value: str
    """p151 / p81-c, s3-b-4, a UN symbol (A/65/19, S/RES/1325(2000)), or the Charter chapter number."""
    label: str = ""
    """For a paragraph: the citable number (151, 81(c)); for a symbol: the paragraph of that report (p66)."""
