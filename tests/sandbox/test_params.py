"""Numbers and dates in requests: a value out of range is error 1002 like any other bad value, never a
500 with a traceback (SQLite holds 64-bit integers, `date` starts at year 1, int() stops at 4,300 digits)."""
from __future__ import annotations

import logging

import pytest
import requests

from tests.sandbox.helpers import error_code, get, ok

HUGE = "99999999999999999999"
MANY_DIGITS = "9" * 5000


@pytest.fixture
def no_errors_logged(caplog):
    caplog.set_level(logging.WARNING)
    yield
    # The store's own records (a worker another test left behind may log too).
    failures = [r for r in caplog.records
                if r.levelno >= logging.ERROR and r.name.startswith(("app.sandbox", "waitress"))]
    assert not failures, [r.getMessage() for r in failures]


@pytest.mark.parametrize("path, params", [
    ("artist/search", {"q": "the", "page": "9223372036854775807"}),
    ("release/search", {"q": "love", "pageSize": HUGE}),
    ("release/details", {"releaseId": HUGE}),
    ("release/tracks", {"releaseId": "2147483648"}),
    ("artist/details", {"artistId": HUGE}),
    ("track/details", {"trackId": HUGE}),
    ("track/preview", {"trackId": HUGE}),
    ("release/bydate", {"toDate": "00010101"}),
    ("release/bydate", {"fromDate": "00010101"}),
    ("release/bydate", {"toDate": "99991231"}),
    ("release/chart", {"toDate": "00010101"}),
    ("artist/chart", {"toDate": "00010107", "period": "month"}),
    ("release/details", {"releaseId": "٣٠٠٠٠٠"}),          # digits, but not ASCII ones
])
def test_out_of_range_numbers_and_dates_are_1002(sandbox, no_errors_logged, path, params):
    response = get(sandbox, path, **params)
    assert response.status_code == 200
    assert error_code(response) == 1002, response.text[:300]


def test_basket_ids_and_items_are_bounded_too(sandbox, no_errors_logged):
    basket_id = ok(get(sandbox, "basket/create")).find("basket").get("id")
    for params in ({"releaseId": HUGE}, {"releaseId": "300004", "trackId": HUGE}):
        assert error_code(get(sandbox, "basket/addItem", basketId=basket_id, **params)) == 1002
    assert error_code(get(sandbox, "basket/removeItem", basketId=basket_id, itemId=MANY_DIGITS)) == 1002


def test_the_last_possible_page_is_past_the_end_and_the_next_is_not_a_page(sandbox, no_errors_logged):
    assert error_code(get(sandbox, "artist/search", q="the", page="2147483647")) == 1003
    assert error_code(get(sandbox, "artist/search", q="the", page="2147483648")) == 1002


@pytest.mark.parametrize("path", [
    f"static/img/sleeveart/00/003/000/0000300000_{MANY_DIGITS}.jpg",
    f"clips/34/{HUGE}.clip.mp3",
    f"clips/34/{MANY_DIGITS}.clip.mp3",
])
def test_huge_numbers_in_media_paths_are_404(sandbox, no_errors_logged, path):
    response = requests.get(sandbox.root_url + path, timeout=10)
    assert response.status_code == 404, response.text[:200]


def test_a_huge_track_id_on_a_download_url_is_1002(sandbox, no_errors_logged):
    response = requests.get(sandbox.root_url + "media/user/downloadtrack", params={"trackId": HUGE}, timeout=10)
    assert error_code(response) == 1002


def test_route_handlers_read_numbers_and_dates_only_through_params():
    """One place parses and bounds request numbers and dates (app/sandbox/routes/params.py): a handler
    that parsed its own would bring the 500s back."""
    import re
    from pathlib import Path

    import app.sandbox.routes as routes

    own_parsing = re.compile(r"req\.int_param\(|req\.paging\(|strptime|int\(req\.|int\(raw")
    offenders = {path.name: own_parsing.findall(path.read_text())
                 for path in Path(routes.__file__).parent.glob("*.py") if path.name != "params.py"}
    assert {name: found for name, found in offenders.items() if found} == {}
