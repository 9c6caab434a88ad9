"""Rendering a receipt document into ESC/POS bytes with python-escpos.

Text is encoded here (CP866 after ``ESC t n``) and written with ``_raw``;
python-escpos is used for the commands themselves (styles, QR, cut), so the
bytes are exactly what its printer classes would send.
"""

from __future__ import annotations

from escpos.constants import QR_ECLEVEL_M
from escpos.escpos import Escpos
from escpos.image import EscposImage
from escpos.printer import Dummy

from .document import Document, validate_document, normalized_items
from .encoding import encode_for_printer, fit_to_codepage
from .profiles import PrinterProfile
from .qr import fit_module_size, qr_image, qr_matrix
from .wrapping import TEXT_SCALE, chars_per_line, wrap_text

ESC = b"\x1b"
GS = b"\x1d"
FS = b"\x1c"
INITIALIZE = ESC + b"@"
CANCEL_KANJI_MODE = FS + b"."
LF = b"\n"


def select_codepage_command(number: int) -> bytes:
    """``ESC t n``: select character code table ``n`` (17 is CP866 on Epson)."""
    return ESC + b"t" + bytes([number])


def document_items(document: Document | dict) -> list[dict]:
    """Validated items of a document given as a builder or a dict, with defaults filled in."""
    if isinstance(document, Document):
        document = document.to_dict()
    validate_document(document)
    return normalized_items(document)


def _set_style(printer: Escpos, *, align: str = "left", bold: bool = False, size: str = "normal") -> None:
    """Select alignment, emphasis and character size (GS ! for every size, so sizes never mix with ESC !)."""
    scale = TEXT_SCALE[size]
    printer.set(align=align, bold=bold, custom_size=True, width=scale, height=scale)


def _render_text(printer: Escpos, item: dict, profile: PrinterProfile) -> None:
    _set_style(printer, align=item["align"], bold=item["bold"], size=item["size"])
    text = fit_to_codepage(item["text"], profile.codepage_encoding)
    for line in wrap_text(text, chars_per_line(profile.chars_per_line, item["size"])):
        printer._raw(encode_for_printer(line, profile.codepage_encoding) + LF)


def _render_separator(printer: Escpos, profile: PrinterProfile) -> None:
    _set_style(printer)
    printer._raw(b"-" * profile.chars_per_line + LF)


def _raster_image_command(image) -> bytes:
    """``GS v 0``: a raster bit image (used when the printer has no native QR)."""
    raster = EscposImage(image)
    width_bytes, height = raster.width_bytes, raster.height
    header = GS + b"v0" + b"\x00" + width_bytes.to_bytes(2, "little") + height.to_bytes(2, "little")
    return header + raster.to_raster_format()


def _render_qr(printer: Escpos, item: dict, profile: PrinterProfile) -> None:
    requested = item.get("size") or profile.qr_module_size
    module_size = fit_module_size(len(qr_matrix(item["data"])), requested, profile.dots)
    if profile.qr_native:
        # Justification (ESC a) applies to GS ( k codes on Epson-compatible printers.
        _set_style(printer, align="center")
        printer.qr(item["data"], ec=QR_ECLEVEL_M, size=module_size, native=True)
        printer._raw(LF)
    else:
        _set_style(printer, align="left")  # the image is already centred on the full width
        printer._raw(_raster_image_command(qr_image(item["data"], module_size, profile.dots)))


def _render_feed(printer: Escpos, item: dict) -> None:
    _set_style(printer)
    if item["lines"]:
        printer.print_and_feed(item["lines"])


def _render_cut(printer: Escpos, profile: PrinterProfile) -> None:
    _set_style(printer)
    printer.cut(mode=profile.cut_mode)


def render_onto(printer: Escpos, document: Document | dict, profile: PrinterProfile) -> None:
    """Send a document to any python-escpos printer object (Dummy, Network, Usb…)."""
    items = document_items(document)
    prelude = INITIALIZE
    if profile.cancel_kanji:
        prelude += CANCEL_KANJI_MODE
    printer._raw(prelude + select_codepage_command(profile.codepage_number))
    for item in items:
        kind = item["type"]
        if kind == "text":
            _render_text(printer, item, profile)
        elif kind == "separator":
            _render_separator(printer, profile)
        elif kind == "qr":
            _render_qr(printer, item, profile)
        elif kind == "feed":
            _render_feed(printer, item)
        elif kind == "cut":
            _render_cut(printer, profile)
    _set_style(printer)


def render_escpos(document: Document | dict, profile: PrinterProfile) -> bytes:
    """The ESC/POS bytes of a document for a printer of the given profile."""
    printer = Dummy()
    render_onto(printer, document, profile)
    return printer.output


def find_qr_payloads(data: bytes) -> list[bytes]:
    """QR payloads stored with ``GS ( k … 1 P 0`` in an ESC/POS stream (for tests and diagnostics)."""
    payloads: list[bytes] = []
    marker = GS + b"(k"
    start = data.find(marker)
    while start != -1:
        length = int.from_bytes(data[start + 3 : start + 5], "little")
        body = data[start + 5 : start + 5 + length]
        if body[:3] == b"1P0":
            payloads.append(body[3:])
        start = data.find(marker, start + 1)
    return payloads

