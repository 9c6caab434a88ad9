"""Printer errors and status with Russian messages for people at the kiosk."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PaperState = Literal["ok", "near_end", "out", "unknown"]

# Short reasons, shown on the kiosk screen and to the supervisor.
MESSAGES_RU = {
    "not_found": "Принтер не найден",
    "permission": "Нет прав на USB-устройство",
    "offline": "Принтер не отвечает (offline)",
    "paper_out": "Закончилась бумага",
    "cover_open": "Открыта крышка принтера",
    "busy": "Принтер занят другой программой",
    "bad_uri": "Неверный адрес принтера",
    "dependency": "Не установлен компонент для работы с принтером",
    "io": "Ошибка связи с принтером",
}

USB_PERMISSION_HINT_RU = (
    "Установите правило udev deploy/raspberry/99-escpos.rules "
    "(sudo cp deploy/raspberry/99-escpos.rules /etc/udev/rules.d/ && "
    "sudo udevadm control --reload && sudo udevadm trigger), добавьте пользователя "
    "агента в группу lp (sudo usermod -aG lp $USER), затем войдите заново "
    "и переподключите принтер."
)


class PrinterError(Exception):
    """A printer problem. ``code`` is for programs, ``message_ru`` for people, ``hint_ru`` for the installer."""

    def __init__(self, code: str, detail: str | None = None, *, message_ru: str | None = None, hint_ru: str | None = None):
        self.code = code
        self.message_ru = message_ru or MESSAGES_RU.get(code, MESSAGES_RU["io"])
        self.detail = detail
        self.hint_ru = hint_ru
        super().__init__(self.full_message_ru)

    @property
    def full_message_ru(self) -> str:
        """The reason, the technical detail and the hint, for logs and the console."""
        parts = [self.message_ru]
        if self.detail:
            parts.append(f"({self.detail})")
        text = " ".join(parts)
        if self.hint_ru:
            text += f". {self.hint_ru}"
        return text


class PrinterUriError(PrinterError):
    """A printer URI that cannot be used; ``message_ru`` says what is wrong with it."""

    def __init__(self, uri: str, problem_ru: str):
        super().__init__("bad_uri", message_ru=f"Неверный адрес принтера «{uri}»: {problem_ru}")
        self.uri = uri


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said about itself; ``message_ru`` explains a problem, None when all is well."""

    online: bool
    paper: PaperState = "unknown"
    message_ru: str | None = None
    code: str | None = None
    detail_ru: str | None = None  # the reason with technical detail and hint, for logs and installers

    @property
    def ready(self) -> bool:
        """True when a job can be sent now (an unknown state counts as ready: we cannot do better)."""
        return self.online and self.paper != "out"

    @classmethod
    def from_error(cls, error: PrinterError) -> "PrinterStatus":
        """The status of a printer that could not be asked because of ``error``."""
        paper: PaperState = "out" if error.code == "paper_out" else "unknown"
        return cls(
            online=False, paper=paper, message_ru=error.message_ru, code=error.code, detail_ru=error.full_message_ru
        )


UNKNOWN_STATUS = PrinterStatus(online=True, paper="unknown")
