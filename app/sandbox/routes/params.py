"""Request parameters as the route handlers read them: the one place numbers and dates are parsed.

Every value is bounded here, so no handler hands SQLite an integer it can't hold or `datetime` a
day it can't reach: a value out of range is error 1002 like any other bad value. The real API is
.NET: its integer parameters (ids, page, pageSize, imageSize) are Int32, and an id beyond that is
not a value it could have issued.
"""
from __future__ import annotations

import re
from datetime import date, datetime

from app.sandbox.web import MAX_PAGE_SIZE, ApiFailure, Request

INT_MAX = 2**31 - 1
# yyyyMMdd; the bounds keep a week or a month either side inside what `date` can represent.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(9999, 11, 30)
_INTEGER = re.compile(r"\s*[+-]?[0-9]{1,19}\s*", re.ASCII)     # never int() on 5,000 digits
_PATH_ID = re.compile(r"[0-9]{1,10}", re.ASCII)
_GUID = re.compile(r"\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?", re.ASCII)


def _invalid(name: str, raw: str) -> ApiFailure:
    shown = raw if len(raw) <= 40 else raw[:40] + "…"
    return ApiFailure(1002, f"Value of parameter {name} is not valid: {shown}")


def integer(req: Request, name: str, default: int | None = None, minimum: int | None = None,
            maximum: int = INT_MAX) -> int:
    """An integer parameter: 1001 if missing (and no default), 1002 if not a number or out of range."""
    raw = req.get(name)
    if raw is None or raw.strip() == "":
        if default is None:
            raise ApiFailure(1001, f"Missing parameter {name}.")
        return default
    if not _INTEGER.fullmatch(raw):
        raise _invalid(name, raw)
    value = int(raw)
    if value > maximum or (minimum is not None and value < minimum) or value < -INT_MAX - 1:
        raise _invalid(name, raw)
    return value


def item_id(req: Request, name: str) -> int:
    """A required id (artistId, releaseId, trackId, itemId): 1 … INT_MAX."""
    return integer(req, name, minimum=1)


def optional_id(req: Request, name: str) -> int | None:
    """An optional id (trackId on basket/addItem): None when absent or 0."""
    return integer(req, name, 0, minimum=0) or None


def paging(req: Request, default_size: int = 10) -> tuple[int, int]:
    """(page, pageSize): page 1 … INT_MAX, a page size beyond MAX_PAGE_SIZE gets MAX_PAGE_SIZE."""
    page = integer(req, "page", 1, minimum=1)
    size = min(MAX_PAGE_SIZE, integer(req, "pageSize", default_size, minimum=1))
    return page, size


def choice(req: Request, name: str, allowed: tuple[str, ...]) -> str | None:
    """An enumeration parameter (matched case-insensitively, answered as `allowed` spells it):
    None when absent, 1002 for a value the real service doesn't have."""
    raw = req.get(name)
    if raw is None or raw.strip() == "":
        return None
    found = next((value for value in allowed if value.lower() == raw.strip().lower()), None)
    if found is None:
        raise _invalid(name, raw)
    return found


def choices(req: Request, name: str, allowed: tuple[str, ...]) -> list[str]:
    """A comma list of enumeration values (`usageTypes=download,subscriptionstreaming`)."""
    raw = req.get(name)
    if raw is None or raw.strip() == "":
        return []
    wanted = [part.strip().lower() for part in raw.split(",")]
    by_name = {value.lower(): value for value in allowed}
    if not all(part in by_name for part in wanted):
        raise _invalid(name, raw)
    return [by_name[part] for part in dict.fromkeys(wanted)]


def basket_id(req: Request, name: str = "basketId", raw: str | None = None) -> str:
    """A basket id: a GUID (any other text is the real service's 1002 "Value of parameter BasketId
    is not valid"); `raw` for an id taken from the path (basket/{id}/status)."""
    value = (req.require(name) if raw is None else raw).strip()
    if not _GUID.fullmatch(value):
        raise ApiFailure(1002, "Value of parameter BasketId is not valid")
    return value.strip("{}").lower()


def day(req: Request, name: str, default: date) -> date:
    """A `yyyyMMdd` date between FIRST_DAY and LAST_DAY; the default when absent."""
    raw = req.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = datetime.strptime(raw.strip()[:8], "%Y%m%d").date()
    except ValueError:
        raise _invalid(name, raw) from None
    if not FIRST_DAY <= value <= LAST_DAY:
        raise _invalid(name, raw)
    return value


def path_id(text: str) -> int | None:
    """An id taken from a URL path (clip/{id}, an image file name): None unless 1 … 9,999,999,999."""
    if not _PATH_ID.fullmatch(text):
        return None
    value = int(text)
    return value or None
