"""Receipts for the queue system: documents, ESC/POS and PNG rendering, printer connections, print agent.

The queue server builds documents with :mod:`printer.layouts` and sends them
to kiosks; it never imports printing hardware code. This package imports
nothing from ``queue_server``.
"""

from .document import Document, DocumentError, validate_document
from .errors import PrinterError, PrinterStatus, PrinterUriError
from .layouts import readings_receipt_document, test_page_document, ticket_document
from .plural import plural
from .profiles import PROFILES, PrinterProfile, get_profile

__all__ = [
    "Document",
    "DocumentError",
    "validate_document",
    "PrinterError",
    "PrinterStatus",
    "PrinterUriError",
    "ticket_document",
    "readings_receipt_document",
    "test_page_document",
    "plural",
    "PROFILES",
    "PrinterProfile",
    "get_profile",
]
