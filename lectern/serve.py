"""Preview server on 127.0.0.1 that rebuilds when content, templates or assets change.

A rebuild that fails prints its problems and leaves the last good site in place (the write
stage swaps a finished tree in, or nothing), so the browser keeps showing it.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
import traceback
from concurrent.futures import BrokenExecutor, Executor
from contextlib import ExitStack
from pathlib import Path
from stat import S_ISREG

from .config import Config
from .errors import ContentErrors
from .executor import make_executor
from .pipeline import build_site
from .write import OutputNotWritable


def fingerprint(folders: list[Path]) -> tuple:
    """Names, sizes and modification times of every source file: changes when any is edited."""
    entries = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            try:
                stat = path.stat()
            except OSError:  # gone between listing and looking: an editor's temporary file
                continue
            if S_ISREG(stat.st_mode):
                entries.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


def watched_folders(config: Config) -> list[Path]:
    """What serve watches: the content, the templates and the assets."""
    return [config.content, config.templates, config.assets]


def rebuild(config: Config, say, executor: Executor | None = None) -> bool:
    started = time.perf_counter()
    try:
        build_site(config, executor=executor)
    except ContentErrors as errors:
        for error in errors.errors:
            print(error, file=sys.stderr)
    except OutputNotWritable as error:
        print(error, file=sys.stderr)
    except Exception:  # noqa: BLE001 - a bug in a rebuild must not take the preview down
        traceback.print_exc()
        print("Internal error: this is a bug in Lectern, not in your content.", file=sys.stderr)
    else:
        say(f"Rebuilt in {time.perf_counter() - started:.2f} s.")
        return True
    print("Rebuild failed; still serving the last good site.", file=sys.stderr)
    return False


def serve(
    config: Config,
    port: int,
    say,
    *,
    poll_seconds: float = 1.0,
    stop: threading.Event | None = None,
    executor: Executor | None = None,
    since: tuple | None = None,
) -> int:
    """Serve `config.out` and rebuild on change, until Ctrl+C or `stop`.

    `since` is the sources' fingerprint taken before the build that made `config.out` started: an edit
    saved while that build ran is then rebuilt at once (taken now, it would be seen as the built state).

    The render executor is made before the server thread starts (its workers come from a fork
    server or are spawned, never forked from this threaded process) and kept for every rebuild,
    so a rebuild pays no start-up and the build cache makes it render only what changed.
    """
    with ExitStack() as stack:
        renew = None
        if executor is None:
            executor = stack.enter_context(make_executor(config.jobs, config.overrides, config.template_dirs))
            renew = stack  # the pool is serve's own: if its workers die, serve makes another
        return _serve(config, port, say, poll_seconds, stop, executor, renew, since)


def _serve(
    config: Config,
    port: int,
    say,
    poll_seconds: float,
    stop: threading.Event | None,
    executor: Executor,
    renew: ExitStack | None = None,
    since: tuple | None = None,
) -> int:
    executor.submit(int).result()  # the workers exist before the server thread does
    watched = watched_folders(config)
    last = fingerprint(watched) if since is None else since  # before the reader is told: no edit falls between
    handler = functools.partial(_QuietHandler, directory=str(config.out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    say(f"Serving {config.out} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C to stop)")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stop = stop or threading.Event()
    try:
        while not stop.wait(poll_seconds):
            try:
                current = fingerprint(watched)
            except OSError:  # a folder vanished while it was walked: look again at the next poll
                continue
            if current != last:
                last = current
                if not rebuild(config, say, executor) and renew is not None and _broken(executor):
                    # A worker died (killed, out of memory): the pool takes no more work. The fork server
                    # makes the new workers, so this threaded process still forks nothing.
                    say("The render workers stopped; starting new ones and building again.")
                    executor = renew.enter_context(make_executor(config.jobs, config.overrides, config.template_dirs))
                    rebuild(config, say, executor)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    return 0


def _broken(executor: Executor) -> bool:
    try:
        executor.submit(int).result()
    except BrokenExecutor:
        return True
    return False


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """No request log on the terminal, so build problems stay readable."""

    def log_message(self, format, *args):  # noqa: A002 - the signature is the standard library's
        pass
