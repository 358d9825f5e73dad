"""What the importers share: the record of an import, footnote-mark stand-ins and Markdown escaping.

`importer` (the Chinese original) and `importer_en` (a language version) read different exports
but write the same Markdown: printed text escaped so it reads as printed, footnote marks as
`[^label]`, and a report of what was joined, moved, dropped and could not be placed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Footnote marks stand in the text as MARK_OPEN label MARK_CLOSE until the Markdown is written.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
MARK = re.compile(f"{MARK_OPEN}([^{MARK_CLOSE}]*){MARK_CLOSE}")
BOLD = re.compile(r"\*\*([^*\s](?:[^*]*[^*\s])?)\*\*")
AUTOLINK = re.compile(r"<(https?://[^\s<>\ue000\ue001]+)>")


@dataclass
class ImportResult:
    """The Markdown plus a record of everything the importer did that a reviewer should check.

    Each record is (source line, message). `problems` are what it could not place: the Markdown
    holds that text somewhere, but probably not where it belongs.
    """

    markdown: str
    removed: list[str]  # page furniture dropped, one printed line each
    joined: list[tuple[int, str]] = field(default_factory=list)
    moved: list[tuple[int, str]] = field(default_factory=list)
    dropped: list[tuple[int, str]] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)

    def problem_lines(self, path: str) -> list[str]:
        return [f"{path}:{line}: {message}" for line, message in sorted(self.problems)]

    def summary(self) -> list[str]:
        """What the importer joined, moved and dropped, for the person reviewing the file."""
        out = []
        for title, records in (("Joined", self.joined), ("Moved", self.moved), ("Dropped", self.dropped)):
            out.append(f"{title} ({len(records)}):")
            out.extend(f"  line {line}: {message}" for line, message in sorted(records))
        out.append(f"Could not place ({len(self.problems)})" + (":" if self.problems else "."))
        return out


INLINE_KEPT = re.compile(f"{MARK.pattern}|{AUTOLINK.pattern}|{BOLD.pattern}")
ALWAYS_ESCAPED = set("\\`*[]<>&#^")  # `^[…]` is an inline footnote
LINE_START = re.compile(r"^(?:[-+=>#{~|]|\d+[.)])")


def escape_inline(text: str) -> str:
    """Write printed text so that Markdown shows it as printed.

    Kept as Markdown: footnote marks, the export's `<https://…>` links and `**bold**` (with
    punctuation at its ends moved outside, where CommonMark can still close it). Every other
    character that Markdown reads as syntax is escaped.
    """
    out: list[str] = []
    position = 0
    for match in INLINE_KEPT.finditer(text):
        out.append(_after_mark(_escape_plain(text[position : match.start()], text, position), out))
        if match.group(1) is not None:
            out.append(f"[^{match.group(1)}]")
        elif match.group(2) is not None:
            out.append(match.group(0))
        else:
            inner = match.group(3)
            lead, end = 0, len(inner)
            while lead < end and _is_punct(inner[lead]):
                lead += 1
            while end > lead and _is_punct(inner[end - 1]):
                end -= 1
            core = inner[lead:end]
            if not core or core != core.strip():
                out.append("\\*\\*" + escape_inline(inner) + "\\*\\*")
            else:
                out.append(
                    _escape_plain(inner[:lead], inner, 0)
                    + "**"
                    + escape_inline(core)
                    + "**"
                    + _escape_plain(inner[end:], inner, end)
                )
        position = match.end()
    out.append(_after_mark(_escape_plain(text[position:], text, position), out))
    return "".join(out)


def _after_mark(part: str, written: list[str]) -> str:
    """`[^1](` would be read as a link and `[^1]:` at a line start as a definition: escape the char."""
    if part[:1] in ("(", ":") and written and written[-1].startswith("[^") and written[-1].endswith("]"):
        return "\\" + part
    return part


def _is_punct(char: str) -> bool:
    return unicodedata.category(char).startswith(("P", "S")) and char != MARK_OPEN


def _escape_plain(part: str, whole: str, offset: int) -> str:
    out = []
    for index, char in enumerate(part):
        at = offset + index
        if char in ALWAYS_ESCAPED:
            out.append("\\" + char)
        elif char == "_":
            # A run of underscores inside a word (ucdp_prio) cannot emphasise; anything else may.
            start, end = at, at + 1
            while start and whole[start - 1] == "_":
                start -= 1
            while end < len(whole) and whole[end] == "_":
                end += 1
            inside = start and end < len(whole) and whole[start - 1].isalnum() and whole[end].isalnum()
            out.append("_" if inside else "\\_")
        else:
            out.append(char)
    return "".join(out)


def escape_block(text: str) -> str:
    """A block's text at the start of a line: also escape what would start a list, quote, heading or id."""
    text = escape_inline(text.lstrip())  # leading spaces would make an indented code block
    if match := LINE_START.match(text):
        marker = match.group(0)
        text = (marker[:-1] + "\\" + marker[-1] if marker[0].isdigit() else "\\" + marker) + text[len(marker) :]
    return text
