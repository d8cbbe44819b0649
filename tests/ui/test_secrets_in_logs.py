"""A whole session at DEBUG level leaves no secret in the log: no consumer or token secret, no
password, no OAuth signature or token value."""
import logging
import re

from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from app.sandbox import DEMO_CONSUMER_SECRET, DEMO_USER_EMAIL, DEMO_USER_PASSWORD
from app.settings.logs import configure_logging


class _Browser(QObject):
    def __init__(self):
        super().__init__()
        self.urls = []

    @Slot(QUrl)
    def open(self, url):
        self.urls.append(url.toString())


def test_full_session_logs_no_secret(qtbot, parts, sandbox, tmp_path, caplog):
    log_file = configure_logging(debug=True, directory=tmp_path / "logs")
    browser = _Browser()
    QDesktopServices.setUrlHandler("http", browser, "open")
    try:
        shopping = parts.shopping
        with qtbot.waitSignal(shopping.account.signed_in_changed, timeout=10_000):
            shopping.account.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
        with qtbot.waitSignal(parts.search.finished, timeout=10_000):
            qtbot.keyClicks(parts.window.search_box, "love")
        client = parts.store.client
        release = client.search_releases("love", page_size=1).items[0]
        with qtbot.waitSignal(shopping.basket.synced, timeout=10_000):
            shopping.basket.add(release)
        preview = client.preview_url(client.release_tracks(release.id).items[0].id)
        logging.getLogger("app.test").debug("previewing %s", preview)   # as a careless caller might
        with qtbot.waitSignal(shopping.checkout.checkout_opened, timeout=10_000):
            shopping.checkout.start(shopping.basket.basket_id)
        sandbox.faults.http_status(500, path="tag")
        try:
            shopping.account.user_client.tags()
        except Exception as exc:    # noqa: BLE001 - logged as the app would
            logging.getLogger("app.test").exception("failed: %s", exc)
    finally:
        QDesktopServices.unsetUrlHandler("http")
        for handler in list(logging.getLogger().handlers):
            if getattr(handler, "_sevendigital", False):
                logging.getLogger().removeHandler(handler)
                handler.close()

    text = log_file.read_text()
    assert len(text) > 500, "the session should have logged something to scan"
    assert browser.urls, "checkout should have opened the browser"
    # The access token the store issued to the app at sign-in.
    issued = list(sandbox.app.accounts.access_tokens.values())
    assert len(issued) == 1
    secrets = [DEMO_CONSUMER_SECRET, DEMO_USER_PASSWORD, issued[0].token, issued[0].secret]
    for secret in secrets:
        assert secret not in text, f"a secret ({secret[:3]}…) reached the log"
    for name in ("oauth_signature", "oauth_token"):
        for value in re.findall(rf"{name}=([^&\s\"',)]+)", text):
            assert value == "***", f"{name} value in the log: {value[:6]}…"
