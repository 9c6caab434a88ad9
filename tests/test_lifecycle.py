"""Every ticket transition through the API: valid ones change state and log an
event; invalid ones answer 409 and change nothing."""
import pytest

from queue_server.domain.tickets import ticket_events

SERVICE_A = 1  # «Консультация», primary at windows 1 and 2
SERVICE_D = 5  # «Перерасчёт», not served at window 1


def issue(kiosk, service_id=SERVICE_A, preferential=None):
    response = kiosk.post("/api/v1/offices/1/tickets",
                          json={"service_id": service_id, "preferential": preferential})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def snapshot_row(db, ticket_id):
    return dict(db.conn.execute("SELECT * FROM tickets WHERE id = ?", (ticket_id,)).fetchone())


def event_count(db, ticket_id):
    return db.conn.execute("SELECT COUNT(*) FROM ticket_events WHERE ticket_id = ?",
                           (ticket_id,)).fetchone()[0]


@pytest.fixture
def op1(operator_factory):
    return operator_factory(1)


def call(op, window=1):
    response = op.post(f"/api/v1/windows/{window}/call-next")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_full_visit_writes_an_event_per_transition(kiosk, op1, db, clock):
    ticket = issue(kiosk)
    assert ticket["label"] == "А001" and ticket["status"] == "waiting"
    clock.advance(minutes=3)
    called = call(op1)
    assert called["id"] == ticket["id"] and called["status"] == "called"
    assert called["window_id"] == 1 and called["call_count"] == 1
    recalled = op1.post(f"/api/v1/tickets/{ticket['id']}/recall").get_json()
    assert recalled["status"] == "called" and recalled["call_count"] == 2
    started = op1.post(f"/api/v1/tickets/{ticket['id']}/start").get_json()
    assert started["status"] == "serving" and started["started_at"]
    clock.advance(minutes=7)
    finished = op1.post(f"/api/v1/tickets/{ticket['id']}/finish", json={}).get_json()
    assert finished["status"] == "done"
    assert finished["finished_at"].endswith("+05:00")
    types = [event["type"] for event in ticket_events(db, ticket["id"])]
    assert types == ["created", "call", "recall", "start", "finish"]


def test_finish_with_an_outcome_of_the_service(kiosk, operator_factory, db):
    op3 = operator_factory(3)
    ticket = issue(kiosk, service_id=4)  # «Договор» with outcomes
    call(op3, window=3)
    op3.post(f"/api/v1/tickets/{ticket['id']}/start")
    bad = op3.post(f"/api/v1/tickets/{ticket['id']}/finish", json={"outcome": "nonsense"})
    assert bad.status_code == 422 and bad.get_json()["error"]["fields"]["outcome"]
    good = op3.post(f"/api/v1/tickets/{ticket['id']}/finish", json={"outcome": "contract_signed"})
    assert good.status_code == 200 and good.get_json()["outcome"] == "contract_signed"


def test_no_show(kiosk, op1, db):
    ticket = issue(kiosk)
    call(op1)
    result = op1.post(f"/api/v1/tickets/{ticket['id']}/no-show").get_json()
    assert result["status"] == "no_show"
    assert ticket_events(db, ticket["id"])[-1]["type"] == "no_show"


def test_cancel_waiting(kiosk, op1):
    ticket = issue(kiosk)
    response = op1.post(f"/api/v1/tickets/{ticket['id']}/cancel")
    assert response.get_json()["status"] == "cancelled"


# transition, body, states in which it is invalid (reached by the given setup)
INVALID = [
    ("recall", None, ["waiting", "serving", "done"]),
    ("start", None, ["waiting", "serving", "done"]),
    ("finish", {}, ["waiting", "called", "done"]),
    ("no-show", None, ["waiting", "serving", "done"]),
    ("cancel", None, ["called", "serving", "done"]),
    ("postpone", {"minutes": 5}, ["waiting", "done"]),
    ("transfer", {"service_id": 2}, ["waiting", "called", "done"]),
]


def bring_to(state, kiosk, op):
    ticket = issue(kiosk)
    if state in ("called", "serving", "done"):
        call(op)
    if state in ("serving", "done"):
        op.post(f"/api/v1/tickets/{ticket['id']}/start")
    if state == "done":
        op.post(f"/api/v1/tickets/{ticket['id']}/finish", json={})
    return ticket


@pytest.mark.parametrize("action,body,states", INVALID)
def test_invalid_transitions_answer_409_and_change_nothing(action, body, states, app, kiosk, db):
    from tests.conftest import ApiClient
    for index, state in enumerate(states):
        op = ApiClient(app.test_client()).login("op1", "demo")
        op.post("/api/v1/windows/1/open")
        ticket = bring_to(state, kiosk, op)
        before_row, before_events = snapshot_row(db, ticket["id"]), event_count(db, ticket["id"])
        response = op.post(f"/api/v1/tickets/{ticket['id']}/{action}", json=body)
        assert response.status_code == 409, (action, state, response.get_json())
        error = response.get_json()["error"]
        assert error["code"] == "bad_state" and "Нельзя" in error["message"]
        assert snapshot_row(db, ticket["id"]) == before_row
        assert event_count(db, ticket["id"]) == before_events
        # free the window for the next state of this case
        current = db.conn.execute("SELECT id, status FROM tickets WHERE window_id = 1 AND status IN"
                                  " ('called', 'serving')").fetchone()
        if current:
            if current["status"] == "called":
                op.post(f"/api/v1/tickets/{current['id']}/start")
            op.post(f"/api/v1/tickets/{current['id']}/finish", json={})


def test_unknown_ticket_is_404(op1):
    response = op1.post("/api/v1/tickets/999999/start")
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == "Талон не найден."


def test_operator_cannot_touch_a_ticket_at_another_window(kiosk, operator_factory, db):
    op1, op2 = operator_factory(1), operator_factory(2)
    ticket = issue(kiosk)
    call(op1)
    response = op2.post(f"/api/v1/tickets/{ticket['id']}/start")
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "not_your_window"
    assert snapshot_row(db, ticket["id"])["status"] == "called"


def test_postpone_returns_on_time_keeping_its_place(kiosk, op1, db, clock):
    first = issue(kiosk)
    clock.advance(minutes=1)
    second = issue(kiosk)
    call(op1)
    postponed = op1.post(f"/api/v1/tickets/{first['id']}/postpone", json={"minutes": 10}).get_json()
    assert postponed["status"] == "postponed" and postponed["window_id"] is None
    assert call(op1)["id"] == second["id"]
    op1.post(f"/api/v1/tickets/{second['id']}/start")
    op1.post(f"/api/v1/tickets/{second['id']}/finish", json={})
    assert op1.post("/api/v1/windows/1/call-next").status_code == 204  # not yet
    clock.advance(minutes=10)
    third = issue(kiosk)
    again = call(op1)
    assert again["id"] == first["id"]  # back at its original place, before the newer ticket
    assert again["queued_at"] == first["queued_at"]
    assert third["id"] != again["id"]
    types = [event["type"] for event in ticket_events(db, first["id"])]
    assert types == ["created", "call", "postpone", "returned", "call"]


def test_postpone_minutes_are_validated(kiosk, op1):
    ticket = issue(kiosk)
    call(op1)
    for bad in (0, -5, 100000, "10", None, True):
        response = op1.post(f"/api/v1/tickets/{ticket['id']}/postpone", json={"minutes": bad})
        assert response.status_code == 422, bad
        assert response.get_json()["error"]["fields"]["minutes"]


def test_transfer_keeps_the_visitors_place(kiosk, operator_factory, db, clock):
    op1, op3 = operator_factory(1), operator_factory(3)
    transferred = issue(kiosk, service_id=SERVICE_A)
    clock.advance(minutes=5)
    later_d = issue(kiosk, service_id=SERVICE_D)
    call(op1)
    op1.post(f"/api/v1/tickets/{transferred['id']}/start")
    result = op1.post(f"/api/v1/tickets/{transferred['id']}/transfer",
                      json={"service_id": SERVICE_D, "comment": "нужен перерасчёт"}).get_json()
    assert result["status"] == "waiting" and result["service_id"] == SERVICE_D
    assert result["label"] == transferred["label"] and result["queued_at"] == transferred["queued_at"]
    # Window 3 serves «Перерасчёт»: the transferred visitor, queued earlier, comes first.
    assert call(op3, window=3)["id"] == transferred["id"]
    assert later_d["id"] != transferred["id"]
    event = ticket_events(db, transferred["id"])[-2]
    assert event["type"] == "transfer"
    assert event["data"] == {"to_service_id": SERVICE_D, "comment": "нужен перерасчёт",
                             "from_service_id": SERVICE_A}


def test_transfer_to_the_same_or_unknown_service_is_refused(kiosk, op1):
    ticket = issue(kiosk)
    call(op1)
    op1.post(f"/api/v1/tickets/{ticket['id']}/start")
    assert op1.post(f"/api/v1/tickets/{ticket['id']}/transfer",
                    json={"service_id": SERVICE_A}).status_code == 422
    assert op1.post(f"/api/v1/tickets/{ticket['id']}/transfer",
                    json={"service_id": 9999}).status_code == 404


def test_preferential_confirm_and_downgrade_are_logged(kiosk, op1, db):
    ticket = issue(kiosk, preferential="disabled_1_2")
    called = call(op1)
    assert called["preferential"] == "disabled_1_2"
    confirmed = op1.post(f"/api/v1/tickets/{ticket['id']}/confirm-preferential").get_json()
    assert confirmed["preferential_confirmed"] is True
    other = issue(kiosk, preferential="wwii_veteran")
    downgraded = op1.post(f"/api/v1/tickets/{other['id']}/downgrade-preferential").get_json()
    assert downgraded["preferential"] is None
    event = ticket_events(db, other["id"])[-1]
    assert event["type"] == "downgrade_preferential"
    assert event["data"]["category"] == "wwii_veteran"
    regular = issue(kiosk)
    again = op1.post(f"/api/v1/tickets/{regular['id']}/downgrade-preferential")
    assert again.status_code == 409


def test_day_rollover_expires_yesterdays_waiting_tickets(kiosk, op1, db, clock):
    old = issue(kiosk)
    clock.advance(days=1)
    fresh = issue(kiosk)
    assert fresh["label"] == "А001"  # numbering restarts every local day
    assert call(op1)["id"] == fresh["id"]
    assert snapshot_row(db, old["id"])["status"] == "expired"
    assert ticket_events(db, old["id"])[-1]["type"] == "expired"
