"""Logs go to a rotating file and never contain OAuth signatures, tokens or registered secrets."""
import logging
import os
import stat

import pytest

from app.settings.logs import configure_logging, redact, register_secret


@pytest.fixture
def log_file(tmp_path):
    path = configure_logging(directory=tmp_path, max_bytes=2_000, backups=2)
    yield path
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_sevendigital", False):
            root.removeHandler(handler)
            handler.close()


def test_oauth_parameters_are_redacted_but_named():
    url = ("http://h/1.2/user/details?oauth_consumer_key=demo-key&oauth_token=abc123"
           "&oauth_signature=sig%3D&oauth_nonce=1")
    assert redact(url) == ("http://h/1.2/user/details?oauth_consumer_key=demo-key&oauth_token=***"
                           "&oauth_signature=***&oauth_nonce=1")
    assert redact('oauth_token_secret="s3cr3t", x') == 'oauth_token_secret="***", x'
    assert redact("password=hunter22&email=a@b") == "password=***&email=a@b"


def test_log_file_never_holds_a_registered_secret(log_file):
    register_secret("very-secret-value")
    log = logging.getLogger("app.test")
    log.info("signing with %s", "very-secret-value")
    try:
        raise RuntimeError("failed for http://x/?oauth_signature=zzz9 and very-secret-value")
    except RuntimeError:
        log.exception("request failed")
    text = log_file.read_text()
    assert "signing with ***" in text
    assert "request failed" in text and "RuntimeError" in text
    assert "very-secret-value" not in text and "zzz9" not in text


def test_log_file_rotates(log_file):
    log = logging.getLogger("app.test")
    for i in range(200):
        log.info("line %d %s", i, "x" * 40)
    assert log_file.with_name(log_file.name + ".1").is_file()
    assert not log_file.with_name(log_file.name + ".3").exists()


@pytest.fixture
def usual_umask():
    """The umask most desktops start programs with (022: new files 0644)."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_log_file_and_its_rotations_are_readable_by_the_user_alone(usual_umask, log_file):
    log = logging.getLogger("app.test")
    log.info("what the user browsed")
    assert _mode(log_file) == 0o600
    for i in range(200):                       # rotates into .1 and .2
        log.info("line %d %s", i, "x" * 40)
    rotated = sorted(log_file.parent.glob(log_file.name + ".*"))
    assert [p.name for p in rotated] == [log_file.name + ".1", log_file.name + ".2"]
    assert {p.name: _mode(p) for p in [log_file, *rotated]} == {p.name: 0o600 for p in [log_file, *rotated]}


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_an_older_versions_world_readable_logs_are_made_private(usual_umask, tmp_path):
    from app.settings.logs import LOG_FILE_NAME

    old = [tmp_path / LOG_FILE_NAME, tmp_path / f"{LOG_FILE_NAME}.1"]
    for path in old:
        path.write_text("an older version's log\n", encoding="utf-8")
        path.chmod(0o644)
    try:
        configure_logging(directory=tmp_path, max_bytes=2_000, backups=2)
        logging.getLogger("app.test").info("still appended to")
        assert [_mode(p) for p in old] == [0o600, 0o600]
        assert "still appended to" in old[0].read_text(encoding="utf-8")
    finally:
        root = logging.getLogger()
        for handler in list(root.handlers):
            if getattr(handler, "_sevendigital", False):
                root.removeHandler(handler)
                handler.close()


def test_a_short_secret_inside_a_longer_one_leaves_nothing_of_the_longer_one():
    register_secret("abcd1234")
    register_secret("abcd1234-and-more-secret")
    assert redact("token abcd1234-and-more-secret end") == "token *** end"
