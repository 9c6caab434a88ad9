"""Parsing printer URIs (``usb://VID:PID``, ``tcp://HOST:9100``, ``serial:///dev/ttyUSB0?baudrate=19200``,
``file:///dev/usb/lp0``, ``cups://QUEUE``, ``preview://DIR``, ``dummy``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from .errors import PrinterUriError

DEFAULT_TCP_PORT = 9100
DEFAULT_BAUDRATE = 9600
BAUDRATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
FLOW_CONTROLS = ("none", "rtscts", "xonxoff")
SCHEMES = ("usb", "tcp", "serial", "file", "cups", "preview", "dummy")
EXAMPLES = (
    "usb://0416:5011, tcp://192.168.1.50:9100, serial:///dev/ttyUSB0?baudrate=19200, "
    "file:///dev/usb/lp0, cups://Receipt, preview://var/preview, dummy"
)
_USB_ID = re.compile(r"^(?:0x)?([0-9a-fA-F]{1,4})$")
_CUPS_QUEUE = re.compile(r"^[A-Za-z0-9_.\-]+$")


@dataclass(frozen=True)
class PrinterAddress:
    """A parsed printer URI; only the fields of its scheme are set."""

    scheme: str
    uri: str
    host: str | None = None
    port: int | None = None
    vendor_id: int | None = None
    product_id: int | None = None
    path: str | None = None
    queue: str | None = None
    baudrate: int | None = None
    flow: str | None = None
    timeout: float = 5.0


def _single_query_values(uri: str, query: str, allowed: set[str]) -> dict[str, str]:
    values = {key: items[-1] for key, items in parse_qs(query, keep_blank_values=True).items()}
    unknown = set(values) - allowed
    if unknown:
        allowed_text = ", ".join(sorted(allowed)) or "нет"
        raise PrinterUriError(uri, f"неизвестные параметры {', '.join(sorted(unknown))} (допустимы: {allowed_text})")
    return values


def _timeout(uri: str, params: dict[str, str]) -> float:
    if "timeout" not in params:
        return 5.0
    try:
        timeout = float(params["timeout"])
    except ValueError:
        timeout = -1
    if not 0 < timeout <= 120:
        raise PrinterUriError(uri, "timeout должен быть числом секунд от 0 до 120")
    return timeout


def _usb_id(uri: str, text: str, what: str) -> int:
    match = _USB_ID.match(text.strip())
    if not match:
        raise PrinterUriError(uri, f"{what} должен быть шестнадцатеричным числом, например usb://0416:5011 (см. lsusb)")
    return int(match.group(1), 16)


def _parse_usb(uri: str, netloc: str, params: dict[str, str]) -> PrinterAddress:
    if netloc.count(":") != 1:
        raise PrinterUriError(uri, "ожидается usb://VID:PID, например usb://0416:5011 (см. lsusb)")
    vendor_text, product_text = netloc.split(":")
    return PrinterAddress(
        "usb",
        uri,
        vendor_id=_usb_id(uri, vendor_text, "код производителя (VID)"),
        product_id=_usb_id(uri, product_text, "код устройства (PID)"),
        timeout=_timeout(uri, params),
    )


def _parse_tcp(uri: str, parts, params: dict[str, str]) -> PrinterAddress:
    if not parts.hostname:
        raise PrinterUriError(uri, "не указан адрес, ожидается tcp://HOST:9100")
    try:
        port = parts.port or DEFAULT_TCP_PORT
    except ValueError:
        raise PrinterUriError(uri, "порт должен быть числом от 1 до 65535") from None
    return PrinterAddress("tcp", uri, host=parts.hostname, port=port, timeout=_timeout(uri, params))


def _parse_serial(uri: str, path: str, params: dict[str, str]) -> PrinterAddress:
    if not path.startswith("/"):
        raise PrinterUriError(uri, "ожидается serial:///dev/ttyUSB0?baudrate=19200 (путь к порту с / в начале)")
    try:
        baudrate = int(params.get("baudrate", DEFAULT_BAUDRATE))
    except ValueError:
        baudrate = -1
    if baudrate not in BAUDRATES:
        raise PrinterUriError(uri, f"скорость (baudrate) должна быть одной из {', '.join(map(str, BAUDRATES))}")
    flow = params.get("flow", "none")
    if flow not in FLOW_CONTROLS:
        raise PrinterUriError(uri, f"flow должен быть одним из {', '.join(FLOW_CONTROLS)}")
    return PrinterAddress("serial", uri, path=path, baudrate=baudrate, flow=flow, timeout=_timeout(uri, params))


def parse_printer_uri(uri: str) -> PrinterAddress:
    """Parse a printer URI, raising :class:`PrinterUriError` with a Russian explanation if it is wrong."""
    uri = (uri or "").strip()
    if not uri:
        raise PrinterUriError(uri, f"адрес не указан; примеры: {EXAMPLES}")
    if uri in ("dummy", "dummy://"):
        return PrinterAddress("dummy", uri)
    if "://" not in uri:
        raise PrinterUriError(uri, f"нет схемы подключения; примеры: {EXAMPLES}")
    parts = urlsplit(uri)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise PrinterUriError(uri, f"неизвестная схема «{parts.scheme}», допустимы: {', '.join(SCHEMES)}")
    if scheme == "usb":
        return _parse_usb(uri, parts.netloc, _single_query_values(uri, parts.query, {"timeout"}))
    if scheme == "tcp":
        return _parse_tcp(uri, parts, _single_query_values(uri, parts.query, {"timeout"}))
    if scheme == "serial":
        params = _single_query_values(uri, parts.query, {"baudrate", "flow", "timeout"})
        return _parse_serial(uri, parts.netloc + parts.path, params)
    if scheme == "file":
        params = _single_query_values(uri, parts.query, set())
        path = parts.netloc + parts.path
        if not path.startswith("/"):
            raise PrinterUriError(uri, "ожидается file:///dev/usb/lp0 (полный путь с / в начале)")
        return PrinterAddress("file", uri, path=path)
    if scheme == "cups":
        _single_query_values(uri, parts.query, set())
        queue = parts.netloc + parts.path.rstrip("/")
        if not _CUPS_QUEUE.match(queue):
            raise PrinterUriError(uri, "ожидается cups://ИМЯ_ОЧЕРЕДИ (латиница, цифры, _ . -; см. lpstat -p)")
        return PrinterAddress("cups", uri, queue=queue)
    # preview://DIR: relative (preview://var/preview) or absolute (preview:///tmp/receipts)
    _single_query_values(uri, parts.query, set())
    directory = parts.netloc + parts.path
    if not directory:
        raise PrinterUriError(uri, "не указана папка, ожидается preview://ПАПКА")
    return PrinterAddress("preview", uri, path=directory)
