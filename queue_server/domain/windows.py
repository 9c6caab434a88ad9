"""Windows: an operator opens one, takes breaks, and closes it.

An operator holds at most one window (``windows.staff_id`` is UNIQUE); a window
with a called or serving ticket cannot be closed or put on a break.
"""
from ..db import immediate, query_all, query_one
from ..errors import Conflict, NotFound

STATE_TITLES = {"open": "работает", "break": "перерыв", "closed": "закрыто"}


def get_window(db, window_id: int) -> dict:
    row = query_one(db, "SELECT * FROM windows WHERE id = ?", (window_id,))
    if row is None:
        raise NotFound("Окно не найдено.")
    return row


def window_ticket(db, window_id: int) -> dict | None:
    """The ticket called to or served at the window, if any."""
    return query_one(
        db, "SELECT * FROM tickets WHERE window_id = ? AND status IN ('called', 'serving')",
        (window_id,))


def held_window(db, staff_id: int) -> dict | None:
    return query_one(db, "SELECT * FROM windows WHERE staff_id = ?", (staff_id,))


def _assert_free_for(db, window, staff_id):
    if window["staff_id"] is not None and window["staff_id"] != staff_id:
        holder = query_one(db, "SELECT full_name FROM staff WHERE id = ?", (window["staff_id"],))
        raise Conflict(f"{window['label']} уже занято: работает {holder['full_name']}.",
                       code="window_taken")


def _assert_idle(db, window, action):
    ticket = window_ticket(db, window["id"])
    if ticket is not None:
        raise Conflict(
            f"Нельзя {action}: в окне талон {ticket['label']}. "
            "Завершите обслуживание, отметьте неявку или отложите талон.",
            code="window_busy")


def open_window(db, window_id: int, staff_id: int) -> dict:
    """Bind the operator to the window and start (or resume) work."""
    with immediate(db):
        window = get_window(db, window_id)
        _assert_free_for(db, window, staff_id)
        other = held_window(db, staff_id)
        if other is not None and other["id"] != window_id:
            raise Conflict(f"Вы уже работаете в окне «{other['label']}». Сначала закройте его.",
                           code="holds_other_window")
        db.conn.execute("UPDATE windows SET state = 'open', staff_id = ? WHERE id = ?",
                        (staff_id, window_id))
    return get_window(db, window_id)


def break_window(db, window_id: int, staff_id: int) -> dict:
    """Pause calling; the window stays bound to the operator."""
    with immediate(db):
        window = get_window(db, window_id)
        if window["staff_id"] != staff_id:
            raise Conflict("Это окно не открыто вами.", code="not_your_window")
        _assert_idle(db, window, "уйти на перерыв")
        db.conn.execute("UPDATE windows SET state = 'break' WHERE id = ?", (window_id,))
    return get_window(db, window_id)


def close_window(db, window_id: int, staff_id: int, *, force: bool = False) -> dict:
    """Unbind the operator; ``force`` lets a supervisor close someone else's window."""
    with immediate(db):
        window = get_window(db, window_id)
        if window["staff_id"] is not None and window["staff_id"] != staff_id and not force:
            raise Conflict("Это окно открыто другим сотрудником.", code="not_your_window")
        _assert_idle(db, window, "закрыть окно")
        db.conn.execute("UPDATE windows SET state = 'closed', staff_id = NULL WHERE id = ?",
                        (window_id,))
    return get_window(db, window_id)


def window_services(db, window_id: int) -> list[dict]:
    return query_all(
        db,
        """SELECT ws.service_id, ws.level FROM window_services ws
           JOIN services s ON s.id = ws.service_id
           WHERE ws.window_id = ? ORDER BY ws.level = 'secondary', s.sort_order""",
        (window_id,))
