"""``python -m queue_server …`` — see ``cli.py`` for the commands.

The green-thread servers must patch the standard library before anything else
imports it, so ``serve`` does that here, first.
"""
import os
import sys
import warnings


def _patch_for_async_mode() -> None:
    if len(sys.argv) < 2 or sys.argv[1] != "serve":
        return
    mode = os.environ.get("QUEUE_ASYNC_MODE", "eventlet")
    if mode == "eventlet":
        # eventlet is in maintenance mode and says so on import; that notice only.
        warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
        import eventlet
        eventlet.monkey_patch()
    elif mode == "gevent":
        from gevent import monkey
        monkey.patch_all()


_patch_for_async_mode()

from queue_server.cli import cli  # noqa: E402

if __name__ == "__main__":
    cli(prog_name="python -m queue_server")
