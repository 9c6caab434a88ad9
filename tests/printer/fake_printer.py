"""A fake ESC/POS network printer for tests: a threaded TCP server on 127.0.0.1.

It records every byte it receives (status queries included) and answers the
real-time status queries ``DLE EOT 1/2/4`` with the bytes an Epson TM printer
sends, following the switches ``online``, ``paper_out``, ``paper_near_end``
and ``cover_open`` — like a real printer, it goes offline when the paper runs
out or the cover opens.
"""

from __future__ import annotations

import socketserver
import threading
import time

DLE, EOT = 0x10, 0x04

STATUS_FIXED_BITS = 0x12  # bits 1 and 4 are always set in DLE EOT answers
OFFLINE_BIT = 0x08  # n=1
COVER_OPEN_BIT = 0x04  # n=2
PAPER_END_STOP_BIT = 0x20  # n=2
NEAR_END_BITS = 0x0C  # n=4
PAPER_END_BITS = 0x60  # n=4


class FakePrinter:
    """Start with :meth:`start` (or as a context manager); ``port`` is the ephemeral port it got."""

    def __init__(self) -> None:
        self.online = True
        self.paper_out = False
        self.paper_near_end = False
        self.cover_open = False
        self.answer_status = True  # False: a printer that ignores DLE EOT
        self._received = bytearray()
        self._lock = threading.Lock()
        self.connections = 0
        self._server: socketserver.ThreadingTCPServer | None = None
        self._thread: threading.Thread | None = None

    # ---- status bytes like an Epson TM -----------------------------------

    def _is_offline(self) -> bool:
        return not self.online or self.paper_out or self.cover_open

    def status_byte(self, n: int) -> int | None:
        """The answer to ``DLE EOT n``, or None for an n we do not emulate."""
        if n == 1:
            return STATUS_FIXED_BITS | (OFFLINE_BIT if self._is_offline() else 0)
        if n == 2:
            value = STATUS_FIXED_BITS
            if self.cover_open:
                value |= COVER_OPEN_BIT
            if self.paper_out:
                value |= PAPER_END_STOP_BIT
            return value
        if n == 3:
            return STATUS_FIXED_BITS
        if n == 4:
            value = STATUS_FIXED_BITS
            if self.paper_near_end or self.paper_out:
                value |= NEAR_END_BITS
            if self.paper_out:
                value |= PAPER_END_BITS
            return value
        return None

    # ---- recorded data ---------------------------------------------------

    @property
    def received(self) -> bytes:
        """Every byte received so far, over all connections, in arrival order."""
        with self._lock:
            return bytes(self._received)

    def count(self, needle: bytes) -> int:
        """How many times ``needle`` occurs in the received bytes."""
        return self.received.count(needle)

    def clear(self) -> None:
        with self._lock:
            self._received.clear()

    def wait_for(self, needle: bytes, times: int = 1, timeout: float = 5.0) -> bool:
        """Wait until ``needle`` has been received ``times`` times."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.count(needle) >= times:
                return True
            time.sleep(0.02)
        return False

    # ---- server ----------------------------------------------------------

    def _handle(self, request) -> None:
        with self._lock:
            self.connections += 1
        pending = bytearray()  # bytes of an unfinished DLE EOT sequence split across reads
        while True:
            try:
                chunk = request.recv(65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self._received.extend(chunk)
            pending.extend(chunk)
            answers, pending = self._status_answers(pending)
            if answers and self.answer_status:
                request.sendall(answers)

    def _status_answers(self, data: bytearray) -> tuple[bytes, bytearray]:
        """Answers to every DLE EOT n in ``data``, and the tail that may start an unfinished one."""
        answers = bytearray()
        index = 0
        while index < len(data):
            if data[index] == DLE:
                if index + 2 >= len(data):
                    return bytes(answers), data[index:]
                if data[index + 1] == EOT:
                    value = self.status_byte(data[index + 2])
                    if value is not None:
                        answers.append(value)
                        index += 3
                        continue
            index += 1
        return bytes(answers), bytearray()

    def start(self) -> "FakePrinter":
        fake = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                fake._handle(self.request)

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-printer", daemon=True)
        self._thread.start()
        return self

    @property
    def port(self) -> int:
        assert self._server is not None, "start() first"
        return self._server.server_address[1]

    @property
    def uri(self) -> str:
        return f"tcp://127.0.0.1:{self.port}?timeout=2"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "FakePrinter":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
