"""Check every internal link of the finished site: the page exists and so does the #fragment.

Runs on records of the rendered files (the ids each page defines, the links it contains), made
as each page is rendered, before the new site is put in place: a broken link is caught in the
build, not by a reader, and no page is read twice. Ids must be unique on each page. External links are not fetched
(the build never touches the network).
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import sys
from functools import cache
from html import unescape
from urllib.parse import unquote, urlsplit

from .errors import ContentError, Location
from .model import OutputFile, PageRecord

ID = re.compile(r'\sid="([^"]+)"')
HREF = re.compile(r'\s(?:href|src|action)="([^"]*)"')
# The pop-up and menu get their ids from JavaScript; links to them are aria-controls, not hrefs.


def page_record(path: str, content: bytes) -> PageRecord:
    """The ids a file defines and the links it contains: all the link check needs to know about it.

    Made where the page is rendered (in a worker), so the check never reads a page again.
    """
    digest = hashlib.sha256(content).hexdigest()
    if not path.endswith(".html"):
        return PageRecord(path, digest, size=len(content))
    html = content.decode("utf-8")
    # Interned: pages repeat the same links and ids (the header, glossary entries), and a site's records are many.
    links = tuple(dict.fromkeys(sys.intern(unescape(raw)) for raw in HREF.findall(html)))
    return PageRecord(path, digest, tuple(map(sys.intern, ID.findall(html))), links, len(content))


def check_records(records: list[PageRecord], site_name: str = "site") -> list[ContentError]:
    """Every internal link leads to a file of the site and, with a #fragment, to an id on that page."""
    paths = {record.path for record in records}
    ids: dict[str, set[str]] = {}
    problems: list[ContentError] = []
    for record in records:
        if record.ids is None:
            continue
        seen: set[str] = set()
        for anchor in record.ids:
            if anchor in seen:
                problems.append(
                    ContentError(Location(f"{site_name}/{record.path}"), f"id {anchor!r} is used twice on the page")
                )
            seen.add(anchor)
        ids[record.path] = seen
    for record in sorted(records, key=lambda record: record.path):
        folder = posixpath.dirname(record.path)
        for href in record.links:
            resolved = _resolve(folder, href)
            if resolved is None:
                continue
            target, fragment = resolved
            target = target or record.path
            where = Location(f"{site_name}/{record.path}")
            if target not in paths:
                problems.append(ContentError(where, f"link to {href!r}: no such file in the site"))
                continue
            if fragment and target in ids and fragment not in ids[target]:
                problems.append(ContentError(where, f"link to {href!r}: no element with id {fragment!r}"))
    return problems


def check_links(files: list[OutputFile], site_name: str = "site") -> list[ContentError]:
    """The same check on files in memory (tests, small sites)."""
    return check_records([page_record(str(file.path), file.content) for file in files], site_name)


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
