"""Dependency rules, checked on every test run (see [tool.importlinter] in pyproject.toml)."""
import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app"
WIDGET_OWNERS = (APP / "ui", APP / "main.py")


def test_import_contracts_hold():
    # In a subprocess: import-linter reconfigures logging, which would disable the app's loggers
    # for every later test in this process.
    code = ("import sys; from importlinter.cli import lint_imports; "
            f"sys.exit(lint_imports(config_filename={str(ROOT / 'pyproject.toml')!r}, no_cache=True))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


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
