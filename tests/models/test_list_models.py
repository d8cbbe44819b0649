"""The list models: Qt's model contract, lazy covers that update only their rows, paging on demand."""
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from app.services.catalogue import Catalogue
from app.models.releases import ReleaseListModel
from app.models.roles import ItemRole
from app.models.tracks import SEARCH_COLUMNS, TrackTableModel
from app.services.covers import CoverLoader
from app.ui.delegates import CardView


def test_release_and_track_models_keep_the_qt_contract(qtmodeltester, catalogue, cover_runner, client):
    releases = ReleaseListModel(CoverLoader(cover_runner, client.fetch_bytes), catalogue)
    releases.show_page(client.search_releases("love", 1, 10))
    qtmodeltester.check(releases, force_py=True)
    tracks = TrackTableModel(catalogue, SEARCH_COLUMNS)
    tracks.show_page(client.search_tracks("love", 1, 10))
    qtmodeltester.check(tracks, force_py=True)
    assert tracks.index(0, 1).data().startswith(tracks.track(0).title)


def test_covers_are_requested_for_visible_rows_and_update_only_their_rows(qtbot, catalogue, cover_runner, client):
    covers = CoverLoader(cover_runner, client.fetch_bytes)
    model = ReleaseListModel(covers, catalogue, edge=160)
    first = client.search_releases("the", 1, 50)
    model.show_page(first)
    changed = []
    model.dataChanged.connect(lambda top, bottom, roles: changed.append((top.row(), bottom.row(), list(roles))))
    grid = CardView(edge=160)
    grid.setModel(model)
    grid.resize(800, 420)
    qtbot.addWidget(grid)
    grid.show()
    qtbot.waitExposed(grid)
    qtbot.waitUntil(lambda: covers.requests > 0 and covers.pending == 0, timeout=10_000)
    visible = [row for row in range(model.rowCount())
               if grid.visualRect(model.index(row)).intersects(grid.viewport().rect())]
    assert 0 < covers.requests <= len(visible) < 50          # not one per row of the page
    assert changed, "no cover arrived"
    for top, bottom, roles in changed:
        assert top == bottom and roles == [Qt.ItemDataRole.DecorationRole]
    assert {top for top, _, _ in changed} <= set(visible)
    assert all(model.cover_ready(row) for row in visible)


def test_scrolling_to_the_end_fetches_the_next_page(qtbot, catalogue, cover_runner, client):
    model = ReleaseListModel(CoverLoader(cover_runner, client.fetch_bytes), catalogue)
    # qtmodeltester calls fetchMore() itself (STYLE §4.2): use the tester without it.
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    tester.setUseFetchMore(False)
    view = CardView(edge=100)
    view.setModel(model)
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    model.load(Catalogue.search("releases", "love"), page_size=20)
    total = client.search_releases("love", 1, 1).total_items
    bar = view.verticalScrollBar()
    expected = 20
    while True:
        qtbot.waitUntil(lambda: model.rowCount() == expected, timeout=10_000)
        if expected == total:
            break
        qtbot.waitUntil(lambda: bar.maximum() > 0)
        bar.setValue(bar.maximum())
        expected = min(expected + 20, total)
    assert not model.canFetchMore(QModelIndex())
    assert len({r.id for r in model.records()}) == total


def test_a_failed_page_stops_paging_until_retry(qtbot, catalogue, cover_runner, client, sandbox):
    model = ReleaseListModel(CoverLoader(cover_runner, client.fetch_bytes), catalogue)
    model.show_page(client.search_releases("love", 1, 20), Catalogue.search("releases", "love"))
    sandbox.faults.error(9001, path="release/search")
    with qtbot.waitSignal(model.page_failed, timeout=10_000) as blocker:
        model.fetchMore(QModelIndex())
    assert "9001" in str(blocker.args[0])
    assert not model.canFetchMore(QModelIndex())          # no hammering while the user scrolls
    sandbox.faults.clear()
    model.retry()
    qtbot.waitUntil(lambda: model.rowCount() == 40, timeout=10_000)


def test_playing_track_is_marked_and_records_are_reachable(catalogue, client):
    model = TrackTableModel(catalogue, SEARCH_COLUMNS)
    model.show_page(client.search_tracks("love", 1, 5))
    track = model.track(2)
    model.set_playing_track(track.id)
    assert [model.index(r, 0).data(ItemRole.PLAYING) for r in range(5)] == [False, False, True, False, False]
    assert model.index(2, 1).data(ItemRole.RECORD) is track
    assert model.index(2, SEARCH_COLUMNS.index(SEARCH_COLUMNS[2])).data(ItemRole.LOCATION) == f"artist:{track.artist.id}"


def test_tracks_not_for_sale_offer_no_add_button(catalogue, client):
    from app.models.tracks import Column

    model = TrackTableModel(catalogue, SEARCH_COLUMNS)
    model.set_icons({"play": "P", "playing": "N", "add": "A"})
    model.show_page(client.search_tracks("the", 1, 50))
    add = model.column_of(Column.ADD)
    price = model.column_of(Column.PRICE)
    rows = range(model.rowCount())
    unsold = [r for r in rows if model.track(r).price is not None and model.track(r).price.value is None]
    sold = [r for r in rows if r not in unsold]
    assert unsold and sold, "the small catalogue has both kinds among the first 50 'the' tracks"
    assert all(model.index(r, add).data(Qt.ItemDataRole.DecorationRole) is None for r in unsold)
    assert all(model.index(r, price).data() == "Not for sale" for r in unsold)
    assert all(model.index(r, add).data(Qt.ItemDataRole.DecorationRole) == "A" for r in sold)


def test_card_detail_names_the_type_and_keeps_not_for_sale_whole(qapp):
    """A card's short line: year · type · price, but "Not for sale" wins over the type (a card is
    too narrow for both in German); the release page's longer line keeps the type."""
    from decimal import Decimal

    from app.api.models import Price, Release
    from app.models.releases import release_detail, release_type_text

    def release(kind, value):
        price = Price("GBP", "£", value, f"£{value}" if value is not None else None)
        return Release(id=1, title="T", version=None, type=kind, barcode=None, year=1976, explicit=False,
                       artist=None, url=None, image=None, release_date=None, price=price)

    assert release_detail(release("album", Decimal("7.99")), compact=True) == "1976 · Album · £7.99"
    assert release_detail(release("Single", None), compact=True) == "1976 · Not for sale"
    assert release_detail(release("Single", None)) == "1976 · Single · Not for sale"
    assert release_type_text("Compilation") == "Compilation"     # a type we don't know: the store's word
    assert release_type_text(None) == "Release"
