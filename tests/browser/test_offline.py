"""Offline reading over http: the worker downloads a small shell on the first visit, caches what
the reader opens, and saves a document or the library on request; from file:// nothing registers."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading

import pytest

from lectern.bench import edit_one_paragraph, make_corpus
from lectern.offline import SHELL_BUDGET

from ..conftest import CHROMIUM, CHROMIUM_ARGS, FIXTURES, ROOT, build_into

pytestmark = pytest.mark.browser


class _Counting(http.server.SimpleHTTPRequestHandler):
    """Serves the site and notes each response's path, size and Sec-Fetch-Dest (`empty` for what a
    script fetches: the worker's downloads; pages, scripts and styles say `document`, `script`…)."""

    def log_message(self, *args):
        pass

    def copyfile(self, source, outputfile):
        data = source.read()
        self.server.served.append((self.path.split("?")[0], len(data), self.headers.get("Sec-Fetch-Dest", "")))
        outputfile.write(data)


def serve(folder):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Counting, directory=str(folder)))
    server.served = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture
def served_site(built_site):
    server, url = serve(built_site)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def library_site(tmp_path_factory):
    """Three copies of the bundled documents (six documents, several search volumes)."""
    folder = tmp_path_factory.mktemp("library")
    return build_into(make_corpus(ROOT / "content", 3, folder / "content"), folder / "site")


def controlled(page, url: str) -> None:
    """Open `url` and wait until the worker has installed (its download done) and controls the page."""
    page.goto(url)
    assert page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def cached_paths(page) -> list[str]:
    return page.evaluate(
        """() => caches.keys()
        .then(names => Promise.all(names.filter(n => n !== 'lectern-saved').map(n => caches.open(n).then(c => c.keys()))))
        .then(lists => lists.flat().map(r => new URL(r.url).pathname))"""
    )


def save_document(page, url: str) -> None:
    controlled(page, url)
    button = page.locator("[data-offline-document] [data-offline-save]")
    button.wait_for(state="visible")
    assert "MB" in button.inner_text()  # the size is shown before the reader asks
    button.click()
    page.wait_for_function(
        "() => document.querySelector('[data-offline-document] .offline-status').textContent.includes('✓')",
        timeout=60_000,
    )


DONE = "() => LecternSearch.boxes[0] && LecternSearch.boxes[0].outcome && LecternSearch.boxes[0].outcome.done"


def search(page, served_site: str, query: str, edition: str = "zh-hans") -> str:
    page.goto(served_site + f"{edition}/search/index.html?q=" + query)
    page.wait_for_function(DONE, timeout=20_000)
    return page.locator("[data-search-status]").inner_text()


def test_the_first_visit_downloads_the_shell_under_the_budget_and_no_document(browser, library_site):
    server, url = serve(library_site)
    context = browser.new_context()
    try:
        page = context.new_page()
        controlled(page, url + "index.html")
        page.wait_for_timeout(500)  # anything the page itself fetches once the worker is in control
        background = [(path, size) for path, size, dest in server.served if dest == "empty"]
        total = sum(size for _, size in background)
        assert 50_000 < total <= SHELL_BUDGET, (total, background)
        paths = cached_paths(page)
        assert any(path.endswith("/search/zh-hans/manifest.js") for path in paths)
        assert any(path.endswith("/zh-hant/index.html") for path in paths)
        for path in paths:  # no document page, no search piece or fragment, no glossary
            assert "/index/" not in path and "/text/" not in path and "/glossary/" not in path, path
            assert not path.endswith(("/hippo-2015/index.html", "/c34-2014-x2/index.html")), path
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_a_saved_document_can_be_read_and_searched_offline(browser, served_site):
    context = browser.new_context()
    page = context.new_page()
    save_document(page, served_site + "zh-hans/hippo-2015/index.html")
    context.set_offline(True)
    page.goto(served_site + "zh-hans/hippo-2015/index.html#p105")
    assert "关于保护平民" in page.locator("#p105").inner_text()
    # its term pop-ups (terms.js was saved with it)
    term = page.locator(".doc-body a.term").first
    term.click()
    page.locator("#lectern-popup").wait_for(state="visible")
    # search finds it, and names the document it could not search
    status = search(page, served_site, "保护平民")
    assert page.locator(".search-results a[role=option][href*='/hippo-2015/index.html#']").count() > 0
    assert "未能搜索《特别委员会各项建议的执行情况》" in status, status
    assert "和平行动问题高级别独立小组报告" not in status, status
    context.close()


def test_offline_an_unsaved_document_shows_a_notice_that_names_what_is_saved(browser, served_site):
    context = browser.new_context()
    page = context.new_page()
    save_document(page, served_site + "zh-hans/hippo-2015/index.html")
    context.set_offline(True)
    page.goto(served_site + "zh-hans/c34-2014/index.html")
    notice = page.locator("[data-offline-notice]")
    assert "这一页没有保存" in notice.inner_text()
    link = notice.locator("a[href$='/zh-hans/hippo-2015/index.html']")
    assert link.count() == 1
    link.click()
    page.wait_for_url("**/zh-hans/hippo-2015/index.html")
    assert page.locator("#p105").count() == 1
    context.close()


def test_offline_unvisited_term_and_paragraph_pages_open_their_text_in_a_saved_page(browser, served_site):
    context = browser.new_context()
    page = context.new_page()
    save_document(page, served_site + "zh-hant/hippo-2015/index.html")
    context.set_offline(True)
    page.goto(served_site + "zh-hant/hippo-2015/p/105/index.html")
    page.wait_for_url("**/zh-hant/hippo-2015/index.html#p105")
    assert "關於保護平民" in page.locator("#p105").inner_text()
    page.goto(served_site + "zh-hant/glossary/baohu-pingmin/index.html")
    page.wait_for_url("**/zh-hant/glossary/index.html#baohu-pingmin")
    assert page.locator("#baohu-pingmin").count() == 1
    context.close()


def test_removing_a_saved_document_frees_it(browser, served_site):
    context = browser.new_context()
    page = context.new_page()
    save_document(page, served_site + "zh-hans/hippo-2015/index.html")
    assert any(path.endswith("/search/zh-hans/text/10.js") for path in cached_paths(page))
    page.goto(served_site + "zh-hans/index.html")
    saved = page.locator("[data-offline-saved] li")
    saved.first.wait_for()
    assert "和平行动问题高级别独立小组报告" in saved.first.inner_text() and "MB" in saved.first.inner_text()
    saved.first.locator("[data-offline-remove]").click()
    page.wait_for_function("() => document.querySelector('[data-offline-saved] .offline-none') !== null")
    paths = cached_paths(page)
    assert not any(path.endswith("/zh-hans/hippo-2015/index.html") or "/search/zh-hans/text/" in path for path in paths)
    # The browser's own HTTP cache may still hold the page for a while; it is not what the reader saved.
    context.new_cdp_session(page).send("Network.clearBrowserCache")
    context.set_offline(True)
    page.goto(served_site + "zh-hans/hippo-2015/index.html")
    assert page.locator("[data-offline-notice]").count() == 1
    context.close()


def test_the_whole_library_can_be_saved_from_the_home_page_and_searched_offline(browser, served_site):
    context = browser.new_context()
    page = context.new_page()
    controlled(page, served_site + "zh-hant/index.html")
    button = page.locator("[data-offline-library] [data-offline-save]")
    button.wait_for(state="visible")
    assert "MB" in button.inner_text()
    button.click()
    page.wait_for_function(
        "() => document.querySelector('[data-offline-library] .offline-status').textContent.includes('已儲存')",
        timeout=90_000,
    )
    context.set_offline(True)
    status = search(page, served_site, "聯剛穩定團", "zh-hant")
    assert "不完整" not in status and page.locator(".search-results [role=option]").count() > 0, status
    page.goto(served_site + "zh-hant/c34-2014/index.html#p66")
    assert page.locator("#p66").count() == 1
    page.goto(served_site + "zh-hant/recommendations/index.html")
    assert page.locator("[data-offline-notice]").count() == 0
    context.close()


def test_a_page_the_reader_opened_is_kept_for_offline_reading(browser, served_site):
    context = browser.new_context()
    page = context.new_page()
    controlled(page, served_site + "zh-hans/c34-2014/index.html")
    page.goto(served_site + "zh-hans/recommendations/index.html")
    for _ in range(100):  # the worker puts what it fetched into its cache after answering
        if any(path.endswith("/zh-hans/recommendations/index.html") for path in cached_paths(page)):
            break
        page.wait_for_timeout(100)
    context.set_offline(True)
    page.goto(served_site + "zh-hans/recommendations/index.html")
    assert page.locator("[data-offline-notice]").count() == 0 and page.locator("main").count() == 1
    page.goto(served_site + "zh-hans/c34-2014/index.html")  # the first page, opened before the worker ran
    assert page.locator("#p66").count() == 1
    context.close()


def test_chromium_finds_the_site_installable(browser, served_site, tmp_path):
    """Manifest, icon and a worker that controls the page: chromium's own installability check.
    (It refuses every incognito context, so this one has a profile folder of its own.)"""
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS
    )
    try:
        page = context.new_page()
        controlled(page, served_site + "index.html")
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


def test_from_file_urls_no_worker_registers_and_no_offline_control_appears(page, built_site):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto((built_site / "zh-hans" / "hippo-2015" / "index.html").as_uri())
    page.wait_for_timeout(300)
    assert page.evaluate("() => navigator.serviceWorker ? navigator.serviceWorker.controller === null : true")
    assert page.locator("[data-offline-document]").is_hidden()
    page.goto((built_site / "zh-hans" / "index.html").as_uri())
    page.wait_for_timeout(300)
    assert page.locator("[data-offline-library]").is_hidden()
    assert errors == []


def test_a_new_build_keeps_what_was_saved_and_downloads_only_what_changed(browser, tmp_path):
    content = tmp_path / "content"
    site = build_into(make_corpus(ROOT / "content", 1, content), tmp_path / "site")
    server, url = serve(site)
    context = browser.new_context()
    try:
        page = context.new_page()
        save_document(page, url + "zh-hans/hippo-2015/index.html")
        old = page.evaluate("() => caches.keys()")
        source = content / "c34-2014.md"  # another document changes: the saved one does not
        source.write_text(edit_one_paragraph(source.read_text(encoding="utf-8")), encoding="utf-8")
        build_into(content, site)
        server.served.clear()
        page.goto(url + "zh-hans/index.html")  # the browser finds the new worker and installs it
        for _ in range(300):  # the new worker installed and activated: the old version's cache is gone
            names = page.evaluate("() => caches.keys()")
            if len(names) >= 2 and not set(names) & set(old) - {"lectern-saved"}:
                break
            page.wait_for_timeout(100)
        assert not set(names) & set(old) - {"lectern-saved"}, (old, names)
        fetched = {path for path, _, dest in server.served if dest == "empty"}
        assert "/zh-hans/hippo-2015/index.html" not in fetched and "/zh-hans/glossary/index.html" not in fetched
        assert "/search/zh-hans/manifest.js" in fetched  # the search manifest changed with the text
        context.set_offline(True)
        page.goto(url + "zh-hans/hippo-2015/index.html#p105")
        assert "关于保护平民" in page.locator("#p105").inner_text()
        status = search(page, url, "保护平民")
        assert page.locator(".search-results a[role=option][href*='/hippo-2015/index.html#']").count() > 0, status
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_a_document_saved_from_its_parallel_page_reads_beside_its_english_offline(browser, tmp_path):
    """The save button is on the parallel page too, and what it saves includes that page and the English text."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "site" / "content", content)
    server, url = serve(build_into(content, tmp_path / "site"))
    context = browser.new_context()
    page = context.new_page()
    try:
        save_document(page, url + "zh-hant/fixture-2020/en/index.html")
        context.set_offline(True)
        page.goto(url + "zh-hant/fixture-2020/en/index.html#p2")
        assert "The Panel recommends" in page.locator("#en-p2").inner_text()
        page.goto(url + "zh-hant/fixture-2020/index.html#p2")
        assert page.locator("#p2").is_visible()
    finally:
        context.close()
        server.shutdown()
        server.server_close()
