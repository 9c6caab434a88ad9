"""The print agent against a real Socket.IO server speaking the print-job contract.

The server is tests/printer/fake_queue_server.py (python-socketio, threading
mode, werkzeug on 127.0.0.1); the printer is the fake network printer. Jobs
carry unique labels (Т101, Т102…), so counting a label's CP866 bytes in what
the printer received counts how many times that receipt came out.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from printer.agent import PrintAgent
from printer.connections import open_printer
from printer.layouts import ticket_document
from printer.samples import SAMPLE_MOMENT

pytestmark = pytest.mark.timeout(60)

REPO_ROOT = Path(__file__).resolve().parents[2]


def job_document(label: str) -> dict:
    return ticket_document(
        office_name="Офис на Аксакова", office_address="г. Оренбург, ул. Аксакова, 3а", label=label,
        service_name="Консультации", preferential_title=None, issued_at=SAMPLE_MOMENT, ahead=1,
        eta_minutes=(1, 3), status_url=f"http://127.0.0.1/t/{label}", phone_individuals="8-800-700-10-32",
        phone_business="8-800-600-03-90",
    )  # fmt: skip


def label_bytes(job_id: int) -> bytes:
    return f"Т{job_id}".encode("cp866")  # Cyrillic Т + the id: unique per job


def times_printed(printer, job_id: int) -> int:
    return printer.count(label_bytes(job_id))


class RunningAgent:
    """A PrintAgent running in a thread of the test process."""

    def __init__(self, server_url: str, token: str, printer_uri: str, state_dir: Path):
        self.agent = PrintAgent(
            server_url=server_url, token=token, connection=open_printer(printer_uri, "default-58"),
            state_dir=state_dir, poll_interval=0.1, reconnect_delay=0.2, reconnect_delay_max=1.0,
            # Polling only: werkzeug's dev server does not answer the websocket close
            # handshake, which would make every stop() wait 3 s for it. The agent
            # process test below and the Flask-SocketIO test use the default upgrade.
            transports=["polling"],
        )  # fmt: skip
        self.thread = threading.Thread(target=self.agent.run_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self.agent

    def __exit__(self, *exc):
        self.agent.stop()
        self.thread.join(timeout=10)
        assert not self.thread.is_alive(), "agent did not stop"


def test_a_job_prints_once_and_is_acknowledged(queue_server, fake_printer, tmp_path):
    with RunningAgent(queue_server.url, queue_server.token, fake_printer.uri, tmp_path / "state"):
        queue_server.wait_until(lambda: queue_server.connected_devices == 1, what="agent connected")
        queue_server.add_job(101, job_document("Т101"))
        queue_server.wait_until(lambda: queue_server.unacknowledged() == [], what="ack of job 101")
    assert queue_server.results_for(101) == [{"id": 101, "ok": True}]
    assert times_printed(fake_printer, 101) == 1
    assert "Талон".encode("cp866") in fake_printer.received


def test_paper_out_keeps_the_job_pending_until_paper_is_back(queue_server, fake_printer, tmp_path):
    fake_printer.paper_out = True
    with RunningAgent(queue_server.url, queue_server.token, fake_printer.uri, tmp_path / "state") as agent:
        queue_server.wait_until(lambda: queue_server.connected_devices == 1, what="agent connected")
        queue_server.add_job(102, job_document("Т102"))
        queue_server.wait_until(lambda: queue_server.results_for(102), what="a result for job 102")

        assert queue_server.results_for(102) == [{"id": 102, "ok": False, "error": "Закончилась бумага"}]
        assert agent.pending_job_ids() == [102]
        assert times_printed(fake_printer, 102) == 0

        fake_printer.paper_out = False
        queue_server.wait_until(lambda: queue_server.unacknowledged() == [], what="ack after paper is back")
        assert agent.pending_job_ids() == []
    results = queue_server.results_for(102)
    assert results[-1] == {"id": 102, "ok": True}
    assert [r["ok"] for r in results] == [False, True]  # the failure is reported once, not every poll
    assert times_printed(fake_printer, 102) == 1


def test_a_re_sent_job_that_was_printed_is_acknowledged_without_printing(queue_server, fake_printer, tmp_path):
    queue_server.lose_next_ack(103)  # as if the connection dropped right after printing
    with RunningAgent(queue_server.url, queue_server.token, fake_printer.uri, tmp_path / "state"):
        queue_server.wait_until(lambda: queue_server.connected_devices == 1, what="agent connected")
        queue_server.add_job(103, job_document("Т103"))
        queue_server.wait_until(lambda: queue_server.results_for(103), what="first ack")
        queue_server.add_job(103, job_document("Т103"))  # the server re-sends what it thinks is unprinted
        queue_server.wait_until(lambda: queue_server.unacknowledged() == [], what="second ack")
    results = queue_server.results_for(103)
    assert len(results) >= 2 and all(result == {"id": 103, "ok": True} for result in results)
    assert times_printed(fake_printer, 103) == 1


def test_a_malformed_job_is_refused_with_a_reason(queue_server, fake_printer, tmp_path):
    with RunningAgent(queue_server.url, queue_server.token, fake_printer.uri, tmp_path / "state") as agent:
        queue_server.wait_until(lambda: queue_server.connected_devices == 1, what="agent connected")
        queue_server.sio.emit("print_job", {"id": 104, "kind": "ticket", "document": {"version": 1, "items": [{"type": "barcode"}]}})
        queue_server.wait_until(lambda: queue_server.results_for(104), what="refusal")
        assert agent.pending_job_ids() == []
    [result] = queue_server.results_for(104)
    assert result["ok"] is False and result["error"].startswith("Неверное задание печати")


# ---- the real process, killed and restarted ---------------------------------


def start_agent_process(server_url: str, printer_uri: str, state_dir: Path, log_path: Path) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "printer", "agent", "--server", server_url, "--token", "kiosk-token",
        "--printer", printer_uri, "--profile", "default-58", "--state-dir", str(state_dir), "--poll-interval", "0.1",
    ]  # fmt: skip
    log = open(log_path, "ab")
    return subprocess.Popen(command, cwd=REPO_ROOT, stdout=log, stderr=log, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def test_sigkill_and_restart_print_every_job_exactly_once(queue_server, fake_printer, tmp_path):
    state_dir, log_path = tmp_path / "state", tmp_path / "agent.log"
    agent = start_agent_process(queue_server.url, fake_printer.uri, state_dir, log_path)
    try:
        # Jobs 1-3 print; the acks of 2 and 3 "get lost" (the agent dies before the server hears them).
        queue_server.lose_next_ack(2)
        queue_server.lose_next_ack(3)
        for job_id in (1, 2, 3):
            queue_server.add_job(job_id, job_document(f"Т{job_id}"))
        queue_server.wait_until(lambda: queue_server.connected_devices == 1, timeout=20, what="agent connected")
        queue_server.wait_until(
            lambda: all(queue_server.results_for(j) for j in (1, 2, 3)), timeout=20, what="results for 1-3"
        )
        # Paper runs out: jobs 4-6 stay pending in the agent.
        fake_printer.paper_out = True
        for job_id in (4, 5, 6):
            queue_server.add_job(job_id, job_document(f"Т{job_id}"))
        queue_server.wait_until(
            lambda: all(queue_server.results_for(j) for j in (4, 5, 6)), what="paper-out reports for 4-6"
        )
        agent.send_signal(signal.SIGKILL)
        agent.wait(timeout=10)
        assert queue_server.unacknowledged() == [2, 3, 4, 5, 6]

        # Restart: the server re-sends 2-6; 2 and 3 are on paper already, 4-6 wait for paper.
        agent = start_agent_process(queue_server.url, fake_printer.uri, state_dir, log_path)
        queue_server.wait_until(lambda: queue_server.unacknowledged() == [4, 5, 6], timeout=20, what="re-acks of 2, 3")
        fake_printer.paper_out = False
        queue_server.wait_until(lambda: queue_server.unacknowledged() == [], timeout=20, what="all jobs acknowledged")
    finally:
        agent.send_signal(signal.SIGTERM)
        try:
            agent.wait(timeout=10)
        except subprocess.TimeoutExpired:
            agent.kill()
    printed = {job_id: times_printed(fake_printer, job_id) for job_id in range(1, 7)}
    assert printed == {job_id: 1 for job_id in range(1, 7)}, log_path.read_text(errors="replace")
    assert agent.returncode == 0  # SIGTERM stops the agent cleanly
