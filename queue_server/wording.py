"""Russian phrases with numbers, shared by pages (as Jinja filters) and the API."""
from printer.plural import with_plural


def people_ahead(count: int | None) -> str:
    """«Перед вами 3 человека» / «Перед вами никого нет»."""
    if not count:
        return "Перед вами никого нет"
    return f"Перед вами {with_plural(count, 'человек', 'человека', 'человек')}"


def people_waiting(count: int) -> str:
    """«Ожидают 5 человек» / «Ожидает 1 человек» / «Никто не ожидает»."""
    if not count:
        return "Никто не ожидает"
    verb = "Ожидает" if count % 10 == 1 and count % 100 != 11 else "Ожидают"
    return f"{verb} {with_plural(count, 'человек', 'человека', 'человек')}"


def minutes(count: int) -> str:
    return with_plural(count, "минута", "минуты", "минут")


def register_filters(app) -> None:
    app.jinja_env.filters["people_ahead"] = people_ahead
    app.jinja_env.filters["people_waiting"] = people_waiting
    app.jinja_env.filters["minutes"] = minutes
