"""QR code geometry shared by the ESC/POS and PNG renderers."""

from __future__ import annotations

import qrcode
import qrcode.constants
from PIL import Image, ImageDraw

# Medium error correction: thermal prints fade and get creased; M still fits a
# status URL into a small code.
QR_ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M
QR_QUIET_ZONE_MODULES = 4


def qr_matrix(data: str) -> list[list[bool]]:
    """The module matrix (True = dark) of the smallest QR code holding ``data``, without quiet zone."""
    code = qrcode.QRCode(error_correction=QR_ERROR_CORRECTION, border=0)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def fit_module_size(modules: int, requested: int, max_width_dots: int) -> int:
    """The requested module size, reduced if the code would not fit the paper width."""
    largest = max(1, (max_width_dots - 2 * QR_QUIET_ZONE_MODULES) // (modules + 2 * QR_QUIET_ZONE_MODULES))
    return max(1, min(requested, largest))


def qr_image(data: str, module_size: int, width_dots: int) -> Image.Image:
    """A 1-bit image ``width_dots`` wide with the QR code centred and a quiet zone above and below."""
    matrix = qr_matrix(data)
    modules = len(matrix)
    module_size = fit_module_size(modules, module_size, width_dots)
    code_px = modules * module_size
    quiet_px = QR_QUIET_ZONE_MODULES * module_size
    image = Image.new("1", (width_dots, code_px + 2 * quiet_px), 1)
    left = (width_dots - code_px) // 2
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(matrix):
        for col, dark in enumerate(line):
            if dark:
                x0, y0 = left + col * module_size, quiet_px + row * module_size
                draw.rectangle((x0, y0, x0 + module_size - 1, y0 + module_size - 1), fill=0)
    return image
