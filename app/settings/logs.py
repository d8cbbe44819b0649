"""Logging: a rotating file in the platformdirs log dir, with secrets scrubbed from every record.

The log file and the files it rotates to are readable by the user alone (0600), as every other
file of the app: redaction keeps secrets out, but a log still tells what the user browsed and bought.
"""
from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path

from app.settings.paths import log_dir

LOG_FILE_NAME = "sevendigital-browser.log"

# OAuth parameters and secrets may ride in URLs, form bodies and header values; keep their names
# (useful when debugging) and drop their values.
_SECRET_PARAMS = re.compile(
    r"(?P<name>oauth_signature|oauth_token_secret|oauth_token|oauth_verifier|consumer_secret|password)"
    r"(?P<sep>[\"']?\s*[=:,]\s*[\"']?)(?P<value>[^&\s\"',)]+)",
    re.IGNORECASE,
)
_known_secrets: set[str] = set()


def register_secret(value: str | None) -> None:
    """Make `value` (a consumer secret, a token secret, a password) unloggable from now on."""
    if value and len(value) >= 4:
        _known_secrets.add(value)


def redact(text: str) -> str:
    """`text` with OAuth parameter values and registered secrets replaced by `***`."""
    text = _SECRET_PARAMS.sub(lambda m: f"{m.group('name')}{m.group('sep')}***", text)
    # Longest first: a short secret inside a longer one must not leave the longer one's rest behind.
    for secret in sorted(_known_secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


class RedactingFilter(logging.Filter):
    """Renders each record once, scrubbed, so no handler can write a secret."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args = redact(message), None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A RotatingFileHandler whose file is created 0600 and made 0600 if it was not (an older
    version's 0644 log). Rotation renames files, so the backups keep that mode."""

    def _open(self):
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            _make_private(fd)
            return os.fdopen(fd, self.mode, encoding=self.encoding, errors=self.errors)
        except BaseException:
            os.close(fd)
            raise


def _make_private(file: int | Path) -> None:
    """chmod 0600 where the platform has it (POSIX); Windows keeps its own ACLs."""
    try:
        if isinstance(file, int):
            if hasattr(os, "fchmod"):
                os.fchmod(file, 0o600)
        elif os.name == "posix":
            os.chmod(file, 0o600)
    except OSError:
        pass       # not ours (a shared log dir): it is still written, as before


def configure_logging(debug: bool = False, directory: Path | None = None,
                      max_bytes: int = 1_000_000, backups: int = 3) -> Path:
    """Log to a rotating file (and stderr for warnings); returns the log file's path."""
    directory = directory or log_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = directory / LOG_FILE_NAME
    for backup in directory.glob(f"{LOG_FILE_NAME}.*"):     # rotated by an older version: 0644
        _make_private(backup)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_sevendigital", False):
            root.removeHandler(handler)
            handler.close()
    file_handler = PrivateRotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if debug else logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    for handler in (file_handler, console):
        handler._sevendigital = True  # type: ignore[attr-defined]
        handler.addFilter(RedactingFilter())
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    # urllib3 logs full request URLs at DEBUG; they pass the filter, but there is no need for the noise.
    logging.getLogger("urllib3").setLevel(logging.INFO if debug else logging.WARNING)
    # oauthlib's DEBUG output is signature base strings and collected parameters: passwords and
    # token values in every shape. Redaction would catch most; not producing it is safer.
    for name in ("oauthlib", "requests_oauthlib"):
        logging.getLogger(name).setLevel(logging.WARNING)
    return path
