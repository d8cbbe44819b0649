"""A refused signed call whose answer's Date is minutes from this computer's clock is signed again once
with the store's time; a refusal that persists is a ClockSkewError (the clock, not the token), and only
a 401 that says the token is bad counts as a rejected token (app/api/transport.py, errors.py)."""
from __future__ import annotations

import time
from email.utils import formatdate

import pytest

from app.api import AuthError, ClockSkewError, OAuthToken, StoreError
from app.api.errors import says_token_rejected

USER = b'<response status="ok"><user id="9"><type>7digital</type><emailAddress>a@b.c</emailAddress></user></response>'
DENIED = b"OAuth authentication error: Access to resource denied"


def _date(offset: float) -> str:
    return formatdate(time.time() + offset, usegmt=True)


def _timestamp(seen) -> int:
    return int(seen.query.get("oauth_timestamp") or seen.form["oauth_timestamp"])


def test_a_store_clock_ten_minutes_behind_is_matched_and_remembered(api, loopback):
    def store(handler, seen):
        if abs(_timestamp(seen) - (time.time() - 600)) > 30:      # the store's check: 5 minutes either way
            return 401, DENIED, {"Content-Type": "text/plain", "Date": _date(-600)}
        return 200, USER, {"Date": _date(-600)}

    loopback.serve("user/details", store)
    user = api.with_access_token(OAuthToken("tok", "sec"))
    assert user.user_details().id == 9
    assert len(loopback.hits("user/details")) == 2                  # refused once, signed again, served
    assert -610 < user.clock_offset < -590
    assert api.with_country("DE").clock_offset == user.clock_offset   # shared by every derived client
    assert user.user_details().id == 9
    assert len(loopback.hits("user/details")) == 3                  # the next call is right first time
    assert abs(_timestamp(loopback.hits("user/details")[-1]) - (time.time() - 600)) < 30


def test_a_refusal_that_persists_is_a_clock_error_not_a_token_error(api, loopback):
    loopback.serve("user/details", lambda handler, seen: (401, DENIED, {"Content-Type": "text/plain",
                                                                        "Date": _date(-600 - 60 * len(
                                                                            loopback.requests))}))
    user = api.with_access_token(OAuthToken("tok", "sec"))
    with pytest.raises(ClockSkewError) as caught:
        user.user_details()
    error = caught.value
    assert not isinstance(error, AuthError) and isinstance(error, StoreError)
    assert error.minutes in (10, 11, 12) and error.offset < 0 and error.for_user and not error.token_rejected
    assert "clock" in str(error) and "ahead of" in str(error)
    assert len(loopback.hits("user/details")) == 2                  # one retry, not a loop


def test_a_token_refused_after_the_clock_was_matched_is_a_rejected_token(api, loopback):
    loopback.serve("user/details", lambda handler, seen: (
        401, b"OAuth authentication error: Invalid or expired token", {"Content-Type": "text/plain",
                                                                       "Date": _date(900)}))
    with pytest.raises(AuthError) as caught:
        api.with_access_token(OAuthToken("tok", "sec")).user_details()
    assert caught.value.token_rejected and len(loopback.hits("user/details")) == 2


def test_a_refusal_with_the_right_time_is_not_retried(api, loopback):
    loopback.serve("user/details", lambda handler, seen: (401, DENIED, {"Content-Type": "text/plain",
                                                                        "Date": _date(5)}))
    with pytest.raises(AuthError):
        api.with_access_token(OAuthToken("tok", "sec")).user_details()
    assert len(loopback.hits("user/details")) == 1 and api.clock_offset == 0


@pytest.mark.parametrize("date", ["", "yesterday", "Mon, 99 Foo 2026 99:99:99 GMT", "x" * 5000])
def test_a_junk_date_is_ignored(api, loopback, date):
    loopback.serve("user/details", lambda handler, seen: (401, DENIED, {"Content-Type": "text/plain",
                                                                        "Date": date}))
    with pytest.raises(AuthError):
        api.with_access_token(OAuthToken("tok", "sec")).user_details()
    assert len(loopback.hits("user/details")) == 1


def test_unsigned_calls_are_never_retried_for_the_clock(api, loopback):
    loopback.serve("release/details", lambda handler, seen: (401, DENIED, {"Content-Type": "text/plain",
                                                                           "Date": _date(3600)}))
    with pytest.raises(AuthError):
        api.release(1)
    assert len(loopback.hits("release/details")) == 1


def test_a_sign_in_with_a_wrong_clock_works_against_the_embedded_store(client, monkeypatch):
    """The embedded store refuses timestamps more than 5 minutes off its clock, as the real one does."""
    import oauthlib.oauth1.rfc5849 as rfc5849

    from app.api import oauth
    from app.sandbox import DEMO_USER_EMAIL, DEMO_USER_PASSWORD

    monkeypatch.setattr(oauth, "now", lambda: time.time() + 600, raising=False)
    monkeypatch.setattr(rfc5849, "generate_timestamp", lambda: str(int(time.time() + 600)))
    token = client.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    assert client.with_access_token(token).user_details().email == DEMO_USER_EMAIL
    assert -610 < client.clock_offset < -590


@pytest.mark.parametrize("reason,rejected", [
    ("OAuth authentication error: Access to resource denied", True),
    ("Access to resource denied", True),
    ("OAuth authentication error: Resource requires access token", True),
    ("OAuth authentication error: Not authorised - no user credentials provided", True),
    ("OAuth authentication error: Invalid or expired token", True),
    ("OAuth authentication error: Token has been revoked", True),
    ("OAuth authentication error: Timestamp is more than 5 minutes off the server clock", False),
    ("OAuth authentication error: Timestamp given is invalid, differ from allowed by over 300 seconds.", False),
    ("OAuth authentication error: Nonce already used", False),
    ("OAuth authentication error: Invalid signature", False),
    ("OAuth authentication error: Access to resource denied (unknown consumer key)", False),
    ("OAuth authentication error: Missing oauth_consumer_key", False),
    ("401 Unauthorized", False), ("", False), (None, False),
])
def test_only_a_401_that_says_the_token_is_bad_rejects_it(reason, rejected):
    assert says_token_rejected(reason) is rejected
    assert AuthError(401, reason or "", for_user=True).token_rejected is rejected
    assert not AuthError(401, reason or "", for_user=False).token_rejected   # no user token was sent
    assert not AuthError(403, reason or "", for_user=True).token_rejected


def test_the_clock_error_pickles():
    import pickle

    error = ClockSkewError(-601.0, 401, "Access to resource denied", for_user=True)
    again = pickle.loads(pickle.dumps(error))
    assert (again.offset, again.minutes, again.for_user, str(again)) == (-601.0, 10, True, str(error))
