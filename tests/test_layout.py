"""The tests mirror app/ (CONVENTIONS, layout; issue 9): every package of app/ has a tests/<package>/ folder
(or a reason below why not), every test folder is a package, and no test module imports another one —
what tests share lives in tests/fixtures/ (fixtures), tests/support/ (helpers) and tests/factories.py."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.support.environment import ROOT

TESTS = ROOT / "tests"
# Packages of app/ without a tests/<package>/ folder, and why.
NO_FOLDER = {
    "routers": "the thin HTTP layer: each router is tested through HTTP in the folder of its feature",
}


def _app_packages() -> set[str]:
    return {p.name for p in (ROOT / "app").iterdir() if p.is_dir() and (p / "__init__.py").exists()}


def _module_name(path: Path, root: Path) -> str:
    return ".".join(path.relative_to(root.parent).with_suffix("").parts)


def _imported_modules(path: Path, root: Path) -> set[str]:
    """The modules a file imports, absolute (`from . import x` resolved against its package)."""
    package = _module_name(path, root).rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # `from pkg import test_x`
    return found


def imports_of_test_modules(root: Path) -> list[str]:
    """`file -> module` for every test module that imports another test module."""
    return [
        f"{path.relative_to(root.parent)} -> {module}"
        for path in sorted(root.rglob("test_*.py"))
        for module in sorted(_imported_modules(path, root))
        if module.split(".")[0] == root.name and module.rsplit(".", 1)[-1].startswith("test_")
    ]


def test_no_test_module_imports_another() -> None:
    assert imports_of_test_modules(TESTS) == [], "move what is shared to tests/support/ or tests/fixtures/"


def test_the_check_catches_an_import_of_a_test_module(tmp_path: Path) -> None:
    root = tmp_path / "tests"
    (root / "feed").mkdir(parents=True)
    (root / "feed" / "test_a.py").write_text("from tests.feed.test_b import HELPER\n")
    (root / "feed" / "test_b.py").write_text("from tests.support import screening\nHELPER = 1\n")
    (root / "feed" / "test_c.py").write_text("from . import test_b\nfrom .test_b import HELPER\n")
    (root / "test_d.py").write_text("import tests.feed.test_b\n")
    assert imports_of_test_modules(root) == [
        "tests/feed/test_a.py -> tests.feed.test_b",
        "tests/feed/test_c.py -> tests.feed.test_b",
        "tests/test_d.py -> tests.feed.test_b",
    ]


def test_every_package_of_app_has_a_test_folder_or_a_reason() -> None:
    missing = {p for p in _app_packages() - set(NO_FOLDER) if not (TESTS / p).is_dir()}
    assert missing == set(), f"add tests/<package>/ or a reason in NO_FOLDER: {sorted(missing)}"
    assert set(NO_FOLDER) <= _app_packages(), "NO_FOLDER names a package app/ no longer has"


def test_every_test_folder_is_a_package() -> None:
    """The project imports `tests.*`: a folder of test modules without __init__.py would not be one."""
    folders = {p.parent for p in TESTS.rglob("*.py") if "__pycache__" not in p.parts}
    assert sorted(str(f.relative_to(ROOT)) for f in folders if not (f / "__init__.py").exists()) == []


def test_no_test_module_left_at_the_root_but_the_cross_cutting_ones() -> None:
    """A test of one feature belongs in that feature's folder; the root holds what spans all of app/."""
    at_root = {p.name for p in TESTS.glob("test_*.py")}
    assert at_root <= {
        "test_adr_lint.py",  # the NL API Design Rules on the committed OpenAPI document
        "test_architecture.py",  # the package ladder
        "test_conventions.py",  # headers, trace context and problem+json on every route
        "test_layout.py",
        "test_logging.py",  # structured logs of every request
        "test_naming.py",  # the naming rule over all of app/
        "test_no_bsn_in_logs.py",  # everything that handles a BSN, through a real server
        "test_openapi.py",  # the committed contract
        "test_readme_walkthrough.py",
    }, "a test of one feature belongs in tests/<feature>/"
