"""Which addresses the client sends secrets to, and which links it hands on to a web browser.

* `is_loopback()`: 127.0.0.0/8, ::1 and "localhost": this machine (the embedded store).
* `secure_url()`: a URL upgraded to https unless it points at this machine. Signed and user calls
  go through it (the real service's clients all do: Node `sslHost`, Ruby
  `require_secure_connection`, C# `[RequireSecure]`), so neither a signature, a token nor a
  password crosses the network in the clear, whatever scheme the API address was written with.
* `browser_link()`: a link from the store that may be opened in a web browser: https, or http
  when both the store and the link are on this machine. Anything else (file:, javascript:, data:,
  smb:, a plain-http page elsewhere, a link with spaces or control characters) is an
  UnsafeLinkError.
"""
from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit, urlunsplit

from .errors import UnsafeLinkError

__all__ = ["is_loopback", "is_loopback_url", "secure_url", "browser_link"]

_MAX_LINK = 8192
_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x20\x7f-\x9f\\\u2028\u2029]")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]{0,30}")


def is_loopback(host: str | None) -> bool:
    """True for "localhost", 127.0.0.0/8 and ::1 (also written [::1] or as ::ffff:127.x.y.z)."""
    if not host:
        return False
    name = host.strip().strip("[]").rstrip(".").lower()
    if name == "localhost":
        return True
    try:
        address = ipaddress.ip_address(name.partition("%")[0])
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


def is_loopback_url(url: str) -> bool:
    """True when `url`'s host is this machine."""
    try:
        return is_loopback(urlsplit(url).hostname)
    except ValueError:
        return False


def secure_url(url: str) -> str:
    """`url` with http:// turned into https:// unless its host is this machine (port kept: a store
    on a port of its own serves both on it, as 7digital's api-stub does; port 80 becomes 443)."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "http" or is_loopback(parts.hostname):
        return url
    netloc = parts.netloc
    try:
        port = parts.port
    except ValueError:
        port = None
    if port == 80:
        netloc = netloc[: netloc.rfind(":")]
    return urlunsplit(("https", netloc, parts.path, parts.query, parts.fragment))


def browser_link(url: object, store_url: str) -> str:
    """`url` when a web browser may open it; UnsafeLinkError otherwise (see the module docstring).

    `store_url` is the API address of the store that sent the link: plain http is accepted only
    when both it and the link point at this machine (the embedded store)."""
    if not isinstance(url, str) or not url or len(url) > _MAX_LINK:
        raise UnsafeLinkError("")
    scheme, colon, _ = url.partition(":")
    if not colon or _SCHEME.fullmatch(scheme) is None:
        raise UnsafeLinkError("")
    scheme = scheme.lower()
    if _UNSAFE_CHARACTERS.search(url):
        raise UnsafeLinkError(scheme)
    try:
        parts = urlsplit(url)
        host, _port = parts.hostname, parts.port      # .port raises ValueError for junk
    except ValueError:
        raise UnsafeLinkError(scheme) from None
    if not host:
        raise UnsafeLinkError(scheme)
    if scheme == "https":
        return url
    if scheme == "http" and is_loopback(host) and is_loopback_url(store_url):
        return url
    raise UnsafeLinkError(scheme)
