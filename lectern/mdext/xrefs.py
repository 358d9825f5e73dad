"""Core rule: references in the text become xref tokens with unresolved targets.

Recognised (on text tokens, so never inside links, code or headings' anchor links):
- paragraphs of this document: 第151段, 第 128 段, 第 188 至 191 段, 第 214 和 215 段, 第 195-205 段, 第81段(c);
- paragraphs of another report, which belong to it: (A/65/19)第 66 段, 第67/287号决议(第25段);
- sections: 第三节 B.4. -> #s3-b-4;
- UN document symbols: A/55/305-S/2000/809, S/2015/229, A/66/7/Add.21, A/C.5/67/10;
- resolutions: 第1325(2000)号决议 -> S/RES/1325(2000), 第67/301号决议 -> A/RES/67/301;
- Charter articles: 《联合国宪章》第三十四条.
The link stage (link.py) decides where each target is: in this library or on undocs.org.
Years (2014 年), amounts (128 000) and dates never match: every pattern needs 第…段/号决议/条/节
or a symbol's slash structure.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from ..markup import escape
from ..model import Target
from .anchors import chinese_numeral

NUMERALS = "一二三四五六七八九十"
SYMBOL_TEXT = r"(?:A|S|E)/(?:[A-Z0-9.]+/)*[A-Za-z0-9.]+(?:/Add\.\d+)?"
SYMBOL = re.compile(rf"(?<![\w/])({SYMBOL_TEXT})(?:-({SYMBOL_TEXT}))?")
SC_RESOLUTION = re.compile(r"第\s*(\d{3,4})\s*\((\d{4})\)\s*号决议")
GA_RESOLUTION = re.compile(r"第\s*(\d{2})/(\d{1,3})(?:\s*([A-Z]))?\s*号决议(?:\(第\s*(\d+)\s*段\))?")
PARAGRAPHS = re.compile(
    r"第\s*(\d{1,3})(?:\s*\(([a-z])\))?"  # first number, optional sub-item
    r"(?:\s*(至|和|-|–)\s*(?:\(([a-z])\)|(\d{1,3})))?"  # range or pair
    r"\s*段(?:\s*\(([a-z])\))?"  # 段, optional sub-item after it
)
SECTION = re.compile(rf"第([{NUMERALS}]+)节\s*(?:([A-Z])\.?(?:(\d{{1,2}})\.?)?)?")
CHARTER = re.compile(rf"《(?:联合国)?宪章》第([{NUMERALS}百]+)条")
# A paragraph reference right after a symbol in the same parentheses belongs to that report.
OWNED_BY_SYMBOL = re.compile(rf"({SYMBOL_TEXT})(?:-{SYMBOL_TEXT})?(?:\)|,\s*附件,\s*)\s*$")

CHARTER_CHAPTERS = [
    (2, 1),
    (6, 2),
    (8, 3),
    (22, 4),
    (32, 5),
    (38, 6),
    (51, 7),
    (54, 8),
    (60, 9),
    (72, 10),
    (74, 11),
    (85, 12),
    (91, 13),
    (96, 14),
    (101, 15),
    (105, 16),
    (107, 17),
    (109, 18),
    (111, 19),
]


def xrefs_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("text_join", "lectern_xrefs", _find_references)
    md.add_render_rule("xref_open", _render_open)
    md.add_render_rule("xref_close", lambda self, tokens, idx, options, env: tokens[idx].meta.get("close", "</a>"))


def _render_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    href = token.attrGet("href")
    if not href:
        token.meta["close"] = "</span>" if token.meta.get("unresolved") else ""
        return '<span class="xref-unresolved">' if token.meta.get("unresolved") else ""
    token.meta["close"] = "</a>"
    attributes = f'href="{escape(str(href))}" class="{escape(str(token.attrGet("class") or "xref"))}"'
    if token.attrGet("rel"):
        attributes += f' rel="{escape(str(token.attrGet("rel")))}" target="_blank"'
    return f"<a {attributes}>"


def find_references(text: str, previous: str = "") -> list[tuple[int, int, Target]]:
    """(start, end, target) for every reference in `text`; `previous` is the text just before it."""
    found: list[tuple[int, int, Target]] = []
    taken = [False] * len(text)

    def claim(start: int, end: int, target: Target) -> None:
        if not any(taken[start:end]):
            found.append((start, end, target))
            for index in range(start, end):
                taken[index] = True

    for match in SC_RESOLUTION.finditer(text):
        claim(match.start(), match.end(), Target("symbol", f"S/RES/{match.group(1)}({match.group(2)})"))
    for match in GA_RESOLUTION.finditer(text):
        suffix = match.group(3) or ""
        claim(match.start(), match.end(), Target("symbol", f"A/RES/{match.group(1)}/{match.group(2)}{suffix}"))
    for match in CHARTER.finditer(text):
        claim(match.start(), match.end(), Target("charter", str(_charter_chapter(chinese_numeral(match.group(1))))))
    for match in SECTION.finditer(text):
        parts = ["s" + str(chinese_numeral(match.group(1)))]
        if match.group(2):
            parts.append(match.group(2).lower())
        if match.group(3):
            parts.append(match.group(3))
        end = match.end() if match.group(2) else match.start() + len(f"第{match.group(1)}节")
        claim(match.start(), end, Target("section", "-".join(parts)))
    for match in SYMBOL.finditer(text):
        claim(match.start(), match.end(), Target("symbol", match.group(1)))
    for match in PARAGRAPHS.finditer(text):
        if any(taken[match.start() : match.end()]):
            continue
        before = previous + text[: match.start()]
        owner = OWNED_BY_SYMBOL.search(before)
        if owner:
            paragraph = f"p{match.group(1)}" + (f"-{match.group(2)}" if match.group(2) else "")
            claim(match.start(), match.end(), Target("symbol", owner.group(1), paragraph))
            continue
        if re.search(r"(?<!本)报告\s*$", before):
            continue  # "…的第二十二次报告第 85 (a) 至 (d) 段": another report, not ours, symbol unknown
        for start, end, target in _paragraph_targets(match):
            claim(start, end, target)
    return sorted(found, key=lambda item: item[0])


def _paragraph_targets(match: re.Match) -> list[tuple[int, int, Target]]:
    first, first_item, joiner, second_item, second, item_after = match.groups()
    if joiner and second:
        # 第 188 至 191 段: each number links to its own paragraph
        return [
            (match.start(1), match.end(1), Target("paragraph", f"p{first}", first)),
            (match.start(5), match.end(5), Target("paragraph", f"p{second}", second)),
        ]
    item = first_item or item_after
    anchor = f"p{first}" + (f"-{item}" if item else "")
    return [(match.start(), match.end(), Target("paragraph", anchor, first + (f"({item})" if item else "")))]


def _charter_chapter(article: int) -> int:
    return next(chapter for last, chapter in CHARTER_CHAPTERS if article <= last)


def _find_references(state: StateCore) -> None:
    in_heading = False
    for token in state.tokens:
        if token.type == "heading_open":
            in_heading = True
        elif token.type == "heading_close":
            in_heading = False
        elif token.type == "inline" and token.children and not in_heading:
            token.children = _link_children(token.children)


def _link_children(children: list[Token]) -> list[Token]:
    result: list[Token] = []
    link_depth = 0
    previous = ""
    for child in children:
        if child.type == "link_open":
            link_depth += 1
        elif child.type == "link_close":
            link_depth -= 1
        if child.type != "text" or link_depth:
            result.append(child)
            if child.type == "text":
                previous += child.content
            continue
        references = find_references(child.content, previous[-40:])
        previous += child.content
        if not references:
            result.append(child)
            continue
        cursor = 0
        for start, end, target in references:
            if start > cursor:
                result.append(_text(child.content[cursor:start]))
            opening = Token("xref_open", "a", 1)
            opening.meta = {"target": target}
            result.extend([opening, _text(child.content[start:end]), Token("xref_close", "a", -1)])
            cursor = end
        if cursor < len(child.content):
            result.append(_text(child.content[cursor:]))
    return result


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token
