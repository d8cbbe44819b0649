"""Hardened XML parsing of store responses, the `<response status=…>` envelope, and primitive readers.

The parser resolves no entities, loads no DTD, touches no network and refuses huge trees; any
document with a DOCTYPE is refused outright (7digital never sends one, attackers do). Success is
decided by `status="ok"` alone, whatever the HTTP status was.
"""
from __future__ import annotations

import re
import threading
from datetime import date
from urllib.parse import parse_qs

from lxml import etree

from .errors import ResponseFormatError, api_error
from .models import OAuthToken
from .numbers import money as to_decimal
from .numbers import real_number as to_float
from .numbers import whole_number as to_int
from .numbers import whole_number_or_none

__all__ = [
    "MAX_RESPONSE_BYTES", "parse_document", "parse_envelope", "read_envelope", "text", "child_text",
    "to_int", "to_bool", "to_date", "to_decimal", "to_float", "parse_token_body",
]

MAX_RESPONSE_BYTES = 16_000_000  # a 1,000-item page of full releases is ~2 MB
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XSI_NIL = f"{{{XSI}}}nil"
_UTF8_BOM = b"\xef\xbb\xbf"
_local = threading.local()


def _parser() -> etree.XMLParser:
    # lxml parser objects must not be shared between threads that parse at the same time.
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
            huge_tree=False, remove_comments=True, remove_pis=True, collect_ids=False,
            remove_blank_text=True,  # whitespace between elements: a third of the parse time, no data
        )
    return parser


def parse_document(data: bytes, max_bytes: int = MAX_RESPONSE_BYTES) -> etree._Element:
    """The root element of `data`, or ResponseFormatError (not XML, DOCTYPE/entities, too large)."""
    if len(data) > max_bytes:
        raise ResponseFormatError("The store's response was too large to read")
    body = data[3:] if data.startswith(_UTF8_BOM) else data
    body = body.lstrip()
    if not body.startswith(b"<"):
        raise ResponseFormatError("The store's response was not XML")
    if b"<!DOCTYPE" in body or b"<!ENTITY" in body:
        raise ResponseFormatError("The store's response declared a DTD or entities, which is refused")
    try:
        root = etree.fromstring(body, _parser())
    except etree.XMLSyntaxError as exc:
        root = _reparse(body, str(exc))
    if root.getroottree().docinfo.internalDTD is not None:  # e.g. a DOCTYPE in UTF-16
        raise ResponseFormatError("The store's response declared a DTD or entities, which is refused")
    return root


def _reparse(body: bytes, problem: str) -> etree._Element:
    """Second chance for two known real-world defects; anything else is a format error."""
    if "Namespace prefix xsi" in problem and b"xmlns:xsi" not in body:
        # Some recorded responses use xsi:nil / xsi:noNamespaceSchemaLocation without declaring xsi.
        fixed = _declare_xsi(body)
        if fixed is not None:
            try:
                return etree.fromstring(fixed, _parser())
            except etree.XMLSyntaxError:
                pass
    elif "not proper UTF-8" in problem or "encoding" in problem.lower():
        # Old servers occasionally mislabel Latin-1 text as UTF-8.
        text = _XML_DECL.sub("", body.decode("cp1252", errors="replace"), count=1)
        try:
            return etree.fromstring(text, _parser())
        except (etree.XMLSyntaxError, ValueError):
            pass
    raise ResponseFormatError("The store's response was not well-formed XML")


_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_FIRST_TAG = re.compile(rb"<([A-Za-z_][\w.\-]*)")


def _declare_xsi(body: bytes) -> bytes | None:
    match = _FIRST_TAG.search(body)  # the root's start tag: "<?xml" and "<!--" don't match
    if match is None:
        return None
    return body[:match.end()] + f' xmlns:xsi="{XSI}"'.encode() + body[match.end():]


def parse_envelope(root: etree._Element, http_status: int | None = None) -> etree._Element:
    """`root` if it is `<response status="ok">`; the typed ApiError if status="error"; else a format error."""
    if root.tag != "response":
        raise ResponseFormatError(f"The store sent an unexpected kind of answer (<{_name(root)}>)")
    status = (root.get("status") or "").strip().lower()
    if status == "ok":
        return root
    if status == "error":
        error = root.find("error")
        code = whole_number_or_none(error.get("code")) if error is not None else None
        message = child_text(error, "errorMessage") if error is not None else None
        raise api_error(code, message or "The store reported an error", http_status)
    raise ResponseFormatError(f"The store sent an answer with an unknown status ({status or 'none'!r})")


def read_envelope(data: bytes, http_status: int | None = None,
                  max_bytes: int = MAX_RESPONSE_BYTES) -> etree._Element:
    """parse_document + parse_envelope: the `<response>` element of a successful answer."""
    return parse_envelope(parse_document(data, max_bytes), http_status)


def _name(element) -> str:
    tag = element.tag if isinstance(element.tag, str) else "?"
    return tag[:40]


# --- primitive readers: all tolerate None, whitespace and xsi:nil ---------------------------------
# Numbers: to_int, to_float and to_decimal are the checked converters of numbers.py (whole_number,
# real_number, money): junk in a number is a ResponseFormatError, junk in a price is None.

def text(element) -> str | None:
    """Stripped text of `element`; None when absent, empty, whitespace-only or xsi:nil.

    An xsi:nil element is empty by definition, so its missing text already reads as None; not
    looking the namespaced attribute up on every leaf is a third of the reading time.
    """
    if element is None:
        return None
    value = element.text
    if value:
        value = value.strip()
    return value or None


def child_text(element, tag: str) -> str | None:
    """text() of the first child called `tag`."""
    return text(element.find(tag)) if element is not None else None


def to_bool(value: str | None) -> bool:
    """True only for "true"/"1" (any case)."""
    return value is not None and value.strip().lower() in ("true", "1")


def to_date(value: str | None) -> date | None:
    """The calendar day of an ISO-8601 timestamp; None for absent, junk or the 0001-01-01 placeholder."""
    if not value or len(value) < 10:
        return None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return None
    return None if day.year <= 1 else day


# --- OAuth token bodies: XML (classic) or form-encoded (2015 docs) -----------------------------

def parse_token_body(data: bytes, http_status: int | None = None) -> OAuthToken:
    """An OAuthToken from `<oauth_request_token>`/`<oauth_access_token>` XML or `oauth_token=…&…`."""
    stripped = (data[3:] if data.startswith(_UTF8_BOM) else data).strip()
    if not stripped.startswith(b"<"):
        fields = parse_qs(stripped.decode("utf-8", errors="replace"), keep_blank_values=True)
        token = (fields.get("oauth_token") or [""])[0]
        secret = (fields.get("oauth_token_secret") or [""])[0]
        if not token:
            raise ResponseFormatError("The store's sign-in answer held no token")
        return OAuthToken(token, secret)
    root = read_envelope(data, http_status)
    for holder in root.iter("oauth_access_token", "oauth_request_token", "oauth_token_response"):
        token = child_text(holder, "oauth_token")
        if token:
            return OAuthToken(token, child_text(holder, "oauth_token_secret") or "")
    token = child_text(root, "oauth_token")
    if token:
        return OAuthToken(token, child_text(root, "oauth_token_secret") or "")
    raise ResponseFormatError("The store's sign-in answer held no token")
