"""Reference data (branches) and the demo office.

``seed_branches`` runs on every ``init``; ``seed_demo`` only with ``--demo``.
Both are idempotent: they insert what is missing and change nothing else.
"""
import json
from datetime import timedelta

from .auth import hash_password, hash_token
from .branches import BRANCHES
from .db import immediate, query_one
from .timeutil import to_db, utcnow

DEMO_TIMEZONE = "Asia/Yekaterinburg"
WORKDAY_HOURS = {str(day): ["08:00", "19:00"] for day in range(1, 6)}

# letter, name, description, audience, group, minutes, outcomes
DEMO_SERVICES = [
    ("А", "Консультация", "Вопросы по счёту, тарифам, льготам и услугам",
     "individual", "Физическим лицам", 8, []),
    ("Б", "Передача показаний", "Приём показаний счётчика, если не получилось на терминале",
     "individual", "Физическим лицам", 5, []),
    ("В", "Оплата и задолженность", "Оплата, сверка платежей, долг и рассрочка",
     "individual", "Физическим лицам", 10, []),
    ("Г", "Договор энергоснабжения", "Заключение, переоформление, смена собственника",
     "individual", "Физическим лицам", 15, [
         {"code": "contract_signed", "title": "Договор заключён"},
         {"code": "documents_missing", "title": "Не хватает документов"},
     ]),
    ("Д", "Перерасчёт", "Перерасчёт начислений, замена и поверка счётчика",
     "individual", "Физическим лицам", 12, []),
    ("Е", "Жалобы и обращения", "Письменное обращение, претензия, жалоба",
     "all", "Физическим лицам", 12, [
         {"code": "complaint_registered", "title": "Обращение зарегистрировано"},
     ]),
    ("К", "Юридическим лицам и ИП", "Договоры, счета и акты для организаций и ИП",
     "business", "Юридическим лицам и ИП", 15, []),
    ("Л", "Расчёты юридических лиц", "Сверка расчётов, счета-фактуры, задолженность",
     "business", "Юридическим лицам и ИП", 12, []),
]

# window number -> {letter: level}
DEMO_WINDOWS = {
    1: {"А": "primary", "Б": "primary", "В": "secondary"},
    2: {"А": "primary", "В": "primary", "Д": "secondary"},
    3: {"Г": "primary", "Д": "primary", "А": "secondary", "Е": "secondary"},
    4: {"К": "primary", "Л": "primary", "Е": "secondary"},
    5: {"Е": "primary", "Б": "primary", "В": "secondary", "А": "secondary"},
}

DEMO_STAFF = [("admin", "demo-admin", "Администратор (демо)", "admin")] + [
    (f"op{n}", "demo", f"Оператор {n} (демо)", "operator") for n in range(1, 6)
]

# name (= bearer token in the demo), office, kind, printer attached
DEMO_DEVICES = [
    ("demo-kiosk-1", 1, "kiosk", True),
    ("demo-board-1", 1, "board", False),
    ("demo-kiosk-2", 2, "kiosk", True),
]

# number, holder, address, [(serial, zones, digits, last values)]
DEMO_ACCOUNTS = [
    ("1000000001", "Иванова Мария Петровна", "г. Екатеринбург, ул. Малышева, д. 51, кв. 12",
     [("011234567", ["T1"], 5, {"T1": 12345})]),
    ("1000000002", "Петров Сергей Иванович", "г. Екатеринбург, ул. Ленина, д. 24, кв. 7",
     [("098765432", ["T1", "T2"], 6, {"T1": 45210, "T2": 18034})]),
]


def seed_branches(db) -> None:
    """Insert the branches of the standard's appendix that are missing."""
    with immediate(db):
        for branch in BRANCHES:
            db.conn.execute(
                """INSERT INTO branches (code, name, postal_address, phone_individuals,
                       phone_business, fax, email, site, links)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (code) DO NOTHING""",
                (branch["code"], branch["name"], branch["postal_address"],
                 branch["phone_individuals"], branch["phone_business"], branch["fax"],
                 branch["email"], branch["site"], json.dumps(branch["links"], ensure_ascii=False)),
            )


def seed_demo(db) -> bool:
    """Create the demo offices, staff, devices and accounts; False if already there."""
    with immediate(db):
        if query_one(db, "SELECT id FROM offices WHERE id = 1") is not None:
            return False
        branch = query_one(db, "SELECT id FROM branches WHERE code = 'ekb'")
        _insert_office(db, 1, branch["id"], "Офис обслуживания «Кузнечная» (демо)",
                       "г. Екатеринбург, ул. Кузнечная, 92", around_the_clock=True)
        _insert_office(db, 2, branch["id"], "Офис обслуживания «Уралмаш» (демо, по часам)",
                       "г. Екатеринбург, ул. Победы, 1", around_the_clock=False)
        letters = _insert_services(db, 1, DEMO_SERVICES)
        _insert_windows(db, 1, DEMO_WINDOWS, letters)
        letters_2 = _insert_services(db, 2, DEMO_SERVICES[:3])
        _insert_windows(db, 2, {1: {"А": "primary", "Б": "primary", "В": "primary"}}, letters_2)
        for login, password, full_name, role in DEMO_STAFF:
            db.conn.execute(
                "INSERT INTO staff (office_id, login, password_hash, full_name, role, is_demo)"
                " VALUES (?, ?, ?, ?, ?, 1)",
                (None if role == "admin" else 1, login, hash_password(password), full_name, role),
            )
        for name, office_id, kind, has_printer in DEMO_DEVICES:
            db.conn.execute(
                "INSERT INTO devices (office_id, name, kind, token_hash, has_printer, is_demo)"
                " VALUES (?, ?, ?, ?, ?, 1)",
                (office_id, name, kind, hash_token(name), int(has_printer)),
            )
        _insert_accounts(db, DEMO_ACCOUNTS)
    return True


def _insert_office(db, office_id, branch_id, name, address, *, around_the_clock):
    db.conn.execute(
        """INSERT INTO offices (id, branch_id, name, address, timezone, around_the_clock,
               opening_hours, kiosk_cutoff_minutes, wait_norm_minutes)
           VALUES (?, ?, ?, ?, ?, ?, ?, 15, 15)""",
        (office_id, branch_id, name, address, DEMO_TIMEZONE, int(around_the_clock),
         json.dumps(WORKDAY_HOURS)),
    )


def _insert_services(db, office_id, services) -> dict[str, int]:
    letters = {}
    for order, (letter, name, description, audience, group, minutes, outcomes) in enumerate(services):
        cursor = db.conn.execute(
            """INSERT INTO services (office_id, letter, name, description, audience, group_name,
                   default_service_minutes, outcomes, sort_order)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (office_id, letter, name, description, audience, group, minutes,
             json.dumps(outcomes, ensure_ascii=False), order),
        )
        letters[letter] = cursor.lastrowid
    return letters


def _insert_windows(db, office_id, windows, letters):
    for number, levels in windows.items():
        cursor = db.conn.execute(
            "INSERT INTO windows (office_id, number, label) VALUES (?, ?, ?)",
            (office_id, number, f"Окно {number}"),
        )
        for letter, level in levels.items():
            db.conn.execute(
                "INSERT INTO window_services (window_id, service_id, level) VALUES (?, ?, ?)",
                (cursor.lastrowid, letters[letter], level),
            )


def _insert_accounts(db, accounts):
    last_month = utcnow() - timedelta(days=30)
    for number, holder, address, meters in accounts:
        account_id = db.conn.execute(
            "INSERT INTO accounts (office_id, number, holder_name, address) VALUES (1, ?, ?, ?)",
            (number, holder, address),
        ).lastrowid
        for serial, zones, digits, last_values in meters:
            meter_id = db.conn.execute(
                "INSERT INTO meters (account_id, serial, zones, digits) VALUES (?, ?, ?, ?)",
                (account_id, serial, json.dumps(zones), digits),
            ).lastrowid
            db.conn.execute(
                "INSERT INTO readings (meter_id, taken_at, reading_values, channel)"
                " VALUES (?, ?, ?, 'import')",
                (meter_id, to_db(last_month), json.dumps(last_values)),
            )


def demo_credentials_present(db) -> bool:
    """True while demo staff or devices exist (the server warns about it)."""
    staff = query_one(db, "SELECT 1 AS found FROM staff WHERE is_demo = 1 AND active = 1")
    devices = query_one(db, "SELECT 1 AS found FROM devices WHERE is_demo = 1 AND revoked_at IS NULL")
    return staff is not None or devices is not None
