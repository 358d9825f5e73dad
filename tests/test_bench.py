"""`build.py bench`: the figures the README quotes come from this command, so it must measure what it says."""

from __future__ import annotations

import json
import time

import pytest

from lectern.bench import edit_one_paragraph, make_corpus, run_bench
from lectern.cli import _progress

from .conftest import ROOT


def test_scaled_corpus_has_that_many_copies_with_new_slugs(tmp_path):
    corpus = make_corpus(ROOT / "content", 3, tmp_path / "c")
    slugs = sorted(path.stem for path in corpus.glob("*.md"))
    assert slugs == ["c34-2014", "c34-2014-x2", "c34-2014-x3", "hippo-2015", "hippo-2015-x2", "hippo-2015-x3"]
    assert "slug: hippo-2015-x3\n" in (corpus / "hippo-2015-x3.md").read_text(encoding="utf-8")
    assert (corpus / "glossary.yaml").exists() and (corpus / "conversion-overrides.tsv").exists()


def test_bench_reports_a_table_and_json_with_every_figure(tmp_path):
    printed: list[str] = []
    [result] = run_bench([1], 1, tmp_path / "bench.json", printed.append, peer=False)
    data = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))
    assert data["machine"]["cpus"] >= 1 and data["machine"]["file_creation_ms"] > 0
    [row] = data["results"]
    assert row["scale"] == 1 and row["documents"] == 2 and row["runs"] == 1
    assert len(row["wall_seconds"]) == 1 and row["wall_seconds"][0] == row["wall_seconds_median"]
    assert row["peer_wall_seconds"] == [] and result.paired_ratios() == []
    assert row["output_files"] > 1000 and row["output_bytes"] > 5_000_000
    assert 0 < row["index_gzip_bytes"] < row["index_bytes"]
    assert 50 < row["peak_memory_mb"] < 2000 and row["cpu_seconds_median"] > 0
    # the edit rebuilt the edited document's pages and what lists its text, not the site
    assert 0 < row["rebuild_files_written"] < row["output_files"] / 10
    assert row["rebuild_seconds"] > 0 and row["serve_rebuild_seconds"] > 0
    assert "load_average" in data["machine"]
    # (the JSON rounds both figures to milliseconds and thousandths)
    assert row["source_mb_per_second"] == pytest.approx(
        row["source_bytes"] / 1e6 / row["wall_seconds_median"], rel=0.01, abs=0.001
    )
    table = next(line for line in printed if line.startswith("| scale"))
    assert "| 1x | 2 |" in "\n".join(printed) and "rebuild after one paragraph edit" in table
    assert result.output_files == row["output_files"]


def test_a_long_build_names_each_stage_as_it_starts(capsys):
    _progress(time.perf_counter(), quiet=False)("parse")
    assert capsys.readouterr().err == ""  # the first two seconds stay quiet
    _progress(time.perf_counter() - 5, quiet=False)("render")
    assert capsys.readouterr().err.strip().startswith("5.0 s  render")
    assert _progress(time.perf_counter() - 5, quiet=True) is None


def test_the_benchmark_edit_changes_one_numbered_paragraph_and_nothing_else():
    text = (ROOT / "content" / "hippo-2015.md").read_text(encoding="utf-8")
    edited = edit_one_paragraph(text)
    changed = [(a, b) for a, b in zip(text.split("\n"), edited.split("\n")) if a != b]
    assert len(changed) == 1 and changed[0][1] == changed[0][0] + "改"
    assert changed[0][0].split(" ", 1)[0].endswith("\\.")
