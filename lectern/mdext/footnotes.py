"""Footnote ids from their printed labels, not from order of first reference; checked labels.

mdit-py-plugins numbers footnotes by first use (`#fn1`); the printed documents number
them, so `#fn16` must stay footnote 16 even if a reference moves. Only render rules
change here; the footnote plugin still parses. The plugin silently drops a definition that is
never referenced and keeps only the last of two with one label, and a label becomes part of ids
and URLs: a core rule before its tail step reports all three as content errors.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from ..markup import escape, start_tag

LABEL = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")
"""Footnote labels: printed numbers, or letters, digits and inner hyphens (they become ids and URLs)."""


def footnote_ids_plugin(md: MarkdownIt) -> None:
    md.use(footnote_plugin)
    md.core.ruler.before("footnote_tail", "lectern_footnote_checks", _check_footnotes)
    md.add_render_rule("footnote_ref", _render_ref)
    md.add_render_rule("footnote_block_open", _render_block_open)
    md.add_render_rule("footnote_block_close", lambda *args: "</ol>\n</section>\n")
    md.add_render_rule("footnote_open", _render_open)
    md.add_render_rule("footnote_close", lambda *args: "</li>\n")
    md.add_render_rule("footnote_anchor", _render_anchor)


def _ref_id(meta: dict) -> str:
    label = meta["label"]
    return f"fnref{label}" + (f"-{meta['subId'] + 1}" if meta.get("subId") else "")


def _render_ref(self, tokens, idx, options, env) -> str:
    meta = tokens[idx].meta
    label = meta["label"]
    link = start_tag("a", {"href": f"#fn{label}", "id": _ref_id(meta), "data-footnote": label, "role": "doc-noteref"})
    return f'<sup class="fnref">{link}{escape(label)}</a></sup>'


def _render_block_open(self, tokens, idx, options, env) -> str:
    title = env.get("footnotes_title", "脚注")
    return (
        f'<section class="footnotes" aria-labelledby="footnotes-title">\n'
        f'<h2 id="footnotes-title">{escape(title)}</h2>\n<ol class="footnote-list">\n'
    )


def _render_open(self, tokens, idx, options, env) -> str:
    label = tokens[idx].meta["label"]
    return start_tag("li", {"id": f"fn{label}", "value": label if label.isdigit() else None})


def _render_anchor(self, tokens, idx, options, env) -> str:
    meta = tokens[idx].meta
    link = start_tag(
        "a",
        {
            "href": f"#{_ref_id(meta)}",
            "class": "fn-back",
            "role": "doc-backlink",
            "aria-label": "返回正文 Back to text",
        },
    )
    return f" {link}↩︎</a>"


def _check_footnotes(state) -> None:
    context = state.env.get("lectern")
    if context is None:
        return
    referenced: set[str] = set()
    defined: dict[str, int] = {}
    tokens = state.tokens
    last_line = context.body_line
    for token in reversed(tokens):  # a definition's line is that of the next token with one
        if token.map:
            last_line = context.line_of(token)
        if token.type == "footnote_reference_open":
            token.meta["lectern_line"] = last_line
    for token in tokens:
        if token.type == "inline":
            for child in token.children or []:
                if child.type == "footnote_ref" and "label" not in child.meta:
                    context.problems.add(
                        context.path,
                        context.line_of(token),
                        "inline footnotes ^[…] are not supported; write a mark [^1] here and "
                        "the note as a line [^1]: … below the paragraph",
                    )
                elif child.type == "footnote_ref":
                    label = child.meta["label"]
                    referenced.add(label)
                    if not LABEL.match(label):
                        context.problems.add(context.path, context.line_of(token), _bad_label(label))
        elif token.type == "footnote_reference_open":
            label = token.meta["label"]
            line = token.meta["lectern_line"]
            if label in defined:
                context.problems.add(
                    context.path,
                    line,
                    f"footnote [^{label}] is defined twice (first at line "
                    f"{defined[label]}); give each note its own label",
                )
            else:
                defined[label] = line
            if not LABEL.match(label):
                context.problems.add(context.path, line, _bad_label(label))
    for label, line in defined.items():
        if label not in referenced:
            context.problems.add(
                context.path,
                line,
                f"footnote [^{label}] is never referenced, so it would not be "
                f"shown; add [^{label}] where the note belongs, or remove the note",
            )


def _bad_label(label: str) -> str:
    shown = label if len(label) <= 40 else label[:40] + "…"
    return (
        f"footnote label {shown!r} is not allowed: use digits or ASCII letters, "
        "with hyphens between them (it becomes part of the note's link)"
    )
