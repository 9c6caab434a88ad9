"""Staff login and logout (session cookie + CSRF token)."""
from flask import current_app, jsonify, request, session

from ..auth import check_login, csrf_token, current_principal, STAFF, requires
from ..db import get_db
from ..domain.windows import held_window
from ..errors import TooManyRequests, Unauthorized
from ..ratelimit import SlidingWindowLimiter
from . import api
from .context import now
from .requests import json_body, str_field


FAILED_LOGINS_WINDOW_SECONDS = 300
FAILED_LOGINS_LIMIT = 10


def _failed_logins() -> SlidingWindowLimiter:
    return current_app.extensions.setdefault(
        "failed_logins", SlidingWindowLimiter(FAILED_LOGINS_WINDOW_SECONDS))


@api.post("/auth/login")
def login():
    """Check the credentials and start a staff session.

    After ten wrong passwords for a login (or from one address) in five
    minutes, further attempts are refused for a while: passwords cannot be
    guessed at speed.
    """
    body = json_body()
    login_name = str_field(body, "login", required=True, max_length=100)
    password = str_field(body, "password", required=True, max_length=200)
    failures = _failed_logins()
    moment = now().timestamp()
    keys = [("login", login_name.strip().lower()), ("address", request.remote_addr)]
    if any(failures.count(key, moment) >= FAILED_LOGINS_LIMIT for key in keys):
        raise TooManyRequests("Слишком много неудачных попыток входа. Подождите пять минут "
                              "и попробуйте снова.", code="too_many_logins")
    principal = check_login(get_db(), login_name, password)
    if principal is None:
        for key in keys:
            failures.record(key, moment)
        raise Unauthorized("Неверный логин или пароль.", code="bad_credentials")
    session.clear()
    session["staff_id"] = principal.id
    session.permanent = True
    return jsonify({"user": principal.to_json(), "csrf_token": csrf_token()})


@api.post("/auth/logout")
@requires(*STAFF)
def logout():
    session.clear()
    return jsonify({"ok": True})


@api.get("/auth/me")
@requires(*STAFF)
def me():
    """The staff member, the CSRF token and the window they hold (if any)."""
    caller = current_principal()
    window = held_window(get_db(), caller.id)
    return jsonify({"user": caller.to_json(), "csrf_token": csrf_token(),
                    "window_id": window["id"] if window else None})
