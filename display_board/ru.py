"""Russian wording helpers for the board: plurals, people counts, dates.

Kept free of locale settings on purpose: a Raspberry Pi image often has only
the C locale, and the board must still say «4 декабря», not «December 4».
"""

from __future__ import annotations

import datetime as dt

MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)
WEEKDAYS_SHORT = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")
WEEKDAYS_FULL = (
    "понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье",
)


def plural_form(count: int, one: str, few: str, many: str) -> str:
    """Pick the Russian noun form agreeing with ``count``.

    1, 21, 101 → ``one`` (человек); 2–4, 22–24 → ``few`` (человека);
    0, 5–20, 25–30, 111–114 → ``many`` (человек).
    """
    n = abs(int(count))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def people_count(count: int) -> str:
    """«1 человек», «3 человека», «5 человек»."""
    return f"{count} {plural_form(count, 'человек', 'человека', 'человек')}"


def waiting_phrase(count: int) -> str:
    """The waiting line of one service, with the verb agreeing with the count.

    «Ожидает: 1 человек», «Ожидают: 5 человек», «Очереди нет» for zero
    (a plain «Ожидают: 0 человек» reads like an error on a hall board).
    """
    if count <= 0:
        return "Очереди нет"
    verb = "Ожидает" if plural_form(count, "one", "few", "many") == "one" else "Ожидают"
    return f"{verb}: {people_count(count)}"


def long_date(moment: dt.datetime) -> str:
    """«пятница, 4 декабря» for the top bar."""
    return f"{WEEKDAYS_FULL[moment.weekday()]}, {moment.day} {MONTHS_GENITIVE[moment.month - 1]}"


def clock_text(moment: dt.datetime) -> str:
    """«09:05» — 24-hour clock, as everywhere in Russia."""
    return f"{moment.hour:02d}:{moment.minute:02d}"
