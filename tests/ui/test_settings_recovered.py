"""A settings file that can't be read: kept aside with a timestamp, and the window says so (issue 13)."""
from __future__ import annotations

import shiboken6

from tests.ui.conftest import build_parts


def test_two_corrupt_settings_files_in_a_row_leave_two_backups_and_a_message_each_time(qtbot, client, tmp_path):
    settings_file = tmp_path / "settings.json"
    messages = []
    for attempt in range(2):
        settings_file.write_text('{"api_url": "https://api.example/1.2/", "consumer_key": "k"' + "," * attempt)
        parts = build_parts(client, tmp_path)
        try:
            messages.append(parts.window.statusBar().currentMessage())
        finally:
            if shiboken6.isValid(parts.window):
                parts.window.close()
            assert parts.shutdown()
            parts.window.deleteLater()
    backups = sorted(tmp_path.glob("settings.json.corrupt-*"))
    assert len(backups) == 2
    assert {b.read_text() for b in backups} == {'{"api_url": "https://api.example/1.2/", "consumer_key": "k"',
                                                '{"api_url": "https://api.example/1.2/", "consumer_key": "k",'}
    for message, backup in zip(messages, backups):
        assert "settings file could not be read" in message
        assert backup.name in message
