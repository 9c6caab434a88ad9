"""Drawing: layout at every size, the newest label's height, Russian text, caching."""

import datetime as dt
import re

import pygame
import pytest

from display_board.model import BoardModel
from display_board.render import BoardRenderer, BoardView, compute_layout
from display_board.tools.fake_server import demo_state, now_iso, window_info

SIZES = [(1280, 720), (1920, 1080), (3840, 2160), (1024, 768), (1080, 1920), (768, 1366)]
WALL = dt.datetime(2026, 12, 4, 10, 15)


class Clock:
    def __init__(self):
        self.now = 50.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def model(clock):
    board = BoardModel(clock=clock)
    board.apply("snapshot", demo_state())
    return board


def render(model, size, clock, **view):
    surface = pygame.Surface(size)
    renderer = BoardRenderer(size)
    info = renderer.render(surface, model, BoardView(now=clock.now, wall=WALL, **view))
    return renderer, surface, info


@pytest.mark.parametrize("size", SIZES)
def test_layout_regions_are_inside_the_screen_and_do_not_overlap(size):
    layout = compute_layout(size)
    screen = pygame.Rect((0, 0), size)
    regions = [layout.top, layout.main, layout.side, layout.ticker]
    assert all(screen.contains(region) and region.width > 0 and region.height > 0 for region in regions)
    assert not any(a.colliderect(b) for i, a in enumerate(regions) for b in regions[i + 1:])
    assert layout.portrait == (size[1] > size[0])


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("label", ["А012", "Б027", "Ж888", "Ш000"])
def test_newest_label_is_at_least_an_eighth_of_the_screen_height(model, clock, size, label):
    model.apply("ticket_called", {"ticket_id": 1, "label": label, "window": window_info(12),
                                  "called_at": now_iso(), "recall": False})
    _, _, info = render(model, size, clock)
    assert info.newest_label_rect.height >= size[1] / 8
    assert pygame.Rect((0, 0), size).contains(info.newest_label_rect)


def test_waiting_panel_uses_correct_plurals(model, clock):
    _, _, info = render(model, (1920, 1080), clock)
    for text in ("В очереди: 14 человек", "Ожидают: 5 человек", "Ожидают: 2 человека", "Ожидает: 1 человек",
                 "Очереди нет", "Консультации", "Юридические лица"):
        assert text in info.texts


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_every_visible_word_is_russian(model, clock, size):
    _, _, info = render(model, size, clock, show_offline=True)
    latin = [text for text in info.texts if re.search("[A-Za-z]", text)]
    assert latin == []
    assert "Нет связи с сервером" in info.texts


def test_offline_badge_only_when_asked(model, clock):
    _, _, info = render(model, (1920, 1080), clock)
    assert "Нет связи с сервером" not in info.texts


def test_status_text_replaces_the_table_before_the_first_snapshot(clock):
    _, _, info = render(BoardModel(clock=clock), (1280, 720), clock, status_text="Подключение к серверу…")
    assert "Подключение к серверу…" in info.texts
    assert info.newest_label_rect is None


def test_fresh_call_blinks_then_stays_enlarged(model, clock):
    model.apply("ticket_called", {"ticket_id": 1, "label": "Б027", "window": window_info(3),
                                  "called_at": now_iso(), "recall": False})
    renderer, surface, first = render(model, (1280, 720), clock)
    phases = [first.blink_on]
    pixel = first.newest_label_rect.move(-10, 0).topleft  # row background beside the label
    colors = {tuple(surface.get_at(pixel))}
    for _ in range(3):
        clock.now += 0.5
        info = renderer.render(surface, model, BoardView(now=clock.now, wall=WALL))
        phases.append(info.blink_on)
        colors.add(tuple(surface.get_at(pixel)))
    assert phases == [True, False, True, False]
    assert len(colors) == 2  # amber and normal
    clock.now += 10
    info = renderer.render(surface, model, BoardView(now=clock.now, wall=WALL))
    assert info.blink_on is None and "Б027" in info.texts


def test_recall_is_marked_while_fresh(model, clock):
    model.apply("ticket_called", {"ticket_id": 100, "label": "А012", "window": window_info(3),
                                  "called_at": now_iso(), "recall": True})
    _, _, info = render(model, (1920, 1080), clock)
    assert "Повторный вызов" in info.texts


def test_unchanged_frames_redraw_only_the_running_line(model, clock):
    renderer, surface, first = render(model, (1920, 1080), clock)
    assert first.full_redraw
    band = renderer.layout.ticker
    before = pygame.image.tobytes(surface.subsurface(band), "RGB")
    clock.now += 0.25
    second = renderer.render(surface, model, BoardView(now=clock.now, wall=WALL))
    assert not second.full_redraw and second.dirty == [band]
    assert pygame.image.tobytes(surface.subsurface(band), "RGB") != before  # it moved
    model.apply("queue_changed", {"waiting": {"1": 9}, "waiting_total": 9})
    third = renderer.render(surface, model, BoardView(now=clock.now, wall=WALL))
    assert third.full_redraw and "Ожидают: 9 человек" in third.texts


def test_running_line_loops_without_a_gap(model, clock):
    renderer, surface, _ = render(model, (1280, 720), clock)
    band = renderer.layout.ticker
    background = surface.get_at((band.right - 2, band.y + 1))
    for _ in range(40):  # long enough to go round the demo text several times
        clock.now += 7.3
        renderer.render(surface, model, BoardView(now=clock.now, wall=WALL))
        strip = surface.subsurface(band)
        lit = sum(1 for x in range(0, band.width, 4) for y in range(band.height // 3, 2 * band.height // 3, 3)
                  if strip.get_at((x, y)) != background)
        assert lit > 0  # never an empty band


def test_window_resize_is_followed(model, clock):
    renderer, _, _ = render(model, (1920, 1080), clock)
    info = renderer.render(pygame.Surface((1080, 1920)), model, BoardView(now=clock.now, wall=WALL))
    assert renderer.layout.portrait and info.full_redraw
