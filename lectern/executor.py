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

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor

PRELOAD = ["jinja2", "markdown_it", "mdit_py_plugins.footnote", "opencc", "yaml", "lunr"]
"""Imported once by the fork server, so each worker starts with Jinja2, markdown-it-py and OpenCC loaded.

Not Lectern itself: on Python 3.11 the fork server imports its preload before it has the build's
`sys.path` (it starts with `python -c` in the build's working folder), so it could load another
copy of Lectern (an installed one, or a checkout in that folder) than the build runs. Each worker
imports Lectern once, with the build's `sys.path`."""


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


def make_executor(jobs: int) -> Executor:
    """The build's executor: inline for one job, else a pool of `jobs` processes (never forked)."""
    if jobs <= 1:
        return InlineExecutor()
    context = multiprocessing.get_context(start_method())
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(PRELOAD)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context)


def workers(executor: Executor) -> int:
    return getattr(executor, "_max_workers", 1)


def bounded_map(executor: Executor, fn: Callable, items: Iterable, window: int | None = None) -> Iterator:
    """Like `executor.map`, in order, but with at most `window` calls submitted and not yet consumed.

    The results are what a stage streams on; a bounded window keeps the finished but unread ones
    from piling up when the consumer is slower than the workers.
    """
    window = window or 2 * workers(executor)
    pending: deque[Future] = deque()
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
