"""The embedded store refuses what the real service refuses (issue 16): countries, shopId, keys
licensed for one country, territories, preview dates, OAuth parameters, enumerations, basket ids and
the page size. Every test talks to the store over loopback HTTP."""
from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta

import requests
from lxml import etree

from app.sandbox import generate
from app.sandbox.credentials import GB_ONLY_CONSUMER_KEY, GB_ONLY_CONSUMER_SECRET
from tests.sandbox.helpers import error_code, get, ok, sign_in, signed

RECORDED_CODES = ["BE", "CA", "DE", "ES", "FI", "FR", "IE", "IT", "LU", "NL", "NZ", "NO", "AT", "CH", "SE", "GB", "US"]
CURRENCIES = {"GB": "GBP", "US": "USD", "CA": "CAD", "CH": "CHF", "SE": "SEK", "NO": "NOK", "NZ": "NZD",
              **{c: "EUR" for c in ("AT", "BE", "DE", "ES", "FI", "FR", "IE", "IT", "LU", "NL")}}
DENIED = "OAuth authentication error: Access to resource denied"


def _country_tree(root) -> dict:
    return {c.get("code"): (c.findtext("url"), c.findtext("name"), c.findtext("localName"),
                            [(lang.findtext("name"), lang.findtext("localName"), lang.findtext("url"))
                             for lang in c.iter("language")])
            for c in root.iter("country")}


def test_countries_answer_exactly_the_recorded_stores(sandbox, recorded_dir):
    answer = ok(get(sandbox, "countries"))
    recorded = etree.parse(str(recorded_dir / "countries.xml")).getroot()
    assert [c.get("code") for c in answer.iter("country")] == RECORDED_CODES
    assert _country_tree(answer) == _country_tree(recorded)


def test_every_store_prices_in_its_own_currency_and_au_pt_are_gone(sandbox):
    for code, currency in CURRENCIES.items():
        release = ok(get(sandbox, "release/details", releaseId=300000, country=code)).find("release")
        assert release.find("price/currency").get("code") == currency, code
        assert release.findtext("download/packages/package/price/currencyCode") == currency, code
    for code in ("AU", "PT", "DK"):
        assert error_code(get(sandbox, "release/details", releaseId=300000, country=code)) == 1002


def test_shop_id_names_a_store_and_an_unknown_one_is_denied(sandbox):
    uk = ok(get(sandbox, "release/details", releaseId=300000, shopId=34)).find("release")
    assert uk.find("price/currency").get("code") == "GBP"
    for bad in ("99999", "abc", "0"):
        response = get(sandbox, "release/details", releaseId=300000, shopId=bad)
        assert response.status_code == 401 and response.text == DENIED, bad


def test_a_key_licensed_for_one_country_is_denied_every_other(sandbox):
    def call(**params):
        return requests.get(sandbox.url + "release/details", timeout=10,
                            params={"oauth_consumer_key": GB_ONLY_CONSUMER_KEY, "releaseId": 300000, **params})

    assert ok(call(country="GB")).find("release/price/currency").get("code") == "GBP"
    assert ok(call(shopId=34)).find("release") is not None
    for params in ({"country": "DE"}, {"country": "US"}, {}, {"country": "XX"}):
        response = call(**params)
        assert response.status_code == 401 and response.text == DENIED, params
    # it signs in like any key (its secret signs)
    response = requests.get(sandbox.url + "oauth/requesttoken", timeout=10,
                            auth=signed(key=GB_ONLY_CONSUMER_KEY, secret=GB_ONLY_CONSUMER_SECRET))
    assert ok(response).findtext(".//oauth_token")


def _release_counts(sandbox) -> tuple[int, int, int]:
    path = sandbox.app.catalogue.path
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return db.execute("SELECT count(*), sum(not_sold != '' OR no_preview != ''), "
                          "sum(id < ? AND (not_sold != '' OR no_preview != '' OR preview_days > 0)) FROM releases",
                          (generate.RELEASE_BASE + generate.OPEN_EVERYWHERE,)).fetchone()


def test_a_modest_share_is_territory_restricted_and_the_most_popular_never(sandbox):
    total, restricted, popular_restricted = _release_counts(sandbox)
    assert 0.04 <= restricted / total <= 0.09, (restricted, total)
    assert popular_restricted == 0


def test_a_release_not_sold_in_a_country_has_no_price_there_and_cannot_be_bought(sandbox):
    rid = generate.NOT_SOLD_IN_GB
    gb = ok(get(sandbox, "release/details", releaseId=rid, country="GB")).find("release")
    assert gb.findtext("price/value") in (None, "") and gb.findtext("price/formattedPrice") == "N/A"
    assert gb.find("download") is None
    tracks = ok(get(sandbox, "release/tracks", releaseId=rid, country="GB")).findall(".//track")
    assert tracks and all(t.findtext("price/formattedPrice") == "N/A" for t in tracks)
    basket_id = ok(get(sandbox, "basket/create", country="GB")).find("basket").get("id")
    refused = get(sandbox, "basket/addItem", basketId=basket_id, releaseId=rid)
    assert error_code(refused) == 2002
    assert "Resource not available in current context" in refused.text
    assert error_code(get(sandbox, "basket/addItem", basketId=basket_id, releaseId=rid,
                          trackId=tracks[0].get("id"))) == 2002
    de = ok(get(sandbox, "release/details", releaseId=rid, country="DE")).find("release")
    assert de.findtext("price/value") and de.find("download/packages/package") is not None
    de_basket = ok(get(sandbox, "basket/create", country="DE")).find("basket").get("id")
    assert ok(get(sandbox, "basket/addItem", basketId=de_basket, releaseId=rid)).findtext(".//itemCount") == "1"


def _first_track(sandbox, release_id: int, country: str):
    return ok(get(sandbox, "release/tracks", releaseId=release_id, country=country)).find(".//track")


XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"


def test_a_track_without_preview_in_a_country_says_so_and_its_clip_is_refused(sandbox):
    rid = generate.NO_PREVIEW_IN_GB
    gb = _first_track(sandbox, rid, "GB")
    assert gb.find("previewDate").get(XSI_NIL) == "true"
    assert gb.findtext("price/value")                                   # still sold there
    release = ok(get(sandbox, "release/details", releaseId=rid, country="GB")).find("release")
    assert release.find("previewDate").get(XSI_NIL) == "true"
    track_id = gb.get("id")
    refused = get(sandbox, "track/preview", trackId=track_id, country="GB", redirect="false")
    assert error_code(refused) == 2002
    clip = requests.get(f"{sandbox.root_url}clip/{track_id}", params={"country": "GB"}, auth=signed(), timeout=10)
    assert clip.status_code == 403 and 'code="2002"' in clip.text
    assert requests.get(f"{sandbox.root_url}clips/34/{track_id}.clip.mp3", timeout=10).status_code == 403
    # elsewhere it plays
    assert _first_track(sandbox, rid, "DE").find("previewDate").get(XSI_NIL) is None
    played = requests.get(f"{sandbox.root_url}clip/{track_id}", params={"country": "DE"}, auth=signed(), timeout=30)
    assert played.status_code == 200 and played.headers["Content-Type"] == "audio/mpeg"


def test_a_preview_date_in_the_future_means_no_preview_yet(sandbox):
    track = _first_track(sandbox, generate.UPCOMING_PREVIEW, "GB")
    opens = datetime.strptime(track.findtext("previewDate"), "%Y-%m-%dT%H:%M:%SZ").date()
    assert opens == date.today() + timedelta(days=generate.UPCOMING_DAYS)
    assert track.findtext("price/value")
    assert error_code(get(sandbox, "track/preview", trackId=track.get("id"))) == 2002
    clip = requests.get(f"{sandbox.root_url}clip/{track.get('id')}", params={"country": "GB"}, auth=signed(),
                        timeout=10)
    assert clip.status_code == 403


def test_the_preview_redirect_points_at_the_shop_of_the_country(sandbox):
    track_id = ok(get(sandbox, "release/tracks", releaseId=300000)).find(".//track").get("id")
    for country, shop in (("GB", 34), ("DE", 54), ("US", 50)):
        url = ok(get(sandbox, "track/preview", trackId=track_id, country=country, redirect="false")).findtext("url")
        assert url.endswith(f"/clips/{shop}/{track_id}.clip.mp3"), url
        assert requests.get(url, timeout=30).status_code == 200
    redirect = get(sandbox, "track/preview", trackId=track_id, country="CH")
    assert redirect.history and redirect.history[0].headers["Location"].endswith(f"/clips/65/{track_id}.clip.mp3")
    assert requests.get(f"{sandbox.root_url}clips/12345/{track_id}.clip.mp3", timeout=10).status_code == 404


def test_unknown_oauth_parameters_are_refused_with_400(sandbox):
    response = get(sandbox, "release/details", releaseId=300000, oauth_foo="1")
    assert response.status_code == 400
    assert response.text == "OAuth authentication error: Unsupported parameter: oauth_foo"
    signed_call = requests.get(sandbox.url + "oauth/requesttoken", params={"oauth_token_secret": "x"},
                               auth=signed(), timeout=10)
    assert signed_call.status_code == 400 and "oauth_token_secret" in signed_call.text
    header = requests.get(sandbox.url + "oauth/requesttoken", timeout=10,
                          auth=signed(signature_type="auth_header", realm="x"))
    assert header.status_code == 200


def test_release_types_are_the_real_ones_and_enumerations_are_checked(sandbox):
    path = sandbox.app.catalogue.path
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        types = {t for (t,) in db.execute("SELECT DISTINCT type FROM releases")}
    assert types <= set(generate.RELEASE_TYPES) and {"Album", "Single", "Exclusive"} <= types
    albums = ok(get(sandbox, "artist/releases", artistId=1000, type="ALBUM"))
    assert all(r.findtext("type") == "Album" for r in albums.iter("release"))
    for path, params in (("artist/releases", {"artistId": 1000, "type": "EP"}),
                         ("release/search", {"q": "love", "type": "lp"}),
                         ("artist/releases", {"artistId": 1000, "usageTypes": "download,rental"}),
                         ("release/details", {"releaseId": 300000, "usageTypes": "streaming"})):
        response = get(sandbox, path, **params)
        assert error_code(response) == 1002, params
        assert "Value of parameter" in response.text
    ok(get(sandbox, "artist/releases", artistId=1000, usageTypes="download,subscriptionStreaming"))
    token = sign_in(sandbox)
    locker = lambda sort: requests.get(sandbox.url + "user/locker", params={"sort": sort},
                                       auth=signed(token), timeout=10)
    assert error_code(locker("price desc")) == 1002
    titles = [r.findtext("title") for r in ok(locker("releaseTitle asc")).iter("release")]
    assert titles == sorted(titles, key=str.casefold)
    ok(locker("purchaseDate desc"))


def test_a_basket_id_that_is_not_a_guid_is_1002_as_the_real_service_answers(sandbox):
    for bad in ("nope", "12345", "3a0e0a44-0000-4000-8000-00000000000Z"):
        response = get(sandbox, "basket", basketId=bad)
        assert error_code(response) == 1002
        assert etree.fromstring(response.content).findtext(".//errorMessage") == "Value of parameter BasketId is not valid"
    assert error_code(get(sandbox, "basket/addItem", basketId="x", releaseId=300000)) == 1002
    assert error_code(requests.get(sandbox.url + "basket/not-a-guid/status",
                                   params={"oauth_consumer_key": "demo-key"}, timeout=10)) == 1002
    assert error_code(get(sandbox, "basket", basketId="3a0e0a44-0000-4000-8000-000000000000")) == 2001


def test_page_size_is_held_to_the_documented_50_and_box_sets_page_through(sandbox):
    box = generate.BOX_SETS[0]
    count = int(ok(get(sandbox, "release/details", releaseId=box)).findtext(".//trackCount"))
    assert 60 <= count <= 120
    first = ok(get(sandbox, "release/tracks", releaseId=box, pageSize=100))
    assert first.findtext(".//pageSize") == "50" and first.findtext(".//totalItems") == str(count)
    assert len(first.findall(".//track")) == 50
    seen = []
    for page in range(1, -(-count // 50) + 1):
        seen += [t.get("id") for t in ok(get(sandbox, "release/tracks", releaseId=box, page=page,
                                               pageSize=50)).findall(".//track")]
    assert len(seen) == len(set(seen)) == count
    discs = {t.findtext("discNumber") for t in ok(get(sandbox, "release/tracks", releaseId=box, page=2,
                                                      pageSize=50)).findall(".//track")}
    assert discs - {"1"}                                       # a box set has several discs
