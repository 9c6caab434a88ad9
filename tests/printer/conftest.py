"""Fixtures of the printer tests: a fake network printer and a fake queue server."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
# The tests import the project's `printer` package and their helper modules
# (fake_printer, fake_queue_server) whether or not a root conftest or pytest
# config puts these folders on sys.path.
for folder in (REPO_ROOT, Path(__file__).resolve().parent):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from fake_printer import FakePrinter  # noqa: E402
from fake_queue_server import FakeQueueServer  # noqa: E402


@pytest.fixture
def fake_printer():
    with FakePrinter() as printer:
        yield printer


@pytest.fixture
def queue_server():
    with FakeQueueServer() as server:
        yield server
