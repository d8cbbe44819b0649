"""Where the app keeps its files: config, cache, data (basket) and logs, via platformdirs."""
from __future__ import annotations

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
    """The shipped `resources/` folder (icons, styles), in a checkout or an installed wheel."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "resources", here.parent / "resources"):
        if candidate.is_dir():
            return candidate
    return here.parent / "resources"
