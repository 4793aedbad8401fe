"""One naming rule (CONVENTIONS 14, issue 9): a word is Dutch only when it is the API's or the law's
vocabulary; verbs and infrastructure are English. This test fails on a Dutch technical verb in the name of
any function, method, class or module of app/ (the API's own vocabulary, such as the `herstart` of an
abonnement, is not a technical verb)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.support.environment import ROOT

# Dutch verbs (stems and infinitives) for technical operations, and the English words to use instead.
DUTCH_VERBS = {
    "maak": "create",
    "maken": "create",
    "lijst": "list",
    "verwijder": "delete",
    "verwijderen": "delete",
    "lees": "read",
    "lezen": "read",
    "toon": "show",
    "tonen": "show",
    "zet": "set",
    "zetten": "set",
    "registreer": "record",
    "verzamel": "gather",
    "beslis": "decide",
    "publiceer": "publish",
    "verklaar": "declare",
    "corrigeer": "correct",
    "controleer": "check",
    "voltooi": "complete",
    "geef": "give",
    "neem": "take",
    "verwerk": "process",
    "lever": "deliver",
    "verstuur": "send",
    "stuur": "send",
    "schakel": "switch",
    "bereken": "compute",
    "verifieer": "verify",
    "zoek": "search",
    "markeer": "mark",
    "haal": "fetch",
    "bewaar": "store",
    "wijzig": "change",
    "bouw": "build",
    "vind": "find",
}


def _words(identifier: str) -> list[str]:
    parts = re.split(r"_+|(?<=[a-z0-9])(?=[A-Z])", identifier)
    return [p.lower() for p in parts if p]


def _identifiers(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text())
    found = [(path.stem, 0)]
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found.append((node.name, node.lineno))
    return found


def _violations(root: Path) -> list[str]:
    return [
        f"{path.name}:{line}: {name} ({word} -> {DUTCH_VERBS[word]})"
        for path in sorted(root.rglob("*.py"))
        for name, line in _identifiers(path)
        for word in _words(name)
        if word in DUTCH_VERBS
    ]


def test_no_dutch_technical_verbs_in_app() -> None:
    assert _violations(ROOT / "app") == []


def test_the_check_catches_one(tmp_path: Path) -> None:
    (tmp_path / "maak_iets.py").write_text(
        "def lees_abonnement():\n    pass\n\nclass ZoekOpdracht:\n    pass\n"
    )
    found = _violations(tmp_path)
    assert len(found) == 3
