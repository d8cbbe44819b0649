"""Checks of the bundle's stand-ins against the real libraries they replace.

BLAS (packaging/blas_standin.py): numpy's BLAS-backed operations (dot, vdot, inner, matmul, einsum)
on small float32/float64/complex arrays. AES-CBC (packaging/standins/cryptography): NIST's test
vector and a secret formatted by secretstorage, as keyring's Secret Service backend sends it.

    python packaging/bundle_check.py OUT.npz               # BLAS results of this Python's numpy
    python packaging/bundle_check.py --compare OURS.npz REFERENCE.npz

In the bundle this file is a runtime hook, inert unless SEVENDIGITAL_BUNDLE_CHECK names a folder:
then it writes blas.npz and crypto.json there and exits before the app starts
(tests/packaging/test_bundle.py). `standin_calls` in blas.npz is how many calls the stand-in BLAS
answered (absent when numpy uses OpenBLAS).
"""
from __future__ import annotations

import os
import sys

TOLERANCE = {"float32": 2e-5, "float64": 1e-12, "complex64": 2e-5, "complex128": 1e-12}


def results() -> dict:
    import numpy as np

    rng = np.random.default_rng(18)
    out = {}
    for name in TOLERANCE:
        dtype = np.dtype(name)

        def arr(*shape, dtype=dtype):
            values = rng.standard_normal(shape)
            if dtype.kind == "c":
                values = values + 1j * rng.standard_normal(shape)
            return values.astype(dtype)

        a, b, v, w = arr(5, 7), arr(7, 3), arr(7), arr(7)
        big_a, big_b = arr(40, 50), arr(50, 30)
        cases = {
            "dot vector": np.dot(v, w), "vdot": np.vdot(v, w), "inner": np.inner(v, w),
            "dot strided": np.dot(arr(14)[::2], arr(21)[::3]),
            "matmul": a @ b, "matmul matrix-vector": a @ v, "matmul vector-matrix": v[:5] @ a,
            "matmul transposed": a.T @ arr(5, 4), "matmul both transposed": arr(3, 5).T @ arr(7, 3).T,
            "matmul Fortran order": np.asfortranarray(a) @ np.asfortranarray(b),
            "matmul strided": a[:, ::2] @ arr(8, 3)[::2], "matmul larger": big_a @ big_b,
            "A A^T": a @ a.T, "A^T A": a.T @ a, "matmul batched": arr(3, 4, 5) @ arr(3, 5, 2),
            "matmul into out": np.matmul(a, b, out=np.full((5, 3), np.nan, dtype=dtype)),
            "dot matrix-vector transposed": np.dot(a.T, arr(5)),
            "dot by a 1x1 matrix": np.dot(arr(1, 1), arr(1, 6)), "dot by one element": np.dot(arr(1), arr(1, 6)),
            "einsum ij,jk": np.einsum("ij,jk->ik", a, b, optimize=True),
            "einsum i,i": np.einsum("i,i->", v, w, optimize=True),
            "einsum ij,j": np.einsum("ij,j->i", a, v, optimize=True),
            "tensordot": np.tensordot(arr(2, 3, 4), arr(4, 3, 2), axes=([1, 2], [1, 0])),
        }
        out.update({f"{name}: {case}": np.asarray(value) for case, value in cases.items()})
    return out


def standin_calls() -> int | None:
    """Calls the stand-in answered, or None when the loaded BLAS is not the stand-in."""
    import ctypes

    with open("/proc/self/maps", encoding="utf-8") as maps:
        paths = {line.split()[-1] for line in maps if "openblas" in line}
    for path in paths:
        library = ctypes.CDLL(path)
        if hasattr(library, "sevendigital_blas_standin_calls"):
            library.sevendigital_blas_standin_calls.restype = ctypes.c_ulong
            return library.sevendigital_blas_standin_calls()
    return None


def write(path: str) -> None:
    import numpy as np

    found = results()
    calls = standin_calls()
    if calls is not None:
        found["standin_calls"] = np.asarray(calls)
    np.savez(path, **found)


def compare(ours_path: str, reference_path: str) -> list[str]:
    """The cases where the two files differ beyond the dtype's tolerance (empty: the same)."""
    import numpy as np

    ours, reference = np.load(ours_path), np.load(reference_path)
    problems = [f"{key}: missing" for key in reference.files if key not in ours.files and key != "standin_calls"]
    for key in reference.files:
        if key == "standin_calls" or key not in ours.files:
            continue
        mine, theirs = ours[key], reference[key]
        tolerance = TOLERANCE[key.split(":", 1)[0]]
        if mine.shape != theirs.shape or mine.dtype != theirs.dtype:
            problems.append(f"{key}: {mine.dtype}{mine.shape} vs {theirs.dtype}{theirs.shape}")
        elif not np.allclose(mine, theirs, rtol=tolerance, atol=tolerance * max(1.0, float(np.abs(theirs).max(initial=0)))):
            problems.append(f"{key}: largest difference {np.abs(mine - theirs).max()}")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "--compare":
        problems = compare(argv[1], argv[2])
        print("\n".join(problems) or "same results")
        return 1 if problems else 0
    if len(argv) == 1:
        write(argv[0])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


# NIST SP 800-38A, F.2.1 (CBC-AES128.Encrypt)
NIST_KEY = "2b7e151628aed2a6abf7158809cf4f3c"
NIST_IV = "000102030405060708090a0b0c0d0e0f"
NIST_PLAIN = ("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
              "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710")
NIST_CIPHER = ("7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
               "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7")


def crypto_results() -> dict:
    """The NIST vector through cryptography's API, and a secret as secretstorage formats it
    (AES key, IV, ciphertext), so that the real library can decrypt it."""
    import cryptography
    from cryptography.hazmat.backends import default_backend
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from secretstorage.dhcrypto import Session
    from secretstorage.util import format_secret

    cipher = Cipher(algorithms.AES(bytes.fromhex(NIST_KEY)), modes.CBC(bytes.fromhex(NIST_IV)), default_backend())
    encryptor = cipher.encryptor()
    encrypted = encryptor.update(bytes.fromhex(NIST_PLAIN)) + encryptor.finalize()
    session = Session()
    session.object_path, session.aes_key = "/org/freedesktop/secrets/session/1", bytes(range(16))
    _path, iv, secret, _content_type = format_secret(session, "secret – geheim".encode(), "text/plain")
    return {"version": cryptography.__version__, "nist": encrypted.hex(), "aes_key": session.aes_key.hex(), "iv": bytes(iv).hex(),
            "secret": bytes(secret).hex()}


if getattr(sys, "frozen", False):
    if os.environ.get("SEVENDIGITAL_BUNDLE_CHECK"):
        import json

        folder = os.environ["SEVENDIGITAL_BUNDLE_CHECK"]
        write(os.path.join(folder, "blas.npz"))
        with open(os.path.join(folder, "crypto.json"), "w", encoding="utf-8") as out:
            json.dump(crypto_results(), out)
        os._exit(0)
elif __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
