"""A page built over turns and asked for a part before its turn is whole *and showing* at once:
Qt would show the parts put into its layout only on the next turn, and a hidden track table can't
take the keyboard (Ctrl+B went to the search box)."""
from tests.ui.conftest import open_release


def test_a_part_asked_for_before_its_turn_shows_at_once(qtbot, parts, client):
    window = parts.window
    first = str(client.search_releases("love", 1, 5).items[0].id)
    second = str(client.search_releases("love", 1, 5).items[1].id)
    open_release(qtbot, window, first)                     # a page showing, so the next one is shown at once
    window.open(f"release:{second}")
    view = window.current_view
    assert view._build_steps                               # its track list waits for its turn...
    if not view.isVisible():
        qtbot.waitUntil(view.isVisible, timeout=5000)      # (the window shows a new page a turn later)
        assert view._build_steps, "the page was built before it showed: nothing to check"
    table = view.table                                     # ...and is asked for now
    assert not view._build_steps and table.isVisible()
    assert not view.more.isVisible()                       # hidden on purpose until there are recommendations
