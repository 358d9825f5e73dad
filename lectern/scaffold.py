"""`lectern new FOLDER`: a small site that builds at once, to start a library without copying this repository."""

from __future__ import annotations

import json
from pathlib import Path

SETTINGS = """\
# Lectern settings for this site. Every key is optional; an unknown key fails the build.
site_title = {title}
# The address where the site will be published, used in citations:
# base_url = "https://example.org/library/"
"""

DOCUMENT = """\
---
slug: sample-2024
title_zh: 示例文件：马里和平行动
title_en: "Sample document: peace operations in Mali"
short_title_zh: 示例文件
short_title_en: Sample document
symbol: null
date: 2024-01-31
source: sample.txt
---

{#summary}
## 摘要

{#summary-1}
这是一份示例文件。把它换成你自己的文件：每个文件是 content/ 里的一个 Markdown 文件。

## 一. 背景

1\\. 联合国在马里部署维持和平行动，保护平民是安全理事会的核心关切。[^1]

2\\. 本文件建议：

(a) 各方应保护平民；

(b) 安全理事会应定期审查任务，并参照第1段。

### A. 下一步

3\\. 安理会将继续关注马里局势。

[^1]: 每个编号段落都有稳定的链接，例如 #p1。
"""

GLOSSARY = """\
# Terms marked in the text, with their English names and definitions.
terms:
  - term: 保护平民
    english: protection of civilians
    definition_zh: 保护平民免受人身暴力威胁的各项措施。
    definition_en: Measures that protect civilians from threats of physical violence.
    related: [安全理事会]
  - term: 安全理事会
    english: Security Council
    definition_zh: 负有维持国际和平与安全首要责任的联合国机关。
    definition_en: The UN organ with primary responsibility for international peace and security.
    aliases: [安理会]
  - term: 维持和平行动
    english: peacekeeping operation
    definition_zh: 联合国部署的帮助各国从冲突走向和平的行动。
    definition_en: A UN operation that helps countries move from conflict to peace.
"""

OVERRIDES = """\
# Reviewed fixes to the Traditional conversion (OpenCC s2tw): simplified<TAB>traditional<TAB># reason.
# An override that matches nothing in the content fails the build.
马里\t馬里\t# proper noun Mali (OpenCC gives 馬裡)
"""

TEMPLATES_README = """\
Overrides: a file here replaces Lectern's default template of the same name (for example base.html);
a file in ../assets/ replaces the default asset of the same name. Everything else comes from the defaults.
"""


class FolderNotEmpty(Exception):
    """The target folder exists and has files in it: `new` never overwrites anything."""


def create_site(folder: Path, title: str | None = None) -> list[Path]:
    """Write a new site into `folder` (created; it may exist only if empty). Returns the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise FolderNotEmpty(
            f"{folder}: exists and is not an empty folder; `lectern new` writes only into a new or empty folder"
        )
    files = {
        Path("lectern.toml"): SETTINGS.format(title=json.dumps(title or folder.resolve().name, ensure_ascii=False)),
        Path("content/sample-2024.md"): DOCUMENT,
        Path("content/glossary.yaml"): GLOSSARY,
        Path("content/conversion-overrides.tsv"): OVERRIDES,
        Path("templates/README.txt"): TEMPLATES_README,
    }
    # A JSON string is a TOML basic string (same quotes and escapes).
    written = []
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    (folder / "assets").mkdir(exist_ok=True)
    (folder / ".gitignore").write_text("/site/\n", encoding="utf-8")
    return written
