"""Shared fixtures: the real site built once, the small fixture site, and a real chromium."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from lectern.config import Config
from lectern.pipeline import build_site

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden from the fixture site")


def build_into(content: Path, out: Path, *, strict: bool = False) -> Path:
    build_site(Config(content=content, out=out, strict=strict))
    return out


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The bundled content, built once per test session, strictly: as CI builds it."""
    return build_into(ROOT / "content", tmp_path_factory.mktemp("built") / "site", strict=True)


@pytest.fixture
def fixture_content(tmp_path) -> Path:
    """A writable copy of the small fixture site's content folder."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "site" / "content", target)
    return target


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium through Playwright. In CI a missing browser fails the run instead of skipping."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; the test command installs it with apt-get")
        pytest.skip(f"{CHROMIUM} not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def disk_full_at(monkeypatch, suffix: str) -> None:
    """From now on, creating a site file whose path ends with `suffix` fails as on a full disk (stage_file
    creates files with os.open; other files open as usual)."""
    import errno

    from lectern import write

    real_open = os.open

    def disk_full(path, flags, *args, **kwargs):
        if str(path).endswith(suffix):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(write.os, "open", disk_full)
