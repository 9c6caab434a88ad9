import pytest

from printer.encoding import REPLACEMENTS, UNKNOWN_CHARACTER, encode_for_printer, fit_to_codepage


def test_russian_letters_including_yo_and_the_number_sign_are_kept():
    text = "Ёжик в тумане № 5, съешь ещё этих мягких булок"
    assert fit_to_codepage(text) == text
    assert encode_for_printer("№") == b"\xfc"
    assert encode_for_printer("ё") == b"\xf1"


@pytest.mark.parametrize(
    "text, printed",
    [
        ("100 ₽", "100 руб."),
        ("АО «ЭнергосбыТ Плюс»", 'АО "ЭнергосбыТ Плюс"'),
        ("5–10 мин", "5-10 мин"),
        ("Талон — А001", "Талон - А001"),
        ("Подождите…", "Подождите..."),
        ("„цитата“", '"цитата"'),
        ("Кирилл Іванов", "Кирилл Иванов".replace("И", "I", 1)),
        ("Café", "Cafe"),
        ("12\u202f345", "12 345"),
    ],
)
def test_characters_missing_from_cp866_get_readable_replacements(text, printed):
    assert fit_to_codepage(text) == printed
    assert encode_for_printer(text) == printed.encode("cp866")


def test_no_question_marks_in_a_name_with_exotic_characters():
    name = "Ли Сяо 李 😀 Ольга"
    fitted = fit_to_codepage(name)
    assert "?" not in fitted
    assert fitted.startswith("Ли Сяо ") and fitted.endswith(" Ольга")
    assert UNKNOWN_CHARACTER in fitted
    fitted.encode("cp866")  # must not raise


def test_control_characters_cannot_inject_printer_commands():
    hostile = "Офис\x1bd\x7f\x1dV\x00 №1\tокно"
    assert fit_to_codepage(hostile) == "ОфисdV №1 окно"


def test_invisible_format_characters_are_dropped():
    assert fit_to_codepage("пере\u00adнос\u200b") == "перенос"


def test_every_replacement_is_encodable_in_cp866():
    for original, replacement in REPLACEMENTS.items():
        replacement.encode("cp866")  # raises if a replacement itself is unprintable
        assert "?" not in replacement, original
