"""Sliding-window counters in memory (one server process per office)."""
import threading
from collections import deque


class SlidingWindowLimiter:
    """How many events a key had in the last ``window_seconds``, and a cap on them."""

    def __init__(self, window_seconds: float):
        self.window_seconds = window_seconds
        self._hits: dict[tuple, deque] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple, moment: float) -> deque:
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= moment - self.window_seconds:
            hits.popleft()
        return hits

    def allow(self, key: tuple, moment: float, limit: int) -> bool:
        """Record an event at ``moment`` (seconds) unless ``limit`` is reached."""
        with self._lock:
            hits = self._recent(key, moment)
            if len(hits) >= limit:
                return False
            hits.append(moment)
            return True

    def count(self, key: tuple, moment: float) -> int:
        with self._lock:
            return len(self._recent(key, moment))

    def record(self, key: tuple, moment: float) -> None:
        with self._lock:
            self._recent(key, moment).append(moment)
