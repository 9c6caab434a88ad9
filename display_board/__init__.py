"""Waiting-hall display board of the electronic queue.

A pygame app that listens to the queue server over Socket.IO, shows the latest
calls, waiting counts and a running line, and announces every call by voice
from a pack of short WAV fragments.  It speaks only the protocol (DESIGN.md §4)
and imports nothing of ``queue_server``: it runs on its own Raspberry Pi.

Pure, reusable parts: :mod:`display_board.model` (board state from events) and
:mod:`display_board.phrase` (the Russian phrase and clip list of a call).
"""

__all__ = ["PACKAGE_DIR", "FONTS_DIR", "VOICE_DIR"]

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
FONTS_DIR = PACKAGE_DIR / "fonts"
VOICE_DIR = PACKAGE_DIR / "voice"
