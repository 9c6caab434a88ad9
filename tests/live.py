"""A real queue server process on a fresh demo database, for tests and benchmarks."""
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """A real ``python -m queue_server serve`` process on a demo database."""

    def __init__(self, tmp: Path, async_mode: str = "eventlet"):
        self.db_path = str(tmp / "live.sqlite3")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "QUEUE_DB": self.db_path, "QUEUE_ASYNC_MODE": async_mode,
                    "PYTHONPATH": str(ROOT)}
        self.clock_file = tmp / "clock-offset"
        self.env["QUEUE_TEST_CLOCK_OFFSET_FILE"] = str(self.clock_file)
        self.log_path = tmp / "server.log"
        self.process = None
        subprocess.run([PYTHON, "-m", "queue_server", "init", "--demo"], env=self.env, cwd=ROOT,
                       check=True, capture_output=True)

    def start(self):
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [PYTHON, "-m", "queue_server", "serve", "--port", str(self.port)],
            env=self.env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/health", timeout=1).ok:
                    return self
            except requests.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError("server did not start: " + self.log_path.read_text(errors="replace"))

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            self.log.close()

    def shift_clock(self, **delta) -> None:
        """Move the server's clock forward (e.g. ``minutes=10``) without restarting it."""
        from datetime import timedelta
        current = float(self.clock_file.read_text()) if self.clock_file.exists() else 0.0
        self.clock_file.write_text(str(current + timedelta(**delta).total_seconds()))

    def session(self, *, token=None, login=None, password=None) -> requests.Session:
        """An HTTP session as a device (token) or a logged-in staff member."""
        http = requests.Session()
        if token:
            http.headers["Authorization"] = f"Bearer {token}"
        if login:
            response = http.post(self.url + "/api/v1/auth/login",
                                 json={"login": login, "password": password}, timeout=10)
            response.raise_for_status()
            http.headers["X-CSRF-Token"] = response.json()["csrf_token"]
        return http
