"""Simplified -> Traditional: OpenCC s2tw plus a reviewed override list.

A faithful character conversion, not a localisation: vocabulary stays as written.
OpenCC alone misreads proper nouns (马里 -> 馬裡) and phrase matches across word
boundaries (资源并发挥 -> 併發); `content/conversion-overrides.tsv` fixes those
through OpenCC's own mechanism, a text dictionary placed first in a copy of the
configuration. The Traditional edition is a pass over a copy of the tokens, so ids
and hrefs are untouched and both editions have the same anchors by construction.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from pathlib import Path

import opencc
from markdown_it.token import Token

from .errors import Problems
from .model import Block, Document, Heading, Term
from .phrases import PhraseMemo
from .textfile import read_text

BASE_CONFIG = "s2tw.json"
_SHARE = Path(opencc.__file__).parent / "clib" / "share" / "opencc"


def read_overrides(path: Path, problems: Problems) -> list[tuple[str, str, int]]:
    """(simplified, traditional, line) triples; comment lines and the reason column are dropped."""
    overrides: list[tuple[str, str, int]] = []
    if not path.exists() and not path.is_symlink():
        return overrides
    text = read_text(path, problems, what="overrides file")
    if text is None:
        return overrides
    seen: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        columns = line.split("\t")
        if len(columns) < 2 or not columns[0].strip() or not columns[1].strip():
            problems.add(str(path), number, "an override needs 'simplified<TAB>traditional'")
            continue
        simplified, traditional = columns[0].strip(), columns[1].strip()
        if simplified in seen:
            problems.add(str(path), number, f"override {simplified!r} repeats line {seen[simplified]}")
            continue
        seen[simplified] = number
        overrides.append((simplified, traditional, number))
    return overrides


_SHARED: dict[tuple[tuple[str, str], ...], opencc.OpenCC] = {}
"""OpenCC made before this process was forked (warm.py in the fork server), by the overrides it has."""


def share_opencc(overrides: list[tuple[str, str, int]]) -> None:
    """Make the OpenCC of these overrides now, for the Converters of this process and of those forked from it:
    forked processes share its dictionaries' memory with this one as long as nobody writes to it (converting
    only reads it)."""
    _SHARED[_overrides_key(overrides)] = open_opencc(overrides)


def open_opencc(overrides: list[tuple[str, str, int]]) -> opencc.OpenCC:
    """OpenCC s2tw with the overrides as a text dictionary placed first.

    OpenCC reads its configuration and every dictionary when it is made, so the folder holding them is
    removed at once. (It used to live as long as the Converter; a pool's workers end with os._exit, which
    runs no finaliser, and every build left a folder per worker in the temporary directory.)"""
    with tempfile.TemporaryDirectory(prefix="lectern-opencc-") as folder:
        return opencc.OpenCC(str(_write_config(Path(folder), overrides)))


def _write_config(folder: Path, overrides: list[tuple[str, str, int]]) -> Path:
    config = json.loads((_SHARE / BASE_CONFIG).read_text(encoding="utf-8"))
    _absolutise(config)
    if overrides:
        dictionary = folder / "lectern-overrides.txt"
        dictionary.write_text("".join(f"{s}\t{t}\n" for s, t, _ in sorted(overrides)), encoding="utf-8")
        user = {"type": "text", "file": str(dictionary)}
        config["segmentation"]["dict"]["dicts"].insert(0, user)
        config["conversion_chain"][0]["dict"]["dicts"].insert(0, user)
    path = folder / "lectern-s2tw.json"
    path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    return path


def _overrides_key(overrides: list[tuple[str, str, int]]) -> tuple[tuple[str, str], ...]:
    return tuple((simplified, traditional) for simplified, traditional, _ in overrides)


CACHE_ENTRIES = 50_000
"""Converted texts a Converter remembers (titles, terms and the words of the pages repeat; the text of a
library does not, and memory must not grow with it)."""


class Converter:
    """OpenCC with the reviewed overrides first; one instance serves a whole build."""

    def __init__(self, overrides: list[tuple[str, str, int]]):
        self.overrides = overrides
        self._opencc: opencc.OpenCC | None = None
        """Made on the first conversion (or shared, see share_opencc): its dictionaries take about 40 MiB,
        and a build's main process converts nothing (the workers do)."""
        self._cache: dict[str, str] = {}

    def convert(self, text: str) -> str:
        if not text:
            return text
        result = self._cache.get(text)
        if result is None:
            if len(self._cache) >= CACHE_ENTRIES:  # a worker converts a whole library in its life
                self._cache.clear()
            if self._opencc is None:
                self._opencc = _SHARED.get(_overrides_key(self.overrides)) or open_opencc(self.overrides)
            result = self._cache[text] = self._opencc.convert(text)
        return result

    def unused_overrides(self, texts: list[str]) -> list[tuple[str, str, int]]:
        """Overrides whose phrase occurs in none of the texts: stale entries to remove."""
        used = _OVERRIDES_USED.found((entry[0] for entry in self.overrides), texts)
        return [entry for entry in self.overrides if entry[0] not in used]


_OVERRIDES_USED = PhraseMemo()
"""The overrides' phrases found in each content text (unused_overrides), for serve's next build."""


def _absolutise(node) -> None:
    if isinstance(node, dict):
        if node.get("type") == "ocd2":
            node["file"] = str(_SHARE / node["file"])
        for value in node.values():
            _absolutise(value)
    elif isinstance(node, list):
        for value in node:
            _absolutise(value)


def to_traditional(document: Document, converter: Converter, take_tokens: bool = False) -> Document:
    """A Traditional copy of the document; the Simplified one is left as it was, or with `take_tokens` left
    without tokens: the copy converts the document's own tokens instead of copies of them (a unit that has
    rendered the Simplified pages and reads the tokens no more)."""
    if take_tokens:
        tokens, document.tokens = document.tokens, []
    else:
        tokens = [_copy_token(token) for token in document.tokens]
    for token in tokens:
        if token.type == "inline":
            _convert_inline(token, converter)
        elif token.type == "fence":
            token.content = converter.convert(token.content)
    meta = document.meta
    meta = dataclasses.replace(
        meta,
        title_zh=converter.convert(meta.title_zh),
        short_title_zh=converter.convert(meta.short_title_zh),
        body=converter.convert(meta.body),
        session=converter.convert(meta.session),
        agenda=converter.convert(meta.agenda),
        title_page=tuple(converter.convert(line) for line in meta.title_page),
        notes=tuple(converter.convert(line) for line in meta.notes),
    )
    return Document(
        meta=meta,
        path=document.path,
        tokens=tokens,
        blocks=[_traditional_block(block, converter) for block in document.blocks],
        headings=[Heading(h.anchor, h.level, converter.convert(h.text)) for h in document.headings],
        footnotes={label: converter.convert(text) for label, text in document.footnotes.items()},
        terms_used=list(document.terms_used),
        translations=list(document.translations),
    )


TOKEN_FIELDS = (
    "type",
    "tag",
    "nesting",
    "attrs",
    "map",
    "level",
    "children",
    "content",
    "markup",
    "info",
    "meta",
    "block",
    "hidden",
)
"""markdown-it-py's Token fields in order, each of which `_copy_token` sets (tests/test_convert.py checks them)."""


def _copy_token(token: Token) -> Token:
    """A copy deep enough for conversion: new text, attrs and children; meta objects are shared (immutable).

    Made slot by slot on a bare instance: copy.deepcopy of the token tree took most of the build time,
    copy.copy of a slotted dataclass still six times what this takes, and the constructor half as much again
    (a call more, and its __post_init__ replaces an empty attrs dict by another new one: two dicts a token
    where one does). Every field of TOKEN_FIELDS is set; one left out would be an AttributeError when read.
    """
    copy = _bare_token(Token)
    copy.type = token.type
    copy.tag = token.tag
    copy.nesting = token.nesting
    attrs = token.attrs
    copy.attrs = dict(attrs) if attrs else {}
    copy.map = token.map
    copy.level = token.level
    children = token.children
    copy.children = None if children is None else [_copy_token(child) for child in children]
    copy.content = token.content
    copy.markup = token.markup
    copy.info = token.info
    meta = token.meta
    copy.meta = dict(meta) if meta else {}
    copy.block = token.block
    copy.hidden = token.hidden
    return copy


_bare_token = Token.__new__


def _convert_number(number: str | None, converter: Converter) -> str | None:
    return converter.convert(number) if number else number


BLOCK_FIELDS = ("anchor", "number", "kind", "text", "line")
"""Block's fields in order, as `_traditional_block` passes them (tests/test_convert.py checks them)."""


def _traditional_block(block: Block, converter: Converter) -> Block:
    """The block with its text and number converted: dataclasses.replace by hand, as it looks the fields up
    on every call and takes three times the constructor (a document has a block per paragraph, item, heading
    and footnote)."""
    return Block(
        block.anchor, _convert_number(block.number, converter), block.kind, converter.convert(block.text), block.line
    )


def _convert_inline(token, converter: Converter) -> None:
    """Convert the text children as one string, so a phrase split by markup is still seen whole.

    OpenCC's s2tw maps character for character, so the result is cut back at the same
    offsets; if a dictionary entry ever changed the length, fall back to per-token.
    """
    convert = converter.convert
    token.content = convert(token.content)
    texts = [child for child in token.children or () if child.type == "text"]
    if not texts:
        return
    if len(texts) == 1:  # the whole is the text itself
        texts[0].content = convert(texts[0].content)
        return
    contents = [child.content for child in texts]
    joined = "".join(contents)
    whole = convert(joined)
    if len(whole) != len(joined):
        for child, content in zip(texts, contents):
            child.content = convert(content)
        return
    offset = 0
    for child, content in zip(texts, contents):
        end = offset + len(content)
        child.content = whole[offset:end]
        offset = end


def term_to_traditional(term: Term, converter: Converter) -> Term:
    """The Traditional form of an entry: its own `traditional` field, else the same conversion as the text."""
    return dataclasses.replace(
        term,
        key=term.traditional or converter.convert(term.key),
        aliases=tuple(converter.convert(alias) for alias in term.aliases),
        related=tuple(converter.convert(related) for related in term.related),
        definition_zh=converter.convert(term.definition_zh),
        full_name=converter.convert(term.full_name) if term.full_name else None,
    )


@dataclasses.dataclass(frozen=True)
class Divergence:
    """A word that converts one way alone and another way in its sentence: a phrase match that
    crossed the word's edge (在核准 -> 在核準 while 核准 alone stays 核准)."""

    word: str
    alone: str
    """The word converted on its own."""
    in_context: str
    """The same characters as converted within the whole text."""
    context: str
    """The Simplified text around the word, for the reviewer."""
    where: str


def find_divergences(converter: Converter, texts: list[tuple[str, str]]) -> list[Divergence]:
    """Every word of every (where, text) whose conversion in context differs from its conversion alone.

    The texts are segmented into words with jieba (a review tool: only `scripts/review_traditional.py`
    and the tests call this, never the build). OpenCC segments greedily by its own phrase tables, so a
    phrase can hide a word whatever character precedes it; comparing each word with itself alone
    finds every such place, not only the ones a reviewer thought to look for.
    """
    import logging

    import jieba  # type: ignore[import-untyped]

    jieba.setLogLevel(logging.WARNING)
    found: list[Divergence] = []
    for where, text in texts:
        whole = converter.convert(text)
        if len(whole) != len(text):  # no s2tw entry changes length; if one ever does, compare by word
            whole = "".join(converter.convert(word) for word in jieba.cut(text, HMM=False))
        offset = 0
        for word in jieba.cut(text, HMM=False):
            end = offset + len(word)
            alone, in_context = converter.convert(word), whole[offset:end]
            if alone != in_context:
                found.append(Divergence(word, alone, in_context, text[max(0, offset - 6) : end + 6], where))
            offset = end
    return found
