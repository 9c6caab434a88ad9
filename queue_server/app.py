"""The application factory: configuration, database, blueprints, Socket.IO."""
import logging
from datetime import timedelta

from flask import Flask, jsonify, render_template, request
from flask_socketio import SocketIO
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from .config import Config, load_or_create_secret_key, offset_clock
from .db import ConnectionPool, close_db, connect
from .errors import QueueError
from .realtime import Hub, register_handlers
from .schema import migrate
from .seed import seed_branches
from .timeutil import utcnow
from .wording import register_filters

log = logging.getLogger(__name__)

HTTP_MESSAGES = {
    400: "Некорректный запрос.",
    404: "Не найдено.",
    405: "Этот метод не поддерживается по этому адресу.",
    413: "Слишком большой запрос.",
    415: "Нужен формат JSON.",
}


def create_app(config: Config | None = None, *, clock=utcnow) -> Flask:
    """Build the queue server app; ``clock`` returns the current aware UTC datetime."""
    config = config or Config.from_environ()
    if config.clock_offset_file:
        clock = offset_clock(config.clock_offset_file, clock)
    app = Flask(__name__, template_folder="../templates", static_folder="static")
    app.config.update(
        QUEUE=config,
        CLOCK=clock,
        SECRET_KEY=config.secret_key or load_or_create_secret_key(config.database_path),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="queue_session",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=14),
        MAX_CONTENT_LENGTH=256 * 1024,
        TESTING=config.testing,
    )
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    db = connect(config.database_path)
    try:
        migrate(db)
        seed_branches(db)
    finally:
        db.conn.close()
    app.extensions["queue_db_pool"] = ConnectionPool(config.database_path)
    app.teardown_appcontext(close_db)

    # Ids in URLs beyond SQLite's integer range are simply "not found", never a 500.
    app.url_map.converters["int"] = BoundedIdConverter
    from .api import api
    from .pages import guard_device_blueprint, pages
    from .console import console
    app.register_blueprint(api)
    app.register_blueprint(pages)
    from kiosk.web import kiosk_blueprint
    app.register_blueprint(kiosk_blueprint)
    app.register_blueprint(console)
    from .supervisor import supervisor
    app.register_blueprint(supervisor)
    from .admin import admin as admin_blueprint
    app.register_blueprint(admin_blueprint)
    from display_board.web import board_web
    app.register_blueprint(board_web)
    guard_device_blueprint(app, "board_web", "board")
    _register_error_handlers(app)
    register_filters(app)

    socketio = SocketIO(app, async_mode=config.async_mode,
                        ping_interval=10, ping_timeout=10)
    hub = Hub(socketio)
    app.extensions["queue_hub"] = hub
    register_handlers(socketio, hub)
    from .printing import register_print_handlers
    register_print_handlers(socketio, hub)
    from .openapi import register_openapi
    register_openapi(app)
    return app


class BoundedIdConverter(IntegerConverter):
    """``<int:…>`` that matches only ids SQLite can store (a larger number is a 404)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(url_map, *args, **kwargs)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/openapi.json"


def _register_error_handlers(app: Flask) -> None:
    @app.errorhandler(QueueError)
    def queue_error(error: QueueError):
        if _wants_json():
            return jsonify(error.to_json()), error.status
        return render_template("pages/error.html", message=error.message), error.status

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        message = HTTP_MESSAGES.get(error.code, "Запрос не может быть выполнен.")
        if _wants_json():
            body = {"error": {"code": error.name.lower().replace(" ", "_"), "message": message,
                              "fields": {}}}
            return jsonify(body), error.code
        return render_template("pages/error.html", message=message), error.code

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("необработанная ошибка")
        message = "Внутренняя ошибка сервера. Повторите попытку или сообщите администратору."
        if _wants_json():
            return jsonify({"error": {"code": "internal", "message": message, "fields": {}}}), 500
        return render_template("pages/error.html", message=message), 500
