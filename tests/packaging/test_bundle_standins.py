"""The bundle's stand-ins, on the real libraries of this environment, without building a bundle
(tests/packaging/test_bundle.py checks them inside the built one): the small BLAS that replaces
numpy's OpenBLAS gives OpenBLAS's results, the cryptography stand-in encrypts as cryptography does,
Pillow's libxcb forwarder loads the system's libxcb, and what the trim keeps and leaves out."""
import glob
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(importlib.util.find_spec("numpy").origin).parents[1]
CHECK = ROOT / "packaging" / "bundle_check.py"
needs_tools = pytest.mark.skipif(not all(shutil.which(tool) for tool in ("gcc", "nm", "readelf")),
                                 reason="needs gcc and binutils")


@pytest.fixture
def packaging(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "packaging"))
    import blas_standin
    import bundle_check
    import bundle_trim
    return bundle_trim, blas_standin, bundle_check


def _toc(pattern: str, kind: str) -> list[tuple[str, str, str]]:
    return [(str(Path(path).relative_to(SITE)), path, kind) for path in sorted(glob.glob(str(SITE / pattern),
                                                                                       recursive=True))]


@pytest.fixture
def blas(packaging, tmp_path) -> tuple[Path, list, str]:
    """(the stand-in built for this numpy, the TOC kept, the builder's note)."""
    _trim, blas_standin, _check = packaging
    toc = _toc("numpy.libs/*", "BINARY") + _toc("numpy/**/*.so", "EXTENSION")
    if not any("openblas" in name for name, _, _ in toc):
        pytest.skip("this numpy has no OpenBLAS of its own")
    kept, note = blas_standin.stand_in_openblas(toc, str(tmp_path / "work"))
    stand_in = next(Path(src) for name, src, _ in kept if "openblas" in name)
    assert stand_in.parent == tmp_path / "work" / "blas", note
    return stand_in, kept, note


def _python(*args: str, preload: Path | None = None, cwd: Path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "LD_PRELOAD"}
    if preload:
        # Same soname as numpy's OpenBLAS: the loader takes the preloaded one for it and loads no other.
        env["LD_PRELOAD"] = str(preload)
    return subprocess.run([sys.executable, *args], check=False, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


@needs_tools
def test_stand_in_blas_gives_openblas_results(blas, packaging, tmp_path):
    stand_in, kept, note = blas
    _trim, _blas, bundle_check = packaging
    assert stand_in.stat().st_size < 200_000, note
    assert not any("libgfortran" in name or "libquadmath" in name for name, _, _ in kept), note
    ours, reference = tmp_path / "ours.npz", tmp_path / "reference.npz"
    done = _python(str(CHECK), str(ours), preload=stand_in, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    done = _python(str(CHECK), str(reference), cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert bundle_check.compare(str(ours), str(reference)) == []
    import numpy as np
    with np.load(ours) as found, np.load(reference) as expected:
        assert int(found["standin_calls"]) >= 80           # every case went through the stand-in
        assert "standin_calls" not in expected.files
        assert len(found.files) == len(expected.files) + 1 > 80


def test_blas_comparison_sees_a_wrong_result(packaging, tmp_path):
    _trim, _blas, bundle_check = packaging
    import numpy as np
    reference = {"float64: dot": np.asarray(2.0), "complex64: matmul": np.ones((2, 2), np.complex64)}
    np.savez(tmp_path / "reference.npz", **reference)
    np.savez(tmp_path / "ours.npz", **{"float64: dot": np.asarray(2.0 + 1e-9),
                                       "complex64: matmul": np.ones((2, 2), np.complex64)})
    problems = bundle_check.compare(str(tmp_path / "ours.npz"), str(tmp_path / "reference.npz"))
    assert len(problems) == 1 and problems[0].startswith("float64: dot")


@needs_tools
def test_numpy_linalg_with_the_stand_in_stops_with_a_clear_message(blas, tmp_path):
    stand_in, _kept, _note = blas
    done = _python("-c", "import numpy as np; print(np.ones(3) @ np.ones(3), flush=True); np.linalg.inv(np.eye(2))",
                   preload=stand_in, cwd=tmp_path)
    assert done.stdout.strip() == "3.0"                    # numpy imports and multiplies
    assert done.returncode == -6, done.stderr[-2000:]      # SIGABRT
    assert "numpy.linalg" in done.stderr and "packaging/blas_standin.c" in done.stderr


def test_openblas_is_kept_when_numpy_imports_what_the_stand_in_lacks(packaging):
    _trim, blas_standin, _check = packaging
    core, linalg = "numpy/_core/_multiarray_umath.so", "numpy/linalg/_umath_linalg.so"
    aborting, why_not = blas_standin.plan({core: {"scipy_cblas_sgemm64_"}, linalg: {"scipy_dgesv_64_"}})
    assert (aborting, why_not) == (["scipy_dgesv_64_"], None)
    # A new CBLAS call from numpy's core, or LAPACK from outside numpy.linalg: OpenBLAS stays.
    assert blas_standin.plan({core: {"scipy_cblas_strsm64_"}})[1] == f"{core} imports scipy_cblas_strsm64_"
    assert blas_standin.plan({core: {"scipy_dgesv_64_"}})[1] is not None
    assert blas_standin.plan({"numpy/random/_generator.so": {"scipy_dgesv_64_"}})[1] is not None


_AES_SCRIPT = """
import json, random, sys
if sys.argv[1] != "-":
    sys.path.insert(0, sys.argv[1])
import cryptography
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
rng, out = random.Random(18), {"module": cryptography.__file__, "cases": []}
for key_size in (16, 24, 32):
    for length in (0, 16, 48, 160):
        key, iv, data = (rng.randbytes(n) for n in (key_size, 16, length))
        encryptor = Cipher(algorithms.AES(key), modes.CBC(iv), default_backend()).encryptor()
        encrypted = encryptor.update(data[:7]) + encryptor.update(data[7:]) + encryptor.finalize()
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv), default_backend()).decryptor()
        out["cases"].append([encrypted.hex(), decryptor.update(encrypted) + decryptor.finalize() == data])
errors = []
encryptor = Cipher(algorithms.AES(bytes(16)), modes.CBC(bytes(16))).encryptor()
encryptor.update(bytes(15))
for attempt in (encryptor.finalize, lambda: Cipher(algorithms.AES(bytes(16)), modes.CBC(bytes(8))),
                lambda: algorithms.AES(bytes(10))):
    try:
        attempt()
        errors.append("none")
    except ValueError:
        errors.append("ValueError")
out["errors"] = errors
print(json.dumps(out))
"""


def test_cryptography_stand_in_encrypts_as_cryptography_does(tmp_path):
    pytest.importorskip("cryptography")
    standins = ROOT / "packaging" / "standins"
    ours = _python("-c", _AES_SCRIPT, str(standins), cwd=tmp_path)
    real = _python("-c", _AES_SCRIPT, "-", cwd=tmp_path)
    assert ours.returncode == 0 and real.returncode == 0, ours.stderr[-2000:] + real.stderr[-2000:]
    ours_out, real_out = json.loads(ours.stdout), json.loads(real.stdout)
    assert ours_out["module"].startswith(str(standins)) and not real_out["module"].startswith(str(standins))
    assert ours_out["cases"] == real_out["cases"] and all(same for _, same in ours_out["cases"])
    assert ours_out["errors"] == real_out["errors"] == ["ValueError"] * 3


def test_cryptography_stand_in_passes_the_nist_vector_and_serves_secretstorage(packaging, tmp_path):
    pytest.importorskip("secretstorage")
    code = (f"import sys, json; sys.path[:0] = [{str(ROOT / 'packaging' / 'standins')!r}, "
            f"{str(ROOT / 'packaging')!r}]; import bundle_check, cryptography; "
            "print(json.dumps([cryptography.__version__, bundle_check.crypto_results()]))")
    done = _python("-c", code, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    version, found = json.loads(done.stdout)
    _trim, _blas, bundle_check = packaging
    assert version == "0+sevendigital-bundle" and found["nist"] == bundle_check.NIST_CIPHER
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    decryptor = Cipher(algorithms.AES(bytes.fromhex(found["aes_key"])), modes.CBC(bytes.fromhex(found["iv"]))).decryptor()
    padded = decryptor.update(bytes.fromhex(found["secret"])) + decryptor.finalize()
    assert padded[:-padded[-1]] == "secret – geheim".encode()


@needs_tools
def test_pillow_libxcb_forwarder_loads_the_systems(packaging, tmp_path):
    trim, _blas, _check = packaging
    toc = _toc("pillow.libs/*", "BINARY") + _toc("PIL/*.so", "EXTENSION")
    if not any("libxcb-" in name for name, _, _ in toc):
        pytest.skip("this Pillow has no libxcb of its own")
    if not Path(subprocess.run(["gcc", "-print-file-name=libxcb.so.1"], check=False, capture_output=True,
                               text=True).stdout.strip()).is_file():
        pytest.skip("no system libxcb.so.1 to forward to")
    kept, dropped = trim.forward_libraries(toc, str(tmp_path / "work"))
    assert [Path(name).name.split("-")[0] for name in dropped] == ["libXau"]
    forwarder = next(Path(src) for name, src, _ in kept if "libxcb-" in name)
    assert forwarder.stat().st_size < 20_000 and "libxcb.so.1" in trim._needed(str(forwarder))
    code = ("from PIL import Image, _imaging; Image.new('RGB', (4, 4)).save('x.png'); "
            "print('\\n'.join(sorted({line.split()[-1] for line in open('/proc/self/maps') if 'xcb' in line or "
            "'Xau' in line})))")
    done = _python("-c", code, preload=forwarder, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    mapped = done.stdout.split()
    assert str(forwarder) in mapped and not any("pillow.libs" in path for path in mapped)
    assert any(Path(path).name.startswith("libxcb.so.1") for path in mapped)


def test_trim_keeps_qt_strings_of_the_apps_languages_and_desktop_libraries_out(packaging):
    trim, _blas, _check = packaging
    qt_translations = "PySide6/Qt/translations/"
    assert trim.group_of(qt_translations + "qtbase_de.qm") is None
    assert trim.group_of(qt_translations + "qtbase_en.qm") is None
    for name in ("qtbase_fr.qm", "qtbase_de_AT.qm", "qtmultimedia_de.qm", "qt_de.qm"):
        assert trim.group_of(qt_translations + name) == "Qt translations but the app's languages", name
    for name in ("libstdc++.so.6", "libX11.so.6", "libfontconfig.so.1", "libz.so.1"):
        assert trim.group_of(name) == "system libraries (AppImage excludelist)", name
    # Qt's and the wheels' own copies stay; so do system libraries the list does not name.
    for name in ("PySide6/Qt/lib/libQt6Core.so.6", "pillow.libs/libfreetype-57f805ba.so.6.20.6",
                 "PySide6/Qt/lib/libz.so.1", "libglib-2.0.so.0", "libpulse.so.0", "libcrypto.so.3"):
        assert trim.group_of(name) is None, name


def test_standin_modules_name_the_cryptography_package(packaging):
    trim, _blas, _check = packaging
    entries = {name: Path(path) for name, path, kind in trim.standin_modules(ROOT / "packaging" / "standins")
               if kind == "PYMODULE"}
    assert {"cryptography", "cryptography.hazmat.backends", "cryptography.hazmat.primitives.ciphers",
            "cryptography.hazmat.primitives.ciphers.algorithms", "cryptography.hazmat.primitives.ciphers.modes"} \
        <= set(entries)
    assert entries["cryptography"].name == "__init__.py"


@needs_tools
def test_sndfile_stand_in_serves_pulseaudios_client_library(packaging, tmp_path):
    trim, _blas, _check = packaging
    system = Path("/usr/lib/x86_64-linux-gnu")
    pulsecommon = next(iter(sorted((system / "pulseaudio").glob("libpulsecommon-*.so"))), None)
    if pulsecommon is None or not (system / "libsndfile.so.1").exists():
        pytest.skip("no PulseAudio client library with libsndfile here")
    toc = [(pulsecommon.name, str(pulsecommon), "BINARY")]
    toc += [(name, str(system / name), "BINARY") for name in trim._needed(str(system / "libsndfile.so.1"))
            if (system / name).exists() and name not in ("libc.so.6", "libm.so.6")]
    toc.append(("libsndfile.so.1", str(system / "libsndfile.so.1"), "BINARY"))
    kept, replaced, dropped = trim.stub_libraries(toc, str(tmp_path), trim.SNDFILE_STUBS)
    assert replaced == ["libsndfile.so.1"] and "libFLAC.so.12" in dropped and "libvorbisenc.so.2" in dropped
    stand_in = next(Path(src) for name, src, _ in kept if name == "libsndfile.so.1")
    defined = subprocess.run(["nm", "-D", "--defined-only", str(stand_in)], check=True, capture_output=True,
                             text=True).stdout
    wanted = [line.split()[-1] for line in subprocess.run(
        ["nm", "-D", "--undefined-only", str(pulsecommon)], check=True, capture_output=True, text=True,
    ).stdout.splitlines() if " sf_" in line]
    assert wanted and all(symbol.replace("@", "@@") in defined for symbol in wanted)
