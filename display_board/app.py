"""The board application: render loop, event intake, announcements, screenshot.

Threads: the Socket.IO link runs in its own thread and only puts events into
``BoardApp.events``; everything else — the model, pygame drawing and the
mixer — happens on the main thread in :meth:`BoardApp.step`, one call per
frame.  Tests drive ``step()`` directly on an off-screen surface.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import queue
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pygame

from . import VOICE_DIR
from .audio import Announcer
from .model import BoardModel, Call
from .net import STATUS_EVENT, ServerLink
from .phrase import GONG, PLACES, clip_plan
from .render import BoardRenderer, BoardView, FrameInfo

log = logging.getLogger(__name__)

WINDOW_TITLE = "Табло электронной очереди"
DEFAULT_WINDOWED_SIZE = (1280, 720)
PLACE_CAPTIONS = {"window": "Окно", "cabinet": "Кабинет"}


@dataclass(frozen=True)
class BoardConfig:
    """Everything the board can be told on the command line."""

    server: str
    token: str
    windowed: bool = False
    size: Optional[tuple] = None  # None: the screen's own resolution (fullscreen)
    place: str = "window"  # "window" or "cabinet": the word said and shown
    voice_dir: Path = VOICE_DIR
    sound: bool = True
    volume: float = 1.0
    max_calls: int = 8
    fresh_seconds: float = 10.0  # how long the newest call blinks
    offline_grace_s: float = 3.0  # short blips do not flash the offline badge
    offline_announce_s: float = 60.0  # see model: calls missed while offline
    fps: int = 60
    backoff_initial: float = 0.5
    backoff_max: float = 15.0

    def __post_init__(self) -> None:
        if self.place not in PLACES:
            raise ValueError(f"place должен быть window или cabinet, а не {self.place!r}")


class BoardApp:
    """One hall board: connection, model, renderer and announcer glued by a frame loop."""

    def __init__(
        self,
        config: BoardConfig,
        surface: Optional[pygame.Surface] = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], dt.datetime] = lambda: dt.datetime.now().astimezone(),
        link: Any = None,
        announcer: Optional[Announcer] = None,
    ) -> None:
        self.config = config
        self.clock = clock
        self.wall_clock = wall_clock
        self.events: "queue.Queue[tuple[str, Any]]" = queue.Queue()
        self.model = BoardModel(config.max_calls, config.fresh_seconds, config.offline_announce_s, clock=clock)
        self.link = link if link is not None else ServerLink(
            config.server, config.token, self.events, config.backoff_initial, config.backoff_max)
        self.announcer = announcer if announcer is not None else Announcer(
            config.voice_dir, config.sound, config.volume)
        self.surface = surface
        self.renderer: Optional[BoardRenderer] = None
        self.connected = False
        self.offline_since = clock()
        self.connection_error = ""
        self.frames = 0
        self.last_frame: Optional[FrameInfo] = None
        self.running = False

    # --- lifecycle ------------------------------------------------------------------

    def start(self) -> None:
        """Open the display (unless a surface was given), the mixer and the link."""
        if self.surface is None:
            self.surface = open_display(self.config)
        self.renderer = BoardRenderer(self.surface.get_size())
        self.announcer.start()
        self.link.start()
        self.running = True

    def stop(self) -> None:
        """Disconnect; the caller decides whether to quit pygame."""
        self.running = False
        self.link.stop()

    def run(self) -> int:
        """The interactive loop: until Esc, Q or the window is closed."""
        self.start()
        ticker = pygame.time.Clock()
        try:
            while self.running:
                self._handle_pygame_events()
                frame = self.step()
                pygame.display.update(frame.dirty)
                ticker.tick(self.config.fps)
        finally:
            self.stop()
            pygame.quit()
        return 0

    # --- one frame ----------------------------------------------------------------------

    def step(self) -> FrameInfo:
        """Take all pending events, feed announcements, advance audio, draw a frame."""
        self.drain_events()
        self._feed_announcer()
        self.announcer.update()
        now = self.clock()
        frame = self.renderer.render(self.surface, self.model, self.view(now))
        self.frames += 1
        self.last_frame = frame
        return frame

    def drain_events(self) -> int:
        """Apply every queued server/connection event; returns how many."""
        count = 0
        while True:
            try:
                name, data = self.events.get_nowait()
            except queue.Empty:
                return count
            self.handle_event(name, data)
            count += 1

    def handle_event(self, name: str, data: Any) -> None:
        """Route one event to the connection state or the model."""
        if name == STATUS_EVENT:
            self._set_connection(bool(data.get("connected")), str(data.get("error") or ""))
        else:
            self.model.apply(name, data)

    def view(self, now: float) -> BoardView:
        """Per-frame view inputs: clock, offline badge, status text."""
        return BoardView(
            now=now,
            wall=self.office_time(),
            show_offline=self.offline_visible(now),
            status_text=self.status_text(),
            place_word=PLACE_CAPTIONS[self.config.place],
        )

    def office_time(self) -> dt.datetime:
        """Wall time in the office's time zone when the server names it.

        A Pi image often runs in UTC; the hall must still see local time.
        """
        now = self.wall_clock()
        zone = self.model.office_timezone
        if zone:
            try:
                return now.astimezone(ZoneInfo(zone))
            except (ZoneInfoNotFoundError, ValueError):
                log.warning("Неизвестный часовой пояс офиса %r: показываем время табло", zone)
                self.model.office_timezone = None
        return now

    def offline_visible(self, now: float) -> bool:
        """Show «Нет связи» only after ``offline_grace_s``: a blip is not news."""
        return not self.connected and now - self.offline_since >= self.config.offline_grace_s

    def status_text(self) -> str:
        """Text replacing the table until the first snapshot arrives."""
        if self.model.snapshots_seen:
            return ""
        return self.connection_error or "Подключение к серверу…"

    # --- internals -----------------------------------------------------------------------

    def _set_connection(self, connected: bool, error: str) -> None:
        """Track online/offline; the offline clock starts at the first loss."""
        if self.connected and not connected:
            self.offline_since = self.clock()
        self.connected = connected
        self.connection_error = "" if connected else error

    def _feed_announcer(self) -> None:
        """Hand every new call to the announcer, in order."""
        while True:
            call = self.model.pop_announcement()
            if call is None:
                return
            self.announcer.enqueue(self._plan(call))

    def _plan(self, call: Call) -> dict:
        """The clip plan of a call; a label we cannot pronounce still gets the gong."""
        try:
            return clip_plan(call.label, call.window_number, self.config.place)
        except ValueError as error:
            log.warning("Не удалось составить объявление для %s: %s", call.label, error)
            return {"text": f"Талон {call.label}", "clips": [GONG]}

    def _handle_pygame_events(self) -> None:
        """Quit on Esc/Q/close; everything else (resize) is picked up by the renderer."""
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                self.running = False
            elif event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_q):
                self.running = False


def open_display(config: BoardConfig) -> pygame.Surface:
    """Fullscreen at the screen's resolution (or --size), or a resizable window."""
    pygame.display.init()
    pygame.display.set_caption(WINDOW_TITLE)
    if config.windowed:
        return pygame.display.set_mode(config.size or DEFAULT_WINDOWED_SIZE, pygame.RESIZABLE)
    surface = pygame.display.set_mode(config.size or (0, 0), pygame.FULLSCREEN)
    pygame.mouse.set_visible(False)  # a cursor in the middle of a hall TV looks broken
    return surface


class ScreenshotError(RuntimeError):
    """The snapshot did not arrive in time (message is Russian, for people)."""


def take_screenshot(config: BoardConfig, path: Path, timeout: float = 10.0,
                    wall_clock: Optional[Callable[[], dt.datetime]] = None) -> Path:
    """Connect, wait for the snapshot, render one frame at ``config.size``, save a PNG."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")  # no window is ever shown
    size = config.size or (1920, 1080)
    surface = pygame.Surface(size)
    kwargs = {"wall_clock": wall_clock} if wall_clock else {}
    app = BoardApp(replace(config, sound=False), surface=surface, **kwargs)
    app.start()
    try:
        deadline = time.monotonic() + timeout
        while not app.model.snapshots_seen:
            if time.monotonic() > deadline:
                reason = app.connection_error or "сервер не ответил"
                raise ScreenshotError(
                    f"Не получены данные от сервера {config.server} за {timeout:g} с: {reason}")
            app.drain_events()
            time.sleep(0.02)
        app.step()
    finally:
        app.stop()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(surface, str(path))
    return path
