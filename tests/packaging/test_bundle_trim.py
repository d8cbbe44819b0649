"""The bundle's trimming steps (packaging/bundle_trim.py, packaging/icu_data.py) on the real libraries
of this environment: stripped copies still load, a copy strip misaligned is not used, the cut-down
ICU data still answers what Qt asks, and the QtQuick stand-in carries the symbols Qt's FFmpeg plugin
imports (tests/packaging/test_bundle.py plays a preview in the built bundle)."""
import _decimal
import importlib.util
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
QT_LIB = Path(importlib.util.find_spec("PySide6").origin).parent / "Qt" / "lib"
needs_binutils = pytest.mark.skipif(not (shutil.which("strip") and shutil.which("readelf") and shutil.which("nm")),
                                    reason="needs binutils")
needs_gcc = pytest.mark.skipif(not shutil.which("gcc"), reason="needs gcc")


@pytest.fixture
def trim(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "packaging"))
    import bundle_trim
    return bundle_trim


@pytest.fixture
def icu_data(trim):
    import icu_data
    return icu_data


def _sections(path: Path) -> str:
    return subprocess.run(["readelf", "-S", "-W", str(path)], check=True, capture_output=True, text=True).stdout


@needs_binutils
def test_a_stripped_extension_module_is_smaller_and_still_imports(trim, tmp_path):
    decimal = Path(getattr(_decimal, "__file__", "built-in"))
    if not decimal.is_file() or " .symtab " not in _sections(decimal):
        pytest.skip("this Python's _decimal carries no symbol table")
    toc, saved = trim.strip_binaries([("lib-dynload/" + decimal.name, str(decimal), "EXTENSION")], str(tmp_path))
    stripped = Path(toc[0][1])
    assert stripped != decimal and saved == decimal.stat().st_size - stripped.stat().st_size > 0
    assert " .symtab " not in _sections(stripped) and trim.segments_aligned(stripped)
    code = ("import importlib.util, sys; spec = importlib.util.spec_from_file_location('_decimal', sys.argv[1]); "
            "module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module); "
            "print(module.Decimal('1.10') + module.Decimal('2.205'))")
    out = subprocess.run([sys.executable, "-c", code, str(stripped)], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "3.305"


def test_misaligned_load_segments_are_recognised(trim, tmp_path):
    def elf(offset: int, vaddr: int) -> bytes:
        header = bytearray(64)
        header[:6] = b"\x7fELF\x02\x01"
        struct.pack_into("<Q", header, 0x20, 64)                 # program headers right after
        struct.pack_into("<HH", header, 0x36, 56, 1)
        return bytes(header) + struct.pack("<IIQQQQQQ", 1, 5, offset, vaddr, vaddr, 16, 16, 0x1000)

    good, bad = tmp_path / "good.so", tmp_path / "bad.so"
    good.write_bytes(elf(0x2000, 0x5000))
    bad.write_bytes(elf(0x2010, 0x5000))       # what strip made of patchelf'd libraries
    assert trim.segments_aligned(good) and not trim.segments_aligned(bad)
    assert trim.segments_aligned(QT_LIB / "libQt6Core.so.6")


@needs_binutils
def test_a_library_strip_would_misalign_keeps_its_original(trim, tmp_path):
    blas = next((Path(importlib.util.find_spec("numpy").origin).parents[1] / "numpy.libs").glob("libscipy_openblas*"),
                None)
    if blas is None or " .symtab " not in _sections(blas):
        pytest.skip("no unstripped OpenBLAS from the numpy wheel here")
    toc, saved = trim.strip_binaries([("numpy.libs/" + blas.name, str(blas), "BINARY")], str(tmp_path))
    assert toc == [("numpy.libs/" + blas.name, str(blas), "BINARY")] and saved == 0


def test_icu_items_kept(icu_data):
    kept = set(icu_data.kept_items([
        "coll/root.res", "coll/ucadata.icu", "coll/de.res", "coll/sv.res", "coll/zh.res", "coll/ja.res",
        "coll/zh_Hant.res", "coll/res_index.res", "zone/de.res", "zone/fr.res", "zone/tzdbNames.res",
        "root.res", "en.res", "de.res", "fr.res", "zh_Hant_TW.res", "pool.res", "supplementalData.res",
        "zoneinfo64.res", "metaZones.res", "likelySubtags.res", "cnvalias.icu", "ibm-5348_P100-1997.cnv",
        "ibm-943_P15A-2003.cnv", "ibm-912_P100-1995.cnv", "unames.icu", "uts46.nrm", "nfkc.nrm",
        "brkitr/word.brk", "curr/de.res", "lang/de.res", "unit/de.res", "translit/root.res", "rfc3491.spp",
    ]))
    assert kept == {
        "coll/root.res", "coll/ucadata.icu", "coll/de.res", "coll/sv.res", "coll/res_index.res", "zone/de.res",
        "zone/tzdbNames.res", "root.res", "en.res", "de.res", "pool.res", "supplementalData.res",
        "zoneinfo64.res", "metaZones.res", "likelySubtags.res", "cnvalias.icu", "ibm-5348_P100-1997.cnv",
        "ibm-912_P100-1995.cnv", "uts46.nrm", "nfkc.nrm",
    }


@needs_gcc
@needs_binutils
@pytest.mark.skipif(not shutil.which("icupkg"), reason="needs icupkg (icu-devtools)")
def test_cut_down_icu_data_answers_what_qt_asks(icu_data, tmp_path):
    data = next(QT_LIB.glob("libicudata.so.*"), None)
    if data is None:
        pytest.skip("this Qt has no ICU of its own")
    suffix = "_" + data.name.rsplit(".", 1)[1]
    lib = tmp_path / "lib"
    lib.mkdir()
    for name in ("libicuuc", "libicui18n"):
        shutil.copy(QT_LIB / f"{name}.so{suffix.replace('_', '.')}", lib)
    kept, total = icu_data.build_trimmed(data, lib / data.name)
    assert 100 < kept < total / 4
    assert (lib / data.name).stat().st_size < data.stat().st_size / 5
    check = tmp_path / "icu_check"
    subprocess.run(["gcc", f"-DICU_SUFFIX={suffix}", "-o", str(check), str(Path(__file__).with_name("icu_check.c")),
                    f"-L{lib}", f"-l:libicuuc.so{suffix.replace('_', '.')}", f"-l:libicui18n.so{suffix.replace('_', '.')}",
                    f"-Wl,-rpath,{lib}"], check=True, capture_output=True, text=True)
    out = subprocess.run([str(check)], check=True, capture_output=True, text=True).stdout.splitlines()
    # Tailored collation stays (ä sorts after z in Swedish and Finnish, before it in German).
    assert "collation de_DE status=0 order=-1" in out and "collation sv_SE status=0 order=1" in out
    assert "collation fi_FI status=0 order=1" in out and "collation zh_CN status=0 order=-1" in out
    assert "converter windows-1252 status=0 0x80=U+20AC" in out and "converter KOI8-R status=0 0x80=U+2500" in out
    assert "converter Shift_JIS status=0 0x80=U+001A" not in out      # CJK code pages are left out
    assert "zone name de_DE status=0 Mitteleurop?ische Normalzeit" in out
    assert "zone name en_GB status=0 Central European Standard Time" in out
    assert "upper de status=0 length=7" in out                         # STRASSE


@needs_gcc
@needs_binutils
def test_quick_stand_in_replaces_the_qml_stack_for_the_ffmpeg_plugin(trim, tmp_path):
    plugin = QT_LIB.parent / "plugins" / "multimedia" / "libffmpegmediaplugin.so"
    names = ("libQt6Quick.so.6", "libQt6Qml.so.6", "libQt6QmlModels.so.6", "libQt6QmlMeta.so.6",
             "libQt6QmlWorkerScript.so.6", "libQt6OpenGL.so.6", "libQt6Network.so.6", "libQt6Gui.so.6",
             "libQt6Core.so.6", "libQt6Multimedia.so.6")
    toc = [(f"PySide6/Qt/lib/{name}", str(QT_LIB / name), "BINARY") for name in names if (QT_LIB / name).exists()]
    toc.append(("PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so", str(plugin), "BINARY"))
    kept, replaced, dropped = trim.stub_libraries(toc, str(tmp_path))
    assert replaced == ["PySide6/Qt/lib/libQt6Qml.so.6", "PySide6/Qt/lib/libQt6Quick.so.6"]
    assert {Path(name).name for name in dropped} == {"libQt6QmlModels.so.6", "libQt6QmlMeta.so.6",
                                                     "libQt6QmlWorkerScript.so.6"}
    assert any(name.endswith("libQt6OpenGL.so.6") for name, _, _ in kept)      # the plugin uses it itself
    stand_in = next(Path(src) for name, src, _ in kept if name.endswith("libQt6Quick.so.6"))
    defined = subprocess.run(["nm", "-D", "--defined-only", str(stand_in)], check=True, capture_output=True,
                             text=True).stdout
    wanted = subprocess.run(["nm", "-D", "--undefined-only", str(plugin)], check=True, capture_output=True,
                            text=True).stdout
    for symbol in ("_ZN12QQuickWindow10grabWindowEv@Qt_6", "_ZN12QQuickWindow16staticMetaObjectE@Qt_6"):
        assert symbol in wanted and symbol.replace("@", "@@") in defined


@needs_gcc
@needs_binutils
def test_no_stand_in_when_a_kept_library_imports_more_of_qtquick(trim, tmp_path):
    quick = QT_LIB / "libQt6Quick.so.6"
    symbol = "_ZN12QQuickWindow6updateEv"        # QQuickWindow::update(), not in the stand-in
    assert symbol in subprocess.run(["nm", "-D", "--defined-only", str(quick)], check=True, capture_output=True,
                                    text=True).stdout
    source = tmp_path / "user.c"
    source.write_text(f"void {symbol}(void);\nvoid use(void) {{ {symbol}(); }}\n")
    user = tmp_path / "libuser.so"
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(user), str(source), f"-L{QT_LIB}", "-l:libQt6Quick.so.6"],
                   check=True, capture_output=True, text=True)
    toc = [("PySide6/Qt/lib/libQt6Quick.so.6", str(quick), "BINARY"), ("libuser.so", str(user), "BINARY")]
    assert trim.stub_libraries(toc, str(tmp_path / "work")) == (toc, [], [])
