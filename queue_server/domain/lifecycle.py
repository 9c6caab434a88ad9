"""Ticket transitions after the call (DESIGN.md §3).

Each transition is one conditional ``UPDATE … WHERE id = ? AND status IN (…)
RETURNING *`` plus its event row, in one ``BEGIN IMMEDIATE`` transaction. When
the UPDATE matches nothing, :func:`_refusal` explains why (404, 409
``bad_state`` or ``not_your_window``) and nothing has changed.
"""
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..db import immediate, query_one
from ..errors import Conflict, NotFound, Unprocessable
from ..timeutil import service_date, to_db
from .categories import category_title
from .tickets import get_ticket, log_event, office_timezone

STATUS_TITLES = {
    "waiting": "ожидает", "called": "вызван", "serving": "обслуживается",
    "done": "обслужен", "no_show": "не явился", "cancelled": "отменён",
    "postponed": "отложен", "expired": "истёк",
}
MAX_POSTPONE_MINUTES = 240


@dataclass(frozen=True)
class Actor:
    """Who performs a transition; ``window_id`` restricts operators to their window."""

    staff_id: int | None
    window_id: int | None = None  # the window an operator holds; None = no restriction


@dataclass(frozen=True)
class Transition:
    event: str
    from_statuses: tuple[str, ...]
    assignments: str  # SQL SET clause, with named parameters
    at_own_window: bool  # operators may only act on tickets at their window
    title: str  # Russian, for the error message


TRANSITIONS = {
    "recall": Transition("recall", ("called",),
                         "called_at = :now, call_count = call_count + 1", True,
                         "повторить вызов"),
    "start": Transition("start", ("called",), "status = 'serving', started_at = :now", True,
                        "начать обслуживание"),
    "finish": Transition("finish", ("serving",),
                         "status = 'done', finished_at = :now, outcome = :outcome", True,
                         "завершить обслуживание"),
    "no_show": Transition("no_show", ("called",), "status = 'no_show', finished_at = :now", True,
                          "отметить неявку"),
    "cancel": Transition("cancel", ("waiting", "postponed"),
                         "status = 'cancelled', finished_at = :now", False, "отменить талон"),
    "postpone": Transition("postpone", ("called", "serving"),
                           "status = 'postponed', postponed_until = :until, window_id = NULL,"
                           " called_at = NULL, started_at = NULL", True, "отложить талон"),
    "transfer": Transition("transfer", ("serving",),
                           "status = 'waiting', service_id = :service_id, window_id = NULL,"
                           " called_at = NULL, started_at = NULL", True, "перенаправить талон"),
    "confirm_preferential": Transition(
        "confirm_preferential", ("waiting", "called", "serving", "postponed"),
        "preferential_confirmed = 1", False, "подтвердить льготу"),
    "downgrade_preferential": Transition(
        "downgrade_preferential", ("waiting", "called", "serving", "postponed"),
        "preferential = NULL, preferential_confirmed = 0, priority = 1", False,
        "перевести в общую очередь"),
}


def apply(db, ticket_id: int, name: str, actor: Actor, *, now: datetime,
          params: dict | None = None, data: dict | None = None,
          extra_condition: str = "") -> dict:
    """Perform transition ``name`` on a ticket; return the updated row."""
    transition = TRANSITIONS[name]
    stamp = to_db(now)
    values = {"id": ticket_id, "now": stamp, "own_window": None, **(params or {})}
    if transition.at_own_window and actor.window_id is not None:
        values["own_window"] = actor.window_id
    statuses = ", ".join(f"'{status}'" for status in transition.from_statuses)
    sql = (f"UPDATE tickets SET {transition.assignments}"
           f" WHERE id = :id AND status IN ({statuses})"
           f" AND (:own_window IS NULL OR window_id = :own_window) {extra_condition}"
           " RETURNING *")
    with immediate(db):
        before = query_one(db, "SELECT window_id, service_id, preferential FROM tickets WHERE id = ?",
                           (ticket_id,))
        row = db.conn.execute(sql, values).fetchone()
        if row is None:
            raise _refusal(db, ticket_id, transition, values["own_window"])
        ticket = dict(row)
        log_event(db, ticket_id, transition.event, stamp, staff_id=actor.staff_id,
                  window_id=before["window_id"] if before else None,
                  data={**(data or {}), "from_service_id": before["service_id"]}
                  if name == "transfer" else data)
    return ticket


def _refusal(db, ticket_id, transition, own_window):
    ticket = get_ticket(db, ticket_id)  # NotFound when there is no such ticket
    if ticket["status"] in transition.from_statuses and own_window is not None:
        return Conflict("Этот талон обслуживается не в вашем окне.", code="not_your_window")
    return Conflict(
        f"Нельзя {transition.title}: талон {ticket['label']} "
        f"{STATUS_TITLES.get(ticket['status'], ticket['status'])}.",
        code="bad_state",
    )


def recall(db, ticket_id, actor, *, now):
    return apply(db, ticket_id, "recall", actor, now=now)


def start(db, ticket_id, actor, *, now):
    return apply(db, ticket_id, "start", actor, now=now)


def finish(db, ticket_id, actor, *, now, outcome: str | None = None):
    """Finish serving; ``outcome`` must be one of the service's outcome codes."""
    if outcome is not None:
        ticket = get_ticket(db, ticket_id)
        service = query_one(db, "SELECT outcomes FROM services WHERE id = ?", (ticket["service_id"],))
        codes = {item["code"] for item in json.loads(service["outcomes"])}
        if outcome not in codes:
            raise Unprocessable("Такой результат обслуживания не предусмотрен для этой услуги.",
                                fields={"outcome": "Неизвестный код результата"})
    return apply(db, ticket_id, "finish", actor, now=now, params={"outcome": outcome},
                 data={"outcome": outcome} if outcome else None)


def no_show(db, ticket_id, actor, *, now):
    return apply(db, ticket_id, "no_show", actor, now=now)


def cancel(db, ticket_id, actor, *, now):
    return apply(db, ticket_id, "cancel", actor, now=now)


def postpone(db, ticket_id, actor, *, now, minutes: int):
    """Step the visitor aside for ``minutes``; the ticket keeps its place."""
    if not 1 <= minutes <= MAX_POSTPONE_MINUTES:
        raise Unprocessable(f"Отложить можно на срок от 1 до {MAX_POSTPONE_MINUTES} минут.",
                            fields={"minutes": "Вне допустимого диапазона"})
    until = now + timedelta(minutes=minutes)
    return apply(db, ticket_id, "postpone", actor, now=now, params={"until": to_db(until)},
                 data={"minutes": minutes})


def transfer(db, ticket_id, actor, *, now, service_id: int, comment: str | None = None):
    """Send the visitor to another service, keeping the original place in the queue."""
    ticket = get_ticket(db, ticket_id)
    target = query_one(db, "SELECT * FROM services WHERE id = ? AND office_id = ?",
                       (service_id, ticket["office_id"]))
    if target is None:
        raise NotFound("Услуга для перенаправления не найдена в этом офисе.",
                       fields={"service_id": "Нет такой услуги"})
    if not target["active"]:
        raise Conflict("Эта услуга сейчас не оказывается.", code="service_inactive")
    if target["id"] == ticket["service_id"]:
        raise Unprocessable("Талон уже относится к этой услуге.",
                            fields={"service_id": "Выберите другую услугу"})
    return apply(db, ticket_id, "transfer", actor, now=now, params={"service_id": service_id},
                 data={"to_service_id": service_id, "comment": comment})


def confirm_preferential(db, ticket_id, actor, *, now):
    """The operator has seen the document: the out-of-turn category stands."""
    if get_ticket(db, ticket_id)["preferential"] is None:
        raise Conflict("Талон не льготный.", code="bad_state")
    return apply(db, ticket_id, "confirm_preferential", actor, now=now,
                 extra_condition="AND preferential IS NOT NULL")


def downgrade_preferential(db, ticket_id, actor, *, now):
    """Serve the visitor in the regular queue (document not shown); logged with the category."""
    ticket = get_ticket(db, ticket_id)
    if ticket["preferential"] is None:
        raise Conflict("Талон не льготный.", code="bad_state")
    return apply(db, ticket_id, "downgrade_preferential", actor, now=now,
                 extra_condition="AND preferential IS NOT NULL",
                 data={"category": ticket["preferential"],
                       "title": category_title(ticket["preferential"])})


def release_due_postponed(db, office_id: int, *, now: datetime) -> list[int]:
    """Put postponed tickets whose time has come back in the queue (at their old place)."""
    stamp = to_db(now)
    with immediate(db):
        ids = [row[0] for row in db.conn.execute(
            """UPDATE tickets SET status = 'waiting', postponed_until = NULL
               WHERE office_id = ? AND status = 'postponed' AND postponed_until <= ?
               RETURNING id""", (office_id, stamp)).fetchall()]
        for ticket_id in ids:
            log_event(db, ticket_id, "returned", stamp)
    return ids


def expire_past_days(db, office_id: int, *, now: datetime) -> list[int]:
    """Day rollover: waiting and postponed tickets of a past local day expire."""
    today = service_date(now, office_timezone(db, office_id))
    stamp = to_db(now)
    with immediate(db):
        ids = [row[0] for row in db.conn.execute(
            """UPDATE tickets SET status = 'expired', finished_at = ?
               WHERE office_id = ? AND status IN ('waiting', 'postponed') AND service_date < ?
               RETURNING id""", (stamp, office_id, today)).fetchall()]
        for ticket_id in ids:
            log_event(db, ticket_id, "expired", stamp)
    return ids
