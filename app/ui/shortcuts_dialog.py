"""Help → Keyboard shortcuts: generated from the window's actions, so it never drifts from them."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLineEdit, QMainWindow, QMenu, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)


def keys_text(action: QAction) -> str:
    """An action's shortcuts as the platform writes them ("Alt+Left, Backspace")."""
    return ", ".join(key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts())


def plain(text: str) -> str:
    """A menu text without its mnemonic ("&File" → "File")."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def with_shortcut(action: QAction) -> None:
    """Make the action's tooltip say its shortcut too ("Back (Alt+Left)"), as toolbars should."""
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    text = plain(action.text())
    action.setToolTip(QCoreApplication.translate("Shortcuts", "{action} ({keys})", "tooltip: an action and its key")
                      .format(action=text, keys=keys) if keys else text)


def shortcut_groups(window: QMainWindow) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(menu title, [(action, keys)])] for every menu of the window, then the window's other
    actions with keys; only actions that have a shortcut."""
    groups, seen = [], set()

    def walk(menu: QMenu, rows: list) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), rows)
            elif not action.isSeparator() and action.shortcuts() and id(action) not in seen:
                seen.add(id(action))
                rows.append((plain(action.text()), keys_text(action)))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            rows: list = []
            walk(top.menu(), rows)
            if rows:
                groups.append((plain(top.text()), rows))
    others = [(plain(a.text()), keys_text(a)) for a in window.findChildren(QAction)
              if a.shortcuts() and id(a) not in seen and a.text() and not isinstance(a.parent(), QMenu)]
    if others:
        groups.append((QCoreApplication.translate("Shortcuts", "Elsewhere"), sorted(set(others))))
    return groups


class ShortcutsDialog(QDialog):
    """Every keyboard shortcut of `window`, grouped by menu; type to filter."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.filter = QLineEdit(self, objectName="shortcuts_filter")
        self.filter.setPlaceholderText(self.tr("Find a shortcut"))
        self.filter.setAccessibleName(self.tr("Find a shortcut"))
        self.filter.setClearButtonEnabled(True)
        self.tree = QTreeWidget(self, objectName="shortcuts_tree")
        self.tree.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.tree.setHeaderLabels([self.tr("Action"), self.tr("Keys")])
        for title, rows in shortcut_groups(window):
            group = QTreeWidgetItem(self.tree, [title])
            group.setFirstColumnSpanned(True)
            for text, keys in rows:
                QTreeWidgetItem(group, [text, keys])
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self.filter.textChanged.connect(self._apply_filter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(480, 560)

    def visible_rows(self) -> list[tuple[str, str]]:
        """(action, keys) of the rows shown now (tests, and what a screen reader would read)."""
        rows = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            for r in range(group.childCount()):
                item = group.child(r)
                if not item.isHidden():
                    rows.append((item.text(0), item.text(1)))
        return rows

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for g in range(self.tree.topLevelItemCount()):
            group, shown = self.tree.topLevelItem(g), 0
            for r in range(group.childCount()):
                item = group.child(r)
                hit = not needle or needle in item.text(0).casefold() or needle in item.text(1).casefold() \
                    or needle in group.text(0).casefold()
                item.setHidden(not hit)
                shown += hit
            group.setHidden(shown == 0)
