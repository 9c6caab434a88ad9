"""End to end: the real queue server (eventlet), the real print agent process,
and the fake network printer on 127.0.0.1 — tickets print once, survive paper
out and agent crashes."""
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
import socketio

from fake_printer import FakePrinter
from tests.live import ROOT, LiveServer

pytestmark = pytest.mark.timeout(120)

ESC_T_CP866 = b"\x1bt\x11"
QR_STORE = b"\x1d(k"
CUT = b"\x1dV"


def wait_until(predicate, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


class Agent:
    """``python -m printer agent`` as a separate process."""

    def __init__(self, server: LiveServer, printer_uri: str, state_dir):
        self.args = [sys.executable, "-m", "printer", "agent", "--server", server.url,
                     "--token", "demo-kiosk-1", "--printer", printer_uri,
                     "--state-dir", str(state_dir), "--poll-interval", "0.3"]
        self.process = None

    def start(self):
        self.process = subprocess.Popen(self.args, cwd=ROOT, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        return self

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def setup(tmp_path):
    server = LiveServer(tmp_path).start()
    printer = FakePrinter().start()
    agent = Agent(server, printer.uri, tmp_path / "agent-state").start()
    yield server, printer, agent
    agent.stop()
    printer.stop()
    server.stop()


def issue(server, service_id=1):
    kiosk = server.session(token="demo-kiosk-1")
    response = kiosk.post(f"{server.url}/api/v1/offices/1/tickets", json={"service_id": service_id})
    assert response.status_code == 201, response.text
    return response.json()


def job_row(server, job_id):
    db = sqlite3.connect(server.db_path)
    db.row_factory = sqlite3.Row
    try:
        return dict(db.execute("SELECT * FROM print_jobs WHERE id = ?", (job_id,)).fetchone())
    finally:
        db.close()


def test_kiosk_ticket_prints_on_the_network_printer(setup):
    server, printer, _ = setup
    ticket = issue(server)
    assert printer.wait_for(CUT, timeout=15)
    data = printer.received
    assert ESC_T_CP866 in data
    assert "Талон".encode("cp866") in data and ticket["label"].encode("cp866") in data
    assert "Консультация".encode("cp866") in data
    assert QR_STORE in data and ticket["status_url"].encode("ascii") in data
    assert wait_until(lambda: job_row(server, ticket["print_job_id"])["status"] == "printed")


def test_paper_out_keeps_the_ticket_and_prints_once_when_paper_returns(setup):
    server, printer, _ = setup
    heard = []
    kiosk_screen = socketio.Client(reconnection=False)
    kiosk_screen.on("print_status", heard.append)
    kiosk_screen.connect(server.url, auth={"token": "demo-kiosk-1"}, transports=["websocket"])
    try:
        printer.paper_out = True
        ticket = issue(server)
        assert ticket["status"] == "waiting"  # the visitor keeps the place
        assert wait_until(lambda: job_row(server, ticket["print_job_id"])["error"] is not None)
        job = job_row(server, ticket["print_job_id"])
        assert job["status"] == "pending" and job["error"] == "Закончилась бумага"
        assert wait_until(lambda: any(not s["ok"] for s in heard))
        assert heard[0]["error"] == "Закончилась бумага" and heard[0]["ticket_id"] == ticket["id"]
        assert ticket["label"].encode("cp866") not in printer.received
        printer.paper_out = False
        assert wait_until(lambda: job_row(server, ticket["print_job_id"])["status"] == "printed")
        assert wait_until(lambda: any(s["ok"] for s in heard))
        time.sleep(1.0)  # any duplicate would arrive by now
        assert printer.received.count(ticket["label"].encode("cp866")) == 1
    finally:
        kiosk_screen.disconnect()


def test_killing_the_agent_loses_nothing_and_prints_nothing_twice(setup, tmp_path):
    server, printer, agent = setup
    first = issue(server)
    assert printer.wait_for(first["label"].encode("cp866"), timeout=15)
    agent.kill()
    meanwhile = [issue(server, service_id) for service_id in (2, 3, 7)]
    time.sleep(0.5)
    assert all(t["label"].encode("cp866") not in printer.received for t in meanwhile)
    restarted = Agent(server, printer.uri, tmp_path / "agent-state").start()
    try:
        for ticket in meanwhile:
            assert printer.wait_for(ticket["label"].encode("cp866"), timeout=20)
        assert wait_until(lambda: all(job_row(server, t["print_job_id"])["status"] == "printed"
                                      for t in [first, *meanwhile]))
        time.sleep(1.0)
        data = printer.received
        for ticket in [first, *meanwhile]:
            assert data.count(ticket["label"].encode("cp866")) == 1, ticket["label"]
    finally:
        restarted.stop()
