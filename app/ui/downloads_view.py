"""The Downloads dock: the download queue (app/downloads/manager.py) as a table, with its controls.

Title, artist, state (a typed failure in words, app/ui/download_messages.py), progress and speed
per track; an overall line; Pause/Resume, Cancel, Retry and Open folder. Delete cancels the
selected downloads. `message_requested` carries the status bar's notes (overall progress while
downloading, a finished release, a failure).
"""
from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QPersistentModelIndex, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QGridLayout, QLayout, QHeaderView, QLabel, QPushButton,
                               QStyle, QStyledItemDelegate, QStyleOptionProgressBar, QTableView, QVBoxLayout,
                               QWidget)

from app.downloads.jobs import DownloadJob, JobState
from app.downloads.manager import DownloadManager

from .download_messages import (failure_text, idle_text, job_failed_text, overall_text, percent_text,
                                release_done_text, speed_text, state_text)

_SPEED_SMOOTHING = 0.3
_REPAINT_MS = 250       # progress reaches the table and the overall line at most 4 times a second
PERCENT_ROLE = Qt.ItemDataRole.UserRole + 1     # the progress column: 0..100, or -1 when the size is unknown


class DownloadsModel(QStandardItemModel):
    """The manager's jobs in queue order; one row per track.

    The cells are kept in Qt's own item model, filled from the jobs when they change: painting
    the table then calls no Python, which matters while downloads run, since every call from the
    GUI thread into Python waits for the GIL the workers share (bench/download_stall.py). A job's
    state is shown at once; progress and speed at most 4 times a second."""

    TITLE, ARTIST, STATE, PROGRESS, SPEED = range(5)

    def __init__(self, manager: DownloadManager, parent=None):
        super().__init__(0, 5, parent)
        self._manager = manager
        self._ids: list[str] = []
        self._speed: dict[str, float] = {}
        self._sample: dict[str, tuple[float, int]] = {}
        self._moved: set[str] = set()           # rows whose progress moved since the last repaint
        self._repaint = QTimer(self, singleShot=True, interval=_REPAINT_MS)
        self._repaint.timeout.connect(self._flush_progress)
        self.setHorizontalHeaderLabels([self.tr("Title"), self.tr("Artist"), self.tr("State"), self.tr("Progress"),
                                        self.tr("Speed")])
        self.reload()
        manager.job_added.connect(self._on_added)
        manager.job_removed.connect(self._on_removed)
        manager.job_changed.connect(self._on_changed)
        manager.job_progress.connect(self._on_progress)

    def reload(self) -> None:
        self.removeRows(0, self.rowCount())
        self._ids = []
        for job in self._manager.jobs():
            self._on_added(job.job_id)

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

    # -- the cells -----------------------------------------------------------------------------
    def _fill(self, row: int, job: DownloadJob, columns=range(5)) -> None:
        problem = failure_text(job.reason) if job.state in (JobState.FAILED, JobState.PAUSED) and job.reason else None
        for column in columns:
            item = self.item(row, column)
            if column == self.TITLE:
                text, tip = job.info.title, problem or job.info.album
            elif column == self.ARTIST:
                text, tip = job.info.artist or job.info.album_artist, problem
            elif column == self.STATE:
                text, tip = state_text(job), problem
            elif column == self.PROGRESS:
                text, tip = percent_text(1, 1) if job.state is JobState.DONE else \
                    percent_text(job.bytes_done, job.bytes_total), problem
                percent = 100 if job.state is JobState.DONE else \
                    min(100, job.bytes_done * 100 // job.bytes_total) if job.bytes_total else -1
                if item.data(PERCENT_ROLE) != percent:
                    item.setData(percent, PERCENT_ROLE)
            else:
                text = speed_text(self.speed(job.job_id)) if job.state is JobState.DOWNLOADING else ""
                tip = problem
            if item.text() != text:
                item.setText(text)
                item.setData(text, Qt.ItemDataRole.AccessibleTextRole)
            if item.toolTip() != (tip or ""):
                item.setToolTip(tip or "")

    # -- the manager ---------------------------------------------------------------------------
    def _on_added(self, job_id: str) -> None:
        job = self._manager.job(job_id)
        if job_id in self._ids or job is None:
            return
        items = []
        for _column in range(5):
            item = QStandardItem()
            item.setEditable(False)
            item.setData(job_id, Qt.ItemDataRole.UserRole)
            items.append(item)
        self._ids.append(job_id)
        self.appendRow(items)
        self._fill(len(self._ids) - 1, job)

    def _on_removed(self, job_id: str) -> None:
        row = self.row_of(job_id)
        self._speed.pop(job_id, None)
        self._sample.pop(job_id, None)
        self._moved.discard(job_id)
        if row < 0:
            return
        del self._ids[row]
        self.removeRow(row)

    def _on_changed(self, job_id: str) -> None:
        row = self.row_of(job_id)
        if row < 0:
            if self._manager.job(job_id) is not None:
                self._on_added(job_id)
            return
        job = self._manager.job(job_id)
        if job is None:
            return
        if job.state is not JobState.DOWNLOADING:
            self._speed.pop(job_id, None)
            self._sample.pop(job_id, None)
        self._fill(row, job)

    def _on_progress(self, job_id: str, done: int, _total) -> None:
        now = time.monotonic()
        last = self._sample.get(job_id)
        self._sample[job_id] = (now, done)
        if last is not None and now > last[0] and done >= last[1]:
            current = (done - last[1]) / (now - last[0])
            before = self._speed.get(job_id)
            self._speed[job_id] = current if before is None else \
                before + _SPEED_SMOOTHING * (current - before)
        self._moved.add(job_id)
        if not self._repaint.isActive():
            self._repaint.start()

    def _flush_progress(self) -> None:
        moved, self._moved = self._moved, set()
        for job_id in moved:
            row, job = self.row_of(job_id), self._manager.job(job_id)
            if row >= 0 and job is not None:
                self._fill(row, job, (self.PROGRESS, self.SPEED))


class ProgressDelegate(QStyledItemDelegate):
    """Draws the progress column as a progress bar (its text and accessible text stay the percent)."""

    def paint(self, painter, option, index) -> None:
        percent = index.data(PERCENT_ROLE)
        if percent is None or percent < 0:
            super().paint(painter, option, index)
            return
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(2, 3, -2, -3)
        bar.state = option.state | QStyle.StateFlag.State_Horizontal
        bar.palette = option.palette
        bar.fontMetrics = option.fontMetrics
        bar.minimum, bar.maximum, bar.progress = 0, 100, int(percent)
        bar.text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        bar.textVisible = True
        bar.textAlignment = Qt.AlignmentFlag.AlignCenter
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, option.widget)

    def sizeHint(self, option, index):
        hint = super().sizeHint(option, index)
        hint.setWidth(max(hint.width(), option.fontMetrics.horizontalAdvance("100 %") * 3))
        return hint


NARROW_WIDTH = 440        # px: below it the table shows title, state and progress only


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
        self._speed_now = 0.0
        self._overall_timer = QTimer(self, singleShot=True, interval=_REPAINT_MS)
        self._overall_timer.timeout.connect(lambda: self._update(self._speed_now))
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
        self.table.setTabKeyNavigation(False)   # Tab leaves the table; arrows move inside
        self.table.setAccessibleName(self.tr("Downloads"))
        self.table.setModel(self.model)
        self.progress_delegate = ProgressDelegate(self.table)
        self.table.setItemDelegateForColumn(DownloadsModel.PROGRESS, self.progress_delegate)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        columns = self.table.horizontalHeader()
        columns.setStretchLastSection(False)
        columns.setSectionResizeMode(DownloadsModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (DownloadsModel.ARTIST, DownloadsModel.STATE):
            columns.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # Fixed: a column sized to its contents measures every row at each progress update.
        wide = self.fontMetrics().horizontalAdvance("100 %") * 3 + 8
        for column, width in ((DownloadsModel.PROGRESS, wide),
                              (DownloadsModel.SPEED, self.fontMetrics().horizontalAdvance("999.9 MB/s") + 16)):
            columns.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            columns.resizeSection(column, width)
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

        # The buttons wrap onto more rows in a narrow dock: in one row they'd hold the side area
        # at ~480 px, wider than a side dock may take on a small screen.
        self._buttons = QGridLayout()
        self._button_columns = 0
        layout = QVBoxLayout(self)
        # The minimum width is minimumSizeHint's (one button), not the current rows of buttons'.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(self.overall)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._buttons)
        self._arrange_buttons()

    def _button_widgets(self) -> tuple[QPushButton, ...]:
        return (self.pause_button, self.resume_button, self.cancel_button, self.retry_button, self.folder_button)

    def _widest_button(self) -> int:
        return max(widget.sizeHint().width() for widget in self._button_widgets())

    def _arrange_buttons(self) -> None:
        widgets = self._button_widgets()
        widest = self._widest_button() + max(0, self._buttons.horizontalSpacing())
        columns = max(1, min(len(widgets), (self.width() - 16) // max(1, widest)))
        if columns == self._button_columns:
            return
        self._button_columns = columns
        for widget in widgets:
            self._buttons.removeWidget(widget)
        for position, widget in enumerate(widgets):
            self._buttons.addWidget(widget, position // columns, position % columns)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self._widest_button() + 24), hint.height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange_buttons()
        # A narrow dock keeps title, state and progress in view: artist and speed go first.
        narrow = self.width() < NARROW_WIDTH
        for column in (DownloadsModel.ARTIST, DownloadsModel.SPEED):
            self.table.setColumnHidden(column, narrow)

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
        # While downloads run, the overall line follows with the progress timer (a job ending and the
        # next starting are two changes in a row); the last one to end shows at once.
        if any(j.state in (JobState.QUEUED, JobState.DOWNLOADING) for j in self._manager.jobs()):
            if not self._overall_timer.isActive():
                self._overall_timer.start()
        else:
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
        self._speed_now = speed
        if not self._overall_timer.isActive():
            self._overall_timer.start()

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
