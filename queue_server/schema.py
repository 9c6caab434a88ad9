"""The database schema, created and migrated in order from code.

Each migration is a list of SQL statements applied once, in order, inside one
transaction; ``schema_version`` remembers the last applied one. Never edit a
released migration: append a new one.

Times are stored as UTC ISO 8601 strings of one fixed format
(``timeutil.to_db``), so they sort and compare as text.
"""
from .db import immediate

MIGRATIONS: list[list[str]] = [
    # 1: the queue core
    [
        """CREATE TABLE branches (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            postal_address TEXT NOT NULL,
            phone_individuals TEXT NOT NULL,
            phone_business TEXT NOT NULL,
            fax TEXT,
            email TEXT NOT NULL,
            site TEXT NOT NULL,
            links TEXT NOT NULL DEFAULT '{}'  -- JSON: remote services, readings, payment, chat-bot…
        )""",
        """CREATE TABLE offices (
            id INTEGER PRIMARY KEY,
            branch_id INTEGER NOT NULL REFERENCES branches(id),
            name TEXT NOT NULL,
            address TEXT NOT NULL,
            timezone TEXT NOT NULL,
            around_the_clock INTEGER NOT NULL DEFAULT 0 CHECK (around_the_clock IN (0, 1)),
            opening_hours TEXT NOT NULL DEFAULT '{}',  -- JSON: {"1": ["08:00","19:00"], …} ISO weekday
            kiosk_cutoff_minutes INTEGER NOT NULL DEFAULT 15,
            wait_norm_minutes INTEGER NOT NULL DEFAULT 15
        )""",
        """CREATE TABLE services (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            letter TEXT NOT NULL,
            name TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            audience TEXT NOT NULL CHECK (audience IN ('individual', 'business', 'all')),
            group_name TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            default_service_minutes REAL NOT NULL DEFAULT 10,
            outcomes TEXT NOT NULL DEFAULT '[]',  -- JSON list of {"code","title"}
            sort_order INTEGER NOT NULL DEFAULT 0,
            UNIQUE (office_id, letter)
        )""",
        """CREATE TABLE staff (
            id INTEGER PRIMARY KEY,
            office_id INTEGER REFERENCES offices(id),
            login TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            full_name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('admin', 'supervisor', 'operator')),
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1))
        )""",
        """CREATE TABLE windows (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            number INTEGER NOT NULL,
            label TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'closed' CHECK (state IN ('closed', 'open', 'break')),
            staff_id INTEGER UNIQUE REFERENCES staff(id),
            UNIQUE (office_id, number)
        )""",
        """CREATE TABLE window_services (
            window_id INTEGER NOT NULL REFERENCES windows(id),
            service_id INTEGER NOT NULL REFERENCES services(id),
            level TEXT NOT NULL CHECK (level IN ('primary', 'secondary')),
            PRIMARY KEY (window_id, service_id)
        )""",
        """CREATE TABLE devices (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('kiosk', 'board')),
            token_hash TEXT NOT NULL UNIQUE,
            has_printer INTEGER NOT NULL DEFAULT 0 CHECK (has_printer IN (0, 1)),
            printer_state TEXT,  -- JSON of the last status the print agent reported
            revoked_at TEXT,
            is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1))
        )""",
        """CREATE TABLE ticket_counters (
            office_id INTEGER NOT NULL REFERENCES offices(id),
            service_date TEXT NOT NULL,
            letter TEXT NOT NULL,
            last_number INTEGER NOT NULL,
            PRIMARY KEY (office_id, service_date, letter)
        )""",
        """CREATE TABLE tickets (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            service_id INTEGER NOT NULL REFERENCES services(id),
            service_date TEXT NOT NULL,
            letter TEXT NOT NULL,
            number INTEGER NOT NULL,
            label TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN
                ('waiting', 'called', 'serving', 'done', 'no_show', 'cancelled', 'postponed', 'expired')),
            preferential TEXT CHECK (preferential IN
                ('wwii_veteran', 'disabled_1_2', 'parent_under_3', 'social_worker')),
            preferential_confirmed INTEGER NOT NULL DEFAULT 0 CHECK (preferential_confirmed IN (0, 1)),
            priority INTEGER NOT NULL CHECK (priority IN (0, 1)),  -- 0: out of turn
            created_at TEXT NOT NULL,
            queued_at TEXT NOT NULL,
            called_at TEXT,
            started_at TEXT,
            finished_at TEXT,
            postponed_until TEXT,
            window_id INTEGER REFERENCES windows(id),
            staff_id INTEGER REFERENCES staff(id),
            call_count INTEGER NOT NULL DEFAULT 0,
            outcome TEXT,
            public_token TEXT NOT NULL UNIQUE,
            device_id INTEGER REFERENCES devices(id),
            created_by_staff_id INTEGER REFERENCES staff(id),
            UNIQUE (office_id, service_date, letter, number)
        )""",
        # Calling order within one service: out-of-turn first, then FIFO.
        "CREATE INDEX tickets_calling_order ON tickets (service_id, status, priority, queued_at, id)",
        "CREATE INDEX tickets_finished ON tickets (service_id, status, finished_at)",
        "CREATE INDEX tickets_postponed ON tickets (office_id, status, postponed_until)",
        "CREATE INDEX tickets_office_status ON tickets (office_id, status)",
        "CREATE INDEX tickets_window_status ON tickets (window_id, status)",
        "CREATE INDEX tickets_office_date ON tickets (office_id, service_date)",
        # Waiting counts per service, kept exact by triggers so that boards and
        # consoles get them in O(1) however long the queue is.
        """CREATE TABLE waiting_counts (
            service_id INTEGER PRIMARY KEY REFERENCES services(id),
            office_id INTEGER NOT NULL REFERENCES offices(id),
            waiting INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TRIGGER waiting_count_insert AFTER INSERT ON tickets
           WHEN NEW.status = 'waiting'
           BEGIN
             INSERT INTO waiting_counts (service_id, office_id, waiting)
             VALUES (NEW.service_id, NEW.office_id, 1)
             ON CONFLICT (service_id) DO UPDATE SET waiting = waiting + 1;
           END""",
        """CREATE TRIGGER waiting_count_leave AFTER UPDATE OF status, service_id ON tickets
           WHEN OLD.status = 'waiting'
           BEGIN
             UPDATE waiting_counts SET waiting = waiting - 1 WHERE service_id = OLD.service_id;
           END""",
        """CREATE TRIGGER waiting_count_enter AFTER UPDATE OF status, service_id ON tickets
           WHEN NEW.status = 'waiting'
           BEGIN
             INSERT INTO waiting_counts (service_id, office_id, waiting)
             VALUES (NEW.service_id, NEW.office_id, 1)
             ON CONFLICT (service_id) DO UPDATE SET waiting = waiting + 1;
           END""",
        """CREATE TRIGGER waiting_count_delete AFTER DELETE ON tickets
           WHEN OLD.status = 'waiting'
           BEGIN
             UPDATE waiting_counts SET waiting = waiting - 1 WHERE service_id = OLD.service_id;
           END""",
        """CREATE TABLE ticket_events (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER NOT NULL REFERENCES tickets(id),
            type TEXT NOT NULL,
            at TEXT NOT NULL,
            staff_id INTEGER REFERENCES staff(id),
            window_id INTEGER REFERENCES windows(id),
            data TEXT NOT NULL DEFAULT '{}'
        )""",
        "CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id)",
        "CREATE INDEX ticket_events_called ON ticket_events (type, at)",
        """CREATE TABLE accounts (
            id INTEGER PRIMARY KEY,
            office_id INTEGER REFERENCES offices(id),
            number TEXT NOT NULL UNIQUE,
            holder_name TEXT NOT NULL,
            address TEXT NOT NULL
        )""",
        """CREATE TABLE meters (
            id INTEGER PRIMARY KEY,
            account_id INTEGER NOT NULL REFERENCES accounts(id),
            serial TEXT NOT NULL,
            zones TEXT NOT NULL,  -- JSON list such as ["T1","T2"]
            digits INTEGER NOT NULL,
            max_monthly_kwh INTEGER NOT NULL DEFAULT 3000
        )""",
        """CREATE TABLE readings (
            id INTEGER PRIMARY KEY,
            meter_id INTEGER NOT NULL REFERENCES meters(id),
            taken_at TEXT NOT NULL,
            reading_values TEXT NOT NULL,  -- JSON {"T1": int, …}
            channel TEXT NOT NULL CHECK (channel IN ('kiosk', 'operator', 'import')),
            device_id INTEGER REFERENCES devices(id),
            staff_id INTEGER REFERENCES staff(id),
            confirmation TEXT UNIQUE,
            rollover_confirmed INTEGER NOT NULL DEFAULT 0 CHECK (rollover_confirmed IN (0, 1))
        )""",
        "CREATE INDEX readings_meter ON readings (meter_id, taken_at)",
        """CREATE TABLE print_jobs (
            id INTEGER PRIMARY KEY,
            device_id INTEGER NOT NULL REFERENCES devices(id),
            kind TEXT NOT NULL,
            document TEXT NOT NULL,  -- JSON receipt document of printer/
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'printed')),
            error TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            ticket_id INTEGER REFERENCES tickets(id),
            reading_id INTEGER REFERENCES readings(id),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX print_jobs_pending ON print_jobs (device_id, status, id)",
        """CREATE TABLE feedback (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER NOT NULL UNIQUE REFERENCES tickets(id),
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
            comment TEXT,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE board_messages (
            id INTEGER PRIMARY KEY,
            office_id INTEGER NOT NULL REFERENCES offices(id),
            text TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            created_at TEXT NOT NULL
        )""",
    ],
]


def current_version(db) -> int:
    """The number of migrations applied so far (0 for an empty database)."""
    db.conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = db.conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return row[0] or 0


def migrate(db) -> int:
    """Apply every migration not applied yet, in order; return the new version."""
    version = current_version(db)
    for number, statements in enumerate(MIGRATIONS, start=1):
        if number <= version:
            continue
        with immediate(db):
            # Re-check inside the write lock: two processes may run init at once.
            if current_version(db) >= number:
                continue
            for statement in statements:
                db.conn.execute(statement)
            db.conn.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))
    return current_version(db)
