"""The app starts and quits cleanly, its command line works without a display, and one app runs per profile."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from app import __version__

ROOT = Path(__file__).resolve().parents[1]


def _env(home: Path) -> dict:
    """A profile of the test's own: no instance left by another test can answer for it."""
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(home / "data"),
                XDG_CONFIG_HOME=str(home / "config"), XDG_CACHE_HOME=str(home / "cache"))


def _run(home: Path, *args, timeout=60):
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, env=_env(home),
                          capture_output=True, text=True, timeout=timeout)


def test_version_prints_without_a_display(tmp_path):
    result = _run(tmp_path, "--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"sevendigital-browser {__version__}"


def test_app_starts_and_quits_cleanly(tmp_path):
    result = _run(tmp_path, "--quit-after", "500")
    assert result.returncode == 0, result.stderr
    assert "already running" not in result.stderr


QUIT_WITH_A_WORKER_BUSY = """
import atexit, sys, threading

from app.main import main

atexit.register(lambda: print("atexit ran", flush=True))


def busy():                   # a worker still running Python when the window has closed
    while True:
        sum(range(1000))


# Not a daemon: Python's finalization would wait for it forever, so only an end without
# finalization can end this process.
threading.Thread(target=busy, daemon=False).start()
sys.exit(main(["--quit-after", "300"]))
"""


def test_a_quit_with_a_worker_still_running_python_ends_without_finalizing(tmp_path):
    """Finalizing the interpreter under a worker that was importing PySide6 modules crashed 1 quit in
    30-50 (a core); the process now ends once its state is written, with the atexit handlers run and
    the exit code kept, but no finalization (main._end_process)."""
    script = tmp_path / "quit_busy.py"
    script.write_text(QUIT_WITH_A_WORKER_BUSY)
    env = dict(_env(tmp_path), PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, str(script)], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=45)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "atexit ran" in result.stdout
    assert list((tmp_path / "config").rglob("settings*.json")), "the settings were written before the end"


class AppProcess:
    """`python -m app --debug` on a sandbox, its log in a file the test reads as it grows."""

    def __init__(self, home: Path, sandbox, name: str, *args: str):
        from app.sandbox import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET

        self.log = home / f"{name}.log"
        self._log_file = open(self.log, "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "app", "--debug", "--api-url", sandbox.url, "--consumer-key", DEMO_CONSUMER_KEY,
             "--consumer-secret", DEMO_CONSUMER_SECRET, *args],
            cwd=ROOT, env=_env(home), stdout=subprocess.DEVNULL, stderr=self._log_file, text=True)

    def wait_for_log(self, text: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.log.read_text():
            assert self.process.poll() is None, f"exited {self.process.returncode}: {self.log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, f"no {text!r} in: {self.log.read_text()[-3000:]}"
            time.sleep(0.05)       # a plain process, not Qt: polling its log file is the way to wait

    def stop(self, sig=signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        code = self.process.wait(30)
        self._log_file.close()
        return code


def _socket_file(home: Path) -> Path:
    import tempfile

    from app.services.single_instance import server_name

    name = server_name(home / "data" / "sevendigital-browser")
    return Path(name if os.path.isabs(name) else os.path.join(tempfile.gettempdir(), name))   # Qt's temp dir


def test_a_second_launch_hands_over_and_the_next_after_quitting_becomes_the_instance(tmp_path, sandbox, for_sale):
    release = for_sale[0]
    first = AppProcess(tmp_path, sandbox, "first")
    try:
        first.wait_for_log("showing home")
        started = time.monotonic()
        second = _run(tmp_path, f"release:{release.id}")
        took = time.monotonic() - started
        assert second.returncode == 0, second.stderr
        assert "already running: the link was opened there" in second.stderr
        assert took < 5, took                   # ~0.2 s here; the bound catches a hang, not a speed
        first.wait_for_log(f"showing release:{release.id}")
    finally:
        assert first.stop() == 0, first.log.read_text()[-3000:]   # SIGTERM closes the window cleanly
    assert not _socket_file(tmp_path).exists()
    third = _run(tmp_path, "--quit-after", "300")                   # the profile is free again
    assert third.returncode == 0 and "already running" not in third.stderr, third.stderr


def test_a_socket_left_by_a_killed_instance_does_not_block_the_next_launch(tmp_path, sandbox, for_sale):
    first = AppProcess(tmp_path, sandbox, "killed")
    first.wait_for_log("showing home")
    assert _socket_file(tmp_path).exists()
    first.stop(signal.SIGKILL)
    assert _socket_file(tmp_path).exists()                          # stale: nobody removed it
    second = AppProcess(tmp_path, sandbox, "next")
    try:
        second.wait_for_log("showing home")
        handed = _run(tmp_path, f"release:{for_sale[1].id}")
        assert handed.returncode == 0 and "already running" in handed.stderr, handed.stderr
        second.wait_for_log(f"showing release:{for_sale[1].id}")
    finally:
        assert second.stop() == 0


def test_the_language_chosen_in_settings_is_used_at_start(tmp_path):
    """Settings say German: the next start loads the German catalogue (the system's is English)."""
    from app.settings.store import SettingsStore

    SettingsStore(tmp_path / "config" / "sevendigital-browser" / "settings.json").language = "de"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="en_GB.UTF-8", LANGUAGE="en",
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    result = subprocess.run([sys.executable, "-m", "app", "--debug", "--quit-after", "800"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "translation loaded" in result.stderr and "sevendigital-browser_de.qm" in result.stderr, \
        result.stderr[-3000:]
