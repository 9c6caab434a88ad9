"""Board state built from the server's Socket.IO events (pure Python).

No pygame, Flask or socketio here: the model is fed ``(event, data)`` pairs and
answers what to show and what to announce, so it is trivially testable and the
web board can mirror its rules.

Announcement rules (the part visitors notice when it goes wrong):

* every live ``ticket_called`` — a call or a recall — is announced exactly
  once, in arrival order; nothing is dropped or merged, however fast they come
  (two recalls within the same second carry the same ``called_at`` at
  second precision and are still two announcements);
* a call is identified by ``(ticket_id, called_at)``.  The one live event that
  is not announced is a call already contained in the snapshot just received
  (the server may build the snapshot after a call yet send that call's event
  after the snapshot);
* the first snapshot after the program starts is history: it is shown, never
  announced (a board that reboots must not replay the last calls, and it cannot
  know what it said before the reboot);
* a snapshot after a reconnect may contain calls made while the board was
  offline.  They are shown; those not yet known are announced only if they are
  recent (called within ``offline_announce_s``, 60 s by default, on the
  server's clock as estimated from live events).  Older ones would only
  confuse the hall: those visitors have already been sent on by the operator.
  Known calls (matched by ticket and a called_at within one second, to be
  tolerant of a server that rounds differently in snapshots) are never
  announced twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable, Optional
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

DEFAULT_OFFICE_NAME = "Электронная очередь"
DEFAULT_TICKER = "Следите, пожалуйста, за номером своего талона на табло и голосовыми объявлениями"

# How the running line names each remote channel of the contacts map.
CONTACT_CAPTIONS = (
    ("phone_individuals", "Телефон для физических лиц"),
    ("phone_business", "Телефон для юридических лиц"),
    ("site", "Сайт"),
    ("personal_account", "Личный кабинет"),
    ("chat_bot", "Чат-бот"),
)

# A snapshot call matches a known call of the same ticket within this many
# milliseconds (servers may format called_at with or without fractions).
SNAPSHOT_MATCH_MS = 1000
# A server clock slightly ahead of the (estimated) board clock must not make a
# fresh call look "from the future" and silence it.
FUTURE_TOLERANCE = dt.timedelta(seconds=5)
KNOWN_CALLS_LIMIT = 500


def parse_time(value: Any) -> dt.datetime:
    """ISO 8601 → aware datetime; a naive one is taken as the board's local time."""
    if isinstance(value, dt.datetime):
        moment = value
    else:
        moment = dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.astimezone()


def _int_or_none(value: Any) -> Optional[int]:
    """An int from JSON that may carry a number as a string, or None."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class Call:
    """One call of a ticket to a window, as shown and announced."""

    ticket_id: Any
    label: str
    window_number: Optional[int]
    window_label: str
    called_at: dt.datetime
    recall: bool = False
    service_id: Optional[int] = None

    @property
    def stamp_ms(self) -> int:
        """called_at as integer epoch milliseconds (offset-independent)."""
        return int(round(self.called_at.timestamp() * 1000))

    @property
    def key(self) -> tuple:
        """Identity of this call (a recall of the same ticket has another key)."""
        return (self.ticket_id, self.stamp_ms)

    @property
    def window_text(self) -> str:
        """What the «Окно» column shows: the number, else the window's label."""
        return str(self.window_number) if self.window_number is not None else self.window_label


def parse_call(data: dict, window_numbers: Optional[dict] = None) -> Call:
    """Build a :class:`Call` from a ``ticket_called`` payload or a snapshot ``calls`` item.

    ``window_numbers`` (window id → number) fills in a window given only by id.
    A call without ``ticket_id`` (the REST ``state`` shape) is keyed by label.
    """
    label = str(data["label"]).strip()
    window = data.get("window") or {}
    if not isinstance(window, dict):  # tolerate a bare window number
        window = {"number": window}
    number = _int_or_none(window.get("number"))
    if number is None and window_numbers:
        number = window_numbers.get(_int_or_none(window.get("id")))
    ticket_id = data.get("ticket_id")
    return Call(
        ticket_id=ticket_id if ticket_id is not None else label,
        label=label,
        window_number=number,
        window_label=str(window.get("label") or ""),
        called_at=parse_time(data["called_at"]),
        recall=bool(data.get("recall", False)),
        service_id=_int_or_none(data.get("service_id")),
    )


@dataclass(frozen=True)
class WaitingRow:
    """One line of the «waiting» panel."""

    service_id: str
    letter: str
    name: str
    count: int


def _display_url(value: str) -> str:
    """Shorten a URL for the running line: https://t.me/Esplusbot → t.me/Esplusbot."""
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme in ("http", "https") and parts.netloc:
        return (parts.netloc + parts.path).rstrip("/")
    return text


class BoardModel:
    """State of the hall board: calls, waiting counts, running line, announcements.

    ``clock`` (monotonic seconds) drives the "fresh call" highlight;
    ``wall_clock`` (aware datetime) decides whether an offline call is recent.
    Both are injectable so tests need no sleeping.
    """

    def __init__(
        self,
        max_calls: int = 8,
        fresh_seconds: float = 10.0,
        offline_announce_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc),
    ) -> None:
        self.max_calls = max_calls
        self.fresh_seconds = fresh_seconds
        self.offline_announce = dt.timedelta(seconds=offline_announce_s)
        self.clock = clock
        self.wall_clock = wall_clock
        self.office_name = DEFAULT_OFFICE_NAME
        self.office_id: Optional[int] = None
        self.office_timezone: Optional[str] = None  # IANA name, e.g. "Asia/Yekaterinburg"
        self.calls: list[Call] = []
        self.waiting: dict[str, int] = {}
        self.waiting_total = 0
        self.services: list[dict] = []
        self.windows: list[dict] = []
        self.messages: list[str] = []
        self.contacts: dict[str, str] = {}
        self.snapshots_seen = 0
        self.version = 0  # bumped on every visible change; renderers cache on it
        self._announcements: deque[Call] = deque()
        self._known: dict[Any, set[int]] = {}
        self._known_order: deque[tuple] = deque()
        self._in_last_snapshot: set[tuple] = set()
        self._fresh_key: Optional[tuple] = None
        self._fresh_since = 0.0
        # Estimated (board wall clock − server clock), learned from live events.
        self._clock_offset = dt.timedelta(0)

    # --- event intake ---------------------------------------------------------

    def apply(self, event: str, data: Any) -> bool:
        """Apply one server event; returns False for unknown or malformed ones.

        A malformed payload is logged and skipped: one bad message must never
        take the hall board down.
        """
        handler = {
            "snapshot": self.apply_snapshot,
            "ticket_called": self.apply_ticket_called,
            "queue_changed": self.apply_queue_changed,
            "board_message": self.apply_board_message,
        }.get(event)
        if handler is None:
            return False
        try:
            handler(data or {})
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            log.warning("Пропущено событие %s с неверными данными (%s): %r", event, error, data)
            return False
        return True

    def apply_snapshot(self, data: dict) -> None:
        """Replace the whole state with the server's; announce recent unseen calls."""
        self._apply_office(data)
        self.windows = list(data.get("windows") or [])
        self.apply_queue_changed(data)
        if "messages" in data:
            self.messages = [m for m in (self._message_text(item) for item in data["messages"] or []) if m]
        if "contacts" in data:
            self.contacts = self._contact_texts(data["contacts"] or {})
        calls = self._parse_calls(data.get("calls") or [])
        self._in_last_snapshot = {call.key for call in calls}
        first_snapshot = self.snapshots_seen == 0
        self.snapshots_seen += 1
        for call in sorted(calls, key=lambda c: c.called_at):  # oldest first: announce in order
            if self._is_known_loosely(call):
                continue
            self._remember(call)
            if not first_snapshot and self._is_recent(call):
                self._announcements.append(call)
                self._mark_fresh(call)
        self.calls = self._newest_per_ticket(calls)
        self.version += 1

    def apply_ticket_called(self, data: dict) -> None:
        """A live call or recall: show it on top, make it fresh, queue its announcement."""
        call = parse_call(data, self._window_numbers())
        if call.key in self._in_last_snapshot:
            # The server built the snapshot after this call but sent the event
            # after the snapshot: it is already on screen (and was announced
            # from the snapshot if it was due).  Only this one event is absorbed.
            self._in_last_snapshot.discard(call.key)
            log.info("Вызов %s уже был в снимке состояния", call.label)
            return
        self._remember(call)
        self._learn_clock_offset(call)
        self._announcements.append(call)
        self.calls = self._newest_per_ticket([call, *self.calls])
        self._mark_fresh(call)
        self.version += 1

    def apply_queue_changed(self, data: dict) -> None:
        """New waiting counts per service and in total."""
        waiting = data.get("waiting") or {}
        self.waiting = {str(key): int(value) for key, value in waiting.items()}
        total = data.get("waiting_total")
        self.waiting_total = int(total) if total is not None else sum(self.waiting.values())
        self.version += 1

    def apply_board_message(self, data: dict) -> None:
        """Set the running-line message; empty text clears it."""
        text = self._message_text(data)
        self.messages = [text] if text else []
        self.version += 1

    # --- announcements ----------------------------------------------------------

    def pop_announcement(self) -> Optional[Call]:
        """Next call to announce (oldest first), or None."""
        return self._announcements.popleft() if self._announcements else None

    @property
    def pending_announcements(self) -> int:
        """How many announcements wait to be taken."""
        return len(self._announcements)

    # --- what to show -------------------------------------------------------------

    def highlighted_call(self, now: Optional[float] = None) -> Optional[Call]:
        """The newest call while it is still fresh (the board blinks it), else None."""
        if not self.calls or self.calls[0].key != self._fresh_key:
            return None
        now = self.clock() if now is None else now
        return self.calls[0] if now - self._fresh_since < self.fresh_seconds else None

    def fresh_elapsed(self, now: Optional[float] = None) -> Optional[float]:
        """Seconds since the newest call became fresh, or None once it is not."""
        now = self.clock() if now is None else now
        if self.highlighted_call(now) is None:
            return None
        return now - self._fresh_since

    def waiting_rows(self) -> list[WaitingRow]:
        """Waiting count of every known service, in the server's service order.

        A service id that appears only in ``waiting`` (the snapshot omitted
        ``services``) still gets a row, named by its number.
        """
        rows = []
        seen = set()
        for service in self.services:
            service_id = str(service.get("id"))
            seen.add(service_id)
            rows.append(WaitingRow(service_id, str(service.get("letter") or ""),
                                   str(service.get("name") or f"Услуга № {service_id}"),
                                   self.waiting.get(service_id, 0)))
        for service_id, count in sorted(self.waiting.items()):
            if service_id not in seen:
                rows.append(WaitingRow(service_id, "", f"Услуга № {service_id}", count))
        return rows

    def ticker_items(self) -> list[str]:
        """Running-line items: board messages first, then the remote channels."""
        items = list(self.messages)
        for key, caption in CONTACT_CAPTIONS:
            value = self.contacts.get(key)
            if value:
                items.append(f"{caption}: {_display_url(value)}")
        return items or [DEFAULT_TICKER]

    # --- internals ------------------------------------------------------------------

    def _apply_office(self, data: dict) -> None:
        """Office name and services; both optional in the snapshot."""
        office = data.get("office") or {}
        if office:
            self.office_id = _int_or_none(office.get("id"))
            self.office_name = str(office.get("name") or DEFAULT_OFFICE_NAME)
            self.office_timezone = office.get("timezone") or None
        if "services" in data:
            self.services = [s for s in data["services"] or [] if isinstance(s, dict)]

    @staticmethod
    def _contact_texts(contacts: dict) -> dict[str, str]:
        """Contacts as display strings; a list (several chat bots) shows its first entry."""
        texts = {}
        for key, value in contacts.items():
            if isinstance(value, (list, tuple)):
                value = next((item for item in value if isinstance(item, str) and item.strip()), None)
            if isinstance(value, (str, int)) and str(value).strip():
                texts[key] = str(value).strip()
        return texts

    @staticmethod
    def _message_text(item: Any) -> str:
        """Text of a message given as a string or as ``{"text": …}``."""
        text = item.get("text", "") if isinstance(item, dict) else item
        return " ".join(str(text or "").split())  # newlines would break the running line

    def _window_numbers(self) -> dict:
        """Window id → number, from the snapshot's ``windows``."""
        numbers = {}
        for window in self.windows:
            if isinstance(window, dict):
                numbers[_int_or_none(window.get("id"))] = _int_or_none(window.get("number"))
        return numbers

    def _parse_calls(self, items: list) -> list[Call]:
        """Snapshot calls; a malformed item is skipped, not fatal."""
        numbers = self._window_numbers()
        calls = []
        for item in items:
            try:
                calls.append(parse_call(item, numbers))
            except (KeyError, TypeError, ValueError) as error:
                log.warning("Пропущен вызов с неверными данными (%s): %r", error, item)
        return calls

    def _newest_per_ticket(self, calls: list[Call]) -> list[Call]:
        """Newest first, one row per ticket (a recall replaces the older row), at most max_calls."""
        rows, seen = [], set()
        for call in sorted(calls, key=lambda c: c.called_at, reverse=True):
            if call.ticket_id in seen:
                continue
            seen.add(call.ticket_id)
            rows.append(call)
        return rows[: self.max_calls]

    def _is_known_loosely(self, call: Call) -> bool:
        """Seen the same ticket called within SNAPSHOT_MATCH_MS of this call."""
        return any(abs(stamp - call.stamp_ms) <= SNAPSHOT_MATCH_MS for stamp in self._known.get(call.ticket_id, ()))

    def _remember(self, call: Call) -> None:
        """Record a call as known; forget the oldest beyond KNOWN_CALLS_LIMIT."""
        self._known.setdefault(call.ticket_id, set()).add(call.stamp_ms)
        self._known_order.append(call.key)
        while len(self._known_order) > KNOWN_CALLS_LIMIT:
            ticket_id, stamp = self._known_order.popleft()
            stamps = self._known.get(ticket_id)
            if stamps is not None:
                stamps.discard(stamp)
                if not stamps:
                    del self._known[ticket_id]

    def _learn_clock_offset(self, call: Call) -> None:
        """A live event arrives within milliseconds of its called_at: use it to
        estimate how far the board's clock (often a Pi without RTC) is from the server's."""
        self._clock_offset = self.wall_clock() - call.called_at

    def _is_recent(self, call: Call) -> bool:
        """Called within ``offline_announce`` on the estimated server clock."""
        age = (self.wall_clock() - self._clock_offset) - call.called_at
        return -FUTURE_TOLERANCE <= age <= self.offline_announce

    def _mark_fresh(self, call: Call) -> None:
        """Start the highlight period of ``call``."""
        self._fresh_key = call.key
        self._fresh_since = self.clock()
