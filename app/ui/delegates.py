"""Item delegates: fixed-size cards (cover + three lines) and card grids/strips built on them.

sizeHint never reads DecorationRole, so laying a list out never fetches covers (STYLE §3.2).
paint only draws what `index.data(...)` returns: no lookups, no I/O.
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.models.roles import ItemRole
from app.ui.wheel import page_wheel

PAD = 8
HISTORY_BUTTONS = (Qt.MouseButton.BackButton, Qt.MouseButton.ForwardButton)


class PassesHistoryButtons:
    """Mixin for item views: the mouse's back/forward buttons go on to the main window's history
    instead of selecting the row under the pointer."""

    def mousePressEvent(self, event) -> None:
        if event.button() in HISTORY_BUTTONS:
            event.ignore()
            return
        super().mousePressEvent(event)


class CardDelegate(QStyledItemDelegate):
    """A cover with title, subtitle and detail lines under it (covers arrive pre-rounded)."""

    def __init__(self, edge: int, round_: bool = False, lines: int = 3, parent=None):
        super().__init__(parent)
        self.edge, self.round_, self.lines = edge, round_, lines
        self._fonts_for = None        # the option font the cached fonts were made from
        self._elided: dict[tuple, tuple[str, ...]] = {}   # (card, width) -> its lines, elided

    def sizeHint(self, option, index) -> QSize:
        metrics = QFontMetrics(option.font)
        text = metrics.height() * self.lines + 6
        return QSize(self.edge + 2 * PAD, self.edge + 2 * PAD + text)

    def _fonts(self, font: QFont):
        # Paint runs for every visible card on every repaint: build fonts and metrics once.
        if self._fonts_for != font:
            base = QFont(font)           # a copy: the option's font dies with the option
            self._marks = {}             # (mark text, cover width) -> its pill (_paint_mark)
            title = QFont(font)
            title.setWeight(QFont.Weight.DemiBold)
            self._fonts_for = base
            self._line_fonts = ((title, QFontMetrics(title)), (base, QFontMetrics(base)),
                                (base, QFontMetrics(base)))
        return self._line_fonts

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        palette: QPalette = option.palette
        rect: QRect = option.rect
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        if selected or state & QStyle.StateFlag.State_MouseOver:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            colour = QColor(palette.color(QPalette.ColorRole.Highlight))
            colour.setAlpha(70 if selected else 28)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(rect.adjusted(2, 2, -2, -2), 8, 8)
            if selected and state & QStyle.StateFlag.State_HasFocus:
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(palette.color(QPalette.ColorRole.Highlight))
                painter.drawRoundedRect(rect.adjusted(1, 1, -2, -2), 8, 8)
        cover = QRect(rect.left() + (rect.width() - self.edge) // 2, rect.top() + PAD, self.edge, self.edge)
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            size = pixmap.deviceIndependentSize().toSize()
            if size != cover.size():   # a non-square image: centre it in the square
                size = size.scaled(cover.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, size.width(), size.height())
            target.moveCenter(cover.center())
            painter.drawPixmap(target, pixmap)
        card = index.data(ItemRole.CARD)
        fonts = self._fonts(option.font)[: self.lines]
        if card is not None and card.mark:
            self._paint_mark(painter, cover, card.mark, palette)
        # Text lines share the cover's left and right edges, whatever width the grid cell has.
        align = (Qt.AlignmentFlag.AlignHCenter if self.round_ else Qt.AlignmentFlag.AlignLeft) \
            | Qt.AlignmentFlag.AlignVCenter
        key = (card, cover.width())
        lines = self._elided.get(key)
        if lines is None:             # eliding measures text: once per card and width, not per paint
            texts = (card.title, card.subtitle, card.detail) if card is not None else ("", "", "")
            lines = tuple(metrics.elidedText(text, Qt.TextElideMode.ElideRight, cover.width()) if text else ""
                          for text, (_font, metrics) in zip(texts, fonts))
            if len(self._elided) > 2000:
                self._elided.clear()
            self._elided[key] = lines
        text_colour = palette.color(QPalette.ColorRole.Text)
        top = cover.bottom() + 6
        for number, ((font, metrics), text) in enumerate(zip(fonts, lines)):
            height = metrics.height()
            if text:
                painter.setFont(font)
                painter.setPen(text_colour if number < 2 else palette.color(QPalette.ColorRole.PlaceholderText))
                painter.drawText(QRect(cover.left(), top, cover.width(), height), align, text)
            top += height
        painter.restore()

    def _paint_mark(self, painter: QPainter, cover: QRect, text: str, palette: QPalette) -> None:
        """A pill in the cover's top left corner ("Owned", "In basket"), in the highlight colours."""
        # Its font, width and elided text are made once per mark text (the font is the cards' own).
        shape = self._marks.get((text, cover.width()))
        if shape is None:
            badge = QFont(self._fonts_for)
            badge.setWeight(QFont.Weight.DemiBold)
            badge.setPointSizeF(max(7.0, badge.pointSizeF() * 0.85))
            metrics = QFontMetrics(badge)
            width = min(cover.width() - 8, metrics.horizontalAdvance(text) + 12)
            shape = (badge, width, metrics.height() + 4,
                     metrics.elidedText(text, Qt.TextElideMode.ElideRight, width - 8))
            self._marks[(text, cover.width())] = shape
        badge, width, height, shown = shape
        pill = QRect(cover.left() + 4, cover.top() + 4, width, height)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
        painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        painter.setFont(badge)
        painter.setPen(palette.color(QPalette.ColorRole.HighlightedText))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, shown)


class CardView(PassesHistoryButtons, QListView):
    """A wrapping grid (or a one-row strip) of cards; Return/click opens, covers load lazily."""

    item_activated = Signal(object)       # QModelIndex the user opened (click, Return, Enter)

    def __init__(self, edge: int = 160, round_: bool = False, strip: bool = False, lines: int = 3,
                 parent=None):
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)          # the view must not size every row to lay out
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setMouseTracking(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setFrameShape(QListView.Shape.NoFrame)
        self.viewport().setBackgroundRole(QPalette.ColorRole.Window)   # cards sit on the page
        self.setSpacing(4)
        delegate = CardDelegate(edge, round_, lines, self)
        self.setItemDelegate(delegate)
        option = QStyleOptionViewItem()
        option.font = self.font()
        self.card_size = delegate.sizeHint(option, QModelIndex())
        self._strip = strip
        if strip:
            self.setFlow(QListView.Flow.LeftToRight)
            self.setWrapping(False)
            self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.setFixedHeight(self.card_size.height() + 2 * self.spacing() + 18)
            page_wheel(self)              # sideways only: a vertical wheel scrolls the page
        self.verticalScrollBar().setSingleStep(24)
        self.horizontalScrollBar().setSingleStep(24)
        self.clicked.connect(lambda index: self.item_activated.emit(index))   # keys: keyPressEvent

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.item_activated.emit(self.currentIndex())
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if not self._strip:
            self._spread_columns()

    def _spread_columns(self) -> None:
        # Share the spare width between the columns, so the grid fills the view edge to edge.
        width = self.viewport().width() - 1
        card = self.card_size
        columns = max(1, width // (card.width() + 8))
        cell = QSize(max(card.width(), width // columns), card.height() + 8)
        if cell != self.gridSize():
            self.setGridSize(cell)


class FitCardView(CardView):
    """A grid that grows to show every loaded card, for use inside a scrolling page.

    It never scrolls itself (the page does), so it never pages itself either: pair it with a
    model whose `auto_fetch` is False and a "Show more" button.
    """

    def __init__(self, edge: int = 150, round_: bool = False, lines: int = 3, parent=None):
        super().__init__(edge=edge, round_=round_, lines=lines, parent=parent)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumHeight(self.card_size.height() + 8)

    def setModel(self, model) -> None:
        old = self.model()
        if old is not None:
            for signal in (old.rowsInserted, old.rowsRemoved, old.modelReset):
                signal.disconnect(self._fit)
        super().setModel(model)
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self._fit)
        self._fit()

    def wheelEvent(self, event) -> None:
        event.ignore()                # the page scrolls, not the grid

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self, *_args) -> None:
        model, cell = self.model(), self.gridSize()
        if model is None or not cell.isValid() or cell.width() <= 0:
            return
        columns = max(1, (self.viewport().width() - 1) // cell.width())
        rows = max(1, -(-model.rowCount() // columns))
        height = rows * cell.height() + 2 * self.frameWidth() + 4
        if height != self.height():
            self.setFixedHeight(height)
