"""Write the finished site atomically: into a temporary folder beside the output, then swap.

After a failed build the previous site is untouched, byte for byte.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .model import OutputFile


class OutputNotWritable(Exception):
    """The output folder (or its parent) cannot be written."""


def write_site(files: list[OutputFile], out: Path) -> None:
    out = out.resolve()
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=parent))
    except OSError as error:
        raise OutputNotWritable(f"{parent}: cannot create the output folder here ({error.strerror})") from error
    try:
        for file in sorted(files, key=lambda f: f.path):
            target = staging / file.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.content)
        os.chmod(staging, 0o755)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, out: Path) -> None:
    """Rename the new tree into place; the old one is moved aside first and removed last."""
    if not out.exists():
        staging.rename(out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
    old.rmdir()
    out.rename(old)
    try:
        staging.rename(out)
    except OSError:
        old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)
