"""Print jobs an office's supervisor should know about (paper out, printer offline)."""
from flask import jsonify

from ..auth import MANAGERS, requires
from ..db import get_db, query_all
from ..domain.tickets import office_timezone
from ..openapi import extend
from ..printing import job_json
from . import api
from .context import check_office


@api.get("/offices/<int:office_id>/print-jobs")
@requires(*MANAGERS)
def pending_print_jobs(office_id):
    """Jobs of the office's kiosks not printed yet, oldest first, with the Russian reason."""
    check_office(office_id)
    db = get_db()
    tz_name = office_timezone(db, office_id)
    rows = query_all(
        db, """SELECT j.*, d.name AS device FROM print_jobs j JOIN devices d ON d.id = j.device_id
               WHERE d.office_id = ? AND j.status = 'pending' ORDER BY j.id""", (office_id,))
    return jsonify([{**job_json(row, tz_name), "device": row["device"]} for row in rows])


extend(("get", "/api/v1/offices/{office_id}/print-jobs", "Ненапечатанные задания печати офиса",
        list(MANAGERS), None, 200, {"type": "array", "items": {"type": "object"}}))
