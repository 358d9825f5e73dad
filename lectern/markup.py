"""The one way Lectern writes HTML by hand.

Most markup comes from markdown-it-py's renderer or from Jinja2 with autoescape, and both escape.
Render rules for our own token types write small tags themselves; every attribute value and text
node they write goes through `escape` or `start_tag` here, so nothing from content reaches a page
unescaped.
"""

from __future__ import annotations

from html import escape as _escape


def escape(value: object) -> str:
    """Text or an attribute value, safe in either place (quotes are escaped too)."""
    return _escape(str(value), quote=True)


def start_tag(tag: str, attributes: dict[str, object | None]) -> str:
    """`<tag name="value" …>` with every value escaped; None leaves the attribute out, True writes it bare."""
    parts = [tag]
    for name, value in attributes.items():
        if value is None or value is False:
            continue
        parts.append(name if value is True else f'{name}="{escape(value)}"')
    return "<" + " ".join(parts) + ">"
