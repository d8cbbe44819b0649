"""UI test fixtures: the whole app on the sandbox, and screenshots."""
from __future__ import annotations

from pathlib import Path

import os

import pytest
import shiboken6

# Screenshots for people to look at: also copied here when the variable names a folder.
SHOTS = os.environ.get("SEVENDIGITAL_SHOTS_DIR")


def build_parts(client, folder: Path, args=()):
    """The app as main() builds it (app/composition.py), its files under `folder`, on `client`."""
    from app.composition import Paths, build
    from app.main import parse_args

    built = build(parse_args(list(args)), Paths.under(folder))
    built.store.set_client(client)
    return built


def start_app(qtbot, client, folder: Path, size=None):
    """Start the app over `folder` (as a restart would find it), shown; end it with quit_app."""
    built = build_parts(client, folder)
    if size is not None:
        built.window.resize(*size)
    built.window.show()
    qtbot.waitExposed(built.window)
    return built


def quit_app(qtbot, built) -> None:
    """Quit as the app does: the player first, then the window, then every worker."""
    from tests.player.playback import shut_down_player

    shut_down_player(qtbot, built.player)
    if shiboken6.isValid(built.window):
        built.window.close()
    assert built.shutdown()


@pytest.fixture
def parts(qtbot, client, tmp_path):
    """The app as main() builds it, on the test's sandbox, window shown at a fixed size."""
    from tests.player.playback import shut_down_player

    built = build_parts(client, tmp_path)
    window = built.window
    # A preview a test started ends before the window (and then the store) goes away.
    qtbot.addWidget(window, before_close_func=lambda _w: shut_down_player(qtbot, built.player, settle=True))
    window.resize(1180, 780)
    window.show()
    qtbot.waitExposed(window)
    yield built
    if shiboken6.isValid(window):       # pytest-qt may have closed and deleted it already
        window.close()
    assert built.shutdown(), "a worker was still running after the test"


def save_shot(widget, tmp_path: Path, name: str) -> Path:
    """A screenshot in the test's tmp dir (and a copy in $SEVENDIGITAL_SHOTS_DIR, if set)."""
    path = tmp_path / f"{name}.png"
    image = widget.grab()
    assert image.save(str(path))
    if SHOTS:
        try:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            image.save(str(Path(SHOTS) / f"{name}.png"))
        except OSError:
            pass
    return path


def sign_in_demo(qtbot, parts):
    """Sign the demo user in through the app's account service and wait for My music to load."""
    from app.sandbox import DEMO_USER_EMAIL, DEMO_USER_PASSWORD

    shopping = parts.shopping
    shopping.account.sign_in(DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    qtbot.waitUntil(lambda: shopping.account.signed_in and not shopping.locker.loading
                    and bool(shopping.locker.releases), timeout=10000)


def open_release(qtbot, window, release_id):
    """Open `release:<id>` and wait for its tracks; the release view."""
    window.open(f"release:{release_id}")
    qtbot.waitUntil(lambda: getattr(window.current_view, "release", None) is not None
                    and window.current_view.tracks.rowCount() > 0, timeout=10000)
    return window.current_view
