"""The agent's persistent record of printed jobs, so that no receipt prints twice.

The server re-sends every job it has no ``ok`` for, on every reconnect. The
agent writes "job N printed" here after the printer took the job and before
it acknowledges it, so a re-sent job that is already on paper is acknowledged
again without printing, across restarts of either side.

The file is small JSON replaced atomically (temporary file, fsync, rename,
fsync of the folder): after a power cut it holds either the old or the new
record, never half of one.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import threading
import time
from pathlib import Path

log = logging.getLogger(__name__)

RECORD_FILE_NAME = "printed-jobs.json"
LOCK_FILE_NAME = "agent.lock"
KEEP_SECONDS = 30 * 24 * 3600  # the server never re-sends a job this old
MAX_RECORDS = 20_000


def job_fingerprint(kind: str | None, document: dict) -> str:
    """A hash of a job's content.

    Stored with the id so that a job with a known id but other content (the
    server's database was re-created and ids start again from 1) is printed,
    not silently swallowed as a duplicate.
    """
    canonical = json.dumps({"kind": kind, "document": document}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class StateDirLockedError(RuntimeError):
    """Another agent already works with this state folder."""


class PrintedJobs:
    """Job ids already printed, with their fingerprints, persisted in ``state_dir``."""

    def __init__(self, state_dir: str | Path):
        self.state_dir = Path(state_dir)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.path = self.state_dir / RECORD_FILE_NAME
        self._lock = threading.Lock()
        self._records: dict[str, dict] = self._load()

    def _load(self) -> dict[str, dict]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            records = data["printed"]
            if not isinstance(records, dict):
                raise ValueError("printed is not an object")
            return records
        except (OSError, ValueError, KeyError, TypeError) as exc:
            # Cannot happen with atomic writes short of disk damage. Keep the
            # file for inspection and go on: a possible reprint beats a kiosk
            # that prints nothing.
            broken = self.path.with_suffix(f".broken-{int(time.time())}")
            os.replace(self.path, broken)
            log.error("Файл учёта напечатанного повреждён (%s), сохранён как %s; начинаю новый", exc, broken)
            return {}

    def was_printed(self, job_id: int, fingerprint: str) -> bool:
        """True if this very job (same id and content) is on paper already."""
        with self._lock:
            record = self._records.get(str(job_id))
        return record is not None and record.get("fingerprint") == fingerprint

    def known_with_other_content(self, job_id: int, fingerprint: str) -> bool:
        """True if a job with this id but different content was printed before."""
        with self._lock:
            record = self._records.get(str(job_id))
        return record is not None and record.get("fingerprint") != fingerprint

    def mark_printed(self, job_id: int, fingerprint: str, kind: str | None = None) -> None:
        """Record a printed job durably (returns after the record is on disk)."""
        with self._lock:
            self._records[str(job_id)] = {"fingerprint": fingerprint, "kind": kind, "printed_at": time.time()}
            self._prune()
            self._write()

    def _prune(self) -> None:
        now = time.time()
        fresh = {key: value for key, value in self._records.items() if now - value.get("printed_at", now) < KEEP_SECONDS}
        if len(fresh) > MAX_RECORDS:
            newest = sorted(fresh.items(), key=lambda item: item[1].get("printed_at", 0))[-MAX_RECORDS:]
            fresh = dict(newest)
        self._records = fresh

    def _write(self) -> None:
        temporary = self.path.with_suffix(".tmp")
        payload = json.dumps({"version": 1, "printed": self._records}, ensure_ascii=False)
        with open(temporary, "w", encoding="utf-8") as file:
            file.write(payload)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, self.path)
        directory = os.open(self.state_dir, os.O_RDONLY)
        try:
            os.fsync(directory)  # make the rename itself survive a power cut
        finally:
            os.close(directory)

    def __len__(self) -> int:
        with self._lock:
            return len(self._records)


class StateDirLock:
    """An exclusive lock on the state folder: two agents on one printer would print jobs twice.

    ``flock`` is released by the kernel when the process dies, even by SIGKILL,
    so a crashed agent never blocks its successor.
    """

    def __init__(self, state_dir: str | Path):
        self.path = Path(state_dir) / LOCK_FILE_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise StateDirLockedError(
                f"Папку состояния {self.path.parent} уже использует другой агент печати"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
