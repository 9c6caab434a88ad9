"""Voice announcements through pygame.mixer: one channel, one queue, no overlap.

Each announcement is a list of clip names (see :mod:`display_board.phrase`).
Clips of one announcement are chained gaplessly with ``Channel.queue``;
announcements follow each other strictly in order.  ``update()`` is called
once per frame by the render loop, so no extra thread touches the mixer.

Without an audio device (SDL_AUDIODRIVER=dummy in tests, an unplugged HDMI
sink, a mixer error) the announcer stays silent but still takes every
announcement off the queue in order, and logs it, so nothing piles up.
"""

from __future__ import annotations

import logging
from collections import deque
from pathlib import Path
from typing import Optional

from . import VOICE_DIR
from .voice_pack import clip_paths

log = logging.getLogger(__name__)

HISTORY_LIMIT = 200


class Announcer:
    """Plays announcement clip lists one after another on a single mixer channel."""

    def __init__(self, voice_dir: Path = VOICE_DIR, enabled: bool = True, volume: float = 1.0) -> None:
        self.voice_dir = Path(voice_dir)
        self.enabled = enabled
        self.volume = volume
        self.silent = True  # until start() opens the mixer
        self.history: deque[str] = deque(maxlen=HISTORY_LIMIT)  # texts started, for logs and tests
        self.current: Optional[dict] = None
        self._pending: deque[dict] = deque()
        self._clips: deque[str] = deque()
        self._paths = {}
        self._sounds = {}
        self._missing_reported = set()
        self._channel = None

    def start(self) -> bool:
        """Open the mixer; returns False (silent mode) when there is no usable audio."""
        self._paths = clip_paths(self.voice_dir)
        if not self.enabled:
            log.info("Звук отключён: объявления только на экране")
            return False
        try:
            import pygame

            if not pygame.mixer.get_init():
                pygame.mixer.init(frequency=22050, size=-16, channels=2, buffer=1024)
            self._channel = pygame.mixer.Channel(0)
            self._channel.set_volume(self.volume)
            pygame.mixer.set_reserved(1)  # nothing else may steal channel 0
        except Exception as error:  # noqa: BLE001 — pygame.error, ImportError, OSError…
            log.warning("Нет звукового устройства (%s): объявления без голоса", error)
            self._channel = None
            return False
        self.silent = False
        return True

    def enqueue(self, plan: dict) -> None:
        """Queue one announcement: ``{"text": …, "clips": [...]}``."""
        self._pending.append(plan)

    @property
    def pending(self) -> int:
        """Announcements not yet started."""
        return len(self._pending)

    @property
    def busy(self) -> bool:
        """True while an announcement is playing or waiting."""
        return bool(self._pending or self._clips or (self._channel is not None and self._channel.get_busy()))

    def update(self) -> None:
        """Advance playback; call once per frame."""
        if self.silent:
            self._drain_silently()
            return
        if self._channel.get_busy():
            self._chain_next_clip()
            return
        if not self._clips:
            self.current = None
            if not self._start_next_announcement():
                return
        self._play_next_clip()
        self._chain_next_clip()

    # --- internals ------------------------------------------------------------

    def _drain_silently(self) -> None:
        """No audio: take every pending announcement in order and only log it."""
        while self._pending:
            plan = self._pending.popleft()
            self.history.append(plan["text"])
            log.info("Объявление (без звука): %s", plan["text"])
        self.current = None

    def _start_next_announcement(self) -> bool:
        """Load the next announcement's clips; False when none is pending."""
        if not self._pending:
            return False
        self.current = self._pending.popleft()
        self._clips = deque(self.current["clips"])
        self.history.append(self.current["text"])
        log.info("Объявление: %s", self.current["text"])
        return True

    def _play_next_clip(self) -> None:
        """Start the next loadable clip on the idle channel."""
        sound = self._next_sound()
        if sound is not None:
            self._channel.play(sound)

    def _chain_next_clip(self) -> None:
        """Queue the following clip behind the playing one, so words join without gaps."""
        if self._clips and self._channel.get_queue() is None:
            sound = self._next_sound()
            if sound is not None:
                self._channel.queue(sound)

    def _next_sound(self):
        """Pop clips until one loads; a missing fragment is skipped, reported once."""
        while self._clips:
            sound = self._load(self._clips.popleft())
            if sound is not None:
                return sound
        return None

    def _load(self, name: str):
        """pygame Sound of a clip, cached; None if the pack lacks it or it is broken."""
        if name in self._sounds:
            return self._sounds[name]
        path = self._paths.get(name)
        sound = None
        if path is not None:
            try:
                import pygame

                sound = pygame.mixer.Sound(str(path))
            except Exception as error:  # noqa: BLE001 — a broken file must not stop the board
                log.warning("Не удалось загрузить фрагмент %s (%s)", path, error)
        elif name not in self._missing_reported:
            self._missing_reported.add(name)
            log.warning("В голосовом пакете %s нет фрагмента %s", self.voice_dir, name)
        self._sounds[name] = sound
        return sound
