"""The package ladder (CONVENTIONS 16) is enforced: import-linter's layers contract in pyproject.toml holds,
every app.* package and module sits in exactly one layer, and an upward import is rejected."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.support.environment import ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _layers() -> list[list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    [contract] = config["tool"]["importlinter"]["contracts"]
    return [[m.strip() for m in re.split(r"[|:]", layer)] for layer in contract["layers"]]


def _lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(cwd / "pyproject.toml")],
        cwd=cwd,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_import_graph_is_a_ladder() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_every_package_and_module_of_app_is_in_exactly_one_layer() -> None:
    named = [m for layer in _layers() for m in layer]
    assert len(named) == len(set(named)), "a package is in two layers"
    present = {
        f"app.{p.stem if p.is_file() else p.name}"
        for p in (ROOT / "app").iterdir()
        if (p.suffix == ".py" and p.name != "__init__.py") or (p.is_dir() and (p / "__init__.py").exists())
    }
    assert present == set(named), f"not in a layer: {present - set(named)}; gone: {set(named) - present}"


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    """The same contract on a copy of app/ in which the policy layer imports the HTTP layer."""
    shutil.copytree(ROOT / "app", tmp_path / "app", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "app" / "consent" / "upward.py").write_text("import app.routers.detenties  # noqa\n")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert "app.consent.upward -> app.routers.detenties" in result.stdout
