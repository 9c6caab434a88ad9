"""Errors that reach people: a code for programs, a Russian message for people.

Domain functions raise :class:`QueueError` subclasses; the API turns them into
``{"error": {"code", "message", "fields"}}`` with the matching 4xx status.
"""


class QueueError(Exception):
    """A refused request: nothing was changed."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, fields: dict | None = None,
                 status: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code or self.code
        self.fields = fields or {}
        self.status = status or self.status

    def to_json(self) -> dict:
        return {"error": {"code": self.code, "message": self.message, "fields": self.fields}}


class BadRequest(QueueError):
    status = 400
    code = "bad_request"


class Unauthorized(QueueError):
    status = 401
    code = "unauthorized"


class Forbidden(QueueError):
    status = 403
    code = "forbidden"


class NotFound(QueueError):
    status = 404
    code = "not_found"


class Conflict(QueueError):
    status = 409
    code = "conflict"


class Unprocessable(QueueError):
    status = 422
    code = "invalid"


class TooManyRequests(QueueError):
    status = 429
    code = "too_many_requests"
