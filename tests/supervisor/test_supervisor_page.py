"""The supervisor page in real Chromium against a real server after a busy morning:
the admin logs in through /login, sees the figures the report API computed, and the
live block follows the office without a reload."""
import os
import re
from pathlib import Path

import pytest
import socketio
from playwright.sync_api import expect

from tests.live import ROOT, LiveServer
from tests.supervisor.scene import OFFICE, А, play_morning

pytestmark = pytest.mark.timeout(180)
SCREENSHOTS = ROOT / "docs" / "screenshots"
VIEWPORT = {"width": 1440, "height": 900}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("supervisor-live")).start()
    yield live
    live.stop()


def ru(value, digits=1) -> str:
    """A figure as the page writes it: «9,7», «20»."""
    rounded = round(value, digits)
    return (str(int(rounded)) if rounded == int(rounded) else str(rounded)).replace(".", ",")


def level(percent) -> str:
    return "green" if percent >= 90 else "amber" if percent >= 80 else "red"


def kpi(page, name):
    return page.locator(f"#kpi-{name} [data-kpi=value]")


def test_admin_sees_the_day_and_the_live_queue(browser, server: LiveServer):
    scene = play_morning(server)
    admin = server.session(login="admin", password="demo-admin")
    api = f"{server.url}/api/v1/offices/{OFFICE}"
    report = admin.get(f"{api}/reports/summary", timeout=10).json()
    assert (report["totals"]["issued"], report["totals"]["served"],
            report["totals"]["no_show"]) == (scene.issued, scene.served, scene.no_show)
    waiting = admin.get(f"{api}/state", timeout=10).json()["waiting_total"]
    assert waiting >= 1

    context = browser.new_context(viewport=VIEWPORT, base_url=server.url, locale="ru-RU")
    try:
        page = context.new_page()
        page.goto("/supervisor")
        expect(page).to_have_url(re.compile(r"/login\?next=/supervisor$"))
        page.locator('#login-form input[name="login"]').fill("admin")
        page.locator('#login-form input[name="password"]').fill("demo-admin")
        page.locator('#login-form button[type="submit"]').click()
        expect(page).to_have_url(re.compile(r"/supervisor(\?.*)?$"))
        expect(page.locator("#connection")).to_have_attribute("data-online", "true")
        expect(page.locator('[data-preset="today"]')).to_have_attribute("aria-pressed", "true")

        expect(kpi(page, "issued")).to_have_text(str(scene.issued))
        expect(kpi(page, "served")).to_have_text(str(scene.served))
        expect(kpi(page, "no-show")).to_have_text(str(scene.no_show))
        wait = report["wait"]
        expect(kpi(page, "wait-mean")).to_have_text(f"{ru(wait['mean'])}мин")
        expect(kpi(page, "wait-p90")).to_have_text(f"{ru(wait['p90'])}мин")
        expect(kpi(page, "service-level")).to_have_text(f"{ru(wait['service_level'])}%")
        expect(page.locator("#kpi-service-level")).to_have_attribute(
            "data-level", level(wait["service_level"]))
        expect(page.locator("#kpi-service-level [data-kpi=sub]")).to_contain_text(
            f"{wait['within_norm']} из {wait['called']} вызванных")
        expect(page.locator("#by-service tbody tr")).to_have_count(len(report["by_service"]))
        first = report["by_service"][0]
        expect(page.locator("#by-service tbody tr").first).to_contain_text(first["name"])
        expect(page.locator("#by-operator tbody tr")).to_have_count(3)
        expect(page.locator("#by-hour .hour")).to_have_count(len(report["by_hour"]))
        expect(page.locator("#feedback-count")).to_have_text("11 оценок")
        expect(page.locator("#readings-total")).to_have_text("2 показания")
        csv_link = page.locator("#csv-link")
        expect(csv_link).to_have_attribute("href", re.compile(r"format=csv"))
        csv = admin.get(server.url + csv_link.get_attribute("href"), timeout=10)
        assert csv.content.startswith(b"\xef\xbb\xbf") and csv.status_code == 200

        total = page.locator("#live-waiting-total")
        expect(total).to_have_attribute("data-count", str(waiting))
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

        # A visitor takes a ticket at the kiosk: the live count follows, no reload.
        page.evaluate("window.__sameDocument = true")
        kiosk = server.session(token="demo-kiosk-1")
        ticket = kiosk.post(f"{api}/tickets", json={"service_id": А}, timeout=10).json()
        expect(total).to_have_attribute("data-count", str(waiting + 1), timeout=3000)
        people = waiting + 1
        word = "человек" if people % 10 in (0, 1, 5, 6, 7, 8, 9) or 11 <= people % 100 <= 14 \
            else "человека"
        expect(total).to_contain_text(f"{people} {word}")
        expect(kpi(page, "issued")).to_have_text(str(scene.issued + 1), timeout=8000)
        assert page.evaluate("window.__sameDocument") is True

        # The kiosk's printer runs out of paper: the problem reaches the page by push.
        agent = socketio.Client(reconnection=False)
        agent.connect(server.url, auth={"token": "demo-kiosk-1"}, transports=["websocket"],
                      wait_timeout=10)
        try:
            agent.call("print_result", {"id": ticket["print_job_id"], "ok": False,
                                        "error": "Закончилась бумага"}, timeout=10)
        finally:
            agent.disconnect()
        expect(page.locator("#live-print")).to_contain_text("Закончилась бумага", timeout=3000)
        expect(page.locator("#live-print")).to_contain_text("не напечатан 1 документ")

        if os.environ.get("QUEUE_UPDATE_SCREENSHOTS"):  # the committed pictures, on request
            page.mouse.move(720, 880)
            page.wait_for_timeout(500)
            page.screenshot(path=str(SCREENSHOTS / "supervisor-report.png"))
            page.screenshot(path=str(SCREENSHOTS / "supervisor-report-full.png"), full_page=True)

        page.locator('[data-preset="yesterday"]').click()
        expect(kpi(page, "issued")).to_have_text("0")
        expect(page).to_have_url(re.compile(r"from=\d{4}-\d{2}-\d{2}&to="))
    finally:
        context.close()
