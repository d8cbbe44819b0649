"""`Cipher(AES(key), CBC(iv))` with encryptor()/decryptor(), as cryptography has them, on OpenSSL's EVP
interface through ctypes. No padding (CBC in cryptography pads nothing either: data must come in whole
blocks, or finalize() raises ValueError)."""
from __future__ import annotations

import _hashlib  # noqa: F401  (loads the libcrypto this Python was built with, found below by soname)
import ctypes
import ctypes.util

from . import algorithms, modes

__all__ = ["Cipher", "algorithms", "modes"]


class AlreadyFinalized(Exception):
    """The context was finalized; as cryptography.exceptions.AlreadyFinalized."""


def _libcrypto() -> ctypes.CDLL:
    for name in ("libcrypto.so.3", "libcrypto.so.1.1", ctypes.util.find_library("crypto")):
        if name:
            try:
                library = ctypes.CDLL(name)
            except OSError:
                continue
            void_p, c_int = ctypes.c_void_p, ctypes.c_int
            library.EVP_CIPHER_CTX_new.restype = void_p
            library.EVP_CIPHER_CTX_free.argtypes = [void_p]
            for bits in (128, 192, 256):
                getattr(library, f"EVP_aes_{bits}_cbc").restype = void_p
            library.EVP_CipherInit_ex.argtypes = [void_p, void_p, void_p, ctypes.c_char_p, ctypes.c_char_p, c_int]
            library.EVP_CIPHER_CTX_set_padding.argtypes = [void_p, c_int]
            library.EVP_CipherUpdate.argtypes = [void_p, ctypes.c_char_p, ctypes.POINTER(c_int), ctypes.c_char_p, c_int]
            library.EVP_CipherFinal_ex.argtypes = [void_p, ctypes.c_char_p, ctypes.POINTER(c_int)]
            return library
    raise ImportError("OpenSSL's libcrypto was not found")


_LIB = _libcrypto()


class _Context:
    def __init__(self, key: bytes, iv: bytes, encrypt: bool) -> None:
        self._ctx = _LIB.EVP_CIPHER_CTX_new()
        if not self._ctx:
            raise MemoryError("EVP_CIPHER_CTX_new failed")
        cipher = getattr(_LIB, f"EVP_aes_{len(key) * 8}_cbc")()
        if _LIB.EVP_CipherInit_ex(self._ctx, cipher, None, key, iv, int(encrypt)) != 1 \
                or _LIB.EVP_CIPHER_CTX_set_padding(self._ctx, 0) != 1:
            self._free()
            raise ValueError("OpenSSL refused the AES-CBC key or IV")
        self._pending = 0          # bytes given modulo the block size, to say what finalize() will say

    def update(self, data: bytes) -> bytes:
        if not self._ctx:
            raise AlreadyFinalized("Context was already finalized.")
        data = bytes(data)
        out = ctypes.create_string_buffer(len(data) + 16)
        written = ctypes.c_int(0)
        if _LIB.EVP_CipherUpdate(self._ctx, out, ctypes.byref(written), data, len(data)) != 1:
            raise ValueError("AES-CBC update failed")
        self._pending = (self._pending + len(data)) % 16
        return out.raw[:written.value]

    def finalize(self) -> bytes:
        if not self._ctx:
            raise AlreadyFinalized("Context was already finalized.")
        try:
            if self._pending:
                raise ValueError("The length of the provided data is not a multiple of the block length.")
            out = ctypes.create_string_buffer(32)
            written = ctypes.c_int(0)
            if _LIB.EVP_CipherFinal_ex(self._ctx, out, ctypes.byref(written)) != 1:
                raise ValueError("AES-CBC finalize failed")
            return out.raw[:written.value]
        finally:
            self._free()

    def _free(self) -> None:
        if self._ctx:
            _LIB.EVP_CIPHER_CTX_free(self._ctx)
            self._ctx = None

    def __del__(self) -> None:
        self._free()


class Cipher:
    def __init__(self, algorithm: algorithms.AES, mode: modes.CBC, backend: object = None) -> None:
        if not isinstance(algorithm, algorithms.AES) or not isinstance(mode, modes.CBC):
            raise TypeError("this bundle's cryptography stand-in does AES-CBC only")
        if len(mode.initialization_vector) != 16:
            raise ValueError(f"Invalid IV size ({len(mode.initialization_vector)}) for CBC.")
        self.algorithm, self.mode = algorithm, mode

    def encryptor(self) -> _Context:
        return _Context(self.algorithm.key, self.mode.initialization_vector, encrypt=True)

    def decryptor(self) -> _Context:
        return _Context(self.algorithm.key, self.mode.initialization_vector, encrypt=False)
