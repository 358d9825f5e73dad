"""Stage modules are siblings: each imports the shared records and its own helpers, never another stage.

Read from the source with `ast`, so the rule holds for lazy imports inside functions too. The
composition roots (pipeline, cli, serve, bench) wire the stages together and may import any of them.
Imports under `if TYPE_CHECKING:` only name records in signatures and are not counted.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "lectern"

ROOTS = {
    "lectern.pipeline",
    "lectern.parallel",
    "lectern.cli",
    "lectern.serve",
    "lectern.bench",
    "lectern.__main__",
    "lectern.warm",
}
"""They list the stages in order; that is their job. `parallel` wires the stages for language versions
(parse, align, mark, link, convert, render) as `pipeline` does for documents, and pipeline calls it.
`warm` is the fork server's entry point: it readies the convert stage for the workers the executor forks."""
SHARED = {
    "lectern.model",
    "lectern.errors",
    "lectern.urls",
    "lectern.config",
    "lectern.markup",
    "lectern.textfile",
    "lectern.schema",
    "lectern.keys",
}
"""Records, problems, the URL scheme, the paths of a build, and the one way to escape HTML, read an
editor's text file, check what editors write in YAML and key work by value: every stage may use them."""
HELPERS = {
    "lectern.load": {"lectern.yamlerrors"},
    "lectern.glossary": {"lectern.yamlerrors", "lectern.phrases"},
    "lectern.convert": {"lectern.phrases"},
    "lectern.search": {"lectern.tokenize", "lectern.search_lang", "lectern.postings"},
    "lectern.search_engine": {"lectern.tokenize", "lectern.search_lang"},
    "lectern.search_lang": {"lectern.tokenize"},
    "lectern.parse": {
        "lectern.mdext.anchors",
        "lectern.mdext.backlinks",
        "lectern.mdext.blockattrs",
        "lectern.mdext.emphasis",
        "lectern.mdext.footnotes",
        "lectern.mdext.links",
        "lectern.mdext.tables",
        "lectern.mdext.terms",
        "lectern.mdext.xrefs",
    },
    "lectern.mdext.links": {"lectern.mdext.inline"},
    "lectern.mdext.terms": {"lectern.mdext.inline"},
    "lectern.mdext.tables": {"lectern.chart"},
    "lectern.write": {"lectern.outdir"},
    "lectern.importer": {"lectern.import_common"},
    "lectern.importer_en": {"lectern.import_common"},
    "lectern.render": {"lectern.views", "lectern.languages"},
    "lectern.views": {"lectern.languages"},
}
"""A stage's own helpers: modules that serve it (the parser's plugins, the YAML error locator, the tokeniser)."""
NOT_YET_UNTANGLED = {
    ("lectern.glossary", "lectern.mdext.terms"): "find_occurrences uses the parser plugin's TermMatcher",
    ("lectern.mdext.xrefs", "lectern.mdext.anchors"): "chinese_numeral, shared by two parser plugins",
    ("lectern.importer", "lectern.load"): "the importer names documents with load's SLUG rule",
    ("lectern.search_engine", "lectern.search"): "the Python query engine reads the pieces search.py encodes",
}
"""Known crossings, each with its reason; remove an entry when its import goes."""


def imports_of(path: Path) -> set[str]:
    module = "lectern." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
    package = module.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(node)
        for statement in ast.walk(tree)
        if isinstance(statement, ast.If) and "TYPE_CHECKING" in ast.unparse(statement.test)
        for node in ast.walk(statement)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
            if node.module:
                found.add(".".join([*base, node.module]))
            else:
                found.update(".".join([*base, alias.name]) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("lectern"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("lectern"))
    return {name for name in found if name != "lectern"}


def module_name(path: Path) -> str:
    return "lectern." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)


def test_no_stage_imports_another_stage():
    crossings = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        if module in ROOTS or path.name == "__init__.py":
            continue
        allowed = SHARED | HELPERS.get(module, set())
        for imported in sorted(imports_of(path)):
            if imported not in allowed and (module, imported) not in NOT_YET_UNTANGLED:
                crossings.append(f"{module} imports {imported}")
    assert crossings == []


def test_every_listed_exception_is_still_needed():
    """An exception whose import is gone must leave the list, so the list only shrinks."""
    for module, imported in NOT_YET_UNTANGLED:
        path = PACKAGE / (module.removeprefix("lectern.").replace(".", "/") + ".py")
        assert imported in imports_of(path), f"{module} no longer imports {imported}: remove the exception"


def test_the_check_sees_relative_lazy_and_type_checking_imports(tmp_path):
    sample = PACKAGE / "render.py"
    found = imports_of(sample)
    assert "lectern.model" in found and "lectern.urls" in found
    assert "lectern.glossary" not in found  # under TYPE_CHECKING only
