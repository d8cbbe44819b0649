"""My music: the releases and tracks the user bought (user/locker)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.models.locker import LockerTreeModel
from app.models.roles import ItemRole
from app.services.account import AccountService, SignInReason
from app.services.locker import LockerService

from .errors import ErrorBanner
from .shopping_messages import sign_in_reason_text
from .theme import apply_role


class LockerView(QWidget):
    """A tree of purchased releases (with their tracks); refreshes after sign-in and purchases."""

    open_requested = Signal(str)       # a navigation location, e.g. "release:12"
    download_requested = Signal(object)  # release ids (a list of str) to download

    def __init__(self, locker: LockerService, account: AccountService, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("locker_view")
        self._locker = locker
        self._account = account
        self.model = LockerTreeModel(self)
        self._setup_ui()
        locker.releases_changed.connect(self._on_locker_releases_changed)
        locker.loading_changed.connect(self._update_status)
        locker.load_failed.connect(self.banner.show_error)
        account.signed_in_changed.connect(self._update_status)
        self._on_locker_releases_changed(locker.releases)

    def _setup_ui(self) -> None:
        self.title = QLabel(self.tr("My music"), self)
        apply_role(self.title, "section")
        self.status_label = QLabel(self, wordWrap=True)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(self._locker.refresh)
        self.banner = ErrorBanner(self)
        self.banner.retry_requested.connect(self._locker.refresh)
        self.tree = QTreeView(self)
        self.tree.setObjectName("locker_tree")
        self.tree.setModel(self.model)
        self.tree.setAccessibleName(self.tr("My music: releases and their tracks"))
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.activated.connect(self._on_tree_activated)     # Enter, or a double click
        # The title takes the dock's spare width: the artist gets a share it can't exceed (elided),
        # the date and track count what they need. The user may drag the artist column.
        columns = self.tree.header()
        columns.setStretchLastSection(False)
        columns.setMinimumSectionSize(40)
        columns.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        columns.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        for column in (2, 3):
            columns.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)   # the Menu key too
        self.tree.customContextMenuRequested.connect(self._on_context_menu_requested)
        self.tree.installEventFilter(self)      # the Menu key and Shift+F10, wherever the key came from
        self.open_action = QAction(self.tr("Open release"), self)
        self.open_action.triggered.connect(self._open_selected)
        self.download_action = QAction(self.tr("Download"), self)
        self.download_action.triggered.connect(self._download_selected)
        self.copy_link_action = QAction(self.tr("Copy link"), self)
        self.copy_link_action.triggered.connect(self._copy_link)
        self.download_button = QPushButton(self.tr("Download"), self)
        self.download_button.setObjectName("locker_download")
        self.download_button.setAccessibleName(self.tr("Download the selected release"))
        self.download_button.setToolTip(self.tr("Download the selected release into your music folder"))
        self.download_button.clicked.connect(self._download_selected)
        self.download_all_button = QPushButton(self.tr("Download all"), self)
        self.download_all_button.setObjectName("locker_download_all")
        self.download_all_button.setAccessibleName(self.tr("Download all"))
        self.download_all_button.setToolTip(self.tr("Download everything you bought into your music folder"))
        self.download_all_button.clicked.connect(self._download_all)
        self.tree.selectionModel().selectionChanged.connect(self._update_download_buttons)
        self.tree.selectionModel().currentChanged.connect(self._update_download_buttons)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.status_label)
        header.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addWidget(self.tree, 1)
        downloads = QHBoxLayout()
        downloads.addWidget(self.download_button)
        downloads.addWidget(self.download_all_button)
        downloads.addStretch(1)
        layout.addLayout(downloads)

    def _on_locker_releases_changed(self, releases) -> None:
        self.model.set_releases(releases)
        self._update_status()
        self._fit_artist_column()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_artist_column()

    def _fit_artist_column(self) -> None:
        # A quarter of the width at most: "Title" keeps the rest (the old ResizeToContents artist
        # column left a 300 px dock's titles three letters wide).
        # Narrower than ~420 px (the dock on a small window): date and track count go to the tooltip.
        narrow = self.tree.width() < 420
        for column in (2, 3):
            self.tree.setColumnHidden(column, narrow)
        wanted = max(self.tree.sizeHintForColumn(1), self.tree.header().sectionSizeHint(1))
        self.tree.header().resizeSection(1, max(60, min(wanted, self.tree.viewport().width() // 4)))

    def selected_release(self):
        """The LockerRelease of the current row (a track row: its release), or None."""
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        while index.parent().isValid():
            index = index.parent()
        return index.siblingAtColumn(0).data(ItemRole.RECORD)

    def context_menu(self) -> QMenu:
        """The menu for the current row (Open release, Download, Copy link)."""
        release = self.selected_release()
        menu = QMenu(self)
        menu.setObjectName("locker_menu")
        for action in (self.open_action, self.download_action, self.copy_link_action):
            menu.addAction(action)
        self.open_action.setEnabled(release is not None)
        self.download_action.setEnabled(release is not None)
        self.copy_link_action.setEnabled(bool(release is not None and self._release_link(release)))
        return menu

    def eventFilter(self, watched, event) -> bool:
        if watched is self.tree and event.type() == QEvent.Type.KeyPress and (
                event.key() == Qt.Key.Key_Menu or (event.key() == Qt.Key.Key_F10
                                                   and event.modifiers() == Qt.KeyboardModifier.ShiftModifier)):
            self._on_context_menu_requested(QPoint(-1, -1))
            return True
        return super().eventFilter(watched, event)

    def _on_context_menu_requested(self, pos: QPoint) -> None:
        index = self.tree.indexAt(pos)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        elif not self.tree.currentIndex().isValid():
            return
        else:      # the Menu key: under the current row
            pos = self.tree.visualRect(self.tree.currentIndex()).bottomLeft()
        self._menu = self.context_menu()
        self._menu.popup(self.tree.viewport().mapToGlobal(pos))

    def _open_selected(self) -> None:
        release_id = self.selected_release_id()
        if release_id:
            self.open_requested.emit(f"release:{release_id}")

    @staticmethod
    def _release_link(entry) -> str:
        from app.api import (  # lazily, as checkout_link_dialog does
            UnsafeLinkError,
            browser_link,
        )

        url = getattr(entry.release, "url", None) or ""
        try:
            return browser_link(url, url) if url else ""    # a web page (http only on this machine)
        except UnsafeLinkError:
            return ""

    def _copy_link(self) -> None:
        entry = self.selected_release()
        link = self._release_link(entry) if entry is not None else ""
        if link:
            QGuiApplication.clipboard().setText(link)

    def selected_release_id(self) -> str | None:
        """The release of the current row (a track row: its release), or None."""
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        while index.parent().isValid():
            index = index.parent()
        location = index.siblingAtColumn(0).data(ItemRole.LOCATION) or ""
        kind, _, ident = str(location).partition(":")
        return ident if kind == "release" and ident else None

    def _download_selected(self) -> None:
        release_id = self.selected_release_id()
        if release_id:
            self.download_requested.emit([release_id])

    def _download_all(self) -> None:
        self.download_requested.emit([str(entry.release.id) for entry in self._locker.releases])

    def _update_download_buttons(self, *_args) -> None:
        self.download_button.setEnabled(self.selected_release_id() is not None)
        self.download_all_button.setEnabled(bool(self._locker.releases))

    def _update_status(self, *_args) -> None:
        if self._locker.loading:
            text = self.tr("Loading…")
        elif not self._account.signed_in:
            text = sign_in_reason_text(SignInReason.LOCKER)
        elif self.model.rowCount() == 0:
            text = self.tr("Nothing bought yet.")
        else:
            text = self.tr("%n release(s)", "", self.model.rowCount())
        self.status_label.setText(text)
        self._update_download_buttons()
        if self._locker.loading:
            self.banner.hide()

    def _on_tree_activated(self, index) -> None:
        location = index.data(ItemRole.LOCATION)
        if location:
            self.open_requested.emit(location)
