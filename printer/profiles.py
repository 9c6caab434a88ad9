"""Printer profiles: paper width, character grid, code page and features.

A profile describes what the renderers need to know about a printer model.
Clone printers differ mostly in the number under which they keep CP866
(``ESC t n``), so that number is a profile field and can be overridden from
the command line (``--codepage``) without a new profile.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class PrinterProfile:
    """What a renderer must know about one printer model.

    ``dots`` is the printable width in dots and ``chars_per_line`` the number
    of Font A cells (12×24 dots) in a line, so ``dots == 12 * chars_per_line``
    on the usual 203-dpi heads. ``cancel_kanji`` sends ``FS .`` at the start of
    every job: many Chinese 58 mm clones boot in double-byte (GB18030) mode and
    would otherwise turn every pair of CP866 bytes into one Chinese glyph.
    """

    name: str
    width_mm: int
    chars_per_line: int
    dots: int
    codepage_number: int = 17
    codepage_encoding: str = "cp866"
    qr_native: bool = True
    qr_module_size: int = 6
    cancel_kanji: bool = True
    status_queries: bool = True
    cut_mode: str = "FULL"

    def with_overrides(self, **changes) -> "PrinterProfile":
        """Return a copy with some fields changed (e.g. another code page number)."""
        changes = {key: value for key, value in changes.items() if value is not None}
        return dataclasses.replace(self, **changes)


PROFILES: dict[str, PrinterProfile] = {
    profile.name: profile
    for profile in (
        PrinterProfile("default-58", width_mm=58, chars_per_line=32, dots=384, qr_module_size=6),
        PrinterProfile("default-80", width_mm=80, chars_per_line=48, dots=576, qr_module_size=8),
        # For printers without the GS ( k QR command: the QR is sent as a raster image.
        PrinterProfile(
            "default-58-imageqr", width_mm=58, chars_per_line=32, dots=384, qr_native=False, qr_module_size=6
        ),
        PrinterProfile(
            "default-80-imageqr", width_mm=80, chars_per_line=48, dots=576, qr_native=False, qr_module_size=8
        ),
    )
}

DEFAULT_PROFILE_NAME = "default-80"


class UnknownProfileError(ValueError):
    """Raised for a profile name that is not in :data:`PROFILES`."""


def get_profile(name: str | None = None, *, codepage_number: int | None = None) -> PrinterProfile:
    """Return the named profile (default ``default-80``), optionally with another code page number."""
    name = name or DEFAULT_PROFILE_NAME
    try:
        profile = PROFILES[name]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise UnknownProfileError(f"Неизвестный профиль принтера «{name}». Есть: {known}") from None
    if codepage_number is not None and not 0 <= codepage_number <= 255:
        raise UnknownProfileError(f"Номер кодовой страницы должен быть от 0 до 255, а не {codepage_number}")
    return profile.with_overrides(codepage_number=codepage_number)
