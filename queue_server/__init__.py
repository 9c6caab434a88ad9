"""Queue server: tickets, windows, calling policy, REST API and Socket.IO pushes."""


def create_app(*args, **kwargs):
    """The application factory (imported lazily so that ``python -m queue_server
    serve`` can patch the standard library for eventlet before Flask loads)."""
    from .app import create_app as factory
    return factory(*args, **kwargs)


__all__ = ["create_app"]
