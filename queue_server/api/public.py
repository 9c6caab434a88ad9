"""The ticket's public status (what the QR on the paper opens) and feedback."""
from flask import jsonify

from ..db import get_db, query_one
from ..domain.categories import category_title
from ..domain.eta import ticket_eta
from ..domain.lifecycle import STATUS_TITLES
from ..errors import Conflict, NotFound
from ..timeutil import to_db, to_public
from . import api
from .context import now
from .requests import int_field, json_body, str_field


def ticket_by_public_token(db, token: str) -> dict:
    row = query_one(db, "SELECT * FROM tickets WHERE public_token = ?", (token,))
    if row is None:
        raise NotFound("Талон не найден. Проверьте ссылку.")
    return row


def public_status(db, ticket: dict) -> dict:
    """Position, status and ETA of a ticket; no personal data."""
    office = query_one(db, "SELECT name, timezone FROM offices WHERE id = ?", (ticket["office_id"],))
    service = query_one(db, "SELECT name FROM services WHERE id = ?", (ticket["service_id"],))
    window = None
    if ticket["window_id"] is not None and ticket["status"] in ("called", "serving"):
        window = dict(query_one(db, "SELECT number, label FROM windows WHERE id = ?",
                                (ticket["window_id"],)))
    ahead, eta = (ticket_eta(db, ticket) if ticket["status"] == "waiting" else (None, None))
    feedback = query_one(db, "SELECT rating FROM feedback WHERE ticket_id = ?", (ticket["id"],))
    return {
        "label": ticket["label"],
        "office": office["name"],
        "service": service["name"],
        "status": ticket["status"],
        "status_title": STATUS_TITLES[ticket["status"]],
        "preferential_title": category_title(ticket["preferential"]),
        "ahead": ahead,
        "eta_minutes": eta,
        "window": window,
        "created_at": to_public(ticket["created_at"], office["timezone"]),
        "feedback_given": feedback is not None,
    }


@api.get("/public/tickets/<token>")
def public_ticket(token):
    db = get_db()
    return jsonify(public_status(db, ticket_by_public_token(db, token)))


@api.post("/public/tickets/<token>/feedback")
def public_feedback(token):
    """Rate the visit 1–5, once per ticket."""
    db = get_db()
    ticket = ticket_by_public_token(db, token)
    body = json_body()
    rating = int_field(body, "rating", minimum=1, maximum=5, title="Оценка")
    comment = str_field(body, "comment", max_length=1000)
    inserted = db.conn.execute(
        "INSERT INTO feedback (ticket_id, rating, comment, created_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (ticket_id) DO NOTHING RETURNING id",
        (ticket["id"], rating, comment, to_db(now()))).fetchone()
    if inserted is None:
        raise Conflict("Оценка по этому талону уже получена. Спасибо!", code="feedback_exists")
    return jsonify({"id": inserted[0], "rating": rating}), 201
