"""What 'inert' means for a page: no script but our own files, no event handlers, no javascript: URLs."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

PLANTS = {
    "markdown": "{#planted}\n<script>alert('md')</script> [点我](javascript:alert(1)) "
                "<a href=\"javascript:alert(2)\" onclick=\"alert(3)\">x</a> ![x](javascript:alert(4))\n",
    "title": 'title_zh: "测试\\"><script>alert(5)</script>"',
    "definition": 'definition_zh: "释义\\" onmouseover=\\"alert(6)\\" <img src=x onerror=alert(7)>"',
}


def plant_code(content: Path) -> None:
    """Put scripts, javascript: URLs and attribute-breaking quotes into the fixture's document,
    front matter and glossary (a copy of tests/fixtures/site/content)."""
    document = content / "fixture-2020.md"
    text = document.read_text(encoding="utf-8").replace("title_zh: 测试文件：马里和平行动", PLANTS["title"])
    document.write_text(text + "\n" + PLANTS["markdown"], encoding="utf-8")
    glossary = content / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace(
        "definition_zh: 保护平民免受人身暴力威胁的各项措施。", PLANTS["definition"]), encoding="utf-8")


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                    ("javascript:", "data:text/html", "vbscript:")):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                self.problems.append(f"<{tag} style=…> inline style")
        if tag == "script":
            source = dict(attrs).get("src") or ""
            if not source or "://" in source or source.startswith("//"):
                self.problems.append(f"<script src={source!r}>")
            self.in_script = True
        if tag in ("iframe", "object", "embed", "base"):
            self.problems.append(f"<{tag}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.problems.append("inline script")


def assert_inert(html: str) -> None:
    collector = _Collector()
    collector.feed(html)
    assert collector.problems == []
