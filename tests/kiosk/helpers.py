"""Helpers for the kiosk's browser tests and screenshots: a stand-in print
agent, a kiosk page at a given screen size, and a moment when office 2 is closed."""
import threading
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import socketio

PORTRAIT = {"width": 1080, "height": 1920}
LANDSCAPE = {"width": 1920, "height": 1080}
OFFICE_2_ZONE = ZoneInfo("Asia/Yekaterinburg")


class FakePrintAgent:
    """Acts as the kiosk's print agent: answers every ``print_job`` with a fixed result.

    Connects like the real agent (``auth={"token": …}``), so it shares the
    kiosk's device room and the kiosk page hears the ``print_status`` the
    server derives from these answers.
    """

    def __init__(self, url: str, token: str = "demo-kiosk-1", *, ok: bool = True,
                 error: str | None = None):
        self.url = url
        self.token = token
        self.ok = ok
        self.error = error
        self.jobs: list[dict] = []
        self._lock = threading.Lock()
        self.client = socketio.Client(reconnection=False)
        self.client.on("print_job", self._on_job)

    def _on_job(self, job):
        with self._lock:
            self.jobs.append(job)
        answer = {"id": job["id"], "ok": self.ok}
        if not self.ok:
            answer["error"] = self.error
        try:
            self.client.emit("print_result", answer)
        except socketio.exceptions.BadNamespaceError:
            pass  # a job re-sent while the test was disconnecting the agent

    def kinds(self) -> list[str]:
        with self._lock:
            return [job["kind"] for job in self.jobs]

    def __enter__(self):
        self.client.connect(self.url, auth={"token": self.token}, transports=["websocket"],
                            wait_timeout=10)
        return self

    def __exit__(self, *_exc):
        self.client.disconnect()


def open_kiosk(browser, server, viewport: dict, *, token: str = "demo-kiosk-1", query: str = ""):
    """A new browser context set up as the kiosk (``/setup?token=…``), on the home screen."""
    context = browser.new_context(viewport=viewport, locale="ru-RU", device_scale_factor=1)
    page = context.new_page()
    page.goto(f"{server.url}/setup?token={token}")
    if query:
        page.goto(f"{server.url}/kiosk?{query}")
    page.wait_for_selector("body[data-ready='1']")
    return page


def screen(page, name: str):
    """The locator of one kiosk screen (to assert it is the visible one)."""
    return page.locator(f"[data-screen='{name}']")


def closed_time_shift(now: datetime | None = None) -> timedelta:
    """How far to move the server clock to reach next Sunday 12:00 in Yekaterinburg.

    Office 2 works Mon–Fri 08:00–19:00, so Sunday noon is closed whatever the
    real time is when the suite runs.
    """
    now = now or datetime.now(timezone.utc)
    wall = now.astimezone(OFFICE_2_ZONE)
    days_ahead = (6 - wall.weekday()) % 7 or 7
    target = (wall + timedelta(days=days_ahead)).replace(hour=12, minute=0, second=0, microsecond=0)
    return target - wall


def open_time_shift(now: datetime | None = None) -> timedelta:
    """How far to move the server clock to reach next Wednesday 10:00 in Yekaterinburg (open)."""
    now = now or datetime.now(timezone.utc)
    wall = now.astimezone(OFFICE_2_ZONE)
    days_ahead = (2 - wall.weekday()) % 7 or 7
    target = (wall + timedelta(days=days_ahead)).replace(hour=10, minute=0, second=0, microsecond=0)
    return target - wall


def move_clock_to(server, delta: timedelta) -> None:
    """Set the live server's clock to real time + ``delta`` (``shift_clock`` only adds)."""
    current = float(server.clock_file.read_text()) if server.clock_file.exists() else 0.0
    server.shift_clock(seconds=delta.total_seconds() - current)


def press_digits(page, keypad: str, digits: str) -> None:
    """Tap digits on one of the kiosk's keypads, one touch per key."""
    for digit in digits:
        page.click(f"[data-keypad='{keypad}'] [data-key='{digit}']")


def finish_visit(server, label_ticket: dict, window: int = 1) -> None:
    """Have operator ``op{window}`` call, start and finish a ticket (to rate it afterwards)."""
    http = server.session(login=f"op{window}", password="demo")
    base = server.url + "/api/v1"
    assert http.post(f"{base}/windows/{window}/open", timeout=10).status_code == 200
    assert http.post(f"{base}/windows/{window}/call", json={"ticket_id": label_ticket["id"]},
                     timeout=10).status_code == 200
    for action in ("start", "finish"):
        assert http.post(f"{base}/tickets/{label_ticket['id']}/{action}", json={},
                         timeout=10).status_code == 200
    http.post(f"{base}/windows/{window}/close", timeout=10)
