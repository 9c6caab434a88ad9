"""The print agent: a Socket.IO client that prints the jobs the queue server sends.

Contract (DESIGN.md §4): the server emits ``print_job``
``{"id": int, "kind": "ticket"|"readings_receipt"|"test", "document": {...}}``
to the kiosk device; the agent answers ``print_result``
``{"id": int, "ok": true}`` or ``{"id": int, "ok": false, "error": "<Russian reason>"}``.

* A job the printer cannot take now (offline, no paper) is answered ``ok:
  false`` with the reason, stays in the agent's pending list and prints by
  itself when the printer is ready (status polled every ``poll_interval``
  seconds); then ``ok: true`` follows.
* The server re-sends unacknowledged jobs on every (re)connect. The agent
  records each printed job durably *before* acknowledging it
  (:class:`~printer.state.PrintedJobs`), so a re-sent printed job is only
  acknowledged again. The one window left is a crash between the printer
  taking the bytes and the record reaching the disk (milliseconds): that job
  prints again, which we prefer to losing a ticket.
* Connection problems are retried forever with growing delays.
"""

from __future__ import annotations

import logging
import random
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import socketio

from .connections import PrinterConnection
from .document import DocumentError, validate_document
from .errors import PrinterError, PrinterStatus
from .state import PrintedJobs, StateDirLock, job_fingerprint

log = logging.getLogger("printer.agent")

JOB_KINDS = ("ticket", "readings_receipt", "test")


@dataclass
class PendingJob:
    """A job received but not yet printed."""

    id: int
    kind: str | None
    document: dict
    fingerprint: str
    last_reported_error: str | None = field(default=None)


def parse_job(payload: object) -> PendingJob:
    """Check a ``print_job`` payload and return it as a :class:`PendingJob` (raises ValueError in Russian)."""
    if not isinstance(payload, dict):
        raise ValueError("задание печати должно быть объектом")
    job_id = payload.get("id")
    if not isinstance(job_id, int) or isinstance(job_id, bool):
        raise ValueError("у задания печати нет целого id")
    kind = payload.get("kind")
    if kind is not None and kind not in JOB_KINDS:
        # Unknown kinds still print: the document says what to print, the kind is a label.
        log.warning("Задание %s: незнакомый вид %r, печатаю как есть", job_id, kind)
    document = payload.get("document")
    validate_document(document)
    return PendingJob(job_id, kind, document, job_fingerprint(kind, document))


class PrintAgent:
    """Receives ``print_job`` events, prints them once each, and answers ``print_result``."""

    def __init__(
        self,
        *,
        server_url: str,
        token: str,
        connection: PrinterConnection,
        state_dir: str | Path,
        poll_interval: float = 2.0,
        transports: list[str] | None = None,
        reconnect_delay: float = 1.0,
        reconnect_delay_max: float = 30.0,
        connect_timeout: float = 10.0,
    ):
        self.server_url = server_url
        self.token = token
        self.connection = connection
        self.poll_interval = poll_interval
        self.transports = transports
        self.reconnect_delay = reconnect_delay
        self.reconnect_delay_max = reconnect_delay_max
        self.connect_timeout = connect_timeout
        self.printed = PrintedJobs(state_dir)
        self._state_lock = StateDirLock(state_dir)
        self._pending: OrderedDict[int, PendingJob] = OrderedDict()
        self._wakeup = threading.Condition()
        self._stopping = threading.Event()
        self._worker: threading.Thread | None = None
        self._disconnecting: threading.Thread | None = None
        self._last_printer_problem: str | None = None
        # Results that could not be sent yet, latest per job. A server that
        # re-sends jobs from its connect handler delivers them before the
        # namespace is connected on our side, and a quick job finishes before
        # emit() is allowed: those answers go out as soon as we are connected.
        self._outbox: OrderedDict[int, dict] = OrderedDict()
        self._outbox_lock = threading.Lock()
        self.client = socketio.Client(
            reconnection=True,
            reconnection_attempts=0,  # forever
            reconnection_delay=reconnect_delay,
            reconnection_delay_max=reconnect_delay_max,
            handle_sigint=False,  # the CLI handles signals and stops the agent cleanly
        )
        self.client.on("connect", self._on_connect)
        self.client.on("disconnect", self._on_disconnect)
        self.client.on("connect_error", self._on_connect_error)
        self.client.on("print_job", self._on_print_job)

    # ---- public control -------------------------------------------------

    def pending_job_ids(self) -> list[int]:
        """Ids of jobs received and not printed yet, in printing order."""
        with self._wakeup:
            return list(self._pending)

    def run_forever(self) -> None:
        """Connect (retrying forever) and print jobs, until :meth:`stop` is called."""
        self._state_lock.acquire()
        try:
            self.start_printing()
            # The Socket.IO session lives in a daemon thread so that stopping
            # never waits for python-engineio's background tasks (a polling
            # read can take up to the server's ping interval to return).
            session = threading.Thread(target=self._stay_connected, name="socketio-session", daemon=True)
            session.start()
            self._stopping.wait()
        finally:
            self._stop_printing()
            self._state_lock.release()
            if self._disconnecting is not None:
                self._disconnecting.join(timeout=2)  # a moment to say goodbye to the server, not more

    def stop(self) -> None:
        """Make :meth:`run_forever` return: stop printing after the current job and disconnect."""
        self._stopping.set()
        with self._wakeup:
            self._wakeup.notify_all()
        disconnecting = threading.Thread(target=self._disconnect_quietly, name="socketio-disconnect", daemon=True)
        disconnecting.start()
        self._disconnecting = disconnecting  # published only once started: run_forever joins it

    def _disconnect_quietly(self) -> None:
        try:
            self.client.shutdown()
        except Exception:  # noqa: BLE001 - stopping must not fail
            log.debug("socketio shutdown failed", exc_info=True)

    def start_printing(self) -> None:
        """Start the printing thread (run_forever does it; exposed for embedding and tests)."""
        if self._worker is None:
            self._worker = threading.Thread(target=self._print_loop, name="print-worker", daemon=True)
            self._worker.start()

    # ---- connection ------------------------------------------------------

    def _stay_connected(self) -> None:
        delay = self.reconnect_delay
        while not self._stopping.is_set():
            try:
                self.client.connect(
                    self.server_url,
                    auth={"token": self.token},
                    transports=self.transports,
                    wait_timeout=self.connect_timeout,
                )
            except socketio.exceptions.ConnectionError as exc:
                pause = min(delay, self.reconnect_delay_max) * random.uniform(0.8, 1.2)
                log.warning("Нет связи с сервером %s (%s); повтор через %.1f с", self.server_url, exc, pause)
                self._stopping.wait(pause)
                delay = min(delay * 2, self.reconnect_delay_max)
                continue
            delay = self.reconnect_delay
            if self._stopping.is_set():  # stop() came while we were connecting
                self._disconnect_quietly()
                return
            # Returns once the connection is over and python-socketio stopped
            # reconnecting by itself (e.g. the server disconnected us on purpose).
            self.client.wait()
            if not self._stopping.is_set():
                log.warning("Соединение с сервером закрыто; подключаюсь снова")
                self._stopping.wait(delay)

    def _on_connect(self) -> None:
        log.info("Подключено к серверу %s", self.server_url)
        self._flush_outbox()

    def _on_disconnect(self, reason=None) -> None:
        log.warning("Связь с сервером потеряна (%s)", reason or "без причины")

    def _on_connect_error(self, data=None) -> None:
        # The server refuses a bad token with the message "unauthorized"; anything
        # else here is the network (server down, wrong address).
        message = data.get("message") if isinstance(data, dict) else data
        if message == "unauthorized":
            log.error("Сервер отклонил подключение: неверный или отозванный токен устройства")
        else:
            log.warning("Нет связи с сервером %s: %s", self.server_url, data)

    def _emit_result(self, job_id: int, ok: bool, error: str | None = None) -> None:
        payload: dict = {"id": job_id, "ok": ok}
        if error:
            payload["error"] = error
        with self._outbox_lock:
            self._outbox[job_id] = payload
            self._outbox.move_to_end(job_id)
        self._flush_outbox()

    def _flush_outbox(self) -> None:
        """Send the waiting results in order; keep them if we are not connected yet."""
        with self._outbox_lock:
            while self._outbox:
                # Latest result per job only: a later ok=true replaces an unsent failure.
                job_id, payload = next(iter(self._outbox.items()))
                try:
                    self.client.emit("print_result", payload)
                except socketio.exceptions.SocketIOError as exc:
                    log.debug("Ответ по заданию %s ждёт подключения (%s)", job_id, exc)
                    return
                self._outbox.popitem(last=False)

    # ---- receiving jobs --------------------------------------------------

    def _on_print_job(self, payload) -> None:
        """Queue a job for printing; runs on the socket thread, so it never blocks on the printer."""
        try:
            job = parse_job(payload)
        except (ValueError, DocumentError) as exc:
            job_id = payload.get("id") if isinstance(payload, dict) else None
            log.error("Задание %s отклонено: %s", job_id, exc)
            if isinstance(job_id, int):
                self._emit_result(job_id, False, f"Неверное задание печати: {exc}")
            return
        if self.printed.was_printed(job.id, job.fingerprint):
            log.info("Задание %s уже напечатано, подтверждаю повторно без печати", job.id)
            self._emit_result(job.id, True)
            return
        with self._wakeup:
            known = self._pending.get(job.id)
            if known is None:
                self._pending[job.id] = job
                self._wakeup.notify_all()
        if known is None:
            log.info("Получено задание %s (%s)", job.id, job.kind)
        elif known.last_reported_error:
            # The server re-sent a job still waiting for the printer: tell it why again.
            self._emit_result(job.id, False, known.last_reported_error)

    # ---- printing --------------------------------------------------------

    def _next_job(self) -> PendingJob | None:
        with self._wakeup:
            while not self._pending and not self._stopping.is_set():
                self._wakeup.wait(timeout=1.0)
            return next(iter(self._pending.values()), None)

    def _print_loop(self) -> None:
        while not self._stopping.is_set():
            job = self._next_job()
            if job is None:
                continue
            if not self._print_one(job):
                self._stopping.wait(self.poll_interval)

    def _printer_status(self) -> PrinterStatus:
        try:
            return self.connection.status()
        except PrinterError as exc:
            return PrinterStatus.from_error(exc)
        except Exception as exc:  # noqa: BLE001 - a status bug must not stop printing for good
            log.exception("Ошибка запроса состояния принтера")
            return PrinterStatus(online=False, message_ru=f"Ошибка принтера: {exc}", code="io")

    def _print_one(self, job: PendingJob) -> bool:
        """Print the job if the printer is ready; report the outcome. True if it printed."""
        status = self._printer_status()
        if not status.ready:
            self._report_printer_problem(status.message_ru or "Принтер не готов")
            return False
        if status.paper == "near_end":
            log.warning("Бумага заканчивается: замените рулон")
        try:
            if self.printed.known_with_other_content(job.id, job.fingerprint):
                log.warning("Задание %s с новым содержимым (база сервера пересоздана?): печатаю", job.id)
            self.connection.send(job.id, job.document)
        except PrinterError as exc:
            log.warning("Задание %s не напечатано: %s", job.id, exc.full_message_ru)
            self._report_printer_problem(exc.message_ru)
            return False
        except Exception as exc:  # noqa: BLE001 - keep the job and retry rather than lose a receipt
            log.exception("Задание %s: непредвиденная ошибка печати", job.id)
            self._report_printer_problem(f"Ошибка печати: {exc}")
            return False
        self.printed.mark_printed(job.id, job.fingerprint, job.kind)
        with self._wakeup:
            self._pending.pop(job.id, None)
        if self._last_printer_problem:
            log.info("Принтер снова готов")
            self._last_printer_problem = None
        log.info("Задание %s напечатано", job.id)
        self._emit_result(job.id, True)
        return True

    def _report_printer_problem(self, reason: str) -> None:
        """Tell the server, once per job and reason, that pending jobs wait for the printer."""
        if reason != self._last_printer_problem:
            log.warning("Принтер не готов: %s", reason)
            self._last_printer_problem = reason
        with self._wakeup:
            to_report = [job for job in self._pending.values() if job.last_reported_error != reason]
            for job in to_report:
                job.last_reported_error = reason
        for job in to_report:
            self._emit_result(job.id, False, reason)

    def _stop_printing(self) -> None:
        self._stopping.set()
        with self._wakeup:
            self._wakeup.notify_all()
        if self._worker is not None:
            self._worker.join(timeout=30)
        self.connection.close()
