"""The search tokeniser: normalisation, terms, query terms, references and the fold table."""

from __future__ import annotations

from pathlib import Path

import pytest

from lectern.tokenize import FoldTable, normalize, paragraph_reference, query_terms, split_words, tokenize

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
