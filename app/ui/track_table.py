"""A track table: preview and add buttons per row, clickable artist/release names, keyboard driven."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QFont, QGuiApplication, QKeySequence, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QMenu, QStyle, QStyledItemDelegate,
                               QStyleOptionViewItem, QTableView)

from app.models.roles import ItemRole
from app.models.tracks import Column, TrackTableModel, for_sale
from app.services.ownership import Mark
from app.ui import icons
from app.ui.delegates import PassesHistoryButtons

ROW_HEIGHT = 34


class _TrackDelegate(QStyledItemDelegate):
    """Link colour for artist/release names; a struck-through old price next to a sale price."""

    def __init__(self, model: TrackTableModel, parent=None):
        super().__init__(parent)
        self._model = model

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        struck = index.data(ItemRole.STRUCK) if self._model.columns[index.column()] == Column.PRICE else None
        if struck:                      # the price column fits its contents: the old price too
            size.setWidth(size.width() + option.fontMetrics.horizontalAdvance(struck) + 14)
        return size

    def paint(self, painter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        column = self._model.columns[index.column()]
        if column in (Column.ARTIST, Column.RELEASE):
            option = QStyleOptionViewItem(option)
            self.initStyleOption(option, index)
            if not option.state & QStyle.StateFlag.State_Selected:
                option.palette.setColor(QPalette.ColorRole.Text, option.palette.color(QPalette.ColorRole.Link))
            if option.state & QStyle.StateFlag.State_MouseOver:
                option.font.setUnderline(True)
            option.widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
            return
        struck = index.data(ItemRole.STRUCK) if column == Column.PRICE else None
        super().paint(painter, option, index)
        if struck:
            painter.save()
            font = QFont(option.font)
            font.setStrikeOut(True)
            font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
            painter.setFont(font)
            painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
            text_width = option.fontMetrics.horizontalAdvance(index.data() or "") + 10
            rect = QRect(option.rect).adjusted(4, 0, -text_width, 0)
            painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, struck)
            painter.restore()


class TrackTable(PassesHistoryButtons, QTableView):
    """Rows of tracks. Return previews the current row, Ctrl+B adds it to the basket."""

    preview_clicked = Signal(object)          # Track
    add_clicked = Signal(object)              # Track
    location_clicked = Signal(str)            # "artist:<id>" / "release:<id>"
    enqueue_clicked = Signal(object, bool)    # (Track,), True: play next / False: add to the queue's end

    def __init__(self, model: TrackTableModel, parent=None):
        super().__init__(parent)
        self._price_column, self._price_unfit = -1, False
        self.setModel(model)
        self._model = model
        self._set_model_icons()
        icons.on_palette_change(self._set_model_icons)
        # Only link and price cells need Python painting; the rest stay on Qt's C++ delegate.
        delegate = _TrackDelegate(model, self)
        for column in (Column.ARTIST, Column.RELEASE, Column.PRICE):
            if column in model.columns:
                self.setItemDelegateForColumn(model.column_of(column), delegate)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setMouseTracking(True)
        self.setWordWrap(False)
        self.setIconSize(QSize(18, 18))
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)   # Tab moves on to the next widget; arrows move inside
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        stretch = [c for c in (Column.TITLE, Column.ARTIST, Column.RELEASE) if c in model.columns]
        for number, column in enumerate(model.columns):
            if column in stretch:
                header.setSectionResizeMode(number, QHeaderView.ResizeMode.Stretch)
            elif column == Column.PRICE:    # a narrow table elides titles, never prices (_fit_price)
                header.setSectionResizeMode(number, QHeaderView.ResizeMode.Fixed)
            else:
                header.setSectionResizeMode(number, QHeaderView.ResizeMode.Fixed)
                header.resizeSection(number, {Column.PREVIEW: 36, Column.ADD: 36, Column.NUMBER: 36,
                                              Column.DURATION: 56}[column])
        # The price column fits its contents when rows come or go, not at every relayout: Qt's
        # ResizeToContents measured every row of it (a Python sizeHint and nine data() calls each) at
        # each resize and layout, ~47 rows' worth a release page; a quarter of the model's calls.
        self._price_column = model.column_of(Column.PRICE)
        self._price_unfit = self._price_column >= 0
        if self._price_unfit:
            for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
                signal.connect(self._refit_price)
        self.clicked.connect(self._on_clicked)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_context_menu)
        add = QAction(self.tr("Add to basket"), self, shortcut=QKeySequence("Ctrl+B"),
                      shortcutContext=Qt.ShortcutContext.WidgetShortcut)
        add.triggered.connect(lambda: self._emit_for_current(self.add_clicked))
        self.add_action = add
        self.addAction(add)

    def _set_model_icons(self) -> None:
        self._model.set_icons({"play": icons.icon("play"), "playing": icons.coloured_icon(
            "playing", QGuiApplication.palette().color(QPalette.ColorRole.Link)),
            "add": icons.icon("basket-add"), "owned": icons.icon("owned"), "in_basket": icons.icon("in-basket")})

    def fit_height(self) -> None:
        """Show every row without an inner scroll bar (a release's tracklist inside a page)."""
        rows = self._model.rowCount()
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFixedHeight(self.horizontalHeader().height() + rows * ROW_HEIGHT + 2 * self.frameWidth() + 2)

    def doItemsLayout(self) -> None:
        super().doItemsLayout()
        if self._price_unfit:
            self._fit_price()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._refit_price()

    def _refit_price(self, *_args) -> None:
        if self._price_column >= 0:
            self._price_unfit = True
            self.scheduleDelayedItemsLayout()     # laid out (and fitted) before the next paint

    def _fit_price(self) -> None:
        # What ResizeToContents sets: the widest of the header and the cells (up to the header's maximum).
        self._price_unfit = False
        header, column = self.horizontalHeader(), self._price_column
        width = min(max(self.sizeHintForColumn(column), header.sectionSizeHint(column)), header.maximumSectionSize())
        if width != header.sectionSize(column):
            header.resizeSection(column, width)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._emit_for_current(self.preview_clicked)   # Enter plays, as peers' users asked
            return
        super().keyPressEvent(event)

    def event(self, event) -> bool:
        # The Menu key: the menu of the current row. Qt hands a keyboard context menu to a scroll
        # area in its own coordinates (header included), not the viewport's: the row below otherwise.
        if event.type() == QEvent.Type.ContextMenu and event.reason() == QContextMenuEvent.Reason.Keyboard:
            if self.currentIndex().isValid():
                self._on_context_menu(self.visualRect(self.currentIndex()).center())
            event.accept()
            return True
        return super().event(event)

    # -- private ---------------------------------------------------------------------------
    def _emit_for_current(self, signal) -> None:
        track = self._model.track(self.currentIndex().row())
        if track is None or (signal is self.preview_clicked and not self._preview_enabled(self.currentIndex().row())) \
                or (signal is self.add_clicked and not for_sale(track)):
            return
        signal.emit(track)

    def _preview_enabled(self, row: int = 0) -> bool:
        # per row: a track without a preview (yet) has no button (TrackTableModel.can_preview)
        column = self._model.column_of(Column.PREVIEW)
        return column < 0 or bool(self._model.flags(self._model.index(row, column)) & Qt.ItemFlag.ItemIsEnabled)

    def _on_clicked(self, index: QModelIndex) -> None:
        track = self._model.track(index.row())
        if track is None:
            return
        column = self._model.columns[index.column()]
        if column == Column.PREVIEW and self._preview_enabled(index.row()):
            self.preview_clicked.emit(track)
        elif column == Column.ADD and for_sale(track) and self._model.mark(index.row()) is not Mark.OWNED:
            self.add_clicked.emit(track)    # an owned track's cell is a mark, not a button (Ctrl+B still asks)
        elif column in (Column.ARTIST, Column.RELEASE):
            location = index.data(ItemRole.LOCATION)
            if location:
                self.location_clicked.emit(location)

    def _on_context_menu(self, pos) -> None:
        index = self.indexAt(pos)
        track = self._model.track(index.row())
        if track is None:
            return
        menu = QMenu(self)
        preview = menu.addAction(icons.icon("play"), self.tr("Preview", "context menu: play the preview"),
                                 lambda: self.preview_clicked.emit(track))
        preview.setEnabled(self._preview_enabled(index.row()))
        play_next = menu.addAction(self.tr("Play next", "context menu: queue after the current preview"),
                                   lambda: self.enqueue_clicked.emit((track,), True))
        enqueue = menu.addAction(self.tr("Add to queue", "context menu: queue at the end"),
                                 lambda: self.enqueue_clicked.emit((track,), False))
        for action in (play_next, enqueue):
            action.setEnabled(self._preview_enabled(index.row()))
        menu.addSeparator()
        # The table's own action, so the menu shows its shortcut (Ctrl+B); it acts on the current row.
        self.setCurrentIndex(index)
        add = menu.addAction(icons.icon("basket-add"), self.tr("Add to basket"), lambda: self.add_clicked.emit(track))
        add.setShortcut(self.add_action.shortcut())
        add.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)   # shown in the menu, not a second binding
        add.setEnabled(for_sale(track))
        menu.addSeparator()
        if track.artist is not None:
            menu.addAction(self.tr("Go to {name}").format(name=track.artist.name.replace("&", "&&")),
                           lambda: self.location_clicked.emit(f"artist:{track.artist.id}"))
        if track.release is not None:
            menu.addAction(self.tr("Go to {name}").format(name=track.release.title.replace("&", "&&")),
                           lambda: self.location_clicked.emit(f"release:{track.release.id}"))
        self.last_menu = menu
        menu.popup(self.viewport().mapToGlobal(pos))
