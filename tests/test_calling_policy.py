"""The calling policy: out-of-turn first, then primary services, then FIFO;
numbering per letter and day; ETA; working hours for kiosks."""
from datetime import timedelta

from queue_server.domain.eta import eta_range
from tests.test_lifecycle import call, issue

A, B, V, G, D = 1, 2, 3, 4, 5  # service ids of the demo office (letters А Б В Г Д)


def test_preferential_ticket_after_ten_regular_is_called_first(kiosk, operator_factory, clock):
    op1 = operator_factory(1)
    for _ in range(10):
        issue(kiosk, A)
        clock.advance(seconds=30)
    veteran = issue(kiosk, A, preferential="wwii_veteran")
    assert veteran["ahead"] == 0
    assert call(op1)["id"] == veteran["id"]


def test_preferential_fifo_among_themselves(kiosk, operator_factory, clock):
    op1 = operator_factory(1)
    first = issue(kiosk, B, preferential="parent_under_3")
    clock.advance(seconds=10)
    second = issue(kiosk, A, preferential="social_worker")
    assert [call(op1)["id"]] == [first["id"]]
    op1.post(f"/api/v1/tickets/{first['id']}/no-show")
    assert call(op1)["id"] == second["id"]


def test_primary_services_before_secondary(kiosk, operator_factory, clock):
    op1 = operator_factory(1)  # А, Б primary; В secondary
    secondary_early = issue(kiosk, V)
    clock.advance(minutes=5)
    primary_late = issue(kiosk, B)
    assert call(op1)["id"] == primary_late["id"]
    op1.post(f"/api/v1/tickets/{primary_late['id']}/no-show")
    assert call(op1)["id"] == secondary_early["id"]


def test_preferential_secondary_beats_regular_primary(kiosk, operator_factory, clock):
    op1 = operator_factory(1)
    regular_primary = issue(kiosk, A)
    clock.advance(minutes=1)
    preferential_secondary = issue(kiosk, V, preferential="disabled_1_2")
    assert call(op1)["id"] == preferential_secondary["id"]
    assert regular_primary["id"] != preferential_secondary["id"]


def test_fifo_by_queued_at_across_services_of_same_level(kiosk, operator_factory, clock):
    op1 = operator_factory(1)
    order = []
    for service in (B, A, B, A):
        order.append(issue(kiosk, service)["id"])
        clock.advance(seconds=20)
    called = []
    for _ in order:
        ticket = call(op1)
        called.append(ticket["id"])
        op1.post(f"/api/v1/tickets/{ticket['id']}/no-show")
    assert called == order


def test_window_never_receives_a_service_it_does_not_serve(kiosk, operator_factory):
    op4 = operator_factory(4)  # К, Л, Е only
    for service in (A, B, V, G, D):
        issue(kiosk, service, preferential="wwii_veteran")
    assert op4.post("/api/v1/windows/4/call-next").status_code == 204
    business = issue(kiosk, 7)
    assert call(op4, window=4)["id"] == business["id"]


def test_waiting_list_in_calling_order_for_a_window(kiosk, operator_factory, clock):
    op1 = operator_factory(1)
    regular = issue(kiosk, A)
    clock.advance(seconds=5)
    secondary = issue(kiosk, V)
    clock.advance(seconds=5)
    preferential = issue(kiosk, B, preferential="social_worker")
    listed = op1.get("/api/v1/offices/1/tickets?status=waiting&window_id=1").get_json()
    assert [t["id"] for t in listed] == [preferential["id"], regular["id"], secondary["id"]]


def test_call_specific_ticket_out_of_order(kiosk, operator_factory, db):
    op1 = operator_factory(1)
    first = issue(kiosk, A)
    second = issue(kiosk, A)
    response = op1.post("/api/v1/windows/1/call", json={"ticket_id": second["id"]})
    assert response.status_code == 200 and response.get_json()["status"] == "called"
    event = db.conn.execute("SELECT data FROM ticket_events WHERE ticket_id = ? AND type = 'call'",
                            (second["id"],)).fetchone()
    assert '"out_of_order": true' in event["data"]
    assert first["id"] != second["id"]


def test_call_specific_refuses_other_services_and_non_waiting(kiosk, operator_factory):
    op1 = operator_factory(1)
    other_service = issue(kiosk, 7)
    response = op1.post("/api/v1/windows/1/call", json={"ticket_id": other_service["id"]})
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "not_served_here"
    ticket = issue(kiosk, A)
    op1.post(f"/api/v1/tickets/{ticket['id']}/cancel")
    response = op1.post("/api/v1/windows/1/call", json={"ticket_id": ticket["id"]})
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "bad_state"


def test_call_next_while_busy_and_on_break(kiosk, operator_factory):
    op1 = operator_factory(1)
    issue(kiosk, A)
    issue(kiosk, A)
    ticket = call(op1)
    busy = op1.post("/api/v1/windows/1/call-next")
    assert busy.status_code == 409 and busy.get_json()["error"]["code"] == "window_busy"
    assert op1.post("/api/v1/windows/1/break").get_json()["error"]["code"] == "window_busy"
    op1.post(f"/api/v1/tickets/{ticket['id']}/no-show")
    assert op1.post("/api/v1/windows/1/break").get_json()["state"] == "break"
    on_break = op1.post("/api/v1/windows/1/call-next")
    assert on_break.status_code == 409 and on_break.get_json()["error"]["code"] == "window_on_break"
    assert op1.post("/api/v1/windows/1/open").get_json()["state"] == "open"
    assert op1.post("/api/v1/windows/1/call-next").status_code == 200


def test_windows_are_held_by_one_operator(operator_factory):
    op1 = operator_factory(1)
    op2 = operator_factory(2, open_window=False)
    taken = op2.post("/api/v1/windows/1/open")
    assert taken.status_code == 409 and taken.get_json()["error"]["code"] == "window_taken"
    assert "Оператор 1" in taken.get_json()["error"]["message"]
    second_window = op1.post("/api/v1/windows/2/open")
    assert second_window.status_code == 409
    assert second_window.get_json()["error"]["code"] == "holds_other_window"
    not_mine = op2.post("/api/v1/windows/1/call-next")
    assert not_mine.status_code == 409 and not_mine.get_json()["error"]["code"] == "not_your_window"
    closed = op1.post("/api/v1/windows/1/close").get_json()
    assert closed["state"] == "closed" and closed["operator"] is None
    assert op2.post("/api/v1/windows/1/open").status_code == 200


def test_close_with_a_called_ticket_is_refused(kiosk, operator_factory):
    op1 = operator_factory(1)
    issue(kiosk, A)
    call(op1)
    response = op1.post("/api/v1/windows/1/close")
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "window_busy"


def test_numbering_per_letter_and_day(kiosk, clock):
    labels = [issue(kiosk, service)["label"] for service in (A, A, B, A, B)]
    assert labels == ["А001", "А002", "Б001", "А003", "Б002"]
    clock.advance(days=1)
    assert issue(kiosk, A)["label"] == "А001"


def test_eta_grows_with_people_ahead_and_shrinks_with_open_windows(kiosk, operator_factory):
    tickets = [issue(kiosk, A) for _ in range(6)]
    assert [t["ahead"] for t in tickets] == [0, 1, 2, 3, 4, 5]
    closed_eta = tickets[-1]["eta_minutes"]
    operator_factory(1)
    operator_factory(2)
    with_two_windows = issue(kiosk, A)
    assert with_two_windows["ahead"] == 6
    low, high = with_two_windows["eta_minutes"]
    assert low <= high and high < closed_eta[1] + 10
    assert eta_range(0, 10, 1) == [0, 5]
    assert eta_range(6, 8, 2) == [19, 34]


def test_kiosk_refused_outside_hours_but_staff_can_issue(app, clock, admin):
    from tests.conftest import ApiClient
    kiosk2 = ApiClient(app.test_client(), token="demo-kiosk-2")
    service = app.test_client().get("/api/v1/offices/2/services",
                                    headers={"Authorization": "Bearer demo-kiosk-2"}).get_json()[0]
    assert kiosk2.post("/api/v1/offices/2/tickets", json={"service_id": service["id"]}).status_code == 201
    clock.now = clock.now.replace(hour=13, minute=50)  # 18:50 local: after the 15-minute cutoff
    refused = kiosk2.post("/api/v1/offices/2/tickets", json={"service_id": service["id"]})
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert error["code"] == "office_closed"
    assert "18:45" in error["message"] and "Пн–Пт 08:00–19:00" in error["message"]
    clock.now = clock.now + timedelta(days=2)  # Saturday
    weekend = kiosk2.post("/api/v1/offices/2/tickets", json={"service_id": service["id"]})
    assert "не работает" in weekend.get_json()["error"]["message"]
    staff_made = admin.post("/api/v1/offices/2/tickets", json={"service_id": service["id"]})
    assert staff_made.status_code == 201 and staff_made.get_json()["print_job_id"] is None
