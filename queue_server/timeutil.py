"""Time in the office's zone, and the one text format times are stored in."""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

DB_FORMAT = "%Y-%m-%dT%H:%M:%S.%f+00:00"


def utcnow() -> datetime:
    """The current moment, timezone-aware, in UTC."""
    return datetime.now(timezone.utc)


def to_db(moment: datetime) -> str:
    """Store a moment as fixed-width UTC text, so text order is time order."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime cannot be stored")
    return moment.astimezone(timezone.utc).strftime(DB_FORMAT)


def from_db(text: str | None) -> datetime | None:
    """Read a stored moment back (None stays None)."""
    return datetime.fromisoformat(text) if text else None


def local(moment: datetime, tz_name: str) -> datetime:
    """The moment on the office's wall clock."""
    return moment.astimezone(ZoneInfo(tz_name))


def to_public(text: str | None, tz_name: str) -> str | None:
    """A stored moment as ISO 8601 with the office's UTC offset, to the second."""
    moment = from_db(text)
    if moment is None:
        return None
    return local(moment, tz_name).replace(microsecond=0).isoformat()


def service_date(moment: datetime, tz_name: str) -> str:
    """The office's local date of a moment: tickets are numbered per local day."""
    return local(moment, tz_name).date().isoformat()


def minutes_between(start: str | None, end: str | None) -> float | None:
    """Minutes from one stored moment to another (None if either is missing)."""
    if not start or not end:
        return None
    return (from_db(end) - from_db(start)).total_seconds() / 60
