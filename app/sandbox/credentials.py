"""The embedded store's built-in demo credentials (also listed by `python -m app.sandbox --help`)."""
DEMO_CONSUMER_KEY = "demo-key"
DEMO_CONSUMER_SECRET = "demo-secret"
DEMO_USER_EMAIL = "demo@example.com"
DEMO_USER_PASSWORD = "demo-password"
DEMO_USER_ID = 4874230
# A second demo key that, like most real keys, may not sign users in inside the app
# (oauth/requestToken/authorise answers 401 "Access to resource denied"): only through the
# store's sign-in page in a web browser (/{key}/oauth/authorise, app/sandbox/authorise_page.py).
WEB_CONSUMER_KEY = "demo-web-key"
WEB_CONSUMER_SECRET = "demo-web-secret"
# A demo key licensed for one country only, as real keys often are: a call for any other
# country (`country` or `shopId`), or one naming none, is 401 "Access to resource denied".
GB_ONLY_CONSUMER_KEY = "demo-gb-key"
GB_ONLY_CONSUMER_SECRET = "demo-gb-secret"
GB_ONLY_COUNTRY = "GB"
