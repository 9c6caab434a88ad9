"""Administration (``/api/v1/admin/...``, admin role only): devices and tokens,
the hall board's running line, staff accounts, demo credentials, services.

A device token appears in exactly one response (creation or rotation), with the
ready setup URL and its QR code; only its hash is stored. Rotating or revoking
a token also drops the device's open sockets, so it stops at once.
"""
import io
import logging

import qrcode
import qrcode.image.svg
from flask import current_app, jsonify, request, url_for

from ..auth import requires
from ..db import get_db, query_all
from ..domain import admin as domain
from ..domain.state import window_json
from ..domain.tickets import office_timezone
from ..errors import Forbidden, Unprocessable
from ..openapi import extend
from . import api
from .context import check_office, hub, now, principal
from .requests import json_body

log = logging.getLogger(__name__)
ADMIN = ("admin",)


# --- helpers -------------------------------------------------------------------

def _tz(office_id: int) -> str:
    return office_timezone(get_db(), office_id)


def setup_url(token: str) -> str:
    """The address a kiosk or board is opened with once: ``{host}/setup?token=…``."""
    base = current_app.config["QUEUE"].public_url or request.host_url
    return base.rstrip("/") + url_for("pages.setup_device", token=token)


def qr_svg(text: str) -> str:
    """The QR code of ``text`` as an SVG document (drawn on the server, no internet)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode("utf-8")


def drop_sockets(kind: str, ident: int) -> int:
    """Disconnect every open socket of a device (or staff member); returns how many."""
    realtime = hub()
    dropped = 0
    for sid, who in list(realtime.connections.items()):
        if who.kind != kind or who.id != ident:
            continue
        try:
            realtime.socketio.server.disconnect(sid, namespace="/")
        except Exception:  # a socket that is already going away
            log.warning("не удалось отключить сокет %s", sid, exc_info=True)
        realtime.connections.pop(sid, None)
        dropped += 1
    return dropped


def _device_in_reach(device_id: int) -> dict:
    device = domain.get_device(get_db(), device_id)
    check_office(device["office_id"])
    return device


def _staff_in_reach(staff_id: int) -> dict:
    staff = domain.get_staff(get_db(), staff_id)
    if staff["office_id"] is None:
        if principal().office_id is not None:
            raise Forbidden("Администратора всех офисов может изменить только такой же администратор.")
    else:
        check_office(staff["office_id"])
    return staff


def _token_response(device: dict, token: str, status: int = 200):
    db = get_db()
    url = setup_url(token)
    return jsonify({"device": domain.device_json(db, device, _tz(device["office_id"])),
                    "token": token, "setup_url": url, "qr_svg": qr_svg(url)}), status


def _push_running_line(office_id: int) -> str:
    text = domain.running_line_text(get_db(), office_id)
    hub().board_message(office_id, text)
    return text


def _push_window(window: dict | None) -> None:
    if window is None:
        return
    db = get_db()
    hub().window_updated(window["office_id"], window_json(db, window, _tz(window["office_id"])))


def _office_of_caller() -> int | None:
    return principal().office_id


# --- offices -------------------------------------------------------------------

@api.get("/admin/offices")
@requires(*ADMIN)
def admin_offices():
    """The offices this admin manages (every office for an admin of all offices)."""
    own = _office_of_caller()
    rows = query_all(get_db(), "SELECT id, name, address FROM offices"
                               + (" WHERE id = ?" if own is not None else "") + " ORDER BY id",
                     (own,) if own is not None else ())
    return jsonify(rows)


# --- devices -------------------------------------------------------------------

@api.get("/admin/offices/<int:office_id>/devices")
@requires(*ADMIN)
def admin_devices(office_id):
    check_office(office_id)
    db = get_db()
    tz_name = _tz(office_id)
    return jsonify([domain.device_json(db, row, tz_name) for row in domain.list_devices(db, office_id)])


@api.post("/admin/offices/<int:office_id>/devices")
@requires(*ADMIN)
def admin_create_device(office_id):
    check_office(office_id)
    device, token = domain.create_device(get_db(), office_id, json_body())
    log.info("добавлено устройство %s (%s), офис %s", device["name"], device["kind"], office_id)
    return _token_response(device, token, 201)


@api.post("/admin/devices/<int:device_id>/rotate-token")
@requires(*ADMIN)
def admin_rotate_device_token(device_id):
    _device_in_reach(device_id)
    device, token = domain.rotate_device_token(get_db(), device_id)
    drop_sockets("device", device_id)
    log.info("перевыпущен токен устройства %s", device["name"])
    return _token_response(device, token)


@api.post("/admin/devices/<int:device_id>/revoke")
@requires(*ADMIN)
def admin_revoke_device(device_id):
    _device_in_reach(device_id)
    db = get_db()
    device = domain.revoke_device(db, device_id, now())
    drop_sockets("device", device_id)
    log.info("отозван токен устройства %s", device["name"])
    return jsonify(domain.device_json(db, device, _tz(device["office_id"])))


# --- running line --------------------------------------------------------------

@api.get("/admin/offices/<int:office_id>/board-messages")
@requires(*ADMIN)
def admin_board_messages(office_id):
    check_office(office_id)
    db = get_db()
    tz_name = _tz(office_id)
    return jsonify({"messages": [domain.message_json(row, tz_name)
                                 for row in domain.active_messages(db, office_id)],
                    "text": domain.running_line_text(db, office_id),
                    "max_length": domain.MESSAGE_MAX_LENGTH})


@api.post("/admin/offices/<int:office_id>/board-messages")
@requires(*ADMIN)
def admin_add_board_message(office_id):
    check_office(office_id)
    message = domain.add_message(get_db(), office_id, json_body(), now())
    text = _push_running_line(office_id)
    return jsonify({"message": domain.message_json(message, _tz(office_id)), "text": text}), 201


@api.post("/admin/board-messages/<int:message_id>/deactivate")
@requires(*ADMIN)
def admin_deactivate_board_message(message_id):
    db = get_db()
    message = domain.get_message(db, message_id)
    check_office(message["office_id"])
    message = domain.deactivate_message(db, message_id)
    text = _push_running_line(message["office_id"])
    return jsonify({"message": domain.message_json(message, _tz(message["office_id"])), "text": text})


# --- staff ---------------------------------------------------------------------

@api.get("/admin/offices/<int:office_id>/staff")
@requires(*ADMIN)
def admin_staff(office_id):
    check_office(office_id)
    db = get_db()
    return jsonify([domain.staff_json(db, row) for row in domain.list_staff(db, office_id)])


@api.post("/admin/offices/<int:office_id>/staff")
@requires(*ADMIN)
def admin_create_staff(office_id):
    check_office(office_id)
    db = get_db()
    staff = domain.create_staff(db, office_id, json_body())
    log.info("создана учётная запись %s (%s)", staff["login"], staff["role"])
    return jsonify(domain.staff_json(db, staff)), 201


@api.post("/admin/staff/<int:staff_id>/password")
@requires(*ADMIN)
def admin_reset_password(staff_id):
    _staff_in_reach(staff_id)
    db = get_db()
    staff = domain.reset_password(db, staff_id, json_body())
    log.info("сменён пароль сотрудника %s", staff["login"])
    return jsonify(domain.staff_json(db, staff))


@api.post("/admin/staff/<int:staff_id>/deactivate")
@requires(*ADMIN)
def admin_deactivate_staff(staff_id):
    _staff_in_reach(staff_id)
    db = get_db()
    staff, closed_window = domain.deactivate_staff(db, staff_id, principal().id)
    _push_window(closed_window)
    drop_sockets("staff", staff_id)
    log.info("отключена учётная запись %s", staff["login"])
    return jsonify(domain.staff_json(db, staff))


# --- demo credentials ------------------------------------------------------------

@api.get("/admin/demo")
@requires(*ADMIN)
def admin_demo_status():
    return jsonify(domain.demo_status(get_db(), _office_of_caller(), principal().id))


@api.post("/admin/demo/disable")
@requires(*ADMIN)
def admin_disable_demo():
    db = get_db()
    result = domain.disable_demo(db, _office_of_caller(), principal().id, now())
    for staff_id in result["staff_ids"]:
        drop_sockets("staff", staff_id)
    for device_id in result["device_ids"]:
        drop_sockets("device", device_id)
    for window in result["closed_windows"]:
        _push_window(window)
    log.warning("демо-доступ отключён: сотрудников %d, устройств %d",
                len(result["staff_ids"]), len(result["device_ids"]))
    status = domain.demo_status(db, _office_of_caller(), principal().id)
    return jsonify({"staff_disabled": len(result["staff_ids"]),
                    "devices_revoked": len(result["device_ids"]), "status": status})


# --- services and windows --------------------------------------------------------

@api.get("/admin/offices/<int:office_id>/services")
@requires(*ADMIN)
def admin_services(office_id):
    check_office(office_id)
    return jsonify(domain.services_and_windows(get_db(), office_id))


@api.post("/admin/services/<int:service_id>/active")
@requires(*ADMIN)
def admin_service_active(service_id):
    db = get_db()
    service = domain.get_service(db, service_id)
    check_office(service["office_id"])
    active = json_body().get("active")
    if not isinstance(active, bool):
        raise Unprocessable("Укажите, включить услугу или выключить: true или false.",
                            fields={"active": "Нужно true или false"})
    service = domain.set_service_active(db, service_id, active)
    return jsonify(domain.service_json(db, service))


# --- OpenAPI -----------------------------------------------------------------------

def _o(**properties) -> dict:
    return {"type": "object", "properties": properties}


_INT, _STR, _BOOL = {"type": "integer"}, {"type": "string"}, {"type": "boolean"}
_NSTR = {"type": "string", "nullable": True}
_ROLES = list(ADMIN)
_DEVICE = _o(id=_INT, office_id=_INT, name=_STR, kind=_STR, kind_title=_STR, has_printer=_BOOL,
             active=_BOOL, revoked_at=_NSTR, is_demo=_BOOL, pending_print_jobs=_INT)
_TOKEN = _o(device=_DEVICE, token=_STR, setup_url=_STR, qr_svg=_STR)
_MESSAGE = _o(id=_INT, office_id=_INT, text=_STR, active=_BOOL, created_at=_STR)
_STAFF = _o(id=_INT, office_id={"type": "integer", "nullable": True}, login=_STR, full_name=_STR,
            role=_STR, role_title=_STR, active=_BOOL, is_demo=_BOOL,
            window={"type": "object", "nullable": True})
_SERVICE = _o(id=_INT, letter=_STR, name=_STR, audience=_STR, group=_STR, active=_BOOL, waiting=_INT)
_DEMO = _o(active=_BOOL, staff={"type": "array", "items": _STR},
           devices={"type": "array", "items": _STR}, you_are_demo=_BOOL)


def _list(item: dict) -> dict:
    return {"type": "array", "items": item}


extend(
    ("get", "/api/v1/admin/offices", "Офисы, которыми управляет администратор", _ROLES, None, 200,
     _list(_o(id=_INT, name=_STR, address=_STR))),
    ("get", "/api/v1/admin/offices/{office_id}/devices", "Устройства офиса (терминалы и табло)",
     _ROLES, None, 200, _list(_DEVICE)),
    ("post", "/api/v1/admin/offices/{office_id}/devices",
     "Добавить устройство: токен показывается один раз (хранится только хеш)", _ROLES,
     _o(name=_STR, kind={"type": "string", "enum": ["kiosk", "board"]}, has_printer=_BOOL), 201, _TOKEN),
    ("post", "/api/v1/admin/devices/{device_id}/rotate-token",
     "Перевыпустить токен: старый перестаёт действовать сразу", _ROLES, None, 200, _TOKEN),
    ("post", "/api/v1/admin/devices/{device_id}/revoke", "Отозвать устройство", _ROLES, None, 200,
     _DEVICE),
    ("get", "/api/v1/admin/offices/{office_id}/board-messages", "Сообщения бегущей строки табло",
     _ROLES, None, 200, _o(messages=_list(_MESSAGE), text=_STR, max_length=_INT)),
    ("post", "/api/v1/admin/offices/{office_id}/board-messages",
     "Добавить сообщение в бегущую строку (до 300 символов)", _ROLES, _o(text=_STR), 201,
     _o(message=_MESSAGE, text=_STR)),
    ("post", "/api/v1/admin/board-messages/{message_id}/deactivate", "Убрать сообщение с табло",
     _ROLES, None, 200, _o(message=_MESSAGE, text=_STR)),
    ("get", "/api/v1/admin/offices/{office_id}/staff", "Сотрудники офиса", _ROLES, None, 200,
     _list(_STAFF)),
    ("post", "/api/v1/admin/offices/{office_id}/staff", "Создать учётную запись сотрудника", _ROLES,
     _o(login=_STR, full_name=_STR, role={"type": "string", "enum": ["operator", "supervisor", "admin"]},
        password=_STR), 201, _STAFF),
    ("post", "/api/v1/admin/staff/{staff_id}/password", "Задать новый пароль сотрудника", _ROLES,
     _o(password=_STR), 200, _STAFF),
    ("post", "/api/v1/admin/staff/{staff_id}/deactivate",
     "Отключить учётную запись (окно сотрудника закрывается)", _ROLES, None, 200, _STAFF),
    ("get", "/api/v1/admin/demo", "Активные демо-учётные записи и токены", _ROLES, None, 200, _DEMO),
    ("post", "/api/v1/admin/demo/disable",
     "Отключить демо-доступ (демо-сотрудники, кроме себя, и демо-токены устройств)", _ROLES, None, 200,
     _o(staff_disabled=_INT, devices_revoked=_INT, status=_DEMO)),
    ("get", "/api/v1/admin/offices/{office_id}/services", "Услуги и окна офиса", _ROLES, None, 200,
     _o(services=_list(_SERVICE), windows={"type": "array"})),
    ("post", "/api/v1/admin/services/{service_id}/active", "Включить или выключить услугу", _ROLES,
     _o(active=_BOOL), 200, _SERVICE),
)
