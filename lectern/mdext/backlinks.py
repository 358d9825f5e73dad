"""Render rules for the 'cited from' line (引用处) that the link stage appends to a cited paragraph.

The link stage (link.py) decides which paragraphs are cited and makes the tokens; this plugin only
prints the two token types it invents, so the parser's plugin list does not import a stage.
"""

from __future__ import annotations

from markdown_it import MarkdownIt


def backlinks_plugin(md: MarkdownIt) -> None:
    md.add_render_rule("citedby_open", lambda self, tokens, idx, options, env: ' <span class="cited-by">')
    md.add_render_rule("citedby_close", lambda self, tokens, idx, options, env: "</span>")
