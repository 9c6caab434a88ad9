"""Fitting Unicode text into a printer's single-byte code page (CP866).

Thermal printers print bytes through a code page chosen with ``ESC t n``. We
encode ourselves instead of python-escpos' "magic" encoder, which guesses a
code page per character and switches tables mid-line: on clones whose table
numbers differ from Epson's, that guess prints garbage. Characters the code
page lacks are replaced by readable equivalents (``₽`` → ``руб.``), never by
``?``: a question mark in a surname or an address looks like a defect.
"""

from __future__ import annotations

import unicodedata

# Replacements for characters that CP866 lacks but that Russian text uses a lot.
# Each replacement must itself be encodable (checked in tests).
REPLACEMENTS: dict[str, str] = {
    "₽": "руб.",
    "«": '"',
    "»": '"',
    "„": '"',
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‹": "<",
    "›": ">",
    "–": "-",  # en dash, used in ranges: «5–10 мин»
    "—": "-",  # em dash
    "‑": "-",  # non-breaking hyphen
    "‐": "-",
    "−": "-",  # minus sign
    "…": "...",
    "×": "x",
    "÷": ":",
    "≈": "~",
    "≤": "<=",
    "≥": ">=",
    "•": "-",
    "→": "->",
    "←": "<-",
    "€": "EUR",
    "©": "(c)",
    "®": "(R)",
    "™": "TM",
    "І": "I",  # Ukrainian/Belarusian I is not in CP866, the Latin one looks the same
    "і": "i",
    "\t": " ",
    "\u2009": " ",  # thin space
    "\u202f": " ",  # narrow no-break space (thousands separator)
    "\u2007": " ",
}

# Used when a character has no sensible replacement at all (emoji, CJK…):
# visible, so a reader knows something was there, and unlike "?" it does not
# look like an encoding bug.
UNKNOWN_CHARACTER = "*"


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _is_control(char: str) -> bool:
    """True for C0/C1 control characters: in a printer stream they are commands."""
    return unicodedata.category(char) == "Cc"


def _fallback(char: str, encoding: str) -> str:
    """Best replacement of one character that ``encoding`` lacks."""
    if char in REPLACEMENTS:
        return REPLACEMENTS[char]
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Cf"):
        # Combining marks and invisible format characters (zero-width space,
        # soft hyphen…) carry nothing printable.
        return ""
    if category == "Zs":
        return " "
    # "é" → "e", "ﬁ" → "fi": keep the base letters that the code page has.
    decomposed = unicodedata.normalize("NFKD", char)
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn" and _encodable(c, encoding))
    return kept or UNKNOWN_CHARACTER


def fit_to_codepage(text: str, encoding: str = "cp866") -> str:
    """Return ``text`` rewritten so that every character exists in ``encoding``.

    Line feeds are kept (they split lines); other control characters are
    dropped, because text from the database must never smuggle printer
    commands (an ``ESC`` in an office name would otherwise reach the printer).
    """
    out: list[str] = []
    for char in text:
        if char == "\n":
            out.append(char)
        elif char in REPLACEMENTS:
            out.append(REPLACEMENTS[char])
        elif _is_control(char):
            continue
        elif _encodable(char, encoding):
            out.append(char)
        else:
            out.append(_fallback(char, encoding))
    return "".join(out)


def encode_for_printer(text: str, encoding: str = "cp866") -> bytes:
    """Encode ``text`` into the printer's code page after :func:`fit_to_codepage`."""
    return fit_to_codepage(text, encoding).encode(encoding)
