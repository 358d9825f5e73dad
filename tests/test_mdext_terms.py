"""Term matching: the longest glossary form that is a word of its sentence (jieba vetoes the rest)."""

from __future__ import annotations

import re

import pytest

from lectern.mdext.terms import TermMatcher
from lectern.model import Term

FORMS = [
    "和解",
    "大会",
    "西非办",
    "会员国",
    "调解",
    "维和",
    "维持和平行动",
    "维持和平行动部",
    "危机管理",
    "政治解决",
    "世界银行",
    "建设和平",
    "平民保护",
    "任务规定",
    "秘书处",
    "安全理事会",
]


@pytest.fixture(scope="module")
def matcher() -> TermMatcher:
    return TermMatcher(
        [
            Term(key=form, slug=f"t{index}", english="", definition_zh="", definition_en="")
            for index, form in enumerate(FORMS)
        ]
    )


def marked(matcher: TermMatcher, text: str) -> list[str]:
    return [text[start:end] for start, end, _ in matcher.matches(text)]


# Wrong marks that character matching made in the two bundled documents (found by comparing the
# character matches with the segmented ones over both texts), each in its sentence.
STRADDLING = [
    ("继续促进预防和解决冲突，以及", "和解"),  # hippo-2015 letter-sg-1, p17: 预防/和/解决
    ("协助防止和解决武装冲突并", "和解"),  # hippo-2015 p49
    ("用于应对危机和解决武装冲突的", "和解"),  # hippo-2015 p63
    ("和解除武装", "和解"),  # 和/解除
    ("并通过他为广大会员国提供一些", "大会"),  # hippo-2015 p348: 广大/会员国
    ("联合国西非办事处", "西非办"),  # c34-2014 p12, hippo-2015 letter-chair-8: 西非/办事处
    ("在决定将维持和平行动部署到持续武装", "维持和平行动部"),  # hippo-2015 p118: 部署, deploy
]


@pytest.mark.parametrize("text,form", STRADDLING)
def test_a_form_that_straddles_a_word_boundary_is_not_marked(matcher, text, form):
    assert form not in marked(matcher, text)


def test_a_vetoed_match_leaves_room_for_a_shorter_or_later_one(matcher):
    assert marked(matcher, "在决定将维持和平行动部署到持续武装") == ["维持和平行动"]
    assert marked(matcher, "为广大会员国提供") == ["会员国"]
    assert marked(matcher, "联合国西非办事处(西非办)") == ["西非办"]  # the short form itself, in parentheses


# A term that ends where a compound word divides (管理|制度, 解决|方案, 银行|行长) is a word of the
# sentence even though jieba returns the compound whole: these stay marked.
AT_A_SEAM = [
    ("安全、安保和危机管理制度和提高医疗标准", "危机管理"),  # hippo-2015 summary-s17-1
    ("协助实现并维持政治解决方案所需决心", "政治解决"),  # hippo-2015 p58
    ("我和世界银行行长金墉对大湖区", "世界银行"),  # c34-2014 p49
    ("提供安全并促进建设和平进程。", "建设和平"),  # c34-2014 p88
    ("协助东道国政府当局和社区加强平民保护环境。", "平民保护"),  # hippo-2015 p88
    ("这种要求应依据具体任务规定和国家具体情况", "任务规定"),  # hippo-2015 p218(c)
]


@pytest.mark.parametrize("text,form", AT_A_SEAM)
def test_a_form_at_the_seam_of_a_compound_is_marked(matcher, text, form):
    assert form in marked(matcher, text)


@pytest.mark.parametrize(
    "text,forms",
    [
        ("大会和安全理事会", ["大会", "安全理事会"]),
        ("联合国秘书处和会员国", ["秘书处", "会员国"]),  # 秘书处 inside the word 联合国秘书处
        ("维和人员", ["维和"]),
        ("（大会）", ["大会"]),
        ("民族和解与愈合进程", ["和解"]),
    ],
)
def test_terms_that_are_words_are_marked(matcher, text, forms):
    assert marked(matcher, text) == forms


def test_segmentation_is_the_same_whatever_glossary_came_before(matcher):
    """The user dictionary holds exactly the current glossary's forms: an earlier glossary leaves no trace."""
    texts = [text for text, _ in STRADDLING + AT_A_SEAM]
    before = [marked(matcher, text) for text in texts]
    other = TermMatcher([Term(key="和解决", slug="x", english="", definition_zh="", definition_en="")])
    assert marked(other, "预防和解决冲突") == ["和解决"]
    assert [marked(matcher, text) for text in texts] == before


def test_built_pages_mark_no_term_inside_another_word(built_site):
    html = (built_site / "zh-hans" / "hippo-2015" / "index.html").read_text(encoding="utf-8")
    for wrong in ("预防<a", "防止<a", "广<a", ">西非办</a>事处", ">维持和平行动部</a>署"):
        assert wrong not in html
    paragraph = html[html.index('<p id="p17"') :]
    assert "预防和解决冲突" in paragraph[: paragraph.index("</p>")]


def test_a_term_is_marked_once_per_section(built_site):
    html = (built_site / "zh-hans" / "hippo-2015" / "index.html").read_text(encoding="utf-8")
    body = html[html.index('<article class="doc-body">') : html.index('<section class="footnotes"')]
    for section in re.split(r"<h[2-6] ", body):
        slugs = re.findall(r'<a class="term" href="[^"]*" data-term="([^"]+)"', section)
        assert len(slugs) == len(set(slugs))
    assert body.count('class="term"') < 1000  # 1,565 when terms were marked once per paragraph


def test_word_boundaries_kept_for_the_next_build_are_the_ones_jieba_gives():
    """A second build reads the boundaries from the cache file and does not load jieba at all."""
    from lectern.mdext.terms import _Segmenter

    forms = frozenset({"测试缓存用的术语", "西非办"})
    first = _Segmenter()
    first._load_words(forms)
    first._cache_file.unlink(missing_ok=True)
    first._load_words(forms)
    runs = ["联合国西非办事处", "西非办负责", "测试缓存用的术语在这里"]
    computed = [first.word_starts(forms, run) for run in runs]
    first.save()
    second = _Segmenter()
    assert [second.word_starts(forms, run) for run in runs] == computed
    assert second._tokenizer is None
    first._cache_file.unlink()


def test_a_damaged_cache_file_is_ignored():
    from lectern.mdext.terms import _Segmenter

    forms = frozenset({"测试损坏的缓存", "西非办"})
    segmenter = _Segmenter()
    segmenter._load_words(forms)
    segmenter._cache_file.write_text('{"联合国西非办事处": [0, 99], "西非办负责": "x"}', encoding="utf-8")
    fresh = _Segmenter()
    assert fresh.word_starts(forms, "联合国西非办事处") == [0, 3, 5, 8]
    assert fresh.word_starts(forms, "西非办负责") == [0, 3, 5]
    segmenter._cache_file.write_text("[1, 2]", encoding="utf-8")
    assert _Segmenter().word_starts(forms, "西非办负责") == [0, 3, 5]
    segmenter._cache_file.unlink()


def test_the_run_test_by_comparison_agrees_with_the_run_regex():
    from lectern.mdext.terms import WORD_RUN, _in_run

    for code in range(0x30000):
        character = chr(code)
        assert _in_run(character) == (WORD_RUN.fullmatch(character) is not None), hex(code)


def test_the_factored_regex_finds_what_an_alternation_longest_first_finds():
    """At the leftmost place where any form occurs, the longest form there, whatever forms share a beginning."""
    from lectern.mdext.terms import _trie_pattern

    forms = sorted(
        FORMS + ["维持", "维持和平", "和平", "a.b", "a+", "(大会)", "安全"], key=lambda form: (-len(form), form)
    )
    alternation = re.compile("|".join(re.escape(form) for form in forms))
    factored = _trie_pattern(forms)
    texts = [text for text, _ in STRADDLING + AT_A_SEAM] + [
        "维持和平行动部维持和平行维持和",
        "a.ba+(大会)安全理事",
        "维和平",
    ]
    for text in texts:
        for position in range(len(text) + 1):
            expected, found = alternation.search(text, position), factored.search(text, position)
            assert (found and (found.span(), found.group())) == (expected and (expected.span(), expected.group()))


@pytest.mark.parametrize(
    "forms,texts",
    [
        (
            FORMS,
            [
                "大会和安全理事会",
                " 大会和安全理事会",
                "大会和安全理事会\n",
                "\u3000（大会）\t",
                " 和解除武装 ",
                "  ",
                "",
            ],
        ),
        (["大会", " 大会", "理事会 "], [" 大会和安全理事会 ", "大会和安全理事会", "\u3000大会"]),  # forms with spaces
    ],
)
def test_a_documents_matches_are_the_matchers_whatever_space_surrounds_the_text(forms, texts):
    """The block texts are inline texts without their surrounding spaces: matched once, shifted for both."""
    from lectern.mdext.terms import DocumentMatches

    plain = TermMatcher(
        [
            Term(key=form, slug=f"t{index}", english="", definition_zh="", definition_en="")
            for index, form in enumerate(forms)
        ]
    )
    kept = DocumentMatches(plain)
    for text in texts + [text.strip() for text in texts] + texts:
        assert kept.matches(text) == list(plain.matches(text)), text
