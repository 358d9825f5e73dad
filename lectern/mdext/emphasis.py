"""Emphasis next to Chinese punctuation: `**观念。**刚刚` is bold, as the writer meant.

CommonMark decides whether `**` may open or close from the characters on either side. A run
of `*` with punctuation inside and a letter outside (`。**刚`) is not "right-flanking", so it
cannot close, and the asterisks are printed. That rule assumes spaces between words, which
Chinese does not have. This plugin follows the CJK-friendly amendment to CommonMark (the
markdown-it-cjk-friendly plugin by tats-u): when the character before or after a run of `*`
is CJK (East Asian Width Wide, Fullwidth or Halfwidth, not an emoji), the punctuation
condition is waived. Everything else is CommonMark's rule unchanged: a run next to
whitespace, every run of `_`, and runs with no CJK character beside them are scanned as
before, so emphasis elsewhere cannot change.

markdown-it-py builds its inline state class directly, so the amendment replaces the
`emphasis` tokenize rule (same delimiters, same post-processing) instead of the state.
"""

from __future__ import annotations

import unicodedata

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline.state_inline import Delimiter, StateInline

# Wide characters that are emoji, not writing (East Asian Width W, Emoji_Presentation).
_EMOJI_RANGES = (
    (0x231A, 0x231B),
    (0x23E9, 0x23F3),
    (0x25FD, 0x25FE),
    (0x2614, 0x2615),
    (0x2648, 0x2653),
    (0x267F, 0x267F),
    (0x2693, 0x2693),
    (0x26A1, 0x26A1),
    (0x26AA, 0x26FD),
    (0x2705, 0x2705),
    (0x270A, 0x270B),
    (0x2728, 0x2728),
    (0x274C, 0x274E),
    (0x2753, 0x2757),
    (0x2795, 0x27BF),
    (0x2B1B, 0x2B55),
    (0x1F000, 0x1FAFF),
)


def is_cjk(char: str) -> bool:
    """A Chinese, Japanese or Korean character or punctuation mark, by its East Asian Width."""
    code = ord(char)
    if code < 0x1100:
        return False
    width = unicodedata.east_asian_width(char)
    if width in ("F", "H"):
        return True
    if width == "W":
        return not any(low <= code <= high for low, high in _EMOJI_RANGES)
    if width == "N":  # conjoining Hangul jamo
        return unicodedata.name(char, "").startswith("HANGUL")
    return False  # Ambiguous (“ ” …) and Narrow: decided by the character on the other side


def scan_delimiters(state: StateInline, start: int, can_split_word: bool) -> tuple[bool, bool, int]:
    """(can_open, can_close, length) of the run of markers at `start`, CJK-friendly for `*`."""
    src, maximum = state.src, state.posMax
    marker = src[start]
    last = src[start - 1] if start > 0 else " "  # start of the line counts as whitespace
    position = start
    while position < maximum and src[position] == marker:
        position += 1
    following = src[position] if position < maximum else " "  # so does its end
    last_space, next_space = isWhiteSpace(ord(last)), isWhiteSpace(ord(following))
    if last_space or next_space:
        return not next_space, not last_space, position - start
    last_punct = isMdAsciiPunct(ord(last)) or isPunctChar(last)
    next_punct = isMdAsciiPunct(ord(following)) or isPunctChar(following)
    left_flanking, right_flanking = last_punct, next_punct  # `_`: only punctuation lets it open or close mid-text
    if can_split_word:
        beside_cjk = is_cjk(following) or is_cjk(last)
        left_flanking = left_flanking or beside_cjk or not next_punct
        right_flanking = right_flanking or beside_cjk or not last_punct
    return left_flanking, right_flanking, position - start


def tokenize(state: StateInline, silent: bool) -> bool:
    """markdown-it's emphasis tokenizer with the CJK-friendly scan: each marker a text token and a delimiter."""
    marker = state.src[state.pos]
    if silent or marker not in ("_", "*"):
        return False
    can_open, can_close, length = scan_delimiters(state, state.pos, marker == "*")
    for _ in range(length):
        token = state.push("text", "", 0)
        token.content = marker
        state.delimiters.append(
            Delimiter(
                marker=ord(marker), length=length, token=len(state.tokens) - 1, end=-1, open=can_open, close=can_close
            )
        )
    state.pos += length
    return True


def cjk_emphasis_plugin(md: MarkdownIt) -> None:
    """Replace the emphasis tokenizer; its post-processing (pairing, <em>/<strong>) stays markdown-it's."""
    md.inline.ruler.at("emphasis", tokenize)
