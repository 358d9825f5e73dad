"""Footnote ids from their printed labels, not from order of first reference.

mdit-py-plugins numbers footnotes by first use (`#fn1`); the printed documents number
them, so `#fn16` must stay footnote 16 even if a reference moves. Only render rules
change here; the footnote plugin still parses.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin


def footnote_ids_plugin(md: MarkdownIt) -> None:
    md.use(footnote_plugin)
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
    return (f'<sup class="fnref"><a href="#fn{label}" id="{_ref_id(meta)}" '
            f'data-footnote="{label}" role="doc-noteref">{label}</a></sup>')


def _render_block_open(self, tokens, idx, options, env) -> str:
    title = env.get("footnotes_title", "脚注")
    return (f'<section class="footnotes" aria-labelledby="footnotes-title">\n'
            f'<h2 id="footnotes-title">{title}</h2>\n<ol class="footnote-list">\n')


def _render_open(self, tokens, idx, options, env) -> str:
    label = tokens[idx].meta["label"]
    value = f' value="{label}"' if label.isdigit() else ""
    return f'<li id="fn{label}"{value}>'


def _render_anchor(self, tokens, idx, options, env) -> str:
    meta = tokens[idx].meta
    return f' <a href="#{_ref_id(meta)}" class="fn-back" role="doc-backlink" aria-label="返回正文 Back to text">↩︎</a>'
