"""Fixtures of the hall-board tests: headless SDL, a fake protocol server, an in-process app.

Fixture names carry "board" so they cannot clash with the rest of the suite.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Before pygame is imported anywhere: no window, no sound card needed.
os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:  # run from anywhere, with or without the lead's config
    sys.path.insert(0, str(REPO_ROOT))

import pygame  # noqa: E402
import pytest  # noqa: E402

from display_board.app import BoardApp, BoardConfig  # noqa: E402
from display_board.audio import Announcer  # noqa: E402
from display_board.tools.fake_server import DEMO_TOKEN, FakeBoardServer  # noqa: E402


@pytest.fixture
def board_server():
    """A running fake server with the demo office; stopped after the test."""
    server = FakeBoardServer().start()
    yield server
    server.stop()


@pytest.fixture
def make_board_app():
    """Factory of started in-process board apps on an off-screen surface (silent)."""
    apps = []

    def make(server_url: str, token: str = DEMO_TOKEN, size=(1280, 720), **overrides) -> BoardApp:
        options = dict(backoff_initial=0.1, backoff_max=0.4, offline_grace_s=0.3, sound=False)
        options.update(overrides)
        config = BoardConfig(server=server_url, token=token, **options)
        app = BoardApp(config, surface=pygame.Surface(size), announcer=Announcer(enabled=False))
        app.start()
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.stop()
