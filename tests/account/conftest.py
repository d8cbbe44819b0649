"""Fixtures for sign-in, checkout and the locker: a private keyring, a signed-in account."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.system_browser import catching_urls
from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in this process only: tests never touch the user's real keyring."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.entries.get((service, username))

    def set_password(self, service, username, password):
        self.entries[(service, username)] = password

    def delete_password(self, service, username):
        from keyring.errors import PasswordDeleteError

        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture
def memory_keyring():
    import keyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def secrets(memory_keyring, tmp_path):
    from app.settings.secrets import SecretStore

    return SecretStore(fallback_path=tmp_path / "secrets.json")


@pytest.fixture
def make_account(runner, store, secrets):
    """An AccountService as the app builds it; call again for 'the next run' (same keyring)."""
    from app.services.account import AccountService

    def make(start=True):
        account = AccountService(runner, store, secrets)
        if start:
            account.start()
        return account

    return make


@pytest.fixture
def signed_in(qtbot, make_account):
    """An account signed in as the sandbox's demo user."""
    from app.sandbox import DEMO_USER_EMAIL, DEMO_USER_PASSWORD

    account = make_account()
    with qtbot.waitSignal(account.signed_in_changed, timeout=10000):
        account.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    return account


@pytest.fixture
def basket(runner, store, tmp_path):
    """A started, empty Basket on this test's sandbox and data dir."""
    from app.basket.basket import Basket
    from app.basket.storage import BasketStorage

    basket = Basket(runner, store, BasketStorage(tmp_path / "data" / "basket.json"))
    basket.start()
    return basket


@pytest.fixture
def opened_urls(qapp):
    with catching_urls() as urls:
        yield urls


@pytest.fixture
def shop(qtbot, runner, store, make_account, basket):
    """Everything checkout needs, wired as main.py wires it; checks for the purchase every 100 ms."""
    from types import SimpleNamespace

    from app.basket.purchases import connect_purchases
    from app.services.checkout import CheckoutService
    from app.services.locker import LockerService

    account = make_account()
    checkout = CheckoutService(runner, account, store, poll_interval_ms=100)
    locker = LockerService(account)
    connect_purchases(basket, checkout, locker)
    yield SimpleNamespace(account=account, basket=basket, checkout=checkout, locker=locker)
    checkout.stop_waiting()


CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1000,800")


@pytest.fixture
def chromium(tmp_path):
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("Debian's chromium and chromium-driver are not installed "
                    "(apt-get install chromium chromium-driver; .ci/run does this)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(tmp_path / "chromium-profile", ignore_errors=True)


@pytest.fixture
def web_store(qtbot, sandbox):
    """The app's current store on the sandbox with the browser-only key."""
    from app.api import StoreClient
    from app.sandbox.credentials import WEB_CONSUMER_KEY, WEB_CONSUMER_SECRET
    from app.services.store import CurrentStore

    store = CurrentStore("GB")
    store.set_client(StoreClient(base_url=sandbox.url, consumer_key=WEB_CONSUMER_KEY,
                                 consumer_secret=WEB_CONSUMER_SECRET, country="GB", timeout=5.0))
    return store


@pytest.fixture
def web_account(runner, web_store, secrets):
    from app.services.account import AccountService

    account = AccountService(runner, web_store, secrets)
    account.start()
    yield account
    account.cancel_browser_sign_in()
