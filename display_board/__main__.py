"""Command line of the hall board.

    python -m display_board --server URL --token T [--windowed] [--screenshot PNG] [--size 1920x1080]
    python -m display_board voice-pack build DIR [--engine rhvoice|espeak]
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from pathlib import Path
from typing import Optional

from . import VOICE_DIR


def parse_size(text: str) -> tuple[int, int]:
    """«1920x1080» (or «1920×1080») → (1920, 1080)."""
    match = re.fullmatch(r"\s*(\d{2,5})\s*[xх×X]\s*(\d{2,5})\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"размер экрана в виде ШИРИНАxВЫСОТА, например 1920x1080, а не {text!r}")
    return int(match.group(1)), int(match.group(2))


def board_parser() -> argparse.ArgumentParser:
    """Options of the board itself."""
    parser = argparse.ArgumentParser(
        prog="python -m display_board",
        description="Табло электронной очереди для зала ожидания. "
                    "Сборка голосового пакета: python -m display_board voice-pack build DIR",
    )
    parser.add_argument("--server", required=True, help="адрес сервера очереди, например http://192.168.1.10:5000")
    parser.add_argument("--token", default=os.environ.get("BOARD_TOKEN"),
                        help="токен устройства-табло (или переменная BOARD_TOKEN)")
    parser.add_argument("--windowed", action="store_true", help="в окне, а не во весь экран")
    parser.add_argument("--size", type=parse_size, help="размер, например 1920x1080 (по умолчанию — экран)")
    parser.add_argument("--screenshot", type=Path, metavar="PNG",
                        help="подключиться, дождаться данных, сохранить один кадр в PNG и выйти")
    parser.add_argument("--timeout", type=float, default=10.0, help="ожидание данных для --screenshot, с")
    parser.add_argument("--place", choices=("window", "cabinet"), default="window",
                        help="объявлять «окно» или «кабинет»")
    parser.add_argument("--voice-dir", type=Path, default=VOICE_DIR, help="каталог голосового пакета")
    parser.add_argument("--mute", action="store_true", help="без голосовых объявлений")
    parser.add_argument("--volume", type=float, default=1.0, help="громкость 0…1")
    parser.add_argument("--fps", type=int, default=60, help="кадров в секунду (на слабом Pi — 30)")
    parser.add_argument("-v", "--verbose", action="store_true", help="подробный журнал")
    return parser


def run_board(argv: list[str]) -> int:
    """Start the board (or take a screenshot)."""
    args = board_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if not args.token:
        print("Ошибка: не указан токен табло (--token или BOARD_TOKEN)", file=sys.stderr)
        return 2
    from .app import BoardApp, BoardConfig, ScreenshotError, take_screenshot

    config = BoardConfig(server=args.server, token=args.token, windowed=args.windowed, size=args.size,
                         place=args.place, voice_dir=args.voice_dir, sound=not args.mute,
                         volume=max(0.0, min(1.0, args.volume)), fps=args.fps)
    if args.screenshot:
        try:
            path = take_screenshot(config, args.screenshot, args.timeout)
        except ScreenshotError as error:
            print(f"Ошибка: {error}", file=sys.stderr)
            return 1
        print(f"Снимок табло сохранён: {path}")
        return 0
    return BoardApp(config).run()


def run_voice_pack(argv: list[str]) -> int:
    """``voice-pack build DIR …``."""
    if not argv or argv[0] != "build":
        print("Использование: python -m display_board voice-pack build DIR [--engine rhvoice|espeak]",
              file=sys.stderr)
        return 2
    from .voice_pack import main_build

    return main_build(argv[1:])


def main(argv: Optional[list[str]] = None) -> int:
    """Dispatch between the board and the voice-pack tool."""
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # keep the journal clean
    if argv and argv[0] == "voice-pack":
        return run_voice_pack(argv[1:])
    return run_board(argv)


if __name__ == "__main__":
    raise SystemExit(main())
