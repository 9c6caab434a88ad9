"""The operator console in real Chromium against a real server process.

Two operators work side by side (op1 at window 1, op2 at window 2; both
windows serve service А, id 1). Tickets come from the kiosk through the API;
everything the pages show must arrive by push, without reloading.
"""
import time

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.timeout(120)

CONSULTATION = 1       # «А», primary at windows 1 and 2, secondary at 3 and 5
RECALCULATION = 5      # «Д», secondary at window 2, primary at window 3
CONTRACT = 4           # «Г», has outcomes; primary at window 3
WINDOW_1, WINDOW_2, WINDOW_3 = 1, 2, 3


def test_kiosk_ticket_reaches_both_panels_and_leaves_the_other_when_called(open_console, office):
    op1 = open_console("op1", WINDOW_1)
    op2 = open_console("op2", WINDOW_2)
    first = office.issue(CONSULTATION)
    second = office.issue(CONSULTATION)

    for console in (op1, op2):
        console.expect_list([first["label"], second["label"]])
        expect(console.page.locator('#service-counts li[data-service-id="1"] .service-count')) \
            .to_have_text("2 человека")

    op1.press("Space")
    op1.expect_current(first["label"], "Вызван")
    started = time.monotonic()
    op2.expect_list([second["label"]], timeout=1000)
    assert time.monotonic() - started < 1.0
    assert office.ticket(first["id"])["status"] == "called"
    assert office.ticket(first["id"])["window_id"] == WINDOW_1


def test_recall_start_transfer_keeps_the_place_then_finish(open_console, office):
    op1 = open_console("op1", WINDOW_1)
    op2 = open_console("op2", WINDOW_2)
    moved = office.issue(CONSULTATION)
    next_regular = office.issue(CONSULTATION)
    recalculation = office.issue(RECALCULATION)
    op2.expect_list([moved["label"], next_regular["label"], recalculation["label"]])

    op1.action("call-next").click()
    op1.expect_current(moved["label"], "Вызван")
    assert op1.visible_actions() == {"recall", "start", "no-show", "postpone"}

    op1.press("п")  # «Повторить вызов»
    op1.expect_current(moved["label"], "повторно")
    assert office.ticket(moved["id"])["call_count"] == 2

    op1.press("с")  # «Клиент подошёл»
    op1.expect_current(moved["label"], "Идёт обслуживание")
    assert op1.visible_actions() == {"finish", "transfer", "postpone"}

    op1.press("р")  # «Перенаправить»: Д is «Перерасчёт»
    dialog = op1.page.locator("#dialog-transfer")
    expect(dialog).to_be_visible()
    op1.press("д")
    expect(dialog.locator('input[value="5"]')).to_be_checked()
    dialog.locator("#transfer-comment").fill("Нужен перерасчёт за октябрь")
    dialog.locator("#transfer-comment").press("Enter")
    expect(dialog).to_be_hidden()
    op1.expect_idle()
    expect(op1.toast).to_contain_text("Перерасчёт")

    # Window 2 serves «Перерасчёт» as secondary: after its own А, but before the
    # later Д ticket, because the transferred visitor keeps the original place.
    op2.expect_list([next_regular["label"], moved["label"], recalculation["label"]])
    moved_row = op2.row(moved["label"])
    expect(moved_row.locator(".row-service")).to_have_text("Д · Перерасчёт")
    # Window 3 serves it as primary: first of all.
    assert office.waiting_labels(WINDOW_3) == [moved["label"], recalculation["label"],
                                               next_regular["label"]]
    op1.expect_list([next_regular["label"]])

    op1.press("Space")
    op1.expect_current(next_regular["label"])
    op1.press("KeyC")  # the same key in the Latin layout
    op1.expect_current(next_regular["label"], "Идёт обслуживание")
    op1.press("з")  # «Завершить» (service А has no outcome list: no question asked)
    op1.expect_idle()
    assert office.ticket(next_regular["id"])["status"] == "done"
    op2.expect_list([moved["label"], recalculation["label"]])

    op2.press("Space")  # the next operator sees where the visitor comes from, and why
    op2.expect_current(moved["label"])
    note = op2.page.locator("#current-note")
    expect(note).to_contain_text("Перенаправлен из «А · Консультация» · Окно 1 · Оператор 1 (демо)")
    expect(note).to_contain_text("«Нужен перерасчёт за октябрь»")


def test_finish_asks_for_an_outcome_when_the_service_has_them(open_console, office):
    op3 = open_console("op3", WINDOW_3)
    contract = office.issue(CONTRACT)
    op3.expect_list([contract["label"]])
    op3.press("Space")
    op3.press("с")
    op3.expect_current(contract["label"], "Идёт обслуживание")
    op3.action("finish").click()
    dialog = op3.page.locator("#dialog-finish")
    expect(dialog.locator("#finish-outcomes button")).to_contain_text(
        ["Договор заключён", "Не хватает документов"])
    op3.press("2")
    op3.expect_idle()
    finished = office.ticket(contract["id"])
    assert finished["status"] == "done" and finished["outcome"] == "documents_missing"


def test_call_a_specific_ticket_then_no_show(open_console, office):
    op1 = open_console("op1", WINDOW_1)
    first = office.issue(CONSULTATION)
    second = office.issue(CONSULTATION)
    op1.expect_list([first["label"], second["label"]])

    op1.row(second["label"]).get_by_role("button", name="Вызвать этот").click()
    op1.expect_current(second["label"], "Вызван")
    op1.expect_list([first["label"]])
    expect(op1.page.locator("#waiting-list button")).to_have_count(0)  # busy: no calling

    op1.press("н")  # «Не явился»
    op1.expect_idle()
    assert office.ticket(second["id"])["status"] == "no_show"

    op1.press("ArrowDown")  # the keyboard picks a ticket in the list
    expect(op1.row(first["label"])).to_have_attribute("data-selected", "true")
    op1.press("Enter")
    op1.expect_current(first["label"])


def test_postponed_ticket_returns_to_its_place(open_console, office, live_server):
    op1 = open_console("op1", WINDOW_1)
    op2 = open_console("op2", WINDOW_2)
    stepping_aside = office.issue(CONSULTATION)
    behind = [office.issue(CONSULTATION)["label"], office.issue(CONSULTATION)["label"]]
    op1.expect_list([stepping_aside["label"], *behind])

    op1.press("Space")
    op1.expect_current(stepping_aside["label"])
    op1.press("о")  # «Отложить»
    expect(op1.page.locator("#dialog-postpone")).to_be_visible()
    op1.press("1")  # 5 minutes
    op1.expect_idle()
    assert office.ticket(stepping_aside["id"])["status"] == "postponed"
    op1.expect_list(behind)
    op2.expect_list(behind)

    live_server.shift_clock(minutes=6)
    # The housekeeping loop (every 5 s) puts it back and pushes the change.
    for console in (op1, op2):
        console.expect_list([stepping_aside["label"], *behind], timeout=10_000)
    assert office.ticket(stepping_aside["id"])["status"] == "waiting"


def test_preferential_ticket_is_called_first_and_can_be_downgraded(open_console, office):
    op1 = open_console("op1", WINDOW_1)
    regular = office.issue(CONSULTATION)
    disabled = office.issue(CONSULTATION, "disabled_1_2")
    op1.expect_list([disabled["label"], regular["label"]])
    expect(op1.row(disabled["label"]).locator(".row-preferential")).to_have_text("Инвалид I или II группы")

    op1.press("Space")
    op1.expect_current(disabled["label"])
    box = op1.page.locator("#current-preferential")
    expect(box).to_contain_text("Инвалид I или II группы")
    expect(box.get_by_role("button", name="Документ проверен")).to_be_visible()
    box.get_by_role("button", name="Обслужить в общей очереди").click()
    expect(box).to_be_hidden()
    expect(op1.toast).to_contain_text("общей очереди")
    assert office.ticket(disabled["id"])["preferential"] is None


def test_preferential_document_confirmed(open_console, office):
    op1 = open_console("op1", WINDOW_1)
    veteran = office.issue(CONSULTATION, "wwii_veteran")
    op1.expect_list([veteran["label"]])
    op1.press("Space")
    op1.expect_current(veteran["label"])
    op1.press("д")  # «Документ проверен»
    expect(op1.page.locator("#preferential-confirmed")).to_be_visible()
    expect(op1.page.locator("#preferential-actions")).to_be_hidden()
    assert office.ticket(veteran["id"])["preferential_confirmed"] is True


def test_refusals_are_shown_in_plain_russian(open_console, office):
    op1 = open_console("op1", WINDOW_1)
    ticket = office.issue(CONSULTATION)
    op1.expect_list([ticket["label"]])
    op1.press("Space")
    op1.expect_current(ticket["label"])

    op1.action("close").click()  # a visitor is called: the server refuses (409 window_busy)
    expect(op1.toast).to_have_attribute("data-kind", "error")
    expect(op1.toast).to_contain_text(f"Нельзя закрыть окно: в окне талон {ticket['label']}")
    assert "window_busy" not in op1.toast.inner_text() and "409" not in op1.toast.inner_text()
    op1.expect_current(ticket["label"])
    assert office.window(WINDOW_1)["state"] == "open"

    op1.press("б")  # «Перерыв» with a visitor at the window: refused as well
    expect(op1.toast).to_contain_text("Нельзя уйти на перерыв")


def test_break_resume_and_finish_work(open_console, office):
    op1 = open_console("op1", WINDOW_1)
    expect(op1.header_state).to_have_text("работаю")
    op1.press("б")
    expect(op1.header_state).to_have_text("перерыв")
    expect(op1.page.locator("#ticket-break")).to_be_visible()
    expect(op1.action("call-next")).to_be_hidden()
    assert office.window(WINDOW_1)["state"] == "break"

    op1.press("б")
    expect(op1.header_state).to_have_text("работаю")
    op1.expect_idle()

    op1.press("к")  # «Закончить работу»: asks first
    expect(op1.page.locator("#dialog-close")).to_be_visible()
    op1.press("Enter")
    expect(op1.page.locator("#screen-choose")).to_be_visible()
    assert office.window(WINDOW_1)["operator"] is None


def test_choose_window_after_login_and_resume_after_reload(browser, live_server, clean_office):
    clean_office.open_window("op2", WINDOW_2)
    context = browser.new_context(viewport={"width": 1280, "height": 720}, base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto("/operator")
        expect(page).to_have_url(f"{live_server.url}/login?next=/operator")
        page.fill("input[name=login]", "op1")
        page.fill("input[name=password]", "demo")
        page.click("button[type=submit]")
        expect(page.locator("#screen-choose")).to_be_visible()

        taken = page.locator('.window-card[data-window-id="2"]')
        expect(taken.locator(".window-status")).to_have_text("Занято")
        expect(taken.locator(".window-holder")).to_have_text("Работает Оператор 2 (демо)")
        expect(taken.get_by_role("button")).to_have_count(0)
        free = page.locator('.window-card[data-window-id="1"]')
        expect(free.locator(".window-services")).to_contain_text("Консультация")
        free.get_by_role("button", name="Работать в этом окне").click()

        expect(page.locator("#header-window")).to_have_text("Окно 1")
        expect(page.locator("#header-state")).to_have_text("работаю")
        expect(page.locator("#screen-console")).to_be_visible()

        page.reload()
        expect(page.locator("#screen-console")).to_be_visible()
        expect(page.locator("#header-window")).to_have_text("Окно 1")
    finally:
        context.close()


def test_longest_wait_turns_amber_then_red(open_console, office, live_server):
    ticket = office.issue(CONSULTATION)
    live_server.shift_clock(minutes=11)
    op1 = open_console("op1", WINDOW_1)
    wait = op1.page.locator("#longest-wait")
    expect(wait).to_have_attribute("data-level", "warn")
    expect(wait).to_contain_text(ticket["label"])

    live_server.shift_clock(minutes=5)
    op1.page.reload()
    expect(wait).to_have_attribute("data-level", "late")
    expect(wait).to_contain_text("больше нормы (15 мин)")


def test_russian_plurals(open_console):
    op1 = open_console("op1", WINDOW_1)
    words = op1.page.evaluate("""async () => {
        const ru = await import("/static/operator/js/ru.js");
        return [1, 2, 3, 5, 11, 12, 21, 22, 25, 101, 111].map((n) => ru.people(n));
    }""")
    assert words == ["1 человек", "2 человека", "3 человека", "5 человек", "11 человек",
                     "12 человек", "21 человек", "22 человека", "25 человек", "101 человек",
                     "111 человек"]


def test_after_an_outage_the_console_reconnects_and_resyncs(open_console, office, live_server):
    op1 = open_console("op1", WINDOW_1)
    live_server.stop()
    expect(op1.page.locator("#offline-banner")).to_be_visible(timeout=15_000)
    expect(op1.page.locator("#connection")).to_have_text("нет связи")

    live_server.start()
    ticket = office.issue(CONSULTATION)  # while the page is (re)connecting
    expect(op1.page.locator("#offline-banner")).to_be_hidden(timeout=15_000)
    op1.expect_list([ticket["label"]], timeout=5000)
    op1.press("Space")
    op1.expect_current(ticket["label"])


def test_window_number_key_takes_that_window(open_console, office):
    op4 = open_console("op4")
    op4.press("4")
    expect(op4.page.locator("#header-window")).to_have_text("Окно 4")
    assert office.window(4)["operator"]["name"] == "Оператор 4 (демо)"


def test_logout_offers_to_close_the_window_first(open_console, office, live_server):
    op1 = open_console("op1", WINDOW_1)
    op1.page.get_by_role("link", name="Выйти").click()
    expect(op1.page.locator("#dialog-logout")).to_be_visible()
    op1.press("Enter")  # «Закончить работу и выйти»
    expect(op1.page).to_have_url(f"{live_server.url}/login?next=/operator")
    assert office.window(WINDOW_1)["operator"] is None
