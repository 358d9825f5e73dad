"""`lectern import --lang en --into SLUG`: an English PDF text export becomes a language version.

The export in tests/fixtures/import-en/ is synthetic, written for these tests (no UN text), in the
shape of a real one: seven pages split by form feeds and once by blank lines only, running headers
and footers, a title page, a letter and a summary before chapter I, page-foot footnotes (one going
on at the foot of the next page), words hyphenated at line ends, nested and restarting sub-items.
Its original, `content/demo-2016.md`, is the Chinese document the ids must align with.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from lectern.cli import main
from lectern.errors import Problems
from lectern.importer_en import Original, import_translation
from lectern.load import load_source
from lectern.parse import parse_document

from .conftest import FIXTURES

HERE = FIXTURES / "import-en"
EXPORT = HERE / "demo-2016.en.txt"
ORIGINAL = HERE / "content" / "demo-2016.md"


def original(path: Path = ORIGINAL) -> Original:
    problems = Problems()
    source = load_source(path, problems, display=str(path))
    assert source is not None and not problems.errors
    return Original.from_document(parse_document(source, problems), path.read_text(encoding="utf-8"))


def convert(text: str, **options):
    options.setdefault("source", "export.txt")
    options.setdefault("lang", "en")
    return import_translation(text, original=options.pop("original", None) or original(), **options)


@pytest.fixture(scope="module")
def imported():
    return convert(EXPORT.read_text(encoding="utf-8"), source=EXPORT.name)


def body(markdown: str) -> str:
    return markdown.split("---\n", 2)[2]


def block(markdown: str, start: str) -> str:
    """The one line of the body that starts with `start`."""
    found = [line for line in body(markdown).split("\n") if line.startswith(start)]
    assert len(found) == 1, (start, found)
    return found[0]


def ids(markdown: str) -> list[str]:
    """The ids the build gives the body's numbered units (the same rule as lectern/mdext/anchors.py)."""
    out, chapter, section, paragraph, item = [], "", "", "", ""
    romans = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}
    for line in body(markdown).split("\n"):
        if match := re.match(r"^## ([IVX]+)\. ", line):
            chapter, section = str(romans[match.group(1)]), ""
            out.append(f"s{chapter}")
        elif match := re.match(r"^### ([A-Z])\. ", line):
            section = match.group(1).lower()
            out.append(f"s{chapter}-{section}")
        elif match := re.match(r"^#### (\d+)\. ", line):
            out.append("-".join(part for part in (f"s{chapter}", section, match.group(1)) if part))
        elif match := re.match(r"^(\d+)\\\. ", line):
            paragraph, item = match.group(1), ""
            out.append(f"p{paragraph}")
        elif (
            (match := re.match(r"^\(([a-z]+)\) ", line))
            and match.group(1) in romans
            and not (item and match.group(1) == chr(ord(item) + 1))
        ):
            out.append("-".join(part for part in (f"p{paragraph}", item, str(romans[match.group(1)])) if part))
        elif match := re.match(r"^\(([a-z])\) ", line):
            item = match.group(1)
            out.append(f"p{paragraph}-{item}")
        elif match := re.match(r"^\{#([a-z0-9-]+)", line):
            out.append(match.group(1))
    return out


# The export as a whole


def test_front_matter_names_the_language_the_original_title_symbol_source_and_status(imported):
    head = imported.markdown.split("---\n")[1]
    assert head.split("\n")[:5] == [
        "lang: en",
        "title: Report on the future of peace operations (a document written for the tests)",
        "symbol: A/71/999",
        "source: demo-2016.en.txt",
        "status: official",
    ]


def test_every_id_of_the_original_is_in_the_version_in_the_same_order(imported):
    theirs = [anchor for anchor, kind, _ in original().blocks if kind != "footnote"]
    assert ids(imported.markdown) == theirs
    assert re.findall(r"^\[\^(\w+)\]: ", imported.markdown, re.M) == ["1", "2", "3"]


def test_a_clean_export_is_placed_entirely_and_the_report_counts_what_it_found(imported):
    assert imported.problems == [] and imported.warnings == []
    assert imported.summary()[0] == (
        "Found 14 paragraphs, 17 sub-items (4 nested), 7 numbered headings, "
        "11 unnumbered blocks (11 with the original's ids), 3 footnotes."
    )


def test_running_headers_footers_job_numbers_and_the_title_page_are_gone_and_listed(imported):
    text = body(imported.markdown)
    for furniture in ("16-08123", "*1608123*", "recycle", "3/7", "Distr.: General", "Original: English", "____"):
        assert furniture not in text
    assert not re.search(r"^A/71/999$", text, re.M) and "20 May 2016\n" not in text
    report = "\n".join(imported.summary())
    assert "  A/71/999  (x6)" in report and "  2/7 16-08123" in report and "  16-08123 (E) 230516" in report
    assert "  20 May 2016" in report  # the date line under the running header on page 4
    assert "title page (9 lines): United Nations; A/71/999; General Assembly;" in report
    assert "page note * A/71/50." in report
    assert "A/70/95" in imported.markdown  # a symbol in the text is text


def test_the_printed_contents_list_is_dropped_with_its_wrapped_entries(imported):
    assert (35, "printed contents list (9 lines)") in imported.dropped
    assert "parties to the table . . . . . . . . . . . . . . . . . .      5" in imported.removed
    assert ". . ." not in imported.markdown and "\nPage\n" not in imported.markdown


def test_no_letter_or_digit_of_the_export_is_lost_or_invented(imported):
    """Every letter and digit of the export is in the output, apart from the furniture the report lists."""
    export = Counter(char for char in EXPORT.read_text(encoding="utf-8") if char.isalnum())
    for line, count in imported.furniture.items():
        export.subtract({char: count * n for char, n in Counter(c for c in line if c.isalnum()).items()})
    for line in imported.removed:
        export.subtract(Counter(char for char in line if char.isalnum()))
    written = [line for line in body(imported.markdown).split("\n") if not line.startswith("{#")]
    output = Counter(char for char in "\n".join(written) if char.isalnum())
    assert +export == +output and not -export


def test_the_import_is_deterministic(imported):
    assert convert(EXPORT.read_text(encoding="utf-8"), source=EXPORT.name).markdown == imported.markdown


# Blocks, pages and lines


def test_an_export_without_indents_blank_lines_or_footnote_rules_gives_the_same_markdown(imported):
    """pdftotext without -layout: blocks are told by markers and short last lines, feet by note numbers."""
    plain = "\n".join(
        line.strip() for line in EXPORT.read_text(encoding="utf-8").split("\n") if line.strip() and "___" not in line
    )
    result = convert(plain, source=EXPORT.name)
    assert result.markdown == imported.markdown
    assert result.problems == [] and result.warnings == []


def test_a_paragraph_cut_by_a_page_end_goes_on_from_the_next_page(imported):
    letter = block(imported.markdown, "I have the honour")
    assert letter.endswith("its figures and its peacekeeping missions are invented.")  # `peace-` [page] `keeping`
    assert block(imported.markdown, "7\\.").endswith(
        "early action. Early action, in turn, depends on the frame-work that missions share with their partners."
    )
    assert (101, "unnumbered block joined to the block at line 93") in imported.joined  # after a blank-line page split


def wrapped(text: str) -> str:
    """A paragraph as pdftotext -layout prints it: a first-line indent, lines up to 80 characters."""
    return "\n".join(textwrap.wrap(text, 80, initial_indent="      "))


def test_where_paragraphs_are_indented_a_page_break_between_sentences_does_not_split_a_block():
    words = "The Panel reviewed the work of the missions and heard from many partners in the field."
    page_one = (
        "Letter dated 20 May 2016\n\n"
        "      First paragraph. The Panel reviewed the work of the missions and heard from\n"
        "many partners in the field. It met Governments, regional organizations and civil\n"
        "society in each of the host countries, and it read the reports of the missions."
    )
    page_two = "\n\n".join(
        [
            "It also visited the headquarters of three regional organizations, where it held\n"
            "consultations with their staff.",
            wrapped(f"Second paragraph. {words} {words}"),
            "(Signed) A. N. Other",
            "Summary",
            wrapped(f"One. {words} {words}"),
            wrapped(f"Two. {words} {words}"),
            "I. Introduction",
            wrapped("1.   One."),
        ]
    )
    result = convert(pages(page_one, page_two))
    assert (
        "{#letter-sg-1}\nFirst paragraph." in result.markdown and "{#letter-sg-2}\nSecond paragraph." in result.markdown
    )
    assert (12, "text after a page end between sentences joined to the block at line 5") in result.joined
    assert not any("unnumbered" in warning for warning in result.warnings)


def test_a_number_at_the_start_of_a_wrapped_line_is_text_not_a_paragraph(imported):
    assert "described in paragraph 3. The staff list" in block(imported.markdown, "5\\.")


def test_the_annex_members_are_the_originals_list(imported):
    assert (
        "\n14\\. The Secretariat should implement the recommendations.\n\n{#annex}\n## Annex\n\n"
        "{#annex-members}\n### Members of the review panel\n\n{#annex-members-1}\n"
        "- Alpha Person (Ruritania), Chair\n- Beta Person (Freedonia)\n- Gamma Person (Elbonia)\n\n[^1]: "
    ) in imported.markdown


def test_headings_chapters_sections_subsections_and_a_wrapped_one(imported):
    text = body(imported.markdown)
    for heading in (
        "## I. Introduction",
        "## III. Conclusions",
        "### A. Politics and prevention",
        "### B. Partnerships",
        "#### 1. Prevention of conflict",
        "#### 2. Mediation: the long and patient work of bringing the parties to the table",
    ):
        assert f"\n{heading}\n" in text


def test_unnumbered_blocks_take_the_originals_ids_classes_and_heading_levels(imported):
    text = body(imported.markdown)
    assert text.startswith(
        "\n{#letter-sg}\n## Letter dated 20 May 2016 from the Secretary-General addressed to the President of the "
        "General Assembly\n\n{#letter-sg-1}\nI have the honour"
    )
    assert "\n{#letter-sg-3 .signature}\n(Signed) A. N. Other\n" in text
    assert "\n{#summary}\n## Summary\n\n{#summary-1}\nPeace operations face new challenges." in text
    assert "\n{#h4}\n### Background\n\n4\\. Peacekeeping" in text


# Words hyphenated at a line end


@pytest.mark.parametrize(
    ("printed", "joined"),
    [
        ("peace-/keeping", "peacekeeping"),  # the text prints `peacekeeping` elsewhere: a layout hyphen
        ("consul-/tations", "consultations"),  # likewise
        ("well-/being", "well-being"),  # the text prints `well-being` elsewhere: a real hyphen
        ("non-/governmental", "non-governmental"),  # a prefix English writes with a hyphen
        ("Secretary-/General", "Secretary-General"),  # a capital after it
        ("frame-/work", "frame-work"),  # no evidence: kept, so nothing is lost, and listed for the review
    ],
)
def test_a_hyphen_at_a_line_end_is_dropped_only_when_the_text_shows_it_is_the_layouts(imported, printed, joined):
    assert printed.replace("/", "\n") in EXPORT.read_text(encoding="utf-8") or printed.startswith("peace")
    assert joined in imported.markdown
    assert printed.replace("/", " ") not in imported.markdown


def test_an_undecided_hyphen_is_listed_for_the_review(imported):
    assert imported.hyphens == [(102, "kept the hyphen in frame-work: the text has no unhyphenated framework to go by")]


# Sub-items


def test_sub_items_nest_restart_and_tell_the_letter_i_from_the_roman_one(imported):
    text = body(imported.markdown)
    assert "(c) Strengthening partnerships, including:\n\n(i) Partnerships with regional organizations;" in text
    assert "(h) Eight;\n\n(i) Nine;\n\n(j) Ten." in text  # after (h), (i) is a letter: (j) follows
    found = ids(imported.markdown)
    assert ["p3-a", "p3-b", "p3-c", "p3-c-1", "p3-c-2"] == [i for i in found if i.startswith("p3-")]
    assert [i for i in found if i.startswith("p8-")][7:] == ["p8-h", "p8-i", "p8-j"]  # (a) again after p3
    assert [i for i in found if i.startswith("p10-")] == ["p10-1", "p10-2"]  # (i), (ii) right under a paragraph


# Footnotes


def test_a_number_glued_after_a_word_or_punctuation_is_a_mark_where_its_page_defines_the_note(imported):
    assert block(imported.markdown, "2\\.").startswith("2\\. The Panel visited five missions.[^1] It held")
    assert "best investment,[^2] and" in block(imported.markdown, "6\\.")
    assert block(imported.markdown, "12\\.").endswith("set out below.[^3]")
    assert block(imported.markdown, "[^1]:") == "[^1]: The list of visits is given in the annex."


def test_numbers_that_are_not_footnote_marks_stay_as_printed(imported):
    assert "A/70/95/Add.1 and its Corr.1." in imported.markdown  # a page that defines note 1
    assert "the G20 and others" in imported.markdown and "resolution 2086 (2013)" in imported.markdown


def test_a_footnote_goes_on_at_the_foot_of_the_next_page(imported):
    assert block(imported.markdown, "[^3]:") == (
        "[^3]: The conclusions rest on broad consultations with Member States, regional organizations and civil society."
    )
    assert (152, "footnote 3 goes on at the foot of this page") in imported.joined


def test_a_foot_without_a_rule_is_found_by_the_next_footnote_number(imported):
    assert block(imported.markdown, "[^2]:") == "[^2]: See A/70/95."  # page 4 prints no `____` above it


# Markdown


def test_text_that_looks_like_markdown_reads_as_printed(imported):
    html = MarkdownIt("commonmark").render(block(imported.markdown, "5\\."))
    assert "file staff_list_2016" in html and "(&lt; 10 per cent)" in html and "the #A4P initiative" in html
    html = MarkdownIt("commonmark").render(block(imported.markdown, "4\\."))
    assert "its tasks [sic].</p>" in html


# What could not be placed, and how the numbering compares with the original's

PAGE = """A/71/999

{body}

16-08123                                                                     {page}/9
"""


def pages(*bodies: str) -> str:
    return "\f".join(PAGE.format(body=text, page=number) for number, text in enumerate(bodies, start=1))


def test_a_running_header_of_two_symbols_is_furniture_and_the_first_is_the_symbol():
    result = convert(pages("A/71/999 S/2016/999\n\nI. Introduction\n\n      1.   One."))
    assert "S/2016" not in body(result.markdown) and "\nsymbol: A/71/999\n" in result.markdown
    assert result.furniture["A/71/999 S/2016/999"] == 1


def test_a_gap_in_the_numbering_is_a_problem_and_the_originals_paragraph_a_warning():
    result = convert(pages("I. Introduction\n\n      1.   One.\n\n      3.   Three.\n\n      4.   Four."))
    assert (7, "paragraph numbers jump from 1 to 3: no paragraph 2 found; 3 and what follows keep their numbers") in (
        result.problems
    )
    assert f"{ORIGINAL}:35: warning: paragraph 2 (#p2) is not in the English text (export.txt)" in result.warnings
    assert f"{ORIGINAL}:39: warning: sub-item #p3-a is not in the English text (export.txt)" in result.warnings


def test_a_paragraph_the_original_lacks_is_a_warning_with_its_line():
    numbers = "\n\n".join(f"      {n}.   Paragraph {n}." for n in range(1, 16))
    result = convert(pages(f"I. Introduction\n\n{numbers}"))
    assert "export.txt:33: warning: paragraph 15 (#p15) is not in the original (" in "\n".join(result.warnings)


def test_a_glued_number_after_punctuation_without_a_footnote_on_its_page_is_a_problem():
    result = convert(pages("I. Introduction\n\n      1.   The Panel visited the missions.7 It met.", "      2.   Two."))
    assert result.problems == [(5, "'s.7' looks like a footnote mark but its page has no footnote 7; kept as printed")]
    assert "the missions.7 It met." in result.markdown


def test_a_footnote_without_a_mark_is_a_problem_and_kept_at_the_end():
    result = convert(pages("I. Introduction\n\n      1.   One.\n__________________\n1 A note nobody cites."))
    assert (
        7,
        "footnote 1 has no mark in the text of its page; written as [^1] at the end: put its mark where it belongs",
    ) in (result.problems)
    assert "[^1]: A note nobody cites." in result.markdown


def test_a_footnote_cut_at_a_page_end_with_no_foot_after_it_is_a_problem():
    result = convert(
        pages("I. Introduction\n\n      1.   One.1\n__________________\n1 A note that is cut and", "      2.   Two.")
    )
    assert (
        7,
        "footnote 1 seems cut at the end of its page and no foot on the next page goes on with it: check its end",
    ) in (result.problems)


def test_unnumbered_blocks_that_do_not_match_the_original_get_made_up_ids_and_a_warning():
    result = convert(pages("Summary\n      One.\n\n      Two.\n\n      Three.\n\nI. Introduction\n\n      1.   One."))
    assert "{#en-front-1}\n## Summary" in result.markdown and "{#en-front-4}\nThree." in result.markdown
    assert (
        "export.txt:3: warning: 4 unnumbered block(s) before the first numbered block, the original has 7 "
        f"({ORIGINAL}:11): their ids are made up (en-…); give them the original's ids by hand"
    ) in result.warnings


def test_section_i_after_section_h_is_a_section_and_chapter_ii_a_chapter():
    headings = "\n\n".join(
        f"{letter}. Section {letter}\n\n      {n}.   Text." for n, letter in enumerate("ABCDEFGHI", 1)
    )
    result = convert(pages(f"I. Introduction\n\n{headings}\n\nII. Next\n\n      10.   Ten."))
    assert "\n### I. Section I\n" in result.markdown and "\n## II. Next\n" in result.markdown


def test_another_language_needs_its_title_and_keeps_its_status():
    result = convert(pages("I. Introduction\n\n      1.   Un."), lang="fr", title="Rapport", status="working")
    assert result.markdown.startswith(
        "---\nlang: fr\ntitle: Rapport\nsymbol: A/71/999\nsource: export.txt\nstatus: working\n"
    )


# The command line


@pytest.fixture
def site(tmp_path) -> Path:
    shutil.copytree(HERE / "content", tmp_path / "content")
    return tmp_path


def run(site: Path, *args: str) -> int:
    return main(["--content", str(site / "content"), "import", *args])


def test_the_command_writes_the_version_beside_the_original_and_exits_0(site, capsys):
    assert run(site, str(EXPORT), "--lang", "en", "--into", "demo-2016") == 0
    written = (site / "content" / "demo-2016.en.md").read_text(encoding="utf-8")
    assert written == convert(EXPORT.read_text(encoding="utf-8"), source=EXPORT.name).markdown
    out = capsys.readouterr().out
    assert "demo-2016.en.md (English, official)" in out and "Found 14 paragraphs" in out


def test_the_command_refuses_to_overwrite_a_version_without_force(site, capsys):
    existing = site / "content" / "demo-2016.en.md"
    existing.write_text("reviewed by hand\n", encoding="utf-8")
    assert run(site, str(EXPORT), "--lang", "en", "--into", "demo-2016") == 1
    assert f"{existing}: exists; pass --force to overwrite it" in capsys.readouterr().err
    assert existing.read_text(encoding="utf-8") == "reviewed by hand\n"
    assert run(site, str(EXPORT), "--lang", "en", "--into", "demo-2016", "--force") == 0
    assert existing.read_text(encoding="utf-8").startswith("---\nlang: en\n")


def test_a_working_translation_is_labelled_as_such(site):
    assert run(site, str(EXPORT), "--lang", "en", "--into", "demo-2016", "--status", "working") == 0
    assert "\nstatus: working\n" in (site / "content" / "demo-2016.en.md").read_text(encoding="utf-8")


def test_problems_are_printed_as_source_line_and_exit_1_with_the_file_written(site, tmp_path, capsys):
    export = tmp_path / "cut.txt"
    export.write_text(pages("I. Introduction\n\n      1.   One.\n\n      3.   Three."), encoding="utf-8")
    assert run(site, str(export), "--lang", "en", "--into", "demo-2016") == 1
    err = capsys.readouterr().err
    assert f"{export}:7: paragraph numbers jump from 1 to 3" in err
    assert f"{site / 'content' / 'demo-2016.md'}:35: warning: paragraph 2 (#p2) is not in the English text" in err
    assert (site / "content" / "demo-2016.en.md").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--lang", "en", "--into", "nothing-here"],
            "nothing-here.md: no such document: a language version goes beside its original",
        ),
        (["--lang", "en"], "--lang needs --into SLUG"),
        (["--into", "demo-2016"], "--into needs --lang"),
        (["--lang", "zh", "--into", "demo-2016"], "--lang zh: Chinese is the original's language"),
        (["--lang", "ru", "--into", "demo-2016"], "--lang ru: exports in Русский are not read yet"),
        (["--lang", "de", "--into", "demo-2016"], "--lang 'de' is not an official language of the United Nations"),
        (["--lang", "fr", "--into", "demo-2016"], "--title is required for --lang fr"),
        (["--lang", "en", "--into", "../demo-2016"], "--into: slug '../demo-2016' is not allowed"),
        (
            ["--lang", "en", "--into", "demo-2016", "--slug", "x"],
            "--slug, --title-en and --date describe a new original",
        ),
        ([], "--slug is required"),
    ],
)
def test_a_wrong_command_line_is_refused_with_a_message_and_exit_1(site, capsys, args, message):
    assert run(site, str(EXPORT), *args) == 1
    assert message in capsys.readouterr().err
    assert sorted(path.name for path in (site / "content").iterdir()) == ["demo-2016.md", "glossary.yaml"]


def test_output_writes_elsewhere_and_an_unreadable_export_is_refused(site, tmp_path, capsys):
    elsewhere = tmp_path / "review.en.md"
    assert run(site, str(EXPORT), "--lang", "en", "--into", "demo-2016", "--output", str(elsewhere), "--quiet") == 0
    assert elsewhere.read_text(encoding="utf-8").startswith("---\nlang: en\n")
    assert not (site / "content" / "demo-2016.en.md").exists()
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("1. Caf\xe9.".encode("latin-1"))
    assert run(site, str(latin1), "--lang", "en", "--into", "demo-2016") == 1
    assert f"{latin1}: cannot read as UTF-8 text" in capsys.readouterr().err
    assert not (site / "content" / "demo-2016.en.md").exists()


def test_an_export_with_no_text_is_a_problem(site, tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("A/71/999\n\n16-08123 1/1\n", encoding="utf-8")
    assert run(site, str(empty), "--lang", "en", "--into", "demo-2016") == 1
    assert f"{empty}:1: no text found in the export" in capsys.readouterr().err


def test_an_original_that_does_not_build_is_named_and_nothing_is_written(site, capsys):
    path = site / "content" / "demo-2016.md"
    path.write_text(path.read_text(encoding="utf-8").replace("2\\. 小组访问", "9\\. 小组访问"), encoding="utf-8")
    assert run(site, str(EXPORT), "--lang", "en", "--into", "demo-2016") == 1
    err = capsys.readouterr().err
    assert "paragraph numbers jump from 1 to 9" in err and "fix the original first" in err
    assert not (site / "content" / "demo-2016.en.md").exists()


# Import, then build


def test_an_imported_version_builds_strictly_and_every_unit_of_the_original_has_its_counterpart(site, tmp_path):
    from lectern import urls
    from lectern.model import Edition

    from .conftest import build_into

    assert run(site, str(EXPORT), "--lang", "en", "--into", "demo-2016", "--quiet") == 0
    out = build_into(site / "content", tmp_path / "out", strict=True)
    page = (out / urls.parallel(Edition.HANS, "demo-2016", "en")).read_text(encoding="utf-8")
    theirs = [anchor for anchor, _, _ in original().blocks]
    for anchor in theirs:
        assert f'id="{anchor}"' in page and f'id="en-{anchor}"' in page, anchor
    assert "Not available in English" not in page
    assert "Partnerships with host countries." in page and "peacekeeping missions are invented." in page


# Any export


PIECES = st.sampled_from(
    [
        "\n",
        "\n\n",
        "\f",
        "A/71/999\n",
        "20 May 2016\n",
        "16-08123 3/7\n",
        "2/7 16-08123\n",
        "*1608123*\n",
        "__________________\n",
        "1 A note.\n",
        "2 A note cut and\n",
        "* A/71/50.\n",
        "      1.   The Panel met.\n",
        "      2.   The Panel visited missions.1\n",
        "12. \n",
        "(a) One;\n",
        "(i) Nine;\n",
        "(ii) Two;\n",
        "I. Introduction\n",
        "A. Politics\n",
        "1. Prevention\n",
        "Summary\n",
        "peace-\n",
        "keeping and well-\n",
        "being.\n",
        "(Signed) Someone\n",
        "<script>*_[x](#)_*</script> {#p1} [^1] ``` ",
        "\ue000\u00ad\ufeff\r\n",
    ]
)
EXPORTS = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=25).map("".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EXPORTS)
def test_any_export_imports_without_a_crash_and_loses_no_letter(text):
    result = convert(text)
    assert result.markdown.startswith("---\nlang: en\n")
    letters = Counter(char for char in text.replace("\ue000", "\ufffd") if char.isalpha())
    for line, count in result.furniture.items():
        letters.subtract({char: count * n for char, n in Counter(c for c in line if c.isalpha()).items()})
    for line in result.removed:
        letters.subtract(Counter(char for char in line if char.isalpha()))
    written = [line for line in body(result.markdown).split("\n") if not re.match(r"^\{#[a-z0-9-]+( \.\w+)*\}$", line)]
    output = Counter(char for char in "\n".join(written) if char.isalpha())
    assert +letters == +output


def test_the_original_is_found_by_its_slug_whatever_its_file_name(site, capsys):
    """The build pairs a version with the document whose `slug:` is its name's; so does --into."""
    (site / "content" / "demo-2016.md").rename(site / "content" / "demo.md")
    assert run(site, str(EXPORT), "--lang", "en", "--into", "demo-2016") == 0, capsys.readouterr().err
    assert (site / "content" / "demo-2016.en.md").exists()
    assert run(site, str(EXPORT), "--lang", "en", "--into", "demo", "--force") == 1  # a file name is no slug
    assert "no such document" in capsys.readouterr().err
