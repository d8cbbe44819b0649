"""Composition root: parse arguments, build the application and its parts, show the window."""
from __future__ import annotations

import argparse
import sys

from app import __version__


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="sevendigital-browser",
        description="Browse the 7digital music store, preview tracks, keep a basket and check out. "
                    "Without a consumer key it opens on the embedded store.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--quit-after", type=int, metavar="MS", default=None,
                        help=argparse.SUPPRESS)  # smoke tests: start, show, quit cleanly
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("7digital Browser")
    app.setApplicationVersion(__version__)
    window = QMainWindow()
    window.setWindowTitle("7digital Browser")
    window.setCentralWidget(QLabel("7digital Browser"))
    window.resize(1100, 720)
    window.show()
    if args.quit_after is not None:
        QTimer.singleShot(args.quit_after, app.quit)
    return app.exec()
