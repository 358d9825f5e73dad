"""Render documents into HTML pages with Jinja2; no file I/O here.

Every link is relative and names `index.html` explicitly, so the site reads the
same from a web server and from a folder opened with `file://`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import jinja2
from markdown_it import MarkdownIt

from .convert import Converter
from .model import Document, Edition, Heading, OutputFile

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
)


@dataclass
class TocEntry:
    """A heading with the headings nested under it, for the generated contents list."""

    heading: Heading
    children: list["TocEntry"] = field(default_factory=list)


def nest_headings(headings: list[Heading], max_level: int = 4) -> list[TocEntry]:
    """Turn the flat heading list into a tree by level (h2 > h3 > h4)."""
    root: list[TocEntry] = []
    stack: list[TocEntry] = []
    for heading in headings:
        if heading.level > max_level:
            continue
        entry = TocEntry(heading)
        while stack and stack[-1].heading.level >= heading.level:
            stack.pop()
        (stack[-1].children if stack else root).append(entry)
        stack.append(entry)
    return root


@dataclass(frozen=True)
class Page:
    """What every template gets about where it sits in the site."""

    edition: Edition
    path: PurePosixPath
    other_path: PurePosixPath

    @property
    def root(self) -> str:
        """Relative prefix from this page back to the site root."""
        return "../" * (len(self.path.parts) - 1)

    def link(self, target: PurePosixPath | str) -> str:
        return self.root + str(target)

    @property
    def other_edition_link(self) -> str:
        return self.link(self.other_path)


def document_path(edition: Edition, slug: str) -> PurePosixPath:
    return PurePosixPath(edition.segment, slug, "index.html")


def home_path(edition: Edition) -> PurePosixPath:
    return PurePosixPath(edition.segment, "index.html")


class Renderer:
    """One Jinja2 environment (autoescape, StrictUndefined) for the whole build."""

    def __init__(self, templates: Path, md: MarkdownIt, converter: Converter):
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.md = md
        self.converter = converter

    def _ui(self, edition: Edition):
        """UI strings are written in Simplified in the templates and converted for the Traditional edition."""
        if edition is Edition.HANS:
            return lambda text: text
        return self.converter.convert

    def _render(self, template: str, page: Page, **context) -> OutputFile:
        html = self.env.get_template(template).render(
            page=page, edition=page.edition, Edition=Edition, t=self._ui(page.edition),
            csp=CONTENT_SECURITY_POLICY, **context,
        )
        return OutputFile(page.path, html.encode("utf-8"))

    def render_document(self, document: Document, edition: Edition, previous: Document | None,
                        following: Document | None) -> OutputFile:
        slug = document.meta.slug
        page = Page(edition, document_path(edition, slug), document_path(edition.other, slug))
        body = self.md.renderer.render(document.tokens, self.md.options, {"footnotes_title": self._ui(edition)("脚注")})
        return self._render(
            "document.html", page, document=document, body=body, toc=nest_headings(document.headings),
            previous=previous, following=following, document_path=document_path,
        )

    def render_home(self, documents: list[Document], edition: Edition, path: PurePosixPath | None = None) -> OutputFile:
        page = Page(edition, path or home_path(edition), home_path(edition.other))
        return self._render("home.html", page, documents=documents, document_path=document_path)
