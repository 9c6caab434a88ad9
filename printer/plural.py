"""Russian plural forms of a noun after a number."""


def plural(n: int, one: str, few: str, many: str) -> str:
    """Return the form of a noun that agrees with the number ``n``.

    Russian has three forms: ``one`` for 1, 21, 101 («1 человек»), ``few``
    for 2–4, 22–24 («3 человека») and ``many`` for 0, 5–20, 11–14, 25…
    («5 человек», «12 человек»). The teens 11–14 take ``many`` even though
    they end in 1–4, which is the usual bug this function exists to avoid.

    >>> plural(21, "минута", "минуты", "минут")
    'минута'
    >>> plural(112, "минута", "минуты", "минут")
    'минут'
    """
    n = abs(int(n))
    if 11 <= n % 100 <= 14:
        return many
    last_digit = n % 10
    if last_digit == 1:
        return one
    if 2 <= last_digit <= 4:
        return few
    return many


def with_plural(n: int, one: str, few: str, many: str) -> str:
    """Return ``"<n> <noun>"`` with the noun in the agreeing form («3 человека»)."""
    return f"{n} {plural(n, one, few, many)}"
