"""The recommendations register: every recommendation the panel makes, in document order.

Most are lettered items under a paragraph that announces them ("关于保护平民，小组建议："); those
are found in the parsed blocks. The rest are made in running text: a "小组建议" in the middle of
a paragraph (strategic communications, technology, resourcing, the funding of political
missions) or a call in the panel's own voice (小组认为……应, 小组鼓励, 小组呼吁, 小组支持). A pattern
cannot tell a call from an assessment (小组认为 also opens opinions), nor a new recommendation from
one restated in a lettered list, so those paragraphs were found by reading the report and are
listed in its front matter (`recommendations_in_text`); the tests check that list against every
"小组建议" in the text. A trainer walks through them chapter by chapter, so they are grouped under
the chapter and section headings above them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import ContentError, ContentErrors, Location
from .model import Block, Document

ANNOUNCES_RECOMMENDATIONS = re.compile(r"小组建议[^。；]*[：:]\s*$")
KINDS = ("listed", "recommends", "calls")
"""listed: a lettered item of an announcing paragraph; recommends: '小组建议' in running text;
calls: a call or endorsement in the panel's voice (小组认为……应, 鼓励, 呼吁, 支持)."""


@dataclass
class Recommendation:
    """An announcing paragraph with its lettered items, or one paragraph that recommends in running text."""

    paragraph: Block
    items: list[Block] = field(default_factory=list)
    kind: str = "listed"

    @property
    def count(self) -> int:
        """How many recommendations this entry holds: each top-level lettered item, or the paragraph."""
        if self.kind != "listed":
            return 1
        return sum(1 for item in self.items if item.number and item.number.count("(") == 1)


@dataclass
class RegisterSection:
    """Recommendations under one chapter (and section) heading."""

    chapter: Block | None
    section: Block | None
    recommendations: list[Recommendation] = field(default_factory=list)


def find_recommendations(document: Document) -> list[RegisterSection]:
    """Announcing paragraphs with their items, and the paragraphs listed in the front matter, in text order."""
    in_text = dict(document.meta.recommendations_in_text)
    numbers = {block.number for block in document.blocks if block.kind == "paragraph"}
    missing = [number for number in in_text if number not in numbers]
    if missing:
        raise ContentErrors(
            [
                ContentError(
                    Location(document.path, document.meta.recommendations_line),
                    f"recommendations_in_text: no paragraph {number}",
                )
                for number in missing
            ]
        )
    sections: list[RegisterSection] = []
    chapter = section = None
    blocks = document.blocks
    levels = {heading.anchor: heading.level for heading in document.headings}
    for index, block in enumerate(blocks):
        if block.kind == "heading" and levels.get(block.anchor) == 2:
            chapter, section = block, None
        elif block.kind == "heading" and levels.get(block.anchor) == 3:
            section = block
        elif block.kind != "paragraph":
            continue
        elif block.number in in_text:
            _section(sections, chapter, section).recommendations.append(
                Recommendation(block, [], in_text[block.number])
            )
        elif ANNOUNCES_RECOMMENDATIONS.search(block.text):
            items = []
            for following in blocks[index + 1 :]:
                if following.kind != "item":
                    break
                items.append(following)
            if items:
                _section(sections, chapter, section).recommendations.append(Recommendation(block, items))
    return sections


def _section(sections: list[RegisterSection], chapter: Block | None, section: Block | None) -> RegisterSection:
    if not sections or sections[-1].chapter is not chapter or sections[-1].section is not section:
        sections.append(RegisterSection(chapter, section))
    return sections[-1]


def count_recommendations(sections: list[RegisterSection]) -> dict[str, int]:
    """How many recommendations of each kind, and in all."""
    counts = {kind: 0 for kind in KINDS}
    for part in sections:
        for recommendation in part.recommendations:
            counts[recommendation.kind] += recommendation.count
    counts["all"] = sum(counts[kind] for kind in KINDS)
    return counts


def in_edition(sections: list[RegisterSection], document: Document) -> list[RegisterSection]:
    """The same register with the blocks of another edition of the document (matched by anchor).

    Recommendations are found once on the Simplified text; the Traditional edition shows its own text.
    """
    blocks = {block.anchor: block for block in document.blocks}

    def swap(block: Block) -> Block:
        return blocks[block.anchor]

    def swap_heading(block: Block | None) -> Block | None:
        return swap(block) if block is not None else None

    return [
        RegisterSection(
            swap_heading(part.chapter),
            swap_heading(part.section),
            [
                Recommendation(swap(rec.paragraph), [swap(item) for item in rec.items], rec.kind)
                for rec in part.recommendations
            ],
        )
        for part in sections
    ]
