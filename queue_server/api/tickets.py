"""Tickets: issue one, read one, and every transition after the call."""
from flask import current_app, jsonify, request, url_for

from ..auth import STAFF, requires
from ..db import get_db
from ..domain import lifecycle
from ..domain.eta import ticket_eta
from ..domain.issuing import issue_ticket
from ..domain.tickets import get_ticket, ticket_json
from ..domain.windows import held_window
from ..errors import Unprocessable
from ..printing import push_job, store_ticket_print
from . import api
from .context import check_office, hub, now, principal
from .requests import int_field, json_body, str_field


def public_status_url(token: str) -> str:
    """Absolute URL of the ticket's public page (the QR on the ticket)."""
    base = current_app.config["QUEUE"].public_url or request.host_url
    return base.rstrip("/") + url_for("pages.public_ticket", token=token)


@api.post("/offices/<int:office_id>/tickets")
@requires("kiosk", *STAFF)
def create_ticket(office_id):
    """Issue a ticket; kiosks are refused outside working hours."""
    check_office(office_id)
    body = json_body()
    service_id = int_field(body, "service_id", title="Номер услуги")
    preferential = body.get("preferential")
    if preferential is not None and not isinstance(preferential, str):
        raise Unprocessable("Льготная категория должна быть строкой-кодом или null.",
                            fields={"preferential": "Нужен код категории"})
    caller = principal()
    printer_device = (_printer_device(caller, body)
                      if not caller.is_staff or body.get("print") is True else None)
    db = get_db()
    issued: dict = {}

    def with_the_ticket(ticket):
        """In the ticket's transaction: its place, its ETA and its print job."""
        issued["ahead"], issued["eta"] = ticket_eta(db, ticket)
        issued["status_url"] = public_status_url(ticket["public_token"])
        issued["job"] = store_ticket_print(
            db, ticket, ahead=issued["ahead"], eta=issued["eta"],
            status_url=issued["status_url"], device_id=printer_device)

    ticket = issue_ticket(
        db, office_id, service_id, preferential, now=now(),
        device_id=None if caller.is_staff else caller.id,
        staff_id=caller.id if caller.is_staff else None,
        enforce_hours=not caller.is_staff, on_issued=with_the_ticket,
    )
    if issued["job"] is not None:
        push_job(hub(), issued["job"])
    hub().ticket_changed(db, ticket, counts_changed=True)
    result = ticket_json(db, ticket)
    result.update({"ahead": issued["ahead"], "eta_minutes": issued["eta"],
                   "status_url": issued["status_url"],
                   "print_job_id": issued["job"]["id"] if issued["job"] else None})
    return jsonify(result), 201


def _printer_device(caller, body) -> int | None:
    """Kiosks print on their own printer; staff name a kiosk with ``print_device_id``."""
    if not caller.is_staff:
        return caller.id
    return int_field(body, "print_device_id", required=False, title="Номер устройства")


@api.get("/tickets/<int:ticket_id>")
@requires(*STAFF)
def read_ticket(ticket_id):
    db = get_db()
    ticket = get_ticket(db, ticket_id)
    check_office(ticket["office_id"])
    return jsonify(ticket_json(db, ticket))


def _actor_for(ticket: dict) -> lifecycle.Actor:
    """Operators act only on tickets at the window they hold; managers on any."""
    caller = principal()
    if caller.role != "operator":
        return lifecycle.Actor(caller.id)
    window = held_window(get_db(), caller.id)
    return lifecycle.Actor(caller.id, window_id=window["id"] if window else -1)


def _transition_view(ticket_id, perform, *, counts_changed=False, recall=False):
    db = get_db()
    ticket = get_ticket(db, ticket_id)
    check_office(ticket["office_id"])
    updated = perform(db, ticket_id, _actor_for(ticket))
    if recall:
        hub().ticket_called(db, updated, recall=True)
    hub().ticket_changed(db, updated, counts_changed=counts_changed)
    return jsonify(ticket_json(db, updated))


def _register_simple_transition(path: str, perform, *, counts_changed=False, recall=False):
    """A transition without a request body: ``POST /tickets/{id}/{path}``."""
    def view(ticket_id):
        return _transition_view(
            ticket_id, lambda db, tid, actor: perform(db, tid, actor, now=now()),
            counts_changed=counts_changed, recall=recall)
    view.__name__ = path.replace("-", "_")
    api.add_url_rule(f"/tickets/<int:ticket_id>/{path}", view_func=requires(*STAFF)(view),
                     methods=["POST"])


_register_simple_transition("recall", lifecycle.recall, recall=True)
_register_simple_transition("start", lifecycle.start)
_register_simple_transition("no-show", lifecycle.no_show)
_register_simple_transition("cancel", lifecycle.cancel, counts_changed=True)
_register_simple_transition("confirm-preferential", lifecycle.confirm_preferential)
_register_simple_transition("downgrade-preferential", lifecycle.downgrade_preferential)


@api.post("/tickets/<int:ticket_id>/finish")
@requires(*STAFF)
def finish(ticket_id):
    body = json_body(required=False)
    outcome = str_field(body, "outcome", max_length=64)
    return _transition_view(
        ticket_id, lambda db, tid, actor: lifecycle.finish(db, tid, actor, now=now(), outcome=outcome))


@api.post("/tickets/<int:ticket_id>/transfer")
@requires(*STAFF)
def transfer(ticket_id):
    body = json_body()
    service_id = int_field(body, "service_id", title="Номер услуги")
    comment = str_field(body, "comment", max_length=500)
    return _transition_view(
        ticket_id,
        lambda db, tid, actor: lifecycle.transfer(db, tid, actor, now=now(), service_id=service_id,
                                                  comment=comment),
        counts_changed=True)


@api.post("/tickets/<int:ticket_id>/postpone")
@requires(*STAFF)
def postpone(ticket_id):
    body = json_body()
    minutes = int_field(body, "minutes", maximum=lifecycle.MAX_POSTPONE_MINUTES,
                        title="Срок отсрочки")
    return _transition_view(
        ticket_id, lambda db, tid, actor: lifecycle.postpone(db, tid, actor, now=now(), minutes=minutes),
        counts_changed=True)
