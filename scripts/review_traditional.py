"""Review the Traditional conversion: every word that converts differently in context than alone,
and how often each variant form of the Taiwan standard appears in the output.

    python3 scripts/review_traditional.py            # summary, one line per divergent word
    python3 scripts/review_traditional.py --all      # every place, with its context

The method and the decisions are recorded in docs/traditional-review.md.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lectern.convert import Converter, find_divergences, read_overrides  # noqa: E402
from lectern.errors import Problems  # noqa: E402
from lectern.glossary import build_glossary, read_glossary  # noqa: E402
from lectern.load import load_sources  # noqa: E402
from lectern.parse import make_markdown, parse_document  # noqa: E402

# Characters where the Taiwan Ministry of Education's standard form and a variant both occur in s2tw output.
VARIANT_PAIRS = [("布", "佈"), ("帳", "賬"), ("毀", "燬"), ("了", "瞭"), ("回", "迴"), ("週", "周"), ("夥", "伙"),
                 ("準", "准"), ("係", "系")]


def review_texts(content: Path) -> list[tuple[str, str]]:
    """Every text the Traditional edition converts: block texts, front matter, glossary definitions."""
    problems = Problems()
    sources = load_sources(content, problems)
    md = make_markdown()
    documents = [parse_document(source, problems, md) for source in sources]
    texts = [(f"{d.meta.slug}#{b.anchor}", b.text) for d in documents for b in d.blocks]
    for d in documents:
        meta = d.meta
        texts += [(f"{meta.slug} front matter", value) for value in
                  (meta.title_zh, meta.short_title_zh, meta.body, meta.session, meta.agenda, *meta.title_page,
                   *meta.notes) if value]
    terms = build_glossary(read_glossary(content / "glossary.yaml", problems), documents,
                           content / "glossary.yaml", problems)
    for term in terms:
        texts += [(f"glossary {term.key}", value) for value in
                  (term.key, *term.aliases, term.definition_zh, term.full_name or "") if value]
    if problems.errors:
        raise SystemExit("\n".join(str(error) for error in problems.errors))
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--all", action="store_true", help="list every place, not one line per word")
    arguments = parser.parse_args()
    problems = Problems()
    converter = Converter(read_overrides(arguments.content / "conversion-overrides.tsv", problems))
    texts = review_texts(arguments.content)
    divergences = find_divergences(converter, texts)
    groups = Counter((d.word, d.alone, d.in_context) for d in divergences)
    print(f"{sum(len(text) for _, text in texts)} characters in {len(texts)} texts; "
          f"{len(divergences)} divergent places, {len(groups)} distinct words")
    for (word, alone, in_context), count in sorted(groups.items(), key=lambda item: (-item[1], item[0])):
        example = next(d for d in divergences if (d.word, d.alone, d.in_context) == (word, alone, in_context))
        print(f"{count}\t{word}\talone {alone}\tin context {in_context}\t{example.where}: {example.context}")
    if arguments.all:
        for d in divergences:
            print(f"{d.where}\t{d.word}\t{d.alone}\t{d.in_context}\t{d.context}")
    output = "".join(converter.convert(text) for _, text in texts)
    print("variant forms in the output (standard, variant):")
    for standard, variant in VARIANT_PAIRS:
        print(f"  {standard} {output.count(standard)}\t{variant} {output.count(variant)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
