"""Schema migrations, idempotent init, demo seed, branch contacts, backup."""
import json
import sqlite3
import subprocess

from queue_server.db import connect
from queue_server.schema import MIGRATIONS, migrate
from queue_server.seed import seed_branches, seed_demo
from tests.live import PYTHON, ROOT


def run_cli(*args, env):
    return subprocess.run([PYTHON, "-m", "queue_server", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_init_is_idempotent_and_backup_is_consistent(tmp_path):
    import os
    env = {**os.environ, "QUEUE_DB": str(tmp_path / "q.sqlite3")}
    first = run_cli("init", "--demo", env=env)
    assert first.returncode == 0, first.stderr
    assert "Демо-офис создан." in first.stdout
    second = run_cli("init", "--demo", env=env)
    assert "уже есть" in second.stdout
    db = sqlite3.connect(tmp_path / "q.sqlite3")
    assert db.execute("SELECT COUNT(*) FROM offices").fetchone()[0] == 2
    assert db.execute("SELECT COUNT(*) FROM staff").fetchone()[0] == 6
    assert db.execute("SELECT COUNT(*) FROM branches").fetchone()[0] == 6
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    backup = run_cli("backup", str(tmp_path / "copy" / "b.sqlite3"), env=env)
    assert backup.returncode == 0, backup.stderr
    copy = sqlite3.connect(tmp_path / "copy" / "b.sqlite3")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT COUNT(*) FROM windows WHERE office_id = 1").fetchone()[0] == 5


def test_migrations_apply_in_order_once(tmp_path):
    db = connect(str(tmp_path / "m.sqlite3"))
    assert migrate(db) == len(MIGRATIONS)
    assert migrate(db) == len(MIGRATIONS)
    assert db.conn.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == len(MIGRATIONS)
    assert db.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_branch_contacts_from_the_standard(db):
    rows = {row["code"]: dict(row) for row in db.conn.execute("SELECT * FROM branches")}
    assert set(rows) == {"oren", "ekb", "kirov", "udm", "ivanovo", "vladimir"}
    ekb = rows["ekb"]
    assert ekb["postal_address"] == "620075, г. Екатеринбург, ул. Кузнечная, 92"
    assert ekb["phone_individuals"] == "8-800-700-10-32"
    assert ekb["phone_business"] == "8-800-600-03-90"
    assert ekb["fax"] == "+7 (343) 355-03-06"
    links = json.loads(ekb["links"])
    assert links["chat_bot"][0] == "https://t.me/Esplusbot"
    assert links["personal_account"] == "https://lkm.esplus.ru/welcome/"
    assert links["offices_page"] == "https://ekb.esplus.ru/offices/"
    assert rows["kirov"]["phone_individuals"] == "8-800-100-75-30"
    assert rows["vladimir"]["fax"] is None
    assert json.loads(rows["ivanovo"]["links"])["offices_page"].endswith("/contacts/service_offices/")


def test_demo_seed_is_idempotent(db):
    seed_branches(db)
    assert seed_demo(db) is False
    services = db.conn.execute("SELECT letter, audience FROM services WHERE office_id = 1").fetchall()
    letters = [row["letter"] for row in services]
    assert letters == ["А", "Б", "В", "Г", "Д", "Е", "К", "Л"]
    assert {row["audience"] for row in services} == {"individual", "business", "all"}
    levels = db.conn.execute("SELECT DISTINCT level FROM window_services").fetchall()
    assert {row["level"] for row in levels} == {"primary", "secondary"}
    meters = db.conn.execute(
        "SELECT a.number, m.zones FROM meters m JOIN accounts a ON a.id = m.account_id").fetchall()
    assert {(row["number"], row["zones"]) for row in meters} == {
        ("1000000001", '["T1"]'), ("1000000002", '["T1", "T2"]')}
