"""A small BLAS in place of numpy's OpenBLAS in the bundle (28 MB with the libgfortran it links, ~30 KB).

numpy's wheel links libscipy_openblas64_ for two modules: _multiarray_umath imports 22 CBLAS functions
(dot, vdot, matmul, einsum and inner use them; numpy's import-time sanity check calls sdot), and
numpy.linalg, loaded with numpy, imports LAPACK. The app's clip synthesis (app/sandbox/music.py) does
elementwise work only, and nothing in the app calls numpy.linalg. packaging/blas_standin.c implements
the CBLAS functions as plain loops (correct, not fast: the app multiplies no matrices); the LAPACK
names are added as functions that name the routine and abort. The stand-in is used only when every
symbol numpy imports from OpenBLAS is one of those CBLAS functions or a LAPACK routine imported by
numpy.linalg alone; anything else (a new numpy) keeps the original. packaging/bundle_check.py compares
the stand-in's results with OpenBLAS's (tests/packaging/test_bundle_standins.py, and inside the built
bundle tests/packaging/test_bundle.py, which also plays a preview with it).
"""
from __future__ import annotations

import fnmatch
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from bundle_trim import _closure, _dynamic_symbols, _needed

SOURCE = Path(__file__).resolve().parent / "blas_standin.c"
OPENBLAS = "numpy.libs/libscipy_openblas64_*.so"
PREFIX, SUFFIX = "scipy_", "64_"          # ILP64 names as the numpy 2 wheels import them
CBLAS = tuple(f"cblas_{kind}{routine}" for kind in "sdcz" for routine in ("axpy", "gemv", "gemm", "syrk")) + (
    "cblas_sdot", "cblas_ddot", "cblas_cdotu_sub", "cblas_cdotc_sub", "cblas_zdotu_sub", "cblas_zdotc_sub")
# Fortran LAPACK/BLAS names (scipy_dgesv_64_) that only numpy.linalg may import: they abort if called.
_LAPACK = re.compile(rf"{PREFIX}[sdcz][a-z0-9]+_{SUFFIX}")
_LINALG_USERS = "numpy/linalg/*"


def plan(imports: dict[str, set[str]]) -> tuple[list[str], str | None]:
    """(names to abort, None) for the users' imports ({bundle path: symbols from OpenBLAS}), or
    ([], why not) when one of them imports something the stand-in can't stand for."""
    implemented = {f"{PREFIX}{name}{SUFFIX}" for name in CBLAS}
    missing: set[str] = set()
    for user, symbols in imports.items():
        for symbol in symbols - implemented:
            if not (fnmatch.fnmatchcase(user, _LINALG_USERS) and _LAPACK.fullmatch(symbol)):
                return [], f"{user} imports {symbol}"
            missing.add(symbol)
    return sorted(missing), None


def build(target: Path, soname: str, aborting: list[str]) -> None:
    """Compile blas_standin.c plus an aborting function per name in `aborting`, as `soname`."""
    stubs = "".join(f'void {name}(void) {{ sevendigital_blas_standin_missing("LAPACK {name} (numpy.linalg)"); }}\n'
                    for name in aborting)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="blas-") as tmp:
        c_file = Path(tmp) / "blas_standin.c"
        c_file.write_text(f"{SOURCE.read_text()}\n/* numpy.linalg's LAPACK, never called by the app */\n{stubs}")
        subprocess.run(["gcc", "-shared", "-fPIC", "-O2", "-s", f"-DBLAS_PREFIX={PREFIX}", f"-DBLAS_SUFFIX={SUFFIX}",
                        f"-Wl,-soname,{soname}", "-o", str(target), str(c_file)],
                       check=True, capture_output=True, text=True, timeout=120)


def stand_in_openblas(binaries: list, workpath: str) -> tuple[list, str]:
    """(TOC, what happened): numpy's OpenBLAS replaced by the stand-in, and the libraries only
    OpenBLAS linked (libgfortran, libquadmath) left out. Without gcc nothing changes."""
    entries = [entry for entry in binaries if fnmatch.fnmatchcase(entry[0], OPENBLAS)]
    if not entries:
        return binaries, "BLAS: no OpenBLAS in the bundle"
    if not shutil.which("gcc"):
        return binaries, "BLAS: OpenBLAS kept, gcc is missing"
    name, src, kind = entries[0]
    soname = Path(name).name
    provided = _dynamic_symbols(src, defined=True)
    imports = {user: _dynamic_symbols(user_src, defined=False) & provided
               for user, user_src, _ in binaries if user != name and soname in _needed(user_src)}
    aborting, why_not = plan(imports)
    if why_not:
        return binaries, f"BLAS: OpenBLAS kept, {why_not}"
    target = Path(workpath) / "blas" / soname
    try:
        build(target, soname, aborting)
    except (OSError, subprocess.SubprocessError) as exc:
        return binaries, f"BLAS: OpenBLAS kept, the stand-in did not build: {exc}"
    lacking = set().union(*imports.values()) - _dynamic_symbols(str(target), defined=True)
    if lacking:
        return binaries, f"BLAS: OpenBLAS kept, the stand-in lacks {', '.join(sorted(lacking))}"
    swapped = [(name, str(target), kind) if entry[0] == name else entry for entry in binaries]
    by_soname = {Path(n).name: (n, s) for n, s, _ in binaries}
    linked = _closure([(name, src)], by_soname) - {name}
    still_needed = _closure(((n, s) for n, s, _ in swapped if n not in linked),
                            {Path(n).name: (n, s) for n, s, _ in swapped})
    dropped = sorted(linked - still_needed)
    kept = [entry for entry in swapped if entry[0] not in dropped]
    saved = sum(Path(s).stat().st_size for n, s, _ in binaries if n == name or n in dropped) - target.stat().st_size
    return kept, (f"BLAS: stand-in for {soname} ({len(imports)} users, {len(aborting)} LAPACK names abort), "
                  f"left out with OpenBLAS: {', '.join(dropped) or 'nothing'}; {saved / 1e6:.1f} MB saved")
