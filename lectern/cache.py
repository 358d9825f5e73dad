"""The build cache: which pages a rebuild can leave as they are.

Every unit of render work (a document's pages in both editions, one edition's site pages) is
keyed by a hash of everything it reads: its input records, the templates, the conversion
overrides and Lectern's own code. The cache remembers, per key, the records of the files that
work produced (path, content digest, ids, links), and the digest of every file of the site it
last wrote. A rebuild whose key is known renders nothing for it: its files are already in the
output, byte for byte, and their records stand in for them in the link check and the service
worker. The cache lives beside the output (`.lectern-cache/<output name>.index`, ignored by git)
and is trusted only while the output carries the stamp it recorded (write.STAMP), so a site
changed by anything else (another --out, a deleted folder, a cut-short update) is built whole.
Deleting the folder is always safe: the next build is a clean one.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import pickle
from pathlib import Path

from .keys import task_key
from .model import PageRecord

__all__ = ["BuildCache", "code_digest", "folder_digest", "task_key"]

FORMAT = 2
FOLDER = ".lectern-cache"
PACKAGE = Path(__file__).resolve().parent


def code_digest() -> str:
    """Lectern's version as far as output goes: a digest of its own source files."""
    digest = hashlib.sha256(str(FORMAT).encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".json") and path.is_file():
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def folder_digest(folder: Path) -> str:
    """A digest of every file in a folder (the templates): names and contents."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def store_result(path: str, blob: bytes) -> None:
    """Write a result's file (its pickle), whole under a temporary name first; in the worker that made the
    result while the workers render, so the main process, which then mostly waits for them, keeps up with
    small units. A key names its result (the same inputs make the same result), so a file stored by a build
    that then fails is never wrong: no saved build lists it, and the next save removes it unless that build
    makes the same key."""
    with open(path + ".tmp", "wb") as handle:
        handle.write(blob)
    os.replace(path + ".tmp", path)


_KEPT: dict[str, object] = {}
"""The results of the last build in this process, by key (see BuildCache.keep)."""


class BuildCache:
    """The results of the last build of one output folder, and of this one.

    A result is what a unit of render work returns (its files' records, and the records the reduce
    steps need, such as a document's Traditional blocks); each is stored once, under its key.
    """

    def __init__(self, out: Path):
        out = out.resolve()
        self.out = out
        self.path = out.parent / FOLDER / f"{out.name}.index"
        self.blobs = out.parent / FOLDER / f"{out.name}.d"
        self.previous_keys: set[str] = set()
        self.previous_files: dict[str, str] | None = None
        """Digest of each file now in the output; None when the output cannot be trusted to hold them."""
        self.results: dict[str, object] = {}
        self._stored: set[str] = set()
        """Keys whose result this build has written already."""
        self._folder_made = False

    def load(self, stamp_name: str) -> BuildCache:
        try:
            data = marshal.loads(self.path.read_bytes())
            stamp = (self.out / stamp_name).read_text(encoding="ascii")
        except (OSError, ValueError, EOFError, TypeError):
            return self
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("stamp") != stamp:
            return self
        self.previous_keys = set(data["tasks"])
        self.previous_files = dict(data["files"])
        return self

    def forget(self) -> None:
        """The output will be written whole: nothing in it can be reused."""
        self.previous_files = None

    def has(self, key: str) -> bool:
        """Whether `known` would find the result of this key (unless its file went missing)."""
        return self.previous_files is not None and key in self.previous_keys

    def known(self, key: str):
        """The result of work done before with this key, if its files are still in the output."""
        if self.previous_files is None or key not in self.previous_keys:
            return None
        if key in _KEPT:
            return _KEPT[key]
        try:
            return pickle.loads((self.blobs / f"{key}.pickle").read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None

    def store_path(self, key: str) -> str | None:
        """Where the worker that makes the result of `key` writes it (`store_result`), or None when this build
        needs no new file for it."""
        if key in self.previous_keys or key in self._stored:
            return None
        try:
            self._make_folder()
        except OSError:
            return None
        self._stored.add(key)
        return f"{self.blobs}/{key}.pickle"

    def remember(self, key: str, result) -> None:
        """Keep this build's result of `key`; a new one not stored by its worker is stored at once."""
        self.results[key] = result
        if key not in self.previous_keys and key not in self._stored:
            try:
                self._make_folder()
                store_result(f"{self.blobs}/{key}.pickle", pickle.dumps(result, protocol=5))
            except OSError:  # tried again by save
                pass
            self._stored.add(key)

    def _make_folder(self) -> None:
        if not self._folder_made:
            self.blobs.mkdir(parents=True, exist_ok=True)
            self._folder_made = True

    def keep(self) -> None:
        """Keep this build's results in this process for the next build (`serve`): `known` then reads no
        file. Only the last build's are kept, so a long session holds one build's worth."""
        _KEPT.clear()
        _KEPT.update(self.results)

    def save(self, stamp: bytes, records: list[PageRecord]) -> None:
        """Record this build; called after the new site is in place. A failure here only costs speed."""
        data = {
            "format": FORMAT,
            "stamp": stamp.decode("ascii"),
            "tasks": sorted(self.results),
            "files": {record.path: record.digest for record in records},
        }
        try:
            self.blobs.mkdir(parents=True, exist_ok=True)
            stored = set()
            for blob in self.blobs.iterdir():
                if blob.stem not in self.results:
                    blob.unlink()
                elif blob.suffix == ".pickle":
                    stored.add(blob.stem)
            for key, result in self.results.items():  # those a failed write left out
                if key not in stored:
                    store_result(f"{self.blobs}/{key}.pickle", pickle.dumps(result, protocol=5))
            temporary = self.path.with_suffix(".tmp")
            temporary.write_bytes(marshal.dumps(data, 2))  # a library's files are many: marshal, not JSON
            temporary.replace(self.path)
        except OSError:
            try:
                self.path.unlink(missing_ok=True)
            except OSError:
                pass
