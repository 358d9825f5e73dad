"""Search: Blocks and glossary entries -> one compact index file per edition, plus a search page.

The unit of search is the Block, as the reader links to it: a numbered paragraph, each of its
sub-items (105(c) has its own id and number, so a hit lands on the sub-item itself), an
unnumbered block, a heading, a footnote; and each glossary entry.

What ships is the compact form of a lunr index. lunr's inverted index of character bigrams is
a function of the block texts and the tokeniser, and the reader needs the texts anyway (to
check a phrase and to show a snippet), so the file carries the texts once and the browser
expands them with the same tokeniser into exactly the JSON that lunr.py builds, which it hands
to `lunr.Index.load` (tests/browser/test_search.py compares the two). A Traditional text folds
to the same characters as its Simplified original (tokenize.FoldTable), so both editions
expand to one and the same index; each file carries its own edition's text for snippets.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath

from .model import Document, Edition, OutputFile, Term
from .tokenize import SPEC, FoldTable

FORMAT = 1
KINDS = {"paragraph": "p", "item": "i", "block": "b", "heading": "h", "footnote": "f"}
GLOSSARY_SLUG = "glossary"
SEARCH_UI = (
    "跳到段落", "显示更多", "共", "处结果", "，分布于", "个来源", "没有找到", "脚注", "术语表", "正在载入索引…",
    "无法载入搜索索引。",
)
"""Strings search.js shows, carried in the index file, converted for the Traditional edition at build time."""


def index_path(edition: Edition) -> PurePosixPath:
    return PurePosixPath("search", f"{edition.segment}.js")


def glossary_text(term: Term) -> str:
    """Everything a reader may type to find an entry, fields separated so no bigram spans two."""
    parts = [term.key, *term.aliases, term.full_name or "", term.english, term.english_short or "",
             term.definition_zh, term.definition_en]
    return " | ".join(part for part in parts if part)


def fold_table(editions: dict[Edition, list[Document]], terms: dict[Edition, list[Term]]) -> FoldTable:
    """The Simplified <-> Traditional character classes, from the corpus's own aligned texts."""
    pairs: list[tuple[str, str]] = []
    for simplified, traditional in zip(editions[Edition.HANS], editions[Edition.HANT]):
        pairs.extend((a.text, b.text) for a, b in zip(simplified.blocks, traditional.blocks))
    traditional_terms = {term.slug: term for term in terms.get(Edition.HANT, [])}
    for term in terms.get(Edition.HANS, []):
        if term.slug in traditional_terms:
            pairs.append((glossary_text(term), glossary_text(traditional_terms[term.slug])))
    return FoldTable.from_pairs(pairs)


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


def build_payload(edition: Edition, documents: list[Document], terms: list[Term], fold: FoldTable,
                  ui: dict[str, str]) -> dict:
    """One edition's index file content: documents, blocks (rows), the fold table and the tokeniser spec.

    A block row is [document, kind, anchor, number, parent, text] (+ [title] for a glossary
    entry), with `parent` a global row index. Row i is lunr document ref "i".
    """
    docs: list[list] = []
    rows: list[list] = []
    for number, document in enumerate(documents):
        slug = document.meta.slug
        docs.append([slug, document.meta.short_title_zh or document.meta.title_zh,
                     f"{edition.segment}/{slug}/index.html"])
        offset = len(rows)
        for block, parent in zip(document.blocks, heading_parents(document)):
            rows.append([number, KINDS[block.kind], block.anchor, block.number or "",
                         parent + offset if parent >= 0 else -1, block.text])
    if terms:
        number = len(docs)
        docs.append([GLOSSARY_SLUG, ui["术语表"], f"{edition.segment}/glossary/index.html"])
        for term in terms:
            rows.append([number, "g", term.slug, term.english, -1, glossary_text(term), term.key])
    return {
        "blocks": rows,
        "docs": docs,
        "edition": edition.segment,
        "fold": fold.to_strings(),
        "format": FORMAT,
        "spec": {key: value for key, value in SPEC.items() if key != "about"},
        "ui": ui,
    }


def encode_index_file(payload: dict) -> bytes:
    """A script, not JSON: `file://` pages cannot fetch, but they can load a script. Sorted, no timestamps."""
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"LecternSearch.receive({body});\n".encode()


def decode_index_file(content: bytes) -> dict:
    text = content.decode("utf-8").strip()
    return json.loads(text[len("LecternSearch.receive("):-len(");")])


def build_payloads(editions: dict[Edition, list[Document]], terms: dict[Edition, list[Term]],
                   convert=None) -> dict[Edition, dict]:
    fold = fold_table(editions, terms)
    payloads = {}
    for edition, documents in editions.items():
        ui = {text: (convert(text) if convert and edition is Edition.HANT else text) for text in SEARCH_UI}
        payloads[edition] = build_payload(edition, documents, terms.get(edition, []), fold, ui)
    return payloads


def build_search_files(editions: dict[Edition, list[Document]], terms: dict[Edition, list[Term]],
                       convert=None) -> list[OutputFile]:
    """Per edition the index file `search/<edition>.js`; `convert` turns UI strings into Traditional."""
    return [OutputFile(index_path(edition), encode_index_file(payload))
            for edition, payload in build_payloads(editions, terms, convert).items()]
