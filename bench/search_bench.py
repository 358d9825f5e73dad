"""Search benchmark: Lectern's sharded search against Pagefind on the same generated corpus, in chromium.

    python3 bench/search_bench.py                     # 1x and 10x, Pagefind if installed
    python3 bench/search_bench.py --scales 1,10,50
    python3 bench/search_bench.py --pagefind /path/to/node_modules/.bin/pagefind

Corpora are made as `python3 build.py bench` makes them (lectern/bench.py: copies of every bundled
document under new slugs). Each is built by Lectern; Pagefind (`npm install pagefind`; give its
binary with --pagefind, or it is looked up on PATH and in ./node_modules/.bin) indexes the
Simplified document pages of the same output. Both are served from 127.0.0.1 by one gzip-compressing
server (Pagefind's own files are compressed already and sent as they are), with the service worker
blocked, and measured in headless chromium, unthrottled and with the CPU throttled 4x through CDP
(Emulation.setCPUThrottlingRate), in the same run:

- cold: a fresh browser context opens a page, then the clock starts with the focus of the search box
  (Lectern) or the import of pagefind.js (Pagefind); "first results" is when the first results are
  on screen (Lectern) or the data of the first five results has arrived (Pagefind's own API:
  `search()` then `data()` of five results); bytes are what went over the wire (gzip) meanwhile.
  For Lectern also the time and bytes until the count is final (every candidate checked).
- warm: after the cold query, a fixed list of queries typed one character at a time; each keystroke
  to its first results (Lectern: results on screen; Pagefind: `search()` + five `data()`).

The figures vary with the machine's load: compare the ratios, measured side by side.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import lectern.pipeline as pipeline  # noqa: E402
from lectern.bench import make_corpus  # noqa: E402
from lectern.config import Config  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
COLD = ["保护平民", "安全理事会 授权", "联刚稳定团"]
WARM = ["快速部署", "第1325(2000)号决议", "妇女与和平与安全", "政治解决", "peacekeeping", "105(c)"]
COMPRESSED = {".js", ".html", ".css", ".json", ".svg", ".webmanifest"}
PAGEFIND_PAGE = """<!doctype html><html lang="zh-Hans"><meta charset="utf-8"><title>Pagefind bench</title>
<body><p>Pagefind bench page (no CSP, so that Pagefind's WebAssembly may run).</p></body></html>
"""

LECTERN_COLD = """async (query) => {
    const started = performance.now();
    const input = document.querySelector("input[type=search]");
    input.focus();
    input.value = query;
    input.dispatchEvent(new Event("input"));
    const box = () => LecternSearch.boxes[0];
    await new Promise(resolve => { const check = () => {
        const o = box().outcome;
        if (o && o.query === query && (o.done || document.querySelector(".search-panel [role=option]:not(.search-more)")))
            resolve(); else setTimeout(check, 2); }; check(); });
    return performance.now() - started;
}"""

LECTERN_DONE = """async (query) => {
    const box = () => LecternSearch.boxes[0];
    await new Promise(resolve => { const check = () => {
        const o = box().outcome; if (o && o.query === query && o.done) resolve(); else setTimeout(check, 5); }; check(); });
    return [box().outcome.finished - box().outcome.started, box().outcome.hits.length];
}"""

PAGEFIND_COLD = """async (query) => {
    const started = performance.now();
    window.pf = await import("./pagefind-bench/pagefind.js");
    const search = await window.pf.search(query);
    await Promise.all(search.results.slice(0, 5).map(result => result.data()));
    return [performance.now() - started, search.results.length];
}"""

PAGEFIND_KEY = """async (query) => {
    const started = performance.now();
    const search = await window.pf.search(query);
    await Promise.all(search.results.slice(0, 5).map(result => result.data()));
    return performance.now() - started;
}"""


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with gzip for text types (as any production server sends them)."""

    cache: dict[str, bytes] = {}

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path.split("?")[0]))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in COMPRESSED or not path.is_file():
            return super().send_head()
        body = self.cache.get(str(path))
        if body is None:
            body = self.cache[str(path)] = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        from io import BytesIO

        return BytesIO(body)


def serve(folder: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def build(content: Path, out: Path) -> float:
    """Seconds of the index stage (the search files, streamed as they are made, and the assets)."""
    return pipeline.build_site(Config(content=content, out=out)).timings["index"]


def find_pagefind(given: str | None) -> str | None:
    for candidate in [given, shutil.which("pagefind"), str(ROOT / "node_modules" / ".bin" / "pagefind")]:
        if candidate and Path(candidate).exists():
            return candidate
    return None


def pagefind_index(binary: str, site: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [binary, "--site", str(site), "--glob", "zh-hans/*/index.html", "--output-subdir", "pagefind-bench"],
        check=True,
        capture_output=True,
    )
    (site / "pf-bench.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
    return time.perf_counter() - started


class Meter:
    """Bytes over the wire of the requests a page makes, as chromium counts them (encoded body + headers)."""

    def __init__(self, page):
        self.sizes: list[int] = []
        self.urls: list[str] = []
        page.on("requestfinished", self.finished)

    def finished(self, request):
        try:
            sizes = request.sizes()
            self.sizes.append(sizes["responseBodySize"] + sizes["responseHeadersSize"])
            self.urls.append(request.url)
        except Exception:  # noqa: BLE001 - a request of a closed page
            pass

    def mark(self) -> int:
        return len(self.sizes)

    def since(self, mark: int) -> tuple[int, int]:
        return sum(self.sizes[mark:]), len(self.sizes) - mark


def new_page(browser, throttle: int):
    context = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    session = context.new_cdp_session(page)
    return context, page, session


def lectern_runs(browser, base: str, throttle: int) -> dict:
    cold, keys = [], []
    for query in COLD:
        context, page, session = new_page(browser, throttle)
        meter = Meter(page)
        page.goto(base + "zh-hans/index.html")
        page.wait_for_load_state("load")
        session.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
        mark = meter.mark()
        first = page.evaluate(LECTERN_COLD, query)
        page.wait_for_timeout(50)
        first_bytes, first_requests = meter.since(mark)
        complete, hits = page.evaluate(LECTERN_DONE, query)
        page.wait_for_timeout(50)
        all_bytes, all_requests = meter.since(mark)
        cold.append(
            {
                "query": query,
                "first_ms": first,
                "first_bytes": first_bytes,
                "first_requests": first_requests,
                "complete_ms": complete,
                "complete_bytes": all_bytes,
                "complete_requests": all_requests,
                "hits": hits,
            }
        )
        if query == COLD[0]:  # warm: keystrokes after the cold query
            for warm in WARM:
                page.fill("input[type=search]", "")
                typed = ""
                for char in warm:
                    typed += char
                    page.keyboard.type(char)
                    page.wait_for_function(
                        "(q) => { const t = LecternSearch.boxes[0].lastTiming;"
                        " return t && t.query === q && t.total !== null; }",
                        arg=typed,
                        timeout=60_000,
                    )
                    keys.append(page.evaluate("() => LecternSearch.boxes[0].lastTiming.total"))
        context.close()
    return {"cold": cold, "keys": keys}


def pagefind_runs(browser, base: str, throttle: int) -> dict:
    cold, keys = [], []
    for query in COLD:
        context, page, session = new_page(browser, throttle)
        meter = Meter(page)
        page.goto(base + "pf-bench.html")
        page.wait_for_load_state("load")
        session.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
        mark = meter.mark()
        first, hits = page.evaluate(PAGEFIND_COLD, query)
        page.wait_for_timeout(50)
        first_bytes, first_requests = meter.since(mark)
        cold.append(
            {
                "query": query,
                "first_ms": first,
                "first_bytes": first_bytes,
                "first_requests": first_requests,
                "hits": hits,
            }
        )
        if query == COLD[0]:
            for warm in WARM:
                for end in range(1, len(warm) + 1):
                    keys.append(page.evaluate(PAGEFIND_KEY, warm[:end]))
        context.close()
    return {"cold": cold, "keys": keys}


def summary(runs: dict) -> dict:
    cold = runs["cold"]
    out = {
        "first_ms": statistics.median(run["first_ms"] for run in cold),
        "first_kb": statistics.median(run["first_bytes"] for run in cold) / 1024,
        "first_kb_max": max(run["first_bytes"] for run in cold) / 1024,
        "key_p50": statistics.median(runs["keys"]),
        "key_p95": percentile(runs["keys"], 0.95),
    }
    if "complete_ms" in cold[0]:
        out["complete_ms"] = statistics.median(run["complete_ms"] for run in cold)
        out["complete_kb"] = statistics.median(run["complete_bytes"] for run in cold) / 1024
    return out


def files_of(folder: Path) -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file()]
    return len(files), sum(path.stat().st_size for path in files)


def report(scale: int, work: Path, pagefind: str | None, throttles: list[int]) -> None:
    content = make_corpus(ROOT / "content", scale, work / f"content-{scale}")
    site = work / f"site-{scale}"
    index_seconds = build(content, site)
    count, size = files_of(site / "search")
    print(f"\n## {scale}x corpus ({len(list(content.glob('*.md')))} documents)")
    print(f"Lectern search files: {count} files, {size / 1e6:.1f} MB (both editions), built in {index_seconds:.1f} s")
    if pagefind:
        seconds = pagefind_index(pagefind, site)
        count, size = files_of(site / "pagefind-bench")
        print(f"Pagefind (zh-hans document pages): {count} files, {size / 1e6:.1f} MB, indexed in {seconds:.1f} s")
    server, base = serve(site)
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for throttle in throttles:
                lectern = lectern_runs(browser, base, throttle)
                peer = pagefind_runs(browser, base, throttle) if pagefind else None
                mine = summary(lectern)
                print(
                    f"\nCPU {throttle}x | cold query, first results (median of {len(COLD)}) | bytes to first results "
                    "(median / max) | keystroke to results p50 / p95"
                )
                print(
                    f"Lectern  | {mine['first_ms']:.0f} ms | {mine['first_kb']:.0f} / {mine['first_kb_max']:.0f} KB | "
                    f"{mine['key_p50']:.0f} / {mine['key_p95']:.0f} ms   (count final after {mine['complete_ms']:.0f} ms, "
                    f"{mine['complete_kb']:.0f} KB)"
                )
                for run in lectern["cold"]:
                    print(
                        f"    {run['query']}: {run['first_ms']:.0f} ms, {run['first_bytes'] / 1024:.0f} KB in "
                        f"{run['first_requests']} requests; final count {run['hits']} after {run['complete_ms']:.0f} ms, "
                        f"{run['complete_bytes'] / 1024:.0f} KB in {run['complete_requests']} requests"
                    )
                if peer:
                    theirs = summary(peer)
                    print(
                        f"Pagefind | {theirs['first_ms']:.0f} ms | {theirs['first_kb']:.0f} / {theirs['first_kb_max']:.0f} KB | "
                        f"{theirs['key_p50']:.0f} / {theirs['key_p95']:.0f} ms"
                    )
                    for run in peer["cold"]:
                        print(
                            f"    {run['query']}: {run['first_ms']:.0f} ms, {run['first_bytes'] / 1024:.0f} KB in "
                            f"{run['first_requests']} requests ({run['hits']} pages)"
                        )
                    print(
                        f"Lectern/Pagefind: first results {mine['first_ms'] / theirs['first_ms']:.2f}x, bytes "
                        f"{mine['first_kb'] / theirs['first_kb']:.2f}x, keystroke p50 {mine['key_p50'] / theirs['key_p50']:.2f}x, "
                        f"p95 {mine['key_p95'] / theirs['key_p95']:.2f}x"
                    )
                sys.stdout.flush()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", default="1,10", help="comma-separated corpus scales (default 1,10)")
    parser.add_argument("--throttles", default="1,4", help="CPU throttling rates (default 1,4)")
    parser.add_argument("--pagefind", help="the pagefind binary (default: PATH, then ./node_modules/.bin)")
    parser.add_argument("--no-pagefind", action="store_true", help="measure Lectern alone")
    args = parser.parse_args()
    pagefind = None if args.no_pagefind else find_pagefind(args.pagefind)
    print(
        f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (1, 5, 15 min); "
        f"Pagefind: {pagefind or 'not found, skipped'}"
    )
    with tempfile.TemporaryDirectory(prefix="lectern-search-bench-") as folder:
        for scale in [int(value) for value in args.scales.split(",")]:
            report(scale, Path(folder), pagefind, [int(value) for value in args.throttles.split(",")])
    print(f"\nload at the end: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
