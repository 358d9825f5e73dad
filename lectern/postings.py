"""A search volume's lunr index, computed on arrays: the numeric core of search.py's volumes.

lunr.py's Builder, for one field and no pipeline, numbers each term by its first occurrence, lists
the rows that have it in row order, and weighs each (term, row) with BM25: idf(term) x (k1 + 1) x tf
/ (k1 x (1 - b + b x length / average length) + tf), rounded to 3 places. A volume has ten thousand
rows and a million postings, and that per-posting work in Python objects was a quarter to a third
of the workers' CPU in a 10x or 50x build. Here the postings are integer arrays (numpy): the (term, row) pairs are counted by one
sort, and the weights are the same IEEE operations in the same order as lunr.py's, element by
element, so the results are equal, not close (tests/test_search_index.py holds them to lunr.py's
computation written out plainly). What stays in Python is what must be exact in Python's own way:
the logarithm (per distinct document frequency, `math.log`) and the rounding of a score that lies
within a millionth of a half (Python's `round` rounds the exact decimal value; everything else
rounds alike either way).
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import chain

import numpy as np

K1, B = 1.2, 0.75
"""lunr's BM25 parameters (its defaults)."""

_TIE = 1e-6
"""A score x 1000 whose fraction is this close to a half is rounded by Python (see the module's note)."""


_INDEX_BITS = 20
"""stable_order's keys: an array of up to 2^20 values (a volume's places are about 400,000), each value
shifted left by this many bits, its index in the free bits."""
_KEY_LIMIT = 1 << (62 - _INDEX_BITS)
"""The largest magnitude a value may have to be shifted without overflow (the codes below: a bigram
is two 21-bit code points, under 2^42)."""


def stable_order(values: np.ndarray) -> np.ndarray:
    """np.argsort(values, kind="stable") of an int64 array: where equal values keep their order.

    Made as one sort of unique keys (each value shifted left, its index in the low bits) with numpy's
    default sort, which has vectorised kernels for 64-bit integers (AVX-512 on this project's machine),
    then the indexes read back from the keys: at 50x the volumes' stable argsorts took 0.3-0.4 s of the
    workers' CPU, the sort of keys a seventh of that. The stable argsort itself for arrays too long for
    the index bits or values too large for the shift."""
    count = len(values)
    if count == 0 or count > 1 << _INDEX_BITS or int(values.max()) >= _KEY_LIMIT or int(values.min()) < -_KEY_LIMIT:
        return np.argsort(values, kind="stable")
    keys = (values.astype(np.int64, copy=False) << _INDEX_BITS) | np.arange(count, dtype=np.int64)
    keys.sort()
    keys &= (1 << _INDEX_BITS) - 1
    return keys


@dataclass(frozen=True)
class Postings:
    """A volume's index: its terms in the order they first occur (a term's number is its place here),
    and per term, in that order, a run of `rows` (ascending) and their `weights` (x 1000)."""

    terms: list[str]
    bounds: list[int]
    """Term n's run is [bounds[n], bounds[n + 1])."""
    rows: np.ndarray
    weights: np.ndarray

    def as_dict(self) -> dict[str, tuple[int, list[int], list[int]]]:
        """Per term: (term number, rows, weights), in term order (what lunr.py's index holds)."""
        rows, weights, bounds = self.rows.tolist(), self.weights.tolist(), self.bounds
        return {
            term: (number, rows[bounds[number] : bounds[number + 1]], weights[bounds[number] : bounds[number + 1]])
            for number, term in enumerate(self.terms)
        }

    def piece_arrays(self, limit: int, order: Callable[[str], bytes] | None = None) -> list[list]:
        """The terms sorted by `order` (None: Python's order of strings), cut into pieces of about `limit`
        postings, each piece in columns:
        [terms, term numbers, rows per term, row deltas, weights], the postings of its terms one after
        another (a term's first row whole, the others as differences to the one before). A piece is
        closed before a term that would take it past `limit`, unless it is still empty. Five flat lists
        per piece, not a list per term: a volume's pieces are made, encoded and decoded a column at a time."""
        if not self.terms:
            return []
        by = self.terms.__getitem__
        numbers = np.array(sorted(range(len(self.terms)), key=by if order is None else lambda n: order(by(n))))
        terms = [self.terms[number] for number in numbers.tolist()]
        bounds = np.asarray(self.bounds, dtype=np.int64)
        starts, counts = bounds[numbers], bounds[numbers + 1] - bounds[numbers]
        # The postings in the sorted terms' order: each term's run, moved to where its sorted place puts it.
        ends = np.cumsum(counts)
        order_of_postings = np.repeat(starts - (ends - counts), counts) + np.arange(int(ends[-1]))
        rows = self.rows[order_of_postings]
        deltas = np.empty_like(rows)
        deltas[1:] = rows[1:] - rows[:-1]
        deltas[ends - counts] = rows[ends - counts]  # each term's first row whole
        weights = self.weights[order_of_postings]
        cuts, size = [], 0
        for at, count in enumerate(counts.tolist()):
            if at and size + count > limit:
                cuts.append(at)
                size = 0
            size += count
        pieces = []
        for first, stop in zip([0, *cuts], [*cuts, len(terms)]):
            low, high = int(ends[first] - counts[first]), int(ends[stop - 1])
            pieces.append(
                [
                    terms[first:stop],
                    numbers[first:stop],
                    counts[first:stop],
                    deltas[low:high],
                    weights[low:high],
                ]
            )
        return pieces


_DIGITS_UP_TO = 5
"""json_integers writes numbers below 10^5 from a table (a volume's term numbers, counts, deltas and weights)."""


@functools.cache
def _digit_table() -> np.ndarray:
    """Per number below 10^_DIGITS_UP_TO: its digits as ASCII bytes, right-aligned, zero bytes before (500 KB)."""
    numbers = np.arange(10**_DIGITS_UP_TO)
    table = np.zeros((len(numbers), _DIGITS_UP_TO), dtype=np.uint8)
    rest = numbers.copy()
    for column in range(_DIGITS_UP_TO - 1, -1, -1):
        table[:, column] = np.where(
            (numbers >= 10 ** (_DIGITS_UP_TO - 1 - column)) | (column == _DIGITS_UP_TO - 1), ord("0") + rest % 10, 0
        )
        rest //= 10
    return table


def json_integers(columns: list[np.ndarray]) -> list[str]:
    """`json.dumps(column.tolist(), separators=(",", ":"))` of each column of whole numbers (a volume's pieces'),
    written on arrays: the columns joined, each number's digits taken from a table, the zero bytes before
    them dropped, and the text cut per column. json's encoder makes a string per number; a volume's pieces
    are 150,000 numbers at 10x. Numbers below zero or from 10^5 up are left to json."""
    values = np.concatenate(columns).astype(np.int64) if columns else np.zeros(0, dtype=np.int64)
    if not len(values) or int(values.min()) < 0 or int(values.max()) >= 10**_DIGITS_UP_TO:
        return [json.dumps(column.tolist(), separators=(",", ":")) for column in columns]
    cells = np.empty((len(values), _DIGITS_UP_TO + 1), dtype=np.uint8)
    cells[:, :_DIGITS_UP_TO] = _digit_table()[values]
    cells[:, _DIGITS_UP_TO] = ord(",")
    flat = cells.ravel()
    written = flat[flat != 0].tobytes().decode("ascii")
    widths = np.count_nonzero(cells[:, :_DIGITS_UP_TO], axis=1)
    offsets = np.zeros(len(values) + 1, dtype=np.int64)  # where each number starts in the text (and its end)
    np.cumsum(widths + 1, out=offsets[1:])
    sizes = np.fromiter(map(len, columns), dtype=np.int64, count=len(columns))
    bounds = np.zeros(len(columns) + 1, dtype=np.int64)  # the numbers of column k: bounds[k] to bounds[k + 1]
    np.cumsum(sizes, out=bounds[1:])
    places = offsets[bounds].tolist()
    return [
        f"[{written[places[column] : places[column + 1] - 1]}]" if size else "[]"
        for column, size in enumerate(sizes.tolist())
    ]


def json_pieces(pieces: list[list]) -> list[str]:
    """`json.dumps(piece, ensure_ascii=False, separators=(",", ":"))` of each piece of `Postings.piece_arrays`."""
    numbers = iter(json_integers([column for piece in pieces for column in piece[1:]]))
    return [
        "["
        + ",".join(
            [json.dumps(piece[0], ensure_ascii=False, separators=(",", ":"))] + [next(numbers) for _ in piece[1:]]
        )
        + "]"
        for piece in pieces
    ]


def index_rows(terms_of_rows: list[list[str]], first: int) -> Postings:
    """The index of rows numbered from `first`, each given as its terms (a term may repeat: its frequency)."""
    count = len(terms_of_rows)
    lengths = np.fromiter(map(len, terms_of_rows), dtype=np.int64, count=count)
    flat = list(chain.from_iterable(terms_of_rows))
    terms = list(dict.fromkeys(flat))  # in the order they first occur: lunr's term numbers
    number_of = {term: number for number, term in enumerate(terms)}
    codes = np.fromiter(map(number_of.__getitem__, flat), dtype=np.int64, count=len(flat))
    del flat
    if not terms:  # no row has a term (nor a length to average)
        return _EMPTY
    # One sort counts every (term, row) pair: sorted by term, then row, with its frequency.
    pairs, frequencies = np.unique(
        codes * count + np.repeat(np.arange(count, dtype=np.int64), lengths), return_counts=True
    )
    del codes
    pair_terms = pairs // count
    return _weighed(terms, lengths, pair_terms, pairs - pair_terms * count, frequencies, first)


_EMPTY = Postings([], [0], np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))


class CharMap:
    """`str.translate` with one table for many texts at once, on arrays, where the table maps each of their
    characters to one character (most to itself): the texts are read as code points, each looked up in an
    array that remembers what the table said, and written back. `str.translate` asks the table for every
    character (about 60 ns each: a volume's normalisation and folding were a tenth of its CPU); this is a
    few ns. A text with a character the table maps to none or several, or beyond the BMP (the array covers
    the BMP: 256 KiB), is translated by `str.translate`, so the result is always the same."""

    _UNKNOWN, _OTHER = 0xFFFFFFFF, 0xFFFFFFFE
    """Not looked up yet; not one character of the BMP."""

    def __init__(self, table: Mapping[int, str | int | None]):
        self.table = table
        self._points = np.full(0x10000, self._UNKNOWN, dtype=np.uint32)

    def translate(self, texts: list[str]) -> list[str]:
        """[text.translate(table) for text in texts]."""
        joined = "".join(texts)
        if not joined:
            return list(texts)
        points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        if int(points.max()) > 0xFFFF:
            return [text.translate(self.table) for text in texts]
        mapped = self._points[points]
        if (mapped == self._UNKNOWN).any():
            for point in np.unique(points[mapped == self._UNKNOWN]).tolist():
                self._points[point] = self._single(point)
            mapped = self._points[points]
        del points
        other = np.flatnonzero(mapped == self._OTHER)
        mapped[other] = 0x3F  # any character: those texts are translated again below
        out = mapped.tobytes().decode("utf-32-le", "surrogatepass")
        del mapped
        result, start = [], 0
        for text in texts:
            end = start + len(text)
            result.append(out[start:end])
            start = end
        if len(other):  # those texts again, by str.translate
            ends = np.cumsum([len(text) for text in texts])
            for row in np.unique(np.searchsorted(ends, other, side="right")).tolist():
                result[row] = texts[row].translate(self.table)
        return result

    def _single(self, point: int) -> int:
        """The one character of the BMP the table maps `point` to, or _OTHER."""
        try:
            value = self.table[point]
        except LookupError:
            return point
        if isinstance(value, int):
            return value if value <= 0xFFFF else self._OTHER
        if value is not None and len(value) == 1 and ord(value) <= 0xFFFF:
            return ord(value)
        return self._OTHER


def _weighed(
    terms: list[str],
    lengths: np.ndarray,
    pair_terms: np.ndarray,
    pair_rows: np.ndarray,
    frequencies: np.ndarray,
    first: int,
) -> Postings:
    """The Postings of (term, row) pairs sorted by term number, then row, each with its frequency in the row;
    `lengths` holds each row's number of terms."""
    count = len(lengths)
    documents = np.bincount(pair_terms, minlength=len(terms))  # rows per term
    average = int(lengths.sum()) / count
    idf_of = {df: math.log(1 + abs((count - df + 0.5) / (df + 0.5))) for df in set(documents.tolist())}
    idf = np.array([idf_of[df] for df in documents.tolist()], dtype=np.float64)
    norm = np.array([K1 * (1 - B + B * (length / average)) for length in lengths.tolist()], dtype=np.float64)
    tf = frequencies.astype(np.float64)
    scores = (idf[pair_terms] * ((K1 + 1) * tf)) / (norm[pair_rows] + tf)
    scaled = scores * 1000
    weights = np.rint(scaled)
    for at in np.flatnonzero(np.abs(scaled - np.floor(scaled) - 0.5) < _TIE).tolist():
        weights[at] = round(round(float(scores[at]), 3) * 1000)
    bounds = [0, *np.cumsum(documents).tolist()]
    return Postings(terms, bounds, pair_rows + first, weights.astype(np.int64))


class TextTerms:
    """The terms of texts as tokenize.tokenize makes them, found on arrays for a whole volume at once.

    `tokenize` walks each text in Python and makes a string per CJK bigram (most of a Chinese volume's
    terms: a volume of 1,400 rows has 360,000); with the index built from those strings, that was half a
    volume's CPU. Here the texts are joined and read as code points: a CJK character followed by another
    of its run is a bigram, coded as the two code points in one integer, and the last of a run stands
    alone; the few words (Latin, digits, symbols) are found by a regular expression and coded through a
    table; a string is made only for each distinct term. Every term is placed at the character where it
    starts, so the order of the terms in a text is the order of their places, as in tokenize's list
    (a run's bigrams, then its last character; a word, then its suffixes), and a row's extra term (its
    citable number) is placed after its text. tests/test_search_index.py holds it to tokenize."""

    _SHIFT = 21
    """Bits of a code point (up to U+10FFFF)."""

    def __init__(self, cjk: Callable[[np.ndarray], np.ndarray], word: re.Pattern[str], joiners: frozenset[str]):
        self.cjk, self.word, self.joiners = cjk, word, joiners

    def index(self, texts: list[str], extra: list[str], first: int) -> Postings:
        """The index of rows numbered from `first`: row n's terms are those of texts[n], then extra[n] if any."""
        count = len(texts)
        if not count:
            return _EMPTY
        starts = np.zeros(count + 1, dtype=np.int64)
        np.cumsum([len(text) + 1 for text in texts], out=starts[1:])
        joined = "\n".join(texts)  # "\n" is no term's character: no term spans two texts
        # The arrays are as small as they can be and dropped as soon as they are read: a volume is 360,000
        # characters, and a worker's memory keeps the most its arrays ever took at once.
        points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        cjk = np.zeros(len(points) + 1, dtype=bool)  # and a last False: no run goes on past the end
        cjk[:-1] = self.cjk(points)
        at = np.flatnonzero(cjk)  # a bigram where the next character is of the run too, else the run's last
        pairs = cjk[at + 1]
        del cjk
        codes = points[at].astype(np.int64)
        codes[pairs] = (codes[pairs] << self._SHIFT) | points[at[pairs] + 1]
        del points, pairs
        # Words and their suffixes, and the extra terms, coded below zero: a bigram is at least 2^21, a
        # character less.
        named: dict[str, int] = {}
        word_at: list[int] = []
        word_codes: list[int] = []
        for match in self.word.finditer(joined):
            start, word = match.start(), match.group()
            for offset in range(len(word)):
                if offset and word[offset] in self.joiners:
                    continue
                word_at.append(start + offset)
                word_codes.append(named.setdefault(word[offset:], -1 - len(named)))
        del joined
        for row, term in enumerate(extra):
            if term:
                word_at.append(int(starts[row + 1]) - 1)  # the place of the text's end
                word_codes.append(named.setdefault(term, -1 - len(named)))
        places = at
        if word_at:
            places = np.concatenate([at, np.asarray(word_at, dtype=np.int64)])
            codes = np.concatenate([codes, np.asarray(word_codes, dtype=np.int64)])
            order = stable_order(places)
            places, codes = places[order], codes[order]
            del order
        del at, word_at, word_codes
        if not len(codes):
            return _EMPTY
        rows = (np.searchsorted(starts, places, side="right") - 1).astype(np.int32)
        lengths = np.bincount(rows, minlength=count)
        # By code, each code's places in order: its first place numbers it; (code, row) runs are its pairs.
        by_code = stable_order(codes)
        codes = codes[by_code]
        rows = rows[by_code]
        new_code = np.empty(len(codes), dtype=bool)
        new_code[0] = True
        np.not_equal(codes[1:], codes[:-1], out=new_code[1:])
        code_starts = np.flatnonzero(new_code)
        numbered = stable_order(places[by_code[code_starts]])  # distinct codes in term-number order
        del places, by_code
        terms = self._terms(codes[code_starts[numbered]], {code: term for term, code in named.items()})
        del codes
        number_of_code = np.empty(len(code_starts), dtype=np.int64)
        number_of_code[numbered] = np.arange(len(code_starts))
        new_code[1:] |= rows[1:] != rows[:-1]  # now: a new (code, row) pair
        pair_starts = np.flatnonzero(new_code)
        del new_code
        frequencies = np.diff(np.append(pair_starts, len(rows)))
        pair_code = np.searchsorted(code_starts, pair_starts, side="right") - 1
        pair_rows = rows[pair_starts].astype(np.int64)
        del rows
        pair_terms = number_of_code[pair_code]
        # The pairs grouped by term number instead of by code (each group's rows kept in order): each code's
        # run of pairs moved to where the runs of the terms numbered before it end.
        runs = np.diff(np.append(np.searchsorted(pair_starts, code_starts), len(pair_starts)))  # pairs per code
        ends = np.cumsum(runs[numbered])  # in term-number order
        moved = np.repeat((ends - runs[numbered])[number_of_code] - (np.cumsum(runs) - runs), runs)
        order = np.empty(len(pair_starts), dtype=np.int64)
        order[moved + np.arange(len(pair_starts))] = np.arange(len(pair_starts))
        return _weighed(terms, lengths, pair_terms[order], pair_rows[order], frequencies[order], first)

    def _terms(self, codes: np.ndarray, names: dict[int, str]) -> list[str]:
        """The strings of the terms coded `codes`: a bigram's two characters, a character, a word (`names`)."""
        bigram = codes >= 1 << self._SHIFT
        pairs = codes[bigram]
        points = np.stack([pairs >> self._SHIFT, pairs & ((1 << self._SHIFT) - 1)], axis=1).astype(np.uint32)
        text = points.tobytes().decode("utf-32-le", "surrogatepass")
        bigrams = iter([text[at : at + 2] for at in range(0, len(text), 2)])
        return [
            next(bigrams) if is_bigram else chr(code) if code >= 0 else names[code]
            for code, is_bigram in zip(codes.tolist(), bigram.tolist())
        ]


def differing_characters(pairs: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """search.differing_pairs on arrays, for a document's blocks in both scripts (the same set: a test holds
    them equal): the aligned texts of each side joined and compared as code points at once, and only the
    characters that differ made pairs (a tuple per character of the panel report took 6 ms, this 1 ms).
    Lone surrogates pass as their code points, as they are in the str."""
    aligned = [(left, right) for left, right in pairs if len(left) == len(right) and left != right]
    if not aligned:
        return set()
    left = np.frombuffer("".join(text for text, _ in aligned).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    right = np.frombuffer("".join(text for _, text in aligned).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    differ = left != right
    codes = np.unique((left[differ].astype(np.uint64) << np.uint64(32)) | right[differ])
    return {(chr(code >> 32), chr(code & 0xFFFFFFFF)) for code in codes.tolist()}
