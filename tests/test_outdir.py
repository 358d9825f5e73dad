"""The output folder is the only thing a build may replace: refusals, the marker, the lock, leftovers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lectern.cli import main
from lectern.outdir import MARKER, lock_path

from .conftest import ROOT
from .test_golden import tree_digest


def build(fixture_content: Path, out: Path, *extra: str) -> int:
    return main(["--content", str(fixture_content), "--out", str(out), "--quiet", *extra])


def digest(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_every_site_carries_the_marker_and_a_rebuild_replaces_it(tmp_path, fixture_content):
    out = tmp_path / "site"
    assert build(fixture_content, out) == 0
    assert (out / MARKER).is_file()
    (out / "zh-hans" / "stale.html").write_text("old page")
    assert build(fixture_content, out) == 0
    assert not (out / "zh-hans" / "stale.html").exists()


def test_a_site_holding_files_the_build_did_not_write_is_refused(tmp_path, fixture_content, capsys):
    """A site folder turned into a git repository for publishing keeps its .git and CNAME."""
    out = tmp_path / "site"
    assert build(fixture_content, out) == 0
    (out / ".git").mkdir()
    (out / "CNAME").write_text("example.org")
    assert build(fixture_content, out) == 1
    assert "holds .git, CNAME, which the last build did not write" in capsys.readouterr().err
    assert (out / ".git").is_dir() and (out / "CNAME").read_text() == "example.org"


def test_a_forged_marker_does_not_make_a_folder_replaceable(tmp_path, fixture_content, capsys):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "thesis.txt").write_text("important")
    (notes / MARKER).write_text("")
    assert build(fixture_content, notes) == 1
    assert "is not a site built by Lectern" in capsys.readouterr().err
    assert (notes / "thesis.txt").read_text() == "important"


def test_a_folder_of_notes_is_refused_and_left_untouched(tmp_path, fixture_content, capsys):
    notes = tmp_path / "notes"
    (notes / "chapter").mkdir(parents=True)
    (notes / "chapter" / "draft.md").write_text("我的笔记")
    before = digest(notes)
    assert build(fixture_content, notes) == 1
    err = capsys.readouterr().err
    assert f"{notes}: is not empty and is not a site built by Lectern" in err
    assert digest(notes) == before


def test_an_empty_folder_is_used(tmp_path, fixture_content):
    (tmp_path / "empty").mkdir()
    assert build(fixture_content, tmp_path / "empty") == 0
    assert (tmp_path / "empty" / "index.html").is_file()


@pytest.mark.parametrize("target", ["content", "content-parent", "inside-content", "templates"])
def test_input_folders_and_their_parents_are_refused_even_with_a_marker(tmp_path, fixture_content, capsys, target):
    templates = tmp_path / "templates"
    templates.mkdir()
    for path in (ROOT / "templates").iterdir():
        (templates / path.name).write_bytes(path.read_bytes())
    out = {
        "content": fixture_content,
        "content-parent": tmp_path,
        "inside-content": fixture_content / "site",
        "templates": templates,
    }[target]
    if out.exists():
        (out / MARKER).write_text("forged")  # the marker does not make an input folder replaceable
    before = tree_digest(tmp_path)
    assert main(["--content", str(fixture_content), "--templates", str(templates), "--out", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "input folder" in err and "nothing was written" in err
    assert tree_digest(tmp_path) == before


def test_the_repository_root_and_the_home_folder_are_refused(tmp_path, fixture_content):
    repository = tmp_path / "repo"
    (repository / ".git").mkdir(parents=True)
    (repository / MARKER).write_text("forged")
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--content", str(fixture_content), "--out", "."],
        cwd=repository,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "is the root of the repository you are in" in result.stderr
    assert (repository / ".git").is_dir()
    home = tmp_path / "home"
    home.mkdir()
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--content", str(fixture_content), "--out", str(home)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(home)},
    )
    assert result.returncode == 1
    assert "is your home folder" in result.stderr
    assert list(home.iterdir()) == []


def test_leftovers_of_a_killed_build_are_removed_by_the_next_build(tmp_path, fixture_content):
    out = tmp_path / "site"
    for name in (".site-new-abc12345", ".site-old-def_6789"):
        (tmp_path / name / "zh-hans").mkdir(parents=True)
        (tmp_path / name / "zh-hans" / "index.html").write_text("half a site")
    (tmp_path / ".other-new-keep1234").mkdir()  # another output's temporary folder is not ours
    (tmp_path / ".site-old-backup").mkdir()  # nor is a name tempfile would not make
    assert build(fixture_content, out) == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        ".lectern-cache",
        ".other-new-keep1234",
        ".site-old-backup",
        "content",
        "site",
    ]


def test_a_second_build_waits_for_the_first_and_names_it(tmp_path, fixture_content):
    """While one process holds the output, another build waits, then stops with a message naming it."""
    out = tmp_path / "site"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from lectern.outdir import claim_output\n"
            f"with claim_output(Path({str(out)!r}), [Path({str(fixture_content)!r})]):\n"
            "    print('holding', flush=True); time.sleep(30)",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        assert lock_path(out).exists()
        started = time.monotonic()
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from pathlib import Path; from lectern import outdir\n"
                f"try:\n    with outdir.claim_output(Path({str(out)!r}), [], wait_seconds=0.5): pass\n"
                "except outdir.OutputRefused as e:\n    print(e); sys.exit(1)",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 1
        assert (
            f"process {holder.pid}" in result.stdout and "another Lectern build is using this folder" in result.stdout
        )
        assert time.monotonic() - started < 20
    finally:
        holder.kill()
        holder.wait()
    assert build(fixture_content, out) == 0  # the kernel dropped the killed holder's lock


def test_concurrent_builds_all_succeed_and_leave_one_whole_site(tmp_path, fixture_content):
    out = tmp_path / "site"
    command = [
        sys.executable,
        str(ROOT / "build.py"),
        "--content",
        str(fixture_content),
        "--out",
        str(out),
        "--quiet",
        "--jobs",
        "1",
    ]
    runs = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    errors = [run.communicate(timeout=120)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], errors
    reference = tmp_path / "reference"
    assert build(fixture_content, reference) == 0
    assert tree_digest(out) == tree_digest(reference)
    # the build cache lives beside its output (README, "Rebuilds that do only what an edit requires")
    assert sorted(path.name for path in tmp_path.iterdir()) == [".lectern-cache", "content", "reference", "site"]


def test_command_line_mistakes_exit_1_before_any_build(tmp_path, fixture_content):
    for args, message in (
        (["bench", "--scales", "x"], "is not a comma-separated list"),
        (["bench", "--scales", "0"], "every scale must be 1 to 1000"),
        (["serve", "--port", "70000"], "out of range"),
    ):
        result = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), *args, "--out", str(tmp_path / "o")]
            if args[0] == "serve"
            else [sys.executable, str(ROOT / "build.py"), *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 1, result.stderr
        assert message in result.stderr
    assert not (tmp_path / "o").exists()


def test_serve_on_a_port_in_use_says_so_before_building(tmp_path, fixture_content):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [
                sys.executable,
                str(ROOT / "build.py"),
                "serve",
                "--port",
                str(port),
                "--content",
                str(fixture_content),
                "--out",
                str(tmp_path / "o"),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert f"127.0.0.1:{port}: cannot serve on this port" in result.stderr
    assert not (tmp_path / "o").exists()
