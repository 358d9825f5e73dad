"""The search tokeniser: normalisation, terms, query terms, references and the fold table."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import pytest

from lectern.tokenize import (
    CJK,
    IGNORED,
    SPACES,
    SPEC,
    WORD,
    FoldTable,
    _word_end,
    normalize,
    normalize_text,
    paragraph_reference,
    query_terms,
    split_words,
    tokenize,
)

TRICKY = Path(__file__).resolve().parent / "fixtures" / "search" / "tricky.txt"


def tricky_strings() -> list[str]:
    return [line for line in TRICKY.read_text(encoding="utf-8").split("\n") if line and not line.startswith("#")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("第 1325（2000）号决议", "第1325(2000)号决议"),
        ("Ａ／５５／３０５", "a/55/305"),
        ("2013 年 3 月", "2013年3月"),
        ("Bela  Kapur、Tamara", "bela kapur、tamara"),
        ("　全角空格　", "全角空格"),
        ("soft\u00adhyphen", "softhyphen"),
    ],
)
def test_normalize_folds_width_case_and_spaces_next_to_chinese(text, expected):
    assert normalize(text)[0] == expected


def test_normalize_maps_every_character_back_to_its_source():
    text = "第 1325（2000）号"
    normalized, source = normalize(text)
    assert len(source) == len(normalized)
    assert [text[i] for i in source][:5] == ["第", "1", "3", "2", "5"]


def test_cjk_runs_become_bigrams_and_the_last_character():
    assert tokenize("保护平民") == ["保护", "护平", "平民", "民"]
    assert tokenize("和") == ["和"]


def test_words_and_symbols_stay_whole_with_their_suffixes():
    assert tokenize("a/55/305") == ["a/55/305", "55/305", "5/305", "305", "05", "5"]
    assert tokenize("第1325(2000)号")[:3] == ["第", "1325", "325"]


def test_query_terms_need_bigrams_prefixes_for_single_characters_and_words():
    assert query_terms("保护平民") == ["保护", "护平", "平民"]
    assert query_terms("和") == ["和*"]
    assert query_terms("a/55/305") == ["a/55/305*"]
    assert query_terms("第1325(2000)号决议") == ["第*", "1325*", "2000*", "号决", "决议"]
    assert query_terms("、") == []


def test_space_separates_words_and_full_width_space_too():
    assert split_words("保护 平民\u3000安全") == ["保护", "平民", "安全"]


@pytest.mark.parametrize(
    "query, number",
    [
        ("105", "105"),
        ("第105段", "105"),
        ("第 105 段", "105"),
        ("105(c)", "105(c)"),
        ("105（c）", "105(c)"),
        ("81(c)(二)", "81(c)(二)"),
        ("１０５", "105"),
        ("保护平民", None),
        ("A/55/305", None),
    ],
)
def test_paragraph_references(query, number):
    assert paragraph_reference(query) == number


def test_fold_table_joins_characters_the_conversion_pairs():
    table = FoldTable.from_pairs([("显著的干部着手", "顯著的幹部著手"), ("并", "並"), ("合并", "合併")])
    assert table.fold("顯著") == table.fold("显着") == table.fold("显著")
    assert table.fold("並") == table.fold("併") == "并"
    assert table.fold("幹部") == "干部"


def test_tricky_strings_tokenise_without_surprises():
    for text in tricky_strings():
        normalized = normalize(text)[0]
        assert normalized == normalized.strip()
        assert all(term and " " not in term for term in tokenize(normalized))


# The fast paths (normalize_text's translate table and regular expressions, tokenize's one regular
# expression, fold's translate table) against the straightforward character-by-character forms.

EQUIVALENCE = [
    "",
    " ",
    "\u3000",
    "Ａ／５５／３０５ ＡＢＣ　ｄｅｆ",
    "㈠ ① ﬁ ㎡ Ⅻ ½ ™ ㍻",
    "e\u0301cole n\u0303 A\u030a",
    "𠀀𠀁 𠀂 abc 𪜀𫝀",
    "𠀀 a 𠀁",
    "保护 平民 and  protection 保护",
    " 中 文 ",
    "a  b\t\nc\u00a0d\u2003e",
    "第 1325（2000）号 决议 S/2015/229",
    "soft\u00adhyphen zero\u200bwidth\ufeff",
    "¨ ´ ¸",
    "İstanbul ΣΑΣ ẞ",
    "a-b--c ./x '’ &_",
    "2013 年 3 月 28 日",
    "かな カナ 한국어 〇一二 々〆",
    "عمليات حفظ السلام، الأمـــم ﻻ ٢٠١٥",
    "x" * 5 + " " * 5 + "保",
]


def reference_normalize(text: str) -> str:
    """normalize's text, written out: NFKC and lower case per character, then the spaces."""
    pieces = "".join(
        piece for char in text for piece in unicodedata.normalize("NFKC", char).lower() if piece not in IGNORED
    )
    out: list[str] = []
    pending = False
    for piece in pieces:
        if piece in SPACES:
            pending = True
            continue
        if pending and out and out[-1] not in CJK and piece not in CJK:
            out.append(" ")
        pending = False
        out.append(piece)
    return "".join(out)


def reference_tokenize(text: str) -> list[str]:
    """tokenize, written out: scan CJK runs and words character by character."""
    terms: list[str] = []
    index = 0
    while index < len(text):
        if text[index] in CJK:
            end = index + 1
            while end < len(text) and text[end] in CJK:
                end += 1
            terms.extend(text[i : i + 2] for i in range(index, end - 1))
            terms.append(text[end - 1])
            index = end
        elif text[index] in WORD:
            end = _word_end(text, index)
            terms.append(text[index:end])
            terms.extend(text[i:end] for i in range(index + 1, end) if text[i] in WORD)
            index = end
        else:
            index += 1
    return terms


@pytest.mark.parametrize("text", EQUIVALENCE + tricky_strings())
def test_the_fast_paths_equal_the_reference_forms(text):
    normalized = normalize_text(text)
    assert normalized == normalize(text)[0] == reference_normalize(text)
    assert tokenize(normalized) == reference_tokenize(normalized)
    assert tokenize(text) == reference_tokenize(text)  # unnormalised text too: spaces, upper case, full width
    table = FoldTable.from_pairs([("显著的干部着手", "顯著的幹部著手"), ("并", "並"), ("合并", "合併")])
    assert table.fold(normalized) == "".join(table.mapping.get(char, char) for char in normalized)


def test_the_character_classes_agree_with_their_ranges_in_and_beyond_the_bmp():
    for ranges, classes in ((SPEC["cjk"], CJK), (SPEC["word"], WORD)):
        edges = {point + step for start, end in ranges for point in (start, end) for step in (-1, 0, 1)}
        for point in sorted(edges | {0, 0xFFFF, 0x10000, 0x10FFFF}):
            if 0 <= point <= 0x10FFFF:
                assert (chr(point) in classes) == any(start <= point <= end for start, end in ranges), hex(point)


def test_the_fast_paths_equal_the_reference_forms_on_random_strings():
    alphabet = "aZ09 \u3000\t/.-'’保護𠀀ｆＡ①ﬁ㈠\u0301\u00ad\u200bÉßİﻻ、，"
    generator = random.Random(20261205)

    for _ in range(2000):
        text = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 12)))
        normalized = normalize_text(text)
        assert normalized == normalize(text)[0] == reference_normalize(text), repr(text)
        assert tokenize(normalized) == reference_tokenize(normalized), repr(normalized)
        assert tokenize(text) == reference_tokenize(text), repr(text)
