"""What start-up leaves out of memory (issue 18): each check runs in a fresh interpreter, since what a
process has imported or cached is the thing measured."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _python(code: str, env: dict | None = None, *args: str) -> list[str]:
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, env=env if env is not None else dict(os.environ), check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.split()


_LINECACHE = """
import json, linecache, sys
if sys.argv[1] == "lean":
    from app.main import _probe_pyside_use_without_linecache
    _probe_pyside_use_without_linecache()
else:
    import PySide6
    linecache.clearcache()
import app.ui.main_window, app.api.client, app.sandbox.xmlout, json.tool
feature = sys.modules["shibokensupport.feature"]
print(len(linecache.cache), json.dumps(sorted(feature.pyside_feature_dict.items()), separators=(",", ":")))
"""


def test_modules_imported_after_pyside_leave_no_source_in_linecache():
    cached, answers = _python(_LINECACHE, None, "lean")
    assert cached == "0"
    # PySide6's own check reads every module's source into linecache (16 MB of it 2 s after start)...
    cached_before, answers_before = _python(_LINECACHE, None, "as-shipped")
    assert int(cached_before) > 100
    # ...and gives the same answers: which modules use PySide6 (0) and which don't (-1).
    assert answers == answers_before and '["app.ui.view_base",0]' in answers


_KEYRING = """
import sys
from app.settings.secrets import SecretStore
store = SecretStore(fallback_path=sys.argv[1])
print(store.keeping.value, "cryptography" in sys.modules, sys.modules.get("secretstorage", "absent") is None,
      "keyring" in sys.modules, "importlib_metadata" in sys.modules, type(store._backend).__name__)
"""


def _keyring_env(tmp_path: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DBUS_SESSION_BUS_ADDRESS", "PYTHON_KEYRING_BACKEND")}
    # keyring reads its configuration from here: an empty folder, so it chooses as it would by itself.
    return dict(env, XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"), **extra)


def test_without_a_session_bus_or_anything_configured_keyring_is_not_even_imported(tmp_path):
    keeping, crypto, placeholder_left, keyring, metadata, _backend = _python(
        _KEYRING, _keyring_env(tmp_path), str(tmp_path / "secrets.json"))
    assert keeping == "file"            # no keyring here, as keyring itself would answer
    assert crypto == "False" and placeholder_left == "False"
    # keyring's package brings its importlib_metadata backport, zipp and jaraco (2.5 MB), its
    # discovery reads every package's entry points: neither is needed to know there is no keyring.
    assert keyring == "False" and metadata == "False"


def test_a_keyring_configured_in_its_config_file_is_honoured(tmp_path):
    folder = tmp_path / "config" / "python_keyring"
    folder.mkdir(parents=True)
    (folder / "keyringrc.cfg").write_text("[backend]\ndefault-keyring=keyring.backends.null.Keyring\n")
    keeping, *_rest, backend = _python(_KEYRING, _keyring_env(tmp_path), str(tmp_path / "secrets.json"))
    assert (keeping, backend) == ("switched-off", "Keyring")      # the user's null keyring, not the file


def test_a_keyring_named_in_the_environment_is_honoured(tmp_path):
    env = _keyring_env(tmp_path, PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    keeping, *_rest = _python(_KEYRING, env, str(tmp_path / "secrets.json"))
    assert keeping == "switched-off"


_PLUGIN = """
from keyring.backend import KeyringBackend


class PluginKeyring(KeyringBackend):
    priority = 9
    def get_password(self, service, username): return None
    def set_password(self, service, username, password): pass
    def delete_password(self, service, username): pass
"""


def test_a_keyring_backend_another_package_installed_is_found_by_keyring(tmp_path):
    # A plugin, as keyring discovers them: an entry point in the keyring.backends group.
    site = tmp_path / "site"
    info = site / "plugin_keyring-1.0.dist-info"
    info.mkdir(parents=True)
    (site / "plugin_keyring.py").write_text(_PLUGIN)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: plugin-keyring\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[keyring.backends]\nplugin = plugin_keyring\n")
    env = _keyring_env(tmp_path, PYTHONPATH=os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")])))
    keeping, *_rest, backend = _python(_KEYRING, env, str(tmp_path / "secrets.json"))
    assert (keeping, backend) == ("keyring", "PluginKeyring")


def test_with_a_session_bus_address_the_secret_service_is_probed_as_before(tmp_path):
    # An address nothing listens on: the Secret Service is tried (secretstorage and cryptography are
    # imported for it) and found missing.
    env = _keyring_env(tmp_path, DBUS_SESSION_BUS_ADDRESS=f"unix:path={tmp_path / 'no-bus'}")
    keeping, crypto, placeholder_left, *_rest = _python(_KEYRING, env, str(tmp_path / "secrets.json"))
    assert keeping == "file"
    assert crypto == "True" and placeholder_left == "False"


_STORE = """
import sys
import requests
from app.sandbox import DEMO_CONSUMER_KEY, SandboxServer
with SandboxServer(port=0, catalogue="small", cache_dir=sys.argv[1], clip_seconds=2) as server:
    key = {"oauth_consumer_key": DEMO_CONSUMER_KEY}
    page = requests.get(server.url + "release/details", params={**key, "releaseId": 1000000}, timeout=30)
    print(page.status_code, "numpy" in sys.modules)
    clip = requests.get(server.url + "track/preview", params={**key, "trackId": 2000001}, timeout=60)
    print(clip.status_code, clip.headers["Content-Type"].startswith("audio/") and len(clip.content) > 1000, "numpy" in sys.modules)
"""


def test_the_embedded_store_starts_and_serves_without_numpy_until_a_clip_is_made(fresh_cache):
    # The catalogue built (with numpy) before, as on a second start; no clip made yet (a clip another
    # test left in a shared cache would be served without numpy).
    page, numpy_at_start, clip, is_mp3, numpy_after_clip = _python(_STORE, None, str(fresh_cache))
    assert (page, numpy_at_start) == ("200", "False")
    assert (clip, is_mp3, numpy_after_clip) == ("200", "True", "True")


_CLIENT = """
import sys
import requests
import app.api.client, app.downloads.fetch, app.services.countries
from app.api.oauth import request_auth
print(*(name in sys.modules for name in ("oauthlib", "mutagen", "babel")))
request = requests.Request("POST", "https://api.example.com/1.2/basket/add", data={"releaseId": "1"},
                           auth=request_auth("key", "secret", None, "POST")).prepare()
print("oauth_signature=" in request.body, *(name in sys.modules for name in ("oauthlib.oauth1", "requests_oauthlib",
                                                                            "oauthlib.oauth2")))
"""


def test_the_client_and_download_code_import_neither_oauthlib_nor_mutagen_nor_babel():
    # oauthlib comes with the first signed call, and only its OAuth 1 part (requests-oauthlib's
    # package pulls in all of OAuth 2 and OpenID); mutagen comes with the first download checked or
    # tagged; Babel with the first country names not in the cache.
    assert _python(_CLIENT) == ["False", "False", "False", "True", "True", "False", "False"]


_TAGS = """
import sys
from pathlib import Path
from app.downloads.errors import NotAnMp3
from app.downloads.tags import verify_mp3
before = "mutagen" in sys.modules
path = Path(sys.argv[1])
path.write_bytes(b"not an mp3")
try:
    verify_mp3(path)
except NotAnMp3:
    print(before, "mutagen" in sys.modules, "refused")
"""


def test_mutagen_is_imported_by_the_first_check_of_a_file(tmp_path):
    assert _python(_TAGS, None, str(tmp_path / "x.mp3")) == ["False", "True", "refused"]
