"""What every view needs: the caller, the clock, access checks, the realtime hub."""
from flask import current_app

from ..auth import current_principal
from ..db import get_db, query_one
from ..errors import Forbidden, NotFound


def now():
    """The current moment from the app's clock (tests may replace the clock)."""
    return current_app.config["CLOCK"]()


def principal():
    return current_principal()


def check_office(office_id: int) -> None:
    """Refuse a caller of another office (404 for a missing office)."""
    if query_one(get_db(), "SELECT id FROM offices WHERE id = ?", (office_id,)) is None:
        raise NotFound("Офис не найден.")
    if not principal().can_access_office(office_id):
        raise Forbidden("Нет доступа к этому офису.")


def hub():
    """The realtime broadcaster of this app."""
    return current_app.extensions["queue_hub"]
