"""The public URL scheme: the one module that knows where a page, an entry or a file lives.

Links are a public interface (README, "Links are a public interface"), so every path the
site publishes is built here: Python builds its pages' paths and links with these functions,
templates receive them as Jinja globals, the JavaScript reads URLs from `data-` attributes the
templates fill from here, and the service worker's offline stand-ins come from `STAND_INS`.
Paths are relative to the site root and always name `index.html`, so the site reads the same
from a web server and from a folder opened with `file://`. The functions remember what they
returned: a path is immutable, and a library's pages ask for the same ones thousands of times.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from pathlib import PurePosixPath

from .model import Edition

INDEX = "index.html"
ASSETS = "assets"
MANIFEST = PurePosixPath("manifest.webmanifest")
SERVICE_WORKER = PurePosixPath("sw.js")
SEARCH_FOLDER = "search"
PARAGRAPHS = 4096
"""Paragraph paths remembered: a document's pages ask for each many times, but a library's are too many to
keep (a path is about 300 bytes; 50x has 45,000 paragraphs per edition)."""


@lru_cache(maxsize=256)
def root_home() -> PurePosixPath:
    """The site's front door: the Simplified home page."""
    return PurePosixPath(INDEX)


@lru_cache(maxsize=256)
def home(edition: Edition) -> PurePosixPath:
    return PurePosixPath(edition.segment, INDEX)


@lru_cache(maxsize=1 << 16)
def document(edition: Edition, slug: str) -> PurePosixPath:
    return PurePosixPath(edition.segment, slug, INDEX)


@lru_cache(maxsize=PARAGRAPHS)
def paragraph(edition: Edition, slug: str, number: str) -> PurePosixPath:
    """The small page of one numbered paragraph, for link previews: zh-hans/<slug>/p/105/index.html."""
    return PurePosixPath(edition.segment, slug, "p", number, INDEX)


@lru_cache(maxsize=1 << 16)
def parallel(edition: Edition, slug: str, lang: str) -> PurePosixPath:
    """The document beside its translation into `lang`, row by row: zh-hans/<slug>/en/index.html.

    One page for both parallel views: side by side on a wide screen, the translation under each
    paragraph on a narrow one (the layout follows the width; the anchors are the original's)."""
    return PurePosixPath(edition.segment, slug, lang, INDEX)


@lru_cache(maxsize=PARAGRAPHS)
def parallel_paragraph(edition: Edition, slug: str, lang: str, number: str) -> PurePosixPath:
    """A paragraph's own page in a translation, for link previews in that language:
    zh-hans/<slug>/en/p/105/index.html (it leads to the paragraph on the parallel page)."""
    return PurePosixPath(edition.segment, slug, lang, "p", number, INDEX)


@lru_cache(maxsize=256)
def glossary(edition: Edition) -> PurePosixPath:
    return PurePosixPath(edition.segment, "glossary", INDEX)


@lru_cache(maxsize=1 << 16)
def term(edition: Edition, slug: str) -> PurePosixPath:
    """A term's own page; its entry on the glossary page is `glossary(edition)` + `#slug`."""
    return PurePosixPath(edition.segment, "glossary", slug, INDEX)


@lru_cache(maxsize=256)
def search_page(edition: Edition) -> PurePosixPath:
    return PurePosixPath(edition.segment, "search", INDEX)


@lru_cache(maxsize=256)
def register(edition: Edition) -> PurePosixPath:
    return PurePosixPath(edition.segment, "recommendations", INDEX)


@lru_cache(maxsize=256)
def asset(name: str) -> PurePosixPath:
    return PurePosixPath(ASSETS, name)


@lru_cache(maxsize=256)
def search_folder(edition: Edition) -> PurePosixPath:
    """The folder of an edition's sharded search index: manifest.js, index/ and text/ (their names: search.py)."""
    return PurePosixPath(SEARCH_FOLDER, edition.segment)


def search_file(edition: Edition, key: str) -> PurePosixPath:
    """A script of an edition's search index by its key (`manifest`, `index/3-0`, `text/12`): search/<edition>/<key>.js."""
    return PurePosixPath(search_file_path(edition, key))


def search_file_path(edition: Edition, key: str) -> str:
    """`search_file` as a string: the offline catalog lists thousands."""
    return f"{SEARCH_FOLDER}/{edition.segment}/{key}.js"


def terms_script(edition: Edition) -> PurePosixPath:
    """The definitions the term pop-ups show, once per edition: zh-hans/glossary/terms.js."""
    return PurePosixPath(edition.segment, "glossary", "terms.js")


OFFLINE_CATALOG = PurePosixPath("offline.json")
"""What a reader can save for offline reading, with sizes (offline.py); read by assets/offline.js and sw.js."""

SLOT = "{%s}"
"""A slot in a URL pattern handed to the JavaScript: `term(edition, SLOT % "slug")` -> zh-hans/glossary/{slug}/index.html;
the script fills the slot (assets/lectern.js `fill`), so it never writes the scheme itself."""


def fragment(anchor: str) -> str:
    return f"#{anchor}" if anchor else ""


def relative(source: PurePosixPath, target: PurePosixPath | str, anchor: str = "") -> str:
    """A link from the page at `source` up to the site root and down to `target`: ../../zh-hans/x/index.html#p5."""
    parts = source.parts if isinstance(source, PurePosixPath) else PurePosixPath(source).parts  # no copy made
    return "../" * (len(parts) - 1) + str(target) + fragment(anchor)


def between(source: PurePosixPath, target: PurePosixPath, anchor: str = "") -> str:
    """The shortest relative link from the page at `source` to `target`: ../b/index.html#p5."""
    return posixpath.relpath(str(target), posixpath.dirname(str(source))) + fragment(anchor)


def sibling_document(slug: str, anchor: str = "") -> str:
    """From a document page, another document of the same edition (a resolved reference, a backlink)."""
    return between(document(Edition.HANS, "_"), document(Edition.HANS, slug), anchor)


def glossary_from_document(anchor: str = "") -> str:
    """From a document page, the glossary page of the same edition (a term's plain link)."""
    return between(document(Edition.HANS, "_"), glossary(Edition.HANS), anchor)


# Offline, a page that was never visited leads to the same text in a saved page: a term page to
# its entry in the glossary, a paragraph page to the paragraph in its document. JavaScript regular
# expressions, written from the functions above; the service worker is generated from these.
STAND_INS = (
    (r"^(zh-han[st])[/]glossary[/]([^/]+)[/]index[.]html$", "$1/glossary/index.html#$2"),
    (r"^(zh-han[st])[/]([^/]+)[/]p[/]([0-9]+)[/]index[.]html$", "$1/$2/index.html#p$3"),
    (r"^(zh-han[st])[/]([^/]+)[/]([a-z]{2})[/]p[/]([0-9]+)[/]index[.]html$", "$1/$2/$3/index.html#p$4"),
)
"""(pattern of a page that is never saved, where its text is) for the service worker."""


def jinja_globals() -> dict:
    """What templates get: `urls.document(edition, slug)` and friends, linked with `page.link(...)`."""
    import sys

    return {"urls": sys.modules[__name__]}
