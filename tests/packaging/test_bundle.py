"""The PyInstaller one-folder bundle builds, carries the QtMultimedia backend, starts offscreen and
plays a preview, and its stand-ins answer as the libraries they replace."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytest.importorskip("PyInstaller", reason="pyinstaller is in the test extras")
# The first test also builds the bundle (the fixture): 1-2.5 min on 2 cores, longer under load.
pytestmark = pytest.mark.timeout(600)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("bundle")
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"),
         str(ROOT / "packaging" / "sevendigital-browser.spec")],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return work / "dist" / "sevendigital-browser"


def _run(bundle: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([str(bundle / "sevendigital-browser"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_bundle_carries_the_multimedia_backend_and_resources(bundle):
    internal = bundle / "_internal"
    assert (internal / "PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so").is_file()
    assert (internal / "resources/icons/net.sevendigitalbrowser.Browser.svg").is_file()
    # The app's translations and Qt's own (standard buttons, dialogs) for each language shipped.
    for qm in (ROOT / "resources" / "translations").glob("*.qm"):
        assert (internal / "resources/translations" / qm.name).is_file(), qm.name
    assert (internal / "PySide6/Qt/translations/qtbase_de.qm").is_file()
    assert not (internal / "PySide6/Qt/lib/libQt6WebEngineCore.so.6").exists()


def test_bundle_runs(bundle, tmp_path):
    version = _run(bundle, "--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("sevendigital-browser "), version.stderr
    started = _run(bundle, "--quit-after", "1500", cwd=tmp_path)
    assert started.returncode == 0, started.stderr[-3000:]
    german = _run(bundle, "--language", "de", "--debug", "--quit-after", "1500", cwd=tmp_path)
    assert german.returncode == 0, german.stderr[-3000:]
    assert "translation loaded" in german.stderr and "sevendigital-browser_de.qm" in german.stderr, \
        german.stderr[-3000:]


def test_bundle_plays_a_preview_on_the_embedded_store(bundle, tmp_path):
    """packaging/bundle_smoke.py: the trimmed bundle builds its catalogue, plays the first chart
    track's preview and shows its release page with covers, on a fresh profile."""
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        from bundle_smoke import run_smoke
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    result, mapped, _took = run_smoke(bundle, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "bundle smoke: preview playing" in result.stderr
    internal = bundle / "_internal"
    plugin = internal / "PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so"
    assert str(plugin.resolve()) in mapped


def test_bundle_libraries_are_trimmed(bundle):
    internal = bundle / "_internal"
    libpython = next(internal.glob("libpython3*.so*"))
    sections = subprocess.run(["readelf", "-S", "-W", str(libpython)], check=True, capture_output=True,
                              text=True).stdout
    assert " .symtab " not in sections and " .debug_info " not in sections
    # QtQuick is a stand-in (packaging/bundle_trim.py STUBS); the QML libraries only it linked are gone.
    assert (internal / "PySide6/Qt/lib/libQt6Quick.so.6").stat().st_size < 100_000
    assert not (internal / "PySide6/Qt/lib/libQt6QmlModels.so.6").exists()
    icudata = next((internal / "PySide6/Qt/lib").glob("libicudata.so.*"), None)
    if icudata is not None and shutil.which("icupkg"):
        assert icudata.stat().st_size < 8_000_000
    # numpy's OpenBLAS is the small stand-in (packaging/blas_standin.py), without the Fortran runtime.
    blas = next((internal / "numpy.libs").glob("libscipy_openblas*"), None)
    if blas is not None and shutil.which("gcc"):
        assert blas.stat().st_size < 200_000
        assert not list((internal / "numpy.libs").glob("libgfortran*"))
    # cryptography is the AES-CBC stand-in in the PYZ archive (packaging/standins), not 11 MB of Rust.
    assert not (internal / "cryptography").exists()
    # What the AppImage excludelist names comes from the system; Qt's own libraries stay.
    for name in ("libstdc++.so.6", "libX11.so.6", "libfontconfig.so.1", "libfreetype.so.6", "libz.so.1"):
        assert not (internal / name).exists(), name
    assert (internal / "PySide6/Qt/lib/libQt6Core.so.6").is_file()
    # Qt's own strings only for the languages the app speaks.
    spoken = {qm.stem.rsplit("_", 1)[1] for qm in (ROOT / "resources" / "translations").glob("*_*.qm")}
    shipped = {path.name for path in (internal / "PySide6/Qt/translations").iterdir()}
    assert "qtbase_de.qm" in shipped and shipped <= {f"qtbase_{language}.qm" for language in spoken}
    assert not [path for path in internal.rglob("*") if path.is_symlink() and not path.exists()]


def test_bundle_stand_ins_answer_as_the_real_libraries(bundle, tmp_path):
    """packaging/bundle_check.py run inside the bundle: numpy's results on the bundle's BLAS match this
    environment's numpy on OpenBLAS, and the cryptography stand-in passes NIST's AES-CBC vector and
    encrypts a secret, formatted by secretstorage, that the real cryptography decrypts."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SEVENDIGITAL_BUNDLE_CHECK=str(tmp_path))
    done = subprocess.run([str(bundle / "sevendigital-browser")], check=False, cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    reference = tmp_path / "reference.npz"
    subprocess.run([sys.executable, str(ROOT / "packaging" / "bundle_check.py"), str(reference)], check=True,
                   cwd=tmp_path, timeout=120)
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import bundle_check
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    assert bundle_check.compare(str(tmp_path / "blas.npz"), str(reference)) == []
    import numpy as np
    with np.load(tmp_path / "blas.npz") as found:
        if shutil.which("gcc"):
            assert int(found["standin_calls"]) >= 80
    crypto = json.loads((tmp_path / "crypto.json").read_text())
    assert crypto["nist"] == bundle_check.NIST_CIPHER
    assert crypto["version"] == "0+sevendigital-bundle"      # the stand-in, not the real package
    ciphers = pytest.importorskip("cryptography.hazmat.primitives.ciphers")
    decryptor = ciphers.Cipher(ciphers.algorithms.AES(bytes.fromhex(crypto["aes_key"])),
                               ciphers.modes.CBC(bytes.fromhex(crypto["iv"]))).decryptor()
    padded = decryptor.update(bytes.fromhex(crypto["secret"])) + decryptor.finalize()
    assert padded[:-padded[-1]] == "secret – geheim".encode()
