"""The search the browser runs, in Python: lunr candidates, then a check against the text.

assets/search.js does the same steps over the same index file; this module is what the tests
and the benchmark use to state the results, and the reference the browser tests compare with.

1. Each space-separated word is normalised (NFKC, lower case) and folded (Traditional ->
   Simplified class), and turned into lunr terms (tokenize.query_terms), all required.
2. lunr returns the blocks that have every term: a superset of the true matches.
3. Each candidate is kept only if every word occurs in its text as a substring. A word written
   in the page's own script is compared with the normalised text as it is; a word with a
   character only the other script uses is compared after folding both sides.
So the results are exactly those of a plain substring scan, and lunr ranks them.
"""

from __future__ import annotations

from dataclasses import dataclass

import lunr
from lunr.builder import Builder
from lunr.query import QueryPresence

from .tokenize import FoldTable, normalize, paragraph_reference, query_terms, split_words, tokenize

FIELD = "t"


@dataclass(frozen=True)
class Hit:
    block: int
    """Row index in the index file; also the lunr ref."""
    score: float


@dataclass(frozen=True)
class Results:
    jumps: list[int]
    """Rows whose citable number is the paragraph reference the query names, in document order."""
    hits: list[Hit]
    """Every matching row, best first."""


class SearchIndex:
    """One edition's index file, expanded into a lunr.py index."""

    def __init__(self, payload: dict, index: lunr.Index | None = None):
        """`index`: the other edition's lunr index, which is this one's too (its texts fold the same)."""
        self.payload = payload
        self.rows = payload["blocks"]
        self.fold = FoldTable.from_strings(*payload["fold"])
        self.normalized = [normalize(row[5])[0] for row in self.rows]
        self.folded = [self.fold.fold(text) for text in self.normalized]
        alphabet = set("".join(self.normalized))
        self.foreign = frozenset(char for char in self.fold.participants if char not in alphabet)
        self._index = index

    def terms(self) -> list[list[str]]:
        """Index terms of every row, in row order."""
        return [tokenize(text) for text in self.folded]

    @property
    def index(self) -> lunr.Index:
        if self._index is None:
            builder = Builder()  # no pipeline: no stemmer, no stop words, no trimmer
            builder.ref("id")
            builder.field(FIELD)
            for number, terms in enumerate(self.terms()):
                builder.add({"id": str(number), FIELD: terms})  # a list is taken as tokens, as is
            self._index = builder.build()
        return self._index

    def matches(self, word: str, row: int) -> bool:
        if any(char in self.foreign for char in word):
            return self.fold.fold(word) in self.folded[row]
        return word in self.normalized[row]

    def title_bonus(self, row: int, words: list[str]) -> float:
        """A glossary entry whose term or English name has the query (x2), or starts with it (x4), ranks first."""
        data = self.rows[row]
        if data[1] != "g":
            return 1.0
        heads = [self.fold.fold(normalize(data[6])[0]), self.fold.fold(normalize(data[3])[0])]
        folded = [self.fold.fold(word) for word in words]
        bonus = 2.0 if all(any(word in head for head in heads) for word in folded) else 1.0
        return bonus * 2 if any(head.startswith(" ".join(folded)) for head in heads) else bonus

    def search(self, query: str) -> Results:
        reference = paragraph_reference(query)
        jumps = [number for number, row in enumerate(self.rows) if reference and row[1] in "pi" and row[3] == reference]
        words = split_words(query)
        if not words:
            return Results(jumps, [])
        terms = list(dict.fromkeys(term for word in words for term in query_terms(self.fold.fold(word))))
        if terms:
            query_object = self.index.create_query()
            for term in terms:
                query_object.clause(term, use_pipeline=False, presence=QueryPresence.REQUIRED)
            candidates = [(int(match["ref"]), match["score"]) for match in self.index.query(query_object)]
        else:  # only punctuation: nothing to look up, scan every row
            candidates = [(number, 0.0) for number in range(len(self.rows))]
        hits = [Hit(row, score * self.title_bonus(row, words)) for row, score in candidates
                if all(self.matches(word, row) for word in words)]
        hits.sort(key=lambda hit: (-round(hit.score, 6), hit.block))
        return Results(jumps, hits)

    def scan(self, query: str) -> set[int]:
        """The truth the search must equal: rows whose text contains every word (no index)."""
        words = split_words(query)
        return {row for row in range(len(self.rows)) if words and all(self.matches(word, row) for word in words)}
