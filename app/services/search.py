"""Search-as-you-type: debounce keystrokes, search every kind at once, keep only the newest query."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from app.services.catalogue import SEARCH_KINDS, Catalogue, PageOp
from app.services.tasks import CancelToken

# (kind, query) -> the gateway's PageOp for that search (Catalogue.search).
SearchOp = Callable[[str, str], PageOp]


class SearchController(QObject):
    """Turns keystrokes into one request per kind (artists, releases, tracks) per pause.

    A new query cancels the answers still outstanding for the previous one, so only the
    newest query's results are ever delivered. The query lives here and only here; the search
    view shows it, and pages on with `pages(kind, query)`, the same operation as the first page.
    """

    request_started = Signal(str)              # query: the debounce elapsed, requests are on their way
    results_ready = Signal(str, str, object)   # query, kind, first Page of that kind
    search_failed = Signal(str, str, object)   # query, kind, the exception (ui/errors.py words it)
    finished = Signal(str)                     # query: every kind has answered (or failed)
    busy_changed = Signal(bool)
    cleared = Signal()                         # the query became empty

    DEBOUNCE_MS = 250
    # The kind on screen goes first; the others follow when it answers (or after this long), so
    # they don't compete with it for the connection, the server and the GIL.
    STAGGER_MS = 60
    PAINT_MS = 20

    def __init__(self, catalogue: Catalogue, kinds: tuple[str, ...] = SEARCH_KINDS, page_size: int = 30,
                 search: SearchOp = Catalogue.search, parent: QObject | None = None):
        super().__init__(parent)
        self._catalogue, self._kinds, self.page_size = catalogue, tuple(kinds), page_size
        self._search = search
        self._tokens: dict[str, CancelToken] = {}
        self._query = ""
        self._timer = QTimer(self, singleShot=True, interval=self.DEBOUNCE_MS)
        self._timer.timeout.connect(self._start)
        self.priority = self._kinds[0]                   # the kind the user is looking at
        self._waiting: list[str] = []                    # kinds not yet submitted for this query
        self._starts = 0                                 # counts starts and cancels (re-entrancy)
        self._stagger = QTimer(self, singleShot=True, interval=self.STAGGER_MS)
        self._stagger.timeout.connect(self._submit_rest)

    @property
    def kinds(self) -> tuple[str, ...]:
        return self._kinds

    @property
    def query(self) -> str:
        return self._query

    @property
    def busy(self) -> bool:
        """First pages are in flight (or about to be sent) for the current query."""
        return bool(self._tokens) or bool(self._waiting)

    def pages(self, kind: str, query: str) -> PageOp:
        """The operation behind `kind`'s results for `query`, so a model pages on with it."""
        return self._search(kind, query)

    def set_query(self, text: str) -> None:
        """Connect to QLineEdit.textEdited: each keystroke restarts the debounce timer."""
        self._query = text.strip()
        self._cancel()
        if self._query:
            self._timer.start()
        else:
            self._timer.stop()
            self.cleared.emit()

    def search_now(self, text: str | None = None) -> None:
        """Enter, retry or history: search at once (even for an unchanged query)."""
        if text is not None:
            self._query = text.strip()
        self._timer.stop()
        self._cancel()
        if self._query:
            self._start()

    def cancel(self) -> None:
        self._timer.stop()
        self._cancel()

    # -- private ---------------------------------------------------------------------------
    def _cancel(self) -> None:
        self._starts += 1
        self._stagger.stop()
        was_busy = bool(self._tokens) or bool(self._waiting)
        self._waiting = []
        for token in self._tokens.values():
            self._catalogue.cancel(token)  # the previous answers are no longer wanted
        self._tokens.clear()
        if was_busy:
            self.busy_changed.emit(False)

    def _start(self) -> None:
        query = self._query
        self._starts += 1
        start = self._starts
        self.busy_changed.emit(True)
        self.request_started.emit(query)
        if start != self._starts:       # a handler searched again or cancelled meanwhile: that one stands
            return                      # (going on would send requests whose tokens it overwrote)
        first = self.priority if self.priority in self._kinds else self._kinds[0]
        self._waiting = [kind for kind in self._kinds if kind != first]
        self._submit(query, first)
        if self._waiting:
            self._stagger.start(self.STAGGER_MS)

    def _submit(self, query: str, kind: str) -> None:
        op, size = self.pages(kind, query), self.page_size
        self._tokens[kind] = self._catalogue.run(
            lambda client: op(client, 1, size),
            on_done=lambda page: self._finish(query, kind, page, None),
            on_error=lambda exc: self._finish(query, kind, None, exc))

    def _submit_rest(self) -> None:
        self._stagger.stop()
        waiting, self._waiting = self._waiting, []
        for kind in waiting:
            self._submit(self._query, kind)

    def _finish(self, query: str, kind: str, page, exc: Exception | None) -> None:
        self._tokens.pop(kind, None)
        if exc is None:
            self.results_ready.emit(query, kind, page)
        else:
            self.search_failed.emit(query, kind, exc)
        if self._waiting:                # the first answer is in: the others go once it is painted
            self._stagger.start(self.PAINT_MS)
        if not self._tokens and not self._waiting:
            self.busy_changed.emit(False)
            self.finished.emit(query)
