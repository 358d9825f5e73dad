"""Reading an editor's text file: UTF-8 without BOM, a real file, no control characters.

Content documents, the glossary and the overrides file are all written by hand; each problem is
reported as `path:line[:column]: message` in the same words wherever it happens.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import Problems

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\ufffe\uffff]")
"""Characters no page can show: C0 controls but tab and line ends, DEL, line/paragraph separators, non-characters."""


def read_text(path: Path, problems: Problems, display: str | None = None, *, what: str = "file") -> str | None:
    """The file's text, or None after reporting why it cannot be read."""
    name = display or str(path)
    if path.is_symlink() and not path.exists():
        problems.add(name, 0, f"is a symbolic link to {path.readlink()}, which does not exist")
        return None
    if path.is_dir():
        problems.add(name, 0, f"is a folder, not a {what}; rename it or move it out of the content folder")
        return None
    try:
        raw = path.read_bytes()
    except OSError as error:
        problems.add(name, 0, f"cannot be read ({error.strerror})")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.add(name, 1, "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        column = len(raw[line_start : error.start].decode("utf-8", errors="replace")) + 1
        problems.add(
            name,
            raw[: error.start].count(b"\n") + 1,
            f"invalid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8",
            column,
        )
        return None
    return text


def control_character(text: str, first_line: int = 1) -> tuple[int, int, str] | None:
    """(line, column, message) of the first control character in `text`, whose first line is `first_line`."""
    match = CONTROL.search(text)
    if match is None:
        return None
    before = text[: match.start()]
    return (
        first_line + before.count("\n"),
        match.start() - before.rfind("\n"),
        f"control character U+{ord(match.group(0)):04X} is not allowed in the text; delete it",
    )
