"""The Downloads dock: the download queue (app/downloads/manager.py) as a table, with its controls.

Title, artist, state (a typed failure in words, app/ui/download_messages.py), progress and speed
per track; an overall line; Pause/Resume, Cancel, Retry and Open folder. Delete cancels the
selected downloads. `message_requested` carries the status bar's notes (overall progress while
downloading, a finished release, a failure).
"""
from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView,
                               QVBoxLayout, QWidget)

from app.downloads.jobs import DownloadJob, JobState
from app.downloads.manager import DownloadManager

from .download_messages import (failure_text, idle_text, job_failed_text, overall_text, percent_text,
                                release_done_text, speed_text, state_text)

_SPEED_SMOOTHING = 0.3


class DownloadsModel(QAbstractTableModel):
    """The manager's jobs in queue order; one row per track."""

    TITLE, ARTIST, STATE, PROGRESS, SPEED = range(5)

    def __init__(self, manager: DownloadManager, parent=None):
        super().__init__(parent)
        self._manager = manager
        self._ids: list[str] = [job.job_id for job in manager.jobs()]
        self._speed: dict[str, float] = {}
        self._sample: dict[str, tuple[float, int]] = {}
        manager.job_added.connect(self._on_added)
        manager.job_removed.connect(self._on_removed)
        manager.job_changed.connect(self._on_changed)
        manager.job_progress.connect(self._on_progress)

    def reload(self) -> None:
        self.beginResetModel()
        self._ids = [job.job_id for job in self._manager.jobs()]
        self.endResetModel()

    def job_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def job(self, row: int) -> DownloadJob | None:
        job_id = self.job_id(row)
        return self._manager.job(job_id) if job_id else None

    def row_of(self, job_id: str) -> int:
        try:
            return self._ids.index(job_id)
        except ValueError:
            return -1

    def speed(self, job_id: str) -> float:
        return self._speed.get(job_id, 0.0)

    # -- Qt ------------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 5

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Title"), self.tr("Artist"), self.tr("State"), self.tr("Progress"),
                self.tr("Speed"))[section]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        job = self.job(index.row()) if index.isValid() else None
        if job is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == self.TITLE:
                return job.info.title
            if column == self.ARTIST:
                return job.info.artist or job.info.album_artist
            if column == self.STATE:
                return state_text(job)
            if column == self.PROGRESS:
                if job.state is JobState.DONE:
                    return percent_text(1, 1)
                return percent_text(job.bytes_done, job.bytes_total)
            if column == self.SPEED:
                return speed_text(self.speed(job.job_id)) if job.state is JobState.DOWNLOADING else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if job.state in (JobState.FAILED, JobState.PAUSED) and job.reason:
                return failure_text(job.reason)
            if column == self.TITLE:
                return job.info.album
        if role == Qt.ItemDataRole.UserRole:
            return job.job_id
        return None

    # -- the manager ---------------------------------------------------------------------------
    def _on_added(self, job_id: str) -> None:
        if job_id in self._ids:
            return
        row = len(self._ids)
        self.beginInsertRows(QModelIndex(), row, row)
        self._ids.append(job_id)
        self.endInsertRows()

    def _on_removed(self, job_id: str) -> None:
        row = self.row_of(job_id)
        self._speed.pop(job_id, None)
        self._sample.pop(job_id, None)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._ids[row]
        self.endRemoveRows()

    def _on_changed(self, job_id: str) -> None:
        row = self.row_of(job_id)
        if row < 0:
            if self._manager.job(job_id) is not None:
                self._on_added(job_id)
            return
        job = self._manager.job(job_id)
        if job is not None and job.state is not JobState.DOWNLOADING:
            self._speed.pop(job_id, None)
            self._sample.pop(job_id, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def _on_progress(self, job_id: str, done: int, _total) -> None:
        now = time.monotonic()
        last = self._sample.get(job_id)
        self._sample[job_id] = (now, done)
        if last is not None and now > last[0] and done >= last[1]:
            current = (done - last[1]) / (now - last[0])
            before = self._speed.get(job_id)
            self._speed[job_id] = current if before is None else \
                before + _SPEED_SMOOTHING * (current - before)
        row = self.row_of(job_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row, self.STATE), self.index(row, self.SPEED))


class DownloadsView(QWidget):
    """The table of downloads and its buttons (the Downloads dock's widget)."""

    message_requested = Signal(str, int)     # a note for the status bar, and how long to show it (ms)

    def __init__(self, manager: DownloadManager, music_dir: Path | str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("downloads_view")
        self._manager = manager
        self.music_dir = Path(music_dir)
        self._batch: set[str] = set()           # jobs of the downloads running now (the "of 12")
        self._status_text = ""
        self.model = DownloadsModel(manager, self)
        self._setup_ui()
        manager.job_changed.connect(self._on_job_changed)
        manager.job_added.connect(self._on_job_changed)
        manager.job_removed.connect(self._on_job_removed)
        manager.job_failed.connect(self._on_job_failed)
        manager.job_paused.connect(self._on_job_paused)
        manager.release_finished.connect(self._on_release_finished)
        manager.progress.connect(self._on_progress)
        self._update()

    def _setup_ui(self) -> None:
        self.overall = QLabel(self, wordWrap=True)
        self.overall.setObjectName("downloads_overall")
        self.table = QTableView(self)
        self.table.setObjectName("downloads_table")
        self.table.setAccessibleName(self.tr("Downloads"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        columns = self.table.horizontalHeader()
        columns.setStretchLastSection(False)
        columns.setSectionResizeMode(DownloadsModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (DownloadsModel.ARTIST, DownloadsModel.STATE, DownloadsModel.PROGRESS, DownloadsModel.SPEED):
            columns.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        def button(text: str, name: str, tip: str) -> QPushButton:
            widget = QPushButton(text, self)
            widget.setObjectName(name)
            widget.setAccessibleName(text)
            widget.setToolTip(tip)
            return widget

        self.pause_button = button(self.tr("Pause"), "downloads_pause", self.tr("Pause the selected downloads"))
        self.resume_button = button(self.tr("Resume"), "downloads_resume", self.tr("Resume the selected downloads"))
        self.cancel_button = button(self.tr("Cancel download"), "downloads_cancel",
                                    self.tr("Remove the selected downloads from the list (Delete)"))
        self.retry_button = button(self.tr("Retry"), "downloads_retry", self.tr("Try the failed downloads again"))
        self.folder_button = button(self.tr("Open folder"), "downloads_open_folder",
                                    self.tr("Open your music folder"))
        self.pause_button.clicked.connect(lambda: self._each_selected(self._manager.pause))
        self.resume_button.clicked.connect(lambda: self._each_selected(self._manager.resume))
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.retry_button.clicked.connect(self.retry_failed)
        self.folder_button.clicked.connect(self.open_folder)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table,
                           context=Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.cancel_selected)

        buttons = QHBoxLayout()
        for widget in (self.pause_button, self.resume_button, self.cancel_button, self.retry_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.folder_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.overall)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    # -- commands ------------------------------------------------------------------------------
    def selected_ids(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid() and self.table.selectionModel().hasSelection():
            rows = [self.table.currentIndex().row()]
        return [job_id for job_id in (self.model.job_id(row) for row in rows) if job_id]

    def _each_selected(self, command) -> None:
        for job_id in self.selected_ids():
            command(job_id)
        self._update_buttons()

    def cancel_selected(self) -> None:
        rows = [QPersistentModelIndex(self.model.index(self.model.row_of(job_id), 0))
                for job_id in self.selected_ids()]
        self._each_selected(self._manager.cancel)
        if rows and self.model.rowCount():        # keep the keyboard in the list
            row = min(max(0, rows[0].row() if rows[0].isValid() else self.model.rowCount() - 1),
                      self.model.rowCount() - 1)
            self.table.selectRow(row)

    def retry_failed(self) -> None:
        """The selected downloads that failed or paused on a problem; none selected: all of them."""
        chosen = self.selected_ids() or [job.job_id for job in self._manager.jobs()]
        for job_id in chosen:
            job = self._manager.job(job_id)
            if job is not None and job.state in (JobState.FAILED, JobState.PAUSED):
                self._manager.retry(job_id)
        self._update_buttons()

    def open_folder(self) -> None:
        self.music_dir.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.music_dir)))

    # -- the manager ---------------------------------------------------------------------------
    def _on_job_changed(self, job_id: str) -> None:
        job = self._manager.job(job_id)
        if job is not None and job.state in (JobState.QUEUED, JobState.DOWNLOADING):
            self._batch.add(job_id)
        self._update()

    def _on_job_removed(self, job_id: str) -> None:
        self._batch.discard(job_id)
        self._update()

    def _on_job_failed(self, job_id: str, exc) -> None:
        job = self._manager.job(job_id)
        if job is not None and job.reason != "url_expired":    # fresh links are fetched without asking
            self.message_requested.emit(job_failed_text(job.info.title, exc), 8000)

    def _on_job_paused(self, job_id: str, problem) -> None:
        job = self._manager.job(job_id)
        if job is not None and problem is not None:
            self.message_requested.emit(job_failed_text(job.info.title, problem), 10_000)

    def _on_release_finished(self, release_id: str) -> None:
        album = next((job.info.album for job in self._manager.jobs() if job.info.release_id == release_id), "")
        self.message_requested.emit(release_done_text(album or release_id), 8000)

    def _on_progress(self, _done, _total, speed: float) -> None:
        self._update(speed)

    def _update(self, speed: float = 0.0) -> None:
        jobs = {job.job_id: job for job in self._manager.jobs()}
        self._batch &= set(jobs)
        active = any(job.state in (JobState.QUEUED, JobState.DOWNLOADING) for job in jobs.values())
        if active:
            done = sum(1 for job_id in self._batch if jobs[job_id].state is JobState.DONE)
            text = overall_text(done, len(self._batch))
            done_bytes = sum(jobs[i].bytes_done for i in self._batch)
            total_bytes = sum(jobs[i].bytes_total or 0 for i in self._batch)
            extra = [t for t in (percent_text(done_bytes, total_bytes) if total_bytes else "", speed_text(speed)) if t]
            line = " · ".join([text, *extra])
            self.overall.setText(line)
            if text != self._status_text:      # not each percent: a finished release's note stays a while
                self._status_text = text
                self.message_requested.emit(text, 30_000)
        else:
            self._batch.clear()
            self._status_text = ""
            self.overall.setText(idle_text(len(jobs)))
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        selected = [self._manager.job(i) for i in self.selected_ids()]
        selected = [job for job in selected if job is not None]
        states = {job.state for job in selected}
        self.pause_button.setEnabled(bool(states & {JobState.QUEUED, JobState.DOWNLOADING}))
        self.resume_button.setEnabled(any(job.state is JobState.PAUSED for job in selected))
        self.cancel_button.setEnabled(bool(selected))
        pool = selected or list(self._manager.jobs())
        self.retry_button.setEnabled(any(job.state in (JobState.FAILED, JobState.PAUSED) and job.reason != "user"
                                         for job in pool) or any(job.state is JobState.FAILED for job in selected))
