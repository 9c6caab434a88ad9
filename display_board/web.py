"""The web board (``/board``) for smart TVs and Chromium: the same phrases and
voice clips as the pygame board, served to a page that listens on Socket.IO.

This blueprint knows nothing of the queue server: the app factory that
registers it decides who may open it (``before_request``).
"""
from pathlib import Path

from flask import Blueprint, abort, jsonify, render_template, request, send_from_directory

from .phrase import clip_plan
from .voice_pack import clip_paths

VOICE_DIR = Path(__file__).resolve().parent / "voice"

board_web = Blueprint("board_web", __name__, static_folder="static",
                      static_url_path="/board/static")


@board_web.get("/board")
def board_page():
    return render_template("board/board.html")


@board_web.get("/board/announcement")
def announcement():
    """The phrase and the clip URLs for one call: ``?label=Б027&window=3``."""
    label = request.args.get("label", "")
    window = request.args.get("window", type=int)
    place = request.args.get("place", "window")
    try:
        plan = clip_plan(label, window, place if place in ("window", "cabinet") else "window")
    except ValueError:
        abort(400)
    available = clip_paths(VOICE_DIR)
    plan["urls"] = [f"/board/voice/{available[name].name}" for name in plan["clips"] if name in available]
    return jsonify(plan)


@board_web.get("/board/voice/<path:filename>")
def voice_clip(filename):
    return send_from_directory(VOICE_DIR, filename, mimetype="audio/wav", max_age=86400)


FONT_DIR = Path(__file__).resolve().parent / "fonts"


@board_web.get("/board/fonts/<path:filename>")
def font(filename):
    """The same TTF the pygame board draws with (no font from the internet)."""
    return send_from_directory(FONT_DIR, filename, max_age=86400)
