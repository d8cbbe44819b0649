"""The app's embedded store: its usual port when free, any free one otherwise, and a state file."""

from app.services.connection import _start_sandbox
from app.services.tasks import CancelToken
from app.settings.paths import data_dir


def test_second_store_falls_back_to_a_free_port_and_both_keep_state():
    first, first_client = _start_sandbox("small", 0, CancelToken())
    try:
        second, second_client = _start_sandbox("small", 0, CancelToken())
        try:
            assert first.port != second.port
            basket = second_client.create_basket()
            assert basket.item_count == 0
            assert first_client.search_artists("the").total_items >= 50
            assert (data_dir() / "embedded-store.json").is_file()
        finally:
            second.stop()
    finally:
        first.stop()
