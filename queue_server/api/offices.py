"""Office-level reads: services, state, waiting tickets."""
from flask import jsonify, request

from ..auth import ANY_AUTHENTICATED, STAFF, requires
from ..db import get_db
from ..domain.calling import waiting_in_calling_order
from ..domain.state import office_state, services_json
from ..domain.tickets import office_timezone, ticket_json
from ..errors import Unprocessable
from . import api
from .context import check_office


@api.get("/offices/<int:office_id>/services")
@requires(*ANY_AUTHENTICATED)
def list_services(office_id):
    check_office(office_id)
    return jsonify(services_json(get_db(), office_id))


@api.get("/offices/<int:office_id>/state")
@requires(*ANY_AUTHENTICATED)
def get_state(office_id):
    check_office(office_id)
    return jsonify(office_state(get_db(), office_id))


@api.get("/offices/<int:office_id>/tickets")
@requires(*STAFF)
def list_tickets(office_id):
    """Waiting tickets in calling order (office-wide, or for ``window_id``).

    Postponed tickets whose time has come join the list when the server's
    housekeeping (or the next call) puts them back; a GET changes nothing.
    """
    check_office(office_id)
    status = request.args.get("status", "waiting")
    if status != "waiting":
        raise Unprocessable("Поддерживается только status=waiting.", fields={"status": "waiting"})
    window_id = request.args.get("window_id", type=int)
    db = get_db()
    tz_name = office_timezone(db, office_id)
    return jsonify([ticket_json(db, row, tz_name)
                    for row in waiting_in_calling_order(db, office_id, window_id)])
