"""The board speaks only the protocol: no server code, and a pure model for the web board."""

import ast
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

PACKAGE = REPO_ROOT / "display_board"


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_nothing_of_queue_server_or_flask_is_imported():
    """The board runs on another machine: it never imports the server. Only the web
    board blueprint (``web.py``, registered by the server's app factory) uses Flask."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        forbidden = {"queue_server", "kiosk", "printer", "flask_socketio"}
        if path.name != "web.py":
            forbidden.add("flask")
        offenders += [(path.name, module) for module in imported_modules(path)
                      if module.split(".")[0] in forbidden]
    assert offenders == []


def test_model_and_phrase_need_neither_pygame_nor_socketio():
    code = ("import sys, display_board.model, display_board.phrase; "
            "print(sorted(m for m in ('pygame', 'socketio', 'engineio', 'flask') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
