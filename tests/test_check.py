"""The link check's records: links are resolved where a page is made, and the check is lookups."""

from __future__ import annotations

import itertools
from pathlib import PurePosixPath

from lectern.check import _resolve, _resolve_general, check_links, page_record
from lectern.model import OutputFile


def test_the_string_resolver_agrees_with_urlsplit_and_normpath_on_every_shape_of_link():
    atoms = ["..", ".", "a", "index.html", "", "x y"]
    for folder in ["", "a", "a/b", "zh-hans/s/p/12"]:
        for size in range(1, 4):
            for parts in itertools.product(atoms, repeat=size):
                for tail in ["", "/", "#f", "/#f", "#", "?q=1", "%20", "//b"]:
                    href = "/".join(parts) + tail
                    assert _resolve(folder, href) == _resolve_general(folder, href), (folder, href)


def _reference_record(path: str, content: bytes) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What page_record reads, the slow plain way: every attribute by ATTRIBUTE, every link by _resolve."""
    import posixpath
    from html import unescape

    from lectern.check import ATTRIBUTE

    ids, links = [], []
    for name, value in ATTRIBUTE.findall(content):
        if name == b"id":
            if value:
                ids.append(value.decode())
            continue
        resolved = _resolve(posixpath.dirname(path), unescape(value.decode()))
        if resolved is not None:
            links.append(f"{resolved[0]}\0{resolved[1]}")
    # A link into the page itself is left out when it leads to the page (no fragment) or to one of its ids.
    own = {"\0"} | {f"\0{anchor}" for anchor in ids}
    return tuple(ids), tuple(link for link in dict.fromkeys(links) if link not in own)


def test_a_page_record_reads_every_attribute_whatever_white_space_and_links_come_before_it():
    """page_record scans for ` id="` and ` href="` on the page with its white space made spaces, and
    resolves each distinct href once: the same ids and links, in the same order, as the plain reading."""
    hrefs = [
        "../../a/index.html#p1",
        "../../../../x/",
        "#top",
        "",
        "../b c/index.html",
        "a&amp;b.html",
        "https://un.org/",
        "../../a/index.html?q=1",
        "../%61/",
        "./a",
        "../../../../../../y.html",
        # fragments: the memo is asked for what comes before `#` only when unescaping and `:`, `%`, `?` in the
        # fragment cannot change how the href reads (page_record's _links)
        "#",
        "../../a/index.html#",
        "../../a/index.html#p1&amp;x",
        "../../a&#35;b/index.html#c",
        "#a:b",
        "../a/#a%20b",
        "#a?b",
        "x#y#z",
        "../../a/index.html#第1段",
        "mailto:a@b#c",
        "?q#x",
    ]
    spaces = [" ", "\n", "\t", "\r\n", "\x0c", "\x0b"]
    for path in ["index.html", "zh-hans/index.html", "zh-hans/s/p/12/index.html"]:
        for space, href, other in itertools.product(spaces, hrefs, ["", "data-", "x"]):
            html = (
                f'<a{space}href="{href}" id="a"><img src="{href}"><p{space}id="p1"{space}{other}id="q">'
                f'<form action="{href}"></form><a {other}href="../x/index.html#{space}y">'
                f'<span id="">x</span><a href="{href}"{space}id="b">'
            )
            content = html.encode()
            record = page_record(path, content)
            assert (record.ids, record.links) == _reference_record(path, content), (path, html)


def test_every_href_resolves_as_the_plain_reading_does_whatever_its_fragment_holds():
    """Random hrefs of the pieces links are made of, each page with many of them (the memos of what comes
    before a fragment are shared between pages, as in a worker): the same links, in order, as _resolve."""
    import random

    from lectern.check import _site_href

    pieces = "..|.|a|index.html|p|12||中|&amp;|&#35;|&#x3A;|%23|:|?|#|x y|\n".split("|")
    chooser = random.Random(7)
    _site_href.cache_clear()
    for _ in range(300):
        path = chooser.choice(["index.html", "zh-hans/index.html", "zh-hans/s/p/12/index.html", "a/b/c.html"])
        hrefs = [
            "".join(chooser.choice(["/", "#", ""]) + chooser.choice(pieces) for _ in range(chooser.randint(1, 6)))
            for _ in range(40)
        ]
        content = "".join(f'<a href="{href}" id="i{n}">' for n, href in enumerate(hrefs)).encode()
        record = page_record(path, content)
        assert (record.ids, record.links) == _reference_record(path, content), (path, hrefs)


def test_a_folder_link_leads_to_its_index_page_and_other_hosts_are_not_checked():
    files = [
        OutputFile(PurePosixPath("a/index.html"), b'<a href="../b/">b</a><a href="https://un.org/x">x</a>'),
        OutputFile(PurePosixPath("b/index.html"), b'<a href="../a/index.html#top" id="top">a</a>'),
    ]
    record = page_record("a/index.html", files[0].content)
    assert record.links == ("b/index.html\0",)
    assert [str(problem) for problem in check_links(files)] == [
        "site/b/index.html: link to '../a/index.html#top': no element with id 'top'"
    ]


def _site(pages: dict[str, str]) -> list:
    return [page_record(path, html.encode()) for path, html in pages.items()]


def test_a_rebuild_checks_again_only_what_it_must_and_finds_what_a_whole_check_finds():
    """`LinkCheck.since` (serve's next build) against a whole check of the same records, over a series of
    edits: a new broken link, a link mended, an id removed (a link into it breaks on an unchanged page),
    an id added, a page gone, a page added, a repeated id."""
    from lectern.check import LinkCheck

    site = {
        "a/index.html": '<p id="x">x</p><a href="../b/index.html#y">b</a><a href="#x">x</a>',
        "b/index.html": '<p id="y">y</p><a href="../a/index.html">a</a>',
        "c/index.html": '<a href="../b/index.html#y">b</a><a href="../a/index.html#x">a</a>',
    }
    edits = [
        ("a/index.html", '<p id="x">x</p><a href="../b/index.html#y">b</a><a href="#nowhere">x</a>'),
        ("a/index.html", '<p id="x">x</p><a href="../b/index.html#y">b</a><a href="#x">x</a>'),
        ("b/index.html", '<p id="z">y</p><a href="../a/index.html">a</a>'),  # c's link into #y breaks
        ("b/index.html", '<p id="z">y</p><p id="y">y</p><a href="../a/index.html">a</a>'),
        ("c/index.html", None),
        ("d/index.html", '<a href="../c/index.html">c</a>'),  # to a page that is gone
        ("d/index.html", '<p id="q">1</p><p id="q">2</p>'),
        ("a/index.html", '<p id="x">x</p><a href="../b/index.html#y">b</a><a href="../d/index.html#q">d</a>'),
    ]
    check = LinkCheck.of(_site(site))
    seen = set()
    for path, html in edits:
        if html is None:
            del site[path]
        else:
            site[path] = html
        records = _site(site)
        whole = [str(problem) for problem in LinkCheck.of(records).problems()]
        check = check.since(records)
        assert [str(problem) for problem in check.problems()] == whole
        seen.update(whole)
    assert "site/c/index.html: link to '../b/index.html#y': no element with id 'y'" in seen
    assert "site/a/index.html: link to '#nowhere': no element with id 'nowhere'" in seen
    assert "site/d/index.html: link to '../c/index.html': no such file in the site" in seen
    assert "site/d/index.html: id 'q' is used twice on the page" in seen


def test_links_into_the_page_itself_are_judged_with_its_record_and_a_broken_one_is_still_reported():
    """A library's pages hold a hundred thousand links into themselves (footnotes, the skip link): the record
    keeps only those that lead nowhere, and the check reports them as before."""
    page = b'<main id="main"><a href="#main">top</a> <a href="">here</a> <a href="#gone">x</a> <a href="../b/">b</a></main>'
    record = page_record("a/index.html", page)
    assert record.links == ("\0gone", "b/index.html\0")
    other = OutputFile(PurePosixPath("b/index.html"), b"<p>b</p>")
    found = check_links([OutputFile(PurePosixPath("a/index.html"), page), other])
    assert [problem.message for problem in found] == ["link to '#gone': no element with id 'gone'"]
