"""What every worker needs, made once by the fork server before it forks them (executor.WARM).

An OpenCC converter reads its dictionaries into about 40 MiB of memory. Made here, the workers share
those pages with the fork server (copy on write; converting only reads them) instead of each making
its own: at 50x that is most of the difference between two workers' memory and one's. The build names
its conversion overrides in the server's environment (`LECTERN_OVERRIDES`, see executor.py); a worker
whose build has other overrides (`serve`, after the overrides file changed) makes its own converter.

It also imports the pipeline (the render, search and check modules a unit of work needs): once here,
where it overlaps the build process's own start, instead of once in each worker when its first unit
arrives (about 0.1 s of CPU per worker on this project's machine), and compiles the build's templates
(`LECTERN_TEMPLATES`, the search path; render.compile_templates), which the workers find compiled.

Nothing here may stop the fork server: a failure only costs the memory the sharing saves.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

from .convert import read_overrides, share_opencc
from .errors import Problems
from .executor import OVERRIDES, TEMPLATES, rare_full_collections


def warm() -> None:
    rare_full_collections()  # the workers fork from this process with its settings
    try:
        from . import pipeline  # noqa: F401 - imported once here, not by each worker on its first unit
    except Exception:  # noqa: BLE001, S110 - each worker imports it on its first unit, and says what is wrong
        pass

    folders = os.environ.get(TEMPLATES)
    if folders:
        try:
            from .render import compile_templates

            compile_templates([Path(folder) for folder in folders.split(os.pathsep)])
        except Exception:  # noqa: BLE001, S110 - each worker compiles the templates it uses
            pass
    path = os.environ.get(OVERRIDES)
    if path is not None:
        try:
            share_opencc(read_overrides(Path(path), Problems()))
        except Exception:  # noqa: BLE001, S110 - the workers make their own converter
            pass
    # What the fork server holds is left out of the workers' cycle collections, which would otherwise
    # write to (and so copy) every page of it.
    gc.freeze()


warm()
