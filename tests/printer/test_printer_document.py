import json

import pytest

from printer.document import Document, DocumentError, validate_document


def test_builder_produces_the_json_shape_of_the_contract():
    document = Document().text("Талон", size="large", align="center").separator().qr("http://x/t/1", size=5).feed(2).cut()
    data = document.to_dict()
    assert data == {
        "version": 1,
        "items": [
            {"type": "text", "text": "Талон", "size": "large", "bold": False, "align": "center"},
            {"type": "separator"},
            {"type": "qr", "data": "http://x/t/1", "size": 5},
            {"type": "feed", "lines": 2},
            {"type": "cut"},
        ],
    }
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_from_dict_fills_text_defaults_and_round_trips():
    data = {"version": 1, "items": [{"type": "text", "text": "Привет"}, {"type": "qr", "data": "x"}]}
    document = Document.from_dict(data)
    assert document.items[0] == {"type": "text", "text": "Привет", "size": "normal", "bold": False, "align": "left"}
    assert Document.from_dict(document.to_dict()) == document


@pytest.mark.parametrize(
    "data, message_part",
    [
        (None, "объектом"),
        ({"items": []}, "версия"),
        ({"version": 2, "items": []}, "версия"),
        ({"version": 1}, "items"),
        ({"version": 1, "items": {}}, "items"),
        ({"version": 1, "items": [], "extra": 1}, "лишние поля документа"),
        ({"version": 1, "items": ["text"]}, "items[0]: элемент должен быть объектом"),
        ({"version": 1, "items": [{"type": "barcode"}]}, "items[0]: неизвестный тип"),
        ({"version": 1, "items": [{"type": "text"}]}, "items[0]: поле text"),
        ({"version": 1, "items": [{"type": "text", "text": 5}]}, "поле text"),
        ({"version": 1, "items": [{"type": "cut"}, {"type": "text", "text": "a", "size": "xl"}]}, "items[1]: size"),
        ({"version": 1, "items": [{"type": "text", "text": "a", "bold": "yes"}]}, "bold"),
        ({"version": 1, "items": [{"type": "text", "text": "a", "algin": "center"}]}, "лишние поля algin"),
        ({"version": 1, "items": [{"type": "text", "text": "a", "align": "middle"}]}, "align"),
        ({"version": 1, "items": [{"type": "qr", "data": ""}]}, "data QR-кода"),
        ({"version": 1, "items": [{"type": "qr", "data": "x", "size": 17}]}, "size QR-кода"),
        ({"version": 1, "items": [{"type": "feed", "lines": True}]}, "lines"),
        ({"version": 1, "items": [{"type": "feed", "lines": 99}]}, "lines"),
        ({"version": 1, "items": [{"type": "separator", "width": 3}]}, "лишние поля width"),
    ],
)
def test_malformed_documents_are_rejected_with_a_clear_message(data, message_part):
    with pytest.raises(DocumentError) as error:
        Document.from_dict(data)
    assert message_part in str(error.value)


def test_builder_rejects_a_bad_item_where_it_is_made():
    with pytest.raises(DocumentError, match="size"):
        Document().text("Талон", size="gigantic")


def test_validate_document_accepts_a_valid_document():
    data = Document().text("a").cut().to_dict()
    assert validate_document(data) is None
