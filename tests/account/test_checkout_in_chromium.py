"""End to end: the app opens checkout, a real headless Chromium pays on that page, My music shows it.

Chromium and its driver come from Debian (`apt-get install chromium chromium-driver`, done by
.ci/run); selenium drives them with the binaries given explicitly, so nothing is downloaded
(the `chromium` fixture is in conftest.py).
"""
from __future__ import annotations

from app.sandbox import DEMO_USER_EMAIL, DEMO_USER_PASSWORD


def test_a_purchase_made_in_chromium_shows_in_my_music(qtbot, shop, opened_urls, for_sale, chromium, tmp_path):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from app.models.roles import ItemRole
    from app.ui.basket_panel import BasketPanel
    from app.ui.locker_view import LockerView

    panel = BasketPanel(shop.basket, shop.checkout)
    view = LockerView(shop.locker, shop.account)
    for widget in (panel, view):
        qtbot.addWidget(widget)
        widget.show()
    shop.account.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    qtbot.waitUntil(lambda: shop.account.signed_in and not shop.locker.loading, timeout=10000)
    owned = {view.model.item(row).data(ItemRole.RECORD).release.id for row in range(view.model.rowCount())}
    release = next(r for r in for_sale if r.id not in owned)
    shop.basket.add(release)

    with qtbot.waitSignal(shop.checkout.checkout_opened, timeout=10000):
        panel.start_checkout()
    assert len(opened_urls) == 1

    chromium.get(opened_urls[0])                       # what the system browser would show
    assert chromium.title == "Checkout"
    assert release.title in chromium.find_element(By.TAG_NAME, "table").text
    chromium.find_element(By.CSS_SELECTOR, 'button[name="action"][value="pay"]').click()
    # click() returns before the next page has loaded when the machine is busy: wait for it.
    WebDriverWait(chromium, 20, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda driver: "Purchase complete" in driver.find_element(By.TAG_NAME, "h1").text)
    chromium.save_screenshot(str(tmp_path / "checkout-done.png"))

    def shows_it():
        return any(view.model.item(row).data(ItemRole.RECORD).release.id == release.id
                   for row in range(view.model.rowCount()))

    qtbot.waitUntil(shows_it, timeout=15000)            # the periodic status check noticed the purchase
    qtbot.waitUntil(lambda: shop.basket.count == 0, timeout=10000)
    assert panel.total_label.text() == "Your basket is empty"
    assert view.model.item(0).data(ItemRole.RECORD).release.id == release.id   # newest purchase first


def test_a_page_of_another_site_cannot_pay_in_chromium(sandbox, chromium):
    """A web page of another origin posts the checkout form (the basket's owner signed in, so no password is
    asked): Chromium says where the post came from, and the store charges nothing."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    import requests
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.sandbox.helpers import get, ok, sign_in, signed

    basket_id = ok(get(sandbox, "basket/create")).find("basket").get("id")
    ok(get(sandbox, "basket/addItem", basketId=basket_id, releaseId=300004))
    checkout = requests.get(sandbox.url + "basket/checkout", params={"basketId": basket_id},
                            auth=signed(sign_in(sandbox)), allow_redirects=False, timeout=5).headers["Location"]
    attack = (f'<!DOCTYPE html><html><body><form id="f" method="post" action="{checkout}">'
              '<input name="action" value="pay"><input name="token" value="guess"></form>'
              "<script>document.getElementById('f').submit()</script></body></html>").encode()

    class Attacker(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(attack)))
            self.end_headers()
            self.wfile.write(attack)

        def log_message(self, *args):
            pass

    site = ThreadingHTTPServer(("127.0.0.1", 0), Attacker)      # another port: another origin
    threading.Thread(target=site.serve_forever, daemon=True).start()
    try:
        chromium.get(f"http://127.0.0.1:{site.server_port}/win-a-prize.html")
        # The auto-submitted post lands on the store's answer (the first page may still be loading).
        heading = WebDriverWait(chromium, 20, ignored_exceptions=(NoSuchElementException,
                                                                  StaleElementReferenceException)).until(
            lambda driver: driver.current_url == checkout and driver.find_element(By.TAG_NAME, "h1").text)
        assert heading == "Checkout refused"
    finally:
        site.shutdown()
        site.server_close()
    assert ok(get(sandbox, f"basket/{basket_id}/status")).findtext("paymentStatus") == "Pending"
