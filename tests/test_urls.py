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


def test_the_service_worker_stand_ins_map_each_page_it_does_not_precache_to_the_urls_py_page_with_that_text():
    term_page, paragraph_page = str(urls.term(HANS, "baohu-pingmin")), str(urls.paragraph(HANT, "hippo-2015", "105"))
    assert offline.NOT_PRECACHED.match(term_page) and offline.NOT_PRECACHED.match(paragraph_page)
    assert not offline.NOT_PRECACHED.match(str(urls.document(HANS, "hippo-2015")))
    version_page = str(urls.parallel_paragraph(HANS, "hippo-2015", "en", "105"))
    assert offline.NOT_PRECACHED.match(version_page)
    assert not offline.NOT_PRECACHED.match(str(urls.parallel(HANS, "hippo-2015", "en")))
    expected = {
        term_page: str(urls.glossary(HANS)) + "#baohu-pingmin",
        paragraph_page: str(urls.document(HANT, "hippo-2015")) + "#p105",
        version_page: str(urls.parallel(HANS, "hippo-2015", "en")) + "#p105",
    }
    for path, target in expected.items():
        pattern, replacement = next((p, r) for p, r in urls.STAND_INS if re.match(p, path))
        python_replacement = re.sub(r"\$(\d)", r"\\\1", replacement)
        assert re.sub(pattern, python_replacement, path) == target
    worker = offline.build_offline_files([])[1].content.decode("utf-8")
    for pattern, replacement in urls.STAND_INS:
        assert f"[/{pattern}/, {replacement!r}]".replace("'", '"') in worker
