"""Reading request bodies strictly: wrong shapes get a Russian 400/422, never a 500."""
from flask import request

from ..errors import BadRequest, Unprocessable

MAX_ID = 2**53


def json_body(*, required: bool = True) -> dict:
    """The request's JSON object (an empty dict when optional and absent)."""
    if not request.data:
        if required:
            raise BadRequest("Нужно тело запроса в формате JSON.", code="bad_json")
        return {}
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise BadRequest("Тело запроса должно быть JSON-объектом.", code="bad_json")
    return data


def int_field(body: dict, name: str, *, required: bool = True, minimum: int = 1,
              maximum: int = MAX_ID, title: str = "Значение") -> int | None:
    """An integer field within bounds (booleans are not integers here)."""
    value = body.get(name)
    if value is None:
        if required:
            raise Unprocessable(f"Не указано поле «{name}».", fields={name: "Обязательное поле"})
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise Unprocessable(f"{title} должно быть целым числом.", fields={name: "Нужно целое число"})
    if not minimum <= value <= maximum:
        raise Unprocessable(f"{title} вне допустимого диапазона.",
                            fields={name: f"От {minimum} до {maximum}"})
    return value


def str_field(body: dict, name: str, *, required: bool = False, max_length: int = 500) -> str | None:
    value = body.get(name)
    if value is None:
        if required:
            raise Unprocessable(f"Не указано поле «{name}».", fields={name: "Обязательное поле"})
        return None
    if not isinstance(value, str):
        raise Unprocessable(f"Поле «{name}» должно быть строкой.", fields={name: "Нужна строка"})
    if len(value) > max_length:
        raise Unprocessable(f"Поле «{name}» длиннее {max_length} символов.",
                            fields={name: "Слишком длинно"})
    return value
