"""Windows: open, break, close, call the next ticket, call a specific one."""
from flask import jsonify

from ..auth import MANAGERS, STAFF, requires
from ..db import get_db
from ..domain import calling, windows
from ..domain.state import window_json
from ..domain.tickets import office_timezone, ticket_json
from . import api
from .context import check_office, hub, now, principal
from .requests import int_field, json_body


def _window_in_reach(window_id: int) -> dict:
    window = windows.get_window(get_db(), window_id)
    check_office(window["office_id"])
    return window


def _window_response(window: dict):
    db = get_db()
    body = window_json(db, window, office_timezone(db, window["office_id"]))
    hub().window_updated(window["office_id"], body)
    return jsonify(body)


@api.post("/windows/<int:window_id>/open")
@requires(*STAFF)
def open_window(window_id):
    _window_in_reach(window_id)
    return _window_response(windows.open_window(get_db(), window_id, principal().id))


@api.post("/windows/<int:window_id>/break")
@requires(*STAFF)
def break_window(window_id):
    _window_in_reach(window_id)
    return _window_response(windows.break_window(get_db(), window_id, principal().id))


@api.post("/windows/<int:window_id>/close")
@requires(*STAFF)
def close_window(window_id):
    _window_in_reach(window_id)
    caller = principal()
    return _window_response(windows.close_window(get_db(), window_id, caller.id,
                                                 force=caller.role in MANAGERS))


def _called_response(ticket: dict):
    db = get_db()
    hub().ticket_called(db, ticket, recall=False)
    hub().ticket_changed(db, ticket, counts_changed=True)
    return jsonify(ticket_json(db, ticket))


@api.post("/windows/<int:window_id>/call-next")
@requires(*STAFF)
def call_next(window_id):
    """Call the next ticket by the policy; 204 when nobody waits."""
    _window_in_reach(window_id)
    ticket = calling.call_next(get_db(), window_id, principal().id, now=now())
    if ticket is None:
        return "", 204
    return _called_response(ticket)


@api.post("/windows/<int:window_id>/call")
@requires(*STAFF)
def call_specific(window_id):
    """Call one waiting ticket out of order (logged)."""
    _window_in_reach(window_id)
    ticket_id = int_field(json_body(), "ticket_id", title="Номер талона")
    ticket = calling.call_specific(get_db(), window_id, ticket_id, principal().id, now=now())
    return _called_response(ticket)
