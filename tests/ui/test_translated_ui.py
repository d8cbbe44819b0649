"""What a person reads goes through tr(): under a pseudo-translation built from the strings lupdate
extracts from the code, every text of the window, its docks, dialogs and messages that the code
wrote must come out marked. A text that still equals a literal of the code bypassed tr()."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from lxml import etree
from PySide6.QtCore import QAbstractListModel, QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QDockWidget, QGroupBox, QLabel,
                               QLineEdit, QMenu, QTabBar, QWidget)

from app.models.roles import ItemRole
from tests.conftest import load_update_translations, ui_python_files
from tests.ui.conftest import save_shot

OPEN, CLOSE = "⟦", "⟧"


def _pseudo_qm(folder: Path) -> Path:
    """Extract the code's strings as `make translations` does and translate each to ⟦itself⟧."""
    tools = load_update_translations()
    ts = folder / "pseudo_de.ts"                                 # German, by its name
    tools.extract(ts)
    tree = etree.parse(str(ts))
    for message in tree.iter("message"):
        translation = message.find("translation")
        source = message.findtext("source")
        translation.attrib.pop("type", None)
        if message.get("numerus") == "yes":
            for form in translation.findall("numerusform"):
                translation.remove(form)
            for _ in range(2):                                   # German has two forms
                etree.SubElement(translation, "numerusform").text = f"{OPEN}{source}{CLOSE}"
        else:
            translation.text = f"{OPEN}{source}{CLOSE}"
    tree.write(str(ts), encoding="utf-8", xml_declaration=True)
    qm = folder / "pseudo_de.qm"
    tools.compile_qm(ts, qm)
    return qm


def _code_literals() -> tuple[set[str], set[str]]:
    """The app's string literals that read as prose: whole strings, and f-strings' fixed parts."""
    whole, parts = set(), set()
    for path in ui_python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for value in node.values:
                    if isinstance(value, ast.Constant) and len(re.findall(r"[A-Za-z]{3,}", value.value)) >= 1 \
                            and len(value.value.strip()) >= 6:
                        parts.add(value.value.strip())
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and re.search(r"[A-Za-z]{2}", node.value):
                whole.add(_plain(node.value))
    return whole, parts


def _plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", "", text)                      # rich text
    return " ".join(text.replace("&&", "\0").replace("&", "").replace("\0", "&").split())


@pytest.fixture
def pseudo(qapp, tmp_path):
    translator = QTranslator()
    assert translator.load(str(_pseudo_qm(tmp_path)))
    qapp.installTranslator(translator)
    try:
        yield translator
    finally:
        qapp.removeTranslator(translator)


def _texts(widget: QWidget):
    """(where, text) for everything a person can read on `widget` and its children."""
    for w in [widget, *widget.findChildren(QWidget)]:
        name = f"{type(w).__name__}({w.objectName() or '-'})"
        yield name + ".toolTip", w.toolTip()
        yield name + ".accessibleName", w.accessibleName()
        if isinstance(w, QLabel):
            yield name + ".text", w.text()
        if isinstance(w, QAbstractButton):
            yield name + ".text", w.text()
        if isinstance(w, QLineEdit):
            yield name + ".placeholderText", w.placeholderText()
        if isinstance(w, QGroupBox):
            yield name + ".title", w.title()
        if isinstance(w, QMenu):
            yield name + ".title", w.title()
        if isinstance(w, QDockWidget) or w.isWindow():
            yield name + ".windowTitle", w.windowTitle()
        if isinstance(w, QTabBar):
            for i in range(w.count()):
                yield name + f".tab{i}", w.tabText(i)
                yield name + f".tabToolTip{i}", w.tabToolTip(i)
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            # a list model's columnCount() is private in PySide6: it has one column
            columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()
            for column in range(columns):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    yield name + f".header{column}", model.headerData(column, Qt.Orientation.Horizontal, role)
            for row in range(min(model.rowCount(), 3)):
                for column in range(columns):
                    index = model.index(row, column)
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        yield name + f".cell{row},{column}", index.data(role)
        for action in w.actions():
            yield f"{name}.action", action.text()
            yield f"{name}.actionToolTip", action.toolTip()


def untranslated(items, whole: set[str], parts: set[str]) -> list[str]:
    """The texts that equal a literal of the code (or contain an f-string's fixed part) unmarked."""
    found = []
    for where, text in items:
        if not isinstance(text, str) or OPEN in text:
            continue
        plain = _plain(text)
        if not re.search(r"[A-Za-z]{2}", plain):
            continue
        if plain in whole or any(part in plain for part in parts):
            found.append(f"{where}: {plain!r}")
    return sorted(set(found))


def test_the_check_catches_an_untranslated_label(qtbot, pseudo):
    whole, parts = _code_literals()
    label = QLabel("Add to basket")       # a literal the app has, not through tr()
    qtbot.addWidget(label)
    assert untranslated(_texts(label), whole, parts) == ["QLabel(-).text: 'Add to basket'"]
    label.setText(QCoreApplication.translate("MainWindow", "Add to basket"))
    label.setText(f"{OPEN}Add to basket{CLOSE}")          # what a translated text looks like
    assert untranslated(_texts(label), whole, parts) == []


def test_everything_on_screen_is_translated(qtbot, pseudo, parts, client, tmp_path):
    whole, literal_parts = _code_literals()
    window = parts.window
    seen = []

    def look(widget: QWidget) -> None:
        seen.extend(_texts(widget))
        seen.append(("statusBar", window.statusBar().currentMessage()))
        for menu in window.menuBar().findChildren(QMenu):
            seen.extend((f"menu {menu.title()!r}", a.text()) for a in menu.actions())

    home = window.current_view
    qtbot.waitUntil(lambda: home.chart.rowCount() > 0, timeout=10_000)
    look(window)

    with qtbot.waitSignal(parts.search.finished, timeout=10_000):
        qtbot.keyClicks(window.search_box, "the")
    look(window)

    release = window.search_view.models["releases"].index(0).data(ItemRole.RECORD)
    window.open(f"release:{release.id}")
    page = window.current_view
    qtbot.waitUntil(lambda: page.tracks.rowCount() > 0 and page.release is not None, timeout=10_000)
    window.add_to_basket_requested.emit(page.release, None)
    qtbot.waitUntil(lambda: len(parts.shopping.basket.items) == 1, timeout=10_000)
    look(window)                                        # "Added … to your basket." in the status bar
    parts.shopping.panel.show()
    tracks = [page.tracks.index(row, 0).data(ItemRole.RECORD) for row in range(page.tracks.rowCount())]
    window.preview_all_requested.emit(tracks)
    qtbot.waitUntil(lambda: len(parts.player.queue) == len(tracks) and parts.player.position() > 0,
                    timeout=15_000)                     # the player bar shows a playing preview
    look(window)
    save_shot(window, tmp_path, "pseudo-translated-release")

    window.open(f"artist:{release.artist.id}")
    artist = window.current_view
    qtbot.waitUntil(lambda: artist.releases.rowCount() > 0, timeout=10_000)
    look(window)
    window.open("tag:rock")
    qtbot.waitUntil(lambda: window.current_view.model.rowCount() > 0, timeout=10_000)
    look(window)

    parts.shopping.locker_dock.show()
    look(window)
    dialog = parts.shopping.sign_in_dialog
    dialog.open_for()
    look(dialog)
    dialog.reject()

    from app.ui.settings_dialog import SettingsDialog
    settings = SettingsDialog("", "", False, "GB", parent=window)
    qtbot.addWidget(settings)
    look(settings)

    problems = untranslated(seen, whole, literal_parts)
    assert not problems, "texts that bypass tr():\n" + "\n".join(problems)
    assert OPEN in window.windowTitle() or any(OPEN in str(text) for _, text in seen)


def test_error_sentences_are_translated(pseudo):
    from app.api import (ApiError, AuthError, NetworkError, NotFoundError, ResponseFormatError,
                         ServerError)
    from app.ui.errors import describe_error

    for exc in (NetworkError("refused"), NotFoundError(2001, "Release not found"),
                ServerError(7001, "Oops"), AuthError(401, "Invalid token", for_user=True),
                AuthError(401, "Invalid consumer key"), ResponseFormatError("not XML"),
                ApiError(1001, "Missing parameter"), TimeoutError(), OSError(28, "No space left on device"),
                RuntimeError("boom")):
        assert describe_error(exc).startswith(OPEN), (type(exc).__name__, describe_error(exc))
