"""Golden snapshot of the fixture site's pages, and byte-identical rebuilds.

Regenerate after an intended change with `pytest tests/test_golden.py --update-golden`
and review the diff of tests/golden/.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from .conftest import FIXTURES, ROOT, build_into

GOLDEN = Path(__file__).resolve().parent / "golden"
PAGES = [
    "index.html",
    "zh-hans/fixture-2020/index.html",
    "zh-hant/fixture-2020/index.html",
    "zh-hans/fixture-2020/en/index.html",
    "zh-hant/fixture-2020/en/p/2/index.html",
    "zh-hans/glossary/index.html",
    "zh-hant/glossary/mali-wending-tuan/index.html",
]


def test_fixture_pages_match_golden_snapshots(tmp_path, request):
    out = build_into(FIXTURES / "site" / "content", tmp_path / "site")
    for page in PAGES:
        produced = (out / page).read_text(encoding="utf-8")
        golden = GOLDEN / page
        if request.config.getoption("--update-golden"):
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(produced, encoding="utf-8")
        assert golden.exists(), f"no golden file for {page}; run pytest --update-golden"
        assert produced == golden.read_text(encoding="utf-8"), f"{page} differs from tests/golden/{page}"


def tree_digest(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_two_builds_of_the_same_content_are_byte_identical(tmp_path, built_site):
    """The second build runs in another process with another hash seed, so set and dict order
    differ, and renders the editions one after the other instead of in two forked processes."""
    again = tmp_path / "again"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "--content",
            str(ROOT / "content"),
            "--out",
            str(again),
            "--jobs",
            "1",
            "--strict",
            "--quiet",
        ],
        env={**os.environ, "PYTHONHASHSEED": "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert tree_digest(again) == tree_digest(built_site)
