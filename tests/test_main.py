"""The app starts and quits cleanly, and its command line works without a display."""
import os
import subprocess
import sys
from pathlib import Path

from app import __version__

ROOT = Path(__file__).resolve().parents[1]


def _run(*args, timeout=60):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def test_version_prints_without_a_display():
    result = _run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"sevendigital-browser {__version__}"


def test_app_starts_and_quits_cleanly():
    result = _run("--quit-after", "500")
    assert result.returncode == 0, result.stderr
