"""scripts/merge_records.py: many completion records in, one training register out, every
check code verified, and nothing written if any record is refused."""
from __future__ import annotations

import csv
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

SCRIPT = ROOT / "scripts" / "merge_records.py"
_spec = importlib.util.spec_from_file_location("merge_records", SCRIPT)
merge_records = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(merge_records)


def signed(record: dict) -> dict:
    """The record with the check code the certificate page would give it."""
    row = merge_records.from_json(json.dumps({**record, "check_code": ""}))
    return {**record, "check_code": merge_records.check_code(row)}


GOOD = signed({
    "format": "safe-and-kind-online/completion-record", "version": 2, "name": "Mr Tom Reid", "school": "Oakfield Primary",
    "track": "School staff", "modules": ["Module 1", "Module 2"],
    "assessment": {"attempts": 2, "first_score": 12, "best_score": 16, "total": 18, "pass_mark": 15, "pass_percent": 80},
    "completed_on": "2026-11-20", "minutes_spent": 140, "stated_minutes": 180, "under_a_quarter_of_stated_time": False})


def merge(tmp_path: Path, *records: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, records), "-o", str(tmp_path / "register.csv")],
                          capture_output=True, text=True)


def write(tmp_path: Path, name: str, data) -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_records_merge_into_one_register(tmp_path):
    first = write(tmp_path, "a.json", GOOD)
    second = write(tmp_path, "b.json", signed({**GOOD, "name": "Ms Priya Shah", "track": "School leaders"}))
    result = merge(tmp_path, first, second)
    assert result.returncode == 0 and "Wrote 2 record(s)" in result.stdout and "check code verified" in result.stdout
    rows = list(csv.DictReader((tmp_path / "register.csv").open(encoding="utf-8")))
    assert [(r["name"], r["track"], r["attempts"], r["first_score"], r["best_score"]) for r in rows] == [
        ("Ms Priya Shah", "School leaders", "2", "12", "16"), ("Mr Tom Reid", "School staff", "2", "12", "16")]


def test_a_merged_register_row_is_itself_a_valid_csv_record(tmp_path):
    merge(tmp_path, write(tmp_path, "a.json", GOOD))
    again = tmp_path / "again"
    again.mkdir()
    assert merge(again, tmp_path / "register.csv").returncode == 0


@pytest.mark.parametrize("data, message", [
    ("{not json", "not valid JSON (line 1"),
    ({**GOOD, "format": "something-else"}, "not a completion record"),
    ({**GOOD, "version": 1}, "made by an older version of the course, without a check code"),
    (signed({**GOOD, "name": ""}), "the record has no name"),
    (signed({**GOOD, "completed_on": "yesterday"}), "`completed_on` should be a date"),
    (signed({**GOOD, "assessment": {**GOOD["assessment"], "best_score": 12}}), "the best score 12 of 18 is not a pass"),
    (signed({**GOOD, "assessment": {**GOOD["assessment"], "best_score": "ten"}}), "attempts, first_score, best_score, total, pass_mark, minutes_spent, stated_minutes should be whole numbers"),
    ({**GOOD, "assessment": {**GOOD["assessment"], "best_score": 18}}, "the check code does not match the record"),
    ({**GOOD, "name": "Mr Tom Read"}, "the check code does not match the record"),
    ({**GOOD, "check_code": "0000-0000"}, "the check code does not match the record"),
    ("name,track\nA,B\n", "a CSV record has a header row"),
], ids=["broken-json", "wrong-format", "old-version", "no-name", "bad-date", "not-a-pass", "not-a-number",
        "score-edited", "name-mistyped", "code-mistyped", "bad-csv"])
def test_a_malformed_or_changed_record_is_refused_and_nothing_is_written(tmp_path, data, message):
    good, bad = write(tmp_path, "good.json", GOOD), write(tmp_path, "bad.json", data)
    result = merge(tmp_path, good, bad)
    assert result.returncode == 1
    assert f"{bad}: {message}" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "register.csv").exists()
