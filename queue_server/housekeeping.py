"""Background upkeep while the server runs: postponed tickets return on time,
tickets of past days expire, and boards hear the new counts."""
import logging

from .db import connect, query_all
from .domain.lifecycle import expire_past_days, release_due_postponed
from .timeutil import utcnow

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 5


def run_once(app) -> list[int]:
    """One pass over every office; returns the offices whose queue changed."""
    hub = app.extensions["queue_hub"]
    db = connect(app.config["QUEUE"].database_path)
    changed = []
    try:
        with app.app_context():
            for office in query_all(db, "SELECT id FROM offices"):
                now = app.config["CLOCK"]()
                returned = release_due_postponed(db, office["id"], now=now)
                expired = expire_past_days(db, office["id"], now=now)
                if returned or expired:
                    hub.queue_changed(db, office["id"])
                    for ticket_id in returned:
                        row = db.conn.execute("SELECT * FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
                        hub.ticket_updated(db, dict(row))
                    changed.append(office["id"])
    finally:
        db.conn.close()
    return changed


def start_housekeeping(app) -> None:
    socketio = app.extensions["socketio"]

    def loop():
        while True:
            socketio.sleep(INTERVAL_SECONDS)
            try:
                run_once(app)
            except Exception:  # keep the loop alive; the next pass retries
                log.exception("ошибка фонового обслуживания очереди")

    socketio.start_background_task(loop)
