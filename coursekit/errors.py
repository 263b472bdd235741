"""One error type for bad content, printed as ``path:line: what is wrong — how to fix it``."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn


@dataclass(frozen=True)
class ContentError:
    path: str
    line: int
    problem: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.problem} — {self.fix}"


def shown(root: Path, path: Path) -> str:
    """How every error names a file: from the course's root folder, as an author sees it there
    (``scenarios/staff/x.yml``), whichever folder the check was run from."""
    path, root = Path(path), Path(root)
    if path.is_absolute() and root.is_absolute() and ".." not in path.parts and path.is_relative_to(root):
        return path.relative_to(root).as_posix()  # the usual case, without asking the file system
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:  # outside the course: nothing shorter is true
        return str(path)


class InvalidContent(Exception):
    """Raised with every error found, so an author sees them all in one pass."""

    def __init__(self, errors: list[ContentError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def stop_build(invalid: InvalidContent, where: str = "") -> NoReturn:
    """Print every problem and stop the build with exit status 1.

    jupyter-book prints a traceback for any exception, but SystemExit passes through cleanly.
    """
    print("\n".join(map(str, invalid.errors)), file=sys.stderr)
    print(f"The course was not built: fix the {len(invalid.errors)} problem(s){where} above, "
          "then build again.", file=sys.stderr)
    raise SystemExit(1)
