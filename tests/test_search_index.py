"""volume_index (a term's first occurrence numbers it; each distinct score is rounded once) against lunr.py's
computation written out plainly, and make_volumes with the cycle collector paused leaves it as it was."""

from __future__ import annotations

import gc
import math
import random

from lectern.search import K1, B, volume_index


def reference_volume_index(terms_of_rows: list[list[str]], first: int) -> dict[str, tuple[int, list[int], list[int]]]:
    postings: dict[str, tuple[int, list[int]]] = {}
    frequencies: list[dict[str, int]] = []
    for offset, terms in enumerate(terms_of_rows):
        counts: dict[str, int] = {}
        for term in terms:
            counts[term] = counts.get(term, 0) + 1
            if term not in postings:
                postings[term] = (len(postings), [])
            if counts[term] == 1:
                postings[term][1].append(first + offset)
        frequencies.append(counts)
    count = len(terms_of_rows)
    average = sum(len(terms) for terms in terms_of_rows) / count if count else 1
    weights: dict[str, list[int]] = {term: [] for term in postings}
    for counts, terms in zip(frequencies, terms_of_rows):
        norm = K1 * (1 - B + B * (len(terms) / average))
        for term, tf in counts.items():
            refs = postings[term][1]
            idf = math.log(1 + abs((count - len(refs) + 0.5) / (len(refs) + 0.5)))
            weights[term].append(round(round(idf * ((K1 + 1) * tf) / (norm + tf), 3) * 1000))
    return {term: (index, refs, weights[term]) for term, (index, refs) in postings.items()}


def test_volume_index_equals_the_reference_on_random_rows():
    generator = random.Random(5)
    vocabulary = [f"t{number}" for number in range(40)] + ["保护", "护", "a/55/305", "#105(c)"]
    for first in (0, 17, 4000):
        rows = [
            [generator.choice(vocabulary) for _ in range(generator.choice((0, 1, 2, 5, 30)))]
            for _ in range(generator.randint(0, 60))
        ]
        expected = reference_volume_index(rows, first)
        made = volume_index(rows, first)
        assert made == expected
        assert list(made) == list(expected)  # the same term order: the pieces' order of equal keys


def test_make_volumes_leaves_the_cycle_collector_as_it_was():
    from lectern.search import _no_cycle_collection

    assert gc.isenabled()
    with _no_cycle_collection():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with _no_cycle_collection():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
