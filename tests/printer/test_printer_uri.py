import pytest

from printer.connections import (
    CupsConnection,
    DummyConnection,
    FileConnection,
    PreviewConnection,
    SerialConnection,
    TcpConnection,
    UsbConnection,
    open_printer,
)
from printer.errors import PrinterUriError
from printer.uri import parse_printer_uri


def test_usb_uri_gives_hex_vendor_and_product_ids():
    address = parse_printer_uri("usb://0416:5011")
    assert (address.scheme, address.vendor_id, address.product_id) == ("usb", 0x0416, 0x5011)
    assert parse_printer_uri("usb://0x04B8:0x0202?timeout=3").vendor_id == 0x04B8


def test_tcp_uri_defaults_to_port_9100():
    assert (parse_printer_uri("tcp://192.168.1.50").host, parse_printer_uri("tcp://192.168.1.50").port) == (
        "192.168.1.50",
        9100,
    )
    address = parse_printer_uri("tcp://printer.local:9101?timeout=2.5")
    assert (address.host, address.port, address.timeout) == ("printer.local", 9101, 2.5)


def test_serial_uri_reads_path_speed_and_flow_control():
    address = parse_printer_uri("serial:///dev/ttyUSB0?baudrate=19200&flow=rtscts")
    assert (address.path, address.baudrate, address.flow) == ("/dev/ttyUSB0", 19200, "rtscts")
    assert parse_printer_uri("serial:///dev/ttyS0").baudrate == 9600


def test_file_cups_preview_and_dummy_uris():
    assert parse_printer_uri("file:///dev/usb/lp0").path == "/dev/usb/lp0"
    assert parse_printer_uri("cups://Receipt_80").queue == "Receipt_80"
    assert parse_printer_uri("preview://var/preview").path == "var/preview"
    assert parse_printer_uri("preview:///tmp/receipts").path == "/tmp/receipts"
    assert parse_printer_uri("dummy").scheme == "dummy"


@pytest.mark.parametrize(
    "uri, connection_class",
    [
        ("usb://0416:5011", UsbConnection),
        ("tcp://127.0.0.1:9100", TcpConnection),
        ("serial:///dev/ttyUSB0?baudrate=19200", SerialConnection),
        ("file:///dev/usb/lp0", FileConnection),
        ("cups://Receipt", CupsConnection),
        ("preview:///tmp/x", PreviewConnection),
        ("dummy", DummyConnection),
    ],
)
def test_open_printer_picks_the_connection_for_each_scheme(uri, connection_class):
    connection = open_printer(uri, "default-58")
    assert isinstance(connection, connection_class)
    assert connection.profile.name == "default-58"


@pytest.mark.parametrize(
    "uri, problem",
    [
        ("", "адрес не указан"),
        ("192.168.1.50", "нет схемы"),
        ("lpt://1", "неизвестная схема «lpt»"),
        ("usb://0416", "ожидается usb://VID:PID"),
        ("usb://xyz:5011", "код производителя (VID)"),
        ("usb://0416:12345", "код устройства (PID)"),
        ("tcp://", "не указан адрес"),
        ("tcp://host:70000", "порт"),
        ("tcp://host:9100?timeout=0", "timeout"),
        ("tcp://host?colour=red", "неизвестные параметры colour"),
        ("serial://ttyUSB0", "путь к порту"),
        ("serial:///dev/ttyUSB0?baudrate=12345", "скорость (baudrate)"),
        ("serial:///dev/ttyUSB0?flow=magic", "flow"),
        ("file://lp0", "полный путь"),
        ("cups://my printer", "ИМЯ_ОЧЕРЕДИ"),
        ("preview://", "не указана папка"),
    ],
)
def test_bad_uris_are_explained_in_russian(uri, problem):
    with pytest.raises(PrinterUriError) as error:
        parse_printer_uri(uri)
    assert error.value.code == "bad_uri"
    assert error.value.message_ru.startswith("Неверный адрес принтера")
    assert problem in error.value.message_ru
