"""Fixtures of the kiosk suite.

API tests use the shared fixtures of ``tests/conftest.py`` (``kiosk``,
``admin``, ``operator_factory``, ``db``, ``clock``, and ``browser``: the one
Chromium of the session); browser tests add a real server started once per
module.
"""
import json
from datetime import timedelta

import pytest

from queue_server.timeutil import to_db
from tests.live import LiveServer


@pytest.fixture
def app(app):
    """The shared app, without the anti-probing delay on account look-ups (tests stay fast).

    The test of the delay itself sets it back.
    """
    app.config["QUEUE"].lookup_min_seconds = 0.0
    return app


@pytest.fixture
def last_readings_days_ago(db, clock):
    """Move the demo meters' last readings to ``days`` before the test clock.

    The demo seeds them 30 days before the real time of ``init``; tests that
    depend on the plausible-consumption proration pin the interval instead.
    """
    def move(days: float, **values_by_meter):
        moment = to_db(clock.now - timedelta(days=days))
        db.conn.execute("UPDATE readings SET taken_at = ? WHERE channel = 'import'", (moment,))
        for meter_id, values in values_by_meter.items():
            db.conn.execute("UPDATE readings SET reading_values = ? WHERE meter_id = ?",
                            (json.dumps(values), int(meter_id.removeprefix("meter_"))))
    move(30)
    return move


@pytest.fixture(scope="module")
def kiosk_server(tmp_path_factory):
    """A real ``python -m queue_server serve`` on a fresh demo database, for one module."""
    server = LiveServer(tmp_path_factory.mktemp("kiosk-live")).start()
    yield server
    server.stop()
