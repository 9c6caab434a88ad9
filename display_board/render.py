"""Drawing the hall board with pygame, for any resolution and orientation.

Layout is computed from the surface size alone (720p to 4K, landscape or
portrait), so the same code drives a 32" TV on its side and a 4K panel.

Speed matters on a Raspberry Pi: everything except the running line is drawn
into a cached "static" layer that is rebuilt only when something visible
changes (model version, blink phase, clock minute, connection state).  A
normal frame blits just the running-line band and reports it as the only
dirty rectangle, so the app can ``display.update`` a strip instead of 8 MB.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pygame

from . import FONTS_DIR
from .model import BoardModel, Call
from .ru import clock_text, long_date, people_count, waiting_phrase

# --- theme ---------------------------------------------------------------------


@dataclass(frozen=True)
class Theme:
    """Dark, high-contrast palette readable from across a hall."""

    background: tuple = (10, 16, 30)
    top_bar: tuple = (18, 28, 48)
    text: tuple = (240, 244, 250)
    muted: tuple = (150, 166, 190)
    accent: tuple = (255, 196, 0)  # amber: window numbers, the fresh call
    accent_text: tuple = (14, 18, 28)  # dark text on amber
    row: tuple = (20, 31, 52)
    row_alt: tuple = (15, 24, 42)
    newest_row: tuple = (28, 44, 74)
    panel: tuple = (16, 26, 45)
    badge: tuple = (60, 130, 220)
    badge_text: tuple = (255, 255, 255)
    none_waiting: tuple = (120, 210, 140)
    ticker: tuple = (24, 36, 62)
    ticker_separator: tuple = (255, 196, 0)
    offline: tuple = (200, 50, 50)


THEME = Theme()

FONT_FILES = {
    "bold": "DejaVuSans-Bold.ttf",
    "regular": "DejaVuSans.ttf",
    "condensed": "DejaVuSansCondensed-Bold.ttf",
}
OFFLINE_TEXT = "Нет связи с сервером"
RECALL_TEXT = "Повторный вызов"
BLINK_PERIOD_S = 1.0  # one on/off cycle of the fresh call
TICKER_SEPARATOR = "•"
# The newest label's capital letters are at least this share of the screen
# height (readable from the back of a hall; 1/8 is the floor).  Landscape
# screens have room for more; portrait ones are bound by the width.
NEWEST_LABEL_SHARE = {"landscape": 1 / 7, "portrait": 1 / 8}
# Cap height of DejaVu Sans (Bold, Condensed Bold) per point of font size;
# the ink of digits is slightly taller (0.76), so letters are the binding case.
CAP_HEIGHT_RATIO = 0.73


# --- fonts and text ----------------------------------------------------------------


class Fonts:
    """Bundled TTFs by weight and pixel size, cached; rendered text cached too."""

    def __init__(self, fonts_dir: Path = FONTS_DIR, text_cache_size: int = 512) -> None:
        pygame.font.init()
        self.fonts_dir = Path(fonts_dir)
        self._fonts: dict[tuple, pygame.font.Font] = {}
        self._texts: OrderedDict = OrderedDict()
        self._text_cache_size = text_cache_size

    def get(self, weight: str, size: int) -> pygame.font.Font:
        """Font of ``weight`` ("bold", "regular", "condensed") at ``size`` px."""
        key = (weight, max(6, int(size)))
        font = self._fonts.get(key)
        if font is None:
            font = pygame.font.Font(str(self.fonts_dir / FONT_FILES[weight]), key[1])
            self._fonts[key] = font
        return font

    def text(self, weight: str, size: int, text: str, color: tuple) -> pygame.Surface:
        """Rendered anti-aliased text (LRU-cached: the board redraws the same words all day)."""
        key = (weight, int(size), text, color)
        surface = self._texts.get(key)
        if surface is None:
            surface = self.get(weight, size).render(text, True, color)
            self._texts[key] = surface
            if len(self._texts) > self._text_cache_size:
                self._texts.popitem(last=False)
        else:
            self._texts.move_to_end(key)
        return surface

    def fit_size(self, weight: str, text: str, max_width: int, max_height: int) -> int:
        """Largest size whose line fits ``max_width`` × ``max_height`` (binary search)."""
        low, high = 6, max(7, int(max_height))
        while low < high:
            middle = (low + high + 1) // 2
            width, height = self.get(weight, middle).size(text)
            if width <= max_width and height <= max_height:
                low = middle
            else:
                high = middle - 1
        return low

    def ellipsize(self, weight: str, size: int, text: str, max_width: int) -> str:
        """Shorten ``text`` with «…» until it fits ``max_width``."""
        font = self.get(weight, size)
        if font.size(text)[0] <= max_width:
            return text
        while text and font.size(text + "…")[0] > max_width:
            text = text[:-1]
        return text.rstrip() + "…"


# --- layout ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """Rectangles of the board's regions for one surface size."""

    size: tuple
    portrait: bool
    pad: int
    top: pygame.Rect
    main: pygame.Rect
    side: pygame.Rect
    ticker: pygame.Rect


def compute_layout(size: tuple) -> Layout:
    """Split the screen: top bar, calls (main), waiting (side or bottom), running line."""
    width, height = size
    portrait = height > width
    pad = max(6, round(min(width, height) * 0.018))
    top_h = round(height * (0.06 if portrait else 0.09))
    ticker_h = round(height * (0.05 if portrait else 0.08))
    top = pygame.Rect(0, 0, width, top_h)
    ticker = pygame.Rect(0, height - ticker_h, width, ticker_h)
    body = pygame.Rect(pad, top_h + pad, width - 2 * pad, height - top_h - ticker_h - 2 * pad)
    if portrait:
        main_h = round(body.height * 0.6)
        main = pygame.Rect(body.x, body.y, body.width, main_h)
        side = pygame.Rect(body.x, body.y + main_h + pad, body.width, body.height - main_h - pad)
    else:
        side_w = round(body.width * (0.34 if width / height >= 1.6 else 0.4))  # 4:3 needs a wider panel
        main = pygame.Rect(body.x, body.y, body.width - side_w - pad, body.height)
        side = pygame.Rect(main.right + pad, body.y, side_w, body.height)
    return Layout(size, portrait, pad, top, main, side, ticker)


# --- per-frame inputs and outputs -----------------------------------------------------------


@dataclass
class BoardView:
    """What the renderer needs besides the model: time and connection state."""

    now: float  # monotonic seconds (blink, running line)
    wall: dt.datetime  # local time for the clock
    show_offline: bool = False  # the discreet «Нет связи с сервером» badge
    status_text: str = ""  # shown instead of the table before the first snapshot
    place_word: str = "Окно"  # column caption: «Окно» or «Кабинет»


@dataclass
class FrameInfo:
    """Result of one rendered frame (used by the app loop and by tests)."""

    dirty: list
    full_redraw: bool
    texts: list = field(default_factory=list)  # every text of the static layer
    newest_label_rect: Optional[pygame.Rect] = None  # ink box of the newest label
    blink_on: Optional[bool] = None  # None when no call is fresh


# --- the renderer --------------------------------------------------------------------------------


class BoardRenderer:
    """Draws a :class:`BoardModel` onto a surface; see the module doc for caching."""

    def __init__(self, size: tuple, fonts_dir: Path = FONTS_DIR, theme: Theme = THEME) -> None:
        self.fonts = Fonts(fonts_dir)
        self.theme = theme
        self.ticker = Ticker(self.fonts, theme)
        self._ink_cache: dict[tuple, pygame.Rect] = {}
        self.resize(size)

    def resize(self, size: tuple) -> None:
        """Adopt a new surface size (window resized, other screen)."""
        self.layout = compute_layout(tuple(size))
        self._static = pygame.Surface(self.layout.size)
        self._static_key = None
        self._last_target = None
        self._info_texts: list[str] = []
        self._newest_rect: Optional[pygame.Rect] = None

    def render(self, target: pygame.Surface, model: BoardModel, view: BoardView) -> FrameInfo:
        """Draw one frame onto ``target``; returns the dirty rectangles."""
        if target.get_size() != self.layout.size:
            self.resize(target.get_size())
        elapsed = model.fresh_elapsed(view.now)
        blink_on = None if elapsed is None else (elapsed % BLINK_PERIOD_S) < BLINK_PERIOD_S / 2
        key = (model.version, blink_on, view.show_offline, view.status_text, view.place_word,
               clock_text(view.wall), view.wall.date())
        if target is not self._last_target:
            # Same pixel format as the target, so the per-frame copy needs no conversion.
            self._static = pygame.Surface(self.layout.size, 0, target)
            self._static_key = None
        full = key != self._static_key or target is not self._last_target
        if key != self._static_key:
            self._draw_static(model, view, blink_on)
            self._static_key = key
        if full:
            target.blit(self._static, (0, 0))
            self._last_target = target
        self.ticker.draw(target, self.layout.ticker, model.ticker_items(), view.now)
        dirty = [target.get_rect()] if full else [self.layout.ticker.copy()]
        return FrameInfo(dirty, full, list(self._info_texts), self._newest_rect, blink_on)

    # --- static layer -----------------------------------------------------------------

    def _draw_static(self, model: BoardModel, view: BoardView, blink_on: Optional[bool]) -> None:
        """Rebuild everything but the running line."""
        surface = self._static
        surface.fill(self.theme.background)
        self._info_texts = []
        self._newest_rect = None
        self._draw_top_bar(surface, model, view)
        if view.status_text:
            self._draw_status(surface, view.status_text)
        else:
            self._draw_calls(surface, model, view, blink_on)
        self._draw_waiting(surface, model)

    def _blit_text(self, surface, weight, size, text, color, **anchor) -> pygame.Rect:
        """Render and place text by a Rect anchor (``midleft=…``, ``center=…``); records it."""
        image = self.fonts.text(weight, size, text, color)
        rect = image.get_rect(**anchor)
        surface.blit(image, rect)
        self._info_texts.append(text)
        return rect

    def _draw_top_bar(self, surface, model: BoardModel, view: BoardView) -> None:
        """Office name on the left; clock, date and the offline badge on the right.

        When the name does not fit on one line with the date (and the badge),
        the date and the badge move under the name instead of truncating it.
        """
        bar, pad = self.layout.top, self.layout.pad
        surface.fill(self.theme.top_bar, bar)
        clock_rect = self._blit_text(surface, "bold", round(bar.height * 0.62), clock_text(view.wall),
                                     self.theme.text, midright=(bar.right - 2 * pad, bar.centery))
        right_edge = clock_rect.left - 2 * pad
        left = bar.x + 2 * pad
        date = long_date(view.wall)
        date_size, name_size, badge_size = round(bar.height * 0.3), round(bar.height * 0.42), round(bar.height * 0.28)
        date_w = self.fonts.get("regular", date_size).size(date)[0]
        name_w = self.fonts.get("bold", name_size).size(model.office_name)[0]
        badge_w = self._offline_badge_width(badge_size) + pad if view.show_offline else 0
        if left + name_w + 2 * pad + badge_w + date_w <= right_edge:
            date_rect = self._blit_text(surface, "regular", date_size, date, self.theme.muted,
                                        midright=(right_edge, bar.centery))
            if view.show_offline:
                self._draw_offline_badge(surface, badge_size, midright=(date_rect.left - pad, bar.centery))
            self._blit_text(surface, "bold", name_size, model.office_name, self.theme.text,
                            midleft=(left, bar.centery))
            return
        name_size = max(round(bar.height * 0.24), min(round(bar.height * 0.34), self.fonts.fit_size(
            "bold", model.office_name, right_edge - left, bar.height)))
        name = self.fonts.ellipsize("bold", name_size, model.office_name, right_edge - left)
        split = bar.centery + round(bar.height * 0.06)
        self._blit_text(surface, "bold", name_size, name, self.theme.text, bottomleft=(left, split))
        date_rect = self._blit_text(surface, "regular", round(bar.height * 0.26), date, self.theme.muted,
                                    topleft=(left, split))
        if view.show_offline:
            self._draw_offline_badge(surface, round(bar.height * 0.22),
                                     midleft=(date_rect.right + 2 * pad, date_rect.centery))

    def _offline_badge_width(self, size: int) -> int:
        """Width of the offline pill at text size ``size``."""
        return self.fonts.get("bold", size).size(OFFLINE_TEXT)[0] + size

    def _draw_offline_badge(self, surface, size: int, **anchor) -> pygame.Rect:
        """The discreet red «Нет связи с сервером» pill, placed by a Rect anchor."""
        image = self.fonts.text("bold", size, OFFLINE_TEXT, self.theme.text)
        pill = image.get_rect().inflate(size, round(size * 0.5))
        for name, value in anchor.items():  # e.g. midright=(x, y)
            setattr(pill, name, value)
        pygame.draw.rect(surface, self.theme.offline, pill, border_radius=pill.height // 2)
        surface.blit(image, image.get_rect(center=pill.center))
        self._info_texts.append(OFFLINE_TEXT)
        return pill

    def _draw_status(self, surface, text: str) -> None:
        """A centered message instead of the table (connecting, refused)."""
        area = self.layout.main
        size = self.fonts.fit_size("regular", text, area.width - 2 * self.layout.pad, area.height * 0.08)
        self._blit_text(surface, "regular", size, text, self.theme.muted, center=area.center)

    # --- calls ---------------------------------------------------------------------------------

    def _draw_calls(self, surface, model: BoardModel, view: BoardView, blink_on: Optional[bool]) -> None:
        """Header, the newest call enlarged, then older calls as table rows."""
        area, pad = self.layout.main, self.layout.pad
        header_h = round(self.layout.size[1] * (0.045 if self.layout.portrait else 0.06))
        columns = self._columns(area)
        caption_gap = self._draw_header(surface, pygame.Rect(area.x, area.y, area.width, header_h), columns,
                                        view.place_word)
        if not model.calls:
            empty = pygame.Rect(area.x, area.y + header_h, area.width, area.height - header_h)
            size = round(self.layout.size[1] * 0.045)
            self._blit_text(surface, "regular", size, "Вызовов пока нет", self.theme.muted, center=empty.center)
            return
        newest = model.calls[0]
        if newest.recall and blink_on is not None:  # say why an old ticket is back on top
            size = min(round(header_h * 0.55), self.fonts.fit_size("bold", RECALL_TEXT, caption_gap.width - 2 * pad,
                                                                   header_h))
            self._blit_text(surface, "bold", size, RECALL_TEXT, self.theme.accent, center=caption_gap.center)
        newest_bottom = self._draw_newest(surface, newest, area.y + header_h, columns, view, blink_on)
        rows_area = pygame.Rect(area.x, newest_bottom + pad, area.width, area.bottom - newest_bottom - pad)
        self._draw_older_rows(surface, model.calls[1:], rows_area, columns)

    def _columns(self, area: pygame.Rect) -> dict:
        """x positions of the label column (left edge) and window column (center)."""
        pad = self.layout.pad
        window_w = round(area.width * (0.3 if self.layout.portrait else 0.32))
        return {"label_x": area.x + 2 * pad, "window_cx": area.right - window_w // 2 - pad,
                "window_w": window_w - 2 * pad, "arrow_cx": area.right - window_w - round(area.width * 0.06)}

    def _draw_header(self, surface, rect: pygame.Rect, columns: dict, place_word: str) -> pygame.Rect:
        """Column captions «Талон» and «Окно»; returns the free gap between them."""
        size = round(rect.height * 0.6)
        label_rect = self._blit_text(surface, "regular", size, "Талон", self.theme.muted,
                                     midleft=(columns["label_x"], rect.centery))
        place_rect = self._blit_text(surface, "regular", size, place_word, self.theme.muted,
                                     center=(columns["window_cx"], rect.centery))
        return pygame.Rect(label_rect.right, rect.y, max(0, place_rect.left - label_rect.right), rect.height)

    def newest_label_size(self, label: str, window_text: str, columns: dict) -> tuple[str, int, bool]:
        """(weight, size, stacked) for the newest call's label.

        The size makes capital letters at least NEWEST_LABEL_SHARE of the
        screen height.  In landscape, label and window sit in their columns
        (condensed face if the bold one would run into the arrow); otherwise,
        and always in portrait, the window goes under the label.  A label too
        wide even alone is shrunk to the width, the only case below the share.
        """
        area, pad = self.layout.main, self.layout.pad
        share = NEWEST_LABEL_SHARE["portrait" if self.layout.portrait else "landscape"]
        size = math.ceil(self.layout.size[1] * share / CAP_HEIGHT_RATIO) + 1
        if not self.layout.portrait:
            label_room = columns["arrow_cx"] - round(size * 0.25) - pad - columns["label_x"]
            for weight in ("bold", "condensed"):
                font = self.fonts.get(weight, size)
                if font.size(label)[0] <= label_room and font.size(window_text)[0] <= columns["window_w"]:
                    return weight, size, False
        max_width = area.width - 2 * pad
        for weight in ("bold", "condensed"):
            if self.fonts.get(weight, size).size(label)[0] <= max_width:
                return weight, size, True
        line_height = self.fonts.get("condensed", size).get_height()
        return "condensed", self.fonts.fit_size("condensed", label, max_width, line_height), True

    def _draw_newest(self, surface, call: Call, top: int, columns: dict, view: BoardView,
                     blink_on: Optional[bool]) -> int:
        """The newest call, enlarged; amber while blinking. Returns its bottom y."""
        area, pad = self.layout.main, self.layout.pad
        weight, size, stacked = self.newest_label_size(call.label, call.window_text, columns)
        cap = round(size * CAP_HEIGHT_RATIO)
        window_size = round(size * 0.42) if stacked else size
        row_h = round(cap * 1.55) + (round(window_size * 1.1) if stacked else 0)
        row = pygame.Rect(area.x, top, area.width, row_h)
        highlighted = blink_on is True
        background = self.theme.accent if highlighted else self.theme.newest_row
        label_color = self.theme.accent_text if highlighted else self.theme.text
        window_color = self.theme.accent_text if highlighted else self.theme.accent
        pygame.draw.rect(surface, background, row, border_radius=pad)
        if stacked:
            label_rect = self._blit_text(surface, weight, size, call.label, label_color,
                                         center=(row.centerx, row.y + round(cap * 0.8)))
            place = f"→  {view.place_word.lower()} {call.window_text}"
            self._blit_text(surface, "bold", window_size, place, window_color,
                            center=(row.centerx, row.bottom - round(window_size * 0.75)))
        else:
            label_rect = self._blit_text(surface, weight, size, call.label, label_color,
                                         midleft=(columns["label_x"], row.centery))
            self._blit_text(surface, "bold", round(size * 0.6), "→", window_color if highlighted else self.theme.muted,
                            center=(columns["arrow_cx"], row.centery))
            self._blit_text(surface, weight, size, call.window_text, window_color,
                            center=(columns["window_cx"], row.centery))
        self._newest_rect = self._ink_rect(weight, size, call.label, label_rect)
        return row.bottom

    def _ink_rect(self, weight: str, size: int, text: str, placed: pygame.Rect) -> pygame.Rect:
        """The visible glyph box of placed text (what a viewer perceives as its height)."""
        key = (weight, size, text)
        ink = self._ink_cache.get(key)
        if ink is None:  # scanning pixels is not free: once per label and size
            ink = self._ink_cache[key] = self.fonts.text(weight, size, text, (255, 255, 255)).get_bounding_rect()
        return ink.move(placed.x, placed.y)

    def _draw_older_rows(self, surface, calls: list[Call], area: pygame.Rect, columns: dict) -> None:
        """Older calls, as many as fit at a size still readable from the hall."""
        if not calls or area.height <= 0:
            return
        min_row = round(self.layout.size[1] * (0.06 if self.layout.portrait else 0.08))
        max_row = round(self.layout.size[1] * (0.07 if self.layout.portrait else 0.11))
        count = min(len(calls), max(0, area.height // min_row))
        if count == 0:
            return
        row_h = min(max_row, area.height // count)
        size = round(row_h * 0.62)
        for index, call in enumerate(calls[:count]):
            row = pygame.Rect(area.x, area.y + index * row_h, area.width, row_h - max(2, row_h // 14))
            pygame.draw.rect(surface, self.theme.row if index % 2 == 0 else self.theme.row_alt, row,
                             border_radius=self.layout.pad // 2)
            self._blit_text(surface, "bold", size, call.label, self.theme.text, midleft=(columns["label_x"], row.centery))
            self._blit_text(surface, "bold", round(size * 0.7), "→", self.theme.muted,
                            center=(columns["arrow_cx"], row.centery))
            self._blit_text(surface, "bold", size, call.window_text, self.theme.accent,
                            center=(columns["window_cx"], row.centery))

    # --- waiting ------------------------------------------------------------------------------

    def _draw_waiting(self, surface, model: BoardModel) -> None:
        """Waiting counts per service: a side panel (landscape) or a bottom grid (portrait)."""
        area, pad = self.layout.side, self.layout.pad
        if area.height <= 0 or area.width <= 0:
            return
        pygame.draw.rect(surface, self.theme.panel, area, border_radius=pad)
        heading_h = round(self.layout.size[1] * (0.05 if self.layout.portrait else 0.075))
        heading = pygame.Rect(area.x + 2 * pad, area.y + pad, area.width - 4 * pad, heading_h)
        self._draw_waiting_heading(surface, heading, model.waiting_total)
        rows = model.waiting_rows()
        grid = pygame.Rect(area.x + pad, heading.bottom + pad, area.width - 2 * pad,
                           area.bottom - heading.bottom - 2 * pad)
        if rows:
            self._draw_waiting_grid(surface, grid, rows)

    def _draw_waiting_heading(self, surface, rect: pygame.Rect, total: int) -> None:
        """«В очереди: 23 человека» (or «В очереди никого нет»), fitted to the panel width."""
        text = f"В очереди: {people_count(total)}" if total > 0 else "В очереди никого нет"
        size = min(round(rect.height * 0.55), self.fonts.fit_size("bold", text, rect.width, rect.height))
        self._blit_text(surface, "bold", size, text, self.theme.text, midleft=rect.midleft)

    def _draw_waiting_grid(self, surface, grid: pygame.Rect, rows: list) -> None:
        """Service cells: two-line cells in the side panel, one-line rows at the bottom (portrait).

        One text size serves all cells, chosen so the longest service name
        and waiting phrase fit: a count is never cut to «Ожидают: 2 че…».
        """
        portrait = self.layout.portrait
        cell_h = min(grid.height // len(rows), round(self.layout.size[1] * (0.06 if portrait else 0.11)))
        badge_share = 0.8 if portrait else 0.68
        room = grid.width - round(cell_h * badge_share) - 4 * self.layout.pad
        size = self._common_text_size(rows, room, round(cell_h * (0.5 if portrait else 0.34)), side_by_side=portrait)
        for index, row in enumerate(rows):
            cell = pygame.Rect(grid.x, grid.y + index * cell_h, grid.width, cell_h)
            if portrait:
                self._draw_waiting_line(surface, cell, row, size)
            else:
                self._draw_waiting_cell(surface, cell, row, size)

    def _common_text_size(self, rows: list, room: int, size: int, side_by_side: bool) -> int:
        """Largest size ≤ ``size`` at which the longest name and phrase fit ``room``
        (together on one line, or each on its own line)."""
        longest_name = max((row.name for row in rows), key=len)
        longest_count = max((waiting_phrase(row.count) for row in rows), key=len)
        while size > 10:
            name_w = self.fonts.get("regular", size).size(longest_name)[0]
            count_w = self.fonts.get("bold", size).size(longest_count)[0]
            needed = name_w + count_w + self.layout.pad if side_by_side else max(name_w, count_w)
            if needed <= room:
                break
            size -= 1
        return size

    def _draw_badge(self, surface, cell: pygame.Rect, letter: str, share: float) -> pygame.Rect:
        """The service letter in a blue square at the left of a cell."""
        side = round(cell.height * share)
        badge = pygame.Rect(0, 0, side, side)
        badge.midleft = (cell.x + self.layout.pad, cell.centery)
        pygame.draw.rect(surface, self.theme.badge, badge, border_radius=max(4, side // 6))
        if letter:
            self._blit_text(surface, "bold", round(side * 0.7), letter, self.theme.badge_text, center=badge.center)
        return badge

    def _draw_waiting_line(self, surface, cell: pygame.Rect, row, size: int) -> None:
        """One-line variant: badge, name on the left, «Ожидают: N человек» on the right."""
        pad = self.layout.pad
        badge = self._draw_badge(surface, cell, row.letter, 0.8)
        count_color = self.theme.accent if row.count > 0 else self.theme.none_waiting
        count_rect = self._blit_text(surface, "bold", size, waiting_phrase(row.count), count_color,
                                     midright=(cell.right - pad, cell.centery))
        name = self.fonts.ellipsize("regular", size, row.name, count_rect.left - badge.right - 3 * pad)
        self._blit_text(surface, "regular", size, name, self.theme.text, midleft=(badge.right + pad, cell.centery))

    def _draw_waiting_cell(self, surface, cell: pygame.Rect, row, size: int) -> None:
        """Two-line variant: badge, service name, and «Ожидают: N человек» under it."""
        pad = self.layout.pad
        badge = self._draw_badge(surface, cell, row.letter, 0.68)
        text_x = badge.right + pad
        name = self.fonts.ellipsize("regular", size, row.name, cell.right - text_x - pad)
        self._blit_text(surface, "regular", size, name, self.theme.text,
                        bottomleft=(text_x, cell.centery + round(cell.height * 0.02)))
        count_color = self.theme.accent if row.count > 0 else self.theme.none_waiting
        self._blit_text(surface, "bold", size, waiting_phrase(row.count), count_color,
                        topleft=(text_x, cell.centery + round(cell.height * 0.06)))


# --- running line -------------------------------------------------------------------------------


class Ticker:
    """Smooth running line: items separated by «•», scrolling right to left, looped without a seam.

    Items are rendered once per content change; each frame only blits the
    visible pieces at a position computed from time (not frame count), so the
    speed is the same at 30 and 60 fps.
    """

    SPEED_PER_HEIGHT = 1.6  # px per second per px of band height

    def __init__(self, fonts: Fonts, theme: Theme) -> None:
        self.fonts = fonts
        self.theme = theme
        self._key = None
        self._pieces: list[tuple[int, pygame.Surface]] = []  # (x offset within one cycle, image)
        self._cycle_width = 1
        self._started_at: Optional[float] = None

    def draw(self, target: pygame.Surface, band: pygame.Rect, items: list[str], now: float) -> None:
        """Paint the band at time ``now``."""
        self._prepare(tuple(items), band.height, now)
        target.fill(self.theme.ticker, band)
        speed = band.height * self.SPEED_PER_HEIGHT
        # The first item starts readable at the left edge (a screenshot or a
        # freshly started board shows text at once), then everything scrolls.
        start = band.x + band.height * 0.5 - (now - self._started_at) * speed
        if start < band.x:  # after the first pass: seamless loop
            start = band.x - ((band.x - start) % self._cycle_width)
        previous_clip = target.get_clip()
        target.set_clip(band)
        x = start
        while x < band.right:
            for offset, image in self._pieces:
                left = round(x + offset)
                if left < band.right and left + image.get_width() > band.x:
                    target.blit(image, image.get_rect(midleft=(left, band.centery)))
            x += self._cycle_width
        target.set_clip(previous_clip)

    def _prepare(self, items: tuple, band_height: int, now: float) -> None:
        """Render the items when they (or the band size) change; restart the scroll."""
        key = (items, band_height)
        if key == self._key:
            return
        size = round(band_height * 0.5)
        gap = size
        pieces, x = [], 0
        for item in items:
            image = self.fonts.text("regular", size, item, self.theme.text)
            pieces.append((x, image))
            x += image.get_width() + gap
            separator = self.fonts.text("bold", size, TICKER_SEPARATOR, self.theme.ticker_separator)
            pieces.append((x, separator))
            x += separator.get_width() + gap
        self._pieces, self._cycle_width, self._key = pieces, max(1, x), key
        self._started_at = now
