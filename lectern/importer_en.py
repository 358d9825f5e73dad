"""Turn an official-language PDF text export (English, French, Spanish) into a language version.

The output is `content/<slug>.<lang>.md`: the same numbering as the Chinese original, so that ids
align (`105\\.`, `(c)`, `(ii)`, `## I.`, `### A.`, `#### 1.`, `[^12]`, and `{#id}` above each
unnumbered block, taken from the original). The export's artefacts are undone once here:

- pages (form feeds, or a page footer such as `16-08123 3/7` ending a page) lose their running
  headers (`A/70/95`, `A/70/95–S/2015/446`, the date line under them), page numbers, job numbers
  and bar codes, and the first page's title block;
- text is unwrapped: lines are joined into blocks, a block cut by a page end goes on with the
  first text of the next page, and words hyphenated at a line end are rejoined (see `_join_hyphen`);
- page-foot footnotes (`12 See A/55/305.`, after a `_____` rule or recognised by their number),
  also when one goes on at the foot of the next page, are moved to the end; a number glued to a
  word or punctuation (`operations.12`) becomes the mark `[^12]` only where its page defines that
  note;
- `12.` paragraphs, `(a)` items and `(i)`, `(ii)` nested items (told from the letter `(i)` by what
  follows), `I.` chapters, `A.` sections and `1.` subsection headings are recognised.

Nothing is invented: every word of the export is in the output or listed as dropped furniture.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import yaml

from .import_common import MARK, MARK_CLOSE, MARK_OPEN, ImportResult, escape_block, escape_inline
from .model import Document

LANGUAGES = {"en": "English", "fr": "French", "es": "Spanish"}
"""Official languages written in Latin script, whose exports this importer reads."""

TERMINAL = '.;:!?”’")»'
"""A block whose text ends in one of these is complete; anything else was cut (a page end) or is a heading."""
HEADING_MAX_CHARS = 200
SHORT_LINE = 0.65
"""A line shorter than this share of the text width is the last line of its block."""
MAX_NUMBER_GAP = 50

SYMBOL = r"[A-Z]+(?:/[A-Za-z0-9.()]+)+"
JOB = r"(?:GE\.)?\d{2}-\d{5}(?:\s*\([A-Z]\))?"
PAGE = r"\d{1,4}/\d{1,4}"
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|"
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
)
FOOTER = re.compile(rf"^(?:{PAGE}\s+{JOB}(?:\s+\d{{6}})?|{JOB}(?:\s+\d{{6}})?(?:\s+{PAGE})?|{PAGE})$")
"""A page footer, anywhere on a page: `16-08123 3/7`, `2/7 16-08123`, `16-08123 (E) 230516`, `3/7`."""
BARCODE = re.compile(r"^(?:\*\d{7,8}\*|Please recycle\s*♲?|Merci de recycler\s*♲?|Se ruega reciclar\s*♲?|♲)$")
"""The first page's bar code of the job number and its recycling line."""
RUNNING_SYMBOL = re.compile(rf"^({SYMBOL})(?:(?:\s*[–—-]\s*|\s+){SYMBOL})*$")
"""The running header: `A/70/95`, `A/70/95–S/2015/446`, `A/70/95 S/2015/446`."""
DATE_LINE = re.compile(rf"^(?:\d{{1,2}}(?:er)? (?:de )?(?:{MONTHS})(?: de)? \d{{4}})$", re.I)
BARE_PAGE_NUMBER = re.compile(r"^\d{1,3}$")
RULE = re.compile(r"^[_—–-]{5,}$")
FOOTNOTE_START = re.compile(r"^(\d{1,3})\s+(\S.*)$")
STAR_NOTE = re.compile(r"^(\*{1,3})\s*(\S.*)$")

CONTENTS = re.compile(r"^(?:Contents|Table des matières|Índice)$")
CONTENTS_PAGE = re.compile(r"^(?:Page|Pages|Página|Paragraphs Page|Paragraphes Page)$")
CONTENTS_ENTRY = re.compile(r"(?:(?:\.\s?){4,}|…{2,})\s*\d{1,4}$|\s{3,}\d{1,4}$")
"""A contents entry ends with dot leaders (or a wide gap) and a page number."""
PARAGRAPH = re.compile(r"^(\d{1,4})\.\s+(\S.*)$")
CHAPTER = re.compile(r"^([IVXL]+)\.\s+(\S.*)$")
SECTION = re.compile(r"^([A-Z])\.\s+(\S.*)$")
ITEM = re.compile(r"^\(([a-z]{1,2}|[ivxl]{1,6})\)\s+(\S.*)$")
SIGNED = re.compile(r"^\((?:Signed|Signé|Firmado)\)|\((?:Signed|Signé|Firmado)\)$")
ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}
GLUED_REFERENCE = re.compile(r"(?P<before>[^\W\d_]|[)\]’”\"%])(?P<punct>[.,;:]?)(?P<n>\d{1,3})(?=$|[\s.,;:)\]’”\"])")
"""A footnote number printed glued after a word or punctuation: `operations.12`, `mandates,3`, `G20`."""
ABBREVIATIONS = {"add", "corr", "rev", "amend", "suppl", "no", "nos", "vol", "art", "para", "paras", "p", "pp", "chap"}
"""`Add.1`, `Corr.1`, `No.5`: a number after these is part of a reference, not a footnote mark."""
HYPHENATED_PREFIXES = {
    "all", "co", "counter", "cross", "ex", "full", "half", "high", "large", "long", "low", "mid", "multi",
    "non", "post", "pre", "self", "short", "small", "well", "wide", "anti", "inter", "intra", "sub",
}  # fmt: skip
"""First parts that UN English writes with a real hyphen (`non-governmental`, `well-being`, `co-chair`)."""
WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:-[^\W\d_]+)*")


@dataclass
class Original:
    """What the importer needs to know of the Chinese original: its ids, in order, and where they are."""

    path: str
    title_en: str
    symbol: str | None
    blocks: list[tuple[str, str, int]]  # (anchor, kind, line): paragraph | item | heading | block | footnote
    numbered_headings: set[str] = field(default_factory=set)
    heading_levels: dict[str, int] = field(default_factory=dict)
    classes: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_document(cls, document: Document, markdown: str) -> Original:
        """From the parsed original and its file's text (for the `{#id .class}` lines and footnote lines)."""
        lines = markdown.split("\n")
        classes, footnote_lines = {}, {}
        extras: list[tuple[str, str, int]] = []
        for number, line in enumerate(lines, start=1):
            if match := re.match(r"^\{#([a-z0-9-]+)((?:\s+\.[a-z-]+)*)\s*\}$", line):
                classes[match.group(1)] = " ".join(part[1:] for part in match.group(2).split())
                following = lines[number] if number < len(lines) else ""
                if following.startswith(("- ", "* ", "+ ")) or following.startswith("```"):
                    extras.append((match.group(1), "list" if following[0] in "-*+" else "table", number + 1))
            elif match := re.match(r"^\[\^([^\]]+)\]:", line):
                footnote_lines[f"fn{match.group(1)}"] = number
        numbered = {
            heading.anchor for heading in document.headings if re.match(r"^s\d+(?:-[a-z])?(?:-\d+)?$", heading.anchor)
        }
        blocks = [
            (
                block.anchor,
                block.kind,
                footnote_lines.get(block.anchor, block.line) if block.kind == "footnote" else block.line,
            )
            for block in document.blocks
        ]
        blocks += extras  # lists and tables have ids but are not Blocks: they count in the pairing
        blocks.sort(key=lambda entry: (entry[1] == "footnote", entry[2]))
        return cls(
            path=document.path,
            title_en=document.meta.title_en,
            symbol=document.meta.symbol,
            blocks=blocks,
            numbered_headings=numbered,
            heading_levels={heading.anchor: heading.level for heading in document.headings},
            classes={anchor: value for anchor, value in classes.items() if value},
        )

    def is_numbered(self, anchor: str, kind: str) -> bool:
        return kind in ("paragraph", "item", "footnote") or anchor in self.numbered_headings


@dataclass
class TranslationImport(ImportResult):
    """An import's Markdown and its report; `warnings` compare the numbering with the original's."""

    warnings: list[str] = field(default_factory=list)
    hyphens: list[tuple[int, str]] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    furniture: Counter = field(default_factory=Counter)

    def summary(self) -> list[str]:
        counts = self.counts
        out = [
            f"Found {counts['paragraph']} paragraphs, {counts['item']} sub-items ({counts['nested']} nested), "
            f"{counts['heading']} numbered headings, {counts['unnumbered']} unnumbered blocks "
            f"({counts['aligned']} with the original's ids), {counts['footnote']} footnotes.",
            f"Removed as page furniture ({sum(self.furniture.values())} lines):",
        ]
        out.extend(
            f"  {line}" + (f"  (x{count})" if count > 1 else "") for line, count in sorted(self.furniture.items())
        )
        out.append(f"Hyphens kept at a line end, to check ({len(self.hyphens)}):")
        out.extend(f"  line {line}: {message}" for line, message in sorted(self.hyphens))
        return out + super().summary()


@dataclass
class Line:
    number: int
    text: str  # as printed, trailing spaces removed
    page: int
    blank_before: bool = False

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip())


@dataclass
class Note:
    number: str
    label: str
    text: str
    line: int
    page: int  # where it starts: the page whose text holds its mark
    last_page: int  # where its text ends
    used: int = 0

    @property
    def is_open(self) -> bool:
        return not _complete(self.text)


@dataclass
class Unit:
    kind: str  # chapter | section | subsection | heading | para | item | text | signature
    text: str
    line: int
    number: str = ""
    level: int = 0  # items: 1 lettered, 2 nested; headings: the Markdown level
    anchor: str = ""
    explicit: bool = False  # the anchor is written as {#id}
    classes: str = ""
    lines: int = 1


def import_translation(
    text: str, *, source: str, lang: str, original: Original, title: str | None = None, status: str = "official"
) -> TranslationImport:
    """Convert one exported text into the Markdown of a language version of `original`."""
    result = TranslationImport("", [])
    raw = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    for number, line in enumerate(raw, start=1):
        if MARK_OPEN in line or MARK_CLOSE in line:
            result.problems.append((number, "private-use characters U+E000/U+E001 replaced by U+FFFD"))
            raw[number - 1] = line.replace(MARK_OPEN, "\ufffd").replace(MARK_CLOSE, "\ufffd")
    pages = _pages(raw)
    symbols: list[str] = []
    pages = [_drop_furniture(page, result, symbols) for page in pages]
    _drop_title_page(pages, result, symbols, _text_width([line for page in pages for line in page]))
    _drop_contents(pages, result)
    notes = _extract_footnotes(pages, result)
    words = _vocabulary(pages)
    _mark_references(pages, notes, result)
    units = _classify(_blocks([line for page in pages for line in page], words, result), result)
    if not any(unit.kind in ("para", "text", "item") for unit in units):
        result.problems.append((1, "no text found in the export: is it a PDF text export of the document?"))
    for note in notes:
        if not note.used:
            result.problems.append(
                (
                    note.line,
                    f"footnote {note.number} has no mark in the text of its page; "
                    f"written as [^{note.label}] at the end: put its mark where it belongs",
                )
            )
    _align_unnumbered(units, original, result, source)
    _compare_numbering(units, notes, original, result, source, lang)
    symbol = symbols[0] if symbols else original.symbol
    if symbols and original.symbol and symbols[0] != original.symbol:
        result.warnings.append(
            f"{source}:1: warning: the export's symbol {symbols[0]} is not the original's {original.symbol} "
            f"({original.path}): is this the same document?"
        )
    meta = {
        "lang": lang,
        "title": title or original.title_en,
        "symbol": symbol,
        "source": source,
        "status": status,
    }
    result.markdown = _write(meta, units, notes)
    return result


def _pages(raw: list[str]) -> list[list[Line]]:
    """Split at form feeds, and after a page footer (an export whose pages are split by blank lines)."""
    pages: list[list[Line]] = [[]]
    for number, text in enumerate(raw, start=1):
        for index, part in enumerate(text.split("\f")):
            if index:
                pages.append([])
            part = part.rstrip()
            pages[-1].append(Line(number, part, 0))
            if FOOTER.match(part.strip()) and re.search(JOB, part):
                pages.append([])
    pages = [page for page in pages if any(line.stripped for line in page)]
    for index, page in enumerate(pages):
        for line in page:
            line.page = index
    return pages


def _drop_furniture(page: list[Line], result: TranslationImport, symbols: list[str]) -> list[Line]:
    """Page footers and bar codes anywhere; the running header (symbol, date) and a bare page number at the page's edges."""
    kept = []
    for line in page:
        stripped = line.stripped
        if stripped and (FOOTER.match(stripped) or BARCODE.match(stripped)):
            result.furniture[" ".join(stripped.split())] += 1
            continue
        kept.append(line)
    nonblank = [index for index, line in enumerate(kept) if line.stripped]
    drop: set[int] = set()
    header_symbol = False
    for index in nonblank[:3]:
        stripped = kept[index].stripped
        if match := RUNNING_SYMBOL.match(stripped):
            symbols.append(match.group(1))
            header_symbol = True
        elif not (header_symbol and DATE_LINE.match(stripped)) and not BARE_PAGE_NUMBER.match(stripped):
            break
        drop.add(index)
    for index in reversed(nonblank[-2:]):
        if index in drop or not (
            BARE_PAGE_NUMBER.match(kept[index].stripped) or RUNNING_SYMBOL.match(kept[index].stripped)
        ):
            break
        drop.add(index)
    for index in sorted(drop):
        result.furniture[" ".join(kept[index].stripped.split())] += 1
    return [line for index, line in enumerate(kept) if index not in drop]


def _raw_blocks(lines: list[Line], width: int) -> list[list[Line]]:
    """Lines split at blank lines, first-line indents and short lines (a rough cut, for the title page)."""
    blocks: list[list[Line]] = [[]]
    for line in lines:
        if not line.stripped:
            if blocks[-1]:
                blocks.append([])
            continue
        if blocks[-1] and (
            (line.indent >= 3 and line.indent > blocks[-1][-1].indent + 2)
            or (_is_short(blocks[-1][-1].stripped, width) and not line.stripped[:1].islower())
        ):
            blocks.append([])
        blocks[-1].append(line)
    return [block for block in blocks if block]


def _complete(text: str) -> bool:
    """The text ends a sentence (footnote marks after the punctuation do not count)."""
    return MARK.sub("", text).rstrip().endswith(tuple(TERMINAL))


def _looks_like_heading(text: str, lines: int) -> bool:
    """Short, at most three lines, no end punctuation, its first letter a capital: `Background`, `2. Mediation`."""
    letter = re.search(r"[^\W\d_]", text)
    return (
        lines <= 3
        and len(text) <= HEADING_MAX_CHARS
        and not _complete(text + ("." if text.endswith(",") else ""))
        and letter is not None
        and letter.group(0).isupper()
    )


def _drop_title_page(pages: list[list[Line]], result: TranslationImport, symbols: list[str], width: int) -> None:
    """The first page's title block (organs, distribution, session, agenda) is not the translation's text.

    It is every block of page one before the first heading that is followed by prose (the first
    letter's or the report's heading). Its symbol is kept for the front matter; page-one notes
    (`* A/71/50.`) are dropped with it.
    """
    if not pages:
        return
    blocks = _raw_blocks(pages[0], width)
    start = None
    for index, block in enumerate(blocks[:-1]):
        text = " ".join(line.stripped for line in block)
        following = " ".join(line.stripped for line in blocks[index + 1])
        if (
            _looks_like_heading(text, len(block))
            and not PARAGRAPH.match(text)
            and (len(blocks[index + 1]) >= 2 or _complete(following))
            and not _looks_like_heading(following, len(blocks[index + 1]))
        ):
            start = block[0]
            break
        if PARAGRAPH.match(text) or CHAPTER.match(text):
            start = block[0]
            break
    if start is None or start is pages[0][0]:
        return
    cut = pages[0].index(start)
    title = [line for line in pages[0][:cut] if line.stripped]
    if any(_complete(line.stripped) and not STAR_NOTE.match(line.stripped) for line in title):
        return  # a sentence is text, not a title page: keep it all
    for line in title:
        if match := RUNNING_SYMBOL.match(line.stripped):
            symbols.insert(0, match.group(1))
        result.removed.append(line.stripped)
    if title:
        result.dropped.append(
            (title[0].number, f"title page ({len(title)} lines): " + "; ".join(line.stripped for line in title))
        )
    pages[0] = pages[0][cut:]


def _drop_contents(pages: list[list[Line]], result: TranslationImport) -> None:
    """The printed contents list (`Contents`, `Page`, entries with dot leaders and page numbers) goes:
    the site makes its own. An entry wrapped over two lines goes with it; the list ends at the first
    line that is neither an entry nor part of one."""
    lines = [(page, index) for page, lines in enumerate(pages) for index in range(len(lines))]
    start = next((n for n, (p, i) in enumerate(lines) if CONTENTS.match(pages[p][i].stripped)), None)
    if start is None:
        return
    entries = [CONTENTS_ENTRY.search(pages[p][i].stripped) is not None for p, i in lines]
    drop = {lines[start]}
    for n in range(start + 1, len(lines)):
        page, index = lines[n]
        text = pages[page][index].stripped
        ahead = [m for m in range(n + 1, min(n + 6, len(lines))) if pages[lines[m][0]][lines[m][1]].stripped][:2]
        if not (
            not text
            or entries[n]
            or CONTENTS_PAGE.match(text)
            or (not _complete(text) and any(entries[m] for m in ahead))
        ):
            break
        drop.add(lines[n])
    removed = [pages[p][i] for p, i in sorted(drop) if pages[p][i].stripped]
    result.removed.extend(line.stripped for line in removed)
    result.dropped.append((removed[0].number, f"printed contents list ({len(removed)} lines)"))
    for page in range(len(pages)):
        pages[page] = [line for index, line in enumerate(pages[page]) if (page, index) not in drop]


def _extract_footnotes(pages: list[list[Line]], result: TranslationImport) -> list[Note]:
    """Take each page's foot (after a `_____` rule, or from the first line numbered as the next footnote)."""
    notes: list[Note] = []
    printed: Counter = Counter()
    for index, page in enumerate(pages):
        expected = int(notes[-1].number) + 1 if notes else 1
        continuing = notes[-1] if notes and notes[-1].is_open and notes[-1].last_page == index - 1 else None
        start = _foot_start(page, expected, continuing is not None, first=index == 0)
        if start is None:
            if continuing is not None:
                result.problems.append(
                    (
                        continuing.line,
                        f"footnote {continuing.number} seems cut at the end of its page and no foot on the next "
                        "page goes on with it: check its end",
                    )
                )
            continue
        foot, pages[index] = page[start:], page[:start]
        current: Note | None = None
        for line in foot:
            stripped = line.stripped
            if not stripped or RULE.match(stripped):
                if RULE.match(stripped):
                    result.furniture[stripped] += 1
                continue
            if match := STAR_NOTE.match(stripped):
                result.removed.append(stripped)
                result.dropped.append(
                    (line.number, f"page note {stripped} (the original's front matter has its notes)")
                )
                current = None
                continue
            if match := FOOTNOTE_START.match(stripped):
                number = str(int(match.group(1)))
                printed[number] += 1
                label = number if printed[number] == 1 else f"{number}-{printed[number]}"
                current = Note(number, label, match.group(2), line.number, index, index)
                notes.append(current)
                result.moved.append((line.number, f"footnote {number} moved to the end as [^{label}]"))
                continue
            if current is None and notes and notes[-1].last_page == index - 1 and notes[-1].is_open:
                current = notes[-1]
                result.joined.append((line.number, f"footnote {current.number} goes on at the foot of this page"))
            if current is None:
                result.problems.append(
                    (line.number, "text in the foot of the page belongs to no footnote; kept in the text")
                )
                pages[index].append(line)
                continue
            current.text = _join_text(current.text, stripped, set(), result, line.number)
            current.last_page = index  # a further page may go on with it again
    return notes


def _foot_start(page: list[Line], expected: int, continuing: bool, *, first: bool) -> int | None:
    """Where the page's foot starts: its `_____` rule; else the first line numbered as the next footnote
    whose number is glued to the text above it, or on the first page a note `* A/71/50.`. When the last page's note was cut, a foot may also start
    with the rest of that note: a line starting in lower case after a complete sentence, at the foot."""
    for index, line in enumerate(page):
        if RULE.match(line.stripped):
            return index
    body = ""
    end = len(page)
    for index, line in enumerate(page):
        match = FOOTNOTE_START.match(line.stripped)
        if first and index and STAR_NOTE.match(line.stripped):
            end = index
            break
        if match and index and int(match.group(1)) == expected and not PARAGRAPH.match(line.stripped):
            if any(m.group("n") == match.group(1) for m in GLUED_REFERENCE.finditer(body)):
                end = index
                break
        body += line.stripped + "\n"
    if continuing:
        text = [index for index in range(end) if page[index].stripped]
        for position in range(len(text) - 1, 0, -1):
            here, above = page[text[position]].stripped, page[text[position - 1]].stripped
            if here[:1].islower() and _complete(above):
                return text[position]
            if _complete(here) and position < len(text) - 1:
                break  # a complete sentence above the last one: the body
    return end if end < len(page) else None


def _mark_references(pages: list[list[Line]], notes: list[Note], result: TranslationImport) -> None:
    """A number glued to a word or punctuation is a footnote mark where its page defines that note."""
    by_page = {(note.page, note.number): note for note in notes}
    for index, page in enumerate(pages):
        for line in page:

            def mark(match: re.Match, line: Line = line, index: int = index) -> str:
                whole = match.string
                word_start = max(whole.rfind(" ", 0, match.start()), whole.rfind("(", 0, match.start())) + 1
                word = whole[word_start : match.start() + 1]
                if "/" in word or (match.group("punct") == "." and word.rstrip(".").lower() in ABBREVIATIONS):
                    return match.group(0)
                note = by_page.get((index, match.group("n")))
                if note is None:
                    if match.group("punct") or not match.group("before").isalpha():
                        result.problems.append(
                            (
                                line.number,
                                f"{match.group(0)!r} looks like a footnote mark but its page has no footnote "
                                f"{match.group('n')}; kept as printed",
                            )
                        )
                    return match.group(0)
                note.used += 1
                return match.group("before") + match.group("punct") + f"{MARK_OPEN}{note.label}{MARK_CLOSE}"

            line.text = GLUED_REFERENCE.sub(mark, line.text)


def _vocabulary(pages: list[list[Line]]) -> set[str]:
    """The document's own words (lower case), not counting the halves of words split at a line end."""
    words: set[str] = set()
    for page in pages:
        for line in page:
            text = line.stripped
            if text.endswith("-"):
                text = text.rsplit(" ", 1)[0] if " " in text else ""
            words.update(word.lower() for word in WORD.findall(text))
    return words


def _join_hyphen(before: str, after: str, words: set[str]) -> tuple[str, str | None]:
    """How `before-` at a line end and `after` on the next line join: (separator, note for the review).

    The rule, in order: a soft hyphen (U+00AD) goes; a capital or digit after it (`Secretary-General`,
    `2015-2016`) keeps it; the document itself decides when it prints the word elsewhere on one
    line, unbroken (`peacekeeping`: the hyphen goes) or hyphenated (`well-being`: it stays); a first
    part that English writes with a hyphen (`non-`, `self-`, `well-`, …) keeps it. Otherwise the
    hyphen is kept, so no character is lost, and the word is listed for the review.
    """
    first = re.findall(r"[^\W\d_]+$", before[:-1])
    second = re.match(r"[^\W\d_]+", after)
    if before.endswith("\u00ad"):
        return "", None
    if not first or not second or not second.group(0)[0].islower():
        return "-", None
    head, tail = first[0].lower(), second.group(0).lower()
    if f"{head}-{tail}" in words:
        return "-", None
    if head + tail in words:
        return "", None
    if head in HYPHENATED_PREFIXES:
        return "-", None
    return "-", f"kept the hyphen in {first[0]}-{second.group(0)}: the text has no unhyphenated {head + tail} to go by"


def _join_text(text: str, line: str, words: set[str], result: TranslationImport, number: int) -> str:
    """Join a wrapped line to the text above: a space, nothing after a line-end hyphen or slash, as decided."""
    if not text:
        return line
    if text.endswith(("-", "\u00ad")) and len(text) > 1 and text[-2].isalpha():
        separator, note = _join_hyphen(text, line, words)
        if note:
            result.hyphens.append((number, note))
        return (text[:-1] if text.endswith("\u00ad") else text[: len(text) - 1]) + separator + line
    if text.endswith("/"):
        return text + line
    return text + " " + line


def _starts_block(line: Line, previous: Line, text: str, expected: int, width: int) -> bool:
    """A new block starts on a line without a blank line above it: a paragraph number (the expected one,
    or any after a complete sentence), an item or heading marker after a complete sentence, a first-line
    indent, a capital, digit or `(` after a short line (wrapped text fills its lines but the last), or a
    short line that ends no sentence after one that does."""
    stripped = line.stripped
    if _is_short(previous.stripped, width) and (
        stripped[:1].isupper() or stripped[:1].isdigit() or stripped[:1] == "("
    ):
        return True
    if (
        _complete(previous.stripped)
        and _is_short(stripped, width)
        and stripped[:1].isupper()
        and not _complete(stripped)
    ):
        return True  # a short line that ends no sentence cannot end a paragraph: a heading after one
    in_paragraph = (match := PARAGRAPH.match(text)) and int(match.group(1)) == expected - 1
    complete = _complete(text) or (_looks_like_heading(text, 3) and not in_paragraph and not ITEM.match(text))
    if (match := PARAGRAPH.match(stripped)) and int(match.group(1)) == expected:
        return True
    if complete and (PARAGRAPH.match(stripped) or ITEM.match(stripped) or CHAPTER.match(stripped)):
        return True
    return line.indent >= 3 and line.indent > previous.indent + 2


def _is_short(text: str, width: int) -> bool:
    """A line that stops well before the text width ends its block (unless it ends in a hyphen or slash)."""
    return len(text) < SHORT_LINE * width and not text.endswith(("-", "/", "\u00ad"))


def _text_width(lines: list[Line]) -> int:
    """The width the text is wrapped at: the 90th percentile of the line lengths (at least 40)."""
    lengths = sorted(len(line.stripped) for line in lines if line.stripped)
    return max(40, lengths[len(lengths) * 9 // 10]) if lengths else 80


@dataclass
class _Block:
    text: str
    line: int
    page: int
    lines: int
    last_page: int


def _blocks(lines: list[Line], words: set[str], result: TranslationImport) -> list[_Block]:
    """Unwrap lines into blocks. A blank line ends a block, except at a page's edges: there the block
    goes on when it was cut (no end punctuation) and the next page does not start a new one."""
    blocks: list[_Block] = []
    expected = 1
    width = _text_width(lines)
    indented = _indents_paragraphs(lines, width)
    previous: Line | None = None
    pending_blank = False
    for line in lines:
        if not line.stripped:
            pending_blank = True
            continue
        new_page = previous is not None and line.page != previous.page
        current = blocks[-1] if blocks else None
        starts = previous is None or _starts_block(line, previous, current.text if current else "", expected, width)
        # Where paragraphs start indented, a full line at a page's top without one goes on with the block
        # above even after a complete sentence: the page broke between two sentences.
        between_sentences = indented and line.indent < 3 and not _is_short(line.stripped, width)
        continues = (
            current is not None
            and (not pending_blank or new_page)
            and not starts
            and (not new_page or not _complete(current.text) or between_sentences)
        )
        if continues and current is not None:
            if new_page:
                how = "cut by a page end" if not _complete(current.text) else "after a page end between sentences"
                result.joined.append((line.number, f"text {how} joined to the block at line {current.line}"))
            current.text = _join_text(current.text, line.stripped, words, result, line.number)
            current.lines += 1
            current.last_page = line.page
        else:
            blocks.append(_Block(line.stripped, line.number, line.page, 1, line.page))
        if match := PARAGRAPH.match(blocks[-1].text):
            if blocks[-1].lines == 1 and int(match.group(1)) >= expected:
                expected = int(match.group(1)) + 1
        previous = line
        pending_blank = False
    return blocks


def _indents_paragraphs(lines: list[Line], width: int) -> bool:
    """True when the export marks paragraph starts with an indent (pdftotext -layout): most full lines
    after a blank line are indented."""
    starts = [
        line
        for index, line in enumerate(lines)
        if line.stripped and index and not lines[index - 1].stripped and not _is_short(line.stripped, width)
    ]
    return len(starts) >= 4 and sum(line.indent >= 3 for line in starts) >= 0.6 * len(starts)


def _roman(text: str) -> int | None:
    """i -> 1, iv -> 4, xii -> 12; None when it is not a well-formed roman number."""
    total, last = 0, 0
    for char in reversed(text.lower()):
        if char not in ROMAN:
            return None
        value = ROMAN[char]
        total, last = (total - value, last) if value < last else (total + value, value)
    return total if _to_roman(total) == text.lower() else None


def _to_roman(number: int) -> str:
    out = ""
    for value, letters in ((50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while number >= value:
            out, number = out + letters, number - value
    return out


def _classify(blocks: list[_Block], result: TranslationImport) -> list[Unit]:
    units: list[Unit] = []
    expected = 1
    chapter = 0
    section = ""
    numbered_part = False
    item_letter = ""
    nested = 0
    last_text: Unit | None = None
    last_guess: tuple[int, Unit] | None = None
    item_markers = [(ITEM.match(block.text).group(1) if ITEM.match(block.text) else None) for block in blocks]  # type: ignore[union-attr]
    for index, block in enumerate(blocks):
        text = block.text
        heading_like = _looks_like_heading(text, block.lines)
        unit: Unit | None = None
        para = PARAGRAPH.match(text)
        if (match := CHAPTER.match(text)) and heading_like and _is_chapter(match.group(1), chapter, section):
            value = _roman(match.group(1)) or 0
            if value != chapter + 1:
                result.problems.append(
                    (block.line, f"chapter {match.group(1)} follows {_chapter_name(chapter)}: check the numbering")
                )
            chapter, section, numbered_part = value, "", True
            unit = Unit("chapter", match.group(2), block.line, number=match.group(1), level=2)
        elif (match := SECTION.match(text)) and heading_like and chapter:
            section = match.group(1).lower()
            unit = Unit("section", match.group(2), block.line, number=match.group(1), level=3)
        elif para and heading_like and chapter:
            unit = Unit("subsection", para.group(2), block.line, number=para.group(1), level=4)
        elif para and (int(para.group(1)) == expected or (expected < int(para.group(1)) <= expected + MAX_NUMBER_GAP)):
            number = int(para.group(1))
            if number != expected:
                message = (
                    f"paragraph numbers jump from {expected - 1} to {number}: no paragraph "
                    + (f"{expected}" if number == expected + 1 else f"{expected}–{number - 1}")
                    + f" found; {number} and what follows keep their numbers"
                )
                if last_guess is not None:
                    message += f"; the unnumbered text at line {last_guess[0]} was joined to the block at line {last_guess[1].line} and may be the missing paragraph"
                result.problems.append((block.line, message))
            expected, numbered_part, item_letter, nested, last_guess = number + 1, True, "", 0, None
            unit = Unit("para", para.group(2), block.line, number=str(number))
        elif (match := ITEM.match(text)) and numbered_part and units:
            marker = match.group(1)
            following = next((m for m in item_markers[index + 1 :] if m), None)
            next_letter = chr(ord(item_letter) + 1) if item_letter else "a"
            next_roman = _to_roman(nested + 1)
            is_roman = _roman(marker) is not None and (
                (marker == next_roman and nested > 0)
                or (marker == next_roman and (marker != next_letter or following == _to_roman(2)))
                or (marker != next_letter and len(marker) > 1)
            )
            if is_roman:
                nested = _roman(marker) or 0
                unit = Unit("item", match.group(2), block.line, number=marker, level=2)
            else:
                item_letter, nested = marker, 0
                unit = Unit("item", match.group(2), block.line, number=marker, level=1)
        elif SIGNED.search(text):
            unit = Unit("signature", text, block.line)
        elif heading_like:
            unit = Unit("heading", text, block.line)
        elif numbered_part and last_text is not None and last_text.kind in ("para", "item"):
            result.joined.append((block.line, f"unnumbered block joined to the block at line {last_text.line}"))
            last_text.text += " " + text
            last_guess = (block.line, last_text)
            continue
        else:
            unit = Unit("text", text, block.line)
        unit.lines = block.lines
        if para and unit.kind == "text":
            result.problems.append(
                (
                    block.line,
                    f"this block starts with {para.group(1)}. but paragraph {expected} comes next: written as text, check the numbering",
                )
            )
        units.append(unit)
        last_text = unit if unit.kind in ("para", "item", "text") else None
    return units


def _is_chapter(numeral: str, chapter: int, section: str) -> bool:
    """`I.`, `V.`, `X.`, `L.` are roman chapters or lettered sections: the section when it is the next letter."""
    if _roman(numeral) is None:
        return False
    if len(numeral) > 1 or not chapter:
        return True
    return not (section and numeral.lower() == chr(ord(section) + 1))


def _chapter_name(chapter: int) -> str:
    return f"chapter {_to_roman(chapter).upper()}" if chapter else "no chapter"


def _ids(units: list[Unit]) -> None:
    """The id each numbered unit gets from the build (the same rule as the original's)."""
    chapter = section = ""
    paragraph = item = ""
    for unit in units:
        if unit.kind == "chapter":
            chapter, section = str(_roman(unit.number) or 0), ""
            unit.anchor = f"s{chapter}"
        elif unit.kind == "section":
            section = unit.number.lower()
            unit.anchor = f"s{chapter}-{section}"
        elif unit.kind == "subsection":
            unit.anchor = "-".join(part for part in (f"s{chapter}", section, unit.number) if part)
        elif unit.kind == "para":
            paragraph, item = unit.number, ""
            unit.anchor = f"p{paragraph}"
        elif unit.kind == "item" and unit.level == 1:
            item = unit.number
            unit.anchor = f"p{paragraph}-{item}"
        elif unit.kind == "item":
            unit.anchor = "-".join(part for part in (f"p{paragraph}", item, str(_roman(unit.number))) if part)


def _align_unnumbered(units: list[Unit], original: Original, result: TranslationImport, source: str) -> None:
    """Give each unnumbered block the original's id: blocks between the same two numbered ids pair up in order."""
    _ids(units)
    by_region: dict[str, list[tuple[str, str, int]]] = {}
    region = ""
    for anchor, kind, line in original.blocks:
        if kind == "footnote":
            continue
        if original.is_numbered(anchor, kind):
            region = anchor
        else:
            by_region.setdefault(region, []).append((anchor, kind, line))
    mine_by_region: dict[str, list[Unit]] = {}
    region = ""
    for unit in units:
        if unit.anchor:
            region = unit.anchor
        else:
            mine_by_region.setdefault(region, []).append(unit)
    used = {anchor for anchor, _, _ in original.blocks}
    merged: set[int] = set()
    for region, mine in mine_by_region.items():
        candidates = by_region.get(region, [])
        mine = _as_list(mine, candidates, merged)
        if len(candidates) == len(mine):
            _pair(mine, candidates, original, result)
            continue
        where = f"after {region}" if region else "before the first numbered block"
        ours_parts: list[list[Unit]] = _by_heading(mine)
        theirs_parts: list[list[tuple[str, str, int]]] = _by_heading(candidates)
        segmented = len(ours_parts) == len(theirs_parts) and all(
            (ours[0].kind == "heading") == (theirs[0][1] == "heading")
            for ours, theirs in zip(ours_parts, theirs_parts, strict=True)
        )
        if not segmented:
            ours_parts, theirs_parts = [mine], [candidates]  # the headings do not pair either: one run
        for ours, theirs in zip(ours_parts, theirs_parts, strict=True):
            if len(ours) == len(theirs):
                _pair(ours, theirs, original, result)
                continue
            named = theirs[0][0] if segmented and theirs[0][1] == "heading" else ""
            if named:
                _pair(ours[:1], theirs[:1], original, result)
            part = ours[1:] if named else ours
            result.warnings.append(
                f"{source}:{part[0].line if part else ours[0].line}: warning: {len(ours)} unnumbered block(s) "
                + (f"under heading #{named}" if named else where)
                + f", the original has {len(theirs)}"
                + (f" ({original.path}:{theirs[0][2]})" if theirs else "")
                + ": their ids are made up (en-…); give them the original's ids by hand"
            )
            for count, unit in enumerate(part, start=1):
                base = f"en-{named or region or 'front'}-{count}"
                anchor, suffix = base, 1
                while anchor in used:
                    suffix += 1
                    anchor = f"{base}-{suffix}"
                used.add(anchor)
                unit.anchor, unit.explicit = anchor, True
                unit.classes = "signature" if unit.kind == "signature" else ""
                unit.level = 2 if not region else 3
    units[:] = [unit for unit in units if id(unit) not in merged]
    for unit in units:
        if unit.kind == "heading" and not unit.level:
            unit.level = 2


def _pair(mine: list[Unit], theirs: list[tuple[str, str, int]], original: Original, result: TranslationImport) -> None:
    for unit, (anchor, _kind, _) in zip(mine, theirs, strict=True):
        unit.anchor, unit.explicit = anchor, True
        unit.classes = original.classes.get(anchor, "signature" if unit.kind == "signature" else "")
        if unit.kind == "heading":
            unit.level = original.heading_levels.get(anchor, 2)
        result.counts["aligned"] += 1


def _by_heading(run: list) -> list[list]:
    """A run of unnumbered blocks cut before each heading (a Unit, or an original's (anchor, kind, line))."""
    parts: list[list] = [[]]
    for entry in run:
        kind = entry.kind if isinstance(entry, Unit) else entry[1]
        if kind == "heading" and parts[-1]:
            parts.append([])
        parts[-1].append(entry)
    return [part for part in parts if part]


def _as_list(mine: list[Unit], candidates: list[tuple[str, str, int]], merged: set[int]) -> list[Unit]:
    """Where the original has a list (the annex's members) and this text a run of short lines in its
    place, the run is that list: one unit, one line an item."""
    kinds = [kind for _, kind, _ in candidates]
    surplus = len(mine) - len(candidates)
    if kinds.count("list") != 1 or surplus < 1:
        return mine
    start = kinds.index("list")
    run = mine[start : start + surplus + 1]
    if not all(unit.kind in ("heading", "text") and unit.lines == 1 and len(unit.text) <= 100 for unit in run):
        return mine
    first = run[0]
    first.kind, first.text = "list", "\n".join(unit.text for unit in run)
    merged.update(id(unit) for unit in run[1:])
    return mine[:start] + [first] + mine[start + surplus + 1 :]


def _compare_numbering(
    units: list[Unit], notes: list[Note], original: Original, result: TranslationImport, source: str, lang: str
) -> None:
    """Paragraphs, items, numbered headings and footnotes in one text and not the other, as warnings."""
    mine = {unit.anchor: unit.line for unit in units if not unit.explicit}
    mine.update({f"fn{note.label}": note.line for note in notes})
    theirs = {anchor: line for anchor, kind, line in original.blocks if original.is_numbered(anchor, kind)}
    for anchor, line in mine.items():
        if anchor not in theirs:
            result.warnings.append(
                f"{source}:{line}: warning: {_describe(anchor)} is not in the original ({original.path})"
            )
    for anchor, line in theirs.items():
        if anchor not in mine:
            result.warnings.append(
                f"{original.path}:{line}: warning: {_describe(anchor)} is not in the {LANGUAGES[lang]} text ({source})"
            )
    for unit in units:
        if unit.kind == "para":
            result.counts["paragraph"] += 1
        elif unit.kind == "item":
            result.counts["item"] += 1
            result.counts["nested"] += unit.level == 2
        elif unit.kind in ("chapter", "section", "subsection"):
            result.counts["heading"] += 1
        else:
            result.counts["unnumbered"] += 1
    result.counts["footnote"] = len(notes)


def _describe(anchor: str) -> str:
    if match := re.match(r"^p(\d+)$", anchor):
        return f"paragraph {match.group(1)} (#{anchor})"
    if anchor.startswith("p"):
        return f"sub-item #{anchor}"
    if anchor.startswith("fn"):
        return f"footnote {anchor[2:]} (#{anchor})"
    return f"heading #{anchor}"


def _write(meta: dict, units: list[Unit], notes: list[Note]) -> str:
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    out = ["---", head.rstrip(), "---", ""]
    for unit in units:
        if unit.explicit:
            out.append(f"{{#{unit.anchor}" + "".join(f" .{name}" for name in unit.classes.split()) + "}")
        if unit.kind in ("chapter", "section", "subsection"):
            out.append(f"{'#' * unit.level} {unit.number}. {escape_inline(unit.text)}")
        elif unit.kind == "heading":
            out.append(f"{'#' * unit.level} {escape_inline(unit.text)}")
        elif unit.kind == "para":
            out.append(f"{unit.number}\\. {escape_inline(unit.text)}")
        elif unit.kind == "item":
            out.append(f"({unit.number}) {escape_inline(unit.text)}")
        elif unit.kind == "list":
            out.extend(f"- {escape_block(part)}" for part in unit.text.split("\n"))
        else:
            out.append(escape_block(unit.text))
        out.append("")
    for note in sorted(notes, key=lambda note: (int(note.number), note.label)):
        out.append(f"[^{note.label}]: {escape_block(note.text)}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


__all__ = ["LANGUAGES", "Original", "TranslationImport", "import_translation"]
