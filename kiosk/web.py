"""The kiosk blueprint: the single page, its status poll and ticket QR codes.

The page needs the kiosk's device cookie (set once by ``/setup?token=…``);
everything it changes goes through the REST API with that cookie and the
device's CSRF token, exactly like any other client.
"""
import json

from flask import Blueprint, Response, current_app, jsonify, render_template, request

from queue_server.auth import DEVICE_COOKIE, Principal, device_by_token, device_csrf_token
from queue_server.db import get_db
from queue_server.domain.categories import PREFERENTIAL_CATEGORIES
from queue_server.domain.state import get_office, office_contacts, services_json, waiting_counts
from queue_server.hours import describe_hours, kiosk_availability
from queue_server.timeutil import local

from .qr import qr_data_uri, qr_svg

kiosk_blueprint = Blueprint("kiosk", __name__, url_prefix="/kiosk")

DEFAULT_IDLE_SECONDS = 45
DEFAULT_PRINT_WAIT_SECONDS = 15
PRINT_FAILED_HOLD_SECONDS = 60
COUNTDOWN_SECONDS = 10
MAX_QR_TEXT = 500

AUDIENCES = {
    "individual": "Физическое лицо",
    "business": "Юридическое лицо, ИП",
}
SHARED_GROUP_TITLE = "Для всех посетителей"
WEEKDAYS_FULL = ["Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье"]

# (key in the branch's links, caption under its QR code)
INFO_LINKS = [
    ("personal_account", "Личный кабинет"),
    ("chat_bot", "Чат-бот"),
    ("readings_info", "Передать показания"),
    ("payment_info", "Оплатить счёт"),
    ("bill_delivery", "Счёт на эл. почту"),
    ("remote_services", "Услуги онлайн"),
    ("faq", "Вопрос — ответ"),
    ("feedback", "Обратная связь"),
    ("offices_page", "Адреса офисов"),
]


def kiosk_device() -> Principal | None:
    """The kiosk of this browser's device cookie (None for none, revoked or a board)."""
    token = request.cookies.get(DEVICE_COOKIE)
    device = device_by_token(get_db(), token) if token else None
    return device if device is not None and device.role == "kiosk" else None


def _not_configured(json_wanted: bool):
    reason = "Этот экран не настроен как терминал. Обратитесь к администратору."
    if json_wanted:
        return jsonify({"error": {"code": "unauthorized", "message": reason, "fields": {}}}), 401
    return render_template("pages/device_not_configured.html", reason=reason), 401


def _bounded_seconds(name: str, default: int, low: int, high: int) -> int:
    """A timing from the query string (``/kiosk?idle=60``), kept within sane bounds."""
    value = request.args.get(name, type=int)
    if value is None:
        value = getattr(current_app.config["QUEUE"], f"kiosk_{name}_seconds", default)
    return max(low, min(high, int(value)))


def service_groups(services: list[dict], audience: str) -> list[dict]:
    """Active services for one audience, in their groups, in the office's order.

    A service for everyone (audience ``all``) whose group belongs to the
    other audience is listed under «Для всех посетителей», so that a
    business visitor does not read «Физическим лицам» over it.
    """
    groups: dict[str, list[dict]] = {}
    own_groups = {s["group"] for s in services if s["audience"] == audience}
    for service in services:
        if not service["active"] or service["audience"] not in (audience, "all"):
            continue
        title = service["group"]
        if service["audience"] == "all" and title not in own_groups:
            title = SHARED_GROUP_TITLE
        groups.setdefault(title, []).append(service)
    return [{"title": title, "services": items} for title, items in groups.items()]


def hours_rows(office: dict) -> list[dict]:
    """Opening hours as rows of consecutive equal days: «Понедельник — Пятница  08:00–19:00»."""
    if office["around_the_clock"]:
        return [{"days": "Ежедневно", "hours": "круглосуточно"}]
    hours = json.loads(office["opening_hours"])
    rows: list[dict] = []
    for index, name in enumerate(WEEKDAYS_FULL, start=1):
        span = hours.get(str(index))
        text = f"{span[0]}–{span[1]}" if span else "выходной"
        if rows and rows[-1]["hours"] == text:
            rows[-1]["last"] = name
        else:
            rows.append({"first": name, "last": None, "hours": text})
    return [{"days": row["first"] + (f" — {row['last'].lower()}" if row["last"] else ""),
             "hours": row["hours"]} for row in rows]


def info_tiles(contacts: dict) -> list[dict]:
    """The information screen's QR tiles (lists of links: the individuals' one, listed first)."""
    tiles = []
    for key, title in INFO_LINKS:
        url = contacts["links"].get(key)
        if isinstance(url, list):
            url = url[0] if url else None
        if url:
            tiles.append({"key": key, "title": title, "url": url,
                          "qr": qr_data_uri(url)})
    return tiles


def office_status(office: dict) -> dict:
    """Whether tickets are issued now, why not, and the office's clock."""
    moment = current_app.config["CLOCK"]()
    availability = kiosk_availability(office, moment)
    wall = local(moment, office["timezone"])
    return {
        "issuing": availability.issuing,
        "reason": availability.reason,
        "hours": describe_hours(office),
        "now": wall.replace(microsecond=0).isoformat(),
        "epoch_ms": int(moment.timestamp() * 1000),
        "utc_offset_minutes": int(wall.utcoffset().total_seconds() // 60),
        "waiting_total": waiting_counts(get_db(), office["id"])["waiting_total"],
    }


@kiosk_blueprint.get("")
@kiosk_blueprint.get("/")
def kiosk_page():
    """The kiosk application: every screen in one page."""
    device = kiosk_device()
    if device is None:
        return _not_configured(json_wanted=False)
    db = get_db()
    office = get_office(db, device.office_id)
    services = services_json(db, office["id"])
    contacts = office_contacts(db, office["id"])
    status = office_status(office)
    idle_seconds = _bounded_seconds("idle", DEFAULT_IDLE_SECONDS, 3, 600)
    settings = {
        "officeId": office["id"],
        "csrfToken": device_csrf_token(device.id),
        "idleSeconds": idle_seconds,
        # The countdown is the last 10 s, or the second half of a very short idle time (tests).
        "countdownSeconds": min(COUNTDOWN_SECONDS, max(1, idle_seconds // 2)),
        "printWaitSeconds": _bounded_seconds("print_wait", DEFAULT_PRINT_WAIT_SECONDS, 2, 120),
        "printFailedHoldSeconds": PRINT_FAILED_HOLD_SECONDS,
        "status": status,
        "services": {str(s["id"]): {"name": s["name"], "letter": s["letter"]} for s in services},
        "categories": PREFERENTIAL_CATEGORIES,
    }
    letters = sorted({s["letter"] for s in services if s["active"]})
    return render_template(
        "kiosk/index.html", office=office, device=device, contacts=contacts, status=status,
        hours_rows=hours_rows(office), audiences=AUDIENCES,
        groups={audience: service_groups(services, audience) for audience in AUDIENCES},
        categories=PREFERENTIAL_CATEGORIES, info_tiles=info_tiles(contacts), letters=letters,
        settings=settings)


@kiosk_blueprint.get("/status.json")
def kiosk_status():
    """Polled by the page: open or closed now, the office clock, the waiting count."""
    device = kiosk_device()
    if device is None:
        return _not_configured(json_wanted=True)
    return jsonify(office_status(get_office(get_db(), device.office_id)))


@kiosk_blueprint.get("/qr.svg")
def kiosk_qr():
    """The QR code of a just-issued ticket's status page (``?text=<status_url>``)."""
    if kiosk_device() is None:
        return _not_configured(json_wanted=True)
    text = request.args.get("text", "")
    if not text or len(text) > MAX_QR_TEXT:
        return jsonify({"error": {"code": "bad_request", "message": "Нет текста для QR-кода.",
                                  "fields": {}}}), 400
    response = Response(qr_svg(text), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "no-store"
    return response
