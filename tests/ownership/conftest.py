"""The whole app on the sandbox (tests/ui/conftest.py) and the browser catcher (tests/account/conftest.py)."""
from tests.account.conftest import opened_urls  # noqa: F401
from tests.ui.conftest import parts  # noqa: F401
