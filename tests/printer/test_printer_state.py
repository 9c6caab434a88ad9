"""The agent's durable record of printed jobs and its state-folder lock."""

import json

import pytest

from printer.state import PrintedJobs, StateDirLock, StateDirLockedError, job_fingerprint

DOCUMENT = {"version": 1, "items": [{"type": "text", "text": "А001"}, {"type": "cut"}]}


def test_printed_jobs_survive_a_restart(tmp_path):
    fingerprint = job_fingerprint("ticket", DOCUMENT)
    PrintedJobs(tmp_path).mark_printed(7, fingerprint, "ticket")
    reopened = PrintedJobs(tmp_path)
    assert reopened.was_printed(7, fingerprint)
    assert not reopened.was_printed(8, fingerprint)
    assert not list(tmp_path.glob("*.tmp"))  # the temporary file was renamed into place


def test_same_id_with_other_content_is_not_taken_for_a_duplicate(tmp_path):
    # A re-created server database numbers its jobs from 1 again.
    record = PrintedJobs(tmp_path)
    record.mark_printed(1, job_fingerprint("ticket", DOCUMENT), "ticket")
    other = job_fingerprint("ticket", {"version": 1, "items": [{"type": "text", "text": "Б001"}]})
    assert not record.was_printed(1, other)
    assert record.known_with_other_content(1, other)


def test_fingerprint_ignores_key_order():
    reordered = {"items": [{"text": "А001", "type": "text"}, {"type": "cut"}], "version": 1}
    assert job_fingerprint("ticket", DOCUMENT) == job_fingerprint("ticket", reordered)


def test_a_damaged_record_is_set_aside_and_a_new_one_started(tmp_path):
    (tmp_path / "printed-jobs.json").write_text("{not json")
    record = PrintedJobs(tmp_path)
    assert len(record) == 0
    assert list(tmp_path.glob("printed-jobs.broken-*"))
    record.mark_printed(1, "x")
    assert json.loads((tmp_path / "printed-jobs.json").read_text())["printed"]["1"]["fingerprint"] == "x"


def test_two_agents_cannot_share_a_state_folder(tmp_path):
    first = StateDirLock(tmp_path)
    first.acquire()
    try:
        with pytest.raises(StateDirLockedError, match="другой агент печати"):
            StateDirLock(tmp_path).acquire()
    finally:
        first.release()
    second = StateDirLock(tmp_path)
    second.acquire()  # free again once the first agent is gone
    second.release()
