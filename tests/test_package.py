"""Lectern as a package: a wheel installed outside the checkout, `lectern new` and `lectern build` in any folder,
a project's templates and assets over the defaults, and its settings file."""

from __future__ import annotations

import importlib.metadata
import re
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path, PurePosixPath

import pytest

import lectern
from lectern.cli import main

from .conftest import ROOT

# What a wheel is built from: the files a release ships (a copy, so that no stale build/ folder of the
# checkout can slip old files into the wheel).
SOURCES = ["pyproject.toml", "README.md", "LICENSE", "lectern", "templates", "assets"]


def _setuptools_is_new_enough() -> bool:
    try:
        return int(importlib.metadata.version("setuptools").split(".")[0]) >= 77
    except importlib.metadata.PackageNotFoundError:
        return False


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    # Without build isolation when this Python has a setuptools that can build it (fast, no network);
    # otherwise pip fetches one from PyPI for the build.
    isolation = ["--no-build-isolation"] if _setuptools_is_new_enough() else []
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            *isolation,
            "--wheel-dir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = out.glob("lectern-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh venv outside the repository with the wheel installed (not editable).

    Its dependencies come from the environment running the tests (a .pth file names its site-packages,
    after the venv's own), so nothing is downloaded; the wheel's lectern comes first on the path.
    """
    folder = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, capture_output=True)
    purelib = subprocess.run(
        [folder / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(purelib) / "lectern-test-deps.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    result = subprocess.run(
        [folder / "bin" / "python", "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


def run_in(venv: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(venv / "bin" / args[0]), *args[1:]], capture_output=True, text=True, cwd=cwd)


@pytest.mark.slow
def test_the_wheel_ships_the_search_spec_and_the_default_templates_and_assets(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "lectern/search_spec.json" in names
    for template in (ROOT / "templates").glob("*.html"):
        assert f"lectern/defaults/templates/{template.name}" in names
    for asset in (ROOT / "assets").rglob("*"):
        if asset.is_file():
            assert f"lectern/defaults/assets/{asset.relative_to(ROOT / 'assets').as_posix()}" in names
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)


@pytest.mark.slow
def test_installed_lectern_starts_a_site_and_builds_it_styled_in_both_scripts_with_search(venv, tmp_path):
    located = run_in(venv, tmp_path, "python", "-c", "import lectern; print(lectern.__file__)")
    assert Path(located.stdout.strip()).is_relative_to(venv), "the checkout's lectern shadows the installed one"

    created = run_in(venv, tmp_path, "lectern", "new", "my-library")
    assert created.returncode == 0, created.stderr
    project = tmp_path / "my-library"
    built = run_in(venv, project, "lectern", "build")
    assert built.returncode == 0, built.stdout + built.stderr
    site_folder = project / "site"
    assert f"Open {site_folder / 'index.html'}" in built.stdout

    page = site_folder / "zh-hans" / "sample-2024" / "index.html"
    html = page.read_text(encoding="utf-8")
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    linked = {(page.parent / href).resolve() for href in stylesheets}
    assert (site_folder / "assets" / "lectern.css").resolve() in linked
    assert all(path.is_file() and path.stat().st_size > 1000 for path in linked)
    assert "保护平民" in html and 'id="p1"' in html
    traditional = (site_folder / "zh-hant" / "sample-2024" / "index.html").read_text(encoding="utf-8")
    assert "保護平民" in traditional and "馬里" in traditional  # the sample's override: not 馬裡
    search = site_folder / "search" / "zh-hans"
    assert (search / "manifest.js").read_text(encoding="utf-8").startswith('LecternSearch.register("manifest",')
    assert any("保护平民" in text.read_text(encoding="utf-8") for text in (search / "text").glob("*.js"))
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert all((page.parent / src).resolve().is_file() for src in scripts)


@pytest.mark.slow
def test_installed_python_m_lectern_help_and_version(venv, tmp_path):
    helped = run_in(venv, tmp_path, "python", "-m", "lectern", "--help")
    assert helped.returncode == 0, helped.stderr
    assert helped.stdout.startswith("usage: lectern")
    for verb in ("build", "serve", "import", "bench", "new"):
        assert verb in helped.stdout
    version = run_in(venv, tmp_path, "lectern", "--version")
    assert version.returncode == 0
    assert version.stdout.strip() == f"lectern {lectern.__version__}"
    nothing_here = run_in(venv, tmp_path, "lectern", "build")  # main's status is the process's
    assert nothing_here.returncode == 1 and "no such folder" in nothing_here.stderr


def test_build_outside_a_site_folder_says_what_to_do(tmp_path, capsys):
    assert main(["build"], root=tmp_path) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'content'}: no such folder" in err and "lectern new" in err


def test_a_project_asset_replaces_the_default_of_the_same_name_only(tmp_path, capsys):
    project = tmp_path / "site-folder"
    assert main(["new", str(project), "--quiet"]) == 0
    (project / "assets" / "lectern.css").write_text("/* the project's own stylesheet */\n", encoding="utf-8")
    assert main(["build", "--quiet"], root=project) == 0, capsys.readouterr().err
    out = project / "site"
    assert (out / "assets" / "lectern.css").read_text(encoding="utf-8") == "/* the project's own stylesheet */\n"
    assert (out / "assets" / "search.js").read_bytes() == (ROOT / "assets" / "search.js").read_bytes()
    assert (out / "zh-hans" / "sample-2024" / "index.html").exists()  # document.html still from the defaults


def test_a_project_template_overrides_the_default_one(tmp_path, capsys):
    project = tmp_path / "library"
    assert main(["new", str(project), "--quiet"]) == 0
    (project / "templates" / "search.html").write_text(
        '{% extends "base.html" %}\n{% block title %}自定搜索 · {{ site_title }}{% endblock %}\n'
        '{% block body %}<main id="main"><p>本馆自定的搜索页</p></main>{% endblock %}\n',
        encoding="utf-8",
    )
    assert main(["build", "--quiet"], root=project) == 0, capsys.readouterr().err
    search = (project / "site" / "zh-hans" / "search" / "index.html").read_text(encoding="utf-8")
    assert "本馆自定的搜索页" in search and "<title>自定搜索 · library</title>" in search
    document = (project / "site" / "zh-hans" / "sample-2024" / "index.html").read_text(encoding="utf-8")
    assert "本馆自定" not in document and "<title>示例文件 · library</title>" in document


def test_a_broken_project_template_is_reported_at_its_own_path(tmp_path, capsys):
    project = tmp_path / "library"
    assert main(["new", str(project), "--quiet"]) == 0
    (project / "templates" / "term.html").write_text(
        "{% extends 'base.html' %}\n{% block body %}{{ x }\n", encoding="utf-8"
    )
    assert main(["build", "--quiet"], root=project) == 1
    assert f"{project / 'templates' / 'term.html'}:2: template error" in capsys.readouterr().err


def test_site_title_from_lectern_toml_and_from_tool_lectern_in_pyproject(tmp_path, capsys):
    project = tmp_path / "p"
    assert main(["new", str(project), "--quiet", "--title", "维和文献馆"]) == 0
    assert main(["build", "--quiet"], root=project) == 0, capsys.readouterr().err
    assert "<title>维和文献馆 · " in (project / "site" / "index.html").read_text(encoding="utf-8")

    (project / "lectern.toml").unlink()
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.lectern]\nsite_title = "和平文库"\n', encoding="utf-8"
    )
    assert main(["build", "--quiet"], root=project) == 0, capsys.readouterr().err
    assert "<title>和平文库 · " in (project / "site" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "lectern.toml",
            'site_title = "x"\n\ncolour = "red"\n',
            ":3: unknown setting 'colour' (known: base_url, site_title)",
        ),
        ("lectern.toml", "site_title = 3\n", ":1: site_title must be text, not 3"),
        ("lectern.toml", 'base_url = "example.org"\n', ":1: base_url must be an http(s) address, not 'example.org'"),
        ("lectern.toml", 'site_title = "x\n', ":1:"),
        (
            "pyproject.toml",
            '[project]\nname = "x"\ncolour = 1\n\n[tool.lectern]\n# the site\nsite_titel = "x"\n',
            ":7: unknown setting 'site_titel'",
        ),
    ],
)
def test_settings_problems_are_path_line_and_exit_1(tmp_path, capsys, name, text, expected):
    project = tmp_path / "p"
    assert main(["new", str(project), "--quiet"]) == 0
    (project / "lectern.toml").unlink()
    (project / name).write_text(text, encoding="utf-8")
    before = sorted(project.rglob("*"))
    assert main(["build"], root=project) == 1
    err = capsys.readouterr().err
    assert f"{project / name}{expected}" in err
    assert "Stopped: 1 problem(s) in the settings." in err
    assert sorted(project.rglob("*")) == before  # nothing built


def test_new_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert main(["new", str(tmp_path)]) == 1
    assert f"{tmp_path}: exists and is not an empty folder" in capsys.readouterr().err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.txt"]


def test_new_site_builds_strictly_and_its_base_url_setting_is_accepted(tmp_path, capsys):
    project = tmp_path / "empty"
    project.mkdir()  # an empty folder is fine
    assert main(["new", str(project), "--quiet"]) == 0
    settings = project / "lectern.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("# base_url", "base_url"), encoding="utf-8")
    assert main(["build", "--strict", "--quiet"], root=project) == 0, capsys.readouterr().err
    pages = [PurePosixPath(p.relative_to(project / "site").as_posix()) for p in (project / "site").rglob("*.html")]
    assert PurePosixPath("zh-hant/sample-2024/p/3/index.html") in pages


def test_a_table_in_lectern_toml_is_an_unknown_setting_at_its_header(tmp_path, capsys):
    project = tmp_path / "p"
    assert main(["new", str(project), "--quiet"]) == 0
    (project / "lectern.toml").write_text('site_title = "x"\n[site]\ntitle = "y"\n', encoding="utf-8")
    assert main(["build"], root=project) == 1
    assert f"{project / 'lectern.toml'}:2: unknown setting 'site'" in capsys.readouterr().err
