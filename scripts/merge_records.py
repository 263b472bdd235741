#!/usr/bin/env python3
"""Merge staff completion records into one training register (CSV).

Usage: python scripts/merge_records.py RECORD [RECORD ...] [-o register.csv]
Each RECORD is a file downloaded from a certificate page: the JSON record or the one-row CSV.
Every file is checked first, its check code included; if any is refused the register is not
written, and each problem is printed as `file: what is wrong`. Exit 0 on success, 1 if any
record was refused.

The check code is a CRC-32 of the record's other fields. It catches a typo or a score edited
by hand; it is not proof against forgery, since anyone can compute it. For records that must
stand up to that, run the course in the school's LMS as a SCORM package.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import zlib
from pathlib import Path

FORMAT = "safe-and-kind-online/completion-record"
VERSION = 2
# The record's fields in the order course.js computes the check code over them.
FIELDS = ["name", "school", "track", "completed_on", "attempts", "first_score", "best_score", "total",
          "pass_mark", "minutes_spent", "stated_minutes", "under_a_quarter_of_stated_time", "modules"]
COLUMNS = FIELDS + ["check_code"]
NUMBERS = ("attempts", "first_score", "best_score", "total", "pass_mark", "minutes_spent", "stated_minutes")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Refused(Exception):
    pass


def check_code(row: dict) -> str:
    """The code course.js prints: CRC-32 of the fields' values, one per line, as XXXX-XXXX."""
    crc = f"{zlib.crc32(chr(10).join(str(row[k]) for k in FIELDS).encode('utf-8')):08X}"
    return f"{crc[:4]}-{crc[4:]}"


def from_json(text: str) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise Refused(f"not valid JSON (line {err.lineno}: {err.msg})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise Refused(f"not a completion record (its `format` should be {FORMAT!r})")
    if data.get("version") != VERSION:
        raise Refused("made by an older version of the course, without a check code: "
                      "download the record again from the certificate page")
    result = data.get("assessment")
    if not isinstance(result, dict):
        raise Refused("the record has no `assessment` with a score")
    modules = data.get("modules")
    if not isinstance(modules, list) or not all(isinstance(m, str) for m in modules):
        raise Refused("`modules` should be a list of module titles")
    row = {k: data.get(k) for k in ("name", "school", "track", "completed_on", "minutes_spent", "stated_minutes",
                                     "check_code")}
    row.update({k: result.get(k) for k in ("attempts", "first_score", "best_score", "total", "pass_mark")})
    quarter = data.get("under_a_quarter_of_stated_time")
    row["under_a_quarter_of_stated_time"] = {True: "yes", False: "no"}.get(quarter, quarter)
    row["modules"] = "; ".join(modules)
    return row


def from_csv(text: str) -> dict:
    rows = list(csv.DictReader(text.splitlines()))
    if len(rows) != 1 or set(rows[0]) != set(COLUMNS):
        raise Refused(f"a CSV record has a header row ({','.join(COLUMNS)}) and exactly one record row")
    return rows[0]


def check(row: dict) -> dict:
    name = str(row.get("name") or "").strip()
    if not name:
        raise Refused("the record has no name: type it on the certificate page before downloading")
    if not row.get("track"):
        raise Refused("the record does not say which track was completed")
    if not DATE.match(str(row.get("completed_on") or "")):
        raise Refused("`completed_on` should be a date like 2026-11-24")
    try:
        numbers = {k: int(row[k]) for k in NUMBERS}
    except (KeyError, TypeError, ValueError):
        raise Refused(", ".join(NUMBERS) + " should be whole numbers") from None
    if row.get("under_a_quarter_of_stated_time") not in ("yes", "no"):
        raise Refused("`under_a_quarter_of_stated_time` should be yes or no (true or false in JSON)")
    if row.get("check_code") != check_code({**row, "school": row.get("school") or ""}):
        raise Refused("the check code does not match the record: it was changed after it was downloaded, or "
                      "mistyped. Download the record again from the certificate page")
    if not 0 <= numbers["pass_mark"] <= numbers["best_score"] <= numbers["total"]:
        raise Refused(f"the best score {numbers['best_score']} of {numbers['total']} is not a pass "
                      f"(pass mark {numbers['pass_mark']}) or does not add up")
    if numbers["attempts"] < 1 or numbers["first_score"] > numbers["best_score"]:
        raise Refused("the attempts and the first and best scores do not add up")
    return {**row, **numbers, "name": name, "school": row.get("school") or ""}


def read_record(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise Refused(f"cannot be read as UTF-8 text ({err.__class__.__name__})") from None
    parse = from_json if text.lstrip().startswith("{") else from_csv
    return check(parse(text))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records", nargs="+", type=Path, help="downloaded completion records (.json or .csv)")
    parser.add_argument("-o", "--output", type=Path, default=Path("training-register.csv"),
                        help="the register to write (default: training-register.csv)")
    args = parser.parse_args(argv)
    rows, refused = [], 0
    for path in args.records:
        try:
            rows.append(read_record(path))
        except Refused as why:
            print(f"{path}: {why}", file=sys.stderr)
            refused += 1
    if refused:
        print(f"{refused} record(s) refused; the register was not written.", file=sys.stderr)
        return 1
    rows.sort(key=lambda r: (r["track"], r["name"].lower(), r["completed_on"]))
    with args.output.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows({k: r[k] for k in COLUMNS} for r in rows)
    print(f"Wrote {len(rows)} record(s) to {args.output}, every check code verified.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
