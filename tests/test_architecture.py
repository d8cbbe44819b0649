"""Dependency rules, checked on every test run (see [tool.importlinter] in pyproject.toml)."""
import ast
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app"
WIDGET_OWNERS = (APP / "ui", APP / "main.py")


def test_import_contracts_hold():
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_only_the_ui_imports_widgets():
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in APP.rglob("*.py")
        if not any(owner == path or owner in path.parents for owner in WIDGET_OWNERS)
        for name in _imports(path)
        if name.startswith("PySide6.QtWidgets")
    ]
    assert offenders == []
