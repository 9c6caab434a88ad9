"""ESC/POS bytes of receipts, checked on the wire of a fake network printer."""

import pytest
from escpos.printer import Dummy

from printer.connections import open_printer
from printer.errors import PrinterError
from printer.escpos_render import find_qr_payloads, render_escpos, render_onto, select_codepage_command
from printer.profiles import get_profile
from printer.samples import SAMPLE_STATUS_URL, sample_readings_receipt, sample_ticket

pytestmark = pytest.mark.timeout(20)

GS_CUT = b"\x1dV"
GS_QR = b"\x1d(k"
GS_RASTER = b"\x1dv0"


def cp866(text: str) -> bytes:
    return text.encode("cp866")


def test_ticket_on_the_fake_network_printer(fake_printer):
    printer = open_printer(fake_printer.uri, "default-58")
    printer.send(1, sample_ticket())
    assert fake_printer.wait_for(GS_CUT)
    data = fake_printer.received

    assert b"\x1bt\x11" in data  # ESC t 17: CP866 on Epson
    assert data.index(b"\x1bt\x11") < data.index(cp866("Талон"))  # code page chosen before any Russian text
    assert cp866("Талон") in data
    assert cp866("А001") in data
    assert cp866("Оплата и передача показаний") in data
    assert cp866("Вне очереди: Участник ВОВ") in data
    assert cp866("Перед вами 3 человека") in data
    assert cp866("Ожидание: 5-10 мин") in data  # the en dash is not in CP866
    assert GS_QR in data
    assert find_qr_payloads(data) == [SAMPLE_STATUS_URL.encode()]
    assert data.count(GS_CUT) == 1
    assert data.index(GS_CUT) > data.index(cp866("Сохраняйте талон"))  # the cut comes after the footer


def test_the_label_is_printed_in_huge_type():
    data = render_escpos(sample_ticket(), get_profile("default-80"))
    label_at = data.index(cp866("А001"))
    size_command = data.rindex(b"\x1d!", 0, label_at)
    assert data[size_command + 2] == 0x33  # GS ! 0x33: 4× width and 4× height


def test_another_code_page_number_from_the_profile_is_emitted(fake_printer):
    profile = get_profile("default-58", codepage_number=7)
    open_printer(fake_printer.uri, profile).send(2, sample_ticket())
    assert fake_printer.wait_for(GS_CUT)
    assert select_codepage_command(7) == b"\x1bt\x07"
    assert b"\x1bt\x07" in fake_printer.received
    assert b"\x1bt\x11" not in fake_printer.received


def test_a_printer_without_native_qr_gets_a_raster_image():
    data = render_escpos(sample_ticket(), get_profile("default-58-imageqr"))
    assert GS_QR not in data
    raster_at = data.index(GS_RASTER)
    width_bytes = int.from_bytes(data[raster_at + 4 : raster_at + 6], "little")
    assert width_bytes * 8 == 384  # the image spans the paper, the code centred in it


def test_readings_receipt_bytes_have_zones_and_units():
    data = render_escpos(sample_readings_receipt(), get_profile("default-80"))
    assert cp866("Показания приняты") in data
    assert cp866("Т1 (день): 12345 кВт·ч") in data
    assert cp866("расход: 210 кВт·ч") in data
    assert cp866("Подтверждение № П-20261204-0042") in data
    assert data.count(GS_CUT) == 1


def test_kanji_mode_is_cancelled_for_chinese_clones_and_lines_fit_the_paper():
    data = render_escpos(sample_ticket(), get_profile("default-58"))
    assert data.startswith(b"\x1b@\x1c.")  # ESC @, FS .
    separator = b"-" * 32 + b"\n"
    assert separator in data and b"-" * 33 not in data


def test_render_onto_any_python_escpos_printer_object():
    printer = Dummy()
    render_onto(printer, sample_ticket(), get_profile("default-80"))
    assert printer.output == render_escpos(sample_ticket(), get_profile("default-80"))


def test_status_of_a_ready_printer_uses_dle_eot(fake_printer):
    fake_printer.paper_near_end = True
    status = open_printer(fake_printer.uri).status()
    assert status.online and status.ready
    assert status.paper == "near_end"
    assert b"\x10\x04\x01" in fake_printer.received and b"\x10\x04\x04" in fake_printer.received


@pytest.mark.parametrize(
    "switch, message",
    [
        ("paper_out", "Закончилась бумага"),
        ("cover_open", "Открыта крышка принтера"),
        ("offline", "Принтер не отвечает (offline)"),
    ],
)
def test_a_printer_that_cannot_print_is_reported_and_gets_no_job(fake_printer, switch, message):
    if switch == "offline":
        fake_printer.online = False
    else:
        setattr(fake_printer, switch, True)
    printer = open_printer(fake_printer.uri, "default-58")
    status = printer.status()
    assert not status.ready and status.message_ru == message
    with pytest.raises(PrinterError) as error:
        printer.send(3, sample_ticket())
    assert error.value.message_ru == message
    assert cp866("Талон") not in fake_printer.received


def test_a_printer_that_never_answers_status_counts_as_offline(fake_printer):
    fake_printer.answer_status = False
    status = open_printer(f"tcp://127.0.0.1:{fake_printer.port}?timeout=0.3").status()
    assert status.message_ru == "Принтер не отвечает (offline)"
    assert "--no-status-queries" in status.detail_ru


def test_status_queries_can_be_switched_off_for_printers_that_do_not_answer(fake_printer):
    fake_printer.answer_status = False
    profile = get_profile("default-58").with_overrides(status_queries=False)
    printer = open_printer(f"tcp://127.0.0.1:{fake_printer.port}?timeout=0.3", profile)
    assert printer.status().paper == "unknown"
    printer.send(4, sample_ticket())
    assert fake_printer.wait_for(GS_CUT)


def test_no_printer_listening_is_offline():
    printer = open_printer("tcp://127.0.0.1:9?timeout=0.5")  # port 9 (discard) is closed here
    assert printer.status().code == "offline"
    with pytest.raises(PrinterError) as error:
        printer.send(5, sample_ticket())
    assert error.value.message_ru == "Принтер не отвечает (offline)"
