"""Render rule for fenced `table` blocks: a real <table>, and a bar chart beside it.

The PDF export gives tables as tab-separated lines with a two-level header, which
GFM pipe tables cannot express. The source keeps them as a fenced block:

    ```table header-rows=2 chart=2
    caption: 按性别分列的……
    职等<TAB>女<TAB><TAB>男<TAB>
    <TAB>人数<TAB>百分比<TAB>人数<TAB>百分比
    USG<TAB>5<TAB>28<TAB>13<TAB>72
    note: 简称：……
    ```

An empty header cell continues the cell to its left (colspan) or above (rowspan).
`chart=N` draws column N (0-based) of the body rows as a bar chart.
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML

from ..chart import bar_chart_svg
from ..markup import escape


@dataclass(frozen=True)
class TableSource:
    """A parsed `table` fence."""

    caption: str
    header: list[list[str]]
    body: list[list[str]]
    notes: list[str]
    chart_column: int | None


TABLE_OPTIONS = ("header-rows", "chart")
"""What a ```table fence's first line may set."""


def tables_plugin(md: MarkdownIt) -> None:
    if not isinstance(md.renderer, RendererHTML):
        raise TypeError("the table plugin extends markdown-it's HTML renderer")
    default_fence = md.renderer.rules["fence"]
    md.core.ruler.after("block", "lectern_table_checks", _check_tables)

    def render_fence(self, tokens, idx, options, env) -> str:
        token = tokens[idx]
        if token.info.split(" ")[0] != "table":
            return default_fence(tokens, idx, options, env)
        return render_table(parse_table(token.info, token.content), token.attrGet("id") or "table")

    md.add_render_rule("fence", render_fence)


def _check_tables(state) -> None:
    """Every table fence is checked where it is parsed, so rendering can trust it."""
    context = state.env.get("lectern")
    if context is None:
        return
    for token in state.tokens:
        if token.type == "fence" and token.info.split(" ")[0] == "table":
            for problem in table_problems(token.info, token.content):
                context.problems.add(context.path, context.line_of(token), problem)


def table_problems(info: str, content: str) -> list[str]:
    """What is wrong with a ```table fence, in words an editor can act on (empty when it is fine)."""
    problems = []
    options = {}
    for part in info.split()[1:]:
        name, equals, value = part.partition("=")
        if not equals or name not in TABLE_OPTIONS:
            problems.append(
                f"table option {part!r} is not known; a table takes "
                + " and ".join(f"{option}=N" for option in TABLE_OPTIONS)
            )
        elif not value.isdigit() or not value.isascii():
            problems.append(f"table option {name}={value!r} must be a whole number")
        else:
            options[name] = int(value)
    if problems:
        return problems
    table = parse_table(info, content)
    rows = len(table.header) + len(table.body)
    if options.get("header-rows", 1) > rows:
        problems.append(
            f"header-rows={options.get('header-rows', 1)} but the table has {rows} row(s)"
            + ("" if "header-rows" in options else " (one header row is the default)")
        )
    if (column := table.chart_column) is not None:
        width = max((len(row) for row in table.header + table.body), default=0)
        if not 1 <= column < width:
            problems.append(
                f"chart={column} but the table's columns are numbered 0 to {width - 1} (column 0 holds the row labels)"
            )
        else:
            for row in table.body:
                try:
                    number = float(row[column])
                except ValueError:
                    problems.append(
                        f"chart={column}: the row {row[0]!r} holds {row[column]!r} in that column, not a number"
                    )
                    break
                if not 0 <= number <= 100:
                    problems.append(f"chart={column}: the row {row[0]!r} holds {number:g}, outside 0–100 (percent)")
                    break
    return problems


def parse_table(info: str, content: str) -> TableSource:
    options = dict(part.split("=", 1) for part in info.split()[1:] if "=" in part)
    header_rows = int(options.get("header-rows", "1"))
    chart = options.get("chart")
    caption, notes, rows = "", [], []
    for line in content.split("\n"):
        if line.startswith("caption:"):
            caption = line[len("caption:") :].strip()
        elif line.startswith("note:"):
            notes.append(line[len("note:") :].strip())
        elif line.strip():
            rows.append([cell.strip() for cell in line.split("\t")])
    width = max((len(row) for row in rows), default=0)
    rows = [row + [""] * (width - len(row)) for row in rows]
    return TableSource(caption, rows[:header_rows], rows[header_rows:], notes, int(chart) if chart else None)


def render_table(table: TableSource, anchor: str) -> str:
    parts = [f'<figure class="data-table" id="{escape(anchor)}">', '<div class="table-scroll"><table>']
    parts.append(f"<caption>{escape(table.caption)}</caption>")
    parts.append("<thead>")
    parts.extend(_header_rows(table.header))
    parts.append("</thead><tbody>")
    for row in table.body:
        cells = "".join(f"<td>{escape(cell)}</td>" for cell in row[1:])
        parts.append(f'<tr><th scope="row">{escape(row[0])}</th>{cells}</tr>')
    parts.append("</tbody></table></div>")
    for note in table.notes:
        parts.append(f'<p class="table-note">{escape(note)}</p>')
    if table.chart_column is not None:
        parts.append(_chart(table, table.chart_column, anchor))
    parts.append("</figure>\n")
    return "".join(parts)


def _header_rows(header: list[list[str]]) -> list[str]:
    """Merge empty header cells into their neighbours: left for colspan, above for rowspan."""
    out = []
    for r, row in enumerate(header):
        cells = []
        for c, text in enumerate(row):
            if not text:
                continue
            colspan = 1
            while c + colspan < len(row) and not row[c + colspan] and r == 0 and c > 0:
                colspan += 1
            rowspan = 1
            while r + rowspan < len(header) and not header[r + rowspan][c]:
                rowspan += 1
            scope = "colgroup" if colspan > 1 else "col"
            span = (f' colspan="{colspan}"' if colspan > 1 else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "")
            cells.append(f'<th scope="{scope}"{span}>{escape(text)}</th>')
        out.append(f"<tr>{''.join(cells)}</tr>")
    return out


def _column_title(header: list[list[str]], column: int) -> str:
    """The full header of a column: its group (nearest non-empty cell to the left above) and its own label."""
    parts = []
    for row in header:
        c = column
        while c > 0 and not row[c]:
            c -= 1
        if row[c] and row[c] not in parts:
            parts.append(row[c])
    return " ".join(parts)


def _chart(table: TableSource, column: int, anchor: str) -> str:
    title = f"{table.caption}：{_column_title(table.header, column)}"
    bars = [(row[0], float(row[column])) for row in table.body]
    description = "；".join(f"{label} {value:g}%" for label, value in bars)
    svg = bar_chart_svg(title, description, bars, chart_id=f"{anchor}-chart")
    return f'<figure class="chart" aria-label="{escape(title)}">{svg}<figcaption>{escape(title)}</figcaption></figure>'
