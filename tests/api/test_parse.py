"""The hardened parser and the readers on hostile and odd-but-real XML shapes."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.api import (ApiError, AuthError, InputError, NetworkError, NotFoundError, PaymentError, ResponseFormatError,
                     ServerError, StoreError, image_url)
from app.api.errors import api_error, redact
from app.api.parse import parse_document, parse_token_body, read_envelope, to_decimal
from app.api.readers import read_basket, read_page, read_release, read_track

XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'


def _release(xml: str):
    return read_release(read_envelope(f'<response status="ok">{xml}</response>'.encode()).find("release"))


# --- hostile documents ------------------------------------------------------------------------

def test_an_external_entity_is_never_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    for target in ("file:///etc/passwd", secret.as_uri()):
        body = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "{target}">]>'
                f'<response status="ok"><release id="1"><title>&x;</title></release></response>').encode()
        with pytest.raises(ResponseFormatError) as caught:
            read_envelope(body)
        assert "root:" not in str(caught.value) and "TOP-SECRET" not in str(caught.value)


def test_a_doctype_hidden_in_utf16_is_still_refused():
    body = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<response status="ok"><release id="1"><title>&x;</title></release></response>').encode("utf-16")
    with pytest.raises(ResponseFormatError):
        read_envelope(body)


def test_billion_laughs_is_refused():
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1) if i > 1 else "&lol;") * 10}">' for i in range(1, 10))
    body = f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]><response status="ok">&lol9;</response>'.encode()
    with pytest.raises(ResponseFormatError):
        read_envelope(body)


def test_an_oversize_body_is_refused_before_parsing():
    body = b'<response status="ok">' + b" " * 2000 + b"</response>"
    assert read_envelope(body, max_bytes=5000).get("status") == "ok"
    with pytest.raises(ResponseFormatError, match="too large"):
        read_envelope(body, max_bytes=1000)


def test_a_deeply_nested_tree_is_refused():
    body = b'<response status="ok">' + b"<a>" * 5000 + b"</a>" * 5000 + b"</response>"
    with pytest.raises(ResponseFormatError):
        parse_document(body)


@pytest.mark.parametrize("body", [b"", b"   ", b"null", b"{\"status\": \"ok\"}", b"<response status='ok'>",
                                  b"\xef\xbb\xbf", b"<<<>>>"])
def test_non_xml_is_a_format_error(body):
    with pytest.raises(ResponseFormatError):
        read_envelope(body)


def test_envelope_status_decides():
    assert read_envelope(b'<response status="ok"/>').tag == "response"
    assert read_envelope(b' \r\n<response status=" OK "/>').tag == "response"
    for body in (b"<response/>", b'<response status="pending"/>', b"<result status='ok'/>"):
        with pytest.raises(ResponseFormatError):
            read_envelope(body)


# --- odd but real shapes ---------------------------------------------------------------------

def test_bom_whitespace_and_crlf_before_the_declaration():
    body = b'\xef\xbb\xbf\r\n  <?xml version="1.0" encoding="utf-8" ?>\r\n<response status="ok"><x/></response>'
    assert read_envelope(body).find("x") is not None


def test_undeclared_xsi_nil_is_understood():
    release = _release('<release id="5"><title>T</title><version xsi:nil="true"/><barcode xsi:nil="true"/>'
                       '<price xsi:nil="true"><rrp/></price></release>')
    assert release.version is None and release.barcode is None and release.price is None


def test_reordered_children_and_missing_optionals():
    release = _release('<release id="9"><price><onSale>true</onSale><formattedPrice>£1.50</formattedPrice>'
                       '<value> 1.50 </value><currency code="GBP">&#163;</currency></price>'
                       '<year>1999</year><title>\n   Spaced   \n</title></release>')
    assert (release.id, release.title, release.year) == (9, "Spaced", 1999)
    assert release.price.value == Decimal("1.50") and release.price.currency_symbol == "£"
    assert release.price.on_sale is True and release.price.rrp is None
    assert release.artist is None and release.label is None and release.formats == () and release.type is None


@pytest.mark.parametrize("value,formatted,expected", [
    ("0,99€", "0,99€", Decimal("0.99")), ("", "0,99 €", None), ("N/A", "N/A", None), ("", "N/A", None),
    ("1.234,50", "1.234,50 €", Decimal("1234.50")), ("1,234.50", "$1,234.50", Decimal("1234.50")),
    ("£7.99", "£7.99", Decimal("7.99")), ("NaN", "", None), ("Infinity", "", None), ("0", "£0.00", Decimal("0")),
])
def test_price_values(value, formatted, expected):
    release = _release(f'<release id="1"><title>x</title><price><currency code="EUR">€</currency>'
                       f'<value>{value}</value><formattedPrice>{formatted}</formattedPrice></price></release>')
    assert release.price.value == expected and release.price.formatted == (formatted or None)
    assert release.price.currency_code == "EUR"


@settings(database=None)  # nothing written into the working tree
@given(st.decimals(min_value=0, max_value=Decimal("99999.99"), places=2))
def test_locale_formatted_prices_round_trip(amount):
    english = f"£{amount:,.2f}"
    european = f"{amount:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".") + "€"
    assert to_decimal(english) == amount
    assert to_decimal(european) == amount


@pytest.mark.parametrize("items", ["", "<basketItems/>", "<basketItems>\n   \n</basketItems>",
                                   "<basketItems><!-- none --></basketItems>"])
def test_empty_basket_lists(items):
    basket = read_basket(read_envelope(
        f'<response status="ok"><basket id="g"><itemCount>0</itemCount>{items}</basket></response>'.encode()
    ).find("basket"))
    assert basket.items == () and basket.item_count == 0 and basket.amount_due.value == Decimal(0)


def test_amount_due_before_items_and_an_item_without_currency():
    basket = read_basket(read_envelope(
        '<response status="ok"><basket id="g"><amountDue><amount>0,99</amount><formattedAmount>0,99€'
        '</formattedAmount></amountDue><price><currency code="EUR">€</currency><value>0.99</value></price>'
        '<basketItems><basketItem id="3"><trackId/><releaseId>8</releaseId><price><value>0.99</value>'
        '</price></basketItem></basketItems></basket></response>'.encode()).find("basket"))
    assert basket.amount_due.value == Decimal("0.99") and basket.item_count == 1
    assert basket.items[0].price.currency_code == "EUR" and basket.items[0].track_id is None


def test_the_2016_shape_without_a_classic_price_reads_the_package():
    release = _release('<release id="3"><title>New</title><slug>new</slug><download><packages><package id="2">'
                       '<price><currencyCode>EUR</currencyCode><sevendigitalPrice>4.49</sevendigitalPrice>'
                       '<recommendedRetailPrice>5.99</recommendedRetailPrice></price><formats>'
                       '<format id="17"><description>MP3 320</description></format></formats></package>'
                       '</packages></download></release>')
    assert release.price.currency_code == "EUR" and release.price.value == Decimal("4.49")
    assert release.price.rrp == Decimal("5.99") and release.formats[0].description == "MP3 320"


def test_one_item_and_paging_in_any_order():
    root = read_envelope(b'<response status="ok"><tracks><track id="4"><title>Only</title></track>'
                         b'<totalItems>1</totalItems><page>3</page><pageSize>20</pageSize></tracks></response>')
    page = read_page(root, ("tracks",), "track", read_track)
    assert [t.id for t in page.items] == [4] and (page.page, page.page_size, page.total_items) == (3, 20, 1)
    assert page.items[0].duration == 0 and page.items[0].price is None


def test_mislabelled_latin1_text_is_still_read():
    body = '<?xml version="1.0" encoding="utf-8"?><response status="ok"><t>Caf\u00e9 £</t></response>'
    assert read_envelope(body.encode("cp1252")).findtext("t") == "Caf\u00e9 £"


def test_token_bodies_in_both_shapes():
    assert parse_token_body(b"oauth_token=a%2Bb&oauth_token_secret=c%3D%3D").secret == "c=="
    assert parse_token_body(b'<response status="ok"><oauth_request_token><oauth_token> t </oauth_token>'
                            b'<oauth_token_secret>s</oauth_token_secret></oauth_request_token></response>'
                            ).token == "t"
    with pytest.raises(ResponseFormatError):
        parse_token_body(b"unexpected=1")
    with pytest.raises(NotFoundError):
        parse_token_body(b'<response status="error"><error code="2001"><errorMessage>gone</errorMessage>'
                         b'</error></response>')


# --- errors and small helpers ---------------------------------------------------------------

def test_codes_map_to_typed_errors():
    assert type(api_error(1001, "m")) is InputError and type(api_error(2002, "m")) is NotFoundError
    assert type(api_error(3005, "m")) is PaymentError and type(api_error(7003, "m")) is ServerError
    assert type(api_error(9001, "m")) is ServerError and type(api_error(4242, "m")) is ApiError
    assert type(api_error(None, "m", 503)) is ServerError and type(api_error(None, "m", 404)) is NotFoundError
    for cls in (ApiError, AuthError, NetworkError, ResponseFormatError):
        assert issubclass(cls, StoreError)


def test_messages_are_short_redacted_sentences():
    exc = api_error(2001, "  Release   not found.  ")
    assert str(exc) == "Release not found (error 2001)"
    long = api_error(1002, "x" * 500)
    assert len(str(long)) < 200 and str(long).endswith("… (error 1002)")
    leak = NetworkError("failed GET http://h/1.2/user/locker?oauth_token=T0K&oauth_signature=S1G%3D&page=1")
    assert "T0K" not in str(leak) and "S1G" not in str(leak) and "page=1" in str(leak)
    header = redact('OAuth oauth_token="T0K", oauth_signature="S1G", oauth_consumer_key="key"')
    assert "T0K" not in header and "S1G" not in header and 'oauth_consumer_key="key"' in header
    assert "hunter2" not in redact("username=a&password=hunter2")
    encoded = redact("cb=http%3A%2F%2Fx%3Foauth_token%3DT0K%26oauth_signature%3DS1G%253D%26page%3D1")
    assert "T0K" not in encoded and "S1G" not in encoded and "page%3D1" in encoded
    auth = AuthError(401, "OAuth authentication error: Resource requires access token")
    assert auth.reason == "Resource requires access token" and auth.status == 401


def test_image_url_rewrites_the_size_suffix():
    base = "http://artwork-cdn.7static.com/static/img/sleeveart/00/003/208/0000320866_50.jpg"
    assert image_url(base, 350) == base.replace("_50.jpg", "_350.jpg")
    assert image_url(base + "?v=2", 200).endswith("0000320866_200.jpg?v=2")
    assert image_url("http://x/no-size.jpg", 100) == "http://x/no-size.jpg"


def test_hostile_xml_from_a_server_is_refused_over_http(api, loopback):
    xxe = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b'<response status="ok"><release id="1"><title>&x;</title></release></response>')
    loopback.serve("release/details", xxe)
    with pytest.raises(ResponseFormatError) as caught:
        api.release(1)
    assert "root:" not in str(caught.value) and "DTD" in str(caught.value)
