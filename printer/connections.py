"""Printer connections opened from a URI, with one interface for every transport.

``open_printer(uri, profile)`` returns a :class:`PrinterConnection`:
``send(job_id, document)`` renders and transmits a receipt (raising
:class:`~printer.errors.PrinterError` with a Russian ``message_ru``), and
``status()`` tells whether the printer can take a job now, asking the printer
itself where the transport allows (``DLE EOT`` over TCP, serial and USB).
"""

from __future__ import annotations

import errno
import fcntl
import importlib
import logging
import os
import select
import shutil
import socket
import subprocess
import termios
import time
from pathlib import Path

from .document import Document
from .errors import UNKNOWN_STATUS, USB_PERMISSION_HINT_RU, PrinterError, PrinterStatus
from .escpos_render import render_escpos
from .escpos_status import (
    QUERY_OFFLINE_CAUSE,
    QUERY_PAPER_SENSOR,
    QUERY_PRINTER_STATUS,
    PRINTER_OFFLINE_BIT,
    interpret_status,
    is_status_byte,
)
from .png_render import render_png
from .profiles import PrinterProfile, get_profile
from .uri import PrinterAddress, parse_printer_uri

log = logging.getLogger(__name__)

STATUS_QUERY_HINT_RU = (
    "Если принтер исправен, но не отвечает на запросы состояния DLE EOT, "
    "запустите агент с ключом --no-status-queries"
)
GROUP_HINT_RU = {
    "lp": "Добавьте пользователя агента в группу lp: sudo usermod -aG lp $USER, затем войдите заново",
    "dialout": "Добавьте пользователя агента в группу dialout: sudo usermod -aG dialout $USER, затем войдите заново",
}


class PrinterConnection:
    """A printer reachable through one transport. Subclasses implement :meth:`send_bytes`."""

    def __init__(self, address: PrinterAddress, profile: PrinterProfile):
        self.address = address
        self.profile = profile

    @property
    def uri(self) -> str:
        return self.address.uri

    def render(self, document: Document | dict) -> bytes:
        """The ESC/POS bytes of a document for this printer's profile."""
        return render_escpos(document, self.profile)

    def send(self, job_id: int | str, document: Document | dict) -> None:
        """Render and print a document; raises :class:`PrinterError` if the printer cannot take it."""
        self.send_bytes(self.render(document), job_id)

    def send_bytes(self, data: bytes, job_id: int | str | None = None) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def status(self) -> PrinterStatus:
        """The printer's state; transports that cannot ask say ``online, paper unknown``."""
        return UNKNOWN_STATUS

    def close(self) -> None:
        """Release the device (nothing to do for per-job connections)."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.uri!r}, profile={self.profile.name!r})"


class DummyConnection(PrinterConnection):
    """Keeps every job's bytes in memory (``jobs``); its reported status can be set for tests and demos."""

    def __init__(self, address: PrinterAddress, profile: PrinterProfile):
        super().__init__(address, profile)
        self.jobs: list[tuple[int | str | None, bytes]] = []
        self.reported_status = PrinterStatus(online=True, paper="ok")

    def send_bytes(self, data: bytes, job_id: int | str | None = None) -> None:
        if not self.reported_status.ready:
            raise PrinterError(self.reported_status.code or "offline")
        self.jobs.append((job_id, data))

    def status(self) -> PrinterStatus:
        return self.reported_status


class PreviewConnection(PrinterConnection):
    """Writes ``<job>.bin`` (the ESC/POS bytes) and ``<job>.png`` (the preview) into a folder."""

    def _job_stem(self, job_id: int | str | None) -> str:
        stem = str(job_id if job_id is not None else time.strftime("%Y%m%d-%H%M%S"))
        return "".join(c if c.isalnum() or c in "-_" else "_" for c in stem)

    def send(self, job_id: int | str, document: Document | dict) -> None:
        self.send_bytes(self.render(document), job_id)
        render_png(document, self.profile, Path(self.address.path) / f"{self._job_stem(job_id)}.png")

    def send_bytes(self, data: bytes, job_id: int | str | None = None) -> None:
        directory = Path(self.address.path)
        try:
            directory.mkdir(parents=True, exist_ok=True)
            (directory / f"{self._job_stem(job_id)}.bin").write_bytes(data)
        except PermissionError as exc:
            raise PrinterError("permission", str(exc), message_ru=f"Нет прав на папку {directory}") from exc
        except OSError as exc:
            raise PrinterError("io", str(exc)) from exc

    def status(self) -> PrinterStatus:
        return PrinterStatus(online=True, paper="ok")


def _read_exactly_one_byte(read, timeout: float, deadline_what: str) -> int:
    """Call ``read()`` until it yields a byte or ``timeout`` passes (then raise ``offline``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = read(deadline - time.monotonic())
        if data:
            return data[0]
    raise PrinterError("offline", f"нет ответа на {deadline_what} за {timeout:g} с", hint_ru=STATUS_QUERY_HINT_RU)


def _query_status(write, read, timeout: float) -> PrinterStatus:
    """Ask DLE EOT 1 (and 2 when offline) and DLE EOT 4 through a byte channel."""

    def ask(command: bytes) -> int:
        write(command)
        value = _read_exactly_one_byte(read, timeout, "запрос состояния DLE EOT")
        if not is_status_byte(value):
            raise PrinterError("io", f"непонятный ответ на запрос состояния: 0x{value:02x}")
        return value

    printer_byte = ask(QUERY_PRINTER_STATUS)
    offline_cause = ask(QUERY_OFFLINE_CAUSE) if printer_byte & PRINTER_OFFLINE_BIT else None
    paper_byte = ask(QUERY_PAPER_SENSOR)
    return interpret_status(printer_byte, paper_byte, offline_cause)


def _raise_if_not_ready(status: PrinterStatus) -> None:
    if not status.ready:
        raise PrinterError(status.code or "offline")


class TcpConnection(PrinterConnection):
    """A network printer on a raw TCP port (9100). One short connection per job or status query."""

    def _connect(self) -> socket.socket:
        host, port = self.address.host, self.address.port
        try:
            return socket.create_connection((host, port), timeout=self.address.timeout)
        except socket.gaierror as exc:
            raise PrinterError("not_found", f"адрес {host} не найден в сети") from exc
        except (ConnectionRefusedError, TimeoutError, socket.timeout) as exc:
            raise PrinterError("offline", f"{host}:{port}: {exc}") from exc
        except OSError as exc:
            raise PrinterError("offline", f"{host}:{port}: {exc}") from exc

    def _status_over(self, sock: socket.socket) -> PrinterStatus:
        def read(remaining: float) -> bytes:
            sock.settimeout(max(0.01, remaining))
            try:
                data = sock.recv(1)
            except socket.timeout:
                return b""
            if not data:
                raise PrinterError("offline", "принтер закрыл соединение")
            return data

        return _query_status(sock.sendall, read, self.address.timeout)

    def status(self) -> PrinterStatus:
        if not self.profile.status_queries:
            return UNKNOWN_STATUS
        try:
            with self._connect() as sock:
                return self._status_over(sock)
        except PrinterError as exc:
            return PrinterStatus.from_error(exc)
        except OSError as exc:
            return PrinterStatus.from_error(PrinterError("offline", str(exc)))

    def send_bytes(self, data: bytes, job_id: int | str | None = None) -> None:
        try:
            with self._connect() as sock:
                if self.profile.status_queries:
                    # Ask on the same connection right before printing: a job sent
                    # to a printer without paper would sit in its buffer and come
                    # out later, after we had already reported a failure.
                    _raise_if_not_ready(self._status_over(sock))
                sock.settimeout(self.address.timeout)
                sock.sendall(data)
        except PrinterError:
            raise
        except OSError as exc:
            raise PrinterError("offline", f"{self.address.host}:{self.address.port}: {exc}") from exc


class SerialConnection(PrinterConnection):
    """A printer on a serial port, driven with termios (8N1, chosen speed and flow control)."""

    def _open(self) -> int:
        path = self.address.path
        try:
            fd = os.open(path, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
        except FileNotFoundError as exc:
            raise PrinterError("not_found", f"нет порта {path}") from exc
        except PermissionError as exc:
            raise PrinterError(
                "permission", path, message_ru=f"Нет прав на порт {path}", hint_ru=GROUP_HINT_RU["dialout"]
            ) from exc
        except OSError as exc:
            raise PrinterError("not_found", f"{path}: {exc.strerror}") from exc
        try:
            self._configure(fd)
        except (termios.error, OSError) as exc:
            os.close(fd)
            raise PrinterError("io", f"{path} не настраивается как последовательный порт: {exc}") from exc
        return fd

    def _configure(self, fd: int) -> None:
        """Raw 8N1 at the URI's speed, with the URI's flow control."""
        attrs = termios.tcgetattr(fd)
        iflag, oflag, cflag, lflag, _, _, cc = attrs
        iflag &= ~(termios.IGNBRK | termios.BRKINT | termios.PARMRK | termios.ISTRIP | termios.INLCR
                   | termios.IGNCR | termios.ICRNL | termios.IXON | termios.IXOFF | termios.IXANY)  # fmt: skip
        oflag &= ~termios.OPOST
        lflag &= ~(termios.ECHO | termios.ECHONL | termios.ICANON | termios.ISIG | termios.IEXTEN)
        cflag &= ~(termios.CSIZE | termios.PARENB | termios.CSTOPB | getattr(termios, "CRTSCTS", 0))
        cflag |= termios.CS8 | termios.CREAD | termios.CLOCAL
        if self.address.flow == "rtscts":
            cflag |= getattr(termios, "CRTSCTS", 0)
        elif self.address.flow == "xonxoff":
            iflag |= termios.IXON | termios.IXOFF
        speed = getattr(termios, f"B{self.address.baudrate}")
        cc[termios.VMIN], cc[termios.VTIME] = 0, 0
        termios.tcsetattr(fd, termios.TCSANOW, [iflag, oflag, cflag, lflag, speed, speed, cc])

    def _write_all(self, fd: int, data: bytes) -> None:
        view, deadline = memoryview(data), time.monotonic() + self.address.timeout + len(data) * 10 / self.address.baudrate
        while view:
            _, writable, _ = select.select([], [fd], [], max(0.0, deadline - time.monotonic()))
            if not writable:
                raise PrinterError("offline", f"порт {self.address.path} не принимает данные (нет готовности принтера)")
            written = os.write(fd, view)
            view = view[written:]

    def _read_some(self, fd: int, timeout: float) -> bytes:
        readable, _, _ = select.select([fd], [], [], max(0.0, timeout))
        return os.read(fd, 16) if readable else b""

    def status(self) -> PrinterStatus:
        if not self.profile.status_queries:
            return UNKNOWN_STATUS
        try:
            fd = self._open()
        except PrinterError as exc:
            return PrinterStatus.from_error(exc)
        try:
            termios.tcflush(fd, termios.TCIFLUSH)  # drop stale bytes so the next one is our answer
            return _query_status(lambda cmd: self._write_all(fd, cmd), lambda t: self._read_some(fd, t), self.address.timeout)
        except PrinterError as exc:
            return PrinterStatus.from_error(exc)
        finally:
            os.close(fd)

    def send_bytes(self, data: bytes, job_id: int | str | None = None) -> None:
        fd = self._open()
        try:
            self._write_all(fd, data)
            termios.tcdrain(fd)
        except OSError as exc:
            raise PrinterError("io", f"{self.address.path}: {exc.strerror}") from exc
        finally:
            os.close(fd)


# Linux <linux/lp.h>: LPGETSTATUS ioctl and the status bits of the parallel/USB printer class.
LPGETSTATUS = 0x060B
LP_POUTPA = 0x20  # paper out
LP_PSELECD = 0x10  # selected (online)


class FileConnection(PrinterConnection):
    """A printer device file such as ``/dev/usb/lp0`` (kernel usblp driver)."""

    def _error_for(self, exc: OSError) -> PrinterError:
        path = self.address.path
        if isinstance(exc, FileNotFoundError) or exc.errno in (errno.ENODEV, errno.ENXIO):
            return PrinterError("not_found", f"нет устройства {path}")
        if isinstance(exc, PermissionError):
            return PrinterError(
                "permission", path, message_ru=f"Нет прав на устройство {path}", hint_ru=GROUP_HINT_RU["lp"]
            )
        return PrinterError("io", f"{path}: {exc.strerror or exc}")

    def status(self) -> PrinterStatus:
        try:
            fd = os.open(self.address.path, os.O_WRONLY | os.O_NONBLOCK | os.O_APPEND)
        except OSError as exc:
            return PrinterStatus.from_error(self._error_for(exc))
        try:
            buffer = bytearray(4)
            fcntl.ioctl(fd, LPGETSTATUS, buffer)
        except OSError:
            return UNKNOWN_STATUS  # a plain file or a driver without LPGETSTATUS
        finally:
            os.close(fd)
        lp_status = int.from_bytes(buffer, "little")
        if lp_status & LP_POUTPA:
            return PrinterStatus.from_error(PrinterError("paper_out"))
        if not lp_status & LP_PSELECD:
            return PrinterStatus.from_error(PrinterError("offline"))
        return PrinterStatus(online=True, paper="ok")

    def send_bytes(self, data: bytes, job_id: int | str | None = None) -> None:
        try:
            # No O_CREAT: an unplugged /dev/usb/lp0 must fail, not become a regular file.
            fd = os.open(self.address.path, os.O_WRONLY | os.O_APPEND)
        except OSError as exc:
            raise self._error_for(exc) from exc
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        except OSError as exc:
            raise self._error_for(exc) from exc
        finally:
            os.close(fd)


class CupsConnection(PrinterConnection):
    """A CUPS queue, printed to with ``lp -o raw`` (no pycups needed)."""

    def _run(self, command: list[str], data: bytes | None = None) -> subprocess.CompletedProcess:
        if shutil.which(command[0]) is None:
            raise PrinterError(
                "dependency", f"нет команды {command[0]}",
                message_ru="Не установлен CUPS", hint_ru="sudo apt-get install cups-client",
            )  # fmt: skip
        # C locale: we read lpstat's English words ("disabled"), not a translation.
        env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
        return subprocess.run(command, input=data, capture_output=True, timeout=30, env=env, check=False)

    def status(self) -> PrinterStatus:
        try:
            result = self._run(["lpstat", "-p", self.address.queue])
        except PrinterError as exc:
            return PrinterStatus.from_error(exc)
        if result.returncode != 0:
            detail = result.stderr.decode(errors="replace").strip()
            return PrinterStatus.from_error(PrinterError("not_found", f"очередь CUPS {self.address.queue}: {detail}"))
        if b"disabled" in result.stdout:
            return PrinterStatus.from_error(PrinterError("offline", f"очередь CUPS {self.address.queue} остановлена"))
        return UNKNOWN_STATUS

    def send_bytes(self, data: bytes, job_id: int | str | None = None) -> None:
        title = f"receipt-{job_id}" if job_id is not None else "receipt"
        result = self._run(["lp", "-d", self.address.queue, "-o", "raw", "-t", title], data)
        if result.returncode != 0:
            detail = result.stderr.decode(errors="replace").strip()
            code = "not_found" if "does not exist" in detail or "not exist" in detail else "io"
            raise PrinterError(code, f"lp: {detail}")


class UsbConnection(PrinterConnection):
    """A USB printer driven directly with pyusb (libusb), keeping the device open between jobs."""

    WRITE_TIMEOUT_MS = 10_000
    READ_TIMEOUT_MS = 500

    def __init__(self, address: PrinterAddress, profile: PrinterProfile):
        super().__init__(address, profile)
        self._device = None
        self._out_endpoint: int | None = None
        self._in_endpoint: int | None = None

    @property
    def _ids(self) -> str:
        return f"{self.address.vendor_id:04x}:{self.address.product_id:04x}"

    @staticmethod
    def _pyusb():
        """The ``usb.core`` and ``usb.util`` modules (imported late: only USB printers need them)."""
        try:
            return importlib.import_module("usb.core"), importlib.import_module("usb.util")
        except ImportError as exc:
            raise PrinterError(
                "dependency", "pyusb", message_ru="Не установлен модуль pyusb для USB-принтера",
                hint_ru="pip install pyusb и sudo apt-get install libusb-1.0-0",
            ) from exc  # fmt: skip

    def _usb_error(self, exc: Exception) -> PrinterError:
        """Translate a pyusb error into a Russian printer error."""
        code = getattr(exc, "errno", None)
        if code == errno.EACCES or "Access denied" in str(exc):
            return PrinterError(
                "permission", f"{self._ids}: {exc}",
                message_ru=f"Нет прав на USB-устройство {self._ids}", hint_ru=USB_PERMISSION_HINT_RU,
            )  # fmt: skip
        if code in (errno.ENODEV, errno.ENOENT, errno.EPIPE) or "No such device" in str(exc):
            return PrinterError("not_found", f"USB {self._ids} отключён")
        if code == errno.EBUSY:
            return PrinterError("busy", f"USB {self._ids} занят (CUPS или драйвер usblp?)")
        if code == errno.ETIMEDOUT or type(exc).__name__ == "USBTimeoutError":
            return PrinterError("offline", f"USB {self._ids} не принимает данные")
        return PrinterError("io", f"USB {self._ids}: {exc}")

    def _open(self):
        """Find, claim and configure the device; remember its bulk OUT and IN endpoints."""
        if self._device is not None:
            return self._device
        usb_core, _ = self._pyusb()
        try:
            device = usb_core.find(idVendor=self.address.vendor_id, idProduct=self.address.product_id)
        except usb_core.NoBackendError as exc:
            raise PrinterError(
                "dependency", "libusb", message_ru="Не найдена библиотека libusb",
                hint_ru="sudo apt-get install libusb-1.0-0",
            ) from exc  # fmt: skip
        if device is None:
            raise PrinterError("not_found", f"USB-устройство {self._ids} не подключено: проверьте кабель и вывод lsusb")
        try:
            self._detach_kernel_driver(device)
            device.set_configuration()
            interface = device.get_active_configuration()[(0, 0)]
        except usb_core.USBError as exc:
            raise self._usb_error(exc) from exc
        endpoints = [endpoint.bEndpointAddress for endpoint in interface]
        # Clones put their endpoints at different addresses (0x01/0x82, 0x02/0x81…): read, don't assume.
        self._out_endpoint = next((a for a in endpoints if not a & 0x80), None)
        self._in_endpoint = next((a for a in endpoints if a & 0x80), None)
        if self._out_endpoint is None:
            raise PrinterError("io", f"у USB-устройства {self._ids} нет конечной точки для данных — это не принтер?")
        self._device = device
        return device

    @staticmethod
    def _detach_kernel_driver(device) -> None:
        """Take the interface from the kernel's usblp driver, which claims USB printers by default."""
        try:
            if device.is_kernel_driver_active(0):
                device.detach_kernel_driver(0)
        except NotImplementedError:  # backends without kernel drivers (libusb0, Windows)
            pass

    def _forget_device(self) -> None:
        if self._device is not None:
            try:
                self._pyusb()[1].dispose_resources(self._device)
            except Exception:  # noqa: BLE001 - the device may already be gone
                log.debug("освобождение USB-устройства не удалось", exc_info=True)
        self._device = None

    def send_bytes(self, data: bytes, job_id: int | str | None = None) -> None:
        usb_core, _ = self._pyusb()
        device = self._open()
        try:
            device.write(self._out_endpoint, data, self.WRITE_TIMEOUT_MS)
        except usb_core.USBError as exc:
            self._forget_device()  # re-find next time: it may have been re-plugged
            raise self._usb_error(exc) from exc

    def status(self) -> PrinterStatus:
        try:
            usb_core, _ = self._pyusb()
            device = self._open()
        except PrinterError as exc:
            return PrinterStatus.from_error(exc)
        if self._in_endpoint is None or not self.profile.status_queries:
            return UNKNOWN_STATUS

        def write(command: bytes) -> None:
            device.write(self._out_endpoint, command, self.READ_TIMEOUT_MS)

        def read(remaining: float) -> bytes:
            try:
                return bytes(device.read(self._in_endpoint, 16, self.READ_TIMEOUT_MS))
            except usb_core.USBError as exc:
                if type(exc).__name__ == "USBTimeoutError" or getattr(exc, "errno", None) == errno.ETIMEDOUT:
                    return b""
                raise

        try:
            return _query_status(write, read, self.READ_TIMEOUT_MS / 1000)
        except PrinterError as exc:
            if exc.code == "offline":
                # The device is on the bus and takes data; many USB models just
                # do not answer DLE EOT. Printing is the best we can do.
                return UNKNOWN_STATUS
            return PrinterStatus.from_error(exc)
        except usb_core.USBError as exc:
            self._forget_device()
            return PrinterStatus.from_error(self._usb_error(exc))

    def close(self) -> None:
        self._forget_device()


CONNECTION_CLASSES: dict[str, type[PrinterConnection]] = {
    "usb": UsbConnection,
    "tcp": TcpConnection,
    "serial": SerialConnection,
    "file": FileConnection,
    "cups": CupsConnection,
    "preview": PreviewConnection,
    "dummy": DummyConnection,
}


def open_printer(uri: str, profile: PrinterProfile | str | None = None) -> PrinterConnection:
    """A connection for a printer URI (raises :class:`~printer.errors.PrinterUriError` for a bad URI).

    Nothing is opened yet: devices are reached when a job or a status query needs them,
    so an agent starts even while its printer is unplugged.
    """
    if not isinstance(profile, PrinterProfile):
        profile = get_profile(profile)
    address = parse_printer_uri(uri)
    return CONNECTION_CLASSES[address.scheme](address, profile)
