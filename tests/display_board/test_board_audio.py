"""Announcements through pygame.mixer: in order, never overlapping, silent without a device."""

import json
import math
import time

import pygame
import pytest

from display_board.audio import Announcer
from display_board.voice_pack import write_mono


def tone(frequency: float, seconds: float = 0.04, rate: int = 22050):
    """A short sine burst, standing in for a voice fragment."""
    return [int(8000 * math.sin(2 * math.pi * frequency * i / rate)) for i in range(int(seconds * rate))]


@pytest.fixture
def tiny_pack(tmp_path):
    """A voice pack of 40 ms tones (keeps playback tests fast)."""
    for index, name in enumerate(["gong", "talon", "letter_a", "num_1", "okno"]):
        write_mono(tmp_path / f"{name}.wav", tone(300 + 100 * index))
    (tmp_path / "manifest.json").write_text(json.dumps({"fragments": {}}))
    return tmp_path


@pytest.fixture
def mixer():
    """The mixer on SDL's dummy audio driver, closed afterwards."""
    yield
    pygame.mixer.quit()


def plan(text, clips=("gong", "talon", "letter_a", "num_1", "okno", "num_1")):
    return {"text": text, "clips": list(clips)}


def play_until_idle(announcer, timeout=5.0):
    deadline = time.monotonic() + timeout
    while announcer.busy and time.monotonic() < deadline:
        announcer.update()
        time.sleep(0.005)
    return not announcer.busy


def test_announcements_play_in_order_one_at_a_time(tiny_pack, mixer):
    announcer = Announcer(tiny_pack)
    assert announcer.start() is True  # the dummy driver is a working device
    for text in ("первое", "второе", "третье"):
        announcer.enqueue(plan(text))
    announcer.update()
    assert list(announcer.history) == ["первое"]  # the second waits for the first
    assert announcer.pending == 2
    assert play_until_idle(announcer)
    assert list(announcer.history) == ["первое", "второе", "третье"]


def test_missing_fragment_is_skipped_and_the_queue_goes_on(tiny_pack, mixer):
    announcer = Announcer(tiny_pack)
    announcer.start()
    announcer.enqueue(plan("с дырой", ["gong", "num_777", "okno"]))
    announcer.enqueue(plan("следующее", ["gong"]))
    assert play_until_idle(announcer)
    assert list(announcer.history) == ["с дырой", "следующее"]


def test_without_an_audio_device_the_queue_still_advances(tiny_pack, monkeypatch):
    def no_device(*args, **kwargs):
        raise pygame.error("No available audio device")

    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(pygame.mixer, "init", no_device)
    announcer = Announcer(tiny_pack)
    assert announcer.start() is False
    announcer.enqueue(plan("раз"))
    announcer.enqueue(plan("два"))
    announcer.update()
    assert list(announcer.history) == ["раз", "два"]
    assert not announcer.busy


def test_muted_board_announces_on_screen_only(tiny_pack):
    announcer = Announcer(tiny_pack, enabled=False)
    assert announcer.start() is False
    announcer.enqueue(plan("тихо"))
    announcer.update()
    assert list(announcer.history) == ["тихо"]
