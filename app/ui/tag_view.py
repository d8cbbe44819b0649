"""Releases carrying one tag (genre), newest or most popular first."""
from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.models.releases import ReleaseListModel
from app.models.roles import ItemRole
from app.ui.delegates import CardView
from app.ui.view_base import BrowseView, ViewServices, make_label


def tag_title(slug: str) -> str:
    return slug.replace("-", " ").title()


class TagView(BrowseView):
    def __init__(self, tag: str, services: ViewServices, parent: QWidget | None = None):
        super().__init__(f"tag:{tag}", services, parent)
        self.setObjectName("tag_view")
        self.tag = tag
        self.model = ReleaseListModel(services.covers, self.catalogue, edge=160, parent=self)
        self._register_list(self.model)
        self._setup_ui()
        self._set_title(tag_title(tag))
        self.reload()

    @property
    def newest(self) -> bool:
        return self.new_button.isChecked()

    def load(self) -> None:
        self.model.load(self.catalogue.tagged_releases(self.tag, self.newest), page_size=30)

    def retry(self) -> None:
        self.model.retry()      # the page that failed; the ones shown stay

    def main_list(self):
        return self.grid

    def _setup_ui(self) -> None:
        self.heading = make_label(tag_title(self.tag), "title")
        self.count = make_label("", "muted")
        self.new_button = QPushButton(self.tr("Newest", "sort order"), checkable=True, checked=True)
        self.top_button = QPushButton(self.tr("Most popular", "sort order"), checkable=True)
        group = QButtonGroup(self)
        group.addButton(self.new_button)
        group.addButton(self.top_button)
        group.buttonClicked.connect(lambda _button: self.reload())
        self.grid = CardView(edge=160)
        self.grid.setAccessibleName(self.tr("Releases"))
        self.grid.setModel(self.model)
        self.grid.item_activated.connect(lambda index: self.open_requested.emit(index.data(ItemRole.LOCATION)))
        self._attach_card_menu(self.grid)
        self.model.total_changed.connect(self._on_total_changed)
        head = QHBoxLayout()
        head.addWidget(self.heading)
        head.addWidget(self.count, 1)
        head.addWidget(self.new_button)
        head.addWidget(self.top_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 8)
        layout.setSpacing(10)
        layout.addLayout(head)
        layout.addWidget(self.banner)
        layout.addWidget(self.status)
        layout.addWidget(self.grid, 1)

    def _on_total_changed(self, total: int) -> None:
        self.count.setText("  " + self.tr("%Ln release(s)", "", total))
        if total or self.model.rowCount():
            self.show_ready()
        else:
            self.show_empty(self.tr("No releases carry this genre in this store."))
            self.content_ready.emit()
