"""What the one-folder bundle leaves out, used by sevendigital-browser.spec (and measured by
bench/bundle_size.py).

PyInstaller's PySide6 hooks copy every plugin of every Qt module imported, and with them the system
libraries those plugins link (a GTK 3 platform theme brings GTK, Pango, Cairo, ATK...). Each group
below is something the app never loads on the X11 desktop it targets; a library is dropped only
when nothing kept still links it (`orphans`). Names are the paths inside the bundle's _internal.
"""
from __future__ import annotations

import fnmatch
import pickle
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

_QT = "PySide6/Qt/"
_PLUGINS = _QT + "plugins/"

# name -> bundle paths (fnmatch patterns). Each is checked by tests/packaging/test_bundle.py,
# which starts the bundle and plays a preview.
GROUPS: dict[str, tuple[str, ...]] = {
    # QtPdf only backs the PDF image-format plugin; nothing shows a PDF.
    "Qt PDF": (_PLUGINS + "imageformats/libqpdf.so", _QT + "lib/libQt6Pdf.so*"),
    # Without the Wayland plugin Qt runs through XWayland (xcb), as it does under X11.
    "Wayland": (_PLUGINS + "platforms/libqwayland*.so", _PLUGINS + "wayland-*",
                _QT + "lib/libQt6WaylandClient.so*", _QT + "lib/libQt6WlShellIntegration.so*",
                _QT + "lib/libQt6WaylandEglClientHwIntegration.so*"),
    # The GTK 3 theme plugin (Qt falls back to its own Fusion/xdg look) and the GTK stack it links.
    "GTK 3 platform theme": (_PLUGINS + "platformthemes/libqgtk3.so",),
    # Embedded-device platforms and their input plugins; the app runs on xcb (offscreen in tests).
    "EGLFS/linuxfb/VNC platforms": (
        _PLUGINS + "platforms/libqeglfs.so", _PLUGINS + "platforms/libqlinuxfb.so",
        _PLUGINS + "platforms/libqminimalegl.so", _PLUGINS + "platforms/libqvnc.so",
        _PLUGINS + "platforms/libqvkkhrdisplay.so", _PLUGINS + "egldeviceintegrations/*",
        _PLUGINS + "generic/*", _QT + "lib/libQt6EglFSDeviceIntegration.so*",
        _QT + "lib/libQt6EglFsKmsSupport.so*"),
    "Qt virtual keyboard": (_PLUGINS + "platforminputcontexts/libqtvirtualkeyboardplugin.so",
                            _QT + "lib/libQt6VirtualKeyboard*.so*"),
    # Covers are JPEG, icons SVG/PNG (PNG is built into QtGui).
    "unused image formats": tuple(_PLUGINS + f"imageformats/libq{name}.so"
                                  for name in ("icns", "tga", "tiff", "wbmp", "webp")),
    "network-information plugins": (_PLUGINS + "networkinformation/*",),
    # Qt's own translations: only qtbase_* is loaded (app/ui/translations.py).
    "Qt translations other than qtbase": (_QT + "translations/qt_*", _QT + "translations/qt[!b]*",
                                          _QT + "translations/qtb[!a]*"),
    # Pillow's AVIF/WebP/Tk codecs: the embedded store writes JPEG covers only.
    "Pillow AVIF/WebP/Tk": ("PIL/_avif.*", "PIL/_webp.*", "PIL/_imagingtk.*",
                            "pillow.libs/libavif-*", "pillow.libs/libwebp*", "pillow.libs/libsharpyuv-*"),
    # lxml: the API parser uses etree only.
    "lxml objectify/sax/builder": ("lxml/objectify.*", "lxml/sax.*", "lxml/builder.*"),
    "QtMultimediaWidgets": (_QT + "lib/libQt6MultimediaWidgets.so*",),
}

# Babel's CLDR data: the app reads only territory names (app/services/countries.py), so each
# locale file keeps only that table; the files stay, so every locale still resolves.
BABEL_KEYS = ("territories",)


def group_of(name: str) -> str | None:
    """The GROUPS entry a bundle path falls in, or None to keep it."""
    for group, patterns in GROUPS.items():
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns):
            return group
    return None


def _needed(path: str) -> list[str]:
    """DT_NEEDED sonames of an ELF file ([] if readelf can't tell)."""
    try:
        out = subprocess.run(["readelf", "-d", path], check=False, capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [line.split("[", 1)[1].split("]", 1)[0] for line in out.splitlines() if "(NEEDED)" in line]


def _closure(roots: Iterable[tuple[str, str]], by_soname: dict[str, tuple[str, str]]) -> set[str]:
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name, src = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(by_soname[soname] for soname in _needed(src) if soname in by_soname)
    return seen


def trim_binaries(binaries: list) -> tuple[list, dict[str, list[str]]]:
    """(kept TOC, {group: dropped names}): GROUPS out, then the libraries that only they linked."""
    dropped: dict[str, list[str]] = {}
    kept = []
    for entry in binaries:
        group = group_of(entry[0])
        if group:
            dropped.setdefault(group, []).append(entry)
        else:
            kept.append(entry)
    by_soname = {Path(name).name: (name, src) for name, src, _ in binaries}
    reach = {group: _closure(((name, src) for name, src, _ in entries), by_soname)
             for group, entries in dropped.items()}
    linked_by_dropped = set().union(*reach.values()) if reach else set()
    still_needed = _closure(((name, src) for name, src, _ in kept if name not in linked_by_dropped), by_soname)
    for group, entries in dropped.items():
        orphans = reach[group] - still_needed
        entries.extend(entry for entry in kept if entry[0] in orphans)
        kept = [entry for entry in kept if entry[0] not in orphans]
    return kept, {group: [entry[0] for entry in entries] for group, entries in dropped.items()}


def trim_datas(datas: list, workpath: str) -> tuple[list, dict[str, list[str]]]:
    """(kept TOC, {group: dropped names}); Babel's locale files are replaced by stripped copies."""
    dropped: dict[str, list[str]] = {}
    kept = []
    stripped = Path(workpath) / "babel-territories"
    for name, src, kind in datas:
        group = group_of(name)
        if group:
            dropped.setdefault(group, []).append(name)
        elif name.startswith("babel/locale-data/") and name.endswith(".dat"):
            target = stripped / Path(name).name
            strip_babel_locale(Path(src), target)
            kept.append((name, str(target), kind))
        else:
            kept.append((name, src, kind))
    return kept, dropped


def strip_babel_locale(src: Path, target: Path) -> None:
    """Copy one Babel locale file keeping only BABEL_KEYS (Babel merges a locale with its parents
    key by key, so a stripped chain still answers `Locale("de", "CH").territories`)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with src.open("rb") as source:
        data = pickle.load(source)
    if not isinstance(data, dict):
        shutil.copyfile(src, target)
        return
    with target.open("wb") as out:
        pickle.dump({key: data[key] for key in BABEL_KEYS if key in data}, out, protocol=pickle.HIGHEST_PROTOCOL)
