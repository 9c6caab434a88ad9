"""A morning of the demo office, played on a real server through the API, for the
supervisor page's browser test and screenshot.

The server's clock is pinned to 09:00 of today (office time) and moved a minute
at a time; visitors arrive from the kiosk, three operators call, serve,
transfer, mark no-shows, take breaks. The bookkeeping here gives the counts the
page must show.
"""
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, time, timezone
from zoneinfo import ZoneInfo

from tests.live import LiveServer

TZ = ZoneInfo("Asia/Yekaterinburg")
OFFICE = 1
А, Б, В, Г, Д, Е = 1, 2, 3, 4, 5, 6
START = time(9, 0)
END_MINUTE = 210  # 12:30

# (minute after 09:00, service, preferential category)
ARRIVALS = [
    (2, А, None), (5, Б, None), (9, В, None), (14, А, None), (18, Г, None),
    (25, Б, "parent_under_3"), (31, А, None), (40, Д, None), (47, А, None), (55, В, None),
    # the rush between ten and eleven, while window 2 is on a break
    (61, А, None), (62, Б, None), (64, А, "wwii_veteran"), (66, В, None), (68, А, None),
    (71, Г, None), (73, А, None), (75, Б, None), (77, Д, None), (79, А, None),
    (82, В, "disabled_1_2"), (84, А, None), (86, Е, None), (89, Б, None), (92, А, None),
    (97, А, None), (101, В, None),
    (120, А, None), (128, В, None), (135, Б, None), (145, А, "social_worker"), (160, Г, None),
    (172, А, None), (185, Б, None), (192, А, None), (200, В, None), (204, А, None),
    (206, Б, None), (207, А, None), (208, В, None), (209, А, None), (210, Д, None),
]
DURATIONS = [6, 9, 5, 12, 7, 14, 5, 8, 10, 4, 11, 6]
NO_SHOW = {3, 16, 27}            # arrival indexes whose visitor does not come
TRANSFER = {10: Д}                # arrival index → service it is sent to after a while
DOWNGRADE = {"disabled_1_2"}      # the document is not shown: regular queue
RATINGS = [5, 5, 4, 5, 3, 5, 4, 2, 5, 5, 4]


@dataclass
class Operator:
    login: str
    window: int
    opens: int                       # minute the operator opens the window
    breaks: tuple = ()               # (from, to) minutes
    http: object = None
    current: dict | None = None      # {"ticket", "until", "then"}
    on_break: bool = False


@dataclass
class Scene:
    issued: int = 0
    served: int = 0
    no_show: int = 0
    transferred: int = 0
    tickets: dict = field(default_factory=dict)   # arrival index → ticket JSON
    done: list = field(default_factory=list)       # tickets served, in order


def pin_clock(server: LiveServer, minute: int) -> None:
    """The server's clock at 09:00 + ``minute`` of today, office time."""
    real = datetime.now(timezone.utc)
    day = real.astimezone(TZ).date()
    target = datetime.combine(day, START, TZ).timestamp() + minute * 60
    server.clock_file.write_text(str(target - real.timestamp()))


def play_morning(server: LiveServer) -> Scene:
    url = f"{server.url}/api/v1"
    kiosk = server.session(token="demo-kiosk-1")
    public = server.session()
    operators = [
        Operator("op1", 1, opens=0),
        Operator("op2", 2, opens=0, breaks=((60, 110), (200, 999))),
        Operator("op3", 3, opens=15, breaks=((90, 125),)),
    ]
    for operator in operators:
        operator.http = server.session(login=operator.login, password="demo")
    scene = Scene()
    index_of = {}

    def post(http, path, body=None):
        response = http.post(url + path, json=body or {}, timeout=10)
        assert response.status_code in (200, 201, 204), (path, response.text)
        return response.json() if response.status_code != 204 else None

    for minute in range(END_MINUTE + 1):
        pin_clock(server, minute)
        for number, (at, service, preferential) in enumerate(ARRIVALS):
            if at == minute:
                ticket = post(kiosk, f"/offices/{OFFICE}/tickets",
                              {"service_id": service, "preferential": preferential})
                scene.tickets[number] = ticket
                index_of[ticket["id"]] = number
                scene.issued += 1
        for op in operators:
            if minute < op.opens:
                continue
            if minute == op.opens:
                post(op.http, f"/windows/{op.window}/open")
            current = op.current
            if current and current["until"] <= minute:
                ticket = current["ticket"]
                if current["then"] == "no-show":
                    post(op.http, f"/tickets/{ticket['id']}/no-show")
                    scene.no_show += 1
                elif current["then"] == "transfer":
                    post(op.http, f"/tickets/{ticket['id']}/transfer",
                         {"service_id": TRANSFER[index_of[ticket["id"]]],
                          "comment": "Нужен перерасчёт"})
                    scene.transferred += 1
                else:
                    post(op.http, f"/tickets/{ticket['id']}/finish")
                    scene.served += 1
                    scene.done.append(scene.tickets[index_of[ticket["id"]]])
                op.current = current = None
            resting = any(start <= minute < stop for start, stop in op.breaks)
            if resting and not current and not op.on_break:
                post(op.http, f"/windows/{op.window}/break")
                op.on_break = True
            elif not resting and op.on_break:
                post(op.http, f"/windows/{op.window}/open")
                op.on_break = False
            if op.on_break or current:
                continue
            ticket = post(op.http, f"/windows/{op.window}/call-next")
            if ticket is None:
                continue
            number = index_of[ticket["id"]]
            if number in NO_SHOW:
                op.current = {"ticket": ticket, "until": minute + 3, "then": "no-show"}
                continue
            if ticket["preferential"] in DOWNGRADE:
                post(op.http, f"/tickets/{ticket['id']}/downgrade-preferential")
            elif ticket["preferential"]:
                post(op.http, f"/tickets/{ticket['id']}/confirm-preferential")
            post(op.http, f"/tickets/{ticket['id']}/start")
            then = "transfer" if number in TRANSFER and ticket["service_id"] != TRANSFER[number] \
                else "finish"
            op.current = {"ticket": ticket, "until": minute + DURATIONS[number % len(DURATIONS)],
                          "then": then}

    for ticket, rating in zip(scene.done, RATINGS):
        token = ticket["status_url"].rsplit("/", 1)[1]
        post(public, f"/public/tickets/{token}/feedback", {"rating": rating})
    post(kiosk, "/readings", {"account_number": "1000000001", "meter_id": 1,
                              "values": {"T1": 12467}, "confirm": True})
    post(kiosk, "/readings", {"account_number": "1000000002", "meter_id": 2,
                              "values": {"T1": 45390, "T2": 18102}, "confirm": True})
    mark_printed(server)
    return scene


def mark_printed(server: LiveServer) -> None:
    """As if the kiosk's print agent had printed every job so far (no agent runs here)."""
    connection = sqlite3.connect(server.db_path, timeout=10)
    try:
        connection.execute("UPDATE print_jobs SET status = 'printed' WHERE status = 'pending'")
        connection.commit()
    finally:
        connection.close()
