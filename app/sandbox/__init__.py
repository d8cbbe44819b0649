"""The embedded store: a local emulator of the 7digital API on loopback. Imports no Qt.

    with SandboxServer(port=0, catalogue="small") as server:
        server.url   # http://127.0.0.1:PORT/1.2/
"""
from app.sandbox.credentials import (DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_USER_EMAIL,
                                     DEMO_USER_PASSWORD)
from app.sandbox.server import SandboxServer

__all__ = ["SandboxServer", "DEMO_CONSUMER_KEY", "DEMO_CONSUMER_SECRET", "DEMO_USER_EMAIL", "DEMO_USER_PASSWORD"]
