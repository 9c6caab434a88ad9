"""Connections other than TCP: USB (with pyusb mocked, the only mock), serial over a pty,
device files, CUPS through a stand-in `lp` command, preview folders, dummy."""

import errno
import select
import os
import sys
import types

import pytest

from printer.connections import open_printer
from printer.errors import PrinterError
from printer.samples import sample_ticket

pytestmark = pytest.mark.timeout(20)

TALON = "Талон".encode("cp866")


# ---- USB: a stand-in for pyusb ---------------------------------------------


class FakeUSBError(IOError):
    def __init__(self, strerror, error_code=None, errno=None):
        IOError.__init__(self, errno, strerror)
        self.backend_error_code = error_code


class FakeUSBTimeoutError(FakeUSBError):
    pass


class FakeEndpoint:
    def __init__(self, address):
        self.bEndpointAddress = address


class FakeUsbPrinter:
    """A USB printer as pyusb shows it: bulk OUT 0x02 and IN 0x81 (not the 0x01/0x82 python-escpos assumes)."""

    def __init__(self, configure_error=None):
        self.configure_error = configure_error
        self.written = bytearray()
        self.kernel_driver_detached = False
        self._answers = bytearray()

    def is_kernel_driver_active(self, interface):
        return not self.kernel_driver_detached

    def detach_kernel_driver(self, interface):
        if self.configure_error:
            raise self.configure_error
        self.kernel_driver_detached = True

    def set_configuration(self):
        if self.configure_error:
            raise self.configure_error

    def get_active_configuration(self):
        return {(0, 0): [FakeEndpoint(0x02), FakeEndpoint(0x81)]}

    def write(self, endpoint, data, timeout=None):
        assert endpoint == 0x02
        self.written.extend(data)
        if bytes(data) == b"\x10\x04\x01":
            self._answers.append(0x12)
        elif bytes(data) == b"\x10\x04\x04":
            self._answers.append(0x7E)  # paper out
        return len(data)

    def read(self, endpoint, size, timeout=None):
        assert endpoint == 0x81
        if not self._answers:
            raise FakeUSBTimeoutError("Operation timed out", errno=errno.ETIMEDOUT)
        answer, self._answers = bytes(self._answers[:1]), self._answers[1:]
        return answer


@pytest.fixture
def fake_pyusb(monkeypatch):
    """Install a stand-in `usb` package; `devices` maps (vid, pid) to fake devices."""
    devices = {}
    core = types.ModuleType("usb.core")
    core.USBError = FakeUSBError
    core.USBTimeoutError = FakeUSBTimeoutError
    core.NoBackendError = type("NoBackendError", (ValueError,), {})
    core.find = lambda idVendor, idProduct, **_: devices.get((idVendor, idProduct))
    util = types.ModuleType("usb.util")
    util.dispose_resources = lambda device: None
    package = types.ModuleType("usb")
    package.core, package.util = core, util
    for name, module in (("usb", package), ("usb.core", core), ("usb.util", util)):
        monkeypatch.setitem(sys.modules, name, module)
    return devices


def test_usb_printer_not_plugged_in(fake_pyusb):
    printer = open_printer("usb://0416:5011")
    with pytest.raises(PrinterError) as error:
        printer.send(1, sample_ticket())
    assert error.value.code == "not_found"
    assert error.value.message_ru == "Принтер не найден"
    assert "0416:5011" in error.value.full_message_ru
    assert printer.status().message_ru == "Принтер не найден"


def test_usb_printer_without_permission_explains_the_udev_rule(fake_pyusb):
    fake_pyusb[(0x0416, 0x5011)] = FakeUsbPrinter(
        configure_error=FakeUSBError("Access denied (insufficient permissions)", errno=errno.EACCES)
    )
    with pytest.raises(PrinterError) as error:
        open_printer("usb://0416:5011").send(1, sample_ticket())
    assert error.value.code == "permission"
    assert error.value.message_ru.startswith("Нет прав на USB-устройство")
    assert "deploy/raspberry/99-escpos.rules" in error.value.hint_ru
    assert "usermod -aG lp" in error.value.hint_ru


def test_usb_printer_busy_with_another_program(fake_pyusb):
    fake_pyusb[(0x0416, 0x5011)] = FakeUsbPrinter(configure_error=FakeUSBError("Resource busy", errno=errno.EBUSY))
    status = open_printer("usb://0416:5011").status()
    assert status.code == "busy" and status.message_ru == "Принтер занят другой программой"


def test_usb_printer_gets_the_job_on_its_own_endpoints_and_reports_paper(fake_pyusb):
    device = fake_pyusb[(0x0416, 0x5011)] = FakeUsbPrinter()
    printer = open_printer("usb://0416:5011", "default-58")
    printer.send(1, sample_ticket())
    assert device.kernel_driver_detached  # taken from usblp
    assert TALON in device.written and b"\x1dV" in device.written
    status = printer.status()
    assert status.paper == "out" and status.message_ru == "Закончилась бумага"


def test_usb_without_pyusb_installed_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "usb", None)  # makes `import usb` fail
    monkeypatch.setitem(sys.modules, "usb.core", None)
    with pytest.raises(PrinterError) as error:
        open_printer("usb://0416:5011").send(1, sample_ticket())
    assert error.value.code == "dependency" and "pyusb" in error.value.message_ru


# ---- serial port: a real pseudo-terminal -----------------------------------


def test_serial_printer_on_a_pseudo_terminal():
    master, slave = os.openpty()
    try:
        printer = open_printer(f"serial://{os.ttyname(slave)}?baudrate=19200", "default-58")
        printer.send(1, sample_ticket())
        received = bytearray()
        while True:
            readable, _, _ = select.select([master], [], [], 0.5)
            if not readable:
                break
            received.extend(os.read(master, 65536))
        assert TALON in received and b"\x1dV" in received
    finally:
        os.close(master)
        os.close(slave)


def test_missing_serial_port_is_not_found():
    printer = open_printer("serial:///dev/ttyNOPE0")
    with pytest.raises(PrinterError) as error:
        printer.send(1, sample_ticket())
    assert error.value.message_ru == "Принтер не найден"
    assert printer.status().code == "not_found"


# ---- device files ----------------------------------------------------------


def test_file_printer_appends_each_job(tmp_path):
    device = tmp_path / "lp0"
    device.touch()
    printer = open_printer(f"file://{device}")
    printer.send(1, sample_ticket())
    printer.send(2, sample_ticket())
    assert device.read_bytes().count(TALON) == 2
    assert printer.status().ready  # a plain file cannot report paper; it counts as ready
    assert printer.status().paper == "unknown"


def test_missing_device_file_is_not_found(tmp_path):
    printer = open_printer(f"file://{tmp_path}/lp9")
    with pytest.raises(PrinterError) as error:
        printer.send(1, sample_ticket())
    assert error.value.message_ru == "Принтер не найден"


def test_device_file_without_permission_names_the_lp_group(tmp_path):
    # Tests may run as root, who can write any file: check the translation of the OS error itself.
    printer = open_printer(f"file://{tmp_path}/lp0")
    error = printer._error_for(PermissionError(errno.EACCES, "Permission denied", f"{tmp_path}/lp0"))
    assert error.code == "permission"
    assert error.message_ru == f"Нет прав на устройство {tmp_path}/lp0"
    assert "usermod -aG lp" in error.hint_ru


# ---- CUPS through a stand-in lp command ------------------------------------


@pytest.fixture
def fake_cups(tmp_path, monkeypatch):
    """`lp` and `lpstat` scripts on PATH that behave like CUPS with one queue, Receipt."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    spool = tmp_path / "spool.bin"
    (bin_dir / "lp").write_text(
        "#!/bin/sh\n"
        'case "$*" in *"-d Receipt "*) cat >> "$SPOOL"; echo "request id is Receipt-1"; exit 0;; esac\n'
        'echo "lp: The printer or class does not exist." >&2; exit 1\n'
    )
    (bin_dir / "lpstat").write_text(
        "#!/bin/sh\n"
        'if [ "$2" = Receipt ]; then echo "printer Receipt is idle.  enabled since Fri"; exit 0; fi\n'
        'if [ "$2" = Stopped ]; then echo "printer Stopped disabled since Fri -"; exit 0; fi\n'
        'echo "lpstat: Invalid destination name in list \\"$2\\"." >&2; exit 1\n'
    )
    for script in bin_dir.iterdir():
        script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("SPOOL", str(spool))
    return spool


def test_cups_queue_gets_raw_bytes(fake_cups):
    printer = open_printer("cups://Receipt")
    assert printer.status().ready
    printer.send(7, sample_ticket())
    assert TALON in fake_cups.read_bytes()


def test_cups_unknown_and_stopped_queues(fake_cups):
    assert open_printer("cups://Nope").status().message_ru == "Принтер не найден"
    with pytest.raises(PrinterError) as error:
        open_printer("cups://Nope").send(1, sample_ticket())
    assert error.value.code == "not_found"
    assert open_printer("cups://Stopped").status().message_ru == "Принтер не отвечает (offline)"


def test_cups_not_installed(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PrinterError) as error:
        open_printer("cups://Receipt").send(1, sample_ticket())
    assert error.value.message_ru == "Не установлен CUPS"


# ---- preview and dummy -----------------------------------------------------


def test_preview_folder_gets_bin_and_png_per_job(tmp_path):
    printer = open_printer(f"preview://{tmp_path}/out", "default-58")
    printer.send(42, sample_ticket())
    assert TALON in (tmp_path / "out" / "42.bin").read_bytes()
    assert (tmp_path / "out" / "42.png").read_bytes().startswith(b"\x89PNG")


def test_dummy_keeps_jobs_in_memory_and_can_pretend_to_be_out_of_paper():
    from printer.errors import PrinterStatus

    printer = open_printer("dummy")
    printer.send(1, sample_ticket())
    assert [job_id for job_id, _ in printer.jobs] == [1]
    printer.reported_status = PrinterStatus(online=False, paper="out", message_ru="Закончилась бумага", code="paper_out")
    with pytest.raises(PrinterError, match="Закончилась бумага"):
        printer.send(2, sample_ticket())
    assert len(printer.jobs) == 1
