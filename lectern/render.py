"""Render documents into HTML pages with Jinja2; no file I/O here.

Every link is relative and names `index.html` explicitly, so the site reads the
same from a web server and from a folder opened with `file://`.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, NamedTuple

import jinja2
import markupsafe
from markdown_it import MarkdownIt

from . import urls
from .errors import ContentError, ContentErrors, Location
from .keys import task_key
from .model import Block, Document, DocumentMeta, Edition, Heading, Listing, OutputFile, Term
from .views import cite_versions, paragraph_versions, views

if TYPE_CHECKING:  # records of the glossary and register stages, only named in signatures here
    from .glossary import Occurrence
    from .register import RegisterSection

PACKAGE = Path(__file__).resolve().parent
_SLOT = "\ue000"
"""In a shared frame (Renderer._render_batch), where each page's own path segment goes (a private-use character)."""
_BLOCK = "\ue001"
"""Around a block's name in a shared frame."""


def _block_mark(name: str, context) -> Iterator[str]:
    yield f"{_BLOCK}{name}{_BLOCK}"


CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
)


@dataclass
class TocEntry:
    """A heading with the headings nested under it, for the generated contents list."""

    heading: Heading
    children: list[TocEntry] = field(default_factory=list)


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


document_path = urls.document
home_path = urls.home
paragraph_path = urls.paragraph
search_page_path = urls.search_page
register_path = urls.register


def citation(meta: DocumentMeta, number: str | None) -> tuple[str, str]:
    """How a trainer cites a paragraph: 'A/70/95，第105(c)段' and 'A/70/95, para. 105(c)'.

    Without a symbol stated in the text, the document's short title stands in for it.
    """
    source_zh = meta.symbol or f"《{meta.short_title_zh}》"
    source_en = meta.symbol or meta.short_title_en
    if not number:
        return source_zh, source_en
    return f"{source_zh}，第{number}段", f"{source_en}, para. {number}"


def glossary_path(edition: Edition, slug: str | None = None) -> PurePosixPath:
    """The glossary page, or with a slug the term's own page (both from urls.py)."""
    return urls.term(edition, slug) if slug else urls.glossary(edition)


terms_script_path = urls.terms_script


class Snippet(NamedTuple):
    """A few characters around a match, for a term page's list of occurrences (a tuple: a library's term
    pages show a hundred thousand, made in the workers from plain fields)."""

    before: str
    match: str
    after: str


class Place(NamedTuple):
    """A place a term page links to: its block's anchor and paragraph number (None: an unnumbered block)."""

    anchor: str
    number: str | None


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


SNIPPET_WIDTH = 28
"""Characters of context a term page shows on each side of a match."""
SNIPPETS_UP_TO = 200
"""A term page with at most this many places shows each of them with its snippet."""
SNIPPETS_PER_DOCUMENT = 5
"""A term page with more places (a common term in a library) shows each document's first few with their
snippets and the others as links to their paragraphs, like a book's index: the page stays a reading page
(the panel report's 和平行动 would list 9,000 snippets in a library of a hundred documents, 2.6 MB), and
every place is still one click away, and the page links to the search for all of them in context."""


def snippet(text: str, start: int, end: int, width: int = SNIPPET_WIDTH) -> Snippet:
    return Snippet(*snippet_parts(text, start, end, width))


def snippet_parts(text: str, start: int, end: int, width: int = SNIPPET_WIDTH) -> tuple[str, str, str]:
    """A snippet's before, match and after, as a tuple: the term pages of a library cut a hundred thousand."""
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    return ("…" if start > width else "") + before, text[start:end], after + ("…" if end + width < len(text) else "")


def snippet_digests(document: Document, occurrences: dict[str, list[Occurrence]]) -> dict[str, str]:
    """Per term with places in this edition's document, a digest of what its term page shows of them (each
    place and its snippet): a term page's key is made of these, so only the pages that render need entries.
    Every snippet counts, shown or not (whether a page shows them depends on the whole library's count)."""
    blocks = document.blocks
    digests = {}
    for slug, places in occurrences.items():
        if not places:
            continue
        shown = []
        for place in places:
            before, match, after = snippet_parts(blocks[place.block_index].text, place.start, place.end)
            shown.append(
                f"{place.block_index}\0{place.anchor}\0{place.number}\0{place.start}\0{place.end}"
                f"\0{before}\0{match}\0{after}\0"
            )
        digests[slug] = hashlib.blake2b("".join(shown).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return digests


@dataclass(frozen=True)
class TermEntry:
    """Everything a term's page shows, and nothing else: the key of its cache entry is made from this."""

    term: Term
    related: tuple[Term, ...]
    places: list[tuple[Document, int, list[tuple[Place, Snippet]], list[Place]]]
    """Per document (titles only, no text), in library order: its number of places (a place is a block), the
    places shown with their snippets (all of them, or the first SNIPPETS_PER_DOCUMENT when the term has more
    than SNIPPETS_UP_TO places), and the others, shown as links."""
    documents: dict[str, Document]
    """Titles of the documents the entry points to (`see`, `defined_at`)."""
    total: int


class TermPlaces:
    """The term pages' inputs for one edition, a few terms at a time (the snippets of a whole library's
    terms are many): the tables are made once, the snippets as each batch asks for them."""

    def __init__(
        self,
        terms: list[Term],
        occurrences: dict[str, list[Occurrence]],
        documents: list[Document],
        digests: dict[str, dict[str, str]],
    ):
        self.terms, self.occurrences = terms, occurrences
        self.digests = digests
        """By document slug, a digest of what the term pages show of each term's places in it (snippet_digests):
        the key of a term page is made of them (see `outline`)."""
        self.by_slug = {document.meta.slug: document for document in documents}
        self.titles = {
            slug: Document(document.meta, document.path, [], [], []) for slug, document in self.by_slug.items()
        }
        self.order = {document.meta.slug: index for index, document in enumerate(documents)}
        self.titles_key = task_key("", [(document.meta, document.path) for document in self.titles.values()])
        """The documents' front matter, all of which a term page may show of a document it lists."""
        self.by_key = {term.key: term for term in terms}

    @functools.cached_property
    def title_fields(self) -> dict[str, tuple]:
        """Each document's title as plain fields (its front matter's, in order, and its path), by slug: what a
        worker receives of the documents a unit of term pages names (made once, not once per unit)."""
        names = [field.name for field in dataclasses.fields(DocumentMeta)]
        return {
            slug: (tuple(getattr(document.meta, name) for name in names), document.path)
            for slug, document in self.titles.items()
        }

    def outline(self, start: int = 0, stop: int | None = None) -> list[tuple]:
        """What the entries of terms[start:stop] are made of, in small, without cutting a snippet: each term,
        its related terms, its count, the documents it points to, and per document with places the digest of
        the term's places there (the documents' front matter is `titles_key`)."""
        outline = []
        for term in self.terms[start:stop]:
            slugs = dict.fromkeys(occurrence.document for occurrence in self.occurrences[term.slug])
            outline.append(
                (
                    term,
                    tuple(self.by_key[key] for key in term.related if key in self.by_key),
                    len(self.occurrences[term.slug]),
                    [place[0] for place in (term.see, term.defined_at) if place and place[0] in self.titles],
                    [(slug, self.digests[slug][term.slug]) for slug in slugs],
                )
            )
        return outline

    def entries(self, start: int = 0, stop: int | None = None) -> list[TermEntry]:
        """The entries of terms[start:stop], snippets cut from this edition's blocks."""
        return [
            TermEntry(
                term,
                related,
                [
                    (
                        self.titles[slug],
                        count,
                        [(Place(occurrence.anchor, occurrence.number), Snippet(*parts)) for occurrence, parts in shown],
                        [Place(occurrence.anchor, occurrence.number) for occurrence in rest],
                    )
                    for slug, count, shown, rest in grouped
                ],
                {slug: self.titles[slug] for slug in pointed},
                total,
            )
            for term, related, grouped, pointed, total in self.entry_fields(start, stop)
        ]

    def entry_fields(self, start: int = 0, stop: int | None = None) -> Iterator[tuple]:
        """What `entries` makes of terms[start:stop], as tuples: (term, related terms, per document slug with
        places in library order (slug, count, the places shown with their snippet_parts, the others), slugs of the documents it points to, count). The build sends them
        to a worker as they are, with no objects made for them; a snippet is cut only for a place it shows."""
        by_slug, occurrences = self.by_slug, self.occurrences
        for term in self.terms[start:stop]:
            places = occurrences[term.slug]
            shown_per_document = len(places) if len(places) <= SNIPPETS_UP_TO else SNIPPETS_PER_DOCUMENT
            grouped: dict[str, list[Occurrence]] = {}
            for occurrence in places:
                grouped.setdefault(occurrence.document, []).append(occurrence)
            documents = []
            for slug in sorted(grouped, key=self.order.__getitem__):
                found = grouped[slug]
                blocks = by_slug[slug].blocks
                shown = [
                    (occurrence, snippet_parts(blocks[occurrence.block_index].text, occurrence.start, occurrence.end))
                    for occurrence in found[:shown_per_document]
                ]
                documents.append((slug, len(found), shown, found[shown_per_document:]))
            yield (
                term,
                tuple(self.by_key[key] for key in term.related if key in self.by_key),
                documents,
                [place[0] for place in (term.see, term.defined_at) if place and place[0] in self.titles],
                len(places),
            )


@dataclass(frozen=True)
class TermGroup:
    """Entries of the glossary page under one initial letter of their pinyin."""

    letter: str
    terms: list[Term]

    @property
    def anchor(self) -> str:
        return f"letter-{self.letter}" if self.letter.isalpha() else "letter-other"


def group_by_initial(terms: list[Term]) -> list[TermGroup]:
    groups: dict[str, list[Term]] = {}
    for term in terms:
        initial = (term.pinyin[:1] or "#").upper()
        groups.setdefault(initial if initial.isalpha() else "#", []).append(term)
    return [TermGroup(letter, groups[letter]) for letter in sorted(groups)]


class _Compiled(jinja2.BytecodeCache):
    """Compiled templates in this process's memory, by name, file and source (Jinja checks the source's
    checksum, so a template edited since is compiled again). The fork server fills it before it forks
    the workers (`compile_templates`, from warm.py), which then find every template compiled instead of
    each compiling them all (about 70 ms of CPU per worker). Only `_environment`'s environments use it:
    Jinja's key does not hold the environment's options, and theirs are always the same."""

    def __init__(self) -> None:
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.codes.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _Compiled()


def _environment(folders: list[Path]) -> jinja2.Environment:
    """The Jinja2 environment of a Renderer over the template search path `folders`."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in folders]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one build, templates do not change under it; saves a stat per page
        bytecode_cache=_COMPILED,
    )


def compile_templates(folders: list[Path]) -> None:
    """Every template of the search path `folders` compiled into this process's `_Compiled` (what the
    fork server does for its workers); a template that does not compile is left for the build to report."""
    env = _environment(folders)
    for name in env.list_templates(extensions=["html"]):
        try:
            env.get_template(name)
        except Exception:  # noqa: BLE001, S112 - check_templates reports it as the template's path:line
            continue


class Renderer:
    """One Jinja2 environment (autoescape, StrictUndefined) for the whole build."""

    def __init__(
        self,
        templates: Path | list[Path],
        md: MarkdownIt,
        convert: Callable[[str], str],
        site_title: str = "Lectern",
        base_url: str | None = None,
    ):
        """`convert` turns Simplified UI strings into Traditional (the same conversion as the text).

        `templates` is a search path: a project's own template replaces the default of the same name, file by file.
        """
        self.folders = [templates] if isinstance(templates, Path) else list(templates)
        self._frames: dict[tuple[str, str, str], list[str] | None] = {}
        """Shared frames of batches of pages (`_render_batch`), by template and place; None: not to be shared."""
        self.env = _environment(self.folders)
        self.env.globals["urls"] = urls
        self.env.globals["site_title"] = site_title
        self.md = md
        self.convert = convert
        self.base_url = base_url

    def template_path(self, name: str) -> Path:
        """The file a template name resolves to (the first folder of the search path that has it)."""
        for folder in self.folders:
            if (folder / name).is_file():
                return folder / name
        return self.folders[0] / name

    def check_templates(self, problems) -> None:
        """Compile every template once, so a syntax error is a `path:line` problem before any page is made."""
        for name in sorted(self.env.list_templates(extensions=["html"])):
            path = str(self.template_path(name))
            try:
                self.env.get_template(name)
            except jinja2.TemplateSyntaxError as error:
                problems.add(path, error.lineno or 0, f"template error: {error.message}")
            except UnicodeDecodeError as error:
                problems.add(
                    path,
                    error.object[: error.start].count(b"\n") + 1,
                    f"template is not valid UTF-8 (byte 0x{error.object[error.start]:02x})",
                )

    def _ui(self, edition: Edition):
        """UI strings are written in Simplified in the templates and converted for the Traditional edition."""
        if edition is Edition.HANS:
            return lambda text: text
        return self.convert

    def _render(self, template: str, page: Page, **context) -> OutputFile:
        try:
            html = self.env.get_template(template).render(self._variables(page, context))
        except Exception as error:
            # A template that compiles can still fail on a page (an undefined name, a missing
            # {% include %}, 1 // 0): that is the site editor's to fix, so it is a path:line problem
            # too. An error raised inside Lectern's own code stays an internal error.
            problem = self._template_problem(error, template, page)
            if problem is None:
                raise
            raise ContentErrors([problem]) from None
        return OutputFile(page.path, html.encode("utf-8"))

    def _template_problem(self, error: Exception, template: str, page: Page) -> ContentError | None:
        """Where in which template the rendering failed, when the template is to blame.

        Jinja2 puts template frames in the traceback. The template is to blame for a Jinja2 error,
        and for any other error raised while a template's own code was running (no Lectern code
        was called after it).
        """
        folders = [(Path(folder).resolve(), Path(folder)) for folder in self.folders]
        shown, line, blamed = self.template_path(template), 0, isinstance(error, jinja2.TemplateError)
        in_template = False
        for frame, frame_line in traceback.walk_tb(error.__traceback__):
            filename = Path(frame.f_code.co_filename).resolve()
            folder = next((given for resolved, given in folders if resolved in filename.parents), None)
            if filename.suffix == ".html" and folder is not None:
                shown = folder / filename.relative_to(folder.resolve())
                line, in_template, blamed = frame_line, True, True
            elif in_template and PACKAGE in filename.parents:  # Lectern code the template called
                blamed = isinstance(error, jinja2.TemplateError)
        if not blamed:
            return None
        message = getattr(error, "message", None) or f"{type(error).__name__}: {error}"
        return ContentError(Location(str(shown), line), f"template error: {message} (while rendering {page.path})")

    def render_document(
        self,
        document: Document,
        edition: Edition,
        previous: Document | None,
        following: Document | None,
        terms: list[Term],
    ) -> OutputFile:
        slug = document.meta.slug
        page = Page(edition, document_path(edition, slug), document_path(edition.other, slug))
        body = self.md.renderer.render(document.tokens, self.md.options, {"footnotes_title": self._ui(edition)("脚注")})
        by_slug = {term.slug: term for term in terms}
        return self._render(
            "document.html",
            page,
            document=document,
            body=body,
            toc=nest_headings(document.headings),
            previous=previous,
            following=following,
            document_path=document_path,
            used_terms=[by_slug[slug] for slug in document.terms_used],
            glossary_path=glossary_path,
            cite_prefix=citation(document.meta, None),
            views=views(page.path, document, edition, "original"),
            cite_versions=cite_versions(page.path, document, edition),
        )

    def render_paragraph(
        self, document: Document, edition: Edition, paragraph: Block, items: list[Block]
    ) -> OutputFile:
        """A small page per numbered paragraph: its text in title and description for link previews."""
        page, context = self._paragraph_page(document, edition, paragraph, items)
        return self._render("paragraph.html", page, **context)

    def render_paragraphs(
        self, document: Document, edition: Edition, groups: list[tuple[Block, list[Block]]]
    ) -> Iterator[OutputFile]:
        """Every paragraph page of a document, (paragraph, its sub-items) each: one shared frame, see `_render_batch`."""
        slug = document.meta.slug

        def page_at(number: str) -> Page:
            return Page(edition, paragraph_path(edition, slug, number), paragraph_path(edition.other, slug, number))

        pages = []
        for paragraph, items in groups:
            page, context = self._paragraph_page(document, edition, paragraph, items)
            pages.append((str(paragraph.number), context))
        yield from self._render_batch("paragraph.html", page_at, pages)

    def _paragraph_page(
        self, document: Document, edition: Edition, paragraph: Block, items: list[Block]
    ) -> tuple[Page, dict]:
        slug, number = document.meta.slug, paragraph.number
        if number is None:
            raise ValueError(f"{paragraph.anchor} is not a numbered paragraph")
        page = Page(edition, paragraph_path(edition, slug, number), paragraph_path(edition.other, slug, number))
        cite_zh, cite_en = citation(document.meta, number)
        description = paragraph.text + "".join(
            f" ({(item.number or '').partition('(')[2]} {item.text}" for item in items
        )
        return page, dict(
            document=document,
            paragraph=paragraph,
            items=items,
            target=urls.relative(page.path, document_path(edition, slug), paragraph.anchor),
            cite_zh=cite_zh,
            cite_en=cite_en,
            description=_shorten(description, 300),
            other_versions=paragraph_versions(page.path, document, edition, paragraph),
            version=None,  # the original's page (parallel.py renders a language version's, with its language)
        )

    def _render_batch(
        self, template: str, page_at: Callable[[str], Page], pages: list[tuple[str, dict]]
    ) -> Iterator[OutputFile]:
        """Many pages of one template whose paths differ in one segment (a paragraph number, a term's slug).

        The frame (everything outside the child template's blocks: base.html's head, header and footer)
        is rendered once, with a placeholder for the segment; each page then renders only its blocks.
        The first and the last page are also rendered whole and compared: if a template makes the frame
        depend on anything else of the page (or anything goes wrong), every page is rendered whole. Same
        bytes either way; a few times faster for the thousands of paragraph pages.
        """
        whole = (self._render(template, page_at(segment), **context) for segment, context in pages)
        slot = page_at(_SLOT)
        where = (template, str(slot.path), str(slot.other_path))
        if (len(pages) < 3 and where not in self._frames) or any(
            str(markupsafe.escape(segment)) != segment or _SLOT in segment for segment, _ in pages
        ):
            yield from whole
            return
        jinja = self.env.get_template(template)
        flat = dict(jinja.globals)  # what new_context adds to each page's variables, read from its chain of maps once

        def fast(frame: list[str], segment: str, context: dict) -> OutputFile:
            page = page_at(segment)
            local = jinja.new_context({**flat, **self._variables(page, context)}, shared=True)
            parts = [
                part.replace(_SLOT, segment) if index % 2 == 0 else self.env.concat(jinja.blocks[part](local))
                for index, part in enumerate(frame)
            ]
            return OutputFile(page.path, "".join(parts).encode("utf-8"))

        frame = self._frames.get(where)
        if where not in self._frames:  # made and checked once per place in this process
            try:
                frame_context = jinja.new_context(self._variables(slot, pages[0][1]))
                for name in jinja.blocks:
                    frame_context.blocks[name] = [functools.partial(_block_mark, name)]
                frame = self.env.concat(jinja.root_render_func(frame_context)).split(_BLOCK)
                ends = [pages[0], pages[-1]]
                if not all(
                    fast(frame, segment, context).content
                    == self._render(template, page_at(segment), **context).content  # one page held at a time
                    for segment, context in ends
                ):
                    frame = None
            except Exception:  # noqa: BLE001 - the whole render below reports any problem properly
                frame = None
            self._frames[where] = frame
        if frame is None:
            yield from whole
            return
        for segment, context in pages:
            yield fast(frame, segment, context)

    def _variables(self, page: Page, context: dict) -> dict:
        """What `_render` passes a template."""
        return dict(
            page=page,
            edition=page.edition,
            Edition=Edition,
            t=self._ui(page.edition),
            csp=CONTENT_SECURITY_POLICY,
            base_url=self.base_url,
            **context,
        )

    def render_search_page(self, edition: Edition) -> OutputFile:
        """The page a search opens at (`?q=`): results, and without JavaScript a note that search needs it."""
        return self._render("search.html", Page(edition, search_page_path(edition), search_page_path(edition.other)))

    def render_register(
        self, documents: list[Listing], edition: Edition, registers: dict[str, list[RegisterSection]]
    ) -> OutputFile:
        page = Page(edition, register_path(edition), register_path(edition.other))
        return self._render(
            "register.html", page, documents=documents, registers=registers, document_path=document_path
        )

    def render_glossary(self, terms: list[Term], edition: Edition, counts: dict[str, int]) -> OutputFile:
        """The glossary page; `counts` is the number of places of each term (by slug)."""
        page = Page(edition, glossary_path(edition), glossary_path(edition.other))
        return self._render(
            "glossary.html",
            page,
            groups=group_by_initial(terms),
            occurrences={slug: range(count) for slug, count in counts.items()},
            glossary_path=glossary_path,
            term_count=len(terms),
        )

    def render_term(self, entry: TermEntry, edition: Edition) -> OutputFile:
        term = entry.term
        page = Page(edition, glossary_path(edition, term.slug), glossary_path(edition.other, term.slug))
        return self._render("term.html", page, **self._term_context(entry))

    def render_terms(self, entries: list[TermEntry], edition: Edition) -> Iterator[OutputFile]:
        """Term pages, in one shared frame (`_render_batch`)."""

        def page_at(slug: str) -> Page:
            return Page(edition, glossary_path(edition, slug), glossary_path(edition.other, slug))

        yield from self._render_batch(
            "term.html", page_at, [(entry.term.slug, self._term_context(entry)) for entry in entries]
        )

    @staticmethod
    def _term_context(entry: TermEntry) -> dict:
        return dict(
            term=entry.term,
            related=list(entry.related),
            places=entry.places,
            documents=entry.documents,
            glossary_path=glossary_path,
            document_path=document_path,
            search_page_path=search_page_path,
            total=entry.total,
            snippets_up_to=SNIPPETS_UP_TO,
            snippets_per_document=SNIPPETS_PER_DOCUMENT,
        )

    def render_terms_script(self, terms: list[Term], edition: Edition) -> OutputFile:
        """`<edition>/glossary/terms.js`: what the pop-ups show, once per edition instead of in every page.

        A script (not JSON to fetch) so that it loads from `file://` too; the pages load it on the
        first pop-up. Values are JSON strings, so nothing in them can end the script.
        """
        entries = {}
        for term in terms:
            english = term.english + (f" ({term.english_short})" if term.english and term.english_short else "")
            entry = {"t": term.key, "e": english}
            if term.full_name:
                entry["f"] = term.full_name
            if term.origin == "curated":
                entry["d"], entry["de"] = term.definition_zh, term.definition_en
            entries[term.slug] = entry
        data = json.dumps(entries, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        data = data.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        script = (
            "/* Lectern: glossary entries for the term pop-ups (generated). */\n"
            f"(window.LecternTerms = window.LecternTerms || {{}})[{json.dumps(edition.segment)}] = {data};\n"
        )
        return OutputFile(terms_script_path(edition), script.encode("utf-8"))

    def render_home(self, documents: list[Listing], edition: Edition, path: PurePosixPath | None = None) -> OutputFile:
        page = Page(edition, path or home_path(edition), home_path(edition.other))
        return self._render("home.html", page, documents=documents, document_path=document_path)
