"""Breaking text into printed lines on a fixed character grid.

Both renderers wrap text here, so the PNG preview breaks lines exactly where
the paper does, and the printer never breaks a word in the middle by itself.
"""

from __future__ import annotations

import textwrap


def wrap_text(text: str, width: int) -> list[str]:
    """Split ``text`` into lines of at most ``width`` characters.

    Explicit line feeds are kept; an empty paragraph gives an empty line.
    Words longer than a line (URLs) are broken wherever needed.
    """
    width = max(1, width)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        wrapped = textwrap.wrap(
            paragraph,
            width=width,
            break_long_words=True,
            # Hyphen breaks would split phone numbers like 8-800-700-10-32.
            break_on_hyphens=False,
        )
        lines.extend(wrapped or [""])
    return lines


def align_offset(line_length: int, width: int, align: str) -> int:
    """Number of empty cells before a line of ``line_length`` cells aligned in ``width`` cells."""
    free = max(0, width - line_length)
    if align == "center":
        return free // 2
    if align == "right":
        return free
    return 0


# Font A of ESC/POS printers: a 12×24-dot cell. Text sizes of the document are
# whole multiples of it (GS ! n scales width and height by 1–8).
CELL_WIDTH_DOTS = 12
CELL_HEIGHT_DOTS = 24
TEXT_SCALE = {"normal": 1, "large": 2, "huge": 4}


def chars_per_line(chars_per_line_normal: int, size: str) -> int:
    """Characters that fit a line at a text size, given the profile's normal-size count."""
    return max(1, chars_per_line_normal // TEXT_SCALE[size])
