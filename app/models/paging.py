"""fetchMore bookkeeping shared by the list and table models: which page next, one at a time."""
from __future__ import annotations


from PySide6.QtCore import QObject, Signal

from app.services.catalogue import Catalogue, PageOp
from app.services.tasks import CancelToken



class Pager(QObject):
    """Loads pages of a store list on demand; a model inserts what `page_loaded` delivers.

    Only one page is in flight at a time. After a failure nothing more is fetched until
    `retry()`, so a broken list does not hammer the server while the user scrolls.
    """

    page_loaded = Signal(object)      # Page: append its items
    failed = Signal(object)           # the exception; ui/errors.py turns it into a sentence
    loading_changed = Signal(bool)

    def __init__(self, catalogue: Catalogue, parent: QObject | None = None):
        super().__init__(parent)
        self._catalogue = catalogue
        self._fetch: PageOp | None = None
        self._token: CancelToken | None = None
        self._next_page, self.page_size = 1, 30
        self.total: int | None = None
        self.error: Exception | None = None
        self.exhausted = False         # an empty page arrived: the list ends here

    @property
    def loading(self) -> bool:
        return self._token is not None

    def reset(self, fetch: PageOp | None, page_size: int = 30, first_page=None) -> None:
        """Forget the old list; page on with `fetch`, after `first_page` if already fetched."""
        self.cancel()
        self._fetch, self.page_size, self.error, self.exhausted = fetch, page_size, None, False
        if first_page is None:
            self._next_page, self.total = 1, None
        else:
            self._next_page = first_page.page + 1
            self.total = first_page.total_items
            self.page_size = first_page.page_size or page_size

    def cancel(self) -> None:
        if self._token is not None:
            self._catalogue.cancel(self._token)
            self._token = None
            self.loading_changed.emit(False)

    def can_fetch_more(self, have: int) -> bool:
        if self._fetch is None or self._token is not None or self.error is not None or self.exhausted:
            return False
        return self.total is None or have < self.total

    def fetch_more(self, have: int) -> None:
        if not self.can_fetch_more(have):
            return
        fetch, page, size = self._fetch, self._next_page, self.page_size
        self._token = self._catalogue.run(lambda client: fetch(client, page, size),
                                          on_done=self._on_done, on_error=self._on_error)
        self.loading_changed.emit(True)

    def retry(self, have: int) -> None:
        self.error = None
        self.fetch_more(have)

    def _on_done(self, page) -> None:
        self._token = None
        self.total = page.total_items
        self._next_page = page.page + 1
        self.exhausted = not page.items     # an empty page ends the list, whatever total says
        self.loading_changed.emit(False)
        self.page_loaded.emit(page)

    def _on_error(self, exc: Exception) -> None:
        self._token = None
        self.error = exc
        self.loading_changed.emit(False)
        self.failed.emit(exc)
