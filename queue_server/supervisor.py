"""The supervisor's page (``/supervisor``): the office's figures and what happens now.

Rendered once with what the page needs to start (office, norm, user, CSRF
token, the server's clock); from then on the page reads
``/reports/summary``, ``/state`` and ``/print-jobs`` from the REST API and
follows Socket.IO pushes.
"""
from flask import Blueprint, current_app, make_response, redirect, render_template, request

from .auth import MANAGERS, csrf_token, current_principal
from .db import get_db
from .domain.categories import PREFERENTIAL_CATEGORIES
from .domain.reports import MAX_RANGE_DAYS, today_of
from .domain.state import get_office

supervisor = Blueprint("supervisor", __name__)

LOGIN_URL = "/login?next=/supervisor"
DEFAULT_OFFICE_ID = 1
# Service level colours: green at or above the target, amber down to the
# warning line, red below it (share of visitors called within the norm).
SERVICE_LEVEL_TARGET = 90
SERVICE_LEVEL_WARNING = 80


def _office_for(principal) -> int:
    """The supervisor's own office; an admin of every office may pick one with ``?office=``."""
    if principal.office_id is not None:
        return principal.office_id
    return request.args.get("office", DEFAULT_OFFICE_ID, type=int)


@supervisor.get("/supervisor")
def supervisor_page():
    """The report page; the login page without a staff session, 403 for operators."""
    principal = current_principal()
    if principal is None or not principal.is_staff:
        return redirect(LOGIN_URL)
    if principal.role not in MANAGERS:
        return render_template(
            "pages/error.html",
            message="Отчёты руководителя доступны только руководителю офиса и администратору. "
                    "Пульт оператора — по адресу /operator."), 403
    db = get_db()
    office_id = _office_for(principal)
    office = get_office(db, office_id)  # NotFound for an unknown ?office=
    clock = current_app.config["CLOCK"]()
    config = {
        "officeId": office_id,
        "officeName": office["name"],
        "timezone": office["timezone"],
        "user": principal.to_json(),
        "waitNormMinutes": office["wait_norm_minutes"] or 15,
        "serviceLevelTarget": SERVICE_LEVEL_TARGET,
        "serviceLevelWarning": SERVICE_LEVEL_WARNING,
        "categories": PREFERENTIAL_CATEGORIES,
        "today": today_of(db, office_id, clock).isoformat(),
        "maxRangeDays": MAX_RANGE_DAYS,
        "serverNow": clock.isoformat(timespec="milliseconds"),
    }
    response = make_response(render_template("supervisor/report.html", config=config,
                                             csrf=csrf_token(), user=principal, office=office))
    response.headers["Cache-Control"] = "no-store"
    return response
