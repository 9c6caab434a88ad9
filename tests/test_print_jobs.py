"""Server side of printing: jobs queued for the kiosk, kept until acknowledged,
re-sent on reconnect, failures reported to the kiosk and the staff."""
import json

from tests.test_lifecycle import issue
from tests.test_socketio_events import events_named, socket_client


def test_kiosk_ticket_queues_a_print_job_pushed_to_its_room(app, kiosk, db):
    agent = socket_client(app, auth={"token": "demo-kiosk-1"})
    agent.get_received()
    ticket = issue(kiosk)
    [job] = events_named(agent, "print_job")
    assert job["id"] == ticket["print_job_id"] and job["kind"] == "ticket"
    texts = " ".join(item.get("text", "") for item in job["document"]["items"])
    assert ticket["label"] in texts and "Консультация" in texts
    qr = [item for item in job["document"]["items"] if item["type"] == "qr"]
    assert qr and qr[0]["data"] == ticket["status_url"]
    row = db.conn.execute("SELECT status, ticket_id FROM print_jobs WHERE id = ?", (job["id"],)).fetchone()
    assert row["status"] == "pending" and row["ticket_id"] == ticket["id"]


def test_staff_tickets_print_only_on_request(app, admin, db):
    plain = admin.post("/api/v1/offices/1/tickets", json={"service_id": 1}).get_json()
    assert plain["print_job_id"] is None
    printed = admin.post("/api/v1/offices/1/tickets",
                         json={"service_id": 1, "print": True, "print_device_id": 1}).get_json()
    assert printed["print_job_id"] is not None
    assert db.conn.execute("SELECT COUNT(*) FROM print_jobs").fetchone()[0] == 1


def test_failed_job_stays_pending_and_is_reported(app, kiosk, db):
    from tests.conftest import ApiClient
    staff_http = ApiClient(app.test_client()).login("op1", "demo")
    staff = socket_client(app, flask_client=staff_http.client)
    agent = socket_client(app, auth={"token": "demo-kiosk-1"})
    ticket = issue(kiosk)
    staff.get_received()
    agent.get_received()
    ack = agent.emit("print_result", {"id": ticket["print_job_id"], "ok": False,
                                      "error": "Закончилась бумага"}, callback=True)
    assert ack == {"ok": True}
    [status] = events_named(agent, "print_status")
    assert status["ok"] is False and status["error"] == "Закончилась бумага"
    [problem] = events_named(staff, "print_problem")
    assert problem["device"] == "demo-kiosk-1" and problem["ticket_id"] == ticket["id"]
    row = db.conn.execute("SELECT status, error, attempts FROM print_jobs").fetchone()
    assert (row["status"], row["error"], row["attempts"]) == ("pending", "Закончилась бумага", 1)
    # The agent reconnects: the pending job comes again; then it prints.
    agent.disconnect()
    again = socket_client(app, auth={"token": "demo-kiosk-1"})
    [resent] = events_named(again, "print_job")
    assert resent["id"] == ticket["print_job_id"]
    again.emit("print_result", {"id": resent["id"], "ok": True}, callback=True)
    assert db.conn.execute("SELECT status, error FROM print_jobs").fetchone()["status"] == "printed"
    reconnected = socket_client(app, auth={"token": "demo-kiosk-1"})
    assert events_named(reconnected, "print_job") == []


def test_a_kiosk_cannot_acknowledge_another_kiosks_job(app, kiosk, db):
    ticket = issue(kiosk)
    other = socket_client(app, auth={"token": "demo-kiosk-2"})
    ack = other.emit("print_result", {"id": ticket["print_job_id"], "ok": True}, callback=True)
    assert ack == {"ok": False, "error": "unknown_job"}
    assert db.conn.execute("SELECT status FROM print_jobs").fetchone()["status"] == "pending"
    for bad in (None, "x", {"id": "1", "ok": True}, {"id": ticket["print_job_id"], "ok": "yes"}):
        assert other.emit("print_result", bad, callback=True)["ok"] is False


def test_print_document_is_json_with_branch_phones(app, kiosk, db):
    issue(kiosk, preferential="parent_under_3")
    document = json.loads(db.conn.execute("SELECT document FROM print_jobs").fetchone()["document"])
    text = " ".join(item.get("text", "") for item in document["items"])
    assert "8-800-700-10-32" in text and "Родитель с ребёнком до 3 лет" in text


def test_supervisors_see_pending_jobs_with_the_reason(app, kiosk, admin, operator_factory):
    ticket = issue(kiosk)
    agent = socket_client(app, auth={"token": "demo-kiosk-1"})
    agent.emit("print_result", {"id": ticket["print_job_id"], "ok": False,
                                "error": "Принтер не отвечает (offline)"}, callback=True)
    [job] = admin.get("/api/v1/offices/1/print-jobs").get_json()
    assert job["id"] == ticket["print_job_id"] and job["device"] == "demo-kiosk-1"
    assert job["error"] == "Принтер не отвечает (offline)" and job["status"] == "pending"
    assert operator_factory(1).get("/api/v1/offices/1/print-jobs").status_code == 403
