"""Sign-in: oauth/requesttoken (2-legged), oauth/requestToken/authorise (email + password), oauth/accesstoken.

A wrong email or password on authorise is an HTTP 401 `OAuth authentication error: Invalid email or
password` (plain text, like every other credential failure of the API). A key that may not sign users
in inside the app (`Accounts.browser_sign_in_only`) gets 401 `… Access to resource denied` there, as
the real service answers non-premium keys; its users sign in on the browser page (authorise_page.py).
"""
from __future__ import annotations

from app.sandbox.auth import BAD_TOKEN, DENIED
from app.sandbox.routes import OPEN, route
from app.sandbox.web import ApiFailure, OAuthFailure, Response
from app.sandbox.xmlout import leaf, node


def _token_xml(tag: str, token) -> str:
    return node(tag, [leaf("oauth_token", token.token), leaf("oauth_token_secret", token.secret)])


@route("oauth/requesttoken", access=OPEN)
def request_token(app, req):
    signed = app.checker.verify(req)
    return Response.xml(_token_xml("oauth_request_token", app.accounts.issue_request_token(signed.client_key)),
                        req.version)


@route("oauth/requesttoken/authorise", "oauth/requesttoken/authorize", access=OPEN)
def authorise(app, req):
    signed = app.checker.verify(req, token_kind="request", try_empty_token_secret=True)
    if signed.client_key in app.accounts.browser_sign_in_only:     # not a premium key
        raise OAuthFailure(401, DENIED)
    token = req.get("token") or signed.resource_owner_key
    if not token:
        raise ApiFailure(1001, "Missing parameter token.")
    email = req.get("username") or req.get("email") or req.get("emailAddress")
    if not email:
        raise ApiFailure(1001, "Missing parameter username.")
    password = req.require("password")
    request_token = app.accounts.request_token(token)
    if request_token is None or request_token.consumer != signed.client_key:
        raise OAuthFailure(401, BAD_TOKEN)
    user = app.accounts.login(email, password)
    if user is None:
        raise OAuthFailure(401, "Invalid email or password")
    request_token.user_id = user.id
    return Response.xml("", req.version)


@route("oauth/accesstoken", access=OPEN, saves=True)
def access_token(app, req):
    signed = app.checker.verify(req, token_kind="request", require_token=True)
    token = app.accounts.exchange(signed.resource_owner_key)
    if token is None:
        raise OAuthFailure(401, "Request token has not been authorised")
    return Response.xml(_token_xml("oauth_access_token", token), req.version)
