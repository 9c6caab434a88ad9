"""The admin page in real Chromium against a real server: log in, add a kiosk and
see its token once, put a message on the running line and watch a hall board
show it without a reload.

``QUEUE_UPDATE_SCREENSHOTS=1`` (or a missing file) refreshes
docs/screenshots/admin-devices.png (1280×800).
"""
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.live import ROOT, LiveServer

pytestmark = pytest.mark.timeout(180)
SCREENSHOT = ROOT / "docs" / "screenshots" / "admin-devices.png"
MESSAGE = "31 декабря офис работает до 16:00"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("admin-live")).start()
    yield live
    live.stop()


def test_admin_adds_a_kiosk_and_a_running_line_message(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=server.url,
                                  locale="ru-RU")
    board_context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        board = board_context.new_page()
        board.goto(f"{server.url}/setup?token=demo-board-1")
        board.wait_for_url("**/board")
        board.wait_for_function(
            "document.getElementById('office-name').textContent.includes('Кузнечная')")

        page = context.new_page()
        page.goto("/admin")
        page.wait_for_url("**/login?next=/admin")
        page.fill("input[name=login]", "admin")
        page.fill("input[name=password]", "demo-admin")
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r".*/admin(#devices)?$"))
        expect(page.locator("#tab-devices")).to_have_attribute("aria-selected", "true")
        expect(page.locator("#devices-body tr")).to_have_count(2)
        expect(page.locator("#demo-banner")).to_be_visible()
        expect(page.locator("#demo-title")).to_contain_text("Демо-учётные записи активны")

        # A new kiosk: the token and the setup URL are shown once.
        page.fill("#device-name", "Терминал у входа")
        page.click("#device-form button[type=submit]")
        expect(page.locator("#token-card")).to_be_visible()
        url = page.locator("#token-url").text_content()
        token = page.locator("#token-value").text_content()
        assert url == f"{server.url}/setup?token={token}" and len(token) >= 40
        expect(page.locator("#token-qr")).to_have_attribute("src", re.compile("^data:image/svg"))
        expect(page.locator("#devices-body tr")).to_have_count(3)
        expect(page.locator("#devices-body")).to_contain_text("Терминал у входа")
        page.wait_for_function("document.getElementById('token-qr').complete")
        if os.environ.get("QUEUE_UPDATE_SCREENSHOTS") or not SCREENSHOT.exists():
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT))
        page.click("#token-done")
        expect(page.locator("#token-card")).to_be_hidden()
        assert token not in page.content()
        page.reload()
        expect(page.locator("#devices-body tr")).to_have_count(3)
        assert token not in page.content()

        # The token works: the new kiosk opens its page.
        kiosk = context.new_page()
        kiosk.goto(url)
        kiosk.wait_for_url("**/kiosk")
        kiosk.close()

        # A running-line message reaches the board without a reload.
        page.click("#tab-messages")
        page.fill("#message-text", MESSAGE)
        expect(page.locator("#message-counter")).to_have_text(f"{len(MESSAGE)} / 300")
        page.click("#message-form button[type=submit]")
        expect(page.locator("#message-list li")).to_have_count(1)
        expect(page.locator("#ticker-preview")).to_have_text(MESSAGE)
        expect(board.locator("#ticker-text")).to_contain_text(MESSAGE, timeout=10000)

        page.click("#message-list li button")
        expect(page.locator("#message-list li")).to_have_count(0)
        expect(board.locator("#ticker-text")).not_to_contain_text(MESSAGE, timeout=10000)
    finally:
        board_context.close()
        context.close()


def test_validation_errors_show_next_to_the_fields(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=server.url)
    try:
        assert context.request.post("/api/v1/auth/login",
                                    data={"login": "admin", "password": "demo-admin"}).ok
        page = context.new_page()
        page.goto("/admin#staff")
        expect(page.locator("#tab-staff")).to_have_attribute("aria-selected", "true")
        expect(page.locator("#staff-body tr").first).to_be_visible()
        page.fill("#staff-form input[name=login]", "kassa")
        page.fill("#staff-form input[name=full_name]", "Кассир Смены")
        page.fill("#staff-form input[name=password]", "short")
        page.click("#staff-form button[type=submit]")
        error = page.locator('#staff-form [data-error-for="password"]')
        expect(error).to_have_text("Пароль слишком короткий: нужно не меньше 8 символов.")
        page.fill("#staff-form input[name=password]", "long-enough-1")
        page.click("#staff-form button[type=submit]")
        expect(page.locator("#staff-body")).to_contain_text("kassa")
        expect(error).to_be_hidden()
    finally:
        context.close()
