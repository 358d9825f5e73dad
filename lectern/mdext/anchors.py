"""Core rule: stable ids for every paragraph, item and heading, plus self-links.

Ids come from numbers printed in the source (`105\\.` -> p105, `(c)` -> p105-c,
`(二)` -> p105-c-2, `三.`/`B.`/`4.` headings -> s3-b-4) or from an explicit
`{#id}` written in the source for unnumbered blocks, never from position or
wording, so a trainer's link survives edits elsewhere in the document.
The rule also checks numbering (repeats, gaps, order) and reports `path:line`.

A language version uses the original's numbers in its own script (`Numerals`): the Chinese
original numbers chapters 一. 二. and nested items (一) (二); the other official languages
print I. II. and (i) (ii). Both give the same ids (s2, p81-c-2), so an id is the alignment.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from ..errors import Problems
from ..model import Block, Heading

CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
NUMERALS = "一二三四五六七八九十"
PARAGRAPH_NUMBER = re.compile(r"^(\d+)\. ")
SECTION_HEADING = re.compile(r"^([A-Z])\. ")
SUBSECTION_HEADING = re.compile(r"^(\d+)\. ")


_CHINESE_NUMERAL = re.compile(r"^(?:[二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])$")


def chinese_numeral(text: str) -> int:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十一 -> 21 (enough for chapter and item numbers); ValueError otherwise."""
    if not _CHINESE_NUMERAL.match(text):
        raise ValueError(f"{text!r} is not a Chinese number from 一 to 九十九")
    if "十" not in text:
        return CHINESE_DIGITS[text]
    tens, _, units = text.partition("十")
    return (CHINESE_DIGITS[tens] if tens else 1) * 10 + (CHINESE_DIGITS[units] if units else 0)


_ROMAN = re.compile(r"^(?=[ivxlc])(c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def roman_numeral(text: str) -> int:
    """i -> 1, iv -> 4, xii -> 12 (lowercase or capitals, up to 399); ValueError otherwise."""
    lowered = text.lower()
    if not _ROMAN.match(lowered):
        raise ValueError(f"{text!r} is not a Roman number")
    total = 0
    for index, letter in enumerate(lowered):
        value = _ROMAN_VALUES[letter]
        following = _ROMAN_VALUES[lowered[index + 1]] if index + 1 < len(lowered) else 0
        total += -value if value < following else value
    return total


@dataclass(frozen=True)
class Numerals:
    """How one language prints chapter numbers and nested sub-item numbers."""

    chapter: re.Pattern
    """The start of a chapter heading, the number in group 1."""
    item: re.Pattern
    """The start of a sub-item, the marker in group 1 (a letter, or a nested number)."""
    value: Callable[[str], int]
    """A chapter or nested-item number's value; ValueError if it is not one."""
    what: str
    """The numbers' name in messages."""
    roman: bool = False
    """Nested items are (i), (ii): (i) after (h) is the letter i, and a capital-letter heading may be a
    section (### I.) as well as a chapter (## I.)."""


ZH_NUMERALS = Numerals(
    re.compile(rf"^([{NUMERALS}]+)\. "),
    re.compile(rf"^\(([a-z]|[{NUMERALS}]+)\) "),
    chinese_numeral,
    "a Chinese number from 一 to 九十九",
)
ROMAN_NUMERALS = Numerals(
    re.compile(r"^([IVXLC]+)\. "), re.compile(r"^\(([a-z]+)\) "), roman_numeral, "a Roman number", roman=True
)


def numerals_for(lang: str) -> Numerals:
    """Chinese numbers for the original; the other official languages' versions print Roman ones."""
    return ZH_NUMERALS if lang.startswith("zh") else ROMAN_NUMERALS


@dataclass
class ParseContext:
    """Side data of one parse, passed as env["lectern"]."""

    path: str
    body_line: int
    problems: Problems
    blocks: list[Block] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    footnotes: dict[str, str] = field(default_factory=dict)
    lang: str = "zh"
    """The language of the text: its numbers (Chinese or Roman) give the same ids."""

    @property
    def numerals(self) -> Numerals:
        return numerals_for(self.lang)

    def line_of(self, token: Token) -> int:
        return self.body_line + (token.map[0] if token.map else 0)


def anchors_plugin(md: MarkdownIt) -> None:
    """Register the anchors rule last, after text_join, so escaped `105\\.` is one text token."""
    md.core.ruler.push("lectern_anchors", _assign_anchors)


def plain_text(inline: Token) -> str:
    """The readable text of an inline token, without footnote markers or markup."""
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n" if child.type == "hardbreak" else "")
    return "".join(parts).strip()


@dataclass
class _Numbering:
    chapter: str = ""
    section: str = ""
    paragraph: int = 0
    paragraph_line: int = 0
    item: str = ""
    subitem: int = 0
    seen_ids: dict[str, int] = field(default_factory=dict)


def _assign_anchors(state: StateCore) -> None:
    context: ParseContext | None = state.env.get("lectern")
    if context is None:
        return
    numbering = _Numbering()
    tokens = state.tokens
    footnote_depth = 0
    list_depth = 0
    for index, token in enumerate(tokens):
        if token.type == "footnote_open":
            footnote_depth += 1
            label = token.meta["label"]
            context.footnotes[label] = _footnote_text(tokens, index)
            context.blocks.append(Block.of(f"fn{label}", None, "footnote", context.footnotes[label], 0))
        elif token.type == "footnote_close":
            footnote_depth -= 1
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            if list_depth == 0:
                _require_explicit_id(token, context, numbering, "list")
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif token.type == "fence":
            _require_explicit_id(token, context, numbering, "table")
        elif token.type == "heading_open":
            _heading(token, tokens[index + 1], context, numbering)
        elif token.type == "paragraph_open" and not footnote_depth and not list_depth:
            _paragraph(token, tokens[index + 1], context, numbering)


def _footnote_text(tokens: list[Token], start: int) -> str:
    parts = []
    for index in range(start, len(tokens)):  # indices, not a slice: a copy per note made many notes quadratic
        token = tokens[index]
        if token.type == "footnote_close":
            break
        if token.type == "inline":
            parts.append(plain_text(token))
    return " ".join(parts)


def _claim(anchor: str, token: Token, context: ParseContext, numbering: _Numbering) -> None:
    line = context.line_of(token)
    if anchor in numbering.seen_ids:
        context.problems.add(
            context.path, line, f"id {anchor!r} is used twice (first at line {numbering.seen_ids[anchor]})"
        )
    numbering.seen_ids.setdefault(anchor, line)
    token.attrSet("id", anchor)


def _require_explicit_id(token: Token, context: ParseContext, numbering: _Numbering, what: str) -> str | None:
    anchor = token.attrGet("id")
    if not anchor:
        context.problems.add(
            context.path,
            context.line_of(token),
            f"this {what} has no number and no id; add a line {{#some-id}} just above it",
        )
        return None
    _claim(str(anchor), token, context, numbering)
    return str(anchor)


def _heading(token: Token, inline: Token, context: ParseContext, numbering: _Numbering) -> None:
    text = inline.content
    explicit = token.attrGet("id")
    numerals = context.numerals
    chapter = numerals.chapter.match(text)
    if chapter and numerals.roman and token.tag != "h2" and SECTION_HEADING.match(text) and numbering.chapter:
        chapter = None  # `### I.` under a chapter is section I, not chapter 1
    if chapter and not _is_number(chapter.group(1), numerals):
        context.problems.add(
            context.path,
            context.line_of(token),
            f"chapter number {chapter.group(1)!r} is not {numerals.what}",
        )
        return
    if chapter:
        numbering.chapter, numbering.section = str(numerals.value(chapter.group(1))), ""
        anchor = f"s{numbering.chapter}"
    elif (match := SECTION_HEADING.match(text)) and numbering.chapter:
        numbering.section = match.group(1).lower()
        anchor = f"s{numbering.chapter}-{numbering.section}"
    elif (match := SUBSECTION_HEADING.match(text)) and numbering.chapter:
        anchor = "-".join(part for part in ("s" + numbering.chapter, numbering.section, match.group(1)) if part)
    else:
        anchor = None
    anchor = str(explicit) if explicit else anchor
    if anchor is None:
        _require_explicit_id(token, context, numbering, "heading")
        return
    _claim(anchor, token, context, numbering)
    heading_text = plain_text(inline)
    level = int(token.tag[1])
    context.headings.append(Heading(anchor, level, heading_text))
    context.blocks.append(Block.of(anchor, None, "heading", heading_text, context.line_of(token)))
    inline.children = (inline.children or []) + _self_link(anchor, "#", "heading-anchor", hidden=True)


def _paragraph(token: Token, inline: Token, context: ParseContext, numbering: _Numbering) -> None:
    first = inline.children[0] if inline.children else None
    text = first.content if first is not None and first.type == "text" else ""
    line = context.line_of(token)
    if match := PARAGRAPH_NUMBER.match(text):
        number = int(match.group(1))
        _check_sequence(number, line, context, numbering)
        numbering.paragraph, numbering.paragraph_line, numbering.item, numbering.subitem = number, line, "", 0
        anchor = f"p{number}"
        _claim(anchor, token, context, numbering)
        token.attrJoin("class", "para")
        token.attrSet("data-cite", str(number))
        _replace_marker(inline, match.group(0), f"{number}.", anchor, "pnum")
        context.blocks.append(
            Block.of(anchor, str(number), "paragraph", plain_text(inline)[len(f"{number}.") :].strip(), line)
        )
        return
    if (match := context.numerals.item.match(text)) and numbering.paragraph:
        marker = match.group(1)
        nested, problem = _item_out_of_sequence(marker, numbering, context.numerals)
        if problem:
            context.problems.add(context.path, line, problem)
            return
        if not nested:
            numbering.item = marker
            anchor = f"p{numbering.paragraph}-{marker}"
            cited = f"{numbering.paragraph}({marker})"
            level = 1
        else:
            parts = [f"p{numbering.paragraph}", numbering.item, str(numbering.subitem)]
            anchor = "-".join(part for part in parts if part)
            cited = f"{numbering.paragraph}" + (f"({numbering.item})" if numbering.item else "") + f"({marker})"
            level = 2
        _claim(anchor, token, context, numbering)
        token.attrJoin("class", f"item item-{level}")
        token.attrSet("data-cite", cited)
        _replace_marker(inline, match.group(0), f"({marker})", anchor, "inum")
        body = plain_text(inline)[len(marker) + 2 :].strip()
        context.blocks.append(Block.of(anchor, cited, "item", body, line))
        return
    explicit = _require_explicit_id(token, context, numbering, "paragraph")
    if explicit:
        context.blocks.append(Block.of(explicit, None, "block", plain_text(inline), line))


def _is_number(text: str, numerals: Numerals) -> bool:
    try:
        numerals.value(text)
    except ValueError:
        return False
    return True


def _item_out_of_sequence(marker: str, numbering: _Numbering, numerals: Numerals) -> tuple[bool, str | None]:
    """(whether the marker is a nested number, what is wrong with it or None).

    Sub-items go (a), (b), (c)… in a paragraph and (一), (二)… or (i), (ii)… under an item; a
    skipped one is a lost one. In Roman numbering a marker that is both a letter and a number is
    a number only when it is the next number and not the expected letter, or when nested numbers
    have begun: (i) after (h) is the letter i, (i) after (b) is number 1, (v) after (iv) is 5,
    (c) after (a) is a skipped letter."""
    expected = chr(ord(numbering.item) + 1) if numbering.item else "a"
    letter = len(marker) == 1 and marker.isascii() and marker.isalpha()
    number = _is_number(marker, numerals)
    if numerals.roman and letter and number:
        next_number = number and numerals.value(marker) == numbering.subitem + 1
        number = next_number and (numbering.subitem > 0 or marker != expected)
        letter = not number
    if letter:
        if marker != expected:
            return False, (
                f"sub-item ({marker}) of paragraph {numbering.paragraph} follows "
                + (f"({numbering.item})" if numbering.item else "the paragraph itself")
                + f": expected ({expected})"
            )
        numbering.item, numbering.subitem = marker, 0
        return False, None
    if not number:
        return True, f"sub-item ({marker}) is not {numerals.what}"
    value = numerals.value(marker)
    if value != numbering.subitem + 1:
        return True, (
            f"sub-item ({marker}) of paragraph {numbering.paragraph}"
            + (f"({numbering.item})" if numbering.item else "")
            + f" is out of order: expected number {numbering.subitem + 1}"
        )
    numbering.subitem = value
    return True, None


def _check_sequence(number: int, line: int, context: ParseContext, numbering: _Numbering) -> None:
    expected = numbering.paragraph + 1
    if number == 0:
        context.problems.add(context.path, line, "paragraph 0: printed paragraphs are numbered from 1")
        return
    if number == expected:
        return
    if context.numerals.roman and number > expected:
        return  # a language version that lacks paragraphs: the alignment check warns, the page shows a notice
    if number == numbering.paragraph:
        problem = f"paragraph {number} is repeated: it is also at line {numbering.paragraph_line}"
    elif number < numbering.paragraph:
        problem = f"paragraph {number} is out of order: it follows paragraph {numbering.paragraph} (line {numbering.paragraph_line})"
    else:
        missing = f"paragraph {expected} is" if number == expected + 1 else f"paragraphs {expected}–{number - 1} are"
        problem = f"paragraph numbers jump from {numbering.paragraph} to {number}: {missing} missing"
    context.problems.add(context.path, line, problem)


def _replace_marker(inline: Token, marker: str, label: str, anchor: str, css_class: str) -> None:
    """Turn the printed number into a link to its own anchor, keeping the rest of the text."""
    children = inline.children or []  # never empty here: the marker was read from the first child
    first = children[0]
    first.content = first.content[len(marker) - 1 :]  # keep the space after the marker
    children[0:0] = _self_link(anchor, label, css_class)


def _self_link(anchor: str, label: str, css_class: str, *, hidden: bool = False) -> list[Token]:
    link_open = Token("link_open", "a", 1)
    link_open.attrSet("class", css_class)
    link_open.attrSet("href", f"#{anchor}")
    if hidden:
        link_open.attrSet("aria-hidden", "true")
        link_open.attrSet("tabindex", "-1")
    text = Token("text", "", 0)
    text.content = label
    return [link_open, text, Token("link_close", "a", -1)]
