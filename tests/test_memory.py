"""Memory that does not grow with the library: pages stream to the output as they are rendered."""

from __future__ import annotations

from lectern import render
from lectern.bench import make_corpus
from lectern.config import Config
from lectern.model import OutputFile
from lectern.pipeline import build_site

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
