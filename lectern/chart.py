"""A small accessible SVG bar chart, drawn at build time so pages need no JavaScript."""

from __future__ import annotations

from .markup import escape


def bar_chart_svg(
    title: str,
    description: str,
    bars: list[tuple[str, float]],
    *,
    unit: str = "%",
    maximum: float = 100.0,
    chart_id: str = "chart",
) -> str:
    """Horizontal bars with labels and values; the title and description are the text alternative."""
    row, label_width, bar_width, pad = 26, 56, 220, 8
    height = pad * 2 + row * len(bars)
    width = label_width + bar_width + 56
    chart_id = escape(chart_id)
    parts = [
        f'<svg class="bar-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for index, (label, value) in enumerate(bars):
        y = pad + index * row
        length = round(bar_width * value / maximum, 1)
        parts.append(
            f'<g><text x="{label_width - 8}" y="{y + 17}" text-anchor="end" class="bar-label">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{bar_width}" height="18" class="bar-track"/>'
            f'<rect x="{label_width}" y="{y + 4}" width="{length}" height="18" class="bar"/>'
            f'<text x="{label_width + length + 6}" y="{y + 17}" class="bar-value">{value:g}{escape(unit)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
