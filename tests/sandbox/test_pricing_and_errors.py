"""Country pricing and formatting, not-for-sale items, and the API's error envelopes."""
from __future__ import annotations

from decimal import Decimal

import pytest

from app.sandbox import SandboxServer
from app.sandbox.pricing import STORES, format_amount, price
from tests.sandbox.helpers import error_code, get, ok, xml


@pytest.mark.parametrize("country, code, symbol, pattern", [
    ("GB", "GBP", "£", r"£\d+\.\d\d"), ("US", "USD", "$", r"\$\d+\.\d\d"), ("DE", "EUR", "€", r"\d+,\d\d €"),
    ("fr", "EUR", "€", r"\d+,\d\d €"),
])
def test_each_store_prices_in_its_currency_and_format(sandbox, country, code, symbol, pattern):
    import re

    release = ok(get(sandbox, "release/details", releaseId=300000, country=country)).find("release/price")
    assert release.find("currency").get("code") == code and release.findtext("currency") == symbol
    assert re.fullmatch(pattern, release.findtext("formattedPrice"))
    value = Decimal(release.findtext("value"))
    number = release.findtext("formattedPrice").strip("£$€ ").replace(",", ".")
    assert Decimal(number) == value
    track = ok(get(sandbox, "track/details", trackId=2000000, country=country)).find("track/price")
    assert track.find("currency").get("code") == code


def test_formatting_rules():
    assert format_amount(STORES["GB"], "0.99") == "£0.99"
    assert format_amount(STORES["US"], "12.5") == "$12.50"
    assert format_amount(STORES["DE"], "0.99") == "0,99 €"
    assert format_amount(STORES["NL"], "0.99") == "€ 0,99"
    assert format_amount(STORES["IE"], "0.99") == "€0.99"


def test_sale_prices_are_below_the_rrp_and_unavailable_is_na():
    sale = price(STORES["GB"], 3, True, release=True)
    assert sale.on_sale and sale.value < sale.rrp and sale.formatted_rrp == "£7.99"
    unavailable = price(STORES["GB"], 0, False, release=True)
    assert unavailable.value is None and unavailable.formatted == "N/A"


def test_catalogue_has_items_on_sale_and_not_for_sale(sandbox):
    prices = []
    for page in (1, 2, 3, 4):
        prices += ok(get(sandbox, "release/search", q="a", page=page, pageSize=50)).findall(".//release/price")
    on_sale = [p for p in prices if p.findtext("onSale") == "true"]
    assert on_sale and all(Decimal(p.findtext("value")) < Decimal(p.findtext("rrp")) for p in on_sale)
    na = [p for p in prices if p.findtext("formattedPrice") == "N/A"]
    assert na and all(not p.findtext("value") for p in na)


def test_unknown_country_is_an_error(sandbox):
    assert error_code(get(sandbox, "release/details", releaseId=300000, country="XX")) == 1002


def test_classic_errors_come_with_http_200(sandbox):
    cases = [("release/details", {}, 1001), ("release/details", {"releaseId": "abc"}, 1002),
             ("release/details", {"releaseId": 1}, 2001), ("artist/details", {"artistId": 5}, 2001),
             ("track/details", {"trackId": 7}, 2001), ("artist/search", {"q": "the", "page": 0}, 1002),
             ("artist/search", {"q": "the", "page": 999}, 1003), ("basket", {"basketId": "nope"}, 1002),
             ("basket", {"basketId": "3a0e0a44-0000-4000-8000-000000000000"}, 2001),
             ("release/byTag/new", {"tags": "no-such-tag"}, 2001)]
    for path, params, code in cases:
        response = get(sandbox, path, **params)
        assert response.status_code == 200, path
        assert error_code(response) == code, path
        assert xml(response).findtext("error/errorMessage")


def test_missing_parameter_message_names_the_parameter(sandbox):
    assert "artistId" in xml(get(sandbox, "artist/details")).findtext("error/errorMessage")


def test_later_api_http_statuses_when_switched_on(catalogue_cache):
    with SandboxServer(port=0, catalogue="small", cache_dir=catalogue_cache, http_error_statuses=True) as server:
        missing = get(server, "release/details", releaseId=1)
        assert missing.status_code == 404 and error_code(missing) == 2001
        invalid = get(server, "release/details", releaseId="abc")
        assert invalid.status_code == 400 and error_code(invalid) == 1002
        assert get(server, "release/details", releaseId=300000).status_code == 200
