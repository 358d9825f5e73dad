"""Read content files and validate their front matter.

This is the only stage that touches the content folder. It reports every problem
as `path:line: message` and lets later stages trust what they are given.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
from pathlib import Path

import yaml

from . import schema
from .errors import Problems
from .model import (
    OFFICIAL_LANGUAGES,
    TRANSLATION_LANGUAGES,
    TRANSLATION_STATUSES,
    DocumentMeta,
    Source,
    TranslationMeta,
    TranslationSource,
)
from .textfile import control_character, read_text
from .yamlerrors import alias_problem, first_alias, yaml_problem

SLUG = schema.SLUG
SYMBOL = re.compile(r"^[A-Z]+(?:/[A-Za-z0-9.()-]+)+$")
FRONT_MATTER = {
    "slug": schema.Field(schema.slug, required=True),
    "title_zh": schema.Field(schema.text, required=True),
    "title_en": schema.Field(schema.text, required=True),
    "date": schema.Field(schema.date, required=True),
    "source": schema.Field(schema.text, required=True),
    "short_title_zh": schema.Field(schema.text),
    "short_title_en": schema.Field(schema.text),
    "symbol": schema.Field(schema.pattern(SYMBOL, "a UN document symbol such as A/70/95")),
    "body": schema.Field(schema.text),
    "body_en": schema.Field(schema.text),
    "session": schema.Field(schema.text),
    "session_en": schema.Field(schema.text),
    "agenda": schema.Field(schema.text),
    "title_page": schema.Field(schema.text_list),
    "notes": schema.Field(schema.text_list),
}
"""Every front-matter field, what it must hold, and whether it is required."""


def _symbol_list(value: object) -> str | None:
    if not isinstance(value, list) or not value:
        return "must be a list of UN document symbols such as [S/2015/446]"
    for item in value:
        if not isinstance(item, str) or not SYMBOL.match(item):
            return f"has {item!r}, which is not a UN document symbol"
    return None


def _paragraph_numbers(value: object) -> str | None:
    if not isinstance(value, list) or any(schema.whole_number(1)(number) for number in value):
        return "must be a list of paragraph numbers such as [238, 309]"
    return None


RECOMMENDATION_KINDS = ("recommends", "calls")
"""recommends: '小组建议' in running text; calls: a call or endorsement in the panel's own voice."""
FRONT_MATTER.update(
    {
        "other_symbols": schema.Field(_symbol_list),
        "symbol_source": schema.Field(schema.text),
        "recommendations_in_text": schema.Field(
            schema.mapping({kind: schema.Field(_paragraph_numbers) for kind in RECOMMENDATION_KINDS})
        ),
    }
)


TRANSLATION_FILE = re.compile(r"^(?P<slug>[^.]+)\.(?P<lang>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)\.md$")
"""A language version beside its original: `hippo-2015.en.md` (the slug, then the language code)."""
TRANSLATION_FRONT_MATTER = {
    "lang": schema.Field(schema.text, required=True),
    "title": schema.Field(schema.text, required=True),
    "source": schema.Field(schema.text, required=True),
    "status": schema.Field(schema.text, required=True),
    "symbol": schema.Field(schema.pattern(SYMBOL, "a UN document symbol such as A/70/95")),
}
"""The front matter of a translation file."""


def is_translation_file(path: Path) -> bool:
    return TRANSLATION_FILE.match(path.name) is not None


def load_sources(content_dir: Path, problems: Problems) -> list[Source]:
    """Load every `*.md` file of the content folder, in file-name order (deterministic output).

    Translation files (`<slug>.<lang>.md`) are not documents: `load_translations` reads them.
    """
    paths = sorted(path for path in content_dir.glob("*.md") if not is_translation_file(path))
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
            problems.add(
                source.path,
                source.field_lines.get("slug", 1),
                f"duplicate slug {source.meta.slug!r} (also used by {seen[source.meta.slug]})",
            )
        seen.setdefault(source.meta.slug, source.path)
    return sources


def _display_path(path: Path) -> str:
    """The file's path as problems name it: from the working folder when it is below it. Symbolic links are
    not followed: a document that links to another is named by its own name (a problem such as a duplicate
    slug would otherwise name the same file twice)."""
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_source(path: Path, problems: Problems, *, display: str | None = None) -> Source | None:
    """Read one file; on any problem record it and return None."""
    name = display or str(path)
    text = read_text(path, problems, name, what="document")
    if text is None:
        return None
    return parse_source(text, name, problems)


_LOADED: dict[tuple[str, bytes], Source] = {}
"""Sources that loaded without a problem, by file name and a digest of the text: `serve` reads the front
matter of the files that changed only (YAML is the slowest part of loading)."""


def parse_source(text: str, name: str, problems: Problems) -> Source | None:
    """Split `---` front matter from the body and validate it."""
    key = (name, hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest())
    known = _LOADED.get(key)
    if known is not None:
        return known
    found = len(problems.errors)
    source = _parse_source(text, name, problems)
    if source is not None and len(problems.errors) == found:
        if len(_LOADED) > 4096:
            _LOADED.clear()
        _LOADED[key] = source
    return source


def _parse_source(text: str, name: str, problems: Problems) -> Source | None:
    split = _split_front_matter(text, name, problems)
    if split is None:
        return None
    data, front_lines, body_line = split
    meta = _validate_meta(data, name, front_lines, problems)
    if meta is None:
        return None
    field_lines = {key: _field_line(front_lines, key) for key in data if isinstance(key, str)}
    return Source(path=name, meta=meta, body=_body(text), body_line=body_line, field_lines=field_lines)


def _body(text: str) -> str:
    lines = text.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    return "\n".join(lines[end + 1 :])


def _split_front_matter(text: str, name: str, problems: Problems) -> tuple[dict, list[str], int] | None:
    """The front matter's mapping, its lines and the body's first file line; None (reported) on a problem."""
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
        try:
            alias = first_alias(front, _FastStrictLoader)
            data = None if alias else yaml.load(front, Loader=_FastStrictLoader)
        except yaml.YAMLError:  # told again by the Python loader, whose marks count characters, not bytes
            alias = first_alias(front, _StrictLoader)
            data = None if alias else yaml.load(front, Loader=_StrictLoader)
        if alias:
            problems.add(name, alias[0] + 1, f"malformed front matter: {alias_problem(alias[1])}")
            return None
        data = data or {}
    except yaml.YAMLError as error:
        line, column, problem = yaml_problem(error, front)
        problems.add(name, line + 1, f"malformed front matter: {problem}", column)
        return None
    if not isinstance(data, dict):
        problems.add(name, 2, "front matter must be a mapping of field: value")
        return None
    if found := control_character("\n".join(lines[end + 1 :]), end + 2):
        problems.add(name, found[0], found[2], found[1])
        return None
    return data, lines[1:end], end + 2


class _Strict(yaml.constructor.SafeConstructor):
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
                            None,
                            None,
                            f"field {key!r} is given twice (first on line {first_line[key] + 2})",
                            key_node.start_mark,
                        )
                    first_line[key] = key_node.start_mark.line
                except TypeError:  # an unhashable key: the base class reports it
                    continue
        return super().construct_mapping(node, deep)


class _StrictLoader(_Strict, yaml.SafeLoader):
    pass


class _FastStrictLoader(_Strict, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same on libyaml's parser where PyYAML has it (ten times faster); its errors are told by _StrictLoader."""


# Dates stay text, checked by the schema: PyYAML would turn 2015-13-40 into a crash instead of an error.
_StrictLoader.yaml_implicit_resolvers = _FastStrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _field_line(front_lines: list[str], key: str) -> int:
    for index, line in enumerate(front_lines):
        if line.startswith(f"{key}:"):
            return index + 2
    return 1


def _validate_meta(data: dict, name: str, front_lines: list[str], problems: Problems) -> DocumentMeta | None:
    def report(key: str, message: str) -> None:
        line = _field_line(front_lines, key) if key in data else 1
        if message == "is required":
            problems.add(name, line, f"missing required field {key!r}")
        elif message.startswith("is not a known field"):
            problems.add(name, line, f"unknown front matter field {key!r}" + message[len("is not a known field") :])
        else:
            problems.add(
                name, line, f"{key} {message}" if key in ("slug", "symbol", "date") else f"field {key!r} {message}"
            )

    if not schema.validate(data, FRONT_MATTER, report):
        return None
    if data.get("other_symbols") and not data.get("symbol"):
        problems.add(name, _field_line(front_lines, "other_symbols"), "other_symbols needs a symbol")
        return None
    date = data["date"]
    if isinstance(date, (datetime.date, int)):
        date = date.isoformat() if isinstance(date, datetime.date) else str(date)
    return DocumentMeta(
        slug=str(data["slug"]),
        title_zh=str(data["title_zh"]),
        title_en=str(data["title_en"]),
        short_title_zh=str(data.get("short_title_zh") or data["title_zh"]),
        short_title_en=str(data.get("short_title_en") or data["title_en"]),
        symbol=data.get("symbol"),
        date=str(date),
        body=str(data.get("body") or ""),
        body_en=str(data.get("body_en") or ""),
        session=str(data.get("session") or ""),
        session_en=str(data.get("session_en") or ""),
        agenda=str(data.get("agenda") or ""),
        source=str(data["source"]),
        title_page=tuple(str(line) for line in data.get("title_page") or ()),
        notes=tuple(str(line) for line in data.get("notes") or ()),
        other_symbols=tuple(str(symbol) for symbol in data.get("other_symbols") or ()),
        symbol_source=str(data.get("symbol_source") or ""),
        recommendations_in_text=tuple(
            (str(number), kind)
            for kind in RECOMMENDATION_KINDS
            for number in (data.get("recommendations_in_text") or {}).get(kind) or ()
        ),
        recommendations_line=_field_line(front_lines, "recommendations_in_text"),
    )


def load_translations(
    content_dir: Path, sources: list[Source], problems: Problems, *, all_loaded: bool = True
) -> list[TranslationSource]:
    """Every `<slug>.<lang>.md` of the content folder whose original is among `sources`, checked.

    A translation without an original, in a language that is not an official one, with a status
    other than official or working, or a symbol other than its original's is a `path:line` problem.
    When a document did not load (`all_loaded` false), a translation whose original is not found is
    skipped quietly: its original may be that document, whose own error is reported.
    """
    originals = {source.meta.slug: source for source in sources}
    found = []
    for path in sorted(content_dir.glob("*.md")):
        match = TRANSLATION_FILE.match(path.name)
        if match is None:
            continue
        name = _display_path(path)
        slug, lang = match.group("slug"), match.group("lang")
        if lang not in TRANSLATION_LANGUAGES:
            problems.add(name, 1, _bad_language(lang))
            continue
        text = read_text(path, problems, name, what="translation")
        if text is None:
            continue
        translation = parse_translation(text, name, slug, lang, problems)
        if translation is None:
            continue
        original = originals.get(slug)
        if original is None and not all_loaded:
            continue
        if original is None:
            problems.add(
                name,
                1,
                f"translation of {slug!r}, but no document has that slug: name the file <slug>.{lang}.md "
                "after the slug of its original (the `slug:` of a content file)",
            )
            continue
        if translation.meta.symbol and translation.meta.symbol != original.meta.symbol:
            problems.add(
                name,
                translation.field_lines.get("symbol", 1),
                f"symbol {translation.meta.symbol} differs from the original's "
                f"({original.meta.symbol or 'none'}, {original.path}); a language version has the same symbol",
            )
            continue
        found.append(translation)
    return found


def _bad_language(lang: str) -> str:
    if lang.lower() == "zh" or lang.lower().startswith("zh-"):
        return "a translation cannot be in Chinese: the Chinese text is the original document itself"
    if lang.lower() in TRANSLATION_LANGUAGES:
        return f"language code {lang!r} must be written in lowercase: {lang.lower()!r}"
    names = ", ".join(f"{code} ({name})" for code, name in OFFICIAL_LANGUAGES if code != "zh")
    return f"{lang!r} is not an official UN language; a translation is one of {names}"


def parse_translation(text: str, name: str, slug: str, lang: str, problems: Problems) -> TranslationSource | None:
    """Split and validate a translation file's front matter; `slug` and `lang` come from its name."""
    split = _split_front_matter(text, name, problems)
    if split is None:
        return None
    data, front_lines, body_line = split

    def report(key: str, message: str) -> None:
        line = _field_line(front_lines, key) if key in data else 1
        if message == "is required":
            problems.add(name, line, f"missing required field {key!r}")
        elif message.startswith("is not a known field"):
            problems.add(name, line, f"unknown front matter field {key!r}" + message[len("is not a known field") :])
        else:
            problems.add(name, line, f"field {key!r} {message}")

    if not schema.validate(data, TRANSLATION_FRONT_MATTER, report):
        return None
    ok = True
    if str(data["lang"]) != lang:
        problems.add(
            name,
            _field_line(front_lines, "lang"),
            f"lang {data['lang']!r} does not match the file name, which says {lang!r}",
        )
        ok = False
    if str(data["status"]) not in TRANSLATION_STATUSES:
        problems.add(
            name,
            _field_line(front_lines, "status"),
            f"status {data['status']!r} is not one of {', '.join(TRANSLATION_STATUSES)} "
            "(official: the official text; working: a working translation, labelled as such)",
        )
        ok = False
    if not ok:
        return None
    meta = TranslationMeta(
        slug=slug,
        lang=lang,
        title=str(data["title"]),
        symbol=data.get("symbol"),
        source=str(data["source"]),
        status=str(data["status"]),
    )
    field_lines = {key: _field_line(front_lines, key) for key in data if isinstance(key, str)}
    return TranslationSource(name, meta, _body(text), body_line, field_lines)
