"""A small stand-in for the queue server's board protocol, with demo data.

Speaks exactly the Socket.IO contract the board relies on (DESIGN.md §4):
token auth on connect, ``snapshot`` right after connect, then
``ticket_called``, ``queue_changed`` and ``board_message`` to everyone.  Used
by the board's tests, by the screenshot tool, and by hand:

    python -m display_board.tools.fake_server --port 5055 --every 6
    python -m display_board --server http://127.0.0.1:5055 --token demo-board-1 --windowed

It can be stopped and started again on the same port to exercise reconnects.
It is not the real server (which lives in ``queue_server/``) and shares no
code with it.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import itertools
import random
import socket
import threading
import time
from typing import Optional

import socketio
from werkzeug.serving import WSGIRequestHandler, make_server

DEMO_TOKEN = "demo-board-1"

DEMO_SERVICES = [
    {"id": 1, "letter": "А", "name": "Консультации"},
    {"id": 2, "letter": "Б", "name": "Передача показаний"},
    {"id": 3, "letter": "В", "name": "Оплата и задолженность"},
    {"id": 4, "letter": "Г", "name": "Договоры"},
    {"id": 5, "letter": "Д", "name": "Перерасчёт"},
    {"id": 6, "letter": "Ж", "name": "Жалобы и обращения"},
    {"id": 7, "letter": "К", "name": "Юридические лица"},
]
DEMO_WINDOWS = [{"id": n, "number": n, "label": f"Окно {n}", "state": "open"} for n in range(1, 6)]
# (label, service id, window number, seconds ago), newest first.
DEMO_CALLS = [
    ("А012", 1, 3, 20), ("Б003", 2, 1, 75), ("К001", 7, 5, 130), ("В007", 3, 2, 190),
    ("А011", 1, 4, 260), ("Г002", 4, 1, 340), ("Б002", 2, 2, 420), ("Д001", 5, 3, 500),
    ("А010", 1, 4, 610), ("Ж001", 6, 5, 700),
]
DEMO_WAITING = {"1": 5, "2": 2, "3": 3, "4": 1, "5": 0, "6": 1, "7": 2}
DEMO_CONTACTS = {
    "phone_individuals": "8-800-700-10-32",
    "phone_business": "8-800-600-03-90",
    "site": "https://ekb.esplus.ru/",
    "personal_account": "https://lkm.esplus.ru/",
    "chat_bot": ["https://t.me/Esplusbot", "https://esplus.ru/v/"],  # a list, as the real server sends
}
DEMO_MESSAGES = [
    "Показания приборов учёта можно передать в терминале у входа — без очереди",
    "Участники ВОВ, инвалиды I и II групп и родители детей до 3 лет обслуживаются вне очереди",
]


def now_iso(seconds_ago: float = 0.0) -> str:
    """Local time with UTC offset, ISO 8601, like the real server."""
    moment = dt.datetime.now().astimezone() - dt.timedelta(seconds=seconds_ago)
    return moment.isoformat(timespec="seconds")


def window_info(number: int) -> dict:
    """The ``window`` object of a call."""
    return {"id": number, "number": number, "label": f"Окно {number}"}


def demo_state() -> dict:
    """A realistic office mid-morning: the snapshot the demo server sends."""
    calls = [
        {"ticket_id": 100 + index, "label": label, "window": window_info(window), "called_at": now_iso(ago)}
        for index, (label, _service, window, ago) in enumerate(DEMO_CALLS)
    ]
    return {
        "office": {"id": 1, "name": "Офис обслуживания на ул. Кузнечной, 92", "timezone": "Asia/Yekaterinburg"},
        "waiting": dict(DEMO_WAITING),
        "waiting_total": sum(DEMO_WAITING.values()),
        "services": copy.deepcopy(DEMO_SERVICES),
        "calls": calls,
        "windows": copy.deepcopy(DEMO_WINDOWS),
        "messages": list(DEMO_MESSAGES),
        "contacts": dict(DEMO_CONTACTS),
    }


class QuietRequestHandler(WSGIRequestHandler):
    """werkzeug handler without per-request log lines (they drown test output),
    which registers its socket so :meth:`FakeBoardServer.stop` can cut it."""

    def setup(self) -> None:
        super().setup()
        self.server.open_connections.add(self.connection)

    def finish(self) -> None:
        self.server.open_connections.discard(self.connection)
        super().finish()

    def log(self, *args, **kwargs) -> None:
        pass


class FakeBoardServer:
    """Socket.IO server (threading mode, werkzeug) with the board's side of the protocol."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, token: str = DEMO_TOKEN,
                 state: Optional[dict] = None) -> None:
        self.host = host
        self.port = port
        self.token = token
        self.state = state if state is not None else demo_state()
        self.connects = 0
        self.refused = 0
        self._ticket_ids = itertools.count(1000)
        self._lock = threading.Lock()
        self._httpd = None
        self._thread: Optional[threading.Thread] = None
        self._sids: set = set()
        self.sio = socketio.Server(async_mode="threading", logger=False, engineio_logger=False)
        self.sio.on("connect", self._on_connect)
        self.sio.on("disconnect", self._on_disconnect)
        self._app = socketio.WSGIApp(self.sio)

    @property
    def url(self) -> str:
        """Base URL for clients."""
        return f"http://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        """Whether the HTTP server is accepting connections."""
        return self._httpd is not None

    @property
    def client_count(self) -> int:
        """Currently connected clients."""
        return len(self._sids)

    # --- lifecycle ----------------------------------------------------------------

    def start(self) -> "FakeBoardServer":
        """Listen (on the same port as before after a stop) and serve in a thread."""
        self._httpd = make_server(self.host, self.port, self._app, threaded=True,
                                  request_handler=QuietRequestHandler)
        self._httpd.open_connections = set()
        self.port = self._httpd.server_port
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="fake-board-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Go down like a crashed server: stop listening and cut every open connection."""
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        httpd.shutdown()
        httpd.server_close()
        for connection in list(httpd.open_connections):
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:  # already closed by its handler
                pass
        if self._thread:
            self._thread.join(5)
        self._sids.clear()

    def __enter__(self) -> "FakeBoardServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- protocol ---------------------------------------------------------------------

    def _on_connect(self, sid, environ, auth=None):
        """Token check, then the snapshot (as the real server does)."""
        if not isinstance(auth, dict) or auth.get("token") != self.token:
            self.refused += 1
            raise socketio.exceptions.ConnectionRefusedError("Неверный или отозванный токен устройства")
        self.connects += 1
        self._sids.add(sid)
        self.sio.enter_room(sid, "office")
        with self._lock:
            snapshot = copy.deepcopy(self.state)
        self.sio.emit("snapshot", snapshot, to=sid)

    def _on_disconnect(self, sid, *_reason):
        self._sids.discard(sid)

    def _emit(self, event: str, data: dict) -> None:
        """Send to the office room when running (while stopped, only the state changes)."""
        if self.running:
            self.sio.emit(event, data, room="office")

    # --- what operators and kiosks would cause ----------------------------------------------

    def call(self, label: str, window: int, recall: bool = False, ticket_id: Optional[int] = None,
             service_id: Optional[int] = None, seconds_ago: float = 0.0, called_at: Optional[str] = None) -> dict:
        """Record a call (kept in the snapshot's last-10 list) and broadcast ``ticket_called``."""
        event = {
            "ticket_id": ticket_id if ticket_id is not None else next(self._ticket_ids),
            "label": label,
            "service_id": service_id,
            "preferential": None,
            "window": window_info(window),
            "called_at": called_at or now_iso(seconds_ago),
            "recall": recall,
        }
        with self._lock:
            entry = {k: event[k] for k in ("ticket_id", "label", "window", "called_at")}
            self.state["calls"] = [entry, *self.state["calls"]][:10]
        self._emit("ticket_called", event)
        return event

    def set_waiting(self, waiting: dict) -> None:
        """New waiting counts; broadcasts ``queue_changed``."""
        data = {"waiting": {str(k): v for k, v in waiting.items()}, "waiting_total": sum(waiting.values())}
        with self._lock:
            self.state.update(data)
        self._emit("queue_changed", data)

    def message(self, text: str) -> None:
        """A running-line message; empty text clears it."""
        with self._lock:
            self.state["messages"] = [text] if text else []
        self._emit("board_message", {"text": text})


def simulate(server: FakeBoardServer, every: float) -> None:
    """Make a random call every ``every`` seconds (for watching the board by hand)."""
    counters = {s["id"]: 12 for s in DEMO_SERVICES}
    while True:
        time.sleep(every)
        service = random.choice(DEMO_SERVICES)
        counters[service["id"]] += 1
        label = f"{service['letter']}{counters[service['id']]:03d}"
        server.call(label, random.randint(1, 5), service_id=service["id"])
        waiting = {str(s["id"]): random.randint(0, 6) for s in DEMO_SERVICES}
        server.set_waiting(waiting)
        print("вызов", label, flush=True)


def main(argv=None) -> int:
    """Serve the demo office until interrupted."""
    parser = argparse.ArgumentParser(description="Учебный сервер протокола табло с демонстрационными данными.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--token", default=DEMO_TOKEN)
    parser.add_argument("--every", type=float, default=0.0, help="случайный вызов каждые N секунд (0 — нет)")
    args = parser.parse_args(argv)
    server = FakeBoardServer(args.host, args.port, args.token).start()
    print(f"Учебный сервер табло: {server.url}, токен {args.token}", flush=True)
    try:
        if args.every > 0:
            simulate(server, args.every)
        else:
            threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
