import pytest

from printer.layouts import people_ahead_phrase
from printer.plural import plural, with_plural

FORMS = ("человек", "человека", "человек")


@pytest.mark.parametrize(
    "n, expected",
    [
        (1, "one"), (21, "one"), (101, "one"), (1001, "one"),
        (2, "few"), (3, "few"), (4, "few"), (22, "few"), (34, "few"), (102, "few"),
        (0, "many"), (5, "many"), (10, "many"), (20, "many"), (25, "many"), (100, "many"),
        (11, "many"), (12, "many"), (13, "many"), (14, "many"),
        (111, "many"), (112, "many"), (114, "many"), (211, "many"),
    ],
)  # fmt: skip
def test_plural_picks_the_russian_form(n, expected):
    forms = {"one": "минута", "few": "минуты", "many": "минут"}
    assert plural(n, forms["one"], forms["few"], forms["many"]) == forms[expected]


def test_plural_of_negative_numbers_follows_the_absolute_value():
    assert plural(-1, "рубль", "рубля", "рублей") == "рубль"
    assert plural(-12, "рубль", "рубля", "рублей") == "рублей"


def test_with_plural_puts_the_number_first():
    assert with_plural(3, *FORMS) == "3 человека"


@pytest.mark.parametrize(
    "ahead, phrase",
    [
        (0, "Перед вами никого нет"),
        (1, "Перед вами 1 человек"),
        (3, "Перед вами 3 человека"),
        (5, "Перед вами 5 человек"),
        (11, "Перед вами 11 человек"),
        (21, "Перед вами 21 человек"),
        (22, "Перед вами 22 человека"),
        (111, "Перед вами 111 человек"),
    ],
)
def test_people_ahead_phrase(ahead, phrase):
    assert people_ahead_phrase(ahead) == phrase
