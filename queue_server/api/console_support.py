"""Reads the operator console needs beyond the core contract.

``GET /tickets/{id}/transfers``: where a ticket was sent from, by whom, with the
comment the previous operator left, so the next operator sees it on the screen.
"""
import json

from flask import jsonify

from ..auth import STAFF, requires
from ..db import get_db
from ..domain.tickets import get_ticket, office_timezone
from ..openapi import STAFF as STAFF_ROLES
from ..openapi import extend
from ..timeutil import to_public
from . import api
from .context import check_office

TRANSFER = {
    "type": "object",
    "properties": {
        "at": {"type": "string"},
        "from_service_id": {"type": "integer"},
        "to_service_id": {"type": "integer"},
        "comment": {"type": "string", "nullable": True},
        "staff": {"type": "string", "nullable": True},
        "window": {"type": "string", "nullable": True},
    },
}

extend(("get", "/api/v1/tickets/{ticket_id}/transfers",
        "Перенаправления талона с комментариями (для пульта оператора)", STAFF_ROLES, None, 200,
        {"type": "array", "items": TRANSFER}))


@api.get("/tickets/<int:ticket_id>/transfers")
@requires(*STAFF)
def ticket_transfers(ticket_id):
    """The ticket's transfers between services, oldest first."""
    db = get_db()
    ticket = get_ticket(db, ticket_id)
    check_office(ticket["office_id"])
    tz_name = office_timezone(db, ticket["office_id"])
    rows = db.conn.execute(
        """SELECT e.at, e.data, s.full_name AS staff, w.label AS window FROM ticket_events e
           LEFT JOIN staff s ON s.id = e.staff_id
           LEFT JOIN windows w ON w.id = e.window_id
           WHERE e.ticket_id = ? AND e.type = 'transfer' ORDER BY e.id""", (ticket_id,)).fetchall()
    transfers = []
    for row in rows:
        data = json.loads(row["data"] or "{}")
        transfers.append({"at": to_public(row["at"], tz_name),
                          "from_service_id": data.get("from_service_id"),
                          "to_service_id": data.get("to_service_id"),
                          "comment": data.get("comment"),
                          "staff": row["staff"], "window": row["window"]})
    return jsonify(transfers)
