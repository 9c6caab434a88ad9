"""Rendering a receipt document into a PNG preview with Pillow.

The preview is drawn on the same grid as the printer (Font A cells of 12×24
dots, scaled ×2/×4 for large/huge text, ``profile.dots`` wide), after the same
code-page fitting and line wrapping as the ESC/POS renderer, so it shows what
the paper will show: ``руб.`` instead of ``₽``, the same line breaks.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .document import Document
from .encoding import fit_to_codepage
from .escpos_render import document_items
from .profiles import PrinterProfile
from .qr import qr_image
from .wrapping import CELL_HEIGHT_DOTS, CELL_WIDTH_DOTS, TEXT_SCALE, align_offset, chars_per_line, wrap_text

FONTS_DIR = Path(__file__).with_name("fonts")
REGULAR_FONT = FONTS_DIR / "DejaVuSansMono.ttf"
BOLD_FONT = FONTS_DIR / "DejaVuSansMono-Bold.ttf"

# DejaVu Sans Mono advances 0.602 em, so 20 px per normal cell fills 12 dots
# and its 23-px line height fills a 24-dot row.
FONT_PX_PER_CELL = 20
BASELINE_FRACTION = 0.78  # where the baseline sits in a Font A cell
MARGIN_DOTS = 12  # paper above the first line and below the cut mark
CUT_FEED_DOTS = 24
WHITE, BLACK = 255, 0


@functools.lru_cache(maxsize=16)
def _font(bold: bool, scale: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(BOLD_FONT if bold else REGULAR_FONT), FONT_PX_PER_CELL * scale)


def _text_block(item: dict, profile: PrinterProfile) -> Image.Image:
    """The lines of one text item, each character drawn into its own grid cell."""
    scale = TEXT_SCALE[item["size"]]
    cell_w, cell_h = CELL_WIDTH_DOTS * scale, CELL_HEIGHT_DOTS * scale
    text = fit_to_codepage(item["text"], profile.codepage_encoding)
    lines = wrap_text(text, chars_per_line(profile.chars_per_line, item["size"]))
    block = Image.new("L", (profile.dots, cell_h * len(lines)), WHITE)
    draw = ImageDraw.Draw(block)
    font = _font(item["bold"], scale)
    for row, line in enumerate(lines):
        left = align_offset(len(line) * cell_w, profile.dots, item["align"])
        baseline = row * cell_h + round(cell_h * BASELINE_FRACTION)
        for col, char in enumerate(line):
            # Centre each glyph in its cell: the grid, not the font, decides positions.
            draw.text((left + col * cell_w + cell_w / 2, baseline), char, fill=BLACK, font=font, anchor="ms")
    return block


def _separator_block(profile: PrinterProfile) -> Image.Image:
    return _text_block(
        {"text": "-" * profile.chars_per_line, "size": "normal", "bold": False, "align": "left"}, profile
    )


def _qr_block(item: dict, profile: PrinterProfile) -> Image.Image:
    return qr_image(item["data"], item.get("size") or profile.qr_module_size, profile.dots).convert("L")


def _feed_block(item: dict, profile: PrinterProfile) -> Image.Image:
    return Image.new("L", (profile.dots, CELL_HEIGHT_DOTS * item["lines"]), WHITE)


def _cut_block(profile: PrinterProfile) -> Image.Image:
    """Some paper, then a dashed line where the cutter cuts."""
    block = Image.new("L", (profile.dots, CUT_FEED_DOTS + 2), WHITE)
    draw = ImageDraw.Draw(block)
    for x in range(0, profile.dots, 12):
        draw.line((x, CUT_FEED_DOTS, x + 6, CUT_FEED_DOTS), fill=128, width=2)
    return block


def _blocks(items: list[dict], profile: PrinterProfile) -> list[Image.Image]:
    blocks = []
    for item in items:
        kind = item["type"]
        if kind == "text":
            blocks.append(_text_block(item, profile))
        elif kind == "separator":
            blocks.append(_separator_block(profile))
        elif kind == "qr":
            blocks.append(_qr_block(item, profile))
        elif kind == "feed":
            blocks.append(_feed_block(item, profile))
        elif kind == "cut":
            blocks.append(_cut_block(profile))
    return blocks


def render_png_image(document: Document | dict, profile: PrinterProfile) -> Image.Image:
    """A grayscale image of the receipt, exactly ``profile.dots`` pixels wide (1 pixel = 1 dot)."""
    blocks = _blocks(document_items(document), profile)
    height = MARGIN_DOTS * 2 + sum(block.height for block in blocks)
    page = Image.new("L", (profile.dots, height), WHITE)
    top = MARGIN_DOTS
    for block in blocks:
        page.paste(block, (0, top))
        top += block.height
    return page


def render_png(document: Document | dict, profile: PrinterProfile, path: str | Path) -> Path:
    """Write the PNG preview of a document to ``path`` and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    render_png_image(document, profile).save(path, format="PNG", optimize=True)
    return path
