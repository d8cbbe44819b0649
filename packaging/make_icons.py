"""Render the app icon's PNG sizes from resources/icons/net.sevendigitalbrowser.Browser.svg (run after editing it).

Usage: python packaging/make_icons.py   (writes resources/icons/hicolor/NxN/apps/*.png)
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "net.sevendigitalbrowser.Browser.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
APP_ID = "net.sevendigitalbrowser.Browser"


def render(size: int, out: Path) -> None:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out)):
        raise SystemExit(f"could not write {out}")


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (fonts, image IO)
    for size in SIZES:
        render(size, ROOT / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png")
    print(f"wrote {len(SIZES)} PNG sizes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
