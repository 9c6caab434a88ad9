"""The REST API (``/api/v1``): one blueprint, one module per resource."""
from flask import Blueprint

api = Blueprint("api", __name__, url_prefix="/api/v1")

# Route modules attach their views to ``api`` when imported.
from . import auth_routes, console_support, offices, public, readings, tickets, windows, print_jobs, reports, admin_routes  # noqa: E402,F401
