"""Frame time of the hall board (target: ≤ 16 ms per frame at 1920×1080).

Renders N frames with SDL's dummy video driver, through the real display
surface and ``pygame.display.update``, and prints mean / p50 / p99 / max in ms
for three scenarios:

* steady — nothing changes but the clock and the running line (most of the day);
* busy   — a new call every 30 frames (2 calls a second at 60 fps), so the
           newest call is always blinking and the static layer is rebuilt on
           every blink phase and call;
* full   — worst case: the whole board is redrawn from scratch every frame.

    python bench/board_frame.py [--frames 600] [--size 1920x1080]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pygame  # noqa: E402

from display_board.model import BoardModel  # noqa: E402
from display_board.render import BoardRenderer, BoardView  # noqa: E402
from display_board.tools.fake_server import demo_state, now_iso, window_info  # noqa: E402

FRAME_S = 1 / 60  # simulated time per frame, so blinking and scrolling behave as live


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def run_scenario(name: str, frames: int, size: tuple) -> list[float]:
    """Render ``frames`` frames of one scenario; returns per-frame milliseconds."""
    screen = pygame.display.set_mode(size)
    sim = [0.0]
    model = BoardModel(clock=lambda: sim[0])
    model.apply("snapshot", demo_state())
    renderer = BoardRenderer(size)
    wall = dt.datetime.now()
    times = []
    for frame in range(frames):
        sim[0] += FRAME_S
        if name == "busy" and frame % 30 == 0:
            model.apply("ticket_called", {"ticket_id": 10_000 + frame, "label": f"А{frame % 1000:03d}",
                                          "window": window_info(frame % 5 + 1), "called_at": now_iso(),
                                          "recall": False})
            model.pop_announcement()
        if name == "full":
            model.version += 1  # invalidates the static layer every frame
        started = time.perf_counter()
        info = renderer.render(screen, model, BoardView(now=sim[0], wall=wall))
        pygame.display.update(info.dirty)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main(argv=None) -> int:
    """Run every scenario and print a small table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=600)
    parser.add_argument("--size", default="1920x1080")
    args = parser.parse_args(argv)
    size = tuple(int(part) for part in args.size.lower().split("x"))
    pygame.display.init()
    print(f"board frame benchmark: {size[0]}x{size[1]}, {args.frames} frames per scenario, "
          f"pygame {pygame.version.ver} (SDL {'.'.join(map(str, pygame.get_sdl_version()))}), "
          f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPU")
    print(f"{'scenario':<8} {'mean':>7} {'p50':>7} {'p99':>7} {'max':>7}  (ms per frame)")
    worst_p99 = 0.0
    for name in ("steady", "busy", "full"):
        times = run_scenario(name, args.frames, size)
        p99 = percentile(times, 0.99)
        worst_p99 = max(worst_p99, p99)
        print(f"{name:<8} {statistics.fmean(times):7.2f} {percentile(times, 0.5):7.2f} {p99:7.2f} {max(times):7.2f}")
    print("target ≤ 16 ms:", "met" if worst_p99 <= 16 else "NOT met", f"(worst p99 {worst_p99:.2f} ms)")
    pygame.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
