"""The music folder and automatic downloads in Settings, and the Downloads dock from the keyboard
(its progress bars included)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog

from app.downloads.jobs import JobState, jobs_from_locker
from app.ui.settings_dialog import SettingsDialog
from tests.account.conftest import opened_urls  # noqa: F401
from tests.sandbox.helpers import post_checkout
from tests.ui.conftest import open_release, save_shot, sign_in_demo

SEEDED = 300_010
BOUGHT = 300_007


def _dialog(parts) -> SettingsDialog:
    settings = parts.settings
    return SettingsDialog(settings.api_url, settings.consumer_key, False, parts.store.country, parts.window,
                          language=settings.language, music_dir=settings.music_dir,
                          default_music_dir=str(parts.paths.music),
                          auto_download=bool(settings.get("auto_download", True)))


def test_the_music_folder_is_checked_before_the_dialog_closes(qtbot, parts, tmp_path):
    dialog = _dialog(parts)
    qtbot.addWidget(dialog)
    assert dialog.music_dir.placeholderText() == str(tmp_path / "Music")
    assert dialog.auto_download.isChecked() and dialog.auto_download.text() == "Download purchases automatically"
    assert dialog.music_dir.accessibleName() == "Music folder" and dialog.choose_music_dir.accessibleName()
    dialog.show()

    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    dialog.music_dir.setText(str(a_file / "Music"))
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.music_dir_problem.isVisible()
    assert dialog.music_dir_problem.text() == f"“{a_file}” is a file, not a folder."
    dialog.music_dir.setText("Music")
    dialog.accept()
    assert dialog.isVisible() and "must be a full path" in dialog.music_dir_problem.text()
    save_shot(dialog, tmp_path, "settings-music-folder")

    dialog.music_dir.setText(str(tmp_path / "New" / "Music"))     # made when the first file arrives
    assert not dialog.music_dir_problem.isVisible()
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.values()["music_dir"] == str(tmp_path / "New" / "Music")
    assert not (tmp_path / "New").exists()


def test_a_new_music_folder_is_used_for_new_downloads_and_saved(qtbot, parts, tmp_path):
    shopping = parts.shopping
    sign_in_demo(qtbot, parts)
    dialog = _dialog(parts)
    qtbot.addWidget(dialog)
    elsewhere = tmp_path / "Elsewhere"
    dialog.music_dir.setText(str(elsewhere))
    parts.apply_settings(dialog.values())
    assert parts.settings.music_dir == str(elsewhere)
    assert shopping.downloader.music_dir == elsewhere and shopping.downloads_view.music_dir == elsewhere
    shopping.downloads.close()          # queued only
    with qtbot.waitSignal(shopping.downloads.job_added, timeout=5000):
        shopping.downloader.download([SEEDED])
    assert all(Path(job.target).is_relative_to(elsewhere) for job in shopping.downloads.jobs())


def test_with_automatic_downloads_off_a_purchase_downloads_nothing(qtbot, parts, opened_urls):
    shopping, window = parts.shopping, parts.window
    dialog = _dialog(parts)
    qtbot.addWidget(dialog)
    dialog.auto_download.setChecked(False)
    parts.apply_settings(dialog.values())
    assert parts.settings.get("auto_download") is False and shopping.downloader.auto is False
    sign_in_demo(qtbot, parts)
    page = open_release(qtbot, window, BOUGHT)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shopping.basket.is_synced and shopping.basket.count == 1, timeout=10000)
    with qtbot.waitSignal(shopping.checkout.checkout_opened, timeout=10000) as opened:
        shopping.checkout.start(shopping.basket.basket_id)
    assert "Purchase complete" in post_checkout(opened.args[0]).text
    qtbot.waitUntil(lambda: any(e.release.id == BOUGHT for e in shopping.locker.releases)
                    and not shopping.locker.loading, timeout=20000)
    assert shopping.downloads.jobs() == ()


def test_ctrl_shift_d_shows_and_focuses_the_downloads_with_progress_bars(qtbot, parts, tmp_path):
    shopping, window = parts.shopping, parts.window
    dock, view, manager = shopping.downloads_dock, shopping.downloads_view, shopping.downloads
    action = window.findChild(type(window.quit_action), "show_downloads_action")
    assert action is not None and action in window.menu("View").actions()
    assert action.shortcut() == QKeySequence("Ctrl+Shift+D")
    # No other action of the window has that shortcut.
    others = [a for a in window.findChildren(type(action)) if a is not action
              and QKeySequence("Ctrl+Shift+D") in a.shortcuts()]
    assert others == []
    assert dock.isHidden()
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: dock.isVisible() and view.table.hasFocus(), timeout=3000)

    sign_in_demo(qtbot, parts)
    manager.close()                     # queued only: the progress shown is the .part's
    entry = next(e for e in shopping.locker.releases if e.release.id == SEEDED)
    jobs = jobs_from_locker(entry, shopping.downloader.music_dir)[:2]
    jobs[0].part_path.parent.mkdir(parents=True, exist_ok=True)
    manager.add(jobs)
    job_id = jobs[0].job_id
    manager._jobs[job_id] = manager.job(job_id).with_state(JobState.PAUSED, "user", bytes_done=420,
                                                           bytes_total=1000)
    manager.job_changed.emit(job_id)
    model = view.model
    index = model.index(model.row_of(job_id), model.PROGRESS)
    assert index.data() == "42 %" and index.data(Qt.ItemDataRole.AccessibleTextRole) == "42 %"
    assert view.table.itemDelegateForColumn(model.PROGRESS) is view.progress_delegate
    image = view.table.viewport().grab().toImage()
    rect = view.table.visualRect(index)
    # A bar: the left part of the cell (filled) doesn't look like its right part (empty).
    left, right = image.pixelColor(rect.left() + 6, rect.center().y()), \
        image.pixelColor(rect.right() - 6, rect.center().y())
    assert left != right
    save_shot(dock, tmp_path, "downloads-progress-bars")


def test_in_a_narrow_side_area_the_downloads_buttons_wrap_instead_of_widening_it(qtbot, parts, tmp_path):
    window, view = parts.window, parts.shopping.downloads_view
    dock = parts.shopping.downloads_dock
    window.resize(800, 600)
    dock.show()
    dock.raise_()
    qtbot.waitUntil(view.isVisible)
    buttons = (view.pause_button, view.resume_button, view.cancel_button, view.retry_button, view.folder_button)
    one_row = sum(b.sizeHint().width() for b in buttons)
    assert view.minimumSizeHint().width() < one_row / 2     # one button wide, not five
    window.resizeDocks([dock], [240], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: dock.width() <= 300)
    rows = {b.geometry().top() for b in buttons}
    assert len(rows) > 1 and all(b.isVisible() and b.geometry().right() <= view.width() for b in buttons)
    # Title, state and progress stay in view; artist and speed make room.
    model, header = view.model, view.table.horizontalHeader()
    assert view.table.isColumnHidden(model.ARTIST) and view.table.isColumnHidden(model.SPEED)
    assert header.sectionViewportPosition(model.PROGRESS) + header.sectionSize(model.PROGRESS) <= \
        view.table.viewport().width()
    save_shot(window, tmp_path, "downloads_narrow")
