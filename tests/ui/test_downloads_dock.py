"""Purchases download into the music folder: the Downloads dock, the Download actions, and the
automatic download after a checkout (app/ui/downloads_view.py, app/ui/shopping.py)."""
from __future__ import annotations

from pathlib import Path

from mutagen.mp3 import MP3
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from app.composition import Paths, music_dir
from app.downloads.jobs import JobState
from app.services.ownership import Mark
from app.settings.store import SettingsStore
from tests.account.conftest import opened_urls  # noqa: F401
from tests.sandbox.helpers import post_checkout
from tests.ui.conftest import open_release, save_shot, sign_in_demo

SEEDED = 300_010          # the demo user's locker holds this album from day one
BOUGHT = 300_007          # "Modern Love", 3 tracks, not owned yet


def _release_jobs(manager, release_id):
    return [job for job in manager.jobs() if job.info.release_id == str(release_id)]


def test_a_purchase_downloads_into_the_music_folder_and_the_dock_shows_it(qtbot, parts, opened_urls, tmp_path):
    shopping, window = parts.shopping, parts.window
    manager, view, dock = shopping.downloads, shopping.downloads_view, shopping.downloads_dock
    music = tmp_path / "Music"
    assert shopping.downloader.music_dir == music
    assert dock.objectName() == "downloads_dock" and dock.toggleViewAction() in window.menu("View").actions()
    sign_in_demo(qtbot, parts)
    assert manager.jobs() == ()                     # signing in downloads nothing by itself

    view_page = open_release(qtbot, window, BOUGHT)
    qtbot.mouseClick(view_page.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shopping.basket.is_synced and shopping.basket.count == 1, timeout=10000)
    with qtbot.waitSignal(shopping.checkout.checkout_opened, timeout=10000) as opened:
        shopping.checkout.start(shopping.basket.basket_id)
    assert "Purchase complete" in post_checkout(opened.args[0]).text

    with qtbot.waitSignal(manager.release_finished, timeout=110_000,
                          check_params_cb=lambda release_id: release_id == str(BOUGHT)):
        pass
    jobs = _release_jobs(manager, BOUGHT)
    assert len(jobs) == 3 and all(job.state is JobState.DONE for job in jobs)
    assert not _release_jobs(manager, SEEDED)        # only what was just bought
    entry = next(e for e in shopping.locker.releases if e.release.id == BOUGHT)
    titles = {str(owned.track.id): owned.track.title for owned in entry.tracks}
    for job in jobs:
        path = Path(job.target)
        assert path.is_file() and path.is_relative_to(music)
        tags = MP3(path).tags
        assert tags["TIT2"].text == [titles[job.info.track_id]]
        assert tags["TALB"].text == [entry.release.title]
        assert tags["TXXX:7digital release id"].text == [str(BOUGHT)]

    # The dock lists the three tracks, done, and the status bar says where the release went.
    assert dock.isVisible()
    model = view.model
    assert model.rowCount() == 3
    for row in range(3):
        assert model.index(row, model.STATE).data() == "Done"
        assert model.index(row, model.PROGRESS).data() == "100 %"
        assert model.index(row, model.TITLE).data() in titles.values()
    assert window.statusBar().currentMessage() == f"“{entry.release.title}” is in your music folder."
    assert view.overall.text() == "Downloads in the list: 3"
    save_shot(window, tmp_path, "downloads-dock")
    for button in (view.pause_button, view.resume_button, view.cancel_button, view.retry_button,
                   view.folder_button):
        assert button.accessibleName()


def test_download_on_an_owned_release_page_queues_its_tracks_and_delete_cancels(qtbot, parts):
    shopping, window = parts.shopping, parts.window
    manager, view = shopping.downloads, shopping.downloads_view
    sign_in_demo(qtbot, parts)
    page = open_release(qtbot, window, SEEDED)
    qtbot.waitUntil(lambda: page.mark is Mark.OWNED, timeout=10000)
    assert page.add_button.text() == "In your library"
    assert page.download_button.isVisible() and page.download_button.accessibleName() == "Download"
    # Queued only: a stopped manager starts no worker (the first test downloads for real).
    manager.close()

    with qtbot.waitSignal(manager.job_added, timeout=5000):
        qtbot.mouseClick(page.download_button, Qt.MouseButton.LeftButton)
    entry = next(e for e in shopping.locker.releases if e.release.id == SEEDED)
    jobs = _release_jobs(manager, SEEDED)
    assert len(jobs) == len(entry.tracks) and view.model.rowCount() == len(jobs)
    assert shopping.downloads_dock.isVisible()

    # Delete in the list cancels the selected downloads (all of them here).
    view.table.setFocus()
    view.table.selectAll()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: not manager.jobs() and view.model.rowCount() == 0, timeout=5000)
    assert not list((parts.paths.music or Path()).rglob("*.part"))


def test_my_music_download_button_queues_the_selected_release(qtbot, parts):
    shopping = parts.shopping
    manager = shopping.downloads
    sign_in_demo(qtbot, parts)
    locker_view = shopping.locker_dock.widget()
    qtbot.waitUntil(lambda: locker_view.model.rowCount() > 0, timeout=5000)
    locker_view.tree.setCurrentIndex(locker_view.model.index(0, 0))
    assert locker_view.download_button.isEnabled() and locker_view.download_all_button.isEnabled()
    release_id = locker_view.selected_release_id()
    # Queued only: a stopped manager starts no worker (the first test downloads for real).
    manager.close()
    with qtbot.waitSignal(manager.job_added, timeout=5000):
        qtbot.mouseClick(locker_view.download_button, Qt.MouseButton.LeftButton)
    assert _release_jobs(manager, release_id)
    assert all(job.state is JobState.QUEUED for job in manager.jobs())


class _FolderCatcher(QObject):
    def __init__(self):
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def handle(self, url: QUrl) -> None:
        self.urls.append(url)


def test_open_folder_hands_the_music_folder_to_the_desktop(qtbot, parts, tmp_path):
    view = parts.shopping.downloads_view
    catcher = _FolderCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "handle")
    try:
        qtbot.mouseClick(view.folder_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(catcher.urls), timeout=3000)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    url = catcher.urls[0]
    assert url.isLocalFile() and Path(url.toLocalFile()) == tmp_path / "Music"
    assert (tmp_path / "Music").is_dir()


def test_the_music_folder_setting_wins_over_the_default(tmp_path):
    settings = SettingsStore(tmp_path / "settings.json")
    paths = Paths.under(tmp_path)
    assert music_dir(settings, paths) == tmp_path / "Music"
    settings.music_dir = str(tmp_path / "Elsewhere")
    assert music_dir(SettingsStore(tmp_path / "settings.json"), paths) == tmp_path / "Elsewhere"
    assert Paths.for_user().music is None and Paths.under(tmp_path).downloads == tmp_path / "downloads.json"
