"""Screenshots of the operator console at 1280×720 for ``docs/screenshots/``.

    .venv/bin/python -m tests.operator.screenshots [--out docs/screenshots]

Starts a real server on a fresh demo database, sets a realistic scene through
the API (kiosk tickets issued over a quarter of an hour, other operators at
their windows) and photographs each state of the console.
"""
import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.live import ROOT, LiveServer
from tests.operator.scene import Office, open_console_page

CONSULTATION, METER_READINGS, PAYMENT, RECALCULATION = 1, 2, 3, 5


def set_the_scene(office: Office, server: LiveServer) -> dict:
    """Other operators at work and a queue that has been growing for a while; the
    oldest visitor was sent to window 1 from window 2 with a comment."""
    office.open_window("op3", 3)
    office.open_window("op5", 5)
    office.server.session(login="op5", password="demo").post(f"{office.url}/api/v1/windows/5/break")
    oldest = office.issue(CONSULTATION)
    office.issue(METER_READINGS)
    op2 = office.server.session(login="op2", password="demo")
    api = f"{office.url}/api/v1"
    assert op2.post(f"{api}/windows/2/open").ok
    assert op2.post(f"{api}/windows/2/call-next").json()["id"] == oldest["id"]
    assert op2.post(f"{api}/tickets/{oldest['id']}/start").ok
    assert op2.post(f"{api}/tickets/{oldest['id']}/transfer", json={
        "service_id": METER_READINGS,
        "comment": "Терминал не принял показания: счётчик заменён, новый номер в паспорте"}).ok
    server.shift_clock(minutes=7)
    office.issue(PAYMENT)
    office.issue(CONSULTATION)
    server.shift_clock(minutes=4)
    office.issue(METER_READINGS)
    office.issue(CONSULTATION)
    return oldest


def shoot(page, path: Path) -> None:
    """Let fonts and pushes settle, then save the screen."""
    page.mouse.move(640, 719)  # no hover highlight in the picture
    page.wait_for_timeout(400)
    page.screenshot(path=str(path))
    print(f"записан {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    out = Path(parser.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        server = LiveServer(Path(tmp)).start()
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            office = Office(server)
            oldest = set_the_scene(office, server)

            _, chooser = open_console_page(browser, server, "op1")
            expect(chooser.page.locator(".window-card .service-name").first).not_to_be_empty()
            shoot(chooser.page, out / "operator-choose-window.png")
            chooser.page.context.close()

            _, op1 = open_console_page(browser, server, "op1", window_id=1)
            op1.expect_list(office.waiting_labels(1))
            shoot(op1.page, out / "operator-idle.png")

            op1.press("Space")
            op1.expect_current(oldest["label"], "Вызван")
            op1.page.wait_for_timeout(1200)
            shoot(op1.page, out / "operator-called.png")

            op1.action("close").click()  # refused: a visitor is called
            expect(op1.toast).to_have_attribute("data-kind", "error")
            shoot(op1.page, out / "operator-error.png")
            op1.page.locator("#toast-close").click()

            op1.press("с")
            op1.expect_current(oldest["label"], "Идёт обслуживание")
            server.shift_clock(minutes=4, seconds=12)
            op1.page.reload()
            op1.expect_current(oldest["label"], "Идёт обслуживание")
            shoot(op1.page, out / "operator-serving.png")

            op1.press("р")
            dialog = op1.page.locator("#dialog-transfer")
            op1.press("д")
            dialog.locator("#transfer-comment").fill("Перерасчёт за октябрь: счётчик заменён 12.10")
            shoot(op1.page, out / "operator-transfer.png")
            op1.press("Escape")
            expect(dialog).to_be_hidden()
            op1.press("з")
            op1.expect_idle()
            op1.page.locator("#toast-close").click()

            veteran = office.issue(CONSULTATION, "wwii_veteran")
            op1.expect_list(office.waiting_labels(1))
            op1.press("Space")
            op1.expect_current(veteran["label"])
            op1.page.wait_for_timeout(2200)
            shoot(op1.page, out / "operator-preferential.png")
        finally:
            browser.close()
            server.stop()


if __name__ == "__main__":
    main()
