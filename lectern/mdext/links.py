"""Core rule: links to other hosts are marked external and open no window.opener.

Links are not requests, so they are allowed; the page itself loads nothing from
another host (CSP default-src 'self').
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore


def external_links_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("lectern_external_links", _mark_external_links)


def _mark_external_links(state: StateCore) -> None:
    for token in state.tokens:
        for child in token.children or []:
            href = str(child.attrGet("href") or "") if child.type == "link_open" else ""
            if href.startswith(("http://", "https://")):
                child.attrSet("class", "external")
                child.attrSet("rel", "external noopener noreferrer")
