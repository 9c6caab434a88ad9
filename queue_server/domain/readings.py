"""Meter readings: look up an account's meters, validate and store a reading.

Pure domain code over the database (no Flask). Visitors type readings on a
kiosk keypad, so every refusal names the zone and says exactly what is wrong
in plain Russian; the kiosk shows each message next to its zone.

Rules for a submitted reading (per zone of the meter):
- every zone of the meter is present, and no other keys;
- a whole, non-negative number with no more digits than the meter has;
- not lower than the last reading — unless the counter wrapped past
  ``10**digits`` (a value that is plausible only as a rollover), which needs
  ``confirm=True``;
- the consumption since the last reading is plausible: at most the meter's
  ``max_monthly_kwh`` per 30 days (prorated, at least one day's worth of a
  month) — beyond that the visitor must confirm.
The same values for the same meter within ten minutes return the first
reading instead of storing a duplicate (a double tap, a resend after a lost
answer).
"""
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from printer.plural import plural

from ..db import immediate, query_all, query_one
from ..errors import NotFound, Unprocessable
from ..timeutil import from_db, local, to_db

DUPLICATE_WINDOW = timedelta(minutes=10)
DAYS_PER_MONTH = 30
MIN_PRORATION_DAYS = 1  # a reading taken yesterday still allows a day of normal use
CONFIRMATION_PREFIX = "П"
FALLBACK_TIMEZONE = "Asia/Yekaterinburg"
ACCOUNT_NUMBER_PATTERN = re.compile(r"^[0-9]{1,20}$")
MAX_VALUE_DIGITS = 18  # no meter has more; longer input is refused before parsing

ZONE_TITLES = {"T1": "Т1 (день)", "T2": "Т2 (ночь)", "T3": "Т3 (полупик)"}
# On three-zone meters T1 is the peak zone, not «day».
THREE_ZONE_TITLES = {"T1": "Т1 (пик)", "T2": "Т2 (ночь)", "T3": "Т3 (полупик)"}
SINGLE_ZONE_TITLE = "Показание"


@dataclass(frozen=True)
class Accepted:
    """A validated reading: the values to store and the consumption per zone."""

    values: dict[str, int]
    consumption: dict[str, int | None]
    rollover: bool


# --- presentation helpers -----------------------------------------------------

def zone_title(zone: str, zones: list[str]) -> str:
    """What the screen and receipt call a zone: «Т1 (день)», or «Показание» for one zone."""
    if len(zones) == 1:
        return SINGLE_ZONE_TITLE
    titles = THREE_ZONE_TITLES if len(zones) == 3 else ZONE_TITLES
    return titles.get(zone, zone)


def mask_account(number: str) -> str:
    """``1000000002`` → ``10******02``: enough to recognise, not enough to reuse."""
    if len(number) >= 6:
        return number[:2] + "*" * (len(number) - 4) + number[-2:]
    return "*" * (len(number) - 1) + number[-1:]


_HOUSE = re.compile(r"^(д\.|дом)\s*(\S+)(.*)$", re.IGNORECASE)
_FLAT = re.compile(r"^(кв\.|квартира|комн\.|комната|оф\.|офис)\s*\S+", re.IGNORECASE)


def mask_address(address: str) -> str:
    """Street and the first character of the house shown, flat hidden.

    «г. Екатеринбург, ул. Ленина, д. 24, кв. 7» → «г. Екатеринбург, ул. Ленина, д. 2*, кв. **».
    An address without a recognisable house or flat part keeps only the first
    digit of its last part, so no complete number leaks.
    """
    parts = [part.strip() for part in address.split(",")]
    masked, recognised = [], False
    for part in parts:
        house = _HOUSE.match(part)
        flat = _FLAT.match(part)
        if house:
            number = house.group(2)
            masked.append(f"{house.group(1)} {number[0]}{'*' * (len(number) - 1)}")
            recognised = True
        elif flat:
            masked.append(f"{flat.group(1)} **")
            recognised = True
        else:
            masked.append(part)
    if not recognised and masked:
        masked[-1] = _keep_first_digit(masked[-1])
    return ", ".join(masked)


def _keep_first_digit(text: str) -> str:
    """Every digit after the first one becomes ``*`` («Садовая 15-8» → «Садовая 1*-*»)."""
    first = re.search(r"\d", text)
    if first is None:
        return text
    cut = first.end()
    return text[:cut] + re.sub(r"\d", "*", text[cut:])


def serial_tail(serial: str) -> str:
    """The last four characters of a meter's serial number (all the visitor needs)."""
    return serial[-4:]


def confirmation_number(reading_id: int, local_date) -> str:
    """Human-readable and unique (the reading id is): ``П-20261204-000123``."""
    return f"{CONFIRMATION_PREFIX}-{local_date:%Y%m%d}-{reading_id:06d}"


# --- reads --------------------------------------------------------------------

def find_account(db, number: str) -> dict | None:
    """The account with this number, or None (also for malformed numbers)."""
    if not isinstance(number, str) or not ACCOUNT_NUMBER_PATTERN.fullmatch(number):
        return None
    return query_one(db, "SELECT * FROM accounts WHERE number = ?", (number,))


def account_timezone(db, account: dict) -> str:
    """The time zone of the account's office (dates on receipts and confirmations)."""
    if account.get("office_id") is not None:
        office = query_one(db, "SELECT timezone FROM offices WHERE id = ?", (account["office_id"],))
        if office:
            return office["timezone"]
    return FALLBACK_TIMEZONE


def last_reading(db, meter_id: int) -> dict | None:
    """The newest reading of a meter (any channel), or None."""
    return query_one(db, "SELECT * FROM readings WHERE meter_id = ? ORDER BY taken_at DESC, id DESC"
                         " LIMIT 1", (meter_id,))


def meter_json(db, meter: dict, tz_name: str) -> dict:
    """A meter as the contract shows it: zones, digits, last values and date."""
    zones = json.loads(meter["zones"])
    last = last_reading(db, meter["id"])
    last_moment = from_db(last["taken_at"]) if last else None
    return {
        "id": meter["id"],
        "serial_tail": serial_tail(meter["serial"]),
        "zones": zones,
        "zone_titles": {zone: zone_title(zone, zones) for zone in zones},
        "digits": meter["digits"],
        "last": json.loads(last["reading_values"]) if last else {},
        "last_date": local(last_moment, tz_name).date().isoformat() if last_moment else None,
    }


def account_meters(db, number: str) -> dict:
    """``GET /accounts/{number}/meters``: masked account and address, meters with last values."""
    account = find_account(db, number)
    if account is None:
        raise NotFound("Лицевой счёт не найден. Проверьте номер: он напечатан в счёте за электроэнергию.",
                       code="account_not_found")
    tz_name = account_timezone(db, account)
    meters = query_all(db, "SELECT * FROM meters WHERE account_id = ? ORDER BY id", (account["id"],))
    return {
        "account": mask_account(account["number"]),
        "address": mask_address(account["address"]),
        "meters": [meter_json(db, meter, tz_name) for meter in meters],
    }


# --- validation ---------------------------------------------------------------

def _digits_word(count: int) -> str:
    return f"{count} {plural(count, 'цифра', 'цифры', 'цифр')}"


def _days_phrase(days: float) -> str:
    """«за сутки» for a reading of today, else «за 30 дней»."""
    if days < 1:
        return "за сутки"
    whole = round(days)
    return f"за {whole} {plural(whole, 'день', 'дня', 'дней')}"


def parse_value(raw) -> tuple[int | None, str | None]:
    """A submitted zone value as an int, or the reason it is not one (Russian)."""
    if raw is None or raw == "":
        return None, "Введите показание."
    if isinstance(raw, bool):
        return None, "Введите показание цифрами."
    if isinstance(raw, float):
        if not raw.is_integer():
            return None, "Введите целое число кВт·ч, без цифр после запятой."
        raw = int(raw)
    if isinstance(raw, str):
        text = raw.strip()
        if re.fullmatch(r"\d+[.,]\d*", text):
            return None, "Введите целое число кВт·ч, без цифр после запятой."
        if not re.fullmatch(r"[0-9]+", text):  # not str.isdigit: it takes «²» and other scripts
            return None, "Введите показание цифрами."
        if len(text.lstrip("0")) > MAX_VALUE_DIGITS:  # spare int() a megabyte of digits
            return None, "Слишком много цифр: проверьте показание."
        raw = int(text)
    if not isinstance(raw, int):
        return None, "Введите показание цифрами."
    if raw < 0:
        return None, "Показание не может быть отрицательным."
    return raw, None


def plausible_limit(max_monthly_kwh: int, days: float) -> int:
    """Most kWh a household plausibly uses in ``days`` (prorated from the monthly maximum)."""
    return round(max_monthly_kwh * max(days, MIN_PRORATION_DAYS) / DAYS_PER_MONTH)


def _check_shape(zones: list[str], digits: int, values) -> dict[str, int]:
    """Zones present, whole numbers, digit count; raise 422 ``invalid`` with per-zone fields."""
    if not isinstance(values, dict):
        raise Unprocessable("Показания не переданы: нужен объект «values» вида {\"T1\": 12345}.",
                            fields={"values": "Нужны показания по зонам"})
    fields, parsed = {}, {}
    for key in values:
        if key not in zones:
            fields[str(key)[:10]] = f"У этого счётчика нет зоны {str(key)[:10]}."
    for zone in zones:
        value, problem = parse_value(values.get(zone))
        if problem is None and len(str(value)) > digits:
            problem = (f"Слишком много цифр: на счётчике {_digits_word(digits)} до запятой, а введено "
                       f"{_digits_word(len(str(value)))}. Цифры после запятой вводить не нужно.")
        if problem:
            fields[zone] = problem
        else:
            parsed[zone] = value
    if fields:
        raise _invalid(fields, zones)
    return parsed


def _invalid(fields: dict[str, str], zones: list[str], *, code: str = "invalid",
             lead: str = "Показания не приняты.") -> Unprocessable:
    """A 422 whose message repeats the first zone's problem (for clients without fields)."""
    first = next(iter(fields))
    title = zone_title(first, zones) if first in zones else first
    detail = fields[first][0].lower() + fields[first][1:]
    return Unprocessable(f"{lead} {title}: {detail}", code=code, fields=fields)


def validate_reading(meter: dict, last: dict | None, values, *, now: datetime,
                     confirm: bool) -> Accepted:
    """Check submitted values against the meter and its last reading.

    Raises 422 ``invalid`` (wrong input, lower than last) or 422
    ``needs_confirmation`` (a rollover or an unusually large consumption that
    the visitor has not confirmed yet). Returns what to store otherwise.
    """
    zones = json.loads(meter["zones"])
    digits = meter["digits"]
    parsed = _check_shape(zones, digits, values)
    if last is None:
        return Accepted(parsed, {zone: None for zone in zones}, rollover=False)
    previous = json.loads(last["reading_values"])
    days = (now - from_db(last["taken_at"])).total_seconds() / 86400
    limit = plausible_limit(meter["max_monthly_kwh"], days)
    wrap = 10 ** digits
    consumption, lower, rollover = {}, {}, {}
    for zone in zones:
        before = previous.get(zone)
        if before is None:
            consumption[zone] = None
            continue
        used = parsed[zone] - before
        if used < 0 and used + wrap <= limit:
            rollover[zone] = (f"Показание меньше предыдущего ({before}). Если счётчик «перешёл через "
                              f"ноль» после {wrap - 1}, подтвердите показание.")
            used += wrap
        elif used < 0:
            lower[zone] = (f"Показание меньше предыдущего ({before}). Проверьте цифры: "
                           f"показание не может уменьшаться.")
        consumption[zone] = used
    if lower:
        raise _invalid(lower, zones)
    total = sum(used for used in consumption.values() if used is not None)
    if confirm:
        return Accepted(parsed, consumption, rollover=bool(rollover))
    unconfirmed = dict(rollover)
    if total > limit:
        for zone, used in consumption.items():
            if used and zone not in unconfirmed:
                unconfirmed[zone] = (f"Расход {used} кВт·ч {_days_phrase(days)} — больше обычного "
                                     f"(до {limit} кВт·ч). Подтвердите, что показание верное.")
    if unconfirmed:
        raise _invalid(unconfirmed, zones, code="needs_confirmation",
                       lead="Подтвердите показания: проверьте цифры ещё раз.")
    return Accepted(parsed, consumption, rollover=False)


# --- writes -------------------------------------------------------------------

def _recent_duplicate(db, meter_id: int, values: dict, now: datetime) -> dict | None:
    """A reading of this meter with exactly these values from the last ten minutes."""
    recent = query_all(db, "SELECT * FROM readings WHERE meter_id = ? AND taken_at >= ?"
                           " AND channel != 'import' ORDER BY id",
                       (meter_id, to_db(now - DUPLICATE_WINDOW)))
    for row in recent:
        if json.loads(row["reading_values"]) == values:
            return row
    return None


def _find_meter(db, account_number, meter_id) -> tuple[dict, dict]:
    """The account and its meter; one message for both so that numbers cannot be probed."""
    account = find_account(db, account_number)
    meter = None
    if account is not None and isinstance(meter_id, int) and not isinstance(meter_id, bool):
        meter = query_one(db, "SELECT * FROM meters WHERE id = ? AND account_id = ?",
                          (meter_id, account["id"]))
    if meter is None:
        raise NotFound("Лицевой счёт или счётчик не найден. Проверьте номер лицевого счёта.",
                       code="not_found")
    return account, meter


def reading_result(db, reading: dict, *, previous: dict | None = None) -> dict:
    """The stored reading as the API answers it (consumption against the reading before it)."""
    if previous is None:
        previous = query_one(db, "SELECT * FROM readings WHERE meter_id = ? AND id < ?"
                                 " ORDER BY taken_at DESC, id DESC LIMIT 1",
                             (reading["meter_id"], reading["id"]))
    values = json.loads(reading["reading_values"])
    before = json.loads(previous["reading_values"]) if previous else {}
    meter = query_one(db, "SELECT digits FROM meters WHERE id = ?", (reading["meter_id"],))
    consumption = {}
    for zone, value in values.items():
        if zone not in before:
            consumption[zone] = None
            continue
        used = value - before[zone]
        if used < 0 and reading["rollover_confirmed"]:
            used += 10 ** meter["digits"]
        consumption[zone] = used
    return {"id": reading["id"], "confirmation": reading["confirmation"], "consumption": consumption}


def submit_reading(db, *, account_number, meter_id, values, confirm: bool, now: datetime,
                   channel: str, device_id: int | None = None,
                   staff_id: int | None = None, on_stored=None) -> tuple[dict, bool]:
    """Validate and store a reading in one ``BEGIN IMMEDIATE``; ``(reading row, created)``.

    ``created`` is False when the same values came for the meter within ten
    minutes: the first reading is returned and nothing new is stored.
    ``on_stored(reading)`` runs inside the transaction of a new reading (e.g. to
    store its receipt's print job), so both are written together or not at all.
    """
    with immediate(db):
        account, meter = _find_meter(db, account_number, meter_id)
        last = last_reading(db, meter["id"])
        if isinstance(values, dict):
            zones = json.loads(meter["zones"])
            maybe = {zone: parse_value(values.get(zone))[0] for zone in zones}
            if None not in maybe.values() and set(values) <= set(zones):
                duplicate = _recent_duplicate(db, meter["id"], maybe, now)
                if duplicate is not None:
                    return duplicate, False
        accepted = validate_reading(meter, last, values, now=now, confirm=confirm)
        tz_name = account_timezone(db, account)
        reading_id = db.conn.execute(
            """INSERT INTO readings (meter_id, taken_at, reading_values, channel, device_id,
                   staff_id, rollover_confirmed) VALUES (?, ?, ?, ?, ?, ?, ?)""",
            (meter["id"], to_db(now), json.dumps(accepted.values, sort_keys=True), channel,
             device_id, staff_id, int(accepted.rollover))).lastrowid
        reading = dict(db.conn.execute(
            "UPDATE readings SET confirmation = ? WHERE id = ? RETURNING *",
            (confirmation_number(reading_id, local(now, tz_name).date()), reading_id)).fetchone())
        if on_stored is not None:
            on_stored(reading)
    return reading, True


def receipt_zones(meter: dict, reading: dict, consumption: dict) -> list[dict]:
    """Zone lines for the printed receipt: title, value, consumption."""
    zones = json.loads(meter["zones"])
    values = json.loads(reading["reading_values"])
    return [{"zone": zone, "title": zone_title(zone, zones), "value": values[zone],
             "consumption": consumption.get(zone)} for zone in zones]
