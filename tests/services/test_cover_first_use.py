"""Cover workers' first Qt calls: made once on the GUI thread first, so workers never race PySide's
set-up of a wrapped type (two workers doing that at once deadlocked the GIL and froze the window)."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

RACE = textwrap.dedent("""
    import io, sys, threading
    from PIL import Image
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from app.services import covers

    app = QGuiApplication([])
    out = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 10, 10)).save(out, "JPEG")   # bytes made without Qt
    data = out.getvalue()
    covers.warm_worker_path()            # what CoverLoader does before its first job
    sys.setswitchinterval(1e-6)          # hand the GIL over as often as possible: the race at its worst
    barrier = threading.Barrier(8)
    sizes = []

    def work():
        barrier.wait()
        image = covers.decode_image(data)
        image = image.scaled(20, 20, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        sizes.append(covers._rounded(image, 0.1).width())

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("rounded", sizes)
""")


def test_eight_workers_decoding_their_first_covers_at_once_finish(tmp_path):
    script = tmp_path / "race.py"
    script.write_text(RACE)
    env = {"QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    # Three processes at once: on the old code one start in ten hung; none may hang here.
    runs = [subprocess.Popen([sys.executable, str(script)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(3)]
    try:
        results = [run.communicate(timeout=90) for run in runs]
    finally:
        for run in runs:
            run.kill()
    for run, (out, err) in zip(runs, results):
        assert run.returncode == 0, err[-2000:]
        assert out.strip() == "rounded " + str([20] * 8), out


def test_a_loader_warms_the_worker_path_before_its_first_job(qtbot, monkeypatch):
    from app.services import covers
    from app.services.tasks import TaskRunner

    monkeypatch.setattr(covers, "_worker_path_warm", False)
    runner = TaskRunner(max_threads=1)
    loader = covers.CoverLoader(runner, lambda url: b"not an image")
    assert not covers._worker_path_warm                          # nothing at start-up
    loader.request("http://127.0.0.1:9/cover.jpg", 40)
    assert covers._worker_path_warm                              # before the job was handed out
    assert loader.requests == 1
    runner.wait_for_idle(5000)
