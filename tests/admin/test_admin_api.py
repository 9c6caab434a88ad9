"""The admin API (``/api/v1/admin/...``) with Flask's test client: who may call
it, device tokens shown once and stored hashed, rotation and revocation that
cut open sockets, the running line pushed to boards, staff accounts, demo
credentials, services on and off, CSRF."""
import re

import pytest
from werkzeug.security import check_password_hash

from queue_server.auth import hash_token
from tests.conftest import ApiClient

OFFICE = "/api/v1/admin/offices/1"
SEPARATOR = "   •   "

READS = [f"{OFFICE}/devices", f"{OFFICE}/board-messages", f"{OFFICE}/staff", f"{OFFICE}/services",
         "/api/v1/admin/offices", "/api/v1/admin/demo"]
WRITES = [
    (f"{OFFICE}/devices", {"name": "Терминал 9", "kind": "kiosk"}),
    ("/api/v1/admin/devices/1/rotate-token", None),
    ("/api/v1/admin/devices/1/revoke", None),
    (f"{OFFICE}/board-messages", {"text": "Проверка"}),
    ("/api/v1/admin/board-messages/1/deactivate", None),
    (f"{OFFICE}/staff", {"login": "new", "full_name": "Новый Сотрудник", "role": "operator",
                         "password": "long-enough"}),
    ("/api/v1/admin/staff/2/password", {"password": "long-enough"}),
    ("/api/v1/admin/staff/2/deactivate", None),
    ("/api/v1/admin/demo/disable", None),
    ("/api/v1/admin/services/1/active", {"active": False}),
]


def socket_client(app, auth=None, flask_client=None):
    return app.extensions["socketio"].test_client(app, auth=auth, flask_test_client=flask_client)


def events_named(client, name):
    return [event["args"][0] for event in client.get_received() if event["name"] == name]


def create_device(admin, name="Терминал у входа", kind="kiosk", has_printer=True):
    response = admin.post(f"{OFFICE}/devices", json={"name": name, "kind": kind,
                                                     "has_printer": has_printer})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


# --- who may call ----------------------------------------------------------------

@pytest.mark.parametrize("path", READS)
def test_reads_need_an_admin(path, anonymous, kiosk, board, operator_factory, admin):
    assert anonymous.get(path).status_code == 401
    assert kiosk.get(path).status_code == 403
    assert board.get(path).status_code == 403
    operator = operator_factory(1, open_window=False)
    response = operator.get(path)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
    assert admin.get(path).status_code == 200


@pytest.mark.parametrize("path,body", WRITES)
def test_writes_need_an_admin(path, body, anonymous, kiosk, board, operator_factory):
    assert anonymous.post(path, json=body).status_code == 401
    assert kiosk.post(path, json=body).status_code == 403
    assert board.post(path, json=body).status_code == 403
    assert operator_factory(1, open_window=False).post(path, json=body).status_code == 403


def test_supervisor_is_refused(app, db, admin):
    assert admin.post(f"{OFFICE}/staff", json={"login": "boss", "full_name": "Руководитель Офиса",
                                               "role": "supervisor", "password": "boss-pass-1"}
                      ).status_code == 201
    supervisor = ApiClient(app.test_client()).login("boss", "boss-pass-1")
    assert supervisor.get(f"{OFFICE}/devices").status_code == 403


def test_cookie_write_without_csrf_header_is_refused(app, db, admin):
    bare = ApiClient(admin.client)  # the same session cookie, no X-CSRF-Token
    response = bare.post(f"{OFFICE}/board-messages", json={"text": "Без токена"})
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "csrf"
    assert db.conn.execute("SELECT COUNT(*) FROM board_messages").fetchone()[0] == 0


# --- devices -----------------------------------------------------------------------

def test_device_token_is_shown_once_and_only_its_hash_is_stored(admin, db):
    created = create_device(admin)
    token = created["token"]
    assert len(token) >= 40
    assert created["setup_url"] == f"http://localhost/setup?token={token}"
    assert created["qr_svg"].lstrip().startswith("<?xml") and "<svg" in created["qr_svg"]
    assert created["device"] == {**created["device"], "name": "Терминал у входа", "kind": "kiosk",
                                 "has_printer": True, "active": True, "pending_print_jobs": 0}
    row = db.conn.execute("SELECT * FROM devices WHERE id = ?", (created["device"]["id"],)).fetchone()
    assert row["token_hash"] == hash_token(token)
    assert token not in [str(value) for value in tuple(row)]
    listing = admin.get(f"{OFFICE}/devices")
    assert token not in listing.get_data(as_text=True)
    assert "token" not in listing.get_json()[-1]


def test_new_token_works_as_a_bearer(app, admin):
    token = create_device(admin)["token"]
    device = ApiClient(app.test_client(), token=token)
    assert device.get("/api/v1/offices/1/state").status_code == 200
    assert app.test_client().get(f"/setup?token={token}").headers["Location"] == "/kiosk"


def test_device_validation_and_duplicates(admin):
    response = admin.post(f"{OFFICE}/devices", json={"name": " ", "kind": "toaster"})
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert fields["name"] == "Укажите название устройства."
    assert "терминал" in fields["kind"]
    response = admin.post(f"{OFFICE}/devices", json={"name": "demo-kiosk-1", "kind": "kiosk"})
    assert response.status_code == 409
    assert response.get_json()["error"]["message"].startswith("Устройство с названием «demo-kiosk-1»")
    board = create_device(admin, name="Табло 2", kind="board", has_printer=True)
    assert board["device"]["has_printer"] is False  # a board has no receipt printer


def test_rotation_stops_the_old_token_and_drops_its_socket(app, admin, db):
    created = create_device(admin)
    old = created["token"]
    socket = socket_client(app, auth={"token": old})
    assert socket.is_connected()
    response = admin.post(f"/api/v1/admin/devices/{created['device']['id']}/rotate-token")
    assert response.status_code == 200
    new = response.get_json()["token"]
    assert new != old and response.get_json()["setup_url"].endswith(new)
    assert not socket.is_connected()
    assert ApiClient(app.test_client(), token=old).get("/api/v1/offices/1/state").status_code == 401
    assert ApiClient(app.test_client(), token=new).get("/api/v1/offices/1/state").status_code == 200
    assert not socket_client(app, auth={"token": old}).is_connected()
    assert socket_client(app, auth={"token": new}).is_connected()


def test_rotating_a_demo_token_makes_it_a_normal_device(app, admin):
    assert admin.post("/api/v1/admin/devices/2/rotate-token").status_code == 200
    assert ApiClient(app.test_client(), token="demo-board-1").get(
        "/api/v1/offices/1/state").status_code == 401
    assert "demo-board-1" not in admin.get("/api/v1/admin/demo").get_json()["devices"]


def test_revoke_refuses_the_token_and_drops_the_socket(app, admin):
    socket = socket_client(app, auth={"token": "demo-board-1"})
    other = socket_client(app, auth={"token": "demo-kiosk-1"})
    response = admin.post("/api/v1/admin/devices/2/revoke")
    assert response.status_code == 200
    device = response.get_json()
    assert device["active"] is False and device["revoked_at"].endswith("+05:00")
    assert not socket.is_connected()
    assert other.is_connected()
    assert ApiClient(app.test_client(), token="demo-board-1").get(
        "/api/v1/offices/1/state").status_code == 401
    rotate = admin.post("/api/v1/admin/devices/2/rotate-token")
    assert rotate.status_code == 409 and rotate.get_json()["error"]["code"] == "device_revoked"
    assert admin.post("/api/v1/admin/devices/999/revoke").status_code == 404


def test_pending_print_jobs_are_counted(admin, kiosk):
    assert kiosk.post("/api/v1/offices/1/tickets", json={"service_id": 1}).status_code == 201
    devices = {d["name"]: d for d in admin.get(f"{OFFICE}/devices").get_json()}
    assert devices["demo-kiosk-1"]["pending_print_jobs"] == 1
    assert devices["demo-board-1"]["pending_print_jobs"] == 0


# --- running line ------------------------------------------------------------------

def test_board_messages_are_pushed_to_boards_joined(app, admin):
    board = socket_client(app, auth={"token": "demo-board-1"})
    board.get_received()
    first = admin.post(f"{OFFICE}/board-messages", json={"text": "  31 декабря офис работает до 16:00 "})
    assert first.status_code == 201
    assert first.get_json()["message"]["text"] == "31 декабря офис работает до 16:00"
    assert events_named(board, "board_message") == [{"text": "31 декабря офис работает до 16:00"}]
    second = admin.post(f"{OFFICE}/board-messages", json={"text": "Оплата картой — в окне 2"})
    joined = "31 декабря офис работает до 16:00" + SEPARATOR + "Оплата картой — в окне 2"
    assert events_named(board, "board_message") == [{"text": joined}]
    listing = admin.get(f"{OFFICE}/board-messages").get_json()
    assert [m["text"] for m in listing["messages"]] == joined.split(SEPARATOR)
    assert listing["text"] == joined
    # A new board gets the active messages in its snapshot.
    [snapshot] = events_named(socket_client(app, auth={"token": "demo-board-1"}), "snapshot")
    assert snapshot["messages"] == joined.split(SEPARATOR)

    first_id = first.get_json()["message"]["id"]
    assert admin.post(f"/api/v1/admin/board-messages/{first_id}/deactivate").status_code == 200
    assert events_named(board, "board_message") == [{"text": "Оплата картой — в окне 2"}]
    second_id = second.get_json()["message"]["id"]
    admin.post(f"/api/v1/admin/board-messages/{second_id}/deactivate")
    assert events_named(board, "board_message") == [{"text": ""}]


def test_board_message_validation(admin):
    empty = admin.post(f"{OFFICE}/board-messages", json={"text": "   "})
    assert empty.status_code == 422
    assert empty.get_json()["error"]["fields"] == {"text": "Укажите текст сообщения."}
    long = admin.post(f"{OFFICE}/board-messages", json={"text": "я" * 301})
    assert long.status_code == 422
    assert "не больше 300 символов" in long.get_json()["error"]["message"]
    assert admin.post(f"{OFFICE}/board-messages", json={"text": "я" * 300}).status_code == 201
    duplicate = admin.post(f"{OFFICE}/board-messages", json={"text": "я" * 300})
    assert duplicate.status_code == 409
    assert admin.post(f"{OFFICE}/board-messages", json=["не объект"]).status_code == 400


def test_messages_of_another_office_stay_there(app, admin):
    board = socket_client(app, auth={"token": "demo-board-1"})
    board.get_received()
    assert admin.post("/api/v1/admin/offices/2/board-messages", json={"text": "Уралмаш"}).status_code == 201
    assert events_named(board, "board_message") == []
    assert admin.post("/api/v1/admin/offices/99/board-messages", json={"text": "Нет"}).status_code == 404


# --- staff ---------------------------------------------------------------------------

def test_create_staff_hashes_the_password_and_can_log_in(app, admin, db):
    response = admin.post(f"{OFFICE}/staff", json={
        "login": "ivanova", "full_name": "Иванова  Анна", "role": "operator",
        "password": "Secret-pass-1"})
    assert response.status_code == 201
    created = response.get_json()
    assert created == {**created, "login": "ivanova", "full_name": "Иванова Анна", "role": "operator",
                       "active": True, "is_demo": False, "office_id": 1}
    row = db.conn.execute("SELECT password_hash FROM staff WHERE login = 'ivanova'").fetchone()
    assert row["password_hash"] != "Secret-pass-1"
    assert check_password_hash(row["password_hash"], "Secret-pass-1")
    ApiClient(app.test_client()).login("ivanova", "Secret-pass-1")
    logins = [s["login"] for s in admin.get(f"{OFFICE}/staff").get_json()]
    assert "ivanova" in logins and "admin" in logins


def test_staff_validation_messages(admin):
    response = admin.post(f"{OFFICE}/staff", json={"login": "и в", "full_name": "",
                                                   "role": "king", "password": "short"})
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert set(fields) == {"login", "full_name", "role", "password"}
    assert fields["password"] == "Пароль слишком короткий: нужно не меньше 8 символов."
    assert fields["full_name"] == "Укажите фамилию и имя."
    assert "латинских букв" in fields["login"]
    duplicate = admin.post(f"{OFFICE}/staff", json={"login": "OP1", "full_name": "Ещё Один",
                                                    "role": "operator", "password": "long-enough"})
    assert duplicate.status_code == 409
    assert duplicate.get_json()["error"] == {"code": "duplicate",
                                             "message": "Логин «OP1» уже занят. Выберите другой.",
                                             "fields": {"login": "Такой логин уже есть."}}


def test_reset_password(app, admin, db):
    short = admin.post("/api/v1/admin/staff/2/password", json={"password": "1234567"})
    assert short.status_code == 422 and "password" in short.get_json()["error"]["fields"]
    response = admin.post("/api/v1/admin/staff/2/password", json={"password": "new-password-2"})
    assert response.status_code == 200
    assert response.get_json()["is_demo"] is False  # the published demo password is gone
    assert app.test_client().post("/api/v1/auth/login", json={"login": "op1", "password": "demo"}
                                  ).status_code == 401
    ApiClient(app.test_client()).login("op1", "new-password-2")


def test_deactivate_staff_closes_a_free_window_and_refuses_a_busy_one(app, admin, kiosk,
                                                                      operator_factory):
    op1 = operator_factory(1)
    staff_socket = socket_client(app, flask_client=op1.client)
    assert staff_socket.is_connected()
    op2 = operator_factory(2)
    kiosk.post("/api/v1/offices/1/tickets", json={"service_id": 1})
    assert op2.post("/api/v1/windows/2/call-next").status_code == 200
    busy = admin.post("/api/v1/admin/staff/3/deactivate")  # op2, serving a visitor
    assert busy.status_code == 409
    assert busy.get_json()["error"]["code"] == "staff_busy"
    assert "обслуживает талон А001" in busy.get_json()["error"]["message"]

    response = admin.post("/api/v1/admin/staff/2/deactivate")  # op1, window 1 open and idle
    assert response.status_code == 200
    assert response.get_json()["active"] is False and response.get_json()["window"] is None
    state = admin.get("/api/v1/offices/1/state").get_json()
    assert state["windows"][0]["state"] == "closed" and state["windows"][0]["operator"] is None
    assert not staff_socket.is_connected()
    assert op1.get("/api/v1/auth/me").status_code == 401
    assert app.test_client().post("/api/v1/auth/login", json={"login": "op1", "password": "demo"}
                                  ).status_code == 401


def test_admin_cannot_deactivate_themselves(admin):
    response = admin.post("/api/v1/admin/staff/1/deactivate")
    assert response.status_code == 409
    assert response.get_json()["error"]["message"] == "Нельзя отключить собственную учётную запись."


# --- demo credentials ----------------------------------------------------------------

def test_disable_demo_keeps_the_admin_and_revokes_demo_devices(app, admin):
    status = admin.get("/api/v1/admin/demo").get_json()
    assert status["active"] is True and status["you_are_demo"] is True
    assert status["staff"] == ["admin", "op1", "op2", "op3", "op4", "op5"]
    result = admin.post("/api/v1/admin/demo/disable").get_json()
    assert result["staff_disabled"] == 5 and result["devices_revoked"] == 3
    assert result["status"] == {"active": True, "staff": ["admin"], "devices": [],
                                "you_are_demo": True}
    assert ApiClient(app.test_client(), token="demo-kiosk-1").get(
        "/api/v1/offices/1/state").status_code == 401
    assert admin.get(f"{OFFICE}/devices").status_code == 200  # the admin is still in
    admin.post("/api/v1/admin/staff/1/password", json={"password": "a-real-password"})
    assert admin.get("/api/v1/admin/demo").get_json()["active"] is False


# --- services and windows ------------------------------------------------------------

def test_services_and_windows_and_the_active_toggle(admin, kiosk):
    data = admin.get(f"{OFFICE}/services").get_json()
    assert [s["letter"] for s in data["services"]] == list("АБВГДЕКЛ")
    assert data["windows"][0]["label"] == "Окно 1"
    assert data["windows"][0]["services"][0] == {"service_id": 1, "level": "primary"}
    response = admin.post("/api/v1/admin/services/1/active", json={"active": False})
    assert response.status_code == 200 and response.get_json()["active"] is False
    refused = kiosk.post("/api/v1/offices/1/tickets", json={"service_id": 1})
    assert refused.status_code in (409, 422)
    assert admin.post("/api/v1/admin/services/1/active", json={"active": "нет"}).status_code == 422
    admin.post("/api/v1/admin/services/1/active", json={"active": True})
    assert kiosk.post("/api/v1/offices/1/tickets", json={"service_id": 1}).status_code == 201


def test_routes_are_documented(app):
    spec = app.test_client().get("/openapi.json").get_json()
    admin_paths = [path for path in spec["paths"] if path.startswith("/api/v1/admin/")]
    assert len(admin_paths) >= 12
    for path in admin_paths:
        for method, operation in spec["paths"][path].items():
            if method != "parameters":
                assert operation["x-roles"] == ["admin"]
                assert re.search("[а-яА-Я]", operation["summary"])


# --- the page ---------------------------------------------------------------------------

def test_page_access(app, admin, operator_factory, kiosk):
    anonymous = app.test_client().get("/admin")
    assert anonymous.status_code == 302 and anonymous.headers["Location"] == "/login?next=/admin"
    operator = operator_factory(1, open_window=False)
    refused = operator.get("/admin")
    assert refused.status_code == 403
    assert "только администратору" in refused.get_data(as_text=True)
    device = app.test_client()
    device.get("/setup?token=demo-kiosk-1")
    assert device.get("/admin").status_code == 302
    page = admin.get("/admin")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for word in ("Устройства", "Бегущая строка", "Сотрудники", "Услуги и окна"):
        assert word in html
    assert admin.get("/admin?office=99").status_code == 404


def test_device_kind_of_a_wrong_type_is_a_422_not_a_500(admin):
    response = admin.post("/api/v1/admin/offices/1/devices", json={"name": "Киоск 2", "kind": {"x": 1}})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]["kind"].startswith("Выберите тип устройства")
