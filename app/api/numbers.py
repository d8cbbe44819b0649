"""The checked number converters: every number the client reads from the store (and the basket
reads from its file) goes through one of these, never through int(), float() or Decimal() on
raw text.

A number is checked for form and size *before* it is converted, so no text can make a conversion
slow (`int(Decimal("1e600000"))` holds the GIL for seconds), raise something untyped (a 20,000-digit
integer) or produce a silly value (NaN, Infinity, -7.00, 1E+1000000):

* `whole_number`: ids, counts, positions, pages. 1 to 18 ASCII digits, nothing else (surrounding
  whitespace aside). Anything else is a ResponseFormatError; absent or empty is None.
* `real_number`: popularity and the like. Digits with an optional fraction, bounded; else a
  ResponseFormatError.
* `money`: prices and amounts. A plain bounded decimal ("0.99") or a formatted one ("£0.99",
  "0,99 €", "1.234,50"); never negative, never an exponent, below `MAX_MONEY`. Anything else is
  None, which every caller already reads as "price unavailable".
"""
from __future__ import annotations

import re
from decimal import Decimal

from .errors import ResponseFormatError

__all__ = ["MAX_DIGITS", "MAX_MONEY", "whole_number", "whole_number_or_none", "real_number", "money",
           "money_text"]

MAX_DIGITS = 18                       # ids are 10 digits at most; 18 fit a signed 64-bit column
MAX_MONEY = Decimal(1_000_000_000)    # a price (or a basket) of a billion is not a price
_MAX_FRACTION = 6                     # 0.99, 0.995; nothing real has more places
_MAX_MONEY_TEXT = 40                  # "1.234.567,89 €" with room for a currency name either side

_WHOLE = re.compile(r"[0-9]{1,%d}" % MAX_DIGITS)
_REAL = re.compile(r"[0-9]{1,9}(?:\.[0-9]{1,15})?")
_PLAIN_MONEY = re.compile(r"[0-9]{1,12}(?:\.[0-9]{1,%d})?" % _MAX_FRACTION)
# A formatted amount: a currency prefix and/or suffix without digits or signs around one number
# written with digits and "." "," "'" or spaces as separators.
_FORMATTED_MONEY = re.compile(
    r"(?P<pre>[^\d+\-\u2212]{0,12}?)(?P<number>\d(?:[\d.,'\u00a0\u202f ]*\d)?)(?P<post>[^\d+\-\u2212]{0,12})")
_GROUPING = re.compile(r"['\u00a0\u202f ]")


def _bad(field: str) -> ResponseFormatError:
    return ResponseFormatError(f"The store sent a number this app cannot read ({field[:40]})")


def whole_number(value: str | int | None, field: str = "a number") -> int | None:
    """The int written as 1-18 ASCII digits; None for absent or blank; ResponseFormatError otherwise.

    An int (not a bool) is accepted as it is when it has no more than 18 digits and no sign."""
    if value.__class__ is str and len(value) <= MAX_DIGITS and value.isdigit() and value.isascii():
        return int(value)           # the common case, at a third of the cost of the checks below
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        if 0 <= value < 10 ** MAX_DIGITS:
            return value
        raise _bad(field)
    if not isinstance(value, str):
        raise _bad(field)
    if len(value) > MAX_DIGITS + 64:     # generous room for whitespace; never strip megabytes
        raise _bad(field)
    text = value.strip()
    if not text:
        return None
    if _WHOLE.fullmatch(text) is None:
        raise _bad(field)
    return int(text)


def whole_number_or_none(value: str | int | None) -> int | None:
    """whole_number(), with None instead of an error (for numbers that only decorate something
    more important, such as the code of an error the store reports)."""
    try:
        return whole_number(value)
    except ResponseFormatError:
        return None


def real_number(value: str | None, field: str = "a number") -> float | None:
    """A non-negative float written as digits with an optional fraction ("0.31"); None for absent or
    blank; ResponseFormatError for anything else (exponents, NaN, Infinity, signs, huge text)."""
    if value.__class__ is str and len(value) <= 25:
        units, point, fraction = value.partition(".")
        if units.isdigit() and units.isascii() and len(units) <= 9 and (
                not point or (fraction.isdigit() and fraction.isascii() and len(fraction) <= 15)):
            return float(value)     # "0.31": the common case, without the regular expression
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 64:
        raise _bad(field)
    text = value.strip()
    if not text:
        return None
    if not text.isascii() or _REAL.fullmatch(text) is None:
        raise _bad(field)
    return float(text)


def money(value: str | None) -> Decimal | None:
    """A price or amount as a Decimal, or None when absent, "N/A", or not a sensible amount.

    Accepts "0.99", "£0.99", "0,99€", "1.234,50 €", "$1,234.50", "1 234,50 €". Refuses (None)
    exponents, NaN/Infinity, negative amounts, more than 6 decimal places and amounts of
    `MAX_MONEY` or more. Text longer than 40 characters is refused before it is looked at."""
    if value is None or not isinstance(value, str) or len(value) > _MAX_MONEY_TEXT:
        return None
    units, point, cents = value.partition(".")
    if units.isdigit() and units.isascii() and len(units) <= 12 and (
            not point or (cents.isdigit() and cents.isascii() and len(cents) <= _MAX_FRACTION)):
        number = Decimal(value)             # "0.99": the common case, without the regular expressions
        return number if number < MAX_MONEY else None
    text = value.strip()
    if not text:
        return None
    if _PLAIN_MONEY.fullmatch(text):
        return _bounded(Decimal(text))
    match = _FORMATTED_MONEY.fullmatch(text)
    if match is None:
        return None
    digits = _decimal_point(_GROUPING.sub("", match.group("number")))
    if digits is None or _PLAIN_MONEY.fullmatch(digits) is None:
        return None
    return _bounded(Decimal(digits))


def money_text(value: str | int | None) -> str | None:
    """A plain amount as the basket keeps it ("7.99"), or None when `value` is not one `money()`
    reads as plain digits (a formatted price, an exponent, NaN, a negative or huge amount)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value) if 0 <= value < MAX_MONEY else None
    if not isinstance(value, str) or len(value) > _MAX_MONEY_TEXT:
        return None
    text = value.strip()
    if _PLAIN_MONEY.fullmatch(text) is None:
        return None
    number = _bounded(Decimal(text))
    return None if number is None else str(number)


def _decimal_point(digits: str) -> str | None:
    """Digits with "," and "." separators → digits with one "." decimal point (or none)."""
    comma, dot = digits.rfind(","), digits.rfind(".")
    if comma >= 0 and dot >= 0:        # the later separator is the decimal one
        thousands, point = (".", ",") if comma > dot else (",", ".")
        head, _, tail = digits.rpartition(point)
        if point in head or thousands in tail:
            return None
        return head.replace(thousands, "") + "." + tail
    if comma >= 0:
        # "0,99" is a decimal comma; "1,234" (exactly three digits after every comma) is grouping
        groups = digits.split(",")
        if len(groups) > 2 or len(groups[-1]) == 3:
            return "".join(groups)
        return digits.replace(",", ".")
    if digits.count(".") > 1:          # "1.234.567": grouping dots
        return digits.replace(".", "")
    return digits


def _bounded(number: Decimal) -> Decimal | None:
    return number if number.is_finite() and 0 <= number < MAX_MONEY else None
