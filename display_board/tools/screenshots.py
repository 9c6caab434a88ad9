"""Regenerate the documentation screenshots of the board from demo data.

Starts the fake server with a realistic office and runs the real CLI
(``python -m display_board --screenshot``) once per size:

    python -m display_board.tools.screenshots docs/board
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from .fake_server import DEMO_TOKEN, FakeBoardServer

SIZES = ((1920, 1080), (1080, 1920))


def take(server_url: str, path: Path, size: tuple, token: str = DEMO_TOKEN) -> None:
    """One screenshot through the command line, exactly as an installer would run it."""
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    command = [sys.executable, "-m", "display_board", "--server", server_url, "--token", token,
               "--screenshot", str(path), "--size", f"{size[0]}x{size[1]}"]
    subprocess.run(command, check=True, env=env, timeout=60)


def main(argv=None) -> int:
    """Write board-WxH.png for every size into the target directory."""
    parser = argparse.ArgumentParser(description="Снимки табло для документации.")
    parser.add_argument("directory", type=Path, nargs="?", default=Path("docs/board"))
    args = parser.parse_args(argv)
    args.directory.mkdir(parents=True, exist_ok=True)
    with FakeBoardServer() as server:
        for size in SIZES:
            path = args.directory / f"board-{size[0]}x{size[1]}.png"
            take(server.url, path, size)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
