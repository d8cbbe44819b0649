"""Recorded basket, sign-in, user, locker and error responses over loopback HTTP, plus every other
recording (endpoints the client has no method for) through the generic request path."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.api import (Amount, ApiError, AuthError, BasketStatus, InputError, NotFoundError, OAuthToken, PaymentError,
                     ResponseFormatError, StoreClient, User)
from app.api.readers import read_artist, read_basket, read_locker_release, read_page, read_release

GUID = "41699dd8-422c-4bd9-a992-9131cc9221a6"


def _serve(loopback, recorded_dir, path, name, status=200):
    loopback.serve(path, (recorded_dir / name).read_bytes(), status)


def test_basket_with_a_track_and_a_release(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, "basket", "basket-get.xml")
    basket = api.basket(GUID)
    assert (basket.id, basket.item_count, len(basket.items)) == (GUID, 2, 2)
    assert basket.price.value == Decimal("1.98") and basket.price.currency_symbol == "£"
    assert basket.amount_due == Amount(Decimal("1.98"), "£1.98", "GBP")
    track, release = basket.items
    assert (track.id, track.type, track.item_name, track.track_id, track.release_id) == (
        205791050, "track", "Somewhere Only We Know", 1535, 320867)
    assert (release.id, release.type, release.track_id, release.release_id) == (205791051, "release", None, 320866)
    assert release.price.value == Decimal("4.99") and release.amount_due.value == Decimal("0.99")
    assert loopback.hits("basket")[0].query["basketId"] == GUID


def test_create_basket_both_eras(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, "basket/create", "basket-create.xml")
    basket = api.create_basket()
    assert basket.id == "00000000-0000-0000-0000-000000000000" and basket.items == () and basket.item_count == 0
    assert basket.amount_due.value == Decimal("0") and basket.amount_due.formatted == "£0.00"

    _serve(loopback, recorded_dir, "basket/create", "basket-create-2012.xml")  # BOM, CRLF, &#163;
    old = api.create_basket()
    assert old.items == () and old.price.currency_symbol == "£" and old.price.formatted == "£0.00"
    assert old.amount_due.currency_code == "GBP"


def test_add_items_inherit_the_basket_currency(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, "basket/addItem", "basket-additem.xml")
    basket = api.add_to_basket(GUID, 1192901)
    item = basket.items[0]
    assert (item.item_name, item.artist_name, item.release_id, item.track_id) == (
        "Wasting Light", "Foo Fighters", 1192901, None)
    assert item.price.currency_code == "GBP" and item.price.currency_symbol == "£"  # inherited
    assert item.price.value == Decimal("7.99") and basket.amount_due.value == Decimal("7.99")
    sent = loopback.hits("basket/addItem")[0].query
    assert sent["releaseId"] == "1192901" and "trackId" not in sent

    _serve(loopback, recorded_dir, "basket/addItem", "basket-additem-track.xml")
    with_track = api.add_to_basket(GUID, 2442, track_id=15)
    assert with_track.items[0].release_id == 2442 and with_track.items[0].price.value == Decimal("0.99")
    assert loopback.hits("basket/addItem")[1].query["trackId"] == "15"


def test_remove_item_with_a_whitespace_only_list(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, "basket/removeItem", "basket-removeitem.xml")
    basket = api.remove_from_basket(GUID, 15284882)
    assert basket.items == () and basket.price.value == Decimal("0.00") and basket.amount_due.formatted == "£0"
    assert loopback.hits("basket/removeItem")[0].query["itemId"] == "15284882"


def test_basket_status_success_and_failure(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, f"basket/{GUID}/status", "basket-status-success.xml")
    status = api.basket_status(GUID)
    assert status == BasketStatus("Success", 12345) and status.succeeded
    _serve(loopback, recorded_dir, f"basket/{GUID}/status", "basket-status-failure.xml")
    failed = api.basket_status(GUID)
    assert failed == BasketStatus("Failure", None) and not failed.succeeded


def test_request_and_access_tokens_from_xml(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, "oauth/requesttoken", "oauth-requesttoken.xml")
    _serve(loopback, recorded_dir, "oauth/accesstoken", "oauth-accesstoken.xml")
    request = api.request_token()
    assert request == OAuthToken("yu87230J29DT7tyuGslO98wrR43e39Of", "d2I8uj7yaoa39KKdu3upasybu98f89fln")
    access = api.access_token(request)
    assert access.token == "yu87230J29DT7tyuGslO98wrR43e39Of"
    assert access.secret == "d2I8uj7yaoa39KKdu3upasybu98f89fln"
    signed = loopback.hits("oauth/accesstoken")[0].query
    assert signed["oauth_token"] == request.token and signed["oauth_signature_method"] == "HMAC-SHA1"
    assert "secret" not in repr(access) and request.token not in repr(access)


def test_user_details_and_lockers(api, loopback, recorded_dir):
    user_api = api.with_access_token(OAuthToken("access-token-01", "access-secret-01"))
    _serve(loopback, recorded_dir, "user/details", "user-details.xml")
    assert user_api.user_details() == User(4874230, "7digital", "commercial-devteam+test@7digital.com")
    assert loopback.hits("user/details")[0].query["oauth_token"] == "access-token-01"

    _serve(loopback, recorded_dir, "user/locker", "user-locker.xml")
    locker = user_api.locker()
    assert (locker.total_items, len(locker.items)) == (25, 10)
    first = locker.items[0]
    assert (first.release.id, first.release.title) == (188863, "DEFAULT LOCKER 01")
    track = first.tracks[0]
    assert (track.track.id, track.track.title, track.remaining_downloads) == (2052636, "Track 01", 3)
    assert track.purchase_date == date(2011, 4, 13) and track.download_urls[0].format.id == 17
    assert "oauth_signature=fky3BN0gEGrCeCviP%2FdefDnEPNU%3D" in track.download_urls[0].url
    assert "fky3BN0g" not in repr(track)  # signatures stay out of logs

    _serve(loopback, recorded_dir, "user/locker", "user-locker-node.xml")
    node = user_api.locker(page_size=1)
    entry = node.items[0]
    assert entry.available is True and entry.release.licensor is not None and entry.release.licensor.id == 317
    assert entry.tracks[0].purchase_id == 812485994 and len(entry.tracks[0].download_urls) == 2
    assert [u.format.file_format for u in entry.tracks[0].download_urls] == ["MP3", "M4A"]

    _serve(loopback, recorded_dir, "user/locker", "user-locker-ruby.xml")
    ruby = user_api.locker()
    assert ruby.items[0].release.artist.name == "Patti Smith"
    assert ruby.items[0].tracks[0].remaining_downloads == 355

    _serve(loopback, recorded_dir, "user/locker", "user-locker-empty.xml")
    empty = user_api.locker()
    assert empty.items == () and empty.total_items == 0


def test_user_calls_need_a_token_before_any_request(api, loopback):
    with pytest.raises(AuthError) as caught:
        api.locker()
    assert caught.value.status == 401 and loopback.requests == []
    assert str(caught.value) == "Sign in to your 7digital account first" and caught.value.for_user


# Every error recording, served the way the API does (HTTP 200 in the classic API, 4xx later).
ERRORS = [
    ("error-1001-missing-key.xml", "release/details", 200, InputError, 1001, "Required parameter key is missing"),
    ("error-1002-card-add.xml", "release/details", 200, InputError, 1002, "Adding card failed"),
    ("error-1002-cardid.xml", "release/details", 400, InputError, 1002, "Value of parameter CardId is not valid"),
    ("error-1002-invalid-userid.xml", "release/details", 400, InputError, 1002,
     "Value of parameter userId is not valid: invalid"),
    ("error-2001-basket-not-found.xml", "release/details", 200, NotFoundError, 2001,
     "Basket with id 328907 not found"),
    ("error-2001-release-missing.xml", "release/details", 404, NotFoundError, 2001,
     "No releases found with id: missing"),
    ("error-2001-release-not-found.xml", "release/details", 200, NotFoundError, 2001, "Release not found"),
    ("error-2001-release-tracks.xml", "release/details", 404, NotFoundError, 2001, "Release not found"),
    ("error-2001-tag-not-found.xml", "release/details", 200, NotFoundError, 2001,
     "None of the provided tag(s) exist"),
    ("error-3012-voucher.xml", "release/details", 200, PaymentError, 3012,
     "Value of parameter releaseId is not valid: P_INVALID"),
    ("error-template.xml", "release/details", 200, ApiError, None, "Api is dead"),
]


@pytest.mark.parametrize("name,path,status,error,code,message", ERRORS, ids=[e[0] for e in ERRORS])
def test_error_recordings_raise_the_typed_error(api, loopback, recorded_dir, name, path, status, error, code,
                                                message):
    _serve(loopback, recorded_dir, path, name, status)
    with pytest.raises(ApiError) as caught:
        api.release(1)
    exc = caught.value
    assert type(exc) is error and exc.code == code and exc.message == message and exc.status == status
    assert str(exc) == (f"{message} (error {code})" if code else message)


def test_release_not_found_reads_as_a_sentence(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, "release/details", "error-2001-release-not-found.xml")
    with pytest.raises(NotFoundError, match=r"^Release not found \(error 2001\)$"):
        api.release(404)


def test_a_non_api_document_is_a_format_error(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, "release/details", "bogus-strange-response.xml")
    with pytest.raises(ResponseFormatError, match="unexpected kind of answer"):
        api.release(1)


def _generic(api, loopback, recorded_dir, name, path="generic/endpoint", **options):
    _serve(loopback, recorded_dir, path, name)
    return api.request(path, {"x": "1"}, **options)


def test_endpoints_without_a_method_pass_through_the_generic_path(api, loopback, recorded_dir):
    root = _generic(api, loopback, recorded_dir, "countries.xml")
    assert [c.get("code") for c in root.iter("country")][:3] == ["BE", "CA", "DE"]
    assert root.find("countries/country/localName").text == "Belgi\u00eb/Belgique"
    root = _generic(api, loopback, recorded_dir, "country-resolve.xml")
    assert root.findtext("GeoIpLookup/ipaddress") == "84.45.95.241"
    root = _generic(api, loopback, recorded_dir, "country-georestrictions-checkout.xml")
    assert root.findtext("geoRestrictions/allowCheckout") == "true"
    root = _generic(api, loopback, recorded_dir, "payment-card-type.xml")
    assert [c.get("id") for c in root.iter("cardType")] == ["MAESTRO", "MASTERCARD", "VISA", "AMEX"]
    root = _generic(api, loopback, recorded_dir, "user-payment-card.xml", user=False)
    assert [(c.get("id"), c.findtext("default")) for c in root.iter("card")] == [("1", "true"), ("41", "false")]
    root = _generic(api, loopback, recorded_dir, "user-payment-card-ruby.xml")
    assert root.findtext("card/cardHolderName") == "Mr. John Smith"
    root = _generic(api, loopback, recorded_dir, "user-payment-card-select.xml")
    assert root.get("status") == "ok" and len(root) == 0
    root = _generic(api, loopback, recorded_dir, "users-find.xml")
    assert root.find("users/user").get("id") == "4874230"
    for name in ("user-authenticate.xml", "user-signup.xml"):
        root = _generic(api, loopback, recorded_dir, name, method="POST", signed=True)
        assert root.find("user").get("id") in ("4874230", "123456")
    assert loopback.hits("generic/endpoint")[-1].form["oauth_signature_method"] == "HMAC-SHA1"
    root = _generic(api, loopback, recorded_dir, "release-editorial.xml")  # version="1.0"
    assert root.findtext("editorial/review/text") == "Not as good as epic sax guy."
    root = _generic(api, loopback, recorded_dir, "track-preview.xml")  # undeclared xsi prefix
    assert root.findtext("url").strip() == "http://previews.7digital.com/clips/34/6804688.clip.mp3"
    root = _generic(api, loopback, recorded_dir, "basket-completepaypalpurchase.xml", method="POST")
    assert root.find("purchase").get("id") == "123456789"


def test_generic_answers_read_with_the_same_readers(api, loopback, recorded_dir):
    voucher = read_basket(_generic(api, loopback, recorded_dir, "basket-applyvoucher.xml").find("basket"))
    assert voucher.items[0].amount_due.value == Decimal("0") and voucher.price.value == Decimal("10.49")
    assert voucher.amount_due.formatted == "£0.00"

    for name, first_title, price in (("editorial-list-node.xml", "LP1", Decimal("4.99")),
                                     ("editorial-list-ruby.xml", "Battle Born", Decimal("5"))):
        root = _generic(api, loopback, recorded_dir, name)
        releases = [read_release(e) for e in root.iter("release")]
        assert releases[0].title == first_title and releases[0].price.value == price
        assert releases[0].price.currency_symbol is None and releases[0].price.rrp == Decimal("7.99")
        assert releases[0].price.on_sale is True

    tagged = _generic(api, loopback, recorded_dir, "artist-bytag-top.xml")
    artists = read_page(tagged, ("taggedResults",), "artist", read_artist)
    assert [a.name for a in artists.items][:3] == ["Coldplay", "Linkin Park", "Maroon 5"]
    assert artists.total_items == 6 and artists.items[3].url.endswith("elvis-presley-(2)/?partner=1401")

    purchase = _generic(api, loopback, recorded_dir, "user-purchase-basket.xml")
    bought = [read_locker_release(e) for e in purchase.iter("lockerRelease")]
    assert bought[0].release.title == "Perfect Symmetry"
    assert [t.track.title for t in bought[0].tracks][:2] == ["Spiralling", "The Lovers Are Losing"]
    item = _generic(api, loopback, recorded_dir, "user-purchase-item.xml")
    sabotage = read_locker_release(item.find(".//lockerRelease")).tracks[0]
    assert sabotage.track.title == "Sabotage" and sabotage.download_urls[0].format.id == 1
    assert sabotage.track.url.startswith("http://www.7digital.com/artists/beastie-boys/ill-communication")


def test_every_recording_is_covered_here(recorded_dir):
    """A recording added to the shared folder must get value assertions in these files too."""
    covered = set()
    for module in ("test_recorded_catalogue.py", "test_recorded_store.py"):
        source = (__import__("pathlib").Path(__file__).parent / module).read_text(encoding="utf-8")
        covered |= {p.name for p in recorded_dir.glob("*.xml") if f'"{p.name}"' in source}
    assert sorted(p.name for p in recorded_dir.glob("*.xml") if p.name not in covered) == []


def test_a_client_on_a_1_0_base_url_reads_the_same(loopback, recorded_dir):
    loopback.serve("/1.0/release/details", (recorded_dir / "release-details.xml").read_bytes())
    client = StoreClient(base_url=loopback.root + "1.0", consumer_key="k", country="GB")
    assert client.release(320866).title == "Perfect Symmetry"
