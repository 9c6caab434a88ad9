"""The /operator page and the console's API addition, through the Flask test client."""
import re

import pytest


def test_operator_page_without_a_staff_session_goes_to_login(anonymous):
    response = anonymous.get("/operator")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/operator"


def test_a_kiosk_device_cannot_open_the_console(app):
    client = app.test_client()
    assert client.get("/setup?token=demo-kiosk-1").status_code == 302  # device cookie set
    response = client.get("/operator")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/operator"


def test_operator_page_is_self_contained_and_carries_the_csrf_token(operator_factory):
    op1 = operator_factory(1, open_window=False)
    response = op1.get("/operator")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    token = re.search(r'<meta name="csrf-token" content="([^"]+)">', html).group(1)
    assert token == op1.csrf
    # Nothing from the internet: offices may be offline.
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)
    assert "socket.io-4.8.1.min.js" in html
    assert '"waitNormMinutes": 15' in html and '"waitWarnMinutes": 10' in html


def test_an_admin_may_pick_the_office(admin):
    assert admin.get("/operator?office=2").status_code == 200
    assert admin.get("/operator?office=99").status_code == 404


@pytest.fixture
def transferred(kiosk, operator_factory):
    """A ticket op1 sent from «Консультация» to «Перерасчёт» with a comment."""
    ticket = kiosk.post("/api/v1/offices/1/tickets", json={"service_id": 1}).get_json()
    op1 = operator_factory(1)
    assert op1.post("/api/v1/windows/1/call-next").status_code == 200
    assert op1.post(f"/api/v1/tickets/{ticket['id']}/start").status_code == 200
    response = op1.post(f"/api/v1/tickets/{ticket['id']}/transfer",
                        json={"service_id": 5, "comment": "Замена счётчика"})
    assert response.status_code == 200
    return ticket


def test_transfers_of_a_ticket_carry_the_comment(transferred, operator_factory):
    op2 = operator_factory(2, open_window=False)
    response = op2.get(f"/api/v1/tickets/{transferred['id']}/transfers")
    assert response.status_code == 200
    [transfer] = response.get_json()
    assert transfer["from_service_id"] == 1 and transfer["to_service_id"] == 5
    assert transfer["comment"] == "Замена счётчика"
    assert transfer["window"] == "Окно 1" and transfer["staff"] == "Оператор 1 (демо)"
    assert transfer["at"].endswith("+05:00")


def test_transfers_need_staff_and_an_existing_ticket(transferred, anonymous, kiosk, admin):
    path = f"/api/v1/tickets/{transferred['id']}/transfers"
    assert anonymous.get(path).status_code == 401
    assert kiosk.get(path).status_code == 403
    assert admin.get("/api/v1/tickets/999999/transfers").status_code == 404
    assert admin.get(path).get_json()[0]["comment"] == "Замена счётчика"
