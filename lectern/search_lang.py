"""Search of language versions: the rows of `content/<slug>.<lang>.md` and lunr's English pipeline.

A document's translations (`Document.translations`, README "Search") are searched as what they
are, not as Chinese. Their blocks become rows like the original's ([document, kind, anchor,
number, parent, text]), under a `docs` entry of their own, [slug, title, url, lang, name], whose
url is the parallel page (urls.parallel), so a hit opens the document beside its translation at
that paragraph (the parallel page keeps the original's anchors; a note's is the version's own, en-fn1). Their rows come after the
original documents' rows and before the glossary's, and form volumes of their own, one language
per volume; the manifest marks such a volume with `lang` and its `pipeline`.

Terms of a language version's text:

- Words are the shared tokeniser's words (lectern/tokenize.py: letters and digits, single
  joiners such as `-` `/` `.` `'` between them), normalised (NFKC, lower case). A word with
  joiners also gives each run of its parts (`secretary-general's` -> `secretary`, `general`,
  `general's`, …; `a/70/95` -> `70/95`, `95`, …) up to MAX_PARTS parts, so a part of a compound or
  a symbol is found as a word.
- English (`PIPELINES["en"]`): lunr's stop-word filter drops the 119 words of lunr's English
  list (`the`, `of`, `and`, but also `may` and `us`), and lunr.js's Porter stemmer (ported below:
  lunr.py's own departs from it in places) reduces a word of
  letters only to its stem: operations, operation, operational, operate, operating -> `oper`;
  civilians -> `civilian`; protection, protecting -> `protect`. Words with a digit or a joiner
  are kept as they are (stems of symbols would only confuse). The same two lunr functions
  (lunr.py here, lunr.js in the browser; a browser test compares them) make the query's terms.
- Other languages (fr, es, ru, ar): lunr.py and lunr.js 2.3.9 bring no stemmer for them, and no
  other host may be asked for one, so their words match whole, unstemmed, with no stop words.

A query against a language volume: every space-separated word is tokenised the same way; each of
its terms is required (a word that is only stop words asks for nothing); a word with a Chinese
character cannot occur in such a text, so the volume has no results; a text in quotes
("…" or “…”) is a phrase: its words must occur in that order as written (case and width aside,
no stemming), checked against the row's text like a Chinese phrase. lunr's answer (terms are
exact, no prefixes) is then the result, apart from that phrase check.
"""

from __future__ import annotations

import functools
import re

from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token

from . import urls
from .model import LANGUAGE_NAMES, Document, Edition
from .tokenize import CJK, JOINERS, WORD, _word_end, normalize, split_words

PIPELINES: dict[str, list[str]] = {"en": ["stopWordFilter", "stemmer"]}
"""lunr pipeline functions per language, by their lunr.js names; a language not listed has none."""
MAX_PARTS = 6
"""A word of more parts (a long address) gives its parts and itself, not every run of parts."""
PHRASE = re.compile(r"\"([^\"]*)\"|“([^”]*)”")
"""A quoted phrase in a query (the same pattern is in assets/search.js)."""


def pipeline(lang: str) -> list[str]:
    return PIPELINES.get(lang, [])


def translation_docs_and_rows(edition: Edition, documents: list[Document], heading_parents, first_row: int, kinds):
    """The docs entries and rows of every language version of these documents, rows numbered from `first_row`.

    Entries: [slug, title, parallel-page url, lang, name]; rows: [document, kind, anchor, number, parent, text],
    `document` counted from 0 within the returned entries (the caller adds its offset)."""
    docs: list[list] = []
    rows: list[list] = []
    for document in documents:
        for translation in document.translations:
            lang = translation.meta.lang
            number = len(docs)
            docs.append(
                [
                    document.meta.slug,
                    translation.meta.title,
                    str(urls.parallel(edition, document.meta.slug, lang)),
                    lang,
                    LANGUAGE_NAMES.get(lang, lang),
                ]
            )
            offset = first_row + len(rows)
            for block, parent in zip(translation.blocks, heading_parents(translation)):
                rows.append(
                    [
                        number,
                        kinds[block.kind],
                        # a note's id on the parallel page is the version's own (en-fn1): the notes
                        # of two versions are numbered apart; a block's is its row's (the original's)
                        f"{lang}-{block.anchor}" if block.kind == "footnote" else block.anchor,
                        block.number or "",
                        parent + offset if parent >= 0 else -1,
                        block.text,
                    ]
                )
    return docs, rows


def doc_language(doc: list) -> str:
    """The language of a docs entry: "" for the originals and the glossary."""
    return doc[3] if len(doc) > 3 else ""


# --- terms --------------------------------------------------------------------------------------


def words_of(normalized: str) -> list[tuple[int, int]]:
    """(start, end) of each word of a normalised text, as the shared tokeniser cuts them."""
    spans = []
    index, length = 0, len(normalized)
    while index < length:
        if normalized[index] in WORD:
            end = _word_end(normalized, index)
            spans.append((index, end))
            index = end
        else:
            index += 1
    return spans


def runs_of(word: str) -> list[tuple[int, int]]:
    """(start, end) within the word of the word itself and each run of its parts (cut at joiners)."""
    parts: list[tuple[int, int]] = []
    start = 0
    for at, char in enumerate(word):
        if char in JOINERS:
            parts.append((start, at))
            start = at + 1
    parts.append((start, len(word)))
    if len(parts) == 1:
        return parts
    if len(parts) > MAX_PARTS:
        return [(0, len(word)), *parts]
    return [(parts[i][0], parts[j][1]) for i in range(len(parts)) for j in range(i, len(parts))]


# --- lunr.js's Porter stemmer -------------------------------------------------------------------
# lunr.py's own stemmer departs from lunr.js's in places (its docstring names "lay" and "try"; "always" is
# another: lunr.py gives "alwai", lunr.js "alway"), and the browser stems the query with lunr.js, so the
# index is stemmed with this line-for-line port of lunr.js 2.3.9's `lunr.stemmer` (assets/vendor/lunr-2.3.9,
# MIT). tests/browser/test_search_english.py compares the two over a few thousand English words.

_STEP2 = {
    "ational": "ate",
    "tional": "tion",
    "enci": "ence",
    "anci": "ance",
    "izer": "ize",
    "bli": "ble",
    "alli": "al",
    "entli": "ent",
    "eli": "e",
    "ousli": "ous",
    "ization": "ize",
    "ation": "ate",
    "ator": "ate",
    "alism": "al",
    "iveness": "ive",
    "fulness": "ful",
    "ousness": "ous",
    "aliti": "al",
    "iviti": "ive",
    "biliti": "ble",
    "logi": "log",
}
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}
_c, _v = "[^aeiou]", "[aeiouy]"
_C, _V = _c + "[^aeiouy]*", _v + "[aeiou]*"
_MGR0 = re.compile("^(" + _C + ")?" + _V + _C)
_MEQ1 = re.compile("^(" + _C + ")?" + _V + _C + "(" + _V + ")?$")
_MGR1 = re.compile("^(" + _C + ")?" + _V + _C + _V + _C)
_S_V = re.compile("^(" + _C + ")?" + _v)
_1A, _1A2 = re.compile(r"^(.+?)(ss|i)es$"), re.compile(r"^(.+?)([^s])s$")
_1B, _1B2 = re.compile(r"^(.+?)eed$"), re.compile(r"^(.+?)(ed|ing)$")
_LAST = re.compile(r".$")
_1B_AT, _1B_DOUBLE = re.compile(r"(at|bl|iz)$"), re.compile(r"([^aeiouylsz])\1$")
_CVC = re.compile("^" + _C + _v + "[^aeiouwxy]$")
_1C = re.compile(r"^(.+?[^aeiou])y$")
_2 = re.compile("^(.+?)(" + "|".join(_STEP2) + ")$")
_3 = re.compile("^(.+?)(" + "|".join(_STEP3) + ")$")
_4 = re.compile(r"^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$")
_4B = re.compile(r"^(.+?)(s|t)(ion)$")
_5, _5L = re.compile(r"^(.+?)e$"), re.compile(r"ll$")


def porter_js(w: str) -> str:  # noqa: PLR0912 - the steps of the algorithm, as lunr.js writes them
    """lunr.js 2.3.9's Porter stemmer, step for step."""
    if len(w) < 3:
        return w
    first = w[0]
    if first == "y":
        w = "Y" + w[1:]
    if _1A.search(w):
        w = _1A.sub(r"\1\2", w, count=1)
    elif _1A2.search(w):
        w = _1A2.sub(r"\1\2", w, count=1)
    if match := _1B.search(w):
        if _MGR0.search(match.group(1)):
            w = _LAST.sub("", w, count=1)
    elif match := _1B2.search(w):
        stem = match.group(1)
        if _S_V.search(stem):
            w = stem
            if _1B_AT.search(w):
                w += "e"
            elif _1B_DOUBLE.search(w):
                w = _LAST.sub("", w, count=1)
            elif _CVC.search(w):
                w += "e"
    if match := _1C.search(w):
        w = match.group(1) + "i"
    if (match := _2.search(w)) and _MGR0.search(match.group(1)):
        w = match.group(1) + _STEP2[match.group(2)]
    if (match := _3.search(w)) and _MGR0.search(match.group(1)):
        w = match.group(1) + _STEP3[match.group(2)]
    if match := _4.search(w):
        if _MGR1.search(match.group(1)):
            w = match.group(1)
    elif match := _4B.search(w):
        stem = match.group(1) + match.group(2)
        if _MGR1.search(stem):
            w = stem
    if match := _5.search(w):
        stem = match.group(1)
        if _MGR1.search(stem) or (_MEQ1.search(stem) and not _CVC.search(stem)):
            w = stem
    if _5L.search(w) and _MGR1.search(w):
        w = _LAST.sub("", w, count=1)
    if first == "y":
        w = "y" + w[1:]
    return w


def stem_js(token: Token, i=None, tokens=None) -> Token:
    """`porter_js` as a lunr.py pipeline function (lunr.js's `stemmer`), for words of letters (a symbol
    such as `a/70/95` stays whole)."""
    if not token.string.isalpha():
        return token
    return token.update(lambda string, metadata: porter_js(string))


@functools.lru_cache(maxsize=65536)
def term_of(token: str, lang: str) -> str | None:
    """The index term of a token in this language: None for a stop word, the stem of a word of letters."""
    steps = pipeline(lang)
    if "stopWordFilter" in steps and stop_word_filter(Token(token)) is None:
        return None
    if "stemmer" in steps and token.isalpha():
        return porter_js(token)
    return token


def text_terms(normalized: str, lang: str) -> list[str]:
    """The lunr terms of a normalised text of a language version (with repeats, for the term frequencies)."""
    terms = []
    for start, end in words_of(normalized):
        word = normalized[start:end]
        for a, b in runs_of(word):
            term = term_of(word[a:b], lang)
            if term is not None:
                terms.append(term)
    return terms


def token_terms(normalized: str, lang: str) -> list[str]:
    """The terms a query word asks for: each of its words through the pipeline, stop words dropped."""
    found = (term_of(normalized[start:end], lang) for start, end in words_of(normalized))
    return list(dict.fromkeys(term for term in found if term is not None))


def parse_query(query: str) -> tuple[list[str], list[str]]:
    """(words, phrases) of a query for a language volume: phrases are the quoted texts, normalised."""
    phrases = []
    for match in PHRASE.finditer(query):
        phrase = " ".join(split_words(match.group(1) or match.group(2) or ""))
        if phrase:
            phrases.append(phrase)
    rest = PHRASE.sub(" ", query)
    return split_words(rest), phrases


def query_plan(query: str, lang: str) -> tuple[list[str], list[str]] | None:
    """(required terms, phrases to check in the text) of a query against this language, or None when
    it cannot match there (a Chinese character) or asks for nothing (only stop words, only punctuation)."""
    words, phrases = parse_query(query)
    terms: list[str] = []
    for word in [*words, *phrases]:
        if any(char in CJK for char in word):
            return None
        terms.extend(term for term in token_terms(word, lang) if term not in terms)
    return (terms, phrases) if terms else None


def row_terms(text: str, lang: str) -> list[str]:
    return text_terms(normalize(text)[0], lang)
