"""A rebuild renders and writes only what an edit changed, and its site is the clean build's, byte for byte."""

from __future__ import annotations

import marshal
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lectern.config import Config
from lectern.executor import make_executor
from lectern.pipeline import build_site
from lectern.write import JOURNAL, wait_for_removals

from .conftest import FIXTURES, ROOT
from .test_golden import tree_digest

DOC = "fixture-2020.md"


def clean_build(content: Path, out: Path, templates: Path | None = None) -> None:
    """A clean build in a new process: nothing this process remembers from its earlier builds (what
    `serve` keeps between rebuilds) can reach it, so a stale memo shows as a difference."""
    code = (
        "import sys; from pathlib import Path; from lectern.config import Config; "
        "from lectern.pipeline import build_site; "
        "more = {'templates': Path(sys.argv[3])} if len(sys.argv) > 3 else {}; "
        "build_site(Config(content=Path(sys.argv[1]), out=Path(sys.argv[2]), jobs=1, **more))"
    )
    arguments = [str(content), str(out)] + ([str(templates)] if templates else [])
    subprocess.run([sys.executable, "-c", code, *arguments], check=True, cwd=ROOT)


def second_document(content: Path) -> None:
    text = (content / DOC).read_text(encoding="utf-8")
    text = text.replace("slug: fixture-2020", "slug: fixture-2021", 1).replace(
        "symbol: A/75/999", "symbol: A/76/999", 1
    )
    (content / "fixture-2021.md").write_text(text, encoding="utf-8")


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append_to(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


EDITS = [
    ("paragraph text", lambda c, t: replace_in(c / DOC, "审查任务", "审查并更新任务")),
    ("English text", lambda c, t: replace_in(c / "fixture-2020.en.md", "Review mandates", "Review the mandates")),
    ("glossary definition", lambda c, t: replace_in(c / "glossary.yaml", "各项措施。", "各项措施和行动。")),
    (  # the English marks of the parallel page follow the glossary's English names
        "glossary English name",
        lambda c, t: replace_in(c / "glossary.yaml", "english: Security Council", "english: Safety Board"),
    ),
    (  # a definition the heuristics cannot see (the short form's characters are not in the full name) ...
        "text of an abbreviation without its curated full name",
        lambda c, t: replace_in(
            c / DOC, "保护平民是安理会的核心关切，", "保护平民是安理会的核心关切，行政和预算委员会(第五委员会)也关切，"
        ),
    ),
    (  # ... is found once the glossary gives its full name, though the text did not change: the parse units find
        # the abbreviations with the curated full names, so a parse the cache knows with other names will not do
        "curated full name of an abbreviation",
        lambda c, t: append_to(
            c / "glossary.yaml", "  第五委员会: {full_name: 行政和预算委员会, english: Fifth Committee}\n"
        ),
    ),
    ("template", lambda c, t: replace_in(t / "paragraph.html", "</main>", "<p>template edit</p>\n</main>")),
    (  # the Traditional text, and the snippets of the Traditional term pages, follow the overrides
        "conversion override",
        lambda c, t: replace_in(c / "conversion-overrides.tsv", "马里\t馬里", "马里\t瑪里"),
    ),
    (  # a term's snippet that reads a word an override changes, then the override, then the text again: the
        # Traditional snippet follows the overrides, whatever the process remembers of the text
        "snippet with a word to override",
        lambda c, t: replace_in(c / DOC, "(b) 安全理事会应保护平民", "(b) 测试：安全理事会应保护平民"),
    ),
    ("override of a snippet's word", lambda c, t: append_to(c / "conversion-overrides.tsv", "测试\t測驗\n")),
    ("snippet's word written in Traditional", lambda c, t: replace_in(c / DOC, "(b) 测试：", "(b) 測試：")),
    ("new document", lambda c, t: second_document(c)),
    (
        "paragraph text of the new document",
        lambda c, t: replace_in(c / "fixture-2021.md", "审查并更新任务", "审查任务"),
    ),
    ("deleted document", lambda c, t: (c / "fixture-2021.md").unlink()),
    ("deleted English version", lambda c, t: (c / "fixture-2020.en.md").unlink()),
]


@pytest.mark.parametrize("jobs", [1, 2])
def test_rebuilds_after_each_edit_equal_a_clean_build_byte_for_byte(tmp_path, jobs):
    content, templates = tmp_path / "content", tmp_path / "templates"
    shutil.copytree(FIXTURES / "site" / "content", content)
    shutil.copytree(ROOT / "templates", templates)
    second_document(content)
    out = tmp_path / "kept" / "site"
    config = Config(content=content, templates=templates, out=out, jobs=jobs)
    with make_executor(jobs) as pool:  # one executor across rebuilds, as serve keeps it
        first = build_site(config, executor=pool)
        assert first.written == first.files
        other = out / "zh-hant" / "fixture-2021" / "index.html"
        for number, (name, edit) in enumerate(EDITS):
            edit(content, templates)
            before = other.stat() if other.exists() else None
            rebuilt = build_site(config, executor=pool)
            clean = tmp_path / f"clean-{number}" / "site"
            clean_build(content, clean, templates)
            assert tree_digest(out) == tree_digest(clean), f"after the edit of the {name}"
            assert not (out / JOURNAL).exists()
            if name == "paragraph text":
                # The edited document and the site pages that quote its text; the other document is left alone.
                # (the worker, its catalog of sizes and digests and the search files change with any text)
                assert rebuilt.rendered < first.rendered and 0 < rebuilt.written <= rebuilt.files / 4
                after = other.stat()
                assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    again = build_site(config)  # nothing changed: nothing rendered, nothing written
    assert again.rendered == 0 and again.written == 0
    assert tree_digest(out) == tree_digest(clean)
    wait_for_removals()  # the files each rebuild replaced, removed in a thread
    assert sorted(path.name for path in out.parent.iterdir()) == [".lectern-cache", "site"]


def test_a_cut_short_update_is_followed_by_a_whole_build(tmp_path, fixture_content):
    out = tmp_path / "site"
    config = Config(content=fixture_content, out=out, jobs=1)
    build_site(config)
    (out / JOURNAL).write_text("zh-hans/index.html\n", encoding="utf-8")  # as if killed while moving files in
    (out / "zh-hans" / "index.html").write_bytes(b"half")
    replace_in(fixture_content / DOC, "审查任务", "审查并更新任务")
    result = build_site(config)
    assert result.written == result.files and not (out / JOURNAL).exists()
    clean = tmp_path / "clean" / "site"
    clean_build(fixture_content, clean)
    assert tree_digest(out) == tree_digest(clean)


def test_a_deleted_output_is_built_whole_again(tmp_path, fixture_content):
    """The cache trusts the output only while it carries the stamp of the build the cache recorded."""
    out = tmp_path / "site"
    config = Config(content=fixture_content, out=out, jobs=1)
    build_site(config)
    shutil.rmtree(out)
    result = build_site(config)
    assert result.written == result.files and (out / "zh-hans" / "index.html").exists()


def test_the_output_guard_accepts_an_update_cut_short_and_the_marker_lists_the_whole_top_level(
    tmp_path, fixture_content, monkeypatch
):
    """The marker names `.lectern-build` and, while files move, the journal: `lectern build` then builds whole."""
    from lectern import write
    from lectern.cli import main
    from lectern.outdir import MARKER, marker_content

    out = tmp_path / "site"
    arguments = ["--content", str(fixture_content), "--out", str(out), "--quiet", "--jobs", "1"]
    assert main(arguments) == 0
    replace_in(fixture_content / DOC, "审查任务", "审查并更新任务")

    real = write.os.replace

    def killed(source, target):
        if ".lectern-cache" in str(target):  # the build cache stores its results as they come
            return real(source, target)
        raise RuntimeError("killed while moving files in")

    monkeypatch.setattr(write.os, "replace", killed)
    with pytest.raises(RuntimeError):
        build_site(Config(content=fixture_content, out=out, jobs=1))
    monkeypatch.undo()
    assert (out / JOURNAL).exists() and JOURNAL in (out / MARKER).read_text(encoding="utf-8")
    assert main(arguments) == 0  # not refused: the journal is the build's own
    assert not (out / JOURNAL).exists()
    names = sorted(path.name for path in out.iterdir() if path.name != MARKER)
    assert write.STAMP in names and (out / MARKER).read_bytes() == marker_content(names)
    clean = tmp_path / "clean" / "site"
    clean_build(fixture_content, clean)
    assert tree_digest(out) == tree_digest(clean)


def test_an_edit_in_one_document_remakes_only_its_volume_and_text_fragments_of_the_search_index(tmp_path, monkeypatch):
    """The search files are keyed per volume and per document's fragments in the build cache: a new
    process (here: a build that keeps nothing in memory from the last) computes and writes only the
    files whose input changed, and the site equals a clean build."""
    from lectern import search

    monkeypatch.setattr(search, "VOLUME_ROWS", 10)  # a volume per document (a volume holds whole documents)
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "site" / "content", content)
    second_document(content)
    out = tmp_path / "kept" / "site"
    config = Config(content=content, out=out, jobs=1)
    build_site(config)
    folder = out / "search" / "zh-hans"
    before = {path.relative_to(out).as_posix(): path.stat().st_ino for path in (out / "search").rglob("*.js")}
    made = []
    real = search.volume_index
    monkeypatch.setattr(search, "volume_index", lambda rows, first: made.append(first) or real(rows, first))

    replace_in(content / "fixture-2021.md", "审查任务", "审查并更新任务")
    build_site(config)

    manifest = search.decode_script((folder / "manifest.js").read_bytes())[1]
    assert isinstance(manifest, dict)
    rows = [search.decode_script(path.read_bytes())[1] for path in sorted((folder / "text").glob("*.js"))]
    second = manifest["docs"].index(next(doc for doc in manifest["docs"] if doc[0] == "fixture-2021"))
    edited = [
        fragment["first"] + offset
        for fragment in rows
        for offset, row in enumerate(fragment["rows"])
        if row[0] == second and "审查并更新任务" in row[5]
    ]
    touched = [
        number
        for number, volume in enumerate(manifest["volumes"])
        if any(volume["rows"][0] <= row < volume["rows"][1] for row in edited)
    ]
    volumes = len(manifest["volumes"])
    assert volumes >= 3 and len(touched) == 1  # the glossary, one volume per document
    # Only the touched volumes were indexed again (each edition once: the Traditional text differs).
    assert len(made) <= 2 * len(touched)
    after = {path.relative_to(out).as_posix(): path.stat().st_ino for path in (out / "search").rglob("*.js")}
    rewritten = {path for path in after if before.get(path) != after[path]}
    untouched = [
        path for path in after if "/index/" in path and int(path.rsplit("/", 1)[1].split("-")[0]) not in touched
    ]
    assert untouched and not rewritten & set(untouched)
    first_doc_text = {
        f"search/zh-hans/text/{number}.js" for number, fragment in enumerate(rows) if fragment["rows"][0][0] != second
    }
    assert first_doc_text and not rewritten & first_doc_text
    clean = tmp_path / "clean" / "site"
    build_site(Config(content=content, out=clean, jobs=1))  # in this process: VOLUME_ROWS is patched here
    assert tree_digest(out) == tree_digest(clean)


def test_an_edit_of_one_document_is_rendered_on_every_core_and_gives_the_clean_build(tmp_path, monkeypatch):
    """With fewer units to make than workers (one edited document, two workers), the document's unit is cut
    in one part per edition, made side by side; the joined result is the whole unit's, byte for byte."""
    from concurrent.futures import ThreadPoolExecutor

    from lectern import pipeline

    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "site" / "content", content)
    second_document(content)
    out = tmp_path / "kept" / "site"
    config = Config(content=content, out=out, jobs=2)
    made: list[tuple[str, tuple[str, ...]]] = []
    real = pipeline.render_document_pages

    def recorded(setup, staging, previous, task):
        made.append((task.source.meta.slug, tuple(edition.segment for edition in task.editions)))
        return real(setup, staging, previous, task)

    recorded.__name__ = real.__name__  # the cache keys units by the work's name
    monkeypatch.setattr(pipeline, "render_document_pages", recorded)
    with ThreadPoolExecutor(2) as pool:  # threads, so that the calls are seen here
        build_site(config, executor=pool)
        assert sorted(made) == [("fixture-2020", ("zh-hans", "zh-hant")), ("fixture-2021", ("zh-hans", "zh-hant"))]
        made.clear()
        replace_in(content / "fixture-2021.md", "审查任务", "审查并更新任务")
        build_site(config, executor=pool)
    assert sorted(made) == [("fixture-2021", ("zh-hans",)), ("fixture-2021", ("zh-hant",))]
    clean = tmp_path / "clean" / "site"
    clean_build(content, clean)
    assert tree_digest(out) == tree_digest(clean)


def test_a_rebuild_in_the_same_process_takes_the_last_results_from_memory(tmp_path):
    """`serve` rebuilds in one process: the last build's results are kept there, so a rebuild reads no
    cache file (here they are gone) and still renders only the edited document's pages."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "site" / "content", content)
    second_document(content)
    out = tmp_path / "kept" / "site"
    config = Config(content=content, out=out, jobs=1)
    first = build_site(config)
    blobs = out.parent / ".lectern-cache" / "site.d"
    assert any(blobs.iterdir())
    shutil.rmtree(blobs)
    replace_in(content / "fixture-2021.md", "审查任务", "审查并更新任务")
    rebuilt = build_site(config)
    assert 0 < rebuilt.rendered < first.rendered / 2
    clean = tmp_path / "clean" / "site"
    clean_build(content, clean)
    assert tree_digest(out) == tree_digest(clean)


def test_a_build_in_a_new_process_takes_every_unchanged_document_from_the_records_the_parse_units_stored(tmp_path):
    """The workers that parse the documents write each record to the build cache themselves (the build process
    only reads them back): a build in a new process parses none of the unchanged documents again (here parsing
    fails loudly), and its site is the same."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "site" / "content", content)
    second_document(content)
    out = tmp_path / "site"
    code = (
        "import sys; from pathlib import Path; from lectern import pipeline; from lectern.config import Config; "
        "from lectern.cli import finish\n"
        "if sys.argv[3] == 'no parse':\n"
        "    def refuse(*args, **kwargs): raise AssertionError('parsed again')\n"
        "    pipeline.parse_record = refuse\n"
        "if __name__ == '__main__':\n"
        "    pipeline.build_site(Config(content=Path(sys.argv[1]), out=Path(sys.argv[2]), jobs=int(sys.argv[4])))\n"
        "    finish(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(content), str(out), "parse", "2"], check=True, cwd=ROOT)
    first = tree_digest(out)
    (out / "zh-hans" / "index.html").unlink()  # a rebuild, not nothing to do
    done = subprocess.run(
        [sys.executable, "-c", code, str(content), str(out), "no parse", "1"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert tree_digest(out) == first
    replace_in(content / DOC, "审查任务", "审查并更新任务")  # the check can fail: an edited document is parsed
    failed = subprocess.run(
        [sys.executable, "-c", code, str(content), str(out), "no parse", "1"], cwd=ROOT, capture_output=True, text=True
    )
    assert failed.returncode != 0 and "parsed again" in failed.stderr


def test_a_rebuild_that_fails_in_one_part_of_a_unit_leaves_nothing_beside_the_site(tmp_path, monkeypatch):
    """The parts of a cut unit run side by side: when one fails, the build waits for the other before it
    removes its staging folder, so no page is written after it (a folder of stale pages in the project)."""
    import time
    from concurrent.futures import ThreadPoolExecutor

    from lectern import pipeline
    from lectern.errors import ContentError, ContentErrors, Location
    from lectern.model import Edition

    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "site" / "content", content)
    out = tmp_path / "kept" / "site"
    config = Config(content=content, out=out, jobs=2)
    real_pages = pipeline._paragraph_pages

    def slow_pages(renderer, document, edition):
        for page in real_pages(renderer, document, edition):
            if edition is Edition.HANT:
                time.sleep(0.2)  # the Traditional part is still writing when the Simplified one fails
            yield page

    with ThreadPoolExecutor(2) as pool:
        build_site(config, executor=pool)
        replace_in(content / DOC, "审查任务", "审查并更新任务")
        monkeypatch.setattr(pipeline, "_paragraph_pages", slow_pages)
        monkeypatch.setattr(
            pipeline,
            "check_text_conserved",
            lambda path, body, line, html: [ContentError(Location(path, line), "lost")],
        )
        with pytest.raises(ContentErrors):
            build_site(config, executor=pool)
    assert sorted(path.name for path in out.parent.iterdir()) == [".lectern-cache", "site"]


def test_a_build_that_fails_while_the_search_volumes_are_made_leaves_nothing_beside_the_site(tmp_path, monkeypatch):
    """The search volumes are made and written by the workers while the build renders the term pages: when
    a term page fails, the build waits for the volumes before it removes its staging folder, so none
    writes (and makes that folder again) after it."""
    import time
    from concurrent.futures import ThreadPoolExecutor

    from lectern import pipeline
    from lectern.errors import ContentError, ContentErrors, Location

    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "site" / "content", content)
    out = tmp_path / "kept" / "site"
    config = Config(content=content, out=out, jobs=2)
    real_search_files = pipeline.write_search_files

    def slow_search_files(staging, previous, job):
        time.sleep(0.5)  # still making the volume (or texts) when the term page fails
        return real_search_files(staging, previous, job)

    def failing_terms(*arguments):
        raise ContentErrors([ContentError(Location(content / "glossary.yaml", 1), "a term page failed")])

    monkeypatch.setattr(pipeline, "write_search_files", slow_search_files)
    monkeypatch.setattr(pipeline, "render_term_pages", failing_terms)
    with ThreadPoolExecutor(2) as pool, pytest.raises(ContentErrors):
        build_site(config, executor=pool)
    time.sleep(1)  # what a volume still running would write, it has written by now
    # no site, no staging folder; the build cache holds what the failed build made (listed by no saved build)
    assert sorted(path.name for path in out.parent.iterdir()) == [".lectern-cache"]
    monkeypatch.undo()
    build_site(Config(content=content, out=out, jobs=1))  # the next build reuses those results, or removes them
    clean = tmp_path / "clean" / "site"
    clean_build(content, clean)
    assert tree_digest(out) == tree_digest(clean)
    cache = out.parent / ".lectern-cache"
    listed = set(marshal.loads((cache / "site.index").read_bytes())["tasks"])
    assert {blob.stem for blob in (cache / "site.d").iterdir()} == listed


def test_the_listing_pages_read_the_titles_size_and_language_versions_of_each_document(tmp_path):
    """home.html and register.html receive a Listing per document (re-rendered only when it changes): a
    site's own home page can show the language versions and the source file."""
    content, templates = tmp_path / "content", tmp_path / "templates"
    shutil.copytree(FIXTURES / "site" / "content", content)
    shutil.copytree(ROOT / "templates", templates)
    replace_in(
        templates / "home.html",
        "{% set meta = document.meta %}",
        "{% set meta = document.meta %}<p class=versions>{{ document.path }}"
        "{% for version in document.translations %} {{ version.lang }}:{{ version.title }}{% endfor %}</p>",
    )
    out = tmp_path / "site"
    build_site(Config(content=content, templates=templates, out=out, jobs=1))
    home = (out / "zh-hans" / "index.html").read_text(encoding="utf-8")
    assert "fixture-2020.md en:" in home


def test_an_edit_re_renders_only_the_term_pages_that_quote_the_edited_text(tmp_path, monkeypatch):
    """A term page lists every place of its term with a snippet; a paragraph edit changes the pages of the
    terms in that paragraph (and their snippets show the new text), not those of the other terms."""
    from lectern import pipeline
    from lectern.render import Renderer

    monkeypatch.setattr(pipeline, "TERMS_PER_TASK", 1)
    rendered: list[str] = []
    render_terms = Renderer.render_terms

    def counting(self, entries, edition):
        rendered.extend(f"{edition.segment}/{entry.term.slug}" for entry in entries)
        return render_terms(self, entries, edition)

    monkeypatch.setattr(Renderer, "render_terms", counting)
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "site" / "content", content)
    config = Config(content=content, out=tmp_path / "site", jobs=1)
    build_site(config)
    slugs = {name.split("/")[1] for name in rendered}
    assert len(slugs) == 3 and len(rendered) == 6
    rendered.clear()
    replace_in(content / DOC, "在马里部署", "在马里全境部署")  # paragraph 1: only the mission's abbreviation
    build_site(config)
    pages = {name.split("/")[1] for name in rendered}
    assert len(pages) == 1 and len(rendered) == 2, rendered  # its page in both scripts, no other term's
    (mission,) = pages
    for edition in ("zh-hans", "zh-hant"):
        page = (tmp_path / "site" / edition / "glossary" / mission / "index.html").read_text(encoding="utf-8")
        assert "在马里全境部署" in page if edition == "zh-hans" else "在馬里全境部署" in page
    rendered.clear()
    replace_in(content / DOC, "号决议和《", "号决议以及《")  # paragraph 3, beyond the snippets of its terms
    build_site(config)
    assert rendered == []


def test_many_small_units_go_to_the_workers_a_few_at_a_time_and_are_still_kept_one_by_one(tmp_path, monkeypatch):
    """A clean build with many small units (term pages) hands them to the workers joined, a few to a call
    (LISTING_JOIN, here 4); the site is the same, and each unit keeps its own cache entry: an edit then
    re-renders only its term's pages."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from lectern import pipeline

    monkeypatch.setattr(pipeline, "TERMS_PER_TASK", 1)
    monkeypatch.setattr(pipeline, "JOIN_WHEN", 0.5)  # joined from 4 units to make (2 workers): a clean build here
    monkeypatch.setattr(pipeline, "LISTING_JOIN", 4)
    calls: list[int] = []
    made: list[str] = []
    real = pipeline.render_term_pages
    lock = threading.Lock()

    def recorded(setup, staging, previous, task):
        with lock:
            made.extend(entry.term.slug for entry in task.entries())
        return real(setup, staging, previous, task)

    recorded.__name__ = real.__name__  # the cache keys units by the work's name
    monkeypatch.setattr(pipeline, "render_term_pages", recorded)

    class Counting(ThreadPoolExecutor):  # threads, so that the calls are seen here
        def submit(self, fn, /, *args, **kwargs):
            if fn is pipeline._run_all:
                calls.append(len(args[3]))
            return super().submit(fn, *args, **kwargs)

    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "site" / "content", content)
    out = tmp_path / "kept" / "site"
    config = Config(content=content, out=out, jobs=2)
    with Counting(2) as pool:
        build_site(config, executor=pool)
        # 3 terms in 2 scripts, behind the 2 editions' site pages (one map), in 2 calls
        assert len(made) == 6 and sum(calls) == len(made) + 2 and max(calls) == 4, calls
        clean = tmp_path / "clean" / "site"
        clean_build(content, clean)
        assert tree_digest(out) == tree_digest(clean)
        calls.clear()
        made.clear()
        replace_in(content / DOC, "在马里部署", "在马里全境部署")  # only the mission's abbreviation
        build_site(config, executor=pool)
    assert len(made) == 2 and len(set(made)) == 1 and calls == [], (made, calls)  # too few to join


def test_a_term_page_follows_any_front_matter_of_the_documents_it_lists(tmp_path):
    """A custom term.html may show any field of a listed document's front matter (here its symbol): a rebuild
    after an edit of that field updates the term pages, as a clean build would."""
    content, templates = tmp_path / "content", tmp_path / "templates"
    shutil.copytree(FIXTURES / "site" / "content", content)
    shutil.copytree(ROOT / "templates", templates)
    replace_in(templates / "term.html", "({{ count }})", "({{ count }}) {{ document.meta.symbol }}")
    config = Config(content=content, templates=templates, out=tmp_path / "site", jobs=1)
    build_site(config)
    page = tmp_path / "site" / "zh-hans" / "glossary"
    assert any("A/75/999" in path.read_text(encoding="utf-8") for path in page.glob("*/index.html"))
    replace_in(content / DOC, "symbol: A/75/999", "symbol: A/75/998")
    replace_in(content / "fixture-2020.en.md", "symbol: A/75/999", "symbol: A/75/998")  # its language version
    build_site(config)
    texts = [path.read_text(encoding="utf-8") for path in page.glob("*/index.html")]
    assert any("A/75/998" in text for text in texts) and not any("A/75/999" in text for text in texts)


def test_a_rebuild_removes_files_added_to_the_output_by_hand(tmp_path):
    """The output holds what a clean build writes and nothing else, however it is updated (the rebuild lists
    the output in a thread while it makes the site)."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "site" / "content", content)
    out = tmp_path / "kept" / "site"
    config = Config(content=content, out=out, jobs=1)
    build_site(config)
    (out / "zh-hans" / "stray.html").write_text("<p>added by hand</p>", encoding="utf-8")
    (out / "notes").mkdir()
    (out / "notes" / "todo.txt").write_text("added by hand", encoding="utf-8")
    replace_in(content / DOC, "审查任务", "审查并更新任务")
    rebuilt = build_site(config)
    assert 0 < rebuilt.written < rebuilt.files  # updated in place, not written whole
    clean = tmp_path / "clean" / "site"
    clean_build(content, clean)
    assert tree_digest(out) == tree_digest(clean)
    assert not (out / "zh-hans" / "stray.html").exists() and not (out / "notes").exists()


def test_a_rebuild_makes_again_files_deleted_from_the_output_by_hand(tmp_path):
    """A page the last build wrote, deleted by hand (with its folder), is there again after the next build,
    which gives the clean build's tree: the update finds it missing before it moves anything and the site
    is built whole."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "site" / "content", content)
    out = tmp_path / "kept" / "site"
    config = Config(content=content, out=out, jobs=1)
    first = build_site(config)
    paragraph = next((out / "zh-hans").glob("*/p/*/index.html"))
    shutil.rmtree(paragraph.parent)
    rebuilt = build_site(config)
    assert paragraph.exists() and rebuilt.written == first.written
    clean = tmp_path / "clean" / "site"
    clean_build(content, clean)
    assert tree_digest(out) == tree_digest(clean)
    replace_in(content / DOC, "审查任务", "审查并更新任务")
    assert 0 < build_site(config).written < first.written  # and the next edit is an update again


def test_a_document_parsed_ahead_is_taken_once_then_parsed_again():
    """parse_ahead (a rebuild's workers parse the edited document while the build process finds its terms and
    links): the unit that renders it takes that parse, once; the next one parses for itself (the pages' unit
    changes its tokens, so none may be handed out twice), and both parses are the same."""
    from lectern import pipeline
    from lectern.errors import Problems
    from lectern.load import load_source

    source = load_source(FIXTURES / "site" / "content" / "fixture-2020.md", Problems())
    assert source is not None
    pipeline.parse_ahead(source)
    first = pipeline._parsed(source)
    second = pipeline._parsed(source)
    assert first is not second and pipeline._AHEAD == {}
    assert [token.as_dict() for token in first.tokens] == [token.as_dict() for token in second.tokens]
    assert first.blocks == second.blocks
