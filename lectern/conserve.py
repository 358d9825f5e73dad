"""No text is lost without an error: every letter, digit and Han character of a source reaches its page.

markdown-it-py never rejects input; where it gives up (nesting deeper than its limit, a construct
that swallows what follows) text silently disappears. This check does not trust any stage: it
compares the source file's own characters with the rendered page. For every line of a document's
body, its run of Han characters, letters and digits (markup removed) must appear in the page's
text, in source order. The first line whose text cannot be found is a content error at that line.

Markup is removed from the source by its syntax alone: block attribute lines, link destinations,
fence info strings, `caption:`/`note:` prefixes of tables, list markers, footnote definition labels.
What the page adds (paragraph self-links, term and reference links, backlinks, charts) only adds
characters, which the check allows between lines.
"""

from __future__ import annotations

import html
import re
from html.entities import html5
from html.parser import HTMLParser

from .errors import ContentError, Location

_ATTRIBUTE_LINE = re.compile(r"^\s*\{[#.][^{}]*\}\s*$")
_FENCE = re.compile(r"^(\s{0,3})(`{3,}|~{3,})(.*)$")
_LIST_MARKER = re.compile(r"^\s{0,3}(?:>\s?)*(?:[-+*]|\d{1,9}[.)])(?=\s|$)")
_HEADING_CLOSE = re.compile(r"\s#+\s*$")
_FOOTNOTE_DEFINITION = re.compile(r"^\s{0,3}\[\^[^\]\s]+\]:")
_FOOTNOTE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\]")
_LINK_DESTINATION = re.compile(
    r"\]\((?:<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^<>\s]*)>")
_BACKSLASH = re.compile(r"\\([!-/:-@\[-`{-~])")


_NOT_KEPT = re.compile(r"[\W_]+")


def kept(text: str) -> str:
    """The characters the check follows: Han characters, letters and digits of any script."""
    return _NOT_KEPT.sub("", text)


_SEGMENTS = re.compile(r"[^\W_]+")
GAP = 200
"""How many characters the page may add inside one source line (a link the Markdown refused shows its URL)."""


class _Run(str):
    """A line's kept characters; `segments` are its pieces between punctuation, markup and spaces."""

    segments: tuple[str, ...]

    def __new__(cls, text: str) -> _Run:
        run = super().__new__(cls, kept(text))
        run.segments = tuple(_SEGMENTS.findall(text))
        return run


def check_text_conserved(path: str, body: str, body_line: int, page: str) -> list[ContentError]:
    """The first source line whose text is missing from the rendered page, as a content error (or none)."""
    stream, notes_stream = page_text(page)
    main, notes = source_runs(body, body_line)
    # The body in order; each note's lines in order, wherever the note list puts the note.
    for runs, text in ((main, stream), *((note, notes_stream) for note in notes)):
        if lost := _first_lost(runs, text):
            return [_lost(path, *lost)]
    return []


def _first_lost(runs: list[tuple[int, _Run]], stream: str) -> tuple[int, _Run] | None:
    position = 0
    for line, run in runs:
        found = _find(stream, run, position)
        if found < 0:
            return line, run
        position = found + len(run)
    return None


def _lost(path: str, line: int, run: str) -> ContentError:
    shown = run if len(run) <= 24 else run[:24] + "…"
    return ContentError(
        Location(path, line),
        f"text of this line ('{shown}') is not on the rendered page: Markdown read it as markup or "
        "dropped it (a link reference definition [x]: …, lists or quotes nested too deep, "
        "a note inside a list); write it as plain text or simplify the structure here",
    )


def _find(stream: str, run: _Run, start: int) -> int:
    """Where the run starts; its end is found + len(run). Falls back to its pieces with small gaps between."""
    found = stream.find(run, start)
    if found >= 0 or len(run.segments) < 2:
        return found
    first = stream.find(run.segments[0], start)
    if first < 0:
        return -1
    position = first + len(run.segments[0])
    for segment in run.segments[1:]:
        next_at = stream.find(segment, position, position + GAP + len(segment))
        if next_at < 0:
            return -1
        position = next_at + len(segment)
    return position - len(run)  # so that found + len(run) is where the line ended


def source_runs(body: str, body_line: int) -> tuple[list[tuple[int, _Run]], list[list[tuple[int, _Run]]]]:
    """(line, kept characters) of every body line with text, and the same for each footnote definition."""
    main: list[tuple[int, _Run]] = []
    notes: list[list[tuple[int, _Run]]] = []
    target = main
    fence: str | None = None
    for offset, raw in enumerate(body.split("\n")):
        line = body_line + offset
        if fence is not None:  # inside a fence: the text is shown as written
            if raw.strip().startswith(fence) and not raw.strip().strip(fence[0]):
                fence = None
                continue
            _add(target, line, _Run(re.sub(r"^(caption|note):", "", raw)))
            continue
        if match := _FENCE.match(raw):
            fence = match.group(2)
            continue
        if not raw.strip():
            continue
        if _ATTRIBUTE_LINE.match(raw):
            continue
        if _FOOTNOTE_DEFINITION.match(raw):
            notes.append([])
            target = notes[-1]
            raw = _FOOTNOTE_DEFINITION.sub("", raw, count=1)
        elif target is not main and not raw.startswith((" ", "\t")):
            target = main  # a line that is not indented ends the note after a blank line
        _add(target, line, _Run(_inline_text(raw)))
    return main, notes


def _add(target: list[tuple[int, _Run]], line: int, run: _Run) -> None:
    if run:
        target.append((line, run))


def _inline_text(raw: str) -> str:
    text = _LIST_MARKER.sub("", raw, count=1)
    text = _HEADING_CLOSE.sub("", text)
    text = _FOOTNOTE_REFERENCE.sub(r"\1", text)
    text = _LINK_DESTINATION.sub("]", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _BACKSLASH.sub(r"\1", text)
    return html.unescape(text)


class _ArticleEnd(Exception):
    """The article has closed: nothing after it counts, so reading stops there."""


class _PageText(HTMLParser):
    """The text of a page's document body (the article), and apart from it the text of its footnotes.

    Only the article counts: words that also appear in the pager, the header or the glossary data
    must not stand in for words the body lost. The events come from HTMLParser itself or, for a page
    written in the plain markup `_read_plain` reads, from that reader, which gives the same events.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.body: list[str] = []
        self.notes: list[str] = []
        self.depth = 0  # open elements inside the article; 0 before it and after it
        self.notes_depth = 0  # open elements inside the footnotes section
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            if self.depth and tag == "img":
                self._text(dict(attrs).get("alt") or "")
            return
        classes = (dict(attrs).get("class") or "").split()
        if not self.depth:
            if "doc-body" in classes:
                self.depth = 1
            return
        self.depth += 1
        if self.notes_depth:
            self.notes_depth += 1
        elif tag == "section" and "footnotes" in classes:
            self.notes_depth = 1
        if tag in ("script", "style", "template"):
            self.skip += 1

    def handle_endtag(self, tag):
        if not self.depth or tag in _VOID:
            return
        if tag in ("script", "style", "template") and self.skip:
            self.skip -= 1
        if self.notes_depth:
            self.notes_depth -= 1
        self.depth -= 1
        if not self.depth:
            raise _ArticleEnd

    def handle_data(self, data):
        if self.depth and not self.skip:
            self._text(data)

    def _text(self, data: str) -> None:
        (self.notes if self.notes_depth else self.body).append(data)


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def page_text(page: str) -> tuple[str, str]:
    """(kept characters of the article without its footnotes, kept characters of the footnotes)."""
    parser = _PageText()
    try:
        plain = _read_plain(parser, page)
    except _ArticleEnd:
        plain = True
    if not plain:  # markup the plain reader leaves to HTMLParser: its events, from the start
        parser = _PageText()
        try:
            parser.feed(page)
            parser.close()
        except _ArticleEnd:
            pass
    return kept("".join(parser.body)), kept("".join(parser.notes))


# The plain reader. A page made only of the markup below is split into the same events by every
# html.parser of Python 3.11 and later (whose handling of comments, end tags, raw text elements and
# references in attribute values changed in security releases); any other markup (a `<` that is not
# such a tag, `<!`/`<?` constructs, attributes without spaces between them, unquoted values next to
# `/>`, raw text with `<` or `&`) makes `_read_plain` give up and HTMLParser read the whole page.
_SPACE = "[ \\t\\n\\r\\f]"  # what every version takes for space inside a tag (older ones take more)
_ATTRIBUTE = (
    f"{_SPACE}+([a-zA-Z_:][-a-zA-Z0-9_:.]*)"
    f"""(=(?:"([^"]*)"|'([^']*)'|([^\\s"'=<>`/]+)(?![^ \\t\\n\\r\\f>])))?"""  # a bare value ends at a space or `>`
)
_MARKUP = re.compile(
    "|".join(
        (
            f"<(?P<start>[a-zA-Z][a-zA-Z0-9-]*)(?P<attributes>(?:{_ATTRIBUTE})*){_SPACE}*(?P<empty>/?)>",
            f"</(?P<end>[a-zA-Z][a-zA-Z0-9-]*){_SPACE}*>",
            "<!--(?!-?>)(?:[^-]|-(?!-))*-->",  # no `--` inside: every version ends it at the same `-->`
            f"<![dD][oO][cC][tT][yY][pP][eE]{_SPACE}[^<>]*>",
        )
    )
)
_ATTRIBUTES = re.compile(_ATTRIBUTE)
_TEXT_ONLY = {"script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript"}
"""Elements whose content is raw or escapable text in some version: read only when it has no `<` and no `&`."""
_TEXT_ONLY_CONTENT = re.compile(f"([^<&]*)</([a-zA-Z][a-zA-Z0-9-]*){_SPACE}*>")
_REFERENCE = re.compile(r"&(?:#[0-9]+;|#[xX][0-9a-fA-F]+;|([a-zA-Z][a-zA-Z0-9]*;))")


def _read_plain(parser: _PageText, page: str) -> bool:
    """Give the parser the page's events as HTMLParser would; False (part way) where the markup is not plain."""
    position, end = 0, len(page)
    while position < end:
        tag_at = page.find("<", position)
        if tag_at < 0:
            tag_at = end
        if tag_at > position:
            parser.handle_data(html.unescape(page[position:tag_at]))
        if tag_at == end:
            break
        markup = _MARKUP.match(page, tag_at)
        if markup is None:
            return False
        position = markup.end()
        if (name := markup["end"]) is not None:
            parser.handle_endtag(name.lower())
        elif (name := markup["start"]) is not None:
            tag = name.lower()
            attributes = _attributes(markup["attributes"])
            if attributes is None or tag == "plaintext":
                return False
            if markup["empty"]:
                if tag in _TEXT_ONLY:
                    return False
                parser.handle_startendtag(tag, attributes)
                continue
            parser.handle_starttag(tag, attributes)
            if tag in _TEXT_ONLY:
                content = _TEXT_ONLY_CONTENT.match(page, position)
                if content is None or content[2].lower() != tag:
                    return False
                if content[1]:
                    parser.handle_data(content[1])
                position = content.end()
                parser.handle_endtag(tag)
    return True


def _attributes(text: str) -> list[tuple[str, str | None]] | None:
    """A plain tag's (name, value) pairs as HTMLParser gives them; None if a value has an ambiguous `&`."""
    attributes: list[tuple[str, str | None]] = []
    for name, assigned, double, single, bare in _ATTRIBUTES.findall(text):
        value: str | None = (double or single or bare) if assigned else None
        if value and "&" in value:
            if not _plain_references(value):
                return None
            value = html.unescape(value)
        attributes.append((name.lower(), value))
    return attributes


def _plain_references(value: str) -> bool:
    """Every `&` starts a reference ending in `;` that all versions decode in an attribute as in text."""
    at = value.find("&")
    while at >= 0:
        reference = _REFERENCE.match(value, at)
        if reference is None or (reference[1] is not None and reference[1] not in html5):
            return False
        at = value.find("&", reference.end())
    return True
