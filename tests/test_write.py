"""Atomic output: the new tree replaces the old one whole, or not at all."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from lectern.model import OutputFile
from lectern.write import OutputNotWritable, write_site


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
