"""History: open pushes and drops the forward part; back/forward move; replace refines a search."""
from app.ui.navigation import Navigator


def test_back_and_forward_walk_the_history(qtbot):
    nav = Navigator()
    shown = []
    nav.location_changed.connect(shown.append)
    for location in ("home", "artist:1", "release:2"):
        nav.open(location)
    nav.back()
    nav.back()
    assert nav.current == "home" and not nav.can_go_back
    nav.forward()
    assert nav.current == "artist:1" and nav.can_go_forward
    nav.open("tag:rock")                       # a new branch drops release:2
    assert not nav.can_go_forward
    nav.back()
    assert nav.current == "artist:1"
    assert shown == ["home", "artist:1", "release:2", "artist:1", "home", "artist:1", "tag:rock", "artist:1"]


def test_refining_a_search_replaces_the_entry(qtbot):
    nav = Navigator()
    nav.open("home")
    nav.open("search:ab")
    nav.open("search:abba", replace=True)
    nav.back()
    assert nav.current == "home"
    nav.forward()
    assert nav.current == "search:abba"
