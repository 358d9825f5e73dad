"""volume_index (a term's first occurrence numbers it; each distinct score is rounded once) against lunr.py's
computation written out plainly, and make_volumes with the cycle collector paused leaves it as it was."""

from __future__ import annotations

import gc
import math
import random

from lectern.postings import K1, B
from lectern.search import volume_index


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
        made = volume_index(rows, first).as_dict()
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


def _random_rows(generator: random.Random, count: int) -> list[list[str]]:
    vocabulary = [f"t{number}" for number in range(300)] + [
        "保护",
        "护",
        "平民",
        "民",
        "a/55/305",
        "#105(c)",
        "𠀋字",
        "ｆ",
    ]
    return [[generator.choice(vocabulary) for _ in range(generator.choice((0, 1, 3, 12, 80)))] for _ in range(count)]


def test_every_score_rounded_by_python_gives_the_same_index(monkeypatch):
    """The array path rounds with rint except near a half; with every score sent to Python's round instead
    (the near-half path), the index is the same, and both equal lunr.py's computation."""
    import lectern.postings as postings

    rows = _random_rows(random.Random(11), 400)
    fast = volume_index(rows, 9).as_dict()
    monkeypatch.setattr(postings, "_TIE", 1.0)
    assert volume_index(rows, 9).as_dict() == fast == reference_volume_index(rows, 9)


def test_pieces_hold_the_index_in_javascript_order_cut_by_postings():
    """Each piece's columns give back its terms' rows and weights; the terms run in UTF-16 order across the
    pieces; a piece stops before the term that would take it past the limit, unless that term is its first."""
    from lectern.search import decode_piece, encoded_pieces

    rows = _random_rows(random.Random(3), 500)
    index = volume_index(rows, 40)
    expected = index.as_dict()
    for limit in (1, 50, 2000, 10**6):
        pieces = encoded_pieces(index, limit)
        decoded = [decode_piece(piece) for piece in pieces]
        joined = {term: entry for piece in decoded for term, entry in piece.items()}
        assert joined == expected
        order = [term for piece in decoded for term in piece]
        assert order == sorted(expected, key=lambda term: term.encode("utf-16-be"))
        sizes = [[len(entry[1]) for entry in piece.values()] for piece in decoded]
        for number, piece in enumerate(sizes):
            assert piece and (len(piece) == 1 or sum(piece) <= limit)
            if number + 1 < len(sizes):  # closed because the next term did not fit
                assert sum(piece) + sizes[number + 1][0] > limit


def test_an_empty_volume_has_no_pieces():
    from lectern.search import encoded_pieces

    assert volume_index([], 0).as_dict() == {}
    assert volume_index([[], []], 5).as_dict() == {}
    assert encoded_pieces(volume_index([[], []], 5), 10) == []


_ALPHABET = (
    "维持和平行动特别政治任务秘书处安全理事会々〆〇ぁアン가힣\uf900\ufa6d𠀀𠀁𪘀"  # CJK, kana, hangul, compatibility, astral
    "abcxyz0123αβжعß" + "&'-./_’" + " ,;:()#§…—" + "\uffff\U0001f600\u00ad"
)


def _random_texts(generator: random.Random, count: int) -> tuple[list[str], list[str]]:
    texts = ["".join(generator.choice(_ALPHABET) for _ in range(generator.randrange(0, 60))) for _ in range(count)]
    numbers = [generator.choice(["", "", "12", "105(c)", "7(b)(二)"]) for _ in range(count)]
    return texts, numbers


def test_the_index_of_texts_on_arrays_equals_the_index_of_their_tokens():
    """search.folded_index (postings.TextTerms: terms found on code points, a string only per distinct term)
    gives the index that tokenize's terms give, on texts of every class of character: CJK runs of one and
    many characters, astral ideographs, words with joiners and suffixes, symbols, empty texts, numbers."""
    from lectern.search import _folded_terms, folded_index

    generator = random.Random(12)
    cases = [_random_texts(generator, count) for count in (1, 2, 7, 40, 300)]
    cases += [(["", ""], ["", "5"]), (["a/55/305 维和", "S/2015/229。"], ["", ""]), ([""], [""]), (["维"], ["1"])]
    for texts, numbers in cases:
        expected = volume_index([_folded_terms(text, number) for text, number in zip(texts, numbers)], 9)
        found = folded_index(texts, numbers, 9)
        assert found.terms == expected.terms and found.bounds == expected.bounds
        assert found.rows.tolist() == expected.rows.tolist() and found.weights.tolist() == expected.weights.tolist()


def test_pieces_of_terms_beyond_the_basic_plane_still_run_in_javascript_order():
    """Python sorts the terms of a volume of BMP characters as UTF-16 does; with an astral term (U+20000
    sorts after U+F900 in Python, before it in UTF-16: a surrogate pair) the pieces use UTF-16's order."""
    from lectern.search import decode_piece, encoded_pieces, folded_index

    index = folded_index(["\uf900维", "\U00020000维", "维和"], ["", "", ""], 0)
    order = [term for piece in encoded_pieces(index, 1) for term in decode_piece(piece)]
    assert order == sorted(index.terms, key=lambda term: term.encode("utf-16-be"))
    assert order.index("\U00020000维") < order.index("\uf900维")


def test_texts_translated_on_arrays_equal_str_translate():
    """postings.CharMap (a volume's normalisation and folding on code points) gives what str.translate gives,
    on texts with characters that normalise to several (①, ﬁ, ㈠) or none (a soft hyphen), lone surrogates,
    spaces of every kind, empty texts; texts in the BMP (the arrays' path) and with astral characters
    (str.translate's); batches one after another with the same maps (what they remember must be right)."""
    from lectern.postings import CharMap
    from lectern.tokenize import NORMALIZATION, FoldTable, normalize_text, settle_spaces

    generator = random.Random(21)
    alphabet = _ALPHABET + "①ﬁ㈠Å\u3000\t\n\ud800\udc00\x00ａ（）戰爭战争"
    folds = FoldTable({"戰": "战", "爭": "争", "\U00020001": "a"})
    normalization, folding = CharMap(NORMALIZATION), CharMap(folds.table)
    for count in (0, 1, 2, 7, 40, 300, 300):
        texts = ["".join(generator.choice(alphabet) for _ in range(generator.randrange(0, 40))) for _ in range(count)]
        for batch in (texts, ["".join(char for char in text if char <= "\uffff") for text in texts]):
            normalized = list(map(settle_spaces, normalization.translate(batch)))
            assert normalized == [normalize_text(text) for text in batch]
            assert folding.translate(normalized) == [folds.fold(text) for text in normalized]
    assert folding.translate(["戰爭", "", "\U00020001戰"]) == ["战争", "", "a战"]
    assert folding.translate(["戰爭", "", "争戰"]) == ["战争", "", "争战"]


def test_piece_scripts_written_from_arrays_equal_the_json_of_their_lists():
    """search.piece_scripts writes each piece's number columns from their arrays (postings.json_integers): the
    same bytes as encode_script of encoded_pieces, on random volumes of every class of character."""
    import json

    import numpy as np

    from lectern.postings import json_integers
    from lectern.search import encode_script, encoded_pieces, folded_index, piece_key, piece_scripts

    generator = random.Random(8)
    for count in (1, 3, 40, 300):
        texts, numbers = _random_texts(generator, count)
        index = folded_index(texts, numbers, 7)
        for limit in (1, 5, 2000):
            pieces = encoded_pieces(index, limit)
            firsts, scripts = piece_scripts(index, 3, limit)
            assert firsts == [piece[0][0] for piece in pieces]
            assert scripts == [encode_script(piece_key(3, number), piece) for number, piece in enumerate(pieces)]
    columns = [[], [0], [9, 10, 99, 100, 0, 7], [], [10**12, 5], list(range(0, 100_000, 37)), [1]]
    for chosen in (columns, columns[:1], [], [[3, -4, 0], [5]], columns[2:3]):
        arrays = [np.array(values, dtype=np.int64) for values in chosen]
        assert json_integers(arrays) == [json.dumps(values, separators=(",", ":")) for values in chosen]


def test_the_characters_that_differ_between_scripts_on_arrays_are_those_of_the_plain_reading():
    """postings.differing_characters (a document's blocks in both scripts, compared as code points) finds the
    pairs search.differing_pairs finds: texts of equal length that differ (astral characters, lone
    surrogates, NUL), equal texts and texts of other lengths (which say nothing), none at all."""
    from lectern.postings import differing_characters
    from lectern.search import differing_pairs

    generator = random.Random(31)
    alphabet = "战争戰爭并並护護维和ab \x00\ud800\udc00\U00020000\U00020001"
    for count in (0, 1, 2, 7, 40, 300):
        pairs = []
        for _ in range(count):
            left = "".join(generator.choice(alphabet) for _ in range(generator.randrange(0, 30)))
            right = "".join(character if generator.random() < 0.7 else generator.choice(alphabet) for character in left)
            pairs.append((left, right + ("x" if generator.random() < 0.1 else "")))
        expected = differing_pairs(pairs)
        assert differing_characters(pairs) == expected
        assert count < 40 or expected  # the cases hold pairs to find


def test_the_stable_order_of_keyed_sorts_is_numpys_stable_argsort():
    """postings.stable_order (one sort of value-and-index keys) orders like np.argsort(kind="stable"): equal
    values keep their order (a term's places stay in text order), and values below zero (the words' codes),
    bigram codes up to 2^42, arrays too long for the index bits and values too large for the shift (which take
    the argsort itself) all give the same order."""
    import numpy as np

    from lectern import postings
    from lectern.postings import stable_order

    generator = np.random.default_rng(7)
    cases = [
        np.zeros(0, dtype=np.int64),
        np.array([5], dtype=np.int64),
        np.array([3, 1, 3, 1, 3, -2, -2], dtype=np.int64),
        np.array([1 << 50, 2, 2, -(1 << 50)], dtype=np.int64),  # too large to shift
        generator.integers(-40, 40, 5000),
        generator.integers(0, 4, 3000),
        np.sort(generator.integers(0, 100, 2000)),
        generator.integers(-(1 << 41), 1 << 42, 4000),
        generator.integers(0, 50, (1 << postings._INDEX_BITS) + 5),  # too long for the index bits
    ]
    for values in cases:
        values = values.astype(np.int64)
        assert np.array_equal(stable_order(values), np.argsort(values, kind="stable"))
    assert len(np.unique(cases[4])) < len(cases[4])  # the cases have equal values to keep in order
