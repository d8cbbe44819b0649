"""What the user owns is marked, and duplicates are caught (app/services/ownership.py, app/basket)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.basket.notices import AlreadyOwned, ReleaseInBasket, TracksInBasket
from app.services.ownership import Mark
from tests.sandbox.helpers import post_checkout
from tests.ui.conftest import build_parts, open_release, save_shot, sign_in_demo

SEEDED = 300_010          # the demo user's locker holds this album from day one (app/sandbox/wsgi.py)


def _notices(basket):
    seen = []
    basket.notice.connect(seen.append)
    return seen


def test_a_purchase_marks_cards_release_page_and_tracks_owned(qtbot, parts, opened_urls, tmp_path):
    shopping, window = parts.shopping, parts.window
    sign_in_demo(qtbot, parts)
    view = open_release(qtbot, window, 300_007)         # "Modern Love", 3 tracks, not owned yet
    release = view.release
    assert view.mark is Mark.FOR_SALE and view.add_button.isEnabled()
    assert view.tracks.mark(0) is Mark.FOR_SALE

    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shopping.basket.is_synced and shopping.basket.count == 1, timeout=10000)
    assert view.mark is Mark.IN_BASKET and not view.add_button.isEnabled()
    assert view.add_button.text() == "In basket" and view.tracks.mark(0) is Mark.IN_BASKET

    with qtbot.waitSignal(shopping.checkout.checkout_opened, timeout=10000) as opened:
        shopping.checkout.start(shopping.basket.basket_id)
    assert "Purchase complete" in post_checkout(opened.args[0]).text
    qtbot.waitUntil(lambda: view.mark is Mark.OWNED, timeout=15000)

    assert view.add_button.text() == "In your library" and not view.add_button.isEnabled()
    assert view.mark_badge.isVisible() and view.mark_badge.accessibleName() == "Owned"
    add_column = view.tracks.column_of(view.tracks.columns[-1])
    for row in range(view.tracks.rowCount()):
        assert view.tracks.mark(row) is Mark.OWNED
        assert view.tracks.index(row, add_column).data(Qt.ItemDataRole.AccessibleTextRole) == "Owned"
    save_shot(window, tmp_path, "release-owned")

    # A card of it (search results) says so, to the eye and to a screen reader.
    with qtbot.waitSignal(parts.search.finished, timeout=10_000):
        qtbot.keyClicks(window.search_box, "modern love")
    model = window.search_view.models["releases"]
    qtbot.waitUntil(lambda: release.id in [r.id for r in model.records()], timeout=10000)
    row = next(r for r in range(model.rowCount()) if model.records()[r].id == release.id)
    assert model.index(row).data(Qt.ItemDataRole.AccessibleTextRole).count("Owned") == 1

    # Adding it again: "You already own", nothing added until the user insists.
    seen = _notices(shopping.basket)
    assert not shopping.basket.add(release)
    assert isinstance(seen[-1], AlreadyOwned) and shopping.basket.count == 0
    track = view.tracks.track(0)
    assert not shopping.basket.add(release, track)
    assert isinstance(seen[-1], AlreadyOwned) and seen[-1].is_track
    assert shopping.basket.add(release, track, insist=True) and shopping.basket.count == 1


def test_the_owned_question_can_be_answered_from_the_keyboard(qtbot, parts):
    shopping, window = parts.shopping, parts.window
    sign_in_demo(qtbot, parts)
    view = open_release(qtbot, window, SEEDED)
    assert view.mark is Mark.OWNED and view.tracks.mark(0) is Mark.OWNED
    view.table.setFocus()
    view.table.setCurrentIndex(view.tracks.index(0, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    box = window.findChild(QMessageBox, "basket_question")
    assert box is not None and "You already own" in box.text() and shopping.basket.count == 0
    qtbot.keyClick(box, Qt.Key.Key_Escape)                     # Cancel is the default: nothing added
    assert shopping.basket.count == 0


def test_a_track_of_a_release_in_the_basket_is_not_added(qtbot, parts):
    shopping, window = parts.shopping, parts.window
    view = open_release(qtbot, window, 300_022)
    seen = _notices(shopping.basket)
    assert shopping.basket.add(view.release)
    assert not shopping.basket.add(view.release, view.tracks.track(1))
    assert isinstance(seen[-1], ReleaseInBasket) and seen[-1].release_title == view.release.title
    assert shopping.basket.count == 1
    assert view.tracks.mark(1) is Mark.IN_BASKET


def test_a_release_whose_tracks_are_in_the_basket_asks_with_the_price_difference(qtbot, parts):
    shopping, window = parts.shopping, parts.window
    view = open_release(qtbot, window, 300_022)             # 15 tracks
    seen = _notices(shopping.basket)
    tracks = [view.tracks.track(0), view.tracks.track(1)]
    for track in tracks:
        assert shopping.basket.add(view.release, track)
    assert not shopping.basket.add(view.release)
    notice = seen[-1]
    assert isinstance(notice, TracksInBasket) and notice.track_titles == tuple(t.title for t in tracks)
    assert notice.release_price == view.release.price.formatted and notice.difference.startswith("£")
    box = window.findChild(QMessageBox, "basket_question")
    assert notice.difference in box.text() and shopping.basket.count == 2
    replace = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    qtbot.mouseClick(replace, Qt.MouseButton.LeftButton)
    assert [item.track_id for item in shopping.basket.items] == [None]
    qtbot.waitUntil(lambda: shopping.basket.is_synced, timeout=10000)


def test_the_index_survives_a_restart_and_stays_with_its_store(qtbot, parts, client, tmp_path):
    from app.api import StoreClient

    sign_in_demo(qtbot, parts)
    ownership = parts.availability.ownership
    qtbot.waitUntil(lambda: ownership.path.exists() and not ownership.writing, timeout=10000)
    parts.window.close()
    assert parts.shutdown()

    again = build_parts(client, tmp_path)             # the same files, the same store
    try:
        view_ownership = again.availability.ownership
        # Before any event is processed: the locker call (if any) can't have answered yet.
        assert again.shopping.locker.releases == ()
        assert view_ownership.owned_tracks(SEEDED)
        tracks = client.release_tracks(SEEDED).items
        assert view_ownership.owns_release(SEEDED, track_ids=[t.id for t in tracks])
    finally:
        again.window.close()
        assert again.shutdown()

    from app.sandbox import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET

    other = StoreClient(base_url=client.base_url, consumer_key=DEMO_CONSUMER_KEY, consumer_secret=DEMO_CONSUMER_SECRET,
                        country="GB", timeout=5.0, store_identity="another-store")
    elsewhere = build_parts(other, tmp_path)
    try:
        assert not elsewhere.availability.ownership.owned_tracks(SEEDED)
    finally:
        elsewhere.window.close()
        assert elsewhere.shutdown()
