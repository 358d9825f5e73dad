"""The search the browser runs, in Python, over the files the build writes: manifest, pieces, fragments.

assets/search.js does the same steps over the same files; this module is what the tests and
the benchmark use to state the results, and the reference the browser tests compare with.

1. Each space-separated word is normalised (NFKC, lower case) and folded (Traditional ->
   Simplified class), and turned into lunr terms (tokenize.query_terms), all required.
2. Per volume, the pieces that hold those terms are loaded and the terms' entries rebuilt into
   a small serialised lunr index, which `lunr.Index.load` takes; lunr returns the rows that have
   every term, with their scores: a superset of the true matches.
3. The text fragments of those rows are loaded, and each row is kept only if every word occurs
   in its text as a substring. A word written in the page's own script is compared with the
   normalised text as it is; a word with a character only the other script uses is compared
   after folding both sides. An English word (a word that starts or ends with a Latin letter)
   must stand whole at that end: `sea` does not match "research" or "asean".
So the results are exactly those of a plain scan (`scan`), and lunr ranks them.

A volume of a language version (`lang` in the manifest, lectern/search_lang.py) takes the query
through that language's lunr pipeline instead (English: stop words dropped, words stemmed): its
terms are required and exact, so lunr's answer is the result, less the rows where a quoted phrase
does not occur as written. A query with a Chinese character finds nothing there, and such a volume
gives no paragraph jumps (the original's rows do).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

import lunr
from lunr.index import Index as LunrIndex
from lunr.query import QueryPresence

from .search import REFERENCE_PREFIX, decode_piece, decode_script, utf16
from .search_lang import doc_language, query_plan, text_terms
from .tokenize import WORD, FoldTable, normalize, paragraph_reference, query_terms, split_words

FIELD = "t"


@dataclass(frozen=True)
class Hit:
    block: int
    """Row number; also the lunr ref."""
    score: float


@dataclass
class Results:
    jumps: list[int]
    """Rows whose citable number is the paragraph reference the query names, in document order."""
    hits: list[Hit]
    """Every matching row, best first."""
    card: int | None = None
    """The glossary entry the query names exactly (its term, an alias, its English name), shown first."""
    loaded: list[str] = field(default_factory=list)
    """Keys of the files this query needed (manifest, index pieces, text fragments), in order."""
    query: str = ""


def is_letter(char: str) -> bool:
    return char in WORD and not "0" <= char <= "9"


def whole_word_at(text: str, word: str) -> bool:
    """Does `word` occur in `text`, standing whole at each end where it has a Latin letter?"""
    start_check, end_check = is_letter(word[0]), is_letter(word[-1])
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if not (start_check and at > 0 and text[at - 1] in WORD) and not (
            end_check and end < len(text) and text[end] in WORD
        ):
            return True
        at = text.find(word, at + 1)
    return False


class SiteSearch:
    """One edition's search files (`site/search/<edition>/`), loaded as a query needs them."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.cache: dict[str, object] = {}
        self.manifest = self.load("manifest")
        self.fold = FoldTable.from_strings(*self.manifest["fold"])
        self.foreign = frozenset(self.manifest["foreign"])
        self.docs = self.manifest["docs"]
        self.rows: dict[int, list] = {}
        self.headings: dict[int, list] = {}
        self._log: list[str] = []

    def load(self, key: str):
        if key not in self.cache:
            loaded_key, data = decode_script((self.folder / f"{key}.js").read_bytes())
            assert loaded_key == key
            self.cache[key] = decode_piece(data) if key.startswith("index/") and isinstance(data, list) else data
        if hasattr(self, "_log") and key not in self._log:
            self._log.append(key)
        return self.cache[key]

    # --- index pieces -------------------------------------------------------------------

    def pieces_for(self, volume: int, term: str) -> list[int]:
        """The pieces of a volume that may hold `term` (a prefix if it ends in `*`)."""
        bounds = [utf16(first) for first in self.manifest["volumes"][volume]["pieces"]]
        prefix = term.endswith("*")
        key = utf16(term[:-1] if prefix else term)
        at = bisect_right(bounds, key) - 1
        if not prefix:
            return [at] if at >= 0 else []
        found = [at] if at >= 0 else []
        for number in range(at + 1, len(bounds)):
            if not bounds[number].startswith(key):
                break
            found.append(number)
        return found

    def entries(self, volume: int, terms: list[str]) -> dict[str, tuple[int, list[int], list[int]]]:
        """The index entries of the query's terms (every expansion of a prefix) in one volume."""
        out = {}
        for term in terms:
            prefix = term[:-1] if term.endswith("*") else None
            for piece in self.pieces_for(volume, term):
                data = self.load(f"index/{volume}-{piece}")
                if prefix is None:
                    if term in data:
                        out[term] = data[term]
                else:
                    out.update((key, value) for key, value in data.items() if key.startswith(prefix))
        return out

    @staticmethod
    def lunr_index(entries: dict[str, tuple[int, list[int], list[int]]]) -> dict:
        """The serialised lunr index of these terms: their inverted-index entries and field-vector columns."""
        vectors: dict[int, list[tuple[int, float]]] = {}
        for number, refs, weights in entries.values():
            for ref, weight in zip(refs, weights):
                vectors.setdefault(ref, []).append((number, weight / 1000))
        return {
            "version": lunr.__TARGET_JS_VERSION__,
            "fields": [FIELD],
            "fieldVectors": [
                [f"{FIELD}/{ref}", [value for pair in sorted(pairs) for value in pair]]
                for ref, pairs in sorted(vectors.items())
            ],
            "invertedIndex": [
                [term, {"_index": number, FIELD: {str(ref): {} for ref in refs}}]
                for term, (number, refs, _) in sorted(entries.items())
            ],
            "pipeline": [],
        }

    def candidates(self, volume: int, terms: list[str]) -> list[tuple[int, float]]:
        entries = self.entries(volume, terms)
        if not entries:
            return []
        index = LunrIndex.load(self.lunr_index(entries))
        query = index.create_query()
        for term in terms:
            query.clause(term, use_pipeline=False, presence=QueryPresence.REQUIRED)
        return [(int(match["ref"]), match["score"]) for match in index.query(query)]

    # --- text fragments -----------------------------------------------------------------

    def row(self, number: int) -> list:
        if number not in self.rows:
            starts = self.manifest["fragments"]
            fragment = bisect_right(starts, number) - 1
            data = self.load(f"text/{fragment}")
            for offset, row in enumerate(data["rows"]):
                self.rows[data["first"] + offset] = row
            self.headings.update((int(key), value) for key, value in data["headings"].items())
        return self.rows[number]

    def heading_path(self, number: int) -> list[str]:
        path: list[str] = []
        parent = self.row(number)[4]
        while parent >= 0:
            text, parent_of = (
                (self.rows[parent][5], self.rows[parent][4]) if parent in self.rows else self.headings[parent]
            )
            path.insert(0, text)
            parent = parent_of
        return path

    def matches(self, word: str, number: int) -> bool:
        text = self.row(number)[5]
        normalized = normalize(text)[0]
        if any(char in self.foreign for char in word):
            return whole_word_at(self.fold.fold(normalized), self.fold.fold(word))
        return whole_word_at(normalized, word)

    # --- queries ------------------------------------------------------------------------

    def is_name_of(self, number: int, query: str) -> bool:
        row = self.row(number)
        wanted = self.fold.fold(" ".join(split_words(query)))
        return row[1] == "g" and any(self.fold.fold(" ".join(split_words(head))) == wanted for head in row[7])

    def name_rank(self, number: int, words: list[str]) -> int:
        """2 when a name of this glossary entry starts with the (folded) words, 1 when it has them all, else 0."""
        heads = [self.fold.fold(" ".join(split_words(head))) for head in self.row(number)[7]]
        if any(head.startswith(" ".join(words)) for head in heads):
            return 2
        return 1 if any(all(word in head for word in words) for head in heads) else 0

    def language(self, number: int) -> str:
        """The language of a row's document: "" for the originals and the glossary."""
        return doc_language(self.docs[self.row(number)[0]])

    def language_hits(self, volume: int, query: str, lang: str) -> list[Hit]:
        """A language version's volume: the rows that have every term of the query in that language's
        pipeline, and every quoted phrase as written."""
        plan = query_plan(query, lang)
        if plan is None:
            return []
        terms, phrases = plan
        found = self.candidates(volume, terms)
        return [
            Hit(row, score)
            for row, score in found
            if all(whole_word_at(normalize(self.row(row)[5])[0], phrase) for phrase in phrases)
        ]

    def search(self, query: str) -> Results:
        self._log = ["manifest"]
        reference = paragraph_reference(query)
        words = split_words(query)
        terms = list(dict.fromkeys(term for word in words for term in query_terms(self.fold.fold(word))))
        jumps: list[int] = []
        hits: list[Hit] = []
        for volume, info in enumerate(self.manifest["volumes"]):
            start, end = info["rows"]
            if info.get("lang"):
                hits.extend(self.language_hits(volume, query, info["lang"]) if words else [])
                continue
            if reference:
                entry = self.entries(volume, [REFERENCE_PREFIX + reference])
                jumps.extend(entry[REFERENCE_PREFIX + reference][1] if entry else [])
            if not words:
                continue
            found = self.candidates(volume, terms) if terms else [(row, 0.0) for row in range(start, end)]
            hits.extend(Hit(row, score) for row, score in found if all(self.matches(word, row) for word in words))
        hits.sort(key=lambda hit: (-round(hit.score, 6), hit.block))
        jumps.sort()
        for row in jumps:
            self.row(row)
        card = next((hit.block for hit in hits if self.is_name_of(hit.block, query)), None)
        return Results(jumps, hits, card, list(self._log), query)

    def order(self, results: Results) -> list[tuple[int, list[int]]]:
        """Result groups as the reader sees them: the named glossary entry as a card of its own (document -1),
        then documents in the order of their best hit, then the other glossary entries."""
        groups: dict[int, list[int]] = {}
        glossary = len(self.docs) - 1 if self.docs[-1][0] == "glossary" else None
        for hit in results.hits:
            if hit.block != results.card:
                groups.setdefault(self.row(hit.block)[0], []).append(hit.block)
        ordered = [(doc, rows) for doc, rows in groups.items() if doc != glossary]
        if glossary in groups:  # entries whose name starts with, then has, the query first
            words = [self.fold.fold(word) for word in split_words(results.query)]
            ordered.append((glossary, sorted(groups[glossary], key=lambda row: -self.name_rank(row, words))))
        return ([(-1, [results.card])] if results.card is not None else []) + ordered

    def scan(self, query: str) -> set[int]:
        """The truth the search must equal: rows whose text contains every word (no index)."""
        words = split_words(query)
        if not words:
            return set()
        found = set()
        plans: dict[str, tuple[list[str], list[str]] | None] = {}
        for row in range(self.manifest["rows"]):
            lang = self.language(row)
            if not lang:
                if all(self.matches(word, row) for word in words):
                    found.add(row)
                continue
            if lang not in plans:  # a language version: its terms, and the phrases as written
                plans[lang] = query_plan(query, lang)
            plan = plans[lang]
            normalized = normalize(self.row(row)[5])[0]
            if (
                plan is not None
                and set(plan[0]) <= set(text_terms(normalized, lang))
                and all(whole_word_at(normalized, phrase) for phrase in plan[1])
            ):
                found.add(row)
        return found
