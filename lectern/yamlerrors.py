"""Where a YAML mistake is, in the terms a site editor counts: line and column of the text.

Front matter and the glossary are YAML written by hand; PyYAML's errors say where in three
different ways, and libyaml (the fast C loader) counts bytes where Python counts characters.
"""

from __future__ import annotations

import yaml


def yaml_problem(error: yaml.YAMLError, text: str) -> tuple[int, int, str]:
    """(1-based line, 1-based column, what is wrong) of an error from yaml.SafeLoader, within `text`.

    Scanner, parser and constructor errors carry a mark; the reader's (a control character)
    carries only an offset into the text. Errors from the C loader are found again with the
    Python one, whose offsets count characters.
    """
    if getattr(error, "problem_mark", None) is None and getattr(error, "position", None) is not None:
        try:
            yaml.load(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as again:
            error = again
    mark = getattr(error, "problem_mark", None)
    if mark is not None:
        return mark.line + 1, mark.column + 1, getattr(error, "problem", None) or "invalid YAML"
    if isinstance(error, yaml.reader.ReaderError):
        before = text[: error.position]
        character = error.character if isinstance(error.character, str) else chr(error.character)
        return (
            before.count("\n") + 1,
            error.position - before.rfind("\n"),
            f"control character U+{ord(character):04X} is not allowed",
        )
    return 1, 0, "invalid YAML"


def first_alias(text: str, loader=yaml.SafeLoader) -> tuple[int, str] | None:
    """(1-based line, name) of the first `*alias` in `text`, or None.

    Aliases are refused in front matter and the glossary: a few hundred bytes of nested aliases
    expand to billions of values (a 'billion laughs'), and hand-written metadata never needs them.
    Reading the events does not expand anything, so this costs one pass over the text.
    """
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            return (event.start_mark.line + 1 if event.start_mark else 1), str(event.anchor)
    return None


def alias_problem(name: str) -> str:
    return (
        f"YAML alias *{name} is not allowed here; write the value out in full "
        "(aliases can make a small file expand without bound)"
    )


def duplicate_keys(node, found: list[tuple[int, str]] | None = None) -> list[tuple[int, str]]:
    """(1-based line, key) of every key written a second time in the same mapping of a composed YAML tree.

    YAML keeps the last of two equal keys without a word: a second `terms:` would replace the
    whole first list, a second `definition_zh:` the first definition.
    """
    found = [] if found is None else found
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    found.append((key.start_mark.line + 1, key.value))
                seen.add(key.value)
            duplicate_keys(value, found)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            duplicate_keys(item, found)
    return found
