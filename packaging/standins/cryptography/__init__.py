"""The bundle's stand-in for the `cryptography` package (11 MB): the one thing the bundle uses it for,
AES-CBC for secretstorage's Secret Service sessions, done by the OpenSSL libcrypto Python's own
hashlib and ssl modules already load. packaging/sevendigital-browser.spec puts this package in the
bundle in place of the real one; tests/packaging/test_bundle_standins.py checks it against the real one.
"""
__version__ = "0+sevendigital-bundle"
