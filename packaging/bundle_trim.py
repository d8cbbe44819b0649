"""What the one-folder bundle leaves out, used by sevendigital-browser.spec (and measured by
bench/bundle_size.py).

PyInstaller's PySide6 hooks copy every plugin of every Qt module imported, and with them the system
libraries those plugins link (a GTK 3 platform theme brings GTK, Pango, Cairo, ATK...). Each group
below is something the app never loads on the X11 desktop it targets; a library is dropped only
when nothing kept still links it (`orphans`). Names are the paths inside the bundle's _internal.

Then, in this order (sevendigital-browser.spec): QtQuick and QtQml become stand-ins (STUBS), so
does libsndfile (SNDFILE_STUBS), Pillow's libxcb becomes a forwarder to the system's (FORWARDERS),
Qt's ICU data is cut down (packaging/icu_data.py), numpy's OpenBLAS becomes a small BLAS
(packaging/blas_standin.py), libraries still carrying symbol tables are stripped (strip_binaries),
and the symlinks to what was left out go. The cryptography package is excluded and replaced by
packaging/standins (standin_modules). The stand-ins and the ICU data need gcc and icupkg
(icu-devtools); without them the bundle keeps the originals. packaging/bundle_smoke.py checks a built
bundle: it plays a preview and lists what a session never mapped; packaging/bundle_check.py compares
the stand-ins' answers with the real libraries'.
"""
from __future__ import annotations

import fnmatch
import os
import pickle
import shutil
import struct
import subprocess
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path

_QT = "PySide6/Qt/"
_PLUGINS = _QT + "plugins/"

# The excludelist's entries (commit 03abb12), glibc's own left out (PyInstaller never bundles them).
EXCLUDELIST = ("libstdc++.so.6", "libGL.so.1", "libEGL.so.1", "libGLdispatch.so.0", "libGLX.so.0",
               "libOpenGL.so.0", "libdrm.so.2", "libglapi.so.0", "libgbm.so.1", "libxcb.so.1", "libX11.so.6",
               "libX11-xcb.so.1", "libwayland-client.so.0", "libasound.so.2", "libfontconfig.so.1",
               "libfreetype.so.6", "libharfbuzz.so.0", "libcom_err.so.2", "libexpat.so.1", "libgcc_s.so.1",
               "libgpg-error.so.0", "libICE.so.6", "libSM.so.6", "libusb-1.0.so.0", "libuuid.so.1", "libz.so.1",
               "libjack.so.0", "libpipewire-0.3.so.0", "libxcb-dri3.so.0", "libxcb-dri2.so.0", "libfribidi.so.0",
               "libgmp.so.10")
_APP_LANGUAGES = sorted(qm.stem.rsplit("_", 1)[1] for qm in
                        (Path(__file__).resolve().parents[1] / "resources" / "translations").glob("*_*.qm"))
# Kept although a GROUPS pattern matches: Qt's own strings for the languages the app ships.
KEPT = tuple(f"{_QT}translations/qtbase_{language}.qm" for language in _APP_LANGUAGES)

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
    # Qt's own translations: only qtbase_* is loaded (app/ui/translations.py), and only for the
    # languages the app speaks (KEPT): Qt's stock buttons in French beside an English window read worse.
    "Qt translations but the app's languages": (_QT + "translations/*",),
    # Pillow's AVIF/WebP/Tk codecs: the embedded store writes JPEG covers only.
    "Pillow AVIF/WebP/Tk": ("PIL/_avif.*", "PIL/_webp.*", "PIL/_imagingtk.*",
                            "pillow.libs/libavif-*", "pillow.libs/libwebp*", "pillow.libs/libsharpyuv-*"),
    # lxml: the API parser uses etree only.
    "lxml objectify/sax/builder": ("lxml/objectify.*", "lxml/sax.*", "lxml/builder.*"),
    "QtMultimediaWidgets": (_QT + "lib/libQt6MultimediaWidgets.so*",),
    # numpy's C test helpers (numpy.testing is excluded in the spec).
    "numpy test module": ("numpy/_core/_multiarray_tests.*",),
    # What the AppImage project's excludelist names as present on every desktop, so not to be bundled
    # (https://github.com/AppImageCommunity/pkg2appimage/blob/master/excludelist): the system's copy is
    # the one that matches its drivers, X server and fonts. Only PyInstaller's top-level copies of
    # system libraries: Qt's own libraries (PySide6/Qt/lib) and the wheels' (*.libs/) stay. libstdc++
    # and libgcc_s: the bundle needs glibc 2.36 (libpython), and every system that has it has a
    # libstdc++ (gcc 12) newer than the GLIBCXX_3.4.29 Qt asks for.
    "system libraries (AppImage excludelist)": EXCLUDELIST,
}

# Babel's CLDR data: the app reads only territory names (app/services/countries.py), so each
# locale file keeps only that table; the files stay, so every locale still resolves.
BABEL_KEYS = ("territories",)


def group_of(name: str) -> str | None:
    """The GROUPS entry a bundle path falls in, or None to keep it."""
    if name in KEPT:
        return None
    for group, patterns in GROUPS.items():
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns):
            return group
    return None


@cache    # a build asks about the same files many times (one readelf each, ~150 files)
def _needed(path: str) -> tuple[str, ...]:
    """DT_NEEDED sonames of an ELF file (none if readelf can't tell)."""
    try:
        out = subprocess.run(["readelf", "-d", path], check=False, capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    return tuple(line.split("[", 1)[1].split("]", 1)[0] for line in out.splitlines() if "(NEEDED)" in line)


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


def strip_binaries(binaries: list, workpath: str) -> tuple[list, int]:
    """(TOC, bytes saved): libraries that still carry a symbol table or debug info are replaced by
    copies run through `strip --strip-unneeded` (libpython alone carries 17 MB of debug info). A copy
    whose loadable segments strip misaligned (it happens to files patchelf rewrote) is not used."""
    out_dir = Path(workpath) / "stripped"
    kept, saved = [], 0
    for name, src, kind in binaries:
        if kind in ("BINARY", "EXTENSION") and _has_symbol_table(src):
            target = out_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            done = subprocess.run(["strip", "--strip-unneeded", "-o", str(target), src], check=False,
                                  capture_output=True, timeout=120).returncode == 0
            if done and segments_aligned(target):
                saved += Path(src).stat().st_size - target.stat().st_size
                kept.append((name, str(target), kind))
                continue
        kept.append((name, src, kind))
    return kept, saved


def _has_symbol_table(path: str) -> bool:
    try:
        out = subprocess.run(["readelf", "-S", "-W", path], check=False, capture_output=True, text=True,
                             timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return " .symtab " in out or " .debug_info " in out


def segments_aligned(path: Path) -> bool:
    """Whether every PT_LOAD segment of a 64-bit little-endian ELF file has offset ≡ address modulo
    its alignment, as the dynamic loader demands ("ELF load command address/offset not page-aligned")."""
    with path.open("rb") as elf:
        header = elf.read(64)
        if header[:4] != b"\x7fELF" or header[4] != 2 or header[5] != 1:
            return False
        (phoff,) = struct.unpack_from("<Q", header, 0x20)
        entsize, count = struct.unpack_from("<HH", header, 0x36)
        elf.seek(phoff)
        table = elf.read(entsize * count)
    for index in range(count):
        kind, _flags, offset, vaddr, _paddr, _filesz, _memsz, align = struct.unpack_from("<IIQQQQQQ", table,
                                                                                         index * entsize)
        if kind == 1 and align > 1 and (offset - vaddr) % align:
            return False
    return True


def trim_icu_data(binaries: list, workpath: str) -> tuple[list, str]:
    """(TOC, what happened): Qt's libicudata replaced by the cut-down one of packaging/icu_data.py;
    kept whole when the tools to build it (icupkg, gcc) are missing or the build fails."""
    import icu_data

    entries = [entry for entry in binaries if fnmatch.fnmatchcase(entry[0], _QT + "lib/libicudata.so.*")
               and entry[2] == "BINARY"]
    if not entries:
        return binaries, "ICU data: no libicudata in the bundle"
    if not icu_data.tools_available():
        return binaries, "ICU data kept whole: icupkg (icu-devtools) or gcc is missing"
    name, src, kind = entries[0]
    target = Path(workpath) / "icu" / Path(name).name
    try:
        kept, total = icu_data.build_trimmed(Path(src), target)
    except (OSError, ValueError, subprocess.SubprocessError) as exc:
        return binaries, f"ICU data kept whole: {exc}"
    swapped = [(name, str(target), kind) if entry[0] == name else entry for entry in binaries]
    saved = Path(src).stat().st_size - target.stat().st_size
    return swapped, f"ICU data: {kept} of {total} items kept, {saved / 1e6:.1f} MB saved"


# Libraries linked but never used on the app's paths, replaced by stand-ins of the same soname that
# define only the symbols their users import (with the same symbol version). Qt's FFmpeg plugin links
# QtQuick (and through it QtQml and three more QML libraries, 16 MB) for one feature: capturing a
# QQuickWindow (QWindowCapture), which the app never does; it uses QQuickWindow::staticMetaObject in
# a qobject_cast (a zeroed meta-object matches no object, so the cast fails as for any other window)
# and QQuickWindow::grabWindow() behind it (never reached: it traps if it ever is).
STUBS: dict[str, str] = {
    "libQt6Quick.so.6": (
        "char _ZN12QQuickWindow16staticMetaObjectE[0x38] __attribute__((aligned(8)));\n"
        "void _ZN12QQuickWindow10grabWindowEv(void) { __builtin_trap(); }\n"),
    "libQt6Qml.so.6": "",     # linked by the FFmpeg plugin, not one symbol used
}
# A second set, kept or not on its own: PulseAudio's client library (Qt's audio output) links
# libsndfile, and through it FLAC, Vorbis, Opus, mpg123 and LAME (2.9 MB), for the sample files its
# command-line tools play and upload (pulsecore/sndfile-util.c); a client writing a stream, as Qt
# does, never calls it (the bundle check plays a preview with the stand-in).
SNDFILE_STUBS: dict[str, str] = {
    "libsndfile.so.1": "".join(f"void sf_{name}(void) {{ __builtin_trap(); }}\n" for name in (
        "command", "error_number", "get_string", "readf_float", "readf_int", "readf_short", "writef_float",
        "writef_int", "writef_short")),
}
_STUB_VERSION = "Qt_6"
_STUB_VERSIONS = {"libsndfile.so.1": "libsndfile.so.1.0"}   # the symbol version users ask for, if not Qt_6


def stub_libraries(binaries: list, workpath: str, stubs: dict[str, str] = STUBS) -> tuple[list, list[str], list[str]]:
    """(TOC, names replaced by stand-ins, names left out): each library of `stubs` replaced by its
    stand-in, then the libraries only the originals linked left out. Without gcc nothing changes."""
    if not shutil.which("gcc"):
        return binaries, [], []
    out_dir = Path(workpath) / "stubs"
    out_dir.mkdir(parents=True, exist_ok=True)
    replaced: dict[str, tuple[str, str]] = {}
    swapped = []
    for name, src, kind in binaries:
        soname = Path(name).name
        if kind == "BINARY" and soname in stubs:
            target = out_dir / soname
            build_stub(soname, stubs[soname], target)
            replaced[name] = (name, src)
            swapped.append((name, str(target), kind))
        else:
            swapped.append((name, src, kind))
    by_soname = {Path(name).name: (name, src) for name, src, _ in swapped}
    linked_by_originals = _closure(replaced.values(), {Path(n).name: (n, s) for n, s, _ in binaries})
    candidates = linked_by_originals - set(replaced)
    still_needed = _closure(((name, src) for name, src, _ in swapped if name not in candidates), by_soname)
    dropped = sorted(candidates - still_needed)
    # A stand-in serves only users that import nothing it lacks (a new Qt or a new module linking
    # QtQuick for more would otherwise fail to load): then the originals stay.
    for name, (_, original) in replaced.items():
        soname, stand_in = Path(name).name, out_dir / Path(name).name
        lacking = _dynamic_symbols(original, defined=True) - _dynamic_symbols(str(stand_in), defined=True)
        users = [src for user, src, _ in swapped
                 if user not in dropped and user not in replaced and soname in _needed(src)]
        if any(_dynamic_symbols(src, defined=False) & lacking for src in users):
            return binaries, [], []
    kept = [entry for entry in swapped if entry[0] not in dropped]
    return kept, sorted(replaced), dropped


@cache
def _dynamic_symbols(path: str, defined: bool) -> frozenset[str]:
    """Names (without version) of the dynamic symbols an ELF file defines, or those it imports."""
    out = subprocess.run(["nm", "-D", "--defined-only" if defined else "--undefined-only", path], check=False,
                         capture_output=True, text=True, timeout=60).stdout
    return frozenset(line.split()[-1].split("@", 1)[0] for line in out.splitlines() if line.strip())


def build_stub(soname: str, source: str, target: Path) -> None:
    """Compile a stand-in library: `source` (C) with every global symbol under the soname's symbol
    version (_STUB_VERSIONS, else _STUB_VERSION)."""
    version = _STUB_VERSIONS.get(soname, _STUB_VERSION)
    with tempfile.TemporaryDirectory(prefix="stub-") as tmp:
        c_file, script = Path(tmp) / "stub.c", Path(tmp) / "stub.map"
        c_file.write_text(f"/* stand-in for {soname}, see packaging/bundle_trim.py */\n{source}"
                          f"void stand_in_{soname.split('.')[0].replace('-', '_')}(void) {{}}\n")
        script.write_text(f"{version} {{ global: *; }};\n")
        subprocess.run(["gcc", "-shared", "-fPIC", "-O2", "-s", "-nostdlib", f"-Wl,-soname,{soname}",
                        f"-Wl,--version-script,{script}", "-o", str(target), str(c_file)],
                       check=True, capture_output=True, text=True, timeout=120)


# Wheels' private copies of a library the AppImage excludelist names (present on every desktop),
# replaced by a forwarder: an empty library of the same soname linking the system's. Pillow's
# libxcb only serves ImageGrab on X11 (the app never grabs the screen; with the forwarder it still
# works) and links a libXau that auditwheel's patchelf padded to 2 MB.
FORWARDERS: dict[str, str] = {"pillow.libs/libxcb-*.so*": "libxcb.so.1"}


def forward_libraries(binaries: list, workpath: str) -> tuple[list, list[str]]:
    """(TOC, names left out): each FORWARDERS library replaced by a forwarder to the system's
    library, then what only it linked left out. Kept when gcc or the system library is missing, or
    the system library lacks a symbol a user imports from the wheel's copy."""
    if not shutil.which("gcc"):
        return binaries, []
    out_dir = Path(workpath) / "forwarders"
    out_dir.mkdir(parents=True, exist_ok=True)
    swapped, replaced = list(binaries), []
    for pattern, system in FORWARDERS.items():
        for index, (name, src, kind) in enumerate(swapped):
            if kind != "BINARY" or not fnmatch.fnmatchcase(name, pattern):
                continue
            system_path = subprocess.run(["gcc", f"-print-file-name={system}"], check=False, capture_output=True,
                                         text=True, timeout=30).stdout.strip()
            if not Path(system_path).is_file():
                continue
            soname = Path(name).name
            imported = set().union(*(_dynamic_symbols(user_src, defined=False) for _, user_src, _ in swapped
                                     if soname in _needed(user_src)))
            wanted = imported & _dynamic_symbols(src, defined=True)
            if wanted - _dynamic_symbols(system_path, defined=True):
                continue
            target = out_dir / soname
            done = subprocess.run(["gcc", "-shared", "-nostdlib", "-x", "c", "/dev/null", f"-Wl,-soname,{soname}",
                                   "-Wl,--no-as-needed", f"-l:{system}", "-o", str(target)],
                                  check=False, capture_output=True, timeout=120).returncode == 0
            if done and system in _needed(str(target)):
                swapped[index] = (name, str(target), kind)
                replaced.append((name, src))
    if not replaced:
        return binaries, []
    linked = _closure(replaced, {Path(n).name: (n, s) for n, s, _ in binaries}) - {name for name, _ in replaced}
    still_needed = _closure(((n, s) for n, s, _ in swapped if n not in linked),
                            {Path(n).name: (n, s) for n, s, _ in swapped})
    dropped = sorted(linked - still_needed)
    return [entry for entry in swapped if entry[0] not in dropped], dropped


def standin_modules(root: Path) -> list[tuple[str, str, str]]:
    """PYZ entries for the stand-in packages under `root` (packaging/standins): the cryptography
    stand-in, whose real package the spec excludes. secretstorage (keyring's Secret Service backend)
    is its only user in the bundle and uses AES-CBC alone."""
    entries = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        entries.append((name, str(path), "PYMODULE"))
    return entries


def drop_dangling_symlinks(binaries: list, datas: list) -> tuple[list, list]:
    """Both TOCs without the symlinks PyInstaller made to libraries the steps above left out (it
    links top-level names to the wheels' copies in *.libs/, and to Qt's; the links sit in either)."""
    names = {name for name, _, kind in [*binaries, *datas] if kind != "SYMLINK"}

    def kept(toc: list) -> list:
        return [(name, src, kind) for name, src, kind in toc
                if kind != "SYMLINK" or os.path.normpath(os.path.join(os.path.dirname(name), src)) in names]
    return kept(binaries), kept(datas)
