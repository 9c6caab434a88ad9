"""Meter readings (kiosk, staff) and the kiosk's «rate the visit» by ticket number.

Account look-ups are guarded against probing: every look-up takes at least
the same minimum time whether the account exists or not, and each device
(or staff member) gets ``lookups_per_minute`` of them (429 past that).
"""
import re
import time
from contextlib import contextmanager

from flask import current_app, jsonify, request

from ..auth import STAFF, requires
from ..db import get_db, query_one
from ..domain import readings as domain
from ..domain.tickets import office_timezone
from ..errors import Conflict, NotFound, TooManyRequests, Unprocessable
from ..openapi import INT, STR, extend
from ..printing import push_job, store_readings_receipt
from ..ratelimit import SlidingWindowLimiter
from ..timeutil import from_db, service_date, to_db
from . import api
from .context import check_office, hub, now, principal
from .requests import int_field, json_body

# Long enough to cover the slowest honest look-up, so timing tells nothing.
LOOKUP_WINDOW_SECONDS = 60
RATEABLE_STATUSES = ("done", "no_show")
MAX_LABEL_LENGTH = 8


def _limiter() -> SlidingWindowLimiter:
    return current_app.extensions.setdefault("readings_lookup_limiter",
                                              SlidingWindowLimiter(LOOKUP_WINDOW_SECONDS))


def check_lookup_rate() -> None:
    """Count one account look-up for the caller; 429 with a Russian message past the limit."""
    caller = principal()
    limit = current_app.config["QUEUE"].lookups_per_minute
    if not _limiter().allow((caller.kind, caller.id), now().timestamp(), limit):
        raise TooManyRequests("Слишком много запросов с этого терминала. Подождите минуту "
                              "и попробуйте снова.", code="too_many_lookups")


@contextmanager
def minimum_duration():
    """Make the block last at least the configured time, also when it raises."""
    started = time.monotonic()
    seconds = current_app.config["QUEUE"].lookup_min_seconds
    try:
        yield
    finally:
        remaining = seconds - (time.monotonic() - started)
        if remaining > 0:
            time.sleep(remaining)  # cooperative under eventlet (the server monkey-patches time)


@api.get("/accounts/<number>/meters")
@requires("kiosk", *STAFF)
def account_meters(number):
    """Masked account and address with the meters and their last readings."""
    with minimum_duration():
        check_lookup_rate()
        return jsonify(domain.account_meters(get_db(), number))


def _account_number(body: dict) -> str:
    value = body.get("account_number")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise Unprocessable("Не указан номер лицевого счёта.",
                            fields={"account_number": "Введите номер лицевого счёта"})
    return value.strip()


@api.post("/readings")
@requires("kiosk", *STAFF)
def submit_reading():
    """Store a reading (201), or return the same one sent within ten minutes (200)."""
    with minimum_duration():
        check_lookup_rate()
        body = json_body()
        account_number = _account_number(body)
        meter_id = int_field(body, "meter_id", title="Номер счётчика")
        confirm = body.get("confirm") is True
        caller = principal()
        db = get_db()
        moment = now()
        stored: dict = {"job": None}

        def with_the_reading(reading):
            """In the reading's transaction: the kiosk's receipt job."""
            if not caller.is_staff:
                stored["job"] = _store_receipt(db, caller, account_number, reading,
                                               domain.reading_result(db, reading))

        reading, created = domain.submit_reading(
            db, account_number=account_number, meter_id=meter_id, values=body.get("values"),
            confirm=confirm, now=moment, channel="operator" if caller.is_staff else "kiosk",
            device_id=None if caller.is_staff else caller.id,
            staff_id=caller.id if caller.is_staff else None, on_stored=with_the_reading)
        result = domain.reading_result(db, reading)
        if stored["job"] is not None:
            push_job(hub(), stored["job"])
            result["print_job_id"] = stored["job"]["id"]
        else:
            job = query_one(db, "SELECT id FROM print_jobs WHERE reading_id = ? ORDER BY id LIMIT 1",
                            (reading["id"],))
            result["print_job_id"] = job["id"] if job else None
        return jsonify(result), 201 if created else 200


def _store_receipt(db, caller, account_number: str, reading: dict, result: dict) -> dict | None:
    """Store the readings receipt's job for the kiosk's own printer."""
    meter = query_one(db, "SELECT * FROM meters WHERE id = ?", (reading["meter_id"],))
    return store_readings_receipt(
        db, office_id=caller.office_id, device_id=caller.id, reading_id=reading["id"],
        confirmation=reading["confirmation"], account_masked=domain.mask_account(account_number),
        meter_serial_tail=domain.serial_tail(meter["serial"]),
        zones=domain.receipt_zones(meter, reading, result["consumption"]),
        accepted_at=from_db(reading["taken_at"]))


# --- «Оценить обслуживание» on the kiosk: by the ticket number of today's visit ---

def _label(raw) -> str:
    """A ticket label as typed on the kiosk keypad («А12» and «А012» are the same ticket)."""
    if not isinstance(raw, str) or not 2 <= len(raw.strip()) <= MAX_LABEL_LENGTH:
        raise Unprocessable("Введите номер талона: букву и цифры, например А012.",
                            fields={"label": "Например, А012"})
    text = raw.strip().upper()
    letter, digits = text[0], text[1:]
    if not re.fullmatch(r"[0-9]{1,4}", digits):
        raise Unprocessable("Номер талона — это буква и цифры, например А012.",
                            fields={"label": "Например, А012"})
    return f"{letter}{int(digits):03d}"


def _todays_ticket(db, office_id: int, label: str) -> dict:
    """Today's ticket of the office with this label, ready to be rated."""
    ticket = query_one(db, "SELECT * FROM tickets WHERE office_id = ? AND service_date = ? AND label = ?",
                       (office_id, service_date(now(), office_timezone(db, office_id)), label))
    if ticket is None:
        raise NotFound(f"Талон {label} за сегодня не найден. Проверьте номер на талоне.",
                       code="ticket_not_found", fields={"label": "Нет такого талона за сегодня"})
    if ticket["status"] not in RATEABLE_STATUSES:
        raise Conflict(f"Талон {label} ещё не обслужен. Оценить визит можно после приёма.",
                       code="not_served", fields={"label": "Ещё не обслужен"})
    if query_one(db, "SELECT id FROM feedback WHERE ticket_id = ?", (ticket["id"],)):
        raise Conflict(f"Оценка по талону {label} уже получена. Спасибо!", code="feedback_exists")
    return ticket


@api.get("/offices/<int:office_id>/feedback")
@requires("kiosk")
def feedback_check(office_id):
    """Whether today's ticket ``?label=`` can still be rated (before the visitor picks a rating)."""
    check_office(office_id)
    check_lookup_rate()
    db = get_db()
    label = _label(request.args.get("label"))
    ticket = _todays_ticket(db, office_id, label)
    service = query_one(db, "SELECT name FROM services WHERE id = ?", (ticket["service_id"],))
    return jsonify({"label": label, "service": service["name"], "can_rate": True})


@api.post("/offices/<int:office_id>/feedback")
@requires("kiosk")
def feedback_submit(office_id):
    """Rate today's visit 1–5 by ticket number, once per ticket."""
    check_office(office_id)
    check_lookup_rate()
    body = json_body()
    label = _label(body.get("label"))
    rating = int_field(body, "rating", minimum=1, maximum=5, title="Оценка")
    db = get_db()
    ticket = _todays_ticket(db, office_id, label)
    inserted = db.conn.execute(
        "INSERT INTO feedback (ticket_id, rating, comment, created_at) VALUES (?, ?, NULL, ?)"
        " ON CONFLICT (ticket_id) DO NOTHING RETURNING id",
        (ticket["id"], rating, to_db(now()))).fetchone()
    if inserted is None:  # rated a moment ago from another screen
        raise Conflict(f"Оценка по талону {label} уже получена. Спасибо!", code="feedback_exists")
    return jsonify({"id": inserted[0], "label": label, "rating": rating}), 201


def _obj(**properties) -> dict:
    """An OpenAPI object schema with these properties."""
    return {"type": "object", "properties": properties}


_METERS = _obj(account=STR, address=STR, meters={"type": "array", "items": _obj(
    id=INT, serial_tail=STR, zones={"type": "array", "items": STR}, digits=INT,
    last=_obj(), last_date={"type": "string", "nullable": True})})
_READING = _obj(id=INT, confirmation=STR, consumption=_obj(),
                print_job_id={"type": "integer", "nullable": True})

extend(
    ("get", "/api/v1/accounts/{number}/meters",
     "Счётчики лицевого счёта (маскированные счёт и адрес; 404, 429)", ["kiosk"] + list(STAFF),
     None, 200, _METERS),
    ("post", "/api/v1/readings", "Передать показания (201; 200 — повтор тех же показаний; 422)",
     ["kiosk"] + list(STAFF),
     _obj(account_number=STR, meter_id=INT, values=_obj(), confirm={"type": "boolean"}),
     201, _READING),
    ("get", "/api/v1/offices/{office_id}/feedback", "Можно ли оценить визит по номеру талона (?label=)",
     ["kiosk"], None, 200, _obj(label=STR, service=STR, can_rate={"type": "boolean"})),
    ("post", "/api/v1/offices/{office_id}/feedback", "Оценка визита на терминале по номеру талона",
     ["kiosk"], _obj(label=STR, rating=INT), 201, _obj(id=INT, label=STR, rating=INT)),
)
