"""The embedded store's built-in demo credentials (also listed by `python -m app.sandbox --help`)."""
DEMO_CONSUMER_KEY = "demo-key"
DEMO_CONSUMER_SECRET = "demo-secret"
DEMO_USER_EMAIL = "demo@example.com"
DEMO_USER_PASSWORD = "demo-password"
DEMO_USER_ID = 4874230
