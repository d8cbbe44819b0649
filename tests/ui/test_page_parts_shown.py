"""A page built over turns and asked for a part before its turn is whole *and showing* at once:
Qt would show the parts put into its layout only on the next turn, and a hidden track table can't
take the keyboard (Ctrl+B went to the search box)."""
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.ui.page_turns import BuiltInTurns


class Page(BuiltInTurns, QWidget):
    def __init__(self):
        super().__init__()
        self._body = QVBoxLayout(self)
        self._body.addStretch(1)
        self._build_in_turns([self._build_top, self._build_table])

    def _build_top(self) -> None:
        self.top = QLabel("top")
        self._body.insertWidget(0, self.top)

    def _build_table(self) -> None:
        self.table = QLabel("tracks")
        self.later = QLabel("shown when there is something to show")
        self.later.hide()
        self._body.insertWidget(1, self.table)
        self._body.insertWidget(2, self.later)


def test_a_part_asked_for_before_its_turn_shows_at_once(qtbot):
    page = Page()
    qtbot.addWidget(page)
    page.show()                                    # no event loop turn yet: the steps wait
    assert page._build_steps                       # nothing built yet: the first turn has not come
    table = page.table                             # asked for now: every step is built now...
    assert not page._build_steps
    assert table.isVisible() and page.top.isVisible()   # ...and shows now, not on the next turn
    assert not page.later.isVisible()              # a part hidden on purpose stays hidden


def test_a_hidden_page_built_on_demand_shows_its_parts_with_it(qtbot):
    page = Page()
    qtbot.addWidget(page)
    table = page.table                             # built before the page ever showed
    assert not table.isVisible()
    page.show()
    assert table.isVisible() and not page.later.isVisible()
