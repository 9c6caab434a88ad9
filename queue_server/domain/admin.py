"""Office administration: devices and their tokens, the hall board's running
line, staff accounts, demo credentials, services on and off.

Device tokens are generated here and only their SHA-256 hash is stored: the
caller gets the token once, in the result of ``create_device`` or
``rotate_device_token``, and nobody can read it back afterwards.
"""
import re

from ..auth import STAFF_ROLES, hash_password, hash_token, new_device_token
from ..db import immediate, query_all, query_one
from ..errors import Conflict, NotFound, Unprocessable
from ..timeutil import to_db, to_public

DEVICE_KINDS = {"kiosk": "терминал", "board": "табло"}
ROLE_TITLES = {"admin": "администратор", "supervisor": "руководитель", "operator": "оператор"}
MESSAGE_MAX_LENGTH = 300
MESSAGE_SEPARATOR = "   •   "
PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 200
LOGIN_PATTERN = re.compile(r"^[A-Za-z0-9._-]{2,40}$")
DEVICE_NAME_MAX_LENGTH = 60
FULL_NAME_MAX_LENGTH = 100


def _invalid(fields: dict) -> Unprocessable:
    """One 422 listing every problem of a form, the first one as the message."""
    return Unprocessable(next(iter(fields.values())), fields=fields)


def _text(value, name: str, fields: dict, *, title: str, max_length: int,
          min_length: int = 1) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        fields[name] = f"Укажите {title}."
        return ""
    if not isinstance(value, str):
        fields[name] = f"Поле «{title}» должно быть строкой."
        return ""
    value = " ".join(value.split())
    if len(value) < min_length:
        fields[name] = f"Слишком коротко: нужно не меньше {min_length} символов."
    elif len(value) > max_length:
        fields[name] = f"Слишком длинно: не больше {max_length} символов (сейчас {len(value)})."
    return value


def check_password(value, fields: dict, name: str = "password") -> str:
    if not isinstance(value, str) or not value:
        fields[name] = "Укажите пароль."
        return ""
    if len(value) < PASSWORD_MIN_LENGTH:
        fields[name] = f"Пароль слишком короткий: нужно не меньше {PASSWORD_MIN_LENGTH} символов."
    elif len(value) > PASSWORD_MAX_LENGTH:
        fields[name] = f"Пароль слишком длинный: не больше {PASSWORD_MAX_LENGTH} символов."
    elif not value.strip():
        fields[name] = "Пароль не может состоять из одних пробелов."
    return value


# --- devices -----------------------------------------------------------------

def get_device(db, device_id: int) -> dict:
    row = query_one(db, "SELECT * FROM devices WHERE id = ?", (device_id,))
    if row is None:
        raise NotFound("Устройство не найдено.")
    return row


def device_json(db, row: dict, tz_name: str) -> dict:
    pending = db.conn.execute(
        "SELECT COUNT(*) FROM print_jobs WHERE device_id = ? AND status = 'pending'",
        (row["id"],)).fetchone()[0]
    return {
        "id": row["id"],
        "office_id": row["office_id"],
        "name": row["name"],
        "kind": row["kind"],
        "kind_title": DEVICE_KINDS.get(row["kind"], row["kind"]),
        "has_printer": bool(row["has_printer"]),
        "active": row["revoked_at"] is None,
        "revoked_at": to_public(row["revoked_at"], tz_name),
        "is_demo": bool(row["is_demo"]),
        "pending_print_jobs": pending,
    }


def list_devices(db, office_id: int) -> list[dict]:
    return query_all(db, "SELECT * FROM devices WHERE office_id = ? "
                         "ORDER BY revoked_at IS NOT NULL, id", (office_id,))


def create_device(db, office_id: int, body: dict) -> tuple[dict, str]:
    """A new kiosk or board of the office and its token (returned once, stored hashed)."""
    fields: dict = {}
    name = _text(body.get("name"), "name", fields, title="название устройства",
                 max_length=DEVICE_NAME_MAX_LENGTH, min_length=2)
    kind = body.get("kind")
    if not isinstance(kind, str) or kind not in DEVICE_KINDS:
        fields["kind"] = "Выберите тип устройства: терминал (киоск) или табло."
    has_printer = body.get("has_printer", False)
    if not isinstance(has_printer, bool):
        fields["has_printer"] = "Укажите, подключён ли принтер: да или нет."
    if fields:
        raise _invalid(fields)
    if kind == "board":
        has_printer = False
    token = new_device_token()
    with immediate(db):
        if query_one(db, "SELECT id FROM devices WHERE name = ?", (name,)) is not None:
            raise Conflict(f"Устройство с названием «{name}» уже есть. Выберите другое название.",
                           code="duplicate", fields={"name": "Такое название уже занято."})
        device_id = db.conn.execute(
            "INSERT INTO devices (office_id, name, kind, token_hash, has_printer)"
            " VALUES (?, ?, ?, ?, ?)",
            (office_id, name, kind, hash_token(token), int(has_printer))).lastrowid
    return get_device(db, device_id), token


def rotate_device_token(db, device_id: int) -> tuple[dict, str]:
    """Give the device a new token; the old one stops working at once.

    A rotated token is no longer the published demo token, so the device stops
    counting as a demo credential. A revoked device is refused: it was taken out
    of service on purpose (add it again instead).
    """
    token = new_device_token()
    with immediate(db):
        row = db.conn.execute(
            "UPDATE devices SET token_hash = ?, is_demo = 0 WHERE id = ? AND revoked_at IS NULL"
            " RETURNING id", (hash_token(token), device_id)).fetchone()
        if row is None:
            get_device(db, device_id)  # 404 for an unknown one
            raise Conflict("Устройство отозвано: его токен нельзя перевыпустить. "
                           "Добавьте устройство заново.", code="device_revoked")
    return get_device(db, device_id), token


def revoke_device(db, device_id: int, now) -> dict:
    """Take the device out of service: its token is refused from now on."""
    db.conn.execute("UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                    (to_db(now), device_id))
    return get_device(db, device_id)


# --- running line ------------------------------------------------------------

def message_json(row: dict, tz_name: str) -> dict:
    return {"id": row["id"], "office_id": row["office_id"], "text": row["text"],
            "active": bool(row["active"]), "created_at": to_public(row["created_at"], tz_name)}


def get_message(db, message_id: int) -> dict:
    row = query_one(db, "SELECT * FROM board_messages WHERE id = ?", (message_id,))
    if row is None:
        raise NotFound("Сообщение не найдено.")
    return row


def active_messages(db, office_id: int) -> list[dict]:
    return query_all(db, "SELECT * FROM board_messages WHERE office_id = ? AND active = 1"
                         " ORDER BY id", (office_id,))


def running_line_text(db, office_id: int) -> str:
    """What the boards show: every active message, joined (empty when none)."""
    return MESSAGE_SEPARATOR.join(row["text"] for row in active_messages(db, office_id))


def add_message(db, office_id: int, body: dict, now) -> dict:
    fields: dict = {}
    text = _text(body.get("text"), "text", fields, title="текст сообщения",
                 max_length=MESSAGE_MAX_LENGTH)
    if fields:
        raise _invalid(fields)
    with immediate(db):
        duplicate = query_one(db, "SELECT id FROM board_messages WHERE office_id = ? AND active = 1"
                                  " AND text = ?", (office_id, text))
        if duplicate is not None:
            raise Conflict("Такое сообщение уже идёт в бегущей строке.", code="duplicate",
                           fields={"text": "Такое сообщение уже показывается."})
        message_id = db.conn.execute(
            "INSERT INTO board_messages (office_id, text, active, created_at) VALUES (?, ?, 1, ?)",
            (office_id, text, to_db(now))).lastrowid
    return get_message(db, message_id)


def deactivate_message(db, message_id: int) -> dict:
    db.conn.execute("UPDATE board_messages SET active = 0 WHERE id = ?", (message_id,))
    return get_message(db, message_id)


# --- staff -------------------------------------------------------------------

def get_staff(db, staff_id: int) -> dict:
    row = query_one(db, "SELECT * FROM staff WHERE id = ?", (staff_id,))
    if row is None:
        raise NotFound("Сотрудник не найден.")
    return row


def staff_json(db, row: dict) -> dict:
    window = query_one(db, "SELECT id, number, label, state FROM windows WHERE staff_id = ?",
                       (row["id"],))
    return {
        "id": row["id"],
        "office_id": row["office_id"],
        "login": row["login"],
        "full_name": row["full_name"],
        "role": row["role"],
        "role_title": ROLE_TITLES[row["role"]],
        "active": bool(row["active"]),
        "is_demo": bool(row["is_demo"]),
        "window": window,
    }


def list_staff(db, office_id: int) -> list[dict]:
    """Staff of the office and administrators of every office."""
    return query_all(
        db, """SELECT * FROM staff WHERE office_id = ? OR office_id IS NULL
               ORDER BY active DESC,
                        CASE role WHEN 'admin' THEN 0 WHEN 'supervisor' THEN 1 ELSE 2 END,
                        login""", (office_id,))


def create_staff(db, office_id: int, body: dict) -> dict:
    fields: dict = {}
    login = body.get("login")
    if not isinstance(login, str) or not login.strip():
        fields["login"] = "Укажите логин."
    else:
        login = login.strip()
        if not LOGIN_PATTERN.match(login):
            fields["login"] = ("Логин: от 2 до 40 латинских букв, цифр, точек, дефисов "
                               "или подчёркиваний, без пробелов.")
    full_name = _text(body.get("full_name"), "full_name", fields, title="фамилию и имя",
                      max_length=FULL_NAME_MAX_LENGTH, min_length=2)
    role = body.get("role")
    if role not in STAFF_ROLES:
        fields["role"] = "Выберите роль: оператор, руководитель или администратор."
    password = check_password(body.get("password"), fields)
    if fields:
        raise _invalid(fields)
    password_hash = hash_password(password)  # slow on purpose: outside the write lock
    with immediate(db):
        if query_one(db, "SELECT id FROM staff WHERE login = ? COLLATE NOCASE", (login,)) is not None:
            raise Conflict(f"Логин «{login}» уже занят. Выберите другой.", code="duplicate",
                           fields={"login": "Такой логин уже есть."})
        staff_id = db.conn.execute(
            "INSERT INTO staff (office_id, login, password_hash, full_name, role)"
            " VALUES (?, ?, ?, ?, ?)", (office_id, login, password_hash, full_name, role)).lastrowid
    return get_staff(db, staff_id)


def reset_password(db, staff_id: int, body: dict) -> dict:
    """A new password; a demo account with a new password is no longer a demo credential."""
    fields: dict = {}
    password = check_password(body.get("password"), fields)
    if fields:
        raise _invalid(fields)
    password_hash = hash_password(password)
    db.conn.execute("UPDATE staff SET password_hash = ?, is_demo = 0 WHERE id = ?",
                    (password_hash, staff_id))
    return get_staff(db, staff_id)


def deactivate_staff(db, staff_id: int, acting_staff_id: int) -> tuple[dict, dict | None]:
    """Switch the account off; a window the person holds is closed first.

    Refused (409) for one's own account and while the person has a visitor
    called to or served at their window. Returns the staff row and the window
    that was closed, if any.
    """
    if staff_id == acting_staff_id:
        raise Conflict("Нельзя отключить собственную учётную запись.", code="self")
    with immediate(db):
        staff = get_staff(db, staff_id)
        window = query_one(db, "SELECT * FROM windows WHERE staff_id = ?", (staff_id,))
        if window is not None:
            ticket = query_one(
                db, "SELECT label FROM tickets WHERE window_id = ? AND status IN ('called', 'serving')",
                (window["id"],))
            if ticket is not None:
                raise Conflict(
                    f"Нельзя отключить: {staff['full_name']} сейчас обслуживает талон "
                    f"{ticket['label']} ({window['label']}). Дождитесь окончания обслуживания "
                    "и повторите.", code="staff_busy")
            db.conn.execute("UPDATE windows SET state = 'closed', staff_id = NULL WHERE id = ?",
                            (window["id"],))
        db.conn.execute("UPDATE staff SET active = 0 WHERE id = ?", (staff_id,))
    closed = query_one(db, "SELECT * FROM windows WHERE id = ?", (window["id"],)) if window else None
    return get_staff(db, staff_id), closed


# --- demo credentials ----------------------------------------------------------

def _scope(office_id: int | None) -> tuple[str, tuple]:
    """SQL condition for the offices an admin manages (None: every office)."""
    if office_id is None:
        return "1 = 1", ()
    return "office_id = ?", (office_id,)


def demo_status(db, office_id: int | None, acting_staff_id: int) -> dict:
    where, params = _scope(office_id)
    staff = query_all(db, f"SELECT id, login FROM staff WHERE is_demo = 1 AND active = 1 AND "
                          f"({where} OR office_id IS NULL) ORDER BY id", params)
    devices = query_all(db, f"SELECT name FROM devices WHERE is_demo = 1 AND revoked_at IS NULL"
                            f" AND {where} ORDER BY id", params)
    return {
        "active": bool(staff or devices),
        "staff": [row["login"] for row in staff],
        "devices": [row["name"] for row in devices],
        "you_are_demo": any(row["id"] == acting_staff_id for row in staff),
    }


def disable_demo(db, office_id: int | None, acting_staff_id: int, now) -> dict:
    """Switch off the demo staff (except the caller) and revoke the demo device tokens.

    The caller keeps their account so nobody locks themselves out; while it is a
    demo account the page asks them to change its password. Returns the ids of
    the staff switched off and the devices revoked.
    """
    where, params = _scope(office_id)
    with immediate(db):
        staff = db.conn.execute(
            f"UPDATE staff SET active = 0 WHERE is_demo = 1 AND active = 1 AND id != ? AND"
            f" ({where} OR office_id IS NULL)"
            f" AND id NOT IN (SELECT w.staff_id FROM windows w JOIN tickets t ON t.window_id = w.id"
            f"                WHERE t.status IN ('called', 'serving') AND w.staff_id IS NOT NULL)"
            f" RETURNING id", (acting_staff_id, *params)).fetchall()
        staff_ids = [row["id"] for row in staff]
        windows = []
        for staff_id in staff_ids:
            window = db.conn.execute(
                "UPDATE windows SET state = 'closed', staff_id = NULL WHERE staff_id = ? RETURNING *",
                (staff_id,)).fetchone()
            if window is not None:
                windows.append(dict(window))
        devices = db.conn.execute(
            f"UPDATE devices SET revoked_at = ? WHERE is_demo = 1 AND revoked_at IS NULL AND {where}"
            f" RETURNING id", (to_db(now), *params)).fetchall()
    return {"staff_ids": staff_ids, "device_ids": [row["id"] for row in devices],
            "closed_windows": windows}


# --- services and windows ------------------------------------------------------

def get_service(db, service_id: int) -> dict:
    row = query_one(db, "SELECT * FROM services WHERE id = ?", (service_id,))
    if row is None:
        raise NotFound("Услуга не найдена.")
    return row


def service_json(db, row: dict) -> dict:
    waiting = db.conn.execute("SELECT waiting FROM waiting_counts WHERE service_id = ?",
                              (row["id"],)).fetchone()
    return {"id": row["id"], "letter": row["letter"], "name": row["name"],
            "audience": row["audience"], "group": row["group_name"],
            "active": bool(row["active"]), "waiting": waiting[0] if waiting else 0}


def services_and_windows(db, office_id: int) -> dict:
    services = query_all(db, "SELECT * FROM services WHERE office_id = ? ORDER BY sort_order, id",
                         (office_id,))
    windows = query_all(
        db, """SELECT w.*, s.full_name AS operator FROM windows w
               LEFT JOIN staff s ON s.id = w.staff_id
               WHERE w.office_id = ? ORDER BY w.number""", (office_id,))
    links = query_all(
        db, """SELECT ws.window_id, ws.service_id, ws.level FROM window_services ws
               JOIN windows w ON w.id = ws.window_id JOIN services s ON s.id = ws.service_id
               WHERE w.office_id = ? ORDER BY ws.level = 'secondary', s.sort_order""", (office_id,))
    by_window: dict[int, list] = {}
    for link in links:
        by_window.setdefault(link["window_id"], []).append(
            {"service_id": link["service_id"], "level": link["level"]})
    return {
        "services": [service_json(db, row) for row in services],
        "windows": [{"id": w["id"], "number": w["number"], "label": w["label"], "state": w["state"],
                     "operator": w["operator"], "services": by_window.get(w["id"], [])}
                    for w in windows],
    }


def set_service_active(db, service_id: int, active: bool) -> dict:
    db.conn.execute("UPDATE services SET active = ? WHERE id = ?", (int(active), service_id))
    return get_service(db, service_id)
