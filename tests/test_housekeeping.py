"""The server's background upkeep: postponed tickets come back on time and
yesterday's waiting tickets expire, and boards hear the new counts."""
from queue_server.housekeeping import run_once
from tests.test_lifecycle import call, issue
from tests.test_socketio_events import events_named, socket_client


def test_postponed_ticket_returns_and_boards_hear_it(app, kiosk, operator_factory, clock, db):
    op1 = operator_factory(1)
    ticket = issue(kiosk)
    call(op1)
    op1.post(f"/api/v1/tickets/{ticket['id']}/postpone", json={"minutes": 5})
    board = socket_client(app, auth={"token": "demo-board-1"})
    board.get_received()
    assert run_once(app) == []  # not yet
    clock.advance(minutes=5)
    assert run_once(app) == [1]
    [counts] = events_named(board, "queue_changed")
    assert counts["waiting_total"] == 1
    row = db.conn.execute("SELECT status, postponed_until FROM tickets WHERE id = ?",
                          (ticket["id"],)).fetchone()
    assert (row["status"], row["postponed_until"]) == ("waiting", None)


def test_rollover_expires_waiting_tickets_of_past_days(app, kiosk, clock, db):
    ticket = issue(kiosk)
    clock.advance(days=1)
    assert run_once(app) == [1]
    assert db.conn.execute("SELECT status FROM tickets WHERE id = ?",
                           (ticket["id"],)).fetchone()["status"] == "expired"
