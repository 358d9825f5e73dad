"""Turn a UN document exported from PDF as text into Lectern Markdown.

The export is messy in known ways: page ends split paragraphs mid-sentence,
footnotes are printed inline where a page ends, the printed contents list carries
page numbers, and numbered subsection headings (`1. 政治居首`) look like
paragraphs. This module undoes those artefacts once; its output is reviewed by
hand and committed, and from then on the Markdown is the source of truth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

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
TITLE_PAGE_NOTE = re.compile(r"^(\*+)\s*(.+)$")
HEADING_MAX_CHARS = 40

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

    @property
    def is_open(self) -> bool:
        """True when the text stops mid-sentence, i.e. a page end cut it."""
        return self.kind in ("para", "item", "text") and not self.text.rstrip().endswith(
            tuple(TERMINAL_PUNCTUATION)
        )


@dataclass
class ImportResult:
    """The Markdown plus what the importer removed, so a reviewer can check nothing else went."""

    markdown: str
    removed: list[str]


def import_text(text: str, *, source: str, slug: str, title_en: str | None = None,
                date: str | None = None) -> ImportResult:
    """Convert one exported text into a Markdown document with YAML front matter."""
    lines = [line.rstrip(" \r") for line in text.replace("\r\n", "\n").lstrip("\ufeff").split("\n")]
    removed: list[str] = []
    title_page, notes, body = _split_title_page(lines)
    body = _drop_contents_list(body, removed)
    body, footnotes = _extract_footnotes(body)
    units = _group_name_lists(_classify(body))
    _assign_front_anchors(units)
    removed.extend(notes)
    notes = [match.group(2) for match in map(TITLE_PAGE_NOTE.match, notes) if match]  # each one matched
    meta = _front_matter(title_page, notes, source=source, slug=slug, title_en=title_en, date=date)
    return ImportResult(_write_markdown(meta, units, footnotes), removed)


def _split_title_page(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Return (title page lines, page-one notes, body lines).

    The title page is every line before the first heading that is followed by prose.
    Page-one notes (`* 由于技术原因重发`, `** A/70/50`) are kept apart wherever they sit.
    """
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    start = 0
    for position, index in enumerate(nonblank[:-1]):
        following = lines[nonblank[position + 1]].strip()
        if len(following) > HEADING_MAX_CHARS and not _looks_like_heading(following):
            start = index
            break
    title: list[str] = []
    notes: list[str] = []
    body: list[str] = []
    for number, line in enumerate(lines):
        note = TITLE_PAGE_NOTE.match(line.strip())
        if note:
            notes.append(line.strip())
        elif number < start:
            if line.strip() and number > 0 and lines[number - 1].strip() and title:
                title[-1] += line.strip().replace("*", "")  # one title-page line wrapped by the layout
            elif line.strip():
                title.append(line.strip().replace("*", ""))
        else:
            body.append(line)
    return title, notes, body


def _drop_contents_list(lines: list[str], removed: list[str]) -> list[str]:
    """The printed contents list (with page numbers) is replaced by a generated one."""
    out: list[str] = []
    in_contents = False
    for line in lines:
        stripped = line.strip()
        if stripped == "目录":
            in_contents = True
            removed.append(stripped)
            continue
        if in_contents:
            if not stripped or "\t" in line or "....." in line or stripped == "页次":
                if stripped:
                    removed.append(stripped)
                continue
            in_contents = False
        out.append(line)
    return out


def _extract_footnotes(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """Pull page-foot footnotes out of the flow; `- “1. …` lines below one belong to it."""
    body: list[str] = []
    footnotes: dict[str, str] = {}
    current: str | None = None
    for line in lines:
        stripped = line.strip()
        match = FOOTNOTE_DEFINITION.match(stripped)
        if match:
            current = match.group(1).translate(_SUPER_TO_ASCII)
            footnotes[current] = match.group(2).strip()
            continue
        if current and stripped.startswith("- “"):
            footnotes[current] = footnotes[current].rstrip() + stripped[2:].strip()
            continue
        if stripped:
            current = None
        body.append(line)
    return body, footnotes


def _looks_like_heading(text: str) -> bool:
    return (
        len(text) <= HEADING_MAX_CHARS
        and not any(mark in text for mark in "。；;“”")
        and not text.endswith(tuple(TERMINAL_PUNCTUATION + "，,、"))
    )


def _classify(lines: list[str]) -> list[Unit]:
    """Walk the lines once, deciding what each is and rejoining text split at page ends."""
    units: list[Unit] = []
    expected = 1
    numbered_depth = 0  # 0 before any numbered heading, then 2, 3, 4
    in_named_section = False  # inside 摘要 or 附件: unnumbered headings are one level down
    last_text: Unit | None = None
    table_rows: list[str] = []

    def flush_table() -> None:
        if table_rows:
            caption = units.pop().text if units and units[-1].kind in ("heading", "text") else ""
            units.append(Unit("table", caption, rows=list(table_rows)))
            table_rows.clear()

    starts_table = _lines_before_tables(lines)
    for index, raw in enumerate(lines):
        if "\t" in raw and raw.strip():
            table_rows.append(raw)
            continue
        line = raw.strip()
        if not line:
            continue
        if table_rows:
            flush_table()
            if line.startswith(("简称", "注", "资料来源")):
                units[-1].rows.append("note:" + line)
                continue
        if last_text is not None and not _starts_new_unit(line, expected) and not starts_table[index] and (
            last_text.is_open or (last_text.kind in ("para", "item") and not _looks_like_heading(line))
        ):
            # Cut mid-sentence by a page end, or, in the numbered part where every paragraph
            # carries a number, an unnumbered block that can only be the rest of the one above.
            last_text.text += line
            continue
        unit = _classify_line(line, expected, numbered_depth, units, in_named_section)
        if unit.kind == "para":
            expected += 1
        if unit.kind == "heading" and unit.number:
            numbered_depth = unit.level
        elif unit.kind == "heading" and unit.text in SECTION_IDS:
            numbered_depth, in_named_section = 0, True
        units.append(unit)
        last_text = unit if unit.kind in ("para", "item", "text") else None
    flush_table()
    return units


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


def _starts_new_unit(line: str, expected: int) -> bool:
    numbered = NUMBERED.match(line)
    return bool(
        (numbered and int(numbered.group(1)) == expected)
        or CHAPTER.match(line)
        or ITEM.match(line)
    )


def _classify_line(line: str, expected: int, numbered_depth: int, units: list[Unit],
                   in_named_section: bool) -> Unit:
    line = EMPTY_MARKDOWN_LINK.sub(r"\1", line)
    if match := NUMBERED.match(line):
        number = int(match.group(1))
        if number == expected:
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


def _front_matter(title_page: list[str], notes: list[str], *, source: str, slug: str,
                  title_en: str | None, date: str | None) -> dict:
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


def _escape_inline(text: str) -> str:
    """Keep the export's own emphasis and links, but stop other text from becoming Markdown syntax."""
    text = FOOTNOTE_MARK.sub(lambda m: f"[^{m.group(1).translate(_SUPER_TO_ASCII)}]", text)
    if text.startswith(("#", ">", "+ ", "* ", "- ", "=")):
        text = "\\" + text
    return text


def _write_markdown(meta: dict, units: list[Unit], footnotes: dict[str, str]) -> str:
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    out = ["---", head.rstrip(), "---", ""]
    for unit in units:
        classes = unit.classes or ("signature" if unit.kind == "signature" else "")
        if unit.anchor:
            out.append(f"{{#{unit.anchor}" + (f" .{classes}" if classes else "") + "}")
        if unit.kind == "heading":
            number = f"{unit.number}. " if unit.number else ""
            out.append(f"{'#' * unit.level} {number}{_escape_inline(unit.text)}")
        elif unit.kind == "para":
            out.append(f"{unit.number}\\. {_escape_inline(unit.text)}")
        elif unit.kind == "item":
            out.append(f"({unit.number}) {_escape_inline(unit.text)}")
        elif unit.kind == "signature":
            out.append("  \n".join(_escape_inline(part) for part in unit.text.split("\n")))
        elif unit.kind == "list":
            out.extend(f"- {_escape_inline(part)}" for part in unit.text.split("\n"))
        elif unit.kind == "table":
            out.extend(_table_block(unit))
        else:
            out.append(_escape_inline(unit.text))
        out.append("")
    for label in sorted(footnotes, key=int):
        out.append(f"[^{label}]: {_escape_inline(footnotes[label])}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _table_block(unit: Unit) -> list[str]:
    """A fenced `table` block: caption, tab-separated rows, optional note (see mdext/tables.py)."""
    rows = [row for row in unit.rows if not row.startswith("note:")]
    notes = [row[5:] for row in unit.rows if row.startswith("note:")]
    header_rows = sum(1 for row in rows if not re.match(r"^\S+\t\d", row))
    lines = [f"```table header-rows={header_rows}", f"caption: {unit.text}"]
    lines += [row.rstrip("\n") for row in rows]
    lines += [f"note: {note}" for note in notes]
    lines.append("```")
    return lines
