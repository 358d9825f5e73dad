"""The build, stage by stage: load -> parse -> convert -> render -> write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .check import check_links
from .config import Config
from .convert import Converter, read_overrides, term_to_traditional, to_traditional
from .errors import ContentError, Problems
from .glossary import build_glossary, find_occurrences, read_glossary
from .link import add_backlinks, resolve_references
from .mdext.terms import TermMatcher, mark_terms
from .load import load_sources
from .offline import build_offline_files
from .glossary import Occurrence
from .model import Document, Edition, OutputFile, Term
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


def build_site(config: Config) -> BuildResult:
    """Run every stage; raise ContentErrors before anything is written if a stage found problems."""
    problems = Problems()
    sources = load_sources(config.content, problems)
    problems.raise_if_any()  # later stages trust the metadata

    md = make_markdown()
    documents = [parse_document(source, problems, md) for source in sources]
    converter = Converter(read_overrides(config.overrides, problems))
    for simplified, _, line in converter.unused_overrides([source.body for source in sources]):
        problems.add(str(config.overrides), line, f"override {simplified!r} matches nothing in the content")

    # The glossary needs every document parsed: abbreviations are extracted from the text.
    report: list[str] = []
    terms = build_glossary(read_glossary(config.glossary, problems), documents, config.glossary, problems,
                           report.append)
    problems.raise_if_any()
    matcher = TermMatcher(terms)
    for document in documents:
        document.terms_used = mark_terms(document.tokens, matcher)  # before conversion: same marks in both

    # References can point into any document, so they are resolved once all are parsed.
    backlinks, warnings = resolve_references(documents)
    add_backlinks(documents, backlinks, {d.meta.slug: d.meta.short_title_zh for d in documents})

    editions = {
        Edition.HANS: documents,
        Edition.HANT: [to_traditional(document, converter) for document in documents],
    }
    terms_by_edition = {
        Edition.HANS: terms,
        Edition.HANT: [term_to_traditional(term, converter) for term in terms],
    }
    occurrences = find_occurrences(terms, documents)
    renderer = Renderer(config.templates, md, converter)
    renderer.check_templates(problems)
    problems.raise_if_any()
    files = list(render_site(renderer, editions, terms_by_edition, occurrences))
    files.extend(build_search_files(editions, terms_by_edition))
    files.extend(collect_assets(config.assets))
    files.extend(build_offline_files(files))  # last: it lists and hashes everything above
    warnings.extend(check_links(files, config.out.name))
    if config.strict:
        problems.errors.extend(warnings)
        problems.raise_if_any()
    write_site(files, config.out)
    return BuildResult(documents=documents, files=len(files), report=report, warnings=warnings)


def render_site(renderer: Renderer, editions: dict[Edition, list[Document]], terms: dict[Edition, list[Term]],
                occurrences: dict[str, list[Occurrence]]):
    """Every page of both editions, plus the root home page (the Simplified home)."""
    for edition, documents in editions.items():
        yield renderer.render_home(documents, edition)
        for index, document in enumerate(documents):
            previous = documents[index - 1] if index > 0 else None
            following = documents[index + 1] if index + 1 < len(documents) else None
            yield renderer.render_document(document, edition, previous, following, terms[edition])
            yield from _paragraph_pages(renderer, document, edition)
        if terms[edition]:
            simplified_keys = {term.slug: term.key for term in terms[Edition.HANS]}  # pinyin of the original
            yield renderer.render_glossary(terms[edition], edition, occurrences, simplified_keys)
            for term in terms[edition]:
                yield renderer.render_term(term, edition, terms[edition], occurrences[term.slug], documents)
        registers = {d.meta.slug: in_edition(find_recommendations(simplified), d)
                     for simplified, d in zip(editions[Edition.HANS], documents)}
        yield renderer.render_register(documents, edition, registers)
    yield renderer.render_home(editions[Edition.HANS], Edition.HANS, PurePosixPath("index.html"))


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


def collect_assets(assets: Path) -> list[OutputFile]:
    return [
        OutputFile(PurePosixPath("assets") / path.relative_to(assets).as_posix(), path.read_bytes())
        for path in sorted(assets.rglob("*"))
        if path.is_file()
    ]
