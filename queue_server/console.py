"""The operator console (``/operator``): one page an operator works in all day.

The page is rendered once with what it needs to start (who is working, the
CSRF token, the office's waiting norm, the preferential category titles); from
then on it talks to the REST API and listens to Socket.IO pushes.
"""
from flask import Blueprint, current_app, make_response, redirect, render_template, request

from .auth import csrf_token, current_principal
from .db import get_db
from .domain.categories import PREFERENTIAL_CATEGORIES
from .domain.state import get_office

console = Blueprint("console", __name__)

LOGIN_URL = "/login?next=/operator"
DEFAULT_OFFICE_ID = 1
POSTPONE_MINUTES = (5, 10, 15, 30)


def _office_for(principal) -> int:
    """The operator's own office; an admin of every office may pick one with ``?office=``."""
    if principal.office_id is not None:
        return principal.office_id
    return request.args.get("office", DEFAULT_OFFICE_ID, type=int)


def _warning_minutes(norm_minutes: int) -> int:
    """When the longest wait turns amber: at two thirds of the norm (10 min of 15)."""
    return max(1, round(norm_minutes * 2 / 3))


@console.get("/operator")
def operator_page():
    """The console page; without a staff session, the login page."""
    principal = current_principal()
    if principal is None or not principal.is_staff:
        return redirect(LOGIN_URL)
    office_id = _office_for(principal)
    office = get_office(get_db(), office_id)  # NotFound for an unknown ?office=
    norm = office["wait_norm_minutes"] or 15
    config = {
        "officeId": office_id,
        "officeName": office["name"],
        "user": principal.to_json(),
        "waitNormMinutes": norm,
        "waitWarnMinutes": _warning_minutes(norm),
        "categories": PREFERENTIAL_CATEGORIES,
        "postponeMinutes": list(POSTPONE_MINUTES),
        # The server's "now": waits and timers on the page run on the server's clock.
        "serverNow": current_app.config["CLOCK"]().isoformat(timespec="milliseconds"),
    }
    response = make_response(render_template("operator/console.html", config=config,
                                             csrf=csrf_token(), user=principal, office=office))
    response.headers["Cache-Control"] = "no-store"  # the clock and the CSRF token must be fresh
    return response
