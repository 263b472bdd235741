#!/usr/bin/env python3
"""Find runs of words the course repeats from the source guidance, on any clone.

The course may not hold the guidance's sentences, so it keeps only fingerprints of them: a
short hash of every run of ten words (`guidance-fingerprints.txt`). A passage of the course
whose ten-word runs match those hashes was copied.

Usage:
  .venv/bin/python scripts/copy_check.py            list copied passages; exit 1 if any
  .venv/bin/python scripts/copy_check.py --refresh  remake the fingerprints from
                                                    ../shared/guidance/online-bullying-guidance.txt
"""
from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FINGERPRINTS = ROOT / "scripts" / "guidance-fingerprints.txt"
GUIDANCE = ROOT.parent / "shared" / "guidance" / "online-bullying-guidance.txt"
RUN = 10  # words in a run: as many as the shared checker counts as copying
ENDINGS = {".md", ".yml", ".yaml", ".ipynb", ".html", ".txt", ".py", ".js", ".rst", ".json"}
WORD = re.compile(r"[a-z0-9']+")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("\u2019", "'"))


def fingerprint(run) -> str:
    # 12 hex digits: 48 bits, so a chance match among a few thousand runs is vanishingly rare.
    return hashlib.sha256(" ".join(run).encode()).hexdigest()[:12]


def fingerprints_of(text: str) -> set[str]:
    found = words(text)
    return {fingerprint(found[i:i + RUN]) for i in range(len(found) - RUN + 1)}


def copied_passages(name: str, text: str, known: set[str]) -> list[str]:
    """Each longest run of the text whose every ten-word window is a known fingerprint."""
    flat = [(w, number) for number, line in enumerate(text.splitlines(), 1) for w in words(line)]
    hits = [fingerprint([w for w, _ in flat[i:i + RUN]]) in known for i in range(len(flat) - RUN + 1)]
    found, i = [], 0
    while i < len(hits):
        if not hits[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(hits) and hits[j + 1]:
            j += 1
        length = j - i + RUN
        found.append(f"{name}:{flat[i][1]}: {length} words as in the guidance: "
                     f"\"{' '.join(w for w, _ in flat[i:i + length])}\"")
        i = j + 1
    return found


def tracked_files(root: Path) -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=root,
                            capture_output=True, text=True, check=True).stdout.splitlines()
    return [root / name for name in listed
            if Path(name).suffix in ENDINGS and (root / name) != FINGERPRINTS and (root / name).is_file()]


def check(root: Path = ROOT, known: set[str] | None = None) -> list[str]:
    known = load() if known is None else known
    found = []
    for path in tracked_files(root):
        if path.stat().st_size > 2_000_000:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        found += copied_passages(str(path.relative_to(root)), text, known)
    return found


def load() -> set[str]:
    return set(FINGERPRINTS.read_text(encoding="ascii").split())


def refresh() -> int:
    if not GUIDANCE.is_file():
        print(f"{GUIDANCE}: not found — the guidance is needed to remake the fingerprints")
        return 1
    prints = sorted(fingerprints_of(GUIDANCE.read_text(encoding="utf-8")))
    FINGERPRINTS.write_text("\n".join(prints) + "\n", encoding="ascii")
    print(f"{FINGERPRINTS.relative_to(ROOT)}: {len(prints)} fingerprints")
    return 0


def main(argv: list[str]) -> int:
    if "--refresh" in argv:
        return refresh()
    found = check()
    print("\n".join(found) if found else "Nothing is copied from the guidance.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
