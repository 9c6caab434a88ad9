"""The calling policy: which waiting ticket a window gets next.

Eligible: waiting tickets of the services the window serves (postponed ones
whose time has come are put back first). Order:
1. out-of-turn (preferential) tickets first, FIFO among them;
2. the window's primary services before its secondary ones;
3. FIFO by ``queued_at``.

For each service the window serves, the index ``tickets_calling_order``
yields that service's first ticket directly, so the choice costs a few index
look-ups however long the queue is.
"""
from datetime import datetime

from ..db import immediate, query_one
from ..errors import Conflict
from ..timeutil import to_db
from .lifecycle import expire_past_days, release_due_postponed
from .tickets import get_ticket, log_event
from .windows import get_window, window_services, window_ticket

LEVEL_RANK = {"primary": 0, "secondary": 1}


def _head_of_service(db, service_id: int) -> dict | None:
    return query_one(
        db,
        """SELECT id, priority, queued_at FROM tickets
           WHERE service_id = ? AND status = 'waiting'
           ORDER BY priority, queued_at, id LIMIT 1""",
        (service_id,))


def next_ticket_id(db, window_id: int) -> int | None:
    """The id of the ticket the policy gives this window now (no change made)."""
    candidates = []
    for link in window_services(db, window_id):
        head = _head_of_service(db, link["service_id"])
        if head is not None:
            candidates.append((head["priority"], LEVEL_RANK[link["level"]],
                               head["queued_at"], head["id"]))
    return min(candidates)[3] if candidates else None


def waiting_in_calling_order(db, office_id: int, window_id: int | None = None) -> list[dict]:
    """Waiting tickets in the order they will be called (for one window, or office-wide)."""
    if window_id is None:
        return [dict(row) for row in db.conn.execute(
            """SELECT * FROM tickets WHERE office_id = ? AND status = 'waiting'
               ORDER BY priority, queued_at, id""", (office_id,)).fetchall()]
    return [dict(row) for row in db.conn.execute(
        """SELECT t.* FROM tickets t
           JOIN window_services ws ON ws.service_id = t.service_id AND ws.window_id = ?
           WHERE t.status = 'waiting'
           ORDER BY t.priority, ws.level = 'secondary', t.queued_at, t.id""",
        (window_id,)).fetchall()]


def _assert_window_ready(db, window: dict, staff_id: int) -> None:
    if window["staff_id"] != staff_id:
        raise Conflict("Это окно не открыто вами: откройте его, чтобы вызывать посетителей.",
                       code="not_your_window")
    if window["state"] != "open":
        raise Conflict("Окно на перерыве: вернитесь к работе, чтобы вызывать.",
                       code="window_on_break")
    current = window_ticket(db, window["id"])
    if current is not None:
        raise Conflict(
            f"В окне уже талон {current['label']}: завершите его, прежде чем вызывать следующего.",
            code="window_busy")


def _mark_called(db, ticket_id: int, window_id: int, staff_id: int, stamp: str,
                 *, out_of_order: bool) -> dict | None:
    row = db.conn.execute(
        """UPDATE tickets SET status = 'called', window_id = ?, staff_id = ?, called_at = ?,
               call_count = call_count + 1
           WHERE id = ? AND status = 'waiting' RETURNING *""",
        (window_id, staff_id, stamp, ticket_id)).fetchone()
    if row is None:
        return None
    log_event(db, ticket_id, "call", stamp, staff_id=staff_id, window_id=window_id,
              data={"out_of_order": True} if out_of_order else None)
    return dict(row)


def call_next(db, window_id: int, staff_id: int, *, now: datetime) -> dict | None:
    """Call the next ticket to the window; None when nobody waits for it."""
    window = get_window(db, window_id)
    release_due_postponed(db, window["office_id"], now=now)
    expire_past_days(db, window["office_id"], now=now)
    with immediate(db):
        window = get_window(db, window_id)
        _assert_window_ready(db, window, staff_id)
        ticket_id = next_ticket_id(db, window_id)
        if ticket_id is None:
            return None
        # Inside BEGIN IMMEDIATE nobody else can have taken it.
        return _mark_called(db, ticket_id, window_id, staff_id, to_db(now), out_of_order=False)


def call_specific(db, window_id: int, ticket_id: int, staff_id: int, *, now: datetime) -> dict:
    """Call one waiting ticket out of the policy order (logged as such)."""
    window = get_window(db, window_id)
    release_due_postponed(db, window["office_id"], now=now)
    with immediate(db):
        window = get_window(db, window_id)
        _assert_window_ready(db, window, staff_id)
        ticket = get_ticket(db, ticket_id)
        served_here = query_one(
            db, "SELECT 1 AS yes FROM window_services WHERE window_id = ? AND service_id = ?",
            (window_id, ticket["service_id"]))
        if served_here is None or ticket["office_id"] != window["office_id"]:
            raise Conflict(f"Услугу талона {ticket['label']} это окно не оказывает.",
                           code="not_served_here")
        called = _mark_called(db, ticket_id, window_id, staff_id, to_db(now), out_of_order=True)
        if called is None:
            raise Conflict(f"Талон {ticket['label']} уже не ожидает вызова.", code="bad_state")
        return called
