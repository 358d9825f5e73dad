"""Property tests: arbitrary Unicode, HTML-like text included, never crashes the importer or the build.

Either the build succeeds and everything from the content is escaped, or it fails with content
errors; never a traceback.
"""

from __future__ import annotations

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

HTML_LIKE = st.sampled_from([
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '" onmouseover="alert(1)', "javascript:alert(1)",
    "[x](javascript:alert(1))", "<b>粗</b>", "&amp;", "{#p1}", "1\\. ", "(a) ", "[^1]", "```", "---", "第151段",
    "A/55/305", "第1325(2000)号决议", "马里稳定团", "\u0000", "\ufeff", "\u202e", "\r\n",
])
TEXT = st.lists(st.one_of(st.text(max_size=30), HTML_LIKE), max_size=12).map("".join)


@settings(max_examples=60, deadline=None)
@given(TEXT)
def test_importer_never_crashes(text):
    result = import_text(text, source="x.txt", slug="x")
    assert result.markdown.startswith("---\n")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=TEXT, title=TEXT)
def test_build_escapes_content_or_reports_content_errors(body, title):
    folder = Path(tempfile.mkdtemp(prefix="lectern-fuzz-"))
    try:
        content = folder / "content"
        shutil.copytree(FIXTURES / "site" / "content", content)
        document = content / "fixture-2020.md"
        text = document.read_text(encoding="utf-8")
        safe_title = title.replace("\n", " ").replace('"', "'").replace("\\", "")
        text = text.replace('title_en: "Test document: peace operations in Mali"', f'title_en: "x{safe_title}"')
        document.write_text(text + "\n{#fuzz}\n" + body + "\n", encoding="utf-8")
        try:
            build_site(Config(content=content, out=folder / "site"))
        except ContentErrors as errors:
            assert all(str(error).count(":") >= 1 for error in errors.errors)
            return
        for page in ("zh-hans/fixture-2020/index.html", "zh-hant/fixture-2020/index.html", "index.html"):
            assert_inert((folder / "site" / page).read_text(encoding="utf-8"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
