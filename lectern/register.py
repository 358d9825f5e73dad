"""The recommendations register: every '小组建议：' block with its lettered items, in document order.

The panel closes most sections with a paragraph that announces its recommendations
("关于保护平民，小组建议：") followed by lettered sub-items. A trainer walks through them
chapter by chapter; this module finds them in the parsed blocks, grouped under the
chapter and section headings above them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Block, Document

ANNOUNCES_RECOMMENDATIONS = re.compile(r"小组建议[^。；]*[：:]\s*$")


@dataclass
class Recommendation:
    """One announcing paragraph and its items (nested items included, in order)."""

    paragraph: Block
    items: list[Block] = field(default_factory=list)


@dataclass
class RegisterSection:
    """Recommendations under one chapter (and section) heading."""

    chapter: Block | None
    section: Block | None
    recommendations: list[Recommendation] = field(default_factory=list)


def find_recommendations(document: Document) -> list[RegisterSection]:
    sections: list[RegisterSection] = []
    chapter = section = None
    blocks = document.blocks
    levels = {heading.anchor: heading.level for heading in document.headings}
    for index, block in enumerate(blocks):
        if block.kind == "heading" and levels.get(block.anchor) == 2:
            chapter, section = block, None
        elif block.kind == "heading" and levels.get(block.anchor) == 3:
            section = block
        elif block.kind == "paragraph" and ANNOUNCES_RECOMMENDATIONS.search(block.text):
            items = []
            for following in blocks[index + 1:]:
                if following.kind != "item":
                    break
                items.append(following)
            if not items:
                continue
            if not sections or sections[-1].chapter is not chapter or sections[-1].section is not section:
                sections.append(RegisterSection(chapter, section))
            sections[-1].recommendations.append(Recommendation(block, items))
    return sections


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
        RegisterSection(swap_heading(part.chapter), swap_heading(part.section), [
            Recommendation(swap(rec.paragraph), [swap(item) for item in rec.items]) for rec in part.recommendations
        ])
        for part in sections
    ]
