"""The worker's data: the shell a first visit downloads (under the budget at any scale) and the
catalog of what a reader can save (packs of files with sizes and digests, from the build)."""

from __future__ import annotations

import json

from lectern import offline, urls
from lectern.model import Edition, PageRecord
from lectern.search import decode_script

HANS, HANT = Edition.HANS, Edition.HANT


def catalog_of(site) -> dict:
    return json.loads((site / str(urls.OFFLINE_CATALOG)).read_text(encoding="utf-8"))


def test_the_first_visit_downloads_only_the_shell_and_it_fits_the_budget(built_site):
    catalog = catalog_of(built_site)
    shell = set(catalog["shell"])
    assert {"index.html", "zh-hans/index.html", "zh-hant/index.html", "search/zh-hans/manifest.js"} <= shell
    assert "zh-hans/search/index.html" in shell and "assets/offline.js" in shell
    assert not any(path.endswith("hippo-2015/index.html") or "/glossary/" in path for path in shell)
    total = (built_site / str(urls.OFFLINE_CATALOG)).stat().st_size
    total += sum((built_site / path).stat().st_size for path in shell)
    assert 50_000 < total <= offline.SHELL_BUDGET


def test_a_library_too_large_for_the_budget_keeps_the_shell_under_it():
    """A thousand documents: home pages of 2 MB each do not fit, and are left to be cached when visited."""
    records = [PageRecord(str(path), "ab" * 32, size=30_000) for path in offline.shell_paths(list(Edition))]
    big = {str(urls.root_home()), str(urls.home(HANS)), str(urls.home(HANT))}
    records = [PageRecord(r.path, r.digest, size=2_000_000 if r.path in big else r.size) for r in records]
    files = {str(file.path): file.content for file in offline.build_offline_files(records)}
    catalog = json.loads(files[str(urls.OFFLINE_CATALOG)])
    assert not big & set(catalog["shell"])
    assert "assets/lectern.js" in catalog["shell"] and "search/zh-hant/manifest.js" in catalog["shell"]
    assert offline.shell_bytes(catalog, records) <= offline.SHELL_BUDGET


def test_a_document_is_saved_as_its_page_its_search_text_its_index_volume_and_the_glossary(built_site):
    catalog = catalog_of(built_site)
    documents = {doc[0]: doc for doc in catalog["editions"]["zh-hant"]["documents"]}
    slug, title, packs = documents["hippo-2015"]
    assert title == "和平行動問題高級別獨立小組報告"
    files = [path for pack in packs for path in offline.expand(catalog["packs"][pack]["files"])]
    assert "zh-hant/hippo-2015/index.html" in files
    assert "zh-hant/glossary/index.html" in files and "zh-hant/glossary/terms.js" in files
    assert not any("/p/" in path for path in files), "paragraph pages are stood in for, not saved"
    _, manifest = decode_script((built_site / "search" / "zh-hant" / "manifest.js").read_bytes())
    # the text fragments that hold its rows, and no other document's
    first, end = manifest["starts"][1], manifest["starts"][2]  # hippo-2015 is the second document
    fragments = {int(path.rsplit("/", 1)[1][:-3]) for path in files if "/text/" in path}
    starts = manifest["fragments"]
    rows = {row for number in fragments for row in range(starts[number], (starts + [manifest["rows"]])[number + 1])}
    assert first in rows and end - 1 in rows
    assert not any(row < first for row in rows)  # none of c34-2014's rows (the first document)
    for path in files:
        assert (built_site / path).is_file(), path
    size = sum(catalog["packs"][pack]["bytes"] for pack in packs)
    assert size == sum((built_site / path).stat().st_size for path in files)


def test_the_library_holds_every_document_and_the_register():
    records = _records(
        {"zh-hans/a/index.html": 10, "zh-hans/b/index.html": 20, "zh-hans/recommendations/index.html": 5}
    )
    catalog = offline.build_catalog(records, {HANS: _manifest(["a", "b"])}, "v")
    library = catalog["editions"]["zh-hans"]["library"]
    files = {path for pack in library for path in offline.expand(catalog["packs"][pack]["files"])}
    assert {"zh-hans/a/index.html", "zh-hans/b/index.html", "zh-hans/recommendations/index.html"} <= files


def test_a_pack_digest_changes_with_its_files_and_only_then():
    sizes = {"zh-hans/a/index.html": 10, "zh-hans/b/index.html": 20}
    before = offline.build_catalog(_records(sizes), {HANS: _manifest(["a", "b"])}, "v")
    changed = _records(sizes)
    changed[0] = PageRecord(changed[0].path, "cd" * 32, size=11)
    after = offline.build_catalog(changed, {HANS: _manifest(["a", "b"])}, "v")
    assert before["packs"]["zh-hans/doc/a"]["digest"] != after["packs"]["zh-hans/doc/a"]["digest"]
    assert before["packs"]["zh-hans/doc/b"] == after["packs"]["zh-hans/doc/b"]
    assert after["packs"]["zh-hans/doc/a"]["bytes"] == 11


def test_numbered_files_are_listed_as_runs_and_read_back_the_same():
    paths = ["search/zh-hans/text/3.js", "search/zh-hans/text/4.js", "search/zh-hans/text/5.js", "x/index.html"]
    paths += ["search/zh-hans/index/1-0.js", "search/zh-hans/index/1-1.js", "search/zh-hans/text/9.js"]
    runs = offline._runs(paths)
    assert runs[0] == ["search/zh-hans/text/", 3, 5, ".js"] and "search/zh-hans/text/9.js" in runs
    assert offline.expand(runs) == paths


def test_the_build_is_deterministic_and_a_change_brings_a_new_worker():
    records = _records({"zh-hans/a/index.html": 10})
    first = offline.build_offline_files(records, {HANS: _manifest(["a"])})
    assert first == offline.build_offline_files(records, {HANS: _manifest(["a"])})
    changed = [PageRecord(records[0].path, "cd" * 32, size=10)]
    worker = next(
        f for f in offline.build_offline_files(changed, {HANS: _manifest(["a"])}) if f.path == urls.SERVICE_WORKER
    )
    assert worker != next(f for f in first if f.path == urls.SERVICE_WORKER)


def _records(sizes: dict[str, int]) -> list[PageRecord]:
    return [PageRecord(path, "ab" * 32, size=size) for path, size in sizes.items()]


def _manifest(slugs: list[str]) -> dict:
    """A search manifest without rows: documents only."""
    return {
        "docs": [[slug, slug.upper(), str(urls.document(HANS, slug))] for slug in slugs],
        "starts": [0] * len(slugs),
        "fragments": [],
        "volumes": [],
    }


def test_saving_a_document_saves_its_language_versions_parallel_pages_and_their_search_text(fixture_content, tmp_path):
    """A reader who saves the fixture offline can also read it beside its English version and search the English."""
    from tests.conftest import build_into

    site = build_into(fixture_content, tmp_path / "site")
    catalog = catalog_of(site)
    for edition in (HANS, HANT):
        documents = {doc[0]: doc for doc in catalog["editions"][edition.segment]["documents"]}
        assert set(documents) == {"fixture-2020"}, "a language version is not a document of its own to save"
        files = [
            path for pack in documents["fixture-2020"][2] for path in offline.expand(catalog["packs"][pack]["files"])
        ]
        assert files[0] == str(urls.document(edition, "fixture-2020"))
        assert str(urls.parallel(edition, "fixture-2020", "en")) in files
        _, manifest = decode_script((site / str(urls.search_file(edition, "manifest"))).read_bytes())
        english = next(number for number, doc in enumerate(manifest["docs"]) if len(doc) > 3)
        first = manifest["starts"][english]
        fragment = max(number for number, start in enumerate(manifest["fragments"]) if start <= first)
        keys = manifest["keys"]["text"].replace("{fragment}", str(fragment))
        assert str(urls.search_file(edition, keys)) in files
