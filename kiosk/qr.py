"""QR codes drawn as SVG on the server (the office is offline: no QR web services)."""
import base64

import qrcode
import qrcode.constants

QUIET_ZONE_MODULES = 2  # the white tile around the code adds the rest of the margin


def qr_svg(text: str) -> str:
    """An SVG QR code of ``text``: white background, black modules, crisp edges.

    Each row's dark runs become one rectangle, which keeps the SVG small
    enough to inline a dozen codes on the information screen.
    """
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M,
                         border=QUIET_ZONE_MODULES)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                runs.append(f"M{start},{y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
            f'shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/>'
            f'<path fill="#000" d="{"".join(runs)}"/></svg>')


def qr_data_uri(text: str) -> str:
    """The QR code as a ``data:`` URI for an ``<img src>`` (no request, no network)."""
    encoded = base64.b64encode(qr_svg(text).encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"
