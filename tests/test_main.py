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


def test_the_language_chosen_in_settings_is_used_at_start(tmp_path):
    """Settings say German: the next start loads the German catalogue (the system's is English)."""
    from app.settings.store import SettingsStore

    SettingsStore(tmp_path / "config" / "sevendigital-browser" / "settings.json").language = "de"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="en_GB.UTF-8", LANGUAGE="en",
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    result = subprocess.run([sys.executable, "-m", "app", "--debug", "--quit-after", "800"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "translation loaded" in result.stderr and "sevendigital-browser_de.qm" in result.stderr, \
        result.stderr[-3000:]
