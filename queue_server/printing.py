"""Print jobs: receipts queued for a kiosk's print agent until it says «printed».

The server never prints: it stores a device-independent document (built by
``printer.layouts``) in ``print_jobs`` and pushes it to the kiosk's device
room. The agent answers ``print_result``; a job stays pending until the
answer is ``ok``, and every (re)connect of the kiosk re-sends what is
pending, so a restart of either side loses no receipt (the agent
de-duplicates by job id, so none prints twice).
"""
import json
import logging

from flask import request
from printer.layouts import readings_receipt_document, ticket_document

from .db import get_db, query_all, query_one
from .domain.categories import category_title
from .domain.state import office_contacts
from .timeutil import from_db, local, to_db, to_public, utcnow

log = logging.getLogger(__name__)


def _printer_device(db, device_id: int | None) -> dict | None:
    if device_id is None:
        return None
    return query_one(db, "SELECT * FROM devices WHERE id = ? AND kind = 'kiosk' AND has_printer = 1"
                         " AND revoked_at IS NULL", (device_id,))


def store_job(db, device_id: int, kind: str, document: dict, *,
              ticket_id: int | None = None, reading_id: int | None = None) -> dict:
    """Store a pending job (within the caller's transaction, if any); the job's push payload."""
    stamp = to_db(utcnow())
    job_id = db.conn.execute(
        """INSERT INTO print_jobs (device_id, kind, document, ticket_id, reading_id,
               created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)""",
        (device_id, kind, json.dumps(document, ensure_ascii=False), ticket_id, reading_id,
         stamp, stamp)).lastrowid
    return {"id": job_id, "kind": kind, "document": document, "device_id": device_id}


def push_job(hub, job: dict) -> None:
    """Send a stored job to its kiosk's print agent (after the job is committed)."""
    hub.to_device(job["device_id"], "print_job",
                  {"id": job["id"], "kind": job["kind"], "document": job["document"]})


def store_ticket_print(db, ticket: dict, *, ahead: int, eta: list[int], status_url: str,
                       device_id: int | None) -> dict | None:
    """Store the paper ticket's job for the kiosk's printer (None if it has none);
    push it with :func:`push_job` once the ticket is committed."""
    if _printer_device(db, device_id) is None:
        return None
    office = query_one(db, "SELECT * FROM offices WHERE id = ?", (ticket["office_id"],))
    service = query_one(db, "SELECT name FROM services WHERE id = ?", (ticket["service_id"],))
    contacts = office_contacts(db, ticket["office_id"])
    document = ticket_document(
        office_name=office["name"], office_address=office["address"], label=ticket["label"],
        service_name=service["name"], preferential_title=category_title(ticket["preferential"]),
        issued_at=local(from_db(ticket["created_at"]), office["timezone"]), ahead=ahead,
        eta_minutes=eta, status_url=status_url, phone_individuals=contacts["phone_individuals"],
        phone_business=contacts["phone_business"])
    return store_job(db, device_id, "ticket", document, ticket_id=ticket["id"])


def store_readings_receipt(db, *, office_id: int, device_id: int | None, reading_id: int,
                           confirmation: str, account_masked: str, meter_serial_tail: str,
                           zones: list[dict], accepted_at) -> dict | None:
    """Store the receipt's job for readings accepted at a kiosk (None if it has no
    printer); push it with :func:`push_job` once the reading is committed.

    ``zones``: ``[{"zone", "title", "value", "consumption"}]``; ``accepted_at``
    an aware datetime. The receipt names the branch's site, personal account
    and chat-bot, so that next month the visitor can pass readings from home.
    """
    if _printer_device(db, device_id) is None:
        return None
    office = query_one(db, "SELECT * FROM offices WHERE id = ?", (office_id,))
    contacts = office_contacts(db, office_id)
    document = readings_receipt_document(
        office_name=office["name"], confirmation=confirmation, account_masked=account_masked,
        meter_serial_tail=meter_serial_tail, zones=zones,
        accepted_at=local(accepted_at, office["timezone"]), site=contacts["site"],
        personal_account_url=contacts["personal_account"], chat_bot_url=contacts["chat_bot"])
    return store_job(db, device_id, "readings", document, reading_id=reading_id)


def pending_jobs(db, device_id: int) -> list[dict]:
    return query_all(db, "SELECT * FROM print_jobs WHERE device_id = ? AND status = 'pending'"
                         " ORDER BY id", (device_id,))


def job_json(job: dict, tz_name: str) -> dict:
    return {"id": job["id"], "kind": job["kind"], "status": job["status"], "error": job["error"],
            "attempts": job["attempts"], "ticket_id": job["ticket_id"],
            "created_at": to_public(job["created_at"], tz_name)}


def record_result(db, device_id: int, job_id, ok, error) -> dict | None:
    """Store the agent's answer for one of this device's jobs; the updated job or None."""
    if isinstance(job_id, bool) or not isinstance(job_id, int) or not isinstance(ok, bool):
        return None
    error_text = str(error)[:300] if error and not ok else None
    row = db.conn.execute(
        """UPDATE print_jobs SET status = CASE WHEN ? THEN 'printed' ELSE status END,
               error = ?, attempts = attempts + 1, updated_at = ?
           WHERE id = ? AND device_id = ? RETURNING *""",
        (ok, error_text, to_db(utcnow()), job_id, device_id)).fetchone()
    return dict(row) if row else None


def register_print_handlers(socketio, hub) -> None:
    """``print_result`` from agents; re-send pending jobs when a kiosk connects."""

    def resend_pending(principal):
        if principal.kind == "device" and principal.role == "kiosk":
            for job in pending_jobs(get_db(), principal.id):
                hub.to_device(principal.id, "print_job", {
                    "id": job["id"], "kind": job["kind"], "document": json.loads(job["document"])})

    hub.connect_listeners.append(resend_pending)

    @socketio.on("print_result")
    def on_print_result(data):
        principal = hub.connections.get(request.sid)
        if principal is None or principal.kind != "device" or principal.role != "kiosk":
            return {"ok": False, "error": "forbidden"}
        if not isinstance(data, dict):
            return {"ok": False, "error": "bad_payload"}
        db = get_db()
        job = record_result(db, principal.id, data.get("id"), data.get("ok"), data.get("error"))
        if job is None:
            return {"ok": False, "error": "unknown_job"}
        status = {"id": job["id"], "ok": job["status"] == "printed", "error": job["error"],
                  "kind": job["kind"], "ticket_id": job["ticket_id"], "device_id": principal.id}
        hub.to_device(principal.id, "print_status", status)
        if job["status"] != "printed":
            log.warning("печать задания %s не удалась: %s", job["id"], job["error"])
            hub.socketio.emit("print_problem", {**status, "device": principal.name},
                              to=f"staff:{principal.office_id}")
        return {"ok": True}
