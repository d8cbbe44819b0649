"""Item delegates: fixed-size cards (cover + three lines) and card grids/strips built on them.

sizeHint never reads DecorationRole, so laying a list out never fetches covers (STYLE §3.2).
paint only draws what `index.data(...)` returns: no lookups, no I/O.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPalette, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.models.roles import ItemRole

PAD = 8


class CardDelegate(QStyledItemDelegate):
    """A cover with title, subtitle and detail lines under it; circles for artists."""

    def __init__(self, edge: int, round_: bool = False, lines: int = 3, parent=None):
        super().__init__(parent)
        self.edge, self.round_, self.lines = edge, round_, lines

    def sizeHint(self, option, index) -> QSize:
        metrics = QFontMetrics(option.font)
        text = metrics.height() * self.lines + 6
        return QSize(self.edge + 2 * PAD, self.edge + 2 * PAD + text)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette: QPalette = option.palette
        rect: QRect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        if selected or hovered:
            colour = QColor(palette.color(QPalette.ColorRole.Highlight))
            colour.setAlpha(70 if selected else 28)
            path = QPainterPath()
            path.addRoundedRect(rect.adjusted(2, 2, -2, -2), 8, 8)
            painter.fillPath(path, colour)
        cover = QRect(rect.left() + (rect.width() - self.edge) // 2, rect.top() + PAD, self.edge, self.edge)
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            clip = QPainterPath()
            radius = self.edge * 0.14 if self.round_ else 4   # artists: softer corners
            clip.addRoundedRect(cover, radius, radius)
            painter.setClipPath(clip)
            # Centre a non-square image inside the square, like the store's own pages.
            size = pixmap.deviceIndependentSize().toSize().scaled(cover.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, size.width(), size.height())
            target.moveCenter(cover.center())
            painter.drawPixmap(target, pixmap)
            painter.setClipping(False)
        if option.state & QStyle.StateFlag.State_HasFocus and option.state & QStyle.StateFlag.State_Selected:
            pen_colour = palette.color(QPalette.ColorRole.Highlight)
            painter.setPen(pen_colour)
            painter.drawRoundedRect(rect.adjusted(1, 1, -2, -2), 8, 8)
        # Text lines share the cover's left and right edges, whatever width the grid cell has.
        text_rect = QRect(cover.left(), cover.bottom() + 6, cover.width(), 0)
        title_font = QFont(option.font)
        title_font.setWeight(QFont.Weight.DemiBold)
        align = Qt.AlignmentFlag.AlignHCenter if self.round_ else Qt.AlignmentFlag.AlignLeft
        lines = (
            (index.data(Qt.ItemDataRole.DisplayRole) or "", title_font, QPalette.ColorRole.Text),
            (index.data(ItemRole.SUBTITLE) or "", option.font, QPalette.ColorRole.Text),
            (index.data(ItemRole.DETAIL) or "", option.font, QPalette.ColorRole.PlaceholderText),
        )[: self.lines]
        for number, (text, font, role) in enumerate(lines):
            metrics = QFontMetrics(font)
            line = QRect(text_rect.left(), text_rect.top() + number * metrics.height(),
                         text_rect.width(), metrics.height())
            painter.setFont(font)
            colour = palette.color(role)
            if number == 1:
                colour.setAlpha(200)
            painter.setPen(colour)
            painter.drawText(line, align | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(str(text), Qt.TextElideMode.ElideRight, line.width()))
        painter.restore()


class CardView(QListView):
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

    def wheelEvent(self, event) -> None:
        # A strip only scrolls sideways: a plain vertical wheel scrolls the page around it.
        if self._strip and event.angleDelta().x() == 0 and not event.modifiers():
            event.ignore()
            return
        super().wheelEvent(event)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ScreenChangeInternal or event.type() == QEvent.Type.DevicePixelRatioChange:
            model = self.model()
            if hasattr(model, "set_device_pixel_ratio"):
                model.set_device_pixel_ratio(self.devicePixelRatioF())
        return super().event(event)
