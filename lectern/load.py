"""Read content files and validate their front matter.

This is the only stage that touches the content folder. It reports every problem
as `path:line: message` and lets later stages trust what they are given.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import yaml

from .errors import Problems
from .model import DocumentMeta, Source
from .yamlerrors import yaml_problem

REQUIRED_FIELDS = ("slug", "title_zh", "title_en", "date", "source")
OPTIONAL_FIELDS = (
    "short_title_zh", "short_title_en", "symbol", "body", "body_en", "session", "session_en",
    "agenda", "title_page", "notes", "other_symbols", "symbol_source", "recommendations_in_text",
)
RECOMMENDATION_KINDS = ("recommends", "calls")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SYMBOL = re.compile(r"^[A-Z]+(?:/[A-Za-z0-9.()-]+)+$")


def load_sources(content_dir: Path, problems: Problems) -> list[Source]:
    """Load every `*.md` file of the content folder, in file-name order (deterministic output)."""
    paths = sorted(content_dir.glob("*.md"))
    if not paths:
        problems.add(str(content_dir), 0, "no documents found (expected *.md files with front matter)")
        return []
    sources = []
    for path in paths:
        source = load_source(path, problems, display=_display_path(path))
        if source is not None:
            sources.append(source)
    seen: dict[str, str] = {}
    for source in sources:
        if source.meta.slug in seen:
            problems.add(source.path, source.field_lines.get("slug", 1), f"duplicate slug {source.meta.slug!r} (also used by {seen[source.meta.slug]})")
        seen.setdefault(source.meta.slug, source.path)
    return sources


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_source(path: Path, problems: Problems, *, display: str | None = None) -> Source | None:
    """Read one file; on any problem record it and return None."""
    name = display or str(path)
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.add(name, 1, "file starts with a byte-order mark; save it as UTF-8 without BOM")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        column = len(raw[line_start:error.start].decode("utf-8", errors="replace")) + 1
        problems.add(name, raw[: error.start].count(b"\n") + 1,
                     f"invalid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8", column)
        return None
    return parse_source(text, name, problems)


def parse_source(text: str, name: str, problems: Problems) -> Source | None:
    """Split `---` front matter from the body and validate it."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.add(name, 1, "missing front matter: the file must start with a line '---'")
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        problems.add(name, 1, "front matter is not closed: add a line '---' after the metadata")
        return None
    front = "\n".join(lines[1:end])
    try:
        data = yaml.load(front, Loader=_StrictLoader) or {}
    except yaml.YAMLError as error:
        line, column, problem = yaml_problem(error, front)
        problems.add(name, line + 1, f"malformed front matter: {problem}", column)
        return None
    if not isinstance(data, dict):
        problems.add(name, 2, "front matter must be a mapping of field: value")
        return None
    meta = _validate_meta(data, name, lines[1:end], problems)
    if meta is None:
        return None
    field_lines = {key: _field_line(lines[1:end], key) for key in data if isinstance(key, str)}
    return Source(path=name, meta=meta, body="\n".join(lines[end + 1:]), body_line=end + 2, field_lines=field_lines)


def _strings(value, seen: set[int] | None = None) -> list[str]:
    """Every string inside a front-matter value (YAML aliases can make it a cycle)."""
    if isinstance(value, str):
        return [value]
    seen = set() if seen is None else seen
    if id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, dict):
        value = [part for item in value.items() for part in item]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _strings(item, seen)]
    return []


class _StrictLoader(yaml.SafeLoader):
    """yaml.safe_load, except that a field written twice is an error: YAML would keep the last one silently."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)  # `<<: *alias` merges first, as the base class does
            first_line: dict = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                try:
                    if key in first_line:
                        raise yaml.constructor.ConstructorError(
                            None, None, f"field {key!r} is given twice (first on line {first_line[key] + 2})",
                            key_node.start_mark)
                    first_line[key] = key_node.start_mark.line
                except TypeError:  # an unhashable key: the base class reports it
                    continue
        return super().construct_mapping(node, deep)



def _lines(value) -> tuple[str, ...]:
    """A field that is one line of text or a list of lines."""
    return (str(value),) if isinstance(value, str) else tuple(str(line) for line in value or ())


def _field_line(front_lines: list[str], key: str) -> int:
    for index, line in enumerate(front_lines):
        if line.startswith(f"{key}:"):
            return index + 2
    return 1


def _validate_meta(data: dict, name: str, front_lines: list[str], problems: Problems) -> DocumentMeta | None:
    before = len(problems.errors)
    for key, value in data.items():
        for text in _strings(value):
            surrogate = next((c for c in text if "\ud800" <= c <= "\udfff"), None)
            if surrogate:  # from an escape such as "\ud800": no page could be written with it
                problems.add(name, _field_line(front_lines, str(key)),
                             f"field {key!r} holds U+{ord(surrogate):04X}, half of a surrogate pair; "
                             "write the character itself")
                break
    for key in data:
        if key not in REQUIRED_FIELDS and key not in OPTIONAL_FIELDS:
            problems.add(name, _field_line(front_lines, str(key)), f"unknown front matter field {key!r}")
    for key in REQUIRED_FIELDS:
        if data.get(key) in (None, ""):
            problems.add(name, _field_line(front_lines, key) if key in data else 1,
                         f"missing required field {key!r}")
    slug = data.get("slug")
    if slug not in (None, "") and not isinstance(slug, str):
        problems.add(name, _field_line(front_lines, "slug"),
                     f"slug {slug!r} must be text: lowercase ASCII letters, digits and hyphens (quote a number)")
    elif isinstance(slug, str) and not SLUG.match(slug):
        problems.add(name, _field_line(front_lines, "slug"),
                     f"slug {slug!r} must be lowercase ASCII letters, digits and hyphens")
    symbol = data.get("symbol")
    if symbol is not None and (not isinstance(symbol, str) or not SYMBOL.match(symbol)):
        problems.add(name, _field_line(front_lines, "symbol"), f"symbol {symbol!r} is not a UN document symbol")
    other_symbols = data.get("other_symbols") or []
    if not isinstance(other_symbols, list) or not all(isinstance(s, str) and SYMBOL.match(s) for s in other_symbols):
        problems.add(name, _field_line(front_lines, "other_symbols"),
                     "other_symbols must be a list of UN document symbols, e.g. [S/2015/446]")
    in_text = data.get("recommendations_in_text") or {}
    if not isinstance(in_text, dict) or set(in_text) - set(RECOMMENDATION_KINDS) or not all(
            isinstance(numbers, list) and all(isinstance(n, (int, str)) and not isinstance(n, bool) for n in numbers)
            for numbers in in_text.values()):
        problems.add(name, _field_line(front_lines, "recommendations_in_text"),
                     "recommendations_in_text maps recommends and/or calls to lists of paragraph numbers")
        in_text = {}
    if other_symbols and not symbol:
        problems.add(name, _field_line(front_lines, "other_symbols"), "other_symbols needs a symbol")
    if len(problems.errors) > before:
        return None
    date = data["date"]
    if isinstance(date, (datetime.date, int)):
        date = date.isoformat() if isinstance(date, datetime.date) else str(date)
    return DocumentMeta(
        slug=slug,
        title_zh=str(data["title_zh"]),
        title_en=str(data["title_en"]),
        short_title_zh=str(data.get("short_title_zh") or data["title_zh"]),
        short_title_en=str(data.get("short_title_en") or data["title_en"]),
        symbol=symbol,
        date=str(date),
        body=str(data.get("body") or ""),
        body_en=str(data.get("body_en") or ""),
        session=str(data.get("session") or ""),
        session_en=str(data.get("session_en") or ""),
        agenda=str(data.get("agenda") or ""),
        source=str(data["source"]),
        title_page=tuple(str(line) for line in data.get("title_page") or ()),
        other_symbols=tuple(other_symbols),
        symbol_source=str(data.get("symbol_source") or ""),
        notes=_lines(data.get("notes")),
        recommendations_in_text=tuple((str(number), kind) for kind in RECOMMENDATION_KINDS
                                      for number in in_text.get(kind) or ()),
        recommendations_line=_field_line(front_lines, "recommendations_in_text"),
    )
