"""The command line: help, options, exit codes, and a failed build leaving the old site alone."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

from lectern.cli import main

from .conftest import ROOT
from .test_golden import tree_digest


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True, cwd=ROOT)


def test_help_exits_zero_and_lists_the_verbs():
    result = run("--help")
    assert result.returncode == 0
    for word in ("--out", "--quiet", "serve", "import"):
        assert word in result.stdout


def test_build_prints_the_path_to_open(tmp_path, fixture_content):
    result = run("--content", str(fixture_content), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert f"Open {tmp_path / 'out' / 'index.html'}" in result.stdout
    assert (tmp_path / "out" / "zh-hant" / "fixture-2020" / "index.html").exists()


def test_a_rebuild_in_place_leaves_nothing_beside_the_site_when_the_command_ends(tmp_path, fixture_content):
    """The files a rebuild replaces are kept in a folder beside the site and removed in a thread (serve shows
    the edit meanwhile); `lectern build` ends only once it is gone."""
    out = tmp_path / "site"
    assert run("--content", str(fixture_content), "--out", str(out), "--quiet").returncode == 0
    page = fixture_content / "fixture-2020.md"
    page.write_text(page.read_text(encoding="utf-8").replace("在马里部署", "在马里全境部署"), encoding="utf-8")
    result = run("--content", str(fixture_content), "--out", str(out), "--verbose")
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == [".lectern-cache", "content", "site"]
    clean = tmp_path / "clean" / "site"
    assert run("--content", str(fixture_content), "--out", str(clean), "--quiet").returncode == 0
    assert tree_digest(out) == tree_digest(clean)


def test_quiet_prints_nothing_on_success(tmp_path, fixture_content, capsys):
    assert main(["--content", str(fixture_content), "--out", str(tmp_path / "o"), "--quiet"]) == 0
    assert capsys.readouterr().out == ""


def test_content_error_exits_1_with_path_line_and_keeps_the_previous_site(tmp_path, fixture_content, capsys):
    out = tmp_path / "site"
    assert main(["--content", str(fixture_content), "--out", str(out), "--quiet"]) == 0
    before = tree_digest(out)
    document = fixture_content / "fixture-2020.md"
    document.write_text(
        document.read_text(encoding="utf-8").replace("3\\. 保护平民", "4\\. 保护平民"), encoding="utf-8"
    )
    assert main(["--content", str(fixture_content), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    line = next(
        n for n, text in enumerate(document.read_text(encoding="utf-8").split("\n"), 1) if text.startswith("4\\.")
    )
    assert f"{document}:{line}: paragraph numbers jump from 2 to 4: paragraph 3 is missing" in err
    assert "was not changed" in err
    assert tree_digest(out) == before


def test_all_problems_of_a_build_are_reported_at_once(tmp_path, fixture_content, capsys):
    document = fixture_content / "fixture-2020.md"
    text = document.read_text(encoding="utf-8").replace("{#summary-1}\n", "").replace("3\\. 保护", "9\\. 保护")
    document.write_text(text, encoding="utf-8")
    assert main(["--content", str(fixture_content), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "has no number and no id" in err and "paragraph numbers jump from 2 to 9" in err


def test_stale_override_is_a_content_error(tmp_path, fixture_content, capsys):
    overrides = fixture_content / "conversion-overrides.tsv"
    overrides.write_text(overrides.read_text(encoding="utf-8") + "从未出现\t從未出現\t# stale\n", encoding="utf-8")
    assert main(["--content", str(fixture_content), "--out", str(tmp_path / "o")]) == 1
    assert f"{overrides}:4: override '从未出现' matches nothing in the content" in capsys.readouterr().err


def test_unwritable_output_is_reported_not_a_traceback(tmp_path, fixture_content, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["--content", str(fixture_content), "--out", str(blocker / "site")]) == 1
    err = capsys.readouterr().err
    assert "cannot create the output folder" in err and "Traceback" not in err


def test_problems_in_different_files_and_stages_are_reported_in_one_build(tmp_path, fixture_content, capsys):
    """A broken front matter in one file does not hide a numbering gap in another, nor a broken template."""
    document = fixture_content / "fixture-2020.md"
    text = document.read_text(encoding="utf-8")
    (fixture_content / "other.md").write_text(
        text.replace("slug: fixture-2020", "slug: other").replace('title_en: "Test', 'title_en: ["Test'),
        encoding="utf-8",
    )
    document.write_text(text.replace("3\\. 保护平民", "4\\. 保护平民"), encoding="utf-8")
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "term.html").write_text("{% if %}\n", encoding="utf-8")
    assert main(["--content", str(fixture_content), "--templates", str(templates), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "other.md:5:1: malformed front matter" in err
    assert "fixture-2020.md:" in err and "paragraph numbers jump from 2 to 4" in err
    assert "term.html:1: template error" in err


def test_an_internal_failure_exits_2_and_says_it_is_a_bug_not_the_content(
    tmp_path, fixture_content, capsys, monkeypatch
):
    def broken_stage(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr("lectern.pipeline.resolve_sites", broken_stage)
    assert main(["--content", str(fixture_content), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and "KeyError: 'a bug'" in err
    assert err.rstrip().endswith("Internal error: this is a bug in Lectern, not in your content.")
    assert not (tmp_path / "o").exists()


def test_build_py_builds_the_checkouts_project_from_any_working_folder(tmp_path, fixture_content):
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "--content",
            str(fixture_content),
            "--out",
            str(tmp_path / "out"),
            "--templates",
            "no-such-folder",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "assets" / "lectern.css").read_bytes() == (ROOT / "assets" / "lectern.css").read_bytes()


def test_version_and_prog_name():
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("lectern ")
    assert run("--help").stdout.startswith("usage: lectern")


def test_a_build_leaves_nothing_in_the_temporary_folder_but_word_caches(tmp_path, fixture_content):
    """The render workers end with os._exit, which runs no finaliser: a folder they made and left for one
    was never removed (thousands piled up in /tmp, one per worker per build)."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    environment = {**os.environ, "TMPDIR": str(temporary)}
    command = [sys.executable, str(ROOT / "build.py"), "--content", str(fixture_content), "--out", str(tmp_path / "o")]
    for jobs in ("1", "2"):
        result = subprocess.run([*command, "--jobs", jobs], capture_output=True, text=True, cwd=ROOT, env=environment)
        assert result.returncode == 0, result.stderr
    left = sorted(path.name for path in temporary.iterdir())
    caches = [name for name in left if name == "jieba.cache" or re.fullmatch(r"lectern-words-[0-9a-f]{24}\.json", name)]
    assert caches and caches == left, left  # jieba's dictionary, and the word boundaries found (mdext/terms.py)


def test_the_problems_of_every_document_are_reported_in_order_when_parsed_a_few_to_a_call(tmp_path, fixture_content):
    """Documents parsed a few to a call (pipeline.PARSE_JOIN; by the build process until its workers are up,
    then by them): the problems of two of them, one alone in the last call, are both reported, each at its
    own file, in the library's order."""
    original = (fixture_content / "fixture-2020.md").read_text(encoding="utf-8")
    broken = []
    for number in range(1, 6):
        text = original.replace("slug: fixture-2020", f"slug: fixture-30{number:02d}", 1).replace(
            "symbol: A/75/999", f"symbol: A/75/9{number:02d}", 1
        )
        if number in (2, 5):
            text = text.replace("3\\. 保护平民", "4\\. 保护平民")
            broken.append(fixture_content / f"fixture-30{number:02d}.md")
        (fixture_content / f"fixture-30{number:02d}.md").write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "lectern", "build", "--content", str(fixture_content), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 1, result.stderr
    jumps = [line for line in result.stderr.splitlines() if "paragraph numbers jump from 2 to 4" in line]
    assert [line.split(":", 1)[0] for line in jumps] == [str(path) for path in broken]
