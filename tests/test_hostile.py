"""Hostile and careless input, generated: the build's invariants hold whatever an editor writes.

Documents are assembled from shapes that broke earlier builds (deep nesting, odd footnote labels,
attribute lines, slugs, YAML aliases, raw HTML) around marker words. Whatever comes out:
- exit 0, every marker word is on its document's page, and every page is inert: no element or
  attribute that the same site does not have without the hostile parts, no `<meta http-equiv>`
  but the CSP; or
- exit 1, and every problem line names a file of the content folder;
- never exit 2 (a bug in Lectern), never longer than the time bound.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import signal
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lectern.cli import main

from .conftest import FIXTURES
from .safety import assert_inert

TIME_BOUND = 90
MARKERS = [f"标记{chr(0x4E00 + 37 * n)}{chr(0x4E00 + 53 * n + 7)}" for n in range(1, 40)]

LABEL = st.one_of(
    st.text(alphabet="ab1-9\"'<>/= &_.", min_size=1, max_size=8),
    st.sampled_from(
        ['x"><img/src=//evil.example/a.png>', '<meta http-equiv="refresh" content="0;url=//evil.example">', "1", "2-p3"]
    ),
)
ATTRIBUTE_LINE = st.sampled_from(
    [
        "{#ok-id}",
        "{#ok-id .quote}",
        '{#x style="background:url(//evil.example/a.png)"}',
        "{#x hidden}",
        "{#x contenteditable=true}",
        "{#x data-x=1}",
        "{#x .evil}",
        "{#Bad_Id}",
        "{#中文}",
        "{.quote}",
        "{#x onclick=alert(1)}",
        '{#x title="<script>"}',
    ]
)
RAW = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '<meta http-equiv="refresh" content="0">',
        "<img src=//e.x/a.png>",
        "&amp;",
        "&lt;b&gt;",
        "`code`",
        "**强调。**",
        "*斜体*",
        "\\*",
        "[链接](javascript:alert(1))",
        "<!-- 注释 -->",
        "<style>body{}</style>",
        "第5段",
        "A/70/95",
    ]
)


@st.composite
def block(draw, marker: str) -> str:
    kind = draw(st.sampled_from(["paragraph", "nested", "quote", "footnote", "attributes", "raw"]))
    if kind == "nested":
        depth = draw(st.integers(1, 30))
        items = "\n".join("  " * level + f"- {marker if level == depth - 1 else '层'}" for level in range(depth))
        return "{#list-" + str(depth) + "}\n" + items
    if kind == "quote":
        depth = draw(st.integers(1, 30))
        return "{#quote-" + str(depth) + "}\n" + ">" * depth + f" {marker}"
    if kind == "footnote":
        label = draw(LABEL)
        referenced = draw(st.booleans())
        return "{#note-block}\n" + marker + (f"[^{label}]" if referenced else "") + f"\n\n[^{label}]: 注文{label}"
    if kind == "attributes":
        return draw(ATTRIBUTE_LINE) + "\n" + marker
    if kind == "raw":
        return "{#raw-block}\n" + draw(RAW) + marker + draw(RAW)
    return "{#plain-block}\n" + marker


FRONT_MATTER = st.sampled_from(
    [
        "",
        "notes: [由于技术原因重发。]",
        "notes: &n [x]\ntitle_page: *n",
        "slug: index",
        "slug: ../x",
        "slug: a--b",
        "title_page: 一行",
        "date: 2015-13-40",
        'notes: ["\\u0001"]',
        "symbol: <script>",
    ]
)


class _Shape(HTMLParser):
    """Every (element, attribute) pair and every http-equiv a page uses."""

    def __init__(self):
        super().__init__()
        self.pairs: set[tuple[str, str]] = set()
        self.http_equiv: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.pairs.add((tag, ""))
        for name, value in attrs:
            self.pairs.add((tag, name))
            if tag == "meta" and name == "http-equiv":
                self.http_equiv.add((value or "").lower())


def shape_of(site: Path) -> _Shape:
    shape = _Shape()
    for page in site.rglob("*.html"):
        shape.feed(page.read_text(encoding="utf-8"))
    return shape


@pytest.fixture(scope="module")
def clean_shape(tmp_path_factory) -> _Shape:
    """What the fixture site's pages are made of when nothing hostile is in them."""
    folder = tmp_path_factory.mktemp("clean")
    content = folder / "content"
    shutil.copytree(FIXTURES / "site" / "content", content)
    document = content / "fixture-2020.md"
    document.write_text(document.read_text(encoding="utf-8") + LEGITIMATE, encoding="utf-8")
    assert main(["--content", str(content), "--out", str(folder / "site"), "--quiet", "--jobs", "1"]) == 0
    return shape_of(folder / "site")


LEGITIMATE = "\n{#ok-list}\n- 项\n  - 子项\n\n{#ok-class .quote}\n段落\n\n{#ok-code}\n`代码`\n\n{#ok-emphasis}\n**强调。***斜体*\n"
"""Every construct the hostile blocks may legitimately produce, so that the clean site shows its shape."""


def _alarm(signum, frame):
    raise TimeoutError(f"the build ran longer than {TIME_BOUND} s")


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=st.data())
def test_hostile_documents_build_inert_and_whole_or_fail_with_located_errors(data, clean_shape):
    count = data.draw(st.integers(1, 5))
    markers = MARKERS[:count]
    blocks = [data.draw(block(marker)) for marker in markers]
    front = data.draw(FRONT_MATTER)
    folder = Path(tempfile.mkdtemp(prefix="lectern-hostile-"))
    try:
        content = folder / "content"
        shutil.copytree(FIXTURES / "site" / "content", content)
        document = content / "fixture-2020.md"
        text = document.read_text(encoding="utf-8")
        if front:
            key = front.split(":")[0]
            text = re.sub(rf"(?m)^{key}:.*\n(?:- .*\n)*", "", text, count=1)
            text = text.replace("source: fixture.txt\n", f"source: fixture.txt\n{front}\n", 1)
        document.write_text(text + "\n" + "\n\n".join(blocks) + "\n", encoding="utf-8")
        out = folder / "site"
        err = io.StringIO()
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(TIME_BOUND)
        try:
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                status = main(["--content", str(content), "--out", str(out), "--quiet", "--jobs", "1"])
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
        messages = err.getvalue()
        assert status in (0, 1), messages
        if status == 1:
            problems = [line for line in messages.splitlines() if not line.startswith("Build failed")]
            assert problems, messages
            for line in problems:
                assert line.startswith(str(content)), line
            assert not out.exists()
            return
        page = (out / "zh-hans" / "fixture-2020" / "index.html").read_text(encoding="utf-8")
        for marker in markers:
            assert marker in page, f"{marker} lost with exit 0"
        shape = shape_of(out)
        assert shape.pairs <= clean_shape.pairs, sorted(shape.pairs - clean_shape.pairs)
        assert shape.http_equiv <= {"content-security-policy"}, shape.http_equiv
        for path in out.rglob("*.html"):
            assert_inert(path.read_text(encoding="utf-8"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
