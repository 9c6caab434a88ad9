"""Web pages shared by every audience: home, login, device setup, public ticket."""
from flask import Blueprint, make_response, redirect, render_template, request, url_for

from .api.public import public_status, ticket_by_public_token
from .auth import DEVICE_COOKIE, device_by_token
from .db import get_db

pages = Blueprint("pages", __name__)

DEVICE_COOKIE_MAX_AGE = 10 * 365 * 24 * 3600  # a kiosk is set up once
DEVICE_HOME = {"kiosk": "/kiosk", "board": "/board"}


@pages.get("/")
def home():
    return render_template("pages/home.html")


@pages.get("/login")
def login():
    """The staff login form (it posts to the JSON API from the page's script)."""
    return render_template("pages/login.html", next_url=_safe_next(request.args.get("next")))


def _safe_next(target: str | None) -> str:
    """Only local paths: a login link must not send people to another site."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/operator"


@pages.get("/setup")
def setup_device():
    """Remember the device token in a long-lived cookie and open the device's page."""
    device = device_by_token(get_db(), request.args.get("token"))
    if device is None:
        return render_template("pages/device_not_configured.html",
                               reason="Токен устройства неизвестен или отозван."), 401
    response = make_response(redirect(DEVICE_HOME.get(device.role, "/")))
    response.set_cookie(DEVICE_COOKIE, request.args["token"], max_age=DEVICE_COOKIE_MAX_AGE,
                        httponly=True, samesite="Lax", secure=request.is_secure)
    return response


@pages.get("/t/<token>")
def public_ticket(token):
    """The page the QR on a ticket opens: position, status, ETA, feedback."""
    db = get_db()
    status = public_status(db, ticket_by_public_token(db, token))
    return render_template("pages/public_ticket.html", status=status, token=token)


@pages.get("/health")
def health():
    get_db().conn.execute("SELECT 1").fetchone()
    return {"ok": True}


def guard_device_blueprint(app, blueprint_name: str, role: str) -> None:
    """Only a device of ``role`` (by its setup cookie) may open that blueprint's pages."""
    from .auth import current_principal

    @app.before_request
    def require_device():
        if request.blueprint != blueprint_name:
            return None
        principal = current_principal()
        if principal is None or principal.role != role:
            reason = ("Эта страница открывается только на настроенном устройстве "
                      f"({'табло' if role == 'board' else 'терминал'}).")
            return render_template("pages/device_not_configured.html", reason=reason), 401
        return None
