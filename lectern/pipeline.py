"""The build, stage by stage: load -> parse -> glossary -> link -> render (map) -> index -> check -> write.

The map: each document's pages (both editions, the document and its paragraph pages) are a pure
function of the document and the shared tables (glossary entries it uses, resolved references,
backlinks into it, its neighbours' titles). They are rendered through the executor chosen in
executor.py, each unit skipped when the build cache knows its key, and written to the staging
folder by the worker that made them. The reduce steps (glossary with the abbreviations, reference
resolution, backlinks, the site-wide pages, search, the link check, the service worker) work on
records: blocks and page records, never on finished pages.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import marshal
import operator
import pickle
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, wait
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from . import urls
from .cache import BuildCache, code_digest, folder_digest, store_result, task_key
from .check import LinkCheck, page_record
from .config import Config
from .conserve import check_text_conserved
from .convert import Converter, read_overrides, term_to_traditional, to_traditional
from .errors import ContentError, ContentErrors, Problems
from .executor import bounded_map, fewer_full_collections, make_executor, submit_first, workers
from .glossary import (
    Abbreviation,
    Occurrence,
    build_glossary,
    document_abbreviations,
    find_occurrences,
    known_full_names,
    read_glossary,
)
from .keys import data_key
from .link import Citation, add_backlinks, apply_references, find_reference_sites, resolve_sites
from .load import load_sources, load_translations
from .mdext.terms import DocumentMatches, TermMatcher, mark_terms
from .model import Document, DocumentMeta, Edition, Listing, OutputFile, PageRecord, Source, Term, TranslationSource
from .offline import build_offline_files
from .parallel import alignment_warnings, attach_translations, parallel_tasks, render_parallel_pages
from .parse import make_markdown, parse_document
from .register import RegisterSection, find_recommendations, in_edition
from .render import Place, Renderer, Snippet, TermEntry, TermPlaces, snippet_digests
from .search import (
    SEARCH_UI,
    SearchJob,
    SearchMaker,
    TextJob,
    Texts,
    Volume,
    document_pairs,
    keep_manifests,
    make_here,
    piece_key,
    search_files,
)
from .write import STAMP, OutputChanged, SiteWriter, list_site, stage_file


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
    rendered: int = 0
    """Units of render work done (the rest came from the build cache)."""
    written: int = 0
    """Files written (a rebuild writes only the files whose content changed)."""


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


def build_site(config: Config, on_stage=None, executor: Executor | None = None) -> BuildResult:
    """Run every stage; raise ContentErrors before anything is written if a stage found problems.

    `executor` runs the per-document work (serve passes a long-lived one); by default one is made
    from `config.jobs` for this build.
    """
    with fewer_full_collections():
        try:
            return _build_site(config, on_stage, executor)
        except OutputChanged:  # files were deleted from the site by hand: nothing was moved, build it whole
            return _build_site(config, on_stage, executor, whole=True)


def _build_site(config: Config, on_stage, executor: Executor | None, whole: bool = False) -> BuildResult:
    problems = Problems()
    clock = Stopwatch(on_stage)
    with _executor(config, executor) as pool:  # made first: its fork server starts while the sources load
        clock.stage("load")
        # Everything that can be checked on its own is checked before the first stop, so that one
        # build reports the problems of every file: front matter, numbering, templates, overrides, glossary.
        sources = load_sources(config.content, problems)
        all_loaded = not problems.errors
        setup = RenderSetup.read(config, problems)
        # Checked in a worker while the sources parse; submitted from a thread, since a pool's first submit
        # waits for its fork server, and this process parses the first documents meanwhile (parse_all).
        templates, started = submit_first(pool, check_templates, setup)
        glossary_data = read_glossary(config.glossary, problems)
        clock.stage("parse")
        cache = BuildCache(config.out).load(STAMP)
        if whole:
            cache.forget()
        # What the output holds now, for a rebuild in place: listed by a worker (at 10x ~100 ms, 35-50 ms in
        # serve, write.list_site) while this process parses, finds the terms and links; later it would keep a
        # core from the edited document.
        listing = (
            submit_first(pool, list_site, str(config.out.resolve()))[0] if cache.previous_files is not None else None
        )
        known = known_full_names(glossary_data)  # the parse units find each document's abbreviations with them
        documents, abbreviations = parse_all(sources, problems, pool, cache, setup.salt, known, started)
        translations = load_translations(config.content, sources, problems, all_loaded=all_loaded)
        documents = attach_translations(documents, translations, problems)
        setup.check_overrides(config, sources, all_loaded=all_loaded, problems=problems)
        problems.errors.extend(templates.result())
        problems.raise_if_any()
        clock.stage("glossary")
        # The glossary needs every document parsed: abbreviations are extracted from the text.
        report: list[str] = []
        terms = build_glossary(glossary_data, documents, config.glossary, problems, report.append, abbreviations)
        problems.raise_if_any()
        clock.stage("link")
        # References can point into any document, so they are resolved once all are parsed.
        links = resolve_references(documents)
        warnings = links.warnings + alignment_warnings(documents)
        clock.stage("render")
        # Units write into the staging folder; each map waits for its running units before it gives up,
        # so none writes once the writer has removed the folder of a failed build.
        with SiteWriter(config.out, cache.previous_files, listing) as writer, _SearchJobs(pool, writer) as search_jobs:
            if not writer.in_place:
                cache.forget()
            site = render_site(setup, sources, documents, terms, links, pool, writer, cache, translations, search_jobs)
            clock.stage("index")
            manifests: dict[Edition, dict] = {}
            records = site.records + [
                file if isinstance(file, PageRecord) else writer.put(file, page_record(str(file.path), file.content))
                for file in itertools.chain(keep_manifests(site.search, manifests), collect_assets(config.asset_dirs))
            ]
            records += [
                writer.put(file, page_record(str(file.path), file.content))
                for file in build_offline_files(records, manifests)
            ]  # last: it lists and hashes everything above
            clock.stage("check")
            warnings.extend(_check_links(records, config.out.name).problems())
            if config.strict:
                problems.errors.extend(warnings)
                problems.raise_if_any()
            clock.stage("write")
            stamp = writer.commit(records)
    cache.save(stamp, records)
    cache.keep()
    clock.stage("")
    return BuildResult(
        documents=documents,
        files=len(records),
        report=report,
        warnings=warnings,
        timings=clock.timings,
        rendered=site.rendered,
        written=writer.written + site.written + search_jobs.written,
    )


def _executor(config: Config, executor: Executor | None):
    return (
        nullcontext(executor)
        if executor is not None
        else make_executor(config.jobs, config.overrides, config.template_dirs)
    )


# --- parse and link: the parent process, on the whole library -------------------------------------------

_PARSED: dict[tuple[Source, tuple], Parsed] = {}
"""Parsed documents (records, without tokens) by source and curated full names: a rebuild in `serve`
parses only what changed."""


@dataclass(frozen=True)
class Parsed:
    """What a parse unit returns of a document that parsed without problems."""

    document: Document
    """The record, without tokens."""
    abbreviations: list[Abbreviation]
    """Its `全称(简称)` definitions (glossary.document_abbreviations), for the glossary stage."""


def parse_all(
    sources: list[Source],
    problems: Problems,
    pool: Executor,
    cache: BuildCache | None = None,
    salt: str = "",
    known: dict[str, str] | None = None,
    started: threading.Event | None = None,
) -> tuple[list[Document], dict[str, list[Abbreviation]]]:
    """The record of each parsed document (blocks, headings, footnotes and its reference sites, not its
    tokens), and its abbreviations by its source's digest (found with the curated full names `known`).

    The tokens of every document at once would be the largest thing a build holds; the render
    workers parse their document again instead (a pure function of the source). A document is parsed
    in the pool (the build's first work on every core) unless this process (`serve`) or the build
    cache knows it; one parsed without problems is kept for the next build in both. Until `started`
    is set (the pool's workers are starting, see executor.submit_first), documents are parsed here.
    """
    known = known or {}
    known_key = tuple(sorted(known.items()))
    parsed: list[Parsed | None] = []
    missing: list[tuple[int, str, str]] = []
    for source in sources:
        found = _PARSED.get((source, known_key))
        digest = source_digest(source) if found is None else found.document.source_digest
        key = task_key(salt, "parse", digest, known_key)
        if found is None and cache is not None:
            found = cache.known(key)
        if found is None:
            missing.append((len(parsed), digest, key))
        else:
            _keep_parsed(source, known_key, found, key, cache)
        parsed.append(found)
    items = [
        (sources[index], digest, cache.store_path(key) if cache is not None else None) for index, digest, key in missing
    ]
    # One document (a rebuild after an edit) is parsed here, where the build would wait for it anyway; the
    # workers, idle until its pages are made, parse it meanwhile for them (parse_ahead).
    if len(items) == 1 and workers(pool) > 1:
        for _ in range(workers(pool)):
            pool.submit(parse_ahead, items[0][0])
    made: Iterable[tuple[bytes, list]]
    if len(items) == 1:
        made = parse_units(items, known)
    else:  # PARSE_JOIN documents to a call; their results one by one, in order
        calls = [items[start : start + PARSE_JOIN] for start in range(0, len(items), PARSE_JOIN)]
        made = itertools.chain.from_iterable(
            bounded_map(pool, functools.partial(parse_units, known=known), calls, started=started)
        )
    for (index, _, key), (blob, errors) in zip(missing, made):
        parsed[index] = found = pickle.loads(blob)
        problems.errors.extend(errors)
        if not errors:
            _keep_parsed(sources[index], known_key, found, key, cache)
    kept = [found for found in parsed if found is not None]
    return [found.document for found in kept], {found.document.source_digest: found.abbreviations for found in kept}


PARSE_JOIN = 2
"""Documents per call to the workers in the parse map. A parse unit's result (the document's record) is large
and the build process reads each as it comes: at 50x the workers waited ~3 ms between two units, a tenth of
the parse stage. Interleaved 50x builds, two to a call against one: 0.965x the wall, 0.98x the CPU (4 pairs)."""


def parse_units(items: list[tuple[Source, str, str | None]], known: dict[str, str] | None = None) -> list:
    """A worker's unit: `parse_unit` of each of a few documents."""
    return [parse_unit(item, known) for item in items]


def parse_record(
    source: Source, known: dict[str, str] | None = None
) -> tuple[Document, list[ContentError], list[Abbreviation]]:
    """The document's record without its tokens, the problems its text has, and its abbreviations (found in
    the parse unit, on every core, rather than by the glossary stage over the library)."""
    problems = Problems()
    parsed = parse_document(source, problems, _markdown())
    record = dataclasses.replace(parsed, tokens=[], references=find_reference_sites(parsed))
    return record, problems.errors, document_abbreviations(record, known or {})


def parse_unit(item: tuple[Source, str, str | None], known: dict[str, str] | None = None) -> tuple[bytes, list]:
    """A worker's unit: `parse_record` of a source whose digest is given, as a Parsed pickled here, and the
    problems. A document without problems is written to the build cache's file `store` (when the cache wants
    it) by this worker, as render units do (`_run`): at 50x pickling and writing them took the build process
    0.27 s while the workers parsed."""
    source, digest, store = item
    document, errors, own = parse_record(source, known)
    blob = pickle.dumps(Parsed(dataclasses.replace(document, source_digest=digest), own), protocol=5)
    if store is not None and not errors:
        try:
            store_result(store, blob)
        except OSError:  # the cache's save writes it, or the next build parses the document again
            pass
    return blob, errors


_AHEAD: dict[Source, Document] = {}
"""A document parsed in this worker before its pages were asked for (parse_ahead), by its source."""


def parse_ahead(source: Source) -> None:
    """A worker's unit in a rebuild of one edited document: the document parsed (tokens and all) while the
    build process parses it for its record and then finds the terms and links, which takes it as long again.
    The unit that renders the document's pages in this worker takes it instead of parsing (`_parsed`): a
    rebuild's parts, one per edition and worker, each start with the document parsed (35 ms of the panel
    report). Kept for one source at a time; a worker that did not parse it ahead parses it in its unit."""
    if source not in _AHEAD:
        _AHEAD.clear()
        _AHEAD[source] = parse_document(source, Problems(), _markdown())


def _parsed(source: Source) -> Document:
    """The document with its tokens: parsed ahead in this process, once, or parsed now."""
    found = _AHEAD.pop(source, None)
    return found if found is not None else parse_document(source, Problems(), _markdown())


def _keep_parsed(source: Source, known_key: tuple, parsed: Parsed, key: str, cache: BuildCache | None) -> None:
    if len(_PARSED) > 4096:
        _PARSED.clear()
    _PARSED[source, known_key] = parsed
    if cache is not None:
        cache.remember(key, parsed)


def source_digest(source: Source) -> str:
    return task_key("", source.path, source.body_line, repr(source.meta), source.body)


@functools.lru_cache(maxsize=1)
def _markdown():
    return make_markdown()


def check_templates(setup: RenderSetup) -> list[ContentError]:
    """A worker's unit, the build's first: every template compiled, so that a syntax error is a `path:line`
    problem before any page is made. The worker keeps them compiled for the pages it renders next."""
    problems = Problems()
    setup.tools().renderer.check_templates(problems)
    return problems.errors


@dataclass(frozen=True)
class Links:
    """What the link stage decided, per document: where each reference leads, and who cites what."""

    decisions: dict[str, list]
    backlinks: dict[tuple[str, str], list[Citation]]
    warnings: list[ContentError]


def resolve_references(documents: list[Document]) -> Links:
    decisions, backlinks, warnings = resolve_sites(documents, {d.meta.slug: d.references for d in documents})
    return Links(decisions, backlinks, warnings)


# --- render: the map over documents, then the site-wide pages ---------------------------------------------


@dataclass(frozen=True)
class RenderSetup:
    """What a render worker needs to make its own Renderer and Converter (once per worker and setup)."""

    templates: tuple[Path, ...]
    """The template search path: the project's folder, then the defaults."""
    overrides: tuple[tuple[str, str, int], ...]
    site_title: str
    base_url: str | None
    salt: str
    """Lectern's code, the templates, the overrides and the settings pages show: part of every cache key."""

    @staticmethod
    def read(config: Config, problems: Problems) -> RenderSetup:
        overrides = tuple(read_overrides(config.overrides, problems))
        templates = tuple(config.template_dirs)
        folders = ":".join(folder_digest(folder) for folder in templates)
        setup = RenderSetup(
            templates,
            overrides,
            config.site_title,
            config.base_url,
            task_key(f"{code_digest()}:{folders}", overrides, config.site_title, config.base_url),
        )
        return setup

    def tools(self) -> Tools:
        return _tools(self)

    def check_overrides(self, config: Config, sources: list[Source], *, all_loaded: bool, problems: Problems) -> None:
        if not all_loaded:  # an override or a term may occur only in a file that did not load
            return
        try:  # the glossary is converted too; read_glossary reports one that is missing, a folder or not UTF-8
            glossary_text = [config.glossary.read_bytes().decode("utf-8", "replace")]
        except OSError:
            glossary_text = []
        for simplified, _, line in self.tools().converter.unused_overrides(
            [source.body for source in sources] + glossary_text
        ):
            problems.add(str(config.overrides), line, f"override {simplified!r} matches nothing in the content")


@dataclass(frozen=True)
class Tools:
    converter: Converter
    renderer: Renderer


@functools.lru_cache(maxsize=2)
def _tools(setup: RenderSetup) -> Tools:
    converter = Converter(list(setup.overrides))
    renderer = Renderer(list(setup.templates), _markdown(), converter.convert, setup.site_title, setup.base_url)
    return Tools(converter, renderer)


@dataclass(frozen=True)
class Glossary:
    """The glossary in both scripts, as the document units read it: one record for the whole build.

    Sent to a worker as its digest and its terms' fields marshalled once per build (a few hundred
    entries: pickled with every unit, they were most of its bytes); the worker makes the Terms once
    per digest (`_glossary`) and every later unit of the build finds them there."""

    terms: tuple[Term, ...]
    terms_hant: tuple[Term, ...]
    digest: str
    data: bytes = field(repr=False, compare=False)
    """Both scripts' entries as plain fields, marshalled: what a worker receives."""

    @staticmethod
    def of(terms: list[Term], terms_hant: list[Term]) -> Glossary:
        fields = _term_fields(terms), _term_fields(terms_hant)
        return Glossary(tuple(terms), tuple(terms_hant), task_key("", fields), marshal.dumps(fields, 2))

    def __reduce__(self):
        return (_glossary, (self.digest, self.data))


_TERM_FIELDS = tuple(field.name for field in dataclasses.fields(Term))


def _term_fields(terms) -> tuple:
    return tuple(tuple(getattr(term, name) for name in _TERM_FIELDS) for term in terms)


_GLOSSARIES: dict[str, Glossary] = {}
"""In a worker: the glossaries received, by digest (one per build; a few kept for `serve`'s next builds)."""


def _glossary(digest: str, data: bytes) -> Glossary:
    found = _GLOSSARIES.get(digest)
    if found is None:
        if len(_GLOSSARIES) >= 4:
            _GLOSSARIES.clear()
        terms, terms_hant = (tuple(Term(*fields) for fields in group) for group in marshal.loads(data))
        found = _GLOSSARIES[digest] = Glossary(terms, terms_hant, digest, data)
    return found


@dataclass(frozen=True)
class DocumentTask:
    """Everything one document's pages read; the worker parses, marks, links and converts it."""

    source: Source
    previous: Document | None
    """The neighbours, titles only, for the pager."""
    following: Document | None
    glossary: Glossary
    """The glossary, Simplified and Traditional (the marks come from its forms)."""
    marks: str
    """Digest of the glossary's forms and slugs: all of the terms above the pages show (the marks link to
    the glossary; the definitions are in `<edition>/glossary/terms.js`, not in the document pages)."""
    decisions: tuple
    """Where each reference of the document leads, in token order (link.resolve_sites)."""
    citations: dict[str, list[Citation]]
    """Backlinks into the document: the places citing each of its anchors."""
    short_titles: dict[str, str]
    """Titles of the citing documents."""
    source_digest: str
    translations: tuple = ()
    """The document's language versions, records without tokens (the pages link to them)."""
    editions: tuple[Edition, ...] = tuple(Edition)
    """The editions whose pages this unit makes: both, or one when a rebuild spreads a unit over the cores."""

    def key(self) -> tuple:
        """What the pages read, in small: the source (the tokens are a function of it), the glossary, every
        resolved reference and backlink, and the neighbours' titles."""
        neighbours = tuple(d.meta if d else None for d in (self.previous, self.following))
        versions = tuple((t.meta, t.source_digest) for t in self.translations)
        return (
            self.source_digest,
            self.marks,
            self.decisions,
            self.citations,
            self.short_titles,
            neighbours,
            versions,
            self.editions,
        )

    def parts(self) -> list[DocumentTask]:
        """The unit cut in one per edition (their results, joined, are the unit's: `DocumentPages.join`)."""
        return [dataclasses.replace(self, editions=(edition,)) for edition in self.editions]

    def areas(self) -> list[tuple[str, ...]]:
        return [_area(str(urls.document(edition, self.source.meta.slug))) for edition in Edition]


@dataclass(frozen=True)
class DocumentPages:
    """What rendering one document left for the reduce steps: its Traditional record and its files' records."""

    traditional: Document | None
    """Without tokens: meta, blocks, headings and footnotes in the Traditional script."""
    records: list[PageRecord]
    written: int = 0
    places: dict[str, list[Occurrence]] = field(default_factory=dict)
    """The document's places of each term that occurs in it (found in the Simplified text; the same blocks
    and offsets in both scripts), for the term pages."""
    snippets: dict[Edition, dict[str, str]] = field(default_factory=dict)
    """Per edition made, what the term pages show of those places, digested (render.snippet_digests): the
    term pages' keys are made of these, so no snippet is cut for a term page the cache knows."""
    pairs: str = ""
    """The characters that differ between the document's editions (search.document_pairs), for the fold
    table of the search index; made with the Traditional record."""

    @staticmethod
    def join(parts: list[DocumentPages]) -> DocumentPages:
        """The results of a unit's parts as the whole unit returns them: records in the parts' order."""
        traditional = next((part.traditional for part in parts if part.traditional is not None), None)
        records = [record for part in parts for record in part.records]
        snippets = {edition: digests for part in parts for edition, digests in part.snippets.items()}
        pairs = "".join(part.pairs for part in parts)  # one part makes the Traditional record and its pairs
        written = sum(part.written for part in parts)
        return DocumentPages(traditional, records, written, parts[0].places, snippets, pairs)


@dataclass(frozen=True)
class SiteTask:
    """The pages of one edition that list the whole library: home, glossary, register, search page."""

    edition: Edition
    documents: list[Listing]
    """This edition's documents, as the lists show them (an edit of a paragraph's text changes none of it)."""
    terms: list[Term]
    counts: dict[str, int]
    """Places of each term, by slug (the glossary page shows the number)."""
    registers: dict[str, list[RegisterSection]]
    register_keys: tuple[str, ...]
    """A key of each document's register above, in order (made once per document: `_register`)."""
    glossary: str
    """The glossary's digest (`Glossary.digest`): the terms above are this edition's of it."""

    def key(self) -> tuple:
        """All of the task: the pages read nothing else."""
        return (self.edition, self.documents, self.glossary, self.counts, self.register_keys)

    def areas(self) -> list[tuple[str, ...]]:
        paths = [
            urls.home(self.edition),
            urls.glossary(self.edition),
            urls.register(self.edition),
            urls.search_page(self.edition),
            urls.root_home(),
        ]
        return sorted({_area(str(path)) for path in paths})


@dataclass(frozen=True)
class TermTask:
    """A few term pages of one edition, terms[start:stop]; each reads its own entry only, so an edit
    re-renders few."""

    edition: Edition
    places: TermPlaces
    """The edition's tables (in this process: a worker receives the entries, see __reduce__)."""
    start: int
    stop: int
    marks: str
    """Digest of the glossary's forms: with a document's source, they fix its places of every term."""

    def areas(self) -> list[tuple[str, ...]]:
        return [_area(str(urls.glossary(self.edition)))]

    def key(self) -> tuple:
        """Each entry's term, related terms, count and titles, and per document with places a digest of them
        (TermPlaces.outline), and the front matter of every document (the entries carry it whole, for the
        template): no snippet is cut for a unit the cache knows."""
        return (self.edition, self.marks, self.places.titles_key, self.places.outline(self.start, self.stop))

    def entries(self) -> list[TermEntry]:
        return self.places.entries(self.start, self.stop)

    def __reduce__(self):
        """Sent to a worker as the entries its pages show, made now (only for a unit that renders), not as
        the tables of the whole library."""
        return (TermEntries, (self.edition, _entries_data(self.places, self.start, self.stop)))


@dataclass(frozen=True)
class TermEntries:
    """A TermTask as a worker receives it: its entries as plain fields, marshalled (`_entries_data`)."""

    edition: Edition
    data: bytes

    def entries(self) -> list[TermEntry]:
        return _entries_of(self.data)


def _entries_data(places: TermPlaces, start: int, stop: int) -> bytes:
    """The entries of terms[start:stop] as nested tuples of their fields, marshalled: a unit lists hundreds of
    places, and as pickled objects they cost the main process (which makes them) and the worker more than the
    pages do. Made from `TermPlaces.entry_fields`, with no TermEntry or Snippet made on the way."""
    named: set[str] = set()
    made = []
    for term, related, grouped, pointed, total in places.entry_fields(start, stop):
        named.update(group[0] for group in grouped)
        named.update(pointed)
        made.append(
            (
                _term_fields([term])[0],
                _term_fields(related),
                tuple(
                    (
                        slug,
                        count,
                        tuple(_place_fields(place) + parts for place, parts in shown),
                        tuple(map(_place_fields, rest)),
                    )
                    for slug, count, shown, rest in grouped
                ),
                tuple((slug, slug) for slug in pointed),
                total,
            )
        )
    fields = places.title_fields
    # Version 4 writes a string the unit repeats (a document's slug, an anchor, a number) once and refers to
    # it after: at 50x a third less time to read in the worker than version 2, and a tenth fewer bytes.
    return marshal.dumps(({slug: fields[slug] for slug in fields.keys() & named}, made), 4)


_place_fields = operator.attrgetter("anchor", "number")
"""What a term page shows of a place (render.Place): where it links."""


def _entries_of(data: bytes) -> list[TermEntry]:
    titles_data, made = marshal.loads(data)
    titles = {slug: Document(DocumentMeta(*meta), path, [], [], []) for slug, (meta, path) in titles_data.items()}
    return [
        TermEntry(
            Term(*term),
            tuple(Term(*fields) for fields in related),
            [
                (
                    titles[slug],
                    count,
                    [(Place(*place[:2]), Snippet(*place[2:])) for place in shown],
                    list(map(Place._make, rest)),
                )
                for slug, count, shown, rest in grouped
            ],
            {slug: titles[title] for slug, title in documents},
            total,
        )
        for term, related, grouped, documents, total in made
    ]


TERMS_PER_TASK = 8
PLACES_PER_TASK = 400
"""Term pages per unit: at most 8, fewer when they list many places, so that an edit near a common term
re-renders its page and few others."""


def term_batches(terms: list[Term], counts: dict[str, int]) -> Iterator[tuple[int, int]]:
    """Runs [start, stop) of terms, one unit of render work each."""
    start, size = 0, 0
    for index, term in enumerate(terms):
        places = counts.get(term.slug, 0) + 1
        if index > start and (index - start >= TERMS_PER_TASK or size + places > PLACES_PER_TASK):
            yield start, index
            start, size = index, 0
        size += places
    if start < len(terms):
        yield start, len(terms)


@dataclass
class SiteRender:
    records: list[PageRecord]
    search: Iterator[OutputFile | PageRecord]
    rendered: int
    written: int


def render_site(
    setup: RenderSetup,
    sources: list[Source],
    documents: list[Document],
    terms: list[Term],
    links: Links,
    pool: Executor,
    writer: SiteWriter,
    cache: BuildCache,
    translations: list[TranslationSource] | None = None,
    search_jobs: SearchMaker = make_here,
) -> SiteRender:
    """Every page of both editions: the map over documents, then one unit per edition for the rest."""
    # In a worker: the main process makes no OpenCC converter (its dictionaries take about 30 MiB).
    terms_hant, ui_hant = _traditional_names(pool, setup, terms)
    marks = task_key("", sorted(TermMatcher(terms).slug_of.items()))
    by_path = {source.path: source for source in sources}

    pager = [Document(document.meta, document.path, [], [], []) for document in documents]  # titles only
    cited: dict[str, dict[str, list[Citation]]] = {}
    for (slug, anchor), places in links.backlinks.items():
        cited.setdefault(slug, {})[anchor] = places
    titles = {document.meta.slug: document.meta.short_title_zh for document in documents}
    glossary = Glossary.of(terms, terms_hant)
    tasks = []
    for index, document in enumerate(documents):
        citations = dict(sorted(cited.get(document.meta.slug, {}).items()))
        citing = sorted({citation.document for places in citations.values() for citation in places})
        tasks.append(
            DocumentTask(
                by_path[document.path],
                pager[index - 1] if index else None,
                pager[index + 1] if index + 1 < len(pager) else None,
                glossary,
                marks,
                tuple(links.decisions[document.meta.slug]),
                citations,
                {slug: titles[slug] for slug in citing},
                document.source_digest,
                tuple(document.translations),
            )
        )
    made_registers: dict[tuple[str, Edition, str], tuple[list[RegisterSection], str]] = {}
    edition_registers: dict[Edition, dict[str, tuple[list[RegisterSection], str]]] = {
        edition: {} for edition in Edition
    }
    render = _Cached(setup, writer, cache)
    # The map over documents also finds each one's places of the terms, in the workers; meanwhile this
    # process finds each document's recommendations register (as its result comes: the workers are busy).
    # The longest documents go first, so that the last units to finish are short ones and both cores stay
    # busy to the end of the map (at 50x one core waited up to 0.17 s for the other's last long document);
    # what comes back is put in library order.
    order = sorted(range(len(tasks)), key=lambda index: -len(tasks[index].source.body))
    Registers = tuple[list[RegisterSection], str]
    found: list[tuple[DocumentPages, Registers, Registers | None] | None] = [None] * len(tasks)
    for index, result in zip(order, render.map(pool, render_document_pages, [tasks[i] for i in order], spread=True)):
        document = documents[index]
        digest = document.source_digest
        simplified = _register(setup.salt, Edition.HANS, document, digest, made_registers)
        traditional_register = (
            _register(setup.salt, Edition.HANT, result.traditional, digest, made_registers, simplified[0])
            if result.traditional is not None
            else None
        )
        found[index] = (result, simplified, traditional_register)
    pages: list = []  # DocumentPages
    for document, made in zip(documents, found):
        assert made is not None
        pages.append(made[0])
        simplified, traditional_register = made[1], made[2]
        edition_registers[Edition.HANS][document.meta.slug] = simplified
        if traditional_register is not None:
            edition_registers[Edition.HANT][document.meta.slug] = traditional_register
    del found
    traditional = [result.traditional for result in pages]
    pairs = [result.pairs for result in pages]
    occurrences: dict[str, list[Occurrence]] = {term.slug: [] for term in terms}
    for result in pages:  # in library order
        for slug, places in result.places.items():
            occurrences[slug].extend(places)
    counts = {slug: len(places) for slug, places in occurrences.items()}
    digests = {
        edition: {document.meta.slug: result.snippets[edition] for document, result in zip(documents, pages)}
        for edition in Edition
    }
    del pages
    editions = {Edition.HANS: documents, Edition.HANT: traditional}
    # The search files (volumes, then each document's text fragments) need every document of both editions,
    # nothing more: started now, they are made on the cores while the rest of the pages are; their records
    # are streamed in the index stage, where the manifests are made.
    search = search_files(
        editions,
        {Edition.HANS: terms, Edition.HANT: terms_hant},
        ui_hant.__getitem__,
        cache,
        setup.salt,
        search_jobs,
        pairs,
    )
    versions = parallel_tasks(sources, documents, terms, terms_hant, marks, links.decisions, translations or [])
    list(render.map(pool, render_parallel_pages, versions))
    _REGISTERS.clear()
    _REGISTERS.update(made_registers)
    site_tasks = [
        SiteTask(
            edition,
            [Listing.of(document) for document in editions[edition]],
            terms if edition is Edition.HANS else terms_hant,
            counts,
            {slug: sections for slug, (sections, _) in edition_registers[edition].items()},
            tuple(key for _, key in edition_registers[edition].values()),
            glossary.digest,
        )
        for edition in editions
    ]
    term_tasks = (  # the snippets of every place of every term are many: made only for the units that render
        TermTask(task.edition, table, start, stop, marks)
        for task in site_tasks
        for table in [TermPlaces(task.terms, occurrences, editions[task.edition], digests[task.edition])]
        for start, stop in term_batches(task.terms, counts)
    )
    # One map for both: the term pages' units are handed out behind the site pages', not once those are back
    # (at 50x both workers waited 0.06-0.1 s for the first term units while this process made them).
    list(render.map(pool, render_listing_pages, itertools.chain(site_tasks, term_tasks), join=LISTING_JOIN))
    return SiteRender(render.records, search, render.rendered, render.written)


_LAST_CHECK: list[LinkCheck] = []
"""This process's last link check (`serve`'s next build checks again only the pages that changed)."""


def _check_links(records: list[PageRecord], site_name: str) -> LinkCheck:
    check = _LAST_CHECK[0].since(records, site_name) if _LAST_CHECK else LinkCheck.of(records, site_name)
    _LAST_CHECK[:] = [check]
    return check


_REGISTERS: dict[tuple[str, Edition, str], tuple[list[RegisterSection], str]] = {}
"""The last build's register of each document and its key, by (salt, edition, source digest): `serve`
finds those of every document an edit left alone here."""


def _register(
    salt: str,
    edition: Edition,
    document: Document,
    source: str,
    made: dict[tuple[str, Edition, str], tuple[list[RegisterSection], str]],
    simplified: list[RegisterSection] | None = None,
) -> tuple[list[RegisterSection], str]:
    """A document's recommendations register in one edition (`simplified`: the Simplified one, for the
    Traditional), and a key of it: a function of the document's source (digest `source`), so found once
    per source."""
    memo = (salt, edition, source)
    found = _REGISTERS.get(memo) if source else None
    if found is None:
        sections = find_recommendations(document) if simplified is None else in_edition(simplified, document)
        found = (sections, task_key("", sections))
    if source:
        made[memo] = found  # this build's, the next one's _REGISTERS
    return found


def traditional_names(
    setup: RenderSetup, terms: list[Term], texts: tuple[str, ...]
) -> tuple[list[Term], dict[str, str]]:
    """A worker's unit: the glossary and the search files' words (`texts`) in Traditional."""
    converter = setup.tools().converter
    return [term_to_traditional(term, converter) for term in terms], {text: converter.convert(text) for text in texts}


_NAMES: dict[str, tuple[list[Term], dict[str, str]]] = {}
"""The last build's glossary and search words in Traditional, by a key of the terms (and the salt, which holds
the overrides): `serve`'s next build finds them here instead of waiting for a worker to convert them again."""


def _traditional_names(pool: Executor, setup: RenderSetup, terms: list[Term]) -> tuple[list[Term], dict[str, str]]:
    key = data_key(setup.salt, _term_fields(terms), SEARCH_UI)
    found = _NAMES.get(key)
    if found is None:
        found = pool.submit(traditional_names, setup, terms, tuple(SEARCH_UI)).result()
        _NAMES.clear()
        _NAMES[key] = found
    return found


class _Cached:
    """Runs units of render work through the executor, except those whose key the cache knows."""

    def __init__(self, setup: RenderSetup, writer: SiteWriter, cache: BuildCache):
        self.setup, self.writer, self.cache = setup, writer, cache
        self.records: list[PageRecord] = []
        self.rendered = self.written = 0
        self.areas: dict[tuple[str, ...], dict[str, str]] = {}
        for path, digest in (writer.previous or {}).items():
            self.areas.setdefault(_area(path), {})[path] = digest

    def _previous(self, task) -> dict[str, str] | None:
        """The digests of the files now in the output where this task writes (None: writing a whole site)."""
        if self.writer.previous is None:
            return None
        return {path: digest for area in task.areas() for path, digest in self.areas.get(area, {}).items()}

    def map(self, pool: Executor, work: Callable, tasks: Iterable, spread: bool = False, join: int = 1):
        """The results of `work` over `tasks`, in order; tasks are taken as they are needed, with at most
        a window of them submitted and not yet consumed (the tasks and results of a library are many).

        With `spread`, when fewer units must be made than there are workers (a rebuild after an edit),
        each is cut in its parts (`task.parts()`, joined by the result type's `join`), one per worker.
        With `join`, when many units must be made (JOIN_WHEN per worker and more: a clean build), up to
        `join` of them that follow each other go to a worker in one call (`_run_all`), each still with its
        own key and cache file: small units (a few term pages) cost the main process about 1 ms each to
        send and receive, and the workers waited for it."""
        staging = self.writer.staging
        assert staging is not None, "the writer is open while the units run"
        unit = functools.partial(_run, work, self.setup, staging)
        window = 2 * workers(pool)
        keyed: Iterable[tuple[str, object]] = ((task_key(self.setup.salt, work.__name__, t.key()), t) for t in tasks)
        cut = False
        if spread or join > 1:
            keyed = list(keyed)
            making = sum(not self.cache.has(key) for key, _ in keyed)
            cut = spread and 0 < making < workers(pool)
            join = join if making >= JOIN_WHEN * join * workers(pool) else 1
            window *= join
        pending: deque[tuple[str, object, bool]] = deque()
        group: list[tuple[str, tuple]] = []

        def submit_group() -> None:
            future = pool.submit(_run_all, work, self.setup, staging, [item for _, item in group])
            pending.extend((key, _Member(future, index), True) for index, (key, _) in enumerate(group))
            group.clear()

        try:
            for key, task in keyed:
                known = self.cache.known(key)
                if known is None:
                    previous = self._previous(task)
                    if cut:
                        futures = [pool.submit(unit, (previous, part, None)) for part in task.parts()]  # type: ignore[attr-defined]
                        pending.append((key, _Joined(futures), True))
                    elif join > 1:
                        group.append((key, (previous, task, self.cache.store_path(key))))
                        if len(group) == join:
                            submit_group()
                    else:
                        pending.append((key, pool.submit(unit, (previous, task, self.cache.store_path(key))), True))
                else:
                    if group:  # results come in order: the units before this one go now
                        submit_group()
                    pending.append((key, known, False))
                while pending and (len(pending) > window or not pending[0][2]):
                    yield self._finish(*pending.popleft())
            if group:
                submit_group()
            while pending:
                yield self._finish(*pending.popleft())
        finally:  # a unit failed (or the caller stopped early): none may write once the staging folder goes
            running = [future for _, future, fresh in pending if fresh and not future.cancel()]  # type: ignore[attr-defined]
            wait([part for future in running for part in getattr(future, "futures", [future])])

    def _finish(self, key: str, result, fresh: bool):
        if fresh:
            result = result.result()
            if isinstance(result, bytes):  # a whole unit's result, pickled by its worker (see _run)
                result = pickle.loads(result)
            self.rendered += 1
            self.written += result.written
        self.cache.remember(key, result)
        self.records.extend(result.records)
        return result


class _SearchJobs:
    """The build's SearchMaker: every search job (a document's text fragments, a volume's index) handed to
    the executor at once, made and written into the staging folder by a worker (only the files whose
    content changed, when updating in place), which returns its records. Used as a context: on the way
    out, no job may still be writing."""

    def __init__(self, pool: Executor, writer: SiteWriter):
        self.pool, self.writer = pool, writer
        self.futures: list = []
        self.written = 0
        self._previous: dict[str, dict[str, str]] | None = None

    def __enter__(self) -> _SearchJobs:
        return self

    def __exit__(self, *failure) -> None:
        running = [future for future in self.futures if not future.cancel()]
        wait(running)

    def __call__(self, jobs: list[SearchJob]) -> Iterator[dict[Edition, tuple[Volume | Texts, list]]]:
        staging = self.writer.staging
        assert staging is not None, "the writer is open while the search files are made"
        futures = [self.pool.submit(write_search_files, staging, self.previous(job), job) for job in jobs]
        self.futures.extend(futures)
        return self._results(futures)

    def _results(self, futures: list) -> Iterator[dict[Edition, tuple[Volume | Texts, list]]]:
        for future in futures:
            made, written = future.result()
            self.written += written
            yield made

    def previous(self, job: SearchJob) -> dict[str, str] | None:
        """The digests of the files now in the output that the job may replace."""
        if self.writer.previous is None:
            return None
        if isinstance(job, TextJob):
            return {path: self.writer.previous[path] for path in job.paths() if path in self.writer.previous}
        if self._previous is None:  # once per build: by the volume's place, `search/<edition>/index/<volume>-`
            self._previous = {}
            for path, digest in self.writer.previous.items():
                self._previous.setdefault(path.rpartition("-")[0], {})[path] = digest
        found: dict[str, str] = {}
        for edition in job.parts:
            found.update(
                self._previous.get(str(urls.search_file(edition, piece_key(job.number, ""))).rpartition("-")[0], {})
            )
        return found


def write_search_files(
    staging: Path, previous: dict[str, str] | None, job: SearchJob
) -> tuple[dict[Edition, tuple[Volume | Texts, list]], int]:
    """A worker's unit: a search job's files in each edition (a volume's index pieces, a document's text
    fragments), written into the staging folder (only those whose content changed, with `previous`);
    returned as records."""
    made: dict[Edition, tuple[Volume | Texts, list]] = {}
    written = 0
    for edition, (found, files) in job.make().items():
        for file, record in zip(files, found.records):
            if previous is None or previous.get(record.path) != record.digest:
                stage_file(staging, file.path, file.content)
                written += 1
        made[edition] = (found, list(found.records))
    return made, written


JOIN_WHEN = 8
"""`_Cached.map` joins units only when at least this many calls per worker remain after joining."""
LISTING_JOIN = 8
"""Units of list and term pages per call in a clean build. Interleaved 50x builds against four to a call
(5 pairs each, twice): 0.94-0.97x the wall and 0.96x the CPU; sixteen took as little CPU but the last calls
left a worker idle at the end."""


class _Member:
    """One unit's share of a call that made several (`_run_all`), answering as the unit's own future would."""

    def __init__(self, future: Future, index: int):
        self.future, self.index = future, index
        self.futures = [future]

    def result(self):
        return self.future.result()[self.index]

    def cancel(self) -> bool:
        return self.future.cancel()


class _Joined:
    """The futures of a unit's parts, answering as the unit's own future would."""

    def __init__(self, futures: list):
        self.futures = futures

    def result(self):
        wait(self.futures)  # no part may still be writing into the staging folder when another one failed
        parts = [pickle.loads(future.result()) for future in self.futures]
        return type(parts[0]).join(parts)

    def cancel(self) -> bool:
        return all([future.cancel() for future in self.futures])


def _without_tokens(document: Document) -> Document:
    return dataclasses.replace(document, tokens=[])


def _area(path: str) -> tuple[str, ...]:
    """The first two parts of a site path: the folder a unit of render work writes in (or the file)."""
    return tuple(path.split("/", 2)[:2])


def _run(work: Callable, setup: RenderSetup, staging: Path, item: tuple) -> bytes:
    """A unit of render work; its result pickled here, as it travels to the main process, and written to the
    build cache's file `store` (when the cache wants it) by this worker, not by the main process."""
    previous, task, store = item
    blob = pickle.dumps(work(setup, staging, previous, task), protocol=5)
    if store is not None:
        try:
            store_result(store, blob)
        except OSError:  # the cache's save writes it, or the next build renders the unit again
            pass
    return blob


def _run_all(work: Callable, setup: RenderSetup, staging: Path, items: list[tuple]) -> list[bytes]:
    """Several units of render work in one call (see `_Cached.map`'s `join`), each as `_run` makes it."""
    return [_run(work, setup, staging, item) for item in items]


def _emit(setup: RenderSetup, staging: Path, previous: dict[str, str] | None, files) -> tuple[list[PageRecord], int]:
    """Write the files a worker made into the staging folder (only changed ones when updating)."""
    records, written = [], 0
    for file in files:
        record = page_record(str(file.path), file.content)
        if previous is None or previous.get(record.path) != record.digest:
            stage_file(staging, file.path, file.content)
            written += 1
        records.append(record)
    return records, written


def render_document_pages(
    setup: RenderSetup, staging: Path, previous: dict[str, str] | None, task: DocumentTask
) -> DocumentPages:
    """A worker's unit: one document's page and paragraph pages in both editions, written as they are made."""
    tools = setup.tools()
    document = _parsed(task.source)  # the build checked it already
    document.translations = list(task.translations)
    slug = document.meta.slug
    glossary = task.glossary
    matches = DocumentMatches(_matcher(glossary))  # each text matched once, for the marks and the places
    document.terms_used = mark_terms(document.tokens, matches)  # before conversion: same marks
    apply_references(document.tokens, list(task.decisions))
    add_backlinks([document], {(slug, anchor): places for anchor, places in task.citations.items()}, task.short_titles)
    convert = functools.partial(to_traditional, converter=tools.converter)
    used = {term.slug: term for term in glossary.terms}
    used_hant = {term.slug: term for term in glossary.terms_hant}
    made: dict[Edition, Document] = {}

    def edition_pages(edition: Edition, edition_document: Document, before, after, terms: list[Term]):
        made[edition] = edition_document
        page = tools.renderer.render_document(edition_document, edition, before, after, terms)
        if edition is Edition.HANS:  # no text lost without an error, whatever the cause
            source = task.source
            lost = check_text_conserved(source.path, source.body, source.body_line, page.content.decode("utf-8"))
            if lost:
                raise ContentErrors(lost)
        yield page
        del page  # a page is held only until it is written
        yield from _paragraph_pages(tools.renderer, edition_document, edition)

    def pages():
        if Edition.HANS in task.editions:
            yield from edition_pages(
                Edition.HANS, document, task.previous, task.following, [used[s] for s in document.terms_used]
            )
        if Edition.HANT in task.editions:
            # Converted once the Simplified pages are written, taking the document's tokens rather than a copy
            # of them (at 50x the copies took 0.5 s of the workers' CPU, and a worker held both trees at once).
            yield from edition_pages(
                Edition.HANT,
                convert(document, take_tokens=True),
                convert(task.previous) if task.previous else None,
                convert(task.following) if task.following else None,
                [used_hant[s] for s in document.terms_used],
            )

    records, written = _emit(setup, staging, previous, pages())
    places = {
        slug: found for slug, found in find_occurrences(list(glossary.terms), [document], matches).items() if found
    }
    snippets = {edition: snippet_digests(made[edition], places) for edition in made}
    traditional = made.get(Edition.HANT)
    if traditional is None:
        return DocumentPages(None, records, written, places, snippets)
    pairs = document_pairs(document, traditional)
    return DocumentPages(_without_tokens(traditional), records, written, places, snippets, pairs)


_MATCHERS: dict[str, TermMatcher] = {}


def _matcher(glossary: Glossary) -> TermMatcher:
    """The glossary's matcher, made once per glossary in each process (by its digest: no hash of the terms)."""
    found = _MATCHERS.get(glossary.digest)
    if found is None:
        if len(_MATCHERS) >= 2:
            _MATCHERS.clear()
        found = _MATCHERS[glossary.digest] = TermMatcher(list(glossary.terms))
    return found


def render_site_pages(
    setup: RenderSetup, staging: Path, previous: dict[str, str] | None, task: SiteTask
) -> DocumentPages:
    """A worker's unit: the pages of one edition that read the whole library."""
    renderer = setup.tools().renderer
    edition, documents, terms = task.edition, task.documents, task.terms

    def pages():
        yield renderer.render_home(documents, edition)
        if edition is Edition.HANS:
            yield renderer.render_home(documents, edition, urls.root_home())
        yield renderer.render_glossary(terms, edition, task.counts)  # every page's header links to it
        if terms:
            yield renderer.render_terms_script(terms, edition)
        yield renderer.render_register(documents, edition, task.registers)
        yield renderer.render_search_page(edition)

    records, written = _emit(setup, staging, previous, pages())
    return DocumentPages(None, records, written)


def render_listing_pages(
    setup: RenderSetup, staging: Path, previous: dict[str, str] | None, task: SiteTask | TermTask | TermEntries
) -> DocumentPages:
    """A worker's unit after the documents: an edition's pages that read the whole library, or a few term pages."""
    if isinstance(task, SiteTask):
        return render_site_pages(setup, staging, previous, task)
    return render_term_pages(setup, staging, previous, task)


def render_term_pages(
    setup: RenderSetup, staging: Path, previous: dict[str, str] | None, task: TermTask | TermEntries
) -> DocumentPages:
    """A worker's unit: a few term pages."""
    renderer = setup.tools().renderer
    pages = renderer.render_terms(task.entries(), task.edition)
    records, written = _emit(setup, staging, previous, pages)
    return DocumentPages(None, records, written)


def _paragraph_pages(renderer: Renderer, document: Document, edition: Edition):
    """One page per numbered paragraph, carrying its sub-items, for link previews."""
    blocks = document.blocks
    groups = []
    for index, block in enumerate(blocks):
        if block.kind != "paragraph":
            continue
        items = []
        for following in blocks[index + 1 :]:
            if following.kind != "item":
                break
            items.append(following)
        groups.append((block, items))
    return renderer.render_paragraphs(document, edition, groups)


def collect_assets(folders: Path | list[Path]) -> list[OutputFile]:
    """The files of the asset folders under `assets/`; a later folder's file replaces an earlier one's."""
    found: dict[str, Path] = {}
    for folder in [folders] if isinstance(folders, Path) else folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                found[path.relative_to(folder).as_posix()] = path
    return [OutputFile(urls.asset(name), found[name].read_bytes()) for name in sorted(found)]
