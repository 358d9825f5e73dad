"""The reference recogniser on real strings from both documents, and strings it must leave alone."""

from __future__ import annotations

import pytest

from lectern.mdext.xrefs import find_references

CASES = [
    # within the document
    ("东道国政府的这一责任明确纳入第151段提议的", [("第151段", "paragraph", "p151")]),
    ("如第 128 段所述。", [("第 128 段", "paragraph", "p128")]),
    ("必须及早并持续开展第 188 至 191 段所述的三角协商", [("188", "paragraph", "p188"), ("191", "paragraph", "p191")]),
    ("以及第 214 和 215 段所描述的专门支助", [("214", "paragraph", "p214"), ("215", "paragraph", "p215")]),
    ("应利用第 195-205 段所述的待命能力", [("195", "paragraph", "p195"), ("205", "paragraph", "p205")]),
    ("如本报告第 184 段所述", [("第 184 段", "paragraph", "p184")]),
    ("见第81段(c)", [("第81段(c)", "paragraph", "p81-c")]),
    # another report's paragraphs belong to that report
    (
        "特别委员会在 2011 年报告(A/65/19)第 66 段鼓励秘书处",
        [("A/65/19", "symbol", "A/65/19"), ("第 66 段", "symbol", "A/65/19")],
    ),
    (
        "于 2011 年提交的报告(A/66/7/Add.21)第 85 段中提出的建议",
        [("A/66/7/Add.21", "symbol", "A/66/7/Add.21"), ("第 85 段", "symbol", "A/66/7/Add.21")],
    ),
    (
        "业绩和设备标准(A/C.5/67/10, 附件, 第 91 段)",
        [("A/C.5/67/10", "symbol", "A/C.5/67/10"), ("第 91 段", "symbol", "A/C.5/67/10")],
    ),
    ("大会在2013年6月28日第67/287号决议(第25段)决定", [("第67/287号决议(第25段)", "symbol", "A/RES/67/287")]),
    ("拟议方案预算的第二十二次报告第 85 (a) 至 (d) 段的关于", []),  # another report, symbol not given: no link
    # sections
    ("29. 如第三节 B.4.(机动性和灵活支助)所述", [("第三节 B.4.", "section", "s3-b-4")]),
    ("小组在第三节 C.1(加强全球-区域伙伴关系)中", [("第三节 C.1", "section", "s3-c-1")]),
    # document symbols
    ("问题小组的报告(A/55/305-S/2000/809)激发了", [("A/55/305-S/2000/809", "symbol", "A/55/305")]),
    ("冲突问题的报告(A/68/878-S/2014/339)，仅在", [("A/68/878-S/2014/339", "symbol", "A/68/878")]),
    ("“伙伴关系”的报告(S/2015/229)中明确承诺", [("S/2015/229", "symbol", "S/2015/229")]),
    ("(见 A/68/970 和 Corr.1)", [("A/68/970", "symbol", "A/68/970")]),
    # resolutions
    ("安全理事会第1325(2000)号决议的专家研究", [("第1325(2000)号决议", "symbol", "S/RES/1325(2000)")]),
    ("2013 年 1 月 21 日的第 2086(2013)号决议中指出", [("第 2086(2013)号决议", "symbol", "S/RES/2086(2013)")]),
    ("2013年9月16日大会第67/301号决议请秘书长", [("第67/301号决议", "symbol", "A/RES/67/301")]),
    ("4 月 12 日第 67/254 A 号决议核准的", [("第 67/254 A 号决议", "symbol", "A/RES/67/254A")]),
    # the Charter
    ("尽管《宪章》第三十四条授权安全理事会", [("《宪章》第三十四条", "charter", "6")]),
    ("《联合国宪章》第九十九条规定", [("《联合国宪章》第九十九条", "charter", "15")]),
    ("《宪章》第五十二条规定", [("《宪章》第五十二条", "charter", "8")]),
]

NOT_REFERENCES = [
    "截至 2014 年 12 月 31 日，在联合国和平行动所有专业工作人员中",
    "联合国秘书处目前以大约 106 000 名工作人员",
    "第七十届会议 第七十年",
    "2015 年 6 月 17 日秘书长给大会主席",
    "仅在 2014 年，就有 3 000 多名儿童",
    "P-2 职等为 41%",
    "在过去 15 年里",
]


@pytest.mark.parametrize("text, expected", CASES, ids=[case[0][:14] for case in CASES])
def test_references_are_recognised_with_their_targets(text, expected):
    found = [(text[start:end], target.kind, target.value) for start, end, target in find_references(text)]
    assert found == expected


@pytest.mark.parametrize("text", NOT_REFERENCES)
def test_years_amounts_and_dates_are_not_references(text):
    assert find_references(text) == []


def test_other_reports_paragraph_keeps_its_number():
    [_, (_, _, target)] = find_references("报告(A/65/19)第 66 段鼓励")
    assert target.label == "p66"
