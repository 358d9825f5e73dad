"""Records passed between pipeline stages.

Each stage takes and returns these, so it can be tested alone and never reaches
into another stage's internals. No I/O and no behaviour beyond small properties.
"""

from __future__ import annotations

import enum
import sys
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
    """UN document symbol (A/70/95), from the text or, with `symbol_source`, from the official record."""
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
    other_symbols: tuple[str, ...] = ()
    """Further symbols of the same document, e.g. S/2015/446 for a report issued to both organs."""
    symbol_source: str = ""
    """Where the symbol comes from when the exported text does not print it (e.g. the UN ODS record)."""
    notes: tuple[str, ...] = ()
    """Notes printed with the original, such as "reissued for technical reasons"."""
    recommendations_in_text: tuple[tuple[str, str], ...] = ()
    """(paragraph number, "recommends" | "calls") of recommendations made in running text, found by reading."""
    recommendations_line: int = 0
    """File line of the `recommendations_in_text` field, for a number that names no paragraph."""

    @property
    def full_symbol(self) -> str:
        """All symbols joined as the UN prints a joint report: A/70/95–S/2015/446."""
        return "–".join(symbol for symbol in (self.symbol, *self.other_symbols) if symbol)

    @property
    def official_versions(self) -> tuple[OfficialVersion, ...]:
        """The UN's own link per official language for a document with a symbol (undocs.org resolves it)."""
        if not self.symbol:
            return ()
        return tuple(
            OfficialVersion(code, name, f"https://undocs.org/{code}/{self.symbol}") for code, name in OFFICIAL_LANGUAGES
        )


OFFICIAL_LANGUAGES = (
    ("ar", "العربية"),
    ("zh", "中文"),
    ("en", "English"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("es", "Español"),
)
"""The six official languages of the United Nations, in the UN's order, each named in itself."""


@dataclass(frozen=True, slots=True)
class OfficialVersion:
    """A document's official text in one language, on the UN's document system."""

    lang: str
    """BCP 47 code, also undocs.org's path segment."""
    name: str
    """The language's name in itself."""
    url: str


TRANSLATION_STATUSES = ("official", "working")
"""A language version is the official text, or a working translation that the pages label as such."""


@dataclass(frozen=True, slots=True)
class TranslationMeta:
    """Validated front matter of a language version of a document: `content/<slug>.<lang>.md`."""

    slug: str
    """The original document's slug, taken from the file name."""
    lang: str
    """BCP 47 code of one of the official languages other than Chinese (en, fr, es, ru, ar)."""
    title: str
    symbol: str | None
    source: str
    """Where the text came from (a file name or the official record's address)."""
    status: str
    """One of TRANSLATION_STATUSES."""


TRANSLATION_LANGUAGES = ("ar", "en", "fr", "ru", "es")
"""The official languages a translation file may be in (`content/<slug>.<lang>.md`): all but Chinese."""

LANGUAGE_NAMES = {code: name for code, name in OFFICIAL_LANGUAGES}


@dataclass(frozen=True, slots=True)
class TranslationSource:
    """A translation file split into validated metadata and its Markdown body (the loader's record)."""

    path: str
    meta: TranslationMeta
    body: str
    body_line: int
    field_lines: dict[str, int] = field(default_factory=dict, compare=False)


@dataclass
class Translation:
    """A parsed language version. Its block ids follow the original's numbering, so an id is the alignment."""

    meta: TranslationMeta
    path: str
    tokens: list[Any]
    blocks: list[Block]
    headings: list[Heading]
    footnotes: dict[str, str] = field(default_factory=dict)
    source_digest: str = ""


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

    def __reduce__(self):
        """Pickled (to a worker) with the body as UTF-8 bytes: a str that is pickled keeps a UTF-8 copy of
        itself for as long as it lives (CPython), and a library's bodies live for the whole build."""
        body = self.body.encode("utf-8", "surrogatepass")
        return (_source, (self.path, self.meta, body, self.body_line, self.field_lines))


def _source(path: str, meta: DocumentMeta, body: bytes, body_line: int, field_lines: dict[str, int]) -> Source:
    return Source(path, meta, body.decode("utf-8", "surrogatepass"), body_line, field_lines)


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

    @staticmethod
    def of(anchor: str, number: str | None, kind: str, text: str, line: int) -> Block:
        """A block with its anchor, number and kind shared (interned) with every equal one in this process: a
        library repeats them in every document and both editions (p105 and 105 in each), a copy each would
        take as much as the texts. The parser makes blocks with it, and so does unpickling one."""
        return Block(sys.intern(anchor), None if number is None else sys.intern(number), sys.intern(kind), text, line)

    def __reduce__(self):
        """Pickled with the text as UTF-8 bytes (see Source.__reduce__: a pickled str keeps a copy of itself
        in UTF-8 for its life; the build cache pickles every block the build holds), unpickled through `of`."""
        return (_block, (self.anchor, self.number, self.kind, self.text.encode("utf-8", "surrogatepass"), self.line))


def _block(anchor: str, number: str | None, kind: str, text: bytes, line: int) -> Block:
    return Block.of(anchor, number, kind, text.decode("utf-8", "surrogatepass"), line)


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
    translations: list[Translation] = field(default_factory=list)
    """Language versions (content/<slug>.<lang>.md), in the UN's order of the official languages."""

    @property
    def paragraph_count(self) -> int:
        return sum(1 for block in self.blocks if block.kind == "paragraph")


@dataclass(frozen=True, slots=True)
class Listing:
    """What the pages that list the library (home, register) show of a document: its metadata and size.

    Not the document itself: those pages are rendered again only when what they show changes, not on
    every edit of a paragraph's text (their cache key is this record)."""

    meta: DocumentMeta
    paragraph_count: int
    path: str = ""
    """The source file, as the document's record names it."""
    translations: tuple[TranslationMeta, ...] = ()
    """The front matter of each of its language versions (language, title, symbol, status)."""

    @staticmethod
    def of(document: Document) -> Listing:
        versions = tuple(translation.meta for translation in document.translations)
        return Listing(document.meta, document.paragraph_count, document.path, versions)


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
    def conversion_note(self) -> tuple[str, str] | None:
        """What a reader is told about how the edition was made: (Chinese, English), or None for the original."""
        if self is Edition.HANS:
            return None
        return (
            "本繁體版由簡體原文經 OpenCC 機器轉換（臺灣正體），並依教育部標準字體逐條審校修正。",
            "Machine conversion of the Simplified original (OpenCC, Taiwan standard) with reviewed corrections.",
        )

    @property
    def other(self) -> Edition:
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
    """Every href/src/action of the page, unescaped and resolved (`check.page_record`), each once, in order of
    first appearance; links to other hosts, and links into the page itself that lead to one of its ids, left out."""
    size: int = 0
    """Bytes of the content: what saving the file for offline reading costs (offline.py)."""

    def __reduce__(self):
        """Pickled as its fields and unpickled with its ids and links interned (`interned_record`): a library's
        records come from the workers and the build cache by the ten thousand, each with its own copies of the
        links every page repeats (the header, the glossary), ten times what they take shared; and a slotted
        dataclass's own unpickling looks its fields up again for each one."""
        return (interned_record, (self.path, self.digest, self.ids, self.links, self.size))


def interned_record(
    path: str, digest: str, ids: tuple[str, ...] | None, links: tuple[str, ...], size: int
) -> PageRecord:
    return PageRecord(
        path, digest, None if ids is None else tuple(map(sys.intern, ids)), tuple(map(sys.intern, links)), size
    )


@dataclass(frozen=True)
class Target:
    """What a reference in the text points at, before the link stage knows where that is."""

    kind: str
    """paragraph | section | symbol | charter"""
    value: str
    """p151 / p81-c, s3-b-4, a UN symbol (A/65/19, S/RES/1325(2000)), or the Charter chapter number."""
    label: str = ""
    """For a paragraph: the citable number (151, 81(c)); for a symbol: the paragraph of that report (p66)."""
