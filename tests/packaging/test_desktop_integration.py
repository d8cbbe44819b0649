"""The desktop entry, AppStream metadata and icons are valid and install to the XDG places."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "net.sevendigitalbrowser.Browser"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing: .ci/run should have installed it")
        pytest.skip(f"{name} is not installed (apt-get install desktop-file-utils appstream)")
    return path


def test_desktop_entry_validates():
    result = subprocess.run([_tool("desktop-file-validate"), str(ROOT / "packaging" / f"{APP_ID}.desktop")],
                            capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_appstream_metainfo_validates():
    result = subprocess.run([_tool("appstreamcli"), "validate", "--no-net",
                             str(ROOT / "packaging" / f"{APP_ID}.metainfo.xml")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_icon_pngs_match_their_sizes():
    sizes = sorted(int(d.name.split("x")[0]) for d in (ROOT / "resources/icons/hicolor").iterdir())
    assert sizes == [16, 24, 32, 48, 64, 128, 256, 512]
    for size in sizes:
        image = QImage(str(ROOT / f"resources/icons/hicolor/{size}x{size}/apps/{APP_ID}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()


def test_make_install_desktop_puts_files_in_xdg_places(tmp_path):
    result = subprocess.run(["make", "--no-print-directory", "install-desktop", f"PREFIX={tmp_path}"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    share = tmp_path / "share"
    assert (share / "applications" / f"{APP_ID}.desktop").is_file()
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert (share / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg").is_file()
    assert (share / "icons/hicolor/48x48/apps" / f"{APP_ID}.png").is_file()
