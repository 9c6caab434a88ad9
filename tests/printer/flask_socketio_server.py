"""A Flask-SocketIO server speaking the print-job contract, run as a separate process.

Usage: python flask_socketio_server.py ASYNC_MODE TOKEN JOBS_JSON [PORT]
Prints "PORT <n>" when listening, then a JSON line per ``print_result``. It
sends every job of JOBS_JSON (a list of print_job payloads) not yet answered
``ok`` to the device on each connect, like queue_server does. Run in its own
process because eventlet monkey-patches the interpreter.
"""

import json
import sys

ASYNC_MODE, TOKEN, JOBS = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])

if ASYNC_MODE == "eventlet":
    import warnings

    warnings.filterwarnings("ignore", category=DeprecationWarning)
    import eventlet

    eventlet.monkey_patch()

from flask import Flask  # noqa: E402
from flask_socketio import SocketIO, emit  # noqa: E402

app = Flask(__name__)
socketio = SocketIO(app, async_mode=ASYNC_MODE, logger=False, engineio_logger=False)
unacknowledged = {job["id"]: job for job in JOBS}


@socketio.on("connect")
def on_connect(auth):
    if not isinstance(auth, dict) or auth.get("token") != TOKEN:
        print(json.dumps({"refused": True}), flush=True)
        return False
    # Emitting from the connect handler is what a Flask-SocketIO server naturally does.
    for job in list(unacknowledged.values()):
        emit("print_job", job)
    return True


@socketio.on("print_result")
def on_print_result(data):
    print(json.dumps(data, ensure_ascii=False), flush=True)
    if data.get("ok") is True:
        unacknowledged.pop(data.get("id"), None)


if __name__ == "__main__":
    import socket

    if len(sys.argv) > 4:
        port = int(sys.argv[4])
    else:
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
    print(f"PORT {port}", flush=True)
    socketio.run(app, host="127.0.0.1", port=port, log_output=False, allow_unsafe_werkzeug=True)
