"""Offline reading: over http a service worker caches the site; from file:// nothing registers."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

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
