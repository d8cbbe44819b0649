"""Which translations the app loads: its own `.qm` files from resources/translations, and Qt's.

Every user-visible string goes through Qt's machinery: `self.tr("…")` inside QObject subclasses,
`QCoreApplication.translate("Context", "…")` elsewhere, `QT_TRANSLATE_NOOP` for module-level
tables, `tr("%n track(s)", "", n)` for counts. The sources are extracted with
`make translations` (packaging/update_translations.py, which wraps pyside6-lupdate/lrelease).

English is the source language, but its plural forms ("1 track" / "2 tracks") come from a
translation file too, as Qt recommends (`sevendigital-browser_en.qm`, built from `-pluralonly`).
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.settings.paths import resources_dir

CATALOGUE = "sevendigital-browser"
log = logging.getLogger(__name__)


def translations_dir():
    """Where the compiled `.qm` files ship."""
    return resources_dir() / "translations"


def available_languages() -> list[str]:
    """The interface languages shipped: "en" and every `sevendigital-browser_XX.qm` but English."""
    found = {qm.stem.removeprefix(f"{CATALOGUE}_") for qm in translations_dir().glob(f"{CATALOGUE}_*.qm")}
    return ["en", *sorted(found - {"en"})]


def language_name(code: str) -> str:
    """A language as its speakers write it ("Deutsch", "English")."""
    name = QLocale(code).nativeLanguageName()
    return name[:1].upper() + name[1:] if name else code


def use_language(app: QCoreApplication, code: str = "") -> list[QTranslator]:
    """Start-up: translators for `code` ("" = the system's UI languages); a chosen language also
    becomes the default locale, so dates and digit grouping follow it."""
    if code:
        QLocale.setDefault(QLocale(code))
    return install_translations(app, QLocale(code) if code else None)


def install_translations(app: QCoreApplication, locale: QLocale | None = None) -> list[QTranslator]:
    """Install the English plural forms, Qt's own strings and the app's translation for `locale`
    (the system's UI languages by default). Returns what was installed, in order."""
    locale = locale or QLocale()
    folder = str(translations_dir())
    installed: list[QTranslator] = []

    def install(translator: QTranslator) -> None:
        app.installTranslator(translator)
        installed.append(translator)

    # Installed first so that a real translation, installed later, is asked first (Qt asks the
    # most recently installed translator first).
    english = QTranslator(app)
    if english.load(f"{CATALOGUE}_en", folder):
        install(english)
    else:
        log.warning("English plural forms not found in %s: counts read '%%n item(s)'", folder)

    if locale.language() in (QLocale.Language.C, QLocale.Language.English):
        return installed
    qt_own = QTranslator(app)
    if qt_own.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        install(qt_own)
    own = QTranslator(app)
    if own.load(locale, CATALOGUE, "_", folder) and own.language() and \
            QLocale(own.language()).language() != QLocale.Language.English:
        install(own)
        log.info("translation loaded: %s", own.filePath())
    else:
        log.info("no translation for %s; the app speaks English", locale.uiLanguages())
    return installed


def remove_translations(app: QCoreApplication, translators: list[QTranslator]) -> None:
    """Undo `install_translations` (tests switch languages within one process)."""
    for translator in translators:
        app.removeTranslator(translator)
