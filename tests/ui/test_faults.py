"""Network faults through the real window: a sentence and a retry, bounded retries, a responsive UI,
and the basket and sign-in untouched."""
import pytest
from PySide6.QtCore import Qt, QTimer

from app.api import StoreClient
from app.sandbox import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_USER_EMAIL, DEMO_USER_PASSWORD

SEARCH_PATHS = ("artist/search", "release/search", "track/search")


@pytest.fixture
def client(sandbox):
    """A short read timeout, so a stalled store shows as a timeout within the test's patience."""
    return StoreClient(base_url=sandbox.url, consumer_key=DEMO_CONSUMER_KEY, consumer_secret=DEMO_CONSUMER_SECRET,
                       country="GB", timeout=1.0)


def _count_requests(sandbox) -> dict:
    """Count the requests that reach the store, per API path (the real server's own dispatch)."""
    counts: dict[str, int] = {}
    matching = sandbox.faults.matching

    def counting(api_path, q):
        counts[api_path] = counts.get(api_path, 0) + 1
        return matching(api_path, q)

    sandbox.faults.matching = counting
    return counts


FAULTS = {
    "timeout": lambda f, path: f.latency(3000, path=path),
    "reset mid-body": lambda f, path: f.drop(path=path),
    "HTTP 500": lambda f, path: f.http_status(500, path=path),
    "HTTP 503": lambda f, path: f.http_status(503, path=path),
    "malformed XML": lambda f, path: f.malformed(path=path),
    "slow drip": lambda f, path: f.drip(20, path=path),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_search_fault_shows_a_sentence_and_retry_recovers(qtbot, parts, sandbox, fault):
    basket = parts.shopping.basket
    release = parts.store.client.search_releases("love", page_size=1).items[0]
    with qtbot.waitSignal(basket.changed, timeout=10_000):
        basket.add(release)
    items_before = [(i.release_id, i.track_id) for i in basket.items]

    for path in SEARCH_PATHS:
        FAULTS[fault](sandbox.faults, path)
    counts = _count_requests(sandbox)
    ticks = []
    heartbeat = QTimer(interval=20)
    heartbeat.timeout.connect(lambda: ticks.append(1))
    heartbeat.start()
    view = parts.window.search_view
    with qtbot.waitSignal(parts.search.finished, timeout=20_000):
        qtbot.keyClicks(parts.window.search_box, "love")
    heartbeat.stop()

    assert view.banner.isVisible()
    sentence = view.banner.message.text()
    assert sentence and "Traceback" not in sentence and "Error:" not in sentence
    assert view.banner.retry_button.isVisible()
    assert len(ticks) >= 3                      # the event loop kept running while the store failed
    # Bounded: the client's own retries (2 at most) per search kind, nothing runaway.
    assert all(counts.get(path, 0) <= 3 for path in SEARCH_PATHS), counts

    sandbox.faults.clear()
    with qtbot.waitSignal(parts.search.finished, timeout=10_000):
        qtbot.mouseClick(view.banner.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.models["releases"].rowCount() > 0, timeout=10_000)
    assert not view.banner.isVisible()
    assert [(i.release_id, i.track_id) for i in basket.items] == items_before


def test_a_revoked_sign_in_mid_session_asks_again_and_keeps_the_basket(qtbot, parts, sandbox):
    account = parts.shopping.account
    with qtbot.waitSignal(account.signed_in_changed, timeout=10_000):
        account.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    basket = parts.shopping.basket
    release = parts.store.client.search_releases("love", page_size=1).items[0]
    with qtbot.waitSignal(basket.changed, timeout=10_000):
        basket.add(release)
    sandbox.revoke_tokens()
    details = []
    with qtbot.waitSignal(account.reauth_required, timeout=10_000):
        account.call(lambda user_client: user_client.user_details(), on_done=details.append)
    assert details == []                             # waiting for the user, not failed, not lost
    assert [i.release_id for i in basket.items] == [str(release.id)]
    with qtbot.waitSignal(account.signed_in_changed, timeout=10_000):
        account.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    qtbot.waitUntil(lambda: len(details) == 1, timeout=10_000)   # the waiting call ran after sign-in
    assert details[0].email == DEMO_USER_EMAIL
    assert [i.release_id for i in basket.items] == [str(release.id)]
