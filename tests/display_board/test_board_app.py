"""The board app against a real in-test Socket.IO server over 127.0.0.1."""

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

import pygame
import pytest

from display_board.app import BoardApp, BoardConfig
from display_board.audio import Announcer
from display_board.tools.fake_server import DEMO_TOKEN, FakeBoardServer

REPO_ROOT = Path(__file__).resolve().parents[2]


def wait_until(predicate, timeout: float = 5.0, step=None) -> bool:
    """Poll ``predicate`` (running ``step``, e.g. one app frame, between polls) until true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if step is not None:
            step()
        if predicate():
            return True
        time.sleep(0.01)
    return False


def queued_event_names(app):
    """Names of events waiting in the app's queue (peek, without consuming)."""
    with app.events.mutex:
        return [name for name, _ in app.events.queue]


def connected_app(make_board_app, server, **options):
    app = make_board_app(server.url, **options)
    assert wait_until(lambda: app.model.snapshots_seen >= 1, step=app.step), "нет снимка от сервера"
    return app


def test_snapshot_is_rendered(make_board_app, board_server):
    app = connected_app(make_board_app, board_server)
    frame = app.step()
    assert "А012" in frame.texts and "Офис обслуживания на ул. Кузнечной, 92" in frame.texts
    assert list(app.announcer.history) == []  # history is shown silently


def test_a_call_is_rendered_within_one_frame_of_its_arrival(make_board_app, board_server):
    app = connected_app(make_board_app, board_server)
    board_server.call("Б027", 3, service_id=2)
    assert wait_until(lambda: "ticket_called" in queued_event_names(app))
    frame = app.step()  # exactly one frame
    assert app.model.calls[0].label == "Б027"
    assert "Б027" in frame.texts and frame.full_redraw and frame.blink_on is True
    assert list(app.announcer.history) == ["Талон бэ двадцать семь, окно три"]


def test_five_quick_calls_are_announced_in_order(make_board_app, board_server):
    app = connected_app(make_board_app, board_server)
    labels = ["А013", "Б004", "В008", "А014", "К002"]
    for window, label in enumerate(labels, start=1):
        board_server.call(label, window)
    assert wait_until(lambda: len(app.announcer.history) == 5, step=app.step)
    assert [text.split(",")[0] for text in app.announcer.history] == [
        "Талон а тринадцать", "Талон бэ четыре", "Талон вэ восемь", "Талон а четырнадцать", "Талон ка два"]
    assert [c.label for c in app.model.calls[:5]] == list(reversed(labels))


def test_queue_changed_and_board_message_are_shown(make_board_app, board_server):
    app = connected_app(make_board_app, board_server)
    board_server.set_waiting({1: 7, 2: 0})
    board_server.message("Офис закрывается в 18:00")
    assert wait_until(lambda: app.model.messages == ["Офис закрывается в 18:00"], step=app.step)
    frame = app.step()
    assert "В очереди: 7 человек" in frame.texts and "Ожидают: 7 человек" in frame.texts


def test_offline_state_then_reconnect_with_calls_made_meanwhile(make_board_app, board_server):
    app = connected_app(make_board_app, board_server)
    board_server.call("Б027", 3)
    assert wait_until(lambda: len(app.announcer.history) == 1, step=app.step)

    board_server.stop()
    assert wait_until(lambda: "Нет связи с сервером" in app.step().texts, timeout=5)
    assert "Б027" in app.step().texts  # the last known state stays on screen

    board_server.call("В015", 2)  # while the board is offline: recent, announce on return
    board_server.call("Г009", 4, seconds_ago=90)  # made too long ago: show, do not announce
    board_server.start()  # same port
    assert wait_until(lambda: app.model.snapshots_seen == 2 and app.connected, step=app.step, timeout=8)
    frame = app.step()
    assert "Нет связи с сервером" not in frame.texts
    assert {"В015", "Г009", "Б027"} <= set(frame.texts)
    assert list(app.announcer.history) == ["Талон бэ двадцать семь, окно три", "Талон вэ пятнадцать, окно два"]


def test_short_blip_does_not_flash_the_offline_badge(make_board_app, board_server):
    app = connected_app(make_board_app, board_server, offline_grace_s=30)
    board_server.stop()
    assert wait_until(lambda: not app.connected, step=app.step)
    assert "Нет связи с сервером" not in app.step().texts


def test_refused_token_is_explained_in_russian(make_board_app, board_server):
    app = make_board_app(board_server.url, token="чужой-токен")
    assert wait_until(lambda: "отклонил" in app.status_text(), step=app.step)
    assert app.model.snapshots_seen == 0 and board_server.refused >= 1
    assert any("отклонил" in text for text in app.step().texts)


def test_interactive_loop_runs_and_quits_on_escape(board_server, monkeypatch):
    config = BoardConfig(server=board_server.url, token=DEMO_TOKEN, windowed=True, size=(640, 360), sound=False)
    app = BoardApp(config, announcer=Announcer(enabled=False))
    original_step = app.step

    def step_then_press_escape():
        frame = original_step()
        if app.model.snapshots_seen and app.frames >= 3:
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE))
        return frame

    monkeypatch.setattr(app, "step", step_then_press_escape)
    started = time.monotonic()
    assert app.run() == 0
    assert app.model.snapshots_seen == 1 and time.monotonic() - started < 10


def run_cli(*args, timeout=30):
    env = {"SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "display_board", *args], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_screenshot_cli(board_server, tmp_path, size):
    target = tmp_path / "board.png"
    result = run_cli("--server", board_server.url, "--token", DEMO_TOKEN, "--screenshot", str(target),
                     "--size", f"{size[0]}x{size[1]}")
    assert result.returncode == 0, result.stderr
    assert pygame.image.load(str(target)).get_size() == size


def test_screenshot_cli_fails_in_russian_without_a_server(tmp_path):
    with FakeBoardServer() as probe:
        url = probe.url  # a port that is free again once the probe stops
    result = run_cli("--server", url, "--token", DEMO_TOKEN, "--screenshot", str(tmp_path / "x.png"),
                     "--timeout", "1")
    assert result.returncode == 1
    assert "Ошибка: Не получены данные от сервера" in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_cli_rejects_a_bad_size():
    result = run_cli("--server", "http://127.0.0.1:9", "--token", "x", "--size", "большой")
    assert result.returncode == 2 and "ШИРИНАxВЫСОТА" in result.stderr


class StubLink:
    """A link that never connects: for app logic without the network."""

    def start(self):
        pass

    def stop(self):
        pass


def test_clock_shows_office_time_even_on_a_utc_pi():
    utc_now = dt.datetime(2026, 12, 4, 5, 15, tzinfo=dt.timezone.utc)
    config = BoardConfig(server="http://127.0.0.1:9", token=DEMO_TOKEN, sound=False)
    app = BoardApp(config, surface=pygame.Surface((1280, 720)), wall_clock=lambda: utc_now,
                   link=StubLink(), announcer=Announcer(enabled=False))
    app.start()
    app.handle_event("snapshot", {"office": {"id": 1, "name": "Офис", "timezone": "Asia/Yekaterinburg"},
                                  "calls": [], "waiting": {}, "waiting_total": 0, "windows": []})
    assert "10:15" in app.step().texts
    app.handle_event("snapshot", {"office": {"id": 1, "name": "Офис", "timezone": "Марс/Олимп"},
                                  "calls": [], "waiting": {}, "waiting_total": 0, "windows": []})
    assert "05:15" in app.step().texts  # an unknown zone falls back to the board's own clock
