"""`python -m app.sandbox --help` documents the options and the demo credentials."""
from __future__ import annotations

import subprocess
import sys


def test_help_lists_options_and_demo_credentials():
    result = subprocess.run([sys.executable, "-m", "app.sandbox", "--help"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0
    for text in ("--host", "--port", "--catalogue", "--latency-ms", "--seed", "--state-file", "demo-key",
                 "demo-secret", "demo@example.com", "demo-password"):
        assert text in result.stdout


def test_bad_catalogue_size_is_rejected():
    result = subprocess.run([sys.executable, "-m", "app.sandbox", "--catalogue", "huge"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2 and "catalogue" in result.stderr
