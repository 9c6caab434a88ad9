"""Issuing tickets: numbering per office, local day and letter, atomically."""
import secrets
from datetime import datetime

from ..db import immediate, query_one
from ..errors import Conflict, NotFound, Unprocessable
from ..hours import kiosk_availability
from ..timeutil import service_date, to_db
from .categories import PREFERENTIAL_CATEGORIES
from .tickets import log_event


def format_label(letter: str, number: int) -> str:
    """``А`` + 7 → ``А007`` (a fourth digit appears only past 999)."""
    return f"{letter}{number:03d}"


def issue_ticket(db, office_id: int, service_id: int, preferential: str | None, *,
                 now: datetime, device_id: int | None = None,
                 staff_id: int | None = None, enforce_hours: bool = True,
                 on_issued=None) -> dict:
    """Create a waiting ticket and return its row.

    Kiosks (``enforce_hours``) are refused outside working hours and after the
    pre-closing cutoff; staff can always issue. ``on_issued(ticket)`` runs
    inside the same transaction (e.g. to store the ticket's print job), so the
    ticket and what belongs to it are written together or not at all.
    """
    if preferential is not None and preferential not in PREFERENTIAL_CATEGORIES:
        raise Unprocessable("Неизвестная льготная категория.",
                            fields={"preferential": "Неизвестная категория"})
    office = query_one(db, "SELECT * FROM offices WHERE id = ?", (office_id,))
    if office is None:
        raise NotFound("Офис не найден.")
    if enforce_hours:
        availability = kiosk_availability(office, now)
        if not availability.issuing:
            raise Conflict(availability.reason, code="office_closed")
    service = query_one(db, "SELECT * FROM services WHERE id = ? AND office_id = ?",
                        (service_id, office_id))
    if service is None:
        raise NotFound("Услуга не найдена в этом офисе.", fields={"service_id": "Нет такой услуги"})
    if not service["active"]:
        raise Conflict("Эта услуга сейчас не оказывается.", code="service_inactive")
    day = service_date(now, office["timezone"])
    stamp = to_db(now)
    with immediate(db):
        number = db.conn.execute(
            """INSERT INTO ticket_counters (office_id, service_date, letter, last_number)
               VALUES (?, ?, ?, 1)
               ON CONFLICT (office_id, service_date, letter)
               DO UPDATE SET last_number = last_number + 1
               RETURNING last_number""",
            (office_id, day, service["letter"]),
        ).fetchone()[0]
        ticket = dict(db.conn.execute(
            """INSERT INTO tickets (office_id, service_id, service_date, letter, number, label,
                   status, preferential, priority, created_at, queued_at, public_token,
                   device_id, created_by_staff_id)
               VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?, ?, ?)
               RETURNING *""",
            (office_id, service_id, day, service["letter"], number,
             format_label(service["letter"], number), preferential,
             0 if preferential else 1, stamp, stamp, secrets.token_urlsafe(16),
             device_id, staff_id),
        ).fetchone())
        log_event(db, ticket["id"], "created", stamp, staff_id=staff_id,
                  data={"device_id": device_id, "preferential": preferential})
        if on_issued is not None:
            on_issued(ticket)
    return ticket
