"""Where the build reads from and writes to; the CLI fills it from its options."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Config:
    """Paths of one build."""

    content: Path = PROJECT_ROOT / "content"
    """Markdown documents and `conversion-overrides.tsv`."""
    templates: Path = PROJECT_ROOT / "templates"
    assets: Path = PROJECT_ROOT / "assets"
    out: Path = PROJECT_ROOT / "site"
    jobs: int = field(default_factory=lambda: min(2, os.cpu_count() or 1))
    """Processes for rendering; the two editions render in parallel when this is 2."""
    strict: bool = False
    """Treat warnings (references that lead nowhere, broken internal links) as errors."""
    base_url: str | None = None
    """Where the site is published (`https://example.org/lectern/`): the citation menu copies links
    under it, so a link copied from a copy opened with `file://` still works for others."""

    @property
    def overrides(self) -> Path:
        return self.content / "conversion-overrides.tsv"

    @property
    def glossary(self) -> Path:
        return self.content / "glossary.yaml"
