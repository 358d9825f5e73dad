"""Where per-document work runs: chosen here, and nowhere else.

The build maps pure functions over documents (render a document's pages) and hands them to a
`concurrent.futures.Executor`. With one job that is an inline executor in this process; with
more, a process pool started with `forkserver` (or `spawn` where there is none). Never `fork`:
`serve` runs an HTTP thread, and forking a threaded process can deadlock the child (Python 3.12+
warns). A fork server is started once from a clean single-threaded process, and `serve` creates
its pool before the server thread starts and keeps it across rebuilds. Anything that implements
`Executor.submit` (a distributed executor, for instance) is a drop-in.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import os
import site
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import forkserver
from pathlib import Path

PRELOAD = ["jinja2", "markdown_it", "mdit_py_plugins.footnote", "opencc", "yaml", "lunr", "numpy"]
"""Imported once by the fork server, so each worker starts with these loaded."""
WARM = "lectern.warm"
"""Preloaded too where the fork server can be pointed at this process's Lectern: each worker then starts
with Lectern imported and with what warm.py makes (an OpenCC converter) in memory it shares with the
fork server and the other workers.

The fork server is started with Lectern's own folder first on its path and without the working folder
(PYTHONSAFEPATH): Python 3.11's fork server imports its preload before it applies the build's `sys.path`,
and would otherwise load another copy of Lectern (an installed one, or a checkout in the working folder)
than the build runs. Where that cannot be said (Python run with -E or -I, which ignore the environment;
a folder whose name holds the path separator), Lectern is not preloaded: each worker imports it with
the build's `sys.path` and makes its own converter."""

PACKAGE = Path(__file__).resolve().parent
OVERRIDES = "LECTERN_OVERRIDES"
"""The fork server's environment variable that names the build's conversion overrides file (warm.py)."""
TEMPLATES = "LECTERN_TEMPLATES"
"""The fork server's environment variable that holds the build's template search path (warm.py)."""


def start_method() -> str:
    methods = multiprocessing.get_all_start_methods()
    return "forkserver" if "forkserver" in methods else "spawn"


class InlineExecutor(Executor):
    """Runs each call at once in this process: --jobs 1, and tests that need one process."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # noqa: BLE001 - handed to the caller through the future
            future.set_exception(error)
        return future


FULL_COLLECTIONS = 100
"""The cycle collector's third threshold in Lectern's processes (Python's default is 10): a full collection
after a hundred collections of the middle generation, not ten. A full collection walks every object the
process holds: the build process holds the library (blocks, records, places: at 50x nine full collections
took 1.1 s of its 4.4 s CPU) and a worker a document's tokens, and they found little to free, since what
a build drops in cycles mostly dies young, where the young generations collect it. With 1000 the 50x build
took a little less CPU but its peak memory rose by 10-20 MiB (the garbage that does reach the old generation
waits longer); with 100 it is as with Python's default (382 MiB in two runs each)."""


def rare_full_collections() -> None:
    """This process's cycle collector with FULL_COLLECTIONS (the young generations' thresholds as they were)."""
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTIONS)


@contextmanager
def fewer_full_collections() -> Iterator[None]:
    """rare_full_collections for a while (a build in a process that lives on: serve, tests)."""
    saved = gc.get_threshold()
    rare_full_collections()
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def make_executor(jobs: int, overrides: Path | None = None, templates: Sequence[Path] = ()) -> Executor:
    """The build's executor: inline for one job, else a pool of `jobs` processes (never forked).

    `overrides` is the build's conversion overrides file: the fork server makes their converter for the
    workers to share (warm.py); `templates` the template search path, which it compiles for them. The fork
    server is one per process, started by the first pool; a later pool's workers share the converter if
    their overrides are the same, else make their own, and compile any template that is not the same."""
    if jobs <= 1:
        return InlineExecutor()
    context = multiprocessing.get_context(start_method())
    if context.get_start_method() == "forkserver":
        with _STARTING:  # one thread at a time changes the environment the fork server starts with
            path = _lectern_path()
            context.set_forkserver_preload(PRELOAD + ([WARM] if path is not None else []))
            if path is not None:
                settings = {"PYTHONSAFEPATH": "1", **({OVERRIDES: str(overrides)} if overrides is not None else {})}
                if templates and not any(os.pathsep in str(folder) for folder in templates):
                    settings[TEMPLATES] = os.pathsep.join(str(folder) for folder in templates)
                if path:
                    settings["PYTHONPATH"] = os.pathsep.join(filter(None, [path, os.environ.get("PYTHONPATH")]))
                _start_fork_server(settings)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context)


_STARTING = threading.Lock()


def _lectern_path() -> str | None:
    """The folder to put first on the fork server's path so that it imports this Lectern ("" when it is in
    site-packages already), or None when the fork server cannot be told (see WARM)."""
    if sys.flags.ignore_environment:
        return None
    folder = PACKAGE.parent
    sites = {Path(path).resolve() for path in [*site.getsitepackages(), site.getusersitepackages()]}
    if folder in sites:
        return ""
    return None if os.pathsep in str(folder) else str(folder)


def _start_fork_server(settings: dict[str, str]) -> None:
    """Start the fork server now (unless it runs) with `settings` in its environment; this process's
    environment is left as it was."""
    saved = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    try:
        forkserver.ensure_running()
    finally:
        for name, value in saved.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value


_END = object()


def workers(executor: Executor) -> int:
    return getattr(executor, "_max_workers", 1)


def submit_first(executor: Executor, fn: Callable, /, *args) -> tuple[Future, threading.Event]:
    """`executor.submit(fn, *args)` made from a thread, and an event set once that call has returned: from
    then on the executor takes work without waiting, and until then this process can do work of its own
    (`bounded_map`'s `started`).

    A process pool starts its first worker at its first submit, which waits until the fork server has
    imported and made what warm.py makes (0.3-0.45 s on this project's machine, most of it while the build
    process imports and loads); the build process would otherwise wait there too."""
    outer: Future = Future()
    started = threading.Event()

    def submit() -> None:
        try:
            inner = executor.submit(fn, *args)
        except BaseException as error:  # noqa: BLE001 - handed to the caller through the future
            outer.set_exception(error)
            return
        finally:
            started.set()
        inner.add_done_callback(functools.partial(_copy_outcome, outer))

    threading.Thread(target=submit, name="lectern-first-submit", daemon=True).start()
    return outer, started


def _copy_outcome(outer: Future, inner: Future) -> None:
    if inner.cancelled():  # the executor shut down with its queue cancelled: so is the caller's future
        outer.cancel()
        return
    error = inner.exception()
    if error is not None:
        outer.set_exception(error)
    else:
        outer.set_result(inner.result())


def bounded_map(
    executor: Executor,
    fn: Callable,
    items: Iterable,
    window: int | None = None,
    started: threading.Event | None = None,
) -> Iterator:
    """Like `executor.map`, in order, but with at most `window` calls submitted and not yet consumed.

    The results are what a stage streams on; a bounded window keeps the finished but unread ones
    from piling up when the consumer is slower than the workers. With `started` (see submit_first),
    calls are made in this process, one at a time, until it is set.
    """
    window = window or 2 * workers(executor)
    pending: deque[Future] = deque()
    items = iter(items)
    while started is not None and not started.is_set():
        item = next(items, _END)
        if item is _END:
            return
        yield fn(item)
    try:
        for item in items:
            pending.append(executor.submit(fn, item))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
