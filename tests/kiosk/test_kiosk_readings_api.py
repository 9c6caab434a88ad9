"""Meter readings over the REST API: look-up, every validation rule with its
message, no storage on rejection, de-duplication, rate limit, masking, the
kiosk's receipt print job and the billing export."""
import csv
import io
import json
import re
import time

import pytest
from click.testing import CliRunner

from queue_server.cli import cli
from queue_server.domain.readings import mask_account, mask_address, zone_title

ACCOUNT = "1000000002"  # two-zone meter id 2: T1/T2, 6 digits, last T1 45210, T2 18034
SINGLE = "1000000001"   # one-zone meter id 1: T1, 5 digits, last 12345


def submit(client, values, *, account=ACCOUNT, meter_id=2, confirm=None):
    body = {"account_number": account, "meter_id": meter_id, "values": values}
    if confirm is not None:
        body["confirm"] = confirm
    return client.post("/api/v1/readings", json=body)


def count_readings(db) -> int:
    return db.conn.execute("SELECT COUNT(*) FROM readings").fetchone()[0]


def error_of(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()["error"]


# --- look-up -----------------------------------------------------------------

def test_lookup_shows_meters_with_masked_account_and_address(kiosk):
    response = kiosk.get(f"/api/v1/accounts/{ACCOUNT}/meters")
    assert response.status_code == 200
    body = response.get_json()
    assert body["account"] == "10******02"
    assert body["address"] == "г. Екатеринбург, ул. Ленина, д. 2*, кв. **"
    [meter] = body["meters"]
    assert meter["zones"] == ["T1", "T2"] and meter["digits"] == 6
    assert meter["last"] == {"T1": 45210, "T2": 18034}
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", meter["last_date"])
    assert meter["serial_tail"] == "5432"
    assert meter["zone_titles"] == {"T1": "Т1 (день)", "T2": "Т2 (ночь)"}
    text = response.get_data(as_text=True)
    assert ACCOUNT not in text and "098765432" not in text
    assert "Петров" not in text and "24" not in body["address"] and "кв. 7" not in text


def test_staff_may_look_up_and_boards_may_not(operator_factory, board, anonymous):
    assert operator_factory(1, open_window=False).get(f"/api/v1/accounts/{ACCOUNT}/meters").status_code == 200
    assert error_of(board.get(f"/api/v1/accounts/{ACCOUNT}/meters"), 403)["code"] == "forbidden"
    assert error_of(anonymous.get(f"/api/v1/accounts/{ACCOUNT}/meters"), 401)["code"] == "unauthorized"


@pytest.mark.parametrize("number", ["1000000099", "abc", "1" * 40, "10000000%2002"])
def test_unknown_or_malformed_account_is_404_in_russian(kiosk, number):
    error = error_of(kiosk.get(f"/api/v1/accounts/{number}/meters"), 404)
    assert error["code"] == "account_not_found"
    assert error["message"].startswith("Лицевой счёт не найден")


def test_known_and_unknown_accounts_take_the_same_minimum_time(app, kiosk):
    app.config["QUEUE"].lookup_min_seconds = 0.2
    timings = {}
    for number in (ACCOUNT, "1000000099"):
        started = time.monotonic()
        kiosk.get(f"/api/v1/accounts/{number}/meters")
        timings[number] = time.monotonic() - started
    assert all(seconds >= 0.2 for seconds in timings.values())
    assert abs(timings[ACCOUNT] - timings["1000000099"]) < 0.1


def test_thirty_lookups_a_minute_per_device_then_429(app, kiosk, clock):
    for _ in range(30):
        assert kiosk.get(f"/api/v1/accounts/{ACCOUNT}/meters").status_code == 200
    error = error_of(kiosk.get(f"/api/v1/accounts/{ACCOUNT}/meters"), 429)
    assert error["code"] == "too_many_lookups"
    assert "Подождите минуту" in error["message"]
    # Another device is not affected; the first one gets look-ups back a minute later.
    from tests.conftest import ApiClient
    other = ApiClient(app.test_client(), token="demo-kiosk-2")
    assert other.get(f"/api/v1/accounts/{ACCOUNT}/meters").status_code == 200
    clock.advance(seconds=61)
    assert kiosk.get(f"/api/v1/accounts/{ACCOUNT}/meters").status_code == 200


# --- validation: each rule, each message, nothing stored --------------------

@pytest.mark.parametrize("values, zone, message", [
    ({"T1": 45300}, "T2", "Введите показание."),
    ({"T1": 45300, "T2": None}, "T2", "Введите показание."),
    ({"T1": 45300.5, "T2": 18100}, "T1", "Введите целое число кВт·ч, без цифр после запятой."),
    ({"T1": "45300,5", "T2": 18100}, "T1", "Введите целое число кВт·ч, без цифр после запятой."),
    ({"T1": "сорок", "T2": 18100}, "T1", "Введите показание цифрами."),
    ({"T1": True, "T2": 18100}, "T1", "Введите показание цифрами."),
    ({"T1": "4530²", "T2": 18100}, "T1", "Введите показание цифрами."),
    ({"T1": "9" * 5000, "T2": 18100}, "T1", "Слишком много цифр: проверьте показание."),
    ({"T1": -5, "T2": 18100}, "T1", "Показание не может быть отрицательным."),
    ({"T1": 4530012, "T2": 18100}, "T1",
     "Слишком много цифр: на счётчике 6 цифр до запятой, а введено 7 цифр. "
     "Цифры после запятой вводить не нужно."),
    ({"T1": 45300, "T2": 18100, "T3": 5}, "T3", "У этого счётчика нет зоны T3."),
    ({"T1": 45000, "T2": 18100}, "T1",
     "Показание меньше предыдущего (45210). Проверьте цифры: показание не может уменьшаться."),
])
def test_each_invalid_value_is_422_with_its_zone_and_nothing_is_stored(
        kiosk, db, last_readings_days_ago, values, zone, message):
    before = count_readings(db)
    error = error_of(submit(kiosk, values), 422)
    assert error["code"] == "invalid"
    assert error["fields"][zone] == message
    assert error["message"].startswith("Показания не приняты.")
    assert count_readings(db) == before
    assert db.conn.execute("SELECT COUNT(*) FROM print_jobs").fetchone()[0] == 0


def test_a_lower_value_stays_refused_even_when_confirmed(kiosk, db, last_readings_days_ago):
    before = count_readings(db)
    error = error_of(submit(kiosk, {"T1": 45000, "T2": 18100}, confirm=True), 422)
    assert error["code"] == "invalid" and "меньше предыдущего" in error["fields"]["T1"]
    assert count_readings(db) == before


def test_single_zone_meter_message_names_it_pokazanie(kiosk, last_readings_days_ago):
    error = error_of(submit(kiosk, {"T1": 123456}, account=SINGLE, meter_id=1), 422)
    assert error["message"].startswith("Показания не приняты. Показание: слишком много цифр: "
                                       "на счётчике 5 цифр")


@pytest.mark.parametrize("body, field", [
    ({"meter_id": 2, "values": {"T1": 1}}, "account_number"),
    ({"account_number": ACCOUNT, "values": {"T1": 1}}, "meter_id"),
    ({"account_number": ACCOUNT, "meter_id": "2", "values": {}}, "meter_id"),
    ({"account_number": ACCOUNT, "meter_id": 2, "values": [45300, 18100]}, "values"),
])
def test_malformed_bodies_are_422(kiosk, db, body, field):
    before = count_readings(db)
    error = error_of(kiosk.post("/api/v1/readings", json=body), 422)
    assert field in error["fields"]
    assert count_readings(db) == before


@pytest.mark.parametrize("account, meter_id", [("1000000099", 2), (SINGLE, 2), (ACCOUNT, 999)])
def test_unknown_account_or_meter_of_another_account_is_404(kiosk, db, account, meter_id):
    before = count_readings(db)
    error = error_of(submit(kiosk, {"T1": 45300, "T2": 18100}, account=account, meter_id=meter_id), 404)
    assert error["message"] == "Лицевой счёт или счётчик не найден. Проверьте номер лицевого счёта."
    assert count_readings(db) == before


# --- plausibility and rollover -----------------------------------------------

def test_consumption_over_3000_a_month_needs_confirmation(kiosk, db, last_readings_days_ago):
    before = count_readings(db)
    error = error_of(submit(kiosk, {"T1": 47210, "T2": 19534}), 422)  # 2000 + 1500 kWh in 30 days
    assert error["code"] == "needs_confirmation"
    assert error["message"].startswith("Подтвердите")
    assert error["fields"] == {
        "T1": "Расход 2000 кВт·ч за 30 дней — больше обычного (до 3000 кВт·ч). "
              "Подтвердите, что показание верное.",
        "T2": "Расход 1500 кВт·ч за 30 дней — больше обычного (до 3000 кВт·ч). "
              "Подтвердите, что показание верное.",
    }
    assert count_readings(db) == before
    confirmed = submit(kiosk, {"T1": 47210, "T2": 19534}, confirm=True)
    assert confirmed.status_code == 201
    assert confirmed.get_json()["consumption"] == {"T1": 2000, "T2": 1500}


def test_plausible_maximum_is_prorated_by_days(kiosk, last_readings_days_ago):
    last_readings_days_ago(10)  # at most 1000 kWh in 10 days
    error = error_of(submit(kiosk, {"T1": 46000, "T2": 18350}), 422)  # 790 + 316 = 1106
    assert error["code"] == "needs_confirmation"
    assert "за 10 дней" in error["fields"]["T1"] and "до 1000 кВт·ч" in error["fields"]["T1"]
    assert submit(kiosk, {"T1": 45900, "T2": 18300}).status_code == 201  # 690 + 266 = 956


def test_counter_rollover_needs_confirmation_then_is_stored_as_such(kiosk, db, last_readings_days_ago):
    last_readings_days_ago(30, meter_1={"T1": 99950})
    error = error_of(submit(kiosk, {"T1": 120}, account=SINGLE, meter_id=1), 422)
    assert error["code"] == "needs_confirmation"
    assert error["fields"]["T1"] == ("Показание меньше предыдущего (99950). Если счётчик «перешёл "
                                     "через ноль» после 99999, подтвердите показание.")
    response = submit(kiosk, {"T1": 120}, account=SINGLE, meter_id=1, confirm=True)
    assert response.status_code == 201
    assert response.get_json()["consumption"] == {"T1": 170}
    row = db.conn.execute("SELECT rollover_confirmed, reading_values FROM readings WHERE id = ?",
                          (response.get_json()["id"],)).fetchone()
    assert row["rollover_confirmed"] == 1 and json.loads(row["reading_values"]) == {"T1": 120}


# --- storing, de-duplication, confirmation numbers ---------------------------

def test_kiosk_reading_is_stored_with_channel_device_and_confirmation(kiosk, db, last_readings_days_ago):
    response = submit(kiosk, {"T1": 45330, "T2": 18100})
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"id", "confirmation", "consumption", "print_job_id"}
    assert re.fullmatch(r"П-20261203-\d{6}", body["confirmation"])
    assert body["consumption"] == {"T1": 120, "T2": 66}
    row = db.conn.execute("SELECT * FROM readings WHERE id = ?", (body["id"],)).fetchone()
    assert (row["channel"], row["device_id"], row["staff_id"]) == ("kiosk", 1, None)
    assert json.loads(row["reading_values"]) == {"T1": 45330, "T2": 18100}


def test_same_values_within_ten_minutes_return_the_first_reading(kiosk, db, clock, last_readings_days_ago):
    first = submit(kiosk, {"T1": 45330, "T2": 18100})
    assert first.status_code == 201
    clock.advance(minutes=9)
    again = submit(kiosk, {"T1": 45330, "T2": 18100})
    assert again.status_code == 200
    assert again.get_json() == first.get_json()
    assert db.conn.execute("SELECT COUNT(*) FROM readings WHERE channel = 'kiosk'").fetchone()[0] == 1
    assert db.conn.execute("SELECT COUNT(*) FROM print_jobs").fetchone()[0] == 1
    clock.advance(minutes=2)  # past ten minutes: a new reading (equal values are allowed)
    later = submit(kiosk, {"T1": 45330, "T2": 18100})
    assert later.status_code == 201 and later.get_json()["id"] != first.get_json()["id"]
    assert later.get_json()["consumption"] == {"T1": 0, "T2": 0}


def test_confirmation_numbers_are_unique(kiosk, clock, last_readings_days_ago):
    numbers = set()
    for step in range(3):
        response = submit(kiosk, {"T1": 45300 + step, "T2": 18100 + step})
        assert response.status_code == 201
        numbers.add(response.get_json()["confirmation"])
    assert len(numbers) == 3


def test_staff_reading_is_channel_operator_without_print(operator_factory, db, last_readings_days_ago):
    op = operator_factory(2, open_window=False)
    response = submit(op, {"T1": 45330, "T2": 18100})
    assert response.status_code == 201 and response.get_json()["print_job_id"] is None
    row = db.conn.execute("SELECT channel, staff_id, device_id FROM readings WHERE id = ?",
                          (response.get_json()["id"],)).fetchone()
    assert row["channel"] == "operator" and row["staff_id"] is not None and row["device_id"] is None


# --- the receipt print job ---------------------------------------------------

def test_kiosk_reading_queues_a_masked_receipt_for_that_kiosk(app, kiosk, db, last_readings_days_ago):
    agent = app.extensions["socketio"].test_client(app, auth={"token": "demo-kiosk-1"})
    agent.get_received()
    body = submit(kiosk, {"T1": 45330, "T2": 18100}).get_json()
    job = db.conn.execute("SELECT * FROM print_jobs WHERE id = ?", (body["print_job_id"],)).fetchone()
    assert (job["device_id"], job["kind"], job["reading_id"], job["status"]) == (1, "readings", body["id"],
                                                                                   "pending")
    lines = [item["text"] for item in json.loads(job["document"])["items"] if item["type"] == "text"]
    text = "\n".join(lines)
    assert f"Подтверждение № {body['confirmation']}" in text
    assert "Лицевой счёт: 10******02" in text and ACCOUNT not in text
    assert "Т1 (день): 45330 кВт·ч" in text and "  расход: 66 кВт·ч" in lines
    assert "http://ekb.esplus.ru/" in text and "https://lkm.esplus.ru/welcome/" in text
    assert "https://t.me/Esplusbot" in text
    pushed = [event["args"][0] for event in agent.get_received() if event["name"] == "print_job"]
    assert [(p["id"], p["kind"]) for p in pushed] == [(body["print_job_id"], "readings")]


def test_cookie_kiosk_needs_the_csrf_token(app, db, last_readings_days_ago):
    from queue_server.auth import device_csrf_token
    client = app.test_client()
    client.get("/setup?token=demo-kiosk-1")
    body = {"account_number": ACCOUNT, "meter_id": 2, "values": {"T1": 45330, "T2": 18100}}
    assert error_of(client.post("/api/v1/readings", json=body), 403)["code"] == "csrf"
    with app.test_request_context():
        token = device_csrf_token(1)
    assert client.post("/api/v1/readings", json=body, headers={"X-CSRF-Token": token}).status_code == 201


# --- export for billing --------------------------------------------------------

def test_export_readings_csv_has_full_account_numbers(kiosk, operator_factory, db_path, db,
                                                      last_readings_days_ago, tmp_path):
    kiosk_body = submit(kiosk, {"T1": 45330, "T2": 18100}).get_json()
    staff_body = submit(operator_factory(1, open_window=False), {"T1": 12400}, account=SINGLE,
                        meter_id=1).get_json()
    runner = CliRunner()
    result = runner.invoke(cli, ["export-readings", "--since", "2026-12-03", "--format", "csv"],
                           env={"QUEUE_DB": db_path})
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [row["confirmation"] for row in rows] == [kiosk_body["confirmation"], staff_body["confirmation"]]
    assert rows[0] == {"account_number": ACCOUNT, "meter_serial": "098765432",
                       "taken_at": "2026-12-03T10:00:00+05:00", "date": "2026-12-03",
                       "T1": "45330", "T2": "18100", "T3": "", "channel": "kiosk",
                       "confirmation": kiosk_body["confirmation"]}
    assert rows[1]["account_number"] == SINGLE and rows[1]["channel"] == "operator"
    later = runner.invoke(cli, ["export-readings", "--since", "2026-12-04"], env={"QUEUE_DB": db_path})
    assert later.exit_code == 0 and later.output.strip() == ",".join(
        ["account_number", "meter_serial", "taken_at", "date", "T1", "T2", "T3", "channel", "confirmation"])
    target = tmp_path / "readings.csv"
    written = runner.invoke(cli, ["export-readings", "--since", "2026-12-01", "--output", str(target)],
                            env={"QUEUE_DB": db_path})
    assert written.exit_code == 0 and target.read_text(encoding="utf-8") == result.output


def test_export_refuses_a_malformed_date(db_path):
    result = CliRunner().invoke(cli, ["export-readings", "--since", "03.12.2026"], env={"QUEUE_DB": db_path})
    assert result.exit_code != 0 and "03.12.2026" in result.output


# --- wording helpers -------------------------------------------------------------

@pytest.mark.parametrize("address, masked", [
    ("г. Екатеринбург, ул. Ленина, д. 24, кв. 7", "г. Екатеринбург, ул. Ленина, д. 2*, кв. **"),
    ("г. Екатеринбург, ул. Малышева, д. 51, кв. 12", "г. Екатеринбург, ул. Малышева, д. 5*, кв. **"),
    ("г. Киров, ул. Мира, дом 3", "г. Киров, ул. Мира, дом 3"),
    ("пос. Лесной, ул. Садовая 15-8", "пос. Лесной, ул. Садовая 1*-*"),
])
def test_mask_address(address, masked):
    assert mask_address(address) == masked


def test_mask_account_and_zone_titles():
    assert mask_account("1000000002") == "10******02"
    assert mask_account("12345") == "****5"
    assert zone_title("T1", ["T1"]) == "Показание"
    assert [zone_title(z, ["T1", "T2"]) for z in ("T1", "T2")] == ["Т1 (день)", "Т2 (ночь)"]
    assert [zone_title(z, ["T1", "T2", "T3"]) for z in ("T1", "T2", "T3")] == [
        "Т1 (пик)", "Т2 (ночь)", "Т3 (полупик)"]
