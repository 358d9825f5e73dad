"""Offline reading: over http a service worker caches the site; from file:// nothing registers."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from ..conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser


@pytest.fixture
def served_site(built_site):
    handler = functools.partial(_Quiet, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_a_reader_who_opened_the_site_once_can_read_it_offline(browser, served_site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(served_site + "index.html")
    assert page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # the first page load installs the worker; from the next one it controls the page
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    page.goto(served_site + "zh-hant/hippo-2015/index.html#p105")
    assert "關於保護平民" in page.locator("#p105").inner_text()
    page.goto(served_site + "zh-hans/glossary/index.html")
    assert page.locator("#weichi-heping-xingdong").count() == 1
    context.close()


@pytest.fixture
def offline_reader(browser, served_site):
    """A reader who opened the home page once over http (the worker installed, precached and in
    control) and then lost the network: the search page, its index and the documents come from the
    worker's precache alone."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(served_site + "index.html")
    # ready: a worker is active, so its install step (caching the precache list) has finished.
    assert page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    search(page, served_site, "保护平民")  # online once: the worker caches the pieces and text it loads
    context.set_offline(True)
    yield page
    context.close()


DONE = "() => LecternSearch.boxes[0] && LecternSearch.boxes[0].outcome && LecternSearch.boxes[0].outcome.done"


def search(page, served_site: str, query: str):
    page.goto(served_site + "zh-hans/search/index.html?q=" + query)
    page.wait_for_function(DONE, timeout=10_000)


def search_offline(page, served_site: str):
    search(page, served_site, "保护平民")
    assert page.locator(".search-results [role=option]").count() > 0
    status = page.locator("[data-search-status]").inner_text()
    assert status.startswith("共 ") and "不完整" not in status, status


def test_the_first_visit_precaches_the_search_manifest_but_not_the_index(browser, served_site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(served_site + "index.html")
    assert page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    cached = page.evaluate(
        "() => caches.keys().then(names => caches.open(names[0]))"
        ".then(cache => cache.keys()).then(keys => keys.map(k => k.url))"
    )
    assert any(url.endswith("/search/zh-hans/manifest.js") for url in cached)
    assert not any("/search/zh-hans/index/" in url or "/search/zh-hans/text/" in url for url in cached)
    context.close()


def test_offline_a_query_whose_pieces_were_never_loaded_says_what_it_cannot_search(offline_reader, served_site):
    page = offline_reader
    search(page, served_site, "快速部署 联刚稳定团")
    status = page.locator("[data-search-status]").inner_text()
    assert "离线时只能搜索已缓存的部分" in status, status


def test_a_reader_who_opened_the_site_once_can_search_it_offline(offline_reader, served_site):
    page = offline_reader
    search_offline(page, served_site)
    result = page.locator(".search-results a[role=option][href*='/hippo-2015/index.html#']").first
    target = result.get_attribute("href").split("#", 1)[1]
    result.click()
    page.wait_for_url("**/zh-hans/hippo-2015/index.html#" + target)
    assert page.locator("#" + target).count() == 1, "the document opened from the result, offline"
    assert "平民" in page.locator("#" + target).inner_text()


def test_a_glossary_result_found_offline_opens_the_entry_on_the_glossary_page(offline_reader, served_site):
    """Term pages are cached only once visited; offline, an unvisited one opens the term's entry
    on the precached glossary page instead of the browser's error page."""
    page = offline_reader
    search_offline(page, served_site)
    result = page.locator(".search-results a[role=option][href*='/glossary/']").first
    slug = result.get_attribute("href").split("/glossary/")[1].split("/")[0]
    result.click()
    page.wait_for_url("**/zh-hans/glossary/index.html#" + slug)
    assert page.locator("#" + slug).count() == 1
    assert "保护平民" in page.locator("#" + slug).inner_text()


def test_an_unvisited_paragraph_page_opens_the_paragraph_in_its_document_offline(offline_reader, served_site):
    page = offline_reader
    page.goto(served_site + "zh-hant/hippo-2015/p/105/index.html")
    page.wait_for_url("**/zh-hant/hippo-2015/index.html#p105")
    assert "關於保護平民" in page.locator("#p105").inner_text()


def test_chromium_finds_the_site_installable(browser, served_site, tmp_path):
    """Manifest, icon and a worker that controls the page: chromium's own installability check.
    (It refuses every incognito context, so this one has a profile folder of its own.)"""
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS
    )
    try:
        page = context.new_page()
        page.goto(served_site + "index.html")
        assert page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
        page.reload()
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        devtools = context.new_cdp_session(page)
        assert devtools.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        manifest = devtools.send("Page.getAppManifest")
        assert manifest["errors"] == [] and '"short_name": "Lectern"' in manifest["data"]
    finally:
        context.close()


def test_the_manifest_is_served_and_names_the_site(browser, served_site):
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(served_site + "manifest.webmanifest")
    assert response.ok and '"short_name": "Lectern"' in response.text()
    context.close()


def test_no_service_worker_from_file_urls(page, built_site):
    page.goto((built_site / "index.html").as_uri())
    page.wait_for_timeout(300)
    assert page.evaluate("navigator.serviceWorker ? navigator.serviceWorker.controller === null : true")


def test_a_reader_can_save_the_whole_search_index_and_then_search_everything_offline(browser, served_site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(served_site + "index.html")
    assert page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.goto(served_site + "zh-hans/search/index.html")
    button = page.locator("[data-search-save]")
    button.wait_for(state="visible")
    assert "MB" in button.inner_text()  # the size is shown before the reader asks
    button.click()
    page.wait_for_function(
        "() => document.querySelector('[data-search-save-status]').textContent.includes('已保存')", timeout=60_000
    )
    context.set_offline(True)
    search(page, served_site, "联刚稳定团")
    status = page.locator("[data-search-status]").inner_text()
    assert "不完整" not in status and page.locator(".search-results [role=option]").count() > 0, status
    context.close()
