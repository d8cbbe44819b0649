"""Exceptions become sentences a person can act on, never tracebacks or secrets."""
import pytest

from app.api import (AuthError, InputError, NetworkError, NotFoundError, ResponseFormatError, ServerError)
from app.ui.errors import can_retry, describe_error


@pytest.mark.parametrize(("exc", "expected"), [
    (NetworkError("The store could not be reached"), "could not be reached"),
    (NotFoundError(2001, "Release not found"), "no such item"),
    (ServerError(7001, "Unable to perform action"), "had a problem answering"),
    (AuthError(401, "Invalid signature"), "check the consumer key"),
    (AuthError(401, "Invalid or expired token", for_user=True), "sign in again"),
    (ResponseFormatError("not XML"), "could not read"),
    (InputError(1001, "Missing parameter artistId"), "The store said"),
    (RuntimeError("secret internals"), "Something went wrong"),
])
def test_each_error_class_has_its_sentence(exc, expected):
    sentence = describe_error(exc)
    assert expected in sentence
    assert "Traceback" not in sentence and "secret internals" not in sentence


def test_missing_things_offer_no_retry():
    assert not can_retry(NotFoundError(2001, "Release not found"))
    assert can_retry(NetworkError("down"))


def test_a_refused_user_call_reads_as_sign_in_again(sandbox, client):
    from app.api import OAuthToken

    stale = client.with_access_token(OAuthToken("not-a-token", "nor-a-secret"))
    with pytest.raises(AuthError) as caught:
        stale.user_details()
    assert "sign in again" in describe_error(caught.value)
    assert "nor-a-secret" not in describe_error(caught.value)
