"""Atomic output: the new tree replaces the old one whole, or not at all."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path, PurePosixPath

import pytest

from lectern import write
from lectern.model import OutputFile
from lectern.write import OutputNotWritable, write_site

from .conftest import disk_full_at


def test_new_site_replaces_old_one_and_leaves_no_temporary_folders(tmp_path):
    out = tmp_path / "site"
    write_site([OutputFile(PurePosixPath("a/index.html"), b"one"), OutputFile(PurePosixPath("gone.html"), b"x")], out)
    write_site([OutputFile(PurePosixPath("a/index.html"), b"two")], out)
    assert (out / "a" / "index.html").read_bytes() == b"two"
    assert not (out / "gone.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_failure_while_writing_keeps_the_previous_site(tmp_path):
    out = tmp_path / "site"
    write_site([OutputFile(PurePosixPath("index.html"), b"old")], out)
    # the second file needs "index.html" to be a folder: writing fails half-way through
    files = [OutputFile(PurePosixPath("index.html"), b"new"), OutputFile(PurePosixPath("index.html/x"), b"x")]
    with pytest.raises(OutputNotWritable, match=r"index\.html: cannot write the site here"):
        write_site(files, out)
    assert (out / "index.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_message_names_the_output_path_not_the_temporary_folder(tmp_path, monkeypatch):
    out = tmp_path / "site"

    disk_full_at(monkeypatch, "/b.html")
    with pytest.raises(OutputNotWritable) as raised:
        write_site([OutputFile(PurePosixPath("a/b.html"), b"x")], out)
    assert str(raised.value).startswith(f"{out}/a/b.html: cannot write the site here (No space left on device)")


def test_an_output_path_that_is_a_file_is_refused_and_left_alone(tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("keep me")
    with pytest.raises(OutputNotWritable, match="is a file, not a folder"):
        write_site([OutputFile(PurePosixPath("index.html"), b"x")], target)
    assert target.read_text() == "keep me" and sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_when_the_previous_site_cannot_be_put_back_the_message_says_where_it_is(tmp_path, monkeypatch):
    out = tmp_path / "site"
    write_site([OutputFile(PurePosixPath("index.html"), b"old")], out)
    real_rename = Path.rename

    def refuse_into_place(path, target):
        if Path(target) == out:
            raise OSError(errno.EBUSY, "Device or resource busy", str(path))
        return real_rename(path, target)

    monkeypatch.setattr(Path, "rename", refuse_into_place)
    with pytest.raises(OutputNotWritable, match="nor the previous one back; the previous site is in") as raised:
        write_site([OutputFile(PurePosixPath("index.html"), b"new")], out)
    kept = Path(str(raised.value).rsplit(" is in ", 1)[1])
    assert (kept / "index.html").read_bytes() == b"old"


def test_stage_file_makes_missing_folders_even_after_its_own_were_removed(tmp_path):
    """stage_file remembers the folders it made; serve stages build after build, and a folder it made for an
    earlier build is gone when that staging folder is removed."""
    staging = tmp_path / "staging"
    write.stage_file(staging, "zh-hans/doc/p/1/index.html", b"first")
    shutil.rmtree(staging)
    write.stage_file(staging, "zh-hans/doc/p/1/index.html", "第二".encode() * 50_000)
    assert (staging / "zh-hans/doc/p/1/index.html").read_bytes() == "第二".encode() * 50_000


def _age(root: Path, seconds: int = 3600) -> None:
    """Every folder below `root` (and it) changed an hour ago: past list_site's racy window."""
    import os
    import time

    then = time.time_ns() - seconds * 1_000_000_000
    for folder in [root, *[path for path in root.rglob("*") if path.is_dir()]]:
        os.utime(folder, ns=(then, then))


def test_a_site_listed_again_reads_only_the_folders_that_changed_and_finds_every_change(tmp_path, monkeypatch):
    """list_site (a rebuild's listing in serve) equals list_files after files and folders are added, removed,
    renamed or replaced, while it reads (scandir) only the folders whose inode or mtime changed."""
    import os

    root = tmp_path / "site"
    for path in ["index.html", "zh-hans/a/p/1/index.html", "zh-hans/a/p/2/index.html", "search/x.js"]:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text("x")
    read: list[str] = []
    scandir = os.scandir
    monkeypatch.setattr(write.os, "scandir", lambda path: read.append(str(path)) or scandir(path))

    def listed() -> list[str]:
        expected = sorted(write.list_files(str(root)))
        read.clear()
        found = write.list_site(str(root))
        assert sorted(found) == expected
        return found

    _age(root)
    assert len(listed()) == 4 and len(read) == 7  # the first time: every folder
    assert listed() and read == []  # nothing changed: no folder read
    (root / "zh-hans/a/p/2/stray.txt").write_text("added by hand")
    assert "zh-hans/a/p/2/stray.txt" in listed() and read == [str(root / "zh-hans/a/p/2")]
    shutil.rmtree(root / "zh-hans/a/p/1")
    (root / "zh-hans/a/p/3").mkdir()
    (root / "zh-hans/a/p/3/index.html").write_text("x")
    (root / "search/x.js").rename(root / "search/y.js")
    found = listed()
    assert "zh-hans/a/p/3/index.html" in found and "search/y.js" in found and "zh-hans/a/p/1/index.html" not in found
    _age(root)
    listed()
    # A folder replaced by another with the same mtime: its inode tells.
    shutil.rmtree(root / "search")
    (root / "search").mkdir()
    (root / "search/z.js").write_text("x")
    _age(root)
    assert "search/z.js" in listed() and str(root / "search") in read
    # Folders changed just now are read again, whatever their mtime says (the clock ticks: another change
    # within the tick would keep it); once past the window, not.
    monkeypatch.setattr(write, "_RACY_NS", 10**12)
    (root / "zh-hans/a/p/3/late.txt").write_text("x")
    listed()
    assert listed() and read == [str(root / "zh-hans/a/p/3")]
    monkeypatch.setattr(write, "_RACY_NS", 0)
    listed()
    assert listed() and read == []
    assert write.list_site(str(tmp_path / "missing")) == []
