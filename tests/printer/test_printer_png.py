"""PNG previews: paper widths, readable QR codes, and the committed docs/receipts images."""

from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from printer.__main__ import main
from printer.png_render import render_png_image
from printer.profiles import get_profile
from printer.samples import SAMPLE_STATUS_URL, sample_test_page, sample_ticket

DOCS_RECEIPTS = Path(__file__).resolve().parents[2] / "docs" / "receipts"
EXPECTED_FILES = {
    "ticket-58.png": 384,
    "ticket-80.png": 576,
    "readings-58.png": 384,
    "readings-80.png": 576,
    "test-page-80.png": 576,
}


def decoded_qr_texts(image: Image.Image) -> list[str]:
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize("profile_name, width", [("default-58", 384), ("default-80", 576)])
def test_ticket_preview_has_the_paper_width_and_a_readable_qr(profile_name, width):
    image = render_png_image(sample_ticket(), get_profile(profile_name))
    assert image.width == width
    assert decoded_qr_texts(image) == [SAMPLE_STATUS_URL]


def test_preview_is_not_blank_and_large_type_is_taller_than_normal():
    image = render_png_image(sample_ticket(), get_profile("default-80"))
    dark_rows = [y for y in range(image.height) if image.crop((0, y, image.width, y + 1)).getextrema()[0] < 128]
    assert len(dark_rows) > image.height // 3
    # The huge label is 96 dots tall: there must be a run of ~60+ consecutive inked rows (its strokes).
    longest_run = run = 0
    for previous, current in zip(dark_rows, dark_rows[1:]):
        run = run + 1 if current == previous + 1 else 0
        longest_run = max(longest_run, run)
    assert longest_run >= 60


def test_preview_command_writes_all_sample_receipts(tmp_path):
    assert main(["preview", "--out", str(tmp_path)]) == 0
    for name, width in EXPECTED_FILES.items():
        with Image.open(tmp_path / name) as image:
            assert image.width == width, name
    with Image.open(tmp_path / "ticket-58.png") as ticket:
        assert decoded_qr_texts(ticket) == [SAMPLE_STATUS_URL]


@pytest.mark.parametrize("name, width", sorted(EXPECTED_FILES.items()))
def test_committed_previews_exist_and_are_current(name, width):
    # Regenerate with: python -m printer preview --out docs/receipts
    path = DOCS_RECEIPTS / name
    assert path.exists(), f"{path} is missing: run python -m printer preview --out docs/receipts"
    with Image.open(path) as image:
        assert image.width == width
        if name.startswith("ticket"):
            assert decoded_qr_texts(image) == [SAMPLE_STATUS_URL]


def test_test_page_qr_is_readable():
    image = render_png_image(sample_test_page(), get_profile("default-58"))
    assert image.width == 384
    texts = decoded_qr_texts(image)
    assert len(texts) == 1 and texts[0].startswith("QR OK default-80")
