"""The search controller: one request per kind per pause, Enter forces, stale answers dropped."""
from app.services.catalogue import Catalogue
from app.services.search import SearchController


def recording(sent):
    """The gateway's search operations, noting each (kind, query) as it is sent."""
    def search(kind, query):
        op = Catalogue.search(kind, query)

        def run(client, page, size):
            sent.append((kind, query))
            return op(client, page, size)
        return run
    return search


def test_pausing_after_typing_sends_one_request_per_kind(qtbot, catalogue):
    sent = []
    controller = SearchController(catalogue, page_size=5, search=recording(sent))
    with qtbot.waitSignal(controller.finished, timeout=5000) as blocker:
        for prefix in ("l", "lo", "lov", "love"):
            controller.set_query(prefix)
    assert blocker.args == ["love"]
    assert sorted(sent) == [("artists", "love"), ("releases", "love"), ("tracks", "love")]


def test_enter_searches_at_once_even_for_the_same_query(qtbot, catalogue):
    sent = []
    controller = SearchController(catalogue, search=recording(sent))
    with qtbot.waitSignal(controller.finished, timeout=5000):
        controller.search_now("love")
    with qtbot.waitSignal(controller.finished, timeout=5000):
        controller.search_now()
    assert [q for _, q in sent].count("love") == 6


def test_a_newer_query_drops_the_older_answers(qtbot, runner, catalogue, sandbox):
    sandbox.faults.latency(400, path="release/search")
    controller = SearchController(catalogue)
    shown, dropped = [], []
    controller.results_ready.connect(lambda q, kind, page: shown.append((q, kind)))
    runner.discarded.connect(lambda: dropped.append(1))
    controller.search_now("the")
    with qtbot.waitSignal(controller.finished, timeout=5000):
        controller.search_now("love")
    qtbot.waitUntil(lambda: len(dropped) >= 1, timeout=5000)      # "the" answered late, and was dropped
    assert {q for q, _ in shown} == {"love"} and len(shown) == 3


def test_a_search_started_by_a_request_started_handler_sends_each_request_once(qtbot, runner, catalogue):
    sent = []
    controller = SearchController(catalogue, search=recording(sent))
    shown, dropped = [], []
    controller.results_ready.connect(lambda q, kind, page: shown.append((q, kind)))
    runner.discarded.connect(lambda: dropped.append(1))
    restarted = []

    def search_again(query):            # e.g. a page built at the first search, showing its query
        if not restarted:
            restarted.append(query)
            controller.search_now("love")

    controller.request_started.connect(search_again)
    with qtbot.waitSignal(controller.finished, timeout=5000) as blocker:
        controller.search_now("lo")
    assert blocker.args == ["love"]
    assert sorted(sent) == [("artists", "love"), ("releases", "love"), ("tracks", "love")]
    assert sorted((kind, query) for query, kind in shown) == sorted(sent) and not dropped


def test_the_kind_on_screen_is_asked_first(qtbot, catalogue):
    sent = []
    controller = SearchController(catalogue, search=recording(sent))
    controller.priority = "tracks"
    with qtbot.waitSignal(controller.finished, timeout=5000):
        controller.search_now("love")
    assert sent[0] == ("tracks", "love") and len(sent) == 3


def test_store_errors_reach_the_view_as_exceptions(qtbot, runner, catalogue, sandbox):
    sandbox.faults.error(1001, "Missing parameter q", path="artist/search", q="boom")
    controller = SearchController(catalogue)
    failures = []
    controller.search_failed.connect(lambda q, kind, exc: failures.append((q, kind, str(exc))))
    with qtbot.waitSignal(controller.finished, timeout=5000):
        controller.search_now("boom")
    assert failures == [("boom", "artists", "Missing parameter q (error 1001)")]


def test_clearing_the_box_cancels_the_pending_search(qtbot, catalogue):
    sent = []
    controller = SearchController(catalogue, search=recording(sent))
    with qtbot.waitSignal(controller.cleared, timeout=1000):
        controller.set_query("love")
        controller.set_query("  ")
    with qtbot.assertNotEmitted(controller.request_started, wait=400):
        pass
    assert sent == []
