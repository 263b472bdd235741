#!/usr/bin/env python3
"""Merge staff completion records into one training register (CSV).

Usage: python scripts/merge_records.py RECORD [RECORD ...] [-o register.csv]
Each RECORD is a file downloaded from a certificate page: the JSON record or the one-row CSV.
Every file is checked first; if any is malformed the register is not written, and each problem
is printed as `file: what is wrong`. Exit 0 on success, 1 if any record was refused.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

FORMAT = "safe-and-kind-online/completion-record"
COLUMNS = ["name", "track", "completed_on", "score", "total", "pass_mark", "minutes_spent", "modules"]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Refused(Exception):
    pass


def from_json(text: str) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise Refused(f"not valid JSON (line {err.lineno}: {err.msg})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise Refused(f"not a completion record (its `format` should be {FORMAT!r})")
    result = data.get("assessment")
    if not isinstance(result, dict):
        raise Refused("the record has no `assessment` with a score")
    modules = data.get("modules")
    if not isinstance(modules, list) or not all(isinstance(m, str) for m in modules):
        raise Refused("`modules` should be a list of module titles")
    return {"name": data.get("name"), "track": data.get("track"), "completed_on": data.get("completed_on"),
            "score": result.get("score"), "total": result.get("total"), "pass_mark": result.get("pass_mark"),
            "minutes_spent": data.get("minutes_spent"), "modules": "; ".join(modules)}


def from_csv(text: str) -> dict:
    rows = list(csv.DictReader(text.splitlines()))
    if len(rows) != 1 or set(rows[0]) != set(COLUMNS):
        raise Refused(f"a CSV record has a header row ({','.join(COLUMNS)}) and exactly one record row")
    return rows[0]


def check(row: dict) -> dict:
    name = str(row.get("name") or "").strip()
    if not name or name == "(your name)":
        raise Refused("the record has no name: type it on the certificate page before downloading")
    if not row.get("track"):
        raise Refused("the record does not say which track was completed")
    if not DATE.match(str(row.get("completed_on") or "")):
        raise Refused("`completed_on` should be a date like 2026-11-24")
    try:
        numbers = {k: int(row[k]) for k in ("score", "total", "pass_mark", "minutes_spent")}
    except (KeyError, TypeError, ValueError):
        raise Refused("score, total, pass_mark and minutes_spent should be whole numbers") from None
    if not 0 <= numbers["pass_mark"] <= numbers["score"] <= numbers["total"]:
        raise Refused(f"the score {numbers['score']} of {numbers['total']} is not a pass "
                      f"(pass mark {numbers['pass_mark']}) or does not add up")
    return {**row, **numbers, "name": name}


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
    print(f"Wrote {len(rows)} record(s) to {args.output}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
