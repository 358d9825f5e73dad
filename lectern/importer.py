"""Turn a UN document exported from PDF as text into Lectern Markdown.

The export is messy in known ways: page ends split paragraphs mid-sentence,
footnotes are printed inline where a page ends, the printed contents list carries
page numbers, and numbered subsection headings (`1. 政治居首`) look like
paragraphs. This module undoes those artefacts once; its output is reviewed by
hand and committed, and from then on the Markdown is the source of truth.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import yaml

from .import_common import (
    MARK,
    MARK_CLOSE,
    MARK_OPEN,
    ImportResult,
    escape_block,
    escape_inline,
)
from .load import SLUG

__all__ = ["ImportResult", "check_slug", "escape_block", "escape_inline", "import_text"]

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_TO_ASCII = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
CHINESE_NUMERALS = "一二三四五六七八九十"

# A paragraph whose text ends in one of these is complete; anything else was cut by a page end.
TERMINAL_PUNCTUATION = "。！？；：;:”」）)…"

CHAPTER = re.compile(rf"^([{CHINESE_NUMERALS}]+)\.\s*(\S.*)$")
SECTION = re.compile(r"^([A-Z])\.\s+(\S.*)$")
NUMBERED = re.compile(r"^(\d+)\.\s*(\S.*)$")
ITEM = re.compile(rf"^(?:-\s*)?\(([a-z]|[{CHINESE_NUMERALS}]+)\)\s*(\S.*)$")
FOOTNOTE_DEFINITION = re.compile(rf"^([{SUPERSCRIPT_DIGITS}]+)\s*(\S.*)$")
FOOTNOTE_MARK = re.compile(rf"([{SUPERSCRIPT_DIGITS}]+) ?")
EMPTY_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\(#\)")
TITLE_PAGE_NOTE = re.compile(r"^(\*{1,3})\s*(\S.{0,79})$")
HEADING_MAX_CHARS = 40
# A paragraph number may skip this many numbers (a lost `5.`) and still be read as the next paragraph.
MAX_NUMBER_GAP = 50

SECTION_IDS = {"摘要": "summary", "附件": "annex", "导言": "introduction"}


@dataclass
class Unit:
    """One block of the output, before it is written as Markdown."""

    kind: str  # heading | para | item | text | signature | table | list
    text: str
    level: int = 0
    number: str = ""
    anchor: str = ""
    rows: list[str] = field(default_factory=list)
    classes: str = ""
    line: int = 0  # source line where the block starts

    @property
    def is_open(self) -> bool:
        """True when the text stops mid-sentence, i.e. a page end cut it."""
        return self.kind in ("para", "item", "text") and not self.text.rstrip().endswith(tuple(TERMINAL_PUNCTUATION))


@dataclass
class Footnote:
    number: str  # as printed
    label: str  # as written: the number, or `12-2` for the second footnote printed as 12
    text: str
    line: int
    page: int  # index of the page-foot block it was printed in
    used: int = 0


def check_slug(slug: str) -> str | None:
    """Why `slug` cannot name a content file, or None. The build's own rule, so the import builds."""
    if not SLUG.match(slug):
        return (
            f"slug {slug!r} is not allowed: use lowercase ASCII letters and digits in words joined by "
            "single hyphens, e.g. hippo-2015 (no folders, dots or slashes)"
        )
    return None


def import_text(
    text: str, *, source: str, slug: str, title_en: str | None = None, date: str | None = None
) -> ImportResult:
    """Convert one exported text into a Markdown document with YAML front matter."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    result = ImportResult("", [])
    for number, line in enumerate(raw, start=1):
        if MARK_OPEN in line or MARK_CLOSE in line:  # the importer's own stand-ins for footnote marks
            result.problems.append((number, "private-use characters U+E000/U+E001 replaced by U+FFFD"))
            raw[number - 1] = line.replace(MARK_OPEN, "\ufffd").replace(MARK_CLOSE, "\ufffd")
    lines = [(number, line.rstrip(" ")) for number, line in enumerate(raw, start=1)]
    title_page, notes, body = _split_title_page(lines, result)
    body = _drop_contents_list(body, result)
    body, footnotes = _extract_footnotes(body, result)
    units = _group_name_lists(_classify(body, result, footnotes))
    for note in footnotes:
        if not note.used:
            result.problems.append(
                (
                    note.line,
                    f"footnote {note.number} has no mark in the text above it; "
                    f"written as [^{note.label}] at the end: put its mark where it belongs",
                )
            )
    _assign_front_anchors(units)
    meta = _front_matter(title_page, notes, source=source, slug=slug, title_en=title_en, date=date)
    result.markdown = _write_markdown(meta, units, footnotes, result)
    return result


def _split_title_page(
    lines: list[tuple[int, str]], result: ImportResult
) -> tuple[list[str], list[str], list[tuple[int, str]]]:
    """Return (title page lines, page-one notes, body lines).

    The title page is every line before the first heading that is followed by prose.
    Page-one notes (`* 由于技术原因重发`, `** A/70/50`) are kept apart wherever they sit on the
    first pages, i.e. before the first numbered paragraph or chapter; later a line starting with
    `*` is text.
    """
    nonblank = [i for i, (_, line) in enumerate(lines) if line.strip()]
    start = 0
    for position, index in enumerate(nonblank[:-1]):
        following = lines[nonblank[position + 1]][1].strip()
        if len(following) > HEADING_MAX_CHARS and not _looks_like_heading(following):
            start = index
            break
    first_numbered = next(
        (i for i, (_, line) in enumerate(lines) if NUMBERED.match(line.strip()) or CHAPTER.match(line.strip())),
        len(lines),
    )
    title: list[str] = []
    notes: list[str] = []
    body: list[tuple[int, str]] = []
    for index, (number, line) in enumerate(lines):
        stripped = line.strip()
        note = TITLE_PAGE_NOTE.match(stripped) if index < first_numbered else None
        if note:
            notes.append(note.group(2))
            result.removed.append(stripped)
            result.moved.append((number, f"page-one note moved to the front matter (notes): {stripped}"))
        elif index < start:
            if "*" in stripped:
                result.dropped.append((number, f"note mark {'*' * stripped.count('*')} in the title page"))
            if stripped and index > 0 and lines[index - 1][1].strip() and title:
                title[-1] += stripped.replace("*", "")  # one title-page line wrapped by the layout
                result.joined.append((number, "title-page line joined to the one above"))
            elif stripped:
                title.append(stripped.replace("*", ""))
        else:
            body.append((number, line))
    if title:
        result.moved.append(
            (
                lines[nonblank[0]][0] if nonblank else 1,
                f"title page ({len(title)} lines) moved to the front matter (title_page)",
            )
        )
    return title, notes, body


def _drop_contents_list(lines: list[tuple[int, str]], result: ImportResult) -> list[tuple[int, str]]:
    """The printed contents list (with page numbers) is replaced by a generated one."""
    out: list[tuple[int, str]] = []
    in_contents = False
    for number, line in lines:
        stripped = line.strip()
        if stripped == "目录":
            in_contents = True
            result.removed.append(stripped)
            result.dropped.append((number, "printed contents list (目录) and the lines below it"))
            continue
        if in_contents:
            if not stripped or "\t" in line or "....." in line or stripped == "页次":
                if stripped:
                    result.removed.append(stripped)
                continue
            in_contents = False
        out.append((number, line))
    return out


def _extract_footnotes(
    lines: list[tuple[int, str]], result: ImportResult
) -> tuple[list[tuple[int, str]], list[Footnote]]:
    """Pull page-foot footnotes out of the flow and put a mark where each is referenced.

    A run of definitions (`¹ …`; `- “1. …` lines below one belong to it) ends a page. A
    superscript in the text before it becomes a mark only if that foot defines its number; else
    it refers back to the latest earlier footnote of that number (a note cited again), unless it
    follows a Latin letter or digit (`km²`, `10⁶`) or no such footnote exists: then it stays
    text as printed. The same number defined at the foot of two pages gives two footnotes,
    labelled `12` and `12-2`.
    """
    body: list[tuple[int, str, int]] = []
    footnotes: list[Footnote] = []
    current: Footnote | None = None
    page = 0
    printed: dict[str, int] = {}
    for number, line in lines:
        stripped = line.strip()
        match = FOOTNOTE_DEFINITION.match(stripped)
        if match:
            label = match.group(1).translate(_SUPER_TO_ASCII)
            printed[label] = printed.get(label, 0) + 1
            written = label if printed[label] == 1 else f"{label}-{printed[label]}"
            current = Footnote(label, written, match.group(2).strip(), number, page)
            footnotes.append(current)
            result.moved.append((number, f"footnote {label} moved to the end as [^{written}]"))
            continue
        if current and stripped.startswith("- “"):
            current.text = current.text.rstrip() + stripped[2:].strip()
            result.joined.append((number, f"quoted line joined to footnote {current.number}"))
            continue
        if stripped:
            if footnotes and footnotes[-1].page == page:
                page += 1  # text after a page foot is on the next page
            current = None
        body.append((number, line, page))
    pages: dict[tuple[int, str], Footnote] = {(note.page, note.number): note for note in footnotes}
    latest: dict[str, Footnote] = {}
    out: list[tuple[int, str]] = []
    by_page = sorted(footnotes, key=lambda note: note.page)
    position = 0
    for number, line, page in body:
        while position < len(by_page) and by_page[position].page < page:
            latest[by_page[position].number] = by_page[position]
            position += 1
        if "\t" in line:  # a table row: fenced, not Markdown, so superscripts stay as printed
            out.append((number, line))
            continue
        mark = functools.partial(_mark, line=line, number=number, page=page, pages=pages, latest=latest, result=result)
        out.append((number, FOOTNOTE_MARK.sub(mark, line)))
    return out, footnotes


def _mark(match: re.Match, line: str, number: int, page: int, pages: dict, latest: dict, result: ImportResult) -> str:
    printed = match.group(1).translate(_SUPER_TO_ASCII)
    before = line[match.start() - 1] if match.start() else ""
    note = pages.get((page, printed))
    if note is None and not (before.isascii() and before.isalnum()):
        note = latest.get(printed)
        if note is not None:
            result.joined.append(
                (
                    number,
                    f"mark {match.group(1)} refers back to footnote {printed} "
                    f"(line {note.line}): none of that number at the foot of its page",
                )
            )
    if note is None:
        if not (before.isascii() and before.isalnum()):
            result.problems.append(
                (
                    number,
                    f"superscript {match.group(1)} has no footnote {printed} at the "
                    "foot of its page or before; kept as printed",
                )
            )
        return match.group(0)
    note.used += 1
    return f"{MARK_OPEN}{note.label}{MARK_CLOSE}"


def _looks_like_heading(text: str) -> bool:
    return (
        len(text) <= HEADING_MAX_CHARS
        and not any(mark in text for mark in "。；;“”")
        and not text.endswith(tuple(TERMINAL_PUNCTUATION + "，,、"))
    )


def _classify(lines: list[tuple[int, str]], result: ImportResult, footnotes: list[Footnote]) -> list[Unit]:
    """Walk the lines once, deciding what each is and rejoining text split at page ends."""
    units: list[Unit] = []
    expected = 1
    numbered_depth = 0  # 0 before any numbered heading, then 2, 3, 4
    in_named_section = False  # inside 摘要 or 附件: unnumbered headings are one level down
    last_text: Unit | None = None
    table_rows: list[str] = []
    table_line = 0
    last_guess: tuple[int, Unit] | None = None  # a complete block joined to the paragraph above

    def flush_table() -> None:
        if table_rows:
            caption = ""
            if units and units[-1].kind in ("heading", "text"):
                above = units.pop()
                caption = f"{above.number}. {above.text}" if above.number else above.text
                for label in MARK.findall(caption):  # a fence holds no links: the mark goes back to print
                    next(note for note in footnotes if note.label == label).used -= 1
            units.append(Unit("table", caption, rows=list(table_rows), line=table_line))
            table_rows.clear()

    starts_table = _lines_before_tables([line for _, line in lines])
    following = _following_numbers(lines)
    for index, (number, raw) in enumerate(lines):
        if "\t" in raw and raw.strip():
            table_line = table_line if table_rows else number
            table_rows.append(raw)
            continue
        line = raw.strip()
        if not line:
            continue
        if EMPTY_MARKDOWN_LINK.search(line):
            result.dropped.append(
                (
                    number,
                    "link markup around "
                    + ", ".join(EMPTY_MARKDOWN_LINK.findall(line))
                    + " (the export links nowhere); its text is kept",
                )
            )
            line = EMPTY_MARKDOWN_LINK.sub(r"\1", line)
        if table_rows:
            flush_table()
            last_text = None  # the block above became the caption: nothing may join it now
            if line.startswith(("简称", "注", "资料来源")):
                units[-1].rows.append("note:" + line)
                continue
        paragraph = _paragraph_number(line, expected, following[index])
        numbered = NUMBERED.match(line)
        if (
            last_text is not None
            and paragraph is None
            and not CHAPTER.match(line)
            and not ITEM.match(line)
            and not starts_table[index]
            and (last_text.is_open or (last_text.kind in ("para", "item") and not _looks_like_heading(line)))
        ):
            # Cut mid-sentence by a page end, or, in the numbered part where every paragraph
            # carries a number, an unnumbered block that can only be the rest of the one above.
            what = _describe(last_text)
            if numbered and not _looks_like_heading(numbered.group(2)):
                result.problems.append(
                    (
                        number,
                        f"this line starts with {numbered.group(1)}. but paragraph "
                        f"{expected} comes next; joined to {what}: check the numbering",
                    )
                )
            elif last_text.is_open:
                result.joined.append((number, f"text cut by a page end joined to {what}"))
            else:
                result.joined.append((number, f"unnumbered block joined to {what}"))
                last_guess = (number, last_text)
            last_text.text += line
            continue
        unit = _classify_line(line, expected, numbered_depth, units, in_named_section, following[index])
        unit.line = unit.line or number
        if unit.kind == "para":
            if int(unit.number) != expected:
                message = (
                    f"paragraph numbers jump from {expected - 1} to {unit.number}: no paragraph "
                    + (f"{expected}" if int(unit.number) == expected + 1 else f"{expected}–{int(unit.number) - 1}")
                    + f" found; {unit.number} and what follows keep their numbers"
                )
                if last_guess is not None:
                    message += (
                        f"; the unnumbered text at line {last_guess[0]} was joined to "
                        f"{_describe(last_guess[1])} and may be the missing paragraph"
                    )
                result.problems.append((number, message))
            expected = int(unit.number) + 1
            last_guess = None
        elif numbered and unit.kind == "text":
            result.problems.append(
                (
                    number,
                    f"this line starts with {numbered.group(1)}. but paragraph {expected} "
                    "comes next; written as text, which the build reads as a numbered "
                    "paragraph: check the numbering",
                )
            )
        if unit.kind == "heading" and unit.number:
            numbered_depth = unit.level
        elif unit.kind == "heading" and unit.text in SECTION_IDS:
            numbered_depth, in_named_section = 0, True
        units.append(unit)
        last_text = unit if unit.kind in ("para", "item", "text") else None
    flush_table()
    return units


def _describe(unit: Unit) -> str:
    if unit.kind == "para":
        return f"paragraph {unit.number} (line {unit.line})"
    if unit.kind == "item":
        return f"item ({unit.number}) (line {unit.line})"
    return f"the block at line {unit.line}"


def _following_numbers(lines: list[tuple[int, str]]) -> list[int | None]:
    """For each line, the number of the next line after it that starts like a numbered paragraph."""
    result: list[int | None] = [None] * len(lines)
    upcoming: int | None = None
    for index in range(len(lines) - 1, -1, -1):
        result[index] = upcoming
        match = NUMBERED.match(lines[index][1].strip())
        if match and not _looks_like_heading(match.group(2)):
            upcoming = int(match.group(1))
    return result


def _paragraph_number(line: str, expected: int, following: int | None) -> int | None:
    """The paragraph number a line starts with: the next one, or a later one after a gap.

    A later number counts only if the numbering goes on from it: `7.` followed by the expected
    `2.` is a stray number in the text, not a gap.
    """
    match = NUMBERED.match(line)
    if not match:
        return None
    number = int(match.group(1))
    if number == expected or (
        expected < number <= expected + MAX_NUMBER_GAP
        and following != expected
        and not _looks_like_heading(match.group(2))
    ):
        return number
    return None


def _lines_before_tables(lines: list[str]) -> list[bool]:
    """Mark the caption line of each table: the last non-blank line before tab-separated rows."""
    marks = [False] * len(lines)
    previous: int | None = None
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if "\t" in line and previous is not None and "\t" not in lines[previous]:
            marks[previous] = True
        previous = index
    return marks


def _classify_line(
    line: str, expected: int, numbered_depth: int, units: list[Unit], in_named_section: bool, following: int | None
) -> Unit:
    if match := NUMBERED.match(line):
        number = _paragraph_number(line, expected, following)
        if number is not None:
            return Unit("para", match.group(2), number=str(number))
        if _looks_like_heading(match.group(2)):
            return Unit("heading", match.group(2), level=4, number=match.group(1))
    if (match := CHAPTER.match(line)) and _looks_like_heading(match.group(2)):
        return Unit("heading", match.group(2), level=2, number=match.group(1))
    if (match := SECTION.match(line)) and _looks_like_heading(match.group(2)) and _has_cjk(match.group(2)):
        return Unit("heading", match.group(2), level=3, number=match.group(1))
    if match := ITEM.match(line):
        marker = match.group(1)
        return Unit("item", match.group(2), level=1 if marker.isascii() else 2, number=marker)
    if "(签名)" in line:
        if units and units[-1].kind == "heading" and not units[-1].number:
            units[-1].kind, units[-1].text = "signature", units[-1].text + "\n" + line
            return units.pop()
        return Unit("signature", line)
    if units and units[-1].kind == "text" and units[-1].text.endswith("”") and len(line) <= HEADING_MAX_CHARS:
        if units[-1].text.startswith("“"):
            units[-1].classes = "quote"
        return Unit("text", line, classes="attribution")  # the attribution under a quotation
    if line in SECTION_IDS:
        return Unit("heading", line, level=2)
    if _looks_like_heading(line):
        if numbered_depth:
            level = min(numbered_depth + 1, 6)
        else:
            level = 3 if in_named_section else 2
        return Unit("heading", line, level=level)
    return Unit("text", line)


def _has_cjk(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text))


def _group_name_lists(units: list[Unit]) -> list[Unit]:
    """A run of three or more short name lines is a list (the annex's members), not headings."""

    def is_name(unit: Unit) -> bool:
        short = len(unit.text) <= HEADING_MAX_CHARS
        latin = bool(re.search(r"[A-Za-z]", unit.text))
        return short and (
            (unit.kind == "heading" and not unit.number and (latin or len(unit.text) <= 4))
            or (unit.kind == "text" and latin)
        )

    out: list[Unit] = []
    index = 0
    while index < len(units):
        end = index
        while end < len(units) and is_name(units[end]):
            end += 1
        if end - index >= 3:
            out.append(Unit("list", "\n".join(unit.text for unit in units[index:end])))
            index = end
        else:
            out.append(units[index])
            index += 1
    return out


def _assign_front_anchors(units: list[Unit]) -> None:
    """Give every unnumbered heading and block a stable id, written into the source once.

    Numbered paragraphs and headings need none: their ids come from their numbers.
    A heading inside the numbered part is named after the paragraph it introduces
    (`h7` before paragraph 7), so adding a section elsewhere never renames it.
    """
    section = "front"
    used: dict[str, int] = {}
    next_para = _next_paragraph_numbers(units)
    first_para = _first_para_index(units)
    parts = 0
    for index, unit in enumerate(units):
        if unit.kind == "heading" and unit.number:
            if unit.level == 2:
                section = f"ch{unit.number}"
            continue
        if unit.kind == "heading":
            if index > first_para and next_para[index] is not None:
                base = f"h{next_para[index]}"
            elif unit.text in SECTION_IDS:
                base = SECTION_IDS[unit.text]
            else:
                parts += 1
                base = f"part-{parts}"
            anchor, suffix = base, 1
            while anchor in used:
                suffix += 1
                anchor = f"{base}-{suffix}"
            used[anchor] = 0
            unit.anchor = section = anchor
        elif unit.kind == "table":
            tables = used["#tables"] = used.get("#tables", 0) + 1
            unit.anchor = f"table-{tables}"
        elif unit.kind in ("text", "signature", "list"):
            used[section] = used.get(section, 0) + 1
            unit.anchor = f"{section}-{used[section]}"


def _first_para_index(units: list[Unit]) -> int:
    return next((i for i, u in enumerate(units) if u.kind == "para"), len(units))


def _next_paragraph_numbers(units: list[Unit]) -> list[int | None]:
    result: list[int | None] = [None] * len(units)
    upcoming: int | None = None
    for index in range(len(units) - 1, -1, -1):
        if units[index].kind == "para":
            upcoming = int(units[index].number)
        result[index] = upcoming
    return result


def _front_matter(
    title_page: list[str], notes: list[str], *, source: str, slug: str, title_en: str | None, date: str | None
) -> dict:
    bodies = [line for line in title_page if line in ("大会", "安全理事会", "经济及社会理事会")]
    sessions = [line for line in title_page if re.search(r"第.+届会议|第.+年$", line)]
    agenda = [line for line in title_page if "项目" in line]
    return {
        "slug": slug,
        "title_zh": title_page[-1] if title_page else "",
        "title_en": title_en,
        "symbol": None,
        "date": date,
        "body": "、".join(bodies),
        "session": "，".join(sessions),
        "agenda": "；".join(agenda),
        "source": source,
        "title_page": title_page,
        "notes": notes,
    }


def _printed_marks(text: str) -> str:
    """Marks back to printed superscripts, where Markdown is not read (table captions)."""
    return MARK.sub(lambda m: m.group(1).split("-")[0].translate(str.maketrans("0123456789", SUPERSCRIPT_DIGITS)), text)


def _write_markdown(meta: dict, units: list[Unit], footnotes: list[Footnote], result: ImportResult) -> str:
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    out = ["---", head.rstrip(), "---", ""]
    for unit in units:
        classes = unit.classes or ("signature" if unit.kind == "signature" else "")
        if unit.anchor:
            out.append(f"{{#{unit.anchor}" + (f" .{classes}" if classes else "") + "}")
        if unit.kind == "heading":
            number = f"{unit.number}. " if unit.number else ""
            out.append(f"{'#' * unit.level} {number}{escape_inline(unit.text)}")
        elif unit.kind == "para":
            out.append(f"{unit.number}\\. {escape_inline(unit.text)}")
        elif unit.kind == "item":
            out.append(f"({unit.number}) {escape_inline(unit.text)}")
        elif unit.kind == "signature":
            out.append("  \n".join(escape_block(part) for part in unit.text.split("\n")))
        elif unit.kind == "list":
            out.extend(f"- {escape_block(part)}" for part in unit.text.split("\n"))
        elif unit.kind == "table":
            out.extend(_table_block(unit))
        else:
            out.append(escape_block(unit.text))
        out.append("")
    for note in sorted(footnotes, key=lambda note: (int(note.number), note.page)):
        out.append(f"[^{note.label}]: {escape_block(note.text)}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _table_block(unit: Unit) -> list[str]:
    """A fenced `table` block: caption, tab-separated rows, optional note (see mdext/tables.py)."""
    rows = [row for row in unit.rows if not row.startswith("note:")]
    notes = [row[5:] for row in unit.rows if row.startswith("note:")]
    header_rows = sum(1 for row in rows if not re.match(r"^\S+\t\d", row))
    caption = _printed_marks(unit.text)
    # The fence is longer than any run of backticks inside, so no row can close it early.
    runs = re.findall(r"`+", "\n".join([caption, *unit.rows]))
    fence = "`" * max([3] + [len(run) + 1 for run in runs])
    lines = [f"{fence}table header-rows={header_rows}", f"caption: {caption}"]
    lines += [row.rstrip("\n") for row in rows]
    lines += [f"note: {note}" for note in notes]
    lines.append(fence)
    return lines
