"""Who is asking: staff by session cookie, devices by bearer token or cookie.

Passwords are stored as werkzeug (scrypt) hashes; device tokens as SHA-256
hashes (tokens are long random strings, so a fast hash is enough and lets a
token be looked up by its hash). Every state-changing request authenticated
by a cookie must carry the session's CSRF token.
"""
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from functools import wraps

from flask import current_app, g, request, session
from werkzeug.security import check_password_hash, generate_password_hash

from .db import get_db, query_one
from .errors import Forbidden, Unauthorized

STAFF_ROLES = ("admin", "supervisor", "operator")
DEVICE_ROLES = ("kiosk", "board")
DEVICE_COOKIE = "queue_device"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass(frozen=True)
class Principal:
    """An authenticated caller: a staff member or a device."""

    kind: str  # "staff" | "device"
    id: int
    role: str  # admin | supervisor | operator | kiosk | board
    office_id: int | None  # None: an admin of every office
    name: str
    via_cookie: bool

    @property
    def is_staff(self) -> bool:
        return self.kind == "staff"

    def can_access_office(self, office_id: int) -> bool:
        return self.office_id is None or self.office_id == office_id

    def to_json(self) -> dict:
        return {"id": self.id, "kind": self.kind, "role": self.role,
                "office_id": self.office_id, "name": self.name}


def hash_password(password: str) -> str:
    return generate_password_hash(password)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_device_token() -> str:
    return secrets.token_urlsafe(32)


def device_by_token(db, token: str | None) -> Principal | None:
    """The device holding ``token``, unless unknown or revoked."""
    if not token:
        return None
    row = query_one(
        db, "SELECT * FROM devices WHERE token_hash = ? AND revoked_at IS NULL",
        (hash_token(token),),
    )
    if row is None:
        return None
    return Principal("device", row["id"], row["kind"], row["office_id"], row["name"], False)


def staff_by_id(db, staff_id) -> Principal | None:
    row = query_one(db, "SELECT * FROM staff WHERE id = ? AND active = 1", (staff_id,))
    if row is None:
        return None
    return Principal("staff", row["id"], row["role"], row["office_id"], row["full_name"], True)


def check_login(db, login: str, password: str) -> Principal | None:
    """The staff member with these credentials, or None."""
    row = query_one(db, "SELECT * FROM staff WHERE login = ? AND active = 1", (login,))
    if row is None:
        # Spend the same time on an unknown login as on a wrong password.
        check_password_hash(_dummy_hash(), password)
        return None
    if not check_password_hash(row["password_hash"], password):
        return None
    return Principal("staff", row["id"], row["role"], row["office_id"], row["full_name"], True)


_DUMMY_HASH: list[str] = []


def _dummy_hash() -> str:
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(generate_password_hash(secrets.token_hex(8)))
    return _DUMMY_HASH[0]


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return None


def current_principal() -> Principal | None:
    """Authenticate the request once: bearer token, device cookie, or staff session."""
    if "principal" in g:
        return g.principal
    db = get_db()
    principal = None
    token = bearer_token()
    if token is not None:
        principal = device_by_token(db, token)
    elif session.get("staff_id") is not None:
        principal = staff_by_id(db, session["staff_id"])
    elif request.cookies.get(DEVICE_COOKIE):
        device = device_by_token(db, request.cookies[DEVICE_COOKIE])
        if device is not None:
            principal = Principal(device.kind, device.id, device.role, device.office_id,
                                  device.name, True)
    g.principal = principal
    return principal


def csrf_token() -> str:
    """The CSRF token of this browser session, created on first use."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def device_csrf_token(device_id: int) -> str:
    """CSRF token for a device page (kiosk, board) authenticated by its cookie."""
    key = current_app.secret_key.encode()
    return hmac.new(key, f"device:{device_id}".encode(), hashlib.sha256).hexdigest()


def check_csrf(principal: Principal) -> None:
    """Refuse a cookie-authenticated write that lacks the CSRF token."""
    if request.method in SAFE_METHODS or not principal.via_cookie:
        return
    sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token") or ""
    expected = csrf_token() if principal.is_staff else device_csrf_token(principal.id)
    if not sent or not hmac.compare_digest(sent, expected):
        raise Forbidden("Запрос отклонён: нет или неверен CSRF-токен. Обновите страницу.",
                        code="csrf")


def requires(*roles: str):
    """Let the view run only for an authenticated caller with one of ``roles``."""
    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            principal = current_principal()
            if principal is None:
                raise Unauthorized("Требуется вход: войдите в систему или укажите токен устройства.")
            if principal.role not in roles:
                raise Forbidden("Недостаточно прав для этого действия.")
            check_csrf(principal)
            return view(*args, **kwargs)
        return wrapper
    return decorator


ANY_AUTHENTICATED = STAFF_ROLES + DEVICE_ROLES
STAFF = STAFF_ROLES
MANAGERS = ("admin", "supervisor")
