"""How soon a shared paragraph link shows its paragraph on a slow phone, and whether it stays put.

    python3 bench/reading_bench.py SITE [SITE ...] [--runs 7] [--throttle 4] [--anchor p282]

Opens `<SITE>/zh-hans/hippo-2015/index.html#p282` from file:// in headless chromium at 360x740 with
touch, the CPU throttled through CDP (Emulation.setCPUThrottlingRate). An init script (outside the
page's CSP) checks on every frame whether the paragraph is in view below the header and records the
first time it is (ms since navigation start), then where it is 2 s later. Several sites are measured
interleaved, run by run, so that the ratios hold on a busy machine; read the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

WATCH = """(anchor) => {
    window.__shown = null; window.__tops = [];
    const check = () => {
        const el = document.getElementById(anchor);
        const header = document.querySelector('.site-header');
        if (el && header) {
            const top = el.getBoundingClientRect().top, bar = header.getBoundingClientRect().bottom;
            if (window.__shown === null && top >= bar - 1 && top < innerHeight) window.__shown = performance.now();
            if (window.__shown !== null) window.__tops.push(Math.round(top));
        }
        if (performance.now() < 15000) requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
}"""


def measure(browser, site: Path, anchor: str, throttle: float) -> tuple[float | None, int]:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    page.add_init_script(f"({WATCH})({anchor!r})")
    page.goto((site / "zh-hans" / "hippo-2015" / "index.html").as_uri() + "#" + anchor, wait_until="load")
    page.wait_for_timeout(2000)
    shown, tops = page.evaluate("[window.__shown, window.__tops]")
    context.close()
    moved = max(tops) - min(tops) if tops else -1
    return shown, moved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--throttle", type=float, default=4)
    parser.add_argument("--anchor", default="p282")
    args = parser.parse_args()
    results: dict[Path, list[float]] = {site: [] for site in args.sites}
    moves: dict[Path, list[int]] = {site: [] for site in args.sites}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for _ in range(args.runs):
            for site in args.sites:
                shown, moved = measure(browser, site, args.anchor, args.throttle)
                results[site].append(shown if shown is not None else float("inf"))
                moves[site].append(moved)
        browser.close()
    first = statistics.median(results[args.sites[0]])
    for site in args.sites:
        times = sorted(results[site])
        median = statistics.median(times)
        page = site / "zh-hans" / "hippo-2015" / "index.html"
        print(
            f"{site}: #{args.anchor} in view after median {median:.0f} ms (min {times[0]:.0f}, max {times[-1]:.0f}) "
            f"at {args.throttle:g}x CPU; page {page.stat().st_size // 1024} KB; moved after showing up to "
            f"{max(moves[site])} px; ratio to the first site {median / first:.2f}"
        )


if __name__ == "__main__":
    main()
