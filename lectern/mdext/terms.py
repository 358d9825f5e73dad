"""Glossary terms in the text: longest match that is a word of the sentence, first occurrence per section.

Unlike Material's abbreviations, which need word boundaries that Chinese does not have, this
matches on characters: at each position the longest glossary form wins (维持和平行动部 before
维持和平行动), and a match is never nested in another. Characters alone mark terms inside
other words, though: 和解 in 预防和解决, 大会 in 广大会员国, 西非办 in 西非办事处. So each
candidate is checked against a Chinese word segmentation of its sentence (jieba, with every
glossary form in its user dictionary so that terms stay whole), and a match that straddles a
word boundary is vetoed; the next shorter form at that position, or a later one, may still match.

A term is marked at its first occurrence in each section (heading to heading): once per
paragraph was about five marks a paragraph. Footnotes, read one at a time, count on their own.

The glossary is only complete after every document is parsed (abbreviations are extracted
from the text), so marking is a second pass over the finished tokens, not a rule inside the
first parse. Matching runs on the Simplified source, so both editions mark the same terms.
"""

from __future__ import annotations

import bisect
import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TypeGuard

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..markup import escape
from ..model import Term
from .inline import with_link_depth

# The runs of text jieba segments on their own (its re_han_default): a word never crosses their edges.
WORD_RUN = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+")


class _Segmenter:
    """jieba's dictionary plus the glossary's forms, loaded once per process, and only when needed.

    The forms of one glossary are added to jieba's dictionary, and taken out again if another
    glossary asks (a test run, a rebuild after an edit), so the dictionary is always jieba's plus
    exactly the current forms: the same input segments the same way. Copying the 600,000-entry
    dictionary instead would cost more than the segmentation itself.

    Loading that dictionary takes about 0.4 s, more than the rest of the term stage, so the word
    boundaries of each run of text are also kept in a file in the temporary folder, keyed by
    everything that decides them (jieba's version and dictionary, the glossary's forms, this
    code's version). A build whose runs are all in the file does not load jieba at all; the
    result is the same either way, since the file holds what jieba returned.
    """

    VERSION = 1
    """Raise when the boundaries computed for a run change (it invalidates every cache file)."""

    def __init__(self):
        self._tokenizer = None
        self._forms: frozenset[str] = frozenset()
        self._saved: dict[str, int | None] = {}
        self._total = 0
        self._words_forms: frozenset[str] | None = None
        self._words: dict[str, list[int]] = {}
        self._cache_file: Path | None = None
        self._dirty = False

    def _use(self, forms: frozenset[str]):
        if self._tokenizer is None:
            import jieba  # type: ignore[import-untyped]

            jieba.setLogLevel(logging.WARNING)  # jieba's own logger: it reports loading on stderr
            self._tokenizer = jieba.Tokenizer()
            self._tokenizer.initialize()
            self._total = self._tokenizer.total
        tokenizer = self._tokenizer
        if forms != self._forms:
            for key, value in self._saved.items():
                if value is None:
                    del tokenizer.FREQ[key]
                else:
                    tokenizer.FREQ[key] = value
            tokenizer.total, self._saved = self._total, {}
            for form in sorted(forms):
                if tokenizer.FREQ.get(form):  # a common word (和解, 大会) keeps the frequency that splits 预防/和/解决
                    continue
                for end in range(1, len(form) + 1):
                    self._saved.setdefault(form[:end], tokenizer.FREQ.get(form[:end]))
                tokenizer.add_word(form)  # jieba suggests a frequency just high enough to keep the form whole
            self._forms = forms
        return tokenizer

    def _load_words(self, forms: frozenset[str]) -> None:
        self.save()
        # Found without importing jieba: its import alone loads its HMM tables (0.1 to 0.3 s).
        spec = importlib.util.find_spec("jieba")
        if spec is None or spec.origin is None:
            raise ModuleNotFoundError("jieba is not installed: python3 -m pip install 'jieba>=0.42,<0.43'")
        package = Path(spec.origin).parent
        stat = (package / "dict.txt").stat()
        key = json.dumps(
            [self.VERSION, importlib.metadata.version("jieba"), stat.st_size, stat.st_mtime_ns, sorted(forms)],
            ensure_ascii=False,
        )
        self._cache_file = Path(tempfile.gettempdir()) / (
            f"lectern-words-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:24]}.json"
        )
        try:
            loaded = json.loads(self._cache_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            loaded = {}
        # Checked once here, not on each look-up: the file may come from someone else (see word_starts).
        self._words = (
            {run: starts for run, starts in loaded.items() if _plausible(starts, run)}
            if isinstance(loaded, dict)
            else {}
        )
        self._words_forms, self._dirty = forms, False

    def word_starts(self, forms: frozenset[str], run: str) -> list[int]:
        """Offsets where the words of `run` begin, and its length; each run is segmented once."""
        if forms != self._words_forms:
            self._load_words(forms)
        cached = self._words.get(run)
        if cached is not None:
            return cached
        tokenizer = self._use(forms)  # missing, or dropped from a cache file that someone else wrote
        starts: list[int] = []
        offset = 0
        for word in tokenizer.cut(run, HMM=False):
            starts.append(offset)
            starts.extend(offset + split for split in _compound_splits(word, tokenizer.FREQ))
            offset += len(word)
        starts.append(offset)
        self._words[run] = starts
        self._dirty = True
        return starts

    def save(self) -> None:
        """Write the boundaries found since the last save to the cache file (a cache: failures are ignored)."""
        if not self._dirty or self._cache_file is None:
            return
        try:
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=self._cache_file.parent, prefix=".lectern-words-", delete=False
            ) as handle:
                json.dump(self._words, handle, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            os.replace(handle.name, self._cache_file)
            self._dirty = False
        except OSError:
            pass


_SEGMENTER = _Segmenter()


def _plausible(starts: object, run: str) -> TypeGuard[list[int]]:
    """Word starts for `run`: ascending offsets from 0 to its length."""
    return (
        isinstance(starts, list)
        and len(starts) >= 2
        and starts[0] == 0
        and starts[-1] == len(run)
        and all(isinstance(a, int) and isinstance(b, int) and a < b for a, b in zip(starts, starts[1:]))
    )


def _compound_splits(word: str, frequencies: dict[str, int]) -> list[int]:
    """Where a compound word divides into two words of two or more characters each: jieba reads
    管理制度, 解决方案 and 和平进程 as single words, and a term may end at their seam
    (危机管理|制度, 政治解决|方案, 建设和平|进程). 办事处 and 解决 have no such seam."""
    return [
        split for split in range(2, len(word) - 1) if frequencies.get(word[:split]) and frequencies.get(word[split:])
    ]


class WordBoundaries:
    """Whether a match straddles a word boundary of one text, by jieba's segmentation of the text.

    Made for one text and asked about each candidate in it: the runs of the text are found once,
    and each run's word starts are looked up once, however many candidates fall in it."""

    def __init__(self, forms: frozenset[str], text: str):
        self.forms = forms
        self.text = text
        self.run_starts: list[int] = []
        self.run_ends: list[int] = []
        for match in WORD_RUN.finditer(text):
            self.run_starts.append(match.start())
            self.run_ends.append(match.end())
        self.words: dict[int, list[int]] = {}
        """Word starts of the runs looked up so far, by the run's place in `run_starts`."""

    def straddles(self, start: int, end: int) -> bool:
        """True if text[start:end] cuts a word of the text: a word begins before it and ends inside, or
        begins inside it and ends after. A match inside one word (维和 in 维和人员) does not straddle."""
        first_start, first_end = self._word_at(start)
        if first_start < start and first_end < end:
            return True
        last_start, last_end = self._word_at(end - 1)
        return last_end > end and last_start > start

    def _word_at(self, index: int) -> tuple[int, int]:
        """The span, in the text, of the word holding the character at `index`."""
        position = bisect.bisect_right(self.run_starts, index) - 1
        if position < 0 or index >= self.run_ends[position]:
            return index, index + 1  # punctuation or space: a word of its own
        run_start = self.run_starts[position]
        starts = self.words.get(position)
        if starts is None:
            run = self.text[run_start : self.run_ends[position]]
            starts = self.words[position] = _SEGMENTER.word_starts(self.forms, run)
        word = bisect.bisect_right(starts, index - run_start) - 1
        return run_start + starts[word], run_start + starts[word + 1]


_RUN_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+#&._%-")
"""The characters of WORD_RUN outside its range of Chinese characters."""


def _in_run(character: str) -> bool:
    """Whether WORD_RUN matches the character: a comparison, cheaper than a regex call per character."""
    return "\u4e00" <= character <= "\u9fd5" or character in _RUN_LETTERS


def _joins(text: str, left: int, right: int) -> bool:
    """Whether the characters at `left` and `right` are in one run that jieba segments."""
    return 0 <= left and right < len(text) and _in_run(text[left]) and _in_run(text[right])


def _trie_pattern(forms: list[str]) -> re.Pattern[str]:
    """One regex for all forms, factored by common prefix (维持和平(?:行动(?:部)?)?...): at the leftmost
    position where any form occurs it matches the longest form there, as an alternation of the forms
    longest first does, in about half the time, since a position is not tried against every form."""
    trie: dict[str, dict] = {}
    for form in forms:
        node = trie
        for character in form:
            node = node.setdefault(character, {})
        node[""] = {}  # a form ends here

    def pattern(node: dict[str, dict]) -> str:
        branches = [re.escape(character) + pattern(child) for character, child in sorted(node.items()) if character]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longer form first, the form itself if not

    return re.compile(pattern(trie))


class TermMatcher:
    """All forms of all terms in one regex to find candidates, then the longest that is a word."""

    def __init__(self, terms: list[Term]):
        self.slug_of: dict[str, str] = {}
        for term in terms:
            for form in term.forms:
                self.slug_of.setdefault(form, term.slug)
        forms = sorted(self.slug_of, key=lambda form: (-len(form), form))
        self.pattern = _trie_pattern(forms) if forms else None
        self.prefixes: dict[str, list[tuple[str, str]]] = {
            form: [
                (form[:end], self.slug_of[form[:end]]) for end in range(len(form), 0, -1) if form[:end] in self.slug_of
            ]
            for form in forms
        }
        """For each form, (form, slug) of itself and each shorter form it begins with, longest first:
        the forms to try, in turn, where the regex found it."""
        self.forms = frozenset(forms)

    def save_word_boundaries(self) -> None:
        """Keep the segmentation done so far for the next build (see _Segmenter)."""
        _SEGMENTER.save()

    def matches(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, slug) of each match, left to right, never overlapping: at each position the
        longest form that does not straddle a word boundary of the text."""
        if self.pattern is None:
            return
        search, prefixes = self.pattern.search, self.prefixes
        position, boundaries = 0, None
        while (candidate := search(text, position)) is not None:
            start = candidate.start()
            position = start + 1
            for form, slug in prefixes[candidate.group()]:
                end = start + len(form)
                if _joins(text, start - 1, start) or _joins(text, end - 1, end):  # else no word can cross
                    boundaries = boundaries or WordBoundaries(self.forms, text)
                    if boundaries.straddles(start, end):
                        continue
                yield start, end, slug
                position = end
                break


class DocumentMatches:
    """A TermMatcher's matches in the texts of one document, each text matched once.

    Marking the terms reads the inline texts; finding their places (glossary.find_occurrences) reads
    the blocks' plain texts, and most of those are an inline text without its surrounding spaces (a
    paragraph with no markup). So texts are matched without their surrounding whitespace, and the
    matches kept, by that text, for the rest of the document. That gives the same matches as the
    whole text, shifted by the whitespace taken off: whitespace is no part of a word run, so it joins
    nothing and changes no segmentation, and no match can begin or end in it as long as no form
    begins or ends with whitespace; if one does, each text is matched whole.

    Made for one document and dropped with it: the texts of other documents rarely repeat."""

    def __init__(self, matcher: TermMatcher):
        self.matcher = matcher
        self.strip = not any(form[:1].isspace() or form[-1:].isspace() for form in matcher.forms)
        self.found: dict[str, list[tuple[int, int, str]]] = {}

    def save_word_boundaries(self) -> None:
        self.matcher.save_word_boundaries()

    def matches(self, text: str) -> list[tuple[int, int, str]]:
        """The same as TermMatcher.matches(text), as a list (kept: not to be changed)."""
        core = text.strip() if self.strip else text
        found = self.found.get(core)
        if found is None:
            found = self.found[core] = list(self.matcher.matches(core))
        offset = len(text) - len(text.lstrip()) if found and self.strip else 0
        return [(start + offset, end + offset, slug) for start, end, slug in found] if offset else found


class EnglishTermMatcher:
    """The glossary's English names (`english`, `english_short`) as whole words, for a language version
    in English: longest first, never inside a word. A name with small letters matches in any case
    (a sentence may begin with it); an all-capital short form (MINUSMA) only as written.

    Same interface as TermMatcher, so `mark_terms` marks the English text the same way: first
    occurrence per section, never inside a link. The marks link to the same glossary entries."""

    def __init__(self, terms: list[Term]):
        self.exact: dict[str, str] = {}
        """All-capital short forms, matched as written."""
        self.folded: dict[str, str] = {}
        """Names with small letters, by their case-folded form."""
        for term in terms:
            for name in (term.english, term.english_short):
                name = (name or "").strip()
                if not name:
                    continue
                if any(letter.islower() for letter in name):
                    self.folded.setdefault(name.casefold(), term.slug)
                else:
                    self.exact.setdefault(name, term.slug)
        alternatives = [(name, re.escape(name)) for name in self.exact]
        alternatives += [(name, f"(?i:{re.escape(name)})") for name in self.folded]
        alternatives.sort(key=lambda pair: (-len(pair[0]), pair[0]))
        self.pattern = (
            re.compile(r"(?<![\w-])(?:" + "|".join(pattern for _, pattern in alternatives) + r")(?![\w-])")
            if alternatives
            else None
        )

    def save_word_boundaries(self) -> None:
        """Nothing to keep: English words are separated by spaces."""

    def matches(self, text: str) -> Iterator[tuple[int, int, str]]:
        if self.pattern is None:
            return
        for match in self.pattern.finditer(text):
            found = match.group(0)
            slug = self.exact.get(found) or self.folded.get(found.casefold())
            if slug:
                yield match.start(), match.end(), slug


def terms_plugin(md: MarkdownIt, *, glossary_href: str = "../glossary/index.html") -> None:
    """Render rules for the term tokens made by `mark_terms`: a plain link to the glossary entry."""

    def render_open(self, tokens, idx, options, env) -> str:
        slug = tokens[idx].meta["slug"]
        return f'<a class="term" href="{escape(glossary_href)}#{escape(slug)}">'  # the pop-up reads the slug from the #

    md.add_render_rule("term_open", render_open)
    md.add_render_rule("term_close", lambda self, tokens, idx, options, env: "</a>")


def mark_terms(tokens: list[Token], matcher: TermMatcher | DocumentMatches | EnglishTermMatcher) -> list[str]:
    """Insert term_open/term_close around the first occurrence of each term per section; return the slugs used."""
    used: list[str] = []
    marked: set[str] = set()
    in_heading = False
    for token in tokens:
        if token.type in ("heading_open", "footnote_open"):
            marked = set()  # a new section, or a footnote (read on its own, in a pop-up)
        if token.type == "heading_open":
            in_heading = True
        elif token.type == "heading_close":
            in_heading = False
        elif token.type == "inline" and not in_heading and token.children:
            token.children = _mark_inline(token.children, matcher, marked, used)
    matcher.save_word_boundaries()
    return used


def _mark_inline(
    children: list[Token],
    matcher: TermMatcher | DocumentMatches | EnglishTermMatcher,
    marked: set[str],
    used: list[str],
) -> list[Token]:
    result: list[Token] = []
    for child, link_depth in with_link_depth(children):
        if child.type != "text" or link_depth:
            result.append(child)
            continue
        result.extend(_split_text(child, matcher, marked, used))
    return result


def _split_text(
    child: Token, matcher: TermMatcher | DocumentMatches | EnglishTermMatcher, marked: set[str], used: list[str]
) -> list[Token]:
    pieces: list[Token] = []
    text, cursor = child.content, 0
    for start, end, slug in matcher.matches(text):
        if slug in marked:
            continue
        marked.add(slug)
        if slug not in used:
            used.append(slug)
        if start > cursor:
            pieces.append(_text(text[cursor:start]))
        opening = Token("term_open", "a", 1)
        opening.meta = {"slug": slug}
        pieces.extend([opening, _text(text[start:end]), Token("term_close", "a", -1)])
        cursor = end
    if not pieces:
        return [child]
    if cursor < len(text):
        pieces.append(_text(text[cursor:]))
    return pieces


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token
