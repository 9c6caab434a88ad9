"""Supervisor reports: what the office's figures were over a range of local days.

Pure functions over the database (no Flask). Every figure is computed from
``tickets``, ``ticket_events``, ``feedback`` and ``readings``; nothing is kept
in counters.

Definitions (docs/supervisor.md has the same in Russian):

* The range is ``[date_from, date_to]``, local dates of the office, inclusive.
  Tickets belong to it by ``service_date`` (the local day they were issued).
* Wait = from ``queued_at`` (queue entry; transfers and postponements keep it)
  to the ticket's FIRST ``call`` event. Only called tickets have a wait.
* Service time = ``started_at`` → ``finished_at`` of tickets that ended
  ``done`` (for a transferred ticket: the service where it was finished).
* Service level = share of called tickets whose wait ≤ the office's
  ``wait_norm_minutes`` (default 15), in percent.
* p90 = nearest rank: the ⌈0.9·n⌉-th smallest value.
* By service: issued / waits by the service the ticket was ISSUED for (before
  any transfer), served / no-show / service time by the service it ended in.
* By operator: the staff member who finished the ticket (the ``finish``
  event) or marked the no-show.
* By hour: local hour of issue; issued and mean wait of those tickets.
* Preferential: tickets issued with a category (``tickets.preferential``, or
  the category recorded by a ``downgrade_preferential`` event), confirmed =
  document checked, downgraded = moved to the regular queue.
* Readings: accepted at the office's kiosks or by its staff (not imports),
  by the local date they were taken.
"""
import csv
import io
import math
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..db import query_all, query_one
from ..errors import NotFound, Unprocessable
from ..timeutil import from_db, local, minutes_between, to_db, to_public
from .categories import PREFERENTIAL_CATEGORIES
from .tickets import office_timezone

DEFAULT_NORM_MINUTES = 15
MAX_RANGE_DAYS = 366
FINAL_STATUSES = ("done", "no_show", "cancelled", "expired")
READING_CHANNELS = {"kiosk": "Терминал", "operator": "Оператор"}


# ------------------------------------------------------------------ the range

def parse_range(date_from: str | None, date_to: str | None, today: date) -> tuple[date, date]:
    """The inclusive local-date range of a request; today when both are absent.

    A missing end is the other end (one day). Raises 422 with Russian ``fields``
    for a malformed date, ``from`` after ``to`` or a range over 366 days.
    """
    fields = {}
    parsed = {}
    for name, text in (("from", date_from), ("to", date_to)):
        if text is None or text == "":
            parsed[name] = None
            continue
        try:
            if len(text) != 10:
                raise ValueError(text)
            parsed[name] = date.fromisoformat(text)
        except ValueError:
            fields[name] = "Дата в формате ГГГГ-ММ-ДД, например 2026-12-04"
    if fields:
        raise Unprocessable("Неверная дата периода отчёта.", fields=fields, code="bad_range")
    start = parsed["from"] or parsed["to"] or today
    end = parsed["to"] or parsed["from"] or today
    if start > end:
        raise Unprocessable("Начало периода позже его конца.", code="bad_range",
                            fields={"from": "Не позже даты окончания", "to": "Не раньше даты начала"})
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise Unprocessable(f"Период отчёта — не больше {MAX_RANGE_DAYS} дней.", code="bad_range",
                            fields={"to": f"Не больше {MAX_RANGE_DAYS} дней от начала периода"})
    return start, end


def utc_bounds(start: date, end: date, tz_name: str) -> tuple[str, str]:
    """Stored-time text bounds ``[start 00:00, end+1 00:00)`` of local days."""
    zone = ZoneInfo(tz_name)
    low = datetime.combine(start, time(0), zone)
    high = datetime.combine(end + timedelta(days=1), time(0), zone)
    return to_db(low), to_db(high)


# ------------------------------------------------------------------ statistics

def mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile: the ⌈share·n⌉-th smallest value (None for no values)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered) - 1e-9))
    return ordered[rank - 1]


def _minutes(value: float | None) -> float | None:
    """Minutes for people: one decimal."""
    return None if value is None else round(value, 1)


def _percent(part: int, whole: int) -> float | None:
    return None if not whole else round(100 * part / whole, 1)


def _wait_figures(waits: list[float], norm: int) -> dict:
    within = sum(1 for wait in waits if wait <= norm + 1e-9)
    return {
        "called": len(waits),
        "mean": _minutes(mean(waits)),
        "p90": _minutes(percentile(waits, 0.9)),
        "max": _minutes(max(waits) if waits else None),
        "within_norm": within,
        "service_level": _percent(within, len(waits)),
    }


def _service_figures(durations: list[float]) -> dict:
    return {"count": len(durations), "mean": _minutes(mean(durations)),
            "max": _minutes(max(durations) if durations else None)}


# ------------------------------------------------------------------ the rows

TICKETS_SQL = """
SELECT t.id, t.service_id, t.status, t.preferential, t.preferential_confirmed,
       t.created_at, t.queued_at, t.started_at, t.finished_at,
       (SELECT MIN(e.at) FROM ticket_events e
         WHERE e.ticket_id = t.id AND e.type = 'call') AS first_call_at,
       (SELECT json_extract(e.data, '$.from_service_id') FROM ticket_events e
         WHERE e.ticket_id = t.id AND e.type = 'transfer' ORDER BY e.id LIMIT 1)
         AS issued_service_id,
       (SELECT COUNT(*) FROM ticket_events e
         WHERE e.ticket_id = t.id AND e.type = 'transfer') AS transfers,
       (SELECT e.staff_id FROM ticket_events e
         WHERE e.ticket_id = t.id AND e.type IN ('finish', 'no_show')
         ORDER BY e.id DESC LIMIT 1) AS closed_by,
       (SELECT json_extract(e.data, '$.category') FROM ticket_events e
         WHERE e.ticket_id = t.id AND e.type = 'downgrade_preferential'
         ORDER BY e.id LIMIT 1) AS downgraded_from,
       f.rating
FROM tickets t
LEFT JOIN feedback f ON f.ticket_id = t.id
WHERE t.office_id = ? AND t.service_date BETWEEN ? AND ?
ORDER BY t.id
"""


def _ticket_rows(db, office_id: int, start: date, end: date) -> list[dict]:
    rows = query_all(db, TICKETS_SQL, (office_id, start.isoformat(), end.isoformat()))
    for row in rows:
        row["wait"] = minutes_between(row["queued_at"], row["first_call_at"])
        row["service_minutes"] = (minutes_between(row["started_at"], row["finished_at"])
                                  if row["status"] == "done" else None)
        row["issued_service_id"] = row["issued_service_id"] or row["service_id"]
    return rows


# ------------------------------------------------------------------ sections

def _by_service(db, office_id: int, rows: list[dict], norm: int) -> list[dict]:
    services = query_all(db, "SELECT id, letter, name FROM services WHERE office_id = ?"
                             " ORDER BY sort_order, id", (office_id,))
    result = []
    for service in services:
        issued = [row for row in rows if row["issued_service_id"] == service["id"]]
        ended = [row for row in rows if row["service_id"] == service["id"]]
        waits = [row["wait"] for row in issued if row["wait"] is not None]
        durations = [row["service_minutes"] for row in ended if row["service_minutes"] is not None]
        if not issued and not ended:
            continue
        wait = _wait_figures(waits, norm)
        result.append({
            "service_id": service["id"],
            "letter": service["letter"],
            "name": service["name"],
            "issued": len(issued),
            "served": sum(1 for row in ended if row["status"] == "done"),
            "no_show": sum(1 for row in ended if row["status"] == "no_show"),
            "cancelled": sum(1 for row in ended if row["status"] == "cancelled"),
            "transferred_out": sum(1 for row in issued if row["transfers"]),
            "wait_mean": wait["mean"],
            "wait_p90": wait["p90"],
            "wait_max": wait["max"],
            "service_level": wait["service_level"],
            "service_mean": _minutes(mean(durations)),
        })
    return result


def _by_operator(db, rows: list[dict]) -> list[dict]:
    staff_ids = sorted({row["closed_by"] for row in rows if row["closed_by"] is not None})
    names = {row["id"]: row["full_name"] for row in query_all(
        db, f"SELECT id, full_name FROM staff WHERE id IN ({','.join('?' * len(staff_ids))})",
        staff_ids)} if staff_ids else {}
    result = []
    for staff_id in staff_ids:
        mine = [row for row in rows if row["closed_by"] == staff_id]
        done = [row for row in mine if row["status"] == "done"]
        durations = [row["service_minutes"] for row in done if row["service_minutes"] is not None]
        ratings = [row["rating"] for row in done if row["rating"] is not None]
        figures = _service_figures(durations)
        result.append({
            "staff_id": staff_id,
            "name": names.get(staff_id, f"Сотрудник {staff_id}"),
            "served": len(done),
            "no_show": sum(1 for row in mine if row["status"] == "no_show"),
            "service_mean": figures["mean"],
            "service_max": figures["max"],
            "rating_mean": _round2(mean(ratings)),
            "ratings": len(ratings),
        })
    result.sort(key=lambda item: (-item["served"], item["name"]))
    return result


def _by_hour(rows: list[dict], tz_name: str) -> list[dict]:
    hours: dict[int, list[dict]] = {}
    for row in rows:
        hour = local(from_db(row["created_at"]), tz_name).hour
        hours.setdefault(hour, []).append(row)
    if not hours:
        return []
    result = []
    for hour in range(min(hours), max(hours) + 1):
        issued = hours.get(hour, [])
        waits = [row["wait"] for row in issued if row["wait"] is not None]
        result.append({"hour": hour, "issued": len(issued), "called": len(waits),
                       "wait_mean": _minutes(mean(waits))})
    return result


def _preferential(rows: list[dict]) -> dict:
    categories = {code: {"code": code, "title": title, "total": 0, "confirmed": 0,
                         "downgraded": 0}
                  for code, title in PREFERENTIAL_CATEGORIES.items()}
    for row in rows:
        code = row["preferential"] or row["downgraded_from"]
        if code not in categories:
            continue
        item = categories[code]
        item["total"] += 1
        if row["downgraded_from"] is not None and row["preferential"] is None:
            item["downgraded"] += 1
        elif row["preferential_confirmed"]:
            item["confirmed"] += 1
    items = list(categories.values())
    return {
        "total": sum(item["total"] for item in items),
        "confirmed": sum(item["confirmed"] for item in items),
        "downgraded": sum(item["downgraded"] for item in items),
        "categories": items,
    }


def _feedback(rows: list[dict]) -> dict:
    ratings = [row["rating"] for row in rows if row["rating"] is not None]
    return {
        "count": len(ratings),
        "mean": _round2(mean(ratings)),
        "distribution": {str(score): ratings.count(score) for score in range(1, 6)},
    }


def _readings(db, office_id: int, start: date, end: date, tz_name: str) -> dict:
    low, high = utc_bounds(start, end, tz_name)
    rows = query_all(
        db, """SELECT r.channel, COUNT(*) AS n FROM readings r
               JOIN meters m ON m.id = r.meter_id
               JOIN accounts a ON a.id = m.account_id
               LEFT JOIN devices d ON d.id = r.device_id
               LEFT JOIN staff s ON s.id = r.staff_id
               WHERE r.channel IN ('kiosk', 'operator')
                 AND r.taken_at >= ? AND r.taken_at < ?
                 AND COALESCE(d.office_id, s.office_id, a.office_id) = ?
               GROUP BY r.channel""", (low, high, office_id))
    by_channel = {channel: 0 for channel in READING_CHANNELS}
    for row in rows:
        by_channel[row["channel"]] = row["n"]
    return {"total": sum(by_channel.values()), "by_channel": by_channel}


def _round2(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


# ------------------------------------------------------------------ the report

def summary(db, office_id: int, start: date, end: date, *, now: datetime) -> dict:
    """The supervisor's report for ``office_id`` over local days ``start``…``end``."""
    office = query_one(db, "SELECT * FROM offices WHERE id = ?", (office_id,))
    if office is None:
        raise NotFound("Офис не найден.")
    tz_name = office["timezone"]
    norm = office["wait_norm_minutes"] or DEFAULT_NORM_MINUTES
    rows = _ticket_rows(db, office_id, start, end)
    waits = [row["wait"] for row in rows if row["wait"] is not None]
    durations = [row["service_minutes"] for row in rows if row["service_minutes"] is not None]
    count = {status: sum(1 for row in rows if row["status"] == status) for status in FINAL_STATUSES}
    return {
        "office": {"id": office["id"], "name": office["name"], "timezone": tz_name,
                   "wait_norm_minutes": norm},
        "from": start.isoformat(),
        "to": end.isoformat(),
        "days": (end - start).days + 1,
        "generated_at": to_public(to_db(now), tz_name),
        "totals": {
            "issued": len(rows),
            "served": count["done"],
            "no_show": count["no_show"],
            "cancelled": count["cancelled"],
            "expired": count["expired"],
            "in_progress": len(rows) - sum(count.values()),
            "called": len(waits),
            "transferred": sum(1 for row in rows if row["transfers"]),
        },
        "wait": _wait_figures(waits, norm),
        "service": _service_figures(durations),
        "by_service": _by_service(db, office_id, rows, norm),
        "by_operator": _by_operator(db, rows),
        "by_hour": _by_hour(rows, tz_name),
        "preferential": _preferential(rows),
        "feedback": _feedback(rows),
        "readings": _readings(db, office_id, start, end, tz_name),
    }


# ------------------------------------------------------------------ CSV

def _cell(value) -> str:
    """A number as Russian Excel reads it (decimal comma); empty for «no data»."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value == int(value) else str(value).replace(".", ",")
    return str(value)


def summary_csv(report: dict) -> str:
    """The report as CSV for Excel: «;»-separated, decimal comma, sections one under another.

    The caller adds the UTF-8 BOM (so Excel reads the Cyrillic as UTF-8).
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    totals, wait, service = report["totals"], report["wait"], report["service"]
    feedback, readings, preferential = report["feedback"], report["readings"], report["preferential"]
    writer.writerow(["Отчёт руководителя офиса", report["office"]["name"]])
    writer.writerow(["Период", f"{report['from']} — {report['to']}"])
    writer.writerow(["Сформирован", report["generated_at"]])
    writer.writerow([])
    writer.writerow(["Показатель", "Значение"])
    metrics = [
        ("Выдано талонов", totals["issued"]),
        ("Обслужено", totals["served"]),
        ("Не явились", totals["no_show"]),
        ("Отменено", totals["cancelled"]),
        ("Истекло (не вызваны до конца дня)", totals["expired"]),
        ("Ещё в работе", totals["in_progress"]),
        ("Перенаправлено в другую услугу", totals["transferred"]),
        ("Вызвано", wait["called"]),
        ("Ожидание среднее, мин", wait["mean"]),
        ("Ожидание p90, мин", wait["p90"]),
        ("Ожидание максимальное, мин", wait["max"]),
        ("Норматив ожидания, мин", report["office"]["wait_norm_minutes"]),
        ("Вызвано в пределах норматива", wait["within_norm"]),
        ("Уровень обслуживания, %", wait["service_level"]),
        ("Обслуживание среднее, мин", service["mean"]),
        ("Обслуживание максимальное, мин", service["max"]),
        ("Льготных визитов", preferential["total"]),
        ("Льгота подтверждена", preferential["confirmed"]),
        ("Переведено в общую очередь", preferential["downgraded"]),
        ("Оценок посетителей", feedback["count"]),
        ("Средняя оценка", feedback["mean"]),
        *((f"Оценка {score}", feedback["distribution"][str(score)]) for score in range(1, 6)),
        ("Принято показаний", readings["total"]),
        *((f"Показания: {title.lower()}", readings["by_channel"][channel])
          for channel, title in READING_CHANNELS.items()),
    ]
    for name, value in metrics:
        writer.writerow([name, _cell(value)])

    writer.writerow([])
    writer.writerow(["По услугам"])
    writer.writerow(["Буква", "Услуга", "Выдано", "Обслужено", "Не явились", "Отменено",
                     "Перенаправлено", "Ожидание среднее, мин", "Ожидание p90, мин",
                     "Ожидание макс., мин", "В нормативе, %", "Обслуживание среднее, мин"])
    for row in report["by_service"]:
        writer.writerow([row["letter"], row["name"], row["issued"], row["served"], row["no_show"],
                         row["cancelled"], row["transferred_out"], _cell(row["wait_mean"]),
                         _cell(row["wait_p90"]), _cell(row["wait_max"]),
                         _cell(row["service_level"]), _cell(row["service_mean"])])

    writer.writerow([])
    writer.writerow(["По сотрудникам"])
    writer.writerow(["Сотрудник", "Обслужено", "Не явились", "Обслуживание среднее, мин",
                     "Обслуживание макс., мин", "Средняя оценка", "Оценок"])
    for row in report["by_operator"]:
        writer.writerow([row["name"], row["served"], row["no_show"], _cell(row["service_mean"]),
                         _cell(row["service_max"]), _cell(row["rating_mean"]), row["ratings"]])

    writer.writerow([])
    writer.writerow(["По часам"])
    writer.writerow(["Час", "Выдано", "Вызвано", "Ожидание среднее, мин"])
    for row in report["by_hour"]:
        writer.writerow([f"{row['hour']:02d}:00", row["issued"], row["called"],
                         _cell(row["wait_mean"])])

    writer.writerow([])
    writer.writerow(["Льготные визиты"])
    writer.writerow(["Категория", "Всего", "Льгота подтверждена", "Переведено в общую очередь"])
    for row in preferential["categories"]:
        writer.writerow([row["title"], row["total"], row["confirmed"], row["downgraded"]])
    return out.getvalue()


def csv_filename(report: dict) -> str:
    """``report-2026-12-04.csv`` for a day, ``report-2026-12-01_2026-12-07.csv`` for a range."""
    if report["from"] == report["to"]:
        return f"report-{report['from']}.csv"
    return f"report-{report['from']}_{report['to']}.csv"


def today_of(db, office_id: int, now: datetime) -> date:
    """The office's local date now."""
    return local(now, office_timezone(db, office_id)).date()

