"""Board state and the announcement queue, driven by protocol events (no network)."""

import datetime as dt

import pytest

from display_board.model import DEFAULT_OFFICE_NAME, DEFAULT_TICKER, BoardModel

OFFSET = dt.timezone(dt.timedelta(hours=5))  # Yekaterinburg, as the server would send
NOW = dt.datetime(2026, 12, 4, 10, 15, 0, tzinfo=OFFSET)


class FakeTime:
    """Monotonic and wall clocks the test moves by hand."""

    def __init__(self):
        self.mono = 1000.0
        self.wall = NOW

    def advance(self, seconds: float) -> None:
        self.mono += seconds
        self.wall += dt.timedelta(seconds=seconds)


@pytest.fixture
def time_():
    return FakeTime()


@pytest.fixture
def model(time_):
    return BoardModel(max_calls=8, fresh_seconds=10, offline_announce_s=60,
                      clock=lambda: time_.mono, wall_clock=lambda: time_.wall)


def iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def call_event(ticket_id, label, window, called_at, recall=False):
    return {"ticket_id": ticket_id, "label": label, "service_id": 1, "preferential": None,
            "window": {"id": window, "number": window, "label": f"Окно {window}"},
            "called_at": iso(called_at), "recall": recall}


def snapshot(calls=(), waiting=None, **extra):
    waiting = waiting or {"1": 2}
    data = {"waiting": waiting, "waiting_total": sum(waiting.values()), "windows": [],
            "calls": [{k: c[k] for k in ("ticket_id", "label", "window", "called_at")} for c in calls]}
    data.update(extra)
    return data


def drain(model):
    labels = []
    while (call := model.pop_announcement()) is not None:
        labels.append((call.label, call.window_number, call.recall))
    return labels


def test_five_calls_within_100_ms_give_five_announcements_in_order(model, time_):
    model.apply("snapshot", snapshot())
    sent = [(1, "А001", 1), (2, "Б001", 2), (3, "А002", 3), (4, "В001", 4), (5, "А003", 5)]
    for ticket_id, label, window in sent:
        model.apply("ticket_called", call_event(ticket_id, label, window, time_.wall))
        time_.advance(0.02)
    assert drain(model) == [(label, window, False) for _, label, window in sent]
    assert [c.label for c in model.calls] == ["А003", "В001", "А002", "Б001", "А001"]


def test_a_recall_is_announced_again_and_keeps_one_row(model, time_):
    model.apply("snapshot", snapshot())
    first = call_event(7, "Б027", 3, time_.wall)
    model.apply("ticket_called", first)
    model.apply("ticket_called", call_event(8, "А004", 1, time_.wall + dt.timedelta(seconds=5)))
    recall = call_event(7, "Б027", 3, time_.wall + dt.timedelta(seconds=40), recall=True)
    model.apply("ticket_called", recall)
    assert drain(model) == [("Б027", 3, False), ("А004", 1, False), ("Б027", 3, True)]
    assert [c.label for c in model.calls] == ["Б027", "А004"]


def test_two_recalls_in_the_same_second_are_both_announced(model, time_):
    model.apply("snapshot", snapshot())
    model.apply("ticket_called", call_event(1, "А001", 1, time_.wall))
    recall = call_event(1, "А001", 1, time_.wall + dt.timedelta(seconds=3), recall=True)
    model.apply("ticket_called", recall)
    model.apply("ticket_called", dict(recall))  # a double click on «Повторить» at second precision
    assert drain(model) == [("А001", 1, False), ("А001", 1, True), ("А001", 1, True)]


def test_an_event_already_in_the_snapshot_just_received_is_not_announced_again(model, time_):
    model.apply("snapshot", snapshot())
    time_.advance(20)
    event = call_event(5, "Б005", 2, time_.wall - dt.timedelta(seconds=1))
    model.apply("snapshot", snapshot([event]))  # reconnect: the call is recent, announced from here
    model.apply("ticket_called", event)  # …and its event arrives after the snapshot
    assert drain(model) == [("Б005", 2, False)]
    model.apply("ticket_called", call_event(5, "Б005", 2, time_.wall, recall=True))
    assert drain(model) == [("Б005", 2, True)]


def test_first_snapshot_after_start_is_shown_but_not_announced(model, time_):
    recent = call_event(1, "А001", 1, time_.wall - dt.timedelta(seconds=5))
    model.apply("snapshot", snapshot([recent]))
    assert [c.label for c in model.calls] == ["А001"]
    assert drain(model) == []


def test_reconnect_snapshot_does_not_reannounce_known_calls(model, time_):
    model.apply("snapshot", snapshot())
    events = [call_event(i, f"А00{i}", i, time_.wall + dt.timedelta(seconds=i)) for i in (1, 2, 3)]
    for event in events:
        model.apply("ticket_called", event)
    assert len(drain(model)) == 3
    time_.advance(10)
    model.apply("snapshot", snapshot(reversed(events)))  # the server lists newest first
    model.apply("snapshot", snapshot(reversed(events)))  # and again after another blip
    assert drain(model) == []
    assert [c.label for c in model.calls] == ["А003", "А002", "А001"]


def test_reconnect_snapshot_tolerates_a_differently_rounded_called_at(model, time_):
    model.apply("snapshot", snapshot())
    live = call_event(1, "А001", 1, time_.wall + dt.timedelta(milliseconds=700))
    model.apply("ticket_called", live)
    drain(model)
    rounded = dict(live, called_at=time_.wall.isoformat(timespec="seconds"))
    model.apply("snapshot", snapshot([rounded]))
    assert drain(model) == []


def test_calls_made_while_offline_are_shown_and_only_recent_ones_announced(model, time_):
    model.apply("snapshot", snapshot())
    known = call_event(1, "А001", 1, time_.wall)
    model.apply("ticket_called", known)
    drain(model)
    time_.advance(300)  # five minutes offline
    old = call_event(2, "Б001", 2, time_.wall - dt.timedelta(seconds=200))
    recent = call_event(3, "В001", 3, time_.wall - dt.timedelta(seconds=20))
    newest = call_event(4, "Г001", 4, time_.wall - dt.timedelta(seconds=5))
    model.apply("snapshot", snapshot([newest, recent, old, known]))
    assert [c.label for c in model.calls] == ["Г001", "В001", "Б001", "А001"]
    assert drain(model) == [("В001", 3, False), ("Г001", 4, False)]
    model.apply("snapshot", snapshot([newest, recent, old, known]))
    assert drain(model) == []  # never twice


def test_recency_uses_the_server_clock_learned_from_live_events(model, time_):
    server_ahead = dt.timedelta(hours=1)  # a Pi without RTC may be far off
    model.apply("snapshot", snapshot())
    model.apply("ticket_called", call_event(1, "А001", 1, time_.wall + server_ahead))
    drain(model)
    time_.advance(30)
    missed = call_event(2, "А002", 2, time_.wall + server_ahead - dt.timedelta(seconds=10))
    stale = call_event(3, "А003", 3, time_.wall + server_ahead - dt.timedelta(seconds=25 * 60))
    model.apply("snapshot", snapshot([missed, stale]))
    assert drain(model) == [("А002", 2, False)]


def test_queue_changed_updates_counts(model):
    model.apply("snapshot", snapshot(waiting={"1": 2, "2": 0},
                                     services=[{"id": 1, "letter": "А", "name": "Консультации"},
                                               {"id": 2, "letter": "Б", "name": "Передача показаний"}]))
    model.apply("queue_changed", {"waiting": {"1": 5, "2": 1, "9": 3}, "waiting_total": 9})
    assert model.waiting_total == 9
    assert [(r.letter, r.name, r.count) for r in model.waiting_rows()] == [
        ("А", "Консультации", 5), ("Б", "Передача показаний", 1), ("", "Услуга № 9", 3)]


def test_board_message_sets_and_clears_the_running_line(model):
    model.apply("snapshot", snapshot(messages=["Добро пожаловать"], contacts={
        "phone_individuals": "8-800-700-10-32", "chat_bot": ["https://t.me/Esplusbot", "https://esplus.ru/v/"],
        "links": {"faq": "https://ekb.esplus.ru/about/faq/"}}))  # unknown keys are not shown
    assert model.ticker_items() == ["Добро пожаловать", "Телефон для физических лиц: 8-800-700-10-32",
                                    "Чат-бот: t.me/Esplusbot"]
    model.apply("board_message", {"text": "Офис закрывается в 18:00"})
    assert model.ticker_items()[0] == "Офис закрывается в 18:00"
    model.apply("board_message", {"text": ""})
    assert model.ticker_items() == ["Телефон для физических лиц: 8-800-700-10-32", "Чат-бот: t.me/Esplusbot"]


def test_optional_snapshot_parts_have_defaults(model):
    model.apply("snapshot", {"calls": [], "waiting": {}, "waiting_total": 0, "windows": []})
    assert model.office_name == DEFAULT_OFFICE_NAME
    assert model.ticker_items() == [DEFAULT_TICKER]
    assert model.waiting_rows() == []


def test_newest_call_is_fresh_for_the_configured_time(model, time_):
    model.apply("snapshot", snapshot())
    model.apply("ticket_called", call_event(1, "А001", 1, time_.wall))
    assert model.highlighted_call().label == "А001"
    time_.advance(9.9)
    assert model.highlighted_call().label == "А001"
    time_.advance(0.2)
    assert model.highlighted_call() is None
    model.apply("ticket_called", call_event(1, "А001", 1, time_.wall, recall=True))
    assert model.fresh_elapsed() == 0


def test_only_the_last_calls_are_kept(model, time_):
    model.apply("snapshot", snapshot())
    for i in range(12):
        model.apply("ticket_called", call_event(i, f"А{i:03d}", 1, time_.wall + dt.timedelta(seconds=i)))
    assert len(model.calls) == 8
    assert model.calls[0].label == "А011"
    assert model.pending_announcements == 12  # showing fewer never drops an announcement


def test_window_number_is_taken_from_windows_when_the_call_has_only_an_id(model, time_):
    model.apply("snapshot", snapshot(windows=[{"id": 42, "number": 7, "label": "Окно 7"}]))
    event = call_event(1, "А001", 1, time_.wall)
    event["window"] = {"id": 42}
    model.apply("ticket_called", event)
    assert model.calls[0].window_number == 7


def test_malformed_events_are_skipped_without_harm(model, time_):
    model.apply("snapshot", snapshot())
    version = model.version
    assert model.apply("ticket_called", {"label": "А001"}) is False  # no called_at
    assert model.apply("queue_changed", {"waiting": {"1": "много"}}) is False
    assert model.apply("unknown_event", {}) is False
    assert model.version == version and model.calls == [] and model.pending_announcements == 0
