"""The kiosk's «rate the visit» API, and the kiosk page, status and QR routes
(device cookie only, escaped output, hours and contacts on the page)."""
import re

import pytest
import zxingcpp
from PIL import Image

from queue_server.auth import device_csrf_token
from tests.test_lifecycle import issue


def served(kiosk, operator_factory, service_id=1):
    """A ticket of today that has been called, served and finished at window 1."""
    ticket = issue(kiosk, service_id)
    op = operator_factory(1)
    assert op.post("/api/v1/windows/1/call", json={"ticket_id": ticket["id"]}).status_code == 200
    assert op.post(f"/api/v1/tickets/{ticket['id']}/start").status_code == 200
    assert op.post(f"/api/v1/tickets/{ticket['id']}/finish", json={}).status_code == 200
    return ticket


def test_rate_a_served_visit_once_by_ticket_number(kiosk, operator_factory, db):
    ticket = served(kiosk, operator_factory)
    short = ticket["label"][0] + str(int(ticket["label"][1:]))  # «А1» typed for «А001»
    check = kiosk.get(f"/api/v1/offices/1/feedback?label={short}")
    assert check.status_code == 200
    assert check.get_json() == {"label": ticket["label"], "service": "Консультация", "can_rate": True}
    response = kiosk.post("/api/v1/offices/1/feedback", json={"label": ticket["label"], "rating": 4})
    assert response.status_code == 201
    assert db.conn.execute("SELECT rating FROM feedback WHERE ticket_id = ?",
                           (ticket["id"],)).fetchone()[0] == 4
    again = kiosk.post("/api/v1/offices/1/feedback", json={"label": ticket["label"], "rating": 5})
    assert again.status_code == 409
    assert again.get_json()["error"]["message"] == f"Оценка по талону {ticket['label']} уже получена. Спасибо!"


def test_feedback_refusals_are_russian_and_store_nothing(kiosk, operator_factory, db):
    waiting = issue(kiosk)
    not_found = kiosk.get("/api/v1/offices/1/feedback?label=Л999")
    assert not_found.status_code == 404
    assert not_found.get_json()["error"]["message"] == ("Талон Л999 за сегодня не найден. "
                                                        "Проверьте номер на талоне.")
    not_yet = kiosk.post("/api/v1/offices/1/feedback", json={"label": waiting["label"], "rating": 5})
    assert not_yet.status_code == 409 and not_yet.get_json()["error"]["code"] == "not_served"
    ticket = served(kiosk, operator_factory, service_id=3)
    for body in ({"label": ticket["label"], "rating": 6}, {"label": ticket["label"]},
                 {"label": "ВВВ", "rating": 3}, {"label": 5, "rating": 3}, {"label": "А1²", "rating": 3}):
        assert kiosk.post("/api/v1/offices/1/feedback", json=body).status_code == 422
    assert db.conn.execute("SELECT COUNT(*) FROM feedback").fetchone()[0] == 0


def test_only_kiosks_use_the_kiosk_feedback(operator_factory, board, app):
    from tests.conftest import ApiClient
    op = operator_factory(1, open_window=False)
    assert op.post("/api/v1/offices/1/feedback", json={"label": "А001", "rating": 5}).status_code == 403
    assert board.get("/api/v1/offices/1/feedback?label=А001").status_code == 403
    other_office = ApiClient(app.test_client(), token="demo-kiosk-2")
    assert other_office.get("/api/v1/offices/1/feedback?label=А001").status_code == 403


# --- the page ----------------------------------------------------------------------

@pytest.mark.parametrize("cookie_token", [None, "demo-board-1", "revoked-or-unknown"])
def test_kiosk_page_needs_a_kiosk_device_cookie(app, cookie_token):
    client = app.test_client()
    if cookie_token:
        client.set_cookie("queue_device", cookie_token)
    response = client.get("/kiosk")
    assert response.status_code == 401
    assert "Устройство не настроено" in response.get_data(as_text=True)
    assert client.get("/kiosk/status.json").status_code == 401
    assert client.get("/kiosk/qr.svg?text=x").status_code == 401


@pytest.fixture
def kiosk_browser(app):
    """A test client holding the kiosk's device cookie, as after ``/setup?token=…``."""
    client = app.test_client()
    assert client.get("/setup?token=demo-kiosk-1").headers["Location"] == "/kiosk"
    return client


def test_kiosk_page_has_every_screen_csrf_token_and_office_data(app, kiosk_browser):
    response = kiosk_browser.get("/kiosk")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    with app.test_request_context():
        assert device_csrf_token(1) in page
    screens = set(re.findall(r'data-screen="([\w-]+)"', page))
    assert {"home", "audience", "services", "preferential", "ticket", "closed", "readings-account",
            "readings-address", "readings-values", "readings-done", "info", "feedback-label",
            "feedback-rating", "feedback-thanks"} <= screens
    for text in ("Получить талон", "Передать показания", "Информация", "Оценить обслуживание",
                 "Офис обслуживания «Кузнечная» (демо)", "Часы работы: <span data-hours>круглосуточно",
                 "Участник ВОВ", "Инвалид I или II группы", "Родитель с ребёнком до 3 лет",
                 "Социальный работник", "Оператор попросит показать документ",
                 "8-800-700-10-32", "8-800-600-03-90", "Вопросы по счёту, тарифам, льготам и услугам"):
        assert text in page, text
    assert "socket.io-4.8.1.min.js" in page and "cdn" not in page.lower()
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing loaded from outside the office


def test_business_visitors_see_shared_services_under_a_neutral_heading(kiosk_browser):
    page = kiosk_browser.get("/kiosk").get_data(as_text=True)
    business = page[page.index('data-service-list="business"'):]
    business = business[:business.index("</section>")]
    assert "Юридическим лицам и ИП" in business and "Для всех посетителей" in business
    assert "Физическим лицам" not in business and "Консультация" not in business
    assert "Жалобы и обращения" in business


def test_office_names_are_escaped(kiosk_browser, db):
    db.conn.execute("UPDATE offices SET name = ? WHERE id = 1", ("<script>alert(1)</script>",))
    page = kiosk_browser.get("/kiosk").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_idle_and_print_wait_come_from_the_query_string_within_bounds(kiosk_browser):
    assert '"idleSeconds": 45' in kiosk_browser.get("/kiosk").get_data(as_text=True)
    assert '"idleSeconds": 3' in kiosk_browser.get("/kiosk?idle=3").get_data(as_text=True)
    assert '"idleSeconds": 3' in kiosk_browser.get("/kiosk?idle=0").get_data(as_text=True)
    assert '"printWaitSeconds": 2' in kiosk_browser.get("/kiosk?print_wait=2").get_data(as_text=True)


def test_status_says_when_the_office_is_closed(app, clock):
    client = app.test_client()
    client.get("/setup?token=demo-kiosk-2")
    assert client.get("/kiosk/status.json").get_json()["issuing"] is True  # Thursday 10:00 local
    clock.advance(hours=9)  # 19:00 local: past closing (and the cutoff)
    status = client.get("/kiosk/status.json").get_json()
    assert status["issuing"] is False
    assert status["reason"].startswith("Выдача талонов закончилась в 18:45")
    assert status["hours"] == "Пн–Пт 08:00–19:00, Сб–Вс выходной"
    assert status["now"] == "2026-12-03T19:00:00+05:00"


def test_ticket_qr_is_a_readable_svg(kiosk_browser, tmp_path):
    url = "http://localhost/t/abcdef"
    response = kiosk_browser.get(f"/kiosk/qr.svg?text={url}")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert svg.startswith("<svg") and 'shape-rendering="crispEdges"' in svg
    assert kiosk_browser.get("/kiosk/qr.svg?text=" + "x" * 600).status_code == 400
    # Draw the SVG's rectangles into a bitmap and read it back like a phone would.
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    image = Image.new("L", (size * 8, size * 8), 255)
    pixels = image.load()
    for x, y, width in re.findall(r"M(\d+),(\d+)h(\d+)", svg):
        for dx in range(int(width) * 8):
            for dy in range(8):
                pixels[int(x) * 8 + dx, int(y) * 8 + dy] = 0
    [decoded] = zxingcpp.read_barcodes(image)
    assert decoded.text == url
