"""Write the finished site: files stream into a staging folder beside the output as they are made,
and the new site is put in place only once the whole build has succeeded.

After a failed build the previous site is untouched, byte for byte.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import posixpath
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable
from concurrent.futures import Future
from pathlib import Path, PurePosixPath

from .model import OutputFile, PageRecord
from .outdir import MARKER, marker_content, staging_prefixes


class OutputNotWritable(Exception):
    """The output folder (or its parent) cannot be written."""


class OutputChanged(Exception):
    """Files the last build wrote, which this one would keep as they are, are missing from the output
    (deleted by hand): the update cannot give the whole build's tree, so the site must be built whole.
    Raised by `SiteWriter.commit` before it changes anything."""


STAMP = ".lectern-build"
"""In every site: a digest of the whole tree, which the cache checks before it updates a site in place."""
JOURNAL = ".lectern-update"
"""Present only while an in-place update moves files; a site that has one is rebuilt whole next time.

Both are listed in the site's marker (`outdir.MARKER`), so the output guard knows them as the build's own."""


def site_stamp(records) -> bytes:
    """A digest of every file's path and content: equal for equal trees, whatever built them."""
    digest = hashlib.sha256()
    for record in sorted(records, key=lambda record: record.path):
        digest.update(f"{record.path}\0{record.digest}\n".encode())
    return (digest.hexdigest() + "\n").encode("ascii")


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def stage_file(staging: Path | str, path: PurePosixPath | str, content: bytes) -> None:
    """Write one file of the new site into the staging folder; called from the render workers too.

    Plain strings and os calls: a site is thousands of small files (a paragraph page each), and
    pathlib's objects and buffered files cost more than the write itself (three system calls instead
    of six). A file's folder is made when it is missing: first as one folder in an existing one (a
    paragraph page's, `…/p/105/`: one system call), else with its parents (makedirs checks each).
    A page (`…/index.html`) is the only file of its folder, which is new in a whole build: that folder
    is made before the file is tried, which saves the failed open."""
    target = f"{staging}/{path}"
    if target.endswith("/index.html"):
        try:
            os.mkdir(os.path.dirname(target))
        except OSError:  # it exists (an update in place, a language's home), or its parent is missing
            pass
    try:
        handle = os.open(target, _CREATE, 0o666)
    except (FileNotFoundError, NotADirectoryError):  # the folder is missing, or a file is in its place
        folder = os.path.dirname(target)
        try:
            os.mkdir(folder)
        except OSError:  # its parent is missing too, or something is in its place: makedirs says what
            os.makedirs(folder, exist_ok=True)
        handle = os.open(target, _CREATE, 0o666)
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(handle, view) :]
    finally:
        os.close(handle)


class SiteWriter:
    """Stages a new site in a folder beside `out`, then puts it in place, or nothing at all.

    Whole (`previous` is None): every file goes to the staging folder, which replaces `out` in one
    rename. In place (`previous` maps each file now in `out` to its digest, from the build cache):
    only new and changed files are staged; once the whole build has succeeded, `commit` deletes the
    files the new site no longer has and moves the staged ones in, each with an atomic rename,
    under a journal file. A build that fails before `commit` (any content problem, a template
    error, a broken link with --strict) leaves `out` untouched in both ways. If the moves are cut
    short (power loss, kill -9), the journal stays and the next build writes the site whole.
    """

    def __init__(self, out: Path, previous: dict[str, str] | None = None, listing: Future | None = None):
        self.out = out.resolve()
        self.previous = previous
        self.staging: Path | None = None
        self.written = 0
        """Files staged by this process (workers count their own)."""
        self._listing: Future[list[str]] | None = listing
        """The files now in `out` (`list_files`), listed while the site is made (see _strangers): by the
        caller's executor (the build's starts it in a worker with the build), else in a thread."""

    def __enter__(self) -> SiteWriter:
        out, parent = self.out, self.out.parent
        if out.exists() and not out.is_dir():
            raise OutputNotWritable(f"{out}: is a file, not a folder; choose another --out (nothing was written)")
        if self.previous is not None and (not out.is_dir() or (out / JOURNAL).exists()):
            self.previous = None
        try:
            parent.mkdir(parents=True, exist_ok=True)
            self.staging = Path(tempfile.mkdtemp(prefix=staging_prefixes(out)[0], dir=parent))
        except OSError as error:
            raise OutputNotWritable(f"{parent}: cannot create the output folder here ({error.strerror})") from error
        if self.previous is not None and self._listing is None:
            self._listing = Future()
            threading.Thread(target=_list_files, args=(str(out), self._listing), daemon=True).start()
        return self

    def __exit__(self, kind, error, trace) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
        if isinstance(error, OSError) and not isinstance(error, OutputNotWritable):
            raise self._not_writable(error) from error

    @property
    def in_place(self) -> bool:
        return self.previous is not None

    def needs(self, path: str, digest: str) -> bool:
        """Whether the file must be written: always for a whole site, else only if its content changed."""
        return self.previous is None or self.previous.get(path) != digest

    def put(self, file: OutputFile, record: PageRecord) -> PageRecord:
        """Stage one file made in this process (if it must be written); return its record."""
        if self.needs(record.path, record.digest):
            assert self.staging is not None, "put is called inside the with block"
            stage_file(self.staging, file.path, file.content)
            self.written += 1
        return record

    def commit(self, records: list[PageRecord]) -> bytes:
        """Put the new site in place: `records` lists every file it has. Returns its stamp (site_stamp)."""
        assert self.staging is not None, "commit is called inside the with block"
        stamp = site_stamp(records)
        top = sorted({record.path.split("/", 1)[0] for record in records} | {STAMP})
        if self.previous is None:
            (self.staging / STAMP).write_bytes(stamp)
            # A later build replaces only a folder with this file, holding nothing but what it lists.
            (self.staging / MARKER).write_bytes(marker_content(top))
            os.chmod(self.staging, 0o755)
            _swap(self.staging, self.out)
            self.staging = None
            return stamp
        keep = {record.path for record in records}
        listed = set(self._listing.result() if self._listing is not None else list_files(str(self.out)))
        previous = self.previous
        missing = [
            record.path
            for record in records
            if previous.get(record.path) == record.digest and record.path not in listed
        ]
        if missing:
            raise OutputChanged(f"{self.out}: {len(missing)} file(s) of the last build are missing, e.g. {missing[0]}")
        gone = sorted({path for path in self.previous if path not in keep} | self._strangers(keep, listed))
        staged = sorted(list_files(str(self.staging)))
        if not gone and not staged:
            return stamp
        journal = self.out / JOURNAL
        # While files move, the marker names the old and the new top level and the journal, so that
        # a build cut short leaves a folder the output guard still knows as ours.
        before = {path.split("/", 1)[0] for path in self.previous}
        (self.out / MARKER).write_bytes(marker_content(sorted(before | set(top) | {JOURNAL})))
        journal.write_text("\n".join(gone + staged) + "\n", encoding="utf-8")
        # The files replaced or removed keep a name in a folder beside the output until a thread removes it
        # (remove_later): freeing a file's blocks is most of what replacing it costs (60 of 70 us here), and
        # a rebuild replaces a volume's pieces. A hard link keeps the old file while os.replace puts the new
        # one in its place in one step, as readers see it; without one (a folder there, a file system
        # without hard links), os.replace alone.
        old = Path(tempfile.mkdtemp(prefix=staging_prefixes(self.out)[1], dir=self.out.parent))
        kept = 0
        for path in gone:
            try:
                os.rename(self.out / path, old / str(kept))
                kept += 1
            except FileNotFoundError:
                pass
            _remove_empty_folders((self.out / path).parent, self.out)
        out, staging, folders = str(self.out), str(self.staging), {""}
        for path in staged:  # plain strings and each folder made once: a rebuild moves a volume's pieces
            folder = posixpath.dirname(path)
            if folder not in folders:
                os.makedirs(f"{out}/{folder}", exist_ok=True)
                folders.add(folder)
            try:
                os.link(f"{out}/{path}", f"{old}/{kept}", follow_symlinks=False)
                kept += 1
            except OSError:  # nothing there yet, or nothing that can be kept this way
                pass
            os.replace(f"{staging}/{path}", f"{out}/{path}")
        (self.out / STAMP).write_bytes(stamp)
        journal.unlink()
        (self.out / MARKER).write_bytes(marker_content(top))
        if kept:
            remove_later(old)
        else:  # only new files: nothing to remove later
            old.rmdir()
        return stamp

    def _strangers(self, keep: set[str], listed: set[str]) -> set[str]:
        """Files in the output that the new site does not have and the cache does not know (added by hand):
        a rebuild leaves the same tree as a whole build, which would not have them.

        The output is listed in a thread from the start of the build (nothing writes in it before
        `commit`), so a rebuild does not wait for the walk; a file added by hand during the build
        is found by the next one."""
        ours = {STAMP, MARKER, JOURNAL}
        return {path for path in listed if path not in keep and path not in ours}

    def _not_writable(self, error: OSError) -> OutputNotWritable:
        out = self.out
        where = str(error.filename or out)
        if self.staging is not None:
            where = where.replace(str(self.staging), str(out), 1)  # the place the reader knows
        if (out / JOURNAL).exists():
            unchanged = f"{out} is partly updated: build again (the next build writes it whole)"
        else:
            unchanged = f"{out} was not changed" if out.is_dir() else f"{out} is missing: build again"
        return OutputNotWritable(f"{where}: cannot write the site here ({error.strerror or error}); {unchanged}")


def write_site(files: Iterable[OutputFile], out: Path) -> list[PageRecord]:
    """Write a whole site from files made in this process, replacing `out` at the end."""
    with SiteWriter(out) as writer:
        records = [writer.put(file, file_record(file)) for file in files]
        writer.commit(records)
    return records


def file_record(file: OutputFile) -> PageRecord:
    """A record with the digest only (no ids or links): enough to write and to stamp a site."""
    return PageRecord(str(file.path), hashlib.sha256(file.content).hexdigest(), size=len(file.content))


def _list_files(root: str, into: Future) -> None:
    try:
        into.set_result(list_files(root))
    except BaseException as error:  # noqa: BLE001 - raised where the listing is read
        into.set_exception(error)


_RACY_NS = 50_000_000
"""A folder changed this close (50 ms) before it is listed may change again and keep the same mtime: a file
system's clock moves in ticks (the kernel's, a few ms). Such a folder is read again next time, whatever its
mtime says. A file system that keeps whole seconds (FAT keeps two) gets `_RACY_COARSE_NS`."""
_RACY_COARSE_NS = 3_000_000_000

_LISTED: dict[str, dict[str, tuple[int, int, list[str], list[str]]]] = {}
"""This process's last listing of a site (list_site): per folder (relative, "" for the root), its inode,
mtime and the names of its files and of its folders."""


def list_site(root: str) -> list[str]:
    """list_files for an output folder this process may list again (a rebuild's listing, in `serve`'s workers):
    a folder whose inode and mtime are those of the last listing has the same entries (adding, removing or
    renaming one changes its folder's mtime), so only folders that changed since are read again. A stat
    per folder instead of opening and reading it: a library's paragraph-page folders are thousands."""
    listed = _LISTED.pop(root, {})
    _LISTED.clear()  # one site per process: its folders are all that is kept
    kept: dict[str, tuple[int, int, list[str], list[str]]] = {}
    found: list[str] = []
    now = time.time_ns()

    def visit(folder: str) -> None:
        path = f"{root}/{folder}" if folder else root
        status = os.stat(path, follow_symlinks=False) if folder else os.stat(path)
        known = listed.get(folder)
        if known is not None and known[0] == status.st_ino and known[1] == status.st_mtime_ns:  # unchanged
            files, folders = known[2], known[3]
        else:
            files, folders = [], []
            with os.scandir(path) as entries:
                for entry in entries:
                    (folders if entry.is_dir(follow_symlinks=False) else files).append(entry.name)
        mtime = status.st_mtime_ns
        if mtime < now - (_RACY_COARSE_NS if mtime % 1_000_000_000 == 0 else _RACY_NS):
            kept[folder] = (status.st_ino, mtime, files, folders)
        prefix = f"{folder}/" if folder else ""
        found.extend(prefix + name for name in files)
        for name in folders:
            visit(prefix + name)

    try:
        visit("")
    except (FileNotFoundError, NotADirectoryError):
        return []
    _LISTED[root] = kept
    return found


def list_files(root: str) -> list[str]:
    """Every file below `root`, as paths relative to it; none if it is not a folder (a worker's unit too:
    walking a library's thousands of folders in a thread would take the build process's own time)."""
    try:
        return _files_under(root)
    except (FileNotFoundError, NotADirectoryError):
        return []


def _files_under(root: str, prefix: str = "") -> list[str]:
    """Every file below `root`, as paths relative to it (os.scandir: the entry types come with the listing,
    so a site of thousands of folders is walked without a stat per folder; links are not followed)."""
    found: list[str] = []
    with os.scandir(root) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                found.extend(_files_under(entry.path, f"{prefix}{entry.name}/"))
            else:
                found.append(prefix + entry.name)
    return found


_REMOVING: list[threading.Thread] = []


def remove_later(folder: Path) -> None:
    """Remove a folder of the site's old files in a thread: `serve` shows the edit meanwhile. The process
    waits for it before it ends (`wait_for_removals`, at exit); a build killed first leaves the folder, which
    the next build removes (outdir.remove_leftovers)."""
    thread = threading.Thread(target=shutil.rmtree, args=(folder, True), name="lectern-remove", daemon=True)
    thread.start()
    _REMOVING[:] = [*(running for running in _REMOVING if running.is_alive()), thread]  # serve rebuilds for hours


def wait_for_removals() -> None:
    while _REMOVING:
        _REMOVING.pop().join()


atexit.register(wait_for_removals)


def _remove_empty_folders(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


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
            raise OutputNotWritable(
                f"{out}: cannot put the new site in place ({error.strerror}), nor the "
                f"previous one back; the previous site is in {old}"
            ) from error
        raise
    shutil.rmtree(old, ignore_errors=True)
