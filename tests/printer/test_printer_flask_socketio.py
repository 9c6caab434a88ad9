"""The agent against Flask-SocketIO itself, in eventlet and threading mode, in a separate process.

The server (flask_socketio_server.py) re-sends unacknowledged jobs from its
connect handler, as queue_server does: such a job reaches the agent before
the connection is complete on the agent's side, and its answer must still
arrive.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from printer.agent import PrintAgent
from printer.connections import open_printer

pytestmark = pytest.mark.timeout(60)

SERVER_SCRIPT = Path(__file__).with_name("flask_socketio_server.py")
TOKEN = "kiosk-token"


def job(job_id: int) -> dict:
    items = [{"type": "text", "text": f"Т{job_id}", "size": "huge"}, {"type": "cut"}]
    return {"id": job_id, "kind": "test", "document": {"version": 1, "items": items}}


class FlaskSocketIOServer:
    """The server process and the JSON lines it prints (print_result payloads, refusals)."""

    def __init__(self, async_mode: str, jobs: list[dict], port: int | None = None):
        self.events: list[dict] = []
        command = [sys.executable, str(SERVER_SCRIPT), async_mode, TOKEN, json.dumps(jobs, ensure_ascii=False)]
        if port:
            command.append(str(port))
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        first_line = self.process.stdout.readline()
        assert first_line.startswith("PORT "), first_line
        self.port = int(first_line.split()[1])
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self) -> None:
        for line in self.process.stdout:
            if line.startswith("{"):
                self.events.append(json.loads(line))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_for(self, predicate, what: str, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate(self.events):
                return
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}; events: {self.events}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def run_agent(server_url: str, token: str, printer_uri: str, state_dir: Path, transports=None):
    agent = PrintAgent(
        server_url=server_url, token=token, connection=open_printer(printer_uri, "default-58"),
        state_dir=state_dir, poll_interval=0.1, reconnect_delay=0.2, reconnect_delay_max=0.5, transports=transports,
    )  # fmt: skip
    thread = threading.Thread(target=agent.run_forever, daemon=True)
    thread.start()
    return agent, thread


@pytest.mark.parametrize("async_mode, transports", [("eventlet", None), ("threading", ["polling"])])
def test_jobs_sent_from_the_connect_handler_print_once_and_are_acknowledged(
    async_mode, transports, fake_printer, tmp_path
):
    server = FlaskSocketIOServer(async_mode, [job(1), job(2)])
    agent, thread = run_agent(server.url, TOKEN, fake_printer.uri, tmp_path, transports)
    try:
        server.wait_for(lambda events: {e.get("id") for e in events if e.get("ok")} == {1, 2}, "acks of 1 and 2")
    finally:
        agent.stop()
        thread.join(timeout=10)
        server.stop()
    assert not thread.is_alive()
    assert fake_printer.count("Т1".encode("cp866")) == 1
    assert fake_printer.count("Т2".encode("cp866")) == 1


def test_the_agent_waits_for_a_server_that_is_down_and_retries_a_refused_token(fake_printer, tmp_path):
    server = FlaskSocketIOServer("eventlet", [job(3)])
    agent, thread = run_agent(server.url, "revoked-token", fake_printer.uri, tmp_path)
    try:
        server.wait_for(lambda events: sum("refused" in e for e in events) >= 2, "repeated refused connects")
        assert thread.is_alive()  # a refusal is not fatal: the token may be fixed on the server
        port = server.port
        server.stop()
        agent.stop()
        thread.join(timeout=10)

        # The server is down when the agent (with the right token) starts; it comes up later.
        agent, thread = run_agent(f"http://127.0.0.1:{port}", TOKEN, fake_printer.uri, tmp_path)
        time.sleep(1.0)
        server = FlaskSocketIOServer("eventlet", [job(3)], port=port)
        server.wait_for(lambda events: any(e.get("id") == 3 and e.get("ok") for e in events), "ack of job 3")
    finally:
        agent.stop()
        thread.join(timeout=10)
        server.stop()
    assert fake_printer.count("Т3".encode("cp866")) == 1
