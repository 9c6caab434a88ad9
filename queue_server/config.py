"""Server configuration read from the environment.

Every setting has a sensible default so that ``make run`` works on a fresh
machine; an installation overrides them in ``/etc/default/queue-server`` (see
``deploy/raspberry``).
"""
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

ASYNC_MODES = ("eventlet", "gevent", "threading")


@dataclass
class Config:
    database_path: str = "var/queue.sqlite3"
    async_mode: str = "eventlet"
    public_url: str | None = None
    secret_key: str | None = None
    lookups_per_minute: int = 30
    # Tests of a real server process move its clock by writing seconds into this file.
    clock_offset_file: str | None = None
    testing: bool = False
    kiosk_idle_seconds: int = 45  # every kiosk screen returns home after this
    kiosk_print_wait_seconds: int = 15  # how long the kiosk waits for the printer's answer
    # Account look-ups take at least this long, known account or not, so that
    # timing does not tell which account numbers exist.
    lookup_min_seconds: float = 0.25

    @classmethod
    def from_environ(cls, environ=None) -> "Config":
        """Build the configuration from ``QUEUE_*`` environment variables."""
        environ = os.environ if environ is None else environ
        async_mode = environ.get("QUEUE_ASYNC_MODE", "eventlet")
        if async_mode not in ASYNC_MODES:
            raise ValueError(
                f"QUEUE_ASYNC_MODE={async_mode!r}: допустимо {', '.join(ASYNC_MODES)}"
            )
        return cls(
            database_path=environ.get("QUEUE_DB", "var/queue.sqlite3"),
            async_mode=async_mode,
            public_url=environ.get("QUEUE_PUBLIC_URL") or None,
            secret_key=environ.get("QUEUE_SECRET_KEY") or None,
            lookups_per_minute=int(environ.get("QUEUE_LOOKUPS_PER_MINUTE", "30")),
            clock_offset_file=environ.get("QUEUE_TEST_CLOCK_OFFSET_FILE") or None,
            kiosk_idle_seconds=int(environ.get("QUEUE_KIOSK_IDLE_SECONDS", "45")),
            kiosk_print_wait_seconds=int(environ.get("QUEUE_KIOSK_PRINT_WAIT_SECONDS", "15")),
        )


def load_or_create_secret_key(database_path: str) -> str:
    """Return the session-signing key kept beside the database.

    The key is generated once per installation (so sessions survive restarts)
    and written with owner-only permissions.
    """
    key_path = Path(database_path).with_name("secret_key")
    if key_path.exists():
        return key_path.read_text().strip()
    key_path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    try:
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it a moment ago
        return key_path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def offset_clock(offset_file: str, base_clock):
    """A clock shifted by the number of seconds written in ``offset_file`` (tests only)."""
    from datetime import timedelta

    def now():
        try:
            seconds = float(Path(offset_file).read_text().strip() or 0)
        except (OSError, ValueError):
            seconds = 0.0
        return base_clock() + timedelta(seconds=seconds)
    return now
