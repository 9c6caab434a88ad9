"""The web board page in real Chromium against a real server: snapshot, live
calls with their announcement, counts, the offline badge; device-only access."""
import os

import pytest
import requests

from tests.live import LiveServer

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("web-board")).start()
    yield live
    live.stop()


@pytest.fixture
def board_page(browser, server):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(f"{server.url}/setup?token=demo-board-1")
    page.wait_for_url("**/board")
    yield page
    context.close()


def test_page_needs_a_board_device(server):
    response = requests.get(f"{server.url}/board", timeout=10)
    assert response.status_code == 401 and "Устройство не настроено" in response.text
    kiosk_cookie = requests.Session()
    kiosk_cookie.get(f"{server.url}/setup?token=demo-kiosk-1", timeout=10, allow_redirects=False)
    assert kiosk_cookie.get(f"{server.url}/board", timeout=10).status_code == 401


def test_calls_appear_and_are_announced_in_order(board_page, server):
    page = board_page
    page.wait_for_function("document.getElementById('office-name').textContent.includes('Кузнечная')")
    kiosk = server.session(token="demo-kiosk-1")
    operator = server.session(login="op2", password="demo")
    operator.post(f"{server.url}/api/v1/windows/2/open").raise_for_status()
    labels = []
    for _ in range(3):
        kiosk.post(f"{server.url}/api/v1/offices/1/tickets", json={"service_id": 3}).raise_for_status()
    page.wait_for_function("document.getElementById('waiting-total').textContent === 'В очереди: 3 человека'")
    for _ in range(3):
        ticket = operator.post(f"{server.url}/api/v1/windows/2/call-next").json()
        labels.append(ticket["label"])
        operator.post(f"{server.url}/api/v1/tickets/{ticket['id']}/no-show").raise_for_status()
    page.wait_for_function("window.boardAnnouncements.length === 3", timeout=20000)
    spoken = page.evaluate("window.boardAnnouncements")
    assert spoken == ["Талон вэ один, окно два", "Талон вэ два, окно два", "Талон вэ три, окно два"]
    newest = page.locator(".call.newest .label")
    assert newest.text_content() == labels[-1]
    assert page.locator("#waiting-total").text_content() == "В очереди: никого"
    assert "Контакт-центр: 8-800-700-10-32" in page.locator("#ticker-text").text_content()
    if os.environ.get("QUEUE_UPDATE_SCREENSHOTS"):
        page.screenshot(path="docs/board/web-board-1920x1080.png")


def test_reload_does_not_repeat_old_announcements(board_page, server):
    page = board_page
    page.wait_for_function("document.querySelectorAll('.call').length > 0")
    page.reload()
    page.wait_for_function("document.querySelectorAll('.call').length > 0")
    page.wait_for_timeout(500)
    assert page.evaluate("window.boardAnnouncements") == []
