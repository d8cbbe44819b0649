"""Every user-visible string goes through tr(): checked in the code, in the extracted .ts files and
in the compiled English plural forms. (tests/ui/test_translated_ui.py checks what is on screen.)"""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import load_update_translations, ui_python_files

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "packaging" / "translations" / "sevendigital-browser.ts"
ENGLISH = ROOT / "packaging" / "translations" / "sevendigital-browser_en.ts"

# Calls whose string arguments a person reads: Qt setters and constructors of text-bearing things.
VISIBLE_CALLS = {
    "setText", "setToolTip", "setStatusTip", "setWhatsThis", "setWindowTitle", "setPlaceholderText",
    "setTitle", "setAccessibleName", "setAccessibleDescription", "setLabelText", "setTabText",
    "setTabToolTip", "addTab", "insertTab", "addMenu", "addAction", "showMessage", "setHeaderLabels",
    "setHorizontalHeaderLabels", "setItemText", "addItem", "addItems", "insertItem",
    "setSpecialValueText", "setSuffix", "setPrefix", "setInformativeText", "setDetailedText",
    "setButtonText", "setWindowIconText", "setCancelButtonText", "set_progress", "set_failed",
    "show_message", "setIconText", "addButton", "addRow", "addSection",
    "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QAction", "QMenu",
    "QDockWidget", "QToolBar", "QCommandLinkButton", "QMessageBox", "QProgressDialog",
    "getText", "getSaveFileName", "getOpenFileName",
}
# Only as QMessageBox's static functions (a logger's warning() is not read by the user).
MESSAGE_BOX_CALLS = {"information", "warning", "critical", "question", "about"}
VISIBLE_KEYWORDS = {"text", "toolTip", "statusTip", "whatsThis", "windowTitle", "placeholderText",
                    "title", "accessibleName", "accessibleDescription", "iconText"}
TRANSLATORS = {"tr", "translate", "QT_TR_NOOP", "QT_TRANSLATE_NOOP"}


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def _is_prose(node: ast.expr) -> bool:
    """A literal a person would read: a string with a letter in it, or an f-string."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.Constant) and any(c.isalpha() for c in v.value) for v in node.values)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return any(c.isalpha() for c in node.value)
    if isinstance(node, ast.BinOp):                       # "Added " + title
        return _is_prose(node.left) or _is_prose(node.right)
    if isinstance(node, ast.IfExp):                       # "Pause" if playing else "Play"
        return _is_prose(node.body) or _is_prose(node.orelse)
    return False


def literal_text_problems(source: str, filename: str) -> list[str]:
    """Places in `source` where prose reaches a widget without tr(), or tr() gets what lupdate
    cannot read (an f-string or a concatenation)."""
    problems = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        where = f"{filename}:{node.lineno}"
        if name in TRANSLATORS:
            position = 1 if name in ("translate", "QT_TRANSLATE_NOOP") else 0
            if len(node.args) > position and not isinstance(node.args[position], (ast.Constant, ast.Name,
                                                                                  ast.Attribute, ast.Subscript)):
                problems.append(f"{where}: {name}() of an expression lupdate cannot read")
            continue
        if name in VISIBLE_CALLS or (name in MESSAGE_BOX_CALLS and isinstance(node.func, ast.Attribute)
                                     and _name(node.func.value) == "QMessageBox"):
            for arg in node.args:
                if _is_prose(arg):
                    problems.append(f"{where}: {name}({ast.unparse(arg)[:60]}) bypasses tr()")
        for keyword in node.keywords:
            if keyword.arg in VISIBLE_KEYWORDS and _is_prose(keyword.value):
                problems.append(f"{where}: {keyword.arg}={ast.unparse(keyword.value)[:60]} bypasses tr()")
    return problems


def test_the_literal_check_catches_what_it_should():
    bad = '\n'.join([
        'label = QLabel("Basket")',
        'button.setToolTip(f"Play {title}")',
        'action = QAction(icon, "Reload", self)',
        'self.setWindowTitle("Sign in to " + store)',
        'box.setText(self.tr(f"Added {title}"))',
        'status.showMessage("Paused" if paused else "Playing")',
        'w = QPushButton(text="Retry")',
        'QMessageBox.warning(self, "Quit?", text)',
    ])
    assert len(literal_text_problems(bad, "bad.py")) == 8
    good = '\n'.join([
        'label = QLabel(self.tr("Basket"))',
        'button.setToolTip(self.tr("Play {title}").format(title=title))',
        'label.setText("0:00")',
        'label.setText(track.title)',
        'self.setText(QCoreApplication.translate("Ctx", text))',
        'menu.addAction(action)',
        'log.warning("could not read %s", path)',
    ])
    assert literal_text_problems(good, "good.py") == []


def test_no_literal_text_bypasses_tr():
    problems = []
    for path in ui_python_files():
        problems += literal_text_problems(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert not problems, "\n".join(problems)


def test_committed_translations_are_up_to_date():
    """`make translations` was run after the last string change (the .ts files and .qm match the code)."""
    result = subprocess.run([sys.executable, str(ROOT / "packaging" / "update_translations.py"), "--check"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def _template():
    if not TEMPLATE.exists():
        pytest.fail(f"{TEMPLATE} missing: run `make translations`")
    return etree.parse(str(TEMPLATE))


def test_lupdate_reads_every_file_that_translates():
    """Each module that calls tr()/translate() with a literal has its messages in the template
    (lupdate parses Python itself: a call it cannot see would silently stay English)."""
    located = {Path(loc.get("filename")).name for loc in _template().iter("location") if loc.get("filename")}
    translating = set()
    for path in ui_python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _name(node.func) in TRANSLATORS and any(
                    isinstance(a, ast.Constant) and isinstance(a.value, str) and a.value for a in node.args):
                translating.add(path.name)
    assert len(translating) >= 20, translating
    assert translating <= located, f"no messages extracted from {sorted(translating - located)}"
    assert sum(1 for _ in _template().iter("message")) >= 150


def test_english_plural_forms_load_and_read_naturally(qapp):
    """Each count in the code reads "1 track" / "2 tracks" in English (the `_en.qm` is installed by
    the qapp fixture, as main() installs it)."""
    from PySide6.QtCore import QCoreApplication

    plurals = [(ctx.findtext("name"), m.findtext("source"), m.findtext("comment"),
                [f.text for f in m.iter("numerusform")])
               for ctx in etree.parse(str(ENGLISH)).iter("context") for m in ctx.iter("message")]
    assert plurals, "no %n messages in the code: counts are formatted by hand somewhere"
    for context, source, comment, (one, many) in plurals:
        assert "(" not in one + many, (source, one, many)
        for n, form in ((1, one), (3, many)):
            assert QCoreApplication.translate(context, source, comment, n) == re.sub("%L?n", str(n), form)


def test_a_translation_is_loaded_for_the_system_language(qapp, tmp_path, monkeypatch):
    """A `_de.qm` next to the app's is picked for a German locale; English loads no extra file."""
    from PySide6.QtCore import QCoreApplication, QLocale

    from app.ui import translations

    german = tmp_path / "sevendigital-browser_de.ts"
    german.write_text('<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="de">'
                      '<context><name>Probe</name><message><source>Basket</source>'
                      '<translation>Warenkorb</translation></message></context></TS>', encoding="utf-8")
    load_update_translations().compile_qm(german, german.with_suffix(".qm"))
    english = "sevendigital-browser_en.qm"
    (tmp_path / english).write_bytes((ROOT / "resources" / "translations" / english).read_bytes())
    monkeypatch.setattr(translations, "translations_dir", lambda: tmp_path)

    installed = translations.install_translations(qapp, QLocale("de_DE"))
    try:
        assert QCoreApplication.translate("Probe", "Basket") == "Warenkorb"
    finally:
        translations.remove_translations(qapp, installed)
    assert QCoreApplication.translate("Probe", "Basket") == "Basket"
    only_english = translations.install_translations(qapp, QLocale("en_GB"))
    try:
        assert len(only_english) == 1 and QCoreApplication.translate("Probe", "Basket") == "Basket"
    finally:
        translations.remove_translations(qapp, only_english)


_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:[:!][^}]*)?\}|%L?n")


def _placeholder_problems(ts: Path) -> list[str]:
    """Translations whose `{name}`/`%n` placeholders differ from their source's: `.format()` of
    such a translation raises KeyError, or drops a value, at run time."""
    problems = []
    for context in etree.parse(str(ts)).iter("context"):
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            if translation.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            texts = [f.text or "" for f in translation.findall("numerusform")] or [translation.text or ""]
            wanted = sorted(_PLACEHOLDER.findall(source))
            for text in texts:
                if sorted(_PLACEHOLDER.findall(text)) != wanted and not (
                        message.get("numerus") == "yes" and "%n" not in text
                        and sorted(p for p in wanted if "%" not in p) == sorted(_PLACEHOLDER.findall(text))):
                    problems.append(f"{ts.name}: {context.findtext('name')}: {source!r} -> {text!r}")
    return problems


def test_the_placeholder_check_catches_a_dropped_value(tmp_path):
    ts = tmp_path / "x_de.ts"
    ts.write_text('<?xml version="1.0" encoding="utf-8"?><TS version="2.1" language="de"><context><name>C</name>'
                  '<message><source>Added {title}</source><translation>{titel} hinzugefügt</translation></message>'
                  '<message><source>Hello {name}</source><translation>Hallo {name}</translation></message>'
                  '</context></TS>', encoding="utf-8")
    assert len(_placeholder_problems(ts)) == 1


def test_translations_keep_every_placeholder():
    """Each translation (and the English plural forms) carries its source's placeholders."""
    problems = []
    for ts in sorted((ROOT / "packaging" / "translations").glob("sevendigital-browser_*.ts")):
        problems += _placeholder_problems(ts)
    assert not problems, "\n".join(problems)
