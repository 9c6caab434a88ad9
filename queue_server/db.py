"""SQLite connections, the per-request connection on ``flask.g`` and backups.

SQLite runs in WAL mode with ``synchronous=FULL``: a ticket printed on paper
must survive a power cut. Connections are in autocommit mode so that every
multi-statement change is an explicit ``BEGIN IMMEDIATE`` transaction
(see :func:`immediate`), and every single-statement change is atomic by itself.
"""
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils
from flask import current_app, g

BUSY_TIMEOUT_MS = 10_000


def connect(path: str) -> sqlite_utils.Database:
    """Open the database at ``path`` with the pragmas the queue relies on."""
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(
        path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
    )
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return sqlite_utils.Database(conn)


class ConnectionPool:
    """Idle connections kept open between requests.

    Each request or task still gets a connection of its own for its whole
    duration; keeping them open afterwards avoids paying for opening and, worse,
    for closing the last connection of a WAL database (which checkpoints and
    deletes the WAL every time).
    """

    def __init__(self, path: str, keep: int = 16):
        self.path = path
        self.keep = keep
        self._idle: list[sqlite_utils.Database] = []
        self._lock = threading.Lock()

    def acquire(self) -> sqlite_utils.Database:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return connect(self.path)

    def release(self, db: sqlite_utils.Database) -> None:
        if db.conn.in_transaction:  # an error left it mid-transaction
            db.conn.execute("ROLLBACK")
        with self._lock:
            if len(self._idle) < self.keep:
                self._idle.append(db)
                return
        db.conn.close()

    def close_all(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for db in idle:
            db.conn.close()


def get_db() -> sqlite_utils.Database:
    """The connection of the current request or task, taken on first use."""
    if "db" not in g:
        g.db = current_app.extensions["queue_db_pool"].acquire()
    return g.db


def close_db(_exception=None) -> None:
    """Give the request's connection back (registered as an app teardown)."""
    db = g.pop("db", None)
    if db is not None:
        current_app.extensions["queue_db_pool"].release(db)


@contextmanager
def immediate(db: sqlite_utils.Database):
    """Run the block in ``BEGIN IMMEDIATE`` … ``COMMIT`` (rollback on error).

    IMMEDIATE takes the write lock up front, so two writers never both read a
    state and then both act on it.
    """
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


def query_one(db: sqlite_utils.Database, sql: str, params=()) -> dict | None:
    """The first row of a query as a dict, or None."""
    row = db.conn.execute(sql, params).fetchone()
    return dict(row) if row is not None else None


def query_all(db: sqlite_utils.Database, sql: str, params=()) -> list[dict]:
    """All rows of a query as dicts."""
    return [dict(row) for row in db.conn.execute(sql, params).fetchall()]


def backup(source_path: str, target_path: str) -> None:
    """Write an online, consistent copy of the database to ``target_path``.

    Uses SQLite's backup API, which copies a consistent snapshot while the
    server keeps serving.
    """
    Path(target_path).parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(source_path, timeout=BUSY_TIMEOUT_MS / 1000)
    target = sqlite3.connect(target_path)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
