"""A minimal Socket.IO server that speaks the print-job contract of queue_server (DESIGN.md §4).

python-socketio in threading mode behind werkzeug's threaded WSGI server on
127.0.0.1 (polling and websocket both work). It authenticates the device by
``auth={"token": …}``, sends every unacknowledged job on each connect, and
collects ``print_result`` answers; a job is done once answered ``ok: true``.
``lose_next_ack(job_id)`` drops the next ``ok`` of a job as if the connection
had died before it arrived, so the job is re-sent on the next connect.
"""

from __future__ import annotations

import threading
import time

import socketio
from werkzeug.serving import make_server


class FakeQueueServer:
    def __init__(self, token: str = "kiosk-token") -> None:
        self.token = token
        self.sio = socketio.Server(async_mode="threading", logger=False, engineio_logger=False)
        self.jobs: dict[int, dict] = {}  # not yet acknowledged ok
        self.results: list[dict] = []  # every print_result received, in order
        self.connects = 0
        self.refused = 0
        self._sids: set[str] = set()
        self._ack_to_lose: set[int] = set()
        self._lock = threading.Lock()
        self.sio.on("connect", self._on_connect)
        self.sio.on("disconnect", self._on_disconnect)
        self.sio.on("print_result", self._on_print_result)
        self._http = None
        self._thread = None

    # ---- Socket.IO handlers -----------------------------------------------

    def _on_connect(self, sid, environ, auth):
        if not isinstance(auth, dict) or auth.get("token") != self.token:
            with self._lock:
                self.refused += 1
            return False
        with self._lock:
            self.connects += 1
        # Like the real server: re-send unacknowledged jobs right after connect.
        self.sio.start_background_task(self._send_unacknowledged, sid)
        return True

    def _on_disconnect(self, sid, reason=None):
        with self._lock:
            self._sids.discard(sid)

    def _on_print_result(self, sid, data):
        with self._lock:
            self.results.append(data)
            if data.get("ok") is True:
                if data["id"] in self._ack_to_lose:
                    self._ack_to_lose.discard(data["id"])
                else:
                    self.jobs.pop(data["id"], None)

    def _send_unacknowledged(self, sid):
        time.sleep(0.05)  # let the connect handshake finish first
        with self._lock:
            # Register the device and snapshot the jobs atomically, so that a job
            # added meanwhile is sent either here or by add_job, never twice.
            jobs = list(self.jobs.values())
            self._sids.add(sid)
        for job in jobs:
            self.sio.emit("print_job", job, to=sid)

    # ---- test controls -----------------------------------------------------

    def add_job(self, job_id: int, document: dict, kind: str = "ticket") -> None:
        """Store a job and send it to the connected devices."""
        job = {"id": job_id, "kind": kind, "document": document}
        with self._lock:
            self.jobs[job_id] = job
            sids = list(self._sids)
        for sid in sids:
            self.sio.emit("print_job", job, to=sid)

    def lose_next_ack(self, job_id: int) -> None:
        with self._lock:
            self._ack_to_lose.add(job_id)

    def results_for(self, job_id: int) -> list[dict]:
        with self._lock:
            return [result for result in self.results if result.get("id") == job_id]

    def unacknowledged(self) -> list[int]:
        with self._lock:
            return sorted(self.jobs)

    @property
    def connected_devices(self) -> int:
        with self._lock:
            return len(self._sids)

    def wait_until(self, predicate, timeout: float = 10.0, what: str = "condition") -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.02)
        raise AssertionError(f"timed out waiting for {what}; results so far: {self.results}")

    # ---- lifecycle ---------------------------------------------------------

    def start(self) -> "FakeQueueServer":
        self._http = make_server("127.0.0.1", 0, socketio.WSGIApp(self.sio), threaded=True)
        self._thread = threading.Thread(target=self._http.serve_forever, name="fake-queue-server", daemon=True)
        self._thread.start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._http.server_port}"

    def stop(self) -> None:
        if self._http is not None:
            self._http.shutdown()
            self._http = None

    def __enter__(self) -> "FakeQueueServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
