"""Screenshots of every kiosk screen for the docs.

    .venv/bin/python -m tests.kiosk.screenshots [docs/screenshots]

Starts a real server on a fresh demo database, plays a print agent, walks
every screen by touch in Chromium (portrait 1080×1920, plus the home screen
and a few others in landscape 1920×1080) and writes ``kiosk-*.png``.
"""
import sys
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import expect, sync_playwright

from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.kiosk.helpers import (LANDSCAPE, PORTRAIT, FakePrintAgent, closed_time_shift,
                                 finish_visit, move_clock_to, open_kiosk, press_digits, screen)
from tests.live import LiveServer

ROOT = Path(__file__).resolve().parents[2]


def _issue(server, service_id=1, preferential=None):
    http = server.session(token="demo-kiosk-1")
    response = http.post(f"{server.url}/api/v1/offices/1/tickets",
                         json={"service_id": service_id, "preferential": preferential}, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()


def _ticket_flow(page, save, *, suffix=""):
    page.click("[data-tile='ticket']")
    expect(screen(page, "audience")).to_be_visible()
    save(f"kiosk-audience{suffix}")
    page.click("[data-audience='individual']")
    expect(screen(page, "services")).to_be_visible()
    save(f"kiosk-services{suffix}")
    page.click("[data-service-list='individual'] >> text=Консультация")
    expect(screen(page, "preferential")).to_be_visible()
    save(f"kiosk-preferential{suffix}")
    page.click("[data-preferential='']")
    expect(screen(page, "ticket")).to_be_visible()


def _readings_flow(page, save, *, lower="45000", t1="45330", t2="18100", suffix=""):
    page.click("[data-go='readings-account']")
    press_digits(page, "account", "1000000002")
    save(f"kiosk-readings-account{suffix}")
    page.click("[data-keypad='account'] [data-key='done']")
    expect(screen(page, "readings-address")).to_be_visible()
    save(f"kiosk-readings-address{suffix}")
    page.click("[data-action='address-yes']")
    press_digits(page, "values", lower)
    page.click("[data-action='values-next']")
    press_digits(page, "values", t2)
    page.click("[data-action='values-next']")
    expect(page.locator("[data-zone-error='T1']")).to_contain_text("меньше предыдущего")
    save(f"kiosk-readings-error{suffix}")
    for _ in lower:
        page.click("[data-keypad='values'] [data-key='erase']")
    press_digits(page, "values", t1)
    save(f"kiosk-readings-values{suffix}")
    page.click("[data-action='values-next']")
    expect(screen(page, "readings-done")).to_be_visible()
    expect(page.locator("[data-screen='readings-done'] [data-print-box]")).to_contain_text("Заберите")
    save(f"kiosk-readings-done{suffix}")


def shrink(path: Path) -> None:
    """Re-save a screenshot with a 256-colour palette: flat UI colours survive, the file
    is a third of the size (they are committed to the repository)."""
    image = Image.open(path).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        path, optimize=True)


def capture(out_dir: Path, browser) -> list[Path]:
    """Walk every screen and write the PNGs into ``out_dir``; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        server = LiveServer(Path(tmp)).start()
        try:
            for _ in range(3):
                _issue(server)
            rated = _issue(server, service_id=3)
            finish_visit(server, rated)

            def saver(page):
                def save(name):
                    page.wait_for_timeout(150)  # let the last touch's highlight fade
                    path = out_dir / f"{name}.png"
                    page.screenshot(path=str(path))
                    shrink(path)
                    written.append(path)
                return save

            with FakePrintAgent(server.url, ok=True):
                page = open_kiosk(browser, server, PORTRAIT)
                save = saver(page)
                expect(page.locator("[data-queue-now]")).to_contain_text("Сейчас в очереди")
                save("kiosk-home")
                _ticket_flow(page, save)
                expect(page.locator("[data-screen='ticket'] [data-print-box]")).to_contain_text(
                    "Заберите талон")
                save("kiosk-ticket")
                page.click("[data-screen='ticket'] [data-action='home']")
                _readings_flow(page, save)
                page.click("[data-screen='readings-done'] [data-action='home']")
                page.click("[data-go='info']")
                expect(screen(page, "info")).to_be_visible()
                save("kiosk-info")
                page.click("[data-screen='info'] [data-action='home']")
                page.click("[data-go='feedback-label']")
                page.click(f"[data-letter='{rated['label'][0]}']")
                press_digits(page, "label", rated["label"][1:])
                save("kiosk-feedback")
                page.click("[data-keypad='label'] [data-key='done']")
                expect(screen(page, "feedback-rating")).to_be_visible()
                save("kiosk-feedback-rating")
                page.context.close()

            with FakePrintAgent(server.url, ok=False, error="Закончилась бумага"):
                page = open_kiosk(browser, server, PORTRAIT)
                page.click("[data-tile='ticket']")
                page.click("[data-audience='individual']")
                page.click("[data-service-list='individual'] >> text=Оплата и задолженность")
                page.click("[data-preferential='wwii_veteran']")
                expect(page.locator("[data-screen='ticket'] [data-print-box]")).to_contain_text(
                    "не удалось напечатать")
                saver(page)("kiosk-print-failed")
                page.context.close()

            with FakePrintAgent(server.url, ok=True):
                page = open_kiosk(browser, server, LANDSCAPE)
                save = saver(page)
                save("kiosk-home-landscape")
                _ticket_flow(page, save, suffix="-landscape")
                expect(page.locator("[data-screen='ticket'] [data-print-box]")).to_contain_text(
                    "Заберите талон")
                save("kiosk-ticket-landscape")
                page.click("[data-screen='ticket'] [data-action='home']")
                page.click("[data-go='info']")
                save("kiosk-info-landscape")
                page.click("[data-screen='info'] [data-action='home']")
                # Minutes after the portrait reading: values plausible for one day.
                _readings_flow(page, save, lower="45100", t1="45380", t2="18130", suffix="-landscape")
                page.click("[data-screen='readings-done'] [data-action='home']")
                page.click("[data-go='feedback-label']")
                save("kiosk-feedback-landscape")
                page.context.close()

            move_clock_to(server, closed_time_shift())
            page = open_kiosk(browser, server, PORTRAIT, token="demo-kiosk-2")
            expect(page.locator("[data-closed-banner]")).to_be_visible()
            saver(page)("kiosk-home-closed")
            page.click("[data-tile='ticket']")
            expect(screen(page, "closed")).to_be_visible()
            saver(page)("kiosk-closed")
            page.context.close()
        finally:
            server.stop()
    return written


def main() -> None:
    out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            for path in capture(out_dir, browser):
                print(path)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
