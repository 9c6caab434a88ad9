"""Receipt layouts: what a visitor reads on the paper."""

from datetime import datetime, timedelta, timezone

from printer.document import validate_document
from printer.layouts import eta_phrase, format_datetime_ru, readings_receipt_document, test_page_document, ticket_document
from printer.samples import SAMPLE_STATUS_URL, sample_readings_receipt, sample_ticket

TZ = timezone(timedelta(hours=5))


def texts(document: dict) -> list[str]:
    return [item["text"] for item in document["items"] if item["type"] == "text"]


def ticket(**changes) -> dict:
    arguments = dict(
        office_name="Офис", office_address="ул. Ленина, 1", label="Б012", service_name="Договоры",
        preferential_title=None, issued_at=datetime(2026, 12, 4, 9, 5, tzinfo=TZ), ahead=0, eta_minutes=None,
        status_url="http://q/t/x", phone_individuals="8-800-1", phone_business="8-800-2",
    )  # fmt: skip
    arguments.update(changes)
    return ticket_document(**arguments)


def test_ticket_has_every_part_the_visitor_needs():
    document = sample_ticket()
    validate_document(document)
    lines = texts(document)
    assert lines[:3] == ["АО «ЭнергосбыТ Плюс», Оренбургский филиал", "г. Оренбург, ул. Аксакова, 3а", "Талон"]
    label = next(item for item in document["items"] if item.get("text") == "А001")
    assert label["size"] == "huge" and label["bold"]
    assert "Вне очереди: Участник ВОВ" in lines
    assert "Выдан: 4 декабря 2026, 10:15" in lines
    assert "Перед вами 3 человека" in lines
    assert "Ожидание: 5–10 мин" in lines
    assert {"type": "qr", "data": SAMPLE_STATUS_URL} in document["items"]
    assert "Для физ. лиц: 8-800-700-10-32" in lines and "Для юр. лиц: 8-800-600-03-90" in lines
    assert lines[-1] == "Сохраняйте талон до конца обслуживания"
    assert document["items"][-1] == {"type": "cut"}


def test_ticket_with_nobody_ahead_promises_no_wait_and_has_no_preferential_mark():
    lines = texts(ticket(ahead=0, eta_minutes=[0, 0]))
    assert "Перед вами никого нет" in lines
    assert not any(line.startswith("Ожидание") for line in lines)
    assert not any(line.startswith("Вне очереди") for line in lines)
    assert "Выдан: 4 декабря 2026, 09:05" in lines


def test_eta_phrases():
    assert eta_phrase((5, 10)) == "Ожидание: 5–10 мин"
    assert eta_phrase([7, 7]) == "Ожидание: около 7 мин"
    assert eta_phrase(None) is None
    assert eta_phrase((0, 0)) is None


def test_dates_are_printed_in_the_given_time_zone():
    moment = datetime(2026, 1, 31, 23, 59, tzinfo=timezone.utc).astimezone(TZ)
    assert format_datetime_ru(moment) == "1 февраля 2026, 04:59"


def test_readings_receipt_lists_each_zone_with_consumption():
    document = sample_readings_receipt()
    validate_document(document)
    lines = texts(document)
    assert "Подтверждение № П-20261204-0042" in lines
    assert "Лицевой счёт: 100****002" in lines
    assert "Счётчик: № …4821" in lines
    assert ["Т1 (день): 12345 кВт·ч", "  расход: 210 кВт·ч"] == lines[lines.index("Т1 (день): 12345 кВт·ч") :][:2]
    assert "  расход: нет предыдущих показаний" in lines
    assert "Принято: 4 декабря 2026, 10:15" in lines
    assert "- на сайте: oren.esplus.ru" in lines
    assert "- в личном кабинете: lkm.esplus.ru" in lines
    assert "- через чат-бот: t.me/Esplusbot" in lines
    assert document["items"][-1] == {"type": "cut"}


def test_readings_receipt_uses_the_zone_code_when_there_is_no_title():
    document = readings_receipt_document(
        office_name="Офис", confirmation="1", account_masked="1***2", meter_serial_tail="…77",
        zones=[{"zone": "T1", "title": "", "value": 5, "consumption": 0}], accepted_at=datetime(2026, 1, 1, tzinfo=TZ),
        site="s", personal_account_url="l", chat_bot_url="c",
    )  # fmt: skip
    lines = texts(document)
    assert "T1: 5 кВт·ч" in lines and "  расход: 0 кВт·ч" in lines
    assert "Счётчик: № …77" in lines  # a tail that already has an ellipsis gets no second one


def test_test_page_shows_the_alphabet_and_a_qr():
    document = test_page_document(printer_uri="tcp://10.0.0.5:9100", profile_name="default-58", now=datetime(2026, 12, 4, 10, 0, tzinfo=TZ))
    validate_document(document)
    lines = texts(document)
    assert "Принтер: tcp://10.0.0.5:9100" in lines
    assert "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ" in lines
    assert "абвгдеёжзийклмнопрстуфхцчшщъыьэюя" in lines
    assert {item.get("size") for item in document["items"] if item["type"] == "text"} == {"normal", "large", "huge"}
    assert any(item["type"] == "qr" for item in document["items"])
    assert document["items"][-1] == {"type": "cut"}
