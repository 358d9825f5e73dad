"""`python build.py bench`: build scaled copies of the bundled content and report what it costs.

Each scale (1x, 10x, 50x; 500x on request) is a content folder with that many copies of every
document (new slugs, same text) plus the glossary and conversion overrides. Each build runs in a
fresh Python process, so wall time includes start-up; peak memory and CPU time cover the whole
process tree (the build and its render workers). Then one paragraph is edited and rebuilt, as a
new process and the way `serve` rebuilds. Where MkDocs with Material and jieba is installed
(`pip install mkdocs-material jieba`), it builds the same corpus in the same run, interleaved.
"""

from __future__ import annotations

import compileall
import gzip
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .config import Config

# Runs the CLI and prints this process's own CPU seconds (its render workers are measured from /proc).
CHILD = (
    "import resource, sys; from lectern.cli import finish, main; code = main(sys.argv[1:]); "
    "usage = resource.getrusage(resource.RUSAGE_SELF); "
    "print('cpu', usage.ru_utime + usage.ru_stime, file=sys.stderr); finish(code)"
)

# What `serve` does after an edit: one process, one executor, a build, the edit, the rebuild.
SERVE_LIKE = """
import sys, time
from pathlib import Path
from lectern.config import Config
from lectern.executor import make_executor
from lectern.pipeline import build_site
content, out, edited = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
config = Config(content=content, out=out)
original = edited.read_text(encoding="utf-8")
with make_executor(config.jobs, config.overrides, config.template_dirs) as pool:
    build_site(config, executor=pool)
    for _ in range(int(sys.argv[4])):
        edited.write_text(edit_one_paragraph(edited.read_text(encoding="utf-8")), encoding="utf-8")
        started = time.perf_counter()
        result = build_site(config, executor=pool)
        print(time.perf_counter() - started, result.written, file=sys.stderr)
edited.write_text(original, encoding="utf-8")
"""
SERVE_EDITS = 5
"""Edits rebuilt the way serve does, one after the other: the benchmark reports their median."""


@dataclass
class Measurement:
    scale: int
    documents: int
    source_bytes: int
    runs: int
    wall_seconds_median: float
    wall_seconds_min: float
    cpu_seconds_median: float
    """CPU time of the whole process tree (the build and its render workers)."""
    peak_memory_mb: float
    """Peak resident memory of the whole process tree (proportional set size, so shared pages count once)."""
    output_files: int
    output_bytes: int
    index_bytes: int
    index_gzip_bytes: int
    source_mb_per_second: float
    rebuild_seconds: float = 0.0
    """A new `build.py` process after one paragraph was edited: start-up, then only the changed pages."""
    serve_rebuild_seconds: float = 0.0
    """The same edit rebuilt the way `serve` does it, in a process that has built once already: the median
    of SERVE_EDITS such edits, one after the other (the files written are the first's)."""
    rebuild_files_written: int = 0
    peer: str = ""
    peer_wall_seconds_median: float = 0.0
    peer_cpu_seconds_median: float = 0.0
    peer_peak_memory_mb: float = 0.0
    peer_output_files: int = 0
    peer_output_bytes: int = 0
    wall_seconds: list[float] = field(default_factory=list)
    """Each clean build's wall, in the order they ran (each followed by the peer's)."""
    peer_wall_seconds: list[float] = field(default_factory=list)

    def paired_ratios(self) -> list[float]:
        """Each clean build's wall over the peer's build right after it: the machine's load drifts within a
        run of the benchmark (the 50x builds of one run spread by 10%), and a pair sees about the same."""
        return sorted(mine / theirs for mine, theirs in zip(self.wall_seconds, self.peer_wall_seconds) if theirs)


def edit_one_paragraph(text: str) -> str:
    """The benchmark's edit: one character more in the first numbered paragraph of the body."""
    lines = text.split("\n")
    start = next(index for index, line in enumerate(lines[1:], 1) if line == "---") + 1
    for index in range(start, len(lines)):
        head = lines[index].split(" ", 1)[0]
        if head.endswith("\\.") and head[:-2].isdigit():
            lines[index] += "改"
            return "\n".join(lines)
    raise ValueError("no numbered paragraph to edit")


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float
    stderr: str
    code: int


def run_tree(command: list[str], cwd: Path, poll: float = 0.1, memory_every: int = 5) -> Run:
    """Run a command; follow its whole process tree in /proc for peak memory (PSS) and CPU time.

    Reading a process's memory map (smaps_rollup) takes a lock the process needs to allocate; polled
    often it slowed a build fourfold, so memory is read every `memory_every` polls (0 = never).
    """
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    cpu_seen: dict[int, float] = {}
    peak = 0.0
    reader = threading.Thread(
        target=lambda: setattr(process, "_err", process.stderr.read() if process.stderr else ""), daemon=True
    )
    reader.start()
    polls = 0
    while process.poll() is None:
        total = 0.0
        read_memory = memory_every and polls % memory_every == 0
        for pid in _tree(process.pid):
            if read_memory:
                total += _pss_mb(pid)
            cpu_seen[pid] = max(cpu_seen.get(pid, 0.0), _cpu_seconds(pid))
        peak = max(peak, total)
        polls += 1
        try:  # not a sleep: the wall time is read when the command ends, not at the next poll (0.1 s later)
            process.wait(timeout=poll)
        except subprocess.TimeoutExpired:
            pass
    wall = time.perf_counter() - started
    reader.join()
    err = getattr(process, "_err", "")
    # The command's own CPU time is exact when it prints it (Lectern's runs do); else the last sample.
    own = next(
        (float(line.split()[1]) for line in reversed(err.split("\n")) if line.startswith("cpu ")),
        cpu_seen.get(process.pid, 0.0),
    )
    others = sum(seconds for pid, seconds in cpu_seen.items() if pid != process.pid)
    return Run(wall, own + others, peak, err, process.returncode)


def _tree(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as stat:
                    parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = [root], [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier]
        found.extend(children)
        frontier = children
    return found


def _pss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


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


def measure(content: Path, scale: int, runs: int, workdir: Path, peer: bool = True) -> Measurement:
    corpus = make_corpus(content, scale, workdir / f"content-{scale}x")
    root = Path(__file__).resolve().parent.parent
    mkdocs = workdir / f"mkdocs-{scale}x"
    use_peer = peer and make_mkdocs_project(corpus, mkdocs)
    lectern_runs: list[Run] = []
    peer_runs: list[Run] = []
    for number in range(runs):  # interleaved with the peer, so both see the same machine load
        # A clean build into a new folder (so no build cache either); the folders are removed with the
        # bench's. Removing the last site first would make this build pay for it: ext4 without a journal
        # (this machine's disk) skips each inode freed in the last 60 s (6 min while its block is dirty)
        # when it makes a file, one by one, and a 10x site is 20,000 of them (README, Benchmarks).
        out = workdir / f"site-{scale}x-{number}"
        run = run_tree([sys.executable, "-c", CHILD, "--content", str(corpus), "--out", str(out), "--quiet"], root)
        if run.code != 0:
            raise RuntimeError(f"build of the {scale}x corpus failed:\n{run.stderr}")
        lectern_runs.append(run)
        if use_peer:
            peer_runs.append(
                run_tree([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(mkdocs / "mkdocs.yml")], mkdocs)
            )
    files = [path for path in out.rglob("*") if path.is_file()]
    index = [path for path in (out / "search").rglob("*") if path.is_file()] if (out / "search").exists() else []
    source_bytes = sum(path.stat().st_size for path in corpus.iterdir())
    median = statistics.median(run.wall for run in lectern_runs)
    # One paragraph edited: a new build process, then the way serve rebuilds.
    edited = sorted(corpus.glob("*.md"))[0]
    original = edited.read_text(encoding="utf-8")
    edited.write_text(edit_one_paragraph(original), encoding="utf-8")
    rebuild = run_tree(
        [sys.executable, "-c", CHILD, "--content", str(corpus), "--out", str(out), "--quiet"], root, memory_every=0
    )
    edited.write_text(original, encoding="utf-8")
    script = "from lectern.bench import edit_one_paragraph\n" + SERVE_LIKE
    served = run_tree(
        [sys.executable, "-c", script, str(corpus), str(workdir / f"serve-{scale}x"), str(edited), str(SERVE_EDITS)],
        root,
        memory_every=0,
    )
    edited.write_text(original, encoding="utf-8")
    edits = [line.split() for line in served.stderr.strip().split("\n")[-SERVE_EDITS:]]
    serve_seconds = statistics.median(float(edit[0]) for edit in edits)
    written = int(edits[0][1])
    site = mkdocs / "site"
    peer_files = [path for path in site.rglob("*") if path.is_file()] if use_peer else []
    return Measurement(
        scale=scale,
        documents=len(list(corpus.glob("*.md"))),
        source_bytes=source_bytes,
        runs=runs,
        wall_seconds_median=round(median, 3),
        wall_seconds_min=round(min(run.wall for run in lectern_runs), 3),
        cpu_seconds_median=round(statistics.median(run.cpu for run in lectern_runs), 2),
        peak_memory_mb=round(max(run.peak_mb for run in lectern_runs), 1),
        output_files=len(files),
        output_bytes=sum(path.stat().st_size for path in files),
        index_bytes=sum(path.stat().st_size for path in index),
        index_gzip_bytes=sum(len(gzip.compress(path.read_bytes(), 9)) for path in index),
        source_mb_per_second=round(source_bytes / 1e6 / median, 3),
        rebuild_seconds=round(rebuild.wall, 3),
        serve_rebuild_seconds=round(serve_seconds, 3),
        rebuild_files_written=int(written),
        peer="MkDocs+Material+jieba" if use_peer else "",
        peer_wall_seconds_median=round(statistics.median(run.wall for run in peer_runs), 3) if peer_runs else 0.0,
        peer_cpu_seconds_median=round(statistics.median(run.cpu for run in peer_runs), 2) if peer_runs else 0.0,
        peer_peak_memory_mb=round(max(run.peak_mb for run in peer_runs), 1) if peer_runs else 0.0,
        peer_output_files=len(peer_files),
        peer_output_bytes=sum(path.stat().st_size for path in peer_files),
        wall_seconds=[round(run.wall, 3) for run in lectern_runs],
        peer_wall_seconds=[round(run.wall, 3) for run in peer_runs],
    )


def make_mkdocs_project(corpus: Path, project: Path) -> bool:
    """The same documents as an MkDocs+Material site with Chinese search (jieba); False if not installed."""
    if not all(importlib.util.find_spec(name) for name in ("jieba", "material", "mkdocs")):
        return False  # the optional `bench` extra is not installed
    docs = project / "docs"
    docs.mkdir(parents=True)
    for source in sorted(corpus.glob("*.md")):
        shutil.copy(source, docs / source.name)
    (docs / "index.md").write_text("# Lectern\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: Lectern bench\ntheme:\n  name: material\n  language: zh\nplugins:\n  - search:\n      lang: zh\n",
        encoding="utf-8",
    )
    return True


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


def compile_package() -> None:
    """Lectern's modules compiled to bytecode, as an installed package has them (pip compiles at install, and
    so MkDocs's are): a checkout run with PYTHONDONTWRITEBYTECODE (CI, this machine's shell) would otherwise
    compile them from source in each process of every build, about 60 ms each for the build process and
    the fork server. Written into the package's `__pycache__` folders, which git ignores."""
    compileall.compile_dir(Path(__file__).resolve().parent, quiet=1)


def run_bench(
    scales: list[int], runs: int, json_path: Path | None, say=print, content: Path | None = None, peer: bool = True
) -> list[Measurement]:
    content = content or Config().content  # the project's content (the CLI passes it), else the checkout's
    results = []
    compile_package()
    with tempfile.TemporaryDirectory(prefix="lectern-bench-") as folder:
        (Path(folder) / "fs-probe").mkdir()
        latency = file_creation_ms(Path(folder) / "fs-probe")  # where the builds below write
        say(f"file system: {latency} ms to create a folder holding one file")
        for scale in scales:
            repeat = runs if scale <= 10 else max(1, runs // 3)
            say(f"building the {scale}x corpus {repeat} time(s)…")
            results.append(measure(content, scale, repeat, Path(folder), peer))
    load = os.getloadavg()
    say(format_table(results))
    say(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    if json_path:
        machine = {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "system": platform.platform(),
            "file_creation_ms": latency,
            "load_average": [round(value, 2) for value in load],
        }
        json_path.write_text(
            json.dumps({"machine": machine, "results": [asdict(r) for r in results]}, indent=2) + "\n", encoding="utf-8"
        )
        say(f"wrote {json_path}")
    return results


def _pairs(ratios: list[float]) -> str:
    if not ratios:
        return ""
    return f"{statistics.median(ratios):.2f}× ({ratios[0]:.2f}–{ratios[-1]:.2f}, {len(ratios)} pairs)"


def format_table(results: list[Measurement]) -> str:
    head = (
        "| scale | documents | source | clean build wall (median) | CPU | peak memory (process tree) | output "
        "| files | search index (raw / gzip) | rebuild after one paragraph edit: new process / as serve "
        "(files written) |"
    )
    rule = "|---|---|---|---|---|---|---|---|---|---|"
    rows = [
        f"| {r.scale}x | {r.documents} | {r.source_bytes / 1e6:.2f} MB | {r.wall_seconds_median:.2f} s "
        f"(min {r.wall_seconds_min:.2f}, {r.runs} runs) | {r.cpu_seconds_median:.1f} s | {r.peak_memory_mb:.0f} MiB "
        f"| {r.output_bytes / 1e6:.1f} MB | {r.output_files} | {r.index_bytes / 1e3:.0f} KB / {r.index_gzip_bytes / 1e3:.0f} KB "
        f"| {r.rebuild_seconds:.2f} s / {r.serve_rebuild_seconds:.2f} s "
        f"({r.serve_rebuild_seconds / r.wall_seconds_median:.0%} of clean; {r.rebuild_files_written}) |"
        for r in results
    ]
    lines = [head, rule, *rows]
    peers = [r for r in results if r.peer]
    if peers:
        lines += [
            "",
            f"| scale | {peers[0].peer}: wall / CPU / peak memory / files | Lectern ÷ peer: wall, CPU, memory "
            "| wall, each build ÷ the peer's next: median (range) |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {r.scale}x | {r.peer_wall_seconds_median:.2f} s / {r.peer_cpu_seconds_median:.1f} s / "
            f"{r.peer_peak_memory_mb:.0f} MiB / {r.peer_output_files} "
            f"| {r.wall_seconds_median / r.peer_wall_seconds_median:.2f}× / "
            f"{r.cpu_seconds_median / max(r.peer_cpu_seconds_median, 0.01):.2f}× / "
            f"{r.peak_memory_mb / max(r.peer_peak_memory_mb, 0.01):.2f}× | {_pairs(r.paired_ratios())} |"
            for r in peers
        ]
    return "\n".join(lines)
