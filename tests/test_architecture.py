"""Dependency rules, checked on every test run (see [tool.importlinter] in pyproject.toml)."""
import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app"
WIDGET_OWNERS = (APP / "ui", APP / "main.py", APP / "composition.py")


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


def _store_client_methods() -> set[str]:
    from app.api.client import StoreClient

    return {name for name in vars(StoreClient) if not name.startswith("_") and callable(getattr(StoreClient, name))}


def _client_use(path: Path, methods: set[str]):
    """Where a module reaches the client: imports it, reads a `.client`, or calls a StoreClient method
    on something called a client."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and (
                node.module == "app.api.client" or (node.module == "app.api" and any(
                    alias.name == "StoreClient" for alias in node.names))):
            yield node.lineno, f"imports {node.module}"
        elif isinstance(node, ast.Import) and any(alias.name == "app.api.client" for alias in node.names):
            yield node.lineno, "imports app.api.client"
        elif isinstance(node, ast.Attribute) and node.attr in ("client", "_client", "user_client"):
            yield node.lineno, f"reads .{node.attr}"
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in methods \
                and "client" in ast.unparse(node.func.value).lower():
            yield node.lineno, f"calls .{node.func.attr}()"


def test_no_widget_or_model_reaches_the_store_client():
    """The gateway (app/services/catalogue.py) is the one road from the views to the store."""
    methods = _store_client_methods()
    offenders = [f"{path.relative_to(ROOT)}:{line} {what}"
                 for folder in (APP / "ui", APP / "models")
                 for path in sorted(folder.rglob("*.py"))
                 for line, what in _client_use(path, methods)]
    assert offenders == []


def test_the_client_check_finds_a_widget_that_calls_the_store(tmp_path):
    bad = tmp_path / "bad_view.py"
    bad.write_text("from app.api import StoreClient\n"
                   "def load(self):\n    client = self.catalogue.client\n    return client.release_tracks(1)\n")
    found = {what for _line, what in _client_use(bad, _store_client_methods())}
    assert found == {"imports app.api", "reads .client", "calls .release_tracks()"}


TEXT_CALLS = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}


def _text_calls(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in TEXT_CALLS:
                yield node.lineno, name


def test_only_the_ui_words_things_for_people():
    """Basket, player and services emit typed events and exceptions; app/ui turns them into sentences."""
    offenders = [f"{path.relative_to(ROOT)}:{line} calls {name}()"
                 for folder in (APP / "basket", APP / "player", APP / "services")
                 for path in sorted(folder.rglob("*.py"))
                 for line, name in _text_calls(path)]
    assert offenders == []


def test_no_error_is_dropped_without_a_name():
    """`lambda exc: None` hides failures; a deliberate ignore is `ignore_errors("why")`."""
    offenders = []
    for path in sorted(APP.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.keyword) and node.arg == "on_error" and isinstance(node.value, ast.Constant) \
                    and node.value.value is None:
                offenders.append(f"{path.relative_to(ROOT)}:{node.value.lineno} on_error=None")
            if isinstance(node, ast.Lambda) and len(node.args.args) == 1 and isinstance(node.body, ast.Constant) \
                    and node.body.value is None and node.args.args[0].arg in {"exc", "error", "_exc", "e"}:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} lambda {node.args.args[0].arg}: None")
    assert offenders == []


def test_docs_cited_in_the_source_exist():
    """Comments may cite documents only if the repository has them."""
    import re

    missing = set()
    for path in [*APP.rglob("*.py"), *(ROOT / "tests").rglob("*.py")]:
        for name in re.findall(r"\b([A-Z][A-Z_-]+\.md)\b", path.read_text(encoding="utf-8")):
            if not (ROOT / name).exists() and not (ROOT / "docs" / name).exists():
                missing.add(f"{path.relative_to(ROOT)} cites {name}")
    assert sorted(missing) == []
