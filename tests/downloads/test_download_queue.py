"""The queue file: round trip, schema, a bad file moved aside, and the words rule."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from app.downloads.jobs import JobState
from app.downloads.queue import SCHEMA_VERSION, QueueStorage, decode, encode

ROOT = Path(__file__).resolve().parents[2]


def test_round_trip_keeps_every_field(make_job, tmp_path):
    job = make_job().with_state(JobState.PAUSED, "disk_full", bytes_done=5, bytes_total=10)
    storage = QueueStorage(tmp_path / "data" / "downloads.json")
    storage.save([job])
    loaded = storage.load()
    assert loaded.jobs == (job,) and loaded.moved_aside is None
    assert json.loads(storage.path.read_bytes())["schema"] == SCHEMA_VERSION
    assert storage.path.stat().st_mode & 0o777 == 0o600       # it holds signed URLs


def test_a_corrupt_file_is_moved_aside(tmp_path):
    path = tmp_path / "downloads.json"
    path.write_bytes(b'{"schema": 1, "jobs": [{"info": {"release_id": "1\\u0000"}}]}')
    loaded = QueueStorage(path).load()
    assert loaded.jobs == () and loaded.moved_aside is not None and loaded.moved_aside.exists()
    assert not path.exists() and "malformed" in loaded.problem


def test_bad_documents_are_refused(make_job):
    import pytest

    from app.downloads.queue import CorruptQueueFile

    good = json.loads(encode([make_job()]))
    variants = [b"", b"[]", b'{"schema": 2, "jobs": []}', json.dumps({**good, "jobs": good["jobs"] * 2}).encode()]
    for bad_value in ({"state": "exploded"}, {"bytes_done": -1}, {"bytes_done": True}, {"url": ""},
                      {"target": 5}, {"bytes_total": 1 << 60}):
        variants.append(json.dumps({**good, "jobs": [{**good["jobs"][0], **bad_value}]}).encode())
    for raw in variants:
        with pytest.raises(CorruptQueueFile):
            decode(raw)


def test_update_reads_changes_and_writes_under_the_lock(make_job, tmp_path):
    storage = QueueStorage(tmp_path / "downloads.json")
    job = make_job()
    assert storage.update(lambda jobs: (*jobs, job)) == (job,)
    assert QueueStorage(storage.path).load().jobs == (job,)


def test_downloads_words_nothing_for_people():
    offenders = []
    for path in sorted((ROOT / "app" / "downloads").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name in {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}:
                    offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def test_only_the_manager_needs_qt():
    code = ("import sys; import app.downloads.fetch, app.downloads.queue, app.downloads.names, "
            "app.downloads.tags, app.downloads.errors, app.downloads.jobs; "
            "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
