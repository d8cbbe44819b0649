"""Player fixtures: a store serving short clips, one PreviewPlayer per test, a private D-Bus."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.player.playback import shut_down_player
from tests.private_bus import private_session_bus

# Playback tests run WITHOUT pytest-qt's Qt message capture (mark them `no_qt_log`). The capture is
# a Python message handler; QtMultimedia's ffmpeg threads log ("No audio device detected",
# "Demuxing failed") and then wait for the GIL, while the GUI thread, holding the GIL, waits in a
# blocking call (QMediaPlayer.stop/play) for those very threads: a deadlock, seen here 1 run in 5.
NO_QT_LOG = pytest.mark.no_qt_log
CLIP_SECONDS = 2


@pytest.fixture
def clip_store(catalogue_cache):
    """The embedded store with 2-second preview clips, so playing through a queue is quick."""
    from app.sandbox import SandboxServer

    server = SandboxServer(port=0, catalogue="small", cache_dir=catalogue_cache,
                           clip_seconds=CLIP_SECONDS).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def store_client(clip_store):
    from app.api import StoreClient
    from app.sandbox import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET

    return StoreClient(base_url=clip_store.url, consumer_key=DEMO_CONSUMER_KEY,
                       consumer_secret=DEMO_CONSUMER_SECRET, country="GB", timeout=5.0)


@pytest.fixture
def tracks(store_client):
    """Five real tracks of the store, in a stable order."""
    return store_client.search_tracks("love", page_size=5).items


@pytest.fixture
def player(qtbot, runner, store_client):
    """A PreviewPlayer on the store's signed clip URLs; stall detection after 1.5 s."""
    from app.player.player import PreviewPlayer

    player = PreviewPlayer(runner, lambda track: store_client.preview_url(track.id), stall_timeout_ms=1500)
    yield player
    shut_down_player(qtbot, player)


@pytest.fixture(scope="session")
def dbus_address(tmp_path_factory):
    """A private D-Bus daemon for the session (the developer's real session bus is left alone)."""
    with private_session_bus(tmp_path_factory.mktemp("dbus")) as address:
        yield address


@pytest.fixture
def dbus_call(qtbot, dbus_address):
    """Call a D-Bus method from another connection (jeepney, in a thread) while Qt keeps serving.

    Returns the reply body as jeepney gives it (variants as (signature, value) pairs).
    """
    from jeepney import DBusAddress, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    pool = ThreadPoolExecutor(max_workers=1)
    connection = open_dbus_connection(bus=dbus_address)

    def call(service: str, interface: str, method: str, signature: str | None = None, body=()):
        address = DBusAddress("/org/mpris/MediaPlayer2", bus_name=service, interface=interface)
        message = new_method_call(address, method, signature, tuple(body))
        future = pool.submit(connection.send_and_get_reply, message, timeout=5)
        qtbot.waitUntil(future.done, timeout=6000)
        return future.result().body

    yield call
    connection.close()
    pool.shutdown()
