"""The apps depend on each other one way only (docs/architecture.md):
accounts <- core <- (optimalisatie, afsprakennota) -> vergaderingen, and uitvoering (the
implementation of approved advices) on top of optimalisatie."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "accounts": {"core", "optimalisatie", "afsprakennota", "vergaderingen", "uitvoering"},
    "core": {"optimalisatie", "afsprakennota", "vergaderingen", "uitvoering"},
    "vergaderingen": {"optimalisatie", "afsprakennota", "uitvoering"},
    "afsprakennota": {"optimalisatie", "uitvoering"},
    "optimalisatie": {"uitvoering"},
}


def imported_apps(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0]


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_dependencies_point_one_way(app):
    offending = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ROOT / app).rglob("*.py")
        for name in imported_apps(path)
        if name in FORBIDDEN[app]
    ]
    assert not offending, offending
