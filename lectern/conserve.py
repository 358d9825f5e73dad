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
from collections.abc import Callable
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


_SEGMENTS = re.compile(r"[^\W_]+")


def kept(text: str) -> str:
    """The characters the check follows: Han characters, letters and digits of any script (not `[\\W_]`).

    Joining the runs of them is faster than removing the rest with re.sub."""
    return "".join(_SEGMENTS.findall(text))


GAP = 200
"""How many characters the page may add inside one source line (a link the Markdown refused shows its URL)."""


class _Run(str):
    """A line's kept characters; `segments` are its pieces between punctuation, markup and spaces."""

    segments: tuple[str, ...]

    def __new__(cls, text: str) -> _Run:
        segments = _SEGMENTS.findall(text)
        run = super().__new__(cls, "".join(segments))  # kept(text)
        run.segments = tuple(segments)
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
    """The line without its markup. Each pattern but the list marker needs a character most lines lack:
    testing for it first skips a substitution that could not change the line."""
    text = _LIST_MARKER.sub("", raw, count=1)
    if "#" in text:
        text = _HEADING_CLOSE.sub("", text)
    if "[^" in text:
        text = _FOOTNOTE_REFERENCE.sub(r"\1", text)
    if "](" in text:
        text = _LINK_DESTINATION.sub("]", text)
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
    if "\\" in text:
        text = _BACKSLASH.sub(r"\1", text)
    return html.unescape(text)


class _Article:
    """Where the page's text goes, tag by tag: to the document body (the article), to its footnotes, or nowhere.

    Only the article counts: words that also appear in the pager, the header or the glossary data
    must not stand in for words the body lost. Its first element with the class doc-body opens it; it
    closes when as many elements have closed as opened inside it (whatever their names). Script, style
    and template content is not text; an image's alt text is.
    """

    NOWHERE, BODY, NOTES = 0, 1, 2

    def __init__(self):
        self.depth = 0  # open elements inside the article; 0 before it and after it
        self.notes_depth = 0  # open elements inside the footnotes section
        self.skip = 0
        self.done = False  # the article has closed: nothing after it counts

    def start(self, tag: str, attribute: Callable[[str], str | None]) -> str | None:
        """Open a tag (`attribute` gives its attributes' values, asked only when needed); an image's alt text."""
        if tag in _VOID:
            return (attribute("alt") or "") if self.depth and tag == "img" else None
        if not self.depth:
            if "doc-body" in (attribute("class") or "").split():
                self.depth = 1
            return None
        self.depth += 1
        if self.notes_depth:
            self.notes_depth += 1
        elif tag == "section" and "footnotes" in (attribute("class") or "").split():
            self.notes_depth = 1
        if tag in _NOT_TEXT:
            self.skip += 1
        return None

    def end(self, tag: str) -> None:
        if not self.depth or tag in _VOID:
            return
        if tag in _NOT_TEXT and self.skip:
            self.skip -= 1
        if self.notes_depth:
            self.notes_depth -= 1
        self.depth -= 1
        self.done = not self.depth

    def target(self) -> int:
        """Where text read now goes (an image's alt text goes to BODY or NOTES even where this is NOWHERE)."""
        if not self.depth or self.skip:
            return self.NOWHERE
        return self.NOTES if self.notes_depth else self.BODY

    def alt_target(self) -> int:
        return self.NOTES if self.notes_depth else self.BODY


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_NOT_TEXT = {"script", "style", "template"}


class _ArticleEnd(Exception):
    """The article has closed: HTMLParser need not read on."""


class _PageText(HTMLParser):
    """The article's text as HTMLParser's events give it, for a page that is not plain markup."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.article = _Article()
        self.texts: tuple[list[str], list[str], list[str]] = ([], [], [])  # by _Article target

    def handle_starttag(self, tag, attrs):
        alt = self.article.start(tag, dict(attrs).get)
        if alt is not None:
            self.texts[self.article.alt_target()].append(alt)

    def handle_endtag(self, tag):
        self.article.end(tag)
        if self.article.done:
            raise _ArticleEnd

    def handle_data(self, data):
        self.texts[self.article.target()].append(data)


def page_text(page: str) -> tuple[str, str]:
    """(kept characters of the article without its footnotes, kept characters of the footnotes)."""
    try:
        texts = _plain_text(page)
    except _NotPlain:  # markup the plain reader leaves to HTMLParser
        texts = html_parser_text(page)
    return kept("".join(texts[_Article.BODY])), kept("".join(texts[_Article.NOTES]))


def html_parser_text(page: str) -> tuple[list[str], list[str], list[str]]:
    """The page's text by _Article target, as HTMLParser reads it (any page)."""
    parser = _PageText()
    try:
        parser.feed(page)
        parser.close()
    except _ArticleEnd:
        pass
    return parser.texts


# The plain reader. A page made only of the markup below is split into the same tags and text by every
# html.parser of Python 3.11 and later (whose handling of comments, end tags, raw text elements and
# references in attribute values changed in security releases); any other markup (a `<` that is not
# such a tag, `<!`/`<?` constructs, attributes without spaces between them, unquoted values next to
# `/>`, raw text with `<` or `&`) raises _NotPlain, and HTMLParser reads the page.
_SPACE = r"[ \t\n\r\f]"  # what every version takes for space inside a tag (older ones take more)
_NAME = "[a-zA-Z][a-zA-Z0-9-]*"
_ATTRIBUTE_NAME = "[a-zA-Z_:][-a-zA-Z0-9_:.]*"
_VALUE = r""""[^"]*"|'[^']*'|[^\s"'=<>`/]+(?![^ \t\n\r\f>])"""  # a bare value ends at a space or `>`
_MARKUP = re.compile(
    "|".join(
        (
            f"<(?P<start>{_NAME})(?P<attributes>(?:{_SPACE}+{_ATTRIBUTE_NAME}(?:=(?:{_VALUE}))?)*){_SPACE}*(?P<empty>/?)>",
            f"</(?P<end>{_NAME}){_SPACE}*>",
            "<!--(?!-?>)(?:[^-]|-(?!-))*-->",  # no `--` inside: every version ends it at the same `-->`
            f"<![dD][oO][cC][tT][yY][pP][eE]{_SPACE}[^<>]*>",
            "(?P<other><)",  # anything else
        )
    )
)
_ATTRIBUTES = re.compile(f"{_SPACE}+({_ATTRIBUTE_NAME})(?:=({_VALUE}))?")  # the value with its quotes
_TEXT_ONLY = {"script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript"}
"""Elements whose content is raw or escapable text in some version: read only when it has no `<` and no `&`."""
_REFERENCE = re.compile(r"&(?:#[0-9]+;|#[xX][0-9a-fA-F]+;|([a-zA-Z][a-zA-Z0-9]*;))")


class _NotPlain(Exception):
    """The page has markup that html.parser versions may read differently: HTMLParser reads it."""


def _plain_text(page: str) -> tuple[list[str], list[str], list[str]]:
    """The page's text by _Article target, as HTMLParser gives it, for a page of plain markup only."""
    article = _Article()
    attributes = _Attributes()
    texts: tuple[list[str], list[str], list[str]] = ([], [], [])
    text_only = ""  # the text-only element just opened: its end tag must come next, after text without `&`
    after = 0  # where the last tag ended
    for markup in _MARKUP.finditer(page):
        at = markup.start()
        if at > after:  # the text between two tags, unescaped, as HTMLParser gives it
            texts[article.target()].append(html.unescape(page[after:at]))
        kind = markup.lastgroup  # start tags end with the group `empty`
        if text_only and (kind != "end" or markup["end"].lower() != text_only or "&" in page[after:at]):
            raise _NotPlain
        text_only = ""
        after = markup.end()
        if kind == "end":
            article.end(markup["end"].lower())
        elif kind == "empty":
            tag = markup["start"].lower()
            if tag == "plaintext" or (markup["empty"] and tag in _TEXT_ONLY):
                raise _NotPlain
            attributes.text = markup["attributes"]
            alt = article.start(tag, attributes.get)
            if alt is not None:
                texts[article.alt_target()].append(alt)
            if markup["empty"]:  # <tag/>: HTMLParser's handle_startendtag
                article.end(tag)
            elif tag in _TEXT_ONLY:
                text_only = tag
        elif kind == "other":
            raise _NotPlain
        if article.done:
            return texts
    if text_only:
        raise _NotPlain
    if after < len(page):
        texts[article.target()].append(html.unescape(page[after:]))
    return texts


class _Attributes:
    """A plain tag's attribute values as HTMLParser gives them, read from its text only when asked."""

    text = ""

    def get(self, name: str) -> str | None:
        value: str | None = None
        for found, written in _ATTRIBUTES.findall(self.text):
            if found.lower() == name:  # the last one counts, as in dict(attrs)
                value = (written[1:-1] if written[0] in "'\"" else written) if written else None
        if value and "&" in value:
            if not _plain_references(value):
                raise _NotPlain
            value = html.unescape(value)
        return value


def _plain_references(value: str) -> bool:
    """Every `&` starts a reference ending in `;` that all versions decode in an attribute as in text."""
    at = value.find("&")
    while at >= 0:
        reference = _REFERENCE.match(value, at)
        if reference is None or (reference[1] is not None and reference[1] not in html5):
            return False
        at = value.find("&", reference.end())
    return True
