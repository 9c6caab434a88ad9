"""Office 2 (Mon–Fri 08:00–19:00, Asia/Yekaterinburg) seen from its kiosk
when closed: said on the home screen up front, a clear screen with the hours,
and the same screen when the office closes while a visitor is choosing."""
import re

import pytest
from playwright.sync_api import expect

from tests.kiosk.helpers import (LANDSCAPE, PORTRAIT, closed_time_shift, move_clock_to, open_kiosk,
                                 open_time_shift, screen)

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def office_2_kiosk(browser, kiosk_server):
    """Open office 2's kiosk page at a viewport; contexts closed afterwards."""
    pages = []

    def open_page(viewport):
        page = open_kiosk(browser, kiosk_server, viewport, token="demo-kiosk-2")
        pages.append(page)
        return page
    yield open_page
    for page in pages:
        page.context.close()


@pytest.mark.parametrize("viewport", [pytest.param(PORTRAIT, id="portrait"),
                                      pytest.param(LANDSCAPE, id="landscape")])
def test_closed_office_says_so_on_the_home_screen_and_shows_the_hours(kiosk_server, office_2_kiosk,
                                                                     viewport):
    move_clock_to(kiosk_server, closed_time_shift())  # next Sunday, 12:00 local
    page = office_2_kiosk(viewport)
    expect(page.locator("#clock")).to_have_text("12:00")
    banner = page.locator("[data-closed-banner]")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Выдача талонов сейчас закрыта")
    expect(banner).to_contain_text("Сегодня офис не работает.")
    expect(page.locator("[data-tile='ticket']")).to_contain_text("Сейчас не выдаются")
    page.click("[data-tile='ticket']")
    closed = screen(page, "closed")
    expect(closed).to_be_visible()
    expect(closed.locator("h1")).to_have_text("Выдача талонов закрыта")
    expect(closed.locator(".hours-table")).to_contain_text(re.compile(r"Понедельник — пятница\s*08:00–19:00"))
    expect(closed.locator(".hours-table")).to_contain_text(re.compile(r"Суббота — воскресенье\s*выходной"))
    page.click("[data-screen='closed'] [data-go='readings-account']")  # readings still work
    expect(screen(page, "readings-account")).to_be_visible()


def test_office_closing_while_choosing_shows_the_closed_screen(kiosk_server, office_2_kiosk):
    move_clock_to(kiosk_server, open_time_shift())  # next Wednesday, 10:00 local
    page = office_2_kiosk(PORTRAIT)
    expect(page.locator("[data-closed-banner]")).to_be_hidden()
    page.click("[data-tile='ticket']")
    page.click("[data-audience='individual']")
    page.click("[data-service-list='individual'] .choice-service:has-text('Консультация')")
    expect(screen(page, "preferential")).to_be_visible()
    move_clock_to(kiosk_server, closed_time_shift())  # the API now answers 409 office_closed
    page.click("[data-preferential='']")
    closed = screen(page, "closed")
    expect(closed).to_be_visible()
    expect(closed.locator("[data-closed-message]")).to_have_text("Сегодня офис не работает.")
    page.click("[data-screen='closed'] [data-action='home']")
    expect(page.locator("[data-closed-banner]")).to_be_visible()
