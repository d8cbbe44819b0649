"""Settings apply without a restart and keep the secret out of the settings file; the store starts off-thread."""
import threading


from app.services.connection import Connection, ServiceConfig, Stage
from app.services.tasks import TaskRunner
from app.settings.store import SettingsStore
from app.ui.settings_dialog import SettingsDialog

def test_settings_dialog_switches_service_and_keeps_the_secret_out_of_the_file(qtbot, parts, sandbox):
    dialog = SettingsDialog("", "", False, "GB")
    qtbot.addWidget(dialog)
    dialog.real.setChecked(True)
    dialog.api_url.setText(sandbox.url)
    dialog.consumer_key.setText("demo-key")
    dialog.consumer_secret.setText("demo-secret")
    dialog.country.setCurrentIndex(dialog.country.findData("DE"))
    values = dialog.values()
    assert values == {"api_url": sandbox.url, "consumer_key": "demo-key", "consumer_secret": "demo-secret",
                      "country": "DE", "language": "", "music_dir": "", "auto_download": True}
    with qtbot.waitSignal(parts.store.changed, timeout=10_000,
                          check_params_cb=lambda change: change.service_changed):
        parts.apply_settings(values)
    assert parts.store.client.base_url == sandbox.url and parts.store.client.country == "DE"
    assert parts.secrets.get("consumer_secret") == "demo-secret"
    text = parts.settings.path.read_text()
    assert sandbox.url in text and "demo-secret" not in text
    with qtbot.waitSignal(parts.search.results_ready, timeout=10_000,
                          check_params_cb=lambda query, kind, page: kind == "releases") as blocker:
        parts.search.search_now("love")                                # the new client works
    assert blocker.args[2].items[0].price.currency_code == "EUR"


def test_language_is_chosen_in_settings_and_kept_for_the_next_start(qtbot, parts):
    dialog = SettingsDialog("", "", False, "GB", language="")
    qtbot.addWidget(dialog)
    offered = [dialog.language.itemData(i) for i in range(dialog.language.count())]
    assert offered[:2] == ["", "en"] and "de" in offered            # system default, then each shipped
    assert dialog.language.itemText(offered.index("de")) == "Deutsch"
    dialog.language.setCurrentIndex(offered.index("de"))
    assert dialog.values()["language"] == "de"
    parts.apply_settings(dialog.values())
    assert parts.settings.language == "de"
    assert SettingsStore(parts.settings.path).language == "de"          # on disk
    assert "next start" in parts.window.statusBar().currentMessage()
    again = SettingsDialog("", "", False, "GB", language=parts.settings.language)
    qtbot.addWidget(again)
    assert again.values()["language"] == "de"


def test_built_in_store_option_disables_the_service_fields(qtbot):
    dialog = SettingsDialog("http://x/1.2/", "k", True, "US")
    qtbot.addWidget(dialog)
    assert dialog.real.isChecked() and dialog.api_url.isEnabled()
    dialog.embedded.setChecked(True)
    assert not dialog.api_url.isEnabled()
    assert dialog.values()["api_url"] == "" and dialog.values()["consumer_secret"] is None


def test_embedded_store_starts_off_the_gui_thread_and_stops(qtbot, runner, catalogue_cache, monkeypatch,
                                                             tmp_path):
    from app.sandbox import SandboxServer

    threads = []
    real_start = SandboxServer.start

    def start(self):
        threads.append(threading.current_thread() is threading.main_thread())
        self.cache_dir = catalogue_cache      # the session's small catalogue, already built
        return real_start(self)

    monkeypatch.setattr(SandboxServer, "start", start)
    background = TaskRunner(detached=True)
    connection = Connection(runner, background, state_file=tmp_path / "store.json", catalogue_size="small")
    progress = []
    connection.progress.connect(lambda stage, address: progress.append(stage))
    with qtbot.waitSignal(connection.ready, timeout=30_000) as blocker:
        connection.connect_to(ServiceConfig())
    client = blocker.args[0]
    assert threads == [False]
    assert progress == [Stage.STARTING_EMBEDDED]
    assert client.search_releases("love", 1, 1).total_items > 0
    connection.stop()
    assert connection.server is None
