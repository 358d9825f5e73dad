"""Write the finished site atomically: into a temporary folder beside the output, then swap.

After a failed build the previous site is untouched, byte for byte.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .model import OutputFile
from .outdir import MARKER, MARKER_TEXT, staging_prefixes


class OutputNotWritable(Exception):
    """The output folder (or its parent) cannot be written."""


def write_site(files: list[OutputFile], out: Path) -> None:
    out = out.resolve()
    parent = out.parent
    if out.exists() and not out.is_dir():
        raise OutputNotWritable(f"{out}: is a file, not a folder; choose another --out (nothing was written)")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=staging_prefixes(out)[0], dir=parent))
    except OSError as error:
        raise OutputNotWritable(f"{parent}: cannot create the output folder here ({error.strerror})") from error
    try:
        _write_tree(staging, files)
        (staging / MARKER).write_bytes(MARKER_TEXT)  # a later build may replace only folders with this file
        os.chmod(staging, 0o755)
        _swap(staging, out)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        where = str(error.filename or out).replace(str(staging), str(out), 1)  # the place the reader knows
        unchanged = f"{out} was not changed" if out.is_dir() else f"{out} is missing: build again"
        raise OutputNotWritable(f"{where}: cannot write the site here ({error.strerror or error}); "
                                f"{unchanged}") from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


WRITER_THREADS = 8


def _write_tree(root: Path, files: list[OutputFile]) -> None:
    """Folders first (parents before children), then the files from a few threads.

    Creating a file or folder costs about a millisecond of file-system latency on the machines
    measured here, and a site has over a thousand of each; threads overlap that waiting.
    """
    folders = sorted({str(parent) for file in files for parent in file.path.parents if str(parent) != "."},
                     key=lambda folder: (folder.count("/"), folder))
    by_depth: dict[int, list[str]] = {}
    for folder in folders:
        by_depth.setdefault(folder.count("/"), []).append(folder)
    with ThreadPoolExecutor(WRITER_THREADS) as pool:
        for depth in sorted(by_depth):
            list(pool.map(lambda folder: os.mkdir(root / folder), by_depth[depth]))
        list(pool.map(lambda file: (root / file.path).write_bytes(file.content), files))


def _swap(staging: Path, out: Path) -> None:
    """Rename the new tree into place; the old one is moved aside first and removed last."""
    if not out.exists():
        staging.rename(out)
        return
    old = Path(tempfile.mkdtemp(prefix=staging_prefixes(out)[1], dir=out.parent))
    old.rmdir()
    out.rename(old)
    try:
        staging.rename(out)
    except OSError as error:
        try:
            old.rename(out)
        except OSError:
            raise OutputNotWritable(f"{out}: cannot put the new site in place ({error.strerror}), nor the "
                                    f"previous one back; the previous site is in {old}") from error
        raise
    shutil.rmtree(old, ignore_errors=True)
