"""Keys of work by value: what the build cache and the search files are keyed by.

Shared by the stages that key their work (the render units in pipeline.py, the search volumes and
text fragments in search.py), so that equal inputs give equal keys everywhere.
"""

from __future__ import annotations

import hashlib
import io
import marshal
import pickle


def task_key(salt: str, *inputs) -> str:
    """The key of one unit of work: `salt` (code, templates, overrides) plus its inputs, pickled by value.

    The pickler runs in fast mode (no memo), so an object shared twice is written twice: the bytes
    depend on the values only, not on which objects happen to be shared, and equal inputs give
    equal keys whether they were just made or read from the cache. The inputs are records without
    cycles or sets. A key that changes without need costs a render, never a wrong page.
    """
    buffer = io.BytesIO()
    pickler = KeyPickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(inputs)
    return hashlib.sha256(salt.encode() + buffer.getvalue()).hexdigest()


class KeyPickler(pickle.Pickler):
    """A pickler that writes a non-ASCII text as its UTF-8 bytes.

    CPython's pickler asks a str for its UTF-8 form, and the str keeps that copy for as long as it
    lives: a key made of a library's texts (a search volume's rows) would leave every one of them at
    about 2.5 times its size until the end of the build. Encoding makes a copy that is freed at once.
    """

    def persistent_id(self, obj):
        if type(obj) is str and not obj.isascii():
            return obj.encode("utf-8", "surrogatepass")
        return None


def data_key(salt: str, *inputs) -> str:
    """`task_key` for plain data only (str, int, float, None, lists, tuples and dicts of them: a search
    volume's rows), written by `marshal`: by value (its version 2 shares nothing), in C and without
    leaving a UTF-8 copy in the texts, several times quicker than the pickler that must ask about each."""
    return hashlib.sha256(salt.encode() + marshal.dumps(inputs, 2)).hexdigest()
