"""Where the build reads from and writes to: defaults, the project's settings file, then the command line.

A site folder is a project: `content/` (required), and optionally `lectern.toml` (or `[tool.lectern]` in a
`pyproject.toml`), `templates/` and `assets/`. The project's templates and assets override the defaults that
ship inside the package file by file: a project `templates/base.html` replaces the default one, every other
template still comes from the defaults.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ContentError, ContentErrors, Location

PACKAGE = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE.parent
"""The checkout, when Lectern runs from one (in an installed wheel: site-packages, which has no content)."""


def _default_folder(name: str) -> Path:
    """The packaged copy (`lectern/defaults/<name>` in a wheel), else the checkout's top-level folder."""
    packaged = PACKAGE / "defaults" / name
    return packaged if packaged.is_dir() else PROJECT_ROOT / name


DEFAULT_TEMPLATES = _default_folder("templates")
DEFAULT_ASSETS = _default_folder("assets")
DEFAULT_SITE_TITLE = "Lectern"
SETTINGS_FILE = "lectern.toml"


@dataclass(frozen=True, slots=True)
class Config:
    """Paths and settings of one build."""

    content: Path = PROJECT_ROOT / "content"
    """Markdown documents and `conversion-overrides.tsv`."""
    templates: Path = PROJECT_ROOT / "templates"
    """The project's templates; each one replaces the default of the same name."""
    assets: Path = PROJECT_ROOT / "assets"
    """The project's assets, merged over the default ones (the project's file wins)."""
    out: Path = PROJECT_ROOT / "site"
    jobs: int = field(default_factory=lambda: min(2, os.cpu_count() or 1))
    """Processes for rendering; the two editions render in parallel when this is 2."""
    strict: bool = False
    """Treat warnings (references that lead nowhere, broken internal links) as errors."""
    base_url: str | None = None
    """Where the site is published (`https://example.org/lectern/`): the citation menu copies links
    under it, so a link copied from a copy opened with `file://` still works for others."""
    site_title: str = DEFAULT_SITE_TITLE
    """The site's name in page titles and the header."""

    @property
    def overrides(self) -> Path:
        return self.content / "conversion-overrides.tsv"

    @property
    def glossary(self) -> Path:
        return self.content / "glossary.yaml"

    @property
    def template_dirs(self) -> list[Path]:
        """Where templates are looked up, first match wins: the project's, then the defaults."""
        return _distinct([self.templates, DEFAULT_TEMPLATES])

    @property
    def asset_dirs(self) -> list[Path]:
        """Asset folders merged in this order, a later file replacing an earlier one of the same name."""
        return _distinct([DEFAULT_ASSETS, self.assets])


def _distinct(folders: list[Path]) -> list[Path]:
    seen: set[Path] = set()
    result = []
    for folder in folders:
        key = folder.resolve()
        if key not in seen:
            seen.add(key)
            result.append(folder)
    return result


# The settings a project file may give: name -> (type, what the message calls it).
SETTINGS: dict[str, tuple[type, str]] = {
    "site_title": (str, "text"),
    "base_url": (str, "an http(s) address"),
}


@dataclass(frozen=True, slots=True)
class Settings:
    """What a project's settings file says; every field optional."""

    path: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)


def read_settings(root: Path) -> Settings:
    """`root/lectern.toml`, else `[tool.lectern]` of `root/pyproject.toml`, else nothing.

    Raises ContentErrors (`path:line: message`) for a file that is not TOML, an unknown key or a wrong value.
    """
    candidates = [(root / SETTINGS_FILE, ()), (root / "pyproject.toml", ("tool", "lectern"))]
    for path, table in candidates:
        if not path.is_file():
            continue
        text = _read_text(path)
        try:
            data: dict[str, Any] = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            match = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
            line, column = (int(match[1]), int(match[2])) if match else (0, 0)
            message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error)) or "not valid TOML"
            raise ContentErrors(
                [ContentError(Location(_shown(path), line, column), f"malformed settings: {message}")]
            ) from None
        for key in table:
            data = data.get(key, {}) if isinstance(data, dict) else {}
        if table and not data:
            continue  # a pyproject.toml without [tool.lectern] is not a settings file
        return Settings(path, _check(path, text, table, data))
    return Settings()


def _shown(path: Path) -> str:
    """The path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ContentErrors(
            [
                ContentError(
                    Location(_shown(path), error.object[: error.start].count(b"\n") + 1),
                    "settings file is not valid UTF-8",
                )
            ]
        ) from None


def _check(path: Path, text: str, table: tuple[str, ...], data: Any) -> dict[str, Any]:
    where = "[" + ".".join(table) + "]" if table else str(path.name)
    if not isinstance(data, dict):
        raise ContentErrors(
            [
                ContentError(
                    Location(_shown(path), _key_line(text, table, table[-1] if table else "")),
                    f"{where} must be a table of settings",
                )
            ]
        )
    errors = []
    for key, value in data.items():
        line = _key_line(text, table, key)
        if key not in SETTINGS:
            known = ", ".join(sorted(SETTINGS))
            errors.append(ContentError(Location(_shown(path), line), f"unknown setting {key!r} (known: {known})"))
            continue
        kind, description = SETTINGS[key]
        if (
            not isinstance(value, kind)
            or (isinstance(value, str) and not value.strip())
            or (key == "base_url" and not re.match(r"https?://[^/\s]+", str(value)))
        ):
            errors.append(ContentError(Location(_shown(path), line), f"{key} must be {description}, not {value!r}"))
    if errors:
        raise ContentErrors(errors)
    return dict(data)


def _key_line(text: str, table: tuple[str, ...], key: str) -> int:
    """The 1-based line where `key` is set inside `table` (tomllib keeps no positions); 0 if not found."""
    current: tuple[str, ...] = ()
    header = re.compile(r"\s*\[+\s*([^\]]+?)\s*\]+\s*(#.*)?$")
    for number, line in enumerate(text.split("\n"), start=1):
        match = header.match(line)
        if match:
            current = tuple(part.strip().strip("\"'") for part in match[1].split("."))
            if current[: len(table) + 1] == (*table, key) or (table and current == table and key == table[-1]):
                return number  # a table where a setting was expected
            continue
        assignment = re.match(r"\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_.-]+)\s*=", line)
        if assignment:
            parts = tuple(part.strip().strip("\"'") for part in assignment[1].split("."))
            full = current + parts
            if full[: len(table) + 1] == (*table, key):
                return number
    return 0


def load_config(root: Path, **given: Any) -> Config:
    """The Config of the project in `root`: defaults, then its settings file, then `given` (the command line).

    A value of None in `given` means "not given on the command line".
    """
    settings = read_settings(root)
    values: dict[str, Any] = {
        "content": root / "content",
        "templates": root / "templates",
        "assets": root / "assets",
        "out": root / "site",
    }
    values.update(settings.values)
    values.update({key: value for key, value in given.items() if value is not None})
    if values.get("base_url") and not str(values["base_url"]).endswith("/"):
        values["base_url"] = f"{values['base_url']}/"  # page paths are appended to it
    return Config(**values)
