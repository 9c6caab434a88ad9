"""Tickets as rows and as the JSON the contract promises; the event log."""
import json

from ..db import query_one
from ..errors import NotFound
from ..timeutil import to_public

TICKET_TIMES = ("created_at", "queued_at", "called_at", "started_at", "finished_at",
                "postponed_until")
ACTIVE_AT_WINDOW = ("called", "serving")


def office_timezone(db, office_id: int) -> str:
    row = query_one(db, "SELECT timezone FROM offices WHERE id = ?", (office_id,))
    if row is None:
        raise NotFound("Офис не найден.")
    return row["timezone"]


def get_ticket(db, ticket_id: int) -> dict:
    """The ticket row, or NotFound."""
    row = query_one(db, "SELECT * FROM tickets WHERE id = ?", (ticket_id,))
    if row is None:
        raise NotFound("Талон не найден.")
    return row


def ticket_json(db, ticket: dict, tz_name: str | None = None) -> dict:
    """The contract's ticket object, times in the office's UTC offset."""
    tz_name = tz_name or office_timezone(db, ticket["office_id"])
    result = {
        "id": ticket["id"],
        "label": ticket["label"],
        "office_id": ticket["office_id"],
        "service_id": ticket["service_id"],
        "status": ticket["status"],
        "preferential": ticket["preferential"],
        "preferential_confirmed": bool(ticket["preferential_confirmed"]),
        "window_id": ticket["window_id"],
        "call_count": ticket["call_count"],
        "outcome": ticket["outcome"],
    }
    for name in TICKET_TIMES:
        result[name] = to_public(ticket[name], tz_name)
    return result


def log_event(db, ticket_id: int, event_type: str, at: str, *, staff_id=None,
              window_id=None, data: dict | None = None) -> None:
    """Append one row to the ticket's history (inside the caller's transaction)."""
    db.conn.execute(
        "INSERT INTO ticket_events (ticket_id, type, at, staff_id, window_id, data)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (ticket_id, event_type, at, staff_id, window_id,
         json.dumps(data or {}, ensure_ascii=False)),
    )


def ticket_events(db, ticket_id: int) -> list[dict]:
    rows = db.conn.execute(
        "SELECT type, at, staff_id, window_id, data FROM ticket_events"
        " WHERE ticket_id = ? ORDER BY id", (ticket_id,)).fetchall()
    return [dict(row, data=json.loads(row["data"])) for row in rows]
