"""Check every internal link of the finished site: the page exists and so does the #fragment.

Runs on the rendered files before they are written, so a broken link is caught in the
build, not by a reader. Ids must be unique on each page. External links are not fetched
(the build never touches the network).
"""

from __future__ import annotations

import posixpath
import re
from functools import cache
from html import unescape
from urllib.parse import unquote, urlsplit

from .errors import ContentError, Location
from .model import OutputFile

ID = re.compile(r'\sid="([^"]+)"')
HREF = re.compile(r'\s(?:href|src|action)="([^"]*)"')
# The pop-up and menu get their ids from JavaScript; links to them are aria-controls, not hrefs.


def check_links(files: list[OutputFile], site_name: str = "site") -> list[ContentError]:
    pages = {str(file.path): file.content.decode("utf-8") for file in files if str(file.path).endswith(".html")}
    paths = {str(file.path) for file in files}
    ids: dict[str, set[str]] = {}
    problems: list[ContentError] = []
    for path, html in pages.items():
        seen: set[str] = set()
        for anchor in ID.findall(html):
            if anchor in seen:
                problems.append(ContentError(Location(f"{site_name}/{path}"), f"id {anchor!r} is used twice on the page"))
            seen.add(anchor)
        ids[path] = seen
    for path, html in sorted(pages.items()):
        folder = posixpath.dirname(path)
        for raw in HREF.findall(html):
            href = unescape(raw)
            resolved = _resolve(folder, href)
            if resolved is None:
                continue
            target, fragment = resolved
            target = target or path
            if target not in paths:
                problems.append(ContentError(Location(f"{site_name}/{path}"), f"link to {href!r}: no such file in the site"))
                continue
            if fragment and target in ids and fragment not in ids[target]:
                problems.append(ContentError(Location(f"{site_name}/{path}"), f"link to {href!r}: no element with id {fragment!r}"))
    return problems


@cache
def _resolve(folder: str, href: str) -> tuple[str, str] | None:
    """(site path or "" for this page, fragment) of a link from a page in `folder`; None for other hosts.

    Pages share most of their links (glossary entries, the header), so each pair is worked out once.
    """
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//") or not href:
        return None
    target = posixpath.normpath(posixpath.join(folder, unquote(parts.path))) if parts.path else ""
    if target.endswith("/") or target == ".":
        target = posixpath.join(target, "index.html")
    return target, unquote(parts.fragment)
