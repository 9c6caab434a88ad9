"""The pygame board against a real ``python -m queue_server serve`` process
(eventlet): calls render within one frame, and a server restart is survived
without announcing old calls twice."""
import pytest

from tests.display_board.test_board_app import connected_app, queued_event_names, wait_until
from tests.live import LiveServer

pytestmark = pytest.mark.timeout(120)


def issue_and_call(server, operator, window, service_id=1):
    kiosk = server.session(token="demo-kiosk-1")
    ticket = kiosk.post(f"{server.url}/api/v1/offices/1/tickets", json={"service_id": service_id})
    assert ticket.status_code == 201
    called = operator.post(f"{server.url}/api/v1/windows/{window}/call-next")
    assert called.status_code == 200
    return called.json()


def open_window(server, number):
    operator = server.session(login=f"op{number}", password="demo")
    assert operator.post(f"{server.url}/api/v1/windows/{number}/open").status_code == 200
    return operator


@pytest.fixture
def real_server(tmp_path):
    server = LiveServer(tmp_path).start()
    yield server
    server.stop()


def test_board_renders_a_real_call_within_one_frame(make_board_app, real_server):
    app = connected_app(make_board_app, real_server, token="demo-board-1")
    assert app.model.office_name.startswith("Офис обслуживания")
    operator = open_window(real_server, 3)
    ticket = issue_and_call(real_server, operator, 3)
    assert wait_until(lambda: "ticket_called" in queued_event_names(app))
    frame = app.step()  # exactly one frame after the event arrived
    assert app.model.calls[0].label == ticket["label"] == "А001"
    assert ticket["label"] in frame.texts
    assert list(app.announcer.history) == ["Талон а один, окно три"]


def test_restart_of_the_server_shows_offline_then_catches_up_without_repeats(
        make_board_app, real_server):
    app = connected_app(make_board_app, real_server, token="demo-board-1")
    operator = open_window(real_server, 1)
    first = issue_and_call(real_server, operator, 1)
    assert wait_until(lambda: len(app.announcer.history) == 1, step=app.step)
    operator.post(f"{real_server.url}/api/v1/tickets/{first['id']}/no-show")

    real_server.stop()
    assert wait_until(lambda: "Нет связи с сервером" in app.step().texts, timeout=10)
    real_server.start()  # same database, same port
    operator = open_window(real_server, 1)  # the old session cookie is still valid
    second = issue_and_call(real_server, operator, 1)
    assert wait_until(lambda: app.connected and second["label"] in app.step().texts,
                      step=app.step, timeout=15)
    frame = app.step()
    assert "Нет связи с сервером" not in frame.texts
    assert {first["label"], second["label"]} <= set(frame.texts)
    assert wait_until(lambda: len(app.announcer.history) == 2, step=app.step)
    assert list(app.announcer.history) == ["Талон а один, окно один", "Талон а два, окно один"]
