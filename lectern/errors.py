"""Content problems as `path:line: message` records.

markdown-it-py never rejects input, so every check of ours reports through
these types; the CLI is the only place that prints them and chooses the exit code.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a content file; `line` and `column` are 1-based, 0 when not known or not useful.

    Printed the way compilers print it (`path:line:column`), so editors and terminals can jump there.
    """

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.column}" if self.column else f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class ContentError:
    """One problem a site editor can fix in a content file."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class ContentErrors(Exception):
    """Raised once, after a stage has collected every problem it can find."""

    def __init__(self, errors: list[ContentError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors

    def __reduce__(self):
        # Raised in the render processes too: it must cross the process boundary whole.
        return (ContentErrors, (self.errors,))


@dataclass
class Problems:
    """Collector that lets a stage keep going after the first problem, then fail before writing."""

    errors: list[ContentError] = field(default_factory=list)

    def add(self, path: str, line: int, message: str, column: int = 0) -> None:
        self.errors.append(ContentError(Location(path, line, column), message))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ContentErrors(
                sorted(self.errors, key=lambda e: (e.location.path, e.location.line, e.location.column))
            )
