"""Sample receipts with realistic demo data (Orenburg branch contacts from the standard).

Used by ``python -m printer preview`` to regenerate ``docs/receipts/`` and by tests.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from .layouts import readings_receipt_document, test_page_document, ticket_document

OFFICE_TZ = timezone(timedelta(hours=5))  # Orenburg, UTC+5
SAMPLE_MOMENT = datetime(2026, 12, 4, 10, 15, tzinfo=OFFICE_TZ)
SAMPLE_STATUS_URL = "http://192.168.10.2:5000/t/q7Hk2ZpX9mWc"


def sample_ticket() -> dict:
    """A preferential ticket with people ahead and an ETA range."""
    return ticket_document(
        office_name="АО «ЭнергосбыТ Плюс», Оренбургский филиал",
        office_address="г. Оренбург, ул. Аксакова, 3а",
        label="А001",
        service_name="Оплата и передача показаний",
        preferential_title="Участник ВОВ",
        issued_at=SAMPLE_MOMENT,
        ahead=3,
        eta_minutes=(5, 10),
        status_url=SAMPLE_STATUS_URL,
        phone_individuals="8-800-700-10-32",
        phone_business="8-800-600-03-90",
    )


def sample_readings_receipt() -> dict:
    """A receipt for a two-zone (day/night) meter."""
    return readings_receipt_document(
        office_name="АО «ЭнергосбыТ Плюс», Оренбургский филиал",
        confirmation="П-20261204-0042",
        account_masked="100****002",
        meter_serial_tail="4821",
        zones=[
            {"zone": "T1", "title": "Т1 (день)", "value": 12345, "consumption": 210},
            {"zone": "T2", "title": "Т2 (ночь)", "value": 5432, "consumption": None},
        ],
        accepted_at=SAMPLE_MOMENT,
        site="oren.esplus.ru",
        personal_account_url="lkm.esplus.ru",
        chat_bot_url="t.me/Esplusbot",
    )


def sample_test_page(printer_uri: str = "usb://0416:5011", profile_name: str = "default-80") -> dict:
    """The installer's test page."""
    return test_page_document(printer_uri=printer_uri, profile_name=profile_name, now=SAMPLE_MOMENT)
