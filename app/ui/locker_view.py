"""My music: the releases and tracks the user bought (user/locker)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QTreeView, QVBoxLayout, QWidget

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
        self.tree.setUniformRowHeights(True)
        self.tree.activated.connect(self._on_tree_activated)
        # The title takes the dock's spare width; artist and date take what they need.
        columns = self.tree.header()
        columns.setStretchLastSection(False)
        columns.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            columns.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.status_label)
        header.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addWidget(self.tree, 1)

    def _on_locker_releases_changed(self, releases) -> None:
        self.model.set_releases(releases)
        self._update_status()

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
        if self._locker.loading:
            self.banner.hide()

    def _on_tree_activated(self, index) -> None:
        location = index.data(ItemRole.LOCATION)
        if location:
            self.open_requested.emit(location)
