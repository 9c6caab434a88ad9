"""The OpenAPI 3 description of the REST API (``GET /openapi.json``).

Written as a table of operations next to the code; a test checks that it
lists exactly the routes the app serves.
"""
from flask import jsonify

ERROR = {"$ref": "#/components/schemas/Error"}
TICKET = {"$ref": "#/components/schemas/Ticket"}
WINDOW = {"$ref": "#/components/schemas/Window"}
STAFF = ["admin", "supervisor", "operator"]
EVERYONE = STAFF + ["kiosk", "board"]


def _obj(**properties) -> dict:
    return {"type": "object", "properties": properties}


INT = {"type": "integer"}
STR = {"type": "string"}
NULLABLE_STR = {"type": "string", "nullable": True}

# method, path, summary, roles (None: public), request body schema, success status, response schema
OPERATIONS = [
    ("post", "/api/v1/auth/login", "Вход сотрудника (cookie-сессия + CSRF-токен)", None,
     _obj(login=STR, password=STR), 200, _obj(user=_obj(), csrf_token=STR)),
    ("post", "/api/v1/auth/logout", "Выход", STAFF, None, 200, _obj()),
    ("get", "/api/v1/auth/me", "Текущий сотрудник", STAFF, None, 200, _obj(user=_obj(), csrf_token=STR)),
    ("get", "/api/v1/offices/{office_id}/services", "Услуги офиса", EVERYONE, None, 200,
     {"type": "array", "items": _obj(id=INT, letter=STR, name=STR, audience=STR, group=STR,
                                     active={"type": "boolean"})}),
    ("post", "/api/v1/offices/{office_id}/tickets", "Выдать талон", ["kiosk"] + STAFF,
     _obj(service_id=INT, preferential=NULLABLE_STR), 201, TICKET),
    ("get", "/api/v1/offices/{office_id}/state", "Состояние офиса", EVERYONE, None, 200,
     _obj(waiting=_obj(), waiting_total=INT, calls={"type": "array"}, windows={"type": "array"})),
    ("get", "/api/v1/offices/{office_id}/tickets", "Ожидающие талоны в порядке вызова", STAFF,
     None, 200, {"type": "array", "items": TICKET}),
    ("post", "/api/v1/windows/{window_id}/open", "Открыть окно", STAFF, None, 200, WINDOW),
    ("post", "/api/v1/windows/{window_id}/close", "Закрыть окно", STAFF, None, 200, WINDOW),
    ("post", "/api/v1/windows/{window_id}/break", "Перерыв", STAFF, None, 200, WINDOW),
    ("post", "/api/v1/windows/{window_id}/call-next", "Вызвать следующего (204 — никого нет)",
     STAFF, None, 200, TICKET),
    ("post", "/api/v1/windows/{window_id}/call", "Вызвать конкретный талон", STAFF,
     _obj(ticket_id=INT), 200, TICKET),
    ("get", "/api/v1/tickets/{ticket_id}", "Талон", STAFF, None, 200, TICKET),
    ("post", "/api/v1/tickets/{ticket_id}/recall", "Повторный вызов", STAFF, None, 200, TICKET),
    ("post", "/api/v1/tickets/{ticket_id}/start", "Клиент подошёл", STAFF, None, 200, TICKET),
    ("post", "/api/v1/tickets/{ticket_id}/finish", "Завершить обслуживание", STAFF,
     _obj(outcome=NULLABLE_STR), 200, TICKET),
    ("post", "/api/v1/tickets/{ticket_id}/no-show", "Не явился", STAFF, None, 200, TICKET),
    ("post", "/api/v1/tickets/{ticket_id}/transfer", "Перенаправить в другую услугу", STAFF,
     _obj(service_id=INT, comment=NULLABLE_STR), 200, TICKET),
    ("post", "/api/v1/tickets/{ticket_id}/postpone", "Отложить", STAFF, _obj(minutes=INT), 200, TICKET),
    ("post", "/api/v1/tickets/{ticket_id}/cancel", "Отменить", STAFF, None, 200, TICKET),
    ("post", "/api/v1/tickets/{ticket_id}/confirm-preferential", "Льгота подтверждена", STAFF,
     None, 200, TICKET),
    ("post", "/api/v1/tickets/{ticket_id}/downgrade-preferential", "В общую очередь", STAFF,
     None, 200, TICKET),
    ("get", "/api/v1/public/tickets/{token}", "Публичный статус талона", None, None, 200, _obj()),
    ("post", "/api/v1/public/tickets/{token}/feedback", "Оценка визита", None,
     _obj(rating=INT, comment=NULLABLE_STR), 201, _obj(id=INT, rating=INT)),
]

# Operations added by later modules register themselves here (see ``extend``).
EXTRA_OPERATIONS: list[tuple] = []


def extend(*operations: tuple) -> None:
    EXTRA_OPERATIONS.extend(operations)


def _parameters(path: str) -> list[dict]:
    names = [part[1:-1] for part in path.split("/") if part.startswith("{")]
    return [{"name": name, "in": "path", "required": True,
             "schema": STR if name in ("token", "number") else INT} for name in names]


def _operation(summary, roles, body, status, response) -> dict:
    operation = {
        "summary": summary,
        "parameters": [],
        "responses": {
            str(status): {"description": "Успешно", "content": {"application/json": {"schema": response}}},
            "400": {"description": "Некорректный запрос", "content": {"application/json": {"schema": ERROR}}},
            "409": {"description": "Конфликт состояния", "content": {"application/json": {"schema": ERROR}}},
            "422": {"description": "Ошибка в данных", "content": {"application/json": {"schema": ERROR}}},
        },
    }
    if roles is not None:
        operation["security"] = [{"bearer": []}, {"session": []}]
        operation["x-roles"] = roles
        operation["responses"]["401"] = {"description": "Нет входа", "content": {"application/json": {"schema": ERROR}}}
        operation["responses"]["403"] = {"description": "Недостаточно прав", "content": {"application/json": {"schema": ERROR}}}
    if body is not None:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    return operation


def build_spec() -> dict:
    paths: dict = {}
    for method, path, summary, roles, body, status, response in OPERATIONS + EXTRA_OPERATIONS:
        item = paths.setdefault(path, {"parameters": _parameters(path)})
        item[method] = _operation(summary, roles, body, status, response)
    return {
        "openapi": "3.0.3",
        "info": {"title": "Электронная очередь офиса обслуживания", "version": "1.0"},
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "Токен устройства"},
                "session": {"type": "apiKey", "in": "cookie", "name": "queue_session"},
            },
            "schemas": {
                "Error": _obj(error=_obj(code=STR, message=STR, fields=_obj())),
                "Ticket": _obj(id=INT, label=STR, service_id=INT, status=STR,
                               preferential=NULLABLE_STR, window_id={"type": "integer", "nullable": True},
                               queued_at=STR, created_at=STR, called_at=NULLABLE_STR,
                               started_at=NULLABLE_STR, finished_at=NULLABLE_STR, call_count=INT),
                "Window": _obj(id=INT, number=INT, label=STR, services={"type": "array"},
                               operator={"type": "object", "nullable": True}, state=STR,
                               current_ticket={"type": "object", "nullable": True}),
            },
        },
    }


def register_openapi(app) -> None:
    @app.get("/openapi.json")
    def openapi_json():
        return jsonify(build_spec())
