"""The build, stage by stage: load -> parse -> glossary -> link -> convert -> render -> index -> check -> write."""

from __future__ import annotations

import multiprocessing
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .check import check_links
from .config import Config
from .conserve import check_documents_conserved
from .convert import Converter, read_overrides, term_to_traditional, to_traditional
from .errors import ContentError, ContentErrors, Problems
from .glossary import Occurrence, build_glossary, find_occurrences, read_glossary
from .link import add_backlinks, resolve_references
from .load import load_sources
from .mdext.terms import TermMatcher, mark_terms
from .model import Document, Edition, OutputFile, Term
from .offline import build_offline_files
from .parse import make_markdown, parse_document
from .register import find_recommendations, in_edition
from .render import Renderer
from .search import build_search_files
from .write import write_site


@dataclass(frozen=True)
class BuildResult:
    """What a build produced, for the CLI's summary line."""

    documents: list[Document]
    files: int
    report: list[str]
    """What the build found worth telling in --verbose mode (extracted abbreviations)."""
    warnings: list[ContentError]
    """Problems that fail the build only with --strict (references that lead nowhere)."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per stage, for --verbose and the benchmark."""


class Stopwatch:
    """Times the stages and tells the CLI which one is running (for progress on long builds)."""

    def __init__(self, on_stage=None):
        self.timings: dict[str, float] = {}
        self.on_stage = on_stage or (lambda name: None)
        self._name, self._started = "", time.perf_counter()

    def stage(self, name: str) -> None:
        now = time.perf_counter()
        if self._name:
            self.timings[self._name] = round(now - self._started, 3)
        self._name, self._started = name, now
        if name:
            self.on_stage(name)


def build_site(config: Config, on_stage=None) -> BuildResult:
    """Run every stage; raise ContentErrors before anything is written if a stage found problems."""
    problems = Problems()
    clock = Stopwatch(on_stage)
    clock.stage("load")
    # Everything that can be checked on its own is checked before the first stop, so that one
    # build reports the problems of every file: front matter, numbering, templates, overrides, glossary.
    sources = load_sources(config.content, problems)
    all_loaded = not problems.errors
    md = make_markdown()
    converter = Converter(read_overrides(config.overrides, problems))
    renderer = Renderer(config.template_dirs, md, converter, config.site_title, config.base_url)
    renderer.check_templates(problems)
    glossary_data = read_glossary(config.glossary, problems)

    clock.stage("parse")
    documents = [parse_document(source, problems, md) for source in sources]  # the files that loaded
    if all_loaded:  # an override or a term may occur only in a file that did not load
        try:  # the glossary is converted too; read_glossary reports one that is missing, a folder or not UTF-8
            glossary_text = [config.glossary.read_bytes().decode("utf-8", "replace")]
        except OSError:
            glossary_text = []
        for simplified, _, line in converter.unused_overrides([source.body for source in sources] + glossary_text):
            problems.add(str(config.overrides), line, f"override {simplified!r} matches nothing in the content")
    problems.raise_if_any()

    clock.stage("glossary")
    # The glossary needs every document parsed: abbreviations are extracted from the text.
    report: list[str] = []
    terms = build_glossary(glossary_data, documents, config.glossary, problems, report.append)
    problems.raise_if_any()
    matcher = TermMatcher(terms)
    for document in documents:
        document.terms_used = mark_terms(document.tokens, matcher)  # before conversion: same marks in both

    clock.stage("link")
    # References can point into any document, so they are resolved once all are parsed.
    backlinks, warnings = resolve_references(documents)
    add_backlinks(documents, backlinks, {d.meta.slug: d.meta.short_title_zh for d in documents})

    clock.stage("convert")
    editions = {
        Edition.HANS: documents,
        Edition.HANT: [to_traditional(document, converter) for document in documents],
    }
    terms_by_edition = {
        Edition.HANS: terms,
        Edition.HANT: [term_to_traditional(term, converter) for term in terms],
    }
    clock.stage("render")
    occurrences = find_occurrences(terms, documents)
    files = render_site(renderer, editions, terms_by_edition, occurrences, config.jobs)
    clock.stage("index")
    files.extend(build_search_files(editions, terms_by_edition, converter.convert))
    files.extend(collect_assets(config.asset_dirs))
    files.extend(build_offline_files(files))  # last: it lists and hashes everything above
    clock.stage("check")
    pages = {str(file.path): file.content for file in files}
    problems.errors.extend(check_documents_conserved(  # no text lost without an error, whatever the cause
        sources, lambda slug: pages[f"{Edition.HANS.segment}/{slug}/index.html"].decode("utf-8")))
    problems.raise_if_any()
    warnings.extend(check_links(files, config.out.name))
    if config.strict:
        problems.errors.extend(warnings)
        problems.raise_if_any()
    clock.stage("write")
    write_site(files, config.out)
    clock.stage("")
    return BuildResult(documents=documents, files=len(files), report=report, warnings=warnings,
                       timings=clock.timings)


_FORKED_STATE: tuple | None = None


def render_site(renderer: Renderer, editions: dict[Edition, list[Document]], terms: dict[Edition, list[Term]],
                occurrences: dict[str, list[Occurrence]], jobs: int = 1) -> list[OutputFile]:
    """Every page of both editions, plus the root home page (the Simplified home).

    The two editions are independent, so with two or more cores each is rendered in a forked
    process that inherits the parsed documents instead of receiving them pickled.
    """
    global _FORKED_STATE
    state = (renderer, editions, terms, occurrences)
    # Forking a process that runs other threads (serve's HTTP thread) can deadlock the child on a lock
    # some thread held at that instant; then the editions are rendered here, one after the other.
    if jobs > 1 and "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        _FORKED_STATE = state
        try:
            with multiprocessing.get_context("fork").Pool(min(jobs, len(editions))) as pool:
                parts = pool.map(_render_edition_in_fork, list(editions))
        finally:
            _FORKED_STATE = None
        for part in parts:  # in edition order, so the same broken template gives the same message
            if isinstance(part, ContentErrors):
                raise part
    else:
        parts = [list(render_edition(edition, *state)) for edition in editions]
    files = [file for part in parts if not isinstance(part, ContentErrors) for file in part]
    files.append(renderer.render_home(editions[Edition.HANS], Edition.HANS, PurePosixPath("index.html")))
    return files


def _render_edition_in_fork(edition: Edition) -> list[OutputFile] | ContentErrors:
    assert _FORKED_STATE is not None, "set by render_site before the pool forks"
    try:
        return list(render_edition(edition, *_FORKED_STATE))
    except ContentErrors as errors:  # returned, not raised: Pool.map would raise whichever came first
        return errors


def render_edition(edition: Edition, renderer: Renderer, editions: dict[Edition, list[Document]],
                   terms: dict[Edition, list[Term]], occurrences: dict[str, list[Occurrence]]):
    """Every page of one edition."""
    documents = editions[edition]
    yield renderer.render_home(documents, edition)
    for index, document in enumerate(documents):
        previous = documents[index - 1] if index > 0 else None
        following = documents[index + 1] if index + 1 < len(documents) else None
        yield renderer.render_document(document, edition, previous, following, terms[edition])
        yield from _paragraph_pages(renderer, document, edition)
    if terms[edition]:
        yield renderer.render_glossary(terms[edition], edition, occurrences)
        yield renderer.render_terms_script(terms[edition], edition)
        for term in terms[edition]:
            yield renderer.render_term(term, edition, terms[edition], occurrences[term.slug], documents)
    registers = {d.meta.slug: in_edition(find_recommendations(simplified), d)
                 for simplified, d in zip(editions[Edition.HANS], documents)}
    yield renderer.render_register(documents, edition, registers)
    yield renderer.render_search_page(edition)


def _paragraph_pages(renderer: Renderer, document: Document, edition: Edition):
    """One page per numbered paragraph, carrying its sub-items, for link previews."""
    blocks = document.blocks
    for index, block in enumerate(blocks):
        if block.kind != "paragraph":
            continue
        items = []
        for following in blocks[index + 1:]:
            if following.kind != "item":
                break
            items.append(following)
        yield renderer.render_paragraph(document, edition, block, items)


def collect_assets(folders: Path | list[Path]) -> list[OutputFile]:
    """The files of the asset folders under `assets/`; a later folder's file replaces an earlier one's."""
    found: dict[str, Path] = {}
    for folder in [folders] if isinstance(folders, Path) else folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                found[path.relative_to(folder).as_posix()] = path
    return [OutputFile(PurePosixPath("assets") / name, found[name].read_bytes()) for name in sorted(found)]
