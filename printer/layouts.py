"""Receipt layouts: pure functions from domain values to a document dict.

All printed text is Russian. The queue server calls these functions with
keyword arguments only and stores/sends the returned dict as is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Sequence

from .document import Document
from .plural import plural

MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip

CYRILLIC_UPPER = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
CYRILLIC_LOWER = CYRILLIC_UPPER.lower()


def format_datetime_ru(moment: datetime) -> str:
    """«4 декабря 2026, 10:15» in the moment's own time zone (the office's)."""
    return f"{moment.day} {MONTHS_GENITIVE[moment.month - 1]} {moment.year}, {moment:%H:%M}"


def people_ahead_phrase(ahead: int) -> str:
    """«Перед вами никого нет» / «Перед вами 1 человек» / «… 3 человека» / «… 5 человек»."""
    if ahead <= 0:
        return "Перед вами никого нет"
    return f"Перед вами {ahead} {plural(ahead, 'человек', 'человека', 'человек')}"


def eta_phrase(eta_minutes: Sequence[int] | None) -> str | None:
    """«Ожидание: 5–10 мин», «Ожидание: около 5 мин», or None when there is nothing to promise."""
    if not eta_minutes:
        return None
    low, high = int(eta_minutes[0]), int(eta_minutes[1])
    if high <= 0:
        return None
    if low == high:
        return f"Ожидание: около {high} мин"
    return f"Ожидание: {low}–{high} мин"


def ticket_document(
    *,
    office_name: str,
    office_address: str,
    label: str,
    service_name: str,
    preferential_title: str | None,
    issued_at: datetime,
    ahead: int,
    eta_minutes: Sequence[int] | None,
    status_url: str,
    phone_individuals: str,
    phone_business: str,
) -> dict:
    """The queue ticket a kiosk prints: label in huge type, place in the queue, QR to the status page."""
    doc = Document()
    doc.text(office_name, bold=True, align="center")
    if office_address:
        doc.text(office_address, align="center")
    doc.separator()
    doc.text("Талон", size="large", align="center")
    doc.text(label, size="huge", bold=True, align="center")
    doc.text(service_name, bold=True, align="center")
    if preferential_title:
        doc.text(f"Вне очереди: {preferential_title}", bold=True, align="center")
    doc.separator()
    doc.text(f"Выдан: {format_datetime_ru(issued_at)}")
    doc.text(people_ahead_phrase(ahead), bold=True)
    eta = eta_phrase(eta_minutes)
    if eta:
        doc.text(eta)
    doc.separator()
    doc.qr(status_url)
    doc.text("Наведите камеру телефона на код, чтобы следить за очередью", align="center")
    doc.separator()
    doc.text("Контакт-центр:", bold=True)
    doc.text(f"Для физ. лиц: {phone_individuals}")
    doc.text(f"Для юр. лиц: {phone_business}")
    doc.separator()
    doc.text("Сохраняйте талон до конца обслуживания", bold=True, align="center")
    doc.cut()
    return doc.to_dict()


def _zone_lines(zone: dict) -> tuple[str, str]:
    """The reading line and the consumption line of one tariff zone."""
    title = zone.get("title") or zone["zone"]
    reading = f"{title}: {zone['value']} кВт·ч"
    consumption = zone.get("consumption")
    if consumption is None:
        return reading, "  расход: нет предыдущих показаний"
    return reading, f"  расход: {consumption} кВт·ч"


def readings_receipt_document(
    *,
    office_name: str,
    confirmation: str,
    account_masked: str,
    meter_serial_tail: str,
    zones: list[dict],
    accepted_at: datetime,
    site: str,
    personal_account_url: str,
    chat_bot_url: str,
) -> dict:
    """The receipt for meter readings accepted at a kiosk."""
    doc = Document()
    doc.text(office_name, bold=True, align="center")
    doc.separator()
    doc.text("Показания приняты", size="large", bold=True, align="center")
    doc.text(f"Подтверждение № {confirmation}", bold=True, align="center")
    doc.separator()
    doc.text(f"Лицевой счёт: {account_masked}")
    doc.text(f"Счётчик: № …{meter_serial_tail.lstrip('.…*')}")
    doc.text(f"Принято: {format_datetime_ru(accepted_at)}")
    doc.separator()
    for zone in zones:
        reading, consumption = _zone_lines(zone)
        doc.text(reading, bold=True)
        doc.text(consumption)
    doc.separator()
    doc.text("В следующий раз передайте показания:", bold=True)
    doc.text(f"- на сайте: {site}")
    doc.text(f"- в личном кабинете: {personal_account_url}")
    doc.text(f"- через чат-бот: {chat_bot_url}")
    doc.separator()
    doc.text("Сохраняйте чек до получения счёта", align="center")
    doc.cut()
    return doc.to_dict()


def test_page_document(*, printer_uri: str, profile_name: str, now: datetime) -> dict:
    """The installer's test page: Cyrillic, digits, sizes, alignment, a QR code."""
    doc = Document()
    doc.text("Тестовая страница", size="large", bold=True, align="center")
    doc.text(f"Принтер: {printer_uri}")
    doc.text(f"Профиль: {profile_name}")
    doc.text(f"Время: {format_datetime_ru(now)}")
    doc.separator()
    doc.text("Кириллица:", bold=True)
    doc.text(CYRILLIC_UPPER)
    doc.text(CYRILLIC_LOWER)
    doc.text("Цифры: 0123456789")
    doc.text("Знаки: № % « » – ₽ (нет в CP866, печатаются заменой)")
    doc.separator()
    doc.text("Обычный шрифт")
    doc.text("Жирный шрифт", bold=True)
    doc.text("Крупный", size="large")
    doc.text("А001", size="huge", bold=True, align="center")
    doc.text("По левому краю")
    doc.text("По центру", align="center")
    doc.text("По правому краю", align="right")
    doc.separator()
    doc.qr(f"QR OK {profile_name} {now:%Y-%m-%d %H:%M}")
    doc.text("Код должен читаться камерой телефона", align="center")
    doc.separator()
    doc.text(
        "Если вместо русских букв непонятные символы, укажите агенту другой номер "
        "кодовой страницы CP866 (--codepage N): его печатает самотест принтера.",
    )
    doc.cut()
    return doc.to_dict()


# The name starts with "test_": tell pytest that importing it into a test module does not make it a test.
test_page_document.__test__ = False  # type: ignore[attr-defined]
