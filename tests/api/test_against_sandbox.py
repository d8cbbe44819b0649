"""Round trips against the embedded store (a real server on 127.0.0.1, real OAuth checks): the client
and the sandbox were written separately from the same contract, so these catch either drifting."""
from __future__ import annotations

from decimal import Decimal

import pytest
import requests
from lxml import html as lxml_html

from app.api import (AuthError, InputError, NetworkError, NotFoundError, OAuthToken, Release, ResponseFormatError,
                     ServerError, StoreClient, Track)


def test_search_release_and_tracks(client):
    releases = client.search_releases("love", page_size=20)
    assert releases.total_items >= 60 and len(releases.items) == 20 and releases.has_next
    assert all(isinstance(r, Release) and r.id > 0 and r.title for r in releases.items)
    second = client.search_releases("love", page=2, page_size=20)
    assert not {r.id for r in releases.items} & {r.id for r in second.items}

    chosen = releases.items[0]
    release = client.release(chosen.id)
    assert (release.id, release.title) == (chosen.id, chosen.title)
    assert release.artist is not None and release.artist.name
    assert release.price is not None and release.price.currency_code == "GBP"
    assert release.price.value is None or release.price.value > 0

    tracks = client.release_tracks(release.id)
    assert 1 <= len(tracks.items) <= 20 and tracks.total_items == len(tracks.items)
    assert [t.track_number for t in tracks.items] == sorted(t.track_number for t in tracks.items)
    assert all(isinstance(t, Track) and t.release.id == release.id and t.duration > 0 for t in tracks.items)

    track = client.track(tracks.items[0].id)
    assert track.title == tracks.items[0].title


def test_artists_search_details_and_releases(client):
    artists = client.search_artists("the", page_size=50)
    assert artists.total_items >= 50 and len(artists.items) == 50
    artist = client.artist(artists.items[0].id)
    assert artist.name == artists.items[0].name
    releases = client.artist_releases(artist.id, page_size=50)
    assert releases.items and all(r.artist.id == artist.id for r in releases.items)


def test_an_unknown_release_is_not_found(client):
    with pytest.raises(NotFoundError) as caught:
        client.release(987654321)
    assert caught.value.code == 2001


def test_a_wrong_consumer_secret_is_refused(sandbox):
    wrong = StoreClient(base_url=sandbox.url, consumer_key="demo-key", consumer_secret="not-the-secret",
                        country="GB", timeout=5.0)
    with pytest.raises(AuthError) as caught:
        wrong.request_token()
    assert caught.value.status == 401 and not caught.value.for_user  # the key, not the user


def test_basket_create_add_and_remove(client):
    release = client.search_releases("love", page_size=5).items[0]
    track = client.release_tracks(release.id).items[0]
    basket = client.create_basket()
    assert basket.items == () and basket.amount_due.value == Decimal(0)

    basket = client.add_to_basket(basket.id, release.id)
    basket = client.add_to_basket(basket.id, release.id, track.id)
    assert len(basket.items) == 2 and basket.item_count == 2
    kinds = {(i.release_id, i.track_id) for i in basket.items}
    assert kinds == {(release.id, None), (release.id, track.id)}
    total = sum(i.amount_due.value for i in basket.items)
    assert basket.amount_due.value == total and basket.amount_due.value > 0

    again = client.basket(basket.id)
    assert [i.id for i in again.items] == [i.id for i in basket.items]

    track_line = next(i for i in basket.items if i.track_id == track.id)
    after = client.remove_from_basket(basket.id, track_line.id)
    assert [(i.release_id, i.track_id) for i in after.items] == [(release.id, None)]


def test_preview_url_is_served_by_the_sandbox(client):
    track = client.search_tracks("love", page_size=1).items[0]
    url = client.preview_url(track.id)
    assert url.startswith(client.base_url.rsplit("/1.2/", 1)[0] + "/clip/")
    response = requests.get(url, timeout=10)
    assert response.status_code == 200 and len(response.content) > 1000
    assert response.headers["Content-Type"].startswith("audio/")
    tampered = url.replace(f"/clip/{track.id}", f"/clip/{track.id + 1}")
    assert requests.get(tampered, timeout=10).status_code == 401


def test_sign_in_user_details_and_locker(client):
    from app.sandbox import DEMO_USER_EMAIL, DEMO_USER_PASSWORD

    token = client.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    assert isinstance(token, OAuthToken) and token.token and token.secret
    user = client.with_access_token(token)
    details = user.user_details()
    assert details.email == DEMO_USER_EMAIL and details.id > 0
    locker = user.locker()
    assert locker.page == 1 and locker.total_items >= len(locker.items)
    for entry in locker.items:
        assert entry.release.id > 0 and all(t.track.id > 0 for t in entry.tracks)


def test_a_wrong_password_is_an_auth_error(client):
    from app.sandbox import DEMO_USER_EMAIL

    with pytest.raises(AuthError) as caught:
        client.sign_in(DEMO_USER_EMAIL, "wrong-password")
    assert caught.value.status == 401 and "wrong-password" not in str(caught.value)


def test_user_calls_with_a_revoked_token_are_refused(client, sandbox):
    from app.sandbox import DEMO_USER_EMAIL, DEMO_USER_PASSWORD

    user = client.with_access_token(client.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD))
    sandbox.revoke_tokens()
    with pytest.raises(AuthError) as caught:
        user.user_details()
    assert caught.value.status == 401 and caught.value.for_user  # sign in again


def test_checkout_buys_the_basket_into_the_locker(client):
    from app.sandbox import DEMO_USER_EMAIL, DEMO_USER_PASSWORD

    user = client.with_access_token(client.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD))
    release = user.search_releases("love", page_size=3).items[2]
    basket = user.add_to_basket(user.create_basket().id, release.id)
    url = user.checkout_url(basket.id)
    assert url.startswith(client.base_url.rsplit("/1.2/", 1)[0] + "/checkout/")
    page = requests.get(url, timeout=10)
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
    assert not user.basket_status(basket.id).succeeded

    # The page's "Complete purchase" button: its form's hidden fields (the form token) go with it.
    form = lxml_html.fromstring(page.text).forms[0]
    fields = {i.name: i.value for i in form.inputs if i.get("type") == "hidden"}
    paid = requests.post(url, data={**fields, "action": "pay"}, timeout=10)
    assert paid.status_code == 200
    status = user.basket_status(basket.id)
    assert status.succeeded and status.purchase_id
    locker = user.locker(page_size=50)
    assert release.id in {entry.release.id for entry in locker.items}


def test_the_sandbox_faults_become_the_typed_errors(sandbox):
    from app.sandbox import DEMO_CONSUMER_KEY

    client = StoreClient(base_url=sandbox.url, consumer_key=DEMO_CONSUMER_KEY, country="GB", timeout=5.0,
                         retry_backoff=0.01)
    sandbox.faults.error(2001, "Release not found", path="release/details")
    with pytest.raises(NotFoundError, match=r"^Release not found \(error 2001\)$"):
        client.release(1)
    sandbox.faults.clear()
    sandbox.faults.error(1001, path="artist/search", q="boom")
    with pytest.raises(InputError):
        client.search_artists("boom")
    assert client.search_artists("the").items  # only the faulted query fails
    sandbox.faults.clear()
    sandbox.faults.http_status(503, path="release/tracks")
    with pytest.raises(ServerError) as caught:
        client.release_tracks(1)
    assert caught.value.status == 503
    sandbox.faults.clear()
    sandbox.faults.malformed(path="track/details")
    with pytest.raises(ResponseFormatError):
        client.track(1)
    sandbox.faults.clear()
    sandbox.faults.drop(path="artist/details")
    with pytest.raises(NetworkError):
        client.artist(1)


def test_a_slow_sandbox_is_a_network_error(sandbox):
    from app.sandbox import DEMO_CONSUMER_KEY

    impatient = StoreClient(base_url=sandbox.url, consumer_key=DEMO_CONSUMER_KEY, country="GB", timeout=0.2)
    sandbox.faults.latency(800, path="release/details")
    with pytest.raises(NetworkError, match="did not answer"):
        impatient.release(1)


def test_every_catalogue_list_answers(client):
    from datetime import date, timedelta

    artist = client.search_artists("the", page_size=1).items[0]
    release = client.search_releases("love", page_size=1).items[0]
    tag = client.tags(page_size=5).items[0]
    assert tag.id and tag.text
    today = date.today()
    pages = {
        "artist_browse": client.artist_browse(artist.name[0], page_size=5),
        "artist_top_tracks": client.artist_top_tracks(artist.id, page_size=5),
        "artist_similar": client.artist_similar(artist.id, page_size=5),
        "artist_tags": client.artist_tags(artist.id),
        "release_recommend": client.release_recommend(release.id, page_size=5),
        "release_tags": client.release_tags(release.id),
        "releases_by_tag new": client.releases_by_tag(tag.id, new=True, page_size=5),
        "releases_by_tag top": client.releases_by_tag([tag.id], new=False, page_size=5),
        "release_chart": client.release_chart(page_size=5),
        "artist_chart": client.artist_chart(period="month", page_size=5),
        "track_chart": client.track_chart(to_date=today, page_size=5),
        "new_releases": client.new_releases(today - timedelta(days=365), today, page_size=5),
    }
    empty = sorted(name for name, page in pages.items() if not page.items)
    assert empty == []
    assert all(a.name.upper().startswith(artist.name[0].upper()) for a in pages["artist_browse"].items)
    assert all(t.artist.id == artist.id for t in pages["artist_top_tracks"].items)
    assert [c.position for c in pages["release_chart"].items] == list(range(1, 6))
    assert isinstance(pages["track_chart"].items[0].item, Track)
    recent = pages["new_releases"].items
    assert all(r.release_date is None or today - timedelta(days=365) <= r.release_date <= today for r in recent)
