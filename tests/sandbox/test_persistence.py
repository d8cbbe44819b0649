"""With a state file, the embedded store remembers baskets, purchases and tokens across restarts."""
import requests
from requests_oauthlib import OAuth1

from app.sandbox import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_USER_EMAIL, DEMO_USER_PASSWORD, SandboxServer


def _server(cache, state):
    return SandboxServer(port=0, catalogue="small", cache_dir=cache, state_file=state)


def _get(server, path, **params):
    return requests.get(server.url + path, params={"oauth_consumer_key": DEMO_CONSUMER_KEY, **params}, timeout=10)


def _sign_in(server) -> OAuth1:
    two_legged = OAuth1(DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET)
    reply = requests.get(server.url + "oauth/requesttoken", auth=two_legged, timeout=10)
    token = reply.text.split("<oauth_token>")[1].split("<")[0]
    secret = reply.text.split("<oauth_token_secret>")[1].split("<")[0]
    requests.post(server.url + "oauth/requestToken/authorise", auth=two_legged, timeout=10,
                  data={"token": token, "username": DEMO_USER_EMAIL, "password": DEMO_USER_PASSWORD}).raise_for_status()
    reply = requests.get(server.url + "oauth/accesstoken", timeout=10,
                         auth=OAuth1(DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, token, secret))
    token = reply.text.split("<oauth_token>")[1].split("<")[0]
    secret = reply.text.split("<oauth_token_secret>")[1].split("<")[0]
    return OAuth1(DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, token, secret)


def test_baskets_and_tokens_survive_a_restart(catalogue_cache, tmp_path):
    state = tmp_path / "store-state.json"
    with _server(catalogue_cache, state) as first:
        basket_id = _get(first, "basket/create").text.split('basket id="')[1].split('"')[0]
        release_id = _get(first, "release/search", q="love").text.split('<release id="')[1].split('"')[0]
        assert "<itemCount>1</itemCount>" in _get(first, "basket/addItem", basketId=basket_id,
                                                  releaseId=release_id).text
        user = _sign_in(first)
        assert requests.get(first.url + "user/details", auth=user, timeout=10).status_code == 200
    assert state.is_file()

    with _server(catalogue_cache, state) as second:
        basket = _get(second, "basket", basketId=basket_id).text
        assert 'status="ok"' in basket and "<itemCount>1</itemCount>" in basket
        assert f"<releaseId>{release_id}</releaseId>" in basket
        assert requests.get(second.url + "user/details", auth=user, timeout=10).status_code == 200
        # New items get new ids: no clash with the ones handed out before the restart.
        added = _get(second, "basket/addItem", basketId=basket_id, releaseId=int(release_id) + 1).text
        ids = [chunk.split('"')[0] for chunk in added.split('basketItem id="')[1:]]
        assert len(ids) == len(set(ids))


def test_a_corrupt_state_file_is_moved_aside(catalogue_cache, tmp_path):
    state = tmp_path / "store-state.json"
    state.write_text("{not json")
    with _server(catalogue_cache, state) as server:
        assert 'status="ok"' in _get(server, "basket/create").text
    assert list(tmp_path.glob("store-state.json.corrupt-*"))
    assert state.is_file()          # a fresh state was written for the new basket


def test_without_a_state_file_nothing_is_written(catalogue_cache, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with SandboxServer(port=0, catalogue="small", cache_dir=catalogue_cache) as server:
        _get(server, "basket/create")
    assert list(tmp_path.iterdir()) == []
