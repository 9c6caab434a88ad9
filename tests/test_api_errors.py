"""Bad input gets a Russian 4xx in the contract's error shape, never a 500;
the OpenAPI description lists exactly the served routes."""
import re

import pytest

from tests.test_lifecycle import issue


def assert_error(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body["error"]) == {"code", "message", "fields"}
    assert re.search("[а-яА-ЯёЁ]", body["error"]["message"]), body
    return body["error"]


@pytest.mark.parametrize("payload", [
    b"not json", b"[1, 2]", b'"text"', b"null", b"{", b'{"service_id": "1"}',
    b'{"service_id": 1.5}', b'{"service_id": true}', b'{"service_id": -1}',
    b'{"service_id": 99999999999999999999999}', b'{"service_id": 1, "preferential": 5}',
    b'{"service_id": 1, "preferential": "pensioner"}', b'{}', b'{"service_id": 424242}',
])
def test_bad_ticket_requests(kiosk, payload, db):
    before = db.conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
    response = kiosk.post("/api/v1/offices/1/tickets", data=payload,
                          headers={"Content-Type": "application/json"})
    assert 400 <= response.status_code < 500
    assert_error(response, response.status_code)
    assert db.conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == before


def test_unknown_routes_and_methods(kiosk, operator_factory):
    assert_error(kiosk.get("/api/v1/nothing-here"), 404)
    assert_error(kiosk.get("/api/v1/offices/1/tickets/extra"), 404)
    op = operator_factory(1)
    assert_error(op.get("/api/v1/windows/1/call-next"), 405)  # no state change by GET
    assert_error(op.post("/api/v1/windows/999/call-next"), 404)
    assert_error(op.post("/api/v1/windows/1/call", json={"ticket_id": "x"}), 422)
    assert_error(op.post("/api/v1/windows/1/call", json={"ticket_id": 10**30}), 422)
    assert_error(op.post("/api/v1/windows/1/call", json={"ticket_id": 123456}), 404)


def test_huge_body_is_413(kiosk):
    response = kiosk.post("/api/v1/offices/1/tickets", data=b"{" + b" " * (400 * 1024) + b"}",
                          headers={"Content-Type": "application/json"})
    assert_error(response, 413)


def test_public_ticket_page_and_feedback(kiosk, operator_factory, app):
    ticket = issue(kiosk)
    token = ticket["status_url"].rsplit("/", 1)[1]
    assert ticket["status_url"].startswith("http://localhost/t/")
    public = app.test_client().get(f"/api/v1/public/tickets/{token}").get_json()
    assert public["label"] == ticket["label"] and public["ahead"] == 0
    assert "account" not in public and "id" not in public
    page = app.test_client().get(f"/t/{token}").get_data(as_text=True)
    assert ticket["label"] in page and "Перед вами никого нет" in page
    op = operator_factory(1)
    op.post("/api/v1/windows/1/call-next")
    op.post(f"/api/v1/tickets/{ticket['id']}/start")
    op.post(f"/api/v1/tickets/{ticket['id']}/finish", json={})
    client = app.test_client()
    assert_error(client.post(f"/api/v1/public/tickets/{token}/feedback", json={"rating": 6}), 422)
    assert client.post(f"/api/v1/public/tickets/{token}/feedback", json={"rating": 5}).status_code == 201
    assert_error(client.post(f"/api/v1/public/tickets/{token}/feedback", json={"rating": 4}), 409)
    assert_error(client.get("/api/v1/public/tickets/unknown-token"), 404)


def test_public_page_plural_forms(kiosk, app):
    tickets = [issue(kiosk) for _ in range(6)]
    texts = {}
    for ticket in tickets[1:]:
        token = ticket["status_url"].rsplit("/", 1)[1]
        texts[ticket["ahead"]] = app.test_client().get(f"/t/{token}").get_data(as_text=True)
    assert "Перед вами 1 человек<" in texts[1]
    assert "Перед вами 3 человека<" in texts[3]
    assert "Перед вами 5 человек<" in texts[5]


def test_openapi_lists_exactly_the_api_routes(app):
    spec = app.test_client().get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    documented = {(method.upper(), path) for path, item in spec["paths"].items()
                  for method in item if method != "parameters"}
    served = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            served.add((method, path))
    assert documented == served


def test_ids_beyond_the_database_range_are_404_not_500(kiosk, operator_factory):
    huge = 10**20
    assert_error(kiosk.get(f"/api/v1/offices/{huge}/state"), 404)
    assert_error(kiosk.get(f"/api/v1/offices/{huge}/services"), 404)
    assert_error(operator_factory(1).post(f"/api/v1/tickets/{huge}/start"), 404)
