"""Core rule: links that leave the site are marked external; images never load from another host.

Links are not requests, so they are allowed: a link that names a scheme (`https:`,
`HTTPS:`, `mailto:` …) or a host (`//host/…`) gets class="external" and
rel="external noopener noreferrer".

An image is a request the page makes by itself, and pages load nothing but the site's
own files (CSP default-src 'self'; img-src 'self'). So an image whose source names a
scheme or a host is not rendered as <img>: a web image (`http:`, `https:`, `//`)
becomes an external link to it, labelled with its alt text; any other (`data:` …),
or a web image that already sits inside a link, becomes its alt text. Nothing is lost
for the reader and the build does not fail. Images with a relative source stay images.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .inline import with_link_depth

EXTERNAL_REL = "external noopener noreferrer"
# Browsers drop leading spaces and control characters and every tab and newline before they
# read a URL, and take a backslash for a slash: "/\host" is "//host". markdown-it has already
# percent-encoded most of these; the check does not rely on it.
_IGNORED = re.compile(r"[\t\n\r]")
_LEAVES_SITE = re.compile(r"^[\x00-\x20]*(?:[a-z][a-z0-9+.\-]*:|[/\\]{2})", re.IGNORECASE)
_WEB = re.compile(r"^[\x00-\x20]*(?:https?:|[/\\]{2})", re.IGNORECASE)


def leaves_site(url: str) -> bool:
    """True for a URL with a scheme (any case) or a host (`//host`); False for a path in this site."""
    return bool(_LEAVES_SITE.match(_IGNORED.sub("", url)))


def external_links_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("lectern_external_links", _mark_external_links)


def _mark_external_links(state: StateCore) -> None:
    for token in state.tokens:
        if not token.children:
            continue
        if any(child.type == "image" and leaves_site(str(child.attrGet("src") or "")) for child in token.children):
            token.children = _without_remote_images(token.children)
        for child in token.children:
            if child.type == "link_open" and leaves_site(str(child.attrGet("href") or "")):
                child.attrSet("class", "external")
                child.attrSet("rel", EXTERNAL_REL)


def _without_remote_images(children: list[Token]) -> list[Token]:
    result: list[Token] = []
    for child, in_link in with_link_depth(children):
        source = str(child.attrGet("src") or "") if child.type == "image" else ""
        if not (source and leaves_site(source)):
            result.append(child)
            continue
        label = _alt_text(child)
        web = bool(_WEB.match(_IGNORED.sub("", source)))
        if in_link or not web:
            if label or in_link:  # a link keeps a name to read out, even when the image had no alt text
                result.append(_text(label or (source if web else "image"), child))
            continue
        link = Token("link_open", "a", 1, level=child.level, attrs={"href": source})
        if child.attrGet("title"):
            link.attrSet("title", str(child.attrGet("title")))
        result.extend([link, _text(label or source, child), Token("link_close", "a", -1, level=child.level)])
    return result


def _alt_text(image: Token) -> str:
    """The alt text as <img alt> would have shown it: the text of its children, markup dropped."""
    parts = []
    for child in image.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_alt_text(child))
    return "".join(parts).strip()


def _text(content: str, like: Token) -> Token:
    token = Token("text", "", 0, level=like.level)
    token.content = content
    return token
