"""The basket dock (items, total due, remove with undo, checkout) and its toolbar badge."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QDockWidget, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableView, QToolButton, QVBoxLayout, QWidget)

from app.basket.basket import Basket
from app.models.basket import BasketTableModel
from app.services.account import SignInCancelled
from app.services.checkout import CheckoutService

from .accessibility import announce
from .checkout_link_dialog import CheckoutLinkDialog
from .errors import ErrorBanner
from .shopping_messages import basket_notice_text
from .theme import apply_role

UNDO_VISIBLE_MS = 10_000


class BasketPanel(QDockWidget):
    """A dock listing the basket; checkout waits for the store basket to be up to date first."""

    message_requested = Signal(str)   # a non-modal sentence for MainWindow.show_message

    def __init__(self, basket: Basket, checkout: CheckoutService, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Basket"))
        self.setObjectName("basket_dock")
        self._basket = basket
        self._checkout = checkout
        self._checkout_when_synced = False
        self._link_dialog: CheckoutLinkDialog | None = None
        self._browser_opened = False    # the checkout page went to a browser (else: copy the link)
        self.before_checkout = None     # Callable[[Callable[[], None]], None]: see start_checkout
        self.model = BasketTableModel(basket, self)
        self._setup_ui()
        basket.changed.connect(self._on_basket_changed)
        basket.busy_changed.connect(self._on_basket_changed)
        basket.item_removed.connect(self._on_basket_item_removed)
        basket.sync_failed.connect(self._on_basket_sync_failed)
        basket.synced.connect(self._on_basket_synced)
        basket.notice.connect(self._on_basket_notice)
        checkout.checkout_started.connect(self._on_basket_changed)
        checkout.checkout_failed.connect(self._on_checkout_failed)
        checkout.browser_failed.connect(self._on_checkout_browser_failed)
        checkout.checkout_opened.connect(self._on_checkout_opened)
        checkout.waiting_changed.connect(self._on_checkout_waiting_changed)
        checkout.purchase_completed.connect(self._on_checkout_purchase_completed)
        self._on_basket_changed()

    # -- public --------------------------------------------------------------------------
    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()}, reverse=True)
        for item in [self.model.item(row) for row in rows]:
            if item is not None:
                self._basket.remove(item)

    def start_checkout(self) -> None:
        """Checkout the basket; if local changes haven't reached the store yet, sync first.
        `before_checkout(proceed)`, when set, may ask the user first (app/ui/owned_at_checkout.py)."""
        if not self._basket.items:
            self.message_requested.emit(self.tr("Your basket is empty."))
            return
        if self.before_checkout is not None:
            self.before_checkout(self._checkout_now)
            return
        self._checkout_now()

    def _checkout_now(self) -> None:
        if not self._basket.items:
            return
        if self._basket.is_synced:
            self._checkout.start(self._basket.basket_id)
        else:
            self._checkout_when_synced = True
            self._basket.refresh()
        self._on_basket_changed()

    # -- private -------------------------------------------------------------------------
    def _setup_ui(self) -> None:
        body = QWidget(self)
        self.table = QTableView(body)
        self.table.setObjectName("basket_table")
        self.table.setAccessibleName(self.tr("Basket"))
        self.table.setTabKeyNavigation(False)   # Tab leaves the table; arrows move inside
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(0, 100)
        # Narrow enough for a 240 px dock (30 % of an 800 px window): the browsing area comes first.
        self.table.setMinimumWidth(180)
        self.remove_action = QAction(self.tr("Remove from basket"), self.table)
        self.remove_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.remove_action.triggered.connect(self.remove_selected)
        self.table.addAction(self.remove_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.selectionModel().selectionChanged.connect(self._update_remove)
        self.model.modelReset.connect(self._update_remove)
        self.model.rowsRemoved.connect(self._update_remove)

        self.banner = ErrorBanner(body)
        self.banner.retry_requested.connect(self._basket.refresh)

        self.undo_label = QLabel(body)
        self.undo_button = QPushButton(self.tr("Undo"), body)
        self.undo_button.clicked.connect(self._on_undo_clicked)
        self.undo_bar = QWidget(body)
        undo_layout = QHBoxLayout(self.undo_bar)
        undo_layout.setContentsMargins(0, 0, 0, 0)
        undo_layout.addWidget(self.undo_label, 1)
        undo_layout.addWidget(self.undo_button)
        self.undo_bar.hide()
        self._undo_timer = QTimer(self, singleShot=True, interval=UNDO_VISIBLE_MS)
        self._undo_timer.timeout.connect(self.undo_bar.hide)

        self.total_label = QLabel(body)
        self.total_label.setObjectName("basket_total")
        self.total_label.setWordWrap(True)      # wraps in a narrow dock rather than widening it
        self.status_label = QLabel(body)
        self.status_label.setWordWrap(True)
        self.status_label.setMinimumHeight(2 * self.status_label.fontMetrics().lineSpacing())
        self.remove_button = QPushButton(self.tr("Remove"), body)
        self.remove_button.clicked.connect(self.remove_selected)
        self.checkout_button = QPushButton(self.tr("Checkout…"), body)
        self.checkout_button.setDefault(True)
        apply_role(self.checkout_button, "primary")
        self.checkout_button.clicked.connect(self.start_checkout)
        # For the Account menu: enabled with the button (something to pay for, no checkout starting).
        self.checkout_action = QAction(self.tr("Checkout…"), self)
        self.checkout_action.setObjectName("checkout_action")
        self.checkout_action.triggered.connect(lambda: (self.show(), self.raise_(), self.start_checkout()))
        self.check_button = QPushButton(self.tr("I've paid"), body)
        self.check_button.setToolTip(self.tr("Ask the store now whether your purchase went through"))
        self.check_button.clicked.connect(self._checkout.check_now)
        # Whether or not a browser came up, the page can be opened again or its link copied.
        self.open_again_button = QPushButton(self.tr("Open again"), body)
        self.open_again_button.setObjectName("checkout_open_again")
        self.open_again_button.setToolTip(self.tr("Open the checkout page in your web browser again"))
        self.open_again_button.clicked.connect(self._checkout.open_again)
        self.copy_link_button = QPushButton(self.tr("Copy link"), body)
        self.copy_link_button.setObjectName("checkout_copy_link")
        self.copy_link_button.setToolTip(self.tr("Copy the checkout page's address, to paste into a browser"))
        self.copy_link_button.clicked.connect(self._on_copy_link_clicked)
        self.checkout_bar = QWidget(body)
        checkout_row = QHBoxLayout(self.checkout_bar)
        checkout_row.setContentsMargins(0, 0, 0, 0)
        checkout_row.addStretch(1)
        for button in (self.copy_link_button, self.open_again_button, self.check_button):
            checkout_row.addWidget(button)
        self.checkout_bar.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(self.total_label, 1)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.checkout_button)
        layout = QVBoxLayout(body)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self.status_label)
        layout.addWidget(self.checkout_bar)
        layout.addLayout(buttons)
        self.setWidget(body)

    def _on_basket_changed(self, *_args) -> None:
        basket = self._basket
        total = basket.total
        if not basket.items:
            self.total_label.setText(self.tr("Your basket is empty"))
        elif total:
            self.total_label.setText(self.tr("Total due: {total}").format(total=total))
        else:
            self.total_label.setText(self.tr("Total due: …", "the total is not known yet"))
        self._update_remove()
        can_checkout = bool(basket.items) and not self._checkout.busy and not self._checkout_when_synced
        self.checkout_button.setEnabled(can_checkout)
        self.checkout_action.setEnabled(can_checkout)
        if self._checkout.awaiting_basket is not None:
            return
        self.status_label.setText(self.tr("Updating the basket at the store…") if basket.busy else "")

    def _update_remove(self, *_args) -> None:
        # Only something selected can be removed (the Delete key and the menu follow the button).
        can = self.table.selectionModel().hasSelection()
        self.remove_button.setEnabled(can)
        self.remove_action.setEnabled(can)

    def _on_basket_item_removed(self, item) -> None:
        self.undo_label.setText(self.tr("Removed “{title}”.").format(title=item.title))
        self.undo_bar.show()
        announce(self.undo_bar, self.tr("Removed “{title}”. Undo is beside the basket.").format(title=item.title))
        self._undo_timer.start()

    def _on_undo_clicked(self) -> None:
        self._basket.undo_remove()
        self.undo_bar.hide()

    def _on_basket_sync_failed(self, exc) -> None:
        self.banner.show_error(exc)
        if self._checkout_when_synced:
            self._checkout_when_synced = False
            self._on_basket_changed()

    def _on_basket_synced(self) -> None:
        self.banner.hide()
        if self._checkout_when_synced:
            self._checkout_when_synced = False
            self._checkout.start(self._basket.basket_id)
        self._on_basket_changed()

    def _on_basket_notice(self, notice) -> None:
        self.message_requested.emit(basket_notice_text(notice))

    def _on_checkout_failed(self, exc) -> None:
        self._on_basket_changed()
        if not isinstance(exc, SignInCancelled):
            self.banner.show_error(exc, retry=False)

    def _on_checkout_opened(self, _url: str) -> None:
        self._browser_opened = True
        self._show_checkout_state()
        self.message_requested.emit(self.tr("The checkout page is open in your web browser."))

    def _on_checkout_browser_failed(self, url: str) -> None:
        self._browser_opened = False
        self._show_checkout_state()
        if self._link_dialog is None:
            self._link_dialog = CheckoutLinkDialog(self)
        self._link_dialog.show_url(url)

    def _on_checkout_waiting_changed(self, waiting: bool) -> None:
        self._browser_opened = waiting and self._browser_opened
        self._show_checkout_state()
        self._on_basket_changed()

    def _show_checkout_state(self) -> None:
        waiting = self._checkout.awaiting_basket is not None
        self.checkout_bar.setVisible(waiting)
        self.check_button.setVisible(waiting)
        if not waiting:
            text = ""
        elif self._browser_opened:
            text = self.tr("Complete your purchase in the browser; this basket updates when it's done.")
        else:
            text = self.tr("No web browser opened: copy the link into one to pay, or open it again.")
        self.status_label.setText(text)

    def _on_copy_link_clicked(self) -> None:
        url = self._checkout.checkout_url
        if url:
            QGuiApplication.clipboard().setText(url)
            self.message_requested.emit(self.tr("The checkout link is copied: paste it into a web browser."))

    def _on_checkout_purchase_completed(self, _basket_id: str, _purchase_id: str) -> None:
        if self._link_dialog is not None:
            self._link_dialog.hide()
        self.message_requested.emit(self.tr("Thank you! Your purchase is complete and in My music."))


class BasketBadge(QToolButton):
    """A toolbar button showing the number of items; toggles the basket dock."""

    def __init__(self, basket: Basket, dock: QDockWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("basket_badge")
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._dock = dock
        self.clicked.connect(self._on_clicked)
        basket.count_changed.connect(self._on_basket_count_changed)
        self._on_basket_count_changed(basket.count)

    def _on_basket_count_changed(self, count: int) -> None:
        self.setText(self.tr("Basket ({count})").format(count=count) if count else self.tr("Basket"))
        self.setToolTip(self.tr("%n item(s) in your basket", "", count))

    def _on_clicked(self) -> None:
        self._dock.setVisible(not self._dock.isVisible() or self._dock.visibleRegion().isEmpty())
        if self._dock.isVisible():
            self._dock.raise_()

