"""Shared fixtures: a demo database, the app with a controllable clock, API
clients for each kind of caller, and a real server process."""
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from queue_server.config import Config
from queue_server.db import connect
from queue_server.schema import migrate
from queue_server.seed import seed_branches, seed_demo
from tests.browser import browser  # noqa: F401  (one Chromium for every browser suite)
from tests.live import LiveServer
# A weekday morning in Yekaterinburg (UTC+5): the demo office with hours is open.
DEFAULT_NOW = datetime(2026, 12, 3, 5, 0, tzinfo=timezone.utc)  # Thu 10:00 local


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = DEFAULT_NOW):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def make_demo_database(path: Path) -> str:
    db = connect(str(path))
    migrate(db)
    seed_branches(db)
    seed_demo(db)
    db.conn.close()
    return str(path)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """The demo database, built once (password hashing is deliberately slow)."""
    return make_demo_database(tmp_path_factory.mktemp("template") / "demo.sqlite3")


@pytest.fixture
def db_path(tmp_path, demo_template):
    target = tmp_path / "queue.sqlite3"
    shutil.copyfile(demo_template, target)
    return str(target)


@pytest.fixture
def app(db_path, clock):
    from queue_server import create_app
    config = Config(database_path=db_path, async_mode="threading", testing=True,
                    secret_key="test-secret")
    return create_app(config, clock=clock)


@pytest.fixture
def db(db_path):
    connection = connect(db_path)
    yield connection
    connection.conn.close()


class ApiClient:
    """The Flask test client speaking JSON as one caller."""

    def __init__(self, client, token: str | None = None):
        self.client = client
        self.token = token
        self.csrf = None

    def login(self, login: str, password: str):
        response = self.client.post("/api/v1/auth/login", json={"login": login, "password": password})
        assert response.status_code == 200, response.get_json()
        self.csrf = response.get_json()["csrf_token"]
        return self

    def _headers(self, extra=None):
        headers = dict(extra or {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if self.csrf:
            headers.setdefault("X-CSRF-Token", self.csrf)
        return headers

    def get(self, path, **kwargs):
        return self.client.get(path, headers=self._headers(kwargs.pop("headers", None)), **kwargs)

    def post(self, path, json=None, **kwargs):
        return self.client.post(path, json=json, headers=self._headers(kwargs.pop("headers", None)),
                                **kwargs)


@pytest.fixture
def kiosk(app):
    return ApiClient(app.test_client(), token="demo-kiosk-1")


@pytest.fixture
def board(app):
    return ApiClient(app.test_client(), token="demo-board-1")


@pytest.fixture
def anonymous(app):
    return ApiClient(app.test_client())


@pytest.fixture
def operator_factory(app):
    """``operator_factory(n)``: operator ``op{n}`` logged in, with window n open."""
    def make(number: int, *, open_window: bool = True) -> ApiClient:
        client = ApiClient(app.test_client()).login(f"op{number}", "demo")
        if open_window:
            response = client.post(f"/api/v1/windows/{number}/open")
            assert response.status_code == 200, response.get_json()
        return client
    return make


@pytest.fixture
def admin(app):
    return ApiClient(app.test_client()).login("admin", "demo-admin")


@pytest.fixture
def live_server(tmp_path):
    server = LiveServer(tmp_path).start()
    yield server
    server.stop()
