"""`build.py serve`: an edit is rebuilt and served; a broken edit is reported and the last good site stays."""

from __future__ import annotations

import re
import threading
import time
import urllib.request

from lectern.config import Config
from lectern.serve import serve

from .conftest import ROOT, build_into

PAGE = "zh-hans/fixture-2020/index.html"


def wait_for(condition, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


class _Lines:
    """A stderr for the serve thread: capfd's read-and-truncate can drop a line written at that instant."""

    def __init__(self):
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)  # list.append is atomic: nothing the other thread writes is lost
        return len(text)

    def flush(self) -> None:
        pass

    def text(self) -> str:
        return "".join(self.parts)


def test_serve_rebuilds_an_edit_and_keeps_serving_the_last_good_site_after_a_failed_rebuild(
    tmp_path, fixture_content, monkeypatch
):
    out = build_into(fixture_content, tmp_path / "site")
    config = Config(content=fixture_content, out=out, templates=ROOT / "templates", jobs=1)
    said: list[str] = []
    stop = threading.Event()
    server = threading.Thread(
        target=serve, args=(config, 0, said.append), kwargs={"poll_seconds": 0.05, "stop": stop}, daemon=True
    )
    server.start()
    try:
        wait_for(lambda: any(line.startswith("Serving") for line in said))
        url = next(line for line in said if line.startswith("Serving")).split(" at ")[1].split(" ")[0] + PAGE

        def fetch() -> str:
            with urllib.request.urlopen(url) as response:
                return response.read().decode("utf-8")

        assert "审查任务" in fetch()
        document = fixture_content / "fixture-2020.md"
        text = document.read_text(encoding="utf-8")
        document.write_text(text.replace("审查任务", "审查并更新任务", 1), encoding="utf-8")
        wait_for(lambda: any(line.startswith("Rebuilt") for line in said))
        good = fetch()
        assert "审查并更新任务" in good

        printed = _Lines()
        monkeypatch.setattr("sys.stderr", printed)
        document.write_text(text.replace("3\\. 保护平民", "7\\. 保护平民"), encoding="utf-8")
        wait_for(lambda: re.search(r"fixture-2020\.md:\d+: paragraph numbers jump from 2 to 7", printed.text()))
        wait_for(lambda: "still serving the last good site" in printed.text())
        assert fetch() == good
    finally:
        stop.set()
        server.join(10)
    assert not server.is_alive()


def test_files_that_vanish_while_the_watcher_looks_are_skipped(tmp_path, monkeypatch):
    from pathlib import Path

    from lectern.serve import fingerprint

    (tmp_path / "kept.md").write_text("x", encoding="utf-8")
    (tmp_path / "4913").write_text("", encoding="utf-8")  # vim's probe file, deleted at once
    real_stat = Path.stat

    def vanished(path, *args, **kwargs):
        if path.name == "4913":
            raise FileNotFoundError(2, "No such file or directory", str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", vanished)
    assert [entry[0] for entry in fingerprint([tmp_path])] == [str(tmp_path / "kept.md")]


def test_no_fork_while_another_thread_runs(tmp_path, fixture_content, monkeypatch):
    """serve rebuilds while its HTTP thread runs: forking then can deadlock the child, so the build must not fork."""
    import os
    import threading

    from lectern.config import Config
    from lectern.pipeline import build_site

    def no_fork():
        raise AssertionError("forked while another thread was running")

    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    monkeypatch.setattr(os, "fork", no_fork)
    try:
        build_site(Config(content=fixture_content, out=tmp_path / "site", jobs=2))
    finally:
        stop.set()
    assert (tmp_path / "site" / "zh-hant" / "fixture-2020" / "index.html").is_file()


def test_serve_starts_new_workers_when_its_workers_die(tmp_path, fixture_content, monkeypatch):
    """A render worker killed (out of memory, by hand) breaks the pool; serve makes a new one and the edit
    is still rebuilt, instead of every later rebuild failing until serve is restarted."""
    import os
    import signal

    from lectern import serve as serve_module

    made = []

    def recording(*args, **kwargs):
        made.append(serve_module.make_executor.__wrapped__(*args, **kwargs))
        return made[-1]

    recording.__wrapped__ = serve_module.make_executor  # type: ignore[attr-defined]
    monkeypatch.setattr(serve_module, "make_executor", recording)
    out = build_into(fixture_content, tmp_path / "site")
    config = Config(content=fixture_content, out=out, templates=ROOT / "templates", jobs=2)
    said: list[str] = []
    stop = threading.Event()
    server = threading.Thread(
        target=serve, args=(config, 0, said.append), kwargs={"poll_seconds": 0.05, "stop": stop}, daemon=True
    )
    monkeypatch.setattr("sys.stderr", _Lines())  # the failed rebuild's traceback
    server.start()
    try:
        wait_for(lambda: any(line.startswith("Serving") for line in said))
        for process in list(made[0]._processes.values()):
            os.kill(process.pid, signal.SIGKILL)
        document = fixture_content / "fixture-2020.md"
        text = document.read_text(encoding="utf-8")
        document.write_text(text.replace("审查任务", "审查并更新任务", 1), encoding="utf-8")
        wait_for(lambda: any(line.startswith("Rebuilt") for line in said))
        assert any(line.startswith("The render workers stopped") for line in said)
        assert "审查并更新任务" in (out / PAGE).read_text(encoding="utf-8")
        assert len(made) == 2
    finally:
        stop.set()
        server.join(10)
    assert not server.is_alive()


def test_an_edit_saved_while_the_first_build_ran_is_rebuilt_at_once(tmp_path, fixture_content):
    """serve compares with the sources as the first build read them (`since`), not as they are once it is done."""
    from lectern.serve import fingerprint, watched_folders

    config = Config(content=fixture_content, out=tmp_path / "site", templates=ROOT / "templates", jobs=1)
    since = fingerprint(watched_folders(config))  # taken as `build.py serve` does, before its build
    out = build_into(fixture_content, tmp_path / "site")
    document = fixture_content / "fixture-2020.md"
    document.write_text(document.read_text(encoding="utf-8").replace("审查任务", "审查并更新任务", 1), encoding="utf-8")
    said: list[str] = []
    stop = threading.Event()
    server = threading.Thread(
        target=serve,
        args=(config, 0, said.append),
        kwargs={"poll_seconds": 0.05, "stop": stop, "since": since},
        daemon=True,
    )
    server.start()
    try:
        wait_for(lambda: any(line.startswith("Rebuilt") for line in said))
        assert "审查并更新任务" in (out / PAGE).read_text(encoding="utf-8")
    finally:
        stop.set()
        server.join(timeout=30)
