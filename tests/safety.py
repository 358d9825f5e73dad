"""What 'inert' means for a page: no script but our own files, no event handlers, no javascript: URLs,
no inline styles, no redirects, and nothing loaded from another host."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

# The whole policy, written out: a test that only looked at its start would pass 'unsafe-inline'.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
)

PLANTS = {
    "markdown": "{#planted}\n<script>alert('md')</script> [点我](javascript:alert(1)) "
    '<a href="javascript:alert(2)" onclick="alert(3)">x</a> ![x](javascript:alert(4))\n'
    "\n{#planted-links}\n[大写协议](HTTPS://evil.example/upper) [无协议](//evil.example/relative) "
    "![远程图片](https://evil.example/t.png)\n",
    "title": 'title_zh: "测试\\"><script>alert(5)</script>"',
    "definition": 'definition_zh: "释义\\" onmouseover=\\"alert(6)\\" <img src=x onerror=alert(7)>"',
}


def plant_code(content: Path) -> None:
    """Put scripts, javascript: URLs, attribute-breaking quotes, links to another host (upper-case
    scheme, no scheme) and an image from another host into the fixture's document, front matter
    and glossary (a copy of tests/fixtures/site/content)."""
    document = content / "fixture-2020.md"
    text = document.read_text(encoding="utf-8").replace("title_zh: 测试文件：马里和平行动", PLANTS["title"])
    document.write_text(text + "\n" + PLANTS["markdown"], encoding="utf-8")
    glossary = content / "glossary.yaml"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace(
            "definition_zh: 保护平民免受人身暴力威胁的各项措施。", PLANTS["definition"]
        ),
        encoding="utf-8",
    )


# Elements whose URL attributes the browser fetches by itself (links, <a>, are navigations, not requests).
_LOADING = {
    "img",
    "link",
    "script",
    "iframe",
    "frame",
    "source",
    "track",
    "video",
    "audio",
    "embed",
    "object",
    "input",
    "image",
    "use",
    "feimage",
}
_URL_ATTRIBUTES = {"src", "href", "xlink:href", "srcset", "poster", "data", "background"}
# A browser drops tabs and newlines and leading spaces, and reads a backslash as a slash.
_OTHER_HOST = re.compile(r"^[\x00-\x20]*(?:https?:|[/\\]{2})", re.IGNORECASE)


def _other_host(url: str) -> bool:
    return bool(_OTHER_HOST.match(re.sub(r"[\t\n\r]", "", url)))


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
                ("javascript:", "data:text/html", "vbscript:")
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                self.problems.append(f"<{tag} style=…> inline style")
            urls = (value or "").split(",") if name == "srcset" else [value or ""]
            if tag in _LOADING and name in _URL_ATTRIBUTES and any(_other_host(url.strip()) for url in urls):
                self.problems.append(f"<{tag} {name}={value!r}> loads from another host")
        if tag == "script":
            source = dict(attrs).get("src") or ""
            if not source or "://" in source or source.startswith("//"):
                self.problems.append(f"<script src={source!r}>")
            self.in_script = True
        if tag in ("iframe", "object", "embed", "base", "style"):
            self.problems.append(f"<{tag}>")
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").strip().lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.problems.append("inline script")


def problems_in(html: str) -> list[str]:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.problems


def assert_inert(html: str) -> None:
    problems = problems_in(html)
    assert problems == [], problems  # safety.py is not a test module: pytest does not rewrite this assert
