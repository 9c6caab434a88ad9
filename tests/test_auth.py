"""Who may do what: tokens, sessions, CSRF and roles on every endpoint."""
import pytest

from queue_server.auth import hash_token
from tests.conftest import ApiClient
from tests.test_lifecycle import issue


def test_no_token_is_401(anonymous):
    for path in ("/api/v1/offices/1/services", "/api/v1/offices/1/state", "/api/v1/tickets/1"):
        response = anonymous.get(path)
        assert response.status_code == 401, path
        assert response.get_json()["error"]["code"] == "unauthorized"
    assert anonymous.post("/api/v1/offices/1/tickets", json={"service_id": 1}).status_code == 401


def test_unknown_and_revoked_tokens_are_401(app, db):
    assert ApiClient(app.test_client(), token="nonsense").get(
        "/api/v1/offices/1/state").status_code == 401
    db.conn.execute("UPDATE devices SET revoked_at = '2026-01-01' WHERE name = 'demo-kiosk-1'")
    revoked = ApiClient(app.test_client(), token="demo-kiosk-1")
    assert revoked.post("/api/v1/offices/1/tickets", json={"service_id": 1}).status_code == 401


def test_board_token_cannot_create_tickets(board):
    response = board.post("/api/v1/offices/1/tickets", json={"service_id": 1})
    assert response.status_code == 403
    assert response.get_json()["error"]["message"] == "Недостаточно прав для этого действия."


def test_board_can_only_listen(board):
    assert board.get("/api/v1/offices/1/state").status_code == 200
    assert board.get("/api/v1/offices/1/services").status_code == 200
    assert board.get("/api/v1/offices/1/tickets").status_code == 403
    assert board.post("/api/v1/windows/1/call-next").status_code == 403


def test_kiosk_token_cannot_call_or_act(kiosk):
    ticket = issue(kiosk)
    assert kiosk.post("/api/v1/windows/1/call-next").status_code == 403
    assert kiosk.post("/api/v1/windows/1/open").status_code == 403
    assert kiosk.post(f"/api/v1/tickets/{ticket['id']}/cancel").status_code == 403
    assert kiosk.get(f"/api/v1/tickets/{ticket['id']}").status_code == 403


def test_tokens_and_passwords_are_stored_hashed(db):
    devices = db.conn.execute("SELECT name, token_hash FROM devices").fetchall()
    for device in devices:
        assert device["token_hash"] == hash_token(device["name"])
        assert device["name"] not in device["token_hash"]
    for staff in db.conn.execute("SELECT password_hash FROM staff").fetchall():
        assert staff["password_hash"].startswith(("scrypt:", "pbkdf2:"))
        assert "demo" not in staff["password_hash"]


def test_login_sets_an_httponly_cookie_and_wrong_password_is_401(app):
    client = app.test_client()
    bad = client.post("/api/v1/auth/login", json={"login": "op1", "password": "wrong"})
    assert bad.status_code == 401 and bad.get_json()["error"]["message"] == "Неверный логин или пароль."
    assert client.post("/api/v1/auth/login", json={"login": "nobody", "password": "x"}).status_code == 401
    good = client.post("/api/v1/auth/login", json={"login": "op1", "password": "demo"})
    cookie = good.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "queue_session=" in cookie
    assert good.get_json()["user"]["role"] == "operator"


def test_cookie_writes_need_the_csrf_token(app):
    client = app.test_client()
    login = client.post("/api/v1/auth/login", json={"login": "op1", "password": "demo"}).get_json()
    refused = client.post("/api/v1/windows/1/open")
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "csrf"
    wrong = client.post("/api/v1/windows/1/open", headers={"X-CSRF-Token": "forged"})
    assert wrong.status_code == 403
    accepted = client.post("/api/v1/windows/1/open", headers={"X-CSRF-Token": login["csrf_token"]})
    assert accepted.status_code == 200
    assert client.get("/api/v1/offices/1/state").status_code == 200  # reads need no token


def test_logout_ends_the_session(app):
    staff = ApiClient(app.test_client()).login("op1", "demo")
    assert staff.post("/api/v1/auth/logout").status_code == 200
    assert staff.get("/api/v1/offices/1/state").status_code == 401


def test_office_boundaries(app):
    kiosk2 = ApiClient(app.test_client(), token="demo-kiosk-2")
    response = kiosk2.post("/api/v1/offices/1/tickets", json={"service_id": 1})
    assert response.status_code == 403
    assert kiosk2.get("/api/v1/offices/99/state").status_code == 404


@pytest.mark.parametrize("role_login", [("admin", "demo-admin")])
def test_admin_reaches_every_office(app, role_login):
    admin = ApiClient(app.test_client()).login(*role_login)
    assert admin.get("/api/v1/offices/2/state").status_code == 200
    assert admin.get("/api/v1/offices/1/state").status_code == 200


def test_device_setup_page_sets_the_device_cookie(app):
    client = app.test_client()
    response = client.get("/setup?token=demo-board-1")
    assert response.status_code == 302 and response.headers["Location"].endswith("/board")
    cookie = response.headers["Set-Cookie"]
    assert "queue_device=demo-board-1" in cookie and "HttpOnly" in cookie
    assert client.get("/api/v1/offices/1/state").status_code == 200
    unknown = app.test_client().get("/setup?token=bogus")
    assert unknown.status_code == 401 and "Устройство не настроено" in unknown.get_data(as_text=True)


def test_device_cookie_writes_need_the_device_csrf_token(app):
    from queue_server.auth import device_csrf_token
    client = app.test_client()
    client.get("/setup?token=demo-kiosk-1")
    assert client.post("/api/v1/offices/1/tickets", json={"service_id": 1}).status_code == 403
    with app.test_request_context():
        token = device_csrf_token(1)
    created = client.post("/api/v1/offices/1/tickets", json={"service_id": 1},
                          headers={"X-CSRF-Token": token})
    assert created.status_code == 201


def test_password_guessing_is_slowed_down(app, clock):
    client = app.test_client()
    for _ in range(10):
        response = client.post("/api/v1/auth/login", json={"login": "op1", "password": "guess"})
        assert response.status_code == 401
    blocked = client.post("/api/v1/auth/login", json={"login": "op1", "password": "demo"})
    assert blocked.status_code == 429
    assert blocked.get_json()["error"]["code"] == "too_many_logins"
    assert "Подождите пять минут" in blocked.get_json()["error"]["message"]
    clock.advance(minutes=5, seconds=1)
    assert client.post("/api/v1/auth/login", json={"login": "op1", "password": "demo"}).status_code == 200
