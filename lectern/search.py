"""Search: Blocks and glossary entries -> a small manifest, index pieces and text fragments per edition.

The unit of search is the Block, as the reader links to it: a numbered paragraph, each of its
sub-items (105(c) has its own id and number, so a hit lands on the sub-item itself), an
unnumbered block, a heading, a footnote; and each glossary entry. Every block is a row; rows are
numbered in order (documents in order, then the glossary), and row i is lunr document ref "i".

What ships per edition, so that a query fetches only what it needs (Pagefind's approach):

- `search/<edition>/manifest.js`: the documents, the tokeniser spec, the fold table, the UI strings,
  and the boundaries: which rows form each *volume*, the first term of each index piece of a volume,
  the first row of each text fragment.
- `search/<edition>/index/<volume>-<piece>.js`: a slice of one volume's lunr index. A volume is
  the glossary, or a run of whole documents of about VOLUME_ROWS rows; its lunr index (the one
  lunr.py's Builder makes from the rows' terms, test_search checks it) is cut by term into
  pieces of about PIECE_POSTINGS postings, in sorted term order, so a term (a CJK bigram, an
  English word or number, `#105(c)` for a citable number) lives in exactly one piece of each
  volume, found by binary search over the manifest's boundaries. A piece holds, per term, the
  lunr term index, the rows that have it and their BM25 weights: exactly the term's entry in the
  serialised lunr index and its column of the field vectors, from which assets/search.js
  rebuilds a lunr index of the query's terms for `lunr.Index.load`.
- `search/<edition>/text/<n>.js`: the rows of a run of consecutive blocks of one document (about
  FRAGMENT_CHARS characters), with the texts of the headings above them, for the exact-phrase
  check, the heading path and the snippet.

A document's language versions (`Document.translations`) are rows too, after the originals' rows and
before the glossary's, in volumes of one language that their language's lunr pipeline indexes (English:
stop words, stemmer); lectern/search_lang.py makes them, and says what a query does there.

All are scripts that call `LecternSearch.register(key, data)`: `file://` pages cannot fetch, but
they can load a script. The browser checks the glossary volume, then the first document volume,
then the others a few at a time, so the first results arrive before the whole library has been
looked at (the count says it is still counting until the last volume is done).
"""

from __future__ import annotations

import functools
import gc
import hashlib
import itertools
import json
import marshal
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from operator import methodcaller
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from . import search_lang, urls
from .keys import data_key
from .model import Document, Edition, OutputFile, PageRecord, Term
from .tokenize import (
    JOINERS,
    NORMALIZATION,
    SPEC,
    WORD_TOKEN,
    FoldTable,
    cjk_points,
    normalize_text,
    settle_spaces,
    tokenize,
)

if TYPE_CHECKING:
    from .postings import CharMap, Postings, TextTerms

FORMAT = 3
KINDS = {"paragraph": "p", "item": "i", "block": "b", "heading": "h", "footnote": "f"}
GLOSSARY_SLUG = "glossary"
VOLUME_ROWS = 1500
"""Rows per volume (whole documents; a longer document is a volume of its own)."""
PIECE_POSTINGS = 2000
"""Postings per index piece (a term with more has a piece of its own)."""
FRAGMENT_CHARS = 3000
"""Characters of block text per text fragment (a longer block is a fragment of its own)."""
REFERENCE_PREFIX = "#"
"""Index term of a citable number: `#105(c)`; no term made from text starts with it."""
SEARCH_UI = (
    "跳到段落",
    "显示更多",
    "共",
    "处结果",
    "，分布于",
    "个来源",
    "没有找到",
    "脚注",
    "术语表",
    "正在载入索引…",
    "无法载入搜索索引。",
    "已找到",
    "处，仍在计数…",
    "术语",
    "文献为中文：英文只能找到术语表中的条目。",
    "结果不完整：离线时只能搜索已保存的文献，未能搜索",
    "等",
)
"""Strings search.js shows, carried in the manifest, converted for the Traditional edition at build time."""


def manifest_path(edition: Edition) -> PurePosixPath:
    return urls.search_file(edition, "manifest")


def piece_key(volume: int | str, piece: int | str) -> str:
    return f"index/{volume}-{piece}"


def fragment_key(fragment: int | str) -> str:
    return f"text/{fragment}"


def glossary_heads(term: Term) -> list[str]:
    """The names a query may be exactly, to show the entry first: the term, its aliases, full and English names."""
    return [
        part for part in (term.key, *term.aliases, term.full_name or "", term.english, term.english_short or "") if part
    ]


def glossary_text(term: Term) -> str:
    """Everything a reader may type to find an entry, fields separated so no bigram spans two."""
    parts = [*glossary_heads(term), term.definition_zh, term.definition_en]
    return " | ".join(part for part in parts if part)


def glossary_pairs(terms: dict[Edition, list[Term]]) -> list[tuple[str, str]]:
    traditional_terms = {term.slug: term for term in terms.get(Edition.HANT, [])}
    return [
        (glossary_text(term), glossary_text(traditional_terms[term.slug]))
        for term in terms.get(Edition.HANS, [])
        if term.slug in traditional_terms
    ]


def differing_pairs(pairs: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """The characters that differ at the same place of aligned texts of equal length: all FoldTable.from_pairs
    reads of them, so the table of a library is the table of its documents' pairs, each found once."""
    aligned: set[tuple[str, str]] = set()
    for left, right in pairs:
        if len(left) == len(right) and left != right:
            aligned.update(zip(left, right))  # every pair, in C; the few distinct ones are sorted out below
    return {pair for pair in aligned if pair[0] != pair[1]}


def document_pairs(simplified: Document, traditional: Document) -> str:
    """The characters that differ between a document's editions, as one string of pairs (a tuple of two str
    per pair would take twenty times that): what the fold table reads of the document. In the worker that
    renders the document, on arrays (postings.differing_characters)."""
    from .postings import differing_characters

    found = differing_characters([(a.text, b.text) for a, b in zip(simplified.blocks, traditional.blocks)])
    return "".join(a + b for a, b in sorted(found))


def heading_parents(document: Document) -> list[int]:
    """For each block, the index of the nearest heading above it at a higher level (-1: none).

    A heading's parent is the heading it sits under; footnotes stand apart (-1), since they
    are printed at the end but belong to the paragraphs that cite them.
    """
    levels = {heading.anchor: heading.level for heading in document.headings}
    stack: list[tuple[int, int]] = []  # (level, block index)
    parents = []
    for index, block in enumerate(document.blocks):
        if block.kind == "heading":
            level = levels.get(block.anchor, 6)
            while stack and stack[-1][0] >= level:
                stack.pop()
            parents.append(stack[-1][1] if stack else -1)
            stack.append((level, index))
        elif block.kind == "footnote":
            parents.append(-1)
        else:
            parents.append(stack[-1][1] if stack else -1)
    return parents


def utf16(text: str) -> bytes:
    """Sort key equal to JavaScript's string order (UTF-16 code units), which lunr.js requires."""
    return text.encode("utf-16-be")


_UTF16 = methodcaller("encode", "utf-16-be")
"""utf16, as a sort key without a Python call per term."""


_ROWS: dict[Edition, dict[int, tuple[Document, int, int, list[list]]]] = {}
"""The last build's rows of each document (by the record's id, with the record itself, its number and its
first row): `serve`'s next build takes those of the records an edit left as they were."""


_DIGESTS: dict[int, tuple[list, int, str]] = {}
"""The last build's digest of each document's rows, by the id of its first row (kept with it, and the count)."""


def _rows_digest(rows: list[list], first: int, last: int, made: dict[int, tuple[list, int, str]]) -> str:
    """data_key of rows[first:last], one document's: found again when they are the rows build_rows reused."""
    found = _DIGESTS.get(id(rows[first]))
    if found is None or found[0] is not rows[first] or found[1] != last - first:
        found = (rows[first], last - first, data_key("", rows[first:last]))
    made[id(rows[first])] = found
    return found[2]


def _document_rows(document: Document, number: int, offset: int) -> list[list]:
    return [
        [
            number,
            KINDS[block.kind],
            block.anchor,
            block.number or "",
            parent + offset if parent >= 0 else -1,
            block.text,
        ]
        for block, parent in zip(document.blocks, heading_parents(document))
    ]


def build_rows(edition: Edition, documents: list[Document], terms: list[Term], ui: dict[str, str]):
    """Documents [slug, title, url] and rows.

    A block row is [document, kind, anchor, number, parent, text]; a glossary row is
    [document, "g", slug, english, -1, text, key, heads, definition_zh, definition_en]. `parent`
    is a global row index.
    """
    docs: list[list] = []
    rows: list[list] = []
    last, made = _ROWS.get(edition, {}), {}
    for number, document in enumerate(documents):
        slug = document.meta.slug
        docs.append([slug, document.meta.short_title_zh or document.meta.title_zh, str(urls.document(edition, slug))])
        offset = len(rows)
        found = last.get(id(document))
        if found is None or found[0] is not document or found[1:3] != (number, offset):
            found = (document, number, offset, _document_rows(document, number, offset))
        made[id(document)] = found
        rows.extend(found[3])
    _ROWS[edition] = made
    # Language versions (search_lang.py): their own docs entries and rows, before the glossary's.
    versions, version_rows = search_lang.translation_docs_and_rows(
        edition, documents, heading_parents, len(rows), KINDS
    )
    rows.extend([row[0] + len(docs), *row[1:]] for row in version_rows)
    docs.extend(versions)
    if terms:
        number = len(docs)
        docs.append([GLOSSARY_SLUG, ui["术语表"], str(urls.glossary(edition))])
        for term in terms:
            rows.append(
                [
                    number,
                    "g",
                    term.slug,
                    term.english,
                    -1,
                    glossary_text(term),
                    term.key,
                    glossary_heads(term),
                    term.definition_zh,
                    term.definition_en,
                ]
            )
    return docs, rows


def row_terms(row: list, fold: FoldTable, normalized: str | None = None) -> list[str]:
    """The lunr tokens of a row: its folded text's terms, and `#<number>` for a citable number."""
    folded = fold.fold(normalize_text(row[5]) if normalized is None else normalized)
    return _folded_terms(folded, row[3] if row[1] in "pi" else "")


def _folded_terms(folded: str, number: str) -> list[str]:
    terms = tokenize(folded)
    if number:
        terms.append(REFERENCE_PREFIX + number)
    return terms


def volume_index(terms_of_rows: list[list[str]], first: int) -> Postings:
    """A volume's lunr index, as lunr.py's Builder computes it (no pipeline) from the rows' terms: per term,
    its number (the order of first occurrence), its rows and its weights (lunr's BM25 field-vector entries
    rounded to 3 places, x 1000). Made on arrays (postings.py); numpy is imported here, in the workers that
    make volumes, not by every build process that imports this module."""
    from .postings import index_rows

    return index_rows(terms_of_rows, first)


def folded_index(folded: list[str], numbers: list[str], first: int) -> Postings:
    """volume_index of the rows whose terms are `_folded_terms(folded[n], numbers[n])`, found on arrays for the
    whole volume (postings.TextTerms): the same index, without a string per bigram."""
    return _text_terms().index(folded, [REFERENCE_PREFIX + number if number else "" for number in numbers], first)


@functools.cache
def _normalization() -> CharMap:
    from .postings import CharMap

    return CharMap(NORMALIZATION)


@functools.cache
def _text_terms() -> TextTerms:
    from .postings import TextTerms

    return TextTerms(cjk_points(), WORD_TOKEN, JOINERS)


def encoded_pieces(index: Postings, limit: int | None = None) -> list[list]:
    """The index's terms in JavaScript order, cut into pieces of about `limit` (PIECE_POSTINGS) postings, each
    piece in columns: [terms, term indexes, rows per term, row deltas, weights] (Postings.piece_arrays)."""
    return [[piece[0], *(column.tolist() for column in piece[1:])] for piece in _piece_arrays(index, limit)]


def _piece_arrays(index: Postings, limit: int | None) -> list[list]:
    """The pieces with their number columns as arrays, terms in JavaScript's (UTF-16's) order: Python's own
    for terms all in the BMP."""
    terms = index.terms
    order = None if not terms or max(map(max, terms)) < "\U00010000" else _UTF16
    return index.piece_arrays(limit or PIECE_POSTINGS, order)


def piece_scripts(index: Postings, volume: int, limit: int | None = None) -> tuple[list[str], list[bytes]]:
    """The first term and the script of each of encoded_pieces(index, limit), the pieces of volume number
    `volume`: `encode_script(piece_key(volume, n), piece)`, with the columns written from their arrays."""
    from .postings import json_pieces

    pieces = _piece_arrays(index, limit)
    return [piece[0][0] for piece in pieces], [
        _script(piece_key(volume, number), body) for number, body in enumerate(json_pieces(pieces))
    ]


def decode_piece(piece: list) -> dict[str, tuple[int, list[int], list[int]]]:
    """A piece's terms: (term index, rows, weights) each, as search.js reads them."""
    terms, numbers, counts, deltas, weights = piece
    out, at = {}, 0
    for term, number, count in zip(terms, numbers, counts):
        refs, total = [], 0
        for delta in deltas[at : at + count]:
            total += delta
            refs.append(total)
        out[term] = (number, refs, weights[at : at + count])
        at += count
    return out


def volumes_of(docs: list[list], rows: list[list]) -> list[tuple[int, int]]:
    """Row ranges [start, end): the glossary first, then runs of whole documents of about VOLUME_ROWS rows."""
    spans: dict[int, list[int]] = {}
    for number, row in enumerate(rows):
        spans.setdefault(row[0], [number, number])[1] = number + 1
    glossary = len(docs) - 1 if docs and docs[-1][0] == GLOSSARY_SLUG else -1
    volumes: list[tuple[int, int]] = [(spans[glossary][0], spans[glossary][1])] if glossary in spans else []
    start = end = -1
    language = ""
    for doc in sorted(spans):
        if doc == glossary:
            continue
        first, last = spans[doc]
        if start >= 0 and (last - start > VOLUME_ROWS or search_lang.doc_language(docs[doc]) != language):
            volumes.append((start, end))  # a volume holds one language: its query goes through one pipeline
            start = -1
        language = search_lang.doc_language(docs[doc])
        if start < 0:
            start = first
        end = last
    if start >= 0:
        volumes.append((start, end))
    return volumes


def doc_starts(rows: list[list], count: int) -> list[int]:
    """The first row of each document (of the glossary last): where search.js learns which document
    a volume or a fragment it could not load belongs to, to name it (offline, when it was not saved)."""
    starts, row = [], 0
    for doc in range(count):
        while row < len(rows) and rows[row][0] < doc:
            row += 1
        starts.append(row)
    return starts


def fragments_of(rows: list[list]) -> list[int]:
    """First row of each text fragment: consecutive rows of one document, about FRAGMENT_CHARS characters."""
    starts: list[int] = []
    size = 0
    for number, row in enumerate(rows):
        if not starts or row[0] != rows[number - 1][0] or size + len(row[5]) > FRAGMENT_CHARS:
            starts.append(number)
            size = 0
        size += len(row[5])
    return starts


def fragment_data(rows: list[list], start: int, end: int, offset: int = 0) -> dict:
    """Rows [start, end) of `rows` and, for the heading paths, the rows above them that they name as parents.
    `rows` may be a slice of all rows beginning at row `offset` (one document's: parents are in it)."""
    context = {}
    for row in rows[start:end]:
        parent = row[4]
        while parent >= 0 and not start + offset <= parent < end + offset and str(parent) not in context:
            context[str(parent)] = [rows[parent - offset][5], rows[parent - offset][4]]
            parent = rows[parent - offset][4]
    return {"first": start + offset, "rows": rows[start:end], "headings": context}


def encode_script(key: str, data) -> bytes:
    """A script, not JSON: `file://` pages cannot fetch, but they can load a script. Sorted, no timestamps.
    Plain data, made here: no check for cycles (the encoder's check costs it a dictionary entry per list)."""
    return _script(
        key, json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), check_circular=False)
    )


def _script(key: str, body: str) -> bytes:
    return f"LecternSearch.register({json.dumps(key)},{body});\n".encode()


def decode_script(content: bytes) -> tuple[str, object]:
    text = content.decode("utf-8").strip()
    assert text.startswith("LecternSearch.register(") and text.endswith(");")
    key, _, body = text[len("LecternSearch.register(") : -2].partition(",")
    return json.loads(key), json.loads(body)


@dataclass(frozen=True)
class Volume:
    """What a volume's index files leave for the manifest, and for the build cache."""

    pieces: list[str]
    """The first term of each piece."""
    records: list[PageRecord]
    size: int
    """Bytes of its files."""
    alphabet: str
    """The characters of its rows' normalised texts (the manifest's `foreign` is the fold table's others)."""


@dataclass(frozen=True)
class Texts:
    """What one document's (or the glossary's) text fragments leave for the manifest and the build cache."""

    starts: list[int]
    records: list[PageRecord]
    size: int


def _record(path: str, content: bytes) -> PageRecord:
    """A search file's record for the writer and the link check: a script has no ids or links."""
    return PageRecord(path, hashlib.sha256(content).hexdigest(), size=len(content))


@dataclass(frozen=True)
class VolumeJob:
    """One volume number's index, in each edition that must make it: a unit of work for the executor."""

    number: int
    fold: FoldTable
    parts: dict[Edition, tuple[int, list[list]]]
    """Per edition: the volume's first row and its rows."""
    docs: dict[Edition, dict[int, list]]
    """Per edition: the docs entries its rows name (by number)."""
    postings: int = PIECE_POSTINGS
    """Postings per piece, read where the job is made (a worker has its own copy of the module)."""

    def make(self) -> dict[Edition, tuple[Volume, list[OutputFile]]]:
        return make_volumes(self)

    def __reduce__(self):
        """Pickled (to a worker) with its rows marshalled: a str that is pickled keeps a UTF-8 copy of itself
        for as long as it lives (CPython, see model.Source), and the rows' texts are the library's blocks,
        which the build holds to its end."""
        parts = {edition.name: part for edition, part in self.parts.items()}
        docs = {edition.name: named for edition, named in self.docs.items()}
        return (_volume_job, (self.number, self.fold, marshal.dumps((parts, docs), 2), self.postings))


def _volume_job(number: int, fold: FoldTable, data: bytes, postings: int) -> VolumeJob:
    parts, docs = marshal.loads(data)
    return VolumeJob(
        number,
        fold,
        {Edition[name]: part for name, part in parts.items()},
        {Edition[name]: named for name, named in docs.items()},
        postings,
    )


@dataclass(frozen=True)
class TextJob:
    """One document's text fragments in one edition (or the glossary's): a unit of work for the executor."""

    edition: Edition
    starts: list[int]
    """The first row of each fragment (fragments_of), planned where the fragments are numbered."""
    number: int
    """The number of its first fragment: the fragments of the documents before it come first."""
    first: int
    """The document's first row."""
    rows: list[list]
    """The document's rows (a row names its parent heading by its place among all rows)."""

    def paths(self) -> list[str]:
        """The files it makes."""
        return [str(urls.search_file(self.edition, fragment_key(self.number + n))) for n in range(len(self.starts))]

    def make(self) -> dict[Edition, tuple[Texts, list[OutputFile]]]:
        """The fragments' files, and what they leave for the manifest."""
        files, end = [], self.first + len(self.rows)
        for index, start in enumerate(self.starts):
            stop = self.starts[index + 1] if index + 1 < len(self.starts) else end
            name = fragment_key(self.number + index)
            data = fragment_data(self.rows, start - self.first, stop - self.first, self.first)
            files.append(OutputFile(urls.search_file(self.edition, name), encode_script(name, data)))
        records = [_record(str(file.path), file.content) for file in files]
        return {self.edition: (Texts(self.starts, records, sum(len(file.content) for file in files)), files)}

    def __reduce__(self):
        """Pickled with its rows marshalled (see VolumeJob.__reduce__)."""
        return (_text_job, (self.edition.name, marshal.dumps((self.starts, self.number, self.first, self.rows), 2)))


def _text_job(edition: str, data: bytes) -> TextJob:
    return TextJob(Edition[edition], *marshal.loads(data))


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cycle collector paused: a volume's terms, pieces and their lists are hundreds of thousands of
    objects, none in a cycle, and the collector's passes over them (and over everything else the process
    holds) would cost as much as the work."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def make_volumes(job: VolumeJob) -> dict[Edition, tuple[Volume, list[OutputFile]]]:
    """A worker's unit: normalise and tokenise the rows, build the lunr index, cut and encode its pieces.

    When both editions' rows give the same terms (folded, they mostly do), the index is computed once."""
    with _no_cycle_collection():
        return _make_volumes(job)


def _make_volumes(job: VolumeJob) -> dict[Edition, tuple[Volume, list[OutputFile]]]:
    made: list[tuple[tuple, list[str], list[bytes]]] = []
    """Per index made: what its terms are made of (the first row; the rows' folded texts and citable numbers,
    or a language version's texts and language), first terms, files. Equal inputs give equal terms, hence the
    same files: the second edition's index is mostly the first's (folded, the scripts mostly agree), found by
    comparing the inputs, a fraction of the terms' size (a str per bigram)."""
    from .postings import CharMap

    out = {}
    fold = CharMap(job.fold.table)
    for edition, (start, rows) in job.parts.items():
        normalized = list(map(settle_spaces, _normalization().translate([row[5] for row in rows])))
        lang = search_lang.doc_language(job.docs[edition][rows[0][0]]) if rows else ""
        if lang:
            inputs: tuple = (start, lang, normalized)
        else:
            folded = fold.translate(normalized)
            inputs = (start, "", folded, [row[3] if row[1] in "pi" else "" for row in rows])
        for entry in made:
            if entry[0] == inputs:
                break
        else:
            if lang:
                terms_of_rows = [search_lang.text_terms(text, lang) for text in normalized]
                index = volume_index(terms_of_rows, start)
                del terms_of_rows
            else:  # row_terms, of the texts folded above
                index = folded_index(folded, inputs[3], start)
            entry = (inputs, *piece_scripts(index, job.number, job.postings))
            made.append(entry)
            del index
        _, firsts, contents = entry
        files = [
            OutputFile(urls.search_file(edition, piece_key(job.number, piece)), content)
            for piece, content in enumerate(contents)
        ]
        letters = set("".join(normalized))
        volume = Volume(
            firsts,
            [_record(str(file.path), file.content) for file in files],
            sum(len(content) for content in contents),
            "".join(sorted(letters)),
        )
        out[edition] = (volume, files)
    return out


SearchJob = VolumeJob | TextJob
SearchMaker = Callable[[list[SearchJob]], Iterator[dict[Edition, tuple[Volume | Texts, list]]]]
"""Makes the search files of the jobs it is given (`job.make()`), started at once, their results in order;
per edition the Volume or Texts and its files (OutputFile, or PageRecord for a file the maker wrote itself)."""


def make_here(jobs: list[SearchJob]) -> Iterator[dict[Edition, tuple[Volume | Texts, list]]]:
    """The plain SearchMaker: each job made in this process when its files are wanted."""
    return map(methodcaller("make"), jobs)


def search_files(
    editions: dict[Edition, list[Document]],
    terms: dict[Edition, list[Term]],
    convert=None,
    cache=None,
    salt: str = "",
    make: SearchMaker = make_here,
    pairs: list[str] | None = None,
) -> Iterator[OutputFile | PageRecord]:
    """Per edition `search/<edition>/`: manifest.js, index/*.js, text/*.js; `convert` turns UI strings
    into Traditional. `pairs`, when given, holds document_pairs of each document, in order.

    The Traditional documents are the Simplified ones converted (as the build makes them): with the cache,
    their rows are keyed by the Simplified source's digest.

    The volumes to make are planned now and handed to `make` (the build's: on every core, starting at
    once, while the build goes on with other pages); the files are streamed from the iterator returned.

    With the build cache (`cache`, keys salted with `salt`: Lectern's code and settings), a file the
    last build made from the same input is a PageRecord, not made again: each volume's index pieces
    are keyed by everything they read (its rows, the fold table, where it starts), each document's
    text fragments by its rows and their place, so a rebuild makes only the files of what changed."""
    if cache is not None and not all(document.source_digest for document in editions.get(Edition.HANS, [])):
        cache = None  # documents not from sources (tests): nothing to key them by
    if pairs is None:  # the build finds them where it converts each document
        pairs = [document_pairs(*documents) for documents in zip(editions[Edition.HANS], editions[Edition.HANT])]
    differing: set[tuple[str, str]] = set()
    for found in pairs:
        differing.update(zip(found[0::2], found[1::2]))
    fold = FoldTable.from_pairs(sorted(differing | differing_pairs(glossary_pairs(terms))))
    fold_key = hashlib.sha256(repr(sorted(fold.mapping.items())).encode()).hexdigest()
    prepared = {}
    for edition, documents in editions.items():
        ui = {text: (convert(text) if convert and edition is Edition.HANT else text) for text in SEARCH_UI}
        docs, rows = build_rows(edition, documents, terms.get(edition, []), ui)
        prepared[edition] = (docs, rows, ui, volumes_of(docs, rows), document_spans(rows))
    # Each run of rows keyed once: the volumes' keys and the texts' are made of these. A document's rows are
    # a function of its source (its Traditional ones of the source and the converter, which the salt holds),
    # its place and the code: keyed by those, not by hashing its text (0.1 s of a 50x build, while the
    # workers waited); the glossary's and the language versions' rows are hashed (once per `serve`).
    sources = [document.source_digest for document in editions.get(Edition.HANS, [])]
    made_digests: dict[int, tuple[list, int, str]] = {}
    digests = {
        edition: {
            first: (
                data_key("", "document-rows", edition.segment, rows[first][0], first, last, sources[rows[first][0]])
                if rows[first][0] < len(sources) and sources[rows[first][0]]
                else _rows_digest(rows, first, last, made_digests)
            )
            for first, last in runs
        }
        for edition, (_, rows, _, _, runs) in prepared.items()
    }
    _DIGESTS.clear()
    _DIGESTS.update(made_digests)
    volumes: dict[tuple[Edition, int], Volume] = {}
    keys: dict[tuple[Edition, int], str] = {}
    missing: dict[int, VolumeJob] = {}
    for edition, (docs, rows, _, spans, _) in prepared.items():
        for number, (start, end) in enumerate(spans):
            named = {index: docs[index] for index in sorted({row[0] for row in rows[start:end]})}
            read = [digest for first, digest in digests[edition].items() if start <= first < end]  # whole documents
            key = data_key(
                salt, "search-volume", FORMAT, PIECE_POSTINGS, edition.segment, number, start, fold_key, named, read
            )
            keys[edition, number] = key
            known = cache.known(key) if cache is not None else None
            if known is not None:
                volumes[edition, number] = known
                continue
            job = missing.setdefault(number, VolumeJob(number, fold, {}, {}, PIECE_POSTINGS))
            job.parts[edition] = (start, rows[start:end])
            job.docs[edition] = named
    volume_jobs: list[SearchJob] = [missing[number] for number in sorted(missing)]
    if len(volume_jobs) == 1:  # a rebuild after an edit: each edition on its own core beats a shared index made once
        volume_jobs = [
            VolumeJob(job.number, fold, {edition: part}, {edition: job.docs[edition]}, job.postings)
            for job in missing.values()
            for edition, part in job.parts.items()
        ]
    made = make(volume_jobs)  # started now: the texts below are planned while the volumes are made
    texts: dict[tuple[Edition, int], Texts] = {}
    text_keys: dict[tuple[Edition, int], str] = {}
    text_jobs: list[SearchJob] = []
    for edition, (_, rows, _, _, runs) in prepared.items():
        fragments = 0
        for place, (first, last) in enumerate(runs):
            key = data_key(salt, "search-text", FORMAT, edition.segment, fragments, first, digests[edition][first])
            text_keys[edition, place] = key
            known_texts = cache.known(key) if cache is not None else None
            if known_texts is not None:
                texts[edition, place] = known_texts
                fragments += len(known_texts.starts)
                continue
            starts = [first + offset for offset in fragments_of(rows[first:last])]
            text_jobs.append(TextJob(edition, starts, fragments, first, rows[first:last]))
            fragments += len(starts)
    jobs = volume_jobs + text_jobs
    return _search_files(
        prepared, volumes, keys, texts, text_keys, jobs, itertools.chain(made, make(text_jobs)), fold, cache
    )


def _search_files(
    prepared: dict[Edition, tuple[list, list, dict[str, str], list[tuple[int, int]], list[tuple[int, int]]]],
    volumes: dict[tuple[Edition, int], Volume],
    keys: dict[tuple[Edition, int], str],
    texts: dict[tuple[Edition, int], Texts],
    text_keys: dict[tuple[Edition, int], str],
    jobs: list[SearchJob],
    made: Iterator[dict[Edition, tuple[Volume | Texts, list]]],
    fold: FoldTable,
    cache,
) -> Iterator[OutputFile | PageRecord]:
    """The files of a planned search (search_files): the known volumes' and texts', the made ones' as they
    come, then each edition's manifest."""
    for volume in list(volumes.values()):
        yield from volume.records
    for known in list(texts.values()):
        yield from known.records
    places = {(job.edition, job.number): place for place, job in _text_places(prepared, jobs)}
    for job, result in zip(jobs, made):
        for edition, (found, files) in result.items():
            yield from files
            if isinstance(job, TextJob):
                texts[edition, places[edition, job.number]] = found  # type: ignore[assignment]
            else:
                volumes[edition, job.number] = found  # type: ignore[assignment]
    if cache is not None:
        for place, volume in volumes.items():
            cache.remember(keys[place], volume)
        for place, made_texts in texts.items():
            cache.remember(text_keys[place], made_texts)
    for edition, (docs, rows, ui, spans, runs) in prepared.items():
        mine = [volumes[edition, number] for number in range(len(spans))]
        fragments = [texts[edition, place] for place in range(len(runs))]
        yield edition_manifest(edition, docs, rows, ui, fold, spans, mine, fragments)


def _text_places(prepared, jobs: list[SearchJob]) -> Iterator[tuple[int, TextJob]]:
    """Each text job with the place of its document among its edition's document spans."""
    firsts = {
        edition: {first: place for place, (first, _) in enumerate(runs)}
        for edition, (_, _, _, _, runs) in prepared.items()
    }
    for job in jobs:
        if isinstance(job, TextJob):
            yield firsts[job.edition][job.first], job


def _volume_entry(docs: list[list], rows: list[list], start: int, end: int, volume: Volume) -> dict:
    """A volume in the manifest: its rows, the first term of each piece, and for a language version's
    volume its language and lunr pipeline, which search.js applies to the query."""
    entry: dict = {"rows": [start, end], "pieces": volume.pieces}
    lang = search_lang.doc_language(docs[rows[start][0]]) if start < end else ""
    if lang:
        entry.update(lang=lang, pipeline=search_lang.pipeline(lang))
    return entry


def document_spans(rows: list[list]) -> list[tuple[int, int]]:
    """Row ranges [first, last) of each document (and of the glossary), in order."""
    spans: list[tuple[int, int]] = []
    for number, row in enumerate(rows):
        if spans and rows[spans[-1][0]][0] == row[0]:
            spans[-1] = (spans[-1][0], number + 1)
        else:
            spans.append((number, number + 1))
    return spans


def edition_manifest(
    edition: Edition,
    docs: list[list],
    rows: list[list],
    ui: dict[str, str],
    fold: FoldTable,
    spans: list[tuple[int, int]],
    volumes: list[Volume],
    texts: list[Texts],
) -> OutputFile:
    """One edition's manifest: it lists the volumes and the text fragments (each document's, in order)."""
    alphabet: set[str] = set()
    for volume in volumes:
        alphabet.update(volume.alphabet)
    manifest = {
        "docs": docs,
        "edition": edition.segment,
        "fold": fold.to_strings(),
        "foreign": "".join(sorted(fold.participants - alphabet)),
        "format": FORMAT,
        "fragments": [start for made in texts for start in made.starts],
        "pieces_bytes": sum(volume.size for volume in volumes) + sum(made.size for made in texts),
        "rows": len(rows),
        "keys": {  # how search.js names a piece or a fragment: the slots filled in
            "piece": piece_key(urls.SLOT % "volume", urls.SLOT % "piece"),
            "text": fragment_key(urls.SLOT % "fragment"),
        },
        "starts": doc_starts(rows, len(docs)),
        "spec": {key: value for key, value in SPEC.items() if key != "about"},
        "ui": ui,
        "volumes": [_volume_entry(docs, rows, start, end, volume) for (start, end), volume in zip(spans, volumes)],
    }
    return OutputFile(manifest_path(edition), encode_script("manifest", manifest))


def build_search_files(
    editions: dict[Edition, list[Document]], terms: dict[Edition, list[Term]], convert=None
) -> list[OutputFile]:
    """Every search file, made whole (no cache)."""
    return [file for file in search_files(editions, terms, convert) if isinstance(file, OutputFile)]


def keep_manifests(
    files: Iterable[OutputFile | PageRecord], into: dict[Edition, dict]
) -> Iterator[OutputFile | PageRecord]:
    """The search files passed through, each edition's manifest decoded into `into` (for the offline
    catalog; the manifest is always made, never taken from the cache)."""
    wanted = {str(manifest_path(edition)): edition for edition in Edition}
    for file in files:
        if isinstance(file, OutputFile) and str(file.path) in wanted:
            data = decode_script(file.content)[1]
            assert isinstance(data, dict), file.path
            into[wanted[str(file.path)]] = data
        yield file
