"""Property tests: arbitrary Unicode, HTML-like text included, never crashes the importer or the build.

Either the build succeeds and everything from the content is escaped, or it fails with content
errors; never a traceback.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lectern.config import Config
from lectern.errors import ContentErrors
from lectern.importer import import_text
from lectern.pipeline import build_site

from .conftest import FIXTURES
from .safety import assert_inert

HTML_LIKE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '" onmouseover="alert(1)',
        "javascript:alert(1)",
        "[x](javascript:alert(1))",
        "<b>粗</b>",
        "&amp;",
        "{#p1}",
        "1\\. ",
        "(a) ",
        "[^1]",
        "```",
        "---",
        "第151段",
        "A/55/305",
        "第1325(2000)号决议",
        "马里稳定团",
        "\u0000",
        "\ufeff",
        "\u202e",
        "\r\n",
    ]
)
TEXT = st.lists(st.one_of(st.text(max_size=30), HTML_LIKE), max_size=12).map("".join)


@settings(max_examples=60, deadline=None)
@given(TEXT)
def test_importer_never_crashes(text):
    result = import_text(text, source="x.txt", slug="x")
    assert result.markdown.startswith("---\n")


TITLE_LINE = 4


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=TEXT, title=TEXT)
def test_build_escapes_content_or_reports_content_errors(body, title):
    folder = Path(tempfile.mkdtemp(prefix="lectern-fuzz-"))
    try:
        content = folder / "content"
        shutil.copytree(FIXTURES / "site" / "content", content)
        document = content / "fixture-2020.md"
        text = document.read_text(encoding="utf-8")
        # A JSON string is a valid YAML double-quoted scalar: the title reaches the pages whatever it holds.
        text = text.replace(
            'title_en: "Test document: peace operations in Mali"',
            f"title_en: {json.dumps('x' + title, ensure_ascii=False)}",
        )
        body_line = text.count("\n") + 3
        document.write_text(text + "\n{#fuzz}\n" + body + "\n", encoding="utf-8")
        try:
            build_site(Config(content=content, out=folder / "site", jobs=1))
        except ContentErrors as errors:
            # Each problem points at the title (YAML refuses some characters) or into the body.
            for error in errors.errors:
                assert error.location.path.endswith("fixture-2020.md"), str(error)
                assert error.location.line in (TITLE_LINE, *range(body_line - 1, body_line + 40)), str(error)
                assert error.message
            assert not (folder / "site").exists()
            return
        pages = sorted((folder / "site").rglob("*.html"))
        assert len(pages) > 10
        for page in pages:
            assert_inert(page.read_text(encoding="utf-8"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
