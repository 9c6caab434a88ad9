"""Russian plurals and dates on the board."""

import datetime as dt

import pytest

from display_board.ru import clock_text, long_date, people_count, waiting_phrase


@pytest.mark.parametrize("count, text", [
    (1, "1 человек"), (2, "2 человека"), (4, "4 человека"), (5, "5 человек"), (11, "11 человек"),
    (12, "12 человек"), (14, "14 человек"), (21, "21 человек"), (22, "22 человека"), (25, "25 человек"),
    (101, "101 человек"), (111, "111 человек"), (112, "112 человек"), (123, "123 человека"),
])
def test_people_count_plurals(count, text):
    assert people_count(count) == text


@pytest.mark.parametrize("count, text", [
    (0, "Очереди нет"), (1, "Ожидает: 1 человек"), (3, "Ожидают: 3 человека"), (5, "Ожидают: 5 человек"),
    (11, "Ожидают: 11 человек"), (21, "Ожидает: 21 человек"),
])
def test_waiting_phrase_agrees_verb_and_noun(count, text):
    assert waiting_phrase(count) == text


def test_date_and_clock_are_russian_without_locale():
    moment = dt.datetime(2026, 12, 4, 9, 5)
    assert long_date(moment) == "пятница, 4 декабря"
    assert clock_text(moment) == "09:05"
