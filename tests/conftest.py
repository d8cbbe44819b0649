"""Shared fixtures. Every test runs headless, with its files in a tmp dir, against real parts."""
from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

# Before any QApplication exists, and before platformdirs is asked anything: no test may touch
# the real user's config, cache, basket or keyring.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false")
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="sevendigital-tests-"))
for _var, _sub in (("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache"),
                   ("XDG_DATA_HOME", "data"), ("XDG_STATE_HOME", "state")):
    os.environ[_var] = str(_SESSION_HOME / _sub)
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "7digital"
RECORDED = SHARED / "recorded"


@pytest.fixture(autouse=True)
def _logging_as_found():
    """A test that runs configure_logging() (or main()) leaves the root logger as it found it:
    its level and handlers would otherwise decide what later tests' caplog sees."""
    root = logging.getLogger()
    names = ("urllib3", "oauthlib", "requests_oauthlib")
    level, levels, handlers = root.level, {n: logging.getLogger(n).level for n in names}, list(root.handlers)
    yield
    for handler in list(root.handlers):
        if getattr(handler, "_sevendigital", False) and handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    for name, old in levels.items():
        logging.getLogger(name).setLevel(old)


@pytest.fixture(scope="session")
def qapp(qapp):
    """pytest-qt's application, with the app's translations installed as main() installs them
    (English plural forms: "1 track", "2 tracks")."""
    from app.ui.translations import install_translations

    install_translations(qapp)
    return qapp


@pytest.fixture(scope="session")
def recorded_dir() -> Path:
    """The real responses recorded from 7digital (read-only, never copied into the project)."""
    if not RECORDED.is_dir():
        pytest.skip(f"recorded 7digital responses not found at {RECORDED} (a clone without ../shared)")
    return RECORDED


@pytest.fixture(scope="session")
def catalogue_cache(tmp_path_factory) -> Path:
    """One generated sandbox catalogue per test session (read-only once built)."""
    return tmp_path_factory.mktemp("sandbox-cache")


@pytest.fixture
def fresh_cache(catalogue_cache, tmp_path) -> Path:
    """A cache folder with the session's small catalogue (linked) and no media yet."""
    from app.sandbox.generate import ensure_catalogue

    source = ensure_catalogue(catalogue_cache, "small", 0)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / source.name).symlink_to(source)
    return cache


@pytest.fixture
def sandbox(catalogue_cache):
    """The embedded store as a real HTTP server on 127.0.0.1, fresh state per test."""
    from app.sandbox import SandboxServer

    server = SandboxServer(port=0, catalogue="small", cache_dir=catalogue_cache).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def client(sandbox):
    """A client with the demo key pointed at the test's sandbox."""
    from app.api import StoreClient
    from app.sandbox import DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET

    return StoreClient(base_url=sandbox.url, consumer_key=DEMO_CONSUMER_KEY,
                       consumer_secret=DEMO_CONSUMER_SECRET, country="GB", timeout=5.0)


@pytest.fixture
def store(qtbot, client):
    """The app's current store, connected to the test's sandbox (country GB)."""
    from app.services.store import CurrentStore

    store = CurrentStore("GB")
    store.set_client(client)
    return store


@pytest.fixture
def catalogue(store, runner):
    """The catalogue gateway on the test's store and worker pool."""
    from app.services.catalogue import Catalogue

    return Catalogue(store, runner)


@pytest.fixture
def runner(qtbot):
    """The app's worker pool; a job still running after the test is a leak (and a crash at exit)."""
    from app.services.tasks import TaskRunner

    runner = TaskRunner(max_threads=4)
    yield runner
    assert runner.wait_for_idle(10_000), "a worker was still running after the test"


@pytest.fixture
def cover_runner(qtbot):
    """The cover pool, as the app has it beside the store requests' pool."""
    from app.services.tasks import TaskRunner

    runner = TaskRunner(max_threads=3)
    yield runner
    assert runner.wait_for_idle(10_000), "a cover worker was still running after the test"


@pytest.fixture
def for_sale(client):
    """Releases the sandbox sells in GB (price known)."""
    page = client.search_releases("love", page=1, page_size=30)
    releases = [r for r in page.items if r.price is not None and r.price.value is not None]
    assert len(releases) >= 4
    return releases


def ui_python_files() -> list[Path]:
    """The app's modules that may show text: all but the Qt-free api, sandbox and settings (their
    text is detail inside a translated sentence, see app/ui/errors.py)."""
    qt_free = {"api", "sandbox", "settings"}
    return sorted(p for p in (ROOT / "app").rglob("*.py") if not qt_free & set(p.relative_to(ROOT / "app").parts[:1]))


def load_update_translations():
    """packaging/update_translations.py as a module (it is a script, not part of the app)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("update_translations",
                                                  ROOT / "packaging" / "update_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
