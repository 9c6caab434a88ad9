"""Real-time status of ESC/POS printers (``DLE EOT n``) and what its bytes mean.

Bit layouts are Epson's (TM series); compatible printers use the same bytes.
Bits 1 and 4 of every answer are always set and bits 0 and 7 always clear,
which lets us tell a status byte from noise.
"""

from __future__ import annotations

from .errors import MESSAGES_RU, PrinterStatus

DLE_EOT = b"\x10\x04"
QUERY_PRINTER_STATUS = DLE_EOT + b"\x01"  # n=1: online/offline
QUERY_OFFLINE_CAUSE = DLE_EOT + b"\x02"  # n=2: why offline (cover, paper end)
QUERY_PAPER_SENSOR = DLE_EOT + b"\x04"  # n=4: roll paper near-end / end sensors

FIXED_BITS_MASK = 0b1001_0011
FIXED_BITS_VALUE = 0b0001_0010

PRINTER_OFFLINE_BIT = 0x08  # n=1, bit 3
COVER_OPEN_BIT = 0x04  # n=2, bit 2
PAPER_END_STOP_BIT = 0x20  # n=2, bit 5: printing stopped because the paper ran out
PAPER_NEAR_END_BITS = 0x0C  # n=4, bits 2-3
PAPER_END_BITS = 0x60  # n=4, bits 5-6


def is_status_byte(value: int) -> bool:
    """True if ``value`` has the fixed bits every DLE EOT answer has."""
    return value & FIXED_BITS_MASK == FIXED_BITS_VALUE


def paper_state(paper_sensor_byte: int) -> str:
    """``ok`` / ``near_end`` / ``out`` from the answer to DLE EOT 4."""
    if paper_sensor_byte & PAPER_END_BITS:
        return "out"
    if paper_sensor_byte & PAPER_NEAR_END_BITS:
        return "near_end"
    return "ok"


def interpret_status(printer_byte: int, paper_byte: int | None, offline_cause_byte: int | None = None) -> PrinterStatus:
    """Combine the answers to DLE EOT 1, 4 (and 2) into a :class:`PrinterStatus`."""
    online = not printer_byte & PRINTER_OFFLINE_BIT
    paper = paper_state(paper_byte) if paper_byte is not None else "unknown"
    if paper == "out" or (offline_cause_byte is not None and offline_cause_byte & PAPER_END_STOP_BIT):
        return PrinterStatus(online=False, paper="out", message_ru=MESSAGES_RU["paper_out"], code="paper_out")
    if not online:
        if offline_cause_byte is not None and offline_cause_byte & COVER_OPEN_BIT:
            return PrinterStatus(online=False, paper=paper, message_ru=MESSAGES_RU["cover_open"], code="cover_open")
        return PrinterStatus(online=False, paper=paper, message_ru=MESSAGES_RU["offline"], code="offline")
    return PrinterStatus(online=True, paper=paper)
