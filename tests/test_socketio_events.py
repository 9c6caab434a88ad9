"""Socket.IO contract with Flask-SocketIO's test client: refused without
credentials, snapshot on connect, pushes to the right rooms."""
import pytest

from tests.test_lifecycle import issue


def socket_client(app, flask_client=None, auth=None):
    socketio = app.extensions["socketio"]
    return socketio.test_client(app, flask_test_client=flask_client, auth=auth)


def events_named(client, name):
    return [event["args"][0] for event in client.get_received() if event["name"] == name]


def test_connection_without_credentials_is_refused(app):
    assert not socket_client(app).is_connected()
    assert not socket_client(app, auth={"token": "bogus"}).is_connected()


def test_board_gets_a_snapshot_on_connect(app, kiosk):
    issue(kiosk)
    board = socket_client(app, auth={"token": "demo-board-1"})
    assert board.is_connected()
    [snapshot] = events_named(board, "snapshot")
    assert snapshot["waiting_total"] == 1 and snapshot["waiting"]["1"] == 1
    assert len(snapshot["windows"]) == 5 and snapshot["calls"] == []
    assert snapshot["office"]["name"].startswith("Офис обслуживания")
    assert snapshot["contacts"]["phone_individuals"] == "8-800-700-10-32"


@pytest.fixture
def staff_socket(app):
    from tests.conftest import ApiClient
    http = ApiClient(app.test_client()).login("op2", "demo")
    return socket_client(app, flask_client=http.client)


def test_call_pushes_ticket_called_and_counts_to_board_and_updates_to_staff(
        app, kiosk, operator_factory, staff_socket):
    board = socket_client(app, auth={"token": "demo-board-1"})
    board.get_received()
    staff_socket.get_received()
    ticket = issue(kiosk, preferential="wwii_veteran")
    assert events_named(board, "queue_changed") == [{"waiting": {**{str(i): 0 for i in range(1, 9)},
                                                                 "1": 1}, "waiting_total": 1}]
    assert events_named(board, "ticket_updated") == []  # staff-only event
    assert [t["label"] for t in events_named(staff_socket, "ticket_updated")] == ["А001"]
    op1 = operator_factory(1)
    op1.post("/api/v1/windows/1/call-next")
    [called] = events_named(board, "ticket_called")
    assert called == {
        "ticket_id": ticket["id"], "label": "А001", "service_id": 1, "preferential": "wwii_veteran",
        "window": {"id": 1, "number": 1, "label": "Окно 1"}, "called_at": called["called_at"],
        "recall": False}
    assert called["called_at"].endswith("+05:00")
    op1.post(f"/api/v1/tickets/{ticket['id']}/recall")
    [recalled] = events_named(board, "ticket_called")
    assert recalled["recall"] is True and recalled["ticket_id"] == ticket["id"]
    updates = events_named(staff_socket, "ticket_updated")
    assert [u["status"] for u in updates] == ["called", "called"]


def test_snapshot_calls_are_newest_first(app, kiosk, operator_factory):
    op1, op2 = operator_factory(1), operator_factory(2)
    first, second = issue(kiosk), issue(kiosk)
    op1.post("/api/v1/windows/1/call-next")
    op2.post("/api/v1/windows/2/call-next")
    board = socket_client(app, auth={"token": "demo-board-1"})
    [snapshot] = events_named(board, "snapshot")
    assert [c["label"] for c in snapshot["calls"]] == [second["label"], first["label"]]
    assert [c["window"]["number"] for c in snapshot["calls"]] == [2, 1]


def test_devices_of_another_office_hear_nothing(app, kiosk, operator_factory):
    other = socket_client(app, auth={"token": "demo-kiosk-2"})
    other.get_received()
    issue(kiosk)
    operator_factory(1).post("/api/v1/windows/1/call-next")
    assert other.get_received() == []


def test_print_result_is_only_accepted_from_kiosks(app, kiosk):
    board = socket_client(app, auth={"token": "demo-board-1"})
    ack = board.emit("print_result", {"id": 1, "ok": True}, callback=True)
    assert ack == {"ok": False, "error": "forbidden"}
