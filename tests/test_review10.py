"""Review of issue 10 (trust): inputs that still break an invariant when this file was written.

Each test plants one input found by the adversarial review of the fix and asserts what the
README's "Trustworthy builds" section promises. Each failed on the reviewed commit (2c9a18f).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lectern.cli import main

ROOT = Path(__file__).resolve().parent.parent

PROBE = """---
slug: probe
title_zh: 探针
title_en: Probe
short_title_zh: 探针
short_title_en: Probe
symbol: A/1/1
date: 2020-01-01
body: 大会
body_en: General Assembly
source: x.txt
---

"""


def build(content: Path, out: Path) -> int:
    return main(["--content", str(content), "--out", str(out), "--quiet", "--jobs", "1"])


def add_probe(content: Path, body: str, head: str = PROBE) -> None:
    (content / "probe.md").write_text(head + body, encoding="utf-8")


# --- exit 2 on a user's mistake ------------------------------------------------------------


def test_inline_footnote_is_not_an_internal_error(tmp_path, fixture_content, capsys):
    """`^[note]` (inline footnote syntax of mdit-py-plugins) crashed _check_footnotes with KeyError 'label'."""
    add_probe(fixture_content, "{#p1}\n正文^[内联的脚注文字]继续。\n")
    assert build(fixture_content, tmp_path / "site") == 1
    assert "probe.md:" in capsys.readouterr().err


def test_table_fence_with_only_a_caption_is_not_an_internal_error(tmp_path, fixture_content, capsys):
    """A table fence with no rows: table_problems read options['header-rows'] that was never given (KeyError)."""
    add_probe(fixture_content, "{#t1}\n```table\ncaption: 表\n```\n")
    assert build(fixture_content, tmp_path / "site") == 1
    assert "probe.md:" in capsys.readouterr().err


def test_out_dot_in_an_empty_folder_is_not_an_internal_error(tmp_path, fixture_content):
    """`--out .` from an empty folder: the site is swapped in, then `config.out.resolve()` fails on the
    vanished working folder and the build ends with exit 2 (even with --quiet: the message is built anyway)."""
    here = tmp_path / "here"
    here.mkdir()
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--content", str(fixture_content), "--out", ".", "--quiet"],
        cwd=here,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Internal error" not in result.stderr
    assert result.returncode in (0, 1)


def test_bench_runs_zero_is_a_command_line_mistake(capsys):
    """`bench --runs 0` ended in statistics.StatisticsError (exit 2); `--scales 0` is already exit 1."""
    with pytest.raises(SystemExit) as stopped:
        main(["bench", "--scales", "1", "--runs", "0"])
    assert stopped.value.code == 1


# --- text lost with exit 0 ------------------------------------------------------------------


def test_lost_text_is_not_found_in_page_furniture(tmp_path, fixture_content):
    """Text dropped by the nesting limit whose words happen to be in the pager (the previous document's
    short title) passes the conservation check: the page text searched runs past the article."""
    add_probe(fixture_content, "{#p1}\n正文。\n\n{#q1}\n" + ">" * 120 + " 测试文件\n")
    assert build(fixture_content, tmp_path / "site") == 1


def test_lost_footnote_text_is_not_found_in_the_body(tmp_path, fixture_content):
    """A note's lines are searched from the start of the page, so a note whose text Markdown dropped
    passes when the same words are in the body."""
    add_probe(fixture_content, "{#p1}\n正文[^1]，由安全理事会决定。\n\n[^1]: " + ">" * 120 + " 安全理事会\n")
    assert build(fixture_content, tmp_path / "site") == 1


def test_glossary_given_terms_twice_is_an_error(tmp_path, fixture_content, capsys):
    """A second `terms:` block silently replaces the first list (both curated terms vanish, exit 0)."""
    glossary = fixture_content / "glossary.yaml"
    glossary.write_text(
        glossary.read_text(encoding="utf-8") + "terms:\n  - term: 安全理事会\n    english: X\n"
        "    definition_zh: 定义。\n    definition_en: Def.\n",
        encoding="utf-8",
    )
    assert build(fixture_content, tmp_path / "site") == 1
    assert "glossary.yaml:" in capsys.readouterr().err


def test_glossary_field_given_twice_is_an_error(tmp_path, fixture_content, capsys):
    """An entry with `definition_zh` twice keeps the second silently (front matter reports this case)."""
    glossary = fixture_content / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(
        text.replace(
            "    definition_zh: 负有维持", "    definition_zh: 第一个定义被丢弃。\n    definition_zh: 负有维持", 1
        ),
        encoding="utf-8",
    )
    assert build(fixture_content, tmp_path / "site") == 1
    assert "glossary.yaml:" in capsys.readouterr().err


def test_slug_of_a_site_page_is_reserved(tmp_path, fixture_content, capsys):
    """`slug: recommendations` collides with the site's own recommendations page; today the only
    message is a misleading "Markdown dropped it" from the conservation check."""
    add_probe(fixture_content, "{#p1}\n正文。\n", PROBE.replace("slug: probe", "slug: recommendations"))
    assert build(fixture_content, tmp_path / "site") == 1
    assert "probe.md:2: slug 'recommendations'" in capsys.readouterr().err


# --- the output folder ------------------------------------------------------------------------


def test_marked_site_holding_a_git_repository_is_not_replaced(tmp_path, fixture_content):
    """Publishing `site/` as its own git repository (GitHub Pages: `cd site && git init`, a CNAME)
    keeps the marker, so the next build deletes `.git` and CNAME without a word."""
    out = tmp_path / "site"
    assert build(fixture_content, out) == 0
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (out / "CNAME").write_text("example.org\n")
    build(fixture_content, out)
    assert (out / ".git" / "HEAD").exists()
    assert (out / "CNAME").exists()
