"""Command line of the printer package.

    python -m printer agent --server URL --token TOKEN --printer URI [--profile NAME] [--state-dir DIR]
    python -m printer test-page --printer URI [--profile NAME]
    python -m printer status --printer URI [--profile NAME]
    python -m printer preview --out DIR
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from datetime import datetime
from pathlib import Path

from .connections import open_printer
from .errors import PrinterError
from .layouts import test_page_document
from .profiles import DEFAULT_PROFILE_NAME, PROFILES, UnknownProfileError, get_profile

log = logging.getLogger("printer")

TOKEN_ENV = "PRINTER_AGENT_TOKEN"


def _add_printer_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--printer", required=True, help="URI принтера: usb://VID:PID, tcp://HOST:9100, "
                        "serial:///dev/ttyUSB0?baudrate=19200, file:///dev/usb/lp0, cups://QUEUE, preview://DIR, dummy")
    parser.add_argument("--profile", default=DEFAULT_PROFILE_NAME, choices=sorted(PROFILES),
                        help=f"профиль принтера (по умолчанию {DEFAULT_PROFILE_NAME})")
    parser.add_argument("--codepage", type=int, default=None,
                        help="номер кодовой страницы CP866 для ESC t (по умолчанию из профиля, обычно 17)")
    parser.add_argument("--no-status-queries", action="store_true",
                        help="не спрашивать состояние принтера (DLE EOT) — для моделей, которые не отвечают")


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m printer", description="Печать талонов и чеков")
    parser.add_argument("-v", "--verbose", action="store_true", help="подробный журнал")
    commands = parser.add_subparsers(dest="command", required=True)

    agent = commands.add_parser("agent", help="агент печати: получает задания с сервера очереди")
    agent.add_argument("--server", required=True, help="адрес сервера очереди, например http://192.168.1.10:5000")
    agent.add_argument("--token", default=os.environ.get(TOKEN_ENV),
                       help=f"токен устройства-киоска (или переменная окружения {TOKEN_ENV})")
    _add_printer_options(agent)
    agent.add_argument("--state-dir", default="var/printer-agent", help="папка учёта напечатанных заданий")
    agent.add_argument("--poll-interval", type=float, default=2.0,
                       help="как часто (с) проверять принтер, пока задание ждёт")
    agent.add_argument("--transport", choices=("auto", "websocket", "polling"), default="auto",
                       help="транспорт Socket.IO (auto: polling с переходом на websocket)")

    test_page = commands.add_parser("test-page", help="напечатать тестовую страницу (для установщика)")
    _add_printer_options(test_page)

    status = commands.add_parser("status", help="показать состояние принтера")
    _add_printer_options(status)

    preview = commands.add_parser("preview", help="нарисовать образцы талона и чеков в PNG (docs/receipts)")
    preview.add_argument("--out", default="docs/receipts", help="папка для PNG")
    return parser


def _profile_from(args):
    profile = get_profile(args.profile, codepage_number=args.codepage)
    if args.no_status_queries:
        profile = profile.with_overrides(status_queries=False)
    return profile


def _run_agent(args) -> int:
    from .agent import PrintAgent  # socketio is only needed here
    from .state import StateDirLockedError

    if not args.token:
        log.error("Не указан токен устройства: --token или %s", TOKEN_ENV)
        return 2
    connection = open_printer(args.printer, _profile_from(args))
    agent = PrintAgent(
        server_url=args.server,
        token=args.token,
        connection=connection,
        state_dir=args.state_dir,
        poll_interval=args.poll_interval,
        transports=None if args.transport == "auto" else [args.transport],
    )

    def stop(signum, _frame):
        log.info("Получен сигнал %s, останавливаюсь", signal.Signals(signum).name)
        agent.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("Агент печати: сервер %s, принтер %s, профиль %s", args.server, args.printer, connection.profile.name)
    try:
        agent.run_forever()
    except StateDirLockedError as exc:
        log.error("%s", exc)
        return 1
    return 0


def _run_test_page(args) -> int:
    profile = _profile_from(args)
    connection = open_printer(args.printer, profile)
    document = test_page_document(printer_uri=args.printer, profile_name=profile.name, now=datetime.now().astimezone())
    try:
        connection.send("test-page", document)
    finally:
        connection.close()
    log.info("Тестовая страница отправлена на %s", args.printer)
    return 0


def _run_status(args) -> int:
    connection = open_printer(args.printer, _profile_from(args))
    try:
        status = connection.status()
    finally:
        connection.close()
    paper = {"ok": "есть", "near_end": "заканчивается", "out": "нет", "unknown": "неизвестно"}[status.paper]
    state = "на связи" if status.online else "не на связи"
    sys.stdout.write(f"Принтер {args.printer}: {state}, бумага: {paper}")
    problem = status.detail_ru or status.message_ru
    sys.stdout.write(f". {problem}\n" if problem else "\n")
    return 0 if status.ready else 1


def _run_preview(args) -> int:
    from .png_render import render_png
    from .samples import sample_readings_receipt, sample_test_page, sample_ticket

    out = Path(args.out)
    outputs = {
        "ticket-58.png": (sample_ticket(), "default-58"),
        "ticket-80.png": (sample_ticket(), "default-80"),
        "readings-58.png": (sample_readings_receipt(), "default-58"),
        "readings-80.png": (sample_readings_receipt(), "default-80"),
        "test-page-80.png": (sample_test_page(), "default-80"),
    }
    for name, (document, profile_name) in outputs.items():
        path = render_png(document, get_profile(profile_name), out / name)
        log.info("Записан %s", path)
    return 0


COMMANDS = {"agent": _run_agent, "test-page": _run_test_page, "status": _run_status, "preview": _run_preview}


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m printer``; returns the process exit code."""
    args = _build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
        force=True,  # python-escpos logs through the root logger at import time and would configure it first
    )
    try:
        return COMMANDS[args.command](args)
    except (PrinterError, UnknownProfileError) as exc:
        log.error("%s", getattr(exc, "full_message_ru", exc))
        return 1


if __name__ == "__main__":
    sys.exit(main())
