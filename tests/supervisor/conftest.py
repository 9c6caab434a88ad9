"""Fixtures of the supervisor reports suite: the shared FakeClock app (see
tests/conftest.py) without the anti-probing delay on readings, and the demo
meters' last readings a month before the test clock."""
from datetime import timedelta

import pytest

from queue_server.timeutil import to_db


@pytest.fixture
def app(app):
    app.config["QUEUE"].lookup_min_seconds = 0.0
    return app


@pytest.fixture
def meters_read_a_month_ago(db, clock):
    """The demo seeds the last readings 30 days before the real time of ``init``."""
    db.conn.execute("UPDATE readings SET taken_at = ? WHERE channel = 'import'",
                    (to_db(clock.now - timedelta(days=30)),))
