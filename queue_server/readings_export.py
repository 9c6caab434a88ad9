"""Readings accepted in the office, exported for the billing system.

Billing needs the full account number (unlike every screen and receipt,
which mask it), the meter serial, when the reading was taken and the value of
each zone, plus the channel and confirmation number to trace a dispute back
to the kiosk receipt. Readings imported *from* billing (channel ``import``)
are not exported back.
"""
import csv
import io
import json
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterator

from .domain.readings import FALLBACK_TIMEZONE
from .timeutil import from_db, local, to_db

EXPORT_ZONES = ("T1", "T2", "T3")
CSV_COLUMNS = ("account_number", "meter_serial", "taken_at", "date", *EXPORT_ZONES,
               "channel", "confirmation")
EXPORTED_CHANNELS = ("kiosk", "operator")


def export_rows(db, since: date) -> Iterator[dict]:
    """Readings taken on or after ``since`` (the office's local date), oldest first."""
    # A local date starts at most 14 h before UTC midnight: widen the SQL bound
    # by a day and filter exactly on the local date below.
    lower = to_db(datetime.combine(since - timedelta(days=1), time(), timezone.utc))
    rows = db.conn.execute(
        """SELECT r.taken_at, r.reading_values, r.channel, r.confirmation,
                  m.serial, a.number, COALESCE(o.timezone, ?) AS timezone
           FROM readings r
           JOIN meters m ON m.id = r.meter_id
           JOIN accounts a ON a.id = m.account_id
           LEFT JOIN offices o ON o.id = a.office_id
           WHERE r.taken_at >= ? AND r.channel IN (?, ?)
           ORDER BY r.taken_at, r.id""",
        (FALLBACK_TIMEZONE, lower, *EXPORTED_CHANNELS))
    for row in rows:
        taken = local(from_db(row["taken_at"]), row["timezone"]).replace(microsecond=0)
        if taken.date() < since:
            continue
        values = json.loads(row["reading_values"])
        yield {
            "account_number": row["number"],
            "meter_serial": row["serial"],
            "taken_at": taken.isoformat(),
            "date": taken.date().isoformat(),
            **{zone: values.get(zone, "") for zone in EXPORT_ZONES},
            "channel": row["channel"],
            "confirmation": row["confirmation"],
        }


def export_csv(db, since: date) -> str:
    """The export as CSV text (UTF-8, comma-separated, header row)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in export_rows(db, since):
        writer.writerow(row)
    return buffer.getvalue()
