"""scripts/merge_records.py: many completion records in, one training register out."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

SCRIPT = ROOT / "scripts" / "merge_records.py"
GOOD = {"format": "safe-and-kind-online/completion-record", "version": 1, "name": "Mr Tom Reid",
        "track": "School staff", "modules": ["Module 1", "Module 2"],
        "assessment": {"score": 10, "total": 12, "pass_mark": 8}, "completed_on": "2026-11-20", "minutes_spent": 140}


def merge(tmp_path: Path, *records: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, records), "-o", str(tmp_path / "register.csv")],
                          capture_output=True, text=True)


def write(tmp_path: Path, name: str, data) -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_records_merge_into_one_register(tmp_path):
    first = write(tmp_path, "a.json", GOOD)
    second = write(tmp_path, "b.json", {**GOOD, "name": "Ms Priya Shah", "track": "School leaders"})
    result = merge(tmp_path, first, second)
    assert result.returncode == 0 and "Wrote 2 record(s)" in result.stdout
    rows = list(csv.DictReader((tmp_path / "register.csv").open(encoding="utf-8")))
    assert [(r["name"], r["track"], r["score"]) for r in rows] == [
        ("Ms Priya Shah", "School leaders", "10"), ("Mr Tom Reid", "School staff", "10")]


@pytest.mark.parametrize("data, message", [
    ("{not json", "not valid JSON (line 1"),
    ({**GOOD, "format": "something-else"}, "not a completion record"),
    ({**GOOD, "name": ""}, "the record has no name"),
    ({**GOOD, "completed_on": "yesterday"}, "`completed_on` should be a date"),
    ({**GOOD, "assessment": {"score": 5, "total": 12, "pass_mark": 8}}, "the score 5 of 12 is not a pass"),
    ({**GOOD, "assessment": {"score": "ten", "total": 12, "pass_mark": 8}}, "score, total, pass_mark and minutes_spent should be whole numbers"),
    ("name,track\nA,B\n", "a CSV record has a header row"),
], ids=["broken-json", "wrong-format", "no-name", "bad-date", "not-a-pass", "not-a-number", "bad-csv"])
def test_a_malformed_record_is_refused_and_nothing_is_written(tmp_path, data, message):
    good, bad = write(tmp_path, "good.json", GOOD), write(tmp_path, "bad.json", data)
    result = merge(tmp_path, good, bad)
    assert result.returncode == 1
    assert f"{bad}: {message}" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "register.csv").exists()
