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
from collections.abc import Iterable, Iterator
from functools import lru_cache
from html import unescape
from urllib.parse import unquote, urlsplit

from .errors import ContentError, Location
from .model import OutputFile, PageRecord

ATTRIBUTE = re.compile(rb'\s(id|href|src|action)="([^"]*)"')
"""The attributes the check reads: ids a page defines, and its links. Found in the page's bytes (no
decoding of the whole page; the names and the quote are ASCII, so no match starts inside a character)."""
# The pop-up and menu get their ids from JavaScript; links to them are aria-controls, not hrefs.

_IDS = re.compile(rb' id="([^"]*)"')
_LINKS = re.compile(rb' (?:href|src|action)="([^"]*)"')
_SPACES = bytes.maketrans(b"\t\n\r\x0b\x0c", b"     ")
"""ATTRIBUTE, split in two that begin with a space, which the regular expression engine finds by a fast
literal search (three times faster than trying `\\s` at every byte), on the page with its other white space
made spaces (`_SPACES`). The same attributes at the same places; a value is the page's own unless the page
had other white space in it, which a space in a value tells: such a page is read with ATTRIBUTE."""


def page_record(path: str, content: bytes) -> PageRecord:
    """The ids a file defines and the links it contains: all the link check needs to know about it.

    Made where the page is rendered (in a worker), so the check never reads a page again. Links
    are kept resolved, as `site path\0fragment` ("" for the page itself), links to other hosts
    left out: the check is then lookups only, and a page reused from the build cache costs it no
    path arithmetic. A link into the page itself is judged here and kept only if it leads nowhere
    (a fragment the page does not define): a library's pages hold a hundred thousand that do not.
    """
    digest = hashlib.sha256(content).hexdigest()
    if not path.endswith(".html"):
        return PageRecord(path, digest, size=len(content))
    spaced = content.translate(_SPACES)
    ids, hrefs = _IDS.findall(spaced), _LINKS.findall(spaced)
    if b" " in b"".join(ids) or b" " in b"".join(hrefs):
        ids, hrefs = [], []
        for name, value in ATTRIBUTE.findall(content):
            (ids if name == b"id" else hrefs).append(value)
    # Interned: pages repeat the same links and ids (the header, glossary entries), and a site's records are many.
    names = tuple(sys.intern(value.decode("utf-8")) for value in ids if value)
    links = dict.fromkeys(_links(posixpath.dirname(path), dict.fromkeys(hrefs)))
    if "\0" in links:  # a link to the page itself, with no fragment: it leads where it is
        del links["\0"]
    defined = set(names)
    return PageRecord(
        path,
        digest,
        names,
        tuple(sys.intern(link) for link in links if link[0] != "\0" or link[1:] not in defined),
        len(content),
    )


def _links(folder: str, hrefs: Iterable[bytes]) -> Iterator[str]:
    """Each href resolved from a page in `folder`, as `site path\0fragment`; links to other hosts left out.
    The site's own links are joined to the folder's ancestors (`bases`); anything else goes to `_resolve`."""
    bases: list[str] = []  # the folder, then its parents: where "../" leads
    for raw in hrefs:
        at = raw.find(b"#")
        if at >= 0 and not _UNPLAIN.search(raw):
            # Without `&` the href is the same text unescaped, and a fragment without `:`, `%` or `?` leaves
            # the rest as it is: the memo is asked for what comes before the fragment, which pages repeat
            # (`../../a/index.html#`, `#`), and the fragment is added (a term's page links to thousands of
            # paragraphs, a document's page to each of its own).
            split, fragment = _site_href(raw[: at + 1]), raw[at + 1 :].decode("utf-8")
        else:
            split = _site_href(raw)
            fragment = split[2] if split is not None else ""
        if split is not None:
            up, path = split[0], split[1]
            if up < 0:  # the page itself
                yield f"\0{fragment}"
                continue
            if not bases:
                parts = folder.split("/") if folder else []
                bases = ["/".join(parts[: len(parts) - level]) for level in range(len(parts) + 1)]
            if up < len(bases):  # not above the site's root
                yield f"{bases[up]}/{path}\0{fragment}" if bases[up] else f"{path}\0{fragment}"
                continue
        resolved = _resolve(folder, unescape(raw.decode("utf-8")))
        if resolved is not None:
            yield f"{resolved[0]}\0{resolved[1]}"


_UNPLAIN = re.compile(rb"&|#.*[:%?]", re.DOTALL)


@lru_cache(maxsize=2048)
def _site_href(raw: bytes) -> tuple[int, str, str] | None:
    """(levels up, path below them, fragment) of one of the site's own links (`../../x/index.html#p5`),
    (-1, "", fragment) for a link into the page itself, None for anything `_resolve` must work out.
    Pages repeat their links (the header, the footer), so this is done once per href, not once per page;
    a small memo holds those (a page's own links, to its paragraph, are met once or twice)."""
    href = unescape(raw.decode("utf-8"))
    if not href or ":" in href or "%" in href or "?" in href or href.startswith("//"):
        return None
    path, _, fragment = href.partition("#")
    if not path:
        return -1, "", fragment
    up = 0
    while path.startswith("../"):
        up += 1
        path = path[3:]
    if not _plain(path):
        return None
    if not path or path.endswith("/"):  # a folder: its index page
        path += "index.html"
    return up, path, fragment


def _plain(path: str) -> bool:
    """A path with no leading `/`, `./` or `../` and no dot segments or empty segments inside it."""
    return (
        not path.startswith(("/", "./", "../"))
        and not path.endswith(("/.", "/.."))
        and path not in (".", "..")
        and "/./" not in path
        and "/../" not in path
        and "//" not in path
    )


def check_records(records: list[PageRecord], site_name: str = "site") -> list[ContentError]:
    """Every internal link leads to a file of the site and, with a #fragment, to an id on that page."""
    return LinkCheck.of(records, site_name).problems()


class LinkCheck:
    """The link check of one site: each page's problems, from which the check of a rebuild starts (`since`)."""

    def __init__(self, site_name: str, records: list[PageRecord]):
        self.site_name = site_name
        self.pages = {record.path: record for record in records}
        self.repeated: dict[str, list[ContentError]] = {}
        """Per page with an id used twice, those problems."""
        self.broken: dict[str, list[ContentError]] = {}
        """Per page with links that lead nowhere, those problems."""
        self._ids: dict[str, frozenset[str]] = {}
        """The ids of the pages links point into (a library's pages are many, and few are such targets)."""

    @staticmethod
    def of(records: list[PageRecord], site_name: str = "site") -> LinkCheck:
        """The whole site checked."""
        check = LinkCheck(site_name, records)
        for record in records:
            check._check_ids(record)
        check._check_links(records)
        return check

    def since(self, records: list[PageRecord], site_name: str = "site") -> LinkCheck:
        """The check of a rebuilt site, from this one. A page with the same record (the same content) whose
        links lead to pages with the same ids has the same problems: only the changed pages are checked
        again. When a page came or went, or a changed page's ids are not the same, any link may be judged
        otherwise, and the whole site is checked."""
        check = LinkCheck(site_name, records)
        if site_name != self.site_name or check.pages.keys() != self.pages.keys():
            return LinkCheck.of(records, site_name)
        changed = [record for path, record in check.pages.items() if self.pages[path].digest != record.digest]
        for record in changed:
            before = self.pages[record.path]
            if (before.ids is None) != (record.ids is None) or set(before.ids or ()) != set(record.ids or ()):
                return LinkCheck.of(records, site_name)
        again = {record.path for record in changed}
        check.repeated = {path: found for path, found in self.repeated.items() if path not in again}
        check.broken = {path: found for path, found in self.broken.items() if path not in again}
        for record in changed:
            check._check_ids(record)
            check._check_links([record])
        return check

    def problems(self) -> list[ContentError]:
        """Ids used twice, then links that lead nowhere (pages by path in both: the records' order is the order
        in which units finished, longest documents first)."""
        found = [problem for path in sorted(self.repeated) for problem in self.repeated[path]]
        return found + [problem for path in sorted(self.broken) for problem in self.broken[path]]

    def _check_ids(self, record: PageRecord) -> None:
        if record.ids is None or len(set(record.ids)) == len(record.ids):
            return
        seen: set[str] = set()
        for anchor in record.ids:
            if anchor in seen:
                self.repeated.setdefault(record.path, []).append(
                    ContentError(
                        Location(f"{self.site_name}/{record.path}"), f"id {anchor!r} is used twice on the page"
                    )
                )
            seen.add(anchor)

    def _verdict(self, target: str, fragment: str) -> str | None:
        page = self.pages.get(target)
        if page is None:
            return "no such file in the site"
        if fragment and page.ids is not None:
            defined = self._ids.get(target)
            if defined is None:
                defined = self._ids[target] = frozenset(page.ids)
            if fragment not in defined:
                return f"no element with id {fragment!r}"
        return None

    def _check_links(self, records: list[PageRecord]) -> None:
        # Each distinct link is judged once (pages repeat the same links: the header, the glossary); a link
        # with no site path ("\0main") leads into its own page and is judged on each page that has it (the
        # records keep only those that lead nowhere, see page_record).
        links: set[str] = set().union(*(record.links for record in records))
        own = {link for link in links if link.startswith("\0")}
        bad = {}
        for link in links - own:
            target, _, fragment = link.partition("\0")
            problem = self._verdict(target, fragment)
            if problem is not None:
                bad[link] = problem
        suspect = own.union(bad)  # the links a page must have to have a problem (few, usually none)
        for record in records:
            if not suspect or suspect.isdisjoint(record.links):
                continue
            wrong = {
                link: problem
                for link in own.intersection(record.links)
                if (problem := self._verdict(record.path, link[1:]))
            }
            if not wrong and bad.keys().isdisjoint(record.links):
                continue
            self.broken[record.path] = [
                ContentError(
                    Location(f"{self.site_name}/{record.path}"), f"link to {_shown(record.path, link)!r}: {problem}"
                )
                for link in record.links
                if (problem := wrong.get(link) or bad.get(link)) is not None
            ]


def _shown(path: str, link: str) -> str:
    """A resolved link as a relative href from the page at `path`, for a message."""
    target, _, fragment = link.partition("\0")
    href = posixpath.relpath(target, posixpath.dirname(path) or ".") if target else ""
    return href + (f"#{fragment}" if fragment else "")


def check_links(files: list[OutputFile], site_name: str = "site") -> list[ContentError]:
    """The same check on files in memory (tests, small sites)."""
    return check_records([page_record(str(file.path), file.content) for file in files], site_name)


def _resolve(folder: str, href: str) -> tuple[str, str] | None:
    """(site path or "" for this page, fragment) of a link from a page in `folder`; None for other hosts.

    The site's own links (`../../x/index.html#p5`) are worked out with string operations; anything
    else (a query, a %-escape, `./`, a scheme) goes through urlsplit and normpath.
    """
    if not href:
        return None
    if ":" not in href and "%" not in href and "?" not in href and not href.startswith("//"):
        path, _, fragment = href.partition("#")
        if not path:
            return "", fragment
        parts = folder.split("/") if folder else []
        while path.startswith("../") and parts:
            parts.pop()
            path = path[3:]
        if _plain(path):
            if not path or path.endswith("/"):  # a folder: its index page
                path += "index.html"
            return "/".join([*parts, path]), fragment
    return _resolve_general(folder, href)


@lru_cache(maxsize=4096)
def _resolve_general(folder: str, href: str) -> tuple[str, str] | None:
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//") or not href:
        return None
    path = unquote(parts.path)
    target = posixpath.normpath(posixpath.join(folder, path)) if path else ""
    if target == ".":
        target = "index.html"
    elif path.endswith(("/", "/.", "/..")) or path in (".", ".."):  # a folder: its index page
        target = posixpath.join(target, "index.html")
    return target, unquote(parts.fragment)
