"""Supervisor reports from a scripted day: every figure is computed by hand below.

The day (office 1, Asia/Yekaterinburg, Thursday 2026-12-03, local times):

    10:00  T1 А            T2 Б «родитель с ребёнком до 3 лет»
    10:02  T3 А            T4 В «участник ВОВ»
    10:05  op1 (окно 1) вызывает T2 (льготный — первым): ожидание 5; льгота подтверждена; начал
    10:05  op2 (окно 2) вызывает T4: ожидание 3; переведён в общую очередь; начал
    10:11  op1 завершает T2 (обслуживание 6); вызывает T1: ожидание 11; начал
    10:15  op2 перенаправляет T4 в «Д» (место в очереди сохраняется); вызывает T3: ожидание 13
    10:17  op2: T3 не явился
    10:20  op1 завершает T1 (обслуживание 9)
    10:22  op3 (окно 3) вызывает T4 (первый вызов был в 10:05: ожидание остаётся 3); начал
    10:25  T5 А                        10:26  T6 Б      10:27  T6 отменён
    10:30  op3 завершает T4 (обслуживание 8, в «Д»)
    10:40  op1 вызывает T5: ожидание 15 (ровно норматив); 10:41 откладывает на 5 минут
    10:50  op1 вызывает T5 снова (первый вызов — 10:40); начал; 11:02 завершил (12)
    11:05  T7 А            11:25  op1 вызывает T7: ожидание 20; начал; 11:29 завершил (4)
    11:30  T8 Г — остаётся ждать (на следующий день истекает)

Feedback: T2 → 5, T1 → 4, T5 → 5, T4 → 2. Readings: a kiosk one (1000000001, T1 12400)
and an operator one (1000000002), both accepted.
"""
import csv
import io
from datetime import date

import pytest

from queue_server.domain.reports import parse_range, percentile
from queue_server.errors import Unprocessable

OFFICE = 1
А, Б, В, Г, Д = 1, 2, 3, 4, 5
DAY = "2026-12-03"
REPORT = f"/api/v1/offices/{OFFICE}/reports/summary"


def issue(kiosk, service_id, preferential=None):
    response = kiosk.post(f"/api/v1/offices/{OFFICE}/tickets",
                          json={"service_id": service_id, "preferential": preferential})
    assert response.status_code == 201, response.get_json()
    ticket = response.get_json()
    ticket["token"] = ticket["status_url"].rsplit("/", 1)[1]
    return ticket


def ok(response, status=200):
    assert response.status_code == status, response.get_json()
    return response.get_json()


def call_next(operator, window):
    return ok(operator.post(f"/api/v1/windows/{window}/call-next"))


def act(client, ticket, action, body=None):
    return ok(client.post(f"/api/v1/tickets/{ticket['id']}/{action}", json=body))


@pytest.fixture
def day(app, clock, kiosk, admin, operator_factory, anonymous, meters_read_a_month_ago):
    """Play the day of the module docstring; return the tickets by name."""
    op1, op2, op3 = operator_factory(1), operator_factory(2), operator_factory(3, open_window=False)
    t = {}
    t["T1"] = issue(kiosk, А)
    t["T2"] = issue(kiosk, Б, "parent_under_3")
    clock.advance(minutes=2)                                   # 10:02
    t["T3"] = issue(kiosk, А)
    t["T4"] = issue(kiosk, В, "wwii_veteran")
    clock.advance(minutes=3)                                   # 10:05
    assert call_next(op1, 1)["id"] == t["T2"]["id"]
    act(op1, t["T2"], "confirm-preferential")
    act(op1, t["T2"], "start")
    assert call_next(op2, 2)["id"] == t["T4"]["id"]
    act(op2, t["T4"], "downgrade-preferential")
    act(op2, t["T4"], "start")
    clock.advance(minutes=6)                                   # 10:11
    act(op1, t["T2"], "finish")
    assert call_next(op1, 1)["id"] == t["T1"]["id"]
    act(op1, t["T1"], "start")
    clock.advance(minutes=4)                                   # 10:15
    act(op2, t["T4"], "transfer", {"service_id": Д, "comment": "перерасчёт"})
    assert call_next(op2, 2)["id"] == t["T3"]["id"]
    clock.advance(minutes=2)                                   # 10:17
    act(op2, t["T3"], "no-show")
    clock.advance(minutes=3)                                   # 10:20
    act(op1, t["T1"], "finish")
    clock.advance(minutes=2)                                   # 10:22
    ok(op3.post("/api/v1/windows/3/open"))
    assert call_next(op3, 3)["id"] == t["T4"]["id"]
    act(op3, t["T4"], "start")
    clock.advance(minutes=3)                                   # 10:25
    t["T5"] = issue(kiosk, А)
    clock.advance(minutes=1)                                   # 10:26
    t["T6"] = issue(kiosk, Б)
    clock.advance(minutes=1)                                   # 10:27
    act(admin, t["T6"], "cancel")
    clock.advance(minutes=3)                                   # 10:30
    act(op3, t["T4"], "finish")
    clock.advance(minutes=10)                                  # 10:40
    assert call_next(op1, 1)["id"] == t["T5"]["id"]
    clock.advance(minutes=1)                                   # 10:41
    act(op1, t["T5"], "postpone", {"minutes": 5})
    clock.advance(minutes=9)                                   # 10:50
    assert call_next(op1, 1)["id"] == t["T5"]["id"]
    act(op1, t["T5"], "start")
    clock.advance(minutes=12)                                  # 11:02
    act(op1, t["T5"], "finish")
    clock.advance(minutes=3)                                   # 11:05
    t["T7"] = issue(kiosk, А)
    clock.advance(minutes=20)                                  # 11:25
    assert call_next(op1, 1)["id"] == t["T7"]["id"]
    act(op1, t["T7"], "start")
    clock.advance(minutes=4)                                   # 11:29
    act(op1, t["T7"], "finish")
    clock.advance(minutes=1)                                   # 11:30
    t["T8"] = issue(kiosk, Г)

    for name, rating in (("T2", 5), ("T1", 4), ("T5", 5), ("T4", 2)):
        ok(anonymous.post(f"/api/v1/public/tickets/{t[name]['token']}/feedback",
                          json={"rating": rating}), 201)
    ok(kiosk.post("/api/v1/readings", json={"account_number": "1000000001", "meter_id": 1,
                                            "values": {"T1": 12400}}), 201)
    ok(admin.post("/api/v1/readings", json={"account_number": "1000000002", "meter_id": 2,
                                            "values": {"T1": 45300, "T2": 18100}}), 201)
    return t


def test_the_scripted_day_gives_the_figures_computed_by_hand(day, admin):
    report = ok(admin.get(REPORT, query_string={"from": DAY, "to": DAY}))
    assert report["from"] == report["to"] == DAY and report["days"] == 1
    assert report["office"]["wait_norm_minutes"] == 15
    assert report["totals"] == {"issued": 8, "served": 5, "no_show": 1, "cancelled": 1,
                                "expired": 0, "in_progress": 1, "called": 6, "transferred": 1}
    # Waits of the called tickets: T2 5, T4 3, T1 11, T3 13, T5 15, T7 20 (minutes).
    assert report["wait"] == {"called": 6, "mean": round(67 / 6, 1), "p90": 20.0, "max": 20.0,
                              "within_norm": 5, "service_level": round(500 / 6, 1)}
    # Service: T2 6, T1 9, T4 8, T5 12, T7 4.
    assert report["service"] == {"count": 5, "mean": 7.8, "max": 12.0}

    by_service = {row["letter"]: row for row in report["by_service"]}
    assert list(by_service) == ["А", "Б", "В", "Г", "Д"]
    a = by_service["А"]
    assert (a["issued"], a["served"], a["no_show"], a["cancelled"]) == (4, 3, 1, 0)
    assert a["wait_mean"] == pytest.approx(59 / 4, abs=0.051)  # 11, 13, 15, 20
    assert (a["wait_p90"], a["wait_max"], a["service_level"]) == (20.0, 20.0, 75.0)
    assert a["service_mean"] == round(25 / 3, 1)                # 9, 12, 4
    b = by_service["Б"]
    assert (b["issued"], b["served"], b["cancelled"], b["wait_mean"], b["service_level"],
            b["service_mean"]) == (2, 1, 1, 5.0, 100.0, 6.0)
    v = by_service["В"]  # T4 was issued for В and transferred to Д
    assert (v["issued"], v["served"], v["transferred_out"], v["wait_mean"]) == (1, 0, 1, 3.0)
    g = by_service["Г"]
    assert (g["issued"], g["served"], g["wait_mean"], g["service_level"]) == (1, 0, None, None)
    d = by_service["Д"]
    assert (d["issued"], d["served"], d["service_mean"], d["wait_mean"]) == (0, 1, 8.0, None)

    operators = [(row["name"], row["served"], row["no_show"], row["service_mean"],
                  row["service_max"], row["rating_mean"]) for row in report["by_operator"]]
    assert operators == [
        ("Оператор 1 (демо)", 4, 0, pytest.approx(7.75, abs=0.051), 12.0, round(14 / 3, 2)),
        ("Оператор 3 (демо)", 1, 0, 8.0, 8.0, 2.0),
        ("Оператор 2 (демо)", 0, 1, None, None, None),
    ]
    assert report["by_hour"] == [
        {"hour": 10, "issued": 6, "called": 5, "wait_mean": 9.4},   # 11, 5, 13, 3, 15
        {"hour": 11, "issued": 2, "called": 1, "wait_mean": 20.0},
    ]
    preferential = report["preferential"]
    assert (preferential["total"], preferential["confirmed"], preferential["downgraded"]) == (2, 1, 1)
    categories = {row["code"]: row for row in preferential["categories"]}
    assert categories["parent_under_3"] == {"code": "parent_under_3",
                                            "title": "Родитель с ребёнком до 3 лет",
                                            "total": 1, "confirmed": 1, "downgraded": 0}
    assert (categories["wwii_veteran"]["total"], categories["wwii_veteran"]["downgraded"]) == (1, 1)
    assert categories["social_worker"]["total"] == 0
    assert report["feedback"] == {"count": 4, "mean": 4.0,
                                  "distribution": {"1": 0, "2": 1, "3": 0, "4": 1, "5": 2}}
    assert report["readings"] == {"total": 2, "by_channel": {"kiosk": 1, "operator": 1}}


def test_next_day_defaults_to_today_and_the_waiting_ticket_expires(day, admin, clock, operator_factory):
    clock.advance(days=1)
    assert ok(admin.get(REPORT))["totals"]["issued"] == 0  # today: nothing yet
    op1 = operator_factory(4)  # any call-next performs the day rollover
    assert op1.post("/api/v1/windows/4/call-next").status_code == 204
    totals = ok(admin.get(REPORT, query_string={"from": DAY, "to": DAY}))["totals"]
    assert (totals["expired"], totals["in_progress"], totals["issued"]) == (1, 0, 8)
    week = ok(admin.get(REPORT, query_string={"from": "2026-11-27", "to": "2026-12-04"}))
    assert week["days"] == 8 and week["totals"]["issued"] == 8
    assert ok(admin.get(REPORT, query_string={"from": "2026-12-04"}))["totals"]["issued"] == 0


def test_csv_for_excel_has_bom_sections_and_a_filename(day, admin):
    response = admin.get(REPORT, query_string={"from": DAY, "to": DAY, "format": "csv"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="report-2026-12-03.csv"'
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    metrics = {row[0]: row[1] for row in rows if len(row) == 2}
    assert metrics["Выдано талонов"] == "8"
    assert metrics["Обслужено"] == "5"
    assert metrics["Не явились"] == "1"
    assert metrics["Ожидание p90, мин"] == "20"
    assert metrics["Ожидание среднее, мин"] == "11,2"
    assert metrics["Уровень обслуживания, %"] == "83,3"
    assert metrics["Средняя оценка"] == "4"
    assert metrics["Принято показаний"] == "2"
    titles = [row[0] for row in rows if len(row) == 1]
    assert titles == ["По услугам", "По сотрудникам", "По часам", "Льготные визиты"]
    start = rows.index(["По услугам"])
    assert rows[start + 1][:3] == ["Буква", "Услуга", "Выдано"]
    assert rows[start + 2][:4] == ["А", "Консультация", "4", "3"]
    hours = rows.index(["По часам"])
    assert rows[hours + 2] == ["10:00", "6", "5", "9,4"]
    week = admin.get(REPORT, query_string={"from": "2026-12-01", "to": DAY, "format": "csv"})
    assert 'filename="report-2026-12-01_2026-12-03.csv"' in week.headers["Content-Disposition"]


def test_only_supervisors_and_admins_read_reports(app, kiosk, board, anonymous, operator_factory, admin):
    assert anonymous.get(REPORT).status_code == 401
    assert anonymous.get(REPORT).get_json()["error"]["code"] == "unauthorized"
    assert kiosk.get(REPORT).status_code == 403
    assert board.get(REPORT).status_code == 403
    operator = operator_factory(1, open_window=False)
    assert operator.get(REPORT).status_code == 403
    assert operator.get(REPORT + "?format=csv").status_code == 403
    assert admin.get(REPORT).status_code == 200
    assert admin.get("/api/v1/offices/999/reports/summary").status_code == 404


def test_a_supervisor_of_the_office_reads_its_report_but_not_another_office(app, db):
    from queue_server.auth import hash_password
    db.conn.execute("INSERT INTO staff (office_id, login, password_hash, full_name, role)"
                    " VALUES (1, 'boss', ?, 'Руководитель', 'supervisor')", (hash_password("pw"),))
    from tests.conftest import ApiClient
    boss = ApiClient(app.test_client()).login("boss", "pw")
    assert boss.get(REPORT).status_code == 200
    assert boss.get("/api/v1/offices/2/reports/summary").status_code == 403
    page = boss.get("/supervisor")
    assert page.status_code == 200


@pytest.mark.parametrize("query, fields", [
    ({"from": "2026-13-01", "to": DAY}, {"from"}),
    ({"from": DAY, "to": "03.12.2026"}, {"to"}),
    ({"from": "вчера"}, {"from"}),
    ({"from": "2026-12-04", "to": DAY}, {"from", "to"}),
    ({"from": "2025-12-02", "to": DAY}, {"to"}),            # 367 days
    ({"format": "xlsx"}, {"format"}),
])
def test_bad_ranges_are_422_with_russian_fields(admin, query, fields):
    response = admin.get(REPORT, query_string=query)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert set(error["fields"]) == fields
    assert all(any("а" <= ch <= "я" for ch in text.lower())
               for text in [error["message"], *error["fields"].values()])


def test_a_full_year_of_366_days_is_allowed(admin):
    assert admin.get(REPORT, query_string={"from": "2025-12-03", "to": DAY}).status_code == 200


def test_empty_day_has_no_figures_rather_than_zeros(admin):
    report = ok(admin.get(REPORT, query_string={"from": "2026-11-01"}))
    assert report["totals"]["issued"] == 0
    assert report["wait"]["mean"] is None and report["wait"]["service_level"] is None
    assert report["by_service"] == [] and report["by_hour"] == []
    assert report["feedback"]["mean"] is None


def test_percentile_is_nearest_rank():
    assert percentile([], 0.9) is None
    assert percentile([7], 0.9) == 7
    assert percentile(list(range(1, 11)), 0.9) == 9
    assert percentile(list(range(1, 12)), 0.9) == 10
    assert percentile([3, 5, 11, 13, 15, 20], 0.9) == 20


def test_parse_range():
    today = date(2026, 12, 3)
    assert parse_range(None, None, today) == (today, today)
    assert parse_range("2026-12-01", None, today) == (date(2026, 12, 1), date(2026, 12, 1))
    assert parse_range(None, "2026-12-02", today) == (date(2026, 12, 2), date(2026, 12, 2))
    with pytest.raises(Unprocessable):
        parse_range("2026-02-30", None, today)


def test_openapi_documents_the_report(app):
    spec = app.test_client().get("/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/offices/{office_id}/reports/summary"]["get"]
    assert operation["x-roles"] == ["admin", "supervisor"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert {"totals", "wait", "service", "by_service", "by_operator", "by_hour", "preferential",
            "feedback", "readings"} <= set(schema["properties"])


def test_supervisor_page_access(app, anonymous, operator_factory, admin, kiosk):
    response = anonymous.get("/supervisor")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login?next=/supervisor")
    assert kiosk.get("/supervisor").status_code == 302  # a device is not staff
    operator = operator_factory(1, open_window=False)
    refused = operator.get("/supervisor")
    assert refused.status_code == 403
    assert "руководителю" in refused.get_data(as_text=True)
    page = admin.get("/supervisor")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Скачать CSV" in html and "socket.io-4.8.1.min.js" in html
    assert admin.get("/supervisor?office=999").status_code == 404
