"""Supervisor reports: ``GET /offices/{office}/reports/summary`` (JSON or CSV for Excel)."""
from flask import Response, jsonify, request

from ..auth import MANAGERS, requires
from ..db import get_db
from ..domain import reports
from ..errors import Unprocessable
from ..openapi import INT, STR, extend
from . import api
from .context import check_office, now

CSV_BOM = "\ufeff"  # Excel reads a CSV as UTF-8 (Cyrillic intact) only with the BOM


@api.get("/offices/<int:office_id>/reports/summary")
@requires(*MANAGERS)
def report_summary(office_id):
    """KPIs of the office over ``?from=&to=`` (local dates, inclusive; default today)."""
    check_office(office_id)
    output = request.args.get("format", "json")
    if output not in ("json", "csv"):
        raise Unprocessable("Формат отчёта: json или csv.", code="bad_format",
                            fields={"format": "json или csv"})
    db = get_db()
    moment = now()
    start, end = reports.parse_range(request.args.get("from"), request.args.get("to"),
                                     reports.today_of(db, office_id, moment))
    report = reports.summary(db, office_id, start, end, now=moment)
    if output == "csv":
        body = (CSV_BOM + reports.summary_csv(report)).encode("utf-8")
        response = Response(body, content_type="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = (
            f'attachment; filename="{reports.csv_filename(report)}"')
        response.headers["Cache-Control"] = "no-store"
        return response
    return jsonify(report)


def _obj(**properties) -> dict:
    return {"type": "object", "properties": properties}


NUM = {"type": "number", "nullable": True}
_WAIT = _obj(called=INT, mean=NUM, p90=NUM, max=NUM, within_norm=INT, service_level=NUM)
_REPORT = _obj(
    office=_obj(id=INT, name=STR, timezone=STR, wait_norm_minutes=INT),
    **{"from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"}},
    days=INT,
    generated_at=STR,
    totals=_obj(issued=INT, served=INT, no_show=INT, cancelled=INT, expired=INT,
                in_progress=INT, called=INT, transferred=INT),
    wait=_WAIT,
    service=_obj(count=INT, mean=NUM, max=NUM),
    by_service={"type": "array", "items": _obj(
        service_id=INT, letter=STR, name=STR, issued=INT, served=INT, no_show=INT, cancelled=INT,
        transferred_out=INT, wait_mean=NUM, wait_p90=NUM, wait_max=NUM, service_level=NUM,
        service_mean=NUM)},
    by_operator={"type": "array", "items": _obj(
        staff_id=INT, name=STR, served=INT, no_show=INT, service_mean=NUM, service_max=NUM,
        rating_mean=NUM, ratings=INT)},
    by_hour={"type": "array", "items": _obj(hour=INT, issued=INT, called=INT, wait_mean=NUM)},
    preferential=_obj(total=INT, confirmed=INT, downgraded=INT, categories={
        "type": "array", "items": _obj(code=STR, title=STR, total=INT, confirmed=INT,
                                       downgraded=INT)}),
    feedback=_obj(count=INT, mean=NUM, distribution=_obj(**{str(n): INT for n in range(1, 6)})),
    readings=_obj(total=INT, by_channel=_obj(kiosk=INT, operator=INT)),
)

extend(("get", "/api/v1/offices/{office_id}/reports/summary",
        "Отчёт руководителя за период (?from=ГГГГ-ММ-ДД&to=ГГГГ-ММ-ДД, по умолчанию сегодня;"
        " &format=csv — файл для Excel: UTF-8 с BOM, разделитель «;»)",
        list(MANAGERS), None, 200, _REPORT))
