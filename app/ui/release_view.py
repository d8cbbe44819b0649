"""One release: large cover, facts, price, whole-release add and preview-all, tracklist, more like it."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.models.releases import ReleaseListModel, mark_text, price_text, release_type_text, with_version
from app.models.roles import ItemRole
from app.models.tracks import TRACKLIST_COLUMNS, TrackTableModel, duration_text
from app.services.covers import CoverLoader
from app.services.catalogue import RELEASE_TRACKS_PAGE
from app.services.ownership import Mark, Preview, preview_of
from app.services.tasks import ignore_errors
from app.ui import icons
from app.ui.chips import ChipRow
from app.ui.cover_label import CoverLabel
from app.ui.delegates import CardView
from app.ui.page_turns import BuiltInTurns
from app.ui.theme import apply_role
from app.ui.track_table import TrackTable
from app.ui.view_base import BrowseView, ViewServices, fill_with_scrolling, make_label

if TYPE_CHECKING:   # app.api is heavy to import; keep it off the start-up path
    from app.api import Release

COVER_EDGE = 240
# Narrower than this, the facts and buttons go under the cover rather than squeezed beside it.
STACK_BELOW = COVER_EDGE + 420


class ReleaseView(BuiltInTurns, BrowseView):
    """Loads release/details and release/tracks together; tags and recommendations after.

    The add button follows the release's mark (app/services/ownership.py): "In your library" once
    owned, "In basket" while it is in the basket. `owned_changed` is the hook for what an owned
    release offers instead (a download action)."""

    track_page_size = RELEASE_TRACKS_PAGE   # release/tracks is paged through to the end (box sets)
    owned_changed = Signal(bool)        # the release shown became owned (True) or not (False)
    download_requested = Signal(str)    # release id: download its purchased tracks (shown once owned)

    def __init__(self, release_id: str, services: ViewServices, parent: QWidget | None = None):
        super().__init__(f"release:{release_id}", services, parent)
        self.setObjectName("release_view")
        self.release_id = release_id
        self.release: Release | None = None
        self.tracks = TrackTableModel(self.catalogue, TRACKLIST_COLUMNS, parent=self)
        self.tracks.auto_fetch = False               # release/tracks answers with all of them
        self._register_tracks(self.tracks)
        self.recommended = ReleaseListModel(services.covers, self.catalogue, edge=130, parent=self)
        self._register_list(self.recommended, ignore_errors("“You might also like” is extra; the release works without it"))
        self._mark = Mark.FOR_SALE
        self._setup_ui(services.covers)
        # Here, not with the strip it shows: a fast answer may come before the strip's turn.
        self.recommended.total_changed.connect(self._on_recommended_total_changed)
        if self.availability is not None:
            self.availability.changed.connect(self._update_mark)
        self.reload()

    def load(self) -> None:
        self.show_loading()
        catalogue, rid = self.catalogue, self.release_id
        self._pending = 2
        self.jobs.run(catalogue.release_details(rid), self._on_release_loaded, self.show_error)
        self.jobs.run(catalogue.tracklist(rid, self.track_page_size), self._on_tracks_loaded, self.show_error)
        self.jobs.run(catalogue.release_genres(rid), self._on_tags_loaded,
                      ignore_errors("a release's genre chips are decoration; the page works without them"))
        self.recommended.load(catalogue.more_like(rid), page_size=20)

    def main_list(self):
        return self.table

    # -- private ---------------------------------------------------------------------------
    def _setup_ui(self, covers: CoverLoader) -> None:
        # The page is built in three event-loop turns (this one, the header, the tracklist): as one
        # it is ~10 ms of widget making, more on a busy machine, and with the layout and first paint
        # that follow it held the window for more than a frame. Its requests go out in the first.
        self._covers = covers
        body = QWidget()
        self._body = QVBoxLayout(body)
        self._body.setContentsMargins(24, 20, 24, 20)
        self._body.setSpacing(12)
        self._body.addWidget(self.banner)
        self._body.addWidget(self.status)
        self._body.addStretch(1)
        fill_with_scrolling(self, body)
        self._build_in_turns([self._build_header, self._build_tracklist])

    def _build_header(self) -> None:
        self.cover = CoverLabel(self._covers, COVER_EDGE)
        self.kind = make_label("", "muted")
        self.heading = make_label("", "title", wrap=True, selectable=True)
        self.artist_link = QPushButton()
        apply_role(self.artist_link, "link")
        self.artist_link.setCursor(Qt.CursorShape.PointingHandCursor)
        self.artist_link.setToolTip(self.tr("Open the artist"))
        self.artist_link.clicked.connect(
            lambda: self.release and self.release.artist and self.open_requested.emit(f"artist:{self.release.artist.id}"))
        self.facts = make_label("", "muted", wrap=True, selectable=True)
        self.formats = make_label("", "muted", wrap=True)
        self.explicit = make_label(self.tr("EXPLICIT", "badge"), "badge")
        self.explicit.setToolTip(self.tr("Explicit content"))
        self.explicit.hide()
        self.price = make_label("", "price")
        self.rrp = make_label("", "muted")
        font = self.rrp.font()
        font.setStrikeOut(True)
        self.rrp.setFont(font)
        self.sale = make_label(self.tr("ON SALE", "badge"), "badge")
        self.sale.hide()
        self.mark_badge = make_label("", "badge")       # "Owned" / "In basket", said by screen readers
        self.mark_badge.setObjectName("release_mark")
        self.mark_badge.hide()
        self.add_button = QPushButton(self.tr("Add release to basket"))
        icons.set_icon(self.add_button, "basket-add")
        apply_role(self.add_button, "primary")
        self.add_button.setEnabled(False)
        self.add_button.clicked.connect(lambda: self.release and self.add_to_basket_requested.emit(self.release, None))
        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.setObjectName("release_download")
        self.download_button.setAccessibleName(self.tr("Download"))
        self.download_button.setToolTip(self.tr("Download the tracks you own into your music folder"))
        self.download_button.clicked.connect(lambda: self.download_requested.emit(str(self.release_id)))
        self.download_button.hide()
        self.preview_button = QPushButton(self.tr("Preview all"))
        icons.set_icon(self.preview_button, "queue-play")
        self.preview_button.setEnabled(False)
        self.preview_button.clicked.connect(lambda: self.preview_all_requested.emit(self._previewable_tracks()))
        # Keyboard: the whole release, from anywhere on its page.
        for keys, button in (("Ctrl+Shift+A", self.add_button), ("Ctrl+Shift+P", self.preview_button)):
            shortcut = QShortcut(QKeySequence(keys), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda button=button: button.isEnabled() and button.click())
            native = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
            button.setToolTip(self.tr("{action} ({shortcut})", "a button's tooltip: its text and its shortcut")
                              .format(action=button.text(), shortcut=native))
        self._add_tooltip = self.add_button.toolTip()
        self.tags = ChipRow()
        self.tags.setAccessibleName(self.tr("Genres"))
        self.tags.chip_clicked.connect(self.open_requested)
        badges = QHBoxLayout()
        badges.setSpacing(8)
        badges.addWidget(self.kind)
        badges.addWidget(self.explicit)
        badges.addStretch(1)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.download_button)
        buttons.addWidget(self.preview_button)
        buttons.addStretch(1)
        info = QVBoxLayout()
        info.setSpacing(4)
        info.addLayout(badges)
        info.addWidget(self.heading)
        info.addWidget(self.artist_link)
        info.addSpacing(6)
        info.addWidget(self.facts)
        info.addWidget(self.formats)
        info.addSpacing(8)
        prices = QHBoxLayout()
        prices.setSpacing(10)
        prices.addWidget(self.price)
        prices.addWidget(self.rrp, 0, Qt.AlignmentFlag.AlignBaseline)
        prices.addWidget(self.sale)
        prices.addWidget(self.mark_badge)
        prices.addStretch(1)
        info.addLayout(prices)
        info.addLayout(buttons)
        info.addSpacing(4)
        info.addWidget(self.tags)
        info.addStretch(1)
        header = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        header.setSpacing(24)
        header.addWidget(self.cover, 0, Qt.AlignmentFlag.AlignTop)
        header.addLayout(info, 1)
        self._header = header           # side by side; under the cover in a narrow page (resizeEvent)
        self._set_header_direction(self.width())
        self._body.insertLayout(1, header)      # under the banner, over the status line

    def _build_tracklist(self) -> None:
        self.table = TrackTable(self.tracks)
        # Here rather than by BrowseView._connect_queue_menus, which may run before this turn.
        self.table.enqueue_clicked.connect(self.enqueue_requested)
        self.table.setAccessibleName(self.tr("Tracks"))
        self.table.preview_clicked.connect(self._play_from)   # on through the release, like peers
        self.table.add_clicked.connect(lambda track: self.add_to_basket_requested.emit(self.release, track))
        self.table.location_clicked.connect(self.open_requested)
        self.more_heading = make_label(self.tr("You might also like"), "section")
        self.more = CardView(edge=130, strip=True)
        self.more.setAccessibleName(self.more_heading.text())
        self.more.setModel(self.recommended)
        self.more.item_activated.connect(lambda index: self.open_requested.emit(index.data(ItemRole.LOCATION)))
        self._attach_card_menu(self.more)
        self.more_heading.hide()
        self.more.hide()
        at = self._body.count() - 1             # before the closing stretch
        for number, widget in enumerate((make_label(self.tr("Tracks"), "section"), self.table,
                                         self.more_heading, self.more)):
            self._body.insertWidget(at + number, widget)

    def _connect_queue_menus(self) -> None:
        """The tracklist's queue menu is connected where the table is made (_build_tracklist)."""

    def resizeEvent(self, event) -> None:
        self._set_header_direction(event.size().width())
        super().resizeEvent(event)

    def _set_header_direction(self, width: int) -> None:
        header = self.__dict__.get("_header")
        if header is not None:
            narrow = width < STACK_BELOW
            header.setDirection(QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight)

    def _on_release_loaded(self, release: Release) -> None:
        self.release = release
        self.cover.set_url(release.image)
        title = with_version(release.title, release.version)
        self.heading.setText(title)
        self._set_title(title)
        self.kind.setText(release_type_text(release.type).upper())
        self.explicit.setVisible(release.explicit)
        self.artist_link.setVisible(release.artist is not None)
        if release.artist is not None:
            self.artist_link.setText(release.artist.name.replace("&", "&&"))
        facts = []
        if release.release_date:
            day = release.release_date
            facts.append(QLocale().toString(QDate(day.year, day.month, day.day),
                                            self.tr("d MMMM yyyy", "a release date (QDate format)")))
        elif release.year:
            facts.append(str(release.year))
        if release.label and release.label.name:
            facts.append(release.label.name)
        self._facts_release = facts
        self._update_facts()
        # Every package's formats ("MP3 320 · FLAC · DRM-free"); shown only while it is for sale here.
        every = list(release.formats) + [f for package in release.packages for f in package.formats]
        formats = [f.description or " ".join(str(x) for x in (f.file_format, f.bit_rate) if x) for f in every]
        drm_free = any(f.drm_free for f in every)
        shown = list(dict.fromkeys(f for f in formats if f))
        if drm_free and shown:
            shown.append(self.tr("DRM-free"))
        self.formats.setText(" · ".join(shown))
        self.price.setText(price_text(release.price))
        on_sale = bool(release.price and release.price.on_sale and release.price.formatted_rrp)
        self.rrp.setText(release.price.formatted_rrp if on_sale else "")
        self.rrp.setVisible(on_sale)
        self.sale.setVisible(on_sale)
        self._update_mark()
        self._done_one()

    def _play_from(self, track) -> None:
        tracks = self.tracks.tracks()
        start = next((i for i, t in enumerate(tracks) if t.id == track.id), 0)
        self.play_from_requested.emit(tuple(tracks[start:]))

    def _on_tracks_loaded(self, page) -> None:
        self.tracks.show_page(page)
        self.table.fit_height()
        self.preview_button.setEnabled(bool(self._previewable_tracks()))
        self._update_mark()
        self._update_facts()
        self._done_one()

    @property
    def mark(self) -> Mark:
        """What the release shown is for the user (FOR_SALE before it has loaded)."""
        return self._mark

    def _update_mark(self) -> None:
        release = self.release
        if release is None:
            return
        tracks = self.tracks.tracks()
        mark = Mark.NOT_SOLD if release.price is not None and release.price.value is None else Mark.FOR_SALE
        if self.availability is not None:
            mark = self.availability.release_mark(release, [t.id for t in tracks] if tracks else None)
        was_owned, self._mark = self._mark is Mark.OWNED, mark
        text = mark_text(mark) or (self.tr("Not available in your country") if mark is Mark.NOT_SOLD else "")
        self.formats.setVisible(mark is not Mark.NOT_SOLD and bool(self.formats.text()))
        self.price.setVisible(mark is not Mark.NOT_SOLD)     # the badge says it; no "Not for sale" beside it
        self.mark_badge.setText(text.upper())
        self.mark_badge.setAccessibleName(text)
        self.mark_badge.setVisible(bool(text))
        if mark is Mark.OWNED:
            self.add_button.setText(self.tr("In your library"))
            icons.set_icon(self.add_button, "owned")
            self.add_button.setToolTip(self.tr("You own this release"))
        elif mark is Mark.IN_BASKET:
            self.add_button.setText(self.tr("In basket"))
            icons.set_icon(self.add_button, "in-basket")
            self.add_button.setToolTip(self.tr("This release is in your basket"))
        else:
            self.add_button.setText(self.tr("Add release to basket"))
            icons.set_icon(self.add_button, "basket-add")
            self.add_button.setToolTip(self._add_tooltip)
        self.add_button.setAccessibleName(self.add_button.text())
        self.add_button.setEnabled(mark in (Mark.FOR_SALE, Mark.PARTLY_OWNED))
        self.download_button.setVisible(mark is Mark.OWNED)
        if was_owned != (mark is Mark.OWNED):
            self.owned_changed.emit(mark is Mark.OWNED)

    def _previewable_tracks(self) -> tuple:
        """The tracks whose preview can be played here now ("Preview all" skips the others)."""
        preview = self.availability.preview if self.availability is not None else preview_of
        return tuple(t for t in self.tracks.tracks() if preview(t) is Preview.AVAILABLE)

    def _update_facts(self) -> None:
        facts = list(getattr(self, "_facts_release", []))
        tracks = self.tracks.tracks()
        if tracks:
            total = sum(t.duration or 0 for t in tracks)
            facts.append(self.tr("%n track(s), {duration}", "", len(tracks)).format(duration=duration_text(total)))
        self.facts.setText(" · ".join(facts))

    def _on_tags_loaded(self, page) -> None:
        self.tags.set_chips((tag.text, f"tag:{tag.id}") for tag in page.items[:8])

    def _on_recommended_total_changed(self, total: int) -> None:
        visible = self.recommended.rowCount() > 0
        self.more_heading.setVisible(visible)
        self.more.setVisible(visible)

    def _done_one(self) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.show_ready()

