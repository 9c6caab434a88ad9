"""Socket.IO: who may connect, which rooms they join, and what the server pushes.

Rooms: ``office:{id}`` (boards, kiosks, consoles of the office), ``staff:{id}``
(consoles only) and ``device:{id}`` (one kiosk or board). Connections without
valid credentials are refused; every client event checks the sender's role.
"""
import logging

from flask import request, session
from flask_socketio import ConnectionRefusedError, SocketIO, emit, join_room

from .auth import DEVICE_COOKIE, device_by_token, staff_by_id
from .db import get_db
from .domain.state import snapshot, waiting_counts
from .domain.tickets import office_timezone, ticket_json
from .timeutil import to_public

log = logging.getLogger(__name__)


def office_room(office_id: int) -> str:
    return f"office:{office_id}"


def staff_room(office_id: int) -> str:
    return f"staff:{office_id}"


def device_room(device_id: int) -> str:
    return f"device:{device_id}"


class Hub:
    """Pushes queue changes to the rooms that must hear them."""

    def __init__(self, socketio: SocketIO):
        self.socketio = socketio
        self.connections: dict[str, object] = {}  # sid -> Principal
        # Called with the principal after each connect (e.g. re-send pending print jobs).
        self.connect_listeners: list = []

    # --- pushes -------------------------------------------------------------
    def ticket_called(self, db, ticket: dict, *, recall: bool) -> None:
        window = db.conn.execute("SELECT id, number, label FROM windows WHERE id = ?",
                                 (ticket["window_id"],)).fetchone()
        tz_name = office_timezone(db, ticket["office_id"])
        payload = {
            "ticket_id": ticket["id"],
            "label": ticket["label"],
            "service_id": ticket["service_id"],
            "preferential": ticket["preferential"],
            "window": dict(window),
            "called_at": to_public(ticket["called_at"], tz_name),
            "recall": recall,
        }
        self.socketio.emit("ticket_called", payload, to=office_room(ticket["office_id"]))
        # Let the sockets' writer green threads send the call now, before this
        # request goes on to the less urgent pushes (counts, staff updates).
        self.socketio.sleep(0)

    def queue_changed(self, db, office_id: int) -> None:
        self.socketio.emit("queue_changed", waiting_counts(db, office_id), to=office_room(office_id))

    def ticket_updated(self, db, ticket: dict) -> None:
        self.socketio.emit("ticket_updated", ticket_json(db, ticket),
                           to=staff_room(ticket["office_id"]))

    def window_updated(self, office_id: int, window: dict) -> None:
        self.socketio.emit("window_updated", window, to=staff_room(office_id))

    def board_message(self, office_id: int, text: str) -> None:
        self.socketio.emit("board_message", {"text": text}, to=office_room(office_id))

    def to_device(self, device_id: int, event: str, payload: dict) -> None:
        self.socketio.emit(event, payload, to=device_room(device_id))

    def ticket_changed(self, db, ticket: dict, *, counts_changed: bool) -> None:
        """The usual pair after a transition: staff hear the ticket, everyone the counts."""
        self.ticket_updated(db, ticket)
        if counts_changed:
            self.queue_changed(db, ticket["office_id"])


def _principal_from_handshake(auth):
    """The device of ``auth={"token": …}``, the device cookie, or the staff session."""
    db = get_db()
    if isinstance(auth, dict) and auth.get("token"):
        return device_by_token(db, str(auth["token"]))
    if session.get("staff_id") is not None:
        return staff_by_id(db, session["staff_id"])
    cookie = request.cookies.get(DEVICE_COOKIE)
    return device_by_token(db, cookie) if cookie else None


def _office_for(principal, auth) -> int:
    if principal.office_id is not None:
        return principal.office_id
    requested = auth.get("office_id") if isinstance(auth, dict) else None
    return requested if isinstance(requested, int) and not isinstance(requested, bool) else 1


def register_handlers(socketio: SocketIO, hub: Hub) -> None:
    """Attach the connection and client-event handlers."""

    @socketio.on("connect")
    def on_connect(auth=None):
        principal = _principal_from_handshake(auth)
        if principal is None:
            raise ConnectionRefusedError("unauthorized")
        office_id = _office_for(principal, auth)
        hub.connections[request.sid] = principal
        join_room(office_room(office_id))
        if principal.is_staff:
            join_room(staff_room(office_id))
        else:
            join_room(device_room(principal.id))
        emit("snapshot", snapshot(get_db(), office_id))
        for listener in hub.connect_listeners:
            listener(principal)

    @socketio.on("disconnect")
    def on_disconnect(*_args):
        hub.connections.pop(request.sid, None)
