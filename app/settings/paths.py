"""Where the app keeps its files: config, cache, data (basket) and logs, via platformdirs."""
from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

APP_NAME = "sevendigital-browser"
APP_AUTHOR = "sevendigital-browser"


def config_dir() -> Path:
    """Settings (JSON); never secrets."""
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))


def cache_dir() -> Path:
    """Disposable data: the embedded store's catalogue, covers, preview clips."""
    return Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR))


def data_dir() -> Path:
    """Data the user would miss: the basket."""
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def resources_dir() -> Path:
    """The shipped `resources/` folder (icons, styles): in a checkout, a PyInstaller bundle or a wheel."""
    checkout = Path(__file__).resolve().parents[2] / "resources"
    candidates = [checkout]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / "resources")
    # A wheel installs resources/ as data files under the environment's prefix.
    candidates.append(Path(sys.prefix) / "share" / APP_NAME / "resources")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return checkout
