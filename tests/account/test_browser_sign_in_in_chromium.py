"""End to end: the app's browser sign-in with the browser-only key, the store's sign-in page filled in
by a real headless Chromium, the callback received by the app's loopback listener."""
from __future__ import annotations

import re

from app.api import SignInDeclinedError
from app.sandbox import DEMO_USER_EMAIL, DEMO_USER_PASSWORD
from tests.account.test_browser_sign_in import _in_thread, _wait_for_page


def _answer_in_chromium(driver, url, action, tmp_path=None):
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    assert driver.title == "Sign in to 7digital"
    if action == "authorise":
        driver.find_element(By.NAME, "email").send_keys(DEMO_USER_EMAIL)
        driver.find_element(By.NAME, "password").send_keys(DEMO_USER_PASSWORD)
    if tmp_path is not None:
        driver.save_screenshot(str(tmp_path / "store-sign-in-page.png"))
    driver.find_element(By.CSS_SELECTOR, f'button[name="action"][value="{action}"]').click()
    # click() returns before the callback page has loaded when the machine is busy: wait for it.
    WebDriverWait(driver, 20, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)).until(
        lambda d: d.current_url.startswith("http://127.0.0.1:") and "status=" in d.current_url
        and "return to the app" in d.find_element(By.TAG_NAME, "body").text)
    return driver.current_url, driver.find_element(By.TAG_NAME, "body").text


def test_signing_in_on_the_store_page_in_chromium(qtbot, web_account, opened_urls, chromium, tmp_path):
    with qtbot.waitSignal(web_account.browser_sign_in_waiting, timeout=10000):
        web_account.sign_in_in_browser()
    url = _wait_for_page(qtbot, web_account, opened_urls)
    landed, text = _in_thread(qtbot, lambda: _answer_in_chromium(chromium, url, "authorise", tmp_path), 60000)
    assert re.search(r"\?oauth_token=[\w-]+&status=Authorised$", landed)
    assert text.strip() == "You can close this tab and return to the app."
    qtbot.waitUntil(lambda: web_account.signed_in, timeout=10000)
    assert web_account.user.email == DEMO_USER_EMAIL


def test_denying_on_the_store_page_in_chromium(qtbot, web_account, opened_urls, chromium):
    with qtbot.waitSignal(web_account.browser_sign_in_waiting, timeout=10000):
        web_account.sign_in_in_browser()
    url = _wait_for_page(qtbot, web_account, opened_urls)
    with qtbot.waitSignal(web_account.sign_in_failed, timeout=60000) as failed:
        landed, _text = _in_thread(qtbot, lambda: _answer_in_chromium(chromium, url, "deny"), 60000)
    assert landed.endswith("&status=Denied")
    assert isinstance(failed.args[0], SignInDeclinedError) and not web_account.signed_in
