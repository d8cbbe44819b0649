"""UI test fixtures: the whole app on the sandbox, and screenshots."""
from __future__ import annotations

from pathlib import Path

import pytest

SHOTS = Path("/tmp/team/shots")


@pytest.fixture
def parts(qtbot, client, tmp_path):
    """The app as main() builds it, on the test's sandbox, window shown at a fixed size."""
    from app.main import build, parse_args
    from app.settings.store import SettingsStore

    built = build(parse_args([]), settings=SettingsStore(tmp_path / "settings.json"), client=client)
    window = built.window
    qtbot.addWidget(window)
    window.resize(1180, 780)
    window.show()
    qtbot.waitExposed(window)
    yield built
    window.close()
    assert built.shutdown(), "a worker was still running after the test"


def save_shot(widget, tmp_path: Path, name: str) -> Path:
    """A screenshot in the test's tmp dir, and a copy for the team to look at."""
    path = tmp_path / f"{name}.png"
    image = widget.grab()
    assert image.save(str(path))
    try:
        SHOTS.mkdir(parents=True, exist_ok=True)
        image.save(str(SHOTS / f"{name}.png"))
    except OSError:
        pass
    return path
