"""Cost of call-next as the queue grows: 100, 10,000 and 100,000 waiting tickets
(DESIGN.md §5: flat, thanks to the calling-order index).

Measured at the domain level (the same function the API calls, with its
postponed-return and day-rollover passes), on a real SQLite file in WAL mode
with synchronous=FULL.
"""
import secrets
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from _setup import machine, summary_ms

from queue_server.db import connect
from queue_server.domain import lifecycle
from queue_server.domain.calling import call_next
from queue_server.domain.windows import open_window
from queue_server.schema import migrate
from queue_server.seed import seed_branches, seed_demo
from queue_server.timeutil import to_db

SIZES = [100, 10_000, 100_000]
CALLS = 300
NOW = datetime(2026, 12, 3, 5, 0, tzinfo=timezone.utc)


def fill(db, count: int) -> None:
    """Insert ``count`` waiting tickets over the office's services, a few out of turn."""
    services = [(row["id"], row["letter"]) for row in db.conn.execute(
        "SELECT id, letter FROM services WHERE office_id = 1")]
    rows = []
    for n in range(count):
        service_id, letter = services[n % len(services)]
        number = n // len(services) + 1
        stamp = to_db(NOW - timedelta(seconds=count - n))
        preferential = "wwii_veteran" if n % 500 == 0 else None
        rows.append((1, service_id, "2026-12-03", letter, number, f"{letter}{number:03d}", "waiting",
                     preferential, 0 if preferential else 1, stamp, stamp, secrets.token_hex(8)))
    db.conn.execute("BEGIN")
    db.conn.executemany(
        """INSERT INTO tickets (office_id, service_id, service_date, letter, number, label, status,
               preferential, priority, created_at, queued_at, public_token)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows)
    db.conn.execute("COMMIT")


def measure(size: int, workdir: Path) -> list[float]:
    db = connect(str(workdir / f"q{size}.sqlite3"))
    migrate(db)
    seed_branches(db)
    seed_demo(db)
    fill(db, size)
    staff_id = db.conn.execute("SELECT id FROM staff WHERE login = 'op1'").fetchone()[0]
    open_window(db, 1, staff_id)
    actor = lifecycle.Actor(staff_id, window_id=1)
    timings = []
    for _ in range(min(CALLS, size // 4)):
        started = time.perf_counter()
        ticket = call_next(db, 1, staff_id, now=NOW)
        timings.append(time.perf_counter() - started)
        lifecycle.no_show(db, ticket["id"], actor, now=NOW)
    db.conn.close()
    return timings


def main():
    print(f"machine: {machine()}")
    medians = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            timings = measure(size, Path(tmp))
            medians[size] = sorted(timings)[len(timings) // 2]
            print(f"{size:>7} waiting: call_next {summary_ms(timings)}")
    print(f"ratio of medians 100,000 / 100: {medians[SIZES[-1]] / medians[SIZES[0]]:.2f}")


if __name__ == "__main__":
    main()
