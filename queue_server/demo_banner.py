"""Print where the demo lives (``make run``)."""
import argparse


def banner(host: str, port: int) -> str:
    base = f"http://{host}:{port}"
    return "\n".join([
        "",
        "Электронная очередь — демо-офис «Кузнечная»",
        f"  Терминал (киоск):   {base}/setup?token=demo-kiosk-1",
        f"  Табло зала:         {base}/setup?token=demo-board-1",
        f"  Пульт оператора:    {base}/operator   (op1…op5 / demo)",
        f"  Руководитель:       {base}/supervisor (admin / demo-admin)",
        f"  Администратор:      {base}/admin      (admin / demo-admin)",
        f"  API:                {base}/openapi.json",
        "  Чеки принтера-превью: var/print-preview/",
        "Демо-учётные записи только для показа: не используйте их в рабочем офисе.",
        "",
    ])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default=5000, type=int)
    arguments = parser.parse_args()
    print(banner(arguments.host, arguments.port))
