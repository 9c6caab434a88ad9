"""Socket.IO link to the queue server, run in a background thread.

Everything the server sends, and every change of the connection state, goes
into one thread-safe queue as ``(event, data)`` pairs, consumed by the render
loop.  One queue keeps the order the loop sees identical to the order on the
wire: "disconnected" always comes before the snapshot of the next connection.

The link reconnects by itself, forever, with exponential backoff and jitter
(so twenty boards do not hammer a restarting server in lockstep).  It uses a
fresh ``socketio.Client`` per attempt instead of the library's built-in
reconnection, which does not retry a failed *first* connection and is harder to
stop cleanly.
"""

from __future__ import annotations

import logging
import queue
import random
import threading
from typing import Any, Optional

import engineio
import socketio

log = logging.getLogger(__name__)

SERVER_EVENTS = ("snapshot", "ticket_called", "queue_changed", "board_message")
# Pseudo-events for connection state (underscore: never a server event name).
STATUS_EVENT = "_status"


class OrderedEngineIOClient(engineio.Client):
    """Engine.IO client that handles incoming messages one by one, in arrival order.

    The stock threading client starts a new thread per message, so two events
    sent 1 ms apart may be handled in either order — five quick calls could be
    announced shuffled.  Here every message goes through one worker thread per
    connection instead.  (Not the reader thread itself: a server-side
    disconnect makes python-socketio join the reader, which would deadlock.)
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._inbox: "queue.Queue[tuple]" = queue.Queue()
        self._worker: Optional[threading.Thread] = None
        self._worker_lock = threading.Lock()

    def _trigger_event(self, event, *args, **kwargs):
        """Queue messages for the ordered worker; everything else as usual."""
        if event == "message" and kwargs.get("run_async"):
            self._inbox.put(args)
            self._ensure_worker()
            return None
        return super()._trigger_event(event, *args, **kwargs)

    def _ensure_worker(self) -> None:
        """Start the worker thread if it is not running."""
        with self._worker_lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._work, name="board-link-inbox", daemon=True)
                self._worker.start()

    def _work(self) -> None:
        """Handle queued messages in order; end once disconnected and drained."""
        while True:
            try:
                args = self._inbox.get(timeout=0.5)
            except queue.Empty:
                if self.state != "connected":
                    return
                continue
            engineio.Client._trigger_event(self, "message", *args, run_async=False)


class OrderedClient(socketio.Client):
    """socketio.Client built on :class:`OrderedEngineIOClient`."""

    def _engineio_client_class(self):
        """Hook of python-socketio choosing the Engine.IO client class."""
        return OrderedEngineIOClient


def describe_connect_error(error: Exception, refusal: Any) -> str:
    """A Russian, human explanation of a failed connection attempt.

    python-socketio reports a refusal by the server (bad token) as "One or
    more namespaces failed to connect"; anything else is the network.
    """
    text = str(error)
    if "namespace" in text:
        detail = refusal.get("message") if isinstance(refusal, dict) else refusal
        suffix = f": {detail}" if detail else ""
        return f"Сервер отклонил подключение табло (проверьте токен устройства){suffix}"
    return "Сервер недоступен, повторяем подключение…"


class ServerLink:
    """Keeps a Socket.IO connection to the server and forwards its events.

    ``events`` receives ``(name, data)`` for the four server events and
    ``("_status", {"connected": bool, "error": str})`` on every connection
    change.  Call :meth:`start` once and :meth:`stop` on exit.
    """

    def __init__(
        self,
        url: str,
        token: str,
        events: "queue.Queue[tuple[str, Any]]",
        backoff_initial: float = 0.5,
        backoff_max: float = 15.0,
        connect_timeout: float = 5.0,
    ) -> None:
        self.url = url
        self.token = token
        self.events = events
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.connect_timeout = connect_timeout
        self.attempts = 0
        self._stop = threading.Event()
        self._lost = threading.Event()
        self._client: Optional[socketio.Client] = None
        self._thread: Optional[threading.Thread] = None

    def start(self) -> None:
        """Start the background connection thread (idempotent)."""
        if self._thread and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="board-link", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 1.0) -> None:
        """Ask the thread to disconnect and end; wait at most ``timeout`` seconds.

        The disconnect itself runs on the link thread: a websocket close
        handshake may take seconds against some servers, and a board that is
        shutting down (or a test) should not wait for it.
        """
        self._stop.set()
        self._lost.set()
        if self._thread:
            self._thread.join(timeout)

    # --- the connection loop -------------------------------------------------

    def _run(self) -> None:
        """Connect, stay until the connection is lost, wait, repeat — until stopped."""
        delay = self.backoff_initial
        while not self._stop.is_set():
            if self._connect_once():
                delay = self.backoff_initial  # a working connection resets the backoff
                self._lost.wait()
                self._close_client()
            if self._stop.wait(self._jittered(delay)):
                break
            delay = min(delay * 2, self.backoff_max)

    def _connect_once(self) -> bool:
        """One connection attempt; True once connected (and not stopped meanwhile)."""
        self.attempts += 1
        self._lost.clear()
        refusal: dict[str, Any] = {}
        client = OrderedClient(reconnection=False, logger=False, engineio_logger=False)
        self._register_handlers(client, refusal)
        self._client = client
        try:
            client.connect(self.url, auth={"token": self.token}, wait_timeout=self.connect_timeout)
        except (socketio.exceptions.ConnectionError, ValueError, OSError) as error:
            self._client = None
            message = describe_connect_error(error, refusal.get("data"))
            log.warning("Нет связи с сервером %s: %s (%s)", self.url, message, error)
            self._push(STATUS_EVENT, {"connected": False, "error": message})
            return False
        if self._stop.is_set():
            self._close_client()
            return False
        return True

    def _register_handlers(self, client: socketio.Client, refusal: dict) -> None:
        """Route server events and connection changes into the queue."""
        for name in SERVER_EVENTS:
            client.on(name, self._forwarder(name))

        def on_connect():
            log.info("Связь с сервером %s установлена", self.url)
            self._push(STATUS_EVENT, {"connected": True, "error": ""})

        def on_connect_error(data=None):
            refusal["data"] = data

        def on_disconnect(*_reason):
            if self._stop.is_set():
                log.info("Отключение от сервера %s", self.url)
            else:
                log.warning("Связь с сервером %s потеряна", self.url)
            self._push(STATUS_EVENT, {"connected": False, "error": "Соединение с сервером потеряно"})
            self._lost.set()

        client.on("connect", on_connect)
        client.on("connect_error", on_connect_error)
        client.on("disconnect", on_disconnect)

    def _forwarder(self, name: str):
        """A handler that queues ``(name, data)``."""
        def forward(data=None):
            self._push(name, data)
        return forward

    def _push(self, name: str, data: Any) -> None:
        """Queue one event for the render loop."""
        self.events.put((name, data))

    def _close_client(self) -> None:
        """Drop the current client, whatever state it is in."""
        client, self._client = self._client, None
        if client is not None:
            try:
                client.disconnect()
            except Exception:  # noqa: BLE001 — it is gone either way
                log.debug("disconnect failed", exc_info=True)

    @staticmethod
    def _jittered(delay: float) -> float:
        """``delay`` ± 25 %, so many boards spread their reconnects."""
        return delay * random.uniform(0.75, 1.25)
