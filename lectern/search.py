"""Search index (being built for the search issue): Blocks -> lunr index files."""

from __future__ import annotations

from .model import Document, Edition, OutputFile, Term


def build_search_files(editions: dict[Edition, list[Document]], terms: dict[Edition, list[Term]]) -> list[OutputFile]:
    return []
