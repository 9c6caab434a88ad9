"""The scene of the operator console tests and screenshots: the office set up
through the API, and an operator's console page with the locators tests read."""
import re

from playwright.sync_api import expect

from tests.live import LiveServer

OFFICE = 1
VIEWPORT = {"width": 1280, "height": 720}
# Russian letters and their physical keys on a ЙЦУКЕН keyboard (Playwright's
# keyboard knows only the US layout, so a Russian press is dispatched as the
# browser would deliver it: key «п», code KeyG).
RUSSIAN_KEYS = {"п": "KeyG", "с": "KeyC", "з": "KeyP", "н": "KeyY", "р": "KeyH", "о": "KeyJ",
                "д": "KeyL", "л": "KeyK", "б": "Comma", "к": "KeyR"}
BUSY = re.compile(r"\bis-busy\b")
OUTCOME_FREE_STATUSES = {"called": "no-show", "serving": "finish"}


class Office:
    """The office as the test sets it up and checks it: kiosk, admin and the REST API."""

    def __init__(self, server: LiveServer):
        self.server = server
        self.url = server.url
        self.kiosk = server.session(token="demo-kiosk-1")
        self.admin = server.session(login="admin", password="demo-admin")

    def issue(self, service_id: int, preferential: str | None = None) -> dict:
        """A ticket from the kiosk, as a visitor would take it."""
        response = self.kiosk.post(f"{self.url}/api/v1/offices/{OFFICE}/tickets",
                                   json={"service_id": service_id, "preferential": preferential},
                                   timeout=10)
        assert response.status_code == 201, response.text
        return response.json()

    def ticket(self, ticket_id: int) -> dict:
        response = self.admin.get(f"{self.url}/api/v1/tickets/{ticket_id}", timeout=10)
        assert response.status_code == 200, response.text
        return response.json()

    def waiting_labels(self, window_id: int) -> list[str]:
        """The window's waiting tickets in calling order, by the server."""
        response = self.admin.get(f"{self.url}/api/v1/offices/{OFFICE}/tickets",
                                  params={"status": "waiting", "window_id": window_id}, timeout=10)
        assert response.status_code == 200, response.text
        return [ticket["label"] for ticket in response.json()]

    def window(self, window_id: int) -> dict:
        state = self.admin.get(f"{self.url}/api/v1/offices/{OFFICE}/state", timeout=10).json()
        return next(window for window in state["windows"] if window["id"] == window_id)

    def open_window(self, login: str, window_id: int) -> None:
        """Let another operator take a window (through the API, not a page)."""
        http = self.server.session(login=login, password="demo")
        response = http.post(f"{self.url}/api/v1/windows/{window_id}/open", timeout=10)
        assert response.status_code == 200, response.text

    def reset(self) -> None:
        """Empty the queue and close every window, so each test starts alike."""
        api = f"{self.url}/api/v1"
        state = self.admin.get(f"{api}/offices/{OFFICE}/state", timeout=10).json()
        for window in state["windows"]:
            ticket = window["current_ticket"]
            if ticket:
                self.admin.post(f"{api}/tickets/{ticket['id']}/{OUTCOME_FREE_STATUSES[ticket['status']]}",
                                json={}, timeout=10)
            if window["operator"]:
                response = self.admin.post(f"{api}/windows/{window['id']}/close", timeout=10)
                assert response.status_code == 200, response.text
        waiting = self.admin.get(f"{api}/offices/{OFFICE}/tickets", params={"status": "waiting"},
                                 timeout=10).json()
        for ticket in waiting:
            self.admin.post(f"{api}/tickets/{ticket['id']}/cancel", timeout=10)


class Console:
    """One operator's console page, with the locators the tests read."""

    def __init__(self, page):
        self.page = page
        self.current_label = page.locator("#current-label")
        self.toast = page.locator("#toast")
        self.header_state = page.locator("#header-state")

    def row(self, label: str):
        return self.page.locator(f'#waiting-list li[data-label="{label}"]')

    def list_labels(self) -> list[str]:
        return self.page.locator("#waiting-list .row-label").all_inner_texts()

    def expect_list(self, labels: list[str], timeout: float = 3000) -> None:
        """Wait until the waiting list shows exactly these labels in this order."""
        expect(self.page.locator("#waiting-list .row-label")).to_have_text(labels, timeout=timeout)

    def action(self, name: str):
        return self.page.locator(f'#screen-console button[data-action="{name}"], '
                                 f'#shift-actions button[data-action="{name}"]')

    def press(self, key: str) -> None:
        """A key press: a Playwright key name, or a Russian letter typed in the Russian layout.
        Like a person, it waits for the answer to the previous action first."""
        expect(self.page.locator("body")).not_to_have_class(BUSY)
        if key in RUSSIAN_KEYS:
            self.page.evaluate(
                """([key, code]) => (document.activeElement || document.body).dispatchEvent(
                       new KeyboardEvent("keydown", {key, code, bubbles: true, cancelable: true}))""",
                [key, RUSSIAN_KEYS[key]])
        else:
            self.page.keyboard.press(key)

    def expect_current(self, label: str, status_text: str | None = None) -> None:
        expect(self.current_label).to_have_text(label)
        if status_text:
            expect(self.page.locator("#current-status")).to_contain_text(status_text)

    def expect_idle(self) -> None:
        expect(self.page.locator("#ticket-idle")).to_be_visible()

    def visible_actions(self) -> set[str]:
        buttons = self.page.locator("#ticket-actions button[data-action]:visible")
        return {buttons.nth(i).get_attribute("data-action") for i in range(buttons.count())}


def open_console_page(browser, server: LiveServer, login: str, window_id: int | None = None,
                      password: str = "demo"):
    """Log ``login`` in (in a new browser context), open ``window_id`` if given, and
    load the console until it is connected. Returns (context, Console)."""
    context = browser.new_context(viewport=VIEWPORT, base_url=server.url, locale="ru-RU")
    login_response = context.request.post("/api/v1/auth/login",
                                          data={"login": login, "password": password})
    assert login_response.ok, login_response.text()
    if window_id is not None:
        csrf = login_response.json()["csrf_token"]
        opened = context.request.post(f"/api/v1/windows/{window_id}/open",
                                      headers={"X-CSRF-Token": csrf})
        assert opened.ok, opened.text()
    page = context.new_page()
    page.goto("/operator")
    expect(page.locator("#connection")).to_have_attribute("data-online", "true")
    screen = "#screen-console" if window_id is not None else "#screen-choose"
    expect(page.locator(screen)).to_be_visible()
    return context, Console(page)
