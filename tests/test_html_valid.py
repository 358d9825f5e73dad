"""The Nu HTML Checker (vnu, run with the machine's Java) finds no error on any generated page."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

VNU = Path(os.environ.get("LECTERN_VNU_JAR", Path(__file__).resolve().parent / ".cache" / "vnu.jar"))


def test_every_generated_page_is_valid_html(built_site):
    if not VNU.exists() or not shutil.which("java"):
        if os.environ.get("CI"):
            pytest.fail(f"the Nu HTML Checker is missing ({VNU}); scripts/test.sh installs it")
        pytest.skip("vnu.jar or java not installed (scripts/test.sh installs them)")
    result = subprocess.run(
        ["java", "-Xss8m", "-jar", str(VNU), "--errors-only", "--skip-non-html", str(built_site)],
        capture_output=True,
        text=True,
    )
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert errors == [], f"{len(errors)} errors, e.g.:\n" + "\n".join(errors[:15])
    assert result.returncode == 0
