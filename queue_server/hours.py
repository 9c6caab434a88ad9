"""Working hours of an office: is it open, and may kiosks still issue tickets.

Opening hours are a JSON map from ISO weekday ("1" Monday … "7" Sunday) to
``["HH:MM", "HH:MM"]``; a missing day is a day off. Kiosks stop issuing
``kiosk_cutoff_minutes`` before closing so that the last visitors can still be
served; staff can always create tickets.
"""
import json
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from .timeutil import local

WEEKDAY_NAMES = {
    "1": "Пн", "2": "Вт", "3": "Ср", "4": "Чт", "5": "Пт", "6": "Сб", "7": "Вс",
}


@dataclass(frozen=True)
class KioskAvailability:
    issuing: bool
    reason: str | None  # Russian, for the visitor, when not issuing


def _parse_hhmm(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def kiosk_availability(office: dict, moment: datetime) -> KioskAvailability:
    """Whether a kiosk may issue a ticket at ``moment`` (aware datetime)."""
    if office["around_the_clock"]:
        return KioskAvailability(True, None)
    wall = local(moment, office["timezone"])
    hours = json.loads(office["opening_hours"]).get(str(wall.isoweekday()))
    schedule = describe_hours(office)
    if not hours:
        return KioskAvailability(False, f"Сегодня офис не работает. Часы работы: {schedule}.")
    opens = datetime.combine(wall.date(), _parse_hhmm(hours[0]), wall.tzinfo)
    closes = datetime.combine(wall.date(), _parse_hhmm(hours[1]), wall.tzinfo)
    last_ticket = closes - timedelta(minutes=office["kiosk_cutoff_minutes"])
    if wall < opens:
        return KioskAvailability(
            False, f"Офис откроется в {hours[0]}. Часы работы: {schedule}."
        )
    if wall >= last_ticket:
        return KioskAvailability(
            False,
            f"Выдача талонов закончилась в {last_ticket.strftime('%H:%M')} "
            f"(офис работает до {hours[1]}). Часы работы: {schedule}.",
        )
    return KioskAvailability(True, None)


def describe_hours(office: dict) -> str:
    """Opening hours in plain Russian, consecutive equal days grouped: «Пн–Пт 08:00–19:00»."""
    if office["around_the_clock"]:
        return "круглосуточно"
    hours = json.loads(office["opening_hours"])
    groups: list[tuple[list[str], str]] = []
    for day in map(str, range(1, 8)):
        span = f"{hours[day][0]}–{hours[day][1]}" if hours.get(day) else "выходной"
        if groups and groups[-1][1] == span and int(groups[-1][0][-1]) == int(day) - 1:
            groups[-1][0].append(day)
        else:
            groups.append(([day], span))
    parts = []
    for days, span in groups:
        names = WEEKDAY_NAMES[days[0]] if len(days) == 1 else (
            f"{WEEKDAY_NAMES[days[0]]}–{WEEKDAY_NAMES[days[-1]]}")
        parts.append(f"{names} {span}")
    return ", ".join(parts)
