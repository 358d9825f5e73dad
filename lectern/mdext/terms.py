"""Glossary terms in the text: longest match, first occurrence per paragraph, never in headings or links.

Unlike Material's abbreviations, which need word boundaries that Chinese does not have, this
matches on characters: at each position the longest glossary form wins (维持和平行动部 before
维持和平行动), and a match is never nested in another. A numbered paragraph and its sub-items
count as one unit, so a term is marked once per paragraph.

The glossary is only complete after every document is parsed (abbreviations are extracted
from the text), so marking is a second pass over the finished tokens, not a rule inside the
first parse. Matching runs on the Simplified source, so both editions mark the same terms.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..markup import escape
from ..model import Term
from .inline import with_link_depth


class TermMatcher:
    """All forms of all terms in one alternation, longest first, so a regex scan is longest-match."""

    def __init__(self, terms: list[Term]):
        self.slug_of: dict[str, str] = {}
        for term in terms:
            for form in term.forms:
                self.slug_of.setdefault(form, term.slug)
        forms = sorted(self.slug_of, key=lambda form: (-len(form), form))
        self.pattern = re.compile("|".join(re.escape(form) for form in forms)) if forms else None

    def finditer(self, text: str):
        return self.pattern.finditer(text) if self.pattern else iter(())


def terms_plugin(md: MarkdownIt, *, glossary_href: str = "../glossary/index.html") -> None:
    """Render rules for the term tokens made by `mark_terms`: a plain link to the glossary entry."""

    def render_open(self, tokens, idx, options, env) -> str:
        slug = tokens[idx].meta["slug"]
        return f'<a class="term" href="{escape(glossary_href)}#{escape(slug)}">'  # the pop-up reads the slug from the #

    md.add_render_rule("term_open", render_open)
    md.add_render_rule("term_close", lambda self, tokens, idx, options, env: "</a>")


def mark_terms(tokens: list[Token], matcher: TermMatcher) -> list[str]:
    """Insert term_open/term_close around the first occurrence of each term per unit; return the slugs used."""
    used: list[str] = []
    marked: set[str] = set()
    in_heading = False
    for token in tokens:
        if token.type == "paragraph_open":
            classes = str(token.attrGet("class") or "")
            if "item" not in classes.split():
                marked = set()  # a new numbered paragraph or unnumbered block; items stay with theirs
        elif token.type in ("footnote_open", "bullet_list_open", "fence"):
            marked = set()
        elif token.type == "heading_open":
            in_heading = True
        elif token.type == "heading_close":
            in_heading = False
        elif token.type == "inline" and not in_heading and token.children:
            token.children = _mark_inline(token.children, matcher, marked, used)
    return used


def _mark_inline(children: list[Token], matcher: TermMatcher, marked: set[str], used: list[str]) -> list[Token]:
    result: list[Token] = []
    for child, link_depth in with_link_depth(children):
        if child.type != "text" or link_depth:
            result.append(child)
            continue
        result.extend(_split_text(child, matcher, marked, used))
    return result


def _split_text(child: Token, matcher: TermMatcher, marked: set[str], used: list[str]) -> list[Token]:
    pieces: list[Token] = []
    text, cursor = child.content, 0
    for match in matcher.finditer(text):
        slug = matcher.slug_of[match.group(0)]
        if slug in marked:
            continue
        marked.add(slug)
        if slug not in used:
            used.append(slug)
        if match.start() > cursor:
            pieces.append(_text(text[cursor:match.start()]))
        opening = Token("term_open", "a", 1)
        opening.meta = {"slug": slug}
        pieces.extend([opening, _text(match.group(0)), Token("term_close", "a", -1)])
        cursor = match.end()
    if not pieces:
        return [child]
    if cursor < len(text):
        pieces.append(_text(text[cursor:]))
    return pieces


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token
