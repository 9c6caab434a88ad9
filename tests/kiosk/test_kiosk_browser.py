"""The kiosk in real Chromium against a real server, by touch alone (clicks
only), at portrait 1080×1920 and landscape 1920×1080: tickets (printed, not
printed, printer silent), a meter reading with a refused value first,
feedback, information, and the return home after idle time."""
import io
import re
import sqlite3

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from tests.kiosk.helpers import (LANDSCAPE, PORTRAIT, FakePrintAgent, finish_visit, open_kiosk,
                                 press_digits, screen)

pytestmark = pytest.mark.timeout(120)
VIEWPORTS = [pytest.param(PORTRAIT, id="portrait"), pytest.param(LANDSCAPE, id="landscape")]


@pytest.fixture
def kiosk_page(browser, kiosk_server):
    """Open a kiosk page: ``kiosk_page(viewport, query="idle=3")``; contexts closed afterwards."""
    pages = []

    def open_page(viewport, query=""):
        page = open_kiosk(browser, kiosk_server, viewport, query=query)
        pages.append(page)
        return page
    yield open_page
    for page in pages:
        page.context.close()


def decode_qr(locator) -> str:
    """Read the QR code on screen the way a phone camera would."""
    expect(locator).to_be_visible()
    locator.page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=locator.element_handle())
    image = Image.open(io.BytesIO(locator.screenshot()))
    [result] = zxingcpp.read_barcodes(image)
    return result.text


def take_ticket(page, audience, service, preferential_title):
    """Home → audience → service → preferential question, each by a tap."""
    page.click("[data-tile='ticket']")
    expect(screen(page, "audience")).to_be_visible()
    page.click(f"[data-audience='{audience}']")
    expect(screen(page, "services")).to_be_visible()
    page.click(f"[data-service-list='{audience}'] .choice-service:has-text('{service}')")
    expect(screen(page, "preferential")).to_be_visible()
    expect(screen(page, "preferential")).to_contain_text("Оператор попросит показать документ")
    page.click(f"[data-screen='preferential'] .choice:has-text('{preferential_title}')")
    expect(screen(page, "ticket")).to_be_visible()
    return screen(page, "ticket")


def readings_in(server) -> list[tuple]:
    connection = sqlite3.connect(server.db_path)
    try:
        return connection.execute("SELECT reading_values, channel FROM readings WHERE channel = 'kiosk'"
                                  " ORDER BY id").fetchall()
    finally:
        connection.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_regular_ticket_by_touch_is_printed(kiosk_page, kiosk_server, viewport):
    with FakePrintAgent(kiosk_server.url, ok=True) as agent:
        page = kiosk_page(viewport)
        expect(page.locator("[data-queue-now]")).to_contain_text(re.compile(r"Сейчас (в очереди|очереди нет)"))
        ticket = take_ticket(page, "individual", "Консультация", "Нет")
        label = ticket.locator("[data-ticket-label]")
        expect(label).to_have_text(re.compile(r"^А\d{3}$"))
        expect(ticket.locator("[data-ticket-service]")).to_have_text("Консультация")
        expect(ticket.locator("[data-ticket-preferential]")).to_be_hidden()
        expect(ticket.locator("[data-ticket-ahead]")).to_have_text(
            re.compile(r"^Перед вами (никого нет|\d+ человека?)$"))
        expect(ticket.locator("[data-ticket-eta]")).to_have_text(re.compile(r"^Примерное ожидание: "))
        expect(ticket.locator("[data-print-box]")).to_have_text("Заберите талон")
        status_url = decode_qr(ticket.locator("[data-ticket-qr]"))
        assert re.fullmatch(re.escape(kiosk_server.url) + r"/t/[\w-]+", status_url)
        printed = [job for job in agent.jobs if job["kind"] == "ticket"]
        assert label.inner_text() in [item.get("text") for item in printed[-1]["document"]["items"]]
        page.click("[data-screen='ticket'] [data-action='home']")
        expect(screen(page, "home")).to_be_visible()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_preferential_ticket_by_touch_when_the_printer_fails(kiosk_page, kiosk_server, viewport):
    with FakePrintAgent(kiosk_server.url, ok=False, error="Закончилась бумага"):
        page = kiosk_page(viewport)
        ticket = take_ticket(page, "business", "Юридическим лицам и ИП", "Инвалид I или II группы")
        expect(ticket.locator("[data-ticket-label]")).to_have_text(re.compile(r"^К\d{3}$"))
        expect(ticket.locator("[data-ticket-preferential]")).to_have_text("Вне очереди: Инвалид I или II группы")
        box = ticket.locator("[data-print-box]")
        expect(box).to_have_text("Талон не удалось напечатать: Закончилась бумага.\n"
                                 "Сфотографируйте QR-код или запомните номер")
        expect(box).to_have_class(re.compile("print-failed"))
        assert "/t/" in decode_qr(ticket.locator("[data-ticket-qr]"))


def test_a_ticket_that_did_not_print_stays_on_screen_past_the_idle_time(kiosk_page, kiosk_server):
    with FakePrintAgent(kiosk_server.url, ok=False, error="Принтер не в сети"):
        page = kiosk_page(PORTRAIT, query="idle=3")
        ticket = take_ticket(page, "individual", "Перерасчёт", "Нет")
        expect(ticket.locator("[data-print-box]")).to_contain_text("Принтер не в сети")
        page.wait_for_timeout(4500)  # longer than idle=3: the failed ticket is held for 60 s
        expect(ticket).to_be_visible()
        expect(page.locator("[data-idle-banner]")).to_be_hidden()


def test_silent_printer_counts_as_a_failure(kiosk_page):
    page = kiosk_page(PORTRAIT, query="print_wait=2")  # no print agent is connected
    ticket = take_ticket(page, "individual", "Договор энергоснабжения", "Социальный работник")
    expect(ticket.locator("[data-print-box]")).to_have_text("Талон печатается…")
    expect(ticket.locator("[data-print-box]")).to_have_text(
        "Талон не удалось напечатать: принтер не ответил.\nСфотографируйте QR-код или запомните номер",
        timeout=6000)


@pytest.mark.parametrize("viewport, lower, t1, t2, used", [
    pytest.param(PORTRAIT, "45000", "45330", "18100", ("120 кВт·ч", "66 кВт·ч"), id="portrait"),
    # Minutes after the portrait run: at most 100 kWh count as plausible (one day's worth).
    pytest.param(LANDSCAPE, "45100", "45380", "18130", None, id="landscape"),
])
def test_reading_by_touch_with_a_refused_lower_value_first(kiosk_page, kiosk_server, viewport,
                                                           lower, t1, t2, used):
    with FakePrintAgent(kiosk_server.url, ok=True):
        page = kiosk_page(viewport)
        page.click("[data-go='readings-account']")
        press_digits(page, "account", "1000000002")
        expect(page.locator("[data-display='account']")).to_have_text("1000000002")
        page.click("[data-keypad='account'] [data-key='done']")
        address = screen(page, "readings-address")
        expect(address).to_be_visible()
        expect(address.locator("[data-account-masked]")).to_have_text("10******02")
        expect(address.locator("[data-account-address]")).to_have_text(
            "г. Екатеринбург, ул. Ленина, д. 2*, кв. **")
        expect(address).to_contain_text("Счётчик № …5432 — двухтарифный (день и ночь)")
        page.click("[data-action='address-yes']")
        values = screen(page, "readings-values")
        expect(values.locator("[data-zone='T1']")).to_contain_text("Т1 (день)")
        expect(values.locator("[data-zone='T2']")).to_contain_text("Т2 (ночь)")
        before = readings_in(kiosk_server)

        press_digits(page, "values", lower)
        page.click("[data-action='values-next']")  # «Далее» to T2
        press_digits(page, "values", t2)
        page.click("[data-action='values-next']")  # «Передать показания»
        expect(values.locator("[data-zone-error='T1']")).to_contain_text("Показание меньше предыдущего")
        expect(values.locator("[data-zone='T1']")).to_have_class(re.compile("zone-invalid"))
        assert readings_in(kiosk_server) == before  # the refused reading left nothing behind

        page.click("[data-zone='T1']")
        for _ in lower:
            page.click("[data-keypad='values'] [data-key='erase']")
        press_digits(page, "values", t1)
        expect(values.locator("[data-zone-error='T1']")).to_be_empty()
        page.click("[data-action='values-next']")
        done = screen(page, "readings-done")
        expect(done).to_be_visible()
        expect(done.locator("[data-confirmation]")).to_have_text(re.compile(r"^П-\d{8}-\d{6}$"))
        if used:
            expect(done.locator("[data-consumption]")).to_contain_text(used[0])
            expect(done.locator("[data-consumption]")).to_contain_text(used[1])
        expect(done.locator("[data-print-box]")).to_have_text("Заберите квитанцию")
        assert readings_in(kiosk_server)[-1] == (f'{{"T1": {t1}, "T2": {t2}}}', "kiosk")


def test_implausible_reading_asks_to_confirm(kiosk_page, kiosk_server):
    page = kiosk_page(PORTRAIT)
    page.click("[data-go='readings-account']")
    press_digits(page, "account", "1000000001")
    page.click("[data-keypad='account'] [data-key='done']")
    page.click("[data-action='address-yes']")
    press_digits(page, "values", "19999")  # 7654 kWh since last month
    page.click("[data-action='values-next']")
    panel = page.locator("[data-confirm-panel]")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Подтвердите, что показание верное")
    page.click("[data-action='confirm-fix']")
    expect(panel).to_be_hidden()
    page.click("[data-keypad='values'] [data-key='clear']")
    press_digits(page, "values", "12500")
    page.click("[data-action='values-next']")
    expect(screen(page, "readings-done")).to_be_visible()
    expect(page.locator("[data-consumption]")).to_contain_text("155 кВт·ч")


def test_unknown_account_is_said_plainly(kiosk_page):
    page = kiosk_page(LANDSCAPE)
    page.click("[data-go='readings-account']")
    press_digits(page, "account", "123")
    page.click("[data-keypad='account'] [data-key='done']")
    expect(page.locator("[data-error='account']")).to_contain_text("Лицевой счёт не найден")
    expect(screen(page, "readings-account")).to_be_visible()


def test_rating_a_finished_visit_by_touch(kiosk_page, kiosk_server):
    http = kiosk_server.session(token="demo-kiosk-1")
    ticket = http.post(f"{kiosk_server.url}/api/v1/offices/1/tickets", json={"service_id": 5},
                       timeout=10).json()
    finish_visit(kiosk_server, ticket, window=2)
    page = kiosk_page(PORTRAIT)
    page.click("[data-go='feedback-label']")
    page.click(f"[data-letter='{ticket['label'][0]}']")
    press_digits(page, "label", str(int(ticket["label"][1:])))
    page.click("[data-keypad='label'] [data-key='done']")
    expect(screen(page, "feedback-rating")).to_be_visible()
    expect(page.locator("[data-feedback-label]")).to_have_text(ticket["label"])
    page.click("[data-rating='5']")
    expect(screen(page, "feedback-thanks")).to_contain_text("Спасибо за оценку!")
    connection = sqlite3.connect(kiosk_server.db_path)
    try:
        assert connection.execute("SELECT rating FROM feedback WHERE ticket_id = ?",
                                  (ticket["id"],)).fetchone() == (5,)
    finally:
        connection.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_information_screen_links_are_scannable(kiosk_page, viewport):
    page = kiosk_page(viewport)
    page.click("[data-go='info']")
    info = screen(page, "info")
    expect(info).to_contain_text("8-800-700-10-32")
    expect(info).to_contain_text("8-800-600-03-90")
    assert decode_qr(info.locator("[data-info-link='personal_account'] img")) == "https://lkm.esplus.ru/welcome/"
    assert decode_qr(info.locator("[data-info-link='chat_bot'] img")) == "https://t.me/Esplusbot"
    # Every QR tile and the navigation fit on the screen (nothing to scroll on a kiosk).
    for locator in (info.locator("[data-info-link='offices_page']"), info.locator(".screen-nav")):
        box = locator.bounding_box()
        assert box["y"] + box["height"] <= viewport["height"]
    tiles = info.locator(".qr-tile").all()
    assert len(tiles) == 9
    nav_top = info.locator(".screen-nav").bounding_box()["y"]
    assert all(tile.bounding_box()["y"] + tile.bounding_box()["height"] <= nav_top for tile in tiles)


def test_every_screen_returns_home_after_idle_and_a_touch_resets_it(kiosk_page):
    page = kiosk_page(PORTRAIT, query="idle=4")  # countdown in the last 2 s
    page.click("[data-tile='ticket']")
    page.click("[data-audience='individual']")
    banner = page.locator("[data-idle-banner]")
    expect(banner).to_be_hidden()
    expect(banner).to_contain_text(re.compile(r"Возврат на главный экран через [12]\s*с"))
    page.click("[data-screen='services'] h1")  # any touch
    expect(banner).to_be_hidden(timeout=1000)
    expect(screen(page, "services")).to_be_visible()
    expect(screen(page, "home")).to_be_visible(timeout=6000)
    expect(banner).to_be_hidden()


def test_targets_are_large_and_text_is_readable(kiosk_page):
    page = kiosk_page(PORTRAIT)
    for go in ("home", "readings-account"):
        if go != "home":
            page.click(f"[data-go='{go}']")
        sizes = page.evaluate("""() => Array.from(document.querySelectorAll('button'))
            .filter(b => b.offsetParent !== null)
            .map(b => [b.textContent.trim(), b.getBoundingClientRect().height,
                       parseFloat(getComputedStyle(b).fontSize)])""")
        assert sizes, go
        small = [size for size in sizes if size[1] < 80]
        assert not small, small
    body_font = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert body_font >= 28
