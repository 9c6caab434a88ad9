"""The admin page (``/admin``): devices and their tokens, the running line of the
hall board, staff accounts, services and windows of one office.

Only a staff session with the admin role opens it: without a session the
browser goes to the login page, other roles get the 403 page. The page then
works through ``/api/v1/admin/...``.
"""
from flask import Blueprint, make_response, redirect, render_template, request

from .auth import csrf_token, current_principal
from .db import get_db, query_all
from .domain.state import get_office

admin = Blueprint("admin", __name__)

LOGIN_URL = "/login?next=/admin"
DEFAULT_OFFICE_ID = 1


@admin.get("/admin")
def admin_page():
    principal = current_principal()
    if principal is None or not principal.is_staff:
        return redirect(LOGIN_URL)
    if principal.role != "admin":
        return render_template("pages/error.html",
                               message="Эта страница доступна только администратору."), 403
    db = get_db()
    if principal.office_id is not None:
        office_id = principal.office_id
        offices = query_all(db, "SELECT id, name FROM offices WHERE id = ?", (office_id,))
    else:
        office_id = request.args.get("office", DEFAULT_OFFICE_ID, type=int)
        offices = query_all(db, "SELECT id, name FROM offices ORDER BY id")
    office = get_office(db, office_id)  # NotFound for an unknown ?office=
    config = {"officeId": office_id, "officeName": office["name"], "user": principal.to_json()}
    response = make_response(render_template(
        "admin/admin.html", config=config, csrf=csrf_token(), user=principal, office=office,
        offices=offices))
    response.headers["Cache-Control"] = "no-store"
    return response
