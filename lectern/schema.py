"""Declared schemas for what editors write in YAML: front matter, glossary entries, table options.

Each field names its kind once; `validate` checks a mapping against its schema and reports every
problem through one callback, so a new field cannot be read without being declared, and no value
reaches the code untyped. Model: MkDocs' `config_options`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""Document slugs and term slugs: lowercase ASCII letters and digits with inner hyphens (they are URLs)."""
RESERVED_SLUGS = frozenset(
    {
        "index",
        "assets",
        "search",
        "glossary",
        "register",
        "recommendations",
        "zh-hans",
        "zh-hant",
        "paragraphs",
        "terms",
    }
)
"""Names the site itself uses beside documents and terms."""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")

Check = Callable[[object], str | None]
"""Returns what is wrong with a value, or None."""


@dataclass(frozen=True)
class Field:
    check: Check
    required: bool = False


def text(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return f"must be text, not {_kind(value)}"
    if isinstance(value, float) and value != value or value in (float("inf"), float("-inf")):
        return f"must be text, not the number {value} (quote it if you mean the letters)"
    if not str(value).strip():
        return "is empty"
    if match := _CONTROL.search(str(value)):
        return f"holds the control character U+{ord(match.group(0)):04X}; remove it"
    if surrogate := next((c for c in str(value) if "\ud800" <= c <= "\udfff"), None):
        return f"holds U+{ord(surrogate):04X}, half of a surrogate pair; write the character itself"
    return None


def text_list(value: object) -> str | None:
    if isinstance(value, str):
        return f"must be a list such as [{value}] (one item per line with '- '), not a single text"
    if not isinstance(value, list):
        return f"must be a list of texts, not {_kind(value)}"
    for item in value:
        if problem := text(item):
            return f"has an item that {problem}"
    return None


def slug(value: object) -> str | None:
    if not isinstance(value, str):
        return f"{value!r} must be text (quote it): lowercase ASCII letters, digits and hyphens, not {_kind(value)}"
    if not SLUG.match(value):
        return f"{value!r} must be lowercase ASCII letters, digits and hyphens (no other characters, no hyphen at either end)"
    if value in RESERVED_SLUGS:
        return f"{value!r} is a name the site uses itself; choose another"
    return None


def date(value: object) -> str | None:
    if isinstance(value, datetime.date):
        return None
    if isinstance(value, int) and 1000 <= value <= 9999:
        return None
    if isinstance(value, str) and _DATE.match(value):
        try:
            if len(value) == 10:
                datetime.date.fromisoformat(value)
            return None
        except ValueError:
            pass
    return f"{value!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"


def pattern(regex: re.Pattern, what: str) -> Check:
    def check(value: object) -> str | None:
        if not isinstance(value, str) or not regex.match(value):
            return f"{value!r} is not {what}"
        return None

    return check


def whole_number(minimum: int = 0) -> Check:
    def check(value: object) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, str) and value.isdigit():
                value = int(value)
            else:
                return f"{value!r} must be a whole number"
        if value < minimum:
            return f"{value} must be {minimum} or more"
        return None

    return check


def flag(value: object) -> str | None:
    return None if isinstance(value, bool) else f"must be true or false, not {value!r}"


def mapping(schema: dict[str, Field]) -> Check:
    def check(value: object) -> str | None:
        if not isinstance(value, dict):
            return f"must be a mapping such as {{{', '.join(f'{key}: …' for key in schema)}}}, not {_kind(value)}"
        problems: list[str] = []
        validate(value, schema, lambda key, message: problems.append(f"{key} {message}"))
        return "; ".join(problems) or None

    return check


def optional(check: Check) -> Check:
    """A field that may be written as null (YAML's `~` or nothing) to mean 'not given'."""
    return lambda value: None if value is None else check(value)


def validate(data: dict, schema: dict[str, Field], report: Callable[[str, str], None]) -> bool:
    """Report unknown fields, missing required ones and values of the wrong kind; True if all is well."""
    ok = True
    for key in data:
        if key not in schema:
            known = ", ".join(schema)
            report(str(key), f"is not a known field (known: {known})")
            ok = False
    for key, field in schema.items():
        if key not in data or data[key] is None or data[key] == "":
            if field.required:
                report(key, "is required")
                ok = False
            continue
        problem = field.check(data[key])
        if problem:
            report(key, problem)
            ok = False
    return ok


def _kind(value: object) -> str:
    return {dict: "a mapping", list: "a list", bool: "true/false", type(None): "nothing"}.get(
        type(value), type(value).__name__
    )
