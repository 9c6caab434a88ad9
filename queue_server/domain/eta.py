"""How long a new visitor will wait: a range in minutes, never a false promise.

people ahead × recent mean service time of the service ÷ windows open for it.
The range widens the point estimate (service times vary a lot), and when no
window serving the service is open, the estimate assumes one will open.
"""
import math

from ..db import query_one
from ..timeutil import minutes_between

RECENT_SERVICES = 30
LOW_FACTOR = 0.8
HIGH_FACTOR = 1.3
HIGH_MARGIN_MINUTES = 2
MIN_HIGH_MINUTES = 5


def recent_mean_service_minutes(db, service_id: int) -> float:
    """Mean service time of the last finished visits, or the configured default."""
    rows = db.conn.execute(
        """SELECT started_at, finished_at FROM tickets
           WHERE service_id = ? AND status = 'done' AND started_at IS NOT NULL
           ORDER BY finished_at DESC LIMIT ?""",
        (service_id, RECENT_SERVICES),
    ).fetchall()
    durations = [minutes_between(row["started_at"], row["finished_at"]) for row in rows]
    durations = [d for d in durations if d is not None and d >= 0]
    if len(durations) >= 3:
        return sum(durations) / len(durations)
    default = query_one(db, "SELECT default_service_minutes FROM services WHERE id = ?",
                        (service_id,))
    return float(default["default_service_minutes"])


def open_windows_for(db, service_id: int) -> int:
    row = query_one(
        db,
        """SELECT COUNT(*) AS n FROM windows w JOIN window_services ws ON ws.window_id = w.id
           WHERE ws.service_id = ? AND w.state = 'open'""",
        (service_id,),
    )
    return row["n"]


def eta_range(ahead: int, mean_minutes: float, open_windows: int) -> list[int]:
    """The waiting-time range ``[low, high]`` in whole minutes."""
    point = ahead * mean_minutes / max(open_windows, 1)
    low = math.floor(point * LOW_FACTOR)
    high = max(math.ceil(point * HIGH_FACTOR) + HIGH_MARGIN_MINUTES, MIN_HIGH_MINUTES)
    return [low, high]


def people_ahead(db, ticket: dict) -> int:
    """Waiting tickets the calling policy will serve before ``ticket``.

    Counted: tickets of the same service earlier in its order, plus (for a
    regular ticket) out-of-turn tickets of other services that share a window
    with it, since those windows call them first. A regular ticket's count is
    taken as «everyone waiting for the service minus those behind it», so a
    new ticket (nobody behind) costs O(1) however long the queue is.
    """
    if ticket["priority"] == 0:
        return query_one(
            db,
            """SELECT COUNT(*) AS n FROM tickets
               WHERE service_id = ? AND status = 'waiting' AND priority = 0
                 AND (queued_at, id) < (?, ?)""",
            (ticket["service_id"], ticket["queued_at"], ticket["id"]))["n"]
    waiting = query_one(db, "SELECT waiting FROM waiting_counts WHERE service_id = ?",
                        (ticket["service_id"],))
    behind = query_one(
        db,
        """SELECT COUNT(*) AS n FROM tickets
           WHERE service_id = ? AND status = 'waiting' AND priority = 1
             AND (queued_at, id) > (?, ?)""",
        (ticket["service_id"], ticket["queued_at"], ticket["id"]))["n"]
    itself = 1 if ticket["status"] == "waiting" else 0
    same_service = (waiting["waiting"] if waiting else 0) - itself - behind
    shared_preferential = query_one(
        db,
        """SELECT COUNT(*) AS n FROM tickets t
           WHERE t.service_id IN (
               SELECT DISTINCT other.service_id FROM window_services mine
               JOIN window_services other ON other.window_id = mine.window_id
               WHERE mine.service_id = ? AND other.service_id != ?)
             AND t.status = 'waiting' AND t.priority = 0""",
        (ticket["service_id"], ticket["service_id"]),
    )["n"]
    return same_service + shared_preferential


def ticket_eta(db, ticket: dict) -> tuple[int, list[int]]:
    """People ahead and the ETA range of a waiting ticket."""
    ahead = people_ahead(db, ticket)
    mean = recent_mean_service_minutes(db, ticket["service_id"])
    return ahead, eta_range(ahead, mean, open_windows_for(db, ticket["service_id"]))
