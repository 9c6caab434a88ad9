"""Staff login and logout (session cookie + CSRF token)."""
from flask import jsonify, session

from ..auth import check_login, csrf_token, current_principal, STAFF, requires
from ..db import get_db
from ..domain.windows import held_window
from ..errors import Unauthorized
from . import api
from .requests import json_body, str_field


@api.post("/auth/login")
def login():
    """Check the credentials and start a staff session."""
    body = json_body()
    login_name = str_field(body, "login", required=True, max_length=100)
    password = str_field(body, "password", required=True, max_length=200)
    principal = check_login(get_db(), login_name, password)
    if principal is None:
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
