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
