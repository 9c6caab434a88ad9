"""The office at a glance: waiting counts, latest calls, windows (``/state``, ``snapshot``)."""
import json

from ..db import query_all, query_one
from ..errors import NotFound
from ..timeutil import to_public
from .tickets import ticket_json
from .windows import window_services

RECENT_CALLS = 10


def get_office(db, office_id: int) -> dict:
    row = query_one(db, "SELECT * FROM offices WHERE id = ?", (office_id,))
    if row is None:
        raise NotFound("Офис не найден.")
    return row


def waiting_counts(db, office_id: int) -> dict:
    """``{"waiting": {service_id: n}, "waiting_total": n}`` for every service of the office."""
    rows = db.conn.execute(
        """SELECT s.id, COALESCE(c.waiting, 0) AS waiting FROM services s
           LEFT JOIN waiting_counts c ON c.service_id = s.id
           WHERE s.office_id = ? ORDER BY s.sort_order""", (office_id,)).fetchall()
    waiting = {str(row["id"]): row["waiting"] for row in rows}
    return {"waiting": waiting, "waiting_total": sum(waiting.values())}


def recent_calls(db, office_id: int, tz_name: str, limit: int = RECENT_CALLS) -> list[dict]:
    """The latest calls and recalls of the office, newest first."""
    rows = db.conn.execute(
        """SELECT e.ticket_id, e.at, e.type, t.label, t.service_id,
                  w.id AS window_id, w.number AS window_number, w.label AS window_label
           FROM ticket_events e
           JOIN tickets t ON t.id = e.ticket_id
           JOIN windows w ON w.id = e.window_id
           WHERE t.office_id = ? AND e.type IN ('call', 'recall')
           ORDER BY e.id DESC LIMIT ?""", (office_id, limit)).fetchall()
    return [
        {
            "ticket_id": row["ticket_id"],
            "label": row["label"],
            "service_id": row["service_id"],
            "window": {"id": row["window_id"], "number": row["window_number"],
                       "label": row["window_label"]},
            "called_at": to_public(row["at"], tz_name),
            "recall": row["type"] == "recall",
        }
        for row in rows
    ]


def window_json(db, window: dict, tz_name: str) -> dict:
    """A window as in ``state``: services with levels, operator, state, current ticket."""
    operator = None
    if window["staff_id"] is not None:
        staff = query_one(db, "SELECT id, full_name FROM staff WHERE id = ?", (window["staff_id"],))
        operator = {"id": staff["id"], "name": staff["full_name"]}
    current = query_one(
        db, "SELECT * FROM tickets WHERE window_id = ? AND status IN ('called', 'serving')",
        (window["id"],))
    return {
        "id": window["id"],
        "number": window["number"],
        "label": window["label"],
        "services": window_services(db, window["id"]),
        "operator": operator,
        "state": window["state"],
        "current_ticket": ticket_json(db, current, tz_name) if current else None,
    }


def office_state(db, office_id: int) -> dict:
    """The contract's ``GET /offices/{office}/state``."""
    office = get_office(db, office_id)
    windows = query_all(db, "SELECT * FROM windows WHERE office_id = ? ORDER BY number",
                        (office_id,))
    return {
        **waiting_counts(db, office_id),
        "calls": recent_calls(db, office_id, office["timezone"]),
        "windows": [window_json(db, window, office["timezone"]) for window in windows],
    }


def services_json(db, office_id: int) -> list[dict]:
    rows = query_all(db, "SELECT * FROM services WHERE office_id = ? ORDER BY sort_order",
                     (office_id,))
    return [
        {"id": row["id"], "letter": row["letter"], "name": row["name"],
         "description": row["description"], "audience": row["audience"],
         "group": row["group_name"], "active": bool(row["active"]),
         "outcomes": json.loads(row["outcomes"])}
        for row in rows
    ]


def office_contacts(db, office_id: int) -> dict:
    """The branch contacts shown on boards, kiosks and receipts."""
    row = query_one(
        db, """SELECT b.* FROM branches b JOIN offices o ON o.branch_id = b.id
               WHERE o.id = ?""", (office_id,))
    links = json.loads(row["links"])
    return {
        "branch": row["name"],
        "postal_address": row["postal_address"],
        "phone_individuals": row["phone_individuals"],
        "phone_business": row["phone_business"],
        "fax": row["fax"],
        "email": row["email"],
        "site": row["site"],
        "personal_account": links.get("personal_account"),
        "chat_bot": (links.get("chat_bot") or [None])[0],
        "links": links,
    }


def board_messages(db, office_id: int) -> list[str]:
    return [row["text"] for row in db.conn.execute(
        "SELECT text FROM board_messages WHERE office_id = ? AND active = 1 ORDER BY id",
        (office_id,)).fetchall()]


def snapshot(db, office_id: int) -> dict:
    """What a board or console receives right after connecting."""
    office = get_office(db, office_id)
    return {
        **office_state(db, office_id),
        "office": {"id": office["id"], "name": office["name"], "address": office["address"],
                   "timezone": office["timezone"]},
        "services": [{"id": s["id"], "letter": s["letter"], "name": s["name"]}
                     for s in services_json(db, office_id)],
        "messages": board_messages(db, office_id),
        "contacts": office_contacts(db, office_id),
    }
