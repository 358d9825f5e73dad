"""The output folder is the only thing a build may replace.

A build swaps a whole new tree into place, so a mistyped `--out` would delete whatever was
there. Before anything is built this module decides whether the folder may be replaced, takes
a lock so that two builds (or `serve` and a build) never interleave, and clears what a killed
build left behind. Every site Lectern writes carries a marker file; a non-empty folder without
it is someone else's and is never replaced.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

MARKER = ".lectern-site"
MARKER_TEXT = b"This folder is a site built by Lectern. Every build replaces it as a whole.\n"
"""The marker's first line; the names the build wrote at the top of the folder follow, one a line."""


def marker_content(top_level: list[str]) -> bytes:
    """The marker of a site whose top level holds these names (a rebuild refuses a folder holding others)."""
    return MARKER_TEXT + "".join(f"{name}\n" for name in sorted(top_level)).encode("utf-8")


def _unknown_entries(out: Path) -> list[str] | None:
    """Names at the top of `out` the last build did not write (None: no valid marker, so nothing is ours)."""
    try:
        marker = (out / MARKER).read_bytes()
    except OSError:
        return None
    if not marker.startswith(MARKER_TEXT):
        return None
    ours = set(marker[len(MARKER_TEXT) :].decode("utf-8", errors="replace").splitlines()) | {MARKER}
    return sorted(path.name for path in out.iterdir() if path.name not in ours)


class OutputRefused(Exception):
    """The output folder must not be replaced, or another build is using it; the message says why."""


def staging_prefixes(out: Path) -> tuple[str, str]:
    """Names of the temporary folders a build makes beside the output (the new tree, the old one)."""
    return f".{out.name}-new-", f".{out.name}-old-"


def lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


def check_output_folder(out: Path, inputs: list[Path]) -> None:
    """Refuse an output folder that holds anything but a Lectern site, or that a build must never replace."""
    out = out.resolve()
    refused = {Path("/"): "the filesystem root", Path.home().resolve(): "your home folder"}
    repository = _repository_root(Path.cwd())
    if repository is not None:
        refused[repository] = "the root of the repository you are in"
    if out in refused:
        raise OutputRefused(
            f"{out}: is {refused[out]}; a build replaces its output folder as a whole, "
            "so choose an output folder of its own (nothing was written)"
        )
    for folder in inputs:
        folder = folder.resolve()
        if out == folder or folder.is_relative_to(out):
            raise OutputRefused(
                f"{out}: holds the input folder {folder}; a build replaces its output folder "
                "as a whole, so choose another --out (nothing was written)"
            )
        if out.is_relative_to(folder):
            raise OutputRefused(
                f"{out}: is inside the input folder {folder}; the site would be read back as "
                "input (and `serve` would rebuild forever); choose another --out "
                "(nothing was written)"
            )
    working = Path.cwd().resolve()
    if out == working or working.is_relative_to(out):
        raise OutputRefused(
            f"{out}: is the folder you are in (or holds it); a build replaces its output folder "
            "as a whole, so choose a folder of its own, such as site (nothing was written)"
        )
    if out.is_dir() and any(out.iterdir()):
        unknown = _unknown_entries(out)
        if unknown is None:
            raise OutputRefused(
                f"{out}: is not empty and is not a site built by Lectern (it has no valid {MARKER} "
                "file); a build would replace everything in it, so choose an empty or new folder, "
                "or remove this one yourself (nothing was written)"
            )
        if unknown:
            shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
            raise OutputRefused(
                f"{out}: holds {shown}, which the last build did not write; a build replaces the "
                "whole folder and would delete it. Move it out (files the site needs, such as a "
                "CNAME, belong in assets/) and build again (nothing was written)"
            )


def _repository_root(start: Path) -> Path | None:
    for folder in (start.resolve(), *start.resolve().parents):
        if (folder / ".git").exists():
            return folder
    return None


@contextlib.contextmanager
def claim_output(out: Path, inputs: list[Path], *, wait_seconds: float = 30.0, say=None) -> Iterator[None]:
    """Check the folder, hold its lock for the whole build (or the whole `serve`), clear leftovers.

    The lock is an advisory `flock` on a small file beside the output (`.site.lock`), removed when the
    build ends. The kernel drops the lock when the process ends, however it ends, so a killed build
    leaves at most an unlocked file, never a stale lock.
    """
    check_output_folder(out, inputs)
    out = out.resolve()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        handle = _acquire(out, wait_seconds, say)
    except OSError as error:
        raise OutputRefused(
            f"{out.parent}: cannot create the output folder here ({error.strerror}); nothing was written"
        ) from error
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()} {' '.join(_command())} {time.strftime('%H:%M:%S')}\n")
        handle.flush()
        check_output_folder(out, inputs)  # it may have changed while we waited
        remove_leftovers(out)
        yield
    finally:
        with contextlib.suppress(OSError):
            lock_path(out).unlink()  # while still holding it: a waiting build then sees a new file
        handle.close()  # releases the lock


def _command() -> list[str]:
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "lectern"
    return [name, *sys.argv[1:]]


def _acquire(out: Path, wait_seconds: float, say):
    """The open, locked lock file. A file unlinked by the build that held it is not a lock: open it again."""
    deadline = time.monotonic() + wait_seconds
    told = False
    while True:
        handle = open(lock_path(out), "a+", encoding="utf-8")  # noqa: SIM115 - held until the build ends
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            holder = _holder(out)
            if time.monotonic() >= deadline:
                raise OutputRefused(
                    f"{out}: another Lectern build is using this folder ({holder}); "
                    "wait for it to finish or stop it, then build again (nothing was written)"
                ) from None
            if not told and say is not None:
                say(f"Waiting for another Lectern build to finish with {out} ({holder})…")
                told = True
            time.sleep(0.1)
            continue
        try:
            if os.fstat(handle.fileno()).st_ino == lock_path(out).stat().st_ino:
                return handle
        except FileNotFoundError:
            pass
        handle.close()


def _holder(out: Path) -> str:
    try:
        text = lock_path(out).read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    pid, _, rest = text.partition(" ")
    if not pid.isdigit():
        return "process unknown"
    command, _, started = rest.rpartition(" ")
    return f"process {pid}, `{command}`, since {started}"


def remove_leftovers(out: Path) -> None:
    """Temporary trees of builds that were killed before they could clean up (only ever ours: the lock is held)."""
    leftover = re.compile(rf"^\.{re.escape(out.name)}-(?:new|old)-[a-z0-9_]{{8}}$")  # tempfile.mkdtemp's names
    for path in out.parent.iterdir():
        if leftover.match(path.name) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
