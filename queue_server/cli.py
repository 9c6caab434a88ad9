"""Command line: init, serve, backup."""
import logging
import sys

import click

from .config import Config
from .db import backup as backup_database
from .db import connect
from .schema import migrate
from .seed import demo_credentials_present, seed_branches, seed_demo

log = logging.getLogger("queue_server")


@click.group()
def cli():
    """Электронная очередь офиса обслуживания."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


@cli.command()
@click.option("--demo", is_flag=True, help="Создать демонстрационный офис, сотрудников и устройства.")
def init(demo):
    """Создать или обновить базу данных ($QUEUE_DB)."""
    config = Config.from_environ()
    db = connect(config.database_path)
    try:
        version = migrate(db)
        seed_branches(db)
        created = seed_demo(db) if demo else False
    finally:
        db.conn.close()
    click.echo(f"База данных {config.database_path}: схема версии {version}.")
    if demo:
        click.echo("Демо-офис создан." if created else "Демо-офис уже есть — ничего не изменено.")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def serve(host, port):
    """Запустить сервер очереди."""
    from .app import create_app
    from .housekeeping import start_housekeeping

    config = Config.from_environ()
    app = create_app(config)
    db = connect(config.database_path)
    try:
        if demo_credentials_present(db):
            log.warning("Есть демонстрационные учётные записи и токены (admin/demo-admin, op1…op5/demo, "
                        "demo-kiosk-1, demo-board-1): не используйте их в рабочем офисе.")
    finally:
        db.conn.close()
    socketio = app.extensions["socketio"]
    start_housekeeping(app)
    log.info("Сервер очереди: http://%s:%s (async_mode=%s)", host, port, config.async_mode)
    socketio.run(app, host=host, port=port, log_output=False,
                 allow_unsafe_werkzeug=config.async_mode == "threading")


@cli.command()
@click.argument("path")
def backup(path):
    """Сделать согласованную копию работающей базы в PATH."""
    config = Config.from_environ()
    backup_database(config.database_path, path)
    click.echo(f"Копия базы записана: {path}")


@cli.command("export-readings")
@click.option("--since", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="С какой даты (ГГГГ-ММ-ДД, по местному времени офиса).")
@click.option("--format", "output_format", type=click.Choice(["csv"]), default="csv", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False), default=None,
              help="Файл для выгрузки (по умолчанию — стандартный вывод).")
def export_readings(since, output_format, output):
    """Выгрузить принятые показания для биллинга (номер счёта полностью)."""
    from .readings_export import export_csv

    config = Config.from_environ()
    db = connect(config.database_path)
    try:
        text = export_csv(db, since.date())
    finally:
        db.conn.close()
    if output:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        click.echo(f"Показания выгружены: {output}", err=True)
    else:
        click.echo(text, nl=False)


def main():
    cli(prog_name="python -m queue_server")


if __name__ == "__main__":
    sys.exit(main())
