"""Walking inline tokens: what a rule needs to know about where a child sits."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from markdown_it.token import Token

LINK_OPEN = ("link_open", "xref_open")
LINK_CLOSE = ("link_close", "xref_close")


def with_link_depth(children: Iterable[Token]) -> Iterator[tuple[Token, int]]:
    """Each child with the number of links around it (Markdown links and our cross-references),
    so that a rule never puts a link inside a link."""
    depth = 0
    for child in children:
        if child.type in LINK_OPEN:
            depth += 1
        elif child.type in LINK_CLOSE:
            depth -= 1
        yield child, depth
