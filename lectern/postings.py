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

import math
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain

import numpy as np

K1, B = 1.2, 0.75
"""lunr's BM25 parameters (its defaults)."""

_TIE = 1e-6
"""A score x 1000 whose fraction is this close to a half is rounded by Python (see the module's note)."""


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

    def pieces(self, limit: int, order: Callable[[str], bytes]) -> list[list]:
        """The terms sorted by `order`, cut into pieces of about `limit` postings, each piece in columns:
        [terms, term numbers, rows per term, row deltas, weights], the postings of its terms one after
        another (a term's first row whole, the others as differences to the one before). A piece is
        closed before a term that would take it past `limit`, unless it is still empty. Five flat lists
        per piece, not a list per term: a volume's pieces are made, encoded and decoded a column at a time."""
        if not self.terms:
            return []
        number_of = {term: number for number, term in enumerate(self.terms)}
        terms = sorted(self.terms, key=order)
        numbers = np.fromiter(map(number_of.__getitem__, terms), dtype=np.int64, count=len(terms))
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
                    numbers[first:stop].tolist(),
                    counts[first:stop].tolist(),
                    deltas[low:high].tolist(),
                    weights[low:high].tolist(),
                ]
            )
        return pieces


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
        return Postings([], [0], np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    # One sort counts every (term, row) pair: sorted by term, then row, with its frequency.
    pairs, frequencies = np.unique(
        codes * count + np.repeat(np.arange(count, dtype=np.int64), lengths), return_counts=True
    )
    del codes
    pair_terms = pairs // count
    pair_rows = pairs - pair_terms * count
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
