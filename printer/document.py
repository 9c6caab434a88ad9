"""The device-independent receipt document.

A document is plain JSON so that the queue server can store it in its
database and send it in ``print_job`` events, and any renderer (ESC/POS bytes,
PNG preview) can draw it::

    {"version": 1, "items": [
        {"type": "text", "text": "Талон", "size": "large", "bold": false, "align": "center"},
        {"type": "separator"},
        {"type": "qr", "data": "https://…/t/abc", "size": 6},
        {"type": "feed", "lines": 2},
        {"type": "cut"}
    ]}

``size``, ``bold`` and ``align`` of a text item are optional (``normal``,
``false``, ``left``); ``size`` of a QR item is the module size in dots and is
optional (the printer profile decides).
"""

from __future__ import annotations

import copy
from typing import Any, Iterable

DOCUMENT_VERSION = 1

TEXT_SIZES = ("normal", "large", "huge")
ALIGNMENTS = ("left", "center", "right")
QR_MODULE_SIZES = range(1, 17)  # what GS ( k accepts
MAX_FEED_LINES = 20
MAX_ITEMS = 500
MAX_TEXT_LENGTH = 2000
MAX_QR_DATA_LENGTH = 1000

TEXT_DEFAULTS: dict[str, Any] = {"size": "normal", "bold": False, "align": "left"}

# Allowed keys per item type; "type" is implied.
_ITEM_KEYS: dict[str, set[str]] = {
    "text": {"text", "size", "bold", "align"},
    "separator": set(),
    "qr": {"data", "size"},
    "feed": {"lines"},
    "cut": set(),
}


class DocumentError(ValueError):
    """A malformed receipt document; the message says where and what (in Russian)."""


def _is_int(value: Any) -> bool:
    # bool is an int subclass; True as a line count is a bug, not a 1.
    return isinstance(value, int) and not isinstance(value, bool)


def _check_text_item(item: dict, where: str) -> None:
    text = item.get("text")
    if not isinstance(text, str):
        raise DocumentError(f"{where}: поле text должно быть строкой")
    if len(text) > MAX_TEXT_LENGTH:
        raise DocumentError(f"{where}: текст длиннее {MAX_TEXT_LENGTH} символов")
    if item.get("size", "normal") not in TEXT_SIZES:
        raise DocumentError(f"{where}: size должен быть одним из {', '.join(TEXT_SIZES)}")
    if not isinstance(item.get("bold", False), bool):
        raise DocumentError(f"{where}: bold должен быть true или false")
    if item.get("align", "left") not in ALIGNMENTS:
        raise DocumentError(f"{where}: align должен быть одним из {', '.join(ALIGNMENTS)}")


def _check_qr_item(item: dict, where: str) -> None:
    data = item.get("data")
    if not isinstance(data, str) or not data:
        raise DocumentError(f"{where}: поле data QR-кода должно быть непустой строкой")
    if len(data) > MAX_QR_DATA_LENGTH:
        raise DocumentError(f"{where}: данные QR-кода длиннее {MAX_QR_DATA_LENGTH} символов")
    if "size" in item and not (_is_int(item["size"]) and item["size"] in QR_MODULE_SIZES):
        raise DocumentError(f"{where}: size QR-кода должен быть целым числом от 1 до 16")


def _check_feed_item(item: dict, where: str) -> None:
    lines = item.get("lines")
    if not _is_int(lines) or not 0 <= lines <= MAX_FEED_LINES:
        raise DocumentError(f"{where}: lines должно быть целым числом от 0 до {MAX_FEED_LINES}")


_ITEM_CHECKS = {"text": _check_text_item, "qr": _check_qr_item, "feed": _check_feed_item}


def validate_item(item: Any, index: int) -> None:
    """Raise :class:`DocumentError` unless ``item`` is a well-formed document item."""
    where = f"items[{index}]"
    if not isinstance(item, dict):
        raise DocumentError(f"{where}: элемент должен быть объектом")
    item_type = item.get("type")
    if item_type not in _ITEM_KEYS:
        known = ", ".join(_ITEM_KEYS)
        raise DocumentError(f"{where}: неизвестный тип элемента {item_type!r} (допустимы: {known})")
    unknown_keys = set(item) - _ITEM_KEYS[item_type] - {"type"}
    if unknown_keys:
        # Strict on purpose: a typo like "algin" would otherwise print silently wrong.
        raise DocumentError(f"{where}: лишние поля {', '.join(sorted(unknown_keys))} у элемента {item_type}")
    check = _ITEM_CHECKS.get(item_type)
    if check:
        check(item, where)


def validate_document(data: Any) -> None:
    """Raise :class:`DocumentError` unless ``data`` is a well-formed version-1 document dict."""
    if not isinstance(data, dict):
        raise DocumentError("документ должен быть объектом с полями version и items")
    if data.get("version") != DOCUMENT_VERSION:
        raise DocumentError(f"неподдерживаемая версия документа {data.get('version')!r} (ожидается 1)")
    unknown_keys = set(data) - {"version", "items"}
    if unknown_keys:
        raise DocumentError(f"лишние поля документа: {', '.join(sorted(unknown_keys))}")
    items = data.get("items")
    if not isinstance(items, list):
        raise DocumentError("поле items должно быть списком")
    if len(items) > MAX_ITEMS:
        raise DocumentError(f"в документе больше {MAX_ITEMS} элементов")
    for index, item in enumerate(items):
        validate_item(item, index)


def normalized_items(data: dict) -> list[dict]:
    """Items of a valid document with the optional text fields filled in."""
    items = []
    for item in data["items"]:
        if item["type"] == "text":
            item = {**TEXT_DEFAULTS, **item}
        items.append(item)
    return items


class Document:
    """Builder of a receipt document: ``Document().text("Талон").qr(url).cut().to_dict()``."""

    def __init__(self, items: Iterable[dict] | None = None) -> None:
        self._items: list[dict] = [dict(item) for item in items or ()]

    def text(self, text: str, *, size: str = "normal", bold: bool = False, align: str = "left") -> "Document":
        """Add a paragraph; the renderer wraps it to the paper width."""
        return self._add({"type": "text", "text": text, "size": size, "bold": bold, "align": align})

    def separator(self) -> "Document":
        """Add a full-width dashed line."""
        return self._add({"type": "separator"})

    def qr(self, data: str, *, size: int | None = None) -> "Document":
        """Add a centred QR code; ``size`` is the module size in dots (profile default if None)."""
        item: dict[str, Any] = {"type": "qr", "data": data}
        if size is not None:
            item["size"] = size
        return self._add(item)

    def feed(self, lines: int = 1) -> "Document":
        """Add ``lines`` empty lines."""
        return self._add({"type": "feed", "lines": lines})

    def cut(self) -> "Document":
        """Feed the paper past the cutter and cut."""
        return self._add({"type": "cut"})

    def _add(self, item: dict) -> "Document":
        # Validate as we build, so a layout bug fails where it is made, not at the printer.
        validate_item(item, len(self._items))
        self._items.append(item)
        return self

    @property
    def items(self) -> list[dict]:
        """A copy of the items added so far."""
        return copy.deepcopy(self._items)

    def to_dict(self) -> dict:
        """The JSON-serialisable document."""
        # Items are flat dicts of plain values: a shallow copy of each is a full copy.
        return {"version": DOCUMENT_VERSION, "items": [dict(item) for item in self._items]}

    @classmethod
    def from_dict(cls, data: Any) -> "Document":
        """Build from a dict (e.g. from JSON), raising :class:`DocumentError` if it is malformed."""
        validate_document(data)
        return cls(normalized_items(data))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Document) and self._items == other._items

    def __repr__(self) -> str:
        return f"Document({len(self._items)} items)"
