"""The country menu: the store's own list (cached per store, the built-in one as fallback), named in
the user's language with each store's currency, and found by typing."""
from __future__ import annotations

import json
import threading

import pytest
from PySide6.QtCore import QLocale, Qt

from app.services.countries import CURRENCIES, CountryCache, StoreCountries, label
from app.settings.store import COUNTRIES
from app.ui.settings_dialog import SettingsDialog
from tests.ui.conftest import save_shot


def test_the_toolbar_reads_the_current_store_by_name_and_currency(qtbot, parts):
    box = parts.window.country_box
    countries = parts.window.countries
    qtbot.waitUntil(lambda: countries.names_ready and box.currentText() == "United Kingdom (GBP)", timeout=10_000)
    assert box.accessibleName() == "Store country"
    assert [box.itemData(i) for i in range(box.count())] == [code for code, _ in countries.labels()]
    assert set(parts.store.countries) == {c.code for c in parts.store.client.countries()}


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")   # the completion popup
def test_typing_part_of_a_name_or_currency_picks_that_store(qtbot, parts, tmp_path):
    window, store = parts.window, parts.store
    box = window.country_box
    qtbot.waitUntil(lambda: window.countries.names_ready and box.currentText() == "United Kingdom (GBP)",
                    timeout=10_000)
    box.setFocus()
    box.lineEdit().selectAll()
    with qtbot.waitSignal(store.changed, timeout=10_000, check_params_cb=lambda change: change.country == "CH"):
        qtbot.keyClicks(box.lineEdit(), "switz")
        popup = box.completer().popup()
        save_shot(window, tmp_path, "country-typed")
        if popup.isVisible():
            qtbot.keyClick(popup, Qt.Key.Key_Down)
            qtbot.keyClick(popup, Qt.Key.Key_Return)
        else:
            qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert box.currentText() == "Switzerland (CHF)" and store.client.country == "CH"
    # text that names no country puts the current one back
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "zzz")
    box.completer().popup().hide()
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert box.currentText() == "Switzerland (CHF)" and store.country == "CH"


def test_names_in_german_with_currencies(qtbot, parts):
    german = StoreCountries(parts.store, parts.catalogue, locale=QLocale("de_DE"))
    qtbot.waitUntil(lambda: german.names_ready, timeout=10_000)
    assert german.label("CH") == "Schweiz (CHF)"
    assert german.label("DE") == "Deutschland (EUR)" and german.label("GB") == "Vereinigtes Königreich (GBP)"
    codes = [code for code, _ in german.labels()]
    assert codes.index("AT") < codes.index("SE")        # "Österreich" sorts with the O's, not after Z
    dialog = SettingsDialog("", "", False, "CH", countries=german.labels())
    qtbot.addWidget(dialog)
    assert dialog.country.currentText() == "Schweiz (CHF)" and dialog.values()["country"] == "CH"


def test_every_offered_country_has_a_currency():
    assert set(COUNTRIES) <= set(CURRENCIES)
    assert label("NZ", "New Zealand") == "New Zealand (NZD)" and label("XX") == "XX"


def test_the_stores_list_is_cached_per_store_and_junk_in_the_cache_is_ignored(qtbot, parts, tmp_path):
    folder = tmp_path / "countries"
    countries = StoreCountries(parts.store, parts.catalogue, folder)
    identity = parts.store.client.store_identity
    cache = CountryCache(folder)
    qtbot.waitUntil(lambda: bool(cache.read(identity)), timeout=10_000)
    assert cache.read(identity) == tuple(c.code for c in parts.store.client.countries())
    assert cache.read("another@store") == ()
    path = cache.path_for(identity)
    path.write_text(json.dumps({"countries": ["gb", "GB", "G1", 7, "ch"]}))
    assert cache.read(identity) == ("GB", "CH")
    path.write_text("{" * 100)
    assert cache.read(identity) == ()
    path.write_bytes(b" " * 100_000)
    assert cache.read(identity) == ()
    assert countries.codes == parts.store.countries


def test_names_are_cached_per_locale_so_a_later_start_needs_no_babel(qtbot, parts, tmp_path, monkeypatch):
    import app.services.countries as countries_module

    monkeypatch.setattr(countries_module, "NAMES_DELAY_MS", 0)
    folder = tmp_path / "countries"
    first = StoreCountries(parts.store, parts.catalogue, folder, locale=QLocale("de_DE"))
    cache = CountryCache(folder)
    identity = parts.store.client.store_identity
    # The store's own list came and every country it offers (and the built-in ones) has its name cached.
    qtbot.waitUntil(lambda: bool(cache.read(identity)) and first.names_ready and parts.runner.running == 0
                    and set(first.codes) | set(COUNTRIES) <= set(cache.read_names("de_DE")), timeout=10_000)
    assert cache.read_names("de_DE")["CH"] == "Schweiz"
    gone = []
    first.destroyed.connect(lambda *_: gone.append(1))
    first.deleteLater()           # no lookup of its own may land in the count below
    qtbot.waitUntil(lambda: bool(gone), timeout=5000)
    assert cache.read_names("fr_FR") == {}

    looked_up = []
    monkeypatch.setattr(countries_module, "localized_names", lambda codes, name: looked_up.append(codes) or {})
    second = StoreCountries(parts.store, parts.catalogue, folder, locale=QLocale("de_DE"))
    assert second.names_ready and second.label("CH") == "Schweiz (CHF)"
    qtbot.wait(50)       # a lookup would have been submitted by now (delay 0)
    assert looked_up == [] and parts.runner.running == 0

    # Junk in the file: bad codes, non-text or overlong names and another locale's file are left out.
    path = cache.names_path("de_DE")
    source = countries_module.names_source()
    assert source            # Babel is installed: its data file is found without importing it
    path.write_text(json.dumps({"locale": "de_DE", "source": source,
                                "names": {"CH": "Schweiz", "c1": "x", "GB": 7, "FR": "F" * 500, "DE": " "}}))
    assert cache.read_names("de_DE") == {"CH": "Schweiz"}
    path.write_text(json.dumps({"locale": "fr_FR", "source": source, "names": {"CH": "Suisse"}}))
    assert cache.read_names("de_DE") == {}
    # Names from another Babel (an upgrade brought new CLDR data) are asked for again.
    path.write_text(json.dumps({"locale": "de_DE", "source": "1-2", "names": {"CH": "Schweiz"}}))
    assert cache.read_names("de_DE") == {}
    path.write_bytes(b" " * 100_000)
    assert cache.read_names("de_DE") == {}


def test_a_lookup_ending_after_the_window_is_gone_calls_nothing(qtbot, parts, monkeypatch):
    """The names (and the store's list) come from workers: closing the window first must not let them
    call into a deleted object ("Signal source has been deleted", seen once under load)."""
    from PySide6.QtCore import QObject

    import app.services.countries as countries_module

    started, release = threading.Event(), threading.Event()
    real = countries_module.localized_names

    def slow_names(codes, locale_name):
        started.set()
        release.wait(10)                 # still looking up when the window goes
        return real(codes, locale_name)

    monkeypatch.setattr(countries_module, "NAMES_DELAY_MS", 0)
    monkeypatch.setattr(countries_module, "localized_names", slow_names)
    owner = QObject()
    countries = StoreCountries(parts.store, parts.catalogue, locale=QLocale("fr_FR"), parent=owner)
    qtbot.waitUntil(started.is_set, timeout=5000)
    destroyed = []
    owner.destroyed.connect(lambda *_: destroyed.append(1))
    owner.deleteLater()
    qtbot.waitUntil(lambda: bool(destroyed), timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: parts.runner.running == 0, timeout=10_000)
    qtbot.wait(50)       # let any relayed result reach the GUI thread: none may call the deleted object
    assert not parts.runner.busy
    assert countries.label("CH") == "Switzerland (CHF)"     # "Suisse (CHF)": the result reached it


def test_babel_is_not_imported_on_the_start_up_path():
    import subprocess
    import sys

    code = ("import sys, app.main, app.composition, app.ui.main_window, app.ui.settings_dialog, "
            "app.services.countries; print('babel' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == "False", out.stderr


def test_the_globe_follows_a_switch_to_dark(qtbot, parts, qapp):
    """The country box's icon is re-tinted when the palette changes (it stayed a dark square on dark)."""
    from PySide6.QtGui import QGuiApplication, QPalette

    from app.ui.theme import apply_theme

    box = parts.window.country_box

    def darkest_alpha_pixel() -> int:
        image = box.itemIcon(box.currentIndex()).pixmap(16, 16).toImage()
        shades = [image.pixelColor(x, y) for x in range(16) for y in range(16)]
        return max(c.lightness() for c in shades if c.alpha() > 128)

    apply_theme(qapp, dark=False)
    light = darkest_alpha_pixel()
    try:
        apply_theme(qapp, dark=True)
        text = QGuiApplication.palette().color(QPalette.ColorRole.ButtonText).lightness()
        dark = darkest_alpha_pixel()
    finally:
        apply_theme(qapp, dark=None)
    assert text > 128 and dark > 128 and dark != light      # drawn in the dark palette's light text colour
