"""`{#id}` above a block: the one attribute syntax content may use, checked.

mdit-py-plugins' attribute blocks accept any attribute (`style=`, `hidden`, `data-*`) and any id.
Content may give a block only what the project documents: an id, from which a stable URL is made,
and one of the few classes the stylesheet gives content. Anything else is a content error at its
line, so no attribute reaches a page from content unchecked.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from mdit_py_plugins.attrs import attrs_block_plugin

ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
"""Lowercase ASCII letters and digits with inner hyphens, starting with a letter: it becomes a URL fragment."""
CONTENT_CLASSES = ("subtitle", "signature", "quote", "attribution")
"""The classes lectern.css styles for content: a report's subtitle, a letter's signature, a closing quotation."""


def block_attributes_plugin(md: MarkdownIt) -> None:
    md.use(attrs_block_plugin, allowed=("id", "class"))
    md.core.ruler.before("attr", "lectern_block_attrs", _check_block_attributes)


def _check_block_attributes(state: StateCore) -> None:
    context = state.env.get("lectern")
    if context is None:
        return
    for token in state.tokens:
        if token.type != "attrs_block":
            continue
        line = context.line_of(token)
        for name, value in list(token.attrs.items()):
            problem = _problem(str(name), str(value))
            if problem:
                context.problems.add(context.path, line, problem)
                if name != "id":  # a bad id is reported once; the anchors rule still sees one
                    del token.attrs[name]


def _problem(name: str, value: str) -> str | None:
    if name == "id":
        if not ID.match(value):
            return (
                f"id {value!r} is not allowed: use lowercase ASCII letters, digits and hyphens, "
                "starting with a letter (it becomes part of a link)"
            )
        return None
    if name == "class":
        unknown = [part for part in value.split() if part not in CONTENT_CLASSES]
        if unknown:
            return f"class {unknown[0]!r} is not one Lectern styles; a block may have " + ", ".join(
                f".{name}" for name in CONTENT_CLASSES
            )
        return None
    return (
        f"attribute {name!r} is not allowed here: a line {{#id}} above a block gives it an id "
        f"(and optionally one of " + ", ".join(f".{name}" for name in CONTENT_CLASSES) + ")"
    )
