"""The glossary: curated entries from content/glossary.yaml plus abbreviations found in the text.

The documents define their abbreviations in the pattern full name followed by the short
form in parentheses, e.g. 联合国马里多层面综合稳定团(马里稳定团). Those definitions are
extracted from the parsed blocks, so a new document brings its own abbreviations; the
curated file adds English names, overrides a full name, or suppresses a false find.
Every problem is reported with the file and line of the entry.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from . import schema
from .errors import Problems
from .model import Document, Term
from .phrases import PhraseMemo
from .textfile import read_text
from .yamlerrors import alias_problem, duplicate_keys, first_alias, yaml_problem

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ten times faster

TERM = {
    "term": schema.Field(schema.text, required=True),
    "english": schema.Field(schema.text, required=True),
    "definition_zh": schema.Field(schema.text, required=True),
    "definition_en": schema.Field(schema.text, required=True),
    "aliases": schema.Field(schema.text_list),
    "related": schema.Field(schema.text_list),
    "see": schema.Field(
        schema.mapping(
            {
                "doc": schema.Field(schema.slug, required=True),
                "para": schema.Field(schema.whole_number(1), required=True),
            }
        )
    ),
    "traditional": schema.Field(schema.text),
    "slug": schema.Field(schema.slug),
    "pinyin": schema.Field(schema.text),
}
"""A curated entry of glossary.yaml's `terms:` list."""
ABBREVIATION = {
    "english": schema.Field(schema.text),
    "english_short": schema.Field(schema.text),
    "full_name": schema.Field(schema.text),
    "suppress": schema.Field(schema.flag),
    "slug": schema.Field(schema.slug),
    "pinyin": schema.Field(schema.text),
}
"""Settings for an abbreviation extracted from the text, keyed by its short form under `abbreviations:`."""
GLOSSARY = {"terms", "abbreviations"}

# A short form in parentheses right after a run of name characters (`definitions`).
DEFINITION = re.compile(r"([\u4e00-\u9fff·\-—]{1,40})[(（]([\u4e00-\u9fff0-9A-Za-z\-]{2,12})[)）]")
_SHORT_FORM = re.compile(r"[(（]([\u4e00-\u9fff0-9A-Za-z\-]{2,12})[)）]")
_NAME_RUN = re.compile(r"[\u4e00-\u9fff·\-—]+\Z")
# Names of bodies that begin a full name; the full name starts at the last one before the short form.
NAME_PREFIXES = ("联合国", "非洲联盟", "欧洲联盟", "由非洲主导的")
# Characters that cannot sit between such a prefix and the rest of a name (they join clauses).
CLAUSE_CHARACTERS = set("与在向对将从继并及以为是")


@dataclass(frozen=True)
class Abbreviation:
    """A `全称(简称)` definition found in a document."""

    short: str
    full_name: str
    document: str
    anchor: str


def term_pinyin(text: str) -> str:
    """Toneless pinyin, syllables separated by spaces: the glossary's sort order.

    pypinyin takes 0.4 s to load its phrase dictionary, so it is imported only for an entry
    whose `pinyin` and `slug` are not written in glossary.yaml.
    """
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(text))


def term_slug(text: str, pinyin: str | None = None) -> str:
    """ASCII pinyin id, syllables paired like two-character words: 维持和平行动 -> weichi-heping-xingdong.

    A published slug is part of a URL; glossary.yaml pins it, so a new pypinyin cannot move it.
    """
    syllables = [re.sub(r"[^a-z0-9]", "", syllable.lower()) for syllable in (pinyin or term_pinyin(text)).split(" ")]
    syllables = [syllable for syllable in syllables if syllable]
    words = ["".join(syllables[index : index + 2]) for index in range(0, len(syllables), 2)]
    return "-".join(words) or "term"


def sort_key(term: Term) -> tuple[str, str]:
    """Pinyin order, the way Chinese readers look terms up."""
    return (term.pinyin.lower(), term.key)


def known_full_names(data: GlossaryData) -> dict[str, str]:
    """The full names the curated file gives its abbreviations, by short form (see find_abbreviations)."""
    return {short: entry["full_name"] for short, entry in data.abbreviations.items() if entry.get("full_name")}


def find_abbreviations(
    documents: list[Document], known: dict[str, str] | None = None, found_in: Mapping[str, list] | None = None
) -> list[Abbreviation]:
    """Every `全称(简称)` definition, first one per short form, in document order.

    `known` maps short forms to full names given in the curated file; they confirm
    definitions the heuristics cannot see, such as 行政和预算委员会(第五委员会).
    `found_in` gives each document's own (document_abbreviations with the same `known`) by its
    source's digest, where they were found already: where the document was parsed.
    """
    known = known or {}
    known_key = tuple(sorted(known.items()))
    found: dict[str, Abbreviation] = {}
    for document in documents:
        memo_key = (document.source_digest, known_key)
        own = _ABBREVIATIONS.get(memo_key) if document.source_digest else None
        if own is None and found_in is not None and document.source_digest:
            own = found_in.get(document.source_digest)
        if own is None:
            own = document_abbreviations(document, known)
            if document.source_digest:
                if len(_ABBREVIATIONS) > 4096:
                    _ABBREVIATIONS.clear()
                _ABBREVIATIONS[memo_key] = own
        for abbreviation in own:
            found.setdefault(abbreviation.short, abbreviation)
    return list(found.values())


_ABBREVIATIONS: dict[tuple, list[Abbreviation]] = {}
"""Each document's definitions, by its source's digest and the curated full names: `serve` scans only
the text that changed."""


def document_abbreviations(document: Document, known: dict[str, str]) -> list[Abbreviation]:
    """One document's definitions, the first per short form, in text order."""
    found: dict[str, Abbreviation] = {}
    for block in document.blocks:
        if block.kind not in ("paragraph", "item", "block", "footnote"):
            continue
        for run, short, paren in definitions(block.text):
            full = full_name_before(run, short)
            if short in known and block.text[:paren].endswith(known[short]):
                full = known[short]
            if full and short not in found:
                found[short] = Abbreviation(short, full, document.meta.slug, block.anchor)
    return list(found.values())


def definitions(text: str) -> Iterator[tuple[str, str, int]]:
    """(run of name characters, short form, place of the opening parenthesis) of each match of DEFINITION in
    the text, as its `finditer` gives them, found from the parentheses: DEFINITION itself tries up to forty
    characters at every Chinese character of a text (a fifth of parsing the panel report)."""
    end = 0
    for found in _SHORT_FORM.finditer(text):
        paren = found.start()
        run = _NAME_RUN.search(text, max(end, paren - 40), paren)
        if run is not None:
            yield run.group(), found.group(1), paren
            end = found.end()


def full_name_before(run: str, short: str) -> str | None:
    """The full name a short form abbreviates, taken from the end of the text before it, or None.

    The short form's characters must appear in order in the name (at least half of them, and
    its first character unless three quarters match): 非洲联盟 -> 非盟, 黎巴嫩武装部队 -> 黎军.
    """
    cjk = [c for c in short if "\u4e00" <= c <= "\u9fff"]
    if len(cjk) < 2:
        return None
    positions, cursor, first_found = [], len(run), False
    for position in range(len(cjk) - 1, -1, -1):
        index = run.rfind(cjk[position], 0, cursor)
        if index >= 0:
            positions.append(index)
            cursor = index
            first_found = first_found or position == 0
    share = len(positions) / len(cjk)
    if share < 0.5 or (not first_found and share < 0.75):
        return None
    start = min(positions)
    best = None
    for prefix in NAME_PREFIXES:
        index = run.rfind(prefix, 0, start + len(prefix))
        if index < 0 or CLAUSE_CHARACTERS & set(run[index + len(prefix) : start]):
            continue
        best = index if best is None else max(best, index)
    start = best if best is not None else start
    while True:  # 联合国非洲联盟…, 非洲联盟—联合国…: names joined to the one before
        extended = _extend_left(run, start)
        if extended == start:
            break
        start = extended
    full = run[start:].strip("—-·")
    return full if full != short and len(full) > len(short) else None


def _extend_left(run: str, start: int) -> int:
    head = run[:start]
    if head.endswith(("—", "-")):
        head = head[:-1]
    for prefix in NAME_PREFIXES:
        if head.endswith(prefix):
            return len(head) - len(prefix)
    return start


@dataclass
class GlossaryData:
    """What glossary.yaml says, before it is merged with the extracted abbreviations."""

    terms: list[Term]
    abbreviations: dict[str, dict]
    lines: dict[str, int]


_READ: dict[tuple[str, bytes], GlossaryData] = {}
"""Glossaries read without a problem, by path and a digest of the text: `serve` parses the YAML again only
when the file changed (30 ms for the bundled glossary, on every rebuild)."""


def read_glossary(path: Path, problems: Problems) -> GlossaryData:
    empty = GlossaryData([], {}, {})
    if not path.exists() and not path.is_symlink():
        return empty
    text = _read_text(path, problems)
    if text is None:
        return empty
    key = (str(path), hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest())
    known = _READ.get(key)
    if known is not None:
        return known
    found = len(problems.errors)
    data = _read_glossary(path, text, problems)
    if len(problems.errors) == found:
        if len(_READ) > 16:
            _READ.clear()
        _READ[key] = data
    return data


def _read_glossary(path: Path, text: str, problems: Problems) -> GlossaryData:
    empty = GlossaryData([], {}, {})
    try:
        if alias := first_alias(text, _Loader):
            problems.add(str(path), alias[0], f"malformed glossary: {alias_problem(alias[1])}")
            return empty
        root = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader) or {}
    except yaml.YAMLError as error:
        line, column, problem = yaml_problem(error, text)
        problems.add(str(path), line, f"malformed glossary: {problem}", column)
        return empty
    except ValueError as error:  # a value YAML resolves but cannot build, such as a date 2015-13-40
        problems.add(str(path), 1, f"malformed glossary: {error}")
        return empty
    if twice := duplicate_keys(root):
        for line, key in twice:
            problems.add(
                str(path),
                line,
                f"malformed glossary: {key!r} is given twice in the same entry or mapping; "
                "YAML would keep only the last one",
            )
        return empty
    if not isinstance(data, dict) or set(data) - GLOSSARY:
        problems.add(
            str(path),
            1,
            "the glossary must be a mapping with `terms:` (a list of entries) and optionally "
            "`abbreviations:` (settings keyed by short form)"
            + (
                f"; unknown key(s): {', '.join(map(str, sorted(set(data) - GLOSSARY, key=str)))}"
                if isinstance(data, dict)
                else ""
            ),
        )
        return empty
    lines = _entry_lines(root)
    entries, abbreviations = data.get("terms") or [], data.get("abbreviations") or {}
    if not isinstance(entries, list):
        problems.add(
            str(path), lines.get("terms", 1), "`terms:` must be a list of entries, each starting with '- term:'"
        )
        entries = []
    if not isinstance(abbreviations, dict):
        problems.add(
            str(path),
            lines.get("abbreviations", 1),
            "`abbreviations:` must be a mapping from a short form to its settings, e.g. 马里稳定团: {english: …}",
        )
        abbreviations = {}
    terms: list[Term] = []
    seen: dict[str, str] = {}
    slugs: dict[str, int] = {}
    for index, entry in enumerate(entries):
        line = lines.get(f"terms/{index}", 1)
        term = _read_term(entry, path, line, problems)
        if term is None:
            continue
        for form in term.forms:
            if form in seen:
                problems.add(
                    str(path), line, f"term {term.key!r}: {form!r} is already an entry or alias of {seen[form]!r}"
                )
            seen.setdefault(form, term.key)
        lines[term.key] = line
        terms.append(term)
        if isinstance(entry.get("slug"), str):
            _claim_slug(entry["slug"], slugs, path, line, problems)
    keys = {term.key for term in terms}
    for term in terms:
        for related in term.related:
            if related not in keys:
                problems.add(str(path), lines[term.key], f"term {term.key!r}: related entry {related!r} does not exist")
    settings: dict[str, dict] = {}
    for short, given in abbreviations.items():
        line = lines.get(f"abbreviations/{short}", 1)
        lines[f"abbreviation:{short}"] = line
        entry = given if given is not None else {}
        if wrong := schema.text(short):
            problems.add(str(path), line, f"abbreviation {short!r} {wrong}")
            continue
        if not isinstance(entry, dict):
            problems.add(
                str(path),
                line,
                f"abbreviation {short!r}: settings must be a mapping such as {{english: …, english_short: …}}",
            )
            continue
        if schema.validate(entry, ABBREVIATION, _reporter(problems, path, line, f"abbreviation {short!r}:")):
            settings[str(short)] = entry
            if isinstance(entry.get("slug"), str) and short not in seen:  # a curated entry wins over these settings
                _claim_slug(entry["slug"], slugs, path, line, problems)
    return GlossaryData(terms, settings, lines)


def _read_text(path: Path, problems: Problems) -> str | None:
    if path.is_dir():
        problems.add(str(path), 0, "the glossary must be a file (glossary.yaml), not a folder")
        return None
    return read_text(path, problems, what="glossary file")


def _reporter(problems: Problems, path: Path, line: int, prefix: str):
    def report(key: str, message: str) -> None:
        problems.add(str(path), line, f"{prefix} {key} {message}")

    return report


def _claim_slug(slug: str, slugs: dict[str, int], path: Path, line: int, problems: Problems) -> None:
    """Slugs written in the file are URLs: two entries may not share one."""
    if slug in slugs:
        problems.add(str(path), line, f"slug {slug!r} is already the slug of the entry at line {slugs[slug]}")
    slugs.setdefault(slug, line)


def _entry_lines(root) -> dict[str, int]:
    """File line of each `terms` item and `abbreviations` key, from the YAML node tree."""
    lines: dict[str, int] = {}
    if root is None or not isinstance(root, yaml.MappingNode):
        return lines
    for key, value in root.value:
        if key.value == "terms" and isinstance(value, yaml.SequenceNode):
            for index, item in enumerate(value.value):
                lines[f"terms/{index}"] = item.start_mark.line + 1
        elif key.value == "abbreviations" and isinstance(value, yaml.MappingNode):
            for short, _ in value.value:
                lines[f"abbreviations/{short.value}"] = short.start_mark.line + 1
    return lines


def _read_term(entry, path: Path, line: int, problems: Problems) -> Term | None:
    if not isinstance(entry, dict):
        problems.add(
            str(path), line, "a glossary entry must be a mapping with term, english, definition_zh, definition_en"
        )
        return None
    name = entry.get("term", "?")

    def report(key: str, message: str) -> None:
        if message == "is required" or message == "is empty" and key in ("english", "definition_zh", "definition_en"):
            problems.add(str(path), line, f"term {name!r}: missing {key}")
        elif message.startswith("is not a known field"):
            problems.add(str(path), line, f"term {name!r}: unknown field(s) {key}")
        else:
            problems.add(str(path), line, f"term {name!r}: {key} {message}")

    if not schema.validate(entry, TERM, report):
        return None
    see = entry.get("see")
    pinyin = str(entry.get("pinyin") or term_pinyin(str(entry["term"])))
    return Term(
        key=str(entry["term"]),
        slug=str(entry.get("slug") or term_slug(str(entry["term"]), pinyin)),
        pinyin=pinyin,
        english=str(entry["english"]),
        definition_zh=str(entry["definition_zh"]),
        definition_en=str(entry["definition_en"]),
        aliases=tuple(str(alias) for alias in entry.get("aliases") or ()),
        related=tuple(str(related) for related in entry.get("related") or ()),
        traditional=entry.get("traditional"),
        see=(str(see["doc"]), int(see["para"])) if see else None,
    )


_FORMS = PhraseMemo()
"""The curated forms found in each document's text (build_glossary), for serve's next build."""


def _document_texts(documents: list[Document]) -> list[str]:
    """Each document's blocks' text, one string per document (blocks apart: no form runs from one into
    the next), where the curated forms are looked for."""
    return ["\n".join(block.text for block in document.blocks) for document in documents]


def build_glossary(
    data: GlossaryData,
    documents: list[Document],
    path: Path,
    problems: Problems,
    report=lambda message: None,
    found_in: Mapping[str, list] | None = None,
) -> list[Term]:
    """Curated terms plus extracted abbreviations, validated against the documents' text (`found_in`: each
    document's abbreviations where they were found already, see find_abbreviations)."""
    texts = _document_texts(documents)
    anchors = {(document.meta.slug, block.anchor) for document in documents for block in document.blocks}
    terms = list(data.terms)
    curated_forms = {form for term in terms for form in term.forms}
    known = known_full_names(data)
    extracted = find_abbreviations(documents, known, found_in)
    found = {abbreviation.short for abbreviation in extracted}
    for abbreviation in extracted:
        settings = data.abbreviations.get(abbreviation.short, {})
        if settings.get("suppress"):
            report(f"abbreviation {abbreviation.short} suppressed by {path}")
            continue
        if abbreviation.short in curated_forms:
            report(f"abbreviation {abbreviation.short} ({abbreviation.full_name}) is a curated entry; curated wins")
            continue
        full = settings.get("full_name") or abbreviation.full_name
        english = settings.get("english") or ""
        pinyin = str(settings.get("pinyin") or term_pinyin(abbreviation.short))
        terms.append(
            Term(
                key=abbreviation.short,
                slug=str(settings.get("slug") or term_slug(abbreviation.short, pinyin)),
                pinyin=pinyin,
                english=english,
                english_short=settings.get("english_short"),
                definition_zh=f"{full}的简称。",
                definition_en=f"Short form of the {english}." if english else "",
                full_name=full,
                origin="extracted",
                defined_at=(abbreviation.document, abbreviation.anchor),
            )
        )
        report(
            f"abbreviation {abbreviation.short} = {full}"
            + (f" ({english})" if english else " (no English)")
            + f" at {abbreviation.document}#{abbreviation.anchor}"
        )
    for short in data.abbreviations:
        if short not in found and short not in curated_forms:
            problems.add(
                str(path),
                data.lines.get(f"abbreviation:{short}", 1),
                f"abbreviation {short!r} is not defined as 全称({short}) in any document"
                + ("" if data.abbreviations[short].get("full_name") else "; if it is, give its full_name"),
            )
    occurring = _FORMS.found((form for term in data.terms for form in term.forms), texts)
    for term in data.terms:
        for form in term.forms:
            if form not in occurring and ("\n" not in form or form not in "\n".join(texts)):
                problems.add(
                    str(path), data.lines.get(term.key, 1), f"term {term.key!r}: {form!r} occurs in no document"
                )
        if term.see and (term.see[0], f"p{term.see[1]}") not in anchors:
            problems.add(
                str(path),
                data.lines.get(term.key, 1),
                f"term {term.key!r}: see {term.see[0]} paragraph {term.see[1]} does not exist",
            )
    return _unique_slugs(sorted(terms, key=sort_key))


def _unique_slugs(terms: list[Term]) -> list[Term]:
    """Slugs made from pinyin can repeat: later ones get -2, -3…, never a slug another entry already has."""
    taken = {term.slug for term in terms}
    seen: set[str] = set()
    result = []
    for term in terms:
        slug, count = term.slug, 1
        while slug in seen:
            count += 1
            slug = f"{term.slug}-{count}"
            while slug in taken:
                count += 1
                slug = f"{term.slug}-{count}"
        seen.add(slug)
        result.append(term if slug == term.slug else replace(term, slug=slug))
    return result


@dataclass(frozen=True, slots=True)
class Occurrence:
    """Where a term occurs: a block of a document and the span of the match in its text."""

    document: str
    block_index: int
    anchor: str
    number: str | None
    start: int
    end: int

    def __reduce__(self):
        """Pickled as its fields (workers send every place of every term back): a slotted dataclass's own
        pickling looks its fields up again for each instance. Unpickled with its
        texts interned, shared with the blocks' (Block.of)."""
        return (interned_occurrence, (self.document, self.block_index, self.anchor, self.number, self.start, self.end))


def interned_occurrence(
    document: str, block_index: int, anchor: str, number: str | None, start: int, end: int
) -> Occurrence:
    return Occurrence(sys.intern(document), block_index, sys.intern(anchor), number and sys.intern(number), start, end)


def find_occurrences(terms: list[Term], documents: list[Document], matcher=None) -> dict[str, list[Occurrence]]:
    """Every block, in every document, where each term occurs (the same matches as in the marked text)."""
    from .mdext.terms import TermMatcher

    matcher = matcher or TermMatcher(terms)
    occurrences: dict[str, list[Occurrence]] = {term.slug: [] for term in terms}
    for document in documents:
        for index, block in enumerate(document.blocks):
            if block.kind == "heading":
                continue
            seen: set[str] = set()
            for start, end, slug in matcher.matches(block.text):
                if slug not in seen:
                    seen.add(slug)
                    occurrences[slug].append(
                        Occurrence(document.meta.slug, index, block.anchor, block.number, start, end)
                    )
    matcher.save_word_boundaries()
    return occurrences
