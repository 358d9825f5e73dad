"""The search tokeniser: text -> normalised text -> index terms, and queries -> lunr clauses.

Chinese has no spaces, so lunr's own tokeniser (whitespace and hyphens) would make one token
per clause. Here CJK runs become overlapping character bigrams, plus the last character of
each run on its own, so that every character starts some term and a one-character query is a
prefix lookup. Latin words, numbers and UN symbols (A/55/305, S/2015/229) stay whole (plus their suffixes).

The character classes live in `search_spec.json`, which the build copies into every index
file; `assets/search.js` implements these same few functions over it, and
tests/browser/test_search.py checks that both sides agree on a list of tricky strings.
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from operator import add
from pathlib import Path

SPEC_PATH = Path(__file__).with_name("search_spec.json")
SPEC: dict = json.loads(SPEC_PATH.read_text(encoding="utf-8"))


class _Ranges:
    """Membership in a sorted list of inclusive code point ranges (a table lookup in the BMP, bisect beyond)."""

    def __init__(self, ranges: list[list[int]]):
        self.starts = [start for start, _ in ranges]
        self.ends = [end for _, end in ranges]
        self.bmp = bytearray(0x10000)
        for start, end in ranges:
            if start < 0x10000:
                self.bmp[start : min(end, 0xFFFF) + 1] = b"\x01" * (min(end, 0xFFFF) + 1 - start)
        self.pattern = "".join(
            f"{re.escape(chr(start))}-{re.escape(chr(end))}" if start < end else re.escape(chr(start))
            for start, end in ranges
        )
        """The ranges as the inside of a regular expression character class."""

    def __contains__(self, char: str) -> bool:
        point = ord(char)
        if point < 0x10000:
            return self.bmp[point] == 1
        position = bisect_right(self.starts, point) - 1
        return position >= 0 and point <= self.ends[position]


CJK = _Ranges(SPEC["cjk"])
WORD = _Ranges(SPEC["word"])
JOINERS = frozenset(SPEC["joiners"])
SPACES = frozenset(SPEC["spaces"])
IGNORED = frozenset(SPEC["ignored"])
REFERENCE = re.compile(SPEC["reference"])
_PIECES: dict[str, str] = {}
"""Memo of what each character normalises to."""


class _Normalized(dict):
    """The same memo keyed by code point, for `str.translate`: a character not seen yet is normalised on lookup."""

    def __missing__(self, point: int) -> str:
        return _pieces(chr(point))


_TABLE: dict[int, str] = _Normalized()
_SPACE_RUN = re.compile("[" + "".join(re.escape(char) for char in SPEC["spaces"]) + "]+")
_SPACE_BY_CJK = re.compile(f"(?<=[{CJK.pattern}]) | (?=[{CJK.pattern}])")
_TOKEN = re.compile(
    f"([{CJK.pattern}]+)|([{WORD.pattern}](?:[{WORD.pattern}]|[{re.escape(SPEC['joiners'])}][{WORD.pattern}])*)"
)
"""A CJK run, or a word (`_word_end`): word characters with single joiners between them."""
WORD_TOKEN = re.compile(f"[{WORD.pattern}](?:[{WORD.pattern}]|[{re.escape(SPEC['joiners'])}][{WORD.pattern}])*")
"""_TOKEN's words alone (the classes are disjoint: where a CJK run starts, no word does)."""


def cjk_points():
    """A function telling, for an array of code points (numpy), which are CJK characters (postings.TextTerms)."""
    import numpy as np

    table = np.zeros(0x110000, dtype=bool)
    for start, end in SPEC["cjk"]:
        table[start : end + 1] = True
    return table.__getitem__


def _pieces(char: str) -> str:
    """What one character normalises to (NFKC, lower case, ignored characters dropped), memoised in both tables."""
    pieces = _PIECES.get(char)
    if pieces is None:
        pieces = _TABLE[ord(char)] = _PIECES[char] = "".join(
            piece for piece in unicodedata.normalize("NFKC", char).lower() if piece not in IGNORED
        )
    return pieces


def normalize(text: str) -> tuple[str, list[int]]:
    """NFKC and lower case, character by character; whitespace next to CJK dropped, other runs -> one space.

    Returns the normalised text and, for each of its characters, the index of the source
    character it came from, so that matches can be highlighted in the original text.
    "第 1325(2000) 号决议" and "第1325(2000)号决议" normalise to the same string.
    """
    out: list[str] = []
    source: list[int] = []
    pending_space = -1
    for index, char in enumerate(text):
        for piece in _PIECES.get(char) or _pieces(char):
            if piece in SPACES:
                if pending_space < 0:
                    pending_space = index
                continue
            if pending_space >= 0:
                if out and out[-1] not in CJK and piece not in CJK:
                    out.append(" ")
                    source.append(pending_space)
                pending_space = -1
            out.append(piece)
            source.append(index)
    return "".join(out), source


def normalize_text(text: str) -> str:
    """`normalize(text)[0]`, without the source map: each character through a translate table, then the spaces.

    Characters normalise one by one, so the text is the concatenation of their pieces; a run of spaces
    in it becomes one space, or none at either end or next to a CJK character, as in normalize.
    """
    return settle_spaces(text.translate(_TABLE))


NORMALIZATION: Mapping[int, str] = _TABLE
"""normalize_text's table for `str.translate` (each character's pieces), for those that translate otherwise
(postings.CharMap): `settle_spaces(text.translate(NORMALIZATION))` is `normalize_text(text)`."""


def settle_spaces(out: str) -> str:
    """normalize_text's second step: a run of spaces becomes one space, or none at either end or next to a
    CJK character."""
    if _SPACE_RUN.search(out) is None:
        return out
    return _SPACE_BY_CJK.sub("", _SPACE_RUN.sub(" ", out).strip(" "))


def split_words(query: str) -> list[str]:
    """Space-separated words of a query, each normalised; all of them must occur."""
    words: list[str] = []
    current: list[str] = []
    for char in query + " ":
        if char in SPACES:
            if current:
                word = normalize("".join(current))[0]
                if word:
                    words.append(word)
                current = []
        else:
            current.append(char)
    return words


class _Folds(dict):
    def __missing__(self, point: int) -> int:
        self[point] = point
        return point


@dataclass(frozen=True)
class FoldTable:
    """Simplified and Traditional characters that the corpus pairs, mapped to one representative.

    Built from aligned Simplified/Traditional texts: every pair of characters at the same
    position joins one class (union-find), and the class is written as its smallest
    Simplified member. Folding a Traditional text gives the Simplified text's fold, so one
    index serves both editions.
    """

    mapping: dict[str, str]

    @classmethod
    def from_pairs(cls, pairs: list[tuple[str, str]]) -> FoldTable:
        parent: dict[str, str] = {}
        simplified: set[str] = set()

        def find(char: str) -> str:
            while parent.get(char, char) != char:
                char = parent[char]
            return char

        differing: set[tuple[str, str]] = set()
        for left_text, right_text in pairs:
            if len(left_text) == len(right_text):  # s2tw maps character for character
                differing.update((a, b) for a, b in zip(left_text, right_text) if a != b)
        for left_char, right_char in sorted(differing):
            left, right = normalize(left_char)[0], normalize(right_char)[0]
            if len(left) != len(right):
                continue
            for a, b in zip(left, right):
                if a != b:
                    simplified.add(a)
                    root_a, root_b = find(a), find(b)
                    if root_a != root_b:
                        parent[max(root_a, root_b)] = min(root_a, root_b)
        classes: dict[str, list[str]] = {}
        for char in parent.keys() | {value for value in parent.values()}:
            classes.setdefault(find(char), []).append(char)
        mapping = {}
        for members in classes.values():
            representative = (
                min(char for char in members if char in simplified) if simplified & set(members) else min(members)
            )
            mapping.update({char: representative for char in members if char != representative})
        return cls(dict(sorted(mapping.items())))

    @classmethod
    def from_strings(cls, sources: str, targets: str) -> FoldTable:
        return cls(dict(zip(sources, targets)))

    def to_strings(self) -> list[str]:
        """The compact form shipped to the browser: ["所有源字符", "对应代表字符"]."""
        return ["".join(self.mapping), "".join(self.mapping.values())]

    @property
    def participants(self) -> frozenset[str]:
        return frozenset(self.mapping) | frozenset(self.mapping.values())

    @property
    def table(self) -> Mapping[int, str | int]:
        """The table `fold` translates with."""
        return self._table

    @cached_property
    def _table(self) -> dict[int, str | int]:
        """The mapping for `str.translate`, which remembers the characters that stay as they are."""
        return _Folds({ord(char): target for char, target in self.mapping.items() if len(char) == 1})

    def fold(self, text: str) -> str:
        return text.translate(self._table)


def tokenize(text: str) -> list[str]:
    """Index terms of a normalised, folded text.

    CJK bigrams plus each run's last character; each word whole (`a/55/305`) and then its
    suffixes that start on a word character (`55/305`, `5/305`, … `5`), so that any part of a
    word is the prefix of some term and the query needs no leading wildcard, which would
    make lunr walk its whole term tree.
    """
    terms: list[str] = []
    append, extend = terms.append, terms.extend
    for run, word in _TOKEN.findall(text):
        if run:
            if len(run) > 1:
                extend(map(add, run, run[1:]))  # its bigrams
            append(run[-1])
        else:
            append(word)
            extend([word[i:] for i in range(1, len(word)) if word[i] not in JOINERS])
    return terms


def _word_end(text: str, start: int) -> int:
    """End of a word token: word characters, with single joiners (/ . - …) between them."""
    end = start + 1
    length = len(text)
    while end < length:
        if text[end] in WORD:
            end += 1
        elif text[end] in JOINERS and end + 1 < length and text[end + 1] in WORD:
            end += 2
        else:
            break
    return end


def query_terms(word: str) -> list[str]:
    """lunr terms that every text containing the (normalised, folded) word must have.

    A CJK run of two or more characters needs each of its bigrams; a single CJK character
    is a prefix (`和*`), since every character of a text starts a term; a Latin word or
    number may sit inside a longer token (`305` in `a/55/305`), whose suffixes are terms, so
    it is a prefix too (`305*`).
    """
    terms: list[str] = []
    length = len(word)
    index = 0
    while index < length:
        char = word[index]
        if char in CJK:
            end = index + 1
            while end < length and word[end] in CJK:
                end += 1
            if end - index == 1:
                terms.append(char + "*")
            else:
                terms.extend(word[i : i + 2] for i in range(index, end - 1))
            index = end
        elif char in WORD:
            end = _word_end(word, index)
            terms.append(word[index:end] + "*")
            index = end
        else:
            index += 1
    return list(dict.fromkeys(terms))


def paragraph_reference(query: str) -> str | None:
    """The citable number a query names (`105`, `第105段`, `105（c）` -> "105(c)"), or None."""
    compact = normalize(query)[0].replace(" ", "")
    match = REFERENCE.match(compact)
    return match.group(1) + (match.group(2) or "") if match else None
