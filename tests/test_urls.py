"""The URL scheme in lectern/urls.py is the README's table of public URLs ("Links are a public interface")."""

from __future__ import annotations

import re

from lectern import offline, urls
from lectern.model import Edition

from .conftest import ROOT

HANS, HANT = Edition.HANS, Edition.HANT


def readme_table() -> dict[str, list[str]]:
    """Each row of the README's URL table: what -> the URLs in backticks."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Links are a public interface", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.split("\n"):
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 2 and "`" in cells[1]:
            rows[cells[0]] = re.findall(r"`([^`]+)`", cells[1])
    return rows


def test_every_public_path_in_the_readme_is_the_one_urls_py_builds():
    rows = readme_table()
    slug, term = "<slug>", "weichi-heping-xingdong"
    built = {
        "a document": [str(urls.document(HANS, slug)), str(urls.document(HANT, slug))],
        "numbered paragraph 105": ["…/" + str(urls.document(HANS, slug)).split("/", 1)[1] + urls.fragment("p105")],
        "a glossary entry": [str(urls.glossary(HANS)) + urls.fragment(term)],
        "a term's page": [str(urls.term(HANS, term))],
        "a paragraph's own page (for link previews; it leads to the paragraph)": [
            str(urls.paragraph(HANS, slug, "105"))
        ],
        "a document beside its English version (parallel reading; `fr`, `es`, `ru`, `ar` alike)": [
            str(urls.parallel(HANS, slug, "en")),
            str(urls.parallel(HANT, slug, "en")),
        ],
        "paragraph 105 on the parallel page": [str(urls.parallel(HANS, slug, "en")) + urls.fragment("p105")],
        "a paragraph's own page in English (link previews in English)": [
            str(urls.parallel_paragraph(HANS, slug, "en", "105"))
        ],
        "the home page of each edition": [str(urls.root_home()), str(urls.home(HANS)), str(urls.home(HANT))],
        "search results for a query": [str(urls.search_page(HANS)) + "?q=保护平民"],
        "the recommendations register": [str(urls.register(HANS))],
    }
    for what, paths in built.items():
        assert rows.get(what) == paths, f"README row {what!r}: {rows.get(what)} but urls.py builds {paths}"


def test_links_between_pages_are_relative_and_name_index_html():
    page = urls.paragraph(HANT, "hippo-2015", "105")
    assert (
        urls.relative(page, urls.document(HANT, "hippo-2015"), "p105")
        == "../../../../zh-hant/hippo-2015/index.html#p105"
    )
    assert urls.sibling_document("c34-2014", "p66") == "../c34-2014/index.html#p66"
    assert urls.glossary_from_document("baohu-pingmin") == "../glossary/index.html#baohu-pingmin"


def test_the_service_worker_stand_ins_map_each_page_it_does_not_save_to_the_urls_py_page_with_that_text():
    term_page, paragraph_page = str(urls.term(HANS, "baohu-pingmin")), str(urls.paragraph(HANT, "hippo-2015", "105"))
    version_page = str(urls.parallel_paragraph(HANS, "hippo-2015", "en", "105"))
    expected = {
        term_page: str(urls.glossary(HANS)) + "#baohu-pingmin",
        paragraph_page: str(urls.document(HANT, "hippo-2015")) + "#p105",
        version_page: str(urls.parallel(HANS, "hippo-2015", "en")) + "#p105",
    }
    for path, target in expected.items():
        pattern, replacement = next((p, r) for p, r in urls.STAND_INS if re.match(p, path))
        python_replacement = re.sub(r"\$(\d)", r"\\\1", replacement)
        assert re.sub(pattern, python_replacement, path) == target
    assert not any(re.match(pattern, str(urls.document(HANS, "hippo-2015"))) for pattern, _ in urls.STAND_INS)
    worker = next(file for file in offline.build_offline_files([]) if file.path == urls.SERVICE_WORKER)
    for pattern, replacement in urls.STAND_INS:
        assert f"[/{pattern}/, {replacement!r}]".replace("'", '"') in worker.content.decode("utf-8")


# --- the JavaScript writes no URL of its own ----------------------------------------------------------

LITERAL = re.compile(
    r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''  # strings
    r"|(?<=[(,=:!&|?;{}\[\s])/(?![*/])(?:[^/\\\n\[]|\\.|\[(?:[^\]\\\n]|\\.)*\])+/[gimsuy]*"  # regular expressions
)
SCHEME = re.compile(
    r"\.html|\[\.\]html|\.js\b|\.json\b|\.webmanifest|glossary/|/glossary|zh-han[st]|(?:^|[\"'/])p/|search/|index/|text/"
    r"|assets/|recommendations"
)
"""Pieces of the paths urls.py builds: a literal that holds one is a URL written by hand."""


def js_literals(name: str) -> set[str]:
    source = re.sub(r"/\*.*?\*/", "", (ROOT / "assets" / name).read_text(encoding="utf-8"), flags=re.S)
    return set(LITERAL.findall(source))


def test_the_scheme_pieces_the_check_looks_for_are_the_ones_urls_py_builds():
    for path in (
        urls.document(HANT, "x"),
        urls.glossary(HANS),
        urls.term(HANS, "x"),
        urls.paragraph(HANS, "x", "1"),
        urls.search_page(HANS),
        urls.register(HANS),
        urls.terms_script(HANS),
        urls.search_file(HANS, "index/0-0"),
        urls.search_file(HANS, "text/0"),
        urls.asset("lectern.css"),
        urls.SERVICE_WORKER,
        urls.OFFLINE_CATALOG,
        urls.MANIFEST,
    ):
        assert SCHEME.search('"' + str(path) + '"'), path


def test_the_javascript_builds_no_path_of_the_url_scheme_by_hand():
    """lectern.js, search.js and offline.js take every address from data- attributes the templates
    fill from urls.py (with {slots} for the slug or number), from the search manifest or the offline
    catalog; a string or regular expression naming a piece of the scheme would be a second copy."""
    for name in ("lectern.js", "search.js", "offline.js"):
        found = sorted(literal for literal in js_literals(name) if SCHEME.search(literal))
        assert found == [], f"assets/{name} writes part of a URL itself: {found}"


def test_the_templates_hand_the_javascript_its_urls(built_site):
    html = (built_site / "zh-hant" / "hippo-2015" / "index.html").read_text(encoding="utf-8")
    expected = {
        "data-terms": urls.relative(urls.document(HANT, "hippo-2015"), urls.terms_script(HANT)),
        "data-term-page": urls.relative(urls.document(HANT, "hippo-2015"), urls.term(HANT, "{slug}")),
        "data-service-worker": urls.relative(urls.document(HANT, "hippo-2015"), urls.SERVICE_WORKER),
        "data-offline-catalog": urls.relative(urls.document(HANT, "hippo-2015"), urls.OFFLINE_CATALOG),
        "data-paragraph-page": urls.relative(
            urls.document(HANT, "hippo-2015"), urls.paragraph(HANT, "hippo-2015", "{number}")
        ),
        "data-search-file": urls.relative(urls.document(HANT, "hippo-2015"), urls.search_file(HANT, "{key}")),
    }
    for attribute, value in expected.items():
        assert f'{attribute}="{value}"' in html, attribute
