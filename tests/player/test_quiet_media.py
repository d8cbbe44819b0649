"""A preview's address carries its OAuth signature: the media stack must not print it.

Qt's ffmpeg backend writes every media it opens to stderr (`Input #0, mp3, from
'http://…/clip/…&oauth_signature=…'`), past Python's logging and its redaction. These tests play
real previews from a sandbox in a child process, through the app's PreviewPlayer, and read
everything that process wrote to its stderr file descriptor (app/player/backend.py)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from app.sandbox import DEMO_CONSUMER_SECRET

ROOT = Path(__file__).resolve().parents[2]

# One clip fails (signed with the wrong secret: 401), the next one plays: both paths print.
_PLAY = r"""
import json, sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

app = QApplication([])
from app.api import StoreClient
from app.player.backend import check_backend
from app.player.player import PlayerState, PreviewPlayer
from app.sandbox import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, SandboxServer
from app.services.tasks import TaskRunner

server = SandboxServer(port=0, catalogue="small", cache_dir=Path(sys.argv[1]), clip_seconds=2).start()
client = StoreClient(base_url=server.url, consumer_key=DEMO_CONSUMER_KEY, consumer_secret=DEMO_CONSUMER_SECRET,
                     country="GB", timeout=5.0)
wrong = StoreClient(base_url=server.url, consumer_key=DEMO_CONSUMER_KEY, consumer_secret="not-the-secret",
                    country="GB", timeout=5.0)
bad, good = client.search_tracks("love", page_size=2).items
status = check_backend()              # the app's order (app/composition.py install_player)
if not status.available:
    print(json.dumps({"available": False}))
    sys.exit(0)
urls = []

def resolve(track):
    url = (wrong if track == bad else client).preview_url(track.id)
    urls.append(url)
    return url

runner = TaskRunner(max_threads=2)
player = PreviewPlayer(runner, resolve, stall_timeout_ms=5000)
problems = []
player.problem.connect(problems.append)
result = {"available": True, "urls": urls}

def finish(code):
    result["played"] = player.position() if player.current_track == good else 0
    result["problems"] = len(problems)
    player.shutdown()
    when(lambda: player.is_shut_down, lambda: app.exit(code))

def when(condition, then):
    def check():
        if condition():
            then()
        else:
            QTimer.singleShot(20, check)
    check()

player.play_all([bad, good])
when(lambda: player.current_track == good and player.state == PlayerState.PLAYING and player.position() >= 300,
     lambda: finish(0))
QTimer.singleShot(20_000, lambda: finish(3))
code = app.exec()
runner.wait_for_idle(5000)
server.stop()
print(json.dumps(result), flush=True)
sys.exit(code)
"""


def secrets_in(url: str) -> list[str]:
    """The values in a signed URL that must not be shown: signature, nonce, the whole query."""
    query = dict(parse_qsl(urlsplit(url).query))
    return [query["oauth_signature"], query["oauth_nonce"], urlsplit(url).query]


@pytest.mark.parametrize("environment", [
    {},
    # Someone debugging Qt's media stack: Qt's dump switched back on, and ffmpeg's own logger
    # routed through Qt at debug level. ffmpeg's log level (set after the backend starts) still
    # keeps the addresses in.
    {"QT_LOGGING_RULES": "qt.multimedia.symbolsresolver=false;qt.multimedia.ffmpeg.mediadataholder.info=true",
     "QT_FFMPEG_DEBUG": "1"},
], ids=["default", "debugging-qt-media"])
def test_playing_previews_prints_no_signed_address(catalogue_cache, tmp_path, environment):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), **environment}
    child = subprocess.run([sys.executable, "-c", _PLAY, str(catalogue_cache)], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120)
    assert child.returncode == 0, f"stdout: {child.stdout}\nstderr: {child.stderr}"
    result = json.loads(child.stdout.strip().splitlines()[-1])
    if not result["available"]:
        pytest.skip("no multimedia backend")
    assert result["played"] >= 300 and result["problems"] == 1      # both clips were opened
    assert len(result["urls"]) == 2
    stderr = child.stderr
    for url in result["urls"]:
        for secret in secrets_in(url):
            assert secret not in stderr, f"{secret!r} printed to stderr:\n{stderr}"
    assert "oauth_" not in stderr and "/clip/" not in stderr, stderr
    assert DEMO_CONSUMER_SECRET not in stderr
