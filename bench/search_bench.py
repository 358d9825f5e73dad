"""Search benchmark: index build time, index bytes, first-result payload, keystroke-to-results in chromium.

    python bench/search_bench.py            # bundled content, then a generated corpus 10x larger
    python bench/search_bench.py --no-10x   # bundled content only

Numbers are medians / p95 over a fixed query list typed one character at a time into the
search box of a page opened from file://, after the index has loaded. Not part of the tests.
"""

from __future__ import annotations

import argparse
import gzip
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import lectern.pipeline as pipeline  # noqa: E402
from lectern.config import Config  # noqa: E402
from lectern.search import decode_index_file  # noqa: E402
from lectern.search_engine import SearchIndex  # noqa: E402

QUERIES = ["保护平民", "快速部署", "联刚稳定团", "第1325(2000)号决议", "A/55/305", "安全理事会 授权", "維持和平行動",
           "105(c)", "peacekeeping", "妇女与和平与安全", "性剥削和性虐待", "政治解决"]
CHROMIUM = "/usr/bin/chromium"


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9, mtime=0))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def build(content: Path, out: Path) -> dict:
    timings = {}
    original = pipeline.build_search_files

    def timed(*args, **kwargs):
        started = time.perf_counter()
        files = original(*args, **kwargs)
        timings["index"] = time.perf_counter() - started
        return files

    pipeline.build_search_files = timed
    try:
        started = time.perf_counter()
        pipeline.build_site(Config(content=content, out=out))
        timings["site"] = time.perf_counter() - started
    finally:
        pipeline.build_search_files = original
    started = time.perf_counter()
    _ = SearchIndex(decode_index_file((out / "search" / "zh-hans.js").read_bytes())).index  # builds lunr.py's index
    timings["lunr_py"] = time.perf_counter() - started
    return timings


def sizes(out: Path) -> dict:
    result = {}
    for edition in ("zh-hans", "zh-hant"):
        data = (out / "search" / f"{edition}.js").read_bytes()
        result[edition] = (len(data), gz(data))
    code = [out / "assets" / "search.js", out / "assets" / "search.css", out / "assets" / "vendor" / "lunr-2.3.9" / "lunr.min.js"]
    result["code"] = (sum(len(path.read_bytes()) for path in code), sum(gz(path.read_bytes()) for path in code))
    result["first_result"] = max(result["zh-hans"][1], result["zh-hant"][1]) + result["code"][1]
    return result


def browser_timings(out: Path) -> dict:
    from playwright.sync_api import sync_playwright

    keystrokes, frames, ready = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        for edition in ("zh-hans", "zh-hant"):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto((out / edition / "index.html").as_uri())
            started = time.perf_counter()
            page.locator("input[type=search]").focus()
            page.wait_for_function("() => window.LecternSearch.engine()")
            ready.append((time.perf_counter() - started) * 1000)
            for query in QUERIES:
                page.fill("input[type=search]", "")
                typed = ""
                for char in query:
                    typed += char
                    page.keyboard.type(char)
                    page.wait_for_function("(q) => { const t = LecternSearch.boxes[0].lastTiming;"
                                           " return t && t.query === q && t.frame !== undefined; }", arg=typed)
                    timing = page.evaluate("() => LecternSearch.boxes[0].lastTiming")
                    keystrokes.append(timing["total"])
                    frames.append(timing["frame"])
            page.close()
        browser.close()
    return {
        "ready_ms": statistics.median(ready),
        "keystrokes": len(keystrokes),
        "median_ms": statistics.median(keystrokes), "p95_ms": percentile(keystrokes, 0.95),
        "frame_median_ms": statistics.median(frames), "frame_p95_ms": percentile(frames, 0.95),
    }


def corpus_10x(target: Path) -> Path:
    """Ten copies of every bundled document under new slugs, with the same glossary and overrides."""
    shutil.copytree(ROOT / "content", target)
    for source in sorted((ROOT / "content").glob("*.md")):
        text = source.read_text(encoding="utf-8")
        slug = re.search(r"^slug:\s*(\S+)", text, re.M).group(1)
        for copy in range(2, 11):
            (target / f"{slug}-{copy}.md").write_text(
                re.sub(r"^slug:\s*\S+", f"slug: {slug}-{copy}", text, count=1, flags=re.M), encoding="utf-8")
    return target


def report(name: str, content: Path, work: Path) -> None:
    out = work / name
    timings = build(content, out)
    size = sizes(out)
    browser = browser_timings(out)
    kb = lambda n: f"{n / 1024:.0f} KB"  # noqa: E731
    print(f"\n## {name}")
    print(f"site build {timings['site']:.2f} s, of which search files {timings['index']:.2f} s "
          f"(lunr.py building the same index, for reference: {timings['lunr_py']:.2f} s)")
    for edition in ("zh-hans", "zh-hant"):
        raw, packed = size[edition]
        print(f"index file {edition}: {kb(raw)} raw, {kb(packed)} gzip")
    print(f"search code (search.js, search.css, lunr.min.js): {kb(size['code'][0])} raw, {kb(size['code'][1])} gzip")
    print(f"first-result payload (code + one index file, gzip): {kb(size['first_result'])}")
    print(f"index ready after first focus (load + expand, median of 2): {browser['ready_ms']:.0f} ms")
    print(f"keystroke to results over {browser['keystrokes']} keystrokes: median {browser['median_ms']:.1f} ms, "
          f"p95 {browser['p95_ms']:.1f} ms (to the next frame: median {browser['frame_median_ms']:.1f} ms, "
          f"p95 {browser['frame_p95_ms']:.1f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-10x", action="store_true", help="skip the generated 10x corpus")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lectern-bench-") as folder:
        work = Path(folder)
        report("bundled content", ROOT / "content", work)
        if not args.no_10x:
            report("10x corpus", corpus_10x(work / "content-10x"), work)


if __name__ == "__main__":
    main()
