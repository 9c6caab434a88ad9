"""`python -m printer` commands for installers."""

import subprocess
import sys
from pathlib import Path

import pytest

from printer.__main__ import main

pytestmark = pytest.mark.timeout(30)

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_test_page_goes_to_the_printer(tmp_path):
    assert main(["test-page", "--printer", f"preview://{tmp_path}", "--profile", "default-58"]) == 0
    data = (tmp_path / "test-page.bin").read_bytes()
    assert "Кириллица:".encode("cp866") in data
    assert (tmp_path / "test-page.png").exists()


def test_test_page_with_another_code_page_number(fake_printer):
    assert main(["test-page", "--printer", fake_printer.uri, "--codepage", "46"]) == 0
    assert fake_printer.wait_for(b"\x1dV")
    assert b"\x1bt\x2e" in fake_printer.received


def test_status_command_exit_code_tells_whether_the_printer_is_ready(fake_printer, capsys):
    assert main(["status", "--printer", fake_printer.uri]) == 0
    assert "на связи, бумага: есть" in capsys.readouterr().out
    fake_printer.paper_out = True
    assert main(["status", "--printer", fake_printer.uri]) == 1
    assert "Закончилась бумага" in capsys.readouterr().out


def test_a_bad_printer_uri_is_a_clear_error_not_a_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "printer", "test-page", "--printer", "usb://nonsense"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Неверный адрес принтера «usb://nonsense»" in result.stderr
    assert "Traceback" not in result.stderr


def test_agent_without_a_token_refuses_to_start(monkeypatch):
    monkeypatch.delenv("PRINTER_AGENT_TOKEN", raising=False)
    assert main(["agent", "--server", "http://127.0.0.1:1", "--printer", "dummy"]) == 2
