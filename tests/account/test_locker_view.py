"""My music (app/ui/locker_view.py, app/models/locker.py, app/services/locker.py)."""
from __future__ import annotations

from app.models.roles import ItemRole
from app.sandbox import DEMO_USER_EMAIL, DEMO_USER_PASSWORD
from app.ui.locker_view import LockerView


def test_my_music_shows_the_users_purchases_and_empties_on_sign_out(qtbot, shop):
    view = LockerView(shop.locker, shop.account)
    qtbot.addWidget(view)
    view.resize(360, 400)                   # a dock's width
    view.show()
    assert "Sign in" in view.status_label.text()
    header = view.tree.header()             # the title gets the spare width, empty or not
    assert header.sectionSize(0) > max(header.sectionSize(1), header.sectionSize(2))
    shop.account.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    qtbot.waitUntil(lambda: view.model.rowCount() > 0 and not shop.locker.loading, timeout=10000)
    first = view.model.item(0)
    record = first.data(ItemRole.RECORD)
    assert first.text() == record.release.title and first.rowCount() == len(record.tracks) > 0
    assert view.status_label.text().endswith("release" if view.model.rowCount() == 1 else "releases")
    assert header.sectionSize(0) > max(header.sectionSize(1), header.sectionSize(2))
    assert header.sectionSize(2) >= header.sectionSizeHint(2)
    with qtbot.waitSignal(view.open_requested) as opened:
        view.tree.activated.emit(view.model.index(0, 0))
    assert opened.args == [f"release:{record.release.id}"]
    shop.account.sign_out()
    assert view.model.rowCount() == 0 and "Sign in" in view.status_label.text()
