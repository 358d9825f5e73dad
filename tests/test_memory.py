"""Memory that does not grow with the library: pages stream to the output as they are rendered."""

from __future__ import annotations

import pickle
import sys

from lectern import render
from lectern.bench import make_corpus
from lectern.config import Config
from lectern.errors import Problems
from lectern.keys import data_key, task_key
from lectern.load import load_sources
from lectern.model import Edition, OutputFile
from lectern.parse import parse_document
from lectern.pipeline import build_site
from lectern.search import VolumeJob
from lectern.tokenize import FoldTable

from .conftest import ROOT


def test_no_stage_holds_every_page_of_a_generated_library(tmp_path, monkeypatch):
    """Counts the rendered pages alive at once (reference counting frees a page as soon as nothing holds it)."""
    alive = {"now": 0, "most": 0, "made": 0}

    class CountedFile(OutputFile):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            alive["now"] += 1
            alive["made"] += 1
            alive["most"] = max(alive["most"], alive["now"])

        def __del__(self):
            alive["now"] -= 1

    monkeypatch.setattr(render, "OutputFile", CountedFile)
    corpus = make_corpus(ROOT / "content", 3, tmp_path / "content")  # six documents
    result = build_site(Config(content=corpus, out=tmp_path / "site", jobs=1))
    assert alive["made"] > 3000 and result.files > alive["made"]
    assert alive["most"] <= 2, f"{alive['most']} of {alive['made']} pages were held at once"


def _has_utf8_copy(text: str) -> bool:
    """CPython keeps the UTF-8 form of a str it was asked for (pickling asks) inside the str, for its life."""
    return sys.getsizeof(text) > sys.getsizeof(text.encode().decode())


def test_texts_sent_to_workers_or_keyed_keep_no_second_copy():
    """The build holds the library's texts to its end; sending them to a worker (a source, a search volume's
    rows) or keying work by them must not leave each at 2.5 times its size."""
    problems = Problems()
    source = load_sources(ROOT / "content", problems)[0]
    blocks = parse_document(source, problems).blocks
    texts = [block.text for block in blocks[:50]]
    rows = [[0, "p", f"p{n}", str(n), -1, text] for n, text in enumerate(texts)]
    job = VolumeJob(0, FoldTable({}), {Edition.HANS: (0, rows)}, {Edition.HANS: {0: ["slug", "title", "url"]}})
    assert pickle.loads(pickle.dumps(job)) == job
    assert pickle.loads(pickle.dumps(source)) == source
    pickle.dumps(blocks)  # the build cache stores every block
    task_key("", source, texts)
    data_key("", rows)
    assert not problems.errors
    assert not any(_has_utf8_copy(text) for text in [source.body, *(block.text for block in blocks)])
    pickle.dumps(texts)  # what the checks above stand for: a plain pickle leaves the copies
    assert all(_has_utf8_copy(text) for text in texts if not text.isascii())


def test_blocks_share_their_anchors_and_numbers_across_documents_and_editions():
    """A library repeats p105 and 105 in every document and both editions; each is held once."""
    problems = Problems()
    first, second = (parse_document(source, problems) for source in load_sources(ROOT / "content", problems)[:2])
    anchors = {block.anchor: block.anchor for block in first.blocks}
    shared = [block for block in second.blocks if block.anchor in anchors]
    assert len(shared) > 50
    assert all(block.anchor is anchors[block.anchor] for block in shared)
    received = pickle.loads(pickle.dumps(first.blocks))  # a Traditional document coming back from a worker
    assert received == first.blocks
    assert all(a.anchor is b.anchor and a.number is b.number for a, b in zip(received, first.blocks))
