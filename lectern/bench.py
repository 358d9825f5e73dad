"""`python build.py bench`: build scaled copies of the bundled content and report what it costs.

Each scale (1x, 10x, 50x) is a content folder with that many copies of every document
(new slugs, same text) plus the glossary and conversion overrides. Each build runs in a
fresh Python process, so wall time includes start-up and peak memory is that process's.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from .config import Config

# Prints the peak resident memory (KiB) of the build process and of its largest render process.
CHILD = (
    "import resource, sys; from lectern.cli import main; code = main(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
    "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(code)"
)


@dataclass
class Measurement:
    scale: int
    documents: int
    source_bytes: int
    runs: int
    wall_seconds_median: float
    wall_seconds_min: float
    peak_memory_mb: float
    """Peak resident memory of the build process."""
    peak_render_process_mb: float
    """Peak of the largest forked render process (it shares the parent's pages until it writes to them);
    0 on a one-core machine, where the editions render in the build process."""
    output_files: int
    output_bytes: int
    index_bytes: int
    index_gzip_bytes: int
    source_mb_per_second: float


def make_corpus(content: Path, scale: int, target: Path) -> Path:
    """`scale` copies of every document; copy k of slug s is s-xk (the first keeps its slug)."""
    target.mkdir(parents=True)
    for extra in ("glossary.yaml", "conversion-overrides.tsv"):
        if (content / extra).exists():
            shutil.copy(content / extra, target / extra)
    for source in sorted(content.glob("*.md")):
        text = source.read_text(encoding="utf-8")
        slug = next(line.split(":", 1)[1].strip() for line in text.split("\n") if line.startswith("slug:"))
        for copy in range(scale):
            name = slug if copy == 0 else f"{slug}-x{copy + 1}"
            (target / f"{name}.md").write_text(text.replace(f"slug: {slug}", f"slug: {name}", 1), encoding="utf-8")
    return target


def measure(content: Path, scale: int, runs: int, workdir: Path) -> Measurement:
    corpus = make_corpus(content, scale, workdir / f"content-{scale}x")
    out = workdir / f"site-{scale}x"
    times, memory, render_memory = [], 0.0, 0.0
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", CHILD, "--content", str(corpus), "--out", str(out), "--quiet"],
            capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent,
        )
        times.append(time.perf_counter() - started)
        if result.returncode != 0:
            raise RuntimeError(f"build of the {scale}x corpus failed:\n{result.stderr}")
        own, children = (int(kib) for kib in result.stderr.strip().split("\n")[-1].split())
        memory, render_memory = max(memory, own / 1024), max(render_memory, children / 1024)
    files = [path for path in out.rglob("*") if path.is_file()]
    index = [path for path in (out / "search").rglob("*") if path.is_file()] if (out / "search").exists() else []
    source_bytes = sum(path.stat().st_size for path in corpus.iterdir())
    median = statistics.median(times)
    return Measurement(
        scale=scale,
        documents=len(list(corpus.glob("*.md"))),
        source_bytes=source_bytes,
        runs=runs,
        wall_seconds_median=round(median, 3),
        wall_seconds_min=round(min(times), 3),
        peak_memory_mb=round(memory, 1),
        peak_render_process_mb=round(render_memory, 1),
        output_files=len(files),
        output_bytes=sum(path.stat().st_size for path in files),
        index_bytes=sum(path.stat().st_size for path in index),
        index_gzip_bytes=sum(len(gzip.compress(path.read_bytes(), 9)) for path in index),
        source_mb_per_second=round(source_bytes / 1e6 / median, 3),
    )


def file_creation_ms(folder: Path, count: int = 500) -> float:
    """Milliseconds to create a folder holding one small file, the shape of a paragraph page.

    Writing the site is bound by this file-system latency; it has varied twenty-fold between
    machines of the same kind here, so the benchmark records it beside the build times.
    """
    started = time.perf_counter()
    for number in range(count):
        (folder / str(number)).mkdir()
        (folder / str(number) / "index.html").write_bytes(b"x" * 8000)
    elapsed = time.perf_counter() - started
    shutil.rmtree(folder)
    return round(elapsed / count * 1000, 3)


def run_bench(scales: list[int], runs: int, json_path: Path | None, say=print,
              content: Path | None = None) -> list[Measurement]:
    content = content or Config().content  # the project's content (the CLI passes it), else the checkout's
    results = []
    with tempfile.TemporaryDirectory(prefix="lectern-bench-") as folder:
        (Path(folder) / "fs-probe").mkdir()
        latency = file_creation_ms(Path(folder) / "fs-probe")  # where the builds below write
        say(f"file system: {latency} ms to create a folder holding one file")
        for scale in scales:
            repeat = runs if scale <= 10 else max(1, runs // 3)
            say(f"building the {scale}x corpus {repeat} time(s)…")
            results.append(measure(content, scale, repeat, Path(folder)))
    say(format_table(results))
    if json_path:
        machine = {"python": platform.python_version(), "cpus": os.cpu_count(), "system": platform.platform(),
                   "file_creation_ms": latency}
        json_path.write_text(json.dumps({"machine": machine, "results": [asdict(r) for r in results]},
                                        indent=2) + "\n", encoding="utf-8")
        say(f"wrote {json_path}")
    return results


def format_table(results: list[Measurement]) -> str:
    head = ("| scale | documents | source | wall time (median) | peak memory (build / render process) | output | files "
            "| search index (raw / gzip) | throughput |")
    rule = "|---|---|---|---|---|---|---|---|---|"
    rows = [
        f"| {r.scale}x | {r.documents} | {r.source_bytes / 1e6:.2f} MB | {r.wall_seconds_median:.2f} s "
        f"(min {r.wall_seconds_min:.2f}, {r.runs} runs) | {r.peak_memory_mb:.0f} MB / "
        f"{f'{r.peak_render_process_mb:.0f} MB' if r.peak_render_process_mb else 'none (one core)'} "
        f"| {r.output_bytes / 1e6:.1f} MB "
        f"| {r.output_files} | {r.index_bytes / 1e3:.0f} KB / {r.index_gzip_bytes / 1e3:.0f} KB "
        f"| {r.source_mb_per_second:.2f} MB/s |"
        for r in results
    ]
    return "\n".join([head, rule, *rows])
