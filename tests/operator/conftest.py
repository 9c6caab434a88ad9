"""Fixtures of the operator console suite: one real server per module, API
sessions to set the scene, and operators' console pages in their own browser
contexts (Chromium via Playwright)."""
import pytest

from tests.live import LiveServer
from tests.operator.scene import Console, Office, open_console_page


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """One real server process for the whole module (a fresh demo database)."""
    server = LiveServer(tmp_path_factory.mktemp("operator-live")).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def office(live_server):
    return Office(live_server)


@pytest.fixture
def clean_office(office):
    """An empty queue and closed windows before the test."""
    office.reset()
    return office


@pytest.fixture
def open_console(browser, live_server, clean_office):
    """``open_console("op1", window_id=1)``: the operator logged in, the window open,
    the console page loaded and connected."""
    contexts = []

    def open_page(login: str, window_id: int | None = None) -> Console:
        context, console = open_console_page(browser, live_server, login, window_id)
        contexts.append(context)
        return console

    yield open_page
    for context in contexts:
        context.close()
